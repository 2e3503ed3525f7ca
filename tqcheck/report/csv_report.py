"""One row per alignment, for spreadsheets.

UTF-8 with a BOM, because Excel opens BOM-less UTF-8 CSV as the local ANSI code page
and shows Hangul as mojibake. Rows end in CRLF, as Excel writes them; line breaks inside a
(quoted) cell stay LF, which Excel shows as a line break within the cell.

The cells come from ``frames.spreadsheet_frame``, which the XLSX report also writes, so the two
spreadsheet formats always carry the same cells.
"""

from __future__ import annotations

from tqcheck.model import CheckResult
from tqcheck.report.frames import SPREADSHEET_COLUMNS, SPREADSHEET_TEXT_COLUMNS, spreadsheet_frame

COLUMNS = SPREADSHEET_COLUMNS

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


def render_csv(result: CheckResult) -> bytes:
    frame = spreadsheet_frame(result)
    for column in SPREADSHEET_TEXT_COLUMNS:
        frame[column] = frame[column].map(neutralise_formula)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
