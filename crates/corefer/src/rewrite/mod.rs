//! Resolved text: the document rewritten so that pronouns name their entity, grammatically and losslessly.
//!
//! Design decision: a rewrite is a list of edits on mention spans of the *original* text, never a
//! re-joining of tokens. Each stage is a small module: [`mentions`] checks the clusters against the text,
//! [`representative`] picks each cluster's name, [`plan`] decides which mentions to replace (innermost
//! first) and [`grammar`] words each replacement, and [`edit`] applies them, copying every other byte
//! unchanged. Drifting replacements, lost words and overlapping edits are therefore impossible by
//! construction rather than by care, and the edits let a user map every position back.
//!
//! ```
//! use corefer::clusters_json::{ClustersRecord, MentionRecord, Offsets};
//! use corefer::rewrite::{rewrite, MentionSet, Options};
//!
//! let text = "Kim lost her keys. She laughed.";
//! let mention = |start: usize, text: &str| {
//!     let (end, start_byte, end_byte) = (start + text.len(), start, start + text.len());
//!     MentionRecord { offsets: Offsets { start, end, start_byte, end_byte }, text: text.into() }
//! };
//! let record = ClustersRecord {
//!     id: "doc".into(),
//!     clusters: vec![vec![mention(0, "Kim"), mention(9, "her"), mention(19, "She")]],
//! };
//! let set = MentionSet::from_record(text, &record)?;
//! let result = rewrite(&set, &Options::default());
//! assert_eq!(result.resolved.text, "Kim lost Kim's keys. Kim laughed.");
//! assert_eq!(result.resolved.undo(), text);
//! # Ok::<(), corefer::rewrite::ClusterError>(())
//! ```

pub mod context;
pub mod edit;
pub mod grammar;
pub mod mentions;
mod plan;
pub mod record;
pub mod representative;
mod words;

pub use edit::{AppliedEdit, Edit, EditList, Resolved};
pub use grammar::PossessiveStyle;
pub use mentions::{ClusterError, Located, MentionSet, Skipped};
pub use record::ResolvedRecord;
pub use representative::Representative;

/// Which mentions are replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Replace {
    /// Third-person personal and possessive pronouns.
    #[default]
    Pronouns,
    /// Those, and also noun phrases that differ from the representative.
    All,
}

/// Which mention names a replaced pronoun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Naming {
    /// The nearest earlier mention of its cluster that can name it (else the representative): right far
    /// more often when a model merged two entities.
    #[default]
    Nearest,
    /// The cluster's representative, one name for the whole cluster (for clusters one can trust).
    Representative,
}

/// How to rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    pub replace: Replace,
    pub possessive: PossessiveStyle,
    pub naming: Naming,
}

/// The outcome of a rewrite: the resolved text with its edits, and each cluster's representative
/// (`None` for a cluster with no non-pronominal mention, which is left as it is).
#[derive(Debug, Clone)]
pub struct Rewrite<'t> {
    pub resolved: Resolved,
    pub representatives: Vec<Option<Representative<'t>>>,
}

/// Rewrites the text of `set`.
pub fn rewrite<'t>(set: &MentionSet<'t>, options: &Options) -> Rewrite<'t> {
    let representatives: Vec<_> = (0..set.clusters().len()).map(|c| representative::choose(set, c)).collect();
    let edits = plan::plan(set, &representatives, options);
    Rewrite { resolved: edits.apply(set.text()), representatives }
}
