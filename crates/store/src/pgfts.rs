//! [`PgFtsBaseline`]: PostgreSQL's own full-text search over the same items, for `referat
//! bench --database` to compare with the tantivy index that each node keeps. Unlike the
//! FTS5 baseline it gets the raw text and analyses it with PostgreSQL's `danish`
//! configuration (Snowball stemming, stop words; no compound splitting), because that is
//! what a deployment relying on PostgreSQL alone would get. Fields are weighted A (title),
//! B (decisions), C (actions) and D (text) with the index's ratios, kept in a GIN index and
//! queried with `websearch_to_tsquery`. The product never searches through this.

use postgres::{Client, NoTls};

use crate::{Error, Result};

/// One item's raw text.
#[derive(Debug, Clone, Default)]
pub struct PgFtsDoc {
    /// The meeting id.
    pub meeting_id: String,
    /// The item's 1-based position.
    pub position: u32,
    /// Title.
    pub title: String,
    /// Decisions, joined.
    pub decisions: String,
    /// Actions, joined.
    pub actions: String,
    /// Text.
    pub text: String,
}

/// A table of items with a `tsvector` column in a schema of its own.
pub struct PgFtsBaseline {
    client: Client,
    schema: String,
}

impl std::fmt::Debug for PgFtsBaseline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgFtsBaseline")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

/// `ts_rank` weights in the order {D, C, B, A}: text 1, actions 1.8, decisions 2.5, title 4,
/// scaled to at most 1 as PostgreSQL wants.
const WEIGHTS: &str = "'{0.25, 0.45, 0.625, 1.0}'";

impl PgFtsBaseline {
    /// Creates the table in a new schema `schema` (replacing one of that name) of the
    /// database at `url`.
    pub fn create(url: &str, schema: &str) -> Result<PgFtsBaseline> {
        if !schema
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(Error::Invalid(format!("schema {schema:?}")));
        }
        let mut config: postgres::Config = url
            .parse()
            .map_err(|err| Error::Invalid(format!("database URL: {err}")))?;
        config.options(&format!("-c search_path={schema}"));
        let mut client = config.connect(NoTls)?;
        client.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE;
             CREATE SCHEMA {schema};
             CREATE TABLE {schema}.items (
                 meeting_id TEXT NOT NULL,
                 position   INTEGER NOT NULL,
                 doc        TSVECTOR NOT NULL
             );"
        ))?;
        Ok(PgFtsBaseline {
            client,
            schema: schema.to_owned(),
        })
    }

    /// Adds `docs` in one transaction, analysed by PostgreSQL.
    pub fn add(&mut self, docs: &[PgFtsDoc]) -> Result<()> {
        let mut tx = self.client.transaction()?;
        let stmt = tx.prepare(
            "INSERT INTO items (meeting_id, position, doc) VALUES ($1, $2,
                 setweight(to_tsvector('danish', $3), 'A') ||
                 setweight(to_tsvector('danish', $4), 'B') ||
                 setweight(to_tsvector('danish', $5), 'C') ||
                 setweight(to_tsvector('danish', $6), 'D'))",
        )?;
        for doc in docs {
            let position = i32::try_from(doc.position).unwrap_or(i32::MAX);
            tx.execute(
                &stmt,
                &[
                    &doc.meeting_id,
                    &position,
                    &doc.title,
                    &doc.decisions,
                    &doc.actions,
                    &doc.text,
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Makes the table `copies` times as large: copy `k` of meeting `m` is `m-k{k}`, as
    /// `referat bench` names its copies (the originals become copy 0).
    pub fn multiply(&mut self, copies: usize) -> Result<()> {
        if copies <= 1 {
            return Ok(());
        }
        let last = i32::try_from(copies - 1).unwrap_or(i32::MAX);
        let mut tx = self.client.transaction()?;
        tx.execute(
            "INSERT INTO items (meeting_id, position, doc)
             SELECT meeting_id || '-k' || k, position, doc
             FROM items, generate_series(1, $1) AS k",
            &[&last],
        )?;
        tx.execute(
            "UPDATE items SET meeting_id = meeting_id || '-k0' WHERE meeting_id !~ '-k[0-9]+$'",
            &[],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Builds the GIN index and the planner's statistics, as a tantivy commit finishes.
    pub fn finish(&mut self) -> Result<()> {
        self.client.batch_execute(
            "DROP INDEX IF EXISTS items_doc;
             CREATE INDEX items_doc ON items USING GIN (doc);",
        )?;
        // Alone: VACUUM cannot run inside the transaction a multi-statement query makes.
        self.client.batch_execute("VACUUM ANALYZE items")?;
        Ok(())
    }

    /// The ids (`<meeting id>/<position>`) of the best `limit` items for `query` in
    /// PostgreSQL's web search syntax, and the number of matches. When no item has every
    /// word, any word will do (the index's rule).
    pub fn search(&mut self, query: &str, limit: usize) -> Result<(Vec<String>, u64)> {
        let strict = self.run(query, limit)?;
        let words: Vec<&str> = query.split_whitespace().collect();
        if strict.1 == 0 && words.len() > 1 && !query.contains('"') {
            return self.run(&words.join(" or "), limit);
        }
        Ok(strict)
    }

    fn run(&mut self, query: &str, limit: usize) -> Result<(Vec<String>, u64)> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.client.query(
            &format!(
                "SELECT meeting_id || '/' || position FROM items,
                        websearch_to_tsquery('danish', $1) AS q
                 WHERE doc @@ q ORDER BY ts_rank({WEIGHTS}, doc, q) DESC, meeting_id, position
                 LIMIT $2"
            ),
            &[&query, &limit],
        )?;
        let ids = rows
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<Vec<String>, _>>()?;
        let total: i64 = self
            .client
            .query_one(
                "SELECT COUNT(*) FROM items WHERE doc @@ websearch_to_tsquery('danish', $1)",
                &[&query],
            )?
            .try_get(0)?;
        Ok((ids, u64::try_from(total).unwrap_or(0)))
    }

    /// Removes the schema and everything in it.
    pub fn remove(mut self) -> Result<()> {
        self.client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema))?;
        Ok(())
    }
}
