//! The corefer HTTP service (`corefer serve`): resolve documents over HTTP with one model loaded once and
//! shared by every request.
//!
//! Routes (documented in `openapi.json`, served at `/openapi.json`): `POST /v1/resolve`,
//! `POST /v1/resolve/batch`, `GET /v1/model`, `GET /healthz`.
//!
//! Design decision: the async side (axum on tokio) only reads, parses and answers; every piece of model
//! work runs on tokio's blocking pool, at most [`Limits::workers`] at once (a semaphore; the pool is sized
//! to match in [`run`]), each document on one thread, because documents in parallel use the cores better
//! than one document split across them. A request that finds `workers + queue` requests already admitted
//! is refused at once with 503 and `Retry-After` rather than queued without bound, so latency under
//! overload stays bounded and the client, not the server, decides when to retry.

mod admission;
mod api;
pub mod card;
mod error;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use corefer::Resolver;

pub use api::{
    BatchRequest, BatchResponse, DocumentRequest, FieldName, NamesOption, PossessiveOption, ReplaceOption,
    RequestOptions, ResolveRequest,
};
pub use card::ModelInfo;

/// The OpenAPI 3 document of the service, as served at `/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The routes the service answers, as (method, path); the OpenAPI document describes exactly these.
pub const ROUTES: [(&str, &str); 5] = [
    ("POST", "/v1/resolve"),
    ("POST", "/v1/resolve/batch"),
    ("GET", "/v1/model"),
    ("GET", "/healthz"),
    ("GET", "/openapi.json"),
];

/// What a request may ask for and how much work the service takes on.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Requests whose model work runs at once (one thread each).
    pub workers: usize,
    /// Requests that may wait for a worker beyond those running; one more is answered 503.
    pub queue: usize,
    /// Largest request body, in bytes (413 beyond).
    pub max_body_bytes: usize,
    /// Most words in one document (422 beyond).
    pub max_words: usize,
    /// Most documents in one batch request (422 beyond).
    pub max_batch_documents: usize,
    /// Longest a request may take, waiting for a worker included (504 beyond).
    pub timeout: Duration,
    /// What a 503 tells the client to wait before retrying, in seconds.
    pub retry_after_s: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            workers: std::thread::available_parallelism().map_or(1, usize::from),
            queue: 64,
            max_body_bytes: 4 << 20,
            max_words: 100_000,
            max_batch_documents: 64,
            timeout: Duration::from_secs(120),
            retry_after_s: 1,
        }
    }
}

/// The service: the shared resolver, its limits and what `/v1/model` says about the model.
#[derive(Clone)]
pub struct Service {
    inner: Arc<api::Shared>,
}

impl Service {
    /// `resolver`'s pronoun guard is the default of requests that do not set `min_pronoun_probability`.
    pub fn new(resolver: Resolver, limits: Limits, model: ModelInfo) -> Self {
        Service { inner: Arc::new(api::Shared::new(resolver, limits, model)) }
    }

    /// The routes, ready to be served.
    pub fn router(&self) -> axum::Router {
        api::router(self.inner.clone())
    }

    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }
}

/// Serves `service` on `listener` until `shutdown` completes, then stops accepting connections and
/// returns once every request in flight has been answered.
pub async fn serve(
    listener: tokio::net::TcpListener,
    service: Service,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, service.router()).with_graceful_shutdown(shutdown).await
}

/// Runs the service on `addr` until SIGTERM or SIGINT, then drains the requests in flight and returns.
/// `on_listening` is told the bound address (useful with port 0). The blocking pool that runs the model
/// gets exactly `limits.workers` threads.
pub fn run(addr: &str, service: Service, on_listening: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(service.limits().workers.max(1))
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_listening(listener.local_addr()?);
        serve(listener, service, shutdown_signal()).await
    })?;
    // Requests that timed out may still have model work running; it cannot be interrupted, and its
    // result has no one to go to.
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}

/// Completes on SIGTERM or SIGINT (Ctrl-C), saying so on stderr.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    eprintln!("corefer serve: shutting down; finishing the requests in flight");
}
