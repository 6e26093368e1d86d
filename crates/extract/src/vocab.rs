//! The Danish words the extractor keys on, as data (issue 12 point 2). Teaching referat a
//! new label is one line in one of these tables plus a golden case; the fast prefilters the
//! passes use are derived from the tables here, never written by hand, so a new label
//! cannot be rejected by a filter that was not told of it.
//!
//! `docs/extraction.md` carries the tables in its section "Words referat keys on"; a test
//! checks that the section is what [`documented`] gives (`UPDATE_DOCS=1 cargo test -p
//! extract vocab` rewrites it).
//!
//! Every word is lowercase.

/// The field a header label sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderField {
    Body,
    Date,
    Location,
    Time,
    /// When the meeting ended, on a line of its own (`Slut kl.: 18:30`).
    End,
    /// Date and time, then the place: `Tid og sted: 3. juni 2025 kl. 10-12, Mødelokale 3`.
    TimeAndPlace,
}

/// Header labels, before a colon or alone at the start of a line, and the field each sets.
pub(crate) const HEADER_LABELS: &[(&str, HeaderField)] = &[
    ("udvalg", HeaderField::Body),
    ("forum", HeaderField::Body),
    ("mødeforum", HeaderField::Body),
    ("møde", HeaderField::Body),
    ("mødedato", HeaderField::Date),
    ("dato", HeaderField::Date),
    ("mødested", HeaderField::Location),
    ("sted", HeaderField::Location),
    ("lokale", HeaderField::Location),
    ("mødelokale", HeaderField::Location),
    ("tidspunkt", HeaderField::Time),
    ("mødetidspunkt", HeaderField::Time),
    ("tid", HeaderField::Time),
    ("start", HeaderField::Time),
    ("start kl.", HeaderField::Time),
    ("starttidspunkt", HeaderField::Time),
    ("mødestart", HeaderField::Time),
    ("slut", HeaderField::End),
    ("slut kl.", HeaderField::End),
    ("sluttidspunkt", HeaderField::End),
    ("mødeslut", HeaderField::End),
    ("tid og sted", HeaderField::TimeAndPlace),
    ("dato og sted", HeaderField::TimeAndPlace),
    ("tidspunkt og sted", HeaderField::TimeAndPlace),
    ("dato, tid og sted", HeaderField::TimeAndPlace),
    ("tid og mødested", HeaderField::TimeAndPlace),
];

/// Header labels that cannot be anything else, so their value may follow without a colon
/// (`Mødedato Onsdag d. 27. august 2025`, a PDF table row) or glued on (`MødestedRådssalen`,
/// a web page); each is also in [`HEADER_LABELS`].
pub(crate) const UNAMBIGUOUS_HEADER_LABELS: &[&str] =
    &["mødested", "mødedato", "mødetidspunkt", "mødelokale", "udvalg"];

/// The field `label` (lowercase) sets, if it is a header label.
pub(crate) fn header_field(label: &str) -> Option<HeaderField> {
    HEADER_LABELS
        .iter()
        .find(|(known, _)| *known == label)
        .map(|(_, field)| *field)
}

/// The most characters a header label has: a longer text is no label.
pub(crate) const HEADER_LABEL_MAX_CHARS: usize = max_chars(&HEADER_LABELS_ONLY);

/// The ASCII first letters of the header labels (lowercase): a text starting with another
/// ASCII byte is no label. Non-ASCII first letters are always let through.
pub(crate) const HEADER_LABEL_FIRST: [bool; 128] = first_ascii(&HEADER_LABELS_ONLY);

const HEADER_LABELS_ONLY: [&str; HEADER_LABELS.len()] = {
    let mut out = [""; HEADER_LABELS.len()];
    let mut idx = 0;
    while idx < HEADER_LABELS.len() {
        out[idx] = HEADER_LABELS[idx].0;
        idx += 1;
    }
    out
};

/// Labels that open a list of people, and whether the list names the absent. Longer labels
/// come before their prefixes.
pub(crate) const LIST_LABELS: &[(&str, bool)] = &[
    ("mødedeltagere", false),
    ("medlemmer af udvalget", false),
    ("medlemmer", false),
    ("deltagere", false),
    ("derudover deltog", false),
    ("desuden deltog", false),
    ("deltog", false),
    ("til stede", false),
    ("tilstede", false),
    ("fremmødte", false),
    ("fremmødet", false),
    ("fremmødt", false),
    ("fraværende med afbud", true),
    ("fraværende", true),
    ("fravær", true),
    ("afbud fra", true),
    ("afbud", true),
    ("forfald", true),
    ("ikke til stede", true),
];

/// Words that end a list of people wherever they stand: a table of contents, the comments
/// block, the agenda.
pub(crate) const LIST_STOP_WORDS: &[&str] = &[
    "indholdsfortegnelse",
    "sagsoversigt",
    "bemærkninger",
    "dagsorden",
    "dagsordenspunkter",
    "punkter på dagsordenen",
];

/// The page footer that also ends a list run into a line: `Side 2 af 5`.
pub(crate) const PAGE_FOOTER_WORD: &str = "side";

/// The ASCII first letters of [`LIST_STOP_WORDS`] and [`PAGE_FOOTER_WORD`] in capitals, as
/// they start a word run into a list (`Egon Bo (I)Indholdsfortegnelse`).
pub(crate) const LIST_STOP_FIRST: [bool; 128] = {
    let mut out = first_ascii(LIST_STOP_WORDS);
    out[PAGE_FOOTER_WORD.as_bytes()[0] as usize] = true;
    // Capitals: the same letters.
    let mut upper = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        if out[byte] {
            upper[(byte as u8).to_ascii_uppercase() as usize] = true;
        }
        byte += 1;
    }
    upper
};

/// Titles of office and roles that stand beside a name in a list. A line or list part that
/// is only one of these (perhaps numbered: `2. næstformand`) is a note on the name before it.
pub(crate) const ROLES: &[&str] = &[
    "formand",
    "næstformand",
    "forperson",
    "næstforperson",
    "borgmester",
    "viceborgmester",
    "rådmand",
    "udvalgsformand",
    "borgermedlem",
    "løsgænger",
    "medlem",
    "suppleant",
    "stedfortræder",
    "sekretær",
    "referent",
    "kasserer",
    "regnskabsfører",
    "sognepræst",
    "præst",
    "graver",
    "kirkeværge",
    "kontaktperson",
    "direktør",
    "kommunaldirektør",
    "regionsdirektør",
    "stadsdirektør",
    "afdelingschef",
    "centerchef",
    "chef",
    "skoleleder",
    "souschef",
    "byrådsmedlem",
    "dirigent",
    "ordstyrer",
    "mødeleder",
    "protokolfører",
    "tovholder",
];

/// The tables as `docs/extraction.md` lists them: a heading and the words.
#[cfg(test)]
fn documented() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        (
            "Header labels",
            HEADER_LABELS.iter().map(|(label, _)| *label).collect(),
        ),
        (
            "Lists of those present",
            LIST_LABELS
                .iter()
                .filter(|(_, absent)| !absent)
                .map(|(label, _)| *label)
                .collect(),
        ),
        (
            "Lists of the absent",
            LIST_LABELS
                .iter()
                .filter(|(_, absent)| *absent)
                .map(|(label, _)| *label)
                .collect(),
        ),
        (
            "Words that end a list of people",
            LIST_STOP_WORDS.to_vec(),
        ),
        ("Titles and roles beside a name (dropped from it)", ROLES.to_vec()),
    ]
}

/// The Markdown section of `docs/extraction.md` made from [`documented`].
#[cfg(test)]
fn documented_markdown() -> String {
    let mut out = String::from(
        "## Words referat keys on\n\n\
         Made from the tables in `crates/extract/src/vocab.rs` (a test keeps the two equal;\n\
         `UPDATE_DOCS=1 cargo test -p extract vocab` writes this section anew). Case does not\n\
         matter.\n",
    );
    for (heading, words) in documented() {
        out.push_str(&format!("\n**{heading}**: "));
        let listed: Vec<String> = words.iter().map(|word| format!("`{word}`")).collect();
        out.push_str(&listed.join(", "));
        out.push('\n');
    }
    out
}

const fn max_chars(words: &[&str]) -> usize {
    let mut max = 0;
    let mut idx = 0;
    while idx < words.len() {
        let bytes = words[idx].as_bytes();
        let mut chars = 0;
        let mut at = 0;
        while at < bytes.len() {
            // Count the bytes that start a character.
            if bytes[at] & 0xC0 != 0x80 {
                chars += 1;
            }
            at += 1;
        }
        if chars > max {
            max = chars;
        }
        idx += 1;
    }
    max
}

const fn first_ascii(words: &[&str]) -> [bool; 128] {
    let mut out = [false; 128];
    let mut idx = 0;
    while idx < words.len() {
        let first = words[idx].as_bytes()[0];
        if first < 128 {
            out[first as usize] = true;
        }
        idx += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The section of `docs/extraction.md` that lists the tables, from its heading to the
    /// next `## ` heading or the end.
    fn section(docs: &str) -> Option<(usize, usize)> {
        let start = docs.find("## Words referat keys on")?;
        let end = docs[start + 3..]
            .find("\n## ")
            .map_or(docs.len(), |at| start + 3 + at + 1);
        Some((start, end))
    }

    #[test]
    #[allow(
        clippy::disallowed_methods,
        reason = "the test, not the extractor, reads and rewrites the documentation"
    )]
    fn the_documentation_lists_every_word_of_the_tables() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/extraction.md");
        let docs = std::fs::read_to_string(path).unwrap();
        let wanted = documented_markdown();
        let current = section(&docs).map(|(start, end)| &docs[start..end]);
        if current == Some(wanted.as_str()) {
            return;
        }
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = match section(&docs) {
                Some((start, end)) => format!("{}{wanted}{}", &docs[..start], &docs[end..]),
                None => format!("{}\n{wanted}", docs.trim_end_matches('\n').to_owned() + "\n"),
            };
            std::fs::write(path, updated).unwrap();
            return;
        }
        panic!(
            "docs/extraction.md does not list the tables of vocab.rs as they are; \
             run UPDATE_DOCS=1 cargo test -p extract vocab"
        );
    }

    #[test]
    fn prefilters_follow_the_tables() {
        for (label, _) in HEADER_LABELS {
            let first = label.as_bytes()[0];
            assert!(first >= 128 || HEADER_LABEL_FIRST[usize::from(first)], "{label}");
            assert!(label.chars().count() <= HEADER_LABEL_MAX_CHARS, "{label}");
            assert_eq!(*label, label.to_lowercase());
        }
        for label in UNAMBIGUOUS_HEADER_LABELS {
            assert!(header_field(label).is_some(), "{label}");
        }
        for word in LIST_STOP_WORDS.iter().chain([&PAGE_FOOTER_WORD]) {
            let first = word.as_bytes()[0].to_ascii_uppercase();
            assert!(LIST_STOP_FIRST[usize::from(first)], "{word}");
        }
        assert_eq!(HEADER_LABEL_MAX_CHARS, "tidspunkt og sted".chars().count());
    }
}
