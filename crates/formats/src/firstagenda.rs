//! The JSON of the FirstAgenda Publication API (`/api/agenda/dagsorden/{id}`, as in
//! `shared/corpus/greve-api/`) mapped straight onto the model: committee → `body`, meeting
//! time → `date`/`start`/`end` in Europe/Copenhagen, place → `location`, participants with
//! their cancellation flags → `participants`/`absent`, items with number, title, case number
//! and per-item absentees (`Item.absent`, reason kept), the numbered names of the `Bilag`
//! list → `Item.attachments` (`Bilag 1. Kort` → `Bilag 1`, `Bilag 1a-kortbilag` → `Bilag
//! 1a`; unnumbered files are left out), and each item's HTML → `Item.text` plus its
//! `Beslutning` section as a [`Text`] for `extract::extract_item`.
//!
//! The fields read (all others are ignored; any of these may be null):
//!
//! ```text
//! { "Udvalg": { "Navn" },
//!   "Moede": { "MeetingBeginUtc", "MeetingEndUtc", "Dato", "Sted", "Afsluttet",
//!              "Moededeltagere": [ { "Name", "Absent", "ParticipationCancelled" } ] },
//!   "Dagsordenpunkter": [ { "Number" | "Punktnummer", "Caption" | "Navn",
//!                           "CaseNumber" | "SagsNummer", "Felter": [ { "Html" } ],
//!                           "Bilag": [ { "Navn" } ],
//!                           "ExternalAgendaItemAttendees": [ { "Name", "Reason" } ] } ] }
//! ```
//!
//! `Moede` and `Dagsordenpunkter` are required; without them the JSON is not FirstAgenda.
//! This module does not find decisions in the text; that is `extract`'s job.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use model::{Absence, DocumentKind, Format, Item, Line, LineKind, Meeting, Person, Source, Text};
use serde::Deserialize;

use crate::{Error, Structured, html};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Agenda {
    dagsordenpunkter: Vec<AgendaItem>,
    #[serde(default)]
    udvalg: Option<Committee>,
    moede: AgendaMeeting,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct Committee {
    navn: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct AgendaMeeting {
    meeting_begin_utc: Option<String>,
    meeting_end_utc: Option<String>,
    dato: Option<String>,
    sted: Option<String>,
    afsluttet: Option<bool>,
    moededeltagere: Option<Vec<Participant>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct Participant {
    name: Option<String>,
    absent: Option<bool>,
    participation_cancelled: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct AgendaItem {
    number: Option<String>,
    punktnummer: Option<String>,
    caption: Option<String>,
    navn: Option<String>,
    case_number: Option<String>,
    sags_nummer: Option<String>,
    felter: Option<Vec<ItemField>>,
    bilag: Option<Vec<AttachmentFile>>,
    external_agenda_item_attendees: Option<Vec<Attendee>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct ItemField {
    html: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct AttachmentFile {
    navn: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
struct Attendee {
    name: Option<String>,
    reason: Option<String>,
}

/// Reads one meeting of FirstAgenda Publication API JSON.
pub(crate) fn read(json: &str) -> Result<Structured, Error> {
    let agenda: Agenda = serde_json::from_str(json).map_err(json_error)?;
    Ok(map(agenda))
}

fn json_error(err: serde_json::Error) -> Error {
    use serde_json::error::Category;
    let (line, column) = (err.line(), err.column());
    let message = err.to_string();
    let message = message
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&message);
    let message = danish_json_message(message);
    match err.classify() {
        Category::Data => Error::NotFirstAgenda(message),
        Category::Syntax | Category::Eof | Category::Io => Error::Json {
            line,
            column,
            message,
        },
    }
}

/// serde_json's message in Danish: its common forms are translated, the names of fields
/// and values kept as they are; anything else is said in general terms.
fn danish_json_message(message: &str) -> String {
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("feltet {field} mangler");
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return format!("feltet {field} står to gange");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => {
                format!("forkert type: {found}, hvor der skulle stå {expected}")
            }
            None => format!("forkert type: {rest}"),
        };
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return match rest.split_once(", expected ") {
            Some((found, expected)) => {
                format!("ugyldig værdi: {found}, hvor der skulle stå {expected}")
            }
            None => format!("ugyldig værdi: {rest}"),
        };
    }
    if message.starts_with("EOF while parsing") {
        return "filen slutter midt i JSON-teksten".to_owned();
    }
    if message.starts_with("trailing comma") {
        return "et komma for meget før en lukkende parentes".to_owned();
    }
    if message.starts_with("trailing characters") {
        return "der står mere efter JSON-teksten".to_owned();
    }
    if let Some(what) = message.strip_prefix("expected ") {
        return format!("her skulle stå {what}");
    }
    if message.starts_with("key must be a string") {
        return "en nøgle skal være en tekst i anførselstegn".to_owned();
    }
    if message.contains("control character") || message.contains("escape") {
        return "ugyldigt tegn i en tekst".to_owned();
    }
    if message.contains("recursion limit") {
        return "JSON-teksten er indlejret for dybt".to_owned();
    }
    "JSON-teksten kan ikke læses".to_owned()
}

fn map(agenda: Agenda) -> Structured {
    let body = agenda
        .udvalg
        .and_then(|committee| committee.navn)
        .map(|name| name.trim().to_owned())
        .unwrap_or_default();
    let moede = agenda.moede;
    // `MeetingBeginUtc` carries an offset in practice ("2022-01-10T08:00:00+01:00"); `Dato`
    // is the same instant. Either is converted to local time in Copenhagen.
    let begin = moede
        .meeting_begin_utc
        .as_deref()
        .and_then(|raw| local_time(raw, true))
        .or_else(|| moede.dato.as_deref().and_then(|raw| local_time(raw, false)));
    let end = moede
        .meeting_end_utc
        .as_deref()
        .and_then(|raw| local_time(raw, true));
    let date = begin.map(|begin| begin.date());

    let mut participants = Vec::new();
    let mut absent = Vec::new();
    for participant in moede.moededeltagere.unwrap_or_default() {
        let Some(name) = participant.name.as_deref().map(str::trim) else {
            continue;
        };
        // `Conni Holm (Stedfortræder for Torben Vang)`: the note in brackets is a relation,
        // not part of the name.
        let name = match name.split_once(" (") {
            Some((name, note)) if note.ends_with(')') => name.trim(),
            _ => name,
        };
        if name.is_empty() {
            continue;
        }
        // The same person listed twice (with and without the note) is one participant.
        if participants
            .iter()
            .chain(&absent)
            .any(|p: &Person| p.name == name)
        {
            continue;
        }
        let person = Person::written(name, None);
        if participant.absent == Some(true) || participant.participation_cancelled == Some(true) {
            absent.push(person);
        } else {
            participants.push(person);
        }
    }

    let mut items = Vec::new();
    let mut item_texts = Vec::new();
    for (item_idx, agenda_item) in agenda.dagsordenpunkter.into_iter().enumerate() {
        let (item, decision) = map_item(agenda_item);
        if let Some(decision) = decision {
            item_texts.push((item_idx, decision));
        }
        items.push(item);
    }

    // An agenda has no decisions yet: the meeting is not closed, or no item has a
    // `Beslutning` section.
    let kind = if moede.afsluttet == Some(false) || item_texts.is_empty() {
        DocumentKind::Agenda
    } else {
        DocumentKind::Minutes
    };
    let body_slug = slug(&body);
    let id = match date {
        Some(date) if body_slug.is_empty() => date.to_string(),
        Some(date) => format!("{body_slug}-{date}"),
        None => body_slug,
    };
    let meeting = Meeting {
        id,
        body,
        date,
        start: begin.map(|begin| begin.time()),
        end: end.map(|end| end.time()),
        location: moede
            .sted
            .map(|place| place.trim().to_owned())
            .filter(|place| !place.is_empty()),
        participants,
        absent,
        items,
        source: Source {
            format: Format::Firstagenda,
            ..Source::default()
        },
        kind,
        ..Meeting::default()
    };
    Structured {
        meeting,
        item_texts,
    }
}

fn map_item(agenda_item: AgendaItem) -> (Item, Option<Text>) {
    let non_empty = |value: Option<String>| {
        value
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let number = non_empty(agenda_item.number)
        .or(non_empty(agenda_item.punktnummer))
        .unwrap_or_default();
    let title = non_empty(agenda_item.caption)
        .or(non_empty(agenda_item.navn))
        .map(|title| html::collapse(&title))
        .unwrap_or_default();
    let case_number = non_empty(agenda_item.case_number).or(non_empty(agenda_item.sags_nummer));

    let mut all: Vec<String> = Vec::new();
    let mut decision: Option<Vec<String>> = None;
    for field in agenda_item.felter.unwrap_or_default() {
        let Some(field_html) = field.html else {
            continue;
        };
        let sections = html::sections(&field_html);
        if !all.is_empty() && !sections.all.is_empty() {
            all.push(String::new());
        }
        all.extend(sections.all);
        if decision.is_none() {
            decision = sections.decision.filter(|lines| !lines.is_empty());
        }
    }

    let absent = agenda_item
        .external_agenda_item_attendees
        .unwrap_or_default()
        .into_iter()
        .filter_map(|attendee| {
            let name = non_empty(attendee.name)?;
            Some(Absence {
                person: Person::written(&name, None),
                reason: non_empty(attendee.reason),
            })
        })
        .collect();

    let mut attachments: Vec<String> = Vec::new();
    for file in agenda_item.bilag.unwrap_or_default() {
        if let Some(label) = file.navn.as_deref().and_then(attachment_label)
            && !attachments.contains(&label)
        {
            attachments.push(label);
        }
    }

    let item = Item {
        number,
        title,
        text: all.join("\n"),
        case_number,
        absent,
        attachments,
        ..Item::default()
    };
    (item, decision.map(lines_to_text))
}

/// The label of an attachment file named with its number: `Bilag 1. Kort`, `Bilag 3- Notat`,
/// `Bilag 4.Greve …`, `Bilag 1 BO2 …` → `Bilag N`; a letter right after the number is part
/// of it (`Bilag 1a-kortbilag` → `Bilag 1a`), as is a second number (`Bilag 2.1 Rids` →
/// `Bilag 2.1`). None for a file without a number (`Bilag - Årsberetning`, `Notat om …`).
fn attachment_label(name: &str) -> Option<String> {
    let name = name.trim_start();
    let head = name.get(..5)?;
    if !head.eq_ignore_ascii_case("bilag") {
        return None;
    }
    let rest = name[5..].trim_start();
    let bytes = rest.as_bytes();
    let digits = |from: usize| {
        bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut end = digits(0);
    if !(1..=3).contains(&end) {
        return None;
    }
    let alphanumeric_at = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphanumeric);
    if bytes.get(end) == Some(&b'.') {
        let sub = digits(end + 1);
        if (1..=2).contains(&sub) && !alphanumeric_at(end + 1 + sub) {
            end += 1 + sub;
        }
    } else if bytes.get(end).is_some_and(u8::is_ascii_alphabetic) && !alphanumeric_at(end + 1) {
        end += 1;
    }
    // `Bilag 12ab` or `Bilag 3Kort` is no number the scheme knows.
    if alphanumeric_at(end) || rest[end..].starts_with(char::is_alphabetic) {
        return None;
    }
    Some(format!("Bilag {}", &rest[..end]))
}

fn lines_to_text(lines: Vec<String>) -> Text {
    Text {
        lines: lines
            .into_iter()
            .enumerate()
            .map(|(idx, text)| Line {
                text,
                page: 1,
                number: u32::try_from(idx + 1).unwrap_or(u32::MAX),
                kind: LineKind::Unknown,
            })
            .collect(),
        format: Format::Firstagenda,
        warnings: Vec::new(),
    }
}

/// The local date and time in Copenhagen of an API timestamp. With an offset or `Z` it is an
/// instant; without one it is taken as UTC when `naive_is_utc` (the `…Utc` fields), else as
/// local time already.
fn local_time(raw: &str, naive_is_utc: bool) -> Option<DateTime> {
    let copenhagen = TimeZone::get("Europe/Copenhagen").ok()?;
    let raw = raw.trim();
    if let Ok(timestamp) = raw.parse::<jiff::Timestamp>() {
        return Some(timestamp.to_zoned(copenhagen).datetime());
    }
    let naive = raw.parse::<DateTime>().ok()?;
    if naive_is_utc {
        let utc = naive.to_zoned(TimeZone::UTC).ok()?;
        Some(utc.with_time_zone(copenhagen).datetime())
    } else {
        Some(naive)
    }
}

/// The id slug of a body: lowercase ASCII, æ → ae, ø → oe, å → aa, every other run of
/// non-alphanumerics → one `-`. "Byråd 2022-2025" → "byraad-2022-2025".
pub(crate) fn slug(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut dash = false;
    for c in body.chars().flat_map(char::to_lowercase) {
        let replacement = match c {
            'æ' | 'ä' => Some("ae"),
            'ø' | 'ö' => Some("oe"),
            'å' => Some("aa"),
            'ü' => Some("ue"),
            'é' | 'è' | 'ê' => Some("e"),
            _ => None,
        };
        if let Some(replacement) = replacement {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push_str(replacement);
        } else if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Byråd 2022-2025"), "byraad-2022-2025");
        assert_eq!(
            slug(".Spørgsmål / Svar til Byrådet 2022-2025"),
            "spoergsmaal-svar-til-byraadet-2022-2025"
        );
        assert_eq!(
            slug("Beskæftigelses- og Erhvervsudvalget"),
            "beskaeftigelses-og-erhvervsudvalget"
        );
    }

    #[test]
    fn attachment_labels() {
        let label = |name: &str| attachment_label(name);
        assert_eq!(
            label("Bilag 1. Brev til kommuner").as_deref(),
            Some("Bilag 1")
        );
        assert_eq!(label("Bilag 10 - Borgermøde").as_deref(), Some("Bilag 10"));
        assert_eq!(label("Bilag 3- TIF").as_deref(), Some("Bilag 3"));
        assert_eq!(label("Bilag 4.Greve Kommune").as_deref(), Some("Bilag 4"));
        assert_eq!(label("Bilag 1 BO2 Budget").as_deref(), Some("Bilag 1"));
        assert_eq!(label("Bilag 1a-kortbilag").as_deref(), Some("Bilag 1a"));
        assert_eq!(label("bilag 2b. Kort").as_deref(), Some("Bilag 2b"));
        assert_eq!(label("Bilag 2.1 Rids").as_deref(), Some("Bilag 2.1"));
        assert_eq!(label("Bilag 2, Kort").as_deref(), Some("Bilag 2"));
        assert_eq!(label("Bilag 4_Sammenligning").as_deref(), Some("Bilag 4"));
        assert_eq!(label("Bilag 7").as_deref(), Some("Bilag 7"));
        assert_eq!(label("Bilag - 3.1 - Brevskabelon"), None);
        assert_eq!(label("Bilag: Kvalitetsstandarder"), None);
        assert_eq!(label("Bilagsoversigt 2"), None);
        assert_eq!(label("Notat om legalitet"), None);
        assert_eq!(label("1. Udvikling i gæld"), None);
    }

    #[test]
    fn times_are_local() {
        let summer = local_time("2025-06-02T06:00:00Z", true).unwrap();
        assert_eq!(summer.to_string(), "2025-06-02T08:00:00");
        let winter = local_time("2022-01-10T08:00:00+01:00", true).unwrap();
        assert_eq!(winter.to_string(), "2022-01-10T08:00:00");
        let naive_utc = local_time("2022-01-10T07:00:00", true).unwrap();
        assert_eq!(naive_utc.to_string(), "2022-01-10T08:00:00");
        let naive_local = local_time("2022-01-10T08:00:00", false).unwrap();
        assert_eq!(naive_local.to_string(), "2022-01-10T08:00:00");
    }

    #[test]
    fn maps_a_meeting() {
        let structured = read(
            r#"{"Udvalg": {"Navn": "Byråd 2022-2025"},
                "Moede": {"MeetingBeginUtc": "2025-06-02T15:00:00Z", "MeetingEndUtc": null,
                          "Dato": "2025-06-02T17:00:00+02:00", "Sted": " Byrådssalen ",
                          "Afsluttet": true,
                          "Moededeltagere": [
                            {"Name": "Anne", "Absent": false, "ParticipationCancelled": false},
                            {"Name": "Bo", "Absent": false, "ParticipationCancelled": true},
                            {"Name": "Carl", "Absent": true, "ParticipationCancelled": false}]},
                "Dagsordenpunkter": [
                  {"Number": "1", "Caption": "Godkendelse af dagsorden", "CaseNumber": "",
                   "Felter": [{"Html": "<div><h3>Beslutning</h3><span>Godkendt.<br><br>Fraværende: Bo</span></div><h3>Fremstilling</h3><p>Tekst</p>"}],
                   "Bilag": [{"Navn": "Bilag 1. Dagsorden"}, {"Navn": "Notat"},
                             {"Navn": "Bilag 2a-kort"}, {"Navn": "Bilag 1. Dagsorden"}],
                   "ExternalAgendaItemAttendees": [{"Name": "Bo", "Reason": "Fraværende"}]},
                  {"Number": "2", "Caption": "Orientering", "CaseNumber": "25-000123",
                   "Felter": [{"Html": "<h3>Fremstilling</h3><p>Ingen beslutning endnu</p>"}]}]}"#,
        )
        .unwrap();
        let meeting = &structured.meeting;
        assert_eq!(meeting.id, "byraad-2022-2025-2025-06-02");
        assert_eq!(meeting.body, "Byråd 2022-2025");
        assert_eq!(meeting.date.unwrap().to_string(), "2025-06-02");
        assert_eq!(meeting.start.unwrap().to_string(), "17:00:00");
        assert_eq!(meeting.end, None);
        assert_eq!(meeting.location.as_deref(), Some("Byrådssalen"));
        let names = |people: &[Person]| people.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&meeting.participants), ["Anne"]);
        assert_eq!(names(&meeting.absent), ["Bo", "Carl"]);
        assert_eq!(meeting.kind, DocumentKind::Minutes);
        assert_eq!(meeting.source.format, Format::Firstagenda);
        let first = &meeting.items[0];
        assert_eq!(
            (first.number.as_str(), first.case_number.as_deref()),
            ("1", None)
        );
        assert_eq!(first.absent[0].person.name, "Bo");
        assert_eq!(first.attachments, ["Bilag 1", "Bilag 2a"]);
        assert_eq!(first.absent[0].reason.as_deref(), Some("Fraværende"));
        assert_eq!(
            first.text,
            "Beslutning\n\nGodkendt.\n\nFraværende: Bo\n\nFremstilling\n\nTekst"
        );
        assert_eq!(meeting.items[1].case_number.as_deref(), Some("25-000123"));
        assert_eq!(structured.item_texts.len(), 1);
        let (item_idx, decision) = &structured.item_texts[0];
        assert_eq!(*item_idx, 0);
        assert_eq!(decision.joined(), "Godkendt.\n\nFraværende: Bo");
    }

    #[test]
    fn a_meeting_without_decisions_is_an_agenda() {
        let structured = read(
            r#"{"Moede": {"Dato": "2025-06-02T17:00:00", "Afsluttet": false},
                "Dagsordenpunkter": [{"Number": "1", "Caption": "Budget",
                  "Felter": [{"Html": "<h3>Indstilling</h3><p>At budgettet godkendes.</p>"}]}]}"#,
        )
        .unwrap();
        assert_eq!(structured.meeting.kind, DocumentKind::Agenda);
        assert_eq!(structured.meeting.id, "2025-06-02");
        assert!(structured.item_texts.is_empty());
    }

    #[test]
    fn errors() {
        assert!(matches!(
            read("{\"a\": 1,"),
            Err(Error::Json { line: 1, .. })
        ));
        assert!(matches!(read("{\"a\": 1}"), Err(Error::NotFirstAgenda(_))));
        assert!(matches!(read("[1, 2]"), Err(Error::NotFirstAgenda(_))));
    }
}
