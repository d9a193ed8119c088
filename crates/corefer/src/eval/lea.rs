//! LEA (Moosavi & Strube 2016): each entity weighted by its size, credited by the fraction of its links
//! the other side resolves. Not part of reference v8.01; follows the authors' implementation (coval),
//! where a singleton has one "self link", resolved when the other side has it as a singleton too.
//!
//! Design decision: entities are the aligned chains taken as sets of distinct mentions, so repeated
//! mentions (which the reference's other metrics count) neither add weight nor links.

use std::collections::{HashMap, HashSet};

use super::align::{Aligned, MentionId};
use super::counts::Counts;

pub fn lea(aligned: &Aligned) -> Counts {
    let key = distinct(&aligned.key);
    let response = distinct(&aligned.response);
    let (recall_num, recall_den) = resolved(&key, &response);
    let (precision_num, precision_den) = resolved(&response, &key);
    Counts::new(recall_num, recall_den, precision_num, precision_den)
}

fn distinct(chains: &[Vec<MentionId>]) -> Vec<Vec<MentionId>> {
    chains
        .iter()
        .map(|chain| {
            let mut seen = HashSet::new();
            chain.iter().copied().filter(|id| seen.insert(*id)).collect()
        })
        .collect()
}

/// Σ |e| · resolved links / links over the entities of `side`, and Σ |e|.
fn resolved(side: &[Vec<MentionId>], other: &[Vec<MentionId>]) -> (f64, f64) {
    let mut other_of: HashMap<MentionId, usize> = HashMap::new();
    for (j, chain) in other.iter().enumerate() {
        for &id in chain {
            other_of.insert(id, j);
        }
    }
    let (mut num, mut den) = (0.0, 0.0);
    for entity in side {
        let size = entity.len() as f64;
        den += size;
        if entity.len() == 1 {
            let alone = other_of.get(&entity[0]).is_some_and(|&j| other[j].len() == 1);
            num += if alone { size } else { 0.0 };
            continue;
        }
        let mut per_other: HashMap<usize, usize> = HashMap::new();
        for id in entity {
            if let Some(&j) = other_of.get(id) {
                *per_other.entry(j).or_default() += 1;
            }
        }
        let links = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
        let common: f64 = per_other.values().map(|&n| links(n)).sum();
        num += size * common / links(entity.len());
    }
    (num, den)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_entities_by_size_and_gives_singletons_a_self_link() {
        // Key {0 1 2} {3}; response {0 1} {2 3}: recall = (3·1/3 + 1·0) / 4, precision = (2·1 + 2·0) / 4.
        let aligned = Aligned {
            key: vec![vec![0, 1, 2], vec![3]],
            response: vec![vec![0, 1], vec![2, 3]],
            ..Aligned::default()
        };
        assert_eq!(lea(&aligned), Counts::new(1.0, 4.0, 2.0, 4.0));
        let singletons = Aligned { key: vec![vec![3]], response: vec![vec![3]], ..Aligned::default() };
        assert_eq!(lea(&singletons), Counts::new(1.0, 1.0, 1.0, 1.0));
    }
}
