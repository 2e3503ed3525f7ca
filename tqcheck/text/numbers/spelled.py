"""Spelled-out English numbers: eight, twenty-five, two hundred thousand, a dozen, two-thirds.

Also the vague and idiomatic ones (both, twice, half, a decade): they confirm a Korean number
but are marked ``weak``, so they never flag on their own.
"""

from __future__ import annotations

import re

from tqcheck.text.numbers.mention import Found, NumberMention, fraction_alternatives, percent_alternatives
from tqcheck.text.numbers.units import EN_UNIT, UNITS_OUTSIDE_SPAN, metric_values, unit_name

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
    # Tournament rounds, which Korean names by the teams left: a quarter-final is 8강, a semi-final 4강.
    **dict.fromkeys("quarterfinal quarterfinals quarterfinalist quarterfinalists".split(), (8, ())),
    **dict.fromkeys("semifinal semifinals semifinalist semifinalists semis".split(), (4, ())),
}
_EN_ROUND_PREFIXES = {"quarter": 8.0, "semi": 4.0}
_EN_FINALS = frozenset({"final", "finals", "finalist", "finalists"})
# "half an hour" is 30분, "a quarter past eight" 8시 15분
_EN_CLOCK_FRACTION = re.compile(r"[ \t]+(?:an[ \t]+hour|hour|past|to|after|of[ \t]+an[ \t]+hour)\b", re.I)
# A run of letters: the unit the spelled-number and month scanners step through.
EN_WORD = re.compile(r"[A-Za-z]+")


_EN_FUSED = re.compile(
    r"\b(" + "|".join(_EN_TENS) + r")(" + "|".join([*_EN_UNITS, *_EN_ORDINALS][1:]) + r")\b", re.IGNORECASE
)


def english_spelled(text: str, scanned: str, found: Found) -> None:
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
    words = list(EN_WORD.finditer(scanned))
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


def _spelled_at(text: str, scanned: str, words: list[re.Match[str]], i: int, found: Found) -> int:
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
                            *fraction_alternatives(value),
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
    round_of = _EN_ROUND_PREFIXES.get(lower)
    if round_of and next_lower(i + 1) in _EN_FINALS and _joined(scanned, word, words[i + 1]):
        end = words[i + 1].end()  # "quarter-finals", "semi final": a round, not a fraction
        found.add(NumberMention(round_of, start, end, text[start:end], "cardinal", weak=True))
        return 2
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
    text: str, scanned: str, words: list[re.Match[str]], i: int, found: Found, article: bool
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
                    alternatives=fraction_alternatives(fraction),
                )
            )
            return consumed + 1
    if joinable and following in {"percent", "pct"}:
        kind = "percent"
        end = words[j].end()
        alternatives = percent_alternatives(value)
    elif joinable and following in {"decade", "decades"}:
        alternatives = (value * 10,)
    elif joinable and following in {"century", "centuries"}:
        alternatives = (value * 100,)
    elif j + 1 < len(words) and following == "per" and words[j + 1].group(0).lower() == "cent":
        kind = "percent"
        end = words[j + 1].end()
        alternatives = percent_alternatives(value)
    if article and value in {12, 100}:
        weak = True  # "a dozen", "a hundred": usually idiomatic
    unit_match = EN_UNIT.match(scanned[end:])
    unit = unit_name(unit_match.group(1)) if unit_match and kind == "cardinal" else None
    if unit_match and unit is not None and unit not in UNITS_OUTSIDE_SPAN:
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
            converted=metric_values(value, unit),
        )
    )
    return consumed
