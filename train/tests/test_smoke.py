"""Smoke tests of the model code: two optimisation steps on one short document, the inference invariants of
MODEL_FORMAT.md, the f16 export round trip, and reproduction of the committed random-tiny parity fixtures."""
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("tokenizers")

from train import features  # noqa: E402
from train.model import CorefModel, HeadConfig, distance_bucket  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TINY = dict(hidden=32, layers=2, heads=4, intermediate=64, casing_dim=8, proj_dim=16, pair_hidden=16,
            top_k=8, span_hidden=16, span_max_dist=8, window_size=8, window_stride=6)
WORDS = "John met Mary . He gave her a book and she thanked him .".split()
SENT = [0] * 4 + [1] * 6 + [2] * 4


@pytest.fixture
def tok():
    path = REPO / "models/random-tiny/tokenizer.json"
    if not path.exists():
        pytest.skip("models/random-tiny missing")
    return features.load_tokenizer(path)


def test_distance_buckets():
    d = torch.tensor([1, 2, 4, 5, 7, 8, 15, 16, 127, 128, 5000])
    assert distance_bucket(d).tolist() == [0, 1, 3, 4, 4, 5, 5, 6, 8, 9, 9]


def test_two_steps(tok):
    torch.manual_seed(0)
    m = CorefModel(HeadConfig(**TINY))
    di = m.inputs(tok, WORDS, SENT)
    assert di.windows.shape[0] >= 2                  # long enough to need two windows
    clusters = [[0, 4, 12], [2, 6, 10]]
    spans = {h: (h, h) for c in clusters for h in c}
    opt = torch.optim.Adam(m.parameters(), lr=1e-2)
    before = m.head.pair_out.weight.clone()
    losses = []
    for _ in range(2):
        m.train()
        loss = m.loss(di, clusters, spans)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert all(torch.isfinite(torch.tensor(losses)))
    assert not torch.equal(before, m.head.pair_out.weight)
    m.eval()
    out, dbg = m.predict(di, debug=True)
    seen = set()
    for c in out:
        assert len(c) >= 2
        for s, e in c:
            assert s <= e and SENT[s] == SENT[e] and (s, e) not in seen
            seen.add((s, e))
    for c in dbg["head_clusters"]:
        assert c == sorted(c)


def test_export_roundtrip(tmp_path, tok, monkeypatch):
    from train import export
    monkeypatch.setattr(features, "load_tokenizer", lambda path=None, base=None: tok)
    torch.manual_seed(1)
    m = CorefModel(HeadConfig(**TINY)).eval()
    export.export(m, tmp_path, "t")
    back = export.load_export(tmp_path)
    assert json.loads((tmp_path / "config.json").read_text())["format_version"] == 1
    for k, v in m.state_dict().items():
        assert torch.equal(v.half().float(), back.state_dict()[k])


def test_delta_export_holds_only_what_training_changed(tmp_path, tok, monkeypatch):
    """A model on a pinned base is exported as the tensors that differ from the base (f16) plus a config
    naming the base file; loading completes it from that file, base tensors exact in f32 (MODEL_FORMAT §12)."""
    import dataclasses
    from safetensors.torch import load_file, save_file
    from train import encoders, export
    monkeypatch.setattr(features, "load_tokenizer", lambda path=None, base=None: tok)
    torch.manual_seed(2)
    c = dataclasses.replace(export.for_base(HeadConfig(**TINY, base="all-mpnet-base-v2")), **{
        k: TINY[k] for k in ("hidden", "layers", "heads", "intermediate")})
    m = CorefModel(c).eval()
    base_dir = tmp_path / "base"
    base_dir.mkdir()
    save_file({k: v.contiguous() for k, v in m.bert.state_dict().items()}, str(base_dir / "model.safetensors"))
    spec = dataclasses.replace(encoders.MPNET, name="tiny-base", hidden=c.hidden, layers=c.layers,
                               base_sha256=encoders.sha256(base_dir / "model.safetensors"))
    monkeypatch.setattr(encoders.EncoderSpec, "directory", lambda self: base_dir)
    monkeypatch.setitem(encoders.BASES, "tiny-base", spec)
    m.c = dataclasses.replace(m.c, base="tiny-base")
    with torch.no_grad():                           # "training" changes the last layer only
        for p in m.bert.encoder["layer"][-1].parameters():
            p.add_(0.25 + 0.05 * torch.randn_like(p))
    out = tmp_path / "model"
    export.export(m, out, "delta")
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["base_weights"]["sha256"] == spec.base_sha256
    shipped = load_file(str(out / "model.safetensors"))
    assert {k.split(".")[0] for k in shipped} == {"encoder", "head"}
    assert all(k.startswith(f"encoder.layer.{c.layers - 1}.") for k in shipped if k.startswith("encoder."))
    back = export.load_export(out)                  # no base file in the directory: the installed base
    for k, v in m.state_dict().items():
        frozen = not k.startswith("head.") and not k.startswith(f"bert.encoder.layer.{c.layers - 1}.")
        assert torch.equal(v if frozen else v.half().float(), back.state_dict()[k]), k
    export.export(m, out, "delta8", matrices="int8")  # 8-bit matrices: within half a step of each row's scale
    shipped = load_file(str(out / "model.safetensors"))
    w = f"encoder.layer.{c.layers - 1}.attention.attn.q.weight"
    assert shipped[w].dtype == torch.uint8 and shipped[w + ".scale"].shape == (c.hidden,)
    back = export.load_export(out)
    for k, v in m.state_dict().items():
        if k.startswith(f"bert.encoder.layer.{c.layers - 1}.") and v.dim() == 2:
            step = v.abs().amax(1, keepdim=True) / 127
            assert ((back.state_dict()[k] - v).abs() <= step / 2 + 1e-6).all(), k
    export.export(m, out, "delta4", matrices="delta4")  # 4-bit differences: half a step of each row's change
    shipped = load_file(str(out / "model.safetensors"))
    assert w not in shipped and shipped[w + ".delta4"].shape == (c.hidden, c.hidden // 2)
    assert shipped[w + ".delta4"].dtype == torch.uint8 and shipped[w + ".delta4.scale"].shape == (c.hidden,)
    back = export.load_export(out)
    base = load_file(str(base_dir / "model.safetensors"))
    for k, v in m.state_dict().items():
        if k.startswith(f"bert.encoder.layer.{c.layers - 1}.") and v.dim() == 2:
            step = (v - base[k[len("bert."):]]).abs().amax(1, keepdim=True) / 7
            assert ((back.state_dict()[k] - v).abs() <= step / 2 + 1e-6).all(), k
    with pytest.raises(ValueError, match="delta4"):
        export.export(m, out, "x", matrices="delta3")


@pytest.mark.parametrize("name", ["random-tiny", "random-tiny-mpnet"])
def test_random_tiny_fixtures(name):
    from train import export, make_fixtures
    fx_dir = REPO / "tests/fixtures/parity" / name
    if not fx_dir.exists():
        pytest.skip("fixtures missing")
    m = export.load_export(REPO / "models" / name)
    tok = features.load_tokenizer(REPO / "models" / name / "tokenizer.json")
    for k, text in enumerate(make_fixtures.DOCS, 1):
        want = json.loads((fx_dir / f"doc{k}.json").read_text())
        got = make_fixtures.fixture(m, tok, *make_fixtures.doc_words(text))
        assert got["subword_ids"] == want["subword_ids"]
        assert got["top_k"] == want["top_k"]
        assert got["clusters"] == want["clusters"]
        assert torch.allclose(torch.tensor(got["word_vectors"]), torch.tensor(want["word_vectors"]), atol=1e-4)


def test_coarse_loss_covers_antecedents_outside_the_top_k(tok):
    torch.manual_seed(0)
    m = CorefModel(HeadConfig(**{**TINY, "top_k": 2})).eval()   # most gold antecedents fall outside the top 2
    di = m.inputs(tok, WORDS, SENT)
    clusters = [[0, 4, 12], [2, 6, 10]]
    spans = {h: (h, h) for c in clusters for h in c}
    with torch.no_grad():
        extra = m.loss(di, clusters, spans, coarse_weight=1.0) - m.loss(di, clusters, spans)
        x = m.head.proj(m.word_vectors(di))
        cand, _, c_top, coarse_all = m.antecedent_scores(x, di.sent, di.speaker, di.lex)
    assert torch.equal(coarse_all.gather(1, cand)[torch.isfinite(c_top)], c_top[torch.isfinite(c_top)])
    assert abs(extra.item() - brute_force_nll(coarse_all, clusters)) < 1e-4
    assert extra.item() > 0


def brute_force_nll(scores, clusters) -> float:
    """Mean over words of −log P(gold antecedents | all earlier words and a dummy at 0), one word at a time."""
    cluster_of = {h: k for k, c in enumerate(clusters) for h in c}
    expected = []
    for i in range(len(WORDS)):
        row = torch.tensor([0.0] + [float(scores[i, j]) for j in range(i)])
        gold = [j + 1 for j in range(i) if i in cluster_of and cluster_of.get(j) == cluster_of[i]] or [0]
        expected.append(float(torch.logsumexp(row, 0) - torch.logsumexp(row[gold], 0)))
    return sum(expected) / len(expected)


def test_chain_loss_is_the_antecedent_nll_of_its_own_scorer(tok):
    torch.manual_seed(0)
    m = CorefModel(HeadConfig(**TINY)).eval()
    di = m.inputs(tok, WORDS, SENT)
    clusters = [[0, 4, 12], [2, 6, 10]]
    spans = {h: (h, h) for c in clusters for h in c}
    other = [[0, 4, 12], [2, 6, 10], [7, 9]]          # the second scheme links one more pair
    scorer = torch.nn.Linear(TINY["proj_dim"], TINY["proj_dim"], bias=False)
    with torch.no_grad():
        extra = m.loss(di, clusters, spans, chains=(scorer, other), chain_weight=1.0) - m.loss(di, clusters, spans)
        x = m.head.proj(m.word_vectors(di))
        s = scorer(x) @ x.T
    assert abs(extra.item() - brute_force_nll(s, other)) < 1e-4
    assert extra.item() > 0


def test_distill_loss_is_the_cross_entropy_against_the_teacher(tok):
    """Coarse term: −Σ p_T log p_S over the dummy and all earlier words; fine term: the same over the student's
    top-k with the teacher's probabilities renormalised there; an unlabeled document trains only these."""
    from train.model import Teacher, distill_loss
    torch.manual_seed(3)
    m = CorefModel(HeadConfig(**{**TINY, "top_k": 3})).eval()
    di = m.inputs(tok, WORDS, SENT)
    n = len(WORDS)
    k = 4
    t_cand = torch.stack([torch.randperm(max(i, 1))[:k].repeat(k)[:k] for i in range(n)])
    t_scores = torch.randn(n, k)
    t_scores[torch.arange(k)[None, :] >= torch.arange(n)[:, None]] = float("-inf")   # fewer earlier words
    teacher = Teacher(t_cand.int(), t_scores.half(), -0.5)
    with torch.no_grad():
        x = m.head.proj(m.word_vectors(di))
        cand, scores, _, coarse_all = m.antecedent_scores(x, di.sent, di.speaker, di.lex)
        got = distill_loss(cand, scores, coarse_all, teacher).item()
        unlabeled = m.loss(di, None, {}, teacher=teacher, teacher_weight=2.0).item()
    expected = 0.0
    for i in range(n):
        pt = {-1: -0.5}
        for c, sc in zip(t_cand[i].tolist(), t_scores[i].half().float().tolist()):
            if sc != float("-inf"):
                pt[c] = sc
        z = torch.logsumexp(torch.tensor(list(pt.values())), 0)
        pt = {j: float(torch.exp(torch.tensor(v) - z)) for j, v in pt.items()}
        s_all = torch.tensor([0.0] + [float(coarse_all[i, j]) for j in range(i)])
        logp = s_all - torch.logsumexp(s_all, 0)
        expected -= sum(p * float(logp[j + 1]) for j, p in pt.items()) / n
        own = [j for j, sc in zip(cand[i].tolist(), scores[i].tolist()) if sc != float("-inf")]
        s_top = torch.tensor([0.0] + [float(sc) for sc in scores[i].tolist() if sc != float("-inf")])
        logq = s_top - torch.logsumexp(s_top, 0)
        mass = [pt[-1]] + [pt.get(j, 0.0) for j in own]
        expected -= sum(q / sum(mass) * float(lq) for q, lq in zip(mass, logq)) / n
    assert abs(got - expected) < 1e-4
    assert abs(unlabeled - 2.0 * got) < 1e-4
