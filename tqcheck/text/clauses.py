"""Clauses and sentence endings: where an English clause ends, and whether Korean ends a sentence.

English marks its clauses with punctuation and conjunctions; Korean with endings (kiwi's ``EC``
connective and ``EF`` final endings), so the two sides need different rules. Two questions about
Korean endings are kept apart on purpose, because they must err in opposite directions:

- :func:`is_final_ending` / :func:`ends_in_final_ending`: does this *certainly* end a sentence
  (a final ending after a predicate)? The garble checks flag text on that evidence, so it must not
  take a noun (사임, read as 사+이+ᆷ) or a connective for a sentence end;
- :func:`korean_stops_unfinished`: does the Korean *certainly not* end a sentence (a comma, a
  connective ending)? The fidelity score lowers coverage on that evidence, so casual endings
  (``-어``, ``-지``) count as finished.
"""

from __future__ import annotations

import itertools
import re

from tqcheck.text.marks import CLOSING_MARKS, SENTENCE_END
from tqcheck.text.morphemes import Morph, morphemes

# --- English clauses ------------------------------------------------------------------------

# Where an English clause may end: , ; : dashes, brackets, and before a conjunction.
_EN_BREAK = re.compile(
    r"[,;:](?=\s)|\s[—–-]{1,2}\s|[()]|"
    r"\s(?=(?:and|but|or|because|while|whereas|although|though|when|after|before|since|until|unless|"
    r"if|so|yet|as|where|then)\s)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")
_MIN_CLAUSE_WORDS = 3


def english_clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of the English clauses; a piece of fewer than 3 words joins its neighbour."""
    cuts = [0]
    for match in _EN_BREAK.finditer(text):
        cuts.append(match.end())
    cuts.append(len(text))
    pieces = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    clauses: list[tuple[int, int]] = []
    for start, end in pieces:
        if clauses and len(_WORD.findall(text[clauses[-1][0] : clauses[-1][1]])) < _MIN_CLAUSE_WORDS:
            clauses[-1] = (clauses[-1][0], end)
        else:
            clauses.append((start, end))
    if len(clauses) > 1 and len(_WORD.findall(text[clauses[-1][0] : clauses[-1][1]])) < _MIN_CLAUSE_WORDS:
        last = clauses.pop()
        clauses[-1] = (clauses[-1][0], last[1])
    return [(start, end) for start, end in clauses if _WORD.search(text[start:end])] or [(0, len(text))]


# --- Korean clauses -------------------------------------------------------------------------

# Connective endings that join an auxiliary to its verb, not two clauses (``하지 않았다``,
# ``돕게 될``, ``숨어 있다``): a boundary is only counted when the next word is not an auxiliary.
_AUXILIARY_STEMS = frozenset(
    {"않", "못", "있", "없", "되", "하", "싶", "주", "보", "버리", "놓", "두", "오", "가"}
)
# Connective endings inside one predicate or adverbial (``심각하게 줄어``, ``가득 차 있었다``).
_NON_CLAUSE_EC = frozenset({"게", "어", "아", "지", "어야", "아야"})


def korean_clause_ends(text: str) -> list[int]:
    """Offsets just after each clause boundary inside the Korean (not its end): a connective
    ending or a comma at the end of a word, or a sentence-final ending with more text after it."""
    morphs = morphemes(text)
    ends: list[int] = []
    for index, morph in enumerate(morphs):
        word_end = morph.end >= len(text) or text[morph.end].isspace() or text[morph.end] in ",;"
        if not word_end:
            continue
        following = next((m for m in morphs[index + 1 :] if not m.tag.startswith("S")), None)
        if following is None:
            continue
        boundary = morph.end
        if morph.tag == "EC":
            if morph.form in _NON_CLAUSE_EC:
                continue
            auxiliary = following.tag == "VX" or (
                following.tag.startswith("V") and following.form in _AUXILIARY_STEMS
            )
            if auxiliary and following.start <= morph.end + 2:
                continue
        elif morph.tag == "SP" and morph.form == ",":
            if index == 0 or morphs[index - 1].tag == "EC":
                continue  # already counted at the ending before it
        elif morph.tag not in {"EF"}:
            continue
        if morph.tag == "EC" and index + 1 < len(morphs) and morphs[index + 1].form == ",":
            boundary = morphs[index + 1].end
        ends.append(boundary)
    return ends


# --- Korean sentence endings ----------------------------------------------------------------

# Endings that close a sentence. kiwi tags them EC when a comma follows ("말했다," is read as a
# connective), so the test goes by form, after a predicate or tense morpheme.
_FINAL_FORMS = frozenset(
    "다 ᆫ다 는다 요 어요 아요 에요 예요 여요 습니다 ᆸ니다 니다 까 ᆯ까 을까 습니까 ᆸ니까 죠 지요 네요 "
    "군요 냐 느냐".split()
)
_NOMINAL_ENDINGS = frozenset({"ᆷ", "음", "기"})
_PREDICATE_TAGS = frozenset({"EP", "XSV", "XSA", "VCP", "VCN", "VX"})


def is_final_ending(morphs: tuple[Morph, ...], index: int) -> bool:
    """A sentence-final ending after a predicate. Nominal endings (사임 read as 사+이+ᆷ) do not count."""
    morph = morphs[index]
    if index == 0 or morph.form in _NOMINAL_ENDINGS:
        return False
    if not (morph.tag == "EF" or (morph.tag == "EC" and morph.form in _FINAL_FORMS)):
        return False
    before = morphs[index - 1]
    return before.tag.split("-")[0] in _PREDICATE_TAGS or before.tag.startswith(("VV", "VA"))


def ends_in_final_ending(text: str) -> bool:
    """``text`` (stripped of punctuation) ends like a sentence: 했다, 합니다, 할까."""
    morphs = [m for m in morphemes(text) if not m.tag.startswith("S")]
    if not morphs:
        return False
    return is_final_ending(tuple(morphs), len(morphs) - 1)


# Connective-tagged endings that may still end a sentence, casual ones included (kiwi reads a
# sentence-final 했어 or 좋지 as EC as often as EF).
_FINAL_LIKE_EC = frozenset({"다", "요", "어요", "아요", "지요", "죠", "네", "군", "지", "어", "아"})


def korean_stops_unfinished(text: str) -> bool:
    """The Korean stops on a comma or a connective ending instead of ending its sentence."""
    stripped = text.rstrip().rstrip(CLOSING_MARKS + " ")
    if not stripped:
        return False
    if stripped[-1] in ",;:":
        return True
    if SENTENCE_END.search(stripped):
        return False
    words = [m for m in morphemes(stripped) if not m.tag.startswith("S")]
    if not words:
        return False
    last = words[-1]
    return not (last.tag == "EF" or (last.tag == "EC" and last.form in _FINAL_LIKE_EC))
