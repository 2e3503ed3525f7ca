"""Per-encoder constants: every number that was fitted on one encoder's similarity scale.

Cosines, margins and their spreads differ between encoders (e5 puts any two sentences near 0.75–0.8,
USE multilingual near 0.2–0.4), so the aligner's skip and merge costs (in units of the margin), the
path refinement's thresholds, the synthetic fidelity model and the review model are only right for
the encoder they were fitted with. A profile bundles them per bundled model; the pipeline picks it
from the embedder in use (:func:`profile_for`), so ``--model use-multilingual`` needs no other option.

The e5 profile is exactly the constants that were in the code before profiles existed
(``AlignParams()``, ``RefineParams()``, ``fidelity_model.json``, ``review_model.json``), so a
default run is byte-identical. A sentence-transformers model has no fitted profile and gets e5's,
as it did before. Each other profile is fitted on the TUNE half / dev split only
(``benchmarks/align_tune.py --model``, ``tools/fit_fidelity.py --model``, ``tools/fit_review.py
--model``); ``docs/benchmarks.md`` (Encoders) compares the encoders on the report half.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.align.dp import AlignParams
from tqcheck.align.refine import RefineParams
from tqcheck.embed.base import DEFAULT_MODEL, USE_ALIASES

if TYPE_CHECKING:
    from tqcheck.config import Config

SCORE_DIR = Path(__file__).resolve().parents[1] / "score"
USE_KEY = "use-multilingual"


def _use_align() -> AlignParams:
    """USE's aligner constants, chosen by ``python -m benchmarks.align_tune --dp-grid --model
    use-multilingual`` on the tune half (16 documents x 40 pairs of koen-news-dev): with e5's constants
    USE got strict F1 0.947 / non-1:1 0.928 unrefined (0.939 / 0.918 refined); the length term doubled
    (0.005 -> 0.01) with skip 0.02 gave 0.971 / 0.961, the best of the 80-point grid (tied with skip
    0.01 / merge 0.01; its neighbours within 0.003). USE's cosines separate a merge from a drop less
    than e5's do, so the length evidence has to count for more."""
    base = AlignParams()
    merge = dict(base.merge_cost)
    merge[(2, 1)] = merge[(1, 2)] = 0.015
    return dataclasses.replace(base, skip_cost=0.02, merge_cost=merge, length_weight=0.01)


USE_REFINE = RefineParams(orphan_margin=-2.0, block_slack=0.0, pair_nulls=True, rejoin_gain=None)
"""USE's refinement: no orphan splitting (a margin is never below -2: cosines and their baselines lie
in [-1, 1]), adjacent 1-0 / 0-1 joined, no 0-1 rejoined to a neighbour (on the tune half rejoining
fixed none of USE's 2 wrongly unpaired corpora/mt-errors dev passages at any gain from 0.01 to 0.05,
and cost one insertion of 5 x 8 documents). On the tune half every orphan
split lowered USE's F1 (best split 0.966 / 0.954 against 0.971 / 0.961 without): its per-sentence
margins inside a block are too noisy to call one sentence an orphan. Joining the nulls changed
neither F1 there (0.971 / 0.961 with or without; align_eval's documents keep drops and insertions
apart) and is kept as e5 keeps it, so a Korean sentence that translates something else is one
low-fidelity pair, not an omission beside an addition (without it, checks_eval's report half lost
2 of 14 injected wrong sentences that way)."""


@dataclass(frozen=True)
class EncoderProfile:
    """The constants fitted for one encoder; ``key`` names it in file names and reports."""

    key: str
    align: AlignParams = field(default_factory=AlignParams)
    refine: RefineParams = field(default_factory=RefineParams)
    fidelity_file: str = "fidelity_model.json"
    review_file: str = "review_model.json"
    own_thresholds: bool = False
    """Whether the review model's ``low_fidelity_below`` replaces the low-fidelity check's declared
    default. False for e5, whose fit chose that default (0.15)."""
    thresholds: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """The encoder's own values of check thresholds that read its cosines, by code and name (declared
    defaults are e5's): low-fidelity's ``short_below`` (pairs of a few English words, chosen by
    ``benchmarks/short_pairs_eval.py --model KEY``) and fused-token's ``unsupported_gain`` (chosen by
    ``benchmarks/fused_eval.py --fit-gain --model KEY``), both on the tune half."""

    @property
    def fidelity_path(self) -> Path:
        return SCORE_DIR / self.fidelity_file

    @property
    def review_path(self) -> Path:
        return SCORE_DIR / self.review_file


E5_PROFILE = EncoderProfile(key=DEFAULT_MODEL)
USE_PROFILE = EncoderProfile(
    key=USE_KEY,
    align=_use_align(),
    refine=USE_REFINE,
    fidelity_file=f"fidelity_model.{USE_KEY}.json",
    review_file=f"review_model.{USE_KEY}.json",
    own_thresholds=True,
    thresholds={"low-fidelity": {"short_below": 0.02}, "fused-token": {"unsupported_gain": 0.0275}},
)
PROFILES: dict[str, EncoderProfile] = {E5_PROFILE.key: E5_PROFILE, USE_PROFILE.key: USE_PROFILE}


def profile_for(model: object | None) -> EncoderProfile:
    """The profile for an embedder (anything with a ``name``) or a ``--model`` name; e5's otherwise.

    Keyed on the embedder's ``name`` (``use-multilingual`` for USE, through the cache wrapper too),
    not on ``model_id``, so a new package version of the same weights keeps its profile.
    """
    name = model if isinstance(model, str) or model is None else getattr(model, "name", None)
    if isinstance(name, str) and (name in USE_ALIASES or name == USE_KEY):
        return USE_PROFILE
    return E5_PROFILE


def resolve_align(params: AlignParams, profile: EncoderProfile) -> AlignParams:
    """``params`` unless it is the untouched default, which means "the encoder's own constants".

    ``CheckOptions`` defaults to ``AlignParams()`` (e5's numbers, so existing callers are unchanged);
    a caller who set any field keeps exactly what they set.
    """
    return profile.align if params == AlignParams() else params


def resolve_refine(params: RefineParams, profile: EncoderProfile) -> RefineParams:
    """As :func:`resolve_align`, for the path refinement's constants."""
    return profile.refine if params == RefineParams() else params


@lru_cache(maxsize=4)
def _fitted_low_fidelity(path: Path) -> float | None:
    if not path.exists():
        return None
    value = json.loads(path.read_text(encoding="utf-8")).get("low_fidelity_below")
    return float(value) if value is not None else None


def apply_thresholds(config: Config, profile: EncoderProfile) -> Config:
    """``config`` with the encoder's own thresholds on its cosine scale, unless the user set them.

    The low-fidelity thresholds read the fidelity score, whose scale is the encoder's:
    ``tools/fit_review.py`` chooses ``below`` per encoder (the highest that flags at most 5% of the
    error-free dev variants of corpora/mt-errors), the profile's ``thresholds`` hold the rest. A config
    value that differs from the check's declared default was set by the user and is kept as it is.
    """
    from tqcheck.checks.registry import default_thresholds

    own = {code: dict(values) for code, values in profile.thresholds.items()}
    if profile.own_thresholds:
        own.setdefault("low-fidelity", {})["below"] = _fitted_low_fidelity(profile.review_path)
    declared = default_thresholds()
    thresholds = {code: dict(values) for code, values in config.thresholds.items()}
    changed = False
    for code, values in own.items():
        current = thresholds.get(code, {})
        for name, value in values.items():
            if value is not None and name in current and current[name] == declared.get(code, {}).get(name):
                current[name] = value
                changed = True
    return dataclasses.replace(config, thresholds=thresholds) if changed else config
