//! The meeting a renderer is given, read from JSON: either a Meeting as `referat extract
//! --json` prints it, or the gold layout of the scorer (people as plain strings, `source`
//! a file name, no `id` or item `text`). Both become one [`model::Meeting`].
//!
//! Accepted differences from the model's own JSON, each filled in before serde reads it:
//!
//! ```text
//! a person                 "Heidi Have"  or  {"name": "Heidi Have", "as_written": "Heidi"}
//! source                   "000_x.txt"   or  {"file", "sha256", "format"}   or missing
//! id, participants, absent, schedule, items                                     may be missing
//! start, end (of the meeting and of a slot)                                    may be missing
//! item text, decisions, actions, attachments; slot presenters; action owners    may be missing
//! an item's absent person  "Per Holm"    or  {"name", "as_written"}
//! ```
//!
//! Anything else that does not fit is an [`InputError`] naming the field by its path
//! (`items[2].decisions[0].kind`) and saying what was wrong, in Danish. No I/O here: the
//! caller reads the file and adds its name.

use serde_json::{Map, Value};

/// Why a JSON text is not a meeting; `path` is empty for the whole document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("feltet {path}: ") })]
pub struct InputError {
    /// Where in the document: `items[2].title`, or empty.
    pub path: String,
    /// What was wrong, in Danish.
    pub message: String,
}

/// Reads a meeting from JSON in either layout.
pub fn meeting_from_json(json: &str) -> Result<model::Meeting, InputError> {
    let mut value: Value = serde_json::from_str(json).map_err(|err| InputError {
        path: String::new(),
        message: format!(
            "ikke gyldig JSON (linje {}, kolonne {})",
            err.line(),
            err.column()
        ),
    })?;
    let Value::Object(meeting) = &mut value else {
        return Err(InputError {
            path: String::new(),
            message: "forventede et møde (et JSON-objekt med body, date, items …)".into(),
        });
    };
    normalise_meeting(meeting);
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let field = path.rsplit('.').next().unwrap_or_default();
        let message = err.into_inner().to_string();
        let message = match field {
            // jiff's own messages are long and English.
            "date" | "from" | "by" if !message.starts_with("invalid type") => {
                "forventede en dato som 2025-07-01".to_owned()
            }
            "start" | "end" if !message.starts_with("invalid type") => {
                "forventede et klokkeslæt som 11:30".to_owned()
            }
            _ => danish_serde_message(&message),
        };
        InputError {
            path: if path == "." { String::new() } else { path },
            message,
        }
    })
}

/// serde's English messages for the usual mistakes, in Danish; others are kept as they are
/// after a Danish lead.
fn danish_serde_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("mangler feltet {}", rest.trim_matches('`'));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return format!("forkert type: fik {got}, forventede {expected}");
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (got, expected) = rest.split_once(", expected one of ").unwrap_or((rest, "?"));
        return format!("ukendt værdi {got}, forventede en af {expected}");
    }
    format!("kan ikke læses: {message}")
}

fn normalise_meeting(meeting: &mut Map<String, Value>) {
    default(meeting, "id", Value::String(String::new()));
    // Times are read by the model's own `HH:MM` reader, for which serde does not treat a
    // missing field as null.
    for key in ["start", "end"] {
        meeting.entry(key).or_insert(Value::Null);
    }
    for key in ["participants", "absent"] {
        people(meeting, key);
    }
    match meeting.get("source") {
        Some(Value::String(file)) => {
            let file = file.clone();
            meeting.insert(
                "source".into(),
                serde_json::json!({"file": file, "sha256": "", "format": "text"}),
            );
        }
        None | Some(Value::Null) => {
            meeting.insert(
                "source".into(),
                serde_json::json!({"file": "", "sha256": "", "format": "text"}),
            );
        }
        _ => {}
    }
    for slot in objects(meeting, "schedule") {
        for key in ["start", "end"] {
            slot.entry(key).or_insert(Value::Null);
        }
        people(slot, "presenters");
    }
    for item in objects(meeting, "items") {
        default(item, "text", Value::String(String::new()));
        default(item, "attachments", Value::Array(Vec::new()));
        default(item, "decisions", Value::Array(Vec::new()));
        for action in objects(item, "actions") {
            people(action, "owners");
        }
        for absence in objects(item, "absent") {
            if let Some(Value::String(name)) = absence.get("person") {
                let name = name.clone();
                absence.insert(
                    "person".into(),
                    serde_json::json!({"name": name, "as_written": name}),
                );
            }
            absence.entry("reason").or_insert(Value::Null);
        }
    }
}

/// Sets `key` to `value` when it is missing or null.
fn default(object: &mut Map<String, Value>, key: &str, value: Value) {
    let entry = object.entry(key).or_insert(Value::Null);
    if entry.is_null() {
        *entry = value;
    }
}

/// The objects of the array at `key`, which becomes empty when missing or null.
fn objects<'a>(
    object: &'a mut Map<String, Value>,
    key: &str,
) -> impl Iterator<Item = &'a mut Map<String, Value>> {
    default(object, key, Value::Array(Vec::new()));
    object
        .get_mut(key)
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut)
}

/// A list of people at `key`: plain strings become persons written as named.
fn people(object: &mut Map<String, Value>, key: &str) {
    default(object, key, Value::Array(Vec::new()));
    let Some(list) = object.get_mut(key).and_then(Value::as_array_mut) else {
        return;
    };
    for person in list {
        if let Value::String(name) = person {
            *person = serde_json::json!({"name": name, "as_written": name});
        } else if let Value::Object(fields) = person {
            // A person with only one of the two names has the other the same.
            let name = fields.get("name").cloned();
            let written = fields.get("as_written").cloned();
            match (name, written) {
                (Some(name @ Value::String(_)), None) => {
                    fields.insert("as_written".into(), name);
                }
                (None, Some(written @ Value::String(_))) => {
                    fields.insert("name".into(), written);
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_error(json: &str, expected: &str) {
        let err = meeting_from_json(json).expect_err("should not read");
        assert_eq!(err.to_string(), expected);
    }

    #[test]
    fn gold_layout_reads_with_people_as_strings() {
        let meeting = meeting_from_json(
            r#"{"source": "000.txt", "body": "Rådmandsmøde", "date": "2025-07-01",
                "start": "11:30", "end": null, "location": "Rådhuset",
                "participants": ["Heidi Have"], "absent": [],
                "schedule": [{"item": "1", "start": "11:30", "end": "11:55",
                              "presenters": ["Jakob Flou"]}],
                "items": [{"number": "1", "title": "KPI",
                           "decisions": [{"actor": null, "kind": "approved", "text": "Godkendt."}],
                           "actions": [{"text": "NJ laver tidsplan", "owners": ["Niels Jørgen"],
                                        "due": {"text": "senest i oktober", "by": "2025-10-31"},
                                        "optional": true}],
                           "attachments": ["Bilag 1"]}]}"#,
        )
        .unwrap();
        assert_eq!(meeting.participants[0].name, "Heidi Have");
        assert_eq!(meeting.participants[0].as_written, "Heidi Have");
        assert_eq!(meeting.schedule[0].presenters[0].name, "Jakob Flou");
        assert_eq!(meeting.items[0].actions[0].owners[0].name, "Niels Jørgen");
        assert_eq!(meeting.items[0].text, "");
        assert_eq!(meeting.source.file, "000.txt");
    }

    #[test]
    fn extract_layout_reads_as_it_is() {
        let original = model::Meeting {
            id: "raadmandsmoede-2025-07-01".into(),
            body: "Rådmandsmøde".into(),
            participants: vec![model::Person {
                name: "Niels Jørgen Rasmussen".into(),
                as_written: "NJ".into(),
                span: None,
            }],
            ..model::Meeting::default()
        };
        let json = serde_json::to_string(&original).unwrap();
        assert_eq!(meeting_from_json(&json).unwrap(), original);
    }

    #[test]
    fn errors_name_the_field() {
        check_error(
            r#"{"body": "Udvalget", "date": "2025-07-01", "items": [{"number": "1"}]}"#,
            "feltet items[0]: mangler feltet title",
        );
        check_error(
            r#"{"body": "Udvalget", "date": "2025-07-01", "items": [{"number": "1", "title": "T",
                "decisions": [{"actor": null, "kind": "vedtaget", "text": "x"}]}]}"#,
            "feltet items[0].decisions[0].kind: ukendt værdi `vedtaget`, forventede en af \
             `rejected`, `postponed`, `approved`, `decided`, `recommended`, `noted`, `discussed`",
        );
        check_error(
            r#"{"body": "Udvalget", "date": "1. juli", "items": []}"#,
            "feltet date: forventede en dato som 2025-07-01",
        );
        check_error(
            r#"{"body": "Udvalget", "date": "2025-07-01", "start": "halv tolv"}"#,
            "feltet start: forventede et klokkeslæt som 11:30",
        );
        check_error(
            r#"[1, 2]"#,
            "forventede et møde (et JSON-objekt med body, date, items …)",
        );
        check_error(r#"{"body": "#, "ikke gyldig JSON (linje 1, kolonne 9)");
        check_error(
            r#"{"body": 7, "date": "2025-07-01"}"#,
            "feltet body: forkert type: fik integer `7`, forventede a string",
        );
    }
}
