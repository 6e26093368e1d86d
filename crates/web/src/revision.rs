//! The audit log for administrators (issue 13, point 5): `/revision`, the newest
//! [`PAGE_SIZE`] events (sign-ins, failed sign-ins, every write, every change of role),
//! and `/revision.csv`, all of them. Anybody else is refused: 401 without an account, 403
//! with another role.

use axum::extract::State;
use axum::response::{Html, Response};
use maud::html;
use store::{AuditEntry, Page};

use crate::access::{Role, Viewer};
use crate::render::page;
use crate::{AppError, AppState, blocking};

/// Events on the page; the CSV has them all.
const PAGE_SIZE: u32 = 500;

fn check(viewer: &Viewer) -> Result<(), AppError> {
    match viewer {
        Viewer::Public => Err(AppError::Unauthorized(
            "revisionssporet er for administratorer".into(),
        )),
        Viewer::Account(account) if account.role == Role::Administrator => Ok(()),
        Viewer::Account(account) => Err(AppError::Forbidden(format!(
            "revisionssporet er for administratorer, ikke rollen {}",
            account.role.name()
        ))),
    }
}

/// Unix seconds as `2026-12-07T09:12:00Z`.
fn when(at: i64) -> String {
    jiff::Timestamp::from_second(at).map_or_else(|_| at.to_string(), |at| at.to_string())
}

/// What an event is called on the page.
fn event_name(event: &str) -> &str {
    match event {
        "sign_in" => "logget ind",
        "sign_in_failed" => "mislykket log ind",
        "sign_in_refused" => "log ind afvist (for mange forsøg)",
        "sign_out" => "logget ud",
        "user_added" => "konto oprettet",
        "user_removed" => "konto slettet",
        "role_changed" => "rolle ændret",
        "password_set" => "adgangskode sat",
        "password_link_created" => "link til adgangskode lavet",
        "token_created" => "API-nøgle lavet",
        "tokens_revoked" => "API-nøgler trukket tilbage",
        "follow_up_status" => "opfølgningens status ændret",
        "visibility_set" => "synlighed sat",
        "follow_up_edited" => "opfølgning rettet",
        "import" => "import",
        "alert_added" => "søgning gemt",
        "alert_removed" => "gemt søgning slettet",
        "person_linked" => "person knyttet til konto",
        other => other,
    }
}

async fn entries(state: &AppState, limit: u32) -> Result<Vec<AuditEntry>, AppError> {
    blocking(state, move |store| {
        Ok(store.audit_log(Page { offset: 0, limit })?)
    })
    .await
}

/// `GET /revision`.
pub(crate) async fn page_of(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    check(&viewer)?;
    let entries = entries(&state, PAGE_SIZE).await?;
    Ok(page(
        "Revisionsspor",
        html! {
            h1 { "Revisionsspor" }
            p {
                "De nyeste " (entries.len()) " hændelser. "
                a href="/revision.csv" { "Hent hele sporet som CSV" }
            }
            table class="audit" {
                thead { tr {
                    th scope="col" { "Tidspunkt (UTC)" } th scope="col" { "Konto" }
                    th scope="col" { "Hændelse" } th scope="col" { "Emne" }
                    th scope="col" { "Detaljer" } th scope="col" { "Adresse" }
                } }
                tbody {
                    @for entry in &entries {
                        tr {
                            td { (when(entry.at)) }
                            td { (entry.actor.as_deref().unwrap_or("kommandolinjen")) }
                            td { (event_name(&entry.event)) }
                            td { (entry.target.as_deref().unwrap_or("")) }
                            td { (entry.detail.as_deref().unwrap_or("")) }
                            td { (entry.address.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        },
    ))
}

/// `GET /revision.csv`.
pub(crate) async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    check(&viewer)?;
    let entries = entries(&state, u32::MAX).await?;
    let mut out = String::new();
    crate::feeds::csv_row(
        &mut out,
        &[
            "tidspunkt",
            "konto",
            "adresse",
            "haendelse",
            "emne",
            "detaljer",
        ],
    );
    for entry in &entries {
        crate::feeds::csv_row(
            &mut out,
            &[
                &when(entry.at),
                entry.actor.as_deref().unwrap_or(""),
                entry.address.as_deref().unwrap_or(""),
                &entry.event,
                entry.target.as_deref().unwrap_or(""),
                entry.detail.as_deref().unwrap_or(""),
            ],
        );
    }
    Ok(crate::feeds::respond(
        "text/csv; charset=utf-8",
        Some("revision.csv"),
        out,
    ))
}
