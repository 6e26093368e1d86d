//! The Danish pages, rendered from the five seeds.

use crate::{backend_tests, fixture, fixture_with, get, get_ok};

async fn front_page_lists_meetings_and_deadlines() {
    let fixture = fixture();
    let body = get_ok(&fixture, "/").await;
    assert!(body.contains("<html lang=\"da\">"));
    assert!(body.contains("Rådmandsmøde 1. juli 2025"), "{body}");
    assert!(body.contains("Overskredne frister"));
    assert!(
        body.contains("mandag 1. september 2025"),
        "today is passed in"
    );
}

async fn meeting_page_shows_structure_beside_highlighted_original() {
    let fixture = fixture();
    let body = get_ok(&fixture, "/moeder/raadmandsmoede-2025-07-01").await;
    assert!(body.contains("Tidsplan"));
    assert!(body.contains("Mødedeltagere"));
    assert!(
        body.contains("Punkt 1: Opfølgning på Årsagsanalyse"),
        "{body}"
    );
    assert!(
        body.contains("class=\"hl hl-decision\""),
        "decisions are highlighted"
    );
    assert!(
        body.contains("class=\"hl hl-action\""),
        "actions are highlighted"
    );
    assert!(
        body.contains("id=\"L1\""),
        "every source line has an anchor"
    );
    assert!(
        body.contains("href=\"#L"),
        "extracted values link to their lines"
    );
    assert!(body.contains("/moeder/raadmandsmoede-2025-07-01/original"));
}

async fn original_is_downloaded_as_imported() {
    let fixture = fixture();
    let reply = get(&fixture, "/moeder/raadmandsmoede-2025-07-01/original").await;
    assert_eq!(reply.status, 200);
    assert!(
        reply.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("000_9103abb0bcf6959c.txt")
    );
    assert!(reply.body.contains("Rådmandsmøde (Rådmandsmøde)"));
}

async fn item_page_follows_the_case_across_meetings() {
    let fixture = fixture();
    let body = get_ok(&fixture, "/punkter/raadmandsmoede-2024-11-05/2").await;
    assert!(body.contains("Frisættelse af plejehjem"));
    assert!(body.contains("Sagens forløb"));
    let first = body
        .find("8. december 2023")
        .expect("the 2023 meeting is in the thread");
    let last = body
        .find("5. november 2024 (dette punkt)")
        .expect("this item is marked");
    assert!(first < last, "oldest first");
}

async fn person_page_lists_meetings_and_actions() {
    let fixture = fixture();
    let body = get_ok(&fixture, "/personer/Heidi%20Have").await;
    assert!(body.contains("<h1>Heidi Have</h1>"), "{body}");
    assert!(body.contains("Møder ("));
    assert!(body.contains("Opfølgning ("));
    assert!(get_ok(&fixture, "/personer").await.contains("Heidi Have"));
}

/// Minutes whose follow-ups are owned by a unit and by a person: the unit owns its
/// follow-up in the register, but the person registry lists people only.
const UNIT_OWNER: &str = "Referat fra mødet i Teknikudvalget\n\
    Mandag den 2. juni 2025 kl. 16.00\n\
    \n\
    Punkt 1: Trafikplan\n\
    Beslutning\n\
    Godkendt. Center for Trafik udarbejder en tidsplan inden 1. september. \
    Ida Holm Berg sender høringssvaret inden 1. august.\n";

async fn person_registry_lists_people_not_units() {
    let fixture = fixture_with(&[("teknik.txt".to_owned(), UNIT_OWNER.to_owned())]);
    let register = get_ok(&fixture, "/opfoelgning?status=all").await;
    assert!(register.contains("Center for Trafik"), "{register}");
    for uri in ["/personer", "/api/v1/people", "/api/v1/oparl/persons"] {
        let body = get_ok(&fixture, uri).await;
        assert!(body.contains("Ida Holm Berg"), "{uri}: {body}");
        assert!(!body.contains("Center for Trafik"), "{uri}: {body}");
    }
}

async fn register_filters_by_owner_and_status() {
    let fixture = fixture();
    let all = get_ok(&fixture, "/opfoelgning?status=all").await;
    let heidi = get_ok(&fixture, "/opfoelgning?owner=Heidi+Have&status=all").await;
    assert!(heidi.matches("<tr").count() < all.matches("<tr").count());
    assert!(heidi.matches("<tr").count() > 1, "{heidi}");
    let overdue = get_ok(&fixture, "/opfoelgning?status=overdue").await;
    assert!(overdue.contains("class=\"overdue\""));
    let bad = get(&fixture, "/opfoelgning?due=igår").await;
    assert_eq!(bad.status, 400);
    // Issue 20: the filters are folded away until one is chosen (on a phone the register
    // comes first).
    let plain = get_ok(&fixture, "/opfoelgning").await;
    assert!(
        plain.contains("<details class=\"filters\"><summary>Filtrér opfølgningerne</summary>"),
        "{plain}"
    );
    assert!(
        heidi.contains("<details class=\"filters\" open>"),
        "{heidi}"
    );
}

async fn search_finds_items_with_counts_and_snippets() {
    let fixture = fixture();
    let body = get_ok(&fixture, "/soeg?q=plejehjem").await;
    assert!(body.contains("punkter fundet"));
    assert!(body.contains("<mark>"), "{body}");
    assert!(body.contains("Mødeforum"));
    let filtered = get_ok(&fixture, "/soeg?q=plejehjem&year=2023").await;
    assert!(filtered.contains("fjern"));
}

/// Issue 16: a word typed without æ finds the item, a misspelt one gets "Mente du …?"
/// on the page and `suggestion` in the API.
async fn search_reads_words_as_people_type_them() {
    let fixture = fixture();
    let body = get_ok(&fixture, "/soeg?q=frisaettelse").await;
    assert!(body.contains("Frisættelse af plejehjem"), "{body}");
    let body = get_ok(&fixture, "/soeg?q=plejehjm").await;
    assert!(body.contains("0 punkter fundet"), "{body}");
    assert!(
        body.contains("Mente du <a href=\"/soeg?q=plejehjem\"><strong>plejehjem</strong></a>?"),
        "{body}"
    );
    let json = get_ok(&fixture, "/api/v1/search?q=plejehjm").await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["suggestion"], "plejehjem");
    let json = get_ok(&fixture, "/api/v1/search?q=plejehjem").await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(json.get("suggestion").is_none(), "{json}");
}

/// Minutes whose words repeat enough for the lexicon to know `affald`, `udbud` and
/// `området` (a word must be seen three times).
const WASTE_TENDER: &str = "Referat fra mødet i Teknikudvalget\n\
    Mandag den 2. juni 2025 kl. 16.00\n\
    \n\
    Punkt 1: Nyt udbud på affaldsområdet\n\
    Et udbud om affald. Udbud af indsamling af affald i området. Et udbud, der dækker \
    området, og affald fra hele området.\n\
    Beslutning\n\
    Godkendt.\n";

/// Issue 16: a compound typed as one word finds its parts written apart, on the page and
/// in the API.
async fn search_splits_a_typed_compound() {
    let fixture = fixture_with(&[("teknik.txt".to_owned(), WASTE_TENDER.to_owned())]);
    let body = get_ok(&fixture, "/soeg?q=affaldsudbud").await;
    assert!(body.contains("1 punkt fundet"), "{body}");
    assert!(body.contains("Nyt udbud på affaldsområdet"), "{body}");
    let json = get_ok(&fixture, "/api/v1/search?q=affaldsudbud").await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["total"], 1, "{json}");
}

/// Issue 18: an item's address is the number the minutes print. The seed of 2025-04-22
/// has Punkt 1 and Punkt 3 at positions 1 and 2: `/3` is Punkt 3, and the old address by
/// position, `/2`, is sent on to it; the meeting page links and anchors by number.
async fn items_are_addressed_by_their_printed_number() {
    let fixture = fixture();
    let body = get_ok(&fixture, "/punkter/raadmandsmoede-2025-04-22/3").await;
    assert!(body.contains("<h1>Punkt 3: Proces"), "{body}");
    let old = get(&fixture, "/punkter/raadmandsmoede-2025-04-22/2").await;
    assert_eq!(old.status, 308, "{}", old.body);
    assert_eq!(
        old.headers["location"],
        "/punkter/raadmandsmoede-2025-04-22/3"
    );
    let meeting = get_ok(&fixture, "/moeder/raadmandsmoede-2025-04-22").await;
    assert!(
        meeting.contains("id=\"punkt-3\"")
            && meeting.contains("href=\"/punkter/raadmandsmoede-2025-04-22/3\""),
        "{meeting}"
    );
    assert_eq!(
        get(&fixture, "/punkter/raadmandsmoede-2025-04-22/9")
            .await
            .status,
        404
    );
    assert_eq!(
        get(&fixture, "/punkter/raadmandsmoede-2025-04-22/%3Cb%3E")
            .await
            .status,
        400
    );
}

async fn unknown_pages_are_404_in_danish() {
    let fixture = fixture();
    let reply = get(&fixture, "/moeder/findes-ikke").await;
    assert_eq!(reply.status, 404);
    assert!(reply.body.contains("Ikke fundet"));
    assert_eq!(get(&fixture, "/nope").await.status, 404);
}

/// Extracts `text` and stores it as a meeting of `organisation`; the id it got.
fn import_for(store: &dyn store::Store, name: &str, text: &str, organisation: &str) -> String {
    let lines = model::Text::from_plain(text, model::Format::Text);
    let mut meeting = extract::extract(&lines).meeting;
    let source = store.put_source(text.as_bytes(), name).unwrap();
    meeting.source.file = name.to_owned();
    meeting.source.sha256 = source.sha256.clone();
    store
        .put_meeting_for(&meeting, &source.sha256, Some(organisation))
        .unwrap();
    store
        .source(&source.sha256)
        .unwrap()
        .unwrap()
        .meeting_id
        .unwrap()
}

/// Issue 20, point 1: two municipalities' byråd on one day get ids of their own, each
/// page names its organisation, and an old link finds the meeting that moved (or lists
/// the meetings that had the id).
async fn meetings_of_two_organisations_and_old_links() {
    let fixture = fixture_with(&[]);
    // Issue 20, point 2: 8 September 2025 is after the tests' today (1 September).
    let (first, aarhus, ids) = crate::accounts::on_store(&fixture, |store| {
        let late = minutes("Byrådet", "08-09-2025", 17);
        let first = import_for(store, "g17.txt", &late, "Greve Kommune");
        import_for(
            store,
            "g9.txt",
            &minutes("Byrådet", "08-09-2025", 9),
            "Greve Kommune",
        );
        let aarhus = import_for(
            store,
            "a.txt",
            &format!("{late}\nLetbanen.\n"),
            "Aarhus Kommune",
        );
        let mut ids: Vec<String> = store
            .meetings(&store::MeetingFilter::default(), store::Page::ALL)
            .unwrap()
            .into_iter()
            .map(|summary| summary.id)
            .collect();
        ids.sort();
        (first, aarhus, ids)
    });
    assert_eq!(first, "byraadet-2025-09-08");
    let greve_early = "greve-kommune-byraadet-2025-09-08";
    let greve_late = "greve-kommune-byraadet-2025-09-08-1700";
    assert_eq!(aarhus, "aarhus-kommune-byraadet-2025-09-08");
    assert_eq!(ids, [aarhus.as_str(), greve_early, greve_late]);
    get_ok(&fixture, &format!("/moeder/{greve_late}")).await;
    // The id was Greve's meeting at 17:00 first, then its meeting at 09:00: an old link
    // cannot tell which, and lists both.
    let both = get(&fixture, "/moeder/byraadet-2025-09-08").await;
    assert_eq!(both.status, 300, "{}", both.body);
    assert!(
        both.body
            .contains(&format!("href=\"/moeder/{greve_early}\"")),
        "{}",
        both.body
    );
    assert!(
        both.body
            .contains(&format!("href=\"/moeder/{greve_late}\""))
    );
    let api = get(&fixture, "/api/v1/meetings/byraadet-2025-09-08").await;
    assert_eq!(api.status, 300);
    assert!(
        api.body.contains("\"code\":\"multiple_choices\""),
        "{}",
        api.body
    );
    // `-1700` was only ever the later meeting's: sent on, with the rest of the path and
    // the query.
    let item = get(&fixture, "/punkter/byraadet-2025-09-08-1700/1?x=1").await;
    assert_eq!(item.status, 308);
    assert_eq!(
        item.headers["location"],
        format!("/punkter/{greve_late}/1?x=1")
    );
    let oparl = get(&fixture, "/api/v1/oparl/meetings/byraadet-2025-09-08-1700").await;
    assert_eq!(oparl.status, 308);
    assert_eq!(
        oparl.headers["location"],
        format!("/api/v1/oparl/meetings/{greve_late}")
    );
    // An id no meeting ever had stays a 404.
    assert_eq!(
        get(&fixture, "/moeder/byraadet-2025-09-09").await.status,
        404
    );
    // Each is its organisation's, and its page says so.
    let page = get_ok(&fixture, &format!("/moeder/{aarhus}")).await;
    assert!(page.contains(">Aarhus Kommune</a> › "), "{page}");
    let listed = get_ok(&fixture, "/moeder?organisation=Aarhus+Kommune").await;
    assert!(listed.contains("1 møde"), "{listed}");
    assert!(listed.contains(&format!("/moeder/{aarhus}")), "{listed}");
    let all = get_ok(&fixture, "/moeder").await;
    let upcoming = all
        .split("<h2 id=\"kommende\">Kommende møder</h2>")
        .nth(1)
        .unwrap();
    let upcoming = upcoming.split("</section>").next().unwrap();
    assert_eq!(upcoming.matches("<li>").count(), 3, "{all}");
    assert!(upcoming.contains(" · Aarhus Kommune"), "{upcoming}");
    assert!(all.find("Kommende møder").unwrap() < all.find("class=\"month\"").unwrap());
}

/// Minutes of `body` on `day` (`DD-MM-2025`) from `hour`.
fn minutes(body: &str, day: &str, hour: u32) -> String {
    format!(
        "{body} ({body})\n\n{day} {hour:02}:00 - {:02}:00\n\nReferat\n\nPunkt 1: Budget\n\n\
         {body} godkendte budgettet.\n",
        hour + 1
    )
}

/// Issue 20, point 2: `/moeder` as the portals show it: filtered by organisation, body,
/// year and person, grouped by month, paged, labelled, and two meetings of a body on one
/// day told apart by their time.
async fn meetings_are_filtered_grouped_and_paged() {
    let mut documents: Vec<(String, String)> = (1..=28)
        .flat_map(|day| {
            [
                (
                    format!("b{day}.txt"),
                    minutes("Byrådet", &format!("{day:02}-02-2025"), 17),
                ),
                (
                    format!("u{day}.txt"),
                    minutes("Teknisk udvalg", &format!("{day:02}-03-2025"), 9),
                ),
            ]
        })
        .collect();
    documents.push(("twice.txt".into(), minutes("Byrådet", "28-02-2025", 9)));
    // An agenda is labelled as one (the Aarhus byråd's agenda was shown as minutes).
    documents.push((
        "dagsorden.txt".into(),
        "Byrådet (Byrådet)\n\n15-04-2025 17:00 - 18:00\n\nDagsorden\n\nPunkt 1: Budget\n\n\
         Sagsfremstilling om budgettet.\n"
            .into(),
    ));
    let fixture = fixture_with(&documents);
    crate::accounts::on_store(&fixture, |store| {
        let filter = store::MeetingFilter {
            body: Some("Teknisk udvalg".into()),
            ..store::MeetingFilter::default()
        };
        for meeting in store.meetings(&filter, store::Page::ALL).unwrap() {
            let access = store::MeetingAccess {
                visibility: store::Visibility::Public,
                organisation: Some("Greve Kommune".into()),
            };
            store
                .set_meeting_access(&meeting.id, &access, &crate::accounts::cli())
                .unwrap();
        }
    });
    let first = get_ok(&fixture, "/moeder").await;
    assert!(first.contains("58 møder · side 1 af 2"), "{first}");
    assert!(
        first.contains(
            "<span class=\"doc-kind\">Dagsorden</span> <a href=\"/moeder/byraadet-2025-04-15\">"
        ),
        "{first}"
    );
    assert_eq!(
        first
            .matches("<span class=\"doc-kind\">Dagsorden</span>")
            .count(),
        1
    );
    // Nothing after 1 September 2025: no upcoming meetings.
    assert!(!first.contains("Kommende møder"), "{first}");
    assert!(
        first.contains("<h2 class=\"month\">Marts 2025</h2>"),
        "{first}"
    );
    assert!(first.contains("<span class=\"doc-kind\">Referat</span>"));
    assert!(first.contains("rel=\"next\">Næste side</a>"));
    assert!(!first.contains("Forrige side"));
    let second = get_ok(&fixture, "/moeder?side=2").await;
    assert!(second.contains("rel=\"prev\">Forrige side</a>"), "{second}");
    // Newest first; the body that met twice on 28 February: both times shown, and no time
    // where a body met once that day.
    assert!(first.find("28. marts").unwrap() < first.find("27. marts").unwrap());
    assert!(
        first.contains("Byrådet 28. februar 2025 kl. 17.00"),
        "{first}"
    );
    assert!(
        first.contains("Byrådet 28. februar 2025 kl. 09.00"),
        "{first}"
    );
    assert!(!first.contains("Byrådet 27. februar 2025 kl."), "{first}");
    assert!(second.contains("Byrådet 1. februar 2025<"), "{second}");
    // Filters.
    let greve = get_ok(&fixture, "/moeder?organisation=Greve+Kommune").await;
    assert!(greve.contains("28 møder"), "{greve}");
    assert!(!greve.contains("Byrådet 1. februar"), "{greve}");
    assert!(
        greve.contains("<details class=\"filters\" open>"),
        "{greve}"
    );
    let body = get_ok(&fixture, "/moeder?body=Byr%C3%A5det&year=2025").await;
    assert!(body.contains("30 møder"), "{body}");
    let none = get_ok(&fixture, "/moeder?year=2024").await;
    assert!(none.contains("Ingen møder."), "{none}");
    let refused = get(&fixture, "/moeder?year=tyve").await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("året skrives med fire cifre"));
}

/// Issue 20, point 7: overdue is told in words as well as by colour, on the front page and
/// in the register; the stylesheet has a print layout and a phone layout.
async fn overdue_in_words_and_a_print_stylesheet() {
    let fixture = fixture();
    for uri in ["/", "/opfoelgning"] {
        let body = get_ok(&fixture, uri).await;
        let marked = body.matches("class=\"overdue\"").count();
        assert!(marked > 0, "{uri}: nothing overdue on 1 September 2025");
        assert_eq!(
            body.matches("<strong class=\"overdue-text\">Overskredet: </strong>")
                .count(),
            marked,
            "{uri}"
        );
    }
    let css = get_ok(&fixture, "/style.css").await;
    assert!(css.contains("@media print"));
    assert!(css.contains("@media (max-width: 600px)"));
}

/// Issue 20: search results page back as well as forward.
async fn search_pages_back_and_forth() {
    let fixture = fixture();
    let first = get_ok(&fixture, "/soeg?q=plejehjem&limit=1").await;
    assert!(first.contains("rel=\"next\">Næste side</a>"), "{first}");
    assert!(!first.contains("Forrige side"));
    let second = get_ok(&fixture, "/soeg?q=plejehjem&limit=1&offset=1").await;
    assert!(
        second.contains("href=\"/soeg?q=plejehjem&amp;offset=0\" rel=\"prev\">Forrige side</a>"),
        "{second}"
    );
}

backend_tests!(
    meetings_of_two_organisations_and_old_links,
    search_pages_back_and_forth,
    overdue_in_words_and_a_print_stylesheet,
    meetings_are_filtered_grouped_and_paged,
    front_page_lists_meetings_and_deadlines,
    meeting_page_shows_structure_beside_highlighted_original,
    original_is_downloaded_as_imported,
    item_page_follows_the_case_across_meetings,
    person_page_lists_meetings_and_actions,
    person_registry_lists_people_not_units,
    register_filters_by_owner_and_status,
    search_finds_items_with_counts_and_snippets,
    search_reads_words_as_people_type_them,
    search_splits_a_typed_compound,
    unknown_pages_are_404_in_danish,
    items_are_addressed_by_their_printed_number,
);
