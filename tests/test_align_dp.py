"""The banded DP on synthetic vectors, where the right answer is known exactly."""

from __future__ import annotations

import numpy as np
import pytest

from tqcheck.align.dp import AlignParams, BandedAligner, SideFeatures, align_sentences

DIM = 64


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _document(gold: list[tuple[tuple[int, ...], tuple[int, ...]]], seed: int = 0):
    """Source sentences get random 'meaning' vectors; a target segment's vector is the
    length-weighted mean of the meanings it renders, plus noise, so merges and splits look
    like they do with a real encoder."""
    rng = np.random.default_rng(seed)
    n = sum(len(s) for s, _ in gold)
    meanings = rng.normal(size=(n, DIM))
    source_lengths = rng.integers(60, 160, size=n).astype(float)
    source_vectors = _unit(meanings + 0.3 * rng.normal(size=(n, DIM)))
    target_vectors: list[np.ndarray] = []
    target_lengths: list[float] = []
    for source_ids, target_ids in gold:
        if not target_ids:
            continue
        if not source_ids:
            for _ in target_ids:
                target_vectors.append(rng.normal(size=DIM))
                target_lengths.append(float(rng.integers(30, 80)))
            continue
        meaning = sum(meanings[i] * source_lengths[i] for i in source_ids) / sum(
            source_lengths[i] for i in source_ids
        )
        total = sum(source_lengths[i] for i in source_ids) * 0.52
        for _ in target_ids:
            target_vectors.append(meaning + 0.3 * rng.normal(size=DIM))
            target_lengths.append(total / len(target_ids))
    source = SideFeatures(source_vectors, source_lengths)
    target = SideFeatures(_unit(np.array(target_vectors)), np.array(target_lengths))
    return source, target


def _gold_with(events: dict[int, str], size: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i = j = 0
    while i < size:
        event = events.get(i, "1-1")
        a, b = (int(x) for x in event.split("-"))
        gold.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return gold


def test_recovers_one_to_one() -> None:
    gold = _gold_with({}, 30)
    pairs, _ = align_sentences(*_document(gold))
    assert pairs == gold


@pytest.mark.parametrize("event", ["2-1", "1-2", "1-0", "3-1"])
def test_recovers_each_move(event: str) -> None:
    gold = _gold_with({10: event}, 30)
    pairs, _ = align_sentences(*_document(gold, seed=3))
    assert pairs == gold


def test_recovers_insertion() -> None:
    gold = [((i,), (i,)) for i in range(8)] + [((), (8,))] + [((i,), (i + 1,)) for i in range(8, 20)]
    pairs, _ = align_sentences(*_document(gold, seed=5))
    assert pairs == gold


def test_band_widens_when_a_long_run_is_dropped() -> None:
    """Forty dropped sentences push the path far off the diagonal: the band must follow."""
    events = {20 + k: "1-0" for k in range(40)}
    gold = _gold_with(events, 120)
    params = AlignParams(band_min=4)
    pairs, _ = align_sentences(*_document(gold, seed=7), params)
    assert pairs == gold


def test_empty_sides() -> None:
    source, target = _document(_gold_with({}, 3))
    empty = SideFeatures(np.zeros((0, DIM), dtype=np.float32), np.zeros(0))
    pairs, _ = align_sentences(source, empty)
    assert pairs == [((0,), ()), ((1,), ()), ((2,), ())]
    pairs, _ = align_sentences(empty, target)
    assert pairs == [((), (0,)), ((), (1,)), ((), (2,))]


def test_memory_is_banded_not_quadratic() -> None:
    """A 3,000-sentence pair solves with rows no wider than the band (not 3,000 columns)."""
    gold = _gold_with({500: "2-1", 1500: "1-0", 2500: "1-2"}, 3000)
    source, target = _document(gold, seed=11)
    aligner = BandedAligner(source, target, AlignParams())
    low, high = aligner._band(aligner.params.band_min)
    assert int((high - low).max()) <= 2 * aligner.params.band_min + 2
    assert aligner.align() == gold


def test_margin_and_similarity_of_true_pair_beat_wrong_pair() -> None:
    gold = _gold_with({}, 10)
    _, aligner = align_sentences(*_document(gold, seed=2))
    right_cos, right_margin = aligner.similarity_and_margin((3,), (3,))
    wrong_cos, wrong_margin = aligner.similarity_and_margin((3,), (7,))
    assert right_cos > wrong_cos
    assert right_margin > 0 > wrong_margin


def _with_goes_on(side: SideFeatures, rows: set[int]) -> SideFeatures:
    flags = np.array([index in rows for index in range(len(side))], dtype=bool)
    return SideFeatures(side.vectors, side.lengths, side.headlines, goes_on=flags)


def test_a_pair_ending_inside_a_korean_sentence_costs_the_continuation_cost() -> None:
    source, target = _document(_gold_with({}, 6), seed=2)
    params = AlignParams(continuation_cost=0.5)
    plain = BandedAligner(source, target, params)
    split = BandedAligner(source, _with_goes_on(target, {2}), params)
    both = BandedAligner(_with_goes_on(source, {2}), _with_goes_on(target, {2}), params)
    js = np.arange(1, 6)  # pairs ending before Korean segments 1..5: the one ending before 3 ends open
    extra = split.move_cost(1, 1, 3, js) - plain.move_cost(1, 1, 3, js)
    assert extra.tolist() == pytest.approx([0.0, 0.0, 0.5, 0.0, 0.0])
    assert (split.move_cost(0, 1, 3, js) - plain.move_cost(0, 1, 3, js))[2] == pytest.approx(0.5)
    # the English ends inside its sentence at the same place: no extra cost
    assert both.move_cost(1, 1, 3, js).tolist() == pytest.approx(plain.move_cost(1, 1, 3, js).tolist())
    # the last segment has no next one to go on into
    last = BandedAligner(source, _with_goes_on(target, {5}), params)
    assert last.move_cost(1, 1, 6, np.array([6])) == pytest.approx(plain.move_cost(1, 1, 6, np.array([6])))


def test_a_sentence_split_over_two_korean_lines_stays_in_one_pair() -> None:
    """Korean 4 is the first half of English 4's sentence (it ends in a comma) and reads half like the
    sentence before it: without the cost the DP leaves it unpaired; with it, 4 and 5 stay together."""
    gold = _gold_with({4: "1-2"}, 12)
    source, target = _document(gold, seed=12)
    vectors = target.vectors.copy()
    vectors[4] = _unit((0.5 * vectors[3] + 0.5 * vectors[4])[None, :])[0]
    target = _with_goes_on(SideFeatures(vectors, target.lengths), {4})
    without, _ = align_sentences(source, target, AlignParams(continuation_cost=0.0))
    with_cost, _ = align_sentences(source, target, AlignParams())
    assert ((), (4,)) in without
    assert with_cost == gold


def _holding(side: SideFeatures, shares: dict[int, tuple[float, ...]], lengths: float | None = None):
    """``side`` with the given segments holding several sentences that meet at ``shares`` of their
    length (and, with ``lengths``, every segment that long)."""
    sizes = side.lengths if lengths is None else np.full(len(side), lengths)
    per_segment = [shares.get(index, ()) for index in range(len(side))]
    return SideFeatures(side.vectors, sizes, side.headlines, side.goes_on, sentence_shares=per_segment)


def test_a_merge_into_a_line_that_holds_its_sentences_costs_the_held_merge_cost() -> None:
    source, target = _document(_gold_with({}, 6), seed=2)
    source, target = _holding(source, {}, 100.0), _holding(target, {}, 52.0)
    params = AlignParams(held_merge_cost=0.0)
    plain = BandedAligner(source, target, params)
    js = np.arange(1, 7)  # 2-1 pairs ending before Korean segments 1..6: the one ending before 3 holds two
    # English 2 and 3 are equally long: the line's two sentences must meet near its middle
    held = BandedAligner(source, _holding(target, {2: (0.45,)}), params)
    saved = plain.move_cost(2, 1, 4, js) - held.move_cost(2, 1, 4, js)
    assert saved.tolist() == pytest.approx([0.0, 0.0, 0.015, 0.0, 0.0, 0.0])
    lopsided = BandedAligner(source, _holding(target, {2: (0.8,)}), params)
    assert lopsided.move_cost(2, 1, 4, js).tolist() == pytest.approx(plain.move_cost(2, 1, 4, js).tolist())
    # 1-2: English segment 3 holds two sentences, and every Korean pair of equal lines matches it
    split = BandedAligner(_holding(source, {3: (0.5,)}), target, params)
    assert (plain.move_cost(1, 2, 4, js) - split.move_cost(1, 2, 4, js))[1:].tolist() == pytest.approx(
        [0.015] * 5
    )
    # a line of two sentences is not held by three segments, and 1-1 never changes
    assert held.move_cost(3, 1, 4, js).tolist() == pytest.approx(plain.move_cost(3, 1, 4, js).tolist())
    assert held.move_cost(1, 1, 4, js).tolist() == pytest.approx(plain.move_cost(1, 1, 4, js).tolist())
    # a headline is rendered without a full stop: the line's second sentence is no evidence of it
    headed = SideFeatures(source.vectors, source.lengths, np.arange(6) == 2)
    with_headline = BandedAligner(headed, _holding(target, {2: (0.5,)}), params)
    unheld = BandedAligner(headed, target, params)
    assert with_headline.move_cost(2, 1, 4, js).tolist() == pytest.approx(
        unheld.move_cost(2, 1, 4, js).tolist()
    )
    off = BandedAligner(source, _holding(target, {2: (0.5,)}), AlignParams(held_merge_cost=None))
    assert off.move_cost(2, 1, 4, js).tolist() == pytest.approx(plain.move_cost(2, 1, 4, js).tolist())


def test_a_loosely_rendered_sentence_stays_merged_when_its_line_holds_two_sentences() -> None:
    """Korean 5 renders English 5 and 6, but English 5 only faintly (a loose summary): read as one
    sentence, the line pairs with English 6 alone and English 5 is left a drop; the line's second full
    stop, about where English 5's share of the pair ends, says it holds both, and the merge stands."""
    gold = _gold_with({5: "2-1"}, 12)
    source, target = _document(gold, seed=4)
    vectors = target.vectors.copy()
    vectors[5] = _unit((0.25 * source.vectors[5] + 0.75 * source.vectors[6])[None, :])[0]
    share = source.lengths[5] / (source.lengths[5] + source.lengths[6])
    target = _holding(SideFeatures(vectors, target.lengths), {5: (share + 0.05,)})
    without, _ = align_sentences(source, target, AlignParams(held_merge_cost=None))
    with_rule, _ = align_sentences(source, target, AlignParams())
    assert ((5,), ()) in without
    assert with_rule == gold


def test_held_merges_work_with_moves_of_any_shape() -> None:
    """Moves wider on one side than the other (4-1 but no 1-4) still compare a held line's boundaries."""
    source, target = _document(_gold_with({5: "4-1"}, 12), seed=4)
    source = _holding(source, {}, 100.0)  # four equal English lines: boundaries at 1/4, 1/2, 3/4
    params = AlignParams(moves=((1, 1), (1, 0), (0, 1), (4, 1)), merge_cost={(4, 1): 0.05})
    held = BandedAligner(source, _holding(target, {5: (0.25, 0.5, 0.75)}), params)
    plain = BandedAligner(source, target, params)
    js = np.array([6])
    saved = plain.move_cost(4, 1, 9, js) - held.move_cost(4, 1, 9, js)
    assert saved.tolist() == pytest.approx([0.05 - params.held_merge_cost])
