//! The one integration-test binary of `extract`: golden files.
//!
//! For each `tests/data/<case>.txt` (or `.md`) it extracts the meeting, pretty-prints it as
//! JSON and compares it with `tests/data/<case>.json`. A missing expectation is written and
//! the test fails so it gets reviewed and committed; `UPDATE_EXPECT=1` rewrites them all.

use std::path::{Path, PathBuf};

use model::{Format, Text};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn render(input: &str, format: Format) -> String {
    let text = Text::from_plain(input, format);
    let extraction = extract::extract(&text);
    let mut json =
        serde_json::to_string_pretty(&extraction.meeting).expect("a Meeting always serialises");
    json.push('\n');
    json
}

#[test]
fn golden_files() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .expect("tests/data exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "md")
            )
        })
        .collect();
    cases.sort();
    assert!(
        !cases.is_empty(),
        "no golden cases in {}",
        data_dir().display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let input = std::fs::read_to_string(case).expect("golden input is UTF-8");
        let format = if input
            .lines()
            .any(|l| l.starts_with("# ") || l.starts_with("## "))
        {
            Format::Markdown
        } else {
            Format::Text
        };
        let got = render(&input, format);
        let expected_path = case.with_extension("json");
        match std::fs::read_to_string(&expected_path) {
            Ok(want) if want == got => {}
            Ok(want) if !update => failures.push(format!(
                "{}: output differs from {}\n{}",
                case.display(),
                expected_path.display(),
                diff(&want, &got)
            )),
            Ok(_) | Err(_) => {
                std::fs::write(&expected_path, &got).expect("can write expectation");
                if !update {
                    failures.push(format!(
                        "{}: expectation was missing and has been written; review and commit it",
                        case.display()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nRun with UPDATE_EXPECT=1 to accept the new output.",
        failures.join("\n\n")
    );
}

/// The differing lines, with a little context, for a readable failure.
fn diff(want: &str, got: &str) -> String {
    let want: Vec<&str> = want.lines().collect();
    let got: Vec<&str> = got.lines().collect();
    let mut out = String::new();
    let mut shown = 0;
    for idx in 0..want.len().max(got.len()) {
        let (w, g) = (want.get(idx), got.get(idx));
        if w != g {
            out.push_str(&format!(
                "line {}:\n  - {}\n  + {}\n",
                idx + 1,
                w.unwrap_or(&""),
                g.unwrap_or(&"")
            ));
            shown += 1;
            if shown == 20 {
                out.push_str("  …\n");
                break;
            }
        }
    }
    out
}

/// Extraction never panics, whatever it is given.
#[test]
fn odd_inputs_do_not_panic() {
    for input in [
        "",
        "\n\n\n",
        "Punkt",
        "Punkt 1:",
        "Pkt. 1 kl. 25.99-",
        "Mødedeltagere :",
        "• • •",
        "(((",
        "Beslutning for Punkt 9",
        "1. 2. 3.",
        "Ø",
        "bilag bilag 1A",
    ] {
        let _ = render(input, Format::Text);
    }
}
