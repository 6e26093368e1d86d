//! import, search, show, people and actions on the seed minutes.

use std::process::Command;

use crate::{run, shared, stdout};

#[test]
fn import_then_search_show_people_actions_on_the_seeds() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let seeds = shared.join("seeds");
    let seeds = seeds.to_str().unwrap();

    let import = run(&data, &["import", seeds]);
    assert!(import.status.success(), "{import:?}");
    assert_eq!(
        stdout(&import),
        "importeret: 5, nye versioner: 0, genudtrukket: 0, uændret: 0, sprunget over: 0, fejlet: 0\n"
    );
    // The same bytes again: nothing changes.
    let again = run(&data, &["import", seeds]);
    assert!(
        stdout(&again).contains("importeret: 0, nye versioner: 0, genudtrukket: 0, uændret: 5")
    );

    // The seeds' case "Frisættelse af plejehjem" at 2023-12 and 2024-11.
    let search = run(&data, &["search", "frisættelse", "plejehjem", "--json"]);
    assert!(search.status.success());
    let results: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    let ids: Vec<&str> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"raadmandsmoede-2024-11-05/2"), "{ids:?}");
    assert!(ids.contains(&"raadmandsmoede-2023-12-08/2"), "{ids:?}");

    let show = run(&data, &["show", "raadmandsmoede-2024-11-05/2"]);
    assert!(show.status.success());
    let text = stdout(&show);
    assert!(
        text.starts_with("Rådmandsmøde 2024-11-05 · punkt 2\nFrisættelse af plejehjem"),
        "{text}"
    );
    assert!(text.contains("Samme sag på andre møder:"), "{text}");
    assert!(text.contains("[raadmandsmoede-2023-12-08/2]"), "{text}");

    let missing = run(&data, &["show", "findes-ikke"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("findes-ikke findes ikke"));

    let people = run(&data, &["people", "--json"]);
    let people: serde_json::Value = serde_json::from_slice(&people.stdout).unwrap();
    let boel = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Christian Boel")
        .unwrap();
    assert_eq!(boel["aliases"], serde_json::json!(["Boel"]));

    let actions = run(&data, &["actions", "--owner", "Boel", "--csv"]);
    assert!(actions.status.success());
    let csv = stdout(&actions);
    assert!(csv.starts_with("id,møde,dato,organ,punkt,titel,opfølgning,ansvarlige"));
    assert!(
        csv.lines()
            .skip(1)
            .all(|line| line.contains("Christian Boel")),
        "{csv}"
    );
    let due = run(&data, &["actions", "--due-before", "2024-01-01", "--json"]);
    let due: serde_json::Value = serde_json::from_slice(&due.stdout).unwrap();
    assert!(
        due.as_array()
            .unwrap()
            .iter()
            .all(|row| row["action"]["due"]["by"].as_str().unwrap() < "2024-01-01")
    );

    let nothing = run(&data, &["search", "giraf"]);
    assert_eq!(nothing.status.code(), Some(1));
}

#[test]
fn a_bad_file_is_reported_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(inputs.join("tom.txt"), b"").unwrap();
    std::fs::write(
        inputs.join("moede.txt"),
        "Rådmandsmøde (Rådmandsmøde)\n\n01-07-2025 11:30 - 13:00\n\nPunkt 1: Budget\n\nRådmandsmødekredsen godkendte budgettet.\n",
    )
    .unwrap();
    let import = run(&data, &["import", inputs.to_str().unwrap()]);
    assert_eq!(import.status.code(), Some(2));
    assert!(stdout(&import).contains("importeret: 1,"), "{import:?}");
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(
        stderr.contains("tom.txt") && stderr.contains("tom"),
        "{stderr}"
    );
}

/// A reader that stops early (`referat extract … --json | head -1`) is no error: the JSON
/// writer's broken pipe ends the command quietly with 0, as text output does.
#[test]
fn json_into_a_closed_pipe_is_quiet() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let Some(shared) = shared() else { return };
    let seeds: Vec<_> = std::fs::read_dir(shared.join("seeds"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
        .arg("extract")
        .args(&seeds)
        .args(&seeds)
        .arg("--json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The reading end is dropped here, long before the output (well over a pipe's buffer) ends.
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Issue 12: reading a named pipe waits for a writer, so an import of a folder holding one
/// hung. It is refused, by name, before it is opened, and the rest is imported.
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(
        inputs.join("moede.txt"),
        "Rådmandsmøde (Rådmandsmøde)\n\n01-07-2025 11:30 - 13:00\n\nPunkt 1: Budget\n\nRådmandsmødekredsen godkendte budgettet.\n",
    )
    .unwrap();
    let fifo = inputs.join("ventende.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());

    let import = run(&data, &["import", inputs.to_str().unwrap()]);
    assert_eq!(import.status.code(), Some(2));
    assert!(stdout(&import).contains("importeret: 1,"), "{import:?}");
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(
        stderr.contains("ventende.txt") && stderr.contains("navngiven pipe (FIFO)"),
        "{stderr}"
    );

    let extract = Command::new(env!("CARGO_BIN_EXE_referat"))
        .arg("extract")
        .arg(&fifo)
        .output()
        .unwrap();
    assert_eq!(extract.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&extract.stderr);
    assert!(
        stderr.contains("ventende.txt") && stderr.contains("navngiven pipe (FIFO)"),
        "{stderr}"
    );
}

/// Issue 13: without `--lukkede`, `search`, `show` and `actions` answer as the public does,
/// so a closed item's words (here "gnavertårnet", in its text, decision and follow-up) stay
/// out of their output; with it, the operator reads them.
#[test]
fn closed_items_need_lukkede() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let minutes = dir.path().join("havn.txt");
    std::fs::write(
        &minutes,
        "Referat Havneudvalget\n\nMødedato: Mandag den 4. august 2025 kl. 16:00\n\n\
         Deltagere: Karin Holm, Bent Sørensen\n\n\
         Punkt 1: Lukket: Køb af grund ved fyrpladsen\n\n\
         Sælger har krævet fortrolighed om gnavertårnet.\n\nBeslutning\n\
         Udvalget godkendte købet af gnavertårnet.\n\
         Ulrikke Tjørnehøj undersøger gnavertårnet inden 1. oktober 2025.\n\n\
         Punkt 2: Fyrpladsens belysning\n\nBeslutning\nUdvalget godkendte ny belysning.\n",
    )
    .unwrap();
    let import = run(&data, &["import", minutes.to_str().unwrap()]);
    assert!(import.status.success(), "{import:?}");
    let secret = "gnavertårn";
    // Each command, and whether its output with `--lukkede` shows the closed text (the
    // meeting summary counts decisions and follow-ups only).
    for (args, shows_text) in [
        (&["search", "fortrolighed", "--json"][..], true),
        (&["show", "havneudvalget-2025-08-04"], false),
        (&["show", "havneudvalget-2025-08-04", "--json"], true),
        (&["show", "havneudvalget-2025-08-04/1"], true),
        (&["actions", "--json"], true),
        (&["actions", "--csv"], true),
        (&["people", "--json"], false),
    ] {
        let public = run(&data, args);
        assert!(
            public.status.success() || public.status.code() == Some(1),
            "{public:?}"
        );
        let text = stdout(&public);
        assert!(
            !text.contains(secret) && !text.contains("Tjørnehøj"),
            "{args:?}: {text}"
        );
        let with_flag = run(&data, &[args, &["--lukkede"]].concat());
        assert!(with_flag.status.success(), "{with_flag:?}");
        let text = stdout(&with_flag);
        assert_eq!(text.contains(secret), shows_text, "{args:?}: {text}");
    }
    let summary = stdout(&run(
        &data,
        &["show", "havneudvalget-2025-08-04", "--lukkede"],
    ));
    assert!(
        summary.contains("(1 beslutning, 1 opfølgning)"),
        "{summary}"
    );
    let people = stdout(&run(&data, &["people", "--lukkede"]));
    assert!(people.contains("Ulrikke Tjørnehøj"), "{people}");
    let summary = stdout(&run(&data, &["show", "havneudvalget-2025-08-04"]));
    assert!(
        summary.contains("(0 beslutninger, 0 opfølgninger)"),
        "{summary}"
    );
    // The operator releases the decision: the public reads it, and still nothing else.
    let publish = run(&data, &["publish", "havneudvalget-2025-08-04/1"]);
    assert!(publish.status.success(), "{publish:?}");
    assert!(stdout(&publish).contains("er nu offentlige"), "{publish:?}");
    let released = stdout(&run(&data, &["show", "havneudvalget-2025-08-04/1"]));
    assert!(
        released.contains("godkendte købet af gnavertårnet"),
        "{released}"
    );
    assert!(
        !released.contains("fortrolighed") && !released.contains("Tjørnehøj"),
        "{released}"
    );
    let withdrawn = run(
        &data,
        &["publish", "havneudvalget-2025-08-04/1", "--tilbagekald"],
    );
    assert!(withdrawn.status.success(), "{withdrawn:?}");
    let show = stdout(&run(&data, &["show", "havneudvalget-2025-08-04/1"]));
    assert!(!show.contains(secret), "{show}");
    // An open item has nothing to release.
    let open = run(&data, &["publish", "havneudvalget-2025-08-04/2"]);
    assert_eq!(open.status.code(), Some(1), "{open:?}");
    assert!(stdout(&open).contains("er ikke lukket"), "{open:?}");

    // The title stays public, and finds the item.
    let show = stdout(&run(&data, &["show", "havneudvalget-2025-08-04/1"]));
    assert!(
        show.contains("Lukket: Køb af grund ved fyrpladsen"),
        "{show}"
    );
    let search = stdout(&run(&data, &["search", "fyrpladsen"]));
    assert!(
        search.contains("Lukket: Køb af grund ved fyrpladsen"),
        "{search}"
    );
}
