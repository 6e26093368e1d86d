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

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use model::{Format, Line, Text};
use scraper::node::Element;
use scraper::{ElementRef, Html, Node, Selector};

use crate::labels;

/// Past this nesting depth the parser's tree building gets slow (html5ever checks the stack
/// of open elements on every tag, so a page of 100,000 nested `div`s takes a minute); such
/// input is read with its tags removed instead.
const MAX_DEPTH: usize = 20_000;

/// Reads an HTML document into text.
pub(crate) fn read(html: &str) -> Text {
    if approximate_depth(html) > MAX_DEPTH {
        let mut text = to_text(strip_tags(html));
        text.warnings.push(format!(
            "HTML nested more than {MAX_DEPTH} elements deep: read with its tags removed"
        ));
        return text;
    }
    let document = Html::parse_document(html);
    let lines = match firstagenda_page(&document) {
        Some(lines) => lines,
        None => {
            let mut out = Lines::default();
            out.node(document.tree.root(), &|_| false);
            out.finish()
        }
    };
    to_text(lines)
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
    if approximate_depth(html) > MAX_DEPTH {
        let all = strip_tags(html);
        return Sections {
            decision: Some(all.clone()),
            all,
        };
    }
    let fragment = Html::parse_fragment(html);
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

/// The nesting depth of the markup, estimated in one pass without building a tree: every
/// start tag opens an element except void elements, self-closing tags and elements that
/// HTML closes implicitly (`p`, `li`, `td`, ...), and every end tag closes one. Comments
/// and the content of `script` and `style` are not skipped: the estimate only has to catch
/// pathological input.
fn approximate_depth(html: &str) -> usize {
    const NOT_NESTING: [&str; 25] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead",
        "tbody", "tfoot",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut max_depth) = (0usize, 0usize);
    let mut idx = 0;
    while let Some(offset) = bytes[idx..].iter().position(|&b| b == b'<') {
        idx += offset + 1;
        let closing = bytes.get(idx) == Some(&b'/');
        let name_start = idx + usize::from(closing);
        let name_len = bytes[name_start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = bytes[name_start..]
            .iter()
            .position(|&b| b == b'>')
            .map(|end| name_start + end);
        let self_closing = tag_end.is_some_and(|end| end > 0 && bytes[end - 1] == b'/');
        if !self_closing && !NOT_NESTING.contains(&name.as_str()) {
            depth += 1;
            max_depth = max_depth.max(depth);
        }
    }
    max_depth
}

/// Text with tags removed, line breaks kept: the fallback for markup too deep to parse.
fn strip_tags(html: &str) -> Vec<String> {
    let mut text = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.lines()
        .map(collapse)
        .filter(|line| !line.is_empty())
        .collect()
}

fn is_section_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3")
}

fn to_text(lines: Vec<String>) -> Text {
    let lines = lines
        .into_iter()
        .enumerate()
        .map(|(idx, text)| Line {
            text,
            page: 1,
            number: u32::try_from(idx + 1).unwrap_or(u32::MAX),
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
            self.lines.push(String::new());
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
        if line.is_empty() {
            if keep_empty && self.lines.last().is_some_and(|last| !last.is_empty()) {
                self.lines.push(String::new());
            }
            return;
        }
        self.lines.push(line);
    }

    fn finish(mut self) -> Vec<String> {
        self.pending_label = None;
        self.end_line(false);
        while self.lines.last().is_some_and(|line| line.is_empty()) {
            self.lines.pop();
        }
        self.lines
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
        // Deeper than the parser handles quickly: read with the tags removed.
        let html = "<div><b>".repeat(1_000_000) + "dyb";
        let text = read(&html);
        assert_eq!(text.joined(), "dyb");
        assert_eq!(text.warnings.len(), 1);
        assert_eq!(approximate_depth("<p>a<p>b<br><img src=x/><div>c</div>"), 1);
    }
}
