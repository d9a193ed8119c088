//! Tokenizer and sentence splitter for raw English text, close to GUM/PTB conventions.
//!
//! Design decision: the tokenizer never copies or normalises text; it returns byte spans into the input
//! and builds a [`Document`] from them, so `&text[word.bytes]` is always exactly the word, for any UTF-8
//! input (CRLF, tabs, NBSP, emoji, combining marks, right-to-left scripts). Words are split first
//! ([`words`]), sentences are decided on the words ([`sentences`]).

mod chars;
mod lexicon;
mod sentences;
mod words;

use crate::doc::{DocError, Document};

pub use sentences::split_sentences;
pub use words::split_words_limited;

/// Bounds on the words of one text, checked while the text is split, so a text past them is refused
/// before its words fill memory. `None`: no bound. A refusal names the setting that raises the bound as
/// the caller's users know it (the `*_knob` fields: the CLI puts its flags there, the library's own
/// names are the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most words of one text.
    pub max_words: Option<usize>,
    /// The most UTF-8 bytes of one word.
    pub max_word_bytes: Option<usize>,
    /// How `max_words` is raised, named in the refusal ("max_words"; the CLI: "--max-words").
    pub max_words_knob: &'static str,
    /// How `max_word_bytes` is raised, named in the refusal ("max_word_bytes"; the CLI: "--max-word-bytes").
    pub max_word_bytes_knob: &'static str,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::NONE
    }
}

impl Limits {
    /// No bounds.
    pub const NONE: Limits = Limits {
        max_words: None,
        max_word_bytes: None,
        max_words_knob: "max_words",
        max_word_bytes_knob: "max_word_bytes",
    };

    /// The first word of `doc` (already tokenised) that breaks the limits, as the error the tokenizer
    /// gives for it.
    pub fn check(&self, doc: &Document) -> Result<(), DocError> {
        let words = doc.words();
        if let Some(max) = self.max_words.filter(|&max| words.len() > max) {
            return Err(DocError::TooManyWords { max, knob: self.max_words_knob });
        }
        if let Some(max) = self.max_word_bytes {
            if let Some(word) = words.iter().find(|w| w.bytes.len() > max) {
                let start = word.bytes.start();
                let line = 1 + doc.text().as_bytes()[..start].iter().filter(|&&b| b == b'\n').count();
                let len = word.bytes.len();
                return Err(DocError::WordTooLong { start, line, len, max, knob: self.max_word_bytes_knob });
            }
        }
        Ok(())
    }
}

/// Tokenizes `text` into a [`Document`] with words and sentences (and no clusters yet).
pub fn tokenize(id: impl Into<String>, text: impl Into<String>) -> Result<Document, DocError> {
    tokenize_limited(id, text, Limits::NONE)
}

/// [`tokenize`], refusing a text past `limits` as soon as the tokenizer meets the offending word.
pub fn tokenize_limited(
    id: impl Into<String>,
    text: impl Into<String>,
    limits: Limits,
) -> Result<Document, DocError> {
    let text = text.into();
    let words = split_words_limited(&text, limits)?;
    let sentences = split_sentences(&text, &words).into_iter().map(|len| (len, None)).collect();
    Document::new(id, text, &words, sentences)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn builds_a_document_with_exact_offsets() {
        let text = "Zoë\u{a0}met Kim\r\nin Tel\tAviv. She’s “happy.”\n\nשלום! 😀";
        let doc = tokenize("d", text).unwrap();
        let words: Vec<_> = (0..doc.words().len()).map(|i| doc.word_text(i)).collect();
        assert_eq!(
            words,
            [
                "Zoë", "met", "Kim", "in", "Tel", "Aviv", ".", "She", "’s", "“", "happy", ".", "”", "שלום",
                "!", "😀"
            ]
        );
        let lengths: Vec<_> = doc.sentences().iter().map(|s| s.words.len()).collect();
        assert_eq!(lengths, [7, 6, 2, 1]);
        assert_eq!(doc.words()[1].chars.start(), 4, "NBSP counts as one char");
    }

    #[test]
    fn limits_refuse_a_text_at_the_offending_word() {
        let limits = |max_words, max_word_bytes| Limits { max_words, max_word_bytes, ..Limits::NONE };
        let err = tokenize_limited("d", "Ann met Bob.", limits(Some(3), None)).unwrap_err();
        assert_eq!(err.to_string(), "more than 3 words (max_words 3); split the document or raise the limit");
        assert_eq!(tokenize_limited("d", "Ann met Bob.", limits(Some(4), Some(3))).unwrap().words().len(), 4);
        let text = format!("Ann\nmet {}.", "x".repeat(5000));
        let err = tokenize_limited("d", text, limits(None, Some(4096))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "word at byte 8 (line 2) is 5000 bytes long, more than max_word_bytes 4096 \
             (no spaces in binary data?); raise the limit to accept it"
        );
        let doc = tokenize("d", "Ann met Bob.").unwrap();
        assert!(limits(Some(4), Some(3)).check(&doc).is_ok());
        assert!(matches!(limits(Some(3), None).check(&doc), Err(DocError::TooManyWords { max: 3, .. })));
        assert!(matches!(limits(None, Some(2)).check(&doc), Err(DocError::WordTooLong { start: 0, .. })));
    }

    #[test]
    fn a_leading_byte_order_mark_is_no_word() {
        let doc = tokenize("d", "\u{feff}Ann left.").unwrap();
        assert_eq!((doc.word_text(0), doc.words()[0].chars.start()), ("Ann", 1));
    }

    #[test]
    fn empty_and_blank_text_give_no_words() {
        assert!(tokenize("d", "").unwrap().words().is_empty());
        assert!(tokenize("d", " \r\n\t\u{a0}").unwrap().sentences().is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn offsets_are_exact_for_any_text(text in any::<String>()) {
            check_offsets(&text)?;
        }

        #[test]
        fn offsets_are_exact_for_texty_strings(
            text in "([A-Za-z0-9 .,;:!?'’`\"“”()\\-/@&$%\n\r\t\u{a0}\u{301}\u{200D}😀é]|n't|'s|U\\.S\\.|http://|www\\.){0,40}"
        ) {
            check_offsets(&text)?;
        }
    }

    fn check_offsets(text: &str) -> Result<(), TestCaseError> {
        let doc = tokenize("p", text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut prev_end = 0;
        for word in doc.words() {
            let slice = word.bytes.slice(text);
            prop_assert!(slice.is_some(), "word {:?} not on char boundaries", word.bytes);
            let slice = slice.unwrap_or_default();
            prop_assert!(!slice.is_empty() && word.bytes.start() >= prev_end);
            prop_assert!(!slice.chars().any(char::is_whitespace), "whitespace inside {slice:?}");
            prop_assert_eq!(word.chars.start(), text[..word.bytes.start()].chars().count());
            prev_end = word.bytes.end();
        }
        let non_space: String =
            text.strip_prefix('\u{feff}').unwrap_or(text).chars().filter(|c| !c.is_whitespace()).collect();
        let joined: String = (0..doc.words().len()).map(|i| doc.word_text(i)).collect();
        prop_assert_eq!(joined, non_space, "words must cover every non-space char");
        Ok(())
    }
}
