//! The real corpus in `../shared/corpus` (skipped with a note when absent): every Greve
//! API meeting reads, and the FirstAgenda Publication pages read like the seed renderings.

use formats::Document;
use model::DocumentKind;

#[test]
fn greve_api_meetings_all_read() {
    let Some(shared) = crate::shared() else {
        println!("skipped: ../shared/corpus is absent");
        return;
    };
    let dir = shared.join("corpus/greve-api");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    let (mut n_meetings, mut n_items, mut n_decision_texts) = (0, 0, 0);
    let (mut n_absent, mut n_item_absent, mut n_agendas) = (0, 0, 0);
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let document = formats::read(&bytes, &name).unwrap_or_else(|err| panic!("{name}: {err}"));
        let Document::Meeting(structured) = document else {
            panic!("{name}: expected a meeting");
        };
        let meeting = &structured.meeting;
        assert!(!meeting.body.is_empty(), "{name}");
        let date = meeting.date.unwrap_or_else(|| panic!("{name}: no date"));
        // File names are `<committee>_<date>_<time>_<id>.json`, local time.
        let start = meeting.start.unwrap();
        let stamp = format!("_{date}_{:02}{:02}_", start.hour(), start.minute());
        assert!(name.contains(&stamp), "{name}: {stamp}");
        assert!(meeting.id.ends_with(&date.to_string()), "{name}");
        n_meetings += 1;
        n_items += meeting.items.len();
        n_decision_texts += structured.item_texts.len();
        n_absent += meeting.absent.len();
        n_item_absent += meeting
            .items
            .iter()
            .map(|item| item.absent.len())
            .sum::<usize>();
        n_agendas += usize::from(meeting.kind == DocumentKind::Agenda);
    }
    println!(
        "greve-api: {n_meetings} meetings, {n_items} items, {n_decision_texts} decision texts, \
         {n_absent} absent from meetings, {n_item_absent} absent from items, {n_agendas} agendas"
    );
    assert_eq!(n_meetings, paths.len());
}

#[test]
fn firstagenda_pages_read_like_the_seeds() {
    let Some(shared) = crate::shared() else {
        println!("skipped: ../shared/corpus is absent");
        return;
    };
    let dir = shared.join("corpus/firstagenda-html");
    let minutes = std::fs::read(dir.join("aarhus_2025-10-01_teknisk-udvalg_referat.html")).unwrap();
    let Document::Text(text) = formats::read(&minutes, "referat.html").unwrap() else {
        panic!("expected text");
    };
    let head: Vec<&str> = text
        .lines
        .iter()
        .take(12)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(
        head,
        [
            "Teknisk Udvalg",
            "",
            "01-10-2025 15:45",
            "",
            "Udvalgsværelse 398",
            "",
            "Referat",
            "",
            "Punkt 1: Referat fra sidste udvalgsmøde",
            "",
            "Sagsnummer: EMN-2025-010561",
            "",
        ]
    );
    let agenda = std::fs::read(dir.join("aarhus_2025-10-08_byraad_DAGSORDEN.html")).unwrap();
    let Document::Text(text) = formats::read(&agenda, "dagsorden.html").unwrap() else {
        panic!("expected text");
    };
    assert!(text.lines.iter().take(10).any(|l| l.text == "Dagsorden"));
}
