//! The coreference-model contract: words and sentences in, clusters of word spans out.
//!
//! Design decision: a model sees a tokenised [`Document`] and returns plain word spans; it never touches
//! offsets or text layout. Every model (the deterministic baseline, the neural one) sits behind this one
//! trait, so the CLI, the scorer harness and the rewriter cannot tell them apart. How many threads a
//! document may use is an argument of each call, not a property of the model, so one loaded model serves
//! a single long document with every thread and many short ones in parallel with one thread each.

pub mod baseline;

use crate::doc::{Document, Probability};
use crate::span::WordSpan;

/// An error of a model implementation, kept whole so that `source()` chains reach its cause.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a model could not be loaded or could not produce clusters for a document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The model failed on a document (bad input for its tokenizer, say).
    #[error("document {doc:?}: {source}")]
    Failed {
        /// The document's id.
        doc: String,
        /// What failed, as the model reported it (for the neural model a `NeuralError`).
        #[source]
        source: BoxError,
    },
    /// A model directory (or the embedded model) could not be loaded; the source says which file was wrong.
    #[error("cannot load the model: {0}")]
    Load(#[source] BoxError),
    /// The model is known by name but not present in this build or installation.
    #[error("{0}")]
    NotInstalled(String),
    /// No model goes by this name (and it is no model directory).
    #[error("unknown model {name:?} (known: {})", known.join(", "))]
    Unknown {
        /// The name asked for.
        name: String,
        /// The names that are known.
        known: &'static [&'static str],
    },
}

/// How many threads one document's work may use (at least one), within the rayon pool it runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threads(usize);

impl Threads {
    /// One thread: the document's work is not split (for callers running documents in parallel).
    pub const ONE: Threads = Threads(1);

    /// `n` threads; zero is read as one.
    pub fn new(n: usize) -> Threads {
        Threads(n.max(1))
    }

    /// Every thread of the rayon pool the caller runs in.
    pub fn of_current_pool() -> Threads {
        Threads::new(rayon::current_num_threads())
    }

    /// The number of threads, at least 1.
    pub fn get(self) -> usize {
        self.0
    }
}

/// The number format of a neural model's dense products (the encoder layers' matrix products, nine
/// tenths of its arithmetic). `Bf16` rounds weights and activations to bfloat16 and accumulates in `f32` on
/// Intel AMX tiles or in AVX-512 BF16 registers: 1.7 to 2 times as fast where the CPU has either, within 0.2
/// CoNLL F1 of `F32` for the shipped models (BENCHMARKS.md). Models without an encoder ignore it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// `Bf16` where the CPU and operating system support AMX-BF16, or on AMD CPUs with AVX-512 BF16; `F32`
    /// elsewhere (the default).
    #[default]
    Auto,
    /// `f32` throughout: the numbers the parity tests compare with PyTorch.
    F32,
    /// bfloat16 products on AMX tiles or, without AMX, in AVX-512 BF16 registers; loading fails on a CPU
    /// with neither.
    Bf16,
}

impl Precision {
    /// The names [`Precision`] parses from and displays as.
    pub const NAMES: [&'static str; 3] = ["auto", "f32", "bf16"];
}

impl std::fmt::Display for Precision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let i = match self {
            Precision::Auto => 0,
            Precision::F32 => 1,
            Precision::Bf16 => 2,
        };
        f.write_str(Precision::NAMES[i])
    }
}

impl std::str::FromStr for Precision {
    type Err = String;

    fn from_str(s: &str) -> Result<Precision, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Precision::Auto),
            "f32" => Ok(Precision::F32),
            "bf16" => Ok(Precision::Bf16),
            _ => Err(format!("unknown precision {s:?} (known: {})", Precision::NAMES.join(", "))),
        }
    }
}

/// How sure a model must be of a third-person pronoun's link for it to stand: the least probability the
/// model may put on the pronoun's antecedent being in the cluster the link joins it to. A pronoun below
/// it is left out of the cluster, so `resolve` does not rewrite it. Held in `[0, 1]` by construction;
/// zero ([`PronounGuard::OFF`]) keeps every link, which scores best on CoNLL F1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct PronounGuard(f32);

impl PronounGuard {
    /// Probability 0: every pronoun link stands (the default).
    pub const OFF: PronounGuard = PronounGuard(0.0);
    /// For resolved text: a pronoun is rewritten only when the model gives its cluster at least even odds
    /// (what this trades is measured in docs/resolve.md).
    pub const FOR_REWRITING: PronounGuard = PronounGuard(0.5);

    /// The guard at probability `p`, which must lie in `[0, 1]`.
    pub fn new(p: f32) -> Result<PronounGuard, PronounGuardError> {
        Probability::new(p).map(|p| PronounGuard(p.get())).ok_or(PronounGuardError::OutOfRange(p))
    }

    /// The probability.
    pub fn get(self) -> f32 {
        self.0
    }
}

/// A pronoun guard that is no probability.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PronounGuardError {
    /// The text is not a number.
    #[error("{text:?} is not a number")]
    NotANumber {
        /// The text as given.
        text: String,
        /// What the float parser said.
        #[source]
        source: std::num::ParseFloatError,
    },
    /// The number lies outside `[0, 1]`.
    #[error("a pronoun-link probability must lie in [0, 1], not {0}")]
    OutOfRange(f32),
}

impl std::str::FromStr for PronounGuard {
    type Err = PronounGuardError;

    fn from_str(s: &str) -> Result<PronounGuard, PronounGuardError> {
        let p: f32 = s
            .trim()
            .parse()
            .map_err(|source| PronounGuardError::NotANumber { text: s.to_string(), source })?;
        PronounGuard::new(p)
    }
}

/// What a model says of one document: its clusters, and how sure it is of the third-person pronouns it
/// linked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prediction {
    /// Clusters of mentions as word spans over the document's words, in any order.
    pub clusters: Vec<Vec<WordSpan>>,
    /// For each third-person pronoun the model linked into a cluster, the probability that the cluster
    /// holds a mention of the pronoun's own entity (calibrated on held-out data when the model carries a
    /// calibration; `corefer resolve --json` prints it with the pronoun's edit). Empty for a model
    /// without link probabilities.
    pub confidence: Vec<(WordSpan, Probability)>,
}

impl From<Vec<Vec<WordSpan>>> for Prediction {
    /// Clusters without confidences.
    fn from(clusters: Vec<Vec<WordSpan>>) -> Prediction {
        Prediction { clusters, confidence: Vec::new() }
    }
}

/// A coreference model.
pub trait CorefModel: Send + Sync {
    /// A short name for logs and reports ("baseline", "minilm-wl-v1").
    fn name(&self) -> &str;

    /// Clusters of mentions as word spans over `doc.words()` (in any order) and, where the model has them,
    /// its confidence in its pronoun links; a model without them returns `clusters.into()`. The model may
    /// split its work over `threads` threads of the current rayon pool (a caller that runs several
    /// documents in parallel passes one each). A model without link probabilities ignores `guard`.
    fn predict(
        &self,
        doc: &Document,
        threads: Threads,
        guard: PronounGuard,
    ) -> Result<Prediction, ModelError>;
}

#[cfg(test)]
mod tests {
    use super::{Precision, PronounGuard, PronounGuardError};

    #[test]
    fn precisions_parse_and_display_by_name() {
        for name in Precision::NAMES {
            assert_eq!(name.parse::<Precision>().map(|p| p.to_string()).as_deref(), Ok(name));
        }
        assert_eq!(" BF16 ".parse(), Ok(Precision::Bf16));
        let err = "fp8".parse::<Precision>().unwrap_err();
        assert!(err.contains("\"fp8\"") && err.contains("auto, f32, bf16"), "{err}");
    }

    #[test]
    fn a_pronoun_guard_is_a_probability() {
        assert_eq!("0.5".parse(), Ok(PronounGuard::FOR_REWRITING));
        assert_eq!(" 0 ".parse(), Ok(PronounGuard::OFF));
        assert_eq!("1".parse::<PronounGuard>().map(PronounGuard::get), Ok(1.0));
        for bad in ["1.5", "-0.1", "NaN"] {
            let err = bad.parse::<PronounGuard>().unwrap_err();
            assert!(matches!(err, PronounGuardError::OutOfRange(_)), "{bad}: {err}");
            assert!(err.to_string().contains("must lie in [0, 1]"), "{bad}: {err}");
        }
        let err = "half".parse::<PronounGuard>().unwrap_err();
        assert_eq!(err.to_string(), "\"half\" is not a number");
        assert!(std::error::Error::source(&err).is_some(), "the float parser's error is kept");
    }
}
