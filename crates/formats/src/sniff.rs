//! Format detection by content: magic bytes first, then, for text, its first characters.
//! The file name is never consulted, so a DOCX named `.pdf` is still read as DOCX.
//!
//! Accepted signatures, in the order they are tried:
//!
//! ```text
//! %PDF-                      within the first 1024 bytes (readers accept junk before it)  → PDF
//! PK\x03\x04, PK\x05\x06     zip archive (DOCX when it holds word/document.xml)         → zip
//! D0 CF 11 E0 A1 B1 1A E1    OLE2: legacy .doc, or an encrypted Office file               → refused
//! PNG, JPEG, GIF, gzip, ELF, {\rtf                                                       → refused
//! NUL bytes or many control bytes (not UTF-16)                                           → refused
//! anything else                                                                          → text-like
//! ```
//!
//! Text-like input is decoded first (see `plain`) and then classified: `{` or `[` first →
//! JSON; an HTML doctype, `<html`, or markup dense in HTML tags → HTML; `#` headings, `**`
//! or `* ` lists → Markdown; otherwise plain text. This module reads nothing beyond that.

use crate::plain;

/// What the bytes of a file look like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A PDF file.
    Pdf,
    /// A zip archive (a DOCX, or something else zipped).
    Zip,
    /// Binary data referat cannot read, with a description for the user (Danish).
    Binary(String),
    /// Text in some encoding: plain, Markdown, HTML or JSON.
    TextLike,
}

/// What decoded text looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    Json,
    Html,
    Markdown,
    Text,
}

/// Whether a zip archive names a part `name`: the names of the parts stand uncompressed
/// in the archive's local headers and its central directory.
pub(crate) fn zip_names(bytes: &[u8], name: &[u8]) -> bool {
    find(bytes, name).is_some()
}

/// Classifies raw bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Kind {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"%PDF-") || find(head, b"%PDF-").is_some() {
        return Kind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    const REFUSED: [(&[u8], &str); 8] = [
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "et gammelt Word-dokument (.doc) eller en krypteret Office-fil; gem den som DOCX eller PDF",
        ),
        (b"\x89PNG", "et PNG-billede"),
        (b"\xFF\xD8\xFF", "et JPEG-billede"),
        (b"GIF8", "et GIF-billede"),
        (b"\x1F\x8B", "et gzip-arkiv; pak det ud først"),
        (b"\x7FELF", "et program"),
        (b"{\\rtf", "en RTF-fil; gem den som DOCX eller PDF"),
        (b"Rar!", "et RAR-arkiv; pak det ud først"),
    ];
    for (magic, what) in REFUSED {
        if bytes.starts_with(magic) {
            return Kind::Binary(what.to_owned());
        }
    }
    if plain::has_utf16_bom(bytes) || plain::utf16_without_bom(bytes).is_some() {
        return Kind::TextLike;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let n_nul = sample.iter().filter(|&&b| b == 0).count();
    let n_control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    // Text never holds NUL bytes; a few stray control bytes (form feeds from a PDF
    // converter, an escape) are tolerated, but binary data has them everywhere.
    if n_nul > 0 || n_control * 20 > sample.len() {
        return Kind::Binary(format!(
            "binære data ({n_control} styretegn i de første {} bytes)",
            sample.len()
        ));
    }
    Kind::TextLike
}

/// Classifies decoded text.
pub(crate) fn sniff_text(text: &str) -> TextKind {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if start.starts_with('{') || start.starts_with('[') {
        return TextKind::Json;
    }
    if looks_like_html(start) {
        return TextKind::Html;
    }
    if plain::looks_like_markdown(text) {
        return TextKind::Markdown;
    }
    TextKind::Text
}

/// An HTML doctype or root element at the start, or text dense in HTML tags (a fragment
/// saved from a web page).
fn looks_like_html(start: &str) -> bool {
    let head: String = start
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start_matches("<?xml").trim_start();
    for prefix in [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
    ] {
        if head.starts_with(prefix) {
            return true;
        }
    }
    if !head.starts_with('<') {
        return false;
    }
    holds_tags(head)
}

/// Whether text that is not JSON after all holds HTML (`{ text: `<h3>1. …</h3>` }`, minutes
/// kept as a script object): three or more opening tags in its first 4 KB.
pub(crate) fn holds_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    holds_tags(&head)
}

/// Opening tags of common HTML elements in `head` (lowercase), three at least.
fn holds_tags(head: &str) -> bool {
    // A fragment: count opening tags of common HTML elements in the first 4 KB.
    const TAGS: [&str; 14] = [
        "<p>", "<p ", "<div", "<br", "<span", "<table", "<tr", "<td", "<li", "<ul", "<ol", "<h1",
        "<h2", "<h3",
    ];
    let n_tags: usize = TAGS.iter().map(|tag| head.matches(tag).count()).sum();
    n_tags >= 3
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_in_a_script_object() {
        assert!(holds_html(
            "{ title: 'Møde', text: `<h3>1. Punkt</h3><p>Tekst</p><ul><li>a</li></ul>` }"
        ));
        assert!(!holds_html("{\"a\": 1,\n\"b\": 2,}"));
    }

    #[test]
    fn magic_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Kind::Pdf);
        assert_eq!(sniff(b"\n\n%PDF-1.4"), Kind::Pdf);
        assert_eq!(sniff(b"PK\x03\x04rest"), Kind::Zip);
        assert!(matches!(sniff(b"\x89PNG\r\n\x1a\n"), Kind::Binary(_)));
        assert!(matches!(sniff(b"abc\0def"), Kind::Binary(_)));
        assert_eq!(sniff("Rådmandsmøde".as_bytes()), Kind::TextLike);
        assert_eq!(sniff(b"R\xE5dmandsm\xF8de"), Kind::TextLike);
        assert_eq!(sniff(b"\xFF\xFEa\0b\0"), Kind::TextLike);
    }

    #[test]
    fn text_kinds() {
        assert_eq!(sniff_text("  {\"a\": 1}"), TextKind::Json);
        assert_eq!(sniff_text("<!DOCTYPE html><p>x"), TextKind::Html);
        assert_eq!(sniff_text("<html lang=\"da\">"), TextKind::Html);
        assert_eq!(sniff_text("<div><p>a</p><p>b</p></div>"), TextKind::Html);
        assert_eq!(sniff_text("<Bilag 1> og mere"), TextKind::Text);
        assert_eq!(sniff_text("# Rådmandsmøde\n\ntekst"), TextKind::Markdown);
        assert_eq!(
            sniff_text("Rådmandsmøde (Rådmandsmøde)\n\n• Drøftede"),
            TextKind::Text
        );
    }
}
