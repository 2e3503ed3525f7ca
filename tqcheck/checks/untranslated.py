"""``untranslated``: English the MT left in the Korean, a copied sentence or clause or a single term.

Korean news keeps names, brands, acronyms, code and URLs in Latin script, and glosses a term in
brackets after its Korean rendering; none of that is flagged. What is: English prose (a run of
lowercase words with function words) and, capped at warning, a lowercase English term inside Korean
prose, where Korean writes the term in Hangul.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.checks.registry import CheckContext, check
from tqcheck.model import Alignment, Flag, Severity
from tqcheck.text.marks import BRACKETS, bracket_mask, quote_snippet
from tqcheck.text.scripts import CODE_LIKE, EAST_ASIAN_LETTER, LATIN_LETTER, LATIN_WORD, is_code
from tqcheck.text.tokens import ENGLISH_FUNCTION_WORDS, Token, whitespace_tokens

_UNITS = frozenset(
    """mm cm m km ft mi mg g kg t lb lbs oz ml l cc kb mb gb tb kbps mbps gbps hz khz mhz ghz w kw mw
    gw kwh mwh v mah mph kph km/h rpm dpi fps px pt pm vs etc""".split()
)
_OPENING_BRACKETS, _CLOSING_BRACKETS = "".join(BRACKETS), "".join(BRACKETS.values())


def _is_latin_word(token: Token) -> bool:
    core = token.core
    return (
        bool(LATIN_LETTER.search(core))
        and not CODE_LIKE.search(token.text)
        and not (core.lower() in _UNITS and not core.istitle())
    )


def _part_of_prose(token: Token) -> bool:
    return _is_latin_word(token) or re.fullmatch(r"\d[\d,.:%]*", token.core) is not None


def _latin_runs(text: str) -> Iterator[list[Token]]:
    """Stretches of tokens with no Hangul, cut at brackets. Numbers, symbols, units and code ride
    along uncounted; all but numbers are trimmed from the ends."""
    current: list[Token] = []

    def finish() -> Iterator[list[Token]]:
        while current and not _part_of_prose(current[-1]):
            current.pop()
        while current and not _part_of_prose(current[0]):
            current.pop(0)
        if current:
            yield list(current)
        current.clear()

    for token in whitespace_tokens(text):
        east_asian = EAST_ASIAN_LETTER.search(token.text)
        if east_asian:
            # a quotation closed onto its particle (…priced in"이라고): the Latin before it ends the run
            head = Token(token.text[: east_asian.start()], token.start, token.start + east_asian.start())
            if LATIN_LETTER.search(head.text) and not any(char in _OPENING_BRACKETS for char in head.text):
                current.append(head)
            yield from finish()
            continue
        if token.text[0] in _OPENING_BRACKETS:
            yield from finish()
        current.append(token)
        if any(char in _CLOSING_BRACKETS for char in token.text):
            yield from finish()
    yield from finish()


def _reads_as_english(words: list[str]) -> bool:
    """Prose, not a name, title or acronym list: lowercase content words, mostly lowercase text.

    ``Samsung Galaxy S24``, ``The Dark Knight``, ``Association of Teachers of English in Korea``
    (Title Case: no lowercase content word) and ``AI CEO NATO`` (acronyms) all fail this.
    """
    lowercase = [w for w in words if w.islower()]
    function = sum(1 for w in lowercase if w in ENGLISH_FUNCTION_WORDS)
    content = len(lowercase) - function
    return content >= 1 and 5 * len(lowercase) >= 2 * len(words) and (function >= 1 or len(lowercase) >= 4)


def _word_set(text: str) -> set[str]:
    return {w.lower() for w in LATIN_WORD.findall(text)}


def _lowercase_words(text: str) -> set[str]:
    """The words the English writes in lowercase, and its first word: a term, not a name (a Korean
    ``peter`` for the English's Peter is a misspelt name, not an untranslated term)."""
    words = LATIN_WORD.findall(text)
    return {w for w in words if w.islower()} | ({words[0].lower()} if words else set())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the quotes, brackets and final punctuation around the words."""
    start += len(text[start:end]) - len(text[start:end].lstrip("\"'“‘([,;:—–-"))
    end -= len(text[start:end]) - len(text[start:end].rstrip("\"'”’)],.;:!?—–-"))
    return start, end


def _untranslated_spans(
    text: str, source_words: set[str], minimum: float, in_brackets: list[bool]
) -> Iterator[tuple[int, int]]:
    """Spans of English in one Korean segment; ``text`` is the segment, ``in_brackets`` its
    :func:`~tqcheck.text.marks.bracket_mask` (glosses are not untranslated)."""
    runs = list(_latin_runs(text))
    words = [[t.core for t in run if _is_latin_word(t)] for run in runs]

    def from_source(found: list[str], share: float) -> bool:
        return sum(1 for w in found if w.lower() in source_words) >= share * len(found)

    # A segment with no Korean at all that repeats the English: the MT passed it through,
    # whatever its casing (a Title-Case headline is as untranslated as a sentence).
    everything = [w for found in words for w in found]
    if (
        runs
        and not EAST_ASIAN_LETTER.search(text)
        and len(everything) >= minimum
        and from_source(everything, 0.8)
    ):
        yield _trimmed(text, runs[0][0].start, runs[-1][-1].end)
        return
    for run, found in zip(runs, words, strict=True):
        if len(found) < minimum or not _reads_as_english(found) or not from_source(found, 0.5):
            continue
        start, end = _trimmed(text, run[0].start, run[-1].end)
        if not in_brackets[start]:
            yield start, end


# A term left in English in the Korean (``data center와``, ``blockchain 기술``): one to three
# lowercase words, starting a word and ending before Hangul, a space or punctuation. Capitalised words
# (names, brands, acronyms, iPhone) never match.
_LOWERCASE_TERM = re.compile(
    r"(?<![A-Za-z0-9'’-])[a-z][a-z'’-]{2,}(?:[ \t]+[a-z][a-z'’-]*){0,2}(?![A-Za-z0-9'’-])"
)
_INLINE_CODE = re.compile(r"`[^`]+`")


def _untranslated_terms(
    text: str, source_terms: set[str], taken: list[tuple[int, int]], in_brackets: list[bool]
) -> Iterator[tuple[int, int]]:
    """Spans of lowercase English terms in a Korean segment (or one left wholly in English, as a UI
    string ``open settings`` may be, below the prose rule's length): no function word or unit among
    them, half of them lowercase in the English source (``source_terms``), not in brackets (a gloss),
    not part of a URL, address or code (in backticks too), and not inside a span already reported as
    prose (``taken``)."""
    around = whitespace_tokens(text)
    code = [match.span() for match in _INLINE_CODE.finditer(text)]
    for match in _LOWERCASE_TERM.finditer(text):
        start, end = match.span()
        words = match.group().split()
        if any(w in ENGLISH_FUNCTION_WORDS or w in _UNITS for w in words):
            continue  # prose, however short, is the run rule's to judge; units are not words
        if sum(w in source_terms for w in words) * 2 < len(words):
            continue
        if in_brackets[start] or any(start < t_end and t_start < end for t_start, t_end in taken + code):
            continue
        if any(is_code(token.text) for token in around if token.start < end and start < token.end):
            continue
        yield start, end


# A UI label in bold (``**Turn on**``): Markdown help pages name the buttons the reader presses so.
_BOLD_LABEL = re.compile(r"\*\*([A-Za-z][A-Za-z'’ -]*[A-Za-z])\*\*")


def _kept_labels(text: str, source_text: str, taken: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Bold labels the Korean copies from the English's bold labels: several words, one of them in
    lowercase (``Turn on``, ``Resend code``), where a name or product (``Google Drive``) has none; the
    Korean product's own labels are Korean, so an English one was left untranslated."""
    english_labels = {match.group(1) for match in _BOLD_LABEL.finditer(source_text)}
    for match in _BOLD_LABEL.finditer(text):
        label = match.group(1)
        words = label.split()
        if label not in english_labels or len(words) < 2 or not any(word.islower() for word in words):
            continue
        start, end = match.span(1)
        if not any(start < t_end and t_start < end for t_start, t_end in taken):
            yield start, end


@check(
    "untranslated",
    severity="error",
    description="English left in the Korean (names, acronyms, code and URLs excepted)",
    thresholds={"min_latin_words": 4},
)
def untranslated(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """English the MT copied into the Korean: a whole sentence or a trailing clause.

    Flagged: a run of at least ``min_latin_words`` Latin-script words that reads as English prose
    (lowercase content words, mostly lowercase, not Title Case) with at least half its words in
    the English source; a Korean segment with no Hangul at all that repeats the English; and, at
    most a warning (a reader still follows), a lowercase English term of one to three words inside
    Korean prose (``data center와``). On both halves of the shared corpora the term rule fires only on
    defective pairs (glossary entries appended to the Korean, English copied).
    Deliberately not flagged: names, brands, acronyms, Title-Case titles inside Korean text, URLs,
    e-mail addresses, handles, code, units, and English given in brackets after its Korean
    rendering (``바이얼런스(Violence, 폭력)``), which is a normal Korean convention.
    """
    if not alignment.target_ids or not alignment.source_text:
        return []
    minimum = context.config.threshold("untranslated", "min_latin_words")
    source_words = _word_set(alignment.source_text)
    source_terms = _lowercase_words(alignment.source_text)
    flags: list[Flag] = []
    for segment, offset in context.segments(alignment, "target"):
        in_brackets = bracket_mask(segment.text, unclosed_hides_rest=True)
        prose = list(_untranslated_spans(segment.text, source_words, minimum, in_brackets))
        for start, end in prose:
            english = segment.text[start:end]
            flags.append(
                context.flag(
                    "untranslated",
                    f'English left untranslated: "{quote_snippet(english)}"',
                    "target",
                    offset + start,
                    offset + end,
                )
            )
        for start, end in _kept_labels(segment.text, alignment.source_text, prose):
            prose.append((start, end))
            flags.append(
                context.flag(
                    "untranslated",
                    f'Button or menu label left in English: "{segment.text[start:end]}"',
                    "target",
                    offset + start,
                    offset + end,
                    at_most=Severity.WARNING,
                )
            )
        for start, end in _untranslated_terms(segment.text, source_terms, prose, in_brackets):
            flags.append(
                context.flag(
                    "untranslated",
                    f'English term left untranslated: "{segment.text[start:end]}" '
                    "(Korean writes it in Hangul)",
                    "target",
                    offset + start,
                    offset + end,
                    at_most=Severity.WARNING,
                )
            )
    return flags
