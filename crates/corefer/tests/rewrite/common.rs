//! Builds clusters by hand: mentions are named by their text, "word#k" being the k-th (from 0)
//! whole-word occurrence of "word" in the text.

use corefer::records::{ClustersRecord, MentionRecord};
use corefer::rewrite::{rewrite, Options, PossessiveStyle, Replace};
use corefer::Offsets;

/// Byte offset of the `k`-th whole-word occurrence of `needle` in `text`.
fn occurrence(text: &str, needle: &str, k: usize) -> usize {
    let bounded = |start: usize| {
        let end = start + needle.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let first = needle.chars().next().unwrap();
        let last = needle.chars().next_back().unwrap();
        let glued_before = before.is_some_and(char::is_alphanumeric) && first.is_alphanumeric();
        let glued_after = after.is_some_and(char::is_alphanumeric) && last.is_alphanumeric();
        !glued_before && !glued_after
    };
    let found: Vec<usize> = text.match_indices(needle).map(|(i, _)| i).filter(|&i| bounded(i)).collect();
    *found
        .get(k)
        .unwrap_or_else(|| panic!("{needle:?} occurs {} times in {text:?}, not {}", found.len(), k + 1))
}

/// A clusters record over `text` with each cluster given as mention texts.
pub fn record(text: &str, clusters: &[&[&str]]) -> ClustersRecord {
    let mention = |name: &&str| {
        let (needle, k) = match name.rsplit_once('#') {
            Some((needle, k)) => (needle, k.parse().unwrap()),
            None => (*name, 0),
        };
        let start_byte = occurrence(text, needle, k);
        let end_byte = start_byte + needle.len();
        let start = text[..start_byte].chars().count();
        let end = start + needle.chars().count();
        MentionRecord { offsets: Offsets { start, end, start_byte, end_byte }, text: needle.to_string() }
    };
    ClustersRecord {
        id: "test".into(),
        clusters: clusters.iter().map(|c| c.iter().map(mention).collect()).collect(),
    }
}

pub fn options(replace: Replace, possessive: PossessiveStyle) -> Options {
    Options { replace, possessive, ..Options::default() }
}

/// The resolved text of `text` with the given clusters and options.
pub fn resolve_with(text: &str, clusters: &[&[&str]], options: Options) -> String {
    let set = record(text, clusters).mention_set(text).unwrap();
    let result = rewrite(&set, &options);
    assert_eq!(result.resolved.undo(), text, "undoing the edits must give the input back");
    result.resolved.text
}

/// The resolved text with default options (pronouns, "'s").
pub fn resolve(text: &str, clusters: &[&[&str]]) -> String {
    resolve_with(text, clusters, Options::default())
}
