//! `referat backup`, `referat restore` and `referat check` (issue 17): a backup taken while
//! an import writes restores into a folder that passes every check, and `check` finds a
//! flipped byte in an original and a missing file of the search index.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::{import, run, shared, stdout};

/// The seed minutes as DOCX and PDF, bundled with the tests.
fn seed_formats() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seed-formats")
}

/// `referat <args>` without a data folder flag (given in `args` where needed).
fn referat(args: &[&str], data: &Path) -> Output {
    run(data, args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A data folder with the seed formats imported.
fn imported() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let data = folder.path().join("data");
    let output = import(&seed_formats(), &data).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    folder
}

#[test]
fn a_backup_restores_into_an_empty_folder_that_passes_check() {
    let folder = imported();
    let data = folder.path().join("data");
    let file = folder.path().join("kopi.zip");
    let file_arg = file.to_str().unwrap();
    let backup = referat(&["backup", "--to", file_arg], &data);
    assert!(backup.status.success(), "{}", stderr(&backup));
    assert!(stdout(&backup).contains("5 møder"), "{}", stdout(&backup));

    // Neither a second backup over the first nor a restore over data replaces anything.
    let again = referat(&["backup", "--to", file_arg], &data);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("findes allerede"),
        "{}",
        stderr(&again)
    );
    let over = referat(&["restore", file_arg], &data);
    assert_eq!(over.status.code(), Some(2));
    assert!(stderr(&over).contains("er ikke tom"), "{}", stderr(&over));

    let restored = folder.path().join("gendannet");
    let restore = referat(&["restore", file_arg], &restored);
    assert!(restore.status.success(), "{}", stderr(&restore));
    let check = referat(&["check"], &restored);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(!stdout(&check).contains("fejl"), "{}", stdout(&check));
    // The restored folder answers as the original does (scores may differ in the last
    // digit: the index is built anew, in other segments).
    let search = |data: &Path| hit_ids(&stdout(&referat(&["search", "plejehjem", "--json"], data)));
    assert_eq!(search(&restored), search(&data));
}

#[test]
fn restore_refuses_what_is_no_backup() {
    let folder = tempfile::tempdir().unwrap();
    let not_zip = folder.path().join("referat.db");
    std::fs::write(&not_zip, b"SQLite format 3\0 men ikke en sikkerhedskopi").unwrap();
    let restored = folder.path().join("gendannet");
    let output = referat(&["restore", not_zip.to_str().unwrap()], &restored);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("er ikke en sikkerhedskopi fra `referat backup`"),
        "{}",
        stderr(&output)
    );
    assert!(
        !restored.exists(),
        "a failed restore leaves no folder behind"
    );
}

#[test]
fn check_finds_a_flipped_byte_in_an_original() {
    let folder = imported();
    // A restored folder: its database is one file, with nothing left in a write-ahead log.
    let file = folder.path().join("kopi.zip");
    let backup = referat(
        &["backup", "--to", file.to_str().unwrap()],
        &folder.path().join("data"),
    );
    assert!(backup.status.success(), "{}", stderr(&backup));
    let data = folder.path().join("gendannet");
    let restore = referat(&["restore", file.to_str().unwrap()], &data);
    assert!(restore.status.success(), "{}", stderr(&restore));
    // The bytes of an original lie in the database file as they were read: find a stretch
    // of one in the file and flip a bit in it, as a failing disk would.
    let original = std::fs::read(seed_formats().join("seed_002.pdf")).unwrap();
    let db_path = data.join(store::DB_FILE);
    let mut db = std::fs::read(&db_path).unwrap();
    let at = (original.len() / 2..original.len() - 64)
        .step_by(97)
        .find_map(|start| memfind(&db, &original[start..start + 64]).map(|at| at + 32))
        .expect("the original's bytes are in the database file");
    db[at] ^= 0x04;
    std::fs::write(&db_path, db).unwrap();

    let check = referat(&["check"], &data);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    let report = stdout(&check);
    assert!(report.contains("ok: databasen er sund"), "{report}");
    assert!(report.contains("fejl: originalen "), "{report}");
    assert!(report.contains("seed_002.pdf er ændret"), "{report}");
    assert!(report.contains("ok: søgeindekset er helt"), "{report}");
}

#[test]
fn check_finds_a_missing_index_segment() {
    let folder = imported();
    let data = folder.path().join("data");
    let index = data.join("index");
    let store_file = std::fs::read_dir(&index)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "store"))
        .unwrap();
    std::fs::remove_file(&store_file).unwrap();

    let check = referat(&["check"], &data);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    let report = stdout(&check);
    let name = store_file.file_name().unwrap().to_str().unwrap();
    assert!(
        report.contains(&format!("mangler filen {name}")),
        "{report}"
    );
    assert!(report.contains("originaler har deres SHA-256"), "{report}");
}

#[test]
fn backups_taken_under_import_load_restore_and_pass_check() {
    let Some(shared) = shared() else {
        return;
    };
    let folder = imported();
    let data = folder.path().join("data");
    // Another process writes the whole time: an import of the Greve corpus (373 meetings).
    let mut writer = import(&shared.join("corpus/greve-api"), &data)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut backups = Vec::new();
    while backups.len() < 3 {
        let file = folder.path().join(format!("kopi-{}.zip", backups.len()));
        let backup = referat(&["backup", "--to", file.to_str().unwrap()], &data);
        assert!(backup.status.success(), "{}", stderr(&backup));
        let during = writer.try_wait().unwrap().is_none();
        backups.push((file, during));
    }
    let finished = writer.wait().unwrap();
    assert!(finished.success());
    assert!(
        backups.iter().any(|(_, during)| *during),
        "no backup was taken while the import ran"
    );
    let mut meetings = Vec::new();
    for (n, (file, _)) in backups.iter().enumerate() {
        let restored = folder.path().join(format!("gendannet-{n}"));
        let restore = referat(&["restore", file.to_str().unwrap()], &restored);
        assert!(restore.status.success(), "{}", stderr(&restore));
        let check = referat(&["check"], &restored);
        assert!(check.status.success(), "{}", stdout(&check));
        let bodies = referat(&["bodies", "--json"], &restored);
        let bodies: serde_json::Value = serde_json::from_slice(&bodies.stdout).unwrap();
        let count: u64 = bodies
            .as_array()
            .unwrap()
            .iter()
            .map(|body| body["meetings"].as_u64().unwrap())
            .sum();
        meetings.push(count);
    }
    // Each copy holds the seeds and some of the corpus, the later ones no less.
    assert!(meetings.iter().all(|&n| n >= 5), "{meetings:?}");
    assert!(
        meetings.windows(2).all(|pair| pair[0] <= pair[1]),
        "{meetings:?}"
    );
}

/// The ids of the hits of `referat search --json`, in order; never none.
fn hit_ids(json: &str) -> Vec<String> {
    let results: serde_json::Value = serde_json::from_str(json).unwrap();
    let ids: Vec<String> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!ids.is_empty(), "{json}");
    ids
}

fn memfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The PostgreSQL the tests use (`scripts/test` starts one), or `None` with a note.
fn postgres_url() -> Option<String> {
    match std::env::var("REFERAT_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("REFERAT_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "REFERAT_REQUIRE_POSTGRES=1 but REFERAT_TEST_DATABASE_URL is not set"
            );
            eprintln!("note: no PostgreSQL (REFERAT_TEST_DATABASE_URL); skipping");
            None
        }
    }
}

/// `psql URL -c SQL`, which must succeed.
fn psql(url: &str, sql: &str) {
    let output = std::process::Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        .output()
        .unwrap();
    assert!(output.status.success(), "{sql}: {}", stderr(&output));
}

/// `referat <args> --database URL --data DATA`.
fn on_postgres(url: &str, data: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_referat"))
        .env_remove("REFERAT_DATA")
        .env_remove("REFERAT_DATABASE_URL")
        .env_remove("REFERAT_CONFIG")
        .args(args)
        .arg("--database")
        .arg(url)
        .arg("--data")
        .arg(data)
        .output()
        .unwrap()
}

#[test]
fn a_pg_dump_restores_into_a_new_database_that_passes_check() {
    let Some(server) = postgres_url() else {
        return;
    };
    // Two databases of their own on the test server, named after this process.
    let (base, _) = server.rsplit_once('/').unwrap();
    let names = [
        format!("referat_kopi_a_{}", std::process::id()),
        format!("referat_kopi_b_{}", std::process::id()),
    ];
    for name in &names {
        psql(&server, &format!("DROP DATABASE IF EXISTS {name}"));
        psql(&server, &format!("CREATE DATABASE {name}"));
    }
    let [original, restored] = names.clone().map(|name| format!("{base}/{name}"));
    let folder = tempfile::tempdir().unwrap();

    let import = std::process::Command::new(env!("CARGO_BIN_EXE_referat"))
        .env_remove("REFERAT_CONFIG")
        .arg("import")
        .arg(seed_formats())
        .args(["--database", &original, "--data"])
        .arg(folder.path().join("a"))
        .output()
        .unwrap();
    assert!(import.status.success(), "{}", stderr(&import));
    // `referat backup` on PostgreSQL explains pg_dump instead of running.
    let advice = on_postgres(
        &original,
        &folder.path().join("a"),
        &["backup", "--to", "x.zip"],
    );
    assert_eq!(advice.status.code(), Some(2));
    assert!(
        stderr(&advice).contains("pg_dump --format=custom"),
        "{}",
        stderr(&advice)
    );

    let dump = folder.path().join("referat.dump");
    let dumped = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--file"])
        .arg(&dump)
        .arg(&original)
        .output()
        .unwrap();
    assert!(dumped.status.success(), "{}", stderr(&dumped));
    let restore = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--dbname", &restored])
        .arg(&dump)
        .output()
        .unwrap();
    assert!(restore.status.success(), "{}", stderr(&restore));

    // A new node on the restored database builds its index and answers as the first.
    let data = folder.path().join("b");
    let search = |url: &str, data: &Path| {
        let output = on_postgres(url, data, &["search", "plejehjem", "--json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        hit_ids(&stdout(&output))
    };
    assert_eq!(
        search(&restored, &data),
        search(&original, &folder.path().join("a"))
    );
    let check = on_postgres(&restored, &data, &["check"]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(
        stdout(&check).contains("originaler har deres SHA-256"),
        "{}",
        stdout(&check)
    );

    for name in &names {
        psql(&server, &format!("DROP DATABASE {name} WITH (FORCE)"));
    }
}
