"""Commas after Korean endings: which close a finished sentence and which join two clauses.

A comma after a *connective* ending (``…했고,``, ``…하며,``: kiwi's ``EC``) is ordinary Korean: the
sentence goes on. A comma after a *sentence-final* ending (``…했다,``, ``…습니다,``, ``…세요,``:
``EF``, or a final form kiwi tags ``EC`` because of the comma, see
:func:`tqcheck.text.clauses.is_final_ending`) closes a finished sentence with the wrong mark: MT
does it when it runs two sentences together (``…말했다, "이 시스템은 …"고 그는 말했다.``) and when
it renders an English colon before a quotation (``…, adding:`` → ``…경고했습니다,``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tqcheck.text.clauses import is_final_ending
from tqcheck.text.marks import DOUBLE_QUOTES, SENTENCE_END, inside_double_quotes, quoted_mask
from tqcheck.text.morphemes import Morph, morphemes

_WORD = re.compile(r"\S+")
_MIN_CLAUSE_WORDS = 2
# Verbs (and verbal nouns) of saying: with a comma and a quotation after them they introduce it.
_SPEECH_STEMS = frozenset(
    "말 말하 묻 물 대답 답 답변 응답 대꾸 반박 외치 소리치 덧붙이 밝히 전하 질문 반문 중얼거리 "
    "속삭이 부르짖 강조 주장 설명 언급 발언 지적 선언 경고 고백 회상 적 쓰".split()
)


def introduces_quotation(text: str, word: tuple[Morph, ...], position: int) -> bool:
    """A verb of saying, a comma and a quotation that ends the sentence: ``그는 물었다, "찼습니까?"``.

    Human translators use this style for 'he asked, "…?"'. The run-on the garble check is after goes
    on past the quotation with a quotative particle (``말했다, "…"고 그는 말했다``).
    """
    if not any(m.form in _SPEECH_STEMS and m.tag.startswith(("VV", "NNG")) for m in word):
        return False
    rest = text[position:].lstrip()
    if not rest or rest[0] not in DOUBLE_QUOTES.marks:
        return False
    closing = min((i for i in (rest.find(m, 1) for m in DOUBLE_QUOTES.marks) if i > 0), default=-1)
    if closing < 0:
        return True
    after = rest[closing + 1 :].strip()
    return rest[closing - 1] in ".?!…" or not after or after[0] in ".?!…"


def sentence_end_commas(text: str) -> Iterator[tuple[int, int]]:
    """``(word start, comma end)`` for each comma inside ``text`` that follows a sentence-final
    ending (``말했다,``) and runs on into more text; not one inside a quotation, after a one-word
    exclamation (``그래요, 알겠어요.``) or introducing a quotation that ends the sentence."""
    morphs = morphemes(text)
    words = list(_WORD.finditer(text))
    for index, morph in enumerate(morphs):
        if morph.form != "," or index == 0 or not is_final_ending(morphs, index - 1):
            continue
        if inside_double_quotes(text, morph.start):
            continue
        word_index = next((i for i, w in enumerate(words) if w.start() <= morph.start < w.end()), None)
        if word_index is None or not words[word_index].group().endswith(","):
            continue
        clause_start = 0
        for i in range(word_index - 1, -1, -1):
            if SENTENCE_END.search(words[i].group()):
                clause_start = i + 1
                break
        if word_index + 1 - clause_start < _MIN_CLAUSE_WORDS or word_index == len(words) - 1:
            continue
        word = tuple(m for m in morphs if words[word_index].start() <= m.start < morph.start)
        if introduces_quotation(text, word, morph.end):
            continue
        yield words[word_index].start(), morph.end


def goes_on(text: str, language: str = "ko") -> bool:
    """A line whose sentence goes on in the next line: it ends in a comma (``…인용,``), in Korean not
    after a sentence-final ending (``…경고했습니다,`` is a finished sentence with the wrong mark)."""
    if not text.rstrip().endswith((",", "，")):
        return False
    return language != "ko" or final_comma_at_end(text) is None


def final_comma_at_end(text: str) -> tuple[int, int] | None:
    """``(word start, comma end)`` when ``text`` ends in a sentence-final ending and a comma
    (``…경고했습니다,``, ``…들어보세요,``): a finished sentence with the wrong mark, whatever
    follows. None for a connective ending (``…했고,``), an exclamation (``그래요,``), a noun
    (``사임,``) and a comma inside a quotation (``"우리는 준비됐다,``)."""
    stripped = text.rstrip()
    if not stripped.endswith(","):
        return None
    comma = len(stripped) - 1
    if quoted_mask(stripped, classes=(DOUBLE_QUOTES,), mixed_pairs=True)[comma]:
        return None  # a quotation still open: it goes on after the line
    morphs = morphemes(stripped)
    if len(morphs) < 2 or morphs[-1].form != "," or morphs[-1].start != comma:
        return None
    if not is_final_ending(morphs, len(morphs) - 2):
        return None
    words = list(_WORD.finditer(stripped))
    return words[-1].start(), len(stripped)
