//! Full-text search over minuted items: a tantivy index with Danish analysis
//! ([`analysis`]: stemming, `aa` as `å`, compound parts), weighted fields (title, then
//! decision, action, text), filters (body, dates, person, decision kind, items with follow-ups),
//! snippets with the hits marked, and related items (the same case at other meetings).
//!
//! The index is derived data: it lives in a folder (`<data>/index/`) and is rebuilt from the
//! store when missing or made by another schema version. It remembers the store's change
//! counter it has caught up with ([`SearchIndex::indexed_seq`]); the caller feeds it the
//! meetings changed since. This crate never reads the store itself (it depends on `model`
//! only) and is synchronous; the web server calls it from `spawn_blocking`.

pub mod analysis;
mod cache;
mod directory;
mod facets;
mod query;
mod related;
mod schema;
mod snippet;
mod topk;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::index::{SegmentComponent, SegmentId};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EnableScoring, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, Index, IndexReader, IndexSettings, IndexWriter, Order, ReloadPolicy, Searcher,
    SegmentReader, TantivyDocument, Term,
};

use analysis::Lexicon;
use schema::Fields;

pub use cache::CacheStats;
pub use facets::Facets;
pub use related::{MIN_SIMILARITY, title_similarity};
pub use topk::COUNT_LIMIT;

/// Version of the schema and analysis. Bump it when either changes: an index of another
/// version is rebuilt.
pub const SCHEMA_VERSION: u32 = 6;

/// Decompressed blocks of stored documents kept per segment (tantivy's default is 100).
const DOC_BLOCKS_CACHED: usize = 10;

/// Bytes of stored documents compressed together (tantivy's default is 16 KiB). An item is
/// about 4 KiB stored, and a hit decompresses its whole block: with smaller blocks a page of
/// hits decompresses a quarter as much (it was a seventh of a search's time), for a store
/// file about a tenth larger.
const DOC_BLOCK_BYTES: usize = 4 * 1024;

const LEXICON_FILE: &str = "lexicon.txt";

/// A typed compound found in this many items or more is not split into its parts
/// (see `SearchIndex::compound_parts`).
const COMPOUND_RARE: u64 = 5;

/// Queries whose counts per filter value, and pages whose hits, are kept by default (see
/// [`cache`]); an entry is a few hundred bytes.
pub const CACHE_ENTRIES: usize = 1_024;

/// An error from the search index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The index folder could not be read or written.
    #[error("index folder {path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// tantivy failed (a damaged index is rebuilt by deleting the folder).
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// No item with this id in the index.
    #[error("no item {0:?} in the search index")]
    NotFound(String),
}

/// What [`SearchIndex::verify`] found wrong with an index folder. A damaged index is
/// derived data: deleting the folder makes the next command rebuild it from the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// There is no index in the folder.
    Absent,
    /// A file that a segment of the index needs is not there.
    Missing(PathBuf),
    /// A file whose contents do not match its checksum.
    Corrupt(PathBuf),
    /// The index could not be read (tantivy's reason).
    Unreadable(String),
}

/// A `Result` with [`search::Error`](Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the commit payload records.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    version: u32,
    seq: u64,
}

/// A search index on disk.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    lexicon: Arc<Lexicon>,
    /// Per segment, the filter values counted by [`Results::facets`].
    values: Mutex<HashMap<SegmentId, Arc<facets::SegmentValues>>>,
    /// The counts per filter value and the pages of hits of recent queries.
    cache: cache::SearchCache,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("lexicon_words", &self.lexicon.len())
            .finish_non_exhaustive()
    }
}

fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: DOC_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

impl SearchIndex {
    /// Opens the index in `dir`; `None` when there is none, or one of another
    /// [`SCHEMA_VERSION`] (the caller then rebuilds it with [`SearchIndex::create`]).
    pub fn open(dir: &Path) -> Result<Option<SearchIndex>> {
        let lexicon_path = dir.join(LEXICON_FILE);
        if !dir.join("meta.json").exists() || !lexicon_path.exists() {
            return Ok(None);
        }
        let index = Index::open(directory::IndexDirectory::open(dir)?)?;
        let payload = read_payload(&index)?;
        if payload.is_none_or(|p| p.version != SCHEMA_VERSION) {
            return Ok(None);
        }
        let lexicon = std::fs::read_to_string(&lexicon_path).map_err(io_error(&lexicon_path))?;
        SearchIndex::with_index(index, Arc::new(Lexicon::from_lines(&lexicon))).map(Some)
    }

    /// Creates an empty index in `dir`, replacing whatever was there, that splits compounds
    /// with `lexicon`.
    pub fn create(dir: &Path, lexicon: Lexicon) -> Result<SearchIndex> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(io_error(dir))?;
        }
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        let lexicon_path = dir.join(LEXICON_FILE);
        std::fs::write(&lexicon_path, lexicon.to_lines()).map_err(io_error(&lexicon_path))?;
        let (schema, _) = schema::schema();
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .open_or_create(directory::IndexDirectory::open(dir)?)?;
        SearchIndex::with_index(index, Arc::new(lexicon))
    }

    /// An index in memory, for tests and benchmarks.
    pub fn in_memory(lexicon: Lexicon) -> Result<SearchIndex> {
        let (schema, _) = schema::schema();
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .create_in_ram()?;
        SearchIndex::with_index(index, Arc::new(lexicon))
    }

    fn with_index(index: Index, lexicon: Arc<Lexicon>) -> Result<SearchIndex> {
        let (_, fields) = schema::schema();
        index
            .tokenizers()
            .register(schema::DA, analysis::analyzer());
        index.tokenizers().register(
            schema::DA_PARTS,
            analysis::parts_analyzer(Arc::clone(&lexicon)),
        );
        index
            .tokenizers()
            .register(schema::DA_PAIRS, analysis::pairs_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            // Hits are spread over the whole index, so a large cache of decompressed
            // stored-document blocks mostly holds memory; a few per segment keep the blocks
            // of one page of hits.
            .doc_store_cache_num_blocks(DOC_BLOCKS_CACHED)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            lexicon,
            values: Mutex::new(HashMap::new()),
            cache: cache::SearchCache::new(CACHE_ENTRIES),
        })
    }

    /// The store change counter this index has caught up with (0 for a new index).
    pub fn indexed_seq(&self) -> Result<u64> {
        Ok(read_payload(&self.index)?.map_or(0, |p| p.seq))
    }

    /// A writer; changes become visible after [`Writer::commit`].
    pub fn writer(&self) -> Result<Writer<'_>> {
        // Two threads match the machines we target; 64 MB keeps memory modest.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        let writer = self
            .index
            .writer_with_num_threads(threads, 64_000_000 * threads)?;
        Ok(Writer {
            index: self,
            writer,
        })
    }

    /// Sees the changes committed since this index was opened or last reloaded, also by
    /// another process (an import while the web server runs).
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Number of items indexed.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index has no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The documents the index holds for the meeting `id` (deleted ones not counted).
    pub fn meeting_documents(&self, id: &str) -> Result<u64> {
        let term = Term::from_field_text(self.fields.meeting_id, id);
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let count = self.reader.searcher().search(&query, &Count)?;
        Ok(count as u64)
    }

    /// The documents an index in step holds for `meeting`: one per item, and one more per
    /// closed item for the public's redacted view of it (see `schema::documents`).
    pub fn documents_for(meeting: &model::Meeting) -> u64 {
        let closed = meeting.items.iter().filter(|item| item.closed).count();
        (meeting.items.len() + closed) as u64
    }

    /// Problems with the index in `dir`, without repairing anything (`referat check`): none
    /// for a sound index. Every file a segment needs must be there and every file's
    /// checksum must match its contents.
    pub fn verify(dir: &Path) -> Vec<Damage> {
        if !dir.join("meta.json").exists() || !dir.join(LEXICON_FILE).exists() {
            return vec![Damage::Absent];
        }
        let index = match Index::open_in_dir(dir) {
            Ok(index) => index,
            Err(err) => return vec![Damage::Unreadable(err.to_string())],
        };
        let metas = match index.searchable_segment_metas() {
            Ok(metas) => metas,
            Err(err) => return vec![Damage::Unreadable(err.to_string())],
        };
        let mut damage = Vec::new();
        for meta in &metas {
            let mut components = vec![
                SegmentComponent::Postings,
                SegmentComponent::Positions,
                SegmentComponent::Terms,
                SegmentComponent::Store,
                SegmentComponent::FastFields,
                SegmentComponent::FieldNorms,
            ];
            if meta.has_deletes() {
                components.push(SegmentComponent::Delete);
            }
            for component in components {
                let file = meta.relative_path(component);
                if !dir.join(&file).exists() {
                    damage.push(Damage::Missing(file));
                }
            }
        }
        if !damage.is_empty() {
            // Checksums are read from the files themselves: a missing one fails them all.
            return damage;
        }
        match index.validate_checksum() {
            Ok(corrupt) => {
                let mut corrupt: Vec<PathBuf> = corrupt.into_iter().collect();
                corrupt.sort();
                damage.extend(corrupt.into_iter().map(Damage::Corrupt));
            }
            Err(err) => damage.push(Damage::Unreadable(err.to_string())),
        }
        if damage.is_empty()
            && let Err(err) = SearchIndex::open(dir)
        {
            damage.push(Damage::Unreadable(err.to_string()));
        }
        damage
    }

    /// Runs `request`.
    ///
    /// Whatever a caller sends, no number in it sizes an allocation: the window is clamped to
    /// [`MAX_WINDOW`] and to the number of items indexed (a page past the last item is empty
    /// either way), the limit to [`MAX_LIMIT`], the query to [`MAX_QUERY_PARTS`] parts.
    pub fn search(&self, request: &Request) -> Result<Results> {
        let mut results = if request.query.trim().is_empty() || request.limit <= 1 {
            self.search_once(request, None)?
        } else {
            // Room for the hits that fold under others (see `fold`).
            let wide = Request {
                limit: request.limit.saturating_mul(FOLD_WIDTH).min(MAX_LIMIT),
                ..request.clone()
            };
            self.search_once(&wide, Some(request.limit))?
        };
        // Nothing found, or not every word: perhaps a word is misspelt.
        if (results.total == 0 || !results.strict) && !request.query.trim().is_empty() {
            results.suggestion = self.suggest(request, results.total == 0)?;
        }
        Ok(results)
    }

    /// A spelling of `request`'s query that finds something when it finds nothing: each
    /// word the index does not hold replaced by the nearest word it does (at most one
    /// letter off in words of up to five letters, two in longer ones; among equally near
    /// ones, the most common), kept only when the new query has hits with the same filters
    /// (all its words in one item, unless the query as typed found nothing at all).
    fn suggest(&self, request: &Request, found_nothing: bool) -> Result<Option<String>> {
        let searcher = self.reader.searcher();
        let mut changed = false;
        let mut words: Vec<String> = Vec::new();
        let mut replaced: Vec<String> = Vec::new();
        for piece in request.query.split_whitespace() {
            let plain = !piece.starts_with('-') && !piece.contains('"');
            let stems = analysis::stems(piece);
            let unknown = plain
                && stems.len() == 1
                && piece.chars().filter(|ch| ch.is_alphabetic()).count() >= 4
                && !self.knows(&searcher, &stems[0]);
            match unknown
                .then(|| self.nearest_word(&searcher, piece))
                .flatten()
            {
                Some(word) => {
                    changed = true;
                    replaced.push(word.clone());
                    words.push(word);
                }
                None => words.push(piece.to_owned()),
            }
        }
        if !changed {
            return Ok(None);
        }
        // The words known to the index include those of closed items: a word is suggested
        // only when it finds something on its own for this asker.
        for word in replaced {
            let alone = Request {
                query: word,
                offset: 0,
                limit: 1,
                snippets: false,
                facets: false,
                ..request.clone()
            };
            if self.search_once(&alone, None)?.total == 0 {
                return Ok(None);
            }
        }
        let suggested = words.join(" ");
        let probe = Request {
            query: suggested.clone(),
            offset: 0,
            limit: 1,
            snippets: false,
            facets: false,
            ..request.clone()
        };
        let probed = self.search_once(&probe, None)?;
        Ok((probed.total > 0 && (probed.strict || found_nothing)).then_some(suggested))
    }

    /// The known word (see [`Lexicon`]) nearest to `typed`, if one is near enough.
    fn nearest_word(&self, searcher: &Searcher, typed: &str) -> Option<String> {
        let typed: Vec<char> = analysis::normalise_word(typed).chars().collect();
        let max = if typed.len() <= 5 { 1 } else { 2 };
        let mut best: Vec<(usize, &str)> = Vec::new();
        for word in self.lexicon.words() {
            let chars: Vec<char> = word.chars().collect();
            let Some(distance) = analysis::edit_distance(&typed, &chars, max) else {
                continue;
            };
            match best.first() {
                Some((nearest, _)) if distance > *nearest => {}
                Some((nearest, _)) if distance == *nearest => best.push((distance, word)),
                _ => best = vec![(distance, word)],
            }
        }
        best.into_iter()
            .filter_map(|(_, word)| {
                let stem = analysis::stems(word).pop()?;
                let freq = self.doc_freq(searcher, &stem);
                (freq > 0).then(|| (freq, word.to_owned()))
            })
            // The most common; among as common, the first in alphabetical order.
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
            .map(|(_, word)| word)
    }

    /// One search; with `fold`, the hits of one case at other bodies fold under the best of
    /// them and `fold` hits are kept of the window fetched.
    fn search_once(&self, request: &Request, fold: Option<usize>) -> Result<Results> {
        let searcher = self.reader.searcher();
        let clamped;
        let request = {
            let items = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
            let limit = request.limit.clamp(1, MAX_LIMIT);
            let offset = request.offset.min(items).min(MAX_WINDOW - limit);
            if offset == request.offset && limit == request.limit {
                request
            } else {
                clamped = Request {
                    offset,
                    limit,
                    ..request.clone()
                };
                &clamped
            }
        };
        let generation = searcher.generation().generation_id();
        let parts = query::parse(
            &request.query,
            &|stem| self.knows(&searcher, stem),
            &|piece, whole| self.compound_parts(&searcher, piece, whole),
        );
        let page_key = cache::PageKey {
            parts: parts.clone(),
            filters: request.filters.clone(),
            offset: request.offset,
            limit: request.limit,
            facets: request.facets,
        };
        let found = match self.cache.page(generation, &page_key) {
            Some(page) => page,
            None => {
                let mut strict = true;
                let mut found = self.run(&searcher, &parts, true, request)?;
                if found.total == 0 && query::n_positive(&parts) > 1 {
                    strict = false;
                    found = self.run(&searcher, &parts, false, request)?;
                }
                let page = cache::Page {
                    strict,
                    total: found.total,
                    exact: found.exact,
                    top: found.top,
                };
                self.cache.put_page(generation, page_key, &page);
                page
            }
        };
        let strict = found.strict;
        let has_words = query::n_positive(&parts) > 0;
        let facets = if request.facets {
            // Counted over the matches of the words, before the filters: the values a
            // reader can narrow down to.
            let key = (parts.clone(), strict, request.filters.closed);
            // Meetings the asker may not see are not counted either; such counts are not
            // shared through the cache.
            let hiding = !request.filters.exclude_meetings.is_empty()
                || !request.filters.public_view_meetings.is_empty();
            match self.cache.facets(generation, &key).filter(|_| !hiding) {
                Some(facets) => Some(facets),
                None => {
                    // Only the audience of the asker: a closed item's words are counted
                    // for members only, and unseen meetings not at all.
                    let audience = Filters {
                        closed: request.filters.closed,
                        exclude_meetings: request.filters.exclude_meetings.clone(),
                        public_view_meetings: request.filters.public_view_meetings.clone(),
                        ..Filters::default()
                    };
                    let words: Box<dyn Query> = match self.plan(&parts, strict, &audience) {
                        Some(plan) => plan.matching(),
                        None => Box::new(BooleanQuery::new(
                            self.filters(&audience)
                                .into_iter()
                                .map(|filter| (Occur::Must, filter))
                                .collect(),
                        )),
                    };
                    let facets = self.facets(&searcher, words.as_ref())?;
                    if !hiding {
                        self.cache.put_facets(generation, key, &facets);
                    }
                    Some(facets)
                }
            }
        } else {
            None
        };
        // The stems asked for; a snippet marks the words they occur in.
        let needles: Vec<String> = parts
            .iter()
            .flat_map(query::Part::stems)
            .flat_map(|stem| {
                // Old spellings: the stem "århus" occurs as "aarhus" in the text.
                let old = stem.replace('å', "aa");
                std::iter::once(stem.to_owned()).chain((old != stem).then_some(old))
            })
            .collect();
        let with_snippets = request.snippets && has_words;
        let needles = snippet::Needles::new(&needles);
        let mut found_hits = Vec::with_capacity(found.top.len());
        for (score, address) in found.top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let hit = self.hit(&doc, score);
            found_hits.push((doc, hit));
        }
        let next_offset = match fold {
            Some(keep) => {
                let (kept, consumed) = fold_cases(found_hits, keep);
                found_hits = kept;
                request.offset + consumed
            }
            None => request.offset + found_hits.len(),
        };
        let mut hits = Vec::with_capacity(found_hits.len());
        for (doc, mut hit) in found_hits {
            if with_snippets {
                hit.snippet = self.best_snippet(&doc, &needles);
            }
            hits.push(hit);
        }
        let (mut total, mut total_exact) = (found.total, found.exact);
        if let (Some(facets), false) = (&facets, total_exact)
            && request.filters.is_empty()
        {
            // The counts per filter value went over every match anyway.
            total = facets.with_actions + facets.without_actions;
            total_exact = true;
        }
        Ok(Results {
            total,
            total_exact,
            strict,
            hits,
            facets,
            suggestion: None,
            next_offset,
        })
    }

    /// How many items hold `stem` in the words of any field (an item with it in two fields
    /// counts twice; enough to tell held from not and common from rare).
    fn doc_freq(&self, searcher: &Searcher, stem: &str) -> u64 {
        let mut total = 0;
        for reader in searcher.segment_readers() {
            for field in self.fields.word_fields() {
                let term = Term::from_field_text(field, stem);
                total += reader
                    .inverted_index(field)
                    .ok()
                    .and_then(|index| index.doc_freq(&term).ok())
                    .map_or(0, u64::from);
            }
        }
        total
    }

    /// The stems of the two parts of a typed word that splits into known words
    /// ([`Lexicon::split`]), when the index holds both and the whole word is rare (in fewer
    /// than [`COMPOUND_RARE`] items): `affaldsudbud` → `affald`, `udbud`. A common word is
    /// searched as typed: its items are enough, and reading the parts' positions would cost
    /// every such query several times its time.
    /// `whole` is the typed word's stem.
    fn compound_parts(&self, searcher: &Searcher, piece: &str, whole: &str) -> Option<[String; 2]> {
        if self.doc_freq(searcher, whole) >= COMPOUND_RARE {
            return None;
        }
        let word = analysis::normalise_word(piece.trim_matches(|ch: char| !ch.is_alphanumeric()));
        let split = self.lexicon.split(&word);
        let [left, right, ..] = split.as_slice() else {
            return None;
        };
        let stem = |part: &str| match analysis::stems(part).as_slice() {
            [stem] => Some(stem.clone()),
            _ => None,
        };
        let parts = [stem(left)?, stem(right)?];
        parts
            .iter()
            .all(|part| self.knows(searcher, part))
            .then_some(parts)
    }

    /// Whether some item holds `stem`.
    fn knows(&self, searcher: &Searcher, stem: &str) -> bool {
        searcher.segment_readers().iter().any(|reader| {
            self.fields.word_fields().into_iter().any(|field| {
                let term = Term::from_field_text(field, stem);
                reader
                    .inverted_index(field)
                    .ok()
                    .and_then(|index| index.get_term_info(&term).ok())
                    .flatten()
                    .is_some()
            })
        })
    }

    /// Counts per filter value of the matches of `words`.
    fn facets(&self, searcher: &Searcher, words: &dyn Query) -> Result<Facets> {
        let weight = words.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut out = Facets::default();
        for reader in searcher.segment_readers() {
            let values = self.segment_values(searcher, reader)?;
            let mut counts = facets::SegmentCounts::new(&values);
            let alive = reader.alive_bitset();
            weight.for_each_no_score(reader, &mut |docs| {
                for &doc in docs {
                    if alive.is_none_or(|alive| alive.is_alive(doc)) {
                        counts.add(doc);
                    }
                }
            })?;
            counts.finish(&mut out);
        }
        Ok(out)
    }

    /// The packed filter values of a segment, read on first use and kept while the segment
    /// is searched.
    fn segment_values(
        &self,
        searcher: &Searcher,
        reader: &SegmentReader,
    ) -> Result<Arc<facets::SegmentValues>> {
        let id = reader.segment_id();
        let lock = || self.values.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(values) = lock().get(&id) {
            return Ok(Arc::clone(values));
        }
        let values = Arc::new(facets::SegmentValues::read(reader)?);
        let mut kept = lock();
        let live: HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        kept.retain(|id, _| live.contains(id));
        kept.insert(id, Arc::clone(&values));
        Ok(values)
    }

    /// Keeps the counts per filter value and the pages of hits of at most `entries` recent
    /// queries each (0: none; see [`cache`]); [`CACHE_ENTRIES`] unless set.
    pub fn set_cache(&self, entries: usize) {
        self.cache.set_capacity(entries);
    }

    /// How the cache of recent queries has done.
    pub fn cache_stats(&self) -> CacheStats {
        self.cache.stats()
    }

    /// Bytes of the packed filter values held (see [`facets`]).
    pub fn facet_bytes(&self) -> usize {
        let kept = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        kept.values().map(|values| values.bytes()).sum()
    }

    /// The query of `parts` taken apart (see [`topk`]); `None` without positive words.
    fn plan(&self, parts: &[query::Part], strict: bool, filters: &Filters) -> Option<topk::Plan> {
        if query::n_positive(parts) == 0 {
            return None;
        }
        let weighted = query::weighted(&self.fields, parts);
        let mut terms: Vec<Box<dyn Query>> = Vec::new();
        for (stem, weight) in parts.iter().flat_map(query::Part::scored) {
            for (field, boost) in weighted {
                let term = TermQuery::new(
                    Term::from_field_text(field, stem),
                    IndexRecordOption::WithFreqs,
                );
                terms.push(Box::new(BoostQuery::new(Box::new(term), boost * weight)));
            }
        }
        let scoring = terms
            .iter()
            .map(|term| (Occur::Should, term.box_clone()))
            .collect();
        let positive = parts.iter().filter(|part| part.is_positive());
        let mut word = None;
        let mut required: Vec<topk::Condition> =
            if let [part @ (query::Part::Word(_) | query::Part::Spellings(_))] =
                positive.clone().collect::<Vec<_>>().as_slice()
            {
                // One word: every scored candidate has it.
                word = Some(topk::Condition {
                    any: query::per_field(&self.fields, part),
                });
                Vec::new()
            } else if strict {
                positive
                    .flat_map(|part| {
                        // A phrase's pairs first: cheap, and they rule out most items.
                        let pairs = query::pairs(&self.fields, part);
                        // Two adjacent words: their pair is the phrase, no positions needed.
                        let exact = matches!(part, query::Part::Phrase { words, .. }
                            if words.len() == 2 && words[1].0 == 1 && pairs.len() == 1);
                        pairs
                            .into_iter()
                            .map(|pair| topk::Condition { any: vec![pair] })
                            .chain((!exact).then(|| topk::Condition {
                                any: query::per_field(&self.fields, part),
                            }))
                    })
                    .collect()
            } else {
                vec![topk::Condition {
                    any: positive
                        .flat_map(|part| query::per_field(&self.fields, part))
                        .collect(),
                }]
            };
        required.extend(
            self.filters(filters)
                .into_iter()
                .map(|filter| topk::Condition { any: vec![filter] }),
        );
        let excluded = parts
            .iter()
            .filter(|part| matches!(part, query::Part::Not(_)))
            .map(|part| topk::Condition {
                any: query::per_field(&self.fields, part),
            })
            .collect();
        Some(topk::Plan {
            scoring: Box::new(BooleanQuery::new(scoring)),
            terms,
            required,
            excluded,
            word,
        })
    }

    fn run(
        &self,
        searcher: &Searcher,
        parts: &[query::Part],
        strict: bool,
        request: &Request,
    ) -> Result<Found> {
        let limit = request.limit.max(1);
        let Some(plan) = self.plan(parts, strict, &request.filters) else {
            // No words: every item that passes the filters, newest meeting first.
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
                .filters(&request.filters)
                .into_iter()
                .map(|filter| (Occur::Must, filter))
                .collect();
            clauses.push((Occur::Must, Box::new(AllQuery)));
            let query = BooleanQuery::new(clauses);
            let (top, total) = searcher.search(
                &query,
                &(
                    TopDocs::with_limit(limit)
                        .and_offset(request.offset)
                        .order_by_fast_field::<i64>(schema::DAY, Order::Desc),
                    Count,
                ),
            )?;
            let top = top.into_iter().map(|(_, address)| (0.0, address)).collect();
            return Ok(Found {
                total: total as u64,
                exact: true,
                top,
            });
        };
        let top = topk::top(searcher, &plan, request.offset, limit)?;
        let (total, exact) = if top.len() < limit && (request.offset == 0 || !top.is_empty()) {
            // The page is not full: every match is on it or before it.
            ((request.offset + top.len()) as u64, true)
        } else if request.facets && request.filters.is_empty() && !top.is_empty() {
            // The counts per filter value go over every match: [`SearchIndex::search`]
            // takes the total from them.
            ((request.offset + top.len()) as u64, false)
        } else {
            topk::count(searcher, &plan)?
        };
        Ok(Found { total, exact, top })
    }

    fn filters(&self, filters: &Filters) -> Vec<Box<dyn Query>> {
        let fields = &self.fields;
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let audience: Box<dyn Query> = if !filters.closed {
            term(fields.audience, schema::PUBLIC)
        } else if filters.public_view_meetings.is_empty() {
            term(fields.audience, schema::MEMBERS)
        } else {
            // The members' documents of the other meetings, the public's of these.
            let these = || -> Box<dyn Query> {
                Box::new(BooleanQuery::new(
                    filters
                        .public_view_meetings
                        .iter()
                        .map(|id| (Occur::Should, term(fields.meeting_id, id)))
                        .collect(),
                ))
            };
            Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Must, term(fields.audience, schema::MEMBERS)),
                        (Occur::MustNot, these()),
                    ])),
                ),
                (
                    Occur::Should,
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Must, term(fields.audience, schema::PUBLIC)),
                        (Occur::Must, these()),
                    ])),
                ),
            ]))
        };
        let mut out: Vec<Box<dyn Query>> = vec![audience];
        if let Some(body) = &filters.body {
            out.push(term(fields.body_key, &schema::key(body)));
        }
        if filters.from.is_some() || filters.to.is_some() {
            let bound = |date: Option<model::Date>| match date {
                Some(date) => {
                    std::ops::Bound::Included(Term::from_field_i64(fields.day, schema::day(date)))
                }
                None => std::ops::Bound::Unbounded,
            };
            out.push(Box::new(RangeQuery::new(
                bound(filters.from),
                bound(filters.to),
            )));
        }
        if !filters.people.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = filters
                .people
                .iter()
                .map(|person| (Occur::Should, term(fields.people, &schema::key(person))))
                .collect();
            out.push(Box::new(BooleanQuery::new(any)));
        }
        if let Some(kind) = filters.kind {
            out.push(term(fields.kind, kind.as_str()));
        }
        if !filters.exclude_meetings.is_empty() {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
            clauses.extend(
                filters
                    .exclude_meetings
                    .iter()
                    .map(|id| (Occur::MustNot, term(fields.meeting_id, id))),
            );
            out.push(Box::new(BooleanQuery::new(clauses)));
        }
        if let Some(within) = &filters.within_meetings {
            // An empty `Should` list matches nothing, as it should.
            out.push(Box::new(BooleanQuery::new(
                within
                    .iter()
                    .map(|id| (Occur::Should, term(fields.meeting_id, id)))
                    .collect(),
            )));
        }
        for (wanted, value) in [(filters.with_actions, 1), (filters.without_actions, 0)] {
            if wanted {
                out.push(Box::new(TermQuery::new(
                    Term::from_field_u64(fields.has_actions, value),
                    IndexRecordOption::Basic,
                )));
            }
        }
        out
    }

    /// The best passage of the stored decisions, else the text, else the follow-ups.
    fn best_snippet(&self, doc: &TantivyDocument, needles: &snippet::Needles) -> Option<Snippet> {
        for field in [self.fields.decisions, self.fields.text, self.fields.actions] {
            let best = doc
                .get_all(field)
                .filter_map(|value| value.as_str())
                .filter_map(|text| snippet::make(text, needles))
                .max_by_key(|snippet| snippet.highlights.len());
            if best.is_some() {
                return best;
            }
        }
        None
    }

    fn hit(&self, doc: &TantivyDocument, score: f32) -> Hit {
        let text = |field| {
            doc.get_first(field)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let fields = &self.fields;
        Hit {
            id: text(fields.id),
            meeting_id: text(fields.meeting_id),
            body: text(fields.body),
            date: text(fields.date).parse().ok(),
            number: text(fields.number),
            title: text(fields.title),
            case_number: Some(text(fields.case_number)).filter(|c| !c.is_empty()),
            kinds: doc
                .get_all(fields.kind)
                .filter_map(|value| value.as_str())
                .filter_map(|name| {
                    model::DecisionKind::ALL
                        .into_iter()
                        .find(|kind| kind.as_str() == name)
                })
                .collect(),
            n_actions: doc.get_all(fields.actions).count(),
            score,
            snippet: None,
            also: Vec::new(),
        }
    }
}

fn read_payload(index: &Index) -> Result<Option<Payload>> {
    let metas = index.load_metas()?;
    Ok(metas
        .payload
        .and_then(|raw| serde_json::from_str::<Payload>(&raw).ok()))
}

/// Adds and replaces meetings; nothing is visible until [`Writer::commit`].
pub struct Writer<'a> {
    index: &'a SearchIndex,
    writer: IndexWriter,
}

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

impl Writer<'_> {
    /// Replaces the items of `meeting` (adds them when the meeting is new).
    pub fn put_meeting(&mut self, meeting: &model::Meeting) -> Result<()> {
        self.remove_meeting(&meeting.id);
        for doc in schema::documents(&self.index.fields, meeting) {
            self.writer.add_document(doc)?;
        }
        Ok(())
    }

    /// Removes the items of the meeting `id`.
    pub fn remove_meeting(&mut self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.index.fields.meeting_id, id));
    }

    /// Makes the changes visible and records that the index has caught up with store
    /// change counter `seq`.
    pub fn commit(mut self, seq: u64) -> Result<()> {
        let payload = serde_json::to_string(&Payload {
            version: SCHEMA_VERSION,
            seq,
        })
        .unwrap_or_default();
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.writer.wait_merging_threads()?;
        self.index.reader.reload()?;
        Ok(())
    }
}

/// Filters; empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    /// Exact body name, case-insensitive.
    pub body: Option<String>,
    /// Meetings on or after.
    pub from: Option<model::Date>,
    /// Meetings on or before.
    pub to: Option<model::Date>,
    /// Canonical names; an item matches when any of them took part, presented or owns an
    /// action. (The caller resolves written forms through the store's registry.)
    pub people: Vec<String>,
    /// Items with a decision of this kind.
    pub kind: Option<model::DecisionKind>,
    /// Only items with follow-ups.
    pub with_actions: bool,
    /// Only items without follow-ups.
    pub without_actions: bool,
    /// Whether the asker sees closed items whole (a member); else they find the public view
    /// of closed items only: their number and title. Not a filter a reader chooses, so
    /// [`Filters::is_empty`] ignores it.
    pub closed: bool,
    /// Meetings whose items are never found: those the asker may not see (internal
    /// material of another organisation, issue 13). Unlike the other filters this one also
    /// holds for the facet counts and the spelling suggestions.
    pub exclude_meetings: Vec<String>,
    /// Meetings whose items an asker who sees closed items (`closed`) finds as the public
    /// does: those of another organisation than the member's (issue 13). Like
    /// `exclude_meetings`, it also holds for the facet counts and spelling suggestions.
    pub public_view_meetings: Vec<String>,
    /// When set, only items of these meetings are found (none for an empty list): the
    /// meetings changed since a saved search's last digest (issue 15).
    pub within_meetings: Option<Vec<String>>,
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        let Filters {
            body,
            from,
            to,
            people,
            kind,
            with_actions,
            without_actions,
            closed: _,
            exclude_meetings,
            public_view_meetings: _,
            within_meetings,
        } = self;
        exclude_meetings.is_empty()
            && within_meetings.is_none()
            && body.is_none()
            && from.is_none()
            && to.is_none()
            && people.is_empty()
            && kind.is_none()
            && !with_actions
            && !without_actions
    }
}

/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 1_000;

/// The deepest hit a request may reach (`offset + limit`): deeper pages are refused by the
/// callers and clamped here, since the window sizes the heap of best hits.
pub const MAX_WINDOW: usize = 10_000;

/// The most words, phrases and exclusions a query is read with; the rest is ignored.
pub const MAX_QUERY_PARTS: usize = 32;

/// A search.
#[derive(Debug, Clone)]
pub struct Request {
    /// The query, in the language of [`query`](crate::query) (words, "phrases", -words).
    pub query: String,
    /// Filters.
    pub filters: Filters,
    /// Hits to skip.
    pub offset: usize,
    /// Most hits to return.
    pub limit: usize,
    /// Whether to make snippets.
    pub snippets: bool,
    /// Whether to count the matches of the words per filter value ([`Results::facets`]).
    pub facets: bool,
}

impl Request {
    /// The first ten hits of `query` with snippets, unfiltered.
    pub fn new(query: &str) -> Request {
        Request {
            query: query.to_owned(),
            filters: Filters::default(),
            offset: 0,
            limit: 10,
            snippets: true,
            facets: false,
        }
    }
}

/// What a run of the query found.
struct Found {
    total: u64,
    exact: bool,
    top: Vec<(f32, DocAddress)>,
}

/// The answer to a [`Request`].
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// Items that match: exactly when [`Results::total_exact`], else at least this many
    /// ([`COUNT_LIMIT`]; counting stops there).
    pub total: u64,
    /// Whether [`Results::total`] is the exact number of matches.
    pub total_exact: bool,
    /// Whether every word had to match (false when no item had all of them and any word
    /// was enough).
    pub strict: bool,
    /// The requested window, best first (newest first for a query without words).
    pub hits: Vec<Hit>,
    /// When asked for: the matches of the words (before the filters) per filter value.
    pub facets: Option<Facets>,
    /// When nothing matched: the query spelled as the index knows its words, which does
    /// match ("plejehjm" → "plejehjem").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Where the next page starts: past the hits shown and those folded under them.
    pub next_offset: usize,
}

/// One matching item.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// `<meeting id>/<item number>`: the store's item id (see `model::item_keys`).
    pub id: String,
    /// The meeting.
    pub meeting_id: String,
    /// The meeting's body.
    pub body: String,
    /// The meeting's date.
    pub date: Option<model::Date>,
    /// Item number as written.
    pub number: String,
    /// Item title.
    pub title: String,
    /// Case number, when the source gives one.
    pub case_number: Option<String>,
    /// Kinds of the item's decisions.
    pub kinds: Vec<model::DecisionKind>,
    /// Number of follow-ups.
    pub n_actions: usize,
    /// Relevance.
    pub score: f32,
    /// The best matching passage.
    pub snippet: Option<Snippet>,
    /// The same case at other bodies, folded under this hit (see [`fold_cases`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<AlsoIn>,
}

/// Where else a hit's case was treated.
#[derive(Debug, Clone, Serialize)]
pub struct AlsoIn {
    /// The item there.
    pub id: String,
    /// Its body.
    pub body: String,
    /// Its meeting's date.
    pub date: Option<model::Date>,
}

/// How many times the requested page is fetched, so that a page stays full after folding.
const FOLD_WIDTH: usize = 3;

/// Titles at least this similar ([`title_similarity`]) are one case.
const SAME_CASE_TITLES: f32 = 0.9;

/// Days between two treatments of one case at different bodies (a case moves from committee
/// to council within weeks; the same title a year later is another round).
const SAME_CASE_DAYS: i32 = 120;

/// Whether `b` is `a`'s case at another body: the same case number, or a near-identical
/// title within [`SAME_CASE_DAYS`].
fn same_case(a: &Hit, b: &Hit) -> bool {
    if a.body == b.body {
        return false;
    }
    if let (Some(x), Some(y)) = (&a.case_number, &b.case_number) {
        return x == y;
    }
    let near = match (a.date, b.date) {
        (Some(x), Some(y)) => (x - y).get_days().abs() <= SAME_CASE_DAYS,
        _ => false,
    };
    near && title_similarity(&a.title, &b.title) >= SAME_CASE_TITLES
}

/// Folds each hit that is the case of a better one at another body under it, keeping the
/// first `keep` hits that remain; also how many of `hits` lie before the next page.
fn fold_cases<D>(hits: Vec<(D, Hit)>, keep: usize) -> (Vec<(D, Hit)>, usize) {
    let mut kept: Vec<(D, Hit)> = Vec::with_capacity(keep);
    let mut consumed = 0;
    for (doc, hit) in hits {
        if let Some((_, leader)) = kept.iter_mut().find(|(_, leader)| {
            same_case(leader, &hit) && !leader.also.iter().any(|also| also.body == hit.body)
        }) {
            leader.also.push(AlsoIn {
                id: hit.id,
                body: hit.body,
                date: hit.date,
            });
            consumed += 1;
            continue;
        }
        if kept.len() == keep {
            break;
        }
        kept.push((doc, hit));
        consumed += 1;
    }
    (kept, consumed)
}

/// A passage with the matching words marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Byte ranges of `text` that matched.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The passage with each hit between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 8 * self.highlights.len());
        let mut at = 0;
        for range in &self.highlights {
            if range.start < at || range.end > self.text.len() {
                continue;
            }
            out.push_str(&self.text[at..range.start]);
            out.push_str(open);
            out.push_str(&self.text[range.clone()]);
            out.push_str(close);
            at = range.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}
