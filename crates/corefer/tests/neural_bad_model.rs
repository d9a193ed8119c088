//! A missing, truncated or mismatched model gives an error naming the file (and tensor), never a panic.
//! Built from the committed `models/random-tiny/` by damaging one part at a time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use corefer::internals::{NeuralError, NeuralModel};

struct Parts {
    config: Vec<u8>,
    weights: Vec<u8>,
    tokenizer: Vec<u8>,
}

fn tiny_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/random-tiny")
}

fn parts() -> Parts {
    let read = |f: &str| std::fs::read(tiny_dir().join(f)).unwrap();
    Parts {
        config: read("config.json"),
        weights: read("model.safetensors"),
        tokenizer: read("tokenizer.json"),
    }
}

fn load(p: &Parts) -> Result<NeuralModel, NeuralError> {
    NeuralModel::from_bytes("models/x", &p.config, &p.weights, &p.tokenizer)
}

fn error(p: &Parts) -> String {
    match load(p) {
        Ok(_) => panic!("a damaged model loaded"),
        Err(e) => e.to_string(),
    }
}

fn edit_config(edit: impl FnOnce(&mut serde_json::Value)) -> Parts {
    let mut p = parts();
    let mut config: serde_json::Value = serde_json::from_slice(&p.config).unwrap();
    edit(&mut config);
    p.config = config.to_string().into_bytes();
    p
}

fn edit_tensors(edit: impl FnOnce(&mut HashMap<String, candle_core::Tensor>)) -> Parts {
    let mut p = parts();
    let mut tensors = candle_core::safetensors::load_buffer(&p.weights, &candle_core::Device::Cpu).unwrap();
    edit(&mut tensors);
    let path = std::env::temp_dir().join(format!("corefer-bad-model-{}.safetensors", std::process::id()));
    candle_core::safetensors::save(&tensors, &path).unwrap();
    p.weights = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    p
}

#[test]
fn the_intact_model_loads() {
    assert!(load(&parts()).is_ok());
}

#[test]
fn missing_directory_or_file_is_named() {
    let e = NeuralModel::load(Path::new("/nonexistent/model")).err().unwrap().to_string();
    assert!(e.starts_with("/nonexistent/model/config.json: cannot read"), "{e}");
    let dir = std::env::temp_dir().join(format!("corefer-no-weights-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(tiny_dir().join("config.json"), dir.join("config.json")).unwrap();
    let e = NeuralModel::load(&dir).err().unwrap().to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(e.contains("model.safetensors: cannot read"), "{e}");
}

#[test]
fn truncated_weights_are_reported_not_panicked() {
    let full = parts();
    for keep in [0, 7, 100, full.weights.len() / 2, full.weights.len() - 1] {
        let mut p = parts();
        p.weights.truncate(keep);
        let e = error(&p);
        assert!(e.starts_with("models/x/model.safetensors: not a readable safetensors file"), "{keep}: {e}");
    }
}

#[test]
fn wrong_format_version_and_bad_json_name_the_config() {
    let e = error(&edit_config(|c| c["format_version"] = 2.into()));
    assert_eq!(e, "models/x/config.json: bad config: format_version is 2, this build reads format_version 1");
    let mut p = parts();
    p.config.truncate(40);
    assert!(error(&p).starts_with("models/x/config.json: bad config: EOF while parsing"), "{}", error(&p));
}

#[test]
fn shape_mismatch_names_the_tensor() {
    let e = error(&edit_config(|c| c["head"]["proj_dim"] = 17.into()));
    assert_eq!(
        e,
        "models/x/model.safetensors: tensor head.proj.weight has shape [16, 40], the config implies [17, 40]"
    );
    let e = error(&edit_config(|c| c["encoder"]["layers"] = 3.into()));
    assert_eq!(
        e,
        "models/x/model.safetensors: tensor encoder.layer.2.attention.self.query.weight is missing"
    );
}

#[test]
fn missing_or_unusable_tensors_are_named() {
    let e = error(&edit_tensors(|t| {
        t.remove("head.span_out.bias");
    }));
    assert_eq!(e, "models/x/model.safetensors: tensor head.span_out.bias is missing");
    let e = error(&edit_tensors(|t| {
        let ints = t["head.pair_out.bias"].to_dtype(candle_core::DType::I64).unwrap();
        t.insert("head.pair_out.bias".into(), ints);
    }));
    assert!(e.starts_with("models/x/model.safetensors: tensor head.pair_out.bias: dtype I64"), "{e}");
    let e = error(&edit_tensors(|t| {
        let nan = candle_core::Tensor::new(&[f32::NAN], &candle_core::Device::Cpu).unwrap();
        t.insert("head.pair_out.bias".into(), nan);
    }));
    assert_eq!(e, "models/x/model.safetensors: tensor head.pair_out.bias: value 0 is not finite (NaN)");
}

#[test]
fn the_speaker_embedding_is_required_only_by_the_speaker_feature() {
    let without = |t: &mut HashMap<String, candle_core::Tensor>| {
        t.remove("head.same_speaker_emb.weight");
    };
    let e = error(&edit_tensors(without));
    assert_eq!(e, "models/x/model.safetensors: tensor head.same_speaker_emb.weight is missing");
    let e = error(&edit_tensors(|t| {
        let wide = candle_core::Tensor::zeros((2, 17), candle_core::DType::F16, &candle_core::Device::Cpu);
        t.insert("head.same_speaker_emb.weight".into(), wide.unwrap());
    }));
    assert_eq!(
        e,
        "models/x/model.safetensors: tensor head.same_speaker_emb.weight has shape [2, 17], the config implies [2, 16]"
    );
    let mut old = edit_tensors(without);
    let mut config: serde_json::Value = serde_json::from_slice(&old.config).unwrap();
    config["head"]["speaker_feature"] = false.into();
    old.config = config.to_string().into_bytes();
    assert!(load(&old).is_ok(), "a model without the feature needs no speaker tensor");
}

#[test]
fn a_bad_tokenizer_is_named() {
    let mut p = parts();
    p.tokenizer = b"{\"version\": \"1.0\"}".to_vec();
    assert!(error(&p).starts_with("models/x/tokenizer.json: bad tokenizer:"), "{}", error(&p));
}
