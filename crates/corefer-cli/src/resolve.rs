//! `corefer resolve [FILE...]`: resolved text from the model's clusters.
//!
//! Design decision: it reads and resolves documents through the same [`pipeline`] as `corefer clusters`
//! (same inputs, ids, threads, order and exit statuses), then rewrites each one; an input with no words
//! still gives its text back, so the output stays lossless. Plain output of one document is its resolved
//! text exactly; when the inputs can hold several (several files, or `--jsonl`), each document is headed
//! by a line `==> ID <==` (as `head` heads files) and ends with a newline, so they cannot run together. Model output is taken leniently: a
//! predicted mention that crosses another is skipped (and listed under "skipped" in `--json`) instead of
//! failing the document, so a corpus run never dies on one odd prediction.

use std::path::PathBuf;

use corefer::rewrite::{rewrite, MentionSet};
use corefer::PronounGuard;

use crate::common::{CommonArgs, Outcome};
use crate::output::{self, RewriteFlags};
use crate::pipeline::{self, BlankFiles, Inputs};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  corefer resolve article.txt                   the resolved text
  corefer resolve --json article.txt            one JSON line: resolved text, edits, names (docs/resolve.md)
  corefer resolve --jsonl docs.jsonl --json     one line per {\"id\", \"text\"} input line
  corefer resolve a.txt b.txt                   each text under a line \"==> a.txt <==\"")]
pub struct Args {
    /// Input files, plain or gzipped (`-` or none: stdin). Each file is one document unless --jsonl.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Inputs are JSONL: one document per line, {"id", "text"} or pre-tokenised {"id", "sentences", "speakers"?}.
    #[arg(long)]
    pub jsonl: bool,
    #[command(flatten)]
    pub flags: RewriteFlags,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(args: &Args) -> Result<Outcome, Outcome> {
    let options = args.flags.options();
    let inputs = Inputs { files: &args.files, jsonl: args.jsonl, blank_files: BlankFiles::Keep };
    let headed = !args.flags.json && (args.files.len() > 1 || args.jsonl);
    pipeline::run(&inputs, &args.common, PronounGuard::FOR_REWRITING, |doc| {
        let (set, skipped) = MentionSet::from_document(doc);
        let mut bytes = Vec::new();
        if headed {
            bytes.extend_from_slice(format!("==> {} <==\n", doc.id).as_bytes());
        }
        output::write(&mut bytes, &doc.id, &rewrite(&set, &options), &skipped, &args.flags)
            .map_err(|e| format!("document {}: {e}", doc.id))?;
        if headed && !bytes.ends_with(b"\n") {
            bytes.push(b'\n');
        }
        Ok(bytes)
    })
}
