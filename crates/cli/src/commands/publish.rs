//! `referat publish ID [--tilbagekald]`: releases the decisions of a closed item to the
//! public (issue 13), the sekretær's action, for the operator who owns the database until
//! the web has a form for it; `--tilbagekald` withdraws the release. The item keeps its
//! text, follow-ups and everything else from the public; see `docs/closed-items.md`.

use std::io::Write;

use clap::Args;
use store::{Actor, ItemId};

use crate::ExitStatus;
use crate::commands::data::DataArgs;

#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    /// Et lukket punkts id: mødets id, skråstreg og punktets nummer, som `referat show`
    /// viser det (oekonomiudvalget-2024-10-30/2).
    #[arg(value_name = "PUNKT")]
    id: String,
    /// Gør beslutningerne ikke-offentlige igen.
    #[arg(long)]
    tilbagekald: bool,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: PublishArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_existing_store()?;
    let id: ItemId = args.id.parse()?;
    let view = store.item(&id).map_err(|err| {
        if err.is_not_found() {
            anyhow::anyhow!(
                "punktet {} findes ikke; se møderne og deres punkter med `referat show MØDE`",
                args.id
            )
        } else {
            err.into()
        }
    })?;
    let mut stdout = std::io::stdout().lock();
    if !view.item.closed {
        writeln!(
            stdout,
            "Punkt {}: {} er ikke lukket; dets beslutninger er allerede offentlige",
            view.item.number, view.item.title
        )?;
        return Ok(ExitStatus::Failure);
    }
    let actor = Actor {
        email: None,
        address: None,
        at: jiff::Timestamp::now().as_second(),
    };
    let public = !args.tilbagekald;
    store.set_decision_public(&view.id, public, &actor)?;
    let now = if public {
        "offentlige"
    } else {
        "ikke længere offentlige"
    };
    writeln!(
        stdout,
        "Beslutningerne i punkt {}: {} er nu {now}",
        view.item.number, view.item.title
    )?;
    Ok(ExitStatus::Success)
}
