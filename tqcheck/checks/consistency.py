"""Document-level consistency: one rendering per name, and the user's glossary.

These are problems no single sentence pair shows: an MT system translates sentence by sentence,
so it happily renders ``OpenAI`` as ``OpenAI`` in one sentence and ``오픈AI`` in the next, or a
glossary term with a synonym. Whether a Hangul word sounds like an English name is language
knowledge (:mod:`tqcheck.text.transliteration`); which rendering a document keeps to is decided
here. Reading the glossary file is :mod:`tqcheck.io.glossary`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, replace
from functools import lru_cache

from tqcheck.checks.registry import CheckContext, document_check
from tqcheck.checks.term_index import TermIndex
from tqcheck.model import Alignment, Flag, SegmentKind
from tqcheck.text.marks import bracket_mask
from tqcheck.text.morphemes import morphemes
from tqcheck.text.scripts import HANGUL_LATIN_RUN, whole_latin_word
from tqcheck.text.transliteration import (
    Transliteration,
    latin_skeletons,
    misspelled_transliteration,
    mixed_skeletons,
    sound_distance,
    transliterations,
)

# --- term consistency -----------------------------------------------------------------------

#: A weak rendering (a common noun that sounds like the name) needs this many sentences at least.
_WEAK_MIN_SENTENCES = 2
_GLOSS_GAP = 3  # 메타(Meta), Meta (메타): the two forms side by side are one rendering, glossed
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|[\w.-]+\.(?:com|net|org|gov|edu|kr)\b\S*")


def _squash(text: str) -> str:
    """What makes two spellings the same: spaces removed, case folded (오픈 AI = 오픈ai)."""
    return "".join(text.split()).casefold()


@dataclass(frozen=True)
class Rendering:
    key: str  # what makes two renderings the same, usually _squash(text)
    text: str
    latin: bool
    start: int
    end: int


def _rendering(found: Transliteration) -> Rendering:
    return Rendering(_squash(found.text), found.text, False, found.start, found.end)


def _hangul_renderings(
    target: str, term: str, term_sounds: Set[str], latin: re.Match[str] | None
) -> list[tuple[Rendering, int, bool]]:
    """Every transliteration of the term in ``target`` with its sound distance and whether it is a
    weak one (a short common noun), except one overlapping the Latin form itself (``Stephen 워커``)."""
    skip = latin.span() if latin is not None else None
    found = transliterations(target, term, term_sounds, skip, weak=True)
    return [(_rendering(each), each.distance, each.weak) for each in found]


def _supported(
    candidates: list[tuple[Rendering, int, bool]], weak_support: Counter[str], named: int
) -> list[tuple[Rendering, int]]:
    """The candidates to believe: every strong one, and a weak one (마크, a mark, for Mark) only where
    the document writes it for the name in at least two sentences and half of those naming it."""
    needed = max(_WEAK_MIN_SENTENCES, named / 2)
    return [
        (rendering, distance)
        for rendering, distance, weak in candidates
        if not weak or weak_support[rendering.key] >= needed
    ]


def _known_form(target: str, forms: list[str]) -> Rendering | None:
    """The first of ``forms`` (transliterations used elsewhere, most used first) that ``target``
    has as a whole kiwi token at a word start: kiwi tags the same name differently in different
    sentences (벨 장군 gives 벨/MM), and the document's own usage settles it."""
    present = [form for form in forms if form in target]
    tokens = morphemes(target) if present else ()
    for form in present:
        for token in tokens:
            start = token.start
            if target[start : token.end] == form and (
                start == 0 or not HANGUL_LATIN_RUN.match(target[start - 1])
            ):
                return Rendering(form.casefold(), form, False, start, start + len(form))
    return None


@lru_cache(maxsize=1024)
def _hidden(target: str) -> tuple[bool, ...]:
    """Characters in brackets or in a URL, where Latin text is no rendering."""
    hidden = bracket_mask(target)
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
    term: str,
    targets: list[tuple[int, str]],
    others: Sequence[tuple[int, str]] | Callable[[list[str]], Sequence[tuple[int, str]]] = (),
) -> list[tuple[int, Rendering]]:
    """How each aligned target (position, text) renders the term: the Latin form itself, the
    noun that sounds like it, or both when a sentence mixes them.

    A target with neither (translated, dropped) or with both side by side (a gloss such as
    ``메타(Meta)``) gives nothing. Among several sound-alike nouns (버웰 벨 for Bell) the one
    other targets share wins: which Korean noun recurs where the source has the term.
    ``others`` are targets whose source does not name the term (it says "the company"); the
    MT may name it there anyway, and a form found above (or the Latin one) counts there too.
    ``others`` may also be a function of the document's Hangul forms of the term (most used first),
    asked only when a target renders it, so a caller can narrow the others to those forms' holders.
    """
    settled, ranked = _named_renderings(term, targets)
    if settled:
        settled += _other_renderings(term, ranked, others(ranked) if callable(others) else others)
    return sorted(settled, key=lambda item: (item[0], item[1].start))


def _latin_pattern(term: str) -> re.Pattern[str]:
    return whole_latin_word(f"{re.escape(term)}|{re.escape(term.upper())}")


def _named_renderings(
    term: str, targets: list[tuple[int, str]]
) -> tuple[list[tuple[int, Rendering]], list[str]]:
    """The renderings in the targets whose source names the term (unsorted), and the document's
    Hangul forms of it, most used first (what ``_other_renderings`` looks for)."""
    term_sounds = latin_skeletons(term)
    pattern = _latin_pattern(term)
    found: list[tuple[int, str, re.Match[str] | None, list[tuple[Rendering, int, bool]]]] = []
    support: Counter[str] = Counter()
    weak_support: Counter[str] = Counter()
    for position, target in targets:
        latin = _latin_rendering(target, pattern)
        candidates = _hangul_renderings(target, term, term_sounds, latin)
        found.append((position, target, latin, candidates))
        weak_support.update({rendering.key for rendering, _, weak in candidates if weak})
    seen = [
        (position, target, latin, _supported(candidates, weak_support, len(targets)))
        for position, target, latin, candidates in found
    ]
    for _, _, latin, candidates in seen:
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
            misspelled = misspelled_transliteration(target, set(ranked), term_sounds)
            found = _rendering(misspelled) if misspelled else None
        if found is not None:
            settled.append((position, found))
    return settled, ranked


def _other_renderings(
    term: str, ranked: list[str], others: Sequence[tuple[int, str]]
) -> list[tuple[int, Rendering]]:
    """The term's Latin form, or one of the document's Hangul forms of it, in targets whose source
    does not name it. A target with neither gives nothing, so passing only the targets that contain
    one of them (``TermIndex.others``) gives the same list."""
    pattern = _latin_pattern(term)
    found: list[tuple[int, Rendering]] = []
    for position, target in others:
        latin = _latin_rendering(target, pattern)
        if latin is not None:
            rendering = Rendering(term.casefold(), latin.group(), True, latin.start(), latin.end())
            found.append((position, rendering))
        elif ranked and (known := _known_form(target, ranked)) is not None:
            found.append((position, known))
    return found


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
    words: list[tuple[str, str]] = []  # each flag's source word and the document's rendering of it
    terms = source_terms(alignments, context)
    index = TermIndex(alignments, terms)
    for term in terms:
        sounds = latin_skeletons(term)
        if not sounds or max(len(sound) for sound in sounds) < 2:
            continue  # one consonant (Kia, AI) matches too much
        named = index.naming(term)
        found = renderings(
            term,
            [(position, alignments[position].target_text) for position in named],
            lambda forms, term=term, named=named: [
                (position, alignments[position].target_text) for position in index.others(term, forms, named)
            ],
        )
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
        required = _required_form(term, context.glossary)
        for position, rendering in found:
            if rendering.key == majority:
                continue
            message = f'"{rendering.text}" — elsewhere this document writes "{shown}" for {term}'
            suggestion = required if required is not None else shown
            flag = context.flag(
                "term-inconsistency",
                message,
                "target",
                rendering.start,
                rendering.end,
                suggestion=None if suggestion == rendering.text else suggestion,
            )
            flags.append((position, flag))
            words.append((term, shown))
    return _whole_names(flags, words, alignments, index)


def _whole_names(
    flags: list[tuple[int, Flag]],
    words: list[tuple[str, str]],
    alignments: list[Alignment],
    index: TermIndex | None = None,
) -> list[tuple[int, Flag]]:
    """One finding per name: a flagged word of a source name (``Mark`` of ``Mark Chen``) grows over
    the renderings of the name's other words beside it (``Mark Chen`` in one sentence, ``마크 첸``
    in the others), and flags that end up on one name become one, naming the whole name.

    ``words`` holds each flag's (source word, the document's rendering of it). How the document
    writes a whole name is looked up once per name (and, with ``index``, only in the targets that
    hold its rendering), and nested spans are compared per alignment, so this stays linear."""
    known: dict[tuple[str, str, int], str | None] = {}

    def document_form(name: str, shown: str, at: int) -> str | None:
        if (name, shown, at) not in known:
            known[name, shown, at] = _document_form(name, shown, at, alignments, index)
        return known[name, shown, at]

    spans: dict[tuple[int, int, int], tuple[Flag, list[str], str]] = {}
    for (position, flag), (term, shown) in zip(flags, words, strict=True):
        alignment = alignments[position]
        grown = _grow_over_name(alignment, flag, term, shown, document_form)
        if grown is None:
            spans.setdefault((position, flag.start or 0, flag.end or 0), (flag, [term], shown))
            continue
        start, end, name, shown_name = grown
        text = alignment.target_text
        suggestion = None if flag.suggestion is None else shown_name
        if suggestion == text[start:end]:
            suggestion = None
        whole = replace(
            flag,
            start=start,
            end=end,
            message=f'"{text[start:end]}" — elsewhere this document writes "{shown_name}" for {name}',
            suggestion=suggestion,
        )
        spans.setdefault((position, start, end), (whole, name.split(), shown_name))
    by_position: dict[int, list[tuple[int, int]]] = {}
    for position, start, end in spans:
        by_position.setdefault(position, []).append((start, end))
    result: list[tuple[int, Flag]] = []
    for (position, start, end), (flag, _, _) in sorted(spans.items()):
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in by_position[position]):
            continue  # a word inside a name flagged whole
        result.append((position, flag))
    return result


_NAME = re.compile(r"[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)+")
_NAME_GAP = "[ ·・]?"


def _grow_over_name(
    alignment: Alignment,
    flag: Flag,
    term: str,
    shown: str,
    document_form: Callable[[str, str, int], str | None],
) -> tuple[int, int, str, str] | None:
    """(start, end, source name, the document's rendering of it) when the flagged rendering of
    ``term`` stands beside the renderings of the other words of a name the source gives in full."""
    text = alignment.target_text
    for match in _NAME.finditer(alignment.source_text):
        names = match.group().split()
        if term not in names or len(names) > 4:
            continue
        at = names.index(term)
        start, end = flag.start or 0, flag.end or 0
        latin = bool(re.fullmatch(r"[A-Za-z'’-]+", text[start:end]))
        for word in names[at + 1 :]:
            found = _next_name_word(text, end, word, latin)
            if found is None:
                break
            end = found
        for word in reversed(names[:at]):
            found = _previous_name_word(text, start, word, latin)
            if found is None:
                break
            start = found
        if (start, end) == (flag.start, flag.end):
            continue
        name = " ".join(names)
        return start, end, name, document_form(name, shown, at) or text[start:end]
    return None


def _sounds_like(word: str, hangul: str) -> bool:
    return sound_distance(latin_skeletons(word), mixed_skeletons(hangul)) is not None


def _next_name_word(text: str, position: int, word: str, latin: bool) -> int | None:
    gap = re.match(_NAME_GAP, text[position:])
    at = position + (gap.end() if gap else 0)
    if latin:
        return at + len(word) if re.match(re.escape(word) + r"(?![A-Za-z])", text[at:]) else None
    run = re.match(r"[가-힣]+", text[at:])
    if run is None:
        return None
    for length in range(_without_particles(run.group()), 0, -1):  # 첸은: the name without its particle
        if _sounds_like(word, run.group()[:length]):
            return at + length
    return None


def _without_particles(eojeol: str) -> int:
    """How much of ``eojeol`` is left once kiwi's particles at its end are cut off (첸에 → 첸): a
    vowel-only particle adds no consonant, so the sound test alone would keep it in the name."""
    end = len(eojeol)
    for morph in reversed(morphemes(eojeol)):
        if not morph.tag.startswith("J") or morph.start == 0:
            break
        end = morph.start
    return end


def _previous_name_word(text: str, position: int, word: str, latin: bool) -> int | None:
    before = text[:position]
    pattern = (re.escape(word) if latin else r"[가-힣]+") + _NAME_GAP + "$"
    found = re.search(r"(?<![A-Za-z가-힣])" + pattern, before)
    if found is None:
        return None
    if not latin and not _sounds_like(word, found.group().rstrip(" ·・")):
        return None
    return found.start()


def _document_form(
    name: str, shown: str, at: int, alignments: list[Alignment], index: TermIndex | None = None
) -> str | None:
    """How the rest of the document writes the whole name: the rendering of its flagged word with
    the renderings of the other words beside it (마크 첸)."""
    if re.fullmatch(r"[A-Za-z'’-]+", shown):
        return name
    names = name.split()
    holders = alignments if index is None else [alignments[p] for p in index.containing(shown)]
    for alignment in holders:
        text = alignment.target_text
        for match in re.finditer(re.escape(shown), text):
            start, end = match.start(), match.end()
            for word in names[at + 1 :]:
                found = _next_name_word(text, end, word, latin=False)
                if found is None:
                    break
                end = found
            for word in reversed(names[:at]):
                found = _previous_name_word(text, start, word, latin=False)
                if found is None:
                    break
                start = found
            if len(text[start:end].split()) == len(names) or (start, end) != match.span():
                return text[start:end]
    return None


def _required_form(term: str, entries: Sequence[tuple[str, str]]) -> str | None:
    """The glossary's form for ``term`` (matched as the glossary check matches it, ignoring case):
    when the user has said how a name is written, that beats the document's majority."""
    folded = term.casefold()
    return next((target for source, target in entries if source.strip().casefold() == folded), None)


# --- glossary -------------------------------------------------------------------------------


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
        (whole_latin_word(re.escape(source), re.IGNORECASE), target) for source, target in context.glossary
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
            wrong = _wrong_rendering(match.group(), alignment.target_text)
            if wrong is None:
                flag = context.flag("glossary", message, "source", match.start(), match.end())
            else:
                flag = context.flag(
                    "glossary", message, "target", wrong.start, wrong.end, suggestion=required
                )
            flags.append((position, flag))
    return flags


def _wrong_rendering(term: str, target: str) -> Rendering | None:
    """Where ``target`` renders the glossary term some other way: the Latin form itself or a noun
    that sounds like it (``Meta`` or ``매타`` where the glossary wants ``메타``). Then the flag
    marks that word and suggests the required form; a synonym or a dropped term leaves nothing to
    mark, and the flag stays on the source term."""
    found = renderings(term, [(0, target)])
    return found[0][1] if len(found) == 1 else None
