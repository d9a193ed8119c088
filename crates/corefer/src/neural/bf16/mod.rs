//! bf16 products for the encoder's dense layers (`y += x W^T`) where the CPU multiplies bf16 pairs in
//! hardware: on Intel AMX tiles (`TDPBF16PS`, [`amx`]) or in AVX-512 registers (`VDPBF16PS`, [`avx512`]);
//! where neither exists [`backend`] is `None` and the caller keeps its `f32` product.
//!
//! Design decision: a weight matrix is rounded to bf16 once, at load, into the one layout both
//! instructions read without repacking: for each 16 outputs and each pair of inputs, 64 bytes interleaving
//! the pair for each output. Sixteen consecutive pairs of one 16-output strip are one AMX tile; one pair is
//! one AVX-512 register. Activations are rounded to bf16 once per call, and the `f32` accumulators are
//! loaded from and stored to the output itself (which already holds the bias).

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
mod amx;
#[cfg(target_arch = "x86_64")]
mod avx512;

use rayon::prelude::*;

use crate::model::Threads;

/// Inputs per AMX tile (32 bf16 = 64 bytes per tile row) and outputs per strip (16 f32 = 64 bytes).
const K_TILE: usize = 32;
const N_TILE: usize = 16;
/// Elements (`u16`) in one weight tile: 16 rows of 32 bf16.
const TILE: usize = 16 * K_TILE;

/// An element-wise step applied to a product's output, block by block (`None`: the plain product).
pub type Then<'a> = Option<&'a (dyn Fn(&mut [f32]) + Sync)>;

/// The instructions that run the bf16 products.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Intel AMX tiles.
    Amx,
    /// AVX-512 BF16 registers.
    Avx512,
}

/// The best bf16 backend of this CPU (AMX before AVX-512 BF16), or `None`.
pub fn backend() -> Option<Backend> {
    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    if amx::available() {
        return Some(Backend::Amx);
    }
    #[cfg(target_arch = "x86_64")]
    if avx512::available() {
        return Some(Backend::Avx512);
    }
    None
}

/// The backend that `Precision::Auto` uses: AMX wherever it exists; AVX-512 BF16 only on AMD CPUs, whose
/// `VDPBF16PS` does twice the multiply-adds of an `f32` FMA per cycle; on Intel CPUs it does as many, so
/// gemm's `f32` kernels are as fast without rounding anything (bench/results/bf16-avx512-2026-12-08.md).
pub fn auto_backend() -> Option<Backend> {
    match backend() {
        Some(Backend::Avx512) if !amd() => None,
        b => b,
    }
}

/// Whether the CPU's vendor string (CPUID leaf 0) is AMD's.
fn amd() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        let leaf0 = std::arch::x86_64::__cpuid(0);
        let vendor: Vec<u8> =
            [leaf0.ebx, leaf0.edx, leaf0.ecx].iter().flat_map(|r| r.to_le_bytes()).collect();
        vendor == b"AuthenticAMD"
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// `f32` to bf16, rounding to nearest even (as `VCVTNEPS2BF16`); a NaN stays a (quiet) NaN.
#[inline(always)]
pub fn bf16(x: f32) -> u16 {
    let bits = x.to_bits();
    let rounded = (bits.wrapping_add(0x7fff + ((bits >> 16) & 1)) >> 16) as u16;
    if x.is_nan() {
        (bits >> 16) as u16 | 0x40
    } else {
        rounded
    }
}

/// Rounds `x` into `out` (same length); a plain loop the compiler vectorises.
#[multiversion::multiversion(targets("x86_64+avx512f+avx512bw", "x86_64+avx2"))]
fn round_all(x: &[f32], out: &mut [u16]) {
    for (o, &v) in out.iter_mut().zip(x) {
        *o = bf16(v);
    }
}

/// A weight matrix `W^T` (`inputs x outputs`) in bf16, strip major: the values for outputs `16j..16j+16`
/// and inputs `2t, 2t + 1` are the 32 values at `(j * inputs / 2 + t) * 32`, output `c`'s pair at `2c`.
#[derive(Debug, Clone)]
pub struct PackedBf16 {
    values: Vec<u16>,
    inputs: usize,
    outputs: usize,
    backend: Backend,
}

impl PackedBf16 {
    /// Packs `W^T` (`inputs x outputs`, row-major) for this CPU's [`backend`]; `None` without one, or
    /// unless both sizes are multiples of 32 (the encoders' are) — other shapes stay on the `f32` path.
    pub fn pack(w_t: &[f32], inputs: usize, outputs: usize) -> Option<PackedBf16> {
        let backend = backend()?;
        if inputs == 0
            || outputs == 0
            || !inputs.is_multiple_of(K_TILE)
            || !outputs.is_multiple_of(2 * N_TILE)
        {
            return None;
        }
        assert_eq!(w_t.len(), inputs * outputs, "packed weight size");
        let mut values = vec![0u16; inputs * outputs];
        for (s, pair) in values.chunks_exact_mut(2 * N_TILE).enumerate() {
            let (j, t) = (s / (inputs / 2), s % (inputs / 2));
            for c in 0..N_TILE {
                for e in 0..2 {
                    pair[2 * c + e] = bf16(w_t[(2 * t + e) * outputs + j * N_TILE + c]);
                }
            }
        }
        Some(PackedBf16 { values, inputs, outputs, backend })
    }

    /// `out = then(out + x W^T)` for the `rows` rows of `x` (`rows x inputs`) into `out` (`rows x
    /// outputs`), on up to `threads` threads; `then` (an element-wise activation) runs on each block
    /// while it is still in cache. Panics if the sizes do not match (an internal invariant: the caller
    /// sizes its buffers from the config).
    pub fn add_product(&self, x: &[f32], rows: usize, out: &mut [f32], threads: Threads, then: Then<'_>) {
        let (k, n) = (self.inputs, self.outputs);
        assert!(x.len() >= rows * k && out.len() >= rows * n, "packed product sizes");
        if rows == 0 {
            return;
        }
        // Inputs in bf16, padded with zero rows to a whole number of 32-row blocks (AMX's tiles).
        let padded = rows.div_ceil(32) * 32;
        let mut a = vec![0u16; padded * k];
        round_all(&x[..rows * k], &mut a[..rows * k]);
        let pairs = n / (2 * N_TILE);
        let parts = threads.get().min(pairs).max(1);
        let out_addr = out.as_mut_ptr() as usize;
        let task = |part: usize| {
            let first = pairs * part / parts;
            let last = pairs * (part + 1) / parts;
            // SAFETY: `pack` chose the backend from what this CPU has; tasks write disjoint column ranges of
            // `out` (pairs first..last); `a` holds `padded` rows of `k` values, `self.values` `k x n`, and
            // `out` `rows x n`.
            unsafe { self.columns(&a, rows, out_addr as *mut f32, first..last, then) };
        };
        if parts > 1 {
            (0..parts).into_par_iter().for_each(task);
        } else {
            task(0);
        }
    }

    /// # Safety
    /// As the backends' `columns`.
    #[allow(unused_variables)]
    unsafe fn columns(
        &self,
        a: &[u16],
        rows: usize,
        out: *mut f32,
        pairs: std::ops::Range<usize>,
        then: Then<'_>,
    ) {
        match self.backend {
            #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
            Backend::Amx => amx::columns(self, a, rows, out, pairs, then),
            #[cfg(target_arch = "x86_64")]
            Backend::Avx512 => avx512::columns(self, a, rows, out, pairs, then),
            #[allow(unreachable_patterns)]
            _ => unreachable!("no bf16 backend is built for this target"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Threads;

    /// The product of bf16-rounded inputs in f64: what the hardware computes, up to f32 accumulation order.
    fn reference(x: &[f32], w_t: &[f32], rows: usize, k: usize, n: usize, out: &mut [f32]) {
        let r = |v: f32| f32::from_bits((v.to_bits() + 0x7fff + ((v.to_bits() >> 16) & 1)) & 0xffff_0000);
        for i in 0..rows {
            for j in 0..n {
                let s: f64 = (0..k).map(|t| r(x[i * k + t]) as f64 * r(w_t[t * n + j]) as f64).sum();
                out[i * n + j] += s as f32;
            }
        }
    }

    #[test]
    fn rounding_to_bf16_is_to_nearest_even() {
        let round = |bits: u32| bf16(f32::from_bits(bits));
        assert_eq!(round(1.0f32.to_bits()), 0x3f80);
        assert_eq!(round(0x3f80_8000), 0x3f80); // a tie: to the even neighbour below
        assert_eq!(round(0x3f81_8000), 0x3f82); // a tie: to the even neighbour above
        assert_eq!(round(0x3f80_8001), 0x3f81);
        assert_eq!(round(f32::MAX.to_bits()), 0x7f80); // rounds to infinity
        assert_eq!(round(0xffff_ffff), 0xffff); // NaNs stay NaNs, without overflow
        assert_eq!(round(0x7f80_0001), 0x7fc0);
    }

    #[test]
    fn packs_only_whole_tiles() {
        assert!(PackedBf16::pack(&[0.0; 32 * 48], 32, 48).is_none());
        assert!(PackedBf16::pack(&[0.0; 48 * 32], 48, 32).is_none());
    }

    /// Every backend this CPU has, each on the same products (AMX, where present, is also `backend()`).
    fn backends() -> Vec<Backend> {
        let mut all = Vec::new();
        #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
        if amx::available() {
            all.push(Backend::Amx);
        }
        #[cfg(target_arch = "x86_64")]
        if avx512::available() {
            all.push(Backend::Avx512);
        }
        all
    }

    #[test]
    fn products_match_bf16_rounded_reference_on_every_backend() {
        let all = backends();
        if all.is_empty() {
            eprintln!("skipped: this CPU has neither AMX-BF16 nor AVX-512 BF16");
            return;
        }
        let (k, n) = (96, 64);
        let w_t: Vec<f32> = (0..k * n).map(|i| ((i * 37 % 101) as f32 - 50.0) / 40.0).collect();
        for backend in all {
            let mut packed = PackedBf16::pack(&w_t, k, n).expect("whole tiles");
            packed.backend = backend;
            for rows in [1, 11, 12, 13, 16, 31, 32, 33, 70, 300] {
                for threads in [1, 2] {
                    let x: Vec<f32> = (0..rows * k).map(|i| ((i * 53 % 97) as f32 - 48.0) / 30.0).collect();
                    let bias: Vec<f32> = (0..rows * n).map(|i| (i % 7) as f32 - 3.0).collect();
                    let mut got = bias.clone();
                    let halve = |v: &mut [f32]| v.iter_mut().for_each(|v| *v *= 0.5);
                    let then: Then<'_> = if rows % 2 == 1 { Some(&halve) } else { None };
                    packed.add_product(&x, rows, &mut got, Threads::new(threads), then);
                    let mut want = bias;
                    reference(&x, &w_t, rows, k, n, &mut want);
                    if let Some(f) = then {
                        f(&mut want);
                    }
                    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                        assert!(
                            (g - w).abs() <= 1e-4 * (1.0 + w.abs()),
                            "{backend:?} rows {rows} at {i}: {g} vs {w}"
                        );
                    }
                }
            }
        }
    }
}
