"""The check registry.

A check is a small pure function registered under its stable code (pofilter style). It
reads the shared data model and returns flags; ``run_checks`` attaches them. Two kinds:

- ``@check(code)``: ``(alignment, context) -> list[Flag]``, for what one aligned pair shows;
- ``@document_check(code)``: ``(alignments, context) -> list[tuple[int, Flag]]`` (alignment
  index, flag), for what only the whole document shows (register mix, term consistency).

Flag offsets are into ``alignment.source_text`` / ``alignment.target_text``; use
``CheckContext.segments`` to get each segment with its offset in that joined text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tqcheck.config import Config
from tqcheck.model import SEGMENT_JOINER, Alignment, Document, Flag, Segment, Side

CheckFunction = Callable[[Alignment, "CheckContext"], list[Flag]]
DocumentCheckFunction = Callable[[list[Alignment], "CheckContext"], list[tuple[int, Flag]]]

_CHECKS: dict[str, CheckFunction] = {}
_DOCUMENT_CHECKS: dict[str, DocumentCheckFunction] = {}


def _claim(code: str) -> None:
    if code in _CHECKS or code in _DOCUMENT_CHECKS:
        raise ValueError(f"check code {code!r} registered twice")


def check(code: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        _claim(code)
        _CHECKS[code] = function
        return function

    return register


def document_check(code: str) -> Callable[[DocumentCheckFunction], DocumentCheckFunction]:
    def register(function: DocumentCheckFunction) -> DocumentCheckFunction:
        _claim(code)
        _DOCUMENT_CHECKS[code] = function
        return function

    return register


def registered_codes() -> list[str]:
    _load_builtin_checks()
    return sorted([*_CHECKS, *_DOCUMENT_CHECKS])


@dataclass(frozen=True)
class CheckContext:
    """What a check may look at besides its alignment: both documents, the config, the glossary."""

    source: Document
    target: Document
    config: Config
    glossary: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def flag(
        self,
        code: str,
        message: str,
        side: Side | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Flag:
        return Flag(code, self.config.severity(code), message, side, start, end)

    def segments(self, alignment: Alignment, side: Side) -> list[tuple[Segment, int]]:
        """Each segment of one side of the alignment with its offset in the joined side text."""
        document, ids = (
            (self.source, alignment.source_ids) if side == "source" else (self.target, alignment.target_ids)
        )
        placed: list[tuple[Segment, int]] = []
        offset = 0
        for segment_id in ids:
            segment = document.segments[segment_id]
            placed.append((segment, offset))
            offset += len(segment.text) + len(SEGMENT_JOINER)
        return placed


def run_checks(
    alignments: list[Alignment],
    context: CheckContext,
    only: set[str] | None = None,
    exclude: set[str] | None = None,
) -> None:
    """Run every registered check (or those in ``only``, minus those in ``exclude``) and attach the
    flags in code order. The pipeline runs all but ``low-fidelity`` first, scores fidelity (which
    reads their flags), then ``low-fidelity`` alone."""
    _load_builtin_checks()

    def wanted(code: str) -> bool:
        return (only is None or code in only) and (exclude is None or code not in exclude)

    for code in sorted(_CHECKS):
        if wanted(code):
            for alignment in alignments:
                alignment.flags.extend(_CHECKS[code](alignment, context))
    for code in sorted(_DOCUMENT_CHECKS):
        if wanted(code):
            for index, flag in _DOCUMENT_CHECKS[code](alignments, context):
                alignments[index].flags.append(flag)


def _load_builtin_checks() -> None:
    """Importing the check modules registers them."""
    from tqcheck.checks import alignment_checks, consistency, garble, language, numbers  # noqa: F401
