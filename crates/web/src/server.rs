//! The HTTP server around the router, built on hyper directly so that no client can hold
//! the server: a connection that takes longer than [`Limits::header_timeout`] to send a
//! request's headers, or sends and receives nothing for [`Limits::idle_timeout`] while no
//! request of it is being answered, is closed; each client (IP address) has at most
//! [`Limits::connections_per_client`] connections open, and further ones are answered 503
//! at once. The body and total request deadlines and the queue of searches are enforced in
//! the router (see [`crate::security`] and [`crate::searching`]), so they hold in tests too.
//! Issue 19: 21,000 idle connections exhausted the file descriptors, and slowloris
//! connections stayed open for as long as they were fed.
//!
//! It does not speak TLS or HTTP/2: a reverse proxy in front does that.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use crate::{AppError, AppState, Limits};

/// Serves `router(state)` on `listener` until the process ends, within `state`'s
/// [`Limits`]. Absolute links use the state's public origin or, without one, the address
/// listened on.
pub async fn serve(listener: TcpListener, state: AppState) -> io::Result<()> {
    serve_until(listener, state, std::future::pending()).await
}

/// Serves like [`serve`] until `shutdown` resolves (SIGTERM, say), then shuts down
/// gracefully: it stops accepting connections (new ones are refused), lets every request
/// already being answered finish and be sent, closes idle connections, and returns once
/// all connections are closed, or after [`Limits::request_timeout`] and a second more at
/// the latest (no request runs longer than that anyway: it is answered 503).
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()>,
) -> io::Result<()> {
    let local = listener.local_addr()?;
    let state = if state.origin.is_some() {
        state
    } else {
        state.with_origin(&crate::Origin::of_addr(local))
    };
    let limits = state.limits.clone();
    let app = crate::router(state);
    let clients = Clients::default();
    let (stopping, stop) = tokio::sync::watch::channel(false);
    let open = Open::default();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(err) if is_connection_error(&err) => continue,
            Err(_) => {
                // Out of file descriptors or memory: wait for connections to close rather
                // than spinning.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let slot = clients.take(peer.ip(), limits.connections_per_client);
        let app = app.clone();
        let limits = limits.clone();
        let stop = stop.clone();
        let counted = open.count();
        tokio::spawn(async move {
            match slot {
                Some(slot) => connection(stream, peer.ip(), app, &limits, slot, stop).await,
                None => refuse(stream, &limits).await,
            }
            drop(counted);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    let grace = limits.request_timeout + Duration::from_secs(1);
    let _ = tokio::time::timeout(grace, open.closed()).await;
    Ok(())
}

/// The connections still open, so that a shutdown can wait for them.
#[derive(Clone, Default)]
struct Open(Arc<(AtomicUsize, tokio::sync::Notify)>);

/// One open connection; counted until dropped.
struct Counted(Open);

impl Open {
    fn count(&self) -> Counted {
        self.0.0.fetch_add(1, Ordering::SeqCst);
        Counted(self.clone())
    }

    /// Until no connection is open.
    async fn closed(&self) {
        loop {
            let notified = self.0.1.notified();
            if self.0.0.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        if self.0.0.0.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.0.1.notify_waiters();
        }
    }
}

/// Errors of one connection that `accept` reports; the listener is fine.
fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// The open connections per client.
#[derive(Clone, Default)]
struct Clients(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One open connection of a client; counted until dropped.
struct Slot {
    clients: Clients,
    ip: IpAddr,
}

impl Clients {
    /// A slot for `ip`, or `None` when it has `max` connections open (0: no limit).
    fn take(&self, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut open = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = open.entry(ip).or_insert(0);
        if max > 0 && *count >= max {
            return None;
        }
        *count += 1;
        Some(Slot {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .clients
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// The HTTP/1 settings shared by served and refused connections.
fn http1(limits: &Limits) -> hyper::server::conn::http1::Builder {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    builder
}

/// Serves one connection until the client closes it or a timeout does; once `stop` turns
/// true, the request being answered (if any) is finished and the connection closed.
async fn connection(
    stream: TcpStream,
    peer: IpAddr,
    app: Router,
    limits: &Limits,
    _slot: Slot,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        stream,
        activity: Arc::clone(&activity),
    });
    let app = TowerToHyperService::new(app);
    let answering = Arc::clone(&activity);
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let busy = answering.begin();
        let mut request = request.map(Body::new);
        // Who is asking, for the sign-in rate limit and the audit log.
        request
            .extensions_mut()
            .insert(crate::auth::ClientAddr(peer));
        let response = hyper::service::Service::call(&app, request);
        async move {
            let response = response.await;
            drop(busy);
            response
        }
    });
    let served = http1(limits).serve_connection(io, service);
    tokio::pin!(served);
    // Dropping the connection closes the socket.
    tokio::select! {
        _ = served.as_mut() => return,
        () = activity.idle_for(limits.idle_timeout) => return,
        _ = stop.wait_for(|stopping| *stopping) => {}
    }
    // Shutting down: hyper finishes the request in flight, sends its answer and closes; an
    // idle connection closes at once.
    served.as_mut().graceful_shutdown();
    tokio::select! {
        _ = served => {}
        () = activity.idle_for(limits.idle_timeout) => {}
    }
}

/// Longest a connection over its client's limit is kept to tell it so.
const REFUSAL_TIMEOUT: Duration = Duration::from_secs(2);

/// Answers every request of a connection over the client's limit with a 503 and closes it.
async fn refuse(stream: TcpStream, limits: &Limits) {
    let service = hyper::service::service_fn(|_: hyper::Request<Incoming>| async {
        Ok::<_, std::convert::Infallible>(axum::response::IntoResponse::into_response(
            AppError::TooManyConnections,
        ))
    });
    let mut builder = http1(limits);
    builder.keep_alive(false);
    let served = builder.serve_connection(TokioIo::new(stream), service);
    // Refused connections are not counted: they must not linger either.
    let _ = tokio::time::timeout(limits.header_timeout.min(REFUSAL_TIMEOUT), served).await;
}

/// When a connection last moved a byte, and how many of its requests are being answered.
struct Activity {
    started: Instant,
    /// Milliseconds after `started`.
    last: AtomicU64,
    answering: AtomicUsize,
}

/// One request being answered; counted until dropped.
struct Answering(Arc<Activity>);

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answering.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

impl Activity {
    fn new() -> Activity {
        Activity {
            started: Instant::now(),
            last: AtomicU64::new(0),
            answering: AtomicUsize::new(0),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn touch(&self) {
        self.last.store(self.now(), Ordering::Relaxed);
    }

    fn begin(self: &Arc<Self>) -> Answering {
        self.answering.fetch_add(1, Ordering::Relaxed);
        Answering(Arc::clone(self))
    }

    /// Resolves once nothing has moved for `idle` while no request was being answered.
    async fn idle_for(&self, idle: Duration) {
        let idle_ms = u64::try_from(idle.as_millis()).unwrap_or(u64::MAX);
        loop {
            let quiet = self.now().saturating_sub(self.last.load(Ordering::Relaxed));
            if quiet >= idle_ms && self.answering.load(Ordering::Relaxed) == 0 {
                return;
            }
            let wait = idle_ms.saturating_sub(quiet).max(10);
            tokio::time::sleep(Duration::from_millis(wait)).await;
        }
    }
}

/// A socket that records its activity.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
