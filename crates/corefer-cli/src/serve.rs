//! `corefer serve --addr HOST:PORT`: the HTTP service of the `corefer-serve` crate, with the model the
//! common flags choose.
//!
//! Design decision: this module only turns flags into the service's [`Limits`] and loads the model once;
//! the routes, limits and shutdown live in `corefer-serve`, so the CLI stays a thin layer and the
//! service can be tested in-process without the binary.

use std::time::Duration;

use corefer::PronounGuard;
use corefer_serve::{card, Limits, ModelInfo, Service};

use crate::common::{CommonArgs, Outcome};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  corefer serve                                     http://127.0.0.1:8080, one worker per core
  corefer serve --addr 0.0.0.0:9000 --queue 16      refuse (503) beyond 16 waiting requests
  curl -s localhost:8080/v1/resolve -d '{\"text\": \"Ann met Bob. She smiled.\"}'

Routes: POST /v1/resolve, POST /v1/resolve/batch, GET /v1/model, GET /healthz, GET /openapi.json
(docs/batch-and-serve.md). SIGTERM or Ctrl-C stops accepting connections, answers the requests in
flight, then exits 0. `--threads` is the number of workers (documents resolved at once); `--max-words`
applies per document (422 beyond); `--min-pronoun-probability` is the default of requests that do not set one.")]
pub struct Args {
    /// Address to listen on (port 0: any free port, printed on stderr).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Requests that may wait for a worker; one more is answered 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub queue: usize,
    /// Largest request body in bytes (413 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = 4 << 20)]
    pub max_body_bytes: usize,
    /// Most documents in one /v1/resolve/batch request (422 beyond).
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_batch_documents: usize,
    /// Longest a request may take, waiting for a worker included, in seconds (504 beyond).
    #[arg(long, value_name = "SECONDS", default_value_t = 120.0)]
    pub timeout: f64,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(args: &Args) -> Result<Outcome, Outcome> {
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .map_err(|e| Outcome::unusable(format!("--timeout {}: {e}", args.timeout)))?;
    let resolver = args.common.resolver(PronounGuard::FOR_REWRITING)?;
    let workers = args.common.pool()?.current_num_threads();
    let card = card::for_model(&args.common.model, resolver.model_name()).map_err(Outcome::unusable)?;
    let model = ModelInfo::new(resolver.model_name(), card);
    let limits = Limits {
        workers,
        queue: args.queue,
        max_body_bytes: args.max_body_bytes,
        max_words: args.common.max_words,
        max_batch_documents: args.max_batch_documents,
        timeout,
        ..Limits::default()
    };
    let name = model.name.clone();
    let service = Service::new(resolver, limits, model);
    let listening = |addr| {
        eprintln!(
            "corefer serve: listening on http://{addr} (model {name}, {workers} workers, queue {})",
            args.queue
        );
    };
    corefer_serve::run(&args.addr, service, listening)
        .map_err(|e| Outcome::unusable(format!("serving on {}: {e}", args.addr)))?;
    eprintln!("corefer serve: stopped");
    Ok(Outcome::default())
}
