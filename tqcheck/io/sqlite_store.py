"""The one way tqcheck opens its SQLite caches (embeddings, morphological analyses, batch results).

Many processes share one cache directory (``--jobs``, Dask workers on one machine, parallel CI jobs),
so every connection uses WAL (readers never block the writer), waits for a lock instead of failing
with "database is locked", and retries a write that still lost the race. A cache directory the user
can only read (a shared, pre-warmed cache) is opened read-only rather than refused.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

BUSY_TIMEOUT_S = 60.0
WRITE_ATTEMPTS = 5
T = TypeVar("T")


class Store:
    """One SQLite file with the given schema; ``writable`` is False for a read-only cache."""

    def __init__(self, path: Path, schema: str) -> None:
        self.path = path
        self.writable = _may_write(path)
        if self.writable:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
            self.write(lambda connection: _initialise(connection, schema))
        else:
            # WAL needs its -shm file to write even to read; a folder we cannot write is nobody's to
            # change under us, so the file is opened as immutable.
            uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
            self.connection = sqlite3.connect(uri, uri=True, timeout=1.0)

    def read(self, query: str, parameters: list[object]) -> list[tuple]:
        return self.connection.execute(query, parameters).fetchall()

    def write(self, action: Callable[[sqlite3.Connection], T]) -> T | None:
        """Run ``action`` in one transaction; a read-only store silently keeps nothing."""
        if not self.writable:
            return None
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.connection:
                    return action(self.connection)
            except sqlite3.OperationalError as error:
                if ("locked" not in str(error) and "busy" not in str(error)) or attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * 2**attempt)
        return None

    def close(self) -> None:
        self.connection.close()


def _initialise(connection: sqlite3.Connection, schema: str) -> None:
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(schema)


def _may_write(path: Path) -> bool:
    """Whether this process can create or change the cache file (and WAL's side files beside it)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)
