//! The web server: server-rendered Danish pages that need no JavaScript, a JSON API under
//! `/api/v1` with its OpenAPI document and an OParl 1.1 export, calendar (iCalendar), Atom and
//! CSV exports. [`router`] builds the whole application from an [`AppState`], so tests drive
//! it with `tower::ServiceExt::oneshot` without a port; [`serve`] runs it on a socket within
//! the state's [`Limits`], with absolute links on its [`Origin`].
//!
//! It owns no storage, extraction or reading of file formats: the store comes in as an
//! `Arc<dyn Store>`, "today" and the reading of original files come in as functions from the
//! caller (the CLI), the way typst passes `today` through `World`.
//!
//! Reading is `GET`. The few writes are `POST`: signing in and out (`/log-ind`, `/log-ud`,
//! see [`auth`]) and the follow-up status a sekretær sets, as a form with its CSRF token
//! or through the API with `Authorization: Bearer`. Who may do what is decided in
//! [`access`] alone.

pub mod access;
pub mod alerts;
mod api;
pub mod auth;
mod authoring;
mod caching;
mod error;
mod feeds;
mod find;
mod followups;
mod input;
mod large;
pub mod mail;
mod moved;
pub mod oidc;
mod oparl;
mod ops;
mod pages;
mod register;
mod releases;
mod render;
mod revision;
mod saved;
mod schemas;
mod security;
mod server;
mod stream;
pub mod totp;
mod visible;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use model::{Date, Text};
use search::SearchIndex;
use store::Store;

use access::Viewer;
pub use error::AppError;
pub use ops::LogFormat;
pub use render::path_segment as percent_encode;
pub use server::{serve, serve_until};

/// Reads the original bytes of a source (named as imported) back into lines, so the meeting
/// page can show the original beside what was extracted. `None` when it cannot be read.
pub type ReadSource = dyn Fn(&[u8], &str) -> Option<Text> + Send + Sync;

/// Everything the handlers need, passed in by the caller.
#[derive(Clone)]
pub struct AppState {
    /// Where meetings live.
    pub store: Arc<dyn Store>,
    /// The search index of the store's meetings, kept up to date by whoever changes the
    /// store (`referat import`); this crate only reloads it when the store has changed.
    pub search: Arc<SearchIndex>,
    /// Today's date in Europe/Copenhagen; read by the caller, never by this crate.
    pub today: Arc<dyn Fn() -> Date + Send + Sync>,
    /// The time now in Unix seconds, for sessions, links and the audit log (the system
    /// clock unless set with [`AppState::with_now`]).
    now: Arc<dyn Fn() -> i64 + Send + Sync>,
    /// How to turn a kept source back into lines.
    pub read_source: Arc<ReadSource>,
    /// The store's change counter when the index was last reloaded.
    seen_seq: Arc<AtomicU64>,
    /// Where absolute links point; `None` until set or until [`serve`] sets the address
    /// it listens on.
    origin: Option<Origin>,
    /// Timeouts and bounds; see [`Limits`].
    limits: Limits,
    /// The searches running and waiting.
    searches: Arc<SearchGate>,
    /// The answers covering the whole corpus being built or sent, and waiting (`large`).
    large: Arc<SearchGate>,
    /// When the answers' current ETag was first given (`Last-Modified`).
    modified: Arc<caching::Modified>,
    /// How the meetings were imported (public or internal), as of a change counter.
    access: Arc<auth::AccessCache>,
    /// Sign-in with OpenID Connect, when configured.
    oidc: Option<Arc<oidc::Oidc>>,
    /// The counts behind `/metrics`.
    metrics: Arc<ops::Metrics>,
    /// How each request is logged on stderr.
    log: LogFormat,
}

/// The scheme, host and port every absolute link (feeds, calendars, OParl, the OpenAPI
/// servers) starts with, such as `https://referat.example.dk`. Never taken from a
/// request's `Host` header, which any client can set (issue 19).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(Arc<str>);

impl Origin {
    /// `http://` and the address a server listens on.
    pub fn of_addr(addr: SocketAddr) -> Origin {
        Origin(format!("http://{addr}").into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Origin {
    type Err = String;

    /// Reads `http(s)://host[:port]`, with or without a final `/`; a path, query,
    /// fragment or user name is refused, because the pages link from the root.
    fn from_str(raw: &str) -> Result<Origin, String> {
        let refused = || {
            format!(
                "forventede en adresse som https://referat.example.dk (http eller https, \
                 vært og evt. port, uden sti), ikke {raw:?}"
            )
        };
        let uri: axum::http::Uri = raw.parse().map_err(|_| refused())?;
        let scheme = uri.scheme_str().ok_or_else(refused)?;
        let authority = uri.authority().ok_or_else(refused)?;
        let plain_path = matches!(uri.path(), "" | "/");
        if !matches!(scheme, "http" | "https")
            || authority.as_str().contains('@')
            || authority.host().is_empty()
            || !plain_path
            || uri.query().is_some()
            || raw.contains('#')
        {
            return Err(refused());
        }
        Ok(Origin(
            format!("{scheme}://{}", authority.as_str().to_ascii_lowercase()).into(),
        ))
    }
}

/// What one client and one request may take; [`serve`] and the router enforce it. The
/// defaults suit a server on the open internet on a small machine.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Longest time for a request's headers to arrive, counted from when the connection is
    /// ready for a request (so it also bounds a connection that sends nothing).
    pub header_timeout: Duration,
    /// Longest time for a request's body to arrive (no route reads one; it is drained).
    pub body_timeout: Duration,
    /// A connection that sends and receives nothing for this long while none of its
    /// requests is being answered is closed (keep-alive idle, stalled readers).
    pub idle_timeout: Duration,
    /// Longest time to answer a request once it has arrived; beyond it, 503.
    pub request_timeout: Duration,
    /// Most open connections per client IP address (0: no limit). Behind a reverse proxy
    /// every connection comes from the proxy: raise it or set 0 there.
    pub connections_per_client: usize,
    /// Most searches answered at once; more wait their turn.
    pub searches: usize,
    /// Most searches waiting; beyond that, 503 with Retry-After, so that cheap pages stay
    /// fast while expensive searches pile up. Also the most answers waiting for a turn of
    /// `large_answers`.
    pub search_queue: usize,
    /// Most answers covering the whole corpus (the register, the exports, the calendars of
    /// everything, the front page) started at once; more wait their turn (see `large`).
    /// The exports and calendars are written as they are sent (`stream`), so one holds a
    /// few hundred kilobytes whatever the corpus, but each keeps a core busy while it is
    /// written: two by default (docs/soak.md).
    pub large_answers: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            connections_per_client: 100,
            searches: 4,
            search_queue: 64,
            large_answers: 2,
        }
    }
}

/// Lets [`Limits::searches`] searches run at once and [`Limits::search_queue`] wait.
struct SearchGate {
    running: Arc<tokio::sync::Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

/// One search waiting for its turn; counted until dropped.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl SearchGate {
    fn new(limits: &Limits) -> SearchGate {
        SearchGate::with_turns(limits.searches, limits.search_queue)
    }

    /// A gate for `running` at once (at least one) and `max_waiting` waiting.
    fn with_turns(running: usize, max_waiting: usize) -> SearchGate {
        SearchGate {
            running: Arc::new(tokio::sync::Semaphore::new(running.max(1))),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    /// The gate of [`Limits::large_answers`].
    fn large(limits: &Limits) -> SearchGate {
        SearchGate::with_turns(limits.large_answers, limits.search_queue)
    }

    /// A turn to search: at once, after waiting in the queue, or [`AppError::Busy`] when
    /// the queue is full.
    async fn enter(&self) -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
        if let Ok(permit) = Arc::clone(&self.running).try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::Relaxed) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            return Err(AppError::Busy);
        }
        let _waiting = Waiting(&self.waiting);
        Arc::clone(&self.running)
            .acquire_owned()
            .await
            .map_err(|_| AppError::Busy)
    }
}

impl AppState {
    /// A state with a fixed "today", for tests and for callers that read the clock once.
    pub fn new(
        store: Arc<dyn Store>,
        search: Arc<SearchIndex>,
        today: Date,
        read_source: Arc<ReadSource>,
    ) -> AppState {
        AppState::with_clock(store, search, Arc::new(move || today), read_source)
    }

    /// A state that asks `today` for the date at each request.
    pub fn with_clock(
        store: Arc<dyn Store>,
        search: Arc<SearchIndex>,
        today: Arc<dyn Fn() -> Date + Send + Sync>,
        read_source: Arc<ReadSource>,
    ) -> AppState {
        let seen = search.indexed_seq().unwrap_or(0);
        let limits = Limits::default();
        AppState {
            store,
            search,
            today,
            now: Arc::new(|| jiff::Timestamp::now().as_second()),
            read_source,
            seen_seq: Arc::new(AtomicU64::new(seen)),
            origin: None,
            searches: Arc::new(SearchGate::new(&limits)),
            large: Arc::new(SearchGate::large(&limits)),
            limits,
            modified: Arc::default(),
            access: Arc::default(),
            oidc: None,
            metrics: Arc::default(),
            log: LogFormat::Off,
        }
    }

    /// The same state with absolute links on `origin`.
    #[must_use]
    pub fn with_origin(mut self, origin: &Origin) -> AppState {
        self.origin = Some(origin.clone());
        self
    }

    /// The same state with a clock of its own (Unix seconds), as tests set one.
    #[must_use]
    pub fn with_now(mut self, now: Arc<dyn Fn() -> i64 + Send + Sync>) -> AppState {
        self.now = now;
        self
    }

    /// The same state with sign-in through OpenID Connect.
    #[must_use]
    pub fn with_oidc(mut self, oidc: oidc::Oidc) -> AppState {
        self.oidc = Some(Arc::new(oidc));
        self
    }

    /// The same state with no origin set: [`serve`] links to the address it listens on.
    #[must_use]
    pub fn without_origin(mut self) -> AppState {
        self.origin = None;
        self
    }

    /// The same state, logging each request on stderr in `format`.
    #[must_use]
    pub fn with_log(mut self, format: LogFormat) -> AppState {
        self.log = format;
        self
    }

    /// The same state within `limits`.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> AppState {
        self.searches = Arc::new(SearchGate::new(&limits));
        self.large = Arc::new(SearchGate::large(&limits));
        self.limits = limits;
        self
    }

    /// Where absolute links point: the origin set, else `http://localhost` (a router
    /// driven without [`serve`], as in tests).
    fn origin(&self) -> &str {
        self.origin
            .as_ref()
            .map_or("http://localhost", Origin::as_str)
    }

    fn today(&self) -> Date {
        (self.today)()
    }

    fn now(&self) -> i64 {
        (self.now)()
    }
}

/// The whole application: pages, API, feeds, exports, and on all of it the security
/// headers and limits, ETags with 304 and gzip.
pub fn router(state: AppState) -> Router {
    let app = Router::new()
        .route("/", get(pages::front))
        .route("/moeder", get(pages::meetings))
        .route("/moeder/{id}", get(pages::meeting))
        .route("/moeder/{id}/original", get(pages::original))
        .route("/punkter/{meeting_id}/{item}", get(pages::item))
        .route(
            "/punkter/{meeting_id}/{item}/offentliggoerelse",
            post(releases::set_from_form),
        )
        .route("/personer", get(pages::people))
        .route("/personer/{name}", get(pages::person))
        .route("/opfoelgning", get(pages::actions))
        .route(
            "/opfoelgning/{meeting_id}/{item}/{position}",
            get(followups::page_of),
        )
        .route(
            "/opfoelgning/{meeting_id}/{item}/{position}/status",
            post(followups::set_from_form),
        )
        .route(
            "/opfoelgning/{meeting_id}/{item}/{position}/ret",
            post(followups::edit_from_form),
        )
        .route("/soeg", get(pages::search))
        .route("/log-ind", get(auth::sign_in_page).post(auth::sign_in))
        .route("/log-ind/oidc", get(oidc::start))
        .route("/log-ind/oidc/retur", get(oidc::finish))
        .route("/log-ud", post(auth::sign_out))
        .route("/revision", get(revision::page_of))
        .route("/mine-soegninger", get(saved::list).post(saved::save))
        .route("/mine-soegninger/{id}/slet", post(saved::remove))
        .route("/feeds/gemt/{token}", get(saved::feed))
        .route(
            "/afmeld/{tokens}",
            get(saved::unsubscribe_page).post(saved::unsubscribe),
        )
        .route("/admin/post", get(saved::outbox))
        .route("/revision.csv", get(revision::csv))
        .route(
            "/log-ind/ny-adgangskode",
            get(auth::new_password_page).post(auth::new_password),
        )
        .route("/style.css", get(render::stylesheet))
        .route("/skriv.js", get(authoring::script))
        .route("/skriv", get(authoring::overview))
        .route("/skriv/serier", post(authoring::add_series))
        .route("/skriv/serier/{id}", post(authoring::update_series))
        .route("/skriv/moeder", post(authoring::add_meeting))
        .route("/skriv/{id}", get(authoring::editor).post(authoring::save))
        .route("/skriv/{id}/tilstand", post(authoring::move_to))
        .route(
            "/skriv/{id}/godkend",
            get(authoring::approval).post(authoring::approve),
        )
        .route("/skriv/{id}/bilag", post(authoring::upload))
        .route("/skriv/{id}/bilag/{sha256}", get(authoring::attachment))
        .route("/skriv/{id}/{file}", get(authoring::download))
        .route("/kalender/moeder.ics", get(feeds::meetings_ics))
        .route("/kalender/opfoelgning.ics", get(feeds::actions_ics))
        .route("/feeds/moeder.atom", get(feeds::meetings_atom))
        .route("/feeds/soeg.atom", get(feeds::search_atom))
        .route("/eksport/opfoelgning.csv", get(feeds::actions_csv))
        .route("/eksport/opfoelgning.xlsx", get(feeds::actions_xlsx))
        .route("/eksport/beslutninger.csv", get(feeds::decisions_csv))
        .nest("/api/v1", api::router())
        .fallback(pages::not_found)
        .with_state(state.clone())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            moved::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            large::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            caching::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.limits.clone(),
            security::headers,
        ))
        // The security layer holds each path to its own limit (`security::max_body`).
        .layer(axum::extract::DefaultBodyLimit::max(
            security::MAX_ATTACHMENT_BYTES,
        ));
    // Health, readiness and metrics stay outside the application's layers (see `ops`);
    // every request is counted and logged.
    Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .with_state(state.clone())
        .merge(app)
        .layer(axum::middleware::from_fn_with_state(state, ops::observe))
}

/// Whether `path` is one of the routes that take a `POST` (see [`router`]): the only
/// requests whose CSRF token [`auth::layer`] checks.
fn accepts_post(path: &str) -> bool {
    matches!(path, "/log-ind" | "/log-ud" | "/log-ind/ny-adgangskode")
        || (path.starts_with("/opfoelgning/")
            && (path.ends_with("/status") || path.ends_with("/ret")))
        || (path.starts_with("/api/v1/actions/")
            && (path.ends_with("/status") || path.ends_with("/edit")))
        || (path.starts_with("/punkter/") && path.ends_with("/offentliggoerelse"))
        || path == "/mine-soegninger"
        || path.starts_with("/skriv/")
        || (path.starts_with("/mine-soegninger/") && path.ends_with("/slet"))
        || posts_with_token(path)
}

/// Whether `path` takes a `POST` that its own token in the path authorises, with no
/// session and so no CSRF token: the unsubscribe links of mails, which a mail client
/// follows with RFC 8058's one-click `POST`.
fn posts_with_token(path: &str) -> bool {
    path.starts_with("/afmeld/")
}

/// Runs a blocking call to the store and the search index off the async runtime (both are
/// synchronous by design). When the store has changed since the index was last reloaded,
/// the index is reloaded first, so an import in another process shows up in searches.
/// Searches take turns (see [`Limits::searches`]); a turn lasts until the search ends,
/// even when the request has given up.
async fn searching<T, F>(state: &AppState, call: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store, &SearchIndex) -> Result<T, AppError> + Send + 'static,
{
    let turn = state.searches.enter().await?;
    let store = Arc::clone(&state.store);
    let index = Arc::clone(&state.search);
    let seen = Arc::clone(&state.seen_seq);
    let scope = visible::current();
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let seq = store.change_seq()?;
        if seq != seen.load(Ordering::Relaxed) {
            index.reload()?;
            // What the index has caught up with; until it reaches `seq`, the next search
            // reloads again.
            seen.store(index.indexed_seq()?, Ordering::Relaxed);
        }
        let store = visible::Visible {
            inner: store.as_ref(),
            hidden: &scope.hidden,
        };
        visible::with_scope(scope.clone(), || call(&store, index.as_ref()))
    })
    .await
    .map_err(|err| AppError::Internal(format!("opgaven stoppede: {err}")))?
}

/// The person registry as the pages, the APIs and `referat people` list it to `viewer`:
/// people only. The store keeps every name that owns a follow-up, and a unit
/// (`administrationen`, `Magistratsafdelingen for Teknik`) or an organisation may own one,
/// but it is no person ([`extract::people::is_person_name`]).
///
/// For a viewer who does not see closed items, the follow-ups of closed items are not
/// counted, and a person named only as the owner of such a follow-up is not listed (issue
/// 13): the few owners of closed items' follow-ups are looked up one by one, as their
/// person pages show them.
pub fn registry(store: &dyn Store, viewer: &Viewer) -> Result<Vec<store::PersonSummary>, AppError> {
    let mut people = store.people()?;
    people.retain(|person| extract::people::is_person_name(&person.name));
    if viewer.sees_every_closed() {
        return Ok(people);
    }
    let closed = store.actions(&store::ActionFilter {
        item_closed: Some(true),
        ..store::ActionFilter::default()
    })?;
    let owners: std::collections::BTreeSet<&str> = closed
        .iter()
        .filter(|row| !viewer.sees_action_of(&row.meeting_id, row.item_closed))
        .flat_map(|row| row.action.owners.iter().map(|owner| owner.name.as_str()))
        .collect();
    let mut visible = Vec::with_capacity(people.len());
    for mut person in people {
        if owners.contains(person.name.as_str()) {
            let mut detail = store.person(&person.name)?;
            let presented = pages::presented(store, &detail, viewer)?;
            if pages::visible_person(&mut detail, &presented, viewer).is_err() {
                continue;
            }
            person.n_meetings = u32::try_from(detail.meetings.len()).unwrap_or(u32::MAX);
            person.n_actions = u32::try_from(detail.actions.len()).unwrap_or(u32::MAX);
        }
        visible.push(person);
    }
    Ok(visible)
}

/// Runs a blocking store call off the async runtime (the store is synchronous by design).
async fn blocking<T, F>(state: &AppState, call: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, AppError> + Send + 'static,
{
    let store = Arc::clone(&state.store);
    let scope = visible::current();
    tokio::task::spawn_blocking(move || {
        if scope.hidden.is_empty() && scope.public_view.is_empty() {
            return call(store.as_ref());
        }
        let store = visible::Visible {
            inner: store.as_ref(),
            hidden: &scope.hidden,
        };
        visible::with_scope(scope.clone(), || call(&store))
    })
    .await
    .map_err(|err| AppError::Internal(format!("opgaven stoppede: {err}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn searches_beyond_the_queue_are_refused() {
        let limits = Limits {
            searches: 1,
            search_queue: 1,
            ..Limits::default()
        };
        let gate = Arc::new(SearchGate::new(&limits));
        let running = gate.enter().await.unwrap();
        // One waits its turn...
        let waiting = tokio::spawn({
            let gate = Arc::clone(&gate);
            async move { gate.enter().await.map(drop) }
        });
        while gate.waiting.load(Ordering::Relaxed) == 0 {
            tokio::task::yield_now().await;
        }
        // ...the next is refused at once.
        assert!(matches!(gate.enter().await, Err(AppError::Busy)));
        drop(running);
        assert!(waiting.await.unwrap().is_ok());
        assert_eq!(gate.waiting.load(Ordering::Relaxed), 0);
        assert!(gate.enter().await.is_ok());
    }

    #[test]
    fn public_origins_are_read_strictly() {
        let origin = |raw: &str| raw.parse::<Origin>().map(|o| o.as_str().to_owned());
        assert_eq!(
            origin("https://Referat.Example.dk/").unwrap(),
            "https://referat.example.dk"
        );
        assert_eq!(origin("http://[::1]:8080").unwrap(), "http://[::1]:8080");
        for refused in [
            "referat.example.dk",
            "ftp://referat.example.dk",
            "https://referat.example.dk/sti",
            "https://referat.example.dk/?q=1",
            "https://bruger@referat.example.dk",
            "https://referat.example.dk/#x",
            "",
        ] {
            assert!(origin(refused).is_err(), "{refused}");
        }
    }
}
