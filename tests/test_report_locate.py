"""Locating flags in the files: every column given must be exact in the real file, or not be given."""

from __future__ import annotations

import pytest

from tqcheck.io import read_text
from tqcheck.model import Alignment, CheckResult, Document, Flag, Severity, Summary, join_segments
from tqcheck.report.locate import Location, line_starts, locate, located_flags, relative_path, span_text
from tqcheck.segment.document import segment_text

from batchutil import SEGMENT_FILE, Samples, samples
from conftest import REPO


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    return samples(tmp_path_factory)


def _covered(text: str, location: Location) -> str:
    """The file text between a location's start and end."""
    lines = text.split("\n")
    assert location.column is not None and location.end_line is not None and location.end_column is not None
    if location.line == location.end_line:
        return lines[location.line - 1][location.column - 1 : location.end_column - 1]
    middle = lines[location.line : location.end_line - 1]
    return "\n".join(
        [
            lines[location.line - 1][location.column - 1 :],
            *middle,
            lines[location.end_line - 1][: location.end_column - 1],
        ]
    )


def test_every_flag_of_the_news_sample_is_located_exactly_in_its_file(batch: Samples) -> None:
    result = batch.news.result
    assert result is not None
    files = {path: read_text(REPO / path).text for path in (result.source.path, result.target.path)}
    located = located_flags(result)
    assert len(located) == sum(len(alignment.flags) for alignment in result.alignments) > 5
    for item in located:
        location, flag = item.location, item.flag
        assert location.column is not None, f"{flag.code}: the sample's layout determines every column"
        covered = _covered(files[location.path], location)  # type: ignore[index]
        span = span_text(item.alignment, flag)
        if span is not None:
            assert covered == span, flag.code
        else:  # a whole side: from the first segment's start to the last one's end
            side_text = item.alignment.target_text if flag.code != "omission" else item.alignment.source_text
            assert " ".join(covered.split()) == " ".join(side_text.split()), flag.code


def test_an_omission_points_at_the_source_sentence(batch: Samples) -> None:
    result = batch.news.result
    assert result is not None
    (alignment,) = [a for a in result.alignments if any(f.code == "omission" for f in a.flags)]
    flag = next(f for f in alignment.flags if f.code == "omission")
    location = locate(result, alignment, flag)
    assert location.path == result.source.path == "corpora/news-1/source.en.txt"
    sentence = result.source.segments[alignment.source_ids[0]]
    assert location.line == sentence.line
    text = read_text(REPO / location.path).text
    assert _covered(text, location) == sentence.text == "It did not say when the review would be finished."


def test_a_segment_file_gives_the_unit_line_and_no_column(batch: Samples) -> None:
    result = batch.units.result
    assert result is not None
    located = {item.flag.code: item.location for item in located_flags(result)}
    assert located["number-mismatch"] == Location(SEGMENT_FILE, 8, None, 8, None)
    assert located["omission"] == Location(SEGMENT_FILE, 12, None, 12, None), "the empty unit's line"


# --------------------------------------------------------------------------- layouts


def _result(source_text: str) -> CheckResult:
    """Source = target = ``source_text`` segmented as a file is, one alignment per segment."""
    source = segment_text(source_text, "en", path="s.txt")
    target = Document("ko", list(source.segments), path="t.txt")
    alignments = [
        Alignment(i, (i,), (i,), join_segments(source, (i,)), join_segments(target, (i,)))
        for i in range(len(source.segments))
    ]
    summary = Summary(len(source), len(target), len(alignments), None, {}, True)
    return CheckResult(source=source, target=target, alignments=alignments, model="m", summary=summary)


LAYOUTS = {
    "plain": "Title line\n\nFirst one. Second one.\nThird one.\n",
    "indented first line": "   Indented title\nNext line here.\n",
    "indented later line": "First line.\n   Indented line.\n",
    "trailing blanks": "First line.   \nSecond line.\n",
    "blank line with spaces": "First line.\n  \nSecond line.\n",
    "tabs and blank lines": "\n\n\tTabbed title\n\n\nA sentence. Another sentence.\n",
    "no final newline": "One. Two. Three.",
}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_columns_are_exact_or_absent_whatever_the_layout(name: str) -> None:
    text = LAYOUTS[name]
    result = _result(text)
    for alignment in result.alignments:
        segment = result.target.segments[alignment.target_ids[0]]
        whole = locate(result, alignment, Flag("x", Severity.ERROR, "m"))
        assert whole.line == segment.line and whole.path == "t.txt"
        if whole.column is not None:
            assert _covered(text, whole) == segment.text
        if len(segment.text) > 3:
            span = locate(result, alignment, Flag("x", Severity.ERROR, "m", "target", 1, 3))
            if span.column is not None:
                assert _covered(text, span) == segment.text[1:3]


def test_which_lines_get_columns() -> None:
    assert line_starts(_result(LAYOUTS["plain"]).target) == {1: 0, 3: 12, 4: 35}
    assert 1 in line_starts(_result(LAYOUTS["indented first line"]).target), "line 1 always starts at 0"
    assert line_starts(_result(LAYOUTS["indented later line"]).target) == {1: 0}, "indent or trailing blank?"
    assert line_starts(_result(LAYOUTS["trailing blanks"]).target) == {1: 0}
    assert line_starts(_result(LAYOUTS["blank line with spaces"]).target) == {1: 0}


def test_a_span_across_two_segments_and_odd_offsets() -> None:
    text = "Alpha one. Beta two.\nGamma three.\n"
    source = segment_text(text, "en", path="s.txt")
    assert [s.text for s in source.segments] == ["Alpha one.", "Beta two.", "Gamma three."]
    ids = (0, 1, 2)
    alignment = Alignment(0, ids, ids, join_segments(source, ids), join_segments(source, ids))
    result = CheckResult(source, source, [alignment], "m", Summary(3, 3, 1, None, {}, True))
    joined = alignment.target_text
    start = joined.index("one")
    end = joined.index("Gamma") + len("Gam")
    location = locate(result, alignment, Flag("x", Severity.ERROR, "m", "target", start, end))
    assert (location.line, location.column, location.end_line, location.end_column) == (1, 7, 2, 4)
    assert _covered(text, location) == "one. Beta two.\nGam"
    # an end on the joiner belongs to the segment before it; a start on it to the one after
    joiner = joined.index(" Gamma")
    ends_on_joiner = locate(result, alignment, Flag("x", Severity.ERROR, "m", "target", 0, joiner + 1))
    assert (ends_on_joiner.end_line, ends_on_joiner.end_column) == (1, 21)
    starts_on_joiner = locate(
        result, alignment, Flag("x", Severity.ERROR, "m", "target", joiner, len(joined))
    )
    assert (starts_on_joiner.line, starts_on_joiner.column) == (2, 1)
    reversed_span = locate(result, alignment, Flag("x", Severity.ERROR, "m", "target", end, start))
    assert reversed_span == location
    caret = locate(result, alignment, Flag("x", Severity.ERROR, "m", "target", 5, 5))
    assert (caret.column, caret.end_column) == (6, 6)
    beyond = locate(result, alignment, Flag("x", Severity.ERROR, "m", "target", 0, 10_000))
    assert (beyond.end_line, beyond.end_column) == (2, 13)


def test_a_document_without_file_offsets_gets_no_columns() -> None:
    source = Document("en", [], path=None)
    target = segment_text("Hello there.", "en")
    target = Document("ko", [s.__class__(s.id, s.text, 0) for s in target.segments])  # line 0: unknown
    alignment = Alignment(0, (), (0,), "", "Hello there.")
    result = CheckResult(source, target, [alignment], "m", Summary(0, 1, 1, None, {}, True))
    assert locate(result, alignment, Flag("x", Severity.ERROR, "m", "target", 0, 5)) == Location(
        None, 0, end_line=0
    )


def test_relative_path() -> None:
    assert relative_path("a/b.txt", cwd="/work") == "a/b.txt"
    assert relative_path("/work/x/y.txt", cwd="/work") == "x/y.txt"
    assert relative_path("/elsewhere/y.txt", cwd="/work") == "/elsewhere/y.txt"
