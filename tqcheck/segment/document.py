"""Turn decoded file text into a ``Document``: paragraphs, headlines, sentences.

Layout rules (``--split auto``):
- a blank line separates paragraphs;
- a line break always ends a segment: MT files put one paragraph (or one sentence) on a
  line, and a sentence running over a line break is rarer there than a headline sitting
  directly on top of its first paragraph;
- a short line without final punctuation is a headline and stays whole;
- every other line is split into sentences (English by rules, Korean by kiwipiepy).

``--split lines`` keeps every non-empty line as one segment, for pre-segmented batches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Literal

from tqcheck.model import Document, Language, Segment, SegmentKind
from tqcheck.text.marks import CLOSING_MARKS

SplitMode = Literal["auto", "lines"]
Spans = list[tuple[int, int]]

# Closing quotes/brackets may follow the terminator: `... said."`, `...했다.”`, `(...다.)`
_TERMINATED = re.compile(f"[.!?…。？！:;][{re.escape(CLOSING_MARKS)}]*$")
_HEADLINE_MAX_WORDS = {"en": 16, "ko": 14}
_HEADLINE_MAX_CHARS = {"en": 120, "ko": 60}


def is_headline_line(line: str, language: Language) -> bool:
    """A short line that does not end like a sentence.

    Length limits keep a long unterminated sentence (a real MT defect) from being excused
    as a headline.
    """
    text = line.strip()
    if not text or _TERMINATED.search(text):
        return False
    return len(text.split()) <= _HEADLINE_MAX_WORDS[language] and len(text) <= _HEADLINE_MAX_CHARS[language]


def _lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(line number, start, end) of each line, end excluding the newline."""
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, start, start + len(line)
        start += len(line) + 1


def _splitter(language: Language, punctuation_only: bool = False) -> Callable[[str], Spans]:
    """The sentence splitter of a language; ``punctuation_only`` leaves kiwi out of the Korean one
    (English splits by punctuation anyway)."""
    if language == "en":
        from tqcheck.segment.english import split_english

        return split_english
    from tqcheck.segment.korean import split_korean, split_korean_punctuated

    return split_korean_punctuated if punctuation_only else split_korean


def sentence_shares(text: str, language: Language) -> tuple[float, ...]:
    """Where the sentences that one segment's punctuation marks off meet, as shares of its length
    (empty for a segment of one sentence, as every segment the sentence splitter made is). The aligner
    reads it: a line holding two sentences whose lengths match two English lines is evidence of both."""
    spans = _splitter(language, punctuation_only=True)(text)
    return tuple((end + start) / 2 / len(text) for (_, end), (start, _) in pairwise(spans))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment_text(
    text: str, language: Language, mode: SplitMode = "auto", path: str | None = None, encoding: str = "utf-8"
) -> Document:
    """Segment a whole decoded file; offsets in the segments point into ``text``."""
    split = _splitter(language) if mode == "auto" else None
    segments: list[Segment] = []
    paragraph = -1
    previous_blank = True
    for number, line_start, line_end in _lines(text):
        start, end = _strip_span(text, line_start, line_end)
        if start == end:
            previous_blank = True
            continue
        if previous_blank:
            paragraph += 1
        previous_blank = False
        line = text[start:end]
        headline = is_headline_line(line, language)
        spans = [(0, len(line))] if split is None or headline else split(line)
        for span_start, span_end in spans:
            segments.append(
                Segment(
                    id=len(segments),
                    text=line[span_start:span_end],
                    paragraph=paragraph,
                    kind=SegmentKind.HEADLINE if headline else SegmentKind.SENTENCE,
                    line=number,
                    start=start + span_start,
                    end=start + span_end,
                )
            )
    return Document(language=language, segments=segments, path=path, encoding=encoding)
