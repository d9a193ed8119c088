//! Token- and sentence-boundary F1 of corefer's tokenizer against CoNLL-U gold (GUM); the method is
//! described in `corefer::eval::Agreement`.
//!
//! Usage: cargo run --release -p corefer --example tokenizer_eval -- [--errors N] FILE.conllu[.gz]...

use std::path::Path;

use corefer::eval::{Agreement, Boundaries, BoundaryCounts as Counts};
use corefer::io::conllu::parse;
use corefer::io::source::read_text;

fn report(what: &str, counts: &Counts) -> String {
    format!(
        "{what}: P {:.2} R {:.2} F1 {:.2} (gold {}, predicted {})",
        100.0 * counts.precision(),
        100.0 * counts.recall(),
        100.0 * counts.f1(),
        counts.gold,
        counts.predicted
    )
}

/// Prints up to `limit` sentence and token errors with some context (`|` marks a sentence end).
fn show_errors(text: &str, gold: &Boundaries, predicted: &Boundaries, limit: usize, shown: &mut usize) {
    let context = |from: usize, to: usize| {
        let from = text.floor_char_boundary(from.saturating_sub(40));
        let to = text.ceil_char_boundary((to + 40).min(text.len()));
        (from, to)
    };
    for (what, ends, others) in [
        ("missed", &gold.sentence_ends, &predicted.sentence_ends),
        ("spurious", &predicted.sentence_ends, &gold.sentence_ends),
    ] {
        let mut errors: Vec<_> = ends.difference(others).collect();
        errors.sort();
        for &at in errors.into_iter().take(limit.saturating_sub(*shown)) {
            *shown += 1;
            let (from, to) = context(at, at);
            println!("sentence end {what}: {:?}", format!("{}|{}", &text[from..at], &text[at..to]));
        }
    }
    let mut missed: Vec<_> = gold.tokens.difference(&predicted.tokens).collect();
    missed.sort();
    for &(start, end) in missed.into_iter().take(limit.saturating_sub(*shown)) {
        *shown += 1;
        let near: Vec<&str> = predicted
            .tokens
            .iter()
            .filter(|&&(s, e)| s < end + 5 && e + 5 > start)
            .map(|&(s, e)| &text[s..e])
            .collect();
        let (from, to) = context(start, end);
        println!(
            "token {:?} missed; predicted near it: {near:?}; context {:?}",
            &text[start..end],
            &text[from..to]
        );
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut limit = 0;
    if args.first().is_some_and(|a| a == "--errors") && args.len() > 1 {
        limit = args[1].parse().unwrap_or(0);
        args.drain(..2);
    }
    if args.is_empty() {
        eprintln!("usage: tokenizer_eval [--errors N] FILE.conllu[.gz]...");
        std::process::exit(2);
    }
    let mut total = Agreement::default();
    let mut shown = 0;
    for file in &args {
        let text = read_text(Path::new(file), false).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2);
        });
        for doc in parse(file, &text) {
            let doc = match doc {
                Ok(doc) => doc,
                Err(e) => {
                    eprintln!("skipping document: {e}");
                    continue;
                }
            };
            let gold = corefer::eval::gold_boundaries(&doc);
            match corefer::eval::predicted_boundaries(&gold.text) {
                Ok(predicted) => {
                    total.add(&gold, &predicted);
                    show_errors(&gold.text, &gold.boundaries, &predicted, limit, &mut shown);
                }
                Err(e) => eprintln!("skipping document {}: {e}", doc.id),
            }
        }
    }
    println!("files: {}", args.join(" "));
    println!("documents: {}; gold words not found in the # text lines: {}", total.documents, total.unplaced);
    println!("{}", report("tokens", &total.tokens));
    println!("{}", report("sentence boundaries", &total.sentences));
}
