"""The rules the trainer shares with the Rust library (train/MODEL_FORMAT.md, "Rules shared by Python and Rust"):
each is checked here against its one source, so that a change on one side fails a test until the other side,
the shipped model or the spec text follows.

Rust code is read as text, searched for in every file under crates/corefer/src (not at one path, so that
moving a module does not break the check)."""
import json
import re
import subprocess
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
tokenizers = pytest.importorskip("tokenizers")

from train import encoders, export, features, model, rules  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SPEC = (REPO / "train/MODEL_FORMAT.md").read_text(encoding="utf-8")
def _committed_models() -> list[Path]:
    """The model directories in git (local, uncommitted experiments in models/ are not the shipped ones)."""
    try:
        listed = subprocess.run(["git", "ls-files", "models/*/config.json"], cwd=REPO, capture_output=True,
                                text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):     # no git (an unpacked tarball): every model there
        return sorted(p.parent for p in (REPO / "models").glob("*/config.json"))
    return sorted((REPO / f).parent for f in listed)


MODELS = _committed_models()


def rust_match(pattern: str) -> list[re.Match]:
    """Every match of a regex in the Rust library's source files."""
    found = []
    for path in sorted((REPO / "crates/corefer/src").rglob("*.rs")):
        found.extend(re.finditer(pattern, path.read_text(encoding="utf-8")))
    return found


def spec_section(number: int) -> str:
    start = SPEC.index(f"\n## {number}. ")
    end = SPEC.find("\n## ", start + 1)
    return SPEC[start:end if end > 0 else None]


# ---- the pronoun lexicon (crates/corefer/data/pronouns.tsv) ----

def test_the_lexicon_file_is_well_formed():
    values = {"person": {"first", "second", "third"}, "number": {"singular", "plural", "either"},
              "gender": {"masculine", "feminine", "neuter", "unknown"},
              "form": {"personal", "possessive-determiner", "possessive-pronoun", "reflexive"}}
    rows = rules._rows("pronouns.tsv")
    assert len(rows) == len(rules.PRONOUNS), "a word is listed twice"
    for r in rows:
        assert len(r) == 5 and r[0] == r[0].lower() and "\u2019" not in r[0], r
        p = rules.PRONOUNS[r[0]]
        for field, allowed in values.items():
            assert getattr(p, field) in allowed, r


def test_the_spec_lists_the_lexicon_s_third_person_pronouns():
    """§6 names the pronouns `match_pronouns = false` leaves out: the lexicon's third-person words, which
    the Rust side (pronoun::lookup(..).is_third_person()) and features.THIRD_PERSON both read."""
    listed = re.search(r"\*\*third-person\s+personal pronoun\*\* \(([^;)]*);", spec_section(6))
    assert listed, "§6 no longer lists the third-person pronouns"
    assert set(listed.group(1).split()) == features.THIRD_PERSON == rules.pronouns(person="third")
    assert features.lexeme_ids(["He", "he", "HIS", "his"], match_pronouns=False) == [0, 1, 2, 3]


def test_python_users_of_the_lexicon_read_it():
    from train import analyze, augment
    assert augment.MALE_PRONOUNS == {w for w, p in rules.PRONOUNS.items() if p.gender == "masculine"}
    assert augment.FEMALE_PRONOUNS == {w for w, p in rules.PRONOUNS.items() if p.gender == "feminine"}
    gendered = {w for w, p in rules.PRONOUNS.items() if p.gender != "unknown"}
    assert set(analyze.GENDERS) == gendered and set(analyze.GENDERS.values()) == {"m", "f", "n"}
    assert set(rules.PRONOUNS) <= analyze.PRONOUNS


def test_rust_reads_the_lexicon_file():
    assert rust_match(r'include_str!\(concat!\(env!\("CARGO_MANIFEST_DIR"\), "/data/pronouns\.tsv"\)\)')


# ---- pair-distance buckets (crates/corefer/data/distance-buckets.txt) ----

def test_distance_buckets_agree_with_the_spec_and_the_rust_loader():
    starts = rules.DISTANCE_BUCKET_STARTS
    assert list(starts) == sorted(set(starts)) and starts[0] == 1
    # §7's formula and its table of ranges
    d = torch.arange(1, 5000)
    formula = torch.where(d <= 4, d - 1, (torch.floor(torch.log2(d.float())).long() + 2).clamp(max=9))
    assert model.distance_bucket(d).tolist() == formula.tolist()
    table = re.findall(r"(\d+)\.\.(\d+)→(\d+)|≥(\d+)→(\d+)", spec_section(7))
    assert len(table) == 6, "§7's table of bucket ranges moved"
    for lo, hi, b, last, last_b in table:
        if last:
            assert model.distance_bucket(torch.tensor([int(last), 10 ** 6])).tolist() == [int(last_b)] * 2
        else:
            assert model.distance_bucket(torch.arange(int(lo), int(hi) + 1)).unique().tolist() == [int(b)]
    # the count: config.json's head.distance_buckets, which the Rust loader requires to be this number
    checks = rust_match(r"h\.distance_buckets == (\d+)")
    assert model.N_BUCKETS == len(starts)
    assert [int(m.group(1)) for m in checks] == [len(starts)]
    for m in MODELS:
        assert json.loads((m / "config.json").read_text())["head"]["distance_buckets"] == len(starts), m.name
    assert rust_match(r'include_str!\(concat!\(env!\("CARGO_MANIFEST_DIR"\), "/data/distance-buckets\.txt"\)\)')


# ---- config.json: written by train/export.py, read by crates/corefer/src/neural/config.rs ----

def test_format_version_is_the_rust_one():
    rust = rust_match(r"pub const FORMAT_VERSION: u32 = (\d+);")
    assert [int(m.group(1)) for m in rust] == [export.FORMAT_VERSION]
    assert f"(format_version {export.FORMAT_VERSION})" in SPEC.splitlines()[0]
    for m in MODELS:
        assert json.loads((m / "config.json").read_text())["format_version"] == export.FORMAT_VERSION, m.name


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_the_writer_still_writes_the_shipped_configs(path):
    """config_json on the HeadConfig a shipped config describes gives back that config (every key the file
    has; older exports lack some), so the constants export.py writes (leaky_relu_slope = model.SLOPE,
    distance_buckets, casing classes, activation, stitch, tokenizer flags) are those the committed models,
    which the Rust tests load, carry."""
    shipped = json.loads((path / "config.json").read_text())
    written = export.config_json(export.head_config(shipped), shipped["name"])

    def common(a, b):
        return {k: common(v, b[k]) if isinstance(v, dict) else b.get(k) for k, v in a.items() if k in b}
    shipped.pop("base_weights", None)
    shipped.pop("calibration", None)          # fitted after export (train/calibrate.py), checked by test_calibrate
    assert common(shipped, written) == shipped
    assert shipped["head"]["leaky_relu_slope"] == model.SLOPE


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.name)
def test_special_ids_are_the_tokenizer_s_and_the_base_s(path):
    cfg = json.loads((path / "config.json").read_text())
    tk = cfg["tokenizer"]
    spec = encoders.spec(cfg["encoder"].get("base", encoders.MINILM.name))
    assert (tk["unk_token_id"], tk["cls_token_id"], tk["sep_token_id"]) == (spec.unk_id, spec.cls_id, spec.sep_id)
    tok = tokenizers.Tokenizer.from_file(str(path / tk["file"]))
    ids = tok.encode("word", add_special_tokens=True).ids
    assert (ids[0], ids[-1]) == (spec.cls_id, spec.sep_id)
    unk = json.loads((path / tk["file"]).read_text())["model"]["unk_token"]
    assert tok.token_to_id(unk) == spec.unk_id


def test_the_spec_states_the_special_ids_and_the_slope():
    m, p = encoders.MINILM, encoders.MPNET
    assert f"`config.tokenizer.unk_token_id`: {m.unk_id} for MiniLM, {p.unk_id} for MPNet" in spec_section(2)
    assert f"{m.cls_id} / {m.sep_id}\nfor MiniLM, `<s>` {p.cls_id} / `</s>` {p.sep_id} for MPNet" in spec_section(3)
    assert f"else {model.SLOPE} x" in spec_section(7)


def test_the_spec_s_config_example_is_what_export_writes():
    """§11's example is config_json's output for the shipped default's settings (name aside)."""
    example = json.loads(re.search(r"```json\n(.*?)```", spec_section(11), re.S).group(1))
    default = REPO / "models" / (REPO / "models/DEFAULT").read_text().strip()
    c = export.head_config(json.loads((default / "config.json").read_text()))
    written = export.config_json(c, example["name"])
    assert example == written


# ---- MPNet relative-position buckets: Python's against the table the Rust test reads ----

def test_relative_buckets_match_the_transformers_table():
    fx = json.loads((REPO / "crates/corefer/tests/fixtures/encoder_mpnet.json").read_text())
    n = len(fx["buckets"])
    assert fx["buckets_from"] == -(n // 2)
    half = n // 2
    table = model.relative_buckets(half + 1, 32, 128)     # row i, column j: bucket of j - i
    got = table[half, :].tolist() + table[0, 1:].tolist()  # -half..0, then 1..half
    assert got == fx["buckets"]


# ---- where installed models live ----

def test_corefer_home_is_the_rust_rule(monkeypatch):
    assert rust_match(r'std::env::var_os\("COREFER_HOME"\)')
    assert rust_match(r'\.join\("\.local/share/corefer"\)')
    monkeypatch.setenv("COREFER_HOME", "/x")
    assert encoders.corefer_home() == Path("/x")
    monkeypatch.delenv("COREFER_HOME")
    assert encoders.corefer_home() == Path.home() / ".local/share/corefer"
