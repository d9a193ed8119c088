"""The spaCy pipeline component ``corefer`` (needs spaCy 3; importing this module registers it).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.add_pipe("corefer")            # found through the spacy_factories entry point
>>> doc = nlp("Ann met Bob. She smiled at him.")
>>> doc.spans["coref_clusters_1"]      # one SpanGroup per cluster, numbered from 1
>>> doc._.coref_clusters               # neuralcoref-style Cluster objects (.main, .mentions)
>>> doc._.coref_resolved               # the resolved text

corefer tokenizes ``doc.text`` itself; its character offsets are mapped onto spaCy's tokens with
``Doc.char_span(start, end, alignment_mode="expand")``, so a mention that ends inside a spaCy token
takes the whole token (``Ann`` in a token ``Ann,`` gives the span ``Ann,``). ``doc._.corefer`` keeps
corefer's own ``Resolution`` with the exact offsets.
"""

from __future__ import annotations

from typing import Iterable, Iterator, List, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import Resolution, get_resolver

DOC_EXTENSIONS = ("has_coref", "coref_clusters", "coref_resolved", "corefer")


class Cluster:
    """One entity's mentions as spaCy spans, as neuralcoref's ``Cluster``: ``i`` (its index, also the
    ``N - 1`` of ``doc.spans["coref_clusters_N"]``), ``main`` (the span of its name) and ``mentions``."""

    def __init__(self, i: int, main: Span, mentions: List[Span]):
        self.i = i
        self.main = main
        self.mentions = mentions

    def __getitem__(self, index: int) -> Span:
        return self.mentions[index]

    def __iter__(self) -> Iterator[Span]:
        return iter(self.mentions)

    def __len__(self) -> int:
        return len(self.mentions)

    def __repr__(self) -> str:
        return f"{self.main}: {self.mentions}"


def _register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class CoreferComponent:
    """Resolves each ``Doc`` with a shared ``corefer.Resolver`` (see ``make_corefer`` for the settings)."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        model: str,
        threads: Optional[int],
        min_pronoun_probability: float,
        max_words: Optional[int],
        replace: str,
        span_cluster_prefix: str,
    ):
        self.name = name
        self.span_cluster_prefix = span_cluster_prefix
        self.resolver = get_resolver(
            model,
            threads,
            min_pronoun_probability=min_pronoun_probability,
            max_words=max_words,
            replace=replace,
        )
        _register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate(doc, self.resolver.resolve(doc.text))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Resolves ``batch_size`` docs at a time in parallel (``Resolver.resolve_batch``)."""
        batch: List[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._resolve_batch(batch)
                batch = []
        if batch:
            yield from self._resolve_batch(batch)

    def _resolve_batch(self, docs: List[Doc]) -> Iterator[Doc]:
        results = self.resolver.resolve_batch([doc.text for doc in docs])
        for doc, result in zip(docs, results):
            yield self._annotate(doc, result)

    def _annotate(self, doc: Doc, result: Resolution) -> Doc:
        representatives = result.representatives
        clusters: List[Cluster] = []
        for i, mentions in enumerate(result.clusters):
            spans: List[Span] = []
            for start, end in mentions:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and not any(s.start == span.start and s.end == span.end for s in spans):
                    spans.append(span)
            main = None
            if representatives[i] is not None:
                main = doc.char_span(representatives[i].start, representatives[i].end, alignment_mode="expand")
            if main is None and spans:
                main = spans[0]
            doc.spans[f"{self.span_cluster_prefix}_{i + 1}"] = spans
            clusters.append(Cluster(i, main, spans))
        doc._.has_coref = bool(clusters)
        doc._.coref_clusters = clusters
        doc._.coref_resolved = result.resolved_text
        doc._.corefer = result
        return doc


@Language.factory(
    "corefer",
    default_config={
        "model": "default",
        "threads": None,
        "min_pronoun_probability": 0.5,
        "max_words": 100000,
        "replace": "pronouns",
        "span_cluster_prefix": "coref_clusters",
    },
    assigns=["doc.spans", "doc._.has_coref", "doc._.coref_clusters", "doc._.coref_resolved", "doc._.corefer"],
)
def make_corefer(
    nlp: Language,
    name: str,
    model: str,
    threads: Optional[int],
    min_pronoun_probability: float,
    max_words: Optional[int],
    replace: str,
    span_cluster_prefix: str,
) -> CoreferComponent:
    """The ``corefer`` component. ``model``, ``threads``, ``min_pronoun_probability``, ``max_words`` and
    ``replace`` are ``corefer.Resolver``'s; clusters go to ``doc.spans[f"{span_cluster_prefix}_{N}"]``
    (N from 1), ``doc._.coref_clusters``, the resolved text to ``doc._.coref_resolved``."""
    return CoreferComponent(
        nlp, name, model, threads, min_pronoun_probability, max_words, replace, span_cluster_prefix
    )
