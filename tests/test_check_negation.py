"""negation-lost: the English negates, the Korean negates nothing."""

from __future__ import annotations

import pytest

from tqcheck.checks.negation import negation_lost
from tqcheck.text.negation import english_negation_cues, korean_negates

from checkutil import make_pair


def flagged(english: str, korean: str) -> list[str]:
    """The English words the check points at."""
    alignment, context = make_pair(english, korean)
    return [alignment.source_text[flag.start : flag.end] for flag in negation_lost(alignment, context)]


@pytest.mark.parametrize(
    ("english", "korean", "word"),
    [
        ("The device will not support the pen at launch.", "이 기기는 출시 때 펜을 지원한다.", "not"),
        ("The board didn't approve the merger.", "이사회는 합병을 승인했다.", "didn't"),
        ("Tickets are non-refundable.", "티켓은 환불이 가능합니다.", "non-refundable"),
        ("The offer expires unless you reply by Friday.", "금요일까지 답장하면 제안이 만료됩니다.", "unless"),
        ("She has never visited Busan.", "그녀는 부산을 방문한 적이 있다.", "never"),
        ("We cannot confirm the report.", "우리는 그 보도를 확인할 수 있다.", "cannot"),
        # a negated comparative is a superlative only without "than"
        ("Sales were not higher than expected.", "매출은 예상보다 높았다.", "not"),
        ("They did not deliver the parcel.", "그들은 소포를 배달했다.", "not"),
        ("The firm settled without admitting fault.", "회사는 잘못을 인정하고 합의했다.", "without"),
        # "not at all" is a formula only as the whole reply
        ("I was not at all surprised.", "나는 매우 놀랐다.", "not"),
    ],
)
def test_flags_a_negation_the_korean_lost(english: str, korean: str, word: str) -> None:
    assert flagged(english, korean) == [word]


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("The device will not support the pen at launch.", "이 기기는 출시 때 펜을 지원하지 않는다."),
        ("The board didn't approve the merger.", "이사회는 합병을 승인하지 못했다."),
        ("Tickets are non-refundable.", "티켓은 환불이 불가능합니다."),
        ("There is no parking near the station.", "역 근처에는 주차장이 없다."),
        ("He did not know about the plan.", "그는 그 계획을 몰랐다."),
        ("Nobody was hurt.", "아무도 다치지 않았다."),
        ("They left without a word.", "그들은 말 한마디 없이 떠났다."),
        ("Smoking is not allowed inside.", "실내 흡연은 금지되어 있다."),
        ("The official asked not to be named.", "익명을 요구한 관계자가 말했다."),
        ("Police said the fire was not linked to the protest.", "경찰은 화재가 시위와 무관하다고 밝혔다."),
    ],
)
def test_accepts_a_korean_negation_in_any_form(english: str, korean: str) -> None:
    assert flagged(english, korean) == []


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("Check whether or not the file was saved.", "파일이 저장되었는지 확인하세요."),
        ("Sales rose not only in Asia but in Europe.", "판매는 아시아와 유럽에서 모두 늘었다."),
        ("Apply no later than June 5.", "늦어도 6월 5일까지 신청하세요."),
        ("The No. 3 line was delayed.", "3호선이 지연됐다."),
        ("Why don't you take a break?", "좀 쉬는 게 어때?"),
        ("It's cold today, isn't it?", "오늘 춥다, 그렇지?"),
        ("Finding a seat was not easy.", "자리를 찾기가 어려웠다."),
        ("The airline imposed a no-fly list.", "항공사는 탑승 금지 명단을 도입했다."),
        ("It was not until 2010 that the law changed.", "2010년이 되어서야 법이 바뀌었다."),
        ("Prices have never been higher.", "가격은 사상 최고치다."),
        ("He couldn't have been happier.", "그는 더없이 행복했다."),
        ("The plan is not without risks.", "이 계획에는 위험도 따른다."),
        ("Don't forget to bring your ID.", "신분증을 꼭 챙기세요."),
        ("It is not clear whether he will run.", "그가 출마할지는 불분명하다."),
        # "without" before a noun: Korean often has one word for the phrase
        ("The storm left 200,000 homes without power.", "폭풍으로 20만 가구가 정전됐다."),
        ("The talks did not produce a deal.", "협상이 결렬됐다."),
        ("The bill did not pass.", "법안이 부결됐다."),
        ("The Foxes had not lost at home since Jan. 9.", "폭스는 1월 9일 이후 홈에서 연승을 달렸다."),
        ("The shop doesn't open until 10.", "가게는 10시에야 문을 연다."),
        ("No sooner had he arrived than it began to rain.", "그가 도착하자마자 비가 내리기 시작했다."),
        ("She never fails to call on Sundays.", "그녀는 일요일마다 빠짐없이 전화한다."),
        # courtesy formulas
        ("Don't mention it.", "별말씀을요."),
        ("Long time no see!", "오랜만이에요!"),
        ("No worries.", "괜찮아요."),
        ("Not at all.", "천만에요."),
    ],
)
def test_leaves_fixed_expressions_whose_korean_has_no_negation(english: str, korean: str) -> None:
    assert flagged(english, korean) == []


def test_needs_korean_text_and_both_sides() -> None:
    assert flagged("The plan was not approved.", "The plan was not approved.") == []
    assert flagged("The plan was approved.", "계획은 승인되었다.") == []


def test_the_readings_behind_it() -> None:
    cues = english_negation_cues("It isn't over, whether or not you like it.")
    assert [cue.word for cue in cues] == ["isn't"]
    assert korean_negates("전혀 모른다") and korean_negates("결코 포기하지 마")
    assert not korean_negates("계획은 승인됐다")


def test_is_secondary_to_the_flags_that_explain_a_missing_sentence() -> None:
    from tqcheck.checks.registry import check_specs

    spec = next(spec for spec in check_specs() if spec.code == "negation-lost")
    assert {"untranslated", "length-ratio"} <= set(spec.secondary_to)
    assert spec.severity.value == "warning"
