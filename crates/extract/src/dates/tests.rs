//! Unit tests of the dates grammar, one `check` per form. Meeting dates of the seeds:
//! 000 = 2025-07-01, 001 = 2025-04-22, 002 = 2023-12-08, 003 = 2023-09-15,
//! 004 = 2024-11-05.

use expect_test::{Expect, expect};

use super::find_due;

/// Renders the due found in `sentence` for a meeting on `meeting` (YYYY-MM-DD) as
/// `"text" from..by recurring`, or `-` when there is none.
fn check(sentence: &str, meeting: &str, expect: Expect) {
    let meeting: model::Date = meeting.parse().expect("test meeting dates are valid");
    let actual = match find_due(sentence, meeting) {
        None => "-".to_owned(),
        Some(due) => {
            let date = |d: Option<model::Date>| d.map(|d| d.to_string()).unwrap_or_default();
            let mut out = format!("{:?} {}..{}", due.text, date(due.from), date(due.by));
            if let Some(recurring) = due.recurring {
                out.push_str(&format!(" {recurring:?}"));
            }
            out
        }
    };
    expect.assert_eq(&actual);
}

// ---- the seeds' gold dues ----

#[test]
fn senest_i_month() {
    check(
        "Godkendte at der for hver anbefaling fremsendes beslutningsoplæg til DIR eller RM senest i oktober, medmindre anbefalingen prioriteres",
        "2025-07-01",
        expect![[r#""senest i oktober" ..2025-10-31"#]],
    );
}

#[test]
fn just_after_summer_holiday() {
    check(
        "Et bud umiddelbart efter sommerferien.",
        "2025-07-01",
        expect![[r#""umiddelbart efter sommerferien" 2025-08-11..2025-08-22"#]],
    );
    check(
        "Status på rådmandsmøde lige efter sommerferien, inkl. oplæg til pkt. 1.",
        "2025-07-01",
        expect![[r#""lige efter sommerferien" 2025-08-11..2025-08-22"#]],
    );
    check(
        "Vision – umiddelbart efter sommerferien – med i byrådsindstillingen.",
        "2025-07-01",
        expect![[r#""umiddelbart efter sommerferien" 2025-08-11..2025-08-22"#]],
    );
}

#[test]
fn before_autumn_holiday() {
    check(
        "Inden efterårsferien beslutning taget.",
        "2025-07-01",
        expect![[r#""Inden efterårsferien" ..2025-10-12"#]],
    );
}

#[test]
fn before_day_month_with_trailing_dot() {
    check(
        "Se på kriterier inden 1.9. hvor der åbnes op igen for visitation til GH.",
        "2025-07-01",
        expect![[r#""inden 1.9." ..2025-08-31"#]],
    );
}

#[test]
fn primo_month() {
    check(
        "Klar til udvalget, som er lovet opfølgning primo december.",
        "2025-07-01",
        expect![[r#""primo december" 2025-12-01..2025-12-10"#]],
    );
}

#[test]
fn next_named_meeting() {
    check(
        "Emnet er på som status fra Boel på næste direktørmøde.",
        "2025-07-01",
        expect![[r#""på næste direktørmøde" .."#]],
    );
    check(
        "De sidste tal ift. personale forventes at komme med til næste runde",
        "2025-04-22",
        expect![[r#""til næste runde" .."#]],
    );
    check(
        "At indstillingen justeres efter de indkomne bemærkninger og genbehandles på et kommende rådmandsmøde, før det fremsendes til Sundhed- og Omsorgsudvalget",
        "2024-11-05",
        expect![[r#""på et kommende rådmandsmøde" .."#]],
    );
}

#[test]
fn quarter_with_year() {
    check(
        "Status til direktionen i 2. kvartal 2026",
        "2025-07-01",
        expect![[r#""i 2. kvartal 2026" 2026-04-01..2026-06-30"#]],
    );
}

#[test]
fn yearly() {
    check(
        "Opfølgning direktion årligt",
        "2025-07-01",
        expect![[r#""årligt" .. Yearly"#]],
    );
}

#[test]
fn day_month_name() {
    check(
        "Proces med at udvælge projekter sættes i gang og bruttolisten vendes den 1. maj på seminar for rådmand og direktion",
        "2025-04-22",
        expect![[r#""den 1. maj" 2025-05-01..2025-05-01"#]],
    );
}

#[test]
fn month_range_with_year() {
    check(
        "At afprøvningen af fremskudt visitation (delafprøvning 1) evalueres i april-maj 2025",
        "2025-04-22",
        expect![[r#""i april-maj 2025" 2025-04-01..2025-05-31"#]],
    );
}

#[test]
fn month_without_year() {
    check(
        "På baggrund heraf træffer direktionen i juni beslutning om, hvorvidt fælles konferencer skal implementeres",
        "2025-04-22",
        expect![[r#""i juni" 2025-06-01..2025-06-30"#]],
    );
    check(
        "På baggrund heraf træffer direktionen i januar 2026 beslutning om selvstyring",
        "2025-04-22",
        expect![[r#""i januar 2026" 2026-01-01..2026-01-31"#]],
    );
}

#[test]
fn union_of_halves() {
    check(
        "Det anbefales, at en eventuel udrulning foregår trinvist i de to distrikter i løbet af 2. halvår 2025 og første halvår 2026",
        "2025-04-22",
        expect![[r#""i løbet af 2. halvår 2025 og første halvår 2026" 2025-07-01..2026-06-30"#]],
    );
}

#[test]
fn end_of_year() {
    check(
        "At afprøvningen af øget selvstyring (delafprøvning 2) evalueres i slutningen af 2025",
        "2025-04-22",
        expect![[r#""i slutningen af 2025" 2025-09-01..2025-12-31"#]],
    );
}

#[test]
fn start_of_year() {
    check(
        "Ift. ressourcer vurderes det i starten af 2024 ud fra hvad der bydes ind med fra plejehjemmene",
        "2023-12-08",
        expect![[r#""i starten af 2024" 2024-01-01..2024-04-30"#]],
    );
}

#[test]
fn budget_negotiations() {
    check(
        "Frisættelse i P&R tages med i budgetforhandlingerne",
        "2025-04-22",
        expect![[r#""i budgetforhandlingerne" .."#]],
    );
    check(
        "Rådmanden ønsker at have et bud på et foreløbigt billede af arbejdet til budgetforhandlingerne i 2024",
        "2023-12-08",
        expect![[r#""til budgetforhandlingerne i 2024" ..2024-08-31"#]],
    );
}

#[test]
fn weekdays() {
    check(
        "Indstilling eftersendes torsdag efter HMU-mødet",
        "2023-12-08",
        expect![[r#""torsdag efter HMU-mødet" ..2023-12-14"#]],
    );
    check(
        "Der arbejdes med opsamling og de sidste afklaringer omkring civilsamfund/samskabelse ift. den endelige udmelding mandag",
        "2023-12-08",
        expect![[r#""mandag" ..2023-12-11"#]],
    );
}

#[test]
fn numeric_date_two_digit_year() {
    check(
        "Udvalget orienteres d. 7.2.24",
        "2023-12-08",
        expect![[r#""d. 7.2.24" 2024-02-07..2024-02-07"#]],
    );
}

#[test]
fn list_of_date_and_month() {
    check(
        "Emnet drøftes med de faglige organisationer (FOA 20.12 – øvrige i januar)",
        "2023-12-08",
        expect![[r#""20.12 – øvrige i januar" 2023-12-20..2024-01-31"#]],
    );
}

#[test]
fn just_after_an_event() {
    check(
        "Klar til at sætte i gang lige efter besøget",
        "2023-09-15",
        expect![[r#""lige efter besøget" .."#]],
    );
}

// ---- not dues ----

#[test]
fn past_report_is_no_due() {
    check(
        "Parallelt hermed har rådmændene for MSO, MSB og MBU den 10. juni truffet beslutning om at igangsætte en proces",
        "2025-07-01",
        expect!["-"],
    );
}

#[test]
fn not_dues() {
    check(
        "Pkt. 5. kl. 12.30-12.45 Jakob Flou og Mie Kjer",
        "2025-07-01",
        expect!["-"],
    );
    check("01-07-2025 11:30 - 13:00", "2025-07-01", expect!["-"]);
    check(
        "Styrkelse af arbejdet med samarbejdsaftaler og §18 i MSO",
        "2025-07-01",
        expect!["-"],
    );
    check(
        "Dette skal i samspil med anbefaling 3 (Otto Ohrt, Jakob Flou).",
        "2025-07-01",
        expect!["-"],
    );
    check(
        "opfølgning på de positive effekter af tiltaget for de ca. 100 berørte borgere",
        "2024-11-05",
        expect!["-"],
    );
    check(
        "Sikre effektiv og løbende risikovurdering",
        "2025-07-01",
        expect!["-"],
    );
    check(
        "Onboarding med fokus på implementering og næste træk",
        "2025-07-01",
        expect!["-"],
    );
    check(
        "Der er afsat midler i budget 2025 til indsatsen",
        "2024-11-05",
        expect!["-"],
    );
    check(
        "Forslag to blev drøftet, jf. bilag 1 og punkt 3",
        "2024-11-05",
        expect!["-"],
    );
    check(
        "Fremsendes til behandling i henhold til beslutning i byrådets møde den 27. august 2025",
        "2025-08-27",
        expect!["-"],
    );
}

#[test]
fn word_table_is_sorted() {
    let words = super::grammar::word_table();
    assert!(
        words.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()),
        "WORDS must be sorted by bytes and unique"
    );
}
