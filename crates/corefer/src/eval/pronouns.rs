//! Pronoun-resolution accuracy and precision: does the response link each resolvable third-person pronoun
//! to one of its real antecedents, and how often is a pronoun it links to a name or noun phrase linked right?
//!
//! Design decision: only pronouns the key makes resolvable count for accuracy — a third-person personal,
//! possessive or reflexive pronoun (per [`crate::pronoun::lookup`]) annotated as a one-word mention whose key
//! chain has a non-pronominal mention ending before it. A pronoun is resolved when its response chain holds
//! one of those antecedents (exact spans). Precision turns this round: of the third-person pronouns whose
//! response chain has a non-pronominal mention before them (those the resolved text would rewrite), the share
//! whose key chain holds one of those mentions. The two measure what the resolved-text rewrite needs, recall
//! and the harm of a wrong replacement, which chain-level F1 does not separate.

use std::ops::AddAssign;

use serde::Serialize;

use super::rewrites::check_rewrites;
use crate::io::conll2012::ConllDocument;
use crate::pronoun::{self, Class};
use crate::rewrite::Options;
use crate::span::WordSpan;

/// How many resolvable pronouns the response resolved, how many of the pronouns it linked to an earlier
/// non-pronominal mention it linked right, and how many of the pronouns its resolved text replaces are
/// replaced right ([`check_rewrites`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PronounCounts {
    /// Resolvable pronouns whose response chain holds one of their key antecedents.
    pub correct: usize,
    /// Resolvable pronouns: third-person one-word key mentions whose key chain has a non-pronominal
    /// mention ending before them.
    pub total: usize,
    /// Linked pronouns whose key chain holds one of the earlier non-pronominal mentions of their response
    /// chain.
    pub linked_right: usize,
    /// Linked pronouns: third-person one-word response mentions whose response chain has a non-pronominal
    /// mention ending before them.
    pub linked: usize,
    /// Replacements in the response's resolved text taken from a mention of the pronoun's key entity.
    pub rewritten_right: usize,
    /// Replacements the response's resolved text makes.
    pub rewritten: usize,
    /// The same counts per pronoun class (indexed as [`Class::ALL`]): resolvable pronouns of the class
    /// (`total`) and replacements of a pronoun of the class (`rewritten_right`, `rewritten`).
    pub by_class: [ClassCounts; 5],
}

/// The resolvable, rewritten-right and rewritten pronouns of one class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClassCounts {
    /// Resolvable key pronouns of the class (as [`PronounCounts::total`]).
    pub total: usize,
    /// Replacements of a pronoun of the class taken from a mention of its key entity.
    pub rewritten_right: usize,
    /// Replacements of a pronoun of the class in the response's resolved text.
    pub rewritten: usize,
}

impl ClassCounts {
    /// The fraction of replaced pronouns of the class replaced right; 0 when none is replaced.
    pub fn rewrite_precision(&self) -> f64 {
        super::counts::ratio(self.rewritten_right as f64, self.rewritten as f64)
    }

    /// The fraction of resolvable pronouns of the class replaced right; 0 when there is none.
    pub fn rewrite_recall(&self) -> f64 {
        super::counts::ratio(self.rewritten_right as f64, self.total as f64)
    }
}

impl PronounCounts {
    /// The fraction resolved; 0 when there is none to resolve.
    pub fn accuracy(&self) -> f64 {
        super::counts::ratio(self.correct as f64, self.total as f64)
    }

    /// The fraction of linked pronouns linked right; 0 when none is linked.
    pub fn precision(&self) -> f64 {
        super::counts::ratio(self.linked_right as f64, self.linked as f64)
    }

    /// The fraction of replaced pronouns replaced right; 0 when none is replaced.
    pub fn rewrite_precision(&self) -> f64 {
        super::counts::ratio(self.rewritten_right as f64, self.rewritten as f64)
    }

    /// The fraction of resolvable pronouns replaced right; 0 when there is none to resolve.
    pub fn rewrite_recall(&self) -> f64 {
        super::counts::ratio(self.rewritten_right as f64, self.total as f64)
    }

    /// The counts of one class.
    pub fn class(&self, class: Class) -> ClassCounts {
        self.by_class[class_index(class)]
    }
}

fn class_index(class: Class) -> usize {
    // Invariant: `Class::ALL` is defined next to `Class` and lists every one of its variants.
    #[allow(clippy::expect_used)]
    Class::ALL.iter().position(|&c| c == class).expect("every class is listed")
}

impl AddAssign for PronounCounts {
    fn add_assign(&mut self, other: PronounCounts) {
        self.correct += other.correct;
        self.total += other.total;
        self.linked_right += other.linked_right;
        self.linked += other.linked;
        self.rewritten_right += other.rewritten_right;
        self.rewritten += other.rewritten;
        for (mine, theirs) in self.by_class.iter_mut().zip(other.by_class) {
            mine.total += theirs.total;
            mine.rewritten_right += theirs.rewritten_right;
            mine.rewritten += theirs.rewritten;
        }
    }
}

/// Scores `response` (clusters as word spans) on the third-person pronouns of `key` and of the response.
/// `options` are how the resolved text whose replacements are counted is rewritten.
pub fn pronoun_accuracy(key: &ConllDocument, response: &[Vec<WordSpan>], options: &Options) -> PronounCounts {
    let words: Vec<&str> = key.sentences().iter().flatten().map(|row| row.word()).collect();
    let possessive: Vec<bool> =
        key.sentences().iter().flatten().map(|row| row.pos().is_some_and(|t| t == "PRP$")).collect();
    let key_chains = key.clusters();
    let mut by_class = [ClassCounts::default(); 5];
    let mut count_class = |word: usize| {
        if let Some(class) = Class::of(words[word], possessive[word]) {
            by_class[class_index(class)].total += 1;
        }
    };
    let (correct, total) = linked_alike(&words, &key_chains, response, &mut count_class);
    let (linked_right, linked) = linked_alike(&words, response, &key_chains, &mut |_| {});
    let checks = check_rewrites(key, &key_chains, response, options);
    for check in &checks {
        if let Some(class) = check.class {
            let counts = &mut by_class[class_index(class)];
            counts.rewritten += 1;
            counts.rewritten_right += usize::from(check.right);
        }
    }
    let rewritten_right = checks.iter().filter(|c| c.right).count();
    PronounCounts { correct, total, linked_right, linked, rewritten_right, rewritten: checks.len(), by_class }
}

/// Over the third-person pronouns of `chains` whose chain has a non-pronominal mention ending before them:
/// how many are in a chain of `other` that holds one of those mentions too, and how many there are
/// (`each` is called with the word of every one counted).
fn linked_alike(
    words: &[&str],
    chains: &[Vec<WordSpan>],
    other: &[Vec<WordSpan>],
    each: &mut dyn FnMut(usize),
) -> (usize, usize) {
    let is_pronoun = |span: &WordSpan| span.len() == 1 && pronoun::lookup(words[span.start()]).is_some();
    let is_third_person = |span: &WordSpan| {
        span.len() == 1 && pronoun::lookup(words[span.start()]).is_some_and(|p| p.is_third_person())
    };
    let other_chain = super::align::chain_of_span(other);
    let (mut alike, mut total) = (0, 0);
    for chain in chains {
        for anaphor in chain.iter().filter(|s| is_third_person(s)) {
            let antecedents: Vec<&WordSpan> =
                chain.iter().filter(|s| !is_pronoun(s) && s.end() <= anaphor.start()).collect();
            if antecedents.is_empty() {
                continue;
            }
            total += 1;
            each(anaphor.start());
            let same = other_chain
                .get(anaphor)
                .is_some_and(|&index| antecedents.iter().any(|a| other[index].contains(a)));
            alike += usize::from(same);
        }
    }
    (alike, total)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::io::conll2012::{parse, ReadOptions};

    fn without_classes(counts: PronounCounts) -> PronounCounts {
        PronounCounts { by_class: Default::default(), ..counts }
    }

    fn w(start: usize, end: usize) -> WordSpan {
        WordSpan::new(start, end).unwrap()
    }

    /// "Kim met Lee . She thanked her . It rained . I left"
    fn key() -> ConllDocument {
        let rows = [
            ("Kim", "(0)"),
            ("met", "-"),
            ("Lee", "(1)"),
            (".", "-"),
            ("She", "(0)"),
            ("thanked", "-"),
            ("her", "(1)"),
            (".", "-"),
            ("It", "(2)"),
            ("rained", "-"),
            ("it", "(2)"),
            ("I", "(3)"),
            ("me", "(3)"),
        ];
        let body: String =
            rows.iter().enumerate().map(|(i, (w, c))| format!("d\t0\t{i}\t{w}\t{c}\n")).collect();
        let text = format!("#begin document (d)\n{body}#end document\n");
        parse(&text, Path::new("t"), ReadOptions::default()).unwrap().documents.remove(0)
    }

    #[test]
    fn counts_third_person_pronouns_with_a_named_antecedent() {
        // She and her count; "It … it" has no non-pronominal antecedent; I/me are first person.
        let perfect = without_classes(pronoun_accuracy(&key(), &key().clusters(), &Options::default()));
        let all_right = PronounCounts {
            correct: 2,
            total: 2,
            linked_right: 2,
            linked: 2,
            rewritten_right: 2,
            rewritten: 2,
            ..Default::default()
        };
        assert_eq!(perfect, all_right, "She → Kim, her → Lee; It … it has no name to take");
        let swapped = vec![vec![w(0, 1), w(6, 7)], vec![w(2, 3), w(4, 5)]];
        assert_eq!(
            without_classes(pronoun_accuracy(&key(), &swapped, &Options::default())),
            PronounCounts {
                correct: 0,
                total: 2,
                linked_right: 0,
                linked: 2,
                rewritten_right: 0,
                rewritten: 2,
                ..Default::default()
            }
        );
        let pronouns_only = vec![vec![w(4, 5), w(6, 7)]];
        assert_eq!(
            without_classes(pronoun_accuracy(&key(), &pronouns_only, &Options::default())),
            PronounCounts { correct: 0, total: 2, ..Default::default() }
        );
        let one_right = vec![vec![w(0, 1), w(4, 5), w(6, 7)]];
        assert_eq!(
            without_classes(pronoun_accuracy(&key(), &one_right, &Options::default())),
            PronounCounts {
                correct: 1,
                total: 2,
                linked_right: 1,
                linked: 2,
                rewritten_right: 1,
                rewritten: 2,
                ..Default::default()
            }
        );
        // an expletive "It" linked to a name: counted as linked, and wrong (its key chain has no name);
        // the resolved text leaves it as written (the `expletive` rule), so it is not rewritten
        let it_to_lee = vec![vec![w(2, 3), w(8, 9)]];
        assert_eq!(
            without_classes(pronoun_accuracy(&key(), &it_to_lee, &Options::default())),
            PronounCounts {
                correct: 0,
                total: 2,
                linked_right: 0,
                linked: 1,
                rewritten_right: 0,
                rewritten: 0,
                ..Default::default()
            }
        );
        let classes = pronoun_accuracy(&key(), &key().clusters(), &Options::default());
        let he_she = ClassCounts { total: 2, rewritten_right: 2, rewritten: 2 };
        assert_eq!(classes.class(Class::HeShe), he_she, "She and object her");
        assert_eq!(classes.class(Class::Possessive), ClassCounts::default());
        let none = pronoun_accuracy(&key(), &[], &Options::default());
        assert_eq!((none.accuracy(), none.precision()), (0.0, 0.0));
    }
}
