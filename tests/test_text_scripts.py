"""Scripts: Hangul, Latin and CJK classes, syllable structure, letter counts and the Hangul share."""

from __future__ import annotations

import unicodedata

import pytest

from tqcheck.text.scripts import (
    EAST_ASIAN_LETTER,
    HANGUL_LATIN_RUN,
    HANGUL_SYLLABLE,
    LATIN_ALNUM,
    LATIN_WORD,
    SCRIPT_RUN,
    hangul_share,
    has_final_consonant,
    has_hangul,
    is_hangul_letter,
    letter_counts,
    syllable_parts,
)


def test_precomposed_syllables_only_versus_any_hangul_letter() -> None:
    decomposed = unicodedata.normalize("NFD", "한")
    for ch in ("가", "힣", "한"):
        assert HANGUL_SYLLABLE.fullmatch(ch) and is_hangul_letter(ch)
    for ch in ("ㅋ", decomposed[0], "\ua960", "\ud7b0"):  # compatibility, conjoining, extended jamo
        assert not HANGUL_SYLLABLE.fullmatch(ch) and is_hangul_letter(ch)
    for ch in ("a", "漢", "カ", "1", " "):
        assert not HANGUL_SYLLABLE.fullmatch(ch) and not is_hangul_letter(ch)
    assert has_hangul("Samsung 갤럭시") and not has_hangul("ㅋㅋㅋ") and not has_hangul("Samsung")


def test_east_asian_letters_are_hangul_kana_and_hanja() -> None:
    for ch in ("한", "ㅋ", "カ", "ひ", "漢"):
        assert EAST_ASIAN_LETTER.fullmatch(ch), ch
    for ch in ("a", "é", "1", "“"):
        assert not EAST_ASIAN_LETTER.fullmatch(ch), ch


def test_syllable_parts_and_final_consonants() -> None:
    assert syllable_parts("가") == (0, 0, 0)
    assert syllable_parts("한") == (18, 0, 4)  # ㅎ, ㅏ, final ㄴ
    assert syllable_parts("ㅋ") is None and syllable_parts("a") is None and syllable_parts("가나") is None
    assert has_final_consonant("각") and has_final_consonant("짝")
    assert not has_final_consonant("가") and not has_final_consonant("제")
    assert not has_final_consonant("a") and not has_final_consonant("ㄱ")


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (LATIN_ALNUM, "McDonald's 3", ["M", "c", "D", "o", "n", "a", "l", "d", "s", "3"]),
        (LATIN_WORD, "don't e-mail 2 Macy’s", ["don't", "e-mail", "Macy’s"]),
        (HANGUL_LATIN_RUN, "오픈AI의 발표13살, 그리고", ["오픈AI의", "발표13살", "그리고"]),
        (SCRIPT_RUN, "오픈AI 메타(Meta)", ["오픈", "AI", "메타", "Meta"]),
    ],
)
def test_latin_and_mixed_runs(pattern: object, text: str, found: list[str]) -> None:
    assert pattern.findall(text) == found  # type: ignore[attr-defined]


def test_letter_counts_and_hangul_share() -> None:
    assert letter_counts("Café 한국 123!") == (6, 2, 4)
    assert hangul_share("한국어 text") == pytest.approx(3 / 7)
    assert hangul_share("123 !?") == 0.0
    assert hangul_share("ㅋㅋㅋ") == 1.0  # jamo are Hangul letters too
