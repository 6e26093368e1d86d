//! Issue 18, "the first hour": what got in a newcomer's way, each through the binary. What
//! the person sees is a snapshot (`snapshots/`); behaviour that a snapshot cannot show
//! (timing, signals, a terminal, files left behind) is asserted.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use insta_cmd::assert_cmd_snapshot;

use crate::snapshots::{referat, with_tmp};
use crate::stdout;

/// Minutes in a few lines, written for these tests: a date, an item, a decision.
const MINUTES: &str = "Rådmandsmøde (Rådmandsmøde)\n\n01-07-2025 11:30 - 13:00\n\n\
    Punkt 1: Budget\n\nRådmandsmødekredsen godkendte budgettet.\n";

/// The demo minutes imported into `data`.
fn import_demo(data: &str) {
    let import = referat(&["import", "demo", "--data", data])
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
}

/// Point 2: a path that does not exist is reported, by name and with what to do, and the
/// others are still imported; the exit code says so at the end.
#[test]
fn a_missing_path_does_not_stop_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = dir.path().join("moede.txt");
    std::fs::write(&minutes, MINUTES).unwrap();
    let data = dir.path().join("data");
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!(
            "import_missing_and_present",
            referat(&[
                "import",
                "findes-ikke.pdf",
                minutes.to_str().unwrap(),
                "--data",
                data.to_str().unwrap(),
            ])
        );
    });
}

/// Point 4: in a folder every file is looked at by content. A minutes file without an
/// extension is imported, an image named `.bin` and a program are skipped and counted
/// (named with `--verbose`), and text or HTML that holds no minutes is warned about and
/// not stored as a meeting without date or items.
#[test]
fn folders_are_read_by_content_not_extension() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("ind");
    std::fs::create_dir_all(inputs.join("under")).unwrap();
    std::fs::write(inputs.join("referat-uden-endelse"), MINUTES).unwrap();
    std::fs::write(inputs.join("billede.bin"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(inputs.join("under/program"), b"\x7fELF\x02\x01\x01\0\0\0").unwrap();
    std::fs::write(inputs.join("hilsen.toml"), "Hej med dig\n").unwrap();
    std::fs::write(
        inputs.join("under/side.html"),
        "<!DOCTYPE html><html><body><p>Hej med dig</p></body></html>",
    )
    .unwrap();
    let data = dir.path().join("data");
    let (inputs, data) = (inputs.to_str().unwrap(), data.to_str().unwrap());
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!(
            "import_folder_by_content",
            referat(&["import", inputs, "--data", data])
        );
        assert_cmd_snapshot!(
            "import_folder_by_content_verbose",
            referat(&["import", inputs, "--verbose", "--data", data])
        );
        // One meeting, and no meeting "uden dato" from the greeting.
        assert_cmd_snapshot!("bodies_after_folder", referat(&["bodies", "--data", data]));
    });
    // Named on the command line, an image is an error: it was asked for.
    let image = Path::new(inputs).join("billede.bin");
    let named = referat(&["import", image.to_str().unwrap(), "--data", data])
        .output()
        .unwrap();
    assert_eq!(named.status.code(), Some(2), "{named:?}");
    assert!(String::from_utf8_lossy(&named.stderr).contains("et PNG-billede"));
}

/// Point 5: `show MEETING/3` is the item printed as Punkt 3, as search shows it; the old
/// address by position still finds its item where no item has that number, and a number
/// the meeting does not have is answered with the numbers it has.
#[test]
fn items_are_shown_by_their_printed_number() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    import_demo(data);
    with_tmp(dir.path(), || {
        // Punkt 1 and Punkt 3 at positions 1 and 2.
        assert_cmd_snapshot!(
            "show_meeting_numbers",
            referat(&["show", "raadmandsmoede-2025-04-22", "--data", data])
        );
        assert_cmd_snapshot!(
            "show_item_by_number",
            referat(&["show", "raadmandsmoede-2025-04-22/3", "--data", data])
        );
        assert_cmd_snapshot!(
            "show_item_not_in_meeting",
            referat(&["show", "raadmandsmoede-2025-04-22/9", "--data", data])
        );
    });
    let by_position = referat(&["show", "raadmandsmoede-2025-04-22/2", "--data", data])
        .output()
        .unwrap();
    let by_number = referat(&["show", "raadmandsmoede-2025-04-22/3", "--data", data])
        .output()
        .unwrap();
    assert!(by_position.status.success(), "{by_position:?}");
    assert_eq!(stdout(&by_position), stdout(&by_number));
    // Search and show agree: every id search prints, show finds as the same item.
    let search = referat(&["search", "visitation", "--json", "--data", data])
        .output()
        .unwrap();
    let results: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    let hit = &results["hits"][0];
    let shown = referat(&["show", hit["id"].as_str().unwrap(), "--data", data])
        .output()
        .unwrap();
    let number = hit["number"].as_str().unwrap();
    assert!(
        stdout(&shown).contains(&format!("· punkt {number}\n")),
        "{}",
        stdout(&shown)
    );
}

/// Point 6: `--body` by a case-insensitive beginning of the name or of a word in it, also
/// in the definite form; no match lists the bodies there are; `referat bodies` lists them.
#[test]
fn bodies_are_found_by_the_beginning_of_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    import_demo(data);
    for body in ["Rådmandsmøde", "rådmandsmødet", "RAAD", "rådmand"] {
        let search = referat(&["search", "plejehjem", "--body", body, "--data", data])
            .output()
            .unwrap();
        assert!(search.status.success(), "{body}: {search:?}");
    }
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!("bodies", referat(&["bodies", "--data", data]));
        assert_cmd_snapshot!(
            "search_unknown_body",
            referat(&["search", "plejehjem", "--body", "Økonomi", "--data", data])
        );
    });
}

/// Point 8: the readers' and the database driver's English is said in Danish.
#[test]
fn errors_are_danish_all_through() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("moede.json"), r#"{"Moede": {}}"#).unwrap();
    std::fs::write(
        dir.path().join("afkortet.docx"),
        b"PK\x03\x04\x14\0\0\0word/document.xml",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("brudt.json"),
        r#"{"Moede": {"Sted": "Rådhuset""#,
    )
    .unwrap();
    let tmp = dir.path().to_str().unwrap();
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!(
            "extract_english_errors_in_danish",
            referat(&[
                "extract",
                &format!("{tmp}/moede.json"),
                &format!("{tmp}/afkortet.docx"),
                &format!("{tmp}/brudt.json"),
            ])
        );
    });
}

/// Point 8 and 9: a PostgreSQL that refuses the connection is reported at once, in
/// Danish, not after the pool's 5 seconds of retrying.
#[test]
fn a_refused_database_fails_fast_in_danish() {
    // Nothing listens on port 1 of this machine: the connection is refused.
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_referat"))
        .env_remove("REFERAT_DATA")
        .env_remove("REFERAT_DATABASE_URL")
        .args([
            "people",
            "--database",
            "postgres://referat@127.0.0.1:1/referat",
        ])
        .output()
        .unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(took < Duration::from_secs(3), "took {took:?}: {stderr}");
    assert!(
        stderr.contains("serveren afviste forbindelsen (kører PostgreSQL"),
        "{stderr}"
    );
    assert!(!stderr.contains("connection"), "{stderr}");
}

/// Point 8: the CSV's status column in the words of the web pages.
#[test]
fn csv_status_is_danish() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    import_demo(data);
    let csv = referat(&["actions", "--csv", "--data", data])
        .output()
        .unwrap();
    let csv = stdout(&csv);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",status"));
    assert!(lines.all(|line| line.ends_with(",åben")), "{csv}");
}

/// Point 9: Ctrl-C ends `referat demo` normally and its temporary folder is removed;
/// `--addr` takes `host:port` with a name, and a bare port.
#[cfg(unix)]
#[test]
fn demo_cleans_up_on_ctrl_c() {
    for (addr, signal) in [("localhost:0", "-INT"), ("0", "-TERM")] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
            .args(["demo", "--addr", addr])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let imported = lines.next().unwrap().unwrap();
        let folder = imported
            .rsplit_once(" importeret i ")
            .map(|(_, folder)| folder.to_owned())
            .unwrap_or_else(|| panic!("{imported}"));
        assert!(Path::new(&folder).is_dir(), "{folder}");
        let serving = lines.next().unwrap().unwrap();
        assert!(
            serving.starts_with("referat: serverer på http://127.0.0.1:"),
            "{addr}: {serving}"
        );
        let killed = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        let rest: Vec<String> = lines.map_while(Result::ok).collect();
        assert!(status.success(), "{addr}: {status:?} {rest:?}");
        assert!(!Path::new(&folder).exists(), "{folder} is left behind");
        assert_eq!(
            rest,
            ["referat: stoppet; den midlertidige mappe er fjernet"],
            "{addr}"
        );
    }
}

/// Point 9: `--addr` that is no address says which forms are.
#[test]
fn a_bad_address_says_which_forms_there_are() {
    let dir = tempfile::tempdir().unwrap();
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!(
            "usage_bad_address",
            referat(&["serve", "--addr", "localhost"])
        );
    });
}

/// Point 9: the version is the package's with the commit it was built from.
#[test]
fn version_names_the_commit() {
    let output = referat(&["--version"]).output().unwrap();
    assert!(output.status.success());
    let version = stdout(&output);
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    let want = format!("referat {}", env!("CARGO_PKG_VERSION"));
    match head {
        Ok(head) if head.status.success() => {
            let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
            assert!(
                version.starts_with(&format!("{want} ({head} ")),
                "{version}"
            );
        }
        // Without git the version alone.
        _ => assert_eq!(version, format!("{want}\n")),
    }
    assert_ne!(env!("CARGO_PKG_VERSION"), "0.0.0");
}

/// Point 9: completion scripts for the shells, from the same command line that parses.
#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = referat(&["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}: {output:?}");
        let script = stdout(&output);
        for word in ["referat", "import", "verbose", "bodies"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!(
            "completions_unknown_shell",
            referat(&["completions", "tcsh"])
        );
    });
}

/// Point 9: one of a thing is singular.
#[test]
fn one_is_singular() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    import_demo(data);
    let people = stdout(&referat(&["people", "--data", data]).output().unwrap());
    assert!(people.contains(": 1 møde, "), "{people}");
    assert!(!people.contains(" 1 møder") && !people.contains(" 1 opfølgninger"));
    let meeting = stdout(
        &referat(&["show", "raadmandsmoede-2025-07-01", "--data", data])
            .output()
            .unwrap(),
    );
    assert!(!meeting.contains(" 1 beslutninger") && !meeting.contains(" 1 opfølgninger"));
    assert!(meeting.contains("(1 beslutning, "), "{meeting}");
}

/// Point 9: on a terminal the progress bar ends at N/N before the summary. `script` (from
/// util-linux) gives the import a terminal; without it the test says so and passes.
#[cfg(unix)]
#[test]
fn the_progress_bar_ends_full_before_the_summary() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("note: no `script` here; skipping the terminal test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("ind");
    std::fs::create_dir_all(&inputs).unwrap();
    for n in 0..40 {
        let text = MINUTES.replace("01-07-2025", &format!("{:02}-07-2025", n % 28 + 1));
        std::fs::write(inputs.join(format!("moede-{n:02}.txt")), text.repeat(n + 1)).unwrap();
    }
    let data = dir.path().join("data");
    let command = format!(
        "{} import {} --data {}",
        env!("CARGO_BIN_EXE_referat"),
        inputs.display(),
        data.display()
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("COLUMNS", "120")
        .env("LINES", "40")
        .env_remove("REFERAT_DATA")
        .env_remove("REFERAT_DATABASE_URL")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{screen}");
    let full = screen
        .rfind("40/40")
        .unwrap_or_else(|| panic!("{screen:?}"));
    let summary = screen
        .find("importeret: ")
        .unwrap_or_else(|| panic!("{screen:?}"));
    assert!(full < summary, "{screen:?}");
}
