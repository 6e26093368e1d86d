//! Feeds and exports: iCalendar for meetings and for follow-up deadlines (all, per person,
//! per body, through the register's filters), Atom for new meetings and for any search, CSV
//! (`;`-separated with Danish headers and values, as a Danish spreadsheet opens it) for
//! follow-ups and decisions, and the follow-ups as an Excel workbook. Each format has one escaping function here and every value
//! goes through it; CSV cells that a spreadsheet would run as a formula are defused.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use model::{Date, Meeting};
use serde::Deserialize;
use store::{MeetingFilter, Page};

use crate::access::Viewer;
use crate::find;
use crate::input::Query;
use crate::register::{self, ActionQuery};
use crate::render;
use crate::stream::{self, Accepts};
use crate::{AppError, AppState, blocking, searching};

pub(crate) fn respond(
    content_type: &'static str,
    file_name: Option<&str>,
    body: String,
) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    if let Some(name) = file_name
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

// ---------------------------------------------------------------- iCalendar (RFC 5545)

/// Escapes a TEXT value.
fn ics_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets without splitting a character.
fn ics_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn ics_date(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// A local time in Copenhagen as UTC, `YYYYMMDDTHHMMSSZ`.
fn ics_utc(date: Date, time: model::Time) -> Option<String> {
    let zoned = date.to_datetime(time).in_tz("Europe/Copenhagen").ok()?;
    Some(zoned.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string())
}

fn calendar(name: &str, today: Date, events: Vec<Vec<String>>) -> String {
    let mut out = calendar_start(name);
    for event in events {
        calendar_event(&mut out, today, event);
    }
    calendar_end(&mut out);
    out
}

/// The lines before the first event.
fn calendar_start(name: &str) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//referat//DA",
        "CALSCALE:GREGORIAN",
    ] {
        ics_line(&mut out, line);
    }
    ics_line(&mut out, &format!("X-WR-CALNAME:{}", ics_text(name)));
    out
}

/// One event of a calendar written on `today`.
fn calendar_event(out: &mut String, today: Date, event: Vec<String>) {
    ics_line(out, "BEGIN:VEVENT");
    ics_line(out, &format!("DTSTAMP:{}T000000Z", ics_date(today)));
    for line in event {
        ics_line(out, &line);
    }
    ics_line(out, "END:VEVENT");
}

fn calendar_end(out: &mut String) {
    ics_line(out, "END:VCALENDAR");
}

/// Filters for the meeting calendar.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct MeetingCalendarQuery {
    /// One meeting.
    #[serde(default, deserialize_with = "find::empty_as_none")]
    id: Option<String>,
    /// One body.
    #[serde(default, deserialize_with = "find::empty_as_none")]
    body: Option<String>,
    /// One organisation (case-insensitive).
    #[serde(default, deserialize_with = "find::empty_as_none")]
    organisation: Option<String>,
}

/// The Atom feed's filter.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct MeetingFeedQuery {
    /// One organisation (case-insensitive).
    #[serde(default, deserialize_with = "find::empty_as_none")]
    organisation: Option<String>,
}

/// Whether `organisation` is the one asked for (any, when none is).
fn wanted(asked: Option<&str>, organisation: &str) -> bool {
    asked.is_none_or(|asked| asked.to_lowercase() == organisation.to_lowercase())
}

/// The event of a meeting, with its organisation as its category when known.
fn meeting_event(meeting: &Meeting, base: &str, organisation: Option<&str>) -> Option<Vec<String>> {
    let date = meeting.date?;
    let mut event = vec![format!("UID:meeting-{}@referat", meeting.id)];
    match (
        meeting.start.and_then(|t| ics_utc(date, t)),
        meeting.end.and_then(|t| ics_utc(date, t)),
    ) {
        (Some(start), end) => {
            event.push(format!("DTSTART:{start}"));
            if let Some(end) = end {
                event.push(format!("DTEND:{end}"));
            }
        }
        _ => {
            event.push(format!("DTSTART;VALUE=DATE:{}", ics_date(date)));
        }
    }
    event.push(format!("SUMMARY:{}", ics_text(&meeting.body)));
    if let Some(organisation) = organisation {
        event.push(format!("CATEGORIES:{}", ics_text(organisation)));
    }
    if let Some(location) = &meeting.location {
        event.push(format!("LOCATION:{}", ics_text(location)));
    }
    let items: Vec<String> = meeting
        .items
        .iter()
        .map(|item| format!("Punkt {}: {}", item.number, item.title))
        .collect();
    event.push(format!("DESCRIPTION:{}", ics_text(&items.join("\n"))));
    event.push(format!("URL:{base}{}", render::meeting_href(&meeting.id)));
    Some(event)
}

/// A calendar of one meeting (an agenda being sent to its participants, issue 14).
pub(crate) fn meeting_calendar(meeting: &Meeting, base: &str, today: Date) -> String {
    let events = meeting_event(meeting, base, None).into_iter().collect();
    calendar(&meeting.body, today, events)
}

/// `meeting` as `viewer` may see it (see [`Viewer::redact_meeting`]).
fn seen(mut meeting: model::Meeting, viewer: &Viewer) -> model::Meeting {
    viewer.redact_meeting(&mut meeting);
    meeting
}

/// `GET /kalender/moeder.ics[?id=…|?body=…]`: the calendar of everything is written one
/// meeting at a time as it is sent (see `stream`).
pub(crate) async fn meetings_ics(
    State(state): State<AppState>,
    Query(query): Query<MeetingCalendarQuery>,
    accepts: Accepts,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let base = state.origin().to_owned();
    let today = state.today();
    let organisations = crate::auth::meetings_cached(&state).await?;
    stream::respond(
        &state,
        accepts,
        "text/calendar; charset=utf-8",
        Some("moeder.ics"),
        move |store, sink| {
            let organisation_of = |meeting: &Meeting| {
                organisations
                    .organisation(&meeting.id)
                    .unwrap_or(&meeting.body)
                    .to_owned()
            };
            if let Some(id) = &query.id {
                let meeting = seen(store.meeting(id)?, &viewer);
                let organisation = organisation_of(&meeting);
                let mut out = calendar_start("Møder");
                if let Some(event) = meeting_event(&meeting, &base, Some(&organisation)) {
                    calendar_event(&mut out, today, event);
                }
                calendar_end(&mut out);
                return sink.write(&out);
            }
            let filter = MeetingFilter {
                body: query.body.clone(),
                ..MeetingFilter::default()
            };
            let mut out = calendar_start("Møder");
            for_each_meeting(store, &filter, |summary| {
                let organisation = organisations
                    .organisation(&summary.id)
                    .unwrap_or(&summary.body)
                    .to_owned();
                if !wanted(query.organisation.as_deref(), &organisation) {
                    return Ok(true);
                }
                let meeting = seen(store.meeting(&summary.id)?, &viewer);
                if let Some(event) = meeting_event(&meeting, &base, Some(&organisation)) {
                    calendar_event(&mut out, today, event);
                }
                sink.write(&out)?;
                out.clear();
                Ok(true)
            })?;
            calendar_end(&mut out);
            sink.write(&out)
        },
    )
    .await
}

/// Follow-ups read per query when an export goes through the register.
const ACTIONS_PER_READ: usize = 500;

/// `GET /kalender/opfoelgning.ics?owner=…&body=…`: one all-day event per follow-up
/// deadline, written a few hundred follow-ups at a time as it is sent (see `stream`).
pub(crate) async fn actions_ics(
    State(state): State<AppState>,
    Query(query): Query<ActionQuery>,
    accepts: Accepts,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let base = state.origin().to_owned();
    let today = state.today();
    let name = match (&query.owner, &query.body) {
        (Some(owner), _) => format!("Frister for {owner}"),
        (None, Some(body)) => format!("Frister fra {body}"),
        (None, None) => "Frister".to_owned(),
    };
    let filter = register::filter(&query, today)?;
    stream::respond(
        &state,
        accepts,
        "text/calendar; charset=utf-8",
        Some("opfoelgning.ics"),
        move |store, sink| {
            let refs = register::refs(store, &filter, &viewer)?;
            let mut out = calendar_start(&name);
            for chunk in refs.chunks(ACTIONS_PER_READ) {
                for row in store.actions_of(chunk)? {
                    if let Some(event) = action_event(&row, &base) {
                        calendar_event(&mut out, today, event);
                    }
                }
                sink.write(&out)?;
                out.clear();
            }
            calendar_end(&mut out);
            sink.write(&out)
        },
    )
    .await
}

/// The all-day event of a follow-up's deadline; none without a day.
fn action_event(row: &store::ActionRow, base: &str) -> Option<Vec<String>> {
    let by = row.action.due.as_ref()?.by?;
    let next = by.tomorrow().ok()?;
    let owners: Vec<&str> = row.action.owners.iter().map(|p| p.name.as_str()).collect();
    let summary = if owners.is_empty() {
        format!("Frist: {}", row.action.text)
    } else {
        format!("Frist ({}): {}", owners.join(", "), row.action.text)
    };
    Some(vec![
        format!("UID:action-{}@referat", row.id.replace('/', "-")),
        format!("DTSTART;VALUE=DATE:{}", ics_date(by)),
        format!("DTEND;VALUE=DATE:{}", ics_date(next)),
        format!("SUMMARY:{}", ics_text(&summary)),
        format!(
            "DESCRIPTION:{}",
            ics_text(&format!(
                "{} {}, punkt {}: {}\nFrist som skrevet: {}",
                row.body,
                render::maybe_date(row.meeting_date),
                row.item_number,
                row.item_title,
                row.action
                    .due
                    .as_ref()
                    .map(|d| d.text.as_str())
                    .unwrap_or_default()
            ))
        ),
        format!("URL:{base}{}", render::meeting_href(&row.meeting_id)),
    ])
}

// ---------------------------------------------------------------- Atom (RFC 4287)

/// Escapes text for XML content and attribute values.
fn xml(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

struct Entry {
    id: String,
    title: String,
    href: String,
    updated: String,
    summary: String,
    /// The meeting's organisation: the entry's author and category.
    organisation: Option<String>,
}

fn atom(title: &str, self_href: &str, base: &str, updated: &str, entries: &[Entry]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"da\">\n");
    out.push_str(&format!("  <title>{}</title>\n", xml(title)));
    out.push_str(&format!(
        "  <id>{}</id>\n",
        xml(&format!("{base}{self_href}"))
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        xml(&format!("{base}{self_href}"))
    ));
    out.push_str(&format!("  <link href=\"{}/\"/>\n", xml(base)));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str("  <author><name>referat</name></author>\n");
    for entry in entries {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", xml(&entry.id)));
        out.push_str(&format!("    <title>{}</title>\n", xml(&entry.title)));
        out.push_str(&format!(
            "    <link href=\"{}\"/>\n",
            xml(&format!("{base}{}", entry.href))
        ));
        out.push_str(&format!("    <updated>{}</updated>\n", entry.updated));
        if let Some(organisation) = &entry.organisation {
            let organisation = xml(organisation);
            out.push_str(&format!(
                "    <author><name>{organisation}</name></author>\n    \
                 <category term=\"{organisation}\"/>\n"
            ));
        }
        out.push_str(&format!("    <summary>{}</summary>\n", xml(&entry.summary)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// The Atom time of a day, else of `now` (Unix seconds): when the feed was made, never
/// 1970 (issue 20: an empty search feed said 1970-01-01).
fn atom_time(date: Option<Date>, now: i64) -> String {
    match date {
        Some(day) => format!("{day}T00:00:00Z"),
        None => jiff::Timestamp::from_second(now)
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
    }
}

/// `GET /feeds/moeder.atom?organisation=…`: the 50 newest meetings (of one organisation).
pub(crate) async fn meetings_atom(
    State(state): State<AppState>,
    Query(query): Query<MeetingFeedQuery>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let base = state.origin().to_owned();
    let organisations = crate::auth::meetings_cached(&state).await?;
    let organisation_of = {
        let organisations = std::sync::Arc::clone(&organisations);
        move |id: &str, body: &str| organisations.organisation(id).unwrap_or(body).to_owned()
    };
    let pick = organisation_of.clone();
    let meetings = blocking(&state, move |store| {
        let mut meetings = Vec::new();
        for_each_meeting(store, &MeetingFilter::default(), |summary| {
            if wanted(
                query.organisation.as_deref(),
                &pick(&summary.id, &summary.body),
            ) {
                meetings.push(seen(store.meeting(&summary.id)?, &viewer));
            }
            Ok(meetings.len() < 50)
        })?;
        Ok(meetings)
    })
    .await?;
    let entries: Vec<Entry> = meetings
        .iter()
        .map(|meeting| Entry {
            id: format!("{base}{}", render::meeting_href(&meeting.id)),
            title: format!("{} {}", meeting.body, render::maybe_date(meeting.date)),
            href: render::meeting_href(&meeting.id),
            updated: atom_time(meeting.date, state.now()),
            organisation: Some(organisation_of(&meeting.id, &meeting.body)),
            summary: meeting
                .items
                .iter()
                .map(|item| format!("Punkt {}: {}", item.number, item.title))
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect();
    let updated = meetings
        .iter()
        .filter_map(|m| m.date)
        .max()
        .map_or_else(|| atom_time(None, state.now()), |d| atom_time(Some(d), 0));
    Ok(respond(
        "application/atom+xml; charset=utf-8",
        None,
        atom("Nye møder", "/feeds/moeder.atom", &base, &updated, &entries),
    ))
}

/// `GET /feeds/soeg.atom?q=…`: any search as a feed (same parameters as `/soeg`).
pub(crate) async fn search_atom(
    State(state): State<AppState>,
    Query(query): Query<find::Query>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let title = format!("Søgning: {}", query.q);
    let self_href = format!("/feeds/soeg.atom?q={}", render::path_segment(&query.q));
    let results = searching(&state, move |_, index| find::search(index, &query, &viewer)).await?;
    Ok(search_feed(&state, &title, &self_href, &results))
}

/// The hits of a search as an Atom feed (also a saved search's private feed).
pub(crate) fn search_feed(
    state: &AppState,
    title: &str,
    self_href: &str,
    results: &find::Results,
) -> Response {
    let base = state.origin().to_owned();
    let entries: Vec<Entry> = results
        .hits
        .iter()
        .map(|hit| Entry {
            id: format!("{base}{}", render::item_href(&hit.meeting_id, &hit.item)),
            title: format!("Punkt {}: {} ({})", hit.number, hit.title, hit.body),
            href: render::item_href(&hit.meeting_id, &hit.item),
            updated: atom_time(
                hit.date.as_deref().and_then(|d| d.parse().ok()),
                state.now(),
            ),
            organisation: None,
            summary: hit.snippet.iter().map(|p| p.text.as_str()).collect(),
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| atom_time(None, state.now()));
    respond(
        "application/atom+xml; charset=utf-8",
        None,
        atom(title, self_href, &base, &updated, &entries),
    )
}

// ---------------------------------------------------------------- CSV (RFC 4180) and xlsx

/// Quotes one cell; a leading `=`, `+`, `-` or `@` gets a `'` so spreadsheets show it as text.
fn csv_cell(raw: &str) -> String {
    let defused = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

/// One row, cells separated by `;`: a spreadsheet set up for Danish (where `,` is the
/// decimal comma) splits on it when it opens the file, and reads the UTF-8 BOM the
/// exports start with.
pub(crate) fn csv_row(out: &mut String, cells: &[&str]) {
    let row: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
    out.push_str(&row.join(";"));
    out.push_str("\r\n");
}

fn opt_date(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// One cell of an export: text, or a day (ISO in CSV, a date cell in xlsx).
enum Cell {
    Text(String),
    Day(Option<Date>),
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Day(day) => opt_date(*day),
        }
    }
}

/// The columns of the follow-up exports, in Danish.
const ACTION_HEADERS: &[&str] = &[
    "id",
    "organisation",
    "organ",
    "møde",
    "mødedato",
    "punkt",
    "punktets titel",
    "opfølgning",
    "ansvarlige",
    "frist som skrevet",
    "frist fra",
    "frist senest",
    "gentages",
    "forum",
    "status",
];

/// Follow-ups as rows of [`ACTION_HEADERS`] with Danish values, as both exports write
/// them.
fn action_table(
    rows: &[store::ActionRow],
    organisations: &crate::auth::Meetings,
) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|row| {
            let owners: Vec<&str> = row.action.owners.iter().map(|p| p.name.as_str()).collect();
            let due = row.action.due.as_ref();
            let recurring = match due.and_then(|d| d.recurring) {
                Some(model::Recurrence::Yearly) => "årligt",
                Some(model::Recurrence::Quarterly) => "kvartalsvis",
                Some(model::Recurrence::Monthly) => "månedligt",
                None => "",
            };
            let text = |value: &str| Cell::Text(value.to_owned());
            vec![
                text(&row.id),
                text(
                    organisations
                        .organisation(&row.meeting_id)
                        .unwrap_or(&row.body),
                ),
                text(&row.body),
                text(&row.meeting_id),
                Cell::Day(row.meeting_date),
                text(&row.item_number),
                text(&row.item_title),
                text(&row.action.text),
                text(&owners.join("; ")),
                text(due.map(|d| d.text.as_str()).unwrap_or_default()),
                Cell::Day(due.and_then(|d| d.from)),
                Cell::Day(due.and_then(|d| d.by)),
                text(recurring),
                text(row.action.forum.as_deref().unwrap_or_default()),
                text(row.status.danish()),
            ]
        })
        .collect()
}

/// The register's rows for `query`, as the viewer may see them, with the organisations.
async fn register_rows(
    state: &AppState,
    query: ActionQuery,
    viewer: Viewer,
) -> Result<(Vec<store::ActionRow>, crate::auth::Meetings), AppError> {
    let today = state.today();
    blocking(state, move |store| {
        Ok((
            register::actions(store, &query, today, &viewer)?,
            crate::auth::meetings_of(store)?,
        ))
    })
    .await
}

/// `GET /eksport/opfoelgning.csv` (same filters as `/opfoelgning`), written a few hundred
/// follow-ups at a time as it is sent (see `stream`).
pub(crate) async fn actions_csv(
    State(state): State<AppState>,
    Query(query): Query<ActionQuery>,
    accepts: Accepts,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let filter = register::filter(&query, state.today())?;
    let organisations = crate::auth::meetings_cached(&state).await?;
    stream::respond(
        &state,
        accepts,
        "text/csv; charset=utf-8",
        Some("opfoelgning.csv"),
        move |store, sink| {
            let refs = register::refs(store, &filter, &viewer)?;
            let mut out = String::from("\u{feff}");
            csv_row(&mut out, ACTION_HEADERS);
            for chunk in refs.chunks(ACTIONS_PER_READ) {
                let rows = store.actions_of(chunk)?;
                for row in action_table(&rows, &organisations) {
                    let cells: Vec<String> = row.iter().map(Cell::csv).collect();
                    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                    csv_row(&mut out, &cells);
                }
                sink.write(&out)?;
                out.clear();
            }
            sink.write(&out)
        },
    )
    .await
}

/// `GET /eksport/opfoelgning.xlsx`: the register as an Excel workbook (same filters and
/// columns as the CSV; days as date cells shown `dd-mm-åååå`, a header row that stays in
/// view and filters on every column).
pub(crate) async fn actions_xlsx(
    State(state): State<AppState>,
    Query(query): Query<ActionQuery>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let (rows, organisations) = register_rows(&state, query, viewer).await?;
    let bytes = tokio::task::spawn_blocking(move || {
        let table = action_table(&rows, &organisations);
        workbook("Opfølgning", ACTION_HEADERS, &table)
    })
    .await
    .map_err(|err| AppError::Internal(format!("opgaven stoppede: {err}")))?
    .map_err(|err| AppError::Internal(format!("regnearket kunne ikke skrives: {err}")))?;
    let mut response = (
        [(
            header::CONTENT_TYPE,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )],
        bytes,
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"opfoelgning.xlsx\""),
    );
    Ok(response)
}

/// A workbook of one sheet `name` with `headers` and `table`.
fn workbook(
    name: &str,
    headers: &[&str],
    table: &[Vec<Cell>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    let bold = Format::new().set_bold();
    let day_format = Format::new().set_num_format("dd-mm-yyyy");
    for (col, header) in (0u16..).zip(headers) {
        sheet.write_string_with_format(0, col, *header, &bold)?;
    }
    for (row, cells) in (1u32..).zip(table) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) if text.is_empty() => {}
                // Written as text, never as a formula, whatever it starts with.
                Cell::Text(text) => {
                    sheet.write_string(row, col, text)?;
                }
                Cell::Day(Some(day)) => {
                    let date = ExcelDateTime::from_ymd(
                        u16::try_from(day.year()).unwrap_or(1900),
                        day.month().unsigned_abs(),
                        day.day().unsigned_abs(),
                    )?;
                    sheet.write_datetime_with_format(row, col, &date, &day_format)?;
                }
                Cell::Day(None) => {}
            }
        }
    }
    let last_row = u32::try_from(table.len()).unwrap_or(u32::MAX);
    let last_col = u16::try_from(headers.len().saturating_sub(1)).unwrap_or(0);
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    workbook.save_to_buffer()
}

/// `GET /eksport/beslutninger.csv`: every decision of every current meeting, written one
/// meeting at a time as it is sent (see `stream`).
pub(crate) async fn decisions_csv(
    State(state): State<AppState>,
    accepts: Accepts,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let organisations = crate::auth::meetings_cached(&state).await?;
    stream::respond(
        &state,
        accepts,
        "text/csv; charset=utf-8",
        Some("beslutninger.csv"),
        move |store, sink| {
            let mut out = String::from("\u{feff}");
            csv_row(
                &mut out,
                &[
                    "organisation",
                    "organ",
                    "møde",
                    "mødedato",
                    "punkt",
                    "punktets titel",
                    "beslutningens art",
                    "besluttet af",
                    "beslutning",
                ],
            );
            for_each_meeting(store, &MeetingFilter::default(), |summary| {
                let meeting = seen(store.meeting(&summary.id)?, &viewer);
                let organisation = organisations
                    .organisation(&meeting.id)
                    .unwrap_or(&meeting.body);
                for item in &meeting.items {
                    for decision in &item.decisions {
                        csv_row(
                            &mut out,
                            &[
                                organisation,
                                &meeting.body,
                                &meeting.id,
                                &opt_date(meeting.date),
                                &item.number,
                                &item.title,
                                decision.kind.danish(),
                                decision.actor.as_deref().unwrap_or_default(),
                                &decision.text,
                            ],
                        );
                    }
                }
                sink.write(&out)?;
                out.clear();
                Ok(true)
            })?;
            sink.write(&out)
        },
    )
    .await
}

/// Meetings read per query when a whole-corpus answer goes through all of them.
const MEETINGS_PER_READ: u32 = 500;

/// Calls `each` with every meeting matching `filter`, newest first, until it says `false`,
/// reading the list [`MEETINGS_PER_READ`] at a time (the list of a ×100 corpus is itself
/// megabytes). A meeting imported meanwhile may shift the pages by one.
fn for_each_meeting(
    store: &dyn store::Store,
    filter: &MeetingFilter,
    each: impl FnMut(&store::MeetingSummary) -> Result<bool, AppError>,
) -> Result<(), AppError> {
    for_each_meeting_by(store, filter, MEETINGS_PER_READ, each)
}

/// [`for_each_meeting`], reading the list `per_read` at a time.
pub(crate) fn for_each_meeting_by(
    store: &dyn store::Store,
    filter: &MeetingFilter,
    per_read: u32,
    mut each: impl FnMut(&store::MeetingSummary) -> Result<bool, AppError>,
) -> Result<(), AppError> {
    let mut offset = 0;
    loop {
        let page = store.meetings(
            filter,
            Page {
                offset,
                limit: per_read,
            },
        )?;
        for summary in &page {
            if !each(summary)? {
                return Ok(());
            }
        }
        if page.len() < per_read as usize {
            return Ok(());
        }
        offset += per_read;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_escapes_and_folds() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        ics_line(&mut out, &format!("SUMMARY:{}", "æ".repeat(60)));
        assert!(out.lines().all(|line| line.len() <= 75), "{out}");
    }

    #[test]
    fn csv_defuses_formulas() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("plain"), "\"plain\"");
        let mut row = String::new();
        csv_row(&mut row, &["a;b", "c"]);
        assert_eq!(row, "\"a;b\";\"c\"\r\n");
    }
}
