//! Persistence of meetings behind one trait, [`Store`], with an embedded SQLite backend
//! ([`SqliteStore`]) as the default. It keeps the original bytes of every imported file
//! (content-addressed by SHA-256), every version of every meeting as the JSON of
//! `spec/model.md`, and the current version's items, decisions, actions and people as rows
//! that the follow-up register and the person pages query. It does not read files, parse
//! minutes or search text: callers hand it bytes and [`model::Meeting`]s.
//!
//! # Sync, not async
//!
//! The trait is synchronous on purpose. SQLite through rusqlite is a blocking library, the
//! CLI is synchronous, and `search` (tantivy) is too; an async trait would only wrap blocking
//! calls in futures here. The web server calls the store the way it calls `search`: from
//! `tokio::task::spawn_blocking` with an `Arc<dyn Store>` (the trait is `Send + Sync` and
//! object-safe). A PostgreSQL backend fits the same trait with the blocking `postgres`
//! client or a connection pool; if it ever needs to be async, an async facade over this
//! trait is a thin layer in `web`, while the opposite (blocking on async inside the CLI)
//! would leak a runtime into every caller.
//!
//! # Identity and versions
//!
//! A meeting is identified by [`model::Meeting::id`]. [`Store::put_meeting`] stores a
//! meeting from a source file in one transaction and says what happened ([`PutOutcome`]):
//! the same source with the same extraction is [`PutOutcome::Unchanged`]; the same source
//! extracted differently replaces the current version ([`PutOutcome::Reextracted`]); a
//! different source for a known id is a [`PutOutcome::NewVersion`] and the old version is
//! kept. When a body meets twice on one day, the meetings share the extracted id
//! `<body>-<date>`: the one that starts first keeps it and the others are stored as
//! `<body>-<date>-HHMM`, whatever the import order (a later import of an earlier meeting moves
//! the stored one to its `-HHMM` id; see `sameday.rs`). Items are addressed as `<meeting id>/<number>` by the number the
//! minutes print (an old address by 1-based position still finds its item) and actions as
//! `<meeting id>/<item>/<position>`: see [`ItemId`] and [`ActionId`].

mod columns;
mod engine;
mod error;
mod fts5;
mod ids;
mod pg;
mod pgfts;
mod rows;
mod sameday;
mod sqlite;
#[cfg(feature = "test-support")]
pub mod testing;
mod types;

pub use error::{Error, noun};
pub use fts5::{Fts5Baseline, Fts5Doc};
pub use ids::{ActionId, ItemId};
pub use pg::{PgOptions, PgStore};
pub use pgfts::{PgFtsBaseline, PgFtsDoc};
pub use sqlite::{DB_FILE, SqliteStore};
pub use types::*;

use model::Meeting;

/// A `Result` with [`store::Error`](Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where meetings, sources and the follow-up register are kept.
///
/// Every method is one transaction: a reader never sees half of a meeting.
pub trait Store: Send + Sync {
    /// Keeps the original bytes of a file (a no-op when the same bytes are already kept) and
    /// says whether they were new and which meeting, if any, was extracted from them.
    fn put_source(&self, bytes: &[u8], name: &str) -> Result<SourceInfo>;

    /// What is known about the source with this SHA-256, if it is kept.
    fn source(&self, sha256: &str) -> Result<Option<SourceInfo>>;

    /// The original bytes of a kept source.
    fn source_bytes(&self, sha256: &str) -> Result<Vec<u8>>;

    /// Stores `meeting`, extracted from the kept source `source_sha256`, in one transaction.
    /// A meeting whose id and date another meeting of its body already holds, at another
    /// start time, is stored under `<id>-HHMM` (see the crate documentation).
    fn put_meeting(&self, meeting: &Meeting, source_sha256: &str) -> Result<PutOutcome>;

    /// The current version of a meeting.
    fn meeting(&self, id: &str) -> Result<Meeting>;

    /// Every version of a meeting, oldest first.
    fn meeting_versions(&self, id: &str) -> Result<Vec<VersionInfo>>;

    /// Meetings matching `filter`, newest first.
    fn meetings(&self, filter: &MeetingFilter, page: Page) -> Result<Vec<MeetingSummary>>;

    /// One item with the meeting it belongs to, found by its address: the number the
    /// minutes print, or (an old address) a position no item has as its number. The view
    /// carries the item's own address and position.
    fn item(&self, id: &ItemId) -> Result<ItemView>;

    /// Follow-ups matching `filter`, by due date (undated last), then meeting date.
    fn actions(&self, filter: &ActionFilter) -> Result<Vec<ActionRow>>;

    /// Marks an action open or done.
    fn set_action_status(&self, id: &ActionId, status: ActionStatus) -> Result<()>;

    /// Everyone in the registry, by name.
    fn people(&self) -> Result<Vec<PersonSummary>>;

    /// One person, found by canonical name or any written form (case-insensitive).
    fn person(&self, name: &str) -> Result<PersonDetail>;

    /// The sources to extract again: those behind the current version of a meeting, and those
    /// from which no meeting was ever stored.
    fn sources_for_reextract(&self) -> Result<Vec<SourceInfo>>;

    /// A counter that grows with every change to a meeting.
    fn change_seq(&self) -> Result<u64>;

    /// Ids of meetings changed after `seq` (all meetings for 0).
    fn meetings_changed_since(&self, seq: u64) -> Result<Vec<String>>;
}
