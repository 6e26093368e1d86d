//! clap in Danish: the help layout with Danish headings and flags, and usage errors (an
//! unknown flag, a bad value, a missing argument) as a Danish message, the usage line and
//! where to read more. Help and version go to stdout with exit code 0; a usage error goes to
//! stderr with exit code 2, like every other error of the binary.

use std::io::Write;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

/// The layout of every help page.
const HELP_TEMPLATE: &str = "{about-with-newline}\nBrug: {usage}\n\n{all-args}{after-help}";

/// The version `--version` prints: the package's, and the commit it was built from with
/// that commit's date when the build saw a git checkout (see `build.rs`).
pub(crate) const VERSION: &str = env!("REFERAT_VERSION");

/// The command line of `T` as the user meets it: Danish headings and flags, the version.
pub(crate) fn command<T: CommandFactory>() -> Command {
    let command = T::command()
        .version(VERSION)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Vis versionen"),
        );
    danish(command)
}

/// Parses the process's arguments into `T`, or prints help, the version or a usage error
/// and says which exit code to end with.
pub(crate) fn parse<T: CommandFactory + FromArgMatches>() -> Result<T, ExitCode> {
    command::<T>()
        .try_get_matches()
        .and_then(|matches| T::from_arg_matches(&matches))
        .map_err(report)
}

/// `command` and its subcommands with Danish headings and a Danish help flag.
fn danish(command: Command) -> Command {
    command
        .help_template(HELP_TEMPLATE)
        // One width on every terminal and in every test: lines wrap at 100 columns.
        .term_width(100)
        .subcommand_help_heading("Kommandoer")
        .subcommand_value_name("KOMMANDO")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(|arg| {
            if arg.is_positional() {
                arg.help_heading("Argumenter")
            } else {
                arg.help_heading("Tilvalg")
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Vis denne hjælp")
                .help_heading("Tilvalg"),
        )
        .mut_subcommands(danish)
}

/// Prints what `err` says and gives the exit code.
fn report(err: clap::Error) -> ExitCode {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = write!(std::io::stdout().lock(), "{}", rendered(&err));
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = write!(std::io::stderr().lock(), "{}", rendered(&err));
            ExitCode::from(2)
        }
        _ => {
            let usage = context(&err, ContextKind::Usage).unwrap_or_default();
            let usage = usage.trim();
            let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
            let usage = usage.replace("[OPTIONS]", "[TILVALG]");
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "referat: fejl: {}", message(&err));
            if !usage.is_empty() {
                // The command's path is the usage line's words before its first flag or value.
                let path: Vec<&str> = usage
                    .split_whitespace()
                    .take_while(|word| word.chars().all(|c| c.is_ascii_lowercase()))
                    .collect();
                let _ = writeln!(stderr, "\nBrug: {usage}\n");
                let _ = writeln!(stderr, "Se `{} --help`.", path.join(" "));
            }
            ExitCode::from(2)
        }
    }
}

/// A help page or the version as clap renders it, with the words clap writes itself in
/// Danish, ending in a newline.
fn rendered(err: &clap::Error) -> String {
    let mut text = err
        .render()
        .to_string()
        .replace("[OPTIONS]", "[TILVALG]")
        .replace("[default:", "[standard:")
        .replace("[possible values:", "[mulige værdier:");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The Danish sentence for a usage error.
fn message(err: &clap::Error) -> String {
    let arg = context(err, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(err, ContextKind::InvalidValue).unwrap_or_default();
    let suggestion = context(err, ContextKind::SuggestedArg)
        .or_else(|| context(err, ContextKind::SuggestedSubcommand))
        .or_else(|| context(err, ContextKind::SuggestedValue))
        .map(|suggested| match suggested.rsplit_once(", ") {
            Some((first, last)) => format!("; mente du {first} eller {last}?"),
            None => format!("; mente du {suggested}?"),
        })
        .unwrap_or_default();
    match err.kind() {
        ErrorKind::InvalidValue => {
            let valid = context(err, ContextKind::ValidValue)
                .map(|valid| format!("; mulige værdier: {valid}"))
                .unwrap_or_default();
            format!("ugyldig værdi {value:?} til {arg}{valid}{suggestion}")
        }
        ErrorKind::ValueValidation => {
            format!("ugyldig værdi {value:?} til {arg}: {}", reason(err, &arg))
        }
        ErrorKind::UnknownArgument
            if suggestion.is_empty() && arg.starts_with('-') && subcommand() == "search" =>
        {
            // Most likely a value that begins with a dash: a word to leave out of a search.
            // clap names only its first letter (`-a` of `-anlæg`); show the whole word.
            let word = std::env::args()
                .skip(1)
                .find(|word| word.starts_with(&arg) && !word.starts_with("--"))
                .unwrap_or(arg);
            format!(
                "ukendt tilvalg {word}; er det et ord, der skal udelukkes af søgningen, så skriv \
                 det til sidst efter `--`: `-- {word}`"
            )
        }
        ErrorKind::UnknownArgument => format!("ukendt tilvalg {arg}{suggestion}"),
        ErrorKind::InvalidSubcommand => {
            let name = context(err, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("ukendt kommando {name:?}{suggestion}")
        }
        ErrorKind::MissingRequiredArgument => format!("mangler {arg}"),
        ErrorKind::MissingSubcommand => "mangler en kommando".to_owned(),
        ErrorKind::ArgumentConflict => {
            let prior = context(err, ContextKind::PriorArg).unwrap_or_default();
            format!("{arg} kan ikke bruges sammen med {prior}")
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => format!("forkert brug af {arg}"),
        ErrorKind::InvalidUtf8 => "et argument er ikke gyldig UTF-8".to_owned(),
        _ => err.kind().as_str().map_or_else(
            || "argumenterne kan ikke læses".to_owned(),
            |what| format!("argumenterne kan ikke læses ({what})"),
        ),
    }
}

/// Why a value was refused: the value parser's own message when it is ours (Danish), a
/// Danish description of the expected form for the kinds of value the binary takes.
fn reason(err: &clap::Error, arg: &str) -> String {
    if arg.contains("<DATO>") {
        return "skriv en dato som ÅÅÅÅ-MM-DD, fx 2025-09-01".to_owned();
    }
    if arg.contains("<ANTAL>") {
        return "skriv et helt tal, fx 10".to_owned();
    }
    std::error::Error::source(err).map_or_else(|| "ugyldig".to_owned(), ToString::to_string)
}

/// The subcommand named on the command line (`search`, `serve`, …; its first word that is
/// no option), or "" when there is none.
fn subcommand() -> String {
    std::env::args()
        .skip(1)
        .find(|word| !word.starts_with('-'))
        .unwrap_or_default()
}

/// A piece of an error's context as text.
fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    let text = match err.get(kind)? {
        ContextValue::String(text) => text.clone(),
        ContextValue::Strings(texts) => texts.join(", "),
        ContextValue::StyledStr(text) => text.to_string(),
        ContextValue::StyledStrs(texts) => texts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(number) => number.to_string(),
        _ => return None,
    };
    Some(text)
}
