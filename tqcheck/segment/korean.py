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
from itertools import pairwise

from tqcheck.segment.english import split_punctuated
from tqcheck.text.marks import CLOSING_QUOTES
from tqcheck.text.morphemes import get_kiwi
from tqcheck.text.scripts import HANGUL_SYLLABLE

__all__ = ["split_korean", "split_korean_punctuated"]

_LINE = re.compile(r"[^\n]+")
# A quotative particle or verb after a closing quote continues the sentence: '"...했다." 라고 말했다' and
# '압니까?" 하고 물었다' are one sentence however they are spaced. The short forms (고, 며, 는, 란) are
# words or names of their own too ("이란" is Iran), so they count only right after a closing quote.
_QUOTATIVE = re.compile(r"(?:이?라고|이?라며|이?라면서|하고|하며|하면서)(?![가-힣])")
_QUOTATIVE_AFTER_QUOTE = re.compile(r"(?:고|며|면서|는|이?란|이?라는|하는)(?![가-힣])")
_DIGITS_BEFORE = re.compile(r"\d+[.]$")
_DATE_BEFORE = re.compile(r"(?<!\d)\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.$")
# Cheap test for "a sentence might end here without punctuation": a final ending followed by more text,
# or a terminator glued to the next word. Only segments that pass are worth kiwi's time.
_MAYBE_UNPUNCTUATED = re.compile(r"[가-힣](?:다|요|까|죠|냐|네)[^\S\n]+\S|[가-힣][.?!][가-힣]")


def split_korean(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text``.

    Same contract as :func:`tqcheck.segment.english.split_english`: newlines are hard breaks, spans are
    stripped, ordered, non-overlapping and cover every non-space character.
    """
    return _split(text, always_kiwi=False)


def split_korean_punctuated(text: str) -> list[tuple[int, int]]:
    """The spans of one line's sentences that punctuation marks off, kiwi not asked: cheap enough to
    count the sentences of every line of a document split by lines."""
    return split_punctuated(text, 0, len(text), decide=_decide)


def _split(text: str, always_kiwi: bool) -> list[tuple[int, int]]:
    """``always_kiwi`` exists for the benchmark, to show that the cheap pre-filter loses nothing."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        for start, end in split_punctuated(text, line.start(), line.end(), decide=_decide):
            if always_kiwi or _MAYBE_UNPUNCTUATED.search(text, start, end):
                spans.extend(_unpunctuated_splits(text, start, end))
            else:
                spans.append((start, end))
    return spans


def _decide(text: str, term: int, end: int, nxt: int) -> bool | None:
    """Settle a punctuation boundary on Korean grounds, or return None to apply the English rules.

    Those rules stay in charge after Latin words ("조지 W. 부시", "U.S. 정부"); after Hangul they would be
    wrong, because a lower-case English word after "...다." (a glossary entry, a quoted title) still
    starts a new sentence.
    """
    if _continues(text, end, nxt):
        return False
    if term > 0 and HANGUL_SYLLABLE.match(text, term - 1):
        return True
    return None


def _continues(text: str, end: int, nxt: int) -> bool:
    """True where Korean grammar or notation says the text after ``end`` belongs to the same sentence."""
    if _QUOTATIVE.match(text, nxt):
        return True
    if text[end - 1] in CLOSING_QUOTES and _QUOTATIVE_AFTER_QUOTE.match(text, nxt):
        return True
    # Korean dates: "2008. 10. 28." is one expression, and it heads the sentence that follows it.
    if _DATE_BEFORE.search(text, max(0, end - 16), end):
        return True
    return nxt < len(text) and text[nxt].isdigit() and bool(_DIGITS_BEFORE.search(text, max(0, end - 8), end))


def _unpunctuated_splits(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Split ``text[lo:hi]`` further where kiwi sees a sentence end that has no punctuation.

    Kiwi's other boundaries are ignored: the punctuation rules already decided those, and better.
    """
    sents = get_kiwi().split_into_sents(text[lo:hi], return_tokens=False)
    cuts: list[int] = []
    for prev, nxt in pairwise(sents):
        end, start = lo + prev.end, lo + nxt.start
        if not (lo < end <= start < hi) or not HANGUL_SYLLABLE.match(text, start):
            continue
        gap = text[end:start]
        ends_bare = HANGUL_SYLLABLE.match(text, end - 1) is not None and gap.strip() == "" and gap != ""
        ends_glued = gap == "" and text[end - 1] in ".?!" and HANGUL_SYLLABLE.match(text, end - 2) is not None
        if (
            (ends_bare or ends_glued)
            and not _continues(text, end, start)
            and not _stutter(text, lo, end, start, lo + nxt.end)
        ):
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


def _stutter(text: str, lo: int, end: int, start: int, next_end: int) -> bool:
    """The "sentence" after ``end`` only repeats the words that end the one before (``…들 예정이다 들
    예정이다.``): an MT stutter inside one sentence, left whole so the repetition check sees it."""
    repeated = text[start:next_end].rstrip(" .?!…\"'”’")
    return bool(repeated.strip()) and text[lo:end].endswith(repeated)
