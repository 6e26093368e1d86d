//! The page frame and the small formatting helpers every page shares: Danish dates and
//! times, links to people, meetings and items, decision kinds in Danish. Pages are built with
//! maud, which escapes every interpolated value; nothing here writes raw HTML from data.

use crate::AppError;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use model::{Date, Due, Person, Time};

/// The stylesheet, embedded in the binary.
const STYLE: &str = include_str!("style.css");

/// `GET /style.css`.
pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// A whole page: frame, navigation and `main`.
pub(crate) fn page(title: &str, main: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="da" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " – referat" }
                    link rel="stylesheet" href="/style.css";
                    link rel="alternate" type="application/atom+xml" title="Nye møder" href="/feeds/moeder.atom";
                }
                body {
                    a class="skip" href="#indhold" { "Spring til indhold" }
                    header class="site" {
                        a class="brand" href="/" { "referat" }
                        nav aria-label="Hovedmenu" {
                            ul {
                                li { a href="/moeder" { "Møder" } }
                                li { a href="/opfoelgning" { "Opfølgning" } }
                                li { a href="/personer" { "Personer" } }
                                li { a href="/soeg" { "Søg" } }
                            }
                        }
                        form class="quick" method="get" action="/soeg" role="search" {
                            label for="hurtigsoeg" class="visually-hidden" { "Søg i referater" }
                            input id="hurtigsoeg" type="search" name="q" placeholder="Søg i referater";
                            button type="submit" { "Søg" }
                        }
                        (account_box())
                    }
                    main id="indhold" { (main) }
                    footer class="site" {
                        p {
                            "Data: " a href="/api/v1/openapi.json" { "JSON-API" } " · "
                            a href="/api/v1/oparl/system" { "OParl" } " · "
                            a href="/feeds/moeder.atom" { "Atom" } " · "
                            a href="/kalender/moeder.ics" { "Kalender" }
                        }
                    }
                }
            }
        }
        .into_string(),
    )
}

/// The header's account box: "Log ind", or the account with its role and "Log ud" (a form,
/// since signing out changes something).
fn account_box() -> Markup {
    match crate::auth::header_account() {
        None => html! {
            p class="account" { a href="/log-ind" { "Log ind" } }
        },
        Some(account) => html! {
            div class="account" {
                span class="who" { (account.email) " (" (account.role.name()) ")" }
                " " a href="/mine-soegninger" { "Mine søgninger" }
                // Writing meetings (issue 14): the sekretær's own pages, and for everybody
                // else the agendas released to them and the minutes they are to sign.
                @if account.role == crate::access::Role::Secretary {
                    " " a href="/skriv" { "Skriv møder" }
                } @else {
                    " " a href="/skriv" { "Underskrifter" }
                }
                @if account.role == crate::access::Role::Administrator {
                    " " a href="/revision" { "Revision" }
                    " " a href="/admin/post" { "Udbakke" }
                }
                @if let Some(csrf) = &account.csrf {
                    form method="post" action="/log-ud" {
                        input type="hidden" name=(crate::auth::CSRF_FIELD) value=(csrf);
                        button type="submit" { "Log ud" }
                    }
                }
            }
        },
    }
}

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];

/// "1. juli 2025".
pub(crate) fn date(date: Date) -> String {
    let month = MONTHS[usize::from(date.month().unsigned_abs()) - 1];
    format!("{}. {month} {}", date.day(), date.year())
}

/// "Juli 2025", a heading over the month's meetings.
pub(crate) fn month_heading(date: Date) -> String {
    let month = MONTHS[usize::from(date.month().unsigned_abs()) - 1];
    let mut chars = month.chars();
    let first = chars
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    format!("{first}{} {}", chars.as_str(), date.year())
}

/// What an original is, for the link that downloads it: "Hent originalen: PDF-dokument".
/// FirstAgenda's originals are the data its API gave, not a document (issue 20).
pub(crate) fn format_name(format: model::Format) -> &'static str {
    match format {
        model::Format::Pdf => "PDF-dokument",
        model::Format::Docx => "Word-dokument",
        model::Format::Html => "webside (HTML)",
        model::Format::Markdown => "Markdown-tekst",
        model::Format::Text => "tekstfil",
        model::Format::Firstagenda => "data fra FirstAgenda (JSON)",
    }
}

/// A file's size as people read it: "812 byte", "34 kB", "2,5 MB" (Danish decimal comma).
pub(crate) fn file_size(bytes: u64) -> String {
    const KB: u64 = 1000;
    match bytes {
        0..KB => format!("{bytes} byte"),
        KB..1_000_000 => format!("{} kB", bytes.div_ceil(KB)),
        _ => {
            let tenths = bytes.div_ceil(100_000);
            format!("{},{} MB", tenths / 10, tenths % 10)
        }
    }
}

/// "tirsdag 1. juli 2025".
pub(crate) fn long_date(day: Date) -> String {
    let weekday = WEEKDAYS[usize::from(day.weekday().to_monday_zero_offset().unsigned_abs())];
    format!("{weekday} {}", date(day))
}

/// "1. juli 2025", or "uden dato".
pub(crate) fn maybe_date(day: Option<Date>) -> String {
    day.map_or_else(|| "uden dato".to_owned(), date)
}

/// A number the Danish way, thousands separated by dots: 12.345.
pub(crate) fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (idx, ch) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// "11.30", the Danish way of writing a time.
pub(crate) fn time(time: Time) -> String {
    format!("{:02}.{:02}", time.hour(), time.minute())
}

/// "kl. 11.30–13.00", "kl. 11.30" or "".
pub(crate) fn time_range(start: Option<Time>, end: Option<Time>) -> String {
    match (start, end) {
        (Some(start), Some(end)) => format!("kl. {}–{}", time(start), time(end)),
        (Some(start), None) => format!("kl. {}", time(start)),
        _ => String::new(),
    }
}

/// Path of a meeting page.
pub(crate) fn meeting_href(id: &str) -> String {
    format!("/moeder/{}", path_segment(id))
}

/// Path of an item page: the item by its address in the meeting, the number the minutes
/// print (`model::item_keys`).
pub(crate) fn item_href(meeting_id: &str, item: &str) -> String {
    format!(
        "/punkter/{}/{}",
        path_segment(meeting_id),
        path_segment(item)
    )
}

/// Whether `item` can be an item's address (`model::item_keys`: letters, digits, `.`,
/// `-`, `_`); an address that cannot is a bad request, not an item that is missing.
pub(crate) fn check_item(item: &str) -> Result<(), AppError> {
    let fits = !item.is_empty()
        && item.chars().count() <= 32
        && item
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if fits {
        Ok(())
    } else {
        Err(AppError::BadRequest(
            "et punkt angives med sit nummer i referatet, fx 3".into(),
        ))
    }
}

/// Path of a person page.
pub(crate) fn person_href(name: &str) -> String {
    format!("/personer/{}", path_segment(name))
}

/// Percent-encodes everything but unreserved characters, for one path segment or query value.
pub fn path_segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// People as links to their pages, comma-separated; the written form in a tooltip when it
/// differs from the canonical name.
/// The file name of a source as imported, without the folders it was imported from
/// (`/home/x/referater/2024-11-05.pdf` → `2024-11-05.pdf`): no answer shows a server path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or_default()
}

/// `summary` with its source's file name only.
pub(crate) fn without_folders(mut summary: store::MeetingSummary) -> store::MeetingSummary {
    summary.source_name = file_name(&summary.source_name).to_owned();
    summary
}

pub(crate) fn people(people: &[Person]) -> Markup {
    html! {
        @for (idx, person) in people.iter().enumerate() {
            @if idx > 0 { ", " }
            a href=(person_href(&person.name)) {
                (person.name)
            }
            @if person.as_written != person.name {
                span class="written" { " (skrevet “" (person.as_written) "”)" }
            }
        }
    }
}

/// A due expression: the normalised date first, the words as written after.
pub(crate) fn due(due: Option<&Due>) -> Markup {
    html! {
        @match due {
            None => span class="muted" { "ingen" },
            Some(due) => {
                @if let Some(by) = due.by {
                    time datetime=(by.to_string()) { (date(by)) }
                    " "
                }
                span class="written" { "(“" (due.text) "”)" }
            }
        }
    }
}

/// Whether an open action with this due date is overdue on `today`.
pub(crate) fn is_overdue(due: Option<&Due>, today: Date) -> bool {
    due.and_then(|due| due.by).is_some_and(|by| by < today)
}

/// A meeting in the house layout (crate `render`, built-in templates) as `format`.
pub(crate) fn render_meeting(
    meeting: &model::Meeting,
    format: ::render::Format,
) -> Result<Vec<u8>, AppError> {
    ::render::render(meeting, format, &::render::Templates::builtin())
        .map_err(|err| AppError::Internal(format!("mødet kunne ikke skrives: {err}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_have_danish_thousands_separators() {
        assert_eq!(super::count(7), "7");
        assert_eq!(super::count(1_000), "1.000");
        assert_eq!(super::count(556_800), "556.800");
        assert_eq!(super::count(1_234_567), "1.234.567");
    }

    #[test]
    fn file_sizes_in_danish() {
        assert_eq!(super::file_size(812), "812 byte");
        assert_eq!(super::file_size(33_401), "34 kB");
        assert_eq!(super::file_size(2_450_000), "2,5 MB");
    }
}
