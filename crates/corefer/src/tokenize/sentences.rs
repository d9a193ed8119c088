//! Splitting a tokenized text into sentences.
//!
//! Design decision: sentence ends are decided on tokens, not characters, after word splitting has already
//! settled which periods belong to abbreviations ("Dr.", "U.S.", "p.m."). A sentence then ends after a
//! terminal token (". ! ? …" and runs of them) plus any closing quotes or brackets glued to it, at a blank
//! line, or after a non-title abbreviation followed by a typical sentence opener ("… the U.S. The …").
//! A single line break ends a sentence only in texts that do not wrap their lines: when some line is
//! longer than [`WRAPPED_LINE_MAX`] chars, line breaks separate paragraphs, headlines and list items;
//! otherwise they are the wrapping of running text and count as spaces.

use crate::span::ByteSpan;

use super::chars::{is_closing, is_opening};
use super::lexicon::is_non_final;

/// Capitalised words that, after an abbreviation such as "U.S." or "etc.", signal a new sentence.
const OPENERS: &[&str] = &[
    "The", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "You", "But", "And", "In",
    "A", "An", "There", "His", "Her", "Their", "Our", "My", "As", "At", "On", "For", "If", "When", "So",
    "Its", "What", "How", "Why", "Then",
];

/// Texts whose lines are all at most this many chars long are taken to be hard-wrapped.
pub const WRAPPED_LINE_MAX: usize = 100;

/// The number of words in each sentence of `text`, whose words are `words` (in order).
pub fn split_sentences(text: &str, words: &[ByteSpan]) -> Vec<usize> {
    let unwrapped = text.lines().any(|line| line.chars().nth(WRAPPED_LINE_MAX).is_some());
    let breaks = if unwrapped { 1 } else { 2 };
    let token = |i: usize| &text[words[i].range()];
    let glued = |i: usize| words[i - 1].end() == words[i].start();
    let mut lengths = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < words.len() {
        let mut end = i + 1;
        let ends = if is_terminal(token(i)) {
            while end < words.len() && is_closing(token(end)) && glued(end) {
                end += 1;
            }
            end += citation_len(words.len() - end, |k| token(end + k));
            let ellipsis = token(i).contains("..") || token(i).contains('…');
            end == words.len() || !ellipsis || starts_upper(token(end)) || is_opening(token(end))
        } else if is_abbreviation_token(token(i)) && end < words.len() {
            OPENERS.contains(&token(end))
        } else {
            false
        };
        let gap = || &text[words[end - 1].end()..words[end].start()];
        let paragraph = end < words.len() && gap().matches('\n').count() >= breaks;
        if ends || paragraph || end == words.len() {
            lengths.push(end - start);
            start = end;
        }
        i = end;
    }
    lengths
}

/// The number of tokens of a bracketed citation such as "[17]" or "[1 - 3]" (at most 8 tokens, no
/// sentence terminal inside) at the start of the `available` tokens, which stays with the sentence
/// before it; 0 if there is none.
fn citation_len<'t>(available: usize, token: impl Fn(usize) -> &'t str) -> usize {
    if available == 0 || token(0) != "[" {
        return 0;
    }
    (1..available.min(8))
        .take_while(|&k| !is_terminal(token(k)))
        .find(|&k| token(k) == "]")
        .map_or(0, |k| k + 1)
}

/// ". ! ? …" and runs of them ("?!", "...").
fn is_terminal(token: &str) -> bool {
    token.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// A word with its final period a sentence may end with ("U.S.", "etc.", but not "Dr.", "e.g." or "J.").
fn is_abbreviation_token(token: &str) -> bool {
    let Some(word) = token.strip_suffix('.') else { return false };
    word.chars().count() > 1 && !is_non_final(word)
}

fn starts_upper(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::words::split_words;

    fn sentences(text: &str) -> Vec<String> {
        let words = split_words(text);
        let mut first = 0;
        split_sentences(text, &words)
            .into_iter()
            .map(|len| {
                let s =
                    words[first..first + len].iter().map(|w| &text[w.range()]).collect::<Vec<_>>().join(" ");
                first += len;
                s
            })
            .collect()
    }

    #[test]
    fn ends_after_terminals_with_closing_quotes() {
        assert_eq!(
            sentences("He said \"go.\" Then he left! Why?"),
            ["He said \" go . \"", "Then he left !", "Why ?"]
        );
    }

    #[test]
    fn abbreviations_end_sentences_only_before_openers() {
        assert_eq!(
            sentences("Dr. Lee lives in the U.S. He moved to the U.S. Army base."),
            ["Dr. Lee lives in the U.S.", "He moved to the U.S. Army base ."]
        );
    }

    #[test]
    fn citations_stay_with_their_sentence() {
        assert_eq!(
            sentences("It failed. [17] Then [it] worked."),
            ["It failed . [ 17 ]", "Then [ it ] worked ."]
        );
        assert_eq!(sentences("See e.g. The Times."), ["See e.g. The Times ."]);
    }

    #[test]
    fn line_breaks_end_sentences_only_in_unwrapped_text() {
        let wrapped = "Harbor Town\nopened its library today\n\nIt is new";
        assert_eq!(sentences(wrapped), ["Harbor Town opened its library today", "It is new"]);
        let long_line = "word ".repeat(30);
        let unwrapped = format!("Harbor Town\n{long_line}\r\nIt is new");
        assert_eq!(sentences(&unwrapped).len(), 3);
    }

    #[test]
    fn blank_lines_end_sentences_and_ellipses_need_capitals() {
        assert_eq!(sentences("Title\n\nWell... maybe. Ok"), ["Title", "Well ... maybe .", "Ok"]);
    }
}
