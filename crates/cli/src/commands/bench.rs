//! `referat bench CORPUS... [--copies N] [--queries FILE] [--judgements FILE]`: measures
//! what issue 4 promises, in one run, and prints every figure:
//!
//! 1. import: the corpus into a fresh data folder (store, then the search index);
//! 2. relevance: nDCG@10 of referat's index and of SQLite FTS5 (same stems, same field
//!    weights) over judged queries (`crates/search/tests/data/judgements.txt`);
//! 3. latency: the corpus copied `N` times (ids changed), p50/p99 over a fixed query list
//!    (`crates/search/tests/data/queries.txt`), for the index with and without snippets
//!    and for FTS5 (top 10 + count), and the ratio;
//! 4. peak memory (VmHWM of /proc/self/status).
//!
//! With `--web`, the load benchmark of the web server instead (see `bench_web`).
//!
//! Not a test: numbers depend on the machine. Run it on a release build.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use model::Meeting;
use search::analysis::{self, LexiconBuilder};
use search::{Request, SearchIndex};
use store::{Fts5Baseline, Fts5Doc, MeetingFilter, Page, SqliteStore, Store};

use crate::ExitStatus;
use crate::commands::{bench_pg, bench_web, data, import};

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// Filer og mapper, der skal importeres (fx ../shared/corpus/greve-api).
    #[arg(required = true, value_name = "STI")]
    corpus: Vec<PathBuf>,
    /// Hvor mange kopier af korpusset svartidsmålingen søger i.
    #[arg(long, default_value_t = 100, value_name = "ANTAL")]
    copies: usize,
    /// Forespørgsler til svartidsmålingen, én pr. linje.
    #[arg(
        long,
        default_value = "crates/search/tests/data/queries.txt",
        value_name = "FIL"
    )]
    queries: PathBuf,
    /// Forespørgsler med bedømte svar, til relevansmålet nDCG@10.
    #[arg(
        long,
        default_value = "crates/search/tests/data/judgements.txt",
        value_name = "FIL"
    )]
    judgements: PathBuf,
    /// Mappen, der bygges i (standard: en midlertidig mappe, der fjernes bagefter). Indekset
    /// og FTS5-filen med kopierne bliver liggende og genbruges af en senere kørsel med samme
    /// korpus og antal kopier.
    #[arg(long, value_name = "MAPPE")]
    work: Option<PathBuf>,
    /// Mål også PostgreSQL-tilstanden på denne database (i egne skemaer, der fjernes
    /// bagefter): hver nodes tantivy-indeks og PostgreSQLs egen fuldtekstsøgning, side om
    /// side med tallene for den indlejrede tilstand.
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// I stedet: belastningsmålingen af webserveren (wrk mod `referat serve` på det kopierede
    /// korpus).
    #[arg(long)]
    web: bool,
    /// Åbne forbindelser i belastningsmålingen.
    #[arg(long, default_value_t = 64, value_name = "ANTAL")]
    connections: usize,
    /// Længden af hver wrk-kørsel (wrks skrivemåde: 30s, 2m).
    #[arg(long, default_value = "30s", value_name = "VARIGHED")]
    duration: String,
    /// Med --web: én lang blandet belastning i stedet (tusindvis af forskellige rigtige
    /// adresser: møder, punkter, søgninger, personer, opfølgning, API, feeds, kalendere og
    /// eksport) med serverens hukommelse hvert 10. sekund; varigheden sættes med --duration
    /// (fx 10m).
    #[arg(long, requires = "web")]
    mixed: bool,
    /// Med --mixed: importér imens en fil af korpusset med en ændret byte (en ny version af
    /// mødet) i datamappen med `referat import` for hvert så mange sekunder
    /// (udholdenhedsprøven i docs/soak.md).
    #[arg(long, requires = "mixed", value_name = "SEKUNDER", value_parser = clap::value_parser!(u64).range(1..=3600))]
    import_every: Option<u64>,
}

pub(crate) fn run(args: BenchArgs) -> anyhow::Result<ExitStatus> {
    let temp = tempfile::tempdir().context("kan ikke oprette en midlertidig mappe")?;
    let work = args.work.clone().unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&work)?;
    if args.web {
        return bench_web::run(&bench_web::WebBench {
            corpus: &args.corpus,
            copies: args.copies,
            queries: &read_queries(&args.queries)?,
            work: &work,
            connections: args.connections,
            duration: &args.duration,
            mixed: args.mixed,
            import_every: args.import_every.map(std::time::Duration::from_secs),
        });
    }
    let mut out = std::io::stdout().lock();

    // 1. Import.
    let files = import::collect_all(&args.corpus)?;
    let data_dir = work.join("data");
    // The import is measured from an empty data folder every time.
    if data_dir.exists() {
        std::fs::remove_dir_all(&data_dir)
            .with_context(|| format!("kan ikke fjerne {}", data_dir.display()))?;
    }
    let started = Instant::now();
    let store = SqliteStore::open(&data_dir)?;
    let tally = import::import_files(&store, &files, &formats::Limits::default(), None)?;
    let stored = started.elapsed();
    let index = data::open_index(&store, &data_dir.join("index"))?;
    let total = started.elapsed();
    let meetings = all_meetings(&store)?;
    let n_items: usize = meetings.iter().map(|m| m.items.len()).sum();
    writeln!(
        out,
        "import: {} filer, {} møder, {} punkter, {} fejlede; lager {:.2} s, indeks {:.2} s, i alt {:.2} s",
        files.len(),
        meetings.len(),
        n_items,
        tally.failed.len(),
        stored.as_secs_f64(),
        (total - stored).as_secs_f64(),
        total.as_secs_f64()
    )?;

    // The same items for FTS5, stemmed once.
    let docs: Vec<Fts5Doc> = meetings.iter().flat_map(fts5_docs).collect();

    // 2. Relevance on the corpus as imported.
    let judged = read_judgements(&args.judgements)?;
    let fts_one = build_fts5(&work.join("fts5-1.db"), &docs, 1)?;
    let titles = item_titles(&meetings);
    let (mut sum_ours, mut sum_fts) = (0.0, 0.0);
    writeln!(out, "\nrelevans (nDCG@10), {} forespørgsler:", judged.len())?;
    for judgement in &judged {
        let relevant = judgement.relevant(&titles);
        let ours = top_ids(&index, &judgement.query)?;
        let fts = fts5_search(&fts_one, &judgement.query, 10)?.0;
        let (a, b) = (ndcg(&ours, &relevant), ndcg(&fts, &relevant));
        sum_ours += a;
        sum_fts += b;
        writeln!(
            out,
            "  {:<32} relevante {:>4}  referat {:.3}  fts5 {:.3}",
            judgement.query,
            relevant.len(),
            a,
            b
        )?;
    }
    let n = judged.len().max(1) as f64;
    writeln!(
        out,
        "nDCG@10 gennemsnit: referat {:.3}, fts5 {:.3}",
        sum_ours / n,
        sum_fts / n
    )?;
    drop(fts_one);

    // 3. Latency on N copies.
    let queries = read_queries(&args.queries)?;
    // Built once per `--work` folder: a second run with the same corpus and copies reuses
    // both (building them takes most of a run).
    let expected = (n_items * args.copies) as u64;
    let started = Instant::now();
    let index_dir = work.join(format!("index-x{}", args.copies));
    let (big, index_note) = match SearchIndex::open(&index_dir)? {
        Some(index) if index.len() == expected => (index, "genbrugt"),
        _ => {
            let mut lexicon = LexiconBuilder::default();
            for meeting in &meetings {
                lexicon.add_meeting(meeting);
            }
            let big = SearchIndex::create(&index_dir, lexicon.finish())?;
            let mut writer = big.writer()?;
            for copy in 0..args.copies {
                for meeting in &meetings {
                    let mut meeting = meeting.clone();
                    meeting.id = format!("{}-k{copy}", meeting.id);
                    writer.put_meeting(&meeting)?;
                }
            }
            writer.commit(0)?;
            (big, "bygget")
        }
    };
    let index_time = started.elapsed();
    let started = Instant::now();
    let fts_path = work.join(format!("fts5-x{}.db", args.copies));
    let (fts_big, fts_note) = match Fts5Baseline::open(&fts_path)? {
        Some((fts, count)) if count == expected => (fts, "genbrugt"),
        _ => (build_fts5(&fts_path, &docs, args.copies)?, "bygget"),
    };
    let fts_time = started.elapsed();
    writeln!(
        out,
        "\n×{}: {} punkter; tantivy {index_note} på {:.1} s, FTS5 {fts_note} på {:.1} s",
        args.copies,
        big.len(),
        index_time.as_secs_f64(),
        fts_time.as_secs_f64()
    )?;
    // Every round searches: the cache of recent searches would answer the rounds after the
    // first.
    big.set_cache(0);
    let rounds = 5;
    // Per query, its samples; all samples sorted.
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
    let measure = |per_query: &mut Vec<Vec<Duration>>,
                   run: &mut dyn FnMut(&str) -> anyhow::Result<()>|
     -> anyhow::Result<Vec<Duration>> {
        for query in &queries {
            run(query)?; // warm-up
        }
        for samples in per_query.iter_mut() {
            samples.clear();
        }
        let mut samples = Vec::new();
        for _ in 0..rounds {
            for (query, mine) in queries.iter().zip(per_query.iter_mut()) {
                let started = Instant::now();
                run(query)?;
                samples.push(started.elapsed());
                mine.push(started.elapsed());
            }
        }
        samples.sort();
        Ok(samples)
    };
    let plain = measure(&mut per_query, &mut |query| {
        big.search(&Request {
            snippets: false,
            ..Request::new(query)
        })?;
        Ok(())
    })?;
    let slowest = slowest(&queries, &per_query);
    let with_snippets = measure(&mut per_query, &mut |query| {
        big.search(&Request::new(query))?;
        Ok(())
    })?;
    let fts = measure(&mut per_query, &mut |query| {
        fts5_search(&fts_big, query, 10)?;
        Ok(())
    })?;
    writeln!(
        out,
        "latens over {} forespørgsler × {rounds}: (p50 / p99 / middel)",
        queries.len()
    )?;
    for (name, samples) in [
        ("referat, top 10 + antal", &plain),
        ("referat, med uddrag", &with_snippets),
        ("FTS5, top 10 + antal", &fts),
    ] {
        writeln!(
            out,
            "  {name:<26} {:>8.3} ms {:>8.3} ms {:>8.3} ms",
            ms(percentile(samples, 50)),
            ms(percentile(samples, 99)),
            ms(mean(samples))
        )?;
    }
    writeln!(
        out,
        "langsomste forespørgsler (referat, top 10 + antal; median):"
    )?;
    for (query, median) in slowest {
        writeln!(out, "  {query:<32} {:>8.3} ms", ms(median))?;
    }
    writeln!(
        out,
        "FTS5 / referat: p50 {:.1}×, p99 {:.1}×, middel {:.1}×",
        ms(percentile(&fts, 50)) / ms(percentile(&plain, 50)),
        ms(percentile(&fts, 99)) / ms(percentile(&plain, 99)),
        ms(mean(&fts)) / ms(mean(&plain))
    )?;

    // PostgreSQL mode, side by side.
    if let Some(url) = &args.database {
        let embedded = bench_pg::Embedded {
            meetings: &meetings,
            ndcg: sum_ours / n,
            latency: &plain,
            big: &big,
            copies: args.copies,
        };
        bench_pg::run(&mut out, url, &files, &work, &judged, &queries, &embedded)?;
    }

    // 4. Memory.
    writeln!(out, "\nhukommelse, højeste (VmHWM): {}", peak_memory())?;
    Ok(ExitStatus::Success)
}

/// The five queries with the highest median time, slowest first.
fn slowest<'a>(queries: &'a [String], samples: &[Vec<Duration>]) -> Vec<(&'a str, Duration)> {
    let mut medians: Vec<(&str, Duration)> = queries
        .iter()
        .zip(samples)
        .map(|(query, samples)| {
            let mut sorted = samples.clone();
            sorted.sort();
            (query.as_str(), percentile(&sorted, 50))
        })
        .collect();
    medians.sort_by_key(|(_, median)| std::cmp::Reverse(*median));
    medians.truncate(5);
    medians
}

pub(crate) fn all_meetings(store: &dyn Store) -> anyhow::Result<Vec<Meeting>> {
    store
        .meetings(&MeetingFilter::default(), Page::ALL)?
        .into_iter()
        .map(|summary| Ok(store.meeting(&summary.id)?))
        .collect()
}

fn stemmed(texts: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut out = String::new();
    for text in texts {
        for stem in analysis::stems(text.as_ref()) {
            out.push_str(&stem);
            out.push(' ');
        }
    }
    out
}

fn fts5_docs(meeting: &Meeting) -> Vec<Fts5Doc> {
    meeting
        .items
        .iter()
        .zip(model::item_keys(&meeting.items))
        .map(|(item, key)| Fts5Doc {
            id: format!("{}/{key}", meeting.id),
            title: stemmed([&item.title]),
            decisions: stemmed(item.decisions.iter().map(|d| &d.text)),
            actions: stemmed(item.actions.iter().map(|a| &a.text)),
            text: stemmed([&item.text]),
        })
        .collect()
}

fn build_fts5(path: &Path, docs: &[Fts5Doc], copies: usize) -> anyhow::Result<Fts5Baseline> {
    let _ = std::fs::remove_file(path);
    let mut fts = Fts5Baseline::create(path)?;
    for copy in 0..copies {
        let batch: Vec<Fts5Doc> = docs
            .iter()
            .map(|doc| {
                let mut doc = doc.clone();
                if copies > 1 {
                    let (meeting, item) = doc.id.split_once('/').unwrap_or((&doc.id, ""));
                    doc.id = format!("{meeting}-k{copy}/{item}");
                }
                doc
            })
            .collect();
        fts.add(&batch)?;
    }
    fts.optimize()?;
    Ok(fts)
}

/// FTS5 with the index's rule: every word, or any word when none has all.
fn fts5_search(
    fts: &Fts5Baseline,
    query: &str,
    limit: usize,
) -> anyhow::Result<(Vec<String>, u64)> {
    let stems = analysis::stems(query);
    let strict = fts.search(&stems, true, limit)?;
    if strict.1 == 0 && stems.len() > 1 {
        return Ok(fts.search(&stems, false, limit)?);
    }
    Ok(strict)
}

/// One judged query: relevant items are those whose title contains any of `any` (and all of
/// `all`), lower-cased.
pub(crate) struct Judgement {
    pub(crate) query: String,
    any: Vec<String>,
    all: Vec<String>,
}

impl Judgement {
    pub(crate) fn matches(&self, title: &str) -> bool {
        (self.any.is_empty() || self.any.iter().any(|w| title.contains(w.as_str())))
            && self.all.iter().all(|w| title.contains(w.as_str()))
    }

    /// Ids of the items of `titles` (see [`item_titles`]) that this query should find.
    pub(crate) fn relevant<'a>(&self, titles: &'a [(String, String)]) -> HashSet<&'a str> {
        titles
            .iter()
            .filter(|(_, title)| self.matches(title))
            .map(|(id, _)| id.as_str())
            .collect()
    }
}

/// `(item id, lower-cased title)` of every item of `meetings`, the judgements' ground.
/// Every item's id (`<meeting id>/<number>`, as the index gives it) and its title.
pub(crate) fn item_titles(meetings: &[Meeting]) -> Vec<(String, String)> {
    meetings
        .iter()
        .flat_map(|m| {
            m.items
                .iter()
                .zip(model::item_keys(&m.items))
                .map(move |(item, key)| (format!("{}/{key}", m.id), item.title.to_lowercase()))
        })
        .collect()
}

/// Item ids by position (`<meeting id>/<position>`, as PostgreSQL's baseline gives them)
/// to the ids by number the index gives.
pub(crate) fn ids_by_position(meetings: &[Meeting]) -> HashMap<String, String> {
    meetings
        .iter()
        .flat_map(|m| {
            model::item_keys(&m.items)
                .into_iter()
                .enumerate()
                .map(move |(idx, key)| (format!("{}/{}", m.id, idx + 1), format!("{}/{key}", m.id)))
        })
        .collect()
}

/// The ids of the index's first page of hits for `query`, without snippets.
pub(crate) fn top_ids(index: &SearchIndex, query: &str) -> anyhow::Result<Vec<String>> {
    Ok(index
        .search(&Request {
            snippets: false,
            ..Request::new(query)
        })?
        .hits
        .into_iter()
        // A case folded under a hit is listed with it, a link each: read in that order.
        .flat_map(|hit| std::iter::once(hit.id).chain(hit.also.into_iter().map(|also| also.id)))
        .take(10)
        .collect())
}

/// Reads the judgements file: blocks of `query:`, `title-any:` (`|`-separated),
/// `title-all:`, `why:` lines; `#` starts a comment.
fn read_judgements(path: &Path) -> anyhow::Result<Vec<Judgement>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("kan ikke læse vurderingerne i {}", path.display()))?;
    let mut out: Vec<Judgement> = Vec::new();
    let list = |value: &str| -> Vec<String> {
        value
            .split('|')
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    };
    for line in text.lines() {
        let line = line.trim();
        if let Some(query) = line.strip_prefix("query:") {
            out.push(Judgement {
                query: query.trim().to_owned(),
                any: Vec::new(),
                all: Vec::new(),
            });
        } else if let (Some(value), Some(last)) = (line.strip_prefix("title-any:"), out.last_mut())
        {
            last.any = list(value);
        } else if let (Some(value), Some(last)) = (line.strip_prefix("title-all:"), out.last_mut())
        {
            last.all = list(value);
        }
    }
    Ok(out)
}

fn read_queries(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("kan ikke læse forespørgslerne i {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

/// nDCG@10 with binary relevance.
pub(crate) fn ndcg(ranked: &[String], relevant: &HashSet<&str>) -> f64 {
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .filter(|(_, id)| relevant.contains(id.as_str()))
        .map(|(rank, _)| 1.0 / ((rank + 2) as f64).log2())
        .sum();
    let ideal: f64 = (0..relevant.len().min(10))
        .map(|rank| 1.0 / ((rank + 2) as f64).log2())
        .sum();
    if ideal == 0.0 { 0.0 } else { dcg / ideal }
}

pub(crate) fn percentile(sorted: &[Duration], pct: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() * pct).div_ceil(100)).clamp(1, sorted.len()) - 1;
    sorted[idx]
}

pub(crate) fn mean(samples: &[Duration]) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.iter().sum::<Duration>() / u32::try_from(samples.len()).unwrap_or(u32::MAX)
}

pub(crate) fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "ukendt (ingen /proc/self/status)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndcg_rewards_early_hits() {
        let relevant: HashSet<&str> = ["a", "b"].into_iter().collect();
        let ids = |xs: &[&str]| xs.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert!((ndcg(&ids(&["a", "b", "c"]), &relevant) - 1.0).abs() < 1e-9);
        assert!(ndcg(&ids(&["c", "a", "b"]), &relevant) < 1.0);
        assert_eq!(ndcg(&ids(&["c"]), &relevant), 0.0);
    }
}
