//! The index schema, one document per minuted item, and how a [`model::Meeting`] becomes
//! documents. Searchable text is split by weight: title, decisions, actions (text and
//! owners), item text; each also in a `*_parts` field analysed with compound splitting.

use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use model::Meeting;

/// Name of the analyzer of the main text fields.
pub(crate) const DA: &str = "da";
/// Name of the analyzer of the `*_parts` fields.
pub(crate) const DA_PARTS: &str = "da_parts";
/// Name of the analyzer of the `pairs` field.
pub(crate) const DA_PAIRS: &str = "da_pairs";

/// Names of the fast fields that [`crate::facets`] counts.
pub(crate) const BODY: &str = "body";
pub(crate) const DAY: &str = "day";
pub(crate) const KIND: &str = "kind";
pub(crate) const HAS_ACTIONS: &str = "has_actions";

/// The fields, looked up once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) id: Field,
    pub(crate) meeting_id: Field,
    pub(crate) body: Field,
    pub(crate) body_key: Field,
    pub(crate) date: Field,
    pub(crate) day: Field,
    pub(crate) number: Field,
    pub(crate) case_number: Field,
    pub(crate) title: Field,
    pub(crate) decisions: Field,
    pub(crate) actions: Field,
    pub(crate) text: Field,
    pub(crate) title_parts: Field,
    pub(crate) decisions_parts: Field,
    pub(crate) actions_parts: Field,
    pub(crate) text_parts: Field,
    /// Adjacent stems of the title, decisions, actions and text ([`crate::analysis::pair`]).
    pub(crate) pairs: Field,
    pub(crate) people: Field,
    pub(crate) kind: Field,
    pub(crate) has_actions: Field,
    /// Who may find the document: [`PUBLIC`], [`MEMBERS`] or both (see [`documents`]).
    pub(crate) audience: Field,
}

/// The audience of the documents the public finds: open items and the public view of
/// closed ones.
pub(crate) const PUBLIC: &str = "public";
/// The audience of the documents members find: open items and closed ones whole.
pub(crate) const MEMBERS: &str = "members";

impl Fields {
    /// The fields that hold every word of an item (each `*_parts` field holds its main
    /// field's words and the parts of its compounds): a word is in an item exactly when it
    /// is in one of these.
    pub(crate) fn word_fields(&self) -> [Field; 4] {
        [
            self.title_parts,
            self.decisions_parts,
            self.actions_parts,
            self.text_parts,
        ]
    }
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |analyzer: &str, stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        meeting_id: builder.add_text_field("meeting_id", STRING | STORED),
        body: builder.add_text_field(BODY, TextOptions::default().set_stored().set_fast("raw")),
        body_key: builder.add_text_field("body_key", STRING),
        date: builder.add_text_field("date", STORED),
        day: builder.add_i64_field(DAY, INDEXED | FAST),
        number: builder.add_text_field("number", STORED),
        case_number: builder.add_text_field("case_number", STRING | STORED),
        title: builder.add_text_field("title", text(DA, true)),
        decisions: builder.add_text_field("decisions", text(DA, true)),
        actions: builder.add_text_field("actions", text(DA, true)),
        text: builder.add_text_field("text", text(DA, true)),
        title_parts: builder.add_text_field("title_parts", text(DA_PARTS, false)),
        decisions_parts: builder.add_text_field("decisions_parts", text(DA_PARTS, false)),
        actions_parts: builder.add_text_field("actions_parts", text(DA_PARTS, false)),
        text_parts: builder.add_text_field("text_parts", text(DA_PARTS, false)),
        pairs: builder.add_text_field(
            "pairs",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(DA_PAIRS)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
        people: builder.add_text_field("people", STRING),
        kind: builder.add_text_field(KIND, STRING | STORED | FAST),
        has_actions: builder.add_u64_field(HAS_ACTIONS, INDEXED | FAST),
        audience: builder.add_text_field("audience", STRING),
    };
    (builder.build(), fields)
}

/// The key a body or person is filtered by: trimmed and lower-cased.
pub(crate) fn key(value: &str) -> String {
    value.trim().to_lowercase()
}

/// A date as the integer `yyyymmdd`, for range filters.
pub(crate) fn day(date: model::Date) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// One document per item of `meeting` that both the public and members find; for a closed
/// item two: the item whole, found by members only, and its public view
/// ([`model::Meeting::redact_closed`]), found by the public only. So a word of a closed item
/// is in no document the public can match, count, facet, snippet or be suggested.
pub(crate) fn documents(fields: &Fields, meeting: &Meeting) -> Vec<TantivyDocument> {
    let mut docs = items(fields, meeting, |item| {
        if item.closed {
            &[MEMBERS]
        } else {
            &[PUBLIC, MEMBERS]
        }
    });
    if meeting.has_closed_items() {
        let mut public = meeting.clone();
        public.redact_closed();
        docs.extend(items(fields, &public, |item| {
            if item.closed { &[PUBLIC] } else { &[] }
        }));
    }
    docs
}

/// The documents of the items of `meeting` whose `audience` is not empty.
fn items(
    fields: &Fields,
    meeting: &Meeting,
    audience: impl Fn(&model::Item) -> &'static [&'static str],
) -> Vec<TantivyDocument> {
    let mut meeting_people: Vec<String> = Vec::new();
    for person in meeting.participants.iter() {
        meeting_people.push(key(&person.name));
    }
    let mut docs = Vec::with_capacity(meeting.items.len());
    // Items by the number the minutes print (`model::item_keys`), as the store addresses them.
    let addresses = model::item_keys(&meeting.items);
    for (item, address) in meeting.items.iter().zip(&addresses) {
        let audience = audience(item);
        if audience.is_empty() {
            continue;
        }
        let mut doc = TantivyDocument::default();
        for who in audience {
            doc.add_text(fields.audience, *who);
        }
        doc.add_text(fields.id, format!("{}/{address}", meeting.id));
        doc.add_text(fields.meeting_id, &meeting.id);
        doc.add_text(fields.body, &meeting.body);
        doc.add_text(fields.body_key, key(&meeting.body));
        if let Some(date) = meeting.date {
            doc.add_text(fields.date, date.to_string());
            doc.add_i64(fields.day, day(date));
        }
        doc.add_text(fields.number, &item.number);
        if let Some(case_number) = &item.case_number {
            doc.add_text(fields.case_number, case_number.trim());
        }
        doc.add_text(fields.title, &item.title);
        doc.add_text(fields.title_parts, &item.title);
        doc.add_text(fields.pairs, &item.title);
        let mut kinds = Vec::new();
        for decision in &item.decisions {
            doc.add_text(fields.decisions, &decision.text);
            doc.add_text(fields.decisions_parts, &decision.text);
            doc.add_text(fields.pairs, &decision.text);
            if !kinds.contains(&decision.kind) {
                kinds.push(decision.kind);
            }
        }
        // Once per kind, so the counts per kind count items.
        kinds.sort();
        for kind in kinds {
            doc.add_text(fields.kind, kind.as_str());
        }
        let mut people = meeting_people.clone();
        for action in &item.actions {
            let mut line = action.text.clone();
            for owner in &action.owners {
                line.push_str(" – ");
                line.push_str(&owner.name);
                people.push(key(&owner.name));
            }
            doc.add_text(fields.actions, &line);
            doc.add_text(fields.actions_parts, &line);
            doc.add_text(fields.pairs, &line);
        }
        for slot in meeting
            .schedule
            .iter()
            .filter(|slot| slot.item == item.number)
        {
            people.extend(slot.presenters.iter().map(|p| key(&p.name)));
        }
        people.sort();
        people.dedup();
        for person in people {
            doc.add_text(fields.people, person);
        }
        doc.add_u64(fields.has_actions, u64::from(!item.actions.is_empty()));
        doc.add_text(fields.text, &item.text);
        doc.add_text(fields.text_parts, &item.text);
        doc.add_text(fields.pairs, &item.text);
        docs.push(doc);
    }
    docs
}
