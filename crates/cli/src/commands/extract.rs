//! `referat extract FILE... [--json]`: extracts each file and prints the Meeting as JSON
//! (one object, or one per line for several files) or as a readable summary.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::ExitStatus;
use crate::commands::input::{self, LimitArgs};

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// Filer, der skal læses.
    #[arg(required = true, value_name = "FIL")]
    files: Vec<PathBuf>,
    /// Skriv JSON: ét møde for én fil, ét møde pr. linje for flere.
    #[arg(long)]
    json: bool,
    /// Skriv teksten, som den blev læst (side:linje og linjen), før udtrækket: viser, hvad
    /// læserne fik ud af en PDF, DOCX eller webside.
    #[arg(long, conflicts_with = "json")]
    text: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

pub(crate) fn run(args: ExtractArgs) -> anyhow::Result<ExitStatus> {
    let mut status = ExitStatus::Success;
    let mut meetings = Vec::new();
    let limits = args.limits.limits();
    for path in &args.files {
        match input::read(path, &limits) {
            Ok(input) if args.text => {
                let mut stdout = std::io::stdout().lock();
                if let formats::Document::Text(text) = &input.document {
                    for line in &text.lines {
                        writeln!(stdout, "{:>3}:{:<5} {}", line.page, line.number, line.text)?;
                    }
                } else {
                    writeln!(
                        stdout,
                        "{}: struktureret kilde (FirstAgenda JSON); ingen tekstlinjer",
                        path.display()
                    )?;
                }
            }
            Ok(input) => {
                let extraction = input.extract();
                for warning in &extraction.warnings {
                    eprintln!(
                        "referat: advarsel: {}:{}: {}",
                        path.display(),
                        warning.span.line,
                        warning.message
                    );
                }
                meetings.push(extraction.meeting);
            }
            Err(err) => {
                eprintln!(
                    "referat: fejl: {}: {}",
                    path.display(),
                    super::describe(&err)
                );
                status = ExitStatus::Error;
            }
        }
    }
    // Short forms resolve across all the files given (`Hanne Lynghøj` in one set of minutes
    // is the `Hanne Lynghøj Ellerbæk` named in full in another).
    if meetings.len() > 1 {
        let mut registry = extract::Registry::new();
        for meeting in &meetings {
            registry.learn(meeting);
        }
        for meeting in &mut meetings {
            registry.resolve(meeting);
        }
    }
    if args.text {
        return Ok(status);
    }
    // Standard output flushes at every line break: pretty JSON of a large document made a
    // system call per line.
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        if meetings.len() == 1 && args.files.len() == 1 {
            serde_json::to_writer_pretty(&mut stdout, &meetings[0])?;
            writeln!(stdout)?;
        } else {
            for meeting in &meetings {
                serde_json::to_writer(&mut stdout, meeting)?;
                writeln!(stdout)?;
            }
        }
    } else {
        for meeting in &meetings {
            summary(&mut stdout, meeting)?;
        }
    }
    stdout.flush()?;
    Ok(status)
}

/// A readable summary: meeting, items, decisions, actions with owner and due.
fn summary(out: &mut impl Write, meeting: &model::Meeting) -> std::io::Result<()> {
    let date = meeting
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "ukendt dato".into());
    let time = |t: Option<model::Time>| t.map(|t| format!("{:02}:{:02}", t.hour(), t.minute()));
    writeln!(out, "{} {}", meeting.body, date)?;
    if let Some(start) = time(meeting.start) {
        let end = time(meeting.end)
            .map(|e| format!("-{e}"))
            .unwrap_or_default();
        writeln!(out, "  kl. {start}{end}")?;
    }
    if let Some(location) = &meeting.location {
        writeln!(out, "  sted: {location}")?;
    }
    let names = |people: &[model::Person]| {
        people
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !meeting.participants.is_empty() {
        writeln!(out, "  deltagere: {}", names(&meeting.participants))?;
    }
    if !meeting.absent.is_empty() {
        writeln!(out, "  afbud: {}", names(&meeting.absent))?;
    }
    for item in &meeting.items {
        writeln!(out, "\n  Punkt {}: {}", item.number, item.title)?;
        for decision in &item.decisions {
            let kind = decision.kind.danish().to_lowercase();
            let how = match decision.actor.as_deref() {
                Some(actor) => format!("{kind} af {actor}"),
                None => kind,
            };
            writeln!(out, "    beslutning ({how}): {}", decision.text)?;
        }
        for action in &item.actions {
            writeln!(out, "    opfølgning: {}", action.text)?;
            let mut details = Vec::new();
            match action.owners.len() {
                0 => {}
                1 => details.push(format!("ansvarlig: {}", names(&action.owners))),
                _ => details.push(format!("ansvarlige: {}", names(&action.owners))),
            }
            if let Some(due) = &action.due {
                details.push(match due.by {
                    Some(by) if by.to_string() != due.text => {
                        format!("frist: {by} ({})", due.text)
                    }
                    Some(by) => format!("frist: {by}"),
                    None => format!("frist: {}", due.text),
                });
            }
            if !details.is_empty() {
                writeln!(out, "      {}", details.join(" · "))?;
            }
        }
        if !item.attachments.is_empty() {
            writeln!(out, "    bilag: {}", item.attachments.join(", "))?;
        }
    }
    writeln!(out)
}
