//! `referat verify MØDE [--forventet sha256:…]`: the content hash of a meeting version
//! (`model::seal`), from a JSON file or from the store by meeting id. With `--forventet` it
//! compares and fails (exit 1) when the content has changed. Groundwork for sealing
//! approved minutes (issue 14, point 5): the seal itself is not stored yet.

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
