//! Tests of the PDF reader on the committed fixtures (`tests/data/*.pdf`, made by
//! `tests/data/make-fixtures.sh`) and, when it is present, on the real Aarhus minutes in
//! `../shared/corpus/`.

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn text_of(name: &str) -> Text {
    read(&fixture(name)).unwrap_or_else(|err| panic!("{name}: {err}"))
}

#[test]
fn reads_hyphenated_minutes() {
    let text = text_of("minutes-hyphenated.pdf");
    let joined = text.joined();
    assert!(joined.contains("arbejdes"), "{joined}");
    assert_eq!(text.format, Format::Pdf);
}
