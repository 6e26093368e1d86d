//! `referat extract FILE... [--json]`: extracts each file and prints the Meeting as JSON
//! (one object, or one per line for several files) or as a readable summary.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::ExitStatus;
use crate::commands::input;

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// Files to read.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print JSON: one Meeting for one file, one Meeting per line for several.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: ExtractArgs) -> anyhow::Result<ExitStatus> {
    let mut status = ExitStatus::Success;
    let mut meetings = Vec::new();
    for path in &args.files {
        match input::read(path) {
            Ok(input) => {
                let mut extraction = extract::extract(&input.text);
                extraction.meeting.source = input.source;
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
                eprintln!("referat: fejl: {err:#}");
                status = ExitStatus::Error;
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
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
            writeln!(stdout, "{}", meeting.body)?;
        }
    }
    Ok(status)
}
