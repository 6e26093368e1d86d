//! PDF: the filled `referat.pdf.md` typeset on A4 pages with DejaVu Sans (regular and
//! bold, embedded as subsets, with a ToUnicode map so the text can be copied and read
//! back), through `pdf-writer`. The template is a small subset of Markdown, one block per
//! paragraph:
//!
//! ```text
//! # text        the title              ## text    a heading       ### text   a subheading
//! - text        a bulleted entry       ---        a rule          blank line  ends a paragraph
//! **text**      bold inside a paragraph (the label of `**Mødedeltagere:** …`)
//! ```
//!
//! Lines break at spaces (a word wider than the line is broken where it must), a heading is
//! kept with the lines after it, and every page has `Side N af M` at its foot. Not here:
//! hyphenation, kerning, justification, images, tables.
//!
//! Why not typst: its clean build passed 230 CPU-seconds a quarter of the way through its
//! 382 crates, where this layout and its three small crates cost under a minute (issue 18
//! keeps the fresh build short). Should the layout need more than the blocks above, typst's
//! own PDF writer (krilla) is the next step, not typst itself.

use std::collections::BTreeMap;
use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::{Error, PDF_TEMPLATE, Templates, View};

const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 64.0;
const MARGIN_TOP: f32 = 60.0;
const MARGIN_BOTTOM: f32 = 64.0;
/// The bullet's hanging indent.
const BULLET_INDENT: f32 = 16.0;
/// Most lines carried over to a new page to find a line that goes on a block: six lost a
/// follow-up or a decision in 14 of 60 generated long meetings, fourteen in one.
const MOST_CARRIED: usize = 14;

/// One block of the template's output.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Title(String),
    Heading(String),
    Subheading(String),
    Paragraph(String),
    Bullet(String),
    Rule,
}

/// How a kind of block is set: size, line height, space above and below, bold throughout.
/// Readers (`referat extract` among them) see a paragraph break where the distance between
/// two baselines exceeds about 1.45 times the larger size, so the space after a heading is
/// large enough for the block after it to start a paragraph of its own, not to continue
/// the heading's title (`Lukket punkt` after `Punkt 5: Køb af ejendom`).
struct Style {
    size: f32,
    leading: f32,
    before: f32,
    after: f32,
    bold: bool,
}

fn style(block: &Block) -> Style {
    let (size, before, after, bold) = match block {
        Block::Title(_) => (19.0, 0.0, 15.0, true),
        Block::Heading(_) => (13.5, 16.0, 8.0, true),
        Block::Subheading(_) => (11.0, 9.0, 4.0, true),
        Block::Paragraph(_) => (10.0, 0.0, 6.0, false),
        Block::Bullet(_) => (10.0, 0.0, 3.0, false),
        Block::Rule => (10.0, 2.0, 10.0, false),
    };
    Style {
        size,
        leading: size * 1.32,
        before,
        after,
        bold,
    }
}

/// Splits the filled template into blocks.
fn blocks(source: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(paragraph.join(" ")));
            paragraph.clear();
        }
    };
    for line in source.lines() {
        let line = line.trim();
        let block = if let Some(text) = line.strip_prefix("### ") {
            Block::Subheading(text.trim().into())
        } else if let Some(text) = line.strip_prefix("## ") {
            Block::Heading(text.trim().into())
        } else if let Some(text) = line.strip_prefix("# ") {
            Block::Title(text.trim().into())
        } else if let Some(text) = line.strip_prefix("- ") {
            Block::Bullet(text.trim().into())
        } else if line == "---" {
            Block::Rule
        } else if line.is_empty() {
            flush(&mut paragraph, &mut blocks);
            continue;
        } else {
            paragraph.push(line);
            continue;
        };
        flush(&mut paragraph, &mut blocks);
        blocks.push(block);
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

/// A word and whether it is bold; `**` toggles bold.
fn words(text: &str, bold_throughout: bool) -> Vec<(String, bool)> {
    let mut words = Vec::new();
    let mut bold = false;
    for (n, part) in text.split("**").enumerate() {
        if n > 0 {
            bold = !bold;
        }
        for word in part.split_whitespace() {
            words.push((word.to_owned(), bold || bold_throughout));
        }
    }
    words
}

/// A font, the glyphs used of it (renumbered for the subset) and the characters they show.
struct Font {
    face: ttf_parser::Face<'static>,
    data: &'static [u8],
    remapper: GlyphRemapper,
    /// New glyph id → the character it shows, for the ToUnicode map.
    chars: BTreeMap<u16, char>,
    units_per_em: f32,
}

impl Font {
    fn new(data: &'static [u8]) -> Result<Font, Error> {
        let face = ttf_parser::Face::parse(data, 0)
            .map_err(|err| Error::Pdf(format!("skrifttypen kan ikke læses: {err}")))?;
        Ok(Font {
            units_per_em: f32::from(face.units_per_em()),
            face,
            data,
            remapper: GlyphRemapper::new(),
            chars: BTreeMap::new(),
        })
    }

    fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    fn advance(&self, glyph: u16) -> f32 {
        f32::from(
            self.face
                .glyph_hor_advance(ttf_parser::GlyphId(glyph))
                .unwrap_or(0),
        ) / self.units_per_em
    }

    /// The width of `text` at size 1.
    fn width(&self, text: &str) -> f32 {
        text.chars().map(|c| self.advance(self.glyph(c))).sum()
    }

    /// `text` as the two-byte glyph ids of the subset.
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let glyph = self.remapper.remap(self.glyph(c));
            self.chars.entry(glyph).or_insert(c);
            bytes.extend_from_slice(&glyph.to_be_bytes());
        }
        bytes
    }
}

/// A run of text placed on a page.
struct Run {
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// What one page holds.
#[derive(Default)]
struct Page {
    runs: Vec<Run>,
    rules: Vec<(f32, f32, f32)>,
}

/// Places blocks on pages.
struct Layout<'f> {
    regular: &'f Font,
    bold: &'f Font,
    pages: Vec<Page>,
    /// The baseline of the last line set, from the bottom of the page.
    y: f32,
    /// The lines set on this page: where their runs begin, their leading, and whether
    /// the line is the first of its block.
    page_lines: Vec<(usize, f32, bool)>,
    /// The space after the last block set.
    last_after: f32,
}

impl<'f> Layout<'f> {
    fn font(&self, bold: bool) -> &Font {
        if bold { self.bold } else { self.regular }
    }

    /// A layout with its first page begun.
    fn new(regular: &'f Font, bold: &'f Font) -> Layout<'f> {
        let mut layout = Layout {
            regular,
            bold,
            pages: Vec::new(),
            y: 0.0,
            page_lines: Vec::new(),
            last_after: 0.0,
        };
        layout.new_page();
        layout
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = PAGE_HEIGHT - MARGIN_TOP;
        self.page_lines.clear();
    }

    /// A new page that begins with the last line of the page before. Readers join the
    /// first line of a page to the paragraph before it (a paragraph often goes on across
    /// pages), so a block must never begin a page: after a list at the foot of a page,
    /// the heading `Opfølgning` at the top of the next was read as one more entry of the
    /// list (seed 000, item 3). With the line carried over, the block's space above it
    /// shows where it begins.
    ///
    /// The lines carried over end at the last and begin, where they can, inside a block
    /// (not at its first line): the reader joins the page's first line to the paragraph
    /// before, which is right for a line that goes on with it and wrong for a block of its
    /// own (`Bilag til punkt 14: Bilag 1` was read into the decision above it).
    ///
    /// Where no line within the last [`MOST_CARRIED`] goes on a block, the lines carried
    /// begin after one that ends a paragraph for the reader (`:` or `.`), else the last
    /// line alone is carried (long PDF seed 54 still loses its attachment line that way).
    fn new_page_with_last_line(&mut self) {
        let n = self.page_lines.len();
        let most = n.saturating_sub(1).min(MOST_CARRIED);
        let runs = &self
            .pages
            .last()
            .map_or(&[][..], |page| page.runs.as_slice());
        let text_of = |k: usize| -> String {
            let start = self.page_lines[k].0;
            let end = self.page_lines.get(k + 1).map_or(runs.len(), |line| line.0);
            runs[start.min(runs.len())..end.min(runs.len())]
                .iter()
                .map(|run| run.text.as_str())
                .collect()
        };
        let Some(carry) = (1..=most)
            .find(|&c| !self.page_lines[n - c].2)
            .or_else(|| {
                (1..=most).find(|&c| {
                    let left = text_of(n - c - 1);
                    left.trim_end().ends_with([':', '.'])
                })
            })
            .or(if most >= 1 { Some(1) } else { None })
        else {
            self.new_page();
            return;
        };
        let carried: Vec<(usize, f32, bool)> = self.page_lines[n - carry..].to_vec();
        let (first_run, leading, _) = carried[0];
        let moved: Vec<Run> = self.page().runs.drain(first_run..).collect();
        self.new_page();
        let shift = (self.y - leading) - moved.first().map_or(self.y, |run| run.y);
        let mut bottom = self.y;
        let page = self.page();
        for run in moved {
            bottom = bottom.min(run.y + shift);
            page.runs.push(Run {
                y: run.y + shift,
                ..run
            });
        }
        self.page_lines = carried
            .into_iter()
            .map(|(start, leading, first)| (start - first_run, leading, first))
            .collect();
        self.y = bottom - self.last_after;
    }

    fn page(&mut self) -> &mut Page {
        // `new_page` runs before the first block, so there is always a page.
        self.pages.last_mut().expect("a page was started")
    }

    /// Room for `height` below the current line, else a new page.
    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN_BOTTOM {
            self.new_page();
        }
    }

    /// Breaks `words` into lines no wider than `width` at `size`.
    fn lines(&self, words: &[(String, bool)], size: f32, width: f32) -> Vec<Vec<(String, bool)>> {
        let space = self.regular.width(" ") * size;
        let mut lines: Vec<Vec<(String, bool)>> = Vec::new();
        let mut line: Vec<(String, bool)> = Vec::new();
        let mut line_width = 0.0;
        for (word, bold) in words {
            let word_width = self.font(*bold).width(word) * size;
            if !line.is_empty() && line_width + space + word_width > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if word_width > width {
                // A word wider than the line (a long address) is broken where it must be.
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.font(*bold).width(&piece) * size > width && piece.chars().count() > 1 {
                        let last = piece.pop().unwrap_or(c);
                        lines.push(vec![(std::mem::take(&mut piece), *bold)]);
                        piece.push(last);
                    }
                }
                line_width = self.font(*bold).width(&piece) * size;
                line.push((piece, *bold));
                continue;
            }
            if !line.is_empty() {
                line_width += space;
            }
            line_width += word_width;
            line.push((word.clone(), *bold));
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// The text of a block, and the width its lines may have.
    fn text_and_width(block: &Block) -> (Option<&str>, f32) {
        let indent = if matches!(block, Block::Bullet(_)) {
            BULLET_INDENT
        } else {
            0.0
        };
        let text = match block {
            Block::Title(t)
            | Block::Heading(t)
            | Block::Subheading(t)
            | Block::Paragraph(t)
            | Block::Bullet(t) => Some(t.as_str()),
            Block::Rule => None,
        };
        (text, PAGE_WIDTH - 2.0 * MARGIN_X - indent)
    }

    /// The height that must fit on the page for `blocks[0]` to begin on it: a heading or a
    /// lead (`Udvalget godkendte:`) with what it leads into (a heading, the subheading
    /// `Beslutning`, a lead and the first lines of its list stay together), any other block
    /// with its first two lines.
    fn needs(&self, blocks: &[Block], depth: usize) -> f32 {
        let Some(block) = blocks.first() else {
            return 0.0;
        };
        let style = style(block);
        let (text, width) = Self::text_and_width(block);
        let Some(text) = text else {
            return style.before + style.after;
        };
        let lines = self
            .lines(&words(text, style.bold), style.size, width)
            .len() as f32;
        let leads = matches!(
            block,
            Block::Title(_) | Block::Heading(_) | Block::Subheading(_)
        ) || text.ends_with(':');
        if leads && depth < 4 {
            style.before + style.leading * lines + style.after + self.needs(&blocks[1..], depth + 1)
        } else {
            style.before + style.leading * lines.min(2.0)
        }
    }

    /// Sets `blocks[0]`; the blocks after it decide whether it must begin a new page.
    fn block(&mut self, blocks: &[Block]) {
        let Some(block) = blocks.first() else {
            return;
        };
        let style = style(block);
        let text = match block {
            Block::Title(t)
            | Block::Heading(t)
            | Block::Subheading(t)
            | Block::Paragraph(t)
            | Block::Bullet(t) => t.as_str(),
            Block::Rule => {
                self.ensure(style.before + style.after);
                self.y -= style.before;
                let y = self.y;
                self.page().rules.push((MARGIN_X, PAGE_WIDTH - MARGIN_X, y));
                self.y -= style.after;
                self.page_lines.clear();
                return;
            }
        };
        let indent = if matches!(block, Block::Bullet(_)) {
            BULLET_INDENT
        } else {
            0.0
        };
        let width = PAGE_WIDTH - 2.0 * MARGIN_X - indent;
        let lines = self.lines(&words(text, style.bold), style.size, width);
        let keep = self.needs(blocks, 0);
        let at_top = self.y >= PAGE_HEIGHT - MARGIN_TOP;
        if !at_top && self.y - keep < MARGIN_BOTTOM {
            self.new_page_with_last_line();
        }
        if self.y < PAGE_HEIGHT - MARGIN_TOP {
            self.y -= style.before;
        }
        for (n, line) in lines.iter().enumerate() {
            self.ensure(style.leading);
            self.y -= style.leading;
            let y = self.y;
            let start = self.page().runs.len();
            self.page_lines.push((start, style.leading, n == 0));
            if n == 0 && matches!(block, Block::Bullet(_)) {
                self.page().runs.push(Run {
                    x: MARGIN_X + 3.0,
                    y,
                    size: style.size,
                    bold: false,
                    text: "•".into(),
                });
            }
            let mut x = MARGIN_X + indent;
            // Consecutive words of one weight are one run, spaces included.
            let mut runs: Vec<(String, bool)> = Vec::new();
            for (i, (word, bold)) in line.iter().enumerate() {
                let word = if i + 1 < line.len() {
                    format!("{word} ")
                } else {
                    word.clone()
                };
                match runs.last_mut() {
                    Some((text, b)) if b == bold => text.push_str(&word),
                    _ => runs.push((word, *bold)),
                }
            }
            for (text, bold) in runs {
                let width = self.font(bold).width(&text) * style.size;
                self.page().runs.push(Run {
                    x,
                    y,
                    size: style.size,
                    bold,
                    text,
                });
                x += width;
            }
        }
        self.y -= style.after;
        self.last_after = style.after;
    }
}

/// How many lines at the top and at the bottom of a page a reader may take for a running
/// header or footer (`formats`' PDF cleanup).
const EDGE_LINES: usize = 3;

/// How far a page's text moves, at most, to keep clear of the reader's furniture rule.
const MOST_SHIFT: f32 = 24.0;

/// A page's lines top to bottom, each as its baseline and its text with digit runs as `#`
/// in lowercase: what a reader compares to find running headers and footers.
fn furniture_lines(page: &Page) -> Vec<(f32, String)> {
    let mut lines: Vec<(f32, Vec<&Run>)> = Vec::new();
    for run in &page.runs {
        match lines.iter_mut().find(|(y, _)| (*y - run.y).abs() < 0.5) {
            Some((_, runs)) => runs.push(run),
            None => lines.push((run.y, vec![run])),
        }
    }
    lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    lines
        .into_iter()
        .map(|(y, mut runs)| {
            runs.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut in_digits = false;
            for c in runs.iter().flat_map(|run| run.text.chars()) {
                if c.is_ascii_digit() {
                    if !in_digits {
                        text.push('#');
                    }
                    in_digits = true;
                } else {
                    in_digits = false;
                    text.extend(c.to_lowercase());
                }
            }
            (y, text)
        })
        .collect()
}

/// The pages on which a line among the first or last [`EDGE_LINES`] recurs, digits
/// ignored, at about the same height (4-pt buckets, one either side) on at least half of
/// the pages and on two at least: what a reader drops as a running header or footer.
/// `None` when no line does.
fn recurring_edge_line(pages: &[Page]) -> Option<Vec<usize>> {
    let edges: Vec<Vec<(i64, String)>> = pages
        .iter()
        .map(|page| {
            let lines = furniture_lines(page);
            let n = lines.len();
            lines
                .into_iter()
                .enumerate()
                .filter(|(idx, _)| *idx < EDGE_LINES || *idx + EDGE_LINES >= n)
                .map(|(_, (y, text))| ((y / 4.0).round() as i64, text))
                .collect()
        })
        .collect();
    for (page_idx, lines) in edges.iter().enumerate() {
        for (bucket, text) in lines {
            let on: Vec<usize> = edges
                .iter()
                .enumerate()
                .filter(|(_, other)| {
                    other
                        .iter()
                        .any(|(b, t)| t == text && (b - bucket).abs() <= 1)
                })
                .map(|(idx, _)| idx)
                .collect();
            if on.len() >= 2 && 2 * on.len() >= pages.len() && on.contains(&page_idx) {
                return Some(on);
            }
        }
    }
    None
}

/// Moves the text of a page up or down by `shift` points when it stays on the page.
fn shift_page(page: &mut Page, shift: f32, moved: &mut f32) -> bool {
    let top = page.runs.iter().map(|run| run.y).fold(f32::MIN, f32::max);
    let bottom = page.runs.iter().map(|run| run.y).fold(f32::MAX, f32::min);
    let fits = top + shift <= PAGE_HEIGHT - MARGIN_TOP / 2.0
        && bottom + shift >= MARGIN_BOTTOM - MOST_SHIFT
        && (*moved + shift).abs() <= MOST_SHIFT;
    if fits {
        for run in &mut page.runs {
            run.y += shift;
        }
        for rule in &mut page.rules {
            rule.2 += shift;
        }
        *moved += shift;
    }
    fits
}

/// Keeps every line of the minutes clear of the reader's rule for running headers and
/// footers. A long meeting can put the same heading (`Opfølgning på punkt 2`, `… punkt
/// 7`, equal with digits ignored) or a follow-up written alike near the top of several
/// pages at one height, and the reader dropped them all (FIXME long PDF seeds 2, 11 and
/// 12 of the round trip). Of the pages where a line recurs so, every one but the first
/// moves a little up or down, by different amounts, until no line recurs.
fn keep_clear_of_furniture(pages: &mut [Page]) {
    let mut moved = vec![0.0f32; pages.len()];
    for _ in 0..4 * pages.len() {
        let Some(on) = recurring_edge_line(pages) else {
            return;
        };
        let mut any = false;
        for (n, &page_idx) in on.iter().enumerate().skip(1) {
            let step = [12.0, -12.0, 24.0, -24.0][(n - 1) % 4];
            let page = &mut pages[page_idx];
            any |= shift_page(page, step, &mut moved[page_idx])
                || shift_page(page, -step, &mut moved[page_idx]);
        }
        if !any {
            return;
        }
    }
}

pub(crate) fn write(view: &View, templates: &Templates) -> Result<Vec<u8>, Error> {
    let filled = templates.fill(PDF_TEMPLATE, view)?;
    let blocks = blocks(&filled);
    let mut regular = Font::new(REGULAR)?;
    let mut bold = Font::new(BOLD)?;
    let pages = {
        let mut layout = Layout::new(&regular, &bold);
        for n in 0..blocks.len() {
            layout.block(&blocks[n..]);
        }
        let mut pages = layout.pages;
        keep_clear_of_furniture(&mut pages);
        pages
    };

    let mut pdf = Pdf::new();
    let mut next_id = 1;
    let mut alloc = || {
        let id = Ref::new(next_id);
        next_id += 1;
        id
    };
    let catalog_id = alloc();
    let tree_id = alloc();
    let info_id = alloc();
    let fonts_ids: [[Ref; 5]; 2] = [
        [alloc(), alloc(), alloc(), alloc(), alloc()],
        [alloc(), alloc(), alloc(), alloc(), alloc()],
    ];
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();

    pdf.catalog(catalog_id).pages(tree_id).lang(TextStr("da"));
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(page_ids.len() as i32);
    let title = format!("{} {} {}", view.kind, view.body, view.date_line);
    pdf.document_info(info_id)
        .title(TextStr(title.trim()))
        .creator(TextStr("referat"));

    let count = pages.len();
    for (n, (page, (page_id, content_id))) in pages.iter().zip(&page_ids).enumerate() {
        let mut content = Content::new();
        for run in &page.runs {
            let (name, font) = if run.bold {
                (Name(b"F2"), &mut bold)
            } else {
                (Name(b"F1"), &mut regular)
            };
            let bytes = font.encode(&run.text);
            content
                .begin_text()
                .set_font(name, run.size)
                .set_text_matrix([1.0, 0.0, 0.0, 1.0, run.x, run.y])
                .show(Str(&bytes))
                .end_text();
        }
        for (x1, x2, y) in &page.rules {
            content
                .set_stroke_gray(0.6)
                .set_line_width(0.6)
                .move_to(*x1, *y)
                .line_to(*x2, *y)
                .stroke();
        }
        // The page number, which `referat extract` skips as page furniture.
        let footer = format!("Side {} af {count}", n + 1);
        let size = 8.5;
        let x = (PAGE_WIDTH - regular.width(&footer) * size) / 2.0;
        let bytes = regular.encode(&footer);
        content
            .set_fill_gray(0.35)
            .begin_text()
            .set_font(Name(b"F1"), size)
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, MARGIN_BOTTOM / 2.0])
            .show(Str(&bytes))
            .end_text()
            .set_fill_gray(0.0);
        let mut page_writer = pdf.page(*page_id);
        page_writer
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree_id)
            .contents(*content_id);
        let mut resources = page_writer.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), fonts_ids[0][0]);
        fonts.pair(Name(b"F2"), fonts_ids[1][0]);
        fonts.finish();
        resources.finish();
        page_writer.finish();
        let compressed = deflate(&content.finish())?;
        pdf.stream(*content_id, &compressed)
            .filter(Filter::FlateDecode);
    }

    for (font, ids, name) in [
        (&regular, fonts_ids[0], "REFAAA+DejaVuSans"),
        (&bold, fonts_ids[1], "REFAAB+DejaVuSans-Bold"),
    ] {
        write_font(&mut pdf, font, ids, name)?;
    }
    Ok(pdf.finish())
}

fn write_font(pdf: &mut Pdf, font: &Font, ids: [Ref; 5], name: &str) -> Result<(), Error> {
    let [type0_id, cid_id, descriptor_id, cmap_id, file_id] = ids;
    let base_font = Name(name.as_bytes());
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0_id)
        .base_font(base_font)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);

    let per_mille = |units: i16| f32::from(units) / font.units_per_em * 1000.0;
    let widths: Vec<f32> = font
        .remapper
        .remapped_gids()
        .map(|old| font.advance(old) * 1000.0)
        .collect();
    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(CidFontType::Type2)
        .base_font(base_font)
        .system_info(system_info)
        .font_descriptor(descriptor_id)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, widths);
    cid.finish();

    let bbox = font.face.global_bounding_box();
    pdf.font_descriptor(descriptor_id)
        .name(base_font)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            per_mille(bbox.x_min),
            per_mille(bbox.y_min),
            per_mille(bbox.x_max),
            per_mille(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(per_mille(font.face.ascender()))
        .descent(per_mille(font.face.descender()))
        .cap_height(per_mille(font.face.capital_height().unwrap_or(729)))
        .stem_v(80.0)
        .font_file2(file_id);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
    for (glyph, c) in &font.chars {
        cmap.pair(*glyph, *c);
    }
    pdf.cmap(cmap_id, &cmap.finish());

    let subset = subsetter::subset(font.data, 0, &font.remapper)
        .map_err(|err| Error::Pdf(format!("skrifttypen kan ikke deles op: {err}")))?;
    let compressed = deflate(&subset)?;
    pdf.stream(file_id, &compressed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);
    Ok(())
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_err(|err| Error::Pdf(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings at every possible place relative to a page break: none may begin a page
    /// (a reader would join it to the list before it).
    #[test]
    fn no_page_begins_with_a_heading() {
        let regular = Font::new(REGULAR).unwrap();
        let bold = Font::new(BOLD).unwrap();
        for shift in 0..12 {
            let mut layout = Layout::new(&regular, &bold);
            let mut blocks = vec![Block::Paragraph("Indledning".into()); shift];
            for n in 0..40 {
                blocks.push(Block::Heading(format!("Punkt {n}: Overskrift")));
                blocks.push(Block::Paragraph("Udvalget godkendte:".into()));
                for _ in 0..3 {
                    blocks.push(Block::Bullet("En beslutning, der fylder en linje".into()));
                }
            }
            for n in 0..blocks.len() {
                layout.block(&blocks[n..]);
            }
            assert!(layout.pages.len() > 3);
            for (n, page) in layout.pages.iter().enumerate().skip(1) {
                let first = &page.runs[0].text;
                assert!(
                    !first.starts_with("Punkt") && !first.starts_with("Udvalget"),
                    "shift {shift}: page {} begins with {first:?}",
                    n + 1
                );
            }
        }
    }

    /// A heading that a reader would take for a running header (the same, digits ignored,
    /// at one height near the top of half the pages) is moved off that height.
    #[test]
    fn no_line_recurs_like_a_running_header() {
        let page = |heading: &str, y: f32| Page {
            runs: vec![
                Run {
                    x: MARGIN_X,
                    y,
                    size: 11.0,
                    bold: true,
                    text: heading.into(),
                },
                Run {
                    x: MARGIN_X,
                    y: y - 200.0,
                    size: 11.0,
                    bold: false,
                    text: "Tekst".into(),
                },
            ],
            rules: Vec::new(),
        };
        let mut pages = vec![
            page("Opfølgning på punkt 2", 700.0),
            page("Opfølgning på punkt 7", 700.0),
            page("Punkt 9: Andet", 650.0),
        ];
        assert_eq!(recurring_edge_line(&pages), Some(vec![0, 1]));
        keep_clear_of_furniture(&mut pages);
        assert_eq!(recurring_edge_line(&pages), None);
        assert_eq!(pages[0].runs[0].y, 700.0);
        assert!((pages[1].runs[0].y - 700.0).abs() >= 12.0);
    }

    #[test]
    fn template_output_splits_into_blocks() {
        let blocks = blocks(
            "# Udvalget\n\n01-07-2025\n\n---\n\n**Afbud:** Heidi\nHave\n\n## Punkt 1: KPI\n\
             ### Beslutning\n- Godkendt\n- Udsat\nTekst\n",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Title("Udvalget".into()),
                Block::Paragraph("01-07-2025".into()),
                Block::Rule,
                Block::Paragraph("**Afbud:** Heidi Have".into()),
                Block::Heading("Punkt 1: KPI".into()),
                Block::Subheading("Beslutning".into()),
                Block::Bullet("Godkendt".into()),
                Block::Bullet("Udsat".into()),
                Block::Paragraph("Tekst".into()),
            ]
        );
        assert_eq!(
            words("**Afbud:** Heidi", false),
            vec![("Afbud:".into(), true), ("Heidi".into(), false)]
        );
    }
}
