"""GitHub Actions annotations and the job summary for a batch."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tqcheck.gate.baseline import build_baseline
from tqcheck.model import BatchItem, DocumentOutcome, Flag, Severity
from tqcheck.report.github import (
    ANNOTATIONS_PER_JOB,
    ANNOTATIONS_PER_LEVEL,
    escape_data,
    escape_property,
    github_annotations,
    step_summary_markdown,
    workflow_command,
    write_step_summary,
)

from batchutil import Samples, samples
from conftest import REPO

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    return samples(tmp_path_factory)


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(REPO)
    yield


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    properties = dict(part.split("=", 1) for part in (match.group(2) or "").split(",") if part)
    return match.group(1), properties, match.group(3)


def _levels(lines: list[str]) -> Counter[str]:
    return Counter(_parse(line)[0] for line in lines)


def test_escaping_follows_the_runner() -> None:
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("dir:a,b/50%\n") == "dir%3Aa%2Cb/50%25%0A"
    line = workflow_command(
        "warning", "two\nlines", {"file": "a,b:c.txt", "line": 3, "col": None, "title": "t: x"}
    )
    assert line == "::warning file=a%2Cb%3Ac.txt,line=3,title=t%3A x::two%0Alines"
    assert workflow_command("notice", "plain", {}) == "::notice::plain"


def test_annotations_most_severe_first_with_exact_places(batch: Samples) -> None:
    lines, notice = github_annotations([batch.news, batch.clean])
    levels = [_parse(line)[0] for line in lines]
    assert levels == sorted(levels, key=["error", "warning", "notice"].index)
    assert notice is None, "the news sample's flags fit in GitHub's limits"
    number = next(line for line in lines if "title=tqcheck number-mismatch" in line)
    command, properties, message = _parse(number)
    assert command == "error"
    assert properties == {
        "file": "corpora/news-1/target.ko.txt",
        "line": "9",
        "col": "162",
        "endColumn": "164",  # inclusive: "30명" is columns 162-164
        "title": "tqcheck number-mismatch",
    }
    assert "30명" in message
    omission = next(line for line in lines if "title=tqcheck omission" in line)
    assert _parse(omission)[1]["file"] == "corpora/news-1/source.en.txt"


def test_segment_files_and_unreadable_documents(batch: Samples) -> None:
    lines, _ = github_annotations([batch.units, batch.broken])
    first = _parse(lines[0])
    assert (
        first[0] == "error" and first[1]["file"] == "broken/target.ko.txt" and first[2].startswith("broken: ")
    )
    unit = next(_parse(line) for line in lines if "number-mismatch" in line)
    assert unit[1]["file"] == "corpora/units.xlf" and unit[1]["line"] == "8" and "col" not in unit[1]


def _with_extra_flags(outcome: DocumentOutcome, severity: Severity, count: int) -> DocumentOutcome:
    copied = copy.deepcopy(outcome)
    assert copied.result is not None
    alignment = copied.result.alignments[1]
    alignment.flags.extend(Flag(f"extra-{i}", severity, f"extra {i}", "target", 0, 1) for i in range(count))
    return copied


def test_limits_per_level_and_in_all_with_one_summary_notice(batch: Samples) -> None:
    many = _with_extra_flags(batch.news, Severity.INFO, 15)
    lines, notice = github_annotations([many, batch.units, batch.broken])
    levels = _levels(lines)
    assert levels["error"] == ANNOTATIONS_PER_LEVEL, "more than 10 errors: the first 10"
    assert levels["notice"] == ANNOTATIONS_PER_LEVEL - 1, "room for the summary notice"
    assert notice is not None and notice.startswith("::notice title=tqcheck%3A more flags::")
    total = sum(len(a.flags) for o in (many, batch.units) for a in o.result.alignments) + 1  # type: ignore[union-attr]
    left_out = int(re.search(r"::(\d+) more", notice).group(1))  # type: ignore[union-attr]
    assert len(lines) + left_out == total

    lines, notice = github_annotations([many], limit_per_level=3, limit_total=5)
    assert len(lines) == 4 and notice is not None, "the summary is the fifth"
    assert _levels(lines) == Counter({"error": 3, "warning": 1})
    assert ANNOTATIONS_PER_JOB == 50


def test_baselined_flags_are_not_annotated(batch: Samples) -> None:
    baseline = build_baseline([batch.news])
    lines, notice = github_annotations([batch.news, batch.broken], baseline=baseline)
    assert len(lines) == 1 and "broken" in lines[0] and notice is None


def test_step_summary_table(batch: Samples) -> None:
    odd = DocumentOutcome(item=BatchItem(id="a|b <i>x</i>", input="x"), error="line one\nline | two")
    markdown = step_summary_markdown([*batch.all, odd])
    lines = markdown.splitlines()
    assert lines[0] == "### tqcheck: 5 document(s): 1 passed, 2 failed, 2 not checked"
    header = "| Document | Verdict | Errors | Warnings | Info | Fidelity | Top codes |"
    assert lines[2] == header
    rows = [line for line in lines[4:] if line.startswith("|")]
    assert [row.split(" | ")[0][2:] for row in rows] == [
        r"a\|b &lt;i&gt;x&lt;/i&gt;",
        "broken",
        "news-1",
        "units",
        "clean-1",
    ]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == header.count("|") for row in rows), "no stray column"
    news = rows[2]
    summary = batch.news.result.summary
    assert "❌ failed" in news and f"{summary.fidelity:.3f}" in news
    assert f"fused-token ×{summary.flag_counts['fused-token']}" in news
    assert r"line one line \| two" in rows[0]
    assert "✅ passed" in rows[4]


def test_write_step_summary_appends_only_when_set(batch: Samples, tmp_path: Path) -> None:
    assert write_step_summary([batch.clean], env={}) is False
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n", encoding="utf-8")
    assert write_step_summary([batch.clean], env={"GITHUB_STEP_SUMMARY": str(target)}) is True
    text = target.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### tqcheck: 1 document(s): 1 passed")
    missing = tmp_path / "no-such-dir" / "summary.md"
    assert write_step_summary([batch.clean], env={"GITHUB_STEP_SUMMARY": str(missing)}) is False
