//! `referat bench ... --database URL`: the PostgreSQL half of the benchmark, side by side with
//! the embedded figures of the same run. In schemas of its own (removed afterwards) it
//!
//! 1. imports the corpus into PostgreSQL and builds a node's tantivy index from it (what a
//!    new `referat serve --database` does when it starts);
//! 2. measures nDCG@10 on the judged queries for that index and for PostgreSQL's own
//!    full-text search (`danish` configuration, GIN, `websearch_to_tsquery`, `ts_rank` with
//!    the index's field weights: `store::PgFtsBaseline`);
//! 3. measures latency on the corpus copied N times: for the node's index, a search plus
//!    the change-counter query the web server makes before each search; for PostgreSQL's
//!    search, the top 10 plus the count.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use model::Meeting;
use search::{Request, SearchIndex};
use store::{PgFtsBaseline, PgFtsDoc, PgOptions, PgStore, Store};

use crate::commands::bench::{
    Judgement, all_meetings, ids_by_position, item_titles, mean, ms, ndcg, percentile, top_ids,
};
use crate::commands::{data, import};

/// The embedded mode's figures from the same run.
pub(crate) struct Embedded<'a> {
    /// The meetings as imported into SQLite.
    pub(crate) meetings: &'a [Meeting],
    /// Mean nDCG@10 of the index.
    pub(crate) ndcg: f64,
    /// Latency samples of the index, top 10 + count, sorted.
    pub(crate) latency: &'a [Duration],
    /// The index of the copied corpus.
    pub(crate) big: &'a SearchIndex,
    /// How many copies it holds.
    pub(crate) copies: usize,
}

/// Runs the PostgreSQL half and prints it to `out`.
pub(crate) fn run(
    out: &mut dyn Write,
    url: &str,
    files: &[import::Found],
    work: &Path,
    judged: &[Judgement],
    queries: &[String],
    embedded: &Embedded<'_>,
) -> anyhow::Result<()> {
    let schema = format!("referat_bench_{}", std::process::id());
    let options = PgOptions {
        schema: Some(schema.clone()),
        ..PgOptions::default()
    };
    let store = PgStore::connect(url, &options)?;
    let result = measure(out, url, &store, files, work, judged, queries, embedded);
    let cleanup = store.drop_schema();
    result?;
    cleanup?;
    Ok(())
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site, the benchmark's own state"
)]
fn measure(
    out: &mut dyn Write,
    url: &str,
    store: &PgStore,
    files: &[import::Found],
    work: &Path,
    judged: &[Judgement],
    queries: &[String],
    embedded: &Embedded<'_>,
) -> anyhow::Result<()> {
    writeln!(out, "\n== PostgreSQL")?;
    let started = Instant::now();
    let tally = import::import_files(store, files, &formats::Limits::default(), None)?;
    let stored = started.elapsed();
    let started = Instant::now();
    let index = data::rebuild(store, &work.join("index-pg"), store.change_seq()?)?;
    let indexed = started.elapsed();
    let meetings = all_meetings(store)?;
    writeln!(
        out,
        "import til PostgreSQL: {} møder, {} fejlede, {:.2} s; nodens indeks bygget fra \
         databasen på {:.2} s",
        meetings.len(),
        tally.failed.len(),
        stored.as_secs_f64(),
        indexed.as_secs_f64()
    )?;
    anyhow::ensure!(
        meetings == embedded.meetings,
        "PostgreSQL gav andre møder tilbage end SQLite"
    );

    let started = Instant::now();
    let mut fts = PgFtsBaseline::create(url, &format!("referat_bench_fts_{}", std::process::id()))?;
    let docs: Vec<PgFtsDoc> = meetings.iter().flat_map(fts_docs).collect();
    fts.add(&docs)?;
    fts.finish()?;
    let fts_built = started.elapsed();
    let result = compare(
        out, store, &index, &mut fts, fts_built, judged, queries, embedded,
    );
    let cleanup = fts.remove();
    result?;
    cleanup?;
    Ok(())
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site, the benchmark's own state"
)]
fn compare(
    out: &mut dyn Write,
    store: &PgStore,
    index: &SearchIndex,
    fts: &mut PgFtsBaseline,
    fts_built: Duration,
    judged: &[Judgement],
    queries: &[String],
    embedded: &Embedded<'_>,
) -> anyhow::Result<()> {
    // Relevance on the corpus as imported.
    let titles = item_titles(embedded.meetings);
    let by_position = ids_by_position(embedded.meetings);
    let (mut sum_node, mut sum_fts) = (0.0, 0.0);
    writeln!(
        out,
        "relevans (nDCG@10): nodens tantivy / PostgreSQL FTS (danish)"
    )?;
    for judgement in judged {
        let relevant = judgement.relevant(&titles);
        let ours = top_ids(index, &judgement.query)?;
        // PostgreSQL's baseline names items by position; the judgements by number.
        let theirs: Vec<String> = fts
            .search(&judgement.query, 10)?
            .0
            .into_iter()
            .map(|id| by_position.get(&id).cloned().unwrap_or(id))
            .collect();
        let (a, b) = (ndcg(&ours, &relevant), ndcg(&theirs, &relevant));
        sum_node += a;
        sum_fts += b;
        writeln!(out, "  {:<32} {a:.3} / {b:.3}", judgement.query)?;
    }
    let n = judged.len().max(1) as f64;
    let (ndcg_node, ndcg_fts) = (sum_node / n, sum_fts / n);

    // Latency on the copied corpus.
    let started = Instant::now();
    fts.multiply(embedded.copies)?;
    fts.finish()?;
    let fts_multiplied = started.elapsed();
    writeln!(
        out,
        "PostgreSQL FTS: bygget på {:.1} s (×1), ganget op til ×{} på {:.1} s",
        fts_built.as_secs_f64(),
        embedded.copies,
        fts_multiplied.as_secs_f64()
    )?;
    let node = samples(queries, &mut |query| {
        store.change_seq()?;
        embedded.big.search(&Request {
            snippets: false,
            ..Request::new(query)
        })?;
        Ok(())
    })?;
    let pg_fts = samples(queries, &mut |query| {
        fts.search(query, 10)?;
        Ok(())
    })?;

    writeln!(
        out,
        "\nside om side, {} vurderede forespørgsler; latens over {} forespørgsler × {ROUNDS} \
         på ×{} (top 10 + antal):",
        judged.len(),
        queries.len(),
        embedded.copies
    )?;
    writeln!(
        out,
        "  {:<36} {:>8} {:>11} {:>11}",
        "", "nDCG@10", "p50", "p99"
    )?;
    for (name, ndcg, latency) in [
        (
            "indlejret (SQLite + tantivy)",
            embedded.ndcg,
            embedded.latency,
        ),
        ("PostgreSQL + tantivy på hver node", ndcg_node, &node[..]),
        ("PostgreSQL FTS (danish)", ndcg_fts, &pg_fts[..]),
    ] {
        writeln!(
            out,
            "  {name:<36} {ndcg:>8.3} {:>8.3} ms {:>8.3} ms  (middel {:.3} ms)",
            ms(percentile(latency, 50)),
            ms(percentile(latency, 99)),
            ms(mean(latency))
        )?;
    }
    Ok(())
}

const ROUNDS: usize = 5;

/// Latency samples of `run` over `queries`, `ROUNDS` times after a warm-up, sorted.
fn samples(
    queries: &[String],
    run: &mut dyn FnMut(&str) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Duration>> {
    for query in queries {
        run(query)?;
    }
    let mut out = Vec::with_capacity(queries.len() * ROUNDS);
    for _ in 0..ROUNDS {
        for query in queries {
            let started = Instant::now();
            run(query)?;
            out.push(started.elapsed());
        }
    }
    out.sort();
    Ok(out)
}

fn fts_docs(meeting: &Meeting) -> Vec<PgFtsDoc> {
    let join = |texts: Vec<&str>| texts.join("\n");
    meeting
        .items
        .iter()
        .enumerate()
        .map(|(idx, item)| PgFtsDoc {
            meeting_id: meeting.id.clone(),
            position: u32::try_from(idx + 1).unwrap_or(u32::MAX),
            title: item.title.clone(),
            decisions: join(item.decisions.iter().map(|d| d.text.as_str()).collect()),
            actions: join(item.actions.iter().map(|a| a.text.as_str()).collect()),
            text: item.text.clone(),
        })
        .collect()
}
