//! Numeric kernels of the neural model: strided matrix products and the fused element-wise steps
//! (bias + GELU, residual + layer norm, scaled softmax) over contiguous `f32` slices.
//!
//! Design decision: element-wise kernels are plain branch-free loops over slices, written with 8 independent
//! accumulators and our own polynomial `exp`, compiled once per CPU feature level by `multiversion` and picked
//! at run time. The compiler then emits AVX2/FMA code for them without `-C target-cpu`, which is what makes
//! them several times faster than generic tensor-library element-wise ops on this workload. Matrix products
//! go straight to the `gemm` crate (the engine candle uses) with strides, so attention heads are read and
//! written in place without transposing copies, and each call chooses its own parallelism; a dense layer
//! converted to bf16 runs its product on the CPU's bf16 instructions instead (`bf16`).

use multiversion::multiversion;

use rayon::prelude::*;

use super::bf16::{PackedBf16, Then};

pub use crate::model::Threads;

/// How `gemm` may split one product over `threads`.
fn parallelism(threads: Threads) -> gemm::Parallelism {
    if threads.get() > 1 {
        gemm::Parallelism::Rayon(threads.get())
    } else {
        gemm::Parallelism::None
    }
}

/// A read-only strided matrix over a slice; the constructor checks that every element lies in the slice.
#[derive(Debug, Clone, Copy)]
pub struct MatRef<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

/// A writable row-major matrix view (`row_stride >= cols`, unit column stride) over a slice.
#[derive(Debug)]
pub struct MatMut<'a> {
    data: &'a mut [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
}

/// Index one past the last element a `rows x cols` view with these strides touches.
fn extent(rows: usize, cols: usize, row_stride: usize, col_stride: usize) -> usize {
    if rows == 0 || cols == 0 {
        0
    } else {
        (rows - 1) * row_stride + (cols - 1) * col_stride + 1
    }
}

impl<'a> MatRef<'a> {
    /// A strided view. Panics if the view reaches past `data`: views are built by our own code from
    /// sizes it has checked, so this is an internal invariant that keeps the `gemm` call sound.
    pub fn strided(data: &'a [f32], rows: usize, cols: usize, row_stride: usize, col_stride: usize) -> Self {
        assert!(extent(rows, cols, row_stride, col_stride) <= data.len(), "matrix view out of bounds");
        MatRef { data, rows, cols, row_stride, col_stride }
    }

    /// A row-major view with contiguous rows.
    pub fn rows(data: &'a [f32], rows: usize, cols: usize) -> Self {
        Self::strided(data, rows, cols, cols, 1)
    }

    /// The transpose of this view (no copy).
    pub fn t(self) -> Self {
        MatRef {
            data: self.data,
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
        }
    }
}

impl<'a> MatMut<'a> {
    /// A row-major view whose rows start `row_stride` apart. Panics if it reaches past `data` (see
    /// [`MatRef::strided`]).
    pub fn strided(data: &'a mut [f32], rows: usize, cols: usize, row_stride: usize) -> Self {
        assert!(cols <= row_stride || rows <= 1, "rows of a matrix view overlap");
        assert!(extent(rows, cols, row_stride, 1) <= data.len(), "matrix view out of bounds");
        MatMut { data, rows, cols, row_stride }
    }

    pub fn rows(data: &'a mut [f32], rows: usize, cols: usize) -> Self {
        Self::strided(data, rows, cols, cols)
    }
}

/// `dst = scale * lhs * rhs`, or `dst += scale * lhs * rhs` when `accumulate`. Panics on mismatched
/// sizes (an internal invariant: callers size their buffers from the same config).
pub fn matmul(
    dst: MatMut<'_>,
    lhs: MatRef<'_>,
    rhs: MatRef<'_>,
    scale: f32,
    accumulate: bool,
    threads: Threads,
) {
    assert!(lhs.cols == rhs.rows && dst.rows == lhs.rows && dst.cols == rhs.cols, "matmul sizes");
    if dst.rows == 0 || dst.cols == 0 {
        return;
    }
    // SAFETY: the three views were bounds-checked at construction, `dst` is a unique borrow, and the sizes
    // agree (asserted above), so gemm reads and writes only inside the borrowed slices.
    unsafe {
        gemm::gemm(
            dst.rows,
            dst.cols,
            lhs.cols,
            dst.data.as_mut_ptr(),
            1,
            dst.row_stride as isize,
            accumulate,
            lhs.data.as_ptr(),
            lhs.col_stride as isize,
            lhs.row_stride as isize,
            rhs.data.as_ptr(),
            rhs.col_stride as isize,
            rhs.row_stride as isize,
            1.0,
            scale,
            false,
            false,
            false,
            parallelism(threads),
        );
    }
}

/// A dense layer `y = x W^T + b` with `W` stored transposed (`[in, out]`, row-major) for the products, in
/// `f32` or, after [`Linear::into_bf16`], in bf16.
#[derive(Debug, Clone)]
pub struct Linear {
    w_t: Vec<f32>,
    /// The bf16 copy that replaces `w_t` (then empty) where bf16 products are in use.
    packed: Option<PackedBf16>,
    bias: Option<Vec<f32>>,
    inputs: usize,
    outputs: usize,
}

impl Linear {
    /// From a torch-layout weight `[out, in]` (row-major) and an optional bias `[out]`.
    pub fn from_torch(weight: &[f32], bias: Option<Vec<f32>>, outputs: usize, inputs: usize) -> Linear {
        assert_eq!(weight.len(), outputs * inputs, "linear weight size");
        // Transposed in 32 x 32 blocks, so both sides' cache lines are used whole (an element-wise
        // transpose was a third of the accurate model's load time).
        const BLOCK: usize = 32;
        let mut w_t = vec![0.0; weight.len()];
        for o0 in (0..outputs).step_by(BLOCK) {
            for i0 in (0..inputs).step_by(BLOCK) {
                for o in o0..(o0 + BLOCK).min(outputs) {
                    for i in i0..(i0 + BLOCK).min(inputs) {
                        w_t[i * outputs + o] = weight[o * inputs + i];
                    }
                }
            }
        }
        Linear { w_t, packed: None, bias, inputs, outputs }
    }

    /// This layer with bf16 weights where the CPU has a bf16 backend and the shape fills whole tiles;
    /// otherwise unchanged.
    pub fn into_bf16(mut self) -> Linear {
        if self.packed.is_none() {
            if let Some(packed) = PackedBf16::pack(&self.w_t, self.inputs, self.outputs) {
                self.packed = Some(packed);
                self.w_t = Vec::new();
            }
        }
        self
    }

    /// Whether the products run in bf16.
    pub fn is_bf16(&self) -> bool {
        self.packed.is_some()
    }

    /// Stacks layers with the same input along their outputs (Q, K and V into one product).
    /// Panics on a bf16 layer (concatenate before converting).
    pub fn concat(parts: &[Linear]) -> Linear {
        assert!(parts.iter().all(|p| p.packed.is_none()), "concatenate f32 layers");
        let inputs = parts.first().map_or(0, |p| p.inputs);
        let outputs = parts.iter().map(|p| p.outputs).sum();
        let mut w_t = Vec::with_capacity(inputs * outputs);
        for i in 0..inputs {
            for p in parts {
                w_t.extend_from_slice(&p.w_t[i * p.outputs..(i + 1) * p.outputs]);
            }
        }
        let bias = parts
            .iter()
            .map(|p| p.bias.clone().unwrap_or_else(|| vec![0.0; p.outputs]))
            .collect::<Vec<_>>()
            .concat();
        Linear { w_t, packed: None, bias: Some(bias), inputs, outputs }
    }

    pub fn inputs(&self) -> usize {
        self.inputs
    }

    pub fn outputs(&self) -> usize {
        self.outputs
    }

    pub fn bias(&self) -> Option<&[f32]> {
        self.bias.as_deref()
    }

    /// `W^T` as a `[in, out]` view, for callers that fuse more into the product. Panics on a bf16 layer
    /// (an internal invariant: only the encoder's layers are converted, and it calls [`Linear::forward`]).
    pub fn weight_t(&self) -> MatRef<'_> {
        assert!(self.packed.is_none(), "an f32 view of a bf16 layer");
        MatRef::rows(&self.w_t, self.inputs, self.outputs)
    }

    /// `out = x W^T + b` for the `rows` rows of `x`; `out` must hold `rows * outputs` values.
    pub fn forward(&self, x: &[f32], rows: usize, out: &mut [f32], threads: Threads) {
        self.forward_then(x, rows, out, threads, None);
    }

    /// `out = then(x W^T + b)` for an element-wise `then` (fused into the bf16 product, a pass over `out`
    /// after the `f32` one).
    pub fn forward_then(&self, x: &[f32], rows: usize, out: &mut [f32], threads: Threads, then: Then<'_>) {
        let out = &mut out[..rows * self.outputs];
        match &self.bias {
            Some(b) => out.chunks_exact_mut(self.outputs).for_each(|row| row.copy_from_slice(b)),
            None => out.fill(0.0),
        }
        if let Some(packed) = &self.packed {
            packed.add_product(x, rows, out, threads, then);
            return;
        }
        matmul(
            MatMut::rows(out, rows, self.outputs),
            MatRef::rows(&x[..rows * self.inputs], rows, self.inputs),
            self.weight_t(),
            1.0,
            true,
            threads,
        );
        if let Some(f) = then {
            rows_in_parallel(out, self.outputs, threads, f);
        }
    }

    /// A freshly allocated `x W^T + b`.
    pub fn apply(&self, x: &[f32], rows: usize, threads: Threads) -> Vec<f32> {
        let mut out = vec![0.0; rows * self.outputs];
        self.forward(x, rows, &mut out, threads);
        out
    }
}

/// Runs `f` over blocks of whole rows, in parallel when more than one thread is allowed.
fn rows_in_parallel(x: &mut [f32], cols: usize, threads: Threads, f: impl Fn(&mut [f32]) + Sync + Send) {
    let rows = x.len() / cols;
    if threads.get() > 1 && rows >= 2 * threads.get() {
        let block = rows.div_ceil(threads.get()) * cols;
        x.par_chunks_mut(block).for_each(f);
    } else {
        f(x);
    }
}

const LANES: usize = 8;

/// Sum of a slice with 8 independent partial sums (vectorisable; order differs from a sequential sum).
#[inline(always)]
fn sum(x: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let chunks = x.chunks_exact(LANES);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for l in 0..LANES {
            acc[l] += c[l];
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[inline(always)]
fn max(x: &[f32]) -> f32 {
    let mut acc = [f32::NEG_INFINITY; LANES];
    let chunks = x.chunks_exact(LANES);
    let tail = chunks.remainder().iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    for c in chunks {
        for l in 0..LANES {
            acc[l] = acc[l].max(c[l]);
        }
    }
    acc.iter().fold(tail, |m, &v| m.max(v))
}

/// `e^x` to about 2 ulp for x in [-87, 88] (clamped outside): `2^k * p(r)` with `x = k ln2 + r`,
/// `|r| <= ln2 / 2` and a degree-7 Taylor polynomial. Branch-free, so loops over it vectorise.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    let x = x.clamp(-87.0, 88.0);
    let k = (x * std::f32::consts::LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
    // 2^k without a float→int cast (which does not vectorise): adding 1.5 * 2^23 puts the integer k in the
    // low mantissa bits; k + 127 is in 1..=254 after the clamp, a normal exponent.
    const MAGIC: f32 = 12_582_912.0;
    let biased = (k + MAGIC).to_bits().wrapping_sub(MAGIC.to_bits()).wrapping_add(127);
    p * f32::from_bits(biased << 23)
}

/// `erf(x)` to about 1.2e-7 absolute: the Chebyshev-fitted `erfc(z) = t exp(-z^2 + P(t))`,
/// `t = 1 / (1 + z/2)` (Numerical Recipes' `erfcc`), mirrored for negative `x`.
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -1.265_512_2
        + t * (1.000_023_7
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_204
                                + t * (1.488_515_9 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * exp(-z * z + poly);
    (1.0 - erfc).copysign(x)
}

/// In place: `x = gelu(x)`, exact erf form `0.5 x (1 + erf(x / sqrt 2))` (the bias is added by the product).
#[multiversion(targets("x86_64+avx2+fma", "x86_64+avx", "aarch64+neon"))]
pub fn gelu(x: &mut [f32]) {
    for v in x.iter_mut() {
        *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// In place, row by row: `x = LayerNorm(x + residual) * weight + bias` with biased variance.
#[multiversion(targets("x86_64+avx2+fma", "x86_64+avx", "aarch64+neon"))]
pub fn add_layer_norm(x: &mut [f32], residual: Option<&[f32]>, weight: &[f32], bias: &[f32], eps: f32) {
    let dim = weight.len();
    if let Some(res) = residual {
        for (v, &r) in x.iter_mut().zip(res) {
            *v += r;
        }
    }
    for row in x.chunks_exact_mut(dim) {
        let mean = sum(row) / dim as f32;
        for v in row.iter_mut() {
            *v -= mean;
        }
        let mut sq = [0.0f32; LANES];
        let chunks = row.chunks_exact(LANES);
        let tail: f32 = chunks.remainder().iter().map(|v| v * v).sum();
        for c in chunks {
            for l in 0..LANES {
                sq[l] += c[l] * c[l];
            }
        }
        let var = (sq.iter().sum::<f32>() + tail) / dim as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, &w), &b) in row.iter_mut().zip(weight).zip(bias) {
            *v = *v * inv * w + b;
        }
    }
}

/// In place, each row of `cols` values: `softmax(row)` (the row's scale is applied by the caller's product).
#[multiversion(targets("x86_64+avx2+fma", "x86_64+avx", "aarch64+neon"))]
pub fn softmax_rows(x: &mut [f32], cols: usize) {
    for row in x.chunks_exact_mut(cols) {
        let m = max(row);
        for v in row.iter_mut() {
            *v = exp(*v - m);
        }
        let inv = 1.0 / sum(row);
        for v in row.iter_mut() {
            *v *= inv;
        }
    }
}

/// `leaky_relu` in place with the given negative slope.
#[multiversion(targets("x86_64+avx2+fma", "x86_64+avx", "aarch64+neon"))]
pub fn leaky_relu(x: &mut [f32], slope: f32) {
    for v in x.iter_mut() {
        *v = if *v >= 0.0 { *v } else { *v * slope };
    }
}

/// Dot product of two equal-length slices (vectorisable partial sums).
#[multiversion(targets("x86_64+avx2+fma", "x86_64+avx", "aarch64+neon"))]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for l in 0..LANES {
            acc[l] += x[l] * y[l];
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn erf_reference(x: f64) -> f64 {
        // Maclaurin series, exact enough for |x| <= 3 in f64.
        let mut term = x;
        let mut total = x;
        for n in 1..200 {
            term *= -x * x / n as f64;
            total += term / (2 * n + 1) as f64;
        }
        total * 2.0 / std::f64::consts::PI.sqrt()
    }

    #[test]
    fn exp_is_accurate_and_clamped() {
        for i in -870..=880 {
            let x = i as f32 / 10.0;
            let rel = ((exp(x) as f64 - (x as f64).exp()) / (x as f64).exp()).abs();
            assert!(rel < 4e-7, "exp({x}) relative error {rel}");
        }
        assert!(exp(-1000.0) >= 0.0 && exp(-1000.0) < 1e-37);
        assert!(exp(1000.0).is_finite());
    }

    #[test]
    fn erf_is_accurate_and_odd() {
        for i in -300..=300 {
            let x = i as f32 / 100.0;
            let err = (erf(x) as f64 - erf_reference(x as f64)).abs();
            assert!(err < 3e-7, "erf({x}) error {err}");
            assert_eq!(erf(x), -erf(-x));
        }
        assert_eq!(erf(10.0), 1.0);
    }

    #[test]
    fn layer_norm_normalises_each_row() {
        let mut x: Vec<f32> = (0..24).map(|i| (i * i) as f32 / 7.0).collect();
        let res = vec![1.0; 24];
        let (w, b) = (vec![2.0; 12], vec![0.5; 12]);
        add_layer_norm(&mut x, Some(&res), &w, &b, 1e-12);
        for row in x.chunks(12) {
            let mean: f32 = row.iter().map(|v| (v - 0.5) / 2.0).sum::<f32>() / 12.0;
            let var: f32 = row.iter().map(|v| ((v - 0.5) / 2.0).powi(2)).sum::<f32>() / 12.0;
            assert!(mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-4, "mean {mean} var {var}");
        }
    }

    #[test]
    fn softmax_rows_sum_to_one_and_keep_order() {
        let mut x = vec![1.0, 2.0, 3.0, 1000.0, 1000.0, -1000.0];
        softmax_rows(&mut x, 3);
        assert!((x[..3].iter().sum::<f32>() - 1.0).abs() < 1e-6 && x[0] < x[1] && x[1] < x[2]);
        assert!((x[3] - 0.5).abs() < 1e-6 && x[5] < 1e-30);
    }

    #[test]
    fn gelu_matches_the_erf_formula() {
        let mut x: Vec<f32> = (-40..40).map(|i| i as f32 / 10.0).collect();
        let orig = x.clone();
        gelu(&mut x);
        for (y, x) in x.iter().zip(orig) {
            let expect = 0.5 * x as f64 * (1.0 + erf_reference(x as f64 / 2f64.sqrt()));
            assert!((*y as f64 - expect).abs() < 1e-6);
        }
    }

    #[test]
    fn matmul_and_linear_agree_with_naive_products() {
        let (m, k, n) = (5, 7, 3);
        let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.37).sin()).collect();
        let w: Vec<f32> = (0..n * k).map(|i| (i as f32 * 0.11).cos()).collect();
        let bias = vec![0.25, -0.5, 1.0];
        let lin = Linear::from_torch(&w, Some(bias.clone()), n, k);
        let y = lin.apply(&a, m, Threads::ONE);
        for r in 0..m {
            for c in 0..n {
                let expect: f32 = (0..k).map(|i| a[r * k + i] * w[c * k + i]).sum::<f32>() + bias[c];
                assert!((y[r * n + c] - expect).abs() < 1e-5);
            }
        }
        // A transposed, strided view: (a^T)^T a = Gram matrix of the rows of a.
        let mut g = vec![0.0; m * m];
        let view = MatRef::rows(&a, m, k);
        matmul(MatMut::rows(&mut g, m, m), view, view.t(), 2.0, false, Threads::new(2));
        let expect: f32 = 2.0 * (0..k).map(|i| a[i] * a[k + i]).sum::<f32>();
        assert!((g[1] - expect).abs() < 1e-5 && (g[m] - expect).abs() < 1e-5);
        let cat = Linear::concat(&[lin.clone(), lin]);
        let y2 = cat.apply(&a, m, Threads::ONE);
        assert!((y2[4] - y[1]).abs() < 1e-6 && cat.outputs() == 6);
    }

    #[test]
    fn dot_and_leaky_relu() {
        let a: Vec<f32> = (0..19).map(|i| i as f32).collect();
        assert_eq!(dot(&a, &a), (0..19).map(|i| (i * i) as f32).sum::<f32>());
        let mut x = vec![-2.0, 0.0, 3.0];
        leaky_relu(&mut x, 0.01);
        assert_eq!(x, [-0.02, 0.0, 3.0]);
    }
}
