"""The shared corpora: where they are, how they are read and split, and which pairs are kept.

The corpora live beside the project, never in it (``../shared/corpora/koen-news-dev`` and
``koen-jhe-dev``, each ``dev.en`` / ``dev.ko``, line i translated by line i).

The tune/report split
---------------------
Every pair belongs to exactly one half, ``tune`` or ``report``, decided by its text alone: the
SHA-256 of a fixed key and the pair's two sides (whitespace collapsed), ``tune`` when the first bit
is 0. So the split

- is the same on every machine and in every run (no seed, no ``hash()`` randomisation);
- does not depend on the order of the file: reordering, inserting or deleting lines moves no other
  pair from one half to the other (only editing a pair's own text can);
- puts identical pairs (the news corpus repeats a few) in the same half, so a duplicate cannot leak
  from one half into the other.

It interleaves within an article: a document built from consecutive ``report`` pairs skips the
``tune`` pairs between them (about every other line). Tune thresholds and heuristics on ``tune``;
quote figures from ``report``. ``all`` is both halves, in file order (what the benchmarks use today).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from tqcheck.text.scripts import has_hangul

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPORA = REPO_ROOT.parent / "shared" / "corpora"
CORPORA = ("koen-jhe-dev", "koen-news-dev")
SHORT = {"koen-jhe-dev": "jhe", "koen-news-dev": "news"}

Split = Literal["tune", "report", "all"]
SPLITS = ("tune", "report", "all")
#: Changing this key reshuffles every pair between the halves: never change it once figures are quoted.
SPLIT_KEY = "tqcheck-benchmarks-split-1"
Whitespace = Literal["strip", "collapse"]

#: Tukey fence multiplier for the Korean/English length-ratio filter.
RATIO_FENCE_K = 1.5
DROP_REASONS = ("empty", "no Hangul", "glossary", "fragment", "length ratio")


@dataclass(frozen=True)
class Pair:
    """One corpus pair; ``line`` is its 0-based line in the corpus files (so "far away" can be measured)."""

    corpus: str
    line: int
    en: str
    ko: str


def read_parallel(corpus: str, corpora_dir: Path = DEFAULT_CORPORA) -> list[tuple[str, str]]:
    """The raw (English, Korean) lines of one corpus; a length mismatch means the gold is unusable."""
    base = corpora_dir / corpus
    try:
        en_lines = (base / "dev.en").read_text(encoding="utf-8").splitlines()
        ko_lines = (base / "dev.ko").read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise SystemExit(f"cannot read the corpus {base}: {error}") from None
    if len(en_lines) != len(ko_lines):
        raise SystemExit(f"{base}: dev.en has {len(en_lines)} lines but dev.ko has {len(ko_lines)}")
    return list(zip(en_lines, ko_lines, strict=True))


def read_lines(path: Path) -> list[str]:
    """The non-empty lines of one side, stripped (for benchmarks of one language)."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_of(en: str, ko: str) -> Literal["tune", "report"]:
    """The half a pair belongs to, from its text alone (see the module docstring)."""
    text = "\n".join((SPLIT_KEY, " ".join(en.split()), " ".join(ko.split())))
    return "tune" if hashlib.sha256(text.encode("utf-8")).digest()[0] < 0x80 else "report"


def _normalise(text: str, whitespace: Whitespace) -> str:
    return " ".join(text.split()) if whitespace == "collapse" else text.strip()


def load_pairs(
    corpus: str,
    split: Split = "all",
    *,
    corpora_dir: Path = DEFAULT_CORPORA,
    whitespace: Whitespace = "strip",
) -> list[Pair]:
    """The pairs of one corpus in ``split``, in file order, with their line numbers; unfiltered.

    ``whitespace``: ``strip`` trims each line, ``collapse`` also folds inner runs of whitespace.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    return [
        Pair(corpus, line, _normalise(en, whitespace), _normalise(ko, whitespace))
        for line, (en, ko) in enumerate(read_parallel(corpus, corpora_dir))
        if split == "all" or split_of(en, ko) == split
    ]


# --------------------------------------------------------------------------- filters


@dataclass
class FilterReport:
    """Why pairs were dropped, so a report can show the gold is not silently curated."""

    total: int
    kept: int
    low: float
    high: float
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def dropped(self) -> int:
        return self.total - self.kept

    def describe(self) -> str:
        parts = ", ".join(f"{reason} {count}" for reason, count in self.reasons.items() if count)
        return (
            f"{self.dropped} of {self.total} pairs dropped ({100 * self.dropped / max(self.total, 1):.1f}%): "
            f"{parts or 'none'}; ko/en character-length ratio kept within [{self.low:.2f}, {self.high:.2f}]"
        )


def ratio_fences(pairs: Iterable[Pair], k: float = RATIO_FENCE_K) -> tuple[float, float]:
    """Tukey fences on log(ko chars / en chars), computed from the pairs themselves.

    Korean runs at about half the characters of its English source; the fences come from the
    quartiles (``numpy.percentile``, linear interpolation), so the few broken pairs cannot drag
    them far.
    """
    logs = np.log([len(pair.ko) / len(pair.en) for pair in pairs if pair.en and pair.ko])
    q1, q3 = np.percentile(logs, [25, 75])
    spread = q3 - q1
    return math.exp(q1 - k * spread), math.exp(q3 + k * spread)


def drop_reason(en: str, ko: str, low: float, high: float, *, shape: bool = True) -> str | None:
    """Name the first sign that a pair is not a translation pair, or ``None`` if it looks fine.

    The checks are deliberately blunt: a pair survives unless it is empty, has no Hangul, is far
    off the length ratio ``[low, high]`` or, with ``shape``, is a vocabulary list entry ("booth
    노점, 전화박스") or an English line cut off at the front (it starts in lower case: the rest of a
    sentence that was split across lines, so the Korean is shifted).
    """
    if not en or not ko:
        return "empty"
    if not has_hangul(ko):
        return "no Hangul"
    if shape and re.match(r"[a-z]", ko):
        return "glossary"
    if shape and en[0].islower():
        return "fragment"
    if not low <= len(ko) / len(en) <= high:
        return "length ratio"
    return None


def filter_pairs(
    pairs: Sequence[Pair],
    *,
    bounds: tuple[float, float] | None = None,
    k: float = RATIO_FENCE_K,
    shape: bool = True,
) -> tuple[list[Pair], FilterReport]:
    """Keep the pairs whose gold we can trust (see :func:`drop_reason`).

    The length-ratio band is ``bounds`` when given, else the Tukey fences of ``pairs`` themselves.
    """
    low, high = bounds if bounds is not None else ratio_fences(pairs, k)
    reasons = [reason for reason in DROP_REASONS if shape or reason not in ("glossary", "fragment")]
    report = FilterReport(total=len(pairs), kept=0, low=low, high=high, reasons=dict.fromkeys(reasons, 0))
    kept: list[Pair] = []
    for pair in pairs:
        reason = drop_reason(pair.en, pair.ko, low, high, shape=shape)
        if reason:
            report.reasons[reason] += 1
        else:
            kept.append(pair)
    report.kept = len(kept)
    return kept, report
