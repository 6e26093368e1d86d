//! Alerts and reminders (issue 15): one round of [`Alerts::run`] queues the digests of
//! saved searches and the reminders of follow-ups in the store's outbox, then sends what
//! the outbox holds ([`crate::mail`]). `referat serve` runs a round every minute;
//! `referat alerts run` runs one.
//!
//! - **Digests.** One mail per account and round with the items that are new for each of
//!   its saved searches that is due (at once, daily or weekly): those of the meetings
//!   changed since the search's mark that the account may see, found in the search index
//!   as the account would find them, less those already told of. The mail and the moved
//!   marks are written in one transaction, conditional on the marks being where they were
//!   read: a second process that composed the same digest writes nothing, and a restart
//!   between an import and a round sends the digest once, at the next round.
//! - **Reminders.** The owner of an open follow-up who is linked to an account gets a
//!   reminder [`Alerts::remind_days`] days before the due date and a notice once it is
//!   overdue; a sekretær gets a weekly list of what is overdue in their organisation.
//!   Each is recorded with what it is for, so nothing repeats; done or dropped follow-ups
//!   are not open and get nothing.
//!
//! Visibility is that of the pages: [`crate::auth::scope_in`] for the account, closed
//! items redacted by [`Viewer::redact_item`]. The clock and "today" come from the caller.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use maud::{Markup, html};
use model::Date;
use search::SearchIndex;
use store::{ActionFilter, ActionRow, ItemView, Mail, Mark, SavedSearch, Store, User};

use crate::Origin;
use crate::access::{Account, Role, Viewer};
use crate::mail::{Drained, Mailer};
use crate::visible::Scope;

/// The name of the lease of the process that queues digests and reminders.
const LEASE: &str = "alerts";

/// How long the queueing process holds its lease, in seconds (renewed every round).
const LEASE_SECONDS: i64 = 300;

/// Most items one saved search tells of in one digest.
const MAX_ITEMS: usize = 50;

/// The longest excerpt of an item's text in a digest, in characters.
const EXCERPT_CHARS: usize = 400;

/// What a round needs besides the store and the index.
#[derive(Debug, Clone)]
pub struct Alerts {
    /// Where the links in mails point (the public URL).
    pub origin: Origin,
    /// Days before a due date that its owner is reminded (default 3).
    pub remind_days: i64,
    /// How mails are sent; without it they wait in the outbox.
    pub mailer: Option<Mailer>,
    /// This process, for the lease (host, process id and a random part).
    pub holder: String,
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    /// Whether this process held the lease and queued.
    pub queued_here: bool,
    pub digests: usize,
    pub reminders: usize,
    pub sent: usize,
    pub failed: usize,
}

/// An error of a round: the store's or the index's.
#[derive(Debug)]
pub enum Error {
    Store(store::Error),
    Search(search::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Store(err) => err.fmt(f),
            Error::Search(err) => write!(f, "søgeindekset: {err}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<store::Error> for Error {
    fn from(err: store::Error) -> Error {
        Error::Store(err)
    }
}

impl From<search::Error> for Error {
    fn from(err: search::Error) -> Error {
        Error::Search(err)
    }
}

/// A random id of `bytes` bytes in hex (feed tokens, lease holders).
pub fn random_hex(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    // Without randomness from the system nothing here can be kept safe; the system's
    // source does not fail on the platforms referat runs on.
    getrandom::fill(&mut raw).expect("the system's random numbers");
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

impl Alerts {
    /// Settings with the defaults: reminders 3 days ahead, no mailer, a fresh holder id.
    pub fn new(origin: Origin) -> Alerts {
        Alerts {
            origin,
            remind_days: 3,
            mailer: None,
            holder: format!("{}-{}", std::process::id(), random_hex(6)),
        }
    }

    /// One round at `now` (Unix seconds) on `today`: queue (when this process holds the
    /// lease), then send. With `force` (`referat alerts run --now`), saved searches are
    /// looked at whatever their frequency, and mails waiting for a later attempt are sent.
    pub fn run(
        &self,
        store: &dyn Store,
        index: &SearchIndex,
        now: &dyn Fn() -> i64,
        today: Date,
        force: bool,
    ) -> Result<Round, Error> {
        let mut round = Round::default();
        let start = now();
        // The lease keeps two processes from composing the same digests at once (were
        // they to, the marks would still let only one of them queue each); it is given up
        // after the round, and runs out on its own should this process die.
        if store.take_lease(LEASE, &self.holder, start, start + LEASE_SECONDS)? {
            round.queued_here = true;
            let queued = self
                .queue_digests(store, index, start, force)
                .and_then(|digests| Ok((digests, self.queue_reminders(store, start, today)?)));
            store.release_lease(LEASE, &self.holder)?;
            (round.digests, round.reminders) = queued?;
        }
        if let Some(mailer) = &self.mailer {
            let Drained { sent, failed } = crate::mail::drain(store, mailer, now, force)?;
            round.sent = sent;
            round.failed = failed;
        }
        Ok(round)
    }

    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.origin.as_str())
    }

    /// Queues one digest per account with new items; how many.
    fn queue_digests(
        &self,
        store: &dyn Store,
        index: &SearchIndex,
        now: i64,
        force: bool,
    ) -> Result<usize, Error> {
        let searches = store.saved_searches(None)?;
        if searches.is_empty() {
            return Ok(0);
        }
        // Another process may have written the index (an import, or this node's follower).
        index.reload()?;
        let indexed = index.indexed_seq()?;
        let users: HashMap<String, User> = store
            .users()?
            .into_iter()
            .map(|user| (user.email.clone(), user))
            .collect();
        let meetings = crate::auth::meetings_of(store)?;
        let mut by_user: BTreeMap<&str, Vec<&SavedSearch>> = BTreeMap::new();
        for search in &searches {
            by_user.entry(&search.email).or_default().push(search);
        }
        let mut queued = 0;
        for (email, searches) in by_user {
            let Some(user) = users.get(email) else {
                continue;
            };
            let viewer = viewer_of(user);
            let scope = crate::auth::scope_in(&meetings, &viewer);
            let mut sections = Vec::new();
            let mut marks = Vec::new();
            for search in searches {
                let due = force
                    || search
                        .sent_at
                        .is_none_or(|at| now - at >= search.frequency.interval());
                if !due || search.sent_seq >= indexed {
                    continue;
                }
                let (items, more, told) = new_items(store, index, search, &viewer, &scope)?;
                marks.push(Mark::Search {
                    id: search.id,
                    seen: search.sent_seq,
                    seq: indexed,
                    // Nothing new: the mark moves on (the next round looks at less), and
                    // the last digest's time stays.
                    at: (!items.is_empty()).then_some(now),
                    items: told,
                });
                if items.is_empty() {
                    continue;
                }
                sections.push(Section {
                    search,
                    items,
                    more,
                });
            }
            if sections.is_empty() {
                if !marks.is_empty() {
                    store.queue_mail(None, &marks, now)?;
                }
                continue;
            }
            let mail = self.digest(email, &sections);
            if store.queue_mail(Some(&mail), &marks, now)? {
                queued += 1;
            }
        }
        Ok(queued)
    }

    /// The digest mail of one account.
    fn digest(&self, email: &str, sections: &[Section<'_>]) -> Mail {
        let n_items: usize = sections
            .iter()
            .map(|section| section.items.len() + section.more)
            .sum();
        let subject = match sections {
            [section] => format!("Nyt i «{}»: {}", section.search.name, items_word(n_items)),
            _ => format!("Nyt i dine gemte søgninger: {}", items_word(n_items)),
        };
        let tokens: Vec<&str> = sections
            .iter()
            .map(|section| section.search.token.as_str())
            .collect();
        let unsubscribe_all = self.link(&format!("/afmeld/{}", tokens.join(".")));
        let mine = self.link("/mine-soegninger");

        let mut text = String::from("Hej\n\nDer er nyt i dine gemte søgninger på referat.\n");
        for Section {
            search,
            items,
            more,
        } in sections
        {
            text.push_str(&format!(
                "\n== {} ({}) ==\n",
                search.name,
                items_word(items.len() + more)
            ));
            for view in items {
                text.push_str(&format!("\n{}\n", item_heading(view)));
                let excerpt = excerpt(&view.item.text);
                if !excerpt.is_empty() {
                    text.push_str(&format!("{excerpt}\n"));
                }
                for decision in &view.item.decisions {
                    text.push_str(&format!(
                        "Beslutning ({}): {}\n",
                        decision.kind.danish(),
                        decision.text.trim()
                    ));
                }
                text.push_str(&format!("{}\n", self.item_link(view)));
            }
            if *more > 0 {
                text.push_str(&format!(
                    "\n… og {} mere: {}\n",
                    points(*more),
                    self.search_link(search)
                ));
            }
            text.push_str(&format!(
                "\nAfmeld «{}»: {}\n",
                search.name,
                self.link(&format!("/afmeld/{}", search.token))
            ));
        }
        text.push_str(&format!(
            "\nDine gemte søgninger: {mine}\nAfmeld alle søgninger i denne mail: {unsubscribe_all}\n"
        ));

        let html: Markup = html! {
            (maud::DOCTYPE)
            html lang="da" {
                head { meta charset="utf-8"; title { (subject) } }
                body {
                    p { "Hej" }
                    p { "Der er nyt i dine gemte søgninger på referat." }
                    @for Section { search, items, more } in sections {
                        h2 { (search.name) " (" (items_word(items.len() + more)) ")" }
                        @for view in items {
                            h3 { a href=(self.item_link(view)) { (item_heading(view)) } }
                            @let excerpt = excerpt(&view.item.text);
                            @if !excerpt.is_empty() { p { (excerpt) } }
                            @for decision in &view.item.decisions {
                                p { strong { "Beslutning (" (decision.kind.danish()) "): " } (decision.text.trim()) }
                            }
                        }
                        @if *more > 0 {
                            p { a href=(self.search_link(search)) { "… og " (points(*more)) " mere" } }
                        }
                        p { a href=(self.link(&format!("/afmeld/{}", search.token))) { "Afmeld «" (search.name) "»" } }
                    }
                    p {
                        a href=(mine) { "Dine gemte søgninger" } " · "
                        a href=(unsubscribe_all) { "Afmeld alle søgninger i denne mail" }
                    }
                }
            }
        };
        Mail {
            kind: "digest".to_owned(),
            recipient: email.to_owned(),
            subject,
            text_body: text,
            html_body: html.into_string(),
            headers: vec![
                (
                    "List-Unsubscribe".to_owned(),
                    format!("<{unsubscribe_all}>"),
                ),
                (
                    "List-Unsubscribe-Post".to_owned(),
                    "List-Unsubscribe=One-Click".to_owned(),
                ),
            ],
        }
    }

    fn search_link(&self, search: &SavedSearch) -> String {
        self.link(&format!("/soeg?{}", search.query))
    }

    fn item_link(&self, view: &ItemView) -> String {
        self.link(&crate::render::item_href(&view.id.meeting_id, &view.id.key))
    }

    fn action_link(&self, row: &ActionRow) -> String {
        let path = row
            .id
            .split('/')
            .map(crate::render::path_segment)
            .collect::<Vec<_>>()
            .join("/");
        self.link(&format!("/opfoelgning/{path}"))
    }

    /// Queues the reminders due on `today`; how many.
    fn queue_reminders(&self, store: &dyn Store, now: i64, today: Date) -> Result<usize, Error> {
        let links: HashMap<String, String> = store.person_links()?.into_iter().collect();
        let users: HashMap<String, User> = store
            .users()?
            .into_iter()
            .map(|user| (user.email.clone(), user))
            .collect();
        let mut secretaries: Vec<&User> = users
            .values()
            .filter(|user| Role::parse(&user.role) == Some(Role::Secretary))
            .collect();
        secretaries.sort_by(|a, b| a.email.cmp(&b.email));
        if links.is_empty() && secretaries.is_empty() {
            return Ok(0);
        }
        let sent: HashSet<(String, String, String)> = store.reminders_sent()?.into_iter().collect();
        let open = store.actions(&ActionFilter {
            open: true,
            ..ActionFilter::default()
        })?;
        let meetings = crate::auth::meetings_of(store)?;
        let mut queued = 0;

        for row in &open {
            let Some(by) = row.action.due.as_ref().and_then(|due| due.by) else {
                continue;
            };
            let Ok(span) = today.until(by) else {
                continue;
            };
            let days = i64::from(span.get_days());
            let kind = if days < 0 {
                "overdue"
            } else if days <= self.remind_days {
                "before_due"
            } else {
                continue;
            };
            let period = by.to_string();
            let mut told = HashSet::new();
            for owner in &row.action.owners {
                let Some(email) = links.get(owner.name.trim()) else {
                    continue;
                };
                let Some(user) = users.get(email) else {
                    continue;
                };
                if !told.insert(email.clone()) {
                    continue;
                }
                let key = format!("{}#{email}", row.id);
                if sent.contains(&(key.clone(), kind.to_owned(), period.clone())) {
                    continue;
                }
                let viewer = viewer_of(user);
                let scope = crate::auth::scope_in(&meetings, &viewer);
                let sees = !scope.hidden.contains(&row.meeting_id)
                    && crate::visible::with_scope(scope, || {
                        viewer.sees_action_of(&row.meeting_id, row.item_closed)
                    });
                if !sees {
                    continue;
                }
                let mail = self.reminder(email, row, kind, days);
                let mark = Mark::Reminder {
                    key,
                    kind: kind.to_owned(),
                    period: period.clone(),
                };
                if store.queue_mail(Some(&mail), &[mark], now)? {
                    queued += 1;
                }
            }
        }

        // The weekly list of each sekretær: what is overdue in their organisation.
        let week = iso_week(today);
        for user in secretaries {
            if sent.contains(&(user.email.clone(), "overdue_list".to_owned(), week.clone())) {
                continue;
            }
            let viewer = viewer_of(user);
            let scope = crate::auth::scope_in(&meetings, &viewer);
            let overdue: Vec<&ActionRow> = open
                .iter()
                .filter(|row| {
                    row.action
                        .due
                        .as_ref()
                        .and_then(|due| due.by)
                        .is_some_and(|by| by < today)
                })
                .filter(|row| !scope.hidden.contains(&row.meeting_id))
                .filter(|row| {
                    meetings
                        .organisation(&row.meeting_id)
                        .is_some_and(|organisation| viewer.sees_closed_of(organisation))
                })
                .collect();
            if overdue.is_empty() {
                continue;
            }
            let mail = self.overdue_list(user, &overdue, &week, today);
            let mark = Mark::Reminder {
                key: user.email.clone(),
                kind: "overdue_list".to_owned(),
                period: week.clone(),
            };
            if store.queue_mail(Some(&mail), &[mark], now)? {
                queued += 1;
            }
        }
        Ok(queued)
    }

    fn reminder(&self, email: &str, row: &ActionRow, kind: &str, days: i64) -> Mail {
        let due = row
            .action
            .due
            .as_ref()
            .and_then(|due| due.by)
            .map(crate::render::long_date)
            .unwrap_or_default();
        let (subject, lead) = if kind == "overdue" {
            (
                format!("Fristen er overskredet: {}", short(&row.action.text)),
                format!("Fristen for denne opfølgning var {due}, og den er ikke meldt udført."),
            )
        } else {
            let when = match days {
                0 => "i dag".to_owned(),
                1 => "i morgen".to_owned(),
                n => format!("om {n} dage"),
            };
            (
                format!("Påmindelse: frist {when} for {}", short(&row.action.text)),
                format!("Du er ansvarlig for denne opfølgning med frist {due} ({when})."),
            )
        };
        let link = self.action_link(row);
        let meeting = format!(
            "{} {}, punkt {}: {}",
            row.body,
            row.meeting_date
                .map(crate::render::long_date)
                .unwrap_or_default(),
            row.item_number,
            row.item_title
        );
        let text = format!(
            "Hej\n\n{lead}\n\n{}\n({meeting})\n\n{link}\n\nNår den er udført, kan sekretæren \
             melde den udført; så kommer der ikke flere påmindelser.\n",
            row.action.text.trim()
        );
        let html = html! {
            (maud::DOCTYPE)
            html lang="da" {
                head { meta charset="utf-8"; title { (subject) } }
                body {
                    p { "Hej" }
                    p { (lead) }
                    blockquote { (row.action.text.trim()) }
                    p { (meeting) }
                    p { a href=(link) { "Se opfølgningen" } }
                    p { "Når den er udført, kan sekretæren melde den udført; så kommer der ikke flere påmindelser." }
                }
            }
        };
        Mail {
            kind: kind.to_owned(),
            recipient: email.to_owned(),
            subject,
            text_body: text,
            html_body: html.into_string(),
            headers: Vec::new(),
        }
    }

    fn overdue_list(&self, user: &User, rows: &[&ActionRow], week: &str, today: Date) -> Mail {
        let organisation = user
            .organisation
            .as_deref()
            .unwrap_or("alle organisationer");
        let subject = format!(
            "Overskredne frister i {organisation}: {} (uge {})",
            if rows.len() == 1 {
                "1 opfølgning".to_owned()
            } else {
                format!("{} opfølgninger", rows.len())
            },
            week.rsplit('W').next().unwrap_or(week)
        );
        let line = |row: &ActionRow| {
            let due = row
                .action
                .due
                .as_ref()
                .and_then(|due| due.by)
                .map(crate::render::date)
                .unwrap_or_default();
            let owners: Vec<&str> = row
                .action
                .owners
                .iter()
                .map(|owner| owner.name.as_str())
                .collect();
            format!(
                "frist {due}: {} ({}; {})",
                short(&row.action.text),
                if owners.is_empty() {
                    "ingen ansvarlig".to_owned()
                } else {
                    owners.join(", ")
                },
                row.body
            )
        };
        let mut text = format!(
            "Hej\n\nDisse opfølgninger i {organisation} havde frist før {} og er ikke meldt \
             udført:\n\n",
            crate::render::long_date(today)
        );
        for row in rows {
            text.push_str(&format!("- {}\n  {}\n", line(row), self.action_link(row)));
        }
        text.push_str(&format!(
            "\nHele registeret: {}\n",
            self.link("/opfoelgning")
        ));
        let html = html! {
            (maud::DOCTYPE)
            html lang="da" {
                head { meta charset="utf-8"; title { (subject) } }
                body {
                    p { "Hej" }
                    p { "Disse opfølgninger i " (organisation) " havde frist før " (crate::render::long_date(today)) " og er ikke meldt udført:" }
                    ul {
                        @for row in rows {
                            li { a href=(self.action_link(row)) { (line(row)) } }
                        }
                    }
                    p { a href=(self.link("/opfoelgning")) { "Hele registeret" } }
                }
            }
        };
        Mail {
            kind: "overdue_list".to_owned(),
            recipient: user.email.clone(),
            subject,
            text_body: text,
            html_body: html.into_string(),
            headers: Vec::new(),
        }
    }
}

/// The viewer an account is on the pages (an unknown role reads as the public).
pub(crate) fn viewer_of(user: &User) -> Viewer {
    match Role::parse(&user.role) {
        Some(role) => Viewer::Account(Account {
            email: user.email.clone(),
            role,
            organisation: user.organisation.clone(),
        }),
        None => Viewer::Public,
    }
}

/// A saved search: the search page's query and the person filter it may add, both read
/// from the address-style string the store keeps.
#[derive(Debug, Clone, Default)]
pub(crate) struct SavedQuery {
    pub(crate) query: crate::find::Query,
    pub(crate) person: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct PersonParam {
    #[serde(default, deserialize_with = "crate::find::empty_as_none")]
    person: Option<String>,
}

impl SavedQuery {
    /// Reads what [`SavedQuery::to_string`] wrote (unknown fields are ignored).
    pub(crate) fn parse(raw: &str) -> SavedQuery {
        let query = serde_urlencoded::from_str(raw).unwrap_or_default();
        let person = serde_urlencoded::from_str::<PersonParam>(raw)
            .unwrap_or_default()
            .person;
        SavedQuery { query, person }
    }
}

impl std::fmt::Display for SavedQuery {
    /// `q=…&body=…&kind=…&year=…&actions=…&person=…`, the fields that are set.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let query = &self.query;
        let mut pairs: Vec<(&str, &str)> = vec![("q", query.q.as_str())];
        for (name, value) in [
            ("body", &query.body),
            ("kind", &query.kind),
            ("year", &query.year),
            ("actions", &query.actions),
            ("person", &self.person),
        ] {
            if let Some(value) = value {
                pairs.push((name, value.as_str()));
            }
        }
        f.write_str(&serde_urlencoded::to_string(pairs).unwrap_or_default())
    }
}

/// A saved search as the store keeps it, from the words and filters of the command line.
pub fn saved_query(
    words: &str,
    body: Option<&str>,
    kind: Option<&str>,
    actions: bool,
    person: Option<&str>,
) -> String {
    SavedQuery {
        query: crate::find::Query {
            q: words.trim().to_owned(),
            body: body.map(str::to_owned),
            kind: kind.map(str::to_owned),
            actions: actions.then(|| "ja".to_owned()),
            ..crate::find::Query::default()
        },
        person: person.map(str::to_owned),
    }
    .to_string()
}

/// One saved search's part of a digest: the items it tells of, and how many more there
/// are (told of with a link to the search only).
struct Section<'a> {
    search: &'a SavedSearch,
    items: Vec<ItemView>,
    more: usize,
}

/// The items of `search` new for `viewer`: found in the meetings changed since its mark
/// that the viewer may see, not told of before, each as the viewer may read it; at most
/// [`MAX_ITEMS`], how many more there are, and the ids of all of them (as the index
/// names them, which is what the next digest compares with).
fn new_items(
    store: &dyn Store,
    index: &SearchIndex,
    search: &SavedSearch,
    viewer: &Viewer,
    scope: &Scope,
) -> Result<(Vec<ItemView>, usize, Vec<String>), Error> {
    let changed: Vec<String> = store
        .meetings_changed_since(search.sent_seq)?
        .into_iter()
        .filter(|id| !scope.hidden.contains(id))
        .collect();
    if changed.is_empty() {
        return Ok((Vec::new(), 0, Vec::new()));
    }
    let saved = SavedQuery::parse(&search.query);
    let visible = crate::visible::Visible {
        inner: store,
        hidden: &scope.hidden,
    };
    crate::visible::with_scope(scope.clone(), || {
        let Some(mut request) = crate::find::request(&saved.query, viewer).ok().flatten() else {
            return Ok((Vec::new(), 0, Vec::new()));
        };
        if let Some(person) = &saved.person {
            // The registry knows written forms; the index knows canonical names.
            let name = match visible.person(person) {
                Ok(detail) => detail.person.name,
                Err(err) if err.is_not_found() => person.clone(),
                Err(err) => return Err(err.into()),
            };
            request.filters.people = vec![name];
        }
        request.filters.within_meetings = Some(changed);
        request.offset = 0;
        request.limit = MAX_ITEMS * 2;
        request.facets = false;
        request.snippets = false;
        let told: HashSet<String> = store.told_items(search.id)?.into_iter().collect();
        let mut items = Vec::new();
        let mut ids = Vec::new();
        let found = index.search(&request)?;
        // Beyond the hits fetched, counted as new: the digest links to the search for them.
        let mut more = usize::try_from(found.total)
            .unwrap_or(usize::MAX)
            .saturating_sub(found.hits.len());
        for hit in found.hits {
            if told.contains(&hit.id) {
                continue;
            }
            if items.len() >= MAX_ITEMS {
                more += 1;
                ids.push(hit.id);
                continue;
            }
            let Ok(id) = hit.id.parse::<store::ItemId>() else {
                continue;
            };
            let mut view = match visible.item(&id) {
                Ok(view) => view,
                Err(err) if err.is_not_found() => continue,
                Err(err) => return Err(err.into()),
            };
            viewer.redact_item(&view.id.meeting_id, &mut view.item);
            items.push(view);
            ids.push(hit.id);
        }
        Ok((items, more, ids))
    })
}

/// "Punkt 3: Budget 2026 (Byrådet, 2. april 2025)".
fn item_heading(view: &ItemView) -> String {
    let date = view
        .meeting
        .date
        .map(|date| format!(", {}", crate::render::long_date(date)))
        .unwrap_or_default();
    format!(
        "Punkt {}: {} ({}{date})",
        view.item.number, view.item.title, view.meeting.body
    )
}

/// The beginning of a text, at most [`EXCERPT_CHARS`] characters, on one line.
fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(EXCERPT_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

/// A follow-up's text, shortened for a subject line.
fn short(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 60 {
        return flat;
    }
    let cut: String = flat.chars().take(60).collect();
    format!("{} …", cut.trim_end())
}

fn points(n: usize) -> String {
    if n == 1 {
        "1 punkt".to_owned()
    } else {
        format!("{n} punkter")
    }
}

fn items_word(n: usize) -> String {
    if n == 1 {
        "1 nyt punkt".to_owned()
    } else {
        format!("{n} nye punkter")
    }
}

/// The ISO week of a day, as `2026-W50`.
fn iso_week(day: Date) -> String {
    let week = day.iso_week_date();
    format!("{}-W{:02}", week.year(), week.week())
}

/// How a scheduled round's failure is told (`referat serve` writes it on stderr).
pub type Report = dyn Fn(&Error) + Send + Sync;

/// Runs rounds every `every` on a thread of its own, for the life of the process
/// (`referat serve`). A round that fails is tried again at the next turn; its error is
/// told through `report` once, not again every turn while it lasts.
pub fn schedule(
    alerts: Alerts,
    store: Arc<dyn Store>,
    index: Arc<SearchIndex>,
    now: Arc<dyn Fn() -> i64 + Send + Sync>,
    today: Arc<dyn Fn() -> Date + Send + Sync>,
    every: std::time::Duration,
    report: Arc<Report>,
) {
    std::thread::spawn(move || {
        let mut last_error = None;
        loop {
            std::thread::sleep(every);
            match alerts.run(store.as_ref(), &index, now.as_ref(), today(), false) {
                Ok(_) => last_error = None,
                Err(err) => {
                    let message = err.to_string();
                    if last_error.as_ref() != Some(&message) {
                        report(&err);
                        last_error = Some(message);
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_end_at_a_word() {
        assert_eq!(excerpt("  kort\n tekst "), "kort tekst");
        let long = "ord ".repeat(200);
        let cut = excerpt(&long);
        assert!(cut.ends_with("ord …"), "{cut}");
        assert!(cut.chars().count() <= EXCERPT_CHARS + 2);
    }

    #[test]
    fn weeks_are_iso_weeks() {
        assert_eq!(iso_week("2026-12-07".parse().unwrap()), "2026-W50");
        assert_eq!(iso_week("2027-01-01".parse().unwrap()), "2026-W53");
    }

    #[test]
    fn saved_queries_read_the_search_page_and_a_person() {
        let saved = SavedQuery::parse("q=budget&body=Byr%C3%A5det&person=NJ&kind=&offset=20");
        assert_eq!(saved.query.q, "budget");
        assert_eq!(saved.query.body.as_deref(), Some("Byrådet"));
        assert_eq!(saved.query.kind, None);
        assert_eq!(saved.person.as_deref(), Some("NJ"));
        assert_eq!(saved.to_string(), "q=budget&body=Byr%C3%A5det&person=NJ");
    }
}
