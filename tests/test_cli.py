"""The CLI contract other tools depend on: JSON shape, exit codes, input errors, output files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPORA, REPO

pytestmark = pytest.mark.slow  # every test here runs the CLI in a subprocess

NEWS = CORPORA / "news-1"
CLEAN = CORPORA / "clean-1"


def run(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tqcheck", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def run_json(*args: str | Path) -> tuple[int, dict]:
    completed = run("check", *args, "--format", "json")
    assert completed.returncode in (0, 1), completed.stderr
    return completed.returncode, json.loads(completed.stdout)


@pytest.fixture(scope="module")
def news_result() -> tuple[int, dict]:
    return run_json(NEWS / "source.en.txt", NEWS / "target.ko.txt")


def test_json_contract(news_result: tuple[int, dict]) -> None:
    _, result = news_result
    assert result["tool"]["name"] == "tqcheck" and result["tool"]["version"]
    assert result["model"] == "multilingual-e5-small"
    summary = result["summary"]
    for key in ("source_segments", "target_segments", "alignments", "fidelity", "bleu", "chrf",
                "bleu_signature", "flag_counts", "passed"):  # fmt: skip
        assert key in summary
    assert summary["alignments"] == len(result["alignments"])
    assert 0.0 <= summary["fidelity"] <= 1.0
    for alignment in result["alignments"]:
        for key in ("index", "source_ids", "target_ids", "source", "target", "similarity", "fidelity",
                    "bleu", "chrf", "flags"):  # fmt: skip
            assert key in alignment
        for flag in alignment["flags"]:
            assert set(flag) >= {"code", "severity", "message", "side", "start", "end"}


def test_alignment_is_monotonic_and_covers_every_segment(news_result: tuple[int, dict]) -> None:
    _, result = news_result
    source_ids = [i for a in result["alignments"] for i in a["source_ids"]]
    target_ids = [j for a in result["alignments"] for j in a["target_ids"]]
    assert source_ids == list(range(result["summary"]["source_segments"]))
    assert target_ids == list(range(result["summary"]["target_segments"]))


def test_news_sample_matches_gold_alignment(news_result: tuple[int, dict]) -> None:
    """The seed-style article: strict F1 against the hand-made gold, and the dropped sentence is flagged."""
    _, result = news_result
    gold = json.loads((NEWS / "gold.json").read_text(encoding="utf-8"))
    assert result["summary"]["source_segments"] == len(gold["source_segments"])
    assert result["summary"]["target_segments"] == len(gold["target_segments"])
    gold_pairs = {(tuple(a["source"]), tuple(a["target"])) for a in gold["alignments"]}
    predicted = [(tuple(a["source_ids"]), tuple(a["target_ids"])) for a in result["alignments"]]
    correct = sum(pair in gold_pairs for pair in predicted)
    non_null_gold = [pair for pair in gold_pairs if pair[0] and pair[1]]
    precision = correct / len(predicted)
    recall = sum(pair in set(predicted) for pair in non_null_gold) / len(non_null_gold)
    assert 2 * precision * recall / (precision + recall) >= 0.9
    dropped = next(d["source"] for d in gold["defects"] if d["code"] == "omission")
    omissions = [a for a in result["alignments"] if any(f["code"] == "omission" for f in a["flags"])]
    assert any(a["source_ids"] == dropped and a["target_ids"] == [] for a in omissions)


def test_gate_fails_on_error_flags(news_result: tuple[int, dict]) -> None:
    code, result = news_result
    assert result["summary"]["flag_counts"].get("omission", 0) >= 1
    assert result["summary"]["passed"] is False and code == 1


def test_clean_pair_passes() -> None:
    code, result = run_json(CLEAN / "source.en.txt", CLEAN / "target.ko.txt")
    assert code == 0 and result["summary"]["passed"] is True
    assert all(len(a["source_ids"]) == 1 and len(a["target_ids"]) == 1 for a in result["alignments"])
    assert result["summary"]["flag_counts"] == {}


def test_second_run_embeds_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    _, first = run_json(CLEAN / "source.en.txt", CLEAN / "target.ko.txt")
    _, second = run_json(CLEAN / "source.en.txt", CLEAN / "target.ko.txt")
    assert first["settings"]["embeddings"]["computed"] > 0
    assert second["settings"]["embeddings"]["computed"] == 0
    _, uncached = run_json(CLEAN / "source.en.txt", CLEAN / "target.ko.txt", "--no-cache")
    assert uncached["settings"]["embeddings"]["computed"] == first["settings"]["embeddings"]["computed"]
    assert second["alignments"] == first["alignments"]


def _write_lines(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


EN_LINES = ["The council approved the budget on Tuesday.", "It will take effect in March."]
KO_LINES = ["시의회는 화요일 예산안을 승인했다.", "예산안은 3월부터 시행된다."]


def test_split_lines_and_align_none(tmp_path: Path) -> None:
    source = _write_lines(tmp_path / "s.txt", EN_LINES)
    target = _write_lines(tmp_path / "t.txt", KO_LINES)
    _, result = run_json(source, target, "--split", "lines", "--align", "none")
    assert [(a["source_ids"], a["target_ids"]) for a in result["alignments"]] == [([0], [0]), ([1], [1])]


@pytest.mark.parametrize("encoding", ["cp949", "utf-16", "utf-8-sig"])
def test_detected_encoding_is_reported(tmp_path: Path, encoding: str) -> None:
    source = _write_lines(tmp_path / "s.txt", EN_LINES)
    target = _write_lines(tmp_path / "t.txt", KO_LINES, encoding)
    _, result = run_json(source, target)
    reported = result["inputs"]["target"]["encoding"]
    assert reported.replace("-le", "").replace("_", "-") in {encoding, "utf-16"}
    assert result["alignments"][0]["target"] == KO_LINES[0]


def _assert_input_error(completed: subprocess.CompletedProcess[str], *words: str) -> None:
    assert completed.returncode == 2, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in completed.stderr
    assert completed.stdout == ""
    for word in words:
        assert word in lines[0]


def test_input_errors(tmp_path: Path) -> None:
    source = _write_lines(tmp_path / "s.txt", EN_LINES)
    target = _write_lines(tmp_path / "t.txt", KO_LINES)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    _assert_input_error(run("check", tmp_path / "missing.txt", target), "missing.txt")
    _assert_input_error(run("check", source, empty), "empty.txt")
    _assert_input_error(run("check", source, binary), "image.txt")
    _assert_input_error(run("check", target, source), "Korean")
    _assert_input_error(run("check", source, source), "s.txt")
    short = _write_lines(tmp_path / "short.txt", KO_LINES[:1])
    _assert_input_error(run("check", source, short, "--split", "lines", "--align", "none"), "--align")


def test_usage_error_exit_code(tmp_path: Path) -> None:
    completed = run("check", "only-one-argument.txt")
    assert completed.returncode == 2
    completed = run("check", CLEAN / "source.en.txt", CLEAN / "target.ko.txt", "--split", "paragraphs")
    assert completed.returncode == 2


def test_output_file_formats(tmp_path: Path) -> None:
    json_path, csv_path = tmp_path / "r.json", tmp_path / "r.csv"
    for path in (json_path, csv_path):
        completed = run("check", CLEAN / "source.en.txt", CLEAN / "target.ko.txt", "--output", path)
        assert completed.returncode == 0, completed.stderr
        assert completed.stdout == ""
    assert json.loads(json_path.read_text(encoding="utf-8"))["summary"]["passed"] is True
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.json"]


def test_failed_run_leaves_no_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    completed = run("check", tmp_path / "missing.txt", CLEAN / "target.ko.txt", "--output", out)
    assert completed.returncode == 2
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_config_file_changes_the_gate(tmp_path: Path) -> None:
    """Downgrading every code to info in a tqcheck.toml in the working directory lets the sample pass."""
    from tqcheck.checks.registry import registered_codes

    severities = "\n".join(f'"{code}" = "info"' for code in registered_codes())
    (tmp_path / "tqcheck.toml").write_text(f'fail_on = "warning"\n[severity]\n{severities}\n')
    completed = run("check", NEWS / "source.en.txt", NEWS / "target.ko.txt", "--format", "json", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["settings"]["config"]["severities"]["omission"] == "info"
    assert result["summary"]["flag_counts"]["omission"] >= 1


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "tqcheck.toml").write_text('[severity]\nomission = "fatal"\n')
    completed = run("check", CLEAN / "source.en.txt", CLEAN / "target.ko.txt", cwd=tmp_path)
    _assert_input_error(completed, "fatal")


def test_table_output_mentions_verdict() -> None:
    completed = run("check", NEWS / "source.en.txt", NEWS / "target.ko.txt", "--show", "flagged")
    assert completed.returncode == 1
    assert "FAILED" in completed.stdout and "omission" in completed.stdout
