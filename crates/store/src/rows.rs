//! The rows of the current version of a meeting, built once for both backends: one
//! [`Row`] per line of `meetings`, `people`, `person_aliases`, `meeting_people`, `slots`,
//! `items`, `decisions` and `actions`, each with its `INSERT` in portable SQL (`?N`
//! placeholders, which the PostgreSQL executor turns into `$N`). Also [`Value`], the plain
//! values that cross between the shared code and a backend's executor. Nothing here touches
//! a connection.

use model::{Meeting, Person};

use crate::columns::{date_text, hhmm, position, recurrence_text, span_parts};
use crate::{Error, Result};

/// One SQL value. `Int` is a PostgreSQL `INTEGER`, `Big` a `BIGINT` (SQLite has one integer
/// type and takes both); `Null` only comes back from a query, when the backend does not say
/// the column's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Text(Option<String>),
    Int(Option<i32>),
    Big(Option<i64>),
    Null,
}

impl Value {
    pub(crate) fn text(value: impl Into<String>) -> Value {
        Value::Text(Some(value.into()))
    }

    pub(crate) fn opt_text(value: Option<impl Into<String>>) -> Value {
        Value::Text(value.map(Into::into))
    }

    /// An `INTEGER` from a position, page or line.
    pub(crate) fn int(value: u32) -> Value {
        Value::Int(Some(i32::try_from(value).unwrap_or(i32::MAX)))
    }

    pub(crate) fn opt_int(value: Option<u32>) -> Value {
        value.map_or(Value::Int(None), Value::int)
    }

    /// The text in a column (`None` for NULL).
    pub(crate) fn into_text(self) -> Result<Option<String>> {
        match self {
            Value::Text(text) => Ok(text),
            Value::Null | Value::Int(None) | Value::Big(None) => Ok(None),
            other => Err(Error::Corrupt(format!("expected text, found {other:?}"))),
        }
    }

    /// The text in a column that is never NULL.
    pub(crate) fn into_string(self) -> Result<String> {
        self.into_text()?
            .ok_or_else(|| Error::Corrupt("unexpected NULL text".to_owned()))
    }

    /// The integer in a column (`None` for NULL).
    pub(crate) fn as_i64(&self) -> Result<Option<i64>> {
        match self {
            Value::Int(value) => Ok(value.map(i64::from)),
            Value::Big(value) => Ok(*value),
            Value::Null | Value::Text(None) => Ok(None),
            Value::Text(Some(text)) => {
                Err(Error::Corrupt(format!("expected a number, found {text:?}")))
            }
        }
    }

    /// The non-negative integer in a column (`None` for NULL).
    pub(crate) fn as_u32(&self) -> Result<Option<u32>> {
        Ok(self
            .as_i64()?
            .map(|value| u32::try_from(value).unwrap_or(0)))
    }

    /// The non-negative integer in a column that is never NULL.
    pub(crate) fn as_count(&self) -> Result<u32> {
        self.as_u32()?
            .ok_or_else(|| Error::Corrupt("unexpected NULL number".to_owned()))
    }
}

/// A row to insert: the statement and its values, in the order of its placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub(crate) sql: &'static str,
    pub(crate) values: Vec<Value>,
}

/// The tables that describe a meeting's current version, children first: deleting in this
/// order respects the foreign keys.
pub(crate) const CURRENT_TABLES: [&str; 5] =
    ["meeting_people", "actions", "decisions", "items", "slots"];

const MEETING: &str = "INSERT INTO meetings (id, version, source_sha256, body, date, start_time,
                          end_time, location, kind, format, n_items, changed_seq)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version,
       source_sha256 = excluded.source_sha256, body = excluded.body, date = excluded.date,
       start_time = excluded.start_time, end_time = excluded.end_time,
       location = excluded.location, kind = excluded.kind, format = excluded.format,
       n_items = excluded.n_items, changed_seq = excluded.changed_seq";
const PERSON: &str = "INSERT INTO people (name) VALUES (?1) ON CONFLICT (name) DO NOTHING";
const ALIAS: &str = "INSERT INTO person_aliases (alias, name) VALUES (?1, ?2)
     ON CONFLICT (alias, name) DO NOTHING";
const ROLE: &str = "INSERT INTO meeting_people (meeting_id, role, position, name, as_written,
                                item_position, action_position, span_page, span_line,
                                span_end_line)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
const SLOT: &str = "INSERT INTO slots (meeting_id, position, item, start_time, end_time, note,
                       span_page, span_line, span_end_line)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const ITEM: &str = "INSERT INTO items (meeting_id, position, number, title, text, case_number,
                       span_page, span_line, span_end_line, closed)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
const DECISION: &str = "INSERT INTO decisions (meeting_id, item_position, position, actor, kind,
                           text, span_page, span_line, span_end_line)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const ACTION: &str = "INSERT INTO actions (meeting_id, item_position, position, text, due_text,
                         due_from, due_by, recurring, forum, span_page, span_line,
                         span_end_line)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// Where a meeting's current version is kept: its version number, source and the change
/// sequence number of this write.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Current<'a> {
    pub(crate) version: u32,
    pub(crate) source_sha256: &'a str,
    pub(crate) seq: i64,
}

/// The rows of `meeting` as its current version: the `meetings` row first, then the people
/// (registry before roles), slots, and each item followed by its decisions and actions.
pub(crate) fn meeting_rows(meeting: &Meeting, current: Current<'_>) -> Vec<Row> {
    let id = meeting.id.as_str();
    let mut rows = vec![Row {
        sql: MEETING,
        values: vec![
            Value::text(id),
            Value::int(current.version),
            Value::text(current.source_sha256),
            Value::text(meeting.body.as_str()),
            Value::opt_text(date_text(meeting.date)),
            Value::opt_text(hhmm(meeting.start)),
            Value::opt_text(hhmm(meeting.end)),
            Value::opt_text(meeting.location.clone()),
            Value::text(match meeting.kind {
                model::DocumentKind::Minutes => "minutes",
                model::DocumentKind::Agenda => "agenda",
            }),
            Value::text(meeting.source.format.as_str()),
            Value::int(u32::try_from(meeting.items.len()).unwrap_or(u32::MAX)),
            Value::Big(Some(current.seq)),
        ],
    }];
    let add_person = |rows: &mut Vec<Row>,
                      role: &str,
                      idx: usize,
                      person: &Person,
                      item_position: Option<u32>,
                      action_position: Option<u32>| {
        let name = person.name.trim();
        if name.is_empty() {
            return;
        }
        rows.push(Row {
            sql: PERSON,
            values: vec![Value::text(name)],
        });
        let written = person.as_written.trim();
        if !written.is_empty() && written != name {
            rows.push(Row {
                sql: ALIAS,
                values: vec![Value::text(written), Value::text(name)],
            });
        }
        let (page, line, end_line) = span_parts(person.span);
        rows.push(Row {
            sql: ROLE,
            values: vec![
                Value::text(id),
                Value::text(role),
                Value::int(position(idx)),
                Value::text(name),
                Value::text(written),
                Value::opt_int(item_position),
                Value::opt_int(action_position),
                Value::opt_int(page),
                Value::opt_int(line),
                Value::opt_int(end_line),
            ],
        });
    };
    for (idx, person) in meeting.participants.iter().enumerate() {
        add_person(&mut rows, "participant", idx, person, None, None);
    }
    for (idx, person) in meeting.absent.iter().enumerate() {
        add_person(&mut rows, "absent", idx, person, None, None);
    }
    for (slot_idx, slot) in meeting.schedule.iter().enumerate() {
        let (page, line, end_line) = span_parts(slot.span);
        rows.push(Row {
            sql: SLOT,
            values: vec![
                Value::text(id),
                Value::int(position(slot_idx)),
                Value::text(slot.item.as_str()),
                Value::opt_text(hhmm(slot.start)),
                Value::opt_text(hhmm(slot.end)),
                Value::opt_text(slot.note.clone()),
                Value::opt_int(page),
                Value::opt_int(line),
                Value::opt_int(end_line),
            ],
        });
        let item_position = meeting
            .items
            .iter()
            .position(|item| item.number == slot.item)
            .map(position);
        for (idx, person) in slot.presenters.iter().enumerate() {
            add_person(&mut rows, "presenter", idx, person, item_position, None);
        }
    }
    for (item_idx, item) in meeting.items.iter().enumerate() {
        let item_position = position(item_idx);
        let (page, line, end_line) = span_parts(item.span);
        rows.push(Row {
            sql: ITEM,
            values: vec![
                Value::text(id),
                Value::int(item_position),
                Value::text(item.number.as_str()),
                Value::text(item.title.as_str()),
                Value::text(item.text.as_str()),
                Value::opt_text(item.case_number.clone()),
                Value::opt_int(page),
                Value::opt_int(line),
                Value::opt_int(end_line),
                Value::int(u32::from(item.closed)),
            ],
        });
        for (idx, decision) in item.decisions.iter().enumerate() {
            let (page, line, end_line) = span_parts(decision.span);
            rows.push(Row {
                sql: DECISION,
                values: vec![
                    Value::text(id),
                    Value::int(item_position),
                    Value::int(position(idx)),
                    Value::opt_text(decision.actor.clone()),
                    Value::text(decision.kind.as_str()),
                    Value::text(decision.text.as_str()),
                    Value::opt_int(page),
                    Value::opt_int(line),
                    Value::opt_int(end_line),
                ],
            });
        }
        for (action_idx, action) in item.actions.iter().enumerate() {
            let action_position = position(action_idx);
            let (page, line, end_line) = span_parts(action.span);
            let due = action.due.as_ref();
            rows.push(Row {
                sql: ACTION,
                values: vec![
                    Value::text(id),
                    Value::int(item_position),
                    Value::int(action_position),
                    Value::text(action.text.as_str()),
                    Value::opt_text(due.map(|d| d.text.clone())),
                    Value::opt_text(date_text(due.and_then(|d| d.from))),
                    Value::opt_text(date_text(due.and_then(|d| d.by))),
                    Value::opt_text(recurrence_text(due.and_then(|d| d.recurring))),
                    Value::opt_text(action.forum.clone()),
                    Value::opt_int(page),
                    Value::opt_int(line),
                    Value::opt_int(end_line),
                ],
            });
            for (idx, owner) in action.owners.iter().enumerate() {
                add_person(
                    &mut rows,
                    "owner",
                    idx,
                    owner,
                    Some(item_position),
                    Some(action_position),
                );
            }
        }
    }
    rows
}
