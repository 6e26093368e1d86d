//! The pages of alerts (issue 15): saving the search on `/soeg` (a form for signed-in
//! accounts), `/mine-soegninger` with each saved search, its private Atom feed and a button
//! to remove it, the feed itself (`/feeds/gemt/{token}`, answering as the search's account
//! would see it, for feed readers that cannot sign in), the unsubscribe link of the digests
//! (`/afmeld/{tokens}`: `GET` asks, `POST` removes, also as RFC 8058's one-click
//! `List-Unsubscribe=One-Click`), and the outbox for administrators (`/admin/post`).
//!
//! The feed and unsubscribe links carry the saved search's random token, which is all they
//! need: a mail client's one-click `POST` has no session and no CSRF token. Composing and
//! sending mail is [`crate::alerts`] and [`crate::mail`].

use axum::Extension;
use axum::extract::{Form, State};

use crate::input::Path;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use store::{Actor, Frequency, OutboxMail, Page, SavedSearch};

use crate::access::{Role, Viewer};
use crate::alerts::SavedQuery;
use crate::auth::ClientAddr;
use crate::render::page;
use crate::{AppError, AppState, blocking, find, searching};

/// Most saved searches of one account.
const MAX_PER_ACCOUNT: usize = 50;

/// The longest name of a saved search, in characters.
const MAX_NAME_CHARS: usize = 100;

/// The form under the results of `/soeg` that saves the search, for a signed-in account;
/// nothing for anybody else or without words and filters.
pub(crate) fn save_form(query: &find::Query) -> Markup {
    let Some(csrf) = crate::auth::header_account().and_then(|account| account.csrf) else {
        return html! {};
    };
    let saved = SavedQuery {
        query: query.clone(),
        person: None,
    };
    if query.q.trim().is_empty() && saved.to_string() == "q=" {
        return html! {};
    }
    html! {
        section class="save-search" aria-labelledby="gem-soegning" {
            h2 id="gem-soegning" { "Få besked om nye punkter" }
            form method="post" action="/mine-soegninger" {
                input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                input type="hidden" name="query" value=(saved.to_string());
                p {
                    label for="navn" { "Navn på søgningen" }
                    input id="navn" name="navn" type="text" required maxlength=(MAX_NAME_CHARS) value=(query.q.trim());
                }
                p {
                    label for="hyppighed" { "Hvor ofte" }
                    select id="hyppighed" name="hyppighed" {
                        option value="straks" { "Straks" }
                        option value="dagligt" selected { "Dagligt" }
                        option value="ugentligt" { "Ugentligt" }
                    }
                }
                p { button type="submit" { "Gem søgningen" } }
            }
        }
    }
}

fn account_of(viewer: &Viewer) -> Result<String, AppError> {
    match viewer {
        Viewer::Account(account) => Ok(account.email.clone()),
        Viewer::Public => Err(AppError::Unauthorized(
            "log ind for at gemme søgninger og se dine gemte søgninger".into(),
        )),
    }
}

fn actor(state: &AppState, viewer: &Viewer, client: Option<Extension<ClientAddr>>) -> Actor {
    Actor {
        email: match viewer {
            Viewer::Account(account) => Some(account.email.clone()),
            Viewer::Public => None,
        },
        address: client.map(|client| client.0.0.to_string()),
        at: state.now(),
    }
}

/// `GET /mine-soegninger`.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let email = account_of(&viewer)?;
    let searches = blocking(&state, move |store| Ok(store.saved_searches(Some(&email))?)).await?;
    let csrf = crate::auth::header_account()
        .and_then(|account| account.csrf)
        .unwrap_or_default();
    let base = state.origin().to_owned();
    Ok(page(
        "Mine søgninger",
        html! {
            h1 { "Mine søgninger" }
            @if searches.is_empty() {
                p { "Du har ingen gemte søgninger. Søg på " a href="/soeg" { "søgesiden" } ", og gem søgningen under resultaterne." }
            } @else {
                p { "Nye punkter, der passer, kommer med e-mail. Hver søgning har også et privat Atom-feed: del ikke adressen, den viser, hvad din konto må se." }
                table class="saved-searches" {
                    thead { tr { th scope="col" { "Navn" } th scope="col" { "Hyppighed" } th scope="col" { "Feed" } th scope="col" { span class="visually-hidden" { "Slet" } } } }
                    tbody {
                        @for search in &searches {
                            tr {
                                td { a href=(format!("/soeg?{}", search.query)) { (search.name) } }
                                td { (search.frequency.danish()) }
                                td { a href=(format!("{base}/feeds/gemt/{}", search.token)) { "Atom-feed" } }
                                td {
                                    form method="post" action=(format!("/mine-soegninger/{}/slet", search.id)) {
                                        input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                                        button type="submit" { "Slet «" (search.name) "»" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// The form that saves a search.
#[derive(Debug, Deserialize)]
pub(crate) struct SaveRequest {
    /// The search as `/soeg` writes it (`q=…&body=…`).
    query: String,
    navn: String,
    hyppighed: String,
}

/// `POST /mine-soegninger` (a form with its CSRF token).
pub(crate) async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    form: Result<Form<SaveRequest>, axum::extract::rejection::FormRejection>,
) -> Result<Response, AppError> {
    let email = account_of(&viewer)?;
    let Form(request) = form.map_err(|_| {
        AppError::BadRequest("formularen skal have søgningen, et navn og en hyppighed".into())
    })?;
    let frequency = Frequency::parse(&request.hyppighed).ok_or_else(|| {
        AppError::BadRequest("hyppigheden skal være straks, dagligt eller ugentligt".into())
    })?;
    let name = request.navn.trim().to_owned();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::BadRequest(format!(
            "giv søgningen et navn på 1 til {MAX_NAME_CHARS} tegn"
        )));
    }
    // Kept as the search page reads it, whatever else the form carried.
    let query = SavedQuery::parse(&request.query);
    if query.query.q.chars().count() > 500 {
        return Err(AppError::BadRequest("søgningen er for lang".into()));
    }
    let query = query.to_string();
    let actor = actor(&state, &viewer, client);
    blocking(&state, move |store| {
        if store.saved_searches(Some(&email))?.len() >= MAX_PER_ACCOUNT {
            return Err(AppError::BadRequest(format!(
                "du har allerede {MAX_PER_ACCOUNT} gemte søgninger; slet nogle først"
            )));
        }
        // What the store holds now is not news: the first digest tells of what comes.
        let seq = store.change_seq()?;
        let token = crate::alerts::random_hex(16);
        store.add_saved_search(&email, &name, &query, frequency, &token, seq, &actor)?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to("/mine-soegninger").into_response())
}

/// `POST /mine-soegninger/{id}/slet` (a form with its CSRF token).
pub(crate) async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
) -> Result<Response, AppError> {
    let email = account_of(&viewer)?;
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("den gemte søgning {id}")))?;
    let actor = actor(&state, &viewer, client);
    blocking(&state, move |store| {
        Ok(store.remove_saved_search(id, Some(&email), &actor)?)
    })
    .await?;
    Ok(Redirect::to("/mine-soegninger").into_response())
}

/// The saved search of a token, with the viewer its account is; not found for a token
/// that names none (or an account that is gone).
async fn by_token(state: &AppState, token: String) -> Result<(SavedSearch, Viewer), AppError> {
    blocking(state, move |store| {
        let not_found =
            || AppError::NotFound("den gemte søgning (linket er ikke gyldigt længere)".into());
        let search = store.saved_search_by_token(&token)?.ok_or_else(not_found)?;
        let user = store.user(&search.email)?.ok_or_else(not_found)?;
        Ok((search, crate::alerts::viewer_of(&user)))
    })
    .await
}

/// `GET /feeds/gemt/{token}`: the saved search's newest hits as its account finds them.
pub(crate) async fn feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let (search, viewer) = by_token(&state, token.clone()).await?;
    // The request came without an account: it answers as the search's account would see it.
    let meetings = blocking(&state, |store| Ok(crate::auth::meetings_of(store)?)).await?;
    let scope = crate::auth::scope_in(&meetings, &viewer);
    let saved = SavedQuery::parse(&search.query);
    let results = crate::visible::scope(scope, async {
        searching(&state, move |_, index| {
            find::search(index, &saved.query, &viewer)
        })
        .await
    })
    .await?;
    let mut response = crate::feeds::search_feed(
        &state,
        &format!("Gemt søgning: {}", search.name),
        &format!("/feeds/gemt/{token}"),
        &results,
    );
    // What one account may see: never in a shared cache.
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

/// The tokens of an unsubscribe link (`/afmeld/t1.t2`), each checked for its form.
fn tokens(raw: &str) -> Result<Vec<String>, AppError> {
    let tokens: Vec<String> = raw.split('.').map(str::to_owned).collect();
    if tokens.is_empty()
        || tokens.len() > MAX_PER_ACCOUNT
        || tokens
            .iter()
            .any(|token| token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(AppError::NotFound("linket til afmelding".into()));
    }
    Ok(tokens)
}

/// `GET /afmeld/{tokens}`: asks before removing (a link scanner that follows links in
/// mail must not unsubscribe anybody).
pub(crate) async fn unsubscribe_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Html<String>, AppError> {
    let tokens = tokens(&raw)?;
    let names = blocking(&state, move |store| {
        let mut names = Vec::new();
        for token in &tokens {
            if let Some(search) = store.saved_search_by_token(token)? {
                names.push(search.name);
            }
        }
        Ok(names)
    })
    .await?;
    Ok(page(
        "Afmeld",
        html! {
            h1 { "Afmeld e-mails" }
            @if names.is_empty() {
                p { "Søgningerne i dette link er allerede afmeldt." }
            } @else {
                p { "Du får ikke flere e-mails om disse gemte søgninger, når du afmelder:" }
                ul { @for name in &names { li { (name) } } }
                form method="post" action=(format!("/afmeld/{raw}")) {
                    button type="submit" { "Afmeld" }
                }
            }
        },
    ))
}

/// `POST /afmeld/{tokens}`: removes the saved searches of the link, from the page's form
/// or as a mail client's one-click (RFC 8058, body `List-Unsubscribe=One-Click`).
pub(crate) async fn unsubscribe(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    client: Option<Extension<ClientAddr>>,
) -> Result<Html<String>, AppError> {
    let tokens = tokens(&raw)?;
    let actor = actor(&state, &Viewer::Public, client);
    let removed = blocking(&state, move |store| {
        let mut removed = Vec::new();
        for token in &tokens {
            if let Some(search) = store.saved_search_by_token(token)? {
                store.remove_saved_search(search.id, None, &actor)?;
                removed.push(search.name);
            }
        }
        Ok(removed)
    })
    .await?;
    Ok(page(
        "Afmeldt",
        html! {
            h1 { "Afmeldt" }
            @if removed.is_empty() {
                p { "Søgningerne i dette link var allerede afmeldt." }
            } @else {
                p { "Du får ikke flere e-mails om:" }
                ul { @for name in &removed { li { (name) } } }
            }
        },
    ))
}

/// `GET /admin/post`: the outbox for administrators: what waits, what failed and why,
/// what was sent.
pub(crate) async fn outbox(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    match &viewer {
        Viewer::Public => {
            return Err(AppError::Unauthorized(
                "udbakken er for administratorer".into(),
            ));
        }
        Viewer::Account(account) if account.role != Role::Administrator => {
            return Err(AppError::Forbidden(format!(
                "udbakken er for administratorer, ikke rollen {}",
                account.role.name()
            )));
        }
        Viewer::Account(_) => {}
    }
    let (waiting, recent) = blocking(&state, |store| {
        let page = Page {
            offset: 0,
            limit: 200,
        };
        Ok((store.outbox(true, page)?, store.outbox(false, page)?))
    })
    .await?;
    let row = |mail: &OutboxMail| {
        html! {
            tr {
                td { (when(mail.created_at)) }
                td { (kind_name(&mail.mail.kind)) }
                td { (mail.mail.recipient) }
                td { (mail.mail.subject) }
                td { (mail.attempts) }
                td { (mail.last_error.as_deref().unwrap_or("")) }
                td { @if let Some(at) = mail.sent_at { (when(at)) } @else { "næste forsøg " (when(mail.next_attempt)) } }
            }
        }
    };
    let head = html! {
        thead { tr {
            th scope="col" { "Lagt i kø" } th scope="col" { "Slags" } th scope="col" { "Til" }
            th scope="col" { "Emne" } th scope="col" { "Fejlede forsøg" } th scope="col" { "Seneste fejl" }
            th scope="col" { "Sendt" }
        } }
    };
    Ok(page(
        "Udbakke",
        html! {
            h1 { "Udbakke" }
            h2 { "Venter (" (waiting.len()) ")" }
            @if waiting.is_empty() {
                p { "Ingen mails venter." }
            } @else {
                p { "Mails, der ikke er sendt endnu. En mail, der ikke kunne sendes, prøves igen med stigende mellemrum (højst 6 timer); fejlen står her." }
                table class="outbox" { (head) tbody { @for mail in &waiting { (row(mail)) } } }
            }
            h2 { "Seneste" }
            table class="outbox" { (head) tbody { @for mail in &recent { (row(mail)) } } }
        },
    ))
}

/// Unix seconds as `2026-12-07T09:12:00Z`.
fn when(at: i64) -> String {
    jiff::Timestamp::from_second(at).map_or_else(|_| at.to_string(), |at| at.to_string())
}

fn kind_name(kind: &str) -> &str {
    match kind {
        "digest" => "sammendrag",
        "before_due" => "påmindelse",
        "overdue" => "frist overskredet",
        "overdue_list" => "ugens overskredne frister",
        other => other,
    }
}
