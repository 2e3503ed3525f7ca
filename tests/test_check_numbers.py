"""number-mismatch: the check on true positives and (more) true negatives (the parsers and the
comparison it uses are tested in test_text_numbers.py)."""

from __future__ import annotations

import pytest

from tqcheck.checks.numbers import number_mismatch
from tqcheck.checks.registry import default_thresholds
from tqcheck.config import Config
from tqcheck.model import Flag, Severity

from checkutil import codes, make_pair


def _flags(english: str | list[str], korean: str | list[str]) -> list[Flag]:
    alignment, context = make_pair(english, korean)
    return number_mismatch(alignment, context)


def _span(english: str, korean: str, flag: Flag) -> str:
    text = korean if flag.side == "target" else english
    assert flag.start is not None and flag.end is not None
    return text[flag.start : flag.end]


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


# --- notations nobody tuned the check to: native ordinals, spelled large numbers, temperatures,
# currency conversions, batting averages, clock times, dates in the other order ----------------


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        # native and spelled ordinals, spaced as MT and people often space them
        ("He finished in 14th place.", "그는 열네 번째로 들어왔다."),
        ("He finished in 14th place.", "그는 열 네 번째로 들어왔다."),
        ("It was the fourteenth attempt.", "열네 번째 시도였다."),
        ("It is the 21st edition.", "스물한 번째 대회다."),
        ("It is the twenty-first edition.", "스물 한 번째 대회다."),
        ("Twelve people were hurt.", "열 두 명이 다쳤다."),
        # spelled large numbers
        ("The city has 17 million residents.", "이 도시의 인구는 천칠백만 명이다."),
        ("The project cost 35 billion won.", "이 사업에는 삼백오십억 원이 들었다."),
        ("The fund raised 35 billion dollars.", "기금은 삼백오십억 달러를 모았다."),
        # Fahrenheit in English, Celsius in Korean, to about a degree
        ("The temperature reached 68°F on Monday.", "월요일 기온은 섭씨 20도에 이르렀다."),
        ("The temperature reached 68°F on Monday.", "월요일 기온은 20℃에 이르렀다."),
        ("Highs of 100 degrees Fahrenheit are expected.", "최고 기온은 섭씨 37도로 예상된다."),
        ("It fell to 14°F overnight.", "밤사이 기온이 영하 10도로 떨어졌다."),
        # the Korean substitutes its own conversion for the English one
        ("He was fined 20,000 yuan (about US$2,920).", "그는 2만위안(약 300만원)의 벌금을 물었다."),
        ("He was fined 20,000 yuan (about US$2,920).", "그는 2만위안(약 2,920달러)의 벌금을 물었다."),
        ("The plant cost $1.5 billion.", "공장에는 15억 달러(약 2조원)가 들었다."),
        # batting averages
        ("He batted .406 that season.", "그는 그 시즌 타율 4할 6리를 기록했다."),
        ("He batted .406 that season.", "그는 그 시즌 4할6리를 쳤다."),
        ("He hit .268 last year.", "그는 작년 타율 2할6푼8리를 기록했다."),
        ("He batted .406 that season.", "그는 그 시즌 타율 0.406을 기록했다."),
        # clock times
        ("The meeting starts at 7:45 p.m.", "회의는 오후 7시 45분에 시작된다."),
        ("The meeting starts at 7:45 p.m.", "회의는 19시 45분에 시작된다."),
        ("The meeting starts at 7:45 p.m.", "회의는 오후 7:45에 시작된다."),
        ("The meeting starts at 7 p.m.", "회의는 오후 7시에 시작된다."),
        ("The meeting starts at 7:30 p.m.", "회의는 오후 7시 반에 시작된다."),
        ("The meeting starts at noon.", "회의는 정오에 시작된다."),
        ("The meeting starts at noon.", "회의는 낮 12시에 시작된다."),
        ("The vote closes at midnight.", "투표는 자정에 마감된다."),
        ("Talks began at 0715 GMT.", "협상은 그리니치 표준시 7시 15분에 시작됐다."),
        # dates in the other calendar order
        ("The vote is on March 5, 2024.", "투표는 2024년 3월 5일에 실시된다."),
        ("The vote is on 5 March.", "투표는 3월 5일에 실시된다."),
        ("The vote is on 5 March 2024.", "투표는 2024년 3월 5일에 실시된다."),
        # a year range whose second year keeps two digits
        ("The 2024-25 season starts in August.", "2024~2025 시즌은 8월에 시작한다."),
        ("Sales fell in 1998–99.", "1998~1999년 매출이 감소했다."),
        # tournament rounds, named in Korean by the teams left
        (
            "They meet in the League Cup quarter-finals on Dec. 18.",
            "두 팀은 12월 18일 리그컵 8강전에서 만난다.",
        ),
        ("She reached the quarterfinals.", "그녀는 8강에 올랐다."),
        ("He lost in the semi-final.", "그는 4강에서 졌다."),
        ("He lost in the semifinals.", "그는 준결승에서 졌다."),
        # a match minute counted from the start of its half, as Korean football reports do
        ("He scored in the 89th minute.", "그는 후반 44분에 골을 넣었다."),
        ("The winner came in the 108th minute.", "결승골은 연장 후반 3분에 나왔다."),
        # an oven or forecast temperature rounded to 5 or 10 degrees Celsius
        ("Preheat the oven to 350°F.", "오븐을 180°C로 예열하세요."),
        ("Bake at 400°F for 20 minutes.", "200도에서 20분간 구우세요."),
        # a ratio in words, as Korean writes a fraction, a percentage or a count
        ("About one in five nurses slept less.", "간호사의 약 5분의 1은 잠을 덜 잤다."),
        ("Three out of 10 voters agreed.", "유권자 10명 중 3명이 동의했다."),
        ("Three out of 10 voters agreed.", "유권자의 30%가 동의했다."),
    ],
)
def test_other_notations_of_the_same_number_are_not_flagged(english: str, korean: str) -> None:
    assert _flags(english, korean) == []


@pytest.mark.parametrize(
    ("english", "korean", "span"),
    [
        ("He finished in 14th place.", "그는 열 다섯 번째로 들어왔다.", "열 다섯 번째"),
        ("It is the 21st edition.", "스물두 번째 대회다.", "스물두 번째"),
        ("The city has 17 million residents.", "이 도시의 인구는 천칠십만 명이다.", "천칠십만 명"),
        ("The project cost 35 billion won.", "이 사업에는 삼십오억 원이 들었다.", "삼십오억 원"),
        ("The project cost 35 billion won.", "이 사업에는 삼백오십억 달러가 들었다.", "삼백오십억 달러"),
        ("Highs of 95°F are expected.", "최고 기온 섭씨 30도가 예상된다.", "30도"),
        ("The temperature reached 68°F on Monday.", "월요일 기온은 섭씨 68도에 이르렀다.", "68도"),
        (
            "He was fined 20,000 yuan (about US$2,920).",
            "그는 3만위안(약 300만원)의 벌금을 물었다.",
            "3만위안",
        ),
        ("He batted .406 that season.", "그는 그 시즌 타율 4할 7리를 기록했다.", "4할 7리"),
        ("The meeting starts at 7:45 p.m.", "회의는 오후 7시 15분에 시작된다.", "7시 15분"),
        ("The meeting starts at 7:45 p.m.", "회의는 오후 8시 45분에 시작된다.", "8시 45분"),
        ("The meeting starts at noon.", "회의는 오후 2시에 시작된다.", "2시"),
        ("The vote is on 5 March.", "투표는 5월 3일에 실시된다.", "5월"),
        ("The vote is on March 5, 2024.", "투표는 2024년 5월 3일에 실시된다.", "5월"),
        ("She reached the quarter-finals on Dec. 18.", "그녀는 12월 18일 16강에 올랐다.", "16"),
        ("The 2024-25 season starts in August.", "2024~2026 시즌은 8월에 시작한다.", "2026"),
        ("About one in five nurses slept less.", "간호사의 약 4분의 1은 잠을 덜 잤다.", "4분의 1"),
        ("Preheat the oven to 350°F.", "오븐을 170°C로 예열하세요.", "170°C"),
        ("He scored in the 89th minute.", "그는 후반 34분에 골을 넣었다.", "34분"),
        # a won figure no exchange rate gives: a garbled amount, not a conversion
        ("The company paid $3 million in fines.", "회사는 벌금으로 400억 원을 냈다.", "400억 원"),
        ("Tickets cost 2,000 yen.", "표 값은 20만원이다.", "20만원"),
    ],
)
def test_a_changed_number_in_another_notation_is_still_flagged(english: str, korean: str, span: str) -> None:
    flags = _flags(english, korean)
    assert "number-mismatch" in codes(flags)
    assert _span(english, korean, flags[0]) == span
    assert all(flag.severity is Severity.ERROR for flag in flags)


def test_a_dropped_currency_conversion_is_only_a_warning() -> None:
    english = "He was fined 20,000 yuan (about US$2,920)."
    flags = _flags(english, "그는 2만위안의 벌금을 물었다.")
    assert codes(flags) == ["number-mismatch"]
    assert flags[0].severity is Severity.WARNING
    assert flags[0].side == "source"
    assert _span(english, "", flags[0]) == "US$2,920"
    assert "conversion" in flags[0].message


@pytest.mark.parametrize(
    ("english", "korean", "span"),
    [
        ("The company paid $3 million in fines.", "회사는 벌금으로 약 40억 원을 냈다.", "40억 원"),
        ("It cost 500 euros.", "그것은 약 70만원이 들었다.", "70만원"),
        ("Tickets cost 2,000 yen.", "표 값은 약 1만8천원이다.", "1만8천원"),
    ],
)
def test_an_amount_given_in_won_instead_is_only_a_warning(english: str, korean: str, span: str) -> None:
    flags = _flags(english, korean)
    assert codes(flags) == ["number-mismatch"]
    assert flags[0].severity is Severity.WARNING
    assert _span(english, korean, flags[0]) == span
    assert "converted to won" in flags[0].message


def test_the_conversion_warning_never_raises_a_configured_severity() -> None:
    config = Config(severities={**Config().severities, "number-mismatch": Severity.INFO})
    alignment, context = make_pair(
        "He was fined 20,000 yuan (about US$2,920).", "그는 2만위안의 벌금을 물었다.", config=config
    )
    flags = number_mismatch(alignment, context)
    assert [flag.severity for flag in flags] == [Severity.INFO]


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("She works in the office until 5:00 p.m.", "그녀는 오후 50시까지 사무실에서 근무한다."),
        ("One arrived shortly before 7 a.m.", "70시 직전에 배관공 한명이 도착했다."),
    ],
)
def test_an_impossible_hour_is_a_wrong_clock_time(english: str, korean: str) -> None:
    alignment, context = make_pair(english, korean)
    assert codes(number_mismatch(alignment, context)) == ["number-mismatch"]


def test_a_word_that_starts_with_si_after_a_number_is_no_clock() -> None:
    alignment, context = make_pair("He played 30 seasons.", "그는 30시즌을 뛰었다.")
    assert number_mismatch(alignment, context) == []


def test_a_year_after_an_era_marker_and_a_count_after_an_opening_verb_are_numbers() -> None:
    from tqcheck.text.numbers import compare_numbers, english_numbers, korean_numbers

    for english, korean in [
        ("The empire in AD 117 was unstable.", "AD 127년의 제국은 불안했다."),
        ("He came to power in 117AD.", "그는 AD 127년에 집권했다."),
        ("Delete 300 files?", "파일 30개를 삭제할까요?"),
    ]:
        assert compare_numbers(english_numbers(english), korean_numbers(korean), english, korean)
    english, korean = "Boeing 747 jets are old.", "보잉 747 여객기는 낡았다."
    assert not compare_numbers(english_numbers(english), korean_numbers(korean), english, korean)


def test_a_changed_day_of_the_month_is_one_problem_against_the_english_day() -> None:
    from tqcheck.text.numbers import compare_numbers, describe, english_numbers, korean_numbers

    english = "The survey was conducted from March 3 to March 14."
    korean = "이번 조사는 3월 3일부터 24일까지 실시됐다."  # the Korean names the month once, as it should
    problems = compare_numbers(english_numbers(english), korean_numbers(korean), english, korean)
    assert [describe(problem, english) for problem in problems] == ['"24일" — the English has 14 ("14")']
