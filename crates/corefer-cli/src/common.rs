//! What every document-processing subcommand shares: the common flags, the worker pool, and how a run's
//! outcome becomes an exit status.
//!
//! Design decision: a command never exits early on a bad document. It reports each failure on stderr as
//! it meets it and counts it; the [`Outcome`] at the end decides the exit status: 0 all went well, 1 some
//! documents failed (the others were still processed and written), 2 the input could not be read or the
//! command could not start (unknown model, unreadable file).

use std::process::ExitCode;

use corefer::{PronounGuard, Resolver};

#[derive(clap::Args, Debug, Clone)]
pub struct CommonArgs {
    /// Model to use: `default` (the embedded neural model, or the baseline in a build without one),
    /// `neural`, `baseline`, or a neural model directory.
    #[arg(long, value_name = "NAME|DIR", default_value = "default")]
    pub model: String,
    /// Refuse documents longer than N words (each refused document is reported; the others go on).
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_words: usize,
    /// Worker threads (default: one per core): several documents run in parallel, one thread each; a
    /// single document uses them all.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Keep a third-person pronoun linked only when the model puts at least P (0 to 1) of its antecedent
    /// probability on the cluster it joins; a pronoun below stays out of clusters and is not rewritten.
    /// Default: 0.5 for `resolve` (a rewrite should be right more often than not), 0 for the other
    /// commands (every link, which scores best on CoNLL F1).
    #[arg(long, value_name = "P")]
    pub min_pronoun_probability: Option<PronounGuard>,
    /// Skip malformed annotations (such as unbalanced brackets) with a warning instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// Replace invalid UTF-8 in the input with U+FFFD instead of failing.
    #[arg(long)]
    pub lossy: bool,
}

impl CommonArgs {
    /// The resolver for `--model`, with `--min-pronoun-probability` or else the command's `guard`.
    pub fn resolver(&self, guard: PronounGuard) -> Result<Resolver, Outcome> {
        let guard = self.min_pronoun_probability.unwrap_or(guard);
        let resolver =
            Resolver::named(&self.model).map_err(|e| Outcome::unusable(format!("--model: {e}")))?;
        if let Some(warning) = fallback_warning(&self.model, corefer::neural::embedded::AVAILABLE) {
            eprintln!("warning: {warning}");
        }
        Ok(resolver.with_max_words(Some(self.max_words)).with_pronoun_guard(guard))
    }

    /// The pool of `--threads` workers that documents are processed on.
    pub fn pool(&self) -> Result<rayon::ThreadPool, Outcome> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads.unwrap_or(0))
            .build()
            .map_err(|e| Outcome::unusable(format!("--threads: {e}")))
    }
}

/// What to tell the user when `--model default` fell back to the rule-based baseline, which happens only in
/// a build without an embedded neural model (models/DEFAULT absent when it was compiled): the scores of the
/// two differ widely in quality (BENCHMARKS.md), so this must not pass unnoticed.
fn fallback_warning(requested: &str, embedded_model: bool) -> Option<&'static str> {
    (requested == "default" && !embedded_model).then_some(
        "this build has no embedded neural model (models/DEFAULT was absent when it was compiled), so \
         `--model default` is the rule-based baseline",
    )
}

/// How a run ended.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Documents that could not be processed (each already reported).
    pub failed_documents: usize,
    /// Inputs that could not be read at all, or why the command could not run (each already reported).
    pub unusable: usize,
}

impl Outcome {
    /// Reports why the command cannot go on.
    pub fn unusable(message: String) -> Self {
        eprintln!("error: {message}");
        Outcome { failed_documents: 0, unusable: 1 }
    }

    /// Reports one failed document.
    pub fn document_failed(&mut self, message: impl std::fmt::Display) {
        eprintln!("error: {message}");
        self.failed_documents += 1;
    }

    /// Reports one input that could not be read.
    pub fn input_failed(&mut self, message: impl std::fmt::Display) {
        eprintln!("error: {message}");
        self.unusable += 1;
    }

    pub fn exit_code(&self) -> ExitCode {
        match (self.unusable, self.failed_documents) {
            (0, 0) => ExitCode::SUCCESS,
            (0, _) => ExitCode::from(1),
            _ => ExitCode::from(2),
        }
    }
}

/// Ends a run whose output could not be written: a closed pipe (the reader has all it wants, as with
/// `| head`) ends it quietly with the outcome so far; any other error is reported as unusable output.
pub fn output_failed(error: &std::io::Error, outcome: Outcome) -> Result<Outcome, Outcome> {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(outcome)
    } else {
        Err(Outcome::unusable(format!("writing output: {error}")))
    }
}

/// The exit status of a finished or aborted command.
pub fn exit_code(result: Result<Outcome, Outcome>) -> ExitCode {
    match result {
        Ok(outcome) | Err(outcome) => outcome.exit_code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_default_that_fell_back_to_the_baseline_is_warned_about() {
        assert!(fallback_warning("default", false).unwrap().contains("no embedded neural model"));
        assert_eq!(fallback_warning("baseline", false), None);
        assert_eq!(fallback_warning("default", true), None);
        assert_eq!(fallback_warning("models/x", false), None);
        assert_eq!(fallback_warning("models/x", true), None);
    }
}
