"""Headings the segmenter takes for sentences."""

from __future__ import annotations

import pytest

from tqcheck.model import Segment, SegmentKind
from tqcheck.text.headings import english_title_case, reads_as_heading


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can Artificial Intelligence Stop the Next Pandemic?", True),
        ("Four Killed as SUV Collides with Car.", True),
        ("Can artificial intelligence stop the next pandemic?", False),
        ("Yes.", False),
    ],
)
def test_english_title_case(text: str, expected: bool) -> None:
    assert english_title_case(text) is expected


def _segment(i: int, text: str, line: int = 0, kind: SegmentKind = SegmentKind.SENTENCE) -> Segment:
    return Segment(id=i, text=text, paragraph=0, kind=kind, line=line)


def test_reads_as_heading() -> None:
    question = "인공지능이 팬데믹을 막을 수 있을까요?"
    title = _segment(0, "Can AI Stop Pandemics Before They Start?")
    korean = [_segment(0, question, line=1), _segment(1, "정부는 발표했습니다.", line=3)]
    assert reads_as_heading(korean[0], [title], korean, alone_in_alignment=True)
    # in the body, rendering a sentence-case question: a sentence
    body = [_segment(0, "정부는 발표했습니다.", line=1), _segment(1, question, line=3)]
    sentence = _segment(1, "Can AI stop pandemics before they start?")
    assert not reads_as_heading(body[1], [sentence], body, alone_in_alignment=True)
    # sharing its line with another sentence: a sentence even under a title-case English line
    shared = [_segment(0, "정부는 발표했습니다.", line=1), _segment(1, question, line=1)]
    assert not reads_as_heading(shared[1], [title], shared, alone_in_alignment=True)
    # an English headline the segmenter recognised
    heading = _segment(0, "AI and pandemics", kind=SegmentKind.HEADLINE)
    assert reads_as_heading(body[1], [heading], body, alone_in_alignment=False)
