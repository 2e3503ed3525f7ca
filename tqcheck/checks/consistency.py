"""Document-level consistency: one speech level, one rendering per name, the user's glossary.

These are the problems no single sentence pair shows: an MT system translates sentence by
sentence, so it happily writes one sentence in 합니다체 in a 한다체 article, or renders
``OpenAI`` as ``OpenAI`` in one sentence and ``오픈AI`` in the next.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.checks.registry import CheckContext, document_check
from tqcheck.errors import InputError
from tqcheck.io import read_text
from tqcheck.korean import HANGUL_SYLLABLE, get_kiwi
from tqcheck.model import Alignment, Flag, Segment, SegmentKind

if TYPE_CHECKING:
    from kiwipiepy import Token

# --- quotations -----------------------------------------------------------------------------
# Quoted speech keeps the speaker's register (a 한다체 article quotes people in 해요체), so
# quoted text is masked before the sentence's own final predicate is looked for.

_OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉", "«": "»"}
_CLOSERS = frozenset(_OPENERS.values())
_STRAIGHT = frozenset({'"', "'"})
_BRACKETS = {"(": ")", "[": "]", "（": "）", "{": "}"}
_OPEN_CONTEXT = frozenset("([{<“‘「『《〈«—–-")
_CLOSE_CONTEXT = frozenset(".,?!…)]}>:;~")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def _is_apostrophe(text: str, i: int) -> bool:
    """``McDonald's``, ``Macy’s``: a quote mark between Latin letters or digits."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return bool(before and after and _LATIN_OR_DIGIT.match(before) and _LATIN_OR_DIGIT.match(after))


def _looks_like_closer(text: str, i: int) -> bool:
    """A straight quote glued to the word before it and followed by a space, punctuation or a
    particle (``말했다" 라고``, ``좋아"라고``) closes a quotation."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in _OPEN_CONTEXT:
        return False
    return (
        after.isspace() or after in _CLOSE_CONTEXT or after in _STRAIGHT or bool(HANGUL_SYLLABLE.match(after))
    )


def quotation_masks(segments: Sequence[Segment]) -> dict[int, list[bool]]:
    """For each segment id, which characters are quoted (the quote marks included).

    A quotation may run over several segments (the segmenter splits a two-sentence quote),
    so the open/closed state is carried from one segment to the next within a paragraph, as
    long as a closing mark follows within a few segments. A closing mark with no opener means
    the segment started inside a quotation.
    """
    masks: dict[int, list[bool]] = {}
    expected: list[str] = []  # the closing marks of the quotations open at this point
    paragraph: int | None = None
    for index, segment in enumerate(segments):
        if segment.kind is SegmentKind.HEADLINE or segment.paragraph != paragraph:
            expected = []
        paragraph = segment.paragraph
        text = segment.text
        mask = [False] * len(text)
        for i, ch in enumerate(text):
            if ch in _STRAIGHT or ch in _OPENERS or ch in _CLOSERS:
                if ch in "'‘’" and _is_apostrophe(text, i):
                    mask[i] = bool(expected)
                    continue
                if expected and ch in expected:
                    while expected and expected.pop() != ch:
                        pass
                    mask[i] = True
                elif ch in _OPENERS:
                    expected.append(_OPENERS[ch])
                    mask[i] = True
                elif ch in _CLOSERS or _looks_like_closer(text, i):
                    # A closer whose opener we never saw: everything before it was quoted.
                    expected = []
                    for j in range(i + 1):
                        mask[j] = True
                else:
                    expected.append(ch)
                    mask[i] = True
            else:
                mask[i] = bool(expected)
        masks[segment.id] = mask
        if segment.kind is SegmentKind.HEADLINE or not _closes_soon(segments, index, expected):
            expected = []
    return masks


_CARRY_SEGMENTS = 3


def _closes_soon(segments: Sequence[Segment], index: int, expected: list[str]) -> bool:
    """Whether a quotation still open after segment ``index`` is closed in one of the next few
    segments of its paragraph; if not, the opening mark was a typo and must not hide the rest of
    the paragraph."""
    if not expected:
        return False
    paragraph = segments[index].paragraph
    for segment in segments[index + 1 : index + 1 + _CARRY_SEGMENTS]:
        if segment.paragraph != paragraph or segment.kind is SegmentKind.HEADLINE:
            return False
        if any(mark in segment.text for mark in expected):
            return True
    return False


def _bracket_mask(text: str) -> list[bool]:
    """Bracketed asides (``(사진)``, ``[연합뉴스]``) are not the sentence's predicate."""
    mask = [False] * len(text)
    expected: list[str] = []
    for i, ch in enumerate(text):
        if ch in _BRACKETS:
            expected.append(_BRACKETS[ch])
        if expected:
            mask[i] = True
        if expected and ch == expected[-1]:
            expected.pop()
    if expected:  # an unclosed bracket: do not hide the rest of the sentence
        return [False] * len(text)
    return mask


# --- speech levels --------------------------------------------------------------------------


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

_JONGSEONG_BIEUP = 17  # index of final ㅂ in a precomposed syllable
_FORMAL_TAILS = ("니다", "니까", "시다", "시오", "디다")
# Plain (해라체) endings as kiwi spells them: 다/는다/ㄴ다, 냐/느냐, 자, 라/어라/거라, 구나/군, 는가/ㄴ가.
_PLAIN_TAILS = ("다", "냐", "자", "라", "구나", "군", "는가", "ᆫ가", "은가", "던가", "니", "랴", "마")
_CASUAL_TAILS = ("어", "아", "여", "야", "지", "게", "걸", "래", "대", "네", "거든", "데", "잖아")
_PUNCTUATION_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW"})
_TRAILING = frozenset(".?!…~。,;:-–—·")
_TERMINAL = tuple(".?!…。")


def _has_final_bieup(ch: str) -> bool:
    if ch == "ᆸ":
        return True
    code = ord(ch) - 0xAC00
    return 0 <= code < 11172 and code % 28 == _JONGSEONG_BIEUP


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


@dataclass(frozen=True)
class SentenceEnding:
    level: SpeechLevel
    start: int  # the word carrying the ending, in the segment's text
    end: int


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
    brackets = _bracket_mask(text)
    analysed = "".join(" " if quoted[i] or brackets[i] else ch for i, ch in enumerate(text))
    tokens = get_kiwi().tokenize(analysed)
    index = len(tokens) - 1
    while index >= 0 and tokens[index].tag in _PUNCTUATION_TAGS:
        index -= 1
    if index < 0:
        return None
    token = tokens[index]
    if token.tag == "EF":
        level = speech_level(token.form)
    elif token.tag == "JX" and token.form == "요" and index > 0:
        level = SpeechLevel.POLITE  # 정말요, 그런데요
    else:
        level = None
    if level is None or (level is SpeechLevel.CASUAL and not text.rstrip().endswith(_TERMINAL)):
        return None  # 해체 with no full stop is headline style: "대학생 25% 이상 성경험 있어"
    end = min(token.start + token.len, len(text))
    start = min(token.start, end)
    while start > 0 and not analysed[start - 1].isspace():
        start -= 1
    if start >= end:
        return None
    return SentenceEnding(level, start, end)


def _target_placements(alignments: list[Alignment], context: CheckContext) -> dict[int, tuple[int, int]]:
    """Target segment id -> (position of its alignment, its offset in the alignment's target text)."""
    placed: dict[int, tuple[int, int]] = {}
    for position, alignment in enumerate(alignments):
        for segment, offset in context.segments(alignment, "target"):
            placed[segment.id] = (position, offset)
    return placed


@document_check(
    "register-mix",
    severity="warning",
    description="a sentence in another speech level than the document's (quotes and headlines exempt)",
    thresholds={"min_sentences": 3, "min_share": 0.6},
)
def register_mix(alignments: list[Alignment], context: CheckContext) -> list[tuple[int, Flag]]:
    """A sentence whose speech level differs from the one the document keeps to.

    MT picks a register per sentence, so a 한다체 article can get one 합니다체 sentence. The
    level is read from the final predicate's ending after quoted speech is masked out: a
    quotation in 해요체 inside a 한다체 article is normal, and ``"…했어요"라고 말했다`` is a
    한다체 sentence. Not flagged: headlines, sentences that end in a quotation, endings with no
    clear level (nouns, ``-ㄹ까``), documents with fewer than ``min_sentences`` sentences whose
    level is known, and documents where no level reaches ``min_share`` (no norm to deviate from).
    """
    placements = _target_placements(alignments, context)
    masks = quotation_masks(context.target.segments)
    endings: list[tuple[Segment, SentenceEnding]] = []
    for segment in context.target.segments:
        if segment.kind is not SegmentKind.SENTENCE or segment.id not in placements:
            continue
        ending = sentence_ending(segment.text, masks[segment.id])
        if ending is not None:
            endings.append((segment, ending))
    min_sentences = context.config.threshold("register-mix", "min_sentences")
    if len(endings) < max(min_sentences, 2):
        return []
    counts = Counter(ending.level for _, ending in endings)
    prevailing, count = counts.most_common(1)[0]
    if count / len(endings) < context.config.threshold("register-mix", "min_share"):
        return []
    flags: list[tuple[int, Flag]] = []
    for segment, ending in endings:
        if ending.level is prevailing:
            continue
        position, offset = placements[segment.id]
        word = segment.text[ending.start : ending.end]
        message = (
            f'"{word}": this sentence is in {ending.level.value} while the rest of the document '
            f"uses {prevailing.value} ({prevailing.gloss})"
        )
        flags.append(
            (
                position,
                context.flag("register-mix", message, "target", offset + ending.start, offset + ending.end),
            )
        )
    return flags


# --- term consistency -----------------------------------------------------------------------
# A name is matched to its Hangul transliteration by a coarse consonant skeleton: vowels are
# dropped (English spelling and Korean epenthetic 으 disagree on them), consonants fold into
# the classes Korean loanword spelling collapses (b/p/f/v -> p, d/t -> t, g/k/c/q -> k,
# s/z/j/ch/sh -> s, l/r -> l), and a leading "V" records a vowel-initial word. So
# Microsoft -> mklspt = 마이크로소프트, Netflix -> ntplks = 넷플릭스, OpenAI -> Vpn = 오픈AI.

_INITIALS = ("k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "s", "s", "s", "k", "t", "p", "h")
# Final ㅅ/ㅈ/ㅊ/ㅌ sound as t (넷 = net), final ㅇ as ng (folded to n, like English "ng").
_FINALS = (
    *("", "k", "k", "ks", "n", "ns", "n", "t", "l", "lk", "lm", "lp", "ls", "lt", "lp", "l", "m", "p"),
    *("ps", "t", "t", "n", "t", "t", "k", "t", "p", ""),
)
_LETTER_NAMES = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            "에이 비 씨 디 이 에프 지 에이치 아이 제이 케이 엘 엠 "
            "엔 오 피 큐 알 에스 티 유 브이 더블유 엑스 와이 지"
        ).split(),
        strict=True,
    )
)
_VOWELS = frozenset("aeiouyw")
_DIGRAPHS = {"ph": "p", "th": "t", "sh": "s", "ch": "s", "ck": "k", "gh": "", "ng": "n", "qu": "k", "wh": ""}
_LETTER_CLASSES = {
    **dict.fromkeys("bpfv", "p"),
    **dict.fromkeys("dt", "t"),
    **dict.fromkeys("gkq", "k"),
    **dict.fromkeys("sjz", "s"),
    "x": "ks",
    "m": "m",
    "n": "n",
    "l": "l",
}


def _append(out: list[str], sound: str) -> None:
    """Add consonant classes (or "." for a vowel); a class right after itself is one sound
    (``pp`` in Apple, final ㄹ + initial ㄹ in 테슬라), but not across a vowel (Twitter = 트위터)."""
    for ch in sound:
        if not out or out[-1] != ch:
            out.append(ch)


def _finish(raw: str) -> str:
    return raw.replace(".", "")


# Spellings English pronounces more than one way, each a reading tried: Smith = 스미스 but
# Thomas = 토마스, Chrysler = 크라이슬러 but Chicago = 시카고, George = 조지 but Gibson = 깁슨,
# Graham = 그레이엄 but Shanghai = 상하이 (th, ch, soft g, h after a consonant).
_VARIANTS = (
    ("t", "s", "k", ""),
    ("s", "s", "k", ""),
    ("t", "k", "k", ""),
    ("t", "s", "s", ""),
    ("t", "s", "k", "h"),
)


def _english_raw(word: str, initial: bool, th: str, ch_sound: str, soft_g: str, inner_h: str) -> str:
    w = word.lower()
    out: list[str] = ["V"] if initial and w and w[0] in _VOWELS else []
    digraphs = {**_DIGRAPHS, "th": th, "ch": ch_sound}
    i = 0
    while i < len(w):
        two = w[i : i + 2]
        if two in digraphs:
            _append(out, digraphs[two])
            i += 2
            continue
        ch = w[i]
        after = w[i + 1] if i + 1 < len(w) else ""
        before = w[i - 1] if i > 0 else ""
        if ch in _VOWELS:
            _append(out, ".")
        elif ch == "c":
            _append(out, "s" if after and after in "eiy" else "k")
        elif ch == "g":
            _append(out, soft_g if after and after in "eiy" else "k")
        elif ch == "r":
            # r is only heard before a vowel: Peter = 피터, Livermore = 리버모어
            heard = after in _VOWELS and after and not (after == "e" and i + 2 == len(w))
            _append(out, "l" if heard else "")
        elif ch == "h":
            heard = "h" if not before or before in _VOWELS else inner_h
            _append(out, heard if after and after in _VOWELS else "")
        elif ch.isdigit():
            _append(out, ch)
        else:
            _append(out, _LETTER_CLASSES.get(ch, ""))
        i += 1
    return "".join(out)


def _hangul_raw(text: str, initial: bool) -> str:
    out: list[str] = []
    for k, ch in enumerate(text):
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            continue
        lead = _INITIALS[code // 588]
        if k == 0 and initial and not lead:
            out.append("V")
        _append(out, lead)
        _append(out, ".")
        _append(out, _FINALS[code % 28])
    return "".join(out)


_LATIN_PIECE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|[0-9]+")
_SCRIPT_RUN = re.compile(r"[가-힣]+|[A-Za-z0-9]+")


def _latin_raw(word: str, initial: bool) -> set[str]:
    """A Latin word read as a word, and with its capital runs spelled out (AI = 에이아이)."""
    readings = {_english_raw(word, initial, *variant) for variant in _VARIANTS}
    spelled: list[str] = []
    for k, piece in enumerate(_LATIN_PIECE.findall(word)):
        first = initial and k == 0
        if piece.isupper():
            spelled.append(_hangul_raw("".join(_LETTER_NAMES[letter] for letter in piece), first))
        else:
            spelled.append(_english_raw(piece, first, *_VARIANTS[0]))
    joined: list[str] = []
    for part in spelled:
        _append(joined, part)
    readings.add("".join(joined))
    return readings


def _latin_skeletons(word: str) -> set[str]:
    return {skeleton for skeleton in map(_finish, _latin_raw(word, True)) if skeleton}


def _mixed_skeletons(text: str) -> set[str]:
    """Skeletons of a target rendering that may mix Hangul and Latin (``오픈AI``)."""
    results = {""}
    for k, run in enumerate(_SCRIPT_RUN.findall(text)):
        options = {_hangul_raw(run, k == 0)} if HANGUL_SYLLABLE.match(run) else _latin_raw(run, k == 0)
        combined: set[str] = set()
        for head in results:
            for tail in options:
                merged = list(head)
                _append(merged, tail)
                combined.add("".join(merged))
        results = combined
    return {skeleton for skeleton in map(_finish, results) if skeleton}


def _vowel_groups(word: str) -> int:
    """How many vowel sounds an English spelling has at least (silent final e not counted)."""
    w = word.lower()
    if len(w) > 2 and w.endswith("e") and w[-2] not in _VOWELS:
        w = w[:-1]
    return len(re.findall("[aeiouy]+", w))


def _syllables(text: str) -> int:
    """Syllables a rendering has: Hangul syllables, plus vowel sounds (or spelled letters) of Latin."""
    count = 0
    for run in _SCRIPT_RUN.findall(text):
        if HANGUL_SYLLABLE.match(run):
            count += len(run)
        else:
            count += len(run) if run.isupper() else _vowel_groups(run)
    return count


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _sound_distance(term: set[str], rendering: set[str]) -> int | None:
    """Smallest distance between two skeleton sets, if close enough to be the same name: exact
    for short skeletons (up to four sounds collide easily: Israeli/이슬람, CNN/상원), one or
    two edits for longer ones."""
    best: int | None = None
    for a in term:
        for b in rendering:
            if a[0] != b[0]:
                continue
            longest = max(len(a), len(b))
            allowed = 0 if longest <= 4 else 1 if longest <= 7 else 2
            distance = _edit_distance(a, b)
            if distance <= allowed and (best is None or distance < best):
                best = distance
    return best


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[Token, ...]:
    """Kiwi's analysis of one target text; every recurring term of a document asks again."""
    return tuple(get_kiwi().tokenize(text))


_WORD_CHAR = re.compile(r"[가-힣A-Za-z0-9]")
_GLOSS_GAP = 3  # 메타(Meta), Meta (메타): the two forms side by side are one rendering, glossed
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|[\w.-]+\.(?:com|net|org|gov|edu|kr)\b\S*")


_NOUN_TAGS = frozenset({"NNP", "NNG", "SL", "SH", "SN", "XSN"})
_NAME_TAGS = frozenset({"NNP", "SL"})
_MAX_RUN_TOKENS = 4


@dataclass(frozen=True)
class Rendering:
    key: str  # what makes two renderings the same: spaces removed, case folded
    text: str
    latin: bool
    start: int
    end: int


def _transliterations(
    target: str, term: str, term_sounds: set[str], latin: re.Match[str] | None
) -> list[tuple[Rendering, int]]:
    """Every noun (run of noun tokens, possibly ``오픈 AI`` across a space) in ``target`` that
    sounds like the term, with its sound distance.

    Korean transliteration keeps every vowel and adds some (Shanghai = 상하이, never 중), so a
    noun with fewer syllables than the term has vowel sounds is not its transliteration; nor is
    a lone Hangul syllable (북 for Pak), nor a run that contains the Latin form itself
    (``Stephen 워커``)."""
    tokens = [token for token in _tokens(target) if token.tag in _NOUN_TAGS]
    least = 0 if term.isupper() else _vowel_groups(term)
    found: list[tuple[Rendering, int]] = []
    for i, first in enumerate(tokens):
        end = first.start + first.len
        for j in range(i, min(i + _MAX_RUN_TOKENS, len(tokens))):
            token = tokens[j]
            gap = target[end : token.start]
            latin_side = "SL" in (token.tag, tokens[j - 1].tag)
            if j > i and (gap not in ("", " ") or (gap == " " and not latin_side)):
                break  # across a space only 오픈 AI (Hangul and Latin), never 미국 석유
            end = token.start + token.len
            surface = target[first.start : end]
            hangul = len(HANGUL_SYLLABLE.findall(surface))
            if not hangul or _syllables(surface) < least:
                continue
            if hangul < 2 and not _LATIN_OR_DIGIT.search(surface):
                continue  # one syllable (북, 박) is a Korean word or surname far more often
            if latin is not None and first.start < latin.end() and latin.start() < end:
                continue
            sounds = _mixed_skeletons(surface)
            distance = _sound_distance(term_sounds, sounds)
            if distance is None:
                continue
            if max(len(sound) for sound in sounds) <= 3 and not any(
                tokens[k].tag in _NAME_TAGS for k in range(i, j + 1)
            ):
                continue  # a short common noun (모두 for Meta) is too likely a coincidence
            key = "".join(surface.split()).casefold()
            found.append((Rendering(key, surface, False, first.start, end), distance))
    return found


_WORD_START = re.compile(r"(?<![가-힣A-Za-z0-9])[가-힣A-Za-z0-9]+")


def _one_syllable_apart(spelling: str, form: str) -> bool:
    """Two spellings of one name: one syllable differs, and in a two-syllable name only by its
    vowel (메타/매타, but not 조지/조치 or 박/북, which are other words)."""
    if len(spelling) != len(form) or len(form) < 2 or not HANGUL_SYLLABLE.fullmatch(form[0]):
        return False
    differ = [(a, b) for a, b in zip(spelling, form, strict=True) if a != b]
    if len(differ) != 1:
        return False
    if len(form) > 2:
        return True
    a, b = (ord(ch) - 0xAC00 for ch in differ[0])
    return 0 <= a < 11172 and 0 <= b < 11172 and a // 588 == b // 588 and a % 28 == b % 28


def _is_common_word(target: str, start: int, spelling: str) -> bool:
    """Kiwi knows ``spelling`` at ``start`` as one ordinary word (지지 = support, near 조지)."""
    return any(
        token.start == start and token.len == len(spelling) and token.tag not in _NAME_TAGS
        for token in _tokens(target)
    )


def _variant(target: str, known: set[str], term_sounds: set[str]) -> Rendering | None:
    """A spelling one syllable away from a transliteration used elsewhere (매타 for 메타,
    맥케인 for 매케인), at the start of a word; kiwi does not know such misspellings as nouns."""
    for word in _WORD_START.finditer(target):
        for form in known:
            prefix = word.group()[: len(form)]
            if not _one_syllable_apart(prefix, form) or _is_common_word(target, word.start(), prefix):
                continue
            if _sound_distance(term_sounds, _mixed_skeletons(prefix)) is None:
                continue
            key = prefix.casefold()
            return Rendering(key, prefix, False, word.start(), word.start() + len(prefix))
    return None


def _known_form(target: str, forms: list[str]) -> Rendering | None:
    """The first of ``forms`` (transliterations used elsewhere, most used first) that ``target``
    has as a whole kiwi token at a word start: kiwi tags the same name differently in different
    sentences (벨 장군 gives 벨/MM), and the document's own usage settles it."""
    present = [form for form in forms if form in target]
    tokens = _tokens(target) if present else ()
    for form in present:
        for token in tokens:
            start = token.start
            if target[start : start + token.len] == form and (
                start == 0 or not _WORD_CHAR.match(target[start - 1])
            ):
                return Rendering(form.casefold(), form, False, start, start + len(form))
    return None


@lru_cache(maxsize=1024)
def _hidden(target: str) -> tuple[bool, ...]:
    """Characters in brackets or in a URL, where Latin text is no rendering."""
    hidden = _bracket_mask(target)
    for url in _URL.finditer(target):
        hidden[url.start() : url.end()] = [True] * (url.end() - url.start())
    return tuple(hidden)


def _latin_rendering(target: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The term written in Latin letters as the rendering: not in a URL, and not in brackets,
    where Korean style gives the original after its transliteration (코덱스(Codex))."""
    if pattern.search(target) is None:
        return None
    hidden = _hidden(target)
    for match in pattern.finditer(target):
        if match.group() and not any(hidden[match.start() : match.end()]):
            return match
    return None


def renderings(
    term: str, targets: list[tuple[int, str]], others: Sequence[tuple[int, str]] = ()
) -> list[tuple[int, Rendering]]:
    """How each aligned target (position, text) renders the term: the Latin form itself, the
    noun that sounds like it, or both when a sentence mixes them.

    A target with neither (translated, dropped) or with both side by side (a gloss such as
    ``메타(Meta)``) gives nothing. Among several sound-alike nouns (버웰 벨 for Bell) the one
    other targets share wins: which Korean noun recurs where the source has the term.
    ``others`` are targets whose source does not name the term (it says "the company"); the
    MT may name it there anyway, and a form found above (or the Latin one) counts there too.
    """
    term_sounds = _latin_skeletons(term)
    spellings = f"{re.escape(term)}|{re.escape(term.upper())}"
    pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{spellings})(?![A-Za-z0-9])")
    seen: list[tuple[int, str, re.Match[str] | None, list[tuple[Rendering, int]]]] = []
    support: Counter[str] = Counter()
    for position, target in targets:
        latin = _latin_rendering(target, pattern)
        candidates = _transliterations(target, term, term_sounds, latin)
        seen.append((position, target, latin, candidates))
        support.update({rendering.key for rendering, _ in candidates})
        if latin:
            support[term.casefold()] += 1
    chosen: list[tuple[int, str, Rendering]] = []
    unresolved: list[tuple[int, str]] = []
    for position, target, latin, candidates in seen:
        best = min(
            candidates, key=lambda item: (-support[item[0].key], item[1], -len(item[0].text)), default=None
        )
        hangul = best[0] if best else None
        if (
            latin
            and hangul
            and (hangul.start - _GLOSS_GAP <= latin.end() and latin.start() - _GLOSS_GAP <= hangul.end)
        ):
            continue
        if latin:
            rendering = Rendering(term.casefold(), latin.group(), True, latin.start(), latin.end())
            chosen.append((position, target, rendering))
        if hangul:
            chosen.append((position, target, hangul))
        if not latin and not hangul:
            unresolved.append((position, target))
    # The document's own usage settles what kiwi's tagging left open.
    used = Counter(rendering.key for _, _, rendering in chosen if not rendering.latin)
    forms = {rendering.key: rendering.text for _, _, rendering in chosen if not rendering.latin}
    ranked = [forms[key] for key, _ in used.most_common()]
    recurring = [form for form in ranked if used[form.casefold()] > 1]
    settled: list[tuple[int, Rendering]] = []
    for position, target, rendering in chosen:
        if not rendering.latin and used[rendering.key] == 1 and recurring:
            rendering = _known_form(target, recurring) or rendering
        settled.append((position, rendering))
    for position, target in unresolved:
        found = _known_form(target, ranked)
        if found is None and ranked:
            found = _variant(target, set(ranked), term_sounds)
        if found is not None:
            settled.append((position, found))
    if settled:
        for position, target in others:
            latin = _latin_rendering(target, pattern)
            if latin is not None:
                rendering = Rendering(term.casefold(), latin.group(), True, latin.start(), latin.end())
                settled.append((position, rendering))
            elif ranked and (known := _known_form(target, ranked)) is not None:
                settled.append((position, known))
    return sorted(settled, key=lambda item: (item[0], item[1].start))


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-&'’.][A-Za-z0-9]+)*")
_NOT_TERMS = frozenset(
    "i i'm mr mrs ms dr jr sr st inc co corp ltd llc am pm the a an it he she we they you this that "
    "these those in on at for and but or of to as by if so no yes oh "
    # titles written before names (Sen. McCain is 매케인 상원의원, not a transliteration of Sen)
    "sen rep gov gen col lt sgt capt cmdr adm maj prof rev hon pres".split()
)


def _clean_word(word: str) -> str:
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _is_initial(text: str, start: int) -> bool:
    """First word of a sentence, of a quotation or after a colon: capitalised by position only."""
    before = text[:start].rstrip()
    return not before or before[-1] in "\"'“‘:.?!([—–-"


def source_terms(alignments: list[Alignment], context: CheckContext) -> list[str]:
    """Names and acronyms of the source that recur in at least two alignments.

    A word counts when it is capitalised where position does not explain it (mid-sentence,
    or ``OpenAI``/``NASA`` style inner capitals) and never appears lowercased.
    """
    names: set[str] = set()
    lowercase: set[str] = set()
    for alignment in alignments:
        for segment, _ in context.segments(alignment, "source"):
            for match in _WORD.finditer(segment.text):
                word = _clean_word(match.group())
                if word.islower():
                    lowercase.add(word)
                    continue
                if segment.kind is SegmentKind.HEADLINE and not any(c.isupper() for c in word[1:]):
                    continue  # Title Case Headlines capitalise every word
                if any(c.isupper() for c in word[1:]) or not _is_initial(segment.text, match.start()):
                    names.add(word)
    occurrences: Counter[str] = Counter()
    for alignment in alignments:
        found = {_clean_word(match.group()) for match in _WORD.finditer(alignment.source_text)}
        occurrences.update(found & names)
    return sorted(
        name
        for name, count in occurrences.items()
        if count >= 2
        and len(name) >= 2
        and "." not in name  # U.S. is 미국, not a transliteration
        and name.lower() not in lowercase
        and name.lower() not in _NOT_TERMS
    )


@document_check(
    "term-inconsistency",
    severity="warning",
    description="one name rendered two ways (`OpenAI` and `오픈AI`)",
)
def term_inconsistency(alignments: list[Alignment], context: CheckContext) -> list[tuple[int, Flag]]:
    """One source name rendered two ways in the Korean (``OpenAI`` and ``오픈AI``, ``Meta`` and
    ``메타``, ``메타`` and ``매타``).

    For each recurring source name, each aligned target's rendering is the Latin form or the
    Hangul noun that sounds like it (see ``renderings``). Flagged: the minority rendering, or
    on a tie between a Latin form and a transliteration the one Korean convention does not
    prefer (Latin for all-capital acronyms, Hangul for other names). Deliberately not
    flagged: names translated rather than transliterated (``US`` = 미국: nothing sounds
    alike), glosses like ``메타(Meta)``, spacing variants (``오픈 AI``), ties between two
    transliterations (no majority to point to), and names no target renders twice.
    """
    flags: list[tuple[int, Flag]] = []
    for term in source_terms(alignments, context):
        sounds = _latin_skeletons(term)
        if not sounds or max(len(sound) for sound in sounds) < 2:
            continue  # one consonant (Kia, AI) matches too much
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])")
        targets: list[tuple[int, str]] = []
        others: list[tuple[int, str]] = []
        for position, alignment in enumerate(alignments):
            if alignment.target_text:
                named = pattern.search(alignment.source_text)
                (targets if named else others).append((position, alignment.target_text))
        found = renderings(term, targets, others)
        counts = Counter(rendering.key for _, rendering in found)
        if len(counts) < 2:
            continue
        ranked = counts.most_common()
        top = ranked[0][1]
        leaders = [key for key, count in ranked if count == top]
        if len(leaders) > 1:
            latin = {rendering.key for _, rendering in found if rendering.latin}
            if len(counts) != 2 or len(latin) != 1:
                continue
            # A Latin/Hangul tie: Korean writes acronyms in Latin (CNN) and names in Hangul (메타).
            hangul = next(key for key in counts if key not in latin)
            majority = latin.pop() if term.isupper() else hangul
        else:
            majority = leaders[0]
        shown = next(rendering.text for _, rendering in found if rendering.key == majority)
        for position, rendering in found:
            if rendering.key == majority:
                continue
            message = f'"{rendering.text}" — elsewhere this document writes "{shown}" for {term}'
            flags.append(
                (
                    position,
                    context.flag("term-inconsistency", message, "target", rendering.start, rendering.end),
                )
            )
    return flags


# --- glossary -------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


@document_check(
    "glossary",
    severity="error",
    description="a glossary term not rendered as required",
)
def glossary(alignments: list[Alignment], context: CheckContext) -> list[tuple[int, Flag]]:
    """A source term from the user's glossary whose required Korean is missing from the target.

    The source term is matched case-insensitively as a whole word; the target passes when it
    contains the required form anywhere (particles may follow: 메타는, 메타의), ignoring spaces
    and case. Omitted sentences are left to the omission check.
    """
    flags: list[tuple[int, Flag]] = []
    entries = [
        (re.compile(rf"(?<![A-Za-z0-9]){re.escape(source)}(?![A-Za-z0-9])", re.IGNORECASE), target)
        for source, target in context.glossary
    ]
    for position, alignment in enumerate(alignments):
        if not alignment.target_ids or not alignment.target_text.strip():
            continue
        target = _squash(alignment.target_text)
        for pattern, required in entries:
            match = pattern.search(alignment.source_text)
            if match is None or _squash(required) in target:
                continue
            message = f'glossary: "{match.group()}" must be translated as "{required}"'
            flags.append((position, context.flag("glossary", message, "source", match.start(), match.end())))
    return flags


def load_glossary(path: Path) -> tuple[tuple[str, str], ...]:
    """Read a ``source,target`` CSV (UTF-8 with or without BOM, or CP949).

    Blank lines and lines starting with ``#`` are skipped; extra columns are ignored. Every
    problem is an :class:`InputError` naming the file and line.
    """
    shown = str(path)
    try:
        text = read_text(path).text
    except InputError as error:
        raise InputError(f"glossary: {error}") from None
    rows = [
        (number, [cell.strip() for cell in next(csv.reader([line]))])
        for number, line in enumerate(text.split("\n"), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not rows:
        raise InputError(f"glossary {shown} has no entries: it needs a 'source,target' header and term lines")
    header_line, header = rows[0]
    columns = [name.lower() for name in header]
    if "source" not in columns or "target" not in columns:
        raise InputError(
            f"glossary {shown} line {header_line}: the first line must be the header 'source,target', "
            f"found {','.join(header)!r}"
        )
    source_column, target_column = columns.index("source"), columns.index("target")
    entries: dict[str, tuple[str, str]] = {}
    for number, row in rows[1:]:
        if len(row) <= max(source_column, target_column):
            raise InputError(
                f"glossary {shown} line {number}: expected two columns 'source,target', found {len(row)}"
            )
        source, target = row[source_column], row[target_column]
        if not source or not target:
            missing = "source" if not source else "target"
            raise InputError(f"glossary {shown} line {number}: the {missing} term is empty")
        known = entries.get(source.casefold())
        if known is not None and known[1] != target:
            raise InputError(
                f"glossary {shown} line {number}: {source!r} is already translated as {known[1]!r} "
                f"on an earlier line; keep one"
            )
        entries[source.casefold()] = (source, target)
    if not entries:
        raise InputError(f"glossary {shown} has a header but no terms")
    return tuple(entries.values())
