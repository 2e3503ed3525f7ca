"""One row per alignment, for spreadsheets.

UTF-8 with a BOM, because Excel opens BOM-less UTF-8 CSV as the local ANSI code page
and shows Hangul as mojibake.
"""

from __future__ import annotations

import pandas as pd

from tqcheck.model import Alignment, CheckResult

COLUMNS = [
    "index", "source_ids", "target_ids", "source", "target", "reference",
    "fidelity", "similarity", "bleu", "chrf", "flags", "severity", "messages",
]  # fmt: skip

# OWASP's list for CSV injection: a cell starting with one of these may be run as a formula.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would evaluate with an apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_TRIGGERS):
        return "'" + value
    return value


def _ids(ids: tuple[int, ...]) -> str:
    return " ".join(str(i) for i in ids)


def _row(alignment: Alignment) -> dict[str, object]:
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
    return pd.DataFrame([_row(alignment) for alignment in result.alignments], columns=COLUMNS)


def render_csv(result: CheckResult) -> bytes:
    frame = result_frame(result)
    for column in ("source_ids", "target_ids", "source", "target", "reference", "flags", "messages"):
        frame[column] = frame[column].map(neutralise_formula)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
