//! `referat alerts add|list|remove|run|link|unlink` (issue 15): saved searches whose new
//! items come by e-mail, the link from a person of the registry to the account that gets
//! the reminders of their follow-ups, and one round of digests, reminders and sending for
//! those who schedule it themselves (`referat serve` runs a round every minute on its own).
//! The rounds themselves are `web::alerts`; this module reads the flags, the environment
//! and the clock, and prints what happened.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Subcommand};
use model::{Date, DecisionKind};
use store::{Actor, Frequency, Store};

use crate::ExitStatus;
use crate::commands::data::{self, DataArgs};
use crate::commands::{bodies, plural};
use crate::config::{self, Setting};

#[derive(Debug, Args)]
pub(crate) struct AlertsArgs {
    #[command(subcommand)]
    command: AlertsCommand,
}

#[derive(Debug, Subcommand)]
enum AlertsCommand {
    /// Gem en søgning for en konto: nye punkter, der passer, kommer med e-mail.
    Add(AddArgs),
    /// Vis de gemte søgninger.
    List(ListArgs),
    /// Slet en gemt søgning (nummeret fra `referat alerts list`).
    Remove(RemoveArgs),
    /// Kør én runde: læg sammendrag og påmindelser i kø og send dem.
    Run(RunArgs),
    /// Knyt en person fra personregistret til en konto, der får påmindelser om personens
    /// opfølgninger.
    Link(LinkArgs),
    /// Fjern en persons tilknytning til en konto.
    Unlink(UnlinkArgs),
}

#[derive(Debug, Args)]
struct AddArgs {
    /// Kontoens e-mailadresse.
    #[arg(value_name = "EMAIL")]
    email: String,
    /// Ordene, der skal findes (som i `referat search`).
    #[arg(required = true, value_name = "FORESPØRGSEL")]
    query: Vec<String>,
    /// Søgningens navn (standard: ordene).
    #[arg(long, value_name = "NAVN")]
    name: Option<String>,
    /// Kun møder i dette organ (navnet eller begyndelsen af det).
    #[arg(long, value_name = "ORGAN")]
    body: Option<String>,
    /// Kun punkter, hvor denne person deltog, fremlagde eller er ansvarlig.
    #[arg(long, value_name = "NAVN")]
    person: Option<String>,
    /// Kun punkter med en beslutning af denne art (godkendt, besluttet, ...).
    #[arg(long, value_name = "ART", value_parser = crate::commands::search::parse_kind)]
    kind: Option<DecisionKind>,
    /// Kun punkter med opfølgninger.
    #[arg(long)]
    actions: bool,
    /// Hvor ofte: straks, dagligt eller ugentligt.
    #[arg(long, default_value = "dagligt", value_name = "HYPPIGHED", value_parser = parse_frequency)]
    frequency: Frequency,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Kun denne kontos søgninger.
    #[arg(long, value_name = "EMAIL")]
    email: Option<String>,
    /// Skriv JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
struct RemoveArgs {
    /// Søgningens nummer.
    #[arg(value_name = "NUMMER")]
    id: i64,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Send sammendragene af alle gemte søgninger nu, uanset om de er daglige eller
    /// ugentlige.
    #[arg(long)]
    now: bool,
    /// Kør runden, som om det var denne dag (ÅÅÅÅ-MM-DD; standard: i dag), fx for at
    /// afprøve påmindelserne.
    #[arg(long, value_name = "DATO")]
    today: Option<Date>,
    /// Den offentlige adresse, som links i mails begynder med (standard:
    /// $REFERAT_PUBLIC_URL, ellers http://localhost:8080).
    #[arg(long, value_name = "URL")]
    public_url: Option<web::Origin>,
    #[command(flatten)]
    mail: MailArgs,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
struct LinkArgs {
    /// Personens navn (eller en form, det er skrevet i).
    #[arg(value_name = "PERSON")]
    person: String,
    /// Kontoens e-mailadresse.
    #[arg(value_name = "EMAIL")]
    email: String,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Debug, Args)]
struct UnlinkArgs {
    /// Personens navn.
    #[arg(value_name = "PERSON")]
    person: String,
    #[command(flatten)]
    data: DataArgs,
}

/// How mail is sent, for `alerts run` and `serve`.
#[derive(Debug, Clone, Args)]
pub(crate) struct MailArgs {
    /// Mailserveren: smtp://bruger:adgangskode@vært:port (smtps:// for TLS,
    /// smtp://…?tls=required for STARTTLS; standard: $REFERAT_SMTP_URL, ellers smtp under
    /// [mail] i konfigurationsfilen). Uden den venter mails i udbakken.
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// Afsenderen af mails (standard: $REFERAT_MAIL_FROM, ellers mail_from i
    /// konfigurationsfilen, ellers referat@localhost).
    #[arg(long, value_name = "EMAIL")]
    mail_from: Option<String>,
    /// Så mange dage før en frist får den ansvarlige en påmindelse (standard: 3).
    #[arg(long, value_name = "DAGE", value_parser = clap::value_parser!(u16).range(0..=365))]
    remind_days: Option<u16>,
    /// Sekunder mellem to runder af sammendrag, påmindelser og afsendelse i `serve`
    /// (standard: 60).
    #[arg(long, value_name = "SEKUNDER", value_parser = clap::value_parser!(u64).range(1..=86400))]
    alerts_every: Option<u64>,
}

impl MailArgs {
    /// The mail server: flag, environment, configuration file (`[mail] smtp`).
    pub(crate) fn smtp_setting(&self) -> Option<Setting<String>> {
        let config = config::get();
        config::resolve_optional(
            self.smtp.clone().filter(|url| !url.trim().is_empty()),
            config::env("REFERAT_SMTP_URL"),
            config
                .at(config.file.mail.smtp.as_ref())
                .filter(|(url, _)| !url.trim().is_empty()),
        )
    }

    /// The sender: flag, environment, configuration file, `referat@localhost`.
    pub(crate) fn sender_setting(&self) -> Setting<String> {
        let config = config::get();
        config::resolve(
            self.mail_from
                .clone()
                .filter(|from| !from.trim().is_empty()),
            config::env("REFERAT_MAIL_FROM"),
            config.at(config.file.mail.mail_from.as_ref()),
            "referat@localhost".to_owned(),
        )
    }

    /// Days before a due date that a reminder goes out.
    pub(crate) fn remind_days_setting(&self) -> Setting<u16> {
        let config = config::get();
        config::resolve(
            self.remind_days,
            None,
            // Checked to be 0..=365 when the file was read.
            config
                .at(config.file.mail.remind_days.as_ref())
                .map(|(days, line)| (u16::try_from(days).unwrap_or(365), line)),
            3,
        )
    }

    /// Seconds between two rounds in `serve`.
    pub(crate) fn alerts_every_setting(&self) -> Setting<u64> {
        let config = config::get();
        config::resolve(
            self.alerts_every,
            None,
            config.at(config.file.mail.alerts_every.as_ref()),
            60,
        )
    }

    /// The settings of a round, with links on `origin`.
    pub(crate) fn alerts(&self, origin: web::Origin) -> anyhow::Result<web::alerts::Alerts> {
        let url = self.smtp_setting().map(|setting| setting.value);
        let from = self.sender_setting().value;
        let mut alerts = web::alerts::Alerts::new(origin);
        alerts.remind_days = i64::from(self.remind_days_setting().value);
        if let Some(url) = url {
            alerts.mailer =
                Some(web::mail::Mailer::new(url.trim(), &from).map_err(anyhow::Error::msg)?);
        }
        Ok(alerts)
    }

    /// Runs rounds in the background of `serve`, every `--alerts-every` seconds.
    pub(crate) fn schedule(
        &self,
        origin: web::Origin,
        store: Arc<dyn Store>,
        index: Arc<search::SearchIndex>,
    ) -> anyhow::Result<()> {
        let alerts = self.alerts(origin)?;
        web::alerts::schedule(
            alerts,
            store,
            index,
            Arc::new(|| jiff::Timestamp::now().as_second()),
            Arc::new(today),
            Duration::from_secs(self.alerts_every_setting().value),
            Arc::new(|err: &web::alerts::Error| {
                let _ = writeln!(
                    std::io::stderr(),
                    "referat: sammendrag og påmindelser mislykkedes (prøves igen): {err}"
                );
            }),
        );
        Ok(())
    }
}

fn parse_frequency(raw: &str) -> Result<Frequency, String> {
    Frequency::parse(raw)
        .ok_or_else(|| format!("ukendt hyppighed {raw:?}: brug straks, dagligt eller ugentligt"))
}

/// Today in Copenhagen.
fn today() -> Date {
    jiff::Zoned::now()
        .in_tz("Europe/Copenhagen")
        .map_or_else(|_| jiff::Zoned::now().date(), |zoned| zoned.date())
}

/// The command line as the audit log names it.
fn actor() -> Actor {
    Actor {
        email: None,
        address: None,
        at: jiff::Timestamp::now().as_second(),
    }
}

pub(crate) fn run(args: AlertsArgs) -> anyhow::Result<ExitStatus> {
    match args.command {
        AlertsCommand::Add(args) => add(args),
        AlertsCommand::List(args) => list(args),
        AlertsCommand::Remove(args) => {
            let store = args.data.open_store()?;
            store.remove_saved_search(args.id, None, &actor())?;
            writeln!(
                std::io::stdout(),
                "den gemte søgning {} er slettet",
                args.id
            )?;
            Ok(ExitStatus::Success)
        }
        AlertsCommand::Run(args) => run_round(args),
        AlertsCommand::Link(args) => {
            let store = args.data.open_store()?;
            let person = match store.person(&args.person) {
                Ok(detail) => detail.person.name,
                Err(err) if err.is_not_found() => anyhow::bail!(
                    "{:?} er ikke i personregistret (`referat people` viser det)",
                    args.person
                ),
                Err(err) => return Err(err.into()),
            };
            let email = store::normalise_email(&args.email);
            store.link_person(&person, Some(&email), &actor())?;
            writeln!(
                std::io::stdout(),
                "{person} er knyttet til {email} og får påmindelser om sine opfølgninger"
            )?;
            Ok(ExitStatus::Success)
        }
        AlertsCommand::Unlink(args) => {
            let store = args.data.open_store()?;
            store.link_person(args.person.trim(), None, &actor())?;
            writeln!(
                std::io::stdout(),
                "{} er ikke længere knyttet til en konto",
                args.person.trim()
            )?;
            Ok(ExitStatus::Success)
        }
    }
}

fn add(args: AddArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_store()?;
    let email = store::normalise_email(&args.email);
    anyhow::ensure!(
        store.user(&email)?.is_some(),
        "der er ingen konto {email:?} (`referat users list` viser kontiene)"
    );
    let body = match &args.body {
        Some(raw) => Some(bodies::resolve(&*store, raw)?),
        None => None,
    };
    let words = args.query.join(" ");
    let query = web::alerts::saved_query(
        &words,
        body.as_deref(),
        args.kind.map(DecisionKind::as_str),
        args.actions,
        args.person.as_deref(),
    );
    let name = args.name.unwrap_or_else(|| words.clone());
    // What the store holds now counts as told of: the first digest tells of what comes.
    let seq = store.change_seq()?;
    let token = web::alerts::random_hex(16);
    let id =
        store.add_saved_search(&email, &name, &query, args.frequency, &token, seq, &actor())?;
    writeln!(
        std::io::stdout(),
        "søgning {id} «{}» er gemt for {email} ({})",
        name.trim(),
        args.frequency.danish()
    )?;
    Ok(ExitStatus::Success)
}

fn list(args: ListArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_store()?;
    let searches = store.saved_searches(args.email.as_deref())?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &searches)?;
        writeln!(stdout)?;
        return Ok(ExitStatus::Success);
    }
    if searches.is_empty() {
        writeln!(stdout, "ingen gemte søgninger")?;
        return Ok(ExitStatus::Failure);
    }
    for search in &searches {
        writeln!(
            stdout,
            "{}\t{}\t{}\t{}\t{}",
            search.id,
            search.email,
            search.frequency.danish(),
            search.name,
            search.query
        )?;
    }
    Ok(ExitStatus::Success)
}

fn run_round(args: RunArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_existing_store()?;
    let index =
        data::open_index(&*store, &args.data.index_dir()).context("kan ikke åbne søgeindekset")?;
    let origin = match args.public_url {
        Some(origin) => origin,
        None => crate::commands::serve::public_url_from_env()?
            .unwrap_or_else(|| web::Origin::of_addr(([127, 0, 0, 1], 8080).into())),
    };
    let alerts = args.mail.alerts(origin)?;
    let today = args.today.unwrap_or_else(today);
    let now = || jiff::Timestamp::now().as_second();
    let round = alerts
        .run(&*store, &index, &now, today, args.now)
        .context("runden mislykkedes")?;
    let mut stdout = std::io::stdout().lock();
    if !round.queued_here {
        writeln!(
            stdout,
            "en anden proces (referat serve) lægger sammendrag og påmindelser i kø lige nu"
        )?;
    }
    writeln!(
        stdout,
        "{} og {} lagt i kø",
        plural(round.digests, "sammendrag", "sammendrag"),
        plural(round.reminders, "påmindelse", "påmindelser")
    )?;
    if alerts.mailer.is_some() {
        writeln!(
            stdout,
            "{} sendt, {} mislykkedes (prøves igen senere)",
            plural(round.sent, "mail", "mails"),
            round.failed
        )?;
    } else {
        writeln!(
            stdout,
            "ingen mailserver angivet (--smtp eller REFERAT_SMTP_URL): mails venter i udbakken"
        )?;
    }
    Ok(if round.failed > 0 {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}
