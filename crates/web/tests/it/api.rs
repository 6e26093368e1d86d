//! The JSON API, its OpenAPI document and the OParl export.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};

use crate::{backend_tests, fixture, fixture_with, get, get_ok, seeds};

/// Whether `scripts/test` installed the OpenAPI validator, so a missing one is a failure.
fn openapi_validator_required() -> bool {
    std::env::var("REFERAT_REQUIRE_OPENAPI_VALIDATOR").is_ok_and(|value| value == "1")
}

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
        "/api/v1/oparl/system",
        "/api/v1/oparl/body",
        "/api/v1/oparl/meetings",
        "/api/v1/oparl/meetings/{id}",
        "/api/v1/oparl/organizations",
        "/api/v1/oparl/persons",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
}

/// Every operation has an id of its own (OpenAPI requires it; client generators name
/// functions after it), and the document passes a real validator: `openapi-spec-validator`
/// (the Python package `scripts/test` installs into `target/py`).
async fn openapi_document_validates() {
    let fixture = fixture();
    let body = get_ok(&fixture, "/api/v1/openapi.json").await;
    let doc: Value = serde_json::from_str(&body).unwrap();
    let mut ids: Vec<&str> = Vec::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let id = operation["operationId"].as_str();
            let id = id.unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(!ids.contains(&id), "operationId {id} twice");
            ids.push(id);
            for (status, response) in operation["responses"].as_object().unwrap() {
                assert!(
                    response["content"]["application/json"]["schema"].is_object()
                        || method == "get" && path.ends_with("openapi.json"),
                    "{method} {path} {status} has no schema"
                );
            }
        }
    }
    let validator = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/py/bin/openapi-spec-validator");
    if !validator.exists() {
        assert!(
            !openapi_validator_required(),
            "REFERAT_REQUIRE_OPENAPI_VALIDATOR=1, but {} is missing",
            validator.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &body).unwrap();
    let output = Command::new(&validator).arg(&file).output().unwrap();
    assert!(
        output.status.success(),
        "openapi-spec-validator: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Validates `instance` against the component schema `name` of the OpenAPI document `doc`
/// (OpenAPI 3.1 schemas are JSON Schema 2020-12).
fn schema_errors(doc: &Value, name: &str, instance: &Value) -> Vec<String> {
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"],
    });
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|err| panic!("schema {name}: {err}"));
    validator
        .iter_errors(instance)
        .map(|err| format!("{} at {}", err, err.instance_path()))
        .collect()
}

/// What every route answers matches the schema the OpenAPI document gives for it, so the
/// typed mirrors of `model` and `store` in `web::schemas` cannot drift from the JSON.
async fn responses_match_their_schemas() {
    let fixture = fixture();
    let doc: Value = serde_json::from_str(&get_ok(&fixture, "/api/v1/openapi.json").await).unwrap();
    for (uri, name) in [
        ("/api/v1/overview", "Overview"),
        ("/api/v1/meetings?limit=200", "MeetingList"),
        ("/api/v1/meetings/raadmandsmoede-2025-07-01", "Meeting"),
        ("/api/v1/meetings/raadmandsmoede-2024-11-05", "Meeting"),
        ("/api/v1/items/raadmandsmoede-2024-11-05/2", "ItemResponse"),
        ("/api/v1/people", "PersonList"),
        ("/api/v1/people/Heidi%20Have", "PersonResponse"),
        ("/api/v1/actions?status=all&limit=200", "ActionList"),
        ("/api/v1/search?q=plejehjem", "Results"),
        ("/api/v1/meetings/nope", "Error"),
        ("/api/v1/meetings?offset=-1", "Error"),
    ] {
        let instance: Value = serde_json::from_str(&get(&fixture, uri).await.body).unwrap();
        let errors = schema_errors(&doc, name, &instance);
        assert!(
            errors.is_empty(),
            "{uri} against {name}:\n{}",
            errors.join("\n")
        );
    }
    // The schemas are strict enough to tell things apart.
    let mut meeting: Value =
        serde_json::from_str(&get_ok(&fixture, "/api/v1/meetings/raadmandsmoede-2025-07-01").await)
            .unwrap();
    assert!(!schema_errors(&doc, "Error", &meeting).is_empty());
    meeting["items"][0]["decisions"][0]["kind"] = json!("vedtaget");
    meeting["date"] = json!("1. juli 2025");
    assert_eq!(schema_errors(&doc, "Meeting", &meeting).len(), 2);
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

/// Issue 20: the server's folders never leave it. Meetings imported from a folder show
/// the file's name only, in every answer that names the original.
async fn no_server_path_in_any_answer() {
    let documents: Vec<(String, String)> = seeds()
        .into_iter()
        .map(|(name, text)| (format!("/srv/arkiv/referater/{name}"), text))
        .collect();
    let fixture = fixture_with(&documents);
    for uri in [
        "/api/v1/overview",
        "/api/v1/meetings?limit=200",
        "/api/v1/meetings/raadmandsmoede-2025-07-01",
        "/api/v1/items/raadmandsmoede-2024-11-05/2",
        "/api/v1/people/Heidi%20Have",
        "/api/v1/actions?status=all&limit=200",
        "/api/v1/search?q=plejehjem",
        "/api/v1/oparl/meetings?limit=200",
        "/api/v1/oparl/meetings/raadmandsmoede-2025-07-01",
        "/",
        "/moeder",
        "/moeder/raadmandsmoede-2025-07-01",
        "/punkter/raadmandsmoede-2024-11-05/2",
        "/personer/Heidi%20Have",
        "/opfoelgning",
        "/soeg?q=plejehjem",
        "/feeds/moeder.atom",
        "/kalender/moeder.ics",
        "/eksport/opfoelgning.csv",
        "/eksport/beslutninger.csv",
    ] {
        let body = get_ok(&fixture, uri).await;
        assert!(
            !body.contains("/srv/arkiv"),
            "{uri} names the server's folder"
        );
    }
    let meeting = get_ok(&fixture, "/api/v1/meetings/raadmandsmoede-2025-07-01").await;
    let meeting: Value = serde_json::from_str(&meeting).unwrap();
    assert!(
        meeting["source"]["file"]
            .as_str()
            .unwrap()
            .ends_with(".txt")
    );
}

backend_tests!(
    no_server_path_in_any_answer,
    meetings_are_paged,
    meeting_is_the_spec_json,
    everything_the_pages_show_is_in_the_api,
    errors_are_json_with_a_code,
    openapi_document_lists_every_route,
    openapi_document_validates,
    responses_match_their_schemas,
    oparl_meetings_have_the_1_1_shape,
);
