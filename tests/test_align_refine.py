"""The path's refinement: orphans hidden in a 2-1 or 1-2 split out, a 1-0 beside a 0-1 joined."""

from __future__ import annotations

import numpy as np

from tqcheck.align.dp import BandedAligner, SideFeatures
from tqcheck.align.refine import RefineParams, refine

DIM = 32


def _side(vectors: np.ndarray, lengths: list[float]) -> SideFeatures:
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return SideFeatures(vectors=unit.astype(np.float32), lengths=np.array(lengths, dtype=np.float64))


def _aligner(source: np.ndarray, target: np.ndarray) -> BandedAligner:
    return BandedAligner(_side(source, [80.0] * len(source)), _side(target, [40.0] * len(target)))


def _meanings(count: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(count, DIM))


def test_an_english_sentence_with_nothing_of_it_in_the_korean_is_split_out_of_a_merge() -> None:
    meanings = _meanings(6)
    target = np.vstack([meanings[0], meanings[1], meanings[2], meanings[4], meanings[5]])  # 3 dropped
    aligner = _aligner(meanings, target)
    merged = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((5,), (4,))]
    assert refine(merged, aligner)[2:4] == [((2,), (2,)), ((3,), ())]


def test_a_real_merge_stays_a_merge() -> None:
    meanings = _meanings(6, seed=1)
    target = np.vstack([meanings[0], meanings[1], meanings[2] + meanings[3], meanings[4], meanings[5]])
    aligner = _aligner(meanings, target)
    merged = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,)), ((5,), (4,))]
    assert refine(merged, aligner) == merged


def test_an_inserted_korean_sentence_is_split_out_of_a_one_to_two() -> None:
    meanings = _meanings(5, seed=2)
    extra = np.random.default_rng(9).normal(size=(1, DIM))
    target = np.vstack([meanings[0], meanings[1], extra[0], meanings[2], meanings[3], meanings[4]])
    aligner = _aligner(meanings, target)
    path = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,)), ((4,), (5,))]
    assert refine(path, aligner)[1:3] == [((1,), (1,)), ((), (2,))]


def test_a_drop_beside_an_insertion_is_one_mistranslated_pair() -> None:
    meanings = _meanings(4, seed=3)
    aligner = _aligner(meanings, meanings)
    path = [((0,), (0,)), ((1,), ()), ((), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert refine(path, aligner) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    reversed_order = [((0,), (0,)), ((), (1,)), ((1,), ()), ((2,), (2,)), ((3,), (3,))]
    assert refine(reversed_order, aligner)[1] == ((1,), (1,))
    apart = [((0,), ()), ((1,), (0,)), ((), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert refine(apart, aligner) == apart  # not next to each other: two problems
    assert refine(path, aligner, RefineParams(pair_nulls=False)) == path


def test_the_half_of_a_sentence_split_at_a_comma_joins_the_pair_of_the_other_half() -> None:
    from tqcheck.align.refine import _join_continuations

    # Korean 1 ends in a comma: 2 goes on with its sentence, whichever half was left unpaired.
    continued = [False, True, False, False]
    second_half_left = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))]
    assert _join_continuations(second_half_left, continued) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    first_half_left = [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]
    assert _join_continuations(first_half_left, continued) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    # an unpaired segment that continues nothing stays an insertion
    inserted = [((0,), (0,)), ((1,), (1, 2)), ((), (3,))]
    assert _join_continuations(inserted, continued) == inserted


def _gain_of(table: dict[tuple[tuple[int, ...], tuple[int, ...]], float]):
    """A join_gain that reads its answers from ``table``: (English ids, joined Korean ids) -> gain."""

    def join_gain(source_ids: tuple[int, ...], target_ids: tuple[int, ...], joined: tuple[int, ...]) -> float:
        return table.get((source_ids, joined), -0.05)

    return join_gain


def test_an_unpaired_korean_sentence_that_completes_its_neighbours_translation_joins_it() -> None:
    meanings = _meanings(3, seed=4)
    aligner = _aligner(meanings, np.vstack([meanings[0], meanings[1], meanings[1], meanings[2]]))
    path = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))]
    gains = _gain_of({((1,), (1, 2)): 0.03, ((2,), (2, 3)): 0.02})
    assert refine(path, aligner, join_gain=gains) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    # too little gain, or no encoder, or a profile that turns it off: the sentence stays an addition
    assert refine(path, aligner, join_gain=_gain_of({((1,), (1, 2)): 0.005})) == path
    assert refine(path, aligner) == path
    assert refine(path, aligner, RefineParams(rejoin_gain=None), join_gain=gains) == path


def test_an_unpaired_first_half_joins_the_pair_after_it() -> None:
    meanings = _meanings(2, seed=5)
    aligner = _aligner(meanings, np.vstack([meanings[0], meanings[0], meanings[1]]))
    path = [((), (0,)), ((0,), (1,)), ((1,), (2,))]
    assert refine(path, aligner, join_gain=_gain_of({((0,), (0, 1)): 0.02})) == [((0,), (0, 1)), ((1,), (2,))]


def test_a_one_sentence_english_rendered_as_two_korean_sentences_is_never_split() -> None:
    """With one English sentence its margins are measured against itself: no orphan can be told."""
    meanings = _meanings(1, seed=6)
    extra = np.random.default_rng(10).normal(size=(1, DIM))
    aligner = _aligner(meanings, np.vstack([meanings[0], extra[0]]))
    path = [((0,), (0, 1))]
    assert refine(path, aligner) == path
    longer = _meanings(3, seed=6)  # the same shape inside a longer document is split
    aligner = _aligner(longer, np.vstack([longer[0], extra[0], longer[1], longer[2]]))
    assert refine([((0,), (0, 1)), ((1,), (2,)), ((2,), (3,))], aligner)[:2] == [((0,), (0,)), ((), (1,))]
