#!/usr/bin/env bash
# Speed of `corefer eval` against the limit (1 s for OntoGUM test) and against the Perl reference scorer v8.01
# (peer, `scripts/fetch-reference-scorer.sh`) on the same key/response files, measured in the same run.
# Responses are the keys themselves (a perfect system: every metric does its full work).
# Usage: bench/eval-speed.sh [runs]   — prints a markdown table with machine and date.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/../shared/data/gum"
runs="${1:-5}"
scorer="$root/.cache/reference-scorer/v8.01/scorer.pl"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && nice -n 10 cargo build --release -q -p corefer-cli)
corefer="$root/target/release/corefer"

seconds() { # best wall time of "$runs" runs of the command, in seconds
    local best=""
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s.%N)
        best=$(python3 -c "import sys; t=$end-$start; b='$best'; print(t if not b else min(t, float(b)))")
    done
    printf '%.3f' "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); date: $(date -u +%F\ %H:%M) UTC"
echo
echo "| file | corefer eval (s, best of $runs) | limit 1 s: ratio | Perl v8.01 all metrics (s, 1 run) | speed-up vs Perl |"
echo "|---|---|---|---|---|"
for file in ontogum/test gum/test; do
    key="$tmp/${file//\//-}.conll"
    gzip -dc "$data/$file.conll2012.gz" > "$key"
    ours=$(seconds "$corefer" eval "$key" "$key")
    if [[ -f "$scorer" ]] && command -v perl >/dev/null; then
        theirs=$(runs=1 seconds perl "$scorer" all "$key" "$key" none)
        speedup=$(python3 -c "print(f'{$theirs / $ours:.0f}x')")
    else
        theirs="(scorer absent)"
        speedup="-"
    fi
    ratio=$(python3 -c "print(f'{$ours / 1.0:.3f}')")
    echo "| $file | $ours | $ratio | $theirs | $speedup |"
done
