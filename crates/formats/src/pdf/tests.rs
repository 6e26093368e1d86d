//! Tests of the PDF reader on the committed fixtures (`tests/data/*.pdf`, made by
//! `tests/data/make-fixtures.sh`) and, when it is there, on the real Aarhus minutes in
//! `../shared/corpus/`. The text of each readable fixture is a golden file beside it,
//! `<name>.pdf.txt`, one line per line as `page | text`; `UPDATE_EXPECT=1` rewrites them.

#![allow(
    clippy::disallowed_methods,
    reason = "tests read fixtures and UPDATE_EXPECT"
)]
#![allow(
    clippy::print_stdout,
    reason = "tests report figures and skipped cases"
)]

use std::path::PathBuf;

use super::*;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = data_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn render(text: &Text) -> String {
    let mut out = String::new();
    for line in &text.lines {
        out.push_str(&format!("{:>2} | {}\n", line.page, line.text));
    }
    for warning in &text.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    out
}

/// Reads fixture `name` and compares its text with the golden file `<name>.txt`.
fn check_golden(name: &str) -> Text {
    let text = read(&fixture(name)).unwrap_or_else(|err| panic!("{name}: {err}"));
    let actual = render(&text);
    let golden = data_dir().join(format!("{name}.txt"));
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    if std::env::var_os("UPDATE_EXPECT").is_some() || !golden.exists() {
        std::fs::write(&golden, &actual).expect("golden file is writable");
    } else if actual != expected {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(10)
            .map(|(idx, (e, a))| format!("line {}:\n  expected {e}\n  actual   {a}", idx + 1))
            .collect();
        panic!(
            "{name}: text differs from {} ({} vs {} lines; UPDATE_EXPECT=1 to bless)\n{}",
            golden.display(),
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
    text
}

fn lines_of(text: &Text) -> Vec<&str> {
    text.lines.iter().map(|line| line.text.as_str()).collect()
}

#[test]
fn minutes_hyphenated() {
    let text = check_golden("minutes-hyphenated.pdf");
    let lines = lines_of(&text);
    assert_eq!(text.format, Format::Pdf);
    // The running header and the "Side N af M" footer are gone.
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("referat") || l.starts_with("Side "))
    );
    // Words hyphenated by LibreOffice's Danish hyphenation are whole again; a hyphen in
    // "ældre- og plejeboliger" and in "12.30-12.45" is real and stays.
    assert!(
        lines.contains(
            &"• Drøftede anbefalingerne og besluttede hvordan og hvor hurtigt der arbejdes"
        )
    );
    assert!(lines.iter().any(|l| l.contains("ældre- og plejeboliger")));
    assert!(lines.iter().any(|l| l.ends_with("kl. 12.30-")));
    // æøå come through the fonts' ToUnicode maps.
    assert!(lines.contains(&"Rådmandsmøde (Rådmandsmøde)"));
    // Page numbers are kept as provenance.
    assert_eq!(text.lines.last().map(|l| l.page), Some(2));
}

#[test]
fn two_columns_are_read_column_by_column() {
    let text = check_golden("two-columns.pdf");
    let lines = lines_of(&text);
    let position = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not found"))
    };
    // The left column ends with the start of a bullet that goes on at the top of the
    // right column.
    assert!(position("i april-maj") + 1 == position("2025. På baggrund heraf træffer direktionen"));
    assert!(position("Punkt 1: KPI") < position("Kredsen drøftede vigtigheden"));
    // A word hyphenated across the page break is joined onto the first page.
    let joined = position("budgetforhandlingerne");
    assert_eq!(text.lines[joined].page, 1);
}

#[test]
fn encrypted_with_a_user_password_is_refused() {
    let err = read(&fixture("encrypted.pdf")).expect_err("needs a password");
    assert!(matches!(err, PdfError::Encrypted), "{err}");
}

#[test]
fn encrypted_with_an_empty_user_password_is_read() {
    let text = read(&fixture("encrypted-no-user-password.pdf")).expect("readable without password");
    let plain = read(&fixture("two-columns.pdf")).expect("readable");
    assert_eq!(lines_of(&text), lines_of(&plain));
}

#[test]
fn scanned_pdf_has_no_text_layer() {
    let err = read(&fixture("scanned.pdf")).expect_err("no text layer");
    assert!(matches!(err, PdfError::NoTextLayer), "{err}");
    assert_eq!(
        err.to_string(),
        "PDF-filen har intet tekstlag (en scanning?); referat kan ikke læse billeder af tekst"
    );
}

#[test]
fn truncated_pdf_is_corrupt() {
    let err = read(&fixture("truncated.pdf")).expect_err("half a file");
    assert!(matches!(err, PdfError::Corrupt(_)), "{err}");
}

#[test]
fn garbage_after_a_pdf_header_is_corrupt() {
    let err = read(&fixture("garbage.pdf")).expect_err("garbage");
    assert!(matches!(err, PdfError::Corrupt(_)), "{err}");
}

/// Cuts and corrupts a real fixture in many places; the reader must return, not panic.
/// It runs without `catch_unwind`, so a panic in lopdf shows up here too.
#[test]
fn damaged_pdfs_never_panic() {
    let original = fixture("minutes-hyphenated.pdf");
    let limits = Limits::default();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        // xorshift64: a fixed sequence, so a failure is reproducible.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..60 {
        let mut bytes = original.clone();
        let cut = (next() as usize) % bytes.len();
        if round % 3 == 0 {
            bytes.truncate(cut);
        } else {
            for _ in 0..(1 + round % 8) {
                let at = (next() as usize) % bytes.len();
                bytes[at] = next() as u8;
            }
        }
        let _ = read_unguarded(&bytes, &limits);
    }
}

#[test]
fn limits_are_enforced() {
    let tight = Limits {
        max_glyphs: 100,
        ..Limits::default()
    };
    let err =
        read_with_limits(&fixture("minutes-hyphenated.pdf"), &tight).expect_err("too many glyphs");
    assert!(matches!(err, PdfError::TooLarge(_)), "{err}");
    let tight = Limits {
        max_runs_per_page: 10,
        ..Limits::default()
    };
    let err =
        read_with_limits(&fixture("minutes-hyphenated.pdf"), &tight).expect_err("too many runs");
    assert!(matches!(err, PdfError::TooLarge(_)), "{err}");
    let tight = Limits {
        max_pages: 1,
        ..Limits::default()
    };
    let err =
        read_with_limits(&fixture("minutes-hyphenated.pdf"), &tight).expect_err("too many pages");
    assert!(matches!(err, PdfError::TooLarge(_)), "{err}");
}

/// The real 28-page Aarhus minutes (FirstAgenda/ABCpdf, CID TrueType fonts): our words
/// must agree with `pdftotext`'s, in order. Skipped with a note when the corpus or
/// poppler is missing.
#[test]
fn aarhus_minutes_agree_with_pdftotext() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/firstagenda-pdf/aarhus_2025-08-27_byraad_referat.pdf");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: {} not found", path.display());
        return;
    };
    let text = read(&bytes).expect("the Aarhus minutes are readable");
    let pages: std::collections::BTreeSet<u32> = text.lines.iter().map(|l| l.page).collect();
    assert_eq!(pages.len(), 28);
    assert!(text.warnings.is_empty(), "{:?}", text.warnings);
    let lines = lines_of(&text);
    assert!(lines.contains(&"Punkt 21: Lukket: Køb af landbrugsejendom"));
    assert!(lines.contains(&"Mødested Byrådssalen"));

    let output = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output();
    let Ok(output) = output.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()) else {
        println!("skipped the comparison: pdftotext not found (apt-get install poppler-utils)");
        return;
    };
    let ours_text = text.joined();
    let ours: Vec<&str> = ours_text.split_whitespace().collect();
    let reference: Vec<&str> = output.split_whitespace().collect();
    let common = common_words(&ours, &reference);
    let recall = common as f64 / reference.len() as f64;
    let precision = common as f64 / ours.len() as f64;
    println!(
        "aarhus: {} words ours, {} pdftotext, {common} in common in order: recall {recall:.4}, precision {precision:.4}",
        ours.len(),
        reference.len()
    );
    // The differences are the table of contents (pdftotext reads its page numbers as a
    // column after the titles; we keep each on its title's line) and line-end hyphens
    // pdftotext drops ("P-huse" → "phuse", "2030-fremskrivning" → "2030fremskrivning").
    assert!(recall >= 0.995 && precision >= 0.995);
}

/// Length of the longest common subsequence of two word lists (Myers' O(ND) diff, so
/// fast when they are alike). Gives up, returning 0, past 20,000 differences.
fn common_words(a: &[&str], b: &[&str]) -> usize {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m).min(20_000);
    let offset = max + 1;
    let mut v = vec![0isize; 2 * max as usize + 3];
    for d in 0..=max {
        for k in (-d..=d).step_by(2) {
            let idx = (offset + k) as usize;
            let mut x = if k == -d || (k != d && v[idx - 1] < v[idx + 1]) {
                v[idx + 1]
            } else {
                v[idx - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx] = x;
            if x >= n && y >= m {
                return ((n + m - d) / 2) as usize;
            }
        }
    }
    0
}

#[test]
fn common_words_counts_the_longest_common_subsequence() {
    assert_eq!(
        common_words(&["a", "b", "c", "d"], &["a", "c", "d", "e"]),
        3
    );
    assert_eq!(common_words(&[], &["a"]), 0);
    assert_eq!(common_words(&["x", "y"], &["x", "y"]), 2);
}
