//! The typed shapes of the OpenAPI document for the values whose types live in `model` and
//! `store`, which do not depend on utoipa (and should not: the JSON shape of `spec/model.md`
//! is theirs, its documentation the API's). Each type here mirrors one serialised type
//! field by field; nothing constructs them. The integration test `api::responses_match_
//! their_schemas` validates real answers of every route against these schemas, so a field
//! added to the model without its mirror here fails a test instead of drifting.

#![allow(
    dead_code,
    reason = "the mirrors exist for their ToSchema impls only and are never constructed"
)]

use utoipa::ToSchema;

/// Where a value was found: a range of lines of the original.
#[derive(ToSchema)]
pub(crate) struct Span {
    /// Page of the first line, 1-based.
    page: u32,
    /// First line (document line number, 1-based).
    line: u32,
    /// Last line, inclusive.
    end_line: u32,
}

/// A person (or a unit acting as owner) as named in one document.
#[derive(ToSchema)]
pub(crate) struct Person {
    /// Canonical full name.
    name: String,
    /// The form written in this document.
    as_written: String,
    #[schema(required = false)]
    span: Span,
}

/// The file a meeting was extracted from (its file name only, never a server path).
#[derive(ToSchema)]
pub(crate) struct Source {
    file: String,
    /// SHA-256 of the original bytes, lowercase hex.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    sha256: String,
    format: Format,
}

/// The format an original was read as.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum Format {
    Pdf,
    Docx,
    Html,
    Markdown,
    Text,
    Firstagenda,
}

/// Minutes record decisions; an agenda only what will be discussed.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum DocumentKind {
    Minutes,
    Agenda,
}

/// Provenance of the header fields.
#[derive(ToSchema)]
pub(crate) struct HeaderSpans {
    #[schema(required = false)]
    body: Span,
    #[schema(required = false)]
    date: Span,
    #[schema(required = false)]
    location: Span,
}

/// One entry of the time plan.
#[derive(ToSchema)]
pub(crate) struct Slot {
    /// Item number as written: "5", "5.a".
    item: String,
    /// `HH:MM`, local time (Europe/Copenhagen).
    #[schema(pattern = "^[0-9]{2}:[0-9]{2}$")]
    start: Option<String>,
    /// `HH:MM`, local time (Europe/Copenhagen).
    #[schema(pattern = "^[0-9]{2}:[0-9]{2}$")]
    end: Option<String>,
    presenters: Vec<Person>,
    note: Option<String>,
    #[schema(required = false)]
    span: Span,
}

/// The kind of a decision.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum DecisionKind {
    Rejected,
    Postponed,
    Approved,
    Decided,
    Recommended,
    Noted,
    Discussed,
}

/// What the meeting body did about an item.
#[derive(ToSchema)]
pub(crate) struct Decision {
    /// Who decided, as written.
    actor: Option<String>,
    kind: DecisionKind,
    text: String,
    /// Vote positions and reservations.
    #[schema(required = false)]
    notes: Vec<String>,
    #[schema(required = false)]
    span: Span,
}

/// How often a recurring follow-up repeats.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub(crate) enum Recurrence {
    Yearly,
    Quarterly,
    Monthly,
}

/// A due date as written and as read.
#[derive(ToSchema)]
pub(crate) struct Due {
    /// The words as written: "senest i oktober".
    text: String,
    #[schema(format = Date)]
    from: Option<String>,
    #[schema(format = Date)]
    by: Option<String>,
    recurring: Option<Recurrence>,
}

/// A follow-up: something someone is to do, possibly by a date.
#[derive(ToSchema)]
pub(crate) struct Action {
    text: String,
    owners: Vec<Person>,
    due: Option<Due>,
    /// Where it goes: "direktionen", as written.
    forum: Option<String>,
    #[schema(required = false)]
    span: Span,
}

/// A person absent from one item.
#[derive(ToSchema)]
pub(crate) struct Absence {
    person: Person,
    reason: Option<String>,
}

/// One agenda item. A closed item the viewer may not read has `closed: true`, its text
/// "Lukket punkt" and no follow-ups.
#[derive(ToSchema)]
pub(crate) struct Item {
    /// The item number as written.
    number: String,
    title: String,
    text: String,
    /// Present (true) only for a closed item.
    #[schema(required = false)]
    closed: bool,
    /// Present (true) only when a closed item's decisions are published.
    #[schema(required = false)]
    decision_public: bool,
    decisions: Vec<Decision>,
    actions: Vec<Action>,
    attachments: Vec<String>,
    #[schema(required = false)]
    case_number: String,
    #[schema(required = false)]
    absent: Vec<Absence>,
    #[schema(required = false)]
    span: Span,
}

/// One meeting of a body, as recorded in one document: the JSON of `spec/model.md`.
#[derive(ToSchema)]
pub(crate) struct Meeting {
    /// Stable slug: `<body>-<YYYY-MM-DD>` (+ `-HHMM` when a body meets twice a day).
    id: String,
    /// The meeting series as written.
    body: String,
    #[schema(format = Date)]
    date: Option<String>,
    /// `HH:MM`, local time (Europe/Copenhagen).
    #[schema(pattern = "^[0-9]{2}:[0-9]{2}$")]
    start: Option<String>,
    /// `HH:MM`, local time (Europe/Copenhagen).
    #[schema(pattern = "^[0-9]{2}:[0-9]{2}$")]
    end: Option<String>,
    location: Option<String>,
    participants: Vec<Person>,
    absent: Vec<Person>,
    schedule: Vec<Slot>,
    items: Vec<Item>,
    source: Source,
    kind: DocumentKind,
    header_spans: HeaderSpans,
}

/// A meeting in a list.
#[derive(ToSchema)]
pub(crate) struct MeetingSummary {
    id: String,
    body: String,
    #[schema(format = Date)]
    date: Option<String>,
    /// How many times the meeting was imported with changes.
    version: u32,
    n_items: u32,
    /// The original's file name.
    source_name: String,
}

/// Where a follow-up stands.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub(crate) enum ActionStatus {
    Open,
    InProgress,
    Done,
    Dropped,
}

/// A follow-up in the register, with its meeting and item.
#[derive(ToSchema)]
pub(crate) struct ActionRow {
    /// `<meeting id>/<item>/<position>`.
    id: String,
    meeting_id: String,
    body: String,
    #[schema(format = Date)]
    meeting_date: Option<String>,
    item_number: String,
    item_title: String,
    action: Action,
    status: ActionStatus,
    /// Present (true) only when the item is closed.
    #[schema(required = false)]
    item_closed: bool,
}

/// One change of a follow-up's status.
#[derive(ToSchema)]
pub(crate) struct StatusChange {
    /// Unix seconds.
    at: i64,
    /// Who; left out for anonymous askers.
    #[schema(required = false)]
    actor: Option<String>,
    before: ActionStatus,
    after: ActionStatus,
    note: String,
}

/// A person in the registry.
#[derive(ToSchema)]
pub(crate) struct PersonSummary {
    name: String,
    /// Other written forms.
    aliases: Vec<String>,
    n_meetings: u32,
    n_actions: u32,
}

/// A meeting a person took part in, and how.
#[derive(ToSchema)]
pub(crate) struct PersonMeeting {
    meeting: MeetingSummary,
    roles: Vec<String>,
}

/// A person with the meetings they sat in and the follow-ups they own.
#[derive(ToSchema)]
pub(crate) struct PersonDetail {
    person: PersonSummary,
    meetings: Vec<PersonMeeting>,
    actions: Vec<ActionRow>,
}

/// One item with its meeting.
#[derive(ToSchema)]
pub(crate) struct ItemView {
    /// `<meeting id>/<item>`.
    id: String,
    meeting: MeetingSummary,
    item: Item,
}

/// An error: a stable `code` for programs and a Danish `message` for people.
#[derive(ToSchema)]
pub(crate) struct Error {
    error: ErrorDetail,
}

/// The parts of an [`Error`].
#[derive(ToSchema)]
pub(crate) struct ErrorDetail {
    /// `not_found`, `bad_request`, `unauthorized`, `forbidden`, `unavailable`, ...
    code: String,
    /// What went wrong, in Danish.
    message: String,
}

/// An OParl 1.1 object (`System`, `Body`, `Organization`, `Person`, `Meeting`,
/// `AgendaItem`, `File`, `Location`): its fields are those of the specification's schema
/// for its `type` (https://schema.oparl.org/1.1/), keys without a value left out.
#[derive(ToSchema)]
pub(crate) struct OparlObject {
    /// Its own URL.
    id: String,
    /// `https://schema.oparl.org/1.1/` and the object's kind.
    #[schema(pattern = "^https://schema\\.oparl\\.org/1\\.1/[A-Za-z]+$")]
    r#type: String,
}

/// One page of an OParl list.
#[derive(ToSchema)]
pub(crate) struct OparlList {
    data: Vec<OparlObject>,
    pagination: OparlPagination,
    /// `first`, `self`, `last`, and `prev`/`next` where there is such a page.
    links: std::collections::BTreeMap<String, String>,
}

/// Where a page of an OParl list is.
#[derive(ToSchema)]
#[schema(rename_all = "camelCase")]
pub(crate) struct OparlPagination {
    total_elements: u64,
    elements_per_page: u64,
    current_page: u64,
    total_pages: u64,
}
