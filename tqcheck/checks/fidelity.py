"""The flag that reads the score: fidelity too low for the pair to be trusted."""

from __future__ import annotations

import math

from tqcheck.checks.registry import CheckContext, check
from tqcheck.config import Config
from tqcheck.model import Alignment, Flag
from tqcheck.text.scripts import LATIN_WORD


@check(
    "low-fidelity",
    severity="warning",
    description="fidelity below the configured threshold",
    # Since issue 11 fidelity = P_synthetic × (1 − P(serious accuracy error)). 0.15 is the highest
    # threshold (0.05 steps) that flags at most 5% of the error-free MT variants of corpora/mt-errors dev
    # (tools/fit_review.py) in the review model's first round; its second round's fit writes 0.10 as
    # "low_fidelity_below" in review_model.json, which e5's profile does not apply (docs/benchmarks.md,
    # review score section). It still flags swaps and truncations (benchmarks/fidelity_eval.py).
    # English of at most ``short_words`` words (courtesies, idioms, UI labels, signs) is scored on too
    # little text: faithful ``You're welcome.`` = ``천만에요.`` scores as low as a swapped sentence, so such
    # pairs get the wider margin ``short_below``, the highest threshold (0.005 steps) that flags at most
    # 5% of the faithful short pairs of the tune half (corpora/short-pairs and the shared corpora's
    # pairs of ≤5 words); benchmarks/short_pairs_eval.py reports the report half.
    thresholds={"below": 0.15, "short_below": 0.01, "short_words": 5},
    needs="score",
    # The score counts these flags' evidence (garble flags, English left in, number disagreements, a
    # Korean too short): when one fires on the pair, a low fidelity is that problem again.
    secondary_to=(
        "fused-token",
        "untranslated",
        "number-mismatch",
        "unterminated",
        "run-on-headline",
        "repetition",
        "punctuation-mismatch",
        "length-ratio",
    ),
)
def low_fidelity(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """A pair whose fidelity score says the Korean probably does not say what the English says."""
    if alignment.fidelity is None or not alignment.source_ids or not alignment.target_ids:
        return []
    below = threshold_for(alignment.source_text, context.config)
    if alignment.fidelity >= below:
        return []
    return [
        context.flag(
            "low-fidelity",
            f"fidelity {_shown_below(alignment.fidelity, below)} is below {below:.2f}: "
            "check that the Korean renders the whole English sentence",
            "target",
        )
    ]


def threshold_for(source_text: str, config: Config) -> float:
    """The threshold a pair with this English is read against: the wider margin for a few words."""
    short = len(LATIN_WORD.findall(source_text)) <= config.threshold("low-fidelity", "short_words")
    return config.threshold("low-fidelity", "short_below" if short else "below")


def _shown_below(fidelity: float, below: float) -> str:
    """The score with as many decimals as it takes to read as below the threshold (0.149 is not
    "0.15 is below 0.15"), truncated rather than rounded up."""
    for decimals in (2, 3, 4):
        scale = 10**decimals
        shown = math.floor(fidelity * scale) / scale
        if shown < below:
            return f"{shown:.{decimals}f}"
    return f"{fidelity:.4f}"
