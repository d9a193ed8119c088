"""Type stubs of corefer's native module (Rust, PyO3). Offsets are code-point indices into the input
``str`` (``text[start:end]``); ``*_byte`` offsets index its UTF-8 encoding."""

import os
from typing import Any, Dict, Iterable, List, Literal, Optional, Tuple, Union, overload

__version__: str
HAS_EMBEDDED_MODEL: bool
"""Whether this build embeds the default neural model (without it ``model="default"`` is the baseline)."""

class CoreferError(Exception):
    """Base class of the errors corefer raises (ValueError and TypeError aside)."""

class ModelError(CoreferError):
    """A model could not be loaded: an unknown name, a missing or broken model directory."""

class DocumentError(CoreferError):
    """A document could not be resolved: too long for max_words, or refused by the model."""

class Mention:
    """One mention: ``text[start:end]`` of the input, in cluster ``cluster``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def start_byte(self) -> int: ...
    @property
    def end_byte(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def cluster(self) -> int: ...

class Edit:
    """One replacement: ``original`` at ``start:end`` of the input became ``replacement`` at
    ``resolved_start:resolved_end`` of the resolved text, named after ``text[name_start:name_end]``."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def start_byte(self) -> int: ...
    @property
    def end_byte(self) -> int: ...
    @property
    def original(self) -> str: ...
    @property
    def replacement(self) -> str: ...
    @property
    def cluster(self) -> int: ...
    @property
    def name_start(self) -> int: ...
    @property
    def name_end(self) -> int: ...
    @property
    def resolved_start(self) -> int: ...
    @property
    def resolved_end(self) -> int: ...
    @property
    def resolved_start_byte(self) -> int: ...
    @property
    def resolved_end_byte(self) -> int: ...
    @property
    def probability(self) -> float | None:
        """How sure the model is that the pronoun's cluster is its own entity (calibrated on held-out
        data where the model carries a calibration); ``None`` for clusters given from outside."""

class Representative:
    """The name chosen for a cluster: ``text[start:end]`` of the input."""

    @property
    def cluster(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def start_byte(self) -> int: ...
    @property
    def end_byte(self) -> int: ...
    @property
    def text(self) -> str: ...

class Skipped:
    """A model mention the rewrite left out (it crosses an earlier mention), and why."""

    @property
    def cluster(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def reason(self) -> str: ...

class Resolution:
    """One resolved document: its clusters and its resolved text with the edits that made it."""

    @property
    def id(self) -> str:
        """The id given to ``resolve`` (empty when none was given)."""
    @property
    def text(self) -> str:
        """The input text, exactly as given."""
    @property
    def clusters(self) -> List[List[Tuple[int, int]]]:
        """One list per entity of ``(start, end)`` offsets; mentions in text order, clusters ordered by
        their first mention."""
    @property
    def mentions(self) -> List[Mention]:
        """Every mention of every cluster, in text order."""
    @property
    def cluster_texts(self) -> List[List[str]]:
        """The text of each cluster's mentions."""
    @property
    def resolved_text(self) -> str:
        """The input with third-person pronouns replaced by a name of their entity."""
    @property
    def edits(self) -> List[Edit]:
        """The replacements that turned ``text`` into ``resolved_text``, in text order."""
    @property
    def representatives(self) -> List[Optional[Representative]]:
        """Each cluster's name, indexed like ``clusters`` (None for a cluster of pronouns only)."""
    @property
    def skipped(self) -> List[Skipped]:
        """Model mentions left out of the rewrite because they cross an earlier mention."""
    def to_json(self, indent: Optional[int] = None) -> str:
        """One JSON object: id, text, clusters (as ``corefer clusters`` prints them), resolved_text,
        edits, representatives and, when not empty, skipped (as ``corefer resolve --json`` prints them)."""
    def to_dict(self) -> Dict[str, Any]:
        """``json.loads(self.to_json())``."""

class Resolver:
    """Resolves English text with one loaded model; safe to share between threads.

    model: ``"default"`` (the embedded neural model), ``"accurate"`` (the larger model, once installed),
    ``"baseline"`` (rule-based), ``"neural"``, or the path of a model directory.
    threads: worker threads (None: one per core). A batch runs one document per thread.
    min_pronoun_probability: keep a third-person pronoun in its cluster (and so rewrite it) only when the
    model gives that cluster at least this probability; 0.5 as ``corefer resolve``, 0 as
    ``corefer clusters`` (every link; best CoNLL F1).
    max_words: refuse longer documents with DocumentError (None: no limit).
    replace, possessive_style, names: the rewriting options of ``corefer resolve`` (docs/resolve.md).
    precision: the neural encoder's number format as ``corefer --precision``: ``"bf16"`` (bfloat16 on Intel
    AMX tiles or in AVX-512 BF16 registers; fails on a CPU with neither), ``"f32"``, or ``"auto"`` (bf16
    where the CPU has AMX, or AVX-512 BF16 on AMD).
    """

    def __init__(
        self,
        model: Union[str, "os.PathLike[str]"] = "default",
        threads: Optional[int] = None,
        *,
        min_pronoun_probability: float = 0.5,
        max_words: Optional[int] = 100000,
        replace: Literal["pronouns", "all"] = "pronouns",
        possessive_style: Literal["s", "apostrophe"] = "s",
        names: Literal["nearest", "representative"] = "nearest",
        precision: Literal["auto", "f32", "bf16"] = "auto",
    ) -> None: ...
    def resolve(self, text: str, id: str = "") -> Resolution:
        """Resolves one text (with every worker thread). Raises DocumentError on failure."""
    @overload
    def resolve_batch(
        self, texts: Iterable[str], ids: Optional[Iterable[str]] = None, *, on_error: Literal["raise"] = "raise"
    ) -> List[Resolution]:
        """Resolves many texts in parallel with the GIL released; results come in the order of texts.
        on_error="raise": the first failure raises DocumentError; "return": it takes the result's place."""
    @overload
    def resolve_batch(
        self, texts: Iterable[str], ids: Optional[Iterable[str]] = None, *, on_error: Literal["return"]
    ) -> List[Union[Resolution, DocumentError]]: ...
    @property
    def model(self) -> str:
        """The model as it was asked for."""
    @property
    def model_name(self) -> str:
        """The loaded model's own name (such as "minilm-wl-coarse", or "baseline")."""
    @property
    def threads(self) -> int: ...
    @property
    def min_pronoun_probability(self) -> float: ...
    @property
    def max_words(self) -> Optional[int]: ...
