//! bf16 products on Intel AMX tiles for the encoder's dense layers (`y += x W^T`), used where the CPU has
//! AMX-BF16 and the operating system grants the tile state; everywhere else [`available`] is false and the
//! caller keeps its `f32` product.
//!
//! Design decision: a weight matrix is rounded to bf16 once, at load, and stored in the order `TDPBF16PS`
//! reads it (for each block of 16 outputs and 32 inputs, one 1 KiB tile whose row `r` interleaves inputs
//! `2r` and `2r + 1` of each output), so a product streams whole tiles with no repacking; activations are
//! rounded to bf16 once per call, and the `f32` accumulator tiles are loaded from and stored to the output
//! itself (which already holds the bias). Each task computes 32 x 32 output blocks (four accumulator tiles,
//! two input tiles, two weight tiles: all eight tile registers) over a band of rows small enough for its
//! inputs to stay in cache while it walks its share of the output columns. The tile instructions are
//! written as inline assembly because Rust's AMX intrinsics are not stable.

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
mod imp {
    use std::arch::asm;
    use std::sync::OnceLock;

    use rayon::prelude::*;

    use super::Then;
    use crate::model::Threads;

    /// Inputs per tile (32 bf16 = 64 bytes per tile row) and outputs per tile (16 f32 = 64 bytes).
    const K_TILE: usize = 32;
    const N_TILE: usize = 16;
    /// Elements (`u16`) in one weight tile: 16 rows of 32 bf16.
    const TILE: usize = 16 * K_TILE;
    /// Rows of activations a task keeps in cache while it walks its output columns.
    const BAND: usize = 128;

    /// `arch_prctl` requests (Linux `asm/prctl.h`) and the tile-data state component.
    const ARCH_REQ_XCOMP_PERM: libc::c_ulong = 0x1023;
    const XFEATURE_XTILEDATA: libc::c_ulong = 18;

    /// True when the CPU has AMX-TILE and AMX-BF16 (CPUID leaf 7, EDX bits 24 and 22) and Linux granted this
    /// process the tile data state. Decided once per process.
    pub fn available() -> bool {
        static AVAILABLE: OnceLock<bool> = OnceLock::new();
        *AVAILABLE.get_or_init(|| {
            if std::arch::x86_64::__cpuid(0).eax < 7 {
                return false; // no leaf 7 to read the features from
            }
            let leaf7 = std::arch::x86_64::__cpuid_count(7, 0);
            let (amx_bf16, amx_tile) = (leaf7.edx & (1 << 22) != 0, leaf7.edx & (1 << 24) != 0);
            if !(amx_bf16 && amx_tile) {
                return false;
            }
            // SAFETY: a plain system call with integer arguments; it fails cleanly on kernels without AMX.
            unsafe { libc::syscall(libc::SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) == 0 }
        })
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

    /// A weight matrix `W^T` (`inputs x outputs`) in bf16 weight tiles, column block major: tile
    /// `(j, p)` (outputs `16j..16j+16`, inputs `32p..32p+32`) starts at `(j * k_blocks + p) * TILE`.
    #[derive(Debug, Clone)]
    pub struct PackedBf16 {
        tiles: Vec<u16>,
        inputs: usize,
        outputs: usize,
    }

    /// The 64-byte tile configuration of `LDTILECFG` (palette 1): all eight tiles 16 rows of 64 bytes.
    #[repr(C, align(64))]
    struct TileConfig {
        palette: u8,
        start_row: u8,
        reserved: [u8; 14],
        bytes_per_row: [u16; 16],
        rows: [u8; 16],
    }

    impl TileConfig {
        const EIGHT_SQUARE_TILES: TileConfig = TileConfig {
            palette: 1,
            start_row: 0,
            reserved: [0; 14],
            bytes_per_row: [64, 64, 64, 64, 64, 64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0],
            rows: [16, 16, 16, 16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0],
        };
    }

    impl PackedBf16 {
        /// Packs `W^T` (`inputs x outputs`, row-major); `None` unless both sizes are multiples of 32 (the
        /// encoders' are) — other shapes stay on the `f32` path.
        pub fn pack(w_t: &[f32], inputs: usize, outputs: usize) -> Option<PackedBf16> {
            if inputs == 0
                || outputs == 0
                || !inputs.is_multiple_of(K_TILE)
                || !outputs.is_multiple_of(2 * N_TILE)
            {
                return None;
            }
            assert_eq!(w_t.len(), inputs * outputs, "packed weight size");
            let k_blocks = inputs / K_TILE;
            let mut tiles = vec![0u16; inputs * outputs];
            for (t, tile) in tiles.chunks_exact_mut(TILE).enumerate() {
                let (j, p) = (t / k_blocks, t % k_blocks);
                for r in 0..16 {
                    for c in 0..N_TILE {
                        for e in 0..2 {
                            let (k, n) = (p * K_TILE + 2 * r + e, j * N_TILE + c);
                            tile[r * K_TILE + 2 * c + e] = bf16(w_t[k * outputs + n]);
                        }
                    }
                }
            }
            Some(PackedBf16 { tiles, inputs, outputs })
        }

        /// `out = then(out + x W^T)` for the `rows` rows of `x` (`rows x inputs`) into `out` (`rows x
        /// outputs`), on up to `threads` threads; `then` (an element-wise activation) runs on each block
        /// while it is still in cache. Panics if [`available`] is false or the sizes do not match (internal
        /// invariants: the caller packs only where AMX is available and sizes its buffers from the config).
        pub fn add_product(&self, x: &[f32], rows: usize, out: &mut [f32], threads: Threads, then: Then<'_>) {
            assert!(available(), "AMX products need AMX");
            let (k, n) = (self.inputs, self.outputs);
            assert!(x.len() >= rows * k && out.len() >= rows * n, "packed product sizes");
            if rows == 0 {
                return;
            }
            // Inputs in bf16, padded with zero rows to a whole number of 32-row blocks.
            let padded = rows.div_ceil(32) * 32;
            let mut a = vec![0u16; padded * k];
            round_all(&x[..rows * k], &mut a[..rows * k]);
            let pairs = n / (2 * N_TILE);
            let parts = threads.get().min(pairs).max(1);
            let out_addr = out.as_mut_ptr() as usize;
            let task = |part: usize| {
                let first = pairs * part / parts;
                let last = pairs * (part + 1) / parts;
                // SAFETY: tasks write disjoint column ranges of `out` (pairs first..last); every tile access
                // stays inside `a`, `self.tiles` and the `rows x n` output (the last partial block goes
                // through a scratch block), see `block`.
                unsafe { self.columns(&a, rows, out_addr as *mut f32, first..last, then) };
            };
            if parts > 1 {
                (0..parts).into_par_iter().for_each(task);
            } else {
                task(0);
            }
        }

        /// Output column pairs `pairs` (32 outputs each) for all rows.
        ///
        /// # Safety
        /// `out` points to `rows x outputs` writable `f32`s that no other thread touches in these columns;
        /// `a` holds `rows` rounded up to a multiple of 32 rows of `inputs` bf16 values.
        unsafe fn columns(
            &self,
            a: &[u16],
            rows: usize,
            out: *mut f32,
            pairs: std::ops::Range<usize>,
            then: Then<'_>,
        ) {
            let config = TileConfig::EIGHT_SQUARE_TILES;
            asm!("ldtilecfg [{0}]", in(reg) &config as *const TileConfig, options(nostack, readonly));
            let full = rows / 32 * 32;
            let n = self.outputs;
            for band in (0..full).step_by(BAND) {
                for q in pairs.clone() {
                    for r0 in (band..(band + BAND).min(full)).step_by(32) {
                        let c = out.add(r0 * n + q * 2 * N_TILE);
                        self.block(a, r0, q, c, n * 4);
                        if let Some(f) = then {
                            for r in 0..32 {
                                f(std::slice::from_raw_parts_mut(c.add(r * n), 2 * N_TILE));
                            }
                        }
                    }
                }
            }
            if full < rows {
                // The last rows through a 32 x 32 scratch block, so tile stores never pass the output's end.
                let mut scratch = [0f32; 32 * 32];
                for q in pairs {
                    let col = q * 2 * N_TILE;
                    for r in full..rows {
                        let src = std::slice::from_raw_parts(out.add(r * n + col), 32);
                        scratch[(r - full) * 32..(r - full + 1) * 32].copy_from_slice(src);
                    }
                    self.block(a, full, q, scratch.as_mut_ptr(), 32 * 4);
                    if let Some(f) = then {
                        f(&mut scratch[..(rows - full) * 32]);
                    }
                    for r in full..rows {
                        let dst = std::slice::from_raw_parts_mut(out.add(r * n + col), 32);
                        dst.copy_from_slice(&scratch[(r - full) * 32..(r - full + 1) * 32]);
                    }
                }
            }
            asm!("tilerelease", options(nostack, nomem));
        }

        /// One 32 x 32 output block: rows `r0..r0+32` of `a` against output columns `64q..64q+32`
        /// (bytes), accumulated into the `f32` block at `c` whose rows are `c_stride` bytes apart.
        ///
        /// # Safety
        /// Tiles configured by `columns`; `a` has rows `r0..r0+32`; `c` addresses 32 rows of 32 `f32`.
        #[inline(always)]
        unsafe fn block(&self, a: &[u16], r0: usize, q: usize, c: *mut f32, c_stride: usize) {
            let k = self.inputs;
            let k_blocks = k / K_TILE;
            let a_stride = k * 2;
            let a0 = a.as_ptr().add(r0 * k);
            let a1 = a0.add(16 * k);
            let b0 = self.tiles.as_ptr().add(2 * q * k_blocks * TILE);
            let b1 = b0.add(k_blocks * TILE);
            let c1 = c.add(N_TILE);
            let c2 = c.byte_add(16 * c_stride);
            let c3 = c2.add(N_TILE);
            asm!(
                "tileloadd tmm0, [{c0} + {s}*1]",
                "tileloadd tmm1, [{c1} + {s}*1]",
                "tileloadd tmm2, [{c2} + {s}*1]",
                "tileloadd tmm3, [{c3} + {s}*1]",
                c0 = in(reg) c, c1 = in(reg) c1, c2 = in(reg) c2, c3 = in(reg) c3, s = in(reg) c_stride,
                options(nostack, readonly),
            );
            let tile_stride = 64usize;
            for p in 0..k_blocks {
                asm!(
                    "tileloadd tmm4, [{a0} + {sa}*1]",
                    "tileloadd tmm5, [{a1} + {sa}*1]",
                    "tileloadd tmm6, [{b0} + {sb}*1]",
                    "tileloadd tmm7, [{b1} + {sb}*1]",
                    "tdpbf16ps tmm0, tmm4, tmm6",
                    "tdpbf16ps tmm1, tmm4, tmm7",
                    "tdpbf16ps tmm2, tmm5, tmm6",
                    "tdpbf16ps tmm3, tmm5, tmm7",
                    a0 = in(reg) a0.add(p * K_TILE), a1 = in(reg) a1.add(p * K_TILE),
                    b0 = in(reg) b0.add(p * TILE), b1 = in(reg) b1.add(p * TILE),
                    sa = in(reg) a_stride, sb = in(reg) tile_stride,
                    options(nostack, readonly),
                );
            }
            asm!(
                "tilestored [{c0} + {s}*1], tmm0",
                "tilestored [{c1} + {s}*1], tmm1",
                "tilestored [{c2} + {s}*1], tmm2",
                "tilestored [{c3} + {s}*1], tmm3",
                c0 = in(reg) c, c1 = in(reg) c1, c2 = in(reg) c2, c3 = in(reg) c3, s = in(reg) c_stride,
                options(nostack),
            );
        }
    }
}

#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
mod imp {
    use super::Then;
    use crate::model::Threads;

    /// Never: AMX products are built for x86_64 Linux only.
    pub fn available() -> bool {
        false
    }

    /// Never constructed off x86_64 Linux ([`PackedBf16::pack`] returns `None`).
    #[derive(Debug, Clone)]
    pub struct PackedBf16 {}

    impl PackedBf16 {
        pub fn pack(_w_t: &[f32], _inputs: usize, _outputs: usize) -> Option<PackedBf16> {
            None
        }

        pub fn add_product(
            &self,
            _x: &[f32],
            _rows: usize,
            _out: &mut [f32],
            _threads: Threads,
            _then: Then<'_>,
        ) {
            unreachable!("no packed bf16 weights off x86_64 Linux")
        }
    }
}

pub use imp::{available, PackedBf16};

/// An element-wise step applied to a product's output, block by block (`None`: the plain product).
pub type Then<'a> = Option<&'a (dyn Fn(&mut [f32]) + Sync)>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Threads;

    /// The product of bf16-rounded inputs in f64: what the tiles compute, up to f32 accumulation order.
    fn reference(x: &[f32], w_t: &[f32], rows: usize, k: usize, n: usize, out: &mut [f32]) {
        let r = |v: f32| f32::from_bits((v.to_bits() + 0x7fff + ((v.to_bits() >> 16) & 1)) & 0xffff_0000);
        for i in 0..rows {
            for j in 0..n {
                let s: f64 = (0..k).map(|t| r(x[i * k + t]) as f64 * r(w_t[t * n + j]) as f64).sum();
                out[i * n + j] += s as f32;
            }
        }
    }

    #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
    #[test]
    fn rounding_to_bf16_is_to_nearest_even() {
        let round = |bits: u32| imp::bf16(f32::from_bits(bits));
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

    #[test]
    fn tile_products_match_bf16_rounded_reference() {
        if !available() {
            eprintln!("skipped: this CPU or kernel has no AMX-BF16");
            return;
        }
        let (k, n) = (96, 64);
        let w_t: Vec<f32> = (0..k * n).map(|i| ((i * 37 % 101) as f32 - 50.0) / 40.0).collect();
        let packed = PackedBf16::pack(&w_t, k, n).expect("whole tiles");
        for rows in [1, 16, 31, 32, 33, 70, 300] {
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
                    assert!((g - w).abs() <= 1e-4 * (1.0 + w.abs()), "rows {rows} at {i}: {g} vs {w}");
                }
            }
        }
    }
}
