"""The flag that reads the score: fidelity too low for the pair to be trusted."""

from __future__ import annotations

from tqcheck.checks.registry import CheckContext, check
from tqcheck.model import Alignment, Flag


@check(
    "low-fidelity",
    severity="warning",
    description="fidelity below the configured threshold",
    thresholds={"below": 0.35},
    needs="score",
)
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
