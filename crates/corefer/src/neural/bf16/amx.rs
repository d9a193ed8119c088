//! The product on Intel AMX tiles (`TDPBF16PS`), where the CPU has AMX-BF16 and Linux grants this process
//! the tile state.
//!
//! Design decision: each task computes 32 x 32 output blocks (four accumulator tiles, two input tiles, two
//! weight tiles: all eight tile registers) over a band of rows small enough for its inputs to stay in cache
//! while it walks its share of the output columns; the accumulator tiles are loaded from and stored to the
//! output itself. The tile instructions are inline assembly because Rust's AMX intrinsics are not stable.

use std::arch::asm;
use std::ops::Range;
use std::sync::OnceLock;

use super::{PackedBf16, Then, K_TILE, N_TILE, TILE};

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

/// Output column pairs `pairs` (32 outputs each) of `out += a W^T` for all `rows` rows, with `packed` the
/// weights (`k` inputs, `n` outputs).
///
/// # Safety
/// [`available`] is true; `out` points to `rows x n` writable `f32`s that no other thread touches in these
/// columns; `a` holds `rows` rounded up to a multiple of 32 rows of `k` bf16 values.
pub unsafe fn columns(
    packed: &PackedBf16,
    a: &[u16],
    rows: usize,
    out: *mut f32,
    pairs: Range<usize>,
    then: Then<'_>,
) {
    let (w, k, n) = (packed.values.as_slice(), packed.inputs, packed.outputs);
    let config = TileConfig::EIGHT_SQUARE_TILES;
    asm!("ldtilecfg [{0}]", in(reg) &config as *const TileConfig, options(nostack, readonly));
    let full = rows / 32 * 32;
    for band in (0..full).step_by(BAND) {
        for q in pairs.clone() {
            for r0 in (band..(band + BAND).min(full)).step_by(32) {
                let c = out.add(r0 * n + q * 2 * N_TILE);
                block(w, k, a, r0, q, c, n * 4);
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
            block(w, k, a, full, q, scratch.as_mut_ptr(), 32 * 4);
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

/// One 32 x 32 output block: rows `r0..r0+32` of `a` against output columns `64q..64q+32` (bytes),
/// accumulated into the `f32` block at `c` whose rows are `c_stride` bytes apart.
///
/// # Safety
/// Tiles configured by `columns`; `a` has rows `r0..r0+32`; `c` addresses 32 rows of 32 `f32`.
#[inline(always)]
unsafe fn block(w: &[u16], k: usize, a: &[u16], r0: usize, q: usize, c: *mut f32, c_stride: usize) {
    let k_blocks = k / K_TILE;
    let a_stride = k * 2;
    let a0 = a.as_ptr().add(r0 * k);
    let a1 = a0.add(16 * k);
    let b0 = w.as_ptr().add(2 * q * k_blocks * TILE);
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
