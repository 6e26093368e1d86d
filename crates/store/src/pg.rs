//! [`PgStore`]: the PostgreSQL backend, for deployments where several `referat serve`
//! processes share one database. Same tables as SQLite (`migrations/postgres/`), same
//! behaviour, the same trait; the blocking `postgres` client (rust-postgres) behind an
//! `r2d2` pool with a fixed maximum of connections.
//!
//! Writers take turns: [`Store::put_meeting`] first locks the `change_seq` row, so two
//! nodes importing the same file at once store it once (the second sees the first's
//! meeting and answers [`PutOutcome::Unchanged`]), and changes commit in the order of their
//! sequence numbers, which is what lets a node's search index follow the database through
//! [`Store::meetings_changed_since`]. Readers never wait for writers.
//!
//! A database that cannot be reached (refused, restarted, pool exhausted for longer than
//! [`PgOptions::connect_timeout`]) is [`Error::Unavailable`]; the pool drops broken
//! connections and opens new ones, so the store recovers by itself when the database is
//! back.
//!
//! The client runs its own small runtime for each call: call the store from a thread that
//! is not driving async tasks (in `web`, from `spawn_blocking`), as for every blocking
//! library.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use model::{Action, Due, Meeting, Person, Time};
use postgres::types::ToSql;
use postgres::{GenericClient, NoTls, Row, Transaction};
use r2d2::{Pool, PooledConnection};
use r2d2_postgres::PostgresConnectionManager;

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

/// The migrations, in order. Never edit a released file: add the next number, and keep the
/// numbers in step with the SQLite ones.
const MIGRATIONS: &[(u32, &str)] = &[(1, include_str!("../migrations/postgres/0001_init.sql"))];

/// Key of the advisory lock that makes nodes starting at once migrate one after the other.
const MIGRATION_LOCK: i64 = 0x7265_6665_7261_7401;

type Manager = PostgresConnectionManager<NoTls>;

/// How to connect.
#[derive(Debug, Clone)]
pub struct PgOptions {
    /// Most connections this process opens.
    pub max_connections: u32,
    /// How long a call waits for a connection before the database counts as unavailable.
    pub connect_timeout: Duration,
    /// A schema to keep the tables in (created when missing) instead of the URL's default
    /// search path: one database can then hold several registers, or several tests.
    pub schema: Option<String>,
}

impl Default for PgOptions {
    fn default() -> PgOptions {
        PgOptions {
            max_connections: 8,
            connect_timeout: Duration::from_secs(5),
            schema: None,
        }
    }
}

/// The PostgreSQL backend.
pub struct PgStore {
    /// Always `Some` until dropped (see the `Drop` impl).
    pool: Option<Pool<Manager>>,
    schema: Option<String>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("schema", &self.schema)
            .field("max_connections", &self.pool.as_ref().map(Pool::max_size))
            .finish_non_exhaustive()
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        // Closing a connection runs the client's own runtime, which panics on a thread that
        // drives async tasks (a web server dropping its state at shutdown, an async test):
        // close them on a thread of their own.
        if let Some(pool) = self.pool.take() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

impl From<postgres::Error> for Error {
    fn from(err: postgres::Error) -> Error {
        if is_connection_error(&err) {
            Error::Unavailable(danish_connection_error(&err))
        } else {
            Error::Backend(Box::new(err))
        }
    }
}

impl From<r2d2::Error> for Error {
    fn from(_: r2d2::Error) -> Error {
        // The pool's only error: no connection within the timeout (the last connection
        // error is in its message, in English; [`PgStore::connect`] has said it in Danish
        // when the database could not be reached at the start).
        Error::Unavailable("fik ingen forbindelse til databasen inden for tidsgrænsen".to_owned())
    }
}

/// Why a connection failed or broke, in Danish (the driver's messages are English).
fn danish_connection_error(err: &postgres::Error) -> String {
    use std::io::ErrorKind;
    if let Some(db) = err.as_db_error() {
        let reason = match db.code().code() {
            "28P01" | "28000" => "forkert brugernavn eller adgangskode, eller ingen adgang",
            "3D000" => "databasen findes ikke på serveren (opret den med createdb)",
            "53300" => "serveren har ikke flere ledige forbindelser",
            "57P01" | "57P02" => "serveren lukker ned",
            "57P03" => "serveren er ved at starte",
            _ => return format!("serveren afviste forbindelsen ({})", db.code().code()),
        };
        return reason.to_owned();
    }
    if err.is_closed() {
        return "forbindelsen til databasen blev afbrudt".to_owned();
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                ErrorKind::ConnectionRefused => {
                    "serveren afviste forbindelsen (kører PostgreSQL, og er vært og port rigtige?)"
                        .to_owned()
                }
                ErrorKind::TimedOut => "serveren svarede ikke i tide".to_owned(),
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe
                | ErrorKind::UnexpectedEof => "forbindelsen til databasen blev afbrudt".to_owned(),
                _ if io.to_string().contains("lookup") => {
                    "værtsnavnet kan ikke slås op (er det stavet rigtigt?)".to_owned()
                }
                _ => "forbindelsen til databasen kan ikke oprettes".to_owned(),
            };
        }
        source = cause.source();
    }
    if err.to_string().contains("timeout") || err.to_string().contains("timed out") {
        return "serveren svarede ikke i tide".to_owned();
    }
    "forbindelsen til databasen kan ikke oprettes".to_owned()
}

/// Whether `err` says the connection is gone or the server cannot take queries now, rather
/// than that a statement failed.
fn is_connection_error(err: &postgres::Error) -> bool {
    if err.is_closed() {
        return true;
    }
    if let Some(code) = err.code() {
        let code = code.code();
        // Class 08: connection exception; 57P01-57P03: the server is shutting down, crashed
        // or starting up.
        return code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03");
    }
    std::error::Error::source(err).is_some_and(|source| source.is::<std::io::Error>())
}

/// Whether `name` can be a schema name without quoting trouble.
fn valid_schema(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/database`),
    /// migrating it to the newest schema.
    pub fn connect(url: &str, options: &PgOptions) -> Result<PgStore> {
        let mut config: postgres::Config = url
            .parse()
            .map_err(|err| Error::Invalid(format!("databasens URL: {err}")))?;
        if let Some(schema) = &options.schema {
            if !valid_schema(schema) {
                return Err(Error::Invalid(format!(
                    "skemaet {schema:?}: brug små bogstaver, cifre og '_'"
                )));
            }
            config.options(&format!("-c search_path={schema}"));
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(options.connect_timeout);
        }
        config.application_name("referat");
        // One connection first, outside the pool: the pool tries again and again until its
        // timeout, but a refused connection, a wrong password or a missing database will
        // not mend in seconds, and the user should hear why at once.
        drop(config.connect(NoTls).map_err(|err| {
            if is_connection_error(&err) || err.as_db_error().is_some() {
                Error::Unavailable(danish_connection_error(&err))
            } else {
                Error::Backend(Box::new(err))
            }
        })?);
        let pool = Pool::builder()
            .max_size(options.max_connections.max(1))
            // No idle connections kept open by force: a background thread would keep trying
            // to reopen them while the database is away.
            .min_idle(Some(0))
            .connection_timeout(options.connect_timeout)
            // Ask the connection whether it still works before each use: after a restart of
            // the database every pooled connection is dead, and this finds out in one round
            // trip instead of failing the caller's query.
            .test_on_check_out(true)
            .build_unchecked(PostgresConnectionManager::new(config, NoTls));
        let store = PgStore {
            pool: Some(pool),
            schema: options.schema.clone(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<u32> {
        current_version(&mut *self.conn()?)
    }

    /// Removes the schema given in [`PgOptions::schema`] with everything in it (tests clean
    /// up with this). Does nothing without a schema.
    pub fn drop_schema(&self) -> Result<()> {
        if let Some(schema) = &self.schema {
            self.conn()?
                .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))?;
        }
        Ok(())
    }

    fn conn(&self) -> Result<PooledConnection<Manager>> {
        let pool = self
            .pool
            .as_ref()
            .ok_or_else(|| Error::Unavailable("the store is closing".to_owned()))?;
        Ok(pool.get()?)
    }

    fn migrate(&self) -> Result<()> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        if let Some(schema) = &self.schema {
            tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))?;
        }
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)",
        )?;
        let found = current_version(&mut tx)?;
        let known = MIGRATIONS.last().map_or(0, |(version, _)| *version);
        if found > known {
            return Err(Error::SchemaTooNew { found, known });
        }
        for (version, sql) in MIGRATIONS {
            if *version <= found {
                continue;
            }
            tx.batch_execute(sql)?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES ($1)",
                &[&int(*version)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

fn int(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

fn uint(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

fn opt_uint(value: Option<i32>) -> Option<u32> {
    value.map(uint)
}

fn opt_int(value: Option<u32>) -> Option<i32> {
    value.map(int)
}

fn current_version(client: &mut impl GenericClient) -> Result<u32> {
    let row = client.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])?;
    Ok(uint(row.try_get(0)?))
}

fn source_info(
    client: &mut impl GenericClient,
    sha256: &str,
    new: bool,
) -> Result<Option<SourceInfo>> {
    let Some(row) = client.query_opt(
        "SELECT name, size FROM sources WHERE sha256 = $1",
        &[&sha256],
    )?
    else {
        return Ok(None);
    };
    let meeting_id = client
        .query_opt(
            "SELECT meeting_id FROM meeting_versions WHERE source_sha256 = $1
             ORDER BY version DESC LIMIT 1",
            &[&sha256],
        )?
        .map(|row| row.try_get::<_, String>(0))
        .transpose()?;
    Ok(Some(SourceInfo {
        sha256: sha256.to_owned(),
        name: row.try_get(0)?,
        size: u64::try_from(row.try_get::<_, i64>(1)?).unwrap_or(0),
        new,
        meeting_id,
    }))
}

const SUMMARY_COLUMNS: &str = "m.id, m.body, m.date, m.version, m.n_items, s.name";
const SUMMARY_FROM: &str = "meetings m JOIN sources s ON s.sha256 = m.source_sha256";

fn summary(row: &Row) -> Result<MeetingSummary> {
    Ok(MeetingSummary {
        id: row.try_get(0)?,
        body: row.try_get(1)?,
        date: parse_date(row.try_get(2)?)?,
        version: uint(row.try_get(3)?),
        n_items: uint(row.try_get(4)?),
        source_name: row.try_get(5)?,
    })
}

fn resolve_names(client: &mut impl GenericClient, query: &str) -> Result<Vec<String>> {
    let forms = client
        .query(
            "SELECT name, name FROM people UNION SELECT alias, name FROM person_aliases",
            &[],
        )?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect::<Result<Vec<(String, String)>>>()?;
    Ok(match_names(&forms, query))
}

fn resolve_bodies(client: &mut impl GenericClient, query: &str) -> Result<Vec<String>> {
    let bodies = client
        .query("SELECT DISTINCT body FROM meetings", &[])?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<Vec<String>, _>>()?;
    Ok(match_bodies(bodies, query))
}

/// SQL arguments built up with the statement.
#[derive(Default)]
struct Args {
    values: Vec<Box<dyn ToSql + Sync>>,
}

impl Args {
    /// Adds `value` and returns its placeholder (`$n`).
    fn push(&mut self, value: impl ToSql + Sync + 'static) -> String {
        self.values.push(Box::new(value));
        format!("${}", self.values.len())
    }

    /// Adds every value and returns their placeholders joined by commas.
    fn push_all(&mut self, values: Vec<String>) -> String {
        values
            .into_iter()
            .map(|value| self.push(value))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.values.iter().map(|value| value.as_ref()).collect()
    }
}

/// `x IN (...)` that is false for an empty list (PostgreSQL has no empty `IN ()`).
fn is_in(column: &str, placeholders: &str) -> String {
    if placeholders.is_empty() {
        "FALSE".to_owned()
    } else {
        format!("{column} IN ({placeholders})")
    }
}

impl Store for PgStore {
    fn put_source(&self, bytes: &[u8], name: &str) -> Result<SourceInfo> {
        let sha256 = sha256_hex(bytes);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        let inserted = tx.execute(
            "INSERT INTO sources (sha256, name, size, bytes) VALUES ($1, $2, $3, $4)
             ON CONFLICT (sha256) DO NOTHING",
            &[&sha256, &name, &size, &bytes],
        )?;
        let info = source_info(&mut tx, &sha256, inserted == 1)?
            .ok_or_else(|| Error::Corrupt(format!("source {sha256} vanished")))?;
        tx.commit()?;
        Ok(info)
    }

    fn source(&self, sha256: &str) -> Result<Option<SourceInfo>> {
        source_info(&mut *self.conn()?, sha256, false)
    }

    fn source_bytes(&self, sha256: &str) -> Result<Vec<u8>> {
        let row = self
            .conn()?
            .query_opt("SELECT bytes FROM sources WHERE sha256 = $1", &[&sha256])?
            .ok_or_else(|| Error::NotFound {
                what: "source",
                id: sha256.to_owned(),
            })?;
        Ok(row.try_get(0)?)
    }

    fn put_meeting(&self, meeting: &Meeting, source_sha256: &str) -> Result<PutOutcome> {
        if meeting.id.is_empty() || meeting.id.contains('/') {
            return Err(Error::Invalid(format!(
                "meeting id {:?} must be a non-empty slug without '/'",
                meeting.id
            )));
        }
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        // The writers' turn: every statement after this one sees what the writers before
        // committed (READ COMMITTED takes a new snapshot per statement).
        let seq: i64 = tx
            .query_one(
                "SELECT value FROM meta WHERE key = 'change_seq' FOR UPDATE",
                &[],
            )?
            .try_get(0)?;
        let source_known: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM sources WHERE sha256 = $1)",
                &[&source_sha256],
            )?
            .try_get(0)?;
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
            let siblings = same_day(&mut tx, &meeting.id)?;
            let placement = sameday::place(&meeting.id, meeting.start, &siblings);
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
        let current = match renamed {
            Some(_) => None,
            None => tx.query_opt(
                "SELECT version, source_sha256 FROM meetings WHERE id = $1",
                &[&meeting.id],
            )?,
        };
        let current = match current {
            Some(row) => Some((row.try_get::<_, i32>(0)?, row.try_get::<_, String>(1)?)),
            None => None,
        };
        let (outcome, version) = match current {
            None => (PutOutcome::Inserted, 1),
            Some((version, sha)) if sha == source_sha256 => {
                let stored: String = tx
                    .query_one(
                        "SELECT json FROM meeting_versions WHERE meeting_id = $1 AND version = $2",
                        &[&meeting.id, &version],
                    )?
                    .try_get(0)?;
                if stored == json {
                    // Dropping the transaction rolls it back and gives up the turn.
                    return Ok(PutOutcome::Unchanged);
                }
                (PutOutcome::Reextracted, version)
            }
            Some((version, _)) => (PutOutcome::NewVersion, version + 1),
        };
        let seq = seq + 1;
        tx.execute(
            "UPDATE meta SET value = $1 WHERE key = 'change_seq'",
            &[&seq],
        )?;
        if let Some((from, to)) = renamed {
            rename(&mut tx, &from, &to, seq)?;
        }
        write_current(&mut tx, meeting, version, source_sha256, seq)?;
        if outcome == PutOutcome::Reextracted {
            tx.execute(
                "UPDATE meeting_versions SET json = $3 WHERE meeting_id = $1 AND version = $2",
                &[&meeting.id, &version, &json],
            )?;
        } else {
            tx.execute(
                "INSERT INTO meeting_versions (meeting_id, version, source_sha256, json)
                 VALUES ($1, $2, $3, $4)",
                &[&meeting.id, &version, &source_sha256, &json],
            )?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    fn meeting(&self, id: &str) -> Result<Meeting> {
        let row = self
            .conn()?
            .query_opt(
                "SELECT v.json FROM meetings m JOIN meeting_versions v
                 ON v.meeting_id = m.id AND v.version = m.version WHERE m.id = $1",
                &[&id],
            )?
            .ok_or_else(|| Error::NotFound {
                what: "meeting",
                id: id.to_owned(),
            })?;
        let json: String = row.try_get(0)?;
        serde_json::from_str(&json).map_err(|err| Error::Corrupt(format!("meeting {id}: {err}")))
    }

    fn meeting_versions(&self, id: &str) -> Result<Vec<VersionInfo>> {
        let rows = self.conn()?.query(
            "SELECT v.version, v.source_sha256, s.name, v.version = m.version
             FROM meeting_versions v JOIN meetings m ON m.id = v.meeting_id
             JOIN sources s ON s.sha256 = v.source_sha256
             WHERE v.meeting_id = $1 ORDER BY v.version",
            &[&id],
        )?;
        if rows.is_empty() {
            return Err(Error::NotFound {
                what: "meeting",
                id: id.to_owned(),
            });
        }
        rows.iter()
            .map(|row| {
                Ok(VersionInfo {
                    version: uint(row.try_get(0)?),
                    source_sha256: row.try_get(1)?,
                    source_name: row.try_get(2)?,
                    current: row.try_get(3)?,
                })
            })
            .collect()
    }

    fn meetings(&self, filter: &MeetingFilter, page: Page) -> Result<Vec<MeetingSummary>> {
        let mut conn = self.conn()?;
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE TRUE");
        let mut args = Args::default();
        if let Some(body) = &filter.body {
            let bodies = resolve_bodies(&mut *conn, body)?;
            let placeholders = args.push_all(bodies);
            sql.push_str(&format!(" AND {}", is_in("m.body", &placeholders)));
        }
        if let Some(from) = filter.from {
            let arg = args.push(from.to_string());
            sql.push_str(&format!(" AND m.date >= {arg}"));
        }
        if let Some(to) = filter.to {
            let arg = args.push(to.to_string());
            sql.push_str(&format!(" AND m.date <= {arg}"));
        }
        if let Some(person) = &filter.person {
            let names = resolve_names(&mut *conn, person)?;
            let placeholders = args.push_all(names);
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM meeting_people mp WHERE mp.meeting_id = m.id
                   AND {})",
                is_in("mp.name", &placeholders)
            ));
        }
        let limit = args.push(i64::from(page.limit));
        let offset = args.push(i64::from(page.offset));
        // NULLS LAST: SQLite sorts missing dates last when descending, and so do we.
        sql.push_str(&format!(
            " ORDER BY m.date DESC NULLS LAST, m.id LIMIT {limit} OFFSET {offset}"
        ));
        conn.query(&sql, &args.refs())?
            .iter()
            .map(summary)
            .collect()
    }

    fn item(&self, id: &ItemId) -> Result<ItemView> {
        let not_found = || Error::NotFound {
            what: "item",
            id: id.to_string(),
        };
        let meeting = self
            .meeting(&id.meeting_id)
            .map_err(|err| if err.is_not_found() { not_found() } else { err })?;
        let row = self
            .conn()?
            .query_opt(
                &format!("SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE m.id = $1"),
                &[&id.meeting_id],
            )?
            .ok_or_else(not_found)?;
        crate::types::locate(meeting, summary(&row)?, id)
    }

    fn actions(&self, filter: &ActionFilter) -> Result<Vec<ActionRow>> {
        actions(&mut *self.conn()?, filter)
    }

    fn set_action_status(&self, id: &ActionId, status: ActionStatus) -> Result<()> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let not_found = || Error::NotFound {
            what: "action",
            id: id.to_string(),
        };
        let numbers: Vec<String> = tx
            .query(
                "SELECT number FROM items WHERE meeting_id = $1 ORDER BY position",
                &[&id.item.meeting_id],
            )?
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()?;
        let keys = model::keys_of_numbers(numbers.iter().map(String::as_str));
        let item_position = model::find_item(&keys, &id.item.key).ok_or_else(not_found)? + 1;
        let item_position = u32::try_from(item_position).map_err(|_| not_found())?;
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM actions
                 WHERE meeting_id = $1 AND item_position = $2 AND position = $3)",
                &[&id.item.meeting_id, &int(item_position), &int(id.position)],
            )?
            .try_get(0)?;
        if !exists {
            return Err(not_found());
        }
        // Statuses are kept under the item's position, which the meeting's rows carry.
        let kept = format!("{}/{item_position}/{}", id.item.meeting_id, id.position);
        tx.execute(
            "INSERT INTO action_status (action_id, status) VALUES ($1, $2)
             ON CONFLICT (action_id) DO UPDATE SET status = excluded.status",
            &[&kept, &status.as_str()],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn people(&self) -> Result<Vec<PersonSummary>> {
        people(&mut *self.conn()?, None)
    }

    fn person(&self, name: &str) -> Result<PersonDetail> {
        let mut conn = self.conn()?;
        // One snapshot for the whole answer.
        let mut tx = conn
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let names = resolve_names(&mut tx, name)?;
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
        let person = people(&mut tx, Some(&canonical))?
            .into_iter()
            .next()
            .ok_or_else(not_found)?;
        let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in tx.query(
            "SELECT DISTINCT meeting_id, role FROM meeting_people WHERE name = $1",
            &[&canonical],
        )? {
            roles
                .entry(row.try_get(0)?)
                .or_default()
                .push(row.try_get(1)?);
        }
        let summary_sql = format!("SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE m.id = $1");
        let mut meetings = Vec::new();
        for (meeting_id, mut meeting_roles) in roles {
            let summary = summary(&tx.query_one(&summary_sql, &[&meeting_id])?)?;
            meeting_roles.sort();
            meetings.push(PersonMeeting {
                meeting: summary,
                roles: meeting_roles,
            });
        }
        meetings.sort_by(|a, b| {
            b.meeting
                .date
                .cmp(&a.meeting.date)
                .then_with(|| a.meeting.id.cmp(&b.meeting.id))
        });
        let actions = actions(
            &mut tx,
            &ActionFilter {
                owner: Some(canonical),
                ..ActionFilter::default()
            },
        )?;
        tx.commit()?;
        Ok(PersonDetail {
            person,
            meetings,
            actions,
        })
    }

    fn sources_for_reextract(&self) -> Result<Vec<SourceInfo>> {
        self.conn()?
            .query(
                "SELECT s.sha256, s.name, s.size, m.id FROM sources s
                 JOIN meetings m ON m.source_sha256 = s.sha256
                 UNION ALL
                 SELECT s.sha256, s.name, s.size, NULL FROM sources s
                 WHERE NOT EXISTS (SELECT 1 FROM meeting_versions v
                                   WHERE v.source_sha256 = s.sha256)
                 ORDER BY 2, 1",
                &[],
            )?
            .iter()
            .map(|row| {
                Ok(SourceInfo {
                    sha256: row.try_get(0)?,
                    name: row.try_get(1)?,
                    size: u64::try_from(row.try_get::<_, i64>(2)?).unwrap_or(0),
                    new: false,
                    meeting_id: row.try_get(3)?,
                })
            })
            .collect()
    }

    fn change_seq(&self) -> Result<u64> {
        let seq: i64 = self
            .conn()?
            .query_one("SELECT value FROM meta WHERE key = 'change_seq'", &[])?
            .try_get(0)?;
        Ok(u64::try_from(seq).unwrap_or(0))
    }

    fn meetings_changed_since(&self, seq: u64) -> Result<Vec<String>> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        self.conn()?
            .query(
                "SELECT id FROM meetings WHERE changed_seq > $1 ORDER BY id",
                &[&seq],
            )?
            .iter()
            .map(|row| Ok(row.try_get(0)?))
            .collect()
    }
}

fn people(client: &mut impl GenericClient, only: Option<&str>) -> Result<Vec<PersonSummary>> {
    let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
    for row in client.query(
        "SELECT alias, name FROM person_aliases ORDER BY name, alias",
        &[],
    )? {
        aliases
            .entry(row.try_get(1)?)
            .or_default()
            .push(row.try_get(0)?);
    }
    let rows = client.query(
        "SELECT p.name,
           (SELECT COUNT(DISTINCT mp.meeting_id) FROM meeting_people mp WHERE mp.name = p.name),
           (SELECT COUNT(*) FROM meeting_people mp WHERE mp.name = p.name AND mp.role = 'owner')
         FROM people p WHERE ($1::TEXT IS NULL OR p.name = $1) ORDER BY p.name",
        &[&only],
    )?;
    let mut out = Vec::new();
    for row in rows {
        let name: String = row.try_get(0)?;
        let n_meetings = u32::try_from(row.try_get::<_, i64>(1)?).unwrap_or(u32::MAX);
        let n_actions = u32::try_from(row.try_get::<_, i64>(2)?).unwrap_or(u32::MAX);
        // People that a re-extraction no longer finds stay in the registry but are not listed.
        if n_meetings == 0 {
            continue;
        }
        out.push(PersonSummary {
            aliases: aliases.remove(&name).unwrap_or_default(),
            name,
            n_meetings,
            n_actions,
        });
    }
    Ok(out)
}

fn actions(client: &mut impl GenericClient, filter: &ActionFilter) -> Result<Vec<ActionRow>> {
    let mut sql = String::from(
        "SELECT a.meeting_id, a.item_position, a.position, a.text, a.due_text, a.due_from,
                a.due_by, a.recurring, a.forum, a.span_page, a.span_line, a.span_end_line,
                m.body, m.date, i.number, i.title, COALESCE(st.status, 'open')
         FROM actions a
         JOIN meetings m ON m.id = a.meeting_id
         JOIN items i ON i.meeting_id = a.meeting_id AND i.position = a.item_position
         LEFT JOIN action_status st
           ON st.action_id = a.meeting_id || '/' || a.item_position || '/' || a.position
         WHERE TRUE",
    );
    let mut args = Args::default();
    if let Some(owner) = &filter.owner {
        let names = resolve_names(client, owner)?;
        let placeholders = args.push_all(names);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM meeting_people mp WHERE mp.role = 'owner'
               AND mp.meeting_id = a.meeting_id AND mp.item_position = a.item_position
               AND mp.action_position = a.position AND {})",
            is_in("mp.name", &placeholders)
        ));
    }
    if filter.open {
        sql.push_str(" AND COALESCE(st.status, 'open') = 'open'");
    }
    if let Some(before) = filter.due_before {
        let arg = args.push(before.to_string());
        sql.push_str(&format!(" AND a.due_by IS NOT NULL AND a.due_by < {arg}"));
    }
    if let Some(meeting_id) = &filter.meeting_id {
        let arg = args.push(meeting_id.clone());
        sql.push_str(&format!(" AND a.meeting_id = {arg}"));
    }
    // NULLS FIRST for the meeting date: SQLite's order for ascending NULLs.
    sql.push_str(
        " ORDER BY a.due_by IS NULL, a.due_by, m.date NULLS FIRST, a.meeting_id,
                   a.item_position, a.position",
    );
    let rows = client.query(&sql, &args.refs())?;
    // Every owner of the listed actions in one query, grouped by action.
    let mut owners: HashMap<(String, i32, i32), Vec<Person>> = HashMap::new();
    // And the item numbers of their meetings, for the items' addresses.
    let mut keys: HashMap<String, Vec<String>> = HashMap::new();
    if !rows.is_empty() {
        let meeting_ids: Vec<String> = {
            let mut ids: Vec<String> = rows
                .iter()
                .map(|row| row.try_get(0))
                .collect::<Result<_, _>>()?;
            ids.sort();
            ids.dedup();
            ids
        };
        let mut numbers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in client.query(
            "SELECT meeting_id, number FROM items WHERE meeting_id = ANY($1)
             ORDER BY meeting_id, position",
            &[&meeting_ids],
        )? {
            numbers
                .entry(row.try_get(0)?)
                .or_default()
                .push(row.try_get(1)?);
        }
        for (meeting_id, numbers) in numbers {
            keys.insert(
                meeting_id,
                model::keys_of_numbers(numbers.iter().map(String::as_str)),
            );
        }
        for row in client.query(
            "SELECT meeting_id, item_position, action_position, name, as_written,
                    span_page, span_line, span_end_line
             FROM meeting_people WHERE role = 'owner' AND meeting_id = ANY($1)
             ORDER BY meeting_id, item_position, action_position, position",
            &[&meeting_ids],
        )? {
            owners
                .entry((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
                .or_default()
                .push(Person {
                    name: row.try_get(3)?,
                    as_written: row.try_get(4)?,
                    span: span_from(
                        opt_uint(row.try_get(5)?),
                        opt_uint(row.try_get(6)?),
                        opt_uint(row.try_get(7)?),
                    ),
                });
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let meeting_id: String = row.try_get(0)?;
        let item_position: i32 = row.try_get(1)?;
        let action_position: i32 = row.try_get(2)?;
        let due = match row.try_get::<_, Option<String>>(4)? {
            Some(text) => Some(Due {
                text,
                from: parse_date(row.try_get(5)?)?,
                by: parse_date(row.try_get(6)?)?,
                recurring: parse_recurrence(row.try_get(7)?),
            }),
            None => None,
        };
        let status: String = row.try_get(16)?;
        let key = keys
            .get(&meeting_id)
            .and_then(|keys| keys.get(usize::try_from(item_position - 1).ok()?))
            .cloned()
            .unwrap_or_else(|| item_position.to_string());
        out.push(ActionRow {
            id: format!("{meeting_id}/{key}/{action_position}"),
            meeting_id: meeting_id.clone(),
            body: row.try_get(12)?,
            meeting_date: parse_date(row.try_get(13)?)?,
            item_number: row.try_get(14)?,
            item_title: row.try_get(15)?,
            action: Action {
                text: row.try_get(3)?,
                owners: owners
                    .remove(&(meeting_id, item_position, action_position))
                    .unwrap_or_default(),
                due,
                forum: row.try_get(8)?,
                span: span_from(
                    opt_uint(row.try_get(9)?),
                    opt_uint(row.try_get(10)?),
                    opt_uint(row.try_get(11)?),
                ),
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
    Ok(out)
}

/// The stored meetings with id `base` or `base-HHMM`, with their start times.
fn same_day(tx: &mut Transaction<'_>, base: &str) -> Result<Vec<(String, Option<Time>)>> {
    let rows = tx.query(
        "SELECT id, start_time FROM meetings WHERE id = $1 OR id LIKE $1 || '-____'",
        &[&base],
    )?;
    let mut out = Vec::new();
    for row in rows {
        let id: String = row.try_get(0)?;
        if !sameday::is_sibling(base, &id) {
            continue;
        }
        let start: Option<String> = row.try_get(1)?;
        out.push((id, start.and_then(|raw| raw.parse().ok())));
    }
    Ok(out)
}

/// Moves the stored meeting `from`, every version and its follow-up statuses, to id `to`.
fn rename(tx: &mut Transaction<'_>, from: &str, to: &str, seq: i64) -> Result<()> {
    let row = tx.query_one(
        "SELECT version, source_sha256 FROM meetings WHERE id = $1",
        &[&from],
    )?;
    let (version, source_sha256): (i32, String) = (row.try_get(0)?, row.try_get(1)?);
    let mut versions = Vec::new();
    for row in tx.query(
        "SELECT version, json FROM meeting_versions WHERE meeting_id = $1",
        &[&from],
    )? {
        let (number, json): (i32, String) = (row.try_get(0)?, row.try_get(1)?);
        versions.push((number, json));
    }
    let (current, rewritten) = sameday::renamed_versions(from, to, version, versions)?;
    // The current-version rows are derived from the JSON: write them afresh under the new
    // id, then move the versions and drop the old row.
    for table in ["meeting_people", "actions", "decisions", "items", "slots"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE meeting_id = $1"),
            &[&from],
        )?;
    }
    write_current(tx, &current, version, &source_sha256, seq)?;
    for (number, json) in rewritten {
        tx.execute(
            "UPDATE meeting_versions SET meeting_id = $3, json = $4
             WHERE meeting_id = $1 AND version = $2",
            &[&from, &number, &to, &json],
        )?;
    }
    tx.execute("DELETE FROM meetings WHERE id = $1", &[&from])?;
    let prefix_len = i32::try_from(from.len() + 1).unwrap_or(i32::MAX);
    tx.execute(
        "UPDATE action_status SET action_id = $2 || substr(action_id, $3)
         WHERE substr(action_id, 1, $3) = $1 || '/'",
        &[&from, &to, &prefix_len],
    )?;
    Ok(())
}

/// Rewrites the `meetings` row and the current-version rows of `meeting`.
fn write_current(
    tx: &mut Transaction<'_>,
    meeting: &Meeting,
    version: i32,
    source_sha256: &str,
    seq: i64,
) -> Result<()> {
    let id = meeting.id.as_str();
    for table in ["meeting_people", "actions", "decisions", "items", "slots"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE meeting_id = $1"),
            &[&id],
        )?;
    }
    let n_items = i32::try_from(meeting.items.len()).unwrap_or(i32::MAX);
    tx.execute(
        "INSERT INTO meetings (id, version, source_sha256, body, date, start_time, end_time,
                               location, kind, format, n_items, changed_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version,
           source_sha256 = excluded.source_sha256, body = excluded.body, date = excluded.date,
           start_time = excluded.start_time, end_time = excluded.end_time,
           location = excluded.location, kind = excluded.kind, format = excluded.format,
           n_items = excluded.n_items, changed_seq = excluded.changed_seq",
        &[
            &id,
            &version,
            &source_sha256,
            &meeting.body,
            &date_text(meeting.date),
            &hhmm(meeting.start),
            &hhmm(meeting.end),
            &meeting.location,
            &match meeting.kind {
                model::DocumentKind::Minutes => "minutes",
                model::DocumentKind::Agenda => "agenda",
            },
            &meeting.source.format.as_str(),
            &n_items,
            &seq,
        ],
    )?;

    let person_stmt =
        tx.prepare("INSERT INTO people (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")?;
    let alias_stmt = tx.prepare(
        "INSERT INTO person_aliases (alias, name) VALUES ($1, $2)
         ON CONFLICT (alias, name) DO NOTHING",
    )?;
    let role_stmt = tx.prepare(
        "INSERT INTO meeting_people (meeting_id, role, position, name, as_written, item_position,
                                     action_position, span_page, span_line, span_end_line)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )?;
    let add_person = |tx: &mut Transaction<'_>,
                      role: &str,
                      idx: usize,
                      person: &Person,
                      item_position: Option<u32>,
                      action_position: Option<u32>|
     -> Result<()> {
        let name = person.name.trim();
        if name.is_empty() {
            return Ok(());
        }
        tx.execute(&person_stmt, &[&name])?;
        let written = person.as_written.trim();
        if !written.is_empty() && written != name {
            tx.execute(&alias_stmt, &[&written, &name])?;
        }
        let (page, line, end_line) = span_parts(person.span);
        tx.execute(
            &role_stmt,
            &[
                &id,
                &role,
                &int(position(idx)),
                &name,
                &written,
                &opt_int(item_position),
                &opt_int(action_position),
                &opt_int(page),
                &opt_int(line),
                &opt_int(end_line),
            ],
        )?;
        Ok(())
    };
    for (idx, person) in meeting.participants.iter().enumerate() {
        add_person(tx, "participant", idx, person, None, None)?;
    }
    for (idx, person) in meeting.absent.iter().enumerate() {
        add_person(tx, "absent", idx, person, None, None)?;
    }
    let slot_stmt = tx.prepare(
        "INSERT INTO slots (meeting_id, position, item, start_time, end_time, note,
                            span_page, span_line, span_end_line)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )?;
    for (slot_idx, slot) in meeting.schedule.iter().enumerate() {
        let (page, line, end_line) = span_parts(slot.span);
        tx.execute(
            &slot_stmt,
            &[
                &id,
                &int(position(slot_idx)),
                &slot.item,
                &hhmm(slot.start),
                &hhmm(slot.end),
                &slot.note,
                &opt_int(page),
                &opt_int(line),
                &opt_int(end_line),
            ],
        )?;
        let item_position = meeting
            .items
            .iter()
            .position(|item| item.number == slot.item)
            .map(position);
        for (idx, person) in slot.presenters.iter().enumerate() {
            add_person(tx, "presenter", idx, person, item_position, None)?;
        }
    }
    let item_stmt = tx.prepare(
        "INSERT INTO items (meeting_id, position, number, title, text, case_number,
                            span_page, span_line, span_end_line)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )?;
    let decision_stmt = tx.prepare(
        "INSERT INTO decisions (meeting_id, item_position, position, actor, kind, text,
                                span_page, span_line, span_end_line)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )?;
    let action_stmt = tx.prepare(
        "INSERT INTO actions (meeting_id, item_position, position, text, due_text, due_from,
                              due_by, recurring, forum, span_page, span_line, span_end_line)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )?;
    for (item_idx, item) in meeting.items.iter().enumerate() {
        let item_position = position(item_idx);
        let (page, line, end_line) = span_parts(item.span);
        tx.execute(
            &item_stmt,
            &[
                &id,
                &int(item_position),
                &item.number,
                &item.title,
                &item.text,
                &item.case_number,
                &opt_int(page),
                &opt_int(line),
                &opt_int(end_line),
            ],
        )?;
        for (idx, decision) in item.decisions.iter().enumerate() {
            let (page, line, end_line) = span_parts(decision.span);
            tx.execute(
                &decision_stmt,
                &[
                    &id,
                    &int(item_position),
                    &int(position(idx)),
                    &decision.actor,
                    &decision.kind.as_str(),
                    &decision.text,
                    &opt_int(page),
                    &opt_int(line),
                    &opt_int(end_line),
                ],
            )?;
        }
        for (action_idx, action) in item.actions.iter().enumerate() {
            let action_position = position(action_idx);
            let (page, line, end_line) = span_parts(action.span);
            let due = action.due.as_ref();
            tx.execute(
                &action_stmt,
                &[
                    &id,
                    &int(item_position),
                    &int(action_position),
                    &action.text,
                    &due.map(|d| d.text.as_str()),
                    &date_text(due.and_then(|d| d.from)),
                    &date_text(due.and_then(|d| d.by)),
                    &recurrence_text(due.and_then(|d| d.recurring)),
                    &action.forum,
                    &opt_int(page),
                    &opt_int(line),
                    &opt_int(end_line),
                ],
            )?;
            for (idx, owner) in action.owners.iter().enumerate() {
                add_person(
                    tx,
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

#[cfg(test)]
mod tests {
    use super::valid_schema;

    #[test]
    fn schema_names_are_plain() {
        assert!(valid_schema("referat_greve"));
        assert!(valid_schema("t_123"));
        assert!(!valid_schema("Greve"));
        assert!(!valid_schema("a;DROP"));
        assert!(!valid_schema("1abc"));
        assert!(!valid_schema(""));
    }
}
