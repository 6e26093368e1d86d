//! Bad input: each gives one clear error, never a panic. The fixtures are made by
//! `make-fixtures.sh`; the 100 MB file is made here, in a temporary folder, and not kept.

use formats::Error;

fn read_error(name: &str) -> Error {
    let bytes = std::fs::read(crate::data(name)).unwrap();
    match formats::read(&bytes, name) {
        Ok(_) => panic!("{name}: expected an error"),
        Err(err) => err,
    }
}

fn check(name: &str, expected: &str) {
    assert_eq!(read_error(name).to_string(), expected, "{name}");
}

#[test]
fn empty_file() {
    check("empty.txt", "filen er tom (0 bytes)");
}

#[test]
fn binary_garbage() {
    let err = read_error("garbage.bin");
    assert!(matches!(err, Error::Unsupported(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("referat kan ikke læse denne slags fil: binære data"),
        "{err}"
    );
}

#[test]
fn zip_bomb() {
    let err = read_error("zip-bomb.docx");
    assert!(matches!(err, Error::ZipBomb(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "filen pakker sig ud til alt for meget (zip-bombe): word/document.xml pakker sig ud til \
         mere end 16777216 bytes fra en fil på 24755 bytes"
    );
}

#[test]
fn zip_that_is_not_docx() {
    check(
        "not-docx.zip",
        "zip-filen er ikke et Word-dokument (DOCX): en OpenDocument-fil \
         (application/vnd.oasis.opendocument.text); gem den som DOCX eller PDF",
    );
}

#[test]
fn truncated_docx() {
    let bytes = std::fs::read(crate::data("seed-000.docx")).unwrap();
    let err = formats::read(&bytes[..bytes.len() / 2], "cut.docx").unwrap_err();
    assert!(matches!(err, Error::CorruptDocx(_)), "{err:?}");
}

#[test]
fn invalid_json() {
    check(
        "invalid.json",
        "ugyldig JSON i linje 5, kolonne 3: et komma for meget før en lukkende parentes",
    );
}

#[test]
fn json_that_is_not_firstagenda() {
    check(
        "not-firstagenda.json",
        "JSON-filen er ikke et møde fra FirstAgenda: feltet `Dagsordenpunkter` mangler",
    );
}

#[test]
fn legacy_word_doc() {
    let err = formats::read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", "old.doc").unwrap_err();
    assert_eq!(
        err.to_string(),
        "referat kan ikke læse denne slags fil: et gammelt Word-dokument (.doc) eller en \
         krypteret Office-fil; gem den som DOCX eller PDF"
    );
}

#[test]
fn text_of_100_mb_is_too_large() {
    let dir = std::env::temp_dir().join(format!("formats-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.txt");
    let line = "Rådmandsmødekredsen godkendte indstillingen.\n";
    let text = line.repeat(100 * 1024 * 1024 / line.len() + 1);
    std::fs::write(&path, &text).unwrap();
    drop(text);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let err = formats::read(&bytes, "big.txt").unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().starts_with("filen er for stor: "), "{err}");
}

#[test]
fn every_prefix_of_a_docx_fails_cleanly() {
    // Truncation at every 97th byte: each gives an error or text, never a panic.
    let bytes = std::fs::read(crate::data("features.docx")).unwrap();
    for len in (1..bytes.len()).step_by(97) {
        let _ = formats::read(&bytes[..len], "cut.docx");
    }
}

/// What a folder walk skips, judged by content alone (issue 18): images, programs and zip
/// archives that are no Word document; documents of every kind referat reads are not.
#[test]
fn refusal_by_content() {
    assert_eq!(
        formats::refusal(b"\x89PNG\r\n\x1a\n").as_deref(),
        Some("et PNG-billede")
    );
    assert_eq!(
        formats::refusal(b"\x7fELF\x02\x01").as_deref(),
        Some("et program")
    );
    assert_eq!(
        formats::refusal(b"PK\x03\x04\x14\0\0\0\0\0content.xml").as_deref(),
        Some("et zip-arkiv, der ikke er et Word-dokument")
    );
    let docx = std::fs::read(crate::data("seed-000.docx")).unwrap();
    assert_eq!(formats::refusal(&docx), None);
    assert_eq!(formats::refusal(b"%PDF-1.7\n"), None);
    assert_eq!(formats::refusal("Hej med dig\n".as_bytes()), None);
    assert_eq!(formats::refusal(br#"{"Moede": {}}"#), None);
}
