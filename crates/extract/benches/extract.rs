//! Throughput of text → Meeting on the seed minutes (`cargo bench -p extract`). The target
//! is at least 50 MB/s at every size; divan prints the figure as bytes per second. A
//! document of more than half a MiB has its lines cleaned and its items read on every core
//! (`par.rs`), so the 1, 8 and 64 MiB figures depend on the cores free: note the load.
//!
//! `seeds` runs the five seeds one after the other. `repeated` runs one text made of the
//! seeds repeated to 1, 8 and 64 MiB, and `pasted` one made of [`PASTED`], invented minutes
//! with the forms whose passes once cost time in the square of the input (issue 12: a
//! numbered agenda and items without `Punkt`, attendance lists, one long paragraph of
//! decisions and follow-ups, `Bilag N`). Pasted one after another they make an agenda of
//! thousands of entries, thousands of names and an item of thousands of sentences; a
//! super-linear pass shows as a rate that falls with the size. Run one of them with
//! `cargo bench -p extract -- pasted`.
//!
//! The lines are prepared before the timed part, and divan drops the returned Meetings
//! after it: a sample times `extract::extract` alone.
//!
//! A pass takes about 0.4 ms, so divan's default of 100 samples is over in 40 ms, most of
//! it while the processor (a virtual one, here) is still coming up to speed: the median of
//! such a run came out at half the steady rate. The benchmark takes 3,000 samples (about a
//! second and a half) and the median is the figure to quote.
//!
//! Timings on a shared machine are noisy; instruction counts are not. One pass over the
//! seeds under callgrind (`--test` runs each benchmark once):
//!
//! ```text
//! cargo bench -p extract --no-run      # prints the path of the bench binary
//! valgrind --tool=callgrind --toggle-collect='extract::extract' --callgrind-out-file=cg.out \
//!     target/release/deps/extract-<hash> --bench --test
//! callgrind_annotate --inclusive=yes cg.out | head -40
//! ```
//!
//! With `--toggle-collect`, only what `extract::extract` runs is counted: the `I refs` total
//! valgrind prints is the cost of one pass; divide by the seeds' 18,059 bytes for
//! instructions per byte. `--tree=calling` (with `--threshold=100`) shows where it goes.

use model::{Format, Text};

const SEEDS: [&str; 5] = [
    include_str!("../tests/data/seed_000.txt"),
    include_str!("../tests/data/seed_001.txt"),
    include_str!("../tests/data/seed_002.txt"),
    include_str!("../tests/data/seed_003.txt"),
    include_str!("../tests/data/seed_004.txt"),
];

/// Invented minutes (no corpus text) with the forms named in the module doc.
const PASTED: &str = "Referat af møde i Ældrerådet

Mødedato: 12. marts 2025 kl. 14.00
Sted: Rådhuset, mødelokale 2

Deltagere:
Anne Holm
Peter Skov Larsen
Lene Bak Friis

Afbud:
Jens Mørk

Dagsorden
1. Godkendelse af dagsorden
2. Budgetopfølgning for første kvartal
3. Eventuelt

1. Godkendelse af dagsorden
Beslutning
Dagsordenen blev godkendt.

2. Budgetopfølgning for første kvartal
Sagsfremstilling
Forvaltningen har udarbejdet en opfølgning, jf. bilag 1 og bilag 2.
Beslutning
Rådet tog orienteringen til efterretning. Forvaltningen udarbejder et notat om
udgifterne til næste møde senest den 1. juni 2025. Peter Skov Larsen undersøger
mulighederne for et fælles arrangement inden sommerferien. Anne Holm orienterede om
høringen, som afsluttes i uge 20. Rådet godkendte indstillingen.
Ansvarlig: Lene Bak Friis

3. Eventuelt
Intet.
";

fn main() {
    divan::main();
}

/// `text` repeated, one copy after the other, to `mib` MiB.
fn repeat_to(parts: &[&str], mib: usize) -> String {
    let target = mib * 1024 * 1024;
    let mut joined = String::with_capacity(target + 64 * 1024);
    while joined.len() < target {
        for part in parts {
            joined.push_str(part);
            joined.push('\n');
        }
    }
    joined
}

/// All five seeds, one after the other.
#[divan::bench(sample_count = 3000)]
fn seeds(bencher: divan::Bencher) {
    let texts: Vec<Text> = SEEDS
        .iter()
        .map(|seed| Text::from_plain(seed, Format::Text))
        .collect();
    let bytes: usize = SEEDS.iter().map(|seed| seed.len()).sum();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| {
            std::array::from_fn::<_, 5, _>(|idx| extract::extract(divan::black_box(&texts[idx])))
        });
}

/// The seeds repeated, one after the other, to `mib` MiB as one text. A 64 MiB pass takes
/// about a second, so few samples of one pass each.
#[divan::bench(args = [1, 8, 64], sample_count = 10, sample_size = 1)]
fn repeated(bencher: divan::Bencher, mib: usize) {
    let joined = repeat_to(&SEEDS, mib);
    let text = Text::from_plain(&joined, Format::Text);
    bencher
        .counter(divan::counter::BytesCount::new(joined.len()))
        .bench(|| extract::extract(divan::black_box(&text)));
}

/// [`PASTED`] repeated to `mib` MiB as one text.
#[divan::bench(args = [1, 8, 64], sample_count = 10, sample_size = 1)]
fn pasted(bencher: divan::Bencher, mib: usize) {
    let joined = repeat_to(&[PASTED], mib);
    let text = Text::from_plain(&joined, Format::Text);
    bencher
        .counter(divan::counter::BytesCount::new(joined.len()))
        .bench(|| extract::extract(divan::black_box(&text)));
}
