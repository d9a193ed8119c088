//! Closed word classes the rewriter decides with: pronoun-like words, determiners, and the words after
//! which "her" is an object rather than a possessive.
//!
//! Design decision: small closed lists, looked up case-insensitively, instead of a tagger: the rewriter
//! must run on any clusters over any text without a model, and these classes are closed in English.
//! Personal pronouns themselves live in [`crate::pronoun`]; this module adds the pronoun-like words that
//! table leaves out (relative, demonstrative, indefinite), which are never replaced and never chosen as a
//! representative.

use crate::pronoun;

/// Words that stand for an entity without naming it: relative, interrogative, demonstrative and
/// indefinite pronouns, and the locative pro-forms.
const OTHER_PRONOUNS: &[&str] = &[
    "who",
    "whom",
    "whose",
    "which",
    "that",
    "what",
    "whoever",
    "whatever",
    "whichever",
    "this",
    "these",
    "those",
    "there",
    "here",
    "one",
    "ones",
    "someone",
    "somebody",
    "something",
    "anyone",
    "anybody",
    "anything",
    "everyone",
    "everybody",
    "everything",
    "nobody",
    "nothing",
    "each",
    "all",
    "both",
    "some",
    "many",
    "few",
    "none",
    "either",
    "neither",
    "another",
    "other",
    "others",
    "such",
    "same",
    "former",
    "latter",
    "oneself",
    "'em",
    "em",
];

/// Words that open a noun phrase as its determiner.
const DETERMINERS: &[&str] = &["the", "a", "an", "this", "that", "these", "those"];

/// Words after which "her" is an object ("saw her leave", "told her about", "her and Kim"): function
/// words, verbs that take a bare infinitive after an object, and adverb particles. Anything else after
/// "her" is read as the noun (or adjective) she possesses.
const NOT_POSSESSED: &[&str] = &[
    "a",
    "an",
    "the",
    "to",
    "and",
    "or",
    "but",
    "nor",
    "so",
    "yet",
    "if",
    "as",
    "than",
    "that",
    "this",
    "these",
    "those",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "when",
    "where",
    "while",
    "why",
    "how",
    "because",
    "since",
    "until",
    "unless",
    "though",
    "although",
    "whether",
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "among",
    "around",
    "at",
    "before",
    "behind",
    "below",
    "beside",
    "between",
    "beyond",
    "by",
    "despite",
    "down",
    "during",
    "except",
    "for",
    "from",
    "in",
    "inside",
    "into",
    "like",
    "near",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "outside",
    "over",
    "past",
    "per",
    "through",
    "throughout",
    "toward",
    "towards",
    "under",
    "underneath",
    "up",
    "upon",
    "with",
    "within",
    "without",
    "away",
    "back",
    "again",
    "too",
    "also",
    "not",
    "now",
    "then",
    "there",
    "here",
    "today",
    "tomorrow",
    "yesterday",
    "tonight",
    "yet",
    "ever",
    "never",
    "always",
    "once",
    "twice",
    "very",
    "really",
    "just",
    "only",
    "even",
    "still",
    "already",
    "soon",
    "later",
    "earlier",
    "well",
    "anyway",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "i",
    "you",
    "he",
    "she",
    "it",
    "we",
    "they",
    "me",
    "him",
    "us",
    "them",
    "my",
    "your",
    "his",
    "its",
    "our",
    "their",
    "himself",
    "herself",
    "myself",
    "yourself",
    "yourselves",
    "ourselves",
    "themselves",
    "itself",
    "some",
    "any",
    "no",
    "every",
    "each",
    "all",
    "both",
    "enough",
    "more",
    "most",
    "less",
    "least",
    "go",
    "come",
    "leave",
    "stay",
    "say",
    "know",
    "feel",
    "think",
    "see",
    "hear",
    "make",
    "let",
    "help",
    "get",
    "give",
    "tell",
];

/// Prepositions: a noun phrase never starts with one (`phrase`), and none stands inside a verb group
/// (`binding`).
pub const PREPOSITIONS: &[&str] = &[
    "of", "in", "at", "on", "for", "from", "with", "by", "about", "to", "into", "onto", "under", "over",
    "after", "before", "during", "against", "between", "through", "without", "within", "since", "until",
];

/// Whether `word` is in `list`, ignoring case and reading ’ as ' (every word list of the rewriter is
/// written with ').
pub fn is_in(list: &[&str], word: &str) -> bool {
    let matches = |w: &str| list.iter().any(|entry| entry.eq_ignore_ascii_case(w));
    if word.contains('’') {
        matches(&word.replace('’', "'"))
    } else {
        matches(word)
    }
}

/// Whether a mention's whole text is one pronoun or pronoun-like word (never a representative, never
/// replaced by `--replace all`).
pub fn is_pronominal(mention: &str) -> bool {
    let word = mention.trim();
    !word.contains(char::is_whitespace) && (pronoun::lookup(word).is_some() || is_in(OTHER_PRONOUNS, word))
}

pub fn is_determiner(word: &str) -> bool {
    is_in(DETERMINERS, word)
}

/// Whether `word`, following "her", shows "her" to be an object rather than a possessive.
pub fn ends_noun_phrase_after_her(word: &str) -> bool {
    is_in(NOT_POSSESSED, word)
}

/// Whether `word` is the indefinite article.
pub fn is_indefinite_article(word: &str) -> bool {
    word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an")
}

/// Whether a word is pronounced starting with a vowel sound, as far as spelling tells: a vowel letter,
/// except the "you"/"w" sounding starts (unit, one, euro), plus a silent "h" in the common cases.
pub fn takes_an(word: &str) -> bool {
    let lower = word.to_lowercase();
    const CONSONANT_SOUND: &[&str] = &["uni", "use", "usu", "uti", "eu", "one", "once", "ewe", "ura"];
    const SILENT_H: &[&str] = &["hour", "honest", "honor", "honour", "heir"];
    if CONSONANT_SOUND.iter().any(|p| lower.starts_with(p)) {
        return false;
    }
    if SILENT_H.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    lower.starts_with(['a', 'e', 'i', 'o', 'u'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pronoun_like_words_are_pronominal() {
        for word in ["he", "Himself", "who", "That", "these", "I", "you", "it", "'em", "em"] {
            assert!(is_pronominal(word), "{word}");
        }
        for word in ["the man", "Sessions", "his wife", "Who Framed Roger Rabbit"] {
            assert!(!is_pronominal(word), "{word}");
        }
    }

    #[test]
    fn article_choice_follows_sound() {
        assert!(takes_an("apple") && takes_an("hour") && takes_an("Honest"));
        assert!(!takes_an("union") && !takes_an("European") && !takes_an("dog") && !takes_an("one-time"));
    }

    #[test]
    fn classes_are_case_insensitive() {
        assert!(is_determiner("The") && !is_determiner("then"));
        assert!(ends_noun_phrase_after_her("To") && !ends_noun_phrase_after_her("decision"));
    }
}
