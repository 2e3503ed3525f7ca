"""Korean clock times: 오후 7시 45분 (one time, 7.75 and 19.75 o'clock), 오후 7:45, 정오, 자정.

The English 7:45 p.m. is parsed to the same value (:mod:`tqcheck.text.numbers.english`), so hour and
minutes are compared together: 7시 15분 does not pass for 7:45.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tqcheck.text.numbers.mention import Found, NumberMention, clock_alternatives

#: What may follow a clock word (정오, 7시): a particle, a space, punctuation or the end.
_CLOCK_PARTICLES = "에이가을를은는의도부까께경쯤무"
_KO_WORD_AFTER = rf"(?=$|[^가-힣]|[{_CLOCK_PARTICLES}])"
#: Where 시 ends an hour (7시까지, 7시반), not a word (30시즌).
CLOCK_HOUR_END = re.compile(rf"$|[^가-힣]|[{_CLOCK_PARTICLES}반]")


def clock_minutes(mentions: list[NumberMention], text: str, scanned: str) -> list[NumberMention]:
    """오후 7시 45분 is one clock time, 7.75 o'clock (and 19.75), as the English 7:45 p.m. is: the
    hour and the minutes compared apart would let 7시 15분 pass for 7:45."""
    result: list[NumberMention] = []
    for mention in mentions:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.unit == "clock"
            and mention.unit == "minute"
            and mention.value < 60
            and re.fullmatch(r"\s?", scanned[previous.end : mention.start])
        ):
            fraction = mention.value / 60
            result[-1] = replace(
                previous,
                value=previous.value + fraction,
                end=mention.end,
                text=text[previous.start : mention.end],
                alternatives=tuple(hour + fraction for hour in previous.alternatives),
            )
            continue
        result.append(mention)
    return result


_KO_CLOCK = re.compile(r"(?<![\d.:])([01]?\d|2[0-4]):([0-5]\d)(?![\d:])")
_KO_NOON = re.compile(r"(?<![가-힣])(정오|자정)" + _KO_WORD_AFTER)


def korean_meridiem(before: str) -> str | None:
    if re.search(r"(?:오전|새벽|아침)\s*$", before):
        return "a"
    return "p" if re.search(r"(?:오후|저녁|밤)\s*$", before) else None


def korean_clock_words(text: str, scanned: str, found: Found) -> None:
    """Clock times Korean writes without 시: 오후 7:45, 정오 (noon), 자정 (midnight, 0 or 24)."""
    for match in _KO_CLOCK.finditer(scanned):
        hour, fraction = float(match.group(1)), float(match.group(2)) / 60
        meridiem = korean_meridiem(scanned[max(0, match.start() - 6) : match.start()])
        alternatives = tuple(h + fraction for h in clock_alternatives(hour, meridiem))
        found.add(
            NumberMention(
                hour + fraction,
                match.start(),
                match.end(),
                match.group(0),
                "time",
                "clock",
                alternatives=alternatives,
            )
        )
    for match in _KO_NOON.finditer(scanned):
        value, alternatives = (12.0, ()) if match.group(1) == "정오" else (24.0, (0.0,))
        found.add(
            NumberMention(
                value, match.start(), match.end(), match.group(1), "time", "clock", alternatives=alternatives
            )
        )
