//! The transformer encoders (MODEL_FORMAT.md §4) over one token sequence: BERT (post-LN, GELU-erf, absolute
//! positions from 0, token type 0) and MPNet (the same layers, absolute positions from an offset, and a
//! learned per-head bias over relative-position buckets added to every layer's attention scores).
//!
//! Design decision: the two encoders are one type whose differences are data (tensor names, an optional
//! token-type row, a position offset, an optional relative-bias table), so both run the same kernels. One
//! sequence is encoded with a handful of buffers allocated once per call and reused by every layer; Q, K
//! and V come out of a single fused product, and each attention head reads its Q/K/V columns and writes its
//! context straight from/into those buffers through strided `gemm` views. With more than one thread, heads
//! run in parallel (each head's product is too small to split well) and the dense products are split by
//! `gemm` itself.

use rayon::prelude::*;

use super::config::{EncoderConfig, EncoderKind};
use super::error::NeuralError;
use super::kernels::{self, Linear, MatMut, MatRef, Threads};
use super::weights::TensorFile;

struct Layer {
    qkv: Linear,
    attn_out: Linear,
    attn_norm: (Vec<f32>, Vec<f32>),
    intermediate: Linear,
    output: Linear,
    output_norm: (Vec<f32>, Vec<f32>),
}

/// MPNet's attention bias: one learned value per relative-position bucket and head, shared by all layers.
struct RelativeBias {
    /// `buckets x heads`, row-major.
    table: Vec<f32>,
    buckets: usize,
    max_distance: usize,
}

/// The relative-position bucket (MODEL_FORMAT.md §4) of a key `rel = j - i` positions after its query:
/// half the buckets for keys after the query; distances below a quarter of the buckets exactly, longer ones
/// log-spaced up to `max_distance` and capped at the half's last bucket. Computed in `f32` as the trainer
/// does, so the rounding at the log-spaced boundaries is the same.
pub fn relative_bucket(rel: i64, buckets: usize, max_distance: usize) -> usize {
    let half = buckets / 2;
    let base = if rel > 0 { half } else { 0 };
    let d = rel.unsigned_abs() as usize;
    let exact = half / 2;
    if d < exact {
        return base + d;
    }
    let scale = (max_distance as f64 / exact as f64).ln() as f32;
    let large = exact + ((d as f32 / exact as f32).ln() / scale * (half - exact) as f32) as usize;
    base + large.min(half - 1)
}

/// A loaded encoder (BERT or MPNet).
pub struct Encoder {
    word_embeddings: Vec<f32>,
    position_embeddings: Vec<f32>,
    /// BERT adds the type-0 embedding to every token; MPNet has none.
    token_type_0: Option<Vec<f32>>,
    embedding_norm: (Vec<f32>, Vec<f32>),
    layers: Vec<Layer>,
    relative: Option<RelativeBias>,
    hidden: usize,
    heads: usize,
    vocab: usize,
    max_position: usize,
    position_offset: usize,
    eps: f32,
}

fn linear(file: &TensorFile<'_>, prefix: &str, outputs: usize, inputs: usize) -> Result<Linear, NeuralError> {
    let weight = file.get(&format!("{prefix}.weight"), &[outputs, inputs])?;
    let bias = file.vector(&format!("{prefix}.bias"), outputs)?;
    Ok(Linear::from_torch(&weight, Some(bias), outputs, inputs))
}

fn norm(file: &TensorFile<'_>, prefix: &str, dim: usize) -> Result<(Vec<f32>, Vec<f32>), NeuralError> {
    Ok((file.vector(&format!("{prefix}.weight"), dim)?, file.vector(&format!("{prefix}.bias"), dim)?))
}

impl Encoder {
    /// Loads the encoder tensors (names of MODEL_FORMAT.md §12, which differ by encoder type) with the
    /// sizes of `config`.
    pub fn load(file: &TensorFile<'_>, config: &EncoderConfig) -> Result<Encoder, NeuralError> {
        let h = config.hidden;
        // (Q, K, V, attention output, attention LayerNorm) under each type's names
        let names: [&str; 5] = match config.kind {
            EncoderKind::Bert => [
                "attention.self.query",
                "attention.self.key",
                "attention.self.value",
                "attention.output.dense",
                "attention.output.LayerNorm",
            ],
            EncoderKind::Mpnet => [
                "attention.attn.q",
                "attention.attn.k",
                "attention.attn.v",
                "attention.attn.o",
                "attention.LayerNorm",
            ],
        };
        // Layers decode in parallel: loading is memory-bound work over every weight.
        let layers = (0..config.layers)
            .into_par_iter()
            .map(|l| {
                let p = format!("encoder.layer.{l}");
                let qkv = names[..3]
                    .iter()
                    .map(|m| linear(file, &format!("{p}.{m}"), h, h))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Layer {
                    qkv: Linear::concat(&qkv),
                    attn_out: linear(file, &format!("{p}.{}", names[3]), h, h)?,
                    attn_norm: norm(file, &format!("{p}.{}", names[4]), h)?,
                    intermediate: linear(file, &format!("{p}.intermediate.dense"), config.intermediate, h)?,
                    output: linear(file, &format!("{p}.output.dense"), h, config.intermediate)?,
                    output_norm: norm(file, &format!("{p}.output.LayerNorm"), h)?,
                })
            })
            .collect::<Result<Vec<_>, NeuralError>>()?;
        let (token_type_0, relative) = match config.kind {
            EncoderKind::Bert => {
                let token_types = file.get("embeddings.token_type_embeddings.weight", &[2, h])?;
                (Some(token_types[..h].to_vec()), None)
            }
            EncoderKind::Mpnet => {
                let buckets = config.relative_buckets;
                let table = file.get("encoder.relative_attention_bias.weight", &[buckets, config.heads])?;
                (None, Some(RelativeBias { table, buckets, max_distance: config.relative_max_distance }))
            }
        };
        Ok(Encoder {
            word_embeddings: file.get("embeddings.word_embeddings.weight", &[config.vocab_size, h])?,
            position_embeddings: file
                .get("embeddings.position_embeddings.weight", &[config.max_position, h])?,
            token_type_0,
            embedding_norm: norm(file, "embeddings.LayerNorm", h)?,
            layers,
            relative,
            hidden: h,
            heads: config.heads,
            vocab: config.vocab_size,
            max_position: config.max_position,
            position_offset: config.position_offset,
            eps: config.layer_norm_eps as f32,
        })
    }

    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// This encoder with its dense layers' products in bf16 where the CPU has a bf16 backend (see
    /// [`Linear::into_bf16`]); embeddings, layer norms and attention stay in `f32`.
    pub fn into_bf16(mut self) -> Encoder {
        self.layers = std::mem::take(&mut self.layers)
            .into_par_iter()
            .map(|l| Layer {
                qkv: l.qkv.into_bf16(),
                attn_out: l.attn_out.into_bf16(),
                attn_norm: l.attn_norm,
                intermediate: l.intermediate.into_bf16(),
                output: l.output.into_bf16(),
                output_norm: l.output_norm,
            })
            .collect();
        self
    }

    /// Whether every dense layer runs in bf16.
    pub fn is_bf16(&self) -> bool {
        self.layers
            .iter()
            .all(|l| [&l.qkv, &l.attn_out, &l.intermediate, &l.output].iter().all(|d| d.is_bf16()))
    }

    /// The last hidden states (`ids.len() x hidden`, row-major) of one sequence of token ids (special tokens
    /// included by the caller), with position ids `offset..offset + len` (and token type 0 for BERT).
    pub fn encode(&self, ids: &[u32], threads: Threads) -> Result<Vec<f32>, NeuralError> {
        self.encode_in(ids, threads, &mut Workspace::default())
    }

    /// [`Encoder::encode`] with caller-owned scratch memory, reused from one sequence to the next.
    pub fn encode_in(
        &self,
        ids: &[u32],
        threads: Threads,
        buffers: &mut Workspace,
    ) -> Result<Vec<f32>, NeuralError> {
        let (n, h) = (ids.len(), self.hidden);
        if n + self.position_offset > self.max_position {
            return Err(NeuralError::Input(format!(
                "sequence of {n} tokens exceeds the encoder's {} positions",
                self.max_position - self.position_offset
            )));
        }
        let mut x = vec![0.0; n * h];
        for (pos, (&id, row)) in ids.iter().zip(x.chunks_exact_mut(h)).enumerate() {
            let id = id as usize;
            if id >= self.vocab {
                return Err(NeuralError::Input(format!(
                    "token id {id} is outside the vocabulary of {}",
                    self.vocab
                )));
            }
            let word = &self.word_embeddings[id * h..(id + 1) * h];
            let pos = pos + self.position_offset;
            let position = &self.position_embeddings[pos * h..(pos + 1) * h];
            for (i, v) in row.iter_mut().enumerate() {
                *v = word[i] + position[i];
            }
            if let Some(token_type) = &self.token_type_0 {
                row.iter_mut().zip(token_type).for_each(|(v, t)| *v += t);
            }
        }
        let (w, b) = &self.embedding_norm;
        kernels::add_layer_norm(&mut x, None, w, b, self.eps);
        buffers.fit(n, h, self.heads, self.layers.first().map_or(0, |l| l.intermediate.outputs()));
        if let Some(relative) = &self.relative {
            // Per head, the bias of every relative position -(n-1)..=n-1 (index rel + n - 1).
            buffers.bias.clear();
            for head in 0..self.heads {
                buffers.bias.extend((0..2 * n - 1).map(|k| {
                    let bucket =
                        relative_bucket(k as i64 - (n as i64 - 1), relative.buckets, relative.max_distance);
                    relative.table[bucket * self.heads + head]
                }));
            }
        }
        for layer in &self.layers {
            self.layer(layer, &mut x, buffers, threads);
        }
        Ok(x)
    }

    fn layer(&self, layer: &Layer, x: &mut [f32], buf: &mut Workspace, threads: Threads) {
        let n = x.len() / self.hidden;
        layer.qkv.forward(x, n, &mut buf.qkv, threads);
        let bias = if self.relative.is_some() { Some(buf.bias.as_slice()) } else { None };
        self.attention(&buf.qkv, n, bias, &mut buf.heads, &mut buf.scores, threads);
        let d = self.hidden / self.heads;
        for (head, out) in buf.heads[..n * self.hidden].chunks_exact(n * d).enumerate() {
            for (row, src) in buf.context.chunks_exact_mut(self.hidden).zip(out.chunks_exact(d)) {
                row[head * d..(head + 1) * d].copy_from_slice(src);
            }
        }
        layer.attn_out.forward(&buf.context, n, &mut buf.dense, threads);
        kernels::add_layer_norm(x, Some(&buf.dense), &layer.attn_norm.0, &layer.attn_norm.1, self.eps);
        let inter = layer.intermediate.outputs();
        let gelu = |v: &mut [f32]| kernels::gelu(v);
        layer.intermediate.forward_then(x, n, &mut buf.intermediate[..n * inter], threads, Some(&gelu));
        layer.output.forward(&buf.intermediate, n, &mut buf.dense, threads);
        let (w, b) = &layer.output_norm;
        kernels::add_layer_norm(x, Some(&buf.dense), w, b, self.eps);
    }

    /// Per head: `softmax(Q_h K_h^T / sqrt(d) + B_h) V_h` into `heads` (`heads x n x d`, head-major),
    /// using `scores` (`heads x n x n`) as scratch; `bias` (MPNet) holds each head's `2n - 1` relative-position
    /// biases, `B_h[i][j] = bias[h][j - i + n - 1]`.
    fn attention(
        &self,
        qkv: &[f32],
        n: usize,
        bias: Option<&[f32]>,
        heads: &mut [f32],
        scores: &mut [f32],
        threads: Threads,
    ) {
        let (h, d) = (self.hidden, self.hidden / self.heads);
        let scale = 1.0 / (d as f32).sqrt();
        let one_head = |(head, (out, scores)): (usize, (&mut [f32], &mut [f32]))| {
            let q = MatRef::strided(&qkv[head * d..], n, d, 3 * h, 1);
            let k = MatRef::strided(&qkv[h + head * d..], n, d, 3 * h, 1);
            let v = MatRef::strided(&qkv[2 * h + head * d..], n, d, 3 * h, 1);
            kernels::matmul(MatMut::rows(scores, n, n), q, k.t(), scale, false, Threads::ONE);
            if let Some(bias) = bias {
                let own = &bias[head * (2 * n - 1)..(head + 1) * (2 * n - 1)];
                for (i, row) in scores.chunks_exact_mut(n).enumerate() {
                    row.iter_mut().zip(&own[n - 1 - i..]).for_each(|(s, b)| *s += b);
                }
            }
            kernels::softmax_rows(scores, n);
            kernels::matmul(MatMut::rows(out, n, d), MatRef::rows(scores, n, n), v, 1.0, false, Threads::ONE);
        };
        let (heads, scores) = (&mut heads[..self.heads * n * d], &mut scores[..self.heads * n * n]);
        if threads.get() > 1 {
            heads.par_chunks_mut(n * d).zip(scores.par_chunks_mut(n * n)).enumerate().for_each(one_head);
        } else {
            heads.chunks_mut(n * d).zip(scores.chunks_mut(n * n)).enumerate().for_each(one_head);
        }
    }
}

/// Scratch memory of the encoder, grown to the longest sequence seen and reused by every layer and
/// sequence (fresh buffers per call cost page faults comparable to the element-wise work).
#[derive(Debug, Default)]
pub struct Workspace {
    qkv: Vec<f32>,
    heads: Vec<f32>,
    scores: Vec<f32>,
    context: Vec<f32>,
    dense: Vec<f32>,
    intermediate: Vec<f32>,
    /// MPNet's relative-position biases of the current sequence, `heads x (2n - 1)`.
    bias: Vec<f32>,
}

impl Workspace {
    fn fit(&mut self, n: usize, hidden: usize, heads: usize, intermediate: usize) {
        let grow = |v: &mut Vec<f32>, len: usize| {
            if v.len() < len {
                v.resize(len, 0.0);
            }
        };
        grow(&mut self.qkv, n * 3 * hidden);
        grow(&mut self.heads, n * hidden);
        grow(&mut self.scores, heads * n * n);
        grow(&mut self.context, n * hidden);
        grow(&mut self.dense, n * hidden);
        grow(&mut self.intermediate, n * intermediate);
    }
}
