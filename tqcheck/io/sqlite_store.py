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
            self.connection = _open_read_only(path)

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


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A cache we may not change: plain read-only first, because only that reads the rows still in the
    ``-wal`` file (a cache copied while its writer was running keeps its newest rows there, and
    immutable mode ignores them). SQLite manages that when the ``-shm`` file is there to read; when it
    is not and cannot be created, nobody can be writing to this folder, and immutable mode is both
    safe and the only way in."""
    uri = path.resolve().as_uri()
    try:
        connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.Error:
        pass
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=1.0)


def _may_write(path: Path) -> bool:
    """Whether this process can create or change the cache file (and WAL's side files beside it)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)
