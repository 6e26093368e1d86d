//! The seed minutes as PDF and as DOCX (made by LibreOffice from the seed texts, see
//! `tests/data/seed-formats/make.sh`) extract to the same meeting as the seed texts: the
//! readers hand `extract` text with other line breaks, page furniture, real list labels and
//! no Markdown, and the result must not depend on that. Only provenance (spans, source)
//! and each item's original text may differ.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seed-formats")
}

fn extract_json(path: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_referat"))
        .arg("extract")
        .arg(path)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut meeting: Value = serde_json::from_slice(&output.stdout).unwrap();
    strip_provenance(&mut meeting);
    if let Some(items) = meeting.get_mut("items").and_then(Value::as_array_mut) {
        for item in items {
            if let Some(item) = item.as_object_mut() {
                item.remove("text");
            }
        }
    }
    meeting
}

fn strip_provenance(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in ["span", "header_spans", "source"] {
                map.remove(key);
            }
            map.values_mut().for_each(strip_provenance);
        }
        Value::Array(values) => values.iter_mut().for_each(strip_provenance),
        _ => {}
    }
}

#[test]
fn seeds_as_pdf_and_docx_extract_like_the_seed_texts() {
    let texts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/data");
    let mut n_compared = 0;
    for seed in 0..5 {
        let name = format!("seed_{seed:03}");
        let want = extract_json(&texts.join(format!("{name}.txt")));
        assert!(
            want["items"]
                .as_array()
                .is_some_and(|items| !items.is_empty()),
            "{name}.txt has no items"
        );
        for ext in ["pdf", "docx"] {
            let got = extract_json(&data().join(format!("{name}.{ext}")));
            assert_eq!(
                serde_json::to_string_pretty(&got).unwrap(),
                serde_json::to_string_pretty(&want).unwrap(),
                "{name}.{ext} extracts differently from {name}.txt"
            );
            n_compared += 1;
        }
    }
    assert_eq!(n_compared, 10);
}
