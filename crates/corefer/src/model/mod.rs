//! The coreference-model contract: words and sentences in, clusters of word spans out.
//!
//! Design decision: a model sees a tokenised [`Document`] and returns plain word spans; it never touches
//! offsets or text layout. Every model (the deterministic baseline, the neural one) sits behind this one
//! trait, so the CLI, the scorer harness and the rewriter cannot tell them apart. How many threads a
//! document may use is an argument of each call, not a property of the model, so one loaded model serves
//! a single long document with every thread and many short ones in parallel with one thread each.

pub mod baseline;

use crate::doc::Document;
use crate::span::WordSpan;

/// Why a model could not produce clusters for a document.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The document is beyond what the model accepts (too long, say).
    #[error("model refused the document: {message}")]
    Refused { doc: String, message: String },
    /// The model itself failed (bad weights, numeric trouble).
    #[error("model failure: {0}")]
    Internal(String),
    /// A model directory (or the embedded model) could not be loaded.
    #[error("cannot load the model: {0}")]
    Load(String),
    /// No model goes by this name (and it is no model directory).
    #[error("unknown model {0:?} (known: {known})", known = KNOWN_MODELS.join(", "))]
    Unknown(String),
}

/// The names [`load`] accepts besides a model directory: `neural` is the neural model compiled into the
/// binary, `default` is that model when the build has one and the baseline otherwise, `accurate` is the
/// MPNet-base model installed under [`installed_models`] (it is too large to embed).
pub const KNOWN_MODELS: &[&str] = &["default", "baseline", "neural", "accurate"];

/// Where installed models live: `$COREFER_HOME/models`, else `~/.local/share/corefer/models` (the folder
/// `scripts/install-model.sh` writes to).
pub fn installed_models() -> std::path::PathBuf {
    let home = match std::env::var_os("COREFER_HOME") {
        Some(home) if !home.is_empty() => std::path::PathBuf::from(home),
        _ => std::env::var_os("HOME")
            .map(std::path::PathBuf::from)
            .unwrap_or_default()
            .join(".local/share/corefer"),
    };
    home.join("models")
}

/// The model called `name` (as given to `--model`), or the neural model in directory `name`.
pub fn load(name: &str) -> Result<Box<dyn CorefModel>, ModelError> {
    let loaded = |m: Result<crate::neural::NeuralModel, crate::neural::NeuralError>| {
        m.map(|m| Box::new(m) as Box<dyn CorefModel>).map_err(|e| ModelError::Load(e.to_string()))
    };
    match name {
        "baseline" => Ok(Box::new(baseline::Baseline::default())),
        "neural" => match crate::neural::embedded::load() {
            Some(model) => loaded(model),
            None => Err(ModelError::Load(
                "this build has no embedded neural model (models/DEFAULT was absent)".into(),
            )),
        },
        "default" => crate::neural::embedded::load().map_or_else(|| load("baseline"), loaded),
        "accurate" => {
            let dir = installed_models().join("accurate");
            if !dir.join("config.json").is_file() {
                return Err(ModelError::Load(format!(
                    "the accurate model is not installed in {} (install it with scripts/install-model.sh \
                     accurate from a checkout of the repository)",
                    dir.display()
                )));
            }
            loaded(crate::neural::NeuralModel::load(&dir))
        }
        dir if std::path::Path::new(dir).is_dir() => {
            loaded(crate::neural::NeuralModel::load(std::path::Path::new(dir)))
        }
        other => Err(ModelError::Unknown(other.to_string())),
    }
}

/// How many threads one document's work may use (at least one), within the rayon pool it runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threads(usize);

impl Threads {
    pub const ONE: Threads = Threads(1);

    /// `n` threads; zero is read as one.
    pub fn new(n: usize) -> Threads {
        Threads(n.max(1))
    }

    /// Every thread of the rayon pool the caller runs in.
    pub fn of_current_pool() -> Threads {
        Threads::new(rayon::current_num_threads())
    }

    pub fn get(self) -> usize {
        self.0
    }
}

/// How sure a model must be of a third-person pronoun's link for it to stand: the least probability the
/// model may put on the pronoun's antecedent being in the cluster the link joins it to. A pronoun below
/// it is left out of the cluster, so `resolve` does not rewrite it. Held in `[0, 1]` by construction;
/// zero ([`PronounGuard::OFF`]) keeps every link, which scores best on CoNLL F1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct PronounGuard(f32);

impl PronounGuard {
    pub const OFF: PronounGuard = PronounGuard(0.0);
    /// For resolved text: a pronoun is rewritten only when the model gives its cluster at least even odds
    /// (on OntoGUM dev it keeps 90% of the right replacements and drops 24% of the wrong ones, docs/resolve.md).
    pub const FOR_REWRITING: PronounGuard = PronounGuard(0.5);

    /// The guard at probability `p`, which must lie in `[0, 1]`.
    pub fn new(p: f32) -> Result<PronounGuard, String> {
        if (0.0..=1.0).contains(&p) {
            Ok(PronounGuard(p))
        } else {
            Err(format!("a pronoun-link probability must lie in [0, 1], not {p}"))
        }
    }

    pub fn get(self) -> f32 {
        self.0
    }
}

impl std::str::FromStr for PronounGuard {
    type Err = String;

    fn from_str(s: &str) -> Result<PronounGuard, String> {
        let p: f32 = s.trim().parse().map_err(|_| format!("{s:?} is not a number"))?;
        PronounGuard::new(p)
    }
}

/// A coreference model.
pub trait CorefModel: Send + Sync {
    /// A short name for logs and reports ("baseline", "minilm-wl-v1").
    fn name(&self) -> &str;

    /// Clusters of mentions as word spans over `doc.words()`; clusters may come in any order. The model
    /// may split its work over `threads` threads of the current rayon pool (a caller that runs several
    /// documents in parallel passes one each). A model without link probabilities ignores `guard`.
    fn predict(
        &self,
        doc: &Document,
        threads: Threads,
        guard: PronounGuard,
    ) -> Result<Vec<Vec<WordSpan>>, ModelError>;
}

#[cfg(test)]
mod tests {
    use super::PronounGuard;

    #[test]
    fn a_pronoun_guard_is_a_probability() {
        assert_eq!("0.5".parse(), Ok(PronounGuard::FOR_REWRITING));
        assert_eq!(" 0 ".parse(), Ok(PronounGuard::OFF));
        assert_eq!("1".parse::<PronounGuard>().map(PronounGuard::get), Ok(1.0));
        for bad in ["1.5", "-0.1", "NaN"] {
            let err = bad.parse::<PronounGuard>().unwrap_err();
            assert!(err.contains("must lie in [0, 1]"), "{bad}: {err}");
        }
        assert_eq!("half".parse::<PronounGuard>(), Err("\"half\" is not a number".to_string()));
    }
}
