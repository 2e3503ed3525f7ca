"""Garble: Korean MT whose words or sentences have been run together.

Three shapes of the same failure, each obvious to a reader and invisible to a fluency score:

- ``fused-token``: a word the MT left dangling is glued to the next one (``직면메타의`` for
  "Facing Meta's", ``성명콜로라도주`` for "In a statement, the Colorado …");
- ``run-on-headline``: a heading and a sentence have become one segment (``노조, 파업 경고
  하울와이즈 운전기사 노조는 … 밝혔다.``), or a sentence sits where a heading should be;
- ``unterminated``: a Korean sentence that stops without a full stop, or ends in a comma and runs
  into the next (``… 말했다, "이 시스템은 …"``), where the English ends a sentence.

All three read the Korean with the shared kiwipiepy analyser (:mod:`tqcheck.text.morphemes`) and
look at the English only for the shape of the alignment (how many headings and sentences it has,
whether they end in a full stop) and, for fused-token, for the names it holds (the analysis is in
:mod:`tqcheck.checks.fusion`) and, where kiwi is nearly sure, whether the English has a word for the
leading noun (the run's encoder, through the check context). Ordinary human spacing
habits (``할수 있다``, compounds written solid like ``국가안전보장``) and ordinary sentence merges
(``…했고, …``) are left alone: those are not MT garble and an editor does not want to hear about
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tqcheck.checks.fusion import (
    VERBAL_MIN,
    best_split,
    clause_starts,
    clause_window,
    clearing_split,
    english_names,
    split_candidates,
)
from tqcheck.checks.registry import CheckContext, check, document_check
from tqcheck.model import Alignment, Flag, Segment, SegmentKind
from tqcheck.text.clauses import ends_in_final_ending, is_final_ending
from tqcheck.text.endings import final_comma_at_end, sentence_end_commas
from tqcheck.text.marks import CLOSING_MARKS, DOUBLE_QUOTES, SENTENCE_END, quote_snippet
from tqcheck.text.morphemes import log_probability, morphemes, noun_score, verbal_noun_score
from tqcheck.text.scripts import HANGUL_LATIN_RUN, HANGUL_SYLLABLES, has_hangul

# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"\S+")


def _short(text: str) -> str:
    """Text quoted in a garble message: headings and run-ons are long, so at most 50 characters."""
    return quote_snippet(text, 50)


def _split_kinds(placed: list[tuple[Segment, int]]) -> tuple[list[Segment], list[Segment]]:
    headlines = [segment for segment, _ in placed if segment.kind is SegmentKind.HEADLINE]
    sentences = [segment for segment, _ in placed if segment.kind is not SegmentKind.HEADLINE]
    return headlines, sentences


# ---------------------------------------------------------------------------------------------
# fused-token
# ---------------------------------------------------------------------------------------------


@check(
    "fused-token",
    severity="error",
    description='a dangling word glued to the next one (`직면메타의` for "Facing Meta\'s")',
    thresholds={"min_independence": 0.0, "near_independence": -2.0, "unsupported_gain": 0.0075},
)
def fused_token(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """A word the MT left dangling, glued to the next word: ``직면메타의``, ``속보정부는``.

    Looks only where a sentence or clause starts (segment start, after a full stop, comma or colon,
    after an opening quote or bracket), because that is where an English lead-in ("Facing …,", "BREAKING:",
    "In a statement,") leaves its orphan. Deliberately not flagged: compounds kiwi or its language
    model know (``국가안전보장``, ``노동부``, ``배차시스템``, ``콜로라도주``, ``삼성전자``),
    numbers with units (``12억달러``), names, and spacing slips before a dependent noun or a
    particle (``할수``, ``그들의사회는``), which human writers make all the time. A token kiwi can only
    read as one unknown word is split only when the English's names back the split (the rest sounds
    like one of them, the whole like none) or the rest is a pronoun (:func:`fused_split`).

    Where kiwi's margins turn a split down but its independence is still above ``near_independence``
    (a noun glued onto a word it could compound with: ``최근사이버``, ``고려직업``), the English
    decides: the split stands when the sentence without the leading noun is closer to the English by
    more than ``unsupported_gain`` (a noun the English has no word for). Dropping the first noun of a
    real compound brings a sentence that much closer in 5% of cases (:func:`_unsupported_prefix`).
    """
    min_independence = context.config.threshold("fused-token", "min_independence")
    names = english_names(alignment.source_text)
    flags: list[Flag] = []
    for segment, offset in context.segments(alignment, "target"):
        text = segment.text
        for start in clause_starts(text):
            window = clause_window(text, start)
            candidates = list(split_candidates(window, names))
            found = clearing_split(candidates, min_independence)
            unsupported = False
            if found is None:
                found = _unsupported_prefix(alignment, context, window, offset + start, candidates)
                unsupported = found is not None
            if found is None:
                continue
            cut = found[0]
            token_match = HANGUL_LATIN_RUN.match(text, start)
            end = token_match.end() if token_match else start + cut
            token = text[start:end]
            why = f'; the sentence is closer to the English without "{token[:cut]}"' if unsupported else ""
            message = (
                f'"{token}" looks like two words run together ("{token[:cut]}" + "{token[cut:]}"){why}; '
                "a space or a word is missing"
            )
            spaced = f"{token[:cut]} {token[cut:]}"  # the repair: the space the split point says is missing
            flag = context.flag(
                "fused-token", message, "target", offset + start, offset + end, suggestion=spaced
            )
            flags.append(flag)
    return flags


def _unsupported_prefix(
    alignment: Alignment,
    context: CheckContext,
    window: str,
    at: int,
    candidates: list[tuple[int, float, float]],
) -> tuple[int, float] | None:
    """A split kiwi nearly makes, kept when the English is closer without the prefix.

    Chosen on the tune half (``benchmarks/fused_eval.py --fit-gain``): of the injected fused tokens
    kiwi missed, most have a split scoring above -2, and of 844 untouched lines 4 had one;
    ``unsupported_gain`` is the 95th percentile of the gain over every split of an untouched line.
    """
    if context.cosines is None or not alignment.source_ids or not alignment.source_text.strip():
        return None
    config = context.config
    found = best_split((cut, independence) for cut, independence, _ in candidates)  # margins aside
    if found is None or found[1] <= config.threshold("fused-token", "near_independence"):
        return None
    rest = HANGUL_SYLLABLES.match(window, found[0])
    if rest is None or rest.end() - found[0] < 2:
        # one syllable left: often a verbal noun's 하 + ㄴ that kiwi may read as a word (한, "one"), and
        # the encoder's odds on so short a rest are noise (USE split such a verb on the tune half)
        return None
    whole = alignment.target_text
    kept, dropped = context.cosines(alignment.source_text, [whole, whole[:at] + whole[at + found[0] :]])
    return found if dropped - kept > config.threshold("fused-token", "unsupported_gain") else None


# ---------------------------------------------------------------------------------------------
# run-on-headline
# ---------------------------------------------------------------------------------------------

# Korean headlines are terser than Korean sentences; a heading's expected length is the English
# heading's length times the alignment's Korean/English length ratio, times this.
_HEADLINE_COMPRESSION = 0.8
# The sentence proper starts with its subject or topic; a heading may contain 도, 에, 의, 로 …
_SENTENCE_START_PARTICLES = frozenset({"은", "는", "이", "가", "께서"})
_VERBAL_BONUS = 2.0
_LENGTH_WEIGHT = 2.0
_MIN_SENTENCE_WORDS = 2


def _expected_heading_length(heading: str, alignment: Alignment) -> float:
    ratio = len(alignment.target_text) / max(1, len(alignment.source_text))
    return max(2.0, len(heading) * min(1.0, max(0.3, ratio)) * _HEADLINE_COMPRESSION)


@dataclass(frozen=True)
class _HeadingSplit:
    end: int
    independence: float
    verbal: bool


def _heading_end_candidates(text: str) -> Iterator[tuple[int, bool]]:
    """Word ends where a heading at the start of ``text`` could stop: after a bare noun, before the
    sentence's subject or first sentence ending. A comma never ends a heading (``노조, 파업 경고``)."""
    morphs = morphemes(text)
    for word in _WORD.finditer(text):
        inside = [m for m in morphs if word.start() <= m.start < word.end()]
        words_morphs = [m for m in inside if not m.tag.startswith("S")]
        if any(
            m.tag in ("JKS", "EF") or (m.tag.startswith("J") and m.form in _SENTENCE_START_PARTICLES)
            for m in words_morphs
        ):
            return
        if any(is_final_ending(morphs, morphs.index(m)) for m in words_morphs):
            return
        if word.group().endswith(","):
            continue
        end = word.end()
        while end > word.start() and not text[end - 1].isalnum():
            end -= 1
        core = text[word.start() : end]
        if HANGUL_SYLLABLES.fullmatch(core) and noun_score(core) is not None:
            # kiwi may read a heading's last noun as a verb in context (주시 → 주+시): ask about it alone
            yield end, verbal_noun_score(core) >= VERBAL_MIN
            continue
        last = words_morphs[-1] if words_morphs else (inside[-1] if inside else None)
        if last is not None and last.tag in ("NNG", "NNP", "NNB", "NR", "XSN", "SN", "SL", "SH"):
            yield end, last.tag == "NNG" and verbal_noun_score(last.form) >= VERBAL_MIN


def _heading_split(text: str, expected: float) -> _HeadingSplit | None:
    """Where a heading run into the start of ``text`` probably ends.

    A heading and the sentence after it are unrelated strings, so kiwi's language model finds them
    no more likely together than apart; a cut inside the heading or inside the sentence's subject
    (``하울와이즈 | 운전기사 노조는``) separates words that belong together. The cut with the most
    independence wins, helped a little when it falls after a verbal noun (Korean headings end in
    경고, 예고, 주시 …) and near the heading length the English predicts.
    """
    if not text.strip():
        return None
    whole = log_probability(text)
    best: tuple[float, _HeadingSplit] | None = None
    for end, verbal in _heading_end_candidates(text):
        rest = text[end:].lstrip(" ,")
        if len(_WORD.findall(rest)) < _MIN_SENTENCE_WORDS:
            break
        independence = log_probability(text[:end]) + log_probability(rest) - whole
        preference = (
            independence
            + (_VERBAL_BONUS if verbal else 0.0)
            - _LENGTH_WEIGHT * abs(end - expected) / expected
        )
        if best is None or preference > best[0]:
            best = (preference, _HeadingSplit(end, independence, verbal))
    return best[1] if best else None


def _heading_end(text: str, expected: float) -> int:
    split = _heading_split(text, expected)
    if split is not None:
        return split.end
    ends = [word.end() for word in _WORD.finditer(text)]
    return min(ends, key=lambda end: abs(end - expected)) if ends else len(text)


def _heading_start_at_end(text: str, expected: float) -> int:
    """Where a heading run onto the end of ``text`` probably starts: after the last sentence ending."""
    words = list(_WORD.finditer(text))
    for index in range(len(words) - 2, -1, -1):
        word = words[index].group().rstrip(".?!…,\"'”’")
        if word and ends_in_final_ending(word):
            return words[index + 1].start()
    starts = [w.start() for w in words]
    return min(starts, key=lambda start: abs((len(text) - start) - expected)) if starts else 0


def _heading_in_sentence(
    alignment: Alignment, context: CheckContext, heading: Segment, at_start: bool
) -> Flag:
    placed = context.segments(alignment, "target")
    expected = _expected_heading_length(heading.text, alignment)
    if at_start:
        segment, offset = placed[0]
        start, end = offset, offset + _heading_end(segment.text, expected)
    else:
        segment, offset = placed[-1]
        start, end = offset + _heading_start_at_end(segment.text, expected), offset + len(segment.text)
    part = alignment.target_text[start:end]
    where = "sentence that follows it" if at_start else "sentence before it"
    message = (
        f'"{_short(part)}" looks like the heading "{_short(heading.text)}" run into the {where}; '
        "the heading needs a line of its own"
    )
    return context.flag("run-on-headline", message, "target", start, end)


_SHORT_ENGLISH_WORDS = 8
_TITLE_CASE_SHARE = 0.6


def _english_reads_as_heading(text: str) -> bool:
    """Short, or in title case: English headings are often written with a full stop in news feeds."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    if len(words) < _SHORT_ENGLISH_WORDS:
        return True
    long_words = [word for word in words if len(word) >= 4]
    capitalised = sum(1 for word in long_words if word[0].isupper())
    return bool(long_words) and capitalised / len(long_words) >= _TITLE_CASE_SHARE


def _run_on_in_alignment(alignment: Alignment, context: CheckContext) -> Flag | None:
    source = context.segments(alignment, "source")
    target = context.segments(alignment, "target")
    if not source or not target:
        return None
    source_headlines, source_sentences = _split_kinds(source)
    target_headlines, target_sentences = _split_kinds(target)
    if source_headlines and source_sentences and not target_headlines:
        if len(target) >= len(source):
            return None  # the heading kept a segment of its own (the MT gave it a full stop)
        if source[0][0].kind is SegmentKind.HEADLINE:
            return _heading_in_sentence(alignment, context, source[0][0], at_start=True)
        if source[-1][0].kind is SegmentKind.HEADLINE:
            return _heading_in_sentence(alignment, context, source[-1][0], at_start=False)
        return context.flag(
            "run-on-headline",
            f'the heading "{_short(source_headlines[0].text)}" has been run into the Korean sentences here',
            "target",
        )
    if not target_headlines or not source_sentences:
        return None
    if source_headlines and target_sentences:
        return None  # a heading for the heading, sentences for the sentences: an ordinary merge
    heading, offset = next((s, o) for s, o in target if s.kind is SegmentKind.HEADLINE)
    if _LIST_ITEM.match(heading.text):
        return None  # "5. 격의 변화": a list item, not a heading
    if not source_headlines and ends_in_final_ending(heading.text):
        return None  # a sentence that lost its full stop: the unterminated check reports it
    if (
        not source_headlines
        and not target_sentences
        and len(source_sentences) == 1
        and _english_reads_as_heading(source_sentences[0].text)
    ):
        return None  # "Four Killed as SUV Collides with Car." is a heading with a full stop
    if source_headlines:
        message = (
            f'the Korean heading "{_short(heading.text)}" also holds the English sentence '
            f'"{_short(source_sentences[0].text)}"; heading and sentence need separate lines'
        )
    else:
        message = (
            f'"{_short(heading.text)}" is set as a heading, but the English here is the sentence '
            f'"{_short(source_sentences[0].text)}": a sentence was run into a heading or cut down to one'
        )
    return context.flag("run-on-headline", message, "target", offset, offset + len(heading.text))


# Measured on injected and clean pairs: these keep false alarms near 0.1% where the aligner left a
# heading untranslated and the next Korean sentence is fine.
_DROPPED_HEADING_MIN_INDEPENDENCE = -4.0
_DROPPED_HEADING_LENGTH = (0.4, 2.5)


def _run_on_after_dropped_heading(
    alignments: list[Alignment], index: int, context: CheckContext
) -> Flag | None:
    """The aligner left an English heading without Korean and the next Korean starts like a heading."""
    if index == 0:
        return None
    previous, alignment = alignments[index - 1], alignments[index]
    if previous.target_ids or not previous.source_ids or not alignment.source_ids or not alignment.target_ids:
        return None
    headings = [context.source.segments[i] for i in previous.source_ids]
    if any(segment.kind is not SegmentKind.HEADLINE for segment in headings):
        return None
    first_source = context.source.segments[alignment.source_ids[0]]
    first_target, _ = context.segments(alignment, "target")[0]
    if first_source.kind is SegmentKind.HEADLINE or first_target.kind is SegmentKind.HEADLINE:
        return None
    heading = headings[-1]
    expected = _expected_heading_length(heading.text, alignment)
    split = _heading_split(first_target.text, expected)
    if split is None or split.independence < _DROPPED_HEADING_MIN_INDEPENDENCE:
        return None
    head = first_target.text[: split.end]
    if not _DROPPED_HEADING_LENGTH[0] * expected <= len(head) <= _DROPPED_HEADING_LENGTH[1] * expected:
        return None
    if not ("," in head or split.verbal):
        return None
    return _heading_in_sentence(alignment, context, heading, at_start=True)


@document_check(
    "run-on-headline",
    severity="error",
    description="a headline fused into the next sentence, or a sentence swallowed by a headline",
    # A truncated sentence, short and without its full stop, reads as a heading: the length is the problem.
    secondary_to=("length-ratio",),
)
def run_on_headline(alignments: list[Alignment], context: CheckContext) -> list[tuple[int, Flag]]:
    """A heading and a sentence merged into one segment, in either direction of the alignment.

    Reported when the English has a heading and a sentence but the Korean only sentences (the
    heading was run into the next sentence: the span is the probable heading part), when a Korean
    heading is aligned with an English sentence (a sentence swallowed into, or cut down to, a
    heading), and when the aligner left an English heading untranslated and the next Korean sentence
    opens with a heading-like string of nouns (``노조, 파업 경고 …``). Not reported: a heading
    aligned with a heading, two sentences merged into one (ordinary MT), a heading rendered as a
    full sentence, and a Korean "heading" that ends like a sentence (``…말했다`` with no full stop,
    which ``unterminated`` reports).
    """
    flags: list[tuple[int, Flag]] = []
    for index, alignment in enumerate(alignments):
        flag = _run_on_in_alignment(alignment, context) or _run_on_after_dropped_heading(
            alignments, index, context
        )
        if flag is not None:
            flags.append((index, flag))
    return flags


# ---------------------------------------------------------------------------------------------
# unterminated
# ---------------------------------------------------------------------------------------------

_LIST_ITEM = re.compile(r"^(?:[-–—•·*▪◦‣]|\(?\d{1,2}[.)]|[①-⑳]|\(?[a-zA-Z가-하][.)])\s")


def _terminated_sentences(placed: list[tuple[Segment, int]]) -> list[Segment]:
    return [
        segment
        for segment, _ in placed
        if segment.kind is SegmentKind.SENTENCE and SENTENCE_END.search(segment.text.rstrip())
    ]


def _missing_stop(segment: Segment, last: bool) -> bool:
    text = segment.text.rstrip()
    if not text or SENTENCE_END.search(text) or _LIST_ITEM.match(text):
        return False
    words = _WORD.findall(text)
    if not words or not has_hangul(words[-1]):
        return False
    if segment.kind is SegmentKind.HEADLINE or not last:
        # A heading-like line (or a piece the splitter cut off mid-alignment) is only a sentence
        # that lost its full stop if it ends like one.
        return ends_in_final_ending(text.rstrip(CLOSING_MARKS))
    return True


# What a quotation on the next line opens with: then the comma stood for an English colon.
_QUOTE_OPENERS = frozenset(DOUBLE_QUOTES.marks + "‘'「『")


def _final_comma(segment: Segment, offset: int, context: CheckContext, flags: list[Flag]) -> bool:
    """Flag a line whose finished sentence ends in a comma (``…경고했습니다,``); True if flagged.

    The suggestion is a colon when the next line opens a quotation (the English had ``adding:``),
    else a full stop."""
    found = final_comma_at_end(segment.text)
    if found is None:
        return False
    start, end = found
    word = segment.text[start:end]
    following = context.target.segments[segment.id + 1].text if segment.id + 1 < len(context.target) else ""
    mark = ":" if following.lstrip()[:1] in _QUOTE_OPENERS else "."
    message = (
        f'"{_short(word)}" ends a finished sentence with a comma: end it with a full stop, '
        "or with a colon if a quotation follows"
    )
    suggestion = word[:-1] + mark
    flags.append(context.flag("unterminated", message, "target", offset + start, offset + end, suggestion))
    return True


@check(
    "unterminated",
    severity="error",
    description="a sentence ending in a comma and running on, or missing its final punctuation",
)
def unterminated(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """A Korean sentence without its full stop, or ending in a comma and running into the next one.

    Only where the English ends a sentence there: the alignment's English has two or more sentences
    but the Korean fewer segments, and a sentence-final ending is followed by a comma
    (``…말했다, "이 시스템은…"고 그는 말했다.``); or the English sentence ends in ``.?!`` and the
    Korean segment has no ``.?!…`` (a closing quote or bracket may follow it). Not flagged: headings
    (a Korean heading counts only if it ends like a sentence, ``…했다``), list items, Korean that
    ends in punctuation and a closing quote (``…했다."``), connective commas (``…했고,``,
    ``…하며,``: connective endings, not sentence endings), short exclamations (``그래요, 알겠어요.``)
    and a comma inside a quotation.
    """
    source = context.segments(alignment, "source")
    target = context.segments(alignment, "target")
    if not source or not target:
        return []
    flags: list[Flag] = []
    finished = {segment.id for segment, offset in target if _final_comma(segment, offset, context, flags)}
    english_sentences = _terminated_sentences(source)
    if len(english_sentences) >= 2 and len(target) < len(english_sentences):
        for segment, offset in target:
            for start, end in sentence_end_commas(segment.text):
                word = segment.text[start:end]
                message = (
                    f'"{word}" ends a sentence with a comma and runs on into the next one; the English '
                    f"has {len(english_sentences)} sentences here: end it with a full stop"
                )
                flags.append(context.flag("unterminated", message, "target", offset + start, offset + end))
    last_source = source[-1][0]
    stop = SENTENCE_END.search(last_source.text.rstrip())
    if last_source.kind is not SegmentKind.SENTENCE or stop is None:
        return flags
    source_has_heading = any(segment.kind is SegmentKind.HEADLINE for segment, _ in source)
    for position, (segment, offset) in enumerate(target):
        if segment.id in finished:
            continue  # already flagged above, whatever the English ends with
        if segment.kind is SegmentKind.HEADLINE and source_has_heading:
            continue  # heading against heading: run-on-headline looks at what else it holds
        if not _missing_stop(segment, last=position == len(target) - 1):
            continue
        text = segment.text.rstrip()
        last_word = list(_WORD.finditer(text))[-1]
        start, end = offset + last_word.start(), offset + last_word.end()
        how = "with a comma" if text.endswith(",") else "without a full stop"
        message = (
            f'"{_short(last_word.group())}" ends the sentence {how}, where the English '
            f'sentence ends with "{stop.group()[0]}"'
        )
        flags.append(context.flag("unterminated", message, "target", start, end))
    return flags
