//! Accounts, sessions, API tokens, one-time password links, the audit log, the history of
//! follow-up statuses and the visibility of meetings (issue 13), written once for both
//! backends against [`Exec`]. The store keeps what it is given: it never sees a password
//! or a token, only their hashes (argon2id and SHA-256, made by the caller), and it never
//! reads the clock: every write carries an [`Actor`] with the time.
//!
//! Every write of this module adds its own row to the append-only `audit_log` in the same
//! transaction, so no change is kept without its trace.

use std::collections::HashMap;

use serde::Serialize;

use crate::engine::{self, Exec};
use crate::rows::Value;
use crate::{ActionId, ActionStatus, Error, Page, Result};

/// Who makes a change, from where and when (Unix seconds). `email` is `None` for the
/// command line; `address` is the client's IP address for a change made over the web.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub email: Option<String>,
    pub address: Option<String>,
    pub at: i64,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Lowercase.
    pub email: String,
    /// The role's Danish name (`administrator`, `sekretær`, `medlem`, `læser`); the web
    /// crate knows what each may do.
    pub role: String,
    /// `None`: every organisation.
    pub organisation: Option<String>,
    /// Whether a password is set (else only a one-time link or a token signs in).
    pub has_password: bool,
    /// Whether signing in also needs a code from an authenticator app (TOTP).
    pub has_totp: bool,
    /// Unix seconds.
    pub created_at: i64,
}

/// A signed-in browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    /// The token every form of this session carries.
    pub csrf: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Grows with every line.
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    pub actor: Option<String>,
    pub address: Option<String>,
    /// `sign_in`, `sign_in_failed`, `sign_out`, `user_added`, `role_changed`, ...
    pub event: String,
    /// What it was about: an account, a follow-up, a meeting.
    pub target: Option<String>,
    pub detail: Option<String>,
}

/// One change of a follow-up's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// Unix seconds.
    pub at: i64,
    pub actor: Option<String>,
    pub before: ActionStatus,
    pub after: ActionStatus,
    pub note: String,
}

/// Who may see a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Everybody.
    #[default]
    Public,
    /// Signed-in accounts of the meeting's organisation.
    Internal,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
        }
    }

    /// Reads `public`/`offentlig` or `internal`/`intern`.
    pub fn parse(raw: &str) -> Option<Visibility> {
        match raw.trim().to_lowercase().as_str() {
            "public" | "offentlig" => Some(Visibility::Public),
            "internal" | "intern" => Some(Visibility::Internal),
            _ => None,
        }
    }
}

/// How a meeting was imported: its visibility and organisation (`None`: the organisation
/// named like its body).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MeetingAccess {
    pub visibility: Visibility,
    pub organisation: Option<String>,
}

fn next(row: &mut std::vec::IntoIter<Value>) -> Value {
    row.next().unwrap_or(Value::Null)
}

fn audit_row(
    db: &mut dyn Exec,
    event: &str,
    target: Option<&str>,
    detail: Option<&str>,
    actor: &Actor,
) -> Result<()> {
    db.execute(
        "INSERT INTO audit_log (at, actor, address, event, target, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            Value::Big(Some(actor.at)),
            Value::opt_text(actor.email.clone()),
            Value::opt_text(actor.address.clone()),
            Value::text(event),
            Value::opt_text(target),
            Value::opt_text(detail),
        ],
    )?;
    Ok(())
}

/// Adds a line to the audit log.
pub(crate) fn audit(
    db: &mut dyn Exec,
    event: &str,
    target: Option<&str>,
    detail: Option<&str>,
    actor: &Actor,
) -> Result<()> {
    audit_row(db, event, target, detail, actor)
}

/// The audit log, newest first.
pub(crate) fn audit_log(db: &mut dyn Exec, page: Page) -> Result<Vec<AuditEntry>> {
    let rows = db.query(
        "SELECT seq, at, actor, address, event, target, detail FROM audit_log
         ORDER BY seq DESC LIMIT ?1 OFFSET ?2",
        &[
            Value::Big(Some(i64::from(page.limit))),
            Value::Big(Some(i64::from(page.offset))),
        ],
    )?;
    rows.into_iter()
        .map(|row| {
            let mut row = row.into_iter();
            Ok(AuditEntry {
                seq: next(&mut row).as_i64()?.unwrap_or(0),
                at: next(&mut row).as_i64()?.unwrap_or(0),
                actor: next(&mut row).into_text()?,
                address: next(&mut row).into_text()?,
                event: next(&mut row).into_string()?,
                target: next(&mut row).into_text()?,
                detail: next(&mut row).into_text()?,
            })
        })
        .collect()
}

/// How many `event` lines since `since` have `target` (when given) or come from
/// `address` (when given).
pub(crate) fn count_events(
    db: &mut dyn Exec,
    event: &str,
    target: Option<&str>,
    address: Option<&str>,
    since: i64,
) -> Result<u32> {
    let rows = db.query(
        "SELECT COUNT(*) FROM audit_log WHERE event = ?1 AND at >= ?2
           AND ((CAST(?3 AS TEXT) IS NOT NULL AND target = ?3)
             OR (CAST(?4 AS TEXT) IS NOT NULL AND address = ?4))",
        &[
            Value::text(event),
            Value::Big(Some(since)),
            Value::opt_text(target),
            Value::opt_text(address),
        ],
    )?;
    rows.into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .unwrap_or(Value::Null)
        .as_count()
}

const USER_COLUMNS: &str = concat!(
    "u.email, u.role, u.organisation, u.password_hash IS NOT NULL, u.created_at, ",
    "u.totp_secret IS NOT NULL"
);

fn user_from(row: &mut std::vec::IntoIter<Value>) -> Result<User> {
    Ok(User {
        email: next(row).into_string()?,
        role: next(row).into_string()?,
        organisation: next(row).into_text()?,
        has_password: next(row).as_i64()?.unwrap_or(0) != 0,
        created_at: next(row).as_i64()?.unwrap_or(0),
        has_totp: next(row).as_i64()?.unwrap_or(0) != 0,
    })
}

fn not_found_user(email: &str) -> Error {
    Error::NotFound {
        what: "user",
        id: email.to_owned(),
    }
}

/// Emails are compared and kept lowercase, without surrounding space.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Adds an account; [`Error::Invalid`] when the email is taken.
pub(crate) fn add_user(
    db: &mut dyn Exec,
    email: &str,
    role: &str,
    organisation: Option<&str>,
    password_hash: Option<&str>,
    actor: &Actor,
) -> Result<()> {
    let email = normalise_email(email);
    if user(db, &email)?.is_some() {
        return Err(Error::Invalid(format!("kontoen {email} findes allerede")));
    }
    db.execute(
        "INSERT INTO users (email, role, organisation, password_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            Value::text(email.as_str()),
            Value::text(role),
            Value::opt_text(organisation),
            Value::opt_text(password_hash),
            Value::Big(Some(actor.at)),
        ],
    )?;
    let detail = match organisation {
        Some(organisation) => format!("rolle {role}, organisation {organisation}"),
        None => format!("rolle {role}"),
    };
    audit_row(db, "user_added", Some(&email), Some(&detail), actor)
}

/// Every account, by email.
pub(crate) fn users(db: &mut dyn Exec) -> Result<Vec<User>> {
    db.query(
        &format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.email"),
        &[],
    )?
    .into_iter()
    .map(|row| user_from(&mut row.into_iter()))
    .collect()
}

/// One account.
pub(crate) fn user(db: &mut dyn Exec, email: &str) -> Result<Option<User>> {
    db.query(
        &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.email = ?1"),
        &[Value::text(normalise_email(email))],
    )?
    .into_iter()
    .next()
    .map(|row| user_from(&mut row.into_iter()))
    .transpose()
}

/// An account and its password hash, for signing in.
pub(crate) fn credentials(
    db: &mut dyn Exec,
    email: &str,
) -> Result<Option<(User, Option<String>)>> {
    let Some(row) = db
        .query(
            &format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = ?1"),
            &[Value::text(normalise_email(email))],
        )?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let mut row = row.into_iter();
    let user = user_from(&mut row)?;
    Ok(Some((user, next(&mut row).into_text()?)))
}

/// Removes an account with its sessions, tokens and links.
pub(crate) fn remove_user(db: &mut dyn Exec, email: &str, actor: &Actor) -> Result<()> {
    let email = normalise_email(email);
    crate::alerts::remove_account_alerts(db, &email)?;
    for table in ["sessions", "api_tokens", "password_links"] {
        db.execute(
            &format!("DELETE FROM {table} WHERE email = ?1"),
            &[Value::text(email.as_str())],
        )?;
    }
    if db.execute(
        "DELETE FROM users WHERE email = ?1",
        &[Value::text(email.as_str())],
    )? == 0
    {
        return Err(not_found_user(&email));
    }
    audit_row(db, "user_removed", Some(&email), None, actor)
}

/// Changes an account's role and organisation.
pub(crate) fn set_role(
    db: &mut dyn Exec,
    email: &str,
    role: &str,
    organisation: Option<&str>,
    actor: &Actor,
) -> Result<()> {
    let email = normalise_email(email);
    let before = user(db, &email)?.ok_or_else(|| not_found_user(&email))?;
    db.execute(
        "UPDATE users SET role = ?2, organisation = ?3 WHERE email = ?1",
        &[
            Value::text(email.as_str()),
            Value::text(role),
            Value::opt_text(organisation),
        ],
    )?;
    let show = |role: &str, organisation: Option<&str>| match organisation {
        Some(organisation) => format!("{role} ({organisation})"),
        None => role.to_owned(),
    };
    let detail = format!(
        "{} → {}",
        show(&before.role, before.organisation.as_deref()),
        show(role, organisation)
    );
    audit_row(db, "role_changed", Some(&email), Some(&detail), actor)
}

/// Sets an account's password hash and ends the account's sessions: whoever signed in
/// with the old password signs in again.
pub(crate) fn set_password(
    db: &mut dyn Exec,
    email: &str,
    hash: &str,
    actor: &Actor,
) -> Result<()> {
    let email = normalise_email(email);
    let changed = db.execute(
        "UPDATE users SET password_hash = ?2 WHERE email = ?1",
        &[Value::text(email.as_str()), Value::text(hash)],
    )?;
    if changed == 0 {
        return Err(not_found_user(&email));
    }
    db.execute(
        "DELETE FROM sessions WHERE email = ?1",
        &[Value::text(email.as_str())],
    )?;
    audit_row(db, "password_set", Some(&email), None, actor)
}

/// Turns TOTP on for an account with a new secret (base32), or off with `None`. A new
/// secret forgets the last step used, since codes of the old secret no longer count.
pub(crate) fn set_totp(
    db: &mut dyn Exec,
    email: &str,
    secret: Option<&str>,
    actor: &Actor,
) -> Result<()> {
    let email = normalise_email(email);
    let changed = db.execute(
        "UPDATE users SET totp_secret = ?2, totp_last_step = NULL WHERE email = ?1",
        &[Value::text(email.as_str()), Value::opt_text(secret)],
    )?;
    if changed == 0 {
        return Err(not_found_user(&email));
    }
    let event = if secret.is_some() {
        "totp_on"
    } else {
        "totp_off"
    };
    audit_row(db, event, Some(&email), None, actor)
}

/// An account's TOTP secret (base32) and the last step a code was accepted for; `None`
/// when the account does not exist or has TOTP off.
pub(crate) fn totp(db: &mut dyn Exec, email: &str) -> Result<Option<(String, Option<i64>)>> {
    let Some(row) = db
        .query(
            "SELECT totp_secret, totp_last_step FROM users
             WHERE email = ?1 AND totp_secret IS NOT NULL",
            &[Value::text(normalise_email(email))],
        )?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let mut row = row.into_iter();
    let secret = next(&mut row).into_string()?;
    Ok(Some((secret, next(&mut row).as_i64()?)))
}

/// Records that a code of `step` was accepted, unless a code of this step or a later one
/// was accepted before; whether it was recorded. One statement, so two requests with the
/// same code (even on two PostgreSQL nodes) cannot both succeed.
pub(crate) fn use_totp_step(db: &mut dyn Exec, email: &str, step: i64) -> Result<bool> {
    let changed = db.execute(
        "UPDATE users SET totp_last_step = ?2
         WHERE email = ?1 AND totp_secret IS NOT NULL
           AND (totp_last_step IS NULL OR totp_last_step < ?2)",
        &[Value::text(normalise_email(email)), Value::Big(Some(step))],
    )?;
    Ok(changed == 1)
}

/// Keeps a one-time link to set a password.
pub(crate) fn add_password_link(
    db: &mut dyn Exec,
    token_sha256: &str,
    email: &str,
    expires_at: i64,
    actor: &Actor,
) -> Result<()> {
    let email = normalise_email(email);
    if user(db, &email)?.is_none() {
        return Err(not_found_user(&email));
    }
    db.execute(
        "INSERT INTO password_links (token_sha256, email, expires_at) VALUES (?1, ?2, ?3)",
        &[
            Value::text(token_sha256),
            Value::text(email.as_str()),
            Value::Big(Some(expires_at)),
        ],
    )?;
    audit_row(db, "password_link_created", Some(&email), None, actor)
}

/// The account a one-time link (not expired at `now`) is for, without using it up.
pub(crate) fn password_link(
    db: &mut dyn Exec,
    token_sha256: &str,
    now: i64,
) -> Result<Option<String>> {
    db.query(
        "SELECT email FROM password_links WHERE token_sha256 = ?1 AND expires_at > ?2",
        &[Value::text(token_sha256), Value::Big(Some(now))],
    )?
    .into_iter()
    .next()
    .map(|row| next(&mut row.into_iter()).into_string())
    .transpose()
}

/// Sets the password of the account a one-time link is for and uses the link up; the
/// account's email. [`Error::NotFound`] for an unknown, used or expired link.
pub(crate) fn use_password_link(
    db: &mut dyn Exec,
    token_sha256: &str,
    hash: &str,
    actor: &Actor,
) -> Result<String> {
    let email = password_link(db, token_sha256, actor.at)?.ok_or_else(|| Error::NotFound {
        what: "link",
        id: "ny-adgangskode".to_owned(),
    })?;
    db.execute(
        "DELETE FROM password_links WHERE token_sha256 = ?1",
        &[Value::text(token_sha256)],
    )?;
    set_password(db, &email, hash, actor)?;
    Ok(email)
}

/// Keeps a new session (the id's SHA-256) for `email` and logs the sign-in.
pub(crate) fn create_session(
    db: &mut dyn Exec,
    id_sha256: &str,
    email: &str,
    csrf: &str,
    expires_at: i64,
    actor: &Actor,
) -> Result<()> {
    let email = normalise_email(email);
    db.execute(
        "INSERT INTO sessions (id_sha256, email, csrf, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            Value::text(id_sha256),
            Value::text(email.as_str()),
            Value::text(csrf),
            Value::Big(Some(actor.at)),
            Value::Big(Some(expires_at)),
        ],
    )?;
    // Expired sessions go when someone signs in: no background job needed.
    db.execute(
        "DELETE FROM sessions WHERE expires_at <= ?1",
        &[Value::Big(Some(actor.at))],
    )?;
    audit_row(db, "sign_in", Some(&email), None, actor)
}

/// The session with this id hash, when it has not expired at `now`.
pub(crate) fn session(db: &mut dyn Exec, id_sha256: &str, now: i64) -> Result<Option<Session>> {
    let Some(row) = db
        .query(
            &format!(
                "SELECT {USER_COLUMNS}, s.csrf, s.expires_at FROM sessions s
                 JOIN users u ON u.email = s.email
                 WHERE s.id_sha256 = ?1 AND s.expires_at > ?2"
            ),
            &[Value::text(id_sha256), Value::Big(Some(now))],
        )?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let mut row = row.into_iter();
    Ok(Some(Session {
        user: user_from(&mut row)?,
        csrf: next(&mut row).into_string()?,
        expires_at: next(&mut row).as_i64()?.unwrap_or(0),
    }))
}

/// Ends a session and logs the sign-out.
pub(crate) fn end_session(db: &mut dyn Exec, id_sha256: &str, actor: &Actor) -> Result<()> {
    db.execute(
        "DELETE FROM sessions WHERE id_sha256 = ?1",
        &[Value::text(id_sha256)],
    )?;
    audit_row(db, "sign_out", actor.email.as_deref(), None, actor)
}

/// Keeps an API token (its SHA-256) for `email`.
pub(crate) fn add_token(
    db: &mut dyn Exec,
    token_sha256: &str,
    email: &str,
    actor: &Actor,
) -> Result<()> {
    let email = normalise_email(email);
    if user(db, &email)?.is_none() {
        return Err(not_found_user(&email));
    }
    db.execute(
        "INSERT INTO api_tokens (token_sha256, email, created_at) VALUES (?1, ?2, ?3)",
        &[
            Value::text(token_sha256),
            Value::text(email.as_str()),
            Value::Big(Some(actor.at)),
        ],
    )?;
    audit_row(db, "token_created", Some(&email), None, actor)
}

/// Withdraws every API token of an account; how many there were.
pub(crate) fn revoke_tokens(db: &mut dyn Exec, email: &str, actor: &Actor) -> Result<u64> {
    let email = normalise_email(email);
    if user(db, &email)?.is_none() {
        return Err(not_found_user(&email));
    }
    let revoked = db.execute(
        "DELETE FROM api_tokens WHERE email = ?1",
        &[Value::text(email.as_str())],
    )?;
    let detail = format!("{revoked} nøgler");
    audit_row(db, "tokens_revoked", Some(&email), Some(&detail), actor)?;
    Ok(revoked)
}

/// The account an API token belongs to.
pub(crate) fn token_user(db: &mut dyn Exec, token_sha256: &str) -> Result<Option<User>> {
    db.query(
        &format!(
            "SELECT {USER_COLUMNS} FROM api_tokens t JOIN users u ON u.email = t.email
             WHERE t.token_sha256 = ?1"
        ),
        &[Value::text(token_sha256)],
    )?
    .into_iter()
    .next()
    .map(|row| user_from(&mut row.into_iter()))
    .transpose()
}

/// Sets a follow-up's status with a note, keeping the change in its history and the log.
pub(crate) fn set_follow_up(
    db: &mut dyn Exec,
    id: &ActionId,
    status: ActionStatus,
    note: &str,
    actor: &Actor,
) -> Result<()> {
    let kept = engine::status_key(db, id)?;
    let before = db
        .query(
            "SELECT status FROM action_status WHERE action_id = ?1",
            &[Value::text(kept.as_str())],
        )?
        .into_iter()
        .next()
        .map(|row| next(&mut row.into_iter()).into_string())
        .transpose()?
        .map_or(ActionStatus::Open, |raw| ActionStatus::from_db(&raw));
    db.execute(
        "INSERT INTO action_status (action_id, status, note) VALUES (?1, ?2, ?3)
         ON CONFLICT (action_id) DO UPDATE SET status = excluded.status, note = excluded.note",
        &[
            Value::text(kept.as_str()),
            Value::text(status.as_str()),
            Value::text(note),
        ],
    )?;
    db.execute(
        "INSERT INTO action_status_history (action_id, at, actor, before_status, after_status,
                                            note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            Value::text(kept.as_str()),
            Value::Big(Some(actor.at)),
            Value::opt_text(actor.email.clone()),
            Value::text(before.as_str()),
            Value::text(status.as_str()),
            Value::text(note),
        ],
    )?;
    let detail = format!("{} → {}: {note}", before.as_str(), status.as_str());
    audit_row(
        db,
        "follow_up_status",
        Some(&id.to_string()),
        Some(&detail),
        actor,
    )
}

/// Corrects a follow-up's owners (`Some`: these names, in this order) and due date
/// (`Some`: this day); `None` keeps what is there. The change is kept in the follow-up's
/// history (its status unchanged, the note saying what changed) and the audit log.
pub(crate) fn edit_follow_up(
    db: &mut dyn Exec,
    id: &ActionId,
    owners: Option<&[String]>,
    due_by: Option<model::Date>,
    note: &str,
    actor: &Actor,
) -> Result<()> {
    let kept = engine::status_key(db, id)?;
    let before = engine::actions(
        db,
        &crate::ActionFilter {
            meeting_id: Some(id.item.meeting_id.clone()),
            ..crate::ActionFilter::default()
        },
    )?
    .into_iter()
    .find(|row| row.id.parse::<ActionId>().is_ok_and(|row_id| row_id == *id))
    .ok_or_else(|| Error::NotFound {
        what: "action",
        id: id.to_string(),
    })?;
    let mut edit = engine::action_edits(db)?.remove(&kept).unwrap_or_default();
    let mut changes = Vec::new();
    if let Some(owners) = owners {
        let names: Vec<String> = owners
            .iter()
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect();
        let old: Vec<&str> = before
            .action
            .owners
            .iter()
            .map(|o| o.name.as_str())
            .collect();
        if old != names.iter().map(String::as_str).collect::<Vec<_>>() {
            changes.push(format!("ansvarlige: {} → {}", list(&old), list(&names)));
        }
        edit.owners = Some(names);
    }
    if let Some(by) = due_by {
        let old = before.action.due.as_ref().and_then(|due| due.by);
        if old != Some(by) {
            let old = old.map_or("ingen".to_owned(), |old| old.to_string());
            changes.push(format!("frist: {old} → {by}"));
        }
        edit.due_by = Some(by);
    }
    db.execute(
        "INSERT INTO action_edits (action_id, owners, due_by) VALUES (?1, ?2, ?3)
         ON CONFLICT (action_id) DO UPDATE SET owners = excluded.owners,
           due_by = excluded.due_by",
        &[
            Value::text(kept.as_str()),
            Value::opt_text(edit.owners.map(|names| names.join("\n"))),
            Value::opt_text(edit.due_by.map(|by| by.to_string())),
        ],
    )?;
    let mut text = changes.join("; ");
    if !note.trim().is_empty() {
        if !text.is_empty() {
            text.push_str(". ");
        }
        text.push_str(note.trim());
    }
    db.execute(
        "INSERT INTO action_status_history (action_id, at, actor, before_status, after_status,
                                            note)
         VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
        &[
            Value::text(kept.as_str()),
            Value::Big(Some(actor.at)),
            Value::opt_text(actor.email.clone()),
            Value::text(before.status.as_str()),
            Value::text(text.as_str()),
        ],
    )?;
    audit_row(
        db,
        "follow_up_edited",
        Some(&id.to_string()),
        Some(&text),
        actor,
    )
}

fn list<S: AsRef<str>>(names: &[S]) -> String {
    if names.is_empty() {
        return "ingen".to_owned();
    }
    names
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every change of a follow-up's status, oldest first.
pub(crate) fn action_history(db: &mut dyn Exec, id: &ActionId) -> Result<Vec<StatusChange>> {
    let kept = engine::status_key(db, id)?;
    db.query(
        "SELECT at, actor, before_status, after_status, note FROM action_status_history
         WHERE action_id = ?1 ORDER BY seq",
        &[Value::text(kept)],
    )?
    .into_iter()
    .map(|row| {
        let mut row = row.into_iter();
        Ok(StatusChange {
            at: next(&mut row).as_i64()?.unwrap_or(0),
            actor: next(&mut row).into_text()?,
            before: ActionStatus::from_db(&next(&mut row).into_string()?),
            after: ActionStatus::from_db(&next(&mut row).into_string()?),
            note: next(&mut row).into_string()?,
        })
    })
    .collect()
}

/// Sets how a meeting was imported.
pub(crate) fn set_access(
    db: &mut dyn Exec,
    meeting_id: &str,
    access: &MeetingAccess,
    actor: &Actor,
) -> Result<()> {
    db.execute(
        "INSERT INTO meeting_visibility (meeting_id, visibility, organisation)
         VALUES (?1, ?2, ?3)
         ON CONFLICT (meeting_id) DO UPDATE SET visibility = excluded.visibility,
           organisation = excluded.organisation",
        &[
            Value::text(meeting_id),
            Value::text(access.visibility.as_str()),
            Value::opt_text(access.organisation.clone()),
        ],
    )?;
    if let Some(organisation) = &access.organisation {
        db.execute(
            "UPDATE meetings SET organisation = ?2 WHERE id = ?1",
            &[Value::text(meeting_id), Value::text(organisation.as_str())],
        )?;
    }
    // Who may see a meeting changes what every answer shows of it: a change like any other
    // (caches and search indexes follow the counter).
    let seq = engine::next_seq(db)?;
    db.execute(
        "UPDATE meetings SET changed_seq = ?2 WHERE id = ?1",
        &[Value::text(meeting_id), Value::Big(Some(seq))],
    )?;
    let detail = match &access.organisation {
        Some(organisation) => format!("{} ({organisation})", access.visibility.as_str()),
        None => access.visibility.as_str().to_owned(),
    };
    audit_row(db, "visibility_set", Some(meeting_id), Some(&detail), actor)
}

/// How every meeting imported other than publicly under its body was imported: with a
/// visibility, or for an organisation (public unless a visibility says otherwise).
pub(crate) fn access(db: &mut dyn Exec) -> Result<HashMap<String, MeetingAccess>> {
    db.query(
        "SELECT m.id, COALESCE(v.visibility, 'public'), COALESCE(v.organisation, m.organisation)
         FROM meetings m LEFT JOIN meeting_visibility v ON v.meeting_id = m.id
         WHERE v.meeting_id IS NOT NULL OR m.organisation IS NOT NULL",
        &[],
    )?
    .into_iter()
    .map(|row| {
        let mut row = row.into_iter();
        let id = next(&mut row).into_string()?;
        let visibility = Visibility::parse(&next(&mut row).into_string()?).unwrap_or_default();
        let organisation = next(&mut row).into_text()?;
        Ok((
            id,
            MeetingAccess {
                visibility,
                organisation,
            },
        ))
    })
    .collect()
}

/// The account methods of [`crate::Store`], the same for both backends: each runs the
/// shared function above through the backend's `write` (one transaction) or `reading`.
macro_rules! account_methods {
    () => {
        fn add_user(
            &self,
            email: &str,
            role: &str,
            organisation: Option<&str>,
            password_hash: Option<&str>,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| {
                crate::accounts::add_user(db, email, role, organisation, password_hash, actor)
            })
        }

        fn users(&self) -> crate::Result<Vec<crate::User>> {
            self.reading(|db| crate::accounts::users(db))
        }

        fn user(&self, email: &str) -> crate::Result<Option<crate::User>> {
            self.reading(|db| crate::accounts::user(db, email))
        }

        fn credentials(&self, email: &str) -> crate::Result<Option<(crate::User, Option<String>)>> {
            self.reading(|db| crate::accounts::credentials(db, email))
        }

        fn remove_user(&self, email: &str, actor: &crate::Actor) -> crate::Result<()> {
            self.write(|db| crate::accounts::remove_user(db, email, actor))
        }

        fn set_role(
            &self,
            email: &str,
            role: &str,
            organisation: Option<&str>,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::accounts::set_role(db, email, role, organisation, actor))
        }

        fn set_password(&self, email: &str, hash: &str, actor: &crate::Actor) -> crate::Result<()> {
            self.write(|db| crate::accounts::set_password(db, email, hash, actor))
        }

        fn set_totp(
            &self,
            email: &str,
            secret: Option<&str>,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::accounts::set_totp(db, email, secret, actor))
        }

        fn totp(&self, email: &str) -> crate::Result<Option<(String, Option<i64>)>> {
            self.reading(|db| crate::accounts::totp(db, email))
        }

        fn use_totp_step(&self, email: &str, step: i64) -> crate::Result<bool> {
            self.write(|db| crate::accounts::use_totp_step(db, email, step))
        }

        fn add_password_link(
            &self,
            token_sha256: &str,
            email: &str,
            expires_at: i64,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| {
                crate::accounts::add_password_link(db, token_sha256, email, expires_at, actor)
            })
        }

        fn password_link(&self, token_sha256: &str, now: i64) -> crate::Result<Option<String>> {
            self.reading(|db| crate::accounts::password_link(db, token_sha256, now))
        }

        fn use_password_link(
            &self,
            token_sha256: &str,
            hash: &str,
            actor: &crate::Actor,
        ) -> crate::Result<String> {
            self.write(|db| crate::accounts::use_password_link(db, token_sha256, hash, actor))
        }

        fn create_session(
            &self,
            id_sha256: &str,
            email: &str,
            csrf: &str,
            expires_at: i64,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| {
                crate::accounts::create_session(db, id_sha256, email, csrf, expires_at, actor)
            })
        }

        fn session(&self, id_sha256: &str, now: i64) -> crate::Result<Option<crate::Session>> {
            self.reading(|db| crate::accounts::session(db, id_sha256, now))
        }

        fn end_session(&self, id_sha256: &str, actor: &crate::Actor) -> crate::Result<()> {
            self.write(|db| crate::accounts::end_session(db, id_sha256, actor))
        }

        fn add_token(
            &self,
            token_sha256: &str,
            email: &str,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::accounts::add_token(db, token_sha256, email, actor))
        }

        fn revoke_tokens(&self, email: &str, actor: &crate::Actor) -> crate::Result<u64> {
            self.write(|db| crate::accounts::revoke_tokens(db, email, actor))
        }

        fn token_user(&self, token_sha256: &str) -> crate::Result<Option<crate::User>> {
            self.reading(|db| crate::accounts::token_user(db, token_sha256))
        }

        fn audit(
            &self,
            event: &str,
            target: Option<&str>,
            detail: Option<&str>,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::accounts::audit(db, event, target, detail, actor))
        }

        fn audit_log(&self, page: crate::Page) -> crate::Result<Vec<crate::AuditEntry>> {
            self.reading(|db| crate::accounts::audit_log(db, page))
        }

        fn count_events(
            &self,
            event: &str,
            target: Option<&str>,
            address: Option<&str>,
            since: i64,
        ) -> crate::Result<u32> {
            self.reading(|db| crate::accounts::count_events(db, event, target, address, since))
        }

        fn set_follow_up(
            &self,
            id: &crate::ActionId,
            status: crate::ActionStatus,
            note: &str,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::accounts::set_follow_up(db, id, status, note, actor))
        }

        fn edit_follow_up(
            &self,
            id: &crate::ActionId,
            owners: Option<&[String]>,
            due_by: Option<model::Date>,
            note: &str,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::accounts::edit_follow_up(db, id, owners, due_by, note, actor))
        }

        fn action_history(&self, id: &crate::ActionId) -> crate::Result<Vec<crate::StatusChange>> {
            self.reading(|db| crate::accounts::action_history(db, id))
        }

        fn set_meeting_access(
            &self,
            meeting_id: &str,
            access: &crate::MeetingAccess,
            actor: &crate::Actor,
        ) -> crate::Result<()> {
            self.write(|db| crate::accounts::set_access(db, meeting_id, access, actor))
        }

        fn meeting_access(
            &self,
        ) -> crate::Result<std::collections::HashMap<String, crate::MeetingAccess>> {
            self.reading(|db| crate::accounts::access(db))
        }
    };
}
pub(crate) use account_methods;
