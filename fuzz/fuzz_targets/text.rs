//! `formats::read` never panics on any bytes: sniffing, every text encoding (UTF-8, UTF-16
//! with and without BOM, Windows-1252), Markdown detection, and from there HTML and JSON.
//! Seed: `mkdir -p corpus/text && cp ../../shared/seeds/*.txt corpus/text/`, then
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run text corpus/text -- -max_len=65536`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = formats::read(data, "fuzz");
    let _ = formats::read_plain(data);
});
