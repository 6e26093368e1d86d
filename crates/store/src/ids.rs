//! Addresses of items and actions inside meetings: `<meeting id>/<item>` and
//! `<meeting id>/<item>/<action position>`, the item by the number the minutes print (see
//! [`model::item_keys`]; an old address by position still finds its item), the action by
//! its 1-based position. Meeting ids are slugs without `/`, so the forms parse back
//! unambiguously.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// An item: the meeting and the item's address in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId {
    /// The meeting.
    pub meeting_id: String,
    /// The item's address in the meeting: its printed number ([`model::item_keys`]), or
    /// as asked for, a position of an old link (the store answers with the address).
    pub key: String,
}

/// An action: the item and the action's 1-based position in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActionId {
    /// The item.
    pub item: ItemId,
    /// 1-based position of the action in the item.
    pub position: u32,
}

impl ItemId {
    /// The item with address `key` in the meeting `meeting_id`.
    pub fn new(meeting_id: impl Into<String>, key: impl Into<String>) -> ItemId {
        ItemId {
            meeting_id: meeting_id.into(),
            key: key.into(),
        }
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.meeting_id, self.key)
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
            "{whole:?}: efter punktet skal der stå opfølgningens nummer (1, 2, ...), ikke {raw:?}"
        ))),
    }
}

impl FromStr for ItemId {
    type Err = Error;
    fn from_str(raw: &str) -> Result<ItemId, Error> {
        let wrong = || {
            Error::Invalid(format!(
                "{raw:?}: et punkts id skrives <mødets id>/<punktets nummer>, fx \
                 raadmandsmoede-2025-04-22/3"
            ))
        };
        let (meeting_id, key) = raw.split_once('/').ok_or_else(wrong)?;
        let key = key.trim();
        if meeting_id.is_empty() || key.is_empty() || key.contains('/') {
            return Err(wrong());
        }
        Ok(ItemId::new(meeting_id, key.to_lowercase()))
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
        assert_eq!(action.item.key, "3");
        assert_eq!(action.position, 2);
        assert_eq!(action.to_string(), "raadmandsmoede-2025-07-01/3/2");
        assert!("x".parse::<ItemId>().is_err());
        assert!("x/".parse::<ItemId>().is_err());
        assert_eq!("x/4A".parse::<ItemId>().unwrap().key, "4a");
        assert!("x/1/2".parse::<ItemId>().is_err());
    }
}
