//! `referat import PATH...`: keeps the original bytes of every file (folders are walked
//! recursively), extracts each into a meeting and stores it, one transaction per document,
//! then brings the search index up to date. Re-importing the same bytes is a no-op; a changed
//! file becomes a new version of its meeting. Prints a summary; exit code 0 only when no
//! file failed.
//!
//! A path that cannot be read (missing, no access) is one failure among the others: the
//! rest is still imported, and the exit code says so at the end. In a folder every file is
//! looked at by its content, not its name: what is no document referat reads (an image, an
//! archive, binary data) is skipped and counted, and named with `--verbose`. A document
//! that reads but holds no minutes (no meeting date and no items, such as a letter) is
//! skipped with a warning rather than stored as a meeting without date or items.
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

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Filer og mapper, der skal importeres; mapper læses med alle undermapper.
    #[arg(required = true, value_name = "STI")]
    paths: Vec<PathBuf>,
    /// Nævn hver fil i en mappe, der blev sprunget over, og hvorfor (billeder, arkiver og
    /// andet, der ikke er et referat).
    #[arg(short, long)]
    verbose: bool,
    /// Hvem må se møderne: offentlig (alle) eller intern (kun konti i mødets
    /// organisation). Uden tilvalget beholder et kendt møde sin synlighed; nye er offentlige.
    #[arg(long, value_name = "SYNLIGHED", value_parser = parse_visibility)]
    visibility: Option<store::Visibility>,
    /// Organisationen, møderne hører til (uden: organisationen hedder som mødets organ). Møder fra flere organisationer med samme organ og dato får hver
    /// organisationens navn foran deres id.
    #[arg(long, value_name = "ORG")]
    organisation: Option<String>,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    limits: LimitArgs,
}

fn parse_visibility(raw: &str) -> Result<store::Visibility, String> {
    store::Visibility::parse(raw)
        .ok_or_else(|| format!("ukendt synlighed {raw:?}: brug offentlig eller intern"))
}

/// What happened to one file.
pub(crate) enum FileOutcome {
    Stored(PutOutcome),
    /// The same bytes were imported before.
    Known,
    /// Not imported, and rightly so: why.
    Skipped(Skip),
    Failed(anyhow::Error),
}

/// Why a file was not imported although nothing went wrong.
pub(crate) enum Skip {
    /// A file in a folder that is no document referat reads (an image, an archive): what
    /// it is. Named only with `--verbose`.
    NotADocument(String),
    /// A document without a meeting date or any items: not minutes. Always warned about.
    NotMinutes,
}

/// Counts of one run, printed as the summary.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) inserted: usize,
    pub(crate) new_versions: usize,
    pub(crate) reextracted: usize,
    pub(crate) unchanged: usize,
    pub(crate) skipped: Vec<(String, Skip)>,
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
            FileOutcome::Skipped(skip) => self.skipped.push((name, skip)),
            FileOutcome::Failed(err) => self.failed.push((name, err)),
        }
    }

    /// Prints each failure and each file that is not minutes (stderr), with `verbose` each
    /// other file skipped, then the summary (stdout); the exit status.
    pub(crate) fn report(&self, verbose: bool) -> anyhow::Result<ExitStatus> {
        let mut stderr = std::io::stderr().lock();
        let mut unnamed = 0;
        for (name, skip) in &self.skipped {
            match skip {
                Skip::NotMinutes => writeln!(
                    stderr,
                    "referat: advarsel: {name}: ligner ikke et referat (ingen mødedato og ingen \
                     punkter); ikke importeret"
                )?,
                Skip::NotADocument(what) if verbose => {
                    writeln!(stderr, "referat: sprunget over: {name}: {what}")?;
                }
                Skip::NotADocument(_) => unnamed += 1,
            }
        }
        for (name, err) in &self.failed {
            writeln!(stderr, "referat: fejl: {name}: {}", super::describe(err))?;
        }
        let hint = if unnamed > 0 {
            " (--verbose nævner dem)"
        } else {
            ""
        };
        let mut stdout = std::io::stdout().lock();
        writeln!(
            stdout,
            "importeret: {}, nye versioner: {}, genudtrukket: {}, uændret: {}, sprunget over: \
             {}{hint}, fejlet: {}",
            self.inserted,
            self.new_versions,
            self.reextracted,
            self.unchanged,
            self.skipped.len(),
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
    let Collected { files, unreadable } = collect(&args.paths);
    let mut tally = Tally::default();
    if !files.is_empty() {
        let store = args.data.open_store()?;
        tally = import_files(
            &*store,
            &files,
            &args.limits.limits(),
            args.organisation.as_deref(),
        )?;
        // Every write is in the audit log: one line for the run, with what it changed.
        if tally.inserted + tally.new_versions + tally.reextracted > 0 {
            let detail = format!(
                "{} nye møder, {} nye versioner, {} udtrukket igen, {} uændrede, {} fejlede",
                tally.inserted,
                tally.new_versions,
                tally.reextracted,
                tally.unchanged,
                tally.failed.len()
            );
            let actor = store::Actor {
                email: None,
                address: None,
                at: jiff::Timestamp::now().as_second(),
            };
            store
                .audit("import", None, Some(&detail), &actor)
                .context("kan ikke skrive i revisionssporet")?;
        }
        if let Some(visibility) = args.visibility {
            set_access(&*store, &files, visibility, args.organisation.as_deref())?;
        }
        // On a shared database every serving node's index follows the database by itself,
        // and this node's may be in use by its own `referat serve`: only the embedded mode's
        // index is brought up to date here.
        if args.data.database_url().is_none() {
            let spinner = spinner("opdaterer søgeindekset");
            data::open_index(&*store, &args.data.index_dir())
                .context("kan ikke opdatere søgeindekset")?;
            spinner.finish_and_clear();
        }
    }
    // Paths that could not be read come first, in the order given.
    tally.failed.splice(0..0, unreadable);
    tally.report(args.verbose)
}

/// Marks the meetings of `files` (imported now or before) public or internal to
/// `organisation` (else to the organisation each meeting belongs to).
fn set_access(
    store: &dyn Store,
    files: &[Found],
    visibility: store::Visibility,
    organisation: Option<&str>,
) -> anyhow::Result<()> {
    let actor = store::Actor {
        email: None,
        address: None,
        at: jiff::Timestamp::now().as_second(),
    };
    let stated = store.meeting_access()?;
    for file in files {
        // A file that cannot be read again was reported by the import.
        let Ok(bytes) = std::fs::read(&file.path) else {
            continue;
        };
        let sha256 = store::sha256_hex(&bytes);
        let Some(meeting_id) = store.source(&sha256)?.and_then(|source| source.meeting_id) else {
            continue;
        };
        let organisation = match organisation {
            Some(organisation) => organisation.to_owned(),
            None => match stated.get(&meeting_id).and_then(|a| a.organisation.clone()) {
                Some(organisation) => organisation,
                None => store.meeting(&meeting_id)?.body,
            },
        };
        let access = store::MeetingAccess {
            visibility,
            organisation: Some(organisation),
        };
        store
            .set_meeting_access(&meeting_id, &access, &actor)
            .with_context(|| format!("kan ikke gemme synligheden af {meeting_id}"))?;
    }
    Ok(())
}

/// A file to import, and whether it was found in a folder (rather than named).
pub(crate) struct Found {
    pub(crate) path: PathBuf,
    /// Found by walking a folder: skipped, not failed, when it is no document.
    pub(crate) walked: bool,
}

/// The files under the paths given, and the paths (or folders inside them) that could not
/// be read, each with why.
pub(crate) struct Collected {
    /// Sorted, without duplicates.
    pub(crate) files: Vec<Found>,
    pub(crate) unreadable: Vec<(String, anyhow::Error)>,
}

/// Every file under `paths`. A path that is missing or cannot be read is noted and the
/// others are still collected.
pub(crate) fn collect(paths: &[PathBuf]) -> Collected {
    let mut collected = Collected {
        files: Vec::new(),
        unreadable: Vec::new(),
    };
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut collected),
            Ok(_) => collected.files.push(Found {
                path: path.clone(),
                walked: false,
            }),
            Err(err) => collected
                .unreadable
                .push((path.display().to_string(), unreadable(err))),
        }
    }
    collected.files.sort_by(|a, b| a.path.cmp(&b.path));
    collected.files.dedup_by(|a, b| a.path == b.path);
    collected
}

/// Every file under `paths`, or the first path that cannot be read as the error (for the
/// benchmarks, which measure a whole corpus or nothing).
pub(crate) fn collect_all(paths: &[PathBuf]) -> anyhow::Result<Vec<Found>> {
    let Collected { files, unreadable } = collect(paths);
    if let Some((name, err)) = unreadable.into_iter().next() {
        return Err(err.context(format!("kan ikke læse {name}")));
    }
    Ok(files)
}

/// Why a path given cannot be read, and what to do about a missing one.
fn unreadable(err: std::io::Error) -> anyhow::Error {
    if err.kind() == std::io::ErrorKind::NotFound {
        anyhow::anyhow!("findes ikke; tjek stavningen og den mappe, du står i")
    } else {
        err.into()
    }
}

fn walk(dir: &Path, collected: &mut Collected) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            let err = anyhow::Error::new(err).context("mappen kan ikke læses");
            collected.unreadable.push((dir.display().to_string(), err));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let err = anyhow::Error::new(err).context("mappen kan ikke læses til ende");
                collected.unreadable.push((dir.display().to_string(), err));
                return;
            }
        };
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        // A symbolic link counts as what it points to.
        let is_dir = std::fs::metadata(&path).is_ok_and(|meta| meta.is_dir());
        if is_dir {
            walk(&path, collected);
        } else {
            collected.files.push(Found { path, walked: true });
        }
    }
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

/// Ends `bar` at its full length, left standing above what comes next: the last thing on
/// the screen before the summary is the bar at N/N, not the last count it happened to draw.
pub(crate) fn finish(bar: &ProgressBar) {
    if let Some(len) = bar.length() {
        bar.set_position(len);
    }
    bar.finish();
}

/// A spinner saying what is going on (a terminal only), for a step of unknown length.
fn spinner(what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::new_spinner();
    spinner.set_message(what.to_owned());
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
}

/// A meeting ready to store, or why there is none.
enum Prepared {
    Meeting(Box<Meeting>, String),
    Known,
    Skipped(Skip),
}

fn prepare(store: &dyn Store, found: &Found, limits: &formats::Limits) -> anyhow::Result<Prepared> {
    let name = found.path.display().to_string();
    let bytes = input::read_file(&found.path, limits).context("kan ikke læse filen")?;
    // In a folder, what is no document at all is passed over before it is kept; a file
    // named on the command line is tried and its error reported.
    if found.walked
        && let Some(what) = formats::refusal(&bytes)
    {
        return Ok(Prepared::Skipped(Skip::NotADocument(what)));
    }
    // The original is kept before anything is extracted (ARCHITECTURE.md: what is never lost).
    let source = store
        .put_source(&bytes, &name)
        .context("kan ikke gemme originalen")?;
    if !source.new && source.meeting_id.is_some() {
        return Ok(Prepared::Known);
    }
    Ok(
        match extract_meeting(&bytes, &name, &source.sha256, limits)? {
            Some(meeting) => Prepared::Meeting(Box::new(meeting), source.sha256),
            None => Prepared::Skipped(Skip::NotMinutes),
        },
    )
}

/// Reads and extracts one source into a meeting with its source and an id; `None` when
/// the document holds no minutes (neither a meeting date nor any item), which is not
/// stored as a meeting.
pub(crate) fn extract_meeting(
    bytes: &[u8],
    name: &str,
    sha256: &str,
    limits: &formats::Limits,
) -> anyhow::Result<Option<Meeting>> {
    let (mut meeting, _warnings) = input::meeting_from_bytes(bytes, name, limits)?;
    if meeting.date.is_none() && meeting.items.is_empty() {
        return Ok(None);
    }
    meeting.source.sha256 = sha256.to_owned();
    if meeting.id.is_empty() {
        // Extraction found no body or date to build the id from: fall back to the file name,
        // so the document is still kept and findable (and a changed file still maps to the
        // same meeting).
        meeting.id = slug(name);
    }
    Ok(Some(meeting))
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

/// Imports `files` in order, as meetings of `organisation` when it is given; each file is
/// one transaction.
pub(crate) fn import_files(
    store: &dyn Store,
    files: &[Found],
    limits: &formats::Limits,
    organisation: Option<&str>,
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
                let name = files[want].path.display().to_string();
                let outcome = match prepared {
                    Ok(Prepared::Known) => FileOutcome::Known,
                    Ok(Prepared::Skipped(skip)) => FileOutcome::Skipped(skip),
                    Ok(Prepared::Meeting(meeting, sha256)) => {
                        match store.put_meeting_for(&meeting, &sha256, organisation) {
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
    finish(&bar);
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
