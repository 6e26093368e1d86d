//! `referat reextract`: runs extraction again over the stored originals (after a better
//! extractor ships), storing each result in one transaction, then updates the search index.
//! No file is read from disk: the store keeps the bytes.

use anyhow::Context;
use clap::Args;

use crate::ExitStatus;
use crate::commands::data::{self, DataArgs};
use crate::commands::import::{FileOutcome, Skip, Tally, extract_meeting, finish, progress};
use crate::commands::input::LimitArgs;

#[derive(Debug, Args)]
pub(crate) struct ReextractArgs {
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    limits: LimitArgs,
}

pub(crate) fn run(args: ReextractArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_existing_store()?;
    let sources = store.sources_for_reextract()?;
    let limits = args.limits.limits();
    let bar = progress(sources.len(), "udtrækker igen");
    let mut tally = Tally::default();
    for source in &sources {
        let outcome = store
            .source_bytes(&source.sha256)
            .context("kan ikke læse originalen i datamappen")
            .and_then(|bytes| extract_meeting(&bytes, &source.name, &source.sha256, &limits))
            .and_then(|meeting| match meeting {
                Some(meeting) => Ok(FileOutcome::Stored(
                    store.put_meeting(&meeting, &source.sha256)?,
                )),
                None => Ok(FileOutcome::Skipped(Skip::NotMinutes)),
            });
        let outcome = outcome.unwrap_or_else(FileOutcome::Failed);
        tally.add(source.name.clone(), outcome);
        bar.inc(1);
    }
    finish(&bar);
    let status = tally.report(false)?;
    // On a shared database every serving node's index follows the database by itself, and
    // this node's may be in use by its own `referat serve`: only the embedded mode's index
    // is brought up to date here.
    if args.data.database_url().is_none() {
        data::open_index(&*store, &args.data.index_dir())
            .context("kan ikke opdatere søgeindekset")?;
    }
    Ok(status)
}
