//! DOCX fixtures: a seed written by LibreOffice with real list numbering, and hand-written
//! WordprocessingML with the constructs Word produces (see `make-fixtures.sh`).

use expect_test::{expect, expect_file};

use crate::read_text;

#[test]
fn seed_000_reads_like_the_seed() {
    // The labels "1)", "1a)", "•" come from numbering.xml, not from the text.
    expect_file!["../data/seed-000.docx.txt"].assert_eq(&(read_text("seed-000.docx") + "\n"));
}

#[test]
fn word_features() {
    expect![[r#"
        Rådmandsmøde (Rådmandsmøde)

        01-07-2025 11:30 - 13:00

        Rådmandsmødekredsen godkendte enstemmigt.

        Se	bilag
        på hjemmesiden side 3 af 7

        Punkt 1: Budget & regnskab

        1) Samle ledelsen
        1a) Samle ansvaret
        1b) Ændre fordelingen
        2) Styrke samarbejdet
        • Drøftede anbefalingerne
        • Godkendte fordelingen
        1. Økonomi
        1.1. Budget
        1.2. Regnskab

        Tekst i boksen

        Før boksen efter boksen

        Pkt. | Tid | Oplæg
        1 | kl. 11.30-11.55 | Hanne Lynghøj Klaus Bach
        kl. 11.55-12.05 | Jakob | Flou

        Side to"#]]
    .assert_eq(&read_text("features.docx"));
}

#[test]
fn page_breaks_advance_the_page() {
    let bytes = std::fs::read(crate::data("features.docx")).unwrap();
    let text = formats::read_docx(&bytes).unwrap();
    let last = text.lines.last().unwrap();
    assert_eq!((last.text.as_str(), last.page), ("Side to", 2));
    assert_eq!(text.format, model::Format::Docx);
}

#[test]
fn docx_named_pdf_is_read_as_docx() {
    let bytes = std::fs::read(crate::data("docx-named.pdf")).unwrap();
    let document = formats::read(&bytes, "docx-named.pdf").unwrap();
    assert_eq!(document.format(), model::Format::Docx);
    assert_eq!(
        read_text("docx-named.pdf"),
        read_text("seed-000.docx"),
        "same bytes, other name"
    );
}

/// The kinds Word's structure gives: heading styles and outline levels are headings, list
/// paragraphs list items, table rows table rows.
#[test]
fn line_kinds_from_styles_lists_and_tables() {
    let bytes = std::fs::read(crate::data("features.docx")).unwrap();
    let text = formats::read_docx(&bytes).unwrap();
    let kinds: Vec<String> = text
        .lines
        .iter()
        .filter(|line| !line.kind.is_unknown())
        .map(|line| format!("{:?} {}", line.kind, line.text))
        .collect();
    expect![[r#"
        ListItem(1) 1) Samle ledelsen
        ListItem(2) 1a) Samle ansvaret
        ListItem(2) 1b) Ændre fordelingen
        ListItem(1) 2) Styrke samarbejdet
        ListItem(1) • Drøftede anbefalingerne
        ListItem(1) • Godkendte fordelingen
        ListItem(1) 1. Økonomi
        ListItem(2) 1.1. Budget
        ListItem(2) 1.2. Regnskab
        TableRow Pkt. | Tid | Oplæg
        TableRow 1 | kl. 11.30-11.55 | Hanne Lynghøj Klaus Bach
        TableRow kl. 11.55-12.05 | Jakob | Flou"#]]
    .assert_eq(&kinds.join("\n"));
}
