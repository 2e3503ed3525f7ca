"""Span highlighting for the HTML report: a text cut at every flagged span's boundaries into pieces,
each plain or covered by the union of its flags (pure data; the template macro turns it into markup)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tqcheck.model import Flag, Severity

Marked = tuple[str, Flag]
"""A flag with its id in the page (``r3-f0``), which ties its ``<mark>``s to its entry in the list."""


@dataclass(frozen=True)
class MarkInfo:
    """What one ``<mark>`` (or a whole-cell mark) stands for: the flags covering it, by page id."""

    severity: str
    fids: str
    title: str
    multi: bool = False
    caret: bool = False


@dataclass(frozen=True)
class Piece:
    """A run of text cut at span boundaries: plain, or wrapped once in the mark of every flag covering it."""

    text: str
    mark: MarkInfo | None = None


def _worst(flags: Sequence[Flag]) -> Severity:
    return max((Severity(flag.severity) for flag in flags), key=lambda severity: severity.rank)


def _clamp(value: int | None, default: int, length: int) -> int:
    if value is None:
        return default
    return max(0, min(length, int(value)))


def mark_info(marks: Sequence[Marked], caret: bool = False) -> MarkInfo:
    flags = [flag for _, flag in marks]
    return MarkInfo(
        severity=_worst(flags).value,
        fids=" ".join(fid for fid, _ in marks),
        title="\n".join(f"[{flag.code}] {flag.message}" for flag in flags),
        multi=len(marks) > 1,
        caret=caret,
    )


def highlight_pieces(text: str, marks: Sequence[Marked]) -> list[Piece]:
    """Cut ``text`` at every span boundary; each piece carries the union of the flags covering it.

    Cutting first means overlapping spans never produce crossed tags: every piece is wrapped at
    most once, its mark's severity the worst of its flags (``multi`` when several cover it).
    Offsets outside the text are clamped, a reversed span is turned round, and a zero-width span
    becomes an empty caret piece. A flag with neither offset covers the whole side and is the
    caller's business.
    """
    length = len(text)
    spans: list[tuple[int, int, Marked]] = []
    carets: dict[int, list[Marked]] = {}
    for marked in marks:
        flag = marked[1]
        start = _clamp(flag.start, 0, length)
        end = _clamp(flag.end, length, length)
        if end < start:
            start, end = end, start
        if start == end:
            carets.setdefault(start, []).append(marked)
        else:
            spans.append((start, end, marked))
    cuts = sorted({0, length, *carets, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[Piece] = []
    for position, left in enumerate(cuts):
        if left in carets:
            pieces.append(Piece("", mark_info(carets[left], caret=True)))
        if position + 1 == len(cuts):
            break
        right = cuts[position + 1]
        covering = [marked for start, end, marked in spans if start <= left and right <= end]
        pieces.append(Piece(text[left:right], mark_info(covering) if covering else None))
    return pieces
