"""A check result as pandas frames: the table a notebook user wants, and what CSV and XLSX are cut from.

``alignment_frame`` keeps Python values (id tuples as lists, flag codes as a list) so a notebook can
filter and explode them; ``spreadsheet_frame`` flattens it into the text cells of the CSV/XLSX
reports, so the two spreadsheet formats and the API can never disagree about a cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tqcheck.model import CheckResult, Flag

if TYPE_CHECKING:
    import pandas as pd

ALIGNMENT_COLUMNS = [
    "index", "source_ids", "target_ids", "kind", "source", "target", "reference",
    "similarity", "margin", "neighbour_margin", "coverage", "length_ratio", "fidelity",
    "review_priority", "fidelity_parts", "bleu", "chrf", "ter", "flags", "severity",
]  # fmt: skip
FLAG_COLUMNS = [
    "alignment",
    "code",
    "severity",
    "side",
    "start",
    "end",
    "span",
    "message",
    "suggestion",
    "related",
]

# The spreadsheet reports: one row per alignment, every cell text or a number.
SPREADSHEET_COLUMNS = [
    "index", "source_ids", "target_ids", "source", "target", "reference",
    "fidelity", "similarity", "bleu", "chrf", "flags", "severity", "messages",
]  # fmt: skip
SPREADSHEET_TEXT_COLUMNS = (
    "source_ids", "target_ids", "source", "target", "reference", "flags", "severity", "messages",
)  # fmt: skip


def alignment_frame(result: CheckResult) -> pd.DataFrame:
    """One row per alignment: ids, kind, texts, similarity, fidelity and its parts, reference scores,
    flag codes (a list) and the worst severity ("" when unflagged)."""
    import pandas as pd

    from tqcheck.report.json_report import alignment_record

    rows = []
    for alignment in result.alignments:
        # The JSON record is the one mapping of an alignment's fields; the frame keeps flag codes
        # (a list, easy to filter and explode) and adds the worst severity.
        row = alignment_record(alignment)
        worst = alignment.worst_severity
        row["flags"] = [flag.code for flag in alignment.flags]
        row["severity"] = worst.value if worst else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS)


def flag_frame(result: CheckResult) -> pd.DataFrame:
    """One row per flag: its alignment's index, code, severity, side, span (offsets into that side's
    joined text, and the flagged text itself), message and suggested replacement for the span
    (``None`` when the check knows no repair), and the codes of the flags folded into it (``related``)."""
    import pandas as pd

    rows = []
    for alignment in result.alignments:
        for flag in alignment.flags:
            side_text = alignment.source_text if flag.side == "source" else alignment.target_text
            span = side_text[flag.start : flag.end] if flag.start is not None and flag.side else None
            rows.append(
                {
                    "alignment": alignment.index,
                    "code": flag.code,
                    "severity": flag.severity.value,
                    "side": flag.side,
                    "start": flag.start,
                    "end": flag.end,
                    "span": span,
                    "message": flag.message,
                    "suggestion": flag.suggestion,
                    "related": ", ".join(related.code for related in flag.related),
                }
            )
    return pd.DataFrame(rows, columns=FLAG_COLUMNS).astype({"start": "Int64", "end": "Int64"})


def _joined_ids(ids: list[int]) -> str:
    return " ".join(str(i) for i in ids)


def spreadsheet_frame(result: CheckResult) -> pd.DataFrame:
    """The CSV/XLSX table, cut from ``alignment_frame``: ids as "3 4", flags joined by "; ", and a
    ``messages`` column with each flag's code, message and suggested repair (not yet guarded against
    formulas)."""
    frame = alignment_frame(result)
    frame["source_ids"] = frame["source_ids"].map(_joined_ids)
    frame["target_ids"] = frame["target_ids"].map(_joined_ids)
    frame["reference"] = frame["reference"].fillna("")
    frame["flags"] = frame["flags"].map("; ".join)
    frame["messages"] = [
        "; ".join(
            f"{flag.code}: {flag.message}{suggestion_note(flag.suggestion)}{related_note(flag)}"
            for flag in alignment.flags
        )
        for alignment in result.alignments
    ]
    return frame[SPREADSHEET_COLUMNS]


def suggestion_text(suggestion: str) -> str:
    """A suggestion as a reader sees it: the replacement, or "delete" for an empty one (a doubled word
    goes), since an arrow to nothing reads as a lost value."""
    return suggestion if suggestion else "delete"


def related_note(flag: Flag) -> str:
    """`` [also: low-fidelity]`` after a message: the other checks that saw the same problem."""
    return f" [also: {', '.join(r.code for r in flag.related)}]" if flag.related else ""


def suggestion_note(suggestion: str | None) -> str:
    """`` (→ 직면 메타의)`` after a message in a one-line cell; nothing when no repair is known."""
    return "" if suggestion is None else f" (→ {suggestion_text(suggestion)})"
