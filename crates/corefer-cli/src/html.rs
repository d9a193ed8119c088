//! `corefer html FILE > out.html`: the text with each cluster's mentions highlighted.
//!
//! Design decision: the page comes from the same checked clusters and representatives as the rewrite,
//! so what a user sees on hover is exactly the name `corefer resolve` would write.

use std::io::Write;
use std::path::PathBuf;

use corefer::rewrite::{rewrite, MentionSet, Options};

use crate::{input, resolve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to show; stdin when "-".
    pub file: PathBuf,
    /// Show these clusters (as printed by `corefer clusters`) instead of the model's.
    #[arg(long, value_name = "CLUSTERS.json")]
    pub clusters: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<(), String> {
    let (name, text) = input::read_text(Some(&args.file))?;
    let id = input::doc_id(Some(&args.file));
    let page = match &args.clusters {
        Some(path) => {
            let record = input::read_clusters(path, &id)?;
            let set = MentionSet::from_record(&text, &record)
                .map_err(|e| format!("{}: does not fit {name}: {e}", path.display()))?;
            corefer::html::render(&id, &set, &rewrite(&set, &Options::default()).representatives)
        }
        None => {
            let doc = resolve::document(&id, &text)?;
            let (set, _) = MentionSet::from_document(&doc);
            corefer::html::render(&id, &set, &rewrite(&set, &Options::default()).representatives)
        }
    };
    std::io::stdout().write_all(page.as_bytes()).map_err(|e| format!("writing output: {e}"))
}
