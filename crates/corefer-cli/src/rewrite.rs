//! `corefer rewrite --clusters CLUSTERS.json [FILE]`: resolved text from clusters given by any system or
//! by a person.
//!
//! Design decision: the clusters are checked strictly against the text: a record that does not fit
//! (offsets out of range, off char or word boundaries, text that differs, crossing or repeated mentions)
//! is refused with a message naming the offending mention, because a silently skipped mention in
//! hand-made clusters is a mistake the user wants to hear about.

use std::path::PathBuf;

use corefer::rewrite::rewrite;

use crate::common::{InputLimit, Outcome};
use crate::input;
use crate::output::{self, RewriteFlags};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Clusters as printed by `corefer clusters` (char offsets); JSON Lines are searched for FILE's id.
    #[arg(long, value_name = "CLUSTERS.json")]
    pub clusters: PathBuf,
    /// The text the clusters point into, plain or gzipped (`-` or none: stdin).
    #[arg(value_name = "FILE", default_value = "-")]
    pub file: PathBuf,
    #[command(flatten)]
    pub flags: RewriteFlags,
    #[command(flatten)]
    pub input: InputLimit,
}

pub fn run(args: &Args) -> Result<Outcome, Outcome> {
    let (id, text) = input::read_text(&args.file, args.input.whole()).map_err(Outcome::unusable)?;
    let record = input::read_clusters(&args.clusters, &id, args.input.whole()).map_err(Outcome::unusable)?;
    let mut outcome = Outcome::default();
    match record.mention_set(&text) {
        Ok(set) => {
            return output::print(&id, &rewrite(&set, &args.flags.options()), &[], &args.flags, outcome)
        }
        Err(e) => outcome.document_failed(format!("{}: does not fit {id}: {e}", args.clusters.display())),
    }
    Ok(outcome)
}
