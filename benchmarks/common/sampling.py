"""Seeded randomness and document windows, so every benchmark run is reproducible from its seed."""

from __future__ import annotations

import random
from collections.abc import Sequence

from benchmarks.common.corpus import Pair

#: Lines inserted into a document (additions, headlines, wrong sentences) come from at least this
#: many corpus lines away from it, so they are about something else.
FAR_LINES = 50


def derived_rng(seed: int, number: int, stride: int = 1009) -> random.Random:
    """An independent stream for item ``number`` of a run seeded with ``seed``: adding or dropping
    one item leaves every other item's stream unchanged."""
    return random.Random(seed * stride + number)


def stratum_start(rng: random.Random, number: int, stratum: int, size: int) -> int:
    """A random start for a window of ``size`` inside stratum ``number`` (strata of ``stratum``
    items): windows in different strata never overlap while ``size <= stratum``."""
    low = number * stratum
    return rng.randint(low, max(low, low + stratum - size))


def far_pairs(
    pairs: Sequence[Pair], first_line: int, last_line: int, distance: int = FAR_LINES
) -> list[Pair]:
    """The pairs more than ``distance`` corpus lines away from the lines ``first_line..last_line``."""
    return [pair for pair in pairs if pair.line < first_line - distance or pair.line > last_line + distance]
