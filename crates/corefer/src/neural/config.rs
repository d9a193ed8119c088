//! `config.json` of a model directory (MODEL_FORMAT.md §11): sizes and conventions of encoder and head.
//!
//! Design decision: the config is parsed into typed structs and checked once (format version, sizes that
//! must agree with each other), so every later stage can trust it; the tensor shapes expected in
//! `model.safetensors` are all derived from it, which is how a mismatched model is caught by name.

use serde::Deserialize;

use crate::doc::Probability;
use crate::pronoun::Class;

fn yes() -> bool {
    true
}

/// The `format_version` this code implements.
pub const FORMAT_VERSION: u32 = 1;

/// Why a `config.json` was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Not JSON, or JSON without a required key, or a key of the wrong type or an unknown value.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A format this build does not read.
    #[error("format_version is {found}, this build reads format_version {FORMAT_VERSION}")]
    Version {
        /// The version the file states.
        found: u32,
    },
    /// Values that cannot go together; the sentence names the key.
    #[error("{0}")]
    Invalid(&'static str),
}

/// The encoder's activation (§4); only the exact (erf) GELU is implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Activation {
    /// `0.5 x (1 + erf(x / sqrt 2))`.
    #[serde(rename = "gelu_erf")]
    GeluErf,
}

/// How overlapping windows are stitched (§3); only "the window where the subword is most central".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Stitch {
    /// Each subword's vector comes from the window in which it lies furthest from an edge.
    #[serde(rename = "most_central")]
    MostCentral,
}

/// A word's casing class (§5, ASCII letters only), in the order of the casing embedding's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Casing {
    /// Starts with an upper-case letter, every later letter lower case ("Ann", "I").
    Title = 0,
    /// Two or more letters, all upper case ("NASA").
    Upper = 1,
    /// Letters, all lower case ("ann").
    Lower = 2,
    /// No letters, or mixed case ("42", "iPhone").
    Other = 3,
}

/// The casing rows this build computes, in order (`head::casing`).
pub const CASING_ORDER: [Casing; 4] = [Casing::Title, Casing::Upper, Casing::Lower, Casing::Other];

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub format_version: u32,
    pub name: String,
    pub encoder: EncoderConfig,
    pub tokenizer: TokenizerConfig,
    pub window: WindowConfig,
    pub head: HeadConfig,
    /// Where the tensors that `model.safetensors` does not hold come from (§12): a model shipped as the
    /// difference to a pretrained encoder that is installed separately. Absent: the file holds everything.
    #[serde(default)]
    pub base_weights: Option<BaseWeights>,
    /// How a pronoun's raw link probability maps to the probability that its link is right (§15), fitted
    /// on held-out data. Absent: the raw probability is reported.
    #[serde(default)]
    pub calibration: Option<Calibration>,
}

/// A monotone map per pronoun class from the raw link probability (the softmax mass the link puts on the
/// pronoun's cluster) to the share of such links found right on held-out data (§15).
#[derive(Debug, Clone, Deserialize)]
pub struct Calibration {
    /// What it was fitted on, for people ("OntoGUM dev, corefer 1a2b3c4").
    #[serde(default)]
    pub fitted_on: String,
    /// Knots `[raw, calibrated]` per class, raw strictly increasing, calibrated non-decreasing, both in
    /// `[0, 1]`; the map interpolates linearly between knots and is flat beyond them. A class without knots
    /// keeps its raw probability.
    pub classes: std::collections::BTreeMap<Class, Vec<[f32; 2]>>,
}

impl Calibration {
    /// The calibrated probability of a raw probability `raw` for a pronoun of class `class`.
    pub fn apply(&self, class: Class, raw: f32) -> f32 {
        let Some(knots) = self.classes.get(&class).filter(|k| !k.is_empty()) else { return raw };
        let i = knots.partition_point(|k| k[0] <= raw);
        if i == 0 {
            return knots[0][1];
        }
        if i == knots.len() {
            return knots[i - 1][1];
        }
        let ([x0, y0], [x1, y1]) = (knots[i - 1], knots[i]);
        y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
    }

    fn is_valid(&self) -> bool {
        self.classes.values().all(|knots| {
            knots.iter().all(|k| k.iter().all(|&v| Probability::new(v).is_some()))
                && knots.windows(2).all(|w| w[0][0] < w[1][0] && w[0][1] <= w[1][1])
        })
    }
}

/// The file that completes a model shipped as a delta (§12).
#[derive(Debug, Clone, Deserialize)]
pub struct BaseWeights {
    /// Path of the base's safetensors file, relative to the model directory.
    pub file: String,
    /// sha256 of that file, as pinned when the model was trained.
    pub sha256: String,
    /// The base encoder's name.
    #[serde(default)]
    pub name: String,
    /// How to install the base (a command for people, shown when the file is missing).
    #[serde(default)]
    pub install: String,
}

/// The encoder architecture (§4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EncoderKind {
    /// BERT: absolute positions from 0 plus the token-type-0 embedding.
    Bert,
    /// MPNet: absolute positions from `position_offset` plus a relative-position attention bias.
    Mpnet,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EncoderConfig {
    #[serde(rename = "type")]
    pub kind: EncoderKind,
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub layer_norm_eps: f64,
    pub max_position: usize,
    pub vocab_size: usize,
    pub activation: Activation,
    /// Position id of a sequence's first token (MPNet: 2); 0 when absent.
    #[serde(default)]
    pub position_offset: usize,
    /// Relative-position buckets of the attention bias (MPNet); 0 when absent.
    #[serde(default)]
    pub relative_buckets: usize,
    /// Distance from which relative positions share the last bucket (MPNet); 0 when absent.
    #[serde(default)]
    pub relative_max_distance: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TokenizerConfig {
    pub file: String,
    pub unk_token_id: u32,
    pub cls_token_id: u32,
    pub sep_token_id: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WindowConfig {
    pub size: usize,
    pub stride: usize,
    pub stitch: Stitch,
}

#[derive(Debug, Clone, Deserialize)]
pub struct HeadConfig {
    pub casing_classes: Vec<Casing>,
    pub casing_dim: usize,
    pub word_dim: usize,
    pub proj_dim: usize,
    pub pair_hidden: usize,
    pub top_k: usize,
    pub distance_buckets: usize,
    pub span_hidden: usize,
    pub span_max_dist: usize,
    pub leaky_relu_slope: f32,
    /// Score of the "no antecedent" choice (§8); tuned on dev by the trainer, 0 when absent.
    #[serde(default)]
    pub dummy_score: f32,
    /// The fine scorer adds a same-speaker embedding (§7, tensor `head.same_speaker_emb.weight`); false
    /// when absent, as in models trained before the feature existed.
    #[serde(default)]
    pub speaker_feature: bool,
    /// Pairs of the same lower-cased word get an anaphor-dependent coarse bias (§6, tensor
    /// `head.match_coarse`) and a same-word embedding (§7, `head.same_word_emb.weight`); false when absent.
    #[serde(default)]
    pub string_match: bool,
    /// Whether third-person pronouns take part in the string match (§6); true when absent.
    #[serde(default = "yes")]
    pub match_pronouns: bool,
}

impl Config {
    /// Parses and checks a config; the error is a sentence naming the offending key.
    pub fn parse(json: &[u8]) -> Result<Config, ConfigError> {
        let config: Config = serde_json::from_slice(json)?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let (e, h, w) = (&self.encoder, &self.head, &self.window);
        if self.format_version != FORMAT_VERSION {
            return Err(ConfigError::Version { found: self.format_version });
        }
        let mpnet = e.kind == EncoderKind::Mpnet;
        let checks = [
            (
                e.layer_norm_eps.is_finite() && e.layer_norm_eps > 0.0,
                "encoder.layer_norm_eps must be a positive number",
            ),
            (
                !mpnet || (e.relative_buckets >= 4 && e.relative_buckets % 4 == 0),
                "encoder.relative_buckets must be a positive multiple of 4 for an mpnet encoder",
            ),
            (
                !mpnet || e.relative_max_distance > e.relative_buckets / 4,
                "encoder.relative_max_distance must exceed relative_buckets / 4",
            ),
            (
                e.hidden > 0 && e.heads > 0 && e.hidden % e.heads == 0,
                "encoder.hidden must be a multiple of heads",
            ),
            (e.layers > 0 && e.intermediate > 0 && e.vocab_size > 0, "encoder sizes must be positive"),
            (w.size > 0 && w.stride > 0 && w.stride <= w.size, "window.stride must be in 1..=window.size"),
            (
                w.size + 2 + e.position_offset <= e.max_position,
                "window.size + 2 + encoder.position_offset must not exceed encoder.max_position",
            ),
            (
                h.casing_classes == CASING_ORDER,
                "head.casing_classes must be [\"title\", \"upper\", \"lower\", \"other\"] (MODEL_FORMAT §5)",
            ),
            (
                h.word_dim == e.hidden + h.casing_dim,
                "head.word_dim must equal encoder.hidden + head.casing_dim",
            ),
            (h.distance_buckets == 10, "head.distance_buckets must be 10 (MODEL_FORMAT §7)"),
            (h.top_k > 0, "head.top_k must be positive"),
            (
                self.calibration.as_ref().is_none_or(Calibration::is_valid),
                "calibration.classes: knots must lie in [0, 1], raw strictly increasing, calibrated non-decreasing",
            ),
        ];
        match checks.iter().find(|(ok, _)| !ok) {
            Some(&(_, message)) => Err(ConfigError::Invalid(message)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn calibration_maps_the_shared_cases_and_refuses_bad_knots() {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/calibration.json")).unwrap();
        let calibration: Calibration = serde_json::from_value(fixture["calibration"].clone()).unwrap();
        assert!(calibration.is_valid());
        for case in fixture["cases"].as_array().unwrap() {
            let class: Class = serde_json::from_value(case[0].clone()).unwrap();
            let (raw, expected) = (case[1].as_f64().unwrap() as f32, case[2].as_f64().unwrap() as f32);
            let got = calibration.apply(class, raw);
            assert!((got - expected).abs() < 1e-6, "{case}: got {got}");
        }
        let with = |knots: serde_json::Value| {
            let mut config = sample();
            config["calibration"] = serde_json::json!({"classes": {"it": knots}});
            Config::parse(config.to_string().as_bytes())
        };
        assert!(with(serde_json::json!([[0.0, 0.3], [1.0, 0.9]])).is_ok());
        for bad in [
            serde_json::json!([[0.5, 0.3], [0.5, 0.9]]),
            serde_json::json!([[0.0, 0.9], [1.0, 0.3]]),
            serde_json::json!([[0.0, 0.3], [1.5, 0.9]]),
        ] {
            let err = with(bad.clone()).unwrap_err().to_string();
            assert!(err.starts_with("calibration.classes: knots must lie in [0, 1]"), "{bad}: {err}");
        }
        let mut unknown = sample();
        unknown["calibration"] = serde_json::json!({"classes": {"she": [[0.0, 0.3]]}});
        assert!(Config::parse(unknown.to_string().as_bytes()).is_err(), "an unknown class is refused");
    }

    /// A valid config with the sizes of MODEL_FORMAT.md §11.
    pub(crate) fn sample() -> serde_json::Value {
        serde_json::json!({
            "format_version": 1, "name": "test",
            "encoder": {"type": "bert", "hidden": 384, "layers": 6, "heads": 12, "intermediate": 1536,
                        "layer_norm_eps": 1e-12, "max_position": 512, "vocab_size": 30522, "activation": "gelu_erf"},
            "tokenizer": {"file": "tokenizer.json", "per_word": true, "add_special_tokens": false,
                          "unk_token_id": 100, "cls_token_id": 101, "sep_token_id": 102, "lowercase_by_normalizer": true},
            "window": {"size": 384, "stride": 320, "stitch": "most_central"},
            "head": {"casing_classes": ["title", "upper", "lower", "other"], "casing_dim": 16, "word_dim": 400,
                     "proj_dim": 128, "pair_hidden": 128, "top_k": 40, "distance_buckets": 10,
                     "span_hidden": 128, "span_max_dist": 64, "leaky_relu_slope": 0.01},
            "dtype": "float16"
        })
    }

    #[test]
    fn accepts_the_documented_config() {
        let config = Config::parse(sample().to_string().as_bytes()).unwrap();
        assert_eq!((config.encoder.hidden, config.head.top_k, config.window.stride), (384, 40, 320));
        assert!(!config.head.speaker_feature, "absent means false");
        let mut v = sample();
        v["head"]["speaker_feature"] = true.into();
        assert!(Config::parse(v.to_string().as_bytes()).unwrap().head.speaker_feature);
        assert!(!config.head.string_match, "absent means false");
        assert!(config.head.match_pronouns, "absent means true");
    }

    #[test]
    fn reads_an_mpnet_encoder_and_checks_its_position_conventions() {
        let mut v = sample();
        v["encoder"]["type"] = "mpnet".into();
        assert!(Config::parse(v.to_string().as_bytes())
            .unwrap_err()
            .to_string()
            .contains("relative_buckets"));
        v["encoder"]["relative_buckets"] = 32.into();
        v["encoder"]["relative_max_distance"] = 128.into();
        v["encoder"]["position_offset"] = 2.into();
        v["encoder"]["max_position"] = 388.into();
        let config = Config::parse(v.to_string().as_bytes()).unwrap();
        assert_eq!(config.encoder.kind, EncoderKind::Mpnet);
        assert_eq!((config.encoder.position_offset, config.encoder.relative_buckets), (2, 32));
        assert!(config.base_weights.is_none());
        v["encoder"]["max_position"] = 387.into();
        assert!(Config::parse(v.to_string().as_bytes()).unwrap_err().to_string().contains("position_offset"));
        let mut v = sample();
        v["base_weights"] = serde_json::json!({"file": "base.safetensors", "sha256": "00"});
        assert_eq!(
            Config::parse(v.to_string().as_bytes()).unwrap().base_weights.unwrap().file,
            "base.safetensors"
        );
    }

    #[test]
    fn refuses_other_versions_and_inconsistent_sizes() {
        let mut v = sample();
        v["format_version"] = 2.into();
        assert!(Config::parse(v.to_string().as_bytes())
            .unwrap_err()
            .to_string()
            .contains("format_version is 2"));
        let mut v = sample();
        v["head"]["word_dim"] = 401.into();
        assert!(Config::parse(v.to_string().as_bytes()).unwrap_err().to_string().contains("word_dim"));
        let mut v = sample();
        v["window"]["size"] = 600.into();
        assert!(Config::parse(v.to_string().as_bytes()).unwrap_err().to_string().contains("max_position"));
        let mut v = sample();
        v["encoder"]["layer_norm_eps"] = (-1.0).into();
        assert!(Config::parse(v.to_string().as_bytes()).unwrap_err().to_string().contains("layer_norm_eps"));
        let mut v = sample();
        v["encoder"]["type"] = "gpt".into();
        assert!(Config::parse(v.to_string().as_bytes())
            .unwrap_err()
            .to_string()
            .contains("unknown variant `gpt`"));
        assert!(Config::parse(b"{\"format_version\": 1").unwrap_err().to_string().contains("line 1"));
        for eps in [-1.0, 0.0] {
            let mut v = sample();
            v["encoder"]["layer_norm_eps"] = eps.into();
            let err = Config::parse(v.to_string().as_bytes()).unwrap_err();
            assert_eq!(err.to_string(), "encoder.layer_norm_eps must be a positive number");
        }
    }
}
