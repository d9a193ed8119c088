//! The engine's documents-in-parallel rate: the reference `corefer batch` is measured against
//! (`bench/batch-speed.sh`).
//!
//! Usage: parallel_documents MODEL ARTICLES.jsonl [threads]
//! Reads every `{"id", "text"}` line into memory first, then tokenizes, resolves and renders the full
//! batch record of each document (`DocumentRecord`, as `corefer batch` writes it) on a rayon pool of
//! `threads` threads (default 2), one document per thread at a time (`par_iter`, work stealing, no I/O,
//! no ordering), and prints one JSON line: documents, words, seconds, documents/s, words/s.

use std::time::Instant;

use corefer::records::{DocumentRecord, Fields};
use corefer::rewrite::Options;
use corefer::tokenize;
use corefer::{PronounGuard, Resolver, Threads};
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: parallel_documents MODEL ARTICLES.jsonl [threads]";
    let (model, path) = (args.get(1).ok_or(usage)?, args.get(2).ok_or(usage)?);
    let threads: usize = args.get(3).map_or(Ok(2), |s| s.parse())?;
    let resolver = Resolver::builder().model(model).pronoun_guard(PronounGuard::FOR_REWRITING).build()?;
    let docs: Vec<(String, String)> = std::fs::read_to_string(path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)?;
            Ok((v["id"].as_str().unwrap_or("").to_string(), v["text"].as_str().unwrap_or("").to_string()))
        })
        .collect::<Result<_, serde_json::Error>>()?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let start = Instant::now();
    let (bytes, words) = pool.install(|| {
        docs.par_iter()
            .map(|(id, text)| {
                let doc = tokenize(id.as_str(), text.as_str()).expect("text tokenizes");
                let doc = resolver.resolve_document_with(doc, Threads::ONE).expect("document resolves");
                let line = DocumentRecord::new(&doc, &Options::default(), Fields::ALL).to_line();
                (line.len(), doc.words().len())
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{{\"engine\": \"library par_iter\", \"threads\": {threads}, \"documents\": {}, \"words\": {words}, \
         \"output_bytes\": {bytes}, \"seconds\": {seconds:.2}, \"documents_per_s\": {:.3}, \"words_per_s\": {:.0}}}",
        docs.len(),
        docs.len() as f64 / seconds,
        words as f64 / seconds
    );
    Ok(())
}
