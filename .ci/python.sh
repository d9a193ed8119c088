#!/usr/bin/env bash
# The Python package (python/): installs it with `pip install ./python` into a venv (.venv-py) with pytest,
# spaCy and PySpark, and runs python/tests. Runs from any directory; .ci/run calls it after `cargo test`.
# The extension is built with the dev profile, which `cargo test --workspace` has just built the library
# and its dependencies with, so only the binding compiles; the tests compare it with that build's CLI
# (target/debug/corefer). COREFER_PY_PROFILE=release and COREFER_BIN override both. The Spark test needs
# a Java runtime: when `java` is missing this tries Debian's headless JRE, and the test skips (saying
# why) if there is still none.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${COREFER_PY_PROFILE:-dev}"
# The CLI is (re)built unless COREFER_BIN names one: an older build of it would disagree with the package
# built from this tree (cargo returns at once when it is up to date).
if [[ -z "${COREFER_BIN:-}" ]]; then
    if [[ "$profile" == dev ]]; then
        cargo build -q -p corefer-cli
        export COREFER_BIN="$PWD/target/debug/corefer"
    else
        cargo build -q --release -p corefer-cli
        export COREFER_BIN="$PWD/target/release/corefer"
    fi
fi

if ! command -v java >/dev/null && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "== no java: installing Debian's headless JRE for the Spark test"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        default-jre-headless >/dev/null; } || echo "JRE install failed; the Spark test will skip"
fi

venv=.venv-py
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
echo "== pip install pytest spacy pyspark pandas pyarrow"
"$venv/bin/pip" install -q --disable-pip-version-check pytest spacy pyspark pandas pyarrow
echo "== pip install ./python (maturin, profile $profile)"
MATURIN_PEP517_ARGS="--profile $profile" "$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps ./python
echo "== pytest python/tests"
"$venv/bin/python" -m pytest -q -rs python/tests
