"""Marks: quotation marks, apostrophes, brackets and the punctuation that ends a sentence.

Every check that asks "is this inside a quotation?", "is this ’ an apostrophe?" or "does this
sentence end with a full stop?" asks here, so the answer is the same everywhere. Korean MT and
news copy mix straight and curly quotes (``“…"고 말했다``), use corner brackets and guillemets
as quotation marks (``「…」``, ``《…》`` for titles), and carry English apostrophes
(``McDonald's``) that must not open a quotation; the rules below are written for that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tqcheck.model import Segment, SegmentKind
from tqcheck.text.scripts import HANGUL_SYLLABLE, LATIN_ALNUM

# --- the marks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteClass:
    """One kind of quotation mark: marks that only open, only close, or do either (straight ").

    ``lookalike_opening`` and ``lookalikes`` are characters typed in place of the kind's marks
    (German „, the primes ″ ˝, a backtick): an unpaired one is still an unpaired quotation mark,
    but they are too often stray (a ˝ left at the start of a news line) to delimit quoted speech.
    """

    name: str
    opening: str
    closing: str
    either: str = ""
    lookalike_opening: str = ""
    lookalikes: str = ""

    @property
    def marks(self) -> str:
        return self.opening + self.closing + self.either

    @property
    def typed_marks(self) -> str:
        return self.marks + self.lookalike_opening + self.lookalikes


DOUBLE_QUOTES = QuoteClass("double", "“", "”", '"', lookalike_opening="„", lookalikes="″˝")
SINGLE_QUOTES = QuoteClass("single", "‘", "’", "'", lookalikes="`")
# Corner brackets and guillemets quote speech and titles: 「…」 『…』 《…》 〈…〉 «…».
_TITLE_PAIRS = {"「": "」", "『": "』", "《": "》", "〈": "〉", "«": "»"}
TITLE_QUOTES = tuple(QuoteClass(opening, opening, closing) for opening, closing in _TITLE_PAIRS.items())
QUOTATION_MARKS: tuple[QuoteClass, ...] = (DOUBLE_QUOTES, SINGLE_QUOTES, *TITLE_QUOTES)

# Brackets that set an aside apart: (사진), [연합뉴스], 【서울=연합뉴스】.
BRACKETS = {"(": ")", "[": "]", "{": "}", "（": "）", "［": "］", "【": "】"}

# Marks a quotation or an aside opens and closes with, as characters to strip or to look for.
OPENING_MARKS = "\"'“‘«「『〈《([{"
CLOSING_QUOTES = "\"'”’»」』〉》"
CLOSING_MARKS = CLOSING_QUOTES + ")]}"
STRAIGHT_QUOTES = "\"'"

# The punctuation that ends a sentence, in either language; closing marks may follow it.
SENTENCE_END_MARKS = ".?!…。？！"
SENTENCE_END = re.compile(f"[{re.escape(SENTENCE_END_MARKS)}][{re.escape(CLOSING_MARKS)}]*\\s*$")


def quote_snippet(text: str, limit: int = 60) -> str:
    """``text`` on one line and at most ``limit`` characters, for quoting in a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 2].rstrip() + " …"


# --- apostrophes ----------------------------------------------------------------------------


def is_apostrophe(text: str, i: int, *, inner_only: bool = False) -> bool:
    """Whether the quote mark at ``text[i]`` is an apostrophe, not a quotation mark.

    Always between Latin letters or digits (``don't``, ``Macy’s``, ``Ch'unch'on``); only Latin
    counts there: in ``‘상위’그룹`` the ’ closes a quotation. Unless ``inner_only``, also a plural
    possessive before an English word (``Texas' islands``) and a decade (``'90s``); quotation
    tracking in Korean text asks only about the inner kind, which is unambiguous.
    """
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if LATIN_ALNUM.match(before) and LATIN_ALNUM.match(after):
        return True
    if inner_only:
        return False
    if before in "sS" and i > 1 and text[i - 2].isascii() and text[i - 2].isalpha():
        return bool(re.match(r"\s+[A-Za-z]", text[i + 1 :]))
    return re.match(r"\d0s\b", text[i + 1 :]) is not None and not before.isalnum()


# --- quotations -----------------------------------------------------------------------------

_CLASS_OF = {mark: quote_class for quote_class in QUOTATION_MARKS for mark in quote_class.marks}
_OPEN_CONTEXT = frozenset("([{<“‘「『《〈«—–-")
_CLOSE_CONTEXT = frozenset(".,?!…)]}>:;~")


def _looks_like_closer(text: str, i: int) -> bool:
    """A straight quote glued to the word before it and followed by a space, punctuation or a
    particle (``말했다" 라고``, ``좋아"라고``) closes a quotation."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in _OPEN_CONTEXT:
        return False
    return (
        after.isspace()
        or after in _CLOSE_CONTEXT
        or after in STRAIGHT_QUOTES
        or bool(HANGUL_SYLLABLE.match(after))
    )


def _closers(quote_class: QuoteClass, opening: str, mixed_pairs: bool) -> str:
    """What closes a quotation opened with ``opening``: its own closer (a two-way mark, its twin),
    or with ``mixed_pairs`` any closing or two-way mark of its class, so straight and curly marks
    pair up (``“…"``)."""
    if mixed_pairs:
        return quote_class.closing + quote_class.either
    return quote_class.closing if opening in quote_class.opening else opening


def quoted_mask(
    text: str,
    open_quotes: list[str] | None = None,
    *,
    classes: Sequence[QuoteClass] = QUOTATION_MARKS,
    partial: bool = True,
    mixed_pairs: bool = False,
) -> list[bool]:
    """Which characters of ``text`` are inside a quotation (the quote marks included).

    ``open_quotes`` holds, for each quotation open where ``text`` starts, the marks that close
    it; it is updated to the quotations still open where ``text`` ends. With ``partial`` a
    quotation may have opened before ``text`` (a closing mark with no opener means everything
    before it was quoted) and may run on after it; without, only a quotation that opens and
    closes within ``text`` counts. ``classes`` are the kinds of mark that count.

    Without ``mixed_pairs`` a quotation closes only with its own mark, and a straight quote glued
    to a word after an open curly one (``“좋아"라고``) closes a quotation opened before the text:
    across segments that reading keeps a document's quotations in step. With it, any closing mark
    of the class closes, which is how to read one segment of MT that mixes its marks.
    """
    kinds = {mark: kind for mark, kind in _CLASS_OF.items() if kind in classes}
    expected = open_quotes if open_quotes is not None else []
    starts = [0] * len(expected)  # where each open quotation began in this text
    mask = [False] * len(text)
    for i, ch in enumerate(text):
        kind = kinds.get(ch)
        if kind is None or (kind is SINGLE_QUOTES and is_apostrophe(text, i, inner_only=True)):
            mask[i] = bool(expected)
            continue
        closing = next((k for k in range(len(expected) - 1, -1, -1) if ch in expected[k]), None)
        if closing is not None:
            del expected[closing:], starts[closing:]
            mask[i] = True
        elif ch in kind.opening:
            expected.append(_closers(kind, ch, mixed_pairs))
            starts.append(i)
            mask[i] = True
        elif ch in kind.closing or _looks_like_closer(text, i):
            # A closer whose opener we never saw: everything before it was quoted, or, when only
            # whole quotations count, nothing open so far was one.
            if partial:
                mask[: i + 1] = [True] * (i + 1)
            elif starts:
                mask[starts[0] : i] = [False] * (i - starts[0])
            expected.clear()
            starts.clear()
        else:
            expected.append(_closers(kind, ch, mixed_pairs))
            starts.append(i)
            mask[i] = True
    if not partial and expected:
        mask[starts[0] :] = [False] * (len(text) - starts[0])
        expected.clear()
    return mask


def inside_double_quotes(text: str, position: int) -> bool:
    """Whether ``position`` sits inside a double quotation that opens and closes within ``text``.

    Straight and curly marks pair up: MT and news copy mix them (``“…"고 말했다``).
    """
    return quoted_mask(text, classes=(DOUBLE_QUOTES,), partial=False, mixed_pairs=True)[position]


_CARRY_SEGMENTS = 3


def _closes_soon(segments: Sequence[Segment], index: int, expected: list[str]) -> bool:
    """Whether a quotation still open after segment ``index`` is closed in one of the next few
    segments of its paragraph; if not, the opening mark was a typo and must not hide the rest of
    the paragraph."""
    if not expected:
        return False
    paragraph = segments[index].paragraph
    for segment in segments[index + 1 : index + 1 + _CARRY_SEGMENTS]:
        if segment.paragraph != paragraph or segment.kind is SegmentKind.HEADLINE:
            return False
        if any(mark in segment.text for closers in expected for mark in closers):
            return True
    return False


def quotation_masks(segments: Sequence[Segment]) -> dict[int, list[bool]]:
    """For each segment id, which characters are quoted (the quote marks included).

    A quotation may run over several segments (the segmenter splits a two-sentence quote),
    so the open/closed state is carried from one segment to the next within a paragraph, as
    long as a closing mark follows within a few segments.
    """
    masks: dict[int, list[bool]] = {}
    expected: list[str] = []
    paragraph: int | None = None
    for index, segment in enumerate(segments):
        if segment.kind is SegmentKind.HEADLINE or segment.paragraph != paragraph:
            expected = []
        paragraph = segment.paragraph
        masks[segment.id] = quoted_mask(segment.text, expected)
        if segment.kind is SegmentKind.HEADLINE or not _closes_soon(segments, index, expected):
            expected = []
    return masks


# --- quotation marks and brackets without their partner -------------------------------------

# Same-length normalisation: TeX quotes, and full-width brackets counted with their ASCII twins.
_NORMALISE = (("``", "“\u2060"), ("''", "”\u2060"), ("（", "("), ("）", ")"), ("［", "["), ("］", "]"))
# Marks that must come in pairs: the brackets and the corner and angle quotation brackets.
_PAIRED = {opening: closing for opening, closing in BRACKETS.items() if opening not in "（［"} | {
    opening: closing for opening, closing in _TITLE_PAIRS.items() if opening != "«"
}


def _quote_marks(text: str, quote_class: QuoteClass) -> list[int]:
    marks = quote_class.typed_marks
    if not any(mark in text for mark in marks):
        return []
    return [
        i
        for i, char in enumerate(text)
        if char in marks and not (quote_class is SINGLE_QUOTES and is_apostrophe(text, i))
    ]


def _unmatched_quote(text: str, quote_class: QuoteClass) -> int | None:
    """Position of a quotation mark of one class left without its partner, or None if balanced.

    Balance is parity (mis-facing marks such as “…“ are a typo, not a lost quotation); the
    direction of curly marks only helps to point at the culprit.
    """
    positions = _quote_marks(text, quote_class)
    if len(positions) % 2 == 0:
        return None
    open_at: int | None = None
    for i in positions:
        opening = text[i] in quote_class.opening + quote_class.lookalike_opening
        if opening or (text[i] not in quote_class.closing and open_at is None):
            if open_at is not None:
                return open_at
            open_at = i
        elif open_at is None:
            return i
        else:
            open_at = None
    return open_at if open_at is not None else positions[-1]


def _unmatched_bracket(text: str, opening: str) -> int | None:
    closing = _PAIRED[opening]
    if opening not in text and closing not in text:
        return None
    stack: list[int] = []
    for i, char in enumerate(text):
        if char == opening:
            stack.append(i)
        elif char == closing:
            if not stack:
                return i
            stack.pop()
    return stack[0] if stack else None


def unmatched_marks(text: str) -> dict[str, int]:
    """Each kind of quotation mark (``double``, ``single``) or bracket (by its opening mark) that
    is unbalanced in ``text``, with the position of the mark that lacks its partner.

    Quote kinds are balanced each in itself, never against each other: Korean renders "…" as
    ‘…’ or “…" just as often.
    """
    for old, new in _NORMALISE:
        text = text.replace(old, new)
    found: dict[str, int | None] = {
        kind.name: _unmatched_quote(text, kind) for kind in (DOUBLE_QUOTES, SINGLE_QUOTES)
    }
    for opening in _PAIRED:
        found[opening] = _unmatched_bracket(text, opening)
    return {name: position for name, position in found.items() if position is not None}


# --- brackets -------------------------------------------------------------------------------


def bracket_mask(text: str, *, unclosed_hides_rest: bool = False) -> list[bool]:
    """Which characters of ``text`` are in brackets (the brackets included).

    An unclosed bracket either hides the rest of the text (``unclosed_hides_rest``: English
    after an opening bracket is still a gloss) or, by default, voids the mask (the bracket was a
    typo, and must not hide the sentence's predicate).
    """
    mask = [False] * len(text)
    expected: list[str] = []
    for i, ch in enumerate(text):
        if ch in BRACKETS:
            expected.append(BRACKETS[ch])
        if expected:
            mask[i] = True
        if expected and ch == expected[-1]:
            expected.pop()
    if expected and not unclosed_hides_rest:
        return [False] * len(text)
    return mask
