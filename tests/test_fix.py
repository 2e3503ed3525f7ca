"""``tqcheck fix`` and ``tqcheck.report.fix``: suggested repairs applied to the target file's text,
only where unambiguous, nothing else changed, and shown beside the flag in every report."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tqcheck
from tqcheck.cli import app
from tqcheck.io.read import read_text
from tqcheck.model import CheckResult, Flag, Severity
from tqcheck.report.fix import OVERLAP, apply_suggestions, unified_diff
from tqcheck.report.frames import flag_frame, spreadsheet_frame
from tqcheck.report.render import render

SOURCE = """Facing Meta's new same-day shopping service, the company has been racing to cut costs.
Haulwise disputes the union's figures.

It rained on Monday. The national team lost the final match.
Officials said the rules will take effect next year.
"""
TARGET = """직면메타의 새 당일 쇼핑 서비스에 회사는 비용 절감을 서둘러 왔다.
하울와이즈는 노조의 수치에 이의를 제기하고 있다.

월요일에 비가 왔다. 국가 국가 대표팀이 결승전에서 졌다.
관계자들은 새 규정이 내년부터 시행된다고 밝혔다.
"""
FIXED = TARGET.replace("직면메타의", "직면 메타의").replace("국가 국가", "국가")


@pytest.fixture(scope="module")
def embedder() -> tqcheck.Embedder:
    from tqcheck.pipeline import CheckOptions, make_embedder

    return make_embedder(CheckOptions())


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory, embedder: tqcheck.Embedder) -> tuple[CheckResult, str]:
    folder = tmp_path_factory.mktemp("fix")
    (folder / "source.en.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "target.ko.txt").write_text(TARGET, encoding="utf-8")
    result = tqcheck.check_files(folder / "source.en.txt", folder / "target.ko.txt", embedder=embedder)
    return result, read_text(folder / "target.ko.txt").text


def _with_flag(result: CheckResult, index: int, flag: Flag) -> CheckResult:
    """A copy of ``result`` with one more flag on alignment ``index`` (the original is shared)."""
    alignments = [dataclasses.replace(a, flags=list(a.flags)) for a in result.alignments]
    alignments[index].flags.append(flag)
    return dataclasses.replace(result, alignments=alignments)


def _flagged(result: CheckResult, code: str) -> tuple[int, Flag]:
    return next((i, f) for i, a in enumerate(result.alignments) for f in a.flags if f.code == code)


def test_fused_token_and_repetition_are_repaired_and_nothing_else_changes(
    checked: tuple[CheckResult, str],
) -> None:
    result, text = checked
    fixed = apply_suggestions(result, text)
    assert fixed.text == FIXED
    assert sorted(edit.code for edit in fixed.applied) == ["fused-token", "repetition"]
    assert [(edit.line, edit.old, edit.new) for edit in fixed.applied] == [
        (1, "직면메타의", "직면 메타의"),
        (4, " 국가", ""),
    ]
    assert fixed.skipped == ()


def test_overlapping_suggestions_are_skipped_and_the_rest_applied(checked: tuple[CheckResult, str]) -> None:
    result, text = checked
    index, fused = _flagged(result, "fused-token")
    assert fused.start is not None and fused.end is not None
    rival = Flag("other", Severity.WARNING, "another repair", "target", fused.start, fused.start + 2, "XX")
    fixed = apply_suggestions(_with_flag(result, index, rival), text)
    assert fixed.text == TARGET.replace("국가 국가", "국가")  # the repetition still goes
    assert sorted((s.code, s.reason) for s in fixed.skipped) == [("fused-token", OVERLAP), ("other", OVERLAP)]
    # two flags suggesting the same replacement for the same span agree: applied once
    twin = dataclasses.replace(fused, code="twin")
    assert apply_suggestions(_with_flag(result, index, twin), text).text == FIXED


def test_a_span_across_two_segments_or_on_the_source_is_skipped(checked: tuple[CheckResult, str]) -> None:
    result, text = checked
    rained = next(s.id for s in result.target.segments if s.text.startswith("월요일에"))
    ids = (rained, rained + 1)  # two target sentences of one line, as a 1-2 alignment would hold them
    joined = " ".join(result.target.segments[i].text for i in ids)
    across = Flag("x", Severity.INFO, "m", "target", 0, len(joined), "한 문장")
    on_source = Flag("y", Severity.INFO, "m", "source", 0, 3, "abc")
    pair = dataclasses.replace(
        result.alignments[0], target_ids=ids, target_text=joined, flags=[across, on_source]
    )
    fixed = apply_suggestions(dataclasses.replace(result, alignments=[pair]), text)
    assert sorted((s.code, s.reason) for s in fixed.skipped) == [
        ("x", "spans two target segments"),
        ("y", "not a span of the target"),
    ]
    assert fixed.text == text and fixed.applied == ()


def test_unified_diff_is_well_formed_and_applies_back(checked: tuple[CheckResult, str]) -> None:
    result, text = checked
    fixed = apply_suggestions(result, text).text
    patch = unified_diff(text, fixed, "a/target.ko.txt", "b/fixed.ko.txt")
    lines = patch.splitlines(keepends=True)
    assert lines[0] == "--- a/target.ko.txt\n" and lines[1] == "+++ b/fixed.ko.txt\n"
    assert _apply_patch(text, patch) == fixed
    assert unified_diff(text, text, "a", "b") == ""
    # no final newline: marked as diff marks it, so patch tools accept it
    assert "\\ No newline at end of file\n" in unified_diff("가\n나", "가\n다", "a", "b")


def _apply_patch(original: str, patch: str) -> str:
    """Apply a unified diff by its hunk headers, checking every context and removed line."""
    source = original.splitlines(keepends=True)
    out: list[str] = []
    position = 0
    lines = patch.splitlines(keepends=True)[2:]
    k = 0
    while k < len(lines):
        header = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n", lines[k])
        assert header, lines[k]
        start = int(header.group(1)) - (0 if header.group(2) == "0" else 1)
        out += source[position:start]
        position = start
        k += 1
        while k < len(lines) and not lines[k].startswith("@@"):
            kind, body = lines[k][0], lines[k][1:]
            if kind in " -":
                assert source[position] == body
                position += 1
            if kind in " +":
                out.append(body)
            k += 1
    return "".join(out + source[position:])


def test_reports_show_the_suggestion_escaped(checked: tuple[CheckResult, str]) -> None:
    result, _ = checked
    index, fused = _flagged(result, "fused-token")
    shown = _with_flag(result, index, dataclasses.replace(fused, code="probe", suggestion="<b>&</b>"))
    html = render(shown, "html", "all")
    assert isinstance(html, str)
    assert '<span class="suggestion"' in html and "→ 직면 메타의" in html
    assert "→ &lt;b&gt;&amp;&lt;/b&gt;" in html and "<b>&</b>" not in html
    messages = " ".join(spreadsheet_frame(result)["messages"])
    assert "(→ 직면 메타의)" in messages and "(→ delete)" in messages
    frame = flag_frame(result)
    assert set(frame.loc[frame["code"] == "fused-token", "suggestion"]) == {"직면 메타의"}
    table = render(result, "table", "flagged", 140)
    assert isinstance(table, str) and "→ 직면 메타의" in table
    json_flags = [flag for a in result.alignments for flag in a.flags]
    assert all("suggestion" in flag.to_dict() for flag in json_flags)


def test_fix_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    source, target = tmp_path / "s.en.txt", tmp_path / "t.ko.txt"
    source.write_text(SOURCE, encoding="utf-8")
    target.write_text(TARGET, encoding="utf-8")
    for output in (str(target), str(tmp_path / "." / "t.ko.txt")):
        outcome = CliRunner().invoke(app, ["fix", str(source), str(target), "-o", output])
        assert outcome.exit_code == 2
        assert "never changes its input" in outcome.output
    outcome = CliRunner().invoke(app, ["fix", str(source), str(target), "-o", "x.txt", "--diff", str(target)])
    assert outcome.exit_code == 2
    assert target.read_text(encoding="utf-8") == TARGET


@pytest.mark.slow
def test_fix_command_writes_the_fixed_file_and_the_diff(tmp_path: Path) -> None:
    source, target = tmp_path / "s.en.txt", tmp_path / "t.ko.txt"
    source.write_text(SOURCE, encoding="utf-8")
    target.write_text(TARGET, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "tqcheck",
        "fix",
        str(source),
        str(target),
        "-o",
        str(tmp_path / "f.ko.txt"),
    ]
    done = subprocess.run([*command, "--diff", "-"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "f.ko.txt").read_text(encoding="utf-8") == FIXED
    assert target.read_text(encoding="utf-8") == TARGET
    assert _apply_patch(TARGET, done.stdout) == FIXED
    assert "2 suggestion(s) applied, 0 skipped" in done.stderr
    done = subprocess.run(
        [*command, "--diff", str(tmp_path / "fix.diff")], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0 and done.stdout == ""
    assert _apply_patch(TARGET, (tmp_path / "fix.diff").read_text(encoding="utf-8")) == FIXED
