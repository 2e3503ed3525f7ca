"""The reference-free fidelity score: the shipped model, its features, and what it must catch."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from tqcheck.align.dp import BandedAligner, SideFeatures
from tqcheck.config import Config
from tqcheck.embed import CachedEmbedder
from tqcheck.model import Alignment, CheckResult
from tqcheck.pipeline import CheckOptions, check_files, make_embedder
from tqcheck.report.json_report import result_to_dict
from tqcheck.score.fidelity import (
    FEATURES,
    MODEL_FORMAT,
    MODEL_PATH,
    FidelityModel,
    coverage_estimate,
    default_model,
    document_fidelity,
    embedding_evidence,
    korean_unfinished,
    pair_features,
    score_alignments,
)

# A short fictional council report, written for these tests; line i of ENGLISH is translated by
# line i of KOREAN.
ENGLISH = [
    "The city council approved a new budget on Monday, and the mayor said it would take effect in March.",
    "The plan sets aside 12 million dollars for road repairs, which officials called long overdue.",
    "Residents had complained about potholes for years, but earlier budgets did not include enough "
    "money to fix them.",
    "The council also voted to hire 40 new teachers for the public schools.",
    "Some members opposed the plan because they feared that taxes would rise next year.",
    "The mayor promised to publish a detailed report on spending every three months.",
    "Local businesses welcomed the decision, saying better roads would bring more customers downtown.",
    "The first repairs are expected to begin in April.",
]
KOREAN = [
    "시의회는 월요일 새 예산안을 승인했고, 시장은 이 예산이 3월부터 시행된다고 말했다.",
    "이 계획은 도로 보수에 1,200만 달러를 배정했으며, 관계자들은 이를 오래전에 했어야 할 일이라고 평가했다.",
    "주민들은 수년간 도로에 팬 구멍에 대해 불만을 제기해 왔지만, 이전 예산에는 이를 고칠 충분한 돈이 "
    "포함되지 않았다.",
    "시의회는 또한 공립학교에 교사 40명을 새로 채용하기로 의결했다.",
    "일부 의원들은 내년에 세금이 오를 것을 우려해 이 계획에 반대했다.",
    "시장은 석 달마다 지출에 관한 상세한 보고서를 공개하겠다고 약속했다.",
    "지역 상인들은 도로가 좋아지면 도심에 더 많은 손님이 찾아올 것이라며 이번 결정을 환영했다.",
    "첫 보수 공사는 4월에 시작될 예정이다.",
]


@pytest.fixture(scope="module")
def embedder() -> CachedEmbedder:
    return make_embedder(CheckOptions())


def _check(
    tmp_path: Path, korean: list[str], embedder: CachedEmbedder, english: list[str] = ENGLISH
) -> CheckResult:
    source = tmp_path / "source.en.txt"
    target = tmp_path / "target.ko.txt"
    source.write_text("\n".join(english) + "\n", encoding="utf-8")
    target.write_text("\n".join(korean) + "\n", encoding="utf-8")
    options = CheckOptions(split="lines", align="none")
    return check_files(source, target, config=Config(), embedder=embedder, options=options)


def _fidelity(tmp_path: Path, embedder: CachedEmbedder, line: int, korean_line: str) -> tuple[float, float]:
    """(fidelity of the clean line, fidelity with the Korean line replaced)."""
    clean = _check(tmp_path, KOREAN, embedder)
    edited = list(KOREAN)
    edited[line] = korean_line
    changed = _check(tmp_path, edited, embedder)
    before, after = clean.alignments[line].fidelity, changed.alignments[line].fidelity
    assert before is not None and after is not None
    return before, after


# ---------------------------------------------------------------------------------------------
# The shipped model


def test_model_file_is_small_versioned_package_data() -> None:
    assert MODEL_PATH.parent.name == "score" and MODEL_PATH.parent.parent.name == "tqcheck"
    assert MODEL_PATH.stat().st_size < 20_000
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["format"] == MODEL_FORMAT and data["version"]
    assert data["created_by"] == "tools/fit_fidelity.py"
    assert data["training"]["corpora"] == ["koen-jhe-dev", "koen-news-dev"]
    model = FidelityModel.load()
    assert [factor.name for factor in model.factors] == ["meaning", "rendering"]
    assert set(model.features) == set(FEATURES)
    for factor in model.factors:
        assert len(factor.weights) == len(factor.mean) == len(factor.scale) == len(factor.features)
        assert all(scale > 0 for scale in factor.scale)
    # the signals point the way they should
    weights = {f.name: dict(zip(f.features, f.weights, strict=True)) for f in model.factors}
    assert weights["meaning"]["neighbour_margin"] > 0
    for name in ("length_short", "unfinished", "untranslated", "number_problems", "flags"):
        assert weights["rendering"][name] < 0, name
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert "score/fidelity_model.json" in pyproject


def test_model_is_deterministic() -> None:
    first, second = FidelityModel.load(), FidelityModel.load()
    assert first == second
    features = pair_features(ENGLISH[0], KOREAN[0], 0.86, 0.08, (), first.lengths)
    again = pair_features(ENGLISH[0], KOREAN[0], 0.86, 0.08, (), second.lengths)
    assert features == again and first.score(features) == second.score(again)


def test_model_rejects_a_foreign_file() -> None:
    with pytest.raises(ValueError, match="not a"):
        FidelityModel.from_dict({"format": "something-else"})


@pytest.mark.parametrize(
    ("similarity", "margin"), [(-1.0, -1.0), (0.0, -0.5), (0.8, 0.05), (1.0, 1.0), (0.95, 0.3)]
)
def test_fidelity_is_a_probability_even_at_extremes(similarity: float, margin: float) -> None:
    model = default_model()
    for korean in (KOREAN[1], "", "x" * 2000, ENGLISH[1], "1 2 3 4 5 6 7 8 9"):
        score = model.score(pair_features(ENGLISH[1], korean, similarity, margin, ("unterminated",)))
        assert 0.0 <= score <= 1.0 and not math.isnan(score)


# ---------------------------------------------------------------------------------------------
# The cheap signals


def test_unfinished_korean() -> None:
    english = "Cities were not clean, and the streets were full of garbage."
    assert korean_unfinished(english, "도시들은 깨끗하지 않았고")
    assert korean_unfinished(english, "도시들은 깨끗하지 않았고,")
    assert not korean_unfinished(english, "도시들은 깨끗하지 않았다.")
    assert not korean_unfinished("Cities were not clean", "도시들은 깨끗하지 않았고")


def test_coverage_drops_with_missing_anchors_and_length() -> None:
    lengths = default_model().lengths
    english = "The plan sets aside 12 million dollars for road repairs, and NATO approved 300 new jets."
    full = "이 계획은 도로 보수에 1,200만 달러를 배정했고, NATO는 새 제트기 300대를 승인했다."
    assert coverage_estimate(english, full, lengths).value == pytest.approx(1.0)
    dropped = coverage_estimate(english, "이 계획은 도로 보수에 1,200만 달러를 배정했다.", lengths)
    assert dropped.value < 0.7 and dropped.anchored == 2


def test_untranslated_and_numbers_lower_the_score() -> None:
    model = default_model()
    good = model.score(pair_features(ENGLISH[3], KOREAN[3], 0.87, 0.09, (), model.lengths))
    number = model.score(
        pair_features(ENGLISH[3], KOREAN[3].replace("40명", "14명"), 0.87, 0.09, (), model.lengths)
    )
    english_tail = "시의회는 또한 공립학교에 hire 40 new teachers for the public schools."
    untranslated = model.score(pair_features(ENGLISH[3], english_tail, 0.87, 0.09, (), model.lengths))
    flagged = model.score(pair_features(ENGLISH[3], KOREAN[3], 0.87, 0.09, ("fused-token",), model.lengths))
    assert number < good - 0.2 and untranslated < good - 0.2 and flagged < good


def test_headings_get_more_length_slack() -> None:
    lengths = default_model().lengths
    assert lengths.z(29, 9, heading=True) > lengths.z(29, 9) and lengths.z(29, 9) < 0
    heading = pair_features("Regulators Take a Closer Look", "규제 당국도 주시", 0.83, 0.04, (), lengths)
    sentence = pair_features("Regulators take a closer look.", "규제 당국도 주시.", 0.83, 0.04, (), lengths)
    assert heading.values["length_short"] < sentence.values["length_short"]


def test_neighbour_margin_tells_a_translation_from_its_neighbours() -> None:
    rng = np.random.default_rng(0)
    topic = rng.normal(size=32)
    sentences = topic + 0.6 * rng.normal(size=(6, 32))
    translations = sentences + 0.3 * rng.normal(size=(6, 32))
    unit = lambda m: m / np.linalg.norm(m, axis=1, keepdims=True)  # noqa: E731
    lengths = np.full(6, 40.0)
    aligner = BandedAligner(SideFeatures(unit(sentences), lengths), SideFeatures(unit(translations), lengths))
    right = embedding_evidence(aligner, (2,), (2,))
    wrong = embedding_evidence(aligner, (2,), (3,))
    assert right.neighbour_margin > 0 > wrong.neighbour_margin
    assert right.similarity - wrong.similarity < right.neighbour_margin - wrong.neighbour_margin


# ---------------------------------------------------------------------------------------------
# Omissions and the document score


class _NoAligner:
    def similarity_and_margin(
        self, source_ids: tuple[int, ...], target_ids: tuple[int, ...]
    ) -> tuple[float, float]:
        raise AssertionError("an omission or addition must not be embedded")


def test_omission_scores_zero_and_addition_has_no_fidelity() -> None:
    omission = Alignment(index=0, source_ids=(0,), target_ids=(), source_text="A dropped sentence here.")
    addition = Alignment(index=1, source_ids=(), target_ids=(0,), target_text="추가된 문장.")
    score_alignments([omission, addition], _NoAligner())  # type: ignore[arg-type]
    assert omission.fidelity == 0.0 and omission.coverage == 0.0
    assert addition.fidelity is None


def test_document_fidelity_is_source_length_weighted_with_omissions_as_zero() -> None:
    long = Alignment(index=0, source_ids=(0,), target_ids=(0,), source_text="x" * 300, fidelity=0.9)
    short = Alignment(index=1, source_ids=(1,), target_ids=(), source_text="y" * 100, fidelity=0.0)
    addition = Alignment(index=2, source_ids=(), target_ids=(1,), target_text="z", fidelity=None)
    assert document_fidelity([long, short, addition]) == pytest.approx(0.9 * 300 / 400, abs=1e-4)
    assert document_fidelity([addition]) is None


# ---------------------------------------------------------------------------------------------
# End to end with the bundled embedder


def test_clean_translation_scores_high_and_json_shows_the_parts(
    tmp_path: Path, embedder: CachedEmbedder
) -> None:
    result = _check(tmp_path, KOREAN, embedder)
    assert all(a.fidelity is not None and a.fidelity >= 0.5 for a in result.alignments)
    assert result.summary.fidelity is not None and result.summary.fidelity >= 0.6
    assert not any(flag.code == "low-fidelity" for a in result.alignments for flag in a.flags)
    payload = result_to_dict(result)
    for alignment in payload["alignments"]:
        for key in ("similarity", "margin", "neighbour_margin", "coverage", "length_ratio", "fidelity"):
            assert isinstance(alignment[key], float), key
        assert 0.0 <= alignment["coverage"] <= 1.0
        assert alignment["length_ratio"] == pytest.approx(
            len(alignment["target"]) / len(alignment["source"]), abs=1e-3
        )


def test_truncated_translation_scores_clearly_lower(tmp_path: Path, embedder: CachedEmbedder) -> None:
    before, stopped = _fidelity(
        tmp_path, embedder, 2, "주민들은 수년간 도로에 팬 구멍에 대해 불만을 제기해 왔지만,"
    )
    _, sealed = _fidelity(tmp_path, embedder, 2, "주민들은 수년간 도로에 팬 구멍에 대해 불만을 제기해 왔다.")
    assert stopped < before - 0.3 and stopped < 0.35
    assert sealed < before - 0.2


def test_dropped_clause_scores_lower(tmp_path: Path, embedder: CachedEmbedder) -> None:
    before, after = _fidelity(tmp_path, embedder, 0, "시장은 이 예산이 3월부터 시행된다고 말했다.")
    assert after < before - 0.2


def test_changed_number_scores_lower(tmp_path: Path, embedder: CachedEmbedder) -> None:
    before, after = _fidelity(tmp_path, embedder, 3, KOREAN[3].replace("40명", "14명"))
    assert after < before - 0.3


def test_swapped_translations_score_lower_and_get_flagged(tmp_path: Path, embedder: CachedEmbedder) -> None:
    clean = _check(tmp_path, KOREAN, embedder)
    swapped = list(KOREAN)
    swapped[4], swapped[5] = swapped[5], swapped[4]
    result = _check(tmp_path, swapped, embedder)
    for line in (4, 5):
        assert result.alignments[line].fidelity < clean.alignments[line].fidelity - 0.3  # type: ignore[operator]
        assert any(flag.code == "low-fidelity" for flag in result.alignments[line].flags)
    assert result.summary.fidelity < clean.summary.fidelity  # type: ignore[operator]


def test_scores_are_reproducible(tmp_path: Path, embedder: CachedEmbedder) -> None:
    first = _check(tmp_path, KOREAN, embedder)
    second = _check(tmp_path, KOREAN, embedder)
    assert [a.fidelity for a in first.alignments] == [a.fidelity for a in second.alignments]


def test_a_bracketed_conversion_is_not_an_unmatched_number() -> None:
    from tqcheck.score.fidelity import unmatched_numbers

    english = "She borrowed 20,000 yuan (about US$2,920) from her aunt."
    # Converted to won instead of dollars, or the conversion dropped: the quantity itself is rendered.
    assert unmatched_numbers(english, "고모에게 2만위안(약 300만원)을 빌렸다.") == 0
    assert unmatched_numbers(english, "고모에게 2만위안을 빌렸다.") == 0
    # The quantity changed: one number left on each side.
    assert unmatched_numbers(english, "고모에게 3만위안(약 450만원)을 빌렸다.") == 1


def test_the_low_fidelity_message_never_shows_the_score_equal_to_its_threshold() -> None:
    from tqcheck.checks.fidelity import _shown_below

    assert _shown_below(0.149, 0.15) == "0.14"
    assert _shown_below(0.08, 0.15) == "0.08"
    assert float(_shown_below(0.14999, 0.15)) < 0.15


def test_a_url_is_not_english_left_untranslated() -> None:
    from tqcheck.score.fidelity import untranslated_share

    english = "For details, visit https://www.example.org/help or write to help@example.org."
    assert (
        untranslated_share(
            english, "자세한 내용은 https://www.example.org/help 또는 help@example.org로 문의하라."
        )
        == 0
    )
    assert (
        untranslated_share(english, "For details, visit 사이트.") == 2 / 6
    )  # of: For details visit or write to


def test_a_format_placeholder_is_not_english_left_untranslated() -> None:
    from tqcheck.score.fidelity import untranslated_share

    english = "Uploading %(filename)s (%(percent)d%%) for {user_name}"
    assert untranslated_share(english, "{user_name}의 %(filename)s 업로드 중 (%(percent)d%%)") == 0


@pytest.mark.parametrize(
    ("english", "fidelity", "flagged"),
    [
        # a few words: the encoder has too little text, so only a very low score is read as wrong
        ("You're welcome.", 0.05, False),
        ("Add to cart", 0.012, False),
        ("Add to cart", 0.005, True),
        ("Fasten your seat belt, please.", 0.05, False),  # five words: still short
        # six words and more: the declared margin
        ("Please fasten your seat belt now.", 0.05, True),
        ("Please fasten your seat belt now.", 0.2, False),
    ],
)
def test_short_pairs_get_a_wider_margin(english: str, fidelity: float, flagged: bool) -> None:
    from tqcheck.checks.fidelity import low_fidelity

    from checkutil import make_pair

    alignment, context = make_pair(english, "한국어 문장이다.")
    alignment.fidelity = fidelity
    assert bool(low_fidelity(alignment, context)) is flagged
