"""Ten processes share one embedding cache for ~30 s (issue 13): no "database is locked", no corruption,
every vector read back is the one written, and a read-only copy of the cache still serves reads.

This tests the cache, not a model, so the embedder is a cheap deterministic hash: the vector of a text
is known in advance, so any torn, swapped or stale row shows up as a mismatch.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from tqcheck.embed.cache import CachedEmbedder, EmbeddingCache, _text_key

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]

PROCESSES = 10
SECONDS = float(os.environ.get("TQCHECK_CONCURRENCY_SECONDS", "30"))
POOL = [f"sentence {i} 문장 {i * 7919 % 1000}" for i in range(3000)]
DIM = 32


class HashEmbedder:
    """A vector that is a pure function of the text: what every reader must get back."""

    name = "hash"
    model_id = "test:hash-32"

    def embed(self, texts: list[str]) -> np.ndarray:
        return (
            np.stack([expected_vector(text) for text in texts]) if texts else np.zeros((0, DIM), np.float32)
        )


def expected_vector(text: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


def _worker(cache_dir: str, number: int, seconds: float, errors: multiprocessing.Queue) -> None:
    """Open, write, read and close the cache in a loop; report every problem rather than stop at one."""
    rng = random.Random(number)
    deadline = time.monotonic() + seconds
    rounds = 0
    try:
        while time.monotonic() < deadline:
            # a fresh embedder every few rounds: opening (WAL switch, schema) races with others' writes
            embedder = CachedEmbedder(HashEmbedder(), Path(cache_dir))
            for _ in range(5):
                texts = rng.sample(POOL, rng.randint(1, 300))
                vectors = embedder.embed(texts)
                if embedder.cache is None:
                    errors.put(f"worker {number}: the cache was disabled (see its stderr)")
                    return
                for text, vector in zip(texts, vectors, strict=True):
                    if not np.array_equal(vector, expected_vector(text)):
                        errors.put(f"worker {number}: wrong vector for {text!r}")
                        return
                found = embedder.cache.get_many(HashEmbedder.model_id, texts)
                bad = [
                    text
                    for text, vector in found.items()
                    if not np.array_equal(vector, expected_vector(text))
                ]
                if bad:
                    errors.put(f"worker {number}: wrong cached vector for {bad[0]!r}")
                    return
                rounds += 1
            if embedder.cache is not None:
                embedder.cache.close()
    except Exception as error:  # everything goes back to the test, "database is locked" included
        errors.put(f"worker {number}: {type(error).__name__}: {error}")
    errors.put(f"ok {number} {rounds}")


def _check_every_row(path: Path) -> int:
    by_key = {_text_key(text): text for text in POOL}
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute("SELECT model, key, vector FROM embeddings").fetchall()
    finally:
        connection.close()
    for model, key, blob in rows:
        assert model == HashEmbedder.model_id
        assert np.array_equal(np.frombuffer(blob, dtype=np.float32), expected_vector(by_key[key]))
    return len(rows)


def test_ten_processes_share_one_cache(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    context = multiprocessing.get_context("spawn")  # no inherited connections or locks
    errors: multiprocessing.Queue = context.Queue()
    workers = [
        context.Process(target=_worker, args=(str(cache_dir), number, SECONDS, errors))
        for number in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=SECONDS + 60)
    assert all(worker.exitcode == 0 for worker in workers), [worker.exitcode for worker in workers]
    reports = [errors.get(timeout=5) for _ in range(PROCESSES)]
    problems = [report for report in reports if not report.startswith("ok ")]
    while not errors.empty():
        problems.append(errors.get())
    assert not problems, problems
    assert all(int(report.split()[2]) > 0 for report in reports)
    assert _check_every_row(cache_dir / "embeddings.sqlite3") > 1000


def _read_only_copy(cache: Path, destination: Path) -> Path:
    """Copy the cache folder as it is on disk (the database, and any -wal and -shm files) and make the
    copy read-only, as a shared pre-warmed cache would be."""
    copy = destination / "readonly-cache"
    shutil.copytree(cache, copy)
    for path in copy.iterdir():
        path.chmod(0o444)
    copy.chmod(0o555)
    return copy


_READER = """
import sys
from pathlib import Path
sys.path[:0] = [REPO, REPO + "/tests"]
from test_cache_concurrency import HashEmbedder, POOL, expected_vector
from tqcheck.embed.cache import CachedEmbedder
import numpy as np
import tqcheck.io.sqlite_store

if sys.argv[3] == "simulate":  # permissions not enforced for this user: take the read-only path anyway
    tqcheck.io.sqlite_store._may_write = lambda path: False

embedder = CachedEmbedder(HashEmbedder(), Path(sys.argv[1]))
assert embedder.cache is not None, "the read-only cache was refused"
assert not embedder.cache.store.writable, "the copy should be opened read-only"
texts = POOL[: int(sys.argv[2])]
found = embedder.cache.get_many(HashEmbedder.model_id, texts)
assert len(found) == len(texts), f"read {len(found)} of {len(texts)} vectors"
assert all(np.array_equal(vector, expected_vector(text)) for text, vector in found.items())
vectors = embedder.embed(texts + ["not cached yet"])  # a miss is embedded, and silently not kept
assert embedder.embedded_count == 1
print("read", len(found))
""".replace("REPO", repr(str(REPO)))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("checkpointed", [True, False], ids=["closed", "open-wal"])
def test_a_read_only_copy_of_the_cache_still_reads(checkpointed: bool) -> None:
    """As root (CI) permission bits are not enforced, so the reader drops to the ``nobody`` user (the
    folder lives outside pytest's root-only tmp so that user can reach it). Where ``nobody`` cannot
    run this Python (a venv under /root), the reader stays root and the read-only opening is
    simulated: that still tests reading a copy read-only, but not the OS refusing writes."""
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="tqcheck-ro-"))
    try:
        base.chmod(0o755)
        cache = EmbeddingCache(base / "cache")
        texts = POOL[:500]
        cache.put_many(HashEmbedder.model_id, texts, HashEmbedder().embed(texts))
        if checkpointed:
            cache.close()
        # else: copied while the writer still holds its connection, so the rows sit in the -wal file
        copy = _read_only_copy(base / "cache", base)
        command = [sys.executable, "-c", _READER, str(copy), str(len(texts))]
        completed = None
        if as_root:
            try:
                completed = subprocess.run(
                    [*command, "real"], capture_output=True, text=True, timeout=120, cwd=base,
                    user=65534, group=65534, extra_groups=[],
                )  # fmt: skip
            except PermissionError:  # nobody cannot reach this interpreter
                completed = None
        if completed is None:
            mode = "real" if not os.access(copy, os.W_OK) else "simulate"
            completed = subprocess.run(
                [*command, mode], capture_output=True, text=True, timeout=120, cwd=base
            )
        assert completed.returncode == 0, completed.stderr
        assert completed.stdout.strip() == f"read {len(texts)}"
        if not checkpointed:
            cache.close()
    finally:
        for path in [base, *base.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)
