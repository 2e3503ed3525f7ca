"""Checks on the Korean as language: words the MT repeated, punctuation that does not match the
English, and a sentence in another speech level than the rest (English left in the Korean is
:mod:`tqcheck.checks.untranslated`).

The first two look at one aligned pair at a time and compare the Korean with its English source,
so a feature the English itself has (a repeated word, an unclosed quotation that continues in the
next sentence) is never blamed on the MT. register-mix looks at the whole Korean document, since a
speech level is only wrong against the one the document keeps to.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

from tqcheck.checks.registry import CheckContext, check, document_check
from tqcheck.model import Alignment, Flag, Segment, SegmentKind
from tqcheck.text.headings import reads_as_heading
from tqcheck.text.marks import (
    CLOSING_MARKS,
    DOUBLE_QUOTES,
    SINGLE_QUOTES,
    quotation_masks,
    quote_snippet,
    unmatched_marks,
)
from tqcheck.text.morphemes import morphemes
from tqcheck.text.register import SentenceEnding, SpeechLevel, sentence_ending
from tqcheck.text.scripts import (
    EAST_ASIAN_LETTER,
    has_final_consonant,
)
from tqcheck.text.tokens import ENGLISH_FUNCTION_WORDS, Token, whitespace_tokens

# ---------------------------------------------------------------------------------------------
# repetition
# ---------------------------------------------------------------------------------------------

# Words Korean doubles on purpose, even with a space: emphasis (아주 아주, 빨리 빨리), distribution
# (하루 하루, 구석 구석, 하나 하나), answers and interjections (네 네, 아 아).
_REDUPLICABLE = frozenset(
    """아주 너무 정말 참 빨리 천천히 어서 얼른 점점 자꾸 꼭 잘 살살 조금 조금씩 많이 계속 또 더 훨씬
    멀리 높이 깊이 가까이 오래 하루 하나 그때 구석 구석구석 마디 조각 네 예 응 아 오 와 어 음 흠 하 호 허
    헤 히 후 자 야 얘 그래 아니 안녕 여보세요""".split()
)
# Common adverbs that are never doubled, though they look like mimetic words (see ``_mimetic``).
_NOT_MIMETIC = frozenset(
    "가장 아직 항상 과연 약간 다만 오직 역시 일단 결국 당장 먼저 전혀 이미 거의 안 못 다 왜 곧 늘".split()
)
# English that repeats itself, so the Korean may too: "very, very", "again and again", "one by one".
_SOURCE_DOUBLING = re.compile(r"(?i)\b(\w+)(?:[\s,]+|\s+(?:and|by|after|to|upon)\s+)\1\b")
# Clause connectives a sentence uses once; an MT sometimes stacks two (``…는 가운데 …는 가운데``).
# The first group are nouns after an adnominal ending (kiwi ETM), the second plain words.
_ETM_CONNECTIVES = {"가운데": "while/amid", "반면": "whereas"}
_WORD_CONNECTIVES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("한편", re.compile(r"(?<!\S)한편(?=[\s,]|$)")),
    ("뿐만 아니라", re.compile(r"뿐만 아니라")),
)


def _mimetic(word: str) -> bool:
    """A kiwi adverb shaped like a sound/shape word (반짝, 빙글, 쿵): doubled on purpose.

    Such words end in a final consonant (batchim); adverbs like 이제, 다시, 대체로 do not and are
    never doubled, so doubling them is an MT stutter.
    """
    if word in _NOT_MIMETIC or not 1 <= len(word) <= 2 or not has_final_consonant(word[-1]):
        return False
    tokens = morphemes(word)
    return len(tokens) == 1 and tokens[0].tag == "MAG"


def _reduplicable(word: str) -> bool:
    """A word whose doubling is normal Korean, or a number (the number checks own those)."""
    if word in _REDUPLICABLE or not re.search(r"[A-Za-z가-힣]", word):
        return True
    return bool(EAST_ASIAN_LETTER.search(word)) and _mimetic(word)


def _distributive(first: str, second: str) -> bool:
    """``한 명 한 명``, ``한 걸음 한 걸음``: "one by one", a bare noun after 한 (no particle)."""
    if first != "한":
        return False
    analysis = morphemes(second)
    return len(analysis) == 1 and analysis[0].tag in {"NNG", "NNB"}


def _words(text: str) -> list[Token]:
    """Eojeols that carry words; bare punctuation (``:``, ``-``, ``…``) is skipped, not compared."""
    return [token for token in whitespace_tokens(text) if token.core]


def _adjacent_repeat(tokens: list[Token], excuse_single: bool) -> tuple[int, int] | None:
    """(index, n) of the first phrase of n eojeols immediately followed by itself."""
    cores = [t.core for t in tokens]
    for i in range(len(tokens)):
        for n in range(min(6, (len(tokens) - i) // 2), 0, -1):
            if cores[i : i + n] != cores[i + n : i + 2 * n]:
                continue
            if n == 1 and (excuse_single or _reduplicable(cores[i])):
                continue
            if n == 2 and _distributive(cores[i], cores[i + 1]):
                continue
            return i, n
    return None


def _repeated_phrase(tokens: list[Token], min_chars: float) -> tuple[int, int] | None:
    """(second index, n) of a phrase of ≥ 3 eojeols that occurs twice in the segment, not adjacent."""
    cores = [t.core for t in tokens]
    # Letters before each eojeol, so a phrase's length is one subtraction, not a re-count per n-gram.
    letters = list(itertools.accumulate((len(re.sub(r"\W", "", w)) for w in cores), initial=0))
    for n in range(min(8, len(tokens) // 2), 2, -1):
        seen: dict[tuple[str, ...], int] = {}
        for i in range(len(tokens) - n + 1):
            if letters[i + n] - letters[i] < min_chars:
                continue
            gram = tuple(cores[i : i + n])
            if gram in seen and i > seen[gram] + n:
                return i, n
            seen.setdefault(gram, i)
    return None


def _stacked_connective(text: str) -> tuple[str, int, int] | None:
    """(connective, start, end) of the second use of a once-per-sentence connective."""
    for word, pattern in _WORD_CONNECTIVES:
        hits = list(pattern.finditer(text))
        if len(hits) >= 2:
            return word, *hits[1].span()
    candidates = [word for word in _ETM_CONNECTIVES if text.count(word) >= 2]
    if not candidates:
        return None
    analysis = morphemes(text)
    for word in candidates:
        uses = [
            (token.start, token.end)
            for previous, token in itertools.pairwise(analysis)
            if token.form == word and token.tag.startswith("NN") and previous.tag == "ETM"
        ]
        if len(uses) >= 2:
            return word, *uses[1]
    return None


def _deletable(text: str, first_end: int, start: int) -> bool:
    """Only whitespace between the two copies: deleting the second (with the space before it,
    see ``Flag.suggestion``) leaves the first copy and its surroundings exactly as written."""
    return first_end < start and text[first_end:start].isspace()


def _segment_repetition(
    text: str, min_chars: float, source_doubles: bool, source_repeats: bool
) -> tuple[str, int, int, str | None] | None:
    """(message, start, end, suggestion) of the first repetition in one Korean segment, offsets in
    the segment. Only a doubling in a row has a known repair (drop the second copy); a stacked
    connective or a phrase said twice needs the sentence rewritten."""
    tokens = _words(text)
    adjacent = _adjacent_repeat(tokens, excuse_single=source_doubles)
    if adjacent is not None:
        i, n = adjacent
        phrase = text[tokens[i].core_start : tokens[i + n - 1].core_end]
        start, end = tokens[i + n].core_start, tokens[i + 2 * n - 1].core_end
        doubled = text[tokens[i].core_start : end]
        return (
            f'"{quote_snippet(phrase)}" appears twice in a row ("{quote_snippet(doubled)}"): '
            "the MT doubled it",
            start,
            end,
            "" if _deletable(text, tokens[i + n - 1].core_end, start) else None,
        )
    stacked = _stacked_connective(text)
    if stacked is not None:
        word, start, end = stacked
        meaning = f' ("{_ETM_CONNECTIVES[word]}")' if word in _ETM_CONNECTIVES else ""
        return (
            f'the connective "{word}"{meaning} is used twice in one sentence: the MT probably repeated it',
            start,
            end,
            None,
        )
    repeated = None if source_doubles or source_repeats else _repeated_phrase(tokens, min_chars)
    if repeated is not None:
        i, n = repeated
        start, end = tokens[i].core_start, tokens[i + n - 1].core_end
        return (
            f'"{quote_snippet(text[start:end])}" appears twice in this sentence but the English does not '
            "repeat it: the MT may have repeated itself",
            start,
            end,
            None,
        )
    return None


def _source_repeats(text: str) -> bool:
    """The English repeats a two-word phrase with a content word in it (``more information``)."""
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text)]
    bigrams = [
        pair
        for pair in itertools.pairwise(words)
        if not (pair[0] in ENGLISH_FUNCTION_WORDS and pair[1] in ENGLISH_FUNCTION_WORDS)
    ]
    return len(set(bigrams)) < len(bigrams)


@check(
    "repetition",
    severity="warning",
    description="a word or phrase repeated by the MT",
    thresholds={"min_phrase_chars": 4},
)
def repetition(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """Words or phrases the MT stuttered: ``국가 국가``, a clause connective stacked twice.

    Flagged: a word or phrase immediately followed by itself; a once-per-sentence connective
    (``…는 가운데``, ``한편``) used twice in one sentence; and, only when the English repeats nothing
    itself, a phrase of three or more eojeols that occurs twice in one sentence. Not flagged:
    reduplication that is normal Korean (``하나하나``, ``반짝 반짝``, ``아주 아주``, ``한 명 한 명``),
    repeated common words (``것``, ``수``, ``있다``), numbers, and single-word doubling when the
    English doubles too (``very, very``, ``again and again``, ``little by little``).
    """
    if not alignment.target_ids or not alignment.source_text:
        return []
    min_chars = context.config.threshold("repetition", "min_phrase_chars")
    source_doubles = _SOURCE_DOUBLING.search(alignment.source_text) is not None
    source_repeats = _source_repeats(alignment.source_text)
    flags: list[Flag] = []
    for segment, offset in context.segments(alignment, "target"):
        found = _segment_repetition(segment.text, min_chars, source_doubles, source_repeats)
        if found is not None:
            message, start, end, suggestion = found
            flags.append(
                context.flag(
                    "repetition", message, "target", offset + start, offset + end, suggestion=suggestion
                )
            )
    return flags


# ---------------------------------------------------------------------------------------------
# punctuation-mismatch
# ---------------------------------------------------------------------------------------------

# Quotation marks are balanced each kind in itself, never compared with the English's marks: Korean
# mixes “…" freely and renders English "…" as ‘…’ just as often (see ``unmatched_marks``).
_QUESTION_END = re.compile(f"[?？][\\s{re.escape(CLOSING_MARKS)}]*$")
_QUOTE_KINDS = frozenset({DOUBLE_QUOTES.name, SINGLE_QUOTES.name})


def _continues_next_door(alignment: Alignment, context: CheckContext, name: str) -> bool:
    segments = context.target.segments
    neighbours = (alignment.target_ids[0] - 1, alignment.target_ids[-1] + 1)
    return any(name in unmatched_marks(segments[i].text) for i in neighbours if 0 <= i < len(segments))


def _mark_message(name: str, text: str, position: int) -> str:
    kind = "quotation mark" if name in _QUOTE_KINDS else "bracket"
    around = " ".join(text[max(0, position - 15) : position + 16].split())
    return f'unmatched {kind} {text[position]} in "…{around}…": the English has its pair, the Korean lost it'


def _last_eojeol_span(segment: Segment, offset: int) -> tuple[int, int]:
    tokens = whitespace_tokens(segment.text, offset)
    return (tokens[-1].start, tokens[-1].end) if tokens else (offset, offset)


def _unbalanced_marks(alignment: Alignment, context: CheckContext) -> list[Flag]:
    if unmatched_marks(alignment.source_text):
        return []
    target = alignment.target_text
    flags = []
    for name, position in sorted(unmatched_marks(target).items(), key=lambda item: item[1]):
        if _continues_next_door(alignment, context, name):
            continue
        flags.append(
            context.flag(
                "punctuation-mismatch",
                _mark_message(name, target, position),
                "target",
                position,
                position + 1,
            )
        )
    return flags


# A rhetorical question Korean writes as an exclamation or statement: a question word and a conjectural
# ending (Who knows? = 누가 알겠어., Who cares? = 누가 신경 쓰겠나.).
_RHETORICAL = re.compile(
    r"(?:누가|누구|무엇|뭐|어디|언제|왜|어찌|어떻게)\S*\s.*겠(?:어|나|는가|냐|습니까|어요)?[.!…]*\s*$"
)


def _lost_question(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """The last English sentence ends in ``?`` and the last Korean sentence has no ``?``."""
    question = context.segments(alignment, "source")[-1][0].text
    if not _QUESTION_END.search(question.rstrip()):
        return []
    last_target, last_offset = context.segments(alignment, "target")[-1]
    if re.search("[?？]", last_target.text) or _RHETORICAL.search(last_target.text):
        return []
    start, end = _last_eojeol_span(last_target, last_offset)
    return [
        context.flag(
            "punctuation-mismatch",
            f'the English is a question ("{quote_snippet(question, 50)}") but the Korean ending '
            f'"{alignment.target_text[start:end]}" is not: the question mark is missing',
            "target",
            start,
            end,
        )
    ]


@check(
    "punctuation-mismatch",
    severity="warning",
    description="unbalanced quotes or brackets, a question that is no longer one",
)
def punctuation_mismatch(alignment: Alignment, context: CheckContext) -> list[Flag]:
    """A quotation mark or bracket left unpaired in the Korean, or an English question made a statement.

    Quotes and brackets are checked only when the English side of the pair is itself balanced, and
    a mark is excused when the Korean sentence just before or after is unbalanced in the same way:
    either way the quotation spans two sentences. Quote classes are not compared with each other:
    Korean legitimately renders "…" as ‘…’ or “…", and adds brackets (``(현지시간)``) the English
    lacks, which are fine as long as they are closed. The question rule is deliberately simple: when
    the pair's last English sentence ends in ``?`` and its last Korean sentence has no ``?``, flag it
    (rhetorical headlines included); a question merged into a following statement is not flagged.
    """
    if not alignment.source_ids or not alignment.target_ids:
        return []
    return _unbalanced_marks(alignment, context) + _lost_question(alignment, context)


# ---------------------------------------------------------------------------------------------
# register-mix
# ---------------------------------------------------------------------------------------------


def _target_placements(alignments: list[Alignment], context: CheckContext) -> dict[int, tuple[int, int]]:
    """Target segment id -> (position of its alignment, its offset in the alignment's target text)."""
    placed: dict[int, tuple[int, int]] = {}
    for position, alignment in enumerate(alignments):
        for segment, offset in context.segments(alignment, "target"):
            placed[segment.id] = (position, offset)
    return placed


def _heading(
    segment: Segment, alignment: Alignment, context: CheckContext, by_line: dict[int, list[Segment]]
) -> bool:
    """``reads_as_heading`` given only what it reads of the document: its first segment and the
    segments on this one's line (``by_line``). The whole document made this quadratic; same answer."""
    sources = [context.source.segments[i] for i in alignment.source_ids]
    alone = len(alignment.target_ids) == 1 and len(sources) == 1
    first = context.target.segments[0]
    nearby = [first, *(other for other in by_line.get(segment.line, ()) if other.id != first.id)]
    return reads_as_heading(segment, sources, nearby, alone)


_REQUEST_COMPATIBLE = frozenset({SpeechLevel.FORMAL, SpeechLevel.POLITE})
# Levels a sentence may take in a document that keeps to another without being a slip: a speaker in
# 해요체 (an interview, a dialogue, a blog) moves to 합니다체 for set phrases and for weight
# (감사합니다, …것입니다), which no reader notices; 해요체 in a 합니다체 text is a lapse from its formality.
_ALSO_FITS = {SpeechLevel.POLITE: frozenset({SpeechLevel.FORMAL})}


def _prevailing_level(endings: Sequence[SentenceEnding]) -> SpeechLevel:
    """The level most sentences keep to. A polite request or question to the reader (확인하세요,
    잊으셨나요?) goes with 합니다체 or 해요체, whichever the document's other sentences use more (해요체
    when neither), so a help page of 합니다 statements and 하세요 instructions keeps to one register."""
    counts = Counter(ending.level for ending in endings if not ending.to_reader)
    to_reader = sum(ending.to_reader for ending in endings)
    if to_reader:
        formal = counts[SpeechLevel.FORMAL] > counts[SpeechLevel.POLITE]
        counts[SpeechLevel.FORMAL if formal else SpeechLevel.POLITE] += to_reader
    return counts.most_common(1)[0][0]


def _fits(ending: SentenceEnding, prevailing: SpeechLevel) -> bool:
    """Whether a sentence keeps to the document's level, or to one that goes with it."""
    if ending.level is prevailing or ending.level in _ALSO_FITS.get(prevailing, ()):
        return True
    return ending.to_reader and prevailing in _REQUEST_COMPATIBLE


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
    한다체 sentence. Not flagged: headlines, including those the segmenter took for sentences
    because they end in ``?`` or ``.`` (see :func:`tqcheck.text.headings.reads_as_heading`: short,
    alone on their line, rendering an English headline or opening the document), sentences that
    end in a quotation, endings with no clear level (nouns, ``-ㄹ까``), 합니다체 sentences in a 해요체
    document (speech moves between the two polite levels), documents with fewer than
    ``min_sentences`` sentences whose level is known, and documents where no level reaches
    ``min_share`` (no norm to deviate from).
    """
    placements = _target_placements(alignments, context)
    by_line: dict[int, list[Segment]] = {}
    for segment in context.target.segments:
        by_line.setdefault(segment.line, []).append(segment)
    masks = quotation_masks(context.target.segments)
    endings: list[tuple[Segment, SentenceEnding]] = []
    for segment in context.target.segments:
        if segment.kind is not SegmentKind.SENTENCE or segment.id not in placements:
            continue
        if _heading(segment, alignments[placements[segment.id][0]], context, by_line):
            continue  # a headline that asks (…막을 수 있을까요?) or has a full stop
        ending = sentence_ending(segment.text, masks[segment.id])
        if ending is not None:
            endings.append((segment, ending))
    min_sentences = context.config.threshold("register-mix", "min_sentences")
    if len(endings) < max(min_sentences, 2):
        return []
    prevailing = _prevailing_level([ending for _, ending in endings])
    fitting = sum(_fits(ending, prevailing) for _, ending in endings)
    if fitting / len(endings) < context.config.threshold("register-mix", "min_share"):
        return []
    flags: list[tuple[int, Flag]] = []
    for segment, ending in endings:
        if _fits(ending, prevailing):
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
