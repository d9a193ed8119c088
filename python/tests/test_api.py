"""The Python API: results, offsets on non-ASCII text, equality with the CLI, batches, threads, errors."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import corefer
from conftest import NON_ASCII, run_cli

NEWS = (
    "Senator Maria Lopez met the mayor on Tuesday. She told him that the city would get its money. "
    "The mayor thanked her, and he said they would meet again."
)


def test_resolve_gives_clusters_mentions_and_resolved_text():
    r = corefer.resolve(NEWS)
    assert isinstance(r, corefer.Resolution)
    assert r.text == NEWS and r.id == ""
    assert r.clusters, "the default model finds the senator and the mayor"
    for cluster in r.clusters:
        assert all(isinstance(m, tuple) and len(m) == 2 for m in cluster)
        assert cluster == sorted(cluster)
    assert [c[0] for c in r.clusters] == sorted(c[0] for c in r.clusters)
    assert len(r.mentions) == sum(map(len, r.clusters))
    assert [(m.start, m.end) for m in r.mentions] == sorted((m.start, m.end) for m in r.mentions)
    assert r.cluster_texts == [[NEWS[s:e] for s, e in c] for c in r.clusters]
    assert r.resolved_text != NEWS and r.edits
    assert "Maria Lopez told" in r.resolved_text
    assert len(r.representatives) == len(r.clusters)
    assert r.skipped == []
    assert "Resolution(" in repr(r) and "Mention(" in repr(r.mentions[0]) and "Edit(" in repr(r.edits[0])


def test_module_resolve_reuses_one_resolver_per_model():
    assert corefer.get_resolver() is corefer.get_resolver("default")
    assert corefer.get_resolver(threads=1) is not corefer.get_resolver()
    assert corefer.resolve("Kim left. She ran.", id="k").id == "k"


@pytest.mark.parametrize("text", NON_ASCII)
def test_offsets_index_the_python_str(resolver, text):
    r = resolver.resolve(text)
    encoded = text.encode("utf-8")
    assert r.mentions, f"no mentions found in {text!r}"
    for m in r.mentions:
        assert text[m.start : m.end] == m.text
        assert encoded[m.start_byte : m.end_byte].decode("utf-8") == m.text
    for e in r.edits:
        assert text[e.start : e.end] == e.original
        assert r.resolved_text[e.resolved_start : e.resolved_end] == e.replacement
        assert r.resolved_text.encode("utf-8")[e.resolved_start_byte : e.resolved_end_byte].decode() == e.replacement
        assert e.name_start < e.name_end <= len(text)
        assert e.probability is None or 0.0 <= e.probability <= 1.0
    for rep in r.representatives:
        if rep is not None:
            assert text[rep.start : rep.end] == rep.text
    # Undoing the edits from the end gives the input back.
    undone = r.resolved_text
    for e in reversed(r.edits):
        undone = undone[: e.resolved_start] + e.original + undone[e.resolved_end :]
    assert undone == text


def test_non_ascii_offsets_are_code_points_not_bytes_or_utf16(resolver):
    text = "😀 Zoë met Bob. She smiled at him."
    r = resolver.resolve(text)
    she = next(m for m in r.mentions if m.text == "She")
    assert (she.start, she.start_byte) == (text.index("She"), text.encode().index(b"She"))
    assert she.start != she.start_byte
    assert she.start != len(text[: she.start].encode("utf-16-le")) // 2  # the emoji is 2 UTF-16 units


def test_to_dict_and_to_json_agree(resolver):
    r = resolver.resolve(NON_ASCII[1], "d1")
    d = r.to_dict()
    assert json.loads(r.to_json()) == d == json.loads(r.to_json(indent=2))
    assert "\n  " in r.to_json(indent=2)
    assert list(d) == ["id", "text", "clusters", "resolved_text", "edits", "representatives"]
    assert d["id"] == "d1" and d["text"] == NON_ASCII[1] and d["resolved_text"] == r.resolved_text
    assert [[(m["start"], m["end"]) for m in c] for c in d["clusters"]] == r.clusters
    assert d["edits"][0]["replacement"] == r.edits[0].replacement
    assert r == resolver.resolve(NON_ASCII[1], "d1") and r != resolver.resolve(NON_ASCII[1], "d2")


def test_results_equal_the_cli_json(resolver, cli, tmp_path):
    docs = [{"id": f"d{i}", "text": t} for i, t in enumerate([NEWS, *NON_ASCII])]
    clusters = run_cli(cli, ["clusters", "--min-pronoun-probability", "0.5"], docs, tmp_path)
    resolved = run_cli(cli, ["resolve", "--json"], docs, tmp_path)
    results = resolver.resolve_batch([d["text"] for d in docs], [d["id"] for d in docs])
    assert len(clusters) == len(resolved) == len(results) == len(docs)
    for result, c, r in zip(results, clusters, resolved):
        d = result.to_dict()
        assert {"id": d["id"], "clusters": d["clusters"]} == c
        expected = {"id": r["id"], "text": d["resolved_text"], "edits": d["edits"], "representatives": d["representatives"]}
        if "skipped" in d:
            expected["skipped"] = d["skipped"]
        assert expected == r


def test_every_link_kept_equals_cli_clusters(cli, tmp_path):
    docs = [{"id": "n", "text": NEWS}, {"id": "z", "text": NON_ASCII[0]}]
    expected = run_cli(cli, ["clusters"], docs, tmp_path)
    every_link = corefer.Resolver(min_pronoun_probability=0.0, threads=1)
    got = [every_link.resolve(d["text"], d["id"]).to_dict() for d in docs]
    assert [{"id": g["id"], "clusters": g["clusters"]} for g in got] == expected


def test_batch_keeps_input_order(resolver):
    # Lengths differ widely so that documents finish out of order on the worker threads.
    texts = [NEWS * (1 + (i * 7) % 5) if i % 3 else f"Kim {i} left. She ran." for i in range(24)]
    ids = [f"doc-{i}" for i in range(len(texts))]
    results = resolver.resolve_batch(texts, ids)
    assert [r.id for r in results] == ids
    assert [r.text for r in results] == texts
    assert results == [resolver.resolve(t, i) for t, i in zip(texts, ids)]
    assert resolver.resolve_batch([]) == []
    assert resolver.resolve_batch(iter(texts[:3]))[2].text == texts[2]
    assert [r.id for r in resolver.resolve_batch(texts[:2])] == ["", ""]


def test_concurrent_use_from_threads(resolver):
    texts = [NEWS, *NON_ASCII] * 3
    expected = [resolver.resolve(t).to_json() for t in texts]
    with ThreadPoolExecutor(max_workers=6) as pool:
        single = list(pool.map(lambda t: resolver.resolve(t).to_json(), texts))
        batches = list(pool.map(lambda i: [r.to_json() for r in resolver.resolve_batch(texts[i : i + 4])], range(0, len(texts), 4)))
    assert single == expected
    assert [j for b in batches for j in b] == expected


def test_the_gil_is_released_while_resolving(resolver):
    texts = [NEWS * 8] * 6
    done = threading.Event()
    ticks = 0

    def work():
        resolver.resolve_batch(texts)
        done.set()

    worker = threading.Thread(target=work)
    start = time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    elapsed = time.perf_counter() - start
    # With the GIL held for the whole batch this loop could not run until it ended.
    assert elapsed < 0.05 or ticks >= 10, f"{ticks} ticks in {elapsed:.3f}s"


def test_empty_and_blank_texts():
    r = corefer.resolve("")
    assert (r.clusters, r.mentions, r.resolved_text, r.edits) == ([], [], "", [])
    assert corefer.resolve(" \n\t ").resolved_text == " \n\t "


def test_options_change_the_rewrite():
    text = "Jeff Sessions spoke. Sessions said his decision stood."
    default = corefer.Resolver(threads=1).resolve(text)
    apostrophe = corefer.Resolver(threads=1, possessive_style="apostrophe").resolve(text)
    assert "Sessions's decision" in default.resolved_text
    assert "Sessions' decision" in apostrophe.resolved_text


def test_resolver_properties():
    r = corefer.Resolver("baseline", threads=1, min_pronoun_probability=0.25, max_words=None)
    assert (r.model, r.model_name, r.threads, r.min_pronoun_probability, r.max_words) == ("baseline", "baseline", 1, 0.25, None)
    assert "model='baseline'" in repr(r)
    assert corefer.HAS_EMBEDDED_MODEL and corefer.Resolver(threads=1).model_name != "baseline"
    assert isinstance(corefer.__version__, str)


def test_a_model_directory_can_be_given_as_a_path():
    from conftest import ROOT

    tiny = ROOT / "models" / "random-tiny"
    if not (tiny / "config.json").is_file():
        pytest.skip("models/random-tiny is absent")
    r = corefer.Resolver(tiny, threads=1)
    assert r.model == str(tiny)
    assert isinstance(r.resolve(NEWS).clusters, list)


def test_errors_are_python_exceptions_with_clear_messages(tmp_path, monkeypatch):
    with pytest.raises(corefer.ModelError, match=r'cannot load model "nope": unknown model "nope".*path of a model directory'):
        corefer.Resolver("nope")
    monkeypatch.setenv("COREFER_HOME", str(tmp_path / "home"))   # no accurate model installed there
    with pytest.raises(corefer.ModelError, match=r'"accurate"') as accurate:
        corefer.Resolver("accurate")
    message = str(accurate.value)
    assert str(tmp_path / "home" / "models" / "accurate") in message, message
    assert "scripts/install-model.sh accurate" in message, message
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(corefer.ModelError, match="cannot load model"):
        corefer.Resolver(tmp_path)
    assert issubclass(corefer.ModelError, corefer.CoreferError) and issubclass(corefer.DocumentError, corefer.CoreferError)
    with pytest.raises(ValueError, match="threads must be at least 1"):
        corefer.Resolver(threads=0)
    with pytest.raises(ValueError, match=r"min_pronoun_probability: .*must lie in \[0, 1\]"):
        corefer.Resolver(min_pronoun_probability=1.5)
    with pytest.raises(ValueError, match='replace must be one of "pronouns", "all", not "some"'):
        corefer.Resolver(replace="some")
    with pytest.raises(ValueError, match='precision must be one of "auto", "f32", "bf16", not "fp8"'):
        corefer.Resolver(precision="fp8")
    r = corefer.Resolver("baseline", threads=1, max_words=3)
    with pytest.raises(corefer.DocumentError, match=r'document "long" has 5 words, more than max_words=3'):
        r.resolve("Kim saw Kim go.", "long")
    with pytest.raises(TypeError):
        r.resolve(42)
    with pytest.raises(TypeError, match="not a single str"):
        r.resolve_batch("Kim left.")
    with pytest.raises(TypeError, match=r"texts\[1\] is int, not str"):
        r.resolve_batch(["Kim left.", 7])
    with pytest.raises(ValueError, match="1 ids were given for 2 texts"):
        r.resolve_batch(["a", "b"], ["x"])
    with pytest.raises(corefer.DocumentError, match=r"texts\[1\] has 5 words"):
        r.resolve_batch(["Kim left.", "Kim saw Kim go."])
    mixed = r.resolve_batch(["Kim left.", "Kim saw Kim go.", "Ann ran."], on_error="return")
    assert isinstance(mixed[0], corefer.Resolution) and isinstance(mixed[2], corefer.Resolution)
    assert isinstance(mixed[1], corefer.DocumentError) and "texts[1] has 5 words" in str(mixed[1])
    with pytest.raises(ValueError, match="on_error must be one of"):
        r.resolve_batch([], on_error="ignore")
    with pytest.raises(UnicodeEncodeError):
        r.resolve("lone surrogate \ud800")


def test_edits_carry_the_model_probability(resolver):
    r = resolver.resolve("Ann Lee founded the company in 2001. She sold it last year.")
    assert r.edits, "the default model rewrites She"
    assert all(isinstance(e.probability, float) and 0.0 < e.probability <= 1.0 for e in r.edits)


def test_precision_is_a_choice_of_number_format():
    text = "Attorney General Jeff Sessions said he would recuse himself. Sessions later spoke."
    exact = corefer.Resolver(precision="f32", threads=1).resolve(text)
    auto = corefer.Resolver(precision="auto", threads=1).resolve(text)
    assert exact.cluster_texts == auto.cluster_texts and ["Attorney General Jeff Sessions", "he", "himself", "Sessions"] in exact.cluster_texts
