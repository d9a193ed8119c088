"""The spaCy component on a blank English pipeline (skips when spaCy is not installed)."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install spacy)")
from spacy.tokens import Doc  # noqa: E402

import corefer  # noqa: E402
from conftest import NON_ASCII  # noqa: E402

TEXT = "Zoë Kim met the mayor in Zürich. She told him that the city would get its money, and he thanked her."


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("corefer", config={"threads": 2})  # found through the entry point, without an import
    return nlp


def test_add_pipe_sets_spans_clusters_and_resolved_text(nlp):
    doc = nlp(TEXT)
    expected = corefer.Resolver(threads=2).resolve(TEXT)
    assert doc._.has_coref
    assert doc._.coref_resolved == expected.resolved_text
    assert doc._.corefer == expected
    assert len(doc._.coref_clusters) == len(expected.clusters)
    for i, cluster in enumerate(expected.clusters):
        group = doc.spans[f"coref_clusters_{i + 1}"]
        assert [(s.start_char, s.end_char) for s in group] == cluster  # blank English splits like corefer here
        assert [s.text for s in doc._.coref_clusters[i]] == [TEXT[a:b] for a, b in cluster]
    assert f"coref_clusters_{len(expected.clusters) + 1}" not in doc.spans
    zoe = next(c for c in doc._.coref_clusters if c.main.text == "Zoë Kim")
    assert "She" in [s.text for s in zoe.mentions] and zoe.i >= 0 and len(zoe) == len(zoe.mentions)
    assert "Zoë Kim: [" in repr(zoe)


def test_spans_align_to_spacy_tokens_when_tokenizations_differ(nlp):
    # A whitespace-only tokenization glues punctuation to words: "Zürich." is one spaCy token here, and
    # corefer's "Zürich" mention expands to it; "Kim," holds the mention "Kim".
    words = "Zoë Kim, the mayor of Zürich, met Ann. She told her that Zürich. would pay.".split(" ")
    doc = Doc(nlp.vocab, words=words)
    doc = nlp.get_pipe("corefer")(doc)
    result = doc._.corefer
    assert result.clusters
    for i, cluster in enumerate(result.clusters):
        spans = doc.spans[f"coref_clusters_{i + 1}"]
        assert len(spans) >= 1
        for span in spans:
            # Each span covers whole spaCy tokens, and at least one of its cluster's corefer mentions.
            assert any(span.start_char <= a and b <= span.end_char for a, b in cluster)
        for a, b in cluster:
            assert any(s.start_char <= a and b <= s.end_char for s in spans)
    glued = [s for i in range(len(result.clusters)) for s in doc.spans[f"coref_clusters_{i + 1}"] if s.text.endswith((",", "."))]
    assert glued, "some mention ended inside a glued token and was expanded to it"


def test_pipe_batches_in_order(nlp):
    texts = [TEXT, *NON_ASCII]
    docs = list(nlp.pipe(texts, batch_size=3))
    assert [d.text for d in docs] == texts
    assert [d._.coref_resolved for d in docs] == [nlp(t)._.coref_resolved for t in texts]


def test_component_settings_come_from_the_config():
    nlp = spacy.blank("en")
    nlp.add_pipe("corefer", config={"model": "baseline", "threads": 1, "span_cluster_prefix": "coref"})
    doc = nlp("Kim Lee arrived. Kim Lee left.")
    assert doc.spans["coref_1"] and nlp.get_pipe("corefer").resolver.model_name == "baseline"
    with pytest.raises(corefer.ModelError):
        spacy.blank("en").add_pipe("corefer", config={"model": "nope"})
