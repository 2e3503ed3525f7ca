"""Headings the segmenter cannot see: a headline that ends in a question mark (or a full stop).

The segmenter takes a short line without final punctuation for a headline; a headline that asks
(``AI가 다음 팬데믹을 막을 수 있을까요?``) or that a news feed gives a full stop reaches the checks
as a sentence. What still gives it away: it is short, it stands on a line of its own, and the
English it renders is a headline (segmented as one, or written in title case), or it is a
question opening the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tqcheck.model import Segment, SegmentKind
from tqcheck.text.marks import CLOSING_MARKS

# The segmenter's headline limits for Korean (tqcheck.segment.document): longer is no headline.
_MAX_WORDS = 14
_MAX_CHARS = 60
_LONG_WORD = 4
_TITLE_CASE_SHARE = 0.6
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def english_title_case(text: str) -> bool:
    """``Can Masks Stop the Next Pandemic?``: most longer words after the first are capitalised
    (short function words stay lower case in title case)."""
    words = [word for word in _ENGLISH_WORD.findall(text)[1:] if len(word) >= _LONG_WORD]
    if len(words) < 2:
        return False
    return sum(1 for word in words if word[0].isupper()) / len(words) >= _TITLE_CASE_SHARE


def _alone_on_its_line(segment: Segment, document: Sequence[Segment], alone_in_alignment: bool) -> bool:
    if segment.line <= 0:  # no layout known (pre-aligned units, tests): the alignment must be 1-1
        return alone_in_alignment
    return not any(other.line == segment.line and other.id != segment.id for other in document)


def reads_as_heading(
    segment: Segment, sources: Sequence[Segment], document: Sequence[Segment], alone_in_alignment: bool
) -> bool:
    """Whether a Korean segment is a heading, whatever it ends with.

    ``sources`` are the English segments it is aligned with and ``document`` the Korean segments;
    ``alone_in_alignment`` says the alignment pairs this one segment with one English segment."""
    if segment.kind is SegmentKind.HEADLINE or any(source.kind is SegmentKind.HEADLINE for source in sources):
        return True
    text = segment.text.strip()
    if len(text.split()) > _MAX_WORDS or len(text) > _MAX_CHARS:
        return False
    if not _alone_on_its_line(segment, document, alone_in_alignment):
        return False
    if len(sources) == 1 and english_title_case(sources[0].text):
        return True
    # A short question or exclamation opening the document is its title, in sentence case too;
    # an opening statement with a full stop is the lead sentence.
    return bool(document) and document[0].id == segment.id and text.rstrip(CLOSING_MARKS).endswith(("?", "!"))
