//! [`Fts5Baseline`]: SQLite FTS5 over the same items, for `referat bench` to compare the
//! tantivy index with the in-database search that notes/deps-eval.md recommended first. The
//! caller hands in text already stemmed the way the index stems it (FTS5 has no Danish
//! stemmer, and rusqlite cannot register a custom tokenizer), so both rank the same terms.
//! The product never searches through this; it lives here because rusqlite does.

use std::path::Path;

use rusqlite::{Connection, params};

use crate::Result;

/// An FTS5 table of items in its own SQLite file.
#[derive(Debug)]
pub struct Fts5Baseline {
    conn: Connection,
}

/// One item, its fields already stemmed and joined by spaces.
#[derive(Debug, Clone, Default)]
pub struct Fts5Doc {
    /// The item id.
    pub id: String,
    /// Stemmed title.
    pub title: String,
    /// Stemmed decisions.
    pub decisions: String,
    /// Stemmed actions.
    pub actions: String,
    /// Stemmed text.
    pub text: String,
}

impl Fts5Baseline {
    /// Creates the table in a new database file at `path`.
    pub fn create(path: &Path) -> Result<Fts5Baseline> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "OFF")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.execute_batch(
            "CREATE VIRTUAL TABLE items USING fts5(
                 id UNINDEXED, title, decisions, actions, text,
                 tokenize = 'unicode61 remove_diacritics 0');",
        )?;
        Ok(Fts5Baseline { conn })
    }

    /// Opens the table made by [`Fts5Baseline::create`] at `path` and the number of items
    /// in it; `None` when there is no such file or table.
    pub fn open(path: &Path) -> Result<Option<(Fts5Baseline, u64)>> {
        if !path.exists() {
            return Ok(None);
        }
        let conn = Connection::open(path)?;
        let Ok(count) =
            conn.query_row("SELECT count(*) FROM items", [], |row| row.get::<_, i64>(0))
        else {
            return Ok(None);
        };
        Ok(Some((
            Fts5Baseline { conn },
            u64::try_from(count).unwrap_or(0),
        )))
    }

    /// Adds `docs` in one transaction.
    pub fn add(&mut self, docs: &[Fts5Doc]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO items (id, title, decisions, actions, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for doc in docs {
                stmt.execute(params![
                    doc.id,
                    doc.title,
                    doc.decisions,
                    doc.actions,
                    doc.text
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Merges the FTS5 segments, as a tantivy commit does.
    pub fn optimize(&self) -> Result<()> {
        self.conn
            .execute("INSERT INTO items (items) VALUES ('optimize')", [])?;
        Ok(())
    }

    /// The ids of the best `limit` items containing every stem (any, when `all` is false),
    /// ranked by BM25 with the index's field weights (title 4, decisions 2.5, actions 1.8,
    /// text 1), and the number of matches.
    pub fn search(&self, stems: &[String], all: bool, limit: usize) -> Result<(Vec<String>, u64)> {
        if stems.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let joiner = if all { " AND " } else { " OR " };
        let query = stems
            .iter()
            .map(|stem| format!("\"{}\"", stem.replace('"', "")))
            .collect::<Vec<_>>()
            .join(joiner);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM items WHERE items MATCH ?1
             ORDER BY bm25(items, 0.0, 4.0, 2.5, 1.8, 1.0) LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(params![query, limit as i64], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        let total: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM items WHERE items MATCH ?1")?
            .query_row([&query], |row| row.get(0))?;
        Ok((ids, u64::try_from(total).unwrap_or(0)))
    }
}
