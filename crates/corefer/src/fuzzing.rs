//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs`): one function per parser or stage that takes
//! arbitrary bytes, runs the stage, and panics when the stage panics or breaks a stated invariant.
//!
//! Design decision: the targets are thin wrappers over these functions, compiled only for tests and for
//! the `fuzzing` feature (which the `fuzz/` crate turns on), so the same checks run under libFuzzer on
//! nightly flags and, on stable, over the committed seed corpus (`fuzz/corpus/<target>/`) in this crate's
//! tests. Each function's invariants are the guarantees the stage documents; a check that fails here is
//! a bug in the stage, never in the input.

use std::io::Cursor;
use std::path::Path;

use crate::doc::Document;
use crate::eval::{self, Counts, EvalOptions, MetricCounts, Prf};
use crate::io::source::{self, ByteLimit, Input};
use crate::io::{conll2012, conllu, jsonl};
use crate::model::{baseline::Baseline, CorefModel, PronounGuard, Threads};
use crate::records::ResolvedRecord;
use crate::records::{self, ClustersRecord};
use crate::rewrite::{self, MentionSet, Naming, Options, PossessiveStyle, Replace, Rules};
use crate::span::WordSpan;
use crate::tokenize::{self, Limits};

/// A fuzz target's body: it runs on arbitrary bytes and panics when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target: its name (the directory of its corpus, the file in `fuzz/fuzz_targets/`) and body.
pub const TARGETS: &[(&str, Target)] = &[
    ("tokenizer", tokenizer),
    ("conll2012", conll2012),
    ("conllu", conllu),
    ("jsonl", jsonl),
    ("clusters_record", clusters_record),
    ("rewriter", rewriter),
    ("scorer", scorer),
    ("model_config", model_config),
];

/// Bytes as text, as `--lossy` decodes them.
fn lossy(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A document is consistent with its own text: every word is a non-empty slice on char boundaries, in
/// order, free of whitespace, with char offsets that count the text before it; sentences cover the words.
fn check_document(doc: &Document) {
    let text = doc.text();
    let mut prev_end = 0;
    let mut chars = 0;
    for (i, word) in doc.words().iter().enumerate() {
        let Some(slice) = word.bytes.slice(text) else {
            panic!("word {i} {:?} is off char boundaries", word.bytes)
        };
        assert!(!slice.is_empty() && word.bytes.start() >= prev_end, "word {i} is empty or out of order");
        chars += text[prev_end..word.bytes.start()].chars().count();
        assert_eq!(word.chars.start(), chars, "char offset of word {i}");
        chars += slice.chars().count();
        assert_eq!(word.chars.end(), chars, "char end of word {i}");
        prev_end = word.bytes.end();
    }
    let mut next = 0;
    for (s, sentence) in doc.sentences().iter().enumerate() {
        assert_eq!(sentence.words.start(), next, "sentence {s} does not follow the one before");
        assert!(!sentence.words.is_empty(), "sentence {s} is empty");
        next = sentence.words.end();
    }
    assert_eq!(next, doc.words().len(), "sentences cover every word");
    for cluster in doc.clusters() {
        for mention in cluster {
            assert!(mention.bytes.slice(text).is_some(), "mention {mention:?} off the text");
        }
    }
}

/// The tokenizer on any bytes: exact offsets, every non-space char in some word, limits honoured and
/// refusals only past them; then the baseline model on the words.
pub fn tokenizer(data: &[u8]) {
    let Ok(text) = source::decode("fuzz", data.to_vec(), true) else { return }; // UTF-16: refused
    if let Ok(strict) = source::decode("fuzz", data.to_vec(), false) {
        assert_eq!(strict, text, "strict and lossy decoding agree on valid UTF-8");
    }
    let Ok(doc) = tokenize::tokenize("fuzz", text.as_str()) else {
        panic!("tokenizing never fails unlimited")
    };
    check_document(&doc);
    assert!(
        doc.words().iter().all(|w| !doc.text()[w.bytes.range()].chars().any(char::is_whitespace)),
        "no word holds whitespace"
    );
    let body = text.strip_prefix(source::UTF8_BOM).unwrap_or(&text);
    let non_space: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let joined: String = (0..doc.words().len()).map(|i| doc.word_text(i)).collect();
    assert_eq!(joined, non_space, "words cover every non-space char");

    let limits = Limits {
        max_words: Some(usize::from(data.first().copied().unwrap_or(0) % 16)),
        max_word_bytes: Some(1 + usize::from(data.get(1).copied().unwrap_or(0) % 32)),
        ..Limits::NONE
    };
    match tokenize::tokenize_limited("fuzz", text.as_str(), limits) {
        Ok(limited) => {
            assert_eq!(limited.words(), doc.words(), "limits change nothing when they hold");
            assert!(limits.check(&doc).is_ok(), "the tokenizer accepted what the limits refuse");
        }
        Err(e) => assert!(limits.check(&doc).is_err(), "the tokenizer refused what the limits accept: {e}"),
    }

    let Ok(prediction) = Baseline::default().predict(&doc, Threads::ONE, PronounGuard::OFF) else {
        panic!("the baseline fails on no tokenised text")
    };
    let mut doc = doc;
    if let Err(e) = doc.set_scored_clusters(prediction.clusters, prediction.confidence) {
        panic!("the baseline gave clusters outside the document: {e}");
    }
    check_document(&doc);
}

/// The CoNLL-2012 reader on any text: it reads or fails with an error, a file it reads converts to
/// documents, writes back and reads again with the same clusters and words, and scores perfectly
/// against itself.
pub fn conll2012(data: &[u8]) {
    let lenient = data.first().is_some_and(|b| b & 1 == 1);
    let text = lossy(data.get(1..).unwrap_or_default());
    let options = conll2012::ReadOptions { lenient, ..conll2012::ReadOptions::default() };
    let Ok(file) = conll2012::parse(&text, Path::new("fuzz"), options) else { return };
    let mut gold = Vec::with_capacity(file.documents.len());
    for doc in &file.documents {
        if let Ok(document) = doc.to_gold_document() {
            check_document(&document);
            assert_eq!(document.words().len(), doc.word_count());
        }
        gold.push(doc.clusters());
    }
    let mut out = Vec::new();
    let Ok(report) = file.write(&mut out, &gold) else {
        panic!("the file's own clusters could not be written")
    };
    let Ok(written) = String::from_utf8(out) else { panic!("the writer wrote invalid UTF-8") };
    let back = match conll2012::parse(&written, Path::new("fuzz-out"), conll2012::ReadOptions::default()) {
        Ok(back) => back,
        Err(e) => panic!("the writer's output does not read back: {e}\n{written}"),
    };
    assert_eq!(back.documents.len(), file.documents.len());
    for (a, b) in file.documents.iter().zip(&back.documents) {
        assert_eq!(a.word_count(), b.word_count(), "document {} changed its words", a.id);
        if report.dropped.iter().all(|d| d.document != a.id) {
            assert_eq!(a.clusters(), b.clusters(), "document {} changed its clusters", a.id);
        }
    }
    if let Ok(evaluation) = eval::evaluate(&back, &back, EvalOptions::default()) {
        check_counts(&evaluation.total);
        for document in &evaluation.documents {
            let mentions = document.counts.mentions;
            assert!(mentions.recall_num == mentions.recall_den, "a file finds all its own mentions");
        }
    }
}

/// The CoNLL-U reader on any text: each document parses or fails alone, and one that parses lays out a
/// consistent document (strictly or leniently).
pub fn conllu(data: &[u8]) {
    let text = lossy(data);
    for doc in conllu::parse("fuzz", &text).into_iter().flatten() {
        for lenient in [false, true] {
            if let Ok(document) = doc.to_document(lenient) {
                check_document(&document);
                assert_eq!(
                    document.words().len(),
                    doc.sentences.iter().map(|s| s.words().count()).sum::<usize>()
                );
            }
        }
        assert!(doc.to_document(true).is_ok() || doc.to_document(false).is_err(), "lenient refuses less");
    }
}

/// The JSONL reader on any bytes, streamed with small limits: every document it yields is consistent
/// and within the limits, and the stream always ends.
pub fn jsonl(data: &[u8]) {
    let (flags, rest) = data.split_first().unwrap_or((&0, &[]));
    let options = jsonl::Options {
        lossy: flags & 1 == 1,
        lossy_knob: "lossy",
        max_line: ByteLimit::new(16 + u64::from(flags >> 1) * 8, "max_bytes"),
        limits: Limits { max_words: Some(usize::from(flags % 32)), max_word_bytes: Some(24), ..Limits::NONE },
    };
    let input = Input::from_reader("fuzz".to_string(), Box::new(Cursor::new(rest.to_vec())));
    let lines = rest.split(|&b| b == b'\n').count();
    let mut items = 0;
    for item in jsonl::Documents::from_input(input, options) {
        items += 1;
        assert!(items <= lines, "more items than lines");
        let Ok(doc) = item else { continue };
        check_document(&doc);
        // Lossy decoding turns each invalid byte into U+FFFD, three bytes: the one way text outgrows its line.
        let text_bytes = doc.text().len() as u64;
        assert!(text_bytes <= 3 * options.max_line.max, "a document longer than its line allows");
    }
}

/// The clusters-record reader and the strict record checker: `TEXT` then a blank line then records.
/// Records that fit the text rewrite it losslessly; records serialise and read back unchanged.
pub fn clusters_record(data: &[u8]) {
    let all = lossy(data);
    let (text, records) = all.split_once("\n\n").unwrap_or(("", all.as_str()));
    let Ok(records) = records::parse_records("fuzz", records) else { return };
    for record in &records {
        let Ok(json) = serde_json::to_string(record) else { panic!("a record that was read does not write") };
        let Ok(back) = records::parse_records("fuzz", &json) else {
            panic!("a written record does not read")
        };
        assert_eq!(back.as_slice(), std::slice::from_ref(record), "records round-trip");
        if let Ok(set) = record.mention_set(text) {
            check_rewrites(&set, text);
        }
    }
}

/// The rewriter on any text with any clusters: the first two bytes give the text's length, the rest
/// become word spans (cluster, start, length) over its words. Every rewrite undoes to the text, and
/// clusters read back from a record of the document rewrite losslessly too.
pub fn rewriter(data: &[u8]) {
    let Some((head, rest)) = data.split_first_chunk::<2>() else { return };
    let split = usize::from(u16::from_le_bytes(*head)) % (rest.len() + 1);
    let (text, spans) = rest.split_at(split);
    let text = lossy(text);
    let Ok(mut doc) = tokenize::tokenize("fuzz", text.as_str()) else { return };
    let words = doc.words().len();
    if words == 0 {
        return;
    }
    let mut clusters: Vec<Vec<WordSpan>> = vec![Vec::new(); 4];
    for triple in spans.chunks_exact(3) {
        let start = usize::from(triple[1]) % words;
        let len = (1 + usize::from(triple[2] % 4)).min(words - start);
        clusters[usize::from(triple[0] % 4)].push(WordSpan::at(start, len));
    }
    if let Err(e) = doc.set_clusters(clusters) {
        panic!("well-formed spans were refused: {e}");
    }
    check_document(&doc);
    let (set, skipped) = MentionSet::from_document(&doc);
    check_rewrites(&set, &text);
    let record = ClustersRecord::new(&doc);
    match record.mention_set(&text) {
        Ok(set) => check_rewrites(&set, &text),
        Err(e) => assert!(record.clusters.iter().any(|c| !c.is_empty()), "a record without mentions: {e}"),
    }
    assert!(skipped.len() <= doc.clusters().iter().map(Vec::len).sum::<usize>());
}

/// Every way of rewriting `set` undoes to `text`, and each edit's replacement sits where it says.
fn check_rewrites(set: &MentionSet, text: &str) {
    for replace in [Replace::Pronouns, Replace::All] {
        for naming in [Naming::Nearest, Naming::Representative] {
            for (possessive, rules) in
                [(PossessiveStyle::S, Rules::ON), (PossessiveStyle::Apostrophe, Rules::OFF)]
            {
                let options = Options { replace, naming, possessive, rules };
                let result = rewrite::rewrite(set, &options);
                assert_eq!(result.resolved.undo(), text, "the rewrite ({options:?}) does not undo");
                for edit in &result.resolved.edits {
                    assert_eq!(
                        edit.resolved.bytes.slice(&result.resolved.text),
                        Some(edit.replacement.as_str())
                    );
                    assert_eq!(edit.original.bytes.slice(text), Some(edit.original_text.as_str()));
                }
                let record = ResolvedRecord::new("fuzz", &result, &[]);
                assert!(serde_json::to_string(&record).is_ok(), "a resolved record serialises");
            }
        }
    }
}

/// Every ratio of some counts lies in [0, 1].
fn check_counts(counts: &MetricCounts) {
    let scores = counts.scores();
    let prfs =
        [scores.muc, scores.bcub, scores.ceafm, scores.ceafe, scores.blanc, scores.lea, scores.mentions];
    for (i, Prf { recall, precision, f1 }) in prfs.into_iter().enumerate() {
        for value in [recall, precision, f1] {
            assert!(
                (-1e-9..=1.0 + 1e-9).contains(&value),
                "metric {i}: {value} outside [0, 1] in {scores:?}"
            );
        }
    }
}

/// The metrics on random key and response chains of one document: scores in [0, 1]; recall against
/// precision when the two swap roles; perfect scores for a response equal to the key. Byte 0 picks
/// singleton handling, the rest become (chain, start, length) triples, the first half the key's.
pub fn scorer(data: &[u8]) {
    let (flags, rest) = data.split_first().unwrap_or((&0, &[]));
    let options = EvalOptions { singletons: flags & 1 == 0, ..EvalOptions::default() };
    let triples: Vec<&[u8]> = rest.chunks_exact(3).collect();
    let (key_triples, response_triples) = triples.split_at(triples.len() / 2);
    // Each span once overall, as the writer and the models give them: duplicates are scored asymmetrically
    // by design (as the reference scorer does), which the symmetry check below does not hold for.
    let chains = |triples: &[&[u8]]| {
        let mut seen = std::collections::HashSet::new();
        let mut chains: Vec<Vec<WordSpan>> = vec![Vec::new(); 6];
        for t in triples {
            let span = WordSpan::at(usize::from(t[1] % 40), 1 + usize::from(t[2] % 3));
            if seen.insert(span) {
                chains[usize::from(t[0] % 6)].push(span);
            }
        }
        chains.retain(|c| !c.is_empty());
        chains
    };
    let (key, response) = (chains(key_triples), chains(response_triples));
    let forward = eval::score_chains(&key, &response, options);
    let backward = eval::score_chains(&response, &key, options);
    check_counts(&forward);
    check_counts(&backward);
    let swapped = |a: Counts, b: Counts| {
        let (a, b) = (a.prf(), b.prf());
        (a.recall - b.precision).abs() < 1e-9 && (a.precision - b.recall).abs() < 1e-9
    };
    assert!(swapped(forward.muc, backward.muc), "MUC is not symmetric: {forward:?} {backward:?}");
    assert!(swapped(forward.bcub, backward.bcub), "B3 is not symmetric");
    assert!(swapped(forward.ceafm, backward.ceafm), "CEAFm is not symmetric");
    assert!(swapped(forward.ceafe, backward.ceafe), "CEAFe is not symmetric");
    assert!(swapped(forward.mentions, backward.mentions), "mention scores are not symmetric");
    let same = eval::score_chains(&key, &key, options).scores();
    let scored =
        if options.singletons { key.clone() } else { key.iter().filter(|c| c.len() > 1).cloned().collect() };
    if !scored.is_empty() {
        for (name, prf) in
            [("B3", same.bcub), ("CEAFm", same.ceafm), ("CEAFe", same.ceafe), ("mentions", same.mentions)]
        {
            assert!((prf.f1 - 1.0).abs() < 1e-9, "{name} of the key against itself is {prf:?}");
        }
    }
    if scored.iter().any(|c| c.len() > 1) {
        assert!((same.muc.f1 - 1.0).abs() < 1e-9, "MUC of the key against itself is {:?}", same.muc);
    }
}

/// Model-config parsing on any bytes: a config it accepts satisfies every check the loader relies on.
pub fn model_config(data: &[u8]) {
    let Ok(config) = crate::neural::Config::parse(data) else { return };
    let (e, w, h) = (&config.encoder, &config.window, &config.head);
    assert!(e.hidden > 0 && e.heads > 0 && e.hidden % e.heads == 0);
    assert!(e.layer_norm_eps.is_finite() && e.layer_norm_eps > 0.0, "layer_norm_eps {}", e.layer_norm_eps);
    assert!(w.stride > 0 && w.stride <= w.size && w.size + 2 <= e.max_position);
    assert!(h.word_dim == e.hidden + h.casing_dim && h.top_k > 0 && h.casing_classes.len() == 4);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of every committed seed corpus goes through its target without a panic.
    #[test]
    fn fuzz_corpora_replay() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
        let mut replayed = 0;
        for (name, target) in TARGETS {
            let dir = root.join(name);
            let Ok(entries) = std::fs::read_dir(&dir) else { panic!("no seed corpus at {}", dir.display()) };
            let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            files.sort();
            assert!(!files.is_empty(), "{} is empty", dir.display());
            for file in files {
                let data = std::fs::read(&file).unwrap();
                if std::panic::catch_unwind(|| target(&data)).is_err() {
                    panic!("{name}: {} fails its checks (the panic message is above)", file.display());
                }
                replayed += 1;
            }
        }
        assert!(replayed >= TARGETS.len());
    }

    #[test]
    fn targets_take_empty_and_tiny_inputs() {
        for (_, target) in TARGETS {
            for data in [&b""[..], b"\0", b"\n\n", b"\xff\xfe", b"{}", b"#begin document (d)\n"] {
                target(data);
            }
        }
    }
}
