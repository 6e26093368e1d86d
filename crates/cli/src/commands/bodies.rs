//! `referat bodies [--json]`: the bodies (councils, committees, meetings of a kind) in the
//! register with how many meetings each has and the span of their dates; and the reading
//! of `--body NAVN` by the other commands, which need not give a body's name in full.
//!
//! A name given is matched without regard to case: the whole name first, then as the
//! beginning of the name or of one of its words ("økonomi" finds "Økonomiudvalget",
//! "unge" finds "Børne- og Ungeudvalget"), also without a Danish definite ending
//! ("Byrådet" finds "Byråd 2022-2025"), and `aa` read as `å`. One body found is used; on
//! none or several, the error lists the candidates.

use std::collections::BTreeMap;
use std::io::Write;

use clap::Args;
use model::Date;
use store::{MeetingFilter, Page, Store};

use crate::ExitStatus;
use crate::commands::data::DataArgs;
use crate::commands::plural;

#[derive(Debug, Args)]
pub(crate) struct BodiesArgs {
    /// Skriv JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    data: DataArgs,
}

/// One body and its meetings.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub(crate) name: String,
    pub(crate) meetings: usize,
    pub(crate) first: Option<Date>,
    pub(crate) last: Option<Date>,
}

/// Every body in the store, by name.
pub(crate) fn list(store: &dyn Store) -> anyhow::Result<Vec<Body>> {
    let mut bodies: BTreeMap<String, Body> = BTreeMap::new();
    for meeting in store.meetings(&MeetingFilter::default(), Page::ALL)? {
        let body = bodies.entry(meeting.body.clone()).or_insert_with(|| Body {
            name: meeting.body.clone(),
            meetings: 0,
            first: None,
            last: None,
        });
        body.meetings += 1;
        if let Some(date) = meeting.date {
            body.first = Some(body.first.map_or(date, |first| first.min(date)));
            body.last = Some(body.last.map_or(date, |last| last.max(date)));
        }
    }
    Ok(bodies.into_values().collect())
}

pub(crate) fn run(args: BodiesArgs) -> anyhow::Result<ExitStatus> {
    let store = args.data.open_existing_store()?;
    let bodies = list(&*store)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let value: Vec<serde_json::Value> = bodies
            .iter()
            .map(|body| {
                serde_json::json!({
                    "name": body.name,
                    "meetings": body.meetings,
                    "first": body.first.map(|date| date.to_string()),
                    "last": body.last.map(|date| date.to_string()),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        let width = bodies
            .iter()
            .map(|body| body.name.chars().count())
            .max()
            .unwrap_or(0);
        for body in &bodies {
            let span = match (body.first, body.last) {
                (Some(first), Some(last)) if first == last => format!("  {first}"),
                (Some(first), Some(last)) => format!("  {first} – {last}"),
                _ => String::new(),
            };
            let name = if body.name.is_empty() {
                "(uden organ)"
            } else {
                &body.name
            };
            writeln!(
                stdout,
                "{name:<width$}  {:>10}{span}",
                plural(body.meetings, "møde", "møder"),
            )?;
        }
    }
    Ok(if bodies.is_empty() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The body that `raw` names, as stored: see the module documentation.
pub(crate) fn resolve(store: &dyn Store, raw: &str) -> anyhow::Result<String> {
    let bodies = list(store)?;
    let names: Vec<&str> = bodies.iter().map(|body| body.name.as_str()).collect();
    match matches(&names, raw).as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => anyhow::bail!(
            "intet organ hedder eller begynder med {raw:?}; organerne er: {}",
            listing(&bodies, |_| true)
        ),
        several => anyhow::bail!(
            "{raw:?} passer på flere organer: {}; skriv mere af navnet",
            listing(&bodies, |name| several.contains(&name))
        ),
    }
}

/// The names in `names` that `raw` picks out: the one it names in full, else those it
/// begins, or begins a word of, with or without a definite ending.
fn matches<'a>(names: &[&'a str], raw: &str) -> Vec<&'a str> {
    let wanted = fold(raw.trim());
    if wanted.is_empty() {
        return Vec::new();
    }
    if let Some(name) = names.iter().find(|name| fold(name) == wanted) {
        return vec![name];
    }
    let stems = stems(&wanted);
    names
        .iter()
        .copied()
        .filter(|name| {
            let name = fold(name);
            let words = name
                .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
                .filter(|word| !word.is_empty());
            let mut starts = std::iter::once(name.as_str()).chain(words);
            starts.any(|start| stems.iter().any(|stem| start.starts_with(stem.as_str())))
        })
        .collect()
}

/// `raw` and, when it ends in one, `raw` without a Danish definite ending (`Byrådet` →
/// `byråd`, `udvalgene` → `udvalg`).
fn stems(wanted: &str) -> Vec<String> {
    let mut stems = vec![wanted.to_owned()];
    for ending in ["erne", "ene", "et", "en"] {
        if let Some(stem) = wanted.strip_suffix(ending) {
            if stem.chars().count() >= 3 {
                stems.push(stem.to_owned());
            }
            break;
        }
    }
    stems
}

/// Lower case, `aa` read as `å`.
fn fold(text: &str) -> String {
    text.to_lowercase().replace("aa", "å")
}

/// The bodies for which `keep` holds, as "Name (N møder)", comma-separated.
fn listing(bodies: &[Body], keep: impl Fn(&str) -> bool) -> String {
    let shown: Vec<String> = bodies
        .iter()
        .filter(|body| keep(&body.name))
        .map(|body| format!("{} ({})", body.name, plural(body.meetings, "møde", "møder")))
        .collect();
    if shown.is_empty() {
        "ingen endnu (importér med `referat import STI`)".to_owned()
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    const NAMES: [&str; 4] = [
        "Byråd 2022-2025",
        "Økonomiudvalget",
        "Børne- og Ungeudvalget",
        "Rådmandsmøde",
    ];

    #[test]
    fn names_are_found_by_case_prefix_word_and_definite_form() {
        assert_eq!(matches(&NAMES, "Byrådet"), ["Byråd 2022-2025"]);
        assert_eq!(matches(&NAMES, "byraad"), ["Byråd 2022-2025"]);
        assert_eq!(matches(&NAMES, "økonomi"), ["Økonomiudvalget"]);
        assert_eq!(matches(&NAMES, "ØKONOMIUDVALGET"), ["Økonomiudvalget"]);
        assert_eq!(matches(&NAMES, "unge"), ["Børne- og Ungeudvalget"]);
        assert_eq!(matches(&NAMES, "rådmandsmødet"), ["Rådmandsmøde"]);
        assert!(matches(&NAMES, "Kultur").is_empty());
        assert!(matches(&NAMES, "").is_empty());
    }
}
