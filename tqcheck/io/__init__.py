"""Reading user files robustly and writing output files atomically."""

from __future__ import annotations

from tqcheck.io.glossary import load_glossary
from tqcheck.io.read import DecodedText, check_language, normalise_text, read_text
from tqcheck.io.write import write_atomic
from tqcheck.text.scripts import hangul_share

__all__ = [
    "DecodedText",
    "check_language",
    "hangul_share",
    "load_glossary",
    "normalise_text",
    "read_text",
    "write_atomic",
]
