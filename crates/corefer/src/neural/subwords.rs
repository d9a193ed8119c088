//! Words → subword ids (MODEL_FORMAT.md §2) and the overlapping encoder windows with their stitching (§3).
//!
//! Design decision: each word is tokenized on its own, so the subword → word map is exact and identical to
//! the trainer's; windows are equal-length and each subword takes its vector from the window in which it is
//! most central. That rule gives every window one contiguous run of subwords, so the stitched output can
//! be split into disjoint slices and windows encoded in parallel, each writing only its own run.

use std::collections::HashMap;

use tokenizers::Tokenizer;

use super::error::NeuralError;

/// The subwords of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subwords {
    /// Subword ids, in word order.
    pub ids: Vec<u32>,
    /// For each subword, the index of its word.
    pub word_of: Vec<usize>,
}

/// Tokenizes each word separately (no special tokens); a word with no subwords becomes `[unk]`.
pub fn tokenize<'w>(
    tokenizer: &Tokenizer,
    words: impl IntoIterator<Item = &'w str>,
    unk: u32,
) -> Result<Subwords, NeuralError> {
    let mut cache: HashMap<&str, Vec<u32>> = HashMap::new();
    let (mut ids, mut word_of) = (Vec::new(), Vec::new());
    for (index, word) in words.into_iter().enumerate() {
        if !cache.contains_key(word) {
            let encoding = tokenizer.encode(word, false).map_err(|e| NeuralError::Tokenize {
                word: index,
                text: word.to_string(),
                message: e.to_string(),
            })?;
            let pieces = match encoding.get_ids() {
                [] => vec![unk],
                pieces => pieces.to_vec(),
            };
            cache.insert(word, pieces);
        }
        let pieces = &cache[word];
        ids.extend_from_slice(pieces);
        word_of.extend(std::iter::repeat_n(index, pieces.len()));
    }
    Ok(Subwords { ids, word_of })
}

/// The encoder windows over `n` subwords and, for each, the run of subwords it supplies vectors for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Windows {
    /// Window starts (subword indices); every window has `len` subwords of content.
    pub starts: Vec<usize>,
    pub len: usize,
    /// `owned[k]`: the subwords `[from, to)` whose vector comes from window `k` (contiguous, in order,
    /// covering `0..n`; a window may own none).
    pub owned: Vec<(usize, usize)>,
}

impl Windows {
    /// Windows of `size` subwords every `stride` (the last one flush with the end), §3.
    pub fn new(n: usize, size: usize, stride: usize) -> Windows {
        let mut starts = vec![0];
        if n > size {
            while let Some(&last) = starts.last().filter(|&&s| s + size < n) {
                starts.push((last + stride).min(n - size));
            }
        }
        let len = size.min(n);
        // Most central window: minimise |2(i - s) - (len - 1)|, ties to the earlier window. With equal
        // lengths and increasing starts the choice is non-decreasing in i, so each window owns a run.
        let centre_distance = |i: usize, s: usize| (2 * i as i64 - 2 * s as i64 - (len as i64 - 1)).abs();
        let mut owned = Vec::with_capacity(starts.len());
        let mut from = 0;
        for (k, &s) in starts.iter().enumerate() {
            let mut to = from;
            while to < n
                && to < s + len
                && starts[k + 1..]
                    .iter()
                    .take_while(|&&t| t <= to)
                    .all(|&t| centre_distance(to, s) <= centre_distance(to, t))
            {
                to += 1;
            }
            owned.push((from, to));
            from = to;
        }
        Windows { starts, len, owned }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule of §3 applied subword by subword: (window, position without [CLS]).
    fn most_central(n: usize, w: &Windows) -> Vec<usize> {
        (0..n)
            .map(|i| {
                let mut best: Option<(i64, usize)> = None;
                for (k, &s) in w.starts.iter().enumerate() {
                    if s <= i && i < s + w.len {
                        let d = (2 * (i as i64 - s as i64) - (w.len as i64 - 1)).abs();
                        if best.is_none_or(|(bd, _)| d < bd) {
                            best = Some((d, k));
                        }
                    }
                }
                best.unwrap().1
            })
            .collect()
    }

    #[test]
    fn windows_follow_the_spec() {
        assert_eq!(Windows::new(5, 16, 12).starts, [0]);
        assert_eq!(Windows::new(16, 16, 12).starts, [0]);
        assert_eq!(Windows::new(40, 16, 12).starts, [0, 12, 24]);
        assert_eq!(Windows::new(41, 16, 12).starts, [0, 12, 24, 25]);
        assert_eq!(Windows::new(900, 384, 320).starts, [0, 320, 516]);
    }

    #[test]
    fn owned_runs_match_the_most_central_rule() {
        for (size, stride) in [(16, 12), (16, 16), (16, 1), (7, 3), (384, 320)] {
            for n in 1..1000 {
                let w = Windows::new(n, size, stride);
                let expected = most_central(n, &w);
                let mut got = vec![usize::MAX; n];
                let mut next = 0;
                for (k, &(from, to)) in w.owned.iter().enumerate() {
                    assert_eq!(from, next, "runs are contiguous");
                    got[from..to].fill(k);
                    next = to;
                }
                assert_eq!(next, n);
                assert_eq!(got, expected, "n {n} size {size} stride {stride}");
            }
        }
    }
}
