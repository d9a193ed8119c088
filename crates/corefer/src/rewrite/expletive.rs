//! Expletive "it": the subject that refers to nothing ("it was drizzling", "it remains an open question
//! whether …", "it is important to …"), which a model may still link to an entity.
//!
//! Design decision: recognised from the words right after the pronoun, with closed lists and no parse: a
//! weather verb, or a copula or raising verb followed (after at most a few adverbs or an article) by an
//! extraposition predicate and then a complement ("that", "whether", "to", "for", …). Only these clear
//! shapes count, so a referential "it" ("it was a tool to open boxes") is not caught; an expletive has no
//! antecedent, so leaving it as written can never lose a right replacement.

use super::words::is_in;

/// Weather and time verbs and adjectives that take a dummy "it" ("it rained", "it was dark").
const WEATHER: &[&str] = &[
    "rain",
    "rains",
    "rained",
    "raining",
    "snow",
    "snows",
    "snowed",
    "snowing",
    "drizzle",
    "drizzled",
    "drizzling",
    "pour",
    "pouring",
    "hail",
    "hailing",
    "thunder",
    "thundering",
    "sunny",
    "cloudy",
    "rainy",
    "windy",
    "foggy",
    "dark",
    "darker",
    "light",
    "noon",
    "midnight",
    "dawn",
];
/// Verbs that may carry an extraposed subject ("it is …", "it seems …").
const COPULAS: &[&str] = &[
    "is", "was", "'s", "be", "been", "being", "seems", "seemed", "appears", "appeared", "remains",
    "remained", "becomes", "became", "looks", "looked",
];
/// Words that may stand between the copula and the predicate.
const FILLERS: &[&str] = &[
    "not", "n't", "also", "still", "now", "then", "very", "so", "quite", "really", "too", "more", "most",
    "less", "least", "always", "often", "just", "only", "even", "a", "an", "the", "no", "will", "would",
    "may", "might", "could", "can", "should", "must", "has", "have", "had", "open",
];
/// Predicates of an extraposed clause ("it is important that …", "it remains a question whether …").
const PREDICATES: &[&str] = &[
    "important",
    "possible",
    "impossible",
    "necessary",
    "unnecessary",
    "clear",
    "unclear",
    "likely",
    "unlikely",
    "true",
    "obvious",
    "hard",
    "easy",
    "difficult",
    "interesting",
    "surprising",
    "evident",
    "apparent",
    "essential",
    "crucial",
    "vital",
    "fair",
    "unfair",
    "strange",
    "odd",
    "sad",
    "unfortunate",
    "fortunate",
    "certain",
    "uncertain",
    "worth",
    "known",
    "said",
    "believed",
    "thought",
    "expected",
    "estimated",
    "reported",
    "argued",
    "assumed",
    "question",
    "shame",
    "pity",
    "surprise",
    "mystery",
    "wonder",
    "matter",
    "time",
    "good",
    "better",
    "best",
    "safe",
    "dangerous",
    "tempting",
    "enough",
];
/// Words that open the extraposed clause.
const COMPLEMENTS: &[&str] = &["that", "whether", "to", "for", "if", "how", "why", "what", "when", "who"];

/// The next `most` words after byte `at`, within its sentence: split on whitespace, a clitic "'s" of the
/// pronoun ("it's") a word of its own, edge punctuation dropped, stopping at a sentence mark.
fn words_after(text: &str, at: usize, most: usize) -> Vec<&str> {
    let rest = text.get(at..).unwrap_or("");
    let sentence = rest.find(['.', '!', '?', ';', ':', '\n']).map_or(rest, |end| &rest[..end]);
    let mut words = Vec::new();
    for raw in sentence.split_whitespace() {
        let raw = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        if let Some(split) = raw.find(['\'', '’']).filter(|&i| i > 0) {
            words.push(&raw[..split]);
            words.push(&raw[split..]);
        } else if !raw.is_empty() {
            words.push(raw);
        }
        if words.len() >= most {
            break;
        }
    }
    words
}

/// Whether the "it" at `at` (a byte span ending at `end`) is an expletive subject.
pub fn is_expletive(text: &str, pronoun: &str, end: usize) -> bool {
    if !pronoun.eq_ignore_ascii_case("it") {
        return false;
    }
    let words = words_after(text, end, 8);
    let Some((&first, rest)) = words.split_first() else { return false };
    if is_in(WEATHER, first) {
        return true;
    }
    if !is_in(COPULAS, first) && !is_in(&["will", "would", "may", "might", "could", "can", "must"], first) {
        return false;
    }
    let mut rest = rest.iter().copied().skip_while(|w| is_in(FILLERS, w) || is_in(COPULAS, w));
    match rest.next() {
        Some(word) if is_in(WEATHER, word) => true,
        Some(word) if is_in(PREDICATES, word) => rest.next().is_some_and(|next| is_in(COMPLEMENTS, next)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expletive(sentence: &str) -> bool {
        let at = sentence.find("it").or_else(|| sentence.find("It")).unwrap();
        is_expletive(sentence, &sentence[at..at + 2], at + 2)
    }

    #[test]
    fn dummy_subjects_are_recognised() {
        for s in [
            "We walked back because it was drizzling.",
            "It rained all day.",
            "It remains an open question whether that construct should be expanded.",
            "It is important to note the dates.",
            "It's not clear that they agree.",
            "It was believed that the ship sank.",
            "It would be a shame to leave now.",
            "It is time for the vote.",
            "It seems unlikely that she will come.",
        ] {
            assert!(expletive(s), "{s}");
        }
    }

    #[test]
    fn referential_it_is_not() {
        for s in [
            "It was a tool to open boxes.",
            "It is an oath made necessary by the fact.",
            "It smelled like March.",
            "The phone fell. It was an accident.",
            "It 's a very festive affair.",
            "It is important.",
            "It became clear.",
        ] {
            assert!(!expletive(s), "{s}");
        }
        assert!(!is_expletive("Its lawyers agreed.", "Its", 3));
        assert!(!is_expletive("it", "it", 2) && !is_expletive("it", "it", 9), "text ends: no panic");
        assert!(is_expletive("Zoë said it’s clear that it—é—works", "it", 12), "multibyte around the clitic");
    }
}
