//! B³ (Bagga & Baldwin 1998): per-mention overlap of the mention's key and response chains.
//!
//! Design decision: summed over response mentions in response order, with each chain taken as the
//! reference takes it (repeats counted, a mention's key chain being the last one holding it), so the
//! floating-point sums match the reference's.

use std::collections::HashSet;

use super::align::{chain_index, Aligned};
use super::counts::Counts;

pub fn bcub(aligned: &Aligned) -> Counts {
    let key_of = chain_index(&aligned.key);
    let key_sets: Vec<HashSet<u32>> = aligned.key.iter().map(|c| c.iter().copied().collect()).collect();
    let (mut recall, mut precision) = (0.0, 0.0);
    for chain in &aligned.response {
        for id in chain {
            let Some(&k) = key_of.get(id) else { continue };
            let common = chain.iter().filter(|m| key_sets[k].contains(m)).count() as f64;
            precision += common / chain.len() as f64;
            recall += common / aligned.key[k].len() as f64;
        }
    }
    let mentions = |chains: &[Vec<u32>]| chains.iter().map(Vec::len).sum::<usize>() as f64;
    Counts::new(recall, mentions(&aligned.key), precision, mentions(&aligned.response))
}
