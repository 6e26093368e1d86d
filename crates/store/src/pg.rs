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

use model::Meeting;
use postgres::types::{ToSql, Type};
use postgres::{GenericClient, NoTls, Row, Statement};
use r2d2::{Pool, PooledConnection};
use r2d2_postgres::PostgresConnectionManager;

use crate::columns::{match_bodies, parse_date, sha256_hex};
use crate::engine;
use crate::releases;
use crate::rows::Value;
use crate::{
    ActionFilter, ActionId, ActionRef, ActionRow, ActionStatus, Actor, Error, ItemId, ItemView,
    MeetingFilter, MeetingSummary, Page, PersonDetail, PersonMeeting, PersonSummary, PutOutcome,
    Result, SourceInfo, Store, VersionInfo,
};

/// The migrations, in order. Never edit a released file: add the next number, and keep the
/// numbers in step with the SQLite ones.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (2, include_str!("../migrations/postgres/0002_accounts.sql")),
    (
        3,
        include_str!("../migrations/postgres/0003_closed_items.sql"),
    ),
    (
        4,
        include_str!("../migrations/postgres/0004_action_edits.sql"),
    ),
    (5, include_str!("../migrations/postgres/0005_totp.sql")),
    (6, include_str!("../migrations/postgres/0006_alerts.sql")),
    (7, include_str!("../migrations/postgres/0007_authoring.sql")),
    (
        8,
        include_str!("../migrations/postgres/0008_organisations.sql"),
    ),
];

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

    /// Runs `call` on the shared code in one transaction, committed when it succeeds.
    fn write<T>(&self, call: impl FnOnce(&mut dyn engine::Exec) -> Result<T>) -> Result<T> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let out = call(&mut Exec::new(&mut tx))?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `call` on the shared code on a pooled connection.
    fn reading<T>(&self, call: impl FnOnce(&mut dyn engine::Exec) -> Result<T>) -> Result<T> {
        call(&mut Exec::new(&mut *self.conn()?))
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

    fn put_meeting_for(
        &self,
        meeting: &Meeting,
        source_sha256: &str,
        organisation: Option<&str>,
    ) -> Result<PutOutcome> {
        engine::check_meeting_id(meeting)?;
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        // The writers' turn: every statement after this one sees what the writers before
        // committed (READ COMMITTED takes a new snapshot per statement). On
        // `Unchanged`, dropping the transaction rolls it back and gives up the turn.
        tx.execute(
            "SELECT value FROM meta WHERE key = 'change_seq' FOR UPDATE",
            &[],
        )?;
        let outcome = engine::put_meeting(
            &mut Exec::new(&mut tx),
            meeting,
            source_sha256,
            organisation,
        )?;
        if outcome != PutOutcome::Unchanged {
            tx.commit()?;
        }
        Ok(outcome)
    }

    fn moved_meeting(&self, old: &str) -> Result<Vec<String>> {
        self.reading(|db| engine::moved_meeting(db, old))
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
        let mut meeting: Meeting = serde_json::from_str(&json)
            .map_err(|err| Error::Corrupt(format!("meeting {id}: {err}")))?;
        self.reading(|db| releases::apply(db, &mut meeting))?;
        Ok(meeting)
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
            let names = engine::resolve_names(&mut Exec::new(&mut *conn), person)?;
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
        engine::actions(&mut Exec::new(&mut *self.conn()?), filter)
    }

    fn action_refs(&self, filter: &ActionFilter) -> Result<Vec<ActionRef>> {
        engine::action_refs(&mut Exec::new(&mut *self.conn()?), filter)
    }

    fn actions_of(&self, refs: &[ActionRef]) -> Result<Vec<ActionRow>> {
        engine::actions_of(&mut Exec::new(&mut *self.conn()?), refs)
    }

    fn set_decision_public(&self, id: &ItemId, public: bool, actor: &Actor) -> Result<()> {
        self.write(|db| releases::set_decision_public(db, id, public, actor))
    }

    fn set_action_status(&self, id: &ActionId, status: ActionStatus) -> Result<()> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        engine::set_action_status(&mut Exec::new(&mut tx), id, status)?;
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
        let names = engine::resolve_names(&mut Exec::new(&mut tx), name)?;
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
        let actions = engine::actions(
            &mut Exec::new(&mut tx),
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
                 WHERE NOT EXISTS (SELECT 1 FROM authored_meetings a WHERE a.published_id = m.id)
                 UNION ALL
                 SELECT s.sha256, s.name, s.size, NULL FROM sources s
                 WHERE NOT EXISTS (SELECT 1 FROM meeting_versions v
                                   WHERE v.source_sha256 = s.sha256)
                 AND NOT EXISTS (SELECT 1 FROM authored_attachments t
                                 WHERE t.sha256 = s.sha256)
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
                "SELECT id FROM meetings WHERE changed_seq > $1
                 UNION SELECT old_id FROM meeting_moves WHERE seq > $1 ORDER BY 1",
                &[&seq],
            )?
            .iter()
            .map(|row| Ok(row.try_get(0)?))
            .collect()
    }

    fn source_hashes(&self) -> Result<Vec<String>> {
        self.conn()?
            .query("SELECT sha256 FROM sources ORDER BY sha256", &[])?
            .iter()
            .map(|row| Ok(row.try_get(0)?))
            .collect()
    }

    crate::accounts::account_methods!();
    crate::alerts::alert_methods!();
    crate::authoring::authoring_methods!();
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

/// The executor of the shared code ([`engine`]) on a client or transaction: turns the
/// portable `?N` placeholders into `$N` and prepares each statement once per call.
struct Exec<'a, C: GenericClient> {
    client: &'a mut C,
    statements: HashMap<String, Statement>,
}

impl<'a, C: GenericClient> Exec<'a, C> {
    fn new(client: &'a mut C) -> Exec<'a, C> {
        Exec {
            client,
            statements: HashMap::new(),
        }
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(&dollar_placeholders(sql))?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

/// `sql` with every `?N` written `$N` (the shared SQL has no `?` in string literals).
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

fn to_sql(value: &Value) -> &(dyn ToSql + Sync) {
    static NULL: Option<String> = None;
    match value {
        Value::Text(text) => text,
        Value::Int(value) => value,
        Value::Big(value) => value,
        Value::Null => &NULL,
    }
}

fn from_sql(row: &Row, idx: usize) -> Result<Value> {
    let column = &row.columns()[idx];
    let ty = column.type_();
    Ok(if *ty == Type::INT4 {
        Value::Int(row.try_get(idx)?)
    } else if *ty == Type::INT8 {
        Value::Big(row.try_get(idx)?)
    } else if *ty == Type::INT2 {
        Value::Int(row.try_get::<_, Option<i16>>(idx)?.map(i32::from))
    } else if *ty == Type::BOOL {
        Value::Int(row.try_get::<_, Option<bool>>(idx)?.map(i32::from))
    } else if [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME].contains(ty) {
        Value::Text(row.try_get(idx)?)
    } else {
        return Err(Error::Corrupt(format!(
            "column {} has the unexpected type {ty}",
            column.name()
        )));
    })
}

impl<C: GenericClient> engine::Exec for Exec<'_, C> {
    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64> {
        let statement = self.statement(sql)?;
        let args: Vec<_> = args.iter().map(to_sql).collect();
        Ok(self.client.execute(&statement, &args)?)
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Vec<Value>>> {
        let statement = self.statement(sql)?;
        let args: Vec<_> = args.iter().map(to_sql).collect();
        self.client
            .query(&statement, &args)?
            .iter()
            .map(|row| (0..row.len()).map(|idx| from_sql(row, idx)).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{dollar_placeholders, valid_schema};

    #[test]
    fn placeholders_become_dollars() {
        assert_eq!(
            dollar_placeholders("a = ?1 AND b LIKE ?12 || '-____' AND c = '?'"),
            "a = $1 AND b LIKE $12 || '-____' AND c = '?'"
        );
    }

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
