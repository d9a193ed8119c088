//! The `corefer` command-line tool: one module per subcommand, each a thin layer over the library.

mod batch;
mod clusters;
mod common;
mod eval;
mod html;
mod input;
mod ordered;
mod output;
mod pipeline;
mod predict;
mod render_html;
mod report;
mod resolve;
mod rewrite;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "corefer",
    version,
    about = "Coreference resolution for English",
    after_help = "Examples:
  corefer clusters article.txt                      clusters as JSON lines (docs/json.md)
  corefer clusters --jsonl docs.jsonl --threads 4   many documents, in parallel
  corefer predict --conll dev.conll2012.gz -o pred.conll
  corefer eval dev.conll2012.gz pred.conll
  corefer resolve article.txt                       the text with pronouns naming their entity
  corefer rewrite --clusters clusters.json article.txt
  corefer html article.txt > article.html
  corefer batch articles.jsonl -o resolved.jsonl    a corpus, resumable (--resume), with error records
  corefer serve --addr 127.0.0.1:8080               the HTTP service (docs/batch-and-serve.md)

Exit status: 0 ok; 1 some documents failed (each reported on stderr, the others still written);
2 usage error, unreadable input (a file past --max-bytes too), or output that cannot be written (a full
disk). A reader that closes the pipe early (`| head`) ends the run quietly with the status so far.

Limits, checked while reading; each refusal names the flag that raises it: --max-bytes (a file read
whole, or one JSONL line, as stored or gunzipped; default 32M), --max-gunzipped-bytes (a whole gzip
file; 1G), --max-words (100000), --max-word-bytes (4096); --threads is capped at 4 per core."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the coreference clusters of each document as one JSON line (chars and bytes offsets).
    Clusters(clusters::ClustersArgs),
    /// Predict coreference for a CoNLL-2012 file with gold tokens; write the same file back.
    Predict(predict::PredictArgs),
    /// Score a response CoNLL-2012 file against a key (CoNLL reference scorer v8.01 semantics).
    Eval(eval::EvalArgs),
    /// Rewrite text so pronouns name their entity (clusters from the model); `--json` adds the edits.
    Resolve(resolve::Args),
    /// Rewrite a text with clusters given as JSON (from any system, or by hand).
    Rewrite(rewrite::Args),
    /// Render a text's clusters as one self-contained HTML page.
    Html(html::Args),
    /// Resolve a corpus (JSONL, CSV or a directory of .txt files) into JSON lines; resumable.
    Batch(batch::Args),
    /// Serve resolution over HTTP (POST /v1/resolve) with one shared model.
    Serve(serve::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and usage errors: a closed pipe ends quietly, any other output failure is exit 2.
            return match e.print() {
                Err(io) if io.kind() != std::io::ErrorKind::BrokenPipe => ExitCode::from(2),
                _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
            };
        }
    };
    match cli.command {
        Command::Clusters(args) => common::exit_code(clusters::run(&args)),
        Command::Predict(args) => common::exit_code(predict::run(&args)),
        Command::Resolve(args) => common::exit_code(resolve::run(&args)),
        Command::Rewrite(args) => common::exit_code(rewrite::run(&args)),
        Command::Html(args) => common::exit_code(html::run(&args)),
        Command::Eval(args) => common::exit_code(eval::run(&args)),
        Command::Batch(args) => common::exit_code(batch::run(&args)),
        Command::Serve(args) => common::exit_code(serve::run(&args)),
    }
}
