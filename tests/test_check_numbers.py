"""number-mismatch: the parsers, and the check on true positives and (more) true negatives."""

from __future__ import annotations

import math

import pytest

from tqcheck.checks.numbers import (
    NumberMention,
    english_numbers,
    korean_numbers,
    number_mismatch,
    values_equal,
)
from tqcheck.checks.registry import default_thresholds
from tqcheck.model import Flag

from checkutil import codes, make_pair


def _values(mentions: list[NumberMention]) -> list[float]:
    return [mention.value for mention in mentions]


def _flags(english: str | list[str], korean: str | list[str]) -> list[Flag]:
    alignment, context = make_pair(english, korean)
    return number_mismatch(alignment, context)


def _span(english: str, korean: str, flag: Flag) -> str:
    text = korean if flag.side == "target" else english
    assert flag.start is not None and flag.end is not None
    return text[flag.start : flag.end]


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


def test_threshold_is_configured() -> None:
    assert "conversion_tolerance" in default_thresholds()["number-mismatch"]


# --- the check: true positives -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "korean", "span", "english_number"),
    [
        ("The company hired 300 additional drivers.", "회사는 추가 운전사 30명을 고용했다.", "30명", "300"),
        ("The plan costs $450 million.", "이 계획에는 450억 달러가 든다.", "450억 달러", "$450 million"),
        (
            "About 1.2 billion people live there.",
            "그곳에는 약 1억2천만 명이 산다.",
            "1억2천만 명",
            "1.2 billion",
        ),
        ("The law took effect in 2023.", "이 법은 2013년에 시행되었다.", "2013년", "2023"),
        ("Turnout was 38 percent.", "투표율은 83%였다.", "83%", "38 percent"),
        ("Eight people were rescued.", "여섯 명이 구조되었다.", "여섯 명", "Eight"),
        ("About 3.5 million people voted.", "약 350억 명이 투표했다.", "350억 명", "3.5 million"),
        ("Fires broke out in four cities.", "다섯 개 도시에서 불이 났다.", "다섯 개", "four"),
        ("More than 50,000 fishing boats returned.", "어선 50만여척이 돌아왔다.", "50만여척", "50,000"),
        (
            "The village is 110 miles from London.",
            "그 마을은 런던에서 117km 떨어져 있다.",
            "117km",
            "110 miles",
        ),
        ("The meeting is on March 5.", "회의는 3월 6일에 열린다.", "6일", "5"),
        (
            "It came three weeks after an attack that killed three people.",
            "3주 전 공격으로 6명이 숨졌다.",
            "6명",
            "three",
        ),
        ("Each of the 30 Boeing 747s was checked.", "보잉 74730대를 모두 점검했다.", "74730대", "30"),
    ],
)
def test_changed_number_is_flagged_on_the_korean(
    english: str, korean: str, span: str, english_number: str
) -> None:
    flags = _flags(english, korean)
    assert codes(flags) == ["number-mismatch"]
    assert flags[0].side == "target"
    assert _span(english, korean, flags[0]) == span
    assert f'"{span}" — the English has {english_number}' in flags[0].message


@pytest.mark.parametrize(
    ("english", "korean", "span"),
    [
        ("Profit doubled to $3 billion.", "이익은 두 배인 30억 원으로 늘었다.", "30억 원"),
        ("It rose 38 percent.", "38배 늘었다.", "38배"),
    ],
)
def test_same_figure_in_another_unit_is_flagged(english: str, korean: str, span: str) -> None:
    flags = _flags(english, korean)
    assert codes(flags) == ["number-mismatch"]
    assert _span(english, korean, flags[0]) == span
    assert "same figure, different unit or currency" in flags[0].message


@pytest.mark.parametrize(
    ("english", "korean", "span"),
    [
        ("Two-thirds of voters agreed.", "유권자의 3분의 1이 동의했다.", "3분의 1"),
        ("Fujian evacuated almost 300 people.", "푸젠성은 306여명을 대피시켰다.", "306여명"),
        ("It flew at 75 mph.", "시속 130km로 날았다.", "130km"),
        ("Rescuers reached 3,000 boats.", "구조대가 3,070척 이상에 도착했다.", "3,070척"),
    ],
)
def test_near_misses_are_flagged(english: str, korean: str, span: str) -> None:
    flags = _flags(english, korean)
    assert codes(flags) == ["number-mismatch"]
    assert _span(english, korean, flags[0]) == span


def test_message_quotes_the_english_context() -> None:
    flags = _flags("The company hired 300 additional drivers.", "회사는 추가 운전사 30명을 고용했다.")
    assert flags[0].message == '"30명" — the English has 300 ("300 additional drivers")'


def test_dropped_number_is_flagged_on_the_english() -> None:
    english, korean = "The storm killed 12 people and injured 40.", "폭풍으로 사람들이 숨졌고 40명이 다쳤다."
    flags = _flags(english, korean)
    assert codes(flags) == ["number-mismatch"]
    assert flags[0].side == "source"
    assert _span(english, korean, flags[0]) == "12"
    assert "12" in flags[0].message and "Korean" in flags[0].message


def test_invented_number_in_a_numeric_sentence_is_flagged() -> None:
    english, korean = (
        "Sales rose 5 percent last quarter.",
        "지난 분기 매출은 5% 늘었고 직원 300명이 새로 채용됐다.",
    )
    flags = _flags(english, korean)
    assert codes(flags) == ["number-mismatch"]
    assert _span(english, korean, flags[0]) == "300명"


def test_offsets_are_into_the_joined_alignment_text() -> None:
    english = ["Prices rose.", "They hired 300 drivers."]
    korean = ["물가가 올랐다.", "운전사 30명을 고용했다."]
    alignment, context = make_pair(english, korean)
    flags = number_mismatch(alignment, context)
    assert codes(flags) == ["number-mismatch"]
    assert alignment.target_text[flags[0].start : flags[0].end] == "30명"  # type: ignore[misc]


# --- the check: true negatives -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("The deal is worth $1.2 billion.", "이 거래는 12억 달러 규모다."),
        ("About 1.5 million people attended.", "약 150만 명이 참석했다."),
        ("The budget is 450 million won.", "예산은 4억5,000만 원이다."),
        ("It performs 12.3 trillion calculations a second.", "초당 12조3천억 번의 계산을 한다."),
        ("The fund holds 4.5bn dollars.", "이 펀드는 45억 달러를 보유하고 있다."),
        ("A third of voters agreed.", "유권자의 3분의 1이 동의했다."),
        ("A third of voters agreed.", "유권자의 33%가 동의했다."),
        ("Two-thirds of the members left.", "회원의 3분의 2가 떠났다."),
        ("Support fell 38 percent.", "지지율이 38퍼센트 떨어졌다."),
        ("Rates rose 0.5 percentage points.", "금리가 0.5%p 올랐다."),
        ("It was popular in the 1990s.", "그것은 1990년대에 인기를 끌었다."),
        ("Doctors work 80-hour weeks.", "의사들은 주 80시간을 일한다."),
        ("Eight people and twenty-five dogs survived.", "여덟 명과 개 스물다섯 마리가 살아남았다."),
        ("Prices doubled.", "가격이 두 배로 올랐다."),
        ("COVID-19 cases rose again.", "코로나 확진자가 다시 늘었다."),
        ("The G7 leaders met.", "주요 7개국 정상들이 만났다."),
        ("The iPhone 15 sold well.", "아이폰은 잘 팔렸다."),
        ("A Boeing 737 landed safely.", "보잉 여객기가 무사히 착륙했다."),
        (
            "Officials said on Tuesday that talks failed.",
            "관계자들은 29일(현지시간) 협상이 결렬됐다고 밝혔다.",
        ),
        ("The meeting is on March 5.", "회의는 3월 5일에 열린다."),
        ("He is one of the best players.", "그는 최고의 선수 중 한 명이다."),
        ("She was the first to arrive.", "그녀가 처음으로 도착했다."),
        ("The two sides agreed.", "양측은 합의했다."),
        ("Three hotels were evacuated.", "호텔들이 대피했다."),
        ("Up to 36 inches (900 mm) of rain fell.", "최대 900mm의 비가 내렸다."),
        (
            "The town is about 150 miles north of the capital.",
            "그 마을은 수도에서 북쪽으로 약 240km 떨어져 있다.",
        ),
        ("Louis XIV was short.", "루이 14세는 키가 작았다."),
        ("He talked for half an hour.", "그는 30분 동안 이야기했다."),
        ("The lamps were installed in October 2007.", "가로등은 지난해 10월 설치됐다."),
        ("It happened 24 hours before the deadline.", "마감 하루 전에 일어났다."),
        ("The 34-year-old star keeps quiet.", "스타인 베일(34)은 말을 아낀다."),
        ("The storm injured a man.", "폭풍으로 남자 1명이 다쳤다."),
        ("The call came at 8:40 p.m.", "전화는 오후 8시 40분에 걸려왔다."),
        ("More than 50,000 boats returned.", "어선 5만여척이 돌아왔다."),
        ("The census counted 1,234,567 residents.", "인구 조사에서 약 123만 명이 집계됐다."),
        ("He was a former 9 to 5 travel agent.", "그는 전직 여행사 정규직 사원이었다."),
        ("Those simulations matter because tests stopped in 1992.", "미국은 1992년에 핵실험을 중지했다."),
        (
            "Obama leads by 9 points, while 6 percent are undecided.",
            "오바마가 9%포인트 앞섰고 6%는 결정하지 못했다.",
        ),
        ("Prices rose 200 percent.", "가격이 2배로 올랐다."),
        ("The project will take 18 months.", "이 사업은 1년 6개월이 걸린다."),
        ("He has 3 children.", "그는 자녀가 셋이다."),
        ("He is 6 feet tall.", "그의 키는 183cm다."),
        ("About 180 miles southeast of the city", "도시에서 남동쪽으로 289km 떨어진 곳"),
        ("Half of the 1/2 share", "2분의 1 지분의 절반"),
        ("The 9/11 attacks", "9·11 테러"),
        ("Then, at age 18, a third set of molars comes in.", "18세에 세 번째 어금니가 나온다."),
        ("The G20 summit will be held in 2025.", "주요 20개국 정상회의가 2025년에 열린다."),
        ("A dozen people were hurt.", "12명이 다쳤다."),
        ("Japan's ruling party wants to revise Article 9.", "일본 여당은 헌법 9조를 개정하려 한다."),
        ("The plane climbed to 10,000 meters (32,800 feet).", "비행기는 1만m 상공으로 올라갔다."),
    ],
)
def test_faithful_numbers_are_not_flagged(english: str, korean: str) -> None:
    assert _flags(english, korean) == []


def test_weekday_dates_added_by_korean_news_are_not_flagged() -> None:
    # Korean news adds the day of the month where English says "Monday", and ages in brackets
    assert _flags("Bale was arrested Monday.", "베일(34)이 28일 체포됐다.") == []


def test_no_flags_for_omission_or_addition_alignments() -> None:
    alignment, context = make_pair("They hired 300 drivers.", [])
    assert number_mismatch(alignment, context) == []
    alignment, context = make_pair([], "운전사 30명을 고용했다.")
    assert number_mismatch(alignment, context) == []
