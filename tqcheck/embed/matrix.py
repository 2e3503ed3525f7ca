"""One side's sentence vectors as one matrix, streamed to a memory-mapped file for a huge document.

Why: a 100,000-sentence side is 100,000 × 512 float32 (200 MB) for USE, and building it the plain way
holds the vectors twice (the embedder's per-text vectors, then ``np.stack``), while the aligner and the
scorer only ever read a few rows at a time. So a side of at least ``LARGE_ROWS`` segments is embedded
in batches of ``BATCH_ROWS`` distinct texts straight into a ``numpy`` memmap in a scratch directory:
the process holds one batch at a time, and the operating system may page the matrix out.

A smaller side is embedded exactly as before (one ``embed`` call), so a normal document's vectors and
results do not change. In the streamed path each distinct text is still embedded once (duplicates are
copied, as ``CachedEmbedder`` does within one call); on a cold cache an encoder that pads a batch may
give last-bit differences from the one-call path, a warm cache gives identical vectors.

Scratch files: created under ``tempfile.gettempdir()`` (set ``TMPDIR`` to move them off a RAM-backed
``/tmp``) and unlinked at once on POSIX, where the mapping keeps the data until the array is freed;
elsewhere they are removed when the array is garbage-collected.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tqcheck.embed.base import Embedder

LARGE_ROWS = 8192
"""A side with at least this many segments is streamed to a memmap (about 12-16 MB of vectors)."""
BATCH_ROWS = 4096
"""Distinct texts embedded per call in the streamed path; a multiple of the cache's commit chunk."""


def scratch_array(shape: tuple[int, ...], dtype: Any = np.float32) -> np.ndarray:
    """A zero-filled array backed by a temporary ``.npy`` file, for data too big to keep in memory
    twice; the file goes away with the array (see the module docstring)."""
    directory = Path(tempfile.mkdtemp(prefix="tqcheck-"))
    array = np.lib.format.open_memmap(directory / "matrix.npy", mode="w+", dtype=dtype, shape=shape)
    try:
        (directory / "matrix.npy").unlink()
        directory.rmdir()
    except OSError:  # Windows: a mapped file cannot be removed while it is mapped
        weakref.finalize(array, shutil.rmtree, directory, True)
    return array


def is_scratch(array: np.ndarray) -> bool:
    """Whether ``array`` (or the array it views) is memory-mapped: how tests see which path ran."""
    while isinstance(array, np.ndarray):
        if isinstance(array, np.memmap):
            return True
        array = array.base  # type: ignore[assignment]
    return False


def embed_matrix(embedder: Embedder, texts: Sequence[str], **options: Any) -> np.ndarray:
    """Unit vectors for ``texts`` in order, one row each (see the module docstring for when the result
    is a memmap). ``options`` go to every ``embedder.embed`` call (a ``CachedEmbedder`` takes
    ``progress``, told of each distinct text done)."""
    if len(texts) < LARGE_ROWS:
        return embedder.embed(list(texts), **options)
    return _streamed(embedder, texts, options)


def _streamed(embedder: Embedder, texts: Sequence[str], options: dict[str, Any]) -> np.ndarray:
    """Embed the distinct texts batch by batch and scatter each batch to every row that holds it.

    Rows are grouped by distinct text once (a stable argsort), so each batch finds its rows by
    slicing, and the whole pass is O(n log n) with O(n) integers of bookkeeping."""
    first_index: dict[str, int] = {}
    inverse = np.fromiter(
        (first_index.setdefault(text, len(first_index)) for text in texts), dtype=np.int64, count=len(texts)
    )
    distinct = list(first_index)
    del first_index
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(0, len(distinct) + BATCH_ROWS, BATCH_ROWS))
    matrix: np.ndarray | None = None
    for batch, start in enumerate(range(0, len(distinct), BATCH_ROWS)):
        vectors = np.asarray(
            embedder.embed(distinct[start : start + BATCH_ROWS], **options), dtype=np.float32
        )
        if matrix is None:
            matrix = scratch_array((len(texts), vectors.shape[1]))
        rows = order[bounds[batch] : bounds[batch + 1]]
        # A batch of a repetitive document can fill most rows; scatter it a slice at a time so the
        # gathered copy stays BATCH_ROWS rows.
        for offset in range(0, rows.shape[0], BATCH_ROWS):
            part = rows[offset : offset + BATCH_ROWS]
            matrix[part] = vectors[inverse[part] - start]
    assert matrix is not None  # LARGE_ROWS > 0, so there was at least one batch
    if isinstance(matrix, np.memmap):
        matrix.flush()
    return matrix
