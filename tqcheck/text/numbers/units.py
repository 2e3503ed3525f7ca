"""English units and their metric conversions: "150 miles" is also 241 km, loosely.

English news keeps imperial units that the Korean usually converts, so a mention carries its
metric readings (:func:`metric_values`), compared with a loose tolerance.
"""

from __future__ import annotations

import re

from tqcheck.text.numbers.mention import CURRENCIES

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
EN_UNIT = re.compile(
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


def unit_name(word: str) -> str | None:
    """The canonical name of a unit word (``miles`` -> ``mile``), or None."""
    for pattern, name in _EN_UNIT_NAMES:
        if pattern.match(word):
            return name
    return None


def metric_values(value: float, unit: str | None) -> tuple[float, ...]:
    """The value in the metric units a Korean translation would convert ``unit`` to."""
    if unit == "F":
        return ((value - 32) * 5 / 9,)
    return tuple(value * factor for factor in _CONVERSIONS.get(unit or "", ()))


# Units a number's span stops before: "300 people" quotes as "300" and reads better so.
UNITS_OUTSIDE_SPAN = {*CURRENCIES, "person", "times", "year", "month", "week", "day", "hour", "minute"}
