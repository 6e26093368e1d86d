//! The data folder: where it is (`--data`, else `REFERAT_DATA`, else `./referat-data`), the
//! store inside it, and the search index beside the store (`<data>/index/`), rebuilt from
//! the store when missing or outdated and brought up to date when it lags behind.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use search::SearchIndex;
use search::analysis::LexiconBuilder;
use store::{MeetingFilter, Page, SqliteStore, Store};

/// The default data folder, relative to the working directory.
const DEFAULT_DATA: &str = "referat-data";

/// `--data DIR`, shared by every command that uses the data folder.
#[derive(Debug, Clone, Args)]
pub(crate) struct DataArgs {
    /// Data folder (default: $REFERAT_DATA, else ./referat-data).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

impl DataArgs {
    /// The data folder: the flag, the environment, or the default, in that order.
    pub(crate) fn dir(&self) -> PathBuf {
        self.data
            .clone()
            .or_else(|| std::env::var_os("REFERAT_DATA").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA))
    }

    /// Opens (creating when missing) the store in the data folder.
    pub(crate) fn open_store(&self) -> anyhow::Result<SqliteStore> {
        let dir = self.dir();
        SqliteStore::open(&dir).with_context(|| {
            format!(
                "kan ikke åbne datamappen {} (angiv en anden med --data eller REFERAT_DATA)",
                dir.display()
            )
        })
    }

    /// Opens a store that must already hold data: reading commands say what to do instead of
    /// creating an empty folder.
    pub(crate) fn open_existing_store(&self) -> anyhow::Result<SqliteStore> {
        let dir = self.dir();
        if !dir.join(store::DB_FILE).exists() {
            anyhow::bail!(
                "der er ingen data i {}: importér først med `referat import STI`, eller angiv \
                 datamappen med --data eller REFERAT_DATA",
                dir.display()
            );
        }
        self.open_store()
    }
}

/// The search index of `data`, up to date with `store`.
pub(crate) fn open_index(store: &dyn Store, data: &Path) -> anyhow::Result<SearchIndex> {
    let dir = data.join("index");
    let seq = store.change_seq()?;
    // A damaged or outdated index is derived data: rebuild it.
    if let Ok(Some(index)) = SearchIndex::open(&dir) {
        let since = index.indexed_seq()?;
        if since == seq {
            return Ok(index);
        }
        if since < seq {
            catch_up(store, &index, since, seq)?;
            return Ok(index);
        }
    }
    rebuild(store, &dir, seq)
}

/// Builds the index in `dir` from every meeting in the store.
pub(crate) fn rebuild(store: &dyn Store, dir: &Path, seq: u64) -> anyhow::Result<SearchIndex> {
    let ids: Vec<String> = store
        .meetings(&MeetingFilter::default(), Page::ALL)?
        .into_iter()
        .map(|summary| summary.id)
        .collect();
    // Two passes: the compound lexicon comes from the whole corpus before any item is
    // indexed with it.
    let mut lexicon = LexiconBuilder::default();
    for id in &ids {
        lexicon.add_meeting(&store.meeting(id)?);
    }
    let index = SearchIndex::create(dir, lexicon.finish())
        .with_context(|| format!("kan ikke bygge søgeindekset i {}", dir.display()))?;
    let mut writer = index.writer()?;
    for id in &ids {
        writer.put_meeting(&store.meeting(id)?)?;
    }
    writer.commit(seq)?;
    Ok(index)
}

fn catch_up(store: &dyn Store, index: &SearchIndex, since: u64, seq: u64) -> anyhow::Result<()> {
    let mut writer = index.writer()?;
    for id in store.meetings_changed_since(since)? {
        match store.meeting(&id) {
            Ok(meeting) => writer.put_meeting(&meeting)?,
            Err(err) if err.is_not_found() => writer.remove_meeting(&id),
            Err(err) => return Err(err.into()),
        }
    }
    writer.commit(seq)?;
    Ok(())
}
