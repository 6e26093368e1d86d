//! The `referat` binary: parses arguments, runs one subcommand, and maps every error to an
//! exit code and a message on stderr. It owns no extraction or storage logic of its own.
//!
//! Exit codes: 0 ok, 1 nothing matched or validation failed, 2 error.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "the binary talks to the terminal"
)]

mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// referat: a decision register built from meeting minutes.
#[derive(Debug, Parser)]
#[command(name = "referat", version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract the structure of minutes files and print it.
    Extract(commands::extract::ExtractArgs),
    /// Serve the decision register on the web: pages, JSON API, feeds.
    Serve(commands::serve::ServeArgs),
    /// Import the bundled sample minutes into a temporary folder and serve them.
    Demo(commands::demo::DemoArgs),
    /// Import minutes files and folders into the data folder.
    Import(commands::import::ImportArgs),
    /// Extract again from the stored originals.
    Reextract(commands::reextract::ReextractArgs),
    /// Search the minuted items.
    Search(commands::search::SearchArgs),
    /// Show a meeting or an item.
    Show(commands::show::ShowArgs),
    /// List the person registry.
    People(commands::people::PeopleArgs),
    /// The follow-up register: actions with owners and deadlines.
    Actions(commands::actions::ActionsArgs),
    /// Measure import, search latency against SQLite FTS5, relevance and memory.
    Bench(commands::bench::BenchArgs),
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
    match args.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Reextract(args) => commands::reextract::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Show(args) => commands::show::run(args),
        Command::People(args) => commands::people::run(args),
        Command::Actions(args) => commands::actions::run(args),
        Command::Bench(args) => commands::bench::run(args),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match dispatch(args) {
        Ok(status) => status.into(),
        Err(err) => {
            // A closed pipe (`referat … | head`) is not a failure.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "referat: fejl: {err}");
            for cause in err.chain().skip(1) {
                let _ = write!(stderr, ": {cause}");
            }
            let _ = writeln!(stderr);
            ExitStatus::Error.into()
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
