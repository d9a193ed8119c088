//! The coreference head (MODEL_FORMAT.md §5–§10): word vectors from subwords, coarse top-k antecedents,
//! fine pair scores (with the optional same-speaker and string-match features), head-word clusters and the
//! span predictor.
//!
//! Design decision: nothing quadratic in the document is ever held whole. Coarse scores are computed for a
//! block of anaphors at a time and cut to their top k at once (a linear-time selection on the scores,
//! anaphors in parallel), and fine scores and span scores are batched into bounded blocks of pair rows,
//! each one dense product. A 20,000-word document thus needs a few MB of scratch instead of the 1.6 GB a
//! full word×word score matrix would take.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::config::{Casing, HeadConfig};
use super::error::NeuralError;
use super::kernels::{self, Linear, MatMut, MatRef, Threads};
use super::weights::TensorFile;
use crate::pronoun;
use crate::span::WordSpan;

/// Anaphors per block of coarse scores.
const COARSE_BLOCK: usize = 256;
/// Pair rows per block of fine or span scores.
const PAIR_BLOCK: usize = 4096;

/// The loaded head.
pub struct Head {
    subword_attn: Vec<f32>,
    subword_attn_bias: f32,
    casing: Vec<f32>,
    proj: Linear,
    coarse: Linear,
    pair_a: Linear,
    pair_b: Linear,
    pair_prod: Linear,
    dist_emb: Vec<f32>,
    /// `same_sent_emb[s] + same_speaker_emb[k] + same_word_emb[w]` at row `4 s + 2 k + w`
    /// (`8 x pair_hidden`), summed once at load so that a pair pays one row whichever features the model
    /// has; a feature the model lacks adds zeros.
    same_emb: Vec<f32>,
    /// `head.match_coarse` (weight over `x_i`, bias): the coarse bias of a same-word pair (§6).
    match_coarse: Option<(Vec<f32>, f32)>,
    pair_hidden: Linear,
    pair_out: Vec<f32>,
    pair_out_bias: f32,
    span_head: Linear,
    span_word: Linear,
    span_dist_emb: Vec<f32>,
    span_hidden: Linear,
    span_out: Linear,
    config: HeadConfig,
    hidden: usize,
}

/// Top-k antecedent candidates of every word with their coarse and final scores (ragged rows: word `i`
/// has `min(k, i)` candidates at `offsets[i]..offsets[i + 1]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Antecedents {
    pub offsets: Vec<usize>,
    pub candidates: Vec<usize>,
    pub coarse: Vec<f32>,
    pub scores: Vec<f32>,
    /// The score of "no antecedent" (`config.head.dummy_score`).
    pub dummy: f32,
}

impl Antecedents {
    pub fn row(&self, i: usize) -> std::ops::Range<usize> {
        self.offsets[i]..self.offsets[i + 1]
    }

    /// The chosen antecedent of word `i`: the best candidate if its score beats the dummy's (§8).
    pub fn best(&self, i: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut best_score = self.dummy;
        for r in self.row(i) {
            if self.scores[r] > best_score {
                best = Some(self.candidates[r]);
                best_score = self.scores[r];
            }
        }
        best
    }

    /// The probability the model gives to word `i`'s antecedent being one of the words `accepted` holds:
    /// the softmax over the dummy and `i`'s candidates, summed over the accepted candidates.
    pub fn probability(&self, i: usize, accepted: impl Fn(usize) -> bool) -> f32 {
        let row = self.row(i);
        let max = self.scores[row.clone()].iter().fold(self.dummy, |m, &s| m.max(s));
        let mut total = (self.dummy - max).exp();
        let mut kept = 0.0;
        for r in row {
            let e = (self.scores[r] - max).exp();
            total += e;
            if accepted(self.candidates[r]) {
                kept += e;
            }
        }
        kept / total
    }
}

fn loaded(
    file: &TensorFile<'_>,
    name: &str,
    outputs: usize,
    inputs: usize,
    bias: bool,
) -> Result<Linear, NeuralError> {
    let weight = file.get(&format!("head.{name}.weight"), &[outputs, inputs])?;
    let bias = if bias { Some(file.vector(&format!("head.{name}.bias"), outputs)?) } else { None };
    Ok(Linear::from_torch(&weight, bias, outputs, inputs))
}

/// Casing class of a word (§5): 0 Title, 1 UPPER, 2 lower, 3 other, looking at ASCII letters only.
pub fn casing(word: &str) -> usize {
    let letters: Vec<char> = word.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    let first_upper = word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    let class = match letters.as_slice() {
        [] => Casing::Other,
        l if l.len() >= 2 && l.iter().all(|c| c.is_ascii_uppercase()) => Casing::Upper,
        [_, rest @ ..] if first_upper && rest.iter().all(|c| c.is_ascii_lowercase()) => Casing::Title,
        l if l.iter().all(|c| c.is_ascii_lowercase()) => Casing::Lower,
        _ => Casing::Other,
    };
    class as usize // the row of the casing embedding: config.rs checks the model lists the classes in this order
}

/// The first `w` of a non-empty range with the largest `f(w)`.
fn first_argmax(range: std::ops::Range<usize>, f: impl Fn(usize) -> f32) -> usize {
    range.clone().fold(range.start, |best, w| if f(w) > f(best) { w } else { best })
}

/// The indices of the `k` best scores of `row` (higher first, ties to the earlier index), best first.
/// `scratch` is reused memory.
fn top_k(row: &[f32], k: usize, scratch: &mut Vec<f32>) -> Vec<usize> {
    let mut order: Vec<usize> = if row.len() > k && k > 0 {
        // Select the k-th best value on a copy of the values alone (no indirection), then take every
        // index that beats it and the earliest ones that tie with it.
        scratch.clear();
        scratch.extend_from_slice(row);
        let (above, kth, _) = scratch.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
        let kth = *kth;
        let mut ties = k - above.iter().filter(|v| v.total_cmp(&kth).is_gt()).count();
        (0..row.len())
            .filter(|&j| match row[j].total_cmp(&kth) {
                Ordering::Greater => true,
                Ordering::Equal if ties > 0 => {
                    ties -= 1;
                    true
                }
                _ => false,
            })
            .collect()
    } else {
        (0..row.len().min(k)).collect()
    };
    order.sort_unstable_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
    order
}

/// Lexeme ids of words (§6): equal exactly when the lower-cased forms are equal, numbered in order of
/// first appearance; unless `match_pronouns`, every third-person pronoun gets a new id of its own.
pub fn lexeme_ids(words: &[&str], match_pronouns: bool) -> Vec<usize> {
    let mut ids = HashMap::new();
    let mut fresh = 0;
    let mut next = || {
        fresh += 1;
        fresh - 1
    };
    words
        .iter()
        .map(|w| {
            if !match_pronouns && pronoun::lookup(w).is_some_and(|p| p.is_third_person()) {
                return next();
            }
            *ids.entry(w.to_lowercase()).or_insert_with(&mut next)
        })
        .collect()
}

/// For every word, the earlier words with the same lexeme id: one position list per lexeme, so a
/// document costs the sum of squared word frequencies rather than `n^2` comparisons. Lexeme ids may be
/// any integers (only equality matters), so the lists are keyed by id rather than indexed by it.
struct EarlierSameWord<'a> {
    positions: HashMap<usize, Vec<usize>>,
    rank: Vec<usize>,
    lexeme: &'a [usize],
}

impl<'a> EarlierSameWord<'a> {
    fn new(lexeme: &'a [usize]) -> EarlierSameWord<'a> {
        let mut positions: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut rank = Vec::with_capacity(lexeme.len());
        for (i, &l) in lexeme.iter().enumerate() {
            let list = positions.entry(l).or_default();
            rank.push(list.len());
            list.push(i);
        }
        EarlierSameWord { positions, rank, lexeme }
    }

    fn of(&self, i: usize) -> &[usize] {
        &self.positions[&self.lexeme[i]][..self.rank[i]]
    }
}

/// Distance bucket of §7 for `d >= 1`: the index of the last bucket start `<= d`. The starts are the data
/// file `data/distance-buckets.txt`, which the trainer reads too (`train/rules.py`), compiled in (its
/// tests, here and in `train/tests/test_rules.py`, fail on a line that is no number).
fn bucket(d: usize) -> usize {
    static STARTS: OnceLock<Vec<usize>> = OnceLock::new();
    let starts = STARTS.get_or_init(|| {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/distance-buckets.txt"))
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.parse().ok())
            .collect()
    });
    starts.partition_point(|&s| s <= d) - 1
}

impl Head {
    /// Loads the head tensors (§12) with the sizes of `config`, on an encoder of width `hidden`.
    pub fn load(file: &TensorFile<'_>, config: &HeadConfig, hidden: usize) -> Result<Head, NeuralError> {
        let (d, p, h, s) = (config.word_dim, config.proj_dim, config.pair_hidden, config.span_hidden);
        let pair_out = file.get("head.pair_out.weight", &[1, h])?;
        let same_sent = file.get("head.same_sent_emb.weight", &[2, h])?;
        let optional = |on: bool, name: &str| match on {
            true => file.get(name, &[2, h]),
            false => Ok(vec![0.0; 2 * h]),
        };
        let same_speaker = optional(config.speaker_feature, "head.same_speaker_emb.weight")?;
        let same_word = optional(config.string_match, "head.same_word_emb.weight")?;
        let mut same_emb = Vec::with_capacity(8 * h);
        for row in 0..8 {
            let (s, k, w) = (row / 4, row / 2 % 2, row % 2);
            same_emb.extend(
                (0..h).map(|c| same_sent[s * h + c] + same_speaker[k * h + c] + same_word[w * h + c]),
            );
        }
        Ok(Head {
            subword_attn: file.get("head.subword_attn.weight", &[1, hidden])?,
            subword_attn_bias: file.vector("head.subword_attn.bias", 1)?[0],
            casing: file.get("head.casing_emb.weight", &[4, config.casing_dim])?,
            proj: loaded(file, "proj", p, d, true)?,
            coarse: loaded(file, "coarse", p, p, true)?,
            match_coarse: match config.string_match {
                true => Some((
                    file.get("head.match_coarse.weight", &[1, p])?,
                    file.vector("head.match_coarse.bias", 1)?[0],
                )),
                false => None,
            },
            pair_a: loaded(file, "pair_a", h, p, false)?,
            pair_b: loaded(file, "pair_b", h, p, false)?,
            pair_prod: loaded(file, "pair_prod", h, p, true)?,
            dist_emb: file.get("head.dist_emb.weight", &[config.distance_buckets, h])?,
            same_emb,
            pair_hidden: loaded(file, "pair_hidden", h, h, true)?,
            pair_out,
            pair_out_bias: file.vector("head.pair_out.bias", 1)?[0],
            span_head: loaded(file, "span_head", s, d, false)?,
            span_word: loaded(file, "span_word", s, d, true)?,
            span_dist_emb: file.get("head.span_dist_emb.weight", &[2 * config.span_max_dist + 1, s])?,
            span_hidden: loaded(file, "span_hidden", s, s, true)?,
            span_out: loaded(file, "span_out", 2, s, true)?,
            config: config.clone(),
            hidden,
        })
    }

    /// Word vectors `v_w` (§5, `n_words x word_dim`): attention-pooled subword vectors plus casing embedding.
    /// `stitched` holds one encoder vector per subword; `word_of` is sorted with every word present.
    pub fn word_vectors(&self, stitched: &[f32], word_of: &[usize], casing: &[usize]) -> Vec<f32> {
        let (hid, d, cd) = (self.hidden, self.config.word_dim, self.config.casing_dim);
        let mut v = vec![0.0; casing.len() * d];
        let mut t = 0;
        for (w, row) in v.chunks_exact_mut(d).enumerate() {
            let end = t + word_of[t..].iter().take_while(|&&o| o == w).count();
            let subwords = &stitched[t * hid..end * hid];
            let logits: Vec<f32> = subwords
                .chunks_exact(hid)
                .map(|h| kernels::dot(h, &self.subword_attn) + self.subword_attn_bias)
                .collect();
            let max = logits.iter().fold(f32::NEG_INFINITY, |m, &a| m.max(a));
            let weights: Vec<f32> = logits.iter().map(|&a| (a - max).exp()).collect();
            let total: f32 = weights.iter().sum();
            for (h, &a) in subwords.chunks_exact(hid).zip(&weights) {
                for (o, &x) in row[..hid].iter_mut().zip(h) {
                    *o += a / total * x;
                }
            }
            row[hid..].copy_from_slice(&self.casing[casing[w] * cd..(casing[w] + 1) * cd]);
            t = end;
        }
        v
    }

    /// Projected word vectors `x_w` (§5, `n_words x proj_dim`).
    pub fn project(&self, v: &[f32], threads: Threads) -> Vec<f32> {
        self.proj.apply(v, v.len() / self.config.word_dim, threads)
    }

    /// Coarse top-k candidates and their final scores (§6, §7) for projected vectors `x`, sentence ids,
    /// speaker ids and lexeme ids (one of each per word; only equality matters, see [`lexeme_ids`]).
    pub fn antecedents(
        &self,
        x: &[f32],
        sentence: &[usize],
        speaker: &[usize],
        lexeme: &[usize],
        threads: Threads,
    ) -> Antecedents {
        let (n, p, k) = (sentence.len(), self.config.proj_dim, self.config.top_k);
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        for i in 0..n {
            offsets.push(offsets[i] + k.min(i));
        }
        let total = offsets[n];
        let (mut candidates, mut coarse) = (Vec::with_capacity(total), Vec::with_capacity(total));
        let queries = self.coarse.apply(x, n, threads);
        let earlier_same_word = EarlierSameWord::new(lexeme);
        let mut block = Vec::new();
        for first in (0..n).step_by(COARSE_BLOCK) {
            let last = (first + COARSE_BLOCK).min(n);
            let cols = last - 1;
            block.resize((last - first) * cols, 0.0);
            kernels::matmul(
                MatMut::rows(&mut block, last - first, cols),
                MatRef::rows(&queries[first * p..last * p], last - first, p),
                MatRef::rows(&x[..cols * p], cols, p).t(),
                1.0,
                false,
                threads,
            );
            if let Some((weight, bias)) = &self.match_coarse {
                for i in first..last {
                    let boost = kernels::dot(&x[i * p..(i + 1) * p], weight) + bias;
                    for &j in earlier_same_word.of(i) {
                        block[(i - first) * cols + j] += boost;
                    }
                }
            }
            // Anaphor i's candidates are the words before it: the first i scores of its row.
            let row = |i: usize| &block[(i - first) * cols..(i - first) * cols + i];
            let best: Vec<Vec<usize>> = if threads.get() > 1 {
                (first..last)
                    .into_par_iter()
                    .map_init(Vec::new, |scratch, i| top_k(row(i), k, scratch))
                    .collect()
            } else {
                let mut scratch = Vec::new();
                (first..last).map(|i| top_k(row(i), k, &mut scratch)).collect()
            };
            for (i, order) in (first..last).zip(best) {
                coarse.extend(order.iter().map(|&j| row(i)[j]));
                candidates.extend(order);
            }
        }
        // The row of `same_emb` for the pair (i, j).
        let same = |i: usize, j: usize| {
            4 * usize::from(sentence[i] == sentence[j])
                + 2 * usize::from(speaker[i] == speaker[j])
                + usize::from(lexeme[i] == lexeme[j])
        };
        let scores = self.fine_scores(x, same, &offsets, &candidates, &coarse, threads);
        Antecedents { offsets, candidates, coarse, scores, dummy: self.config.dummy_score }
    }

    /// `s(i, j) = c(i, j) + f(i, j)` for every listed pair (§7), in blocks of pair rows; `same(i, j)` is
    /// the row of `same_emb` for the pair.
    fn fine_scores(
        &self,
        x: &[f32],
        same: impl Fn(usize, usize) -> usize,
        offsets: &[usize],
        candidates: &[usize],
        coarse: &[f32],
        threads: Threads,
    ) -> Vec<f32> {
        let (p, h) = (self.config.proj_dim, self.config.pair_hidden);
        let n = x.len() / p;
        let a = self.pair_a.apply(x, n, threads);
        let b = self.pair_b.apply(x, n, threads);
        let zeros = vec![0.0; h];
        let prod_bias = self.pair_prod.bias().unwrap_or(&zeros);
        let mut scores = Vec::with_capacity(candidates.len());
        let (mut products, mut z1, mut z2) = (Vec::new(), Vec::new(), Vec::new());
        let mut anaphor = 0;
        for first in (0..candidates.len()).step_by(PAIR_BLOCK) {
            let last = (first + PAIR_BLOCK).min(candidates.len());
            let rows = last - first;
            products.resize(rows * p, 0.0);
            z1.resize(rows * h, 0.0);
            for r in first..last {
                while offsets[anaphor + 1] <= r {
                    anaphor += 1;
                }
                let (i, j) = (anaphor, candidates[r]);
                let out = &mut products[(r - first) * p..(r - first + 1) * p];
                for ((o, &xi), &xj) in out.iter_mut().zip(&x[i * p..(i + 1) * p]).zip(&x[j * p..(j + 1) * p])
                {
                    *o = xi * xj;
                }
                let dist = &self.dist_emb[bucket(i - j) * h..(bucket(i - j) + 1) * h];
                let kind = same(i, j);
                let same_row = &self.same_emb[kind * h..(kind + 1) * h];
                let z = &mut z1[(r - first) * h..(r - first + 1) * h];
                for c in 0..h {
                    z[c] = a[i * h + c] + b[j * h + c] + prod_bias[c] + dist[c] + same_row[c];
                }
            }
            kernels::matmul(
                MatMut::rows(&mut z1, rows, h),
                MatRef::rows(&products, rows, p),
                self.pair_prod.weight_t(),
                1.0,
                true,
                threads,
            );
            kernels::leaky_relu(&mut z1, self.config.leaky_relu_slope);
            z2.resize(rows * h, 0.0);
            self.pair_hidden.forward(&z1, rows, &mut z2, threads);
            kernels::leaky_relu(&mut z2, self.config.leaky_relu_slope);
            for (r, z) in (first..last).zip(z2.chunks_exact(h)) {
                scores.push(coarse[r] + kernels::dot(z, &self.pair_out) + self.pair_out_bias);
            }
        }
        scores
    }

    /// Mention spans of the head words `heads` (§9; the spec's inclusive `[start, end]` as a half-open
    /// [`WordSpan`]), given word vectors `v` and each word's sentence as a word range `[lo, hi)`.
    pub fn spans(
        &self,
        v: &[f32],
        heads: &[usize],
        sentence_of: &[(usize, usize)],
        threads: Threads,
    ) -> Vec<WordSpan> {
        let (d, s, m) = (self.config.word_dim, self.config.span_hidden, self.config.span_max_dist);
        let n = sentence_of.len();
        let word_part = self.span_word.apply(v, n, threads);
        let mut spans = Vec::with_capacity(heads.len());
        // Each head contributes one row per word of its sentence; heads are batched up to PAIR_BLOCK rows.
        let mut next = 0;
        while next < heads.len() {
            let mut batch = Vec::new();
            let mut rows = 0;
            while next < heads.len()
                && (batch.is_empty()
                    || rows + sentence_of[heads[next]].1 - sentence_of[heads[next]].0 <= PAIR_BLOCK)
            {
                rows += sentence_of[heads[next]].1 - sentence_of[heads[next]].0;
                batch.push(heads[next]);
                next += 1;
            }
            let head_vectors: Vec<f32> =
                batch.iter().flat_map(|&h| v[h * d..(h + 1) * d].iter().copied()).collect();
            let head_part = self.span_head.apply(&head_vectors, batch.len(), threads);
            let mut y1 = Vec::with_capacity(rows * s);
            for (b, &h) in batch.iter().enumerate() {
                let (lo, hi) = sentence_of[h];
                for w in lo..hi {
                    let g = (w as i64 - h as i64).clamp(-(m as i64), m as i64) + m as i64;
                    let dist = &self.span_dist_emb[g as usize * s..(g as usize + 1) * s];
                    let (hp, wp) = (&head_part[b * s..(b + 1) * s], &word_part[w * s..(w + 1) * s]);
                    y1.extend((0..s).map(|c| hp[c] + wp[c] + dist[c]));
                }
            }
            kernels::leaky_relu(&mut y1, self.config.leaky_relu_slope);
            let mut y2 = self.span_hidden.apply(&y1, rows, threads);
            kernels::leaky_relu(&mut y2, self.config.leaky_relu_slope);
            let out = self.span_out.apply(&y2, rows, threads);
            let mut row = 0;
            for &h in &batch {
                let (lo, hi) = sentence_of[h];
                let score = |w: usize, which: usize| out[(row + w - lo) * 2 + which];
                let (start, last) =
                    (first_argmax(lo..h + 1, |w| score(w, 0)), first_argmax(h..hi, |w| score(w, 1)));
                spans.push(WordSpan::at(start, last + 1 - start)); // start <= h <= last
                row += hi - lo;
            }
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_buckets_are_those_of_the_spec() {
        // MODEL_FORMAT.md §7: 1..4 -> 0..3, 5..7 -> 4, 8..15 -> 5, ..., 64..127 -> 8, from 128 on 9
        let got = [1, 4, 5, 7, 8, 15, 16, 127, 128, 5000, usize::MAX].map(bucket);
        assert_eq!(got, [0, 3, 4, 4, 5, 5, 6, 8, 9, 9, 9]);
        let lines = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/distance-buckets.txt"))
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(bucket(usize::MAX) + 1, lines, "a line of distance-buckets.txt is no number");
    }

    #[test]
    fn third_person_pronouns_can_be_left_out_of_the_match() {
        let words =
            ["He", "told", "her", "that", "he", "and", "I", "saw", "it", ",", "I", "said", "he", "told"];
        assert_eq!(lexeme_ids(&words, true), [0, 1, 2, 3, 0, 4, 5, 6, 7, 8, 5, 9, 0, 1]);
        // he, her, he, it, he: each a form of its own; "I" and "told" still match
        assert_eq!(lexeme_ids(&words, false), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 6, 10, 11, 1]);
    }

    #[test]
    fn lexemes_ignore_case_and_list_earlier_occurrences() {
        let words = ["The", "army", "said", "the", "Army", "would", "stay", ",", "the", "army", "said"];
        let lexeme = lexeme_ids(&words, true);
        assert_eq!(lexeme, [0, 1, 2, 0, 1, 3, 4, 5, 0, 1, 2]);
        let earlier = EarlierSameWord::new(&lexeme);
        assert_eq!(earlier.of(0), [] as [usize; 0]);
        assert_eq!(earlier.of(4), [1]);
        assert_eq!(earlier.of(8), [0, 3]);
        assert_eq!(earlier.of(10), [2]);
        for i in 0..words.len() {
            let by_scan: Vec<usize> = (0..i).filter(|&j| lexeme[j] == lexeme[i]).collect();
            assert_eq!(earlier.of(i), by_scan.as_slice(), "word {i}");
        }
        let sparse = [usize::MAX, 7, usize::MAX];
        assert_eq!(EarlierSameWord::new(&sparse).of(2), [0], "ids are compared, not used as indices");
    }

    #[test]
    fn probability_is_the_softmax_mass_of_the_accepted_candidates() {
        // word 2 has candidates 0 and 1 with exp-scores 1 and 3 beside the dummy's 1 (total 5)
        let antecedents = Antecedents {
            offsets: vec![0, 0, 1, 3],
            candidates: vec![0, 0, 1],
            coarse: vec![0.0; 3],
            scores: vec![9.0, 0.0, 3f32.ln()],
            dummy: 0.0,
        };
        let p = |accepted: &[usize]| antecedents.probability(2, |j| accepted.contains(&j));
        assert!((p(&[1]) - 0.6).abs() < 1e-6);
        assert!((p(&[0, 1]) - 0.8).abs() < 1e-6);
        assert_eq!(p(&[]), 0.0);
        assert!((antecedents.probability(1, |_| true) - 1.0).abs() < 1e-3, "e^9 against the dummy's 1");
        assert_eq!(antecedents.probability(0, |_| true), 0.0, "no candidates: all on the dummy");
    }

    /// §6 as written: sort every candidate (higher score first, ties to the earlier word), keep k.
    fn top_k_by_sorting(row: &[f32], k: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..row.len()).collect();
        order.sort_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
        order.truncate(k);
        order
    }

    #[test]
    fn top_k_keeps_the_best_and_the_earliest_ties() {
        let mut scratch = Vec::new();
        // Few distinct values, so most rows have ties across the k-th place; -0.0 and 0.0 differ.
        let values = [0.5, -1.0, 0.0, -0.0, 2.0, 0.5, 3.0];
        for len in 0..60 {
            let row: Vec<f32> = (0..len).map(|j| values[(j * 7 + len) % values.len()]).collect();
            for k in [0, 1, 3, 7, 40] {
                assert_eq!(top_k(&row, k, &mut scratch), top_k_by_sorting(&row, k), "len {len} k {k}");
            }
        }
    }
}
