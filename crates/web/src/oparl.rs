//! An export of the meetings in the shape of OParl 1.1 (the German standard for council
//! information systems, which Danish systems lack): one System with one Body, the bodies'
//! meeting series as Organizations, the person registry as Persons, and each Meeting with
//! its AgendaItems inline and the original minutes as its `resultsProtocol` File. Ids are
//! absolute URLs on the public origin (`referat serve --public-url`), never on the
//! request's `Host`. Read-only, like the rest of the API.

use axum::Json;
use axum::extract::State;
use model::Meeting;
use serde_json::{Value, json};
use store::{MeetingFilter, Page};

use crate::access::Viewer;
use crate::api::Paging;
use crate::error::ApiError;
// The API answers a path or query it cannot read with its JSON error object.
use crate::input::{ApiPath as Path, ApiQuery as Query};
use crate::render::{self, path_segment};
use crate::schemas;
use crate::{AppError, AppState, blocking};

const SCHEMA: &str = "https://schema.oparl.org/1.1/";

/// Where the OParl objects live: their ids are absolute URLs on the public origin.
fn base(state: &AppState) -> String {
    format!("{}/api/v1/oparl", state.origin())
}

/// The OParl System object.
#[utoipa::path(get, path = "/api/v1/oparl/system", operation_id = "oparl_system", responses((status = 200, body = Object)))]
pub(crate) async fn system(State(state): State<AppState>) -> Json<Value> {
    let base = base(&state);
    Json(json!({
        "id": format!("{base}/system"),
        "type": format!("{SCHEMA}System"),
        "oparlVersion": SCHEMA,
        "name": "referat",
        "body": format!("{base}/body"),
    }))
}

/// The one Body, as a list of one.
#[utoipa::path(get, path = "/api/v1/oparl/body", operation_id = "oparl_bodies", responses((status = 200, body = Object)))]
pub(crate) async fn body(State(state): State<AppState>) -> Json<Value> {
    let base = base(&state);
    Json(json!({
        "data": [{
            "id": format!("{base}/body/1"),
            "type": format!("{SCHEMA}Body"),
            "system": format!("{base}/system"),
            "name": "referat",
            "organization": format!("{base}/organizations"),
            "person": format!("{base}/persons"),
            "meeting": format!("{base}/meetings"),
            "legislativeTerm": [],
        }],
        "pagination": { "elementsPerPage": 1, "currentPage": 1, "totalPages": 1, "totalElements": 1 },
        "links": {},
    }))
}

fn organization_id(base: &str, body: &str) -> String {
    format!("{base}/organizations/{}", path_segment(&extract_slug(body)))
}

fn person_id(base: &str, name: &str) -> String {
    format!("{base}/persons/{}", path_segment(name))
}

/// A URL-safe form of a body name ("Rådmandsmøde" → "raadmandsmoede").
fn extract_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    out.trim_matches('-').to_owned()
}

/// A local time in Copenhagen as an RFC 3339 date-time with offset.
fn date_time(date: model::Date, time: Option<model::Time>) -> Option<String> {
    let time = time.unwrap_or_default();
    let zoned = date.to_datetime(time).in_tz("Europe/Copenhagen").ok()?;
    Some(zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// One Meeting with its AgendaItems and File as `viewer` may see them; `web` is the site
/// root for `accessUrl`. A closed item is an AgendaItem with `public: false`; the File (the
/// original) is left out when the viewer may not have it.
pub(crate) fn meeting_json(meeting: &Meeting, base: &str, viewer: &Viewer) -> Value {
    let shows_original = viewer.sees_original(meeting);
    let mut redacted = meeting.clone();
    viewer.redact_meeting(&mut redacted);
    let meeting = &redacted;
    let web = base.trim_end_matches("/api/v1/oparl");
    let id = format!("{base}/meetings/{}", path_segment(&meeting.id));
    let participants: Vec<String> = meeting
        .participants
        .iter()
        .map(|p| person_id(base, &p.name))
        .collect();
    let items: Vec<Value> = meeting
        .items
        .iter()
        .enumerate()
        .map(|(idx, item)| {
            let decisions: Vec<String> = item
                .decisions
                .iter()
                .map(|d| match &d.actor {
                    Some(actor) => format!("{actor}: {}", d.text),
                    None => d.text.clone(),
                })
                .collect();
            json!({
                "id": format!("{id}/agendaitems/{}", idx + 1),
                "type": format!("{SCHEMA}AgendaItem"),
                "meeting": id,
                "number": item.number,
                "order": idx + 1,
                "name": item.title,
                "public": !item.closed,
                "result": item.decisions.first().map(|d| d.kind.danish()),
                "resolutionText": if decisions.is_empty() { Value::Null } else { Value::String(decisions.join("\n")) },
            })
        })
        .collect();
    let file_name = render::file_name(&meeting.source.file);
    let file = json!({
        "id": format!("{base}/files/{}", meeting.source.sha256),
        "type": format!("{SCHEMA}File"),
        "name": format!("Referat {}", meeting.body),
        "fileName": file_name,
        "mimeType": match meeting.source.format {
            model::Format::Pdf => "application/pdf",
            model::Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            model::Format::Html => "text/html",
            model::Format::Markdown => "text/markdown",
            model::Format::Firstagenda => "application/json",
            model::Format::Text => "text/plain",
        },
        "accessUrl": format!("{web}{}/original", render::meeting_href(&meeting.id)),
        "downloadUrl": format!("{web}{}/original", render::meeting_href(&meeting.id)),
        "meeting": [id],
    });
    json!({
        "id": id,
        "type": format!("{SCHEMA}Meeting"),
        "name": format!("{} {}", meeting.body, render::maybe_date(meeting.date)),
        "meetingState": "durchgeführt",
        "start": meeting.date.and_then(|d| date_time(d, meeting.start)),
        "end": meeting.date.and_then(|d| meeting.end.and_then(|t| date_time(d, Some(t)))),
        "location": meeting.location.as_ref().map(|l| json!({
            "id": format!("{id}/location"),
            "type": format!("{SCHEMA}Location"),
            "description": l,
        })),
        "organization": [organization_id(base, &meeting.body)],
        "participant": participants,
        "resultsProtocol": if shows_original { file } else { Value::Null },
        "agendaItem": items,
        "web": format!("{web}{}", render::meeting_href(&meeting.id)),
    })
}

fn list(data: Vec<Value>, page: Page, total: usize, self_url: &str) -> Value {
    let per_page = page.limit.max(1) as usize;
    let current = page.offset as usize / per_page + 1;
    let pages = total.div_ceil(per_page).max(1);
    let mut links = serde_json::Map::new();
    links.insert(
        "first".into(),
        json!(format!("{self_url}?offset=0&limit={per_page}")),
    );
    if current < pages {
        links.insert(
            "next".into(),
            json!(format!(
                "{self_url}?offset={}&limit={per_page}",
                page.offset as usize + per_page
            )),
        );
    }
    json!({
        "data": data,
        "pagination": { "totalElements": total, "elementsPerPage": per_page, "currentPage": current, "totalPages": pages },
        "links": links,
    })
}

/// Meetings in OParl 1.1 shape, paged, newest first.
#[utoipa::path(get, path = "/api/v1/oparl/meetings", operation_id = "oparl_meetings", params(Paging), responses((status = 200, body = Object)))]
pub(crate) async fn meetings(
    State(state): State<AppState>,
    Query(paging): Query<Paging>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let page = paging.page();
    let (total, meetings) = blocking(&state, move |store| {
        let total = store.meetings(&MeetingFilter::default(), Page::ALL)?.len();
        let summaries = store.meetings(&MeetingFilter::default(), page)?;
        let meetings = summaries
            .iter()
            .map(|s| store.meeting(&s.id).map_err(AppError::from))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((total, meetings))
    })
    .await?;
    let data = meetings
        .iter()
        .map(|m| meeting_json(m, &base, &viewer))
        .collect();
    Ok(Json(list(data, page, total, &format!("{base}/meetings"))))
}

/// One meeting in OParl 1.1 shape.
#[utoipa::path(get, path = "/api/v1/oparl/meetings/{id}", operation_id = "oparl_meeting", params(("id" = String, Path)), responses((status = 200, body = Object), (status = 404, body = schemas::Error)))]
pub(crate) async fn meeting(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let meeting = blocking(&state, move |store| Ok(store.meeting(&id)?)).await?;
    Ok(Json(meeting_json(&meeting, &base(&state), &viewer)))
}

/// The bodies' meeting series as Organizations.
#[utoipa::path(get, path = "/api/v1/oparl/organizations", operation_id = "oparl_organizations", responses((status = 200, body = Object)))]
pub(crate) async fn organizations(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let mut bodies: Vec<String> = blocking(&state, |store| {
        Ok(store.meetings(&MeetingFilter::default(), Page::ALL)?)
    })
    .await?
    .into_iter()
    .map(|m| m.body)
    .collect();
    bodies.sort();
    bodies.dedup();
    let total = bodies.len();
    let data = bodies
        .iter()
        .map(|body| {
            json!({
                "id": organization_id(&base, body),
                "type": format!("{SCHEMA}Organization"),
                "body": format!("{base}/body/1"),
                "name": body,
                "organizationType": "Gremium",
                "meeting": format!("{base}/meetings"),
            })
        })
        .collect();
    Ok(Json(list(
        data,
        Page::ALL,
        total,
        &format!("{base}/organizations"),
    )))
}

/// The person registry as Persons.
#[utoipa::path(get, path = "/api/v1/oparl/persons", operation_id = "oparl_persons", params(Paging), responses((status = 200, body = Object)))]
pub(crate) async fn persons(
    State(state): State<AppState>,
    Query(paging): Query<Paging>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let page = paging.page();
    let people = blocking(&state, move |store| crate::registry(store, &viewer)).await?;
    let total = people.len();
    let data = people
        .iter()
        .skip(page.offset as usize)
        .take(page.limit as usize)
        .map(|person| {
            json!({
                "id": person_id(&base, &person.name),
                "type": format!("{SCHEMA}Person"),
                "body": format!("{base}/body/1"),
                "name": person.name,
                "web": format!("{}{}", base.trim_end_matches("/api/v1/oparl"), render::person_href(&person.name)),
            })
        })
        .collect();
    Ok(Json(list(data, page, total, &format!("{base}/persons"))))
}
