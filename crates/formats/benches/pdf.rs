//! PDF reading speed: our reader (`formats::pdf`) against poppler's `pdftotext` on the same
//! files, in one run, as pages per second and their ratio. Plain `std::time`, no harness:
//! `cargo bench -p formats --bench pdf`. `pdftotext` runs as a subprocess, as it would in
//! a pipeline, so its figure includes process start-up; ours is the library call.
//!
//! Files: the real Aarhus minutes in `../shared/corpus/` when present (28 pages, skipped
//! with a note when absent) and the committed fixtures that have text.
//!
//! `cargo bench -p formats --bench pdf -- dump FILE` prints our text of FILE instead, with
//! page numbers, for comparing by eye with `pdftotext FILE -`. Under `cargo test`
//! (`--all-targets` in CI), which does not pass `--bench`, each file is read once as a
//! smoke test and nothing is timed.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]
#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark reads files and the clock"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Each side runs for at least this long per file, and at least `MIN_RUNS` times.
const MIN_TIME: Duration = Duration::from_secs(2);
const MIN_RUNS: u32 = 5;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(idx) = args.iter().position(|a| a == "dump") {
        for file in &args[idx + 1..] {
            dump(Path::new(file));
        }
        return;
    }

    let timing = args.iter().any(|a| a == "--bench");

    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let corpus = manifest
        .join("../../../shared/corpus/firstagenda-pdf/aarhus_2025-08-27_byraad_referat.pdf");
    if corpus.exists() {
        files.push(corpus);
    } else {
        println!(
            "note: {} not found; benchmarking the fixtures only",
            corpus.display()
        );
    }
    for name in ["minutes-hyphenated.pdf", "two-columns.pdf"] {
        files.push(manifest.join("tests/data").join(name));
    }
    if !timing {
        for file in &files {
            let bytes =
                std::fs::read(file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
            formats::pdf::fuzz_pdf(&bytes).expect("the benchmark files are readable");
        }
        println!(
            "pdf bench: {} files read once (run `cargo bench` to time)",
            files.len()
        );
        return;
    }
    let have_pdftotext = Command::new("pdftotext")
        .arg("-v")
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !have_pdftotext {
        println!("note: pdftotext not found (apt-get install poppler-utils); timing ours only");
    }

    let (mut ours_pages, mut ours_time) = (0.0, Duration::ZERO);
    let (mut poppler_pages, mut poppler_time) = (0.0, Duration::ZERO);
    println!(
        "{:<44} {:>6} {:>14} {:>14} {:>7}",
        "file", "pages", "ours p/s", "pdftotext p/s", "ratio"
    );
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        let pages = lopdf::Document::load_mem(&bytes).map_or(0, |doc| doc.get_pages().len()) as f64;

        let (runs, elapsed) = repeat(|| {
            let text = formats::pdf::fuzz_pdf(&bytes).expect("the benchmark files are readable");
            std::hint::black_box(text);
        });
        let ours = pages * f64::from(runs) / elapsed.as_secs_f64();
        ours_pages += pages * f64::from(runs);
        ours_time += elapsed;

        let poppler = if have_pdftotext {
            let (runs, elapsed) = repeat(|| {
                let status = Command::new("pdftotext")
                    .arg(file)
                    .arg("-")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .expect("pdftotext runs");
                assert!(status.success());
            });
            poppler_pages += pages * f64::from(runs);
            poppler_time += elapsed;
            pages * f64::from(runs) / elapsed.as_secs_f64()
        } else {
            f64::NAN
        };
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        println!(
            "{name:<44} {pages:>6} {ours:>14.0} {poppler:>14.0} {:>6.2}x",
            ours / poppler
        );
    }
    let ours = ours_pages / ours_time.as_secs_f64();
    let poppler = poppler_pages / poppler_time.as_secs_f64();
    println!(
        "{:<44} {:>6} {ours:>14.0} {poppler:>14.0} {:>6.2}x",
        "all files",
        "",
        ours / poppler
    );
}

/// Runs `work` until `MIN_TIME` has passed and it ran `MIN_RUNS` times, after one warm-up run.
fn repeat(mut work: impl FnMut()) -> (u32, Duration) {
    work();
    let start = Instant::now();
    let mut runs = 0;
    while runs < MIN_RUNS || start.elapsed() < MIN_TIME {
        work();
        runs += 1;
    }
    (runs, start.elapsed())
}

fn dump(file: &Path) {
    let bytes = std::fs::read(file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
    match formats::pdf::fuzz_pdf(&bytes) {
        Ok(text) => {
            for warning in &text.warnings {
                eprintln!("warning: {warning}");
            }
            for line in &text.lines {
                println!("{:>3} {}", line.page, line.text);
            }
        }
        Err(err) => eprintln!("{}: {err}", file.display()),
    }
}
