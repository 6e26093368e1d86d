//! The HTML reader never panics on any text: generic pages, FirstAgenda Publication pages
//! (`.dagsordeninfo`, `tr.punktrow`) and item fragments split into sections.
//! Seed: `mkdir -p corpus/html && cp ../../shared/corpus/firstagenda-html/*.html corpus/html/`,
//! then `RUSTC_BOOTSTRAP=1 cargo fuzz run html corpus/html -- -max_len=65536`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let _ = formats::read_html(&html);
});
