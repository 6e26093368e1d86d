//! [`Visible`]: the store as one viewer may see it. Meetings imported as internal
//! (`referat import --visibility internal`) are hidden from everybody but the signed-in
//! accounts of their organisation ([`crate::access::Viewer::sees_internal_of`]): a hidden
//! meeting is not found, not listed, and its items, follow-ups and people do not show. The
//! handlers get this store from [`crate::blocking`] and [`crate::searching`], so no page,
//! API answer, feed, calendar or export can forget it; searches leave hidden meetings out
//! through [`search::Filters::exclude_meetings`] (see [`crate::find`]).
//!
//! Which meetings a request may not see is worked out once per request by
//! [`crate::auth::layer`] and carried to the blocking threads by [`with_hidden`].

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use model::Meeting;
use store::{
    ActionFilter, ActionId, ActionRef, ActionRow, ActionStatus, Actor, AuditEntry, ItemId,
    ItemView, MeetingAccess, MeetingFilter, MeetingSummary, Page, PersonDetail, PersonSummary,
    PutOutcome, Session, SourceInfo, StatusChange, Store, User, VersionInfo,
};

/// Meeting ids a request may not see.
pub(crate) type Hidden = Arc<HashSet<String>>;

/// What one request may see of the meetings: those it may not see at all (`hidden`), and
/// those whose closed items it sees only as the public does (`public_view`: the meetings of
/// other organisations, for a member of one organisation).
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    pub(crate) hidden: Hidden,
    pub(crate) public_view: Hidden,
}

tokio::task_local! {
    /// The scope of the request being answered.
    static REQUEST: Scope;
}

thread_local! {
    /// The same, on the blocking thread that answers for the request.
    static THREAD: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

/// Runs `future` (the rest of a request) in `scope`.
pub(crate) async fn scope<F: std::future::Future>(scope: Scope, future: F) -> F::Output {
    REQUEST.scope(scope, future).await
}

/// The scope of the current request: from the request's task, or from the blocking thread
/// working for it; everything visible outside a request.
pub(crate) fn current() -> Scope {
    REQUEST
        .try_with(Clone::clone)
        .ok()
        .or_else(|| THREAD.with(|scope| scope.borrow().clone()))
        .unwrap_or_default()
}

/// The hidden meetings of the current request.
pub(crate) fn hidden() -> Hidden {
    current().hidden
}

/// The meetings whose closed items the current request sees as the public does, although
/// its viewer sees closed items (see [`crate::access::Viewer::sees_closed_in`]).
pub(crate) fn public_view() -> Hidden {
    current().public_view
}

/// Runs `call` on this (blocking) thread in `scope`.
pub(crate) fn with_scope<T>(scope: Scope, call: impl FnOnce() -> T) -> T {
    let before = THREAD.with(|slot| slot.replace(Some(scope)));
    let out = call();
    THREAD.with(|slot| slot.replace(before));
    out
}

/// The store with `hidden` meetings left out.
pub(crate) struct Visible<'a> {
    pub(crate) inner: &'a dyn Store,
    pub(crate) hidden: &'a HashSet<String>,
}

impl Visible<'_> {
    fn check(&self, meeting_id: &str, what: &'static str, id: &str) -> store::Result<()> {
        if self.hidden.contains(meeting_id) {
            return Err(store::Error::NotFound {
                what,
                id: id.to_owned(),
            });
        }
        Ok(())
    }
}

/// Canonical names of a meeting (each once) and how many follow-ups each owns there.
fn names_of(meeting: &Meeting) -> (HashSet<String>, HashMap<String, u32>) {
    let mut names = HashSet::new();
    let mut owned: HashMap<String, u32> = HashMap::new();
    let people = meeting
        .participants
        .iter()
        .chain(&meeting.absent)
        .chain(meeting.schedule.iter().flat_map(|slot| &slot.presenters));
    for person in people {
        names.insert(person.name.trim().to_owned());
    }
    for action in meeting.items.iter().flat_map(|item| &item.actions) {
        for owner in &action.owners {
            let name = owner.name.trim().to_owned();
            names.insert(name.clone());
            *owned.entry(name).or_default() += 1;
        }
    }
    names.remove("");
    (names, owned)
}

impl Store for Visible<'_> {
    fn put_source(&self, bytes: &[u8], name: &str) -> store::Result<SourceInfo> {
        self.inner.put_source(bytes, name)
    }

    fn source(&self, sha256: &str) -> store::Result<Option<SourceInfo>> {
        self.inner.source(sha256)
    }

    fn source_bytes(&self, sha256: &str) -> store::Result<Vec<u8>> {
        self.inner.source_bytes(sha256)
    }

    fn put_meeting_for(
        &self,
        meeting: &Meeting,
        source_sha256: &str,
        organisation: Option<&str>,
    ) -> store::Result<PutOutcome> {
        self.inner
            .put_meeting_for(meeting, source_sha256, organisation)
    }

    fn moved_meeting(&self, old: &str) -> store::Result<Vec<String>> {
        // An old link leads only to meetings the viewer sees.
        Ok(self
            .inner
            .moved_meeting(old)?
            .into_iter()
            .filter(|id| !self.hidden.contains(id))
            .collect())
    }

    fn meeting(&self, id: &str) -> store::Result<Meeting> {
        self.check(id, "meeting", id)?;
        self.inner.meeting(id)
    }

    fn meeting_versions(&self, id: &str) -> store::Result<Vec<VersionInfo>> {
        self.check(id, "meeting", id)?;
        self.inner.meeting_versions(id)
    }

    fn meetings(&self, filter: &MeetingFilter, page: Page) -> store::Result<Vec<MeetingSummary>> {
        if self.hidden.is_empty() {
            return self.inner.meetings(filter, page);
        }
        // The window lies within the first `offset + limit + hidden` meetings; a list
        // read page by page (the exports) need not read every meeting for each page.
        let within = Page {
            offset: 0,
            limit: page
                .offset
                .saturating_add(page.limit)
                .saturating_add(u32::try_from(self.hidden.len()).unwrap_or(u32::MAX)),
        };
        Ok(self
            .inner
            .meetings(filter, within)?
            .into_iter()
            .filter(|meeting| !self.hidden.contains(&meeting.id))
            .skip(page.offset as usize)
            .take(page.limit as usize)
            .collect())
    }

    fn item(&self, id: &ItemId) -> store::Result<ItemView> {
        self.check(&id.meeting_id, "item", &id.to_string())?;
        self.inner.item(id)
    }

    fn actions(&self, filter: &ActionFilter) -> store::Result<Vec<ActionRow>> {
        let mut rows = self.inner.actions(filter)?;
        rows.retain(|row| !self.hidden.contains(&row.meeting_id));
        Ok(rows)
    }

    fn action_refs(&self, filter: &ActionFilter) -> store::Result<Vec<ActionRef>> {
        let mut refs = self.inner.action_refs(filter)?;
        refs.retain(|action| !self.hidden.contains(&action.meeting_id));
        Ok(refs)
    }

    fn actions_of(&self, refs: &[ActionRef]) -> store::Result<Vec<ActionRow>> {
        let mut rows = self.inner.actions_of(refs)?;
        rows.retain(|row| !self.hidden.contains(&row.meeting_id));
        Ok(rows)
    }

    fn set_decision_public(&self, id: &ItemId, public: bool, actor: &Actor) -> store::Result<()> {
        self.check(&id.meeting_id, "item", &id.to_string())?;
        self.inner.set_decision_public(id, public, actor)
    }

    fn set_action_status(&self, id: &ActionId, status: ActionStatus) -> store::Result<()> {
        self.check(&id.item.meeting_id, "action", &id.to_string())?;
        self.inner.set_action_status(id, status)
    }

    fn people(&self) -> store::Result<Vec<PersonSummary>> {
        let mut people = self.inner.people()?;
        if self.hidden.is_empty() {
            return Ok(people);
        }
        // Take away what the hidden meetings add: a person seen only there is not listed.
        let mut meetings: HashMap<String, u32> = HashMap::new();
        let mut owned: HashMap<String, u32> = HashMap::new();
        for id in self.hidden {
            let Ok(meeting) = self.inner.meeting(id) else {
                continue;
            };
            let (names, owners) = names_of(&meeting);
            for name in names {
                *meetings.entry(name).or_default() += 1;
            }
            for (name, n) in owners {
                *owned.entry(name).or_default() += n;
            }
        }
        people.retain_mut(|person| {
            person.n_meetings = person
                .n_meetings
                .saturating_sub(meetings.get(&person.name).copied().unwrap_or(0));
            person.n_actions = person
                .n_actions
                .saturating_sub(owned.get(&person.name).copied().unwrap_or(0));
            person.n_meetings > 0
        });
        Ok(people)
    }

    fn person(&self, name: &str) -> store::Result<PersonDetail> {
        let mut detail = self.inner.person(name)?;
        if self.hidden.is_empty() {
            return Ok(detail);
        }
        let before = detail.meetings.len();
        detail
            .meetings
            .retain(|entry| !self.hidden.contains(&entry.meeting.id));
        detail
            .actions
            .retain(|row| !self.hidden.contains(&row.meeting_id));
        if detail.meetings.is_empty() {
            return Err(store::Error::NotFound {
                what: "person",
                id: name.to_owned(),
            });
        }
        let removed = u32::try_from(before - detail.meetings.len()).unwrap_or(u32::MAX);
        detail.person.n_meetings = detail.person.n_meetings.saturating_sub(removed);
        detail.person.n_actions = u32::try_from(detail.actions.len()).unwrap_or(u32::MAX);
        Ok(detail)
    }

    fn sources_for_reextract(&self) -> store::Result<Vec<SourceInfo>> {
        self.inner.sources_for_reextract()
    }

    fn change_seq(&self) -> store::Result<u64> {
        self.inner.change_seq()
    }

    fn meetings_changed_since(&self, seq: u64) -> store::Result<Vec<String>> {
        self.inner.meetings_changed_since(seq)
    }

    fn source_hashes(&self) -> store::Result<Vec<String>> {
        self.inner.source_hashes()
    }

    fn add_user(
        &self,
        email: &str,
        role: &str,
        organisation: Option<&str>,
        password_hash: Option<&str>,
        actor: &Actor,
    ) -> store::Result<()> {
        self.inner
            .add_user(email, role, organisation, password_hash, actor)
    }

    fn users(&self) -> store::Result<Vec<User>> {
        self.inner.users()
    }

    fn user(&self, email: &str) -> store::Result<Option<User>> {
        self.inner.user(email)
    }

    fn credentials(&self, email: &str) -> store::Result<Option<(User, Option<String>)>> {
        self.inner.credentials(email)
    }

    fn remove_user(&self, email: &str, actor: &Actor) -> store::Result<()> {
        self.inner.remove_user(email, actor)
    }

    fn set_role(
        &self,
        email: &str,
        role: &str,
        organisation: Option<&str>,
        actor: &Actor,
    ) -> store::Result<()> {
        self.inner.set_role(email, role, organisation, actor)
    }

    fn set_password(&self, email: &str, hash: &str, actor: &Actor) -> store::Result<()> {
        self.inner.set_password(email, hash, actor)
    }

    fn set_totp(&self, email: &str, secret: Option<&str>, actor: &Actor) -> store::Result<()> {
        self.inner.set_totp(email, secret, actor)
    }

    fn totp(&self, email: &str) -> store::Result<Option<(String, Option<i64>)>> {
        self.inner.totp(email)
    }

    fn use_totp_step(&self, email: &str, step: i64) -> store::Result<bool> {
        self.inner.use_totp_step(email, step)
    }

    fn add_password_link(
        &self,
        token_sha256: &str,
        email: &str,
        expires_at: i64,
        actor: &Actor,
    ) -> store::Result<()> {
        self.inner
            .add_password_link(token_sha256, email, expires_at, actor)
    }

    fn password_link(&self, token_sha256: &str, now: i64) -> store::Result<Option<String>> {
        self.inner.password_link(token_sha256, now)
    }

    fn use_password_link(
        &self,
        token_sha256: &str,
        hash: &str,
        actor: &Actor,
    ) -> store::Result<String> {
        self.inner.use_password_link(token_sha256, hash, actor)
    }

    fn create_session(
        &self,
        id_sha256: &str,
        email: &str,
        csrf: &str,
        expires_at: i64,
        actor: &Actor,
    ) -> store::Result<()> {
        self.inner
            .create_session(id_sha256, email, csrf, expires_at, actor)
    }

    fn session(&self, id_sha256: &str, now: i64) -> store::Result<Option<Session>> {
        self.inner.session(id_sha256, now)
    }

    fn end_session(&self, id_sha256: &str, actor: &Actor) -> store::Result<()> {
        self.inner.end_session(id_sha256, actor)
    }

    fn add_token(&self, token_sha256: &str, email: &str, actor: &Actor) -> store::Result<()> {
        self.inner.add_token(token_sha256, email, actor)
    }

    fn revoke_tokens(&self, email: &str, actor: &Actor) -> store::Result<u64> {
        self.inner.revoke_tokens(email, actor)
    }

    fn token_user(&self, token_sha256: &str) -> store::Result<Option<User>> {
        self.inner.token_user(token_sha256)
    }

    fn audit(
        &self,
        event: &str,
        target: Option<&str>,
        detail: Option<&str>,
        actor: &Actor,
    ) -> store::Result<()> {
        self.inner.audit(event, target, detail, actor)
    }

    fn audit_log(&self, page: Page) -> store::Result<Vec<AuditEntry>> {
        self.inner.audit_log(page)
    }

    fn count_events(
        &self,
        event: &str,
        target: Option<&str>,
        address: Option<&str>,
        since: i64,
    ) -> store::Result<u32> {
        self.inner.count_events(event, target, address, since)
    }

    fn set_follow_up(
        &self,
        id: &ActionId,
        status: ActionStatus,
        note: &str,
        actor: &Actor,
    ) -> store::Result<()> {
        self.check(&id.item.meeting_id, "action", &id.to_string())?;
        self.inner.set_follow_up(id, status, note, actor)
    }

    fn edit_follow_up(
        &self,
        id: &ActionId,
        owners: Option<&[String]>,
        due_by: Option<model::Date>,
        note: &str,
        actor: &Actor,
    ) -> store::Result<()> {
        self.check(&id.item.meeting_id, "action", &id.to_string())?;
        self.inner.edit_follow_up(id, owners, due_by, note, actor)
    }

    fn action_history(&self, id: &ActionId) -> store::Result<Vec<StatusChange>> {
        self.check(&id.item.meeting_id, "action", &id.to_string())?;
        self.inner.action_history(id)
    }

    fn set_meeting_access(
        &self,
        meeting_id: &str,
        access: &MeetingAccess,
        actor: &Actor,
    ) -> store::Result<()> {
        self.inner.set_meeting_access(meeting_id, access, actor)
    }

    fn meeting_access(&self) -> store::Result<HashMap<String, MeetingAccess>> {
        self.inner.meeting_access()
    }

    // Alerts belong to accounts, not to meetings: nothing to hide.

    fn add_saved_search(
        &self,
        email: &str,
        name: &str,
        query: &str,
        frequency: store::Frequency,
        token: &str,
        seq: u64,
        actor: &Actor,
    ) -> store::Result<i64> {
        self.inner
            .add_saved_search(email, name, query, frequency, token, seq, actor)
    }

    fn saved_searches(&self, email: Option<&str>) -> store::Result<Vec<store::SavedSearch>> {
        self.inner.saved_searches(email)
    }

    fn saved_search_by_token(&self, token: &str) -> store::Result<Option<store::SavedSearch>> {
        self.inner.saved_search_by_token(token)
    }

    fn remove_saved_search(
        &self,
        id: i64,
        email: Option<&str>,
        actor: &Actor,
    ) -> store::Result<()> {
        self.inner.remove_saved_search(id, email, actor)
    }

    fn told_items(&self, search_id: i64) -> store::Result<Vec<String>> {
        self.inner.told_items(search_id)
    }

    fn queue_mail(
        &self,
        mail: Option<&store::Mail>,
        marks: &[store::Mark],
        now: i64,
    ) -> store::Result<bool> {
        self.inner.queue_mail(mail, marks, now)
    }

    fn reminders_sent(&self) -> store::Result<Vec<(String, String, String)>> {
        self.inner.reminders_sent()
    }

    fn claim_mail(
        &self,
        due_by: i64,
        now: i64,
        until: i64,
        limit: u32,
    ) -> store::Result<Vec<store::OutboxMail>> {
        self.inner.claim_mail(due_by, now, until, limit)
    }

    fn release_lease(&self, name: &str, holder: &str) -> store::Result<()> {
        self.inner.release_lease(name, holder)
    }

    fn mail_sent(&self, id: i64, at: i64) -> store::Result<()> {
        self.inner.mail_sent(id, at)
    }

    fn mail_failed(&self, id: i64, error: &str, next_attempt: i64) -> store::Result<()> {
        self.inner.mail_failed(id, error, next_attempt)
    }

    fn outbox(&self, unsent: bool, page: Page) -> store::Result<Vec<store::OutboxMail>> {
        self.inner.outbox(unsent, page)
    }

    fn take_lease(&self, name: &str, holder: &str, now: i64, until: i64) -> store::Result<bool> {
        self.inner.take_lease(name, holder, now, until)
    }

    fn link_person(&self, person: &str, email: Option<&str>, actor: &Actor) -> store::Result<()> {
        self.inner.link_person(person, email, actor)
    }

    fn person_links(&self) -> store::Result<Vec<(String, String)>> {
        self.inner.person_links()
    }
    // Authored meetings are not listed to anybody through here: the authoring pages read
    // them from the store itself, for a sekretær of their organisation.
    fn add_series(&self, series: &store::NewSeries, actor: &Actor) -> store::Result<i64> {
        self.inner.add_series(series, actor)
    }

    fn update_series(
        &self,
        id: i64,
        series: &store::NewSeries,
        actor: &Actor,
    ) -> store::Result<()> {
        self.inner.update_series(id, series, actor)
    }

    fn series_list(&self) -> store::Result<Vec<store::Series>> {
        self.inner.series_list()
    }

    fn create_authored(
        &self,
        series_id: i64,
        meeting: &Meeting,
        plan: &[store::Planned],
        actor: &Actor,
    ) -> store::Result<String> {
        self.inner.create_authored(series_id, meeting, plan, actor)
    }

    fn authored(&self, id: &str) -> store::Result<store::Authored> {
        self.inner.authored(id)
    }

    fn authored_list(&self, series_id: Option<i64>) -> store::Result<Vec<store::AuthoredSummary>> {
        self.inner.authored_list(series_id)
    }

    fn save_authored(
        &self,
        id: &str,
        revision: i64,
        meeting: &Meeting,
        plan: &[store::Planned],
        actor: &Actor,
    ) -> store::Result<i64> {
        self.inner.save_authored(id, revision, meeting, plan, actor)
    }

    fn move_authored(
        &self,
        id: &str,
        to: store::MeetingState,
        actor: &Actor,
    ) -> store::Result<store::MeetingState> {
        self.inner.move_authored(id, to, actor)
    }

    fn approve(
        &self,
        id: &str,
        version: u32,
        read_hash: &str,
        reservation: Option<&str>,
        actor: &Actor,
    ) -> store::Result<bool> {
        self.inner
            .approve(id, version, read_hash, reservation, actor)
    }

    fn publish_authored(
        &self,
        id: &str,
        source_sha256: &str,
        source_name: &str,
        actor: &Actor,
    ) -> store::Result<String> {
        self.inner
            .publish_authored(id, source_sha256, source_name, actor)
    }

    fn add_attachment(
        &self,
        id: &str,
        item_number: &str,
        name: &str,
        sha256: &str,
        actor: &Actor,
    ) -> store::Result<()> {
        self.inner
            .add_attachment(id, item_number, name, sha256, actor)
    }

    fn seal_check(&self, id: &str) -> store::Result<Option<store::SealCheck>> {
        self.inner.seal_check(id)
    }
}
