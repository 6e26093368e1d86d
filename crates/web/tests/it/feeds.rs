//! Calendars, Atom feeds and CSV exports.

use crate::{backend_tests, fixture, get, get_ok};

async fn meeting_calendar_has_one_event_per_meeting_in_utc() {
    let fixture = fixture();
    let reply = get(&fixture, "/kalender/moeder.ics").await;
    assert_eq!(
        reply.headers["content-type"],
        "text/calendar; charset=utf-8"
    );
    let ics = reply.body;
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 5);
    // 11:30 summer time in Copenhagen is 09:30 UTC.
    assert!(ics.contains("DTSTART:20250701T093000Z"), "{ics}");
    let one = get_ok(
        &fixture,
        "/kalender/moeder.ics?id=raadmandsmoede-2025-07-01",
    )
    .await;
    assert_eq!(one.matches("BEGIN:VEVENT").count(), 1);
}

async fn deadline_calendar_filters_by_person_and_body() {
    let fixture = fixture();
    let all = get_ok(&fixture, "/kalender/opfoelgning.ics?status=all").await;
    let heidi = get_ok(
        &fixture,
        "/kalender/opfoelgning.ics?status=all&owner=Heidi+Have",
    )
    .await;
    let body = get_ok(
        &fixture,
        "/kalender/opfoelgning.ics?status=all&body=R%C3%A5dmandsm%C3%B8de",
    )
    .await;
    let count = |ics: &str| ics.matches("BEGIN:VEVENT").count();
    assert!(count(&all) > count(&heidi), "{heidi}");
    assert!(heidi.contains("X-WR-CALNAME:Frister for Heidi Have"));
    assert_eq!(count(&all), count(&body));
    assert!(all.contains("DTSTART;VALUE=DATE:"));
    assert!(all.lines().all(|line| line.len() <= 75));
}

async fn atom_feeds_for_meetings_and_searches() {
    let fixture = fixture();
    let reply = get(&fixture, "/feeds/moeder.atom").await;
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    assert_eq!(reply.body.matches("<entry>").count(), 5);
    assert!(
        reply
            .body
            .contains("<link href=\"http://referat.test/moeder/raadmandsmoede-2025-07-01\"/>")
    );
    let search = get_ok(&fixture, "/feeds/soeg.atom?q=plejehjem").await;
    assert!(search.contains("<title>Søgning: plejehjem</title>"));
    assert!(search.matches("<entry>").count() > 0);
    // Issue 20: each meeting names its organisation (here named like the body), and the
    // feed and the calendar filter by it.
    assert!(
        reply
            .body
            .contains("<author><name>Rådmandsmøde</name></author>"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("<category term=\"Rådmandsmøde\"/>"));
    let one = get_ok(
        &fixture,
        "/feeds/moeder.atom?organisation=r%C3%A5dmandsm%C3%B8de",
    )
    .await;
    let n = one.matches("<entry>").count();
    assert_eq!(n, 5, "{one}");
    let none = get_ok(&fixture, "/feeds/moeder.atom?organisation=Aarhus").await;
    assert_eq!(none.matches("<entry>").count(), 0, "{none}");
    assert_eq!(one.matches("<category term=\"Rådmandsmøde\"/>").count(), n);
    let ics = get_ok(
        &fixture,
        "/kalender/moeder.ics?organisation=R%C3%A5dmandsm%C3%B8de",
    )
    .await;
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), n, "{ics}");
    assert_eq!(ics.matches("CATEGORIES:Rådmandsmøde").count(), n, "{ics}");
    // Issue 20: a feed with nothing in it is as new as when it was made, not from 1970.
    let empty = get_ok(&fixture, "/feeds/soeg.atom?q=zzzyxxq").await;
    assert_eq!(empty.matches("<entry>").count(), 0, "{empty}");
    assert!(!empty.contains("1970"), "{empty}");
    let updated = empty
        .split("<updated>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    let updated: jiff::Timestamp = updated.parse().unwrap();
    assert!(updated.as_second() > 1_700_000_000, "{empty}");
}

/// Issue 20: the CSV a Danish spreadsheet opens as columns: `;` between cells, Danish
/// headers and values, the UTF-8 BOM first.
async fn csv_exports_of_actions_and_decisions() {
    let fixture = fixture();
    let actions = get_ok(&fixture, "/eksport/opfoelgning.csv?status=all").await;
    let header = actions.lines().next().unwrap();
    assert!(
        header.starts_with("\u{feff}\"id\";\"organisation\";\"organ\";"),
        "{header}"
    );
    assert!(header.contains(";\"ansvarlige\";"), "{header}");
    assert!(header.ends_with(";\"status\""), "{header}");
    assert!(actions.lines().count() > 10);
    let n_columns = header.matches("\";\"").count();
    for line in actions.lines().skip(1) {
        assert!(line.ends_with("\"åben\""), "{line}");
        assert!(line.matches("\";\"").count() >= n_columns, "{line}");
    }
    let decisions = get_ok(&fixture, "/eksport/beslutninger.csv").await;
    assert!(
        decisions.starts_with("\u{feff}\"organisation\";"),
        "{decisions}"
    );
    assert!(decisions.contains(";\"Godkendt\";"));
    assert!(!decisions.contains("\"approved\""));
}

/// Issue 20: the register as an Excel workbook: a real xlsx (a zip of the Open XML parts)
/// with the CSV's Danish headers and values.
async fn register_as_xlsx() {
    let fixture = fixture();
    let response = get_with(&fixture, "/eksport/opfoelgning.xlsx?status=all", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("opfoelgning.xlsx")
    );
    let bytes = body_of(response).await;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let workbook = part("xl/workbook.xml");
    assert!(workbook.contains("name=\"Opfølgning\""), "{workbook}");
    let strings = part("xl/sharedStrings.xml");
    for expected in ["ansvarlige", "frist senest", "åben", "Heidi Have"] {
        assert!(strings.contains(expected), "{expected} missing");
    }
    let sheet = part("xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<autoFilter"), "no filters");
    assert!(sheet.contains("<pane"), "no frozen header");
}

/// `GET uri` with `headers`.
async fn get_with(
    fixture: &crate::Fixture,
    uri: &str,
    headers: &[(&str, &str)],
) -> axum::response::Response {
    use tower::ServiceExt;
    let mut request = axum::http::Request::builder().uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    web::router(fixture.state.clone())
        .oneshot(request.body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap()
}

async fn body_of(response: axum::response::Response) -> Vec<u8> {
    axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .unwrap()
        .to_vec()
}

/// Issue 19, point 5: calendar clients poll; an unchanged answer is a 304 with no body, and
/// text goes brotli- or gzip-compressed to those who take it; `Last-Modified` works as well
/// as the ETag.
async fn unchanged_answers_are_304_and_text_is_compressed() {
    let fixture = fixture();
    let mut n_packed = 0;
    for uri in [
        "/kalender/moeder.ics",
        "/eksport/beslutninger.csv",
        "/eksport/opfoelgning.csv?status=all",
        "/kalender/opfoelgning.ics?status=all",
        "/api/v1/overview",
        "/feeds/moeder.atom",
        "/moeder",
        "/api/v1/meetings",
    ] {
        let first = get_with(&fixture, uri, &[]).await;
        assert_eq!(first.status(), 200, "{uri}");
        assert_eq!(first.headers()["cache-control"], "no-cache", "{uri}");
        let tag = first.headers()["etag"].to_str().unwrap().to_owned();
        let plain = body_of(first).await;
        let again = get_with(&fixture, uri, &[("if-none-match", &tag)]).await;
        assert_eq!(again.status(), 304, "{uri}");
        assert_eq!(again.headers()["etag"], tag.as_str());
        assert!(again.headers().contains_key("content-security-policy"));
        assert!(body_of(again).await.is_empty());
        let other = get_with(&fixture, uri, &[("if-none-match", "W/\"0-0-0\"")]).await;
        assert_eq!(other.status(), 200, "{uri}");
        // The same by date: not modified since the time given; an older date or a tag
        // that does not match (which takes precedence) is a whole answer.
        let modified = other.headers()["last-modified"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(modified.ends_with(" GMT"), "{modified}");
        let since = get_with(&fixture, uri, &[("if-modified-since", &modified)]).await;
        assert_eq!(since.status(), 304, "{uri}");
        let old = "Sat, 01 Jan 2000 00:00:00 GMT";
        let before = get_with(&fixture, uri, &[("if-modified-since", old)]).await;
        assert_eq!(before.status(), 200, "{uri}");
        let both = get_with(
            &fixture,
            uri,
            &[
                ("if-modified-since", &modified),
                ("if-none-match", "W/\"0\""),
            ],
        )
        .await;
        assert_eq!(both.status(), 200, "{uri}");
        let garbled = get_with(&fixture, uri, &[("if-modified-since", "i går")]).await;
        assert_eq!(garbled.status(), 200, "{uri}");
        let brotli = get_with(&fixture, uri, &[("accept-encoding", "gzip, deflate, br")]).await;
        if plain.len() >= 1024 {
            assert_eq!(brotli.headers()["content-encoding"], "br", "{uri}");
            let packed = body_of(brotli).await;
            let mut unpacked = Vec::new();
            std::io::Read::read_to_end(
                &mut brotli::Decompressor::new(&packed[..], 4096),
                &mut unpacked,
            )
            .unwrap();
            assert_eq!(unpacked, plain, "{uri}");
        }
        let packed = get_with(&fixture, uri, &[("accept-encoding", "br;q=0, gzip;q=0.8")]).await;
        assert!(
            packed.headers()["vary"]
                .to_str()
                .unwrap()
                .contains("accept-encoding")
        );
        if plain.len() < 1024 {
            // Too small to be worth it.
            assert!(!packed.headers().contains_key("content-encoding"), "{uri}");
            continue;
        }
        assert_eq!(
            packed
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            Some("gzip"),
            "{uri}: {} bytes",
            plain.len()
        );
        let packed = body_of(packed).await;
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&packed[..]),
            &mut unpacked,
        )
        .unwrap();
        assert_eq!(unpacked, plain, "{uri}");
        n_packed += 1;
        let refused = get_with(&fixture, uri, &[("accept-encoding", "gzip;q=0")]).await;
        assert!(!refused.headers().contains_key("content-encoding"), "{uri}");
    }
    assert!(n_packed >= 3, "{n_packed} answers compressed");
    // A change to the store is a new tag.
    let tag = get_with(&fixture, "/kalender/moeder.ics", &[])
        .await
        .headers()["etag"]
        .clone();
    let store = std::sync::Arc::clone(&fixture.state.store);
    let (name, text) = crate::seeds().remove(0);
    let text = text.replacen("Punkt", "Punkt 99: Nyt punkt\n\nPunkt", 1);
    std::thread::spawn(move || crate::import(store.as_ref(), &format!("ny-{name}"), &text))
        .join()
        .unwrap();
    let after = get_with(
        &fixture,
        "/kalender/moeder.ics",
        &[("if-none-match", tag.to_str().unwrap())],
    )
    .await;
    assert_eq!(after.status(), 200);
    assert_ne!(after.headers()["etag"], tag);
    // The stylesheet may be kept.
    let css = get_with(&fixture, "/style.css", &[]).await;
    assert!(
        css.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
}

/// The text of `uri` as sent plainly, and after unpacking its gzip and brotli answers.
async fn three_ways(fixture: &crate::Fixture, uri: &str) -> [Vec<u8>; 3] {
    let plain = get_with(fixture, uri, &[]).await;
    assert_eq!(plain.status(), 200, "{uri}");
    assert!(!plain.headers().contains_key("content-encoding"), "{uri}");
    let plain = body_of(plain).await;
    let gzip = get_with(fixture, uri, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.headers()["content-encoding"], "gzip", "{uri}");
    assert!(gzip.headers().contains_key("etag"), "{uri}");
    let packed = body_of(gzip).await;
    let mut gzip = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&packed[..]), &mut gzip).unwrap();
    let brotli = get_with(fixture, uri, &[("accept-encoding", "br")]).await;
    assert_eq!(brotli.headers()["content-encoding"], "br", "{uri}");
    let packed = body_of(brotli).await;
    let mut brotli = Vec::new();
    std::io::Read::read_to_end(
        &mut brotli::Decompressor::new(&packed[..], 4096),
        &mut brotli,
    )
    .unwrap();
    [plain, gzip, brotli]
}

/// Issue 19, point 4: the whole-corpus answers are written as they are sent, 64 KiB at a
/// time, and the register is paged. Over the seeds 40 times: the exports and calendars are
/// many chunks long and the same text plainly, gzipped and brotli-compressed; each holds
/// every decision, meeting or follow-up once; the overview lists every overdue follow-up;
/// and every follow-up of the register is on exactly one of its pages of 100.
async fn whole_corpus_answers_are_streamed_and_the_register_paged() {
    use std::collections::BTreeSet;
    use store::{ActionFilter, MeetingFilter, Page};
    let fixture = fixture();
    let store = std::sync::Arc::clone(&fixture.state.store);
    let (n_meetings, n_decisions, n_actions, n_overdue) = std::thread::spawn(move || {
        let ids: Vec<String> = store
            .meetings(&MeetingFilter::default(), Page::ALL)
            .unwrap()
            .into_iter()
            .map(|summary| summary.id)
            .collect();
        for copy in 1..40 {
            for id in &ids {
                let mut meeting = store.meeting(id).unwrap();
                meeting.id = format!("{id}-k{copy}");
                let sha256 = meeting.source.sha256.clone();
                store.put_meeting(&meeting, &sha256).unwrap();
            }
        }
        let meetings = store
            .meetings(&MeetingFilter::default(), Page::ALL)
            .unwrap();
        let n_decisions: usize = meetings
            .iter()
            .map(|summary| {
                let meeting = store.meeting(&summary.id).unwrap();
                meeting
                    .items
                    .iter()
                    .map(|item| item.decisions.len())
                    .sum::<usize>()
            })
            .sum();
        let n_actions = store.actions(&ActionFilter::default()).unwrap().len();
        let today = jiff::civil::date(crate::TODAY.0, crate::TODAY.1, crate::TODAY.2);
        let n_overdue = store
            .actions(&ActionFilter {
                open: true,
                due_before: Some(today),
                ..ActionFilter::default()
            })
            .unwrap()
            .len();
        (meetings.len(), n_decisions, n_actions, n_overdue)
    })
    .join()
    .unwrap();
    assert_eq!(n_meetings, 200);
    assert!(n_actions > 300, "{n_actions} follow-ups");
    assert!(n_overdue > 0);

    // Rows end in `"` and CRLF; no cell of the seeds holds that.
    let rows = |csv: &[u8]| String::from_utf8_lossy(csv).matches("\"\r\n").count();
    let [plain, gzip, brotli] = three_ways(&fixture, "/eksport/beslutninger.csv").await;
    assert!(plain.len() > 4 * 64 * 1024, "{} bytes", plain.len());
    assert_eq!(gzip, plain);
    assert_eq!(brotli, plain);
    assert_eq!(rows(&plain), 1 + n_decisions);

    let [plain, gzip, brotli] = three_ways(&fixture, "/eksport/opfoelgning.csv?status=all").await;
    assert!(plain.len() > 64 * 1024, "{} bytes", plain.len());
    assert_eq!((&gzip, &brotli), (&plain, &plain));
    assert_eq!(rows(&plain), 1 + n_actions);

    let [plain, gzip, brotli] = three_ways(&fixture, "/kalender/moeder.ics").await;
    assert!(plain.len() > 64 * 1024, "{} bytes", plain.len());
    assert_eq!((&gzip, &brotli), (&plain, &plain));
    let ics = String::from_utf8(plain).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), n_meetings);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));

    let [plain, gzip, brotli] = three_ways(&fixture, "/kalender/opfoelgning.ics?status=all").await;
    assert_eq!((&gzip, &brotli), (&plain, &plain));
    assert!(
        String::from_utf8(plain)
            .unwrap()
            .matches("BEGIN:VEVENT")
            .count()
            > 100
    );

    let [plain, gzip, brotli] = three_ways(&fixture, "/api/v1/overview").await;
    assert_eq!((&gzip, &brotli), (&plain, &plain));
    let overview: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(overview["overdue"].as_array().unwrap().len(), n_overdue);
    assert_eq!(overview["latest_meetings"].as_array().unwrap().len(), 8);
    assert!(overview["due_soon"].is_array());

    // The register, 100 to a page, every follow-up on one page.
    let first = get_ok(&fixture, "/opfoelgning?status=all").await;
    let pages = n_actions.div_ceil(100);
    assert!(
        first.contains(&format!("{n_actions} opfølgninger")),
        "{first}"
    );
    assert!(first.contains(&format!("Side 1 af {pages}")), "{first}");
    assert!(
        first.contains("href=\"/opfoelgning?status=all&amp;side=2\""),
        "{first}"
    );
    let mut seen = BTreeSet::new();
    for side in 1..=pages {
        let page = get_ok(&fixture, &format!("/opfoelgning?status=all&side={side}")).await;
        let links: Vec<&str> = page
            .split("href=\"/opfoelgning/")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap())
            .collect();
        assert_eq!(
            links.len(),
            if side < pages {
                100
            } else {
                n_actions - 100 * (pages - 1)
            }
        );
        for link in links {
            assert!(seen.insert(link.to_owned()), "{link} on two pages");
        }
    }
    assert_eq!(seen.len(), n_actions);
    // Past the last page: no rows, no error.
    let beyond = get_ok(
        &fixture,
        &format!("/opfoelgning?status=all&side={}", pages + 5),
    )
    .await;
    assert!(!beyond.contains("href=\"/opfoelgning/"));
    // The API pages the same register.
    let api: serde_json::Value = serde_json::from_str(
        &get_ok(&fixture, "/api/v1/actions?status=all&offset=100&limit=50").await,
    )
    .unwrap();
    assert_eq!(api["data"].as_array().unwrap().len(), 50);
    assert_eq!(api["more"], true);
}

backend_tests!(
    whole_corpus_answers_are_streamed_and_the_register_paged,
    unchanged_answers_are_304_and_text_is_compressed,
    meeting_calendar_has_one_event_per_meeting_in_utc,
    deadline_calendar_filters_by_person_and_body,
    atom_feeds_for_meetings_and_searches,
    csv_exports_of_actions_and_decisions,
    register_as_xlsx,
);
