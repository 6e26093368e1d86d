//! `referat bench CORPUS... --web`: the load benchmark of issue 5. Builds a data folder
//! holding the corpus `N` times (ids changed; the originals are kept once) with its search
//! index, starts `referat serve` on it as a child process, runs `wrk` against a meeting page
//! and against the search API (a Lua script rotates over many meetings and the fixed query
//! list), each after a short unmeasured warm-up, and reports requests per second, p99
//! latency and the server's peak memory (VmHWM of `/proc/<pid>/status`) beside the targets.
//! The search API is measured again on a server without the cache of counts per filter
//! value (`serve --search-cache 0`), since the fixed query list repeats.
//!
//! Needs `wrk` (Debian package `wrk`). The folder is kept in `--work` when given, and reused
//! when it already holds the right number of meetings; building it takes minutes.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use store::{MeetingFilter, Page, SqliteStore, Store};

use crate::ExitStatus;
use crate::commands::{data, import};

/// Targets of issue 5.
const TARGET_RPS: f64 = 2_000.0;
const TARGET_P99_MS: f64 = 50.0;
const TARGET_PEAK_MB: f64 = 150.0;

/// The unmeasured run before each measured one.
const WARM_UP: &str = "5s";

/// How many meeting pages the meeting run rotates over.
const MEETING_PATHS: usize = 1_000;

/// What the load benchmark needs from `referat bench`'s arguments.
pub(crate) struct WebBench<'a> {
    pub(crate) corpus: &'a [PathBuf],
    pub(crate) copies: usize,
    pub(crate) queries: &'a [String],
    pub(crate) work: &'a Path,
    pub(crate) connections: usize,
    pub(crate) duration: &'a str,
    /// One long mixed run over thousands of distinct URLs instead (see [`mixed`]).
    pub(crate) mixed: bool,
    /// During the mixed run, a new version of one meeting imported this often.
    pub(crate) import_every: Option<Duration>,
}

pub(crate) fn run(bench: &WebBench<'_>) -> anyhow::Result<ExitStatus> {
    let mut out = std::io::stdout().lock();
    if Command::new("wrk").arg("--version").output().is_err() {
        bail!("wrk mangler: installér Debian-pakken `wrk` (apt-get install wrk)");
    }
    let data_dir = bench.work.join(format!("web-data-x{}", bench.copies));
    let started = Instant::now();
    let ids = build(bench, &data_dir)?;
    writeln!(
        out,
        "datamappe: {} med {} møder (×{}), klar efter {:.1} s",
        data_dir.display(),
        ids.len(),
        bench.copies,
        started.elapsed().as_secs_f64()
    )?;
    if bench.mixed {
        drop(out);
        return mixed(bench, &data_dir, &ids);
    }

    // Meeting pages spread over the whole corpus, in a fixed order.
    let step = (ids.len() / MEETING_PATHS).max(1);
    let meeting_paths: Vec<String> = ids
        .iter()
        .step_by(step)
        .take(MEETING_PATHS)
        .map(|id| format!("/moeder/{id}"))
        .collect();
    let search_paths: Vec<String> = bench
        .queries
        .iter()
        .map(|query| format!("/api/v1/search?q={}", web::percent_encode(query)))
        .collect();

    let addr = free_port()?;
    let mut server = Server::start(&data_dir, addr, &[])?;
    writeln!(
        out,
        "server: pid {} på http://{addr}/, hukommelse efter start {}",
        server.child.id(),
        server.memory("VmRSS")
    )?;
    writeln!(
        out,
        "wrk: {} forbindelser, {} efter {WARM_UP} opvarmning, 2 tråde; maskinens belastning før: {}",
        bench.connections,
        bench.duration,
        load_average()
    )?;
    let sampler = PeakSampler::start(server.child.id());
    let mut all_met = true;
    for (name, paths) in [
        ("mødeside /moeder/{id}", &meeting_paths),
        ("søge-API /api/v1/search?q=…", &search_paths),
    ] {
        let script = bench.work.join("wrk-paths.lua");
        std::fs::write(&script, lua_script(paths))?;
        // A short unmeasured run first, as a server that has been up a while: the pages of
        // the database and index files are read in, the threads and connections started.
        wrk(addr, &script, bench.connections, WARM_UP)?;
        let report = wrk(addr, &script, bench.connections, bench.duration)?;
        let met = report.requests_per_sec >= TARGET_RPS && report.p99_ms <= TARGET_P99_MS;
        all_met &= met && report.errors == 0;
        writeln!(
            out,
            "  {name:<28} {:>8.0} forespørgsler/s (mål ≥ {TARGET_RPS:.0}), p50 {:.2} ms, p99 {:.2} ms (mål ≤ {TARGET_P99_MS:.0}), fejl {}{}",
            report.requests_per_sec,
            report.p50_ms,
            report.p99_ms,
            report.errors,
            if met { "" } else { "  ← under målet" }
        )?;
    }
    // The resident memory split into the server's own (anonymous) memory and the pages of
    // mapped files (the index's files, shared with the page cache), highest seen.
    let (anon, file) = sampler.stop();
    writeln!(
        out,
        "server, højeste under kørslen (målt hvert 50. ms): RssAnon {:.0} MB, RssFile {:.0} MB",
        anon as f64 / 1024.0,
        file as f64 / 1024.0
    )?;
    let peak = server.memory("VmHWM");
    let peak_mb = kilobytes(&peak).map_or(f64::NAN, |kb| kb as f64 / 1024.0);
    all_met &= peak_mb <= TARGET_PEAK_MB;
    writeln!(
        out,
        "server, højeste hukommelse (VmHWM): {peak} = {peak_mb:.0} MB (mål ≤ {TARGET_PEAK_MB:.0} MB); belastning efter: {}",
        load_average()
    )?;
    server.stop();

    // The search API's query list repeats, so after its first round the counts per filter
    // value and the best hits come from the server's cache; the same run without the cache
    // shows what a search costs when every query is new.
    let addr = free_port()?;
    let mut uncached = Server::start(&data_dir, addr, &["--search-cache", "0"])?;
    let script = bench.work.join("wrk-paths.lua");
    std::fs::write(&script, lua_script(&search_paths))?;
    wrk(addr, &script, bench.connections, WARM_UP)?;
    let report = wrk(addr, &script, bench.connections, bench.duration)?;
    writeln!(
        out,
        "  {:<28} {:>8.0} forespørgsler/s, p50 {:.2} ms, p99 {:.2} ms, fejl {} (til oplysning: serve --search-cache 0)",
        "søge-API uden søgecache",
        report.requests_per_sec,
        report.p50_ms,
        report.p99_ms,
        report.errors,
    )?;
    uncached.stop();
    writeln!(
        out,
        "{}",
        if all_met {
            "alle mål nået"
        } else {
            "ikke alle mål nået"
        }
    )?;
    Ok(ExitStatus::Success)
}

/// How often the mixed run reads the server's memory.
const SAMPLE_EVERY: Duration = Duration::from_secs(10);

/// The mixed load of issue 19: one wrk run of `--duration` over a few thousand distinct real
/// URLs in a shuffled order, so that caches see what real users send (few repeats), with the
/// server's memory printed every 10 s, then again after the load has stopped.
fn mixed(bench: &WebBench<'_>, data_dir: &Path, ids: &[String]) -> anyhow::Result<ExitStatus> {
    // Not locked: the sampler thread prints while the load runs.
    let mut out = std::io::stdout();
    let paths = {
        let store = SqliteStore::open(data_dir)?;
        mixed_paths(&store, ids)?
    };
    let distinct: std::collections::HashSet<&String> = paths.iter().collect();
    writeln!(
        out,
        "blandet belastning: {} adresser ({} forskellige)",
        paths.len(),
        distinct.len()
    )?;
    let addr = free_port()?;
    let mut server = Server::start(data_dir, addr, &[])?;
    let pid = server.child.id();
    writeln!(
        out,
        "server: pid {pid} på http://{addr}/, hukommelse efter start {}",
        server.memory("VmRSS")
    )?;
    writeln!(
        out,
        "wrk: {} forbindelser i {}, 2 tråde; maskinens belastning før: {}",
        bench.connections,
        bench.duration,
        load_average()
    )?;
    let script = bench.work.join("wrk-mixed.lua");
    std::fs::write(&script, lua_script(&paths))?;

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = std::sync::Arc::clone(&stop);
    let started = Instant::now();
    let sampler = std::thread::spawn(move || {
        let mut samples = Vec::new();
        let mut next = started + SAMPLE_EVERY;
        while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
            if Instant::now() >= next {
                next += SAMPLE_EVERY;
                let sample = MemorySample::read(pid, started.elapsed());
                println!("  {sample}");
                samples.push(sample);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        samples
    });
    let importer = bench.import_every.map(|every| {
        let stopped = std::sync::Arc::clone(&stop);
        let corpus = bench.corpus.to_vec();
        let (work, data_dir) = (bench.work.to_owned(), data_dir.to_owned());
        std::thread::spawn(move || imports(&corpus, &work, &data_dir, every, &stopped))
    });
    let report = wrk(addr, &script, bench.connections, bench.duration);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let samples = sampler.join().unwrap_or_default();
    let imported = importer.map(|thread| {
        thread
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("importen gik ned")))
    });
    let report = report?;
    // After the load: does the server give back what it took?
    std::thread::sleep(Duration::from_secs(15));
    let after = MemorySample::read(pid, started.elapsed());
    let peak = server.memory("VmHWM");
    let peak_mb = kilobytes(&peak).map_or(f64::NAN, |kb| kb as f64 / 1024.0);
    server.stop();

    writeln!(
        out,
        "  {:.0} forespørgsler/s, p50 {:.2} ms, p99 {:.2} ms, fejl {}",
        report.requests_per_sec, report.p50_ms, report.p99_ms, report.errors
    )?;
    let mut imports_failed = 0;
    if let Some(imported) = imported {
        let mut imported = imported?;
        imports_failed = imported.failed;
        imported.seconds.sort_by(f64::total_cmp);
        writeln!(
            out,
            "  importeret imens: {} nye versioner, {} fejlede; median {:.2} s, højst {:.2} s",
            imported.seconds.len(),
            imported.failed,
            imported
                .seconds
                .get(imported.seconds.len() / 2)
                .copied()
                .unwrap_or(0.0),
            imported.seconds.last().copied().unwrap_or(0.0)
        )?;
    }
    // Flat after warm-up: the last half of the run against its second quarter, by the
    // highest RSS (what the answers in flight add at a sample is noise here: one large
    // answer is tens of megabytes) and by the lowest (what the server keeps between them:
    // a leak or a growing cache raises it).
    let quarter = samples.len() / 4;
    let (second_quarter, last_half) = (
        samples.get(quarter..samples.len() / 2).unwrap_or(&[]),
        samples.get(samples.len() / 2..).unwrap_or(&[]),
    );
    let growth = |pick: fn(&[MemorySample]) -> u64| {
        let (early, late) = (pick(second_quarter), pick(last_half));
        (early, late, late as f64 / early.max(1) as f64 - 1.0)
    };
    let (early_high, late_high, growth_high) =
        growth(|part| part.iter().map(|s| s.rss_kb).max().unwrap_or(0));
    let (early_low, late_low, growth_low) =
        growth(|part| part.iter().map(|s| s.rss_kb).min().unwrap_or(0));
    let mb = |kb: u64| kb as f64 / 1024.0;
    writeln!(
        out,
        "  hukommelse: højeste {peak_mb:.0} MB (mål ≤ {TARGET_PEAK_MB:.0} MB); anden fjerdedel {:.0} til {:.0} MB, sidste halvdel {:.0} til {:.0} MB (laveste {:+.1} %, højeste {:+.1} %); 15 s efter belastningen {:.0} MB",
        mb(early_low),
        mb(early_high),
        mb(late_low),
        mb(late_high),
        growth_low * 100.0,
        growth_high * 100.0,
        mb(after.rss_kb)
    )?;
    writeln!(out, "maskinens belastning efter: {}", load_average())?;
    // Flat: what the server keeps between answers grows at most 5 %.
    let met = report.errors == 0
        && imports_failed == 0
        && peak_mb <= TARGET_PEAK_MB
        && growth_low <= 0.05;
    writeln!(
        out,
        "{}",
        if met {
            "alle mål nået (fejl 0, højst 150 MB, flad efter opvarmning)"
        } else {
            "ikke alle mål nået"
        }
    )?;
    Ok(ExitStatus::Success)
}

/// What the imports beside the mixed run did.
struct Imported {
    /// The time of each import that succeeded.
    seconds: Vec<f64>,
    failed: usize,
}

/// Until `stop`: every `every`, one file of `corpus` in turn, with a byte added (so it is
/// a new version of its meeting), imported into `data_dir` by `referat import` in a process
/// of its own, as an import beside a running server is.
fn imports(
    corpus: &[PathBuf],
    work: &Path,
    data_dir: &Path,
    every: Duration,
    stop: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<Imported> {
    let exe = std::env::current_exe().context("kan ikke finde referat selv")?;
    let files = import::collect_all(corpus)?;
    let folder = work.join("imports");
    std::fs::create_dir_all(&folder)?;
    let mut imported = Imported {
        seconds: Vec::new(),
        failed: 0,
    };
    let mut next = Instant::now() + every;
    for round in 0.. {
        while Instant::now() < next {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return Ok(imported);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        next += every;
        let Some(source) = files
            .get(round % files.len().max(1))
            .map(|found| &found.path)
        else {
            bail!("korpusset har ingen filer at importere");
        };
        let mut bytes = std::fs::read(source)?;
        // One more trailing newline per round through the corpus: new bytes, same meeting.
        bytes.extend(std::iter::repeat_n(b'\n', round / files.len() + 1));
        let file = folder.join(source.file_name().unwrap_or_default());
        std::fs::write(&file, &bytes)?;
        let started = Instant::now();
        let status = Command::new(&exe)
            .env("REFERAT_LOG_FORMAT", "fra")
            .arg("import")
            .arg(&file)
            .arg("--data")
            .arg(data_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .context("kan ikke starte referat import")?;
        let _ = std::fs::remove_file(&file);
        if status.success() {
            imported.seconds.push(started.elapsed().as_secs_f64());
        } else {
            imported.failed += 1;
        }
    }
    Ok(imported)
}

/// The server's memory at one moment.
struct MemorySample {
    at: Duration,
    rss_kb: u64,
    anon_kb: u64,
    file_kb: u64,
}

impl MemorySample {
    fn read(pid: u32, at: Duration) -> MemorySample {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |key: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(key))
                .and_then(|value| kilobytes(value.trim()))
                .unwrap_or(0)
        };
        MemorySample {
            at,
            rss_kb: field("VmRSS:"),
            anon_kb: field("RssAnon:"),
            file_kb: field("RssFile:"),
        }
    }
}

impl std::fmt::Display for MemorySample {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>4} s: RSS {:>4.0} MB (egen {:.0} MB, filer {:.0} MB)",
            self.at.as_secs(),
            self.rss_kb as f64 / 1024.0,
            self.anon_kb as f64 / 1024.0,
            self.file_kb as f64 / 1024.0
        )
    }
}

/// A few thousand distinct real URLs over the whole copied corpus, the way a public site is
/// visited: mostly meeting and item pages and searches (each query different, built from the
/// words of item titles), some people and register pages, the API, and now and then a feed,
/// a calendar or an export. Shuffled with a fixed seed so every run sends the same.
fn mixed_paths(store: &SqliteStore, ids: &[String]) -> anyhow::Result<Vec<String>> {
    let encode = web::percent_encode;
    let mut paths = Vec::new();
    let step = (ids.len() / 800).max(1);
    let mut words: Vec<String> = Vec::new();
    let mut bodies: Vec<String> = Vec::new();
    for (n, id) in ids.iter().step_by(step).take(800).enumerate() {
        let meeting = store.meeting(id)?;
        if !bodies.contains(&meeting.body) {
            bodies.push(meeting.body.clone());
        }
        paths.push(format!("/moeder/{id}"));
        if n % 4 == 0 {
            paths.push(format!("/api/v1/meetings/{id}"));
        }
        for (position, item) in meeting.items.iter().enumerate().take(3) {
            paths.push(format!("/punkter/{id}/{}", position + 1));
            if n % 3 == 0 {
                paths.push(format!("/api/v1/items/{id}/{}", position + 1));
            }
            words.extend(
                item.title
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|word| word.chars().count() >= 5)
                    .map(str::to_lowercase),
            );
        }
    }
    words.sort();
    words.dedup();
    // Queries of one, two and three title words, each sent once.
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |bound: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % bound.max(1) as u64) as usize
    };
    if !words.is_empty() {
        for n in 0..1_500 {
            let mut query = words[next(words.len())].clone();
            for _ in 0..n % 3 {
                query.push(' ');
                query.push_str(&words[next(words.len())]);
            }
            let q = encode(&query);
            paths.push(match n % 6 {
                0 | 1 => format!("/soeg?q={q}"),
                2 => format!("/soeg?q={q}&body={}", encode(&bodies[n % bodies.len()])),
                3 | 4 => format!("/api/v1/search?q={q}"),
                _ => format!("/feeds/soeg.atom?q={q}"),
            });
        }
    }
    for person in store.people()?.iter().take(300) {
        paths.push(format!("/personer/{}", encode(&person.name)));
        paths.push(format!("/opfoelgning?owner={}", encode(&person.name)));
    }
    for body in &bodies {
        paths.push(format!("/opfoelgning?body={}", encode(body)));
        paths.push(format!("/kalender/moeder.ics?body={}", encode(body)));
        paths.push(format!("/api/v1/meetings?body={}", encode(body)));
    }
    for offset in (0..ids.len()).step_by((ids.len() / 100).max(1)).take(100) {
        paths.push(format!("/api/v1/meetings?offset={offset}&limit=20"));
    }
    for path in [
        "/",
        "/moeder",
        "/personer",
        "/opfoelgning",
        "/opfoelgning?status=all",
        "/api/v1/overview",
        "/api/v1/people",
        "/api/v1/actions",
        "/api/v1/oparl/system",
        "/api/v1/oparl/body",
        "/api/v1/oparl/meetings",
        "/feeds/moeder.atom",
        "/kalender/moeder.ics",
        "/kalender/opfoelgning.ics",
        "/eksport/opfoelgning.csv",
        "/eksport/beslutninger.csv",
        "/style.css",
    ] {
        paths.push(path.to_owned());
    }
    // Fisher–Yates with the generator above.
    for i in (1..paths.len()).rev() {
        paths.swap(i, next(i + 1));
    }
    Ok(paths)
}

/// The data folder with `copies` copies of the corpus, built unless it is there already;
/// the ids of its meetings.
fn build(bench: &WebBench<'_>, data_dir: &Path) -> anyhow::Result<Vec<String>> {
    let list = |store: &SqliteStore| -> anyhow::Result<Vec<String>> {
        Ok(store
            .meetings(&MeetingFilter::default(), Page::ALL)?
            .into_iter()
            .map(|summary| summary.id)
            .collect())
    };
    if data_dir.join(store::DB_FILE).exists() {
        let store = SqliteStore::open(data_dir)?;
        let ids = list(&store)?;
        let originals = ids.iter().filter(|id| !is_copy(id)).count();
        if originals > 0 && ids.len() == originals * bench.copies {
            data::open_index(&store, &data_dir.join("index"))?;
            return Ok(ids);
        }
        drop(store);
        std::fs::remove_dir_all(data_dir)
            .with_context(|| format!("kan ikke fjerne {}", data_dir.display()))?;
    }
    let store = SqliteStore::open(data_dir)?;
    let files = import::collect_all(bench.corpus)?;
    let tally = import::import_files(&store, &files, &formats::Limits::default(), None)?;
    if !tally.failed.is_empty() {
        bail!("{} filer kunne ikke importeres", tally.failed.len());
    }
    let originals = list(&store)?;
    for copy in 1..bench.copies {
        for id in &originals {
            let mut meeting = store.meeting(id)?;
            meeting.id = format!("{id}-k{copy}");
            // The copies share the original's kept bytes.
            let sha256 = meeting.source.sha256.clone();
            store.put_meeting(&meeting, &sha256)?;
        }
    }
    data::open_index(&store, &data_dir.join("index"))?;
    list(&store)
}

/// Whether `id` is one of the copies (`<id>-k<n>`).
fn is_copy(id: &str) -> bool {
    id.rsplit_once("-k")
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A wrk script that requests `paths` in turn.
fn lua_script(paths: &[String]) -> String {
    let mut script = String::from("local paths = {\n");
    for path in paths {
        script.push_str(&format!("  {path:?},\n"));
    }
    script.push_str(
        "}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  \
         return wrk.format(\"GET\", paths[i])\nend\n",
    );
    script
}

fn free_port() -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").context("ingen fri port")?;
    Ok(listener.local_addr()?)
}

/// `referat serve` as a child process.
struct Server {
    child: Child,
}

impl Server {
    fn start(data_dir: &Path, addr: SocketAddr, extra: &[&str]) -> anyhow::Result<Server> {
        let exe = std::env::current_exe().context("kan ikke finde referat selv")?;
        let mut child = Command::new(exe)
            // A log line per request would cost the measurement and flood the report.
            .env("REFERAT_LOG_FORMAT", "fra")
            .arg("serve")
            .args(extra)
            .arg("--addr")
            .arg(addr.to_string())
            .arg("--data")
            .arg(data_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("kan ikke starte referat serve")?;
        // The server prints its address once it listens.
        if let Some(stdout) = child.stdout.take() {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line)?;
        }
        let deadline = Instant::now() + Duration::from_secs(120);
        while TcpStream::connect(addr).is_err() {
            if Instant::now() > deadline {
                let _ = child.kill();
                bail!("serveren svarede ikke på {addr}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Server { child })
    }

    /// A line of the child's `/proc/<pid>/status`, e.g. `VmHWM`.
    fn memory(&self, key: &str) -> String {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find_map(|line| line.strip_prefix(&format!("{key}:")))
                    .map(|value| value.trim().to_owned())
            })
            .unwrap_or_else(|| "ukendt".into())
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `"123456 kB"` → 123456.
/// Samples a process's RssAnon and RssFile in a thread and keeps the highest of each.
struct PeakSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<(u64, u64)>,
}

impl PeakSampler {
    fn start(pid: u32) -> PeakSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = std::sync::Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let (mut anon, mut file) = (0, 0);
            while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
                    for line in status.lines() {
                        if let Some(value) = line.strip_prefix("RssAnon:") {
                            anon = anon.max(kilobytes(value.trim()).unwrap_or(0));
                        } else if let Some(value) = line.strip_prefix("RssFile:") {
                            file = file.max(kilobytes(value.trim()).unwrap_or(0));
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            (anon, file)
        });
        PeakSampler { stop, thread }
    }

    /// The highest RssAnon and RssFile seen, in kB.
    fn stop(self) -> (u64, u64) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().unwrap_or((0, 0))
    }
}

fn kilobytes(value: &str) -> Option<u64> {
    value.split_whitespace().next()?.parse().ok()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|raw| raw.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "ukendt".into())
}

/// What one wrk run measured.
#[derive(Debug, Default, PartialEq)]
struct WrkReport {
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// Socket errors and non-2xx/3xx answers.
    errors: u64,
}

fn wrk(
    addr: SocketAddr,
    script: &Path,
    connections: usize,
    duration: &str,
) -> anyhow::Result<WrkReport> {
    let output = Command::new("wrk")
        // A slow answer is not a failed one: wrk's own 2 s limit counted every whole-corpus
        // export of a large corpus as an error. The server's request deadline (30 s, then
        // 503) is the limit; what exceeds it is a non-2xx answer.
        .arg("--timeout")
        .arg("31s")
        .arg("-t2")
        .arg(format!("-c{connections}"))
        .arg(format!("-d{duration}"))
        .arg("--latency")
        .arg("-s")
        .arg(script)
        .arg(format!("http://{addr}"))
        .output()
        .context("kan ikke køre wrk")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "wrk fejlede: {}{}",
            text,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    parse_wrk(&text).with_context(|| format!("kan ikke læse wrk's rapport:\n{text}"))
}

/// A wrk duration (`812.00us`, `1.20ms`, `2.01s`) in milliseconds.
fn millis(raw: &str) -> Option<f64> {
    let split = raw.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = raw.split_at(split);
    let number: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => number / 1000.0,
        "ms" => number,
        "s" => number * 1000.0,
        "m" => number * 60_000.0,
        _ => return None,
    })
}

fn parse_wrk(text: &str) -> Option<WrkReport> {
    let mut report = WrkReport::default();
    let mut seen_rps = false;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", value] => {
                report.requests_per_sec = value.parse().ok()?;
                seen_rps = true;
            }
            ["50%", value] => report.p50_ms = millis(value)?,
            ["99%", value] => report.p99_ms = millis(value)?,
            ["Non-2xx", "or", "3xx", "responses:", n] => report.errors += n.parse::<u64>().ok()?,
            ["Socket", "errors:", rest @ ..] => {
                report.errors += rest
                    .iter()
                    .filter_map(|word| word.trim_end_matches(',').parse::<u64>().ok())
                    .sum::<u64>();
            }
            _ => {}
        }
    }
    seen_rps.then_some(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_wrk_report() {
        let text = "Running 30s test @ http://127.0.0.1:8080
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.51ms    3.20ms  60.02ms   80.00%
  Latency Distribution
     50%    9.80ms
     75%   11.00ms
     90%   13.00ms
     99%   20.50ms
  182340 requests in 30.00s, 1.20GB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   6078.00
Transfer/sec:     40.00MB
";
        assert_eq!(
            parse_wrk(text),
            Some(WrkReport {
                requests_per_sec: 6078.0,
                p50_ms: 9.8,
                p99_ms: 20.5,
                errors: 7,
            })
        );
        assert_eq!(millis("812.00us"), Some(0.812));
        assert_eq!(millis("2.00s"), Some(2000.0));
        assert!(parse_wrk("nothing").is_none());
    }

    #[test]
    fn copies_and_urls() {
        assert!(is_copy("byraad-2025-01-01-k12"));
        assert!(!is_copy("byraad-2025-01-01"));
        assert!(!is_copy("kunst-kultur-2025-01-01"));
        assert_eq!(
            web::percent_encode("ukrainske flygtninge"),
            "ukrainske%20flygtninge"
        );
        assert_eq!(web::percent_encode("år"), "%C3%A5r");
        assert!(lua_script(&["/a".into()]).contains("\"/a\","));
    }
}
