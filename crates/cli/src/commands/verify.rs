//! `referat verify MØDE [--forventet sha256:…]`: the content hash of a meeting version
//! (`model::seal`), from a JSON file or from the store by meeting id. With `--forventet` it
//! compares and fails (exit 1) when the content has changed.
//!
//! For minutes written and approved in referat (issue 14, point 5) the store keeps the seal
//! of every approved version: given such a meeting's id, `verify` recomputes the hash of
//! each sealed version as the database holds it now, and of the published copy in the
//! register, and fails (exit 1) when any differs from its seal: a change made directly in
//! the database is found.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::Args;

use crate::ExitStatus;
use crate::commands::data::DataArgs;

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// En JSON-fil med et møde (som `referat extract --json` skriver det) eller et mødes id i
    /// datamappen (`raadmandsmoede-2025-07-01`).
    #[arg(value_name = "MØDE")]
    meeting: String,
    /// Den forventede værdi (`sha256:…`): afviger mødets indhold, er afslutningskoden 1.
    #[arg(long = "forventet", value_name = "HASH")]
    expected: Option<String>,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: VerifyArgs) -> anyhow::Result<ExitStatus> {
    let path = Path::new(&args.meeting);
    let meeting = if path.is_file() {
        let json = std::fs::read_to_string(path).with_context(|| args.meeting.clone())?;
        render::meeting_from_json(&json)
            .map_err(|err| anyhow::anyhow!("{}: er ikke et møde: {err}", args.meeting))?
    } else {
        let store = args.data.open_existing_store()?;
        if args.expected.is_none()
            && let Some(check) = store.seal_check(&args.meeting)?
        {
            return report_seals(&args.meeting, &check);
        }
        store.meeting(&args.meeting).map_err(|err| {
            if err.is_not_found() {
                anyhow::anyhow!(
                    "{} er hverken en fil eller et møde i datamappen (se møderne med `referat \
                     bodies` og `referat search`)",
                    args.meeting
                )
            } else {
                err.into()
            }
        })?
    };
    let hash = model::seal::content_hash(&meeting);
    let mut stdout = std::io::stdout().lock();
    match &args.expected {
        None => {
            writeln!(stdout, "{hash}  {}", args.meeting)?;
            Ok(ExitStatus::Success)
        }
        Some(expected) if expected.trim() == hash => {
            writeln!(stdout, "uændret: {hash}  {}", args.meeting)?;
            Ok(ExitStatus::Success)
        }
        Some(expected) => {
            writeln!(
                stdout,
                "ÆNDRET: {} har indholdet {hash}, forventet {}",
                args.meeting,
                expected.trim()
            )?;
            Ok(ExitStatus::Failure)
        }
    }
}

/// Compares each sealed version of an authored meeting, and its published copy, with its
/// seal.
fn report_seals(id: &str, check: &store::SealCheck) -> anyhow::Result<ExitStatus> {
    let mut stdout = std::io::stdout().lock();
    let mut changed = false;
    for (version, seal, content) in &check.sealed {
        let hash = model::seal::content_hash(content);
        if &hash == seal {
            writeln!(stdout, "forseglet: {seal}  {id} udgave {version}")?;
        } else {
            changed = true;
            writeln!(
                stdout,
                "ÆNDRET: {id} udgave {version} har indholdet {hash}, forseglet {seal}"
            )?;
        }
    }
    if let Some((version, content)) = &check.published {
        let hash = model::seal::content_hash(content);
        let seal = check
            .sealed
            .iter()
            .find(|(sealed, _, _)| sealed == version)
            .map(|(_, seal, _)| seal.as_str());
        if seal == Some(hash.as_str()) {
            writeln!(stdout, "offentliggjort: {hash}  {id} udgave {version}")?;
        } else {
            changed = true;
            writeln!(
                stdout,
                "ÆNDRET: det offentliggjorte referat {id} (udgave {version}) har indholdet \
                 {hash}, forseglet {}",
                seal.unwrap_or("(intet)")
            )?;
        }
    }
    Ok(if changed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
