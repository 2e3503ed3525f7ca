"""A fixed background for the margin when a document is too short to provide one.

The margin (cosine minus each side's mean similarity to the other document's sentences) is what
makes a cosine mean something: e5 puts any two sentences near 0.75–0.8. A one-sentence document has
nothing to compare with, so the margin was 0 and a perfect one-sentence translation scored 0.29.
Here such a pair is compared with ~50 generic English and ~50 generic Korean sentences written for
tqcheck (``background.json``), embedded once through the same embedder and its cache. For the
bundled model the vectors ship inside the JSON (float16), so a cold run of a one-sentence check does
not pay for 100 extra embeddings; another model embeds them on first use (then they are cached).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tqcheck.align.dp import BandedAligner
from tqcheck.embed import Embedder
from tqcheck.embed.base import normalize_rows

BACKGROUND_PATH = Path(__file__).with_name("background.json")
BACKGROUND_FORMAT = "tqcheck-background"
MIN_DOCUMENT = 8
"""Below this many sentences on either side the document's own margin is too noisy: use the background."""
NEIGHBOURS = 2


@dataclass(frozen=True)
class Background:
    english: tuple[str, ...]
    korean: tuple[str, ...]
    vectors: dict[str, dict[str, np.ndarray]]  # model id -> {"english": ..., "korean": ...}


@lru_cache(maxsize=1)
def load_background(path: Path = BACKGROUND_PATH) -> Background:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != BACKGROUND_FORMAT:
        raise ValueError(f"not a {BACKGROUND_FORMAT} file")
    shipped: dict[str, dict[str, np.ndarray]] = {}
    for model_id, sides in data.get("vectors", {}).items():
        shipped[model_id] = {
            side: np.frombuffer(base64.b64decode(encoded), dtype=np.float16)
            .astype(np.float32)
            .reshape(len(data[side]), -1)
            for side, encoded in sides.items()
        }
    return Background(tuple(data["english"]), tuple(data["korean"]), shipped)


def encode_vectors(vectors: np.ndarray) -> str:
    """float16, base64: how ``tools/fit_review.py`` stores the bundled model's background vectors."""
    return base64.b64encode(np.asarray(vectors, dtype=np.float16).tobytes()).decode("ascii")


_EMBEDDED: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def background_vectors(embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """(English, Korean) unit vectors of the background for this embedder's model."""
    model_id = str(getattr(embedder, "model_id", embedder.name))
    if model_id not in _EMBEDDED:
        background = load_background()
        shipped = background.vectors.get(model_id)
        if shipped is not None:
            pair = normalize_rows(shipped["english"]), normalize_rows(shipped["korean"])
        else:
            pair = (
                normalize_rows(np.asarray(embedder.embed(list(background.english)), dtype=np.float32)),
                normalize_rows(np.asarray(embedder.embed(list(background.korean)), dtype=np.float32)),
            )
        _EMBEDDED[model_id] = pair
    return _EMBEDDED[model_id]


def needs_background(aligner: BandedAligner) -> bool:
    return min(aligner.n, aligner.m) < MIN_DOCUMENT


WINDOW = 256
"""The document's own competitors are its sentences within this many rows of the pair. The
background is only used when one side has fewer than MIN_DOCUMENT sentences, so the other side is
practically always within the window and this is the whole document; the bound keeps a pathological
pair (eight sentences against a long document) linear instead of scanning it once per alignment."""


def _competitors(own: np.ndarray, others: np.ndarray, ids: tuple[int, ...], query: np.ndarray) -> np.ndarray:
    low = max(0, ids[0] - WINDOW) if ids else 0
    high = min(others.shape[0], ids[-1] + 1 + WINDOW) if ids else min(others.shape[0], WINDOW)
    rows = [row for row in range(low, high) if row not in ids]
    pool = np.vstack([own, others[rows]]) if rows else own
    return pool @ query


def background_evidence(
    aligner: BandedAligner,
    source_ids: tuple[int, ...],
    target_ids: tuple[int, ...],
    vectors: tuple[np.ndarray, np.ndarray],
) -> tuple[float, float, float]:
    """(cosine, margin, neighbour margin) against the background plus the document's other sentences:
    the margin subtracts the mean similarity to them, the neighbour margin the mean of the two best."""
    english, korean = vectors
    cosine, _ = aligner.similarity_and_margin(source_ids, target_ids)
    query_source = aligner.block_vector("source", source_ids)
    query_target = aligner.block_vector("target", target_ids)
    against_source = _competitors(korean, aligner.sentence_vectors("target"), target_ids, query_source)
    against_target = _competitors(english, aligner.sentence_vectors("source"), source_ids, query_target)
    margin = cosine - 0.5 * float(against_source.mean() + against_target.mean())
    best_source = float(np.sort(against_source)[-NEIGHBOURS:].mean())
    best_target = float(np.sort(against_target)[-NEIGHBOURS:].mean())
    return cosine, margin, cosine - 0.5 * (best_source + best_target)
