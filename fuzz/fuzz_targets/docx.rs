//! The DOCX reader never panics and stays within its limits on any bytes.
//!
//! Half of the inputs go to the reader as they are (zip-level damage); the other half are
//! packed first into a valid stored zip as `word/document.xml`, `word/numbering.xml` and
//! `word/styles.xml` (split at 0xFF bytes), so the XML walk, list numbering and styles see
//! the fuzzer's bytes instead of failing the zip CRC check. Seed with the fixtures:
//! `mkdir -p corpus/docx && cp ../crates/formats/tests/data/*.docx corpus/docx/`, then
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run docx corpus/docx -- -max_len=65536`.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        let _ = formats::read_docx(rest);
        return;
    }
    let mut parts = rest.splitn(3, |&b| b == 0xFF);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in ["word/document.xml", "word/numbering.xml", "word/styles.xml"] {
        let Some(part) = parts.next() else { break };
        if writer.start_file(name, options).is_err() || writer.write_all(part).is_err() {
            return;
        }
    }
    if let Ok(cursor) = writer.finish() {
        let _ = formats::read_docx(&cursor.into_inner());
    }
});
