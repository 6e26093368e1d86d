//! Sign-in: who a request is, and the pages that change it. `layer` runs before every
//! handler: it reads an `Authorization: Bearer` token (scripts) or the session cookie
//! (browsers) into the request's [`Viewer`], refuses every `POST` from a browser whose form
//! lacks the CSRF token, and marks answers to signed-in viewers private. The pages are
//! `/log-ind` (form fields `email`, `password` and, for accounts with TOTP, `kode`: see
//! [`crate::totp`]), `POST /log-ud` and
//! `/log-ind/ny-adgangskode?token=…` (the one-time link `referat users add` prints).
//!
//! Secrets never reach the database: session ids and tokens are kept as SHA-256, passwords
//! as argon2id hashes. A new session id is drawn at every sign-in, so a session id planted
//! before (session fixation) signs nobody in. Failed sign-ins are counted in the audit log
//! (per email and per client address, over [`FAILURE_WINDOW_SECONDS`]): each failure is
//! answered a little later than the one before, and beyond the limits the answer is 429.
//!
//! It does not decide what a role may see or do: [`crate::access`] does.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::Form;
use axum::body::Body;
use axum::extract::{Request, State};

use crate::input::Query;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use store::Actor;

use crate::access::{Account, Role, Viewer};
use crate::render::page;
use crate::{AppError, AppState, blocking};

/// The cookie that holds a browser's session id.
pub(crate) const SESSION_COOKIE: &str = "referat_session";

/// The cookie that holds the CSRF token of a browser that is not signed in (the sign-in
/// and new-password forms), checked against the form's copy (double submit).
const CSRF_COOKIE: &str = "referat_csrf";

/// The form field (or, for scripts using a session, the header `X-CSRF-Token`) that
/// carries the CSRF token.
pub(crate) const CSRF_FIELD: &str = "csrf";

/// How long a session lasts: a working day and then some.
const SESSION_SECONDS: i64 = 12 * 60 * 60;

/// How long a one-time link to set a password is valid.
pub const PASSWORD_LINK_SECONDS: i64 = 7 * 24 * 60 * 60;

/// Failed sign-ins are counted over this window.
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;

/// Failed sign-ins for one email within the window before sign-in is refused for it.
pub const MAX_FAILURES_PER_EMAIL: u32 = 5;

/// Failed sign-ins from one address within the window before it is refused.
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;

/// The shortest password accepted.
const MIN_PASSWORD_CHARS: usize = 10;

/// The client's IP address, put on each request by [`crate::serve`] (absent when the
/// router is driven directly, as in tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// How the request's viewer was established, for the handlers that change a session.
#[derive(Debug, Clone, Default)]
pub(crate) struct Signed {
    /// SHA-256 of the session id, when signed in with the cookie.
    pub(crate) session: Option<String>,
    /// The CSRF token the request's forms carry.
    pub(crate) csrf: Option<String>,
    /// Signed in with a bearer token (no cookies, so no CSRF check).
    pub(crate) bearer: bool,
}

/// What the header of every page shows: the account signed in, with the token of its
/// sign-out form.
#[derive(Debug, Clone)]
pub(crate) struct HeaderAccount {
    pub(crate) email: String,
    pub(crate) role: Role,
    pub(crate) csrf: Option<String>,
}

tokio::task_local! {
    /// The account of the request being answered, for [`crate::render::page`].
    static HEADER: Option<HeaderAccount>;
}

/// The account the page being rendered is for, if any.
pub(crate) fn header_account() -> Option<HeaderAccount> {
    HEADER.try_with(Clone::clone).ok().flatten()
}

/// An argon2id hash (PHC string) of `password`, with a random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|err| format!("ingen tilfældighed: {err}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|err| err.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| err.to_string())
}

/// Whether `password` matches the argon2 `hash`.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A new secret: 32 random bytes as hex (session ids, CSRF tokens, API tokens, links).
pub fn new_secret() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| format!("ingen tilfældighed: {err}"))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Whether a password is good enough; the Danish reason when not.
pub fn check_new_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!(
            "Adgangskoden skal have mindst {MIN_PASSWORD_CHARS} tegn."
        ));
    }
    Ok(())
}

pub(crate) fn secret() -> Result<String, AppError> {
    new_secret().map_err(AppError::Internal)
}

/// Compares two secrets in time that does not depend on where they differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure when the public origin is https.
pub(crate) fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.origin().starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let cookie =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    // Names and values are ASCII (hex secrets).
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The viewer of an account as the store keeps it; an unknown role signs nobody in.
fn viewer_of(user: &store::User) -> Viewer {
    match Role::parse(&user.role) {
        Some(role) => Viewer::Account(Account {
            email: user.email.clone(),
            role,
            organisation: user.organisation.clone(),
        }),
        None => Viewer::Public,
    }
}

/// Who the request is, from its bearer token or session cookie.
async fn resolve(state: &AppState, headers: &HeaderMap) -> Result<(Viewer, Signed), AppError> {
    let now = state.now();
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                AppError::Unauthorized("Authorization skal være \"Bearer <nøgle>\"".into())
            })?
            .to_owned();
        let user = blocking(state, move |store| {
            Ok(store.token_user(&store::sha256_hex(token.as_bytes()))?)
        })
        .await?
        .ok_or_else(|| AppError::Unauthorized("nøglen er ukendt eller trukket tilbage".into()))?;
        let signed = Signed {
            bearer: true,
            ..Signed::default()
        };
        return Ok((viewer_of(&user), signed));
    }
    let Some(id) = cookie(headers, SESSION_COOKIE) else {
        return Ok((Viewer::Public, Signed::default()));
    };
    let id_sha256 = store::sha256_hex(id.as_bytes());
    let lookup = id_sha256.clone();
    let session = blocking(state, move |store| Ok(store.session(&lookup, now)?)).await?;
    Ok(match session {
        Some(session) => (
            viewer_of(&session.user),
            Signed {
                session: Some(id_sha256),
                csrf: Some(session.csrf),
                bearer: false,
            },
        ),
        // An expired or unknown cookie: anonymous, as if there were none.
        None => (Viewer::Public, Signed::default()),
    })
}

/// The CSRF token a form posted by this browser must carry.
fn expected_csrf(signed: &Signed, headers: &HeaderMap) -> Option<String> {
    signed.csrf.clone().or_else(|| cookie(headers, CSRF_COOKIE))
}

/// The value of field `name` in a URL-encoded form body.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// Establishes the viewer of every request, checks the CSRF token of every `POST` made
/// with cookies, and keeps answers to signed-in viewers out of shared caches.
pub(crate) async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let (viewer, signed) = match resolve(&state, request.headers()).await {
        Ok(resolved) => resolved,
        Err(err) => return err.for_path(&path),
    };
    let mut request = request;
    // Only the routes that take a POST check its token: any other path answers 405 as
    // before, whoever asks.
    if request.method() == Method::POST
        && !signed.bearer
        && crate::accepts_post(&path)
        && !crate::posts_with_token(&path)
    {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, crate::security::max_body(&path)).await else {
            return AppError::PayloadTooLarge.for_path(&path);
        };
        let given = parts
            .headers
            .get("x-csrf-token")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
            .or_else(|| form_field(&bytes, CSRF_FIELD))
            // A file upload (multipart) carries its token in the form's address.
            .or_else(|| form_field(parts.uri.query().unwrap_or("").as_bytes(), CSRF_FIELD));
        let expected = expected_csrf(&signed, &parts.headers);
        let valid = matches!((&given, &expected), (Some(given), Some(expected)) if same_secret(given, expected));
        if !valid {
            let refused = AppError::Forbidden(
                "formularen mangler sin sikkerhedsnøgle eller er for gammel. Gå tilbage, \
                 genindlæs siden og prøv igen."
                    .into(),
            );
            return refused.for_path(&path);
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    let header = match &viewer {
        Viewer::Account(account) => Some(HeaderAccount {
            email: account.email.clone(),
            role: account.role,
            csrf: signed.csrf.clone(),
        }),
        Viewer::Public => None,
    };
    let scope = match scope_of(&state, &viewer).await {
        Ok(scope) => scope,
        Err(err) => return err.for_path(&path),
    };
    let private = !viewer.is_public();
    request.extensions_mut().insert(viewer);
    request.extensions_mut().insert(signed);
    let answer = crate::visible::scope(scope, next.run(request));
    let mut response = HEADER.scope(header, answer).await;
    if private {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response.headers_mut().append(
        header::VARY,
        HeaderValue::from_static("Cookie, Authorization"),
    );
    response
}

/// The meetings' visibility and organisation as of a value of the store's change counter
/// (a change of visibility counts as a change), so that a request costs one look at the
/// counter.
#[derive(Default)]
pub(crate) struct AccessCache(std::sync::Mutex<Option<(u64, Access)>>);

/// Each meeting's visibility (for those not imported publicly under their body), and each
/// meeting's organisation: the one it was imported for, else the one named like its body.
#[derive(Default)]
pub(crate) struct Meetings {
    access: HashMap<String, store::MeetingAccess>,
    organisation: HashMap<String, String>,
}

type Access = Arc<Meetings>;

/// What `viewer` may see of the meetings: not those imported as internal to an
/// organisation the viewer is no account of, and the closed items of another
/// organisation's meetings only as the public does ([`Viewer::sees_closed_of`]).
async fn scope_of(state: &AppState, viewer: &Viewer) -> Result<crate::visible::Scope, AppError> {
    let meetings = meetings_cached(state).await?;
    Ok(scope_in(&meetings, viewer))
}

/// [`meetings_of`], read again only when the store has changed since.
pub(crate) async fn meetings_cached(state: &AppState) -> Result<Access, AppError> {
    let cache = Arc::clone(&state.access);
    blocking(state, move |store| {
        let seq = store.change_seq()?;
        let mut cached = cache.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((seen, meetings)) = cached.as_ref()
            && *seen == seq
        {
            return Ok(Arc::clone(meetings));
        }
        let meetings = Arc::new(meetings_of(store)?);
        *cached = Some((seq, Arc::clone(&meetings)));
        Ok(meetings)
    })
    .await
}

/// Each meeting's visibility and organisation, read from the store.
pub(crate) fn meetings_of(store: &dyn store::Store) -> store::Result<Meetings> {
    let access = store.meeting_access()?;
    let all = store::Page {
        offset: 0,
        limit: u32::MAX,
    };
    let organisation = store
        .meetings(&store::MeetingFilter::default(), all)?
        .into_iter()
        .map(|summary| {
            let organisation = access
                .get(&summary.id)
                .and_then(|access| access.organisation.clone())
                .unwrap_or(summary.body);
            (summary.id, organisation)
        })
        .collect();
    Ok(Meetings {
        access,
        organisation,
    })
}

impl Meetings {
    /// The organisation a meeting belongs to.
    pub(crate) fn organisation(&self, meeting_id: &str) -> Option<&str> {
        self.organisation.get(meeting_id).map(String::as_str)
    }
}

/// What `viewer` may see of `meetings` (see [`scope_of`]); also for the mail a viewer
/// gets (`crate::alerts`), which no request carries.
pub(crate) fn scope_in(meetings: &Meetings, viewer: &Viewer) -> crate::visible::Scope {
    let hidden: HashSet<String> = meetings
        .access
        .iter()
        .filter(|(_, access)| {
            access.visibility == store::Visibility::Internal
                && !viewer.sees_internal_of(access.organisation.as_deref().unwrap_or_default())
        })
        .map(|(id, _)| id.clone())
        .collect();
    // Only a viewer who sees closed items at all sees some of them in the public view.
    let public_view: HashSet<String> = if viewer.sees_closed() {
        meetings
            .organisation
            .iter()
            .filter(|(id, organisation)| {
                !hidden.contains(*id) && !viewer.sees_closed_of(organisation)
            })
            .map(|(id, _)| id.clone())
            .collect()
    } else {
        HashSet::new()
    };
    crate::visible::Scope {
        hidden: Arc::new(hidden),
        public_view: Arc::new(public_view),
    }
}

/// Where to go after signing in: a path on this site, never another site.
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.starts_with("/log-") =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct SignInQuery {
    #[serde(default)]
    naeste: Option<String>,
    /// Set after a new password was saved.
    #[serde(default)]
    ny: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// The code from the authenticator app, for accounts with TOTP.
    #[serde(default)]
    kode: Option<String>,
    #[serde(default)]
    naeste: Option<String>,
}

/// The CSRF token for a form on a page that an anonymous browser may load, and the cookie
/// to set when the browser has none yet.
fn form_csrf(
    state: &AppState,
    signed: &Signed,
    headers: &HeaderMap,
) -> Result<(String, Option<HeaderValue>), AppError> {
    if let Some(csrf) = expected_csrf(signed, headers) {
        return Ok((csrf, None));
    }
    let csrf = secret()?;
    let cookie = set_cookie(state, CSRF_COOKIE, &csrf, SESSION_SECONDS);
    Ok((csrf, Some(cookie)))
}

/// The sign-in form, with an error message (announced to screen readers) when given.
fn sign_in_form(
    csrf: &str,
    email: &str,
    next: &str,
    error: Option<&str>,
    notice: Option<&str>,
) -> Markup {
    html! {
        h1 { "Log ind" }
        @if let Some(notice) = notice {
            p class="notice" role="status" { (notice) }
        }
        @if let Some(error) = error {
            p id="fejl" class="error" role="alert" { (error) }
        }
        form class="sign-in" method="post" action="/log-ind" {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            input type="hidden" name="naeste" value=(next);
            p {
                label for="email" { "E-mailadresse" }
                input id="email" name="email" type="email" autocomplete="username" required
                    value=(email) aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| "fejl")];
            }
            p {
                label for="password" { "Adgangskode" }
                input id="password" name="password" type="password"
                    autocomplete="current-password" required autofocus[error.is_some()]
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| "fejl")];
            }
            p {
                label for="kode" { "Kode fra godkendelsesappen" }
                input id="kode" name="kode" type="text" autocomplete="one-time-code"
                    inputmode="numeric" maxlength="10"
                    aria-describedby="kode-hjaelp";
                small id="kode-hjaelp" { "Kun hvis din konto bruger en godkendelsesapp." }
            }
            p { button type="submit" { "Log ind" } }
        }
    }
}

pub(crate) fn with_cookies(
    mut response: Response,
    cookies: impl IntoIterator<Item = HeaderValue>,
) -> Response {
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /log-ind`.
pub(crate) async fn sign_in_page(
    State(state): State<AppState>,
    Query(query): Query<SignInQuery>,
    axum::Extension(signed): axum::Extension<Signed>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (csrf, cookie) = form_csrf(&state, &signed, &headers)?;
    let next = safe_next(query.naeste.as_deref());
    let notice = query
        .ny
        .is_some()
        .then_some("Din adgangskode er gemt. Log ind med den.");
    let form = sign_in_form(&csrf, "", &next, None, notice);
    let body = page(
        "Log ind",
        html! { (form) (crate::oidc::offer(&state, &next)) },
    );
    Ok(with_cookies(body.into_response(), cookie))
}

pub(crate) fn actor(email: Option<String>, client: Option<&ClientAddr>, at: i64) -> Actor {
    Actor {
        email,
        address: client.map(|client| client.0.to_string()),
        at,
    }
}

/// `POST /log-ind`.
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    client: Option<axum::Extension<ClientAddr>>,
    axum::Extension(signed): axum::Extension<Signed>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let now = state.now();
    let client = client.map(|axum::Extension(client)| client);
    let email = store::normalise_email(&form.email);
    let next = safe_next(form.naeste.as_deref());
    let csrf = expected_csrf(&signed, &headers).unwrap_or_default();
    let again = |status: StatusCode, error: &str| {
        let body = page(
            "Log ind",
            sign_in_form(&csrf, &email, &next, Some(error), None),
        );
        with_cookies((status, body).into_response(), None)
    };
    if email.is_empty() || form.password.is_empty() {
        return Ok(again(
            StatusCode::BAD_REQUEST,
            "Skriv både din e-mailadresse og din adgangskode.",
        ));
    }
    let address = client.map(|client| client.0.to_string());
    let (by_email, by_address) = {
        let (email, address) = (email.clone(), address.clone());
        let since = now - FAILURE_WINDOW_SECONDS;
        blocking(&state, move |store| {
            let by_email = store.count_events("sign_in_failed", Some(&email), None, since)?;
            let by_address = match &address {
                Some(address) => {
                    store.count_events("sign_in_failed", None, Some(address), since)?
                }
                None => 0,
            };
            Ok((by_email, by_address))
        })
        .await?
    };
    if by_email >= MAX_FAILURES_PER_EMAIL || by_address >= MAX_FAILURES_PER_ADDRESS {
        let actor = actor(None, client.as_ref(), now);
        let target = email.clone();
        blocking(&state, move |store| {
            Ok(store.audit("sign_in_refused", Some(&target), None, &actor)?)
        })
        .await?;
        return Err(AppError::TooManyAttempts);
    }
    let lookup = email.clone();
    let password = form.password.clone();
    // The hash is checked on a blocking thread: argon2 takes tens of milliseconds on
    // purpose. An unknown account is checked against a fixed hash, so that the answer
    // takes as long and does not tell which accounts exist.
    let user = blocking(&state, move |store| {
        let found = store.credentials(&lookup)?;
        let (user, hash) = match found {
            Some((user, Some(hash))) => (Some(user), hash),
            _ => (None, dummy_hash().to_owned()),
        };
        let matches = verify_password(&hash, &password);
        Ok(user.filter(|_| matches))
    })
    .await?;
    let user = user.filter(|user| Role::parse(&user.role).is_some());
    // Only once the password was right is the second factor asked about, so its answer
    // tells nothing to whoever does not know the password.
    let refusal = match &user {
        Some(user) => crate::totp::refusal(&state, user, form.kode.as_deref(), now).await?,
        None => Some("Forkert e-mailadresse eller adgangskode."),
    };
    let (Some(user), None) = (user, refusal) else {
        let actor = actor(None, client.as_ref(), now);
        let target = email.clone();
        blocking(&state, move |store| {
            Ok(store.audit("sign_in_failed", Some(&target), None, &actor)?)
        })
        .await?;
        // Each failure in the window answers a little later than the one before.
        let delay = Duration::from_millis(200 * u64::from(by_email.max(by_address) + 1));
        tokio::time::sleep(delay.min(Duration::from_secs(2))).await;
        return Ok(again(
            StatusCode::UNAUTHORIZED,
            refusal.unwrap_or("Forkert e-mailadresse eller adgangskode."),
        ));
    };
    let actor = actor(Some(user.email.clone()), client.as_ref(), now);
    let cookie = begin_session(&state, &user.email, signed.session, actor).await?;
    Ok(with_cookies(Redirect::to(&next).into_response(), [cookie]))
}

/// Starts a session for `email` (signed in locally or with OpenID Connect), ending the
/// browser's `old` one; the `Set-Cookie` of the new session. A fresh session id at every
/// sign-in: one planted before signs nobody in.
pub(crate) async fn begin_session(
    state: &AppState,
    email: &str,
    old: Option<String>,
    actor: Actor,
) -> Result<HeaderValue, AppError> {
    let id = secret()?;
    let csrf = secret()?;
    let id_sha256 = store::sha256_hex(id.as_bytes());
    let session_email = email.to_owned();
    let expires = actor.at + SESSION_SECONDS;
    blocking(state, move |store| {
        if let Some(old) = old {
            store.end_session(&old, &actor)?;
        }
        Ok(store.create_session(&id_sha256, &session_email, &csrf, expires, &actor)?)
    })
    .await?;
    Ok(set_cookie(state, SESSION_COOKIE, &id, SESSION_SECONDS))
}

/// A fixed argon2id hash to check unknown accounts against (see [`sign_in`]).
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("ingen konto har denne adgangskode").unwrap_or_default())
}

/// `POST /log-ud`.
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    client: Option<axum::Extension<ClientAddr>>,
    axum::Extension(signed): axum::Extension<Signed>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let email = match &viewer {
        Viewer::Account(account) => Some(account.email.clone()),
        Viewer::Public => None,
    };
    if let Some(session) = signed.session {
        let actor = actor(email, client.map(|e| e.0).as_ref(), state.now());
        blocking(
            &state,
            move |store| Ok(store.end_session(&session, &actor)?),
        )
        .await?;
    }
    let cookie = set_cookie(&state, SESSION_COOKIE, "", 0);
    Ok(with_cookies(Redirect::to("/").into_response(), [cookie]))
}

#[derive(Debug, Deserialize)]
pub(crate) struct LinkQuery {
    #[serde(default)]
    token: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NewPasswordForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    repeat: String,
}

fn new_password_form(csrf: &str, token: &str, email: &str, error: Option<&str>) -> Markup {
    html! {
        h1 { "Vælg en adgangskode" }
        p { "Kontoen " strong { (email) } " får en ny adgangskode på mindst "
            (MIN_PASSWORD_CHARS) " tegn." }
        @if let Some(error) = error {
            p id="fejl" class="error" role="alert" { (error) }
        }
        form class="sign-in" method="post" action="/log-ind/ny-adgangskode" {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            input type="hidden" name="token" value=(token);
            p {
                label for="password" { "Ny adgangskode" }
                input id="password" name="password" type="password" autocomplete="new-password"
                    required minlength=(MIN_PASSWORD_CHARS)
                    aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "fejl")];
            }
            p {
                label for="repeat" { "Gentag adgangskoden" }
                input id="repeat" name="repeat" type="password" autocomplete="new-password"
                    required minlength=(MIN_PASSWORD_CHARS);
            }
            p { button type="submit" { "Gem adgangskoden" } }
        }
    }
}

fn unknown_link() -> AppError {
    AppError::NotFound(
        "linket til at vælge en adgangskode er ukendt, brugt eller udløbet; bed en \
         administrator om et nyt"
            .into(),
    )
}

/// `GET /log-ind/ny-adgangskode?token=…`.
pub(crate) async fn new_password_page(
    State(state): State<AppState>,
    Query(query): Query<LinkQuery>,
    axum::Extension(signed): axum::Extension<Signed>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let now = state.now();
    let sha = store::sha256_hex(query.token.as_bytes());
    let email = blocking(&state, move |store| Ok(store.password_link(&sha, now)?))
        .await?
        .ok_or_else(unknown_link)?;
    let (csrf, cookie) = form_csrf(&state, &signed, &headers)?;
    let body = page(
        "Vælg en adgangskode",
        new_password_form(&csrf, &query.token, &email, None),
    );
    Ok(with_cookies(body.into_response(), cookie))
}

/// `POST /log-ind/ny-adgangskode`.
pub(crate) async fn new_password(
    State(state): State<AppState>,
    client: Option<axum::Extension<ClientAddr>>,
    axum::Extension(signed): axum::Extension<Signed>,
    headers: HeaderMap,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, AppError> {
    let now = state.now();
    let sha = store::sha256_hex(form.token.as_bytes());
    let lookup = sha.clone();
    let email = blocking(&state, move |store| Ok(store.password_link(&lookup, now)?))
        .await?
        .ok_or_else(unknown_link)?;
    let problem = check_new_password(&form.password).err().or_else(|| {
        (form.password != form.repeat).then(|| "De to adgangskoder er ikke ens.".to_owned())
    });
    if let Some(problem) = problem {
        let csrf = expected_csrf(&signed, &headers).unwrap_or_default();
        let body = page(
            "Vælg en adgangskode",
            new_password_form(&csrf, &form.token, &email, Some(&problem)),
        );
        return Ok(with_cookies(
            (StatusCode::BAD_REQUEST, body).into_response(),
            None,
        ));
    }
    let password = form.password;
    let actor = actor(Some(email), client.map(|e| e.0).as_ref(), now);
    blocking(&state, move |store| {
        let hash = hash_password(&password).map_err(AppError::Internal)?;
        Ok(store.use_password_link(&sha, &hash, &actor)?)
    })
    .await?;
    Ok(Redirect::to("/log-ind?ny=1").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("korrekt hest batteri").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "korrekt hest batteri"));
        assert!(!verify_password(&hash, "forkert"));
        assert!(!verify_password("ikke en hash", "forkert"));
        assert_ne!(
            hash,
            hash_password("korrekt hest batteri").unwrap(),
            "salted"
        );
    }

    #[test]
    fn secrets_are_long_and_new() {
        let a = new_secret().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_secret().unwrap());
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &new_secret().unwrap()));
        assert!(!same_secret("ab", "abc"));
    }

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; referat_session=xyz"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(cookie(&headers, "b"), None);
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/opfoelgning?x=1")), "/opfoelgning?x=1");
        for refused in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "/log-ud",
            "",
        ] {
            assert_eq!(safe_next(Some(refused)), "/", "{refused}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
