"""Reading user files robustly and writing output files atomically."""

from __future__ import annotations

from tqcheck.io.read import DecodedText, check_language, hangul_share, normalise_text, read_text
from tqcheck.io.write import write_atomic

__all__ = ["DecodedText", "check_language", "hangul_share", "normalise_text", "read_text", "write_atomic"]
