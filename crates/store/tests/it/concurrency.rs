//! Several processes on one database, as several `referat serve` nodes behind a load
//! balancer: each thread here opens its own handle, as a node would.

use std::sync::Barrier;

use store::PutOutcome;

use crate::{Backend, backend_tests, meeting};

fn the_same_file_imported_at_once_on_two_nodes_is_stored_once(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let m = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    let barrier = Barrier::new(4);
    let outcomes: Vec<(bool, PutOutcome)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (node, _) = store.reopen();
                let (barrier, m) = (&barrier, &m);
                scope.spawn(move || {
                    barrier.wait();
                    let source = node.put_source(b"samme fil", "moede.txt").unwrap();
                    let outcome = node.put_meeting(m, &source.sha256).unwrap();
                    (source.new, outcome)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let new_sources = outcomes.iter().filter(|(new, _)| *new).count();
    let inserted = outcomes
        .iter()
        .filter(|(_, outcome)| *outcome == PutOutcome::Inserted)
        .count();
    assert_eq!((new_sources, inserted), (1, 1), "{outcomes:?}");
    assert!(
        outcomes
            .iter()
            .all(|(_, o)| matches!(o, PutOutcome::Inserted | PutOutcome::Unchanged))
    );
    assert_eq!(store.meeting_versions(&m.id).unwrap().len(), 1);
    assert_eq!(store.change_seq().unwrap(), 1);
    assert_eq!(store.sources_for_reextract().unwrap().len(), 1);
}

fn writers_on_several_nodes_get_distinct_change_numbers(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    std::thread::scope(|scope| {
        for node_idx in 0..3 {
            let (node, _) = store.reopen();
            scope.spawn(move || {
                for n in 0..5 {
                    let id = format!("moede-{node_idx}-{n}");
                    let bytes = id.clone().into_bytes();
                    let source = node.put_source(&bytes, "x.txt").unwrap();
                    node.put_meeting(&meeting(&id, "2025-01-01"), &source.sha256)
                        .unwrap();
                }
            });
        }
    });
    assert_eq!(store.change_seq().unwrap(), 15);
    // Every meeting has its own number: a follower that has seen up to 14 misses one.
    assert_eq!(store.meetings_changed_since(14).unwrap().len(), 1);
    assert_eq!(store.meetings_changed_since(0).unwrap().len(), 15);
}

backend_tests!(
    the_same_file_imported_at_once_on_two_nodes_is_stored_once,
    writers_on_several_nodes_get_distinct_change_numbers,
);
