//! PostgreSQL's own full-text search, the baseline `referat bench --database` measures the
//! per-node index against: Danish stemming, field weights, copies for the latency run.

use store::{PgFtsBaseline, PgFtsDoc};

use crate::{postgres_url, unique_schema};

fn doc(meeting_id: &str, title: &str, text: &str) -> PgFtsDoc {
    PgFtsDoc {
        meeting_id: meeting_id.into(),
        position: 1,
        title: title.into(),
        text: text.into(),
        ..PgFtsDoc::default()
    }
}

#[test]
fn danish_stems_weights_and_copies() {
    let Some(url) = postgres_url() else { return };
    let mut fts = PgFtsBaseline::create(&url, &unique_schema()).unwrap();
    fts.add(&[
        doc("a", "Frisættelse af plejehjem", "Status."),
        doc("b", "Budget 2026", "Plejehjemmene får flere midler."),
        doc("c", "Plejehjemsrådet", "Referat."),
    ])
    .unwrap();
    fts.finish().unwrap();
    // Stemming finds the plural; the title outranks the text; no compound splitting, so
    // "Plejehjemsrådet" is not a hit.
    let (ids, total) = fts.search("plejehjem", 10).unwrap();
    assert_eq!(ids, ["a/1", "b/1"]);
    assert_eq!(total, 2);
    // No item has both words: any word will do.
    assert_eq!(fts.search("budget frisættelse", 10).unwrap().1, 2);
    fts.multiply(3).unwrap();
    fts.finish().unwrap();
    let (ids, total) = fts.search("budget", 10).unwrap();
    assert_eq!(total, 3);
    assert!(ids.contains(&"b-k2/1".to_owned()), "{ids:?}");
    fts.remove().unwrap();
}
