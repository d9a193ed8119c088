"""train.ensemble: one model's antecedent distribution over the dummy and all earlier words, and its decoding."""
import dataclasses
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from train import ensemble, features  # noqa: E402
from train.export import load_export  # noqa: E402
from train.model import CorefModel, best_links  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "models/random-tiny"
WORDS = "John met Mary . He said she had left the office and it was late ; they went home .".split()
SENT = [0] * 4 + [1] * (len(WORDS) - 4)


def tiny(seed: int) -> CorefModel:
    torch.manual_seed(seed)
    return CorefModel(dataclasses.replace(load_export(TINY).c, top_k=4)).eval()


def test_probabilities_cover_the_dummy_and_the_top_k_only():
    m = tiny(1)
    di = m.inputs(features.load_tokenizer(TINY / "tokenizer.json"), WORDS, SENT)
    with torch.no_grad():
        _, probs = ensemble.antecedent_probs(m, di)
        cand, scores, _, _ = m.antecedent_scores(m.head.proj(m.word_vectors(di)), di.sent, di.speaker, di.lex)
    n = len(WORDS)
    assert probs.shape == (n, n + 1)
    assert torch.allclose(probs.sum(1), torch.ones(n), atol=1e-5)
    assert probs[0, 0] == 1.0                                    # the first word has no earlier word
    for i in range(n):
        allowed = {0} | {int(c) + 1 for c, s in zip(cand[i], scores[i]) if torch.isfinite(s)}
        assert all(j in allowed for j in torch.nonzero(probs[i]).flatten().tolist()), i
        assert all(j <= i for j in allowed)                        # only earlier words


def test_one_model_decodes_as_its_own_scores_do():
    tok = features.load_tokenizer(TINY / "tokenizer.json")
    linked = 0
    for seed in (1, 2, 3):
        m = tiny(seed)
        di = m.inputs(tok, WORDS, SENT)
        m.c.dummy_score = float(torch.empty(1).uniform_(-1.0, 1.0))
        with torch.no_grad():
            _, probs = ensemble.antecedent_probs(m, di)
            cand, scores, _, _ = m.antecedent_scores(m.head.proj(m.word_vectors(di)), di.sent, di.speaker, di.lex)
        links = best_links(cand, scores, torch.full((len(WORDS),), m.c.dummy_score))
        assert ensemble.argmax_links(probs) == links
        linked += len(links)
    assert linked > 0                                              # the comparison saw some links


def test_argmax_links_prefers_the_dummy_on_ties():
    probs = torch.tensor([[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    assert ensemble.argmax_links(probs) == [(2, 1)]
