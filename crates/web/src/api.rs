//! The JSON API under `/api/v1`: everything the pages show, lists paged with `offset` and
//! `limit`, errors as `{"error": {"code", "message"}}` (see [`crate::error`]). The OpenAPI
//! document at `/api/v1/openapi.json` is generated from the handlers' annotations here, so
//! it cannot drift from the routes. Meetings are the JSON of `spec/model.md`; lists of store
//! rows keep the store's shape. The OParl export lives in [`crate::oparl`].

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde::{Deserialize, Serialize};
use store::{
    ActionFilter, ActionRow, MeetingFilter, MeetingSummary, Page, PersonDetail, PersonSummary,
};
use utoipa::OpenApi;

use crate::error::ApiError;
// The API answers a path or query it cannot read with its JSON error object.
use crate::access::Viewer;
use crate::find::{self, Results, ThreadEntry};
use crate::input::{ApiPath as Path, ApiQuery as Query};
use crate::register::{self, ActionQuery};
use crate::schemas;
use crate::stream::{self, Accepts};
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
/// Written as it is sent (`overview`); this type gives its shape to the OpenAPI document.
struct Overview {
    today: String,
    #[schema(value_type = Vec<schemas::MeetingSummary>)]
    latest_meetings: Vec<MeetingSummary>,
    #[schema(value_type = Vec<schemas::ActionRow>)]
    overdue: Vec<ActionRow>,
    #[schema(value_type = Vec<schemas::ActionRow>)]
    due_soon: Vec<ActionRow>,
}

/// Follow-ups read per query while the overview is written.
const ACTIONS_PER_READ: usize = 500;

/// Latest meetings, overdue follow-ups and those due within 30 days. Every overdue
/// follow-up of a large corpus is tens of megabytes of JSON: the answer is written a few
/// hundred follow-ups at a time as it is sent (see `stream`), in the shape of [`Overview`].
#[utoipa::path(get, path = "/api/v1/overview", operation_id = "overview", responses((status = 200, body = Overview)))]
async fn overview(
    State(state): State<AppState>,
    accepts: Accepts,
    viewer: Viewer,
) -> Result<Response, ApiError> {
    let today = state.today();
    let horizon = today
        .checked_add(jiff::Span::new().days(30))
        .unwrap_or(today);
    Ok(stream::respond(
        &state,
        accepts,
        "application/json",
        None,
        move |store, sink| {
            let meetings: Vec<MeetingSummary> = store
                .meetings(
                    &MeetingFilter::default(),
                    Page {
                        offset: 0,
                        limit: 8,
                    },
                )?
                .into_iter()
                .map(render::without_folders)
                .collect();
            sink.write(&format!(
                "{{\"today\":{},\"latest_meetings\":{},\"overdue\":[",
                json(&today.to_string())?,
                json(&meetings)?
            ))?;
            let overdue = ActionFilter {
                open: true,
                due_before: Some(today),
                ..ActionFilter::default()
            };
            let due_soon = ActionFilter {
                open: true,
                due_from: Some(today),
                due_until: Some(horizon),
                ..ActionFilter::default()
            };
            for (n, filter) in [overdue, due_soon].iter().enumerate() {
                if n > 0 {
                    sink.write("],\"due_soon\":[")?;
                }
                let refs = register::refs(store, filter, &viewer)?;
                let mut first = true;
                for chunk in refs.chunks(ACTIONS_PER_READ) {
                    let mut out = String::new();
                    for row in store.actions_of(chunk)? {
                        if !first {
                            out.push(',');
                        }
                        first = false;
                        out.push_str(&json(&row)?);
                    }
                    sink.write(&out)?;
                }
            }
            sink.write("]}")
        },
    )
    .await?)
}

/// `value` as JSON, for answers written piece by piece.
fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value)
        .map_err(|err| AppError::Internal(format!("JSON kunne ikke skrives: {err}")))
}

/// A page of meetings, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct MeetingList {
    offset: u32,
    limit: u32,
    /// Whether another page follows.
    more: bool,
    data: Vec<ListedMeeting>,
}

/// A meeting in a list, with the organisation it belongs to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
struct ListedMeeting {
    id: String,
    /// The organisation the meeting was imported for (`referat import --organisation`),
    /// else its body's name.
    organisation: String,
    body: String,
    #[schema(value_type = Option<String>, format = Date)]
    date: Option<model::Date>,
    /// How many times the meeting was imported with changes.
    version: u32,
    n_items: u32,
    /// The original's file name.
    source_name: String,
}

impl ListedMeeting {
    fn new(summary: MeetingSummary, organisation: String) -> ListedMeeting {
        let summary = render::without_folders(summary);
        ListedMeeting {
            id: summary.id,
            organisation,
            body: summary.body,
            date: summary.date,
            version: summary.version,
            n_items: summary.n_items,
            source_name: summary.source_name,
        }
    }
}

/// Filters for the meeting list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct MeetingQuery {
    /// The organisation, by name (case-insensitive).
    #[serde(default, deserialize_with = "find::empty_as_none")]
    organisation: Option<String>,
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
    let wanted = query.organisation.map(|name| name.to_lowercase());
    let organisations = crate::auth::meetings_cached(&state).await?;
    let (mut data, more) = blocking(&state, move |store| {
        // Without an organisation to pick, the store reads just the page (and one more, to
        // tell whether more follow); with one, every meeting is looked at.
        let window = if wanted.is_none() {
            Page {
                offset: page.offset,
                limit: page.limit.saturating_add(1),
            }
        } else {
            Page::ALL
        };
        let skip = if wanted.is_none() { 0 } else { page.offset };
        let listed = store
            .meetings(&filter, window)?
            .into_iter()
            .map(|summary| {
                let organisation = organisations
                    .organisation(&summary.id)
                    .unwrap_or(&summary.body)
                    .to_owned();
                ListedMeeting::new(summary, organisation)
            })
            .filter(|listed| {
                wanted
                    .as_deref()
                    .is_none_or(|wanted| listed.organisation.to_lowercase() == wanted)
            });
        let mut window: Vec<ListedMeeting> = listed
            .skip(skip as usize)
            .take(page.limit as usize + 1)
            .collect();
        let more = window.len() > page.limit as usize;
        window.truncate(page.limit as usize);
        Ok((window, more))
    })
    .await?;
    data.truncate(page.limit as usize);
    Ok(Json(MeetingList {
        offset: page.offset,
        limit: page.limit,
        more,
        data,
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

/// The follow-up register, by due date (undated last). Only the page asked for is read
/// whole (see [`register::refs`]).
#[utoipa::path(get, path = "/api/v1/actions", operation_id = "list_actions", params(Paging, ActionQuery), responses((status = 200, body = ActionList), (status = 400, body = schemas::Error)))]
async fn actions(
    State(state): State<AppState>,
    Query(paging): Query<Paging>,
    Query(query): Query<ActionQuery>,
    viewer: Viewer,
) -> Result<Json<ActionList>, ApiError> {
    let filter = register::filter(&query, state.today())?;
    let (page, more, data) = blocking(&state, move |store| {
        let refs = register::refs(store, &filter, &viewer)?;
        let (page, more, window) = paging.slice(refs);
        Ok((page, more, store.actions_of(&window)?))
    })
    .await?;
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
