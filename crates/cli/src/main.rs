//! The `referat` binary: parses arguments, runs one subcommand, and maps every error to an
//! exit code and a message on stderr. It owns no extraction or storage logic of its own.
//!
//! Exit codes: 0 ok, 1 nothing matched or validation failed, 2 error.
//!
//! The command line is part of the Danish UI: the doc comments on the argument structs are
//! its help texts and are written in Danish, and clap's own words (headings, the help and
//! version flags, usage errors) are replaced by Danish ones in [`usage`].

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the binary talks to the terminal"
)]

mod commands;
mod config;
mod usage;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// jemalloc instead of the system's malloc (issue 19, point 4): under a mixed load glibc's
/// per-thread arenas kept what the whole-corpus answers had freed, and the server stayed at
/// its peak after the load; jemalloc returns freed pages to the system within seconds
/// (docs/soak.md has both measured).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// referat: et beslutningsregister bygget af mødereferater.
#[derive(Debug, Parser)]
#[command(name = "referat", version, about)]
struct Args {
    /// Konfigurationsfilen referat.toml (standard: $REFERAT_CONFIG); tilvalg og
    /// miljøvariabler går forud for den.
    #[arg(long, global = true, value_name = "FIL")]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Læs referatfiler og vis, hvad der er udtrukket af dem (uden at gemme noget).
    Extract(commands::extract::ExtractArgs),
    /// Skriv et møde som PDF, DOCX, Markdown eller webside i husets layout.
    Render(commands::render::RenderArgs),
    /// Beregn et mødes indholds-hash (sha256) og kontrollér det mod en forventet værdi.
    Verify(commands::verify::VerifyArgs),
    /// Vis beslutningsregistret på nettet: sider, JSON-API og feeds.
    Serve(commands::serve::ServeArgs),
    /// Importér de medfølgende eksempelreferater i en midlertidig mappe og vis dem.
    Demo(commands::demo::DemoArgs),
    /// Importér referatfiler og mapper med referater i datamappen.
    Import(commands::import::ImportArgs),
    /// Udtræk møderne igen fra de gemte originaler (efter en opdatering af referat).
    Reextract(commands::reextract::ReextractArgs),
    /// Søg i referaternes punkter.
    Search(commands::search::SearchArgs),
    /// Vis et møde eller et punkt.
    Show(commands::show::ShowArgs),
    /// Vis personregistret: navnene og de former, de er skrevet i.
    People(commands::people::PeopleArgs),
    /// Vis opfølgningerne med ansvarlige og frister.
    Actions(commands::actions::ActionsArgs),
    /// Vis organerne (byråd, udvalg og andre mødefora) med antal møder.
    Bodies(commands::bodies::BodiesArgs),
    /// Offentliggør beslutningerne i et lukket punkt (resten af punktet forbliver lukket).
    Publish(commands::publish::PublishArgs),
    /// Mål importtid, søgetid (mod SQLite FTS5), relevans og hukommelsesforbrug.
    Bench(commands::bench::BenchArgs),
    /// Skriv et skript, der fuldfører kommandoer og tilvalg med Tab i skallen.
    Completions(commands::completions::CompletionsArgs),
    /// Opret, vis, slet konti og skift deres rolle.
    Users(commands::users::UsersArgs),
    /// Lav API-nøgler til scripts.
    Tokens(commands::users::TokensArgs),
    /// Vis revisionssporet: log ind, mislykkede log ind, ændringer og rolleskift.
    Audit(commands::audit::AuditArgs),
    /// Gemte søgninger med e-mail, påmindelser om frister og udsendelse.
    Alerts(commands::alerts::AlertsArgs),
    /// Tag en sikkerhedskopi af datamappen i én fil, mens referat kører.
    Backup(commands::backup::BackupArgs),
    /// Læg en sikkerhedskopi tilbage i en tom datamappe og byg søgeindekset.
    Restore(commands::backup::RestoreArgs),
    /// Kontrollér databasen, originalernes SHA-256 og søgeindekset.
    Check(commands::check::CheckArgs),
    /// Vis den samlede konfiguration (tilvalg, miljø, referat.toml) med hemmeligheder skjult.
    Config(commands::config::ConfigArgs),
}

/// What a command reports back besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// Everything worked.
    Success,
    /// The command ran but found nothing or validation failed.
    Failure,
    /// Some input could not be processed.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

fn dispatch(args: Args) -> anyhow::Result<ExitStatus> {
    config::init(args.config)?;
    match args.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Render(args) => commands::render::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Reextract(args) => commands::reextract::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Show(args) => commands::show::run(args),
        Command::People(args) => commands::people::run(args),
        Command::Actions(args) => commands::actions::run(args),
        Command::Bodies(args) => commands::bodies::run(args),
        Command::Publish(args) => commands::publish::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Completions(args) => commands::completions::run::<Args>(args),
        Command::Users(args) => commands::users::run(args),
        Command::Tokens(args) => commands::users::run_tokens(args),
        Command::Audit(args) => commands::audit::run(args),
        Command::Alerts(args) => commands::alerts::run(args),
        Command::Backup(args) => commands::backup::run_backup(args),
        Command::Restore(args) => commands::backup::run_restore(args),
        Command::Check(args) => commands::check::run(args),
        Command::Config(args) => commands::config::run(args),
    }
}

fn main() -> ExitCode {
    let args = match usage::parse::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    match dispatch(args) {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`referat … | head`) is not a failure.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "referat: fejl: {}", commands::describe(&err));
            ExitStatus::Error.into()
        }
    }
}

/// Whether `err` comes from writing to a pipe whose reader has gone, directly or through
/// a serializer (`--json`, `--csv`).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind);
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}
