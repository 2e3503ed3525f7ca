"""Whitespace tokens (eojeols on the Korean side) with their offsets, and the English function words
that tell prose from a name: shared by the checks that read a segment word by word."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class Token:
    """A whitespace-delimited token (an eojeol on the Korean side) with its offsets."""

    text: str
    start: int
    end: int

    @property
    def core(self) -> str:
        """The token without leading/trailing punctuation (quotes, commas, brackets)."""
        return _EDGE_PUNCTUATION.sub("", self.text)

    @property
    def core_start(self) -> int:
        return self.start + len(self.text) - len(re.sub(r"^[^\w]+", "", self.text))

    @property
    def core_end(self) -> int:
        return self.end - (len(self.text) - len(re.sub(r"[^\w]+$", "", self.text)))


def whitespace_tokens(text: str, offset: int = 0) -> list[Token]:
    """The whitespace-delimited tokens of ``text``, offsets shifted by ``offset``."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in re.finditer(r"\S+", text)]


# Words that make a Latin run read as English prose rather than a name, title or acronym list.
ENGLISH_FUNCTION_WORDS = frozenset(
    """a an the of to and or but nor in on at for with from by as into onto about over under after
    before since until than then that this these those there here is are was were be been being am
    has have had do does did will would can could should may might must shall it its he she they we
    you i him her them us his their our your my me not no if so because while although though which
    who whom whose what when where why how also just only very all some any each more most such""".split()
)
