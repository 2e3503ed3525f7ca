"""Korean speech levels: which of 합니다체, 해요체, 한다체 and 해체 a sentence is written in.

Korean marks the relation to the reader in every sentence's final ending, and a text keeps to
one level: news and essays to 한다체, announcements to 합니다체. The level is read from kiwi's
analysis of the final predicate, after quoted speech and bracketed asides are blanked out, since
a 한다체 article quotes people in 해요체 (``"…했어요"라고 말했다`` is a 한다체 sentence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from tqcheck.text.marks import bracket_mask
from tqcheck.text.morphemes import morphemes
from tqcheck.text.scripts import syllable_parts


class SpeechLevel(StrEnum):
    FORMAL = "합니다체"
    POLITE = "해요체"
    PLAIN = "한다체"
    CASUAL = "해체"

    @property
    def gloss(self) -> str:
        return _GLOSSES[self]


_GLOSSES = {
    SpeechLevel.FORMAL: "formal polite style",
    SpeechLevel.POLITE: "polite style",
    SpeechLevel.PLAIN: "plain style",
    SpeechLevel.CASUAL: "casual style",
}

_FINAL_BIEUP = 17  # Unicode's index of final ㅂ in a precomposed syllable
_FORMAL_TAILS = ("니다", "니까", "시다", "시오", "디다")
# Plain (해라체) endings as kiwi spells them: 다/는다/ㄴ다, 냐/느냐, 자, 라/어라/거라, 구나/군, 는가/ㄴ가.
#: The written plain-style question, as it appears on the page (kiwi does not always parse it).
_PLAIN_QUESTION = re.compile(r"[가-힣](?:는가|던가)$")
_PLAIN_TAILS = ("다", "냐", "자", "라", "구나", "군", "는가", "ᆫ가", "은가", "던가", "니", "랴", "마")
_CASUAL_TAILS = ("어", "아", "여", "야", "지", "게", "걸", "래", "대", "네", "거든", "데", "잖아")
_PUNCTUATION_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW"})
_TRAILING = frozenset(".?!…~。,;:-–—·")
_TERMINAL = tuple(".?!…。")


def _has_final_bieup(ch: str) -> bool:
    """습/합/ᆸ: the ㅂ that formal endings (-ㅂ니다, -습니까) start with."""
    if ch == "ᆸ":
        return True
    parts = syllable_parts(ch)
    return parts is not None and parts[2] == _FINAL_BIEUP


def speech_level(ending: str) -> SpeechLevel | None:
    """The speech level a sentence-final ending (kiwi's EF form) marks, or None if it is
    ambiguous in writing (``-ㄹ까``, ``-나``: rhetorical questions in plain prose too)."""
    if ending.endswith(_FORMAL_TAILS) and len(ending) >= 3 and _has_final_bieup(ending[-3]):
        return SpeechLevel.FORMAL
    if ending.endswith(("요", "죠")):
        return SpeechLevel.POLITE
    if ending.endswith(("ᆯ까", "을까", "까")):
        return None
    if ending.endswith(_PLAIN_TAILS):
        return SpeechLevel.PLAIN
    if ending.endswith(_CASUAL_TAILS):
        return SpeechLevel.CASUAL
    return None


#: The honorific -(으)세요 ending (확인하세요, 앉으세요): formally 해요체, but the form instructions take in
#: 합니다체 text too (help pages and UIs mix 입력하세요 with 저장됩니다 by convention). Questions put to
#: the reader with the honorific -(으)시- (비밀번호를 잊으셨나요?, 도움이 필요하신가요?) follow it too.
_POLITE_REQUESTS = ("세요", "으세요")
_HONORIFIC = frozenset({"시", "으시"})


@dataclass(frozen=True)
class SentenceEnding:
    level: SpeechLevel
    start: int  # the word carrying the ending, in the segment's text
    end: int
    to_reader: bool = False  # an honorific request or question to the reader (see _POLITE_REQUESTS)


def sentence_ending(text: str, quoted: Sequence[bool]) -> SentenceEnding | None:
    """The speech level of a sentence from its final predicate, ignoring quoted speech.

    None when the sentence ends inside (or with) a quotation, ends in a noun (headline
    style, ``-음``/``-기``), its final ending marks no clear level, or it is 해체 without a full
    stop (Korean headlines end that way).
    """
    last = len(text) - 1
    while last >= 0 and (text[last].isspace() or text[last] in _TRAILING):
        last -= 1
    if last < 0 or quoted[last]:
        return None
    brackets = bracket_mask(text)
    analysed = "".join(" " if quoted[i] or brackets[i] else ch for i, ch in enumerate(text))
    tokens = morphemes(analysed)
    index = len(tokens) - 1
    while index >= 0 and tokens[index].tag in _PUNCTUATION_TAGS:
        index -= 1
    if index < 0:
        return None
    token = tokens[index]
    if _PLAIN_QUESTION.search(analysed[: token.end]):
        level = SpeechLevel.PLAIN  # 없는가?, 옳은가: kiwi may read 는가 as 는 + 가(다) + 어
    elif token.tag == "EF":
        level = speech_level(token.form)
    elif token.tag == "JX" and token.form == "요" and index > 0:
        level = SpeechLevel.POLITE  # 정말요, 그런데요
    else:
        level = None
    if level is None or (level is SpeechLevel.CASUAL and not text.rstrip().endswith(_TERMINAL)):
        return None  # 해체 with no full stop is headline style: "대학생 25% 이상 성경험 있어"
    end = min(token.end, len(text))
    start = min(token.start, end)
    while start > 0 and not analysed[start - 1].isspace():
        start -= 1
    if start >= end:
        return None
    request = token.tag == "EF" and token.form in _POLITE_REQUESTS
    honorific = any(t.tag == "EP" and t.form in _HONORIFIC and t.start >= start for t in tokens[: index + 1])
    question = level is SpeechLevel.POLITE and honorific and text.rstrip().endswith("?")
    return SentenceEnding(level, start, end, request or question)
