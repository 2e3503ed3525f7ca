"""Where a flag is in the files: path, line and column, so a CI log, a code-scanning alert or an editor
can open the spot a reviewer has to fix.

A flag points into the *joined* text of one side of its alignment (``Alignment.source_text`` or
``target_text``, its segments joined by ``SEGMENT_JOINER``); each segment knows its file. This module
walks back from one to the other, with no file I/O, so every report format can call it on a result
(even one restored from the result cache, whose files may have changed since).

How the column is found without the file's text. A segment records ``start`` (its offset in the
decoded file text) and ``line``, but not where its line starts. The segmenter guarantees that a
segment never crosses a line break, that a line's segments are slices of that line, and that lines
holding no segment are blank. So, for a line L whose first segment starts at offset ``s``, the line's
own start offset ``L0`` lies between

- a lower bound: the end of the last segment on the nearest earlier line P, plus its newline, plus
  one newline for each line between P and L (each such line holds at least its newline), and
- ``s`` itself (the first segment cannot start before its line);

and line 1 always starts at offset 0. When the bounds meet, which they do whenever the earlier line
has no trailing blanks, the blank lines between are empty and L has no indentation (the common layout
of MT files), ``L0`` is exact and every segment on line L gets an exact column. Otherwise
whitespace could sit at the end of the previous line or at the start of this one and nothing
recorded tells which, so the location gives the line only rather than a column that may be wrong.

Columns are 1-based and count Unicode code points of the decoded, normalised text (NFC, LF
line ends; a BOM dropped), the unit ``Segment.start`` counts in; for the NFC UTF-8 files MT systems
write, that is what an editor shows. ``end_column`` is exclusive (the column just after the span), as
SARIF's ``endColumn`` is; a consumer that wants the last column inclusive subtracts one.

Segment files (XLIFF, TMX, PO, TSV…) have no useful column: a unit's text was flattened and may be
escaped in the file, so their flags get the unit's line only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tqcheck.model import (
    Alignment,
    CheckResult,
    Document,
    Flag,
    Segment,
    Severity,
    Side,
    placed_segments,
)


@dataclass(frozen=True)
class Location:
    """A place in a file. ``line`` 0 means unknown (a document built in memory without lines);
    ``column``/``end_column`` are ``None`` when they cannot be derived exactly (see the module doc)."""

    path: str | None
    line: int
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None  # exclusive


Placed = list[tuple[Segment, int]]
"""The segments of one side of an alignment, each with its offset in the joined side text."""


def flagged_side(result: CheckResult, alignment: Alignment, flag: Flag) -> tuple[Side, Document, Placed]:
    """The side a flag is located on: its own (target when it names none), or the other side when its
    own has no segment: an omission (nothing on the target) points at the source sentence left out,
    an addition (nothing in the source) at the target sentence that was added."""
    side: Side = flag.side or "target"
    for candidate in (side, "source" if side == "target" else "target"):
        document, ids = (
            (result.source, alignment.source_ids)
            if candidate == "source"
            else (result.target, alignment.target_ids)
        )
        if ids:
            return candidate, document, placed_segments(document, ids)  # type: ignore[return-value]
    return side, result.target, []


def _span(flag: Flag, side: Side, length: int) -> tuple[int, int]:
    """The flag's span in the joined text, clamped and turned round if need be; the whole side when
    the flag has no offsets or points at the other side (an omission located on the source)."""
    if (flag.start is None and flag.end is None) or (flag.side or "target") != side:
        return 0, length
    start = 0 if flag.start is None else max(0, min(length, flag.start))
    end = length if flag.end is None else max(0, min(length, flag.end))
    return (start, end) if start <= end else (end, start)


def _start_point(placed: Placed, offset: int) -> tuple[Segment, int]:
    """The segment a span starting at ``offset`` starts in, and the offset in that segment's text.
    A start on the joiner between two segments belongs to the next one."""
    for position, (segment, begin) in enumerate(placed):
        if offset < begin + len(segment.text) or position + 1 == len(placed):
            return segment, max(0, min(len(segment.text), offset - begin))
        if offset < placed[position + 1][1]:
            return placed[position + 1][0], 0
    raise ValueError("no segments to locate in")


def _end_point(placed: Placed, offset: int) -> tuple[Segment, int]:
    """The segment a span ending (exclusively) at ``offset`` ends in; an end on a joiner, or at the
    very start of the next segment, belongs to the previous one."""
    for position, (segment, begin) in enumerate(placed):
        following = placed[position + 1][1] if position + 1 < len(placed) else None
        if following is None or offset <= following:
            return segment, max(0, min(len(segment.text), offset - begin))
    raise ValueError("no segments to locate in")


def line_starts(document: Document) -> dict[int, int]:
    """The exact offset at which each line holding a segment starts, for the lines where the
    segments' own offsets determine it (see the module doc); lines missing from the map get no column.

    A document whose segments do not carry file offsets (built in memory, or a segment file) gets
    an empty map.
    """
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for segment in document.segments:
        if (
            segment.line < 1
            or segment.unit_id is not None
            or segment.end - segment.start != len(segment.text)
        ):
            return {}
        first[segment.line] = min(first.get(segment.line, segment.start), segment.start)
        last[segment.line] = max(last.get(segment.line, segment.end), segment.end)
    starts: dict[int, int] = {}
    previous_line, previous_end = 0, -1  # a line 0 ending just before offset 0
    for line in sorted(first):
        lower = previous_end + 1 + (line - previous_line - 1)
        if line == 1:
            starts[line] = 0
        elif lower == first[line]:
            starts[line] = lower
        previous_line, previous_end = line, last[line]
    return starts


def locate(
    result: CheckResult, alignment: Alignment, flag: Flag, starts: dict[int, int] | None = None
) -> Location:
    """The file, line and (where exact) columns of ``flag``'s span.

    ``starts`` is ``line_starts`` of the located side's document, for a caller locating many flags of
    one result (it is computed here otherwise).
    """
    side, document, placed = flagged_side(result, alignment, flag)
    if not placed:
        return Location(document.path, 0)
    length = placed[-1][1] + len(placed[-1][0].text)
    start, end = _span(flag, side, length)
    first, first_offset = _start_point(placed, start)
    last, last_offset = _end_point(placed, end) if end > start else (first, first_offset)
    if first.unit_id is not None or first.line < 1:
        return Location(document.path, first.line, end_line=last.line)
    if starts is None:
        starts = line_starts(document)
    begin, finish = starts.get(first.line), starts.get(last.line)
    if begin is None or finish is None:
        return Location(document.path, first.line, end_line=last.line)
    return Location(
        path=document.path,
        line=first.line,
        column=first.start + first_offset - begin + 1,
        end_line=last.line,
        end_column=last.start + last_offset - finish + 1,
    )


def span_text(alignment: Alignment, flag: Flag) -> str | None:
    """The text a flag's span covers on its side, or ``None`` for a flag on a whole side."""
    if flag.start is None and flag.end is None:
        return None
    text = alignment.source_text if flag.side == "source" else alignment.target_text
    start = 0 if flag.start is None else max(0, min(len(text), flag.start))
    end = len(text) if flag.end is None else max(0, min(len(text), flag.end))
    return text[min(start, end) : max(start, end)]


def snippet(alignment: Alignment, flag: Flag, limit: int = 80) -> str:
    """What a reviewer needs to recognise the flag in a log line: the span's text, or for a flag on a
    whole side that side's text (the source sentence of an omission), shortened to ``limit``."""
    text = span_text(alignment, flag)
    if text is None:
        side = flag.side or "target"
        text = alignment.target_text if side == "target" and alignment.target_text else alignment.source_text
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class LocatedFlag:
    """A flag of a result with its alignment, its position in ``alignment.flags`` (with
    ``alignment.index`` its ``FlagKey``) and its place in the files."""

    alignment: Alignment
    position: int
    flag: Flag
    location: Location

    @property
    def severity(self) -> Severity:
        return Severity(self.flag.severity)  # a flag restored from JSON may carry a plain string

    @property
    def key(self) -> tuple[int, int]:
        return (self.alignment.index, self.position)


def located_flags(result: CheckResult) -> list[LocatedFlag]:
    """Every flag of ``result`` in document order, located (line starts worked out once per side)."""
    starts = {"source": line_starts(result.source), "target": line_starts(result.target)}
    located = []
    for alignment in result.alignments:
        for position, flag in enumerate(alignment.flags):
            side = flagged_side(result, alignment, flag)[0]
            located.append(
                LocatedFlag(alignment, position, flag, locate(result, alignment, flag, starts[side]))
            )
    return located


def relative_path(path: str, cwd: str | None = None) -> str:
    """``path`` relative to ``cwd`` (the current directory) when it lies inside it, else absolute;
    with forward slashes either way: what CI annotations and SARIF want (paths from the repository
    root, where a CI job runs)."""
    base = os.path.abspath(cwd or os.getcwd())
    absolute = os.path.abspath(os.path.join(base, path))
    try:
        inside = os.path.commonpath([base, absolute]) == base
    except ValueError:  # another drive on Windows
        inside = False
    chosen = os.path.relpath(absolute, base) if inside else absolute
    return chosen.replace(os.sep, "/").replace("\\", "/")
