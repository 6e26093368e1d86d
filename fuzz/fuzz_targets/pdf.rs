//! The PDF reader never panics and stays within its limits on any bytes.
//!
//! `formats::pdf::fuzz_pdf` runs lopdf under `catch_unwind`, but libfuzzer-sys installs a
//! panic hook that aborts first, so every panic, ours or lopdf's, is still a crash here.
//! Seed the corpus with the fixtures: `mkdir -p corpus/pdf && cp
//! ../crates/formats/tests/data/*.pdf corpus/pdf/`, then
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run pdf corpus/pdf -- -max_len=65536 -rss_limit_mb=2048`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = formats::pdf::fuzz_pdf(data);
});
