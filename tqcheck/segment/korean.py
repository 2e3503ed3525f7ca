"""Korean sentence splitting: punctuation rules first, kiwipiepy for the boundaries punctuation misses.

Measured on our corpora (``benchmarks/split_eval.py``), kiwi used on its own is *less* accurate than a plain
punctuation split: it tries to balance quotation marks, so it refuses to split before a quote that opens the
next sentence, splits between a closing quote and its particle (``"클리퍼 칩"|이라는``), and one unbalanced
quote in MT garble can swallow every later line of a document. Its morphological analysis is also slow
(~700 sentences/s). So the punctuation split does the bulk of the work, and kiwi is asked only about
segments that may hide a sentence ending without punctuation (``...겪었습니다 그래서 ...``); only those
unpunctuated boundaries are taken from it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from tqcheck.segment.english import split_punctuated

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

__all__ = ["split_korean"]

_LINE = re.compile(r"[^\n]+")
_HANGUL = re.compile(r"[가-힣]")
# A quotative particle or verb after a closing quote continues the sentence:
# '"...했다." 라고 말했다' and '압니까?" 하고 물었다' are one sentence, however they are spaced.
_QUOTATIVE = re.compile(
    r"(?:이?라고|하고|고|이?라며|하며|며|이?라면서|하면서|면서|이?라는|하는|는|이?란)(?![가-힣])"
)
_DIGITS_BEFORE = re.compile(r"\d+[.]$")
# Cheap test for "a sentence might end here without punctuation": a final ending followed by more text,
# or a terminator glued to the next word. Only segments that pass are worth kiwi's time.
_MAYBE_UNPUNCTUATED = re.compile(r"[가-힣](?:다|요|까|죠|냐|네)[^\S\n]+\S|[가-힣][.?!][가-힣]")


@lru_cache(maxsize=1)
def _kiwi() -> Kiwi:
    """Build the analyser once per process: loading its model takes about a second."""
    from kiwipiepy import Kiwi

    return Kiwi()


def split_korean(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text``.

    Same contract as :func:`tqcheck.segment.english.split_english`: newlines are hard breaks, spans are
    stripped, ordered, non-overlapping and cover every non-space character.
    """
    return _split(text, always_kiwi=False)


def _split(text: str, always_kiwi: bool) -> list[tuple[int, int]]:
    """``always_kiwi`` exists for the benchmark, to show that the cheap pre-filter loses nothing."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        for start, end in split_punctuated(text, line.start(), line.end(), continues=_continues):
            if always_kiwi or _MAYBE_UNPUNCTUATED.search(text, start, end):
                spans.extend(_unpunctuated_splits(text, start, end))
            else:
                spans.append((start, end))
    return spans


def _continues(text: str, end: int, nxt: int) -> bool:
    """Veto a punctuation boundary that Korean grammar or notation says is not one."""
    if _QUOTATIVE.match(text, nxt):
        return True
    # Korean dates and outline numbers: "2008. 10. 28." is one expression, not three sentences.
    return nxt < len(text) and text[nxt].isdigit() and bool(_DIGITS_BEFORE.search(text, max(0, end - 8), end))


def _unpunctuated_splits(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Split ``text[lo:hi]`` further where kiwi sees a sentence end that has no punctuation.

    Kiwi's other boundaries are ignored: the punctuation rules already decided those, and better.
    """
    sents = _kiwi().split_into_sents(text[lo:hi], return_tokens=False)
    cuts: list[int] = []
    for prev, nxt in zip(sents, sents[1:]):
        end, start = lo + prev.end, lo + nxt.start
        if not (lo < end <= start < hi) or not _HANGUL.match(text, start):
            continue
        gap = text[end:start]
        ends_bare = _HANGUL.match(text, end - 1) is not None and gap.strip() == "" and gap != ""
        ends_glued = gap == "" and text[end - 1] in ".?!" and _HANGUL.match(text, end - 2) is not None
        if (ends_bare or ends_glued) and not _continues(text, end, start):
            cuts.append(start)
    spans: list[tuple[int, int]] = []
    start = lo
    for cut in cuts:
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
        start = cut
    spans.append((start, hi))
    return spans
