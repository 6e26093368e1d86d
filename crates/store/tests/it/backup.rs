//! Copies of a live database (`referat backup`): SQLite's online backup while another
//! handle writes, and the list of kept sources that `referat check` hashes again.

use std::sync::atomic::{AtomicBool, Ordering};

use store::{SqliteStore, Store, sha256_hex};

use crate::{Backend, backend_tests, meeting};

/// Stores meeting `n` of the writer, of a body of its own (one change each), from a
/// source of its own.
fn put_numbered(store: &dyn Store, n: usize) {
    let id = format!("udvalg-{n}-2025-01-01");
    let mut numbered = meeting(&id, "2025-01-01");
    numbered.body = format!("Udvalg {n}");
    let source = store.put_source(id.as_bytes(), "moede.txt").unwrap();
    store.put_meeting(&numbered, &source.sha256).unwrap();
}

#[test]
fn a_backup_under_write_load_is_a_consistent_snapshot() {
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(folder.path()).unwrap();
    for n in 0..20 {
        put_numbered(&store, n);
    }
    assert_eq!(store.change_seq().unwrap(), 20);
    assert_eq!(store.meetings_changed_since(0).unwrap().len(), 20);
    let writing = AtomicBool::new(true);
    let backups = tempfile::tempdir().unwrap();
    let written = std::thread::scope(|scope| {
        // A second handle, as `referat import` beside `referat serve` would open it.
        let writer = scope.spawn(|| {
            let node = SqliteStore::open(folder.path()).unwrap();
            let mut n = 20;
            while writing.load(Ordering::Relaxed) {
                put_numbered(&node, n);
                n += 1;
            }
            n
        });
        for copy in 0..3 {
            store
                .backup_to(&backups.path().join(format!("{copy}.db")))
                .unwrap();
        }
        writing.store(false, Ordering::Relaxed);
        writer.join().unwrap()
    });
    let mut seen = Vec::new();
    for copy in 0..3 {
        let path = backups.path().join(format!("{copy}.db"));
        let restored = SqliteStore::open_file(&path).unwrap();
        assert_eq!(restored.integrity_check().unwrap(), ["ok"]);
        // Each meeting is one transaction with its change number; its source is kept in
        // the transaction before (the original first, as `referat import` does), so a copy
        // may hold the last source without its meeting, never a meeting without its source
        // or a change number without its meeting.
        let hashes = restored.source_hashes().unwrap();
        let meetings = restored.meetings_changed_since(0).unwrap();
        assert!(
            (meetings.len()..=meetings.len() + 1).contains(&hashes.len()),
            "{} sources, {} meetings",
            hashes.len(),
            meetings.len()
        );
        assert_eq!(restored.change_seq().unwrap(), meetings.len() as u64);
        for hash in &hashes {
            assert_eq!(&sha256_hex(&restored.source_bytes(hash).unwrap()), hash);
        }
        seen.push(meetings.len());
    }
    assert!(
        seen.iter().all(|&n| (20..=written).contains(&n)),
        "{seen:?} of {written}"
    );
    assert!(seen.windows(2).all(|pair| pair[0] <= pair[1]), "{seen:?}");
}

#[test]
fn a_backup_is_a_database_without_a_journal_beside_it() {
    let folder = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(folder.path()).unwrap();
    put_numbered(&store, 1);
    let copy = folder.path().join("kopi.db");
    store.backup_to(&copy).unwrap();
    drop(store);
    assert_eq!(journal_mode(&copy), "delete");
    assert!(!folder.path().join("kopi.db-wal").exists());
}

/// The journal mode a database file's header records (opening it with [`SqliteStore`]
/// would switch it to WAL): byte 18 is 1 for a rollback journal, 2 for WAL.
fn journal_mode(path: &std::path::Path) -> String {
    let header = std::fs::read(path).unwrap();
    match header[18] {
        1 => "delete".to_owned(),
        2 => "wal".to_owned(),
        other => format!("unknown {other}"),
    }
}

fn every_kept_source_is_listed_by_its_hash(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    assert!(store.source_hashes().unwrap().is_empty());
    let first = store.put_source(b"en", "en.txt").unwrap();
    let second = store.put_source(b"to", "to.txt").unwrap();
    store.put_source(b"en", "igen.txt").unwrap();
    let mut expected = vec![first.sha256, second.sha256];
    expected.sort();
    assert_eq!(store.source_hashes().unwrap(), expected);
}

backend_tests!(every_kept_source_is_listed_by_its_hash);
