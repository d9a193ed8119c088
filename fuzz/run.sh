#!/usr/bin/env bash
# Fuzzes one target for SECONDS (default 600) in one process (what -jobs=1 asks for, minus its log
# file) at the lowest CPU priority, starting from the committed seeds (corpus/TARGET, read only) and
# growing a working corpus in corpus-full/TARGET (ignored by git). Crashes land in artifacts/TARGET/.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain RUSTC_BOOTSTRAP=1 grants the
# nightly flags it uses. Usage: fuzz/run.sh TARGET [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
seconds=${2:-600}
mkdir -p "corpus-full/$target"
# -a: debug assertions (overflow checks) on; no sanitizer: the targets run safe Rust, and it doubles speed.
RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz run -a --sanitizer none "$target" "corpus-full/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
