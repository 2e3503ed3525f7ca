"""Read the user's glossary: a ``source,target`` CSV of terms the Korean must render as given.

Reading is input handling like any other file, and every problem an :class:`InputError` that names
the file and line, raised before any embedding work starts. Decoding is stricter than for the texts:
a glossary's terms are compared character by character with the MT, so a guessed legacy codepage
that turns one bad byte into mojibake produces a false ``glossary`` error for every mangled term (7
of them in issue 13). Only a clean UTF-8 (with or without BOM) or a clean CP949 decode is accepted;
anything else is refused at its first bad byte.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from tqcheck.errors import InputError
from tqcheck.io.read import _as_korean_cp949, _read_bytes, normalise_text


def load_glossary(path: Path) -> tuple[tuple[str, str], ...]:
    """Read a ``source,target`` CSV (UTF-8 with or without BOM, or CP949).

    Blank lines and lines starting with ``#`` are skipped; extra columns are ignored. Every
    problem is an :class:`InputError` naming the file and line.
    """
    shown = str(path)
    try:
        data = _read_bytes(Path(path), shown)
    except InputError as error:
        raise InputError(f"glossary: {error}") from None
    text = normalise_text(decode_glossary(data, shown))
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


def decode_glossary(data: bytes, shown: str) -> str:
    """UTF-8 (a BOM is dropped), else CP949 when it decodes cleanly *and* reads as Korean; else an error.

    The Korean test matters because CP949's two-byte ranges are wide: damaged UTF-8 or a Latin
    codepage can decode "cleanly" into rare syllables and hanja, which is the garbage this refuses.
    The offset reported is the first byte UTF-8 cannot read, which is where a damaged file is damaged.
    """
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = bom + error.start
        if bom or _as_korean_cp949(data) is None:
            raise InputError(
                f"glossary {shown} has an invalid byte 0x{data[offset]:02X} at byte offset {offset} "
                f"(line {_line(data, offset)}): it is neither UTF-8 nor CP949; "
                "repair it or re-save it as UTF-8"
            ) from None
        text = data.decode("cp949")
    nul = data.find(b"\x00")  # both codecs decode it, but no text CSV holds one
    if nul >= 0:
        raise InputError(
            f"glossary {shown} has a NUL byte at byte offset {nul} (line {_line(data, nul)}): "
            "it is not a text CSV; re-save it as UTF-8"
        )
    return text


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
