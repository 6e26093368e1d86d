//! Snapshots (insta) of what the five seeds render as: one page of each kind, the API's JSON
//! and the feeds. Both backends compare with the same snapshot, so SQLite and PostgreSQL must
//! answer alike. Hashes and clock times are redacted; meeting ids stay, as they follow from
//! the minutes themselves. `cargo insta review` (or `INSTA_UPDATE=always`) accepts a change.

use serde_json::Value;

use crate::{backend_tests, fixture, get_ok};

/// Hashes of source files and times of day change with every fixture edit or run.
fn redacted(run: impl FnOnce()) {
    insta::with_settings!({
        filters => vec![
            (r"\b[0-9a-f]{64}\b", "[sha256]"),
            (r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", "[time]"),
            (r"\b\d{8}T\d{6}Z\b", "[time]"),
        ],
        prepend_module_to_snapshot => false,
    }, {
        run();
    });
}

/// Rendered HTML, one line per block element, so that a change shows as a readable diff.
fn html_lines(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "<!DOCTYPE",
        "<html",
        "<head",
        "<meta",
        "<link",
        "<title",
        "<body",
        "<header",
        "<nav",
        "<main",
        "<footer",
        "<section",
        "<article",
        "<aside",
        "<div",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<p",
        "<ul",
        "<ol",
        "<li",
        "<dl",
        "<dt",
        "<dd",
        "<table",
        "<thead",
        "<tbody",
        "<tr",
        "<form",
        "<fieldset",
        "<label",
        "<select",
        "<option",
        "<pre",
        "<details",
        "<summary",
        "</ul",
        "</ol",
        "</table",
        "</section",
        "</main",
        "</body",
        "</html",
    ];
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let starts_block = BLOCKS.iter().any(|tag| {
            rest.starts_with(tag)
                && rest[tag.len()..]
                    .chars()
                    .next()
                    .is_some_and(|next| matches!(next, ' ' | '>' | '/'))
        });
        if starts_block && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('<');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

async fn page(name: &str, uri: &str) {
    let fixture = fixture();
    let body = html_lines(&get_ok(&fixture, uri).await);
    redacted(|| insta::assert_snapshot!(name, body, uri));
}

async fn api(name: &str, uri: &str) {
    let fixture = fixture();
    let body: Value = serde_json::from_str(&get_ok(&fixture, uri).await).unwrap();
    let body = serde_json::to_string_pretty(&body).unwrap();
    redacted(|| insta::assert_snapshot!(name, body, uri));
}

async fn front_page() {
    page("page_front", "/").await;
}

async fn meeting_page() {
    page("page_meeting", "/moeder/raadmandsmoede-2024-11-05").await;
}

async fn item_page() {
    page("page_item", "/punkter/raadmandsmoede-2024-11-05/2").await;
}

async fn person_page() {
    page("page_person", "/personer/Heidi%20Have").await;
}

async fn register_page() {
    page("page_register", "/opfoelgning?status=open").await;
}

async fn search_page() {
    page("page_search", "/soeg?q=plejehjem").await;
}

async fn meetings_api() {
    api("api_meetings", "/api/v1/meetings?limit=3").await;
}

async fn actions_api() {
    api("api_actions", "/api/v1/actions?status=all&limit=5").await;
}

async fn search_api() {
    api("api_search", "/api/v1/search?q=plejehjem&limit=3").await;
}

async fn oparl_meeting_api() {
    api(
        "api_oparl_meeting",
        "/api/v1/oparl/meetings/raadmandsmoede-2025-07-01",
    )
    .await;
}

async fn feeds() {
    let fixture = fixture();
    let ics = get_ok(&fixture, "/kalender/opfoelgning.ics").await;
    let csv = get_ok(&fixture, "/eksport/beslutninger.csv").await;
    // Line endings as the formats have them (CRLF) would make the snapshot file unreadable.
    let ics = ics.replace("\r\n", "\n");
    let csv = csv.replace("\r\n", "\n");
    redacted(|| {
        insta::assert_snapshot!("feed_actions_ics", ics);
        insta::assert_snapshot!("export_decisions_csv", csv);
    });
}

backend_tests!(
    front_page,
    meeting_page,
    item_page,
    person_page,
    register_page,
    search_page,
    meetings_api,
    actions_api,
    search_api,
    oparl_meeting_api,
    feeds,
);
