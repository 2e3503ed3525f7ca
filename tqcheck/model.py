"""The one data model every stage shares: segments, alignments, flags, results.

Stages only ever add to these objects (the aligner makes ``Alignment``s, checks add
``Flag``s, scorers fill the score fields); nobody re-parses another stage's output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

Language = Literal["en", "ko"]
Side = Literal["source", "target"]


class SegmentKind(StrEnum):
    SENTENCE = "sentence"
    HEADLINE = "headline"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Segment:
    """One sentence or headline of one side.

    ``start``/``end`` are character offsets into the decoded file text, so a report can
    point back at the exact place in the file; ``line`` is 1-based for humans.
    """

    id: int
    text: str
    paragraph: int
    kind: SegmentKind = SegmentKind.SENTENCE
    line: int = 0
    start: int = 0
    end: int = 0
    unit_id: str | None = None  # the unit's id in a segment file (XLIFF trans-unit, TMX tuid, PO entry)
    # The unit's inline codes (XLIFF/TMX ph, bpt, g …), which ``text`` leaves out: a reader never sees
    # them, but a translation must keep every one (``placeholder-mismatch`` compares them).
    codes: tuple[str, ...] = ()


@dataclass
class Document:
    """One side of the check, segmented."""

    language: Language
    segments: list[Segment]
    path: str | None = None
    encoding: str = "utf-8"

    def texts(self) -> list[str]:
        return [segment.text for segment in self.segments]

    def __len__(self) -> int:
        return len(self.segments)


@dataclass(frozen=True)
class Flag:
    """A problem an editor would fix.

    ``start``/``end`` are character offsets into the *joined* text of the alignment's side
    (``Alignment.source_text`` or ``Alignment.target_text``); ``None`` means the whole side.

    ``suggestion`` is the replacement text for that span when the check knows the repair (the
    spaced form of a fused token, the document's spelling of a name), else ``None``: an editor
    can accept it and ``tqcheck fix`` applies it. An empty suggestion deletes the span together
    with the whitespace before it (a doubled word goes, and no double space stays behind).

    ``related`` holds the flags of other checks that report the same problem on the same pair (a
    low fidelity that the fused token explains, a "headline" that is the truncated sentence): one
    problem, one primary flag, so the gate and the reports count it once.
    """

    code: str
    severity: Severity
    message: str
    side: Side | None = None
    start: int | None = None
    end: int | None = None
    suggestion: str | None = None
    related: tuple[Flag, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "side": self.side,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
            "related": [flag.to_dict() for flag in self.related],
        }


SEGMENT_JOINER = " "


@dataclass
class Alignment:
    """A group of source sentences paired with the group of target sentences that renders them.

    An omission has no target ids, an addition no source ids.
    """

    index: int
    source_ids: tuple[int, ...]
    target_ids: tuple[int, ...]
    source_text: str = ""
    target_text: str = ""
    similarity: float | None = None
    margin: float | None = None
    neighbour_margin: float | None = None
    coverage: float | None = None
    length_ratio: float | None = None
    fidelity: float | None = None
    # 0-1, higher = read first: also weighs fluency evidence (tqcheck.score.review)
    review_priority: float | None = None
    # the named evidence behind fidelity and review_priority, so an editor can see why
    fidelity_parts: dict[str, float] = field(default_factory=dict)
    bleu: float | None = None
    chrf: float | None = None
    ter: float | None = None
    reference_ids: tuple[int, ...] = ()
    reference_text: str | None = None
    ignored: bool = False  # matched a configured ``ignore`` pattern: not checked
    flags: list[Flag] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """``"2-1"`` style label, the convention of the alignment literature."""
        return f"{len(self.source_ids)}-{len(self.target_ids)}"

    @property
    def codes(self) -> set[str]:
        """Every code the pair carries, counting those reported as related entries of another flag (a
        problem flagged once under its primary code is still that problem)."""
        return {flag.code for flag in self.flags} | {
            related.code for flag in self.flags for related in flag.related
        }

    @property
    def worst_severity(self) -> Severity | None:
        if not self.flags:
            return None
        return max((flag.severity for flag in self.flags), key=lambda severity: severity.rank)


def join_segments(document: Document, ids: tuple[int, ...]) -> str:
    return SEGMENT_JOINER.join(document.segments[i].text for i in ids)


def placed_segments(document: Document, ids: tuple[int, ...]) -> list[tuple[Segment, int]]:
    """Each segment of ``ids`` with its offset in ``join_segments(document, ids)``: how a flag's offsets
    (into an alignment's joined side text) map back to segments, and through them to the file."""
    placed: list[tuple[Segment, int]] = []
    offset = 0
    for segment_id in ids:
        segment = document.segments[segment_id]
        placed.append((segment, offset))
        offset += len(segment.text) + len(SEGMENT_JOINER)
    return placed


@dataclass
class Summary:
    source_segments: int
    target_segments: int
    alignments: int
    fidelity: float | None
    flag_counts: dict[str, int]
    passed: bool
    bleu: float | None = None
    chrf: float | None = None
    ter: float | None = None
    bleu_signature: str | None = None
    chrf_signature: str | None = None
    ter_signature: str | None = None
    gate_reasons: list[str] = field(default_factory=list)
    accepted: int = 0  # flags a baseline accepted (they do not count towards the gate)


@dataclass
class CheckResult:
    """Everything one ``tqcheck check`` run produced; every report format renders this."""

    source: Document
    target: Document
    alignments: list[Alignment]
    model: str
    summary: Summary
    reference: Document | None = None
    settings: dict[str, object] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """One row per alignment (ids, kind, texts, similarity, fidelity and its parts, reference
        scores, flag codes as a list): the table behind the CSV and XLSX reports."""
        from tqcheck.report.frames import alignment_frame

        return alignment_frame(self)

    def flags_frame(self) -> pd.DataFrame:
        """One row per flag, with its alignment index, span (offsets and text) and message."""
        from tqcheck.report.frames import flag_frame

        return flag_frame(self)


# --- batches ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentRecord:
    """One pre-aligned segment as a segment file (TSV/CSV, JSONL, XLIFF, TMX, PO) holds it.

    ``line`` is the 1-based line of the unit in its file and ``unit_id`` the file's own id for it
    (XLIFF ``id``, TMX ``tuid``, PO ``msgctxt``/``msgid``, or the row number), so a report can point
    a reviewer back at the unit."""

    source: str
    target: str
    reference: str | None = None
    unit_id: str | None = None
    line: int = 0
    source_codes: tuple[str, ...] = ()  # inline codes of the source (see Segment.codes)
    target_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchItem:
    """One document of a batch: a source/target(/reference) file pair, or one segment file whose
    units are checked pre-aligned (``--align none``). Items are cheap descriptions: the worker reads
    the files, so a batch streams instead of holding every document."""

    id: str
    input: str  # the INPUT argument the item was found under (a JUnit testsuite, a SARIF run)
    source_path: str | None = None
    target_path: str | None = None
    reference_path: str | None = None
    segment_file: str | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(
            path
            for path in (self.source_path, self.target_path, self.reference_path, self.segment_file)
            if path is not None
        )


@dataclass
class DocumentOutcome:
    """What checking one batch item gave: a result, or the one-line error that stopped it."""

    item: BatchItem
    result: CheckResult | None = None
    error: str | None = None
    cached: bool = False
    reports: dict[str, str] = field(default_factory=dict)  # format -> path written
    report_stamps: dict[str, dict[str, object]] = field(default_factory=dict)  # see gate.report_stamps
    seconds: float = 0.0  # wall time this document took (reading, checking, writing its reports)

    @property
    def passed(self) -> bool:
        return self.error is None and self.result is not None and self.result.summary.passed
