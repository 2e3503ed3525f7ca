"""The gate's verdict on one document: the only place that says what fails.

A single check and a batch (after a baseline has accepted some flags) ask the same function, so a
document can never pass in one and fail in the other for the same settings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from tqcheck.config import Config
from tqcheck.model import Alignment, CheckResult

FlagKey = tuple[int, int]
"""A flag's place in a result: (alignment index, position in that alignment's flags)."""


def gate_reasons(
    alignments: Sequence[Alignment],
    config: Config,
    fidelity: float | None,
    bleu: float | None = None,
    chrf: float | None = None,
    accepted: Collection[FlagKey] = (),
) -> list[str]:
    """Why the document fails the gate (empty: it passes). Flags in ``accepted`` (a baseline's) count
    neither towards the severity rule nor towards ``max_flags_per_100_segments``."""
    failing: Counter[str] = Counter()
    counted = 0
    below: list[Alignment] = []
    for alignment in alignments:
        for position, flag in enumerate(alignment.flags):
            if (alignment.index, position) in accepted:
                continue
            counted += 1
            if flag.severity.rank >= config.fail_on.rank:
                failing[flag.code] += 1
        paired = alignment.source_ids and alignment.target_ids and not alignment.ignored
        if paired and alignment.fidelity is not None and alignment.fidelity < config.min_segment_fidelity:
            below.append(alignment)
    reasons = [
        f"{count} {code} flag(s) at or above {config.fail_on.value}"
        for code, count in sorted(failing.items())
    ]
    if fidelity is not None and fidelity < config.min_fidelity:
        reasons.append(f"document fidelity {fidelity:.3f} is below min_fidelity {config.min_fidelity:.3f}")
    if below:
        worst = min(below, key=lambda alignment: alignment.fidelity or 0.0)
        reasons.append(
            f"{len(below)} segment(s) below min_segment_fidelity {config.min_segment_fidelity:.3f} "
            f"(lowest {worst.fidelity:.3f}, alignment {worst.index + 1})"
        )
    if config.min_bleu is not None and bleu is not None and bleu < config.min_bleu:
        reasons.append(f"BLEU {bleu:.2f} is below min_bleu {config.min_bleu:.2f}")
    if config.min_chrf is not None and chrf is not None and chrf < config.min_chrf:
        reasons.append(f"chrF {chrf:.2f} is below min_chrf {config.min_chrf:.2f}")
    limit = config.max_flags_per_100_segments
    if limit is not None and alignments:
        rate = 100.0 * counted / len(alignments)
        if rate > limit:
            reasons.append(f"{rate:.1f} flags per 100 segments is above max_flags_per_100_segments {limit:g}")
    return reasons


def rejudge(result: CheckResult, config: Config, accepted: Collection[FlagKey]) -> None:
    """Judge a full (not slimmed) result again once a baseline has accepted some of its flags."""
    summary = result.summary
    summary.accepted = len(accepted)
    summary.gate_reasons = gate_reasons(
        result.alignments, config, summary.fidelity, summary.bleu, summary.chrf, accepted
    )
    summary.passed = not summary.gate_reasons
