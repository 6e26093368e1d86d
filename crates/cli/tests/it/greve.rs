//! The Greve corpus (373 FirstAgenda JSON meetings) and the seeds in one import: every
//! meeting is stored, the two Byråd meetings of 2025-09-08 apart, and search, show and
//! actions answer on them.

use crate::{run, shared, stdout};

#[test]
fn greve_and_seeds_store_378_meetings() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let corpus = shared.join("corpus/greve-api");
    let seeds = shared.join("seeds");
    let import = run(
        &data,
        &["import", corpus.to_str().unwrap(), seeds.to_str().unwrap()],
    );
    assert!(import.status.success(), "{import:?}");
    assert_eq!(
        stdout(&import),
        "importeret: 378, nye versioner: 0, genudtrukket: 0, uændret: 0, sprunget over: 0, fejlet: 0\n"
    );

    // The Byråd met at 17:15 (an extra meeting, 3 items) and at 17:30 (49 items).
    let show = |id: &str| -> serde_json::Value {
        let output = run(&data, &["show", id, "--json"]);
        assert!(output.status.success(), "{id}: {output:?}");
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let early = show("byraad-2022-2025-2025-09-08")["meeting"].clone();
    let late = show("byraad-2022-2025-2025-09-08-1730")["meeting"].clone();
    assert_eq!(early["start"], "17:15", "{early}");
    assert_eq!(early["items"].as_array().unwrap().len(), 3);
    assert_eq!(late["start"], "17:30");
    assert_eq!(late["items"].as_array().unwrap().len(), 49);

    // A case that came up at several meetings.
    let search = run(
        &data,
        &["search", "Lunas", "Ark", "--json", "--limit", "50"],
    );
    assert!(search.status.success(), "{search:?}");
    let results: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    let hits = results["hits"].as_array().unwrap();
    // Each treatment at another body is folded under its hit (issue 16): count them too.
    let titled = hits
        .iter()
        .filter(|hit| hit["title"].as_str().unwrap().contains("Lunas Ark"))
        .map(|hit| 1 + hit["also"].as_array().map_or(0, Vec::len))
        .sum::<usize>();
    assert!(titled >= 10, "{results}");
    assert!(
        hits[0]["title"].as_str().unwrap().contains("Lunas Ark"),
        "{results}"
    );

    // Issue 13: Greve's closed items ("Lukket: …") show their title only, unless asked for
    // with --lukkede; item 2 of Økonomiudvalget 2024-10-30 decides on Degnestræde 18A-18E.
    let closed = show("oekonomiudvalget-2024-10-30")["meeting"]["items"][1].clone();
    assert_eq!(
        closed["title"], "Lukket: Salg af de utidssvarende boliger",
        "{closed}"
    );
    assert_eq!(closed["closed"], true, "{closed}");
    assert!(!closed.to_string().contains("Degnestræde"), "{closed}");
    let whole = run(
        &data,
        &["show", "oekonomiudvalget-2024-10-30/2", "--lukkede"],
    );
    assert!(stdout(&whole).contains("Degnestræde"), "{whole:?}");

    let actions = run(&data, &["actions", "--json"]);
    assert!(actions.status.success());
    let actions: serde_json::Value = serde_json::from_slice(&actions.stdout).unwrap();
    assert!(!actions.as_array().unwrap().is_empty());
}
