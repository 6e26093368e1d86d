//! ToUnicode CMaps: the table a font carries from its character codes to Unicode text
//! (ISO 32000-1, 9.10.3). This module owns only parsing and lookup of that table; which
//! table a font uses, and what to do when a code is missing, is `fonts`' business.
//!
//! Accepted forms, inside the PostScript-like CMap program (everything else is skipped):
//!
//! ```text
//! n begincodespacerange <lo> <hi> ... endcodespacerange
//! n beginbfchar  <code> <utf16be> ... endbfchar
//! n beginbfrange <lo> <hi> <utf16be> ... endbfrange        (last unit counts up from lo)
//! n beginbfrange <lo> <hi> [<utf16be> <utf16be> ...] ... endbfrange
//! ```
//!
//! The length of a code is the number of bytes of its hex string, as the specification
//! says, so `<41>` and `<0041>` are different codes. We parse the program ourselves
//! rather than through lopdf, whose parser is private and which only hands out whole
//! decoded strings, while the layout needs one glyph at a time.

use std::collections::HashMap;

/// Upper bound on mappings kept from one CMap, so a crafted font cannot make us allocate
/// without limit (a real ToUnicode map of a subset font has a few hundred).
const MAX_ENTRIES: usize = 200_000;

/// A parsed ToUnicode map.
#[derive(Debug, Default)]
pub(super) struct ToUnicode {
    /// Single codes, keyed by (code length in bytes, code).
    chars: HashMap<(u8, u32), String>,
    /// Code ranges, searched in order after `chars`.
    ranges: Vec<BfRange>,
    /// Code lengths declared by `begincodespacerange`, as a bit set (bit n = n bytes).
    code_lengths: u8,
}

#[derive(Debug)]
struct BfRange {
    len: u8,
    lo: u32,
    hi: u32,
    target: RangeTarget,
}

#[derive(Debug)]
enum RangeTarget {
    /// UTF-16 units whose last unit is incremented by `code - lo`.
    Start(Vec<u16>),
    /// One string per code, from `lo` on.
    Each(Vec<String>),
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(&'a [u8]),
}

impl ToUnicode {
    /// Parses a CMap program. Never fails: what cannot be read is skipped, and an
    /// unreadable map is simply empty.
    pub(super) fn parse(data: &[u8]) -> ToUnicode {
        let mut cmap = ToUnicode::default();
        let mut tokens = Tokens { data, pos: 0 };
        let mut n_entries = 0usize;
        while let Some(token) = tokens.next() {
            let Token::Word(word) = token else { continue };
            match word {
                b"begincodespacerange" => {
                    while let Some(Token::Hex(lo)) = tokens.next() {
                        if let Some(Token::Hex(_hi)) = tokens.next()
                            && (1..=4).contains(&lo.len())
                        {
                            cmap.code_lengths |= 1 << lo.len();
                        }
                    }
                }
                b"beginbfchar" => {
                    while let Some(Token::Hex(code)) = tokens.next() {
                        let Some(Token::Hex(dst)) = tokens.next() else {
                            break;
                        };
                        if n_entries >= MAX_ENTRIES {
                            continue;
                        }
                        if let Some((len, code)) = code_value(&code) {
                            cmap.chars.insert((len, code), utf16be_to_string(&dst));
                            n_entries += 1;
                        }
                    }
                }
                b"beginbfrange" => {
                    while let Some(Token::Hex(lo)) = tokens.next() {
                        let Some(Token::Hex(hi)) = tokens.next() else {
                            break;
                        };
                        let target = match tokens.next() {
                            Some(Token::Hex(dst)) => RangeTarget::Start(utf16be_units(&dst)),
                            Some(Token::Open) => {
                                let mut each = Vec::new();
                                loop {
                                    match tokens.next() {
                                        Some(Token::Hex(dst)) => {
                                            if n_entries + each.len() < MAX_ENTRIES {
                                                each.push(utf16be_to_string(&dst));
                                            }
                                        }
                                        Some(Token::Close) | None => break,
                                        Some(_) => {}
                                    }
                                }
                                RangeTarget::Each(each)
                            }
                            _ => break,
                        };
                        let (Some((len, lo)), Some((_, hi))) = (code_value(&lo), code_value(&hi))
                        else {
                            continue;
                        };
                        if hi < lo || n_entries >= MAX_ENTRIES {
                            continue;
                        }
                        n_entries += match &target {
                            RangeTarget::Start(_) => 1,
                            RangeTarget::Each(each) => each.len().max(1),
                        };
                        cmap.ranges.push(BfRange {
                            len,
                            lo,
                            hi,
                            target,
                        });
                    }
                }
                _ => {}
            }
        }
        cmap
    }

    /// Whether the map has no mappings at all.
    pub(super) fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }

    /// Whether the map declares only one-byte codes (a composite font whose codes are a
    /// single byte, which is rare but legal).
    pub(super) fn one_byte_codes(&self) -> bool {
        self.code_lengths == 1 << 1
    }

    /// The text of `code`, written with `len` bytes, if the map has it.
    pub(super) fn lookup(&self, len: u8, code: u32, out: &mut String) -> bool {
        if let Some(text) = self.chars.get(&(len, code)) {
            out.push_str(text);
            return true;
        }
        for range in &self.ranges {
            if range.len != len || code < range.lo || code > range.hi {
                continue;
            }
            let offset = code - range.lo;
            match &range.target {
                RangeTarget::Start(units) => {
                    let mut units = units.clone();
                    if let Some(last) = units.last_mut() {
                        // Wrapping: a crafted range may count past U+FFFF.
                        *last = last.wrapping_add(offset as u16);
                    }
                    out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
                }
                RangeTarget::Each(each) => match each.get(offset as usize) {
                    Some(text) => out.push_str(text),
                    None => return false,
                },
            }
            return true;
        }
        false
    }
}

/// A code's length in bytes and its value, for hex strings of 1 to 4 bytes.
fn code_value(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let value = bytes.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
    Some((bytes.len() as u8, value))
}

fn utf16be_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            // An odd byte count is malformed; read the lone byte as a code unit.
            [single] => u16::from(*single),
            _ => 0,
        })
        .collect()
}

fn utf16be_to_string(bytes: &[u8]) -> String {
    char::decode_utf16(utf16be_units(bytes))
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect()
}

/// The tokens of a CMap program that matter to us; names, numbers, strings and
/// dictionaries are skipped.
struct Tokens<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn next(&mut self) -> Option<Token<'a>> {
        let data = self.data;
        loop {
            let byte = *data.get(self.pos)?;
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0' => self.pos += 1,
                b'%' => {
                    while self.pos < data.len() && !matches!(data[self.pos], b'\r' | b'\n') {
                        self.pos += 1;
                    }
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Token::Open);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::Close);
                }
                b'<' if data.get(self.pos + 1) == Some(&b'<') => self.pos += 2,
                b'>' => self.pos += 1,
                b'<' => {
                    self.pos += 1;
                    let mut bytes = Vec::new();
                    let mut high: Option<u8> = None;
                    while let Some(&c) = data.get(self.pos) {
                        self.pos += 1;
                        let nibble = match c {
                            b'0'..=b'9' => c - b'0',
                            b'a'..=b'f' => c - b'a' + 10,
                            b'A'..=b'F' => c - b'A' + 10,
                            b'>' => break,
                            _ => continue,
                        };
                        match high.take() {
                            Some(h) => bytes.push(h << 4 | nibble),
                            None => high = Some(nibble),
                        }
                    }
                    // A final odd nibble counts as followed by 0 (ISO 32000-1, 7.3.4.3).
                    if let Some(h) = high {
                        bytes.push(h << 4);
                    }
                    return Some(Token::Hex(bytes));
                }
                b'(' => {
                    // Literal strings may nest parentheses and escape them.
                    let mut depth = 0usize;
                    while let Some(&c) = data.get(self.pos) {
                        self.pos += 1;
                        match c {
                            b'\\' => self.pos += 1,
                            b'(' => depth += 1,
                            b')' => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b'{' | b'}' | b')' => self.pos += 1,
                _ => {
                    let start = self.pos;
                    while let Some(&c) = data.get(self.pos) {
                        if matches!(
                            c,
                            b' ' | b'\t'
                                | b'\r'
                                | b'\n'
                                | b'\x0c'
                                | b'\0'
                                | b'['
                                | b']'
                                | b'<'
                                | b'>'
                                | b'('
                                | b')'
                                | b'{'
                                | b'}'
                                | b'%'
                        ) || (c == b'/' && self.pos > start)
                        {
                            break;
                        }
                        self.pos += 1;
                    }
                    return Some(Token::Word(&data[start..self.pos]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(cmap: &ToUnicode, len: u8, code: u32) -> Option<String> {
        let mut out = String::new();
        cmap.lookup(len, code, &mut out).then_some(out)
    }

    #[test]
    fn reads_bfchar_and_both_bfrange_forms() {
        let cmap = ToUnicode::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
              /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
              1 begincodespacerange <0000> <FFFF> endcodespacerange
              3 beginbfchar <0003> <0020> <0044> <00E6> <00F0> <00660069> endbfchar
              2 beginbfrange <0010> <0012> <0061>
              <0020> <0021> [<00F8> <00E5>] endbfrange
              endcmap CMapName currentdict /CMap defineresource pop end end",
        );
        assert_eq!(text(&cmap, 2, 0x44).as_deref(), Some("æ"));
        assert_eq!(text(&cmap, 2, 0xF0).as_deref(), Some("fi"));
        assert_eq!(text(&cmap, 2, 0x12).as_deref(), Some("c"));
        assert_eq!(text(&cmap, 2, 0x21).as_deref(), Some("å"));
        // One byte <44> is a different code from two bytes <0044>.
        assert_eq!(text(&cmap, 1, 0x44), None);
        assert!(!cmap.one_byte_codes());
    }

    #[test]
    fn survives_garbage() {
        let cmap = ToUnicode::parse(b"beginbfrange <FFFF> <0000> <41> [ <zz endbfchar (((");
        assert!(cmap.is_empty());
        let cmap = ToUnicode::parse(b"1 beginbfrange <01> <02> <D83DFFFF> endbfrange");
        assert_eq!(
            text(&cmap, 1, 2).map(|s| s.chars().count()),
            Some(2),
            "wrapped, decoded lossily"
        );
    }
}
