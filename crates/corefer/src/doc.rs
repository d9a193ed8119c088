//! The document model every stage reads and writes: original text, words, sentences, clusters.
//!
//! Design decision: the original text is the single source of truth and every word is a span *into* it
//! (bytes and chars both), never a copy. Whatever produced the words (our tokenizer, a CoNLL file whose
//! text we rebuild by joining words with spaces), offsets of mentions are then exact by construction, and
//! `&doc.text[word.bytes]` always gives the word back. A [`Document`] is validated once when built, so the
//! later stages index without re-checking.

use serde::Serialize;

use crate::span::{ByteSpan, CharSpan, WordSpan};

/// One word (token) of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Word {
    /// Where the word lies in the document's text, in UTF-8 bytes (`&text[bytes]` is the word).
    pub bytes: ByteSpan,
    /// The same extent in chars (Python `str` indices).
    pub chars: CharSpan,
    /// Index of the sentence holding the word.
    pub sentence: usize,
}

/// One sentence: a contiguous, non-empty run of words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// The words of the sentence (indices into [`Document::words`]).
    pub words: WordSpan,
    /// Who speaks it, where the input names a speaker (CoNLL-2012 column 10, `# speaker`, JSONL `speakers`).
    pub speaker: Option<String>,
}

/// A mention: a run of words, with its exact extent in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Mention {
    /// The words of the mention.
    pub words: WordSpan,
    /// Its extent in the document's text in UTF-8 bytes, from its first word's start to its last word's end.
    pub bytes: ByteSpan,
    /// The same extent in chars (Python `str` indices).
    pub chars: CharSpan,
}

/// Mentions of one entity, in text order.
pub type Cluster = Vec<Mention>;

/// Why a document could not be built from the given pieces.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocError {
    /// A word's byte span is not on char boundaries of the text or lies outside it.
    #[error("word {index} at bytes {start}..{end} is not on char boundaries of the text or lies outside it")]
    WordOutsideText {
        /// Index of the word.
        index: usize,
        /// Its first byte.
        start: usize,
        /// The byte after it.
        end: usize,
    },
    /// A word is empty or starts before the previous one ends.
    #[error("word {index} at byte {start} is empty or starts before the previous word ends")]
    WordsOutOfOrder {
        /// Index of the word.
        index: usize,
        /// Its first byte.
        start: usize,
    },
    /// The sentence lengths do not cover the words in order.
    #[error("sentences must be non-empty and cover words 0..{words} in order; sentence {index} does not")]
    BadSentences {
        /// Index of the first sentence that does not fit.
        index: usize,
        /// How many words the document has.
        words: usize,
    },
    /// A mention's word span is empty or lies past the document's words.
    #[error("mention at words {start}..{end} is empty or lies outside the {words} words of the document")]
    MentionOutsideWords {
        /// Its first word.
        start: usize,
        /// The word after it.
        end: usize,
        /// How many words the document has.
        words: usize,
    },
    /// The text has more words than the limit (checked while splitting, before the words fill memory).
    #[error("more than {max} words ({knob} {max}); split the document or raise the limit")]
    TooManyWords {
        /// The limit.
        max: usize,
        /// How the caller's users raise it ([`crate::Limits::max_words_knob`]).
        knob: &'static str,
    },
    /// One word is longer than the limit (binary data without spaces, say).
    #[error(
        "word at byte {start} (line {line}) is {len} bytes long, more than {knob} {max} \
         (no spaces in binary data?); raise the limit to accept it"
    )]
    WordTooLong {
        /// Byte offset of the word in the text.
        start: usize,
        /// 1-based line of the word.
        line: usize,
        /// Its length in UTF-8 bytes.
        len: usize,
        /// The limit.
        max: usize,
        /// How the caller's users raise it ([`crate::Limits::max_word_bytes_knob`]).
        knob: &'static str,
    },
}

/// A probability: a number in `[0, 1]` (never NaN), so records holding one can be `Eq`. Serialised as the
/// bare number.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "f32", into = "f32")]
pub struct Probability(f32);

impl Probability {
    /// `p` if it lies in `[0, 1]`.
    pub fn new(p: f32) -> Option<Probability> {
        (0.0..=1.0).contains(&p).then_some(Probability(p))
    }

    /// The number.
    pub fn get(self) -> f32 {
        self.0
    }
}

impl Eq for Probability {} // never NaN: `new` refuses it

impl TryFrom<f32> for Probability {
    type Error = String;

    fn try_from(p: f32) -> Result<Probability, String> {
        Probability::new(p).ok_or_else(|| format!("{p} is no probability (it must lie in [0, 1])"))
    }
}

impl From<Probability> for f32 {
    fn from(p: Probability) -> f32 {
        p.0
    }
}

/// A document: text, words, sentences and (once resolved) coreference clusters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document's name (a file name, a JSONL `id`, a CoNLL document id; may be empty).
    pub id: String,
    text: String,
    words: Vec<Word>,
    sentences: Vec<Sentence>,
    clusters: Vec<Cluster>,
    /// The model's confidence in pronoun links, by mention, sorted by span.
    confidence: Vec<(WordSpan, Probability)>,
}

impl Document {
    /// Builds a document from its text, the byte spans of its words (in order, non-overlapping,
    /// non-empty) and the number of words in each sentence (with an optional speaker).
    pub fn new(
        id: impl Into<String>,
        text: impl Into<String>,
        word_bytes: &[ByteSpan],
        sentences: Vec<(usize, Option<String>)>,
    ) -> Result<Self, DocError> {
        let text = text.into();
        let mut words = Vec::with_capacity(word_bytes.len());
        let (mut prev_end, mut char_pos, mut byte_pos) = (0, 0, 0);
        for (index, &bytes) in word_bytes.iter().enumerate() {
            let (start, end) = (bytes.start(), bytes.end());
            if bytes.slice(&text).is_none() {
                return Err(DocError::WordOutsideText { index, start, end });
            }
            if bytes.is_empty() || start < prev_end {
                return Err(DocError::WordsOutOfOrder { index, start });
            }
            char_pos += text[byte_pos..start].chars().count();
            let chars = CharSpan::at(char_pos, text[start..end].chars().count());
            char_pos = chars.end();
            byte_pos = end;
            prev_end = end;
            words.push(Word { bytes, chars, sentence: 0 });
        }
        let mut spans = Vec::with_capacity(sentences.len());
        let mut first = 0;
        for (index, (len, speaker)) in sentences.into_iter().enumerate() {
            if len == 0 || first + len > words.len() {
                return Err(DocError::BadSentences { index, words: words.len() });
            }
            for word in &mut words[first..first + len] {
                word.sentence = index;
            }
            spans.push(Sentence { words: WordSpan::at(first, len), speaker });
            first += len;
        }
        if first != words.len() {
            return Err(DocError::BadSentences { index: spans.len(), words: words.len() });
        }
        Ok(Document {
            id: id.into(),
            text,
            words,
            sentences: spans,
            clusters: Vec::new(),
            confidence: Vec::new(),
        })
    }

    /// Builds a document from pre-tokenised sentences (as in CoNLL files): the text is the words joined
    /// by single spaces, sentences separated by a newline.
    pub fn from_sentences<S: AsRef<str>>(
        id: impl Into<String>,
        sentences: &[(Vec<S>, Option<String>)],
    ) -> Result<Self, DocError> {
        let mut text = String::new();
        let mut spans = Vec::new();
        let mut lens = Vec::with_capacity(sentences.len());
        for (words, speaker) in sentences {
            if !text.is_empty() {
                text.push('\n');
            }
            for (i, word) in words.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                spans.push(ByteSpan::at(text.len(), word.as_ref().len()));
                text.push_str(word.as_ref());
            }
            lens.push((words.len(), speaker.clone()));
        }
        Document::new(id, text, &spans, lens)
    }

    /// The original text, exactly as given (every offset indexes it).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The words, in text order.
    pub fn words(&self) -> &[Word] {
        &self.words
    }

    /// The sentences, in text order, covering every word.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The coreference clusters (empty until resolved), each in text order, ordered by first mention.
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    /// The text of word `index`.
    pub fn word_text(&self, index: usize) -> &str {
        &self.text[self.words[index].bytes.range()]
    }

    /// The mention covering `words`, with its byte and char extent.
    pub fn mention(&self, words: WordSpan) -> Result<Mention, DocError> {
        let outside = || DocError::MentionOutsideWords {
            start: words.start(),
            end: words.end(),
            words: self.words.len(),
        };
        let (Some(first), Some(last)) =
            (self.words.get(words.start()), words.last().and_then(|l| self.words.get(l)))
        else {
            return Err(outside());
        };
        // Words are in text order (checked when the document was built), so neither span is inverted.
        Ok(Mention {
            words,
            bytes: ByteSpan::new(first.bytes.start(), last.bytes.end()).map_err(|_| outside())?,
            chars: CharSpan::new(first.chars.start(), last.chars.end()).map_err(|_| outside())?,
        })
    }

    /// The text a mention covers.
    pub fn mention_text(&self, mention: &Mention) -> &str {
        &self.text[mention.bytes.range()]
    }

    /// The model's confidence in the link of the mention at `words` (a third-person pronoun), if the
    /// clusters came from a model that gives one ([`crate::Prediction::confidence`]).
    pub fn confidence(&self, words: WordSpan) -> Option<Probability> {
        let i = self.confidence.binary_search_by_key(&words, |&(s, _)| s).ok()?;
        Some(self.confidence[i].1)
    }

    /// Sets clusters as [`Document::set_clusters`] does, with the model's confidence in some of their
    /// mentions' links (a model's [`crate::Prediction`]); confidences of spans that are no mention are
    /// dropped.
    pub fn set_scored_clusters(
        &mut self,
        clusters: Vec<Vec<WordSpan>>,
        mut confidence: Vec<(WordSpan, Probability)>,
    ) -> Result<(), DocError> {
        self.set_clusters(clusters)?;
        let mentions: std::collections::HashSet<WordSpan> =
            self.clusters.iter().flatten().map(|m| m.words).collect();
        confidence.retain(|(s, _)| mentions.contains(s));
        confidence.sort_by_key(|&(s, _)| s);
        confidence.dedup_by_key(|&mut (s, _)| s);
        self.confidence = confidence;
        Ok(())
    }

    /// Sets the clusters from word spans, normalised: each mention once (in the first cluster that names
    /// it), mentions in text order, clusters ordered by their first mention, empty clusters dropped. Any
    /// confidences of earlier clusters are dropped.
    pub fn set_clusters(&mut self, clusters: Vec<Vec<WordSpan>>) -> Result<(), DocError> {
        let mut seen = std::collections::HashSet::new();
        let mut built = Vec::with_capacity(clusters.len());
        for cluster in clusters {
            let mut mentions = Vec::with_capacity(cluster.len());
            for span in cluster {
                if seen.insert(span) {
                    mentions.push(self.mention(span)?);
                }
            }
            mentions.sort();
            if !mentions.is_empty() {
                built.push(mentions);
            }
        }
        built.sort_by_key(|c| c[0]);
        self.clusters = built;
        self.confidence.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(pairs: &[(usize, usize)]) -> Vec<ByteSpan> {
        pairs.iter().map(|&(s, e)| ByteSpan::new(s, e).unwrap()).collect()
    }

    #[test]
    fn char_offsets_follow_multibyte_text() {
        let text = "Zoë said: “hi”.";
        let doc = Document::new(
            "d",
            text,
            &spans(&[(0, 4), (5, 9), (9, 10), (11, 14), (14, 16), (16, 19), (19, 20)]),
            vec![(7, None)],
        );
        let doc = doc.unwrap();
        let words: Vec<_> = (0..7).map(|i| doc.word_text(i)).collect();
        assert_eq!(words, ["Zoë", "said", ":", "“", "hi", "”", "."]);
        let chars: Vec<_> = doc.words().iter().map(|w| (w.chars.start(), w.chars.end())).collect();
        assert_eq!(chars, [(0, 3), (4, 8), (8, 9), (10, 11), (11, 13), (13, 14), (14, 15)]);
    }

    #[test]
    fn bad_pieces_are_refused() {
        assert!(matches!(
            Document::new("d", "é", &spans(&[(0, 1)]), vec![(1, None)]),
            Err(DocError::WordOutsideText { .. })
        ));
        assert!(matches!(
            Document::new("d", "ab", &spans(&[(0, 2), (1, 2)]), vec![(2, None)]),
            Err(DocError::WordsOutOfOrder { .. })
        ));
        assert!(matches!(
            Document::new("d", "ab", &spans(&[(0, 2)]), vec![(2, None)]),
            Err(DocError::BadSentences { .. })
        ));
    }

    #[test]
    fn clusters_are_normalised() {
        let sents = [(vec!["Kim", "saw", "her", "dog", "."], None), (vec!["It", "barked", "."], None)];
        let mut doc = Document::from_sentences("d", &sents).unwrap();
        assert_eq!(doc.text(), "Kim saw her dog .\nIt barked .");
        let w = |s, e| WordSpan::new(s, e).unwrap();
        doc.set_clusters(vec![vec![w(5, 6), w(2, 4)], vec![w(2, 3), w(0, 1), w(0, 1)], vec![]]).unwrap();
        let texts: Vec<Vec<_>> =
            doc.clusters().iter().map(|c| c.iter().map(|m| doc.mention_text(m)).collect()).collect();
        assert_eq!(texts, [vec!["Kim", "her"], vec!["her dog", "It"]]);
        assert!(doc.set_clusters(vec![vec![w(7, 9)]]).is_err());
        let sure = |p| Probability::new(p).unwrap();
        doc.set_scored_clusters(
            vec![vec![w(0, 1), w(5, 6)]],
            vec![(w(5, 6), sure(0.75)), (w(3, 4), sure(0.5))],
        )
        .unwrap();
        assert_eq!(
            (doc.confidence(w(5, 6)), doc.confidence(w(3, 4))),
            (Some(sure(0.75)), None),
            "no mention"
        );
        doc.set_clusters(vec![vec![w(0, 1), w(5, 6)]]).unwrap();
        assert_eq!(doc.confidence(w(5, 6)), None, "new clusters drop the old confidences");
        assert_eq!((Probability::new(1.5), Probability::new(f32::NAN)), (None, None));
        assert!(serde_json::from_str::<Probability>("-0.1").is_err());
    }
}
