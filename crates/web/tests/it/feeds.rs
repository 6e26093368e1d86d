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
}

async fn csv_exports_of_actions_and_decisions() {
    let fixture = fixture();
    let actions = get_ok(&fixture, "/eksport/opfoelgning.csv?status=all").await;
    let header = actions.lines().next().unwrap();
    assert!(header.contains("\"owners\""), "{header}");
    assert!(actions.lines().count() > 10);
    let decisions = get_ok(&fixture, "/eksport/beslutninger.csv").await;
    assert!(decisions.contains("\"approved\""));
}

backend_tests!(
    meeting_calendar_has_one_event_per_meeting_in_utc,
    deadline_calendar_filters_by_person_and_body,
    atom_feeds_for_meetings_and_searches,
    csv_exports_of_actions_and_decisions,
);
