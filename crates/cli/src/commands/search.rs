//! `referat search QUERY [--from --to --body --person --kind --actions] [--json]`: full-text
//! search over the minuted items, best first, with the matching words marked.

use std::io::{IsTerminal, Write};

use clap::Args;
use model::{Date, DecisionKind};
use search::{Filters, Request};

use crate::ExitStatus;
use crate::commands::data::{self, DataArgs};
use crate::commands::{ClosedArgs, bodies};

#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// Ordene, der skal findes; "en frase" i anførselstegn. Et ord med minus foran udelukkes
    /// og skrives til sidst efter --, fx referat search budget -- -anlæg.
    #[arg(required = true, value_name = "FORESPØRGSEL")]
    query: Vec<String>,
    /// Kun møder på eller efter denne dag (ÅÅÅÅ-MM-DD).
    #[arg(long, value_name = "DATO")]
    from: Option<Date>,
    /// Kun møder på eller før denne dag (ÅÅÅÅ-MM-DD).
    #[arg(long, value_name = "DATO")]
    to: Option<Date>,
    /// Kun møder i dette organ: navnet eller begyndelsen af det eller af et ord i det, store
    /// og små bogstaver ens ("byrådet", "økonomi"); `referat bodies` viser organerne.
    #[arg(long, value_name = "ORGAN")]
    body: Option<String>,
    /// Kun punkter, hvor denne person deltog, fremlagde eller er ansvarlig for en opfølgning.
    #[arg(long, value_name = "NAVN")]
    person: Option<String>,
    /// Kun punkter med en beslutning af denne art: godkendt, besluttet, anbefalet, orienteret,
    /// drøftet, udsat eller afvist.
    #[arg(long, value_name = "ART", value_parser = parse_kind)]
    kind: Option<DecisionKind>,
    /// Kun punkter med opfølgninger.
    #[arg(long)]
    actions: bool,
    /// Højst så mange resultater.
    #[arg(long, default_value_t = 10, value_name = "ANTAL")]
    limit: usize,
    /// Skriv JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    closed: ClosedArgs,
    #[command(flatten)]
    data: DataArgs,
}

/// Reads a decision kind by its English name or a Danish verb of `spec/model.md`.
pub(crate) fn parse_kind(raw: &str) -> Result<DecisionKind, String> {
    let raw = raw.trim().to_lowercase();
    let kind = match raw.as_str() {
        "rejected" | "afvist" | "afviste" => DecisionKind::Rejected,
        "postponed" | "udsat" | "udsatte" => DecisionKind::Postponed,
        "approved" | "godkendt" | "godkendte" => DecisionKind::Approved,
        "decided" | "besluttet" | "besluttede" => DecisionKind::Decided,
        "recommended" | "anbefalet" | "anbefalede" => DecisionKind::Recommended,
        "noted" | "taget til efterretning" | "orienteret" => DecisionKind::Noted,
        "discussed" | "drøftet" | "drøftede" => DecisionKind::Discussed,
        _ => {
            return Err(format!(
                "ukendt beslutningsart {raw:?}; brug en af: godkendt, besluttet, anbefalet, \
                 orienteret, drøftet, udsat, afvist (eller approved, decided, ...)"
            ));
        }
    };
    Ok(kind)
}

pub(crate) fn run(args: SearchArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_existing_store()?;
    let index = data::open_index(&*store, &args.data.index_dir())?;
    let people = match &args.person {
        // The registry knows written forms ("NJ"); the index knows canonical names.
        Some(name) => match store.person(name) {
            Ok(detail) => vec![detail.person.name],
            Err(err) if err.is_not_found() => vec![name.clone()],
            Err(err) => return Err(err.into()),
        },
        None => Vec::new(),
    };
    let body = match &args.body {
        Some(raw) => Some(bodies::resolve(&*store, raw)?),
        None => None,
    };
    let request = Request {
        query: args.query.join(" "),
        filters: Filters {
            body,
            from: args.from,
            to: args.to,
            people,
            kind: args.kind,
            with_actions: args.actions,
            without_actions: false,
            closed: args.closed.viewer().sees_closed(),
            // The command line is the operator's: it reads the data folder or the database
            // directly and sees internal meetings too.
            exclude_meetings: Vec::new(),
            public_view_meetings: Vec::new(),
            within_meetings: None,
        },
        offset: 0,
        limit: args.limit,
        snippets: true,
        facets: false,
    };
    let results = index.search(&request)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &results)?;
        writeln!(stdout)?;
    } else {
        let (open, close) = if std::io::stdout().is_terminal() {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("«", "»")
        };
        if results.hits.is_empty() {
            writeln!(stdout, "ingen punkter fundet for {:?}", request.query)?;
        } else if !results.strict {
            writeln!(
                stdout,
                "intet punkt indeholder alle ordene; viser punkter med mindst ét af dem"
            )?;
        }
        if let Some(suggestion) = &results.suggestion {
            writeln!(
                stdout,
                "mente du {open}{suggestion}{close}? (referat search {suggestion})"
            )?;
        }
        for (rank, hit) in results.hits.iter().enumerate() {
            let date = hit.date.map(|d| d.to_string()).unwrap_or_default();
            writeln!(
                stdout,
                "{}. {} {} · punkt {}: {}  [{}]",
                rank + 1,
                hit.body,
                date,
                hit.number,
                hit.title,
                hit.id
            )?;
            if let Some(snippet) = &hit.snippet {
                writeln!(
                    stdout,
                    "   {}",
                    snippet.marked(open, close).replace('\n', " ")
                )?;
            }
            if !hit.also.is_empty() {
                let places: Vec<String> = hit
                    .also
                    .iter()
                    .map(|also| {
                        let date = also.date.map(|d| format!(" {d}")).unwrap_or_default();
                        format!("{}{date} [{}]", also.body, also.id)
                    })
                    .collect();
                writeln!(stdout, "   også behandlet i {}", places.join(", "))?;
            }
        }
        if !results.total_exact {
            writeln!(stdout, "(over {} punkter i alt)", results.total)?;
        } else if results.total > results.hits.len() as u64 {
            writeln!(stdout, "({} punkter i alt)", results.total)?;
        }
    }
    Ok(if results.hits.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
