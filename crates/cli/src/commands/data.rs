//! The data folder: where it is (`--data`, else `REFERAT_DATA`, else `./referat-data`), the
//! store inside it, and the search index beside the store (`<data>/index/`), rebuilt from
//! the store when missing or outdated and brought up to date when it lags behind.
//!
//! With `--database postgres://…` (or `REFERAT_DATABASE_URL`) the store is that PostgreSQL
//! database instead, shared by every node; the data folder then holds only this node's
//! search index (`<data>/index-pg-<hash of the URL>/`), which follows the database through
//! its change counter. No disk is shared between nodes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use search::SearchIndex;
use search::analysis::LexiconBuilder;
use sha2::{Digest, Sha256};
use store::{MeetingFilter, Page, PgOptions, PgStore, SqliteStore, Store};

use crate::config::{self, Setting};

/// The default data folder, relative to the working directory.
const DEFAULT_DATA: &str = "referat-data";

/// `--data DIR` and `--database URL`, shared by every command that uses the store.
#[derive(Debug, Clone, Args)]
pub(crate) struct DataArgs {
    /// Datamappen med møderne og søgeindekset (standard: $REFERAT_DATA, ellers data i
    /// konfigurationsfilen, ellers ./referat-data). Sammen med --database ligger møderne i PostgreSQL, og mappen holder
    /// kun denne maskines søgeindeks.
    #[arg(long, value_name = "MAPPE")]
    data: Option<PathBuf>,
    /// Gem møderne i en PostgreSQL-database i stedet for i datamappen, angivet som
    /// postgres://bruger:adgangskode@vært:port/database (standard: $REFERAT_DATABASE_URL,
    /// ellers database i konfigurationsfilen).
    #[arg(long, value_name = "URL")]
    database: Option<String>,
}

impl DataArgs {
    /// The data folder: the flag, the environment, the configuration file, or the default,
    /// in that order.
    pub(crate) fn dir(&self) -> PathBuf {
        self.dir_setting().value
    }

    /// [`DataArgs::dir`] and where it came from.
    pub(crate) fn dir_setting(&self) -> Setting<PathBuf> {
        config::resolve(
            self.data.clone(),
            std::env::var_os("REFERAT_DATA")
                .filter(|dir| !dir.is_empty())
                .map(|dir| ("REFERAT_DATA", PathBuf::from(dir))),
            config::get().data(),
            PathBuf::from(DEFAULT_DATA),
        )
    }

    /// The PostgreSQL URL: the flag, else the environment, else the configuration file;
    /// `None` for SQLite.
    pub(crate) fn database_url(&self) -> Option<String> {
        self.database_setting().map(|setting| setting.value)
    }

    /// [`DataArgs::database_url`] and where it came from.
    pub(crate) fn database_setting(&self) -> Option<Setting<String>> {
        let config = config::get();
        config::resolve_optional(
            self.database.clone().filter(|url| !url.trim().is_empty()),
            config::env("REFERAT_DATABASE_URL"),
            config
                .at(config.file.database.as_ref())
                .filter(|(url, _)| !url.trim().is_empty()),
        )
    }

    /// Where this node keeps its search index.
    pub(crate) fn index_dir(&self) -> PathBuf {
        match self.database_url() {
            None => self.dir().join("index"),
            Some(url) => {
                // One folder per database, so a node that serves two databases keeps two
                // indexes; the URL itself (with its password) is not written anywhere.
                let digest = Sha256::digest(url.as_bytes());
                let tag: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
                self.dir().join(format!("index-pg-{tag}"))
            }
        }
    }

    /// Opens (creating when missing) the store: the PostgreSQL database when one is given,
    /// else the data folder's SQLite.
    pub(crate) fn open_store(&self) -> anyhow::Result<Arc<dyn Store>> {
        if let Some(url) = self.database_url() {
            let store = PgStore::connect(&url, &PgOptions::default()).context(
                "kan ikke åbne PostgreSQL-databasen (angivet med --database eller \
                 REFERAT_DATABASE_URL)",
            )?;
            return Ok(Arc::new(store));
        }
        let dir = self.dir();
        let store = SqliteStore::open(&dir).with_context(|| {
            format!(
                "kan ikke åbne datamappen {} (angiv en anden med --data eller REFERAT_DATA)",
                dir.display()
            )
        })?;
        Ok(Arc::new(store))
    }

    /// Opens a store that must already hold data: reading commands say what to do instead of
    /// creating an empty folder.
    pub(crate) fn open_existing_store(&self) -> anyhow::Result<Arc<dyn Store>> {
        let dir = self.dir();
        if self.database_url().is_none() && !dir.join(store::DB_FILE).exists() {
            anyhow::bail!(
                "der er ingen data i {}: importér først med `referat import STI`, eller angiv \
                 datamappen med --data eller REFERAT_DATA",
                dir.display()
            );
        }
        self.open_store()
    }
}

/// The search index in `dir`, up to date with `store`.
pub(crate) fn open_index(store: &dyn Store, dir: &Path) -> anyhow::Result<SearchIndex> {
    let dir = dir.to_owned();
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

/// Keeps `index` up to date with a store that other processes write to (nodes on one
/// PostgreSQL), from a thread of its own: every `every`, one query for the change counter,
/// and when it has grown, the changed meetings are indexed. A database that is away is
/// tried again at the next turn. The thread lives as long as the process.
pub(crate) fn follow(store: Arc<dyn Store>, index: Arc<SearchIndex>, every: Duration) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(every);
            let _ = catch_up_now(store.as_ref(), &index);
        }
    });
}

fn catch_up_now(store: &dyn Store, index: &SearchIndex) -> anyhow::Result<()> {
    let seq = store.change_seq()?;
    let since = index.indexed_seq()?;
    if seq > since {
        catch_up(store, index, since, seq)?;
    }
    Ok(())
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
