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

use crate::attendance::Segment;
use crate::lines::Clean;
use crate::people;
use crate::vocab::{self, HeaderField as Field};
use crate::words;

/// Reads the header, the lines before the first item, into `meeting`.
pub(crate) fn read(region: &[Clean], meeting: &mut Meeting) {
    // Lines split where labels were run into them, read by the labels and the lists.
    let segments = crate::attendance::segments(region);
    read_labelled(&segments, meeting);
    read_date(region, meeting);
    read_body(region, meeting);
    read_schedule(region, meeting);
    crate::attendance::read(&segments, meeting);
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

/// Whether the lowercase `text` may start with a header label: false only when its first
/// byte is ASCII (and so lowercases alone) and starts none of them.
fn could_start_a_label(text: &str) -> bool {
    text.as_bytes().first().is_none_or(|first| {
        !first.is_ascii() || vocab::HEADER_LABEL_FIRST[usize::from(first.to_ascii_lowercase())]
    })
}

/// Whether `text` starts with a header field's label.
pub(crate) fn is_label(text: &str) -> bool {
    label(text).is_some()
}

/// Whether `text` is a header label or a list label alone, its value elsewhere (`Mødedato`,
/// `Mødested:`, `Fraværende`).
pub(crate) fn is_bare_label(text: &str) -> bool {
    label(text).is_some_and(|(_, rest)| rest.is_empty())
        || crate::attendance::list_label(text).is_some_and(|(_, rest)| rest.is_empty())
}

fn label(text: &str) -> Option<(Field, &str)> {
    // Every way below reads a label at the start of the text, a header label in lowercase:
    // most lines are turned away by their first two letters.
    static LABELS: crate::scan::Prefixes = crate::scan::Prefixes::new(&{
        let mut labels = [""; vocab::HEADER_LABELS.len()];
        let mut idx = 0;
        while idx < vocab::HEADER_LABELS.len() {
            labels[idx] = vocab::HEADER_LABELS[idx].0;
            idx += 1;
        }
        labels
    });
    if LABELS.candidates(text.trim_start()) == 0 {
        return None;
    }
    let field_of = |head: &str| {
        if head.len() > vocab::HEADER_LABEL_MAX_CHARS
            && head.chars().count() > vocab::HEADER_LABEL_MAX_CHARS
        {
            return None;
        }
        if !could_start_a_label(head) {
            return None;
        }
        vocab::header_field(&crate::scan::lower_word(head))
    };
    if let Some((head, rest)) = text.split_once(':')
        && let Some(field) = field_of(head.trim())
    {
        return Some((field, rest.trim()));
    }
    // `Mødedato Onsdag d. 27. august 2025` (a PDF table row): label and value on one line
    // without a colon; only the unambiguous labels.
    // `MødestedRådssalen`, `UdvalgÆldreråd`: a web page's label and value glued together.
    for glued in vocab::UNAMBIGUOUS_HEADER_LABELS {
        if crate::scan::lower_starts_with(text, glued)
            && let Some(rest) = text.get(glued.len()..)
            && rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        {
            return field_of(&text[..glued.len()]).map(|field| (field, rest.trim()));
        }
    }
    let (head, rest) = text.split_once(' ').unwrap_or((text, ""));
    let field = field_of(head.trim())?;
    // `Mødelokale 1, Rådhuset` names the room; it is not a label.
    // So does `Mødelokale B, Borgernes Hus`.
    let room_mark = crate::scan::split_whitespace(rest)
        .next()
        .is_some_and(|first| first.trim_end_matches(',').chars().count() <= 2);
    if field == Field::Location && (rest.starts_with(|c: char| c.is_ascii_digit()) || room_mark) {
        return None;
    }
    // `Udvalg Ældrerådet` is too common a run of words to be read as a label without a
    // colon; the others are labels wherever they stand.
    let lower = crate::scan::lower_word(head);
    let unambiguous = lower != "udvalg" && vocab::UNAMBIGUOUS_HEADER_LABELS.contains(&&*lower);
    (rest.is_empty() || unambiguous).then(|| (field, rest.trim()))
}

/// The value of a labelled field: the rest of its segment, or the next non-blank one.
fn labelled_value(segments: &[Segment], idx: usize, rest: &str) -> Option<(String, Span)> {
    if !rest.is_empty() {
        return Some((rest.to_owned(), segments[idx].span));
    }
    let next = segments[idx + 1..]
        .iter()
        .take(3)
        .find(|segment| !segment.blank)?;
    if label(next.text).is_some()
        || crate::attendance::list_label(next.text).is_some()
        || next.text.ends_with(':')
    {
        return None;
    }
    Some((next.text.to_owned(), next.span))
}

/// Reads the labelled fields, also where a PDF page ran them into one line (`Mødedato: 9.
/// august 2010 Mødetidspunkt: 19:00 Sluttidspunkt: 19:30`).
fn read_labelled(segments: &[Segment], meeting: &mut Meeting) {
    for (idx, segment) in segments.iter().enumerate() {
        let Some((field, rest)) = label(segment.text) else {
            continue;
        };
        let Some((value, span)) = labelled_value(segments, idx, rest) else {
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
                    let (mut start, mut end) = find_times(&value);
                    // `Tidspunkt: 17`, `Tid: 9-11`: whole hours after a time label.
                    if start.is_none() && field == Field::Time {
                        (start, end) = bare_hours(&format!("kl. {value}"));
                    }
                    meeting.start = start;
                    meeting.end = end.or(meeting.end);
                }
            }
            _ => {}
        }
    }
}

/// The first line with a date sets the date; times come from it, or from the first line
/// below that has a date and a time (`Referat af Ældrerådsmøde den 3. april 2017` / `Mandag
/// den 3. april 2017 kl. 10.00 i lokale M1`). The place follows the time on that line (`kl.
/// 14:00 i Regionsrådssalen`, `kl. 18.30-21.00 - Personalerummet`), or stands on the next
/// line (seed style), or on the line above the date below the name of the meeting.
/// Publication and update dates (`Publiceret 25-10-2017`) are not the meeting's.
fn read_date(region: &[Clean], meeting: &mut Meeting) {
    if meeting.date.is_some() {
        return;
    }
    let lines = || {
        region
            .iter()
            .enumerate()
            .take(40)
            .filter(|(_, line)| !is_publication_line(&line.text))
    };
    let Some((idx, line, date)) =
        lines().find_map(|(idx, line)| find_date(&line.text).map(|date| (idx, line, date)))
    else {
        return;
    };
    meeting.date = Some(date);
    meeting.header_spans.date = Some(line.span());
    let (timed_idx, timed) = match find_times(&line.text) {
        (None, _) => lines()
            .skip_while(|(at, _)| *at <= idx)
            .take(3)
            .find(|(_, l)| {
                find_times(&l.text).0.is_some()
                    && (find_date(&l.text).is_some()
                        || crate::scan::contains(&l.text, "kl")
                        || crate::scan::lower_starts_with(&l.text, "kl")
                        // `10:00 - 12:30` on a line of its own.
                        || l.text.chars().all(|c| {
                            c.is_ascii_digit() || matches!(c, '.' | ':' | '-' | '–' | ' ')
                        }))
            })
            .unwrap_or((idx, line)),
        _ => (idx, line),
    };
    // A labelled time (`Tid: 9.30-12.00`) read before stays when the dated line has none.
    let (start, end) = find_times(&timed.text);
    if start.is_some() || meeting.start.is_none() {
        meeting.start = start;
        // `Mødeslut: 18:10` read before stays when the dated line gives no end.
        meeting.end = end.or(meeting.end);
    }
    if meeting.location.is_some() {
        return;
    }
    if let Some(place) = place_after_time(&timed.text) {
        meeting.location = Some(place.to_owned());
        meeting.header_spans.location = Some(timed.span());
        return;
    }
    if let Some(next) = region[timed_idx + 1..].iter().find(|l| !l.is_blank())
        && is_location_line(&next.text)
    {
        meeting.location = Some(without_place_lead(&next.text).to_owned());
        meeting.header_spans.location = Some(next.span());
        return;
    }
    // `Referat af Skolebestyrelsesmøde` / `Egeskolen, mødelokale 2` / `onsdag den 16. april
    // 2008 kl. 18.30`: the line between the name and the date.
    let above: Vec<&Clean> = region[..idx].iter().filter(|l| !l.is_blank()).collect();
    if above.len() >= 2
        && let Some(prev) = above.last()
        && is_location_line(&prev.text)
        && !crate::scan::split_whitespace(&prev.text)
            .any(|w| crate::words::is_month_word(&crate::scan::lower_word(w)))
        && !prev.text.contains(['(', ':'])
        && prev.text.chars().count() <= 50
        && prev.text.contains(',')
    {
        meeting.location = Some(prev.text.to_string());
        meeting.header_spans.location = Some(prev.span());
    }
}

/// When the meeting ended, told in a sentence: `Mødet sluttede kl. 19:43`, `Protokollen blev
/// læst og mødet hævet kl.: 20.35`, `Mødet blev hævet kl. 21.10`.
pub(crate) fn end_from_sentence<'a>(lines: impl Iterator<Item = &'a Clean<'a>>) -> Option<Time> {
    for line in lines {
        let text: &str = &line.text;
        let Some(at) = crate::scan::find(text, "ødet ") else {
            continue;
        };
        let rest = &text[at + "ødet ".len()..];
        let rest = rest.strip_prefix("blev ").unwrap_or(rest);
        let Some(rest) = ["sluttede", "hævet", "hævedes", "afsluttet", "slut"]
            .iter()
            .find_map(|word| rest.strip_prefix(word))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix("kl.").or_else(|| rest.strip_prefix("kl")) else {
            continue;
        };
        let rest = rest.trim_start_matches([':', ' ']);
        if let Some((time, _)) = parse_time(rest) {
            return Some(time);
        }
    }
    None
}

/// `Publiceret 25-10-2017`, `Publiceringsdato: …`, `Opdateret den …`, `Sidst opdateret …`.
fn is_publication_line(text: &str) -> bool {
    [
        "publicer",
        "opdateret",
        "sidst opdateret",
        "offentliggjort",
        "udskrevet",
    ]
    .iter()
    .any(|word| crate::scan::lower_starts_with(text, word))
}

/// The place after the time on a date line: `kl. 14:00 i Regionsrådssalen, Skottenborg 26`,
/// `kl.18.30-21.00 - Personalerummet`, `kl. 17:00 Kommunalbestyrelsens mødesal`. It ends at
/// a label run into the line (`… i Borgmesterens kontor Mødedeltagere: …`).
fn place_after_time(text: &str) -> Option<&str> {
    let at = crate::scan::find(text, "kl.")
        .map(|at| at + 3)
        .or_else(|| crate::scan::find(text, "Kl.").map(|at| at + 3))
        .or_else(|| crate::scan::find(text, "kl ").map(|at| at + 3))
        .or_else(|| crate::scan::find(text, "Kl ").map(|at| at + 3))?;
    let mut rest = text[at..].trim_start();
    // The times: digits, `.`, `:`, dashes and spaces between them, and `ca.` before an end
    // told as about (`kl. 16.00 – ca. 18.00`).
    let mut times = 0;
    while times < rest.len() {
        if times > 0 && rest[times..].starts_with("ca. ") {
            times += "ca. ".len();
            continue;
        }
        // `fra kl. 9.30 til kl. 12.00`
        if let Some(to) = ["til kl. ", "til "]
            .iter()
            .find(|to| rest[times..].starts_with(**to))
            .filter(|to| rest[times + to.len()..].starts_with(|c: char| c.is_ascii_digit()))
        {
            times += to.len();
            continue;
        }
        match rest[times..].chars().next() {
            Some(c) if c.is_ascii_digit() || matches!(c, '.' | ':' | '-' | '–' | ' ') => {
                times += c.len_utf8();
            }
            _ => break,
        }
    }
    // `Kl i Borgmesterens kontor`: the time lost in the text, the place kept.
    let lost_time = times == 0 && rest.starts_with("i ");
    if !lost_time && (times == 0 || !rest[..times].contains(|c: char| c.is_ascii_digit())) {
        return None;
    }
    let after_times = &rest[times..];
    let lead = rest[..times].trim_end();
    rest = if let Some(place) = after_times
        .strip_prefix("i ")
        .or_else(|| after_times.strip_prefix("på "))
    {
        place
    } else if after_times.starts_with("hos ") {
        // `kl. 19.00 hos formanden`: whose home, said with `hos`.
        after_times
    } else if lead.ends_with(['-', '–']) {
        after_times
    } else if let Some(place) = after_times.strip_prefix(['-', '–', ',']) {
        place.trim_start()
    } else if after_times.starts_with(char::is_uppercase) && !after_times.contains(':') {
        after_times
    } else {
        return None;
    };
    // A label or the attendance run into the line ends the place.
    let end = rest
        .match_indices(' ')
        .map(|(at, _)| at)
        .find(|&at| {
            let after = &rest[at + 1..];
            label(after).is_some() || crate::attendance::list_label(after).is_some()
        })
        .unwrap_or(rest.len());
    let place = rest[..end].trim().trim_end_matches(['.', ',']).trim();
    (!place.is_empty() && place.chars().count() <= 100 && find_date(place).is_none())
        .then_some(place)
}

/// A place without the words that lead into it: `i Kommunalbestyrelsens mødesal`, `Møde
/// afholdt hos Trine`.
fn without_place_lead(text: &str) -> &str {
    let mut text = text.trim();
    for lead in [
        "møde afholdt ",
        "mødet afholdes ",
        "mødet afholdt ",
        "afholdt ",
        "i ",
    ] {
        if crate::scan::lower_starts_with(text, lead) && text.len() > lead.len() {
            text = &text[lead.len()..];
        }
    }
    text.trim_end_matches('.')
}

fn is_location_line(text: &str) -> bool {
    let lower = crate::scan::lower(text);
    let head_is_label = text
        .split_once(':')
        .is_some_and(|(head, _)| crate::scan::split_whitespace(head).count() <= 3);
    text.chars().count() <= 80
        && label(text).is_none()
        && !head_is_label
        && !text.ends_with('.')
        && !is_furniture(text)
        && matches!(
            crate::lines::split_marker(text).0,
            crate::lines::Marker::None
        )
        && !lower.starts_with("information")
        && !lower.starts_with("mødedeltagere")
        && !lower.starts_with("deltagere")
        && !lower.starts_with("afbud")
        && people_label(text).is_none()
        && !lower.starts_with("referat")
        && !lower.starts_with("indhold")
        && !lower.starts_with("pkt")
        && !matches!(
            lower.trim(),
            "beslutning" | "resume" | "resumé" | "indstilling" | "sagsfremstilling" | "bilag"
        )
        && find_date(text).is_none()
}

/// Web and viewer furniture that is never the name of a meeting, a title or a place: skip
/// links, menus, search, cookie banners, breadcrumbs, a PDF viewer's controls.
pub(crate) fn is_furniture(text: &str) -> bool {
    let text = text.trim();
    if text.len() > 300 {
        return false;
    }
    if text.contains('_')
        || crate::scan::contains(text, " > ")
        || crate::scan::contains(text, " › ")
        || crate::scan::contains(text, "ookie")
    {
        return true;
    }
    is_listed_furniture(text)
}

/// Whether `text` (trimmed) is a line of [`vocab::FURNITURE_LINES`] or starts with one of
/// [`vocab::FURNITURE_STARTS`], in any case.
pub(crate) fn is_listed_furniture(text: &str) -> bool {
    if text.as_bytes().first().is_some_and(|first| {
        first.is_ascii() && !vocab::FURNITURE_FIRST[usize::from(first.to_ascii_lowercase())]
    }) {
        return false;
    }
    // The words of the table are short: a longer line is checked for its start only.
    let bare = text.trim_end_matches([':', '.']);
    // Only the entries that agree with the first two bytes are compared.
    static STARTS: crate::scan::Prefixes = crate::scan::Prefixes::new(vocab::FURNITURE_STARTS);
    static LINES: crate::scan::Prefixes = crate::scan::Prefixes::new(vocab::FURNITURE_LINES);
    let starts = STARTS.candidates(text);
    vocab::FURNITURE_STARTS
        .iter()
        .enumerate()
        .any(|(idx, start)| starts & (1 << idx) != 0 && crate::scan::lower_starts_with(text, start))
        || (bare.len() <= 30 && {
            let lines = LINES.candidates(bare);
            lines != 0
                && vocab::FURNITURE_LINES
                    .iter()
                    .enumerate()
                    .any(|(idx, line)| {
                        lines & (1 << idx) != 0
                            && line.len() == bare.len()
                            && crate::scan::lower_starts_with(bare, line)
                    })
        })
}

/// The name of the meeting: from the first title line that names the document's kind
/// (`Referat til mødet i Kommunalbestyrelsen …`) among the first lines, else from the first
/// line that can be a name. Web furniture, the publisher's name (`Frederiksberg Kommune`),
/// the place, section headings and anything after the first attendance list are not.
fn read_body(region: &[Clean], meeting: &mut Meeting) {
    if !meeting.body.is_empty() {
        return;
    }
    let candidates = || {
        region
            .iter()
            .take(40)
            .take_while(|line| {
                people_label(&line.text).is_none() && !is_section_heading(&line.text)
            })
            .filter(|line| {
                !(line.is_blank()
                    // `Referat` / `fra` / `mødet i Regionsrådet`: a title broken into lines.
                    || (line.text.starts_with(char::is_lowercase) && !line.text.contains(' '))
                    || label(&line.text).is_some()
                    || is_document_kind(&line.text)
                    || is_furniture(&line.text)
                    || is_publication_line(&line.text)
                    || is_publisher(&line.text)
                    || meeting.location.as_deref() == Some(line.text.trim())
                    || !matches!(
                        crate::lines::split_marker(&line.text).0,
                        crate::lines::Marker::None
                    )
                    || is_contents_line(&line.text))
            })
    };
    let titled = candidates().take(15).find_map(|line| {
        let kind_led = [
            "referat",
            "dagsorden",
            "beslutningsprotokol",
            "beslutningsreferat",
            "protokol",
        ]
        .iter()
        .any(|kind| crate::scan::lower_starts_with(&line.text, kind));
        kind_led
            .then(|| body_of(&line.text).map(|body| (line, body)))
            .flatten()
    });
    // `Mødereferat 22. august 2017`, `Referat 25. maj 2022`: only the kind and a date, a
    // running title above the name of the meeting, gives no name.
    // `Skovlyskolen` / `Skolebestyrelsesmøde`: a name that names no meeting, over a line
    // that does, is the organisation holding it.
    let named = || {
        let mut named =
            candidates().filter_map(|line| body_of(&line.text).map(|body| (line, body)));
        let first = named.next()?;
        match named.next() {
            Some(second) if !names_meeting(first.1) && names_meeting(second.1) => Some(second),
            _ => Some(first),
        }
    };
    // `Ældrerådet i Skovlund Kommune` / `Referat fra ældrerådsmøde …`: a body named in the
    // definite form above a title that gives only the kind of meeting is the name.
    let titled = titled.map(|(line, body)| {
        let kind_only = !body.contains(' ') && crate::scan::lower(body).ends_with("møde");
        let above = candidates()
            .next()
            .filter(|first| first.number < line.number && first.page == line.page)
            .and_then(|first| body_of(&first.text).map(|name| (first, name)))
            .filter(|(_, name)| names_body_definite(name));
        match above {
            Some(above) if kind_only => above,
            _ => (line, body),
        }
    });
    let Some((line, body)) = titled.or_else(named) else {
        return;
    };
    meeting.body = body.to_owned();
    meeting.header_spans.body = Some(line.span());
}

/// `Ældrerådet i Skovlund Kommune`, `Skolebestyrelsen ved Lindeskolen`: a qualified name
/// whose first word is a deciding body in the definite form (`-rådet`, `-udvalget`,
/// `-bestyrelsen`).
fn names_body_definite(name: &str) -> bool {
    let Some(first) = crate::scan::split_whitespace(name).next() else {
        return false;
    };
    let lower = crate::scan::lower_word(first);
    // A bare `Skolebestyrelsen` says no more than `skolebestyrelsesmøde` below it; a
    // qualified name (`… i Skovlund Kommune`, `… ved Lindeskolen`) does.
    first.starts_with(char::is_uppercase)
        && crate::scan::split_whitespace(name).nth(1).is_some()
        && crate::scan::split_whitespace(name).nth(5).is_none()
        && ["rådet", "udvalget", "bestyrelsen", "styregruppen"]
            .iter()
            .any(|ending| lower.ends_with(ending))
}

/// Whether a short line names a meeting or a body: a word such as `Skolebestyrelsesmøde`,
/// `Handicaprådet` or `Styregruppen`.
fn names_meeting(text: &str) -> bool {
    crate::scan::split_whitespace(text).nth(6).is_none()
        && crate::scan::split_whitespace(text).any(|word| {
            let lower = crate::scan::lower_word(word);
            let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
            lower.ends_with("møde") || crate::words::is_body_word(lower)
        })
}

/// Whether `text` names an organisation: capitalised words, the last of them a kind of
/// organisation (`Østervang Skole`, `Greve Kommune`, `Roklubben Fjorden` is not told).
fn is_organisation(text: &str) -> bool {
    let Some(last) = crate::scan::split_whitespace(text).last() else {
        return false;
    };
    let lower = crate::scan::lower_word(last);
    crate::scan::split_whitespace(text).all(|word| word.starts_with(char::is_uppercase))
        && crate::vocab::ORGANISATION_WORDS
            .iter()
            .any(|kind| lower.ends_with(kind))
}

/// The body and date of a meeting whose head names neither, from the lines of its items
/// that do (`Beslutning i Byrådet den 19-12-2016`, `Integrationsudvalgets møde den 12.
/// december 2011:`, `Godkendelse af dagsorden for ØU den 22. oktober 2018.`). A web page of
/// one item, or a page cut below its head, still says which meeting it records there.
/// Where several dates are named, earlier committees' come first: the latest is this
/// meeting's. A known date keeps its value and picks the body named with it.
pub(crate) fn from_item_lines(lines: &[Clean], meeting: &mut Meeting) {
    if meeting.date.is_some() && !meeting.body.is_empty() {
        return;
    }
    let mut best: Option<(Date, &str, Span)> = None;
    for line in lines {
        let Some((body, date)) = body_and_date(&line.text) else {
            continue;
        };
        let better = match (meeting.date, best) {
            (Some(known), _) => date == known && best.is_none(),
            (None, Some((best_date, ..))) => date > best_date,
            (None, None) => true,
        };
        if better {
            best = Some((date, body, line.span()));
        }
    }
    let Some((date, body, span)) = best else {
        return;
    };
    if meeting.date.is_none() {
        meeting.date = Some(date);
        meeting.header_spans.date = Some(span);
    }
    if meeting.body.is_empty() {
        meeting.body = body.to_owned();
        meeting.header_spans.body = Some(span);
    }
}

/// `Beslutning i Byrådet den 19-12-2016`, `Byrådets møde den 3. maj 2024:`, `… dagsorden
/// for KB den 22. januar 2020` → the body as written (a genitive without its `s`) and the
/// date.
fn body_and_date(text: &str) -> Option<(&str, Date)> {
    let text = text.trim();
    if text.len() > 120 {
        return None;
    }
    let at = text.find(" den ")?;
    let (before, after) = (&text[..at], &text[at + " den ".len()..]);
    let date = find_date(after)?;
    let body = if crate::scan::lower_starts_with(before, "beslutning i ") {
        &before["beslutning i ".len()..]
    } else if text.ends_with(':')
        && let Some(genitive) = before.strip_suffix(" møde")
        && !genitive.contains(' ')
    {
        genitive.strip_suffix('s')?
    } else if let Some(lower) = crate::scan::aligned_lower(before)
        && let Some(pos) = lower.find("dagsorden for ")
    {
        &before[pos + "dagsorden for ".len()..]
    } else {
        return None;
    };
    let n_words = crate::scan::split_whitespace(body).count();
    (body.starts_with(char::is_uppercase) && (1..=4).contains(&n_words)).then_some((body, date))
}

/// A table of contents run into a line: `Indholdsfortegnelse Byrådet Sidenr …`.
fn is_contents_line(text: &str) -> bool {
    ["indholdsfortegnelse", "sagsoversigt"]
        .iter()
        .any(|word| crate::scan::lower_starts_with(text, word))
}

/// A heading of an item's sections: `Resume`, `Beslutning`, `Indstilling`.
fn is_section_heading(text: &str) -> bool {
    matches!(
        &*crate::scan::lower(text.trim().trim_end_matches(':')),
        "resume" | "resumé" | "beslutning" | "indstilling" | "sagsfremstilling" | "beslutningstema"
    )
}

/// `Frederiksberg Kommune`, `Region Hovedstaden`: who publishes the minutes, not the body
/// that met.
fn is_publisher(text: &str) -> bool {
    let words: Vec<&str> = crate::scan::split_whitespace(text).collect();
    matches!(
        words.as_slice(),
        [_, "Kommune" | "kommune" | "KOMMUNE"] | ["Region" | "REGION", _]
    )
}

/// The name of the meeting in a title line, without the document's kind, date, time, place
/// and qualifiers: `Referat fra mødet i Økonomiudvalget`, `REFERAT Aarhus Byråd d.
/// 27-08-2025`, `Referat af ekstraordinært Skolebestyrelsesmøde`, `Møde i Regionsrådet
/// 2018-2021` (a printed period stays), `Bestyrelsesmøde afholdt 6/1 2011`,
/// `Kommunalbestyrelsen. Referat`. None when nothing is left, or the line is a sentence.
fn body_of(text: &str) -> Option<&str> {
    let mut body: &str = text.trim();
    // `Dagsordenen blev godkendt.`: a sentence.
    if body.ends_with('.')
        && crate::scan::split_whitespace(body).count() >= 3
        && find_date(body).is_none()
    {
        return None;
    }
    // `1 Referat Handicaprådet Mødedato: …`: a PDF page's number, and labels run into the
    // line after the name.
    if let Some((number, rest)) = body.split_once(' ')
        && number.len() <= 3
        && number.bytes().all(|b| b.is_ascii_digit())
        && rest.starts_with(char::is_uppercase)
    {
        body = rest;
    }
    // The kind inside the line: after a letterhead in capitals (`GENTOFTE KOMMUNE Referat af
    // møde i Kommunalbestyrelsen`), or after the name (`Økonomiudvalg Referat Møde …`).
    if let Some(at) = body.match_indices(' ').map(|(at, _)| at).find(|&at| {
        let after = &body[at + 1..];
        ["Referat", "REFERAT", "Dagsorden", "DAGSORDEN", "Protokol"]
            .iter()
            .any(|kind| after.starts_with(kind))
    }) {
        let before = body[..at].trim_end_matches([' ', '-', '–', ',', ':', '.']);
        if before.chars().any(char::is_lowercase) {
            body = before;
        } else {
            body = &body[at + 1..];
        }
    }
    if let Some(at) = body.match_indices(' ').map(|(at, _)| at).find(|&at| {
        let after = &body[at + 1..];
        after.starts_with(char::is_uppercase)
            && (label(after).is_some_and(|(_, rest)| !rest.is_empty() || after.contains(':'))
                || crate::attendance::list_label(after).is_some_and(|(_, rest)| !rest.is_empty()))
    }) {
        body = &body[..at];
    }
    // `Rådmandsmøde (Rådmandsmøde)`: the name, then its type in parentheses.
    if let Some(open) = body.find(" (")
        && body.ends_with(')')
    {
        body = &body[..open];
    }
    let mut after_kind = false;
    for prefix in [
        "beslutningsprotokol",
        "beslutningsreferat",
        "mødereferat",
        "referat",
        "dagsorden",
        "protokol",
        // `Åbent møde for Økonomiudvalgets møde den …`: the public part of the minutes.
        "åbent møde",
        "lukket møde",
    ] {
        if body.len() >= prefix.len()
            && body.is_char_boundary(prefix.len())
            && crate::scan::lower_starts_with(body, prefix)
            && (!body[prefix.len()..].starts_with(char::is_alphabetic)
                // `ReferatByrådet`: a web page's kind and name run together.
                || body[prefix.len()..].starts_with(char::is_uppercase)
                    && body[..prefix.len()].chars().any(char::is_lowercase))
        {
            body = body[prefix.len()..].trim_start_matches([':', ' ', '-', '–', '.']);
            after_kind = true;
            break;
        }
    }
    // `Referat fra mødet i Økonomiudvalget`, `Referat af ledermøde i Social og Sundhed`,
    // `Møde i Regionsrådet`.
    for lead in [
        "til mødet i ",
        "fra mødet i ",
        "fra møde i ",
        "for mødet i ",
        "for møde i ",
        "af mødet i ",
        "af møde i ",
        "mødet i ",
        "møde i ",
        "af ",
        "fra ",
        "for ",
        "til ",
    ] {
        let leads_body = after_kind || lead.starts_with("mød");
        if leads_body
            && crate::scan::lower_starts_with(body, lead)
            && let Some(rest) = body.get(lead.len()..).filter(|rest| !rest.is_empty())
        {
            body = rest;
            break;
        }
    }
    // `Referat fra den 25. marts 2019`: a date, no name.
    if ["den ", "d. "]
        .iter()
        .any(|word| crate::scan::lower_starts_with(body, word))
    {
        return None;
    }
    // `ekstraordinært Skolebestyrelsesmøde`.
    for qualifier in ["ekstraordinært ", "ekstraordinær ", "ordinært ", "ordinær "] {
        if crate::scan::lower_starts_with(body, qualifier) {
            body = &body[qualifier.len()..];
        }
    }
    // `Skolebestyrelsen, Østervang Skole`: the body, then the organisation it belongs to.
    if let Some((name, after)) = body.split_once(", ")
        && names_meeting(name)
        && is_organisation(after)
    {
        body = name;
    }
    // `dialogmøde mellem Odderup Kommune og Ældresagen`: the parties are no part of the name.
    if let Some(at) = crate::scan::find(body, " mellem ")
        && crate::scan::split_whitespace(&body[..at]).nth(2).is_none()
    {
        body = &body[..at];
    }
    // `bestyrelsesmøde i Ejerforeningen Havbakken`, `generalforsamling i Roklubben Fjorden`,
    // `skolebestyrelsesmøde på Bakkeskolen`: the meeting, then the organisation holding it
    // (the spec's `organisation`, not part of the body's name).
    if let Some((at, word)) = [" i ", " på "]
        .iter()
        .find_map(|word| crate::scan::find(body, word).map(|at| (at, word.len())))
        && body[at + word..].starts_with(char::is_uppercase)
        && crate::scan::split_whitespace(&body[..at]).nth(2).is_none()
        // `Ledermøde i Social og Sundhed`: a department named by its areas is part of the
        // name of its meeting.
        && !body[at + word..].contains(" og ")
    {
        let kind = crate::scan::lower(&body[..at]);
        if kind.ends_with("møde") || kind.ends_with("generalforsamling") {
            body = &body[..at];
        }
    }
    // `§ 17 stk. 4, Landdistriktsudvalget`: the legal basis before the name.
    if body.starts_with('§')
        && let Some((_, name)) = body.rsplit_once(", ")
    {
        body = name;
    }
    // The date, time and place after the name.
    for marker in [" d. ", " den ", " - ", " – ", " afholdt ", " kl. ", " kl "] {
        if let Some(pos) = crate::scan::find(body, marker) {
            let tail = &body[pos + marker.len()..];
            let dated = find_date(tail).is_some()
                || tail.starts_with(|c: char| c.is_ascii_digit())
                || marker.trim().len() == 1
                || marker == " afholdt ";
            if dated && pos > 0 {
                body = &body[..pos];
            }
        }
    }
    body = cut_at_date(body);
    // `Kommunalbestyrelsen. Referat`.
    if let Some((name, kind)) = body.split_once(". ")
        && is_document_kind(kind)
    {
        body = name;
    }
    // `MR møde trsdag`: a weekday left before the date.
    if let Some((name, last)) = body.rsplit_once(' ')
        && last.starts_with(char::is_lowercase)
        && last.ends_with("dag")
        && last.chars().count() <= 8
    {
        body = name;
    }
    // `Byrådets møde` is Byrådet's.
    for genitive in ["s møde", "s beslutning"] {
        if let Some(name) = body.strip_suffix(genitive)
            && !name.contains(' ')
        {
            body = name;
        }
    }
    let body = body.trim().trim_end_matches([',', ':', '.']).trim();
    let sentence = crate::scan::split_whitespace(body).count() > 8;
    // Words that name no meeting: a bare `Møde`, a section heading.
    let generic = matches!(
        &*crate::scan::lower(body),
        "møde"
            | "mødet"
            | "resume"
            | "resumé"
            | "beslutning"
            | "indstilling"
            | "sagsfremstilling"
            | "bilag"
            | "indhold"
            | "punkter på dagsordenen"
            | "dagsordenspunkter"
    );
    (!body.is_empty() && body.starts_with(char::is_alphabetic) && !sentence && !generic)
        .then_some(body)
}

/// `body` cut before its date: `Landdistriktsudvalget 19. november 2018`, `Byrådet
/// 22-11-2016`, `Skolebestyrelsesmøde marts 2019`; a period (`Regionsrådet 2018-2021`) is no
/// date and stays.
fn cut_at_date(body: &str) -> &str {
    let mut offset = 0;
    for word in body.split(' ') {
        let rest = &body[offset..];
        let month_year = crate::words::is_month_word(&crate::scan::lower_word(word))
            && rest[word.len()..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit());
        if offset > 0
            && (month_year
                || (word.starts_with(|c: char| c.is_ascii_digit()) && find_date(rest).is_some()))
        {
            return body[..offset].trim_end();
        }
        offset += word.len() + 1;
    }
    body
}

/// Only what kind of document this is (`Referat`, `DAGSORDEN`), as a running title above
/// the name of the meeting says it.
fn is_document_kind(text: &str) -> bool {
    [
        "referat",
        "dagsorden",
        "beslutningsprotokol",
        "beslutningsreferat",
        "protokol",
        "mødereferat",
    ]
    .iter()
    .any(|kind| text.trim().eq_ignore_ascii_case(kind))
}

/// Finds a date: `01-07-2025`, `01.07.2025`, `1. oktober 2025`, `d. 27. august 2025`.
pub(crate) fn find_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    // Numeric: dd-mm-yyyy or dd.mm.yyyy or dd/mm/yyyy, and `6/1 2011`.
    for start in 0..bytes.len() {
        if !bytes[start].is_ascii_digit() || (start > 0 && bytes[start - 1].is_ascii_digit()) {
            continue;
        }
        // A part of a time or a number (`kl. 9.30-12.00`) starts no short date.
        let inside = start > 0 && matches!(bytes[start - 1], b'.' | b':' | b'-' | b'/' | b',');
        if let Some(date) = numeric_date(&text[start..], !inside) {
            return Some(date);
        }
        if let Some(date) = slash_date_and_year(&text[start..]) {
            return Some(date);
        }
    }
    // Written: `1. oktober 2025`.
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (idx, word) in words.iter().enumerate() {
        // `1. oktober 2025`, `7 februar 2022`, and `3.april 2017` with the space lost.
        let (day, month, year) = match word.split_once('.') {
            Some((day, month)) if !month.is_empty() => (day, month, words.get(idx + 1)),
            _ => {
                let Some(month) = words.get(idx + 1) else {
                    break;
                };
                (
                    word.strip_suffix('.').unwrap_or(word),
                    *month,
                    words.get(idx + 2),
                )
            }
        };
        if !(1..=2).contains(&day.len()) {
            continue;
        }
        let Ok(day) = day.parse::<i8>() else {
            continue;
        };
        let Some(month) = words::month_number(&crate::scan::lower_word(month)) else {
            continue;
        };
        let Some(Ok(year)) = year.map(|y| y.trim_end_matches(['.', ',', ':', ')']).parse::<i16>())
        else {
            continue;
        };
        if let Ok(date) = Date::new(year, month, day) {
            return Some(date);
        }
    }
    None
}

/// `6/1 2011`, `12/3-2019`, `12/3-19`: day and month with a slash, the year after a space
/// or a dash (two digits only after a dash: `6/1 12 medlemmer` is no date).
fn slash_date_and_year(text: &str) -> Option<Date> {
    let (day, rest) = text.split_once('/')?;
    let month_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = &rest[month_len..];
    let (year, dashed) = match after.strip_prefix(' ') {
        Some(year) => (year, false),
        None => (after.strip_prefix('-')?, true),
    };
    let year_len = year.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&day.len()) || !(1..=2).contains(&month_len) {
        return None;
    }
    let year: i16 = match year_len {
        4 => year[..4].parse().ok()?,
        2 if dashed => 2000 + year[..2].parse::<i16>().ok()?,
        _ => return None,
    };
    Date::new(year, rest[..month_len].parse().ok()?, day.parse().ok()?).ok()
}

fn numeric_date(text: &str, short_year: bool) -> Option<Date> {
    let mut parts = Vec::with_capacity(3);
    let mut separators = Vec::with_capacity(2);
    let mut rest = text;
    let mut year_digits = 0;
    for idx in 0..3 {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        year_digits = digits;
        parts.push(rest[..digits].parse::<i32>().ok()?);
        rest = &rest[digits..];
        if idx < 2 {
            let sep = rest.chars().next()?;
            if !matches!(sep, '-' | '.' | '/') {
                return None;
            }
            separators.push(sep);
            rest = &rest[1..];
        }
    }
    let (day, mut year) = (parts[0], parts[2]);
    let month = parts[1];
    // `12.03.26`: a year in two digits is this century's, written with full stops, where
    // nothing but a space or a full stop follows (not a case number's `17.01.10-P20`).
    if year_digits == 2
        && short_year
        && separators == ['.', '.']
        && (rest.is_empty()
            || rest.starts_with([' ', ',', ')'])
            || (rest.starts_with('.')
                && !rest[1..].starts_with(|c: char| c.is_ascii_alphanumeric())))
    {
        year += 2000;
    }
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
        // `kl.18.30`: the time right after `kl.`.
        let boundary = idx == 0
            || !matches!(bytes[idx - 1], b'0'..=b'9' | b'.' | b'-' | b'/')
            || text[..idx].ends_with("kl.");
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
