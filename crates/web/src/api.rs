//! The JSON API under `/api/v1`: everything the pages show, lists paged with `offset` and
//! `limit`, errors as `{"error": {"code", "message"}}` (see [`crate::error`]). The OpenAPI
//! document at `/api/v1/openapi.json` is generated from the handlers' annotations here, so
//! it cannot drift from the routes. Meetings are the JSON of `spec/model.md`; lists of store
//! rows keep the store's shape. The OParl export lives in [`crate::oparl`].

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde::{Deserialize, Serialize};
use store::{ActionRow, MeetingFilter, MeetingSummary, Page, PersonDetail, PersonSummary};
use utoipa::OpenApi;

use crate::error::ApiError;
// The API answers a path or query it cannot read with its JSON error object.
use crate::access::Viewer;
use crate::find::{self, Results, ThreadEntry};
use crate::input::{ApiPath as Path, ApiQuery as Query};
use crate::register::{self, ActionQuery};
use crate::schemas;
use crate::{AppError, AppState, blocking, oparl, pages, render, searching};

/// Default and largest page size.
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "referat",
        description = "Beslutningsregister: møder, punkter, beslutninger og opfølgning fra referater. Kun læsning."
    ),
    paths(
        overview,
        meetings,
        meeting,
        item,
        people,
        person,
        actions,
        search,
        oparl::system,
        oparl::bodies,
        oparl::body,
        oparl::body_organizations,
        oparl::organization,
        oparl::body_meetings,
        oparl::body_persons,
        oparl::body_papers,
        oparl::meetings,
        oparl::meeting,
        oparl::agenda_item,
        oparl::file,
        oparl::location,
        oparl::organizations,
        oparl::persons,
        oparl::person,
        crate::followups::api_get,
        crate::followups::api_set,
        crate::followups::api_edit
    ),
    components(schemas(
        Overview,
        MeetingList,
        ItemResponse,
        PersonList,
        PersonResponse,
        Presented,
        ActionList,
        Results,
        ThreadEntry,
        find::Hit,
        find::SnippetPart,
        crate::followups::FollowUp,
        crate::followups::StatusChangeRequest,
        crate::followups::EditRequest
    ))
)]
struct ApiDoc;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/overview", get(overview))
        .route("/meetings", get(meetings))
        .route("/meetings/{id}", get(meeting))
        .route("/items/{meeting_id}/{item}", get(item))
        .route("/people", get(people))
        .route("/people/{name}", get(person))
        .route("/actions", get(actions))
        .route(
            "/actions/{meeting_id}/{item}/{position}",
            get(crate::followups::api_get),
        )
        .route(
            "/actions/{meeting_id}/{item}/{position}/status",
            axum::routing::post(crate::followups::api_set),
        )
        .route(
            "/actions/{meeting_id}/{item}/{position}/edit",
            axum::routing::post(crate::followups::api_edit),
        )
        .route("/search", get(search))
        .route("/oparl/system", get(oparl::system))
        .route("/oparl/body", get(oparl::bodies))
        .route("/oparl/body/{organisation}", get(oparl::body))
        .route(
            "/oparl/body/{organisation}/organizations",
            get(oparl::body_organizations),
        )
        .route(
            "/oparl/body/{organisation}/organizations/{body}",
            get(oparl::organization),
        )
        .route(
            "/oparl/body/{organisation}/meetings",
            get(oparl::body_meetings),
        )
        .route(
            "/oparl/body/{organisation}/persons",
            get(oparl::body_persons),
        )
        .route("/oparl/body/{organisation}/papers", get(oparl::body_papers))
        .route("/oparl/meetings", get(oparl::meetings))
        .route("/oparl/meetings/{id}", get(oparl::meeting))
        .route(
            "/oparl/meetings/{id}/agendaitems/{order}",
            get(oparl::agenda_item),
        )
        .route("/oparl/meetings/{id}/file", get(oparl::file))
        .route("/oparl/meetings/{id}/location", get(oparl::location))
        .route("/oparl/organizations", get(oparl::organizations))
        .route("/oparl/persons", get(oparl::persons))
        .route("/oparl/persons/{name}", get(oparl::person))
        .fallback(|| async { ApiError(AppError::NotFound("adressen i API'et".into())) })
}

/// The OpenAPI document, its server the public origin.
async fn openapi(State(state): State<AppState>) -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.servers = Some(vec![utoipa::openapi::Server::new(state.origin())]);
    Json(doc)
}

/// A window of a list.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Paging {
    /// Results to skip (default 0).
    #[serde(default)]
    pub(crate) offset: Option<u32>,
    /// Most results (default 50, at most 200).
    #[serde(default)]
    pub(crate) limit: Option<u32>,
}

impl Paging {
    pub(crate) fn page(self) -> Page {
        Page {
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
        }
    }

    /// One page of `all`, and whether more follow.
    fn slice<T>(self, all: Vec<T>) -> (Page, bool, Vec<T>) {
        let page = self.page();
        let more = all.len() > (page.offset as usize).saturating_add(page.limit as usize);
        let data = all
            .into_iter()
            .skip(page.offset as usize)
            .take(page.limit as usize)
            .collect();
        (page, more, data)
    }
}

/// What the front page shows.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Overview {
    today: String,
    #[schema(value_type = Vec<schemas::MeetingSummary>)]
    latest_meetings: Vec<MeetingSummary>,
    #[schema(value_type = Vec<schemas::ActionRow>)]
    overdue: Vec<ActionRow>,
    #[schema(value_type = Vec<schemas::ActionRow>)]
    due_soon: Vec<ActionRow>,
}

/// Latest meetings, overdue follow-ups and those due within 30 days.
#[utoipa::path(get, path = "/api/v1/overview", operation_id = "overview", responses((status = 200, body = Overview)))]
async fn overview(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Overview>, ApiError> {
    let today = state.today();
    let horizon = today
        .checked_add(jiff::Span::new().days(30))
        .unwrap_or(today);
    let (latest_meetings, open) = blocking(&state, move |store| {
        let meetings = store.meetings(
            &MeetingFilter::default(),
            Page {
                offset: 0,
                limit: 8,
            },
        )?;
        Ok((
            meetings,
            register::actions(store, &ActionQuery::default(), today, &viewer)?,
        ))
    })
    .await?;
    let by = |row: &ActionRow| row.action.due.as_ref().and_then(|d| d.by);
    let (overdue, due_soon) = (
        open.iter()
            .filter(|r| by(r).is_some_and(|b| b < today))
            .cloned()
            .collect(),
        open.iter()
            .filter(|r| by(r).is_some_and(|b| b >= today && b <= horizon))
            .cloned()
            .collect(),
    );
    Ok(Json(Overview {
        today: today.to_string(),
        latest_meetings: latest_meetings
            .into_iter()
            .map(render::without_folders)
            .collect(),
        overdue,
        due_soon,
    }))
}

/// A page of meetings, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct MeetingList {
    offset: u32,
    limit: u32,
    /// Whether another page follows.
    more: bool,
    #[schema(value_type = Vec<schemas::MeetingSummary>)]
    data: Vec<MeetingSummary>,
}

/// Filters for the meeting list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct MeetingQuery {
    /// Exact body name.
    #[serde(default, deserialize_with = "find::empty_as_none")]
    body: Option<String>,
    /// A participant, absentee, presenter or owner.
    #[serde(default, deserialize_with = "find::empty_as_none")]
    person: Option<String>,
}

/// Meetings, newest first.
#[utoipa::path(get, path = "/api/v1/meetings", operation_id = "list_meetings", params(Paging, MeetingQuery), responses((status = 200, body = MeetingList), (status = 400, body = schemas::Error)))]
async fn meetings(
    State(state): State<AppState>,
    Query(paging): Query<Paging>,
    Query(query): Query<MeetingQuery>,
) -> Result<Json<MeetingList>, ApiError> {
    let page = paging.page();
    let filter = MeetingFilter {
        body: query.body,
        person: query.person,
        ..MeetingFilter::default()
    };
    let mut data = blocking(&state, move |store| {
        Ok(store.meetings(
            &filter,
            Page {
                offset: page.offset,
                limit: page.limit + 1,
            },
        )?)
    })
    .await?;
    let more = data.len() > page.limit as usize;
    data.truncate(page.limit as usize);
    Ok(Json(MeetingList {
        offset: page.offset,
        limit: page.limit,
        more,
        data: data.into_iter().map(render::without_folders).collect(),
    }))
}

/// One meeting: the Meeting of `spec/model.md`.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", operation_id = "get_meeting", params(("id" = String, Path, description = "Meeting id")), responses((status = 200, body = schemas::Meeting), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
async fn meeting(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> Result<Json<model::Meeting>, ApiError> {
    let mut meeting = blocking(&state, move |store| Ok(store.meeting(&id)?)).await?;
    viewer.redact_meeting(&mut meeting);
    meeting.source.file = render::file_name(&meeting.source.file).to_owned();
    Ok(Json(meeting))
}

/// An item with the same case at other meetings.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct ItemResponse {
    #[schema(value_type = schemas::ItemView)]
    item: store::ItemView,
    /// Oldest first; the item itself has `current: true`.
    thread: Vec<ThreadEntry>,
}

/// One item and its thread.
#[utoipa::path(get, path = "/api/v1/items/{meeting_id}/{item}", operation_id = "get_item", params(("meeting_id" = String, Path), ("item" = String, Path, description = "the number the minutes print (an old 1-based position also finds the item when no item has that number)")), responses((status = 200, body = ItemResponse), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
async fn item(
    State(state): State<AppState>,
    Path((meeting_id, key)): Path<(String, String)>,
    viewer: Viewer,
) -> Result<Json<ItemResponse>, ApiError> {
    render::check_item(&key)?;
    let response = searching(&state, move |store, index| {
        let mut item = store.item(&store::ItemId::new(meeting_id, key))?;
        viewer.redact_item(&item.meeting.id, &mut item.item);
        let thread = find::thread(store, index, &item, &viewer)?;
        item.meeting = render::without_folders(item.meeting);
        Ok(ItemResponse { item, thread })
    })
    .await?;
    Ok(Json(response))
}

/// A page of people.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct PersonList {
    offset: u32,
    limit: u32,
    more: bool,
    #[schema(value_type = Vec<schemas::PersonSummary>)]
    data: Vec<PersonSummary>,
}

/// Everyone in the person registry, by name.
#[utoipa::path(get, path = "/api/v1/people", operation_id = "list_people", params(Paging), responses((status = 200, body = PersonList), (status = 400, body = schemas::Error)))]
async fn people(
    State(state): State<AppState>,
    Query(paging): Query<Paging>,
    viewer: Viewer,
) -> Result<Json<PersonList>, ApiError> {
    let all = blocking(&state, move |store| crate::registry(store, &viewer)).await?;
    let (page, more, data) = paging.slice(all);
    Ok(Json(PersonList {
        offset: page.offset,
        limit: page.limit,
        more,
        data,
    }))
}

/// An item a person presented.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct Presented {
    meeting_id: String,
    /// The item's address in the meeting (its printed number); none when the time plan
    /// names an item that was not minuted.
    item: Option<String>,
    title: String,
}

/// A person with meetings, items presented and follow-ups owned.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct PersonResponse {
    #[schema(value_type = schemas::PersonDetail)]
    person: PersonDetail,
    presented: Vec<Presented>,
}

/// One person, by canonical name or any written form.
#[utoipa::path(get, path = "/api/v1/people/{name}", operation_id = "get_person", params(("name" = String, Path)), responses((status = 200, body = PersonResponse), (status = 400, body = schemas::Error), (status = 404, body = schemas::Error)))]
async fn person(
    State(state): State<AppState>,
    Path(name): Path<String>,
    viewer: Viewer,
) -> Result<Json<PersonResponse>, ApiError> {
    let response = blocking(&state, move |store| {
        let mut person = store.person(&name)?;
        let presented = pages::presented(store, &person, &viewer)?;
        pages::visible_person(&mut person, &presented, &viewer)?;
        let presented = presented
            .into_iter()
            .map(|(meeting, item, title)| Presented {
                meeting_id: meeting.id,
                item,
                title,
            })
            .collect();
        for seen in &mut person.meetings {
            seen.meeting.source_name = render::file_name(&seen.meeting.source_name).to_owned();
        }
        person
            .actions
            .sort_by_key(|row| row.status != store::ActionStatus::Open);
        Ok(PersonResponse { person, presented })
    })
    .await?;
    Ok(Json(response))
}

/// A page of follow-ups.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct ActionList {
    offset: u32,
    limit: u32,
    more: bool,
    #[schema(value_type = Vec<schemas::ActionRow>)]
    data: Vec<ActionRow>,
}

/// The follow-up register, by due date (undated last).
#[utoipa::path(get, path = "/api/v1/actions", operation_id = "list_actions", params(Paging, ActionQuery), responses((status = 200, body = ActionList), (status = 400, body = schemas::Error)))]
async fn actions(
    State(state): State<AppState>,
    Query(paging): Query<Paging>,
    Query(query): Query<ActionQuery>,
    viewer: Viewer,
) -> Result<Json<ActionList>, ApiError> {
    let today = state.today();
    let all = blocking(&state, move |store| {
        register::actions(store, &query, today, &viewer)
    })
    .await?;
    let (page, more, data) = paging.slice(all);
    Ok(Json(ActionList {
        offset: page.offset,
        limit: page.limit,
        more,
        data,
    }))
}

/// Full-text search over items with filters and counts per filter value.
#[utoipa::path(get, path = "/api/v1/search", operation_id = "search", params(find::Query), responses((status = 200, body = Results), (status = 400, body = schemas::Error)))]
async fn search(
    State(state): State<AppState>,
    Query(query): Query<find::Query>,
    viewer: Viewer,
) -> Result<Json<Results>, ApiError> {
    Ok(Json(
        searching(&state, move |_, index| find::search(index, &query, &viewer)).await?,
    ))
}
