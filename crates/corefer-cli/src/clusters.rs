//! `corefer clusters [FILE...]`: one clusters JSON record (schema v1, docs/json.md) per document.
//!
//! Design decision: a record is only the document's clusters, rendered from the resolved document as it
//! comes out of the shared [`pipeline`] (which reads, resolves in parallel and writes in input order);
//! an input file with no words gives no record, so empty stdin gives empty output.

use std::path::PathBuf;

use corefer::records::ClustersRecord;
use corefer::PronounGuard;

use crate::common::{CommonArgs, Outcome};
use crate::pipeline::{self, BlankFiles, Inputs};

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  corefer clusters article.txt              one JSON line for the file, id = article.txt
  cat article.txt | corefer clusters        reads stdin (id = stdin); also `corefer clusters -`
  corefer clusters --jsonl docs.jsonl       one line per {\"id\", \"text\"} or {\"id\", \"sentences\"} line")]
pub struct ClustersArgs {
    /// Input files, plain or gzipped (`-` or none: stdin). Each file is one document unless --jsonl.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Inputs are JSONL: one document per line, {"id", "text"} or pre-tokenised {"id", "sentences", "speakers"?}.
    #[arg(long)]
    jsonl: bool,
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(args: &ClustersArgs) -> Result<Outcome, Outcome> {
    let inputs = Inputs { files: &args.files, jsonl: args.jsonl, blank_files: BlankFiles::Skip };
    pipeline::run(&inputs, &args.common, PronounGuard::OFF, |doc| {
        let mut line =
            serde_json::to_vec(&ClustersRecord::new(doc)).map_err(|e| format!("document {}: {e}", doc.id))?;
        line.push(b'\n');
        Ok(line)
    })
}
