//! [`SqliteStore`]: the embedded default backend, one SQLite file (`referat.db`) in the data
//! folder, in WAL mode so readers (the web server) never wait for an import. Migrations are
//! the numbered files under `migrations/sqlite/`, embedded in the binary and recorded in a
//! `schema_version` table.
//!
//! One writing connection behind a mutex: every writing method takes it for one
//! transaction. Reading methods take one of a few read-only connections (opened on first
//! use), so concurrent web requests read in parallel.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use model::{Action, Due, Meeting, Person, Time};
use rusqlite::types::ToSql;
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Row, Transaction, TransactionBehavior, params,
};

use crate::columns::{
    date_text, hhmm, match_bodies, match_names, parse_date, parse_recurrence, position,
    recurrence_text, sha256_hex, span_from, span_parts,
};
use crate::sameday;
use crate::{
    ActionFilter, ActionId, ActionRow, ActionStatus, Error, ItemId, ItemView, MeetingFilter,
    MeetingSummary, Page, PersonDetail, PersonMeeting, PersonSummary, PutOutcome, Result,
    SourceInfo, Store, VersionInfo,
};

/// The migrations, in order. Never edit a released file: add the next number.
const MIGRATIONS: &[(u32, &str)] = &[(1, include_str!("../migrations/sqlite/0001_init.sql"))];

/// The file name of the database inside the data folder.
pub const DB_FILE: &str = "referat.db";

/// Read connections of a store (opened on first use): WAL lets them read while the one
/// writing connection writes, so web requests do not queue behind one lock.
const READERS: usize = 4;

/// Pages of SQLite's cache per read connection (the default is about 2 MB; the web server
/// reads a meeting's JSON by key and needs little).
const READER_CACHE_KIB: i64 = 1024;

/// The SQLite backend.
#[derive(Debug)]
pub struct SqliteStore {
    /// The connection that writes (and reads inside its own transactions).
    conn: Mutex<Connection>,
    /// Read-only connections for the read methods of [`Store`].
    readers: OnceLock<Vec<Mutex<Connection>>>,
    next_reader: AtomicUsize,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens (creating when missing) the store in data folder `dir`, migrating it to the
    /// newest schema.
    pub fn open(dir: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(dir)?;
        SqliteStore::open_file(&dir.join(DB_FILE))
    }

    /// Opens (creating when missing) the database file at `path`.
    pub fn open_file(path: &Path) -> Result<SqliteStore> {
        let mut conn = Connection::open(path)?;
        // WAL: readers do not block the writer; NORMAL sync is durable against a killed
        // process (the crash test kills `referat import`), and loses at most the last
        // transactions on power loss, never consistency.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            readers: OnceLock::new(),
            next_reader: AtomicUsize::new(0),
            path: path.to_owned(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The rows of `PRAGMA integrity_check`: `["ok"]` for a sound file.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let conn = self.lock();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        current_version(&self.lock())
    }

    /// A read connection: a free one if there is one, else the next in turn. Falls back
    /// to the writing connection when read connections cannot be opened.
    fn read(&self) -> MutexGuard<'_, Connection> {
        let readers = self.readers.get_or_init(|| {
            (0..READERS)
                .map_while(|_| open_reader(&self.path).ok().map(Mutex::new))
                .collect()
        });
        if readers.is_empty() {
            return self.lock();
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        for offset in 0..readers.len() {
            if let Ok(conn) = readers[(start + offset) % readers.len()].try_lock() {
                return conn;
            }
        }
        readers[start % readers.len()]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock dropped its transaction, which rolled back: the
        // connection is still consistent.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "cache_size", -READER_CACHE_KIB)?;
    Ok(conn)
}

fn current_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |row| row.get(0),
    )?)
}

fn migrate(conn: &mut Connection) -> Result<()> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")?;
    let found = current_version(conn)?;
    let known = MIGRATIONS.last().map_or(0, |(version, _)| *version);
    if found > known {
        return Err(Error::SchemaTooNew { found, known });
    }
    for (version, sql) in MIGRATIONS {
        if *version <= found {
            continue;
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        if current_version(&tx)? >= *version {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [version],
        )?;
        tx.commit()?;
    }
    Ok(())
}

fn source_info(tx: &Connection, sha256: &str, new: bool) -> Result<Option<SourceInfo>> {
    let row = tx
        .prepare_cached("SELECT name, size FROM sources WHERE sha256 = ?1")?
        .query_row([sha256], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })
        .optional()?;
    let Some((name, size)) = row else {
        return Ok(None);
    };
    let meeting_id = tx
        .prepare_cached(
            "SELECT meeting_id FROM meeting_versions WHERE source_sha256 = ?1
             ORDER BY version DESC LIMIT 1",
        )?
        .query_row([sha256], |row| row.get::<_, String>(0))
        .optional()?;
    Ok(Some(SourceInfo {
        sha256: sha256.to_owned(),
        name,
        size: u64::try_from(size).unwrap_or(0),
        new,
        meeting_id,
    }))
}

const SUMMARY_COLUMNS: &str = "m.id, m.body, m.date, m.version, m.n_items, s.name";
const SUMMARY_FROM: &str = "meetings m JOIN sources s ON s.sha256 = m.source_sha256";

fn summary(row: &Row<'_>) -> rusqlite::Result<(MeetingSummary, Option<String>)> {
    Ok((
        MeetingSummary {
            id: row.get(0)?,
            body: row.get(1)?,
            date: None,
            version: row.get(3)?,
            n_items: row.get(4)?,
            source_name: row.get(5)?,
        },
        row.get::<_, Option<String>>(2)?,
    ))
}

fn with_date((mut summary, date): (MeetingSummary, Option<String>)) -> Result<MeetingSummary> {
    summary.date = parse_date(date)?;
    Ok(summary)
}

/// Canonical names whose name or a written form matches `query` ([`match_names`]).
fn resolve_names(conn: &Connection, query: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, name FROM people UNION SELECT alias, name FROM person_aliases",
    )?;
    let forms = stmt
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(match_names(&forms, query))
}

fn placeholders(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|idx| format!("?{idx}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store for SqliteStore {
    fn put_source(&self, bytes: &[u8], name: &str) -> Result<SourceInfo> {
        let sha256 = sha256_hex(bytes);
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inserted = tx
            .prepare_cached(
                "INSERT INTO sources (sha256, name, size, bytes) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sha256) DO NOTHING",
            )?
            .execute(params![sha256, name, bytes.len() as i64, bytes])?;
        let info = source_info(&tx, &sha256, inserted == 1)?
            .ok_or_else(|| Error::Corrupt(format!("source {sha256} vanished")))?;
        tx.commit()?;
        Ok(info)
    }

    fn source(&self, sha256: &str) -> Result<Option<SourceInfo>> {
        source_info(&self.read(), sha256, false)
    }

    fn source_bytes(&self, sha256: &str) -> Result<Vec<u8>> {
        self.read()
            .prepare_cached("SELECT bytes FROM sources WHERE sha256 = ?1")?
            .query_row([sha256], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "source",
                id: sha256.to_owned(),
            })
    }

    fn put_meeting(&self, meeting: &Meeting, source_sha256: &str) -> Result<PutOutcome> {
        if meeting.id.is_empty() || meeting.id.contains('/') {
            return Err(Error::Invalid(format!(
                "meeting id {:?} must be a non-empty slug without '/'",
                meeting.id
            )));
        }
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let source_known: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM sources WHERE sha256 = ?1)")?
            .query_row([source_sha256], |row| row.get(0))?;
        if !source_known {
            return Err(Error::NotFound {
                what: "source",
                id: source_sha256.to_owned(),
            });
        }
        // Two meetings of one body on one day: tell them apart by start time (sameday.rs).
        let mut placed;
        let mut meeting = meeting;
        let mut renamed = None;
        if meeting.date.is_some() && meeting.start.is_some() {
            let placement =
                sameday::place(&meeting.id, meeting.start, &same_day(&tx, &meeting.id)?);
            renamed = placement.rename;
            if placement.id != meeting.id {
                placed = meeting.clone();
                placed.id = placement.id;
                meeting = &placed;
            }
        }
        let json = serde_json::to_string(meeting)
            .map_err(|err| Error::Invalid(format!("meeting {}: {err}", meeting.id)))?;
        // A meeting that moves to make way holds the id now, but not after the move.
        let current: Option<(u32, String)> = match renamed {
            Some(_) => None,
            None => tx
                .prepare_cached("SELECT version, source_sha256 FROM meetings WHERE id = ?1")?
                .query_row([&meeting.id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?,
        };
        let (outcome, version) = match current {
            None => (PutOutcome::Inserted, 1),
            Some((version, sha)) if sha == source_sha256 => {
                let stored: String = tx
                    .prepare_cached(
                        "SELECT json FROM meeting_versions WHERE meeting_id = ?1 AND version = ?2",
                    )?
                    .query_row(params![meeting.id, version], |row| row.get(0))?;
                if stored == json {
                    return Ok(PutOutcome::Unchanged);
                }
                (PutOutcome::Reextracted, version)
            }
            Some((version, _)) => (PutOutcome::NewVersion, version + 1),
        };
        tx.execute(
            "UPDATE meta SET value = value + 1 WHERE key = 'change_seq'",
            [],
        )?;
        let seq: i64 = tx.query_row(
            "SELECT value FROM meta WHERE key = 'change_seq'",
            [],
            |row| row.get(0),
        )?;
        if let Some((from, to)) = renamed {
            rename(&tx, &from, &to, seq)?;
        }
        write_current(&tx, meeting, version, source_sha256, seq)?;
        if outcome == PutOutcome::Reextracted {
            tx.prepare_cached(
                "UPDATE meeting_versions SET json = ?3 WHERE meeting_id = ?1 AND version = ?2",
            )?
            .execute(params![meeting.id, version, json])?;
        } else {
            tx.prepare_cached(
                "INSERT INTO meeting_versions (meeting_id, version, source_sha256, json)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![meeting.id, version, source_sha256, json])?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    fn meeting(&self, id: &str) -> Result<Meeting> {
        let json: String = self
            .read()
            .prepare_cached(
                "SELECT v.json FROM meetings m JOIN meeting_versions v
                 ON v.meeting_id = m.id AND v.version = m.version WHERE m.id = ?1",
            )?
            .query_row([id], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "meeting",
                id: id.to_owned(),
            })?;
        serde_json::from_str(&json).map_err(|err| Error::Corrupt(format!("meeting {id}: {err}")))
    }

    fn meeting_versions(&self, id: &str) -> Result<Vec<VersionInfo>> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(
            "SELECT v.version, v.source_sha256, s.name, v.version = m.version
             FROM meeting_versions v JOIN meetings m ON m.id = v.meeting_id
             JOIN sources s ON s.sha256 = v.source_sha256
             WHERE v.meeting_id = ?1 ORDER BY v.version",
        )?;
        let versions = stmt
            .query_map([id], |row| {
                Ok(VersionInfo {
                    version: row.get(0)?,
                    source_sha256: row.get(1)?,
                    source_name: row.get(2)?,
                    current: row.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        if versions.is_empty() {
            return Err(Error::NotFound {
                what: "meeting",
                id: id.to_owned(),
            });
        }
        Ok(versions)
    }

    fn meetings(&self, filter: &MeetingFilter, page: Page) -> Result<Vec<MeetingSummary>> {
        let conn = self.read();
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE 1 = 1");
        let mut args: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some(body) = &filter.body {
            let bodies = resolve_bodies(&conn, body)?;
            sql.push_str(&format!(
                " AND m.body IN ({})",
                placeholders(args.len() + 1, bodies.len())
            ));
            args.extend(bodies.into_iter().map(|b| Box::new(b) as Box<dyn ToSql>));
        }
        if let Some(from) = filter.from {
            args.push(Box::new(from.to_string()));
            sql.push_str(&format!(" AND m.date >= ?{}", args.len()));
        }
        if let Some(to) = filter.to {
            args.push(Box::new(to.to_string()));
            sql.push_str(&format!(" AND m.date <= ?{}", args.len()));
        }
        if let Some(person) = &filter.person {
            let names = resolve_names(&conn, person)?;
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM meeting_people mp WHERE mp.meeting_id = m.id
                   AND mp.name IN ({}))",
                placeholders(args.len() + 1, names.len())
            ));
            args.extend(names.into_iter().map(|n| Box::new(n) as Box<dyn ToSql>));
        }
        args.push(Box::new(i64::from(page.limit)));
        args.push(Box::new(i64::from(page.offset)));
        sql.push_str(&format!(
            " ORDER BY m.date DESC, m.id LIMIT ?{} OFFSET ?{}",
            args.len() - 1,
            args.len()
        ));
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), summary)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(with_date).collect()
    }

    fn item(&self, id: &ItemId) -> Result<ItemView> {
        let not_found = || Error::NotFound {
            what: "item",
            id: id.to_string(),
        };
        let meeting = self
            .meeting(&id.meeting_id)
            .map_err(|err| if err.is_not_found() { not_found() } else { err })?;
        let conn = self.read();
        let summary = conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE m.id = ?1"
            ))?
            .query_row([&id.meeting_id], summary)?;
        crate::types::locate(meeting, with_date(summary)?, id)
    }

    fn actions(&self, filter: &ActionFilter) -> Result<Vec<ActionRow>> {
        let conn = self.read();
        actions(&conn, filter)
    }

    fn set_action_status(&self, id: &ActionId, status: ActionStatus) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let not_found = || Error::NotFound {
            what: "action",
            id: id.to_string(),
        };
        let keys = item_keys(&tx, &id.item.meeting_id)?;
        let item_position = model::find_item(&keys, &id.item.key).ok_or_else(not_found)? + 1;
        let item_position = u32::try_from(item_position).map_err(|_| not_found())?;
        let exists: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM actions
                 WHERE meeting_id = ?1 AND item_position = ?2 AND position = ?3)",
            )?
            .query_row(
                params![id.item.meeting_id, item_position, id.position],
                |row| row.get(0),
            )?;
        if !exists {
            return Err(not_found());
        }
        // Statuses are kept under the item's position, which the meeting's rows carry.
        let kept = format!("{}/{item_position}/{}", id.item.meeting_id, id.position);
        tx.execute(
            "INSERT INTO action_status (action_id, status) VALUES (?1, ?2)
             ON CONFLICT (action_id) DO UPDATE SET status = excluded.status",
            params![kept, status.as_str()],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn people(&self) -> Result<Vec<PersonSummary>> {
        let conn = self.read();
        people(&conn, None)
    }

    fn person(&self, name: &str) -> Result<PersonDetail> {
        let conn = self.read();
        let names = resolve_names(&conn, name)?;
        let not_found = || Error::NotFound {
            what: "person",
            id: name.to_owned(),
        };
        // Several matches: prefer the exact canonical name, else the first by name.
        let canonical = names
            .iter()
            .find(|n| n.to_lowercase() == name.trim().to_lowercase())
            .or(names.first())
            .ok_or_else(not_found)?
            .clone();
        let person = people(&conn, Some(&canonical))?
            .into_iter()
            .next()
            .ok_or_else(not_found)?;
        let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
        {
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT meeting_id, role FROM meeting_people WHERE name = ?1",
            )?;
            for row in stmt.query_map([&canonical], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })? {
                let (meeting_id, role) = row?;
                roles.entry(meeting_id).or_default().push(role);
            }
        }
        let mut meetings = Vec::new();
        {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE m.id = ?1"
            ))?;
            for (meeting_id, mut meeting_roles) in roles {
                let summary = with_date(stmt.query_row([&meeting_id], summary)?)?;
                meeting_roles.sort();
                meetings.push(PersonMeeting {
                    meeting: summary,
                    roles: meeting_roles,
                });
            }
        }
        meetings.sort_by(|a, b| {
            b.meeting
                .date
                .cmp(&a.meeting.date)
                .then_with(|| a.meeting.id.cmp(&b.meeting.id))
        });
        let actions = actions(
            &conn,
            &ActionFilter {
                owner: Some(canonical),
                ..ActionFilter::default()
            },
        )?;
        Ok(PersonDetail {
            person,
            meetings,
            actions,
        })
    }

    fn sources_for_reextract(&self) -> Result<Vec<SourceInfo>> {
        let conn = self.read();
        let mut stmt = conn.prepare(
            "SELECT s.sha256, s.name, s.size, m.id FROM sources s
             JOIN meetings m ON m.source_sha256 = s.sha256
             UNION ALL
             SELECT s.sha256, s.name, s.size, NULL FROM sources s
             WHERE NOT EXISTS (SELECT 1 FROM meeting_versions v WHERE v.source_sha256 = s.sha256)
             ORDER BY 2, 1",
        )?;
        let rows = stmt
            .query_map([], |row| {
                Ok(SourceInfo {
                    sha256: row.get(0)?,
                    name: row.get(1)?,
                    size: u64::try_from(row.get::<_, i64>(2)?).unwrap_or(0),
                    new: false,
                    meeting_id: row.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn change_seq(&self) -> Result<u64> {
        let seq: i64 = self.read().query_row(
            "SELECT value FROM meta WHERE key = 'change_seq'",
            [],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(seq).unwrap_or(0))
    }

    fn meetings_changed_since(&self, seq: u64) -> Result<Vec<String>> {
        let conn = self.read();
        let mut stmt =
            conn.prepare_cached("SELECT id FROM meetings WHERE changed_seq > ?1 ORDER BY id")?;
        let ids = stmt
            .query_map([i64::try_from(seq).unwrap_or(i64::MAX)], |row| row.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }
}

fn resolve_bodies(conn: &Connection, query: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT body FROM meetings")?;
    let bodies = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(match_bodies(bodies, query))
}

fn people(conn: &Connection, only: Option<&str>) -> Result<Vec<PersonSummary>> {
    let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
    {
        let mut stmt =
            conn.prepare_cached("SELECT alias, name FROM person_aliases ORDER BY name, alias")?;
        for row in stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })? {
            let (alias, name) = row?;
            aliases.entry(name).or_default().push(alias);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT p.name,
           (SELECT COUNT(DISTINCT mp.meeting_id) FROM meeting_people mp WHERE mp.name = p.name),
           (SELECT COUNT(*) FROM meeting_people mp WHERE mp.name = p.name AND mp.role = 'owner')
         FROM people p WHERE (?1 IS NULL OR p.name = ?1) ORDER BY p.name",
    )?;
    let rows = stmt
        .query_map([only], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, u32>(1)?,
                row.get::<_, u32>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        // People that a re-extraction no longer finds stay in the registry but are not listed.
        .filter(|(_, n_meetings, _)| *n_meetings > 0)
        .map(|(name, n_meetings, n_actions)| PersonSummary {
            aliases: aliases.remove(&name).unwrap_or_default(),
            name,
            n_meetings,
            n_actions,
        })
        .collect())
}

/// The addresses of a meeting's items in order (see [`model::item_keys`]).
fn item_keys(conn: &Connection, meeting_id: &str) -> Result<Vec<String>> {
    let numbers: Vec<String> = conn
        .prepare_cached("SELECT number FROM items WHERE meeting_id = ?1 ORDER BY position")?
        .query_map([meeting_id], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(model::keys_of_numbers(numbers.iter().map(String::as_str)))
}

fn actions(conn: &Connection, filter: &ActionFilter) -> Result<Vec<ActionRow>> {
    let mut sql = String::from(
        "SELECT a.meeting_id, a.item_position, a.position, a.text, a.due_text, a.due_from,
                a.due_by, a.recurring, a.forum, a.span_page, a.span_line, a.span_end_line,
                m.body, m.date, i.number, i.title, COALESCE(st.status, 'open')
         FROM actions a
         JOIN meetings m ON m.id = a.meeting_id
         JOIN items i ON i.meeting_id = a.meeting_id AND i.position = a.item_position
         LEFT JOIN action_status st
           ON st.action_id = a.meeting_id || '/' || a.item_position || '/' || a.position
         WHERE 1 = 1",
    );
    let mut args: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(owner) = &filter.owner {
        let names = resolve_names(conn, owner)?;
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM meeting_people mp WHERE mp.role = 'owner'
               AND mp.meeting_id = a.meeting_id AND mp.item_position = a.item_position
               AND mp.action_position = a.position AND mp.name IN ({}))",
            placeholders(args.len() + 1, names.len())
        ));
        args.extend(names.into_iter().map(|n| Box::new(n) as Box<dyn ToSql>));
    }
    if filter.open {
        sql.push_str(" AND COALESCE(st.status, 'open') = 'open'");
    }
    if let Some(before) = filter.due_before {
        args.push(Box::new(before.to_string()));
        sql.push_str(&format!(
            " AND a.due_by IS NOT NULL AND a.due_by < ?{}",
            args.len()
        ));
    }
    if let Some(meeting_id) = &filter.meeting_id {
        args.push(Box::new(meeting_id.clone()));
        sql.push_str(&format!(" AND a.meeting_id = ?{}", args.len()));
    }
    sql.push_str(
        " ORDER BY a.due_by IS NULL, a.due_by, m.date, a.meeting_id, a.item_position, a.position",
    );
    let mut stmt = conn.prepare(&sql)?;
    type Raw = (
        (String, u32, u32, String),
        (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ),
        (Option<String>, Option<u32>, Option<u32>, Option<u32>),
        (String, Option<String>, String, String, String),
    );
    let raws: Vec<Raw> = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), |row| {
            Ok((
                (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?),
                (row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?),
                (row.get(8)?, row.get(9)?, row.get(10)?, row.get(11)?),
                (
                    row.get(12)?,
                    row.get(13)?,
                    row.get(14)?,
                    row.get(15)?,
                    row.get(16)?,
                ),
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut owners_stmt = conn.prepare_cached(
        "SELECT name, as_written, span_page, span_line, span_end_line FROM meeting_people
         WHERE role = 'owner' AND meeting_id = ?1 AND item_position = ?2
           AND action_position = ?3 ORDER BY position",
    )?;
    let mut rows = Vec::with_capacity(raws.len());
    let mut keys: HashMap<String, Vec<String>> = HashMap::new();
    for raw in raws {
        let ((meeting_id, item_position, action_position, text), due, rest, meeting) = raw;
        let (due_text, due_from, due_by, recurring) = due;
        let (forum, page, line, end_line) = rest;
        let (body, meeting_date, item_number, item_title, status) = meeting;
        let owners = owners_stmt
            .query_map(params![meeting_id, item_position, action_position], |row| {
                Ok(Person {
                    name: row.get(0)?,
                    as_written: row.get(1)?,
                    span: span_from(row.get(2)?, row.get(3)?, row.get(4)?),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let due = match due_text {
            Some(text) => Some(Due {
                text,
                from: parse_date(due_from)?,
                by: parse_date(due_by)?,
                recurring: parse_recurrence(recurring),
            }),
            None => None,
        };
        if !keys.contains_key(&meeting_id) {
            keys.insert(meeting_id.clone(), item_keys(conn, &meeting_id)?);
        }
        let key = keys
            .get(&meeting_id)
            .and_then(|keys| keys.get(usize::try_from(item_position).ok()?.checked_sub(1)?))
            .cloned()
            .unwrap_or_else(|| item_position.to_string());
        rows.push(ActionRow {
            id: format!("{meeting_id}/{key}/{action_position}"),
            meeting_id,
            body,
            meeting_date: parse_date(meeting_date)?,
            item_number,
            item_title,
            action: Action {
                text,
                owners,
                due,
                forum,
                span: span_from(page, line, end_line),
            },
            status: if status == "done" {
                ActionStatus::Done
            } else {
                ActionStatus::Open
            },
            // FIXME(issue 13): read from the items row once the store keeps the mark.
            item_closed: false,
        });
    }
    Ok(rows)
}

/// The stored meetings with id `base` or `base-HHMM`, with their start times.
fn same_day(tx: &Connection, base: &str) -> Result<Vec<(String, Option<Time>)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, start_time FROM meetings WHERE id = ?1 OR id LIKE ?1 || '-____'",
    )?;
    let rows = stmt
        .query_map([base], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .filter(|(id, _)| sameday::is_sibling(base, id))
        .map(|(id, start)| (id, start.and_then(|raw| raw.parse().ok())))
        .collect())
}

/// Moves the stored meeting `from`, every version and its follow-up statuses, to id `to`.
fn rename(tx: &Transaction<'_>, from: &str, to: &str, seq: i64) -> Result<()> {
    let (version, source_sha256): (u32, String) = tx
        .prepare_cached("SELECT version, source_sha256 FROM meetings WHERE id = ?1")?
        .query_row([from], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let versions = tx
        .prepare_cached("SELECT version, json FROM meeting_versions WHERE meeting_id = ?1")?
        .query_map([from], |row| {
            Ok((row.get::<_, u32>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let (current, rewritten) = sameday::renamed_versions(from, to, version, versions)?;
    // The current-version rows are derived from the JSON: write them afresh under the new
    // id, then move the versions and drop the old row.
    for table in ["meeting_people", "actions", "decisions", "items", "slots"] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE meeting_id = ?1"))?
            .execute([from])?;
    }
    write_current(tx, &current, version, &source_sha256, seq)?;
    for (number, json) in rewritten {
        tx.prepare_cached(
            "UPDATE meeting_versions SET meeting_id = ?3, json = ?4
             WHERE meeting_id = ?1 AND version = ?2",
        )?
        .execute(params![from, number, to, json])?;
    }
    tx.prepare_cached("DELETE FROM meetings WHERE id = ?1")?
        .execute([from])?;
    tx.prepare_cached(
        "UPDATE action_status SET action_id = ?2 || substr(action_id, ?3)
         WHERE substr(action_id, 1, ?4) = ?1 || '/'",
    )?
    .execute(params![
        from,
        to,
        from.len() as i64 + 1,
        from.len() as i64 + 1
    ])?;
    Ok(())
}

/// Rewrites the `meetings` row and the current-version rows of `meeting`.
fn write_current(
    tx: &Transaction<'_>,
    meeting: &Meeting,
    version: u32,
    source_sha256: &str,
    seq: i64,
) -> Result<()> {
    let id = meeting.id.as_str();
    for table in ["meeting_people", "actions", "decisions", "items", "slots"] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE meeting_id = ?1"))?
            .execute([id])?;
    }
    tx.prepare_cached(
        "INSERT INTO meetings (id, version, source_sha256, body, date, start_time, end_time,
                               location, kind, format, n_items, changed_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version,
           source_sha256 = excluded.source_sha256, body = excluded.body, date = excluded.date,
           start_time = excluded.start_time, end_time = excluded.end_time,
           location = excluded.location, kind = excluded.kind, format = excluded.format,
           n_items = excluded.n_items, changed_seq = excluded.changed_seq",
    )?
    .execute(params![
        id,
        version,
        source_sha256,
        meeting.body,
        date_text(meeting.date),
        hhmm(meeting.start),
        hhmm(meeting.end),
        meeting.location,
        match meeting.kind {
            model::DocumentKind::Minutes => "minutes",
            model::DocumentKind::Agenda => "agenda",
        },
        meeting.source.format.as_str(),
        meeting.items.len() as i64,
        seq,
    ])?;

    let mut person_stmt =
        tx.prepare_cached("INSERT INTO people (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?;
    let mut alias_stmt = tx.prepare_cached(
        "INSERT INTO person_aliases (alias, name) VALUES (?1, ?2)
         ON CONFLICT (alias, name) DO NOTHING",
    )?;
    let mut role_stmt = tx.prepare_cached(
        "INSERT INTO meeting_people (meeting_id, role, position, name, as_written, item_position,
                                     action_position, span_page, span_line, span_end_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut add_person = |role: &str,
                          idx: usize,
                          person: &Person,
                          item_position: Option<u32>,
                          action_position: Option<u32>|
     -> Result<()> {
        let name = person.name.trim();
        if name.is_empty() {
            return Ok(());
        }
        person_stmt.execute([name])?;
        let written = person.as_written.trim();
        if !written.is_empty() && written != name {
            alias_stmt.execute([written, name])?;
        }
        let (page, line, end_line) = span_parts(person.span);
        role_stmt.execute(params![
            id,
            role,
            position(idx),
            name,
            written,
            item_position,
            action_position,
            page,
            line,
            end_line
        ])?;
        Ok(())
    };
    for (idx, person) in meeting.participants.iter().enumerate() {
        add_person("participant", idx, person, None, None)?;
    }
    for (idx, person) in meeting.absent.iter().enumerate() {
        add_person("absent", idx, person, None, None)?;
    }
    let mut slot_stmt = tx.prepare_cached(
        "INSERT INTO slots (meeting_id, position, item, start_time, end_time, note,
                            span_page, span_line, span_end_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (slot_idx, slot) in meeting.schedule.iter().enumerate() {
        let (page, line, end_line) = span_parts(slot.span);
        slot_stmt.execute(params![
            id,
            position(slot_idx),
            slot.item,
            hhmm(slot.start),
            hhmm(slot.end),
            slot.note,
            page,
            line,
            end_line
        ])?;
        let item_position = meeting
            .items
            .iter()
            .position(|item| item.number == slot.item)
            .map(position);
        for (idx, person) in slot.presenters.iter().enumerate() {
            add_person("presenter", idx, person, item_position, None)?;
        }
    }
    let mut item_stmt = tx.prepare_cached(
        "INSERT INTO items (meeting_id, position, number, title, text, case_number,
                            span_page, span_line, span_end_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut decision_stmt = tx.prepare_cached(
        "INSERT INTO decisions (meeting_id, item_position, position, actor, kind, text,
                                span_page, span_line, span_end_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut action_stmt = tx.prepare_cached(
        "INSERT INTO actions (meeting_id, item_position, position, text, due_text, due_from,
                              due_by, recurring, forum, span_page, span_line, span_end_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (item_idx, item) in meeting.items.iter().enumerate() {
        let item_position = position(item_idx);
        let (page, line, end_line) = span_parts(item.span);
        item_stmt.execute(params![
            id,
            item_position,
            item.number,
            item.title,
            item.text,
            item.case_number,
            page,
            line,
            end_line
        ])?;
        for (idx, decision) in item.decisions.iter().enumerate() {
            let (page, line, end_line) = span_parts(decision.span);
            decision_stmt.execute(params![
                id,
                item_position,
                position(idx),
                decision.actor,
                decision.kind.as_str(),
                decision.text,
                page,
                line,
                end_line
            ])?;
        }
        for (action_idx, action) in item.actions.iter().enumerate() {
            let action_position = position(action_idx);
            let (page, line, end_line) = span_parts(action.span);
            let due = action.due.as_ref();
            action_stmt.execute(params![
                id,
                item_position,
                action_position,
                action.text,
                due.map(|d| d.text.as_str()),
                date_text(due.and_then(|d| d.from)),
                date_text(due.and_then(|d| d.by)),
                recurrence_text(due.and_then(|d| d.recurring)),
                action.forum,
                page,
                line,
                end_line
            ])?;
            for (idx, owner) in action.owners.iter().enumerate() {
                add_person(
                    "owner",
                    idx,
                    owner,
                    Some(item_position),
                    Some(action_position),
                )?;
            }
        }
    }
    Ok(())
}
