//! The one write path of both backends: storing a meeting (deciding a version's outcome,
//! placing meetings of one body on one day, renaming, writing the current version's rows),
//! marking a follow-up, and reading the follow-up register. Written once against [`Exec`],
//! the thin executor each backend provides over its own transaction or connection; the SQL
//! is portable (`?N` placeholders, `ON CONFLICT`, `||`), and the PostgreSQL executor turns
//! the placeholders into `$N`.
//!
//! It does not open transactions or take locks: the backend does, before calling in (SQLite
//! with an immediate transaction, PostgreSQL by locking the `change_seq` row), and commits
//! after.

use std::collections::HashMap;

use model::{Action, Due, Meeting, Person, Time};

use crate::columns::{match_names, parse_date, parse_recurrence, position, span_from};
use crate::rows::{CURRENT_TABLES, Current, Value, meeting_rows};
use crate::{
    ActionFilter, ActionId, ActionRef, ActionRow, ActionStatus, Error, PutOutcome, Result,
};
use crate::{organisations, sameday};

/// Runs portable SQL on one backend, inside whatever transaction the backend opened.
pub(crate) trait Exec {
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64>;
    /// Runs a query; its rows, each as its columns' values.
    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Vec<Value>>>;

    /// Runs a query and hands each row to `each` as it is read, for answers too long to
    /// hold as values (the whole register of a ×100 corpus is 86,000 rows).
    fn query_each(
        &mut self,
        sql: &str,
        args: &[Value],
        each: &mut dyn FnMut(Vec<Value>) -> Result<()>,
    ) -> Result<()> {
        for row in self.query(sql, args)? {
            each(row)?;
        }
        Ok(())
    }
}

/// Most values in one `IN (...)` list: SQLite allows 32,766 placeholders, and long lists
/// are slow to plan on both backends.
const IN_CHUNK: usize = 500;

/// `column IN (?start, ...)` for `n` values, false for none (PostgreSQL has no `IN ()`).
fn is_in(column: &str, start: usize, n: usize) -> String {
    if n == 0 {
        return "1 = 0".to_owned();
    }
    let placeholders = (start..start + n)
        .map(|idx| format!("?{idx}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{column} IN ({placeholders})")
}

/// The one value of a one-row, one-column query.
fn scalar(db: &mut dyn Exec, sql: &str, args: &[Value]) -> Result<Value> {
    db.query(sql, args)?
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .ok_or_else(|| Error::Corrupt(format!("no row from {sql:?}")))
}

/// Refuses a meeting that cannot be stored under its id.
pub(crate) fn check_meeting_id(meeting: &Meeting) -> Result<()> {
    if meeting.id.is_empty() || meeting.id.contains('/') {
        return Err(Error::Invalid(format!(
            "meeting id {:?} must be a non-empty slug without '/'",
            meeting.id
        )));
    }
    Ok(())
}

/// Stores `meeting` from the kept source `source_sha256` and says what happened (see
/// [`crate::Store::put_meeting`]). On [`PutOutcome::Unchanged`] nothing was written.
pub(crate) fn put_meeting(
    db: &mut dyn Exec,
    meeting: &Meeting,
    source_sha256: &str,
    organisation: Option<&str>,
) -> Result<PutOutcome> {
    check_meeting_id(meeting)?;
    let source_known = scalar(
        db,
        "SELECT COUNT(*) FROM sources WHERE sha256 = ?1",
        &[Value::text(source_sha256)],
    )?
    .as_count()?;
    if source_known == 0 {
        return Err(Error::NotFound {
            what: "source",
            id: source_sha256.to_owned(),
        });
    }
    // Meetings of several organisations under one id: each organisation's apart, the
    // stored ones moved first (organisations.rs).
    let organisation = organisation.map(str::trim).filter(|name| !name.is_empty());
    let related = related_meetings(db, &meeting.id, source_sha256)?;
    let claim = organisations::claim(&meeting.id, &meeting.body, organisation, &related);
    let mut seq = None;
    if !claim.moves.is_empty() {
        let now = next_seq(db)?;
        for (from, to) in &claim.moves {
            rename(db, from, to, now)?;
        }
        seq = Some(now);
    }
    let mut placed;
    let mut meeting = meeting;
    if claim.base != meeting.id {
        placed = meeting.clone();
        placed.id.clone_from(&claim.base);
        meeting = &placed;
    }
    // Two meetings of one body on one day: tell them apart by start time (sameday.rs).
    let mut renamed = None;
    if meeting.date.is_some() && meeting.start.is_some() {
        let siblings = same_day(db, &meeting.id)?;
        let placement = sameday::place(&meeting.id, meeting.start, &siblings);
        renamed = placement.rename;
        if placement.id != meeting.id {
            let mut moved = meeting.clone();
            moved.id = placement.id;
            placed = moved;
            meeting = &placed;
        }
    }
    let json = serde_json::to_string(meeting)
        .map_err(|err| Error::Invalid(format!("meeting {}: {err}", meeting.id)))?;
    // A meeting that moves to make way holds the id now, but not after the move.
    let current = match renamed {
        Some(_) => None,
        None => current_version(db, &meeting.id)?,
    };
    let (outcome, version) = match current {
        None => (PutOutcome::Inserted, 1),
        Some((version, sha)) if sha == source_sha256 => {
            let stored = scalar(
                db,
                "SELECT json FROM meeting_versions WHERE meeting_id = ?1 AND version = ?2",
                &[Value::text(meeting.id.as_str()), Value::int(version)],
            )?
            .into_string()?;
            if stored == json {
                return Ok(PutOutcome::Unchanged);
            }
            (PutOutcome::Reextracted, version)
        }
        Some((version, _)) => (PutOutcome::NewVersion, version + 1),
    };
    let seq = match seq {
        Some(seq) => seq,
        None => next_seq(db)?,
    };
    if let Some((from, to)) = renamed {
        rename(db, &from, &to, seq)?;
    }
    if matches!(outcome, PutOutcome::NewVersion | PutOutcome::Reextracted) {
        follow_follow_ups(db, meeting)?;
    }
    write_current(
        db,
        meeting,
        Current {
            version,
            source_sha256,
            seq,
        },
    )?;
    if let Some(organisation) = &claim.organisation {
        db.execute(
            "UPDATE meetings SET organisation = ?2 WHERE id = ?1",
            &[
                Value::text(meeting.id.as_str()),
                Value::text(organisation.as_str()),
            ],
        )?;
    }
    let args = [
        Value::text(meeting.id.as_str()),
        Value::int(version),
        Value::text(json),
        Value::text(source_sha256),
    ];
    if outcome == PutOutcome::Reextracted {
        db.execute(
            "UPDATE meeting_versions SET json = ?3 WHERE meeting_id = ?1 AND version = ?2",
            &args[..3],
        )?;
    } else {
        db.execute(
            "INSERT INTO meeting_versions (meeting_id, version, json, source_sha256)
             VALUES (?1, ?2, ?3, ?4)",
            &args,
        )?;
    }
    Ok(outcome)
}

/// The current version of a stored meeting and its source.
fn current_version(db: &mut dyn Exec, id: &str) -> Result<Option<(u32, String)>> {
    let Some(row) = db
        .query(
            "SELECT version, source_sha256 FROM meetings WHERE id = ?1",
            &[Value::text(id)],
        )?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let mut row = row.into_iter();
    let (Some(version), Some(sha)) = (row.next(), row.next()) else {
        return Err(Error::Corrupt(format!("meeting {id}: short row")));
    };
    Ok(Some((version.as_count()?, sha.into_string()?)))
}

/// Counts one more change and returns its sequence number.
pub(crate) fn next_seq(db: &mut dyn Exec) -> Result<i64> {
    db.execute(
        "UPDATE meta SET value = value + 1 WHERE key = 'change_seq'",
        &[],
    )?;
    scalar(db, "SELECT value FROM meta WHERE key = 'change_seq'", &[])?
        .as_i64()?
        .ok_or_else(|| Error::Corrupt("change_seq is NULL".to_owned()))
}

/// The stored meetings that may share the extracted id `base` ([`organisations::related`]),
/// with their stated organisations and whether they hold the source `source_sha256`.
fn related_meetings(
    db: &mut dyn Exec,
    base: &str,
    source_sha256: &str,
) -> Result<Vec<organisations::Stored>> {
    let rows = db.query(
        "SELECT m.id, m.body, COALESCE(m.organisation, v.organisation),
                (SELECT COUNT(*) FROM meeting_versions mv
                 WHERE mv.meeting_id = m.id AND mv.source_sha256 = ?2)
         FROM meetings m LEFT JOIN meeting_visibility v ON v.meeting_id = m.id
         WHERE m.id = ?1 OR m.id LIKE ?1 || '-____'
            OR ((m.organisation IS NOT NULL OR v.organisation IS NOT NULL)
                AND (m.id LIKE '%-' || ?1 OR m.id LIKE '%-' || ?1 || '-____'))",
        &[Value::text(base), Value::text(source_sha256)],
    )?;
    let mut out = Vec::new();
    for row in rows {
        let mut row = row.into_iter();
        let mut next = || row.next().unwrap_or(Value::Null);
        let stored = organisations::Stored {
            id: next().into_string()?,
            body: next().into_string()?,
            organisation: next().into_text()?,
            holds_source: next().as_count()? > 0,
        };
        if organisations::related(base, &stored) {
            out.push(stored);
        }
    }
    Ok(out)
}

/// The stored meetings with id `base` or `base-HHMM`, with their start times.
fn same_day(db: &mut dyn Exec, base: &str) -> Result<Vec<(String, Option<Time>)>> {
    let rows = db.query(
        "SELECT id, start_time FROM meetings WHERE id = ?1 OR id LIKE ?1 || '-____'",
        &[Value::text(base)],
    )?;
    let mut out = Vec::new();
    for row in rows {
        let mut row = row.into_iter();
        let id = row.next().unwrap_or(Value::Null).into_string()?;
        if !sameday::is_sibling(base, &id) {
            continue;
        }
        let start = row.next().unwrap_or(Value::Null).into_text()?;
        out.push((id, start.and_then(|raw| raw.parse().ok())));
    }
    Ok(out)
}

/// Moves the stored meeting `from`, every version, its follow-up statuses with their
/// history, its visibility and organisation and what publishing it named, to id `to`, and
/// keeps the move for old links ([`moved_meeting`]).
fn rename(db: &mut dyn Exec, from: &str, to: &str, seq: i64) -> Result<()> {
    let (version, source_sha256) = current_version(db, from)?.ok_or_else(|| Error::NotFound {
        what: "meeting",
        id: from.to_owned(),
    })?;
    let mut versions = Vec::new();
    for row in db.query(
        "SELECT version, json FROM meeting_versions WHERE meeting_id = ?1",
        &[Value::text(from)],
    )? {
        let mut row = row.into_iter();
        let number = row.next().unwrap_or(Value::Null).as_count()?;
        let json = row.next().unwrap_or(Value::Null).into_string()?;
        versions.push((number, json));
    }
    let organisation = db
        .query(
            "SELECT organisation FROM meetings WHERE id = ?1",
            &[Value::text(from)],
        )?
        .into_iter()
        .next()
        .and_then(|row| row.into_iter().next())
        .unwrap_or(Value::Null)
        .into_text()?;
    let (current, rewritten) = sameday::renamed_versions(from, to, version, versions)?;
    // The current-version rows are derived from the JSON: write them afresh under the new
    // id, then move the versions and drop the old row.
    delete_current(db, from)?;
    write_current(
        db,
        &current,
        Current {
            version,
            source_sha256: &source_sha256,
            seq,
        },
    )?;
    for (number, json) in rewritten {
        db.execute(
            "UPDATE meeting_versions SET meeting_id = ?3, json = ?4
             WHERE meeting_id = ?1 AND version = ?2",
            &[
                Value::text(from),
                Value::int(number),
                Value::text(to),
                Value::text(json),
            ],
        )?;
    }
    db.execute("DELETE FROM meetings WHERE id = ?1", &[Value::text(from)])?;
    let prefix_len = u32::try_from(from.len() + 1).unwrap_or(u32::MAX);
    for table in FOLLOW_UP_TABLES {
        db.execute(
            &format!(
                "UPDATE {table} SET action_id = ?2 || substr(action_id, ?3)
                 WHERE substr(action_id, 1, ?3) = ?1 || '/'"
            ),
            &[Value::text(from), Value::text(to), Value::int(prefix_len)],
        )?;
    }
    db.execute(
        "UPDATE meeting_visibility SET meeting_id = ?2 WHERE meeting_id = ?1",
        &[Value::text(from), Value::text(to)],
    )?;
    db.execute(
        "UPDATE meetings SET organisation = ?2 WHERE id = ?1",
        &[Value::text(to), Value::opt_text(organisation)],
    )?;
    db.execute(
        "UPDATE authored_meetings SET published_id = ?2 WHERE published_id = ?1",
        &[Value::text(from), Value::text(to)],
    )?;
    db.execute(
        "INSERT INTO meeting_moves (old_id, new_id, seq) VALUES (?1, ?2, ?3)
         ON CONFLICT (old_id, new_id) DO UPDATE SET seq = excluded.seq",
        &[Value::text(from), Value::text(to), Value::Big(Some(seq))],
    )?;
    Ok(())
}

/// Where the meetings that once had the id `old` are now: following every move, the ids
/// that are meetings, sorted (empty when none moved from it).
pub(crate) fn moved_meeting(db: &mut dyn Exec, old: &str) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut seen = vec![old.to_owned()];
    let mut next = vec![old.to_owned()];
    while let Some(id) = next.pop() {
        for row in db.query(
            "SELECT mv.new_id, (SELECT COUNT(*) FROM meetings m WHERE m.id = mv.new_id)
             FROM meeting_moves mv WHERE mv.old_id = ?1",
            &[Value::text(id)],
        )? {
            let mut row = row.into_iter();
            let to = row.next().unwrap_or(Value::Null).into_string()?;
            let exists = row.next().unwrap_or(Value::Null).as_count()? > 0;
            if seen.contains(&to) {
                continue;
            }
            seen.push(to.clone());
            if exists {
                found.push(to);
            } else {
                next.push(to);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn delete_current(db: &mut dyn Exec, id: &str) -> Result<()> {
    for table in CURRENT_TABLES {
        db.execute(
            &format!("DELETE FROM {table} WHERE meeting_id = ?1"),
            &[Value::text(id)],
        )?;
    }
    Ok(())
}

/// The tables that keep what people did to a follow-up, by its key
/// `<meeting id>/<item position>/<position>`.
const FOLLOW_UP_TABLES: [&str; 3] = ["action_status", "action_status_history", "action_edits"];

/// Before a new version (or a new reading) of `meeting` replaces the stored one: the status,
/// history and corrections of each follow-up move to the key of the same follow-up in the
/// new version, found by its item's number and its text (else its text alone, when only
/// one follow-up of the meeting has it), so that items moved or inserted do not hand a
/// status to another follow-up. What is not found again is set aside under `gone:<old key>`,
/// kept but shown nowhere.
fn follow_follow_ups(db: &mut dyn Exec, meeting: &Meeting) -> Result<()> {
    let old = db.query(
        "SELECT a.item_position, a.position, i.number, a.text FROM actions a
         JOIN items i ON i.meeting_id = a.meeting_id AND i.position = a.item_position
         WHERE a.meeting_id = ?1",
        &[Value::text(meeting.id.as_str())],
    )?;
    let key = |item: u32, action: u32| format!("{}/{item}/{action}", meeting.id);
    let mut new_by_item: HashMap<(String, String), String> = HashMap::new();
    let mut new_by_text: HashMap<String, Vec<String>> = HashMap::new();
    for (item_idx, item) in meeting.items.iter().enumerate() {
        for (action_idx, action) in item.actions.iter().enumerate() {
            let at = key(position(item_idx), position(action_idx));
            new_by_item
                .entry((item.number.clone(), action.text.clone()))
                .or_insert_with(|| at.clone());
            new_by_text.entry(action.text.clone()).or_default().push(at);
        }
    }
    let mut moves: Vec<(String, String)> = Vec::new();
    for row in old {
        let mut row = row.into_iter();
        let mut next = || row.next().unwrap_or(Value::Null);
        let (item_position, action_position) = (next().as_u32()?, next().as_u32()?);
        let (number, text) = (next().into_string()?, next().into_string()?);
        let (Some(item_position), Some(action_position)) = (item_position, action_position) else {
            continue;
        };
        let from = key(item_position, action_position);
        let to = new_by_item
            .get(&(number, text.clone()))
            .cloned()
            .or_else(|| match new_by_text.get(&text).map(Vec::as_slice) {
                Some([only]) => Some(only.clone()),
                _ => None,
            });
        match to {
            Some(to) if to == from => {}
            Some(to) => moves.push((from, to)),
            None => moves.push((from.clone(), format!("gone:{from}"))),
        }
    }
    if moves.is_empty() {
        return Ok(());
    }
    // Two steps, so that two follow-ups that swap keys never meet on one.
    for step in [0, 1] {
        for (from, to) in &moves {
            let (from, to) = match step {
                0 => (from.clone(), format!("moving:{to}")),
                _ => (format!("moving:{to}"), to.clone()),
            };
            for table in FOLLOW_UP_TABLES {
                db.execute(
                    &format!("UPDATE {table} SET action_id = ?2 WHERE action_id = ?1"),
                    &[Value::text(from.as_str()), Value::text(to.as_str())],
                )?;
            }
        }
    }
    Ok(())
}

/// Rewrites the `meetings` row and the current-version rows of `meeting`.
fn write_current(db: &mut dyn Exec, meeting: &Meeting, current: Current<'_>) -> Result<()> {
    delete_current(db, &meeting.id)?;
    for row in meeting_rows(meeting, current) {
        db.execute(row.sql, &row.values)?;
    }
    Ok(())
}

/// The addresses of a meeting's items in order (see [`model::item_keys`]).
pub(crate) fn item_keys(db: &mut dyn Exec, meeting_id: &str) -> Result<Vec<String>> {
    let numbers = db
        .query(
            "SELECT number FROM items WHERE meeting_id = ?1 ORDER BY position",
            &[Value::text(meeting_id)],
        )?
        .into_iter()
        .map(|row| row.into_iter().next().unwrap_or(Value::Null).into_string())
        .collect::<Result<Vec<_>>>()?;
    Ok(model::keys_of_numbers(numbers.iter().map(String::as_str)))
}

/// The key a follow-up's status is kept under: `<meeting id>/<item position>/<position>`,
/// by the item's position, which the meeting's rows carry; a not-found error when the
/// action does not exist.
pub(crate) fn status_key(db: &mut dyn Exec, id: &ActionId) -> Result<String> {
    let not_found = || Error::NotFound {
        what: "action",
        id: id.to_string(),
    };
    let keys = item_keys(db, &id.item.meeting_id)?;
    let item_position = model::find_item(&keys, &id.item.key).ok_or_else(not_found)? + 1;
    let item_position = u32::try_from(item_position).map_err(|_| not_found())?;
    let exists = scalar(
        db,
        "SELECT COUNT(*) FROM actions
         WHERE meeting_id = ?1 AND item_position = ?2 AND position = ?3",
        &[
            Value::text(id.item.meeting_id.as_str()),
            Value::int(item_position),
            Value::int(id.position),
        ],
    )?
    .as_count()?;
    if exists == 0 {
        return Err(not_found());
    }
    Ok(format!(
        "{}/{item_position}/{}",
        id.item.meeting_id, id.position
    ))
}

/// Sets an action's status (no note, no history: the command line's plain marking).
pub(crate) fn set_action_status(
    db: &mut dyn Exec,
    id: &ActionId,
    status: ActionStatus,
) -> Result<()> {
    let kept = status_key(db, id)?;
    db.execute(
        "INSERT INTO action_status (action_id, status) VALUES (?1, ?2)
         ON CONFLICT (action_id) DO UPDATE SET status = excluded.status",
        &[Value::text(kept), Value::text(status.as_str())],
    )?;
    Ok(())
}

/// Canonical names whose name or a written form matches `query` ([`match_names`]).
pub(crate) fn resolve_names(db: &mut dyn Exec, query: &str) -> Result<Vec<String>> {
    let forms = db
        .query(
            "SELECT name, name FROM people UNION SELECT alias, name FROM person_aliases",
            &[],
        )?
        .into_iter()
        .map(|row| {
            let mut row = row.into_iter();
            let form = row.next().unwrap_or(Value::Null).into_string()?;
            let name = row.next().unwrap_or(Value::Null).into_string()?;
            Ok((form, name))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(match_names(&forms, query))
}

/// The follow-up register: actions matching `filter`, by due date (undated last), then
/// meeting date (undated first), meeting, item and position.
pub(crate) fn actions(db: &mut dyn Exec, filter: &ActionFilter) -> Result<Vec<ActionRow>> {
    let refs = action_refs(db, filter)?;
    actions_of(db, &refs)
}

/// The key of an action in `action_status` and `action_edits`, as SQL.
const ACTION_KEY: &str = "a.meeting_id || '/' || a.item_position || '/' || a.position";

/// The due day as corrected (a sekretær's day where one was set, else the extracted one)
/// compared with `op` to the argument `?idx`. Two cases rather than `COALESCE`: the two
/// columns have different collations on PostgreSQL, which then cannot compare the result.
fn corrected_due(op: &str, idx: usize) -> String {
    format!(
        "((e.due_by IS NOT NULL AND e.due_by {op} ?{idx})
          OR (e.due_by IS NULL AND a.due_by IS NOT NULL AND a.due_by {op} ?{idx}))"
    )
}

/// The actions matching `filter`, named only, in the register's order (see [`actions`]).
/// Every filter is applied here, the corrections of a sekretær included, so that a page of
/// the register is a slice of the answer.
pub(crate) fn action_refs(db: &mut dyn Exec, filter: &ActionFilter) -> Result<Vec<ActionRef>> {
    let mut sql = format!(
        "SELECT a.meeting_id, a.item_position, a.position, i.closed, e.owners
         FROM actions a
         JOIN meetings m ON m.id = a.meeting_id
         JOIN items i ON i.meeting_id = a.meeting_id AND i.position = a.item_position
         LEFT JOIN action_status st ON st.action_id = {ACTION_KEY}
         LEFT JOIN action_edits e ON e.action_id = {ACTION_KEY}
         WHERE 1 = 1"
    );
    let mut args: Vec<Value> = Vec::new();
    let mut owner_names: Option<Vec<String>> = None;
    if let Some(owner) = &filter.owner {
        let names = resolve_names(db, owner)?;
        // Corrected owners are matched below, after the corrections are applied. The
        // owner's actions are found once by name, not looked for per action: as a
        // correlated `EXISTS`, SQLite searched the name's rows once per action, and a name
        // in 2,400 rows of a ×20 corpus (17,000 actions) took 41 s (issue 19: the person
        // page and the owner's register answered 503 after 30 s).
        sql.push_str(&format!(
            " AND ((a.meeting_id, a.item_position, a.position) IN
               (SELECT mp.meeting_id, mp.item_position, mp.action_position
                FROM meeting_people mp WHERE mp.role = 'owner' AND {})
               OR e.owners IS NOT NULL)",
            is_in("mp.name", args.len() + 1, names.len())
        ));
        args.extend(names.iter().map(|name| Value::text(name.as_str())));
        owner_names = Some(names);
    }
    if filter.open {
        sql.push_str(" AND COALESCE(st.status, 'open') IN ('open', 'in_progress')");
    }
    if let Some(status) = filter.status {
        args.push(Value::text(status.as_str()));
        sql.push_str(&format!(
            " AND COALESCE(st.status, 'open') = ?{}",
            args.len()
        ));
    }
    for (day, op) in [
        (filter.due_before, "<"),
        (filter.due_from, ">="),
        (filter.due_until, "<="),
    ] {
        if let Some(day) = day {
            args.push(Value::text(day.to_string()));
            sql.push_str(" AND ");
            sql.push_str(&corrected_due(op, args.len()));
        }
    }
    if let Some(meeting_id) = &filter.meeting_id {
        args.push(Value::text(meeting_id.as_str()));
        sql.push_str(&format!(" AND a.meeting_id = ?{}", args.len()));
    }
    if let Some(closed) = filter.item_closed {
        args.push(Value::int(u32::from(closed)));
        sql.push_str(&format!(" AND i.closed = ?{}", args.len()));
    }
    if let Some(body) = &filter.body {
        // The bodies by that name, ASCII letters in any case (SQL's case folding differs
        // between the backends); a handful of names.
        let mut bodies = Vec::new();
        for row in db.query("SELECT DISTINCT body FROM meetings", &[])? {
            let name = row
                .into_iter()
                .next()
                .unwrap_or(Value::Null)
                .into_string()?;
            if name.eq_ignore_ascii_case(body) {
                bodies.push(name);
            }
        }
        sql.push_str(&format!(
            " AND {}",
            is_in("m.body", args.len() + 1, bodies.len())
        ));
        args.extend(bodies.into_iter().map(Value::text));
    }
    sql.push_str(
        " ORDER BY a.due_by IS NULL, a.due_by, m.date NULLS FIRST, a.meeting_id,
                   a.item_position, a.position",
    );
    let mut out = Vec::new();
    db.query_each(&sql, &args, &mut |row| {
        let [
            meeting_id,
            item_position,
            position,
            closed,
            corrected_owners,
        ] = <[Value; 5]>::try_from(row)
            .map_err(|_| Error::Corrupt("action row of the wrong width".to_owned()))?;
        // Owners a sekretær corrected replace the extracted ones, also for the filter.
        if let (Some(names), Some(corrected)) = (&owner_names, corrected_owners.into_text()?)
            && !corrected
                .lines()
                .map(str::trim)
                .any(|owner| names.iter().any(|name| name == owner))
        {
            return Ok(());
        }
        out.push(ActionRef {
            meeting_id: meeting_id.into_string()?,
            item_position: item_position.as_count()?,
            position: position.as_count()?,
            item_closed: closed.as_i64()?.unwrap_or(0) != 0,
        });
        Ok(())
    })?;
    out.shrink_to_fit();
    Ok(out)
}

/// The rows of `refs` in their order, read a few hundred meetings at a time; a ref whose
/// action is no longer kept is left out.
pub(crate) fn actions_of(db: &mut dyn Exec, refs: &[ActionRef]) -> Result<Vec<ActionRow>> {
    let mut meeting_ids: Vec<&str> = refs.iter().map(|r| r.meeting_id.as_str()).collect();
    meeting_ids.sort_unstable();
    meeting_ids.dedup();
    let edits = if refs.is_empty() {
        HashMap::new()
    } else {
        action_edits(db)?
    };
    let mut found: HashMap<(String, u32, u32), ActionRow> = HashMap::new();
    for chunk in meeting_ids.chunks(IN_CHUNK) {
        let ids: Vec<Value> = chunk.iter().map(|id| Value::text(*id)).collect();
        read_actions(db, &ids, &edits, &mut found)?;
    }
    Ok(refs
        .iter()
        .filter_map(|r| found.remove(&(r.meeting_id.clone(), r.item_position, r.position)))
        .collect())
}

/// Every action of the meetings `ids` (at most [`IN_CHUNK`]) as a register row, with the
/// corrections in `edits` applied, into `found` by meeting, item position and position.
fn read_actions(
    db: &mut dyn Exec,
    ids: &[Value],
    edits: &HashMap<String, ActionEdit>,
    found: &mut HashMap<(String, u32, u32), ActionRow>,
) -> Result<()> {
    // The item numbers of the meetings, for the items' addresses, and every owner of their
    // actions, grouped by action: three queries for a few hundred meetings.
    let mut numbers: HashMap<String, Vec<String>> = HashMap::new();
    let sql = format!(
        "SELECT meeting_id, number FROM items WHERE {} ORDER BY meeting_id, position",
        is_in("meeting_id", 1, ids.len())
    );
    for row in db.query(&sql, ids)? {
        let mut row = row.into_iter();
        let meeting_id = row.next().unwrap_or(Value::Null).into_string()?;
        let number = row.next().unwrap_or(Value::Null).into_string()?;
        numbers.entry(meeting_id).or_default().push(number);
    }
    let keys: HashMap<String, Vec<String>> = numbers
        .into_iter()
        .map(|(meeting_id, numbers)| {
            let keys = model::keys_of_numbers(numbers.iter().map(String::as_str));
            (meeting_id, keys)
        })
        .collect();
    let mut owners: HashMap<(String, u32, u32), Vec<Person>> = HashMap::new();
    let sql = format!(
        "SELECT meeting_id, item_position, action_position, name, as_written,
                span_page, span_line, span_end_line
         FROM meeting_people WHERE role = 'owner' AND {}
         ORDER BY meeting_id, item_position, action_position, position",
        is_in("meeting_id", 1, ids.len())
    );
    for row in db.query(&sql, ids)? {
        let [
            meeting_id,
            item_position,
            action_position,
            name,
            as_written,
            page,
            line,
            end_line,
        ] = <[Value; 8]>::try_from(row)
            .map_err(|_| Error::Corrupt("owner row of the wrong width".to_owned()))?;
        owners
            .entry((
                meeting_id.into_string()?,
                item_position.as_count()?,
                action_position.as_count()?,
            ))
            .or_default()
            .push(Person {
                name: name.into_string()?,
                as_written: as_written.into_string()?,
                span: span_from(page.as_u32()?, line.as_u32()?, end_line.as_u32()?),
            });
    }
    let sql = format!(
        "SELECT a.meeting_id, a.item_position, a.position, a.text, a.due_text, a.due_from,
                a.due_by, a.recurring, a.forum, a.span_page, a.span_line, a.span_end_line,
                m.body, m.date, i.number, i.title, COALESCE(st.status, 'open'), i.closed
         FROM actions a
         JOIN meetings m ON m.id = a.meeting_id
         JOIN items i ON i.meeting_id = a.meeting_id AND i.position = a.item_position
         LEFT JOIN action_status st ON st.action_id = {ACTION_KEY}
         WHERE {}",
        is_in("a.meeting_id", 1, ids.len())
    );
    for row in db.query(&sql, ids)? {
        let [
            meeting_id,
            item_position,
            action_position,
            text,
            due_text,
            due_from,
            due_by,
            recurring,
            forum,
            page,
            line,
            end_line,
            body,
            meeting_date,
            item_number,
            item_title,
            status,
            item_closed,
        ] = <[Value; 18]>::try_from(row)
            .map_err(|_| Error::Corrupt("action row of the wrong width".to_owned()))?;
        let meeting_id = meeting_id.into_string()?;
        let item_position = item_position.as_count()?;
        let action_position = action_position.as_count()?;
        let mut due = match due_text.into_text()? {
            Some(text) => Some(Due {
                text,
                from: parse_date(due_from.into_text()?)?,
                by: parse_date(due_by.into_text()?)?,
                recurring: parse_recurrence(recurring.into_text()?),
            }),
            None => None,
        };
        let key = keys
            .get(&meeting_id)
            .and_then(|keys| keys.get(usize::try_from(item_position).ok()?.checked_sub(1)?))
            .cloned()
            .unwrap_or_else(|| item_position.to_string());
        let mut owners_of = owners
            .remove(&(meeting_id.clone(), item_position, action_position))
            .unwrap_or_default();
        if let Some(edit) = edits.get(&format!("{meeting_id}/{item_position}/{action_position}")) {
            if let Some(names) = &edit.owners {
                owners_of = names
                    .iter()
                    .map(|name| Person {
                        name: name.clone(),
                        as_written: name.clone(),
                        span: None,
                    })
                    .collect();
            }
            if let Some(by) = edit.due_by {
                due = Some(Due {
                    text: by.to_string(),
                    from: None,
                    by: Some(by),
                    recurring: None,
                });
            }
        }
        let row = ActionRow {
            id: format!("{meeting_id}/{key}/{action_position}"),
            action: Action {
                text: text.into_string()?,
                owners: owners_of,
                due,
                forum: forum.into_text()?,
                span: span_from(page.as_u32()?, line.as_u32()?, end_line.as_u32()?),
            },
            meeting_id: meeting_id.clone(),
            body: body.into_string()?,
            meeting_date: parse_date(meeting_date.into_text()?)?,
            item_number: item_number.into_string()?,
            item_title: item_title.into_string()?,
            status: ActionStatus::from_db(&status.into_string()?),
            item_closed: item_closed.as_i64()?.unwrap_or(0) != 0,
        };
        found.insert((meeting_id, item_position, action_position), row);
    }
    Ok(())
}

/// A follow-up's owners and due date as a sekretær corrected them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ActionEdit {
    pub(crate) owners: Option<Vec<String>>,
    pub(crate) due_by: Option<model::Date>,
}

/// Every correction, by the key of [`status_key`].
pub(crate) fn action_edits(db: &mut dyn Exec) -> Result<HashMap<String, ActionEdit>> {
    let mut out = HashMap::new();
    for row in db.query("SELECT action_id, owners, due_by FROM action_edits", &[])? {
        let mut row = row.into_iter();
        let key = row.next().unwrap_or(Value::Null).into_string()?;
        let owners = row
            .next()
            .unwrap_or(Value::Null)
            .into_text()?
            .map(|owners| {
                owners
                    .lines()
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned)
                    .collect()
            });
        let due_by = parse_date(row.next().unwrap_or(Value::Null).into_text()?)?;
        out.insert(key, ActionEdit { owners, due_by });
    }
    Ok(out)
}
