"""A persistent embedding cache, so a second run on the same files embeds nothing.

SQLite through ``tqcheck.io.sqlite_store``: one file, safe for several processes (``--jobs``, Dask
workers on one machine) reading and writing at once, and no extra dependency. The same file keeps
kiwi's morphological analyses in a table of their own (``tqcheck.text.morphemes``), so a warm run
neither embeds nor analyses.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from tqcheck.embed.base import Embedder
from tqcheck.io.sqlite_store import CACHE_FILE, Store

CACHE_ENV = "TQCHECK_CACHE_DIR"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    key BLOB NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID;
"""
_INSERT = "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)"
COMMIT_EVERY = 256
"""Vectors are committed in chunks as they are made, so an interrupted run keeps what it embedded."""


def default_cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tqcheck"))


def _text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """Vectors keyed by (model id, sha256 of the text)."""

    def __init__(self, directory: Path) -> None:
        self.store = Store(directory / CACHE_FILE, _SCHEMA)
        self.path = self.store.path

    def get_many(self, model_id: str, texts: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        keys = {_text_key(text): text for text in texts}
        key_list = list(keys)
        for offset in range(0, len(key_list), 500):
            chunk = key_list[offset : offset + 500]
            placeholders = ",".join("?" * len(chunk))
            rows = self.store.read(
                f"SELECT key, vector FROM embeddings WHERE model = ? AND key IN ({placeholders})",
                [model_id, *chunk],
            )
            for key, blob in rows:
                found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model_id: str, texts: list[str], vectors: np.ndarray) -> None:
        rows = [
            (model_id, _text_key(text), np.asarray(vector, dtype=np.float32).tobytes())
            for text, vector in zip(texts, vectors, strict=True)
        ]
        self.store.write(lambda connection: connection.executemany(_INSERT, rows))

    def close(self) -> None:
        self.store.close()


class CachedEmbedder:
    """Wraps an ``Embedder``: embeds each distinct text once, and only the ones not cached.

    An unusable cache directory must not stop a check, so it degrades to no cache with a
    warning rather than failing.
    """

    def __init__(self, inner: Embedder, cache_dir: Path | None) -> None:
        self.inner = inner
        self.name = inner.name
        self.model_id = inner.model_id
        self.cache: EmbeddingCache | None = None
        self.embedded_count = 0
        if cache_dir is not None:
            try:
                self.cache = EmbeddingCache(cache_dir)
            except (OSError, sqlite3.Error) as error:
                print(f"tqcheck: warning: embedding cache disabled ({cache_dir}: {error})", file=sys.stderr)

    def embed(self, texts: list[str], progress: Callable[[int], object] | None = None) -> np.ndarray:
        """Vectors for ``texts``, in order. ``progress`` is told how many distinct texts are done, the
        cache hits at once and then each chunk as the model finishes it, because embedding a long
        document is the one stage that takes minutes and a silent minute looks like a hang."""
        unique = list(dict.fromkeys(texts))
        known = self._lookup(unique)
        missing = [text for text in unique if text not in known]
        if progress is not None and known:
            progress(len(known))
        for offset in range(0, len(missing), COMMIT_EVERY):
            chunk = missing[offset : offset + COMMIT_EVERY]
            fresh = self.inner.embed(chunk)
            self.embedded_count += len(chunk)
            known.update(zip(chunk, fresh, strict=True))
            self._store(chunk, fresh)
            if progress is not None:
                progress(len(chunk))
        if not texts:
            return self.inner.embed([])
        return np.stack([known[text] for text in texts]).astype(np.float32, copy=False)

    def _lookup(self, texts: list[str]) -> dict[str, np.ndarray]:
        if self.cache is None:
            return {}
        try:
            return self.cache.get_many(self.model_id, texts)
        except sqlite3.Error as error:
            self._disable(error)
            return {}

    def _store(self, texts: list[str], vectors: np.ndarray) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put_many(self.model_id, texts, vectors)
        except sqlite3.Error as error:
            self._disable(error)

    def _disable(self, error: Exception) -> None:
        print(f"tqcheck: warning: embedding cache disabled ({error})", file=sys.stderr)
        self.cache = None
