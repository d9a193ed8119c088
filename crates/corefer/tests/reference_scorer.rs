//! Differential test: corefer's scorer against the CoNLL reference scorer v8.01 (Perl) on 200 random
//! key/response file pairs and on the OntoGUM dev and test keys against perturbed responses. Every shared
//! number the reference prints (mention identification, MUC, B³, CEAFm, CEAFe, BLANC's two halves and
//! its total) must agree: numerators and denominators to 1e-9 (relative), percentages exactly as printed
//! (truncated to 2 decimals), except by one step for a value within 1e-9 of a truncation step, where the
//! reference's own last bits depend on the order in which Perl's hash hands it the documents.
//!
//! Needs `perl` and the scorer (`scripts/fetch-reference-scorer.sh`, or `COREFER_REFERENCE_SCORER=path`);
//! skips with a message when either is absent. The OntoGUM part also skips when `../shared/data` is absent.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use corefer::eval::percent;
use corefer::eval::{evaluate, Counts, EvalOptions, MetricCounts};
use corefer::io::conll2012::{read_path, ConllFile, ReadOptions};
use corefer::WordSpan;
use proptest::prelude::RngExt;
use proptest::test_runner::{TestRng, TestRunner};

/// One mention as the generator writes it.
type Mention = (u64, WordSpan);

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn reference_scorer() -> Option<PathBuf> {
    let path = std::env::var_os("COREFER_REFERENCE_SCORER")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".cache/reference-scorer/v8.01/scorer.pl"));
    if !path.is_file() {
        eprintln!(
            "skipping: no reference scorer at {} (run scripts/fetch-reference-scorer.sh)",
            path.display()
        );
        return None;
    }
    if Command::new("perl").arg("-v").output().map(|o| !o.status.success()).unwrap_or(true) {
        eprintln!("skipping: perl is not available");
        return None;
    }
    Some(path)
}

/// The coreference cells of `words` words for `mentions`, items in mention order.
fn cells(words: usize, mentions: &[Mention]) -> Vec<String> {
    let mut items: Vec<Vec<String>> = vec![Vec::new(); words];
    for &(entity, span) in mentions {
        let last = span.end() - 1;
        if span.start() == last {
            items[last].push(format!("({entity})"));
        } else {
            items[span.start()].push(format!("({entity}"));
            items[last].push(format!("{entity})"));
        }
    }
    items.into_iter().map(|c| if c.is_empty() { "-".to_owned() } else { c.join("|") }).collect()
}

/// A random document: a word count, sentence breaks, key mentions and (unless missing) response mentions.
struct RandomDoc {
    id: String,
    words: usize,
    breaks: Vec<usize>,
    key: Vec<Mention>,
    response: Option<Vec<Mention>>,
}

fn span(rng: &mut TestRng, words: usize) -> WordSpan {
    let start = rng.random_range(0..words);
    let len = rng.random_range(1..=4usize).min(words - start);
    WordSpan::new(start, start + len).unwrap()
}

/// Perturbs key mentions into a response: drops, boundary shifts, entity changes, extra mentions, repeats
/// (at most `repeat_budget` repeats of key spans: the reference refuses more than 10 per run, and `all`
/// counts them once per metric).
fn perturb(
    rng: &mut TestRng,
    words: usize,
    key: &[Mention],
    level: f64,
    repeat_budget: &mut usize,
) -> Vec<Mention> {
    let entities = key.iter().map(|m| m.0).max().map_or(1, |e| e + 2);
    let mut response = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &(entity, words_span) in key {
        if !seen.insert(words_span) || rng.random_bool(level * 0.5) {
            continue;
        }
        let mut s = words_span;
        if rng.random_bool(level * 0.3) {
            let start = if rng.random_bool(0.5) { s.start().saturating_sub(1) } else { s.start() };
            let end = if rng.random_bool(0.5) { (s.end() + 1).min(words) } else { s.end() };
            s = WordSpan::new(start, end).unwrap();
        }
        let entity = if rng.random_bool(level * 0.6) { rng.random_range(0..entities + 2) } else { entity };
        response.push((entity, s));
    }
    for _ in 0..rng.random_range(0..=(1 + (level * 6.0) as usize)) {
        response.push((rng.random_range(0..entities + 3), span(rng, words)));
    }
    if !response.is_empty() && rng.random_bool(level * 0.5) {
        let copy = response[rng.random_range(0..response.len())];
        let entity = if rng.random_bool(0.5) { copy.0 } else { rng.random_range(0..entities + 3) };
        response.push((entity, copy.1));
    }
    // Extra mentions and shifted boundaries can land on key spans too: keep the repeats within budget.
    let key_spans: std::collections::HashSet<WordSpan> = key.iter().map(|m| m.1).collect();
    let mut matched = std::collections::HashSet::new();
    response.retain(|m| {
        if !key_spans.contains(&m.1) || matched.insert(m.1) {
            return true;
        }
        let keep = *repeat_budget > 0;
        *repeat_budget -= usize::from(keep);
        keep
    });
    if rng.random_bool(0.08) {
        // All singletons.
        response = response.into_iter().enumerate().map(|(i, (_, s))| (100 + i as u64, s)).collect();
    }
    response
}

fn random_doc(rng: &mut TestRng, index: usize, repeat_budget: &mut usize) -> RandomDoc {
    let words = rng.random_range(1..40usize);
    let breaks = (1..words).filter(|_| rng.random_bool(0.12)).collect();
    let mentions = if rng.random_bool(0.1) { 0 } else { rng.random_range(0..14usize) };
    let entities = rng.random_range(1..6u64);
    let mut key: Vec<Mention> =
        (0..mentions).map(|_| (rng.random_range(0..entities), span(rng, words))).collect();
    if !key.is_empty() && rng.random_bool(0.1) {
        let copy = key[rng.random_range(0..key.len())];
        key.push((rng.random_range(0..entities), copy.1));
    }
    let response = if rng.random_bool(0.05) {
        None
    } else {
        let level = [0.0, 0.2, 0.5, 1.0][rng.random_range(0..4usize)];
        Some(perturb(rng, words, &key, level, repeat_budget))
    };
    RandomDoc { id: format!("doc{index}"), words, breaks, key, response }
}

fn write_minimal(docs: &[&RandomDoc], mentions: impl Fn(&RandomDoc) -> Option<&[Mention]>) -> String {
    let mut text = String::new();
    for doc in docs {
        let Some(mentions) = mentions(doc) else { continue };
        let _ = writeln!(text, "#begin document ({}); part 000", doc.id);
        let mut sentence_word = 0;
        for (word, cell) in cells(doc.words, mentions).iter().enumerate() {
            if doc.breaks.contains(&word) {
                text.push('\n');
                sentence_word = 0;
            }
            let _ = writeln!(text, "{}\t0\t{sentence_word}\tw{word}\t{cell}", doc.id);
            sentence_word += 1;
        }
        text.push_str("\n#end document\n");
    }
    text
}

/// The numbers of one reference output line `LABEL: Recall: (a / b) r%\tPrecision: (c / d) p%\tF1: f%`.
fn parse_line(line: &str) -> ([f64; 4], [f64; 3]) {
    let number =
        |s: &str| s.trim().trim_end_matches('%').parse::<f64>().unwrap_or_else(|_| panic!("`{s}` in {line}"));
    let mut counts = Vec::new();
    let mut percents = Vec::new();
    for part in line.split(['(', ')']).skip(1) {
        if let Some((num, den)) = part.split_once(" / ") {
            counts.extend([number(num), number(den)]);
        } else if let Some(p) = part.split('%').next().filter(|p| !p.trim().is_empty()) {
            percents.push(number(p));
        }
    }
    let f1 = line.rsplit("F1: ").next().unwrap();
    percents.truncate(2);
    percents.push(number(f1));
    (counts.try_into().unwrap(), percents.try_into().unwrap())
}

/// Runs the reference on every metric; returns its lines by label (`muc Coreference`, `blanc BLANC`, …).
fn run_reference(scorer: &Path, key: &Path, response: &Path) -> Vec<(String, String)> {
    let output =
        Command::new("perl").arg(scorer).args(["all"]).arg(key).arg(response).arg("none").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "reference failed on {}: {stdout}", key.display());
    let mut metric = String::new();
    let mut lines = Vec::new();
    for line in stdout.lines() {
        if let Some(m) = line.strip_prefix("METRIC ") {
            metric = m.trim_end_matches(':').to_owned();
        } else if let Some((label, _)) = line.split_once(": Recall:") {
            lines.push((format!("{metric} {label}"), line.to_owned()));
        }
    }
    lines
}

/// Compares one reference line with our counts and percentages; returns how many numbers were compared.
fn compare(
    context: &str,
    line: &str,
    counts: Option<&Counts>,
    prf: [f64; 3],
    failures: &mut Vec<String>,
) -> usize {
    let (their_counts, their_percents) = parse_line(line);
    let mut compared = 0;
    if let Some(c) = counts {
        let ours = [c.recall_num, c.recall_den, c.precision_num, c.precision_den];
        for (a, b) in ours.iter().zip(&their_counts) {
            if (a - b).abs() > 1e-9 * b.abs().max(1.0) {
                failures
                    .push(format!("{context}: counts {ours:?} vs reference {their_counts:?} in `{line}`"));
            }
        }
        compared += 4;
    } else {
        // BLANC's total line prints its recall and precision as `(x / 1)`.
        for (a, b) in prf[..2].iter().zip([their_counts[0], their_counts[2]]) {
            if (a - b).abs() > 1e-9 {
                failures.push(format!("{context}: BLANC {prf:?} vs reference `{line}`"));
            }
        }
        compared += 2;
    }
    let ours = prf.map(|v| percent(v).parse::<f64>().unwrap());
    for ((value, printed), theirs) in prf.iter().zip(ours).zip(their_percents) {
        // The reference sums documents in Perl's hash order, so the last bits of its totals vary from run to
        // run; a value within 1e-9 of a truncation step may print either side of it.
        let at_step = ((value * 10000.0).round() - value * 10000.0).abs() < 1e-9 * 10000.0;
        if printed != theirs && !(at_step && (printed - theirs).abs() < 0.0101) {
            failures
                .push(format!("{context}: percentages {ours:?} vs reference {their_percents:?} in `{line}`"));
        }
    }
    compared + 3
}

/// Scores the pair both ways and compares every shared number; returns how many were compared.
fn check_pair(scorer: &Path, key: &Path, response: &Path, failures: &mut Vec<String>) -> usize {
    let read = |p: &Path| read_path(p, ReadOptions::default()).unwrap();
    let ours: MetricCounts = evaluate(&read(key), &read(response), EvalOptions::default()).unwrap().total;
    let scores = ours.scores();
    let triple = |p: corefer::eval::Prf| [p.recall, p.precision, p.f1];
    let context = key.file_name().unwrap().to_string_lossy().into_owned();
    let mut compared = 0;
    for (label, line) in run_reference(scorer, key, response) {
        let context = format!("{context} {label}");
        let (counts, prf) = match label.as_str() {
            "muc Identification of Mentions" => (Some(&ours.mentions), triple(scores.mentions)),
            "muc Coreference" => (Some(&ours.muc), triple(scores.muc)),
            "bcub Coreference" => (Some(&ours.bcub), triple(scores.bcub)),
            "ceafm Coreference" => (Some(&ours.ceafm), triple(scores.ceafm)),
            "ceafe Coreference" => (Some(&ours.ceafe), triple(scores.ceafe)),
            "blanc Coreference links" => {
                (Some(&ours.blanc.coreference), triple(ours.blanc.coreference.prf()))
            }
            "blanc Non-coreference links" => {
                (Some(&ours.blanc.non_coreference), triple(ours.blanc.non_coreference.prf()))
            }
            "blanc BLANC" => (None, triple(scores.blanc)),
            _ => continue, // the same mention line again under the other metrics
        };
        compared += compare(&context, &line, counts, prf, failures);
    }
    assert!(compared >= 38, "{context}: only {compared} numbers found in the reference's output");
    compared
}

/// How often the response repeats a span of the key, summed over documents (the reference exits when the
/// sum over all five metrics of one run exceeds 10).
fn repeats_of_key_spans(key: &Path, response: &Path) -> usize {
    let read = |p: &Path| read_path(p, ReadOptions::default()).unwrap();
    let (key, response) = (read(key), read(response));
    let mut repeats = 0;
    for doc in &response.documents {
        let Some(key_doc) = key.documents.iter().find(|k| k.id == doc.id) else { continue };
        let key_spans: std::collections::HashSet<WordSpan> =
            key_doc.mentions().iter().map(|m| m.words).collect();
        let mut seen = std::collections::HashSet::new();
        repeats +=
            doc.mentions().iter().filter(|m| key_spans.contains(&m.words) && !seen.insert(m.words)).count();
    }
    repeats
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn random_pairs_agree_with_the_reference() {
    let Some(scorer) = reference_scorer() else { return };
    let dir = scratch("reference-random");
    let mut runner = TestRunner::deterministic();
    let (mut pairs, mut documents, mut compared, mut failures, mut refused) = (0, 0, 0, Vec::new(), 0);
    for pair in 0.. {
        if pairs == 200 {
            break;
        }
        let rng = runner.rng();
        let mut repeat_budget = 2;
        let docs: Vec<RandomDoc> =
            (0..rng.random_range(1..=4usize)).map(|i| random_doc(rng, i, &mut repeat_budget)).collect();
        let mut response_order: Vec<&RandomDoc> = docs.iter().collect();
        if rng.random_bool(0.3) {
            response_order.reverse();
        }
        let key_path = dir.join(format!("pair{pair}.key"));
        let response_path = dir.join(format!("pair{pair}.response"));
        std::fs::write(&key_path, write_minimal(&docs.iter().collect::<Vec<_>>(), |d| Some(&d.key))).unwrap();
        std::fs::write(&response_path, write_minimal(&response_order, |d| d.response.as_deref())).unwrap();
        if repeats_of_key_spans(&key_path, &response_path) > 2 {
            // Brackets of crossing mentions of one entity read back as other spans, which can repeat key
            // spans beyond what the reference accepts in one run; such a pair cannot be scored by it.
            refused += 1;
            continue;
        }
        compared += check_pair(&scorer, &key_path, &response_path, &mut failures);
        pairs += 1;
        documents += docs.len();
    }
    eprintln!(
        "{pairs} random file pairs ({documents} documents): {compared} numbers compared with the reference \
         ({refused} generated pairs not scorable by the reference were replaced)"
    );
    assert!(refused < 50, "too many pairs the reference cannot score: {refused}");
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}

/// Writes `file` with the coreference column replaced by `mentions` per document.
fn write_with(file: &ConllFile, mentions: &[Vec<Mention>]) -> String {
    let mut text = String::new();
    for (doc, mentions) in file.documents.iter().zip(mentions) {
        let _ = writeln!(text, "#begin document ({}); part {:03}", doc.id, doc.part);
        let mut cells = cells(doc.word_count(), mentions).into_iter();
        for sentence in doc.sentences() {
            for row in sentence {
                let _ = writeln!(text, "{}{}", row.without_coref(), cells.next().unwrap());
            }
            text.push('\n');
        }
        text.push_str("#end document\n");
    }
    text
}

#[test]
fn ontogum_keys_against_perturbed_responses_agree_with_the_reference() {
    let Some(scorer) = reference_scorer() else { return };
    let data = workspace().join("../shared/data/gum/ontogum");
    if !data.is_dir() {
        eprintln!("skipping: no OntoGUM data at {}", data.display());
        return;
    }
    let dir = scratch("reference-ontogum");
    let mut runner = TestRunner::deterministic();
    let (mut compared, mut failures) = (0, Vec::new());
    for split in ["dev", "test"] {
        let key = read_path(&data.join(format!("{split}.conll2012.gz")), ReadOptions::default()).unwrap();
        let key_mentions: Vec<Vec<Mention>> = key
            .documents
            .iter()
            .map(|d| d.mentions().iter().map(|m| (m.entity, m.words)).collect())
            .collect();
        let key_path = dir.join(format!("{split}.key"));
        std::fs::write(&key_path, write_with(&key, &key_mentions)).unwrap();
        for level in [0.0, 0.1, 0.4] {
            let rng = runner.rng();
            let mut repeat_budget = 2;
            let response: Vec<Vec<Mention>> = key
                .documents
                .iter()
                .zip(&key_mentions)
                .map(|(doc, mentions)| perturb(rng, doc.word_count(), mentions, level, &mut repeat_budget))
                .collect();
            let response_path = dir.join(format!("{split}-{level}.response"));
            std::fs::write(&response_path, write_with(&key, &response)).unwrap();
            compared += check_pair(&scorer, &key_path, &response_path, &mut failures);
        }
    }
    eprintln!("OntoGUM dev/test, 6 perturbed responses: {compared} numbers compared with the reference");
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}
