"""Finished checks kept by content, so re-running a batch re-checks only what changed.

The key is a hash of everything a result depends on: the bytes of the document's files (and the
glossary's), the run options, the settings, the embedding model and the tqcheck version. Change any
of them and the key changes; nothing is ever invalidated by time or by a path.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import zlib
from pathlib import Path

from tqcheck import __version__
from tqcheck.io.sqlite_store import Store
from tqcheck.model import CheckResult

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    result BLOB NOT NULL
) WITHOUT ROWID;
"""


def result_key(paths: tuple[str, ...], settings: dict[str, object], model_id: str) -> str:
    """A content hash of one document's inputs under one set of settings."""
    digest = hashlib.sha256()
    digest.update(json.dumps([__version__, model_id, settings], sort_keys=True, default=str).encode())
    for path in paths:
        digest.update(b"\0file\0")
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


class ResultCache:
    """Pickled results (zlib) in SQLite; an unusable cache is no cache, never a failed run."""

    def __init__(self, directory: Path) -> None:
        self.store: Store | None = None
        try:
            self.store = Store(directory / "results.sqlite3", _SCHEMA)
        except (OSError, sqlite3.Error):
            self.store = None

    def get(self, key: str) -> CheckResult | None:
        if self.store is None:
            return None
        try:
            rows = self.store.read("SELECT result FROM results WHERE key = ?", [key])
            return pickle.loads(zlib.decompress(rows[0][0])) if rows else None
        except (sqlite3.Error, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # a result from an incompatible build: check again

    def put(self, key: str, result: CheckResult) -> None:
        if self.store is None:
            return
        blob = zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 3)
        try:
            self.store.write(
                lambda connection: connection.execute(
                    "INSERT OR REPLACE INTO results VALUES (?, ?)", (key, blob)
                )
            )
        except sqlite3.Error:
            self.store = None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
