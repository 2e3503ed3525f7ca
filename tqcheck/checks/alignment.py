"""Flags that come straight from the alignment: a sentence with no counterpart, a pair whose
lengths say that content was dropped or added."""

from __future__ import annotations

from tqcheck.checks.registry import CheckContext, check
from tqcheck.model import Alignment, Flag


@check(
    "omission",
    severity="error",
    description="a source sentence with no Korean translation (dropped by the MT)",
)
def omission(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """An English sentence the aligner could pair with no Korean at all."""
    if alignment.source_ids and not alignment.target_ids:
        count = len(alignment.source_ids)
        what = "this sentence has" if count == 1 else f"these {count} sentences have"
        return [context.flag("omission", f"{what} no Korean translation (dropped by the MT?)", "source")]
    return []


@check(
    "addition",
    severity="warning",
    description="Korean with no English source (inserted, duplicated or misplaced)",
)
def addition(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """Korean with no English source: inserted, duplicated, or a translation of something else."""
    if alignment.target_ids and not alignment.source_ids:
        return [context.flag("addition", "this Korean text matches no English sentence", "target")]
    return []


def _times(factor: float) -> str:
    return f"{factor:.0f}×" if factor >= 2.95 else f"{factor:.1f}×"


@check(
    "length-ratio",
    severity="warning",
    description="a Korean side far shorter or longer than its English predicts",
    thresholds={"min_ratio": 0.3, "max_ratio": 1.0, "min_source_chars": 25, "expected_ratio": 0.56},
)
def length_ratio(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """A Korean side far shorter or longer than its English predicts: content dropped or added.

    The ratio is Korean characters over English characters, spaces included, on the joined sides of
    the pair; clean translations sit around ``expected_ratio`` (0.56 on the clean dev corpus, where
    99% of pairs fall between 0.35 and 0.9). Short English (under ``min_source_chars``) is skipped:
    ``How are you?`` → ``안녕!`` is fine. Omissions and additions (one side empty) have their own codes.
    """
    source, target = alignment.source_text.strip(), alignment.target_text.strip()
    if not source or not target or not alignment.source_ids or not alignment.target_ids:
        return []

    def threshold(name: str) -> float:
        return context.config.threshold("length-ratio", name)

    if len(source) < threshold("min_source_chars"):
        return []
    ratio = len(target) / len(source)
    expected = threshold("expected_ratio")
    if ratio < threshold("min_ratio"):
        message = (
            f"the Korean is {_times(expected / ratio)} shorter than expected for this English "
            f"({len(target)} characters for {len(source)}): something may be missing"
        )
    elif ratio > threshold("max_ratio"):
        message = (
            f"the Korean is {_times(ratio / expected)} longer than expected for this English "
            f"({len(target)} characters for {len(source)}): it may add or repeat text the English "
            "does not have"
        )
    else:
        return []
    return [context.flag("length-ratio", message, "target")]
