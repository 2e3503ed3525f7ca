"""Running ``tqcheck check`` the way a user would, in a fresh process, and reading its JSON."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common.corpus import DEFAULT_CORPORA, REPO_ROOT, SPLITS, Pair
from benchmarks.common.docs import DOCS_FILE


def child_env(cache_dir: Path | None) -> dict[str, str]:
    """The environment of a child process: this checkout importable, and its own embedding cache."""
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    if cache_dir is not None:
        env["TQCHECK_CACHE_DIR"] = str(cache_dir)
    return env


def check_command(source: Path, target: Path, options: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "tqcheck", "check", str(source), str(target), *options]


def run_check(
    source: Path,
    target: Path,
    options: Sequence[str],
    *,
    cache_dir: Path,
    cwd: Path,
    lines: tuple[int, int] | None = None,
) -> tuple[dict[str, Any], float]:
    """Run the CLI with ``--format json`` among ``options``; return its JSON and the wall time of the
    whole process, start-up included.

    Exit 1 only means flags tripped the gate. With ``lines`` (source, target), the segment counts
    tqcheck reports must equal them, or its ids would not line up with the gold.
    """
    command = check_command(source, target, options)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=child_env(cache_dir), cwd=cwd)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(
            f"tqcheck exited {proc.returncode} on {source.parent.name}:\n{shlex.join(command)}\n"
            f"{proc.stderr[-3000:]}"
        )
    try:
        payload = json.loads(proc.stdout)
    except json.JSONDecodeError as error:
        raise SystemExit(f"tqcheck printed no JSON ({error}); stdout starts {proc.stdout[:500]!r}") from None
    summary = payload.get("summary", {})
    for key, count in zip(("source_segments", "target_segments"), lines or (), strict=False):
        if summary.get(key, count) != count:
            raise SystemExit(
                f"{source.parent.name}: tqcheck saw {summary[key]} {key} but the file has {count} lines; "
                "ids would not line up with the gold (is --split lines honoured?)"
            )
    return payload, elapsed


def write_lines(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_article_pair(folder: Path, name: str, window: Sequence[Pair]) -> list[str]:
    """``NAME.en.txt`` / ``NAME.ko.txt`` as a batch input: one pair per line, a blank line every 5 lines
    (paragraphs, as articles are laid out). Returns the sentences written, English then Korean."""
    for side in ("en", "ko"):
        lines = [getattr(pair, side) + ("\n" if i % 5 == 4 else "") for i, pair in enumerate(window)]
        write_lines(folder / f"{name}.{side}.txt", lines)
    return [pair.en for pair in window] + [pair.ko for pair in window]


@contextmanager
def scratch_dir(workdir: Path | None, prefix: str) -> Iterator[Path]:
    """``workdir`` (kept), or a temporary folder removed afterwards."""
    owned = workdir is None
    path = Path(tempfile.mkdtemp(prefix=prefix)) if workdir is None else workdir
    path.mkdir(parents=True, exist_ok=True)
    try:
        yield path
    finally:
        if owned:
            shutil.rmtree(path, ignore_errors=True)


def add_run_arguments(
    parser: argparse.ArgumentParser, *, docs: int, size: int, docs_help: str, seed: int = 13
) -> None:
    """The options every benchmark that runs the CLI on corpus documents takes, with its defaults for
    how many documents (``--docs``) of how many consecutive corpus pairs (``--size``)."""
    parser.add_argument("--docs", type=int, default=docs, help=docs_help)
    parser.add_argument("--size", type=int, default=size, help="consecutive corpus pairs per document")
    parser.add_argument(
        "--corpora",
        type=Path,
        default=DEFAULT_CORPORA,
        help="folder holding koen-news-dev/ and koen-jhe-dev/",
    )
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument(
        "--half",
        choices=SPLITS,
        default="report",
        help="which half of each corpus to build documents from: figures are quoted from 'report'; "
        "choose constants on 'tune' (see benchmarks/common/corpus.py)",
    )
    parser.add_argument(
        "--extra-args", default="", help='more CLI options for every run, e.g. "--model /path/to/model"'
    )
    parser.add_argument(
        "--workdir", type=Path, help="keep the generated documents and results here (default: a temp dir)"
    )
    parser.add_argument("--json-out", type=Path, help="also write the raw figures as JSON")
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"update this benchmark's section of {DOCS_FILE.relative_to(REPO_ROOT)}",
    )
