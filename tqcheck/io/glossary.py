"""Read the user's glossary: a ``source,target`` CSV of terms the Korean must render as given.

Reading is input handling like any other file: the same decoding as the texts (UTF-8 with or
without BOM, CP949), and every problem an :class:`InputError` that names the file and line, raised
before any embedding work starts.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tqcheck.errors import InputError
from tqcheck.io.read import read_text


def load_glossary(path: Path) -> tuple[tuple[str, str], ...]:
    """Read a ``source,target`` CSV (UTF-8 with or without BOM, or CP949).

    Blank lines and lines starting with ``#`` are skipped; extra columns are ignored. Every
    problem is an :class:`InputError` naming the file and line.
    """
    shown = str(path)
    try:
        text = read_text(path).text
    except InputError as error:
        raise InputError(f"glossary: {error}") from None
    rows = [
        (number, [cell.strip() for cell in next(csv.reader([line]))])
        for number, line in enumerate(text.split("\n"), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not rows:
        raise InputError(f"glossary {shown} has no entries: it needs a 'source,target' header and term lines")
    header_line, header = rows[0]
    columns = [name.lower() for name in header]
    if "source" not in columns or "target" not in columns:
        raise InputError(
            f"glossary {shown} line {header_line}: the first line must be the header 'source,target', "
            f"found {','.join(header)!r}"
        )
    source_column, target_column = columns.index("source"), columns.index("target")
    entries: dict[str, tuple[str, str]] = {}
    for number, row in rows[1:]:
        if len(row) <= max(source_column, target_column):
            raise InputError(
                f"glossary {shown} line {number}: expected two columns 'source,target', found {len(row)}"
            )
        source, target = row[source_column], row[target_column]
        if not source or not target:
            missing = "source" if not source else "target"
            raise InputError(f"glossary {shown} line {number}: the {missing} term is empty")
        known = entries.get(source.casefold())
        if known is not None and known[1] != target:
            raise InputError(
                f"glossary {shown} line {number}: {source!r} is already translated as {known[1]!r} "
                f"on an earlier line; keep one"
            )
        entries[source.casefold()] = (source, target)
    if not entries:
        raise InputError(f"glossary {shown} has a header but no terms")
    return tuple(entries.values())
