//! How closely the tokenizer agrees with gold CoNLL-U tokenization: token- and sentence-boundary counts.
//!
//! Design decision: the gold side is a raw text rebuilt from the `# text =` lines (sentences of a
//! paragraph joined by a space, paragraphs by a blank line) with each gold *word* located in it; both
//! sides are then sets of byte spans (tokens) and byte offsets (sentence ends) over that one text, so
//! agreement is plain set intersection. Multiword tokens count as their words ("ca" + "n't"), the PTB
//! convention the tokenizer follows. The end of the document is not counted as a sentence boundary.

use std::collections::HashSet;
use std::hash::Hash;

use crate::doc::DocError;
use crate::io::conllu::ConlluDocument;

use crate::tokenize::tokenize;

/// Token spans and sentence ends, as byte offsets into one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Boundaries {
    /// Each token as its byte range `(start, end)`, end exclusive.
    pub tokens: HashSet<(usize, usize)>,
    /// The byte offset just after each sentence's last token, except at the end of the text.
    pub sentence_ends: HashSet<usize>,
}

/// A document's rebuilt raw text and its gold boundaries.
#[derive(Debug, Clone)]
pub struct Gold {
    /// The raw text: each sentence's `# text` (or its words joined by spaces), sentences joined by a space
    /// and paragraphs by a blank line.
    pub text: String,
    /// The gold words and sentence ends, as byte offsets into `text`.
    pub boundaries: Boundaries,
    /// Gold words that could not be found in the `# text` lines (left out of `boundaries`, so they count
    /// in neither recall nor precision).
    pub unplaced: usize,
}

/// Rebuilds the raw text of `doc` and locates its gold words and sentence ends in it.
pub fn gold(doc: &ConlluDocument) -> Gold {
    let mut text = String::new();
    let mut boundaries = Boundaries::default();
    let mut unplaced = 0;
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
            let rest = &sentence_text[pos..];
            let skipped = rest.len() - rest.trim_start().len();
            if rest[skipped..].starts_with(word) {
                let start = base + pos + skipped;
                boundaries.tokens.insert((start, start + word.len()));
                pos += skipped + word.len();
                last_end = Some(start + word.len());
            } else {
                unplaced += 1;
            }
        }
        boundaries.sentence_ends.extend(last_end);
    }
    boundaries.sentence_ends.remove(&text.trim_end().len());
    Gold { text, boundaries, unplaced }
}

/// The tokenizer's boundaries for `text`.
pub fn predicted(text: &str) -> Result<Boundaries, DocError> {
    let doc = tokenize("", text)?;
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

/// Gold, predicted and correct counts of one kind of boundary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Boundaries in the gold annotation.
    pub gold: usize,
    /// Boundaries the tokenizer produced.
    pub predicted: usize,
    /// Boundaries found on both sides.
    pub correct: usize,
}

impl Counts {
    /// Adds one document's gold and predicted boundaries of this kind.
    pub fn add<T: Eq + Hash>(&mut self, gold: &HashSet<T>, predicted: &HashSet<T>) {
        self.gold += gold.len();
        self.predicted += predicted.len();
        self.correct += gold.intersection(predicted).count();
    }

    /// The fraction of predicted boundaries that are gold, in [0, 1]; 0 when none is predicted.
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.predicted.max(1) as f64
    }

    /// The fraction of gold boundaries that are predicted, in [0, 1]; 0 when there is none.
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }

    /// The harmonic mean of precision and recall, in [0, 1]; 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

/// Agreement over a set of documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Agreement {
    /// How many documents were added.
    pub documents: usize,
    /// Token boundaries: a token is correct when its byte range matches a gold word's exactly.
    pub tokens: Counts,
    /// Sentence boundaries: sentence ends at the same byte offset (the end of a text not counted).
    pub sentences: Counts,
    /// Gold words that could not be found in their sentence's text, summed over the documents; they are
    /// left out of the token counts.
    pub unplaced: usize,
}

impl Agreement {
    /// Adds one document's gold and predicted boundaries.
    pub fn add(&mut self, gold: &Gold, predicted: &Boundaries) {
        self.documents += 1;
        self.unplaced += gold.unplaced;
        self.tokens.add(&gold.boundaries.tokens, &predicted.tokens);
        self.sentences.add(&gold.boundaries.sentence_ends, &predicted.sentence_ends);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::conllu::parse;

    #[test]
    fn counts_tokens_and_sentence_ends_in_the_rebuilt_text() {
        let conllu = "# text = Kim's here.\n1-2\tKim's\t_\t_\t_\t_\t_\t_\t_\t_\n\
            1\tKim\t_\t_\t_\t_\t0\troot\t_\t_\n2\t's\t_\t_\t_\t_\t1\tdep\t_\t_\n\
            3\there\t_\t_\t_\t_\t1\tdep\t_\tSpaceAfter=No\n4\t.\t_\t_\t_\t_\t1\tpunct\t_\t_\n\n\
            # newpar\n# text = Go\n1\tGo\t_\t_\t_\t_\t0\troot\t_\t_\n\n";
        let doc = parse("t", conllu).remove(0).unwrap();
        let gold = gold(&doc);
        assert_eq!(gold.text, "Kim's here.\n\nGo");
        assert_eq!(gold.boundaries.tokens.len(), 5);
        assert_eq!(gold.boundaries.sentence_ends, HashSet::from([11]));
        let mut agreement = Agreement::default();
        agreement.add(&gold, &predicted(&gold.text).unwrap());
        assert_eq!(agreement.tokens, Counts { gold: 5, predicted: 5, correct: 5 });
        assert_eq!(agreement.sentences.f1(), 1.0);
    }
}
