//! The JSON API, its OpenAPI document and the OParl export.

use serde_json::Value;

use crate::{backend_tests, fixture, get, get_ok};

async fn json(uri: &str) -> Value {
    let fixture = fixture();
    serde_json::from_str(&get_ok(&fixture, uri).await).unwrap()
}

async fn meetings_are_paged() {
    let fixture = fixture();
    let first: Value =
        serde_json::from_str(&get_ok(&fixture, "/api/v1/meetings?limit=2").await).unwrap();
    assert_eq!(first["data"].as_array().unwrap().len(), 2);
    assert_eq!(first["more"], true);
    let last: Value =
        serde_json::from_str(&get_ok(&fixture, "/api/v1/meetings?offset=4&limit=2").await).unwrap();
    assert_eq!(last["data"].as_array().unwrap().len(), 1);
    assert_eq!(last["more"], false);
}

async fn meeting_is_the_spec_json() {
    let meeting = json("/api/v1/meetings/raadmandsmoede-2025-07-01").await;
    assert_eq!(meeting["body"], "Rådmandsmøde");
    assert_eq!(meeting["date"], "2025-07-01");
    assert!(meeting["items"][0]["decisions"].is_array());
}

async fn everything_the_pages_show_is_in_the_api() {
    let overview = json("/api/v1/overview").await;
    assert_eq!(overview["today"], "2025-09-01");
    assert!(overview["latest_meetings"].as_array().unwrap().len() == 5);
    let item = json("/api/v1/items/raadmandsmoede-2024-11-05/2").await;
    assert!(item["thread"].as_array().unwrap().len() >= 2, "{item}");
    let person = json("/api/v1/people/Heidi%20Have").await;
    assert_eq!(person["person"]["person"]["name"], "Heidi Have");
    let actions = json("/api/v1/actions?status=all&limit=5").await;
    assert_eq!(actions["data"].as_array().unwrap().len(), 5);
    let search = json("/api/v1/search?q=plejehjem").await;
    assert!(search["total"].as_u64().unwrap() > 0);
    assert!(search["facets"]["body"]["Rådmandsmøde"].as_u64().unwrap() > 0);
}

async fn errors_are_json_with_a_code() {
    let fixture = fixture();
    let reply = get(&fixture, "/api/v1/meetings/nope").await;
    assert_eq!(reply.status, 404);
    let body: Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(get(&fixture, "/api/v1/nope").await.status, 404);
}

async fn openapi_document_lists_every_route() {
    let doc = json("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/meetings",
        "/api/v1/meetings/{id}",
        "/api/v1/items/{meeting_id}/{item}",
        "/api/v1/people",
        "/api/v1/people/{name}",
        "/api/v1/actions",
        "/api/v1/actions/{meeting_id}/{item}/{position}",
        "/api/v1/actions/{meeting_id}/{item}/{position}/status",
        "/api/v1/actions/{meeting_id}/{item}/{position}/edit",
        "/api/v1/search",
        "/api/v1/oparl/meetings",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
}

async fn oparl_meetings_have_the_1_1_shape() {
    let system = json("/api/v1/oparl/system").await;
    assert_eq!(system["oparlVersion"], "https://schema.oparl.org/1.1/");
    let list = json("/api/v1/oparl/meetings?limit=2").await;
    assert_eq!(list["pagination"]["totalElements"], 5);
    assert!(list["links"]["next"].is_string());
    let meeting = json("/api/v1/oparl/meetings/raadmandsmoede-2025-07-01").await;
    assert_eq!(meeting["type"], "https://schema.oparl.org/1.1/Meeting");
    assert_eq!(meeting["start"], "2025-07-01T11:30:00+02:00");
    assert_eq!(
        meeting["agendaItem"][0]["type"],
        "https://schema.oparl.org/1.1/AgendaItem"
    );
    assert_eq!(
        meeting["resultsProtocol"]["type"],
        "https://schema.oparl.org/1.1/File"
    );
    assert!(
        meeting["participant"][0]
            .as_str()
            .unwrap()
            .starts_with("http://referat.test/api/v1/oparl/persons/")
    );
    let orgs = json("/api/v1/oparl/organizations").await;
    assert_eq!(
        orgs["data"][0]["type"],
        "https://schema.oparl.org/1.1/Organization"
    );
    let persons = json("/api/v1/oparl/persons").await;
    assert_eq!(
        persons["data"][0]["type"],
        "https://schema.oparl.org/1.1/Person"
    );
}

backend_tests!(
    meetings_are_paged,
    meeting_is_the_spec_json,
    everything_the_pages_show_is_in_the_api,
    errors_are_json_with_a_code,
    openapi_document_lists_every_route,
    oparl_meetings_have_the_1_1_shape,
);
