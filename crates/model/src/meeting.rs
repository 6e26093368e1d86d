//! The minutes model of `spec/model.md`: [`Meeting`], [`Slot`], [`Item`], [`Decision`],
//! [`Action`], [`Due`], [`Person`], with provenance [`Span`]s. Field order is the spec's.

use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

/// Where a value was found: a range of lines in the source [`crate::Text`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Page of the first line, 1-based.
    pub page: u32,
    /// First line (document line number, 1-based).
    pub line: u32,
    /// Last line, inclusive.
    pub end_line: u32,
}

impl Span {
    /// A span covering from the start of `self` to the end of `other`.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span {
            page: self.page,
            line: self.line.min(other.line),
            end_line: self.end_line.max(other.end_line),
        }
    }
}

/// The format a document was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Portable Document Format.
    Pdf,
    /// Office Open XML word processing.
    Docx,
    /// A web page.
    Html,
    /// Markdown.
    Markdown,
    /// Plain text.
    #[default]
    Text,
    /// The JSON of the FirstAgenda Publication API.
    Firstagenda,
}

impl Format {
    /// The lowercase name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Firstagenda => "firstagenda",
        }
    }
}

/// Whether a document records what was decided or only what will be discussed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// Minutes ("referat", "beslutningsprotokol"): decisions are recorded.
    #[default]
    Minutes,
    /// An agenda ("dagsorden"): no decisions yet.
    Agenda,
}

/// The file a meeting was extracted from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// File name as given by the user.
    pub file: String,
    /// SHA-256 of the original bytes, lowercase hex.
    pub sha256: String,
    /// The detected format.
    pub format: Format,
}

/// One meeting of a body, as recorded in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Stable slug: `<body-slug>-<YYYY-MM-DD>` (+ `-HHMM` when a body meets twice a day).
    pub id: String,
    /// The meeting series as written, e.g. "Rådmandsmøde".
    pub body: String,
    /// The day of the meeting.
    pub date: Option<Date>,
    /// Start time, local (Europe/Copenhagen).
    #[serde(with = "hhmm")]
    pub start: Option<Time>,
    /// End time, local (Europe/Copenhagen).
    #[serde(with = "hhmm")]
    pub end: Option<Time>,
    /// Where the meeting took place.
    pub location: Option<String>,
    /// "Mødedeltagere".
    pub participants: Vec<Person>,
    /// "Afbud", "Fraværende".
    pub absent: Vec<Person>,
    /// The time plan.
    pub schedule: Vec<Slot>,
    /// The minuted items in document order.
    pub items: Vec<Item>,
    /// The original file.
    pub source: Source,
    /// Minutes or agenda.
    #[serde(default)]
    pub kind: DocumentKind,
    /// Provenance of the header fields.
    #[serde(default)]
    pub header_spans: HeaderSpans,
}

/// Provenance of the header fields of a [`Meeting`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderSpans {
    /// Where the body was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Span>,
    /// Where the date and times were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Span>,
    /// Where the location was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Span>,
}

/// One entry of the time plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// Item number as written without a trailing dot: "5", "5.a".
    pub item: String,
    /// Start time.
    #[serde(with = "hhmm")]
    pub start: Option<Time>,
    /// End time.
    #[serde(with = "hhmm")]
    pub end: Option<Time>,
    /// Who presents the item.
    pub presenters: Vec<Person>,
    /// A line such as "Orienteringspunkt uden drøftelse" that belongs to this slot.
    pub note: Option<String>,
    /// Where the slot was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// One minuted agenda item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The item number as written: "3".
    pub number: String,
    /// The title, joined when it wraps across lines.
    pub title: String,
    /// The whole text of the item (without its title).
    pub text: String,
    /// Marked closed in the source ("lukket punkt", forvaltningsloven § 27): the public sees
    /// its number and title only, and its decisions once [`Item::decision_public`] is set.
    /// Absent in JSON when false, so JSON written before it existed reads as open.
    #[serde(default, skip_serializing_if = "is_false")]
    pub closed: bool,
    /// A closed item's decisions may be shown to the public: set by a secretary in the
    /// store, never by extraction (what may be published of a closed item is decided case
    /// by case). Meaningless for an open item, whose decisions are public anyway.
    #[serde(default, skip_serializing_if = "is_false")]
    pub decision_public: bool,
    /// What the meeting body did.
    pub decisions: Vec<Decision>,
    /// Follow-ups.
    pub actions: Vec<Action>,
    /// Attachments named in the item: "Bilag 1".
    pub attachments: Vec<String>,
    /// The case number ("sagsnummer") when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
    /// People who did not take part in this item, with the reason when given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<Absence>,
    /// Where the item starts and ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// What the public reads in place of a closed item's text.
pub const CLOSED_TEXT: &str = "Lukket punkt";

impl Item {
    /// Removes from a closed item what the public may not see: it keeps its number, title
    /// and the mark, its text becomes [`CLOSED_TEXT`], and its decisions stay only when
    /// [`Item::decision_public`] is set (without their provenance). Follow-ups, attachments,
    /// the case number and the people absent from it go. An open item is left as it is.
    ///
    /// This is the one definition of the public view of an item; who gets it is decided in
    /// `web::access`, and the search index holds this view for the public.
    pub fn redact_closed(&mut self) {
        if !self.closed {
            return;
        }
        let mut decisions = Vec::new();
        if self.decision_public {
            decisions = std::mem::take(&mut self.decisions);
            for decision in &mut decisions {
                decision.span = None;
            }
        }
        *self = Item {
            number: std::mem::take(&mut self.number),
            title: std::mem::take(&mut self.title),
            text: CLOSED_TEXT.to_owned(),
            closed: true,
            decision_public: self.decision_public,
            decisions,
            ..Item::default()
        };
    }
}

impl Meeting {
    /// Whether any item is closed: the original file holds its text.
    pub fn has_closed_items(&self) -> bool {
        self.items.iter().any(|item| item.closed)
    }

    /// The public view of the meeting: every closed item redacted
    /// ([`Item::redact_closed`]) and its time-plan entries without presenters or note. The
    /// meeting's own lists of participants and absentees stay.
    pub fn redact_closed(&mut self) {
        let closed: Vec<String> = self
            .items
            .iter()
            .filter(|item| item.closed)
            .map(|item| item.number.clone())
            .collect();
        if closed.is_empty() {
            return;
        }
        for item in &mut self.items {
            item.redact_closed();
        }
        for slot in &mut self.schedule {
            if closed.contains(&slot.item) {
                slot.presenters.clear();
                slot.note = None;
            }
        }
    }
}

/// For `skip_serializing_if`, which passes a reference.
fn is_false(value: &bool) -> bool {
    !*value
}

/// A person absent from one item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Absence {
    /// Who.
    pub person: Person,
    /// Why, as written ("Forfald", "Inhabil").
    pub reason: Option<String>,
}

/// The kind of a decision, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionKind {
    /// afviste, ikke godkendt.
    Rejected,
    /// udsatte, udsat.
    Postponed,
    /// godkendte, tiltrådt, vedtaget.
    Approved,
    /// besluttede, traf beslutning.
    Decided,
    /// anbefalede, indstiller.
    Recommended,
    /// tog til efterretning, orienteret.
    Noted,
    /// drøftede, behandlede.
    Discussed,
}

impl DecisionKind {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Rejected => "rejected",
            DecisionKind::Postponed => "postponed",
            DecisionKind::Approved => "approved",
            DecisionKind::Decided => "decided",
            DecisionKind::Recommended => "recommended",
            DecisionKind::Noted => "noted",
            DecisionKind::Discussed => "discussed",
        }
    }

    /// The Danish word for the kind, as pages and summaries show it.
    pub fn danish(self) -> &'static str {
        match self {
            DecisionKind::Rejected => "Afvist",
            DecisionKind::Postponed => "Udsat",
            DecisionKind::Approved => "Godkendt",
            DecisionKind::Decided => "Besluttet",
            DecisionKind::Recommended => "Anbefalet",
            DecisionKind::Noted => "Taget til efterretning",
            DecisionKind::Discussed => "Drøftet",
        }
    }

    /// All kinds, strongest first.
    pub const ALL: [DecisionKind; 7] = [
        DecisionKind::Rejected,
        DecisionKind::Postponed,
        DecisionKind::Approved,
        DecisionKind::Decided,
        DecisionKind::Recommended,
        DecisionKind::Noted,
        DecisionKind::Discussed,
    ];
}

/// What the meeting body did about an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Who decided, as written: "Rådmandsmødekredsen".
    pub actor: Option<String>,
    /// What kind of decision.
    pub kind: DecisionKind,
    /// The decision text.
    pub text: String,
    /// Vote positions and reservations that qualify it ("X tog forbehold").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// How the vote went, where the minutes record one (`For stemte: A, V (7)`, `vedtaget
    /// med 18 stemmer for og 2 imod`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<Votes>,
    /// Where it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// The vote on a decision: who voted for, against and abstained, as far as the minutes
/// tell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Votes {
    /// For.
    #[serde(rename = "for")]
    pub in_favour: Tally,
    /// Against.
    pub against: Tally,
    /// Abstained (`Undlod at stemme`).
    pub abstained: Tally,
}

/// One side of a vote: how many, and the people named (party groups such as `A (9)` count
/// but name no one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// How many, when the minutes say or the names add up to it.
    pub count: Option<u32>,
    /// The people named.
    #[serde(default)]
    pub names: Vec<Person>,
}

/// A follow-up: something someone is to do, possibly by a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// What is to be done.
    pub text: String,
    /// Who is responsible: people or units.
    pub owners: Vec<Person>,
    /// By when.
    pub due: Option<Due>,
    /// Where it goes: "direktionen", "udvalget", as written.
    pub forum: Option<String>,
    /// Where it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// How often a recurring follow-up repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Recurrence {
    /// Every year.
    Yearly,
    /// Every quarter.
    Quarterly,
    /// Every month.
    Monthly,
}

/// A normalised due expression.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// The words as written: "senest i oktober".
    pub text: String,
    /// First day of the span the words name, if they name one.
    pub from: Option<Date>,
    /// Last day that satisfies the words; null for events with no known date.
    pub by: Option<Date>,
    /// Set for recurring follow-ups.
    pub recurring: Option<Recurrence>,
}

/// A person (or a unit acting as owner) as named in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Canonical full name.
    pub name: String,
    /// The form written in this document.
    pub as_written: String,
    /// Where it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Person {
    /// A person whose canonical name is, for now, the written form.
    pub fn written(as_written: &str, span: Option<Span>) -> Person {
        Person {
            name: as_written.to_owned(),
            as_written: as_written.to_owned(),
            span,
        }
    }
}

/// Serde for `Option<Time>` as `"HH:MM"`.
mod hhmm {
    use jiff::civil::Time;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(time: &Option<Time>, ser: S) -> Result<S::Ok, S::Error> {
        match time {
            Some(t) => ser.serialize_str(&format!("{:02}:{:02}", t.hour(), t.minute())),
            None => ser.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Option<Time>, D::Error> {
        let raw: Option<String> = Option::deserialize(de)?;
        let Some(raw) = raw else { return Ok(None) };
        let (h, m) = raw
            .split_once(':')
            .ok_or_else(|| serde::de::Error::custom(format!("expected HH:MM, got {raw:?}")))?;
        let h: i8 = h.parse().map_err(serde::de::Error::custom)?;
        let m: i8 = m.parse().map_err(serde::de::Error::custom)?;
        Time::new(h, m, 0, 0)
            .map(Some)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_json_has_the_spec_shape() {
        let meeting = Meeting {
            id: "raadmandsmoede-2025-07-01".into(),
            body: "Rådmandsmøde".into(),
            date: Some(jiff::civil::date(2025, 7, 1)),
            start: Some(jiff::civil::time(11, 30, 0, 0)),
            end: None,
            ..Meeting::default()
        };
        let json = serde_json::to_string(&meeting).unwrap();
        assert!(
            json.starts_with(
                r#"{"id":"raadmandsmoede-2025-07-01","body":"Rådmandsmøde","date":"2025-07-01","start":"11:30","end":null,"location":null,"participants":[],"absent":[],"schedule":[],"items":[],"source":{"file":"","sha256":"","format":"text"}"#
            ),
            "{json}"
        );
        let back: Meeting = serde_json::from_str(&json).unwrap();
        assert_eq!(back, meeting);
    }

    #[test]
    fn items_read_as_open_without_the_mark() {
        let item: Item = serde_json::from_str(
            r#"{"number":"1","title":"T","text":"","decisions":[],"actions":[],"attachments":[]}"#,
        )
        .unwrap();
        assert!(!item.closed && !item.decision_public);
        let closed = Item {
            closed: true,
            ..item
        };
        let json = serde_json::to_string(&closed).unwrap();
        assert!(
            json.contains(r#""text":"","closed":true,"decisions""#),
            "{json}"
        );
    }

    #[test]
    fn closed_items_keep_number_and_title_and_a_released_decision() {
        let decision = Decision {
            actor: Some("Udvalget".into()),
            kind: DecisionKind::Approved,
            text: "Udvalget godkendte købet af Kragebjerg.".into(),
            notes: Vec::new(),
            votes: None,
            span: Some(Span::default()),
        };
        let secret = Item {
            number: "7".into(),
            title: "Lukket: Køb af ejendom".into(),
            text: "Sælger er Kragebjerg Holding.".into(),
            closed: true,
            decisions: vec![decision.clone()],
            actions: vec![Action {
                text: "Kragebjerg kontaktes".into(),
                ..Action::default()
            }],
            attachments: vec!["Bilag 1".into()],
            case_number: Some("24-1".into()),
            ..Item::default()
        };
        let mut meeting = Meeting {
            items: vec![secret.clone()],
            schedule: vec![Slot {
                item: "7".into(),
                presenters: vec![Person::written("Kragebjerg", None)],
                ..Slot::default()
            }],
            ..Meeting::default()
        };
        meeting.redact_closed();
        let json = serde_json::to_string(&meeting).unwrap();
        assert!(!json.contains("Kragebjerg"), "{json}");
        assert_eq!(meeting.items[0].title, "Lukket: Køb af ejendom");
        assert_eq!(meeting.items[0].text, CLOSED_TEXT);

        let mut released = Item {
            decision_public: true,
            ..secret
        };
        released.redact_closed();
        assert_eq!(released.decisions[0].text, decision.text);
        assert!(released.actions.is_empty() && released.text == CLOSED_TEXT);

        let mut open = Item {
            text: "Åben tekst".into(),
            ..Item::default()
        };
        open.redact_closed();
        assert_eq!(open.text, "Åben tekst");
    }
}
