//! HTML → lines of text, keeping the block structure a reader sees: each block element on
//! its own line, a blank line between paragraphs and around headings, list items as `• ` or
//! `1. ` lines, table rows as one line with cells joined by ` | `. Scripts, styles, forms,
//! navigation and hidden elements are dropped; entities are decoded by the parser
//! (html5ever, through scraper).
//!
//! FirstAgenda Publication pages (Aarhus, `shared/corpus/firstagenda-html/`) get a layout of
//! their own that reads like the seed text renderings: body, `dd-mm-yyyy HH:MM`, location,
//! the word `Referat` or `Dagsorden` (so `extract` can tell an agenda from minutes), then
//! `Punkt N: title` and the item's sections. For the FirstAgenda API JSON, [`sections`]
//! splits an item's HTML into its whole text and its `Beslutning` section.
//!
//! The walk over the DOM is iterative (ego-tree's `traverse`), so deeply nested markup
//! cannot overflow the stack. This module does not look for decisions or people.

use std::borrow::Cow;

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use model::{Format, Line, LineKind, Text};
use scraper::node::Element;
use scraper::{ElementRef, Html, Node, Selector};

use crate::labels;

/// Elements opened deeper than this are left out before parsing (see [`flatten_deep`]).
/// html5ever looks through the stack of open elements on most start tags, so its time grows
/// with the nesting depth times the number of tags: 20,000 nested `div`s took ten seconds,
/// 100,000 minutes. Real minutes nest a dozen levels deep (Greve's item HTML, Aarhus pages).
const MAX_DEPTH: usize = 256;

/// Reads an HTML document into text.
pub(crate) fn read(html: &str) -> Text {
    let flat = flatten_deep(html, MAX_DEPTH);
    let document = Html::parse_document(&flat);
    let (lines, kinds) = match firstagenda_page(&document) {
        Some(lines) => (lines, Vec::new()),
        None => {
            let mut out = Lines::default();
            out.node(document.tree.root(), &|_| false);
            out.finish_with_kinds()
        }
    };
    let mut text = to_text(lines, &kinds);
    if let Cow::Owned(_) = flat {
        text.warnings.push(format!(
            "HTML nested more than {MAX_DEPTH} elements deep: the deeper elements were read \
             as line breaks"
        ));
    }
    text
}

/// An HTML fragment (the body of a FirstAgenda API item) as its whole text and, when it
/// has one, the text of its decision section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Sections {
    /// All of the fragment's text.
    pub(crate) all: Vec<String>,
    /// The `Beslutning` section: the siblings after an `<h3>Beslutning</h3>` up to the next
    /// heading. A fragment without any `h3` is all decision (Greve's closed items hold just
    /// the decision); one with headings but no `Beslutning` has none (not decided yet).
    pub(crate) decision: Option<Vec<String>>,
}

/// Splits an item's HTML into [`Sections`].
pub(crate) fn sections(html: &str) -> Sections {
    let fragment = Html::parse_fragment(&flatten_deep(html, MAX_DEPTH));
    let mut all = Lines::default();
    all.node(fragment.tree.root(), &|_| false);
    let all = all.finish();

    let mut n_headings = 0;
    let mut decision = None;
    for node in fragment.tree.root().descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        if !is_section_heading(element.value().name()) {
            continue;
        }
        n_headings += 1;
        let heading = collapse(&element.text().collect::<String>());
        if !heading.to_lowercase().starts_with("beslutning") {
            continue;
        }
        let mut out = Lines::default();
        for sibling in node.next_siblings() {
            if let Some(element) = sibling.value().as_element()
                && is_section_heading(element.name())
            {
                break;
            }
            out.node(sibling, &|_| false);
        }
        decision = Some(out.finish());
        break;
    }
    if n_headings == 0 {
        decision = Some(all.clone());
    }
    Sections { all, decision }
}

/// Start tags that open no element the parser keeps open: void elements, and elements
/// that HTML closes implicitly when the next one starts (`p`, `li`, `td`, ...).
const NOT_NESTING: [&str; 25] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
];

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: [&str; 9] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// One piece of markup, as [`Tags`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    /// Text between tags (entities not decoded).
    Text(&'a str),
    /// A start or end tag, with its lowercase name when that is short.
    Tag(Tag<'a>),
    /// A comment, a doctype, or the content of a raw-text element: copied as it is.
    Verbatim(&'a str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tag<'a> {
    /// The tag's markup, `<` to `>`.
    markup: &'a str,
    /// The element's name as written.
    name: &'a str,
    closing: bool,
    /// `<br/>`.
    self_closing: bool,
}

impl Tag<'_> {
    fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    fn is_any(&self, names: &[&str]) -> bool {
        names.iter().any(|name| self.is(name))
    }

    /// Whether the start tag opens an element that stays open until its end tag.
    fn nests(&self) -> bool {
        !self.closing && !self.self_closing && !self.is_any(&NOT_NESTING)
    }
}

/// The markup of an HTML document as text, tags, comments and raw text, in one pass: each
/// byte is looked at a bounded number of times, whatever the input (a tag that never ends
/// runs to the end of the input once). Close enough to the HTML tokenizer to tell how deep
/// elements nest and to leave tags out; it does not decode anything.
struct Tags<'a> {
    html: &'a str,
    at: usize,
    /// The end tag that ends the raw text being read (`script` after `<script>`).
    raw: Option<&'a str>,
}

impl<'a> Tags<'a> {
    fn new(html: &'a str) -> Tags<'a> {
        Tags {
            html,
            at: 0,
            raw: None,
        }
    }

    /// The end of the tag whose name ends at `from`: the next `>` outside a quoted value.
    fn tag_end(&self, from: usize) -> usize {
        let bytes = self.html.as_bytes();
        let mut idx = from;
        while idx < bytes.len() {
            match bytes[idx] {
                b'>' => return idx + 1,
                b'=' => {
                    idx += 1;
                    while bytes.get(idx).is_some_and(u8::is_ascii_whitespace) {
                        idx += 1;
                    }
                    if let Some(&quote @ (b'"' | b'\'')) = bytes.get(idx) {
                        idx = bytes[idx + 1..]
                            .iter()
                            .position(|&b| b == quote)
                            .map_or(bytes.len(), |end| idx + 1 + end + 1);
                    }
                }
                _ => idx += 1,
            }
        }
        bytes.len()
    }

    /// The start of the end tag `</name` at or after `from`, or the end of the input.
    fn raw_end(&self, from: usize, name: &str) -> usize {
        let bytes = self.html.as_bytes();
        let mut idx = from;
        while let Some(offset) = bytes[idx..].iter().position(|&b| b == b'<') {
            let start = idx + offset;
            let after = &bytes[start + 1..];
            if after.first() == Some(&b'/')
                && after.len() > name.len()
                && after[1..=name.len()].eq_ignore_ascii_case(name.as_bytes())
            {
                return start;
            }
            idx = start + 1;
        }
        bytes.len()
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        let bytes = self.html.as_bytes();
        let start = self.at;
        if start >= bytes.len() {
            return None;
        }
        if let Some(name) = self.raw.take() {
            self.at = self.raw_end(start, name);
            if self.at > start {
                return Some(Piece::Verbatim(&self.html[start..self.at]));
            }
        }
        let start = self.at;
        if bytes[start] != b'<' {
            self.at = next_tag(bytes, start);
            return Some(Piece::Text(&self.html[start..self.at]));
        }
        let after = &bytes[start + 1..];
        if after.starts_with(b"!--") {
            self.at = self.html[start + 4..]
                .find("-->")
                .map_or(bytes.len(), |end| start + 4 + end + 3);
            return Some(Piece::Verbatim(&self.html[start..self.at]));
        }
        if after.starts_with(b"!") || after.starts_with(b"?") {
            self.at = self.tag_end(start + 1);
            return Some(Piece::Verbatim(&self.html[start..self.at]));
        }
        let closing = after.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            // A `<` that starts no tag is text.
            self.at = next_tag(bytes, start + 1);
            return Some(Piece::Text(&self.html[start..self.at]));
        }
        let name_end = name_start + name_len;
        self.at = self.tag_end(name_end);
        let markup = &self.html[start..self.at];
        let tag = Tag {
            markup,
            name: &self.html[name_start..name_end],
            closing,
            self_closing: markup.ends_with("/>"),
        };
        if !closing && tag.is_any(&RAW_TEXT) {
            self.raw = RAW_TEXT.iter().copied().find(|name| tag.is(name));
        }
        Some(Piece::Tag(tag))
    }
}

/// The position of the next `<` at or after `from`, or the end.
fn next_tag(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'<')
        .map_or(bytes.len(), |offset| from + offset)
}

/// The nesting depth of the markup, estimated in one pass without building a tree: every
/// start tag that [`Tag::nests`] opens an element, and every end tag of such an element
/// closes one.
#[cfg(test)]
fn approximate_depth(html: &str) -> usize {
    let (mut depth, mut max_depth) = (0usize, 0usize);
    for piece in Tags::new(html) {
        if let Piece::Tag(tag) = piece {
            if tag.nests() {
                depth += 1;
                max_depth = max_depth.max(depth);
            } else if tag.closing && !tag.is_any(&NOT_NESTING) {
                depth = depth.saturating_sub(1);
            }
        }
    }
    max_depth
}

/// The markup with every element opened deeper than `max_depth` left out, so that the
/// parser's time stays linear in the input (see [`MAX_DEPTH`]); borrowed when nothing is that
/// deep. The text of the elements left out stays: a block element left out becomes a line
/// break when text came before it since the last one, an inline element nothing. An element
/// left out that hides its content (`script`, `nav`, `hidden`, `display:none`, ...) takes
/// its content with it. Raw text (`script`, `style`) and the tags that open no element (`p`,
/// `li`, `td`, `br`) are kept at any depth.
fn flatten_deep(html: &str, max_depth: usize) -> Cow<'_, str> {
    // The elements open, innermost last: true for one left out.
    let mut open: Vec<bool> = Vec::new();
    let mut out: Option<String> = None;
    // The depth below which everything is being removed, inside a hiding element left out.
    let mut removing: Option<usize> = None;
    let mut text_since_break = false;
    for piece in Tags::new(html) {
        // What to write instead of the piece; None keeps it.
        let instead: Option<&str> = match piece {
            Piece::Text(text) => {
                if removing.is_none() && !text.trim().is_empty() {
                    text_since_break = true;
                }
                removing.map(|_| "")
            }
            Piece::Verbatim(_) => removing.map(|_| ""),
            Piece::Tag(tag) if tag.nests() => {
                let drop = open.len() >= max_depth && !tag.is_any(&RAW_TEXT);
                let hidden = drop && removing.is_none() && hides(&tag);
                let instead = if removing.is_some() || hidden {
                    Some("")
                } else if drop {
                    Some(line_break(&tag, &mut text_since_break))
                } else {
                    None
                };
                if hidden {
                    removing = Some(open.len());
                }
                open.push(drop);
                instead
            }
            Piece::Tag(tag) if tag.closing && !tag.is_any(&NOT_NESTING) => {
                let dropped = open.pop().unwrap_or(false);
                if removing == Some(open.len()) {
                    removing = None;
                    Some("")
                } else if removing.is_some() {
                    Some("")
                } else if dropped {
                    Some(line_break(&tag, &mut text_since_break))
                } else {
                    None
                }
            }
            Piece::Tag(_) if removing.is_some() => Some(""),
            // The rows and cells of a table left out: the parser would drop their tags, and
            // the cells' words would run together.
            Piece::Tag(tag) if open.last() == Some(&true) && tag.is_any(&["tr", "td", "th"]) => {
                if tag.is("tr") {
                    Some(line_break(&tag, &mut text_since_break))
                } else {
                    Some(" ")
                }
            }
            Piece::Tag(_) => None,
        };
        let markup = match piece {
            Piece::Text(markup) | Piece::Verbatim(markup) => markup,
            Piece::Tag(tag) => tag.markup,
        };
        match (instead, &mut out) {
            (None, None) => {}
            (None, Some(out)) => out.push_str(markup),
            (Some(instead), out) => {
                // The first piece left out: copy everything before it.
                let out = out.get_or_insert_with(|| {
                    let start = markup.as_ptr() as usize - html.as_ptr() as usize;
                    let mut out = String::with_capacity(html.len());
                    out.push_str(&html[..start]);
                    out
                });
                out.push_str(instead);
            }
        }
    }
    match out {
        Some(out) => Cow::Owned(out),
        None => Cow::Borrowed(html),
    }
}

/// What a block element left out becomes: a line break when text came since the last one.
fn line_break(tag: &Tag<'_>, text_since_break: &mut bool) -> &'static str {
    let name = tag.name.to_ascii_lowercase();
    if *text_since_break && (is_block(&name) || is_paragraph(&name)) {
        *text_since_break = false;
        "<br>"
    } else {
        ""
    }
}

/// Whether a start tag hides its element's content from a reader (see [`is_skipped`]).
fn hides(tag: &Tag<'_>) -> bool {
    const HIDING: [&str; 17] = [
        "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
        "embed", "select", "textarea", "input", "nav", "canvas", "audio", "video",
    ];
    if tag.is_any(&HIDING) {
        return true;
    }
    let attributes = tag.markup[1 + tag.name.len()..].to_ascii_lowercase();
    attributes.contains("hidden") || attributes.contains("display")
}

/// The level of a heading element: `h2` → 2.
fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', level @ b'1'..=b'6'] => Some(level - b'0'),
        _ => None,
    }
}

fn is_section_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3")
}

/// Numbered lines, each with its kind from `kinds` (unknown past its end).
fn to_text(lines: Vec<String>, kinds: &[LineKind]) -> Text {
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(idx, text)| Line {
            text,
            page: 1,
            number: u32::try_from(idx + 1).unwrap_or(u32::MAX),
            kind: kinds.get(idx).copied().unwrap_or_default(),
        })
        .collect();
    Text {
        lines,
        format: Format::Html,
        warnings: Vec::new(),
    }
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|&c| !is_invisible(c)));
    }
    out
}

/// Soft hyphens and zero-width characters carry no text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}'
    )
}

/// Elements whose content is never text for a reader.
fn is_skipped(element: &Element) -> bool {
    if matches!(
        element.name(),
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "select"
            | "textarea"
            | "input"
            | "nav"
            | "canvas"
            | "audio"
            | "video"
    ) {
        return true;
    }
    if element.attr("hidden").is_some() || element.attr("aria-hidden") == Some("true") {
        return true;
    }
    element.attr("style").is_some_and(|style| {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        style.to_ascii_lowercase().contains("display:none")
    })
}

/// Block elements: they start and end a line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "header"
            | "hgroup"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "ol"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Paragraph-like elements: a blank line before and after.
fn is_paragraph(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "blockquote" | "table" | "hr"
    )
}

/// One open list: its kind and the next number.
#[derive(Debug)]
struct List {
    ordered: bool,
    /// `type` attribute of an `ol`: 1, a, A, i, I.
    style: char,
    next: i64,
}

/// One open table row.
#[derive(Debug, Default)]
struct Row {
    n_cells: usize,
}

/// The line builder the DOM walk writes into.
#[derive(Debug, Default)]
struct Lines {
    lines: Vec<String>,
    /// The kind of each line of `lines`.
    kinds: Vec<LineKind>,
    /// The level of the heading element (`h1`–`h6`) the text is in.
    heading: Option<u8>,
    /// The current line began with a list label.
    list_line: bool,
    /// The current line holds cells of a data table's row.
    row_line: bool,
    current: String,
    /// Whitespace seen since the last character.
    pending_space: bool,
    /// A list label waiting for the item's first text.
    pending_label: Option<String>,
    lists: Vec<List>,
    rows: Vec<Row>,
    /// One entry per open table cell: true for a data cell laid out inline, false for a
    /// layout cell holding paragraphs, lists or tables.
    cells: Vec<bool>,
    /// Depth of inline (data) table cells: blocks inside become spaces.
    inline_cells: usize,
    /// Depth of `<pre>`.
    pre: usize,
}

impl Lines {
    /// Writes the subtree of `root`, skipping elements for which `skip` is true.
    fn node(&mut self, root: NodeRef<'_, Node>, skip: &dyn Fn(&Element) -> bool) {
        let mut skipping: Option<ego_tree::NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Text(text) => self.text(text),
                        Node::Element(element) => {
                            if is_skipped(element) || skip(element) {
                                skipping = Some(node.id());
                            } else {
                                self.open(node, element);
                            }
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Some(id) = skipping {
                        if id == node.id() {
                            skipping = None;
                        }
                        continue;
                    }
                    if let Node::Element(element) = node.value() {
                        self.close(element);
                    }
                }
            }
        }
    }

    fn open(&mut self, node: NodeRef<'_, Node>, element: &Element) {
        let name = element.name();
        if let Some(level) = heading_level(name) {
            self.block_break();
            self.heading = Some(level);
        }
        match name {
            "br" => self.line_break(),
            "ul" | "ol" | "dir" | "menu" => {
                if self.lists.is_empty() {
                    self.paragraph_break();
                } else {
                    self.block_break();
                }
                let ordered = name == "ol";
                let style = element
                    .attr("type")
                    .and_then(|t| t.chars().next())
                    .filter(|c| matches!(c, '1' | 'a' | 'A' | 'i' | 'I'))
                    .unwrap_or('1');
                let start = element
                    .attr("start")
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .unwrap_or(1)
                    .clamp(-1_000_000, 1_000_000);
                self.lists.push(List {
                    ordered,
                    style,
                    next: start,
                });
            }
            "li" => {
                self.block_break();
                let depth = self.lists.len();
                let label = match self.lists.last_mut() {
                    Some(list) if list.ordered => {
                        if let Some(value) = element.attr("value").and_then(|v| v.parse().ok()) {
                            list.next = value;
                        }
                        let label = list_label(list.style, list.next);
                        list.next = list.next.saturating_add(1);
                        label
                    }
                    _ => match depth {
                        0 | 1 => "•".to_owned(),
                        2 => "◦".to_owned(),
                        _ => "▪".to_owned(),
                    },
                };
                self.pending_label = Some(label);
            }
            "tr" => {
                self.block_break();
                self.rows.push(Row::default());
            }
            "td" | "th" => {
                let n_cells = self.rows.last().map_or(0, |row| row.n_cells);
                if let Some(row) = self.rows.last_mut() {
                    row.n_cells += 1;
                }
                let inline = !is_layout_cell(node);
                self.cells.push(inline);
                if !inline {
                    self.block_break();
                } else {
                    if n_cells > 0 && !self.current.is_empty() {
                        self.current.push_str(" | ");
                        self.pending_space = false;
                    }
                    self.inline_cells += 1;
                    self.row_line = true;
                }
            }
            "pre" => {
                self.paragraph_break();
                self.pre += 1;
            }
            "hr" => self.paragraph_break(),
            _ if is_paragraph(name) => self.paragraph_break(),
            _ if is_block(name) => self.block_break(),
            _ => {}
        }
    }

    fn close(&mut self, element: &Element) {
        let name = element.name();
        if heading_level(name).is_some() {
            self.block_break();
            self.heading = None;
        }
        match name {
            "ul" | "ol" | "dir" | "menu" => {
                self.lists.pop();
                if self.lists.is_empty() {
                    self.paragraph_break();
                } else {
                    self.block_break();
                }
            }
            "li" => {
                self.pending_label = None;
                self.block_break();
            }
            "tr" => {
                self.rows.pop();
                self.block_break();
            }
            "td" | "th" => {
                if self.cells.pop() == Some(true) {
                    self.inline_cells = self.inline_cells.saturating_sub(1);
                } else {
                    self.block_break();
                }
            }
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.paragraph_break();
            }
            _ if is_paragraph(name) => self.paragraph_break(),
            _ if is_block(name) => self.block_break(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 && self.inline_cells == 0 {
            let mut parts = text.split('\n');
            if let Some(first) = parts.next() {
                self.push_raw(first);
            }
            for part in parts {
                self.end_line(true);
                self.push_raw(part);
            }
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else if !is_invisible(c) {
                self.push_char(c);
            }
        }
    }

    fn push_raw(&mut self, text: &str) {
        for c in text.chars().filter(|&c| !is_invisible(c) && c != '\r') {
            self.push_char_exact(c);
        }
    }

    fn push_char(&mut self, c: char) {
        self.take_label();
        if self.pending_space && !self.current.is_empty() && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
        self.pending_space = false;
        self.current.push(c);
    }

    fn push_char_exact(&mut self, c: char) {
        self.take_label();
        self.pending_space = false;
        self.current.push(if c == '\u{A0}' { ' ' } else { c });
    }

    fn take_label(&mut self) {
        if let Some(label) = self.pending_label.take() {
            if !self.current.is_empty() {
                self.end_line(false);
            }
            self.current.push_str(&label);
            self.current.push(' ');
            self.list_line = true;
        }
    }

    /// Ends the current line if it has text.
    fn block_break(&mut self) {
        if self.inline_cells > 0 {
            self.pending_space = true;
            return;
        }
        self.end_line(false);
    }

    /// Ends the current line and leaves one blank line (not at the start, and not inside a
    /// list item, where paragraphs stay together).
    fn paragraph_break(&mut self) {
        if self.inline_cells > 0 {
            self.pending_space = true;
            return;
        }
        self.end_line(false);
        if self.lists.is_empty() && self.lines.last().is_some_and(|line| !line.is_empty()) {
            self.push_line(String::new(), LineKind::Unknown);
        }
    }

    /// `<br>`: ends the line, and a second `<br>` leaves a blank line.
    fn line_break(&mut self) {
        if self.inline_cells > 0 {
            self.pending_space = true;
            return;
        }
        self.end_line(true);
    }

    fn end_line(&mut self, keep_empty: bool) {
        let line = self.current.trim_end().to_owned();
        self.current.clear();
        self.pending_space = false;
        let kind = if let Some(level) = self.heading {
            LineKind::Heading(level)
        } else if self.row_line {
            LineKind::TableRow
        } else if self.list_line {
            LineKind::ListItem(u8::try_from(self.lists.len().max(1)).unwrap_or(u8::MAX))
        } else {
            LineKind::Unknown
        };
        self.list_line = false;
        self.row_line = false;
        if line.is_empty() {
            if keep_empty && self.lines.last().is_some_and(|last| !last.is_empty()) {
                self.push_line(String::new(), LineKind::Unknown);
            }
            return;
        }
        self.push_line(line, kind);
    }

    fn push_line(&mut self, line: String, kind: LineKind) {
        self.lines.push(line);
        self.kinds.push(kind);
    }

    fn finish(self) -> Vec<String> {
        self.finish_with_kinds().0
    }

    /// The lines and the kind of each.
    fn finish_with_kinds(mut self) -> (Vec<String>, Vec<LineKind>) {
        self.pending_label = None;
        self.end_line(false);
        while self.lines.last().is_some_and(|line| line.is_empty()) {
            self.lines.pop();
            self.kinds.pop();
        }
        (self.lines, self.kinds)
    }
}

/// A table cell that holds paragraphs, lists, headings or tables is layout, not data: its
/// content keeps its lines. Only the first 200 descendants are looked at, so nested tables
/// cost linear time.
fn is_layout_cell(cell: NodeRef<'_, Node>) -> bool {
    cell.descendants().skip(1).take(200).any(|node| {
        node.value().as_element().is_some_and(|element| {
            matches!(
                element.name(),
                "p" | "div" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            )
        })
    })
}

/// The label of item `n` of an ordered list: `1.`, `a.`, `A.`, `i.`, `I.`.
fn list_label(style: char, n: i64) -> String {
    match style {
        'a' => format!("{}.", labels::letters(n)),
        'A' => format!("{}.", labels::letters(n).to_uppercase()),
        'i' => format!("{}.", labels::roman(n)),
        'I' => format!("{}.", labels::roman(n).to_uppercase()),
        _ => format!("{n}."),
    }
}

/// A FirstAgenda Publication page: header table `.dagsordeninfo` and item rows
/// `tr.punktrow`. Returns `None` for any other page.
fn firstagenda_page(document: &Html) -> Option<Vec<String>> {
    let info = select_first(document.root_element(), ".dagsordeninfo")?;
    let mut out: Vec<String> = Vec::new();
    let push = |out: &mut Vec<String>, line: String| {
        if !line.is_empty() {
            out.push(line);
            out.push(String::new());
        }
    };
    let body = select_text(info, ".udvalg").unwrap_or_default();
    push(&mut out, body);
    let date = select_text(info, ".dato").unwrap_or_default();
    push(&mut out, danish_date_line(&date).unwrap_or(date));
    push(&mut out, select_text(info, ".sted").unwrap_or_default());
    if let Some(information) = select_text(info, "[data-meeting-description]")
        && !information.is_empty()
    {
        push(&mut out, format!("Information: {information}"));
    }
    if let Some(participants) = select_text(info, ".deltagere")
        && !participants.is_empty()
    {
        push(&mut out, format!("Mødedeltagere : {participants}"));
    }
    // "Referat 1. oktober 2025 kl. 15.45" or "Dagsorden 8. oktober 2025 kl. 16.00": the
    // first word says whether this is minutes or an agenda (aarhus_2025-10-08_byraad).
    let title = select_first(document.root_element(), "h1")
        .map(|h1| collapse(&h1.text().collect::<String>()))
        .unwrap_or_default();
    let kind = title.split(' ').next().unwrap_or_default().to_owned();
    push(&mut out, kind);

    let rows = Selector::parse("tr.punktrow").ok()?;
    for row in document.select(&rows) {
        let number = select_text(row, ".label").unwrap_or_default();
        let title = select_text(row, ".overskrift").unwrap_or_default();
        push(&mut out, format!("Punkt {number}: {title}"));
        if let Some(case) = select_text(row, ".sagsnummer")
            && !case.is_empty()
        {
            push(&mut out, format!("Sagsnummer: {case}"));
        }
        if let Some(details) = select_first(row, ".details") {
            let mut lines = Lines::default();
            lines.node(*details, &|element| {
                element.has_class("sagsnummer", scraper::CaseSensitivity::CaseSensitive)
                    || element.has_class("pdf-label", scraper::CaseSensitivity::CaseSensitive)
            });
            let lines = lines.finish();
            if !lines.is_empty() {
                out.extend(lines);
                out.push(String::new());
            }
        }
    }
    while out.last().is_some_and(|line| line.is_empty()) {
        out.pop();
    }
    Some(out)
}

fn select_first<'a>(root: ElementRef<'a>, selector: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(selector).ok()?;
    root.select(&selector).next()
}

fn select_text(root: ElementRef<'_>, selector: &str) -> Option<String> {
    select_first(root, selector).map(|element| collapse(&element.text().collect::<String>()))
}

/// "onsdag den 1. oktober 2025 kl. 15.45" → "01-10-2025 15:45", the header form of the seeds.
fn danish_date_line(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    let month_idx = words
        .iter()
        .position(|w| MONTHS.contains(&w.to_lowercase().as_str()))?;
    let month = MONTHS
        .iter()
        .position(|m| *m == words[month_idx].to_lowercase())?
        + 1;
    let day: u32 = words
        .get(month_idx.checked_sub(1)?)?
        .trim_end_matches('.')
        .parse()
        .ok()?;
    let year: u32 = words.get(month_idx + 1)?.parse().ok()?;
    let mut line = format!("{day:02}-{month:02}-{year}");
    if let Some(kl) = words.iter().position(|w| *w == "kl.")
        && let Some(time) = words.get(kl + 1)
        && let Some((hour, minute)) = time.split_once(['.', ':'])
        && let (Ok(hour), Ok(minute)) = (hour.parse::<u32>(), minute.parse::<u32>())
    {
        line.push_str(&format!(" {hour:02}:{minute:02}"));
    }
    Some(line)
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    fn check(html: &str, expect: Expect) {
        let text = read(html);
        expect.assert_eq(&text.joined());
    }

    #[test]
    fn line_kinds() {
        let text = read(
            "<h1>Referat</h1><p>Tekst</p><h2>1. Velkomst</h2><ul><li>en<ul><li>to</li></ul></li>\
             </ul><table><tr><td>a</td><td>b</td></tr></table>",
        );
        let kinds: Vec<String> = text
            .lines
            .iter()
            .filter(|line| !line.text.is_empty())
            .map(|line| format!("{:?} {}", line.kind, line.text))
            .collect();
        expect![[r#"
            Heading(1) Referat
            Unknown Tekst
            Heading(2) 1. Velkomst
            ListItem(1) • en
            ListItem(2) ◦ to
            TableRow a | b"#]]
        .assert_eq(&kinds.join("\n"));
    }

    #[test]
    fn blocks_lists_tables() {
        check(
            "<html><head><title>x</title><style>p{}</style></head><body>\
             <h1>Referat</h1><p>Første&nbsp;afsnit\n  med   mellemrum.</p><p>Andet<br>linje</p>\
             <ul><li>en</li><li><p>to</p><ul><li>under</li></ul></li></ul>\
             <ol start=\"3\"><li>tre</li><li>fire</li></ol>\
             <table><tr><th>Navn</th><th>Rolle</th></tr><tr><td>A</td><td><b>B</b></td></tr></table>\
             <script>alert(1)</script><div hidden>skjult</div><p>sidste &amp; slut&shy;ord</p>\
             </body></html>",
            expect![[r#"
                Referat

                Første afsnit med mellemrum.

                Andet
                linje

                • en
                • to
                ◦ under

                3. tre
                4. fire

                Navn | Rolle
                A | B

                sidste & slutord"#]],
        );
    }

    #[test]
    fn sections_of_an_item() {
        let sections = sections(
            "<div><div id='sagsfremstillingContainer'>\r\n<div><h3>Beslutning</h3>\r\n\
             <span>Godkendt. <br><br>Fraværende: A, B</span>\r\n</div>\r\n<h3>Fremstilling</h3>\
             <span><h4>Resume</h4><p>Tekst.</p></span></div></div>",
        );
        assert_eq!(
            sections.decision.as_deref(),
            Some(
                &[
                    "Godkendt.".to_owned(),
                    String::new(),
                    "Fraværende: A, B".to_owned()
                ][..]
            )
        );
        assert_eq!(sections.all.first().map(String::as_str), Some("Beslutning"));
        let closed = sections_of("<div>Økonomiudvalget anbefaler.&nbsp;<p></p></div>");
        assert_eq!(closed, Some(vec!["Økonomiudvalget anbefaler.".to_owned()]));
        let undecided = sections_of("<h3>Fremstilling</h3><p>Tekst</p>");
        assert_eq!(undecided, None);
    }

    fn sections_of(html: &str) -> Option<Vec<String>> {
        sections(html).decision
    }

    #[test]
    fn danish_dates() {
        assert_eq!(
            danish_date_line("onsdag den 1. oktober 2025 kl. 15.45").as_deref(),
            Some("01-10-2025 15:45")
        );
        assert_eq!(danish_date_line("i morgen"), None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(10_000) + "dyb" + &"</div>".repeat(10_000);
        assert_eq!(read(&html).joined(), "dyb");
        let html = "<div><b>".repeat(1_000_000) + "dyb";
        assert_eq!(read(&html).joined(), "dyb");
        assert_eq!(approximate_depth("<p>a<p>b<br><img src=x/><div>c</div>"), 1);
        assert_eq!(
            approximate_depth("<div title='<div>'><!-- <div> --><script><div></script></div>"),
            2
        );
    }

    /// Issue 12: HTML nested 100,000 levels deep was read with its tags removed; it is read
    /// as HTML, the elements past [`MAX_DEPTH`] as line breaks, in time linear in its size.
    #[test]
    fn deep_nesting_is_read() {
        let deep = |inner: &str| {
            "<html><body><h1>Referat</h1>".to_owned()
                + &"<div><span>".repeat(100_000)
                + inner
                + &"</span></div>".repeat(100_000)
                + "<p>Slut</p></body></html>"
        };
        let text = read(&deep(
            "<p>Punkt 1: Budget</p><div>Godkendt.</div><ul><li>en</li><li>to</li></ul>\
             <table><tr><td>A</td><td>B</td></tr></table><nav>menu</nav>\
             <div hidden><p>skjult</p></div><script>var x = '<div>';</script>",
        ));
        expect![[r#"
            Referat

            Punkt 1: Budget

            Godkendt.
            • en
            • to

            A B

            Slut"#]]
        .assert_eq(&text.joined());
        assert_eq!(text.warnings.len(), 1);
        let shallow = read("<div><p>Punkt 1: Budget</p></div>");
        assert!(shallow.warnings.is_empty());
        // Nothing is left out of markup that is not that deep.
        let html = "<div title='a>b'><p>x</p><!-- <div> --><script>'</div>'</script></div>";
        assert!(matches!(flatten_deep(html, 2), Cow::Borrowed(_)));
        assert_eq!(
            flatten_deep("<div><div>a<div>b</div>c</div></div>", 2),
            "<div><div>a<br>b<br>c</div></div>"
        );
    }
}
