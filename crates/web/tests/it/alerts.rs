//! Alerts and reminders (issue 15) against a real SMTP server ([`crate::smtp`]), on SQLite
//! and PostgreSQL: a saved search and an import of a new matching meeting give one digest
//! with the item's title and link; a second round sends nothing; a restart between import
//! and round still sends once; a mail server down for one round delivers at the next;
//! reminders come before a due date and after it, and stop once the follow-up is done;
//! digests leave out what the account may not see.

use std::sync::Arc;

use model::Date;
use search::SearchIndex;
use store::testing::{Backend, Place};
use store::{Actor, Frequency, MeetingAccess, Store, Visibility};
use web::alerts::{Alerts, saved_query};
use web::mail::Mailer;

use crate::smtp::{self, Smtp};
use crate::{import, index_of};

const HAVN_AUGUST: &str = "Referat Havneudvalget\n\nMødedato: Mandag den 4. august 2025 kl. 16:00\n\n\
    Deltagere: Karin Holm, Bent Sørensen\n\n\
    Punkt 1: Fyrpladsens belysning\n\nBeslutning\nUdvalget godkendte ny belysning.\n";

const HAVN_SEPTEMBER: &str = "Referat Havneudvalget\n\nMødedato: Mandag den 1. september 2025 kl. 16:00\n\n\
    Deltagere: Karin Holm, Bent Sørensen\n\n\
    Punkt 1: Ny belysning på molen\n\nLamperne på molen er udtjente.\n\nBeslutning\n\
    Udvalget godkendte ny belysning på molen.\n\
    Ulrikke Tjørnehøj bestiller lamperne inden 1. oktober 2025.\n\n\
    Punkt 2: Lukket: Belysning af fyrtårnet\n\nSælger kræver fortrolighed.\n\nBeslutning\n\
    Udvalget godkendte det fortrolige tilbud fra gnaverfirmaet.\n\
    Ulrikke Tjørnehøj underskriver kontrakten inden 1. oktober 2025.\n";

const HAVN_OCTOBER: &str = "Referat Havneudvalget\n\nMødedato: Mandag den 6. oktober 2025 kl. 16:00\n\n\
    Deltagere: Karin Holm, Bent Sørensen\n\n\
    Punkt 1: Belysning på kajen\n\nBeslutning\nUdvalget godkendte belysning på kajen.\n";

fn at(seconds: i64) -> Actor {
    Actor {
        email: None,
        address: None,
        at: seconds,
    }
}

fn day(raw: &str) -> Date {
    raw.parse().unwrap()
}

/// A store on `backend` with an index that follows it; `None` when the backend is absent.
struct Setup {
    store: Arc<dyn Store>,
    index: SearchIndex,
    place: Place,
}

impl Setup {
    fn open(backend: Backend, documents: &[(&str, &str)]) -> Option<Setup> {
        let (store, place) = backend.open()?;
        let store: Arc<dyn Store> = Arc::from(store);
        for (name, text) in documents {
            import(store.as_ref(), name, text);
        }
        let index = index_of(store.as_ref());
        Some(Setup {
            store,
            index,
            place,
        })
    }

    /// Imports a document and brings the index up to date, as `referat import` does.
    fn import(&self, name: &str, text: &str) {
        import(self.store.as_ref(), name, text);
        let mut writer = self.index.writer().unwrap();
        for id in self
            .store
            .meetings_changed_since(self.index.indexed_seq().unwrap())
            .unwrap()
        {
            writer
                .put_meeting(&self.store.meeting(&id).unwrap())
                .unwrap();
        }
        writer.commit(self.store.change_seq().unwrap()).unwrap();
    }

    fn save_search(&self, email: &str, words: &str, frequency: Frequency) -> i64 {
        let seq = self.store.change_seq().unwrap();
        self.store
            .add_saved_search(
                email,
                words,
                &saved_query(words, None, None, false, None),
                frequency,
                &web::alerts::random_hex(16),
                seq,
                &at(1),
            )
            .unwrap()
    }
}

fn alerts(port: u16) -> Alerts {
    let mut alerts = Alerts::new("https://referat.greve.dk".parse().unwrap());
    alerts.mailer = Some(Mailer::new(&smtp::url(port), "referat@greve.dk").unwrap());
    alerts
}

fn round(
    alerts: &Alerts,
    store: &dyn Store,
    index: &SearchIndex,
    now: i64,
    today: &str,
) -> web::alerts::Round {
    alerts
        .run(store, index, &move || now, day(today), false)
        .unwrap()
}

fn a_digest_arrives_once_with_title_and_link(backend: Backend) {
    let Some(smtp) = Smtp::start() else {
        return;
    };
    let Some(setup) = Setup::open(backend, &[("aug.txt", HAVN_AUGUST)]) else {
        return;
    };
    let store = setup.store.as_ref();
    store
        .add_user("k@greve.dk", "læser", None, None, &at(1))
        .unwrap();
    setup.save_search("k@greve.dk", "belysning", Frequency::Instant);
    let alerts = alerts(smtp.port);
    // Nothing new yet: what was there when the search was saved is not news.
    let first = round(&alerts, store, &setup.index, 1000, "2025-09-01");
    assert_eq!((first.digests, first.sent), (0, 0));

    setup.import("sep.txt", HAVN_SEPTEMBER);
    let second = round(&alerts, store, &setup.index, 1060, "2025-09-01");
    assert_eq!((second.digests, second.sent, second.failed), (1, 1, 0));
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.contains("To: k@greve.dk"), "{mail}");
    assert!(
        mail.contains("Punkt 1: Ny belysning på molen (Havneudvalget"),
        "{mail}"
    );
    assert!(
        mail.contains("https://referat.greve.dk/punkter/havneudvalget-2025-09-01/1"),
        "{mail}"
    );
    assert!(mail.contains("Beslutning (Godkendt): Udvalget godkendte ny belysning på molen."));
    assert!(
        mail.contains("List-Unsubscribe: <https://referat.greve.dk/afmeld/"),
        "{mail}"
    );
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(mail.contains("Content-Type: text/plain") && mail.contains("Content-Type: text/html"));
    // The reader sees the closed item's title only: never its text or decision.
    assert!(
        !mail.contains("gnaverfirmaet") && !mail.contains("fortrolighed"),
        "{mail}"
    );

    // A second round sends nothing.
    let third = round(&alerts, store, &setup.index, 1120, "2025-09-01");
    assert_eq!((third.digests, third.sent), (0, 0));
    assert_eq!(smtp.mails().len(), 1);

    // A new version of the minutes does not tell of the same item again.
    setup.import(
        "sep-rettet.txt",
        &HAVN_SEPTEMBER.replace("er udtjente.", "er udtjente og skal udskiftes."),
    );
    let corrected = round(&alerts, store, &setup.index, 1150, "2025-09-02");
    assert_eq!((corrected.digests, corrected.sent), (0, 0));
    assert_eq!(smtp.mails().len(), 1);

    // A restart between an import and the round: another handle on the same data and a
    // fresh process's settings send the new item once.
    setup.import("okt.txt", HAVN_OCTOBER);
    let (reopened, _) = setup.place.reopen();
    let restarted = self::alerts(smtp.port);
    let fourth = round(
        &restarted,
        reopened.as_ref(),
        &setup.index,
        1180,
        "2025-10-06",
    );
    assert_eq!((fourth.digests, fourth.sent), (1, 1));
    let fifth = round(
        &restarted,
        reopened.as_ref(),
        &setup.index,
        1240,
        "2025-10-06",
    );
    assert_eq!((fifth.digests, fifth.sent), (0, 0));
    let mails = smtp.mails();
    assert_eq!(mails.len(), 2);
    assert!(mails[1].contains("Belysning på kajen"), "{}", mails[1]);
    assert!(!mails[1].contains("molen"), "{}", mails[1]);
}

fn a_member_reads_the_closed_decision_and_a_stranger_nothing(backend: Backend) {
    let Some(smtp) = Smtp::start() else {
        return;
    };
    let Some(setup) = Setup::open(backend, &[("aug.txt", HAVN_AUGUST)]) else {
        return;
    };
    let store = setup.store.as_ref();
    store
        .add_user("m@havn.dk", "medlem", Some("Havneudvalget"), None, &at(1))
        .unwrap();
    store
        .add_user("l@aarhus.dk", "læser", Some("Aarhus"), None, &at(1))
        .unwrap();
    setup.save_search("m@havn.dk", "fyrtårnet", Frequency::Daily);
    setup.save_search("l@aarhus.dk", "belysning", Frequency::Weekly);
    setup.import("sep.txt", HAVN_SEPTEMBER);
    store
        .set_meeting_access(
            "havneudvalget-2025-09-01",
            &MeetingAccess {
                visibility: Visibility::Internal,
                organisation: Some("Havneudvalget".into()),
            },
            &at(2),
        )
        .unwrap();
    let alerts = alerts(smtp.port);
    let done = round(&alerts, store, &setup.index, 1000, "2025-09-01");
    // The member of the harbour's organisation gets the closed item whole; the reader of
    // another organisation does not see the internal meeting at all.
    assert_eq!((done.digests, done.sent), (1, 1));
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("To: m@havn.dk"), "{}", mails[0]);
    assert!(mails[0].contains("gnaverfirmaet"), "{}", mails[0]);
}

fn mail_waits_while_the_server_is_down(backend: Backend) {
    if !smtp::available() {
        return;
    }
    let Some(setup) = Setup::open(backend, &[("aug.txt", HAVN_AUGUST)]) else {
        return;
    };
    let store = setup.store.as_ref();
    store
        .add_user("k@greve.dk", "læser", None, None, &at(1))
        .unwrap();
    setup.save_search("k@greve.dk", "belysning", Frequency::Instant);
    setup.import("sep.txt", HAVN_SEPTEMBER);
    let port = smtp::free_port();
    let alerts = alerts(port);
    let down = round(&alerts, store, &setup.index, 1000, "2025-09-01");
    assert_eq!((down.digests, down.sent, down.failed), (1, 0, 1));
    let waiting = store.outbox(true, store::Page::default()).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].attempts, 1);
    assert!(waiting[0].last_error.is_some());
    // Before its next attempt nothing is tried; then it goes.
    let smtp = Smtp::on(port);
    let early = round(&alerts, store, &setup.index, 1030, "2025-09-01");
    assert_eq!((early.digests, early.sent, early.failed), (0, 0, 0));
    let up = round(&alerts, store, &setup.index, 1061, "2025-09-01");
    assert_eq!((up.digests, up.sent, up.failed), (0, 1, 0));
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("Ny belysning på molen"));
    assert!(
        store
            .outbox(true, store::Page::default())
            .unwrap()
            .is_empty()
    );
}

fn reminders_come_before_and_after_the_due_date_until_done(backend: Backend) {
    let Some(smtp) = Smtp::start() else {
        return;
    };
    let Some(setup) = Setup::open(backend, &[("sep.txt", HAVN_SEPTEMBER)]) else {
        return;
    };
    let store = setup.store.as_ref();
    store
        .add_user("ut@havn.dk", "medlem", Some("Havneudvalget"), None, &at(1))
        .unwrap();
    store
        .add_user(
            "sekr@havn.dk",
            "sekretær",
            Some("Havneudvalget"),
            None,
            &at(1),
        )
        .unwrap();
    store
        .link_person("Ulrikke Tjørnehøj", Some("ut@havn.dk"), &at(1))
        .unwrap();
    let alerts = alerts(smtp.port);
    let count = |kind: &str| {
        smtp.mails()
            .iter()
            .filter(|mail| mail.contains(kind))
            .count()
    };
    // Too early: nothing.
    let early = round(&alerts, store, &setup.index, 1000, "2025-09-20");
    assert_eq!(early.reminders, 0);
    // Three days before: one reminder per follow-up (the lamps, and the contract of the
    // closed item, which the member sees).
    let before = round(&alerts, store, &setup.index, 1100, "2025-09-28");
    assert_eq!((before.reminders, before.sent), (2, 2));
    assert_eq!(count("Du er ansvarlig for denne opfølgning med frist"), 2);
    assert!(
        smtp.mails()[0].contains("https://referat.greve.dk/opfoelgning/havneudvalget-2025-09-01/")
    );
    // The next day: not again.
    let again = round(&alerts, store, &setup.index, 1200, "2025-09-29");
    assert_eq!(again.reminders, 0);
    // One of them is done: it stops; the other gets its overdue notice, and the sekretær
    // the week's list.
    store
        .set_follow_up(
            &"havneudvalget-2025-09-01/2/1".parse().unwrap(),
            store::ActionStatus::Done,
            "Underskrevet",
            &at(1250),
        )
        .unwrap();
    let overdue = round(&alerts, store, &setup.index, 1300, "2025-10-02");
    assert_eq!((overdue.reminders, overdue.sent), (2, 2));
    assert_eq!(count("Fristen for denne opfølgning var"), 1);
    let list: Vec<String> = smtp
        .mails()
        .into_iter()
        .filter(|mail| mail.contains("To: sekr@havn.dk"))
        .collect();
    assert_eq!(list.len(), 1);
    assert!(list[0].contains("bestiller lamperne"), "{}", list[0]);
    assert!(!list[0].contains("underskriver kontrakten"), "{}", list[0]);
    // Done: nothing more, not even the next week's list.
    store
        .set_follow_up(
            &"havneudvalget-2025-09-01/1/1".parse().unwrap(),
            store::ActionStatus::Done,
            "Bestilt",
            &at(1350),
        )
        .unwrap();
    let later = round(&alerts, store, &setup.index, 1400, "2025-10-09");
    assert_eq!(later.reminders, 0);
    assert_eq!(smtp.mails().len(), 4);
}

fn a_long_digest_tells_of_fifty_and_links_to_the_rest(backend: Backend) {
    let Some(smtp) = Smtp::start() else {
        return;
    };
    let Some(setup) = Setup::open(backend, &[("aug.txt", HAVN_AUGUST)]) else {
        return;
    };
    let store = setup.store.as_ref();
    store
        .add_user("k@greve.dk", "læser", None, None, &at(1))
        .unwrap();
    setup.save_search("k@greve.dk", "belysning", Frequency::Instant);
    let mut long = String::from(
        "Referat Havneudvalget\n\nMødedato: Mandag den 3. november 2025 kl. 16:00\n\n\
         Deltagere: Karin Holm, Bent Sørensen\n\n",
    );
    for n in 1..=55 {
        long.push_str(&format!(
            "Punkt {n}: Belysning af bøje {n}\n\nBeslutning\nUdvalget godkendte lyset.\n\n"
        ));
    }
    setup.import("nov.txt", &long);
    let done = round(&alerts(smtp.port), store, &setup.index, 1000, "2025-11-03");
    assert_eq!((done.digests, done.sent), (1, 1));
    let mail = &smtp.mails()[0];
    let text = mail.split("Content-Type: text/html").next().unwrap();
    assert_eq!(text.matches("Beslutning (Godkendt)").count(), 50, "{mail}");
    assert!(mail.contains("(55 nye punkter)"), "{mail}");
    assert!(
        mail.contains("… og 5 punkter mere: https://referat.greve.dk/soeg?q=belysning"),
        "{mail}"
    );
}

/// Each test once per backend, on a plain thread (the clients are blocking).
macro_rules! alert_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                super::$name(super::Backend::Sqlite);
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                super::$name(super::Backend::Postgres);
            })*
        }
    };
}

alert_tests!(
    a_digest_arrives_once_with_title_and_link,
    a_member_reads_the_closed_decision_and_a_stranger_nothing,
    mail_waits_while_the_server_is_down,
    reminders_come_before_and_after_the_due_date_until_done,
    a_long_digest_tells_of_fifty_and_links_to_the_rest,
);
