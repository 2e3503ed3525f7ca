"""Reference-free fidelity from the embedding margin.

Raw cosine is a poor fidelity score: every English-Korean pair from one article has a
cosine near 0.77 with e5, and a good translation only reaches ~0.86. The margin (cosine
minus the two sides' average similarity to a sample of the other document) removes the
per-sentence offset; a logistic maps it to [0, 1]. Centre and width come from
koen-news-dev: true 1-1 pairs have margins 0.059-0.125 (5th-95th percentile), pairs with
a neighbouring sentence -0.030-0.035, so the midpoint 0.045 sits between the two.
"""

from __future__ import annotations

import math

from tqcheck.align.dp import BandedAligner
from tqcheck.model import Alignment

MARGIN_MIDPOINT = 0.045
MARGIN_WIDTH = 0.012


def margin_to_fidelity(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-(margin - MARGIN_MIDPOINT) / MARGIN_WIDTH))


def score_alignments(alignments: list[Alignment], aligner: BandedAligner) -> None:
    """Fill ``similarity`` and ``fidelity``; an omission scores 0, an addition has no fidelity."""
    for alignment in alignments:
        if not alignment.source_ids:
            continue
        if not alignment.target_ids:
            alignment.fidelity = 0.0
            continue
        cosine, margin = aligner.similarity_and_margin(alignment.source_ids, alignment.target_ids)
        alignment.similarity = round(cosine, 4)
        alignment.fidelity = round(margin_to_fidelity(margin), 4)


def document_fidelity(alignments: list[Alignment]) -> float | None:
    """Source-length-weighted mean, so a dropped long sentence costs more than a dropped headline."""
    total = weight = 0.0
    for alignment in alignments:
        if alignment.fidelity is None:
            continue
        size = max(len(alignment.source_text), 1)
        total += alignment.fidelity * size
        weight += size
    return round(total / weight, 4) if weight else None
