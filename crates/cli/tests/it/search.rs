//! `referat search` on words typed as people type them (issue 16): without æ/ø, as a
//! compound, as a question, misspelt. Minutes written here, so the test needs nothing from
//! outside.

use crate::{run, stdout};

/// A committee's minutes whose words the archive repeats (a word must be seen three times
/// to be suggested).
const MINUTES: &str = "# Referat: Social- og Sundhedsudvalget

Dato: 6. januar 2025, kl. 16.00–18.00

## Punkt 1: Ældrereform i Køge

Udvalget drøftede ældrereformen, plejehjem og plejehjemmet i Køge. Plejehjem og plejehjem.

Beslutning: Godkendt.

## Punkt 2: Tryghedsvagter på Café Solsikken

Orientering om tryghedsvagter ved caféen.

Beslutning: Taget til efterretning.

## Punkt 3: Budget for tryghedsvagter

Tryghedsvagter er nævnt i budgettet.

Beslutning: Udvalget besluttede at forlænge ordningen med tryghedsvagter.

## Punkt 4: Nyt udbud på affaldsområdet

Et udbud om affald. Udbud af indsamling af affald i området. Et udbud, der dækker området,
og affald fra hele området.

Beslutning: Godkendt.
";

#[test]
fn search_reads_words_as_people_type_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("udvalg.md");
    std::fs::write(&file, MINUTES).unwrap();
    let data = dir.path().join("data");
    let import = run(&data, &["import", file.to_str().unwrap()]);
    assert!(import.status.success(), "{import:?}");

    let first_hit = |args: &[&str]| {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        let out = stdout(&run(&data, &all));
        out.lines().next().unwrap_or_default().to_owned()
    };
    assert!(first_hit(&["Koege"]).contains("Ældrereform i Køge"));
    assert!(first_hit(&["aeldrereform"]).contains("Ældrereform i Køge"));
    assert!(first_hit(&["cafe"]).contains("Café Solsikken"));
    // A compound typed as one word finds its parts written apart.
    assert!(first_hit(&["affaldsudbud"]).contains("Nyt udbud på affaldsområdet"));
    assert!(
        first_hit(&["hvad", "blev", "besluttet", "om", "tryghedsvagter?"])
            .contains("Budget for tryghedsvagter")
    );

    let misspelt = run(&data, &["search", "plejehjm"]);
    assert_eq!(
        stdout(&misspelt),
        "ingen punkter fundet for \"plejehjm\"\n\
         mente du «plejehjem»? (referat search plejehjem)\n"
    );
}
