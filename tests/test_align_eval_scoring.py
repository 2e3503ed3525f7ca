"""Self-checks for the alignment benchmark's scorer and generator, on hand-made data only.

The benchmark's numbers are only as good as its scoring, and a bug there would make
every aligner look better or worse than it is, so the edge cases (null alignments, lax
credit, pooling) are pinned here. No corpus and no CLI are needed.
"""

from __future__ import annotations

import random

import pytest

from benchmarks.align_eval import (
    SECTION_HEADING,
    DocRun,
    Score,
    diagonal_baseline,
    parse_args,
    render_report,
    score_alignments,
)
from benchmarks.common.corpus import FilterReport, Pair
from benchmarks.common.perturb import KIND_SHAPE, build_document, split_point, split_sentence

# 0-1 clean, 1+2 merged (2-1), 3 split (1-2), 4 dropped (1-0), an insert (0-1), 5 clean.
GOLD = [
    [[0], [0]],
    [[1, 2], [1]],
    [[3], [2, 3]],
    [[4], []],
    [[], [4]],
    [[5], [5]],
]
KINDS = ["clean", "merge", "split", "drop", "insert", "clean"]


def test_gold_as_prediction_is_perfect() -> None:
    score = score_alignments(GOLD, GOLD, KINDS)
    assert score.precision == score.recall == score.f1 == 1.0
    assert score.lax_f1 == 1.0
    assert score.gold_nonnull == 4  # the drop and the insert are not recalled
    assert score.predicted == 6  # but predicted nulls do count for precision
    assert all(count.strict == count.total for count in score.per_kind.values())


def test_diagonal_prediction_scores_lower() -> None:
    diagonal = diagonal_baseline(6, 6)
    score = score_alignments(diagonal, GOLD, KINDS)
    assert score.f1 < 1.0
    # Only [0]-[0] and [5]-[5] are exactly right among 6 predictions.
    assert score.strict_correct == 2
    assert score.precision == pytest.approx(2 / 6)
    assert score.recall == pytest.approx(2 / 4)
    # The diagonal touches the merge ([1]-[1]) and the split ([3]-[3]) by one link each.
    assert score.lax_recalled == 4
    assert score.lax_f1 > score.f1


def test_order_and_container_type_do_not_matter() -> None:
    shuffled = [((2, 1), (1,)), ([0], [0])]
    score = score_alignments(shuffled, [[[0], [0]], [[1, 2], [1]]])
    assert score.f1 == 1.0


def test_wrong_null_costs_precision_but_not_recall() -> None:
    gold = [[[0], [0]], [[1], [1]]]
    predicted = [[[0], [0]], [[1], [1]], [[], [7]]]
    score = score_alignments(predicted, gold)
    assert score.recall == 1.0
    assert score.precision == pytest.approx(2 / 3)


def test_missed_merge_gets_lax_but_not_strict_credit() -> None:
    gold = [[[0, 1], [0]]]
    predicted = [[[0], [0]], [[1], []]]
    score = score_alignments(predicted, gold, ["merge"])
    assert score.strict_recalled == 0
    assert score.lax_recalled == 1
    # [0]-[0] shares a gold link; [1]-[] has no link and no exact match.
    assert score.lax_correct == 1
    assert score.per_kind["merge"].strict == 0
    assert score.per_kind["merge"].lax == 1


def test_empty_prediction_scores_zero_without_dividing_by_zero() -> None:
    score = score_alignments([], GOLD)
    assert score.precision == score.recall == score.f1 == 0.0


def test_pooling_adds_counts_not_ratios() -> None:
    perfect = score_alignments(GOLD, GOLD, KINDS)
    poor = score_alignments([[[0], [0]]] * 1, [[[0], [0]], [[1], [1]], [[2], [2]]])
    pooled = Score()
    pooled.add(perfect)
    pooled.add(poor)
    assert pooled.predicted == 7
    assert pooled.strict_correct == 7
    assert pooled.gold_nonnull == 7
    assert pooled.recall == pytest.approx(5 / 7)
    assert pooled.per_kind["clean"].total == 2


def _synthetic_pairs(n: int) -> list[Pair]:
    pairs = []
    for i in range(n):
        # Every third Korean sentence has a comma near the middle so splits can happen.
        middle = ", 그리고 " if i % 3 == 0 else " 그리고 "
        ko = f"문장 번호 {i}번은 여기에서 시작하고{middle}그 뒤로 더 이어진다."
        pairs.append(Pair("test", i, f"Sentence number {i} is here.", ko))
    return pairs


def test_generated_gold_covers_every_line_once() -> None:
    pairs = _synthetic_pairs(300)
    doc = build_document(random.Random(1), "t", pairs, 120, 40, 0.1)
    sources = sorted(i for src, _ in doc.gold for i in src)
    targets = sorted(i for _, tgt in doc.gold for i in tgt)
    assert sources == list(range(len(doc.source)))
    assert targets == list(range(len(doc.target)))
    counts = doc.counts()
    for kind in ("merge", "drop", "insert", "headline"):
        assert counts[kind] == 4, counts
    assert 1 <= counts["split"] <= 4
    # Each gold alignment has the shape its kind promises.
    for (src, tgt), kind in zip(doc.gold, doc.kinds, strict=True):
        assert f"{len(src)}-{len(tgt)}" == KIND_SHAPE[kind]


def test_perturbations_are_separated_by_clean_pairs() -> None:
    pairs = _synthetic_pairs(300)
    doc = build_document(random.Random(2), "t", pairs, 100, 40, 0.1)
    for before, after in zip(doc.kinds, doc.kinds[1:], strict=False):
        assert before == "clean" or after == "clean"


def test_split_point_skips_thousands_and_edges() -> None:
    assert split_point("8,192개의 마이크로 프로세서를 갖고 있다.") is None
    text = "회담은 오늘 서울에서 열렸으며, 양측은 내일 다시 만나기로 했다."
    head, tail = split_sentence(text)
    assert head.endswith(",") and not tail.startswith(" ")
    assert f"{head} {tail}" == text


def test_report_quotes_the_module_command_without_output_options() -> None:
    doc = build_document(random.Random(1), "t", _synthetic_pairs(100), 10, 20, 0.1)
    baseline = score_alignments(diagonal_baseline(len(doc.source), len(doc.target)), doc.gold, doc.kinds)
    argv = ["--no-run", "--docs", "1", "--workdir", "/tmp/x", "--json-out=/tmp/x.json"]
    groups = [("20-pair docs", [DocRun(doc, Score(), baseline)])]
    report = render_report(parse_args(argv), argv, FilterReport(100, 90, 0.3, 0.9), groups, {}, False)
    assert report.startswith(SECTION_HEADING + "\n")
    assert "Command: `python -m benchmarks.align_eval --no-run --docs 1`" in report
    assert "10 of 100 pairs dropped" in report
