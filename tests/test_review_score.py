"""The review score: fidelity (accuracy) and review_priority, their parts, the background margin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tqcheck
from tools.fit_review import fit
from tqcheck.checks.registry import default_thresholds
from tqcheck.embed import CachedEmbedder
from tqcheck.pipeline import CheckOptions, make_embedder
from tqcheck.report.json_report import result_to_dict
from tqcheck.score.background import load_background
from tqcheck.score.review import (
    PARTS,
    REVIEW_MODEL_PATH,
    ReviewModel,
    direction_conflict,
    korean_fluency,
    negation_lost,
    negation_mismatch,
)

# Pairs written for these tests (fictional).
SOURCE = "The museum will reopen in June after a two-year renovation, the city said on Friday."
CLEAN = "시는 금요일 박물관이 2년간의 보수 공사를 마치고 6월에 다시 문을 연다고 밝혔다."
DROPPED = "시는 금요일 박물관이 6월에 다시 문을 연다고 밝혔다."
WRONG_SENSE = "시는 금요일 박물관이 2년간의 보수 공사를 마치고 6월에 다시 폐쇄한다고 밝혔다."


@pytest.fixture(scope="module")
def embedder() -> CachedEmbedder:
    return make_embedder(CheckOptions())


def _first(source: str, target: str, embedder: CachedEmbedder) -> tqcheck.Alignment:
    return tqcheck.check_pair(source, target, embedder=embedder).alignments[0]


def test_model_json_loads_and_is_package_data() -> None:
    data = json.loads(REVIEW_MODEL_PATH.read_text(encoding="utf-8"))
    assert data["created_by"] == "tools/fit_review.py" and data["training"]["split"].startswith("dev")
    model = ReviewModel.load()
    assert set(model.accuracy.features) <= set(PARTS) and set(model.review.features) <= set(PARTS)
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert "score/review_model.json" in pyproject and "score/background.json" in pyproject
    background = load_background()
    assert len(background.english) >= 50 and len(background.korean) >= 50
    with pytest.raises(ValueError, match="not a"):
        ReviewModel.from_dict({"format": "other"})


def test_parts_present_and_in_range(embedder: CachedEmbedder) -> None:
    result = tqcheck.check_pair(SOURCE, CLEAN, embedder=embedder)
    alignment = result.alignments[0]
    assert set(alignment.fidelity_parts) >= set(PARTS) - {"words_missing", "words_added"}
    assert alignment.fidelity is not None and 0.0 <= alignment.fidelity <= 1.0
    assert alignment.review_priority is not None and 0.0 <= alignment.review_priority <= 1.0
    parts = alignment.fidelity_parts
    assert 0.0 <= parts["coverage"] <= 1.0 and parts["negation"] in (0.0, 1.0)
    assert 0.0 <= parts["unknown"] <= 1.0 and parts["fluency_min"] <= parts["fluency_mean"] <= 0.0
    payload = result_to_dict(result)["alignments"][0]
    assert payload["review_priority"] == alignment.review_priority
    assert payload["fidelity_parts"] == parts
    frame = result.to_frame()
    assert "review_priority" in frame.columns and frame.loc[0, "fidelity_parts"] == parts


def test_review_priority_puts_a_dropped_clause_before_the_clean_pair(embedder: CachedEmbedder) -> None:
    clean = _first(SOURCE, CLEAN, embedder)
    dropped = _first(SOURCE, DROPPED, embedder)
    assert clean.review_priority is not None and dropped.review_priority is not None
    assert dropped.review_priority > clean.review_priority
    assert dropped.fidelity is not None and clean.fidelity is not None and dropped.fidelity < clean.fidelity


@pytest.mark.xfail(
    strict=True,
    reason="known limit (issue 11): no shipped evidence sees a wrong-sense word (reopen -> close); "
    "the sentence vector, length, numbers and negation are all unchanged",
)
def test_review_priority_puts_a_wrong_sense_word_before_the_clean_pair(embedder: CachedEmbedder) -> None:
    clean = _first(SOURCE, CLEAN, embedder)
    wrong = _first(SOURCE, WRONG_SENSE, embedder)
    assert wrong.review_priority is not None and clean.review_priority is not None
    assert wrong.review_priority > clean.review_priority


def test_single_sentence_pair_gets_a_background_margin(embedder: CachedEmbedder) -> None:
    below = default_thresholds()["low-fidelity"]["below"]
    alignment = _first("Prices fell 3% last month.", "지난달 물가가 3% 하락했다.", embedder)
    assert alignment.margin is not None and alignment.margin > 0.05
    assert alignment.fidelity is not None and alignment.fidelity > below
    assert not any(flag.code == "low-fidelity" for flag in alignment.flags)


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("You're welcome.", "천만에요."),
        ("Thank you so much!", "정말 고마워요!"),
        ("See you tomorrow.", "내일 봐요."),
    ],
)
def test_short_idiomatic_pairs_are_not_flagged(embedder: CachedEmbedder, english: str, korean: str) -> None:
    alignment = _first(english, korean, embedder)
    assert not any(flag.code == "low-fidelity" for flag in alignment.flags), alignment.fidelity


def test_negation_and_fluency_evidence() -> None:
    assert negation_mismatch("The plan was not approved.", "계획은 승인되었다.") == 1.0
    assert negation_mismatch("The plan was not approved.", "계획은 승인되지 않았다.") == 0.0
    assert negation_mismatch("The plan was approved.", "계획은 승인되었다.") == 0.0
    good = korean_fluency("계획은 어제 승인되었다.")
    broken = korean_fluency("계획은을 어제 승인되었다를.")
    assert broken.minimum < good.minimum


def test_lost_negation_and_direction_evidence() -> None:
    # The wide reading: "unless" and "non-" negate too; only a negation the Korean drops counts.
    assert negation_lost("Refunds are not possible unless you cancel.", "취소하면 환불이 가능하다.") == 2.0
    assert negation_lost("The ticket is non-refundable.", "이 표는 환불이 불가능하다.") == 0.0
    assert negation_lost("The plan was approved.", "계획은 승인되지 않았다.") == 0.0
    assert direction_conflict("Two members voted for a rate cut.", "위원 2명은 금리 인상에 찬성했다.") == 1.0
    assert direction_conflict("Two members voted for a rate cut.", "위원 2명은 금리 인하에 찬성했다.") == 0.0
    assert direction_conflict("The meeting is on Monday.", "회의는 월요일에 열린다.") == 0.0
    # A rank counter (4위) is no "above", and "moved up to" is a rise, not the bound "up to".
    assert direction_conflict("The team moved up to fourth place.", "그 팀은 4위로 올라섰다.") == 0.0
    assert direction_conflict("The team dropped to fifth place.", "그 팀은 5위로 밀려났다.") == 0.0
    assert direction_conflict("The team moved up to fourth place.", "그 팀은 4위로 내려갔다.") == 1.0
    # A negated comparative is a bound the Korean may say either way: no direction, no negation.
    english = "Hospitals should limit night shifts to no more than three."
    assert direction_conflict(english, "병원은 야간 근무를 3회 이하로 제한해야 한다.") == 0.0
    assert negation_lost(english, "병원은 야간 근무를 3회 이하로 제한해야 한다.") == 0.0
    assert negation_mismatch(english, "병원은 야간 근무를 3회 이하로 제한해야 한다.") == 0.0


def test_translationese_probe_counts_calqued_pronouns() -> None:
    from benchmarks.review_probes import translationese

    assert translationese("그녀는 그들의 집에 갔다.") > translationese("지수는 친구 집에 갔다.")


def _rows(n: int) -> list[dict[str, object]]:
    rows = []
    for i in range(n):
        parts = {name: float((i * (k + 3)) % 7) / 7 for k, name in enumerate(PARTS)}
        bad = i % 3 == 0
        parts["base"] = -1.0 if bad else 1.5 + (i % 5) / 5
        parts["length_short"] = 2.0 + (i % 5) / 5 if bad else (i % 4) / 8
        rows.append(
            {"split": "dev", "parts": parts, "serious": int(bad or i % 4 == 0), "serious_accuracy": int(bad)}
        )
    return rows


def test_fit_script_is_deterministic_on_a_tiny_input() -> None:
    rows = _rows(40)
    first, second = fit(rows), fit(json.loads(json.dumps(rows)))
    assert first == second
    model = ReviewModel.from_dict(first)
    accuracy = dict(zip(model.accuracy.features, model.accuracy.weights, strict=True))
    review = dict(zip(model.review.features, model.review.weights, strict=True))
    assert accuracy["length_short"] > 0  # a short Korean goes with an accuracy error in these rows
    assert review["base"] < 0  # a high synthetic fidelity means a low chance of a serious error
    assert 0.05 <= first["low_fidelity_below"] <= 0.95
