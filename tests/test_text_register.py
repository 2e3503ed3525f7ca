"""Korean speech levels: the ending of a sentence and the level it marks."""

from __future__ import annotations

import pytest

from tqcheck.text.register import SpeechLevel, sentence_ending, speech_level


@pytest.mark.parametrize(
    ("ending", "level"),
    [
        ("습니다", SpeechLevel.FORMAL),
        ("ᆸ니다", SpeechLevel.FORMAL),
        ("ᆸ니까", SpeechLevel.FORMAL),
        ("랍니다", SpeechLevel.FORMAL),
        ("ᆸ시다", SpeechLevel.FORMAL),
        ("어요", SpeechLevel.POLITE),
        ("죠", SpeechLevel.POLITE),
        ("다", SpeechLevel.PLAIN),
        ("ᆫ다", SpeechLevel.PLAIN),
        ("냐", SpeechLevel.PLAIN),
        ("자", SpeechLevel.PLAIN),
        ("어", SpeechLevel.CASUAL),
        ("야", SpeechLevel.CASUAL),
        ("니까", None),
        ("ᆯ까", None),
    ],
)
def test_speech_level_of_endings(ending: str, level: SpeechLevel | None) -> None:
    assert speech_level(ending) is level


def test_sentence_ending_reads_the_final_predicate_outside_quotes_and_brackets() -> None:
    text = '그는 "좋았어요"라고 말했습니다(사진).'
    quoted = [3 <= i <= 9 for i in range(len(text))]
    ending = sentence_ending(text, quoted)
    assert ending is not None and ending.level is SpeechLevel.FORMAL
    assert text[ending.start : ending.end] == "말했습니다"


def test_sentence_ending_is_none_for_quotes_nouns_and_bare_casual_endings() -> None:
    quoted_end = "“우리는 최선을 다했습니다.”"
    assert sentence_ending(quoted_end, [True] * len(quoted_end)) is None
    for text in ("정부의 새로운 세금 정책 발표", "대학생 25% 이상 성경험 있어"):
        assert sentence_ending(text, [False] * len(text)) is None


def test_the_written_plain_question_is_plain_even_when_kiwi_misreads_it() -> None:
    text = "동화나 신화, 그리고 전설을 위해 남겨진 공간은 없는가?"
    ending = sentence_ending(text, [False] * len(text))
    assert ending is not None and ending.level is SpeechLevel.PLAIN
    polite = "집에 가는가요?"
    ending = sentence_ending(polite, [False] * len(polite))
    assert ending is not None and ending.level is SpeechLevel.POLITE
