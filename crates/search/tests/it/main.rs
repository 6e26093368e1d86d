//! The search crate's integration tests: one binary. Indexes small hand-made meetings in a
//! temporary folder and checks Danish matching, filters, snippets and related items.

use model::{Action, Decision, DecisionKind, Item, Meeting, Person};
use search::analysis::LexiconBuilder;
use search::{CacheStats, Damage, Filters, Request, SearchIndex};

fn item(number: &str, title: &str, text: &str, decision: Option<(DecisionKind, &str)>) -> Item {
    Item {
        number: number.into(),
        title: title.into(),
        text: text.into(),
        decisions: decision
            .map(|(kind, text)| Decision {
                actor: None,
                kind,
                text: text.into(),
                notes: vec![],
                votes: None,
                span: None,
            })
            .into_iter()
            .collect(),
        ..Item::default()
    }
}

fn meeting(id: &str, body: &str, date: &str, items: Vec<Item>) -> Meeting {
    Meeting {
        id: id.into(),
        body: body.into(),
        date: Some(date.parse().unwrap()),
        items,
        ..Meeting::default()
    }
}

/// Three meetings; the items of the second and third are printed as Punkt 4 and Punkt 7
/// and addressed so (`<meeting id>/4`), though each is its meeting's first.
fn corpus() -> Vec<Meeting> {
    let mut first = meeting(
        "raadmandsmoede-2023-12-05",
        "Rådmandsmøde",
        "2023-12-05",
        vec![
            item(
                "1",
                "Frisættelse af plejehjem",
                "Plejehjemsrådet har drøftet frisættelsen. Plejehjem og hjemmepleje.",
                Some((
                    DecisionKind::Approved,
                    "Rådmandsmødekredsen godkendte indstillingen.",
                )),
            ),
            item(
                "2",
                "Budget 2024",
                "Sagen sendes til Omsorgsudvalget. Udvalget skal se på budgettet.",
                Some((DecisionKind::Noted, "Taget til efterretning.")),
            ),
        ],
    );
    first.participants = vec![Person::written("Otto Junge Ohrt", None)];
    first.items[1].actions = vec![Action {
        text: "Status til direktionen senest i oktober".into(),
        owners: vec![Person::written("Niels Jørgen Rasmussen", None)],
        ..Action::default()
    }];
    let second = meeting(
        "raadmandsmoede-2024-11-12",
        "Rådmandsmøde",
        "2024-11-12",
        vec![item(
            "4",
            "Frisættelse af plejehjem - status",
            "Status paa arbejdet i Aarhus. Plejehjem, plejehjem, plejehjem.",
            None,
        )],
    );
    let third = meeting(
        "byraadet-2025-04-02",
        "Byrådet",
        "2025-04-02",
        vec![item(
            "7",
            "Frisættelse af plejehjemmene",
            "Forslaget om indstilling.",
            Some((DecisionKind::Decided, "Byrådet besluttede at fortsætte.")),
        )],
    );
    vec![first, second, third]
}

fn index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let meetings = corpus();
    let mut lexicon = LexiconBuilder::default();
    for meeting in &meetings {
        lexicon.add_meeting(meeting);
    }
    // The tiny corpus repeats few words, so teach the lexicon the parts explicitly.
    for _ in 0..3 {
        lexicon.add_text("plejehjem rådet omsorg udvalget");
    }
    let index = SearchIndex::create(&dir.path().join("index"), lexicon.finish()).unwrap();
    let mut writer = index.writer().unwrap();
    for meeting in &meetings {
        writer.put_meeting(meeting).unwrap();
    }
    writer.commit(7).unwrap();
    (dir, index)
}

fn ids(index: &SearchIndex, request: &Request) -> Vec<String> {
    index
        .search(request)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect()
}

fn check(index: &SearchIndex, query: &str, expected: &[&str]) {
    assert_eq!(ids(index, &Request::new(query)), expected, "{query}");
}

#[test]
fn danish_words_compounds_and_old_spellings() {
    let (_dir, index) = index();
    // Title beats text; the seed case's three meetings all match.
    check(
        &index,
        "plejehjem",
        &[
            "raadmandsmoede-2024-11-12/4",
            "raadmandsmoede-2023-12-05/1",
            "byraadet-2025-04-02/7",
        ],
    );
    check(&index, "plejehjemsrådet", &["raadmandsmoede-2023-12-05/1"]);
    check(&index, "udvalg", &["raadmandsmoede-2023-12-05/2"]);
    check(&index, "århus", &["raadmandsmoede-2024-11-12/4"]);
    check(&index, "Aarhus", &["raadmandsmoede-2024-11-12/4"]);
    check(
        &index,
        "\"taget til efterretning\"",
        &["raadmandsmoede-2023-12-05/2"],
    );
    check(
        &index,
        "plejehjem -status",
        &["raadmandsmoede-2023-12-05/1", "byraadet-2025-04-02/7"],
    );
    // Not every word matches: any word is enough, and the result says so.
    let relaxed = index.search(&Request::new("budget giraf")).unwrap();
    assert!(!relaxed.strict);
    assert_eq!(relaxed.hits[0].id, "raadmandsmoede-2023-12-05/2");
}

#[test]
fn filters_narrow_the_hits() {
    let (_dir, index) = index();
    let with = |filters: Filters| Request {
        filters,
        ..Request::new("plejehjem")
    };
    let body = with(Filters {
        body: Some("byrådet".into()),
        ..Filters::default()
    });
    assert_eq!(ids(&index, &body), ["byraadet-2025-04-02/7"]);
    let dates = with(Filters {
        from: Some("2024-01-01".parse().unwrap()),
        to: Some("2024-12-31".parse().unwrap()),
        ..Filters::default()
    });
    assert_eq!(ids(&index, &dates), ["raadmandsmoede-2024-11-12/4"]);
    let kind = with(Filters {
        kind: Some(DecisionKind::Decided),
        ..Filters::default()
    });
    assert_eq!(ids(&index, &kind), ["byraadet-2025-04-02/7"]);
    let person = Request {
        filters: Filters {
            people: vec!["Niels Jørgen Rasmussen".into()],
            with_actions: true,
            ..Filters::default()
        },
        ..Request::new("")
    };
    assert_eq!(ids(&index, &person), ["raadmandsmoede-2023-12-05/2"]);
    // A saved search's digest looks only at the meetings changed since the last one.
    let within = with(Filters {
        within_meetings: Some(vec!["raadmandsmoede-2024-11-12".into()]),
        ..Filters::default()
    });
    assert_eq!(ids(&index, &within), ["raadmandsmoede-2024-11-12/4"]);
    let none = with(Filters {
        within_meetings: Some(Vec::new()),
        ..Filters::default()
    });
    assert!(ids(&index, &none).is_empty());
}

#[test]
fn snippets_mark_the_hits() {
    let (_dir, index) = index();
    let results = index.search(&Request::new("udvalg")).unwrap();
    let snippet = results.hits[0].snippet.as_ref().unwrap();
    assert_eq!(
        snippet.marked("[", "]"),
        "Sagen sendes til [Omsorgsudvalget]. [Udvalget] skal se på budgettet"
    );
}

#[test]
fn related_items_follow_the_case_across_meetings() {
    let (_dir, index) = index();
    let related: Vec<String> = index
        .related("raadmandsmoede-2024-11-12/4", 10, false)
        .unwrap()
        .into_iter()
        .map(|hit| hit.id)
        .collect();
    assert_eq!(
        related,
        ["raadmandsmoede-2023-12-05/1", "byraadet-2025-04-02/7"]
    );
}

/// The files of the index's segments, as `ls` shows them.
fn segment_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.len() > 32 && name.as_bytes()[..32].iter().all(u8::is_ascii_hexdigit)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn verify_finds_nothing_wrong_with_a_sound_index() {
    let (dir, index) = index();
    drop(index);
    assert_eq!(SearchIndex::verify(&dir.path().join("index")), []);
    assert_eq!(
        SearchIndex::verify(&dir.path().join("nothing")),
        [Damage::Absent]
    );
}

#[test]
fn verify_finds_a_missing_segment_file() {
    let (dir, index) = index();
    drop(index);
    let folder = dir.path().join("index");
    let files = segment_files(&folder);
    let store = files
        .iter()
        .find(|path| path.extension().is_some_and(|ext| ext == "store"))
        .unwrap();
    std::fs::remove_file(store).unwrap();
    let damage = SearchIndex::verify(&folder);
    let missing = std::path::PathBuf::from(store.file_name().unwrap());
    assert_eq!(damage, [Damage::Missing(missing)]);
}

#[test]
fn verify_finds_a_flipped_byte_in_a_segment() {
    let (dir, index) = index();
    drop(index);
    let folder = dir.path().join("index");
    let files = segment_files(&folder);
    let terms = files
        .iter()
        .find(|path| path.extension().is_some_and(|ext| ext == "term"))
        .unwrap();
    let mut bytes = std::fs::read(terms).unwrap();
    bytes[0] ^= 0x01;
    std::fs::write(terms, bytes).unwrap();
    let damage = SearchIndex::verify(&folder);
    let corrupt = std::path::PathBuf::from(terms.file_name().unwrap());
    assert_eq!(damage, [Damage::Corrupt(corrupt)]);
}

#[test]
fn reopening_keeps_the_index_and_its_change_counter() {
    let (dir, index) = index();
    drop(index);
    let index = SearchIndex::open(&dir.path().join("index"))
        .unwrap()
        .unwrap();
    assert_eq!(index.indexed_seq().unwrap(), 7);
    assert_eq!(index.len(), 4);
    assert!(
        SearchIndex::open(&dir.path().join("nothing"))
            .unwrap()
            .is_none()
    );
}

#[test]
fn facets_count_the_matches_of_the_words_before_the_filters() {
    let (_dir, index) = index();
    let results = index
        .search(&Request {
            facets: true,
            filters: Filters {
                body: Some("Byrådet".into()),
                ..Filters::default()
            },
            ..Request::new("plejehjem")
        })
        .unwrap();
    assert_eq!(results.total, 1);
    let facets = results.facets.unwrap();
    let pairs = |map: &std::collections::BTreeMap<String, u64>| {
        map.iter()
            .map(|(k, n)| format!("{k}:{n}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(pairs(&facets.body), ["Byrådet:1", "Rådmandsmøde:2"]);
    assert_eq!(pairs(&facets.kind), ["approved:1", "decided:1"]);
    assert_eq!(
        facets.year.into_iter().collect::<Vec<_>>(),
        [(2023, 1), (2024, 1), (2025, 1)]
    );
    assert_eq!((facets.with_actions, facets.without_actions), (0, 3));

    // Without words: every item, newest meeting first, with kinds and follow-up counts.
    let all = index
        .search(&Request {
            facets: true,
            ..Request::new("")
        })
        .unwrap();
    assert_eq!(all.total, 4);
    let dates: Vec<String> = all
        .hits
        .iter()
        .map(|hit| hit.date.unwrap().to_string())
        .collect();
    assert_eq!(dates[0], "2025-04-02");
    assert_eq!(dates[3], "2023-12-05");
    let budget = all
        .hits
        .iter()
        .find(|hit| hit.title == "Budget 2024")
        .unwrap();
    assert_eq!(budget.kinds, [DecisionKind::Noted]);
    assert_eq!(budget.n_actions, 1);
    assert_eq!(all.facets.unwrap().with_actions, 1);
}

#[test]
fn kept_counts_are_reused_until_the_index_changes() {
    let (_dir, index) = index();
    let request = Request {
        facets: true,
        ..Request::new("plejehjem")
    };
    let first_results = index.search(&request).unwrap();
    let summary = |results: &search::Results| -> Vec<(String, Option<String>)> {
        results
            .hits
            .iter()
            .map(|hit| {
                let snippet = hit.snippet.as_ref().map(|s| s.marked("[", "]"));
                (hit.id.clone(), snippet)
            })
            .collect()
    };
    let first_ids = summary(&first_results);
    assert!(!first_ids.is_empty());
    let first = first_results.facets.unwrap();
    // Another filter and page of the same words: the same counts, not counted again.
    let filtered = index
        .search(&Request {
            filters: Filters {
                body: Some("Byrådet".into()),
                ..Filters::default()
            },
            offset: 1,
            ..request.clone()
        })
        .unwrap()
        .facets
        .unwrap();
    assert_eq!(filtered, first);
    // Two look-ups a search (page, counts): only the second page's hits were new.
    let stats = index.cache_stats();
    assert_eq!((stats.hits, stats.misses), (1, 3));
    // The first page again: hits and counts kept, the same answer.
    let again = index.search(&request).unwrap();
    assert_eq!(again.facets.as_ref(), Some(&first));
    assert_eq!(summary(&again), first_ids);
    let stats = index.cache_stats();
    assert_eq!((stats.hits, stats.misses), (3, 3));

    // A new meeting with the word: counted again, on the new segments.
    let mut writer = index.writer().unwrap();
    writer
        .put_meeting(&meeting(
            "byraad-2026-01-10",
            "Byrådet",
            "2026-01-10",
            vec![item("1", "Nyt plejehjem", "", None)],
        ))
        .unwrap();
    writer.commit(8).unwrap();
    let after = index.search(&request).unwrap().facets.unwrap();
    assert_eq!(after.body["Byrådet"], first.body["Byrådet"] + 1);
    assert_eq!(after.year.get(&2026), Some(&1));

    // Turned off: always counted.
    index.set_cache(0);
    let before = index.cache_stats();
    assert_eq!(index.search(&request).unwrap().facets.unwrap(), after);
    assert_eq!(index.search(&request).unwrap().facets.unwrap(), after);
    assert_eq!(
        index.cache_stats(),
        CacheStats {
            entries: 0,
            capacity: 0,
            ..before
        }
    );
}

#[test]
fn a_full_page_of_one_word_with_a_filter_counts_only_items_with_the_word() {
    let (_dir, index) = index();
    let filters = Filters {
        body: Some("Rådmandsmøde".into()),
        ..Filters::default()
    };
    let all = index
        .search(&Request {
            filters: filters.clone(),
            ..Request::new("plejehjem")
        })
        .unwrap();
    assert_eq!((all.total, all.total_exact, all.hits.len()), (2, true, 2));
    // One hit a page: the total is counted, and must still need the word.
    for offset in [0, 1] {
        let page = index
            .search(&Request {
                filters: filters.clone(),
                limit: 1,
                offset,
                ..Request::new("plejehjem")
            })
            .unwrap();
        assert_eq!((page.total, page.total_exact), (2, true), "offset {offset}");
        assert_eq!(page.hits[0].id, all.hits[offset].id);
    }
}

/// Issue 16: words typed as people type them. A small archive of its own, so that the words
/// are known to the lexicon (seen three times) and the spellings are real.
fn typed_index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let meetings = vec![
        meeting(
            "udvalg-2025-01-06",
            "Social- og Sundhedsudvalget",
            "2025-01-06",
            vec![
                item(
                    "1",
                    "Ældrereform i Køge",
                    "Ældrereformen og plejehjemmet i Køge. Plejehjem og ældre.",
                    Some((DecisionKind::Approved, "Godkendt.")),
                ),
                item(
                    "2",
                    "Tryghedsvagter på Café Solsikken",
                    "Orientering om tryghedsvagter ved caféen.",
                    Some((DecisionKind::Noted, "Taget til efterretning.")),
                ),
                item(
                    "3",
                    "Budget for tryghedsvagter",
                    "Tryghedsvagter nævnt i budgettet.",
                    Some((
                        DecisionKind::Approved,
                        "Udvalget besluttede at forlænge ordningen med tryghedsvagter.",
                    )),
                ),
            ],
        ),
        meeting(
            "udvalg-2025-02-03",
            "Social- og Sundhedsudvalget",
            "2025-02-03",
            vec![item(
                "1",
                "Plejehjem og hjemmepleje",
                "Plejehjem, plejehjem og plejehjemmet.",
                None,
            )],
        ),
    ];
    indexed(dir, &meetings, "plejehjem ældrereform tryghedsvagter")
}

/// An index of `meetings` in `dir`, whose lexicon has also seen `taught` three times (a tiny
/// corpus repeats few words).
fn indexed(
    dir: tempfile::TempDir,
    meetings: &[Meeting],
    taught: &str,
) -> (tempfile::TempDir, SearchIndex) {
    let mut lexicon = LexiconBuilder::default();
    for meeting in meetings {
        lexicon.add_meeting(meeting);
    }
    for _ in 0..3 {
        lexicon.add_text(taught);
    }
    let index = SearchIndex::create(&dir.path().join("index"), lexicon.finish()).unwrap();
    let mut writer = index.writer().unwrap();
    for meeting in meetings {
        writer.put_meeting(meeting).unwrap();
    }
    writer.commit(1).unwrap();
    (dir, index)
}

#[test]
fn words_typed_without_danish_letters_or_accents_are_found() {
    let (_dir, index) = typed_index();
    for typed in ["aeldrereform", "Koege", "AELDREREFORM koege", "ældrereform"] {
        check(&index, typed, &["udvalg-2025-01-06/1"]);
    }
    // Accents left out, or typed where the text has none.
    check(&index, "cafe", &["udvalg-2025-01-06/2"]);
    check(&index, "café solsikken", &["udvalg-2025-01-06/2"]);
}

#[test]
fn a_question_ranks_what_was_decided_on_its_topic_first() {
    let (_dir, index) = typed_index();
    let hits = ids(
        &index,
        &Request::new("hvad blev besluttet om tryghedsvagter?"),
    );
    assert_eq!(
        hits.first().map(String::as_str),
        Some("udvalg-2025-01-06/3")
    );
    assert_eq!(hits.len(), 2, "{hits:?}");
    // The plain topic ranks the title first.
    assert_eq!(
        ids(&index, &Request::new("tryghedsvagter")).len(),
        2,
        "both items hold the word"
    );
}

#[test]
fn a_query_without_hits_gets_a_spelling_that_has_some() {
    let (_dir, index) = typed_index();
    let results = index.search(&Request::new("plejehjm")).unwrap();
    assert_eq!(results.total, 0);
    assert_eq!(results.suggestion.as_deref(), Some("plejehjem"));
    // Known words stay; only the unknown one is corrected.
    let results = index.search(&Request::new("plejehjm hjemmepleje")).unwrap();
    assert_eq!(results.suggestion.as_deref(), Some("plejehjem hjemmepleje"));
    // Nothing near: no suggestion. A query with hits: none either.
    assert_eq!(
        index.search(&Request::new("xyzzyq")).unwrap().suggestion,
        None
    );
    assert_eq!(
        index.search(&Request::new("plejehjem")).unwrap().suggestion,
        None
    );
}

#[test]
fn one_case_at_several_bodies_is_one_hit() {
    let dir = tempfile::tempdir().unwrap();
    let case = |id: &str, body: &str, date: &str, title: &str| {
        meeting(
            id,
            body,
            date,
            vec![item(
                "5",
                title,
                "Forslag om ny skolestruktur i kommunen.",
                None,
            )],
        )
    };
    let meetings = vec![
        case(
            "oeu-2025-03-03",
            "Økonomiudvalget",
            "2025-03-03",
            "Ny skolestruktur",
        ),
        case(
            "byraad-2025-03-17",
            "Byrådet",
            "2025-03-17",
            "Ny skolestruktur",
        ),
        case(
            "boern-2025-02-20",
            "Børneudvalget",
            "2025-02-20",
            "Ny skolestruktur",
        ),
        // The same title a year on is another round of the case, not a copy.
        case(
            "byraad-2026-03-16",
            "Byrådet",
            "2026-03-16",
            "Ny skolestruktur",
        ),
    ];
    let index = SearchIndex::create(
        &dir.path().join("index"),
        LexiconBuilder::default().finish(),
    )
    .unwrap();
    let mut writer = index.writer().unwrap();
    for meeting in &meetings {
        writer.put_meeting(meeting).unwrap();
    }
    writer.commit(1).unwrap();
    let results = index.search(&Request::new("skolestruktur")).unwrap();
    assert_eq!(results.total, 4, "every item still counts");
    let folded: Vec<(String, Vec<String>)> = results
        .hits
        .iter()
        .map(|hit| {
            (
                hit.id.clone(),
                hit.also.iter().map(|also| also.id.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(folded.len(), 2, "{folded:?}");
    let three = folded.iter().find(|(_, also)| also.len() == 2).unwrap();
    assert!(!three.0.starts_with("byraad-2026"), "{folded:?}");
    assert!(
        folded
            .iter()
            .any(|(id, also)| id == "byraad-2026-03-16/5" && also.is_empty())
    );
    assert_eq!(results.next_offset, 4);
}

/// Issue 13: a closed item is found whole by members only; the public finds its number and
/// title, and nothing of its words: not in hits, counts, filter counts, snippets,
/// suggestions or related items.
#[test]
fn closed_items_are_whole_for_members_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut closed = item(
        "3",
        "Lukket: Køb af grund",
        "Sælger kræver fortrolighed om kragetårnet.",
        Some((
            DecisionKind::Approved,
            "Udvalget godkendte købet af kragetårnet.",
        )),
    );
    closed.closed = true;
    closed.actions = vec![Action {
        text: "Kragetårnet besigtiges".into(),
        owners: vec![Person::written("Ulrikke Tjørnehøj", None)],
        ..Action::default()
    }];
    let open = item("1", "Budget for havnen", "Havnens budget.", None);
    let first = meeting(
        "havn-2025-08-04",
        "Havneudvalget",
        "2025-08-04",
        vec![open, closed],
    );
    let mut again = item("1", "Lukket: Køb af grund", "Kragetårnet igen.", None);
    again.closed = true;
    let second = meeting(
        "oeu-2025-08-18",
        "Økonomiudvalget",
        "2025-08-18",
        vec![again],
    );
    let mut lexicon = LexiconBuilder::default();
    lexicon.add_meeting(&first);
    lexicon.add_meeting(&second);
    let index = SearchIndex::create(&dir.path().join("index"), lexicon.finish()).unwrap();
    let mut writer = index.writer().unwrap();
    writer.put_meeting(&first).unwrap();
    writer.put_meeting(&second).unwrap();
    writer.commit(1).unwrap();

    let ask = |query: &str, closed: bool| {
        let request = Request {
            facets: true,
            filters: Filters {
                closed,
                ..Filters::default()
            },
            ..Request::new(query)
        };
        index.search(&request).unwrap()
    };
    let public = ask("kragetårnet", false);
    assert_eq!((public.total, public.hits.len()), (0, 0));
    let facets = serde_json::to_string(&public.facets).unwrap();
    assert!(!facets.contains("Havneudvalget"), "{facets}");
    let members = ask("kragetårnet", true);
    assert_eq!(members.total, 2);
    let snippet = members.hits[0].snippet.as_ref().unwrap();
    assert!(
        snippet.text.to_lowercase().contains("kragetårnet"),
        "{snippet:?}"
    );
    // Misspelt: a member is offered the word, the public nothing.
    assert_eq!(ask("kragetaarnet", false).suggestion, None);
    assert_eq!(ask("kragetarnet", false).suggestion, None);
    assert_eq!(
        ask("kragetarnet", true).suggestion.as_deref(),
        Some("kragetårnet")
    );
    // The title is public: found by both, the public without decisions or follow-ups.
    let public = ask("grund", false);
    assert_eq!(public.total, 2);
    let hit = public
        .hits
        .iter()
        .find(|hit| hit.id == "havn-2025-08-04/3")
        .unwrap();
    assert!(hit.kinds.is_empty() && hit.n_actions == 0, "{hit:?}");
    let facets = public.facets.unwrap();
    assert_eq!(facets.with_actions, 0);
    let members = ask("grund", true).facets.unwrap();
    assert_eq!(members.with_actions, 1);
    // Related items: the same case at the other body, for both, as each may see it.
    let related = index.related("havn-2025-08-04/3", 10, false).unwrap();
    assert_eq!(related.len(), 1);
    assert!(related[0].kinds.is_empty());
    let related = index.related("havn-2025-08-04/3", 10, true).unwrap();
    assert_eq!(related.len(), 1);
    // The people of a closed item's follow-up filter nothing for the public.
    let request = Request {
        filters: Filters {
            people: vec!["Ulrikke Tjørnehøj".into()],
            ..Filters::default()
        },
        ..Request::new("")
    };
    assert_eq!(index.search(&request).unwrap().total, 0);
}

/// Items on waste tenders written three ways: as the compound, as a phrase whose second
/// word is itself a compound, and with the two words far apart.
fn compound_index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let meetings = vec![meeting(
        "teknik-2025-03-04",
        "Teknik- og Miljøudvalget",
        "2025-03-04",
        vec![
            item(
                "1",
                "Affaldsudbud 2026",
                "Forvaltningen har forberedt affaldsudbuddet.",
                Some((DecisionKind::Approved, "Godkendt.")),
            ),
            item(
                "2",
                "Nyt udbud på affaldsområdet",
                "Udbud af indsamling på affaldsområdet for perioden 2027-2030.",
                Some((DecisionKind::Approved, "Godkendt.")),
            ),
            item(
                "3",
                "Budgetopfølgning",
                "Et udbud af rengøring er afsluttet. Driften af vejene, parkerne, \
                 skolerne og de kommunale bygninger er gennemgået, og der er \
                 ingen ændringer. Sidst i året kommer en sag om affald fra haverne.",
                Some((DecisionKind::Noted, "Taget til efterretning.")),
            ),
        ],
    )];
    indexed(dir, &meetings, "affald udbud området")
}

#[test]
fn a_compound_finds_its_parts_near_each_other() {
    let (_dir, index) = compound_index();
    // The compound as typed ranks first; its parts near each other (in either order, one
    // of them inside another compound) follow; the parts far apart do not match.
    check(
        &index,
        "affaldsudbud",
        &["teknik-2025-03-04/1", "teknik-2025-03-04/2"],
    );
    // And the reverse: the two words find the compound.
    let hits = ids(&index, &Request::new("udbud affald"));
    assert!(hits.contains(&"teknik-2025-03-04/1".to_owned()), "{hits:?}");
    // A word the index holds whole is not split into parts it does not hold together.
    check(&index, "budgetopfølgning", &["teknik-2025-03-04/3"]);
}
