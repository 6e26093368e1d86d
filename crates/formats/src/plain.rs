//! Plain text and Markdown: decoding bytes to a `String` and splitting it into lines.
//!
//! Accepted encodings, tried in this order:
//!
//! ```text
//! EF BB BF ...          UTF-8 with BOM (the BOM is dropped)
//! FF FE ... / FE FF ... UTF-16 LE / BE with BOM
//! x 00 x 00 ...         UTF-16 LE without BOM (at least 90% of the first 2048 code units
//! 00 x 00 x ...         UTF-16 BE without BOM  have a zero high byte and a non-zero low byte)
//! valid UTF-8           UTF-8
//! mostly valid UTF-8    UTF-8 with each broken sequence as U+FFFD, when more of the
//!                       non-ASCII sequences are valid UTF-8 than not (a UTF-8 file with a
//!                       few damaged bytes; Windows-1252 text almost never forms one)
//! anything else         Windows-1252 (old Danish files: "R\xE5dmandsm\xF8de"); a superset of
//!                       Latin-1 for printable characters
//! ```
//!
//! Line endings CRLF, LF and lone CR all end a line. This module does not interpret Markdown;
//! it only recognises it ([`looks_like_markdown`]) so the format can be recorded, and the
//! text keeps its `#` and `**` for `extract`.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use model::{Format, Text};

use crate::Error;

/// Byte order of UTF-16 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endian {
    Little,
    Big,
}

/// True when the bytes start with a UTF-16 byte order mark.
pub(crate) fn has_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

/// Recognises UTF-16 without a byte order mark: text in Latin scripts has a zero byte in
/// every other position.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<Endian> {
    let sample = &bytes[..bytes.len().min(4096)];
    let n_units = sample.len() / 2;
    if n_units < 2 {
        return None;
    }
    let (mut n_le, mut n_be) = (0usize, 0usize);
    for unit in sample.chunks_exact(2) {
        match (unit[0], unit[1]) {
            (low, 0) if low != 0 => n_le += 1,
            (0, low) if low != 0 => n_be += 1,
            _ => {}
        }
    }
    if n_le * 10 >= n_units * 9 {
        Some(Endian::Little)
    } else if n_be * 10 >= n_units * 9 {
        Some(Endian::Big)
    } else {
        None
    }
}

/// Decodes `bytes` to text with `\n` line endings, of at most `max_text` bytes.
pub(crate) fn decode(bytes: &[u8], max_text: usize) -> Result<String, Error> {
    let decoded: String = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(endian) = utf16_without_bom(bytes) {
        let encoding = match endian {
            Endian::Little => UTF_16LE,
            Endian::Big => UTF_16BE,
        };
        encoding.decode_without_bom_handling(bytes).0.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) if mostly_utf8(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Err(_) => WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        }
    };
    // Windows-1252 can triple the size of the bytes; the limit is on the text.
    if decoded.len() > max_text {
        return Err(Error::TooLarge {
            size: decoded.len(),
            limit: max_text,
            what: "tekst",
        });
    }
    let n_control = decoded
        .chars()
        .take(8192)
        .filter(|&c| c == '\0' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')))
        .count();
    if n_control * 20 > decoded.chars().take(8192).count() {
        return Err(Error::Unsupported(format!(
            "binære data ({n_control} styretegn efter afkodningen)"
        )));
    }
    Ok(normalize_line_endings(decoded))
}

/// Whether bytes that are not valid UTF-8 are UTF-8 with a few broken sequences: more
/// valid multi-byte sequences than broken ones. Danish Windows-1252 text has its letters
/// as single high bytes (`\xE6`, `\xF8`, `\xE5`), which are never valid UTF-8 between
/// ASCII letters, so it has almost no valid multi-byte sequences at all.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut n_valid, mut n_broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        // Each character outside ASCII starts with a byte of the form 11xxxxxx.
        n_valid += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        n_broken += usize::from(!chunk.invalid().is_empty());
    }
    n_valid > n_broken
}

/// CRLF and lone CR become LF.
fn normalize_line_endings(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Splits decoded text into numbered lines on one page. A final line break does not make an
/// extra empty line.
pub(crate) fn lines(text: &str, format: Format) -> Text {
    let text = text.strip_suffix('\n').unwrap_or(text);
    Text::from_plain(text, format)
}

/// Markdown has `#` headings, `**bold**`, `* ` bullets or `[links](...)`; plain minutes use
/// none of these (their bullets are `•`, their numbers `1)`), so one heading or bold span is
/// enough, and two `* ` bullets.
pub(crate) fn looks_like_markdown(text: &str) -> bool {
    let mut n_star_items = 0;
    for line in text.lines().take(5000) {
        let line = line.trim_end();
        let hashes = line.len() - line.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            return true;
        }
        if let Some(start) = line.find("**")
            && line[start + 2..].contains("**")
        {
            return true;
        }
        if line.contains("](") && line.contains('[') {
            return true;
        }
        if line.trim_start().starts_with("* ") {
            n_star_items += 1;
            if n_star_items >= 2 {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: &str) {
        assert_eq!(decode(bytes, usize::MAX).unwrap(), expected);
    }

    #[test]
    fn encodings() {
        check("Rådmandsmøde".as_bytes(), "Rådmandsmøde");
        check(b"\xEF\xBB\xBFR\xC3\xA5d", "Råd");
        check(b"R\xE5dmandsm\xF8de \x96 \x80", "Rådmandsmøde – €");
        check(b"\xFF\xFER\0\xE5\0d\0", "Råd");
        check(b"\xFE\xFF\0R\0\xE5\0d", "Råd");
        check(b"R\0\xE5\0d\0\n\0", "Råd\n");
        check(b"\0R\0\xE5\0d\0\n", "Råd\n");
    }

    /// Issue 12: one damaged byte made a whole UTF-8 file read as Windows-1252
    /// ("RÃ¥dmandsmÃ¸de"). The broken sequences become U+FFFD and the rest stays UTF-8.
    #[test]
    fn utf8_with_broken_bytes() {
        check(
            b"R\xC3\xA5dmandsm\xC3\xB8de \xFF i \xC3\x86gte\xC3\xB8rp, \xC3 \xE2\x80",
            "Rådmandsmøde \u{FFFD} i Ægteørp, \u{FFFD} \u{FFFD}",
        );
        // One valid sequence against two single Windows-1252 letters: Windows-1252.
        check(b"R\xE5dmandsm\xF8de \xC3\xA5", "Rådmandsmøde Ã¥");
    }

    #[test]
    fn line_endings() {
        check(b"a\r\nb\rc\nd", "a\nb\nc\nd");
        let text = lines("a\n\nb\n", Format::Text);
        let got: Vec<&str> = text.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(got, ["a", "", "b"]);
    }

    #[test]
    fn markdown() {
        assert!(looks_like_markdown("# Rådmandsmøde\n"));
        assert!(looks_like_markdown("x\n**Mødedeltagere :** A, B\n"));
        assert!(looks_like_markdown("* a\n* b\n"));
        assert!(!looks_like_markdown(
            "Punkt 1: x\n• Drøftede\n1) Samle\n#hashtag\n"
        ));
    }
}
