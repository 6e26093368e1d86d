//! The counts per filter value of recent queries ([`FacetCache`]).
//!
//! Counting goes over every item a query's words match: for a common word in a large index
//! that is most of the time of a search page, and the same words come back with every page
//! and every filter a reader clicks (the counts are taken before the filters, so all of
//! those share one entry). The counts depend only on the words and on the index's segments,
//! so an entry is valid until the index is reloaded with other segments; the cache is
//! emptied then. It holds at most a fixed number of entries and drops the least recently
//! used half when full.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::facets::Facets;
use crate::query::Part;

/// What the counts of a query depend on besides the index: its parts and whether every
/// word had to match.
pub(crate) type Key = (Vec<Part>, bool);

/// Counts of recent queries, for one generation of the index's segments.
#[derive(Debug)]
pub(crate) struct FacetCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// At most this many entries; 0 turns the cache off.
    capacity: usize,
    /// The searcher generation the entries were counted on.
    generation: u64,
    /// Entry, and the tick of its last use.
    entries: HashMap<Key, (Facets, u64)>,
    tick: u64,
    hits: u64,
    misses: u64,
}

/// How the cache has done since it was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries held now.
    pub entries: usize,
    /// Most entries held.
    pub capacity: usize,
    /// Searches answered from the cache.
    pub hits: u64,
    /// Searches that counted.
    pub misses: u64,
}

impl FacetCache {
    pub(crate) fn new(capacity: usize) -> FacetCache {
        FacetCache {
            inner: Mutex::new(Inner {
                capacity,
                ..Inner::default()
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The map is consistent between statements: a panic elsewhere leaves it usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn set_capacity(&self, capacity: usize) {
        let mut inner = self.lock();
        inner.capacity = capacity;
        inner.entries.clear();
    }

    pub(crate) fn stats(&self) -> CacheStats {
        let inner = self.lock();
        CacheStats {
            entries: inner.entries.len(),
            capacity: inner.capacity,
            hits: inner.hits,
            misses: inner.misses,
        }
    }

    /// The counts of `key` on segments of `generation`, when kept.
    pub(crate) fn get(&self, generation: u64, key: &Key) -> Option<Facets> {
        let mut inner = self.lock();
        if inner.capacity == 0 {
            return None;
        }
        if inner.generation != generation {
            inner.generation = generation;
            inner.entries.clear();
        }
        inner.tick += 1;
        let tick = inner.tick;
        let found = inner.entries.get_mut(key).map(|(facets, used)| {
            *used = tick;
            facets.clone()
        });
        match found {
            Some(_) => inner.hits += 1,
            None => inner.misses += 1,
        }
        found
    }

    /// Keeps the counts of `key` on segments of `generation`.
    pub(crate) fn put(&self, generation: u64, key: Key, facets: &Facets) {
        let mut inner = self.lock();
        if inner.capacity == 0 || inner.generation != generation {
            return;
        }
        if inner.entries.len() >= inner.capacity {
            // The least recently used half goes.
            let mut ticks: Vec<u64> = inner.entries.values().map(|(_, used)| *used).collect();
            let middle = (ticks.len() / 2).saturating_sub(1);
            let (_, cut, _) = ticks.select_nth_unstable(middle);
            let cut = *cut;
            inner.entries.retain(|_, (_, used)| *used > cut);
        }
        inner.tick += 1;
        let tick = inner.tick;
        inner.entries.insert(key, (facets.clone(), tick));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(word: &str) -> Key {
        (vec![Part::Word(word.to_owned())], true)
    }

    fn counts(n: u64) -> Facets {
        Facets {
            with_actions: n,
            ..Facets::default()
        }
    }

    #[test]
    fn kept_per_generation_and_dropped_on_reload() {
        let cache = FacetCache::new(8);
        assert_eq!(cache.get(1, &key("budget")), None);
        cache.put(1, key("budget"), &counts(3));
        assert_eq!(cache.get(1, &key("budget")), Some(counts(3)));
        // Not strict is another query.
        assert_eq!(cache.get(1, &(key("budget").0, false)), None);
        // Other segments: counted again.
        assert_eq!(cache.get(2, &key("budget")), None);
        cache.put(1, key("budget"), &counts(3)); // counted on the old segments: ignored
        assert_eq!(cache.get(2, &key("budget")), None);
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.entries), (1, 4, 0));
    }

    #[test]
    fn full_cache_drops_the_least_recently_used() {
        let cache = FacetCache::new(4);
        for (n, word) in ["a", "b", "c", "d"].into_iter().enumerate() {
            assert_eq!(cache.get(1, &key(word)), None);
            cache.put(1, key(word), &counts(n as u64));
        }
        // "a" and "b" used again: "c" and "d" are the oldest.
        assert!(cache.get(1, &key("a")).is_some());
        assert!(cache.get(1, &key("b")).is_some());
        cache.put(1, key("e"), &counts(9));
        assert!(cache.get(1, &key("a")).is_some());
        assert!(cache.get(1, &key("e")).is_some());
        assert_eq!(cache.get(1, &key("c")), None);
        assert_eq!(cache.get(1, &key("d")), None);
        assert!(cache.stats().entries <= 4);
    }

    #[test]
    fn capacity_zero_keeps_nothing() {
        let cache = FacetCache::new(0);
        cache.put(1, key("a"), &counts(1));
        assert_eq!(cache.get(1, &key("a")), None);
        assert_eq!(cache.stats().misses, 0);
    }
}
