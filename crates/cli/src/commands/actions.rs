//! `referat actions [--owner --open --overdue --due-before DATE] [--json|--csv]`: the
//! follow-up register. "Today" for `--overdue` is read once here and passed to the store as
//! a date (the store never reads the clock).

use std::io::Write;

use clap::Args;
use model::Date;
use store::{ActionFilter, ActionRow, ActionStatus};

use crate::ExitStatus;
use crate::commands::ClosedArgs;
use crate::commands::data::DataArgs;

#[derive(Debug, Args)]
pub(crate) struct ActionsArgs {
    /// Kun opfølgninger, som denne person eller enhed er ansvarlig for (også en skrevet form som "NJ").
    #[arg(long, value_name = "NAVN")]
    owner: Option<String>,
    /// Kun opfølgninger, der ikke er markeret som udført.
    #[arg(long)]
    open: bool,
    /// Kun åbne opfølgninger, hvis frist er overskredet (før i dag).
    #[arg(long)]
    overdue: bool,
    /// Kun opfølgninger med frist før denne dag (ÅÅÅÅ-MM-DD).
    #[arg(long, value_name = "DATO")]
    due_before: Option<Date>,
    /// Skriv JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Skriv CSV (til et regneark).
    #[arg(long)]
    csv: bool,
    #[command(flatten)]
    closed: ClosedArgs,
    #[command(flatten)]
    data: DataArgs,
}

pub(crate) fn run(args: ActionsArgs) -> anyhow::Result<ExitStatus> {
    let today = jiff::Zoned::now().date();
    run_on(args, today)
}

fn run_on(args: ActionsArgs, today: Date) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_existing_store()?;
    let due_before = match (args.overdue, args.due_before) {
        (true, Some(date)) => Some(date.min(today)),
        (true, None) => Some(today),
        (false, date) => date,
    };
    let filter = ActionFilter {
        owner: args.owner.clone(),
        open: args.open || args.overdue,
        due_before,
        ..ActionFilter::default()
    };
    let viewer = args.closed.viewer();
    let mut rows = store.actions(&filter)?;
    rows.retain(|row| viewer.sees_action_of(&row.meeting_id, row.item_closed));
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &rows)?;
        writeln!(stdout)?;
    } else if args.csv {
        write_csv(&mut stdout, &rows)?;
    } else {
        if rows.is_empty() {
            writeln!(stdout, "ingen opfølgninger matcher")?;
        }
        for row in &rows {
            let due = row
                .action
                .due
                .as_ref()
                .map(|due| match due.by {
                    Some(by) => format!("{by} ({})", due.text),
                    None => due.text.clone(),
                })
                .unwrap_or_else(|| "uden frist".into());
            let owners = row
                .action
                .owners
                .iter()
                .map(|o| o.name.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let done = if row.status == ActionStatus::Open {
                String::new()
            } else {
                format!(" [{}]", row.status.danish())
            };
            writeln!(stdout, "{due} · {owners}{done}")?;
            writeln!(stdout, "  {}", row.action.text.replace('\n', " "))?;
            let date = row.meeting_date.map(|d| d.to_string()).unwrap_or_default();
            writeln!(
                stdout,
                "  {} {}, punkt {}: {}  [{}]",
                row.body, date, row.item_number, row.item_title, row.id
            )?;
        }
    }
    Ok(if rows.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// A follow-up's status in the words of the web pages: åben, i gang, udført, droppet.
fn status(status: ActionStatus) -> &'static str {
    status.danish()
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

fn write_csv(out: &mut impl Write, rows: &[ActionRow]) -> std::io::Result<()> {
    writeln!(
        out,
        "id,møde,dato,organ,punkt,titel,opfølgning,ansvarlige,frist_tekst,frist,forum,status"
    )?;
    for row in rows {
        let owners = row
            .action
            .owners
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let due = row.action.due.as_ref();
        let fields = [
            row.id.clone(),
            row.meeting_id.clone(),
            row.meeting_date.map(|d| d.to_string()).unwrap_or_default(),
            row.body.clone(),
            row.item_number.clone(),
            row.item_title.clone(),
            row.action.text.clone(),
            owners,
            due.map(|d| d.text.clone()).unwrap_or_default(),
            due.and_then(|d| d.by)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            row.action.forum.clone().unwrap_or_default(),
            status(row.status).to_owned(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}
