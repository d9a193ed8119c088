//! The product in AVX-512 registers (`VDPBF16PS`), for CPUs with AVX-512 BF16 but no AMX.
//!
//! Design decision: one register of the packed weights is one input pair for 16 outputs, so a block of
//! `ROWS` rows x 32 outputs keeps its `2 * ROWS` accumulators in registers (24 of the 32) while it walks
//! the inputs: two weight loads and `ROWS` broadcast input pairs feed `2 * ROWS` multiply-adds. A task walks
//! its share of the output columns over a band of rows sized to stay in the core's cache with the weights
//! of the column pair it is working on.

use std::arch::x86_64::*;
use std::ops::Range;
use std::sync::OnceLock;

use super::{PackedBf16, Then};

/// Rows per register block.
const ROWS: usize = 12;
/// Bytes of bf16 activations a band may hold.
const BAND_BYTES: usize = 256 * 1024;

/// True when the CPU has AVX-512F and AVX-512 BF16. Decided once per process.
pub fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512bf16"))
}

/// Output column pairs `pairs` (32 outputs each) of `out += a W^T` for all `rows` rows, with `packed` the
/// weights (`k` inputs, `n` outputs).
///
/// # Safety
/// [`available`] is true; `out` points to `rows x n` writable `f32`s that no other thread touches in these
/// columns; `a` holds at least `rows x k` bf16 values; `packed` is whole.
#[target_feature(enable = "avx512f,avx512bf16")]
pub unsafe fn columns(
    packed: &PackedBf16,
    a: &[u16],
    rows: usize,
    out: *mut f32,
    pairs: Range<usize>,
    then: Then<'_>,
) {
    let (w, k, n) = (packed.values.as_slice(), packed.inputs, packed.outputs);
    let band = ((BAND_BYTES / (2 * k)).max(ROWS) / ROWS) * ROWS;
    for b0 in (0..rows).step_by(band) {
        let b1 = (b0 + band).min(rows);
        for q in pairs.clone() {
            // Output strips 2q and 2q + 1 (16 outputs each) start 16 k values apart (a strip
            // is its k/2 input pairs, 32 values each).
            let w0 = w.as_ptr().add(2 * q * 16 * k);
            let w1 = w0.add(16 * k);
            let mut r0 = b0;
            while r0 < b1 {
                let take = (b1 - r0).min(ROWS);
                let (x, c) = (a.as_ptr().add(r0 * k), out.add(r0 * n + 32 * q));
                match take {
                    12 => block::<12>(x, k, w0, w1, c, n),
                    11 => block::<11>(x, k, w0, w1, c, n),
                    10 => block::<10>(x, k, w0, w1, c, n),
                    9 => block::<9>(x, k, w0, w1, c, n),
                    8 => block::<8>(x, k, w0, w1, c, n),
                    7 => block::<7>(x, k, w0, w1, c, n),
                    6 => block::<6>(x, k, w0, w1, c, n),
                    5 => block::<5>(x, k, w0, w1, c, n),
                    4 => block::<4>(x, k, w0, w1, c, n),
                    3 => block::<3>(x, k, w0, w1, c, n),
                    2 => block::<2>(x, k, w0, w1, c, n),
                    _ => block::<1>(x, k, w0, w1, c, n),
                }
                if let Some(f) = then {
                    for r in 0..take {
                        f(std::slice::from_raw_parts_mut(c.add(r * n), 32));
                    }
                }
                r0 += take;
            }
        }
    }
}

/// `R` rows x 32 outputs: `c[r][0..32] += x[r] · (strips w0, w1)`, rows of `x` `k` bf16 apart and rows of
/// `c` `n` floats apart.
///
/// # Safety
/// As [`columns`]: `x` has `R` rows of `k` values, `w0` and `w1` hold `k / 2` registers each, `c` addresses
/// `R` rows of 32 writable floats.
#[target_feature(enable = "avx512f,avx512bf16")]
#[inline]
unsafe fn block<const R: usize>(
    x: *const u16,
    k: usize,
    w0: *const u16,
    w1: *const u16,
    c: *mut f32,
    n: usize,
) {
    let mut acc = [[_mm512_setzero_ps(); 2]; R];
    for (r, acc) in acc.iter_mut().enumerate() {
        acc[0] = _mm512_loadu_ps(c.add(r * n));
        acc[1] = _mm512_loadu_ps(c.add(r * n + 16));
    }
    for t in 0..k / 2 {
        let b0: __m512bh = std::mem::transmute(_mm512_loadu_ps(w0.add(32 * t) as *const f32));
        let b1: __m512bh = std::mem::transmute(_mm512_loadu_ps(w1.add(32 * t) as *const f32));
        for (r, acc) in acc.iter_mut().enumerate() {
            let pair = (x.add(r * k + 2 * t) as *const i32).read_unaligned();
            let pair: __m512bh = std::mem::transmute(_mm512_set1_epi32(pair));
            acc[0] = _mm512_dpbf16_ps(acc[0], pair, b0);
            acc[1] = _mm512_dpbf16_ps(acc[1], pair, b1);
        }
    }
    for (r, acc) in acc.iter().enumerate() {
        _mm512_storeu_ps(c.add(r * n), acc[0]);
        _mm512_storeu_ps(c.add(r * n + 16), acc[1]);
    }
}
