"""Number parsing and comparison: the English and Korean parsers, and when two values agree."""

from __future__ import annotations

import math

import pytest

from tqcheck.text.numbers import NumberMention, english_numbers, korean_numbers, values_equal


def _values(mentions: list[NumberMention]) -> list[float]:
    return [mention.value for mention in mentions]


# --- the Korean parser -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4,500명", 4500),
        ("12.3%", 12.3),
        ("350만 명", 3_500_000),
        ("4억5,000만 원", 450_000_000),
        ("1억1천만 달러", 110_000_000),
        ("12조3천억 번", 12.3e12),
        ("45억 원", 4_500_000_000),
        ("27만5000명", 275_000),
        ("여덟 명", 8),
        ("스물다섯 살", 25),
        ("열두 개", 12),
        ("삼십 명", 30),
        ("백 명", 100),
        ("천 명", 1000),
        ("만 명", 10_000),
        ("두 배", 2),
        ("3분의 1", 1 / 3),
        ("38%", 38),
        ("38퍼센트", 38),
        ("0.5%p", 0.5),
        ("2023년", 2023),
        ("세 번째", 3),
        ("2할6푼8리", 0.268),
    ],
)
def test_korean_values(text: str, value: float) -> None:
    mentions = korean_numbers(text)
    assert len(mentions) == 1, mentions
    assert math.isclose(mentions[0].value, value)


def test_korean_span_kind_and_offsets() -> None:
    text = "지난 2023년 세 번째 회의에서 38%가 찬성했다."
    mentions = korean_numbers(text)
    assert [(m.text, m.kind) for m in mentions] == [
        ("2023년", "year"),
        ("세 번째", "ordinal"),
        ("38%", "percent"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    "text",
    [
        "한국의 한편에서는",
        "세계 최대의 세대",
        "두개골",
        "이번 시간에",
        "백악관",
        "수십억 달러",
        "천장 아래",
        "구조대",
    ],
)
def test_korean_words_that_are_not_numbers(text: str) -> None:
    assert korean_numbers(text) == []


def test_korean_dates_and_codes_are_marked() -> None:
    kinds = {
        m.text: m.kind for m in korean_numbers("코로나19 확진자가 28일(현지시간) 3월 5일 기준 G7 국가에서")
    }
    assert kinds == {"19": "code", "28일": "day", "3월": "month", "5일": "day", "7": "code"}


def test_korean_vague_quantities_are_weak() -> None:
    mentions = korean_numbers("2, 3년 전 양국 정상이 절반을 두세 명에게")
    assert mentions and all(m.weak for m in mentions)


# --- the English parser ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("300 drivers", 300),
        ("2,000 people", 2000),
        ("12.3 trillion", 12.3e12),
        ("$450 million", 450e6),
        ("1.2 billion", 1.2e9),
        ("4.5bn", 4.5e9),
        ("$1.2B", 1.2e9),
        ("eight", 8),
        ("twenty-five", 25),
        ("one hundred and twenty-five", 125),
        ("half a million", 500_000),
        ("a dozen", 12),
        ("a third", 1 / 3),
        ("two-thirds", 2 / 3),
        ("an 80-hour week", 80),
        ("38 percent", 38),
        ("38%", 38),
        ("in 1992", 1992),
        ("the 1990s", 1990),
    ],
)
def test_english_values(text: str, value: float) -> None:
    mentions = english_numbers(text)
    assert len(mentions) == 1, mentions
    assert math.isclose(mentions[0].value, value)


def test_english_names_codes_and_months() -> None:
    mentions = english_numbers(
        "COVID-19 hit G7 nations, iPhone 15 and Boeing 737 makers, and the A380 on March 5."
    )
    assert [(m.text, m.kind) for m in mentions] == [
        ("19", "code"),
        ("7", "code"),
        ("15", "code"),
        ("737", "code"),
        ("380", "code"),
        ("March", "month"),
        ("5", "day"),
    ]


def test_english_determiners_and_idioms() -> None:
    assert english_numbers("It may rain on Tuesday; he works a 9 to 5 job.") == []
    one = english_numbers("one of the best")
    assert _values(one) == [1]
    assert all(m.weak for m in english_numbers("both twice a decade first"))


# --- value comparison --------------------------------------------------------------------------


def test_rounding_runs_one_way_only() -> None:
    assert values_equal(1_234_567, 1_230_000)
    assert values_equal(18, 20, approximate=True)
    assert not values_equal(2032, 2030)  # a changed year, not a rounding
    assert not values_equal(152, 150)  # small whole numbers must agree without "about"
    assert not values_equal(300, 306, approximate=True)  # the Korean cannot be more precise
    assert not values_equal(7.2, 10, approximate=True)  # to one digit 7.2 is 7, not 10


@pytest.mark.parametrize(
    ("text", "value", "kind", "alternatives"),
    [
        ("열 네 번째", 14, "ordinal", ()),
        ("스물한 번째", 21, "ordinal", ()),
        ("삼백오십억 원", 35e9, "cardinal", ()),
        ("4할 6리", 0.406, "cardinal", (40.6,)),
        ("오후 7시 45분", 7.75, "time", (19.75,)),
        ("오후 7:45", 7.75, "time", (19.75,)),
        ("7시 반", 7.5, "time", (19.5,)),
        ("정오", 12, "time", ()),
        ("자정", 24, "time", (0,)),
        ("영하 10도", 10, "cardinal", (-10,)),
    ],
)
def test_korean_notations(text: str, value: float, kind: str, alternatives: tuple[float, ...]) -> None:
    (mention,) = korean_numbers(text)
    assert mention.value == pytest.approx(value)
    assert mention.kind == kind
    assert mention.alternatives == pytest.approx(alternatives)
    assert text.endswith(mention.text)  # 오후, 영하 are read, not quoted


def test_korean_spelled_currencies_and_temperature_scales() -> None:
    assert [m.unit for m in korean_numbers("삼백오십억 달러와 삼백오십억 원")] == ["usd", "krw"]
    assert [m.unit for m in korean_numbers("섭씨 20도, 화씨 68도")] == ["C", "F"]


@pytest.mark.parametrize("text", ["열 기운이 돌았다", "구조대가 왔다", "3할대 타자", "일조량이 늘었다"])
def test_korean_look_alikes_are_not_those_notations(text: str) -> None:
    assert all(m.kind not in {"ordinal", "time"} and m.value < 1e9 for m in korean_numbers(text))


@pytest.mark.parametrize(
    ("text", "value", "alternatives"),
    [
        ("7:45 p.m.", 7.75, (19.75,)),
        ("0715 GMT", 7.25, (19.25,)),
        ("noon", 12, ()),
        ("12 noon", 12, ()),
        ("midnight", 24, (0,)),
    ],
)
def test_english_clock_times(text: str, value: float, alternatives: tuple[float, ...]) -> None:
    (mention,) = english_numbers(text)
    assert (mention.kind, mention.unit) == ("time", "clock")
    assert mention.value == pytest.approx(value)
    assert mention.alternatives == pytest.approx(alternatives)


def test_afternoon_is_no_noon() -> None:
    assert english_numbers("It rained all afternoon.") == []
