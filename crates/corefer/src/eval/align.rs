//! Aligning one document's key and response partitions the way the reference scorer (v8.01) does.
//!
//! Design decision: every metric works on the same aligned form, mention ids grouped in chains, built
//! once per document with the reference's treatment of odd input. Key mentions get one id per distinct
//! span (a span written twice in the key appears twice, with one id). A response mention that repeats an
//! already matched key mention is removed; a response mention without a key twin ("twinless") gets a fresh
//! id, one per distinct span, and is kept even when repeated. Chains left empty are dropped. Keeping these
//! rules in one place is what makes every metric agree with the reference on duplicated and twinless
//! mentions.

use std::collections::{HashMap, HashSet};

use crate::span::WordSpan;

/// A mention id: equal ids mean the same span.
pub type MentionId = u32;

/// One document's key and response chains over shared mention ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aligned {
    /// Key chains in key order, repeats of a span kept.
    pub key: Vec<Vec<MentionId>>,
    /// Response chains in response order after the reference's removals.
    pub response: Vec<Vec<MentionId>>,
    /// Distinct key spans.
    pub key_mentions: usize,
    /// Distinct response spans.
    pub response_mentions: usize,
    /// Key spans the response has exactly.
    pub matched: usize,
}

/// Aligns key and response chains (in file order, mentions as written, duplicates included).
pub fn align(key: &[Vec<WordSpan>], response: &[Vec<WordSpan>]) -> Aligned {
    let mut key_ids: HashMap<WordSpan, MentionId> = HashMap::new();
    let key: Vec<Vec<MentionId>> = key
        .iter()
        .map(|chain| {
            chain
                .iter()
                .map(|span| {
                    let next = key_ids.len() as MentionId;
                    *key_ids.entry(*span).or_insert(next)
                })
                .collect()
        })
        .collect();
    let mut matched: HashSet<WordSpan> = HashSet::new();
    let mut kept: Vec<Vec<WordSpan>> = Vec::with_capacity(response.len());
    for chain in response {
        let mut chain_kept = Vec::with_capacity(chain.len());
        for span in chain {
            if matched.contains(span) {
                continue;
            }
            if key_ids.contains_key(span) {
                matched.insert(*span);
            }
            chain_kept.push(*span);
        }
        if !chain_kept.is_empty() {
            kept.push(chain_kept);
        }
    }
    let mut twinless: HashMap<WordSpan, MentionId> = HashMap::new();
    let response: Vec<Vec<MentionId>> = kept
        .iter()
        .map(|chain| {
            chain
                .iter()
                .map(|span| match key_ids.get(span) {
                    Some(&id) => id,
                    None => {
                        let next = (key_ids.len() + twinless.len()) as MentionId;
                        *twinless.entry(*span).or_insert(next)
                    }
                })
                .collect()
        })
        .collect();
    Aligned {
        key,
        response,
        key_mentions: key_ids.len(),
        response_mentions: matched.len() + twinless.len(),
        matched: matched.len(),
    }
}

/// The chains with fewer than two distinct spans removed (`--no-singletons`).
pub fn without_singletons(chains: &[Vec<WordSpan>]) -> Vec<Vec<WordSpan>> {
    chains.iter().filter(|chain| chain.iter().collect::<HashSet<_>>().len() >= 2).cloned().collect()
}

/// For each mention id, the index of the last chain holding it (as the reference indexes chains).
pub fn chain_index(chains: &[Vec<MentionId>]) -> HashMap<MentionId, usize> {
    let mut index = HashMap::new();
    for (i, chain) in chains.iter().enumerate() {
        for &id in chain {
            index.insert(id, i);
        }
    }
    index
}

/// The index of the (first) chain holding each span.
pub fn chain_of_span(chains: &[Vec<WordSpan>]) -> HashMap<WordSpan, usize> {
    let mut chain_of: HashMap<WordSpan, usize> = HashMap::new();
    for (index, chain) in chains.iter().enumerate() {
        for span in chain {
            chain_of.entry(*span).or_insert(index);
        }
    }
    chain_of
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: usize) -> WordSpan {
        WordSpan::new(start, start + 1).unwrap()
    }

    #[test]
    fn repeats_of_matched_mentions_are_removed_but_twinless_repeats_stay() {
        // Key {a b} {c}; response {a x} {b a x} {a}: the second and third `a` repeat a matched mention.
        let key = [vec![w(0), w(1)], vec![w(2)]];
        let response = [vec![w(0), w(9)], vec![w(1), w(0), w(9)], vec![w(0)]];
        let aligned = align(&key, &response);
        assert_eq!(aligned.key, [vec![0, 1], vec![2]]);
        assert_eq!(aligned.response, [vec![0, 3], vec![1, 3]]);
        assert_eq!((aligned.key_mentions, aligned.response_mentions, aligned.matched), (3, 3, 2));
    }

    #[test]
    fn key_repeats_share_one_id() {
        let aligned = align(&[vec![w(0), w(0)], vec![w(0), w(1)]], &[]);
        assert_eq!(aligned.key, [vec![0, 0], vec![0, 1]]);
        assert_eq!(aligned.key_mentions, 2);
        assert!(aligned.response.is_empty());
    }

    #[test]
    fn singletons_are_judged_by_distinct_spans() {
        let chains = [vec![w(0), w(0)], vec![w(1), w(2)], vec![w(3)]];
        assert_eq!(without_singletons(&chains), [vec![w(1), w(2)]]);
    }
}
