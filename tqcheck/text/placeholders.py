"""Placeholders and markup of software strings: what a program fills in or reads, never a reader.

UI strings (PO, XLIFF, JSON resources) carry ``%s``, ``%(count)d``, ``{name}``, ``{0}``, ``${user}``
and tags such as ``<b>``; a translation must keep every one, character for character, or the program
shows a raw token, crashes on a format string, or drops the value. MT mangles them in its own ways:
it drops one, translates the name inside (``{네임}``), spaces it (``% s``) or duplicates it. The
patterns are conservative so that prose is never read as code: a percent sign after a digit (``50%
of``) or before a space is a percentage, not a conversion.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_PATTERN = re.compile(
    r"""
    (?<![\d%])%(?:\d+\$)?(?:\([^\W\d]\w*\))?[-+0\#]*\d*(?:\.\d+)?[sdifuxXeEgGc@]   # printf, Python %
    | \$\{[^\W\d][\w.]*\}                                                            # ${var}
    | \{\{\s*[^\W\d][\w.]*\s*\}\}                                                    # {{ var }}
    | \{(?:\d+|[^\W\d][\w.]*)(?:[:!][^{}\s]*)?\}                                     # {0} {name} {0:N2}
    | </?[A-Za-z][\w-]*(?:\s+[\w-]+(?:=(?:"[^"<>]*"|'[^'<>]*'|[^\s<>]+))?)*\s*/?>   # <b> </a> <br/>
    """,
    re.VERBOSE,
)


class Placeholder(NamedTuple):
    text: str
    start: int
    end: int


def placeholders(text: str) -> list[Placeholder]:
    """Every placeholder and tag in ``text``, in order."""
    return [Placeholder(match.group(), match.start(), match.end()) for match in _PATTERN.finditer(text)]
