"""The number mention every parser returns, and the helpers both parsers share.

A mention is one number as a text writes it, with its value and the other exact (or loose)
readings a comparison may use: 38% is also 0.38, 1/3 is also 33%, "five decades" is also 50
years, 80 miles is also 129 km (loosely).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def masked(text: str, extra: re.Pattern[str] | None = None) -> str:
    """The text with URLs, e-mail addresses and HTML entities blanked out, offsets kept."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    text = _MASK.sub(blank, text)
    return extra.sub(blank, text) if extra is not None else text


class Found:
    """The mentions found so far in one text; a span once claimed cannot be claimed again."""

    def __init__(self) -> None:
        self.mentions: list[NumberMention] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= m.start or start >= m.end for m in self.mentions)

    def add(self, mention: NumberMention) -> None:
        self.mentions.append(mention)


def to_float(digits: str) -> float:
    return float(digits.replace(",", ""))


def percent_alternatives(value: float) -> tuple[float, ...]:
    return (value / 100,)


def fraction_alternatives(value: float) -> tuple[float, ...]:
    return (value * 100,)


def clock_alternatives(hour: float, meridiem: str | None) -> tuple[float, ...]:
    """The other way to write an hour: 8 p.m. is 20시; 8 with no a.m./p.m. may be either."""
    if meridiem:
        return (hour + 12,) if meridiem.lower() == "p" and hour < 12 else ()
    if hour > 12:
        return (hour - 12,)
    return (hour + 12,) if hour < 12 else ()


# Money: compared by currency as well as amount ($3 billion is not 30억 원).
CURRENCIES = {"usd", "eur", "krw", "cny", "jpy", "gbp", "money"}
