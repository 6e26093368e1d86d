//! The server-rendered pages, in Danish: front page, meetings, one meeting beside its
//! original text, one item with its thread, people, the follow-up register and search.
//! Every page works without JavaScript; forms are plain `GET` forms. Handlers fetch with
//! [`crate::blocking`] and render with maud; they do not format dates or escape by hand.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use model::{Meeting, Span, Text};
use store::{
    ActionFilter, ActionRow, ActionStatus, MeetingFilter, MeetingSummary, Page, PersonDetail,
};

use crate::access::Viewer;
use crate::find::{self, Results};
use crate::input::{Path, Query};
use crate::register::{self, ActionQuery};
use crate::releases;
use crate::render::{self, page};
use crate::{AppError, AppState, blocking, searching};

/// How far ahead the front page looks for follow-ups due soon.
const SOON_DAYS: i64 = 30;

/// How many overdue follow-ups the front page lists before linking to the register.
const FRONT_ACTIONS: usize = 8;

/// `GET /`: latest meetings, overdue follow-ups and those due soon. Counted over the whole
/// register; only the first [`FRONT_ACTIONS`] of each are read (see [`register::refs`]).
pub(crate) async fn front(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let today = state.today();
    let horizon = today
        .checked_add(jiff::Span::new().days(SOON_DAYS))
        .unwrap_or(today);
    let (meetings, (n_overdue, overdue), (n_soon, soon)) = blocking(&state, move |store| {
        let meetings = store.meetings(
            &MeetingFilter::default(),
            Page {
                offset: 0,
                limit: 8,
            },
        )?;
        let first = |filter: ActionFilter| -> Result<(usize, Vec<ActionRow>), AppError> {
            let refs = register::refs(store, &filter, &viewer)?;
            let shown = store.actions_of(&refs[..refs.len().min(FRONT_ACTIONS)])?;
            Ok((refs.len(), shown))
        };
        let overdue = first(ActionFilter {
            open: true,
            due_before: Some(today),
            ..ActionFilter::default()
        })?;
        let soon = first(ActionFilter {
            open: true,
            due_from: Some(today),
            due_until: Some(horizon),
            ..ActionFilter::default()
        })?;
        Ok((meetings, overdue, soon))
    })
    .await?;
    let overdue: Vec<&ActionRow> = overdue.iter().collect();
    let soon: Vec<&ActionRow> = soon.iter().collect();
    Ok(page(
        "Forside",
        html! {
            h1 { "Beslutningsregister" }
            p class="lead" { "Referater, beslutninger og opfølgning fra møderne. I dag er det " (render::long_date(today)) "." }
            div class="columns" {
                section aria-labelledby="seneste" {
                    h2 id="seneste" { "Seneste møder" }
                    (meeting_list(&meetings))
                    p { a href="/moeder" { "Alle møder" } }
                }
                section aria-labelledby="overskredet" {
                    h2 id="overskredet" { "Overskredne frister (" (n_overdue) ")" }
                    (action_list(&overdue, today))
                    @if n_overdue > FRONT_ACTIONS {
                        p { a href="/opfoelgning?status=overdue" { "Alle " (n_overdue) " overskredne frister" } }
                    }
                    h2 id="snart" { "Frist inden for " (SOON_DAYS) " dage (" (n_soon) ")" }
                    (action_list(&soon, today))
                    @if n_soon > FRONT_ACTIONS {
                        p { a href={ "/opfoelgning?due=" (horizon) } { "Alle åbne opfølgninger med frist senest " (render::long_date(horizon)) } }
                    }
                    p { a href="/opfoelgning" { "Hele opfølgningsregistret" } }
                }
            }
        },
    ))
}

fn meeting_list(meetings: &[MeetingSummary]) -> Markup {
    html! {
        @if meetings.is_empty() {
            p class="muted" { "Ingen møder endnu." }
        } @else {
            ul class="meetings" {
                @for meeting in meetings {
                    li {
                        a href=(render::meeting_href(&meeting.id)) {
                            (meeting.body) " " (render::maybe_date(meeting.date))
                        }
                        span class="muted" { " · " (meeting.n_items) " punkter" }
                    }
                }
            }
        }
    }
}

fn action_list(rows: &[&ActionRow], today: model::Date) -> Markup {
    html! {
        @if rows.is_empty() {
            p class="muted" { "Ingen." }
        } @else {
            ul class="actions" {
                @for row in rows {
                    @let overdue = render::is_overdue(row.action.due.as_ref(), today);
                    li class=[overdue.then_some("overdue")] {
                        @if overdue { strong class="overdue-text" { "Overskredet: " } }
                        (row.action.text)
                        div class="meta" {
                            @if !row.action.owners.is_empty() { "Ansvar: " (render::people(&row.action.owners)) " · " }
                            "Frist: " (render::due(row.action.due.as_ref())) " · "
                            a href=(render::meeting_href(&row.meeting_id)) { (row.body) " " (render::maybe_date(row.meeting_date)) }
                        }
                    }
                }
            }
        }
    }
}

/// Meetings shown on one page of `/moeder`.
const MEETINGS_PER_PAGE: usize = 50;

/// The filters of `/moeder`; empty values are no filter, as a form sends them.
#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
pub(crate) struct MeetingsQuery {
    /// The organisation a meeting was imported for (or its body's name).
    #[serde(
        default,
        deserialize_with = "find::empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    organisation: Option<String>,
    /// The body (meeting series), by its exact name.
    #[serde(
        default,
        deserialize_with = "find::empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    body: Option<String>,
    /// The year of the meeting.
    #[serde(
        default,
        deserialize_with = "find::empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    year: Option<String>,
    /// A participant, absentee, presenter or owner.
    #[serde(
        default,
        deserialize_with = "find::empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    person: Option<String>,
    /// The page, from 1.
    #[serde(default, skip_serializing)]
    side: Option<u32>,
}

/// A meeting as `/moeder` lists it.
struct Listed {
    summary: MeetingSummary,
    organisation: String,
    kind: model::DocumentKind,
    start: Option<model::Time>,
}

/// `GET /moeder`: the meetings, newest first, filtered by organisation, body, year and
/// person, grouped by month, 50 to a page. Agendas read "Dagsorden", minutes "Referat";
/// where a body meets twice a day, the time tells the meetings apart.
pub(crate) async fn meetings(
    State(state): State<AppState>,
    Query(query): Query<MeetingsQuery>,
) -> Result<Html<String>, AppError> {
    let year = match query.year.as_deref() {
        None => None,
        Some(raw) => Some(
            raw.trim()
                .parse::<i16>()
                .ok()
                .filter(|year| (1900..=2200).contains(year))
                .ok_or_else(|| {
                    AppError::BadRequest("året skrives med fire cifre, fx 2025".into())
                })?,
        ),
    };
    let page_number = query.side.unwrap_or(1).max(1) as usize;
    let filter = MeetingFilter {
        body: query.body.clone(),
        person: query.person.clone(),
        from: year.and_then(|y| jiff::civil::Date::new(y, 1, 1).ok()),
        to: year.and_then(|y| jiff::civil::Date::new(y, 12, 31).ok()),
    };
    let wanted_organisation = query.organisation.clone();
    let today = state.today();
    let meetings_of = crate::auth::meetings_cached(&state).await?;
    let (listed, total, organisations, bodies, years, upcoming) = blocking(&state, move |store| {
        let organisation_of = |summary: &MeetingSummary| {
            meetings_of
                .organisation(&summary.id)
                .unwrap_or(&summary.body)
                .to_owned()
        };
        let in_organisation = |summary: &MeetingSummary| {
            wanted_organisation.as_deref().is_none_or(|wanted| {
                organisation_of(summary).to_lowercase() == wanted.to_lowercase()
            })
        };
        // The filters' choices and the matching meetings, a page of summaries at a time:
        // every meeting's summary at once is megabytes on a large corpus (issue 19).
        let mut organisations = BTreeSet::new();
        let mut bodies = BTreeSet::new();
        let mut years = BTreeSet::new();
        each_summary(store, &MeetingFilter::default(), |summary| {
            organisations.insert(organisation_of(summary));
            if in_organisation(summary) {
                bodies.insert(summary.body.clone());
            }
            years.extend(summary.date.map(|d| d.year()));
        })?;
        let first = (page_number - 1) * MEETINGS_PER_PAGE;
        let mut total = 0;
        let mut shown = Vec::new();
        // What comes next, soonest first, above the list (issue 20): on the first page.
        let mut upcoming: Vec<(MeetingSummary, String)> = Vec::new();
        each_summary(store, &filter, |summary| {
            if !in_organisation(summary) {
                return;
            }
            if page_number == 1 && summary.date.is_some_and(|day| day > today) {
                upcoming.push((summary.clone(), organisation_of(summary)));
            }
            if (first..first + MEETINGS_PER_PAGE).contains(&total) {
                shown.push(summary.clone());
            }
            total += 1;
        })?;
        upcoming.sort_by(|a, b| a.0.date.cmp(&b.0.date).then_with(|| a.0.id.cmp(&b.0.id)));
        upcoming.truncate(10);
        let mut listed = Vec::new();
        for summary in shown {
            let meeting = store.meeting(&summary.id)?;
            listed.push(Listed {
                organisation: organisation_of(&summary),
                kind: meeting.kind,
                start: meeting.start,
                summary,
            });
        }
        Ok((listed, total, organisations, bodies, years, upcoming))
    })
    .await?;
    let pages = total.div_ceil(MEETINGS_PER_PAGE).max(1);
    let filtered = query.organisation.is_some()
        || query.body.is_some()
        || query.year.is_some()
        || query.person.is_some();
    let link_to = |side: usize| {
        let filters = serde_urlencoded::to_string(&query).unwrap_or_default();
        let sep = if filters.is_empty() { "" } else { "&" };
        format!("/moeder?{filters}{sep}side={side}")
    };
    // Two meetings of one body on one day are told apart by their time.
    let mut per_day: BTreeMap<(String, Option<model::Date>), usize> = BTreeMap::new();
    for meeting in &listed {
        *per_day
            .entry((meeting.summary.body.clone(), meeting.summary.date))
            .or_default() += 1;
    }
    let mut months: Vec<(String, Vec<&Listed>)> = Vec::new();
    for meeting in &listed {
        let month = meeting
            .summary
            .date
            .map_or_else(|| "Uden dato".to_owned(), render::month_heading);
        match months.last_mut() {
            Some((last, entries)) if *last == month => entries.push(meeting),
            _ => months.push((month, vec![meeting])),
        }
    }
    Ok(page(
        "Møder",
        html! {
            h1 { "Møder" }
            p { a href="/kalender/moeder.ics" { "Alle møder som kalender (iCalendar)" } " · " a href="/feeds/moeder.atom" { "Nye møder som Atom-feed" } }
            details class="filters" open[filtered] {
                summary { "Filtrér møderne" }
                form class="filters" method="get" action="/moeder" {
                    @if organisations.len() > 1 {
                        div {
                            label for="organisation" { "Organisation" }
                            select id="organisation" name="organisation" {
                                option value="" { "Alle" }
                                @for name in &organisations {
                                    option value=(name) selected[query.organisation.as_deref() == Some(name.as_str())] { (name) }
                                }
                            }
                        }
                    }
                    div {
                        label for="body" { "Mødeforum" }
                        select id="body" name="body" {
                            option value="" { "Alle" }
                            @for body in &bodies {
                                option value=(body) selected[query.body.as_deref() == Some(body.as_str())] { (body) }
                            }
                        }
                    }
                    div {
                        label for="year" { "År" }
                        select id="year" name="year" {
                            option value="" { "Alle" }
                            @for year in years.iter().rev() {
                                option value=(year) selected[year_selected(query.year.as_deref(), *year)] { (year) }
                            }
                        }
                    }
                    div {
                        label for="person" { "Person" }
                        input id="person" name="person" type="text" value=[query.person.as_deref()];
                    }
                    div { button type="submit" { "Vis" } }
                }
            }
            p { (total) @if total == 1 { " møde" } @else { " møder" } @if pages > 1 { " · side " (page_number.min(pages)) " af " (pages) } }
            @if listed.is_empty() {
                p class="muted" { "Ingen møder." }
            }
            @if !upcoming.is_empty() {
                section class="upcoming" aria-labelledby="kommende" {
                    h2 id="kommende" { "Kommende møder" }
                    ul class="meetings" {
                        @for (summary, organisation) in &upcoming {
                            li {
                                a href=(render::meeting_href(&summary.id)) { (summary.body) " " (render::maybe_date(summary.date)) }
                                @if organisations.len() > 1 { span class="muted" { " · " (organisation) } }
                            }
                        }
                    }
                }
            }
            @for (month, entries) in &months {
                h2 class="month" { (month) }
                ul class="meetings" {
                    @for meeting in entries {
                        @let summary = &meeting.summary;
                        @let twice = per_day.get(&(summary.body.clone(), summary.date)).is_some_and(|n| *n > 1);
                        li {
                            span class="doc-kind" { (match meeting.kind { model::DocumentKind::Agenda => "Dagsorden", model::DocumentKind::Minutes => "Referat" }) } " "
                            a href=(render::meeting_href(&summary.id)) {
                                (summary.body) " " (render::maybe_date(summary.date))
                                @if let (true, Some(start)) = (twice, meeting.start) {
                                    " kl. " (format!("{:02}.{:02}", start.hour(), start.minute()))
                                }
                            }
                            span class="muted" {
                                @if organisations.len() > 1 { " · " (meeting.organisation) }
                                " · " (summary.n_items) @if summary.n_items == 1 { " punkt" } @else { " punkter" }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav class="pager" aria-label="Sider" {
                    @if page_number > 1 {
                        a href=(link_to(page_number - 1)) rel="prev" { "Forrige side" }
                    }
                    " "
                    @if page_number < pages {
                        a href=(link_to(page_number + 1)) rel="next" { "Næste side" }
                    }
                }
            }
        },
    ))
}

/// Whether the year field asked for `year`.
fn year_selected(asked: Option<&str>, year: i16) -> bool {
    asked.is_some_and(|asked| asked.trim() == year.to_string())
}

/// How a source line is highlighted on the meeting page, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Decision,
    Action,
    Item,
    Slot,
    Person,
    Header,
}

impl Mark {
    fn class(self) -> &'static str {
        match self {
            Mark::Decision => "hl hl-decision",
            Mark::Action => "hl hl-action",
            Mark::Item => "hl hl-item",
            Mark::Slot => "hl hl-slot",
            Mark::Person => "hl hl-person",
            Mark::Header => "hl hl-header",
        }
    }
}

/// Every extracted span of `meeting`, line by line, with the strongest mark on each line.
fn marks(meeting: &Meeting) -> BTreeMap<u32, Mark> {
    let mut marks: BTreeMap<u32, Mark> = BTreeMap::new();
    let mut add = |span: Option<Span>, mark: Mark| {
        if let Some(span) = span {
            for line in span.line..=span.end_line.max(span.line) {
                let entry = marks.entry(line).or_insert(mark);
                *entry = (*entry).min(mark);
            }
        }
    };
    let spans = &meeting.header_spans;
    for span in [spans.body, spans.date, spans.location] {
        add(span, Mark::Header);
    }
    for person in meeting.participants.iter().chain(&meeting.absent) {
        add(person.span, Mark::Person);
    }
    for slot in &meeting.schedule {
        add(slot.span, Mark::Slot);
    }
    for item in &meeting.items {
        // Only the heading line: the whole item would light up everything.
        add(
            item.span.map(|s| Span {
                end_line: s.line,
                ..s
            }),
            Mark::Item,
        );
        for decision in &item.decisions {
            add(decision.span, Mark::Decision);
        }
        for action in &item.actions {
            add(action.span, Mark::Action);
        }
    }
    marks
}

fn line_link(span: Option<Span>) -> Markup {
    html! {
        @if let Some(span) = span {
            " "
            a class="src" href={ "#L" (span.line) } title="Vis stedet i originalen" {
                @if span.end_line > span.line { "l. " (span.line) "–" (span.end_line) } @else { "l. " (span.line) }
            }
        }
    }
}

/// `GET /moeder/{id}`: the extracted meeting beside its original text.
pub(crate) async fn meeting(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let read_source = std::sync::Arc::clone(&state.read_source);
    let (meeting, shown_original, text, size) = blocking(&state, move |store| {
        let mut meeting = store.meeting(&id)?;
        let size = store
            .source(&meeting.source.sha256)?
            .map(|source| source.size);
        // The original of a meeting with closed items holds their text: not for the public.
        let shown_original = viewer.sees_original(&meeting);
        // A structured source (FirstAgenda JSON) has no lines to show beside the meeting:
        // reading it back would parse all of its HTML on every request for nothing.
        let text = if meeting.source.format == model::Format::Firstagenda || !shown_original {
            None
        } else {
            store
                .source_bytes(&meeting.source.sha256)
                .ok()
                .and_then(|bytes| read_source(&bytes, &meeting.source.file))
        };
        viewer.redact_meeting(&mut meeting);
        Ok((meeting, shown_original, text, size))
    })
    .await?;
    let organisations = crate::auth::meetings_cached(&state).await?;
    let organisation = organisations
        .organisation(&meeting.id)
        .unwrap_or(&meeting.body)
        .to_owned();
    let title = format!("{} {}", meeting.body, render::maybe_date(meeting.date));
    let times = render::time_range(meeting.start, meeting.end);
    Ok(page(
        &title,
        html! {
            p class="crumbs" {
                a href="/moeder" { "Møder" } " › "
                // The organisation, unless it is only named like the body.
                @if organisation.to_lowercase() != meeting.body.to_lowercase() {
                    a href={ "/moeder?organisation=" (render::path_segment(&organisation)) } { (organisation) } " › "
                }
                (title)
            }
            h1 { (meeting.body) " " span class="date" { (render::maybe_date(meeting.date)) } }
            p class="lead" {
                @if let Some(day) = meeting.date { (render::long_date(day)) }
                @if !times.is_empty() { ", " (times) }
                @if let Some(location) = &meeting.location { " · " (location) }
                (line_link(meeting.header_spans.date))
            }
            p class="downloads" {
                @if shown_original {
                    a href={ (render::meeting_href(&meeting.id)) "/original" } download {
                        "Hent originalen: " (render::format_name(meeting.source.format))
                        @if let Some(size) = size { ", " (render::file_size(size)) }
                        " (" (render::file_name(&meeting.source.file)) ")"
                    }
                    " · "
                }
                a href={ "/api/v1/meetings/" (render::path_segment(&meeting.id)) } { "JSON" }
                " · " a href={ "/kalender/moeder.ics?id=" (render::path_segment(&meeting.id)) } { "Kalender (ICS)" }
            }
            div class="split" {
                div class="extracted" {
                    (people_section(&meeting))
                    (schedule_section(&meeting))
                    section aria-labelledby="punkter" {
                        h2 id="punkter" { "Punkter (" (meeting.items.len()) ")" }
                        @for (item, key) in meeting.items.iter().zip(model::item_keys(&meeting.items)) {
                            (item_block(&meeting.id, &key, item))
                        }
                    }
                }
                (original_section(text.as_ref(), &meeting, shown_original))
            }
        },
    ))
}

fn people_section(meeting: &Meeting) -> Markup {
    html! {
        section aria-labelledby="deltagere" {
            h2 id="deltagere" { "Deltagere" }
            dl class="people" {
                dt { "Mødedeltagere (" (meeting.participants.len()) ")" }
                dd { @if meeting.participants.is_empty() { span class="muted" { "Ikke angivet" } } @else { (render::people(&meeting.participants)) } }
                dt { "Afbud (" (meeting.absent.len()) ")" }
                dd { @if meeting.absent.is_empty() { span class="muted" { "Ingen" } } @else { (render::people(&meeting.absent)) } }
            }
        }
    }
}

fn schedule_section(meeting: &Meeting) -> Markup {
    html! {
        @if !meeting.schedule.is_empty() {
            section aria-labelledby="tidsplan" {
                h2 id="tidsplan" { "Tidsplan" }
                table {
                    thead { tr { th scope="col" { "Punkt" } th scope="col" { "Tid" } th scope="col" { "Oplæg" } th scope="col" { "Note" } } }
                    tbody {
                        @for slot in &meeting.schedule {
                            tr {
                                td { (slot.item) }
                                td class="nowrap" { (render::time_range(slot.start, slot.end).trim_start_matches("kl. ")) }
                                td { (render::people(&slot.presenters)) }
                                td { @if let Some(note) = &slot.note { (note) } (line_link(slot.span)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn item_block(meeting_id: &str, key: &str, item: &model::Item) -> Markup {
    html! {
        article class="item" id={ "punkt-" (key) } {
            h3 {
                a href=(render::item_href(meeting_id, key)) { "Punkt " (item.number) ": " (item.title) }
            }
            (closed_mark(item))
            (line_link(item.span))
            (decisions_and_actions(item))
        }
    }
}

/// "Lukket punkt" under a closed item's title: for the public all there is, for members a
/// reminder that the text is not public.
fn closed_mark(item: &model::Item) -> Markup {
    html! {
        @if item.closed {
            p class="closed" {
                strong { (model::CLOSED_TEXT) }
                @if item.text != model::CLOSED_TEXT { " (teksten er ikke offentlig)" }
            }
        }
    }
}

fn decisions_and_actions(item: &model::Item) -> Markup {
    html! {
        @if !item.decisions.is_empty() {
            h4 { "Beslutninger" }
            ul class="decisions" {
                @for decision in &item.decisions {
                    li {
                        span class={ "kind kind-" (decision.kind.as_str()) } { (decision.kind.danish()) }
                        " "
                        @if let Some(actor) = &decision.actor { strong { (actor) } ": " }
                        (decision.text)
                        (line_link(decision.span))
                        @for note in &decision.notes { div class="note" { (note) } }
                    }
                }
            }
        }
        @if !item.actions.is_empty() {
            h4 { "Opfølgning" }
            ul class="actions" {
                @for action in &item.actions {
                    li {
                        (action.text)
                        div class="meta" {
                            @if !action.owners.is_empty() { "Ansvar: " (render::people(&action.owners)) " · " }
                            "Frist: " (render::due(action.due.as_ref()))
                            @if let Some(forum) = &action.forum { " · Til: " (forum) }
                            (line_link(action.span))
                        }
                    }
                }
            }
        }
        @if !item.attachments.is_empty() {
            p class="muted" { "Bilag: " (item.attachments.join(", ")) }
        }
    }
}

fn original_section(text: Option<&Text>, meeting: &Meeting, shown: bool) -> Markup {
    let marks = marks(meeting);
    html! {
        section class="original" aria-labelledby="original" {
            h2 id="original" { "Originalen" }
            p class="legend" {
                span class="hl hl-decision" { "beslutning" } " "
                span class="hl hl-action" { "opfølgning" } " "
                span class="hl hl-item" { "punkt" } " "
                span class="hl hl-slot" { "tidsplan" } " "
                span class="hl hl-person" { "person" }
            }
            @match text {
                None if !shown => p class="muted" { "Originalen vises ikke offentligt, fordi mødet har lukkede punkter." },
                None => p class="muted" { "Originalen kan ikke vises her; hent filen i stedet." },
                Some(text) => {
                    div class="source" tabindex="0" role="region" aria-label="Originalens tekst" {
                        @for line in &text.lines {
                            div id={ "L" (line.number) } class=[marks.get(&line.number).map(|m| m.class())] {
                                span class="ln" aria-hidden="true" { (line.number) }
                                span class="lt" { (line.text) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /moeder/{id}/original`: the original file, as imported.
pub(crate) async fn original(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let (name, format, bytes) = blocking(&state, move |store| {
        let meeting = store.meeting(&id)?;
        if !viewer.sees_original(&meeting) {
            return Err(AppError::Forbidden(
                "Originalen vises ikke offentligt, fordi mødet har lukkede punkter.".to_owned(),
            ));
        }
        let bytes = store.source_bytes(&meeting.source.sha256)?;
        Ok((meeting.source.file, meeting.source.format, bytes))
    })
    .await?;
    let content_type = match format {
        model::Format::Pdf => "application/pdf",
        model::Format::Docx => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        model::Format::Html => "text/plain; charset=utf-8",
        model::Format::Markdown => "text/markdown; charset=utf-8",
        model::Format::Text => "text/plain; charset=utf-8",
        model::Format::Firstagenda => "application/json",
    };
    let file_name: String = render::file_name(&name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .map_err(|err| AppError::Internal(err.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /punkter/{meeting_id}/{item}`: one item, by the number the minutes print, and the
/// same case at other meetings. An old address by position is sent on to the item's own.
pub(crate) async fn item(
    State(state): State<AppState>,
    Path((meeting_id, key)): Path<(String, String)>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    render::check_item(&key)?;
    let asked = key.clone();
    let asking = viewer.clone();
    let (view, thread) = searching(&state, move |store, index| {
        let mut view = store.item(&store::ItemId::new(meeting_id, key))?;
        asking.redact_item(&view.meeting.id, &mut view.item);
        let thread = find::thread(store, index, &view, &asking)?;
        Ok((view, thread))
    })
    .await?;
    let csrf = crate::auth::header_account().and_then(|account| account.csrf);
    if view.id.key != asked {
        let href = render::item_href(&view.meeting.id, &view.id.key);
        return Ok(axum::response::Redirect::permanent(&href).into_response());
    }
    let meeting_title = format!(
        "{} {}",
        view.meeting.body,
        render::maybe_date(view.meeting.date)
    );
    let item = &view.item;
    Ok(page(
        &format!("Punkt {}: {}", item.number, item.title),
        html! {
            p class="crumbs" {
                a href="/moeder" { "Møder" } " › "
                a href=(render::meeting_href(&view.meeting.id)) { (meeting_title) } " › "
                "Punkt " (item.number)
            }
            h1 { "Punkt " (item.number) ": " (item.title) }
            (closed_mark(item))
            (releases::form(&viewer, csrf.as_deref(), &view.meeting.id, &view.id.key, item))
            @if let Some(case) = &item.case_number { p class="muted" { "Sagsnummer " (case) } }
            div class="split" {
                div {
                    (decisions_and_actions(item))
                    // The public view of a closed item has no text beyond its mark.
                    @if !(item.closed && item.text == model::CLOSED_TEXT) {
                        h2 { "Sagsfremstilling" }
                        div class="text" {
                            @for paragraph in item.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
                                p { (paragraph.trim()) }
                            }
                        }
                    }
                    p { a href={ (render::meeting_href(&view.meeting.id)) "#punkt-" (view.id.key) } { "Se punktet i referatet med originalen" } }
                }
                section class="thread" aria-labelledby="forloeb" {
                    h2 id="forloeb" { "Sagens forløb" }
                    @if thread.len() <= 1 {
                        p class="muted" { "Sagen er ikke fundet på andre møder." }
                    }
                    ol {
                        @for entry in &thread {
                            li aria-current=[entry.current.then_some("page")] {
                                @if entry.current {
                                    strong { (entry.body) " " (render::maybe_date(entry.day)) " (dette punkt)" }
                                } @else {
                                    a href=(render::item_href(&entry.meeting_id, &entry.item)) {
                                        (entry.body) " " (render::maybe_date(entry.day))
                                    }
                                }
                                div { "Punkt " (entry.number) ": " (entry.title) }
                                @for decision in &entry.decisions { div class="muted" { (decision) } }
                            }
                        }
                    }
                }
            }
        },
    )
    .into_response())
}

/// `GET /personer`: everyone in the registry.
pub(crate) async fn people(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let people = blocking(&state, move |store| crate::registry(store, &viewer)).await?;
    Ok(page(
        "Personer",
        html! {
            h1 { "Personer" }
            table {
                thead { tr { th scope="col" { "Navn" } th scope="col" { "Også skrevet" } th scope="col" class="num" { "Møder" } th scope="col" class="num" { "Opfølgninger" } } }
                tbody {
                    @for person in &people {
                        tr {
                            td { a href=(render::person_href(&person.name)) { (person.name) } }
                            td { (person.aliases.join(", ")) }
                            td class="num" { (person.n_meetings) }
                            td class="num" { (person.n_actions) }
                        }
                    }
                }
            }
        },
    ))
}

/// Items a person presented: the slots of their meetings that name them, as item links.
pub(crate) fn presented(
    store: &dyn store::Store,
    detail: &PersonDetail,
    viewer: &Viewer,
) -> Result<Vec<(MeetingSummary, Option<String>, String)>, AppError> {
    let mut out = Vec::new();
    let names: BTreeSet<String> = std::iter::once(detail.person.name.to_lowercase())
        .chain(detail.person.aliases.iter().map(|a| a.to_lowercase()))
        .collect();
    for entry in &detail.meetings {
        if !entry.roles.iter().any(|role| role == "presenter") {
            continue;
        }
        let mut meeting = store.meeting(&entry.meeting.id)?;
        viewer.redact_meeting(&mut meeting);
        for slot in &meeting.schedule {
            let presents = slot.presenters.iter().any(|p| {
                names.contains(&p.name.to_lowercase())
                    || names.contains(&p.as_written.to_lowercase())
            });
            if !presents {
                continue;
            }
            let found = meeting
                .items
                .iter()
                .position(|item| item.number == slot.item);
            match found {
                Some(idx) => out.push((
                    entry.meeting.clone(),
                    Some(model::item_keys(&meeting.items)[idx].clone()),
                    format!(
                        "Punkt {}: {}",
                        meeting.items[idx].number, meeting.items[idx].title
                    ),
                )),
                None => out.push((entry.meeting.clone(), None, format!("Punkt {}", slot.item))),
            }
        }
    }
    Ok(out)
}

/// What `viewer` may see of a person: the follow-ups of closed items go, and with them the
/// meetings where the person only owned such a follow-up or presented a closed item. Not
/// found when nothing is left: a person named only in closed items is no public person.
pub(crate) fn visible_person(
    detail: &mut PersonDetail,
    presented: &[(MeetingSummary, Option<String>, String)],
    viewer: &Viewer,
) -> Result<(), AppError> {
    if viewer.sees_every_closed() {
        return Ok(());
    }
    detail
        .actions
        .retain(|row| viewer.sees_action_of(&row.meeting_id, row.item_closed));
    let actions = &detail.actions;
    for entry in &mut detail.meetings {
        let id = &entry.meeting.id;
        entry.roles.retain(|role| match role.as_str() {
            "owner" => actions.iter().any(|row| &row.meeting_id == id),
            "presenter" => presented.iter().any(|(meeting, _, _)| &meeting.id == id),
            _ => true,
        });
    }
    detail.meetings.retain(|entry| !entry.roles.is_empty());
    if detail.meetings.is_empty() && detail.actions.is_empty() {
        // Not the canonical name: the address may have used another written form.
        return Err(AppError::NotFound("personen".to_owned()));
    }
    Ok(())
}

/// Follow-ups, items presented and meetings each listed on a person's page; the register
/// and the meeting list have the rest (a member of a large corpus's committees is in
/// thousands of meetings: 2.6 MB of HTML on ×100).
const PERSON_LIST: usize = 100;

/// `GET /personer/{name}`: meetings, items presented, follow-ups owned (open first), the
/// first [`PERSON_LIST`] of each with links to all.
pub(crate) async fn person(
    State(state): State<AppState>,
    Path(name): Path<String>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let today = state.today();
    let (detail, presented) = blocking(&state, move |store| {
        let mut detail = store.person(&name)?;
        let presented = presented(store, &detail, &viewer)?;
        visible_person(&mut detail, &presented, &viewer)?;
        Ok((detail, presented))
    })
    .await?;
    let mut actions: Vec<&ActionRow> = detail.actions.iter().collect();
    actions.sort_by_key(|row| row.status != ActionStatus::Open);
    let n_actions = actions.len();
    actions.truncate(PERSON_LIST);
    let role = |role: &str| {
        match role {
            "participant" => "deltager",
            "absent" => "afbud",
            "presenter" => "oplæg",
            "owner" => "ansvarlig",
            other => other,
        }
        .to_owned()
    };
    let name = &detail.person.name;
    Ok(page(
        name,
        html! {
            p class="crumbs" { a href="/personer" { "Personer" } " › " (name) }
            h1 { (name) }
            @if !detail.person.aliases.is_empty() { p class="muted" { "Også skrevet: " (detail.person.aliases.join(", ")) } }
            p {
                a href={ "/opfoelgning?owner=" (render::path_segment(name)) } { "Opfølgningsregistret for " (name) }
                " · " a href={ "/kalender/opfoelgning.ics?owner=" (render::path_segment(name)) } { "Frister som kalender (ICS)" }
            }
            div class="columns" {
                section aria-labelledby="ansvar" {
                    h2 id="ansvar" { "Opfølgning (" (n_actions) ")" }
                    ul class="actions" {
                        @for row in &actions {
                            @let overdue = row.status == ActionStatus::Open && render::is_overdue(row.action.due.as_ref(), today);
                            li class=[overdue.then_some("overdue")] {
                                @if overdue { strong class="overdue-text" { "Overskredet: " } }
                                @if row.status == ActionStatus::Done { span class="done" { "Udført: " } }
                                (row.action.text)
                                div class="meta" {
                                    "Frist: " (render::due(row.action.due.as_ref())) " · "
                                    a href=(render::meeting_href(&row.meeting_id)) { (row.body) " " (render::maybe_date(row.meeting_date)) }
                                }
                            }
                        }
                    }
                    @if n_actions > PERSON_LIST {
                        p { a href={ "/opfoelgning?status=all&owner=" (render::path_segment(name)) } { "Alle " (n_actions) " opfølgninger" } }
                    }
                    h2 id="oplaeg" { "Oplæg (" (presented.len()) ")" }
                    ul {
                        @for (meeting, item, title) in presented.iter().take(PERSON_LIST) {
                            li {
                                @if let Some(item) = item {
                                    a href=(render::item_href(&meeting.id, item)) { (title) }
                                } @else { (title) }
                                span class="muted" { " · " (meeting.body) " " (render::maybe_date(meeting.date)) }
                            }
                        }
                    }
                }
                section aria-labelledby="moeder" {
                    h2 id="moeder" { "Møder (" (detail.meetings.len()) ")" }
                    ul class="meetings" {
                        @for entry in detail.meetings.iter().take(PERSON_LIST) {
                            li {
                                a href=(render::meeting_href(&entry.meeting.id)) { (entry.meeting.body) " " (render::maybe_date(entry.meeting.date)) }
                                span class="muted" { " · " (entry.roles.iter().map(|r| role(r)).collect::<Vec<_>>().join(", ")) }
                            }
                        }
                    }
                    @if detail.meetings.len() > PERSON_LIST {
                        p { a href={ "/moeder?person=" (render::path_segment(name)) } { "Alle " (detail.meetings.len()) " møder" } }
                    }
                }
            }
        },
    ))
}

/// Follow-ups on one page of `/opfoelgning`.
const ACTIONS_PER_PAGE: usize = 100;

/// The page of `/opfoelgning`, beside its filters.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct RegisterPage {
    /// The page, from 1.
    #[serde(default)]
    side: Option<u32>,
}

/// `GET /opfoelgning`: the follow-up register with filters, [`ACTIONS_PER_PAGE`] to a
/// page; the exports have them all.
pub(crate) async fn actions(
    State(state): State<AppState>,
    Query(query): Query<ActionQuery>,
    Query(register_page): Query<RegisterPage>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let today = state.today();
    let filter = register::filter(&query, today)?;
    let page_number = register_page.side.unwrap_or(1).max(1) as usize;
    let (total, rows, bodies) = blocking(&state, move |store| {
        let refs = register::refs(store, &filter, &viewer)?;
        let start = (page_number - 1)
            .saturating_mul(ACTIONS_PER_PAGE)
            .min(refs.len());
        let end = (start + ACTIONS_PER_PAGE).min(refs.len());
        let rows = store.actions_of(&refs[start..end])?;
        Ok((refs.len(), rows, bodies(store)?))
    })
    .await?;
    let pages = total.div_ceil(ACTIONS_PER_PAGE).max(1);
    let status = query.status().to_owned();
    let filtered = query.owner.is_some()
        || query.body.is_some()
        || query.due.is_some()
        || query.status.is_some();
    let export_query = serde_urlencoded_query(&query);
    let link_to = |side: usize| {
        let sep = if export_query.is_empty() { "" } else { "&" };
        format!("/opfoelgning?{export_query}{sep}side={side}")
    };
    Ok(page(
        "Opfølgning",
        html! {
            h1 { "Opfølgningsregister" }
            // Folded unless a filter is chosen, so that the register comes first on a
            // phone (issue 20), as on /moeder.
            details class="filters" open[filtered] {
            summary { "Filtrér opfølgningerne" }
            form class="filters" method="get" action="/opfoelgning" {
                div {
                    label for="owner" { "Ansvarlig" }
                    input id="owner" name="owner" type="text" value=[query.owner.as_deref()];
                }
                div {
                    label for="body" { "Mødeforum" }
                    select id="body" name="body" {
                        option value="" { "Alle" }
                        @for body in &bodies {
                            option value=(body) selected[query.body.as_deref() == Some(body.as_str())] { (body) }
                        }
                    }
                }
                div {
                    label for="due" { "Frist senest" }
                    input id="due" name="due" type="date" value=[query.due.as_deref()];
                }
                div {
                    label for="status" { "Status" }
                    select id="status" name="status" {
                        @for (value, label) in [("open", "Åbne"), ("overdue", "Overskredne"), ("done", "Udførte"), ("all", "Alle")] {
                            option value=(value) selected[status == value] { (label) }
                        }
                    }
                }
                div { button type="submit" { "Vis" } }
            }
            }
            p {
                (total) " opfølgninger · "
                a href={ "/eksport/opfoelgning.csv?" (export_query) } { "Hent som CSV" } " · "
                a href={ "/eksport/opfoelgning.xlsx?" (export_query) } { "Hent som Excel-regneark (xlsx)" } " · "
                a href={ "/kalender/opfoelgning.ics?" (export_query) } { "Frister som kalender (ICS)" }
            }
            table class="register" {
                thead { tr { th scope="col" { "Opfølgning" } th scope="col" { "Ansvarlig" } th scope="col" { "Frist" } th scope="col" { "Møde" } } }
                tbody {
                    @for row in &rows {
                        @let overdue = row.status.is_open() && render::is_overdue(row.action.due.as_ref(), today);
                        tr class=[overdue.then_some("overdue")] {
                            td data-label="Opfølgning" {
                                // Overdue is told in words as well as by the colour.
                                @if overdue { strong class="overdue-text" { "Overskredet: " } }
                                a href=(crate::followups::href(&row.id)) { (row.action.text) }
                                @if row.status != ActionStatus::Open { " " span class="done" { "(" (row.status.danish()) ")" } }
                            }
                            td data-label="Ansvarlig" { (render::people(&row.action.owners)) }
                            td data-label="Frist" { (render::due(row.action.due.as_ref())) }
                            td data-label="Møde" {
                                a href=(render::meeting_href(&row.meeting_id)) { (row.body) " " (render::maybe_date(row.meeting_date)) }
                                div class="muted" { "Punkt " (row.item_number) ": " (row.item_title) }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav class="pager" aria-label="Sider" {
                    @if page_number > 1 {
                        a href=(link_to(page_number - 1)) rel="prev" { "Forrige side" }
                    }
                    " Side " (page_number.min(pages)) " af " (pages) " "
                    @if page_number < pages {
                        a href=(link_to(page_number + 1)) rel="next" { "Næste side" }
                    }
                }
            }
        },
    ))
}

/// Calls `each` with every meeting matching `filter`, newest first, reading their
/// summaries 2,000 at a time.
fn each_summary(
    store: &dyn store::Store,
    filter: &MeetingFilter,
    mut each: impl FnMut(&MeetingSummary),
) -> Result<(), AppError> {
    crate::feeds::for_each_meeting_by(store, filter, 2_000, |summary| {
        each(summary);
        Ok(true)
    })
}

/// The names of the bodies that have met, sorted, for the register's filter.
fn bodies(store: &dyn store::Store) -> Result<Vec<String>, AppError> {
    let mut bodies = BTreeSet::new();
    each_summary(store, &MeetingFilter::default(), |meeting| {
        bodies.insert(meeting.body.clone());
    })?;
    Ok(bodies.into_iter().collect())
}

/// The register's filters as a query string, for the export links.
fn serde_urlencoded_query(query: &ActionQuery) -> String {
    let mut parts = Vec::new();
    for (key, value) in [
        ("owner", &query.owner),
        ("body", &query.body),
        ("due", &query.due),
        ("status", &query.status),
    ] {
        if let Some(value) = value {
            parts.push(format!("{key}={}", render::path_segment(value)));
        }
    }
    parts.join("&")
}

/// `GET /soeg`: search with filters and counts per filter value.
pub(crate) async fn search(
    State(state): State<AppState>,
    Query(query): Query<find::Query>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let results = {
        let query = query.clone();
        searching(&state, move |_, index| find::search(index, &query, &viewer)).await?
    };
    Ok(page(
        if query.q.is_empty() {
            "Søg".to_owned()
        } else {
            format!("Søg: {}", query.q)
        }
        .as_str(),
        html! {
            h1 { "Søg i referater" }
            form class="search" method="get" action="/soeg" role="search" {
                label for="q" { "Søgeord" }
                input id="q" name="q" type="search" value=(query.q);
                @for (key, value) in [("body", &query.body), ("kind", &query.kind), ("year", &query.year), ("actions", &query.actions)] {
                    @if let Some(value) = value { input type="hidden" name=(key) value=(value); }
                }
                button type="submit" { "Søg" }
            }
            (search_results(&query, &results))
            (crate::saved::save_form(&query))
        },
    ))
}

fn search_link(query: &find::Query, set: Option<(&str, Option<&str>)>) -> String {
    let mut params: Vec<(&str, Option<&str>)> = vec![
        ("q", Some(query.q.as_str()).filter(|q| !q.is_empty())),
        ("body", query.body.as_deref()),
        ("kind", query.kind.as_deref()),
        ("year", query.year.as_deref()),
        ("actions", query.actions.as_deref()),
    ];
    if let Some((key, value)) = set {
        for param in &mut params {
            if param.0 == key {
                param.1 = value;
            }
        }
    }
    let parts: Vec<String> = params
        .into_iter()
        .filter_map(|(key, value)| value.map(|v| format!("{key}={}", render::path_segment(v))))
        .collect();
    format!("/soeg?{}", parts.join("&"))
}

fn facet_label(facet: &str, value: &str) -> String {
    match facet {
        "kind" => model::DecisionKind::ALL
            .iter()
            .find(|kind| kind.as_str() == value)
            .map_or(value, |kind| kind.danish())
            .to_owned(),
        "actions" => if value == "ja" {
            "Med opfølgning"
        } else {
            "Uden opfølgning"
        }
        .to_owned(),
        _ => value.to_owned(),
    }
}

fn search_results(query: &find::Query, results: &Results) -> Markup {
    let selected = |facet: &str| match facet {
        "body" => query.body.as_deref(),
        "kind" => query.kind.as_deref(),
        "year" => query.year.as_deref(),
        "actions" => query.actions.as_deref(),
        _ => None,
    };
    html! {
        div class="results" {
            aside class="facets" aria-labelledby="filtre" {
                h2 id="filtre" { "Filtre" }
                @for (facet, title) in [("body", "Mødeforum"), ("year", "År"), ("kind", "Beslutning"), ("actions", "Opfølgning")] {
                    @if let Some(values) = results.facets.get(facet) {
                        h3 { (title) }
                        ul {
                            @for (value, count) in values.iter().rev().filter(|_| facet == "year").chain(values.iter().filter(|_| facet != "year")) {
                                li {
                                    @if selected(facet) == Some(value.as_str()) {
                                        strong { (facet_label(facet, value)) " (" (count) ")" }
                                        " " a href=(search_link(query, Some((facet, None)))) aria-label={ "Fjern filter " (facet_label(facet, value)) } { "fjern" }
                                    } @else {
                                        a href=(search_link(query, Some((facet, Some(value.as_str()))))) { (facet_label(facet, value)) } " (" (count) ")"
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section class="hits" aria-labelledby="resultater" {
                h2 id="resultater" {
                    @if !results.total_exact { "Over " }
                    (render::count(u64::from(results.total)))
                    @if results.total == 1 { " punkt fundet" } @else { " punkter fundet" }
                }
                @if let Some(suggestion) = &results.suggestion {
                    p class="suggestion" {
                        "Mente du "
                        a href=(search_link(&find::Query { q: suggestion.clone(), ..query.clone() }, None)) { strong { (suggestion) } }
                        "?"
                    }
                }
                p class="muted" {
                    a href={ "/feeds/soeg.atom" (search_link(query, None).trim_start_matches("/soeg")) } { "Følg denne søgning (Atom)" }
                    " · " a href={ "/api/v1/search" (search_link(query, None).trim_start_matches("/soeg")) } { "JSON" }
                }
                ol class="hits" {
                    @for hit in &results.hits {
                        li {
                            a href=(render::item_href(&hit.meeting_id, &hit.item)) { "Punkt " (hit.number) ": " (hit.title) }
                            div class="meta" {
                                (hit.body) " " (hit.date.as_deref().and_then(|d| d.parse().ok()).map(render::date).unwrap_or_default())
                                @for kind in &hit.kinds { " · " (facet_label("kind", kind)) }
                                @if hit.n_actions > 0 { " · " (hit.n_actions) " opfølgninger" }
                            }
                            p class="snippet" {
                                @for part in &hit.snippet {
                                    @if part.hit { mark { (part.text) } } @else { (part.text) }
                                }
                            }
                            @if !hit.also.is_empty() {
                                p class="also" {
                                    "Også behandlet i "
                                    @for (idx, also) in hit.also.iter().enumerate() {
                                        @if idx > 0 { ", " }
                                        a href=(render::item_href(&also.meeting_id, &also.item)) {
                                            (also.body) @if let Some(date) = also.date.as_deref().and_then(|d| d.parse().ok()) { " " (render::date(date)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @let has_next = u64::from(results.total) > u64::from(results.next_offset) && results.next_offset > results.offset;
                @if results.offset > 0 || has_next {
                    nav class="pager" aria-label="Sider" {
                        // Hits fold others under them, so a page may hold more than `limit`
                        // items; one `limit` back is where the page before starts at the latest.
                        @if results.offset > 0 {
                            a href={ (search_link(query, None)) "&offset=" (results.offset.saturating_sub(results.limit)) } rel="prev" { "Forrige side" }
                        }
                        " "
                        @if has_next {
                            a href={ (search_link(query, None)) "&offset=" (results.next_offset) } rel="next" { "Næste side" }
                        }
                    }
                }
            }
        }
    }
}

/// Any other path.
pub(crate) async fn not_found() -> AppError {
    AppError::NotFound("der er ingen side på denne adresse".into())
}
