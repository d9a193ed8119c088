//! The Rust pipeline against the trainer's PyTorch reference (`train/make_fixtures.py` on the `train`
//! branch): every stage of `NeuralModel::analyze` on the fixture documents of each committed model.
//!
//! Fixtures: `tests/fixtures/parity/<model>/doc*.json` at the repository root (at least doc1..doc4, doc4
//! a two-speaker dialogue), model: `models/<model>/`; every fixture directory is checked, and its model must
//! be present (these tests never skip).

use std::path::{Path, PathBuf};

use corefer::internals::{NeuralModel, Threads};
use corefer::{Precision, PronounGuard, WordSpan};
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

/// The models with parity fixtures (`tests/fixtures/parity/<model>/`), sorted.
fn fixture_models() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures/parity"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One fixture: the reference's outputs (`fx`) and the document they are for.
struct Fixture {
    path: PathBuf,
    fx: Value,
    words: Vec<String>,
    sentences: Vec<usize>,
    speakers: Vec<usize>,
}

/// The fixtures of model `name`, in file-name order.
fn fixtures(name: &str) -> Vec<Fixture> {
    let dir = repo().join("tests/fixtures/parity").join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let fx: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let field = |key: &str| fx[key].clone();
            Fixture {
                words: serde_json::from_value(field("words")).unwrap(),
                sentences: serde_json::from_value(field("sentence_ids")).unwrap(),
                speakers: serde_json::from_value(field("speaker_ids")).unwrap(),
                path,
                fx,
            }
        })
        .collect()
}

/// Model `name` in f32, or `None` (with a message) for a model shipped as a delta over base weights
/// (MODEL_FORMAT.md §12) whose base file is not installed (`scripts/install-model.sh accurate` links it
/// into the model directory).
fn load_model(name: &str) -> Option<NeuralModel> {
    let dir = repo().join("models").join(name);
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    if let Some(file) = config["base_weights"]["file"].as_str() {
        if !dir.join(file).exists() {
            eprintln!("SKIPPED {name}: its base weights {file} are not installed (scripts/install-model.sh accurate)");
            return None;
        }
    }
    Some(NeuralModel::load(&dir).unwrap())
}

/// Checks every fixture of model `name`; true when one of them showed that the speakers matter.
fn check_model(name: &str) -> bool {
    let Some(model) = load_model(name) else { return false };
    let fixtures = fixtures(name);
    for k in 1..=4 {
        assert!(
            fixtures.iter().any(|f| f.path.ends_with(format!("doc{k}.json"))),
            "doc{k}.json missing for {name}"
        );
    }
    let mut speakers_matter = false;
    for Fixture { path, fx, words, sentences, speakers } in &fixtures {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        for threads in [Threads::ONE, Threads::new(2)] {
            let a = model.analyze(&words, sentences, speakers, threads, PronounGuard::OFF).unwrap();
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
            if let Some(lexemes) = fx.get("lexeme_ids") {
                assert_eq!(
                    a.lexemes,
                    serde_json::from_value::<Vec<usize>>(lexemes.clone()).unwrap(),
                    "{doc}"
                );
            }
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
            let inclusive: Vec<Vec<(usize, usize)>> = serde_json::from_value(fx["clusters"].clone()).unwrap();
            let clusters: Vec<Vec<WordSpan>> = inclusive
                .iter()
                .map(|c| c.iter().map(|&(first, last)| WordSpan::inclusive(first, last).unwrap()).collect())
                .collect();
            assert_eq!(a.clusters, clusters, "{doc}");
            eprintln!("{doc}: ok (word vectors {v:.1e}, projected {x:.1e}, scores {worst:.1e})");
        }
        if model.config().head.speaker_feature && speakers.iter().any(|&s| s != speakers[0]) {
            // The fixture must exercise the feature: with the speakers ignored its scores no longer match
            // (by far more than the 1e-4 tolerance above).
            let one_speaker = vec![0; words.len()];
            let a = model.analyze(&words, sentences, &one_speaker, Threads::ONE, PronounGuard::OFF).unwrap();
            let scores = floats(&fx["scores"]);
            let worst = (0..words.len())
                .map(|i| max_diff(&a.antecedents.scores[a.antecedents.row(i)], &[scores[i].clone()]))
                .fold(0.0, f32::max);
            assert!(worst > 1e-3, "{}: scores barely depend on the speakers ({worst})", path.display());
            speakers_matter = true;
        }
    }
    speakers_matter
}

/// The dialogue fixture through the public path (`Resolver` on a `Document` whose sentences name their
/// speakers): the model must see the document's speakers to reproduce the reference clusters (in f32, the
/// reference's precision: this random model's scores are near-ties that bf16 rounding may swap).
#[test]
fn a_document_s_speakers_reach_the_model() {
    let model = repo().join("models/random-tiny");
    let resolver = corefer::Resolver::builder()
        .model(model.to_str().unwrap())
        .precision(Precision::F32)
        .build()
        .unwrap();
    let path = repo().join("tests/fixtures/parity/random-tiny/doc4.json");
    let fx: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let words: Vec<String> = serde_json::from_value(fx["words"].clone()).unwrap();
    let sentence_ids: Vec<usize> = serde_json::from_value(fx["sentence_ids"].clone()).unwrap();
    let speaker_ids: Vec<usize> = serde_json::from_value(fx["speaker_ids"].clone()).unwrap();
    let mut sentences: Vec<(Vec<&str>, Option<String>)> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if i == 0 || sentence_ids[i] != sentence_ids[i - 1] {
            sentences.push((Vec::new(), Some(format!("speaker {}", speaker_ids[i]))));
        }
        let (sentence, speaker) = sentences.last_mut().unwrap();
        assert_eq!(
            speaker.as_deref(),
            Some(format!("speaker {}", speaker_ids[i]).as_str()),
            "one per sentence"
        );
        sentence.push(word);
    }
    let want: Vec<Vec<(usize, usize)>> = serde_json::from_value(fx["clusters"].clone()).unwrap();
    let clusters = |sentences: &[(Vec<&str>, Option<String>)]| {
        let doc = corefer::Document::from_sentences("doc4", sentences).unwrap();
        let doc = resolver.resolve_document(doc).unwrap();
        let mut got: Vec<Vec<(usize, usize)>> = doc
            .clusters()
            .iter()
            .map(|c| c.iter().map(|m| (m.words.start(), m.words.end() - 1)).collect())
            .collect();
        got.sort();
        got
    };
    let mut sorted = want.clone();
    sorted.iter_mut().for_each(|c| c.sort());
    sorted.sort();
    assert_eq!(clusters(&sentences), sorted);
    let one_speaker: Vec<_> = sentences.iter().map(|(words, _)| (words.clone(), None)).collect();
    assert_ne!(clusters(&one_speaker), sorted, "doc4's clusters do not depend on its speakers");
}

#[test]
fn every_model_with_fixtures_matches_the_pytorch_reference() {
    let names = fixture_models();
    assert!(names.contains(&"random-tiny".to_string()), "the random-tiny fixtures are missing");
    let mut speakers_matter = false;
    for name in names {
        speakers_matter |= check_model(&name);
    }
    assert!(speakers_matter, "no model with the speaker feature has a fixture with several speakers");
}

/// bf16 products (`Precision::Bf16`: AMX tiles, or AVX-512 BF16 registers without AMX) against the same
/// f32 PyTorch reference, on every fixture: the word vectors and scores move by bf16 rounding only
/// (relative error bounds below), and every antecedent choice the reference makes by a clear margin stays
/// the same. Skipped, with a message, where the CPU has neither.
#[test]
fn bf16_products_stay_close_to_the_pytorch_reference() {
    for name in fixture_models() {
        let Some(model) = load_model(&name) else { continue };
        let model = match model.with_precision(Precision::Bf16) {
            Ok(model) => model,
            Err(e) => {
                eprintln!("SKIPPED bf16 parity: {e}");
                return;
            }
        };
        assert_eq!(model.precision(), Precision::Bf16, "{name}: every encoder layer should run in bf16");
        for Fixture { path, fx, words, sentences, speakers } in &fixtures(&name) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            for threads in [Threads::ONE, Threads::new(2)] {
                let a = model.analyze(&words, sentences, speakers, threads, PronounGuard::OFF).unwrap();
                let want = floats(&fx["word_vectors"]);
                let scale = want.iter().flatten().fold(0.0f32, |m, v| m.max(v.abs()));
                let v = max_diff(&a.word_vectors, &want) / scale;
                let top_k: Vec<Vec<usize>> = serde_json::from_value(fx["top_k"].clone()).unwrap();
                let scores = floats(&fx["scores"]);
                let antecedent: Vec<i64> = serde_json::from_value(fx["antecedent"].clone()).unwrap();
                let (mut worst, mut clear, mut kept) = (0.0f32, 0, 0);
                for (i, want) in top_k.iter().enumerate() {
                    let row = a.antecedents.row(i);
                    if a.antecedents.candidates[row.clone()] != *want.as_slice() {
                        continue; // a near-tie in the coarse ranking may swap candidates
                    }
                    worst = worst.max(max_diff(&a.antecedents.scores[row], &[scores[i].clone()]));
                    // The reference's choice (best score, or none when all are below the dummy's 0).
                    let mut sorted: Vec<f32> = scores[i].iter().copied().chain([0.0]).collect();
                    sorted.sort_by(|x, y| y.total_cmp(x));
                    if sorted.len() > 1 && sorted[0] - sorted[1] > 1.0 {
                        clear += 1;
                        let got = a.antecedents.best(i).map_or(-1, |j| j as i64);
                        kept += usize::from(got == antecedent[i]);
                    }
                }
                let doc = format!("{name} {} ({threads:?})", path.display());
                eprintln!("{doc}: bf16 word vectors {v:.1e} of their scale, scores {worst:.2e}, clear choices {kept}/{clear}");
                assert!(v <= 0.015, "{doc}: bf16 word vectors differ by {v} of their largest value");
                assert!(worst <= 0.25, "{doc}: bf16 antecedent scores differ by {worst}");
                assert_eq!(kept, clear, "{doc}: a clear antecedent choice changed under bf16");
            }
        }
    }
}
