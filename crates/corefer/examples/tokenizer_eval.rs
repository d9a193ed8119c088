//! Token- and sentence-boundary F1 of corefer's tokenizer against CoNLL-U gold (GUM).
//!
//! Each document's raw text is rebuilt from its `# text =` lines: sentences of a paragraph joined by a
//! space, paragraphs (`# newpar`) by a blank line. Gold tokens are the CoNLL-U *words* (a multiword token
//! such as "can't" counts as its words "ca" + "n't", the PTB convention the tokenizer follows), located
//! in the rebuilt text; a token is correct when its byte span equals a gold word's span. A sentence
//! boundary is the end of a sentence's last word; the end of the document is not counted.
//!
//! Usage: cargo run --release -p corefer --example tokenizer_eval -- [--errors N] FILE.conllu[.gz]...

use std::collections::HashSet;
use std::path::Path;

use corefer::io::conllu::{parse, ConlluDocument};
use corefer::io::source::read_text;
use corefer::tokenize::tokenize;

/// Gold and predicted boundaries of one document, as byte offsets into its rebuilt text.
struct Boundaries {
    tokens: HashSet<(usize, usize)>,
    sentence_ends: HashSet<usize>,
}

#[derive(Default)]
struct Counts {
    gold: usize,
    predicted: usize,
    correct: usize,
}

impl Counts {
    fn add<T: Eq + std::hash::Hash>(&mut self, gold: &HashSet<T>, predicted: &HashSet<T>) {
        self.gold += gold.len();
        self.predicted += predicted.len();
        self.correct += gold.intersection(predicted).count();
    }

    fn report(&self, what: &str) -> String {
        let p = self.correct as f64 / self.predicted.max(1) as f64;
        let r = self.correct as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        format!(
            "{what}: P {:.2} R {:.2} F1 {:.2} (gold {}, predicted {})",
            100.0 * p,
            100.0 * r,
            100.0 * f,
            self.gold,
            self.predicted
        )
    }
}

/// Rebuilds the raw text of a document and the gold boundaries in it; counts words it cannot place.
fn gold(doc: &ConlluDocument, unplaced: &mut usize) -> (String, Boundaries) {
    let mut text = String::new();
    let mut tokens = HashSet::new();
    let mut sentence_ends = HashSet::new();
    for sentence in &doc.sentences {
        if !text.is_empty() {
            text.push_str(if sentence.new_paragraph { "\n\n" } else { " " });
        }
        let base = text.len();
        let words: Vec<&str> = sentence.words().map(|w| w.form.as_str()).collect();
        let sentence_text = sentence.text.clone().unwrap_or_else(|| words.join(" "));
        text.push_str(&sentence_text);
        let mut pos = 0;
        let mut last_end = None;
        for word in words {
            let skipped = sentence_text[pos..].len() - sentence_text[pos..].trim_start().len();
            if sentence_text[pos + skipped..].starts_with(word) {
                let start = base + pos + skipped;
                tokens.insert((start, start + word.len()));
                pos += skipped + word.len();
                last_end = Some(start + word.len());
            } else {
                *unplaced += 1;
            }
        }
        sentence_ends.extend(last_end);
    }
    sentence_ends.remove(&text.trim_end().len());
    (text, Boundaries { tokens, sentence_ends })
}

fn predicted(doc_id: &str, text: &str) -> Result<Boundaries, String> {
    let doc = tokenize(doc_id, text).map_err(|e| format!("{doc_id}: {e}"))?;
    let tokens = doc.words().iter().map(|w| (w.bytes.start(), w.bytes.end())).collect();
    let mut sentence_ends: HashSet<usize> = doc
        .sentences()
        .iter()
        .filter_map(|s| s.words.last())
        .map(|last| doc.words()[last].bytes.end())
        .collect();
    sentence_ends.remove(&text.trim_end().len());
    Ok(Boundaries { tokens, sentence_ends })
}

/// Prints up to `limit` token and sentence errors with some context.
fn show_errors(text: &str, gold: &Boundaries, predicted: &Boundaries, limit: usize, shown: &mut usize) {
    let context = |at: usize| {
        let from = text.floor_char_boundary(at.saturating_sub(40));
        let to = text.ceil_char_boundary((at + 40).min(text.len()));
        format!("{:?}", format!("{}|{}", &text[from..at], &text[at..to]))
    };
    for (what, ends, others) in [
        ("missed", &gold.sentence_ends, &predicted.sentence_ends),
        ("spurious", &predicted.sentence_ends, &gold.sentence_ends),
    ] {
        let mut errors: Vec<_> = ends.difference(others).collect();
        errors.sort();
        for &at in errors {
            if *shown >= limit {
                return;
            }
            *shown += 1;
            println!("sentence end {what}: {}", context(at));
        }
    }
    let mut missed: Vec<_> = gold.tokens.difference(&predicted.tokens).collect();
    missed.sort();
    for &(start, end) in missed {
        if *shown >= limit {
            return;
        }
        *shown += 1;
        let from = text.floor_char_boundary(start.saturating_sub(30));
        let to = text.ceil_char_boundary((end + 30).min(text.len()));
        let predicted: Vec<&str> = predicted
            .tokens
            .iter()
            .filter(|&&(s, e)| s < end + 5 && e + 5 > start)
            .map(|&(s, e)| &text[s..e])
            .collect();
        println!(
            "token {:?} missed; predicted near it: {predicted:?}; context {:?}",
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
    let (mut token_counts, mut sentence_counts) = (Counts::default(), Counts::default());
    let (mut unplaced, mut shown, mut documents) = (0, 0, 0);
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
            let (raw, gold) = gold(&doc, &mut unplaced);
            let predicted = match predicted(&doc.id, &raw) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("skipping document: {e}");
                    continue;
                }
            };
            token_counts.add(&gold.tokens, &predicted.tokens);
            sentence_counts.add(&gold.sentence_ends, &predicted.sentence_ends);
            show_errors(&raw, &gold, &predicted, limit, &mut shown);
            documents += 1;
        }
    }
    println!("files: {}", args.join(" "));
    println!("documents: {documents}; gold words not found in the # text lines: {unplaced}");
    println!("{}", token_counts.report("tokens"));
    println!("{}", sentence_counts.report("sentence boundaries"));
}
