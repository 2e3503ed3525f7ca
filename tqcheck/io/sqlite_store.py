"""The one way tqcheck opens its SQLite caches (embeddings, morphological analyses, batch results).

Many processes share one cache directory (``--jobs``, Dask workers on one machine, parallel CI jobs),
so every connection uses WAL (readers never block the writer), waits for a lock instead of failing
with "database is locked", and retries a write that still lost the race. A cache directory the user
can only read (a shared, pre-warmed cache) is opened read-only rather than refused.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

BUSY_TIMEOUT_S = 60.0
WRITE_ATTEMPTS = 5
#: The cache folder's main file: embedding vectors, and (``TextCache``) morphological analyses beside them.
CACHE_FILE = "embeddings.sqlite3"
T = TypeVar("T")


class Store:
    """One SQLite file with the given schema; ``writable`` is False for a read-only cache.

    ``shared`` lets other threads use the connection (a Dask worker runs its tasks on a thread pool);
    the caller must then serialise access itself, as ``TextCache`` does with a lock.
    """

    def __init__(self, path: Path, schema: str, *, shared: bool = False) -> None:
        self.path = path
        self.writable = _may_write(path)
        if self.writable:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, check_same_thread=not shared)
            self.write(lambda connection: _initialise(connection, schema))
        else:
            self.connection = _open_read_only(path, shared)

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


def _open_read_only(path: Path, shared: bool = False) -> sqlite3.Connection:
    """A cache we may not change: plain read-only first, because only that reads the rows still in the
    ``-wal`` file (a cache copied while its writer was running keeps its newest rows there, and
    immutable mode ignores them). SQLite manages that when the ``-shm`` file is there to read; when it
    is not and cannot be created, nobody can be writing to this folder, and immutable mode is both
    safe and the only way in."""
    uri = path.resolve().as_uri()
    try:
        connection = sqlite3.connect(
            f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=not shared
        )
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.Error:
        pass
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=1.0, check_same_thread=not shared)


def _may_write(path: Path) -> bool:
    """Whether this process can create or change the cache file (and WAL's side files beside it)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


_TEXT_SCHEMA = """
CREATE TABLE IF NOT EXISTS analyses (
    key BLOB NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""

_TEXT_INSERT = "INSERT OR REPLACE INTO analyses VALUES (?, ?)"


class TextCache:
    """Deterministic answers about texts (kiwi's analyses), kept beside the embeddings in ``CACHE_FILE``.

    A row is keyed by sha256 of (``version``, kind of answer, text), so an answer made by another
    analyser version is never served and needs no invalidation; the value is whatever string the caller
    stores (JSON). New answers are buffered and written ``FLUSH_EVERY`` at a time, or on :meth:`flush`,
    in one transaction each: a warm run asks thousands of small questions, and a write per answer would
    cost more than the analysis. Any SQLite error turns the cache off for the rest of the process (no
    cache, never a failed check), like the embedding cache.
    """

    FLUSH_EVERY = 2000

    def __init__(self, directory: Path, version: str) -> None:
        self.directory = directory
        self.version = version
        self.store: Store | None = Store(directory / CACHE_FILE, _TEXT_SCHEMA, shared=True)
        self.pid = os.getpid()
        self._pending: dict[bytes, str] = {}
        self._lock = threading.Lock()

    def serves(self, directory: Path | None, version: str) -> bool:
        """Whether this cache is the one to use for ``directory`` in this process (a forked child must
        open its own connection: SQLite connections do not survive a fork)."""
        return directory == self.directory and version == self.version and os.getpid() == self.pid

    def key(self, kind: str, text: str) -> bytes:
        # surrogatepass: a lone surrogate (possible in a str from the API) still has a key
        return hashlib.sha256(f"{self.version}\0{kind}\0{text}".encode("utf-8", "surrogatepass")).digest()

    def get(self, kind: str, text: str) -> str | None:
        key = self.key(kind, text)
        with self._lock:
            if key in self._pending:
                return self._pending[key]
            if self.store is None:
                return None
            try:
                rows = self.store.read("SELECT value FROM analyses WHERE key = ?", [key])
            except sqlite3.Error:
                self.store = None
                return None
        return rows[0][0] if rows else None

    def put(self, kind: str, text: str, value: str) -> None:
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return  # SQLite could not store it, and would fail the whole batch of rows with it
        with self._lock:
            if self.store is None or not self.store.writable:
                return
            self._pending[self.key(kind, text)] = value
            if len(self._pending) < self.FLUSH_EVERY:
                return
        self.flush()

    def flush(self) -> None:
        with self._lock:
            rows, self._pending = list(self._pending.items()), {}
            if not rows or self.store is None:
                return
            try:
                self.store.write(lambda connection: connection.executemany(_TEXT_INSERT, rows))
            except sqlite3.Error:
                self.store = None

    def close(self) -> None:
        self.flush()
        with self._lock:
            if self.store is not None:
                self.store.close()
                self.store = None


def open_text_cache(directory: Path, version: str) -> TextCache | None:
    """A ``TextCache`` in ``directory``, or None when the folder cannot hold one (no cache, no error)."""
    try:
        return TextCache(directory, version)
    except (OSError, sqlite3.Error):
        return None
