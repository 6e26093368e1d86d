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

use model::Meeting;
use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params};

use crate::columns::{match_bodies, parse_date, sha256_hex};
use crate::engine;
use crate::releases;
use crate::rows::Value;
use crate::{
    ActionFilter, ActionId, ActionRef, ActionRow, ActionStatus, Actor, Error, ItemId, ItemView,
    MeetingFilter, MeetingSummary, Page, PersonDetail, PersonMeeting, PersonSummary, PutOutcome,
    Result, SourceInfo, Store, VersionInfo,
};

/// The migrations, in order. Never edit a released file: add the next number.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../migrations/sqlite/0002_accounts.sql")),
    (
        3,
        include_str!("../migrations/sqlite/0003_closed_items.sql"),
    ),
    (
        4,
        include_str!("../migrations/sqlite/0004_action_edits.sql"),
    ),
    (5, include_str!("../migrations/sqlite/0005_totp.sql")),
    (6, include_str!("../migrations/sqlite/0006_alerts.sql")),
    (7, include_str!("../migrations/sqlite/0007_authoring.sql")),
    (
        8,
        include_str!("../migrations/sqlite/0008_organisations.sql"),
    ),
];

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
        // The shared write path runs a dozen statements per meeting through the cache.
        conn.set_prepared_statement_cache_capacity(64);
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

    /// Copies the database, as it is at one moment, to a new file at `dest` with SQLite's
    /// online backup API, while other connections and processes (`referat serve`, an
    /// import) go on reading and writing.
    ///
    /// The copy is made in one step, from a read transaction of its own connection: in WAL
    /// mode that blocks no writer, and a write during the copy cannot restart it (a backup
    /// in small steps starts over after every write by another process, so under steady
    /// imports it might never finish).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let source = open_reader(&self.path)?;
        let mut target = Connection::open(dest)?;
        let backup = rusqlite::backup::Backup::new(&source, &mut target)?;
        loop {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                // Another connection holds a lock the copy needs; it is released soon.
                rusqlite::backup::StepResult::Busy | rusqlite::backup::StepResult::Locked => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                // More (`step(-1)` copies every page) or a variant added later: go on.
                _ => {}
            }
        }
        drop(backup);
        // The copy is a plain database file: no WAL beside it to be lost in transit.
        target.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
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

    /// Runs `call` on the shared code in one immediate transaction, committed when it
    /// succeeds.
    fn write<T>(&self, call: impl FnOnce(&mut dyn engine::Exec) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = call(&mut Exec(&tx))?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `call` on the shared code on a read connection.
    fn reading<T>(&self, call: impl FnOnce(&mut dyn engine::Exec) -> Result<T>) -> Result<T> {
        call(&mut Exec(&self.read()))
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

/// The meetings changed after a sequence number, and the ids meetings moved away from then
/// (a search index drops what it kept under them).
const MEETINGS_CHANGED_SINCE: &str = "SELECT id FROM meetings WHERE changed_seq > ?1
     UNION SELECT old_id FROM meeting_moves WHERE seq > ?1 ORDER BY 1";

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

    fn put_meeting_for(
        &self,
        meeting: &Meeting,
        source_sha256: &str,
        organisation: Option<&str>,
    ) -> Result<PutOutcome> {
        engine::check_meeting_id(meeting)?;
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let outcome = engine::put_meeting(&mut Exec(&tx), meeting, source_sha256, organisation)?;
        if outcome != PutOutcome::Unchanged {
            tx.commit()?;
        }
        Ok(outcome)
    }

    fn moved_meeting(&self, old: &str) -> Result<Vec<String>> {
        self.reading(|db| engine::moved_meeting(db, old))
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
        let mut meeting: Meeting = serde_json::from_str(&json)
            .map_err(|err| Error::Corrupt(format!("meeting {id}: {err}")))?;
        self.reading(|db| releases::apply(db, &mut meeting))?;
        Ok(meeting)
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
            let names = engine::resolve_names(&mut Exec(&conn), person)?;
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
        engine::actions(&mut Exec(&self.read()), filter)
    }

    fn action_refs(&self, filter: &ActionFilter) -> Result<Vec<ActionRef>> {
        engine::action_refs(&mut Exec(&self.read()), filter)
    }

    fn actions_of(&self, refs: &[ActionRef]) -> Result<Vec<ActionRow>> {
        engine::actions_of(&mut Exec(&self.read()), refs)
    }

    fn set_decision_public(&self, id: &ItemId, public: bool, actor: &Actor) -> Result<()> {
        self.write(|db| releases::set_decision_public(db, id, public, actor))
    }

    fn set_action_status(&self, id: &ActionId, status: ActionStatus) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        engine::set_action_status(&mut Exec(&tx), id, status)?;
        tx.commit()?;
        Ok(())
    }

    fn people(&self) -> Result<Vec<PersonSummary>> {
        let conn = self.read();
        people(&conn, None)
    }

    fn person(&self, name: &str) -> Result<PersonDetail> {
        let conn = self.read();
        let names = engine::resolve_names(&mut Exec(&conn), name)?;
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
        let actions = engine::actions(
            &mut Exec(&conn),
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
             WHERE NOT EXISTS (SELECT 1 FROM authored_meetings a WHERE a.published_id = m.id)
             UNION ALL
             SELECT s.sha256, s.name, s.size, NULL FROM sources s
             WHERE NOT EXISTS (SELECT 1 FROM meeting_versions v WHERE v.source_sha256 = s.sha256)
             AND NOT EXISTS (SELECT 1 FROM authored_attachments t WHERE t.sha256 = s.sha256)
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
        let mut stmt = conn.prepare_cached(MEETINGS_CHANGED_SINCE)?;
        let ids = stmt
            .query_map([i64::try_from(seq).unwrap_or(i64::MAX)], |row| row.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }

    fn source_hashes(&self) -> Result<Vec<String>> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached("SELECT sha256 FROM sources ORDER BY sha256")?;
        let hashes = stmt
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(hashes)
    }

    crate::accounts::account_methods!();
    crate::alerts::alert_methods!();
    crate::authoring::authoring_methods!();
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

/// The executor of the shared code ([`engine`]) on a connection, or a transaction through
/// its `Deref`.
struct Exec<'a>(&'a Connection);

impl engine::Exec for Exec<'_> {
    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64> {
        let changed = self
            .0
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(args.iter()))?;
        Ok(u64::try_from(changed).unwrap_or(u64::MAX))
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Vec<Value>>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let width = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let values = (0..width)
                .map(|idx| from_sql(row.get_ref(idx)?))
                .collect::<Result<Vec<_>>>()?;
            out.push(values);
        }
        Ok(out)
    }

    fn query_each(
        &mut self,
        sql: &str,
        args: &[Value],
        each: &mut dyn FnMut(Vec<Value>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let width = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(row) = rows.next()? {
            each(
                (0..width)
                    .map(|idx| from_sql(row.get_ref(idx)?))
                    .collect::<Result<Vec<_>>>()?,
            )?;
        }
        Ok(())
    }
}

fn from_sql(value: ValueRef<'_>) -> Result<Value> {
    match value {
        ValueRef::Null => Ok(Value::Null),
        ValueRef::Integer(value) => Ok(Value::Big(Some(value))),
        ValueRef::Text(bytes) => String::from_utf8(bytes.to_vec())
            .map(|text| Value::Text(Some(text)))
            .map_err(|err| Error::Corrupt(format!("text that is not UTF-8: {err}"))),
        ValueRef::Real(value) => Err(Error::Corrupt(format!("unexpected number {value}"))),
        ValueRef::Blob(_) => Err(Error::Corrupt("unexpected bytes".to_owned())),
    }
}

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        use rusqlite::types::Value as Sql;
        Ok(match self {
            Value::Text(Some(text)) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Value::Int(Some(value)) => ToSqlOutput::Owned(Sql::Integer(i64::from(*value))),
            Value::Big(Some(value)) => ToSqlOutput::Owned(Sql::Integer(*value)),
            Value::Text(None) | Value::Int(None) | Value::Big(None) | Value::Null => {
                ToSqlOutput::Owned(Sql::Null)
            }
        })
    }
}
