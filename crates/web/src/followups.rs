//! One follow-up and the changes of its status (issue 13, point 4): the page
//! `/opfoelgning/{meeting}/{item}/{position}` with the status, who changed it when, from
//! what to what and why, and for a sekretær a form to change it; the same through the API
//! (`GET` and `POST /api/v1/actions/{meeting}/{item}/{position}[/status]`, the `POST` with
//! `Authorization: Bearer`). Every change is kept by the store with the account and time,
//! and written to the audit log.
//!
//! It does not decide who may change a status: [`Viewer::may_edit`] does.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use maud::html;
use serde::{Deserialize, Serialize};
use store::{ActionFilter, ActionId, ActionRow, ActionStatus, Actor, StatusChange};

use crate::access::Viewer;
use crate::auth::ClientAddr;
// Paths that cannot be read get the Danish page or, under /api, the JSON error.
use crate::error::ApiError;
use crate::input::{ApiPath, Path};
use crate::render::{self, page};
use crate::schemas;
use crate::{AppError, AppState, blocking};

/// The longest note kept with a change of status.
const MAX_NOTE_CHARS: usize = 2000;

/// The address of a follow-up's page, from its id (`<meeting>/<item>/<position>`).
pub(crate) fn href(action_id: &str) -> String {
    let segments: Vec<String> = action_id.split('/').map(render::path_segment).collect();
    format!("/opfoelgning/{}", segments.join("/"))
}

/// A follow-up with the changes of its status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct FollowUp {
    #[schema(value_type = crate::schemas::ActionRow)]
    action: ActionRow,
    /// Oldest first. `actor` is left out for anonymous askers.
    #[schema(value_type = Vec<crate::schemas::StatusChange>)]
    history: Vec<StatusChange>,
}

/// A change of status asked for, by form or by JSON.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct StatusChangeRequest {
    /// `open`, `in_progress`, `done`, `dropped` (or åben, i gang, udført, droppet).
    status: String,
    /// Why; shown with the change.
    #[serde(default)]
    note: String,
}

/// A correction of owners and due date asked for, by form (owners separated by commas,
/// the day as `YYYY-MM-DD`; an empty field keeps what is there).
#[derive(Debug, Deserialize)]
pub(crate) struct EditForm {
    #[serde(default)]
    owners: Option<String>,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    note: String,
}

/// The same by JSON: `owners` replaces the owners, `due` the due date; absent keeps.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct EditRequest {
    #[serde(default)]
    owners: Option<Vec<String>>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    note: String,
}

fn action_id(meeting_id: &str, item: &str, position: &str) -> Result<ActionId, AppError> {
    Ok(format!("{meeting_id}/{item}/{position}").parse::<ActionId>()?)
}

async fn load(state: &AppState, id: ActionId, viewer: &Viewer) -> Result<FollowUp, AppError> {
    let public = viewer.is_public();
    let viewer = viewer.clone();
    blocking(state, move |store| {
        let mut history = store.action_history(&id)?;
        let rows = store.actions(&ActionFilter {
            meeting_id: Some(id.item.meeting_id.clone()),
            ..ActionFilter::default()
        })?;
        let action = rows
            .into_iter()
            .find(|row| row.id.parse::<ActionId>().is_ok_and(|row_id| row_id == id))
            // A follow-up of a closed item is not there for those who do not see it.
            .filter(|row| viewer.sees_action_of(&row.meeting_id, row.item_closed))
            .ok_or_else(|| AppError::NotFound(format!("opfølgningen {id}")))?;
        if public {
            for change in &mut history {
                change.actor = None;
            }
        }
        Ok(FollowUp { action, history })
    })
    .await
}

/// Checks and stores a change of status by `viewer`.
async fn change(
    state: &AppState,
    viewer: &Viewer,
    client: Option<ClientAddr>,
    id: ActionId,
    request: StatusChangeRequest,
) -> Result<(), AppError> {
    let account = editor(viewer, &id)?;
    let status = ActionStatus::parse(&request.status).ok_or_else(|| {
        AppError::BadRequest(format!(
            "ukendt status {:?}: brug åben, i gang, udført eller droppet",
            request.status
        ))
    })?;
    let note = request.note.trim().to_owned();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::BadRequest(format!(
            "noten er for lang; brug højst {MAX_NOTE_CHARS} tegn"
        )));
    }
    let actor = Actor {
        email: Some(account.email.clone()),
        address: client.map(|client| client.0.to_string()),
        at: state.now(),
    };
    blocking(state, move |store| {
        Ok(store.set_follow_up(&id, status, &note, &actor)?)
    })
    .await
}

/// Checks and stores a correction of owners and due date by `viewer`.
async fn edit(
    state: &AppState,
    viewer: &Viewer,
    client: Option<ClientAddr>,
    id: ActionId,
    request: EditRequest,
) -> Result<(), AppError> {
    let account = editor(viewer, &id)?;
    let due = match request.due.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(raw.parse::<model::Date>().map_err(|_| {
            AppError::BadRequest(format!(
                "fristen {raw:?} skal skrives ÅÅÅÅ-MM-DD, fx 2025-10-31"
            ))
        })?),
    };
    let owners = request.owners;
    if owners
        .iter()
        .flatten()
        .any(|name| name.chars().count() > 200)
        || request.note.chars().count() > MAX_NOTE_CHARS
    {
        return Err(AppError::BadRequest(
            "et navn eller noten er for lang".into(),
        ));
    }
    let note = request.note;
    let actor = Actor {
        email: Some(account.email.clone()),
        address: client.map(|client| client.0.to_string()),
        at: state.now(),
    };
    blocking(state, move |store| {
        Ok(store.edit_follow_up(&id, owners.as_deref(), due, &note, &actor)?)
    })
    .await
}

/// The account of a viewer who may change the follow-up `id`: 401 without one, 403 for
/// another role, and 403 for a sekretær of another organisation (one changes the
/// follow-ups of the meetings whose closed items one reads whole: an account without an
/// organisation, every meeting's).
fn editor<'v>(viewer: &'v Viewer, id: &ActionId) -> Result<&'v crate::access::Account, AppError> {
    let Viewer::Account(account) = viewer else {
        return Err(AppError::Unauthorized(
            "kun en sekretær kan ændre en opfølgning".into(),
        ));
    };
    if !viewer.may_edit() {
        return Err(AppError::Forbidden(format!(
            "rollen {} kan ikke ændre en opfølgning; det kan en sekretær",
            account.role.name()
        )));
    }
    if !viewer.sees_closed_in(&id.item.meeting_id) {
        return Err(AppError::Forbidden(
            "kun en sekretær i mødets organisation kan ændre dets opfølgninger".into(),
        ));
    }
    Ok(account)
}

fn when(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .ok()
        .and_then(|at| {
            let zone = jiff::tz::TimeZone::get("Europe/Copenhagen").ok()?;
            Some(at.to_zoned(zone).strftime("%d-%m-%Y kl. %H:%M").to_string())
        })
        .unwrap_or_else(|| at.to_string())
}

/// `GET /opfoelgning/{meeting}/{item}/{position}`.
pub(crate) async fn page_of(
    State(state): State<AppState>,
    Path((meeting_id, item, position)): Path<(String, String, String)>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let id = action_id(&meeting_id, &item, &position)?;
    let FollowUp { action, history } = load(&state, id, &viewer).await?;
    let csrf = crate::auth::header_account().and_then(|account| account.csrf);
    let title = format!("Opfølgning: {}", action.action.text);
    let owner_names = action
        .action
        .owners
        .iter()
        .map(|owner| owner.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let due_value = action
        .action
        .due
        .as_ref()
        .and_then(|due| due.by)
        .map(|by| by.to_string())
        .unwrap_or_default();
    Ok(page(
        &title,
        html! {
            h1 { "Opfølgning" }
            p class="follow-up" { (action.action.text) }
            dl class="facts" {
                dt { "Status" } dd { strong { (action.status.danish()) } }
                dt { "Ansvarlig" } dd { (render::people(&action.action.owners)) }
                dt { "Frist" } dd { (render::due(action.action.due.as_ref())) }
                dt { "Møde" } dd {
                    a href=(render::meeting_href(&action.meeting_id)) {
                        (action.body) " " (render::maybe_date(action.meeting_date))
                    }
                    ", punkt " (action.item_number) ": " (action.item_title)
                }
            }
            h2 { "Historik" }
            @if history.is_empty() {
                p { "Status er ikke ændret siden referatet." }
            } @else {
                table class="history" {
                    thead { tr {
                        th scope="col" { "Tidspunkt" } th scope="col" { "Af" }
                        th scope="col" { "Før" } th scope="col" { "Efter" } th scope="col" { "Note" }
                    } }
                    tbody {
                        @for change in &history {
                            tr {
                                td { (when(change.at)) }
                                td { (change.actor.as_deref().unwrap_or("–")) }
                                td { (change.before.danish()) }
                                td { (change.after.danish()) }
                                td { (change.note) }
                            }
                        }
                    }
                }
            }
            @if viewer.may_edit() && viewer.sees_closed_in(&action.meeting_id) {
                @if let Some(csrf) = csrf {
                    h2 { "Ændr status" }
                    form class="status" method="post" action={ (href(&action.id)) "/status" } {
                        input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                        p {
                            label for="status" { "Status" }
                            select id="status" name="status" {
                                @for status in ActionStatus::ALL {
                                    option value=(status.as_str()) selected[status == action.status] {
                                        (status.danish())
                                    }
                                }
                            }
                        }
                        p {
                            label for="note" { "Note" }
                            textarea id="note" name="note" rows="3" maxlength=(MAX_NOTE_CHARS) {}
                        }
                        p { button type="submit" { "Gem status" } }
                    }
                    h2 { "Ret ansvarlige og frist" }
                    form class="status" method="post" action={ (href(&action.id)) "/ret" } {
                        input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                        p {
                            label for="owners" { "Ansvarlige (adskilt med komma)" }
                            input id="owners" name="owners" type="text" value=(owner_names);
                        }
                        p {
                            label for="due" { "Frist" }
                            input id="due" name="due" type="date" value=(due_value);
                        }
                        p {
                            label for="edit-note" { "Note" }
                            textarea id="edit-note" name="note" rows="2" maxlength=(MAX_NOTE_CHARS) {}
                        }
                        p { button type="submit" { "Gem rettelsen" } }
                    }
                }
            }
        },
    ))
}

/// `POST /opfoelgning/{meeting}/{item}/{position}/status` (a form with its CSRF token).
pub(crate) async fn set_from_form(
    State(state): State<AppState>,
    Path((meeting_id, item, position)): Path<(String, String, String)>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    form: Result<Form<StatusChangeRequest>, axum::extract::rejection::FormRejection>,
) -> Result<Response, AppError> {
    let Form(request) = form.map_err(|_| {
        AppError::BadRequest("formularen skal have en status (og gerne en note)".into())
    })?;
    let id = action_id(&meeting_id, &item, &position)?;
    let back = href(&id.to_string());
    change(&state, &viewer, client.map(|c| c.0), id, request).await?;
    Ok(Redirect::to(&back).into_response())
}

/// A follow-up with the changes of its status (actors only for signed-in askers).
#[utoipa::path(get, path = "/api/v1/actions/{meeting_id}/{item}/{position}", operation_id = "get_action", params(("meeting_id" = String, Path), ("item" = String, Path), ("position" = u32, Path)), responses((status = 200, body = FollowUp), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn api_get(
    State(state): State<AppState>,
    ApiPath((meeting_id, item, position)): ApiPath<(String, String, String)>,
    viewer: Viewer,
) -> Result<Json<FollowUp>, ApiError> {
    let id = action_id(&meeting_id, &item, &position)?;
    Ok(Json(load(&state, id, &viewer).await?))
}

/// Sets a follow-up's status with a note (a sekretær, with `Authorization: Bearer`).
#[utoipa::path(post, path = "/api/v1/actions/{meeting_id}/{item}/{position}/status", operation_id = "set_action_status", params(("meeting_id" = String, Path), ("item" = String, Path), ("position" = u32, Path)), request_body = StatusChangeRequest, responses((status = 200, body = FollowUp), (status = 400, body = schemas::Error), (status = 401, body = schemas::Error), (status = 403, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn api_set(
    State(state): State<AppState>,
    ApiPath((meeting_id, item, position)): ApiPath<(String, String, String)>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    body: Result<Json<StatusChangeRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<FollowUp>, ApiError> {
    let Json(request) = body.map_err(|_| {
        AppError::BadRequest(
            "forventede JSON som {\"status\": \"udført\", \"note\": \"...\"} \
             med Content-Type: application/json"
                .into(),
        )
    })?;
    let id = action_id(&meeting_id, &item, &position)?;
    change(&state, &viewer, client.map(|c| c.0), id.clone(), request).await?;
    Ok(Json(load(&state, id, &viewer).await?))
}

/// `POST /opfoelgning/{meeting}/{item}/{position}/ret` (a form with its CSRF token).
pub(crate) async fn edit_from_form(
    State(state): State<AppState>,
    Path((meeting_id, item, position)): Path<(String, String, String)>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    form: Result<Form<EditForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form.map_err(|_| {
        AppError::BadRequest("formularen skal have ansvarlige, frist eller en note".into())
    })?;
    let id = action_id(&meeting_id, &item, &position)?;
    let back = href(&id.to_string());
    let owners = form.owners.filter(|raw| !raw.trim().is_empty()).map(|raw| {
        raw.split([',', ';'])
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect()
    });
    let request = EditRequest {
        owners,
        due: form.due,
        note: form.note,
    };
    edit(&state, &viewer, client.map(|c| c.0), id, request).await?;
    Ok(Redirect::to(&back).into_response())
}

/// Corrects a follow-up's owners and due date (a sekretær, with `Authorization: Bearer`).
#[utoipa::path(post, path = "/api/v1/actions/{meeting_id}/{item}/{position}/edit", operation_id = "edit_action", params(("meeting_id" = String, Path), ("item" = String, Path), ("position" = u32, Path)), request_body = EditRequest, responses((status = 200, body = FollowUp), (status = 400, body = schemas::Error), (status = 401, body = schemas::Error), (status = 403, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn api_edit(
    State(state): State<AppState>,
    ApiPath((meeting_id, item, position)): ApiPath<(String, String, String)>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    body: Result<Json<EditRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<FollowUp>, ApiError> {
    let Json(request) = body.map_err(|_| {
        AppError::BadRequest(
            "forventede JSON som {\"owners\": [\"...\"], \"due\": \"2025-10-31\", \
             \"note\": \"...\"} med Content-Type: application/json"
                .into(),
        )
    })?;
    let id = action_id(&meeting_id, &item, &position)?;
    edit(&state, &viewer, client.map(|c| c.0), id.clone(), request).await?;
    Ok(Json(load(&state, id, &viewer).await?))
}
