//! Cleaned lines and blocks: the first step of extraction. Removes the rendering (Markdown
//! `#`, `**`, `*`, rules, table-of-contents rows, page furniture such as `Referat 1`) and
//! groups what is left into paragraphs and list entries, each with its line span.
//!
//! It knows nothing about meetings; the modules after it give the blocks their meaning.

use std::borrow::Cow;

use model::{Line, Span};

use crate::cues::Cues;

/// One source line after cleaning. `text` is empty for blank lines and removed furniture,
/// and borrows the source line when cleaning only trimmed it (most lines).
#[derive(Debug, Clone)]
pub(crate) struct Clean<'a> {
    pub(crate) text: Cow<'a, str>,
    /// Leading whitespace of the raw line, tabs counted as 4.
    pub(crate) indent: usize,
    pub(crate) page: u32,
    pub(crate) number: u32,
    /// The raw line is marked as a heading: a Markdown `#` heading, or a line that is bold
    /// as a whole (`**3. Budget**`).
    pub(crate) heading: bool,
    /// The line is a row of a follow-up table, rewritten as a list entry
    /// ([`action_tables`]): an action, never a decision.
    pub(crate) table_row: bool,
    /// What the reader knew the line to be (a heading of an HTML, Word or PDF document).
    pub(crate) kind: model::LineKind,
}

impl Clean<'_> {
    pub(crate) fn span(&self) -> Span {
        Span {
            page: self.page,
            line: self.number,
            end_line: self.number,
        }
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Cleans every line of a document.
pub(crate) fn clean(lines: &[Line]) -> Vec<Clean<'_>> {
    let mut out: Vec<Clean<'_>> = crate::par::map(
        lines.iter().collect(),
        |line| line.text.len() + 1,
        |line| {
            let indent = line
                .text
                .chars()
                .take_while(|c| c.is_whitespace())
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum();
            Clean {
                text: clean_text(&line.text),
                indent,
                page: line.page,
                number: line.number,
                heading: marked_heading(&line.text)
                    || matches!(line.kind, model::LineKind::Heading(_)),
                table_row: false,
                kind: line.kind,
            }
        },
    );
    // A table-of-contents entry too long for one line wraps, and only its last line has
    // the dot leaders and the page number: the full lines just above it on its page
    // belong to it.
    for (idx, line) in lines.iter().enumerate() {
        // Only a line that cleaning emptied can be a table-of-contents row.
        if !out[idx].text.is_empty() || !is_toc_row(line.text.trim()) {
            continue;
        }
        for before in (idx.saturating_sub(MAX_TOC_WRAP)..idx).rev() {
            let raw = lines[before].text.trim();
            if raw.chars().count() < MIN_WRAPPED_CHARS
                || is_toc_row(raw)
                || lines[before].page != line.page
            {
                break;
            }
            out[before].text = Cow::Borrowed("");
        }
    }
    let rows = tables(lines, &mut out);
    running_lines(&mut out);
    numbers_alone(&mut out);
    column_labels(&mut out);
    labelled_cells(&mut out);
    if rows.is_empty() {
        return out;
    }
    // The rows of item tables become several lines each, at the row's place.
    let mut expanded = Vec::with_capacity(out.len() + rows.len() * 4);
    let mut rows = rows.into_iter().peekable();
    for (idx, line) in out.into_iter().enumerate() {
        match rows.next_if(|(row, _)| *row == idx) {
            Some((_, texts)) => expanded.extend(texts.into_iter().map(|text| Clean {
                text: Cow::Owned(text),
                heading: false,
                ..line.clone()
            })),
            None => expanded.push(line),
        }
    }
    expanded
}

/// Pairs a column of labels with the column of values printed after it, as a PDF's text
/// layer gives a two-column table (`Mødedato` / `Mødested` / `9. august 2010` /
/// `Byrådssalen`): each label line becomes `label: value` and the value lines go blank. Two
/// labels or more in a row, followed by as many lines that are no labels.
fn column_labels(out: &mut [Clean<'_>]) {
    let mut idx = 0;
    while idx < out.len() {
        // A label alone is a short line: most lines are turned away by their length.
        let bare = |at: usize| {
            let text = &out[at].text;
            !text.is_empty() && text.len() <= MAX_BARE_LABEL && crate::header::is_bare_label(text)
        };
        if !bare(idx) {
            idx += 1;
            continue;
        }
        let labels: Vec<usize> = (idx..out.len()).take_while(|&at| bare(at)).collect();
        if labels.len() < 2 {
            idx += 1;
            continue;
        }
        let after = idx + labels.len();
        let values: Vec<usize> = (after..out.len())
            .take(labels.len())
            .take_while(|&at| {
                let text = &out[at].text;
                !text.is_empty()
                    && !crate::header::is_label(text)
                    && crate::attendance::list_label(text).is_none()
            })
            .collect();
        if values.len() == labels.len() {
            for (&label, &value) in labels.iter().zip(&values) {
                let joined = format!(
                    "{}: {}",
                    out[label].text.trim_end_matches([':', ' ']),
                    out[value].text
                );
                out[label].text = Cow::Owned(joined);
                out[value].text = Cow::Borrowed("");
            }
        }
        idx = after;
    }
}

/// A row of two cells whose first is a label (`Sted | Mødelokale Havblik`, a web page's
/// table of the meeting's facts) becomes the labelled line `Sted: Mødelokale Havblik`.
fn labelled_cells(out: &mut [Clean<'_>]) {
    for line in out.iter_mut() {
        let Some((label, value)) = line.text.split_once(" | ") else {
            continue;
        };
        let label = label.trim();
        if value.contains(" | ")
            || value.trim().is_empty()
            || label.len() > MAX_BARE_LABEL
            || !crate::header::is_bare_label(label)
        {
            continue;
        }
        let joined = format!("{}: {}", label.trim_end_matches([':', ' ']), value.trim());
        line.text = Cow::Owned(joined);
    }
}

/// Joins a number standing alone on its line (`1.`, `2)`) to the line after it, its title
/// (`1.` / `Velkommen og godkendelse af dagsorden` → `1. Velkommen og …`): lists whose
/// numbers a layout put in a column of their own read like those written on one line.
fn numbers_alone(out: &mut [Clean<'_>]) {
    let alone = |text: &str| {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        (1..=3).contains(&digits) && matches!(&text[digits..], "." | ")")
    };
    for idx in 0..out.len() {
        if !alone(&out[idx].text) {
            continue;
        }
        // The title follows at once or after one blank line.
        let Some(next) = (idx + 1..out.len().min(idx + 3)).find(|&next| !out[next].is_blank())
        else {
            continue;
        };
        let title = &out[next].text;
        if title.len() > MAX_TITLE_BYTES
            || !title.starts_with(char::is_uppercase)
            || out[next].page != out[idx].page
        {
            continue;
        }
        let joined = format!("{} {}", out[idx].text, out[next].text);
        out[idx].text = Cow::Owned(joined);
        out[idx].heading |= out[next].heading;
        out[next].text = Cow::Borrowed("");
    }
}

/// The longest line [`column_labels`] reads as a label alone, in bytes (`Fraværende med
/// afbud:` has 22).
const MAX_BARE_LABEL: usize = 32;

/// The longest title [`numbers_alone`] joins to its number, in bytes.
const MAX_TITLE_BYTES: usize = 150;

/// How many non-blank lines at the top and at the bottom of a page a running header or
/// footer may take.
const PAGE_EDGE: usize = 3;

/// Blanks running headers and footers: a line that repeats word for word at the top or the
/// bottom of half the pages or more, two at least (`Ledermøde Sundhed – referat
/// 14.03.2025`). Documents of one page have none.
fn running_lines(out: &mut [Clean<'_>]) {
    if out.first().map(|line| line.page) == out.last().map(|line| line.page) {
        return;
    }
    // The indices of the non-blank lines at the edges of each page.
    let mut edges: Vec<usize> = Vec::new();
    let mut start = 0;
    while start < out.len() {
        let page = out[start].page;
        let end = out[start..]
            .iter()
            .position(|line| line.page != page)
            .map_or(out.len(), |len| start + len);
        let filled: Vec<usize> = (start..end).filter(|&idx| !out[idx].is_blank()).collect();
        edges.extend(filled.iter().take(PAGE_EDGE));
        let tail = filled
            .len()
            .saturating_sub(PAGE_EDGE)
            .max(PAGE_EDGE.min(filled.len()));
        edges.extend(&filled[tail..]);
        start = end;
    }
    let mut pages_of: std::collections::HashMap<&str, (u32, u32)> =
        std::collections::HashMap::new();
    for &idx in &edges {
        let entry = pages_of.entry(&*out[idx].text).or_insert((0, 0));
        if entry.1 != out[idx].page {
            *entry = (entry.0 + 1, out[idx].page);
        }
    }
    // On half the pages at least: a heading such as `Bilag` that several items repeat may
    // start or end a few pages, not most of them.
    let n_pages = out.iter().map(|line| line.page).max().unwrap_or(1) - out[0].page + 1;
    let enough = (n_pages.div_ceil(2)).max(2);
    let repeated: Vec<usize> = edges
        .iter()
        .copied()
        .filter(|&idx| {
            pages_of
                .get(&*out[idx].text)
                .is_some_and(|&(pages, _)| pages >= enough)
        })
        .collect();
    let running: Vec<usize> = repeated
        .iter()
        .copied()
        .filter(|&idx| !leads_a_list(out, idx, &repeated))
        .collect();
    for idx in running {
        out[idx].text = Cow::Borrowed("");
    }
}

/// Whether line `idx` ends with a colon and the next line is a list entry (on this page or,
/// past a running header, at the top of the next): the head of a list (`Udvalget
/// godkendte:` / `• …`), which several items may repeat near the edges of pages, not a
/// running header itself. `repeated` holds the lines that repeat at page edges.
fn leads_a_list(out: &[Clean<'_>], idx: usize, repeated: &[usize]) -> bool {
    out[idx].text.trim_end().ends_with(':')
        && (idx + 1..out.len())
            .find(|next| !out[*next].is_blank() && !repeated.contains(next))
            .map(|next| &out[next])
            .is_some_and(|line| line.text.trim_start().starts_with(['•', '-', '◦', '*']))
}

/// Tables in the text, read by their header row. A table of follow-ups (`| Handling |
/// Ansvarlig | Frist |`, rows of cells joined by ` | ` as the web page and Word readers write
/// them, or cells separated by tabs as text copied out of a spreadsheet or a Word table has
/// them): each row becomes a list entry that names its due after `frist` and its owners
/// after a dash, forms the action rules read. A table of items (`| Pkt. | Emne | Referat |
/// Ansvarlig |`): each row becomes the lines minutes written as text have, returned as
/// (row, lines) for the caller to put in the row's place. Other tables are left as they are.
fn tables(lines: &[Line], out: &mut [Clean<'_>]) -> Vec<(usize, Vec<String>)> {
    // A Markdown row was cleaned away and starts with a bar; any other row has a bar, and
    // cleaning copied it.
    let is_row = |idx: usize, out: &[Clean<'_>]| {
        let raw = &lines[idx].text;
        let markdown = match raw.as_bytes().first() {
            Some(b'|') => true,
            Some(b' ' | b'\t') => raw.trim_ascii_start().starts_with('|'),
            _ => false,
        };
        markdown || matches!(out[idx].text, Cow::Owned(_)) && is_table_row(raw)
    };
    let mut tables: Vec<(usize, usize)> = Vec::new();
    let mut idx = 0;
    while idx < lines.len() {
        if !is_row(idx, out) {
            idx += 1;
            continue;
        }
        let header = idx;
        while idx < lines.len() && is_row(idx, out) {
            idx += 1;
        }
        tables.push((header, idx));
    }
    let mut expanded = Vec::new();
    for (header, end) in tables {
        let head = cells(&lines[header].text);
        if let Some(columns) = ItemColumns::of(&head) {
            out[header].text = Cow::Borrowed("");
            for row in header + 1..end {
                out[row].text = Cow::Borrowed("");
                expanded.push((row, columns.lines(&cells(&lines[row].text))));
            }
            continue;
        }
        let Some(columns) = ActionColumns::of(&head) else {
            continue;
        };
        out[header].text = Cow::Borrowed("");
        for row in header + 1..end {
            out[row].text = match columns.entry(&cells(&lines[row].text)) {
                Some(entry) => Cow::Owned(entry),
                None => Cow::Borrowed(""),
            };
            out[row].table_row = true;
        }
    }
    expanded
}

/// Which columns of a table of items hold what: the number, the title, the minutes, and
/// perhaps an owner and a due.
struct ItemColumns {
    number: usize,
    title: usize,
    minutes: usize,
    owner: Option<usize>,
    due: Option<usize>,
}

impl ItemColumns {
    /// The columns named by a header row; None unless it names a number, a title and the
    /// minutes.
    fn of(header: &[String]) -> Option<ItemColumns> {
        let lower: Vec<String> = header
            .iter()
            .map(|cell| {
                crate::scan::lower(cell)
                    .trim_end_matches([':', ' '])
                    .to_owned()
            })
            .collect();
        let named = |words: &[&str], skip: &[usize]| {
            (0..lower.len())
                .find(|idx| !skip.contains(idx) && words.contains(&lower[*idx].as_str()))
        };
        let number = named(crate::vocab::ITEM_TABLE_NUMBERS, &[])?;
        let title = named(crate::vocab::ITEM_TABLE_TITLES, &[number])?;
        let minutes = named(crate::vocab::ITEM_TABLE_MINUTES, &[number, title])?;
        let (owner, due) = owner_and_due_columns(&lower);
        Some(ItemColumns {
            number,
            title,
            minutes,
            owner,
            due,
        })
    }

    /// A row as the lines of an item: `3. Sommerlejr`, the minutes, `Ansvarlig: …` and
    /// `Frist: …` where the minutes do not name them already, and a blank line. Nothing for
    /// the rule under a Markdown header or a row without a number.
    fn lines(&self, row: &[String]) -> Vec<String> {
        let cell = |idx: usize| {
            row.get(idx)
                .map(|cell| cell.trim())
                .filter(|cell| !cell.is_empty() && !matches!(*cell, "-" | "–"))
        };
        let Some(number) = cell(self.number)
            .map(|number| number.trim_end_matches(['.', ')']))
            .filter(|number| number.bytes().next().is_some_and(|b| b.is_ascii_digit()))
        else {
            return Vec::new();
        };
        let mut out = vec![format!(
            "{number}. {}",
            cell(self.title).unwrap_or_default()
        )];
        let minutes = cell(self.minutes).unwrap_or_default();
        if !minutes.is_empty() {
            out.push(minutes.to_owned());
        }
        for (label, idx) in [("Ansvarlig", self.owner), ("Frist", self.due)] {
            if let Some(value) = idx.and_then(cell)
                && !crate::scan::contains(minutes, value)
            {
                out.push(format!("{label}: {value}"));
            }
        }
        out.push(String::new());
        out
    }
}

/// A row of a Markdown table, of a table the web page and Word readers wrote, or of cells
/// separated by tabs.
fn is_table_row(raw: &str) -> bool {
    let bytes = raw.trim_ascii().as_bytes();
    memchr::memchr(b'|', bytes).is_some()
        && (bytes.first() == Some(&b'|') || memchr::memmem::find(bytes, b" | ").is_some())
        || memchr::memchr(b'\t', bytes).is_some()
}

/// The cells of a table row, without emphasis: between bars, or between runs of tabs where
/// the row has no bar.
fn cells(raw: &str) -> Vec<String> {
    let row = raw.trim();
    let tidy = |cell: &str| cell.replace("**", "").replace("__", "").trim().to_owned();
    if !row.contains('|') {
        return row
            .split('\t')
            .filter(|cell| !cell.trim().is_empty())
            .map(tidy)
            .collect();
    }
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    row.split('|').map(tidy).collect()
}

/// The columns of a table's header (lowercase cells) that name who is responsible
/// (`Ansvarlig`, `Hvem`) and by when (`Frist`, `Deadline`, `Hvornår`).
fn owner_and_due_columns(lower: &[String]) -> (Option<usize>, Option<usize>) {
    let owner = lower.iter().position(|cell| {
        crate::vocab::RESPONSIBILITY
            .iter()
            .any(|stem| cell.contains(stem))
            || cell == "hvem"
    });
    let due = lower
        .iter()
        .position(|cell| cell.contains("frist") || cell.contains("deadline") || cell == "hvornår");
    (owner, due)
}

/// Which columns of a follow-up table hold what.
struct ActionColumns {
    text: usize,
    owner: Option<usize>,
    due: Option<usize>,
}

impl ActionColumns {
    /// The columns named by a header row; None unless it has an owner or a due column.
    fn of(header: &[String]) -> Option<ActionColumns> {
        let lower: Vec<String> = header
            .iter()
            .map(|cell| crate::scan::lower(cell).into_owned())
            .collect();
        let (owner, due) = owner_and_due_columns(&lower);
        if owner.is_none() && due.is_none() {
            return None;
        }
        const TEXT_WORDS: [&str; 12] = [
            "handling",
            "opgave",
            "aktion",
            "hvad",
            "aftale",
            "beslutning",
            "opfølgning",
            "emne",
            "beskrivelse",
            "aktivitet",
            "indsats",
            "tiltag",
        ];
        let other = |idx: &usize| Some(*idx) != owner && Some(*idx) != due;
        let text = (0..lower.len())
            .filter(other)
            .find(|&idx| TEXT_WORDS.iter().any(|word| lower[idx].contains(word)))
            .or_else(|| {
                (0..lower.len()).filter(other).find(|&idx| {
                    !matches!(
                        lower[idx].as_str(),
                        "" | "nr" | "nr." | "#" | "punkt" | "pkt."
                    )
                })
            })?;
        Some(ActionColumns { text, owner, due })
    }

    /// A data row as a list entry: `• text, frist due – owners`; None for an empty row or
    /// the rule under a Markdown header.
    fn entry(&self, row: &[String]) -> Option<String> {
        let cell = |idx: Option<usize>| {
            idx.and_then(|idx| row.get(idx))
                .map(|cell| cell.as_str())
                .filter(|cell| !cell.is_empty() && !matches!(*cell, "-" | "–" | "?"))
        };
        let text = cell(Some(self.text))?.trim_end_matches(['.', ' ']);
        if text.bytes().all(|b| matches!(b, b'-' | b':' | b' ')) {
            return None;
        }
        let mut entry = format!("• {text}");
        if let Some(due) = cell(self.due) {
            entry.push_str(", frist ");
            entry.push_str(due);
        }
        if let Some(owner) = cell(self.owner) {
            entry.push_str(" – ");
            entry.push_str(owner);
        }
        Some(entry)
    }
}

/// A Markdown heading (`## 3. Budget`) or a line bold from end to end (`**3. Budget**`,
/// `__3. Budget__`).
fn marked_heading(raw: &str) -> bool {
    // Most lines start with a letter.
    if !matches!(
        raw.as_bytes().first(),
        Some(b'#' | b'*' | b'_' | b' ' | b'\t')
    ) {
        return false;
    }
    let text = raw.trim_ascii();
    match text.as_bytes().first() {
        Some(b'#') => text.trim_start_matches('#').starts_with(' '),
        Some(b'*' | b'_') => {
            let inner = |mark: &str| {
                text.strip_prefix(mark)
                    .and_then(|rest| rest.strip_suffix(mark))
                    .is_some_and(|inner| !inner.trim().is_empty() && !inner.contains(mark))
            };
            inner("**") || inner("__")
        }
        _ => false,
    }
}

/// The longest table-of-contents row that may run on after its page number, in bytes.
const MAX_TOC_ROW: usize = 300;

/// Lines above its last that a wrapped table-of-contents entry may take.
const MAX_TOC_WRAP: usize = 2;
/// A line wrapped because it was full is at least this long.
const MIN_WRAPPED_CHARS: usize = 40;

/// Cleans one line: Markdown decoration, table-of-contents rows and page furniture become
/// empty; the rest is trimmed.
pub(crate) fn clean_text(raw: &str) -> Cow<'_, str> {
    let trimmed = if starts_and_ends_visible(raw) {
        raw
    } else {
        raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
    };
    if trimmed.is_empty() || is_rule(trimmed) || is_toc_row(trimmed) {
        return Cow::Borrowed("");
    }
    // Markdown tables are only used for tables of contents in minutes renderings.
    if trimmed.starts_with('|') {
        return Cow::Borrowed("");
    }
    let mut text = trimmed;
    // Headings: `## **Punkt 1: …**`.
    if text.starts_with('#') {
        let stripped = text.trim_start_matches('#');
        if stripped.is_empty() || stripped.starts_with(' ') {
            text = stripped.trim_start();
        }
    }
    // A `* ` bullet keeps its meaning; every other `*` or `__` is emphasis.
    let (prefix, rest) = match text.strip_prefix("* ") {
        Some(rest) => ("- ", rest),
        None => ("", text),
    };
    // Most lines have no emphasis, escapes, tabs, no-break spaces (whose UTF-8 ends in
    // 0xA0) or table bars: they are borrowed whole. (A line with a bar is copied, so that
    // [`action_tables`] need look only at copied lines for table rows.)
    let bytes = rest.as_bytes();
    // Soft hyphens (UTF-8 C2 AD) and ligatures from a PDF (`ﬁ`, EF AC 81) are copied out too.
    let out: Cow<'_, str> = if memchr::memchr3(b'*', b'_', b'\\', bytes).is_some()
        || memchr::memchr3(b'\t', 0xA0, b'|', bytes).is_some()
        || memchr::memchr2(0xAD, 0xAC, bytes).is_some()
    {
        let mut out = String::with_capacity(text.len());
        out.push_str(prefix);
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' => {}
                '_' if chars.peek() == Some(&'_') => {
                    chars.next();
                }
                '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {}
                '\u{a0}' | '\t' => out.push(' '),
                '\u{ad}' => {}
                'ﬀ' => out.push_str("ff"),
                'ﬁ' => out.push_str("fi"),
                'ﬂ' => out.push_str("fl"),
                'ﬃ' => out.push_str("ffi"),
                'ﬄ' => out.push_str("ffl"),
                'ﬅ' | 'ﬆ' => out.push_str("st"),
                _ => out.push(c),
            }
        }
        Cow::Owned(out)
    } else if prefix.is_empty() {
        Cow::Borrowed(rest)
    } else {
        Cow::Owned(format!("{prefix}{rest}"))
    };
    let trimmed = if starts_and_ends_visible(&out) {
        &*out
    } else {
        // `Referat fra møde i Nordby Lokalråd 🌳`: a pictograph after the text is no part of it.
        out.trim()
            .trim_end_matches(|c: char| is_pictograph(c) || c == '\u{fe0f}' || c.is_whitespace())
    };
    if is_furniture(trimmed) {
        return Cow::Borrowed("");
    }
    if trimmed.len() == out.len() {
        return out;
    }
    let keep = trimmed.len();
    match out {
        Cow::Borrowed(text) => {
            let text = text.trim_start();
            Cow::Borrowed(&text[..keep])
        }
        Cow::Owned(text) => {
            let text = text.trim_start();
            Cow::Owned(text[..keep].to_owned())
        }
    }
}

/// Whether `s` starts and ends with a visible ASCII character, so that trimming whitespace
/// (or a byte order mark) leaves it as it is: most lines do.
fn starts_and_ends_visible(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_graphic)
        && bytes.last().is_some_and(u8::is_ascii_graphic)
}

fn is_rule(s: &str) -> bool {
    s.len() >= 3 && s.chars().all(|c| matches!(c, '-' | '=' | '_' | '*' | ' '))
}

/// A table-of-contents row: dot leaders, or a title followed by a tab and a page number.
/// A long line that runs on after its leaders and their page number is a PDF page whose
/// lines ran together (the gentofte case: letterhead, attendance and contents on one line),
/// not a row.
fn is_toc_row(s: &str) -> bool {
    // Every leader starts with `.` or with the first byte of `…`: look only there.
    for pos in memchr::memchr2_iter(b'.', 0xE2, s.as_bytes()) {
        let rest = &s[pos..];
        if rest.starts_with("....") || rest.starts_with("……") || rest.starts_with(". . . .") {
            return s.len() <= MAX_TOC_ROW
                || rest
                    .trim_start_matches(['.', '…', ' '])
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_whitespace());
        }
    }
    if let Some(tab) = memchr::memrchr(b'\t', s.as_bytes()) {
        let (head, tail) = (&s[..tab], s[tab + 1..].trim());
        return !head.trim().is_empty()
            && !tail.is_empty()
            && tail.chars().all(|c| c.is_ascii_digit());
    }
    false
}

/// Page furniture: a running footer such as `Referat 1` or `Side 2 af 5`, or a lone page
/// number.
fn is_furniture(s: &str) -> bool {
    if !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if running_page_footer(s) {
        return true;
    }
    // Web and viewer furniture of the tables (`Hent som PDF`, `Sidst opdateret: …`).
    if s.len() <= 300 && crate::header::is_listed_furniture(s) {
        return true;
    }
    // Furniture is short; running text is not worth lowercasing here.
    if s.len() > 40 {
        return false;
    }
    // A running title with a page number: `Referat 3`, `Side 2`, `Side 2 af 5`. Only the
    // first word decides whether the line can be one; lowercasing it alone gives the same
    // word as lowercasing the line.
    const RUNNING_TITLES: [&str; 4] = ["referat", "dagsorden", "beslutningsprotokol", "side"];
    static TITLES: crate::scan::Prefixes = crate::scan::Prefixes::new(&RUNNING_TITLES);
    if TITLES.candidates(s) == 0 {
        return false;
    }
    let first_word =
        crate::scan::lower_word(crate::scan::split_whitespace(s).next().unwrap_or_default());
    if !RUNNING_TITLES.contains(&&*first_word) {
        return false;
    }
    let lower = crate::scan::to_lowercase(s);
    let mut words = crate::scan::split_whitespace(&lower);
    let first = words.next().unwrap_or_default();
    let rest: Vec<&str> = words.collect();
    let numeric = |w: &&str| w.chars().all(|c| c.is_ascii_digit());
    match first {
        "side" => {
            (rest.len() == 1 && numeric(&rest[0]))
                || (rest.len() == 3 && numeric(&rest[0]) && rest[1] == "af" && numeric(&rest[2]))
        }
        _ => rest.len() == 1 && numeric(&rest[0]),
    }
}

/// A running header or footer that ends in the page number: `Byrådet, 04-04-2024, Side 2 af
/// 6`, `Økonomiudvalget 12.03.2024 - Side 3`. The page words follow a separator (`,`, `-`,
/// `–`, `|` or a wide gap), so running text that mentions a page (`se side 3`) is kept.
fn running_page_footer(s: &str) -> bool {
    if s.len() > 100 || !s.ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let numeric = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    let Some(at) = crate::scan::rfind(s, "Side ") else {
        return false;
    };
    let tail: Vec<&str> = s[at + "Side ".len()..].split(' ').collect();
    let page = match tail.as_slice() {
        [n] => numeric(n),
        [n, "af", m] => numeric(n) && numeric(m),
        _ => false,
    };
    if !page {
        return false;
    }
    let before = &s[..at];
    let trimmed = before.trim_end();
    trimmed.is_empty()
        || trimmed.ends_with([',', '-', '–', '|', '/'])
        || before.len() - trimmed.len() >= 2
}

/// How a block starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Marker {
    /// Running text.
    None,
    /// `•`, `◦`, `-`, `–`, `*`.
    Bullet,
    /// `1.`, `1)`, `1a)`, `a)`: the label without its punctuation.
    Number(String),
}

/// A paragraph or one list entry, with its text joined across wrapped lines.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub(crate) marker: Marker,
    /// 1 for top-level entries and paragraphs, 2 and more for nested entries (see
    /// [`assign_levels`]).
    pub(crate) level: usize,
    pub(crate) text: String,
    /// Byte offset in `text` where each source line starts, with its line number and page.
    pub(crate) starts: Vec<(usize, u32, u32)>,
    /// `text` in lowercase with the same byte offsets ([`crate::scan::aligned_lower`]), so
    /// that the passes over its sentences need not lowercase each again; None in the rare
    /// text whose lowercase form moves offsets.
    pub(crate) lower: Option<String>,
    /// The sentences of `text` ([`sentences`]), each with its cues.
    pub(crate) sentences: Vec<Sentence>,
    /// The position of the block's first line among the lines it was made from.
    pub(crate) first_line: usize,
    /// Leading whitespace of the first line ([`Clean::indent`]).
    indent: usize,
    /// The first line's innermost bullet glyph is a hollow one (`◦`, `○`).
    hollow: bool,
    /// The entry is a row of a follow-up table ([`Clean::table_row`]).
    pub(crate) table_row: bool,
}

/// One sentence of a block: bytes `start..end` of its text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sentence {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The phrases the rules look for that occur in it; [`Cues::ANY`] when the block has
    /// no aligned lowercase copy.
    pub(crate) cues: Cues,
}

impl Block {
    pub(crate) fn span(&self) -> Span {
        self.span_of(0, self.text.len())
    }

    /// Bytes `start..end` of `text` in lowercase, when the block has its aligned copy.
    pub(crate) fn aligned_lower(&self, start: usize, end: usize) -> Option<&str> {
        self.lower.as_deref().map(|lower| &lower[start..end])
    }

    /// The lines covering bytes `start..end` of `text`. The line starts are in order, so
    /// they are found by binary search: a paragraph of thousands of lines has thousands of
    /// sentences, and a scan for each made reading it cost time in the square of its size.
    pub(crate) fn span_of(&self, start: usize, end: usize) -> Span {
        let last_before = |limit: usize, inclusive: bool| {
            let after = self.starts.partition_point(|entry| {
                if inclusive {
                    entry.0 <= limit
                } else {
                    entry.0 < limit
                }
            });
            self.starts[after.saturating_sub(1)]
        };
        let first = last_before(start, true);
        let last = last_before(end.max(start + 1), false);
        Span {
            page: first.2,
            line: first.1,
            end_line: last.1.max(first.1),
        }
    }
}

/// An emoji or another pictograph (arrows, dingbats, check marks) that people put where a
/// bullet goes or after a heading; it is never text.
pub(crate) fn is_pictograph(c: char) -> bool {
    matches!(c,
        '\u{2190}'..='\u{21FF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{1F000}'..='\u{1FAFF}')
}

/// Splits a list marker off the start of a line.
pub(crate) fn split_marker(text: &str) -> (Marker, &str) {
    let mut rest = text;
    let mut bullet = false;
    loop {
        let mut chars = rest.chars();
        let glyph = chars.next();
        // `➡️ Jens skriver …`: an emoji may carry a variation selector.
        let after = chars.as_str().trim_start_matches('\u{fe0f}');
        match glyph {
            Some(
                '•' | '◦' | '▪' | '●' | '○' | '■' | '\u{f0b7}' | '·' | '-' | '–' | '*' | '►' | '➢'
                | '→' | '✓',
            ) if after.starts_with(' ') || after.is_empty() => {
                bullet = true;
                rest = after.trim_start();
            }
            // `👉 Maja bestiller …`, `✅ Godkendt`: a pictograph leading a line marks an entry.
            Some(glyph) if is_pictograph(glyph) && (after.starts_with(' ') || after.is_empty()) => {
                bullet = true;
                rest = after.trim_start();
            }
            _ => break,
        }
    }
    if bullet {
        return (Marker::Bullet, rest);
    }
    if let Some((label, after)) = number_label(text) {
        return (Marker::Number(label.to_owned()), after);
    }
    (Marker::None, text)
}

/// `1.`, `12)`, `1a)`, `1.a)`, `a)` followed by a space and more text. A number followed by a month
/// name is a date, not a label (`12. juni`).
fn number_label(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let (label_end, punct) = if digits > 0 {
        if digits > 2 {
            return None;
        }
        let mut end = digits;
        if bytes.get(end).is_some_and(|b| b.is_ascii_lowercase())
            && bytes.get(end + 1) == Some(&b')')
        {
            end += 1;
        } else if bytes.get(end) == Some(&b'.')
            && bytes.get(end + 1).is_some_and(|b| b.is_ascii_lowercase())
            && bytes.get(end + 2) == Some(&b')')
        {
            // `1.a)`, as word processors write a second level under `1)`.
            end += 2;
        }
        (end, *bytes.get(end)?)
    } else if bytes.first().is_some_and(|b| b.is_ascii_lowercase()) && bytes.get(1) == Some(&b')') {
        (1, b')')
    } else {
        return None;
    };
    if punct != b'.' && punct != b')' {
        return None;
    }
    let after = text.get(label_end + 1..)?;
    if !after.starts_with(' ') {
        return None;
    }
    let after = after.trim_start();
    if after.is_empty() {
        return None;
    }
    if punct == b'.' {
        // The word after the number, in lowercase (a month name has no `Σ`, whose lowercase
        // alone depends on its neighbours), without a copy for most words.
        let word_end = after
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(after.len(), |(at, _)| at);
        if crate::words::is_month_word(&crate::scan::lower_word(&after[..word_end])) {
            return None;
        }
    }
    Some((&text[..label_end], after))
}

/// A paragraph's text without a label that only says what kind of paragraph it is
/// (`Beslutning: Godkendt.`, `Opfølgning: Peter Skov udarbejder …`): the label is the
/// paragraph's heading, written on its first line.
fn without_inline_label(text: &str) -> &str {
    // The labels are short: look for the colon among the first bytes only.
    let head = &text.as_bytes()[..text.len().min(16)];
    let Some(colon) = memchr::memchr(b':', head) else {
        return text;
    };
    let rest = text[colon + 1..].trim_start();
    if rest.is_empty() || !text[colon + 1..].starts_with(' ') {
        return text;
    }
    // Compared byte by byte without case for ASCII: the labels' Danish letters are inside
    // the word, where they are lowercase but in a label written in capitals.
    let label = text[..colon].trim_end().as_bytes();
    if crate::vocab::PARAGRAPH_LABELS
        .iter()
        .any(|known| known.as_bytes().eq_ignore_ascii_case(label))
    {
        rest
    } else {
        text
    }
}

/// Whether `text` starts with a label that says what kind of paragraph it is
/// (`Referat: Intet.`): the item's text begins there.
/// Whether a line starts with an owner or a deadline label ([`vocab::OWNER_LABELS`],
/// [`vocab::DUE_LABELS`]).
pub(crate) fn is_owner_or_due_label(text: &str) -> bool {
    use crate::vocab::{DUE_LABELS, OWNER_LABELS};
    // Only a text whose first two characters agree with a label's is compared.
    static LABELS: crate::scan::Prefixes = crate::scan::Prefixes::new(&{
        let mut labels = [""; OWNER_LABELS.len() + DUE_LABELS.len()];
        let mut idx = 0;
        while idx < labels.len() {
            labels[idx] = if idx < OWNER_LABELS.len() {
                OWNER_LABELS[idx]
            } else {
                DUE_LABELS[idx - OWNER_LABELS.len()]
            };
            idx += 1;
        }
        labels
    });
    // The labels are ASCII: compared with the text's first bytes, without case.
    LABELS.candidates(text) != 0
        && OWNER_LABELS.iter().chain(DUE_LABELS).any(|label| {
            text.as_bytes()
                .get(..label.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(label.as_bytes()))
        })
}

pub(crate) fn has_paragraph_label(text: &str) -> bool {
    without_inline_label(text).len() != text.len()
}

/// Groups cleaned lines into blocks: a blank line ends a block, a list marker starts one,
/// any other line continues the block before it.
pub(crate) fn blocks(lines: &[Clean<'_>]) -> Vec<Block> {
    blocks_of(lines.iter().map(Some))
}

/// [`blocks`] of lines some of which are left out: `None` counts as a blank line.
///
/// What each line and each block says alone (its marker, whether it is a vote line; the
/// block's lowercase copy and sentences) is read on every core for a long item; only the
/// joining of lines into blocks runs in order.
pub(crate) fn blocks_of<'a>(lines: impl IntoIterator<Item = Option<&'a Clean<'a>>>) -> Vec<Block> {
    let lines: Vec<Option<&'a Clean<'a>>> = lines.into_iter().collect();
    let read = crate::par::map(
        lines,
        |line| line.map_or(1, |line| line.text.len() + 1),
        |line| {
            let line = line.filter(|line| !line.is_blank())?;
            let (marker, rest) = split_marker(&line.text);
            // A vote line (`For stemte: A, V (7)`) is a record of its own, without a full
            // stop: it neither continues the line above nor is continued by the next.
            let vote = crate::votes::vote_line(rest).is_some();
            // `Ansvar: Rasmus Brix` / `Deadline: 15/1-2025` under a follow-up: each line
            // qualifies the one before and starts a paragraph of its own.
            let qualifier = marker == Marker::None && is_owner_or_due_label(rest);
            Some((line, marker, rest, vote, qualifier))
        },
    );
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    for (line_idx, line) in read.into_iter().enumerate() {
        let Some((line, marker, rest, vote, qualifier)) = line else {
            open = false;
            continue;
        };
        // `Beslutning: Godkendt.` under a line of text starts a paragraph of its own.
        if open
            && marker == Marker::None
            && !has_paragraph_label(rest)
            && !vote
            && !qualifier
            && let Some(block) = out.last_mut()
            && !ends_clause_entry(block, line.indent, rest)
        {
            join_line(&mut block.text, rest);
            let offset = block.text.len() - rest.len();
            block.starts.push((offset, line.number, line.page));
            continue;
        }
        let rest = without_inline_label(rest);
        let hollow = marker == Marker::Bullet && {
            // The innermost glyph counts: `• ◦ tekst` is an entry of the second level.
            let glyph = line
                .text
                .chars()
                .take_while(|c| !c.is_alphanumeric())
                .filter(|c| !c.is_whitespace())
                .last();
            matches!(glyph, Some('◦' | '○'))
        };
        out.push(Block {
            marker,
            level: 1,
            text: rest.to_owned(),
            starts: {
                // Room for a few wrapped lines without growing.
                let mut starts = Vec::with_capacity(4);
                starts.push((0, line.number, line.page));
                starts
            },
            lower: None,
            sentences: Vec::new(),
            first_line: line_idx,
            indent: line.indent,
            hollow,
            table_row: line.table_row,
        });
        open = !vote;
    }
    let mut out = crate::par::map(
        out,
        |block| block.text.len() + 1,
        |mut block| {
            block.lower = crate::scan::aligned_lower(&block.text);
            block.sentences = sentences(&block.text)
                .map(|(start, end)| Sentence {
                    start,
                    end,
                    cues: block
                        .lower
                        .as_deref()
                        .map_or(Cues::ANY, |lower| Cues::of(&lower[start..end])),
                })
                .collect();
            block
        },
    );
    assign_levels(out.iter_mut());
    out
}

/// Whether a line of text (at `indent`, reading `rest`) ends the list entry `block` instead of
/// continuing it: the entry is a clause (`- at administrationen afrapporterer …`, lowercase
/// as the clauses under `Udvalget besluttede:` are), and the line starts a sentence at the
/// entry's own margin (`Sagen behandles igen …`). A wrapped clause goes on in lowercase or
/// indented under the entry's text.
fn ends_clause_entry(block: &Block, indent: usize, rest: &str) -> bool {
    block.marker != Marker::None
        && indent <= block.indent
        && block.text.starts_with(|c: char| c.is_lowercase())
        && rest.starts_with(|c: char| c.is_uppercase())
}

/// Sets the level of each block from its indentation, or, for a list entry without
/// indentation as text taken from a PDF or a Word document has it, from its marker and the
/// block before it among `blocks`. A hollow bullet (`◦`, `○`) is a second-level bullet, as
/// in Word's default list styles, and bullets right after a numbered entry that ends in `:`
/// are that entry's sub-items (`1. Organisering som foreslået:` `• Prøvehandling 1 …` `2.
/// …`).
pub(crate) fn assign_levels<'a>(blocks: impl IntoIterator<Item = &'a mut Block>) {
    // The level of a numbered entry ending in `:` whose bullets are its sub-items.
    let mut under_colon: Option<usize> = None;
    // Whether the block before is a numbered entry ending in `:`, and its level.
    let mut previous: Option<(bool, usize)> = None;
    for block in blocks {
        block.level = match block.marker {
            Marker::None => {
                under_colon = None;
                1
            }
            _ if block.indent > 0 => 2 + block.indent / 4,
            Marker::Number(_) => {
                under_colon = None;
                1
            }
            Marker::Bullet => {
                if let Some((true, level)) = previous {
                    under_colon = Some(level);
                }
                under_colon.map_or(1, |parent| parent + 1) + usize::from(block.hollow)
            }
        };
        let numbered_colon = matches!(block.marker, Marker::Number(_)) && block.text.ends_with(':');
        previous = Some((numbered_colon, block.level));
    }
}

/// Appends a wrapped line: with a space, or without one after a hyphen at the line end
/// (`2030-` / `fremskrivning`), which the text rendering already repaired where it could.
pub(crate) fn join_line(text: &mut String, next: &str) {
    // "borger-" / "og pårørendenære": a compound's first part with its hyphen, then a
    // conjunction: the hyphen stays and so does the space.
    let conjunction = ["og ", "eller ", "samt ", "til "]
        .iter()
        .any(|word| next.starts_with(word));
    if text.ends_with('-') && !text.ends_with(" -") && !conjunction {
        text.push_str(next);
    } else {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(next);
    }
}

/// Abbreviations after which a full stop does not end a sentence (lowercase).
pub(crate) fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "ift"
            | "mv"
            | "inkl"
            | "eks"
            | "ekskl"
            | "bl.a"
            | "jf"
            | "jfr"
            | "evt"
            | "mhp"
            | "ca"
            | "pkt"
            | "nr"
            | "d"
            | "f.eks"
            | "feks"
            | "m.fl"
            | "m.m"
            | "mag.afd"
            | "kl"
            | "vær"
            | "vedr"
            | "ansv"
            | "hhv"
            | "iht"
            | "pga"
            | "osv"
            | "dvs"
            | "etc"
            | "ctr"
            | "tlf"
            | "st"
            | "stk"
            | "incl"
            | "min"
            | "max"
            | "mio"
            | "mia"
            | "gl"
            | "ang"
            | "afd"
            | "el"
            | "e.l"
            | "o.l"
            | "u.a"
            | "ml"
            | "mdr"
            | "md"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "aug"
            | "sep"
            | "sept"
            | "okt"
            | "nov"
            | "dec"
            | "obs"
            | "tidl"
            | "ekstern"
            | "bl"
            | "p.t"
            | "pt"
    )
}

/// Splits text into sentences at `.`, `?` or `!` followed by a space and a capital letter or
/// digit, unless the word before the full stop is an abbreviation.
/// The byte ranges of the sentences, in order (an iterator: no list is made).
pub(crate) fn sentences(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    // Only the sentence marks matter: jump from one to the next.
    let mut marks = memchr::memchr3_iter(b'.', b'?', b'!', bytes);
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        while !done {
            let (from, to) = match marks.next() {
                Some(mark) => {
                    let b = bytes[mark];
                    // `… yderområderne." Administrationen …`: a closing quote after the mark
                    // belongs to the sentence it ends.
                    let idx = match &bytes[mark + 1..] {
                        [b'"', ..] => mark + 1,
                        [0xE2, 0x80, 0x9D, ..] => mark + 3,
                        _ => mark,
                    };
                    if bytes.get(idx + 1) != Some(&b' ') {
                        continue;
                    }
                    let next = text[idx + 2..].chars().next();
                    let starts_sentence = next.is_some_and(|c| {
                        c.is_uppercase() || c.is_ascii_digit() || c == '(' || c == '"' || c == '\''
                    });
                    // `… inden 30.8. Sussi booker …`: a date in numbers ends a sentence when a
                    // capitalised word (not `Kl.`) follows.
                    let after_date = || {
                        ends_with_numeric_date(&text[start..mark])
                            && next.is_some_and(char::is_uppercase)
                            && !text[idx + 2..].starts_with("Kl")
                    };
                    // `… til revisor inden 15. februar. (MS)`: who does it, in brackets after
                    // the full stop, belongs to the sentence.
                    let trailing_owner = || {
                        let rest = &text[idx + 2..];
                        rest.starts_with('(')
                            && rest.find(')').is_some_and(|close| {
                                close <= 40 && {
                                    let after = &rest[close + 1..];
                                    let after = after.strip_prefix('.').unwrap_or(after);
                                    after.trim().is_empty() || after.starts_with(' ')
                                }
                            })
                    };
                    if !starts_sentence
                        || trailing_owner()
                        || (b == b'.'
                            && before_is_abbreviation(&text[start..mark])
                            && !after_date())
                    {
                        continue;
                    }
                    let from = start;
                    start = idx + 2;
                    (from, idx + 1)
                }
                None => {
                    done = true;
                    (start, text.len())
                }
            };
            if let Some(range) = trimmed(text, from, to) {
                return Some(range);
            }
        }
        None
    })
}

/// `start..end` without the whitespace at either end; None when nothing is left.
fn trimmed(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    if lead == piece.len() {
        return None;
    }
    let trail = piece.len() - piece.trim_end().len();
    Some((start + lead, end - trail))
}

/// Whether `before` ends in a date written in numbers, its last dot cut off (`30.8`, `7.2.24`).
fn ends_with_numeric_date(before: &str) -> bool {
    let word = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    let mut parts = word.split('.');
    let numbers = |part: Option<&str>| {
        part.is_some_and(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    numbers(parts.next())
        && numbers(parts.next())
        && parts.all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

fn before_is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    if word.is_empty() {
        return false;
    }
    let lower = crate::scan::lower_word(word);
    if is_abbreviation(&lower) {
        return true;
    }
    // `1.9.` and `7.2.24.` are dates, a single letter is an initial (`J. Hansen`).
    let mut letters = lower.chars().filter(|c| c.is_alphabetic());
    let one_letter =
        letters.next().is_some() && letters.next().is_none() && lower.chars().count() == 1;
    // `model B. Det blev …`: a capital after a lowercase word names a thing, not a person.
    let names_a_thing = || {
        let head = before[..before.len() - word.len()].trim_end();
        let previous = head.rsplit(char::is_whitespace).next().unwrap_or_default();
        word.starts_with(char::is_uppercase)
            && previous.starts_with(char::is_lowercase)
            && !previous.ends_with('.')
            && !matches!(previous, "og" | "eller" | "samt" | "v" | "ved")
    };
    (one_letter && !names_a_thing())
        || (lower.contains('.') && lower.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_labels() {
        assert_eq!(without_inline_label("Beslutning: Godkendt."), "Godkendt.");
        assert_eq!(
            without_inline_label("Opfølgning: Peter Skov udarbejder en plan."),
            "Peter Skov udarbejder en plan."
        );
        assert_eq!(without_inline_label("Næste skridt: Høring."), "Høring.");
        // Not a paragraph label, or no text after it.
        assert_eq!(
            without_inline_label("Økonomi: 2 mio. kr."),
            "Økonomi: 2 mio. kr."
        );
        assert_eq!(without_inline_label("Beslutning:"), "Beslutning:");
        assert_eq!(
            without_inline_label("Beslutning:Godkendt"),
            "Beslutning:Godkendt"
        );
    }

    #[test]
    fn marked_headings() {
        assert!(marked_heading("## 3. Budget"));
        assert!(marked_heading("**3. Budget**"));
        assert!(!marked_heading("#hashtag"));
        assert!(!marked_heading("**Dato:** 5. februar"));
        assert!(!marked_heading("3. Budget"));
    }

    #[test]
    fn action_table_rows() {
        let header: Vec<String> = cells("| Handling | Ansvarlig | Frist |");
        let columns = ActionColumns::of(&header).expect("an action table");
        assert_eq!(
            columns
                .entry(&cells("| Ny plan | Anne Holm | uge 14 |"))
                .as_deref(),
            Some("• Ny plan, frist uge 14 – Anne Holm")
        );
        assert_eq!(columns.entry(&cells("|---|---|---|")), None);
        assert_eq!(
            columns
                .entry(&cells("Tilbud indhentes. | - | 1. maj"))
                .as_deref(),
            Some("• Tilbud indhentes, frist 1. maj")
        );
        // A table without owners or dues is left alone.
        assert!(ActionColumns::of(&cells("Navn | Rolle")).is_none());
        assert!(is_table_row("| a | b |"));
        assert!(is_table_row("a | b"));
        assert!(!is_table_row("a|b"));
    }

    /// A list head that several items repeat at the edges of pages stays (a rendered PDF's
    /// `Udvalget godkendte:` at the foot of one page, its list on the next); the running
    /// header above it goes.
    #[test]
    fn list_heads_are_no_running_lines() {
        let text = model::Text::from_plain(
            "Teknik og Miljø – referat\nUdvalget godkendte:\n• Plan A\n\u{c}\
             Teknik og Miljø – referat\nTekst\nUdvalget godkendte:\n\u{c}\
             Teknik og Miljø – referat\n• Plan B\nSlut\n",
            model::Format::Pdf,
        );
        let lines = clean(&text.lines);
        let cleaned: Vec<&str> = lines
            .iter()
            .map(|line| &*line.text)
            .filter(|line| !line.is_empty())
            .collect();
        assert_eq!(
            cleaned,
            [
                "Udvalget godkendte:",
                "• Plan A",
                "Tekst",
                "Udvalget godkendte:",
                "• Plan B",
                "Slut"
            ]
        );
    }

    fn check_clean(raw: &str, want: &str) {
        assert_eq!(clean_text(raw), want, "{raw:?}");
    }

    #[test]
    fn cleans_markdown_and_furniture() {
        check_clean("## **Punkt 1: Servicetjek**", "Punkt 1: Servicetjek");
        check_clean(
            "**Mødedeltagere :** Christian Boel",
            "Mødedeltagere : Christian Boel",
        );
        check_clean(
            "  - Prøvehandling 1: Sundhed, *Stab*",
            "- Prøvehandling 1: Sundhed, Stab",
        );
        check_clean("---", "");
        check_clean(" Referat 1", "");
        check_clean("Side 2 af 5", "");
        check_clean("Byrådet, 04-04-2024, Side 2 af 6", "");
        check_clean("Økonomiudvalget 12.03.2024 - Side 3", "");
        check_clean("Se bilaget Side 3", "Se bilaget Side 3");
        check_clean("| Punkt 1: Servicetjek .....   | 1 |", "");
        check_clean("Punkt 2: Evaluering.....\t1", "");
        check_clean("Referat\t1", "");
        check_clean("Referat", "Referat");
    }

    #[test]
    fn markers() {
        assert_eq!(split_marker("• ◦ Forslaget"), (Marker::Bullet, "Forslaget"));
        assert_eq!(
            split_marker("1a) Samle"),
            (Marker::Number("1a".into()), "Samle")
        );
        assert_eq!(
            split_marker("2. Vision"),
            (Marker::Number("2".into()), "Vision")
        );
        assert_eq!(
            split_marker("12. juni blev"),
            (Marker::None, "12. juni blev")
        );
        assert_eq!(
            split_marker("2025. På baggrund"),
            (Marker::None, "2025. På baggrund")
        );
        assert_eq!(split_marker("–Christian"), (Marker::None, "–Christian"));
        assert_eq!(
            split_marker("1.a) Samle"),
            (Marker::Number("1.a".into()), "Samle")
        );
    }

    fn lines_of(text: &str) -> Vec<Line> {
        model::Text::from_plain(text, model::Format::Text).lines
    }

    /// `(level, text)` of each block.
    fn levels(text: &str) -> Vec<(usize, String)> {
        blocks(&clean(&lines_of(text)))
            .into_iter()
            .map(|block| (block.level, block.text))
            .collect()
    }

    #[test]
    fn nesting_without_indentation_comes_from_the_markers() {
        // Word's hollow second-level bullet; `• ◦` is an entry of the second level itself.
        assert_eq!(
            levels("• Behovet\n\n◦ Frisættelse\n\n• Kommunikation\n\n• ◦ A\n◦ B"),
            [
                (1, "Behovet".into()),
                (2, "Frisættelse".into()),
                (1, "Kommunikation".into()),
                (2, "A".into()),
                (2, "B".into()),
            ]
        );
        // Bullets under a numbered entry that opens a list with `:`, until the next number.
        assert_eq!(
            levels(
                "1. Organisering som foreslået:\n\n• Prøvehandling 1\n\n• Prøvehandling 2\n\n2. at hver\n\n• Løst"
            ),
            [
                (1, "Organisering som foreslået:".into()),
                (2, "Prøvehandling 1".into()),
                (2, "Prøvehandling 2".into()),
                (1, "at hver".into()),
                (1, "Løst".into()),
            ]
        );
        // Indentation, where the text has it, still decides.
        assert_eq!(
            levels("- Behovet\n - Frisættelse"),
            [(1, "Behovet".into()), (2, "Frisættelse".into())]
        );
    }

    #[test]
    fn pictographs_mark_entries_and_pdf_artefacts_are_undone() {
        assert_eq!(
            split_marker("👉 Signe laver plakater."),
            (Marker::Bullet, "Signe laver plakater.")
        );
        assert_eq!(
            split_marker("➡\u{fe0f} Jens skriver."),
            (Marker::Bullet, "Jens skriver.")
        );
        assert_eq!(split_marker("✅ Godkendt"), (Marker::Bullet, "Godkendt"));
        assert_eq!(split_marker("👉Signe"), (Marker::None, "👉Signe"));
        assert_eq!(clean_text("Nordby Lokalråd 🌳"), "Nordby Lokalråd");
        assert_eq!(clean_text("Stien \u{fb01}nansieres"), "Stien finansieres");
        assert_eq!(
            clean_text("når det fore\u{ad}ligger."),
            "når det foreligger."
        );
        assert_eq!(clean_text("  Godkendt  "), "Godkendt");
    }

    #[test]
    fn joins_wrapped_lines() {
        let mut text = "ældre-".to_owned();
        join_line(&mut text, "plejeboliger");
        assert_eq!(text, "ældre-plejeboliger");
        let mut text = "mere borger-".to_owned();
        join_line(&mut text, "og pårørendenære indsatser");
        assert_eq!(text, "mere borger- og pårørendenære indsatser");
    }

    #[test]
    fn a_wrapped_table_of_contents_entry_is_dropped_whole() {
        let text = "Indhold\n\nPunkt 3: Organisering af prøvehandlinger i Sundhed (skal) ind i alt - spor 1: Fremtidens\nService..... 1\n\nPunkt 3: Organisering";
        let lines = lines_of(text);
        let cleaned: Vec<String> = clean(&lines).into_iter().map(|l| l.text.into()).collect();
        assert_eq!(
            cleaned,
            ["Indhold", "", "", "", "", "Punkt 3: Organisering"]
        );
    }

    #[test]
    fn sentence_split_respects_abbreviations_and_dates() {
        let text = "Se på kriterier inden 1.9. hvor der åbnes. Status ift. pkt. 1. Næste gang kl. 12. Eks. på emner.";
        let got: Vec<&str> = sentences(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "Se på kriterier inden 1.9. hvor der åbnes.",
                "Status ift. pkt. 1.",
                "Næste gang kl. 12.",
                "Eks. på emner."
            ]
        );
    }
}
