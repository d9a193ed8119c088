//! Models by name: what `--model NAME` (and `Resolver::named`) resolves to, and where installed models live.
//!
//! Design decision: naming is kept apart from the model contract ([`crate::model`]) and from the neural
//! engine ([`crate::neural`]), so that the contract depends on nothing that implements it; this is the one
//! module that knows every model kind, and the only one that reads the environment to find installed ones.

use std::path::{Path, PathBuf};

use crate::model::{baseline::Baseline, CorefModel, ModelError, Precision};
use crate::neural::{embedded, NeuralError, NeuralModel};

/// The names `load` accepts besides a model directory: `neural` is the neural model compiled into the
/// binary, `default` is that model when the build has one and the baseline otherwise, `accurate` is the
/// MPNet-base model installed under [`installed_models`] (it is too large to embed).
pub const KNOWN_MODELS: &[&str] = &["default", "baseline", "neural", "accurate"];

/// Where installed models live: `$COREFER_HOME/models`, else `~/.local/share/corefer/models` (the folder
/// `scripts/install-model.sh` writes to).
pub fn installed_models() -> PathBuf {
    let home = match std::env::var_os("COREFER_HOME") {
        Some(home) if !home.is_empty() => PathBuf::from(home),
        _ => std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default().join(".local/share/corefer"),
    };
    home.join("models")
}

/// The model called `name` (one of [`KNOWN_MODELS`]), or the neural model in directory `name`, with its
/// dense products in `precision`.
pub fn load(name: &str, precision: Precision) -> Result<Box<dyn CorefModel>, ModelError> {
    let loaded = |m: Result<NeuralModel, NeuralError>| {
        m.and_then(|m| m.with_precision(precision))
            .map(|m| Box::new(m) as Box<dyn CorefModel>)
            .map_err(|e| ModelError::Load(Box::new(e)))
    };
    match name {
        "baseline" => Ok(Box::new(Baseline::default())),
        "neural" => match embedded::load() {
            Some(model) => loaded(model),
            None => Err(ModelError::NotInstalled(
                "this build has no embedded neural model (models/DEFAULT was absent when it was built)"
                    .into(),
            )),
        },
        "default" => match embedded::load() {
            Some(model) => loaded(model),
            None => load("baseline", precision),
        },
        "accurate" => {
            let dir = installed_models().join("accurate");
            if !dir.join("config.json").is_file() {
                return Err(ModelError::NotInstalled(format!(
                    "the accurate model is not installed in {} (install it with scripts/install-model.sh \
                     accurate from a checkout of the repository)",
                    dir.display()
                )));
            }
            loaded(NeuralModel::load(&dir))
        }
        dir if Path::new(dir).is_dir() => loaded(NeuralModel::load(Path::new(dir))),
        other => Err(ModelError::Unknown { name: other.to_string(), known: KNOWN_MODELS }),
    }
}
