//! Whether the text a name would copy reads as a noun phrase: no finite verb, no leading preposition.
//!
//! Design decision: a model's mention can run past its noun phrase ("John left" for "John", "the ruling
//! would appeal"), and copying it states something the text does not say. Without a parser the check
//! reads the words themselves: auxiliaries and modals (a closed list), verb forms that are nothing but
//! finite verbs ("ran", "says"; from the generated lexicon), and a finite form right after a capitalised
//! word ("John left", "Google said"), where English puts a verb, not a noun. Relative clauses and
//! appositives are already cut off before this check ([`super::representative::trim`]), so a verb that
//! remains lies outside them.

use super::lexicon;
use super::words::{is_in, PREPOSITIONS};

/// Finite auxiliaries and modals that never head a noun phrase ("will", "can", "may" and "might" are
/// left out: they are nouns too), and the negation clitic as tokenized text splits it off ("ca n't",
/// "do n't"), which no noun phrase holds.
const FINITE_AUXILIARIES: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "am",
    "has",
    "have",
    "had",
    "does",
    "did",
    "would",
    "could",
    "should",
    "shall",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "doesn't",
    "don't",
    "didn't",
    "won't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "can't",
    "cannot",
    "n't",
];

/// Determiners, possessives and quantifiers: the word after one is read as part of the noun phrase they
/// open ("The states", "My shoes"), even when a verb could have the same form and the opener is capitalised.
const NOUN_PHRASE_OPENERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "my", "your", "his", "her", "its", "our", "their", "some",
    "all", "many", "several", "few", "both", "each", "every", "any", "no", "such", "other", "another", "of",
];

fn opens_noun_phrase(word: &str) -> bool {
    NOUN_PHRASE_OPENERS.iter().any(|o| o.eq_ignore_ascii_case(word))
}

/// Whether `text` (a name about to be copied) reads as a noun phrase.
pub fn is_noun_phrase(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.first().is_some_and(|w| is_in(PREPOSITIONS, w)) {
        return false;
    }
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    !words.iter().enumerate().any(|(i, &word)| {
        let lower = word.to_lowercase().replace('’', "'");
        if FINITE_AUXILIARIES.contains(&lower.as_str()) {
            return true;
        }
        if i == 0 || capitalised(word) {
            return false;
        }
        match lexicon::finite_verb(&lower) {
            Some(false) => true,
            // a form that may also be a participle, noun or adjective ("left", "said"): a verb after a
            // name ("John left"), or at the end of a longer phrase ("The mayor said")
            // ("The states", "my shoes", "interesting masks": after an opener or an adjective it is the noun)
            Some(true) => {
                let previous = words[i - 1];
                let noun_context = opens_noun_phrase(previous)
                    || lexicon::is_adjective_only(&previous.to_lowercase().replace('’', "'"));
                !noun_context && (capitalised(previous) || (i + 1 == words.len() && i >= 2))
            }
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_and_prepositions_are_refused() {
        for bad in [
            "John left",
            "Google said",
            "the ruling would",
            "striker Paul Adeyemi ran",
            "for the match",
            "The mayor said",
            // a verb after a negation split off by tokenization (OntoGUM: "the guy ca n’t wrestle")
            "the guy ca n’t wrestle",
            "the guy ca n't",
            "people do n't",
            "people don't",
        ] {
            assert!(!is_noun_phrase(bad), "{bad}");
        }
        for good in [
            "John",
            "the left wing",
            "Google employees",
            "the United States",
            "Harbor Town Library",
            "his plans",
            "The states",
            "My shoes",
            "all kinds of interesting masks",
        ] {
            assert!(is_noun_phrase(good), "{good}");
        }
    }
}
