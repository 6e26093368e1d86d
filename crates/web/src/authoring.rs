//! Writing the next meeting (issue 14, points 3–6): the pages under `/skriv` where a
//! sekretær of an organisation keeps its series of meetings, writes an agenda with a time
//! plan, releases it (PDF, DOCX, iCal), writes the minutes (decisions, follow-ups with
//! deadlines in Danish, attendance, attachments), sends them for approval, and publishes
//! them; and the page where each signer reads the exact text and approves it, with or
//! without a reservation.
//!
//! Every page is a plain form that works without JavaScript; `/skriv.js` saves as one
//! types and keeps unsaved changes in the browser (`localStorage`) when the connection is
//! lost. What a state allows and who signs is decided in `store::authoring`; who may ask
//! is decided here from [`Viewer`], as everywhere else in this crate. Published minutes
//! are stored through the import path, so the rest of the site shows them like imported
//! ones.

use std::collections::HashMap;

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use maud::{Markup, html};
use model::{Absence, Action, Decision, DecisionKind, DocumentKind, Due, Item, Meeting, Person};
use model::{Date, Slot, Time};
use store::{
    ActionFilter, Actor, Authored, MeetingState, NewSeries, Planned, Series, SigningPolicy, Store,
};

use crate::access::{Account, Viewer};
use crate::auth::ClientAddr;
use crate::render::{self, page};
use crate::{AppError, AppState, blocking};

/// The script that saves as one types (see the module documentation).
const SCRIPT: &str = include_str!("authoring.js");

/// The title of the item that lists the open follow-ups of earlier meetings.
pub(crate) const FOLLOW_UP_ITEM: &str = "Opfølgning fra tidligere møder";

/// Most items of one meeting, and the longest fields, so one form cannot fill the database.
const MAX_ITEMS: usize = 100;
const MAX_LINE_CHARS: usize = 500;
const MAX_TEXT_CHARS: usize = 20_000;
const MAX_MINUTES: u32 = 600;

/// `GET /skriv.js`.
pub(crate) async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCRIPT,
    )
        .into_response()
}

fn href(id: &str) -> String {
    format!("/skriv/{}", render::path_segment(id))
}

fn account(viewer: &Viewer) -> Result<&Account, AppError> {
    match viewer {
        Viewer::Account(account) => Ok(account),
        Viewer::Public => Err(AppError::Unauthorized(
            "log ind for at skrive og godkende møder".into(),
        )),
    }
}

/// The account of one who may write (a sekretær): 401 without an account, 403 for another
/// role; `what` is what the role cannot do (`oprette møder`).
fn writer<'v>(viewer: &'v Viewer, what: &str) -> Result<&'v Account, AppError> {
    let account = account(viewer)?;
    if !viewer.may_edit() {
        return Err(AppError::Forbidden(format!(
            "rollen {} kan ikke {what}; det kan en sekretær",
            account.role.name()
        )));
    }
    Ok(account)
}

/// The account of a sekretær of `series`' organisation: 401 without an account, 404 for
/// another organisation's (whose internal work it does not see), 403 for another role.
fn secretary_of<'v>(viewer: &'v Viewer, series: &Series) -> Result<&'v Account, AppError> {
    account(viewer)?;
    if !viewer.sees_internal_of(&series.organisation) {
        return Err(AppError::NotFound("mødet".into()));
    }
    writer(viewer, "skrive møder")
}

fn actor(state: &AppState, account: &Account, client: Option<Extension<ClientAddr>>) -> Actor {
    Actor {
        email: Some(account.email.clone()),
        address: client.map(|Extension(client)| client.0.to_string()),
        at: state.now(),
    }
}

fn csrf() -> String {
    crate::auth::header_account()
        .and_then(|account| account.csrf)
        .unwrap_or_default()
}

async fn load(state: &AppState, id: String) -> Result<Authored, AppError> {
    blocking(state, move |store| Ok(store.authored(&id)?)).await
}

/// "1. juli 2025 kl. 11.30".
fn when(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .ok()
        .and_then(|at| {
            let zone = jiff::tz::TimeZone::get("Europe/Copenhagen").ok()?;
            let zoned = at.to_zoned(zone);
            Some(format!(
                "{} kl. {}",
                render::date(zoned.date()),
                render::time(zoned.time())
            ))
        })
        .unwrap_or_else(|| at.to_string())
}

fn state_label(state: MeetingState) -> &'static str {
    match state {
        MeetingState::Draft => "Kladde",
        MeetingState::AgendaSent => "Dagsorden udsendt",
        MeetingState::Held => "Afholdt",
        MeetingState::ForApproval => "Referat til godkendelse",
        MeetingState::Approved => "Godkendt",
        MeetingState::Published => "Offentliggjort",
        MeetingState::Cancelled => "Aflyst",
    }
}

/// The button that moves a meeting from `from` to `to`.
fn move_label(from: MeetingState, to: MeetingState) -> &'static str {
    match (from, to) {
        (_, MeetingState::AgendaSent) => "Udsend dagsordenen",
        (MeetingState::Cancelled, MeetingState::Draft) => "Genåbn mødet",
        (_, MeetingState::Draft) => "Tilbage til kladde",
        (MeetingState::ForApproval, MeetingState::Held) => "Træk referatet tilbage til rettelse",
        (MeetingState::Approved | MeetingState::Published, MeetingState::Held) => {
            "Ret referatet (ny udgave)"
        }
        (_, MeetingState::Held) => "Mødet er afholdt: skriv referatet",
        (_, MeetingState::ForApproval) => "Send referatet til godkendelse",
        (_, MeetingState::Cancelled) => "Aflys mødet",
        _ => "Videre",
    }
}

// ------------------------------------------------------------------------ the time plan

fn add_minutes(time: Time, minutes: u32) -> Time {
    let total = i64::from(time.hour()) * 60 + i64::from(time.minute()) + i64::from(minutes);
    let total = total.min(23 * 60 + 59);
    // In range by the line above: hours 0..=23, minutes 0..=59.
    Time::new(
        i8::try_from(total / 60).unwrap_or(23),
        i8::try_from(total % 60).unwrap_or(59),
        0,
        0,
    )
    .unwrap_or(time)
}

/// Numbers the items 1, 2, … and computes the time plan from the start and each item's
/// duration, keeping each slot's presenters; the meeting ends when the last item does.
pub(crate) fn plan_times(meeting: &mut Meeting, plan: &[Planned], presenters: Vec<Vec<Person>>) {
    let mut at = meeting.start;
    let mut schedule = Vec::with_capacity(meeting.items.len());
    for (idx, ((item, planned), presenters)) in meeting
        .items
        .iter_mut()
        .zip(plan)
        .zip(presenters)
        .enumerate()
    {
        item.number = (idx + 1).to_string();
        let end = at.map(|start| add_minutes(start, planned.minutes));
        schedule.push(Slot {
            item: item.number.clone(),
            start: at,
            end,
            presenters,
            note: None,
            span: None,
        });
        at = end;
    }
    if meeting.start.is_some() && !schedule.is_empty() {
        meeting.end = at;
    }
    meeting.schedule = schedule;
}

fn presenters_of(meeting: &Meeting) -> Vec<Vec<Person>> {
    meeting
        .items
        .iter()
        .map(|item| {
            meeting
                .schedule
                .iter()
                .find(|slot| slot.item == item.number)
                .map(|slot| slot.presenters.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn slot_text(meeting: &Meeting, number: &str) -> String {
    meeting
        .schedule
        .iter()
        .find(|slot| slot.item == number)
        .map(|slot| render::time_range(slot.start, slot.end))
        .unwrap_or_default()
}

// --------------------------------------------------------------------- reading the form

/// The fields of a posted form, by name (the last of a repeated name).
struct Fields(HashMap<String, String>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    fn line(&self, name: &str, what: &str) -> Result<String, AppError> {
        let value = self.get(name).unwrap_or("").trim();
        if value.chars().count() > MAX_LINE_CHARS {
            return Err(AppError::BadRequest(format!(
                "{what} er for lang; brug højst {MAX_LINE_CHARS} tegn"
            )));
        }
        Ok(value.to_owned())
    }

    fn text(&self, name: &str, what: &str) -> Result<String, AppError> {
        let value = self.get(name).unwrap_or("").trim();
        if value.chars().count() > MAX_TEXT_CHARS {
            return Err(AppError::BadRequest(format!(
                "{what} er for lang; brug højst {MAX_TEXT_CHARS} tegn"
            )));
        }
        Ok(value.replace("\r\n", "\n"))
    }

    fn minutes(&self, name: &str, what: &str) -> Result<u32, AppError> {
        let raw = self.get(name).unwrap_or("").trim();
        if raw.is_empty() {
            return Ok(0);
        }
        raw.parse::<u32>()
            .ok()
            .filter(|minutes| *minutes <= MAX_MINUTES)
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "varigheden af {what} skal være et antal minutter fra 0 til {MAX_MINUTES}, \
                     ikke {raw:?}"
                ))
            })
    }
}

/// People named in a comma-separated field, each by its name in the registry when it is
/// there (compared without regard to case), else as written: a new person.
fn people_in(raw: &str, registry: &[String]) -> Vec<Person> {
    raw.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|written| {
            let name = registry
                .iter()
                .find(|known| known.to_lowercase() == written.to_lowercase())
                .cloned()
                .unwrap_or_else(|| written.to_owned());
            Person {
                name,
                as_written: written.to_owned(),
                span: None,
            }
        })
        .collect()
}

fn names(people: &[Person]) -> String {
    people
        .iter()
        .map(|person| person.as_written.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Karin Bøgh (inhabil), Tom Vang": people absent from an item, with a reason in brackets.
fn absences_in(raw: &str, registry: &[String]) -> Vec<Absence> {
    raw.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (who, reason) = match part.split_once('(') {
                Some((who, rest)) => (who.trim(), Some(rest.trim_end_matches(')').trim())),
                None => (part, None),
            };
            Absence {
                person: people_in(who, registry).pop().unwrap_or_default(),
                reason: reason.filter(|r| !r.is_empty()).map(str::to_owned),
            }
        })
        .collect()
}

fn absences_text(absent: &[Absence]) -> String {
    absent
        .iter()
        .map(|absence| match &absence.reason {
            Some(reason) => format!("{} ({reason})", absence.person.as_written),
            None => absence.person.as_written.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A deadline as typed ("senest i oktober"), read with the extractor's grammar of Danish
/// dates against the meeting's day; the words are kept as typed.
pub(crate) fn due_of(typed: &str, meeting_day: Date) -> Option<Due> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let found = extract::dates::find_due(typed, meeting_day);
    Some(Due {
        text: typed.to_owned(),
        from: found.as_ref().and_then(|due| due.from),
        by: found.as_ref().and_then(|due| due.by),
        recurring: found.and_then(|due| due.recurring),
    })
}

fn parse_date(raw: &str) -> Result<Option<Date>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<Date>().map(Some).map_err(|_| {
        AppError::BadRequest(format!(
            "datoen {raw:?} skal skrives ÅÅÅÅ-MM-DD, fx 2025-10-31"
        ))
    })
}

fn parse_time(raw: &str) -> Result<Option<Time>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let refused =
        || AppError::BadRequest(format!("tidspunktet {raw:?} skal skrives TT:MM, fx 09:30"));
    let (hour, minute) = raw.split_once([':', '.']).ok_or_else(refused)?;
    let hour: i8 = hour.trim().parse().map_err(|_| refused())?;
    let minute: i8 = minute.trim().parse().map_err(|_| refused())?;
    Time::new(hour, minute, 0, 0)
        .map(Some)
        .map_err(|_| refused())
}

/// One item of the form with the parts the model keeps beside it while items move.
struct Row {
    item: Item,
    planned: Planned,
    presenters: Vec<Person>,
}

/// The working copy as the form changes it: header, attendance, each item's agenda fields
/// and (when the form holds them) its minutes; then the one structural change the form
/// asked for (`handling`: a new item, or an item moved up or down or removed).
fn apply_form(
    authored: &Authored,
    fields: &Fields,
    registry: &[String],
    today: Date,
) -> Result<(Meeting, Vec<Planned>), AppError> {
    let mut meeting = authored.meeting.clone();
    if fields.has("dato") {
        meeting.date = parse_date(fields.get("dato").unwrap_or(""))?;
    }
    if fields.has("start") {
        meeting.start = parse_time(fields.get("start").unwrap_or(""))?;
        if meeting.start.is_none() {
            meeting.end = None;
        }
    }
    if fields.has("sted") {
        let place = fields.line("sted", "stedet")?;
        meeting.location = (!place.is_empty()).then_some(place);
    }
    if fields.has("deltagere") {
        meeting.participants = people_in(&fields.text("deltagere", "deltagerlisten")?, registry);
    }
    if fields.has("afbud") {
        meeting.absent = people_in(&fields.text("afbud", "afbudslisten")?, registry);
    }
    let day = meeting.date.unwrap_or(today);
    let presenters = presenters_of(&meeting);
    let mut rows: Vec<Row> = Vec::new();
    for (idx, stored) in meeting.items.iter().enumerate() {
        let key = |field: &str| format!("p{idx}-{field}");
        let mut item = stored.clone();
        let mut planned = authored.plan.get(idx).copied().unwrap_or_default();
        let mut people = presenters.get(idx).cloned().unwrap_or_default();
        if fields.has(&key("titel")) {
            let what = format!("titlen på punkt {}", idx + 1);
            item.title = fields.line(&key("titel"), &what)?;
            if item.title.is_empty() {
                return Err(AppError::BadRequest(format!(
                    "punkt {} mangler en titel; slet punktet, hvis det ikke skal være der",
                    idx + 1
                )));
            }
            people = people_in(&fields.line(&key("oplaeg"), "oplægsholderne")?, registry);
            planned.minutes = fields.minutes(&key("minutter"), &format!("punkt {}", idx + 1))?;
            item.closed = fields.has(&key("lukket"));
            planned.standing = fields.has(&key("fast"));
        }
        if fields.has(&key("tekst")) {
            item.text = fields.text(&key("tekst"), "sagsfremstillingen")?;
        }
        // The minutes' fields come together, once the meeting is held.
        if fields.has(&key("fravaer")) {
            item.absent = absences_in(&fields.line(&key("fravaer"), "fraværslisten")?, registry);
            item.decisions = decisions_in(fields, idx)?;
            item.actions = actions_in(fields, idx, registry, day)?;
        }
        rows.push(Row {
            item,
            planned,
            presenters: people,
        });
    }
    let new_title = fields.line("ny-titel", "titlen på det nye punkt")?;
    if !new_title.is_empty() {
        if rows.len() >= MAX_ITEMS {
            return Err(AppError::BadRequest(format!(
                "et møde kan højst have {MAX_ITEMS} punkter"
            )));
        }
        rows.push(Row {
            item: Item {
                title: new_title,
                ..Item::default()
            },
            planned: Planned {
                minutes: fields.minutes("ny-minutter", "det nye punkt")?,
                standing: false,
            },
            presenters: people_in(&fields.line("ny-oplaeg", "oplægsholderne")?, registry),
        });
    }
    if let Some(action) = fields.get("handling") {
        let (verb, idx) = action.split_once('-').unwrap_or((action, ""));
        let idx: Option<usize> = idx.parse().ok().filter(|idx| *idx < rows.len());
        match (verb, idx) {
            ("op", Some(idx)) if idx > 0 => rows.swap(idx, idx - 1),
            ("ned", Some(idx)) if idx + 1 < rows.len() => rows.swap(idx, idx + 1),
            ("slet", Some(idx)) => {
                rows.remove(idx);
            }
            _ => {}
        }
    }
    let mut plan = Vec::with_capacity(rows.len());
    let mut presenters = Vec::with_capacity(rows.len());
    meeting.items = rows
        .into_iter()
        .map(|row| {
            plan.push(row.planned);
            presenters.push(row.presenters);
            row.item
        })
        .collect();
    plan_times(&mut meeting, &plan, presenters);
    Ok((meeting, plan))
}

fn decisions_in(fields: &Fields, idx: usize) -> Result<Vec<Decision>, AppError> {
    let mut decisions = Vec::new();
    for n in 0.. {
        let key = |field: &str| format!("p{idx}-b{n}-{field}");
        if !fields.has(&key("tekst")) {
            break;
        }
        let text = fields.text(&key("tekst"), "beslutningen")?;
        if text.is_empty() {
            continue;
        }
        let kind = fields.get(&key("art")).unwrap_or("");
        let kind = DecisionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind)
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "vælg beslutningens art for punkt {}: {}",
                    idx + 1,
                    DecisionKind::ALL.map(DecisionKind::danish).join(", ")
                ))
            })?;
        // Dissents and votes entered with the decision ("Karin Bøgh ønskede sin afvigende
        // mening ført til protokol"), one a line.
        let notes = fields
            .text(&key("noter"), "bemærkningerne til beslutningen")?
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        decisions.push(Decision {
            actor: None,
            kind,
            text,
            notes,
            votes: None,
            span: None,
        });
    }
    Ok(decisions)
}

fn actions_in(
    fields: &Fields,
    idx: usize,
    registry: &[String],
    day: Date,
) -> Result<Vec<Action>, AppError> {
    let mut actions = Vec::new();
    for n in 0.. {
        let key = |field: &str| format!("p{idx}-o{n}-{field}");
        if !fields.has(&key("tekst")) {
            break;
        }
        let text = fields.text(&key("tekst"), "opfølgningen")?;
        if text.is_empty() {
            continue;
        }
        actions.push(Action {
            text,
            owners: people_in(&fields.line(&key("ansvarlig"), "de ansvarlige")?, registry),
            due: due_of(&fields.line(&key("frist"), "fristen")?, day),
            forum: None,
            span: None,
        });
    }
    Ok(actions)
}

fn registry_names(store: &dyn Store) -> Result<Vec<String>, AppError> {
    Ok(store
        .people()?
        .into_iter()
        .map(|person| person.name)
        .filter(|name| extract::people::is_person_name(name))
        .collect())
}

// ---------------------------------------------------------------------- the overview

/// `GET /skriv`: the series and meetings of a sekretær's organisation, and for every
/// account the minutes waiting for its signature.
pub(crate) async fn overview(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let account = account(&viewer)?.clone();
    let sees = viewer.clone();
    let (series, meetings, to_sign, released) = blocking(&state, move |store| {
        let series: Vec<Series> = store
            .series_list()?
            .into_iter()
            .filter(|series| sees.sees_internal_of(&series.organisation))
            .collect();
        let mut meetings = Vec::new();
        let mut to_sign = Vec::new();
        let mut released = Vec::new();
        for summary in store.authored_list(None)? {
            let Some(of) = series.iter().find(|s| s.id == summary.series_id) else {
                continue;
            };
            if matches!(summary.state, MeetingState::AgendaSent | MeetingState::Held) {
                released.push(summary.clone());
            }
            if summary.state == MeetingState::ForApproval {
                let authored = store.authored(&summary.id)?;
                if authored
                    .latest()
                    .is_some_and(|v| v.waiting_for().contains(&account.email.as_str()))
                {
                    to_sign.push(summary.clone());
                }
            }
            meetings.push((of.clone(), summary));
        }
        Ok((series, meetings, to_sign, released))
    })
    .await?;
    let csrf = csrf();
    let secretary = viewer.may_edit();
    let own_organisation = match &viewer {
        Viewer::Account(account) => account.organisation.clone().unwrap_or_default(),
        Viewer::Public => String::new(),
    };
    Ok(page(
        "Skriv møder",
        html! {
            h1 { "Skriv møder" }
            section aria-labelledby="til-underskrift" {
                h2 id="til-underskrift" { "Til din underskrift" }
                @if to_sign.is_empty() {
                    p class="muted" { "Ingen referater venter på din underskrift." }
                } @else {
                    ul {
                        @for summary in &to_sign {
                            li { a href={ (href(&summary.id)) "/godkend" } {
                                (summary.body) " " (render::maybe_date(summary.date))
                            } }
                        }
                    }
                }
            }
            section aria-labelledby="dagsordener" {
                h2 id="dagsordener" { "Udsendte dagsordener" }
                @if released.is_empty() {
                    p class="muted" { "Ingen dagsordener er udsendt." }
                } @else {
                    ul {
                        @for summary in &released {
                            li {
                                (summary.body) " " (render::maybe_date(summary.date)) ": "
                                a href={ (href(&summary.id)) "/dagsorden.pdf" } { "PDF" } ", "
                                a href={ (href(&summary.id)) "/dagsorden.docx" } { "Word" } ", "
                                a href={ (href(&summary.id)) "/dagsorden.ics" } { "kalender" }
                            }
                        }
                    }
                }
            }
            @if secretary {
                section aria-labelledby="moeder" {
                    h2 id="moeder" { "Møder" }
                    @if meetings.is_empty() {
                        p class="muted" { "Ingen møder endnu. Opret en mødeserie nedenfor." }
                    } @else {
                        table class="authored" {
                            thead { tr { th scope="col" { "Møde" } th scope="col" { "Dato" } th scope="col" { "Tilstand" } } }
                            tbody {
                                @for (series, summary) in &meetings {
                                    tr {
                                        td { a href=(href(&summary.id)) { (series.body) } }
                                        td { (render::maybe_date(summary.date)) }
                                        td { span class={ "state state-" (summary.state.name().replace(' ', "-")) } { (state_label(summary.state)) } }
                                    }
                                }
                            }
                        }
                    }
                    @for series in &series {
                        form class="new-meeting" method="post" action="/skriv/moeder" {
                            input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                            input type="hidden" name="serie" value=(series.id);
                            fieldset {
                                legend { "Nyt møde i " (series.body) }
                                p class="hint" { "Deltagere og faste punkter kopieres fra seriens seneste møde, og åbne opfølgninger med frist inden mødet bliver et punkt." }
                                label for={ "dato-" (series.id) } { "Dato" }
                                input id={ "dato-" (series.id) } type="date" name="dato" required;
                                label for={ "start-" (series.id) } { "Starttid" }
                                input id={ "start-" (series.id) } type="time" name="start";
                                button type="submit" { "Opret mødet" }
                            }
                        }
                        details class="edit-series" {
                            summary { "Ret mødeserien " (series.body) }
                            (series_form(&csrf, &format!("/skriv/serier/{}", series.id), Some(series), &series.organisation))
                        }
                    }
                }
                section aria-labelledby="ny-serie" {
                    h2 id="ny-serie" { "Ny mødeserie" }
                    (series_form(&csrf, "/skriv/serier", None, &own_organisation))
                }
            }
        },
    ))
}

/// The form of a new series (`series` `None`) or of a change to one.
fn series_form(csrf: &str, action: &str, series: Option<&Series>, organisation: &str) -> Markup {
    // Field ids are unique on the page: one form per series besides the new one.
    let id = |field: &str| match series {
        Some(series) => format!("{field}-{}", series.id),
        None => field.to_owned(),
    };
    html! {
        form class="new-series" method="post" action=(action) {
            input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
            label for=(id("organ")) { "Organ" }
            input id=(id("organ")) name="organ" required placeholder="Teknik- og Miljøudvalget" value=[series.map(|s| s.body.as_str())];
            label for=(id("organisation")) { "Organisation" }
            input id=(id("organisation")) name="organisation" required value=(organisation) readonly[series.is_some()];
            label for=(id("underskrift")) { "Hvem underskriver referatet" }
            select id=(id("underskrift")) name="underskrift" {
                @for policy in SigningPolicy::ALL {
                    option value=(policy.name()) selected[series.is_some_and(|s| s.signing == policy)] { (policy_label(policy)) }
                }
            }
            label for=(id("formand")) { "Formandens konto (e-mail)" }
            input id=(id("formand")) name="formand" type="email" value=[series.and_then(|s| s.chair.as_deref())];
            label for=(id("sekretaer")) { "Sekretærens konto (e-mail)" }
            input id=(id("sekretaer")) name="sekretaer" type="email" value=[series.and_then(|s| s.secretary.as_deref())];
            label for=(id("sted")) { "Sted" }
            input id=(id("sted")) name="sted" value=[series.and_then(|s| s.location.as_deref())];
            button type="submit" { @if series.is_some() { "Gem mødeserien" } @else { "Opret mødeserien" } }
        }
    }
}

fn policy_label(policy: SigningPolicy) -> &'static str {
    match policy {
        SigningPolicy::All => "Alle, der deltog (Styrelsesloven § 13)",
        SigningPolicy::ChairAndSecretary => "Formand og sekretær",
        SigningPolicy::Chair => "Formanden",
        SigningPolicy::Nobody => "Ingen",
    }
}

/// The fields of a new series.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct SeriesForm {
    #[serde(default)]
    organ: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    underskrift: String,
    #[serde(default)]
    formand: String,
    #[serde(default)]
    sekretaer: String,
    #[serde(default)]
    sted: String,
}

/// `POST /skriv/serier`.
pub(crate) async fn add_series(
    State(state): State<AppState>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    Form(form): Form<SeriesForm>,
) -> Result<Response, AppError> {
    let account = writer(&viewer, "oprette mødeserier")?;
    let signing = SigningPolicy::parse(&form.underskrift).ok_or_else(|| {
        AppError::BadRequest(
            "vælg hvem der underskriver: alle, formand og sekretær, formand eller ingen".into(),
        )
    })?;
    if !viewer.sees_internal_of(form.organisation.trim()) {
        return Err(AppError::Forbidden(
            "en sekretær opretter kun mødeserier i sin egen organisation".into(),
        ));
    }
    let series = NewSeries {
        body: form.organ.trim().to_owned(),
        organisation: form.organisation.trim().to_owned(),
        signing,
        chair: Some(form.formand),
        secretary: Some(form.sekretaer),
        location: Some(form.sted).filter(|place| !place.trim().is_empty()),
    };
    if series.body.chars().count() > MAX_LINE_CHARS {
        return Err(AppError::BadRequest("organets navn er for langt".into()));
    }
    let actor = actor(&state, account, client);
    blocking(&state, move |store| Ok(store.add_series(&series, &actor)?)).await?;
    Ok(Redirect::to("/skriv").into_response())
}

/// `POST /skriv/serier/{id}`: changes a series (not its organisation).
pub(crate) async fn update_series(
    State(state): State<AppState>,
    Path(series_id): Path<i64>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    Form(form): Form<SeriesForm>,
) -> Result<Response, AppError> {
    let series = blocking(&state, move |store| {
        store
            .series_list()?
            .into_iter()
            .find(|series| series.id == series_id)
            .ok_or_else(|| AppError::NotFound(format!("mødeserien {series_id}")))
    })
    .await?;
    let account = secretary_of(&viewer, &series)?;
    let signing = SigningPolicy::parse(&form.underskrift).ok_or_else(|| {
        AppError::BadRequest(
            "vælg hvem der underskriver: alle, formand og sekretær, formand eller ingen".into(),
        )
    })?;
    if form.organ.chars().count() > MAX_LINE_CHARS {
        return Err(AppError::BadRequest("organets navn er for langt".into()));
    }
    let changed = NewSeries {
        body: form.organ.trim().to_owned(),
        organisation: series.organisation.clone(),
        signing,
        chair: Some(form.formand),
        secretary: Some(form.sekretaer),
        location: Some(form.sted).filter(|place| !place.trim().is_empty()),
    };
    let actor = actor(&state, account, client);
    blocking(&state, move |store| {
        Ok(store.update_series(series_id, &changed, &actor)?)
    })
    .await?;
    Ok(Redirect::to("/skriv").into_response())
}

/// The fields of a new meeting.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct MeetingForm {
    #[serde(default)]
    serie: String,
    #[serde(default)]
    dato: String,
    #[serde(default)]
    start: String,
}

/// `POST /skriv/moeder`: a new meeting of a series, with the last meeting's participants
/// and standing items, and the open follow-ups of earlier meetings due by its day as an
/// item.
pub(crate) async fn add_meeting(
    State(state): State<AppState>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    Form(form): Form<MeetingForm>,
) -> Result<Response, AppError> {
    writer(&viewer, "oprette møder")?;
    let series_id: i64 = form
        .serie
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("vælg mødeserien".into()))?;
    let date = parse_date(&form.dato)?
        .ok_or_else(|| AppError::BadRequest("mødet skal have en dato".into()))?;
    let start = parse_time(&form.start)?;
    let series = blocking(&state, move |store| {
        store
            .series_list()?
            .into_iter()
            .find(|series| series.id == series_id)
            .ok_or_else(|| AppError::NotFound(format!("mødeserien {series_id}")))
    })
    .await?;
    let account = secretary_of(&viewer, &series)?;
    let actor = actor(&state, account, client);
    let id = blocking(&state, move |store| {
        let (meeting, plan) = next_meeting(store, &series, date, start)?;
        Ok(store.create_authored(series.id, &meeting, &plan, &actor)?)
    })
    .await?;
    Ok(Redirect::to(&href(&id)).into_response())
}

/// The draft of the meeting of `series` on `date`.
fn next_meeting(
    store: &dyn Store,
    series: &Series,
    date: Date,
    start: Option<Time>,
) -> Result<(Meeting, Vec<Planned>), AppError> {
    let mut meeting = Meeting {
        body: series.body.clone(),
        date: Some(date),
        start,
        location: series.location.clone(),
        kind: DocumentKind::Minutes,
        ..Meeting::default()
    };
    meeting.id = extract::meeting_id(&meeting);
    let mut plan = Vec::new();
    let mut presenters = Vec::new();
    let last = store
        .authored_list(Some(series.id))?
        .into_iter()
        .find(|summary| summary.state != MeetingState::Cancelled && summary.date <= Some(date));
    if last.is_none() {
        // The series' first meeting written here: the participants of the body's last
        // minutes in the register.
        let filter = store::MeetingFilter {
            body: Some(series.body.clone()),
            ..store::MeetingFilter::default()
        };
        if let Some(previous) = store
            .meetings(&filter, store::Page::ALL)?
            .into_iter()
            .find(|summary| summary.date <= Some(date))
        {
            meeting.participants = store.meeting(&previous.id)?.participants;
        }
    }
    if let Some(last) = last {
        let last = store.authored(&last.id)?;
        meeting.participants.clone_from(&last.meeting.participants);
        let last_presenters = presenters_of(&last.meeting);
        for ((item, planned), people) in last
            .meeting
            .items
            .iter()
            .zip(&last.plan)
            .zip(last_presenters)
        {
            if planned.standing {
                meeting.items.push(Item {
                    title: item.title.clone(),
                    closed: item.closed,
                    ..Item::default()
                });
                plan.push(*planned);
                presenters.push(people);
            }
        }
    }
    // Open follow-ups of the body's earlier meetings, due by this one.
    let open = store.actions(&ActionFilter {
        open: true,
        due_before: date.tomorrow().ok(),
        ..ActionFilter::default()
    })?;
    let lines: Vec<String> = open
        .iter()
        .filter(|row| row.body == series.body && row.meeting_date < Some(date))
        .map(|row| {
            let owners = names(&row.action.owners);
            let due = row
                .action
                .due
                .as_ref()
                .and_then(|due| due.by)
                .map(|by| format!(" (frist {})", render::date(by)))
                .unwrap_or_default();
            if owners.is_empty() {
                format!("{}{due}", row.action.text)
            } else {
                format!("{} – {owners}{due}", row.action.text)
            }
        })
        .collect();
    if !lines.is_empty() {
        meeting.items.insert(
            0,
            Item {
                title: FOLLOW_UP_ITEM.to_owned(),
                text: lines.join("\n"),
                ..Item::default()
            },
        );
        plan.insert(
            0,
            Planned {
                minutes: 10,
                standing: false,
            },
        );
        presenters.insert(0, Vec::new());
    }
    plan_times(&mut meeting, &plan, presenters);
    Ok((meeting, plan))
}

// ------------------------------------------------------------------------ the editor

/// `GET /skriv/{id}`: the agenda and the minutes of one meeting.
pub(crate) async fn editor(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let authored = load(&state, id).await?;
    secretary_of(&viewer, &authored.series)?;
    let registry = blocking(&state, |store| registry_names(store)).await?;
    Ok(editor_page(&authored, &registry, None))
}

fn editor_page(authored: &Authored, registry: &[String], notice: Option<&str>) -> Html<String> {
    let meeting = &authored.meeting;
    let editable = authored.state.editable();
    let minutes = !matches!(
        authored.state,
        MeetingState::Draft | MeetingState::AgendaSent | MeetingState::Cancelled
    );
    let base = href(&authored.id);
    let csrf = csrf();
    let presenters = presenters_of(meeting);
    let title = format!("{} {}", meeting.body, render::maybe_date(meeting.date));
    page(
        &title,
        html! {
            h1 { (meeting.body) " " (render::maybe_date(meeting.date)) }
            p class="state-line" {
                "Tilstand: " strong class={ "state state-" (authored.state.name().replace(' ', "-")) } { (state_label(authored.state)) }
                " · Underskrives af: " (policy_label(authored.series.signing))
                @if let Some(published) = &authored.published_id {
                    " · " a href=(render::meeting_href(published)) { "Det offentliggjorte referat" }
                }
            }
            @if let Some(notice) = notice { p class="notice" role="status" { (notice) } }
            nav class="downloads" aria-label="Hent mødet" {
                ul {
                    li { a href={ (base) "/dagsorden.pdf" } { "Dagsorden (PDF)" } }
                    li { a href={ (base) "/dagsorden.docx" } { "Dagsorden (Word)" } }
                    li { a href={ (base) "/dagsorden.ics" } { "Kalender (iCal)" } }
                    @if minutes {
                        li { a href={ (base) "/referat.pdf" } { "Referat (PDF)" } }
                    }
                    @if !authored.versions.is_empty() {
                        li { a href={ (base) "/godkend" } { "Godkendelse" } }
                    }
                }
            }
            form class="states" method="post" action={ (base) "/tilstand" } {
                input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                @for to in authored.state.next() {
                    button type="submit" name="til" value=(to.name()) class=@if *to == MeetingState::Cancelled { "danger" } { (move_label(authored.state, *to)) }
                }
                @if authored.state == MeetingState::Approved {
                    button type="submit" name="til" value="offentliggjort" { "Offentliggør referatet" }
                }
            }
            form id="moede" class="meeting-form" method="post" action=(base) data-id=(authored.id) {
                input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                input type="hidden" name="revision" value=(authored.revision);
                p id="gemt" class="saved" role="status" aria-live="polite" {}
                fieldset disabled[!editable] {
                    legend { "Mødet" }
                    div class="row" {
                        div { label for="dato" { "Dato" } input id="dato" type="date" name="dato" value=(meeting.date.map(|d| d.to_string()).unwrap_or_default()); }
                        div { label for="start" { "Starttid" } input id="start" type="time" name="start" value=(meeting.start.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())).unwrap_or_default()); }
                        div { label for="sted" { "Sted" } input id="sted" name="sted" value=(meeting.location.clone().unwrap_or_default()); }
                    }
                    label for="deltagere" { "Mødedeltagere (adskilt med komma)" }
                    textarea id="deltagere" name="deltagere" rows="2" { (names(&meeting.participants)) }
                    label for="afbud" { "Afbud" }
                    input id="afbud" name="afbud" list="personer" value=(names(&meeting.absent));
                }
                fieldset disabled[!editable] class="agenda" {
                    legend { "Dagsorden og tidsplan" }
                    ol class="items" {
                        @for (idx, item) in meeting.items.iter().enumerate() {
                            @let planned = authored.plan.get(idx).copied().unwrap_or_default();
                            @let key = |field: &str| format!("p{idx}-{field}");
                            li class="item" id={ "punkt-" (idx) } {
                                p class="slot" { "Punkt " (item.number) " " span class="times" data-item=(idx) { (slot_text(meeting, &item.number)) } }
                                label for=(key("titel")) { "Titel" }
                                input id=(key("titel")) name=(key("titel")) value=(item.title) required;
                                div class="row" {
                                    div {
                                        label for=(key("oplaeg")) { "Oplægsholdere" }
                                        input id=(key("oplaeg")) name=(key("oplaeg")) list="personer" value=(names(presenters.get(idx).map_or(&[][..], Vec::as_slice)));
                                    }
                                    div {
                                        label for=(key("minutter")) { "Minutter" }
                                        input id=(key("minutter")) name=(key("minutter")) type="number" min="0" max=(MAX_MINUTES) value=(planned.minutes);
                                    }
                                }
                                div class="checks" {
                                    span {
                                        input id=(key("lukket")) type="checkbox" name=(key("lukket")) checked[item.closed];
                                        label for=(key("lukket")) { "Lukket punkt" }
                                    }
                                    span {
                                        input id=(key("fast")) type="checkbox" name=(key("fast")) checked[planned.standing];
                                        label for=(key("fast")) { "Fast punkt (kopieres til næste møde)" }
                                    }
                                }
                                div class="moves" {
                                    button type="submit" name="handling" value={ "op-" (idx) } disabled[idx == 0] { "Flyt op" span class="visually-hidden" { ": punkt " (item.number) } }
                                    button type="submit" name="handling" value={ "ned-" (idx) } disabled[idx + 1 == meeting.items.len()] { "Flyt ned" span class="visually-hidden" { ": punkt " (item.number) } }
                                    button type="submit" name="handling" value={ "slet-" (idx) } class="danger" { "Slet" span class="visually-hidden" { ": punkt " (item.number) } }
                                }
                                label for=(key("tekst")) { "Sagsfremstilling" }
                                textarea id=(key("tekst")) name=(key("tekst")) rows="3" { (item.text) }
                                @if minutes {
                                    (minutes_fields(authored, idx, item))
                                }
                            }
                        }
                    }
                    fieldset class="new-item" {
                        legend { "Nyt punkt" }
                        label for="ny-titel" { "Titel" }
                        input id="ny-titel" name="ny-titel";
                        div class="row" {
                            div { label for="ny-oplaeg" { "Oplægsholdere" } input id="ny-oplaeg" name="ny-oplaeg" list="personer"; }
                            div { label for="ny-minutter" { "Minutter" } input id="ny-minutter" name="ny-minutter" type="number" min="0" max=(MAX_MINUTES) value="15"; }
                        }
                        button type="submit" name="handling" value="ny" { "Tilføj punktet" }
                    }
                }
                @if editable {
                    button type="submit" name="handling" value="gem" class="primary" { "Gem" }
                }
                datalist id="personer" {
                    @for name in registry { option value=(name) {} }
                }
            }
            @if minutes {
                section aria-labelledby="bilag-overskrift" {
                    h2 id="bilag-overskrift" { "Bilag" }
                    @if authored.attachments.is_empty() {
                        p class="muted" { "Ingen bilag endnu." }
                    } @else {
                        ul {
                            @for attachment in &authored.attachments {
                                li { "Punkt " (attachment.item_number) ": " a href={ (base) "/bilag/" (attachment.sha256) } { (attachment.name) } }
                            }
                        }
                    }
                    @if editable {
                        form class="upload" method="post" enctype="multipart/form-data" action={ (base) "/bilag?csrf=" (csrf) } {
                            label for="bilag-punkt" { "Punkt" }
                            select id="bilag-punkt" name="punkt" {
                                @for item in &meeting.items { option value=(item.number) { (item.number) ": " (item.title) } }
                            }
                            label for="bilag-fil" { "Fil" }
                            input id="bilag-fil" type="file" name="fil" required;
                            button type="submit" { "Tilføj bilaget" }
                        }
                    }
                }
            }
            @if !authored.versions.is_empty() {
                section aria-labelledby="udgaver" {
                    h2 id="udgaver" { "Udgaver" }
                    (versions_list(authored))
                }
            }
            script src="/skriv.js" defer {}
        },
    )
}

fn minutes_fields(authored: &Authored, idx: usize, item: &Item) -> Markup {
    let key = |field: &str| format!("p{idx}-{field}");
    let day = authored.meeting.date;
    html! {
        div class="minutes" {
            label for=(key("fravaer")) { "Fraværende under punktet (grund i parentes)" }
            input id=(key("fravaer")) name=(key("fravaer")) list="personer" value=(absences_text(&item.absent));
            fieldset class="decisions" {
                legend { "Beslutninger" }
                @for (n, decision) in item.decisions.iter().map(Some).chain([None]).enumerate() {
                    @let dkey = |field: &str| format!("p{idx}-b{n}-{field}");
                    div class="decision" {
                        label for=(dkey("art")) { "Art" }
                        select id=(dkey("art")) name=(dkey("art")) {
                            @for kind in DecisionKind::ALL {
                                option value=(kind.as_str()) selected[decision.map(|d| d.kind) == Some(kind) || (decision.is_none() && kind == DecisionKind::Approved)] { (kind.danish()) }
                            }
                        }
                        label for=(dkey("tekst")) { @if decision.is_some() { "Beslutning" } @else { "Ny beslutning" } }
                        textarea id=(dkey("tekst")) name=(dkey("tekst")) rows="2" { (decision.map(|d| d.text.as_str()).unwrap_or("")) }
                        label for=(dkey("noter")) { "Afvigende mening, stemmer og forbehold (én pr. linje)" }
                        textarea id=(dkey("noter")) name=(dkey("noter")) rows="1" { (decision.map(|d| d.notes.join("\n")).unwrap_or_default()) }
                    }
                }
            }
            fieldset class="actions" {
                legend { "Opfølgning" }
                @for (n, action) in item.actions.iter().map(Some).chain([None]).enumerate() {
                    @let okey = |field: &str| format!("p{idx}-o{n}-{field}");
                    div class="action" {
                        label for=(okey("tekst")) { @if action.is_some() { "Opgave" } @else { "Ny opgave" } }
                        input id=(okey("tekst")) name=(okey("tekst")) value=(action.map(|a| a.text.as_str()).unwrap_or(""));
                        div class="row" {
                            div {
                                label for=(okey("ansvarlig")) { "Ansvarlig" }
                                input id=(okey("ansvarlig")) name=(okey("ansvarlig")) list="personer" value=(action.map(|a| names(&a.owners)).unwrap_or_default());
                            }
                            div {
                                label for=(okey("frist")) { "Frist (fx “senest i oktober”)" }
                                input id=(okey("frist")) name=(okey("frist")) class="due" data-day=(day.map(|d| d.to_string()).unwrap_or_default()) value=(action.and_then(|a| a.due.as_ref()).map(|d| d.text.as_str()).unwrap_or(""));
                                output for=(okey("frist")) id=(okey("dato")) class="due-date" { (due_shown(action.and_then(|a| a.due.as_ref()))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What a deadline's field shows beside it: the date it was read as.
fn due_shown(due: Option<&Due>) -> String {
    match due {
        None => String::new(),
        Some(Due { by: Some(by), .. }) => format!("= {}", render::date(*by)),
        Some(_) => "ingen dato læst; skriv fx “senest 1. oktober”".into(),
    }
}

fn versions_list(authored: &Authored) -> Markup {
    html! {
        ol class="versions" {
            @for version in &authored.versions {
                li {
                    "Udgave " (version.version) ", sendt " (when(version.submitted_at)) ". "
                    @if let Some(seal) = &version.seal {
                        "Forseglet " (version.sealed_at.map(when).unwrap_or_default()) ": " code class="seal" { (seal) }
                    } @else {
                        "Venter på: " (version.waiting_for().join(", "))
                    }
                    @if !version.approvals.is_empty() {
                        ul {
                            @for approval in &version.approvals {
                                li {
                                    (approval.email) " godkendte " (when(approval.at))
                                    @if let Some(reservation) = &approval.reservation {
                                        " med forbehold: “" (reservation) "”"
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `POST /skriv/{id}`: saves the form. From the script (`X-Requested-With: fetch`) the
/// answer is JSON with the new revision, the time plan and the deadlines as read; else
/// the page again.
pub(crate) async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let from_script = headers
        .get("x-requested-with")
        .is_some_and(|value| value == "fetch");
    let authored = load(&state, id.clone()).await?;
    let account = secretary_of(&viewer, &authored.series)?;
    let fields = Fields(fields.into_iter().collect());
    let revision: i64 = fields
        .get("revision")
        .and_then(|raw| raw.trim().parse().ok())
        .ok_or_else(|| AppError::BadRequest("formularen mangler sin udgave (revision)".into()))?;
    let actor = actor(&state, account, client);
    let today = state.today();
    let saved = blocking(&state, move |store| {
        let registry = registry_names(store)?;
        let (meeting, plan) = apply_form(&authored, &fields, &registry, today)?;
        let revision = store.save_authored(&id, revision, &meeting, &plan, &actor)?;
        let mut authored = store.authored(&id)?;
        authored.revision = revision;
        Ok(authored)
    })
    .await?;
    if from_script {
        return Ok(Json(saved_answer(&saved)).into_response());
    }
    let authored = saved;
    Ok(Redirect::to(&format!("{}#gemt", href(&authored.id))).into_response())
}

/// What the script learns from a save.
#[derive(Debug, serde::Serialize)]
struct Saved {
    revision: i64,
    /// The time plan, per item in order.
    times: Vec<String>,
    /// Each deadline field's date as read, by field name.
    dues: HashMap<String, String>,
    message: String,
}

fn saved_answer(authored: &Authored) -> Saved {
    let meeting = &authored.meeting;
    let mut dues = HashMap::new();
    for (idx, item) in meeting.items.iter().enumerate() {
        for (n, action) in item.actions.iter().enumerate() {
            dues.insert(format!("p{idx}-o{n}-dato"), due_shown(action.due.as_ref()));
        }
    }
    Saved {
        revision: authored.revision,
        times: meeting
            .items
            .iter()
            .map(|item| slot_text(meeting, &item.number))
            .collect(),
        dues,
        message: "Gemt".into(),
    }
}

/// The fields of a change of state.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct MoveForm {
    #[serde(default)]
    til: String,
}

/// `POST /skriv/{id}/tilstand`: moves the meeting on (or back), or publishes approved
/// minutes.
pub(crate) async fn move_to(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    Form(form): Form<MoveForm>,
) -> Result<Response, AppError> {
    let authored = load(&state, id.clone()).await?;
    let account = secretary_of(&viewer, &authored.series)?;
    let to = MeetingState::parse(&form.til).ok_or_else(|| {
        AppError::BadRequest(format!(
            "ukendt tilstand {:?}: brug {}",
            form.til,
            MeetingState::ALL.map(MeetingState::name).join(", ")
        ))
    })?;
    let actor = actor(&state, account, client);
    if to == MeetingState::Published {
        publish(&state, &authored, actor).await?;
    } else {
        blocking(&state, move |store| {
            Ok(store.move_authored(&id, to, &actor)?)
        })
        .await?;
    }
    Ok(Redirect::to(&href(&authored.id)).into_response())
}

/// Publishes the last sealed version: its PDF kept as the source, the meeting stored
/// through the import path, and the search index brought up to date.
async fn publish(state: &AppState, authored: &Authored, actor: Actor) -> Result<(), AppError> {
    if authored.state != MeetingState::Approved {
        return Err(AppError::BadRequest(format!(
            "kun godkendte referater kan offentliggøres; mødet er {}",
            authored.state.name()
        )));
    }
    let sealed = authored
        .versions
        .iter()
        .rev()
        .find(|version| version.seal.is_some())
        .ok_or_else(|| AppError::Internal("godkendt uden segl".into()))?;
    let pdf = render::render_meeting(&sealed.meeting, ::render::Format::Pdf)?;
    let name = format!("{}-udgave-{}.pdf", authored.id, sealed.version);
    let id = authored.id.clone();
    let index = std::sync::Arc::clone(&state.search);
    blocking(state, move |store| {
        let source = store.put_source(&pdf, &name)?;
        store.publish_authored(&id, &source.sha256, &name, &actor)?;
        catch_up_index(store, &index);
        Ok(())
    })
    .await
}

/// Brings the search index up to date with the store. Another process may hold the
/// index's writer (a `referat import` on the same data folder); then the next process to
/// write it, or `referat serve`'s follower on PostgreSQL, catches up instead.
fn catch_up_index(store: &dyn Store, index: &search::SearchIndex) {
    let run = || -> Result<(), AppError> {
        let seq = store.change_seq()?;
        let since = index.indexed_seq()?;
        if seq <= since {
            return Ok(());
        }
        let mut writer = index.writer()?;
        for id in store.meetings_changed_since(since)? {
            match store.meeting(&id) {
                Ok(meeting) => writer.put_meeting(&meeting)?,
                Err(err) if err.is_not_found() => writer.remove_meeting(&id),
                Err(err) => return Err(err.into()),
            }
        }
        writer.commit(seq)?;
        index.reload()?;
        Ok(())
    };
    // Publishing is done when the store has it: a failure here only delays search.
    let _ = run();
}

/// `GET /skriv/{id}/{file}`: the agenda as PDF or Word, the meeting as an iCal event, or
/// the minutes as PDF.
pub(crate) async fn download(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let authored = load(&state, id).await?;
    // A released agenda goes to the participants: every account of the organisation may
    // fetch it; the draft and the minutes being written are the sekretær's.
    let released = !matches!(
        authored.state,
        MeetingState::Draft | MeetingState::Cancelled
    );
    let may_read = released
        && file.starts_with("dagsorden.")
        && viewer.sees_internal_of(&authored.series.organisation)
        && !viewer.is_public();
    if !may_read {
        secretary_of(&viewer, &authored.series)?;
    }
    let mut agenda = authored.meeting.clone();
    agenda.kind = DocumentKind::Agenda;
    for item in &mut agenda.items {
        item.decisions.clear();
        item.actions.clear();
        item.absent.clear();
    }
    let (bytes, content_type) = match file.as_str() {
        "dagsorden.pdf" => (
            render::render_meeting(&agenda, ::render::Format::Pdf)?,
            "application/pdf",
        ),
        "dagsorden.docx" => (
            render::render_meeting(&agenda, ::render::Format::Docx)?,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "referat.pdf" => (
            render::render_meeting(&authored.meeting, ::render::Format::Pdf)?,
            "application/pdf",
        ),
        "dagsorden.ics" => (
            crate::feeds::meeting_calendar(&agenda, state.origin(), state.today()).into_bytes(),
            "text/calendar; charset=utf-8",
        ),
        _ => return Err(AppError::NotFound(format!("filen {file}"))),
    };
    let disposition = format!("attachment; filename=\"{}-{file}\"", authored.id);
    let mut response = ([(header::CONTENT_TYPE, content_type)], bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `POST /skriv/{id}/bilag`: an attachment uploaded to an item (multipart, the CSRF token
/// in the address), kept content-addressed like an original file.
pub(crate) async fn upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let authored = load(&state, id.clone()).await?;
    let account = secretary_of(&viewer, &authored.series)?;
    let mut multipart = multipart.map_err(|_| {
        AppError::BadRequest("bilaget skal sendes som en fil fra formularen".into())
    })?;
    let mut item_number = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|err| AppError::BadRequest(format!("bilaget kunne ikke læses: {err}")))?
    {
        match field.name() {
            Some("punkt") => {
                item_number = Some(field.text().await.map_err(|err| {
                    AppError::BadRequest(format!("punktet kunne ikke læses: {err}"))
                })?);
            }
            Some("fil") => {
                let name = field
                    .file_name()
                    .map(render::file_name)
                    .unwrap_or("bilag")
                    .trim()
                    .to_owned();
                let bytes = field.bytes().await.map_err(|err| {
                    AppError::BadRequest(format!("bilaget kunne ikke læses: {err}"))
                })?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let (name, bytes) = file
        .filter(|(_, bytes)| !bytes.is_empty())
        .ok_or_else(|| AppError::BadRequest("vælg en fil at vedhæfte".into()))?;
    if name.chars().count() > MAX_LINE_CHARS {
        return Err(AppError::BadRequest("filnavnet er for langt".into()));
    }
    let item_number = item_number.unwrap_or_default();
    let Some(idx) = authored
        .meeting
        .items
        .iter()
        .position(|item| item.number == item_number.trim())
    else {
        return Err(AppError::BadRequest(format!(
            "mødet har intet punkt {item_number:?}"
        )));
    };
    let actor = actor(&state, account, client);
    blocking(&state, move |store| {
        let source = store.put_source(&bytes, &name)?;
        let mut meeting = authored.meeting.clone();
        let item = &mut meeting.items[idx];
        if !item.attachments.contains(&name) {
            item.attachments.push(name.clone());
        }
        let number = item.number.clone();
        store.save_authored(&id, authored.revision, &meeting, &authored.plan, &actor)?;
        store.add_attachment(&id, &number, &name, &source.sha256, &actor)?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to(&format!("{}#bilag-overskrift", href(&authored.id))).into_response())
}

/// `GET /skriv/{id}/bilag/{sha256}`.
pub(crate) async fn attachment(
    State(state): State<AppState>,
    Path((id, sha256)): Path<(String, String)>,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let authored = load(&state, id).await?;
    secretary_of(&viewer, &authored.series)?;
    let found = authored
        .attachments
        .iter()
        .find(|attachment| attachment.sha256 == sha256)
        .cloned()
        .ok_or_else(|| AppError::NotFound(format!("bilaget {sha256}")))?;
    // The name as uploaded, percent-encoded (RFC 6266), so any letter survives.
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        render::path_segment(&found.name)
    );
    let bytes = blocking(&state, move |store| Ok(store.source_bytes(&found.sha256)?)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

// ------------------------------------------------------------------------- approval

/// `GET /skriv/{id}/godkend`: the version waiting for signatures (or the last one), its
/// exact text and hash, what changed since the version before, who signed, and for a
/// signer who has not, the form to approve.
pub(crate) async fn approval(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
) -> Result<Html<String>, AppError> {
    let authored = load(&state, id).await?;
    let account = account(&viewer)?;
    let signer = authored
        .latest()
        .is_some_and(|version| version.signers.contains(&account.email));
    if !signer {
        secretary_of(&viewer, &authored.series)?;
    }
    let Some(version) = authored.latest() else {
        return Err(AppError::NotFound("et referat til godkendelse".into()));
    };
    let text = minutes_text(&version.meeting)?;
    let before = match authored.versions.len() {
        n if n >= 2 => Some(minutes_text(&authored.versions[n - 2].meeting)?),
        _ => None,
    };
    let hash = model::seal::content_hash(&version.meeting);
    let may_sign = authored.state == MeetingState::ForApproval
        && version.waiting_for().contains(&account.email.as_str());
    let base = href(&authored.id);
    let csrf = csrf();
    let meeting = &authored.meeting;
    Ok(page(
        &format!("Godkend referatet: {}", meeting.body),
        html! {
            h1 { "Godkend referatet" }
            p { (meeting.body) " " (render::maybe_date(meeting.date)) ", udgave " (version.version) ". Tilstand: " strong { (state_label(authored.state)) } }
            dl class="facts" {
                dt { "Indholdets hash" } dd { code class="seal" { (hash) } }
                dt { "Underskrives af" } dd { (version.signers.join(", ")) }
                dt { "Mangler" } dd { @if version.waiting_for().is_empty() { "ingen" } @else { (version.waiting_for().join(", ")) } }
            }
            @if let Some(before) = &before {
                section aria-labelledby="rettelser" {
                    h2 id="rettelser" { "Rettelser siden udgave " (version.version - 1) }
                    (diff_markup(before, &text))
                }
            }
            section aria-labelledby="teksten" {
                h2 id="teksten" { "Referatet, som det underskrives" }
                pre class="minutes-text" tabindex="0" { (text) }
            }
            @if may_sign {
                form class="approve" method="post" action={ (base) "/godkend" } {
                    input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                    input type="hidden" name="udgave" value=(version.version);
                    input type="hidden" name="hash" value=(hash);
                    label for="forbehold" { "Forbehold (kun når du godkender med forbehold)" }
                    textarea id="forbehold" name="forbehold" rows="3" {}
                    button type="submit" name="valg" value="godkend" class="primary" { "Godkend" }
                    button type="submit" name="valg" value="forbehold" { "Godkend med forbehold" }
                }
            }
            (versions_list(&authored))
            p { a href=(base) { "Til mødet" } }
        },
    ))
}

/// The text of a version as it is signed: the minutes in the house layout as Markdown.
fn minutes_text(meeting: &Meeting) -> Result<String, AppError> {
    let bytes = render::render_meeting(meeting, ::render::Format::Markdown)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The lines of `after` against `before`: kept, removed and added, by the longest common
/// subsequence of lines.
pub(crate) fn line_diff<'a>(before: &'a str, after: &'a str) -> Vec<(char, &'a str)> {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let mut lengths = vec![vec![0u32; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lengths[i][j] = if old[i] == new[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            out.push((' ', old[i]));
            i += 1;
            j += 1;
        } else if j < new.len() && (i == old.len() || lengths[i][j + 1] >= lengths[i + 1][j]) {
            out.push(('+', new[j]));
            j += 1;
        } else {
            out.push(('-', old[i]));
            i += 1;
        }
    }
    out
}

fn diff_markup(before: &str, after: &str) -> Markup {
    let lines = line_diff(before, after);
    let changed: Vec<&(char, &str)> = lines
        .iter()
        .filter(|(mark, line)| *mark != ' ' && !line.trim().is_empty())
        .collect();
    html! {
        @if changed.is_empty() {
            p { "Ingen ændringer i teksten." }
        } @else {
            ul class="diff" {
                @for (mark, line) in changed {
                    @if *mark == '+' {
                        li class="added" { ins { span class="visually-hidden" { "Tilføjet: " } (line) } }
                    } @else {
                        li class="removed" { del { span class="visually-hidden" { "Fjernet: " } (line) } }
                    }
                }
            }
        }
    }
}

/// The fields of a signature.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct ApproveForm {
    #[serde(default)]
    udgave: String,
    #[serde(default)]
    hash: String,
    #[serde(default)]
    forbehold: String,
    #[serde(default)]
    valg: String,
}

/// `POST /skriv/{id}/godkend`.
pub(crate) async fn approve(
    State(state): State<AppState>,
    Path(id): Path<String>,
    viewer: Viewer,
    client: Option<Extension<ClientAddr>>,
    Form(form): Form<ApproveForm>,
) -> Result<Response, AppError> {
    let account = account(&viewer)?;
    let authored = load(&state, id.clone()).await?;
    let signer = authored
        .latest()
        .is_some_and(|version| version.signers.contains(&account.email));
    if !signer {
        secretary_of(&viewer, &authored.series)?;
    }
    let version: u32 = form
        .udgave
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("formularen mangler udgaven".into()))?;
    let reservation = match form.valg.as_str() {
        "godkend" => None,
        "forbehold" => {
            let text = form.forbehold.trim().to_owned();
            if text.is_empty() {
                return Err(AppError::BadRequest(
                    "skriv dit forbehold, eller godkend uden forbehold".into(),
                ));
            }
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(AppError::BadRequest("forbeholdet er for langt".into()));
            }
            Some(text)
        }
        _ => {
            return Err(AppError::BadRequest(
                "vælg Godkend eller Godkend med forbehold".into(),
            ));
        }
    };
    let actor = actor(&state, account, client);
    let hash = form.hash;
    blocking(&state, move |store| {
        Ok(store.approve(&id, version, &hash, reservation.as_deref(), &actor)?)
    })
    .await?;
    Ok(Redirect::to(&format!("{}/godkend", href(&authored.id))).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_diff_keeps_removes_and_adds() {
        let diff = line_diff("a\nb\nc", "a\nc\nd");
        assert_eq!(diff, [(' ', "a"), ('-', "b"), (' ', "c"), ('+', "d")]);
    }

    #[test]
    fn the_time_plan_follows_the_durations() {
        let mut meeting = Meeting {
            start: Some(jiff::civil::time(11, 30, 0, 0)),
            items: vec![Item::default(), Item::default()],
            ..Meeting::default()
        };
        let plan = [
            Planned {
                minutes: 25,
                standing: false,
            },
            Planned {
                minutes: 40,
                standing: false,
            },
        ];
        plan_times(&mut meeting, &plan, vec![Vec::new(), Vec::new()]);
        assert_eq!(slot_text(&meeting, "1"), "kl. 11.30–11.55");
        assert_eq!(slot_text(&meeting, "2"), "kl. 11.55–12.35");
        assert_eq!(meeting.end, Some(jiff::civil::time(12, 35, 0, 0)));
    }

    #[test]
    fn deadlines_are_read_with_the_extractors_grammar() {
        let day: Date = "2025-07-01".parse().unwrap();
        let due = due_of("senest i oktober", day).unwrap();
        assert_eq!(due.text, "senest i oktober");
        assert_eq!(due.by, Some("2025-10-31".parse().unwrap()));
        let unread = due_of("når det passer", day).unwrap();
        assert_eq!(unread.by, None);
        assert_eq!(due_of("  ", day), None);
    }

    #[test]
    fn people_are_named_as_the_registry_names_them() {
        let registry = vec!["Heidi Have".to_owned()];
        let people = people_in("heidi have, Ny Person", &registry);
        assert_eq!(people[0].name, "Heidi Have");
        assert_eq!(people[0].as_written, "heidi have");
        assert_eq!(people[1].name, "Ny Person");
        let absent = absences_in("Tom Vang (inhabil), Ida", &registry);
        assert_eq!(absent[0].reason.as_deref(), Some("inhabil"));
        assert_eq!(absent[1].person.name, "Ida");
    }
}
