//! Issue 13, closed items on every way out: a closed item whose text, decision and follow-up
//! hold a word found nowhere else ([`WORD`]) and whose follow-up's owner is named nowhere
//! else ([`OWNER`]). For each way out, the public's answer holds neither, and a member's
//! holds the word (feeds that list titles only say so). The member signs in through the
//! sign-in form and asks with the session cookie. The same case is closed at a second
//! body, so related items and folded search hits are covered too.

use axum::http::StatusCode;

use crate::accounts::{add_user, hidden, send, sign_in};
use crate::{Fixture, Reply, backend_tests, fixture_with, seeds};

/// In the closed items only; their titles do not hold it.
const WORD: &str = "gnavertårn";
/// Owns the follow-up of the closed item, and nothing else.
const OWNER: &str = "Tjørnehøj";

pub(crate) const HARBOUR: &str = "\
Referat Havneudvalget

Mødedato: Mandag den 4. august 2025 kl. 16:00

Mødested: Havnekontoret

Deltagere: Karin Holm, Bent Sørensen

Punkt 1: Godkendelse af dagsorden

Beslutning
Udvalget godkendte dagsordenen.

Punkt 2: Lukket: Køb af grund ved fyrpladsen

Sælger har krævet fortrolighed om gnavertårnet og prisen.

Beslutning
Udvalget godkendte købet af gnavertårnet for 4,1 mio. kr.
Ulrikke Tjørnehøj undersøger gnavertårnet inden 1. oktober 2025.

Punkt 3: Fyrpladsens belysning

Beslutning
Udvalget godkendte ny belysning på fyrpladsen.
";

const COUNCIL: &str = "\
Referat Økonomiudvalget

Mødedato: Mandag den 18. august 2025 kl. 16:00

Mødested: Rådhuset

Deltagere: Karin Holm, Per Lund

Punkt 1: Lukket: Køb af grund ved fyrpladsen

Beslutning
Økonomiudvalget anbefalede købet af gnavertårnet.
";

const HARBOUR_ID: &str = "havneudvalget-2025-08-04";
const COUNCIL_ID: &str = "oekonomiudvalget-2025-08-18";

/// The fixture and the session of a member signed in through the form.
struct Closed {
    fixture: Fixture,
    session: String,
}

const MEMBER: &str = "medlem@example.dk";

async fn closed_fixture() -> Closed {
    let mut documents = seeds();
    documents.push(("havn.txt".to_owned(), HARBOUR.to_owned()));
    documents.push(("oeu.txt".to_owned(), COUNCIL.to_owned()));
    let fixture = fixture_with(&documents);
    add_user(&fixture, MEMBER, "medlem", None);
    let session = sign_in(&fixture, MEMBER).await;
    Closed { fixture, session }
}

/// Who asks: anonymous, or the member signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Public,
    Member,
}

/// `GET uri` as `who`.
async fn get_as(closed: &Closed, uri: &str, who: Who) -> Reply {
    let cookies = match who {
        Who::Public => Vec::new(),
        Who::Member => vec![closed.session.clone()],
    };
    send(&closed.fixture, "GET", uri, &cookies, &[], None).await
}

/// Whether `body` holds `word` in any case, also across the folded lines of a calendar.
fn holds(body: &str, word: &str) -> bool {
    body.replace("\r\n ", "")
        .to_lowercase()
        .contains(&word.to_lowercase())
}

/// The public's answer to `uri` (200) holds neither the word nor the owner; a member's holds
/// the word when `member_reads_it`. Both answers are returned.
async fn check(fixture: &Closed, uri: &str, member_reads_it: bool) -> (String, String) {
    let public = get_as(fixture, uri, Who::Public).await;
    assert_eq!(public.status, StatusCode::OK, "{uri}: {}", public.body);
    assert!(
        !holds(&public.body, WORD),
        "{uri} shows the public {WORD}:\n{}",
        public.body
    );
    assert!(
        !holds(&public.body, OWNER),
        "{uri} shows the public {OWNER}:\n{}",
        public.body
    );
    let member = get_as(fixture, uri, Who::Member).await;
    assert_eq!(member.status, StatusCode::OK, "{uri}: {}", member.body);
    if member_reads_it {
        assert!(
            holds(&member.body, WORD),
            "{uri} hides {WORD} from a member:\n{}",
            member.body
        );
    }
    (public.body, member.body)
}

async fn meeting_page() {
    let fixture = closed_fixture().await;
    let (public, member) = check(&fixture, &format!("/moeder/{HARBOUR_ID}"), true).await;
    // The public sees the item's number, title and mark, and the open items whole.
    assert!(
        public.contains("Punkt 2: Lukket: Køb af grund ved fyrpladsen"),
        "{public}"
    );
    assert!(public.contains("Lukket punkt"), "{public}");
    assert!(public.contains("ny belysning på fyrpladsen"), "{public}");
    // No original beside it and no link to it: the original holds the closed text.
    assert!(
        public.contains("Originalen vises ikke offentligt"),
        "{public}"
    );
    assert!(!public.contains("/original\""), "{public}");
    assert!(member.contains("/original\""), "{member}");
}

async fn item_page_and_related_items() {
    let fixture = closed_fixture().await;
    let (public, member) = check(&fixture, &format!("/punkter/{HARBOUR_ID}/2"), true).await;
    // The same case at the other body is in the thread for both, whole only for the member.
    for body in [&public, &member] {
        assert!(body.contains(&format!("/punkter/{COUNCIL_ID}/1")), "{body}");
    }
    assert!(
        member.contains("anbefalede købet af gnavertårnet"),
        "{member}"
    );
    check(&fixture, &format!("/punkter/{COUNCIL_ID}/1"), true).await;
}

async fn original_download() {
    let fixture = closed_fixture().await;
    let uri = format!("/moeder/{HARBOUR_ID}/original");
    let public = get_as(&fixture, &uri, Who::Public).await;
    assert_eq!(public.status, StatusCode::FORBIDDEN);
    assert!(!holds(&public.body, WORD));
    assert!(public.body.contains("lukkede punkter"), "{}", public.body);
    let member = get_as(&fixture, &uri, Who::Member).await;
    assert_eq!(member.status, StatusCode::OK);
    assert!(holds(&member.body, WORD));
    // A meeting without closed items keeps its original for everybody.
    let seed = get_as(
        &fixture,
        "/moeder/raadmandsmoede-2025-07-01/original",
        Who::Public,
    )
    .await;
    assert_eq!(seed.status, StatusCode::OK);
}

async fn register_and_front_page() {
    let fixture = closed_fixture().await;
    check(&fixture, "/opfoelgning", true).await;
    check(&fixture, "/opfoelgning?status=all", true).await;
    // Due within 30 days of the tests' today: the member's front page lists it.
    check(&fixture, "/", true).await;
}

async fn person_pages() {
    let fixture = closed_fixture().await;
    let (_, karin) = check(&fixture, "/personer/Karin%20Holm", false).await;
    assert!(holds(&karin, "Karin Holm"));
    let owner = get_as(
        &fixture,
        "/personer/Ulrikke%20Tj%C3%B8rneh%C3%B8j",
        Who::Member,
    )
    .await;
    assert_eq!(owner.status, StatusCode::OK);
    assert!(holds(&owner.body, WORD), "{}", owner.body);
    // Named only in the closed item: no person for the public.
    for uri in [
        "/personer/Ulrikke%20Tj%C3%B8rneh%C3%B8j",
        "/api/v1/people/Ulrikke%20Tj%C3%B8rneh%C3%B8j",
    ] {
        let public = get_as(&fixture, uri, Who::Public).await;
        assert_eq!(public.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!holds(&public.body, WORD), "{}", public.body);
        assert!(!holds(&public.body, "Ulrikke"), "{}", public.body);
    }
    // The registry: the owner of the closed item's follow-up only is listed to members.
    for uri in [
        "/personer",
        "/api/v1/people?limit=500",
        "/api/v1/oparl/persons?limit=500",
    ] {
        let (public, member) = check(&fixture, uri, false).await;
        assert!(public.contains("Karin Holm"), "{uri}: {public}");
        assert!(holds(&member, OWNER), "{uri}: {member}");
    }
}

/// A word of the closed item's text other than [`WORD`], so that a search page, which
/// repeats the query, holds [`WORD`] only in a hit.
const ALSO_SECRET: &str = "fortrolighed";

async fn search_page() {
    let fixture = closed_fixture().await;
    let (public, _) = check(&fixture, &format!("/soeg?q={ALSO_SECRET}"), true).await;
    assert!(public.contains("0 punkter fundet"), "{public}");
    // A word of the titles both see: the closed items' decisions count in the facets for
    // members only, and their follow-up.
    let (public, member) = check(&fixture, "/soeg?q=fyrpladsen", false).await;
    assert!(!public.contains("kind=recommended"), "{public}");
    assert!(!public.contains("actions=ja"), "{public}");
    assert!(member.contains("kind=recommended"), "{member}");
    assert!(member.contains("actions=ja"), "{member}");
    // A misspelling: no "Mente du" with the closed word for the public.
    let (public, member) = check(&fixture, "/soeg?q=gnavertarnet", true).await;
    assert!(!public.contains("Mente du"), "{public}");
    assert!(member.contains("Mente du"), "{member}");
}

async fn search_api_counts_facets_and_suggestions() {
    let fixture = closed_fixture().await;
    let (public, member) = check(&fixture, &format!("/api/v1/search?q={ALSO_SECRET}"), true).await;
    let public: serde_json::Value = serde_json::from_str(&public).unwrap();
    let member: serde_json::Value = serde_json::from_str(&member).unwrap();
    assert_eq!(public["total"], 0, "{public}");
    assert!(member["total"].as_u64().unwrap() >= 1, "{member}");
    // The title is public: both find the closed item by it, the public without its words,
    // kinds or follow-ups.
    let (public, _) = check(
        &fixture,
        "/api/v1/search?q=k%C3%B8b%20grund%20fyrpladsen",
        true,
    )
    .await;
    let public: serde_json::Value = serde_json::from_str(&public).unwrap();
    let hit = &public["hits"][0];
    assert_eq!(
        hit["title"], "Lukket: Køb af grund ved fyrpladsen",
        "{public}"
    );
    assert_eq!(hit["n_actions"], 0, "{public}");
    assert_eq!(hit["kinds"], serde_json::json!([]), "{public}");
    check(&fixture, "/api/v1/search?q=gnavertarnet", true).await;
}

async fn json_api() {
    let fixture = closed_fixture().await;
    let (public, _) = check(&fixture, &format!("/api/v1/meetings/{HARBOUR_ID}"), true).await;
    let public: serde_json::Value = serde_json::from_str(&public).unwrap();
    let item = &public["items"][1];
    assert_eq!(item["closed"], true);
    assert_eq!(item["text"], "Lukket punkt");
    assert_eq!(item["decisions"], serde_json::json!([]));
    check(&fixture, &format!("/api/v1/items/{HARBOUR_ID}/2"), true).await;
    check(&fixture, "/api/v1/actions?status=all", true).await;
    // The follow-up itself, by its address: not found for the public.
    for uri in [
        format!("/api/v1/actions/{HARBOUR_ID}/2/1"),
        format!("/opfoelgning/{HARBOUR_ID}/2/1"),
    ] {
        let public = get_as(&fixture, &uri, Who::Public).await;
        assert_eq!(
            public.status,
            StatusCode::NOT_FOUND,
            "{uri}: {}",
            public.body
        );
        assert!(
            !holds(&public.body, WORD) && !holds(&public.body, OWNER),
            "{}",
            public.body
        );
        let member = get_as(&fixture, &uri, Who::Member).await;
        assert!(holds(&member.body, WORD), "{uri}: {}", member.body);
    }
    check(&fixture, "/api/v1/overview", true).await;
    check(&fixture, "/api/v1/people/Karin%20Holm", false).await;
}

async fn oparl() {
    let fixture = closed_fixture().await;
    let (public, _) = check(
        &fixture,
        &format!("/api/v1/oparl/meetings/{HARBOUR_ID}"),
        true,
    )
    .await;
    let public: serde_json::Value = serde_json::from_str(&public).unwrap();
    assert_eq!(public["agendaItem"][1]["public"], false, "{public}");
    assert_eq!(public["agendaItem"][0]["public"], true, "{public}");
    assert_eq!(
        public["resultsProtocol"],
        serde_json::Value::Null,
        "{public}"
    );
    check(&fixture, "/api/v1/oparl/meetings?limit=100", true).await;
}

async fn atom_feeds() {
    // The meetings feed lists titles only: nothing of a closed item beyond its title for
    // anybody.
    let fixture = closed_fixture().await;
    let (public, _) = check(&fixture, "/feeds/moeder.atom", false).await;
    assert!(
        public.contains("Lukket: Køb af grund ved fyrpladsen"),
        "{public}"
    );
    check(&fixture, &format!("/feeds/soeg.atom?q={ALSO_SECRET}"), true).await;
}

async fn calendars() {
    let fixture = closed_fixture().await;
    // The meetings calendar lists the items' titles only.
    check(
        &fixture,
        &format!("/kalender/moeder.ics?id={HARBOUR_ID}"),
        false,
    )
    .await;
    check(&fixture, "/kalender/opfoelgning.ics", true).await;
}

async fn csv_exports() {
    let fixture = closed_fixture().await;
    check(&fixture, "/eksport/opfoelgning.csv?status=all", true).await;
    let (public, _) = check(&fixture, "/eksport/beslutninger.csv", true).await;
    assert!(public.contains("ny belysning på fyrpladsen"), "{public}");
}

async fn answers_to_members_are_not_shared() {
    let fixture = closed_fixture().await;
    let uri = format!("/moeder/{HARBOUR_ID}");
    let public = get_as(&fixture, &uri, Who::Public).await;
    let signed_in = get_as(&fixture, &uri, Who::Member).await;
    // A member's answer has no tag, or one of its own; no shared cache may keep it.
    let tag = |reply: &Reply| reply.headers.get("etag").cloned();
    assert!(tag(&public).is_some());
    assert_ne!(tag(&public), tag(&signed_in));
    assert_eq!(public.headers["cache-control"], "no-cache");
    let control = signed_in.headers["cache-control"].to_str().unwrap();
    assert!(control.contains("private"), "{control}");
    for reply in [&public, &signed_in] {
        let vary = reply.headers["vary"].to_str().unwrap();
        assert!(
            vary.contains("cookie") && vary.contains("authorization"),
            "{vary}"
        );
    }
    // The public's tag does not revalidate a member's copy.
    let revalidated = send(
        &fixture.fixture,
        "GET",
        &uri,
        std::slice::from_ref(&fixture.session),
        &[("if-none-match", tag(&public).unwrap().to_str().unwrap())],
        None,
    )
    .await;
    assert_eq!(revalidated.status, StatusCode::OK);
}

async fn released_decisions() {
    let fixture = closed_fixture().await;
    let uri = format!("/moeder/{COUNCIL_ID}");
    let decision = "anbefalede købet af gnavertårnet";
    let before = get_as(&fixture, &uri, Who::Public).await;
    assert!(!before.body.contains(decision), "{}", before.body);
    let store = std::sync::Arc::clone(&fixture.fixture.state.store);
    let actor = store::Actor {
        email: Some("sekr@example.dk".into()),
        address: None,
        at: 0,
    };
    tokio::task::spawn_blocking(move || {
        let item = format!("{COUNCIL_ID}/1").parse().unwrap();
        store.set_decision_public(&item, true, &actor).unwrap();
    })
    .await
    .unwrap();
    // The decision, and nothing else of the item: its text stays "Lukket punkt".
    let after = get_as(&fixture, &uri, Who::Public).await;
    assert!(after.body.contains(decision), "{}", after.body);
    let api = get_as(
        &fixture,
        &format!("/api/v1/meetings/{COUNCIL_ID}"),
        Who::Public,
    )
    .await;
    let api: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(api["items"][0]["text"], "Lukket punkt", "{api}");
    assert_eq!(api["items"][0]["decision_public"], true, "{api}");
    let csv = get_as(&fixture, "/eksport/beslutninger.csv", Who::Public).await;
    assert!(csv.body.contains(decision), "{}", csv.body);
    // The other meeting's closed item is still closed whole.
    check(&fixture, &format!("/moeder/{HARBOUR_ID}"), true).await;
}

/// A sekretær releases a closed item's decisions with the form on the item page; a member
/// may not, and without the form's token nobody may.
async fn a_secretary_releases_decisions_with_the_form() {
    let fixture = closed_fixture().await;
    add_user(&fixture.fixture, "sekr@example.dk", "sekretær", None);
    let secretary = sign_in(&fixture.fixture, "sekr@example.dk").await;
    let item = format!("/punkter/{COUNCIL_ID}/1");
    let decision = "anbefalede købet af gnavertårnet";
    let page = send(
        &fixture.fixture,
        "GET",
        &item,
        std::slice::from_ref(&secretary),
        &[],
        None,
    )
    .await;
    assert!(
        page.body.contains("Offentliggør beslutningerne"),
        "{}",
        page.body
    );
    let csrf = hidden(&page.body, "csrf").unwrap();
    // A member sees no form and may not post one.
    let member_page = get_as(&fixture, &item, Who::Member).await;
    assert!(
        !member_page.body.contains("Offentliggør"),
        "{}",
        member_page.body
    );
    let member_csrf = hidden(&member_page.body, "csrf").unwrap();
    let post = |session: String, csrf: String| {
        let fixture = &fixture;
        let uri = format!("{item}/offentliggoerelse");
        async move {
            send(
                &fixture.fixture,
                "POST",
                &uri,
                &[session],
                &[],
                Some(&[("offentlig", "ja"), ("csrf", csrf.as_str())]),
            )
            .await
        }
    };
    let refused = post(fixture.session.clone(), member_csrf).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let forged = post(secretary.clone(), "forkert".into()).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    assert!(
        !get_as(&fixture, &item, Who::Public)
            .await
            .body
            .contains(decision)
    );
    let released = post(secretary.clone(), csrf).await;
    assert_eq!(released.status, StatusCode::SEE_OTHER, "{}", released.body);
    let public = get_as(&fixture, &item, Who::Public).await;
    assert!(public.body.contains(decision), "{}", public.body);
    // Logged with the account.
    let log = crate::accounts::on_store(&fixture.fixture, |store| {
        store.audit_log(store::Page::default()).unwrap()
    });
    assert!(
        log.iter().any(|entry| entry.event == "decision_released"
            && entry.actor.as_deref() == Some("sekr@example.dk")),
        "{log:?}"
    );
    // An open item has nothing to release.
    let open = send(
        &fixture.fixture,
        "GET",
        &format!("/punkter/{HARBOUR_ID}/3"),
        std::slice::from_ref(&secretary),
        &[],
        None,
    )
    .await;
    assert!(!open.body.contains("Offentliggør"), "{}", open.body);
}

/// A member of one organisation reads the closed items of that organisation's meetings
/// whole, and those of another organisation's public meetings as the public does: on the
/// item page, in the search API (hits and counts) and in the JSON API. The harbour's
/// meeting was imported for the organisation "Havnen"; the council's meeting has no
/// organisation set, so it belongs to the one named like its body.
async fn a_member_reads_closed_items_of_their_organisation_only() {
    let mut documents = seeds();
    documents.push(("havn.txt".to_owned(), HARBOUR.to_owned()));
    documents.push(("oeu.txt".to_owned(), COUNCIL.to_owned()));
    let fixture = fixture_with(&documents);
    crate::accounts::on_store(&fixture, |store| {
        let access = store::MeetingAccess {
            visibility: store::Visibility::Public,
            organisation: Some("Havnen".to_owned()),
        };
        store
            .set_meeting_access(HARBOUR_ID, &access, &crate::accounts::cli())
            .unwrap();
    });
    add_user(&fixture, MEMBER, "medlem", Some("havnen"));
    let session = sign_in(&fixture, MEMBER).await;
    let get = |uri: String| {
        let (fixture, session) = (&fixture, session.clone());
        async move {
            let reply = send(fixture, "GET", &uri, &[session], &[], None).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
            reply.body
        }
    };
    const COUNCIL_DECISION: &str = "anbefalede købet";

    // Item pages: the harbour's closed item whole, the council's as the public sees it.
    let own = get(format!("/punkter/{HARBOUR_ID}/2")).await;
    assert!(own.contains("fortrolighed om gnavertårnet"), "{own}");
    assert!(own.contains("Tjørnehøj"), "{own}");
    let other = get(format!("/punkter/{COUNCIL_ID}/1")).await;
    assert!(
        other.contains("Lukket: Køb af grund ved fyrpladsen"),
        "{other}"
    );
    // (Its thread shows the harbour's item, whole: that one is the member's to read.)
    assert!(!other.contains(COUNCIL_DECISION), "{other}");
    // The meeting page and its original follow the same rule.
    let other_meeting = get(format!("/moeder/{COUNCIL_ID}")).await;
    assert!(!holds(&other_meeting, WORD), "{other_meeting}");
    assert!(!other_meeting.contains("/original\""), "{other_meeting}");
    let original = send(
        &fixture,
        "GET",
        &format!("/moeder/{COUNCIL_ID}/original"),
        std::slice::from_ref(&session),
        &[],
        None,
    )
    .await;
    assert_eq!(original.status, StatusCode::FORBIDDEN);
    assert!(
        get(format!("/moeder/{HARBOUR_ID}"))
            .await
            .contains("/original\"")
    );

    // Search: the word is in both closed items, found in the harbour's only, and counted
    // once.
    let found: serde_json::Value =
        serde_json::from_str(&get("/api/v1/search?q=gnavert%C3%A5rnet".to_owned()).await).unwrap();
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["hits"][0]["id"], format!("{HARBOUR_ID}/2"), "{found}");
    let bodies = found["facets"]["body"].as_object().unwrap();
    assert_eq!(bodies.len(), 1, "{found}");
    assert_eq!(bodies.values().next().unwrap(), 1, "{found}");
    // By its public title both closed items are found, the council's without its words.
    let titled: serde_json::Value = serde_json::from_str(
        &get("/api/v1/search?q=k%C3%B8b%20grund%20fyrpladsen".to_owned()).await,
    )
    .unwrap();
    assert_eq!(titled["total"], 2, "{titled}");
    assert!(!titled.to_string().contains(COUNCIL_DECISION), "{titled}");
    // The council's closed item is not found by the words of its decision.
    let nothing: serde_json::Value = serde_json::from_str(
        &get("/api/v1/search?q=anbefalede%20gnavert%C3%A5rnet".to_owned()).await,
    )
    .unwrap();
    let ids: Vec<&str> = nothing["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|hit| hit["id"].as_str())
        .collect();
    assert_eq!(ids, [format!("{HARBOUR_ID}/2")], "{nothing}");

    // JSON API.
    let meeting: serde_json::Value =
        serde_json::from_str(&get(format!("/api/v1/meetings/{COUNCIL_ID}")).await).unwrap();
    assert_eq!(meeting["items"][0]["text"], "Lukket punkt", "{meeting}");
    assert_eq!(meeting["items"][0]["decisions"], serde_json::json!([]));
    let item = get(format!("/api/v1/items/{COUNCIL_ID}/1")).await;
    assert!(!item.contains(COUNCIL_DECISION), "{item}");
    let meeting: serde_json::Value =
        serde_json::from_str(&get(format!("/api/v1/meetings/{HARBOUR_ID}")).await).unwrap();
    assert!(
        holds(&meeting["items"][1]["text"].to_string(), WORD),
        "{meeting}"
    );
    let item = get(format!("/api/v1/items/{HARBOUR_ID}/2")).await;
    assert!(holds(&item, WORD), "{item}");
    assert!(holds(
        &get("/api/v1/actions?status=all".to_owned()).await,
        OWNER
    ));

    // A member of the council's organisation: the other way round, down to the follow-up
    // of the harbour's closed item, its owner and the exports.
    const OTHER: &str = "oeu@example.dk";
    add_user(&fixture, OTHER, "medlem", Some("Økonomiudvalget"));
    let other_session = sign_in(&fixture, OTHER).await;
    let get_other = |uri: &'static str| {
        let (fixture, session) = (&fixture, other_session.clone());
        async move { send(fixture, "GET", uri, &[session], &[], None).await }
    };
    let item = get_other("/api/v1/items/oekonomiudvalget-2025-08-18/1").await;
    assert!(item.body.contains(COUNCIL_DECISION), "{}", item.body);
    for uri in [
        "/api/v1/items/havneudvalget-2025-08-04/2",
        "/api/v1/actions?status=all",
        "/opfoelgning?status=all",
        "/eksport/opfoelgning.csv?status=all",
        "/api/v1/people",
    ] {
        let reply = get_other(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
        assert!(
            !holds(&reply.body, OWNER) && !reply.body.contains("fortrolighed"),
            "{uri}: {}",
            reply.body
        );
    }
    let owner = get_other("/personer/Ulrikke%20Tj%C3%B8rneh%C3%B8j").await;
    assert_eq!(owner.status, StatusCode::NOT_FOUND, "{}", owner.body);
    let follow_up = get_other("/api/v1/actions/havneudvalget-2025-08-04/2/1").await;
    assert_eq!(
        follow_up.status,
        StatusCode::NOT_FOUND,
        "{}",
        follow_up.body
    );

    // A sekretær of the council may not release the harbour's closed decisions, and is
    // offered no form for them; the council's own are theirs to release.
    const SECRETARY: &str = "sekr-oeu@example.dk";
    add_user(&fixture, SECRETARY, "sekretær", Some("Økonomiudvalget"));
    let secretary = sign_in(&fixture, SECRETARY).await;
    let page = |uri: String| {
        let (fixture, session) = (&fixture, secretary.clone());
        async move { send(fixture, "GET", &uri, &[session], &[], None).await }
    };
    let harbour = page(format!("/punkter/{HARBOUR_ID}/2")).await;
    assert!(!harbour.body.contains("Offentliggør"), "{}", harbour.body);
    let council = page(format!("/punkter/{COUNCIL_ID}/1")).await;
    assert!(council.body.contains("Offentliggør"), "{}", council.body);
    let csrf = hidden(&harbour.body, "csrf").unwrap();
    let refused = send(
        &fixture,
        "POST",
        &format!("/punkter/{HARBOUR_ID}/2/offentliggoerelse"),
        std::slice::from_ref(&secretary),
        &[],
        Some(&[("offentlig", "ja"), ("csrf", csrf.as_str())]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused.body.contains("mødets organisation"),
        "{}",
        refused.body
    );
    let uri = format!("/api/v1/meetings/{HARBOUR_ID}");
    let still: serde_json::Value =
        serde_json::from_str(&send(&fixture, "GET", &uri, &[], &[], None).await.body).unwrap();
    assert_eq!(
        still["items"][1]["decisions"],
        serde_json::json!([]),
        "{still}"
    );
}

backend_tests!(
    a_member_reads_closed_items_of_their_organisation_only,
    a_secretary_releases_decisions_with_the_form,
    released_decisions,
    meeting_page,
    item_page_and_related_items,
    original_download,
    register_and_front_page,
    person_pages,
    search_page,
    search_api_counts_facets_and_suggestions,
    json_api,
    oparl,
    atom_feeds,
    calendars,
    csv_exports,
    answers_to_members_are_not_shared,
);
