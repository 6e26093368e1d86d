//! `referat serve [--addr 127.0.0.1:8080] [--data DIR | --database URL]`: serves the pages,
//! API and feeds of the data folder, or of a PostgreSQL database that several `referat
//! serve` processes share behind a load balancer. It owns the async runtime, reads the clock for "today" and supplies the
//! web crate with the way to read originals back into lines; the server itself is `web`.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;

use crate::ExitStatus;
use crate::commands::data::{self, DataArgs};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Adressen, der lyttes på.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADRESSE")]
    addr: SocketAddr,
    /// Hvor mange af de seneste søgningers optællinger pr. filterværdi og sider med bedste
    /// hits der huskes, til indekset ændres (0: søg forfra hver gang).
    #[arg(long, default_value_t = search::CACHE_ENTRIES, value_name = "ANTAL")]
    search_cache: usize,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: ServeArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_store()?;
    let index =
        data::open_index(&*store, &args.data.index_dir()).context("kan ikke åbne søgeindekset")?;
    index.set_cache(args.search_cache);
    let index = Arc::new(index);
    if args.data.database_url().is_some() {
        // Other nodes import into the shared database: this node's index follows it.
        data::follow(Arc::clone(&store), Arc::clone(&index), FOLLOW_EVERY);
    }
    serve(store, index, args.addr, false)?;
    Ok(ExitStatus::Success)
}

/// Most threads running store and index calls at once.
const BLOCKING_THREADS: usize = 8;

/// How often a node on a shared database looks for changes made by other nodes.
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Today in Copenhagen, read from the clock at each call.
fn today() -> model::Date {
    jiff::Zoned::now()
        .in_tz("Europe/Copenhagen")
        .map_or_else(|_| jiff::Zoned::now().date(), |zoned| zoned.date())
}

/// The lines of a kept original, numbered as `extract` saw them: read through
/// `formats::read`, as `referat import` reads it. Structured sources (FirstAgenda JSON)
/// have no lines to show.
fn source_text(bytes: &[u8], name: &str) -> Option<model::Text> {
    match formats::read(bytes, name).ok()? {
        formats::Document::Text(text) => Some(text),
        formats::Document::Meeting(_) => None,
    }
}

/// Binds `addr` (any free port when `fallback` and `addr` is taken), prints the URL and
/// serves until the process is stopped.
pub(crate) fn serve(
    store: Arc<dyn store::Store>,
    index: Arc<search::SearchIndex>,
    addr: SocketAddr,
    fallback: bool,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Store and index calls run on blocking threads: a few per core keep the cores busy
        // (SQLite waits little, the index is in the page cache) without a thread, its stack
        // and its allocator arena per open connection.
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .context("kan ikke starte serveren")?;
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => listener,
            Err(_) if fallback => tokio::net::TcpListener::bind(SocketAddr::new(addr.ip(), 0))
                .await
                .with_context(|| format!("kan ikke lytte på {}", addr.ip()))?,
            Err(err) => return Err(err).with_context(|| format!("kan ikke lytte på {addr}")),
        };
        let local = listener.local_addr().context("ukendt adresse")?;
        println!("referat: serverer på http://{local}/ (stop med Ctrl-C)");
        let state = web::AppState::with_clock(store, index, Arc::new(today), Arc::new(source_text));
        web::serve(listener, state)
            .await
            .context("serveren stoppede")
    })
}
