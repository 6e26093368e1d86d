//! Layout: turns the runs of one page into lines of text in reading order. It owns word
//! spacing, line grouping and column order; it does not know about page furniture or
//! hyphenation, which need the whole document (`cleanup`).
//!
//! 1. Runs on the same baseline form a row; within a row, runs are ordered by x and a
//!    space goes where the gap between two runs is wider than a word gap.
//! 2. Rows are read top to bottom, except in a column block: a stretch of consecutive
//!    rows that all leave one vertical strip free (the gutter), with prose on both
//!    sides. There, the left column is read before the right one. A label/value table
//!    or a table of contents also leaves a free strip, so a block counts as columns only
//!    when the text on both sides is wide and the left side runs up to the gutter (as
//!    justified or wrapped text does), never for a column of short labels or numbers.
//! 3. Rotated text (a stamp, a margin note) follows the page's rows, in drawing order.

use super::content::{Run, WORD_GAP_EM};

/// A gap wider than this (in ems) splits a row into parts that may belong to different
/// columns. Justified text rarely stretches a space this far.
const PART_GAP_EM: f64 = 1.0;
/// Columns need at least this many ems of prose on each side of the gutter.
const MIN_COLUMN_WIDTH_EM: f64 = 6.0;
/// Column detection compares rows pairwise; past this many rows on one page (not real
/// minutes) it is skipped and rows are read top to bottom.
const MAX_ROWS_FOR_COLUMNS: usize = 3000;

/// One line of a page, before furniture removal and hyphen repair.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PageLine {
    pub(super) text: String,
    /// Baseline (page space, y up) and font size of the line's largest text.
    pub(super) y: f64,
    pub(super) size: f64,
    /// Right end of the line's last glyph (page space): a line that stops well short of the
    /// others ends its paragraph.
    pub(super) x1: f64,
    /// Whether more space than a line's leading separates this line from the one before
    /// it in reading order: a paragraph break.
    pub(super) gap_before: bool,
}

/// Runs on one baseline, split into parts at wide gaps.
#[derive(Debug)]
struct Row {
    parts: Vec<Part>,
    y: f64,
    size: f64,
}

#[derive(Debug, Clone)]
struct Part {
    text: String,
    x0: f64,
    x1: f64,
    /// Baseline and size of the part's largest text.
    y: f64,
    size: f64,
}

/// Lines of one page in reading order.
pub(super) fn page_lines(runs: Vec<Run>) -> Vec<PageLine> {
    let (upright, rotated): (Vec<Run>, Vec<Run>) = runs.into_iter().partition(|run| run.upright);
    let rows = rows(upright);
    let mut lines = Vec::new();
    if rows.len() <= MAX_ROWS_FOR_COLUMNS {
        read_rows(&rows, &mut lines, 0);
    } else {
        for row in &rows {
            push_line(&mut lines, row.parts.iter(), row.y, row.size);
        }
    }
    mark_paragraph_gaps(&mut lines);
    for run in rotated {
        let text = collapse_spaces(&run.text);
        if !text.is_empty() {
            lines.push(PageLine {
                text,
                y: run.y,
                size: run.size,
                x1: run.x1,
                gap_before: true,
            });
        }
    }
    lines
}

/// Groups runs into rows by baseline, top to bottom, each row split into parts.
fn rows(mut runs: Vec<Run>) -> Vec<Row> {
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<Run>> = Vec::new();
    let mut anchor = (f64::INFINITY, 0.0f64);
    for run in runs {
        let (anchor_y, anchor_size) = anchor;
        // Superscripts and subscripts sit a third of an em off the baseline and join
        // their row; the next line is at least a full em further.
        let same_row = (anchor_y - run.y).abs() <= 0.4 * anchor_size.max(run.size);
        match groups.last_mut() {
            Some(group) if same_row => group.push(run),
            _ => {
                anchor = (run.y, run.size);
                groups.push(vec![run]);
            }
        }
    }
    groups.into_iter().map(row_from_runs).collect()
}

fn row_from_runs(mut runs: Vec<Run>) -> Row {
    runs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // The row's baseline and size are those of its largest text, so a superscript
    // does not move the line.
    let main = runs
        .iter()
        .max_by(|a, b| a.size.total_cmp(&b.size))
        .map_or((0.0, 0.0), |run| (run.y, run.size));
    let mut parts: Vec<Part> = Vec::new();
    let mut last: Option<&Run> = None;
    for run in &runs {
        if let Some(prev) = last {
            // The same text drawn twice at (almost) the same place: fake bold or a
            // shadow. Keep it once.
            if run.text == prev.text && (run.x0 - prev.x0).abs() < 0.3 * run.size {
                continue;
            }
        }
        let size = run.size.max(1e-3);
        match (parts.last_mut(), last) {
            (Some(part), Some(prev)) if run.x0 - part.x1 <= PART_GAP_EM * size => {
                let gap = run.x0 - prev.x1;
                if gap > WORD_GAP_EM * size
                    && !part.text.ends_with(' ')
                    && !run.text.starts_with(' ')
                {
                    part.text.push(' ');
                }
                part.text.push_str(&run.text);
                part.x1 = part.x1.max(run.x1);
                if run.size > part.size {
                    part.size = run.size;
                    part.y = run.y;
                }
            }
            _ => parts.push(Part {
                text: run.text.clone(),
                x0: run.x0,
                x1: run.x1,
                y: run.y,
                size: run.size,
            }),
        }
        last = Some(run);
    }
    Row {
        parts,
        y: main.0,
        size: main.1,
    }
}

/// Emits rows in reading order, reading column blocks column by column.
fn read_rows(rows: &[Row], lines: &mut Vec<PageLine>, depth: usize) {
    let mut idx = 0;
    while idx < rows.len() {
        if depth < 4
            && let Some(block) = column_block(rows, idx)
        {
            // Earlier rows that keep to one side of the gutter belong to the block too
            // (a column that starts higher than the other); they were not emitted yet.
            let (left, right) = split_rows(&rows[block.start..block.end], block.gutter);
            read_rows(&left, lines, depth + 1);
            read_rows(&right, lines, depth + 1);
            idx = block.end;
            continue;
        }
        let row = &rows[idx];
        push_line(lines, row.parts.iter(), row.y, row.size);
        idx += 1;
    }
}

struct Block {
    start: usize,
    end: usize,
    gutter: (f64, f64),
}

/// The column block starting at row `start`, if there is one.
fn column_block(rows: &[Row], start: usize) -> Option<Block> {
    let first = &rows[start];
    if first.parts.len() < 2 {
        return None;
    }
    let em = first.size.max(1.0);
    // Candidate gutters: the wide gaps of the first row.
    let mut best: Option<Block> = None;
    for pair in first.parts.windows(2) {
        let mut gutter = (pair[0].x1, pair[1].x0);
        let mut end = start + 1;
        while end < rows.len() {
            let Some(narrowed) = narrow_gutter(&rows[end], gutter, em) else {
                break;
            };
            gutter = narrowed;
            end += 1;
        }
        if end - start >= 3
            && is_prose_columns(&rows[start..end], gutter, em)
            && best.as_ref().is_none_or(|b| end > b.end)
        {
            best = Some(Block { start, end, gutter });
        }
    }
    best
}

/// The part of `gutter` that `row` leaves free, if at least an em of it is left.
fn narrow_gutter(row: &Row, gutter: (f64, f64), em: f64) -> Option<(f64, f64)> {
    let (mut left, mut right) = gutter;
    for part in &row.parts {
        if part.x1 <= left || part.x0 >= right {
            continue;
        }
        // The part overlaps the gutter: keep the wider free side, if any.
        let free_left = part.x0 - left;
        let free_right = right - part.x1;
        if free_left >= free_right {
            right = part.x0;
        } else {
            left = part.x1;
        }
    }
    (right - left >= em).then_some((left, right))
}

/// Whether the rows on both sides of `gutter` look like columns of running text.
fn is_prose_columns(rows: &[Row], gutter: (f64, f64), em: f64) -> bool {
    let mut n_left = 0usize;
    let mut n_left_full = 0usize;
    let mut n_right = 0usize;
    let (mut width_left, mut width_right) = (0.0, 0.0);
    for row in rows {
        let left: Vec<&Part> = row.parts.iter().filter(|p| p.x1 <= gutter.0).collect();
        let right: Vec<&Part> = row.parts.iter().filter(|p| p.x0 >= gutter.1).collect();
        if let (Some(first), Some(last)) = (left.first(), left.last()) {
            n_left += 1;
            let width = last.x1 - first.x0;
            width_left += width;
            if gutter.0 - last.x1 <= (3.0 * em).max(0.25 * width) {
                n_left_full += 1;
            }
        }
        if let (Some(first), Some(last)) = (right.first(), right.last()) {
            n_right += 1;
            width_right += last.x1 - first.x0;
        }
    }
    n_left >= 2
        && n_right >= 2
        && n_left + n_right >= 6
        && 2 * n_left_full >= n_left
        && width_left / n_left as f64 >= MIN_COLUMN_WIDTH_EM * em
        && width_right / n_right as f64 >= MIN_COLUMN_WIDTH_EM * em
}

/// The rows of a column block, cut at the gutter into a left and a right column.
fn split_rows(rows: &[Row], gutter: (f64, f64)) -> (Vec<Row>, Vec<Row>) {
    let mut left = Vec::new();
    let mut right = Vec::new();
    for row in rows {
        let (l, r): (Vec<Part>, Vec<Part>) = row
            .parts
            .iter()
            .cloned()
            .partition(|part| part.x1 <= gutter.0);
        for (side, parts) in [(&mut left, l), (&mut right, r)] {
            // Each column keeps its own baseline: columns need not share a line grid.
            if let Some(main) = parts.iter().max_by(|a, b| a.size.total_cmp(&b.size)) {
                let (y, size) = (main.y, main.size);
                side.push(Row { parts, y, size });
            }
        }
    }
    (left, right)
}

fn push_line<'a>(
    lines: &mut Vec<PageLine>,
    parts: impl Iterator<Item = &'a Part>,
    y: f64,
    size: f64,
) {
    let mut text = String::new();
    let mut x1 = f64::MIN;
    for part in parts {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&part.text);
        x1 = x1.max(part.x1);
    }
    let text = collapse_spaces(&text);
    if !text.is_empty() {
        lines.push(PageLine {
            text,
            y,
            size,
            x1,
            gap_before: false,
        });
    }
}

/// Marks lines that follow a wider vertical gap than the usual leading. The top line of
/// the next column (above the line before it) does not: a paragraph often goes on from
/// one column to the next, as from one page to the next.
fn mark_paragraph_gaps(lines: &mut [PageLine]) {
    for idx in 1..lines.len() {
        let (prev, line) = (&lines[idx - 1], &lines[idx]);
        let distance = prev.y - line.y;
        let size = prev.size.max(line.size).max(1e-3);
        lines[idx].gap_before = distance > 1.45 * size;
    }
}

/// Trims and turns runs of spaces into one space.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
