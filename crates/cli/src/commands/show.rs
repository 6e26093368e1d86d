//! `referat show ID [--json]`: one meeting (`<meeting id>`) with its items and versions, or
//! one item (`<meeting id>/<number>`, the number the minutes print: `…/3` is Punkt 3; an old
//! id by position still finds its item) with its decisions, follow-ups and the related
//! items at other meetings.

use std::io::Write;

use clap::Args;
use model::{Meeting, Person};
use store::ItemId;

use crate::ExitStatus;
use crate::commands::data::{self, DataArgs};
use crate::commands::{ClosedArgs, plural};

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// Et mødes id, eller et punkts id: mødets id, skråstreg og punktets nummer, som
    /// `referat search` viser det (raadmandsmoede-2025-04-22/3 er Punkt 3).
    #[arg(value_name = "ID")]
    id: String,
    /// Skriv JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    closed: ClosedArgs,
    #[command(flatten)]
    data: DataArgs,
}

/// `1, 3 og 4`.
fn listing(words: &[String]) -> String {
    match words {
        [] => "ingen".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} og {last}", rest.join(", ")),
    }
}

fn names(people: &[Person]) -> String {
    people
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn run(args: ShowArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_existing_store()?;
    let viewer = args.closed.viewer();
    let not_found = |err: store::Error| -> anyhow::Error {
        if err.is_not_found() {
            anyhow::anyhow!(
                "{} findes ikke; find møder og punkter med `referat search ORD` eller \
                 `referat bodies`",
                args.id
            )
        } else {
            err.into()
        }
    };
    if args.id.contains('/') {
        let id: ItemId = args.id.parse()?;
        let mut view = match store.item(&id) {
            Ok(view) => view,
            // The meeting is there but not the item: say which items it has.
            Err(err) if err.is_not_found() => match store.meeting(&id.meeting_id) {
                Ok(meeting) => anyhow::bail!(
                    "{} findes ikke; mødet har punkt {} (se dem med `referat show {}`)",
                    args.id,
                    listing(&model::item_keys(&meeting.items)),
                    meeting.id
                ),
                Err(_) => return Err(not_found(err)),
            },
            Err(err) => return Err(err.into()),
        };
        viewer.redact_item(&view.meeting.id, &mut view.item);
        let index = data::open_index(&*store, &args.data.index_dir())?;
        let related = index
            .related(&view.id.to_string(), 20, viewer.sees_closed())
            .unwrap_or_default();
        let mut stdout = std::io::stdout().lock();
        if args.json {
            let value = serde_json::json!({ "item": view, "related": related });
            serde_json::to_writer_pretty(&mut stdout, &value)?;
            writeln!(stdout)?;
            return Ok(ExitStatus::Success);
        }
        let meeting = &view.meeting;
        let date = meeting.date.map(|d| d.to_string()).unwrap_or_default();
        writeln!(
            stdout,
            "{} {} · punkt {}",
            meeting.body, date, view.item.number
        )?;
        writeln!(stdout, "{}", view.item.title)?;
        if let Some(case_number) = &view.item.case_number {
            writeln!(stdout, "Sagsnummer: {case_number}")?;
        }
        if !view.item.decisions.is_empty() {
            writeln!(stdout, "\nBeslutninger:")?;
            for decision in &view.item.decisions {
                writeln!(
                    stdout,
                    "- [{}] {}",
                    decision.kind.danish().to_lowercase(),
                    decision.text
                )?;
            }
        }
        if !view.item.actions.is_empty() {
            writeln!(stdout, "\nOpfølgning:")?;
            for action in &view.item.actions {
                let due = action.due.as_ref().map(|d| format!(" ({})", d.text));
                let owners = if action.owners.is_empty() {
                    String::new()
                } else {
                    format!(" – {}", names(&action.owners))
                };
                writeln!(
                    stdout,
                    "- {}{}{owners}",
                    action.text,
                    due.unwrap_or_default(),
                )?;
            }
        }
        if !view.item.text.trim().is_empty() {
            writeln!(stdout, "\n{}", view.item.text.trim())?;
        }
        if !related.is_empty() {
            writeln!(stdout, "\nSamme sag på andre møder:")?;
            for hit in &related {
                let date = hit.date.map(|d| d.to_string()).unwrap_or_default();
                writeln!(
                    stdout,
                    "- {} {}: {}  [{}]",
                    hit.body, date, hit.title, hit.id
                )?;
            }
        }
        return Ok(ExitStatus::Success);
    }
    let mut meeting = store.meeting(&args.id).map_err(not_found)?;
    viewer.redact_meeting(&mut meeting);
    let versions = store.meeting_versions(&args.id)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({ "meeting": meeting, "versions": versions });
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
        return Ok(ExitStatus::Success);
    }
    print_meeting(&mut stdout, &meeting)?;
    if versions.len() > 1 {
        writeln!(stdout, "\nVersioner:")?;
        for version in &versions {
            let current = if version.current { " (gældende)" } else { "" };
            writeln!(
                stdout,
                "- {}: {}{current}",
                version.version, version.source_name
            )?;
        }
    }
    Ok(ExitStatus::Success)
}

fn print_meeting(out: &mut impl Write, meeting: &Meeting) -> std::io::Result<()> {
    let date = meeting.date.map(|d| d.to_string()).unwrap_or_default();
    writeln!(out, "{} {}  [{}]", meeting.body, date, meeting.id)?;
    if let Some(location) = &meeting.location {
        writeln!(out, "Sted: {location}")?;
    }
    if !meeting.participants.is_empty() {
        writeln!(out, "Deltagere: {}", names(&meeting.participants))?;
    }
    if !meeting.absent.is_empty() {
        writeln!(out, "Afbud: {}", names(&meeting.absent))?;
    }
    writeln!(out, "Kilde: {}", meeting.source.file)?;
    writeln!(out)?;
    writeln!(out, "Punkter:")?;
    for (item, key) in meeting.items.iter().zip(model::item_keys(&meeting.items)) {
        writeln!(
            out,
            "  Punkt {}: {} ({}, {})  [{}/{key}]",
            item.number,
            item.title,
            plural(item.decisions.len(), "beslutning", "beslutninger"),
            plural(item.actions.len(), "opfølgning", "opfølgninger"),
            meeting.id,
        )?;
    }
    Ok(())
}
