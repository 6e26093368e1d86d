//! Render → read → extract gives back the meeting, in every format: the test that keeps the
//! writer and the reader honest to each other (issue 14, point 2).

use std::fmt::Write;

use model::Meeting;

const MEETING: &str = include_str!("../data/teknik-og-miljoe.json");

/// What must survive the round trip, one line per fact: header, people, time plan, items
/// with their mark, decisions (actor, kind, text), follow-ups (owners, deadline, the start
/// of their text) and attachments.
fn summary(meeting: &Meeting) -> String {
    let mut out = String::new();
    let names = |people: &[model::Person]| {
        people
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let time = |t: Option<model::Time>| t.map(|t| format!("{:02}:{:02}", t.hour(), t.minute()));
    let _ = writeln!(
        out,
        "{} | {:?} | {:?}-{:?} | {:?}",
        meeting.body,
        meeting.date.map(|d| d.to_string()),
        time(meeting.start),
        time(meeting.end),
        meeting.location
    );
    let _ = writeln!(out, "deltagere: {}", names(&meeting.participants));
    let _ = writeln!(out, "afbud: {}", names(&meeting.absent));
    for slot in &meeting.schedule {
        let _ = writeln!(
            out,
            "pkt. {} {:?}-{:?} {} {:?}",
            slot.item,
            time(slot.start),
            time(slot.end),
            names(&slot.presenters),
            slot.note
        );
    }
    for item in &meeting.items {
        let _ = writeln!(
            out,
            "punkt {}: {}{}",
            item.number,
            item.title,
            if item.closed { " (lukket)" } else { "" }
        );
        for decision in &item.decisions {
            let _ = writeln!(
                out,
                "  beslutning {:?} {}: {}",
                decision.actor,
                decision.kind.as_str(),
                decision.text.trim_end_matches('.')
            );
            for note in &decision.notes {
                let _ = writeln!(out, "    note: {note}");
            }
        }
        for action in &item.actions {
            let start: String = action.text.chars().take(40).collect();
            let _ = writeln!(
                out,
                "  opfølgning [{}] {:?}: {start}",
                names(&action.owners),
                action
                    .due
                    .as_ref()
                    .and_then(|d| d.by)
                    .map(|d| d.to_string()),
            );
        }
        let _ = writeln!(out, "  bilag: {}", item.attachments.join(", "));
        let _ = writeln!(out, "  sagsnr.: {:?}", item.case_number);
        for absence in &item.absent {
            let _ = writeln!(
                out,
                "  fraværende: {} {:?}",
                absence.person.name, absence.reason
            );
        }
    }
    out
}

/// Renders `meeting` in `format` and extracts it again.
fn round_trip(meeting: &Meeting, format: render::Format) -> Meeting {
    let bytes = render::render(meeting, format, &render::Templates::builtin())
        .unwrap_or_else(|err| panic!("{format:?}: {err}"));
    let name = format!("teknik-og-miljoe.{}", format.extension());
    let document = formats::read(&bytes, &name).unwrap_or_else(|err| panic!("{name}: {err}"));
    let formats::Document::Text(text) = document else {
        panic!("{name} was read as structured data");
    };
    extract::extract(&text).meeting
}

fn check(format: render::Format) {
    let meeting = render::meeting_from_json(MEETING).expect("the test meeting reads");
    let back = round_trip(&meeting, format);
    let (want, got) = (summary(&meeting), summary(&back));
    assert!(
        want == got,
        "{format:?} does not read back as it was written\n--- written\n{want}\n--- read back\n{got}"
    );
    // What extraction gives has the item's whole text besides its decisions: rendered
    // again (the text as `Sagsfremstilling`), it reads back the same once more.
    assert!(back.items.iter().all(|item| !item.text.is_empty()));
    let again = summary(&round_trip(&back, format));
    assert!(
        got == again,
        "{format:?}: an extracted meeting does not read back\n--- extracted\n{got}\n--- again\n{again}"
    );
}

#[test]
fn markdown_reads_back() {
    check(render::Format::Markdown);
}

#[test]
fn html_reads_back() {
    check(render::Format::Html);
}

#[test]
fn docx_reads_back() {
    check(render::Format::Docx);
}

#[test]
fn pdf_reads_back() {
    check(render::Format::Pdf);
}
