//! Results of recent queries ([`SearchCache`]): the counts per filter value of a query's
//! words, and the best hits of a page.
//!
//! Counting goes over every item a query's words match: for a common word in a large index
//! that was most of the time of a search page, and the same words come back with every page
//! and every filter a reader clicks (the counts are taken before the filters, so all of
//! those share one entry). The best hits of a common word cost the next most, and a page is
//! asked for again when a reader goes back or follows a link to the search. Both depend only
//! on the query and on the index's segments, so an entry is valid until the index is
//! reloaded with other segments; the cache is emptied then. Stored documents and snippets
//! are read anew for every request. Each kind holds at most a fixed number of entries and
//! drops its least recently used half when full.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

use tantivy::DocAddress;

use crate::Filters;
use crate::facets::Facets;
use crate::query::Part;

/// What the counts of a query depend on besides the index: its parts, whether every word
/// had to match, and whether closed items count whole (a member asks).
pub(crate) type FacetKey = (Vec<Part>, bool, bool);

/// What a page of hits depends on besides the index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct PageKey {
    pub(crate) parts: Vec<Part>,
    pub(crate) filters: Filters,
    pub(crate) offset: usize,
    pub(crate) limit: usize,
    /// With counts per filter value, the total is taken from them, not counted.
    pub(crate) facets: bool,
}

/// A page of hits as found: whether every word had to match, the total and the hits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub(crate) strict: bool,
    pub(crate) total: u64,
    pub(crate) exact: bool,
    pub(crate) top: Vec<(f32, DocAddress)>,
}

/// Results of recent queries, for one generation of the index's segments.
#[derive(Debug)]
pub(crate) struct SearchCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// At most this many entries of each kind; 0 turns the cache off.
    capacity: usize,
    /// The searcher generation the entries were found on.
    generation: u64,
    facets: Lru<FacetKey, Facets>,
    pages: Lru<PageKey, Page>,
    hits: u64,
    misses: u64,
}

/// Entries with the tick of their last use.
#[derive(Debug)]
struct Lru<K, V> {
    entries: HashMap<K, (V, u64)>,
    tick: u64,
}

impl<K, V> Default for Lru<K, V> {
    fn default() -> Self {
        Lru {
            entries: HashMap::new(),
            tick: 0,
        }
    }
}

impl<K: Hash + Eq, V: Clone> Lru<K, V> {
    fn get(&mut self, key: &K) -> Option<V> {
        self.tick += 1;
        let tick = self.tick;
        self.entries.get_mut(key).map(|(value, used)| {
            *used = tick;
            value.clone()
        })
    }

    fn put(&mut self, key: K, value: V, capacity: usize) {
        if self.entries.len() >= capacity {
            // The least recently used half goes.
            let mut ticks: Vec<u64> = self.entries.values().map(|(_, used)| *used).collect();
            let middle = (ticks.len() / 2).saturating_sub(1);
            let (_, cut, _) = ticks.select_nth_unstable(middle);
            let cut = *cut;
            self.entries.retain(|_, (_, used)| *used > cut);
        }
        self.tick += 1;
        self.entries.insert(key, (value, self.tick));
    }
}

/// How the cache has done since it was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries held now (both kinds).
    pub entries: usize,
    /// Most entries held of each kind.
    pub capacity: usize,
    /// Look-ups answered from the cache.
    pub hits: u64,
    /// Look-ups that had to search.
    pub misses: u64,
}

impl SearchCache {
    pub(crate) fn new(capacity: usize) -> SearchCache {
        SearchCache {
            inner: Mutex::new(Inner {
                capacity,
                ..Inner::default()
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The maps are consistent between statements: a panic elsewhere leaves them usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn set_capacity(&self, capacity: usize) {
        let mut inner = self.lock();
        inner.capacity = capacity;
        inner.facets.entries.clear();
        inner.pages.entries.clear();
    }

    pub(crate) fn stats(&self) -> CacheStats {
        let inner = self.lock();
        CacheStats {
            entries: inner.facets.entries.len() + inner.pages.entries.len(),
            capacity: inner.capacity,
            hits: inner.hits,
            misses: inner.misses,
        }
    }

    /// The cache for `generation`; `None` when off. A look-up (`switch`) on another
    /// generation empties it; an entry found on another generation is not kept.
    fn at(&self, generation: u64, switch: bool) -> Option<std::sync::MutexGuard<'_, Inner>> {
        let mut inner = self.lock();
        if inner.capacity == 0 || (!switch && inner.generation != generation) {
            return None;
        }
        if inner.generation != generation {
            inner.generation = generation;
            inner.facets.entries.clear();
            inner.pages.entries.clear();
        }
        Some(inner)
    }

    fn tally<T>(inner: &mut Inner, found: Option<T>) -> Option<T> {
        match found {
            Some(_) => inner.hits += 1,
            None => inner.misses += 1,
        }
        found
    }

    /// The counts of `key` on segments of `generation`, when kept.
    pub(crate) fn facets(&self, generation: u64, key: &FacetKey) -> Option<Facets> {
        let mut inner = self.at(generation, true)?;
        let found = inner.facets.get(key);
        Self::tally(&mut inner, found)
    }

    /// Keeps the counts of `key` on segments of `generation`.
    pub(crate) fn put_facets(&self, generation: u64, key: FacetKey, facets: &Facets) {
        if let Some(mut inner) = self.at(generation, false) {
            let capacity = inner.capacity;
            inner.facets.put(key, facets.clone(), capacity);
        }
    }

    /// The page of `key` on segments of `generation`, when kept.
    pub(crate) fn page(&self, generation: u64, key: &PageKey) -> Option<Page> {
        let mut inner = self.at(generation, true)?;
        let found = inner.pages.get(key);
        Self::tally(&mut inner, found)
    }

    /// Keeps the page of `key` on segments of `generation`.
    pub(crate) fn put_page(&self, generation: u64, key: PageKey, page: &Page) {
        if let Some(mut inner) = self.at(generation, false) {
            let capacity = inner.capacity;
            inner.pages.put(key, page.clone(), capacity);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(word: &str) -> FacetKey {
        (vec![Part::Word(word.to_owned())], true, false)
    }

    fn counts(n: u64) -> Facets {
        Facets {
            with_actions: n,
            ..Facets::default()
        }
    }

    #[test]
    fn kept_per_generation_and_dropped_on_reload() {
        let cache = SearchCache::new(8);
        assert_eq!(cache.facets(1, &key("budget")), None);
        cache.put_facets(1, key("budget"), &counts(3));
        assert_eq!(cache.facets(1, &key("budget")), Some(counts(3)));
        // Not strict is another query.
        assert_eq!(cache.facets(1, &(key("budget").0, false, false)), None);
        // Members' counts of the same words are apart from the public's.
        assert_eq!(cache.facets(1, &(key("budget").0, true, true)), None);
        // Other segments: counted again.
        assert_eq!(cache.facets(2, &key("budget")), None);
        cache.put_facets(1, key("budget"), &counts(3)); // counted on the old segments: ignored
        assert_eq!(cache.facets(2, &key("budget")), None);
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.entries), (1, 5, 0));
    }

    #[test]
    fn full_cache_drops_the_least_recently_used() {
        let cache = SearchCache::new(4);
        for (n, word) in ["a", "b", "c", "d"].into_iter().enumerate() {
            assert_eq!(cache.facets(1, &key(word)), None);
            cache.put_facets(1, key(word), &counts(n as u64));
        }
        // "a" and "b" used again: "c" and "d" are the oldest.
        assert!(cache.facets(1, &key("a")).is_some());
        assert!(cache.facets(1, &key("b")).is_some());
        cache.put_facets(1, key("e"), &counts(9));
        assert!(cache.facets(1, &key("a")).is_some());
        assert!(cache.facets(1, &key("e")).is_some());
        assert_eq!(cache.facets(1, &key("c")), None);
        assert_eq!(cache.facets(1, &key("d")), None);
        assert!(cache.stats().entries <= 4);
    }

    #[test]
    fn pages_are_kept_per_query_filters_and_window() {
        let cache = SearchCache::new(8);
        let page_key = |offset| PageKey {
            parts: key("budget").0,
            filters: Filters::default(),
            offset,
            limit: 20,
            facets: true,
        };
        let page = Page {
            strict: true,
            total: 40,
            exact: true,
            top: vec![(1.5, DocAddress::new(0, 7))],
        };
        assert_eq!(cache.page(1, &page_key(0)), None);
        cache.put_page(1, page_key(0), &page);
        assert_eq!(cache.page(1, &page_key(0)), Some(page.clone()));
        assert_eq!(cache.page(1, &page_key(20)), None);
        let filtered = PageKey {
            filters: Filters {
                body: Some("Byrådet".into()),
                ..Filters::default()
            },
            ..page_key(0)
        };
        assert_eq!(cache.page(1, &filtered), None);
        // Counts and pages are apart.
        assert_eq!(cache.facets(1, &key("budget")), None);
        assert_eq!(cache.page(2, &page_key(0)), None);
    }

    #[test]
    fn capacity_zero_keeps_nothing() {
        let cache = SearchCache::new(0);
        cache.put_facets(1, key("a"), &counts(1));
        assert_eq!(cache.facets(1, &key("a")), None);
        assert_eq!(cache.stats().misses, 0);
    }
}
