//! Issue 20: the OParl 1.1 export validates. A walk from `/api/v1/oparl/system` through
//! every object and every page of every list validates each object (and each object inside
//! one) against the specification's schema for its `type` (`tests/oparl-1.1/`, the 1.1
//! schemas unchanged) and checks that every URL it names on this server answers 200. With
//! `../shared` beside the repository, the OParl community's validator walks a real server
//! too and must report no problem.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use store::{MeetingAccess, MeetingFilter, Page, Visibility};

use crate::accounts::{cli, on_store};
use crate::{Fixture, backend_tests, fixture, get};

const ORIGIN: &str = "http://referat.test";
const SCHEMA: &str = "https://schema.oparl.org/1.1/";

/// The seeds, the first two imported for "Greve Kommune", the third for "Aarhus Kommune",
/// the rest under their bodies' names.
fn organised_fixture() -> Fixture {
    let fixture = fixture();
    on_store(&fixture, |store| {
        let meetings = store
            .meetings(&MeetingFilter::default(), Page::ALL)
            .unwrap();
        for (idx, meeting) in meetings.iter().enumerate().take(3) {
            let organisation = if idx < 2 {
                "Greve Kommune"
            } else {
                "Aarhus Kommune"
            };
            let access = MeetingAccess {
                visibility: Visibility::Public,
                organisation: Some(organisation.into()),
            };
            store
                .set_meeting_access(&meeting.id, &access, &cli())
                .unwrap();
        }
    });
    fixture
}

/// The 1.1 schemas by type name.
fn schemas() -> HashMap<String, jsonschema::Validator> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oparl-1.1");
    let mut out = HashMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        // The folder's README.md says where the schemas come from.
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            // The schemas' own format: an absolute URL.
            .with_format("url", |value: &str| {
                value.starts_with("http://") || value.starts_with("https://")
            })
            .build(&schema)
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        out.insert(name, validator);
    }
    assert_eq!(out.len(), 12, "the twelve object schemas of OParl 1.1");
    out
}

/// Every object in `value` with an OParl `type`, itself included: `(where, object)`.
fn objects<'a>(value: &'a Value, at: &str, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            if map
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|kind| kind.starts_with(SCHEMA))
            {
                out.push((at.to_owned(), value));
            }
            for (key, inner) in map {
                objects(inner, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (idx, inner) in items.iter().enumerate() {
                objects(inner, &format!("{at}/{idx}"), out);
            }
        }
        _ => {}
    }
}

/// Every URL on this server that `value` names, and every `null` in it.
fn urls_and_nulls(value: &Value, at: &str, urls: &mut BTreeSet<String>, nulls: &mut Vec<String>) {
    match value {
        Value::String(text) if text.starts_with(ORIGIN) => {
            urls.insert(text.clone());
        }
        Value::Null => nulls.push(at.to_owned()),
        Value::Object(map) => {
            for (key, inner) in map {
                urls_and_nulls(inner, &format!("{at}/{key}"), urls, nulls);
            }
        }
        Value::Array(items) => {
            for (idx, inner) in items.iter().enumerate() {
                urls_and_nulls(inner, &format!("{at}/{idx}"), urls, nulls);
            }
        }
        _ => {}
    }
}

/// Walks the whole system; returns the problems found and the objects seen by type.
async fn walk(fixture: &Fixture) -> (Vec<String>, HashMap<String, Vec<Value>>) {
    let schemas = schemas();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, Vec<Value>> = HashMap::new();
    let mut queue = VecDeque::from([format!("{ORIGIN}/api/v1/oparl/system")]);
    let mut visited = BTreeSet::new();
    while let Some(url) = queue.pop_front() {
        if !visited.insert(url.clone()) {
            continue;
        }
        assert!(visited.len() < 5_000, "the walk does not end");
        let uri = url.trim_start_matches(ORIGIN);
        let reply = get(fixture, uri).await;
        if reply.status != 200 {
            problems.push(format!("{uri}: {}", reply.status));
            continue;
        }
        // Pages and originals (`web`, `accessUrl`) must answer; only OParl is JSON.
        if !uri.starts_with("/api/v1/oparl/") {
            continue;
        }
        let body: Value = serde_json::from_str(&reply.body).unwrap();
        let mut found = Vec::new();
        objects(&body, "", &mut found);
        if found.is_empty() && body.get("data").is_none() {
            problems.push(format!("{uri}: neither an object nor a list"));
        }
        for (at, object) in found {
            let kind = object["type"].as_str().unwrap().trim_start_matches(SCHEMA);
            let Some(validator) = schemas.get(kind) else {
                problems.push(format!("{uri}{at}: no schema for {kind}"));
                continue;
            };
            for error in validator.iter_errors(object) {
                problems.push(format!(
                    "{uri}{at}: {kind}: {error} at {}",
                    error.instance_path()
                ));
            }
            seen.entry(kind.to_owned())
                .or_default()
                .push(object.clone());
        }
        let mut urls = BTreeSet::new();
        let mut nulls = Vec::new();
        urls_and_nulls(&body, "", &mut urls, &mut nulls);
        for at in nulls {
            problems.push(format!("{uri}{at}: null"));
        }
        queue.extend(urls.into_iter().filter(|url| !visited.contains(url)));
    }
    (problems, seen)
}

async fn the_whole_system_validates_and_resolves() {
    let fixture = organised_fixture();
    let (problems, seen) = walk(&fixture).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // One Body per organisation: the two given at import and the bodies of the rest.
    let bodies: BTreeSet<&str> = seen["Body"]
        .iter()
        .map(|body| body["name"].as_str().unwrap())
        .collect();
    assert!(bodies.contains("Greve Kommune"), "{bodies:?}");
    assert!(bodies.contains("Aarhus Kommune"), "{bodies:?}");
    assert!(!bodies.contains("referat"), "{bodies:?}");
    for kind in [
        "System",
        "Body",
        "Organization",
        "Person",
        "Meeting",
        "AgendaItem",
        "File",
    ] {
        assert!(seen.contains_key(kind), "the walk found no {kind}");
    }
    // Values in the specification's vocabulary.
    for meeting in &seen["Meeting"] {
        let state = meeting["meetingState"].as_str().unwrap();
        assert!(
            ["terminiert", "eingeladen", "durchgeführt"].contains(&state),
            "{state}"
        );
    }
}

async fn a_meeting_belongs_to_its_organisation() {
    let fixture = organised_fixture();
    let (_, seen) = walk(&fixture).await;
    let greve = format!("{ORIGIN}/api/v1/oparl/body/greve-kommune");
    let greve_meetings: Value = serde_json::from_str(
        &get(&fixture, "/api/v1/oparl/body/greve-kommune/meetings")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(greve_meetings["pagination"]["totalElements"], 2);
    for meeting in greve_meetings["data"].as_array().unwrap() {
        let organization = meeting["organization"][0].as_str().unwrap();
        assert!(organization.starts_with(&greve), "{organization}");
    }
    for organization in &seen["Organization"] {
        let body = organization["body"].as_str().unwrap();
        assert!(organization["id"].as_str().unwrap().starts_with(body));
    }
    assert_eq!(
        get(&fixture, "/api/v1/oparl/body/ingen-kommune")
            .await
            .status,
        404
    );
    // The JSON API carries and filters by the organisation too.
    let listed: Value = serde_json::from_str(
        &get(&fixture, "/api/v1/meetings?organisation=greve%20kommune")
            .await
            .body,
    )
    .unwrap();
    let data = listed["data"].as_array().unwrap();
    assert_eq!(data.len(), 2, "{listed}");
    assert!(data.iter().all(|m| m["organisation"] == "Greve Kommune"));
    let all: Value = serde_json::from_str(&get(&fixture, "/api/v1/meetings").await.body).unwrap();
    assert_eq!(all["data"].as_array().unwrap().len(), 5);
}

/// A closed item is `public: false`, and so is an item whose title says it is closed.
async fn closed_items_are_not_public() {
    let text = "\
Byrådet (Byrådet)

03-03-2025 17:00 - 19:00

Referat

Punkt 1: Budget for havnen

Byrådet godkendte budgettet.

Punkt 2: Lukket: Køb af grund ved fyrpladsen

Byrådet godkendte købet.
";
    let fixture = crate::fixture_with(&[("byraad.txt".to_owned(), text.to_owned())]);
    let list: Value =
        serde_json::from_str(&get(&fixture, "/api/v1/oparl/meetings").await.body).unwrap();
    let meeting = &list["data"][0];
    let items = meeting["agendaItem"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{meeting}");
    assert_eq!(items[0]["public"], true);
    assert_eq!(items[1]["public"], false);
    assert!(meeting.get("end").is_some());
    assert!(meeting["name"].as_str().unwrap().ends_with("kl. 17.00"));
}

/// The OParl community's validator (built in `../shared/tools/oparl-validator/`) walks a
/// real server with the seeds under three organisations and reports no problem. Skipped
/// without `../shared`.
#[expect(
    clippy::print_stderr,
    reason = "a skipped test must say so in the test log"
)]
async fn the_community_validator_reports_no_problem() {
    let validator = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/tools/oparl-validator/oparl-validator-rs");
    if !validator.exists() {
        eprintln!(
            "OParl validator missing at {}: skipped",
            validator.display()
        );
        return;
    }
    let fixture = organised_fixture();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let state = fixture.state.clone().with_origin(&origin.parse().unwrap());
    let server = tokio::spawn(web::serve(listener, state));
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    let log = dir.path().join("log.txt");
    let url = format!("{origin}/api/v1/oparl/system");
    let output = tokio::task::spawn_blocking({
        let (report, log) = (report.clone(), log.clone());
        move || {
            Command::new(&validator)
                .arg("--quiet")
                .arg("--report")
                .arg(&report)
                .arg("--log")
                .arg(&log)
                .arg(&url)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    server.abort();
    let report = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(
        output.status.success() && !report.is_empty(),
        "the validator failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: Vec<&str> = report
        .lines()
        .skip_while(|line| !line.contains("Zusammenfassung"))
        .skip(1)
        .take_while(|line| !line.starts_with("==="))
        .filter(|line| !line.trim().is_empty())
        // The test server has no TLS; a public one runs behind https (docs/deploy.md).
        .filter(|line| !line.starts_with("Das unsichere HTTP wird verwendet"))
        .collect();
    assert!(summary.is_empty(), "{report}");
}

backend_tests!(
    the_whole_system_validates_and_resolves,
    a_meeting_belongs_to_its_organisation,
    closed_items_are_not_public,
    the_community_validator_reports_no_problem,
);
