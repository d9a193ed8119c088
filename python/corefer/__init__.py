"""corefer: coreference resolution for English.

>>> import corefer
>>> r = corefer.resolve("Ann met Bob. She smiled at him.")
>>> r.clusters            # (start, end) offsets into the str, one list per entity
>>> r.resolved_text       # pronouns replaced by a name of their entity
>>> r.to_dict()           # everything, as the corefer CLI prints it

``Resolver`` loads a model once and resolves many texts (``resolve_batch`` in parallel, with the GIL
released). Offsets are code-point indices into the Python ``str``: ``text[start:end]`` is the mention.
The spaCy component ``nlp.add_pipe("corefer")`` is in ``corefer.spacy_component`` (needs spaCy).
"""

from __future__ import annotations

import os
import threading
from typing import Any, Dict, Optional, Tuple

from ._corefer import (
    HAS_EMBEDDED_MODEL,
    CoreferError,
    DocumentError,
    Edit,
    Mention,
    ModelError,
    Representative,
    Resolution,
    Resolver,
    Skipped,
    __version__,
)

__all__ = [
    "HAS_EMBEDDED_MODEL",
    "CoreferError",
    "DocumentError",
    "Edit",
    "Mention",
    "ModelError",
    "Representative",
    "Resolution",
    "Resolver",
    "Skipped",
    "__version__",
    "get_resolver",
    "resolve",
]

_lock = threading.Lock()
_resolvers: Dict[Tuple[Any, ...], Resolver] = {}
_pid = os.getpid()


def get_resolver(model: str | os.PathLike[str] = "default", threads: Optional[int] = None, **options: Any) -> Resolver:
    """The process's shared ``Resolver`` for these arguments, created on first use.

    Same arguments as ``Resolver``. Loading a model takes a moment and its weights take memory, so code
    that runs many times in one process (a Spark task, a web handler) should get its resolver here rather
    than build a new one each time. A process forked after the first call builds its own (a resolver's
    worker threads do not survive ``fork``).
    """
    global _pid
    key = (os.fspath(model), threads, tuple(sorted(options.items())))
    with _lock:
        if os.getpid() != _pid:
            _resolvers.clear()
            _pid = os.getpid()
        resolver = _resolvers.get(key)
        if resolver is None:
            resolver = Resolver(model, threads, **options)
            _resolvers[key] = resolver
        return resolver


def resolve(text: str, *, model: str | os.PathLike[str] = "default", id: str = "") -> Resolution:
    """Resolves one text with the shared resolver of ``model`` (see ``get_resolver``).

    Returns a ``Resolution``: ``.clusters``, ``.mentions``, ``.resolved_text``, ``.edits``,
    ``.to_dict()``, ``.to_json()``. Raises ``ModelError`` when the model cannot be loaded and
    ``DocumentError`` when the text cannot be resolved.
    """
    return get_resolver(model).resolve(text, id)
