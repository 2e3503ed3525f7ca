"""The alignment checks: omission, addition, length-ratio."""

from __future__ import annotations

import pytest

from tqcheck.checks.alignment import addition, length_ratio, omission
from tqcheck.model import Flag

from checkutil import codes, make_document_pair, make_pair


def run_length_ratio(english: str, korean: str) -> list[Flag]:
    alignment, context = make_pair(english, korean)
    return length_ratio(alignment, context)


def test_omission_and_addition_flag_only_one_sided_alignments() -> None:
    alignments, context = make_document_pair([(["One."], []), ([], ["하나."]), (["Two."], ["둘."])])
    assert codes(omission(alignments[0], context)) == ["omission"]
    assert omission(alignments[0], context)[0].side == "source"
    assert codes(addition(alignments[1], context)) == ["addition"]
    assert addition(alignments[1], context)[0].side == "target"
    for check in (omission, addition):
        assert check(alignments[2], context) == []
    assert omission(alignments[1], context) == [] and addition(alignments[0], context) == []


# --- length-ratio ----------------------------------------------------------------------------------

LONG = "The government said on Monday that it would raise the minimum wage by five percent next year."
FULL = "정부는 월요일 내년 최저임금을 5% 인상할 것이라고 밝혔다."


def test_length_ratio_flags_a_korean_far_too_short() -> None:
    flags = run_length_ratio(LONG, "정부는 밝혔다.")
    assert codes(flags) == ["length-ratio"]
    assert "shorter than expected" in flags[0].message
    assert "something may be missing" in flags[0].message
    assert (flags[0].side, flags[0].start, flags[0].end) == ("target", None, None)


def test_length_ratio_flags_a_korean_far_too_long() -> None:
    padded = (
        FULL + " 이에 대해 노동계는 인상 폭이 지나치게 작다며 강하게 반발했고 경영계는 고용 감소를 우려했다."
        " 전문가들은 물가 상승률을 고려하면 실질 임금은 오히려 줄어든다고 지적했다."
    )
    flags = run_length_ratio(LONG, padded)
    assert codes(flags) == ["length-ratio"]
    assert "longer than expected" in flags[0].message


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        (LONG, FULL),
        ("How are you?", "안녕!"),  # too short to judge
        ("Why?", "왜 그럴까?"),  # too short to judge
        ("In the Middle Ages, cities were not very clean.", "중세에 도시들은 그리 깨끗하지 않았다."),
    ],
)
def test_length_ratio_leaves_normal_lengths(english: str, korean: str) -> None:
    flags = run_length_ratio(english, korean)
    assert flags == []


def test_length_ratio_ignores_omissions_and_additions() -> None:
    alignments, context = make_document_pair([([LONG], []), ([], [FULL])])
    assert length_ratio(alignments[0], context) == []
    assert length_ratio(alignments[1], context) == []
