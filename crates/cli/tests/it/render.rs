//! `referat render`: every format written by the binary reads back with `referat extract`,
//! replaced templates are used, and bad input is a Danish error naming the file and field.

use std::process::{Command, Output};

use crate::stdout;

const MEETING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../render/tests/data/teknik-og-miljoe.json"
);

fn referat(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_referat"))
        .env_remove("REFERAT_CONFIG")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_format_reads_back_with_extract() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["pdf", "docx", "md", "html"] {
        let file = dir.path().join(format!("møde.{format}"));
        let render = referat(&[
            "render".as_ref(),
            MEETING.as_ref(),
            "--to".as_ref(),
            format.as_ref(),
            "-o".as_ref(),
            file.as_os_str(),
        ]);
        assert!(render.status.success(), "{format}: {}", stderr(&render));
        let extract = referat(&["extract".as_ref(), file.as_os_str(), "--json".as_ref()]);
        assert!(extract.status.success(), "{format}: {}", stderr(&extract));
        let meeting: serde_json::Value = serde_json::from_slice(&extract.stdout).unwrap();
        assert_eq!(meeting["body"], "Teknik- og Miljøudvalget", "{format}");
        assert_eq!(meeting["date"], "2026-03-10", "{format}");
        let titles: Vec<&str> = meeting["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "Trafiksikkerhed ved Skolevej & Parkallé",
                "Affaldsplan 2026-2030",
                "Vintertjeneste - evaluering",
                "Eventuelt",
                "Køb af ejendom"
            ],
            "{format}"
        );
    }
}

#[test]
fn markdown_goes_to_stdout_through_a_replaced_template() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("referat.md"),
        "{{ body }} {{ date_line }}\n{% for item in items %}{{ item.heading }}\n{% endfor %}",
    )
    .unwrap();
    let output = referat(&[
        "render".as_ref(),
        MEETING.as_ref(),
        "--to".as_ref(),
        "md".as_ref(),
        "--template".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "Teknik- og Miljøudvalget 10-03-2026 16:00 - 18:30\n\
             Punkt 1: Trafiksikkerhed ved Skolevej & Parkallé\n"
        ),
        "{text}"
    );
}

#[test]
fn bad_input_is_a_danish_error_naming_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("møde.json");
    std::fs::write(
        &bad,
        r#"{"body": "Udvalget", "date": "2026-03-10", "items": [{"number": "1"}]}"#,
    )
    .unwrap();
    let output = referat(&[
        "render".as_ref(),
        bad.as_os_str(),
        "--to".as_ref(),
        "pdf".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "referat: fejl: {}: er ikke et møde: feltet items[0]: mangler feltet title\n",
            bad.display()
        )
    );

    let empty = tempfile::tempdir().unwrap();
    let output = referat(&[
        "render".as_ref(),
        MEETING.as_ref(),
        "--to".as_ref(),
        "html".as_ref(),
        "--template".as_ref(),
        empty.path().as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("har ingen af skabelonerne referat.md, referat.html"),
        "{}",
        stderr(&output)
    );

    let missing = referat(&[
        "render".as_ref(),
        "findes-ikke.json".as_ref(),
        "--to".as_ref(),
        "md".as_ref(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing),
        "referat: fejl: findes-ikke.json: findes ikke\n"
    );
}

#[test]
fn verify_gives_the_content_hash_and_detects_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let hash_of = |output: &Output| {
        stdout(output)
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_owned()
    };
    let first = referat(&["verify".as_ref(), MEETING.as_ref()]);
    assert!(first.status.success(), "{}", stderr(&first));
    let hash = hash_of(&first);
    assert!(
        hash.starts_with("sha256:") && hash.len() == 7 + 64,
        "{hash}"
    );

    let same = referat(&[
        "verify".as_ref(),
        MEETING.as_ref(),
        "--forventet".as_ref(),
        hash.as_ref(),
    ]);
    assert!(same.status.success(), "{}", stderr(&same));
    assert!(
        stdout(&same).starts_with("uændret: sha256:"),
        "{}",
        stdout(&same)
    );

    // One word of one decision changed: the content is not the one sealed.
    let changed = dir.path().join("ændret.json");
    let json = std::fs::read_to_string(MEETING).unwrap();
    std::fs::write(&changed, json.replacen("hævede flader", "hævet flade", 1)).unwrap();
    let output = referat(&[
        "verify".as_ref(),
        changed.as_os_str(),
        "--forventet".as_ref(),
        hash.as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("ÆNDRET: "),
        "{}",
        stdout(&output)
    );

    // A meeting in a data folder, by its id.
    let minutes = dir.path().join("møde.md");
    let render = referat(&[
        "render".as_ref(),
        MEETING.as_ref(),
        "--to".as_ref(),
        "md".as_ref(),
        "-o".as_ref(),
        minutes.as_os_str(),
    ]);
    assert!(render.status.success(), "{}", stderr(&render));
    let data = dir.path().join("data");
    let import = crate::run(&data, &["import", minutes.to_str().unwrap()]);
    assert!(import.status.success(), "{}", stderr(&import));
    let by_id = crate::run(&data, &["verify", "teknik-og-miljoeudvalget-2026-03-10"]);
    assert!(by_id.status.success(), "{}", stderr(&by_id));
    assert!(hash_of(&by_id).starts_with("sha256:"), "{}", stdout(&by_id));
    let missing = crate::run(&data, &["verify", "findes-ikke"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("er hverken en fil eller et møde"),
        "{}",
        stderr(&missing)
    );
}

/// Minutes written and approved in referat (issue 14): `verify ID` checks every seal against
/// the database and finds a change made directly in it (with `sqlite3`, which
/// `scripts/test` installs), in the published copy and in the sealed version alike.
#[test]
fn verify_finds_a_change_made_directly_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = "teknik-og-miljoeudvalget-2026-03-10";
    {
        use store::Store as _;
        let store = store::SqliteStore::open(&data).unwrap();
        let actor = store::Actor {
            email: Some("sekr@greve.dk".into()),
            address: None,
            at: 1_760_000_000,
        };
        let series = store
            .add_series(
                &store::NewSeries {
                    body: "Teknik- og Miljøudvalget".into(),
                    organisation: "Greve".into(),
                    signing: store::SigningPolicy::Nobody,
                    chair: None,
                    secretary: None,
                    location: None,
                },
                &actor,
            )
            .unwrap();
        let mut meeting =
            render::meeting_from_json(&std::fs::read_to_string(MEETING).unwrap()).unwrap();
        meeting.id = id.into();
        let plan: Vec<store::Planned> = meeting
            .items
            .iter()
            .map(|_| store::Planned::default())
            .collect();
        let created = store
            .create_authored(series, &meeting, &plan, &actor)
            .unwrap();
        assert_eq!(created, id);
        for state in [
            store::MeetingState::AgendaSent,
            store::MeetingState::Held,
            store::MeetingState::ForApproval,
        ] {
            store.move_authored(id, state, &actor).unwrap();
        }
        let source = store.put_source(b"%PDF referat", "referat.pdf").unwrap();
        store
            .publish_authored(id, &source.sha256, "referat.pdf", &actor)
            .unwrap();
    }
    let sound = crate::run(&data, &["verify", id]);
    assert!(sound.status.success(), "{}", stderr(&sound));
    let out = stdout(&sound);
    assert!(out.starts_with("forseglet: sha256:"), "{out}");
    assert!(out.contains("\noffentliggjort: sha256:"), "{out}");

    let db = data.join(store::DB_FILE);
    let sql = |statement: &str| {
        let done = Command::new("sqlite3")
            .arg(&db)
            .arg(statement)
            .output()
            .expect("sqlite3 (scripts/test installs it)");
        assert!(done.status.success(), "{}", stderr(&done));
    };
    // One word of one decision, in the register's copy.
    sql("UPDATE meeting_versions SET json = replace(json, 'hævede flader', 'hævet flade')");
    let changed = crate::run(&data, &["verify", id]);
    assert_eq!(changed.status.code(), Some(1), "{}", stderr(&changed));
    let out = stdout(&changed);
    assert!(out.starts_with("forseglet: sha256:"), "{out}");
    assert!(out.contains("ÆNDRET: det offentliggjorte referat"), "{out}");
    // And in the sealed version itself.
    sql("UPDATE authored_versions SET json = replace(json, 'hævede flader', 'hævet flade')");
    let changed = crate::run(&data, &["verify", id]);
    assert_eq!(changed.status.code(), Some(1));
    assert!(
        stdout(&changed).starts_with(&format!("ÆNDRET: {id} udgave 1 har indholdet sha256:")),
        "{}",
        stdout(&changed)
    );
}

#[test]
fn offentlig_leaves_out_what_a_closed_item_holds() {
    let render = |public: bool| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "render".as_ref(),
            MEETING.as_ref(),
            "--to".as_ref(),
            "md".as_ref(),
        ];
        if public {
            args.push("--offentlig".as_ref());
        }
        let output = referat(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    let internal = render(false);
    let public = render(true);
    for text in [&internal, &public] {
        assert!(
            text.contains("## Punkt 5: Køb af ejendom\n\nLukket punkt\n"),
            "{text}"
        );
        assert!(
            text.contains("Punktet om cykelparkering blev udsat."),
            "{text}"
        );
    }
    assert!(internal.contains("Købet af ejendommen"), "{internal}");
    assert!(!public.contains("Købet af ejendommen"), "{public}");
}
