"""The terminal view (``tqcheck check`` without ``--format``): built from real results of the sample
corpora, because what matters is what an editor sees for real flags: the order of the rows, the messages,
the marked spans, the 1-based numbers, and lines that fit the width whatever the script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

import tqcheck
from tqcheck.cli.check import _terminal_width
from tqcheck.model import Alignment, CheckResult, Severity
from tqcheck.report.table_report import (
    MARK_CLOSE,
    MARK_OPEN,
    flag_spans,
    locator,
    ordered_rows,
    render_table,
    segment_numbers,
    wants_colour,
)

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO / "corpora" / "news-1"
CLEAN = REPO / "corpora" / "clean-1"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MARKED = re.compile(re.escape(MARK_OPEN) + r"(.*?)" + re.escape(MARK_CLOSE))


@pytest.fixture(scope="module")
def _cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module fixtures run before conftest's per-test cache isolation: give them their own cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TQCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("table-cache")))
        yield


@pytest.fixture(scope="module")
def news(_cache: None) -> CheckResult:
    return tqcheck.check_files(NEWS / "source.en.txt", NEWS / "target.ko.txt")


@pytest.fixture(scope="module")
def clean(_cache: None) -> CheckResult:
    return tqcheck.check_files(CLEAN / "source.en.txt", CLEAN / "target.ko.txt")


@pytest.fixture(scope="module")
def news_with_reference(_cache: None) -> CheckResult:
    return tqcheck.check_files(
        NEWS / "source.en.txt", NEWS / "target.ko.txt", reference=NEWS / "reference.ko.txt"
    )


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads((NEWS / "gold.json").read_text(encoding="utf-8"))


def _unwrapped(output: str) -> str:
    """The output with its wrapping undone: all runs of blanks (line breaks, indents) as one space."""
    return " ".join(output.split())


def _squeezed(text: str) -> str:
    """``text`` with no blanks at all, to compare texts whatever the wrapping did to their spaces."""
    return "".join(text.split())


def _heading_positions(output: str, result: CheckResult, rows: list[Alignment]) -> list[int]:
    lines = output.splitlines()
    positions = []
    for alignment in rows:
        heading = locator(result, alignment)
        matches = [number for number, line in enumerate(lines) if line.startswith(heading + "  ")]
        assert len(matches) == 1, (heading, matches)
        positions.append(matches[0])
    return positions


# --------------------------------------------------------------------------- order


def test_table_flagged_rows_first_worst_first_then_document_order(news: CheckResult) -> None:
    output = render_table(news, "all", 100, colour=False)
    flagged, rest = ordered_rows(news, "all")
    assert flagged and rest
    assert {a.index for a in flagged} == {a.index for a in news.alignments if a.flags}
    assert [a.index for a in rest] == [a.index for a in news.alignments if not a.flags]
    ranks = [max(Severity(f.severity).rank for f in a.flags) for a in flagged]
    assert ranks == sorted(ranks, reverse=True)
    for rank in set(ranks):  # document order within a severity
        same = [a.index for a, r in zip(flagged, ranks, strict=True) if r == rank]
        assert same == sorted(same)
    positions = _heading_positions(output, news, flagged + rest)
    assert positions == sorted(positions), "the rows are printed in that order"
    lines = output.splitlines()
    first_flagged = next(n for n, line in enumerate(lines) if line.startswith("Flagged:"))
    first_unflagged = next(n for n, line in enumerate(lines) if line.startswith("Not flagged:"))
    assert first_flagged < positions[0] and positions[len(flagged) - 1] < first_unflagged < positions[-1]


def test_table_show_flagged_leaves_out_unflagged_rows(news: CheckResult, clean: CheckResult) -> None:
    output = render_table(news, "flagged", 100, colour=False)
    flagged, rest = ordered_rows(news, "flagged")
    assert rest == []
    _heading_positions(output, news, flagged)
    for alignment in news.alignments:
        if not alignment.flags:
            assert f"\n{locator(news, alignment)}  " not in output
    assert "Not flagged" not in output
    quiet = render_table(clean, "flagged", 100, colour=False)
    assert quiet.startswith("PASSED") and "No flagged alignments." in quiet


# --------------------------------------------------------------------------- verdict


def test_table_verdict_gives_gate_reasons_counts_and_fidelity(news: CheckResult) -> None:
    output = render_table(news, "flagged", 100, colour=False)
    first = output.splitlines()[0]
    errors = sum(1 for a in news.alignments for f in a.flags if f.severity == Severity.ERROR)
    warnings = sum(1 for a in news.alignments for f in a.flags if f.severity == Severity.WARNING)
    assert first.startswith("FAILED") and f"{errors} errors, {warnings} warnings" in first
    for reason in news.summary.gate_reasons:
        assert f"gate: {reason}" in output
    assert f"document fidelity {news.summary.fidelity:.3f}" in output
    assert "BLEU" not in output  # no reference given
    assert output.rstrip().splitlines()[-1].startswith("FAILED"), "recapped under the rows"


def test_table_verdict_gives_bleu_and_chrf_with_a_reference(news_with_reference: CheckResult) -> None:
    summary = news_with_reference.summary
    assert summary.bleu is not None and summary.chrf is not None
    output = render_table(news_with_reference, "flagged", 100, colour=False)
    assert f"BLEU {summary.bleu:.1f}" in output and f"chrF {summary.chrf:.1f}" in output
    assert "REF  " in output, "a flagged row shows the reference translation"


# --------------------------------------------------------------------------- flags and spans


@pytest.mark.parametrize("width", [40, 80, 120])
def test_table_every_flag_has_its_severity_code_and_message(news: CheckResult, width: int) -> None:
    output = render_table(news, "flagged", width, colour=False)
    lines = output.splitlines()
    flat = _unwrapped(output)
    for alignment in news.alignments:
        for flag in alignment.flags:
            severity = Severity(flag.severity).value.upper()
            code = re.compile(rf"^\s+{severity}\s+{re.escape(flag.code)}(\s|$)")
            assert any(code.match(line) for line in lines), (width, flag.code)  # whole, never broken
            assert _unwrapped(flag.message) in flat, (width, flag.message)


def test_table_marks_exactly_the_flagged_spans(news: CheckResult, gold: dict) -> None:
    output = render_table(news, "all", 80, colour=False)
    marked = [_squeezed(text) for text in MARKED.findall(_unwrapped(output))]
    expected = []
    for alignment in ordered_rows(news, "all")[0]:
        for side, text in (("source", alignment.source_text), ("target", alignment.target_text)):
            expected += [_squeezed(text[s:e]) for s, e, _ in flag_spans(alignment.flags, side, len(text))]
    assert marked == expected
    fused = [defect["text"] for defect in gold["defects"] if defect["code"] == "fused-token"]
    assert fused == ["직면메타의", "성명콜로라도주"]
    for text in fused:
        assert f"{MARK_OPEN}{text}{MARK_CLOSE} " in output, text
    # whole-side flags (low fidelity, the omission) mark nothing: the sentence stays readable
    assert "[[It did not say" not in output


def test_flag_spans_merge_overlaps_and_clamp() -> None:
    from tqcheck.model import Flag

    flags = [
        Flag("a", Severity.WARNING, "m", "target", 2, 6),
        Flag("b", Severity.ERROR, "m", "target", 4, 9),
        Flag("c", Severity.INFO, "m", "target", 20, 99),
        Flag("d", Severity.ERROR, "m", "source", 0, 3),
        Flag("e", Severity.ERROR, "m", None, None, None),
    ]
    assert flag_spans(flags, "target", 25) == [(2, 9, Severity.ERROR), (20, 25, Severity.INFO)]
    assert flag_spans(flags, "source", 25) == [(0, 3, Severity.ERROR)]


# --------------------------------------------------------------------------- numbering


def test_table_numbers_segments_from_one_in_words(news: CheckResult, gold: dict) -> None:
    output = render_table(news, "all", 80, colour=False)
    assert "\nEN 16–17 → KO 15  " in output  # the 2-1: source 15+16, target 14 counted from 0
    assert "\nEN 23 → (none)  " in output  # the omission: source 22 counted from 0
    assert "\nEN 7 → KO 7  " in output and "\nEN 1 → KO 1  " in output
    omitted = next(defect for defect in gold["defects"] if defect["code"] == "omission")
    assert omitted["source"] == [22]
    assert segment_numbers((2, 4, 5)) == "3, 5–6" and segment_numbers((0,)) == "1"
    addition = Alignment(index=99, source_ids=(), target_ids=(8,), target_text="덧붙은 문장.")
    assert locator(news, addition) == "(none) → KO 9"


# --------------------------------------------------------------------------- width and wrapping


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("colour", [False, True])
def test_table_no_line_is_wider_than_the_width(
    news: CheckResult, clean: CheckResult, width: int, colour: bool
) -> None:
    for result in (news, clean):
        output = render_table(result, "all", width, colour=colour)
        for line in output.splitlines():
            shown = Text.from_ansi(line).plain if colour else line
            assert cell_len(shown) <= width, (width, shown)


@pytest.mark.parametrize("width", [80, 120])
def test_table_shows_long_korean_sentences_whole(news: CheckResult, clean: CheckResult, width: int) -> None:
    longest = max(news.target.texts(), key=cell_len)
    assert cell_len(longest) > width, "the test needs a Korean sentence that has to wrap"
    for result in (news, clean):
        output = render_table(result, "all", width, colour=False)
        flat = _squeezed(output.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""))
        longest = max(result.target.texts(), key=cell_len)
        assert _squeezed(longest) in flat
        for alignment in result.alignments:
            assert _squeezed(alignment.target_text) in flat and _squeezed(alignment.source_text) in flat


# --------------------------------------------------------------------------- colour


def test_table_has_no_escape_codes_when_not_a_terminal(news: CheckResult) -> None:
    # pytest captures stdout, so the automatic choice is the piped one
    for output in (render_table(news, "all", 80), render_table(news, "all", None), render_table(news)):
        assert "\x1b" not in output
        assert f"{MARK_OPEN}직면메타의{MARK_CLOSE}" in output


def test_table_is_in_colour_when_forced(news: CheckResult) -> None:
    output = render_table(news, "all", 80, colour=True)
    assert ANSI.search(output)
    assert MARK_OPEN not in output and MARK_CLOSE not in output
    shown = Text.from_ansi(output)
    at = shown.plain.index("직면메타의 새로")  # in the Korean text, not the message quoting it
    style = shown.get_style_at_offset(Console(), at)
    assert style.reverse and style.bold, "the flagged span stands out"
    assert not shown.get_style_at_offset(Console(), at + len("직면메타의") + 1).reverse


class _FakeStream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_wants_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert wants_colour(_FakeStream(True)) is True
    assert wants_colour(_FakeStream(False)) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert wants_colour(_FakeStream(True)) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert wants_colour(_FakeStream(True)) is False


# --------------------------------------------------------------------------- the CLI's width


def test_table_width_from_columns_else_100_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "73")
    assert _terminal_width() == 73
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(sys, "stdout", _FakeStream(False))
    assert _terminal_width() == 100
    monkeypatch.setattr(sys, "stdout", _FakeStream(True))  # a "terminal" with no size to ask
    assert _terminal_width() == 100


@pytest.mark.slow
def test_table_piped_cli_output_is_plain_and_100_wide() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR", "NO_COLOR")}
    completed = subprocess.run(
        [sys.executable, "-m", "tqcheck", "check", NEWS / "source.en.txt", NEWS / "target.ko.txt"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert completed.returncode == 1, completed.stderr
    assert "\x1b" not in completed.stdout
    widths = [cell_len(line) for line in completed.stdout.splitlines()]
    assert max(widths) <= 100 and max(widths) > 80
    assert f"{MARK_OPEN}성명콜로라도주{MARK_CLOSE}" in completed.stdout
