"""Apply the checks' suggested repairs to the target file's text (``tqcheck fix``).

A flag's ``suggestion`` replaces its span, which is an offset range into the *joined* target text of
its alignment; each target segment records where it sits in the decoded file text
(``Segment.start``), so a span that lies inside one segment maps to one exact range of the file.
Only repairs that are unambiguous are applied:

- the flag is on the target side and has a span inside one target segment (a span across the joiner
  between two segments has no single place in the file);
- the segment is a verbatim slice of the file text (a segment file's unit, or a segment whose
  whitespace the segmenter tidied, has no exact file offsets);
- no other suggestion overlaps it (two repairs of one place disagree, so neither is taken; two flags
  suggesting the same replacement for the same span agree and count once).

Everything else is reported as skipped, with the reason, so an editor knows what is left to do by
hand. ``apply_suggestions`` is pure: the caller reads the file (as ``tqcheck.io.read_text`` decodes
and normalises it, the text the segment offsets count in) and writes the result wherever it likes;
``fix_files`` is that caller for ``tqcheck fix``.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.errors import UsageError
from tqcheck.model import Alignment, CheckResult, Flag, Segment, placed_segments

if TYPE_CHECKING:
    from tqcheck.config import Config
    from tqcheck.pipeline import CheckOptions


@dataclass(frozen=True)
class Edit:
    """One replacement in the file text: ``text[start:end]`` (``old``) becomes ``new``."""

    code: str
    line: int
    start: int
    end: int
    old: str
    new: str


@dataclass(frozen=True)
class Skipped:
    """A suggestion not applied, and why (so the editor can make that repair by hand)."""

    code: str
    line: int
    reason: str


@dataclass(frozen=True)
class FixResult:
    """The fixed text, the edits made (in file order) and the suggestions left alone."""

    text: str
    applied: tuple[Edit, ...]
    skipped: tuple[Skipped, ...]


OVERLAP = "overlaps another suggestion"


def deletion_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The range an empty suggestion removes: the span plus the blanks before it (or, at the start of
    a line, after it), so deleting a doubled word leaves one space, not two (see ``Flag.suggestion``)."""
    begin = start
    while begin > 0 and text[begin - 1] in " \t":
        begin -= 1
    if begin < start:
        return begin, end
    finish = end
    while finish < len(text) and text[finish] in " \t":
        finish += 1
    return start, finish


def apply_flag(text: str, start: int, end: int, suggestion: str) -> str:
    """``text`` with one suggestion applied to ``text[start:end]``, the way ``apply_suggestions`` does."""
    if suggestion == "":
        start, end = deletion_span(text, start, end)
    return text[:start] + suggestion + text[end:]


def _segment_of(placed: list[tuple[Segment, int]], start: int, end: int) -> tuple[Segment, int] | None:
    """The segment holding the whole span ``[start, end)`` of the joined text, with its offset there."""
    for segment, offset in placed:
        if offset <= start and end <= offset + len(segment.text):
            return segment, offset
    return None


def _edit(alignment: Alignment, flag: Flag, result: CheckResult, text: str) -> Edit | Skipped:
    """Where in the file ``flag``'s suggestion goes, or why it cannot go anywhere exactly."""
    assert flag.suggestion is not None
    placed = placed_segments(result.target, alignment.target_ids)
    line = placed[0][0].line if placed else 0
    if flag.side != "target" or flag.start is None or flag.end is None or not placed:
        return Skipped(flag.code, line, "not a span of the target")
    found = _segment_of(placed, flag.start, flag.end)
    if found is None:
        return Skipped(flag.code, line, "spans two target segments")
    segment, offset = found
    if segment.unit_id is not None or text[segment.start : segment.end] != segment.text:
        return Skipped(flag.code, segment.line, "the segment is not verbatim in the file")
    start = segment.start + flag.start - offset
    end = segment.start + flag.end - offset
    if flag.suggestion == "":
        start, end = deletion_span(text, start, end)
    return Edit(flag.code, segment.line, start, end, text[start:end], flag.suggestion)


def apply_suggestions(result: CheckResult, target_text: str) -> FixResult:
    """Apply every unambiguous suggestion of ``result`` to ``target_text`` (the decoded, normalised
    text of the target file ``result`` was checked from; see the module doc for what is skipped)."""
    edits: list[Edit] = []
    skipped: list[Skipped] = []
    for alignment in result.alignments:
        for flag in alignment.flags:
            if flag.suggestion is None:
                continue
            outcome = _edit(alignment, flag, result, target_text)
            if isinstance(outcome, Skipped):
                skipped.append(outcome)
            elif outcome.old != outcome.new:
                edits.append(outcome)
    unique: dict[tuple[int, int, str], Edit] = {}
    for edit in edits:
        unique.setdefault((edit.start, edit.end, edit.new), edit)
    ordered = sorted(unique.values(), key=lambda edit: (edit.start, edit.end))
    clashing: set[int] = set()
    for i, edit in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            other = ordered[j]
            if other.start >= edit.end:
                break  # sorted by start: nothing later reaches back into this edit
            clashing.update((i, j))
    applied = [edit for i, edit in enumerate(ordered) if i not in clashing]
    skipped += [Skipped(ordered[i].code, ordered[i].line, OVERLAP) for i in sorted(clashing)]
    pieces: list[str] = []
    position = 0
    for edit in applied:
        pieces += [target_text[position : edit.start], edit.new]
        position = edit.end
    pieces.append(target_text[position:])
    return FixResult("".join(pieces), tuple(applied), tuple(sorted(skipped, key=lambda s: s.line)))


def unified_diff(before: str, after: str, old_name: str, new_name: str) -> str:
    """The change as a unified diff (what ``git diff`` and review tools read); empty when nothing
    changed. A missing final newline is marked as ``diff`` marks it, so the diff applies cleanly."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), old_name, new_name
    )
    marked = [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines]
    return "".join(marked)


def fix_files(
    source: Path,
    target: Path,
    output: Path,
    diff: str | None,
    options: CheckOptions,
    config: Config,
    *,
    force: bool = False,
) -> tuple[FixResult, str]:
    """``tqcheck fix``: check SOURCE/TARGET, apply the suggestions to TARGET's text, write it to
    ``output`` (and the diff to ``diff`` unless it is ``-`` or None), return the result and the diff.

    TARGET is never written: an output that is TARGET (by path or through a link) is refused before
    any work, as is an unwritable one. The fixed file is UTF-8 with LF line ends and NFC text, the
    form every check reads, so the diff shows only the repairs (an input in another encoding or with
    CRLF line ends comes out normalised)."""
    from tqcheck.io.read import read_text
    from tqcheck.io.write import check_writable, write_all_atomic
    from tqcheck.pipeline import check_files, make_embedder

    outputs = [output] + ([Path(diff)] if diff not in (None, "-") else [])
    for path in outputs:
        same = os.path.abspath(path) == os.path.abspath(target) or (
            path.exists() and target.exists() and os.path.samefile(path, target)
        )
        if same:
            raise UsageError(
                f"{path} is the TARGET file: tqcheck fix never changes its input; choose another path"
            )
        check_writable(path, force=force)
    text = read_text(target).text
    result = check_files(source, target, config=config, options=options, embedder=make_embedder(options))
    fixed = apply_suggestions(result, text)
    patch = unified_diff(text, fixed.text, f"a/{target.name}", f"b/{output.name}")
    writes: list[tuple[str | Path, str | bytes]] = [(output, fixed.text)]
    if diff not in (None, "-"):
        writes.append((Path(diff), patch))
    write_all_atomic(writes, force=force)
    return fixed, patch
