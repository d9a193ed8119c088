//! Tokenizer and sentence splitter for raw English text, close to GUM/PTB conventions.
//!
//! Design decision: the tokenizer never copies or normalises text; it returns byte spans into the input
//! and builds a [`Document`] from them, so `&text[word.bytes]` is always exactly the word, for any UTF-8
//! input (CRLF, tabs, NBSP, emoji, combining marks, right-to-left scripts). Words are split first
//! ([`words`]), sentences are decided on the words ([`sentences`]).

pub mod agreement;
mod chars;
mod lexicon;
mod sentences;
mod words;

use crate::doc::{DocError, Document};

pub use sentences::split_sentences;
pub use words::split_words;

/// Tokenizes `text` into a [`Document`] with words and sentences (and no clusters yet).
pub fn tokenize(id: impl Into<String>, text: impl Into<String>) -> Result<Document, DocError> {
    let text = text.into();
    let words = split_words(&text);
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
        let non_space: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let joined: String = (0..doc.words().len()).map(|i| doc.word_text(i)).collect();
        prop_assert_eq!(joined, non_space, "words must cover every non-space char");
        Ok(())
    }
}
