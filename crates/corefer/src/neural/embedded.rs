//! The default neural model compiled into the binary (the directory `models/DEFAULT` names, see `build.rs`).
//!
//! Design decision: the three model files are embedded as they are on disk (`include_bytes!`, f16 weights,
//! widened at load) and go through the same checked loader as a model directory, so an embedded model can
//! never be trusted more than a file; the build simply has none when `models/DEFAULT` is absent.

use super::{NeuralError, NeuralModel};

/// Where the embedded model's files are reported to come from in errors.
pub const ORIGIN: &str = "embedded model";

/// Whether this build has an embedded model (`load` returns `Some`), known without loading it.
pub const AVAILABLE: bool = cfg!(corefer_embedded_model);

/// The embedded default model, or `None` when this build has none.
#[cfg(corefer_embedded_model)]
pub fn load() -> Option<Result<NeuralModel, NeuralError>> {
    static CONFIG: &[u8] = include_bytes!(concat!(env!("COREFER_EMBEDDED_MODEL_DIR"), "/config.json"));
    static WEIGHTS: &[u8] = include_bytes!(concat!(env!("COREFER_EMBEDDED_MODEL_DIR"), "/model.safetensors"));
    static TOKENIZER: &[u8] = include_bytes!(concat!(env!("COREFER_EMBEDDED_MODEL_DIR"), "/tokenizer.json"));
    Some(NeuralModel::from_bytes(ORIGIN, CONFIG, WEIGHTS, TOKENIZER))
}

/// The embedded default model, or `None` when this build has none.
#[cfg(not(corefer_embedded_model))]
pub fn load() -> Option<Result<NeuralModel, NeuralError>> {
    None
}
