//! `referat check`: verifies a data folder (after `referat restore`, or any time) without
//! changing it: the database's own integrity check, every kept original against the
//! SHA-256 it is kept under, and the search index (every file of it there and matching its
//! checksum, caught up with the database's change counter and holding as many items as
//! the meetings do). Each finding is one line; the exit code is 1 when there is any.
//!
//! It repairs nothing: a damaged index is rebuilt by deleting its folder (the next command
//! builds it again); a damaged database or original is restored from a backup.

use anyhow::Context;
use clap::Args;
use search::{Damage, SearchIndex};
use store::{MeetingFilter, Page, SqliteStore, Store, sha256_hex};

use crate::ExitStatus;
use crate::commands::data::DataArgs;

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    data: DataArgs,
}

/// What one check found: `Ok` lines say what was checked, `Err` lines what is wrong.
type Finding = Result<String, String>;

pub(crate) fn run(args: CheckArgs) -> anyhow::Result<ExitStatus> {
    let mut findings: Vec<Finding> = Vec::new();
    let store: std::sync::Arc<dyn Store> = match args.data.database_url() {
        Some(_) => {
            findings.push(Ok(
                "databasen er PostgreSQL: dens egen kontrol er pg_amcheck".to_owned(),
            ));
            args.data.open_existing_store()?
        }
        None => {
            let dir = args.data.dir();
            if !dir.join(store::DB_FILE).exists() {
                anyhow::bail!(
                    "der er ingen data i {} at kontrollere (angiv datamappen med --data eller \
                     REFERAT_DATA)",
                    dir.display()
                );
            }
            let store = SqliteStore::open(&dir)
                .with_context(|| format!("kan ikke åbne datamappen {}", dir.display()))?;
            let problems = store.integrity_check()?;
            if problems == ["ok"] {
                findings.push(Ok("databasen er sund (integrity_check)".to_owned()));
            } else {
                findings.extend(
                    problems
                        .into_iter()
                        .map(|problem| Err(format!("databasen er beskadiget: {problem}"))),
                );
            }
            std::sync::Arc::new(store)
        }
    };
    findings.extend(check_sources(&*store)?);
    findings.extend(check_index(&*store, &args.data)?);
    let mut failed = false;
    for finding in &findings {
        match finding {
            Ok(line) => println!("ok: {line}"),
            Err(line) => {
                failed = true;
                println!("fejl: {line}");
            }
        }
    }
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Every kept original, hashed again.
fn check_sources(store: &dyn Store) -> anyhow::Result<Vec<Finding>> {
    let hashes = store.source_hashes()?;
    let mut findings = Vec::new();
    for hash in &hashes {
        let bytes = store.source_bytes(hash)?;
        let actual = sha256_hex(&bytes);
        if actual != *hash {
            let name = store
                .source(hash)?
                .map_or_else(|| "?".to_owned(), |info| info.name);
            findings.push(Err(format!(
                "originalen {name} er ændret: den er gemt som {hash}, men dens SHA-256 er nu \
                 {actual} (gendan fra en sikkerhedskopi)"
            )));
        }
    }
    if findings.is_empty() {
        findings.push(Ok(format!(
            "{} har deres SHA-256",
            crate::commands::plural(hashes.len(), "original", "originaler")
        )));
    }
    Ok(findings)
}

/// The index: sound files, caught up, and as many items as the meetings hold.
fn check_index(store: &dyn Store, data: &DataArgs) -> anyhow::Result<Vec<Finding>> {
    const REBUILD: &str = "slet mappen, så bygges det igen ved næste kommando";
    let dir = data.index_dir();
    let damage = SearchIndex::verify(&dir);
    if !damage.is_empty() {
        return Ok(damage
            .into_iter()
            .map(|damage| {
                Err(match damage {
                    Damage::Absent => format!(
                        "der er intet søgeindeks i {} (det bygges ved næste kommando)",
                        dir.display()
                    ),
                    Damage::Missing(file) => format!(
                        "søgeindekset i {} mangler filen {} ({REBUILD})",
                        dir.display(),
                        file.display()
                    ),
                    Damage::Corrupt(file) => format!(
                        "søgeindekset i {}: filen {} er beskadiget ({REBUILD})",
                        dir.display(),
                        file.display()
                    ),
                    Damage::Unreadable(reason) => format!(
                        "søgeindekset i {} kan ikke læses: {reason} ({REBUILD})",
                        dir.display()
                    ),
                })
            })
            .collect());
    }
    let index = SearchIndex::open(&dir)?.context("søgeindekset forsvandt undervejs")?;
    let mut findings = Vec::new();
    let (indexed, seq) = (index.indexed_seq()?, store.change_seq()?);
    if indexed != seq {
        findings.push(Err(format!(
            "søgeindekset er ved ændring {indexed}, databasen ved {seq} (det indhentes ved \
             næste kommando)"
        )));
    }
    // Every meeting has exactly its documents in the index, and the index no others.
    let mut expected_total = 0;
    let mut items = 0;
    for summary in store.meetings(&MeetingFilter::default(), Page::ALL)? {
        let meeting = store.meeting(&summary.id)?;
        let expected = SearchIndex::documents_for(&meeting);
        let found = index.meeting_documents(&meeting.id)?;
        expected_total += expected;
        items += meeting.items.len();
        if found != expected {
            findings.push(Err(format!(
                "søgeindekset har {found} dokumenter for mødet {}, databasen {expected} \
                 ({REBUILD})",
                meeting.id
            )));
        }
    }
    if index.len() != expected_total {
        findings.push(Err(format!(
            "søgeindekset har {} dokumenter, møderne i databasen {expected_total} ({REBUILD})",
            index.len()
        )));
    }
    if findings.is_empty() {
        findings.push(Ok(format!(
            "søgeindekset er helt og følger databasen ({} ved ændring {seq})",
            crate::commands::plural(items, "punkt", "punkter")
        )));
    }
    Ok(findings)
}
