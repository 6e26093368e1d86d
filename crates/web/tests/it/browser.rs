//! End to end in headless Chromium (Debian `chromium` + `chromium-driver`, installed by
//! `scripts/test`): the real server on a random loopback port with the seeds imported; search,
//! open a meeting, follow a thread, fetch the meeting's calendar file; a screenshot of each
//! page into `target/e2e/`, and axe-core (installed by `scripts/test` into `target/npm/`)
//! run on each page type with zero WCAG 2.1 AA violations. When Chromium is missing (a
//! machine where `scripts/test` could not install it) the test says so and passes.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

use crate::fixture;

pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A chromedriver child process, killed when dropped.
pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target")
}

/// Whether Chromium and chromedriver are installed (None, and the test log says the test is
/// skipped, when not), with axe-core's source when it is installed (the log says when the
/// accessibility checks are skipped).
#[expect(
    clippy::print_stderr,
    reason = "a skipped check must be visible in the test log"
)]
pub(crate) fn browser_ready() -> Option<Option<String>> {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        eprintln!(
            "browser test skipped: {CHROMIUM} or {CHROMEDRIVER} missing (scripts/test installs them)"
        );
        return None;
    }
    let axe_path = target_dir().join("npm/node_modules/axe-core/axe.min.js");
    let axe_source = std::fs::read_to_string(&axe_path).ok();
    if axe_source.is_none() {
        eprintln!(
            "axe-core missing at {}: accessibility checks skipped (scripts/test installs it)",
            axe_path.display()
        );
    }
    Some(axe_source)
}

pub(crate) async fn start_browser(profile: &Path) -> (Driver, Client) {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap();
    (driver, client)
}

async fn screenshot(client: &Client, name: &str) {
    screenshot_at(client, name, 1280).await;
}

/// A screenshot of the whole page at `width` pixels, into `target/e2e/NAME.png`.
pub(crate) async fn screenshot_at(client: &Client, name: &str, width: u32) {
    let dir = target_dir().join("e2e");
    std::fs::create_dir_all(&dir).unwrap();
    // The whole page: grow the window to the document's height at this width first.
    client.set_window_size(width, 900).await.unwrap();
    let height = client
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(900)
        .clamp(600, 6000);
    client
        .set_window_size(width, u32::try_from(height).unwrap_or(900) + 120)
        .await
        .unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    client.set_window_size(width, 900).await.unwrap();
}

/// The page's width and the window's, in pixels: a page wider than its window scrolls
/// sideways.
pub(crate) async fn page_and_window_width(client: &Client) -> (u64, u64) {
    let sizes = client
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .unwrap();
    (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap())
}

/// Runs axe-core on the current page and returns the WCAG 2.1 A/AA violations.
pub(crate) async fn axe(client: &Client, axe_source: &str) -> Vec<String> {
    let script = format!(
        "{axe_source}\n;return axe.run(document, {{runOnly: {{type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}}}}).then(r => r.violations.map(v => v.id + ': ' + v.help + ' ' + JSON.stringify(v.nodes.map(n => n.target))));"
    );
    let result = client.execute(&script, vec![]).await.unwrap();
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_meeting_thread_and_calendar_in_chromium() {
    let Some(axe_source) = browser_ready() else {
        return;
    };
    let fixture = fixture();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(web::serve(listener, fixture.state.clone()));
    let profile = tempfile::tempdir().unwrap();
    let (_driver, client) = start_browser(profile.path()).await;
    let mut violations = Vec::new();
    let mut check = async |client: &Client, name: &str| {
        screenshot(client, name).await;
        if let Some(source) = &axe_source {
            for violation in axe(client, source).await {
                violations.push(format!("{name}: {violation}"));
            }
        }
    };

    client.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(client.title().await.unwrap(), "Forside – referat");
    check(&client, "1-forside").await;

    // Search from the header form.
    let input = client.find(Locator::Id("hurtigsoeg")).await.unwrap();
    input.send_keys("plejehjem").await.unwrap();
    client
        .find(Locator::Css("form.quick button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Id("resultater"))
        .await
        .unwrap();
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("/soeg?q=plejehjem")
    );
    check(&client, "2-soeg").await;

    // Follow the thread of "Frisættelse af plejehjem".
    client
        .goto(&format!("{base}/punkter/raadmandsmoede-2024-11-05/2"))
        .await
        .unwrap();
    let h1 = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(h1.contains("Frisættelse af plejehjem"), "{h1}");
    check(&client, "3-punkt").await;
    client
        .find(Locator::Css(".thread li a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..100 {
        if client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("raadmandsmoede-2023-12-08")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("raadmandsmoede-2023-12-08")
    );
    check(&client, "4-punkt-tidligere").await;

    // The meeting beside its original; jump to a decision's line.
    client
        .goto(&format!("{base}/moeder/raadmandsmoede-2025-07-01"))
        .await
        .unwrap();
    let h1 = client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, "Rådmandsmøde 1. juli 2025");
    check(&client, "5-moede").await;
    let ics_href = client
        .find(Locator::LinkText("Kalender (ICS)"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    // The link as a download: the page's CSP forbids fetch(), so the test fetches it.
    let ics = http_get(&base, &ics_href).await;
    assert!(ics.contains("content-disposition: attachment"), "{ics}");
    assert!(ics.contains("BEGIN:VEVENT"), "{ics}");

    for (path, name) in [
        ("/opfoelgning", "6-opfoelgning"),
        ("/personer/Heidi%20Have", "7-person"),
        ("/personer", "8-personer"),
        ("/moeder", "9-moeder"),
    ] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        check(&client, name).await;
    }

    // Issue 20: every page on a phone (320 and 390 px wide) without horizontal scrolling;
    // screenshots at 390 px (`target/e2e/390-*.png`), axe-core on the narrow layout too.
    let mut overflow = Vec::new();
    for width in [320u32, 390] {
        client.set_window_size(width, 900).await.unwrap();
        for (path, name) in [
            ("/", "forside"),
            ("/moeder", "moeder"),
            ("/moeder/raadmandsmoede-2025-07-01", "moede"),
            ("/punkter/raadmandsmoede-2024-11-05/2", "punkt"),
            ("/opfoelgning", "opfoelgning"),
            ("/personer", "personer"),
            ("/personer/Heidi%20Have", "person"),
            ("/soeg?q=plejehjem", "soeg"),
            ("/findes-ikke", "ikke-fundet"),
        ] {
            client.goto(&format!("{base}{path}")).await.unwrap();
            let (scroll, inner) = page_and_window_width(&client).await;
            if scroll > inner {
                overflow.push(format!("{path} at {width} px: {scroll} px wide"));
            }
            if width == 390 {
                screenshot_at(&client, &format!("390-{name}"), width).await;
                if let Some(source) = &axe_source {
                    for violation in axe(&client, source).await {
                        violations.push(format!("390-{name}: {violation}"));
                    }
                }
            }
        }
    }
    assert!(overflow.is_empty(), "{}", overflow.join("\n"));

    client.close().await.unwrap();
    server.abort();
    assert!(
        violations.is_empty(),
        "axe-core found:\n{}",
        violations.join("\n")
    );
}

/// A plain HTTP/1.0 GET, headers and body as text.
async fn http_get(base: &str, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

/// Issue 13: sign in through the form (a wrong password first: the error is announced),
/// close a follow-up as a sekretær, sign out; axe-core on the sign-in page, its error
/// state and the follow-up page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_close_a_follow_up_and_sign_out_in_chromium() {
    let Some(axe_source) = browser_ready() else {
        return;
    };
    let fixture = fixture();
    crate::accounts::add_user(&fixture, "sekr@greve.dk", "sekretær", None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(web::serve(listener, fixture.state.clone()));
    let profile = tempfile::tempdir().unwrap();
    let (_driver, client) = start_browser(profile.path()).await;
    let mut violations = Vec::new();
    let mut check = async |client: &Client, name: &str| {
        screenshot(client, name).await;
        if let Some(source) = &axe_source {
            for violation in axe(client, source).await {
                violations.push(format!("{name}: {violation}"));
            }
        }
    };
    let text = async |client: &Client, css: &str| {
        client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };

    client.goto(&format!("{base}/")).await.unwrap();
    client
        .find(Locator::LinkText("Log ind"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(client.title().await.unwrap(), "Log ind – referat");
    check(&client, "10-log-ind").await;

    let fill = async |client: &Client, email: &str, password: &str| {
        let field = client.find(Locator::Id("email")).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(email).await.unwrap();
        let field = client.find(Locator::Id("password")).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(password).await.unwrap();
        client
            .find(Locator::Css("form.sign-in button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    };
    fill(&client, "sekr@greve.dk", "forkert adgangskode").await;
    client
        .wait()
        .for_element(Locator::Css("[role=alert]"))
        .await
        .unwrap();
    assert_eq!(
        text(&client, "[role=alert]").await,
        "Forkert e-mailadresse eller adgangskode."
    );
    check(&client, "11-log-ind-fejl").await;

    fill(&client, "sekr@greve.dk", crate::accounts::PASSWORD).await;
    client
        .wait()
        .for_element(Locator::Css(".account .who"))
        .await
        .unwrap();
    assert_eq!(
        text(&client, ".account .who").await,
        "sekr@greve.dk (sekretær)"
    );

    // Close the first follow-up of the register.
    client.goto(&format!("{base}/opfoelgning")).await.unwrap();
    client
        .find(Locator::Css(
            "table.register tbody a[href^='/opfoelgning/']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Id("note"))
        .await
        .unwrap();
    client
        .find(Locator::Css("#status option[value='done']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Id("note"))
        .await
        .unwrap()
        .send_keys("Klaret på mødet")
        .await
        .unwrap();
    client
        .find(Locator::Css("form.status button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("table.history"))
        .await
        .unwrap();
    assert_eq!(text(&client, "dl.facts dd strong").await, "udført");
    let history = text(&client, "table.history tbody").await;
    assert!(
        history.contains("sekr@greve.dk") && history.contains("Klaret på mødet"),
        "{history}"
    );
    check(&client, "12-opfoelgning").await;

    // Save a search from the search page (issue 15) and find it under Mine søgninger.
    client.goto(&format!("{base}/soeg?q=budget")).await.unwrap();
    check(&client, "13-soeg-gem").await;
    client
        .find(Locator::Css("#hyppighed option[value='ugentligt']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css("section.save-search button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("table.saved-searches"))
        .await
        .unwrap();
    let saved = text(&client, "table.saved-searches tbody").await;
    assert!(
        saved.contains("budget") && saved.contains("ugentligt"),
        "{saved}"
    );
    check(&client, "14-mine-soegninger").await;

    client
        .find(Locator::Css(".account button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::LinkText("Log ind"))
        .await
        .unwrap();

    client.close().await.unwrap();
    server.abort();
    assert!(
        violations.is_empty(),
        "axe-core found:\n{}",
        violations.join("\n")
    );
}

/// Issue 13: a meeting with a closed item as the public sees it in Chromium: the item's
/// title and "Lukket punkt", none of its text, no original; axe-core on the meeting and
/// the item page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_item_in_chromium() {
    let Some(axe_source) = browser_ready() else {
        return;
    };
    let fixture =
        crate::fixture_with(&[("havn.txt".to_owned(), crate::closed::HARBOUR.to_owned())]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(web::serve(listener, fixture.state.clone()));
    let profile = tempfile::tempdir().unwrap();
    let (_driver, client) = start_browser(profile.path()).await;
    let mut violations = Vec::new();
    for (path, name) in [
        ("/moeder/havneudvalget-2025-08-04", "lukket-moede"),
        ("/punkter/havneudvalget-2025-08-04/2", "lukket-punkt"),
    ] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        let text = client
            .find(Locator::Css("main"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            text.contains("Lukket: Køb af grund ved fyrpladsen"),
            "{text}"
        );
        assert!(text.contains("Lukket punkt"), "{text}");
        assert!(!text.to_lowercase().contains("gnavertårn"), "{text}");
        screenshot(&client, name).await;
        if let Some(source) = &axe_source {
            for violation in axe(&client, source).await {
                violations.push(format!("{name}: {violation}"));
            }
        }
    }
    client.close().await.unwrap();
    server.abort();
    assert!(
        violations.is_empty(),
        "axe-core found:\n{}",
        violations.join("\n")
    );
}
