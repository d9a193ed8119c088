//! `corefer resolve [FILE...]`: resolved text from the model's clusters.
//!
//! Design decision: model output is taken leniently: a predicted mention that crosses another is
//! skipped (and listed under "skipped" in `--json`) instead of failing the document, so a corpus run
//! never dies on one odd prediction.

use std::path::PathBuf;

use corefer::rewrite::{rewrite, MentionSet};
use corefer::Document;

use crate::input;
use crate::output::{self, RewriteFlags};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text files; stdin when none is given (or "-").
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub flags: RewriteFlags,
}

pub fn run(args: &Args) -> Result<(), String> {
    let files: Vec<Option<&std::path::Path>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files.iter().map(|f| Some(f.as_path())).collect()
    };
    let mut failed = 0;
    for file in files {
        let result = input::read_text(file).and_then(|(name, text)| {
            let id = input::doc_id(file);
            let doc = document(&id, &text).map_err(|e| format!("{name}: {e}"))?;
            let (set, skipped) = MentionSet::from_document(&doc);
            output::print(&id, &rewrite(&set, &args.flags.options()), &skipped, &args.flags)
        });
        if let Err(message) = result {
            eprintln!("corefer: {message}");
            failed += 1;
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(format!("{n} of the inputs could not be resolved")),
    }
}

/// The document with the model's clusters.
pub fn document(_id: &str, _text: &str) -> Result<Document, String> {
    Err("no coreference model in this build yet (the tokenizer and Resolver land with the foundations \
         branch); use `corefer rewrite --clusters CLUSTERS.json` meanwhile"
        .to_string())
}
