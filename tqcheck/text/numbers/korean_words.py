"""Hangul numerals, Sino-Korean (삼십, 이백만) and native (열두, 스무, 두세): their values and the
patterns that find them; :mod:`tqcheck.text.numbers.korean` decides when one is a number."""

from __future__ import annotations

import re

KO_BIG = {"만": 1e4, "억": 1e8, "조": 1e12}
KO_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "륙": 6, "칠": 7, "팔": 8, "구": 9}
KO_SINO_PLACES = {"십": 10, "백": 100, "천": 1000}
KO_NATIVE_TENS = {
    word: 10 * value for value, word in enumerate("열 스물 서른 마흔 쉰 예순 일흔 여든 아흔".split(), start=1)
} | {"스무": 20}
KO_NATIVE_UNITS = {
    word: value for value, word in enumerate("한 두 세 네 다섯 여섯 일곱 여덟 아홉".split(), start=1)
} | {"하나": 1, "둘": 2, "셋": 3, "넷": 4}
# Native-numeral ranges: they confirm either value and never flag.
KO_NATIVE_RANGES = {
    "한두": (1, 2),
    "두세": (2, 3),
    "두어": (2, 3),
    "서너": (3, 4),
    "너덧": (4, 5),
    "네댓": (4, 5),
    "네다섯": (4, 5),
    "대여섯": (5, 6),
    "예닐곱": (6, 7),
    "일고여덟": (7, 8),
}

KO_SINO_WORD = re.compile(r"(?<![가-힣])([일이삼사오육륙칠팔구십백천만억조]+)(여)?(?=\s?[가-힣])")
KO_NATIVE_WORD = re.compile(
    r"(?<![가-힣])("
    + "|".join(sorted(KO_NATIVE_RANGES, key=len, reverse=True))
    + r"|(?:"
    + "|".join(sorted(KO_NATIVE_TENS, key=len, reverse=True))
    + r")(?: ?(?:"
    + "|".join(sorted(KO_NATIVE_UNITS, key=len, reverse=True))
    + r"))?|"
    + "|".join(sorted(KO_NATIVE_UNITS, key=len, reverse=True))
    + r")(?=\s?[가-힣])"
)


def sino_value(word: str) -> float | None:
    """삼십 → 30, 오천 → 5000, 이백만 → 2,000,000; None if not a well-formed numeral."""
    total = 0.0
    section = 0.0
    digit: float | None = None
    previous_digit = False
    for char in word:
        if char in KO_SINO_DIGITS:
            if previous_digit:
                return None
            digit = KO_SINO_DIGITS[char]
            previous_digit = True
        elif char in KO_SINO_PLACES:
            section += (digit if digit is not None else 1) * KO_SINO_PLACES[char]
            digit = None
            previous_digit = False
        elif char in KO_BIG:
            amount = section + (digit or 0)
            total += (amount or 1) * KO_BIG[char]
            section = 0
            digit = None
            previous_digit = False
        else:
            return None
    return total + section + (digit or 0)


def native_value(word: str) -> float | None:
    word = word.replace(" ", "")  # 열 네 번째: the tens and units spaced
    for tens, tens_value in sorted(KO_NATIVE_TENS.items(), key=lambda item: -len(item[0])):
        if word.startswith(tens):
            rest = word[len(tens) :]
            if not rest:
                return float(tens_value)
            if rest in KO_NATIVE_UNITS and tens != "스무":
                return float(tens_value + KO_NATIVE_UNITS[rest])
            return None
    if word in KO_NATIVE_UNITS:
        return float(KO_NATIVE_UNITS[word])
    return None
