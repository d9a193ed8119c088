//! MUC (Vilain et al. 1995): links needed to rebuild each chain.
//!
//! Design decision: counted as the reference does, per response chain, by the mentions that have a later
//! mention of the same key chain; this equals the classic partition formula and needs no partition sets.

use std::collections::HashMap;

use super::align::{chain_index, Aligned};
use super::counts::Counts;

pub fn muc(aligned: &Aligned) -> Counts {
    let key_of = chain_index(&aligned.key);
    let mut correct = 0usize;
    for chain in &aligned.response {
        let mut per_key: HashMap<usize, usize> = HashMap::new();
        for id in chain {
            if let Some(&k) = key_of.get(id) {
                *per_key.entry(k).or_default() += 1;
            }
        }
        correct += per_key.values().map(|n| n - 1).sum::<usize>();
    }
    let links = |chains: &[Vec<u32>]| chains.iter().map(|c| c.len().saturating_sub(1)).sum::<usize>() as f64;
    Counts::new(correct as f64, links(&aligned.key), correct as f64, links(&aligned.response))
}
