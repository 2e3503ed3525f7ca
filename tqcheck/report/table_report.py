"""The terminal view: what an editor reads to fix a translation, flagged alignments first.

Why it is laid out as blocks rather than one wide table:

- An editor acts on a flag, so each flagged alignment is a block: where it is, in the 1-based segment
  numbers an editor counts in (``EN 16–17 → KO 15``, ``EN 5 → (none)``); one line per flag (severity,
  code, message); then the texts *whole*, wrapped to the width, with the flagged spans marked. A table
  had to cut the texts to its columns, and what was cut was often what the flag was about.
- Spans are marked in colour on a terminal and as ``[[…]]`` everywhere else (a pipe, a redirect, a
  report file, ``NO_COLOR``), so a CI log or a pasted snippet still shows exactly what was flagged and
  never carries escape codes.
- Widths are measured in terminal cells by rich (a Hangul syllable takes two), never with ``len()``;
  flag codes never wrap, so ``term-inconsistency`` stays one word an editor can search for.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tqcheck.model import Alignment, CheckResult, Document, Flag, Severity, Side
from tqcheck.report.frames import related_note, suggestion_text

DEFAULT_WIDTH = 100
"""The width of a table that goes to no terminal (a report file, or stdout when the CLI passes none)."""

MARK_OPEN, MARK_CLOSE = "[[", "]]"
"""How a flagged span is marked when colour is off; brackets survive copy-paste, grep and CI logs."""

NONE = "(none)"
"""The side of an omission or an addition that has no segment."""

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "cyan"}
_SPAN_STYLE = {
    Severity.ERROR: "bold red reverse",
    Severity.WARNING: "bold yellow reverse",
    Severity.INFO: "bold cyan reverse",
}
_CARET = "‸"  # a zero-width span (something missing *here*) shown in colour
_INDENT = 2
_GAP = 2
_MIN_MESSAGE = 30  # below this many cells for the message, a flag's code gets a line of its own
_SEVERITY_WIDTH = max(len(severity.value) for severity in _SEVERITIES)
# C0 and C1 control characters would reach the terminal as they are (rich strips only a few), so an
# ESC in a garbled MT output could recolour the screen or leave escape codes in a piped log. Each is
# replaced by one character, so a flag's offsets still point at the same text.
_CONTROLS = {code: "\ufffd" for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))} | {0x09: " "}

Span = tuple[int, int, Severity]
"""A marked span of one side's joined text: start, end (exclusive), the worst severity covering it."""


# --------------------------------------------------------------------------- colour and words


def wants_colour(stream: TextIO | None = None) -> bool:
    """Whether a table written to ``stream`` (stdout by default) should be in colour.

    Only a terminal gets colour: anything else (a pipe, a file) gets the ``[[…]]`` marks, which mean
    the same in any viewer. ``NO_COLOR`` (https://no-color.org) turns colour off even on a terminal,
    ``FORCE_COLOR`` turns it on for a pager that shows it (``| less -R``); NO_COLOR wins, as in rich.
    A ``dumb`` terminal cannot show it.
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream or sys.stdout, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:  # a closed stream
        return False


def segment_numbers(ids: Sequence[int]) -> str:
    """``ids`` as an editor counts segments: from 1, consecutive ones as a range (``(15, 16)`` →
    ``16–17``), so the numbers match a line-numbered view of a one-sentence-per-line file."""
    runs: list[list[int]] = []
    for number in (segment_id + 1 for segment_id in ids):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def locator(result: CheckResult, alignment: Alignment) -> str:
    """Where an alignment is, in words: ``EN 16–17 → KO 15`` (a 2-1), ``EN 5 → (none)`` (an omission),
    ``(none) → KO 9`` (an addition)."""

    def side(document: Document, ids: tuple[int, ...]) -> str:
        return f"{_label(document)} {segment_numbers(ids)}" if ids else NONE

    return f"{side(result.source, alignment.source_ids)} → {side(result.target, alignment.target_ids)}"


def _label(document: Document) -> str:
    return str(document.language).upper()


def _severity(flag: Flag) -> Severity:
    """A flag's severity as the enum: a result read back from the cache may hold it as a string."""
    return Severity(flag.severity)


def _worse(one: Severity, other: Severity) -> Severity:
    return one if one.rank >= other.rank else other


def _worst(alignment: Alignment) -> Severity:
    severity = Severity.INFO
    for flag in alignment.flags:
        severity = _worse(severity, _severity(flag))
    return severity


def _visible(text: str) -> str:
    return text.translate(_CONTROLS)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


# --------------------------------------------------------------------------- spans


def flag_spans(flags: Iterable[Flag], side: Side, length: int) -> list[Span]:
    """The spans to mark on one side of an alignment, sorted and merged where they overlap.

    A flag with no side is on the target (the ``Flag`` convention). A flag with neither offset is about
    the whole side (low fidelity, an omission) and marks nothing: bracketing a whole sentence would only
    hide the spans that say *where* to look; its message is on its own line. Offsets are clamped and a
    reversed span turned round, as the other reports do; overlapping spans merge into one mark with the
    worst severity, so marks never nest or cross.
    """
    spans: list[Span] = []
    for flag in flags:
        if (flag.side or "target") != side or (flag.start is None and flag.end is None):
            continue
        start = 0 if flag.start is None else max(0, min(length, flag.start))
        end = length if flag.end is None else max(0, min(length, flag.end))
        spans.append((min(start, end), max(start, end), _severity(flag)))
    merged: list[Span] = []
    for start, end, severity in sorted(spans, key=lambda span: (span[0], span[1])):
        if merged and (start < merged[-1][1] or (start, end) == merged[-1][:2]):
            last_start, last_end, last_severity = merged[-1]
            merged[-1] = (last_start, max(last_end, end), _worse(last_severity, severity))
        else:
            merged.append((start, end, severity))
    return merged


def marked_text(text: str, spans: Sequence[Span], colour: bool) -> Text:
    """``text`` with each span marked: styled by severity in colour, between ``[[`` and ``]]`` without.

    A zero-width span (a missing word or space) shows as a caret in colour and as ``[[]]`` without.
    Built piece by piece from the original text, so the marks sit exactly on the flagged characters.
    """
    marked = Text()
    cursor = 0
    for start, end, severity in spans:
        marked.append(_visible(text[cursor:start]))
        piece = _visible(text[start:end])
        if colour:
            marked.append(piece or _CARET, style=_SPAN_STYLE[severity])
        else:
            marked.append(f"{MARK_OPEN}{piece}{MARK_CLOSE}")
        cursor = end
    marked.append(_visible(text[cursor:]))
    return marked


# --------------------------------------------------------------------------- blocks


def _indented(renderable: RenderableType, indent: int = _INDENT) -> Padding:
    return Padding(renderable, (0, 0, 0, indent), expand=False)


def _flag_lines(flags: Sequence[Flag], code_width: int, width: int, colour: bool) -> RenderableType:
    """One line per flag: severity, code, message, the message wrapping under itself.

    The code column never wraps (``no_wrap``): a code broken in two is a code nobody can search for.
    When the width leaves too little room for the message beside it, each code gets its own line and
    its message goes under it.
    """
    room = width - _INDENT - _SEVERITY_WIDTH - code_width - 2 * _GAP
    if room >= _MIN_MESSAGE:
        grid = Table.grid(padding=(0, _GAP))
        grid.add_column(no_wrap=True, min_width=_SEVERITY_WIDTH)
        grid.add_column(no_wrap=True, min_width=code_width)
        grid.add_column(overflow="fold")
        for flag in flags:
            severity = _severity(flag)
            grid.add_row(
                Text(severity.value.upper(), style=_SEVERITY_STYLE[severity] if colour else ""),
                Text(flag.code, style="bold" if colour else ""),
                _message(flag, colour),
            )
        return _indented(grid)
    stacked = Table.grid()
    stacked.add_column(overflow="fold")
    for flag in flags:
        severity = _severity(flag)
        heading = Text(severity.value.upper(), style=_SEVERITY_STYLE[severity] if colour else "")
        heading.append("  ")
        heading.append(flag.code, style="bold" if colour else "")
        stacked.add_row(heading)
        message = _message(flag, colour)
        message.overflow = "fold"
        stacked.add_row(_indented(message, _GAP))
    return _indented(stacked)


def _message(flag: Flag, colour: bool) -> Text:
    """The flag's message and, when the check knows the repair, ``→ replacement`` after it: what the
    editor would type, right where they read what is wrong."""
    text = Text(_visible(flag.message))
    if flag.suggestion is not None:
        text.append("  → ", style="dim" if colour else "")
        text.append(_visible(suggestion_text(flag.suggestion)), style="bold green" if colour else "")
    if flag.related:
        text.append(related_note(flag), style="dim" if colour else "")
    return text


def _text_lines(result: CheckResult, alignment: Alignment, colour: bool, reference: bool) -> Table:
    """The alignment's texts, whole and wrapped, each under its language label, spans marked."""
    grid = Table.grid(padding=(0, _GAP))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    sides: list[tuple[Document, Side, tuple[int, ...], str]] = [
        (result.source, "source", alignment.source_ids, alignment.source_text),
        (result.target, "target", alignment.target_ids, alignment.target_text),
    ]
    for document, side, ids, text in sides:
        if ids:
            body = marked_text(text, flag_spans(alignment.flags, side, len(text)), colour)
        else:
            body = Text(NONE, style="dim" if colour else "")
        grid.add_row(Text(_label(document), style="dim" if colour else ""), body)
    if reference and alignment.reference_text:
        grid.add_row(Text("REF", style="dim" if colour else ""), Text(_visible(alignment.reference_text)))
    return grid


def _heading(result: CheckResult, alignment: Alignment, colour: bool) -> Text:
    """The block's first line: where it is, then its fidelity, so the row can be found in the files."""
    heading = Text()
    heading.append(locator(result, alignment), style="bold" if colour else "")
    if alignment.fidelity is not None:
        heading.append(f"  fidelity {alignment.fidelity:.2f}", style="dim" if colour else "")
    if alignment.ignored:
        heading.append("  ignored (matches an ignore pattern: not checked)", style="dim" if colour else "")
    return heading


def _block(
    result: CheckResult, alignment: Alignment, code_width: int, width: int, colour: bool
) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading(result, alignment, colour)]
    if alignment.flags:
        flags = sorted(alignment.flags, key=lambda flag: -_severity(flag).rank)  # stable: check order
        parts.append(_flag_lines(flags, code_width, width, colour))
    parts.append(_indented(_text_lines(result, alignment, colour, reference=bool(alignment.flags))))
    return parts


# --------------------------------------------------------------------------- verdict


def _severity_counts(result: CheckResult) -> dict[Severity, int]:
    counts = dict.fromkeys(_SEVERITIES, 0)
    for alignment in result.alignments:
        for flag in alignment.flags:
            counts[_severity(flag)] += 1
    return counts


def _tally(result: CheckResult) -> str:
    """``13 flags (8 errors, 5 warnings) in 9 of 27 alignments``: the size of the editor's job."""
    counts = _severity_counts(result)
    total = sum(counts.values())
    if not total:
        return f"no flags in {len(result.alignments)} alignments"
    parts = ", ".join(_plural(count, severity.value) for severity, count in counts.items() if count)
    flagged = sum(1 for alignment in result.alignments if alignment.flags)
    return f"{_plural(total, 'flag')} ({parts}) in {flagged} of {len(result.alignments)} alignments"


def _verdict_word(result: CheckResult, colour: bool) -> Text:
    passed = result.summary.passed
    style = ("bold green" if passed else "bold red") if colour else ""
    return Text("PASSED" if passed else "FAILED", style=style)


def _verdict(result: CheckResult, colour: bool) -> list[Text]:
    """The head of the view: the gate's verdict and why, the counts, document fidelity and, with a
    reference, the corpus scores; what a reviewer decides on before reading a single row."""
    summary = result.summary
    lines = [_verdict_word(result, colour)]
    lines[0].append(f"  {_tally(result)}")
    for reason in summary.gate_reasons:
        lines.append(Text(f"gate: {reason}", style="red" if colour else ""))
    if summary.flag_counts:
        by_code = ", ".join(f"{code} {count}" for code, count in summary.flag_counts.items())
        lines.append(Text(f"by code: {by_code}"))
    if summary.accepted:
        lines.append(Text(f"baseline: {_plural(summary.accepted, 'accepted flag')} not counted"))
    scores = [
        f"{name} {value:.1f}"
        for name, value in (("BLEU", summary.bleu), ("chrF", summary.chrf), ("TER", summary.ter))
        if value is not None
    ]
    if scores:
        lines.append(Text("reference: " + " · ".join(scores)))
    fidelity = "n/a" if summary.fidelity is None else f"{summary.fidelity:.3f}"
    lines.append(
        Text(
            f"document fidelity {fidelity} · {summary.source_segments} {_label(result.source)} / "
            f"{summary.target_segments} {_label(result.target)} segments · model {result.model}",
        )
    )
    return lines


# --------------------------------------------------------------------------- the view


def ordered_rows(result: CheckResult, show: str = "all") -> tuple[list[Alignment], list[Alignment]]:
    """The flagged alignments, worst severity first and in document order within a severity, and
    (with ``show="all"``) the unflagged ones in document order: the order an editor works in."""
    flagged = sorted((a for a in result.alignments if a.flags), key=lambda a: -_worst(a).rank)
    rest = [] if show == "flagged" else [a for a in result.alignments if not a.flags]
    return flagged, rest


def render_table(
    result: CheckResult, show: str = "all", width: int | None = None, colour: bool | None = None
) -> str:
    """The terminal view of ``result`` as a string, wrapped to ``width`` cells.

    ``colour=None`` decides from where the text is going: a call with a ``width`` is the CLI rendering
    for its stdout, which gets colour when it is a terminal (see ``wants_colour``); a call without one
    renders a report file, which never does. Without colour no escape code is written at all.
    """
    colour = wants_colour() if colour is None and width is not None else bool(colour)
    width = max(1, width or DEFAULT_WIDTH)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        force_jupyter=False,
        force_interactive=False,
        legacy_windows=False,
    )
    for line in _verdict(result, colour):
        console.print(line)
    flagged, rest = ordered_rows(result, show)
    codes = [flag.code for alignment in flagged for flag in alignment.flags]
    code_width = max((len(code) for code in codes), default=0)
    sections = (
        (flagged, f"Flagged: {len(flagged)} of {len(result.alignments)}, worst first"),
        (rest, f"Not flagged: {len(rest)}, in document order"),
    )
    for rows, title in sections:
        if not rows:
            continue
        console.print()
        console.rule(Text(title, style="bold" if colour else ""), align="left", style="dim" if colour else "")
        for alignment in rows:
            console.print()
            for part in _block(result, alignment, code_width, width, colour):
                console.print(part)
    if not flagged and show == "flagged":
        console.print()
        console.print("No flagged alignments.")
    if flagged or rest:
        console.print()
        recap = _verdict_word(result, colour)
        recap.append(f"  {_tally(result)}")
        console.print(recap)
    # rich pads grid cells to their width; trailing blanks only get in the way of a diff or a paste.
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())
