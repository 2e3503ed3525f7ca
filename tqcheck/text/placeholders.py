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


# Addresses a reader must be able to follow: a URL (up to a space, a bracket, a quote or Hangul, since
# Korean writes its particle solid: support@example.com으로) and an e-mail address.
_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s<>()\[\]\"'“”‘’가-힣]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?"


def addresses(text: str) -> list[Placeholder]:
    """Every URL and e-mail address in ``text``, without the sentence's punctuation after it."""
    found = []
    for match in _ADDRESS.finditer(text):
        address = match.group().rstrip(_TRAILING)
        found.append(Placeholder(address, match.start(), match.start() + len(address)))
    return found


def address_key(address: str) -> str:
    """What a translation must keep of an address: an e-mail whole, a URL's host (a localised path,
    /en/ for /ko/, is a right rendering)."""
    if "@" in address and "://" not in address:
        return address.lower()
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", address, flags=re.IGNORECASE).split("/")[0]
    return host.lower()


# Markdown a help page or README keeps through translation: an inline code span (a file name, a command:
# never translated) and the ``**`` of bold text (one lost leaves the reader a literal asterisk).
# (A doubled backtick is a TeX-style opening quote, ``like this'', found in news copy: never a span.)
_MARKDOWN = re.compile(r"(?<!`)`[^`\n]+`(?!`)|\*\*")


def markdown_marks(text: str) -> list[Placeholder]:
    """Every inline code span and bold marker in ``text``, in order."""
    return [Placeholder(match.group(), match.start(), match.end()) for match in _MARKDOWN.finditer(text)]
