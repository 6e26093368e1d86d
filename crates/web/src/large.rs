//! Answers that cover the whole corpus take turns ([`layer`]): the front page, the meeting
//! list, the register of follow-ups, the people list, the calendars of all meetings and
//! deadlines, the CSV exports and their API counterparts. Each reads every meeting or
//! every follow-up and keeps a core busy for a while (the decisions export of a ×100
//! corpus is over 100 MB of text).
//!
//! Why (issue 19, point 4): under a mixed load with 64 connections, a few dozen of these
//! built at once took the server from 30 MB to 1.3 GB, and the allocator kept it. The
//! exports and calendars are now written as they are sent (`stream`) and the register is
//! paged, so one such answer holds little memory; what is left is their time. At most
//! [`Limits::large_answers`](crate::Limits::large_answers) start at once; the others wait
//! their turn (at most `search_queue` of them; beyond that 503 with Retry-After, as for
//! searches). A turn lasts until the answer's body is dropped (sent whole, or the
//! connection gone), but at most [`SEND_TURN`] after its first bytes were ready, so that a
//! client that reads slowly holds no turn for long. Other pages never wait for these.

use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::{Frame, SizeHint};
use tokio::sync::OwnedSemaphorePermit;

use crate::AppState;

/// Longest a built answer keeps its turn while it is being sent.
const SEND_TURN: Duration = Duration::from_secs(2);

/// Whether the answer to `path` with `query` covers the whole corpus (see the module
/// documentation); one meeting's calendar does not.
pub(crate) fn is_large(path: &str, query: Option<&str>) -> bool {
    let one_meeting = query.is_some_and(|query| {
        query
            .split('&')
            .any(|pair| pair.starts_with("id=") && pair.len() > 3)
    });
    match path {
        "/" | "/moeder" | "/personer" | "/opfoelgning" | "/kalender/opfoelgning.ics" => true,
        "/eksport/opfoelgning.csv" | "/eksport/opfoelgning.xlsx" | "/eksport/beslutninger.csv" => {
            true
        }
        "/api/v1/overview" | "/api/v1/actions" | "/api/v1/people" => true,
        "/kalender/moeder.ics" => !one_meeting,
        _ => false,
    }
}

/// Lets the answers of [`is_large`] take turns; see the module documentation.
pub(crate) async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !is_large(request.uri().path(), request.uri().query()) {
        return next.run(request).await;
    }
    let turn = match state.large.enter().await {
        Ok(turn) => turn,
        Err(err) => return err.into_response(),
    };
    let response = next.run(request).await;
    let turn = Turn(Arc::new(Mutex::new(Some(turn))));
    let ended = turn.clone();
    tokio::spawn(async move {
        tokio::time::sleep(SEND_TURN).await;
        ended.end();
    });
    let (parts, body) = response.into_parts();
    Response::from_parts(parts, Body::new(Held { body, turn }))
}

/// An answer's turn, ended by whichever comes first: its body dropped, or [`SEND_TURN`].
#[derive(Clone)]
struct Turn(Arc<Mutex<Option<OwnedSemaphorePermit>>>);

impl Turn {
    fn end(&self) {
        // Only an `Option` is taken under the lock: a panic cannot leave it half changed.
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
    }
}

/// A body that keeps its answer's turn until it is dropped (or the turn is over).
struct Held {
    body: Body,
    turn: Turn,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.turn.end();
    }
}

impl HttpBody for Held {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_corpus_answers_are_large() {
        assert!(is_large("/", None));
        assert!(is_large("/opfoelgning", Some("owner=Lone%20Mortensen")));
        assert!(is_large("/eksport/beslutninger.csv", None));
        assert!(is_large(
            "/kalender/moeder.ics",
            Some("body=%C3%98konomiudvalget")
        ));
        assert!(is_large("/kalender/moeder.ics", Some("id=")));
        assert!(!is_large(
            "/kalender/moeder.ics",
            Some("id=byraad-2025-01-01")
        ));
        assert!(!is_large("/moeder/byraad-2025-01-01", None));
        assert!(!is_large("/soeg", Some("q=budget")));
        assert!(!is_large("/personer/Lone%20Mortensen", None));
    }
}
