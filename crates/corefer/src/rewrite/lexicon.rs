//! Open-class word lists the rewriter checks names with: first names with their usual gender, finite verb
//! forms, verb base forms, plural nouns without -s and singular nouns in -s, adjectives and adverbs that
//! are no noun.
//!
//! Design decision: the lists are generated once by `scripts/make-lexicons.py` from two MIT-licensed
//! packages (sources, filters and licences in `crates/corefer/data/lexicon/README.md`), compiled into the
//! binary with `include_str!` and parsed into hash sets on first use, so the rewriter needs no file at
//! run time and every rule that uses a list can be traced to one generated file. Lookups fold case and
//! the common Latin diacritics ("Zoë" is "zoe").

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The gender a first name is given to (at least 95% of the time in the source).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameGender {
    Female,
    Male,
}

struct Lists {
    first_names: HashMap<&'static str, NameGender>,
    /// Finite verb forms, with whether the form is also a noun, adjective or participle.
    finite_verbs: HashMap<&'static str, bool>,
    plural_nouns: HashSet<&'static str>,
    singular_in_s: HashSet<&'static str>,
    adjectives: HashSet<&'static str>,
    base_verbs: HashSet<&'static str>,
    adverbs: HashSet<&'static str>,
}

fn entries(file: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    file.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split_once('\t').unwrap_or((l, "")))
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| Lists {
        first_names: entries(include_str!("../../data/lexicon/first-names.txt"))
            .map(|(name, g)| (name, if g == "f" { NameGender::Female } else { NameGender::Male }))
            .collect(),
        finite_verbs: entries(include_str!("../../data/lexicon/finite-verbs.txt"))
            .map(|(form, kind)| (form, kind == "also"))
            .collect(),
        plural_nouns: entries(include_str!("../../data/lexicon/plural-nouns.txt")).map(|e| e.0).collect(),
        singular_in_s: entries(include_str!("../../data/lexicon/singular-nouns-in-s.txt"))
            .map(|e| e.0)
            .collect(),
        adjectives: entries(include_str!("../../data/lexicon/adjectives.txt")).map(|e| e.0).collect(),
        base_verbs: entries(include_str!("../../data/lexicon/base-verbs.txt")).map(|e| e.0).collect(),
        adverbs: entries(include_str!("../../data/lexicon/adverbs.txt")).map(|e| e.0).collect(),
    })
}

/// `word` lower-cased with common Latin diacritics removed; `None` when it holds anything but letters.
fn folded(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ñ' | 'ń' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ł' => 'l',
            c if c.is_ascii_lowercase() => c,
            _ => return None,
        };
        out.push(plain);
    }
    Some(out)
}

/// The gender a first name is mostly given to; `None` for a word that is no such name.
pub fn first_name_gender(word: &str) -> Option<NameGender> {
    lists().first_names.get(folded(word)?.as_str()).copied()
}

/// Whether a lower-case word is a finite verb form ("said", "runs"); `Some(true)` when it is also a noun,
/// adjective or participle ("left", "plans"), `Some(false)` when it is only a verb form ("went", "says").
pub fn finite_verb(word: &str) -> Option<bool> {
    lists().finite_verbs.get(word).copied()
}

/// Whether a lower-case noun is plural by its form: a listed plural without -s ("children", "people"), or
/// a word in -s that is no listed singular ("bus", "news") and does not end in -ss, -us or -is.
pub fn is_plural_noun(word: &str) -> bool {
    let l = lists();
    if l.plural_nouns.contains(word) {
        return true;
    }
    word.len() > 3
        && word.ends_with('s')
        && !["ss", "us", "is", "'s", "’s"].iter().any(|e| word.ends_with(e))
        && !l.singular_in_s.contains(word)
        && finite_verb(word) != Some(false)
}

/// Whether a lower-case word is an adjective and never a noun or verb form ("proud", "happy").
pub fn is_adjective_only(word: &str) -> bool {
    lists().adjectives.contains(word)
}

/// Whether a lower-case word is a verb's base form and never a noun, adjective or adverb ("explore").
pub fn is_base_verb_only(word: &str) -> bool {
    lists().base_verbs.contains(word)
}

/// Whether a lower-case word is an adverb and never a noun, adjective or verb form ("easily").
pub fn is_adverb_only(word: &str) -> bool {
    lists().adverbs.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_names_fold_case_and_diacritics() {
        assert_eq!(first_name_gender("Zoë"), Some(NameGender::Female));
        assert_eq!(first_name_gender("BRIAN"), Some(NameGender::Male));
        assert_eq!(first_name_gender("Taylor"), None, "no clear majority");
        assert_eq!(first_name_gender("Google"), None);
    }

    #[test]
    fn word_forms() {
        assert_eq!(finite_verb("left"), Some(true));
        assert_eq!(finite_verb("went"), Some(false));
        assert_eq!(finite_verb("says"), Some(false));
        assert_eq!(finite_verb("employees"), None);
        assert!(is_plural_noun("children") && is_plural_noun("slugs") && is_plural_noun("straps"));
        assert!(!is_plural_noun("news") && !is_plural_noun("bus") && !is_plural_noun("analysis"));
        assert!(is_adjective_only("proud") && !is_adjective_only("dinner"));
    }
}
