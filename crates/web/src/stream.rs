//! Answers written while they are sent: the exports, calendars and lists that cover the
//! whole corpus (issue 19, point 4). Built whole, the decisions CSV of a ×20 corpus was
//! 23 MB and a few of them at once took the server far above 150 MB; here a blocking thread
//! reads one meeting or one page of rows at a time and hands the text over in chunks of
//! [`CHUNK_BYTES`] through a channel of [`CHANNEL_CHUNKS`], so an answer holds a few hundred
//! kilobytes whatever the corpus. A client that reads slowly makes the thread wait; one
//! that goes away ends it at the next chunk.
//!
//! What does not change: the ETag and `Last-Modified` come from the store's change counter
//! (`caching`), not from the body, so streamed answers are tagged and answered 304 as
//! before. They are compressed here, chunk by chunk on the same thread, in the coding that
//! `caching::layer` chose for the request ([`Accepts`]); `caching` leaves an answer that
//! already has a `Content-Encoding` alone. An answer smaller than
//! `caching::MIN_COMPRESSED_BYTES` goes out as it is.
//!
//! An error before the first chunk is an error page; one after it (the database gone
//! midway) can only cut the answer short, which the client sees as a broken download.

use std::convert::Infallible;
use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use hyper::body::Frame;
use store::Store;
use tokio::sync::mpsc;

use crate::caching::{self, Coding};
use crate::{AppError, AppState, visible};

/// Text collected before it is compressed and handed over.
const CHUNK_BYTES: usize = 64 << 10;

/// Chunks handed over and not yet sent: with [`CHUNK_BYTES`], what one answer holds.
const CHANNEL_CHUNKS: usize = 4;

/// The content coding the client takes, as `caching::layer` chose it (none outside it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Accepts(pub(crate) Coding);

impl<S: Send + Sync> FromRequestParts<S> for Accepts {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Accepts>()
            .copied()
            .unwrap_or(Accepts(Coding::Identity)))
    }
}

/// One piece of an answer on its way: text, or the error that cut it short.
type Piece = Result<Bytes, AppError>;

/// Where a streamed answer is written: collects text and hands it over in compressed
/// chunks. Every write may fail once the client has gone; the producer then stops.
pub(crate) struct Sink {
    /// Text not yet compressed.
    pending: String,
    output: Output,
    coding: Coding,
    /// Whether the answer goes out compressed, told to the handler before the first chunk.
    compressed: Arc<AtomicBool>,
}

/// Where the text goes once the first chunk is handed over.
enum Output {
    /// Nothing handed over yet: small answers are sent as they are.
    Waiting(Chunks),
    Plain(Chunks),
    Gzip(Box<flate2::write::GzEncoder<Chunks>>),
    Brotli(Box<brotli::CompressorWriter<Chunks>>),
    /// Only while one output becomes another.
    Moving,
}

/// The (compressed) bytes on their way to the channel, in chunks of about [`CHUNK_BYTES`].
struct Chunks {
    buffer: Vec<u8>,
    tx: mpsc::Sender<Piece>,
    sent: bool,
}

impl Chunks {
    fn send(&mut self) -> std::io::Result<()> {
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES),
        ));
        self.sent = true;
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }

    /// Sends what is left (an empty chunk for an empty answer, so the handler hears of it).
    fn last(mut self) -> std::io::Result<()> {
        if !self.buffer.is_empty() || !self.sent {
            self.send()?;
        }
        Ok(())
    }
}

impl Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The client went away (or a compressor failed): the producer stops.
fn gone(err: std::io::Error) -> AppError {
    AppError::Internal(format!("svaret kunne ikke sendes: {err}"))
}

impl Sink {
    fn new(tx: mpsc::Sender<Piece>, coding: Coding, compressed: Arc<AtomicBool>) -> Sink {
        Sink {
            pending: String::with_capacity(CHUNK_BYTES),
            output: Output::Waiting(Chunks {
                buffer: Vec::with_capacity(CHUNK_BYTES),
                tx,
                sent: false,
            }),
            coding,
            compressed,
        }
    }

    /// Adds `text` to the answer.
    pub(crate) fn write(&mut self, text: &str) -> Result<(), AppError> {
        self.pending.push_str(text);
        if self.pending.len() >= CHUNK_BYTES {
            self.hand_over()?;
        }
        Ok(())
    }

    /// Compresses what is pending and passes it on.
    fn hand_over(&mut self) -> Result<(), AppError> {
        if let Output::Waiting(_) = self.output
            && let Output::Waiting(chunks) = std::mem::replace(&mut self.output, Output::Moving)
        {
            self.compressed
                .store(self.coding != Coding::Identity, Ordering::SeqCst);
            self.output = match self.coding {
                Coding::Gzip => Output::Gzip(Box::new(flate2::write::GzEncoder::new(
                    chunks,
                    flate2::Compression::default(),
                ))),
                Coding::Brotli => Output::Brotli(Box::new(brotli::CompressorWriter::new(
                    chunks,
                    4096,
                    caching::BROTLI_QUALITY,
                    22,
                ))),
                Coding::Identity => Output::Plain(chunks),
            };
        }
        let text = self.pending.as_bytes();
        match &mut self.output {
            Output::Plain(chunks) | Output::Waiting(chunks) => chunks.write_all(text),
            Output::Gzip(encoder) => encoder.write_all(text),
            Output::Brotli(encoder) => encoder.write_all(text),
            Output::Moving => Ok(()),
        }
        .map_err(gone)?;
        self.pending.clear();
        Ok(())
    }

    /// Sends the rest.
    fn finish(mut self) -> Result<(), AppError> {
        if let Output::Waiting(_) = self.output
            && self.pending.len() < caching::MIN_COMPRESSED_BYTES
        {
            // Too small to be worth compressing: as it is.
            self.coding = Coding::Identity;
        }
        self.hand_over()?;
        let chunks = match std::mem::replace(&mut self.output, Output::Moving) {
            Output::Plain(chunks) | Output::Waiting(chunks) => chunks,
            Output::Gzip(encoder) => encoder.finish().map_err(gone)?,
            Output::Brotli(mut encoder) => {
                encoder.flush().map_err(gone)?;
                encoder.into_inner()
            }
            Output::Moving => return Ok(()),
        };
        chunks.last().map_err(gone)
    }
}

/// An answer of `content_type` (saved as `file_name` when given) that `produce` writes
/// on a blocking thread with the store as the request's viewer may see it (see
/// [`crate::blocking`]), compressed in `accepts`. Waits for the first chunk, so that an
/// error before it is an error page.
pub(crate) async fn respond<F>(
    state: &AppState,
    accepts: Accepts,
    content_type: &'static str,
    file_name: Option<&str>,
    produce: F,
) -> Result<Response, AppError>
where
    F: FnOnce(&dyn Store, &mut Sink) -> Result<(), AppError> + Send + 'static,
{
    let (tx, mut rx) = mpsc::channel::<Piece>(CHANNEL_CHUNKS);
    let compressed = Arc::new(AtomicBool::new(false));
    let store = Arc::clone(&state.store);
    let scope = visible::current();
    let sink = Sink::new(tx.clone(), accepts.0, Arc::clone(&compressed));
    tokio::task::spawn_blocking(move || {
        let run = move |store: &dyn Store| {
            let mut sink = sink;
            produce(store, &mut sink)?;
            sink.finish()
        };
        let result = if scope.hidden.is_empty() && scope.public_view.is_empty() {
            run(store.as_ref())
        } else {
            let visible = visible::Visible {
                inner: store.as_ref(),
                hidden: &scope.hidden,
            };
            visible::with_scope(scope.clone(), || run(&visible))
        };
        if let Err(err) = result {
            // Nobody is listening when the client has gone; otherwise this ends the
            // answer (before its first chunk: an error page).
            let _ = tx.blocking_send(Err(err));
        }
    });
    let first = match rx.recv().await {
        Some(Ok(first)) => first,
        Some(Err(err)) => return Err(err),
        None => return Err(AppError::Internal("svaret blev ikke skrevet".into())),
    };
    let mut response = Response::new(Body::new(Streamed {
        first: Some(first),
        rx,
    }));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(name) = file_name
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    let coding = if compressed.load(Ordering::SeqCst) {
        accepts.0
    } else {
        Coding::Identity
    };
    if let Some(name) = coding.name() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Ok(response)
}

/// The body of a streamed answer: the first chunk, then what the channel brings.
struct Streamed {
    first: Option<Bytes>,
    rx: mpsc::Receiver<Piece>,
}

impl HttpBody for Streamed {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let this = self.get_mut();
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        this.rx.poll_recv(cx).map(|piece| {
            piece.map(|piece| {
                piece
                    .map(Frame::data)
                    .map_err(|err| std::io::Error::other(err.to_string()))
            })
        })
    }
}
