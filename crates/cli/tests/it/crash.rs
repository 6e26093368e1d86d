//! Crash safety: `referat import` of the Greve corpus is killed with SIGKILL at pseudo-random
//! moments, at least 20 times. After every kill the database passes `PRAGMA
//! integrity_check` and holds no half-stored meeting; a final uninterrupted run converges to
//! exactly the content of an import that was never interrupted.
//!
//! Slow (two full imports plus the kills): runs when `RUN_SLOW_TESTS` is set, as `.ci/run`
//! does. Skipped with a note when `../shared` is absent.

use std::path::Path;
use std::time::Duration;

use store::{ActionFilter, MeetingFilter, Page, SqliteStore, Store};

use crate::{import, shared};

/// Everything an import decides, in a comparable form.
fn content(data: &Path) -> Vec<String> {
    let store = SqliteStore::open(data).unwrap();
    let mut out = Vec::new();
    for summary in store
        .meetings(&MeetingFilter::default(), Page::ALL)
        .unwrap()
    {
        for version in store.meeting_versions(&summary.id).unwrap() {
            out.push(format!(
                "{} v{} {} {}",
                summary.id, version.version, version.source_sha256, version.current
            ));
        }
        out.push(serde_json::to_string(&store.meeting(&summary.id).unwrap()).unwrap());
    }
    for source in store.sources_for_reextract().unwrap() {
        out.push(format!("source {} {:?}", source.sha256, source.meeting_id));
    }
    out.sort();
    out
}

/// The integrity check passes and every meeting's rows agree with its stored JSON.
fn check_consistent(data: &Path) {
    if !data.join(store::DB_FILE).exists() {
        return;
    }
    let store = SqliteStore::open(data).unwrap();
    assert_eq!(store.integrity_check().unwrap(), ["ok"]);
    for summary in store
        .meetings(&MeetingFilter::default(), Page::ALL)
        .unwrap()
    {
        let meeting = store.meeting(&summary.id).unwrap();
        assert_eq!(
            summary.n_items as usize,
            meeting.items.len(),
            "{}",
            summary.id
        );
        let n_actions: usize = meeting.items.iter().map(|item| item.actions.len()).sum();
        let rows = store
            .actions(&ActionFilter {
                meeting_id: Some(summary.id.clone()),
                ..ActionFilter::default()
            })
            .unwrap();
        assert_eq!(rows.len(), n_actions, "half-stored meeting {}", summary.id);
    }
}

#[test]
fn killed_imports_leave_a_sound_database_and_converge() {
    if std::env::var_os("RUN_SLOW_TESTS").is_none() {
        eprintln!("note: set RUN_SLOW_TESTS=1 to run the crash-safety test");
        return;
    }
    let Some(shared) = shared() else { return };
    let corpus = shared.join("corpus/greve-api");
    let dir = tempfile::tempdir().unwrap();

    let reference = dir.path().join("reference");
    let status = import(&corpus, &reference).status().unwrap();
    assert!(status.success());

    let data = dir.path().join("killed");
    // A fixed linear congruential sequence: pseudo-random kill points, the same every run.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut kills = 0;
    while kills < 24 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let delay = Duration::from_millis(30 + (seed >> 33) % 2_500);
        let mut child = import(&corpus, &data)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            // `Child::kill` sends SIGKILL on Unix: no destructor, no rollback handler runs.
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        check_consistent(&data);
    }
    let status = import(&corpus, &data).status().unwrap();
    assert!(status.success());
    check_consistent(&data);
    assert_eq!(content(&data), content(&reference));
}
