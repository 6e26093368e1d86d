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
    check("empty.txt", "the file is empty (0 bytes)");
}

#[test]
fn binary_garbage() {
    let err = read_error("garbage.bin");
    assert!(matches!(err, Error::Unsupported(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("not a document referat can read: binary data"),
        "{err}"
    );
}

#[test]
fn zip_bomb() {
    let err = read_error("zip-bomb.docx");
    assert!(matches!(err, Error::ZipBomb(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "refusing to unpack a zip bomb: word/document.xml unpacks to more than 16777216 bytes \
         from a 24755-byte file"
    );
}

#[test]
fn zip_that_is_not_docx() {
    check(
        "not-docx.zip",
        "not a DOCX file: an OpenDocument file (application/vnd.oasis.opendocument.text); \
         save it as DOCX or PDF",
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
        "invalid JSON at line 5, column 3: trailing comma",
    );
}

#[test]
fn json_that_is_not_firstagenda() {
    check(
        "not-firstagenda.json",
        "JSON that is not a FirstAgenda meeting: missing field `Dagsordenpunkter`",
    );
}

#[test]
fn legacy_word_doc() {
    let err = formats::read(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", "old.doc").unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a document referat can read: a legacy Word .doc or an encrypted Office file; \
         save it as DOCX or PDF"
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
    assert!(err.to_string().starts_with("file too large: "), "{err}");
}

#[test]
fn every_prefix_of_a_docx_fails_cleanly() {
    // Truncation at every 97th byte: each gives an error or text, never a panic.
    let bytes = std::fs::read(crate::data("features.docx")).unwrap();
    for len in (1..bytes.len()).step_by(97) {
        let _ = formats::read(&bytes[..len], "cut.docx");
    }
}
