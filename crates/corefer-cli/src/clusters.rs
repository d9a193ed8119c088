//! `corefer clusters [FILE...]`: one clusters JSON record (schema v1, docs/json.md) per document.
//!
//! Design decision: each input is read and resolved on its own and its records are written before the
//! next input is read, in input order; documents within one input (JSONL lines) are resolved in parallel
//! and written in their order. Memory is bounded by one input file, and output is deterministic whatever
//! `--threads` says.

use std::io::Write;
use std::path::PathBuf;

use corefer::clusters_json::ClustersRecord;
use corefer::io::{jsonl, source};
use corefer::tokenize::tokenize;
use corefer::Document;
use rayon::prelude::*;

use crate::common::{output_failed, CommonArgs, Outcome};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  corefer clusters article.txt              one JSON line for the file, id = article.txt
  cat article.txt | corefer clusters        reads stdin (id = stdin); also `corefer clusters -`
  corefer clusters --jsonl docs.jsonl       one line per {\"id\", \"text\"} or {\"id\", \"sentences\"} line")]
pub struct ClustersArgs {
    /// Input files, plain or gzipped (`-` or none: stdin). Each file is one document unless --jsonl.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Inputs are JSONL: one document per line, {"id", "text"} or pre-tokenised {"id", "sentences"}.
    #[arg(long)]
    jsonl: bool,
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(args: &ClustersArgs) -> Result<Outcome, Outcome> {
    let resolver = args.common.resolver()?;
    let pool = args.common.pool()?;
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
        } else if text.trim().is_empty() {
            Vec::new()
        } else {
            vec![tokenize(name.as_str(), text).map_err(|e| format!("{name}: {e}"))]
        };
        let resolved: Vec<Result<Document, String>> = pool.install(|| {
            documents
                .into_par_iter()
                .map(|doc| {
                    let doc = doc?;
                    let id = doc.id.clone();
                    resolver.resolve_document(doc).map_err(|e| format!("document {id}: {e}"))
                })
                .collect()
        });
        for doc in resolved {
            match doc {
                Ok(doc) => {
                    if let Err(e) = write_record(&mut out, &doc) {
                        return output_failed(&e, outcome);
                    }
                }
                Err(message) => outcome.document_failed(message),
            }
        }
    }
    match out.flush() {
        Ok(()) => Ok(outcome),
        Err(e) => output_failed(&e, outcome),
    }
}

fn write_record(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &ClustersRecord::new(doc))?;
    writeln!(out)
}
