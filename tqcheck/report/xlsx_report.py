"""The spreadsheet editors work in: the CSV table, formatted, plus a summary sheet.

Sheet "Alignments" holds exactly the CSV's cells (both come from ``frames.spreadsheet_frame``
and ``csv_report.neutralise_formula``), with a frozen bold header, an autofilter, fitted column
widths, wrapped text, rows filled by their worst severity and each flagged span of the source
and target shown bold red inside its cell. Sheet "Summary" holds the verdict, inputs, scores
and a flag-count table.

Every text cell is written as a string (``data_type`` ``"s"``), never a formula; text a
spreadsheet would evaluate carries the same leading apostrophe as in the CSV.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment as CellAlignment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tqcheck import __version__
from tqcheck.model import CheckResult, Document, Flag, Severity, Side
from tqcheck.report.csv_report import COLUMNS, neutralise_formula
from tqcheck.report.frames import spreadsheet_frame

ALIGNMENTS_SHEET = "Alignments"
SUMMARY_SHEET = "Summary"

# Light fills, dark enough to tell apart, light enough to read black text on.
SEVERITY_FILLS = {
    Severity.ERROR: "FFFFC7CE",  # light red
    Severity.WARNING: "FFFFEB9C",  # light yellow
    Severity.INFO: "FFDDEBF7",  # light blue
}
PASS_FILL = "FFC6EFCE"
FLAGGED_SPAN_COLOR = "FFC00000"  # dark red: readable on every severity fill
FLAGGED_SPAN_FONT = InlineFont(b=True, color=FLAGGED_SPAN_COLOR)

SCORE_COLUMNS = ("fidelity", "similarity", "bleu", "chrf")
SCORE_FORMAT = "0.00"
WRAPPED_COLUMNS = ("source", "target", "reference", "flags", "messages")

MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 6
FILTER_BUTTON_WIDTH = 3  # the autofilter's drop-down button covers the end of the header
MAX_CELL_CHARS = 32767  # Excel's limit; longer text makes Excel "repair" the file

# Control characters XML 1.0 cannot carry (openpyxl refuses them); tab, LF and CR are fine.
_ILLEGAL_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_TOP = CellAlignment(vertical="top")
_TOP_WRAPPED = CellAlignment(vertical="top", wrap_text=True)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", fgColor="FFD9D9D9")
_SEVERITY_BY_NAME = {severity.value: severity for severity in Severity}


def render_xlsx(result: CheckResult) -> bytes:
    workbook = Workbook()
    workbook.properties.creator = f"tqcheck {__version__}"
    table = workbook.active
    table.title = ALIGNMENTS_SHEET
    _write_alignments(table, result)
    _write_summary(workbook.create_sheet(SUMMARY_SHEET), result)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- cells --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Replace characters XML cannot hold, one for one, so span offsets stay valid."""
    return _ILLEGAL_XML_CHARS.sub("\ufffd", text)


def _fit(text: str) -> str:
    if len(text) <= MAX_CELL_CHARS:
        return text
    return text[: MAX_CELL_CHARS - 1] + "…"


def _set_text(cell: Cell, value: str | CellRichText) -> None:
    """Store text as a string cell; openpyxl would otherwise take ``=...`` for a formula."""
    cell.value = value
    cell.data_type = "s"


def _set_value(cell: Cell, value: object) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return
    if isinstance(value, str):
        _set_text(cell, _fit(_clean(str(neutralise_formula(value)))))
    else:
        cell.value = value


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Width in spreadsheet columns of the widest line: Hangul and other wide characters count two."""
    return max((sum(_char_width(char) for char in line) for line in text.split("\n")), default=0)


# --- flagged spans --------------------------------------------------------------------------


def flagged_spans(flags: Iterable[Flag], side: Side, length: int) -> list[tuple[int, int]]:
    """Character ranges of ``side`` that some flag points at, clipped to the text, merged where they
    overlap or touch (the cell marks every flagged character the same way)."""
    spans = sorted(
        (max(0, flag.start), min(length, flag.end))
        for flag in flags
        if flag.side == side and flag.start is not None and flag.end is not None
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _rich_text(text: str, spans: list[tuple[int, int]]) -> str | CellRichText:
    """``text`` with ``spans`` bold red, guarded against formulas and fitted to a cell."""
    text = _clean(text)
    prefix = "'" if neutralise_formula(text) != text else ""
    ellipsis = ""
    room = MAX_CELL_CHARS - len(prefix)
    if len(text) > room:
        text, ellipsis = text[: room - 1], "…"
    spans = [(start, min(end, len(text))) for start, end in spans if start < len(text)]
    if not spans:
        return prefix + text + ellipsis
    runs: list[str | TextBlock] = []
    plain = prefix
    position = 0
    for start, end in spans:
        plain += text[position:start]
        if plain:
            runs.append(plain)
        runs.append(TextBlock(FLAGGED_SPAN_FONT, text[start:end]))
        plain, position = "", end
    tail = text[position:] + ellipsis
    if tail:
        runs.append(tail)
    return CellRichText(runs)


# --- sheet "Alignments" -----------------------------------------------------------------------


def _write_alignments(sheet: Worksheet, result: CheckResult) -> None:
    alignments = result.alignments
    frame = spreadsheet_frame(result)
    for column, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column)
        _set_text(cell, name)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _TOP
    widths = {name: len(name) + FILTER_BUTTON_WIDTH for name in COLUMNS}
    for row, (alignment, cells) in enumerate(zip(alignments, frame.to_dict("records"), strict=True), start=2):
        worst = alignment.worst_severity
        fill = PatternFill(fill_type="solid", fgColor=SEVERITY_FILLS[worst]) if worst else None
        for column, name in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row, column=column)
            value = cells[name]
            if name in ("source", "target"):
                text = str(value)
                _set_text(cell, _rich_text(text, flagged_spans(alignment.flags, name, len(text))))
            else:
                _set_value(cell, value)
            if name in SCORE_COLUMNS:
                cell.number_format = SCORE_FORMAT
            cell.alignment = _TOP_WRAPPED if name in WRAPPED_COLUMNS else _TOP
            if fill is not None:
                cell.fill = fill
            widths[name] = max(widths[name], _shown_width(cell))
    for column, name in enumerate(COLUMNS, start=1):
        width = min(MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, widths[name] + 1))
        sheet.column_dimensions[get_column_letter(column)].width = width
    # Row heights are left unset: Excel and LibreOffice grow rows with wrapped text to fit on load.
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(alignments) + 1}"


def _shown_width(cell: Cell) -> int:
    if cell.value is None:
        return 0
    if isinstance(cell.value, float):
        return len(f"{cell.value:.2f}")
    return display_width(str(cell.value))


# --- sheet "Summary" ------------------------------------------------------------------------


def _flag_rows(result: CheckResult) -> list[tuple[str, str, int]]:
    """(code, severity, count) per flag code, worst severities first."""
    seen: dict[str, Severity] = {}
    for alignment in result.alignments:
        for flag in alignment.flags:
            if flag.code not in seen or flag.severity.rank > seen[flag.code].rank:
                seen[flag.code] = flag.severity
    configured = result.settings.get("config")
    configured_severities = configured.get("severities", {}) if isinstance(configured, dict) else {}
    rows = []
    for code, count in result.summary.flag_counts.items():
        severity = seen.get(code)
        name = severity.value if severity else str(configured_severities.get(code, ""))
        rows.append((code, name, count))
    rank = {severity.value: severity.rank for severity in Severity}
    return sorted(rows, key=lambda row: (-rank.get(row[1], -1), -row[2], row[0]))


class _SummaryWriter:
    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 1

    def line(
        self, *values: object, bold: bool = False, fill: str | None = None, number_format: str = SCORE_FORMAT
    ) -> None:
        for column, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=self.row, column=column)
            _set_value(cell, value)
            cell.alignment = _TOP_WRAPPED
            if bold:
                cell.font = _BOLD
            if fill and value is not None:
                cell.fill = PatternFill(fill_type="solid", fgColor=fill)
            if isinstance(value, float):
                cell.number_format = number_format
        self.row += 1

    def gap(self) -> None:
        self.row += 1


def _document_line(out: _SummaryWriter, side: str, document: Document | None) -> None:
    if document is None:
        return
    out.line(side, document.path or "(stdin)", document.encoding, len(document))


def _write_summary(sheet: Worksheet, result: CheckResult) -> None:
    summary = result.summary
    out = _SummaryWriter(sheet)
    out.line("tqcheck report", __version__, bold=True)
    out.line(
        "verdict",
        "PASSED" if summary.passed else "FAILED",
        bold=True,
        fill=PASS_FILL if summary.passed else SEVERITY_FILLS[Severity.ERROR],
    )
    if summary.gate_reasons:
        for number, reason in enumerate(summary.gate_reasons):
            out.line("gate reasons" if number == 0 else None, reason)
    else:
        out.line("gate reasons", "none")
    out.line("model", result.model)
    out.gap()

    out.line("input", "path", "encoding", "segments", bold=True)
    _document_line(out, "source", result.source)
    _document_line(out, "target", result.target)
    _document_line(out, "reference", result.reference)
    out.gap()

    out.line("measure", "value", "signature", bold=True)
    out.line("source segments", summary.source_segments)
    out.line("target segments", summary.target_segments)
    out.line("alignments", summary.alignments)
    out.line("flagged alignments", sum(1 for alignment in result.alignments if alignment.flags))
    out.line("fidelity", "n/a" if summary.fidelity is None else summary.fidelity, number_format="0.0000")
    for name, value, signature in (
        ("BLEU", summary.bleu, summary.bleu_signature),
        ("chrF++", summary.chrf, summary.chrf_signature),
        ("TER", summary.ter, summary.ter_signature),
    ):
        if value is not None:
            out.line(name, value, signature)
    out.gap()

    out.line("flag", "severity", "count", bold=True)
    for code, severity, count in _flag_rows(result):
        known = _SEVERITY_BY_NAME.get(severity)
        out.line(code, severity, count, fill=SEVERITY_FILLS[known] if known else None)
    out.line("total", None, sum(summary.flag_counts.values()), bold=True)

    for column in range(1, sheet.max_column + 1):
        cells = (sheet.cell(row=row, column=column) for row in range(1, sheet.max_row + 1))
        width = max((_shown_width(cell) for cell in cells), default=0)
        sheet.column_dimensions[get_column_letter(column)].width = min(
            MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, width + 2)
        )
    sheet.sheet_properties.tabColor = (PASS_FILL if summary.passed else SEVERITY_FILLS[Severity.ERROR])[2:]
