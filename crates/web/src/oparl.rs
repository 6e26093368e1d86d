//! An export of the meetings in the shape of OParl 1.1 (the German standard for council
//! information systems, which Danish systems lack). One System; one Body per organisation
//! (the one a meeting was imported for, `referat import --organisation`, else the one named
//! like its body); each Body's meeting series as Organizations; the people of its meetings
//! as Persons; each Meeting with its AgendaItems, Location and File (the original minutes
//! as `resultsProtocol`, an agenda's as `invitation`) inline, each of them also at its own
//! URL. Every URL an object names resolves here (the walk in the tests checks it). A key
//! whose value is unknown is left out, never `null`; values use the specification's
//! vocabulary (`meetingState`: `eingeladen` for an agenda, `durchgeführt` for minutes;
//! `organizationType`: `Gremium`). No Papers are kept: each Body's `paper` list is empty.
//!
//! Ids are absolute URLs on the public origin (`referat serve --public-url`), never on the
//! request's `Host`. Read-only, like the rest of the API.

use std::collections::{BTreeMap, BTreeSet};

use axum::Json;
use axum::extract::State;
use model::Meeting;
use serde_json::{Map, Value, json};
use store::{MeetingFilter, MeetingSummary, Page};

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

/// The site's root, for `web` links.
fn site(base: &str) -> &str {
    base.trim_end_matches("/api/v1/oparl")
}

/// A URL-safe form of a name ("Rådmandsmøde" → "raadmandsmoede"), for the path segments of
/// organisations and their bodies.
fn slug(text: &str) -> String {
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
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() { "x".to_owned() } else { out }
}

fn body_id(base: &str, organisation: &str) -> String {
    format!("{base}/body/{}", slug(organisation))
}

fn organization_id(base: &str, organisation: &str, body: &str) -> String {
    format!(
        "{}/organizations/{}",
        body_id(base, organisation),
        slug(body)
    )
}

fn person_id(base: &str, name: &str) -> String {
    format!("{base}/persons/{}", path_segment(name))
}

fn meeting_id(base: &str, id: &str) -> String {
    format!("{base}/meetings/{}", path_segment(id))
}

/// A local time in Copenhagen as an RFC 3339 date-time with offset.
fn date_time(date: model::Date, time: Option<model::Time>) -> Option<String> {
    let time = time.unwrap_or_default();
    let zoned = date.to_datetime(time).in_tz("Europe/Copenhagen").ok()?;
    Some(zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// An object from its pairs, leaving out those without a value (OParl wants a key left
/// out, never `null`).
fn object(pairs: Vec<(&str, Option<Value>)>) -> Value {
    let mut map = Map::new();
    for (key, value) in pairs {
        if let Some(value) = value
            && !value.is_null()
        {
            map.insert(key.to_owned(), value);
        }
    }
    Value::Object(map)
}

/// The organisations of the meetings a viewer sees: for each, its name and its meetings
/// (newest first) by body.
struct Catalog {
    /// Slug of the organisation → (its name, its meetings).
    organisations: BTreeMap<String, (String, Vec<MeetingSummary>)>,
}

impl Catalog {
    fn read(store: &dyn store::Store) -> Result<Catalog, AppError> {
        let meetings = crate::auth::meetings_of(store)?;
        let mut organisations: BTreeMap<String, (String, Vec<MeetingSummary>)> = BTreeMap::new();
        for summary in store.meetings(&MeetingFilter::default(), Page::ALL)? {
            let name = meetings
                .organisation(&summary.id)
                .unwrap_or(&summary.body)
                .to_owned();
            organisations
                .entry(slug(&name))
                .or_insert_with(|| (name, Vec::new()))
                .1
                .push(summary);
        }
        Ok(Catalog { organisations })
    }

    /// The organisation of a slug, or 404.
    fn get(&self, org: &str) -> Result<(&str, &[MeetingSummary]), AppError> {
        self.organisations
            .get(org)
            .map(|(name, meetings)| (name.as_str(), meetings.as_slice()))
            .ok_or_else(|| AppError::NotFound(format!("organisationen {org}")))
    }

    /// The organisation a meeting belongs to.
    fn organisation_of(&self, meeting_id: &str) -> Option<&str> {
        self.organisations
            .values()
            .find(|(_, meetings)| meetings.iter().any(|m| m.id == meeting_id))
            .map(|(name, _)| name.as_str())
    }
}

/// The OParl System object.
#[utoipa::path(get, path = "/api/v1/oparl/system", operation_id = "oparl_system", responses((status = 200, body = schemas::OparlObject)))]
pub(crate) async fn system(State(state): State<AppState>) -> Json<Value> {
    let base = base(&state);
    Json(json!({
        "id": format!("{base}/system"),
        "type": format!("{SCHEMA}System"),
        "oparlVersion": SCHEMA,
        "name": "referat",
        "body": format!("{base}/body"),
        "website": format!("{}/", site(&base)),
    }))
}

fn body_json(base: &str, name: &str) -> Value {
    let id = body_id(base, name);
    json!({
        "id": id,
        "type": format!("{SCHEMA}Body"),
        "system": format!("{base}/system"),
        "name": name,
        "organization": format!("{id}/organizations"),
        "person": format!("{id}/persons"),
        "meeting": format!("{id}/meetings"),
        "paper": format!("{id}/papers"),
        "legislativeTerm": [],
        "web": format!("{}/moeder?organisation={}", site(base), path_segment(name)),
    })
}

/// Every organisation as a Body.
#[utoipa::path(get, path = "/api/v1/oparl/body", operation_id = "oparl_bodies", responses((status = 200, body = schemas::OparlList)))]
pub(crate) async fn bodies(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let catalog = blocking(&state, Catalog::read).await?;
    let data: Vec<Value> = catalog
        .organisations
        .values()
        .map(|(name, _)| body_json(&base, name))
        .collect();
    let total = data.len();
    Ok(Json(list(data, Page::ALL, total, &format!("{base}/body"))))
}

/// One organisation as a Body.
#[utoipa::path(get, path = "/api/v1/oparl/body/{organisation}", operation_id = "oparl_body", params(("organisation" = String, Path, description = "the organisation's name as a slug")), responses((status = 200, body = schemas::OparlObject), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn body(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let catalog = blocking(&state, Catalog::read).await?;
    let (name, _) = catalog.get(&org)?;
    Ok(Json(body_json(&base, name)))
}

fn organization_json(base: &str, organisation: &str, body: &str) -> Value {
    let id = organization_id(base, organisation, body);
    json!({
        "id": id,
        "type": format!("{SCHEMA}Organization"),
        "body": body_id(base, organisation),
        "name": body,
        "organizationType": "Gremium",
    })
}

/// The meeting series of `meetings`, by name.
fn bodies_of(meetings: &[MeetingSummary]) -> BTreeSet<&str> {
    meetings.iter().map(|m| m.body.as_str()).collect()
}

/// An organisation's meeting series as Organizations.
#[utoipa::path(get, path = "/api/v1/oparl/body/{organisation}/organizations", operation_id = "oparl_body_organizations", params(("organisation" = String, Path)), responses((status = 200, body = schemas::OparlList), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn body_organizations(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let catalog = blocking(&state, Catalog::read).await?;
    let (name, meetings) = catalog.get(&org)?;
    let data: Vec<Value> = bodies_of(meetings)
        .into_iter()
        .map(|body| organization_json(&base, name, body))
        .collect();
    let total = data.len();
    let url = format!("{}/organizations", body_id(&base, name));
    Ok(Json(list(data, Page::ALL, total, &url)))
}

/// The meeting series `body` of `meetings`, or 404.
fn find_body<'a>(meetings: &'a [MeetingSummary], body: &str) -> Result<&'a str, AppError> {
    bodies_of(meetings)
        .into_iter()
        .find(|name| slug(name) == body)
        .ok_or_else(|| AppError::NotFound(format!("organet {body}")))
}

/// One meeting series as an Organization.
#[utoipa::path(get, path = "/api/v1/oparl/body/{organisation}/organizations/{body}", operation_id = "oparl_organization", params(("organisation" = String, Path), ("body" = String, Path, description = "the body's name as a slug")), responses((status = 200, body = schemas::OparlObject), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn organization(
    State(state): State<AppState>,
    Path((org, body)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let catalog = blocking(&state, Catalog::read).await?;
    let (name, meetings) = catalog.get(&org)?;
    let body = find_body(meetings, &body)?;
    Ok(Json(organization_json(&base, name, body)))
}

/// Loads the meetings of `ids` in full.
fn load(store: &dyn store::Store, ids: &[String]) -> Result<Vec<Meeting>, AppError> {
    ids.iter()
        .map(|id| store.meeting(id).map_err(AppError::from))
        .collect()
}

/// A page of `summaries` as Meetings.
async fn meeting_page(
    state: &AppState,
    viewer: Viewer,
    summaries: Vec<MeetingSummary>,
    paging: Paging,
    url: String,
) -> Result<Json<Value>, ApiError> {
    let base = base(state);
    let page = paging.page();
    let total = summaries.len();
    let ids: Vec<String> = summaries
        .into_iter()
        .skip(page.offset as usize)
        .take(page.limit as usize)
        .map(|m| m.id)
        .collect();
    let (catalog, meetings) = blocking(state, move |store| {
        Ok((Catalog::read(store)?, load(store, &ids)?))
    })
    .await?;
    let data = meetings
        .iter()
        .map(|m| meeting_json(m, &base, &viewer, catalog.organisation_of(&m.id)))
        .collect();
    Ok(Json(list(data, page, total, &url)))
}

/// The meetings of one organisation, newest first.
#[utoipa::path(get, path = "/api/v1/oparl/body/{organisation}/meetings", operation_id = "oparl_body_meetings", params(("organisation" = String, Path), Paging), responses((status = 200, body = schemas::OparlList), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn body_meetings(
    State(state): State<AppState>,
    Path(org): Path<String>,
    Query(paging): Query<Paging>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let catalog = blocking(&state, Catalog::read).await?;
    let (name, meetings) = catalog.get(&org)?;
    let url = format!("{}/meetings", body_id(&base, name));
    meeting_page(&state, viewer, meetings.to_vec(), paging, url).await
}

/// The papers of an organisation: none are kept, so the list is empty (a Body must name
/// one).
#[utoipa::path(get, path = "/api/v1/oparl/body/{organisation}/papers", operation_id = "oparl_body_papers", params(("organisation" = String, Path)), responses((status = 200, body = schemas::OparlList), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn body_papers(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let catalog = blocking(&state, Catalog::read).await?;
    let (name, _) = catalog.get(&org)?;
    let url = format!("{}/papers", body_id(&base, name));
    Ok(Json(list(Vec::new(), Page::ALL, 0, &url)))
}

fn person_json(base: &str, name: &str) -> Value {
    json!({
        "id": person_id(base, name),
        "type": format!("{SCHEMA}Person"),
        "name": name,
        "web": format!("{}{}", site(base), render::person_href(name)),
    })
}

/// The people of an organisation's meetings (participants, absentees, presenters and
/// owners the viewer may see), by name.
#[utoipa::path(get, path = "/api/v1/oparl/body/{organisation}/persons", operation_id = "oparl_body_persons", params(("organisation" = String, Path), Paging), responses((status = 200, body = schemas::OparlList), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn body_persons(
    State(state): State<AppState>,
    Path(org): Path<String>,
    Query(paging): Query<Paging>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let page = paging.page();
    let (name, people) = blocking(&state, move |store| {
        let catalog = Catalog::read(store)?;
        let (name, meetings) = catalog.get(&org)?;
        let registry: BTreeSet<String> = crate::registry(store, &viewer)?
            .into_iter()
            .map(|p| p.name)
            .collect();
        let ids: Vec<String> = meetings.iter().map(|m| m.id.clone()).collect();
        let mut people = BTreeSet::new();
        for mut meeting in load(store, &ids)? {
            viewer.redact_meeting(&mut meeting);
            people.extend(names_in(&meeting));
        }
        people.retain(|person| registry.contains(person));
        Ok((name.to_owned(), people))
    })
    .await?;
    let total = people.len();
    let data = people
        .iter()
        .skip(page.offset as usize)
        .take(page.limit as usize)
        .map(|person| person_json(&base, person))
        .collect();
    let url = format!("{}/persons", body_id(&base, &name));
    Ok(Json(list(data, page, total, &url)))
}

/// Everyone a meeting names.
fn names_in(meeting: &Meeting) -> Vec<String> {
    let people = meeting
        .participants
        .iter()
        .chain(&meeting.absent)
        .chain(meeting.schedule.iter().flat_map(|slot| &slot.presenters))
        .chain(
            meeting
                .items
                .iter()
                .flat_map(|item| item.actions.iter().flat_map(|a| &a.owners)),
        );
    people.map(|person| person.name.clone()).collect()
}

/// The original as a File; `None` when the viewer may not have it.
fn file_json(meeting: &Meeting, base: &str, viewer: &Viewer) -> Option<Value> {
    if !viewer.sees_original(meeting) {
        return None;
    }
    let id = meeting_id(base, &meeting.id);
    let download = format!(
        "{}{}/original",
        site(base),
        render::meeting_href(&meeting.id)
    );
    let kind = match meeting.kind {
        model::DocumentKind::Agenda => "Dagsorden",
        model::DocumentKind::Minutes => "Referat",
    };
    Some(object(vec![
        ("id", Some(json!(format!("{id}/file")))),
        ("type", Some(json!(format!("{SCHEMA}File")))),
        ("name", Some(json!(format!("{kind} {}", meeting.body)))),
        (
            "fileName",
            Some(json!(render::file_name(&meeting.source.file))),
        ),
        ("mimeType", Some(json!(mime_type(meeting.source.format)))),
        ("date", meeting.date.map(|d| json!(d.to_string()))),
        ("accessUrl", Some(json!(download))),
        ("downloadUrl", Some(json!(download))),
        ("meeting", Some(json!([id]))),
    ]))
}

fn mime_type(format: model::Format) -> &'static str {
    match format {
        model::Format::Pdf => "application/pdf",
        model::Format::Docx => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        model::Format::Html => "text/html",
        model::Format::Markdown => "text/markdown",
        model::Format::Firstagenda => "application/json",
        model::Format::Text => "text/plain",
    }
}

fn location_json(meeting: &Meeting, base: &str) -> Option<Value> {
    let id = meeting_id(base, &meeting.id);
    meeting.location.as_ref().map(|place| {
        json!({
            "id": format!("{id}/location"),
            "type": format!("{SCHEMA}Location"),
            "description": place,
            "meetings": [id],
        })
    })
}

/// Whether the public may read an item: not when it is marked closed, nor when its title
/// says so ("Lukket: Køb af grund", as Greve's titles do).
fn is_public(item: &model::Item) -> bool {
    !item.closed && !item.title.trim_start().to_lowercase().starts_with("lukket")
}

fn agenda_item_json(meeting: &Meeting, base: &str, idx: usize) -> Option<Value> {
    let item = meeting.items.get(idx)?;
    let id = meeting_id(base, &meeting.id);
    let decisions: Vec<String> = item
        .decisions
        .iter()
        .map(|d| match &d.actor {
            Some(actor) => format!("{actor}: {}", d.text),
            None => d.text.clone(),
        })
        .collect();
    Some(object(vec![
        ("id", Some(json!(format!("{id}/agendaitems/{}", idx + 1)))),
        ("type", Some(json!(format!("{SCHEMA}AgendaItem")))),
        ("meeting", Some(json!(id))),
        (
            "number",
            (!item.number.is_empty()).then(|| json!(item.number)),
        ),
        ("order", Some(json!(idx + 1))),
        ("name", Some(json!(item.title))),
        ("public", Some(json!(is_public(item)))),
        (
            "result",
            item.decisions.first().map(|d| json!(d.kind.danish())),
        ),
        (
            "resolutionText",
            (!decisions.is_empty()).then(|| json!(decisions.join("\n"))),
        ),
        (
            "web",
            Some(json!(format!(
                "{}{}",
                site(base),
                render::item_href(&meeting.id, &item.number)
            ))),
        ),
    ]))
}

/// One Meeting with its AgendaItems, Location and File as `viewer` may see them, in the
/// organisation `organisation` (`None`: named like its body).
pub(crate) fn meeting_json(
    meeting: &Meeting,
    base: &str,
    viewer: &Viewer,
    organisation: Option<&str>,
) -> Value {
    let file = file_json(meeting, base, viewer);
    let mut redacted = meeting.clone();
    viewer.redact_meeting(&mut redacted);
    let meeting = &redacted;
    let organisation = organisation.unwrap_or(&meeting.body);
    let id = meeting_id(base, &meeting.id);
    let participants: Vec<String> = meeting
        .participants
        .iter()
        .map(|p| person_id(base, &p.name))
        .collect();
    let items: Vec<Value> = (0..meeting.items.len())
        .filter_map(|idx| agenda_item_json(meeting, base, idx))
        .collect();
    let (state, protocol) = match meeting.kind {
        model::DocumentKind::Agenda => ("eingeladen", "invitation"),
        model::DocumentKind::Minutes => ("durchgeführt", "resultsProtocol"),
    };
    let name = match meeting.start {
        Some(start) => format!(
            "{} {} kl. {:02}.{:02}",
            meeting.body,
            render::maybe_date(meeting.date),
            start.hour(),
            start.minute()
        ),
        None => format!("{} {}", meeting.body, render::maybe_date(meeting.date)),
    };
    object(vec![
        ("id", Some(json!(id))),
        ("type", Some(json!(format!("{SCHEMA}Meeting")))),
        ("name", Some(json!(name))),
        ("meetingState", Some(json!(state))),
        (
            "start",
            meeting
                .date
                .and_then(|d| date_time(d, meeting.start))
                .map(Value::String),
        ),
        (
            "end",
            meeting
                .date
                .zip(meeting.end)
                .and_then(|(d, t)| date_time(d, Some(t)))
                .map(Value::String),
        ),
        ("location", location_json(meeting, base)),
        (
            "organization",
            Some(json!([organization_id(base, organisation, &meeting.body)])),
        ),
        ("participant", Some(json!(participants))),
        (protocol, file),
        ("agendaItem", Some(json!(items))),
        (
            "web",
            Some(json!(format!(
                "{}{}",
                site(base),
                render::meeting_href(&meeting.id)
            ))),
        ),
    ])
}

fn list(data: Vec<Value>, page: Page, total: usize, self_url: &str) -> Value {
    let per_page = page.limit.max(1) as usize;
    let current = page.offset as usize / per_page + 1;
    let pages = total.div_ceil(per_page).max(1);
    let mut links = Map::new();
    let at = |offset: usize| format!("{self_url}?offset={offset}&limit={per_page}");
    links.insert("first".into(), json!(at(0)));
    links.insert("self".into(), json!(at(page.offset as usize)));
    if current < pages {
        links.insert("next".into(), json!(at(page.offset as usize + per_page)));
    }
    if page.offset > 0 {
        links.insert(
            "prev".into(),
            json!(at((page.offset as usize).saturating_sub(per_page))),
        );
    }
    links.insert("last".into(), json!(at((pages - 1) * per_page)));
    json!({
        "data": data,
        "pagination": { "totalElements": total, "elementsPerPage": per_page, "currentPage": current, "totalPages": pages },
        "links": links,
    })
}

/// All meetings in OParl 1.1 shape, paged, newest first.
#[utoipa::path(get, path = "/api/v1/oparl/meetings", operation_id = "oparl_meetings", params(Paging), responses((status = 200, body = schemas::OparlList), (status = 400, body = schemas::Error)))]
pub(crate) async fn meetings(
    State(state): State<AppState>,
    Query(paging): Query<Paging>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let summaries = blocking(&state, |store| {
        Ok(store.meetings(&MeetingFilter::default(), Page::ALL)?)
    })
    .await?;
    meeting_page(
        &state,
        viewer,
        summaries,
        paging,
        format!("{base}/meetings"),
    )
    .await
}

/// A meeting and the organisation it belongs to.
async fn one_meeting(state: &AppState, id: String) -> Result<(Meeting, Option<String>), ApiError> {
    Ok(blocking(state, move |store| {
        let meeting = store.meeting(&id)?;
        let organisation = Catalog::read(store)?
            .organisation_of(&meeting.id)
            .map(str::to_owned);
        Ok((meeting, organisation))
    })
    .await?)
}

/// One meeting in OParl 1.1 shape.
#[utoipa::path(get, path = "/api/v1/oparl/meetings/{id}", operation_id = "oparl_meeting", params(("id" = String, Path)), responses((status = 200, body = schemas::OparlObject), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn meeting(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let (meeting, organisation) = one_meeting(&state, id).await?;
    Ok(Json(meeting_json(
        &meeting,
        &base(&state),
        &viewer,
        organisation.as_deref(),
    )))
}

/// One agenda item of a meeting, by its 1-based position (`order`).
#[utoipa::path(get, path = "/api/v1/oparl/meetings/{id}/agendaitems/{order}", operation_id = "oparl_agenda_item", params(("id" = String, Path), ("order" = u32, Path)), responses((status = 200, body = schemas::OparlObject), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn agenda_item(
    State(state): State<AppState>,
    Path((id, order)): Path<(String, u32)>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let (mut meeting, _) = one_meeting(&state, id).await?;
    viewer.redact_meeting(&mut meeting);
    let missing = || AppError::NotFound(format!("punkt {order} af mødet"));
    let idx = (order as usize).checked_sub(1).ok_or_else(missing)?;
    Ok(Json(
        agenda_item_json(&meeting, &base(&state), idx).ok_or_else(missing)?,
    ))
}

/// The original of a meeting as a File.
#[utoipa::path(get, path = "/api/v1/oparl/meetings/{id}/file", operation_id = "oparl_file", params(("id" = String, Path)), responses((status = 200, body = schemas::OparlObject), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn file(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let (meeting, _) = one_meeting(&state, id).await?;
    let file = file_json(&meeting, &base(&state), &viewer)
        .ok_or_else(|| AppError::NotFound("originalen af mødet".into()))?;
    Ok(Json(file))
}

/// Where a meeting took place, as a Location.
#[utoipa::path(get, path = "/api/v1/oparl/meetings/{id}/location", operation_id = "oparl_location", params(("id" = String, Path)), responses((status = 200, body = schemas::OparlObject), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn location(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (meeting, _) = one_meeting(&state, id).await?;
    let location = location_json(&meeting, &base(&state))
        .ok_or_else(|| AppError::NotFound("mødestedet".into()))?;
    Ok(Json(location))
}

/// Every organisation's meeting series as Organizations.
#[utoipa::path(get, path = "/api/v1/oparl/organizations", operation_id = "oparl_organizations", responses((status = 200, body = schemas::OparlList)))]
pub(crate) async fn organizations(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let catalog = blocking(&state, Catalog::read).await?;
    let data: Vec<Value> = catalog
        .organisations
        .values()
        .flat_map(|(name, meetings)| {
            bodies_of(meetings)
                .into_iter()
                .map(|body| organization_json(&base, name, body))
                .collect::<Vec<_>>()
        })
        .collect();
    let total = data.len();
    Ok(Json(list(
        data,
        Page::ALL,
        total,
        &format!("{base}/organizations"),
    )))
}

/// The person registry as Persons.
#[utoipa::path(get, path = "/api/v1/oparl/persons", operation_id = "oparl_persons", params(Paging), responses((status = 200, body = schemas::OparlList), (status = 400, body = schemas::Error)))]
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
        .map(|person| person_json(&base, &person.name))
        .collect();
    Ok(Json(list(data, page, total, &format!("{base}/persons"))))
}

/// One person of the registry as a Person.
#[utoipa::path(get, path = "/api/v1/oparl/persons/{name}", operation_id = "oparl_person", params(("name" = String, Path)), responses((status = 200, body = schemas::OparlObject), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
pub(crate) async fn person(
    State(state): State<AppState>,
    Path(name): Path<String>,
    viewer: Viewer,
) -> Result<Json<Value>, ApiError> {
    let base = base(&state);
    let person = blocking(&state, move |store| {
        crate::registry(store, &viewer)?
            .into_iter()
            .find(|person| person.name == name)
            .ok_or_else(|| AppError::NotFound(format!("personen {name}")))
    })
    .await?;
    Ok(Json(person_json(&base, &person.name)))
}
