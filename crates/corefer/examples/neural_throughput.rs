//! End-to-end throughput of the neural model (tokenizer → encoder → head → clusters) on a document set.
//!
//! Usage: neural_throughput MODEL_DIR CONLL2012[.gz] [max threads] [--dump SETS.jsonl]
//! Sets: every document of the CoNLL file ("ontogum-test") and one 5,000-word document made of its
//! sentences in order ("doc-5000w"). Prints the model load time, then one JSON line per set, thread
//! count and mode: `doc-threads` (documents one after another, each using all threads) and
//! `docs-parallel` (documents spread over the threads, one thread each). `--dump` writes the sets as JSON
//! lines {set, id, words, sentence_ids, speaker_ids} for the PyTorch peer (`bench/torch_pipeline.py`).

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use corefer::internals::{NeuralModel, Threads};
use corefer::io::conll2012;
use corefer::PronounGuard;
use rayon::prelude::*;

struct Doc {
    id: String,
    words: Vec<String>,
    sentences: Vec<usize>,
    speakers: Vec<usize>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: neural_throughput MODEL_DIR CONLL2012 [max threads] [--dump FILE]";
    let (model_dir, conll) = (args.get(1).ok_or(usage)?, args.get(2).ok_or(usage)?);
    let max_threads: usize = args.get(3).filter(|a| !a.starts_with("--")).map_or(Ok(2), |s| s.parse())?;
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1));

    let start = Instant::now();
    let model = NeuralModel::load(Path::new(model_dir))?;
    println!("{{\"engine\": \"rust\", \"model_load_s\": {:.3}}}", start.elapsed().as_secs_f64());

    let file = conll2012::read_path(Path::new(conll), Default::default())?;
    let docs: Vec<Doc> = file
        .documents
        .iter()
        .map(|d| {
            let doc = d.to_document()?;
            let words = (0..doc.words().len()).map(|i| doc.word_text(i).to_string()).collect();
            let sentences = doc.words().iter().map(|w| w.sentence).collect();
            Ok(Doc { id: doc.id.clone(), words, sentences, speakers: corefer::internals::speaker_ids(&doc) })
        })
        .collect::<Result<_, corefer::DocError>>()?;
    let mut long =
        Doc { id: "doc-5000w".into(), words: Vec::new(), sentences: Vec::new(), speakers: Vec::new() };
    'fill: for (k, d) in docs.iter().enumerate() {
        for ((w, &s), &p) in d.words.iter().zip(&d.sentences).zip(&d.speakers) {
            if long.words.len() >= 5000 && long.sentences.last() != Some(&(k * 100_000 + s)) {
                break 'fill;
            }
            long.words.push(w.clone());
            long.sentences.push(k * 100_000 + s);
            long.speakers.push(k * 100_000 + p);
        }
    }
    let sets = [("ontogum-test", docs), ("doc-5000w", vec![long])];
    if let Some(path) = dump {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        for (set, docs) in &sets {
            for d in docs {
                let line = serde_json::json!({
                    "set": set, "id": d.id, "words": d.words, "sentence_ids": d.sentences, "speaker_ids": d.speakers,
                });
                writeln!(out, "{line}")?;
            }
        }
    }

    for (set, docs) in &sets {
        let words: usize = docs.iter().map(|d| d.words.len()).sum();
        let run = |d: &Doc, threads: Threads| {
            let words: Vec<&str> = d.words.iter().map(String::as_str).collect();
            model
                .analyze(&words, &d.sentences, &d.speakers, threads, PronounGuard::OFF)
                .map(|a| a.windows.starts.len() * (a.windows.len + 2))
        };
        for threads in 1..=max_threads {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
            for mode in ["doc-threads", "docs-parallel"] {
                if mode == "docs-parallel" && (threads == 1 || docs.len() == 1) {
                    continue;
                }
                let start = Instant::now();
                let positions: Vec<usize> = pool.install(|| {
                    if mode == "doc-threads" {
                        docs.iter().map(|d| run(d, Threads::new(threads))).collect::<Result<_, _>>()
                    } else {
                        docs.par_iter().map(|d| run(d, Threads::ONE)).collect::<Result<_, _>>()
                    }
                })?;
                let secs = start.elapsed().as_secs_f64();
                let tokens: usize = positions.iter().sum();
                println!(
                    "{{\"engine\": \"rust\", \"set\": \"{set}\", \"threads\": {threads}, \"mode\": \"{mode}\", \"docs\": {}, \"words\": {words}, \"encoder_tokens\": {tokens}, \"seconds\": {secs:.3}, \"tokens_per_s\": {:.0}, \"words_per_s\": {:.0}, \"docs_per_s\": {:.2}}}",
                    docs.len(),
                    tokens as f64 / secs,
                    words as f64 / secs,
                    docs.len() as f64 / secs
                );
            }
        }
    }
    Ok(())
}
