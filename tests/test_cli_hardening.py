"""``tqcheck check`` refuses what it can before the work (issue 13): bad glossary, missing model folder,
inputs past the limits, each one line naming what to change; the JSON echoes ``--glossary``; and
progress goes to stderr unless ``--quiet``.

The in-process tests run in the fast lane; the subprocess ones are marked slow.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tqcheck.config import Config
from tqcheck.embed.cache import CachedEmbedder
from tqcheck.errors import InputError
from tqcheck.model import Document, Segment
from tqcheck.pipeline import CheckOptions, Limits, check_documents, check_files

from conftest import CORPORA, REPO

NEWS = CORPORA / "news-1"


def run(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tqcheck", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _one_line_error(completed: subprocess.CompletedProcess[str], *words: str) -> str:
    assert completed.returncode == 2, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqcheck: error: "), completed.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# --- limits, in process -------------------------------------------------------------------------


def _document(language: str, texts: list[str]) -> Document:
    return Document(language, [Segment(id=i, text=text, paragraph=i) for i, text in enumerate(texts)])  # type: ignore[arg-type]


class RecordingEmbedder:
    """Fails the test if anything is embedded: every limit must be checked before embedding."""

    name = "recording"
    model_id = "test:recording"

    def embed(self, texts: list[str]) -> np.ndarray:
        raise AssertionError(f"embedded {len(texts)} texts before the limits were checked")


def test_too_many_segments_is_refused_before_embedding() -> None:
    source = _document("en", [f"Sentence number {i}." for i in range(11)])
    target = _document("ko", [f"{i}번 문장입니다." for i in range(11)])
    options = CheckOptions(limits=Limits(max_segments=10))
    with pytest.raises(
        InputError, match=r"source has 11 segments.*--max-segments limit of 10.*--max-segments"
    ):
        check_documents(source, target, RecordingEmbedder(), options, Config())


def test_wildly_different_lengths_are_refused_before_embedding() -> None:
    source = _document("en", ["The committee met on Tuesday to discuss the annual budget. " * 3] * 20)
    target = _document("ko", ["위원회가 열렸다."] * 2)
    with pytest.raises(
        InputError, match=r"--max-length-ratio limit of 8.*raise the limit with --max-length-ratio"
    ):
        check_documents(source, target, RecordingEmbedder(), CheckOptions(), Config())
    # the same documents pass the limit when it is raised (and then reach the embedder)
    with pytest.raises(AssertionError, match="embedded"):
        check_documents(
            source, target, RecordingEmbedder(), CheckOptions(limits=Limits(max_length_ratio=1000)), Config()
        )


def test_the_length_ratio_spares_short_documents_and_segment_files() -> None:
    limits = Limits()
    short_source = _document("en", ["A long sentence that the translation below leaves mostly out, sadly."])
    short_target = _document("ko", ["짧다."])
    limits.check_documents(
        short_source, short_target, None, pre_aligned=False
    )  # an omission, not wrong files
    long_source = _document("en", ["x" * 3000])
    limits.check_documents(long_source, short_target, None, pre_aligned=True)  # units pair themselves


def test_a_file_over_max_bytes_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.en.txt"
    big.write_bytes(b"The text. " * 200)

    def refuse(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    options = CheckOptions(limits=Limits(max_bytes=1000))
    with pytest.raises(
        InputError, match=r"source file .*big.en.txt is 2,000 bytes, over the --max-bytes limit"
    ):
        check_files(big, big, embedder=RecordingEmbedder(), options=options)


# --- progress, in process -----------------------------------------------------------------------


class CountingEmbedder:
    name = "counting"
    model_id = "test:counting"

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), dtype=np.float32)


def test_cached_embedder_reports_hits_then_each_chunk(tmp_path: Path) -> None:
    embedder = CachedEmbedder(CountingEmbedder(), tmp_path / "cache")
    texts = [f"text {i}" for i in range(600)]
    calls: list[int] = []
    embedder.embed(texts[:100])
    embedder.embed(texts + texts[:5], progress=calls.append)
    assert calls == [100, 256, 244]  # 100 cached, then chunks of 256 of the 500 new ones
    assert sum(calls) == len(set(texts))


# --- the command line ---------------------------------------------------------------------------


@pytest.mark.slow
def test_json_echoes_the_glossary_and_quiet_prints_nothing(tmp_path: Path) -> None:
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target\nSamsung,삼성\n", encoding="utf-8")
    completed = run(
        "check", NEWS / "source.en.txt", NEWS / "target.ko.txt", "--glossary", glossary, "--format", "json",
        "--quiet",
    )  # fmt: skip
    assert completed.returncode in (0, 1), completed.stderr
    assert completed.stderr == ""
    result = json.loads(completed.stdout)
    assert result["settings"]["config"]["glossary"] == str(glossary)


@pytest.mark.slow
def test_progress_goes_to_stderr_without_quiet(tmp_path: Path) -> None:
    completed = run("check", NEWS / "source.en.txt", NEWS / "target.ko.txt", "-o", tmp_path / "r.json")
    assert completed.returncode in (0, 1), completed.stderr
    # not a terminal: plain "tqcheck: <stage>: n/total ..." lines, and only for stages that took 5 s
    assert all(line.startswith("tqcheck: ") for line in completed.stderr.splitlines()), completed.stderr
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["alignments"] > 0


@pytest.mark.slow
def test_a_bad_glossary_fails_before_the_inputs_are_read(tmp_path: Path) -> None:
    glossary = tmp_path / "terms.csv"
    glossary.write_bytes(b"source,target\nCaf\xe9,\xec\xb9\xb4\xed\x8e\x98\n")
    missing = tmp_path / "missing.en.txt"  # were the inputs read first, this would be the error
    completed = run("check", missing, NEWS / "target.ko.txt", "--glossary", glossary)
    _one_line_error(completed, str(glossary), "byte offset 17")


@pytest.mark.slow
def test_a_missing_model_folder_fails_fast_and_before_the_inputs(tmp_path: Path) -> None:
    missing = tmp_path / "missing.en.txt"
    started = time.monotonic()
    completed = run("check", missing, NEWS / "target.ko.txt", "--model", tmp_path / "no-such-model")
    elapsed = time.monotonic() - started
    _one_line_error(completed, "cannot load model", "not on this disk")
    # loading sentence-transformers (torch) to find this out took ~40 s on the CI machine; starting
    # Python and tqcheck takes ~3 s there, so 15 s leaves room for a slow runner without letting it back
    assert elapsed < 15, f"took {elapsed:.1f} s"


@pytest.mark.slow
def test_limits_fail_with_the_flag_to_raise_them(tmp_path: Path) -> None:
    source, target = NEWS / "source.en.txt", NEWS / "target.ko.txt"
    _one_line_error(run("check", source, target, "--max-bytes", "1K"), "--max-bytes limit", "raise the limit")
    _one_line_error(run("check", source, target, "--max-bytes", "lots"), "--max-bytes", "not a size")
    _one_line_error(run("check", source, target, "--max-segments", "5", "-q"), "--max-segments limit of 5")
    completed = run("check", source, target, "--max-length-ratio", "1.1", "-q")
    _one_line_error(completed, "--max-length-ratio limit of 1.1")
