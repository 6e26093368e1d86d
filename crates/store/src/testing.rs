//! Stores for tests of this crate and of the crates above it (feature `test-support`): a
//! fresh store on SQLite in a temporary folder or on PostgreSQL in a schema of its own, so
//! that every test can run on both backends and in parallel.
//!
//! PostgreSQL is the server at `REFERAT_TEST_DATABASE_URL` (`scripts/test` starts one).
//! Without it a PostgreSQL test skips with a note on stderr, unless
//! `REFERAT_REQUIRE_POSTGRES=1` makes that a failure (as CI does).

#![expect(
    clippy::print_stderr,
    reason = "a skipped test says why on stderr, as the test runner shows it"
)]

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::{PgOptions, PgStore, SqliteStore, Store};

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// A fresh, empty store and the place it lives in (which must outlive it); `None`, after
    /// saying why, when this backend is not available here.
    pub fn open(self) -> Option<(Box<dyn Store>, Place)> {
        match self {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let store = SqliteStore::open(dir.path()).unwrap();
                Some((Box::new(store), Place::Folder(dir)))
            }
            Backend::Postgres => {
                let url = postgres_url()?;
                let schema = unique_schema();
                let store = connect(&url, &schema);
                Some((Box::new(store), Place::Schema { url, schema }))
            }
        }
    }
}

/// Where a test's data lives: a temporary folder or a PostgreSQL schema, removed when this
/// is dropped.
#[derive(Debug)]
pub enum Place {
    Folder(tempfile::TempDir),
    Schema { url: String, schema: String },
}

impl Place {
    /// Another handle on the same data, as a second process would open it, and the schema
    /// version it found.
    pub fn reopen(&self) -> (Box<dyn Store>, u32) {
        match self {
            Place::Folder(dir) => {
                let store = SqliteStore::open(dir.path()).unwrap();
                let version = store.schema_version().unwrap();
                (Box::new(store), version)
            }
            Place::Schema { url, schema } => {
                let store = connect(url, schema);
                let version = store.schema_version().unwrap();
                (Box::new(store), version)
            }
        }
    }

    /// The data folder, for SQLite.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            Place::Folder(dir) => Some(dir.path()),
            Place::Schema { .. } => None,
        }
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        if let Place::Schema { url, schema } = self {
            let (url, schema) = (url.clone(), schema.clone());
            // On a thread of its own: the blocking PostgreSQL client must not run inside an
            // async test's runtime.
            let _ = std::thread::spawn(move || connect(&url, &schema).drop_schema()).join();
        }
    }
}

/// The PostgreSQL URL for tests, or `None` (after saying why) when the test should skip.
pub fn postgres_url() -> Option<String> {
    match std::env::var("REFERAT_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("REFERAT_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "REFERAT_REQUIRE_POSTGRES=1 but REFERAT_TEST_DATABASE_URL is not set"
            );
            eprintln!("skipped: REFERAT_TEST_DATABASE_URL is not set (scripts/test sets it)");
            None
        }
    }
}

/// A schema name no other test (in this or another test process) uses.
pub fn unique_schema() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "t_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos % 1_000_000
    )
}

/// A store on the PostgreSQL server at `url`, in `schema` (created when missing).
pub fn connect(url: &str, schema: &str) -> PgStore {
    let options = PgOptions {
        schema: Some(schema.to_owned()),
        max_connections: 4,
        ..PgOptions::default()
    };
    PgStore::connect(url, &options).unwrap()
}
