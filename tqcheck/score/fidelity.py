"""Reference-free fidelity: a calibrated per-alignment score from several cheap signals.

Raw cosine between an English sentence and its Korean translation hardly ranks translations (every
pair from one article sits near 0.77 with e5) and barely notices a translation that stopped halfway.
So ``fidelity`` combines signals that each catch one way a translation fails:

- ``similarity``: the embedding cosine of the pair (the aligner's length-weighted block vectors);
- ``margin``: the cosine minus both sides' mean similarity to a random sample of the other document
  (the aligner's margin, Artetxe & Schwenk 2019);
- ``neighbour_margin``: the cosine minus the mean of each side's two most similar *other* sentences
  nearby (the k-NN margin): how much better this pairing is than pairing either side with another
  sentence of the document. It is what tells a translation from its neighbour's (held-out AUC
  0.996 against swaps, where the cosine gets 0.98);
- ``length_short``: how far the Korean/English character ratio (spaces included) falls below the
  expected one, in robust standard deviations of the log ratio (wider for short English);
- ``coverage``: the share of the English, by clause and weighted by length, the Korean renders (see
  :func:`coverage_estimate`); shown to the user;
- ``unfinished``: the English ends a sentence, the Korean stops on a connective ending or comma;
- ``untranslated``: the share of the English words copied into the Korean as English prose;
- ``number_problems``: the disagreements the number-mismatch check would report;
- ``number_unmatched``: numbers left unmatched on *both* sides, a looser reading that also sees
  clock times and "six-party" (a changed number leaves one on each side);
- ``flags``: how many of the garble and punctuation checks flagged the pair (they run first).

The model is a noisy-AND of two logistic factors (:class:`FidelityModel`):
``fidelity = P(meaning) × P(rendering)``. *Meaning* (similarity, margin, neighbour margin) asks
whether the Korean is about this English sentence at all; *rendering* (the rest) whether it renders
all of it, numbers included, as Korean, and never drops below 0.1, so a right-but-incomplete rendering
stays above a wrong sentence. Fidelity is thus ~0 for a Korean sentence that translates something
else, low (0.1-0.35) for a truncated or number-changed one, and ~0.9 for a faithful one.

Coverage without extra embeddings. Embedding every English clause would cost two to three times the
embeddings of the sentences themselves, and a cold run may cost at most 1.3× those. So each English
clause (split at , ; : dashes brackets and conjunctions, by :mod:`tqcheck.text.clauses`) is checked
by the anchors that survive translation (numbers, acronyms, Latin words the Korean keeps); clauses
without anchors share what is left of the Korean's length budget; and a Korean that stops on a
connective ending (kiwi ``EC``) where the English ends a sentence is capped at all but one of its
clauses. Together this costs about 2 ms a pair, against 50-120 ms to embed one sentence. (Comparing
English clause counts with Korean connective-ending counts was tried as a feature and got no weight:
Korean merges and splits clauses too freely.)

The parameters live in ``fidelity_model.json`` beside this module (small and versioned), fitted by
``tools/fit_fidelity.py`` on synthetic negatives (truncations, clause drops, swaps, number changes,
untranslated clauses, word shuffles, dropped sentences) built from the first 60% of the lines of the
shared dev corpora; ``benchmarks/fidelity_eval.py`` measures the rest. Scoring is deterministic.
The file is e5's: another bundled encoder has its own, fitted the same way on its own similarity scale
(``fidelity_model.use-multilingual.json``), and :func:`model_for` picks it from the embedder's profile
(:mod:`tqcheck.embed.profiles`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from tqcheck.align.dp import BandedAligner
from tqcheck.embed import Embedder
from tqcheck.embed.profiles import profile_for
from tqcheck.model import Alignment
from tqcheck.score.background import (
    background_evidence,
    background_vectors,
    load_background,
    needs_background,
)
from tqcheck.score.review import ReviewModel, review_model_for, review_parts, shown_parts
from tqcheck.score.wordalign import WordAligner
from tqcheck.text.clauses import english_clauses, korean_clause_ends, korean_stops_unfinished
from tqcheck.text.marks import SENTENCE_END
from tqcheck.text.numbers import (
    compare_numbers,
    english_numbers,
    korean_numbers,
    mentions_match,
    stated_quantities,
)
from tqcheck.text.scripts import LATIN_WORD, has_hangul, without_code

MODEL_PATH = Path(__file__).with_name("fidelity_model.json")
MODEL_FORMAT = "tqcheck-fidelity-noisy-and"

FEATURES: tuple[str, ...] = (
    "similarity",
    "margin",
    "neighbour_margin",
    "length_short",
    "coverage",
    "unfinished",
    "untranslated",
    "number_problems",
    "number_unmatched",
    "flags",
)

# Flags of other checks that say something about fidelity and that this module does not already
# compute itself (numbers and untranslated English are measured directly, so scoring without the
# checks gives the same answer for them).
FIDELITY_FLAG_CODES = frozenset(
    {"fused-token", "run-on-headline", "unterminated", "repetition", "punctuation-mismatch"}
)


@dataclass(frozen=True)
class LengthModel:
    """The expected Korean/English length: median and robust sd of log(ko chars / en chars)."""

    log_ratio_median: float = math.log(0.53)
    log_ratio_sd: float = 0.23
    # A short English sentence's ratio varies more: sd grows as sqrt(1 + short_chars / en chars).
    short_chars: float = 30.0
    # Korean headings compress much more than sentences (``Regulators Take a Closer Look`` →
    # ``규제 당국도 주시``): an English line without final punctuation gets this much more sd. Not
    # fitted (the corpora hold few headings); a design choice.
    heading_sd_factor: float = 1.5

    def z(self, source_chars: int, target_chars: int, heading: bool = False) -> float:
        ratio = math.log(max(target_chars, 1) / max(source_chars, 1))
        sd = self.log_ratio_sd * math.sqrt(1.0 + self.short_chars / max(source_chars, 1))
        if heading:
            sd *= self.heading_sd_factor
        return (ratio - self.log_ratio_median) / sd

    @property
    def generous_ratio(self) -> float:
        """A low-but-normal ratio (one sd below the median): enough Korean to render everything."""
        return math.exp(self.log_ratio_median - self.log_ratio_sd)


# ---------------------------------------------------------------------------------------------
# The Korean stops short


def korean_unfinished(source_text: str, target_text: str) -> bool:
    """The English ends a sentence but the Korean stops on a comma or a non-final ending."""
    return SENTENCE_END.search(source_text) is not None and korean_stops_unfinished(target_text)


# ---------------------------------------------------------------------------------------------
# Anchors and coverage

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]*[A-Z0-9]\b")
_DIGIT = re.compile(r"\d")


def _significant(mentions: Iterable[Any], keep_weak: bool = False) -> list[Any]:
    return [
        m for m in mentions if (keep_weak or not m.weak) and not (m.value in (0, 1) and m.kind == "cardinal")
    ]


@dataclass(frozen=True)
class Coverage:
    value: float
    clauses: int
    anchored: int


def coverage_estimate(
    source_text: str, target_text: str, lengths: LengthModel, unfinished: bool | None = None
) -> Coverage:
    """The share of the English, by clause and weighted by clause length, the Korean renders.

    Anchors are what survives translation. A number written in digits must reappear (clean Korean
    renders 91% of them on the fitting data), so a clause's digit numbers count against it when
    missing. Spelled-out numbers (82%: "the two sides" → 양측), acronyms (37%: "(CNN)", "NATO" → 나토)
    and capitalised Latin words only count when the Korean has them. A clause with anchors is
    covered in proportion to the anchors found; the other clauses share the Korean's remaining length
    budget (its length over a low-but-normal ratio, so an ordinary translation covers everything). A
    Korean that stops mid-sentence covers at most all but one of its clauses' worth.
    """
    clauses = english_clauses(source_text)
    korean = _significant(korean_numbers(target_text))
    korean_latin = set(LATIN_WORD.findall(target_text))
    total = sum(end - start for start, end in clauses) or 1
    anchored_covered = anchored_length = 0.0
    anchored = 0
    for start, end in clauses:
        clause = source_text[start:end]
        numbers = _significant(english_numbers(clause))
        found_numbers = [e for e in numbers if any(mentions_match(e, k) for k in korean)]
        required = sum(1 for e in numbers if _DIGIT.search(e.text))
        found = len(found_numbers)
        found_optional = sum(1 for e in found_numbers if not _DIGIT.search(e.text))
        acronyms = [a for a in _ACRONYM.findall(clause) if a not in {"I", "A"}]
        kept = [
            w
            for w in LATIN_WORD.findall(clause)
            if len(w) > 2 and w[0].isupper() and not _ACRONYM.fullmatch(w) and w in korean_latin
        ]
        found_acronyms = sum(1 for a in acronyms if a in target_text)
        found += found_acronyms + len(kept)
        expected = required + found_optional + found_acronyms + len(kept)
        if expected == 0:
            continue
        anchored += 1
        anchored_length += end - start
        anchored_covered += (end - start) * found / expected
    budget = len(target_text.strip()) / lengths.generous_ratio
    free = total - anchored_length
    if free > 0:
        share = min(1.0, max(0.0, budget - anchored_covered) / free)
        covered = anchored_covered + share * free
    else:
        covered = anchored_covered
    value = min(1.0, covered / total)
    if unfinished is None:
        unfinished = korean_unfinished(source_text, target_text)
    if unfinished:
        korean_clauses = len(korean_clause_ends(target_text)) + 1
        value = min(value, korean_clauses / (korean_clauses + 1))
    return Coverage(value=value, clauses=len(clauses), anchored=anchored)


def unmatched_numbers(source_text: str, target_text: str) -> int:
    """How many numbers each side states that nothing on the other side renders, the smaller count.

    Looser than the number-mismatch check (which must not raise false ERRORs): clock times, "six-party"
    and other weak readings count too. A number only one side states (Korean news adds the date of
    "on Sunday") leaves the other side with nothing unmatched and scores 0; a changed number leaves
    one unmatched number on each side and scores 1. A bracketed conversion is not a number of its own:
    "20,000 yuan (about US$2,920)" rendered 2만위안(약 300만원) scores 0.
    """
    english = _significant(stated_quantities(english_numbers(source_text), source_text), keep_weak=True)
    korean = _significant(stated_quantities(korean_numbers(target_text), target_text), keep_weak=True)
    english_left = sum(1 for e in english if not any(mentions_match(e, k) for k in korean))
    korean_left = sum(1 for k in korean if not any(mentions_match(e, k) for e in english))
    return min(english_left, korean_left)


def untranslated_share(source_text: str, target_text: str) -> float:
    """The share of the English words that reappear in the Korean as English prose (lowercase, or
    anything at all when the Korean has no Hangul). URLs, addresses and code are nobody's words."""
    source_words = [w.lower() for w in LATIN_WORD.findall(without_code(source_text))]
    if not source_words:
        return 0.0
    vocabulary = set(source_words)
    no_hangul = not has_hangul(target_text)
    copied = [
        w
        for w in LATIN_WORD.findall(without_code(target_text))
        if w.lower() in vocabulary and (no_hangul or (w.islower() and len(w) > 1))
    ]
    return min(1.0, len(copied) / len(source_words))


# ---------------------------------------------------------------------------------------------
# Embedding evidence

NEIGHBOUR_WINDOW = 32
NEIGHBOURS = 2


@dataclass(frozen=True)
class EmbeddingEvidence:
    similarity: float
    margin: float
    neighbour_margin: float


def _best_competitors(vectors: np.ndarray, query: np.ndarray, ids: tuple[int, ...]) -> float | None:
    """Mean cosine of ``query`` with its NEIGHBOURS most similar sentences among ``vectors`` (one
    row per sentence of the other side) within NEIGHBOUR_WINDOW of ``ids``, ``ids`` excluded."""
    low = max(0, ids[0] - NEIGHBOUR_WINDOW)
    high = min(vectors.shape[0], ids[-1] + 1 + NEIGHBOUR_WINDOW)
    rows = [row for row in range(low, high) if row not in ids]
    if not rows:
        return None
    similarities = np.sort(vectors[rows] @ query)[::-1][:NEIGHBOURS]
    return float(similarities.mean())


def embedding_evidence(
    aligner: BandedAligner, source_ids: tuple[int, ...], target_ids: tuple[int, ...]
) -> EmbeddingEvidence:
    """Cosine, margin (the aligner's: against a random sample of the other document) and the
    neighbour margin: the cosine minus the mean of each side's best competitors nearby, i.e. how
    much better this pairing is than pairing either side with another sentence of the document
    (the k-NN margin of Artetxe & Schwenk 2019, k = 2, in a window so a long document stays linear).
    A translation swapped with its neighbour's has a clearly negative neighbour margin."""
    cosine, margin = aligner.similarity_and_margin(source_ids, target_ids)
    query_source = aligner.block_vector("source", source_ids)
    query_target = aligner.block_vector("target", target_ids)
    against_source = _best_competitors(aligner.sentence_vectors("target"), query_source, target_ids)
    against_target = _best_competitors(aligner.sentence_vectors("source"), query_target, source_ids)
    if against_source is None or against_target is None:
        return EmbeddingEvidence(cosine, margin, margin)
    return EmbeddingEvidence(cosine, margin, cosine - 0.5 * (against_source + against_target))


# ---------------------------------------------------------------------------------------------
# Features and model


@dataclass(frozen=True)
class PairFeatures:
    """The model's inputs for one pair plus the raw parts shown to the user."""

    values: dict[str, float]
    similarity: float
    margin: float
    coverage: float
    length_ratio: float

    def vector(self, names: Sequence[str] = FEATURES) -> list[float]:
        return [self.values[name] for name in names]


def pair_features(
    source_text: str,
    target_text: str,
    similarity: float,
    margin: float,
    flag_codes: Iterable[str] = (),
    lengths: LengthModel | None = None,
    neighbour_margin: float | None = None,
) -> PairFeatures:
    """The model's features for one pair; ``neighbour_margin`` defaults to ``margin`` (a one-pair
    document has no neighbours)."""
    lengths = lengths or LengthModel()
    source_chars, target_chars = len(source_text.strip()), len(target_text.strip())
    z = lengths.z(source_chars, target_chars, heading=not SENTENCE_END.search(source_text))
    unfinished = korean_unfinished(source_text, target_text)
    coverage = coverage_estimate(source_text, target_text, lengths, unfinished)
    problems = compare_numbers(
        english_numbers(source_text), korean_numbers(target_text), source_text, target_text
    )
    codes = {code for code in flag_codes if code in FIDELITY_FLAG_CODES}
    values = {
        "similarity": similarity,
        "margin": margin,
        "neighbour_margin": margin if neighbour_margin is None else neighbour_margin,
        "length_short": max(0.0, -z),
        "coverage": coverage.value,
        "unfinished": 1.0 if unfinished else 0.0,
        "untranslated": untranslated_share(source_text, target_text),
        "number_problems": float(min(len(problems), 3)),
        "number_unmatched": float(min(unmatched_numbers(source_text, target_text), 3)),
        "flags": float(min(len(codes), 2)),
    }
    return PairFeatures(
        values=values,
        similarity=similarity,
        margin=margin,
        coverage=coverage.value,
        length_ratio=target_chars / max(source_chars, 1),
    )


def _sigmoid(logit: float) -> float:
    if logit < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-logit))


@dataclass(frozen=True)
class Factor:
    """One logistic factor on standardised features:
    ``floor + (1 - floor) · sigmoid(bias + w · (x - mean) / scale)``."""

    name: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    floor: float = 0.0

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> Factor:
        features = tuple(data["features"])
        unknown = set(features) - set(FEATURES)
        if unknown:
            raise ValueError(f"fidelity model factor {name} uses unknown features {sorted(unknown)}")
        factor = cls(
            name=name,
            features=features,
            mean=tuple(float(x) for x in data["mean"]),
            scale=tuple(float(x) for x in data["scale"]),
            weights=tuple(float(x) for x in data["weights"]),
            bias=float(data["bias"]),
            floor=float(data.get("floor", 0.0)),
        )
        if not 0.0 <= factor.floor < 1.0:
            raise ValueError(f"fidelity model factor {name}: floor must be in [0, 1)")
        if not len(factor.mean) == len(factor.scale) == len(factor.weights) == len(features):
            raise ValueError(f"fidelity model factor {name}: parameter lengths differ")
        if any(scale <= 0 for scale in factor.scale):
            raise ValueError(f"fidelity model factor {name}: scales must be positive")
        return factor

    def logit(self, features: PairFeatures) -> float:
        total = self.bias
        for name, mean, scale, weight in zip(self.features, self.mean, self.scale, self.weights, strict=True):
            total += weight * (features.values[name] - mean) / scale
        return total

    def probability(self, features: PairFeatures) -> float:
        return self.floor + (1.0 - self.floor) * _sigmoid(self.logit(features))


@dataclass(frozen=True)
class FidelityModel:
    """fidelity = P(meaning) × P(rendering), two logistic factors (a noisy-AND).

    ``meaning`` asks whether the Korean translates this English sentence rather than another one
    (similarity, margin, neighbour margin; fitted against swaps). ``rendering`` asks whether it
    renders all of it, numbers included, as Korean (length, coverage, unfinished ending, clause gap,
    untranslated English, number problems, flags; fitted against the other negatives). A product
    rather than one linear model, so a swapped sentence scores below a merely abridged one: in one
    logistic the length penalties of abridged clean pairs and the embedding evidence trade off, and
    swaps with ordinary lengths end up above them.
    """

    version: str
    factors: tuple[Factor, ...]
    lengths: LengthModel

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FidelityModel:
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a {MODEL_FORMAT} file (format {data.get('format')!r})")
        lengths = data["lengths"]
        return cls(
            version=str(data["version"]),
            factors=tuple(Factor.from_dict(name, factor) for name, factor in data["factors"].items()),
            lengths=LengthModel(
                log_ratio_median=float(lengths["log_ratio_median"]),
                log_ratio_sd=float(lengths["log_ratio_sd"]),
                short_chars=float(lengths["short_chars"]),
                heading_sd_factor=float(lengths.get("heading_sd_factor", 1.5)),
            ),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> FidelityModel:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    @property
    def features(self) -> tuple[str, ...]:
        used = {name for factor in self.factors for name in factor.features}
        return tuple(name for name in FEATURES if name in used)

    def factor_probabilities(self, features: PairFeatures) -> dict[str, float]:
        return {factor.name: factor.probability(features) for factor in self.factors}

    def score(self, features: PairFeatures) -> float:
        result = 1.0
        for factor in self.factors:
            result *= factor.probability(features)
        return result


@lru_cache(maxsize=1)
def default_model() -> FidelityModel:
    return FidelityModel.load()


@lru_cache(maxsize=4)
def _model_at(path: Path) -> FidelityModel:
    # A profile file missing from an install (package data not listed) falls back to e5's model, the
    # behaviour before profiles existed, rather than failing the check.
    return FidelityModel.load(path) if path != MODEL_PATH and path.exists() else default_model()


def model_for(embedder: Embedder | None) -> FidelityModel:
    """The synthetic model fitted on this embedder's similarity scale (its profile's file,
    :mod:`tqcheck.embed.profiles`); the default model's without an embedder."""
    return _model_at(profile_for(embedder).fidelity_path)


def score_alignments(
    alignments: list[Alignment],
    aligner: BandedAligner,
    model: FidelityModel | None = None,
    embedder: Embedder | None = None,
    review: ReviewModel | None = None,
) -> None:
    """Fill ``similarity``, ``margin``, ``neighbour_margin``, ``coverage``, ``length_ratio``, ``fidelity``,
    ``review_priority`` and ``fidelity_parts``.

    Run it after the other checks so their flags count. An omission scores 0 (nothing of the
    English is rendered) and is read first; an addition has no English to be faithful to, so no
    fidelity. With an ``embedder``, a document too short for its own margin is compared with the
    bundled background (:mod:`tqcheck.score.background`) and the review model (when shipped) turns
    the evidence into ``fidelity`` (accuracy) and ``review_priority``; without one, fidelity is the
    synthetic model's score.
    """
    model = model or model_for(embedder)
    review = review or review_model_for(embedder)
    background = embedder is not None and needs_background(aligner)
    vectors = background_vectors(embedder) if background and embedder is not None else None
    scored: list[tuple[Alignment, dict[str, float]]] = []
    for alignment in alignments:
        if not alignment.source_ids:
            continue
        if not alignment.target_ids:
            alignment.fidelity = 0.0
            alignment.coverage = 0.0
            alignment.length_ratio = 0.0
            alignment.review_priority = 1.0 if review is not None else None
            continue
        if vectors is not None:
            evidence = EmbeddingEvidence(
                *background_evidence(aligner, alignment.source_ids, alignment.target_ids, vectors)
            )
        else:
            evidence = embedding_evidence(aligner, alignment.source_ids, alignment.target_ids)
        features = pair_features(
            alignment.source_text,
            alignment.target_text,
            evidence.similarity,
            evidence.margin,
            (flag.code for flag in alignment.flags),
            model.lengths,
            evidence.neighbour_margin,
        )
        alignment.similarity = round(evidence.similarity, 4)
        alignment.margin = round(evidence.margin, 4)
        alignment.neighbour_margin = round(evidence.neighbour_margin, 4)
        alignment.coverage = round(features.coverage, 4)
        alignment.length_ratio = round(features.length_ratio, 4)
        base = model.score(features)
        alignment.fidelity = round(base, 4)
        if embedder is not None or review is not None:
            source_chars = len(alignment.source_text.strip())
            target_chars = len(alignment.target_text.strip())
            z = model.lengths.z(
                source_chars, target_chars, heading=not SENTENCE_END.search(alignment.source_text)
            )
            parts = review_parts(alignment.source_text, alignment.target_text, features.values, base, z)
            scored.append((alignment, parts))
    if not scored:
        return
    if review is not None and review.uses_words and embedder is not None:
        aligned = word_aligner(embedder).align_many([(a.source_text, a.target_text) for a, _ in scored])
        for (_, parts), words in zip(scored, aligned, strict=True):
            parts["words_missing"] = words.english_unmatched
            parts["words_added"] = words.korean_unmatched
    for alignment, parts in scored:
        alignment.fidelity_parts = shown_parts(parts)
        if review is not None:
            fidelity, priority = review.scores(parts)
            alignment.fidelity = round(fidelity, 4)
            alignment.review_priority = round(priority, 4)


_WORD_ALIGNERS: dict[str, WordAligner] = {}


def word_aligner(embedder: Embedder) -> WordAligner:
    """One word aligner per model (its background vocabulary is embedded once)."""
    key = str(getattr(embedder, "model_id", embedder.name))
    if key not in _WORD_ALIGNERS:
        background = load_background()
        _WORD_ALIGNERS[key] = WordAligner(embedder, (background.english, background.korean))
    return _WORD_ALIGNERS[key]


def document_fidelity(alignments: list[Alignment]) -> float | None:
    """Source-length-weighted mean, so a dropped long sentence costs more than a dropped headline.

    Omissions count with fidelity 0; additions (no English) do not count.
    """
    total = weight = 0.0
    for alignment in alignments:
        if alignment.fidelity is None or not alignment.source_ids:
            continue
        size = max(len(alignment.source_text), 1)
        total += alignment.fidelity * size
        weight += size
    return round(total / weight, 4) if weight else None
