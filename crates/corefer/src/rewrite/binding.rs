//! Binding: an object pronoun whose verb has a mention of the pronoun's own cluster as its subject
//! ("Kim thanked her", with "her" linked to Kim).
//!
//! Design decision: English says "herself" when a verb's object is its own subject, so in "Kim thanked
//! her" the pronoun names someone else (binding theory's Principle B), and a link from "her" to Kim is
//! wrong whatever the model's score. Without a parse, subject and object are read off the text between
//! them: the subject mention opens a clause (it follows the start of the sentence, a punctuation mark, a
//! conjunction or a complementiser), and one to three lower-case words stand between it and the pronoun,
//! none of them a preposition, conjunction, complementiser or possessive ending, which in English is a
//! verb group ("thanked", "had never thanked"). Prepositional objects ("took it with her") are not
//! caught: there English allows the plain pronoun.

use super::context::{self, Neighbour};
use super::words::{is_in, PREPOSITIONS};
use crate::span::ByteSpan;

/// Pronoun forms that are only objects ("her" only where the rewriter read it as one).
const OBJECT_FORMS: &[&str] = &["him", "them", "her"];

/// Words besides the prepositions that end a verb group or show that the subject and the pronoun are not
/// in one clause.
const BREAKS: &[&str] = &[
    // more prepositions and particles
    "near", "around", "behind", "beside", "besides", "beyond", "toward", "towards", "upon", "among", "across",
    "along", "past", "via", "unlike", "like", "despite", "except", "off", "out", "up", "down", "away",
    "back", "than", "as", "per", "inside", "outside", "above", "below", "beneath",
    // conjunctions and complementisers
    "and", "or", "but", "nor", "so", "yet", "that", "who", "whom", "whose", "which", "what", "when", "where",
    "while", "why", "how", "if", "whether", "because", "although", "though", "unless",
    // another subject or object: "She said it made her proud" ("it" is the subject of "made")
    "i", "you", "he", "she", "it", "we", "they", "me", "him", "us", "them", "there",
    // nominal words: the text between is then no verb group
    "the", "a", "an", "this", "these", "those", "my", "your", "his", "her", "its", "our", "their", "one",
    "all", "both", "each", "every", "some", "any", "no",
];

/// Words after which a mention opens a clause as its subject.
const CLAUSE_OPENERS: &[&str] = &[
    "and", "but", "or", "so", "then", "that", "when", "while", "because", "although", "though", "if",
    "after", "before", "since", "until", "unless", "as", "once", "where",
];

/// Whether the pronoun at `at` (in an object slot when `object` says so) is the object of a verb whose
/// subject is one of `mentions`, the mentions of its own cluster: then its link is wrong.
pub fn object_of_own_subject(
    text: &str,
    at: ByteSpan,
    object: bool,
    mentions: impl IntoIterator<Item = ByteSpan>,
    sentence_starts: Option<&[usize]>,
) -> bool {
    if !object || !is_in(OBJECT_FORMS, &text[at.range()]) {
        return false;
    }
    mentions.into_iter().filter(|m| m.end() <= at.start()).any(|subject| {
        opens_clause(text, subject.start(), sentence_starts)
            && is_verb_group(&text[subject.end()..at.start()])
    })
}

/// Whether a mention starting at `start` stands where a clause's subject does.
fn opens_clause(text: &str, start: usize, sentence_starts: Option<&[usize]>) -> bool {
    if context::starts_sentence(text, start, sentence_starts) {
        return true;
    }
    match context::previous(text, start) {
        Neighbour::Edge => true,
        Neighbour::Mark(c) => matches!(c, ',' | ';' | ':' | '"' | '“' | '(' | '—' | '–'),
        Neighbour::Word(w) => is_in(CLAUSE_OPENERS, w),
    }
}

/// Whether `between` (the text from the subject's end to the pronoun) is one to three lower-case words
/// that can make up a verb group.
fn is_verb_group(between: &str) -> bool {
    let words: Vec<&str> = between.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 || !between.starts_with(char::is_whitespace) {
        return false; // "Kim's mother thanked her": the mention is a possessor, not the subject
    }
    words.iter().all(|w| {
        w.chars().next().is_some_and(|c| c.is_lowercase())
            && w.chars().all(|c| c.is_alphabetic() || c == '\'' || c == '’')
            && !is_in(PREPOSITIONS, w)
            && !is_in(BREAKS, w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the last occurrence of `pronoun` in `text` is caught with every occurrence of `subject` as
    /// the other mentions of its cluster.
    fn caught(text: &str, subject: &str, pronoun: &str) -> bool {
        let p = text.rfind(pronoun).unwrap();
        let mentions = text.match_indices(subject).map(|(s, _)| ByteSpan::at(s, subject.len()));
        object_of_own_subject(text, ByteSpan::at(p, pronoun.len()), true, mentions.collect::<Vec<_>>(), None)
    }

    #[test]
    fn an_object_of_its_own_subject_is_caught() {
        assert!(caught("Dr. Lee told Kim that she was lucky, and Kim thanked her.", "Kim", "her"));
        assert!(caught("Kim thanked her.", "Kim", "her"));
        assert!(caught("Then Kim had never thanked her.", "Kim", "her"));
        assert!(caught("The senators said that they would support them.", "they", "them"));
        assert!(caught("When Paul saw him, he ran.", "Paul", "him"));
    }

    #[test]
    fn other_clauses_possessors_and_prepositions_are_not() {
        assert!(!caught("Kim took the book with her.", "Kim", "her"), "a prepositional object");
        assert!(!caught("Kim's mother thanked her.", "Kim", "her"), "a possessor is no subject");
        assert!(!caught("The man who met Kim thanked her.", "Kim", "her"), "an object, not a subject");
        assert!(!caught("Kim said that Lee liked her.", "Kim", "her"), "another clause");
        assert!(!caught("Kim, tired, thanked her.", "Kim", "her"), "punctuation between");
        assert!(!caught("Kim asked Lee to call her.", "Kim", "her"));
        assert!(!caught("She said it made her proud.", "She", "her"), "another subject between");
    }

    #[test]
    fn only_object_forms_count() {
        let kim = [ByteSpan::at(0, 3)];
        assert!(object_of_own_subject("Kim thanked him.", ByteSpan::at(12, 3), true, kim, None));
        assert!(!object_of_own_subject("Kim thanked him.", ByteSpan::at(12, 3), false, kim, None));
        assert!(!object_of_own_subject("Kim thanked it.", ByteSpan::at(12, 2), true, kim, None));
    }
}
