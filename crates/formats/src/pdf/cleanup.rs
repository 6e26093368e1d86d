//! Cleanup over the whole document: drops page furniture (running headers, footers and
//! page numbers) and repairs words hyphenated at a line break. It works on lines that
//! `layout` already put in reading order and does not look at glyphs.
//!
//! Furniture is a line among the first or last three of a page that
//! - recurs, with digits ignored, at about the same height on at least half of the pages
//!   (and on two pages at least), like "Rådmandsmøde 1. juli 2025 – referat" or
//!   "Referat 1", "Referat 2"; or
//! - is only a page number ("3", "- 3 -", "Side 2 af 5", "2/5", "Page 2 of 5") and sits
//!   in the top or bottom tenth of the page.
//!
//! A line ending in a hyphen is joined with the word that starts the next line when
//! - the hyphen follows a letter and the next line starts with a lowercase letter:
//!   "opsam-" + "ling" → "opsamling", except before a conjunction, where the hyphen is
//!   a real one and the lines stay as they are: "ældre-" + "og plejeboliger";
//! - the hyphen follows a digit or an abbreviation in capitals: "2030-" +
//!   "fremskrivning" → "2030-fremskrivning", "P-" + "huse" → "P-huse" (hyphen kept).
//!
//! Before a word in capitals or a digit, the hyphen is kept and the lines are not joined.
//! A real hyphen in a lowercase compound that falls at a line end ("it-" + "system") is
//! joined wrongly; the PDF cannot tell the two apart.

use std::collections::HashMap;

use super::layout::PageLine;

/// How many lines at the top and at the bottom of a page may be furniture.
const EDGE_LINES: usize = 3;

/// Lines of one page and the page's height.
pub(super) struct Page {
    pub(super) lines: Vec<PageLine>,
    /// Bottom and top of the page (its MediaBox) in page space.
    pub(super) bottom: f64,
    pub(super) top: f64,
}

/// Removes running headers, footers and page numbers from `pages`.
pub(super) fn remove_furniture(pages: &mut [Page]) {
    let n_pages = pages.len();
    // Pages on which each (normalised text, height) occurs near an edge.
    let mut seen: HashMap<(String, i64), usize> = HashMap::new();
    for page in pages.iter() {
        let mut keys: Vec<(String, i64)> = edge_indices(page.lines.len())
            .map(|idx| furniture_key(&page.lines[idx]))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    let recurs = |line: &PageLine| {
        if n_pages < 2 {
            return false;
        }
        let (text, height) = furniture_key(line);
        // Heights are bucketed to 4 pt; look at the neighbouring buckets too, so a line
        // that moves by a point is still the same line.
        let count: usize = (height - 1..=height + 1)
            .filter_map(|h| seen.get(&(text.clone(), h)))
            .sum();
        count >= 2 && 2 * count >= n_pages
    };
    // The last line of the page before, and that page's right text edge.
    let mut before: Option<(PageLine, f64)> = None;
    for page in pages.iter_mut() {
        let height = (page.top - page.bottom).abs().max(1.0);
        let edge: Vec<usize> = edge_indices(page.lines.len()).collect();
        let mut drop = vec![false; page.lines.len()];
        for idx in edge {
            let line = &page.lines[idx];
            let in_margin =
                line.y >= page.top - 0.1 * height || line.y <= page.bottom + 0.1 * height;
            if recurs(line) || (in_margin && is_page_number(&line.text)) {
                drop[idx] = true;
            }
        }
        let mut idx = 0;
        page.lines.retain(|_| {
            idx += 1;
            !drop[idx - 1]
        });
        // The gap below a dropped header is no paragraph break: the first line may go
        // on with the word or paragraph the last page ended with, unless that ended
        // there.
        if let Some(first) = page.lines.first_mut() {
            first.gap_before = before
                .as_ref()
                .is_some_and(|(last, right)| ends_paragraph(last, *right, &first.text));
        }
        if let Some(last) = page.lines.last() {
            let right = page
                .lines
                .iter()
                .map(|line| line.x1)
                .fold(f64::MIN, f64::max);
            before = Some((last.clone(), right));
        }
    }
}

/// Whether `last`, the last line of a page whose text reaches `right`, ends a paragraph
/// that the next page does not go on with: it ends a sentence or opens a list (`:`), it
/// stops well short of the right edge (or ends in `:`), and the next page starts with a
/// capital, a digit or a bullet.
fn ends_paragraph(last: &PageLine, right: f64, next: &str) -> bool {
    let text = last.text.trim_end();
    let opens_list = text.ends_with(':');
    let ends_sentence = opens_list || text.ends_with(['.', '!', '?']);
    let short = right - last.x1 > 4.0 * last.size.max(1.0);
    let starts_new = next
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "•◦▪–-".contains(c));
    ends_sentence && (short || opens_list) && starts_new
}

fn edge_indices(n_lines: usize) -> impl Iterator<Item = usize> {
    let top = 0..n_lines.min(EDGE_LINES);
    let bottom = n_lines.saturating_sub(EDGE_LINES).max(top.end)..n_lines;
    top.chain(bottom)
}

/// The line's text in lowercase with digit runs as `#`, and its height in 4-pt buckets.
fn furniture_key(line: &PageLine) -> (String, i64) {
    let mut text = String::with_capacity(line.text.len());
    let mut in_digits = false;
    for ch in line.text.chars() {
        if ch.is_ascii_digit() {
            if !in_digits {
                text.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            text.extend(ch.to_lowercase());
        }
    }
    (text, (line.y / 4.0).round() as i64)
}

/// "3", "- 3 -", "Side 2 af 5", "side 2", "2/5", "2 af 5", "Page 2 of 5".
fn is_page_number(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let rest = lower
        .strip_prefix("side ")
        .or_else(|| lower.strip_prefix("page "))
        .or_else(|| lower.strip_prefix("s. "))
        .unwrap_or(&lower);
    let rest = rest.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let is_number =
        |w: &str| !w.is_empty() && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit());
    match words.as_slice() {
        [n] => is_number(n),
        [n, m] => is_number(n) && is_number(m) && rest.contains('/'),
        [n, sep, m] => is_number(n) && matches!(*sep, "af" | "of") && is_number(m),
        _ => false,
    }
}

/// Words after which a line-end hyphen is a real one: "ældre- og plejeboliger".
const CONJUNCTIONS: &[&str] = &["og", "eller", "samt", "and", "or", "&"];

/// Joins words hyphenated at line ends. `lines` are in reading order, over all pages;
/// a line that starts a paragraph is never joined to the one before.
pub(super) fn repair_hyphens(lines: &mut Vec<(u32, PageLine)>) {
    let mut idx = 0;
    while idx + 1 < lines.len() {
        let (head, tail) = lines.split_at_mut(idx + 1);
        let line = &mut head[idx].1;
        let next = &mut tail[0].1;
        if next.gap_before && !line.text.ends_with('\u{ad}') {
            idx += 1;
            continue;
        }
        if let Some(join) = hyphen_join(&line.text, &next.text) {
            line.text.truncate(line.text.len() - join.hyphen_len);
            if join.keep_hyphen {
                line.text.push('-');
            }
            let (word, rest) = split_first_word(&next.text);
            line.text.push_str(word);
            next.text = rest.to_owned();
            if next.text.is_empty() {
                // The whole next line was the end of the word; the line after it keeps
                // its own paragraph mark.
                lines.remove(idx + 1);
                continue;
            }
        }
        idx += 1;
    }
    // A soft hyphen that was not at a line end (or not joined) is invisible.
    for (_, line) in lines.iter_mut() {
        if line.text.contains('\u{ad}') {
            line.text = line.text.replace('\u{ad}', "");
        }
    }
}

struct Join {
    /// Bytes of the hyphen to cut from the end of the line.
    hyphen_len: usize,
    keep_hyphen: bool,
}

fn hyphen_join(line: &str, next: &str) -> Option<Join> {
    let hyphen = line.chars().next_back()?;
    if !matches!(hyphen, '-' | '\u{ad}' | '\u{2010}') {
        return None;
    }
    let hyphen_len = hyphen.len_utf8();
    let stem = line[..line.len() - hyphen_len]
        .rsplit(' ')
        .next()
        .unwrap_or_default();
    let before = stem.chars().next_back()?;
    let (word, _) = split_first_word(next);
    let first = word.chars().next()?;
    let word_core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    if hyphen == '\u{ad}' && before.is_alphabetic() && first.is_alphabetic() {
        // A soft hyphen is only ever shown at a break: always join without it.
        return Some(Join {
            hyphen_len,
            keep_hyphen: false,
        });
    }
    if !first.is_lowercase() || CONJUNCTIONS.contains(&word_core) {
        return None;
    }
    if !word_core.chars().all(|c| c.is_alphabetic() || c == '-') {
        return None;
    }
    let letters: Vec<char> = stem.chars().filter(|c| c.is_alphabetic()).collect();
    let abbreviation = !letters.is_empty()
        && letters.iter().all(|c| c.is_uppercase())
        && stem.chars().count() <= 5;
    // "p-" + "huse": a single letter is an abbreviation too ("P-huse", "e-mail").
    let abbreviation = abbreviation || (letters.len() == 1 && stem.chars().count() == 1);
    if before.is_ascii_digit() || (abbreviation && before.is_alphabetic()) {
        return Some(Join {
            hyphen_len,
            keep_hyphen: true,
        });
    }
    // "opsam-" + "ling": a plausible word on both sides of the break.
    let plausible = before.is_alphabetic()
        && letters.len() >= 2
        && stem.chars().all(|c| c.is_alphabetic() || c == '-');
    plausible.then_some(Join {
        hyphen_len,
        keep_hyphen: false,
    })
}

fn split_first_word(text: &str) -> (&str, &str) {
    match text.split_once(' ') {
        Some((word, rest)) => (word, rest.trim_start()),
        None => (text, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_join(line: &str, next: &str) -> String {
        let mut lines: Vec<(u32, PageLine)> = [line, next]
            .iter()
            .map(|text| {
                (
                    1,
                    PageLine {
                        text: (*text).to_owned(),
                        y: 0.0,
                        size: 10.0,
                        x1: 0.0,
                        gap_before: false,
                    },
                )
            })
            .collect();
        repair_hyphens(&mut lines);
        lines
            .iter()
            .map(|(_, l)| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn joins_words_hyphenated_at_line_end() {
        assert_eq!(
            check_join("læring og opsam-", "ling på tværs"),
            "læring og opsamling\npå tværs"
        );
        assert_eq!(check_join("en opsam-", "ling."), "en opsamling.");
        assert_eq!(
            check_join("ny 2030-", "fremskrivning"),
            "ny 2030-fremskrivning"
        );
        assert_eq!(
            check_join("kommunale P-", "huse i byen"),
            "kommunale P-huse\ni byen"
        );
        assert_eq!(
            check_join("kl. 12.30-", "12.45 Jakob"),
            "kl. 12.30-\n12.45 Jakob"
        );
    }

    #[test]
    fn keeps_real_hyphens() {
        assert_eq!(
            check_join("dagtilbud, ældre-", "og plejeboliger"),
            "dagtilbud, ældre-\nog plejeboliger"
        );
        assert_eq!(
            check_join("Social-", "eller sundhed"),
            "Social-\neller sundhed"
        );
        assert_eq!(check_join("Rådmands-", "Mødet"), "Rådmands-\nMødet");
        assert_eq!(check_join("et tal -", "ikke"), "et tal -\nikke");
        assert_eq!(check_join("drift –", "samarbejde"), "drift –\nsamarbejde");
    }

    /// Pages of `(text, y)` lines on an A4 page; returns what is left, page by page.
    fn check_furniture(pages: &[&[(&str, f64)]]) -> Vec<Vec<String>> {
        let mut pages: Vec<Page> = pages
            .iter()
            .map(|lines| Page {
                lines: lines
                    .iter()
                    .map(|(text, y)| PageLine {
                        text: (*text).to_owned(),
                        y: *y,
                        size: 11.0,
                        x1: 500.0,
                        gap_before: false,
                    })
                    .collect(),
                bottom: 0.0,
                top: 842.0,
            })
            .collect();
        remove_furniture(&mut pages);
        pages
            .iter()
            .map(|page| page.lines.iter().map(|l| l.text.clone()).collect())
            .collect()
    }

    #[test]
    fn drops_running_headers_footers_and_page_numbers() {
        let left = check_furniture(&[
            &[
                ("Byråd – referat", 800.0),
                ("Punkt 1: Godkendelse", 760.0),
                ("Referat 1", 30.0),
            ],
            &[
                ("Byråd – referat", 800.0),
                ("Beslutninger", 760.0),
                ("Referat 2", 30.0),
            ],
            &[
                ("Byråd – referat", 801.0),
                ("Godkendt.", 760.0),
                ("Side 3 af 3", 20.0),
            ],
        ]);
        assert_eq!(
            left,
            [
                vec!["Punkt 1: Godkendelse"],
                vec!["Beslutninger"],
                vec!["Godkendt."]
            ]
        );
    }

    #[test]
    fn keeps_lines_that_recur_on_few_pages() {
        let page = |top: &'static str, body: &'static str| -> Vec<(&'static str, f64)> {
            vec![(top, 800.0), (body, 700.0)]
        };
        let pages = [
            page("Beslutninger", "tekst"),
            page("Beslutninger", "mere"),
            page("Sagsforløb", "end"),
            page("Bilag", "før"),
            page("Resume", "slut"),
        ];
        let pages: Vec<&[(&str, f64)]> = pages.iter().map(Vec::as_slice).collect();
        let left = check_furniture(&pages);
        assert_eq!(left[0], ["Beslutninger", "tekst"]);
        // A single page keeps its header; only a page number in the margin goes.
        let left = check_furniture(&[&[("Referat", 800.0), ("tekst", 700.0), ("1", 20.0)]]);
        assert_eq!(left, [vec!["Referat", "tekst"]]);
    }

    #[test]
    fn recognises_page_numbers() {
        for yes in [
            "3",
            "- 3 -",
            "Side 2 af 5",
            "side 12",
            "2/5",
            "2 af 5",
            "Page 2 of 5",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["Punkt 3", "2025", "3 punkter", "Side", "1a)", "12.30"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn a_page_starts_a_paragraph_only_after_one_ended() {
        let line = |text: &str, x1: f64| PageLine {
            text: text.to_owned(),
            y: 100.0,
            size: 11.0,
            x1,
            gap_before: false,
        };
        // A short last line that ends a sentence, then a capital.
        assert!(ends_paragraph(
            &line("aktuelle dilemmaer.", 300.0),
            520.0,
            "Udvalget tog"
        ));
        // A full last line goes on, whatever it ends with.
        assert!(!ends_paragraph(
            &line("i Pleje og Rehabilitering.", 518.0),
            520.0,
            "Det anbefales"
        ));
        assert!(!ends_paragraph(
            &line("fælles tværfaglige", 300.0),
            520.0,
            "konferencer"
        ));
        // A list opens on the next page.
        assert!(ends_paragraph(
            &line("godkendte følgende:", 518.0),
            520.0,
            "• At der"
        ));
        assert!(!ends_paragraph(
            &line("dilemmaer.", 300.0),
            520.0,
            "og så videre"
        ));
    }
}
