//! `corefer html FILE > out.html`: the text with each cluster's mentions highlighted.
//!
//! Design decision: the page comes from the same checked clusters and representatives as the rewrite,
//! so what a user sees on hover is exactly the name `corefer resolve` would write.

use std::io::Write;
use std::path::PathBuf;

use corefer::rewrite::{rewrite, MentionSet, Options};
use corefer::tokenize_limited;
use corefer::PronounGuard;

use crate::common::{output_failed, CommonArgs, Outcome};
use crate::input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to show, plain or gzipped (`-`: stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Show these clusters (as printed by `corefer clusters`) instead of the model's.
    #[arg(long, value_name = "CLUSTERS.json")]
    pub clusters: Option<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(args: &Args) -> Result<Outcome, Outcome> {
    let limits = args.common.input.whole();
    let (id, text) = input::read_text(&args.file, limits).map_err(Outcome::unusable)?;
    let mut outcome = Outcome::default();
    let page = match &args.clusters {
        Some(path) => {
            let record = input::read_clusters(path, &id, limits).map_err(Outcome::unusable)?;
            match record.mention_set(&text) {
                Ok(set) => {
                    crate::render_html::render(&id, &set, &rewrite(&set, &Options::default()).representatives)
                }
                Err(e) => {
                    outcome.document_failed(format!("{}: does not fit {id}: {e}", path.display()));
                    return Ok(outcome);
                }
            }
        }
        None => {
            let resolver = args.common.resolver(PronounGuard::FOR_REWRITING)?;
            let doc = tokenize_limited(id.as_str(), text.as_str(), resolver.limits())
                .map_err(|e| e.to_string())
                .and_then(|doc| resolver.resolve_document(doc).map_err(|e| e.to_string()));
            match doc {
                Ok(doc) => {
                    let (set, _) = MentionSet::from_document(&doc);
                    crate::render_html::render(&id, &set, &rewrite(&set, &Options::default()).representatives)
                }
                Err(e) => {
                    outcome.document_failed(format!("{id}: {e}"));
                    return Ok(outcome);
                }
            }
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(page.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(outcome),
        Err(e) => output_failed(&e, outcome),
    }
}
