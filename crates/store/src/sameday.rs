//! Meetings of one body on one day. Extraction gives every meeting the id
//! `<body-slug>-<YYYY-MM-DD>`; when a body meets twice that day (Greve's Byråd met at 17:15
//! and at 17:30 on 2025-09-08), the store tells the meetings apart by their start time.
//!
//! The rule, which gives the same ids whatever order the files are imported in: of the
//! meetings sharing a base id, the one that starts first keeps the base id and every later
//! one gets `-HHMM` (its start time) appended. Ordinary meetings, the only ones of their
//! body that day, keep the base id. Importing an earlier meeting after a later one moves the
//! later one from the base id to its `-HHMM` id: [`place`] says so and the backend renames.
//!
//! A document with the start time of a meeting already stored (or without a start time) is
//! a version of that meeting; so is any document for a meeting stored without a start time.

use model::{Meeting, Time};

use crate::{Error, Result};

/// Where a meeting with a base id goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placement {
    /// The id to store the meeting under.
    pub(crate) id: String,
    /// A stored meeting to move first: `(from, to)`.
    pub(crate) rename: Option<(String, String)>,
}

/// `base` with a start time appended: `byraad-2022-2025-2025-09-08-1730`.
pub(crate) fn with_time(base: &str, start: Time) -> String {
    format!("{base}-{:02}{:02}", start.hour(), start.minute())
}

/// Whether `id` is `base` or `base-HHMM`: the ids [`place`] chooses among.
pub(crate) fn is_sibling(base: &str, id: &str) -> bool {
    match id.strip_prefix(base) {
        Some("") => true,
        Some(rest) => {
            rest.len() == 5
                && rest.starts_with('-')
                && rest[1..].bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Where a meeting with base id `base` starting at `start` goes, given the stored meetings
/// with ids `base` or `base-HHMM` and their start times.
pub(crate) fn place(
    base: &str,
    start: Option<Time>,
    stored: &[(String, Option<Time>)],
) -> Placement {
    let at = |id: &str| Placement {
        id: id.to_owned(),
        rename: None,
    };
    let Some(start) = start else {
        return at(base);
    };
    if let Some((id, _)) = stored.iter().find(|(_, time)| *time == Some(start)) {
        return at(id);
    }
    let Some((_, holder_start)) = stored.iter().find(|(id, _)| id == base) else {
        return at(base);
    };
    match holder_start {
        // The meeting holding the base id has no start time: this is a version of it.
        None => at(base),
        Some(holder_start) if start < *holder_start => Placement {
            id: base.to_owned(),
            rename: Some((base.to_owned(), with_time(base, *holder_start))),
        },
        Some(_) => at(&with_time(base, start)),
    }
}

/// The stored versions `(number, JSON)` of meeting `from`, rewritten under the id `to`, and
/// the meeting of version `current` under its new id: what a backend's rename writes back.
pub(crate) fn renamed_versions<N: Copy + PartialEq + std::fmt::Display>(
    from: &str,
    to: &str,
    current: N,
    versions: impl IntoIterator<Item = (N, String)>,
) -> Result<(Meeting, Vec<(N, String)>)> {
    let mut meeting_now = None;
    let mut rewritten = Vec::new();
    for (number, json) in versions {
        let mut meeting: Meeting = serde_json::from_str(&json)
            .map_err(|err| Error::Corrupt(format!("meeting {from} v{number}: {err}")))?;
        meeting.id = to.to_owned();
        let json = serde_json::to_string(&meeting)
            .map_err(|err| Error::Invalid(format!("meeting {to}: {err}")))?;
        if number == current {
            meeting_now = Some(meeting);
        }
        rewritten.push((number, json));
    }
    let meeting_now = meeting_now.ok_or_else(|| {
        Error::Corrupt(format!("meeting {from}: current version {current} missing"))
    })?;
    Ok((meeting_now, rewritten))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "byraad-2025-09-08";

    fn time(raw: &str) -> Option<Time> {
        Some(raw.parse().unwrap())
    }

    /// Places the meetings starting at `starts` in that order; the ids they end up with.
    fn import(starts: &[&str]) -> Vec<(String, Option<Time>)> {
        let mut stored: Vec<(String, Option<Time>)> = Vec::new();
        for raw in starts {
            let placement = place(BASE, time(raw), &stored);
            if let Some((from, to)) = placement.rename {
                let moved = stored.iter_mut().find(|(id, _)| *id == from).unwrap();
                moved.0 = to;
            }
            if !stored.iter().any(|(id, _)| *id == placement.id) {
                stored.push((placement.id, time(raw)));
            }
        }
        stored.sort();
        stored
    }

    #[test]
    fn the_first_meeting_of_the_day_keeps_the_base_id() {
        let expected = vec![
            (BASE.to_owned(), time("17:15")),
            (format!("{BASE}-1730"), time("17:30")),
        ];
        assert_eq!(import(&["17:15", "17:30"]), expected);
        assert_eq!(import(&["17:30", "17:15"]), expected);
        assert_eq!(import(&["17:30", "17:15", "17:30", "17:15"]), expected);
    }

    #[test]
    fn any_import_order_gives_the_same_ids() {
        let orders = [
            ["08:00", "12:00", "17:30"],
            ["17:30", "12:00", "08:00"],
            ["12:00", "17:30", "08:00"],
            ["17:30", "08:00", "12:00"],
        ];
        let first = import(&orders[0]);
        assert_eq!(first[0].0, BASE);
        assert_eq!(first[1].0, format!("{BASE}-1200"));
        for order in &orders[1..] {
            assert_eq!(import(order), first, "{order:?}");
        }
    }

    #[test]
    fn the_same_start_or_no_start_is_a_version_of_the_stored_meeting() {
        let stored = vec![
            (BASE.to_owned(), time("17:15")),
            (format!("{BASE}-1730"), time("17:30")),
        ];
        assert_eq!(
            place(BASE, time("17:30"), &stored).id,
            format!("{BASE}-1730")
        );
        assert_eq!(place(BASE, None, &stored).id, BASE);
        let untimed = vec![(BASE.to_owned(), None)];
        assert_eq!(place(BASE, time("09:00"), &untimed).id, BASE);
    }

    #[test]
    fn siblings() {
        assert!(is_sibling(BASE, BASE));
        assert!(is_sibling(BASE, &format!("{BASE}-0930")));
        assert!(!is_sibling(BASE, &format!("{BASE}-09300")));
        assert!(!is_sibling(BASE, &format!("{BASE}-abcd")));
        assert!(!is_sibling(BASE, "byraad-2025-09-0"));
    }
}
