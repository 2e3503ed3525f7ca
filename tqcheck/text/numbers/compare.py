"""Whether two sides state the same numbers, and what to tell the editor when they do not.

The comparison is deliberately conservative, because a false number alarm is an ERROR: see
:func:`compare_numbers` for what is and is not reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from tqcheck.model import Side
from tqcheck.text.numbers.english import ENGLISH_MONTHS
from tqcheck.text.numbers.mention import CURRENCIES, NumberMention
from tqcheck.text.numbers.units import unit_name


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
    if {english.kind, korean.kind} == {"day", "month"}:
        return False  # 5 March is 3월 5일, not 5월 3일
    if english.unit == "F" and korean.unit in _TEMPERATURE_UNITS:
        return _temperature_equal(english, korean)
    currencies = {english.unit, korean.unit}
    if currencies <= CURRENCIES and len(currencies) == 2 and "money" not in currencies:
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


# Temperatures: a Korean Celsius figure renders English Fahrenheit to about a degree, or rounded to 5 or 10
# (68°F = 20도; 350°F = 180°C; 100°F = 37.8 may be written 37도 or 38도).
_TEMPERATURE_UNITS = frozenset({"deg", "C", "F", None})
_TEMPERATURE_SLACK = 1.0


def _temperature_equal(english: NumberMention, korean: NumberMention) -> bool:
    """°F in the English against a Korean temperature: the same °F figure (화씨 68도, or 68도 with
    no scale), or its Celsius conversion to within a degree (not when the Korean says 화씨)."""
    if korean.unit != "C" and any(math.isclose(english.value, y) for y in korean.values()):
        return True
    return korean.unit != "F" and any(
        abs(celsius - y) <= _temperature_slack(y) + 1e-9
        for celsius in english.converted
        for y in korean.values()
    )


def _temperature_slack(celsius: float) -> float:
    """How far a Celsius figure may sit from the exact conversion: a degree, or half the step it is
    rounded to (recipes and forecasts round to 5 or 10: 350°F = 176.7°C is written 180°C), short of
    the tie (95°F is 35°C exactly, and 30°C is another temperature)."""
    for step in (10.0, 5.0):
        if celsius and celsius % step == 0:
            return step / 2 - 0.1
    return _TEMPERATURE_SLACK


_BRACKETED = re.compile(
    r"\s*[(\[]\s*(?:about|approximately|around|roughly|some|nearly|almost|over|약|대략)?\s*"
    r"(?:US|HK|NZ|A|C|S)?[$€£¥₩]?\s*",
    re.IGNORECASE,
)
_UNIT_WORD = re.compile(r"\s*([A-Za-z]+)")


def parenthetical_groups(mentions: list[NumberMention], text: str) -> list[int]:
    """Each mention's group: "15 meters (49 feet)", "$100 million (약 1,300억 원)", "20,000 yuan
    (about US$2,920)" state one quantity (a unit word written outside the span may come between)."""
    group = list(range(len(mentions)))
    for i in range(1, len(mentions)):
        gap = text[mentions[i - 1].end : mentions[i].start]
        word = _UNIT_WORD.match(gap)
        if word is not None and mentions[i - 1].unit and unit_name(word.group(1)) == mentions[i - 1].unit:
            gap = gap[word.end() :]
        if _BRACKETED.fullmatch(gap):
            group[i] = group[i - 1]
    return group


def stated_quantities(mentions: list[NumberMention], text: str) -> list[NumberMention]:
    """The mentions less bracketed restatements of the one before (a conversion: "(about US$2,920)",
    "(약 300만원)"): each quantity once, as a translator may convert it, drop or add the brackets."""
    groups = parenthetical_groups(mentions, text)
    return [mention for i, mention in enumerate(mentions) if groups[i] == i]


_CONTEXTUAL_KINDS = {"day", "month", "time"}
_DATE_KINDS = {"year", "month", "day"}
_KO_RELATIVE_DATES = re.compile(
    r"지난해|작년|올해|금년|내년|이듬해|전년|지난달|이달|이번 ?달|다음 ?달|내달|전날|어제|오늘|내일|"
    r"지난주|이번 ?주|다음 ?주|지난 ?주말|전월|전주"
)
_EN_RELATIVE_DATES = re.compile(
    r"\b(?:last|this|next|previous|coming|past|same|following|prior)\s+"
    r"(?:year|month|week|weekend|spring|summer|fall|autumn|winter|"
    + "|".join(name for name in ENGLISH_MONTHS if len(name) > 3)
    + r")\b|\byesterday\b|\btoday\b|\btomorrow\b|\bago\b|\bearlier this\b|\blater this\b",
    re.IGNORECASE,
)
_UNIT_FAMILY = {
    "person": "count",
    "thing": "count",
    "country": "count",
    **dict.fromkeys(CURRENCIES, "money"),
    "percent": "percent",
    "year": "year",
    "decade": "year",
    "month": "month",
    "week": "week",
    "day": "day",
    "date": "day",  # 14일 as a day of the month: the English "March 14" is kind "day"
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
    conversion: bool = False  # a bracketed English conversion the Korean dropped: minor
    in_won: bool = False  # the Korean gives the English amount converted to won instead: minor


# Won per unit of a foreign currency, wide enough for any rate since 1990: an English amount in that
# currency whose Korean is a won figure in this band was converted (Korean news localises money:
# "$3 million" → 약 40억 원), not garbled.
_WON_PER_UNIT = {
    "usd": (650.0, 2000.0),
    "eur": (800.0, 2100.0),
    "gbp": (1000.0, 2600.0),
    "cny": (90.0, 300.0),
    "jpy": (5.0, 16.0),
}


def converted_to_won(korean: NumberMention, english: NumberMention) -> bool:
    """Whether a won amount reads as the English foreign amount converted at a plausible rate."""
    band = _WON_PER_UNIT.get(english.unit or "")
    if korean.unit != "krw" or band is None or english.value <= 0:
        return False
    return band[0] <= korean.value / english.value <= band[1]


def _family(mention: NumberMention) -> str:
    key = mention.unit or mention.kind
    return _UNIT_FAMILY.get(key, key)


def _assign(
    english: list[NumberMention], korean: list[NumberMention], match: list[list[bool]]
) -> dict[int, int]:
    """A one-to-one pairing of equal numbers (multiset matching), same unit family first:
    English index -> Korean index."""
    pairs: dict[int, int] = {}
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
                pairs[i] = options[0]
    return pairs


def compare_numbers(
    english: list[NumberMention],
    korean: list[NumberMention],
    source_text: str,
    target_text: str,
    tolerance: float = 0.01,
    conversions: bool = False,
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
    pairs = _assign(english, korean, match)
    paired_english, paired_korean = set(pairs), set(pairs.values())
    english_groups = parenthetical_groups(english, source_text)
    korean_groups = parenthetical_groups(korean, target_text)
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
        in_won = counterpart is not None and converted_to_won(mention, counterpart)
        problems.append(NumberProblem("target", mention, counterpart, in_won=in_won))
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
            problems.append(
                NumberProblem("target", counterpart, mention, in_won=converted_to_won(counterpart, mention))
            )
        elif re.search(r"\d", mention.text) or mention.value > 12:
            problems.append(NumberProblem("source", mention, None))
    if conversions:
        problems += _dropped_conversions(english, korean, english_groups, korean_groups, pairs, match)
    problems.sort(key=lambda problem: (problem.side != "target", problem.mention.start))
    return problems


def _dropped_conversions(
    english: list[NumberMention],
    korean: list[NumberMention],
    english_groups: list[int],
    korean_groups: list[int],
    pairs: dict[int, int],
    match: list[list[bool]],
) -> list[NumberProblem]:
    """A conversion the English gives in brackets ("20,000 yuan (about US$2,920)") of a quantity the
    Korean does state, but without any conversion: a reader loses a hint, not a fact. Not reported
    when the Korean gives a conversion of its own (2만위안(약 300만원)): Korean news converts to won."""
    problems: list[NumberProblem] = []
    for i, mention in enumerate(english):
        leader = english_groups[i]
        if leader == i or i in pairs or any(match[i]) or mention.weak:
            continue
        partners = [pairs[e] for e in pairs if english_groups[e] == leader]
        if not partners:
            continue  # the quantity itself is missing or changed: reported above
        korean_group = korean_groups[partners[0]]
        if any(korean_groups[j] == korean_group and j != korean_group for j in range(len(korean))):
            continue
        problems.append(NumberProblem("source", mention, conversion=True))
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
        if problem.in_won:
            return (
                f'"{_say(problem.mention)}" — the English has {_say(counterpart)} '
                f'("{_english_snippet(counterpart, source_text)}"), converted to won: keep the English '
                "amount, with the won figure in brackets if wanted"
            )
        same_figure = any(math.isclose(x, problem.mention.value) for x in counterpart.values())
        return (
            f'"{_say(problem.mention)}" — the English has {_say(counterpart)} '
            f'("{_english_snippet(counterpart, source_text)}")'
            + (": same figure, different unit or currency" if same_figure else "")
        )
    if problem.conversion:
        return (
            f"{_say(problem.mention)}, the conversion the English gives in brackets, does not appear "
            "in the Korean: keep it, or give a conversion of your own"
        )
    return (
        f'{_say(problem.mention)} ("{_english_snippet(problem.mention, source_text)}") '
        "does not appear in the Korean: the number was dropped or changed"
    )
