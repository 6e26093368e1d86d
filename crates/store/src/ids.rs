//! Addresses of items and actions inside meetings: `<meeting id>/<item position>` and
//! `<meeting id>/<item position>/<action position>`, positions 1-based. Meeting ids are
//! slugs without `/`, so the forms parse back unambiguously.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// An item: the meeting and the item's 1-based position in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId {
    /// The meeting.
    pub meeting_id: String,
    /// 1-based position of the item in the meeting.
    pub position: u32,
}

/// An action: the item and the action's 1-based position in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActionId {
    /// The item.
    pub item: ItemId,
    /// 1-based position of the action in the item.
    pub position: u32,
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.meeting_id, self.position)
    }
}

impl fmt::Display for ActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.item, self.position)
    }
}

fn position(raw: &str, whole: &str) -> Result<u32, Error> {
    match raw.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(Error::Invalid(format!(
            "{whole:?}: efter '/' skal der stå et nummer (1, 2, ...), ikke {raw:?}"
        ))),
    }
}

impl FromStr for ItemId {
    type Err = Error;
    fn from_str(raw: &str) -> Result<ItemId, Error> {
        let (meeting_id, pos) = raw.split_once('/').ok_or_else(|| {
            Error::Invalid(format!(
                "{raw:?}: et punkts id skrives <mødets id>/<nummer>"
            ))
        })?;
        if meeting_id.is_empty() || pos.contains('/') {
            return Err(Error::Invalid(format!(
                "{raw:?}: et punkts id skrives <mødets id>/<nummer>"
            )));
        }
        Ok(ItemId {
            meeting_id: meeting_id.to_owned(),
            position: position(pos, raw)?,
        })
    }
}

impl FromStr for ActionId {
    type Err = Error;
    fn from_str(raw: &str) -> Result<ActionId, Error> {
        let (item, pos) = raw.rsplit_once('/').ok_or_else(|| {
            Error::Invalid(format!(
                "{raw:?}: en opfølgnings id skrives <mødets id>/<punkt>/<nummer>"
            ))
        })?;
        Ok(ActionId {
            item: item.parse()?,
            position: position(pos, raw)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let action: ActionId = "raadmandsmoede-2025-07-01/3/2".parse().unwrap();
        assert_eq!(action.item.meeting_id, "raadmandsmoede-2025-07-01");
        assert_eq!(action.item.position, 3);
        assert_eq!(action.position, 2);
        assert_eq!(action.to_string(), "raadmandsmoede-2025-07-01/3/2");
        assert!("x".parse::<ItemId>().is_err());
        assert!("x/0".parse::<ItemId>().is_err());
        assert!("x/1/2".parse::<ItemId>().is_err());
    }
}
