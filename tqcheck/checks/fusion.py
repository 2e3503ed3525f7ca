"""The analysis behind ``fused-token`` (:mod:`tqcheck.checks.garble`): where a Korean clause starts,
and whether the word there is two words run together, read with kiwi's dictionary and language model
(:mod:`tqcheck.text.morphemes`) and, for a token kiwi can only guess at, the names of the English
(:mod:`tqcheck.text.transliteration`). Pure functions of their text; the check declares the flag.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence

from tqcheck.text.marks import CLOSING_MARKS, OPENING_MARKS, SENTENCE_END_MARKS
from tqcheck.text.morphemes import (
    NOUN_TAGS,
    OBJECT_PARTICLE,
    TOPIC_PARTICLE,
    dictionary_noun,
    log_probability,
    morphemes,
    verbal_noun_score,
)
from tqcheck.text.scripts import HANGUL_SYLLABLES
from tqcheck.text.transliteration import latin_skeletons, mixed_skeletons, sound_distance

_WORD = re.compile(r"\S+")

# Label words an English lead-in leaves behind ("BREAKING:", "In a statement,", "Photo:") that do
# not take 하다; verbal nouns (직면, 발표, 경고, 대응 …) are recognised by kiwi instead.
_LABEL_NOUNS = frozenset(
    "속보 성명 회견 단독 종합 긴급 사진 영상 관련 결론 요약 공지 알림 참고 사설 칼럼 논평 해설 화보 특보 "
    "기고 출처 제공 편집 정정 업데이트 인터뷰 독점 특종 부고 외신".split()
)
VERBAL_MIN = -3.0
# Any other noun (뉴스, 포토, 특집 …) may be the dangling half too, but must be more clearly
# independent of what follows, since nouns compound. Chosen on the tune half (benchmarks.common.corpus)
# with corpus nouns glued on (578 fused lines; the rules for pronouns and guessed names below in
# place): margin 2 caught 88.6%, 1.5 caught 91.3%, 1 caught 92.4%; of 2,169 clean lines (the tune half
# and the mt-errors references) a split of one scored 1.06 (쐐기털을), of none above that.
_OTHER_NOUN_MARGIN = 1.5
# A token kiwi reads as one unknown word (a guessed name: no dictionary word ends where the noun does)
# is split only on more evidence: the English has a name that sounds like the rest of the token and
# none that sounds like the whole (``정원클라이번은`` for "Garden: Clyburn …"), or the rest is a pronoun, by
# this margin (on the tune half no guessed split of a clean line scored above 4.2; glued pronouns 8.6 to 12).
_GUESSED_PRONOUN_MARGIN = 5.0
# A rest that is exactly a name of the English, of at least this many sounds, is split off whatever kiwi's
# odds (it has never seen the name). On the tune half's injections this caught 2 more of 578 (news noun +
# name 28/32 -> 29/32, noun + word +1); with no minimum it also split one clean line of 503 (토드피쉬, whose
# rest 피쉬 has the two sounds of "Bass").
_DISTINCT_NAME_SOUNDS = 4
_ENGLISH_NAME = re.compile(r"\b[A-Z][A-Za-z'-]+")
_MAX_PREFIX = 5
_WINDOW_WORDS = 5
# What the rest of a fused token may start with: a word of its own, or a list number (kiwi's SB, ``5.``
# opening a line: ``분석5. 문장…``). Particles, endings, suffixes and dependent nouns (수, 것, 때, 등 …:
# ``할수``, ``사고때문에``) are spelling habits, not garble.
_REST_TAGS = frozenset(
    {"NNG", "NNP", "NP", "NR", "SN", "SH", "MM", "MAG", "MAJ", "VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R"}
    | {"XPN", "XR", "IC", "SB"}
)
# A pronoun or determiner is always a word of its own: glued to a noun, it is garble.
_NEVER_GLUED_TAGS = frozenset({"NP", "MM"})
# Nor does an adverb form a compound with the noun before it.
_NEVER_COMPOUND_TAGS = frozenset({"NP", "MAG", "MAJ"})
# Conjunctions join words and clauses and are always spaced from them: a noun written solid onto one
# (``구성또는``) is garble however likely kiwi's language model finds the pair (it ignores spaces).
_CONJUNCTIONS = frozenset(
    "또는 및 혹은 그리고 그러나 하지만 또한 그래서 따라서 그런데 그러므로 게다가".split()
)
# A verb or adjective stem (or the root of a 하다 adjective) written solid onto a noun is either a
# pairing kiwi's language model knows well (a noun and its usual predicate, far below zero) or a noun
# left dangling before a clause that opens with a predicate: no extra margin. On the tune half no clean
# split with such a head scored above -4.7, glued ones 0.4 and more; of 137 noun-and-predicate phrases
# people write solid (our own list), two scored above zero, both spaced in standard spelling.
_PREDICATE_TAGS = frozenset({"VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R", "XR"})
# Verbs that attach to a noun as its own predicate (발표했다, 연관되다, 공부시키다): not a second word.
_LIGHT_VERBS = frozenset(
    {"하", "되", "시키", "받", "당하", "드리", "이", "아니", "같", "없", "있", "스럽", "답"}
)
_DEPENDENT_NOUNS = frozenset({"수", "것", "때", "등", "중", "데", "줄", "만큼", "뿐", "적", "바", "지"})


# What may end the text before a clause start: a comma or colon, a closing bracket, or a sentence
# end (a segment may hold two sentences the splitter could not separate).
_CLAUSE_END = re.compile(f"(?:[,;:)\\]]|[{SENTENCE_END_MARKS}][{re.escape(CLOSING_MARKS)}]*)$")


def clause_starts(text: str) -> Iterator[int]:
    """Where a word starts a sentence or clause: a dangling lead-in word sits there."""
    for match in _WORD.finditer(text):
        start = match.start()
        before = text[:start].rstrip()
        if start == 0 or _CLAUSE_END.search(before) or match.group()[0] in OPENING_MARKS:
            position = start
            while position < match.end() and text[position] in OPENING_MARKS:
                position += 1
            if position < match.end():
                yield position


def clause_window(text: str, start: int) -> str:
    """The clause from ``start``, a few words long: enough context for kiwi's language model."""
    words = list(_WORD.finditer(text, start))[:_WINDOW_WORDS]
    return text[start : words[-1].end()] if words else ""


def english_names(text: str) -> tuple[frozenset[str], ...]:
    """The sound skeletons of the capitalised words of the English: names the Korean may transliterate."""
    sounds = (latin_skeletons(word) for word in sorted(set(_ENGLISH_NAME.findall(text))))
    return tuple(sound for sound in sounds if sound)


def _name_distance(sounds: frozenset[str], names: Sequence[frozenset[str]]) -> int | None:
    """How far Korean of these sound skeletons is from the nearest English name, if it sounds like one."""
    distances = [sound_distance(name, sounds) for name in names] if sounds else []
    return min((distance for distance in distances if distance is not None), default=None)


def fused_split(
    window: str, min_independence: float, names: Sequence[frozenset[str]] = ()
) -> tuple[int, float] | None:
    """``(prefix length, independence)`` when the word opening ``window`` is two words run together:
    the most independent of :func:`split_candidates` that clears ``min_independence`` plus its margin."""
    return clearing_split(split_candidates(window, names), min_independence)


def clearing_split(
    candidates: Iterable[tuple[int, float, float]], min_independence: float
) -> tuple[int, float] | None:
    """The most independent of ``candidates`` (from :func:`split_candidates`) whose independence
    clears ``min_independence`` plus its margin, as ``(prefix length, independence)``."""
    return best_split(
        (cut, independence)
        for cut, independence, margin in candidates
        if independence > min_independence + margin
    )


def best_split(splits: Iterable[tuple[int, float]]) -> tuple[int, float] | None:
    """The most independent split (the first of equals), or None."""
    best: tuple[int, float] | None = None
    for split in splits:
        if best is None or split[1] > best[1]:
            best = split
    return best


def split_candidates(window: str, names: Sequence[frozenset[str]] = ()) -> Iterator[tuple[int, float, float]]:
    """``(prefix length, independence, margin)`` for each cut of the word opening ``window`` that may
    split it in two: the split stands when its independence is above the threshold plus ``margin``.

    The test is kiwi's own language model: if the leading noun were part of a compound
    (``발표자료``, ``인공지능``), the whole is far more likely than the two halves said separately;
    a word left dangling (``속보`` + ``정부는``) is no more likely together than apart, so its
    independence (log P(prefix) + log P(rest) − log P(whole)) is above zero. Verbal nouns and a few
    label words count as the dangling half; any other noun needs a wider margin, and kiwi itself must
    see two words: a transliterated name that happens to begin like a noun (``실버레이브``,
    ``추크슈피체``) is not a fused token, unless the English's ``names`` (:func:`english_names`)
    have the rest of the token and not the whole, the rest is a pronoun, or a common noun is glued onto
    a word kiwi's dictionary has. A name (kiwi's NNP) that takes no 하다 is a first half only before a
    word no noun compounds with (a pronoun, adverb, predicate): names compound with the word after them.
    """
    run = HANGUL_SYLLABLES.match(window)
    if run is None:
        return
    word = run.group()
    length = len(word)
    following = window[length : length + 1]
    if length < 2 or (length == 2 and not (following.isascii() and following.isdigit())):
        return
    morphs = morphemes(window)
    if not morphs or morphs[0].start != 0:
        return
    boundaries = {morph.start for morph in morphs}
    first = morphs[0]
    guessed_noun = first.tag in NOUN_TAGS and not first.known
    for cut in range(2, min(length, _MAX_PREFIX) + 1):
        if cut == length and not (following.isascii() and following.isdigit()):
            # Nothing Hangul left: only a number glued on counts. Hangul written solid with Latin
            # letters is how Korean spells names (오픈AI, 카카오T), so Latin never does.
            continue
        if cut == length - 1 and not (following == "" or following.isspace() or following in CLOSING_MARKS):
            continue  # one syllable left: must be a word of its own (그, 이, 한)
        # kiwi may read the whole token another way (정보이들은 as 정 + 보이 + 들): a cut it does not
        # make is tried only when what follows is a pronoun, on the guessed pronoun margin.
        off_boundary = cut not in boundaries and not (guessed_noun and first.end > cut)
        prefix = word[:cut]
        # Before the object particle kiwi reads a few nouns that open with a determiner's syllable as
        # determiner + noun ("this" + "day"), and the noun would never count as a dangling word.
        prefix_noun = dictionary_noun(prefix, (OBJECT_PARTICLE, TOPIC_PARTICLE))
        if prefix_noun is None:
            continue
        prefix_score = prefix_noun.score
        # A lead-in word is a common noun; a name compounds with the word after it (a brand's second word).
        common = prefix_noun.tag == "NNG"
        dangling_kind = prefix in _LABEL_NOUNS or verbal_noun_score(prefix) >= VERBAL_MIN
        guessed = off_boundary or (not dangling_kind and (cut not in boundaries or not first.known))
        rest = window[cut:]
        rest_morphs = morphemes(rest)
        if not rest_morphs or rest_morphs[0].start != 0:
            continue
        head = rest_morphs[0]
        if head.tag not in _REST_TAGS or head.form in _DEPENDENT_NOUNS or (off_boundary and head.tag != "NP"):
            continue
        if head.form in _LIGHT_VERBS and head.tag != "NP":
            continue  # the copula or a light verb; the pronoun of the same form is a word of its own
        guessed_margin = _GUESSED_PRONOUN_MARGIN if head.tag == "NP" else None
        if guessed:
            rest_word = rest[: head.end]
            named = HANGUL_SYLLABLES.fullmatch(rest_word) and head.end >= 2
            rest_sounds = mixed_skeletons(rest_word)
            whole_distance = _name_distance(mixed_skeletons(prefix + rest_word), names)
            rest_distance = _name_distance(rest_sounds, names) if named else None
            # Only a rest of several sounds is split off whatever kiwi's odds: short skeletons collide
            # (피쉬 ~ Bass). A short one nearer a name than the whole is (의미매케인, "McCain": the whole
            # is one sound further) still goes to kiwi's odds below (tune half: one more injection caught,
            # no untouched line split).
            distinctive = min(map(len, rest_sounds), default=0) >= _DISTINCT_NAME_SOUNDS
            if whole_distance is not None and (rest_distance is None or whole_distance <= rest_distance):
                continue  # the whole token is a name of the English (as near as the rest is, or nearer)
            if rest_distance == 0 and distinctive:
                # the rest is exactly a name of the English and the whole is not (대사발로치스탄 for
                # "Balochistan"): kiwi's model has never seen the name, so its odds say nothing
                guessed_margin = -math.inf
            elif rest_distance is not None:
                # the rest sounds like a name of the English, nearer than the whole (의미매케인, "McCain")
                guessed_margin = 0.0
            elif guessed_margin is None and named and common and head.known and head.tag in NOUN_TAGS:
                # A dictionary noun glued onto a dictionary word (a known name, a common noun): a
                # transliterated name that merely begins like a noun goes on with no word kiwi knows
                # (tune half: clean splits of this shape scored -1.7 at most, glued ones 4.9 and more).
                guessed_margin = _OTHER_NOUN_MARGIN
            if guessed_margin is None:
                continue  # any other noun needs kiwi itself to see two words, not one guessed name
        in_context = next((m for m in morphs if m.start == cut), None)
        glued = (
            head.tag in _NEVER_GLUED_TAGS and in_context is not None and in_context.tag in _NEVER_GLUED_TAGS
        )
        # A noun compounds with a noun (여성사형수), never with a pronoun, determiner or adverb that
        # kiwi itself reads as a word of its own there (``이날그들은``, ``상태아직``).
        # Nor with a predicate, nor with a determiner of two syllables or more (one of one syllable may be
        # a verb's ending that kiwi misreads, as the comment below says).
        never_compounds = (
            in_context is not None
            and head.tag == in_context.tag
            and (
                head.tag in _NEVER_COMPOUND_TAGS | _PREDICATE_TAGS
                or (head.tag == "MM" and in_context.end - in_context.start >= 2)
            )
        )
        conjunction = head.form in _CONJUNCTIONS and in_context is not None and in_context.form == head.form
        never_spaced = conjunction or (glued and (dangling_kind or (first.known and head.tag == "NP")))
        if never_spaced:
            # The language model ignores spaces, and "발표 그 결과" is good Korean; but a pronoun or
            # determiner written solid onto a dangling noun (``회견그는``, ``주장그``), or a pronoun onto
            # any noun (``사건그는``), never is. (A determiner after any noun may be a verb form:
            # ``칸막이한 좌석`` is 칸막이 + 하 + ㄴ, which kiwi can read as the determiner 한.)
            independence = float("inf")
        else:
            independence = prefix_score + log_probability(rest) - log_probability(window)
        if guessed:
            margin = guessed_margin
        elif dangling_kind or never_compounds or never_spaced:
            margin = 0.0  # clearly two words
        elif not common:
            continue  # a name compounds with the word after it (a brand's or a place's second word)
        else:
            margin = _OTHER_NOUN_MARGIN
        yield cut, independence, margin
