"""English numbers: digits with their scale, unit and suffix, dates, clock times, months.

Names and codes (COVID-19, G7, Boeing 747, A380, Louis XIV) are parsed too, as ``code``
mentions: they confirm a Korean number but never flag.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from tqcheck.text.numbers.mention import (
    Found,
    NumberMention,
    clock_alternatives,
    masked,
    percent_alternatives,
    to_float,
)
from tqcheck.text.numbers.spelled import EN_WORD, english_spelled
from tqcheck.text.numbers.units import EN_UNIT, UNITS_OUTSIDE_SPAN, metric_values, unit_name

_APPROX_EN_BEFORE = re.compile(
    r"(?:\babout|\baround|\bsome|\broughly|\bapproximately|\bnearly|\balmost|\bclose to|"
    r"\bestimated|~)\s*(?:an?\s+)?[$€£¥₩]?\s*$",
    re.IGNORECASE,
)
_EN_LOWER_BOUND = re.compile(
    r"(?:\bover|\bmore than|\bat least|\bupwards of|\babove|\bin excess of)\s*[$€£¥₩]?\s*$", re.I
)
_EN_UPPER_BOUND = re.compile(
    r"(?:\bunder|\bless than|\bfewer than|\bup to|\bat most|\bbelow)\s*[$€£¥₩]?\s*$", re.I
)

# Month names and their abbreviations (March 29, Sept. 2008): a number beside one is a date.
ENGLISH_MONTHS = {
    **{
        word: value
        for value, word in enumerate(
            "january february march april may june july august september october november december".split(),
            start=1,
        )
    },
    **{
        word: value
        for value, word in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)
    },
    "sept": 9,
}
_EN_SKIP = re.compile(
    r"\b(?:9|nine)[- ]to[- ](?:5|five)(?:er)?\b|\b24/7\b|\b(?:50-50|fifty-fifty)\b|"
    r"\bone[- ](?:on|to)[- ]one\b|\bone another\b|\bone by one\b|\bcatch-22\b|\b7-eleven\b",
    re.IGNORECASE,
)
_EN_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?<![\w.,])\.\d+")
_EN_SLASH = re.compile(r"(?<![\w/.,])(\d{1,4})/(\d{1,4})(?![\w/])")
_EN_ROMAN = re.compile(r"\b(?=[MDCLXVI]{2,}\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
_UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75}
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₩]|\b(?:US|A|C|HK|NZ|S)\$|\bUSD|\bEUR|\bKRW|¢æ)\s?$")
_EN_SCALE_AFTER = re.compile(
    r"[ \t]*(?:-[ \t]*)?(hundred|thousand|million|billion|trillion)(?![A-Za-z])", re.I
)
_EN_ABBREV_SCALE = re.compile(r"[ \t]?(bn|bln|mn|mln|tn|trn)(?![A-Za-z])", re.IGNORECASE)
_EN_CURRENCY_SCALE = re.compile(r"[ \t]?([mMbBkK])(?![A-Za-z])")
_EN_PERCENT = re.compile(
    r"[ \t]?(?:%|percent(?:age points?)?|per cent|pct|percentage points?)(?![A-Za-z])", re.I
)
_EN_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])", re.IGNORECASE)
_EN_PLURAL = re.compile(r"['’]?s(?![A-Za-z])")
_EN_TIME = re.compile(r":(\d{2})(?:[ \t]*([ap])\.?m\.?)?", re.IGNORECASE)
_EN_NOON = re.compile(r"\b(?:12[ \t]+)?(noon|midday|midnight)\b", re.IGNORECASE)
_EN_AMPM = re.compile(r"[ \t]*([ap])\.?m\.?(?![A-Za-z])|[ \t]*o['’]clock", re.IGNORECASE)
# Capitalised words a number may follow without being a model number ("Boeing 747").
_EN_CAPITALISED_STOP = set(
    "In On At By For From About Around Over Some Nearly Almost Only Just The A All Top Since Until After "
    "Before Between Of And Or To With Than Up More Less Under Age Aged Ages No Page Step Chapter Part Day "
    "Week Year Grade Level Category Class Phase Stage Round Game Number "
    # era markers before a year (AD 117) are no model name
    "Ad Ce".split()
)


def _roman_value(numeral: str) -> int:
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        if i + 1 < len(numeral) and _ROMAN_VALUES[numeral[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z]+)\.?[ \t]*$", text[max(0, start - 20) : start])
    return match.group(1) if match else ""


def _next_word(text: str, end: int) -> str:
    match = re.match(r"[ \t]*(?:of[ \t]+)?([A-Za-z]+)", text[end : end + 20])
    return match.group(1) if match else ""


def _is_month_word(word: str, text: str, start: int, end: int) -> bool:
    lower = word.lower()
    if lower not in ENGLISH_MONTHS or not word[0].isupper():
        return False
    if lower in {"may", "mar", "jan", "sep", "dec", "nov", "oct", "jun", "jul", "aug", "apr", "feb", "sept"}:
        # "May" is also a modal verb; the abbreviations are also words or names.
        after = text[end : end + 8]
        before = _previous_word(text, start).lower()
        if lower != "may" and not re.match(r"\.?[ \t]*\d", after):
            return False
        if lower == "may" and not (
            re.match(r"[ \t]*\d", after)
            or before
            in {"in", "since", "until", "by", "last", "next", "early", "late", "mid", "of", "from", "this"}
        ):
            return False
    return True


def english_numbers(text: str) -> list[NumberMention]:
    """Every number the English text states, in order of position.

    Cached by text: the number check, the fidelity features and the review evidence all ask about the
    same segments (mentions are frozen; the caller gets its own list)."""
    return list(_english_numbers(text))


@lru_cache(maxsize=8192)
def _english_numbers(text: str) -> tuple[NumberMention, ...]:
    scanned = masked(text, _EN_SKIP)
    found = Found()
    month_spans = _english_months(scanned, found)
    for match in _EN_NOON.finditer(scanned):
        # noon is 12 o'clock (정오, 낮 12시); midnight 0 or 24 (자정, 밤 12시)
        value, alternatives = (24.0, (0.0,)) if match.group(1).lower() == "midnight" else (12.0, ())
        found.add(
            NumberMention(
                value, match.start(), match.end(), match.group(0), "time", "clock", alternatives=alternatives
            )
        )
    for match in _EN_SLASH.finditer(scanned):
        # 1/2, 3/4, 9/11, 3/15: a fraction or a date; either part may be what the Korean writes
        numerator, denominator = float(match.group(1)), float(match.group(2))
        if denominator:
            value = numerator / denominator
            alternatives = (value * 100, numerator, denominator)
            mention = NumberMention(
                value,
                match.start(),
                match.end(),
                match.group(0),
                "fraction",
                weak=True,
                alternatives=alternatives,
            )
            found.add(mention)
    for match in _EN_NUMBER.finditer(scanned):
        mention = _english_numeral(text, scanned, match, month_spans)
        if mention is not None and found.free(mention.start, mention.end):
            found.add(mention)
    for char, value in _UNICODE_FRACTIONS.items():
        for match in re.finditer(re.escape(char), scanned):
            if found.free(match.start(), match.end()):
                found.add(NumberMention(value, match.start(), match.end(), char, "fraction", weak=True))
    english_spelled(text, scanned, found)
    for match in _EN_ROMAN.finditer(scanned):
        # Louis XIV, World War II: never flagged, but they confirm 루이 14세, 2차 세계대전
        before = _previous_word(scanned, match.start())
        if before[:1].isupper() and found.free(match.start(), match.end()):
            value = _roman_value(match.group(0))
            found.add(
                NumberMention(float(value), match.start(), match.end(), match.group(0), "code", weak=True)
            )
    mentions = sorted(found.mentions, key=lambda mention: mention.start)
    mentions = [
        replace(
            m,
            bound=_english_bound(scanned, m),
            approximate=_APPROX_EN_BEFORE.search(scanned[max(0, m.start - 25) : m.start]) is not None,
        )
        for m in mentions
    ]
    return tuple(_elliptical_scales(_abbreviated_year_ranges(scanned, _ratios(text, scanned, mentions))))


_RATIO_JOIN = re.compile(r"[ \t]+(?:in|out[ \t]+of)[ \t]+(?:every[ \t]+)?", re.IGNORECASE)


def _ratios(text: str, scanned: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """A ratio in words ("one in five", "3 out of 10") is one fraction, as 1/5 is: Korean writes 5분의 1,
    20%, or 5명 중 1명."""
    merged: list[NumberMention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == mention.kind == "cardinal"
            and mention.value > previous.value > 0
            and _RATIO_JOIN.fullmatch(scanned[previous.end : mention.start])
        ):
            value = previous.value / mention.value
            merged[-1] = NumberMention(
                value,
                previous.start,
                mention.end,
                text[previous.start : mention.end],
                "fraction",
                weak=True,
                alternatives=(value * 100, previous.value, mention.value),
                approximate=previous.approximate,
            )
            continue
        merged.append(mention)
    return merged


def _abbreviated_year_ranges(scanned: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """A year range whose second year keeps two digits ("the 2024-25 season", "1998–99"): the second
    is a year of the first's century too (2025), as the Korean writes it (2024~2025)."""
    out = list(mentions)
    for i, (first, second) in enumerate(pairwise(mentions)):
        joined = scanned[first.end : second.start] in {"-", "–", "/"}
        if first.kind == "year" and joined and second.kind == "cardinal" and len(second.text) == 2:
            year = int(first.value) // 100 * 100 + second.value
            if year > first.value:
                out[i + 1] = replace(second, kind="year", alternatives=(*second.alternatives, year))
    return out


def _english_bound(scanned: str, mention: NumberMention) -> int:
    before = scanned[max(0, mention.start - 25) : mention.start]
    if _EN_LOWER_BOUND.search(before) or re.match(r"[ \t]*(?:or more|plus)\b", scanned[mention.end :]):
        return 1
    if _EN_UPPER_BOUND.search(before) or re.match(r"[ \t]*or (?:less|fewer)\b", scanned[mention.end :]):
        return -1
    return 0


_SCALE_IN_TEXT = re.compile(r"(million|mn|mln|billion|bn|bln|trillion|tn|trn)\b|\d[mbMB]$", re.IGNORECASE)


def _elliptical_scales(mentions: list[NumberMention]) -> list[NumberMention]:
    """A bare number shares a scale stated nearby: "between 2 and 3 million", "150 million now, 200 later"."""
    scales = set()
    for mention in mentions:
        if _SCALE_IN_TEXT.search(mention.text) and mention.value >= 1e6:
            exponent = math.floor(math.log10(mention.value))
            scales.add(10.0 ** (exponent - exponent % 3))
    if not scales:
        return mentions
    extended = []
    for mention in mentions:
        if mention.kind == "cardinal" and mention.value < 1000 and not _SCALE_IN_TEXT.search(mention.text):
            extra = tuple(mention.value * scale for scale in sorted(scales))
            mention = replace(mention, alternatives=(*mention.alternatives, *extra))
        extended.append(mention)
    return extended


def _english_months(scanned: str, found: Found) -> list[tuple[int, int, int]]:
    months: list[tuple[int, int, int]] = []
    for match in EN_WORD.finditer(scanned):
        word = match.group(0)
        if _is_month_word(word, scanned, match.start(), match.end()):
            month = ENGLISH_MONTHS[word.lower()]
            months.append((match.start(), match.end(), month))
            found.add(NumberMention(float(month), match.start(), match.end(), word, "month"))
    return months


_EN_SCALE_FACTORS = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
# Units a number's span stops before: "300 people" quotes as "300" and reads better so.
_CURRENCY_SIGNS = {"$": "usd", "€": "eur", "£": "gbp", "₩": "krw"}


def _is_code(before: str, after: str) -> bool:
    """COVID-19, G7, B-52, A380 (letters glued on), 3D, 4G (letters after that are no unit)."""
    return bool(
        re.search(r"[A-Za-z]$", before)
        or re.search(r"(?:^|[^A-Za-z])[A-Za-z]*[A-Z][A-Za-z]*-$", before)
        or (
            re.match(r"[A-Za-z]", after)
            and not EN_UNIT.match(after)
            and not re.match(r"(?:st|nd|rd|th|s|[ap]\.?m)\b", after, re.I)
            and not re.match(r"(?:AD|BCE?|CE)\b", after)  # 117AD, 500BC: a year
        )
    )


def _is_model_number(scanned: str, start: int) -> bool:
    """Boeing 747, iPhone 15, Windows 10, Apollo 11: a capitalised name right before the number. Not
    a word capitalised only because it starts the sentence (``Delete 300 files?``, ``Hire 30 staff``:
    UI strings and headlines open with a verb); a model name there still matches its Korean, which
    keeps the number."""
    previous = _previous_word(scanned, start)
    return (
        any(char.isupper() for char in previous)
        and previous.capitalize() not in _EN_CAPITALISED_STOP
        and previous.lower() not in ENGLISH_MONTHS
        and re.search(r"[A-Za-z][ \t]$", scanned[max(0, start - 2) : start]) is not None
        and not (previous.istitle() and _SENTENCE_START.search(scanned[:start].rstrip()[: -len(previous)]))
    )


# What comes before a sentence's first word: nothing, a sentence end, or an opening quote or bracket.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|[\"“‘'(\[]\s*)$")


def _english_clock(text: str, digits: str, start: int, end: int, rest: str) -> NumberMention | None:
    """8:40 p.m., 7 a.m., 0715 GMT: a clock time, whose hour and minutes Korean writes apart."""
    value = to_float(digits)
    military = re.fullmatch(r"([01]\d|2[0-3])([0-5]\d)", digits)
    if military and re.match(r"\s*(?:\(|GMT|UTC|hours|hrs|local|[A-Z]{2,4}\))", rest):
        hour, fraction = float(military.group(1)), float(military.group(2)) / 60
        alternatives = tuple(h + fraction for h in clock_alternatives(hour, None))
        return NumberMention(
            hour + fraction, start, end, text[start:end], "time", "clock", alternatives=alternatives
        )
    time = _EN_TIME.match(rest)
    if time and value <= 24:
        # 7:45 p.m. is 7.75 o'clock (and 19.75): the minutes are part of the value, so that
        # 7시 15분 does not pass for it (the Korean joins 7시 45분 the same way)
        end += time.end()
        fraction = float(time.group(1)) / 60
        alternatives = tuple(h + fraction for h in clock_alternatives(value, time.group(2)))
        return NumberMention(
            value + fraction, start, end, text[start:end], "time", "clock", alternatives=alternatives
        )
    ampm = _EN_AMPM.match(rest)
    if ampm and value < 60:  # "45 a.m.": the tail of a split "10:45 a.m." counts too
        end += ampm.end()
        alternatives = clock_alternatives(value, ampm.group(1))
        return NumberMention(value, start, end, text[start:end], "time", "clock", alternatives=alternatives)
    return None


def _english_numeral(
    text: str, scanned: str, match: re.Match[str], months: list[tuple[int, int, int]]
) -> NumberMention | None:
    """A number written in digits, with its scale word, suffix and unit."""
    digits = match.group(0)
    start, end = match.start(), match.end()
    value = to_float(digits)
    before = scanned[max(0, start - 30) : start]
    kind = "code" if _is_code(before, scanned[end:]) else "cardinal"
    unit: str | None = None
    alternatives: tuple[float, ...] = ()
    currency = _CURRENCY_BEFORE.search(before)
    if currency is not None:
        start -= len(currency.group(0))
        sign = currency.group(0).strip()
        unit = "usd" if sign in {"US$", "USD"} else _CURRENCY_SIGNS.get(sign, "money")
    if kind != "code":
        clock = _english_clock(text, digits, start, end, scanned[end:])
        if clock is not None:
            return clock

    # Scale: "1.2 billion", "4.5bn", "$1.2B", "2 hundred thousand"
    scale = _EN_SCALE_AFTER.match(scanned, end) or _EN_ABBREV_SCALE.match(scanned, end)
    if scale is None and currency is not None:
        scale = _EN_CURRENCY_SCALE.match(scanned, end)
    while scale is not None:
        value *= _EN_SCALE_FACTORS[scale.group(1).lower()]
        end, kind = scale.end(), "cardinal"
        scale = _EN_SCALE_AFTER.match(scanned, end) if scale.group(1).lower() == "hundred" else None

    # Suffix: "38%", "29th", "1990s", "20's"
    percent = _EN_PERCENT.match(scanned, end)
    ordinal = _EN_ORDINAL_SUFFIX.match(scanned, end)
    plural = _EN_PLURAL.match(scanned, end)
    if percent is not None:
        kind, end = "percent", percent.end()
        alternatives = percent_alternatives(value)
    elif kind == "code":
        pass
    elif ordinal is not None:
        kind, end = "ordinal", ordinal.end()
    elif plural is not None and value == int(value) and value % 10 == 0 and "," not in digits:
        if 1000 <= value <= 2100:
            kind, end = "decade", plural.end()
        elif value < 100:
            kind, end = "decade", plural.end()
            alternatives = (1900 + value, 2000 + value)

    # Unit: "150 miles", "36 inches", "80-hour"; "five decades" is also 50 years
    if kind in {"cardinal", "ordinal", "decade"} and unit is None:
        unit_match = EN_UNIT.match(scanned, end)
        if unit_match is not None:
            unit = unit_name(unit_match.group(1))
            if unit not in UNITS_OUTSIDE_SPAN:
                end = unit_match.end()
    if re.match(r"[ \t]*-?[ \t]*decades?(?![A-Za-z])", scanned[end:], re.I):
        alternatives = (*alternatives, value * 10)
    elif re.match(r"[ \t]*-?[ \t]*centur(?:y|ies)(?![A-Za-z])", scanned[end:], re.I):
        alternatives = (*alternatives, value * 100)

    # Dates: "March 29", "29 March", "the 29th of March", "March 2008"; bare years
    if kind in {"cardinal", "ordinal"} and value == int(value):
        month_before = any(0 <= start - month_end <= 3 for _, month_end, _ in months)
        month_after = _next_word(scanned, end).lower() in ENGLISH_MONTHS and any(
            end <= month_start <= end + 6 for month_start, _, _ in months
        )
        if (month_before or month_after) and 1 <= value <= 31:
            kind = "day"
        elif 1000 <= value <= 2100 and (
            month_before or (unit is None and "," not in digits and kind == "cardinal")
        ):
            kind = "year"
    if kind in {"cardinal", "year"} and currency is None and _is_model_number(scanned, start):
        kind = "code"
    return NumberMention(
        value,
        start,
        end,
        text[start:end],
        kind,
        unit,
        alternatives=alternatives,
        converted=metric_values(value, unit),
    )
