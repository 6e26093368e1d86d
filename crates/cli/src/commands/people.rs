//! `referat people [--json]`: the person registry: canonical names, the other written forms
//! seen, and how many meetings and follow-ups each person has.

use std::io::Write;

use clap::Args;

use crate::ExitStatus;
use crate::commands::data::DataArgs;
use crate::commands::{ClosedArgs, plural};

#[derive(Debug, Args)]
pub(crate) struct PeopleArgs {
    /// Skriv JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    closed: ClosedArgs,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: PeopleArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_existing_store()?;
    // Action owners enter the store as written, units among them (`Greve Kommune`,
    // `Magistratsafdelingen for Teknik`); the person registry lists only people, as the
    // web lists them (without the owners of closed items' follow-ups unless --lukkede).
    let people = web::registry(store.as_ref(), &args.closed.viewer())?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &people)?;
        writeln!(stdout)?;
    } else {
        for person in &people {
            let aliases = if person.aliases.is_empty() {
                String::new()
            } else {
                format!(" (også: {})", person.aliases.join(", "))
            };
            writeln!(
                stdout,
                "{}{aliases}: {}, {}",
                person.name,
                plural(person.n_meetings as usize, "møde", "møder"),
                plural(person.n_actions as usize, "opfølgning", "opfølgninger")
            )?;
        }
    }
    Ok(if people.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
