//! The values the [`crate::Store`] trait takes and returns besides [`model::Meeting`]:
//! filters, pages, summaries and outcomes. They serialise to JSON for `--json` output and the
//! web API; their shape is the store's, not part of `spec/model.md`.

use model::{Action, Date, Item, Meeting};
use serde::Serialize;

use crate::ItemId;

/// A kept source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// File name as first given.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Whether this call stored the bytes (false when they were kept already).
    pub new: bool,
    /// The meeting whose current or older version came from this source, if any.
    pub meeting_id: Option<String>,
}

/// What [`crate::Store::put_meeting`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PutOutcome {
    /// A meeting id not seen before.
    Inserted,
    /// The same source and the same extraction as the current version.
    Unchanged,
    /// The same source extracted differently: the current version was replaced.
    Reextracted,
    /// A different source for a known meeting: a new version; the old one is kept.
    NewVersion,
}

/// One stored version of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    /// 1 for the first import.
    pub version: u32,
    /// The source it came from.
    pub source_sha256: String,
    /// That source's file name.
    pub source_name: String,
    /// Whether it is the current version.
    pub current: bool,
}

/// Which meetings to list. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    /// Exact body name, case-insensitive.
    pub body: Option<String>,
    /// On or after.
    pub from: Option<Date>,
    /// On or before.
    pub to: Option<Date>,
    /// A participant, absentee, presenter or owner (canonical name or written form).
    pub person: Option<String>,
}

/// A window of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Results to skip.
    pub offset: u32,
    /// Most results to return.
    pub limit: u32,
}

impl Default for Page {
    fn default() -> Page {
        Page {
            offset: 0,
            limit: 100,
        }
    }
}

impl Page {
    /// Everything.
    pub const ALL: Page = Page {
        offset: 0,
        limit: u32::MAX,
    };
}

/// A meeting in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingSummary {
    /// Meeting id.
    pub id: String,
    /// The body.
    pub body: String,
    /// The day.
    pub date: Option<Date>,
    /// Current version, 1-based.
    pub version: u32,
    /// Number of minuted items.
    pub n_items: u32,
    /// File name of the current version's source.
    pub source_name: String,
}

/// One item and where it was minuted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemView {
    /// Its address.
    #[serde(serialize_with = "display")]
    pub id: ItemId,
    /// 1-based position of the item in the meeting.
    #[serde(skip)]
    pub position: u32,
    /// The meeting, without its other items.
    pub meeting: MeetingSummary,
    /// The item.
    pub item: Item,
}

/// Which follow-ups to list. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct ActionFilter {
    /// An owner (canonical name or written form, case-insensitive; a substring of a unit's
    /// name matches too).
    pub owner: Option<String>,
    /// Only actions still to do (open or in progress).
    pub open: bool,
    /// Only actions due (`by`) strictly before this day.
    pub due_before: Option<Date>,
    /// Only actions from this meeting.
    pub meeting_id: Option<String>,
    /// Only actions of closed items (`Some(true)`) or of open ones (`Some(false)`).
    pub item_closed: Option<bool>,
    /// Only actions of meetings of this body (its exact name, ASCII letters in any case).
    pub body: Option<String>,
    /// Only actions with exactly this status.
    pub status: Option<ActionStatus>,
    /// Only actions due (`by`, as corrected) on or after this day.
    pub due_from: Option<Date>,
    /// Only actions due (`by`, as corrected) on or before this day.
    pub due_until: Option<Date>,
}

/// A follow-up named by where it is kept, in the register's order: what the register
/// counts and pages before it reads the rows of one page ([`crate::Store::action_refs`],
/// [`crate::Store::actions_of`]). A few dozen bytes, where a whole row is a kilobyte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRef {
    /// The meeting id.
    pub meeting_id: String,
    /// 1-based position of the item in the meeting.
    pub item_position: u32,
    /// 1-based position of the action in the item.
    pub position: u32,
    /// Whether the item is closed (see [`ActionRow::item_closed`]).
    pub item_closed: bool,
}

/// Where a follow-up stands: extracted actions are open until a sekretær says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Not started (the default for every extracted action).
    Open,
    /// Being worked on.
    InProgress,
    /// Done.
    Done,
    /// Given up: will not be done.
    Dropped,
}

impl ActionStatus {
    /// Every status, in the order a form lists them.
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::Open,
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Dropped,
    ];

    /// The name kept in the database and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    /// The Danish name shown to people and written in CSV.
    pub fn danish(self) -> &'static str {
        match self {
            ActionStatus::Open => "åben",
            ActionStatus::InProgress => "i gang",
            ActionStatus::Done => "udført",
            ActionStatus::Dropped => "droppet",
        }
    }

    /// Reads a status by its database, API or Danish name.
    pub fn parse(raw: &str) -> Option<ActionStatus> {
        let raw = raw.trim().to_lowercase();
        ActionStatus::ALL.into_iter().find(|status| {
            raw == status.as_str()
                || raw == status.danish()
                || raw.replace('_', " ") == status.danish()
                || (raw == "i_gang" && *status == ActionStatus::InProgress)
        })
    }

    /// Whether the follow-up still needs doing (open or in progress).
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }

    /// A status as kept in the database; anything unknown reads as open.
    pub(crate) fn from_db(raw: &str) -> ActionStatus {
        ActionStatus::parse(raw).unwrap_or(ActionStatus::Open)
    }
}

/// One follow-up in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRow {
    /// Its address: `<meeting id>/<item>/<position>`, the item by its printed number
    /// (see [`crate::ItemId`]).
    pub id: String,
    /// The meeting id.
    pub meeting_id: String,
    /// The meeting's body.
    pub body: String,
    /// The meeting's date.
    pub meeting_date: Option<Date>,
    /// Item number as written.
    pub item_number: String,
    /// Item title.
    pub item_title: String,
    /// The action with owners and due date.
    pub action: Action,
    /// Where it stands.
    pub status: ActionStatus,
    /// Whether the item is closed ([`model::Item::closed`]): its follow-ups are for those
    /// who see closed items only. Left out of JSON when false.
    #[serde(skip_serializing_if = "is_false")]
    pub item_closed: bool,
}

/// For `skip_serializing_if`, which passes a reference.
fn is_false(value: &bool) -> bool {
    !*value
}

/// A person in the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    /// Canonical name.
    pub name: String,
    /// Other written forms seen.
    pub aliases: Vec<String>,
    /// Meetings the person appears in (any role).
    pub n_meetings: u32,
    /// Actions the person owns.
    pub n_actions: u32,
}

/// A person with where they appear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonDetail {
    /// Name, aliases, counts.
    pub person: PersonSummary,
    /// Meetings with the roles held there, newest first.
    pub meetings: Vec<PersonMeeting>,
    /// Actions the person owns.
    pub actions: Vec<ActionRow>,
}

/// A meeting a person appears in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonMeeting {
    /// The meeting.
    pub meeting: MeetingSummary,
    /// participant, absent, presenter, owner.
    pub roles: Vec<String>,
}

fn display<S: serde::Serializer, T: std::fmt::Display>(
    value: &T,
    ser: S,
) -> Result<S::Ok, S::Error> {
    ser.collect_str(value)
}

/// The address of every item of `meeting`, in order.
pub fn item_ids(meeting: &Meeting) -> impl Iterator<Item = ItemId> + '_ {
    model::item_keys(&meeting.items)
        .into_iter()
        .map(|key| ItemId::new(meeting.id.clone(), key))
}

/// The item of `meeting` that `id` addresses (see [`model::find_item`]), with its address
/// and 1-based position; a not-found error when there is none.
pub(crate) fn locate(
    meeting: Meeting,
    summary: MeetingSummary,
    id: &ItemId,
) -> crate::Result<ItemView> {
    let keys = model::item_keys(&meeting.items);
    let idx = model::find_item(&keys, &id.key).ok_or_else(|| crate::Error::NotFound {
        what: "item",
        id: id.to_string(),
    })?;
    let key = keys[idx].clone();
    let item = meeting
        .items
        .into_iter()
        .nth(idx)
        .ok_or_else(|| crate::Error::NotFound {
            what: "item",
            id: id.to_string(),
        })?;
    Ok(ItemView {
        id: ItemId::new(id.meeting_id.clone(), key),
        position: u32::try_from(idx + 1).unwrap_or(u32::MAX),
        meeting: summary,
        item,
    })
}
