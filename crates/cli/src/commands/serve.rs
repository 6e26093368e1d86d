//! `referat serve [--addr 127.0.0.1:8080] [--public-url URL] [--data DIR | --database URL]`:
//! serves the pages, API and feeds of the data folder, or of a PostgreSQL database that
//! several `referat serve` processes share behind a load balancer. It owns the async
//! runtime, reads the clock for "today", resolves the flags into `web::Limits` and the
//! public origin, and supplies the web crate with the way to read originals back into
//! lines; the server itself is `web`.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::ExitStatus;
use crate::commands::data::{self, DataArgs};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Adressen, der lyttes på: VÆRT:PORT eller bare PORT (på 127.0.0.1), fx
    /// 0.0.0.0:8080, localhost:8099 eller 8099 (standard: 127.0.0.1:8080).
    #[arg(long, value_name = "ADRESSE", value_parser = parse_addr)]
    pub(crate) addr: Option<SocketAddr>,
    /// Hvor mange af de seneste søgninger der huskes med deres optællinger og bedste hits,
    /// indtil indekset ændres (0: søg forfra hver gang; standard: 1024).
    #[arg(long, value_name = "ANTAL")]
    pub(crate) search_cache: Option<usize>,
    /// Den offentlige adresse, som alle absolutte links (Atom, iCalendar, OParl, OpenAPI)
    /// begynder med, som https://referat.example.dk (standard: $REFERAT_PUBLIC_URL, ellers
    /// adressen, der lyttes på; aldrig forespørgslens Host-felt).
    #[arg(long, value_name = "URL")]
    pub(crate) public_url: Option<web::Origin>,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
    #[command(flatten)]
    pub(crate) oidc: OidcArgs,
    #[command(flatten)]
    pub(crate) mail: crate::commands::alerts::MailArgs,
    #[command(flatten)]
    pub(crate) data: DataArgs,
}

/// Sign-in with OpenID Connect (`web::oidc::OidcConfig`); off without `--oidc-issuer`.
#[derive(Debug, Args)]
pub(crate) struct OidcArgs {
    /// Log ind med OpenID Connect hos denne udbyder (issuer), fx
    /// https://login.microsoftonline.com/<tenant-id>/v2.0. Retur-adressen, der skal
    /// registreres hos udbyderen, er <offentlig adresse>/log-ind/oidc/retur.
    #[arg(long, value_name = "URL")]
    pub(crate) oidc_issuer: Option<String>,
    /// Klient-id (application id) hos udbyderen.
    #[arg(long, value_name = "ID")]
    pub(crate) oidc_client_id: Option<String>,
    /// Klienthemmeligheden (standard: $REFERAT_OIDC_CLIENT_SECRET; uden den en offentlig
    /// klient med PKCE).
    #[arg(long, value_name = "HEMMELIGHED")]
    pub(crate) oidc_client_secret: Option<String>,
    /// Kravet (claim) i ID-tokenet med kontoens grupper (Entra ID: groups, eller roles for
    /// app-roller; standard: groups).
    #[arg(long, value_name = "NAVN")]
    pub(crate) oidc_groups_claim: Option<String>,
    /// GRUPPE=ROLLE[@ORGANISATION]: medlemmer af GRUPPE får ROLLE (kan gentages; den første,
    /// der passer, gælder), fx referat-sekretaer=sekretær@Greve.
    #[arg(long, value_name = "GRUPPE=ROLLE", value_parser = check_role_mapping)]
    pub(crate) oidc_role: Vec<String>,
    /// Udbyderens navn på log-ind-siden ("Log ind med …"; standard: udbyderens værtsnavn).
    #[arg(long, value_name = "NAVN")]
    pub(crate) oidc_name: Option<String>,
}

/// `--oidc-role` as given, once it reads as a [`web::oidc::RoleMapping`].
fn check_role_mapping(raw: &str) -> Result<String, String> {
    raw.parse::<web::oidc::RoleMapping>()?;
    Ok(raw.to_owned())
}

/// How long a client may take and how much it may hold (`web::Limits`).
#[derive(Debug, Args)]
pub(crate) struct LimitArgs {
    /// Sekunder en forbindelse har til at sende en forespørgsels hoved (header), regnet fra
    /// den er klar til en ny forespørgsel (standard: 10).
    #[arg(long, value_name = "SEKUNDER", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) header_timeout: Option<u64>,
    /// Sekunder en forespørgsels krop må tage om at nå frem (standard: 10).
    #[arg(long, value_name = "SEKUNDER", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) body_timeout: Option<u64>,
    /// Sekunder en forbindelse må stå stille (intet sendt eller modtaget, intet svar
    /// undervejs), før den lukkes (standard: 10).
    #[arg(long, value_name = "SEKUNDER", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) idle_timeout: Option<u64>,
    /// Sekunder et svar højst må tage; derefter svares 503 (standard: 30).
    #[arg(long, value_name = "SEKUNDER", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub(crate) request_timeout: Option<u64>,
    /// Højst så mange åbne forbindelser fra samme IP-adresse (0: ingen grænse; bag en
    /// omvendt proxy kommer alle forbindelser fra proxyen; standard: 100).
    #[arg(long, value_name = "ANTAL")]
    pub(crate) max_connections_per_client: Option<usize>,
    /// Højst så mange søgninger ad gangen; flere venter i kø (standard: 4).
    #[arg(long, value_name = "ANTAL", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub(crate) max_searches: Option<u64>,
    /// Højst så mange søgninger i kø; derefter svares 503 med Retry-After (standard: 64).
    #[arg(long, value_name = "ANTAL")]
    pub(crate) search_queue: Option<usize>,
    /// Højst så mange svar over hele samlingen ad gangen (forsiden, møde- og personlisten,
    /// opfølgningsregistret, kalendere og eksport af det hele); flere venter i kø
    /// (standard: 2).
    #[arg(long, value_name = "ANTAL", value_parser = clap::value_parser!(u64).range(1..=64))]
    pub(crate) max_large_answers: Option<u64>,
}

/// What `serve` serves with: the public origin (`None`: the address listened on) and the
/// limits.
pub(crate) struct Serving {
    pub(crate) origin: Option<web::Origin>,
    pub(crate) limits: web::Limits,
    pub(crate) oidc: Option<web::oidc::Oidc>,
    pub(crate) log: web::LogFormat,
}

pub(crate) fn run(args: ServeArgs) -> anyhow::Result<ExitStatus> {
    // Flags, environment, configuration file and defaults, resolved in `settings`.
    let settings = args.settings()?;
    let oidc = settings.oidc()?;
    let store = args.data.open_store()?;
    let index =
        data::open_index(&*store, &args.data.index_dir()).context("kan ikke åbne søgeindekset")?;
    index.set_cache(settings.search_cache.value);
    let index = Arc::new(index);
    if args.data.database_url().is_some() {
        // Other nodes import into the shared database: this node's index follows it.
        data::follow(Arc::clone(&store), Arc::clone(&index), FOLLOW_EVERY);
    }
    // Digests, reminders and sending run beside the server (issue 15).
    let mail_origin = settings
        .public_url
        .as_ref()
        .map(|url| url.value.clone())
        .unwrap_or_else(|| web::Origin::of_addr(settings.addr.value));
    args.mail
        .schedule(mail_origin, Arc::clone(&store), Arc::clone(&index))?;
    let serving = Serving {
        origin: settings.public_url.as_ref().map(|url| url.value.clone()),
        limits: settings.limits(),
        oidc,
        log: settings.log(),
    };
    serve(store, index, settings.addr.value, Mode::Serve, serving)?;
    // Whoever started the server may have stopped reading its output.
    let _ = writeln!(std::io::stdout(), "referat: stoppet");
    Ok(ExitStatus::Success)
}

/// How `serve` binds. Both stop on Ctrl-C (SIGINT) or SIGTERM once the requests in
/// flight are answered, and return normally (so that `demo` removes its folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `referat serve`: the address given or an error.
    Serve,
    /// `referat demo`: another free port when the address is taken.
    Demo,
}

/// `--addr`: `host:port` (an IP address or a name such as `localhost`, IPv4 preferred when
/// a name has both) or a bare port on 127.0.0.1.
pub(crate) fn parse_addr(raw: &str) -> Result<SocketAddr, String> {
    use std::net::{Ipv4Addr, ToSocketAddrs};
    let raw = raw.trim();
    let wrong = || {
        "skriv VÆRT:PORT eller bare PORT, fx 127.0.0.1:8080, localhost:8080 eller 8080".to_owned()
    };
    if let Ok(port) = raw.trim_start_matches(':').parse::<u16>() {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    }
    if let Ok(addr) = raw.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let (host, port) = raw.rsplit_once(':').ok_or_else(wrong)?;
    if host.is_empty() || port.parse::<u16>().is_err() {
        return Err(wrong());
    }
    let addrs: Vec<SocketAddr> = raw
        .to_socket_addrs()
        .map_err(|_| {
            format!("værten {host:?} kan ikke slås op; skriv en IP-adresse, fx 127.0.0.1:{port}")
        })?
        .collect();
    addrs
        .iter()
        .find(|addr| addr.is_ipv4())
        .or_else(|| addrs.first())
        .copied()
        .ok_or_else(wrong)
}

/// `$REFERAT_PUBLIC_URL`, read as `--public-url` is; unset or empty is none.
pub(crate) fn public_url_from_env() -> anyhow::Result<Option<web::Origin>> {
    match std::env::var("REFERAT_PUBLIC_URL") {
        Ok(raw) if !raw.trim().is_empty() => raw
            .trim()
            .parse()
            .map(Some)
            .map_err(|err: String| anyhow::anyhow!("REFERAT_PUBLIC_URL: {err}")),
        _ => Ok(None),
    }
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

/// Binds `addr` (in [`Mode::Demo`] any free port when `addr` is taken), prints the URL and
/// serves until Ctrl-C or SIGTERM, then answers the requests in flight and returns.
pub(crate) fn serve(
    store: Arc<dyn store::Store>,
    index: Arc<search::SearchIndex>,
    addr: SocketAddr,
    mode: Mode,
    serving: Serving,
) -> anyhow::Result<()> {
    let fallback = mode == Mode::Demo;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Store and index calls run on blocking threads: a few per core keep the cores busy
        // (SQLite waits little, the index is in the page cache) without a thread, its stack
        // and its allocator arena per open connection.
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .context("kan ikke starte serveren")?;
    let served = runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => listener,
            Err(_) if fallback => tokio::net::TcpListener::bind(SocketAddr::new(addr.ip(), 0))
                .await
                .with_context(|| format!("kan ikke lytte på {}", addr.ip()))?,
            Err(err) => return Err(err).with_context(|| format!("kan ikke lytte på {addr}")),
        };
        let local = listener.local_addr().context("ukendt adresse")?;
        // Listening before the address is printed: a signal sent as soon as it is read
        // must find the handler in place, not the default that ends the process at once.
        // Both modes stop on Ctrl-C and SIGTERM (systemd's stop, a container's) after
        // finishing the requests in flight (`web::serve_until`).
        let stop = Stop::listen().context("kan ikke lytte efter Ctrl-C og SIGTERM")?;
        println!("referat: serverer på http://{local}/ (stop med Ctrl-C)");
        let mut state =
            web::AppState::with_clock(store, index, Arc::new(today), Arc::new(source_text))
                .with_limits(serving.limits)
                .with_log(serving.log);
        if let Some(origin) = &serving.origin {
            state = state.with_origin(origin);
        }
        if let Some(oidc) = serving.oidc {
            state = state.with_oidc(oidc);
        }
        web::serve_until(listener, state, stop.wait())
            .await
            .context("serveren stoppede")
    });
    // Requests still running on the store's threads get a moment, not a wait without end.
    runtime.shutdown_timeout(Duration::from_secs(2));
    served
}

/// Ctrl-C (SIGINT) and, on Unix, SIGTERM, listened for from [`Stop::listen`] on.
#[cfg(unix)]
struct Stop {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Stop {
    fn listen() -> std::io::Result<Stop> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Stop {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Until one of the signals arrives.
    async fn wait(mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}

/// Ctrl-C, listened for from [`Stop::listen`] on.
#[cfg(not(unix))]
struct Stop;

#[cfg(not(unix))]
impl Stop {
    fn listen() -> std::io::Result<Stop> {
        Ok(Stop)
    }

    /// Until Ctrl-C; never, should listening fail.
    async fn wait(self) {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
