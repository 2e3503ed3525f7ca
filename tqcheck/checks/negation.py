"""``negation-lost``: the English says "not" and the Korean says nothing negative at all.

A dropped negation is the MT error that reverses a sentence while keeping it fluent, complete and close
to the English in every other way, so neither the sentence vector nor the length sees it (``환불이
가능합니다`` for "non-refundable", ``회의는 취소됐어`` for "the meeting isn't canceled"). The check asks
only the question it can answer from the words: the English negates (fixed expressions such as
``whether or not`` or ``why don't you`` left out) and the Korean has no negating morpheme, no adverb
that only stands with one (전혀, 결코) and no word that means one (모르다, 금지, 무관). A Korean that
negates somewhere is never flagged, even if a second negation was lost: counting negations across a
restructured sentence misfires too often to be worth a flag (the review score still counts them).
"""

from __future__ import annotations

from tqcheck.checks.registry import CheckContext, check
from tqcheck.model import Alignment, Flag
from tqcheck.text.negation import english_negation_cues, korean_negates
from tqcheck.text.scripts import HANGUL_SYLLABLE


@check(
    "negation-lost",
    severity="warning",
    description="the English negates (not, never, no, unless, non-) and the Korean negates nothing",
    # The Korean of a truncated or untranslated pair lacks the negation because it lacks the sentence.
    secondary_to=("untranslated", "length-ratio", "run-on-headline"),
)
def negation_lost(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """A pair whose English negates and whose Korean does not: the sense may be reversed."""
    if not alignment.source_ids or not HANGUL_SYLLABLE.search(alignment.target_text):
        return []
    cues = english_negation_cues(alignment.source_text)
    if not cues or korean_negates(alignment.target_text):
        return []
    first = cues[0]
    return [
        context.flag(
            "negation-lost",
            f'the English negates ("{first.word}") but the Korean has no negation: '
            "check that the sense is not reversed",
            "source",
            first.start,
            first.end,
        )
    ]
