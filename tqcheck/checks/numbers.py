"""number-mismatch: the Korean must state the same quantities as the English.

The parsing and the comparison are language knowledge, shared with the fidelity scorer, and live
in :mod:`tqcheck.text.numbers`; this module only turns the comparison's problems into flags.
"""

from __future__ import annotations

from tqcheck.checks.registry import CheckContext, check
from tqcheck.model import Alignment, Flag, Severity
from tqcheck.text.numbers import compare_numbers, describe, english_numbers, korean_numbers


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

    One sub-case is minor: a conversion the English gives in brackets ("20,000 yuan (about
    US$2,920)") that the Korean drops without giving one of its own. Its flag is capped at
    ``warning``: the configured severity of ``number-mismatch`` applies when it is lower, and
    nothing raises it. (A Korean conversion substituted for the English one, 2만위안(약 300만원),
    is not flagged at all.) Likewise an English amount the Korean gives converted to won in its
    place ("$3 million" → 약 40억 원, at a rate any year since 1990 has seen): the reader loses the
    original figure, not the fact.
    """
    if not alignment.source_ids or not alignment.target_ids:
        return []
    english = english_numbers(alignment.source_text)
    korean = korean_numbers(alignment.target_text)
    if not english and not korean:
        return []
    tolerance = context.config.threshold("number-mismatch", "conversion_tolerance")
    problems = compare_numbers(
        english, korean, alignment.source_text, alignment.target_text, tolerance, conversions=True
    )
    flags = []
    for problem in problems:
        flags.append(
            context.flag(
                "number-mismatch",
                describe(problem, alignment.source_text),
                problem.side,
                problem.mention.start,
                problem.mention.end,
                at_most=Severity.WARNING if problem.conversion or problem.in_won else None,
            )
        )
    return flags
