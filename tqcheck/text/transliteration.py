"""Transliteration: whether a Hangul (or mixed) word is how Korean writes an English name.

Korean renders foreign names by sound (Microsoft = 마이크로소프트, Netflix = 넷플릭스), so a name and
its transliteration share a coarse consonant skeleton. Vowels are dropped (English spelling and
Korean epenthetic 으 disagree on them), consonants fold into the classes Korean loanword spelling
collapses (b/p/f/v -> p, d/t -> t, g/k/c/q -> k, s/z/j/ch/sh -> s, l/r -> l), and a leading "V"
records a vowel-initial word. So Microsoft -> mklspt = 마이크로소프트, Netflix -> ntplks = 넷플릭스,
OpenAI -> Vpn = 오픈AI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass
from functools import lru_cache

from tqcheck.text.morphemes import morphemes
from tqcheck.text.scripts import HANGUL_LATIN_RUN, HANGUL_SYLLABLE, LATIN_ALNUM, SCRIPT_RUN, syllable_parts

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


def _english_raw(
    word: str, initial: bool, th: str, ch_sound: str, soft_g: str, inner_h: str, gh: str = ""
) -> str:
    w = word.lower()
    out: list[str] = ["V"] if initial and w and w[0] in _VOWELS else []
    if w.startswith("gh"):
        out.append("k")  # Ghana = 가나
        w = w[2:]
    digraphs = {**_DIGRAPHS, "th": th, "ch": ch_sound, "gh": gh}
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
        parts = syllable_parts(ch)
        if parts is None:
            continue
        lead = _INITIALS[parts[0]]
        if k == 0 and initial and not lead:
            out.append("V")
        _append(out, lead)
        _append(out, ".")
        _append(out, _FINALS[parts[2]])
    return "".join(out)


_LATIN_PIECE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|[0-9]+")


# gh is silent (Hugh = 휴, Vaughan = 본, Leigh = 리) or a g (Baghdad = 바그다드, Pittsburgh = 피츠버그,
# Afghan = 아프간, Meghan = 메건): inside a word both readings are tried.
_GH_READINGS = ("", "k")


# t or d before s, z or j is one affricate in Korean spelling (Roberts = 로버츠, Djokovic = 조코비치), but
# two sounds across a syllable break (Hotspur = 핫스퍼): both readings are tried. A final -vic, -dic or
# -zic is the Slavic -ić (Milosevic = 밀로셰비치, Mladic = 믈라디치); other -ic stays k (Atlantic = 애틀랜틱).
_AFFRICATE = re.compile(r"[td]+(?=[szj])", re.IGNORECASE)
_SLAVIC_IC = re.compile(r"(?<=[vdz]i)c$")


def _spellings(word: str) -> set[str]:
    """The word as written, plus the respellings Korean loanword spelling may hear in it."""
    spellings = {word}
    for pattern, sound in ((_AFFRICATE, ""), (_SLAVIC_IC, "s")):
        spellings |= {pattern.sub(sound, spelling) for spelling in spellings}
    return spellings


# A name that opens with two consonants no English word starts with says its first letter's name
# (Nvidia = 엔비디아).
_UNSAYABLE_START = re.compile(
    r"(?!(?:[bcfgkps][lr]|[dt]r|s[cklmnpqtw]|[cgkpstw]h|tw|dw|kn|gn|ps|wr|qu|sch|str|spr|scr|spl|squ))"
    r"[b-df-hj-np-tv-z][b-df-hj-np-tv-xz][a-z]",
    re.IGNORECASE,
)


def _latin_raw(word: str, initial: bool) -> set[str]:
    """A Latin word read as a word, and with its capital runs spelled out (AI = 에이아이)."""
    gh_readings = _GH_READINGS if "gh" in word.lower()[1:] else ("",)
    readings = {
        _english_raw(spelling, initial, *variant, gh)
        for spelling in _spellings(word)
        for variant in _VARIANTS
        for gh in gh_readings
    }
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
    if _UNSAYABLE_START.match(word):
        letter = _hangul_raw(_LETTER_NAMES[word[0].upper()], initial)
        readings |= {letter + _english_raw(word[1:], False, *variant) for variant in _VARIANTS}
    return readings


# The skeletons and distances below are pure functions of short strings that a document asks about
# again and again (every name against every noun run of every sentence): kept per process, they took
# a batch's term-inconsistency and fused-token checks from recomputing the same words.
@lru_cache(maxsize=16384)
def latin_skeletons(word: str) -> frozenset[str]:
    """The sound skeletons of an English word or acronym, one per way English may read it."""
    return frozenset(skeleton for skeleton in map(_finish, _latin_raw(word, True)) if skeleton)


@lru_cache(maxsize=16384)
def mixed_skeletons(text: str) -> frozenset[str]:
    """Skeletons of a target rendering that may mix Hangul and Latin (``오픈AI``)."""
    results = {""}
    for k, run in enumerate(SCRIPT_RUN.findall(text)):
        options = {_hangul_raw(run, k == 0)} if HANGUL_SYLLABLE.match(run) else _latin_raw(run, k == 0)
        combined: set[str] = set()
        for head in results:
            for tail in options:
                merged = list(head)
                _append(merged, tail)
                combined.add("".join(merged))
        results = combined
    return frozenset(skeleton for skeleton in map(_finish, results) if skeleton)


def vowel_groups(word: str) -> int:
    """How many vowel sounds an English spelling has at least (silent final e not counted)."""
    w = re.sub(r"(?<=[aeiouy])gh", "", word.lower())  # Vaughan, Hughes: one vowel sound each
    if len(w) > 2 and w.endswith("e") and w[-2] not in _VOWELS:
        w = w[:-1]
    return len(re.findall("[aeiouy]+", w))


def _syllables(text: str) -> int:
    """Syllables a rendering has: Hangul syllables, plus vowel sounds (or spelled letters) of Latin."""
    count = 0
    for run in SCRIPT_RUN.findall(text):
        if HANGUL_SYLLABLE.match(run):
            count += len(run)
        else:
            count += len(run) if run.isupper() else vowel_groups(run)
    return count


@lru_cache(maxsize=65536)
def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def sound_distance(term: Set[str], rendering: Set[str]) -> int | None:
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


# --- transliterations in a Korean text ------------------------------------------------------

_NOUN_TAGS = frozenset({"NNP", "NNG", "SL", "SH", "SN", "XSN"})
NAME_TAGS = frozenset({"NNP", "SL"})
_MAX_RUN_TOKENS = 4


@dataclass(frozen=True)
class Transliteration:
    """A stretch of a Korean text that sounds like an English name, and how far its sound is."""

    text: str
    start: int
    end: int
    distance: int
    weak: bool = False  # a short common noun that sounds like the name (마크 for Mark, 모두 for Meta)


def transliterations(
    text: str, term: str, term_sounds: Set[str], skip: tuple[int, int] | None = None, weak: bool = False
) -> list[Transliteration]:
    """Every noun (run of noun tokens, possibly ``오픈 AI`` across a space) in ``text`` that
    sounds like ``term`` (whose :func:`latin_skeletons` are ``term_sounds``).

    Korean transliteration keeps every vowel and adds some (Shanghai = 상하이, never 중), so a
    noun with fewer syllables than the term has vowel sounds is not its transliteration; nor is
    a lone Hangul syllable (북 for Pak), nor a run overlapping the span ``skip`` (where the text
    writes the term itself: ``Stephen 워커``). A short common noun that sounds like the term (마크 for
    Mark, 모두 for Meta) is a coincidence as often as not: with ``weak`` it is returned marked so,
    for the caller to accept only where the document keeps using it for the name."""
    tokens = [token for token in morphemes(text) if token.tag in _NOUN_TAGS]
    least = 0 if term.isupper() else vowel_groups(term)
    found: list[Transliteration] = []
    for i, first in enumerate(tokens):
        end = first.end
        for j in range(i, min(i + _MAX_RUN_TOKENS, len(tokens))):
            token = tokens[j]
            gap = text[end : token.start]
            latin_side = "SL" in (token.tag, tokens[j - 1].tag)
            if j > i and (gap not in ("", " ") or (gap == " " and not latin_side)):
                break  # across a space only 오픈 AI (Hangul and Latin), never 미국 석유
            end = token.end
            surface = text[first.start : end]
            hangul = len(HANGUL_SYLLABLE.findall(surface))
            if not hangul or _syllables(surface) < least:
                continue
            if hangul < 2 and not LATIN_ALNUM.search(surface):
                continue  # one syllable (북, 박) is a Korean word or surname far more often
            if skip is not None and first.start < skip[1] and skip[0] < end:
                continue
            sounds = mixed_skeletons(surface)
            distance = sound_distance(term_sounds, sounds)
            if distance is None:
                continue
            coincidence = max(len(sound) for sound in sounds) <= 3 and not any(
                tokens[k].tag in NAME_TAGS for k in range(i, j + 1)
            )
            if coincidence and not weak:
                continue  # a short common noun (모두 for Meta) is too likely a coincidence
            found.append(Transliteration(surface, first.start, end, distance, coincidence))
    return found


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
    a, b = (syllable_parts(ch) for ch in differ[0])
    return a is not None and b is not None and a[0] == b[0] and a[2] == b[2]


def _is_common_word(text: str, start: int, spelling: str) -> bool:
    """Kiwi knows ``spelling`` at ``start`` as one ordinary word (지지 = support, near 조지)."""
    return any(
        token.start == start and token.end - token.start == len(spelling) and token.tag not in NAME_TAGS
        for token in morphemes(text)
    )


def misspelled_transliteration(
    text: str, known: Iterable[str], term_sounds: Set[str]
) -> Transliteration | None:
    """A spelling one syllable away from one of the ``known`` transliterations (매타 for 메타,
    맥케인 for 매케인), at the start of a word; kiwi does not know such misspellings as nouns."""
    for word in HANGUL_LATIN_RUN.finditer(text):
        for form in known:
            prefix = word.group()[: len(form)]
            if not _one_syllable_apart(prefix, form) or _is_common_word(text, word.start(), prefix):
                continue
            distance = sound_distance(term_sounds, mixed_skeletons(prefix))
            if distance is None:
                continue
            return Transliteration(prefix, word.start(), word.start() + len(prefix), distance)
    return None
