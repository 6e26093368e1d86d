//! `referat import PATH...`: keeps the original bytes of every file (folders are walked
//! recursively), extracts each into a meeting and stores it, one transaction per document,
//! then brings the search index up to date. Re-importing the same bytes is a no-op; a changed
//! file becomes a new version of its meeting. Prints a summary; exit code 0 only when no
//! file failed.
//!
//! Files are read and extracted on all cores, and stored in path order on this thread, so
//! the versions of a meeting imported from several files in one run follow the file names.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use model::Meeting;
use store::{PutOutcome, Store};

use crate::ExitStatus;
use crate::commands::data::{self, DataArgs};
use crate::commands::input::{self, LimitArgs};

/// Extensions read when walking a folder. Files named explicitly are always tried.
const EXTENSIONS: &[&str] = &[
    "json", "pdf", "docx", "html", "htm", "md", "markdown", "txt",
];

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Filer og mapper (med undermapper), der skal importeres.
    #[arg(required = true, value_name = "STI")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    limits: LimitArgs,
}

/// What happened to one file.
pub(crate) enum FileOutcome {
    Stored(PutOutcome),
    /// The same bytes were imported before.
    Known,
    Failed(anyhow::Error),
}

/// Counts of one run, printed as the summary.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub(crate) inserted: usize,
    pub(crate) new_versions: usize,
    pub(crate) reextracted: usize,
    pub(crate) unchanged: usize,
    pub(crate) failed: Vec<(String, anyhow::Error)>,
}

impl Tally {
    pub(crate) fn add(&mut self, name: String, outcome: FileOutcome) {
        match outcome {
            FileOutcome::Stored(PutOutcome::Inserted) => self.inserted += 1,
            FileOutcome::Stored(PutOutcome::NewVersion) => self.new_versions += 1,
            FileOutcome::Stored(PutOutcome::Reextracted) => self.reextracted += 1,
            FileOutcome::Stored(PutOutcome::Unchanged) | FileOutcome::Known => {
                self.unchanged += 1;
            }
            FileOutcome::Failed(err) => self.failed.push((name, err)),
        }
    }

    /// Prints the summary (stdout) and each failure (stderr); the exit status.
    pub(crate) fn report(&self) -> anyhow::Result<ExitStatus> {
        let mut stderr = std::io::stderr().lock();
        for (name, err) in &self.failed {
            writeln!(stderr, "referat: fejl: {name}: {}", super::describe(err))?;
        }
        let mut stdout = std::io::stdout().lock();
        writeln!(
            stdout,
            "importeret: {}, nye versioner: {}, genudtrukket: {}, uændret: {}, fejlet: {}",
            self.inserted,
            self.new_versions,
            self.reextracted,
            self.unchanged,
            self.failed.len()
        )?;
        Ok(if self.failed.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Error
        })
    }
}

pub(crate) fn run(args: ImportArgs) -> anyhow::Result<ExitStatus> {
    let files = collect(&args.paths)?;
    let store = args.data.open_store()?;
    let tally = import_files(&*store, &files, &args.limits.limits())?;
    let status = tally.report()?;
    // On a shared database every serving node's index follows the database by itself, and
    // this node's may be in use by its own `referat serve`: only the embedded mode's index
    // is brought up to date here.
    if args.data.database_url().is_none() {
        data::open_index(&*store, &args.data.index_dir())
            .context("kan ikke opdatere søgeindekset")?;
    }
    Ok(status)
}

/// Every file under `paths`, sorted, without duplicates.
pub(crate) fn collect(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("kan ikke læse {}", path.display()))?;
        if meta.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("kan ikke læse mappen {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("kan ikke læse mappen {}", dir.display()))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if entry.file_type()?.is_dir() {
            walk(&path, files)?;
        } else if path
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// The progress bar: drawn on a terminal only.
pub(crate) fn progress(len: usize, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} {eta}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

/// A meeting ready to store, or why there is none.
enum Prepared {
    Meeting(Box<Meeting>, String),
    Known,
}

fn prepare(store: &dyn Store, path: &Path, limits: &formats::Limits) -> anyhow::Result<Prepared> {
    let name = path.display().to_string();
    let bytes = input::read_file(path, limits).context("kan ikke læse filen")?;
    // The original is kept before anything is extracted (ARCHITECTURE.md: what is never lost).
    let source = store
        .put_source(&bytes, &name)
        .context("kan ikke gemme originalen")?;
    if !source.new && source.meeting_id.is_some() {
        return Ok(Prepared::Known);
    }
    let meeting = extract_meeting(&bytes, &name, &source.sha256, limits)?;
    Ok(Prepared::Meeting(Box::new(meeting), source.sha256))
}

/// Reads and extracts one source into a meeting with its source and an id.
pub(crate) fn extract_meeting(
    bytes: &[u8],
    name: &str,
    sha256: &str,
    limits: &formats::Limits,
) -> anyhow::Result<Meeting> {
    let (mut meeting, _warnings) = input::meeting_from_bytes(bytes, name, limits)?;
    meeting.source.sha256 = sha256.to_owned();
    if meeting.id.is_empty() {
        // Extraction found no body or date to build the id from: fall back to the file name,
        // so the document is still kept and findable (and a changed file still maps to the
        // same meeting).
        meeting.id = slug(name);
    }
    Ok(meeting)
}

/// A slug of a file's stem: lower-case ASCII letters, digits and dashes.
fn slug(name: &str) -> String {
    let stem = Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned());
    let mut out = String::new();
    for ch in stem.to_lowercase().chars() {
        let mapped = match ch {
            'æ' => "ae",
            'ø' => "oe",
            'å' => "aa",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if !(mapped == "-" && (out.is_empty() || out.ends_with('-'))) {
            out.push_str(mapped);
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "dokument".into()
    } else {
        out
    }
}

/// Imports `files` in order; each file is one transaction.
pub(crate) fn import_files(
    store: &dyn Store,
    files: &[PathBuf],
    limits: &formats::Limits,
) -> anyhow::Result<Tally> {
    let bar = progress(files.len(), "importerer");
    let mut tally = Tally::default();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (sender, receiver) = mpsc::sync_channel::<(usize, anyhow::Result<Prepared>)>(threads * 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let idx = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(idx) else { break };
                    if sender.send((idx, prepare(store, path, limits))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // Store in file order: results that arrive early wait here.
        let mut waiting = BTreeMap::new();
        let mut want = 0;
        for (idx, prepared) in receiver {
            waiting.insert(idx, prepared);
            while let Some(prepared) = waiting.remove(&want) {
                let name = files[want].display().to_string();
                let outcome = match prepared {
                    Ok(Prepared::Known) => FileOutcome::Known,
                    Ok(Prepared::Meeting(meeting, sha256)) => {
                        match store.put_meeting(&meeting, &sha256) {
                            Ok(outcome) => FileOutcome::Stored(outcome),
                            Err(err) => FileOutcome::Failed(
                                anyhow::Error::new(err).context("kan ikke gemme mødet"),
                            ),
                        }
                    }
                    Err(err) => FileOutcome::Failed(err),
                };
                tally.add(name, outcome);
                bar.inc(1);
                want += 1;
            }
        }
    });
    bar.finish_and_clear();
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_of_file_names() {
        assert_eq!(
            slug("../seeds/000_9103abb0bcf6959c.txt"),
            "000-9103abb0bcf6959c"
        );
        assert_eq!(slug("Økonomiudvalget 2024.pdf"), "oekonomiudvalget-2024");
        assert_eq!(slug("..."), "dokument");
    }
}
