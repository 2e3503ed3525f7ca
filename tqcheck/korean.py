"""Korean language helpers shared by the segmenter and the checks.

One Kiwi per process: loading its model costs about a second and 100+ MB, and every
stage that analyses Korean must see the same analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

HANGUL_SYLLABLE = re.compile(r"[가-힣]")


@lru_cache(maxsize=1)
def get_kiwi() -> Kiwi:
    from kiwipiepy import Kiwi

    return Kiwi()


def has_hangul(text: str) -> bool:
    return HANGUL_SYLLABLE.search(text) is not None


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
    """kiwi's best analysis of ``text``, cached: checks and the fidelity scorer ask about the same
    segments again and again."""
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
