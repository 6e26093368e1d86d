//! The best hits of a query and how many there are, without scoring every match.
//!
//! A query is split in two: the terms that score (each stem in each weighted field, one flat
//! union, so tantivy's block-max WAND skips the blocks of postings that cannot reach the hits
//! kept so far) and the conditions of a match (every word in some field, a phrase in one
//! field, no excluded word, the filters). WAND proposes candidates in document order; a
//! candidate is kept when it meets the conditions, checked by seeking each condition's
//! postings to it. The score of a kept item is the sum of its scored terms, the same as a
//! nested boolean query of the words would give it, so the ranking is unchanged while a word
//! found in half of all items costs about what a rare one does.
//!
//! Counting is exact up to [`COUNT_LIMIT`] matches and stops after it; above it,
//! [`crate::Results::total_exact`] is false and the total is the limit.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Scorer, Weight};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader, TERMINATED,
};

/// A condition drives the search when its documents are this many times fewer than the
/// scored terms'.
const DRIVE_RATIO: u64 = 8;

/// Matches counted exactly; a query with more has "over" this many.
pub const COUNT_LIMIT: u64 = 1_000;

/// A condition on the items: a match in any one of `any` (a word in one of its fields, a
/// phrase in one of its fields, a filter).
pub(crate) struct Condition {
    pub(crate) any: Vec<Box<dyn Query>>,
}

/// A query taken apart: what scores, what an item must meet and what it must not.
pub(crate) struct Plan {
    /// The scored terms, one flat union of boosted term queries.
    pub(crate) scoring: Box<dyn Query>,
    /// The same terms one by one, to score the few documents of a rare condition.
    pub(crate) terms: Vec<Box<dyn Query>>,
    pub(crate) required: Vec<Condition>,
    pub(crate) excluded: Vec<Condition>,
    /// For a query of one word (no `required`), where it is found.
    pub(crate) word: Option<Condition>,
}

impl Plan {
    /// The matches as one query (for counts per filter value).
    pub(crate) fn matching(&self) -> Box<dyn Query> {
        let union = |condition: &Condition| -> Box<dyn Query> {
            let any = condition
                .any
                .iter()
                .map(|query| (Occur::Should, query.box_clone()))
                .collect();
            Box::new(BooleanQuery::new(any))
        };
        // One word: in any field (fewer postings than the scored terms, which hold it
        // twice); otherwise the conditions hold the words.
        let word = self.word.as_ref().map(|word| (Occur::Must, union(word)));
        let scored = (self.required.is_empty() && word.is_none())
            .then(|| (Occur::Must, self.scoring.box_clone()));
        let clauses = self
            .required
            .iter()
            .map(|condition| (Occur::Must, union(condition)))
            .chain(word)
            .chain(scored)
            .chain(
                self.excluded
                    .iter()
                    .map(|condition| (Occur::MustNot, union(condition))),
            )
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The unscored weights of a condition.
struct ConditionWeights(Vec<Box<dyn Weight>>);

impl ConditionWeights {
    fn new(searcher: &Searcher, condition: &Condition) -> tantivy::Result<ConditionWeights> {
        let unscored = EnableScoring::disabled_from_searcher(searcher);
        Ok(ConditionWeights(
            condition
                .any
                .iter()
                .map(|query| query.weight(unscored))
                .collect::<tantivy::Result<_>>()?,
        ))
    }

    fn check(&self, reader: &SegmentReader) -> tantivy::Result<Check> {
        let mut scorers = Vec::with_capacity(self.0.len());
        let mut lower = Vec::with_capacity(self.0.len());
        for weight in &self.0 {
            let scorer = weight.scorer(reader, 1.0)?;
            lower.push(scorer.doc());
            scorers.push(scorer);
        }
        Ok(Check { scorers, lower })
    }
}

/// A condition on one segment, asked about documents in increasing order.
struct Check {
    scorers: Vec<Box<dyn Scorer>>,
    /// Per scorer, the least document it can still hold.
    lower: Vec<DocId>,
}

impl Check {
    fn cost(&self) -> u64 {
        self.scorers.iter().map(|scorer| scorer.cost()).sum()
    }

    /// Calls `each` with every document that meets the condition, in order, until it
    /// returns false.
    fn walk(&mut self, mut each: impl FnMut(DocId) -> bool) {
        let mut cursors: Vec<DocId> = self.scorers.iter().map(|scorer| scorer.doc()).collect();
        loop {
            let doc = cursors.iter().copied().min().unwrap_or(TERMINATED);
            if doc == TERMINATED {
                return;
            }
            for (scorer, at) in self.scorers.iter_mut().zip(cursors.iter_mut()) {
                if *at == doc {
                    *at = scorer.advance();
                }
            }
            if !each(doc) {
                return;
            }
        }
    }

    /// Whether `doc` meets the condition; `doc` must grow from call to call.
    fn holds(&mut self, doc: DocId) -> bool {
        for (scorer, lower) in self.scorers.iter_mut().zip(self.lower.iter_mut()) {
            if *lower > doc {
                continue;
            }
            match scorer.seek_danger(doc) {
                SeekDangerResult::Found => {
                    *lower = doc + 1;
                    return true;
                }
                SeekDangerResult::SeekLowerBound(next) => *lower = next,
            }
        }
        false
    }
}

/// A kept hit; the heap's top is the worst.
#[derive(Clone, Copy)]
struct Kept {
    score: Score,
    address: DocAddress,
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    /// Better is less: a higher score, then the earlier document.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.address.cmp(&other.address))
    }
}

/// The `offset..offset + limit` best hits of `plan` and whether some were skipped by the
/// offset only (no others).
pub(crate) fn top(
    searcher: &Searcher,
    plan: &Plan,
    offset: usize,
    limit: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let k = offset + limit;
    let scoring = plan
        .scoring
        .weight(EnableScoring::enabled_from_searcher(searcher))?;
    let required = weights(searcher, &plan.required)?;
    let excluded = weights(searcher, &plan.excluded)?;
    let mut term_weights: Option<Vec<Box<dyn Weight>>> = None;
    let mut heap: BinaryHeap<Kept> = BinaryHeap::with_capacity(k + 1);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut required = checks(&required, reader)?;
        let mut excluded = checks(&excluded, reader)?;
        // Cheapest first: most candidates fail there.
        required.sort_by_key(Check::cost);
        let alive = reader.alive_bitset();
        let segment_ord = u32::try_from(ord).unwrap_or(u32::MAX);
        let threshold = |heap: &BinaryHeap<Kept>| {
            if heap.len() < k {
                Score::MIN
            } else {
                heap.peek().map_or(Score::MIN, |worst| worst.score)
            }
        };
        let keep = |heap: &mut BinaryHeap<Kept>, doc: DocId, score: Score| {
            heap.push(Kept {
                score,
                address: DocAddress::new(segment_ord, doc),
            });
            if heap.len() > k {
                heap.pop();
            }
        };
        let scored = scoring.scorer(reader, 1.0)?;
        if let Some((first, rest)) = required.split_first_mut()
            && first.cost().saturating_mul(DRIVE_RATIO) < scored.cost()
        {
            if term_weights.is_none() {
                let scoring = EnableScoring::enabled_from_searcher(searcher);
                term_weights = Some(
                    plan.terms
                        .iter()
                        .map(|term| term.weight(scoring))
                        .collect::<tantivy::Result<_>>()?,
                );
            }
            // Each term on its own: seeking one posting list is cheap, seeking the union
            // refills its window from every list.
            let mut terms = term_weights
                .iter()
                .flatten()
                .map(|weight| weight.scorer(reader, 1.0))
                .collect::<tantivy::Result<Vec<_>>>()?;
            // A rare condition (a phrase's pair, a narrow filter): its documents are
            // fewer than WAND would look at; score each of them.
            first.walk(|doc| {
                if alive.is_none_or(|alive| alive.is_alive(doc))
                    && rest.iter_mut().all(|check| check.holds(doc))
                    && !excluded.iter_mut().any(|check| check.holds(doc))
                {
                    let mut score = 0.0;
                    let mut found = false;
                    for term in &mut terms {
                        let at = if term.doc() < doc {
                            term.seek(doc)
                        } else {
                            term.doc()
                        };
                        if at == doc {
                            score += term.score();
                            found = true;
                        }
                    }
                    if found {
                        keep(&mut heap, doc, score);
                    }
                }
                true
            });
            continue;
        }
        let start = threshold(&heap);
        scoring.for_each_pruning(start, reader, &mut |doc, score| {
            let wanted = alive.is_none_or(|alive| alive.is_alive(doc))
                && required.iter_mut().all(|check| check.holds(doc))
                && !excluded.iter_mut().any(|check| check.holds(doc));
            if wanted {
                keep(&mut heap, doc, score);
            }
            threshold(&heap)
        })?;
    }
    let mut kept = heap.into_sorted_vec();
    Ok(kept
        .drain(..)
        .skip(offset)
        .map(|hit| (hit.score, hit.address))
        .collect())
}

/// The matches of `plan`, counted up to [`COUNT_LIMIT`] (and a little beyond): the number and
/// whether it is exact.
pub(crate) fn count(searcher: &Searcher, plan: &Plan) -> tantivy::Result<(u64, bool)> {
    // A query of one word has it as a condition beside the filters; without either, the
    // scored terms are the matches.
    let mut conditions: Vec<Condition> = plan
        .required
        .iter()
        .chain(&plan.word)
        .map(|condition| Condition {
            any: condition
                .any
                .iter()
                .map(|query| query.box_clone())
                .collect(),
        })
        .collect();
    if conditions.is_empty() {
        conditions.push(Condition {
            any: vec![plan.scoring.box_clone()],
        });
    }
    let required = weights(searcher, &conditions)?;
    let excluded = weights(searcher, &plan.excluded)?;
    let mut n = 0;
    for reader in searcher.segment_readers() {
        let mut required = checks(&required, reader)?;
        let mut excluded = checks(&excluded, reader)?;
        required.sort_by_key(Check::cost);
        let Some((first, rest)) = required.split_first_mut() else {
            continue;
        };
        let alive = reader.alive_bitset();
        // Walks the cheapest condition's documents, checking the others.
        let mut over = false;
        first.walk(|doc| {
            if alive.is_none_or(|alive| alive.is_alive(doc))
                && rest.iter_mut().all(|check| check.holds(doc))
                && !excluded.iter_mut().any(|check| check.holds(doc))
            {
                n += 1;
                over = n > COUNT_LIMIT;
            }
            !over
        });
        if over {
            return Ok((COUNT_LIMIT, false));
        }
    }
    Ok((n, true))
}

fn weights(
    searcher: &Searcher,
    conditions: &[Condition],
) -> tantivy::Result<Vec<ConditionWeights>> {
    conditions
        .iter()
        .map(|condition| ConditionWeights::new(searcher, condition))
        .collect()
}

fn checks(weights: &[ConditionWeights], reader: &SegmentReader) -> tantivy::Result<Vec<Check>> {
    weights
        .iter()
        .map(|weights| weights.check(reader))
        .collect()
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BoostQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, TantivyDocument, Term};

    use super::*;

    fn term(field: Field, word: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, word),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// Both words in either field, each field weighted, the way `SearchIndex` asks: the
    /// split plan must rank and count like the nested boolean query.
    #[test]
    fn the_split_query_ranks_and_counts_like_the_nested_one() {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["plan", "skole", "vej", "budget", "klima"];
        for n in 0..3_000_usize {
            let pick = |seed: usize, len: usize| -> String {
                (0..len)
                    .map(|i| words[(seed * 7 + i * i * 3 + n / 11) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let mut doc = TantivyDocument::default();
            let rare = if n % 97 == 0 { " sjælden" } else { "" };
            doc.add_text(title, format!("{}{rare}", pick(n, 1 + n % 3)));
            doc.add_text(text, pick(n / 3 + 1, 2 + n % 17));
            writer.add_document(doc).unwrap();
            if n % 1_000 == 999 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let weighted = [(title, 3.0), (text, 1.0)];
        let in_fields = |word: &str| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                weighted
                    .iter()
                    .map(|&(field, boost)| {
                        let boosted: Box<dyn Query> =
                            Box::new(BoostQuery::new(term(field, word), boost));
                        (Occur::Should, boosted)
                    })
                    .collect(),
            ))
        };
        for (wanted, unwanted, filter) in [
            (&["plan", "skole"][..], None, false),
            (&["vej"][..], Some("klima"), false),
            (&["budget", "klima", "vej"][..], None, false),
            // A rare filter drives the search instead of WAND.
            (&["plan", "vej"][..], None, true),
        ] {
            let mut nested: Vec<(Occur, Box<dyn Query>)> = wanted
                .iter()
                .map(|word| (Occur::Must, in_fields(word)))
                .collect();
            let mut required: Vec<Condition> = wanted
                .iter()
                .map(|word| Condition {
                    any: vec![term(title, word), term(text, word)],
                })
                .collect();
            if filter {
                nested.push((
                    Occur::Must,
                    Box::new(tantivy::query::ConstScoreQuery::new(
                        term(title, "sjælden"),
                        0.0,
                    )),
                ));
                required.push(Condition {
                    any: vec![term(title, "sjælden")],
                });
            }
            let terms: Vec<Box<dyn Query>> = wanted
                .iter()
                .flat_map(|word| {
                    weighted.iter().map(|&(field, boost)| {
                        Box::new(BoostQuery::new(term(field, word), boost)) as Box<dyn Query>
                    })
                })
                .collect();
            let plan = Plan {
                scoring: Box::new(BooleanQuery::new(
                    terms
                        .iter()
                        .map(|term| (Occur::Should, term.box_clone()))
                        .collect(),
                )),
                terms,
                required,
                excluded: unwanted
                    .map(|word| Condition {
                        any: vec![term(title, word), term(text, word)],
                    })
                    .into_iter()
                    .collect(),
                word: None,
            };
            if let Some(word) = unwanted {
                nested.push((Occur::MustNot, in_fields(word)));
            }
            let nested = BooleanQuery::new(nested);
            let (expected, n) = searcher
                .search(
                    &nested,
                    &(
                        TopDocs::with_limit(10).and_offset(5).order_by_score(),
                        Count,
                    ),
                )
                .unwrap();
            let found = top(&searcher, &plan, 5, 10).unwrap();
            assert_eq!(found.len(), expected.len(), "{wanted:?}");
            for ((score, address), (want_score, want_address)) in found.iter().zip(&expected) {
                assert!((score - want_score).abs() < 1e-4, "{wanted:?}");
                // Equal scores may come in either order; different ones may not.
                if (score - want_score).abs() < 1e-6 && address != want_address {
                    assert!(expected.iter().any(|(_, a)| a == address), "{wanted:?}");
                }
            }
            assert!(n > 10, "{wanted:?}: {n} matches only");
            let (counted, exact) = count(&searcher, &plan).unwrap();
            if n as u64 > COUNT_LIMIT {
                assert_eq!((counted, exact), (COUNT_LIMIT, false), "{wanted:?}");
            } else {
                assert_eq!((counted, exact), (n as u64, true), "{wanted:?}");
            }
        }
    }
}
