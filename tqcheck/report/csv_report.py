"""One row per alignment, for spreadsheets.

UTF-8 with a BOM, because Excel opens BOM-less UTF-8 CSV as the local ANSI code page
and shows Hangul as mojibake. Rows end in CRLF, as Excel writes them; line breaks inside a
(quoted) cell stay LF, which Excel shows as a line break within the cell.

The XLSX report builds its table from the same ``alignment_row`` and ``neutralise_formula``,
so the two spreadsheet formats always carry the same cells.
"""

from __future__ import annotations

import pandas as pd

from tqcheck.model import Alignment, CheckResult

COLUMNS = [
    "index", "source_ids", "target_ids", "source", "target", "reference",
    "fidelity", "similarity", "bleu", "chrf", "flags", "severity", "messages",
]  # fmt: skip

# Every column that holds text rather than a number; these get the formula-injection guard.
TEXT_COLUMNS = ("source_ids", "target_ids", "source", "target", "reference", "flags", "severity", "messages")

# OWASP's list for CSV injection: a cell starting with one of these may be run as a formula.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would evaluate with an apostrophe (OWASP).

    Applies to any text cell, including number-like text such as ``-3.5% 감소``; real numbers
    (the score columns) are left alone, since a spreadsheet reads them as numbers, not formulas.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_TRIGGERS):
        return "'" + value
    return value


def _ids(ids: tuple[int, ...]) -> str:
    return " ".join(str(i) for i in ids)


def alignment_row(alignment: Alignment) -> dict[str, object]:
    """The raw cells of one alignment, keyed by ``COLUMNS`` (not yet guarded against formulas)."""
    worst = alignment.worst_severity
    return {
        "index": alignment.index,
        "source_ids": _ids(alignment.source_ids),
        "target_ids": _ids(alignment.target_ids),
        "source": alignment.source_text,
        "target": alignment.target_text,
        "reference": alignment.reference_text or "",
        "fidelity": alignment.fidelity,
        "similarity": alignment.similarity,
        "bleu": alignment.bleu,
        "chrf": alignment.chrf,
        "flags": "; ".join(flag.code for flag in alignment.flags),
        "severity": worst.value if worst else "",
        "messages": "; ".join(f"{flag.code}: {flag.message}" for flag in alignment.flags),
    }


def result_frame(result: CheckResult) -> pd.DataFrame:
    return pd.DataFrame([alignment_row(alignment) for alignment in result.alignments], columns=COLUMNS)


def render_csv(result: CheckResult) -> bytes:
    frame = result_frame(result)
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].map(neutralise_formula)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
