//! `referat audit [--limit 100] [--json]`: the audit log (issue 13), newest first, one line
//! per event with tab-separated fields: time (UTC), who (`kommandolinjen` for a change
//! made here), event, what it was about, details, client address.

use std::io::Write;

use clap::Args;
use store::Page;

use crate::ExitStatus;
use crate::commands::data::DataArgs;

#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// Højst så mange linjer (de nyeste).
    #[arg(long, default_value_t = 100)]
    limit: u32,
    /// Skriv JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: AuditArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_existing_store()?;
    let entries = store.audit_log(Page {
        offset: 0,
        limit: args.limit,
    })?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &entries)?;
        writeln!(stdout)?;
    } else {
        for entry in &entries {
            let at = jiff::Timestamp::from_second(entry.at)
                .map_or_else(|_| entry.at.to_string(), |at| at.to_string());
            let clean = |value: Option<&str>| value.unwrap_or("").replace(['\t', '\n'], " ");
            writeln!(
                stdout,
                "{at}\t{}\t{}\t{}\t{}\t{}",
                entry.actor.as_deref().unwrap_or("kommandolinjen"),
                entry.event,
                clean(entry.target.as_deref()),
                clean(entry.detail.as_deref()),
                clean(entry.address.as_deref()),
            )?;
        }
    }
    Ok(if entries.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
