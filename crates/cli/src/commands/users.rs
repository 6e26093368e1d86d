//! `referat users add|list|remove|set-role|totp` and `referat tokens create`: the local
//! accounts (issue 13). A password comes from standard input (`--password-stdin`), never from the
//! command line where `ps` and the shell history would show it; without it `users add`
//! prints a one-time link to choose one. Tokens and links are printed once and kept only as
//! SHA-256. Every change is in the audit log, made by "the command line" (no account).

use std::io::{BufRead, Write};

use anyhow::Context;
use clap::{Args, Subcommand};
use store::{Actor, Store};
use web::access::Role;

use crate::ExitStatus;
use crate::commands::data::DataArgs;

#[derive(Debug, Args)]
pub(crate) struct UsersArgs {
    #[command(subcommand)]
    command: UsersCommand,
}

#[derive(Debug, Subcommand)]
enum UsersCommand {
    /// Opret en konto.
    Add(AddArgs),
    /// Vis kontiene med rolle og organisation.
    List(ListArgs),
    /// Slet en konto (med dens sessioner og nøgler).
    Remove(EmailArgs),
    /// Skift en kontos rolle (og organisation).
    SetRole(SetRoleArgs),
    /// Kræv en kode fra en godkendelsesapp (TOTP) ved log ind.
    Totp(TotpArgs),
}

#[derive(Debug, Args)]
struct TotpArgs {
    /// Kontoens e-mailadresse.
    #[arg(value_name = "EMAIL")]
    email: String,
    /// Slå koden fra igen (kun adgangskoden kræves).
    #[arg(long)]
    fra: bool,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
struct AddArgs {
    /// Kontoens e-mailadresse.
    #[arg(value_name = "EMAIL")]
    email: String,
    /// administrator, sekretær, medlem eller læser.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// Organisationen, rollen gælder i (uden: alle organisationer).
    #[arg(long, value_name = "ORG")]
    organisation: Option<String>,
    /// Læs adgangskoden fra standard input (første linje) i stedet for at skrive et link.
    #[arg(long)]
    password_stdin: bool,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Skriv JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
struct EmailArgs {
    /// Kontoens e-mailadresse.
    #[arg(value_name = "EMAIL")]
    email: String,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
struct SetRoleArgs {
    /// Kontoens e-mailadresse.
    #[arg(value_name = "EMAIL")]
    email: String,
    /// administrator, sekretær, medlem eller læser.
    #[arg(value_parser = parse_role, value_name = "ROLLE")]
    role: Role,
    /// Organisationen, rollen gælder i (uden: alle organisationer).
    #[arg(long, value_name = "ORG")]
    organisation: Option<String>,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
pub(crate) struct TokensArgs {
    #[command(subcommand)]
    command: TokensCommand,
}

#[derive(Debug, Subcommand)]
enum TokensCommand {
    /// Lav en API-nøgle til en konto (til `Authorization: Bearer`); den skrives kun én gang.
    Create(EmailArgs),
    /// Træk alle en kontos API-nøgler tilbage.
    Revoke(EmailArgs),
}

fn parse_role(raw: &str) -> Result<Role, String> {
    Role::parse(raw).ok_or_else(|| {
        format!("ukendt rolle {raw:?}: brug administrator, sekretær, medlem eller læser")
    })
}

/// The command line as the audit log names it: no account, no address, now.
fn actor() -> Actor {
    Actor {
        email: None,
        address: None,
        at: jiff::Timestamp::now().as_second(),
    }
}

/// Refuses what cannot be an email address, before anything is stored.
fn check_email(email: &str) -> anyhow::Result<String> {
    let email = store::normalise_email(email);
    let valid = email
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'))
        && !email.chars().any(char::is_whitespace);
    anyhow::ensure!(valid, "{email:?} er ikke en e-mailadresse");
    Ok(email)
}

pub(crate) fn run(args: UsersArgs) -> anyhow::Result<ExitStatus> {
    match args.command {
        UsersCommand::Add(args) => add(args),
        UsersCommand::List(args) => list(args),
        UsersCommand::Remove(args) => {
            let store = args.data.open_store()?;
            let email = store::normalise_email(&args.email);
            store.remove_user(&email, &actor())?;
            writeln!(std::io::stdout(), "{email} er slettet")?;
            Ok(ExitStatus::Success)
        }
        UsersCommand::SetRole(args) => {
            let store = args.data.open_store()?;
            let email = store::normalise_email(&args.email);
            store.set_role(
                &email,
                args.role.name(),
                args.organisation.as_deref(),
                &actor(),
            )?;
            writeln!(std::io::stdout(), "{email} er nu {}", args.role.name())?;
            Ok(ExitStatus::Success)
        }
        UsersCommand::Totp(args) => totp(args),
    }
}

/// Turns TOTP on with a new secret, printed once with its `otpauth://` URI, or off.
fn totp(args: TotpArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_store()?;
    let email = store::normalise_email(&args.email);
    let mut stdout = std::io::stdout().lock();
    if args.fra {
        store.set_totp(&email, None, &actor())?;
        writeln!(
            stdout,
            "{email} logger nu ind uden kode fra en godkendelsesapp"
        )?;
        return Ok(ExitStatus::Success);
    }
    let secret = web::totp::new_secret().map_err(anyhow::Error::msg)?;
    store.set_totp(&email, Some(&secret), &actor())?;
    writeln!(stdout, "{secret}")?;
    writeln!(stdout, "{}", web::totp::uri(&email, &secret))?;
    writeln!(
        std::io::stderr(),
        "{email} skal nu også skrive koden fra en godkendelsesapp ved log ind. Hemmeligheden \
         og linket ovenfor vises ikke igen: læg dem i appen (som tekst eller QR-kode). En \
         tidligere hemmelighed for kontoen gælder ikke længere."
    )?;
    Ok(ExitStatus::Success)
}

fn add(args: AddArgs) -> anyhow::Result<ExitStatus> {
    let email = check_email(&args.email)?;
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("adgangskoden fra standard input")?;
        let password = line.trim_end_matches(['\n', '\r']).to_owned();
        web::auth::check_new_password(&password).map_err(anyhow::Error::msg)?;
        Some(password)
    } else {
        None
    };
    let hash = password
        .map(|password| web::auth::hash_password(&password).map_err(anyhow::Error::msg))
        .transpose()?;
    let store = args.data.open_store()?;
    let actor = actor();
    store.add_user(
        &email,
        args.role.name(),
        args.organisation.as_deref(),
        hash.as_deref(),
        &actor,
    )?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{email} er oprettet som {}", args.role.name())?;
    if hash.is_none() {
        let link = password_link(store.as_ref(), &email, &actor)?;
        writeln!(
            stdout,
            "Send dette link til {email}; det gælder én gang i 7 dage:\n{link}"
        )?;
    }
    Ok(ExitStatus::Success)
}

/// A new one-time link to choose a password, on the public address when it is known.
fn password_link(store: &dyn Store, email: &str, actor: &Actor) -> anyhow::Result<String> {
    let token = web::auth::new_secret().map_err(anyhow::Error::msg)?;
    store.add_password_link(
        &store::sha256_hex(token.as_bytes()),
        email,
        actor.at + web::auth::PASSWORD_LINK_SECONDS,
        actor,
    )?;
    let origin = crate::commands::serve::public_url_from_env()?
        .map(|origin| origin.as_str().to_owned())
        .unwrap_or_default();
    Ok(format!("{origin}/log-ind/ny-adgangskode?token={token}"))
}

fn list(args: ListArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_store()?;
    let users = store.users()?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &users)?;
        writeln!(stdout)?;
    } else {
        for user in &users {
            let organisation = user
                .organisation
                .as_deref()
                .map_or("alle organisationer".to_owned(), |o| {
                    format!("organisation {o}")
                });
            let password = if user.has_password {
                ""
            } else {
                " (ingen adgangskode endnu)"
            };
            let totp = if user.has_totp {
                ", kode fra godkendelsesapp"
            } else {
                ""
            };
            writeln!(
                stdout,
                "{}: {}, {organisation}{totp}{password}",
                user.email, user.role
            )?;
        }
    }
    Ok(if users.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

pub(crate) fn run_tokens(args: TokensArgs) -> anyhow::Result<ExitStatus> {
    match args.command {
        TokensCommand::Revoke(args) => {
            let store = args.data.open_store()?;
            let email = store::normalise_email(&args.email);
            let revoked = store.revoke_tokens(&email, &actor())?;
            writeln!(
                std::io::stdout(),
                "{} til {email} er trukket tilbage",
                crate::commands::plural(
                    usize::try_from(revoked).unwrap_or(usize::MAX),
                    "API-nøgle",
                    "API-nøgler"
                )
            )?;
            Ok(ExitStatus::Success)
        }
        TokensCommand::Create(args) => {
            let store = args.data.open_store()?;
            let email = store::normalise_email(&args.email);
            let token = web::auth::new_secret().map_err(anyhow::Error::msg)?;
            store.add_token(&store::sha256_hex(token.as_bytes()), &email, &actor())?;
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{token}")?;
            writeln!(
                std::io::stderr(),
                "API-nøglen til {email} er skrevet ovenfor og vises ikke igen; brug den som \
                 \"Authorization: Bearer <nøgle>\""
            )?;
            Ok(ExitStatus::Success)
        }
    }
}
