"""Transliteration skeletons: silent and sounded gh."""

from __future__ import annotations

import pytest

from tqcheck.text.transliteration import latin_skeletons, mixed_skeletons, sound_distance, vowel_groups


def _alike(english: str, hangul: str) -> bool:
    return sound_distance(latin_skeletons(english), mixed_skeletons(hangul)) is not None


@pytest.mark.parametrize(
    ("english", "hangul"),
    [
        ("Baghdad", "바그다드"),
        ("Pittsburgh", "피츠버그"),
        ("Hugh", "휴"),
        ("Hughes", "휴스"),
        ("Vaughan", "본"),
        ("Meghan", "메건"),
        ("Ghana", "가나"),
    ],
)
def test_gh_is_heard_or_silent(english: str, hangul: str) -> None:
    assert _alike(english, hangul)


@pytest.mark.parametrize(
    ("english", "hangul"), [("Baghdad", "바다"), ("Pittsburgh", "피츠제럴드"), ("Hugh", "후보")]
)
def test_gh_names_do_not_match_other_words(english: str, hangul: str) -> None:
    assert not _alike(english, hangul)


def test_a_silent_gh_between_vowels_adds_no_syllable() -> None:
    assert vowel_groups("Vaughan") == 1
    assert vowel_groups("Hughes") == 1
    assert vowel_groups("Baghdad") == 2


@pytest.mark.parametrize(
    ("english", "hangul"),
    [
        ("Roberts", "로버츠"),
        ("Edwards", "에드워즈"),
        ("Djokovic", "조코비치"),
        ("Hotspur", "핫스퍼"),
        ("Hadzic", "하지치"),
        ("Milosevic", "밀로셰비치"),
        ("Mladic", "믈라디치"),
        ("Atlantic", "애틀랜틱"),
        ("Nvidia", "엔비디아"),
    ],
)
def test_affricates_slavic_endings_and_spelled_first_letters_are_heard_as_korean_writes_them(
    english: str, hangul: str
) -> None:
    assert _alike(english, hangul)


@pytest.mark.parametrize(
    ("english", "hangul"),
    [("Roberts", "로버트"), ("Edwards", "에드워드"), ("Nvidia", "비디오"), ("Smith", "에스미스")],
)
def test_the_new_readings_do_not_match_other_words(english: str, hangul: str) -> None:
    assert not _alike(english, hangul)
