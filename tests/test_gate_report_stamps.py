"""A warm batch does not write again the reports already on disk as it would write them: the output
folder's marker records each report's render key, size and modification time."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tqcheck.gate.report_stamps import ReportStamps, render_key, stamp

from conftest import CORPORA


def _written(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_report_is_fresh_only_under_its_own_key_and_untouched(tmp_path: Path) -> None:
    report = _written(tmp_path, "a.json", "{}")
    marker = tmp_path / ".tqcheck-output"
    marker.write_text(ReportStamps.load(marker).merged({str(report): stamp(report, "k1")}))
    stamps = ReportStamps.load(marker)
    assert stamps.fresh(report, "k1")
    assert not stamps.fresh(report, "k2")  # other settings, other contents, other baseline
    assert not stamps.fresh(tmp_path / "b.json", "k1")  # never written
    report.write_text('{"edited": true}', encoding="utf-8")
    assert not stamps.fresh(report, "k1")  # changed by hand since
    report.unlink()
    assert not stamps.fresh(report, "k1")  # deleted


def test_the_record_names_reports_inside_the_folder_and_keeps_earlier_ones(tmp_path: Path) -> None:
    first, second = _written(tmp_path, "a.json", "1"), _written(tmp_path, "b.json", "2")
    marker = tmp_path / ".tqcheck-output"
    marker.write_text(ReportStamps.load(marker).merged({str(first): stamp(first, "k")}))
    marker.write_text(ReportStamps.load(marker).merged({str(second): stamp(second, "k")}))
    assert sorted(json.loads(marker.read_text())["reports"]) == ["a.json", "b.json"]
    # the same folder reached by another spelling of its path
    elsewhere = ReportStamps.load(Path(os.path.relpath(marker)))
    assert elsewhere.fresh(Path(os.path.relpath(first)), "k")


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"reports": 3}'])
def test_an_empty_or_foreign_marker_records_nothing(tmp_path: Path, text: str) -> None:
    report = _written(tmp_path, "a.json", "{}")
    marker = _written(tmp_path, ".tqcheck-output", text)
    assert not ReportStamps.load(marker).fresh(report, "k")


def test_the_render_key_changes_with_anything_the_report_shows() -> None:
    base = render_key("result", ["a.en.txt", "a.ko.txt"], [], "html")
    assert base == render_key("result", ["a.en.txt", "a.ko.txt"], [], "html")
    assert base != render_key("other", ["a.en.txt", "a.ko.txt"], [], "html")
    assert base != render_key("result", ["b.en.txt", "b.ko.txt"], [], "html")
    assert base != render_key("result", ["a.en.txt", "a.ko.txt"], [(3, 0)], "html")
    assert base != render_key("result", ["a.en.txt", "a.ko.txt"], [], "json")


@pytest.mark.slow
def test_a_warm_batch_writes_only_the_reports_that_changed(tmp_path: Path) -> None:
    from tqcheck.gate.batch import BatchOptions
    from tqcheck.gate.run import BatchRequest, execute
    from tqcheck.pipeline import CheckOptions

    source = (CORPORA / "clean-1" / "source.en.txt").read_text(encoding="utf-8").splitlines()
    target = (CORPORA / "clean-1" / "target.ko.txt").read_text(encoding="utf-8").splitlines()
    folder = tmp_path / "batch"
    folder.mkdir()
    for number, start in enumerate((0, 2, 4)):
        _written(folder, f"d{number}.en.txt", "\n".join(source[start : start + 3]) + "\n")
        _written(folder, f"d{number}.ko.txt", "\n".join(target[start : start + 3]) + "\n")
    out = tmp_path / "out"
    options = BatchOptions(
        check=CheckOptions(cache_dir=tmp_path / "cache"), output_dir=out, reports=("json", "html")
    )
    request = BatchRequest(inputs=[folder], options=options, jobs=2, quiet=True)

    def times() -> dict[str, int]:
        return {path.name: path.stat().st_mtime_ns for path in out.glob("d*.*")}

    first = execute(request)
    assert len(times()) == 6 and not any(outcome.cached for outcome in first.outcomes)
    before = times()
    second = execute(request)
    assert all(outcome.cached for outcome in second.outcomes)
    assert times() == before  # nothing written again
    listed = {Path(path).name for outcome in second.outcomes for path in outcome.reports.values()}
    assert listed == set(before)

    (out / "d0.html").unlink()
    _written(folder, "d1.ko.txt", "\n".join(target[2:4]) + "\n")
    third = execute(request)
    after = times()
    assert {name for name in after if after[name] != before.get(name)} == {"d0.html", "d1.html", "d1.json"}
    cached = {outcome.item.id: outcome.cached for outcome in third.outcomes}
    assert cached == {"d0": True, "d1": False, "d2": True}
