//! What surrounds a mention in the text: the word before, the word after, whether a sentence starts.
//!
//! Design decision: context is read straight off the original text around the mention's byte span, not
//! from a token list, so the rewriter works on any clusters over any text (a clusters record needs no
//! tokenizer) and each look-up costs only the few bytes it reads, keeping the rewrite linear.

/// The thing next to a mention, skipping whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Neighbour<'t> {
    /// A run of letters and digits (with inner apostrophes or hyphens: "don't", "well-known").
    Word(&'t str),
    /// Any other single char: punctuation, a quote, a symbol.
    Mark(char),
    /// The text ends (or starts) here.
    Edge,
}

const OPENERS: &[char] = &['"', '\'', '“', '‘', '«', '(', '[', '{'];
const SENTENCE_END: &[char] = &['.', '!', '?', '…'];
const INNER: &[char] = &['\'', '’', '-'];

/// The word or mark right after byte `at`.
pub fn next(text: &str, at: usize) -> Neighbour<'_> {
    let rest = &text[at..];
    let rest = rest.trim_start();
    let Some(first) = rest.chars().next() else { return Neighbour::Edge };
    if !first.is_alphanumeric() {
        return Neighbour::Mark(first);
    }
    let mut end = rest.len();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = INNER.contains(&c) && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if !c.is_alphanumeric() && !joins {
            end = i;
            break;
        }
    }
    Neighbour::Word(&rest[..end])
}

/// The word or mark right before byte `at`.
pub fn previous(text: &str, at: usize) -> Neighbour<'_> {
    let head = text[..at].trim_end();
    let Some(last) = head.chars().next_back() else { return Neighbour::Edge };
    if !last.is_alphanumeric() {
        return Neighbour::Mark(last);
    }
    let start = head
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            let joins =
                INNER.contains(&c) && head[..i].chars().next_back().is_some_and(char::is_alphanumeric);
            !c.is_alphanumeric() && !joins
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    Neighbour::Word(&head[start..])
}

/// Whether a sentence starts at byte `at`: from the document's sentence starts when it has them, else
/// by the text: the text's start, a blank line, or a sentence-final mark before (skipping opening
/// quotes and brackets).
pub fn starts_sentence(text: &str, at: usize, sentence_starts: Option<&[usize]>) -> bool {
    if let Some(starts) = sentence_starts {
        return starts.binary_search(&at).is_ok();
    }
    let head = text[..at].trim_end_matches(|c: char| OPENERS.contains(&c) || c.is_whitespace());
    let gap = &text[head.len()..at];
    match head.chars().next_back() {
        None => true,
        Some(c) => SENTENCE_END.contains(&c) || gap.matches('\n').count() >= 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_are_words_or_marks() {
        let text = "Kim said: “her well-known dog’s toy”";
        assert_eq!(next(text, 3), Neighbour::Word("said"));
        assert_eq!(next(text, 8), Neighbour::Mark(':'));
        assert_eq!(next(text, 17), Neighbour::Word("well-known"));
        assert_eq!(next(text, 28), Neighbour::Word("dog’s"));
        assert_eq!(next(text, text.len()), Neighbour::Edge);
        assert_eq!(previous(text, 17), Neighbour::Word("her"));
        assert_eq!(previous(text, 13), Neighbour::Mark('“'));
        assert_eq!(previous(text, 0), Neighbour::Edge);
        assert_eq!(previous("a well-known", 12), Neighbour::Word("well-known"));
    }

    #[test]
    fn sentence_starts_from_text() {
        let text = "He left. “She stayed,” he said\nand she ran.\n\nIt ended";
        let at = |word: &str| text.find(word).unwrap();
        assert!(starts_sentence(text, 0, None));
        assert!(starts_sentence(text, at("She"), None));
        assert!(!starts_sentence(text, at("he said"), None));
        assert!(!starts_sentence(text, at("she ran"), None));
        assert!(starts_sentence(text, at("It"), None));
    }

    #[test]
    fn sentence_starts_from_document_win() {
        let text = "Mr. Kim left";
        assert!(starts_sentence(text, 4, None));
        assert!(!starts_sentence(text, 4, Some(&[0])));
    }
}
