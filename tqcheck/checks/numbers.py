"""Numbers: the Korean must state the same quantities as the English.

MT engines garble numbers in ways that read fluently and are easy to miss: 300 becomes
30명, $450 million becomes 450억 달러 (the Korean 만/억/조 scale is four digits, not three), a
year drifts by a decade. This module parses the numbers of each side into values and reports
a value that one side states and the other does not.

The two parsers (:func:`english_numbers`, :func:`korean_numbers`) are plain functions so the
fidelity scorer can reuse them. Each returns :class:`NumberMention`\\ s with a value, a span, a
kind and the alternative readings the comparison may use (38% is also 0.38; 1/3 is also 33%;
"five decades" is also 50 years; 80 miles is also 129 km, loosely).

The check is deliberately conservative, because a false number alarm is an ERROR:

- numbers are paired one to one, but a number the other side states at least once is never
  reported on its own (a repeated number is not a problem); rounding is tolerated in the
  Korean (1,234,567 → 123만; "about 18" → "약 20"), never the other way;
- a bare 0 or 1 on its own never flags ("one of the", "a man" → 남자 1명);
- weekday ↔ date (Monday → 28일), clock times, month names and days of the month only
  flag when both sides state that kind of thing and disagree;
- names and codes (COVID-19, G7, Boeing 747, A380, Louis XIV) never flag;
- a small spelled-out English number the Korean leaves implicit ("the two sides" → 양측) and
  a number the Korean adds to a sentence whose English has no digits (Korean news adds dates,
  ages, "6자회담") are not reported unless another number explains them as a garble;
- idiomatic or vague quantities (both, twice, half, a dozen, a decade, spelled ordinals,
  Korean 한두/두세/양국) are used to *match* the other side but never flag on their own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from tqcheck.checks.registry import CheckContext, check
from tqcheck.model import Alignment, Flag, Side

# ---------------------------------------------------------------------------------------------
# The mention


@dataclass(frozen=True)
class NumberMention:
    """One number as written in a text.

    ``start``/``end`` index the text the parser was given; ``text`` is that slice (the number
    with its unit or counter, e.g. ``"30명"``, ``"$450 million"``). ``kind`` is one of
    ``cardinal``, ``ordinal``, ``percent``, ``fraction``, ``year``, ``decade``, ``month``,
    ``day``, ``time``, ``code``. ``weak`` marks vague or idiomatic quantities that may
    confirm a number on the other side but are not evidence of a mismatch on their own.
    ``alternatives`` are other exact readings of the same mention; ``converted`` are
    approximate readings (unit conversions) compared with a loose tolerance. ``approximate``
    says the text hedges the number (about, 약, 20여명); ``bound`` is +1 for a lower bound
    (more than, 이상) and −1 for an upper bound (less than, 미만).
    """

    value: float
    start: int
    end: int
    text: str
    kind: str = "cardinal"
    unit: str | None = None
    approximate: bool = False
    weak: bool = False
    alternatives: tuple[float, ...] = ()
    converted: tuple[float, ...] = ()
    bound: int = 0

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def values(self) -> tuple[float, ...]:
        return (self.value, *self.alternatives)


# ---------------------------------------------------------------------------------------------
# Shared helpers

_MASK = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+\.\w+|&#?\w+;|##\S+",
)


def _masked(text: str, extra: re.Pattern[str] | None = None) -> str:
    """The text with URLs, e-mail addresses and HTML entities blanked out, offsets kept."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    text = _MASK.sub(blank, text)
    return extra.sub(blank, text) if extra is not None else text


class _Found:
    """The mentions found so far in one text; a span once claimed cannot be claimed again."""

    def __init__(self) -> None:
        self.mentions: list[NumberMention] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= m.start or start >= m.end for m in self.mentions)

    def add(self, mention: NumberMention) -> None:
        self.mentions.append(mention)


def _to_float(digits: str) -> float:
    return float(digits.replace(",", ""))


def _percent_alternatives(value: float) -> tuple[float, ...]:
    return (value / 100,)


def _fraction_alternatives(value: float) -> tuple[float, ...]:
    return (value * 100,)


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

# English units: the canonical name, the conversions to metric it allows (loosely).
_EN_UNIT_WORDS: list[tuple[str, str]] = [
    (r"square[ -](?:feet|foot)|sq\.? ?ft", "sqft"),
    (r"square[ -]miles?|sq\.? ?mi", "sqmi"),
    (r"square[ -]kilomet(?:er|re)s?|sq\.? ?km|km2|km²", "km2"),
    (r"square[ -]met(?:er|re)s?|sq\.? ?m|m2|m²", "m2"),
    (r"miles? per hour|mph", "mph"),
    (r"kilomet(?:er|re)s? per hour|km/h|kph", "kmh"),
    (r"miles?", "mile"),
    (r"kilomet(?:er|re)s?|kms?", "km"),
    (r"centimet(?:er|re)s?|cm", "cm"),
    (r"millimet(?:er|re)s?|mm", "mm"),
    (r"met(?:er|re)s?", "m"),
    (r"feet|foot|ft", "ft"),
    (r"inch(?:es)?", "inch"),
    (r"yards?|yds?", "yard"),
    (r"pounds?|lbs?", "lb"),
    (r"ounces?|oz", "oz"),
    (r"kilograms?|kilos?|kgs?", "kg"),
    (r"grams?", "g"),
    (r"tons?|tonnes?", "t"),
    (r"acres?", "acre"),
    (r"hectares?|ha", "ha"),
    (r"gallons?", "gallon"),
    (r"lit(?:er|re)s?", "l"),
    (r"degrees? (?:Fahrenheit|F)\b|°\s?F", "F"),
    (r"degrees? (?:Celsius|centigrade|C)\b|°\s?C", "C"),
    (r"degrees?|°", "deg"),
    (r"megawatts?|MW", "MW"),
    (r"gigawatts?|GW", "GW"),
    (r"kilowatts?|kW", "kW"),
    (r"light[- ]years?", "lightyear"),
    (r"years?", "year"),
    (r"months?", "month"),
    (r"weeks?", "week"),
    (r"days?", "day"),
    (r"hours?|hrs?", "hour"),
    (r"minutes?|mins?", "minute"),
    (r"seconds?|secs?", "second"),
    (r"dollars?|bucks|cents?", "usd"),
    (r"euros?", "eur"),
    (r"won", "krw"),
    (r"yuan|renminbi", "cny"),
    (r"yen", "jpy"),
    (r"pounds sterling", "gbp"),
    (r"people|persons?|men|women|children|kids|students|workers|soldiers|victims", "person"),
    (r"times", "times"),
]
_EN_UNIT = re.compile(
    r"[ \t]*(?:-[ \t]*)?(" + "|".join(f"(?:{pattern})" for pattern, _ in _EN_UNIT_WORDS) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_EN_UNIT_NAMES = [(re.compile(f"(?:{pattern})$", re.IGNORECASE), name) for pattern, name in _EN_UNIT_WORDS]

# Imperial → metric, for the loose comparison (the Korean usually converts).
_CONVERSIONS: dict[str, tuple[float, ...]] = {
    "mile": (1.609344,),
    "mph": (1.609344,),
    "ft": (0.3048, 30.48),
    "inch": (2.54, 25.4),
    "yard": (0.9144,),
    "lb": (0.45359,),
    "oz": (28.3495,),
    "acre": (0.404686, 4046.86, 1224.2),
    "sqft": (0.092903, 0.0281),
    "sqmi": (2.58999,),
    "gallon": (3.78541,),
}


def _unit_name(word: str) -> str | None:
    for pattern, name in _EN_UNIT_NAMES:
        if pattern.match(word):
            return name
    return None


def _converted(value: float, unit: str | None) -> tuple[float, ...]:
    if unit == "F":
        return ((value - 32) * 5 / 9,)
    return tuple(value * factor for factor in _CONVERSIONS.get(unit or "", ()))


# ---------------------------------------------------------------------------------------------
# English

_EN_UNITS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {
    word: 10 * value
    for value, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)
}
_EN_SMALL = {**_EN_UNITS, **_EN_TENS}
_EN_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "dozen": 12.0,
}
_EN_ORDINALS = {
    **{
        word: value
        for value, word in enumerate(
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
            "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(),
            start=1,
        )
    },
    **{
        word: 10 * value
        for value, word in enumerate(
            "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(), start=2
        )
    },
    "hundredth": 100,
    "thousandth": 1000,
}
# "two-thirds", "three quarters": the denominators of spelled fractions
_EN_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "quarter": 4,
    "quarters": 4,
    **{word: _EN_ORDINALS[word] for word in "third fourth fifth sixth seventh eighth ninth tenth".split()},
    **{
        word + "s": _EN_ORDINALS[word]
        for word in "third fourth fifth sixth seventh eighth ninth tenth".split()
    },
}
_EN_MONTHS = {
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
# Vague or idiomatic quantities: they confirm a Korean number but never flag on their own.
_EN_WEAK_WORDS: dict[str, tuple[float, tuple[float, ...]]] = {
    **dict.fromkeys(
        "both twice double doubled doubles doubling twofold pair couple twin twins".split(), (2, ())
    ),
    **dict.fromkeys("triple tripled triples tripling threefold thrice".split(), (3, ())),
    **dict.fromkeys("quadruple quadrupled fourfold".split(), (4, ())),
    **dict.fromkeys("half halved".split(), (0.5, (50,))),
    "quarter": (0.25, (25,)),
    **dict.fromkeys("decade decades".split(), (10, ())),
    "century": (100, ()),
    **dict.fromkeys("teen teens teenage teenaged teenager teenagers".split(), (10, ())),
    **{
        word: (10 * value, (1900 + 10 * value,))
        for value, word in enumerate(
            "twenties thirties forties fifties sixties seventies eighties nineties".split(), start=2
        )
    },
    "once": (1, ()),
    "fortnight": (2, (14,)),
}
# "half an hour" is 30분, "a quarter past eight" 8시 15분
_EN_CLOCK_FRACTION = re.compile(r"[ \t]+(?:an[ \t]+hour|hour|past|to|after|of[ \t]+an[ \t]+hour)\b", re.I)
_EN_SKIP = re.compile(
    r"\b(?:9|nine)[- ]to[- ](?:5|five)(?:er)?\b|\b24/7\b|\b(?:50-50|fifty-fifty)\b|"
    r"\bone[- ](?:on|to)[- ]one\b|\bone another\b|\bone by one\b|\bcatch-22\b|\b7-eleven\b",
    re.IGNORECASE,
)
_EN_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?<![\w.,])\.\d+")
_EN_WORD = re.compile(r"[A-Za-z]+")
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
_EN_AMPM = re.compile(r"[ \t]*([ap])\.?m\.?(?![A-Za-z])|[ \t]*o['’]clock", re.IGNORECASE)
# Capitalised words a number may follow without being a model number ("Boeing 747").
_EN_CAPITALISED_STOP = set(
    "In On At By For From About Around Over Some Nearly Almost Only Just The A All Top Since Until After "
    "Before Between Of And Or To With Than Up More Less Under Age Aged Ages No Page Step Chapter Part Day "
    "Week Year Grade Level Category Class Phase Stage Round Game Number".split()
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
    if lower not in _EN_MONTHS or not word[0].isupper():
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
    """Every number the English text states, in order of position."""
    scanned = _masked(text, _EN_SKIP)
    found = _Found()
    month_spans = _english_months(scanned, found)
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
    _english_spelled(text, scanned, found)
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
    return _elliptical_scales(mentions)


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


def _english_months(scanned: str, found: _Found) -> list[tuple[int, int, int]]:
    months: list[tuple[int, int, int]] = []
    for match in _EN_WORD.finditer(scanned):
        word = match.group(0)
        if _is_month_word(word, scanned, match.start(), match.end()):
            month = _EN_MONTHS[word.lower()]
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
_CURRENCIES = {"usd", "eur", "krw", "cny", "jpy", "gbp", "money"}
_EN_UNITS_OUTSIDE_SPAN = {*_CURRENCIES, "person", "times", "year", "month", "week", "day", "hour", "minute"}
_CURRENCY_SIGNS = {"$": "usd", "€": "eur", "£": "gbp", "₩": "krw"}


def _is_code(before: str, after: str) -> bool:
    """COVID-19, G7, B-52, A380 (letters glued on), 3D, 4G (letters after that are no unit)."""
    return bool(
        re.search(r"[A-Za-z]$", before)
        or re.search(r"(?:^|[^A-Za-z])[A-Za-z]*[A-Z][A-Za-z]*-$", before)
        or (
            re.match(r"[A-Za-z]", after)
            and not _EN_UNIT.match(after)
            and not re.match(r"(?:st|nd|rd|th|s|[ap]\.?m)\b", after, re.I)
        )
    )


def _is_model_number(scanned: str, start: int) -> bool:
    """Boeing 747, iPhone 15, Windows 10, Apollo 11: a capitalised name right before the number."""
    previous = _previous_word(scanned, start)
    return (
        any(char.isupper() for char in previous)
        and previous.capitalize() not in _EN_CAPITALISED_STOP
        and previous.lower() not in _EN_MONTHS
        and re.search(r"[A-Za-z][ \t]$", scanned[max(0, start - 2) : start]) is not None
    )


def _english_clock(text: str, digits: str, start: int, end: int, rest: str) -> NumberMention | None:
    """8:40 p.m., 7 a.m., 0715 GMT: a clock time, whose hour and minutes Korean writes apart."""
    value = _to_float(digits)
    military = re.fullmatch(r"([01]\d|2[0-3])([0-5]\d)", digits)
    if military and re.match(r"\s*(?:\(|GMT|UTC|hours|hrs|local|[A-Z]{2,4}\))", rest):
        hour, minutes = float(military.group(1)), float(military.group(2))
        alternatives = (*_clock_alternatives(hour, None), minutes)
        return NumberMention(hour, start, end, text[start:end], "time", "clock", alternatives=alternatives)
    time = _EN_TIME.match(rest)
    if time and value <= 24:
        end += time.end()
        alternatives = (*_clock_alternatives(value, time.group(2)), float(time.group(1)))
        return NumberMention(value, start, end, text[start:end], "time", "clock", alternatives=alternatives)
    ampm = _EN_AMPM.match(rest)
    if ampm and value < 60:  # "45 a.m.": the tail of a split "10:45 a.m." counts too
        end += ampm.end()
        alternatives = _clock_alternatives(value, ampm.group(1))
        return NumberMention(value, start, end, text[start:end], "time", "clock", alternatives=alternatives)
    return None


def _english_numeral(
    text: str, scanned: str, match: re.Match[str], months: list[tuple[int, int, int]]
) -> NumberMention | None:
    """A number written in digits, with its scale word, suffix and unit."""
    digits = match.group(0)
    start, end = match.start(), match.end()
    value = _to_float(digits)
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
        alternatives = _percent_alternatives(value)
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
        unit_match = _EN_UNIT.match(scanned, end)
        if unit_match is not None:
            unit = _unit_name(unit_match.group(1))
            if unit not in _EN_UNITS_OUTSIDE_SPAN:
                end = unit_match.end()
    if re.match(r"[ \t]*-?[ \t]*decades?(?![A-Za-z])", scanned[end:], re.I):
        alternatives = (*alternatives, value * 10)
    elif re.match(r"[ \t]*-?[ \t]*centur(?:y|ies)(?![A-Za-z])", scanned[end:], re.I):
        alternatives = (*alternatives, value * 100)

    # Dates: "March 29", "29 March", "the 29th of March", "March 2008"; bare years
    if kind in {"cardinal", "ordinal"} and value == int(value):
        month_before = any(0 <= start - month_end <= 3 for _, month_end, _ in months)
        month_after = _next_word(scanned, end).lower() in _EN_MONTHS and any(
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
        converted=_converted(value, unit),
    )


def _clock_alternatives(hour: float, meridiem: str | None) -> tuple[float, ...]:
    """The other way to write an hour: 8 p.m. is 20시; 8 with no a.m./p.m. may be either."""
    if meridiem:
        return (hour + 12,) if meridiem.lower() == "p" and hour < 12 else ()
    if hour > 12:
        return (hour - 12,)
    return (hour + 12,) if hour < 12 else ()


_EN_FUSED = re.compile(
    r"\b(" + "|".join(_EN_TENS) + r")(" + "|".join([*_EN_UNITS, *_EN_ORDINALS][1:]) + r")\b", re.IGNORECASE
)


def _english_spelled(text: str, scanned: str, found: _Found) -> None:
    """Spelled-out numbers: eight, twenty-five, two hundred thousand, a dozen, two-thirds, third."""
    for match in _EN_FUSED.finditer(scanned):
        # "thirtyeight", "thirtyeighth": a typo for the hyphenated form
        tens, unit = match.group(1).lower(), match.group(2).lower()
        if unit in _EN_UNITS and _EN_UNITS[unit] < 10:
            value, kind = _EN_TENS[tens] + _EN_UNITS[unit], "cardinal"
        elif unit in _EN_ORDINALS and _EN_ORDINALS[unit] < 10:
            value, kind = _EN_TENS[tens] + _EN_ORDINALS[unit], "ordinal"
        else:
            continue
        if found.free(match.start(), match.end()):
            found.add(NumberMention(float(value), match.start(), match.end(), match.group(0), kind))
    words = list(_EN_WORD.finditer(scanned))
    i = 0
    while i < len(words):
        if not found.free(words[i].start(), words[i].end()):
            i += 1
            continue
        i += max(_spelled_at(text, scanned, words, i, found), 1)


def _joined(scanned: str, left: re.Match[str], right: re.Match[str]) -> str | None:
    """How two neighbouring words are joined: ' ', '-', ' and ', or None if not joinable."""
    gap = scanned[left.end() : right.start()]
    if gap in {" ", "-", "\u2010", "\u2011"}:
        return gap
    return None


def _spelled_at(text: str, scanned: str, words: list[re.Match[str]], i: int, found: _Found) -> int:
    """The spelled number starting at word ``i``, if any; returns the words consumed."""
    word = words[i]
    lower = word.group(0).lower()
    start = word.start()

    def next_lower(k: int) -> str:
        return words[k].group(0).lower() if k < len(words) else ""

    # Articles before a scale or fraction: "a hundred", "a dozen", "a third", "half a million".
    if lower in {"a", "an", "one"} and i + 1 < len(words) and _joined(scanned, word, words[i + 1]):
        following = next_lower(i + 1)
        if following in _EN_DENOMINATORS and following not in {"half", "halves"} and lower != "an":
            # "a third", "one-third", "a quarter"
            denominator = _EN_DENOMINATORS[following]
            if not following.endswith("s"):
                end = words[i + 1].end()
                value = 1 / denominator
                found.add(
                    NumberMention(
                        value,
                        start,
                        end,
                        text[start:end],
                        "fraction",
                        weak=True,
                        # "a third set of molars" is also the third one: 세 번째
                        alternatives=(
                            *_fraction_alternatives(value),
                            *((denominator,) if lower == "a" else ()),
                        ),
                    )
                )
                return 2
        if lower in {"a", "an"} and following in _EN_SCALES:
            return _spelled_sequence(text, scanned, words, i, found, article=True)
        if lower in {"a", "an"} and following in {"half"}:
            end = words[i + 1].end()
            alternatives = (50, 30) if _EN_CLOCK_FRACTION.match(scanned, end) else (50,)
            found.add(
                NumberMention(
                    0.5, start, end, text[start:end], "fraction", weak=True, alternatives=alternatives
                )
            )
            return 2
    if lower == "half" and i + 2 < len(words) and next_lower(i + 1) in {"a", "an"}:
        scale = next_lower(i + 2)
        if scale in _EN_SCALES and scale != "dozen":
            end = words[i + 2].end()
            value = 0.5 * _EN_SCALES[scale]
            found.add(NumberMention(value, start, end, text[start:end], "cardinal"))
            return 3
    if lower in _EN_UNITS or lower in _EN_TENS:
        return _spelled_sequence(text, scanned, words, i, found, article=False)
    if lower in _EN_ORDINALS:
        value = float(_EN_ORDINALS[lower])
        found.add(NumberMention(value, start, word.end(), word.group(0), "ordinal", weak=True))
        return 1
    if lower in _EN_WEAK_WORDS:
        if lower == "couple" and next_lower(i + 1) not in {"of"} and not next_lower(i + 1).endswith("s"):
            return 1
        value, alternatives = _EN_WEAK_WORDS[lower]
        kind = "fraction" if value < 1 else "cardinal"
        if kind == "fraction" and _EN_CLOCK_FRACTION.match(scanned, word.end()):
            alternatives = (*alternatives, 60 * value)
        found.add(
            NumberMention(
                float(value), start, word.end(), word.group(0), kind, weak=True, alternatives=alternatives
            )
        )
        return 1
    return 1


def _spelled_sequence(
    text: str, scanned: str, words: list[re.Match[str]], i: int, found: _Found, article: bool
) -> int:
    """A run like "two hundred and fifty thousand" or "twenty-five"; returns words consumed."""
    total = 0.0
    current = 0.0
    j = i
    used: list[re.Match[str]] = []
    if article:
        current = 1.0
        used.append(words[j])
        j += 1
    last_kind = ""
    previous: re.Match[str] | None = used[-1] if used else None
    while j < len(words):
        lower = words[j].group(0).lower()
        if previous is not None and _joined(scanned, previous, words[j]) is None:
            break
        if lower == "and":
            if last_kind == "scale" and j + 1 < len(words) and words[j + 1].group(0).lower() in _EN_SMALL:
                previous = words[j]
                j += 1
                continue
            break
        if lower in _EN_UNITS and last_kind not in {"unit"}:
            current += _EN_UNITS[lower]
            last_kind = "unit"
        elif lower in _EN_TENS and last_kind in {"", "scale"}:
            current += _EN_TENS[lower]
            last_kind = "tens"
        elif lower in _EN_SCALES and (
            last_kind in {"unit", "tens", "scale", "article"} or (article and len(used) == 1)
        ):
            scale = _EN_SCALES[lower]
            if scale == 100:
                current = (current or 1) * 100
            elif scale == 12:
                current = (current or 1) * 12
            else:
                total += (current or 1) * scale
                current = 0
            last_kind = "scale"
        elif lower in _EN_ORDINALS and last_kind == "tens":
            current += _EN_ORDINALS[lower]
            used.append(words[j])
            end = words[j].end()
            found.add(
                NumberMention(total + current, words[i].start(), end, text[words[i].start() : end], "ordinal")
            )
            return len(used) + (1 if article else 0)
        else:
            break
        used.append(words[j])
        previous = words[j]
        j += 1
    if not used or (article and len(used) == 1):
        return 1
    value = total + current
    start, end = words[i].start(), used[-1].end()
    kind = "cardinal"
    weak = False
    alternatives: tuple[float, ...] = ()
    following = words[j].group(0).lower() if j < len(words) else ""
    joinable = j < len(words) and _joined(scanned, used[-1], words[j]) is not None
    consumed = j - i
    if joinable and following in _EN_DENOMINATORS and value < 10 and following not in {"half"}:
        denominator = _EN_DENOMINATORS[following]
        if following.endswith("s") or value == 1:
            fraction = value / denominator
            end = words[j].end()
            found.add(
                NumberMention(
                    fraction,
                    start,
                    end,
                    text[start:end],
                    "fraction",
                    weak=value == 1,
                    alternatives=_fraction_alternatives(fraction),
                )
            )
            return consumed + 1
    if joinable and following in {"percent", "pct"}:
        kind = "percent"
        end = words[j].end()
        alternatives = _percent_alternatives(value)
    elif joinable and following in {"decade", "decades"}:
        alternatives = (value * 10,)
    elif joinable and following in {"century", "centuries"}:
        alternatives = (value * 100,)
    elif j + 1 < len(words) and following == "per" and words[j + 1].group(0).lower() == "cent":
        kind = "percent"
        end = words[j + 1].end()
        alternatives = _percent_alternatives(value)
    if article and value in {12, 100}:
        weak = True  # "a dozen", "a hundred": usually idiomatic
    unit_match = _EN_UNIT.match(scanned[end:])
    unit = _unit_name(unit_match.group(1)) if unit_match and kind == "cardinal" else None
    if unit_match and unit is not None and unit not in _EN_UNITS_OUTSIDE_SPAN:
        end += unit_match.end()
    if last_kind in {"unit", "tens"} and value <= 12 and re.match(r"[ \t]*o['’]clock", scanned[end:]):
        kind = "time"  # "eight o'clock"
    found.add(
        NumberMention(
            value,
            start,
            end,
            text[start:end],
            kind,
            unit,
            weak=weak,
            alternatives=alternatives,
            converted=_converted(value, unit),
        )
    )
    return consumed


# ---------------------------------------------------------------------------------------------
# Korean

_KO_BIG = {"만": 1e4, "억": 1e8, "조": 1e12}
_KO_SMALL = {"천": 1e3, "백": 1e2}
_KO_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "륙": 6, "칠": 7, "팔": 8, "구": 9}
_KO_SINO_PLACES = {"십": 10, "백": 100, "천": 1000}
_KO_NATIVE_TENS = {
    word: 10 * value for value, word in enumerate("열 스물 서른 마흔 쉰 예순 일흔 여든 아흔".split(), start=1)
} | {"스무": 20}
_KO_NATIVE_UNITS = {
    word: value for value, word in enumerate("한 두 세 네 다섯 여섯 일곱 여덟 아홉".split(), start=1)
} | {"하나": 1, "둘": 2, "셋": 3, "넷": 4}
# Native-numeral ranges: they confirm either value and never flag.
_KO_NATIVE_RANGES = {
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
# Counter nouns after a Hangul numeral (longest first when matching).
_KO_COUNTERS = sorted(
    (
        "명 개 곳 배 가지 번 살 시간 달 달러 해 마리 권 대 척 채 벌 잔 병 장 쪽 차례 군데 사람 주 주일 가구 "
        "그루 송이 켤레 편 건 개국 분 층 판 경기 골 표 통 발 년 개월 일 세 원 위 회 점 톤 퍼센트 킬로미터 "
        "미터 마일 명씩 형제 자녀 아이"
    ).split(),
    key=len,
    reverse=True,
)
# Counters a Hangul numeral may touch without a space ("두명") — the rest would catch words
# like 세대 (generation), 두개골 (skull), 세배 (New Year's bow).
_KO_TIGHT_COUNTERS = {"명", "개", "곳", "가지", "번", "살", "시간", "마리", "사람", "차례", "군데", "명씩"}
# What may follow a counter: particles and the like, so 두 개발 (two development?) is no count.
_KO_AFTER_COUNTER = set("이가을를은는의에도만씩째과와으로나뿐밖쯤정여동간전후뒤내중당께보부까엔")
# Units and counters after digits, by canonical unit name (used to pick the likeliest
# counterpart of a garbled number); matched longest first. "_" stands for a space.
_KO_UNIT_NAMES = {
    "percent": "퍼센트포인트 퍼센트 %포인트 %_포인트 %p %P % ％",
    "point": "포인트 점 골 표",
    "ordinal": "번째 분기 위 호 차 라운드",
    "article": "조",
    "decade": "년대",
    "year": "년 주년",
    "month": "개월",
    "month-of-year": "월",
    "week": "주일 주",
    "day": "일",
    "hour": "시간",
    "clock": "시",
    "minute": "분",
    "second": "초",
    "century": "세기",
    "age": "세 살",
    "person": "명 인",
    "country": "개국",
    "thing": "개 가지 개사 대 척 채 건 곳 권 편 마리 가구",
    "usd": "달러 불 센트",
    "krw": "원",
    "eur": "유로",
    "cny": "위안",
    "jpy": "엔",
    "km": "킬로미터 km ㎞ 킬로",
    "kmh": "km/h",
    "m": "미터 m",
    "mm": "밀리미터 mm",
    "cm": "센티미터 센티 cm",
    "mile": "마일",
    "ft": "피트",
    "inch": "인치",
    "lb": "파운드",
    "kg": "킬로그램 kg ㎏",
    "g": "그램 g",
    "t": "톤 t",
    "acre": "에이커",
    "ha": "헥타르 ha",
    "m2": "㎡ m2",
    "pyeong": "평",
    "gallon": "갤런",
    "l": "리터 ℓ",
    "deg": "도 °",
    "C": "℃ °C",
    "MW": "메가와트 MW",
    "GW": "기가와트 GW",
    "kW": "kw kW KW",
    "W": "와트",
    "lightyear": "광년",
    "times": "배 번 회 차례 연승 연패",
    "floor": "층",
}
_KO_DIGIT_UNITS: list[tuple[str, str]] = sorted(
    {
        unit.replace("_", " "): name for name, units in _KO_UNIT_NAMES.items() for unit in units.split()
    }.items(),
    key=lambda item: len(item[0]),
    reverse=True,
)
_KO_UNIT_TAIL_FORBIDDEN = {
    # a unit syllable that is really the start of another word
    "일": "본반단어",  # 일본 (Japan), 일반, 일단
    "시": "즌작장청민설스켜키",  # 시즌, 시작, 시장, 시청, 시민, 시설
    "위": "해한원험치",  # 위해 (for), 위한, 위원, 위험, 위치
    "원": "인래칙전자",  # 원인, 원래, 원칙
    "도": "시로록",  # 도시, 도로, 도록
    "세": "계대금력상",  # 세계, 세대, 세금, 세력
    "차": "이별례",  # 차이, 차별, (차례 is its own unit)
    "대": "통학표회응규상부책기",  # 대통령, 대학, 대표, 대회
    "주": "장민요의식목도",  # 주장, 주민, 주요
    "호": "텔주소응",  # 호텔, 호주
    "분": "야석쟁기열리",  # 분야, 분석, 분쟁
    "점": "차점",
    "표": "현정시명",
    "번": "역호",
    "배": "우경치구",
    "건": "물강설",
    "인": "구간정기권도상터",
    "개": "발선인최혁방",
    "명": "예단",
    "골": "프",
    "편": "지집",
    "불": "법구과안이",
    "엔": "진",
    "m": "a",
    "g": "a",
    "t": "a",
}
_KO_APPROX_BEFORE = re.compile(r"(?:약|대략|거의|줄잡아|근)\s*$")
_KO_APPROX_AFTER = re.compile(r"^\s*(?:여|가량|정도|쯤|남짓|안팎|내외|전후|가까이|육박|대)")
_KO_LOWER_BOUND = re.compile(r"^\s*(?:[을를이가은는의에]\s*)?(?:이상|넘|초과|웃돌|상회)")
_KO_UPPER_BOUND = re.compile(r"^\s*(?:[을를이가은는의에]\s*)?(?:이하|미만|밑돌|하회|안 ?되)")
_KO_DURATION_AFTER = (
    r"\s?(?:간|동안|만(?:에|이|의|으로)|째|짜리|이내|안에|(?:후|뒤|전)(?:에|부터|까지|의)?(?![가-힣])|씩|가량|"
    r"정도|여|이상|이하|내|밖에|뿐|"
    r"이 ?(?:걸|지나|넘|더|남)|에 ?걸|을 ?(?:앞|남)|를 ?(?:앞|남))"
)
_KO_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?")
# Brand names Korean glues model numbers to: 코로나19, 아이폰15, 보잉 747
_KO_CODE_BEFORE = re.compile(r"(?:코로나|아이폰|갤럭시|보잉|에어버스|윈도우?|플레이스테이션|엑스박스)\s?$")
_KO_DAY_WORDS = {
    "하루": (1, (24,)),
    "이틀": (2, (48,)),
    "사흘": (3, (72,)),
    "나흘": (4, (96,)),
    "닷새": (5, ()),
    "엿새": (6, ()),
    "열흘": (10, ()),
    "보름": (15, ()),
}
_KO_WORD_AFTER = r"(?=$|[^가-힣]|[이가을를은는의에도만씩째과와으로나동간전후뒤내중당께보부까])"
_KO_DAY_WORD = re.compile(r"(?<![가-힣])(" + "|".join(_KO_DAY_WORDS) + ")" + _KO_WORD_AFTER)
_KO_BOTH = re.compile(
    r"(?<![가-힣])양(?=(?:국|측|사|팀|당|자|진영|국가|정상|기관|기업|지역|쪽|대|손|쪽)|\s(?:팀|국|당))"
)
_KO_HALF = re.compile(r"(?<![가-힣])절반")
_KO_BATTING = re.compile(r"(\d)할(\d)푼(?:(\d)리)?")
_KO_SINO_WORD = re.compile(r"(?<![가-힣])([일이삼사오육륙칠팔구십백천만]+)(여)?(?=\s?[가-힣])")
_KO_NATIVE_WORD = re.compile(
    r"(?<![가-힣])("
    + "|".join(sorted(_KO_NATIVE_RANGES, key=len, reverse=True))
    + r"|(?:"
    + "|".join(sorted(_KO_NATIVE_TENS, key=len, reverse=True))
    + r")(?:"
    + "|".join(sorted(_KO_NATIVE_UNITS, key=len, reverse=True))
    + r")?|"
    + "|".join(sorted(_KO_NATIVE_UNITS, key=len, reverse=True))
    + r")(?=\s?[가-힣])"
)


def _korean_counter(text: str, position: int, tight: bool) -> tuple[str, int] | None:
    """The counter noun at ``position`` (after an optional space) and where it ends."""
    spaced = text[position : position + 1] == " "
    at = position + 1 if spaced else position
    for counter in _KO_COUNTERS:
        if text.startswith(counter, at):
            if not spaced and tight and counter not in _KO_TIGHT_COUNTERS:
                continue
            after = text[at + len(counter) : at + len(counter) + 1]
            if after and "가" <= after <= "힣" and after not in _KO_AFTER_COUNTER:
                continue
            return counter, at + len(counter)
    return None


def _sino_value(word: str) -> float | None:
    """삼십 → 30, 오천 → 5000, 이백만 → 2,000,000; None if not a well-formed numeral."""
    total = 0.0
    section = 0.0
    digit: float | None = None
    previous_digit = False
    for char in word:
        if char in _KO_SINO_DIGITS:
            if previous_digit:
                return None
            digit = _KO_SINO_DIGITS[char]
            previous_digit = True
        elif char in _KO_SINO_PLACES:
            section += (digit if digit is not None else 1) * _KO_SINO_PLACES[char]
            digit = None
            previous_digit = False
        elif char in _KO_BIG:
            amount = section + (digit or 0)
            total += (amount or 1) * _KO_BIG[char]
            section = 0
            digit = None
            previous_digit = False
        else:
            return None
    return total + section + (digit or 0)


def _korean_digit_value(scanned: str, start: int, end: int, first: float) -> tuple[float, int]:
    """Extend a digit run with 천/백 and 만/억/조: 1억1천만 → 110,000,000; returns (value, end)."""
    total = 0.0
    section = 0.0
    current: float | None = first
    position = end
    last_big = math.inf
    while True:
        char = scanned[position : position + 1]
        if char in _KO_SMALL and current is not None:
            section += current * _KO_SMALL[char]
            current = None
            position += 1
            follow = _KO_NUMBER.match(scanned, position)
            if follow is not None:
                current = _to_float(follow.group(0))
                position = follow.end()
            continue
        if char in _KO_BIG and (current is not None or section):
            factor = _KO_BIG[char]
            if factor >= last_big:
                break
            # 제5조, 헌법 9조 are articles, not trillions
            if char == "조" and (
                scanned[max(0, start - 1) : start] == "제"
                or "법" in scanned[max(0, start - 6) : start]
                or re.match(r"\s?\d+항", scanned[position + 1 : position + 6])
            ):
                break
            total += (section + (current or 0)) * factor
            section = 0
            current = None
            last_big = factor
            position += 1
            follow = _KO_NUMBER.match(scanned, position)
            spaced = re.match(r" (?=[\d,.]+[천백]?([만억]))", scanned[position:])
            if follow is None and spaced and _KO_BIG[spaced.group(1)] < factor:
                follow = _KO_NUMBER.match(scanned, position + 1)  # "4억 5000만"
            if follow is not None:
                current = _to_float(follow.group(0))
                position = follow.end()
            continue
        break
    return total + section + (current or 0), position


def korean_numbers(text: str) -> list[NumberMention]:
    """Every number the Korean text states, in order of position."""
    scanned = _masked(text)
    found = _Found()
    for match in _KO_BATTING.finditer(scanned):
        # 2할6푼8리: a batting average, .268
        value = int(match.group(1)) / 10 + int(match.group(2)) / 100 + int(match.group(3) or 0) / 1000
        found.add(
            NumberMention(value, match.start(), match.end(), match.group(0), alternatives=(value * 100,))
        )
    for match in _KO_NUMBER.finditer(scanned):
        if found.free(match.start(), match.end()):
            mention = _korean_numeral(text, scanned, match)
            if found.free(mention.start, mention.end):
                found.add(mention)
    _korean_sino_words(text, scanned, found)
    _korean_native_words(text, scanned, found)
    for match in _KO_DAY_WORD.finditer(scanned):
        if found.free(match.start(), match.end()):
            value, alternatives = _KO_DAY_WORDS[match.group(1)]
            found.add(
                NumberMention(
                    float(value),
                    match.start(),
                    match.end(),
                    match.group(1),
                    unit="day",
                    alternatives=alternatives,
                )
            )
    for match in _KO_BOTH.finditer(scanned):
        if found.free(match.start(), match.end()):
            found.add(NumberMention(2.0, match.start(), match.end(), match.group(0), weak=True))
    for match in _KO_HALF.finditer(scanned):
        if found.free(match.start(), match.end()):
            found.add(
                NumberMention(
                    0.5, match.start(), match.end(), "절반", "fraction", weak=True, alternatives=(50, 2)
                )
            )
    mentions = _compound_durations(sorted(found.mentions, key=lambda mention: mention.start), scanned)
    return [replace(m, bound=_korean_bound(scanned, m)) for m in mentions]


_KO_COMPOUND_UNITS = {("year", "month"): 12, ("hour", "minute"): 60, ("clock", "minute"): 60}


def _compound_durations(mentions: list[NumberMention], scanned: str) -> list[NumberMention]:
    """1년 6개월 is also 18 months, 2시간 30분 also 150 minutes: the smaller unit carries the total."""
    result = list(mentions)
    for i in range(1, len(result)):
        larger, smaller = result[i - 1], result[i]
        factor = _KO_COMPOUND_UNITS.get((larger.unit or "", smaller.unit or ""))
        if factor and re.fullmatch(r"\s?", scanned[larger.end : smaller.start]) and larger.kind != "year":
            total = larger.value * factor + smaller.value
            result[i] = replace(smaller, alternatives=(*smaller.alternatives, total))
    return result


def _korean_sino_words(text: str, scanned: str, found: _Found) -> None:
    """Hangul Sino-Korean numerals before a counter: 삼십 명, 백 명, 이백여 년."""
    for match in _KO_SINO_WORD.finditer(scanned):
        word = match.group(1)
        if len(word) == 1 and word not in {"십", "백", "천", "만"}:
            continue
        value = _sino_value(word)
        # 천장 (ceiling), 만원 (full): a one-syllable numeral needs a space before its counter
        if len(word) == 1 and scanned[match.end() : match.end() + 1] != " ":
            continue
        counter = _korean_counter(scanned, match.end(), tight=False)
        if value is None or counter is None or not found.free(match.start(), counter[1]):
            continue
        unit, end = counter
        approximate = _korean_approximate(scanned, match.start(), end)
        found.add(
            NumberMention(value, match.start(), end, text[match.start() : end], "cardinal", unit, approximate)
        )


def _korean_native_words(text: str, scanned: str, found: _Found) -> None:
    """Native numerals before a counter: 여덟 명, 두 배, 열두 개, 세 번째, 두세 명."""
    for match in _KO_NATIVE_WORD.finditer(scanned):
        word, start = match.group(1), match.start()
        counter = _korean_counter(scanned, match.end(), tight=True)
        if counter is None:
            # 세 외국어, 두 남성, 자녀가 셋이다: a native numeral with no counter; likely a number,
            # but only good enough to confirm the English, never to flag
            value = _native_value(word) if word not in _KO_NATIVE_RANGES else None
            after = scanned[match.end() : match.end() + 1]
            noun = re.match(r" [가-힣]", scanned[match.end() :])
            standalone = word not in {"한", "두", "세", "네", "스무"} and (
                not after or not "가" <= after <= "힣" or after in _KO_AFTER_COUNTER
            )
            if value is not None and value > 1 and (noun or standalone) and found.free(start, match.end()):
                found.add(NumberMention(value, start, match.end(), word, weak=True))
            continue
        unit, end = counter
        if not found.free(start, end):
            continue
        if word in _KO_NATIVE_RANGES:
            low, high = _KO_NATIVE_RANGES[word]
            found.add(NumberMention(float(low), start, end, text[start:end], weak=True, alternatives=(high,)))
            continue
        value = _native_value(word)
        if value is None:
            continue
        kind = "cardinal"
        if scanned.startswith("째", end):
            kind = "ordinal"
            end += 1
        approximate = _korean_approximate(scanned, start, end)
        found.add(NumberMention(value, start, end, text[start:end], kind, unit, approximate))


def _korean_bound(scanned: str, mention: NumberMention) -> int:
    before = scanned[max(0, mention.start - 6) : mention.start]
    after = scanned[mention.end : mention.end + 8]
    if _KO_LOWER_BOUND.match(after) or re.search(r"최소(?:한)?\s*$", before):
        return 1
    if _KO_UPPER_BOUND.match(after) or re.search(r"최대\s*$", before):
        return -1
    return 0


def _native_value(word: str) -> float | None:
    for tens, tens_value in sorted(_KO_NATIVE_TENS.items(), key=lambda item: -len(item[0])):
        if word.startswith(tens):
            rest = word[len(tens) :]
            if not rest:
                return float(tens_value)
            if rest in _KO_NATIVE_UNITS and tens != "스무":
                return float(tens_value + _KO_NATIVE_UNITS[rest])
            return None
    if word in _KO_NATIVE_UNITS:
        return float(_KO_NATIVE_UNITS[word])
    return None


def _korean_approximate(scanned: str, start: int, end: int) -> bool:
    return bool(
        _KO_APPROX_BEFORE.search(scanned[max(0, start - 6) : start])
        or _KO_APPROX_AFTER.match(scanned[end : end + 6])
        or scanned[start - 1 : start] == "~"
    )


def _korean_fraction(
    text: str, scanned: str, start: int, end: int, denominator: float
) -> NumberMention | None:
    """3분의 1, 3분의1, 3분의 일: a third."""
    fraction = re.match(r"\s?분의\s?(\d+(?:\.\d+)?|[일이삼사오육칠팔구십백]+)", scanned[end:])
    if fraction is None or not denominator:
        return None
    written = fraction.group(1)
    numerator = _to_float(written) if written[0].isdigit() else _sino_value(written)
    if numerator is None:
        return None
    end += fraction.end()
    ratio = numerator / denominator
    return NumberMention(
        ratio, start, end, text[start:end], "fraction", alternatives=_fraction_alternatives(ratio)
    )


def _korean_unit(scanned: str, end: int) -> tuple[str | None, str]:
    """The unit or counter right after a number (or after one space): (unit name, its text)."""
    rest = scanned[end:]
    for candidate, name in _KO_DIGIT_UNITS:
        if not rest.startswith(candidate):
            continue
        tail = rest[len(candidate) : len(candidate) + 1]
        if tail and tail in _KO_UNIT_TAIL_FORBIDDEN.get(candidate.strip(), ""):
            continue  # 3일본, 5시즌: the syllable starts another word
        if candidate[-1].isascii() and candidate[-1].isalpha() and re.match(r"[A-Za-z]", tail):
            continue  # 5mg is no 5m
        return name, candidate
    if re.match(r" [가-힣]", rest):
        spaced = _korean_unit_after(scanned, end + 1, strict=True)
        if spaced is not None:
            return spaced[0], " " + spaced[1]
    return None, ""


def _korean_day(scanned: str, before: str, end: int) -> str:
    """N일: "date" (28일(현지시간), 지난 25일), "count" (3일간, 10일 만에) or "day" (either)."""
    after = scanned[end:]
    if re.match(_KO_DURATION_AFTER, after):
        return "count"
    if re.search(r"(?:\d\s?월|지난|오는|이달|지난달|다음 ?달|내달|이번 ?달)\s*$", before) or re.match(
        r"\s?\(|,|\s?(?:오전|오후|밤|새벽|저녁|낮|아침|께|자 |까지|부터)", after
    ):
        return "date"
    return "day"


def _korean_numeral(text: str, scanned: str, match: re.Match[str]) -> NumberMention:
    """A number written in digits, with its Korean scale words, unit or counter."""
    start, digits = match.start(), match.group(0)
    value, end = _korean_digit_value(scanned, start, match.end(), _to_float(digits))
    whole = value == int(value) and end == match.end()  # an integer written without 만/억
    before = scanned[max(0, start - 12) : start]
    fraction = _korean_fraction(text, scanned, start, end, value)
    if fraction is not None:
        return fraction

    unit, unit_text = _korean_unit(scanned, end)
    kind = "cardinal"
    if (
        re.search(r"[A-Za-z]-?$", before)
        or (unit is None and re.match(r"[A-Za-z]", scanned[end:]))  # 5G, 3D
        or (unit is None and _KO_CODE_BEFORE.search(before))  # 보잉 747 (but 보잉 747 30대 counts)
        or re.match(r"자\s?(?:회담|협상|회의|간)", scanned[end:])  # 6자회담: the six-party talks
    ):
        kind = "code"
    elif re.search(r"제\s?$", before):
        kind = "ordinal"  # 제2의 인생
    if unit is None and kind != "code":
        # "24~26일": the first number of a range takes the unit written after the second
        ahead = re.match(r"\s?(?:~|∼|〜|–|-)\s?\d+(?:\.\d+)?", scanned[end:])
        later = _korean_unit_after(scanned, end + ahead.end()) if ahead is not None else None
        unit = later[0] if later is not None else None
    if unit == "clock" and not (whole and value <= 24):
        unit, unit_text = None, ""  # 30시즌 is no clock
    end += len(unit_text)

    alternatives: tuple[float, ...] = ()
    if kind == "code":
        pass
    elif unit == "percent":
        kind, alternatives = "percent", _percent_alternatives(value)
    elif unit in {"ordinal", "article"}:
        kind = "ordinal"
    elif unit == "decade":
        kind = "decade"
        alternatives = (1900 + value, 2000 + value) if value < 100 else ()
    elif unit == "year" and whole and 1000 <= value <= 2100:
        kind = "year"
    elif unit == "month-of-year":
        kind, unit = ("month" if whole and 1 <= value <= 12 else "cardinal"), "month"
    elif unit == "day" and whole and 1 <= value <= 31:
        day = _korean_day(scanned, before, end)
        kind, unit = ("cardinal", "day") if day == "count" else ("day", day)
    elif unit == "clock":
        kind = "time"
        meridiem = "p" if re.search(r"(?:오후|저녁|밤)\s*$", before) else None
        meridiem = "a" if re.search(r"(?:오전|새벽|아침)\s*$", before) else meridiem
        alternatives = _clock_alternatives(value, meridiem)
        if re.match(r"\s?반", scanned[end:]):
            alternatives = (*alternatives, 30)  # 3시 반: half past three
    elif unit == "minute" and re.search(r"\d\s?시\s?$", before):
        kind = "time"
    elif unit is None and whole and 1000 <= value <= 2100 and "," not in digits:
        kind = "year"

    approximate = _korean_approximate(scanned, start, end)
    if scanned[end : end + 1] == "여" and not unit_text:
        # 20여명, 50만여척: "some 20 people"
        approximate = True
        follow = _korean_unit_after(scanned, end + 1)
        if follow is not None:
            unit = follow[0]
            end += 1 + len(follow[1])
    # Consecutive ranges ("2, 3년", "2~3명", "3-4개") are vague, as is a bare 0 (2-0)
    range_after = re.match(r"\s?(?:,\s?|~|-|∼|〜)(\d+)", scanned[match.end() :])
    range_before = re.search(r"(\d+)\s?(?:,\s?|~|-|∼|〜)\s?$", before)
    weak = bool(
        (range_after and _to_float(range_after.group(1)) == value + 1)
        or (range_before and _to_float(range_before.group(1)) == value - 1)
        or (value == 0 and kind == "cardinal")
    )
    if unit is None and kind in {"cardinal", "year"} and end == match.end():
        dated = re.fullmatch(r"(\d{4})\.(\d{1,2})", digits)
        if dated and 1900 <= int(dated.group(1)) <= 2100 and 1 <= int(dated.group(2)) <= 12:
            # a dateline, "2005.10"
            kind, weak = "year", True
            value, alternatives = float(dated.group(1)), (float(dated.group(2)),)
        dated = re.fullmatch(r"([1-9]|1[0-2])\.([1-9]|[12]\d|3[01])", digits)
        if dated and re.match(r"(?:\s|$|[(\[])", scanned[end:]):
            # "6.15 남북공동선언", "9.11 테러": a date that names an event
            alternatives = (float(dated.group(1)), float(dated.group(2)))
    converted = (value * 3.3058, value * 35.58) if unit == "pyeong" else ()  # 평 → m², sq ft
    return NumberMention(
        value, start, end, text[start:end], kind, unit, approximate, weak, alternatives, converted
    )


def _korean_unit_after(scanned: str, position: int, strict: bool = False) -> tuple[str, str] | None:
    """The unit or counter at ``position``; ``strict`` also wants a particle or word end after it."""
    rest = scanned[position:]
    for candidate, name in _KO_DIGIT_UNITS:
        if not rest.startswith(candidate) or (strict and not "가" <= candidate[0] <= "힣"):
            continue
        tail = rest[len(candidate) : len(candidate) + 1]
        if tail and tail in _KO_UNIT_TAIL_FORBIDDEN.get(candidate, ""):
            continue
        if strict and tail and "가" <= tail <= "힣" and tail not in _KO_AFTER_COUNTER:
            continue
        return name, candidate
    return None


# ---------------------------------------------------------------------------------------------
# Comparison


def _exponent(value: float) -> tuple[int, int]:
    """(exponent of the last significant digit, number of significant digits) of a value."""
    if value == 0:
        return 0, 1
    normal = Decimal(repr(round(abs(value), 9))).normalize()
    _, digits, exponent = normal.as_tuple()
    return int(exponent), len(digits)


def _round_significant(value: float, digits: int) -> float:
    """``value`` rounded half-up to ``digits`` significant digits: (1,234,567, 2) → 1,200,000."""
    step = 10.0 ** (math.floor(math.log10(abs(value))) - digits + 1)
    return math.floor(abs(value) / step + 0.5) * step * (1 if value > 0 else -1)


def values_equal(
    source: float,
    target: float,
    approximate: bool = False,
    bound: int = 0,
) -> bool:
    """Whether the target (Korean) value renders the source (English) value.

    Equal, or the target is a rounding of the source: 1,234,567 → 123만, 12.34% → 12.3%,
    "about 18" → 약 20, a third → "30% 이상". Rounding runs one way only: MT cannot add
    precision, so "almost 300" → 306여명 is a change. Unmarked rounding needs two significant
    digits kept and a fractional or large (≥ 10,000) source; small whole numbers must agree
    unless a side says "about" (152 people → 150명 is a change). ``bound`` is the target's
    "이상" (+1) or "이하" (−1): 33% → "30% 이상" is consistent, 3,000 → "3,070척 이상" is not.
    """
    if math.isclose(source, target, rel_tol=1e-6, abs_tol=1e-9):
        return True
    if source == 0 or target == 0 or (source < 0) != (target < 0):
        return False
    (exp_source, _), (exp_target, sig_target) = _exponent(source), _exponent(target)
    if exp_target <= exp_source:
        return False
    if not math.isclose(_round_significant(source, sig_target), target, rel_tol=1e-9):
        return False  # 7.2 is not "about 10": to one significant digit it is 7
    if approximate:
        return True
    if (bound > 0 and source >= target) or (bound < 0 and source <= target):
        return True
    return sig_target >= 2 and (source != int(source) or source >= 10_000)


def _converted_equal(converted: float, target: float, tolerance: float, approximate: bool) -> bool:
    """A unit conversion the translator rounded: 150 miles → 240km, 36 inches → 900mm.

    The last kept digit may be off by one when three are kept (180 miles → 289km for 289.7)
    or when a side says "about" (90 mph → 약 150km for 144.8).
    """
    if converted <= 0 or target <= 0:
        return False
    if math.isclose(converted, target, rel_tol=tolerance):
        return True
    exponent, significant = _exponent(target)
    slack = 10.0**exponent if significant >= 3 or (approximate and significant >= 2) else 0.0
    return abs(_round_significant(converted, significant) - target) <= slack * (1 + 1e-9)


def mentions_match(english: NumberMention, korean: NumberMention, tolerance: float = 0.01) -> bool:
    """Whether the Korean mention renders the English one (see :func:`values_equal`)."""
    if "year" in {english.kind, korean.kind}:
        # a year is never rounded: "about 2030" is still 2030
        return any(math.isclose(x, y) for x in english.values() for y in korean.values())
    currencies = {english.unit, korean.unit}
    if currencies <= _CURRENCIES and len(currencies) == 2 and "money" not in currencies:
        return False  # $3 billion → 30억 원: the amount is right, the currency is not
    english_values = english.values()
    if {english.kind, korean.unit} == {"percent", "times"}:
        english_values = english.alternatives  # 200% is 2배, but 38% is not 38배
    approximate = english.approximate or korean.approximate
    if any(values_equal(x, y, approximate, korean.bound) for x in english_values for y in korean.values()):
        return True
    if any(
        _converted_equal(x, y, tolerance, approximate) for x in english.converted for y in korean.values()
    ):
        return True
    return any(math.isclose(x, y, rel_tol=tolerance) for x in korean.converted for y in english.values())


def _parenthetical_groups(mentions: list[NumberMention], text: str) -> list[int]:
    """Each mention's group: "15 meters (49 feet)", "$100 million (약 1,300억 원)" state one quantity."""
    group = list(range(len(mentions)))
    for i in range(1, len(mentions)):
        gap = text[mentions[i - 1].end : mentions[i].start]
        if re.fullmatch(
            r"\s*[(\[]\s*(?:about|approximately|around|roughly|some|nearly|almost|over|약|대략)?\s*[$€£¥₩]?\s*",
            gap,
            re.IGNORECASE,
        ):
            group[i] = group[i - 1]
    return group


_CONTEXTUAL_KINDS = {"day", "month", "time"}
_DATE_KINDS = {"year", "month", "day"}
_KO_RELATIVE_DATES = re.compile(
    r"지난해|작년|올해|금년|내년|이듬해|전년|지난달|이달|이번 ?달|다음 ?달|내달|전날|어제|오늘|내일|"
    r"지난주|이번 ?주|다음 ?주|지난 ?주말|전월|전주"
)
_EN_RELATIVE_DATES = re.compile(
    r"\b(?:last|this|next|previous|coming|past|same|following|prior)\s+"
    r"(?:year|month|week|weekend|spring|summer|fall|autumn|winter|"
    + "|".join(name for name in _EN_MONTHS if len(name) > 3)
    + r")\b|\byesterday\b|\btoday\b|\btomorrow\b|\bago\b|\bearlier this\b|\blater this\b",
    re.IGNORECASE,
)
_UNIT_FAMILY = {
    "person": "count",
    "thing": "count",
    "country": "count",
    **dict.fromkeys(_CURRENCIES, "money"),
    "percent": "percent",
    "year": "year",
    "decade": "year",
    "month": "month",
    "week": "week",
    "day": "day",
    "hour": "hour",
    "minute": "minute",
    "second": "second",
    "clock": "clock",
    "age": "age",
    "times": "times",
}


@dataclass
class NumberProblem:
    """One disagreement: the mention to point at, its side, and the other side's candidate."""

    side: Side
    mention: NumberMention
    counterpart: NumberMention | None = None


def _family(mention: NumberMention) -> str:
    key = mention.unit or mention.kind
    return _UNIT_FAMILY.get(key, key)


def _assign(
    english: list[NumberMention], korean: list[NumberMention], match: list[list[bool]]
) -> tuple[set[int], set[int]]:
    """A one-to-one pairing of equal numbers (multiset matching), same unit family first."""
    paired_english: set[int] = set()
    paired_korean: set[int] = set()
    for same_family in (True, False):
        for i, e in enumerate(english):
            if i in paired_english:
                continue
            options = [
                j
                for j, k in enumerate(korean)
                if match[i][j] and j not in paired_korean and (not same_family or _family(k) == _family(e))
            ]
            if options:
                paired_english.add(i)
                paired_korean.add(options[0])
    return paired_english, paired_korean


def compare_numbers(
    english: list[NumberMention],
    korean: list[NumberMention],
    source_text: str,
    target_text: str,
    tolerance: float = 0.01,
) -> list[NumberProblem]:
    """The disagreements between two sides' numbers, conservative about false alarms.

    Numbers are paired one to one (multisets). A number left over whose value the other side
    does state (the English says "three" twice, the Korean 3 once) is a *duplicate*: never
    reported on its own, but the best explanation of a left-over number on the other side.

    - A Korean number that matches nothing in the English is reported with the English number
      it most likely garbles (left over, same unit family, nearby); with no such candidate it is
      an *addition*, reported only when the English states numbers in digits itself (Korean
      news adds dates, ages and "6자회담" to sentences that have none).
    - An English number that matches nothing in the Korean is reported on the Korean number
      that garbles it if there is one, else on the English side as dropped, except a small
      spelled-out number ("the two sides" → 양측, "three hotels" → 호텔들).
    """
    match = [[mentions_match(e, k, tolerance) for k in korean] for e in english]
    paired_english, paired_korean = _assign(english, korean, match)
    english_groups = _parenthetical_groups(english, source_text)
    korean_groups = _parenthetical_groups(korean, target_text)
    english_done = {english_groups[i] for i in paired_english}
    korean_done = {korean_groups[j] for j in paired_korean}
    followers = {id(m) for i, m in enumerate(english) if english_groups[i] != i}
    followers |= {id(m) for j, m in enumerate(korean) if korean_groups[j] != j}
    # left over: not paired (nor grouped with a paired number); duplicates state a value the other side has
    english_left = [i for i in range(len(english)) if english_groups[i] not in english_done]
    korean_left = [j for j in range(len(korean)) if korean_groups[j] not in korean_done]
    english_duplicate = {i for i in english_left if any(match[i])}
    korean_duplicate = {j for j in korean_left if any(match[i][j] for i in range(len(english)))}

    kinds = {"source": {m.kind for m in english}, "target": {m.kind for m in korean}}
    english_counts_days = any(m.unit == "day" for m in english)
    relative = {
        "source": _EN_RELATIVE_DATES.search(source_text) is not None,
        "target": _KO_RELATIVE_DATES.search(target_text) is not None,
    }

    def flaggable(mention: NumberMention, other: str) -> bool:
        if mention.weak or mention.kind == "code" or id(mention) in followers:
            return False
        if mention.value in (0, 1) and mention.kind not in {"percent", "fraction"}:
            return False
        if mention.kind in _DATE_KINDS and relative[other]:
            return False  # "October 2007" → 지난해 10월; "next June" → 2009년 6월
        if mention.kind == "day" and mention.unit == "day" and english_counts_days:
            return True  # "three days" → 3일이 걸렸다: a count, not a date
        return not (mention.kind in _CONTEXTUAL_KINDS and mention.kind not in kinds[other])

    english_has_digits = any(
        not m.weak and m.kind not in {"code", *_CONTEXTUAL_KINDS} and re.search(r"\d", m.text)
        for m in english
    )
    problems: list[NumberProblem] = []
    used: set[int] = set()
    for j in korean_left:
        mention = korean[j]
        if j in korean_duplicate or not flaggable(mention, "source"):
            continue
        candidates = [english[i] for i in english_left if flaggable(english[i], "target")]
        if not candidates:
            # "one sample" → 10개, "both cities" → 9 도시: a vague English number the Korean
            # changed is still the best explanation of a left-over Korean one
            candidates = [
                english[i]
                for i in english_left
                if english[i].kind not in {"code", *_CONTEXTUAL_KINDS} and id(english[i]) not in followers
            ]
        counterpart = _best_counterpart(mention, candidates, target_text, source_text, used)
        if counterpart is None and not english_has_digits:
            continue
        if counterpart is not None:
            used.add(id(counterpart))
        problems.append(NumberProblem("target", mention, counterpart))
    blamed = {id(problem.mention) for problem in problems}
    for i in english_left:
        mention = english[i]
        if i in english_duplicate or id(mention) in used or not flaggable(mention, "target"):
            continue
        candidates = [
            korean[j]
            for j in korean_left
            if id(korean[j]) not in blamed
            and id(korean[j]) not in followers
            and not korean[j].weak
            and korean[j].kind != "code"
            and (
                korean[j].kind not in _CONTEXTUAL_KINDS
                or korean[j].kind == mention.kind
                or korean[j].unit == mention.unit
            )
            and not (korean[j].kind in _DATE_KINDS and relative["source"])
        ]
        counterpart = _best_counterpart(mention, candidates, source_text, target_text, set())
        if counterpart is not None:
            blamed.add(id(counterpart))
            problems.append(NumberProblem("target", counterpart, mention))
        elif re.search(r"\d", mention.text) or mention.value > 12:
            problems.append(NumberProblem("source", mention, None))
    problems.sort(key=lambda problem: (problem.side != "target", problem.mention.start))
    return problems


def _best_counterpart(
    mention: NumberMention,
    candidates: Iterable[NumberMention],
    text: str,
    other_text: str,
    used: set[int],
) -> NumberMention | None:
    """The other side's left-over number most likely to be this one's garbled counterpart."""
    position = mention.start / max(len(text), 1)
    best: tuple[float, NumberMention] | None = None
    for candidate in candidates:
        if id(candidate) in used:
            continue
        score = abs(candidate.start / max(len(other_text), 1) - position)
        if _family(candidate) == _family(mention):
            score -= 1
        if candidate.weak or candidate.value in (0, 1):
            score += 0.5
        if best is None or score < best[0]:
            best = (score, candidate)
    return best[1] if best else None


def _english_snippet(mention: NumberMention, text: str) -> str:
    """The English number with a couple of words after it, for the message."""
    tail = re.match(r"(?:[ \t-]+[^\s.,;:!?\"”)]+){0,2}", text[mention.end :])
    snippet = text[mention.start : mention.end + (tail.end() if tail else 0)].strip()
    return snippet if len(snippet) <= 48 else snippet[:45].rstrip() + "…"


def _say(mention: NumberMention) -> str:
    return mention.text.strip()


def describe(problem: NumberProblem, source_text: str) -> str:
    """The editor's message: the offending number quoted, and what the English says instead."""
    if problem.side == "target":
        if problem.counterpart is None:
            return f'"{_say(problem.mention)}" — the English has no such number; check it is not invented'
        counterpart = problem.counterpart
        same_figure = any(math.isclose(x, problem.mention.value) for x in counterpart.values())
        return (
            f'"{_say(problem.mention)}" — the English has {_say(counterpart)} '
            f'("{_english_snippet(counterpart, source_text)}")'
            + (": same figure, different unit or currency" if same_figure else "")
        )
    return (
        f'{_say(problem.mention)} ("{_english_snippet(problem.mention, source_text)}") '
        "does not appear in the Korean: the number was dropped or changed"
    )


@check(
    "number-mismatch",
    severity="error",
    description="numbers that differ in value, Korean units understood (`1억 달러` = `$100 million`)",
    thresholds={"conversion_tolerance": 0.01},
)
def number_mismatch(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """A number the English states that the Korean does not, or the other way round.

    Values are compared after unit normalisation (만/억/조, million/billion, %, fractions,
    imperial → metric loosely), with tolerance for rounding. Deliberately not flagged: 0 and 1
    on their own (determiners), names and codes, weekday → date and clock-time reformatting,
    vague quantities (both, twice, a dozen), and a number repeated on one side only.
    Omissions and additions (a side with no text) are left to their own checks.
    """
    if not alignment.source_ids or not alignment.target_ids:
        return []
    english = english_numbers(alignment.source_text)
    korean = korean_numbers(alignment.target_text)
    if not english and not korean:
        return []
    tolerance = context.config.threshold("number-mismatch", "conversion_tolerance")
    problems = compare_numbers(english, korean, alignment.source_text, alignment.target_text, tolerance)
    return [
        context.flag(
            "number-mismatch",
            describe(problem, alignment.source_text),
            problem.side,
            problem.mention.start,
            problem.mention.end,
        )
        for problem in problems
    ]
