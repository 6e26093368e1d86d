//! Fonts: splits the bytes of a shown string into character codes and gives each code its
//! text and its advance width (ISO 32000-1, 9.6 simple fonts and 9.7 composite fonts).
//! It does not place glyphs on the page; `content` does, with the widths given here.
//!
//! Text comes from the font's ToUnicode map first, as poppler and pdfium do, and from the
//! font's simple encoding (base encoding plus `/Differences`, read through lopdf) when
//! the map is missing or lacks a code. A composite font without a ToUnicode map gives no
//! text: its codes are glyph ids with no meaning outside the font program.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::ToUnicode;

/// One decoded character code.
pub(super) struct Code<'a> {
    /// Its text; empty when the font cannot tell.
    pub(super) text: &'a str,
    /// Advance width in text space per unit of font size (glyph width / 1000 for all but
    /// Type3 fonts).
    pub(super) width: f64,
    /// A one-byte code 32, the only code word spacing (`Tw`) applies to.
    pub(super) is_space_code: bool,
}

/// What we know of one font resource.
pub(super) struct Font {
    two_byte: bool,
    to_unicode: Option<ToUnicode>,
    /// Text of each one-byte code from the simple encoding (simple fonts only).
    simple_text: Vec<String>,
    widths: Widths,
    /// Glyph space to text space: 0.001, or the Type3 font's `FontMatrix` scale.
    width_scale: f64,
}

enum Widths {
    Simple {
        first_char: u32,
        widths: Vec<f64>,
        missing: f64,
    },
    Composite {
        default: f64,
        /// Widths given one by one in the `/W` array.
        singles: HashMap<u32, f64>,
        /// `(first, last, width)` ranges from the `/W` array, in the order given.
        ranges: Vec<(u32, u32, f64)>,
    },
}

/// A font is parsed once per document; the limit bounds a ToUnicode stream or any other
/// stream a font dictionary points to.
impl Font {
    pub(super) fn load(doc: &Document, font: &Dictionary, max_stream: usize) -> Font {
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let to_unicode = font
            .get(b"ToUnicode")
            .ok()
            .and_then(|object| deref(doc, object))
            .and_then(|object| object.as_stream().ok())
            .and_then(|stream| stream.get_plain_content_with_limit(max_stream).ok())
            .map(|data| ToUnicode::parse(&data))
            .filter(|cmap| !cmap.is_empty());

        if subtype == b"Type0" {
            let descendant = font
                .get(b"DescendantFonts")
                .ok()
                .and_then(|object| deref(doc, object))
                .and_then(|object| object.as_array().ok())
                .and_then(|array| array.first())
                .and_then(|object| deref(doc, object))
                .and_then(|object| object.as_dict().ok());
            let two_byte = !to_unicode.as_ref().is_some_and(ToUnicode::one_byte_codes);
            return Font {
                two_byte,
                to_unicode,
                simple_text: Vec::new(),
                widths: descendant.map_or(
                    Widths::Composite {
                        default: 1000.0,
                        singles: HashMap::new(),
                        ranges: Vec::new(),
                    },
                    |cid_font| composite_widths(doc, cid_font),
                ),
                width_scale: 0.001,
            };
        }

        let width_scale = if subtype == b"Type3" {
            font.get(b"FontMatrix")
                .ok()
                .and_then(|object| deref(doc, object))
                .and_then(|object| object.as_array().ok())
                .and_then(|matrix| matrix.first())
                .and_then(|a| a.as_float().ok())
                .map_or(0.001, f64::from)
        } else {
            0.001
        };
        Font {
            two_byte: false,
            to_unicode,
            simple_text: simple_text(doc, font, max_stream),
            widths: simple_widths(doc, font),
            width_scale,
        }
    }

    /// Calls `each` for every character code in `bytes`.
    pub(super) fn decode(&self, bytes: &[u8], scratch: &mut String, mut each: impl FnMut(Code)) {
        let step = if self.two_byte { 2 } else { 1 };
        for chunk in bytes.chunks(step) {
            let (len, code) = match chunk {
                [hi, lo] => (2u8, u32::from(*hi) << 8 | u32::from(*lo)),
                [single] => (1u8, u32::from(*single)),
                _ => continue,
            };
            scratch.clear();
            let found = self
                .to_unicode
                .as_ref()
                .is_some_and(|cmap| cmap.lookup(len, code, scratch));
            if !found && !self.two_byte {
                // Some producers write one-byte codes as <00xx> in the map.
                let found_wide = self
                    .to_unicode
                    .as_ref()
                    .is_some_and(|cmap| cmap.lookup(2, code, scratch));
                if !found_wide && let Some(text) = self.simple_text.get(code as usize) {
                    scratch.push_str(text);
                }
            }
            each(Code {
                text: scratch,
                width: self.width(code) * self.width_scale,
                is_space_code: len == 1 && code == 32,
            });
        }
    }

    fn width(&self, code: u32) -> f64 {
        match &self.widths {
            Widths::Simple {
                first_char,
                widths,
                missing,
            } => code
                .checked_sub(*first_char)
                .and_then(|idx| widths.get(idx as usize))
                .copied()
                .unwrap_or(*missing),
            Widths::Composite {
                default,
                singles,
                ranges,
            } => match singles.get(&code) {
                Some(width) => *width,
                None => ranges
                    .iter()
                    .find(|(first, last, _)| (*first..=*last).contains(&code))
                    .map_or(*default, |(_, _, width)| *width),
            },
        }
    }
}

/// Follows references (a bounded number of times, in case of a cycle).
pub(super) fn deref<'a>(doc: &'a Document, mut object: &'a Object) -> Option<&'a Object> {
    for _ in 0..8 {
        match object {
            Object::Reference(id) => object = doc.get_object(*id).ok()?,
            _ => return Some(object),
        }
    }
    None
}

fn number(object: &Object) -> Option<f64> {
    object
        .as_float()
        .ok()
        .map(f64::from)
        .filter(|v| v.is_finite())
}

fn simple_widths(doc: &Document, font: &Dictionary) -> Widths {
    let first_char = font
        .get(b"FirstChar")
        .ok()
        .and_then(|object| deref(doc, object))
        .and_then(|object| object.as_i64().ok())
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(0);
    let widths: Vec<f64> = font
        .get(b"Widths")
        .ok()
        .and_then(|object| deref(doc, object))
        .and_then(|object| object.as_array().ok())
        .map(|array| {
            array
                .iter()
                .take(256)
                .map(|w| deref(doc, w).and_then(number).unwrap_or(0.0))
                .collect()
        })
        .unwrap_or_default();
    let missing = font
        .get(b"FontDescriptor")
        .ok()
        .and_then(|object| deref(doc, object))
        .and_then(|object| object.as_dict().ok())
        .and_then(|descriptor| descriptor.get(b"MissingWidth").ok())
        .and_then(number)
        .filter(|w| *w > 0.0);
    // The standard 14 fonts come without widths. Half an em is a fair average for text
    // fonts; gaps between words then still come from the positions the producer wrote.
    let missing = missing.unwrap_or(if widths.is_empty() { 500.0 } else { 0.0 });
    Widths::Simple {
        first_char,
        widths,
        missing,
    }
}

fn composite_widths(doc: &Document, cid_font: &Dictionary) -> Widths {
    let default = cid_font
        .get(b"DW")
        .ok()
        .and_then(|object| deref(doc, object))
        .and_then(number)
        .unwrap_or(1000.0);
    let mut singles = HashMap::new();
    let mut ranges = Vec::new();
    let array = cid_font
        .get(b"W")
        .ok()
        .and_then(|object| deref(doc, object))
        .and_then(|object| object.as_array().ok());
    if let Some(array) = array {
        // Either `c [w1 w2 ...]` or `c_first c_last w`.
        let mut idx = 0;
        while idx + 1 < array.len() && singles.len() + ranges.len() < 100_000 {
            let Some(first) = deref(doc, &array[idx])
                .and_then(number)
                .filter(|v| *v >= 0.0 && *v <= f64::from(u32::MAX))
            else {
                break;
            };
            let first = first as u32;
            match deref(doc, &array[idx + 1]) {
                Some(Object::Array(widths)) => {
                    for (offset, width) in widths.iter().enumerate().take(100_000) {
                        let code = first.saturating_add(offset as u32);
                        singles.insert(code, number(width).unwrap_or(default));
                    }
                    idx += 2;
                }
                Some(last) => {
                    let Some(last) = number(last).filter(|v| *v >= 0.0) else {
                        break;
                    };
                    let width = array
                        .get(idx + 2)
                        .and_then(|object| deref(doc, object))
                        .and_then(number)
                        .unwrap_or(default);
                    ranges.push((first, last.min(f64::from(u32::MAX)) as u32, width));
                    idx += 3;
                }
                None => break,
            }
        }
    }
    Widths::Composite {
        default,
        singles,
        ranges,
    }
}

/// The text of each one-byte code under the font's simple encoding, as lopdf reads it
/// (standard, WinAnsi, MacRoman encodings and `/Differences` with Adobe glyph names).
fn simple_text(doc: &Document, font: &Dictionary, max_stream: usize) -> Vec<String> {
    let Ok(encoding) = font.get_font_encoding_with_limit(doc, max_stream) else {
        return Vec::new();
    };
    (0u8..=255)
        .map(|code| {
            encoding
                .bytes_to_string(&[code])
                .ok()
                .filter(|text| !text.contains('\u{FFFD}'))
                .unwrap_or_default()
        })
        .collect()
}
