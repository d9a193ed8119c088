//! The clusters a rewrite works on, checked against the text once: [`MentionSet`].
//!
//! Design decision: clusters come from anywhere (our models, another system, a person), so they are
//! checked when the set is built and the rest of the rewriter relies on the type: every mention is
//! non-empty, lies on char boundaries and word boundaries, appears once in one cluster, and no two
//! mentions cross. Two policies share one checker: [`MentionSet::from_given`] (clusters given by a user)
//! *refuses* the first bad mention with an error naming it, while [`MentionSet::from_document`] (clusters
//! from a model, already word-aligned and unique) *skips* crossing mentions and reports what it skipped,
//! because a corpus run must never die on one odd prediction.

use std::fmt;

use crate::doc::{Document, Probability};
use crate::span::{ByteSpan, CharSpan, Offsets, TextSpan};

/// A mention given from outside, unchecked: its offsets as written and the text it should read there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Given<'a> {
    /// Where the mention is said to lie.
    pub offsets: Offsets,
    /// What it is said to read.
    pub text: &'a str,
}

/// Names one mention of the input: which cluster, which mention in it, where, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRef {
    /// Index of the cluster among the input clusters.
    pub cluster: usize,
    /// Index of the mention in its cluster.
    pub mention: usize,
    /// Where the mention lies, in chars, as given (raw numbers: a mention given with its start after its
    /// end must still be named as it was written).
    pub start: usize,
    /// The end, in chars, as given.
    pub end: usize,
    /// What it says.
    pub text: String,
}

impl fmt::Display for MentionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cluster {} mention {} (chars {}..{}, {:?})",
            self.cluster, self.mention, self.start, self.end, self.text
        )
    }
}

/// What is wrong with one mention of a clusters record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MentionProblem {
    /// Its char range is empty (`start == end`) or inverted (`start > end`).
    #[error("is empty")]
    Empty,
    /// Its char range ends after the last char of the text.
    #[error("ends past the end of the text ({chars} chars)")]
    OutOfRange {
        /// The length of the text in chars.
        chars: usize,
    },
    /// Its byte offsets are not where its char offsets put it.
    #[error("has byte offsets {start_byte}..{end_byte}, but its chars lie at bytes {expected_start}..{expected_end}")]
    BytesDisagree {
        /// The start byte as given (`start_byte`).
        start_byte: usize,
        /// The end byte as given (`end_byte`, exclusive).
        end_byte: usize,
        /// The byte where its start char lies in the text.
        expected_start: usize,
        /// The byte where its end char lies in the text (exclusive).
        expected_end: usize,
    },
    /// Its `text` differs from what the text reads at its offsets.
    #[error("does not match the text, which reads {found:?} there")]
    TextDiffers {
        /// What the text reads at the mention's offsets.
        found: String,
    },
    /// It starts or ends between two letters or digits of one word.
    #[error("starts or ends inside a word")]
    NotOnWordBoundary,
    /// Its first or last char is whitespace.
    #[error("starts or ends with whitespace")]
    EdgeWhitespace,
    /// It overlaps the named mention, which starts before it, without either enclosing the other.
    #[error("crosses {0}")]
    Crosses(Box<MentionRef>),
    /// It has the same extent as the named mention (in the same cluster or another).
    #[error("is listed twice, also as {0}")]
    Duplicate(Box<MentionRef>),
}

/// A clusters record that does not fit the text it is applied to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{mention} {problem}")]
pub struct ClusterError {
    /// The first mention refused, as the record gives it.
    pub mention: MentionRef,
    /// Why it was refused.
    pub problem: MentionProblem,
}

/// A model-output mention left out of the rewrite, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The mention left out.
    pub mention: MentionRef,
    /// Why: it crosses or repeats a mention kept before it.
    pub problem: MentionProblem,
}

/// Checked clusters over one text. Cluster ids are the indices of the input clusters (a cluster whose
/// mentions were all skipped stays, empty, so ids still match the input).
#[derive(Debug, Clone)]
pub struct MentionSet<'t> {
    text: &'t str,
    clusters: Vec<Vec<TextSpan>>,
    sentence_starts: Option<Vec<usize>>,
    /// Mention starts in ascending order, and for each the furthest end among mentions starting there
    /// or before: answers "does any mention cover this byte" by binary search.
    starts: Vec<usize>,
    reach: Vec<usize>,
    /// The model's confidence in mentions' links, sorted by span (from a document only).
    confidence: Vec<(ByteSpan, Probability)>,
}

impl<'t> MentionSet<'t> {
    /// Checks clusters given from outside (a clusters record) against `text`; refuses the first mention
    /// that does not fit.
    pub fn from_given(text: &'t str, given: &[Vec<Given<'_>>]) -> Result<Self, ClusterError> {
        let char_bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let mut clusters = Vec::with_capacity(given.len());
        for (c, cluster) in given.iter().enumerate() {
            let mut located = Vec::with_capacity(cluster.len());
            for (m, mention) in cluster.iter().enumerate() {
                let problem = |problem| ClusterError { mention: record_ref(c, m, mention), problem };
                let at = locate_record(text, &char_bytes, mention).map_err(problem)?;
                check_edges(text, at.bytes).map_err(problem)?;
                located.push(at);
            }
            clusters.push(located);
        }
        let order = ordered(&clusters);
        if let Some((a, b, problem)) = first_conflict(&clusters, &order).next() {
            let other = Box::new(located_ref(text, &clusters, a));
            let problem = match problem {
                Conflict::Crossing => MentionProblem::Crosses(other),
                Conflict::Duplicate => MentionProblem::Duplicate(other),
            };
            return Err(ClusterError { mention: located_ref(text, &clusters, b), problem });
        }
        for cluster in &mut clusters {
            cluster.sort();
        }
        Ok(MentionSet::new(text, clusters, None))
    }

    /// Takes a document's clusters (from a model); mentions that cross an earlier one are skipped.
    pub fn from_document(doc: &'t Document) -> (Self, Vec<Skipped>) {
        let mut clusters: Vec<Vec<TextSpan>> = doc
            .clusters()
            .iter()
            .map(|c| c.iter().map(|m| TextSpan { bytes: m.bytes, chars: m.chars }).collect())
            .collect();
        let order = ordered(&clusters);
        let mut dropped: Vec<(usize, usize)> = Vec::new();
        let mut skipped = Vec::new();
        for (a, b, conflict) in first_conflict(&clusters, &order) {
            let other = Box::new(located_ref(doc.text(), &clusters, a));
            let problem = match conflict {
                Conflict::Crossing => MentionProblem::Crosses(other),
                Conflict::Duplicate => MentionProblem::Duplicate(other),
            };
            skipped.push(Skipped { mention: located_ref(doc.text(), &clusters, b), problem });
            dropped.push(b);
        }
        dropped.sort_unstable_by(|x, y| y.cmp(x));
        for (c, m) in dropped {
            clusters[c].remove(m);
        }
        let starts = doc.sentences().iter().map(|s| doc.words()[s.words.start()].bytes.start()).collect();
        let mut set = MentionSet::new(doc.text(), clusters, Some(starts));
        set.confidence = doc
            .clusters()
            .iter()
            .flatten()
            .filter_map(|m| Some((m.bytes, doc.confidence(m.words)?)))
            .collect();
        set.confidence.sort_unstable_by_key(|&(at, _)| at);
        (set, skipped)
    }

    fn new(text: &'t str, clusters: Vec<Vec<TextSpan>>, sentence_starts: Option<Vec<usize>>) -> Self {
        let mut spans: Vec<(usize, usize)> =
            clusters.iter().flatten().map(|m| (m.bytes.start(), m.bytes.end())).collect();
        spans.sort_unstable();
        let starts = spans.iter().map(|s| s.0).collect();
        let reach = spans
            .iter()
            .scan(0, |furthest, s| {
                *furthest = s.1.max(*furthest);
                Some(*furthest)
            })
            .collect();
        MentionSet { text, clusters, sentence_starts, starts, reach, confidence: Vec::new() }
    }

    /// The model's confidence in the link of the mention at `at`, when the clusters came from a model
    /// that gives one.
    pub fn confidence(&self, at: ByteSpan) -> Option<Probability> {
        let i = self.confidence.binary_search_by_key(&at, |&(s, _)| s).ok()?;
        Some(self.confidence[i].1)
    }

    /// Whether some mention covers byte `at`.
    pub fn covered(&self, at: usize) -> bool {
        let starting_by = self.starts.partition_point(|&s| s <= at);
        starting_by > 0 && self.reach[starting_by - 1] > at
    }

    /// The whole text the mentions lie in.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Clusters of mentions, each in text order, indexed by cluster id.
    pub fn clusters(&self) -> &[Vec<TextSpan>] {
        &self.clusters
    }

    /// The text of a mention.
    pub fn slice(&self, at: ByteSpan) -> &'t str {
        &self.text[at.range()]
    }

    /// Sentence starts (byte offsets) when the text was split into sentences, `None` for a bare text.
    pub fn sentence_starts(&self) -> Option<&[usize]> {
        self.sentence_starts.as_deref()
    }
}

fn record_ref(cluster: usize, mention: usize, record: &Given<'_>) -> MentionRef {
    let at = record.offsets;
    MentionRef { cluster, mention, start: at.start, end: at.end, text: record.text.to_string() }
}

fn located_ref(text: &str, clusters: &[Vec<TextSpan>], (c, m): (usize, usize)) -> MentionRef {
    let at = clusters[c][m];
    MentionRef {
        cluster: c,
        mention: m,
        start: at.chars.start(),
        end: at.chars.end(),
        text: text[at.bytes.range()].to_string(),
    }
}

/// Finds where a record's mention lies, checking its char range, byte offsets and text.
fn locate_record(text: &str, char_bytes: &[usize], record: &Given<'_>) -> Result<TextSpan, MentionProblem> {
    let at = record.offsets;
    let chars = CharSpan::new(at.start, at.end).map_err(|_| MentionProblem::Empty)?;
    if chars.is_empty() {
        return Err(MentionProblem::Empty);
    }
    let (Some(&start), Some(&end)) = (char_bytes.get(at.start), char_bytes.get(at.end)) else {
        return Err(MentionProblem::OutOfRange { chars: char_bytes.len() - 1 });
    };
    if (at.start_byte, at.end_byte) != (start, end) {
        return Err(MentionProblem::BytesDisagree {
            start_byte: at.start_byte,
            end_byte: at.end_byte,
            expected_start: start,
            expected_end: end,
        });
    }
    let found = &text[start..end];
    if found != record.text {
        return Err(MentionProblem::TextDiffers { found: found.to_string() });
    }
    // `chars` is a span and `char_bytes` ascends, so `start <= end`.
    let bytes = ByteSpan::new(start, end).map_err(|_| MentionProblem::Empty)?;
    Ok(TextSpan { bytes, chars })
}

/// Refuses a mention that starts or ends inside a word, or at whitespace.
fn check_edges(text: &str, at: ByteSpan) -> Result<(), MentionProblem> {
    let inner = &text[at.range()];
    let (first, last) = (inner.chars().next(), inner.chars().next_back());
    if first.is_some_and(char::is_whitespace) || last.is_some_and(char::is_whitespace) {
        return Err(MentionProblem::EdgeWhitespace);
    }
    let before = text[..at.start()].chars().next_back();
    let after = text[at.end()..].chars().next();
    let joined = |a: Option<char>, b: Option<char>| {
        a.zip(b).is_some_and(|(a, b)| a.is_alphanumeric() && b.is_alphanumeric())
    };
    if joined(before, first) || joined(last, after) {
        return Err(MentionProblem::NotOnWordBoundary);
    }
    Ok(())
}

/// Mention addresses `(cluster, index)` sorted outer-first: by start, then longest first.
fn ordered(clusters: &[Vec<TextSpan>]) -> Vec<(usize, usize)> {
    let mut order: Vec<(usize, usize)> =
        clusters.iter().enumerate().flat_map(|(c, ms)| (0..ms.len()).map(move |m| (c, m))).collect();
    order.sort_by_key(|&(c, m)| {
        let at = clusters[c][m].bytes;
        (at.start(), std::cmp::Reverse(at.end()), c, m)
    });
    order
}

enum Conflict {
    Crossing,
    Duplicate,
}

/// Yields `(earlier, later, conflict)` for each mention that crosses or repeats one kept before it in
/// `order`; a mention found in conflict is not kept, so later mentions are judged without it.
fn first_conflict<'a>(
    clusters: &'a [Vec<TextSpan>],
    order: &'a [(usize, usize)],
) -> impl Iterator<Item = ((usize, usize), (usize, usize), Conflict)> + 'a {
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut previous: Option<(usize, usize)> = None;
    order.iter().filter_map(move |&id| {
        let at = clusters[id.0][id.1].bytes;
        if let Some(prev) = previous.filter(|p| clusters[p.0][p.1].bytes == at) {
            return Some((prev, id, Conflict::Duplicate));
        }
        while open.last().is_some_and(|o| clusters[o.0][o.1].bytes.end() <= at.start()) {
            open.pop();
        }
        if let Some(&outer) = open.last().filter(|o| clusters[o.0][o.1].bytes.end() < at.end()) {
            return Some((outer, id, Conflict::Crossing));
        }
        open.push(id);
        previous = Some(id);
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{ClustersRecord, MentionRecord};
    use crate::span::WordSpan;

    fn record(text: &str, clusters: &[&[(usize, usize)]]) -> ClustersRecord {
        let char_bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let mention = |&(s, e): &(usize, usize)| MentionRecord {
            offsets: Offsets { start: s, end: e, start_byte: char_bytes[s], end_byte: char_bytes[e] },
            text: text[char_bytes[s]..char_bytes[e]].to_string(),
        };
        ClustersRecord {
            id: "t".into(),
            clusters: clusters.iter().map(|c| c.iter().map(mention).collect()).collect(),
        }
    }

    fn refusal(text: &str, rec: &ClustersRecord) -> String {
        rec.mention_set(text).unwrap_err().to_string()
    }

    #[test]
    fn well_formed_record_is_taken_with_multibyte_offsets() {
        let text = "Zoë saw her dog; it ran.";
        let set = record(text, &[&[(8, 11), (0, 3)], &[(8, 15), (17, 19)]]).mention_set(text).unwrap();
        let texts: Vec<Vec<&str>> =
            set.clusters().iter().map(|c| c.iter().map(|m| set.slice(m.bytes)).collect()).collect();
        assert_eq!(texts, [vec!["Zoë", "her"], vec!["her dog", "it"]]);
    }

    #[test]
    fn out_of_range_mention_is_named() {
        let text = "Kim ran.";
        let mut rec = record(text, &[&[(0, 3)]]);
        rec.clusters[0].push(MentionRecord {
            offsets: Offsets { start: 4, end: 20, start_byte: 4, end_byte: 20 },
            text: "x".into(),
        });
        assert_eq!(
            refusal(text, &rec),
            "cluster 0 mention 1 (chars 4..20, \"x\") ends past the end of the text (8 chars)"
        );
    }

    #[test]
    fn bytes_off_char_boundaries_are_refused() {
        let text = "Zoë ran";
        let mut rec = record(text, &[&[(0, 3)]]);
        rec.clusters[0][0].offsets.end_byte = 3;
        assert!(refusal(text, &rec).contains("has byte offsets 0..3, but its chars lie at bytes 0..4"));
    }

    #[test]
    fn text_mismatch_inverted_and_empty_mentions_are_refused() {
        let text = "Kim ran.";
        let mut rec = record(text, &[&[(0, 3)]]);
        rec.clusters[0][0].text = "Tom".into();
        assert!(refusal(text, &rec).ends_with("does not match the text, which reads \"Kim\" there"));
        let mut rec = record(text, &[&[(0, 3)]]);
        rec.clusters[0][0].offsets.start = 5;
        assert!(refusal(text, &rec).ends_with("is empty"));
        assert!(refusal(text, &record(text, &[&[(3, 3)]])).ends_with("is empty"));
    }

    #[test]
    fn mid_word_and_whitespace_edges_are_refused() {
        let text = "Kimberly ran home.";
        assert!(refusal(text, &record(text, &[&[(0, 3)]])).ends_with("starts or ends inside a word"));
        assert!(refusal(text, &record(text, &[&[(8, 12)]])).ends_with("starts or ends with whitespace"));
    }

    #[test]
    fn crossing_and_duplicate_mentions_are_named() {
        let text = "the cat of the dog ran";
        let crossing = refusal(text, &record(text, &[&[(0, 7)], &[(4, 14)]]));
        assert_eq!(crossing, "cluster 1 mention 0 (chars 4..14, \"cat of the\") crosses cluster 0 mention 0 (chars 0..7, \"the cat\")");
        let twice = refusal(text, &record(text, &[&[(0, 7)], &[(0, 7)]]));
        assert!(
            twice.starts_with("cluster 1 mention 0") && twice.contains("is listed twice, also as cluster 0")
        );
        assert!(record(text, &[&[(0, 18)], &[(4, 7), (15, 18)]]).mention_set(text).is_ok());
    }

    #[test]
    fn coverage_of_a_byte_by_any_mention() {
        let text = "the cat of the dog ran";
        let set = record(text, &[&[(0, 18)], &[(4, 7)]]).mention_set(text).unwrap();
        assert!(set.covered(0) && set.covered(17) && set.covered(5));
        assert!(!set.covered(18) && !set.covered(20));
        let set = record(text, &[&[(4, 7), (11, 18)]]).mention_set(text).unwrap();
        assert!(!set.covered(0) && !set.covered(8) && set.covered(11));
    }

    #[test]
    fn model_output_crossing_mentions_are_skipped_not_fatal() {
        let sents = [(vec!["the", "cat", "of", "the", "dog", "ran"], None)];
        let mut doc = Document::from_sentences("d", &sents).unwrap();
        let w = |s, e| WordSpan::new(s, e).unwrap();
        doc.set_clusters(vec![vec![w(0, 2), w(3, 5)], vec![w(1, 4)]]).unwrap();
        let (set, skipped) = MentionSet::from_document(&doc);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].mention.text, "cat of the");
        assert_eq!(set.clusters()[0].len(), 2);
        assert!(set.clusters()[1].is_empty());
        assert_eq!(set.sentence_starts(), Some(&[0][..]));
    }
}
