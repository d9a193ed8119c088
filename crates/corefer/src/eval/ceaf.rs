//! CEAF (Luo 2005), mention-based (CEAFm) and entity-based (CEAFe): the best one-to-one alignment of key
//! and response chains.
//!
//! Design decision: the alignment is an assignment problem solved by Kuhn–Munkres (`pathfinding`), on
//! similarities scaled to integers, and only over the chains that share a mention with some chain of the
//! other side (the others can only be aligned with similarity 0, which adds nothing), one connected group
//! of such chains at a time. The similarity sum
//! itself is then taken from the exact `f64` similarities of the chosen pairs. Similarities count repeated
//! mentions as the reference does.

use std::collections::HashMap;

use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;

use super::align::{Aligned, MentionId};
use super::counts::Counts;

/// How two chains are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Similarity {
    /// φ3: the number of common mentions; denominators count mentions.
    Mention,
    /// φ4: common mentions × 2 / (sizes summed); denominators count chains.
    Entity,
}

/// Resolution of the integer weights given to the assignment solver.
const SCALE: f64 = (1u64 << 32) as f64;

pub fn ceaf(aligned: &Aligned, similarity: Similarity) -> Counts {
    let pairs = similarities(aligned, similarity);
    let numerator = best_alignment(&pairs, aligned.key.len());
    let (key_den, response_den) = match similarity {
        Similarity::Mention => (mentions(&aligned.key), mentions(&aligned.response)),
        Similarity::Entity => (aligned.key.len() as f64, aligned.response.len() as f64),
    };
    Counts::new(numerator, key_den, numerator, response_den)
}

fn mentions(chains: &[Vec<MentionId>]) -> f64 {
    chains.iter().map(Vec::len).sum::<usize>() as f64
}

/// The non-zero similarities `(key chain, response chain, value)`.
fn similarities(aligned: &Aligned, similarity: Similarity) -> Vec<(usize, usize, f64)> {
    let mut chains_of: HashMap<MentionId, Vec<usize>> = HashMap::new();
    for (j, chain) in aligned.response.iter().enumerate() {
        for &id in chain {
            let holders = chains_of.entry(id).or_default();
            if holders.last() != Some(&j) && !holders.contains(&j) {
                holders.push(j);
            }
        }
    }
    let mut pairs = Vec::new();
    for (i, key) in aligned.key.iter().enumerate() {
        let mut common: HashMap<usize, usize> = HashMap::new();
        for id in key {
            for &j in chains_of.get(id).map_or(&[][..], Vec::as_slice) {
                *common.entry(j).or_default() += 1;
            }
        }
        let mut row: Vec<(usize, usize)> = common.into_iter().collect();
        row.sort_unstable();
        for (j, n) in row {
            let value = match similarity {
                Similarity::Mention => n as f64,
                Similarity::Entity => 2.0 * n as f64 / (key.len() + aligned.response[j].len()) as f64,
            };
            pairs.push((i, j, value));
        }
    }
    pairs
}

/// The largest similarity sum of a one-to-one alignment of `key_chains` key chains. The sum is taken as
/// the reference takes it, Σ over key chains in order of `1 - (1 - φ)`, so that it rounds alike.
///
/// The chains that share mentions fall apart into connected groups, and a best alignment of the whole is
/// a best alignment of each group: solving the groups one by one keeps the cubic solver on small matrices
/// (a document of many singletons is many groups of one pair, not one matrix of all chains).
fn best_alignment(pairs: &[(usize, usize, f64)], key_chains: usize) -> f64 {
    let mut per_key = vec![0.0; key_chains];
    for group in groups(pairs) {
        align_group(&group, &mut per_key);
    }
    per_key.iter().map(|similarity| 1.0 - (1.0 - similarity)).sum()
}

/// `pairs` split into the connected groups of the bipartite graph they make (key chain — response chain).
fn groups(pairs: &[(usize, usize, f64)]) -> Vec<Vec<(usize, usize, f64)>> {
    // Union-find over nodes: key chain i is `2i`, response chain j is `2j + 1`.
    let mut parent: HashMap<usize, usize> = HashMap::new();
    fn root(parent: &mut HashMap<usize, usize>, node: usize) -> usize {
        let mut at = node;
        while let Some(&up) = parent.get(&at).filter(|&&up| up != at) {
            at = up;
        }
        let mut walk = node;
        while walk != at {
            let up = parent.insert(walk, at).unwrap_or(at);
            walk = up;
        }
        at
    }
    for &(i, j, _) in pairs {
        let (a, b) = (root(&mut parent, 2 * i), root(&mut parent, 2 * j + 1));
        parent.insert(a, a);
        parent.insert(b, a);
    }
    let mut groups: HashMap<usize, Vec<(usize, usize, f64)>> = HashMap::new();
    for &pair in pairs {
        groups.entry(root(&mut parent, 2 * pair.0)).or_default().push(pair);
    }
    let mut groups: Vec<_> = groups.into_values().collect();
    groups.sort_unstable_by_key(|g| g.first().map(|p| (p.0, p.1)));
    groups
}

/// Solves one group's assignment, writing each aligned key chain's similarity into `per_key`.
fn align_group(pairs: &[(usize, usize, f64)], per_key: &mut [f64]) {
    let compact = |pick: fn(&(usize, usize, f64)) -> usize| {
        let mut ids: Vec<usize> = pairs.iter().map(pick).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (rows, columns) = (compact(|p| p.0), compact(|p| p.1));
    if rows.is_empty() {
        return;
    }
    let transpose = rows.len() > columns.len();
    let (n_rows, n_columns) =
        if transpose { (columns.len(), rows.len()) } else { (rows.len(), columns.len()) };
    let mut weights = Matrix::new(n_rows, n_columns, 0i64);
    let mut exact = Matrix::new(n_rows, n_columns, 0f64);
    for &(i, j, value) in pairs {
        // Every pair's row and column are listed: both lists were built from `pairs`.
        let (Ok(r), Ok(c)) = (rows.binary_search(&i), columns.binary_search(&j)) else { continue };
        let at = if transpose { (c, r) } else { (r, c) };
        weights[at] = (value * SCALE).round() as i64;
        exact[at] = value;
    }
    let (_, assignment) = kuhn_munkres(&weights);
    for (r, &c) in assignment.iter().enumerate() {
        let key = if transpose { rows[c] } else { rows[r] };
        per_key[key] = exact[(r, c)];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aligned(key: Vec<Vec<u32>>, response: Vec<Vec<u32>>) -> Aligned {
        Aligned { key, response, ..Aligned::default() }
    }

    #[test]
    fn finds_the_best_one_to_one_alignment() {
        // Key {0 1 2} {3 4}, response {0 1} {2 3 4} {9}: {0 1 2}-{0 1} and {3 4}-{2 3 4} share 2 + 2
        // mentions (φ4: 4/5 each), against 1 + 0 for the other pairing; {9} stays unaligned.
        let a = aligned(vec![vec![0, 1, 2], vec![3, 4]], vec![vec![0, 1], vec![2, 3, 4], vec![9]]);
        assert_eq!(ceaf(&a, Similarity::Mention), Counts::new(4.0, 5.0, 4.0, 6.0));
        let e = ceaf(&a, Similarity::Entity);
        assert!((e.recall_num - (0.8 + 0.8)).abs() < 1e-12 && e.recall_den == 2.0 && e.precision_den == 3.0);
    }

    #[test]
    fn many_singletons_align_group_by_group_in_linear_time() {
        let n = 50_000;
        let chains: Vec<Vec<u32>> = (0..n).map(|i| vec![i]).collect();
        let a = aligned(chains.clone(), chains);
        assert_eq!(ceaf(&a, Similarity::Entity), Counts::new(n as f64, n as f64, n as f64, n as f64));
        let pairs = [(0, 0, 1.0), (1, 1, 1.0), (2, 1, 0.5), (3, 2, 1.0), (3, 3, 0.25)];
        let groups: Vec<Vec<(usize, usize)>> =
            groups(&pairs).iter().map(|g| g.iter().map(|p| (p.0, p.1)).collect()).collect();
        assert_eq!(groups, [vec![(0, 0)], vec![(1, 1), (2, 1)], vec![(3, 2), (3, 3)]]);
    }

    #[test]
    fn more_key_chains_than_response_chains_and_no_overlap() {
        let a = aligned(vec![vec![0], vec![1], vec![2]], vec![vec![1, 2]]);
        assert_eq!(ceaf(&a, Similarity::Mention).recall_num, 1.0);
        assert_eq!(ceaf(&aligned(vec![vec![0]], vec![vec![5]]), Similarity::Entity).recall_num, 0.0);
    }
}
