//! The Rust pipeline against the trainer's PyTorch reference (`train/make_fixtures.py` on the `train`
//! branch): every stage of `NeuralModel::analyze` on the fixture documents of each committed model.
//!
//! Fixtures: `tests/fixtures/parity/<model>/doc*.json` at the repository root, model: `models/<model>/`;
//! every fixture directory is checked, and its model must be present (these tests never skip).

use std::path::{Path, PathBuf};

use corefer::neural::{NeuralModel, Threads};
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn floats(v: &Value) -> Vec<Vec<f32>> {
    serde_json::from_value(v.clone()).unwrap()
}

fn max_diff(got: &[f32], want: &[Vec<f32>]) -> f32 {
    let width = want.first().map_or(0, |r| r.len());
    assert_eq!(got.len(), want.len() * width, "sizes differ");
    got.iter().zip(want.iter().flatten()).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max)
}

fn check_model(name: &str) {
    let model = NeuralModel::load(&repo().join("models").join(name)).unwrap();
    let dir = repo().join("tests/fixtures/parity").join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    for path in files {
        let fx: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let words: Vec<String> = serde_json::from_value(fx["words"].clone()).unwrap();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let sentences: Vec<usize> = serde_json::from_value(fx["sentence_ids"].clone()).unwrap();
        for threads in [Threads::ONE, Threads::new(2)] {
            let a = model.analyze(&words, &sentences, threads).unwrap();
            let doc = format!("{} ({threads:?})", path.display());
            assert_eq!(
                a.subwords.ids,
                serde_json::from_value::<Vec<u32>>(fx["subword_ids"].clone()).unwrap(),
                "{doc}"
            );
            assert_eq!(
                a.subwords.word_of,
                serde_json::from_value::<Vec<usize>>(fx["subword_word"].clone()).unwrap()
            );
            assert_eq!(
                a.casing,
                serde_json::from_value::<Vec<usize>>(fx["casing"].clone()).unwrap(),
                "{doc}"
            );
            assert_eq!(
                a.windows.starts,
                serde_json::from_value::<Vec<usize>>(fx["window_starts"].clone()).unwrap()
            );
            let v = max_diff(&a.word_vectors, &floats(&fx["word_vectors"]));
            let x = max_diff(&a.projected, &floats(&fx["projected"]));
            assert!(v <= 1e-4 && x <= 1e-4, "{doc}: word vectors differ by {v}, projected by {x}");
            let top_k: Vec<Vec<usize>> = serde_json::from_value(fx["top_k"].clone()).unwrap();
            let (coarse, scores) = (floats(&fx["coarse_scores"]), floats(&fx["scores"]));
            let mut worst = 0.0f32;
            for (i, want) in top_k.iter().enumerate() {
                let row = a.antecedents.row(i);
                assert_eq!(
                    &a.antecedents.candidates[row.clone()],
                    want.as_slice(),
                    "{doc}: top-k of word {i}"
                );
                worst = worst.max(max_diff(&a.antecedents.coarse[row.clone()], &[coarse[i].clone()]));
                worst = worst.max(max_diff(&a.antecedents.scores[row], &[scores[i].clone()]));
            }
            assert!(worst <= 1e-4, "{doc}: antecedent scores differ by {worst}");
            let antecedent: Vec<i64> = serde_json::from_value(fx["antecedent"].clone()).unwrap();
            let got: Vec<i64> =
                (0..words.len()).map(|i| a.antecedents.best(i).map_or(-1, |j| j as i64)).collect();
            assert_eq!(got, antecedent, "{doc}");
            assert_eq!(
                a.head_clusters,
                serde_json::from_value::<Vec<Vec<usize>>>(fx["head_clusters"].clone()).unwrap()
            );
            let clusters: Vec<Vec<(usize, usize)>> = serde_json::from_value(fx["clusters"].clone()).unwrap();
            assert_eq!(a.clusters, clusters, "{doc}");
            eprintln!("{doc}: ok (word vectors {v:.1e}, projected {x:.1e}, scores {worst:.1e})");
        }
    }
}

#[test]
fn every_model_with_fixtures_matches_the_pytorch_reference() {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures/parity"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.contains(&"random-tiny".to_string()), "the random-tiny fixtures are missing");
    for name in names {
        check_model(&name);
    }
}
