//! Text, Markdown and HTML: encodings, line endings and format detection through
//! `formats::read`, and the FirstAgenda Publication page of the corpus.

use expect_test::expect;
use model::Format;

fn read(bytes: &[u8]) -> (Format, String) {
    match formats::read(bytes, "input").unwrap() {
        formats::Document::Text(text) => (text.format, text.joined()),
        formats::Document::Meeting(_) => panic!("expected text"),
    }
}

#[test]
fn encodings_and_line_endings() {
    let expected = (Format::Text, "Rådmandsmøde\n\nPunkt 1: Økonomi".to_owned());
    assert_eq!(
        read("Rådmandsmøde\n\nPunkt 1: Økonomi\n".as_bytes()),
        expected
    );
    assert_eq!(
        read(b"\xEF\xBB\xBFR\xC3\xA5dmandsm\xC3\xB8de\r\n\r\nPunkt 1: \xC3\x98konomi"),
        expected
    );
    assert_eq!(read(b"R\xE5dmandsm\xF8de\r\rPunkt 1: \xD8konomi"), expected);
    let utf16: Vec<u8> = "Rådmandsmøde\r\n\r\nPunkt 1: Økonomi"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(read(&[b"\xFF\xFE".as_slice(), &utf16].concat()), expected);
    assert_eq!(read(&utf16), expected, "UTF-16 LE without BOM");
    let utf16be: Vec<u8> = "Rådmandsmøde\n\nPunkt 1: Økonomi"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    assert_eq!(read(&[b"\xFE\xFF".as_slice(), &utf16be].concat()), expected);
}

#[test]
fn markdown_is_recognised_and_kept() {
    let (format, text) = read(b"# R\xC3\xA5dmandsm\xC3\xB8de\n\n**Information:** Pkt. 1\n");
    assert_eq!(format, Format::Markdown);
    assert_eq!(text, "# Rådmandsmøde\n\n**Information:** Pkt. 1");
}

#[test]
fn seeds_read_as_text_or_markdown() {
    let Some(shared) = crate::shared() else {
        println!("skipped: ../shared is absent");
        return;
    };
    for entry in std::fs::read_dir(shared.join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let (format, text) = read(&bytes);
        let expected = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            expected.strip_suffix('\n').unwrap_or(&expected),
            "{path:?}"
        );
        assert!(matches!(format, Format::Text | Format::Markdown));
    }
}

#[test]
fn generic_html() {
    let (format, text) = read(
        b"<!DOCTYPE html><html><head><title>t</title><script>var x;</script></head><body>\
          <nav><a href=\"/\">Forside</a></nav><h1>Referat</h1>\
          <p>Punkt 1: Budget</p><p>Udvalget godkendte&nbsp;indstillingen.</p></body></html>",
    );
    assert_eq!(format, Format::Html);
    expect![[r#"
        Referat

        Punkt 1: Budget

        Udvalget godkendte indstillingen."#]]
    .assert_eq(&text);
}
