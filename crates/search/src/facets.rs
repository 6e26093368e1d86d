//! Counts per filter value over the items that match a query: how many are of each body,
//! each year, each decision kind, and with or without follow-ups. Read from fast fields
//! (columns) segment by segment, counting by term ordinal and naming the values once per
//! segment at the end, so a query that matches every item of a large index stays cheap.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::{BODY, DAY, HAS_ACTIONS, KIND};

/// Items per filter value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Per body, as written.
    pub body: BTreeMap<String, u64>,
    /// Per year of the meeting.
    pub year: BTreeMap<i32, u64>,
    /// Per decision kind (`DecisionKind::as_str`); an item with two kinds counts in both.
    pub kind: BTreeMap<String, u64>,
    /// Items with follow-ups.
    pub with_actions: u64,
    /// Items without follow-ups.
    pub without_actions: u64,
}

impl Facets {
    fn merge(&mut self, other: Facets) {
        for (key, n) in other.body {
            *self.body.entry(key).or_default() += n;
        }
        for (key, n) in other.year {
            *self.year.entry(key).or_default() += n;
        }
        for (key, n) in other.kind {
            *self.kind.entry(key).or_default() += n;
        }
        self.with_actions += other.with_actions;
        self.without_actions += other.without_actions;
    }
}

/// Collects [`Facets`].
pub(crate) struct FacetCollector;

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let fast = segment.fast_fields();
        let body = fast.str(BODY)?;
        let kind = fast.str(KIND)?;
        let slots =
            |column: &Option<StrColumn>| vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
        Ok(SegmentFacets {
            body_counts: slots(&body),
            kind_counts: slots(&kind),
            body,
            kind,
            day: fast.i64(DAY)?,
            has_actions: fast.u64(HAS_ACTIONS)?,
            year_counts: BTreeMap::new(),
            with_actions: 0,
            without_actions: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Facets>) -> tantivy::Result<Facets> {
        let mut all = Facets::default();
        for fruit in fruits {
            all.merge(fruit);
        }
        Ok(all)
    }
}

/// [`FacetCollector`] on one segment.
pub(crate) struct SegmentFacets {
    body: Option<StrColumn>,
    kind: Option<StrColumn>,
    day: Column<i64>,
    has_actions: Column<u64>,
    /// Per term ordinal.
    body_counts: Vec<u64>,
    kind_counts: Vec<u64>,
    year_counts: BTreeMap<i32, u64>,
    with_actions: u64,
    without_actions: u64,
}

fn names(column: Option<&StrColumn>, counts: &[u64]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let Some(column) = column else { return out };
    let mut name = String::new();
    for (ord, &n) in counts.iter().enumerate() {
        name.clear();
        if n > 0 && column.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
            *out.entry(name.clone()).or_default() += n;
        }
    }
    out
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Facets;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(body) = &self.body {
            for ord in body.ords().values_for_doc(doc) {
                if let Some(n) = self.body_counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
        if let Some(kind) = &self.kind {
            for ord in kind.ords().values_for_doc(doc) {
                if let Some(n) = self.kind_counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
        if let Some(day) = self.day.first(doc) {
            let year = i32::try_from(day / 10_000).unwrap_or_default();
            *self.year_counts.entry(year).or_default() += 1;
        }
        if self.has_actions.first(doc).unwrap_or(0) > 0 {
            self.with_actions += 1;
        } else {
            self.without_actions += 1;
        }
    }

    fn harvest(self) -> Facets {
        Facets {
            body: names(self.body.as_ref(), &self.body_counts),
            kind: names(self.kind.as_ref(), &self.kind_counts),
            year: self.year_counts,
            with_actions: self.with_actions,
            without_actions: self.without_actions,
        }
    }
}
