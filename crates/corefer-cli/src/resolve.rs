//! `corefer resolve [FILE...]`: resolved text from the model's clusters.
//!
//! Design decision: it reads and resolves documents exactly as `corefer clusters` does (same inputs,
//! ids, threads and exit statuses), then rewrites each one. Model output is taken leniently: a
//! predicted mention that crosses another is skipped (and listed under "skipped" in `--json`) instead of
//! failing the document, so a corpus run never dies on one odd prediction.

use std::io::Write;
use std::path::PathBuf;

use corefer::io::{jsonl, source};
use corefer::rewrite::{rewrite, MentionSet};
use corefer::tokenize::tokenize;
use corefer::Document;
use rayon::prelude::*;

use crate::common::{CommonArgs, Outcome};
use crate::output::{self, RewriteFlags};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  corefer resolve article.txt                   the resolved text
  corefer resolve --json article.txt            one JSON line: resolved text, edits, names (docs/resolve.md)
  corefer resolve --jsonl docs.jsonl --json     one line per {\"id\", \"text\"} input line")]
pub struct Args {
    /// Input files, plain or gzipped (`-` or none: stdin). Each file is one document unless --jsonl.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Inputs are JSONL: one document per line, {"id", "text"} or pre-tokenised {"id", "sentences"}.
    #[arg(long)]
    pub jsonl: bool,
    #[command(flatten)]
    pub flags: RewriteFlags,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(args: &Args) -> Result<Outcome, Outcome> {
    let resolver = args.common.resolver()?;
    let options = args.flags.options();
    let stdin = [PathBuf::from("-")];
    let files = if args.files.is_empty() { &stdin[..] } else { &args.files[..] };
    let mut outcome = Outcome::default();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for path in files {
        let name = source::display_name(path);
        let text = match source::read_text(path, args.common.lossy) {
            Ok(text) => text,
            Err(e) => {
                outcome.input_failed(e);
                continue;
            }
        };
        let documents: Vec<Result<Document, String>> = if args.jsonl {
            jsonl::read_documents(&name, &text).into_iter().map(|d| d.map_err(|e| e.to_string())).collect()
        } else {
            vec![tokenize(name.as_str(), text).map_err(|e| format!("{name}: {e}"))]
        };
        let written: Vec<Result<Vec<u8>, String>> = args.common.in_pool(|| {
            documents
                .into_par_iter()
                .map(|doc| {
                    let doc = doc?;
                    let id = doc.id.clone();
                    let doc = resolver.resolve_document(doc).map_err(|e| format!("document {id}: {e}"))?;
                    let (set, skipped) = MentionSet::from_document(&doc);
                    let mut bytes = Vec::new();
                    output::write(&mut bytes, &id, &rewrite(&set, &options), &skipped, &args.flags)
                        .map_err(|e| format!("document {id}: {e}"))?;
                    Ok(bytes)
                })
                .collect()
        })?;
        for result in written {
            match result {
                Ok(bytes) => {
                    out.write_all(&bytes).map_err(|e| Outcome::unusable(format!("writing output: {e}")))?
                }
                Err(message) => outcome.document_failed(message),
            }
        }
    }
    out.flush().map_err(|e| Outcome::unusable(format!("writing output: {e}")))?;
    Ok(outcome)
}
