"""Tests for the English and Korean sentence splitters.

They pin the behaviours the splitters were tuned for (see docs/benchmarks.md), so that a change which
quietly re-introduces a known failure, such as splitting after "Mr." or before a quotative particle,
shows up here and not as misaligned segments three stages later.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tqcheck.segment.document import sentence_shares
from tqcheck.segment.english import split_english
from tqcheck.segment.korean import split_korean

Splitter = Callable[[str], list[tuple[int, int]]]


def sentences(split: Splitter, text: str) -> list[str]:
    return [text[start:end] for start, end in split(text)]


def assert_valid_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """The contract every caller relies on, checked literally."""
    last_end = 0
    for start, end in spans:
        assert last_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert text[last_end:start].strip() == ""
        last_end = end
    assert text[last_end:].strip() == ""
    covered = "".join(text[s:e] for s, e in spans)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)


# --- English -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Dr. Jones on Jan. 5. They talked.",
            ["Mr. Smith met Dr. Jones on Jan. 5.", "They talked."],
        ),
        (
            "The U.S. economy grew 12.3 percent. Apple Inc. reported earnings.",
            ["The U.S. economy grew 12.3 percent.", "Apple Inc. reported earnings."],
        ),
        ("He lives in the U.S. The weather is nice.", ["He lives in the U.S.", "The weather is nice."]),
        ("He arrived at 10 a.m. The meeting began.", ["He arrived at 10 a.m.", "The meeting began."]),
        ("He arrived at 10 a.m. Tuesday.", ["He arrived at 10 a.m. Tuesday."]),
        ("It costs $3.50 today. Pay now.", ["It costs $3.50 today.", "Pay now."]),
        ("John F. Kennedy spoke. He was brief.", ["John F. Kennedy spoke.", "He was brief."]),
        ("See e.g. the report. It is long.", ["See e.g. the report.", "It is long."]),
        ("Call No. 5 now. It works.", ["Call No. 5 now.", "It works."]),
    ],
)
def test_english_abbreviations_and_decimals(text: str, expected: list[str]) -> None:
    assert sentences(split_english, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('She said, "I am done." Then she left.', ['She said, "I am done."', "Then she left."]),
        ("It was 'over.' We all knew it.", ["It was 'over.'", "We all knew it."]),
        ("“Curly quotes.” “Next one.”", ["“Curly quotes.”", "“Next one.”"]),
        ('"That is Oxford." explained Mr. Smith.', ['"That is Oxford." explained Mr. Smith.']),
        ('"Who is it?" Tom asked. "Me!" he said.', ['"Who is it?" Tom asked.', '"Me!" he said.']),
        ('"You are lazy!" She answered, "No."', ['"You are lazy!"', 'She answered, "No."']),
        ("Words (in parens.) More words.", ["Words (in parens.)", "More words."]),
    ],
)
def test_english_quotes_after_the_period(text: str, expected: list[str]) -> None:
    assert sentences(split_english, text) == expected


def test_english_question_exclamation_and_ellipsis() -> None:
    text = "Really?! Yes. Wait... what? No! I was thinking... Then it hit me."
    assert sentences(split_english, text) == [
        "Really?!",
        "Yes.",
        "Wait... what?",
        "No!",
        "I was thinking...",
        "Then it hit me.",
    ]


def test_english_lowercase_continuation_and_numbered_item() -> None:
    assert sentences(split_english, "He said stop. and walked away.") == ["He said stop. and walked away."]
    assert sentences(split_english, "3. Arginine is useful.") == ["3. Arginine is useful."]


def test_english_stray_punctuation_stays_with_previous_sentence() -> None:
    assert sentences(split_english, "He left. . The end.") == ["He left. .", "The end."]


def test_english_newlines_are_hard_breaks_and_spaces_are_stripped() -> None:
    text = "  Heading without period\nLine two.   Line three.  \n\n"
    assert split_english(text) == [(2, 24), (25, 34), (37, 48)]
    assert sentences(split_english, text) == ["Heading without period", "Line two.", "Line three."]


# --- Korean --------------------------------------------------------------------------------------------


def test_korean_endings() -> None:
    text = "오늘은 날씨가 좋다. 내일은 비가 온대요. 우산을 챙길까? 그래요! 정말요?! 네."
    assert sentences(split_korean, text) == [
        "오늘은 날씨가 좋다.",
        "내일은 비가 온대요.",
        "우산을 챙길까?",
        "그래요!",
        "정말요?!",
        "네.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Quotative particles continue the sentence, spaced or not.
        (
            '소가 뭐라고 대답했는지 압니까?" 라고 목사가 말했다. 그는 웃었다.',
            ['소가 뭐라고 대답했는지 압니까?" 라고 목사가 말했다.', "그는 웃었다."],
        ),
        ('그는 "왜 그랬어요?"라고 물었다. 나는 몰라요.', ['그는 "왜 그랬어요?"라고 물었다.', "나는 몰라요."]),
        ("“쉽지 않았다.” 고 말했다. 다음이다.", ["“쉽지 않았다.” 고 말했다.", "다음이다."]),
        # ...but "이란" without a quote before it is Iran, not a particle.
        (
            "아직 밝혀지지 않았다. 이란 법원은 성명을 냈다.",
            ["아직 밝혀지지 않았다.", "이란 법원은 성명을 냈다."],
        ),
        # A quote that opens the next sentence must not stop the split (raw kiwi gets this wrong).
        (
            '분명하지 않습니다. "클리퍼 칩"이라는 모델이 있다.',
            ["분명하지 않습니다.", '"클리퍼 칩"이라는 모델이 있다.'],
        ),
    ],
)
def test_korean_quotes(text: str, expected: list[str]) -> None:
    assert sentences(split_korean, text) == expected


def test_korean_comma_garble_before_quote() -> None:
    """MT glues a reported-speech verb and the quote with a comma; the quote's own end still splits."""
    text = '그는 경고했습니다, "우리는 준비가 되어 있지 않습니다." 그러나 아무도 듣지 않았다.'
    assert sentences(split_korean, text) == [
        '그는 경고했습니다, "우리는 준비가 되어 있지 않습니다."',
        "그러나 아무도 듣지 않았다.",
    ]
    garble = '정부는 경고했습니다, "우리는 …" 라고 말했다.'
    assert sentences(split_korean, garble) == [garble]


def test_korean_numbers_dates_and_latin() -> None:
    assert sentences(split_korean, "초당 12.3조 번 계산한다. 대단하다.") == [
        "초당 12.3조 번 계산한다.",
        "대단하다.",
    ]
    assert sentences(split_korean, "2008. 10. 28. 서울에서 열렸다. 끝났다.") == [
        "2008. 10. 28. 서울에서 열렸다.",
        "끝났다.",
    ]
    assert sentences(split_korean, "조지 W. 부시는 U.S. 정부를 대표했다. 그 후 떠났다.") == [
        "조지 W. 부시는 U.S. 정부를 대표했다.",
        "그 후 떠났다.",
    ]
    # After Hangul, a lower-case English word still starts a new segment (glossary lines in MT data).
    assert sentences(split_korean, "계획입니다. bank-holding company 은행지주회사") == [
        "계획입니다.",
        "bank-holding company 은행지주회사",
    ]


def test_korean_unpunctuated_ending_is_split_by_kiwi() -> None:
    text = "페덱스가 어려움을 겪었습니다 그래서 사무실을 열었다."
    assert sentences(split_korean, text) == ["페덱스가 어려움을 겪었습니다", "그래서 사무실을 열었다."]


def test_a_stuttered_tail_is_not_a_sentence_of_its_own() -> None:
    # The MT doubled the sentence's last words: one sentence with a stutter, for the repetition check.
    stutter = "새 공장에는 100억 달러가 들 예정이다 들 예정이다."
    assert sentences(split_korean, stutter) == [stutter]
    # A real sentence after an unpunctuated ending is still split off.
    assert sentences(split_korean, "그는 회의에 참석했다 그리고 돌아왔다.") == [
        "그는 회의에 참석했다",
        "그리고 돌아왔다.",
    ]


def test_korean_unbalanced_quote_does_not_swallow_later_lines() -> None:
    """Raw kiwi tracks quotes across lines: one “ closed by a straight " merged 22 corpus lines into one."""
    text = '그는 “분열돼선 안 된다"고 말했다.\n다음 줄이다. 또 다른 문장이다.\n셋째 줄이다.'
    assert sentences(split_korean, text) == [
        '그는 “분열돼선 안 된다"고 말했다.',
        "다음 줄이다.",
        "또 다른 문장이다.",
        "셋째 줄이다.",
    ]


# --- Both ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("split", [split_english, split_korean])
@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\n  \u3000 "])
def test_empty_or_whitespace_gives_no_spans(split: Splitter, text: str) -> None:
    assert split(text) == []


@pytest.mark.parametrize("split", [split_english, split_korean])
def test_spans_cover_every_non_space_character_on_noisy_text(split: Splitter) -> None:
    rng = random.Random(7)
    pieces = [
        "Mr.", "U.S.", "a.m.", "12.3", "...", "…", "?", "!", '."', ".'", "”", "“", '"', "(", ")", ".", ",",
        "다.", "요.", "까?", "라고", "고", "그는", "말했다", "The", "end", "x", "3.", "2008.",
        "\n", "\t", "😀",
    ]  # fmt: skip
    for _ in range(300):
        text = "".join(
            rng.choice(pieces) + rng.choice(["", " ", "  ", " \n "]) for _ in range(rng.randint(0, 25))
        )
        assert_valid_spans(text, split(text))


@pytest.mark.parametrize("split", [split_english, split_korean])
def test_spans_reproduce_sentences_exactly(split: Splitter) -> None:
    text = ' First one.  "Second?" Third!\n\n넷째 문장이다.  다섯째요. '
    spans = split(text)
    assert_valid_spans(text, spans)
    assert [text[s:e] for s, e in spans] == [
        "First one.",
        '"Second?"',
        "Third!",
        "넷째 문장이다.",
        "다섯째요.",
    ]


@pytest.mark.corpus
def test_corpus_scores_do_not_regress(shared_corpora: Path) -> None:
    """Floors a little under the figures in docs/benchmarks.md: a real regression, not noise, trips them."""
    from benchmarks import split_eval

    floors = {"en": 0.95, "ko": 0.94}
    for lang, split in (("en", split_english), ("ko", split_korean)):
        lines = split_eval.read_lines(shared_corpora / "koen-jhe-dev" / f"dev.{lang}")
        paras = split_eval.paragraphs(lines, seed=20240611, max_group=6)
        score = split_eval.evaluate(split, paras, keep_errors=False)
        assert score.f1 >= floors[lang], (lang, score.f1)
        for para in paras:
            assert_valid_spans(para.text, split(para.text))


@pytest.mark.parametrize(
    ("text", "language", "count"),
    [
        ("구급차가 도착했다. 현장에 있던 기자는 광장 주변을 보도했다.", "ko", 2),
        ("그는 “오늘 떠난다.”라고 말했다.", "ko", 1),  # a quotation's full stop is not a boundary
        ("금리는 3.5% 올랐다", "ko", 1),
        ("이 폭발로 2명이 사망했다 해변에 시신이 있었다", "ko", 1),  # unpunctuated: kiwi is not asked
        ("Mr. Kim arrived at 7 p.m. on Monday.", "en", 1),
        ("He left. She stayed! Why?", "en", 3),
    ],
)
def test_sentence_shares_read_punctuation_only(text: str, language: str, count: int) -> None:
    shares = sentence_shares(text, language)
    assert len(shares) + 1 == count
    assert list(shares) == sorted(shares) and all(0 < share < 1 for share in shares)


def test_sentence_shares_say_where_the_sentences_meet() -> None:
    assert sentence_shares("가나다라마. 바사아.", "ko") == pytest.approx((6.5 / 11,))
