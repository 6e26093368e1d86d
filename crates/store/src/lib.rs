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
//! the stored one to its `-HHMM` id; see `sameday.rs`). When meetings of several organisations
//! share an id, each stated organisation's are kept as `<organisation>-<id>`, and the ids
//! they had before still find them ([`Store::moved_meeting`]; see `organisations.rs`). Items are addressed as `<meeting id>/<number>` by the number the
//! minutes print (an old address by 1-based position still finds its item) and actions as
//! `<meeting id>/<item>/<position>`: see [`ItemId`] and [`ActionId`].

mod accounts;
mod alerts;
mod authoring;
mod columns;
mod engine;
mod error;
mod fts5;
mod ids;
mod organisations;
mod pg;
mod pgfts;
mod releases;
mod rows;
mod sameday;
mod sqlite;
#[cfg(feature = "test-support")]
pub mod testing;
mod types;

pub use accounts::{
    Actor, AuditEntry, MeetingAccess, Session, StatusChange, User, Visibility, normalise_email,
};
pub use alerts::{Frequency, Mail, Mark, OutboxMail, SavedSearch};
pub use authoring::{
    Approval, Attachment, Authored, AuthoredSummary, AuthoredVersion, MeetingState, NewSeries,
    Planned, SealCheck, Series, SigningPolicy,
};
pub use columns::sha256_hex;
pub use error::{Error, noun};
pub use fts5::{Fts5Baseline, Fts5Doc};
pub use ids::{ActionId, ItemId};
pub use pg::{PgOptions, PgStore};
pub use pgfts::{PgFtsBaseline, PgFtsDoc};
pub use sqlite::{DB_FILE, SqliteStore};
pub use types::*;

use std::collections::HashMap;

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

    /// Stores `meeting`, extracted from the kept source `source_sha256`, in one transaction,
    /// in no stated organisation (a source stored before stays in its organisation).
    fn put_meeting(&self, meeting: &Meeting, source_sha256: &str) -> Result<PutOutcome> {
        self.put_meeting_for(meeting, source_sha256, None)
    }

    /// Stores `meeting`, extracted from the kept source `source_sha256`, in one transaction,
    /// as a meeting of `organisation` (`None`: named like its body, or the organisation
    /// the source was stored for before). A meeting whose id and date another meeting of
    /// its body already holds, at another start time, is stored under `<id>-HHMM`; one whose
    /// id a meeting of another organisation holds, under `<organisation>-<id>` (see the
    /// crate documentation).
    fn put_meeting_for(
        &self,
        meeting: &Meeting,
        source_sha256: &str,
        organisation: Option<&str>,
    ) -> Result<PutOutcome>;

    /// Where the meetings that once had the id `old` are now (an old link), sorted; empty
    /// when no meeting moved from it.
    fn moved_meeting(&self, old: &str) -> Result<Vec<String>>;

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
    fn actions(&self, filter: &ActionFilter) -> Result<Vec<ActionRow>> {
        self.actions_of(&self.action_refs(filter)?)
    }

    /// The follow-ups matching `filter` in the order of [`Store::actions`], named only, so
    /// that a large register is counted and paged without reading every row.
    fn action_refs(&self, filter: &ActionFilter) -> Result<Vec<ActionRef>>;

    /// The rows of `refs`, in their order; one no longer kept (a new version of its
    /// meeting came in between) is left out.
    fn actions_of(&self, refs: &[ActionRef]) -> Result<Vec<ActionRow>>;

    /// Releases (`public`) or withdraws the decision of a closed item: the sekretær's
    /// decision that the public may read it ([`model::Item::decision_public`], set on the
    /// item by [`Store::meeting`] and [`Store::item`] from then on). Kept by the item's
    /// address, so new versions of the meeting keep it; logged in the audit log.
    fn set_decision_public(&self, id: &ItemId, public: bool, actor: &Actor) -> Result<()>;

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

    /// The SHA-256 of every kept source, in order (for `referat check`, which reads each
    /// one back and hashes it again).
    fn source_hashes(&self) -> Result<Vec<String>>;

    // Accounts, sessions, tokens and the audit log (issue 13). Every write below keeps a
    // line in the audit log in its own transaction. Emails are compared lowercase; tokens
    // and session ids arrive hashed (SHA-256 hex), passwords as argon2id PHC strings.

    /// Adds an account; [`Error::Invalid`] when the email is taken.
    fn add_user(
        &self,
        email: &str,
        role: &str,
        organisation: Option<&str>,
        password_hash: Option<&str>,
        actor: &Actor,
    ) -> Result<()>;

    /// Every account, by email.
    fn users(&self) -> Result<Vec<User>>;

    /// One account.
    fn user(&self, email: &str) -> Result<Option<User>>;

    /// One account with its password hash (for signing in).
    fn credentials(&self, email: &str) -> Result<Option<(User, Option<String>)>>;

    /// Removes an account with its sessions, tokens and links.
    fn remove_user(&self, email: &str, actor: &Actor) -> Result<()>;

    /// Changes an account's role and organisation.
    fn set_role(
        &self,
        email: &str,
        role: &str,
        organisation: Option<&str>,
        actor: &Actor,
    ) -> Result<()>;

    /// Sets an account's password hash.
    fn set_password(&self, email: &str, hash: &str, actor: &Actor) -> Result<()>;

    /// Turns TOTP on for an account with `secret` (base32), or off with `None`.
    fn set_totp(&self, email: &str, secret: Option<&str>, actor: &Actor) -> Result<()>;

    /// An account's TOTP secret and the last step a code was accepted for, when TOTP is on.
    fn totp(&self, email: &str) -> Result<Option<(String, Option<i64>)>>;

    /// Records that a code of `step` was accepted; false when a code of this step or a
    /// later one was accepted before (a replay).
    fn use_totp_step(&self, email: &str, step: i64) -> Result<bool>;

    /// Keeps a one-time link to set a password, valid until `expires_at`.
    fn add_password_link(
        &self,
        token_sha256: &str,
        email: &str,
        expires_at: i64,
        actor: &Actor,
    ) -> Result<()>;

    /// The account a one-time link is for, when it is valid at `now`.
    fn password_link(&self, token_sha256: &str, now: i64) -> Result<Option<String>>;

    /// Sets the password through a one-time link and uses the link up; the account.
    fn use_password_link(&self, token_sha256: &str, hash: &str, actor: &Actor) -> Result<String>;

    /// Keeps a new session and logs the sign-in.
    fn create_session(
        &self,
        id_sha256: &str,
        email: &str,
        csrf: &str,
        expires_at: i64,
        actor: &Actor,
    ) -> Result<()>;

    /// A session that has not expired at `now`, with its account.
    fn session(&self, id_sha256: &str, now: i64) -> Result<Option<Session>>;

    /// Ends a session and logs the sign-out.
    fn end_session(&self, id_sha256: &str, actor: &Actor) -> Result<()>;

    /// Keeps an API token for an account.
    fn add_token(&self, token_sha256: &str, email: &str, actor: &Actor) -> Result<()>;

    /// The account of an API token.
    fn token_user(&self, token_sha256: &str) -> Result<Option<User>>;

    /// Withdraws every API token of an account; how many there were.
    fn revoke_tokens(&self, email: &str, actor: &Actor) -> Result<u64>;

    /// Adds a line to the audit log.
    fn audit(
        &self,
        event: &str,
        target: Option<&str>,
        detail: Option<&str>,
        actor: &Actor,
    ) -> Result<()>;

    /// The audit log, newest first.
    fn audit_log(&self, page: Page) -> Result<Vec<AuditEntry>>;

    /// How many `event` lines since `since` have `target` or come from `address`.
    fn count_events(
        &self,
        event: &str,
        target: Option<&str>,
        address: Option<&str>,
        since: i64,
    ) -> Result<u32>;

    /// Sets a follow-up's status with a note, keeping the change in its history.
    fn set_follow_up(
        &self,
        id: &ActionId,
        status: ActionStatus,
        note: &str,
        actor: &Actor,
    ) -> Result<()>;

    /// Corrects a follow-up's owners and due date (`None` keeps them), with a note kept in
    /// its history.
    fn edit_follow_up(
        &self,
        id: &ActionId,
        owners: Option<&[String]>,
        due_by: Option<model::Date>,
        note: &str,
        actor: &Actor,
    ) -> Result<()>;

    /// Every change of a follow-up's status, oldest first.
    fn action_history(&self, id: &ActionId) -> Result<Vec<StatusChange>>;

    /// Sets how a meeting was imported (public or internal, and its organisation).
    fn set_meeting_access(
        &self,
        meeting_id: &str,
        access: &MeetingAccess,
        actor: &Actor,
    ) -> Result<()>;

    /// How the meetings were imported, for those not imported publicly under their body.
    fn meeting_access(&self) -> Result<HashMap<String, MeetingAccess>>;

    // Alerts and reminders (issue 15): see `alerts.rs`.

    /// Saves a search for an account; its id. What the store holds at `seq` counts as told
    /// of already. [`Error::NotFound`] for an unknown account.
    #[allow(clippy::too_many_arguments, reason = "the columns of one row")]
    fn add_saved_search(
        &self,
        email: &str,
        name: &str,
        query: &str,
        frequency: Frequency,
        token: &str,
        seq: u64,
        actor: &Actor,
    ) -> Result<i64>;

    /// The saved searches of one account (`None`: of all), by account and id.
    fn saved_searches(&self, email: Option<&str>) -> Result<Vec<SavedSearch>>;

    /// The saved search of a feed or unsubscribe token.
    fn saved_search_by_token(&self, token: &str) -> Result<Option<SavedSearch>>;

    /// Removes a saved search; with `email`, only one of that account's.
    fn remove_saved_search(&self, id: i64, email: Option<&str>, actor: &Actor) -> Result<()>;

    /// The item ids a saved search has told of.
    fn told_items(&self, search_id: i64) -> Result<Vec<String>>;

    /// Queues `mail` (`None`: only moves the marks) and moves `marks` in one transaction;
    /// false (and nothing written) when a mark was moved meanwhile by another process.
    fn queue_mail(&self, mail: Option<&Mail>, marks: &[Mark], now: i64) -> Result<bool>;

    /// The reminders queued so far, as `(key, kind, period)`.
    fn reminders_sent(&self) -> Result<Vec<(String, String, String)>>;

    /// Claims up to `limit` unsent mails whose next attempt is due by `due_by` (`now`, or
    /// later to send early), from `now` until `until`, for this sender alone.
    fn claim_mail(&self, due_by: i64, now: i64, until: i64, limit: u32) -> Result<Vec<OutboxMail>>;

    /// Marks a claimed mail sent.
    fn mail_sent(&self, id: i64, at: i64) -> Result<()>;

    /// Records a failed attempt of a claimed mail and when to try again.
    fn mail_failed(&self, id: i64, error: &str, next_attempt: i64) -> Result<()>;

    /// The outbox, newest first (`unsent`: only what waits).
    fn outbox(&self, unsent: bool, page: Page) -> Result<Vec<OutboxMail>>;

    /// Takes or renews the lease `name` for `holder` until `until` when it is free at
    /// `now` (expired, or `holder`'s own); whether `holder` holds it.
    fn take_lease(&self, name: &str, holder: &str, now: i64, until: i64) -> Result<bool>;

    /// Gives up the lease `name` when `holder` holds it.
    fn release_lease(&self, name: &str, holder: &str) -> Result<()>;

    /// Links a person of the registry to an account (`None`: unlinks).
    fn link_person(&self, person: &str, email: Option<&str>, actor: &Actor) -> Result<()>;

    /// Every person linked to an account, as `(person, email)`.
    fn person_links(&self) -> Result<Vec<(String, String)>>;

    // Meetings written in referat (issue 14): see `authoring.rs`.

    /// Adds a series of meetings; its id.
    fn add_series(&self, series: &NewSeries, actor: &Actor) -> Result<i64>;

    /// Changes a series' body, signing policy, signers and place (not its organisation).
    fn update_series(&self, id: i64, series: &NewSeries, actor: &Actor) -> Result<()>;

    /// Every series, by body.
    fn series_list(&self) -> Result<Vec<Series>>;

    /// Creates a meeting of a series as a draft from `meeting` and its time plan (one
    /// [`Planned`] per item); the id it got (the meeting's, or with `-2` … when taken).
    fn create_authored(
        &self,
        series_id: i64,
        meeting: &Meeting,
        plan: &[Planned],
        actor: &Actor,
    ) -> Result<String>;

    /// An authored meeting with its versions, signatures and attachments.
    fn authored(&self, id: &str) -> Result<Authored>;

    /// The authored meetings of a series (or all), newest first.
    fn authored_list(&self, series_id: Option<i64>) -> Result<Vec<AuthoredSummary>>;

    /// Saves the working copy over `revision`; the new revision ([`Error::Conflict`] when
    /// another was saved meanwhile).
    fn save_authored(
        &self,
        id: &str,
        revision: i64,
        meeting: &Meeting,
        plan: &[Planned],
        actor: &Actor,
    ) -> Result<i64>;

    /// Moves an authored meeting to another state ([`MeetingState::next`]); the state it
    /// reached (approved at once when nobody is to sign).
    fn move_authored(&self, id: &str, to: MeetingState, actor: &Actor) -> Result<MeetingState>;

    /// The signature of the actor's account on `version`, read as `read_hash`; whether the
    /// version is sealed now.
    fn approve(
        &self,
        id: &str,
        version: u32,
        read_hash: &str,
        reservation: Option<&str>,
        actor: &Actor,
    ) -> Result<bool>;

    /// Publishes the last sealed version through the import path, from the kept source
    /// `source_sha256`; its id in the register.
    fn publish_authored(
        &self,
        id: &str,
        source_sha256: &str,
        source_name: &str,
        actor: &Actor,
    ) -> Result<String>;

    /// Adds an attachment (kept as the source `sha256`) to an item of an authored meeting.
    fn add_attachment(
        &self,
        id: &str,
        item_number: &str,
        name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<()>;

    /// The seals of an authored or published meeting and its content as stored now.
    fn seal_check(&self, id: &str) -> Result<Option<SealCheck>>;
}
