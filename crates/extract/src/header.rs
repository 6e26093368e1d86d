//! The head of a minutes document: body, date and times, location, the time plan
//! (`Information:` with `Pkt. 5. kl. 12.30-12.45 Jakob Flou og Mie Kjer`), participants
//! (`Mødedeltagere`) and absentees (`Afbud`). It stops where the first item begins.
//!
//! Accepted header forms:
//! - seed style: `Body (Type)` / `dd-mm-yyyy HH:MM - HH:MM` / location, each on its own line;
//! - labelled style: `Udvalg:`, `Mødedato:`, `Mødested:`, `Tidspunkt:` with the value on the
//!   same line or the next; dates as `dd-mm-yyyy`, `dd.mm.yyyy` or `[weekday] [d./den] 1.
//!   oktober 2025`, times as `HH:MM`, `HH.MM`, `kl. 15.45`, ranges with `-` or `–`;
//! - a title line `REFERAT Aarhus Byråd d. 27-08-2025`.

use model::{Date, DocumentKind, Meeting, Slot, Span, Time};

use crate::lines::Clean;
use crate::people;
use crate::words;

/// Reads the header, the lines before the first item, into `meeting`.
pub(crate) fn read(region: &[Clean], meeting: &mut Meeting) {
    read_labelled(region, meeting);
    read_date(region, meeting);
    read_body(region, meeting);
    read_schedule(region, meeting);
    crate::attendance::read(region, meeting);
    meeting.kind = document_kind(region);
}

fn document_kind(region: &[Clean]) -> DocumentKind {
    let starts = |word: &str| {
        region
            .iter()
            .take(30)
            .any(|line| crate::scan::lower_starts_with(&line.text, word))
    };
    if starts("dagsorden") && !starts("referat") && !starts("beslutningsprotokol") {
        DocumentKind::Agenda
    } else {
        DocumentKind::Minutes
    }
}

/// Whether the lowercase `text` may start with one of `letters`: false only when its first
/// byte is ASCII (and so lowercases alone) and none of them.
fn could_start_with(text: &str, letters: &[u8]) -> bool {
    text.as_bytes()
        .first()
        .is_none_or(|first| !first.is_ascii() || letters.contains(&first.to_ascii_lowercase()))
}

/// Labels of header fields and which field they set.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Body,
    Date,
    Location,
    Time,
    /// When the meeting ended, on a line of its own (`Slut kl.: 18:30`).
    End,
    /// Date and time, then the place: `Tid og sted: 3. juni 2025 kl. 10-12, Mødelokale 3`.
    TimeAndPlace,
}

/// Whether `text` starts with a header field's label.
pub(crate) fn is_label(text: &str) -> bool {
    label(text).is_some()
}

fn label(text: &str) -> Option<(Field, &str)> {
    let field_of = |head: &str| {
        // No label has more than 17 characters, and lowercasing never makes fewer.
        if head.len() > 17 && head.chars().count() > 17 {
            return None;
        }
        if !could_start_with(head, b"dflmstu") {
            return None;
        }
        Some(match &*crate::scan::lower_word(head) {
            "udvalg" | "forum" | "mødeforum" | "møde" => Field::Body,
            "mødedato" | "dato" => Field::Date,
            "mødested" | "sted" | "lokale" | "mødelokale" => Field::Location,
            "tidspunkt" | "mødetidspunkt" | "tid" | "start" | "start kl." | "starttidspunkt"
            | "mødestart" => Field::Time,
            "slut" | "slut kl." | "sluttidspunkt" | "mødeslut" => Field::End,
            "tid og sted" | "dato og sted" | "tidspunkt og sted" | "dato, tid og sted"
            | "tid og mødested" => Field::TimeAndPlace,
            _ => return None,
        })
    };
    if let Some((head, rest)) = text.split_once(':')
        && let Some(field) = field_of(head.trim())
    {
        return Some((field, rest.trim()));
    }
    // `Mødedato Onsdag d. 27. august 2025` (a PDF table row): label and value on one line
    // without a colon; only the unambiguous labels.
    let (head, rest) = text.split_once(' ').unwrap_or((text, ""));
    let field = field_of(head.trim())?;
    // `Mødelokale 1, Rådhuset` names the room; it is not a label.
    if field == Field::Location && rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let unambiguous = matches!(
        &*crate::scan::lower_word(head),
        "mødedato" | "mødested" | "mødetidspunkt" | "mødelokale"
    );
    (rest.is_empty() || unambiguous).then(|| (field, rest.trim()))
}

/// The value of a labelled field: the rest of its line, or the next non-blank line.
fn labelled_value(region: &[Clean], idx: usize, rest: &str) -> Option<(String, Span)> {
    if !rest.is_empty() {
        return Some((rest.to_owned(), region[idx].span()));
    }
    let next = region[idx + 1..]
        .iter()
        .take(3)
        .find(|line| !line.is_blank())?;
    if label(&next.text).is_some() {
        return None;
    }
    Some((next.text.to_string(), next.span()))
}

fn read_labelled(region: &[Clean], meeting: &mut Meeting) {
    for (idx, line) in region.iter().enumerate() {
        let Some((field, rest)) = label(&line.text) else {
            continue;
        };
        let Some((value, span)) = labelled_value(region, idx, rest) else {
            continue;
        };
        match field {
            Field::Body if meeting.body.is_empty() => {
                meeting.body = value;
                meeting.header_spans.body = Some(span);
            }
            Field::Location if meeting.location.is_none() => {
                meeting.location = Some(value);
                meeting.header_spans.location = Some(span);
            }
            Field::End if meeting.end.is_none() => {
                meeting.end = find_times(&value).0;
            }
            Field::TimeAndPlace => {
                // The parts after the date and times are the place.
                let mut parts = value.split(", ").peekable();
                let mut when = String::new();
                while let Some(part) =
                    parts.next_if(|part| find_date(part).is_some() || find_times(part).0.is_some())
                {
                    when.push_str(part);
                    when.push(' ');
                }
                if meeting.date.is_none()
                    && let Some(date) = find_date(&when)
                {
                    meeting.date = Some(date);
                    meeting.header_spans.date = Some(span);
                }
                if meeting.start.is_none() {
                    (meeting.start, meeting.end) = find_times(&when);
                }
                let place: Vec<&str> = parts.collect();
                if meeting.location.is_none() && !place.is_empty() {
                    meeting.location = Some(place.join(", "));
                    meeting.header_spans.location = Some(span);
                }
            }
            Field::Date | Field::Time => {
                if meeting.date.is_none()
                    && let Some(date) = find_date(&value)
                {
                    meeting.date = Some(date);
                    meeting.header_spans.date = Some(span);
                }
                if meeting.start.is_none() {
                    let (start, end) = find_times(&value);
                    meeting.start = start;
                    meeting.end = end;
                }
            }
            _ => {}
        }
    }
}

/// The first line with a date sets date, times and (seed style) the location after it.
fn read_date(region: &[Clean], meeting: &mut Meeting) {
    if meeting.date.is_some() {
        return;
    }
    for (idx, line) in region.iter().enumerate().take(40) {
        let Some(date) = find_date(&line.text) else {
            continue;
        };
        meeting.date = Some(date);
        meeting.header_spans.date = Some(line.span());
        let (start, end) = find_times(&line.text);
        meeting.start = start;
        meeting.end = end;
        if meeting.location.is_none()
            && let Some(next) = region[idx + 1..].iter().find(|l| !l.is_blank())
            && is_location_line(&next.text)
        {
            meeting.location = Some(next.text.to_string());
            meeting.header_spans.location = Some(next.span());
        }
        return;
    }
}

fn is_location_line(text: &str) -> bool {
    let lower = crate::scan::lower(text);
    text.chars().count() <= 80
        && label(text).is_none()
        && !lower.starts_with("information")
        && !lower.starts_with("mødedeltagere")
        && !lower.starts_with("deltagere")
        && !lower.starts_with("afbud")
        && people_label(text).is_none()
        && !lower.starts_with("referat")
        && !lower.starts_with("indhold")
        && !lower.starts_with("pkt")
        && find_date(text).is_none()
}

fn read_body(region: &[Clean], meeting: &mut Meeting) {
    if !meeting.body.is_empty() {
        return;
    }
    let Some(line) = region.iter().find(|line| {
        !line.is_blank() && label(&line.text).is_none() && !is_document_kind(&line.text)
    }) else {
        return;
    };
    let mut body: &str = &line.text;
    // `Rådmandsmøde (Rådmandsmøde)`: the name, then its type in parentheses.
    if let Some(open) = body.find(" (")
        && body.ends_with(')')
    {
        body = &body[..open];
    }
    // `REFERAT Aarhus Byråd d. 27-08-2025`.
    let mut after_kind = false;
    for prefix in ["referat", "dagsorden", "beslutningsprotokol"] {
        if body.len() > prefix.len()
            && body.is_char_boundary(prefix.len())
            && body[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            let rest = body[prefix.len()..].trim_start_matches([':', ' ', '-', '–']);
            if !rest.is_empty() && rest.chars().next().is_some_and(char::is_alphabetic) {
                body = rest;
                after_kind = true;
            }
        }
    }
    // `Referat fra mødet i Økonomiudvalget`, `Referat af ledermøde i Social og Sundhed`.
    for lead in [
        "fra mødet i ",
        "fra møde i ",
        "for mødet i ",
        "for møde i ",
        "af mødet i ",
        "af møde i ",
        "af ",
        "fra ",
        "for ",
    ] {
        if after_kind
            && crate::scan::lower_starts_with(body, lead)
            && let Some(rest) = body.get(lead.len()..).filter(|rest| !rest.is_empty())
        {
            body = rest;
            break;
        }
    }
    for marker in [" d. ", " den ", " - ", " – "] {
        if let Some(pos) = body.find(marker) {
            let tail = &body[pos..];
            if find_date(tail).is_some() || marker.trim().len() == 1 {
                body = &body[..pos];
            }
        }
    }
    if find_date(body).is_some() && crate::scan::split_whitespace(body).count() <= 6 {
        return;
    }
    meeting.body = body.trim().to_owned();
    meeting.header_spans.body = Some(line.span());
}

/// Only what kind of document this is (`Referat`, `DAGSORDEN`), as a running title above
/// the name of the meeting says it.
fn is_document_kind(text: &str) -> bool {
    ["referat", "dagsorden", "beslutningsprotokol"]
        .iter()
        .any(|kind| text.trim().eq_ignore_ascii_case(kind))
}

/// Finds a date: `01-07-2025`, `01.07.2025`, `1. oktober 2025`, `d. 27. august 2025`.
pub(crate) fn find_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    // Numeric: dd-mm-yyyy or dd.mm.yyyy or dd/mm/yyyy.
    for start in 0..bytes.len() {
        if !bytes[start].is_ascii_digit() || (start > 0 && bytes[start - 1].is_ascii_digit()) {
            continue;
        }
        if let Some(date) = numeric_date(&text[start..]) {
            return Some(date);
        }
    }
    // Written: `1. oktober 2025`.
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for window in words.windows(3) {
        let Some(day) = window[0]
            .strip_suffix('.')
            .and_then(|d| d.parse::<i8>().ok())
        else {
            continue;
        };
        let Some(month) = words::month_number(&crate::scan::lower_word(window[1])) else {
            continue;
        };
        let Ok(year) = window[2].trim_end_matches(['.', ',']).parse::<i16>() else {
            continue;
        };
        if let Ok(date) = Date::new(year, month, day) {
            return Some(date);
        }
    }
    None
}

fn numeric_date(text: &str) -> Option<Date> {
    let mut parts = Vec::with_capacity(3);
    let mut rest = text;
    for idx in 0..3 {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        parts.push(rest[..digits].parse::<i32>().ok()?);
        rest = &rest[digits..];
        if idx < 2 {
            let sep = rest.chars().next()?;
            if !matches!(sep, '-' | '.' | '/') {
                return None;
            }
            rest = &rest[1..];
        }
    }
    let (day, month, year) = (parts[0], parts[1], parts[2]);
    if !(1900..=2200).contains(&year) || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// Finds `HH:MM - HH:MM`, `kl. 15.45`, `kl. 8.30-9.00` in a line (after its date).
pub(crate) fn find_times(text: &str) -> (Option<Time>, Option<Time>) {
    let mut times = Vec::new();
    let bytes = text.as_bytes();
    let mut idx = 0;
    while idx < bytes.len() && times.len() < 2 {
        let boundary = idx == 0 || !matches!(bytes[idx - 1], b'0'..=b'9' | b'.' | b'-' | b'/');
        if bytes[idx].is_ascii_digit()
            && (boundary || (times.len() == 1 && !bytes[idx - 1].is_ascii_digit()))
            && let Some((time, len)) = parse_time(&text[idx..])
        {
            // A time is `H:MM` or `H.MM` not followed by more date parts.
            times.push(time);
            idx += len;
            continue;
        }
        idx += 1;
    }
    if times.len() < 2 {
        let bare = bare_hours(text);
        if times.is_empty() || bare.1.is_some() {
            return bare;
        }
    }
    (times.first().copied(), times.get(1).copied())
}

/// Whole hours after `kl.` (`kl. 9-11`, `kl. 13 – 15.30`, `klokken 9`), when no time has
/// minutes: the start and the end.
fn bare_hours(text: &str) -> (Option<Time>, Option<Time>) {
    let Some(at) = crate::scan::find(text, "kl. ")
        .map(|at| at + 4)
        .or_else(|| crate::scan::find(text, "kl ").map(|at| at + 3))
        .or_else(|| crate::scan::find(text, "klokken ").map(|at| at + 8))
    else {
        return (None, None);
    };
    // An hour, with or without minutes; its length.
    let time_at = |rest: &str| -> Option<(Time, usize)> {
        if let Some(found) = parse_time(rest) {
            return Some(found);
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=2).contains(&digits)
            || rest[digits..].starts_with(|c: char| c.is_ascii_digit() || c == ':')
        {
            return None;
        }
        let hour: i8 = rest[..digits].parse().ok()?;
        Some((Time::new(hour, 0, 0, 0).ok()?, digits))
    };
    let rest = &text[at..];
    let Some((start, len)) = time_at(rest) else {
        return (None, None);
    };
    let after = rest[len..].trim_start();
    let end = after
        .strip_prefix(['-', '–'])
        .and_then(|after| time_at(after.trim_start()))
        .map(|(end, _)| end);
    (Some(start), end)
}

/// `11:30` or `8.30` at the start of `text`; returns the time and its length.
pub(crate) fn parse_time(text: &str) -> Option<(Time, usize)> {
    let bytes = text.as_bytes();
    let hour_len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=2).contains(&hour_len) {
        return None;
    }
    let sep = *bytes.get(hour_len)?;
    if sep != b':' && sep != b'.' {
        return None;
    }
    let minute = text.get(hour_len + 1..hour_len + 3)?;
    if !minute.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // `01.09.2025` is a date, not the time 01:09.
    let after = &bytes[hour_len + 3..];
    if after.first().is_some_and(u8::is_ascii_digit)
        || (after.first() == Some(&b'.') && after.get(1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let hour: i8 = text[..hour_len].parse().ok()?;
    let minute: i8 = minute.parse().ok()?;
    Some((Time::new(hour, minute, 0, 0).ok()?, hour_len + 3))
}

/// Reads the time plan: `Pkt.` lines, with notes that belong to the next slot.
fn read_schedule(region: &[Clean], meeting: &mut Meeting) {
    let mut pending_note: Option<String> = None;
    let mut in_plan = false;
    for line in region {
        let mut text: &str = &line.text;
        if let Some(pos) = crate::scan::find(text, "Information:") {
            in_plan = true;
            text = text[pos + "Information:".len()..].trim();
        }
        if text.is_empty() {
            continue;
        }
        if let Some(slot) = parse_slot(text, line.span()) {
            in_plan = true;
            let mut slot = slot;
            slot.note = pending_note.take();
            meeting.schedule.push(slot);
            continue;
        }
        if !in_plan {
            continue;
        }
        if people_label(text).is_some()
            || label(text).is_some()
            || text.eq_ignore_ascii_case("referat")
            || crate::scan::lower_starts_with(text, "indhold")
        {
            in_plan = false;
            continue;
        }
        // A line without `Pkt.` is a note on the next slot (`Orienteringspunkt uden drøftelse`).
        pending_note = Some(match pending_note.take() {
            Some(note) => format!("{note} {text}"),
            None => text.to_owned(),
        });
    }
}

/// `Pkt. 5. kl. 12.30-12.45 Jakob Flou og Mie Kjer`, `(pkt. 5.a. kl. 13.30-13.45 Katja)`.
pub(crate) fn parse_slot(text: &str, span: Span) -> Option<Slot> {
    let inner = text
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    let rest = ["pkt.", "pkt", "punkt"].iter().find_map(|prefix| {
        crate::scan::lower_starts_with(inner, prefix).then(|| inner[prefix.len()..].trim_start())
    })?;
    // Item number: digits, then `.a`, `.1` parts; a trailing dot is not part of it.
    let mut end = rest.bytes().take_while(u8::is_ascii_digit).count();
    if end == 0 {
        return None;
    }
    let bytes = rest.as_bytes();
    while end < bytes.len() && bytes[end] == b'.' {
        let part = rest[end + 1..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        if part == 0 || part > 2 {
            break;
        }
        end += 1 + part;
    }
    let number = rest[..end].to_owned();
    let mut rest = rest[end..].trim_start_matches('.').trim_start();
    if !(rest.is_empty() || crate::scan::lower_starts_with(rest, "kl")) {
        // `Punkt 3: title` is an item heading, not a slot.
        return None;
    }
    let mut slot = Slot {
        item: number,
        span: Some(span),
        ..Slot::default()
    };
    if let Some(after) = rest.strip_prefix("kl.").or_else(|| rest.strip_prefix("kl")) {
        let after = after.trim_start();
        if let Some((start, len)) = parse_time(after) {
            slot.start = Some(start);
            let mut tail = after[len..].trim_start();
            if let Some(t) = tail.strip_prefix(['-', '–']) {
                tail = t.trim_start();
                if let Some((end_time, len)) = parse_time(tail) {
                    slot.end = Some(end_time);
                    tail = &tail[len..];
                }
            }
            rest = tail.trim();
        } else {
            rest = after;
        }
    }
    slot.presenters = people::parse_list(rest, Some(span))
        .into_iter()
        .filter(|p| people::looks_like_name(&p.as_written))
        .collect();
    Some(slot)
}

/// Labels that open a list of people, and whether it lists the absent.
fn people_label(text: &str) -> Option<(bool, &str)> {
    crate::attendance::list_label(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_hours_after_kl() {
        let t = |h, m| Some(jiff::civil::time(h, m, 0, 0));
        assert_eq!(find_times("14. marts 2025 kl. 9-11"), (t(9, 0), t(11, 0)));
        assert_eq!(find_times("Torsdag kl. 13 – 15.30"), (t(13, 0), t(15, 30)));
        assert_eq!(find_times("klokken 9"), (t(9, 0), None));
        assert_eq!(find_times("14. marts 2025"), (None, None));
        assert_eq!(find_times("kl. 25"), (None, None));
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(
            find_date("01-07-2025 11:30 - 13:00"),
            Some(jiff::civil::date(2025, 7, 1))
        );
        assert_eq!(
            find_date("Onsdag d. 27. august 2025 kl. 16:00"),
            Some(jiff::civil::date(2025, 8, 27))
        );
        assert_eq!(
            find_times("01-07-2025 11:30 - 13:00"),
            (
                Some(jiff::civil::time(11, 30, 0, 0)),
                Some(jiff::civil::time(13, 0, 0, 0))
            )
        );
        assert_eq!(
            find_times("onsdag den 1. oktober 2025 kl. 15.45"),
            (Some(jiff::civil::time(15, 45, 0, 0)), None)
        );
    }

    #[test]
    fn slots() {
        let slot = parse_slot("(pkt. 5.a. kl. 13.30-13.45 Katja)", Span::default()).unwrap();
        assert_eq!(slot.item, "5.a");
        assert_eq!(slot.end, Some(jiff::civil::time(13, 45, 0, 0)));
        assert_eq!(slot.presenters[0].name, "Katja");
        let slot = parse_slot(
            "Pkt. 5. kl. 12.30-12.45 Jakob Flou og Mie Kjer",
            Span::default(),
        )
        .unwrap();
        assert_eq!(slot.item, "5");
        assert_eq!(slot.presenters.len(), 2);
        let slot = parse_slot("Pkt. 7", Span::default()).unwrap();
        assert_eq!((slot.item.as_str(), slot.start), ("7", None));
        assert!(parse_slot("Punkt 3: Proces", Span::default()).is_none());
    }
}
