"""Rule-based English sentence splitting with character spans.

Spans (not strings) are returned so that later stages can map every flag back to the exact place in the
user's document, and so that no character is ever lost or normalised on the way.

The splitter was chosen by measurement against pysbd and syntok (see ``benchmarks/split_eval.py`` and
``docs/benchmarks.md``): on our news and mixed-domain corpora a small set of rules with an abbreviation list
is as accurate as the libraries and much faster, and it keeps us free of a dependency whose behaviour we
cannot tune for MT output.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tqcheck.text.marks import CLOSING_MARKS, CLOSING_QUOTES, OPENING_MARKS

__all__ = ["split_english", "split_punctuated"]

# A candidate boundary: a run of terminators, any closing quotes/brackets glued to it, then whitespace
# (newlines are handled before this, as hard breaks). Without trailing whitespace there is no boundary,
# which is what keeps decimals (12.3), URLs (cnn.com) and inner dots (U.S.) from ever being candidates.
_CANDIDATE = re.compile(f"(?P<term>[.?!…‽]+)(?P<close>[{re.escape(CLOSING_MARKS)}]*)(?P<space>[^\\S\\n]+)")
_LINE = re.compile(r"[^\n]+")
_PREV_TOKEN = re.compile(r"\S+$")
_NEXT_TOKEN = re.compile(r"\S+")
_FOLLOWING = re.compile(r"[^\S\n]+(\S+)")
_OPENERS = OPENING_MARKS + "-—–"
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
_WORD = re.compile(r"[A-Za-z]+")
_QUOTES = frozenset(CLOSING_QUOTES)


def _words(block: str) -> frozenset[str]:
    """Word lists read best as prose blocks; this keeps them that way."""
    return frozenset(block.split())


# Titles and Latin shorthands: they stand in front of something, so they practically never end a sentence,
# and the word after them is capitalised, which is exactly what would otherwise trigger a split.
_NEVER_FINAL = _words(
    """
    mr mrs ms messrs mmes dr prof sen sens rep reps gov gen lt col maj capt cpt sgt cmdr adm rev hon pres
    supt insp det atty fr mt ste vs v cf viz e.g i.e
    """
)

# Abbreviations that point at a number ("No. 5", "Jan. 12", "p. 30"): a following digit keeps the sentence.
_BEFORE_NUMBER = _words(
    """
    no nos vol vols p pp fig figs art ch sec para op
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)

# Abbreviations that can legitimately end a sentence ("... Apple Inc. The ..." vs "Apple Inc. Chief ...").
# For these (and for dotted acronyms and initials) we split only before a word that typically opens one.
_AMBIGUOUS = _words(
    """
    inc corp co ltd llc plc bros jr sr etc st ave blvd rd dept univ approx est ft assn intl
    jan feb mar apr jun jul aug sep sept oct nov dec
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla
    ore pa tenn tex vt va wash wis wyo
    """
)

_STARTERS = _words(
    """
    The A An This That These Those It Its He She They We I You His Her Their Our My Your There Here
    But And Or So Yet However Meanwhile Also Still Then Now Today Yesterday Tomorrow Last Next
    In On At For With After Before When While If As Although Though Because Since During Under Over
    What Who Why How Where Which Some Many Most All No Not One Both Each Such Other Another
    Sometimes Often Later Earlier Even Only Every Everyone Nobody Please Let Thank Thanks Yes
    Do Does Did Is Are Was Were Can Could Will Would Should According Officials Police Authorities
    """
)

_SPEECH_VERBS = _words(
    """
    said says asked asks cried cries replied replies shouted shouts added adds told tells wrote writes
    explained explains whispered answered continued exclaimed yelled screamed
    """
)


def split_english(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences in ``text``.

    Every newline is a hard break: in MT input a line is a paragraph, heading or list item, and merging
    across lines would glue a title onto the first sentence. Spans are stripped, ordered, non-overlapping
    and together cover every non-space character, so ``text[start:end]`` is always the sentence verbatim.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        spans.extend(split_punctuated(text, line.start(), line.end()))
    return spans


def split_punctuated(
    text: str, lo: int, hi: int, decide: Callable[[str, int, int, int], bool | None] | None = None
) -> list[tuple[int, int]]:
    """Split the single line ``text[lo:hi]`` at sentence punctuation, returning stripped spans.

    Shared with the Korean splitter because Korean MT output punctuates like English (and carries English
    abbreviations and initials). ``decide(text, term, end, nxt)`` gets the candidate's terminator offset,
    the end of the sentence it would close and the start of the next one; it returns True or False to
    settle the candidate on language-specific grounds (quotative particles, Hangul before the period), or
    None to leave it to the English rules.
    """
    out: list[tuple[int, int]] = []
    start = _skip_space(text, lo, hi)
    if start >= hi:
        return out
    for match in _CANDIDATE.finditer(text, start, hi):
        nxt = match.end()
        if nxt >= hi:
            continue
        end = match.start("space")
        if match.start() <= start:
            if out and match.start() == start:
                # Stray punctuation ("He left. . The") belongs to the sentence before, not the next one.
                out[-1] = (out[-1][0], end)
                start = nxt
            continue
        verdict = decide(text, match.start(), end, nxt) if decide else None
        if verdict if verdict is not None else _is_boundary(text, start, match, hi):
            out.append((start, end))
            start = nxt
    end = hi
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
    return out


def _skip_space(text: str, pos: int, hi: int) -> int:
    while pos < hi and text[pos].isspace():
        pos += 1
    return pos


def _is_boundary(text: str, sent_start: int, match: re.Match[str], hi: int) -> bool:
    """Decide one candidate; the order of tests mirrors how strongly each cue predicts a boundary."""
    nxt_tok = _NEXT_TOKEN.match(text, match.end(), hi)
    next_raw = nxt_tok.group() if nxt_tok else ""
    next_word = next_raw.lstrip(_OPENERS)
    if next_word[:1].islower():
        # A lower-case continuation is the strongest "same sentence" cue there is ("... ?" he said).
        return False
    term = match.group("term")
    if "?" in term or "!" in term or "‽" in term:
        # '"Who is it?" Tom asked.' is one sentence even though a capital follows the question mark; with a
        # capitalised pronoun ('"Go!" She answered, ...') the writer has started a new one.
        quoted = any(c in _QUOTES for c in match.group("close"))
        if quoted and next_word.rstrip(",") not in _STARTERS:
            after = _FOLLOWING.match(text, nxt_tok.end(), hi) if nxt_tok else None
            if after and after.group(1).rstrip(".,;:!?").lower() in _SPEECH_VERBS:
                return False
        return True
    if term != ".":
        # Ellipses trail off mid-sentence only before lower case, which was handled above.
        return True
    # Tokens are short; bounding the look-back keeps long abbreviation-heavy lines linear.
    prev = _PREV_TOKEN.search(text, max(sent_start, match.start() - 64), match.start())
    if prev is None:
        return True
    token = prev.group().lstrip(_OPENERS)
    if not token:
        return True
    lower = token.lower()
    if lower in _NEVER_FINAL:
        return False
    if next_word[:1].isdigit() and lower in _BEFORE_NUMBER:
        return False
    if lower in _AMBIGUOUS or _DOTTED.fullmatch(lower) or (len(token) == 1 and token.isupper()):
        # Compare the bare word so that contractions count too ("I'm", "It's").
        head = _WORD.match(next_word)
        return head is not None and head.group() in _STARTERS
    return not (token.isdigit() and len(token) <= 3 and prev.start() == sent_start)
