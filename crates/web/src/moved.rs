//! Old links to meetings that moved. A meeting's id changes when a meeting of another
//! organisation arrives with the same id (both are then kept under their organisation's
//! name, see the store's `organisations.rs`), or when an earlier meeting of its body on
//! the same day takes its id. The store keeps every id a meeting had; a request for a
//! meeting, item, follow-up or OParl object that finds nothing under an old id is sent on
//! (308) to where the meeting is now, or, when meetings of several organisations had that
//! id, answered with the list of them (300). Only meetings the viewer may see are named.
//!
//! It does not guess: an id that no meeting ever had stays a 404.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde_json::json;

use crate::{AppState, blocking, render};

/// The paths that name a meeting id in their segment after the prefix.
const PREFIXES: [&str; 6] = [
    "/moeder/",
    "/punkter/",
    "/opfoelgning/",
    "/api/v1/meetings/",
    "/api/v1/items/",
    "/api/v1/oparl/meetings/",
];

/// The middleware: a 404 under a meeting's old id becomes a redirect or a list.
pub(crate) async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let response = next.run(request).await;
    if response.status() != StatusCode::NOT_FOUND {
        return response;
    }
    let Some((prefix, id, rest)) = split(&path) else {
        return response;
    };
    let old = id.to_owned();
    let Ok(now) = blocking(&state, move |store| Ok(store.moved_meeting(&old)?)).await else {
        return response;
    };
    let href = |new: &str| {
        let mut href = format!("{prefix}{}{rest}", render::path_segment(new));
        if let Some(query) = &query {
            href.push('?');
            href.push_str(query);
        }
        href
    };
    match now.as_slice() {
        [] => response,
        [one] => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, href(one))],
        )
            .into_response(),
        several => {
            let message = format!(
                "Møder fra flere organisationer havde id'et {id}; de har nu hvert sit: {}",
                several.join(", ")
            );
            if prefix.starts_with("/api/") {
                let links: Vec<String> = several.iter().map(|new| href(new)).collect();
                let body = json!({
                    "error": {"code": "multiple_choices", "message": message},
                    "locations": links,
                });
                return (StatusCode::MULTIPLE_CHOICES, Json(body)).into_response();
            }
            let page = render::page(
                "Flere møder",
                html! {
                    h1 { "Flere møder havde denne adresse" }
                    p { (message) ". Vælg et:" }
                    ul {
                        @for new in several {
                            li { a href=(href(new)) { (new) } }
                        }
                    }
                },
            );
            (StatusCode::MULTIPLE_CHOICES, page).into_response()
        }
    }
}

/// `(prefix, meeting id, the rest of the path)` of a path naming a meeting.
fn split(path: &str) -> Option<(&'static str, &str, &str)> {
    PREFIXES.iter().find_map(|prefix| {
        let after = path.strip_prefix(prefix)?;
        let end = after.find('/').unwrap_or(after.len());
        let (id, rest) = after.split_at(end);
        let slug = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        slug.then_some((*prefix, id, rest))
    })
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn paths_naming_a_meeting() {
        assert_eq!(
            split("/punkter/byraad-2025-09-08/3"),
            Some(("/punkter/", "byraad-2025-09-08", "/3"))
        );
        assert_eq!(
            split("/api/v1/oparl/meetings/x-1/agendaitems/2"),
            Some(("/api/v1/oparl/meetings/", "x-1", "/agendaitems/2"))
        );
        assert_eq!(split("/moeder"), None);
        assert_eq!(split("/moeder/"), None);
        assert_eq!(split("/moeder/%C3%A6"), None);
        assert_eq!(split("/personer/x"), None);
    }
}
