//! `referat backup --to FILE` and `referat restore FILE`: one file that holds everything a
//! data folder needs, taken while `referat serve` and imports go on, and put back into an
//! empty folder.
//!
//! The file is a zip archive with two entries: `referat.db`, a copy of the database made
//! with SQLite's online backup API (the originals are in it, content-addressed, beside the
//! meetings, accounts and audit log), and `referat-backup.json`, which names the format,
//! the version of referat and the schema that wrote it, and the copy's SHA-256 and counts.
//! The search index is not in it: it is derived from the meetings, and `restore` builds
//! it again. On PostgreSQL both commands explain `pg_dump` and `pg_restore` instead: the
//! database holds everything there, and each node builds its own index.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use serde_json::json;
use sha2::{Digest, Sha256};
use store::{MeetingFilter, Page, SqliteStore, Store};

use crate::ExitStatus;
use crate::commands::data::{self, DataArgs};

/// The database's entry in the archive.
const DATABASE_ENTRY: &str = "referat.db";

/// The description's entry in the archive.
const MANIFEST_ENTRY: &str = "referat-backup.json";

/// The archive layout this version writes and reads.
const FORMAT: u64 = 1;

/// What to do on PostgreSQL, where `referat` does not copy the database itself.
const POSTGRES_ADVICE: &str = "med PostgreSQL ligger møderne, originalerne, konti og \
    revisionssporet i databasen: tag sikkerhedskopien med `pg_dump --format=custom \
    --file=referat.dump URL` og læg den tilbage i en tom database med `pg_restore --no-owner \
    --dbname=URL referat.dump`; søgeindekset skal ikke med, for hver `referat serve` bygger \
    sit eget fra databasen. Gem også konfigurationen (referat.toml) og \
    OpenID Connect-hemmeligheden. Se docs/deploy.md";

#[derive(Debug, Args)]
pub(crate) struct BackupArgs {
    /// Filen, sikkerhedskopien skrives til (en zip-fil; den må ikke findes i forvejen).
    #[arg(long, value_name = "FIL")]
    to: PathBuf,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
pub(crate) struct RestoreArgs {
    /// Sikkerhedskopien, lavet med `referat backup`.
    #[arg(value_name = "FIL")]
    file: PathBuf,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run_backup(args: BackupArgs) -> anyhow::Result<ExitStatus> {
    if args.data.database_url().is_some() {
        anyhow::bail!("referat backup virker på datamappen; {POSTGRES_ADVICE}");
    }
    let dir = args.data.dir();
    if !dir.join(store::DB_FILE).exists() {
        anyhow::bail!(
            "der er ingen data i {} at tage en sikkerhedskopi af (angiv datamappen med --data \
             eller REFERAT_DATA)",
            dir.display()
        );
    }
    if args.to.exists() {
        anyhow::bail!(
            "{} findes allerede; vælg et nyt filnavn, fx med datoen i",
            args.to.display()
        );
    }
    let target_dir = match args.to.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    // The copy and the archive are made beside the target, so that the last step is a
    // rename on one file system: a backup file is whole or absent.
    let work = tempfile::Builder::new()
        .prefix(".referat-backup-")
        .tempdir_in(&target_dir)
        .with_context(|| format!("kan ikke skrive i {}", target_dir.display()))?;
    let copy = work.path().join(DATABASE_ENTRY);
    let store = SqliteStore::open(&dir)
        .with_context(|| format!("kan ikke åbne datamappen {}", dir.display()))?;
    store
        .backup_to(&copy)
        .context("kan ikke kopiere databasen")?;
    drop(store);
    let summary = Summary::of(&copy)?;
    let (sha256, size) = hash_file(&copy)?;
    let manifest = json!({
        "format": FORMAT,
        "referat": env!("CARGO_PKG_VERSION"),
        "schema_version": summary.schema_version,
        "created": jiff::Timestamp::now().to_string(),
        "database": { "entry": DATABASE_ENTRY, "sha256": sha256, "size": size },
        "meetings": summary.meetings,
        "sources": summary.sources,
        "change_seq": summary.change_seq,
    });
    let archive = work.path().join("backup.zip");
    write_archive(&archive, &copy, &manifest)?;
    std::fs::rename(&archive, &args.to)
        .with_context(|| format!("kan ikke skrive {}", args.to.display()))?;
    let written = std::fs::metadata(&args.to).map_or(0, |meta| meta.len());
    println!(
        "referat: sikkerhedskopi i {}: {}, {} ({})",
        args.to.display(),
        crate::commands::plural(summary.meetings, "møde", "møder"),
        crate::commands::plural(summary.sources, "original", "originaler"),
        megabytes(written)
    );
    Ok(ExitStatus::Success)
}

pub(crate) fn run_restore(args: RestoreArgs) -> anyhow::Result<ExitStatus> {
    if args.data.database_url().is_some() {
        anyhow::bail!("referat restore lægger en sikkerhedskopi i en datamappe; {POSTGRES_ADVICE}");
    }
    let dir = args.data.dir();
    if dir.exists() && !is_empty_dir(&dir)? {
        anyhow::bail!(
            "datamappen {} er ikke tom: en sikkerhedskopi lægges kun i en ny eller tom mappe, \
             så intet overskrives (angiv en anden med --data)",
            dir.display()
        );
    }
    let file =
        File::open(&args.file).with_context(|| format!("kan ikke åbne {}", args.file.display()))?;
    let not_a_backup = || {
        format!(
            "{} er ikke en sikkerhedskopi fra `referat backup`",
            args.file.display()
        )
    };
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).with_context(not_a_backup)?;
    let manifest: serde_json::Value = {
        let entry = archive.by_name(MANIFEST_ENTRY).with_context(not_a_backup)?;
        serde_json::from_reader(entry).with_context(not_a_backup)?
    };
    let format = manifest["format"].as_u64();
    if format != Some(FORMAT) {
        anyhow::bail!(
            "{} er i et format ({}), som denne version af referat ikke kender; gendan med den \
             version, der lavede den ({})",
            args.file.display(),
            format.map_or_else(|| "ukendt".to_owned(), |f| f.to_string()),
            manifest["referat"].as_str().unwrap_or("ukendt")
        );
    }
    let expected = manifest["database"]["sha256"].as_str().unwrap_or_default();
    let created_dir = !dir.exists();
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("kan ikke oprette datamappen {}", dir.display()))?;
    let restored = restore_into(&mut archive, &dir, expected);
    if let Err(err) = restored {
        // Leave the folder as it was found: empty, or not there.
        let _ = std::fs::remove_file(dir.join(PART_FILE));
        if created_dir {
            let _ = std::fs::remove_dir(&dir);
        }
        return Err(err.context(format!("kan ikke gendanne {}", args.file.display())));
    }
    let store = args.data.open_existing_store()?;
    let index =
        data::open_index(&*store, &args.data.index_dir()).context("kan ikke bygge søgeindekset")?;
    let summary = Summary::of(&dir.join(store::DB_FILE))?;
    println!(
        "referat: gendannet i {}: {}, {}, {} i søgeindekset (kontrollér med `referat check`)",
        dir.display(),
        crate::commands::plural(summary.meetings, "møde", "møder"),
        crate::commands::plural(summary.sources, "original", "originaler"),
        crate::commands::plural(
            usize::try_from(index.len()).unwrap_or(0),
            "punkt",
            "punkter"
        ),
    );
    Ok(ExitStatus::Success)
}

/// The database while it is unpacked, renamed to its place once its hash is checked.
const PART_FILE: &str = "referat.db.part";

fn restore_into(
    archive: &mut zip::ZipArchive<BufReader<File>>,
    dir: &Path,
    expected: &str,
) -> anyhow::Result<()> {
    let part = dir.join(PART_FILE);
    let mut entry = archive
        .by_name(DATABASE_ENTRY)
        .context("databasen mangler i sikkerhedskopien")?;
    let mut out = BufWriter::new(File::create(&part)?);
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        let n = entry
            .read(&mut buffer)
            .context("sikkerhedskopien er beskadiget")?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        out.write_all(&buffer[..n])?;
    }
    out.into_inner()
        .map_err(std::io::IntoInnerError::into_error)?
        .sync_all()?;
    let actual = hex(&hasher.finalize());
    if actual != expected {
        anyhow::bail!(
            "databasen i sikkerhedskopien er beskadiget (dens SHA-256 er {actual}, ikke \
             {expected})"
        );
    }
    std::fs::rename(&part, dir.join(store::DB_FILE))?;
    Ok(())
}

/// What a database copy holds.
struct Summary {
    schema_version: u32,
    meetings: usize,
    sources: usize,
    change_seq: u64,
}

impl Summary {
    /// Opens the database at `path` and counts; fails when it is not sound.
    fn of(path: &Path) -> anyhow::Result<Summary> {
        let store = SqliteStore::open_file(path).context("kan ikke åbne kopien af databasen")?;
        let problems = store.integrity_check()?;
        if problems != ["ok"] {
            anyhow::bail!("kopien af databasen er ikke sund: {}", problems.join("; "));
        }
        Ok(Summary {
            schema_version: store.schema_version()?,
            meetings: store.meetings(&MeetingFilter::default(), Page::ALL)?.len(),
            sources: store.source_hashes()?.len(),
            change_seq: store.change_seq()?,
        })
    }
}

fn write_archive(
    archive: &Path,
    database: &Path,
    manifest: &serde_json::Value,
) -> anyhow::Result<()> {
    use zip::write::SimpleFileOptions;
    let out =
        File::create(archive).with_context(|| format!("kan ikke skrive {}", archive.display()))?;
    let mut zip = zip::ZipWriter::new(BufWriter::new(out));
    let size = std::fs::metadata(database)?.len();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(size >= u64::from(u32::MAX));
    zip.start_file(MANIFEST_ENTRY, options)?;
    serde_json::to_writer_pretty(&mut zip, manifest)?;
    zip.start_file(DATABASE_ENTRY, options)?;
    std::io::copy(&mut BufReader::new(File::open(database)?), &mut zip)?;
    let out = zip.finish()?;
    out.into_inner()
        .map_err(std::io::IntoInnerError::into_error)?
        .sync_all()?;
    Ok(())
}

/// The SHA-256 (hex) and size of a file, read in pieces.
fn hash_file(path: &Path) -> anyhow::Result<(String, u64)> {
    let mut file = BufReader::new(File::open(path)?);
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)?;
    Ok((hex(&hasher.finalize()), size))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_empty_dir(dir: &Path) -> anyhow::Result<bool> {
    let mut entries =
        std::fs::read_dir(dir).with_context(|| format!("kan ikke læse {}", dir.display()))?;
    Ok(entries.next().is_none())
}

/// `bytes` in MB with one decimal, the Danish way ("1,5 MB").
fn megabytes(bytes: u64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a size shown to one decimal")]
    let mb = bytes as f64 / 1_000_000.0;
    format!("{mb:.1} MB").replace('.', ",")
}
