//! Writing the next meeting through the forms (issue 14, points 3–6): a series, a meeting
//! with the open follow-ups of the last one as an item, the agenda with its time plan kept
//! in step when items move, release with PDF, DOCX and iCal, the minutes with a deadline in
//! Danish read as a date, two signatures (one with a reservation), the seal, publishing
//! through the import path, and who may do what. On both backends.

use axum::http::StatusCode;
use store::{ActionFilter, MeetingState};

use crate::accounts::{add_user, hidden, on_store, send, sign_in};
use crate::{Fixture, Reply, backend_tests, fixture_with, get};

/// A meeting of the body the series is for, with a follow-up due before the next one.
pub(crate) const LAST_MEETING: &str = "\
Teknisk Udvalg (Teknisk Udvalg)

02-09-2025 09:00 - 10:00

Mødedeltagere : Otto Junge Ohrt, Hemmelig Hansen

Referat

Punkt 1: Vejplan

Udvalget godkendte vejplanen.

Opfølgning:
- Otto Junge Ohrt udarbejder en tidsplan senest den 1. oktober 2025.
";

/// A signed-in account: its session cookie and CSRF token.
pub(crate) struct Session {
    pub(crate) cookie: Vec<String>,
    pub(crate) csrf: String,
}

pub(crate) async fn session(fixture: &Fixture, email: &str, role: &str) -> Session {
    add_user(fixture, email, role, Some("Greve"));
    let cookie = sign_in(fixture, email).await;
    let front = send(
        fixture,
        "GET",
        "/",
        std::slice::from_ref(&cookie),
        &[],
        None,
    )
    .await;
    Session {
        csrf: hidden(&front.body, "csrf").unwrap(),
        cookie: vec![cookie],
    }
}

async fn post(fixture: &Fixture, who: &Session, uri: &str, fields: &[(&str, &str)]) -> Reply {
    let mut form = vec![("csrf", who.csrf.as_str())];
    form.extend_from_slice(fields);
    send(fixture, "POST", uri, &who.cookie, &[], Some(&form)).await
}

async fn page(fixture: &Fixture, who: &Session, uri: &str) -> Reply {
    send(fixture, "GET", uri, &who.cookie, &[], None).await
}

/// Posts a file as the attachment form does (multipart), to item `item`.
async fn multipart(
    fixture: &Fixture,
    who: &Session,
    uri: &str,
    item: &str,
    name: &str,
    bytes: &[u8],
) -> Reply {
    use tower::ServiceExt;
    let boundary = "graense-1234";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"punkt\"\r\n\r\n{item}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = axum::http::Request::builder()
        .method("POST")
        .uri(uri)
        .header("host", "referat.test")
        .header("cookie", who.cookie.join("; "))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = web::router(fixture.state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The bytes of a `GET` as `who`.
async fn send_raw(fixture: &Fixture, who: &Session, uri: &str) -> Vec<u8> {
    use tower::ServiceExt;
    let request = axum::http::Request::builder()
        .uri(uri)
        .header("host", "referat.test")
        .header("cookie", who.cookie.join("; "))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = web::router(fixture.state.clone())
        .oneshot(request)
        .await
        .unwrap();
    axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .unwrap()
        .to_vec()
}

fn location(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.headers["location"].to_str().unwrap().to_owned()
}

/// Makes the series "Teknisk Udvalg" (signed by chair and secretary) and its meeting of
/// 7 October 2025 as `sekretær`; the meeting's address.
pub(crate) async fn new_meeting(fixture: &Fixture, secretary: &Session) -> String {
    // The chair signs, so needs an account.
    if on_store(fixture, |store| {
        store.user("formand@greve.dk").unwrap().is_none()
    }) {
        add_user(fixture, "formand@greve.dk", "medlem", Some("Greve"));
    }
    let reply = post(
        fixture,
        secretary,
        "/skriv/serier",
        &[
            ("organ", "Teknisk Udvalg"),
            ("organisation", "Greve"),
            ("underskrift", "formand og sekretær"),
            ("formand", "formand@greve.dk"),
            ("sekretaer", "sekr@greve.dk"),
            ("sted", "Byrådssalen"),
        ],
    )
    .await;
    assert_eq!(location(&reply), "/skriv");
    let series = on_store(fixture, |store| store.series_list().unwrap());
    let series_id = series[0].id.to_string();
    let reply = post(
        fixture,
        secretary,
        "/skriv/moeder",
        &[
            ("serie", &series_id),
            ("dato", "2025-10-07"),
            ("start", "09:00"),
        ],
    )
    .await;
    location(&reply)
}

async fn a_meeting_runs_from_agenda_to_published_minutes() {
    let fixture = fixture_with(&[("teknik.txt".into(), LAST_MEETING.into())]);
    let secretary = session(&fixture, "sekr@greve.dk", "sekretær").await;
    let chair = session(&fixture, "formand@greve.dk", "medlem").await;
    let reader = session(&fixture, "laeser@greve.dk", "læser").await;
    let base = new_meeting(&fixture, &secretary).await;
    assert_eq!(base, "/skriv/teknisk-udvalg-2025-10-07");
    let id = "teknisk-udvalg-2025-10-07";

    // The open follow-up of the last meeting, due before this one, is offered as an item.
    let open = on_store(&fixture, |store| {
        store
            .actions(&ActionFilter {
                open: true,
                ..ActionFilter::default()
            })
            .unwrap()
    });
    assert_eq!(open.len(), 1, "{open:?}");
    let editor = page(&fixture, &secretary, &base).await;
    assert_eq!(editor.status, StatusCode::OK, "{}", editor.body);
    assert!(
        editor.body.contains("Opfølgning fra tidligere møder"),
        "{}",
        editor.body
    );
    assert!(editor.body.contains(&open[0].action.text));
    assert!(editor.body.contains("kl. 09.00–09.10"), "{}", editor.body);
    // The participants of the body's last minutes.
    let authored = on_store(&fixture, move |store| store.authored(id).unwrap());
    let participants: Vec<&str> = authored
        .meeting
        .participants
        .iter()
        .map(|person| person.name.as_str())
        .collect();
    assert_eq!(participants, ["Otto Junge Ohrt", "Hemmelig Hansen"]);

    // Items with presenters and durations; the time plan follows them.
    let reply = post(
        &fixture,
        &secretary,
        &base,
        &[
            ("revision", "1"),
            ("p0-titel", "Opfølgning fra tidligere møder"),
            ("p0-minutter", "10"),
            ("ny-titel", "Budget 2026"),
            ("ny-oplaeg", "otto junge ohrt, Ny Oplægsholder"),
            ("ny-minutter", "30"),
            ("handling", "ny"),
        ],
    )
    .await;
    location(&reply);
    let reply = post(
        &fixture,
        &secretary,
        &base,
        &[
            ("revision", "2"),
            ("ny-titel", "Eventuelt"),
            ("ny-minutter", "5"),
            ("handling", "ny"),
        ],
    )
    .await;
    location(&reply);
    let authored = on_store(&fixture, move |store| store.authored(id).unwrap());
    let slots: Vec<String> = authored
        .meeting
        .schedule
        .iter()
        .map(|slot| format!("{:?}-{:?}", slot.start, slot.end))
        .collect();
    assert_eq!(
        slots,
        [
            "Some(09:00:00)-Some(09:10:00)",
            "Some(09:10:00)-Some(09:40:00)",
            "Some(09:40:00)-Some(09:45:00)"
        ]
    );
    // The presenter from the registry by its name there; a new one as written.
    let presenters = &authored.meeting.schedule[1].presenters;
    assert_eq!(presenters[0].name, "Otto Junge Ohrt");
    assert_eq!(presenters[1].name, "Ny Oplægsholder");

    // Moving Budget 2026 up keeps the plan in step.
    let reply = post(
        &fixture,
        &secretary,
        &base,
        &[("revision", "3"), ("handling", "op-1")],
    )
    .await;
    location(&reply);
    let authored = on_store(&fixture, move |store| store.authored(id).unwrap());
    assert_eq!(authored.meeting.items[0].title, "Budget 2026");
    assert_eq!(authored.meeting.items[0].number, "1");
    let editor = page(&fixture, &secretary, &base).await;
    assert!(editor.body.contains("kl. 09.00–09.30"), "{}", editor.body);
    assert!(editor.body.contains("kl. 09.30–09.40"), "{}", editor.body);

    // A save over an older revision is refused, from the script as from the form.
    let stale = send(
        &fixture,
        "POST",
        &base,
        &secretary.cookie,
        &[("x-requested-with", "fetch")],
        Some(&[
            ("csrf", &secretary.csrf),
            ("revision", "1"),
            ("sted", "Et andet sted"),
        ]),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    // Bad input is refused with a Danish message.
    let bad = post(
        &fixture,
        &secretary,
        &base,
        &[
            ("revision", "4"),
            ("p0-titel", "Budget 2026"),
            ("p0-minutter", "mange"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("antal minutter"), "{}", bad.body);

    // Release: the agenda as PDF, DOCX and iCal.
    location(
        &post(
            &fixture,
            &secretary,
            &format!("{base}/tilstand"),
            &[("til", "dagsorden udsendt")],
        )
        .await,
    );
    let pdf = page(&fixture, &secretary, &format!("{base}/dagsorden.pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    assert!(pdf.body.starts_with("%PDF"));
    // Kept for a look (pdftoppm), beside the browser tests' screenshots.
    let e2e = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e");
    std::fs::create_dir_all(&e2e).unwrap();
    let raw = send_raw(&fixture, &secretary, &format!("{base}/dagsorden.pdf")).await;
    assert!(raw.starts_with(b"%PDF"));
    std::fs::write(e2e.join("skriv-dagsorden.pdf"), raw).unwrap();
    let docx = page(&fixture, &secretary, &format!("{base}/dagsorden.docx")).await;
    assert!(docx.body.starts_with("PK"));
    let ics = page(&fixture, &secretary, &format!("{base}/dagsorden.ics")).await;
    assert!(ics.body.contains("BEGIN:VEVENT"), "{}", ics.body);
    assert!(ics.body.contains("SUMMARY:Teknisk Udvalg"), "{}", ics.body);
    assert!(ics.body.contains("Punkt 1: Budget 2026"), "{}", ics.body);
    // Released to the participants: every account of the organisation fetches it.
    let overview = page(&fixture, &reader, "/skriv").await;
    assert!(
        overview.body.contains(&format!("{base}/dagsorden.ics")),
        "{}",
        overview.body
    );
    let theirs = page(&fixture, &reader, &format!("{base}/dagsorden.ics")).await;
    assert_eq!(theirs.status, StatusCode::OK);
    let minutes = page(&fixture, &reader, &format!("{base}/referat.pdf")).await;
    assert_eq!(minutes.status, StatusCode::FORBIDDEN);
    let missing = page(&fixture, &secretary, &format!("{base}/dagsorden.exe")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // The minutes: a decision and a follow-up whose deadline is typed in Danish.
    location(
        &post(
            &fixture,
            &secretary,
            &format!("{base}/tilstand"),
            &[("til", "afholdt")],
        )
        .await,
    );
    let saved = send(
        &fixture,
        "POST",
        &base,
        &secretary.cookie,
        &[("x-requested-with", "fetch")],
        Some(&[
            ("csrf", &secretary.csrf),
            ("revision", "4"),
            ("p0-titel", "Budget 2026"),
            ("p0-minutter", "30"),
            ("p0-tekst", "Forvaltningen fremlagde budgettet."),
            ("p0-fravaer", "Hemmelig Hansen (inhabil)"),
            ("p0-b0-art", "approved"),
            ("p0-b0-tekst", "Udvalget godkendte budgettet."),
            (
                "p0-b0-noter",
                "Karin Bøgh ønskede sin afvigende mening ført til protokol.\n",
            ),
            ("p0-o0-tekst", "Forvaltningen sender budgettet i høring"),
            ("p0-o0-ansvarlig", "Otto Junge Ohrt"),
            ("p0-o0-frist", "senest i november"),
        ]),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let answer: serde_json::Value = serde_json::from_str(&saved.body).unwrap();
    assert_eq!(answer["revision"], 5);
    assert_eq!(answer["dues"]["p0-o0-dato"], "= 30. november 2025");
    assert_eq!(answer["times"][0], "kl. 09.00–09.30");
    let authored = on_store(&fixture, move |store| store.authored(id).unwrap());
    let item = &authored.meeting.items[0];
    assert_eq!(item.decisions[0].text, "Udvalget godkendte budgettet.");
    assert_eq!(item.absent[0].reason.as_deref(), Some("inhabil"));
    assert_eq!(
        item.decisions[0].notes,
        ["Karin Bøgh ønskede sin afvigende mening ført til protokol."]
    );
    assert_eq!(
        item.actions[0].due.as_ref().unwrap().by,
        Some("2025-11-30".parse().unwrap())
    );

    // An attachment to item 1, uploaded as a file from the form, kept as the meeting names
    // it; its bytes come back.
    let upload = multipart(
        &fixture,
        &secretary,
        &format!("{base}/bilag?csrf={}", secretary.csrf),
        "1",
        "budget.csv",
        b"post;beloeb\nveje;100\n",
    )
    .await;
    assert_eq!(location(&upload), format!("{base}#bilag-overskrift"));
    let authored = on_store(&fixture, move |store| store.authored(id).unwrap());
    assert_eq!(authored.meeting.items[0].attachments, ["budget.csv"]);
    let sha256 = authored.attachments[0].sha256.clone();
    let bytes = page(&fixture, &secretary, &format!("{base}/bilag/{sha256}")).await;
    assert_eq!(bytes.body, "post;beloeb\nveje;100\n");
    let wrong_item = multipart(
        &fixture,
        &secretary,
        &format!("{base}/bilag?csrf={}", secretary.csrf),
        "9",
        "x.txt",
        b"x",
    )
    .await;
    assert_eq!(wrong_item.status, StatusCode::BAD_REQUEST);
    assert!(
        wrong_item.body.contains("mødet har intet punkt"),
        "{}",
        wrong_item.body
    );
    // Without the token in its address the upload is refused.
    let no_token = multipart(
        &fixture,
        &secretary,
        &format!("{base}/bilag"),
        "1",
        "x.txt",
        b"x",
    )
    .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);

    // Approval: the chair reads the exact text and signs with a reservation; the
    // sekretær signs; the version is sealed.
    location(
        &post(
            &fixture,
            &secretary,
            &format!("{base}/tilstand"),
            &[("til", "referat til godkendelse")],
        )
        .await,
    );
    let approval = page(&fixture, &chair, &format!("{base}/godkend")).await;
    assert_eq!(approval.status, StatusCode::OK, "{}", approval.body);
    assert!(approval.body.contains("Udvalget godkendte budgettet."));
    assert!(
        approval
            .body
            .contains("Karin Bøgh ønskede sin afvigende mening")
    );
    let hash = hidden(&approval.body, "hash").unwrap();
    let no_text = post(
        &fixture,
        &chair,
        &format!("{base}/godkend"),
        &[("udgave", "1"), ("hash", &hash), ("valg", "forbehold")],
    )
    .await;
    assert_eq!(no_text.status, StatusCode::BAD_REQUEST);
    assert!(no_text.body.contains("skriv dit forbehold"));
    location(
        &post(
            &fixture,
            &chair,
            &format!("{base}/godkend"),
            &[
                ("udgave", "1"),
                ("hash", &hash),
                ("valg", "forbehold"),
                ("forbehold", "Budgettets anlægsdel var ikke drøftet"),
            ],
        )
        .await,
    );
    // A reader of the organisation is no signer.
    let refused = post(
        &fixture,
        &reader,
        &format!("{base}/godkend"),
        &[("udgave", "1"), ("hash", &hash), ("valg", "godkend")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    location(
        &post(
            &fixture,
            &secretary,
            &format!("{base}/godkend"),
            &[("udgave", "1"), ("hash", &hash), ("valg", "godkend")],
        )
        .await,
    );
    let authored = on_store(&fixture, move |store| store.authored(id).unwrap());
    assert_eq!(authored.state, MeetingState::Approved);
    assert_eq!(authored.versions[0].seal.as_deref(), Some(hash.as_str()));
    let approval = page(&fixture, &chair, &format!("{base}/godkend")).await;
    assert!(approval.body.contains("Forseglet"), "{}", approval.body);
    assert!(
        approval
            .body
            .contains("Budgettets anlægsdel var ikke drøftet")
    );

    // Published: public, searchable, in the register of follow-ups.
    location(
        &post(
            &fixture,
            &secretary,
            &format!("{base}/tilstand"),
            &[("til", "offentliggjort")],
        )
        .await,
    );
    let public = get(&fixture, &format!("/moeder/{id}")).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert!(public.body.contains("Udvalget godkendte budgettet."));
    let found = get(&fixture, "/soeg?q=budgettet").await;
    assert!(found.body.contains(id), "{}", found.body);
    let register = get(&fixture, "/opfoelgning").await;
    assert!(
        register
            .body
            .contains("Forvaltningen sender budgettet i høring"),
        "{}",
        register.body
    );

    // A correction is a new version, signed again, with the difference shown.
    location(
        &post(
            &fixture,
            &secretary,
            &format!("{base}/tilstand"),
            &[("til", "afholdt")],
        )
        .await,
    );
    let authored = on_store(&fixture, move |store| store.authored(id).unwrap());
    let revision = authored.revision.to_string();
    location(
        &post(
            &fixture,
            &secretary,
            &base,
            &[
                ("revision", &revision),
                ("p0-titel", "Budget 2026"),
                ("p0-minutter", "30"),
                ("p0-tekst", "Forvaltningen fremlagde budgettet."),
                ("p0-fravaer", ""),
                ("p0-b0-art", "approved"),
                (
                    "p0-b0-tekst",
                    "Udvalget godkendte budgettet med anlægsdelen.",
                ),
            ],
        )
        .await,
    );
    location(
        &post(
            &fixture,
            &secretary,
            &format!("{base}/tilstand"),
            &[("til", "referat til godkendelse")],
        )
        .await,
    );
    let approval = page(&fixture, &chair, &format!("{base}/godkend")).await;
    assert!(
        approval.body.contains("Rettelser siden udgave 1"),
        "{}",
        approval.body
    );
    assert!(
        approval
            .body
            .contains("Udvalget godkendte budgettet med anlægsdelen.")
    );
    assert!(
        approval.body.contains("class=\"removed\""),
        "{}",
        approval.body
    );
}

async fn only_the_sekretaer_of_the_organisation_writes() {
    let fixture = fixture_with(&[("teknik.txt".into(), LAST_MEETING.into())]);
    let secretary = session(&fixture, "sekr@greve.dk", "sekretær").await;
    let base = new_meeting(&fixture, &secretary).await;
    let member = session(&fixture, "medlem@greve.dk", "medlem").await;
    assert_eq!(
        page(&fixture, &member, &base).await.status,
        StatusCode::FORBIDDEN
    );
    let refused = post(&fixture, &member, &base, &[("revision", "1")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("det kan en sekretær"),
        "{}",
        refused.body
    );
    // Another organisation's sekretær does not see the meeting at all.
    add_user(&fixture, "sekr@aarhus.dk", "sekretær", Some("Aarhus"));
    let cookie = sign_in(&fixture, "sekr@aarhus.dk").await;
    let other = send(&fixture, "GET", &base, &[cookie], &[], None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&fixture, &base).await.status, StatusCode::UNAUTHORIZED);
    // The series changes its signing policy, by its sekretær only.
    let series_id = on_store(&fixture, |store| store.series_list().unwrap()[0].id);
    let change = [
        ("organ", "Teknisk Udvalg"),
        ("organisation", "Aarhus"),
        ("underskrift", "formand"),
        ("formand", "formand@greve.dk"),
        ("sekretaer", ""),
        ("sted", ""),
    ];
    let uri = format!("/skriv/serier/{series_id}");
    assert_eq!(
        post(&fixture, &member, &uri, &change).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        location(&post(&fixture, &secretary, &uri, &change).await),
        "/skriv"
    );
    let series = on_store(&fixture, |store| store.series_list().unwrap().remove(0));
    assert_eq!(series.signing, store::SigningPolicy::Chair);
    assert_eq!(series.organisation, "Greve");
    assert_eq!(series.secretary, None);
    // A move the state does not allow is refused with what it is.
    let reply = post(
        &fixture,
        &secretary,
        &format!("{base}/tilstand"),
        &[("til", "godkendt")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply
            .body
            .contains("et møde, der er kladde, kan ikke blive godkendt"),
        "{}",
        reply.body
    );
}

backend_tests!(
    a_meeting_runs_from_agenda_to_published_minutes,
    only_the_sekretaer_of_the_organisation_writes,
);
