"""fused-token: a dangling word glued to the next one (``직면메타의``), the spaced form it suggests,
and fine Korean of the same shapes (compounds, names, nouns with their usual predicate written solid)
that must stay unflagged. Our own sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from tqcheck.checks.garble import fused_token
from tqcheck.checks.registry import CheckContext
from tqcheck.config import Config
from tqcheck.model import Alignment, Flag, Severity

from checkutil import codes, make_document_pair, make_pair


def spans(alignment: Alignment, flags: list[Flag]) -> list[str]:
    return [alignment.target_text[flag.start : flag.end] for flag in flags if flag.start is not None]


# ---------------------------------------------------------------------------------------------
# fused-token
# ---------------------------------------------------------------------------------------------

FUSED = [
    (
        "Facing Meta's newly formed same-day shopping service, the company has been racing to cut costs.",
        "직면메타의 새로 구성된 당일 쇼핑 서비스에 회사는 비용 절감을 서둘러 왔다.",
        "직면메타의",
        ("직면", "메타의"),
    ),
    (
        "BREAKING: The government announced new rules today.",
        "속보정부는 오늘 새 규제안을 발표했다.",
        "속보정부는",
        ("속보", "정부는"),
    ),
    (
        "In a statement, the Colorado labor department said it had opened an inquiry.",
        "성명콜로라도주 노동부는 회사의 임금 관행에 대한 조사에 착수했다고 밝혔다.",
        "성명콜로라도주",
        ("성명", "콜로라도주"),
    ),
    (
        "As a result, the government issued new rules.",
        "이에 따라, 발표정부는 새 규정을 내놓았다.",
        "발표정부는",
        ("발표", "정부는"),
    ),
    (
        "He reported that police had arrested a suspect.",
        '그는 "속보경찰이 용의자를 체포했다"고 전했다.',
        "속보경찰이",
        ("속보", "경찰이"),
    ),
    (
        "In response, he criticized the company's decision.",
        "대응그는 회사의 결정을 비판했다.",
        "대응그는",
        ("대응", "그는"),
    ),
    (  # any noun glued onto a pronoun, not only a lead-in word
        "Incident: he said nothing.",
        "사건그는 아무 말도 하지 않았다.",
        "사건그는",
        ("사건", "그는"),
    ),
    (  # a noun glued onto an adverb: no compound is formed that way
        "Status: still at the research stage.",
        "상태아직 까지는 연구단계에 있다.",
        "상태아직",
        ("상태", "아직"),
    ),
    (  # a noun glued onto the pronoun 이들: kiwi reads 이 as a particle, but it is no copula
        "Meeting: they agreed to postpone the vote.",
        "회의이들은 표결을 미루기로 합의했다.",
        "회의이들은",
        ("회의", "이들은"),
    ),
    (  # kiwi guesses the whole as one unknown name; the pronoun after the noun says otherwise
        "Contest: he refused to comment.",
        "대회그는 논평을 거부했다.",
        "대회그는",
        ("대회", "그는"),
    ),
    (  # kiwi guesses one unknown name; the English has the name without the noun
        "Garden: Clyburn said the park would reopen.",
        "정원클라이번은 공원이 다시 문을 열 것이라고 말했다.",
        "정원클라이번은",
        ("정원", "클라이번은"),
    ),
    # Rules of fusion.fused_split beyond the noun margin (our own sentences):
    # The rest opens with a predicate: a noun does not compound with a verb or adjective after it.
    ("Match: it ended quickly.", "경기빠르게 끝났다.", "경기빠르게", ("경기", "빠르게")),
    (
        "Internet: a healthy body needs food.",
        "인터넷튼튼한 몸에는 음식이 필요하다.",
        "인터넷튼튼한",
        ("인터넷", "튼튼한"),
    ),
    # The rest opens with a determiner of two syllables.
    ("Last year: one day he left.", "작년어느 날 그는 떠났다.", "작년어느", ("작년", "어느")),
    # A noun kiwi reads as determiner + noun before the object particle, but as one noun before the topic one.
    ("Same day: he said nothing.", "이날그는 아무 말도 하지 않았다.", "이날그는", ("이날", "그는")),
    # kiwi guesses one unknown word, but it is a common noun glued onto a name kiwi knows; the English
    # does not spell the name, so only the dictionary tells.
    (
        "State: the city announced a new policy.",
        "상태도쿄도는 새 정책을 발표했다.",
        "상태도쿄도는",
        ("상태", "도쿄도는"),
    ),
    # A dangling verbal noun glued onto the list number that opens the line.
    ("Investment 5. Other words in the sentence", "투자5. 문장 속의 다른 단어", "투자5", ("투자", "5")),
    # A conjunction is always spaced, however likely the language model finds the pair.
    (
        "Review: or a different method may be used.",
        "검토또는 다른 방법을 사용할 수 있다.",
        "검토또는",
        ("검토", "또는"),
    ),
]


@pytest.mark.parametrize(("english", "korean", "token", "halves"), FUSED)
def test_fused_token_flags_a_dangling_word_glued_to_the_next(
    english: str, korean: str, token: str, halves: tuple[str, str]
) -> None:
    alignment, context = make_pair(english, korean)
    flags = fused_token(alignment, context)
    assert codes(flags) == ["fused-token"]
    assert spans(alignment, flags) == [token]
    assert flags[0].side == "target"
    assert flags[0].severity is Severity.ERROR
    assert f'"{token}" looks like two words run together ("{halves[0]}" + "{halves[1]}")' in flags[0].message


def test_fused_token_span_points_into_the_joined_target_text() -> None:
    alignment, context = make_pair(
        ["Haulwise disputes the union's figures.", "BREAKING: The government announced new rules."],
        ["하울와이즈는 노조의 수치에 이의를 제기하고 있다.", "속보정부는 오늘 새 규제안을 발표했다."],
    )
    flags = fused_token(alignment, context)
    assert spans(alignment, flags) == ["속보정부는"]
    assert flags[0].start == alignment.target_text.index("속보정부는")


FUSED_CLEAN = [
    "국가안전보장회의는 오늘 성명을 냈다.",
    "노동부는 조사에 착수했다.",
    "정보통신기술은 빠르게 발전했다.",
    "인공지능은 일자리를 바꾼다.",
    "배차시스템은 노조의 반발을 샀다.",
    "콜로라도주 노동부는 회사의 임금 관행을 조사했다.",
    "삼성전자는 12억달러를 투자했다.",
    "초당 12조 번의 계산을 수행할수 있다.",
    "발표자료는 오늘 나왔다.",
    "보도자료에서 회사는 사과했다.",
    "오픈AI는 논평을 거부했다.",
    "조만간 그들의사회는 진보하는 세계를 따라 잡을 것이다.",
    "관련업계는 즉각 반발했다.",
    "경고문은 문 앞에 붙어 있었다.",
    "세계 에서 가장 강력한 수퍼컴퓨터다.",
    "발표했다고 그는 말했다.",
    "창립10주년을 맞았다.",
    "추크슈피체의 높이는 해발 2,962m이다.",
    "여성사형수들은 27일 최종 판결에서 사형집행을 선고 받았다.",  # noun + noun: a compound
    "칸막이한 좌석, 투표용지가 놓였다.",  # 칸막이 + 하 + ㄴ, not the determiner 한
    "코로나19 확진자가 늘었다.",  # a name with its number
    # A noun with the copula or a particle 이 before the next word: not the pronoun 이.
    "학생이었던 그는 매일 도서관에 갔다.",
    "친구이자 동료인 그는 웃었다.",
    "상황이 이러니 어쩔 수 없다.",
    "선생이 다 안다.",
    # Fine Korean of the shapes those rules read:
    # A noun and its usual predicate written solid: the language model knows the pair.
    "기분좋은 하루였다.",
    "자리잡은 가게가 많다.",
    "인상깊은 공연이었다.",
    "영화보고 왔다.",
    "날씨춥고 바람이 분다.",
    # Compounds of two nouns.
    "해양경찰은 실종자를 찾고 있다.",
    "노인일자리는 늘어났다.",
    "현지언론은 이 소식을 보도했다.",
    "국제유가가 또 올랐다.",
    "여성의사들은 이번 조치에 반대했다.",
    # A name compounds with the word after it.
    "레드불레이싱은 우승했다.",
    "삼성바이오로직스는 성장했다.",
    "솔트레이크시티는 유타주에 있다.",
    # A transliterated name that begins like a noun, its remainder no word kiwi knows.
    "그린레이크에너지가 성장했다.",
    # A determiner of one syllable after a noun may be a verb form.
    "칸막이한 좌석이 있었다.",
    "어느날 그는 떠났다.",
]


@pytest.mark.parametrize("korean", FUSED_CLEAN)
def test_fused_token_leaves_compounds_names_and_human_spacing_alone(korean: str) -> None:
    alignment, context = make_pair("A sentence.", korean)
    assert fused_token(alignment, context) == []


def test_fused_token_splits_a_guessed_name_only_on_the_englishs_evidence() -> None:
    korean = "정원클라이번은 공원이 다시 문을 열 것이라고 말했다."
    alignment, context = make_pair("Garden: the park would reopen, he said.", korean)
    assert fused_token(alignment, context) == []  # no name in the English: one unknown word


def test_fused_token_leaves_a_name_of_the_english_alone_even_when_its_end_is_a_name_too() -> None:
    """The whole token sounding like an English name wins over its rest sounding like one."""
    korean = "정원클라이번은 공원이 다시 문을 열 것이라고 말했다."
    english = "The Jungwonclyburn Trust said the park would reopen, Clyburn added."
    alignment, context = make_pair(english, korean)
    assert fused_token(alignment, context) == []


def test_fused_token_splits_a_noun_off_a_name_the_english_has_exactly() -> None:
    """kiwi's odds say nothing about a name it has never seen; the English's name does."""
    korean = "대사발로치스탄은 천연가스가 풍부한 곳이다."
    alignment, context = make_pair("Balochistan is rich in natural gas.", korean)
    flags = fused_token(alignment, context)
    assert [flag.suggestion for flag in flags] == ["대사 발로치스탄은"]


def test_fused_token_gives_a_short_name_of_the_english_no_such_weight() -> None:
    """Two or three sounds collide by chance (피쉬 ~ Bass): the whole token stays one word."""
    korean = "바스는 “토드피쉬의 새끼는 간단한 방식으로 의사소통을 한다”고 말했다."
    alignment, context = make_pair("Bass said young toadfish communicate in the simplest way.", korean)
    assert fused_token(alignment, context) == []


def test_fused_token_weighs_a_short_name_nearer_than_the_whole_by_kiwis_odds() -> None:
    """매케인 is exactly "McCain" (three sounds), the whole one sound further: kiwi's odds decide."""
    alignment, context = make_pair(
        'McCain said, "Arizona has always been my home."',
        "의미매케인은 “애리조나주는 언제나 나의 고향이었다”고 말했다.",
    )
    assert spans(alignment, fused_token(alignment, context)) == ["의미매케인은"]


def test_fused_token_splits_a_pronoun_off_a_noun_kiwi_reads_another_way() -> None:
    """kiwi reads 정보이들은 as 정 + 보이 + 들: the cut at 정보 | 이들 is not one of its own."""
    alignment, context = make_pair(
        "They said they met about five times a month.", "정보이들은 한 달에 다섯 번 정도 만났다고 답했다."
    )
    assert [flag.suggestion for flag in fused_token(alignment, context)] == ["정보 이들은"]


def test_fused_token_threshold_comes_from_the_config() -> None:
    thresholds = {code: dict(values) for code, values in Config().thresholds.items()}
    thresholds["fused-token"]["min_independence"] = 1000.0
    strict = replace(Config(), thresholds=thresholds)
    alignment, context = make_pair(FUSED[1][0], FUSED[1][1], config=strict)
    assert fused_token(alignment, context) == []


@pytest.mark.parametrize(("english", "korean", "token", "halves"), FUSED)
def test_fused_token_suggests_the_spaced_form(
    english: str, korean: str, token: str, halves: tuple[str, str]
) -> None:
    alignment, context = make_pair(english, korean)
    (flag,) = fused_token(alignment, context)
    assert flag.suggestion == f"{halves[0]} {halves[1]}"
    assert flag.to_dict()["suggestion"] == flag.suggestion


def test_fused_token_suggestion_replaces_the_span_in_the_joined_text() -> None:
    alignment, context = make_pair(
        ["Haulwise disputes the union's figures.", "BREAKING: The government announced new rules."],
        ["하울와이즈는 노조의 수치에 이의를 제기하고 있다.", "속보정부는 오늘 새 규제안을 발표했다."],
    )
    (flag,) = fused_token(alignment, context)
    assert flag.start is not None and flag.end is not None and flag.suggestion is not None
    text = alignment.target_text
    fixed = text[: flag.start] + flag.suggestion + text[flag.end :]
    assert fixed == "하울와이즈는 노조의 수치에 이의를 제기하고 있다. 속보 정부는 오늘 새 규제안을 발표했다."


# ---------------------------------------------------------------------------------------------
# A split kiwi nearly makes, decided by the English (the run's encoder through the context)
# ---------------------------------------------------------------------------------------------

# kiwi finds 고려 + 직업을 independent by about -1.2: short of its margin for a noun that may
# compound (1.5), above near_independence (-2).
NEAR_SPLIT = ("He chose a new job.", "고려직업을 새로 선택했다.")


def _with_cosines(alignment: Alignment, context: CheckContext, gain: float, asked: list[str]) -> CheckContext:
    """A context whose encoder finds the second Korean text ``gain`` closer to the English."""

    def cosines(english: str, koreans: Sequence[str]) -> list[float]:
        assert english == alignment.source_text
        asked.extend(koreans)
        return [0.8, 0.8 + gain]

    return replace(context, cosines=cosines)


def test_fused_token_splits_a_near_split_when_the_english_is_closer_without_the_noun() -> None:
    alignment, context = make_pair(*NEAR_SPLIT)
    asked: list[str] = []
    (flag,) = fused_token(alignment, _with_cosines(alignment, context, 0.02, asked))
    assert asked == ["고려직업을 새로 선택했다.", "직업을 새로 선택했다."]
    assert spans(alignment, [flag]) == ["고려직업을"]
    assert 'closer to the English without "고려"' in flag.message
    assert flag.suggestion == "고려 직업을"


def test_fused_token_keeps_a_near_split_the_english_backs_or_without_an_encoder() -> None:
    alignment, context = make_pair(*NEAR_SPLIT)
    assert fused_token(alignment, _with_cosines(alignment, context, 0.005, [])) == []
    assert fused_token(alignment, context) == []  # no encoder: kiwi alone decides


def test_fused_token_never_asks_the_encoder_about_a_compound_kiwi_is_sure_of() -> None:
    alignment, context = make_pair("AI is changing work.", "인공지능이 일을 바꾸고 있다.")
    asked: list[str] = []
    assert fused_token(alignment, _with_cosines(alignment, context, 1.0, asked)) == []
    assert asked == []


def test_fused_token_near_split_needs_an_english_side() -> None:
    (alignment,), context = make_document_pair([([], [NEAR_SPLIT[1]])])
    asked: list[str] = []
    assert fused_token(alignment, _with_cosines(alignment, context, 1.0, asked)) == []
    assert asked == []


def test_fused_token_near_split_margin_and_gain_come_from_the_config() -> None:
    thresholds = {code: dict(values) for code, values in Config().thresholds.items()}
    thresholds["fused-token"]["unsupported_gain"] = 0.05
    alignment, context = make_pair(*NEAR_SPLIT, config=replace(Config(), thresholds=thresholds))
    assert fused_token(alignment, _with_cosines(alignment, context, 0.02, [])) == []
    thresholds["fused-token"] |= {"unsupported_gain": 0.0075, "near_independence": -1.0}
    alignment, context = make_pair(*NEAR_SPLIT, config=replace(Config(), thresholds=thresholds))
    assert fused_token(alignment, _with_cosines(alignment, context, 0.02, [])) == []


def test_fused_token_near_split_with_the_bundled_encoder() -> None:
    """End to end with e5: a noun the English has no word for is split; one it has is not."""
    from tqcheck.model import SegmentRecord
    from tqcheck.pipeline import check_segments

    records = [
        SegmentRecord(source=NEAR_SPLIT[0], target=NEAR_SPLIT[1]),
        SegmentRecord(
            source="Anyone can read the prayer notes left at the wall.",
            target="기도노트를 벽에 남긴 것은 누구나 읽을 수 있다.",
        ),
    ]
    result = check_segments(records, path="near-split")
    fused = [[flag.suggestion for flag in a.flags if flag.code == "fused-token"] for a in result.alignments]
    assert fused == [["고려 직업을"], []]


def test_fused_token_near_split_leaves_a_one_syllable_rest_to_kiwi() -> None:
    """습격한 is 습격 + 하 + ㄴ; kiwi can read 한 as "one", and the encoder's odds on it are noise."""
    alignment, context = make_pair("The bears that attacked must be culled.", "습격한 곰들은 몰살돼야 한다.")
    asked: list[str] = []
    assert fused_token(alignment, _with_cosines(alignment, context, 1.0, asked)) == []
    assert asked == []
