//! The sekretær's release of a closed item's decisions (issue 13): on the item page a form
//! for a sekretær, posted to `/punkter/{meeting}/{item}/offentliggoerelse` with its CSRF
//! token; the store keeps the release with the account and time and logs it
//! ([`store::Store::set_decision_public`]). What the public then sees is
//! [`model::Item::redact_closed`]; who may release is [`Viewer::may_edit`].

use axum::extract::State;

use crate::input::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use maud::{Markup, html};
use serde::Deserialize;
use store::{Actor, ItemId};

use crate::access::Viewer;
use crate::auth::ClientAddr;
use crate::{AppError, AppState, blocking, render};

/// The address the form posts to.
fn action(meeting_id: &str, item: &str) -> String {
    format!("{}/offentliggoerelse", render::item_href(meeting_id, item))
}

/// The form for a sekretær under a closed item, with `csrf` from the session; nothing for
/// anybody else or an open item.
pub(crate) fn form(
    viewer: &Viewer,
    csrf: Option<&str>,
    meeting_id: &str,
    key: &str,
    item: &model::Item,
) -> Markup {
    html! {
        @if item.closed && viewer.may_edit() && viewer.sees_closed_in(meeting_id) {
            @if let Some(csrf) = csrf {
                form class="release" method="post" action=(action(meeting_id, key)) {
                    input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                    @if item.decision_public {
                        p { "Beslutningerne er offentlige; resten af punktet er lukket." }
                        input type="hidden" name="offentlig" value="nej";
                        button type="submit" { "Gør beslutningerne ikke-offentlige" }
                    } @else {
                        p { "Offentligheden ser kun punktets nummer og titel." }
                        input type="hidden" name="offentlig" value="ja";
                        button type="submit" { "Offentliggør beslutningerne" }
                    }
                }
            }
        }
    }
}

/// The form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct Release {
    /// `ja` to release, `nej` to withdraw.
    offentlig: String,
}

/// `POST /punkter/{meeting}/{item}/offentliggoerelse`.
pub(crate) async fn set_from_form(
    State(state): State<AppState>,
    Path((meeting_id, key)): Path<(String, String)>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    form: Result<Form<Release>, axum::extract::rejection::FormRejection>,
) -> Result<Response, AppError> {
    let Viewer::Account(account) = &viewer else {
        return Err(AppError::Unauthorized(
            "kun en sekretær kan offentliggøre beslutningerne i et lukket punkt".into(),
        ));
    };
    if !viewer.may_edit() {
        return Err(AppError::Forbidden(format!(
            "rollen {} kan ikke offentliggøre beslutningerne i et lukket punkt; det kan en \
             sekretær",
            account.role.name()
        )));
    }
    let Form(release) =
        form.map_err(|_| AppError::BadRequest("formularen skal have feltet offentlig".into()))?;
    let public = match release.offentlig.as_str() {
        "ja" => true,
        "nej" => false,
        other => {
            return Err(AppError::BadRequest(format!(
                "offentlig skal være ja eller nej, ikke {other:?}"
            )));
        }
    };
    render::check_item(&key)?;
    let actor = Actor {
        email: Some(account.email.clone()),
        address: client.map(|client| client.0.0.to_string()),
        at: state.now(),
    };
    let releasing = viewer.clone();
    let back = blocking(&state, move |store| {
        let id = ItemId::new(meeting_id, key);
        let view = store.item(&id)?;
        // Only a sekretær of the meeting's organisation, who reads the item whole.
        if !releasing.sees_closed_in(&view.meeting.id) {
            return Err(AppError::Forbidden(
                "kun en sekretær i mødets organisation kan offentliggøre beslutningerne i et \
                 lukket punkt"
                    .into(),
            ));
        }
        if !view.item.closed {
            return Err(AppError::BadRequest(
                "punktet er ikke lukket; dets beslutninger er allerede offentlige".into(),
            ));
        }
        store.set_decision_public(&view.id, public, &actor)?;
        Ok(render::item_href(&view.meeting.id, &view.id.key))
    })
    .await?;
    Ok(Redirect::to(&back).into_response())
}
