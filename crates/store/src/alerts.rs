//! Alerts and reminders (issue 15), written once for both backends against [`Exec`]:
//! saved searches with the marks of what their digests told of, the outbox of mail to
//! send, the reminders already queued, leases for the one process that runs a job, and
//! the link from a person of the registry to an account.
//!
//! It composes and sends nothing: the caller (`web::alerts`) decides what a digest or a
//! reminder says and hands it over with its marks; [`queue_mail`] writes the mail and moves
//! the marks in one transaction, or does neither when another process got there first. The
//! sender claims rows of the outbox ([`claim_mail`]) for a while, so two processes never
//! send one row at once.

use serde::Serialize;

use crate::accounts::{Actor, normalise_email};
use crate::engine::Exec;
use crate::rows::Value;
use crate::{Error, Page, Result};

/// How often a saved search's digest may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    /// At the first round after a matching item is imported.
    Instant,
    /// At most once a day.
    Daily,
    /// At most once a week.
    Weekly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Instant, Frequency::Daily, Frequency::Weekly];

    /// The name kept in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Instant => "instant",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
        }
    }

    /// The Danish name of the command line and the pages.
    pub fn danish(self) -> &'static str {
        match self {
            Frequency::Instant => "straks",
            Frequency::Daily => "dagligt",
            Frequency::Weekly => "ugentligt",
        }
    }

    /// Reads the Danish or the English name.
    pub fn parse(raw: &str) -> Option<Frequency> {
        match raw.trim().to_lowercase().as_str() {
            "straks" | "instant" => Some(Frequency::Instant),
            "dagligt" | "daily" => Some(Frequency::Daily),
            "ugentligt" | "weekly" => Some(Frequency::Weekly),
            _ => None,
        }
    }

    /// Seconds that must pass after a digest before the next one.
    pub fn interval(self) -> i64 {
        match self {
            Frequency::Instant => 0,
            // A little less than a whole day or week, so that a round a few seconds
            // earlier than the one before still sends.
            Frequency::Daily => 24 * 3600 - 300,
            Frequency::Weekly => 7 * 24 * 3600 - 300,
        }
    }
}

/// A search a user saved to be told of new items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedSearch {
    pub id: i64,
    /// The account, lowercase.
    pub email: String,
    pub name: String,
    /// The search as the search page's address writes it (`q=…&body=…`).
    pub query: String,
    pub frequency: Frequency,
    /// Random; names the private feed and the unsubscribe link.
    pub token: String,
    /// The change counter up to which items were looked at.
    pub sent_seq: u64,
    /// When the last digest was queued (Unix seconds).
    pub sent_at: Option<i64>,
    pub created_at: i64,
}

/// A mail to queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mail {
    /// `digest`, `reminder`, `overdue` or `overdue_list`.
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// Extra headers (`List-Unsubscribe`, ...).
    pub headers: Vec<(String, String)>,
}

/// A mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMail {
    pub id: i64,
    pub mail: Mail,
    pub created_at: i64,
    /// Failed attempts so far.
    pub attempts: u32,
    pub next_attempt: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
}

/// What a queued mail stands for, moved in the transaction that queues it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// A saved search told of `items`, looked at up to `seq`; it must still be at `seen`.
    /// `at` is when its digest was queued (`None`: nothing was new, no digest).
    Search {
        id: i64,
        seen: u64,
        seq: u64,
        at: Option<i64>,
        items: Vec<String>,
    },
    /// A reminder of `kind` for `key` (a follow-up, or an account for a list) for `period`
    /// (a due date, a week); it must not have been queued before.
    Reminder {
        key: String,
        kind: String,
        period: String,
    },
}

fn next(row: &mut std::vec::IntoIter<Value>) -> Value {
    row.next().unwrap_or(Value::Null)
}

fn seq_value(seq: u64) -> Value {
    Value::Big(Some(i64::try_from(seq).unwrap_or(i64::MAX)))
}

const SEARCH_COLUMNS: &str =
    "id, email, name, query, frequency, token, sent_seq, sent_at, created_at";

fn search_from(row: Vec<Value>) -> Result<SavedSearch> {
    let mut row = row.into_iter();
    let id = next(&mut row).as_i64()?.unwrap_or_default();
    let email = next(&mut row).into_string()?;
    let name = next(&mut row).into_string()?;
    let query = next(&mut row).into_string()?;
    let frequency = next(&mut row).into_string()?;
    let frequency = Frequency::parse(&frequency)
        .ok_or_else(|| Error::Corrupt(format!("unknown frequency {frequency:?}")))?;
    let token = next(&mut row).into_string()?;
    let sent_seq = next(&mut row).as_i64()?.unwrap_or_default();
    Ok(SavedSearch {
        id,
        email,
        name,
        query,
        frequency,
        token,
        sent_seq: u64::try_from(sent_seq).unwrap_or_default(),
        sent_at: next(&mut row).as_i64()?,
        created_at: next(&mut row).as_i64()?.unwrap_or_default(),
    })
}

/// Saves a search for an account; its id. Items of the store as it is at `seq` count as
/// told of: the first digest tells of what comes after.
#[expect(clippy::too_many_arguments, reason = "the columns of one row")]
pub(crate) fn add_saved_search(
    db: &mut dyn Exec,
    email: &str,
    name: &str,
    query: &str,
    frequency: Frequency,
    token: &str,
    seq: u64,
    actor: &Actor,
) -> Result<i64> {
    let email = normalise_email(email);
    if crate::accounts::user(db, &email)?.is_none() {
        return Err(Error::NotFound {
            what: "user",
            id: email,
        });
    }
    if name.trim().is_empty() {
        return Err(Error::Invalid(
            "en gemt søgning skal have et navn".to_owned(),
        ));
    }
    let id = db
        .query(
            "INSERT INTO saved_searches
                 (email, name, query, frequency, token, sent_seq, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            &[
                Value::text(email.as_str()),
                Value::text(name.trim()),
                Value::text(query),
                Value::text(frequency.as_str()),
                Value::text(token),
                seq_value(seq),
                Value::Big(Some(actor.at)),
            ],
        )?
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .ok_or_else(|| Error::Corrupt("no id from INSERT".to_owned()))?
        .as_i64()?
        .unwrap_or_default();
    crate::accounts::audit(
        db,
        "alert_added",
        Some(&email),
        Some(&format!("{id}: {}", name.trim())),
        actor,
    )?;
    Ok(id)
}

/// The saved searches of one account, or of every account, by account and id.
pub(crate) fn saved_searches(db: &mut dyn Exec, email: Option<&str>) -> Result<Vec<SavedSearch>> {
    let rows = match email {
        Some(email) => db.query(
            &format!("SELECT {SEARCH_COLUMNS} FROM saved_searches WHERE email = ?1 ORDER BY id"),
            &[Value::text(normalise_email(email))],
        )?,
        None => db.query(
            &format!("SELECT {SEARCH_COLUMNS} FROM saved_searches ORDER BY email, id"),
            &[],
        )?,
    };
    rows.into_iter().map(search_from).collect()
}

/// The saved search of a feed or unsubscribe token.
pub(crate) fn saved_search_by_token(db: &mut dyn Exec, token: &str) -> Result<Option<SavedSearch>> {
    db.query(
        &format!("SELECT {SEARCH_COLUMNS} FROM saved_searches WHERE token = ?1"),
        &[Value::text(token)],
    )?
    .into_iter()
    .next()
    .map(search_from)
    .transpose()
}

/// Removes a saved search (of `email` only, when given) with its marks.
pub(crate) fn remove_saved_search(
    db: &mut dyn Exec,
    id: i64,
    email: Option<&str>,
    actor: &Actor,
) -> Result<()> {
    let owner = db
        .query(
            "SELECT email FROM saved_searches WHERE id = ?1",
            &[Value::Big(Some(id))],
        )?
        .into_iter()
        .next()
        .map(|row| row.into_iter().next().unwrap_or(Value::Null).into_string())
        .transpose()?;
    let not_found = || Error::NotFound {
        what: "saved search",
        id: id.to_string(),
    };
    let Some(owner) = owner else {
        return Err(not_found());
    };
    if email.is_some_and(|email| normalise_email(email) != owner) {
        return Err(not_found());
    }
    db.execute(
        "DELETE FROM saved_search_items WHERE search_id = ?1",
        &[Value::Big(Some(id))],
    )?;
    db.execute(
        "DELETE FROM saved_searches WHERE id = ?1",
        &[Value::Big(Some(id))],
    )?;
    crate::accounts::audit(
        db,
        "alert_removed",
        Some(&owner),
        Some(&id.to_string()),
        actor,
    )
}

/// Removes every saved search and person link of an account (with the account).
pub(crate) fn remove_account_alerts(db: &mut dyn Exec, email: &str) -> Result<()> {
    let email = Value::text(email);
    db.execute(
        "DELETE FROM saved_search_items WHERE search_id IN
             (SELECT id FROM saved_searches WHERE email = ?1)",
        std::slice::from_ref(&email),
    )?;
    db.execute(
        "DELETE FROM saved_searches WHERE email = ?1",
        std::slice::from_ref(&email),
    )?;
    db.execute("DELETE FROM person_accounts WHERE email = ?1", &[email])?;
    Ok(())
}

/// The items a saved search has told of.
pub(crate) fn told_items(db: &mut dyn Exec, search_id: i64) -> Result<Vec<String>> {
    db.query(
        "SELECT item_id FROM saved_search_items WHERE search_id = ?1 ORDER BY item_id",
        &[Value::Big(Some(search_id))],
    )?
    .into_iter()
    .map(|row| row.into_iter().next().unwrap_or(Value::Null).into_string())
    .collect()
}

/// Queues `mail` (if any) and moves `marks`, or, when a mark was moved by somebody else
/// meanwhile (another process queued the same digest or reminder), does nothing:
/// [`Error::Conflict`], which the caller's transaction rolls back.
pub(crate) fn queue_mail(
    db: &mut dyn Exec,
    mail: Option<&Mail>,
    marks: &[Mark],
    now: i64,
) -> Result<()> {
    for mark in marks {
        match mark {
            Mark::Search {
                id,
                seen,
                seq,
                at,
                items,
            } => {
                let moved = db.execute(
                    "UPDATE saved_searches SET sent_seq = ?3, sent_at = COALESCE(?4, sent_at)
                     WHERE id = ?1 AND sent_seq = ?2",
                    &[
                        Value::Big(Some(*id)),
                        seq_value(*seen),
                        seq_value(*seq),
                        Value::Big(*at),
                    ],
                )?;
                if moved == 0 {
                    return Err(Error::Conflict(format!("saved search {id} moved on")));
                }
                for item in items {
                    db.execute(
                        "INSERT INTO saved_search_items (search_id, item_id) VALUES (?1, ?2)
                         ON CONFLICT DO NOTHING",
                        &[Value::Big(Some(*id)), Value::text(item.as_str())],
                    )?;
                }
            }
            Mark::Reminder { key, kind, period } => {
                let inserted = db.execute(
                    "INSERT INTO reminders_sent (subject_key, kind, period, sent_at)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    &[
                        Value::text(key.as_str()),
                        Value::text(kind.as_str()),
                        Value::text(period.as_str()),
                        Value::Big(Some(now)),
                    ],
                )?;
                if inserted == 0 {
                    return Err(Error::Conflict(format!("{kind} {key} {period} was sent")));
                }
            }
        }
    }
    let Some(mail) = mail else {
        return Ok(());
    };
    let headers = serde_json::to_string(&mail.headers)
        .map_err(|err| Error::Invalid(format!("headers: {err}")))?;
    db.execute(
        "INSERT INTO outbox (kind, recipient, subject, text_body, html_body, headers,
                             created_at, next_attempt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        &[
            Value::text(mail.kind.as_str()),
            Value::text(mail.recipient.as_str()),
            Value::text(mail.subject.as_str()),
            Value::text(mail.text_body.as_str()),
            Value::text(mail.html_body.as_str()),
            Value::text(headers),
            Value::Big(Some(now)),
        ],
    )?;
    Ok(())
}

/// The reminders queued so far, as `(key, kind, period)`.
pub(crate) fn reminders_sent(db: &mut dyn Exec) -> Result<Vec<(String, String, String)>> {
    db.query("SELECT subject_key, kind, period FROM reminders_sent", &[])?
        .into_iter()
        .map(|row| {
            let mut row = row.into_iter();
            Ok((
                next(&mut row).into_string()?,
                next(&mut row).into_string()?,
                next(&mut row).into_string()?,
            ))
        })
        .collect()
}

const OUTBOX_COLUMNS: &str = "id, kind, recipient, subject, text_body, html_body, headers,
    created_at, attempts, next_attempt, last_error, sent_at";

fn outbox_from(row: Vec<Value>) -> Result<OutboxMail> {
    let mut row = row.into_iter();
    let id = next(&mut row).as_i64()?.unwrap_or_default();
    let kind = next(&mut row).into_string()?;
    let recipient = next(&mut row).into_string()?;
    let subject = next(&mut row).into_string()?;
    let text_body = next(&mut row).into_string()?;
    let html_body = next(&mut row).into_string()?;
    let headers: Vec<(String, String)> = serde_json::from_str(&next(&mut row).into_string()?)
        .map_err(|err| Error::Corrupt(format!("headers of mail {id}: {err}")))?;
    Ok(OutboxMail {
        id,
        mail: Mail {
            kind,
            recipient,
            subject,
            text_body,
            html_body,
            headers,
        },
        created_at: next(&mut row).as_i64()?.unwrap_or_default(),
        attempts: next(&mut row).as_u32()?.unwrap_or_default(),
        next_attempt: next(&mut row).as_i64()?.unwrap_or_default(),
        last_error: next(&mut row).into_text()?,
        sent_at: next(&mut row).as_i64()?,
    })
}

/// Claims up to `limit` mails due at `due_by` (whose next attempt is not later) for this
/// sender from `now` until `until`: no other sender claims them meanwhile (one conditional
/// update per row decides, on both databases).
pub(crate) fn claim_mail(
    db: &mut dyn Exec,
    due_by: i64,
    now: i64,
    until: i64,
    limit: u32,
) -> Result<Vec<OutboxMail>> {
    let due = db.query(
        &format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox
             WHERE sent_at IS NULL AND next_attempt <= ?1
               AND (claimed_until IS NULL OR claimed_until < ?2)
             ORDER BY id LIMIT ?3"
        ),
        &[
            Value::Big(Some(due_by)),
            Value::Big(Some(now)),
            Value::Big(Some(i64::from(limit))),
        ],
    )?;
    let mut out = Vec::new();
    for row in due {
        let mail = outbox_from(row)?;
        let claimed = db.execute(
            "UPDATE outbox SET claimed_until = ?3
             WHERE id = ?1 AND sent_at IS NULL
               AND (claimed_until IS NULL OR claimed_until < ?2)",
            &[
                Value::Big(Some(mail.id)),
                Value::Big(Some(now)),
                Value::Big(Some(until)),
            ],
        )?;
        if claimed == 1 {
            out.push(mail);
        }
    }
    Ok(out)
}

/// Marks a mail sent.
pub(crate) fn mail_sent(db: &mut dyn Exec, id: i64, at: i64) -> Result<()> {
    db.execute(
        "UPDATE outbox SET sent_at = ?2, claimed_until = NULL, last_error = NULL WHERE id = ?1",
        &[Value::Big(Some(id)), Value::Big(Some(at))],
    )?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub(crate) fn mail_failed(
    db: &mut dyn Exec,
    id: i64,
    error: &str,
    next_attempt: i64,
) -> Result<()> {
    db.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt = ?3,
                           claimed_until = NULL
         WHERE id = ?1",
        &[
            Value::Big(Some(id)),
            Value::text(error),
            Value::Big(Some(next_attempt)),
        ],
    )?;
    Ok(())
}

/// The outbox, newest first: with `unsent`, only what is not sent yet.
pub(crate) fn outbox(db: &mut dyn Exec, unsent: bool, page: Page) -> Result<Vec<OutboxMail>> {
    let filter = if unsent { "WHERE sent_at IS NULL" } else { "" };
    db.query(
        &format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox {filter} ORDER BY id DESC LIMIT ?1 OFFSET ?2"
        ),
        &[
            Value::Big(Some(i64::from(page.limit))),
            Value::Big(Some(i64::from(page.offset))),
        ],
    )?
    .into_iter()
    .map(outbox_from)
    .collect()
}

/// Takes (or renews) the lease `name` for `holder` until `until`, when nobody else holds
/// it at `now`; whether `holder` holds it.
pub(crate) fn take_lease(
    db: &mut dyn Exec,
    name: &str,
    holder: &str,
    now: i64,
    until: i64,
) -> Result<bool> {
    let taken = db.execute(
        "INSERT INTO leases (name, holder, expires_at) VALUES (?1, ?2, ?4)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,
                                          expires_at = excluded.expires_at
         WHERE leases.expires_at < ?3 OR leases.holder = excluded.holder",
        &[
            Value::text(name),
            Value::text(holder),
            Value::Big(Some(now)),
            Value::Big(Some(until)),
        ],
    )?;
    Ok(taken == 1)
}

/// Gives up the lease `name` when `holder` holds it.
pub(crate) fn release_lease(db: &mut dyn Exec, name: &str, holder: &str) -> Result<()> {
    db.execute(
        "DELETE FROM leases WHERE name = ?1 AND holder = ?2",
        &[Value::text(name), Value::text(holder)],
    )?;
    Ok(())
}

/// Links a person of the registry (canonical name) to an account, or unlinks them.
pub(crate) fn link_person(
    db: &mut dyn Exec,
    person: &str,
    email: Option<&str>,
    actor: &Actor,
) -> Result<()> {
    let person = person.trim();
    db.execute(
        "DELETE FROM person_accounts WHERE person = ?1",
        &[Value::text(person)],
    )?;
    if let Some(email) = email {
        let email = normalise_email(email);
        if crate::accounts::user(db, &email)?.is_none() {
            return Err(Error::NotFound {
                what: "user",
                id: email,
            });
        }
        db.execute(
            "INSERT INTO person_accounts (person, email) VALUES (?1, ?2)",
            &[Value::text(person), Value::text(email.as_str())],
        )?;
    }
    crate::accounts::audit(db, "person_linked", Some(person), email, actor)
}

/// Every person linked to an account, as `(person, email)`, by person.
pub(crate) fn person_links(db: &mut dyn Exec) -> Result<Vec<(String, String)>> {
    db.query(
        "SELECT person, email FROM person_accounts ORDER BY person",
        &[],
    )?
    .into_iter()
    .map(|row| {
        let mut row = row.into_iter();
        Ok((next(&mut row).into_string()?, next(&mut row).into_string()?))
    })
    .collect()
}

/// The alert methods of [`crate::Store`], the same for both backends (see
/// `accounts::account_methods`).
macro_rules! alert_methods {
    () => {
        #[allow(clippy::too_many_arguments, reason = "the columns of one row")]
        fn add_saved_search(
            &self,
            email: &str,
            name: &str,
            query: &str,
            frequency: crate::Frequency,
            token: &str,
            seq: u64,
            actor: &crate::Actor,
        ) -> crate::Result<i64> {
            self.write(|db| {
                crate::alerts::add_saved_search(
                    db, email, name, query, frequency, token, seq, actor,
                )
            })
        }

        fn saved_searches(&self, email: Option<&str>) -> crate::Result<Vec<crate::SavedSearch>> {
            self.reading(|db| crate::alerts::saved_searches(db, email))
        }

        fn saved_search_by_token(&self, token: &str) -> crate::Result<Option<crate::SavedSearch>> {
            self.reading(|db| crate::alerts::saved_search_by_token(db, token))
        }

        fn remove_saved_search(
            &self,
            id: i64,
            email: Option<&str>,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::alerts::remove_saved_search(db, id, email, actor))
        }

        fn told_items(&self, search_id: i64) -> crate::Result<Vec<String>> {
            self.reading(|db| crate::alerts::told_items(db, search_id))
        }

        fn queue_mail(
            &self,
            mail: Option<&crate::Mail>,
            marks: &[crate::Mark],
            now: i64,
        ) -> crate::Result<bool> {
            match self.write(|db| crate::alerts::queue_mail(db, mail, marks, now)) {
                Ok(()) => Ok(true),
                Err(crate::Error::Conflict(_)) => Ok(false),
                Err(err) => Err(err),
            }
        }

        fn reminders_sent(&self) -> crate::Result<Vec<(String, String, String)>> {
            self.reading(|db| crate::alerts::reminders_sent(db))
        }

        fn claim_mail(
            &self,
            due_by: i64,
            now: i64,
            until: i64,
            limit: u32,
        ) -> crate::Result<Vec<crate::OutboxMail>> {
            self.write(|db| crate::alerts::claim_mail(db, due_by, now, until, limit))
        }

        fn mail_sent(&self, id: i64, at: i64) -> crate::Result<()> {
            self.write(|db| crate::alerts::mail_sent(db, id, at))
        }

        fn mail_failed(&self, id: i64, error: &str, next_attempt: i64) -> crate::Result<()> {
            self.write(|db| crate::alerts::mail_failed(db, id, error, next_attempt))
        }

        fn outbox(&self, unsent: bool, page: crate::Page) -> crate::Result<Vec<crate::OutboxMail>> {
            self.reading(|db| crate::alerts::outbox(db, unsent, page))
        }

        fn take_lease(
            &self,
            name: &str,
            holder: &str,
            now: i64,
            until: i64,
        ) -> crate::Result<bool> {
            self.write(|db| crate::alerts::take_lease(db, name, holder, now, until))
        }

        fn release_lease(&self, name: &str, holder: &str) -> crate::Result<()> {
            self.write(|db| crate::alerts::release_lease(db, name, holder))
        }

        fn link_person(
            &self,
            person: &str,
            email: Option<&str>,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::alerts::link_person(db, person, email, actor))
        }

        fn person_links(&self) -> crate::Result<Vec<(String, String)>> {
            self.reading(|db| crate::alerts::person_links(db))
        }
    };
}
pub(crate) use alert_methods;
