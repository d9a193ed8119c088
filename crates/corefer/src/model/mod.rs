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
/// binary, `default` is that model when the build has one and the baseline otherwise.
pub const KNOWN_MODELS: &[&str] = &["default", "baseline", "neural"];

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

/// A coreference model.
pub trait CorefModel: Send + Sync {
    /// A short name for logs and reports ("baseline", "minilm-wl-v1").
    fn name(&self) -> &str;

    /// Clusters of mentions as word spans over `doc.words()`; clusters may come in any order. The model
    /// may split its work over `threads` threads of the current rayon pool (a caller that runs several
    /// documents in parallel passes one each).
    fn predict(&self, doc: &Document, threads: Threads) -> Result<Vec<Vec<WordSpan>>, ModelError>;
}
