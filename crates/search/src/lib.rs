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
mod facets;
mod query;
mod related;
mod schema;
mod snippet;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument,
    Term,
};

use analysis::Lexicon;
use schema::Fields;

pub use facets::Facets;
pub use related::{MIN_SIMILARITY, title_similarity};

/// Version of the schema and analysis. Bump it when either changes: an index of another
/// version is rebuilt.
pub const SCHEMA_VERSION: u32 = 2;

const LEXICON_FILE: &str = "lexicon.txt";

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
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("lexicon_words", &self.lexicon.len())
            .finish_non_exhaustive()
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
        let index = Index::open_in_dir(dir)?;
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
        let index = Index::create_in_dir(dir, schema)?;
        SearchIndex::with_index(index, Arc::new(lexicon))
    }

    /// An index in memory, for tests and benchmarks.
    pub fn in_memory(lexicon: Lexicon) -> Result<SearchIndex> {
        let (schema, _) = schema::schema();
        SearchIndex::with_index(Index::create_in_ram(schema), Arc::new(lexicon))
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
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            lexicon,
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

    /// Runs `request`.
    pub fn search(&self, request: &Request) -> Result<Results> {
        let searcher = self.reader.searcher();
        let parts = query::parse(&request.query);
        let mut strict = true;
        let mut outcome = self.run(&searcher, &parts, true, request)?;
        if outcome.1 == 0 && query::n_positive(&parts) > 1 {
            strict = false;
            outcome = self.run(&searcher, &parts, false, request)?;
        }
        let (scoring, total, top) = outcome;
        let facets = if request.facets {
            // Counted over the matches of the words, before the filters: the values a
            // reader can narrow down to.
            let words: Box<dyn Query> = match &scoring {
                Some(scoring) => scoring.box_clone(),
                None => Box::new(AllQuery),
            };
            Some(searcher.search(words.as_ref(), &facets::FacetCollector)?)
        } else {
            None
        };
        // The stems asked for; a snippet marks the words they occur in.
        let needles: Vec<String> = parts
            .iter()
            .flat_map(|part| match part {
                query::Part::Word(word) => std::slice::from_ref(word),
                query::Part::Phrase(words) => words.as_slice(),
                query::Part::Not(_) => &[],
            })
            .flat_map(|stem| {
                // Old spellings: the stem "århus" occurs as "aarhus" in the text.
                let old = stem.replace('å', "aa");
                std::iter::once(stem.clone()).chain((old != *stem).then_some(old))
            })
            .collect();
        let with_snippets = request.snippets && scoring.is_some();
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let mut hit = self.hit(&doc, score);
            if with_snippets {
                hit.snippet = self.best_snippet(&doc, &needles);
            }
            hits.push(hit);
        }
        Ok(Results {
            total,
            strict,
            hits,
            facets,
        })
    }

    #[expect(clippy::type_complexity, reason = "a private helper's tuple")]
    fn run(
        &self,
        searcher: &Searcher,
        parts: &[query::Part],
        strict: bool,
        request: &Request,
    ) -> Result<(Option<Box<dyn Query>>, u64, Vec<(f32, DocAddress)>)> {
        let scoring = query::build(&self.fields, parts, strict);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .filters(&request.filters)
            .into_iter()
            .map(|filter| {
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(filter, 0.0)) as Box<dyn Query>,
                )
            })
            .collect();
        let limit = request.limit.max(1);
        let Some(scoring) = scoring else {
            // No words: every item that passes the filters, newest meeting first.
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
            return Ok((None, total as u64, top));
        };
        clauses.push((Occur::Must, scoring.box_clone()));
        let query = BooleanQuery::new(clauses);
        let (top, total) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(limit)
                    .and_offset(request.offset)
                    .order_by_score(),
                Count,
            ),
        )?;
        Ok((Some(scoring), total as u64, top))
    }

    fn filters(&self, filters: &Filters) -> Vec<Box<dyn Query>> {
        let fields = &self.fields;
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let mut out: Vec<Box<dyn Query>> = Vec::new();
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
    fn best_snippet(&self, doc: &TantivyDocument, needles: &[String]) -> Option<Snippet> {
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
#[derive(Debug, Clone, Default)]
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
}

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

/// The answer to a [`Request`].
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// Items that match.
    pub total: u64,
    /// Whether every word had to match (false when no item had all of them and any word
    /// was enough).
    pub strict: bool,
    /// The requested window, best first (newest first for a query without words).
    pub hits: Vec<Hit>,
    /// When asked for: the matches of the words (before the filters) per filter value.
    pub facets: Option<Facets>,
}

/// One matching item.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// `<meeting id>/<item position>`: the store's item id.
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
