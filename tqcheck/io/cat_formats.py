"""The XML and gettext segment files a CAT tool exports (XLIFF 1.2/2.0, TMX, PO), read hardened.

XML formats are attacker-controllable input in a CI gate (a translation vendor's XLIFF, a TMX
exported by some tool), so every XML file first passes :func:`parse_xml_safely`: a document with
an internal DTD subset (the only place entities can be declared, since no DTD is ever loaded) is
refused outright, and the hardened parse refuses any remaining entity reference. Only bytes that
passed are handed to translate-toolkit, whose own parser is also entity- and network-safe.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from lxml import etree

from tqcheck.errors import InputError
from tqcheck.io.read import _read_bytes, normalise_text
from tqcheck.model import SegmentRecord

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


SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate: no character a file can hold, whatever a decoder let through."""


def file_bytes(path: Path) -> bytes:
    """A segment file's bytes, or a one-line error saying why they cannot be read."""
    shown = str(path)
    data = _read_bytes(path, shown)
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


# Paired-text elements that are formatting a translation must keep too (XLIFF 1.2 g, XLIFF 2.0 pc).
_PAIRED_CODE_ELEMENTS = frozenset({"g", "pc"})
# The attribute that names an inline code: XLIFF ``id``/``startRef``, TMX ``i`` (bpt/ept pairs) and ``x``.
_CODE_ID_ATTRIBUTES = ("id", "startRef", "i", "x")


def _inline_codes(element: etree._Element | None) -> tuple[str, ...]:
    """The inline codes under ``element`` in document order, each as ``<name id="…">`` (or ``<name>`` and
    its native content when it has no id), so the same code in source and target reads the same."""
    if element is None:
        return ()
    codes = []
    for child in element.iterdescendants():
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name not in _CODE_ELEMENTS and name not in _PAIRED_CODE_ELEMENTS:
            continue
        named = next((attribute for attribute in _CODE_ID_ATTRIBUTES if child.get(attribute)), None)
        if named is not None:
            codes.append(f'<{name} {named}="{child.get(named)}">')
        else:
            codes.append(f"<{name}>{''.join(child.itertext()).strip()}")
    return tuple(codes)


def _code_point(element: etree._Element, shown: str) -> str:
    try:
        char = chr(int(element.get("hex", ""), 16))
    except (ValueError, OverflowError):
        char = ""
    if not char or SURROGATE.match(char):
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
    data = file_bytes(path)
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
        source, target = _child(element, "source"), _child(element, "target")
        records.append(
            SegmentRecord(
                source=_plain_text(source, shown),
                target=_plain_text(target, shown),
                unit_id=unit_id,
                line=line or 0,
                source_codes=_inline_codes(source),
                target_codes=_inline_codes(target),
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
    data = file_bytes(path)
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
                source_codes=_inline_codes(segs["en"]),
                target_codes=_inline_codes(segs.get("ko")),
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
    store = _toolkit_store(pypo.pofile, _po_as_utf8(file_bytes(path), shown), shown, "a PO file")
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
