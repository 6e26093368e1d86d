//! Throughput of text → Meeting on the seed minutes (`cargo bench -p extract`). The target
//! is at least 50 MB/s on one core; divan prints the figure as bytes per second.

use model::{Format, Text};

const SEEDS: &[&str] = &[
    include_str!("../tests/data/seed_000.txt"),
    include_str!("../tests/data/seed_001.txt"),
    include_str!("../tests/data/seed_002.txt"),
    include_str!("../tests/data/seed_003.txt"),
    include_str!("../tests/data/seed_004.txt"),
];

fn main() {
    divan::main();
}

/// All five seeds, one after the other; the lines are prepared outside the timed part.
#[divan::bench]
fn seeds(bencher: divan::Bencher) {
    let texts: Vec<Text> = SEEDS
        .iter()
        .map(|seed| Text::from_plain(seed, Format::Text))
        .collect();
    let bytes: usize = SEEDS.iter().map(|seed| seed.len()).sum();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| {
            for text in &texts {
                divan::black_box(extract::extract(divan::black_box(text)));
            }
        });
}
