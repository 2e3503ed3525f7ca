"""The Korean morphological analyser: one Kiwi per process, its analyses cached.

Loading kiwi's model costs about a second and 100+ MB, and every stage that analyses Korean
(the segmenter, the checks, the fidelity scorer) must see the same analysis, so all of them ask
here. The checks and the scorer ask about the same segments again and again, hence the caches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tqcheck.text.scripts import has_final_consonant

if TYPE_CHECKING:
    from kiwipiepy import Kiwi


@lru_cache(maxsize=1)
def get_kiwi() -> Kiwi:
    from kiwipiepy import Kiwi

    return Kiwi()


# kiwipiepy gives a morpheme it guessed (not in its dictionary) one of these placeholder ids.
_UNKNOWN_IDS = frozenset({0, 1, 2, 3})


@dataclass(frozen=True)
class Morph:
    """One morpheme of kiwi's best analysis; offsets are into the analysed text."""

    form: str
    tag: str
    start: int
    end: int
    known: bool
    score: float


@lru_cache(maxsize=16384)
def morphemes(text: str) -> tuple[Morph, ...]:
    """kiwi's best analysis of ``text``."""
    return tuple(
        Morph(
            token.form,
            token.tag,
            token.start,
            token.start + token.len,
            token.id not in _UNKNOWN_IDS,
            float(token.score),
        )
        for token in get_kiwi().tokenize(text)
    )


@lru_cache(maxsize=16384)
def log_probability(text: str) -> float:
    """kiwi's language-model score of its best analysis of ``text`` (a log probability).

    Comparing the score of a whole with the scores of its parts says whether two strings belong
    together (a compound, a heading and its sentence) or were merely run together.
    """
    return float(get_kiwi().analyze(text, top_n=1)[0][1])


# kiwi's tags for common and proper nouns (dependent nouns, NNB, are not words of their own).
NOUN_TAGS = frozenset({"NNG", "NNP"})


@lru_cache(maxsize=4096)
def noun_score(word: str) -> float | None:
    """How likely ``word`` is as a sentence-initial noun, or None when kiwi does not know it as one.

    Asked with an object particle after it, so kiwi reads ``보고`` as the noun "report" and not
    as 보+고 ("seeing and").
    """
    morphs = morphemes(word + ("을" if has_final_consonant(word[-1]) else "를"))
    if len(morphs) == 2 and morphs[0].tag in NOUN_TAGS and morphs[0].known and morphs[0].form == word:
        return morphs[0].score
    return None


@lru_cache(maxsize=4096)
def verbal_noun_score(noun: str) -> float:
    """How readily ``noun`` takes 하다 (직면하다, 발표하다): high for verbal nouns, very low otherwise."""
    morphs = morphemes(noun + "했다")
    if len(morphs) >= 2 and morphs[0].form == noun and morphs[1].form == "하" and morphs[1].tag == "XSV":
        return morphs[1].score
    return float("-inf")
