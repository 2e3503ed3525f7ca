"""fused-token: a noun glued onto a word it never compounds with, and names left alone.

Sentences the rules of :func:`tqcheck.checks.fusion.fused_split` catch that the margin for nouns
alone would not (a predicate or a two-syllable determiner after the noun, a noun kiwi reads only
before the topic particle, a common noun glued onto a name kiwi knows), and fine Korean of the same
shapes that must stay unflagged, among them compounds whose first half is a name. Our own sentences.
"""

from __future__ import annotations

import pytest

from tqcheck.checks.garble import fused_token

from checkutil import make_pair

GLUED = [
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
]


@pytest.mark.parametrize(("english", "korean", "token", "halves"), GLUED)
def test_fused_token_flags_a_noun_glued_onto_a_word_it_does_not_compound_with(
    english: str, korean: str, token: str, halves: tuple[str, str]
) -> None:
    alignment, context = make_pair(english, korean)
    (flag,) = fused_token(alignment, context)
    assert alignment.target_text[flag.start : flag.end] == token
    assert flag.suggestion == f"{halves[0]} {halves[1]}"


FINE = [
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


@pytest.mark.parametrize("korean", FINE)
def test_fused_token_leaves_compounds_names_and_solid_predicates_alone(korean: str) -> None:
    alignment, context = make_pair("A sentence.", korean)
    assert fused_token(alignment, context) == []
