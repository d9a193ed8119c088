//! The neural coreference model in pure Rust: a word-level (wl-coref style) head on a MiniLM BERT encoder,
//! implementing `train/MODEL_FORMAT.md` (format_version 1) of the trainer.
//!
//! Design decision: a model is built from three byte buffers (config, safetensors, tokenizer) and the
//! name they came from, so a model directory (`--model DIR`) and a model compiled into the binary go through
//! the same checked loading path. Inference is one pipeline of stages (subwords → windows → encoder →
//! word vectors → antecedents → clusters → spans), each a function of the previous stage's output, and
//! [`NeuralModel::analyze`] (words with per-word sentence and speaker ids) returns every stage's result so
//! parity tests compare them one by one.

#![cfg_attr(not(feature = "internals"), allow(dead_code))] // stage outputs read only by the parity tests
#![cfg_attr(feature = "internals", allow(missing_docs))] // reached only through `internals`, not public API

mod bf16;
pub mod config;
pub mod embedded;
pub mod encoder;
pub mod error;
pub mod head;
pub mod kernels;
pub mod subwords;
pub mod weights;

use std::path::Path;

use rayon::prelude::*;
use tokenizers::Tokenizer;

pub use config::Config;
pub use encoder::{Encoder, Workspace};
pub use error::NeuralError;
pub use head::{Antecedents, Head};
pub use kernels::Threads;
pub use subwords::{Subwords, Windows};
pub use weights::TensorFile;

use crate::doc::Document;
use crate::doc::Probability;
use crate::model::{CorefModel, ModelError, Precision, Prediction, PronounGuard};
use crate::pronoun::Class;
use crate::span::WordSpan;

/// A loaded neural coreference model.
pub struct NeuralModel {
    config: Config,
    tokenizer: Tokenizer,
    encoder: Encoder,
    head: Head,
}

/// Every stage's result for one document (see MODEL_FORMAT.md for each).
#[derive(Debug, Clone)]
pub struct Analysis {
    pub subwords: Subwords,
    pub windows: Windows,
    pub casing: Vec<usize>,
    /// Lexeme ids (§6): equal exactly for words with equal lower-cased forms.
    pub lexemes: Vec<usize>,
    /// `v_w`, `n_words x word_dim`.
    pub word_vectors: Vec<f32>,
    /// `x_w`, `n_words x proj_dim`.
    pub projected: Vec<f32>,
    pub antecedents: Antecedents,
    /// Clusters of head words, ordered by first word.
    pub head_clusters: Vec<Vec<usize>>,
    /// Clusters of mention spans (§10; the spec's inclusive `[start, end]` as half-open spans).
    pub clusters: Vec<Vec<WordSpan>>,
    /// For each third-person pronoun left in a cluster: its head word, its span and its raw link
    /// probability (the softmax mass its link puts on its cluster as linked, before the guard).
    pub pronoun_links: Vec<(usize, WordSpan, f32)>,
}

impl NeuralModel {
    /// Loads `config.json`, `model.safetensors` and the tokenizer file named in the config from `dir`.
    pub fn load(dir: &Path) -> Result<NeuralModel, NeuralError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path)
                .map_err(|source| NeuralError::Io { file: path.display().to_string(), source })
        };
        let config_file = dir.join("config.json").display().to_string();
        let config_bytes = read("config.json")?;
        let config = Config::parse(&config_bytes)
            .map_err(|source| NeuralError::Config { file: config_file, source })?;
        let weights = read("model.safetensors")?;
        let tokenizer = read(&config.tokenizer.file)?;
        let base = match &config.base_weights {
            None => None,
            Some(b) if !dir.join(&b.file).exists() => {
                return Err(NeuralError::MissingBase {
                    file: dir.join(&b.file).display().to_string(),
                    base: b.name.clone(),
                    install: b.install.clone(),
                })
            }
            Some(b) => Some(read(&b.file)?),
        };
        Self::from_parts(&dir.display().to_string(), &config_bytes, &weights, base.as_deref(), &tokenizer)
    }

    /// Builds a model from the contents of its three files; `origin` names where they came from (a
    /// directory, or "embedded") in error messages.
    pub fn from_bytes(
        origin: &str,
        config: &[u8],
        weights: &[u8],
        tokenizer: &[u8],
    ) -> Result<NeuralModel, NeuralError> {
        Self::from_parts(origin, config, weights, None, tokenizer)
    }

    /// [`NeuralModel::from_bytes`] for a model whose config names base weights (§12): `base` holds the
    /// contents of that file.
    pub fn from_parts(
        origin: &str,
        config: &[u8],
        weights: &[u8],
        base: Option<&[u8]>,
        tokenizer: &[u8],
    ) -> Result<NeuralModel, NeuralError> {
        let file = |name: &str| format!("{}/{name}", origin.trim_end_matches('/'));
        let config = Config::parse(config)
            .map_err(|source| NeuralError::Config { file: file("config.json"), source })?;
        let tokenizer_file = file(&config.tokenizer.file);
        let mut tokenizer = Tokenizer::from_bytes(tokenizer)
            .map_err(|e| NeuralError::Tokenizer { file: tokenizer_file.clone(), message: e.to_string() })?;
        tokenizer
            .with_truncation(None)
            .map_err(|e| NeuralError::Tokenizer { file: tokenizer_file, message: e.to_string() })?;
        tokenizer.with_padding(None);
        let tensors = TensorFile::parse(&file("model.safetensors"), weights)?;
        let tensors = match (&config.base_weights, base) {
            (None, _) => tensors,
            (Some(b), Some(bytes)) => tensors.completed_by(TensorFile::parse(&file(&b.file), bytes)?),
            (Some(b), None) => {
                return Err(NeuralError::MissingBase {
                    file: file(&b.file),
                    base: b.name.clone(),
                    install: b.install.clone(),
                })
            }
        };
        let encoder = Encoder::load(&tensors, &config.encoder)?;
        let head = Head::load(&tensors, &config.head, config.encoder.hidden)?;
        Ok(NeuralModel { config, tokenizer, encoder, head })
    }

    /// This model with its encoder's dense products in `precision` (a loaded model is `f32`): `Auto` is
    /// bf16 where [`bf16::auto_backend`] finds one (for the layers whose sizes fill whole tiles), `Bf16`
    /// wherever the CPU has a bf16 backend, for every layer, or an error.
    pub fn with_precision(mut self, precision: Precision) -> Result<NeuralModel, NeuralError> {
        let bf16 = match precision {
            Precision::F32 => false,
            Precision::Auto => bf16::auto_backend().is_some(),
            Precision::Bf16 if bf16::backend().is_some() => true,
            Precision::Bf16 => return Err(NeuralError::NoBf16),
        };
        if bf16 {
            self.encoder = self.encoder.into_bf16();
            if precision == Precision::Bf16 && !self.encoder.is_bf16() {
                let e = &self.config.encoder;
                let sizes = format!("this model's are {} and {}", e.hidden, e.intermediate);
                return Err(NeuralError::Bf16Shape(sizes));
            }
        }
        Ok(self)
    }

    /// The precision the encoder's dense products run in (`F32` or `Bf16`).
    pub fn precision(&self) -> Precision {
        if self.encoder.is_bf16() {
            Precision::Bf16
        } else {
            Precision::F32
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs the whole pipeline on words with their sentence ids (non-decreasing integers) and speaker ids
    /// (any integers; only equality matters, see [`speaker_ids`]).
    pub fn analyze(
        &self,
        words: &[&str],
        sentence_ids: &[usize],
        speaker_ids: &[usize],
        threads: Threads,
        guard: PronounGuard,
    ) -> Result<Analysis, NeuralError> {
        if words.len() != sentence_ids.len() || sentence_ids.windows(2).any(|w| w[0] > w[1]) {
            return Err(NeuralError::Input(format!(
                "{} words need as many non-decreasing sentence ids, got {}",
                words.len(),
                sentence_ids.len()
            )));
        }
        if words.len() != speaker_ids.len() {
            return Err(NeuralError::Input(format!(
                "{} words need as many speaker ids, got {}",
                words.len(),
                speaker_ids.len()
            )));
        }
        let subwords =
            subwords::tokenize(&self.tokenizer, words.iter().copied(), self.config.tokenizer.unk_token_id)?;
        let windows = Windows::new(subwords.ids.len(), self.config.window.size, self.config.window.stride);
        let stitched = self.encode_windows(&subwords, &windows, threads)?;
        let casing: Vec<usize> = words.iter().map(|w| head::casing(w)).collect();
        let word_vectors = self.head.word_vectors(&stitched, &subwords.word_of, &casing);
        drop(stitched);
        let projected = self.head.project(&word_vectors, threads);
        let lexemes = head::lexeme_ids(words, self.config.head.match_pronouns);
        let antecedents = self.head.antecedents(&projected, sentence_ids, speaker_ids, &lexemes, threads);
        let linked = link_clusters(&antecedents, words.len());
        let raw = pronoun_probabilities(&linked, &antecedents, words);
        let head_clusters = guard_pronouns(linked, &raw, guard);
        let heads: Vec<usize> = head_clusters.iter().flatten().copied().collect();
        let sentence_of = sentence_ranges(sentence_ids);
        let spans = self.head.spans(&word_vectors, &heads, &sentence_of, threads);
        let clusters = span_clusters(&head_clusters, &spans);
        let pronoun_links = heads
            .iter()
            .zip(&spans)
            .filter_map(|(&h, &span)| {
                raw.binary_search_by_key(&h, |&(i, _)| i).ok().map(|k| (h, span, raw[k].1))
            })
            .collect();
        Ok(Analysis {
            subwords,
            windows,
            casing,
            lexemes,
            word_vectors,
            projected,
            antecedents,
            head_clusters,
            clusters,
            pronoun_links,
        })
    }

    /// Encoder vectors of all subwords (`n_subwords x hidden`), each from its most central window.
    fn encode_windows(
        &self,
        subwords: &Subwords,
        windows: &Windows,
        threads: Threads,
    ) -> Result<Vec<f32>, NeuralError> {
        let hidden = self.encoder.hidden();
        let mut stitched = vec![0.0; subwords.ids.len() * hidden];
        let mut jobs = Vec::with_capacity(windows.starts.len());
        let mut rest = stitched.as_mut_slice();
        for (&start, &(from, to)) in windows.starts.iter().zip(&windows.owned) {
            let (out, tail) = std::mem::take(&mut rest).split_at_mut((to - from) * hidden);
            rest = tail;
            if to > from {
                jobs.push((start, from, out));
            }
        }
        let tok = &self.config.tokenizer;
        let encode = |ws: &mut Workspace, (start, from, out): (usize, usize, &mut [f32]), inner: Threads| {
            let mut ids = Vec::with_capacity(windows.len + 2);
            ids.push(tok.cls_token_id);
            ids.extend_from_slice(&subwords.ids[start..start + windows.len]);
            ids.push(tok.sep_token_id);
            let states = self.encoder.encode_in(&ids, inner, ws)?;
            let first = 1 + from - start;
            out.copy_from_slice(&states[first * hidden..first * hidden + out.len()]);
            Ok::<(), NeuralError>(())
        };
        if threads.get() > 1 && jobs.len() > 1 {
            // Windows in parallel; a window's own products get only the threads left over when there are
            // fewer windows than threads (splitting both ways would nest parallel loops for no gain).
            let inner = Threads::new(threads.get() / jobs.len());
            jobs.into_par_iter().try_for_each_init(Workspace::default, |ws, job| encode(ws, job, inner))?;
        } else {
            let mut ws = Workspace::default();
            jobs.into_iter().try_for_each(|job| encode(&mut ws, job, threads))?;
        }
        Ok(stitched)
    }
}

/// Head-word clusters (§8): link each word to its best antecedent, take connected components of ≥ 2 words.
fn link_clusters(antecedents: &Antecedents, n: usize) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut a: usize) -> usize {
        while parent[a] != a {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        a
    }
    for i in 0..n {
        if let Some(j) = antecedents.best(i) {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let r = root(&mut parent, i);
        groups[r].push(i);
    }
    // Roots are the smallest member, so groups come out ordered by their first word.
    groups.into_iter().filter(|g| g.len() >= 2).collect()
}

/// For each third-person pronoun with an antecedent, in word order: the probability its link puts on the
/// other words of its head cluster ([`Antecedents::probability`]), what [`guard_pronouns`] judges.
fn pronoun_probabilities(
    head_clusters: &[Vec<usize>],
    antecedents: &Antecedents,
    words: &[&str],
) -> Vec<(usize, f32)> {
    let mut out: Vec<(usize, f32)> = head_clusters
        .iter()
        .flat_map(|group| {
            group
                .iter()
                .filter(|&&i| {
                    antecedents.best(i).is_some()
                        && crate::pronoun::lookup(words[i]).is_some_and(|p| p.is_third_person())
                })
                .map(|&i| (i, antecedents.probability(i, |j| group.binary_search(&j).is_ok())))
        })
        .collect();
    out.sort_by_key(|&(i, _)| i);
    out
}

/// Takes out of each head cluster the third-person pronouns whose own link gives the cluster less than
/// `guard` of their antecedent probability (`raw`, from [`pronoun_probabilities`] on these clusters);
/// clusters left with one word go. Every pronoun is judged against the clusters as linked, so the order
/// of removals does not matter.
fn guard_pronouns(
    head_clusters: Vec<Vec<usize>>,
    raw: &[(usize, f32)],
    guard: PronounGuard,
) -> Vec<Vec<usize>> {
    if guard == PronounGuard::OFF {
        return head_clusters;
    }
    let unsure = |i: usize| raw.binary_search_by_key(&i, |&(w, _)| w).is_ok_and(|k| raw[k].1 < guard.get());
    head_clusters
        .into_iter()
        .map(|group| group.into_iter().filter(|&i| !unsure(i)).collect::<Vec<_>>())
        .filter(|group| group.len() >= 2)
        .collect()
}

/// The speaker id of each word of `doc` (MODEL_FORMAT.md §1): its sentence's speaker numbered in order of
/// first appearance, a sentence without one counting as the speaker "" (so a document without speakers
/// has one speaker throughout).
pub fn speaker_ids(doc: &Document) -> Vec<usize> {
    let mut ids = std::collections::HashMap::new();
    let mut per_word = Vec::with_capacity(doc.words().len());
    for sentence in doc.sentences() {
        let next = ids.len();
        let id = *ids.entry(sentence.speaker.as_deref().unwrap_or("")).or_insert(next);
        per_word.extend(std::iter::repeat_n(id, sentence.words.len()));
    }
    per_word
}

/// For each word, the word range `[lo, hi)` of its sentence.
fn sentence_ranges(sentence_ids: &[usize]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::with_capacity(sentence_ids.len());
    let mut lo = 0;
    for i in 0..sentence_ids.len() {
        if i + 1 == sentence_ids.len() || sentence_ids[i + 1] != sentence_ids[i] {
            ranges.extend(std::iter::repeat_n((lo, i + 1), i + 1 - lo));
            lo = i + 1;
        }
    }
    ranges
}

/// Mention clusters (§10): heads' spans in cluster order, each span once, clusters of ≥ 2 spans.
fn span_clusters(head_clusters: &[Vec<usize>], spans: &[WordSpan]) -> Vec<Vec<WordSpan>> {
    let mut seen = std::collections::HashSet::new();
    let mut spans = spans.iter();
    let mut clusters = Vec::new();
    for group in head_clusters {
        let cluster: Vec<WordSpan> =
            group.iter().zip(&mut spans).map(|(_, &s)| s).filter(|&s| seen.insert(s)).collect();
        if cluster.len() >= 2 {
            clusters.push(cluster);
        }
    }
    clusters
}

impl CorefModel for NeuralModel {
    fn name(&self) -> &str {
        &self.config.name
    }

    fn predict(
        &self,
        doc: &Document,
        threads: Threads,
        guard: PronounGuard,
    ) -> Result<Prediction, ModelError> {
        let n = doc.words().len();
        let words: Vec<&str> = (0..n).map(|i| doc.word_text(i)).collect();
        let sentences: Vec<usize> = doc.words().iter().map(|w| w.sentence).collect();
        let speakers = speaker_ids(doc);
        let analysis = self
            .analyze(&words, &sentences, &speakers, threads, guard)
            .map_err(|e| ModelError::Failed { doc: doc.id.clone(), source: Box::new(e) })?;
        let calibration = self.config.calibration.as_ref();
        let confidence = analysis
            .pronoun_links
            .iter()
            .filter_map(|&(head, span, raw)| {
                let class = Class::of(words[head], false)?;
                let p = calibration.map_or(raw, |c| c.apply(class, raw));
                Some((span, Probability::new(p.clamp(0.0, 1.0))?))
            })
            .collect();
        Ok(Prediction { clusters: analysis.clusters, confidence })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_converts_the_encoder_or_says_why_not() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/random-tiny");
        let exact = NeuralModel::load(&dir).unwrap().with_precision(Precision::F32).unwrap();
        assert_eq!(exact.precision(), Precision::F32);
        let auto = NeuralModel::load(&dir).unwrap().with_precision(Precision::Auto).unwrap();
        let bf16 = NeuralModel::load(&dir).unwrap().with_precision(Precision::Bf16);
        // random-tiny's layers (32 wide, 64 inside) fill whole tiles
        let want_auto = if bf16::auto_backend().is_some() { Precision::Bf16 } else { Precision::F32 };
        assert_eq!(auto.precision(), want_auto);
        if bf16::backend().is_some() {
            assert_eq!(bf16.unwrap().precision(), Precision::Bf16);
        } else {
            let err = bf16.err().expect("bf16 without a bf16 backend is an error").to_string();
            assert!(err.contains("AVX-512 BF16") && err.contains("auto or f32"), "{err}");
        }
    }

    #[test]
    fn speakers_are_numbered_per_document_and_none_is_the_empty_name() {
        let speaker = |s: &str| Some(s.to_string());
        let sentences = [
            (vec!["Hi", "."], None),
            (vec!["Yes"], speaker("Kim")),
            (vec!["No", "!"], speaker("")),
            (vec!["Ok"], speaker("Kim")),
            (vec!["Bye"], speaker("Lee")),
        ];
        let doc = Document::from_sentences("d", &sentences).unwrap();
        assert_eq!(speaker_ids(&doc), [0, 0, 1, 0, 0, 1, 2]);
    }

    #[test]
    fn the_pronoun_guard_takes_out_only_unsure_third_person_pronouns() {
        let words =
            ["Ann", "met", "Bea", ".", "She", "and", "Ann", "left", ";", "I", "stayed", "with", "her"];
        // Candidates with exp-scores against the dummy's 1: "She" → Ann 2 (p 0.5), Bea 1;
        // "Ann" → Ann 20 (p ≈ 0.95); "I" → She 3 (p 0.75); "her" → Bea 3, She 3 (p 3/7 each).
        let mut offsets = vec![0];
        let (mut candidates, mut scores) = (Vec::new(), Vec::new());
        for i in 0..words.len() {
            let row: &[(usize, f32)] = match i {
                4 => &[(0, 2.0), (2, 1.0)],
                6 => &[(0, 20.0)],
                9 => &[(4, 3.0)],
                12 => &[(2, 3.0), (4, 3.0)],
                _ => &[],
            };
            candidates.extend(row.iter().map(|&(j, _)| j));
            scores.extend(row.iter().map(|&(_, e)| f32::ln(e)));
            offsets.push(candidates.len());
        }
        let coarse = vec![0.0; scores.len()];
        let antecedents = Antecedents { offsets, candidates, coarse, scores, dummy: 0.0 };
        let linked = link_clusters(&antecedents, words.len());
        assert_eq!(linked, [vec![0, 4, 6, 9], vec![2, 12]], "'her' ties Bea with She: the earlier wins");
        let raw = pronoun_probabilities(&linked, &antecedents, &words);
        let guarded = |p: f32| guard_pronouns(linked.clone(), &raw, PronounGuard::new(p).unwrap());
        assert_eq!(guarded(0.0), linked);
        assert_eq!(guarded(0.4), linked);
        assert_eq!(guarded(0.45), [vec![0, 4, 6, 9]], "'her' (3/7) goes, and Bea's cluster with it");
        // "She" (0.5) goes too; "I" stays linked to the cluster through her although she left it
        assert_eq!(guarded(0.6), [vec![0, 6, 9]]);
        assert_eq!(guarded(1.0), [vec![0, 6, 9]], "names and first-person pronouns are never taken out");
        // What the guard judged is what the model reports: third-person pronouns with an antecedent only.
        assert_eq!(raw.iter().map(|&(i, _)| i).collect::<Vec<_>>(), [4, 12]);
        assert!((raw[0].1 - 0.5).abs() < 1e-6 && (raw[1].1 - 3.0 / 7.0).abs() < 1e-6, "{raw:?}");
    }
}
