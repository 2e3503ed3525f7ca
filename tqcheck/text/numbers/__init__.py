"""Numbers: what quantities an English and a Korean text state, and whether they agree.

MT engines garble numbers in ways that read fluently and are easy to miss: 300 becomes
30명, $450 million becomes 450억 달러 (the Korean 만/억/조 scale is four digits, not three), a
year drifts by a decade. So each side is parsed into values (:func:`english_numbers`,
:func:`korean_numbers`), and :func:`compare_numbers` reports a value that one side states and
the other does not. The number-mismatch check and the fidelity scorer both use these.

Each parser returns :class:`NumberMention`\\ s with a value, a span, a kind and the alternative
readings the comparison may use (38% is also 0.38; 1/3 is also 33%; "five decades" is also 50
years; 80 miles is also 129 km, loosely).

The comparison is deliberately conservative, because a false number alarm is an ERROR:

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

from tqcheck.text.numbers.compare import (
    NumberProblem,
    compare_numbers,
    describe,
    mentions_match,
    stated_quantities,
    values_equal,
)
from tqcheck.text.numbers.english import english_numbers
from tqcheck.text.numbers.korean import korean_numbers
from tqcheck.text.numbers.mention import NumberMention

__all__ = [
    "NumberMention",
    "NumberProblem",
    "compare_numbers",
    "describe",
    "english_numbers",
    "korean_numbers",
    "mentions_match",
    "stated_quantities",
    "values_equal",
]
