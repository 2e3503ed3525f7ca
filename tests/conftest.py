"""Shared fixtures: the repo's own sample corpora and the optional shared corpora beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO / "corpora"
SHARED_CORPORA = REPO.parent / "shared" / "corpora"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never let a test read or write the user's real embedding cache; one cache per session is shared
    so the (slow) bundled model embeds each sample sentence once per test run."""
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(session_cache(tmp_path_factory)))


_CACHE: list[Path] = []


def session_cache(factory: pytest.TempPathFactory) -> Path:
    """The one embedding/result cache of a test session (module-scoped fixtures run before the
    autouse fixture above sets it, so they ask for it here)."""
    if not _CACHE:
        _CACHE.append(factory.mktemp("embedding-cache"))
    return _CACHE[0]


@pytest.fixture
def shared_corpora() -> Path:
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {SHARED_CORPORA} (they live beside the project, not in it)")
    return SHARED_CORPORA
