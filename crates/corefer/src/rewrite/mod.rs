//! Resolved text: the document rewritten so that pronouns name their entity, grammatically and losslessly.
//!
//! Design decision: a rewrite is a list of edits on mention spans of the *original* text, never a
//! re-joining of tokens. Each stage is a small module: `mentions` checks the clusters against the text,
//! `representative` picks each cluster's name, `plan` decides which mentions to replace (innermost
//! first) and `grammar` words each replacement, and `edit` applies them, copying every other byte
//! unchanged. Drifting replacements, lost words and overlapping edits are therefore impossible by
//! construction rather than by care, and the edits let a user map every position back.
//!
//! ```
//! use corefer::records::{ClustersRecord, MentionRecord};
//! use corefer::rewrite::{rewrite, Options};
//! use corefer::Offsets;
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
//! let set = record.mention_set(text)?;
//! let result = rewrite(&set, &Options::default());
//! assert_eq!(result.resolved.text, "Kim lost Kim's keys. Kim laughed.");
//! assert_eq!(result.resolved.undo(), text);
//! # Ok::<(), corefer::rewrite::ClusterError>(())
//! ```

mod agreement;
mod binding;
mod context;
mod edit;
mod expletive;
mod grammar;
mod lexicon;
mod mentions;
mod phrase;
mod plan;
mod representative;
mod speech;
mod words;

pub use edit::{AppliedEdit, Resolved};
pub use grammar::PossessiveStyle;
pub use mentions::{ClusterError, Given, MentionProblem, MentionRef, MentionSet, Skipped};
pub use representative::{choose as choose_representative, Representative};

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

/// The checks a pronoun's name must pass, each on by default; turning one off measures what it does
/// (`corefer eval --rules-off`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// The name agrees with the pronoun in number, animacy and gender (`agreement`); a disagreeing
    /// mention is passed over for the next earlier one of the cluster.
    pub agreement: bool,
    /// The name reads as a noun phrase (`phrase`): no finite verb, no leading preposition; a mention
    /// that does not is never copied.
    pub noun_phrase: bool,
    /// A pronoun that attributes a quotation ("…," she said) is left as written when the text named the
    /// quotation's speaker just before ("Yusuf said …") and the pronoun's name is someone else (`speech`).
    pub speech: bool,
    /// Likewise for the subject of reported speech: in "Miller said he …", "he" is left as written when
    /// its name is not Miller's.
    pub reported_speech: bool,
    /// A pronoun with no name before it that can name it stays as written (under [`Naming::Nearest`]);
    /// without this rule it takes the cluster's representative from later in the text, which for a
    /// pronoun is a wrong link far more often than a true cataphor ("Google said it would appeal the
    /// ruling").
    pub cataphora: bool,
    /// An expletive "it" ("it was drizzling", "it is important to …") refers to nothing and stays as
    /// written whatever the model linked it to (`expletive`).
    pub expletive: bool,
    /// An object pronoun whose verb's subject is a mention of its own cluster ("Kim thanked her", "her"
    /// linked to Kim) stays as written: English would say "herself", so the link is wrong (`binding`).
    pub binding: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules::ON
    }
}

impl Rules {
    /// Every rule on (the default).
    pub const ON: Rules = Rules {
        agreement: true,
        noun_phrase: true,
        speech: true,
        reported_speech: true,
        cataphora: true,
        expletive: true,
        binding: true,
    };
    /// Every rule off: names are chosen as before the rules existed.
    pub const OFF: Rules = Rules {
        agreement: false,
        noun_phrase: false,
        speech: false,
        reported_speech: false,
        cataphora: false,
        expletive: false,
        binding: false,
    };

    /// The rule names `--rules-off` takes.
    pub const NAMES: &'static [&'static str] =
        &["agreement", "noun-phrase", "speech", "reported-speech", "cataphora", "expletive", "binding"];

    /// These rules with the named one turned off; `Err` names an unknown rule.
    pub fn without(mut self, name: &str) -> Result<Rules, String> {
        match name {
            "agreement" => self.agreement = false,
            "noun-phrase" => self.noun_phrase = false,
            "speech" => self.speech = false,
            "reported-speech" => self.reported_speech = false,
            "cataphora" => self.cataphora = false,
            "expletive" => self.expletive = false,
            "binding" => self.binding = false,
            other => return Err(format!("unknown rule {other:?} (known: {})", Rules::NAMES.join(", "))),
        }
        Ok(self)
    }
}

/// How to rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Which mentions are replaced: pronouns only (the default) or noun phrases too.
    pub replace: Replace,
    /// How the possessive of a name ending in "s" is spelled.
    pub possessive: PossessiveStyle,
    /// Which mention names a replaced pronoun: the nearest fitting one (the default) or the representative.
    pub naming: Naming,
    /// The checks a pronoun's name must pass.
    pub rules: Rules,
}

/// The outcome of a rewrite: the resolved text with its edits, and each cluster's representative
/// (`None` for a cluster with no non-pronominal mention, which is left as it is).
#[derive(Debug, Clone)]
pub struct Rewrite<'t> {
    /// The resolved text and the edits that made it.
    pub resolved: Resolved,
    /// Each cluster's representative, indexed by cluster id.
    pub representatives: Vec<Option<Representative<'t>>>,
}

/// Rewrites the text of `set`.
pub fn rewrite<'t>(set: &MentionSet<'t>, options: &Options) -> Rewrite<'t> {
    let representatives: Vec<_> =
        (0..set.clusters().len()).map(|c| representative::choose(set, c, options.rules)).collect();
    let edits = plan::plan(set, &representatives, options);
    Rewrite { resolved: edits.apply(set.text()), representatives }
}
