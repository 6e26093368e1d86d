//! A database that goes away: while PostgreSQL cannot be reached every request answers 503
//! with a Danish message and a `Retry-After`, and when it is back the same router and store
//! answer again, without a restart. A TCP relay between the store and PostgreSQL plays the
//! network: cutting it closes every open connection and refuses new ones.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use store::{PgOptions, PgStore};
use web::AppState;

use crate::{Backend, Fixture, Place, TODAY, get, import, on, postgres_url, seeds};

/// Forwards connections from a local port to `upstream` until cut.
struct Relay {
    addr: String,
    cut: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn start(upstream: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let cut = Arc::new(AtomicBool::new(false));
        let open = Arc::new(Mutex::new(Vec::new()));
        let (cut_flag, open_list) = (Arc::clone(&cut), Arc::clone(&open));
        // The thread ends with the test process.
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if cut_flag.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                {
                    let mut open = open_list.lock().unwrap();
                    open.push(client.try_clone().unwrap());
                    open.push(server.try_clone().unwrap());
                }
                pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
                pipe(server, client);
            }
        });
        Relay { addr, cut, open }
    }

    /// Closes every relayed connection and refuses new ones.
    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    /// Relays new connections again.
    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

/// Copies `from` to `to` on a thread until either side closes.
fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let mut buffer = [0u8; 16 * 1024];
        loop {
            match from.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if to.write_all(&buffer[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown(Shutdown::Both);
    });
}

/// `host:port` of a `postgres://user@host:port/database` URL.
fn host_port(url: &str) -> &str {
    let rest = url.split_once('@').map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap()
}

async fn lost_database_gives_503_and_recovers_without_restart() {
    let url = postgres_url().unwrap();
    let upstream = host_port(&url).to_owned();
    let relay = Relay::start(upstream.clone());
    let relayed = url.replacen(&upstream, &relay.addr, 1);
    let fixture = std::thread::spawn(move || {
        let schema = crate::unique_schema();
        // A short wait for a connection, so that a lost database answers 503 soon.
        let options = PgOptions {
            schema: Some(schema.clone()),
            max_connections: 4,
            connect_timeout: std::time::Duration::from_secs(2),
        };
        let store = PgStore::connect(&relayed, &options).unwrap();
        for (name, text) in seeds() {
            import(&store, &name, &text);
        }
        let today = jiff::civil::date(TODAY.0, TODAY.1, TODAY.2);
        let index = Arc::new(crate::index_of(&store));
        Fixture {
            state: AppState::new(Arc::new(store), index, today, Arc::new(crate::read_source)),
            _place: Place::Schema { url, schema },
        }
    })
    .join()
    .unwrap();
    assert_eq!(get(&fixture, "/").await.status, StatusCode::OK);

    relay.cut();
    let page = get(&fixture, "/moeder").await;
    assert_eq!(
        page.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Databasen kan ikke nås lige nu"),
        "{}",
        page.body
    );
    assert_eq!(page.headers["retry-after"], "5");
    // Nothing about hosts or ports leaks into the page.
    assert!(!page.body.contains(&relay.addr), "{}", page.body);
    let api = get(&fixture, "/api/v1/meetings").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(api.body.contains(r#""code":"unavailable""#), "{}", api.body);
    // The load balancer takes the node out (issue 17), while the process itself is up.
    let ready = get(&fixture, "/readyz").await;
    assert_eq!(
        ready.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        ready.body
    );
    assert!(
        ready.body.starts_with("ikke klar: databasen svarer ikke"),
        "{}",
        ready.body
    );
    assert!(!ready.body.contains(&relay.addr), "{}", ready.body);
    assert_eq!(get(&fixture, "/healthz").await.status, StatusCode::OK);

    relay.restore();
    let page = get(&fixture, "/moeder").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Rådmandsmøde"));
    assert_eq!(get(&fixture, "/readyz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn lost_database_gives_503_and_recovers() {
    on(
        Backend::Postgres,
        lost_database_gives_503_and_recovers_without_restart(),
    )
    .await;
}
