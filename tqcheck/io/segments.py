"""Read pre-aligned segment files (TSV/CSV, JSONL, XLIFF 1.2/2.0, TMX, PO) into ``SegmentRecord``s.

A segment file already pairs each English unit with its Korean rendering, so ``tqcheck batch``
checks its units without aligning. Each format gets its own small reader; all of them keep the
file's unit id and the unit's line so a report can send a reviewer back to the exact unit, and
every problem is a one-line :class:`InputError` naming the file (and line) and what to do.

XML formats are attacker-controllable input in a CI gate (a translation vendor's XLIFF, a TMX
exported by some tool), so every XML file first passes :func:`parse_xml_safely`: a document with
an internal DTD subset (the only place entities can be declared, since no DTD is ever loaded) is
refused outright, and the hardened parse refuses any remaining entity reference. Only bytes that
passed are handed to translate-toolkit, whose own parser is also entity- and network-safe.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from tqcheck.errors import InputError
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
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(path: Path) -> list[SegmentRecord]:
    """One JSON object per line with COMET's ``src``/``mt``/``ref`` or MetricX's
    ``source``/``hypothesis``/``reference`` (``target`` also works); optional ``id``, else the
    record number. Blank lines are skipped; ``line`` is the physical line.

    Decoded as UTF-8 (JSON Lines must be), not through :func:`read_text`, whose NFC pass would run
    over the JSON syntax: ``\\n`` followed by a combining tilde would compose into ``\\ñ``, an
    invalid escape. Each decoded field is normalised instead."""
    shown = str(path)
    try:
        text = _file_bytes(path).decode("utf-8-sig")
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
    if _SURROGATE.search(value):
        raise InputError(
            f"{shown} line {line}: {key!r} holds an unpaired surrogate escape (\\ud8xx); fix the text"
        )
    return normalise_text(value)


# --- XML hardening -----------------------------------------------------------------------------

# A DOCTYPE up to where it ends (">") or opens an internal subset ("["); quoted ids may hold either.
_DOCTYPE = re.compile(r"""<!DOCTYPE\b(?:[^\[>"']|"[^"]*"|'[^']*')*([\[>]?)""")
_ENTITY_REFUSAL = "declares XML entities; tqcheck refuses them (external entity / entity expansion attacks)"


def _hardened_parser() -> etree.XMLParser:
    """No entity substitution, no network, no DTD loading, libxml2's size/depth limits kept."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
    )


def parse_xml_safely(data: bytes, shown: str) -> etree._ElementTree:
    """Parse untrusted XML, refusing anything that could resolve or expand an entity.

    Three layers, each enough on its own for the attacks it covers: (1) a text scan refuses any
    DOCTYPE with an internal subset *before* libxml2 sees the bytes, so a billion-laughs bomb gets
    the entity message instead of a parser-limit error and nothing downstream can expand it;
    (2) the parser never substitutes entities, loads a DTD or touches the network; (3) any entity
    reference left in the tree (e.g. one meant for an external DTD that was not loaded) is refused.
    A DOCTYPE naming only an external DTD (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, common in TMX) is
    accepted: the DTD is never read.
    """
    for match in _DOCTYPE.finditer(_markup_text(data)):
        if match.group(1) != ">":
            raise InputError(
                f"{shown} has a DOCTYPE with an internal subset and {_ENTITY_REFUSAL}: "
                "remove the DOCTYPE's [...] part or export the file again"
            )
    try:
        root = etree.fromstring(data, _hardened_parser())
    except etree.XMLSyntaxError as error:
        reason = " ".join(str(error.msg or error).split())
        raise InputError(
            f"{shown} is not well-formed XML (line {error.lineno}: {reason}): fix the file or export it again"
        ) from error
    except (etree.LxmlError, ValueError) as error:
        raise InputError(
            f"{shown} cannot be parsed as XML ({error}): fix the file or export it again"
        ) from error
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(f"{shown} {_ENTITY_REFUSAL}")
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:
        raise InputError(
            f"{shown} line {entity.sourceline}: references the entity {entity.text}; tqcheck refuses XML "
            "entities (external entity / entity expansion attacks): write the character it stands for instead"
        )
    return tree


def _markup_text(data: bytes) -> str:
    """The document as text good enough to find markup in: the UTF-16/32 forms XML allows decoded,
    everything else read byte-per-character (markup is ASCII in every ASCII-compatible encoding)."""
    for prefix, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (b"<\0\0\0", "utf-32-le"),
        (b"\0\0\0<", "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
        (b"<\0", "utf-16-le"),
        (b"\0<", "utf-16-be"),
    ):
        if data.startswith(prefix):
            return data.decode(codec, errors="replace")
    return data.decode("latin-1")


def _file_bytes(path: Path) -> bytes:
    shown = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise InputError(f"{shown} does not exist: check the path and the current directory") from error
    except IsADirectoryError as error:
        raise InputError(f"{shown} is a directory: pass a file inside it instead") from error
    except PermissionError as error:
        raise InputError(f"{shown} cannot be read (permission denied): check its permissions") from error
    except OSError as error:
        raise InputError(f"{shown} cannot be read ({error.strerror or error}): check the file") from error
    if not data.strip():
        raise InputError(f"{shown} is empty: pass the file that contains the units to check")
    return data


def _toolkit_store(store_class: Any, data: bytes, shown: str, what: str) -> Any:
    """Parse with translate-toolkit. Its parsers raise assorted exception types (ValueError,
    AssertionError, KeyError, PoParseError...) for bad files; all of them mean "fix the file"."""
    try:
        return store_class.parsestring(data)
    except Exception as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise InputError(
            f"{shown} could not be read as {what} ({reason}): fix the file or export it again"
        ) from error


# Inline elements whose content is native code (formatting tags, placeholders), not text a reader
# sees: XLIFF 1.2 bpt/ept/it/ph/x/bx/ex, XLIFF 2.0 ph/sc/ec/sm/em, TMX bpt/ept/it/ph/ut. Their
# text (``<b>``, ``{0}``) would otherwise appear mid-sentence; the paired-text elements (g, pc,
# mrk, hi) keep their content.
_CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "x", "bx", "ex", "sc", "ec", "sm", "em", "ut"})


def _plain_text(element: etree._Element | None, shown: str) -> str:
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name == "cp":  # XLIFF 2: a code point XML cannot hold literally
                parts.append(_code_point(child, shown))
            elif name not in _CODE_ELEMENTS:
                parts.append(_plain_text(child, shown))
        parts.append(child.tail or "")
    return normalise_text("".join(parts))


def _code_point(element: etree._Element, shown: str) -> str:
    try:
        char = chr(int(element.get("hex", ""), 16))
    except (ValueError, OverflowError):
        char = ""
    if not char or _SURROGATE.match(char):
        raise InputError(
            f"{shown} line {element.sourceline}: <cp hex={element.get('hex')!r}> is not a code point"
        )
    return char


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next(
        (child for child in element if isinstance(child.tag, str) and etree.QName(child).localname == name),
        None,
    )


# --- XLIFF -------------------------------------------------------------------------------------


def read_xliff(path: Path) -> list[SegmentRecord]:
    """XLIFF 1.2 (``trans-unit``) or 2.0 (each ``segment`` of a ``unit``), chosen by the root's
    version/namespace. Units marked ``translate="no"`` are skipped: nobody was meant to translate
    them, so an empty target there is not an omission."""
    from translate.storage import xliff, xliff2

    shown = str(path)
    data = _file_bytes(path)
    root = parse_xml_safely(data, shown).getroot()
    qname = etree.QName(root)
    if qname.localname != "xliff":
        raise InputError(
            f"{shown} is not an XLIFF file: its root element is <{qname.localname}>, not <xliff>"
        )
    version2 = root.get("version", "").startswith("2") or (qname.namespace or "").endswith(":2.0")
    if version2:
        store = _toolkit_store(xliff2.Xliff2File, data, shown, "XLIFF 2.0")
    else:
        store = _toolkit_store(xliff.xlifffile, data, shown, "XLIFF 1.2")
    records = []
    for unit in store.units:
        if not unit.istranslatable():
            continue
        element = unit.xmlelement
        if version2:
            unit_element = unit.getunitelement()
            single = sum(1 for _ in unit_element.iterchildren(element.tag)) == 1
            line = (unit_element if single else element).sourceline
            unit_id = unit.getid()
        else:
            line, unit_id = element.sourceline, element.get("id")
        records.append(
            SegmentRecord(
                source=_plain_text(_child(element, "source"), shown),
                target=_plain_text(_child(element, "target"), shown),
                unit_id=unit_id,
                line=line or 0,
            )
        )
    return records


# --- TMX ---------------------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tmx(path: Path) -> list[SegmentRecord]:
    """Each ``tu``'s first English (``en*``) and first Korean (``ko*``) ``tuv``, whatever order or
    other languages the TMX holds. A ``tu`` without English is skipped (nothing to check); one
    without Korean is kept as untranslated."""
    from translate.storage import tmx

    shown = str(path)
    data = _file_bytes(path)
    root = parse_xml_safely(data, shown).getroot()
    if etree.QName(root).localname != "tmx":
        raise InputError(
            f"{shown} is not a TMX file: its root element is <{etree.QName(root).localname}>, not <tmx>"
        )
    store = _toolkit_store(tmx.tmxfile, data, shown, "TMX")
    languages: set[str] = set()
    records = []
    for unit in store.units:
        segs: dict[str, etree._Element | None] = {}
        for tuv in unit.xmlelement:
            if not isinstance(tuv.tag, str) or etree.QName(tuv).localname != "tuv":
                continue
            lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip()
            primary = re.split(r"[-_]", lang.lower(), maxsplit=1)[0]
            languages.add(primary or "?")
            if primary in ("en", "ko") and primary not in segs:
                segs[primary] = _child(tuv, "seg")
        if "en" not in segs:
            continue
        records.append(
            SegmentRecord(
                source=_plain_text(segs["en"], shown),
                target=_plain_text(segs.get("ko"), shown),
                unit_id=unit.xmlelement.get("tuid"),
                line=unit.xmlelement.sourceline or 0,
            )
        )
    found = ", ".join(sorted(languages)) or "none"
    if records and "ko" not in languages:
        raise InputError(
            f"{shown} has no Korean (ko*) tuv; languages found: {found}: pass the English-Korean TMX"
        )
    if not records and languages:
        raise InputError(
            f"{shown} has no English (en*) tuv; languages found: {found}: pass the English-Korean TMX"
        )
    return records


# --- PO ----------------------------------------------------------------------------------------


def read_po(path: Path) -> list[SegmentRecord]:
    """Gettext PO: the header and obsolete (``#~``) entries are skipped; fuzzy entries are kept,
    because tools mark machine translations fuzzy and the MT is exactly what is being checked.
    ``unit_id`` is ``msgctxt::msgid`` (or the msgid); ``line`` is the entry's first line. For a
    plural entry the singular msgid pairs with ``msgstr[0]`` (Korean has one plural form)."""
    from translate.storage import pypo

    shown = str(path)
    store = _toolkit_store(pypo.pofile, _po_as_utf8(_file_bytes(path), shown), shown, "a PO file")
    records = []
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        msgid = _first(unit.source)
        context = unit.getcontext()
        records.append(
            SegmentRecord(
                source=normalise_text(msgid),
                target=normalise_text(_first(unit.target)),
                unit_id=f"{context}::{msgid}" if context else msgid,
                line=getattr(unit, "line_number", None) or 0,
            )
        )
    return records


_PO_CHARSET = re.compile(rb"charset=\s*([-\w.:]+)", re.IGNORECASE)


def _po_as_utf8(data: bytes, shown: str) -> bytes:
    """Transcode a PO file in its header's charset (e.g. CP949) to UTF-8 with a UTF-8 header.

    translate-toolkit 3.20 restarts its parser for the header's charset but keeps decoding as
    UTF-8, so any non-UTF-8 PO file fails; giving it UTF-8 sidesteps that."""
    match = _PO_CHARSET.search(data)
    if match is None or match.group(1).upper() == b"CHARSET":
        return data
    charset = match.group(1).decode("ascii")
    try:
        if codecs.lookup(charset).name == "utf-8":
            return data
        text = data.decode(charset)
    except LookupError as error:
        raise InputError(f"{shown} declares the unknown charset {charset!r}: re-save it as UTF-8") from error
    except UnicodeDecodeError as error:
        raise InputError(
            f"{shown} is not valid {charset} as its header says (bad bytes at offset {error.start}): "
            "fix the charset in the header or re-save it as UTF-8"
        ) from error
    return re.sub(r"charset=\s*[-\w.:]+", "charset=UTF-8", text, count=1, flags=re.IGNORECASE).encode("utf-8")


def _first(value: Any) -> str:
    """The first string of a translate-toolkit multistring (the singular form), as a plain str."""
    if value is None:
        return ""
    strings = getattr(value, "strings", None) or [value]
    return str.__str__(strings[0])


_READERS: dict[str, Callable[[Path], list[SegmentRecord]]] = {
    ".tsv": read_delimited,
    ".csv": read_delimited,
    ".jsonl": read_jsonl,
    ".xlf": read_xliff,
    ".xliff": read_xliff,
    ".tmx": read_tmx,
    ".po": read_po,
}
