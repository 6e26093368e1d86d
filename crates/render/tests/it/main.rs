//! The renderer's integration tests: the round trip through `formats` and `extract` on a
//! meeting written from scratch (`tests/data/`), and replaced templates. The round trip of
//! the seed gold answers, which cannot live in this repository, is `scripts/roundtrip`.

mod roundtrip;
mod templates;
