"""The review score: which segments an editor should read first, and how free of accuracy errors each is.

``fidelity`` (the synthetic-damage model of :mod:`tqcheck.score.fidelity`) separates a clean
translation from a truncated, swapped or number-changed one, but on real MT it did not rank what
reviewers mark (Spearman −0.07 against MQM on 1,200 EN→KO segments): real MT is complete, fluent-ish
and about the right sentence; its errors are a wrong sense, a dropped modifier, a flipped negation.
So this module adds evidence aimed at those errors and combines it with a small logistic model
fitted on annotated MT (``corpora/mt-errors``, dev split only; ``tools/fit_review.py``):

- the synthetic model's own logit (``base``), so everything it catches still counts;
- the margin against a fixed background (a one-sentence document has no other sentences);
- ``negation``: one side negates and the other does not;
- ``negation_lost``: how many of the English's negations (up to two) the Korean does not carry, with
  the wider English reading (``unless``, ``unlike``, ``non-…``, ``no longer``): MT drops a negation far
  more often than it invents one, and a dropped "unless" or "non-" reverses the statement as surely
  as a dropped "not";
- ``direction``: the English says "down" (below, fewer, cut, fell) and the Korean "up" (이상, 인상,
  상승), or the reverse: a rate cut rendered as a hike, "fewer than 500" as "500 or more";
- ``fluency_*``: kiwi's language-model score of the Korean's grammatical morphemes (particles,
  endings, suffixes), where broken or calqued Korean shows; content morphemes are left out because
  their score is mostly word frequency;
- ``unknown``: the share of Korean morphemes kiwi does not know (misspellings, garble);
- the length ratio both ways (additions are long) and the existing cheap signals.

Two heads share the evidence: ``accuracy`` (trained on "any major/critical accuracy error") gives
``fidelity = P_synthetic × (1 − P(serious accuracy error))``, and ``review`` (trained on "any
major/critical error of any category") gives ``review_priority``. Which parts each head uses was
chosen on dev (``tools/fit_review.py``): the fluency parts lowered the cross-validated AUC of both heads
and are not used, though they are computed and shown. Evidence measured and left out (word deletion,
sparse latents, translationese, collocation scores) lives in :mod:`benchmarks.review_probes`. Every part is
kept per alignment (``Alignment.fidelity_parts``) so an editor sees why a segment ranks where it does.

What this cannot see: a wrong-sense word, a reversed role or a dropped modifier in otherwise fluent,
complete Korean leaves the sentence vector, the length and the numbers as they were. What it sees is a
changed number, English left untranslated, a lost negation, a Korean much shorter than the English.
On the mt-errors test split the review score reaches Spearman 0.18 with MQM (see
``docs/benchmarks.md``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tqcheck.text.morphemes import morphemes
from tqcheck.text.negation import english_negations, english_negations_wide, korean_negations

REVIEW_MODEL_PATH = Path(__file__).with_name("review_model.json")
REVIEW_FORMAT = "tqcheck-review-logistic"

# Every part a head may use; review_parts() fills all of them.
PARTS: tuple[str, ...] = (
    "base",
    "similarity",
    "margin",
    "neighbour_margin",
    "coverage",
    "length_short",
    "length_long",
    "untranslated",
    "number_problems",
    "number_unmatched",
    "flags",
    "negation",
    "negation_lost",
    "direction",
    "fluency_mean",
    "fluency_min",
    "unknown",
    "words_missing",
    "words_added",
)

# Grammatical morphemes: particles, endings, affixes, copula: where kiwi's model sees broken Korean.
_FUNCTION_TAG_PREFIXES = ("J", "E", "XS", "VCP", "VX")


def negation_mismatch(source_text: str, target_text: str) -> float:
    """1 when one side negates and the other does not (counts capped at one each): the cheapest sign of
    a flipped polarity, which a sentence vector barely notices."""
    return float(min(english_negations(source_text), 1) != min(korean_negations(target_text), 1))


def negation_lost(source_text: str, target_text: str) -> float:
    """English negations (wide reading, counts capped at two) minus the Korean's, floored at 0. On the
    dev split of ``corpora/mt-errors`` it separates the variants with a negation error from the
    error-free ones with AUC 0.91, where the symmetric ``negation`` gets 0.76: the errors are lost
    negations, and the symmetric part also fires on Korean that negates where the English does not
    (a litotes, 없다 for "lacks")."""
    english = min(english_negations_wide(source_text), 2)
    return float(max(0, english - min(korean_negations(target_text), 2)))


# Words that say which way a quantity moves or lies; general lists (Korean as kiwi stems/nouns). Each
# side's direction is the sign of (up − down), and only opposite signs count: a sentence that says
# both ("rose above" after "fell below") or neither says nothing.
_ENGLISH_DOWN = re.compile(
    r"\b(?:below|under|fewer|less|lower(?:ed|s)?|down|fell|fall(?:s|ing|en)?|slid|slide|slump\w*|drop\w*"
    r"|cut(?:s|ting)?|decreas\w*|declin\w*|reduc\w*|shrank|shrink\w*|plung\w*|weaken\w*|shy of|at most"
    r"|up to)\b",
    re.IGNORECASE,
)
_ENGLISH_UP = re.compile(
    r"\b(?:above|over|more|higher|rais\w*|rose|rise[sn]?|rising|increas\w*|grew|grow\w*|exceed\w*"
    r"|surg\w*|jump\w*|climb\w*|soar\w*|gain\w*|strengthen\w*|at least|past)\b",
    re.IGNORECASE,
)
# A negated comparative ("no more than three" = 3회 이하, "not less than") is a bound whose Korean may
# point either way (이하, or 넘지 않는): it says nothing about a direction.
_ENGLISH_NEGATED_BOUND = re.compile(
    r"\b(?:no|not) (?:more|less|fewer|higher|lower|greater|smaller|larger|later|earlier) than\b",
    re.IGNORECASE,
)
# "Moved up to fourth place" is a rise, not the bound "up to 80 kg".
_ENGLISH_MOVED_UP = re.compile(
    r"\b(?:mov|go|went|gone|climb|jump|shot|edg|tick|came|com)\w*\s+up\b", re.IGNORECASE
)
_KOREAN_DOWN = frozenset(
    "하락 감소 인하 낮 줄 떨어지 내리 미만 이하 밑돌 축소 삭감 약세 줄어들 아래 밑 급락 하회 내려가".split()
)
_KOREAN_UP = frozenset(
    "상승 증가 인상 높 늘 오르 넘 초과 이상 웃돌 확대 급등 강세 늘어나 위 상회 올리 올라가 올라서".split()
)
# Bound nouns are counters: 4위 is fourth place, not "above".
_KOREAN_DIRECTION_TAGS = ("NNG", "NNP", "NP", "NR", "V", "X", "MA")


def _sign(up: int, down: int) -> int:
    return (up > down) - (down > up)


def direction_conflict(source_text: str, target_text: str) -> float:
    """1 when the English and the Korean point opposite ways (up versus down). It fires rarely (7 of
    the 561 dev variants of ``corpora/mt-errors``, 6 of them with a serious accuracy error): a
    detector for one error, like the number check, not a general signal."""
    unbound = _ENGLISH_NEGATED_BOUND.sub(" ", source_text)
    moved_up = len(_ENGLISH_MOVED_UP.findall(unbound))
    rest = _ENGLISH_MOVED_UP.sub(" ", unbound)
    english = _sign(len(_ENGLISH_UP.findall(rest)) + moved_up, len(_ENGLISH_DOWN.findall(rest)))
    if not english:
        return 0.0
    up = down = 0
    for m in morphemes(target_text):
        if m.tag.startswith(_KOREAN_DIRECTION_TAGS):
            up += m.form in _KOREAN_UP
            down += m.form in _KOREAN_DOWN
    return float(english * _sign(up, down) < 0)


@dataclass(frozen=True)
class Fluency:
    mean: float
    minimum: float
    unknown: float


@lru_cache(maxsize=8192)
def korean_fluency(text: str) -> Fluency:
    """kiwi's per-morpheme log-probabilities of the grammatical morphemes (mean and minimum) and the
    share of morphemes kiwi had to guess. Zero evidence (0, 0, 0) for a Korean without morphemes."""
    morphs = morphemes(text)
    scores = [m.score for m in morphs if m.tag.startswith(_FUNCTION_TAG_PREFIXES)]
    words = [m for m in morphs if m.tag[0] in "NVMX"]
    unknown = sum(1 for m in words if not m.known) / len(words) if words else 0.0
    if not scores:
        return Fluency(0.0, 0.0, unknown)
    return Fluency(sum(scores) / len(scores), min(scores), unknown)


def review_parts(
    source_text: str,
    target_text: str,
    values: Mapping[str, float],
    base: float,
    length_z: float,
    words_missing: float = 0.0,
    words_added: float = 0.0,
) -> dict[str, float]:
    """All parts for one pair: ``values`` are the synthetic model's features, ``base`` its score."""
    fluency = korean_fluency(target_text)
    clipped = min(max(base, 1e-4), 1 - 1e-4)
    return {
        "base": math.log(clipped / (1 - clipped)),
        "similarity": values["similarity"],
        "margin": values["margin"],
        "neighbour_margin": values["neighbour_margin"],
        "coverage": values["coverage"],
        "length_short": max(0.0, -length_z),
        "length_long": max(0.0, length_z),
        "untranslated": values["untranslated"],
        "number_problems": values["number_problems"],
        "number_unmatched": values["number_unmatched"],
        "flags": values["flags"],
        "negation": negation_mismatch(source_text, target_text),
        "negation_lost": negation_lost(source_text, target_text),
        "direction": direction_conflict(source_text, target_text),
        "fluency_mean": fluency.mean,
        "fluency_min": fluency.minimum,
        "unknown": fluency.unknown,
        "words_missing": words_missing,
        "words_added": words_added,
    }


def _sigmoid(logit: float) -> float:
    if logit < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-logit))


@dataclass(frozen=True)
class Head:
    """``sigmoid(bias + Σ w · (x − mean) / scale)``: the probability of the head's target label."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> Head:
        head = cls(
            features=tuple(data["features"]),
            mean=tuple(float(x) for x in data["mean"]),
            scale=tuple(float(x) for x in data["scale"]),
            weights=tuple(float(x) for x in data["weights"]),
            bias=float(data["bias"]),
        )
        unknown = set(head.features) - set(PARTS)
        if unknown:
            raise ValueError(f"review model head {name} uses unknown parts {sorted(unknown)}")
        if not len(head.mean) == len(head.scale) == len(head.weights) == len(head.features):
            raise ValueError(f"review model head {name}: parameter lengths differ")
        if any(s <= 0 for s in head.scale):
            raise ValueError(f"review model head {name}: scales must be positive")
        return head

    def probability(self, parts: Mapping[str, float]) -> float:
        total = self.bias
        for name, mean, scale, weight in zip(self.features, self.mean, self.scale, self.weights, strict=True):
            total += weight * (parts[name] - mean) / scale
        return _sigmoid(total)


@dataclass(frozen=True)
class ReviewModel:
    """``accuracy``: P(a major/critical accuracy error) from the evidence the synthetic model does not
    weigh; ``review``: P(a major/critical error of any kind). See :meth:`scores`."""

    version: str
    accuracy: Head
    review: Head
    uses_words: bool

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReviewModel:
        if data.get("format") != REVIEW_FORMAT:
            raise ValueError(f"not a {REVIEW_FORMAT} file (format {data.get('format')!r})")
        heads = data["heads"]
        accuracy = Head.from_dict("accuracy", heads["accuracy"])
        review = Head.from_dict("review", heads["review"])
        words = {"words_missing", "words_added"} & (set(accuracy.features) | set(review.features))
        return cls(version=str(data["version"]), accuracy=accuracy, review=review, uses_words=bool(words))

    @classmethod
    def load(cls, path: Path = REVIEW_MODEL_PATH) -> ReviewModel:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def scores(self, parts: Mapping[str, float]) -> tuple[float, float]:
        """(fidelity, review_priority). Fidelity is a noisy-AND: the synthetic model's probability
        (``base`` is its logit) times 1 − P(accuracy error | the other evidence). A product, so what
        the synthetic model catches (a swap, a truncation: base ≈ 0) stays caught whatever the real-MT
        evidence says; a free logistic on all parts, fitted on real MT, gave the margins and the base
        almost no weight (real MT is never a swap) and would have lost those."""
        fidelity = _sigmoid(parts["base"]) * (1.0 - self.accuracy.probability(parts))
        return fidelity, self.review.probability(parts)


@lru_cache(maxsize=1)
def default_review_model() -> ReviewModel | None:
    """The shipped model, or None before one is fitted (then fidelity stays the synthetic score)."""
    if not REVIEW_MODEL_PATH.exists():
        return None
    return ReviewModel.load()


@lru_cache(maxsize=4)
def _review_model_at(path: Path) -> ReviewModel | None:
    if path == REVIEW_MODEL_PATH:
        return default_review_model()
    return ReviewModel.load(path) if path.exists() else None


def review_model_for(embedder: object | None) -> ReviewModel | None:
    """The review model fitted on this embedder's evidence (its profile's file,
    :mod:`tqcheck.embed.profiles`), or None when that encoder has none yet (then fidelity stays the
    synthetic score rather than mixing in weights fitted on another encoder's margins)."""
    from tqcheck.embed.profiles import profile_for

    return _review_model_at(profile_for(embedder).review_path)


def shown_parts(parts: Mapping[str, float], names: Sequence[str] = PARTS) -> dict[str, float]:
    """The parts rounded for the report."""
    return {name: round(float(parts[name]), 4) for name in names if name in parts}
