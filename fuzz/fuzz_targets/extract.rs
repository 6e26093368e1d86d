//! Extraction never panics: any UTF-8 text, as one document or as an item body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model::{Format, Text};

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = std::str::from_utf8(data) {
        let text = Text::from_plain(input, Format::Text);
        let extraction = extract::extract(&text);
        let _ = extract::extract_item(&text, extraction.meeting.date);
    }
});
