//! The rewriting options shared by `resolve` and `rewrite`, and how their result is printed.
//!
//! Design decision: plain output is the resolved text exactly (nothing added, so a text's own final
//! newline or lack of one survives); `--json` prints one [`ResolvedRecord`] per document on one line,
//! so several documents stream as JSON Lines.

use std::io::Write;

use clap::ValueEnum;
use corefer::records::ResolvedRecord;
use corefer::rewrite::{Naming, Options, PossessiveStyle, Replace, Rewrite, Skipped};

use crate::common::{output_failed, Outcome};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReplaceArg {
    /// Third-person personal and possessive pronouns.
    Pronouns,
    /// Those, and noun phrases that differ from the cluster's name.
    All,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PossessiveArg {
    /// "Sessions's decision".
    S,
    /// "Sessions' decision".
    Apostrophe,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NamesArg {
    /// The nearest earlier mention of the pronoun's cluster that can name it.
    Nearest,
    /// The cluster's representative.
    Representative,
}

impl From<NamesArg> for Naming {
    fn from(arg: NamesArg) -> Naming {
        match arg {
            NamesArg::Nearest => Naming::Nearest,
            NamesArg::Representative => Naming::Representative,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct RewriteFlags {
    /// Print a JSON record: the resolved text, every edit (original span and text, replacement,
    /// cluster) and each cluster's name.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub choice: RewriteChoice,
}

/// How the text is rewritten: the flags `resolve`, `rewrite` and `batch` share.
#[derive(Debug, clap::Args)]
pub struct RewriteChoice {
    /// What to replace.
    #[arg(long, value_enum, default_value = "pronouns")]
    pub replace: ReplaceArg,
    /// How to write the possessive of a name ending in "s".
    #[arg(long, value_enum, default_value = "s")]
    pub possessive_style: PossessiveArg,
    /// Which mention names a pronoun: the nearest earlier one of its cluster, or the cluster's one
    /// representative (consistent names; for clusters you trust, such as gold ones).
    #[arg(long, value_enum, default_value = "nearest")]
    pub names: NamesArg,
}

impl RewriteChoice {
    pub fn options(&self) -> Options {
        Options {
            replace: match self.replace {
                ReplaceArg::Pronouns => Replace::Pronouns,
                ReplaceArg::All => Replace::All,
            },
            possessive: match self.possessive_style {
                PossessiveArg::S => PossessiveStyle::S,
                PossessiveArg::Apostrophe => PossessiveStyle::Apostrophe,
            },
            naming: self.names.into(),
            ..Options::default()
        }
    }
}

impl RewriteFlags {
    pub fn options(&self) -> Options {
        self.choice.options()
    }
}

/// Writes one document's rewrite as the flags ask.
pub fn write(
    out: &mut impl Write,
    id: &str,
    rewrite: &Rewrite,
    skipped: &[Skipped],
    flags: &RewriteFlags,
) -> std::io::Result<()> {
    if flags.json {
        serde_json::to_writer(&mut *out, &ResolvedRecord::new(id, rewrite, skipped))?;
        writeln!(out)
    } else {
        out.write_all(rewrite.resolved.text.as_bytes())
    }
}

/// Prints one document's rewrite to stdout and ends the run with `outcome` (see [`output_failed`] for
/// output that cannot be written).
pub fn print(
    id: &str,
    rewrite: &Rewrite,
    skipped: &[Skipped],
    flags: &RewriteFlags,
    outcome: Outcome,
) -> Result<Outcome, Outcome> {
    let mut out = std::io::stdout().lock();
    match write(&mut out, id, rewrite, skipped, flags).and_then(|()| out.flush()) {
        Ok(()) => Ok(outcome),
        Err(e) => output_failed(&e, outcome),
    }
}
