//! PDF → [`model::Text`]: the text layer of a PDF in reading order, one line per printed
//! line, with page numbers as provenance. It owns everything between the bytes and the
//! lines: parsing (lopdf), fonts and encodings (`fonts`, `cmap`), running the content
//! streams (`content`), words, lines and columns (`layout`), and removing page furniture
//! and repairing hyphenation (`cleanup`). It does no OCR: a scanned PDF without a text
//! layer is an error the user can act on. It does not sniff formats; `lib.rs` calls
//! [`read`] once it has seen `%PDF`.
//!
//! Every input is untrusted: streams are decompressed with a size cap, the number of pages,
//! drawing operations and glyphs is capped, form XObjects nest a bounded number of times,
//! and lopdf runs under `catch_unwind` (see [`read_with_limits`] for why).
//!
//! Reference for quality and speed is poppler's `pdftotext`; `benches/pdf.rs` compares
//! the two on the same files.

mod cleanup;
mod cmap;
mod content;
mod fonts;
mod layout;
#[cfg(test)]
mod tests;

use lopdf::{Document, LoadOptions, ObjectId};
use model::{Format, Line, LineKind, Text};

use self::cleanup::Page;
use self::layout::PageLine;

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The PDF needs a password to open.
    #[error("PDF-filen er krypteret og kræver en adgangskode")]
    Encrypted,
    /// No page has text: a scan or an image-only PDF.
    #[error("PDF-filen har intet tekstlag (en scanning?); referat kan ikke læse billeder af tekst")]
    NoTextLayer,
    /// The file is damaged or not really a PDF; says what is wrong.
    #[error("PDF-filen er ødelagt: {0}")]
    Corrupt(String),
    /// The PDF is beyond the limits referat reads; says which.
    #[error("PDF-filen er for stor: {0}")]
    TooLarge(String),
}

/// Bounds on the work and memory one PDF may take.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// Largest size a single stream may decompress to.
    pub(crate) max_stream_bytes: usize,
    /// Most pages read.
    pub(crate) max_pages: usize,
    /// Most content stream bytes run over the whole document (forms count each time
    /// they are drawn).
    pub(crate) max_content_bytes: usize,
    /// Most content operations run over the whole document.
    pub(crate) max_operations: usize,
    /// Most glyphs shown over the whole document.
    pub(crate) max_glyphs: usize,
    /// Most runs of glyphs kept for one page: the memory layout needs at once.
    pub(crate) max_runs_per_page: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // Minutes run to a few hundred pages at most; the 28-page Aarhus minutes have
        // 1.4 MB of content and 90k glyphs. These bounds are 100-1000 times that.
        Limits {
            max_stream_bytes: 256 * 1024 * 1024,
            max_pages: 10_000,
            max_content_bytes: 1024 * 1024 * 1024,
            max_operations: 100_000_000,
            max_glyphs: 20_000_000,
            // A dense page has a few thousand runs; a million take about 100 MB.
            max_runs_per_page: 1_000_000,
        }
    }
}

/// Reads the text layer of a PDF.
pub(crate) fn read(bytes: &[u8]) -> Result<Text, PdfError> {
    read_with_limits(bytes, &Limits::default())
}

/// Entry point for the fuzz target and the benchmark, which live outside the crate.
#[doc(hidden)]
pub fn fuzz_pdf(bytes: &[u8]) -> Result<Text, PdfError> {
    read(bytes)
}

/// [`read`] with explicit limits.
///
/// lopdf is hardened against malformed input (bounded decompression, recursion limits),
/// but it is a large parser whose every path we cannot audit, and a panic here would take
/// down a whole import or the web server with it. So, as a last resort, a panic inside
/// the reader becomes [`PdfError::Corrupt`]. Our own code avoids panics by construction
/// (no indexing without a check, no `unwrap`); the fuzz target runs with panics as
/// crashes so that any panic, ours or lopdf's, is still found and fixed.
pub(crate) fn read_with_limits(bytes: &[u8], limits: &Limits) -> Result<Text, PdfError> {
    std::panic::catch_unwind(|| read_unguarded(bytes, limits)).unwrap_or_else(|_| {
        Err(PdfError::Corrupt(
            "PDF-læseren gik i stå i fejlformede data".into(),
        ))
    })
}

fn read_unguarded(bytes: &[u8], limits: &Limits) -> Result<Text, PdfError> {
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(map_lopdf_error)?;
    // lopdf opens a PDF encrypted with an empty user password by itself (anyone may
    // read it); one that stays encrypted after loading needs a password we do not have.
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        return Err(PdfError::Corrupt("ingen sider".into()));
    }
    if page_ids.len() > limits.max_pages {
        return Err(PdfError::TooLarge(format!(
            "{} sider; referat læser højst {}",
            page_ids.len(),
            limits.max_pages
        )));
    }

    let mut warnings = Vec::new();
    let mut fonts = content::FontCache::default();
    let mut budget = content::Budget::new(limits);
    let mut pages = Vec::with_capacity(page_ids.len());
    for (&number, &page_id) in &page_ids {
        let page_content = match content::page(&doc, page_id, &mut fonts, limits, &mut budget) {
            Ok(page_content) => page_content,
            Err(err @ PdfError::TooLarge(_)) => return Err(err),
            Err(err) => {
                warnings.push(format!("page {number}: skipped, {err}"));
                content::PageContent::default()
            }
        };
        if page_content.damaged {
            warnings.push(format!(
                "page {number}: the page's drawing instructions are damaged; text after the damage is missing"
            ));
        }
        let lines = layout::page_lines(page_content.runs);
        if lines.is_empty() && page_content.n_images > 0 {
            warnings.push(format!(
                "page {number}: no text, only images (a scanned page?); OCR is not supported"
            ));
        }
        let (bottom, top) = media_box(&doc, page_id);
        pages.push((number, Page { lines, bottom, top }));
    }
    if pages.iter().all(|(_, page)| page.lines.is_empty()) {
        return Err(PdfError::NoTextLayer);
    }

    let mut page_list: Vec<Page> = Vec::with_capacity(pages.len());
    let mut numbers = Vec::with_capacity(pages.len());
    for (number, page) in pages {
        numbers.push(number);
        page_list.push(page);
    }
    cleanup::remove_furniture(&mut page_list);
    let mut lines: Vec<(u32, PageLine)> = Vec::new();
    for (number, page) in numbers.into_iter().zip(page_list) {
        lines.extend(page.lines.into_iter().map(|line| (number, line)));
    }
    cleanup::repair_hyphens(&mut lines);
    Ok(Text {
        lines: number_lines(lines),
        format: Format::Pdf,
        warnings,
    })
}

/// Numbers lines over the whole document and puts an empty line at paragraph breaks,
/// also where a page starts a new paragraph (see `cleanup::remove_furniture`).
fn number_lines(lines: Vec<(u32, PageLine)>) -> Vec<Line> {
    let headings = HeadingSizes::of(&lines);
    let mut out: Vec<Line> = Vec::with_capacity(lines.len() + lines.len() / 4);
    for (page, line) in lines {
        if line.gap_before && !out.is_empty() {
            push_line(&mut out, String::new(), page, LineKind::Unknown);
        }
        let kind = headings.kind(&line);
        push_line(&mut out, line.text, page, kind);
    }
    out
}

fn push_line(out: &mut Vec<Line>, text: String, page: u32, kind: LineKind) {
    let number = u32::try_from(out.len() + 1).unwrap_or(u32::MAX);
    out.push(Line {
        text,
        page,
        number,
        kind,
    });
}

/// The font sizes of a document's headings: sizes at least a fifth larger than the body
/// text's (the size most characters are set in), largest first, at most six.
struct HeadingSizes {
    sizes: Vec<f64>,
}

impl HeadingSizes {
    /// A line longer than this is text set large, not a heading.
    const MAX_CHARS: usize = 120;

    fn of(lines: &[(u32, PageLine)]) -> HeadingSizes {
        // Sizes in tenths of a point, weighted by characters.
        let tenths = |size: f64| (size * 10.0).round() as i64;
        let mut weights: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        for (_, line) in lines {
            *weights.entry(tenths(line.size)).or_default() += line.text.chars().count();
        }
        let Some((&body, _)) = weights
            .iter()
            .max_by_key(|(size, weight)| (**weight, **size))
        else {
            return HeadingSizes { sizes: Vec::new() };
        };
        let mut sizes: Vec<i64> = weights
            .keys()
            .copied()
            .filter(|&size| size * 5 >= body * 6 && body > 0)
            .collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        sizes.truncate(6);
        HeadingSizes {
            sizes: sizes.into_iter().map(|size| size as f64 / 10.0).collect(),
        }
    }

    fn kind(&self, line: &PageLine) -> LineKind {
        if line.text.trim().is_empty() || line.text.chars().count() > Self::MAX_CHARS {
            return LineKind::Unknown;
        }
        let size = (line.size * 10.0).round() / 10.0;
        self.sizes
            .iter()
            .position(|&heading| (heading - size).abs() < 0.05)
            .map_or(LineKind::Unknown, |rank| {
                LineKind::Heading(u8::try_from(rank + 1).unwrap_or(6))
            })
    }
}

/// The page's MediaBox as (bottom, top), inherited from the page tree when the page has
/// none; US Letter-ish A4 height when there is none at all.
fn media_box(doc: &Document, page_id: ObjectId) -> (f64, f64) {
    let mut node = doc.get_dictionary(page_id).ok();
    for _ in 0..32 {
        let Some(dict) = node else { break };
        let rect = dict
            .get(b"MediaBox")
            .ok()
            .and_then(|o| fonts::deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .filter(|a| a.len() == 4)
            .and_then(|a| {
                let y0 = a[1].as_float().ok()?;
                let y1 = a[3].as_float().ok()?;
                Some((f64::from(y0.min(y1)), f64::from(y0.max(y1))))
            });
        if let Some(rect) = rect {
            return rect;
        }
        node = dict
            .get(b"Parent")
            .ok()
            .and_then(|o| fonts::deref(doc, o))
            .and_then(|o| o.as_dict().ok());
    }
    (0.0, 842.0)
}

/// Maps lopdf's errors to ours: what needs a password, what is too big, what is broken.
fn map_lopdf_error(err: lopdf::Error) -> PdfError {
    match err {
        lopdf::Error::Decryption(_)
        | lopdf::Error::InvalidPassword
        | lopdf::Error::UnsupportedSecurityHandler(_) => PdfError::Encrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            PdfError::TooLarge(format!("en strøm pakker sig ud til mere end {limit} bytes"))
        }
        other => PdfError::Corrupt(danish_lopdf_error(&other).to_owned()),
    }
}

/// What lopdf found wrong, in Danish: lopdf's own messages are English, and the user gets
/// only this one sentence.
fn danish_lopdf_error(err: &lopdf::Error) -> &'static str {
    use lopdf::Error as E;
    match err {
        E::Xref(_) | E::MissingXrefEntry | E::InvalidOffset(_) => {
            "krydsreferencetabellen (indholdsfortegnelsen over filens dele) kan ikke læses"
        }
        E::Parse(_) | E::Syntax(_) | E::IndirectObject { .. } | E::ObjectIdMismatch => {
            "filens indhold følger ikke PDF-formatet"
        }
        E::Decompress(_) | E::InvalidStream(_) | E::InvalidObjectStream(_) => {
            "en pakket del af filen kan ikke pakkes ud"
        }
        E::ObjectNotFound(_) | E::DictKey(_) | E::ObjectType { .. } | E::DictType { .. } => {
            "en del, som filen henviser til, mangler eller har forkert type"
        }
        E::ReferenceCycle(_) | E::ReferenceLimit | E::RecursionLimit => {
            "filens dele henviser til hinanden i ring"
        }
        E::IO(_) => "filen slutter for tidligt eller kan ikke læses",
        E::Unimplemented(_) => "filen bruger en del af PDF-formatet, som referat ikke kan læse",
        _ => "filens indre opbygning kan ikke læses",
    }
}
