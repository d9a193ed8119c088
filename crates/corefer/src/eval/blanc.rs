//! BLANC (Recasens & Hovy 2011) for predicted mentions (Luo et al. 2014), as the reference's BLANC line.
//!
//! Design decision: links are sets of unordered mention-id pairs, built as sorted, deduplicated vectors of
//! packed `u64` pairs and intersected by merging. Coreference links pair the mentions of one chain;
//! non-coreference links pair mentions of two different chains. Set semantics (a pair named twice counts
//! once; a repeated mention can link to itself) are the reference's.

use super::align::{Aligned, MentionId};
use super::counts::{BlancCounts, Counts};

pub fn blanc(aligned: &Aligned) -> BlancCounts {
    let (key_coref, key_non) = (coreference_links(&aligned.key), non_coreference_links(&aligned.key));
    let (response_coref, response_non) =
        (coreference_links(&aligned.response), non_coreference_links(&aligned.response));
    let half = |key: &[u64], response: &[u64]| {
        let common = intersection(key, response) as f64;
        Counts::new(common, key.len() as f64, common, response.len() as f64)
    };
    BlancCounts {
        coreference: half(&key_coref, &response_coref),
        non_coreference: half(&key_non, &response_non),
    }
}

fn link(a: MentionId, b: MentionId) -> u64 {
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    (u64::from(low) << 32) | u64::from(high)
}

fn sorted_set(mut links: Vec<u64>) -> Vec<u64> {
    links.sort_unstable();
    links.dedup();
    links
}

fn coreference_links(chains: &[Vec<MentionId>]) -> Vec<u64> {
    let mut links = Vec::new();
    for chain in chains {
        for (i, &a) in chain.iter().enumerate() {
            links.extend(chain[i + 1..].iter().map(|&b| link(a, b)));
        }
    }
    sorted_set(links)
}

fn non_coreference_links(chains: &[Vec<MentionId>]) -> Vec<u64> {
    let mut links = Vec::new();
    for (i, first) in chains.iter().enumerate() {
        for second in &chains[i + 1..] {
            for &a in first {
                links.extend(second.iter().map(|&b| link(a, b)));
            }
        }
    }
    sorted_set(links)
}

fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_sets_and_a_repeated_mention_links_to_itself() {
        // Key {0 1} {2}; response {0 1 1} {2 0}: the response links 0-1, 1-1, 2-0 (coreference) and
        // 0-2, 1-2, 0-0, 1-0 (non-coreference); 0-1 is named twice but counted once.
        let aligned = Aligned {
            key: vec![vec![0, 1], vec![2]],
            response: vec![vec![0, 1, 1], vec![2, 0]],
            ..Aligned::default()
        };
        let counts = blanc(&aligned);
        assert_eq!(counts.coreference, Counts::new(1.0, 1.0, 1.0, 3.0));
        assert_eq!(counts.non_coreference, Counts::new(2.0, 2.0, 2.0, 4.0));
    }
}
