//! Coreference evaluation with the semantics of the CoNLL reference scorer v8.01 (Pradhan et al. 2014):
//! MUC, B³, CEAFm, CEAFe, BLANC, plus LEA (Moosavi & Strube 2016), strict mention detection, the CoNLL F1
//! (mean of MUC, B³ and CEAFe F1) and pronoun-resolution accuracy.
//!
//! Design decision: each document is aligned once (`align`) into mention-id chains with the reference's
//! handling of duplicated and twinless mentions, every metric returns summable counts ([`Counts`]) for
//! that one document, and corpus, genre and document scores are sums of those counts — the reference's
//! micro-average. Documents are matched by (document id, part); a key document missing from the response
//! scores as an empty response, response documents absent from the key are ignored (with a warning).
//! Unlike the reference, which refuses to score a run with more than 10 repeated response mentions,
//! corefer scores any number of them (each handled as the reference handles the first ten).
//!
//! ```no_run
//! use corefer::eval::{evaluate, EvalOptions};
//! use corefer::io::conll2012::{read_path, ReadOptions};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let key = read_path("key.conll".as_ref(), ReadOptions::default())?;
//! let response = read_path("response.conll".as_ref(), ReadOptions::default())?;
//! let evaluation = evaluate(&key, &response, EvalOptions::default())?;
//! println!("CoNLL F1 {:.2}", 100.0 * evaluation.total.scores().conll_f1);
//! # Ok(()) }
//! ```

mod align;
mod bcub;
mod blanc;
mod ceaf;
mod counts;
mod lea;
mod muc;
mod pronouns;
mod rewrites;
mod tokenizer;

use std::collections::{BTreeMap, HashMap};
use std::ops::AddAssign;
use std::path::PathBuf;

use serde::Serialize;

use crate::io::conll2012::{ConllDocument, ConllFile};
use crate::span::WordSpan;
use align::{align, Aligned};
use ceaf::Similarity;
pub use counts::{percent, BlancCounts, Counts, Prf};
pub use pronouns::{pronoun_accuracy, ClassCounts, PronounCounts};
pub use rewrites::{check_rewrites, RewriteCheck};
pub use tokenizer::{
    gold as gold_boundaries, predicted as predicted_boundaries, Agreement, Boundaries,
    Counts as BoundaryCounts, Gold,
};

/// What to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalOptions {
    /// Score singleton chains (on both sides); `false` drops them, as `--no-singletons`.
    pub singletons: bool,
    /// How the rewrite whose replacements are counted ([`check_rewrites`]) is made.
    pub rewrite: crate::rewrite::Options,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions { singletons: true, rewrite: crate::rewrite::Options::default() }
    }
}

/// Why two files could not be scored against each other.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// One file (key or response) has two documents with the same id and part.
    #[error("{path}: document ({id}; part {part}) appears twice; documents are matched by id and part")]
    DuplicateDocument {
        /// The file holding both ([`ConllFile::path`]).
        path: PathBuf,
        /// The repeated document id.
        id: String,
        /// The repeated part number.
        part: u32,
    },
}

/// The counts of every metric for some documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct MetricCounts {
    /// MUC: the links needed to rebuild each chain.
    pub muc: Counts,
    /// B³: per-mention overlap of the mention's key and response chains.
    pub bcub: Counts,
    /// CEAFm: the best one-to-one chain alignment, chains compared by shared mentions.
    pub ceafm: Counts,
    /// CEAFe: the best one-to-one chain alignment, chains compared by entity similarity.
    pub ceafe: Counts,
    /// BLANC: coreference and non-coreference links, counted apart.
    pub blanc: BlancCounts,
    /// LEA: each entity weighted by its size, credited by the share of its links resolved.
    pub lea: Counts,
    /// Strict mention detection: response mentions with exactly a key mention's word span.
    pub mentions: Counts,
    /// Pronoun resolution and rewrite counts ([`evaluate`] fills them in; [`score_chains`] leaves them 0).
    pub pronouns: PronounCounts,
}

/// Recall, precision and F1 of every metric, and the CoNLL F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// MUC recall, precision and F1.
    pub muc: Prf,
    /// B³ recall, precision and F1.
    pub bcub: Prf,
    /// CEAFm (mention-based CEAF) recall, precision and F1.
    pub ceafm: Prf,
    /// CEAFe (entity-based CEAF) recall, precision and F1.
    pub ceafe: Prf,
    /// BLANC recall, precision and F1, combined from its two halves as [`BlancCounts::prf`] does.
    pub blanc: Prf,
    /// LEA recall, precision and F1.
    pub lea: Prf,
    /// Strict mention detection recall, precision and F1.
    pub mentions: Prf,
    /// The CoNLL F1: the mean of the MUC, B³ and CEAFe F1, in [0, 1].
    pub conll_f1: f64,
}

impl MetricCounts {
    /// Scores one aligned document (pronoun counts are added separately).
    pub(crate) fn of(aligned: &Aligned) -> Self {
        let mentions = aligned.matched as f64;
        MetricCounts {
            muc: muc::muc(aligned),
            bcub: bcub::bcub(aligned),
            ceafm: ceaf::ceaf(aligned, Similarity::Mention),
            ceafe: ceaf::ceaf(aligned, Similarity::Entity),
            blanc: blanc::blanc(aligned),
            lea: lea::lea(aligned),
            mentions: Counts::new(
                mentions,
                aligned.key_mentions as f64,
                mentions,
                aligned.response_mentions as f64,
            ),
            pronouns: PronounCounts::default(),
        }
    }

    /// Recall, precision and F1 of every metric from the summed counts, and the CoNLL F1.
    pub fn scores(&self) -> Scores {
        let (muc, bcub, ceafe) = (self.muc.prf(), self.bcub.prf(), self.ceafe.prf());
        Scores {
            muc,
            bcub,
            ceafm: self.ceafm.prf(),
            ceafe,
            blanc: self.blanc.prf(),
            lea: self.lea.prf(),
            mentions: self.mentions.prf(),
            conll_f1: (muc.f1 + bcub.f1 + ceafe.f1) / 3.0,
        }
    }
}

impl AddAssign for MetricCounts {
    fn add_assign(&mut self, other: MetricCounts) {
        self.muc += other.muc;
        self.bcub += other.bcub;
        self.ceafm += other.ceafm;
        self.ceafe += other.ceafe;
        self.blanc += other.blanc;
        self.lea += other.lea;
        self.mentions += other.mentions;
        self.pronouns += other.pronouns;
    }
}

/// One key document's result.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentResult {
    /// The key document's id ([`ConllDocument::id`]).
    pub id: String,
    /// The key document's part number ([`ConllDocument::part`]).
    pub part: u32,
    /// The document's counts of every metric (a missing response scores as an empty one).
    pub counts: MetricCounts,
    /// The response had no document of this id and part.
    pub missing: bool,
}

/// The result of scoring a response file against a key file.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Key documents in key order.
    pub documents: Vec<DocumentResult>,
    /// The counts summed over every key document (the corpus micro-average).
    pub total: MetricCounts,
    /// Missing and unknown documents, word-count mismatches.
    pub warnings: Vec<String>,
}

impl Evaluation {
    /// Counts summed per genre (see [`genre`]), genres in alphabetical order.
    pub fn by_genre(&self) -> BTreeMap<String, MetricCounts> {
        let mut genres: BTreeMap<String, MetricCounts> = BTreeMap::new();
        for document in &self.documents {
            *genres.entry(genre(&document.id).to_owned()).or_default() += document.counts;
        }
        genres
    }
}

/// The genre of a document id: its second `_`-separated field (`GUM_news_asylum` → `news`), or the whole
/// id when it has no such field.
pub fn genre(id: &str) -> &str {
    id.split('_').nth(1).unwrap_or(id)
}

/// Scores one document from its key and response chains (mentions as written, duplicates included).
pub fn score_chains(key: &[Vec<WordSpan>], response: &[Vec<WordSpan>], options: EvalOptions) -> MetricCounts {
    if options.singletons {
        MetricCounts::of(&align(key, response))
    } else {
        MetricCounts::of(&align(&align::without_singletons(key), &align::without_singletons(response)))
    }
}

/// Scores every key document against the response document of the same id and part.
pub fn evaluate(
    key: &ConllFile,
    response: &ConllFile,
    options: EvalOptions,
) -> Result<Evaluation, EvalError> {
    let keys = index(key)?;
    let responses = index(response)?;
    let mut warnings = Vec::new();
    let mut documents = Vec::with_capacity(key.documents.len());
    let mut total = MetricCounts::default();
    for doc in &key.documents {
        let found = responses.get(&(doc.id.as_str(), doc.part)).copied();
        let response_chains = found.map(ConllDocument::chains).unwrap_or_default();
        let mut counts = score_chains(&doc.chains(), &response_chains, options);
        match found {
            Some(r) => {
                counts.pronouns = pronoun_accuracy(doc, &r.clusters(), &options.rewrite);
                if r.word_count() != doc.word_count() {
                    warnings.push(format!(
                        "document ({}; part {}): key has {} words, response {}",
                        doc.id,
                        doc.part,
                        doc.word_count(),
                        r.word_count()
                    ));
                }
            }
            None => {
                counts.pronouns = pronoun_accuracy(doc, &[], &options.rewrite);
                warnings
                    .push(format!("document ({}; part {}) is missing from the response", doc.id, doc.part));
            }
        }
        total += counts;
        documents.push(DocumentResult {
            id: doc.id.clone(),
            part: doc.part,
            counts,
            missing: found.is_none(),
        });
    }
    for doc in &response.documents {
        if !keys.contains_key(&(doc.id.as_str(), doc.part)) {
            warnings
                .push(format!("document ({}; part {}) of the response is not in the key", doc.id, doc.part));
        }
    }
    Ok(Evaluation { documents, total, warnings })
}

fn index(file: &ConllFile) -> Result<HashMap<(&str, u32), &ConllDocument>, EvalError> {
    let mut index = HashMap::new();
    for doc in &file.documents {
        if index.insert((doc.id.as_str(), doc.part), doc).is_some() {
            return Err(EvalError::DuplicateDocument {
                path: file.path.clone(),
                id: doc.id.clone(),
                part: doc.part,
            });
        }
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::io::conll2012::{parse, ReadOptions};

    fn file(text: &str) -> ConllFile {
        parse(text, Path::new("t"), ReadOptions::default()).unwrap()
    }

    fn doc(id: &str, cells: &[&str]) -> String {
        let rows: String = cells.iter().enumerate().map(|(i, c)| format!("{id}\t0\t{i}\tw\t{c}\n")).collect();
        format!("#begin document ({id}); part 000\n{rows}#end document\n")
    }

    #[test]
    fn documents_are_matched_by_id_and_a_missing_one_scores_zero() {
        let key = file(&(doc("GUM_news_a", &["(0)", "(0)"]) + &doc("GUM_bio_b", &["(1)", "(1)"])));
        let response = file(&(doc("GUM_bio_b", &["(7)", "(7)"]) + &doc("GUM_news_z", &["-", "-"])));
        let evaluation = evaluate(&key, &response, EvalOptions::default()).unwrap();
        let news = &evaluation.documents[0];
        assert!(news.missing && news.counts.muc.recall_num == 0.0 && news.counts.muc.recall_den == 1.0);
        assert_eq!(evaluation.documents[1].counts.scores().conll_f1, 1.0);
        assert_eq!(evaluation.total.muc.prf().recall, 0.5);
        assert_eq!(evaluation.warnings.len(), 2, "{:?}", evaluation.warnings);
        let genres: Vec<_> = evaluation.by_genre().into_keys().collect();
        assert_eq!(genres, ["bio", "news"]);
    }

    #[test]
    fn duplicate_documents_are_refused() {
        let key = file(&(doc("a", &["-"]) + &doc("a", &["-"])));
        assert!(matches!(
            evaluate(&key, &key, EvalOptions::default()),
            Err(EvalError::DuplicateDocument { .. })
        ));
    }

    #[test]
    fn no_singletons_drops_them_on_both_sides() {
        let key = file(&doc("d", &["(0)", "(0)", "(1)", "-"]));
        let response = file(&doc("d", &["(0)", "(0)", "(2)", "(3)"]));
        let with = evaluate(&key, &response, EvalOptions::default()).unwrap().total;
        let without = evaluate(&key, &response, EvalOptions { singletons: false, ..EvalOptions::default() })
            .unwrap()
            .total;
        assert_eq!((with.mentions.recall_den, with.mentions.precision_den), (3.0, 4.0));
        assert_eq!((without.mentions.recall_den, without.mentions.precision_den), (2.0, 2.0));
        assert_eq!(without.scores().ceafe.f1, 1.0);
        assert!(with.scores().ceafe.precision < 1.0);
    }

    #[test]
    fn genre_is_the_second_field() {
        assert_eq!((genre("GUM_news_asylum"), genre("plain")), ("news", "plain"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// A partition of distinct one-to-three-word spans of a 30-word document.
    fn partition() -> impl Strategy<Value = Vec<Vec<WordSpan>>> {
        proptest::collection::btree_set((0..30usize, 1..4usize), 0..20).prop_flat_map(|spans| {
            let spans: Vec<WordSpan> =
                spans.into_iter().map(|(s, l)| WordSpan::new(s, s + l).unwrap()).collect();
            let n = spans.len();
            proptest::collection::vec(0..6usize, n).prop_map(move |labels| {
                let mut chains = vec![Vec::new(); 6];
                for (span, label) in spans.iter().zip(labels) {
                    chains[label].push(*span);
                }
                chains.retain(|c| !c.is_empty());
                chains
            })
        })
    }

    proptest! {
        #[test]
        fn a_key_scores_perfectly_against_itself(key in partition()) {
            let counts = score_chains(&key, &key, EvalOptions::default());
            let scores = counts.scores();
            if !key.is_empty() {
                for prf in [scores.muc, scores.bcub, scores.ceafm, scores.ceafe, scores.lea, scores.mentions] {
                    prop_assert!(prf.recall == 1.0 || prf == Prf::default(), "{:?}", scores);
                    prop_assert_eq!(prf.recall, prf.precision);
                }
                prop_assert_eq!(scores.bcub.f1, 1.0);
            }
            if key.iter().map(Vec::len).sum::<usize>() >= 2 {
                // With fewer than two mentions there is no link of either kind and BLANC is 0.
                prop_assert_eq!(scores.blanc.f1, 1.0);
            }
        }

        #[test]
        fn swapping_key_and_response_swaps_recall_and_precision(key in partition(), response in partition()) {
            let forward = score_chains(&key, &response, EvalOptions::default());
            let backward = score_chains(&response, &key, EvalOptions::default());
            for (f, b) in [
                (forward.muc, backward.muc),
                (forward.bcub, backward.bcub),
                (forward.ceafm, backward.ceafm),
                (forward.ceafe, backward.ceafe),
                (forward.lea, backward.lea),
                (forward.mentions, backward.mentions),
            ] {
                prop_assert!((f.recall_num - b.precision_num).abs() < 1e-9, "{:?} {:?}", f, b);
                prop_assert_eq!(f.recall_den, b.precision_den);
            }
        }
    }
}
