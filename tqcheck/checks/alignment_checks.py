"""Flags that come straight from the alignment: a sentence with no counterpart, a weak pair."""

from __future__ import annotations

from tqcheck.checks.registry import CheckContext, check
from tqcheck.model import Alignment, Flag


@check("omission")
def omission(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """An English sentence the aligner could pair with no Korean at all."""
    if alignment.source_ids and not alignment.target_ids:
        count = len(alignment.source_ids)
        what = "this sentence has" if count == 1 else f"these {count} sentences have"
        return [context.flag("omission", f"{what} no Korean translation (dropped by the MT?)", "source")]
    return []


@check("addition")
def addition(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """Korean with no English source: inserted, duplicated, or a translation of something else."""
    if alignment.target_ids and not alignment.source_ids:
        return [context.flag("addition", "this Korean text matches no English sentence", "target")]
    return []


@check("low-fidelity")
def low_fidelity(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """A pair whose fidelity score says the Korean probably does not say what the English says."""
    if alignment.fidelity is None or not alignment.source_ids or not alignment.target_ids:
        return []
    below = context.config.threshold("low-fidelity", "below")
    if alignment.fidelity >= below:
        return []
    return [
        context.flag(
            "low-fidelity",
            f"fidelity {alignment.fidelity:.2f} is below {below:.2f}: "
            "check that the Korean renders the whole English sentence",
            "target",
        )
    ]
