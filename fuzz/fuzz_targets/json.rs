//! The FirstAgenda API JSON reader never panics on any text: an error for JSON that is
//! invalid or not a meeting, a meeting (with item HTML split into sections) otherwise.
//! Seed with small Greve meetings: `mkdir -p corpus/json && cp
//! $(ls -S ../../shared/corpus/greve-api/*.json | tail -20) corpus/json/`, then
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run json corpus/json -- -max_len=262144`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);
    let _ = formats::read_firstagenda(&json);
});
