"""Read pre-aligned segment files (TSV/CSV, JSONL, XLIFF 1.2/2.0, TMX, PO) into ``SegmentRecord``s.

A segment file already pairs each English unit with its Korean rendering, so ``tqcheck batch``
checks its units without aligning. Each format gets its own small reader; all of them keep the
file's unit id and the unit's line so a report can send a reviewer back to the exact unit, and
every problem is a one-line :class:`InputError` naming the file (and line) and what to do. The
XML formats (hardened against entities) and PO are read in :mod:`tqcheck.io.cat_formats`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqcheck.errors import InputError
from tqcheck.io.cat_formats import SURROGATE, file_bytes, parse_xml_safely, read_po, read_tmx, read_xliff
from tqcheck.io.read import normalise_text, read_text
from tqcheck.model import SegmentRecord

__all__ = [
    "SEGMENT_SUFFIXES",
    "Table",
    "parse_xml_safely",
    "read_delimited",
    "read_jsonl",
    "read_po",
    "read_segments",
    "read_table",
    "read_tmx",
    "read_xliff",
    "table_columns",
]

SEGMENT_SUFFIXES: tuple[str, ...] = (".tsv", ".csv", ".jsonl", ".xlf", ".xliff", ".tmx", ".po")


def read_segments(path: Path) -> list[SegmentRecord]:
    """Read a segment file's units in file order, choosing the reader by the file's suffix.

    Units with an empty target are kept (``target=""``): an untranslated unit is an omission the
    pipeline reports, not something to drop quietly.
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(
            f"{path} is not a segment file tqcheck reads (suffix {path.suffix or 'missing'!r}): "
            f"use one of {', '.join(SEGMENT_SUFFIXES)}"
        )
    records = reader(path)
    if not records:
        raise InputError(f"{path} has no translation units: check that it is the right file and not empty")
    return records


# --- TSV / CSV ---------------------------------------------------------------------------------

_COLUMNS = ("source", "target", "reference", "id")
_PLAIN_TSV = {"delimiter": "\t", "quoting": csv.QUOTE_NONE}


@dataclass(frozen=True)
class Table:
    """A delimited file as rows of cells: ``header`` and each row with the line it starts on.

    Blank rows are dropped here, once, so neither the segment reader nor the manifest reader
    (which share this) has to think about them."""

    path: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]


def read_table(path: Path) -> Table:
    """Parse a ``.tsv``/``.csv`` file decoded exactly as text files are (:func:`read_text`).

    CSV follows the quoting every spreadsheet writes (RFC 4180, strictly, so a stray quote is an
    error rather than a silently eaten character). TSV is ambiguous: Excel and pandas quote cells
    that hold tabs, newlines or quotes, while ``paste``-style TSV never quotes and treats ``"`` as
    text. A TSV is read with quoting only when it needs it - a quoted cell spans lines or holds a
    tab or a doubled quote, or the header itself is quoted - so ``"Yes," she said.`` in a plain
    TSV keeps its quotes.
    """
    shown = str(path)
    text = read_text(path).text
    if path.suffix.lower() == ".tsv":
        rows = _tsv_rows(text, shown)
    else:
        first_line = text.lstrip("\n").split("\n", 1)[0]
        # European spreadsheets write semicolon-separated "CSV".
        delimiter = ";" if ";" in first_line and "," not in first_line else ","
        rows = _csv_rows(text, shown, {"delimiter": delimiter, "quoting": csv.QUOTE_MINIMAL})
    rows = [(line, cells) for line, cells in rows if any(cell.strip() for cell in cells)]
    if not rows:
        raise InputError(
            f"{shown} has no header row: the first line must name the columns, e.g. source,target"
        )
    (header_line, header), *body = rows
    return Table(shown, [cell.strip() for cell in header], header_line, body)


def _csv_rows(text: str, shown: str, dialect: dict[str, Any]) -> list[tuple[int, list[str]]]:
    """Rows with the physical line each starts on (``reader.line_num`` is the line a row ends on)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, **dialect)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(
            f"{shown} line {reader.line_num or start}: not valid {_kind(shown)} ({error}): "
            "quote cells that contain quotes, delimiters or line breaks, and double the quotes inside them"
        ) from error
    return rows


def _tsv_rows(text: str, shown: str) -> list[tuple[int, list[str]]]:
    plain = _csv_rows(text, shown, _PLAIN_TSV)
    try:
        quoted = _csv_rows(text, shown, {"delimiter": "\t", "quoting": csv.QUOTE_MINIMAL})
    except InputError:
        return plain  # a quote mid-cell: this TSV does not use quoting
    if [(line, len(cells)) for line, cells in quoted] != [(line, len(cells)) for line, cells in plain]:
        return quoted  # a quoted cell spans lines or holds a tab
    pairs = [
        (q, p)
        for (_, q_cells), (_, p_cells) in zip(quoted, plain, strict=True)
        for q, p in zip(q_cells, p_cells, strict=True)
    ]
    if any(p not in (q, f'"{q}"') for q, p in pairs):
        return quoted  # a doubled quote inside a quoted cell
    header = next((cells for _, cells in plain if any(cell.strip() for cell in cells)), [])
    if header and all(cell.startswith('"') and cell.endswith('"') and len(cell) > 1 for cell in header):
        return quoted  # every cell quoted, header included (QUOTE_ALL writers)
    return plain


def _kind(shown: str) -> str:
    return "TSV" if shown.lower().endswith(".tsv") else "CSV"


def table_columns(table: Table) -> dict[str, int]:
    """Map ``source``/``target`` (and ``reference``/``id`` when present) to column indexes.

    Matching is case-insensitive and other columns are ignored, so a spreadsheet with notes or
    scores beside the texts can be passed as it is."""
    names = [name.lower() for name in table.header]
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in _COLUMNS:
            if name in columns:
                raise InputError(
                    f"{table.path} line {table.header_line}: the header has two {name!r} columns; keep one"
                )
            columns[name] = index
    if "source" not in columns or "target" not in columns:
        found = ", ".join(repr(name) for name in table.header)
        raise InputError(
            f"{table.path} line {table.header_line}: expected a header with 'source' and 'target' columns "
            f"(optional 'reference', 'id'); found {found}"
        )
    return columns


def read_delimited(path: Path) -> list[SegmentRecord]:
    """One record per row; ``unit_id`` is the ``id`` cell, else the data row number (1 = first row
    under the header)."""
    table = read_table(path)
    columns = table_columns(table)
    width = len(table.header)
    records = []
    for number, (line, cells) in enumerate(table.rows, 1):
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            raise InputError(
                f"{table.path} line {line}: {len(cells)} cells but the header has {width}: a cell holds an "
                f"unquoted {'tab' if _kind(table.path) == 'TSV' else 'delimiter'}; quote that cell"
            )
        needed = max(columns["source"], columns["target"])
        if len(cells) <= needed:
            raise InputError(
                f"{table.path} line {line}: {len(cells)} cell(s) but the header has {width}: "
                "every row needs its source and target cells"
            )

        reference = _cell(cells, columns, "reference")
        unit_id = (_cell(cells, columns, "id") or "").strip()
        records.append(
            SegmentRecord(
                source=normalise_text(cells[columns["source"]]),
                target=normalise_text(cells[columns["target"]]),
                reference=normalise_text(reference or "") or None,
                unit_id=unit_id or str(number),
                line=line,
            )
        )
    return records


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str | None:
    index = columns.get(name)
    return cells[index] if index is not None and index < len(cells) else None


# --- JSONL -------------------------------------------------------------------------------------

# (COMET's names, MetricX's names, tqcheck's own names) for each field.
_JSON_SOURCE = ("src", "source")
_JSON_TARGET = ("mt", "hypothesis", "target")
_JSON_REFERENCE = ("ref", "reference")


def read_jsonl(path: Path) -> list[SegmentRecord]:
    """One JSON object per line with COMET's ``src``/``mt``/``ref`` or MetricX's
    ``source``/``hypothesis``/``reference`` (``target`` also works); optional ``id``, else the
    record number. Blank lines are skipped; ``line`` is the physical line.

    Decoded as UTF-8 (JSON Lines must be), not through :func:`read_text`, whose NFC pass would run
    over the JSON syntax: ``\\n`` followed by a combining tilde would compose into ``\\ñ``, an
    invalid escape. Each decoded field is normalised instead."""
    shown = str(path)
    try:
        text = file_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{shown} is not UTF-8 (bad bytes at offset {error.start}): JSON Lines files must be UTF-8; "
            "re-save it as UTF-8"
        ) from error
    records = []
    for line, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InputError(
                f"{shown} line {line}: not valid JSON ({error.msg} at column {error.colno}): "
                "each line must be one JSON object"
            ) from error
        if not isinstance(data, dict):
            raise InputError(f"{shown} line {line}: expected a JSON object, found {type(data).__name__}")
        source = _json_text(data, _JSON_SOURCE, shown, line, required=True)
        target = _json_text(data, _JSON_TARGET, shown, line, required=True)
        reference = _json_text(data, _JSON_REFERENCE, shown, line, required=False)
        unit_id = data.get("id")
        records.append(
            SegmentRecord(
                source=source or "",
                target=target or "",
                reference=reference or None,
                unit_id=str(unit_id) if unit_id is not None else str(len(records) + 1),
                line=line,
            )
        )
    return records


def _json_text(
    data: dict[str, Any], keys: tuple[str, ...], shown: str, line: int, required: bool
) -> str | None:
    key = next((key for key in keys if key in data), None)
    if key is None:
        if not required:
            return None
        found = ", ".join(repr(name) for name in data) or "none"
        raise InputError(
            f"{shown} line {line}: no {keys[0]!r}/{keys[1]!r} field: expected src/mt/ref (COMET) or "
            f"source/hypothesis/reference (MetricX); found keys {found}"
        )
    value = data[key]
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{shown} line {line}: {key!r} must be a string, found {type(value).__name__}")
    if SURROGATE.search(value):
        raise InputError(
            f"{shown} line {line}: {key!r} holds an unpaired surrogate escape (\\ud8xx); fix the text"
        )
    return normalise_text(value)


_READERS: dict[str, Callable[[Path], list[SegmentRecord]]] = {
    ".tsv": read_delimited,
    ".csv": read_delimited,
    ".jsonl": read_jsonl,
    ".xlf": read_xliff,
    ".xliff": read_xliff,
    ".tmx": read_tmx,
    ".po": read_po,
}
