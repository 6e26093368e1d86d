//! Counts per filter value over the items that match a query: how many are of each body,
//! each year, each decision kind, and with or without follow-ups. Each segment's values are
//! read from the fast fields (columns) once and kept packed per document
//! ([`SegmentValues`]); counting adds up by ordinal and names the values once per segment
//! at the end, so a query that matches every item of a large index stays cheap.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::columnar::StrColumn;
use tantivy::{DocId, SegmentReader};

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

/// The filter values of one segment's documents, read from the columns once and packed, so
/// counting a query's matches is an array lookup per match (reading the columns per match
/// was most of the time of a search for a common word). A segment's documents share few
/// combinations of values (bodies × years × kinds × follow-ups), so each document holds the
/// number of its combination, and counting adds one per match to that combination's
/// counter; the combinations are named once at the end.
#[derive(Debug)]
pub(crate) struct SegmentValues {
    /// Per document, its combination in `combos`.
    docs: Vec<u32>,
    /// The distinct combinations.
    combos: Vec<Packed>,
    /// Body names by `Packed::body`.
    bodies: Vec<String>,
    /// Decision kind names by bit of `Packed::kinds`.
    kinds: Vec<String>,
    /// Year of `Packed::year` 0.
    first_year: i32,
}

/// One document's values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Packed {
    /// Body ordinal + 1 (0: none).
    body: u16,
    /// Year - `first_year` + 1 (0: no date).
    year: u16,
    /// A bit per decision kind.
    kinds: u16,
    has_actions: bool,
}

impl SegmentValues {
    pub(crate) fn read(segment: &SegmentReader) -> tantivy::Result<SegmentValues> {
        let fast = segment.fast_fields();
        let body = fast.str(BODY)?;
        let kind = fast.str(KIND)?;
        let day = fast.i64(DAY)?;
        let has_actions = fast.u64(HAS_ACTIONS)?;
        let terms = |column: &Option<StrColumn>| -> Vec<String> {
            let Some(column) = column else {
                return Vec::new();
            };
            (0..column.num_terms() as u64)
                .map(|ord| {
                    let mut name = String::new();
                    let _ = column.ord_to_str(ord, &mut name);
                    name
                })
                .collect()
        };
        let bodies = terms(&body);
        let kinds = terms(&kind);
        let max_doc = segment.max_doc();
        let first_year = (0..max_doc)
            .filter_map(|doc| day.first(doc))
            .map(|day| i32::try_from(day / 10_000).unwrap_or_default())
            .min()
            .unwrap_or_default();
        let mut docs = Vec::with_capacity(max_doc as usize);
        let mut combos: Vec<Packed> = Vec::new();
        let mut numbers: HashMap<Packed, u32> = HashMap::new();
        for doc in 0..max_doc {
            let mut packed = Packed::default();
            if let Some(body) = &body
                && let Some(ord) = body.ords().values_for_doc(doc).next()
            {
                packed.body = u16::try_from(ord + 1).unwrap_or(0);
            }
            if let Some(kind) = &kind {
                for ord in kind.ords().values_for_doc(doc) {
                    if ord < 16 {
                        packed.kinds |= 1 << ord;
                    }
                }
            }
            if let Some(day) = day.first(doc) {
                let year = i32::try_from(day / 10_000).unwrap_or_default();
                packed.year = u16::try_from(year - first_year + 1).unwrap_or(0);
            }
            packed.has_actions = has_actions.first(doc).unwrap_or(0) > 0;
            let number = *numbers.entry(packed).or_insert_with(|| {
                combos.push(packed);
                u32::try_from(combos.len() - 1).unwrap_or(u32::MAX)
            });
            docs.push(number);
        }
        Ok(SegmentValues {
            docs,
            combos,
            bodies,
            kinds,
            first_year,
        })
    }

    /// Bytes held.
    pub(crate) fn bytes(&self) -> usize {
        self.docs.len() * std::mem::size_of::<u32>()
            + self.combos.len() * std::mem::size_of::<Packed>()
    }
}

/// Counts in progress for one segment: matches per combination of values.
pub(crate) struct SegmentCounts<'a> {
    values: &'a SegmentValues,
    per_combo: Vec<u64>,
}

impl<'a> SegmentCounts<'a> {
    pub(crate) fn new(values: &'a SegmentValues) -> SegmentCounts<'a> {
        SegmentCounts {
            values,
            per_combo: vec![0; values.combos.len()],
        }
    }

    pub(crate) fn add(&mut self, doc: DocId) {
        if let Some(&combo) = self.values.docs.get(doc as usize)
            && let Some(n) = self.per_combo.get_mut(combo as usize)
        {
            *n += 1;
        }
    }

    pub(crate) fn finish(self, into: &mut Facets) {
        let values = self.values;
        for (packed, &n) in values.combos.iter().zip(&self.per_combo) {
            if n == 0 {
                continue;
            }
            if let Some(name) = usize::from(packed.body)
                .checked_sub(1)
                .and_then(|ord| values.bodies.get(ord))
            {
                *into.body.entry(name.clone()).or_default() += n;
            }
            if packed.year > 0 {
                let year = values.first_year + i32::from(packed.year) - 1;
                *into.year.entry(year).or_default() += n;
            }
            let mut kinds = packed.kinds;
            while kinds != 0 {
                let bit = kinds.trailing_zeros() as usize;
                if let Some(name) = values.kinds.get(bit) {
                    *into.kind.entry(name.clone()).or_default() += n;
                }
                kinds &= kinds - 1;
            }
            if packed.has_actions {
                into.with_actions += n;
            } else {
                into.without_actions += n;
            }
        }
    }
}
