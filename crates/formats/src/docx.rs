//! DOCX (Office Open XML) → lines: each paragraph of `word/document.xml` is a line, with a
//! blank line between paragraphs (none between the items of one list), list paragraphs
//! carry the label Word shows ("1.", "1a)", "•", resolved from `numbering.xml` and the
//! paragraph styles of `styles.xml`), and each table row is one line with its cells joined
//! by ` | `. Explicit page breaks advance the page number.
//!
//! What is read and what is not:
//!
//! ```text
//! w:t, w:tab, w:br, w:cr, w:noBreakHyphen     text (w:br type="page" also starts a page)
//! w:ins, w:hyperlink, w:fldSimple, w:sdtContent, field results, text boxes   kept
//! w:del, w:moveFrom, w:instrText, w:delText, mc:Fallback, w:sdtPr, *PrChange  dropped
//! headers, footers, footnotes, comments      not read (page furniture and side notes)
//! ```
//!
//! The archive is untrusted: at most [`MAX_ENTRIES`] entries, and the parts read may unpack
//! to at most [`MAX_UNCOMPRESSED_BYTES`], or 100 times the size of the file, whichever is
//! less (but at least 16 MiB). Sizes are counted while unpacking; the sizes the archive
//! declares are never trusted. This module does not interpret the minutes.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use model::{Format, Line, LineKind, Text};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use zip::ZipArchive;
use zip::result::ZipError;

use crate::{Error, labels};

/// Upper bound on the bytes unpacked from one DOCX.
pub(crate) const MAX_UNCOMPRESSED_BYTES: u64 = 200 * 1024 * 1024;
/// Upper bound on the entries of the archive: real documents have a few dozen.
pub(crate) const MAX_ENTRIES: usize = 10_000;
/// Real XML compresses about 10:1; a bomb compresses 1000:1.
const MAX_RATIO: u64 = 100;
/// Below this, the ratio is not checked: small documents may compress well.
const MIN_BUDGET: u64 = 16 * 1024 * 1024;

/// What the zip reader found wrong, in Danish (its own messages are English).
fn danish_zip_error(err: &ZipError) -> &'static str {
    match err {
        ZipError::Io(_) => "filen slutter for tidligt eller kan ikke læses",
        ZipError::InvalidPassword => "arkivet er beskyttet med en adgangskode",
        ZipError::FileNotFound => "en fil mangler i arkivet",
        _ => "filen er ikke et helt zip-arkiv (afkortet eller ødelagt)",
    }
}

/// Reads a DOCX file whose text may hold up to `max_text` bytes.
pub(crate) fn read(bytes: &[u8], max_text: usize) -> Result<Text, Error> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|err| match err {
        ZipError::UnsupportedArchive(what) => {
            Error::Unsupported(format!("et zip-arkiv, som referat ikke kan åbne ({what})"))
        }
        err => Error::CorruptDocx(format!(
            "zip-arkivet kan ikke læses: {}",
            danish_zip_error(&err)
        )),
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(Error::ZipBomb(format!(
            "arkivet har {} filer (højst {MAX_ENTRIES})",
            archive.len()
        )));
    }
    let file_len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let mut budget = Budget {
        used: 0,
        limit: MAX_UNCOMPRESSED_BYTES.min(file_len.saturating_mul(MAX_RATIO).max(MIN_BUDGET)),
        file_len,
    };
    let Some(document) = read_entry(&mut archive, "word/document.xml", &mut budget)? else {
        return Err(Error::NotDocx(what_zip(&mut archive, &mut budget)));
    };
    let styles = match read_entry(&mut archive, "word/styles.xml", &mut budget)? {
        Some(xml) => parse_styles(&xml),
        None => HashMap::new(),
    };
    let numbering = match read_entry(&mut archive, "word/numbering.xml", &mut budget)? {
        Some(xml) => parse_numbering(&xml),
        None => Numbering::default(),
    };
    Body::new(&styles, &numbering, max_text).read(&document)
}

/// How many unpacked bytes are left.
struct Budget {
    used: u64,
    limit: u64,
    file_len: u64,
}

/// Unpacks one entry as UTF-8 text, counting its bytes against the budget as they come.
fn read_entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<String>, Error> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(ZipError::UnsupportedArchive(what)) => {
            return Err(Error::Unsupported(format!(
                "{name} i zip-arkivet kan ikke åbnes ({what})"
            )));
        }
        Err(err) => {
            return Err(Error::CorruptDocx(format!(
                "{name}: {}",
                danish_zip_error(&err)
            )));
        }
    };
    let remaining = budget.limit.saturating_sub(budget.used);
    let mut data = Vec::new();
    file.take(remaining.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|_| Error::CorruptDocx(format!("{name} kan ikke pakkes ud")))?;
    budget.used = budget
        .used
        .saturating_add(u64::try_from(data.len()).unwrap_or(u64::MAX));
    if budget.used > budget.limit {
        return Err(Error::ZipBomb(format!(
            "{name} pakker sig ud til mere end {} bytes fra en fil på {} bytes",
            budget.limit, budget.file_len
        )));
    }
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&data);
    match std::str::from_utf8(data) {
        Ok(text) => Ok(Some(text.to_owned())),
        Err(_) => {
            // XML may be UTF-16 with a BOM; nothing else is allowed.
            if crate::plain::has_utf16_bom(data) {
                // The budget bounds the part already.
                let decoded = crate::plain::decode(data, usize::MAX)?;
                Ok(Some(decoded))
            } else {
                Err(Error::CorruptDocx(format!("{name} er ikke XML i UTF-8")))
            }
        }
    }
}

/// What a zip without `word/document.xml` is, for the error message.
fn what_zip(archive: &mut ZipArchive<Cursor<&[u8]>>, budget: &mut Budget) -> String {
    if let Ok(Some(mimetype)) = read_entry(archive, "mimetype", budget) {
        let mimetype = mimetype.trim();
        if mimetype.starts_with("application/vnd.oasis.opendocument") {
            return format!("en OpenDocument-fil ({mimetype}); gem den som DOCX eller PDF");
        }
    }
    if archive.index_for_name("xl/workbook.xml").is_some() {
        return "et Excel-regneark (XLSX)".to_owned();
    }
    if archive.index_for_name("ppt/presentation.xml").is_some() {
        return "en PowerPoint-præsentation (PPTX)".to_owned();
    }
    "et zip-arkiv uden word/document.xml".to_owned()
}

/// The parts of a paragraph style that matter here.
#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// The heading level: from `w:outlineLvl` (0 is level 1) or a name such as `heading 2`
    /// or `Overskrift 2`.
    heading: Option<u8>,
}

/// One level of an abstract numbering definition.
#[derive(Debug, Clone)]
struct Level {
    start: i64,
    format: String,
    text: String,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: "decimal".to_owned(),
            text: String::new(),
        }
    }
}

/// A `w:num`: which abstract definition it uses, and restarts it asks for.
#[derive(Debug, Default, Clone)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<u8, i64>,
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    nums: HashMap<String, Num>,
    /// `w:numStyleLink`: an abstract definition whose levels live in a list style (Word's
    /// multilevel list styles such as "1 / 1.1 / 1.1.1").
    style_links: HashMap<String, String>,
}

/// The `w:val` attribute (any prefix).
fn val(element: &BytesStart<'_>) -> Option<String> {
    attr(element, "val")
}

/// An attribute by local name, unescaped.
fn attr(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn level_index(value: Option<String>) -> Option<u8> {
    value
        .and_then(|v| v.trim().parse::<u8>().ok())
        .map(|v| v.min(8))
}

fn local_name(element: &BytesStart<'_>) -> String {
    element.local_name().as_ref().to_owned()
}

fn parse_styles(xml: &str) -> HashMap<String, Style> {
    let mut styles = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, Style)> = None;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(element) | Event::Empty(element) => match local_name(&element).as_str() {
                "style" => {
                    current = attr(&element, "styleId").map(|id| (id, Style::default()));
                }
                "basedOn" => {
                    if let Some((_, style)) = &mut current {
                        style.based_on = val(&element);
                    }
                }
                "numId" => {
                    if let Some((_, style)) = &mut current {
                        style.num_id = val(&element);
                    }
                }
                "ilvl" => {
                    if let Some((_, style)) = &mut current {
                        style.ilvl = level_index(val(&element));
                    }
                }
                "outlineLvl" => {
                    if let Some((_, style)) = &mut current {
                        style.heading = outline_level(val(&element));
                    }
                }
                "name" => {
                    if let Some((_, style)) = &mut current
                        && style.heading.is_none()
                    {
                        style.heading = val(&element).as_deref().and_then(heading_name);
                    }
                }
                _ => {}
            },
            Event::End(element) if element.local_name().as_ref() == "style" => {
                if let Some((id, style)) = current.take() {
                    styles.insert(id, style);
                }
            }
            _ => {}
        }
    }
    styles
}

fn parse_numbering(xml: &str) -> Numbering {
    let mut numbering = Numbering::default();
    let mut reader = Reader::from_str(xml);
    let mut abstract_num: Option<(String, HashMap<u8, Level>)> = None;
    let mut level: Option<(u8, Level)> = None;
    let mut num: Option<(String, Num)> = None;
    let mut override_level: Option<u8> = None;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(element) | Event::Empty(element) => {
                let name = local_name(&element);
                if let Some((_, current)) = &mut num {
                    match name.as_str() {
                        "abstractNumId" => current.abstract_id = val(&element).unwrap_or_default(),
                        "lvlOverride" => override_level = level_index(attr(&element, "ilvl")),
                        "startOverride" => {
                            if let (Some(ilvl), Some(start)) = (
                                override_level,
                                val(&element).and_then(|v| v.trim().parse::<i64>().ok()),
                            ) {
                                current.start_overrides.insert(ilvl, start);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                match name.as_str() {
                    "abstractNum" => {
                        abstract_num =
                            attr(&element, "abstractNumId").map(|id| (id, HashMap::new()));
                    }
                    "num" => {
                        num = attr(&element, "numId").map(|id| (id, Num::default()));
                    }
                    "numStyleLink" => {
                        if let (Some((id, _)), Some(style)) = (&abstract_num, val(&element)) {
                            numbering.style_links.insert(id.clone(), style);
                        }
                    }
                    "lvl" if abstract_num.is_some() => {
                        level = level_index(attr(&element, "ilvl")).map(|i| (i, Level::default()));
                    }
                    "start" => {
                        if let Some((_, level)) = &mut level
                            && let Some(start) = val(&element).and_then(|v| v.parse().ok())
                        {
                            level.start = start;
                        }
                    }
                    "numFmt" => {
                        if let Some((_, level)) = &mut level {
                            level.format = val(&element).unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, level)) = &mut level {
                            level.text = val(&element).unwrap_or_default();
                        }
                    }
                    _ => {}
                }
            }
            Event::End(element) => match element.local_name().as_ref() {
                "lvl" => {
                    if let (Some((ilvl, done)), Some((_, levels))) =
                        (level.take(), &mut abstract_num)
                    {
                        levels.insert(ilvl, done);
                    }
                }
                "abstractNum" => {
                    if let Some((id, levels)) = abstract_num.take() {
                        numbering.abstracts.insert(id, levels);
                    }
                }
                "num" => {
                    if let Some((id, done)) = num.take() {
                        numbering.nums.insert(id, done);
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    numbering
}

/// List counters, kept per abstract numbering definition as Word does: two `w:num`s that
/// share one definition continue each other unless one restarts a level.
#[derive(Debug, Default)]
struct Counters {
    values: HashMap<String, [Option<i64>; 9]>,
    started_nums: HashSet<String>,
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Paragraph {
    /// Finished segments (a `w:br` ends one) and the open one.
    segments: Vec<(String, u32)>,
    current: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// Its own `w:outlineLvl`, as a heading level.
    heading: Option<u8>,
}

/// An open table: its current row and cell.
#[derive(Debug, Default)]
struct Table {
    cells: Vec<String>,
    cell: String,
}

/// The walk over `word/document.xml`.
struct Body<'a> {
    styles: &'a HashMap<String, Style>,
    numbering: &'a Numbering,
    counters: Counters,
    lines: Vec<Line>,
    n_text_bytes: usize,
    max_text: usize,
    page: u32,
    paragraphs: Vec<Paragraph>,
    tables: Vec<Table>,
    /// Depth inside an element whose content is dropped.
    skip_depth: usize,
    in_text: bool,
    in_run: usize,
    in_ppr: bool,
    /// Whether the last paragraph written outside tables was a list paragraph.
    last_was_list: bool,
}

impl<'a> Body<'a> {
    fn new(
        styles: &'a HashMap<String, Style>,
        numbering: &'a Numbering,
        max_text: usize,
    ) -> Body<'a> {
        Body {
            styles,
            numbering,
            counters: Counters::default(),
            lines: Vec::new(),
            n_text_bytes: 0,
            max_text,
            page: 1,
            paragraphs: Vec::new(),
            tables: Vec::new(),
            skip_depth: 0,
            in_text: false,
            in_run: 0,
            in_ppr: false,
            last_was_list: false,
        }
    }

    fn read(mut self, xml: &str) -> Result<Text, Error> {
        let mut reader = Reader::from_str(xml);
        loop {
            let event = reader.read_event().map_err(|err| {
                let _ = err;
                Error::CorruptDocx(format!(
                    "word/document.xml er ikke gyldig XML (ved byte {})",
                    reader.error_position()
                ))
            })?;
            match event {
                Event::Eof => break,
                Event::Start(element) => self.start(&element),
                // An empty element opens and closes at once.
                Event::Empty(element) => {
                    self.start(&element);
                    self.end(element.local_name().as_ref());
                }
                Event::End(element) => self.end(element.local_name().as_ref()),
                Event::Text(text) if self.in_text && self.skip_depth == 0 => {
                    self.push_text(&text.xml10_content());
                }
                Event::CData(text) if self.in_text && self.skip_depth == 0 => {
                    self.push_text(&text.xml10_content());
                }
                Event::GeneralRef(reference) if self.in_text && self.skip_depth == 0 => {
                    if let Some(c) = resolve(&reference) {
                        self.push_text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                _ => {}
            }
            if self.n_text_bytes > self.max_text {
                return Err(Error::TooLarge {
                    size: self.n_text_bytes,
                    limit: self.max_text,
                    what: "tekst",
                });
            }
        }
        // Unclosed paragraphs of a truncated document still count.
        while !self.paragraphs.is_empty() {
            self.end_paragraph();
        }
        // Word documents often end in empty paragraphs; they are not text.
        while self
            .lines
            .last()
            .is_some_and(|line| line.text.trim().is_empty())
        {
            self.lines.pop();
        }
        Ok(Text {
            lines: self.lines,
            format: Format::Docx,
            warnings: Vec::new(),
        })
    }

    fn start(&mut self, element: &BytesStart<'_>) {
        let name = element.local_name();
        let name = name.as_ref();
        if self.skip_depth > 0 {
            self.skip_depth += 1;
            return;
        }
        match name {
            "del" | "moveFrom" | "instrText" | "delText" | "Fallback" | "sdtPr" | "pPrChange"
            | "rPrChange" | "footnoteReference" | "endnoteReference" | "commentReference" => {
                self.skip_depth = 1;
            }
            "p" => self.paragraphs.push(Paragraph::default()),
            "pPr" => self.in_ppr = true,
            "pStyle" if self.in_ppr => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.style = val(element);
                }
            }
            "numId" if self.in_ppr => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.num_id = val(element);
                }
            }
            "ilvl" if self.in_ppr => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.ilvl = level_index(val(element));
                }
            }
            "outlineLvl" if self.in_ppr => {
                if let Some(paragraph) = self.paragraphs.last_mut() {
                    paragraph.heading = outline_level(val(element));
                }
            }
            "pageBreakBefore" if self.in_ppr => {
                let on = val(element).is_none_or(|v| v != "0" && v != "false");
                if on && !self.lines.is_empty() && self.tables.is_empty() {
                    self.page = self.page.saturating_add(1);
                }
            }
            "r" => self.in_run += 1,
            "t" => self.in_text = true,
            "tab" | "ptab" if self.in_run > 0 => self.push_text("\t"),
            "noBreakHyphen" if self.in_run > 0 => self.push_text("-"),
            "br" | "cr" if self.in_run > 0 => {
                let page_break = attr(element, "type").as_deref() == Some("page");
                self.break_line(page_break);
            }
            "tbl" => {
                // A table is a block of its own, its rows on consecutive lines.
                if self.tables.is_empty()
                    && self
                        .lines
                        .last()
                        .is_some_and(|line| !line.text.trim().is_empty())
                {
                    let page = self.page;
                    self.push_line(String::new(), page);
                    self.last_was_list = false;
                }
                self.tables.push(Table::default());
            }
            "tr" => {
                if let Some(table) = self.tables.last_mut() {
                    table.cells.clear();
                    table.cell.clear();
                }
            }
            "tc" => {
                if let Some(table) = self.tables.last_mut() {
                    table.cell.clear();
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
            return;
        }
        match name {
            "p" => self.end_paragraph(),
            "pPr" => self.in_ppr = false,
            "r" => self.in_run = self.in_run.saturating_sub(1),
            "t" => self.in_text = false,
            "tc" => {
                if let Some(table) = self.tables.last_mut() {
                    let cell = std::mem::take(&mut table.cell);
                    let cell = cell.trim();
                    if !cell.is_empty() {
                        table.cells.push(cell.to_owned());
                    }
                }
            }
            "tr" => {
                if let Some(table) = self.tables.last_mut() {
                    let row = std::mem::take(&mut table.cells).join(" | ");
                    if !row.is_empty() {
                        self.emit(row);
                    }
                }
            }
            "tbl" => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(paragraph) = self.paragraphs.last_mut() {
            paragraph.current.push_str(text);
            self.n_text_bytes = self.n_text_bytes.saturating_add(text.len());
        }
    }

    /// `w:br`: the paragraph goes on on a new line (and a new page for a page break).
    fn break_line(&mut self, page_break: bool) {
        let page = self.page;
        if let Some(paragraph) = self.paragraphs.last_mut() {
            let segment = std::mem::take(&mut paragraph.current);
            paragraph.segments.push((segment, page));
        }
        if page_break && self.tables.is_empty() {
            self.page = self.page.saturating_add(1);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(mut paragraph) = self.paragraphs.pop() else {
            return;
        };
        let label = self.label(&paragraph);
        let kind = match (self.heading_of(&paragraph), &label) {
            (Some(level), _) => LineKind::Heading(level),
            (None, Some(_)) => LineKind::ListItem(
                self.numbering_of(&paragraph)
                    .map_or(1, |(_, ilvl)| ilvl.saturating_add(1)),
            ),
            (None, None) => LineKind::Unknown,
        };
        let last = std::mem::take(&mut paragraph.current);
        paragraph.segments.push((last, self.page));
        // A page break alone on its line leaves an empty segment; drop it unless it is all.
        if paragraph.segments.len() > 1 {
            paragraph
                .segments
                .retain(|(segment, _)| !segment.trim().is_empty());
        }
        let is_empty = paragraph.segments.iter().all(|(s, _)| s.trim().is_empty());
        if self.tables.is_empty() && !is_empty {
            // Paragraphs are blocks: a blank line between two of them, as between the
            // paragraphs of a text file, but items of one list stay on consecutive lines.
            let first_page = paragraph.segments.first().map_or(self.page, |(_, p)| *p);
            let after_text = self
                .lines
                .last()
                .is_some_and(|line| !line.text.trim().is_empty());
            if after_text && !(label.is_some() && self.last_was_list) {
                self.push_line(String::new(), first_page);
            }
            self.last_was_list = label.is_some();
        }
        for (idx, (segment, page)) in paragraph.segments.into_iter().enumerate() {
            let segment = segment.trim_end().to_owned();
            let line = match (&label, idx) {
                (Some(label), 0) if !segment.is_empty() => format!("{label} {segment}"),
                _ => segment,
            };
            if self.tables.is_empty() {
                self.push_kind(line, page, if idx == 0 { kind } else { LineKind::Unknown });
            } else if let Some(table) = self.tables.last_mut()
                && !line.trim().is_empty()
            {
                if !table.cell.is_empty() {
                    table.cell.push(' ');
                }
                table.cell.push_str(line.trim());
            }
        }
    }

    /// A table row: inside another table it becomes text of the outer cell.
    fn emit(&mut self, row: String) {
        let n_tables = self.tables.len();
        if n_tables >= 2 {
            if let Some(outer) = self.tables.get_mut(n_tables - 2) {
                if !outer.cell.is_empty() {
                    outer.cell.push(' ');
                }
                outer.cell.push_str(&row);
            }
        } else {
            let page = self.page;
            self.push_kind(row, page, LineKind::TableRow);
        }
    }

    fn push_line(&mut self, text: String, page: u32) {
        self.push_kind(text, page, LineKind::Unknown);
    }

    fn push_kind(&mut self, text: String, page: u32, kind: LineKind) {
        let number = u32::try_from(self.lines.len() + 1).unwrap_or(u32::MAX);
        self.lines.push(Line {
            text,
            page,
            number,
            kind,
        });
    }

    /// The heading level of a paragraph: its own outline level, or its style's (following
    /// `w:basedOn`, at most 20 steps).
    fn heading_of(&self, paragraph: &Paragraph) -> Option<u8> {
        if paragraph.heading.is_some() {
            return paragraph.heading;
        }
        let mut style_id = paragraph.style.clone();
        for _ in 0..20 {
            let style = style_id.as_ref().and_then(|id| self.styles.get(id))?;
            if style.heading.is_some() {
                return style.heading;
            }
            style_id.clone_from(&style.based_on);
        }
        None
    }

    /// The list label of a paragraph, advancing the counters.
    fn label(&mut self, paragraph: &Paragraph) -> Option<String> {
        let (num_id, ilvl) = self.numbering_of(paragraph)?;
        let num = self.numbering.nums.get(&num_id)?;
        let abstract_id = self.linked_abstract(&num.abstract_id);
        let levels = self.numbering.abstracts.get(&abstract_id)?;
        let start_of = |level: u8| -> i64 {
            num.start_overrides
                .get(&level)
                .copied()
                .or_else(|| levels.get(&level).map(|l| l.start))
                .unwrap_or(1)
        };
        let counters = self.counters.values.entry(abstract_id).or_insert([None; 9]);
        if self.counters.started_nums.insert(num_id.clone()) {
            for level in num.start_overrides.keys() {
                counters[usize::from(*level)] = None;
            }
        }
        let idx = usize::from(ilvl);
        counters[idx] = Some(counters[idx].map_or_else(|| start_of(ilvl), |n| n.saturating_add(1)));
        for (level, counter) in counters.iter_mut().enumerate() {
            if level > idx {
                *counter = None;
            } else if counter.is_none() {
                *counter = Some(start_of(u8::try_from(level).unwrap_or(0)));
            }
        }
        let level = levels.get(&ilvl).cloned().unwrap_or_default();
        let label = if level.format == "bullet" {
            bullet(&level.text)
        } else {
            let mut label = String::new();
            let mut chars = level.text.chars().peekable();
            while let Some(c) = chars.next() {
                let digit = chars.peek().and_then(|d| d.to_digit(10));
                match digit {
                    Some(d @ 1..=9) if c == '%' => {
                        chars.next();
                        let level_idx = usize::try_from(d - 1).unwrap_or(0);
                        let value = counters[level_idx].unwrap_or(1);
                        let format = u8::try_from(level_idx)
                            .ok()
                            .and_then(|l| levels.get(&l))
                            .map_or("decimal", |l| l.format.as_str());
                        label.push_str(&format_number(value, format));
                    }
                    _ => label.push(c),
                }
            }
            label
        };
        let label = label.trim().to_owned();
        (!label.is_empty()).then_some(label)
    }

    /// The abstract definition that holds the levels: `abstract_id` itself, or, when it only
    /// links to a list style, the definition that style's numbering uses (one step, so a
    /// cycle cannot hang).
    fn linked_abstract(&self, abstract_id: &str) -> String {
        let has_levels = self
            .numbering
            .abstracts
            .get(abstract_id)
            .is_some_and(|levels| !levels.is_empty());
        if !has_levels
            && let Some(style_id) = self.numbering.style_links.get(abstract_id)
            && let Some(num_id) = self.styles.get(style_id).and_then(|s| s.num_id.as_ref())
            && let Some(num) = self.numbering.nums.get(num_id)
        {
            return num.abstract_id.clone();
        }
        abstract_id.to_owned()
    }

    /// The numbering of a paragraph: its own `w:numPr`, or its style's (following
    /// `w:basedOn`, at most 20 steps, so a cycle cannot hang).
    fn numbering_of(&self, paragraph: &Paragraph) -> Option<(String, u8)> {
        let mut num_id = paragraph.num_id.clone();
        let mut ilvl = paragraph.ilvl;
        let mut style_id = paragraph.style.clone();
        for _ in 0..20 {
            if num_id.is_some() && ilvl.is_some() {
                break;
            }
            let Some(style) = style_id.as_ref().and_then(|id| self.styles.get(id)) else {
                break;
            };
            if num_id.is_none() {
                num_id.clone_from(&style.num_id);
            }
            if ilvl.is_none() {
                ilvl = style.ilvl;
            }
            style_id.clone_from(&style.based_on);
        }
        let num_id = num_id?;
        // numId 0 switches numbering off.
        if num_id == "0" {
            return None;
        }
        Some((num_id, ilvl.unwrap_or(0)))
    }
}

/// A heading level from `w:outlineLvl`: 0 is level 1; 9 is body text.
fn outline_level(value: Option<String>) -> Option<u8> {
    let level: u8 = value?.trim().parse().ok()?;
    (level < 6).then_some(level + 1)
}

/// A heading level from a style's name: `heading 1` (Word's built-in name in every
/// language), `Overskrift 2`, `Title` as level 1.
fn heading_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    if lower == "title" || lower == "titel" {
        return Some(1);
    }
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("overskrift"))?;
    let level: u8 = rest.trim().parse().ok()?;
    (1..=6).contains(&level).then_some(level)
}

/// A bullet character as text: symbol-font bullets are private-use code points.
fn bullet(text: &str) -> String {
    match text.chars().next() {
        None => "•".to_owned(),
        Some('o') => "◦".to_owned(),
        Some('§' | '\u{F0A7}') => "▪".to_owned(),
        Some(c) if ('\u{E000}'..='\u{F8FF}').contains(&c) => "•".to_owned(),
        Some(_) => text.to_owned(),
    }
}

fn format_number(value: i64, format: &str) -> String {
    match format {
        "lowerLetter" => labels::letters(value),
        "upperLetter" => labels::letters(value).to_uppercase(),
        "lowerRoman" => labels::roman(value),
        "upperRoman" => labels::roman(value).to_uppercase(),
        "decimalZero" => format!("{value:02}"),
        "none" | "bullet" => String::new(),
        _ => value.to_string(),
    }
}

/// `&amp;` and friends, and character references.
fn resolve(reference: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c);
    }
    match reference.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}
