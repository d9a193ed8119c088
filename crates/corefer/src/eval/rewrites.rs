//! Rewrite precision: of the pronouns the resolved text replaces, how many it replaces with a mention of
//! their own entity.
//!
//! Design decision: the response is rewritten by the very code `corefer resolve` runs (default options)
//! on the key's words, so the count sees every rule of the rewrite (which cluster name is chosen, which
//! clusters are left alone) instead of a model of it. A replacement is right when the key chain of the
//! replaced pronoun holds the mention the replacement was taken from, up to its extent: the same last
//! word and one span inside the other ("Emperor Norton I" for "Norton I", but not "his wife" for "his"),
//! since which words a name spans is a matter of the rewrite's wording, not of which entity it names.

use std::collections::HashMap;

use crate::io::conll2012::ConllDocument;
use crate::pronoun::Class;
use crate::rewrite::{rewrite, MentionSet, Options};
use crate::span::TextSpan;
use crate::span::WordSpan;

/// One replacement of the resolved text, checked against the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewriteCheck {
    /// The replaced word (index into the document's words; `usize::MAX` for an edit off the words).
    pub word: usize,
    /// The replaced pronoun's class ("her" by the key's part-of-speech tag when it has one).
    pub class: Option<Class>,
    /// The replaced text as it stands in the document.
    pub original: String,
    /// The text put in its place in the resolved text.
    pub replacement: String,
    /// The text of the mention the replacement was taken from.
    pub name: String,
    /// The first word of that mention (index into the document's words; `usize::MAX` off the words).
    pub name_word: usize,
    /// Whether the mention the replacement was taken from is a mention of the pronoun's key entity.
    pub right: bool,
}

/// How many pronouns the resolved text of `response` (rewritten with `options`) replaces with a
/// mention of their key entity, and how many it replaces; (0, 0) when the response does not fit the
/// key's words.
/// `key_chains` are `key.clusters()`.
#[cfg(test)]
fn rewrites_right(
    key: &ConllDocument,
    key_chains: &[Vec<WordSpan>],
    response: &[Vec<WordSpan>],
    options: &Options,
) -> (usize, usize) {
    let checks = check_rewrites(key, key_chains, response, options);
    (checks.iter().filter(|c| c.right).count(), checks.len())
}

/// Every replacement the resolved text of `response` makes, checked against the key; empty when the
/// response does not fit the key's words.
pub fn check_rewrites(
    key: &ConllDocument,
    key_chains: &[Vec<WordSpan>],
    response: &[Vec<WordSpan>],
    options: &Options,
) -> Vec<RewriteCheck> {
    let Ok(mut doc) = key.to_document() else { return Vec::new() };
    if doc.set_clusters(response.to_vec()).is_err() {
        return Vec::new();
    }
    let starts: HashMap<usize, usize> =
        doc.words().iter().enumerate().map(|(i, w)| (w.bytes.start(), i)).collect();
    let ends: HashMap<usize, usize> =
        doc.words().iter().enumerate().map(|(i, w)| (w.bytes.end(), i + 1)).collect();
    let span_of =
        |at: &TextSpan| WordSpan::new(*starts.get(&at.bytes.start())?, *ends.get(&at.bytes.end())?).ok();
    let key_chain = super::align::chain_of_span(key_chains);
    let names = |chain: usize, name: WordSpan| {
        key_chains[chain].iter().any(|m| m.end() == name.end() && (m.encloses(&name) || name.encloses(m)))
    };
    let tags: Vec<Option<&str>> = key.sentences().iter().flatten().map(|row| row.pos()).collect();
    let (set, _skipped) = MentionSet::from_document(&doc);
    let result = rewrite(&set, options);
    result
        .resolved
        .edits
        .iter()
        .map(|edit| {
            let at = span_of(&edit.original);
            let name = span_of(&edit.name);
            let chain = at.and_then(|at| key_chain.get(&at).copied());
            let right = chain.zip(name).is_some_and(|(c, name)| names(c, name));
            let word = at.map_or(usize::MAX, |at| at.start());
            let possessive = tags.get(word).copied().flatten().is_some_and(|t| t == "PRP$");
            RewriteCheck {
                word,
                class: Class::of(&edit.original_text, possessive),
                original: edit.original_text.clone(),
                replacement: edit.replacement.clone(),
                name: set.slice(edit.name.bytes).to_string(),
                name_word: name.map_or(usize::MAX, |n| n.start()),
                right,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::io::conll2012::{parse, ReadOptions};

    fn w(start: usize, end: usize) -> WordSpan {
        WordSpan::new(start, end).unwrap()
    }

    /// "Emperor Norton I ruled . He married . His wife left ." with Norton's and the wife's chains.
    fn key() -> ConllDocument {
        let rows = [
            ("Emperor", "(0"),
            ("Norton", "-"),
            ("I", "0)"),
            ("ruled", "-"),
            (".", "-"),
            ("He", "(0)"),
            ("married", "-"),
            (".", "-"),
            ("His", "(1|(0)"),
            ("wife", "1)"),
            ("left", "-"),
            (".", "-"),
            ("She", "(1)"),
            ("cried", "-"),
        ];
        let body: String =
            rows.iter().enumerate().map(|(i, (w, c))| format!("d\t0\t{i}\t{w}\t{c}\n")).collect();
        let text = format!("#begin document (d)\n{body}#end document\n");
        parse(&text, Path::new("t"), ReadOptions::default()).unwrap().documents.remove(0)
    }

    #[test]
    fn a_name_counts_whatever_its_extent_but_not_a_phrase_around_the_pronoun() {
        assert_eq!(
            rewrites_right(&key(), &key().clusters(), &key().clusters(), &Options::default()),
            (3, 3),
            "He, His → Emperor Norton I; She → His wife"
        );
        // "Norton I" names the same man as the key's "Emperor Norton I"
        let shorter = vec![vec![w(1, 3), w(5, 6), w(8, 9)], vec![w(8, 10), w(12, 13)]];
        assert_eq!(rewrites_right(&key(), &key().clusters(), &shorter, &Options::default()), (3, 3));
        // "His wife" for "He": it ends elsewhere than any mention of the man (the rules would leave both
        // pronouns alone: a later name, a man's title for "She"; counting is what is tested here)
        let wrong = vec![vec![w(8, 10), w(5, 6)], vec![w(0, 3), w(12, 13)]];
        let no_rules = Options { rules: crate::rewrite::Rules::OFF, ..Options::default() };
        assert_eq!(rewrites_right(&key(), &key().clusters(), &wrong, &no_rules), (0, 2));
        assert_eq!(rewrites_right(&key(), &key().clusters(), &wrong, &Options::default()), (0, 0));
        assert_eq!(rewrites_right(&key(), &key().clusters(), &[], &Options::default()), (0, 0));
        let off_the_words = vec![vec![w(0, 3), w(40, 41)]];
        assert_eq!(rewrites_right(&key(), &key().clusters(), &off_the_words, &Options::default()), (0, 0));
    }
}
