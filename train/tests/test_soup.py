"""train.soup: the uniform mean of same-architecture models, written as an ordinary export."""
import dataclasses
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from train import soup  # noqa: E402
from train.export import load_export  # noqa: E402
from train.model import CorefModel, HeadConfig  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "models/random-tiny"


def tiny(seed: int, **changes) -> CorefModel:
    torch.manual_seed(seed)
    c = dataclasses.replace(load_export(TINY).c, **changes)
    return CorefModel(c).eval()


def test_the_soup_is_the_parameter_mean():
    a, b, c = tiny(1), tiny(2), tiny(3)
    want = {k: (a.state_dict()[k] + b.state_dict()[k] + c.state_dict()[k]) / 3
            for k, v in a.state_dict().items() if v.is_floating_point()}
    got = soup.average([a, b, c]).state_dict()
    for k, v in want.items():
        assert torch.allclose(got[k], v, atol=1e-6), k
    assert not torch.equal(want["head.proj.weight"], tiny(1).state_dict()["head.proj.weight"])


def test_another_architecture_is_refused_but_not_another_dummy_score():
    with pytest.raises(ValueError, match="source 2 has another architecture"):
        soup.average([tiny(1), tiny(2, top_k=4)])
    assert soup.average([tiny(1), tiny(2, dummy_score=-1.0)]).c.dummy_score == tiny(1).c.dummy_score


def test_main_writes_a_loadable_export(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.argv", ["soup", str(TINY), str(TINY), "--out", str(tmp_path / "s")])
    soup.main()
    back, orig = load_export(tmp_path / "s").state_dict(), load_export(TINY).state_dict()
    assert all(torch.equal(back[k], orig[k]) for k in orig)
