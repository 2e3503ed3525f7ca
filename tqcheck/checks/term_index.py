"""Inverted indexes for the term-inconsistency check, so a long document is read once, not once per term.

The check used to split the whole document into "names the term" and "does not" for each of its
recurring names: quadratic in the document's length (a 3,000-sentence document spent 30 s there, and
a 100,000-sentence one would spend hours). ``TermIndex`` reads the sources and targets once; each term
then reads only its candidates, in document order, and the check's own regexes decide as before, so
the flags are the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tqcheck.model import Alignment
from tqcheck.text.scripts import whole_latin_word

_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")


def _first_run(word: str) -> str:
    """The letters and digits a word starts with (``Coca`` of ``Coca-Cola``): where
    ``whole_latin_word(word)`` matches, the text has this as a whole run of letters and digits."""
    found = _ALNUM_RUN.match(word)
    return found.group() if found else word


class TermIndex:
    """Which alignments can hold a term: the sources and targets read once into inverted indexes.

    Latin spellings are found by their first run of letters and digits (an exact word), Hangul forms
    by their least common syllable (a candidate must contain the whole form, which is then checked),
    and the check's own regexes then decide as before. A form made only of common syllables (a
    one-syllable name like 이) still has many candidates, never more than the document has."""

    def __init__(self, alignments: list[Alignment], terms: list[str]) -> None:
        self.alignments = alignments
        wanted_source = {_first_run(term) for term in terms}
        wanted_target = wanted_source | {_first_run(term.upper()) for term in terms}
        self._source_runs = self._runs([a.source_text for a in alignments], wanted_source)
        self._target_runs = self._runs([a.target_text for a in alignments], wanted_target)
        self._syllables: dict[str, list[int]] | None = None
        self._containing: dict[str, list[int]] = {}

    @staticmethod
    def _runs(texts: list[str], wanted: set[str]) -> dict[str, list[int]]:
        runs: dict[str, list[int]] = {}
        for position, text in enumerate(texts):
            for run in set(_ALNUM_RUN.findall(text)) & wanted:
                runs.setdefault(run, []).append(position)
        return runs

    def naming(self, term: str) -> list[int]:
        """Alignments with a target whose source names ``term`` as a whole word, in order."""
        pattern = whole_latin_word(re.escape(term))
        return [
            position
            for position in self._source_runs.get(_first_run(term), ())
            if self.alignments[position].target_text and pattern.search(self.alignments[position].source_text)
        ]

    def others(self, term: str, forms: list[str], named: Sequence[int]) -> list[int]:
        """Alignments with a target, not in ``named`` (``naming(term)``), whose target holds the term's
        Latin form or one of ``forms``, in order: every alignment where the check can find a rendering
        in a sentence that does not name the term (and a few where it finds nothing)."""
        excluded = set(named)
        candidates: set[int] = set()
        for spelling in (term, term.upper()):
            candidates.update(self._target_runs.get(_first_run(spelling), ()))
        for form in forms:
            candidates.update(self.containing(form))
        return sorted(
            position
            for position in candidates
            if position not in excluded and self.alignments[position].target_text
        )

    def containing(self, text: str) -> list[int]:
        """Alignments whose target contains ``text``, in order."""
        if text not in self._containing:
            syllables = self._syllable_index()
            keys = [char for char in set(text) if "가" <= char <= "힣"]
            if keys:
                pool: Sequence[int] = min((syllables.get(char, []) for char in keys), key=len)
            else:
                pool = range(len(self.alignments))
            self._containing[text] = [
                position for position in pool if text in self.alignments[position].target_text
            ]
        return self._containing[text]

    def _syllable_index(self) -> dict[str, list[int]]:
        if self._syllables is None:
            self._syllables = {}
            for position, alignment in enumerate(self.alignments):
                for char in set(alignment.target_text):
                    if "가" <= char <= "힣":
                        self._syllables.setdefault(char, []).append(position)
        return self._syllables
