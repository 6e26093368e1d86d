//! The content hash of a meeting version: what a seal (issue 14, point 5) records when the
//! minutes are approved, and what `referat verify` recomputes to show that nothing changed.
//!
//! The canonical form is the meeting's JSON as `spec/model.md` defines it, written so that
//! the same content always gives the same bytes:
//!
//! ```text
//! content   := the Meeting's JSON without `id`, `source`, `header_spans` and every `span`
//!              (identity, the file read and provenance are not what was decided)
//! object    := "{" members sorted by key (byte order), "," between, no spaces "}"
//! array     := "[" elements in their order "," "]"
//! string    := as JSON writes it: `"` and `\` and control characters escaped, everything
//!              else as UTF-8, no Unicode normalisation (the text as stored)
//! literal   := null | true | false | an integer
//! hash      := "sha256:" + SHA-256 of the canonical bytes in lowercase hex
//! ```
//!
//! Fields the model leaves out when empty (`closed: false`, an item's `absent`, a
//! decision's `notes`, …) are left out here as well, so a field added to the model later
//! with such a default does not change the hash of an existing version.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::Meeting;

/// Keys that are not content: left out at the top level.
const NOT_CONTENT_TOP: [&str; 3] = ["id", "source", "header_spans"];

/// The canonical JSON of a meeting's content.
pub fn canonical_json(meeting: &Meeting) -> String {
    // A Meeting is plain data: its JSON form cannot fail.
    let mut value = serde_json::to_value(meeting).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        for key in NOT_CONTENT_TOP {
            fields.remove(key);
        }
    }
    let mut out = String::new();
    write(&value, &mut out);
    out
}

/// `sha256:` and the SHA-256 of [`canonical_json`] in lowercase hex.
pub fn content_hash(meeting: &Meeting) -> String {
    let digest = Sha256::digest(canonical_json(meeting).as_bytes());
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256:");
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(fields) => {
            let mut keys: Vec<&String> = fields.keys().filter(|key| *key != "span").collect();
            keys.sort();
            out.push('{');
            for (n, key) in keys.into_iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write(&fields[key], out);
            }
            out.push('}');
        }
        Value::Array(elements) => {
            out.push('[');
            for (n, element) in elements.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write(element, out);
            }
            out.push(']');
        }
        Value::String(text) => write_string(text, out),
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&number.to_string()),
    }
}

fn write_string(text: &str, out: &mut String) {
    // serde_json escapes exactly `"`, `\` and control characters and writes the rest as
    // UTF-8: the form the module doc promises.
    out.push_str(&Value::String(text.to_owned()).to_string());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Decision, DecisionKind, Item, Person, Span};

    fn meeting() -> Meeting {
        Meeting {
            id: "udvalget-2026-03-10".into(),
            body: "Udvalget".into(),
            date: Some(jiff::civil::date(2026, 3, 10)),
            participants: vec![Person {
                name: "Åse \"Kvist\" Holm".into(),
                as_written: "Åse".into(),
                span: Some(Span::default()),
            }],
            items: vec![Item {
                number: "1".into(),
                title: "Budget".into(),
                decisions: vec![Decision {
                    actor: Some("Udvalget".into()),
                    kind: DecisionKind::Approved,
                    text: "Godkendt.".into(),
                    notes: Vec::new(),
                    votes: None,
                    span: Some(Span {
                        page: 1,
                        line: 9,
                        end_line: 9,
                    }),
                }],
                ..Item::default()
            }],
            ..Meeting::default()
        }
    }

    #[test]
    fn canonical_form_is_sorted_compact_and_without_provenance() {
        assert_eq!(
            canonical_json(&meeting()),
            concat!(
                r#"{"absent":[],"body":"Udvalget","date":"2026-03-10","end":null,"#,
                r#""items":[{"actions":[],"attachments":[],"decisions":[{"actor":"Udvalget","#,
                r#""kind":"approved","text":"Godkendt."}],"number":"1","text":"","#,
                r#""title":"Budget"}],"kind":"minutes","location":null,"#,
                r#""participants":[{"as_written":"Åse","name":"Åse \"Kvist\" Holm"}],"#,
                r#""schedule":[],"start":null}"#
            )
        );
    }

    #[test]
    fn hash_ignores_provenance_and_identity_but_not_content() {
        let original = content_hash(&meeting());
        // Checked apart: `printf %s <the canonical JSON above> | sha256sum`.
        assert_eq!(
            original,
            "sha256:278c76c7b0c8d79e06873155a6724f25e1f30023bf0e9aa7a41df9689177944c"
        );
        let mut moved = meeting();
        moved.id = "andet-id".into();
        moved.source.file = "andet.pdf".into();
        moved.items[0].decisions[0].span = None;
        moved.header_spans.body = Some(Span::default());
        assert_eq!(content_hash(&moved), original);

        let mut changed = meeting();
        changed.items[0].decisions[0].text = "Godkendt med ændringer.".into();
        assert_ne!(content_hash(&changed), original);
        let mut reordered = meeting();
        reordered.participants.push(Person::written("Bo", None));
        reordered.participants.reverse();
        assert_ne!(content_hash(&reordered), original);
    }
}
