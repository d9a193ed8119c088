//! What `GET /v1/model` says about the model: its name, its version and its scores.
//!
//! Design decision: the scores have one source, the `card.json` committed in the model's directory
//! (`models/<name>/card.json`), never numbers in code. The default model's card is embedded at build time
//! next to the embedded weights (`build.rs`), a model directory's is read from the directory, and a test
//! checks every number of the default model's card against the Scores table of MODEL_CARD.md. A model
//! without a card (the baseline, a test model) is served with `version` and `scores` null.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// A model's card: `models/<name>/card.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// The model's name, as in its config.json.
    pub name: String,
    /// The model's release (its date in MODEL_CARD.md's Versions table).
    pub version: String,
    /// How the scores were measured.
    pub scored_with: String,
    pub scores: Vec<SplitScores>,
}

/// The scores on one evaluation split (F1 in percent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitScores {
    /// `dev`, `test` or `test2`.
    pub split: String,
    pub data: String,
    pub conll_f1: f64,
    pub muc_f1: f64,
    pub b3_f1: f64,
    pub ceafe_f1: f64,
    pub lea_f1: f64,
    pub mention_f1: f64,
}

/// The body of `GET /v1/model`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// The model's name (`baseline` for the rule-based model).
    pub name: String,
    /// The model's release, from its card; null without one.
    pub version: Option<String>,
    /// The version of corefer serving it.
    pub corefer_version: String,
    /// How the scores were measured; null without a card.
    pub scored_with: Option<String>,
    /// Scores from the model's card; null without one.
    pub scores: Option<Vec<SplitScores>>,
}

impl ModelInfo {
    pub fn new(model_name: &str, card: Option<Card>) -> Self {
        let (version, scored_with, scores) = match card {
            Some(card) => (Some(card.version), Some(card.scored_with), Some(card.scores)),
            None => (None, None, None),
        };
        ModelInfo {
            name: model_name.to_string(),
            version,
            corefer_version: env!("CARGO_PKG_VERSION").to_string(),
            scored_with,
            scores,
        }
    }
}

/// Reads a card from JSON.
pub fn parse(origin: &str, json: &str) -> Result<Card, String> {
    serde_json::from_str(json).map_err(|e| format!("{origin}: not a model card: {e}"))
}

/// The card of the model compiled into the binary, if the build has one with a card.
pub fn embedded() -> Option<Card> {
    #[cfg(corefer_embedded_card)]
    {
        let json = include_str!(env!("COREFER_EMBEDDED_CARD"));
        Some(parse("embedded card.json", json).expect("the embedded card.json parses (a test checks it)"))
    }
    #[cfg(not(corefer_embedded_card))]
    None
}

/// The card of the model loaded for `--model model_arg`, whose name is `model_name`: `DIR/card.json`
/// for a model directory, the embedded card for the embedded model, none otherwise. A card that names
/// another model is an error, so a copied card cannot report the wrong scores.
pub fn for_model(model_arg: &str, model_name: &str) -> Result<Option<Card>, String> {
    let dir = Path::new(model_arg);
    let card = if dir.is_dir() {
        let path = dir.join("card.json");
        match std::fs::read_to_string(&path) {
            Ok(json) => Some(parse(&path.display().to_string(), &json)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    } else {
        embedded().filter(|card| card.name == model_name)
    };
    match card {
        Some(card) if card.name != model_name => {
            Err(format!("the model card is for {:?}, but the model is {model_name:?}", card.name))
        }
        card => Ok(card),
    }
}
