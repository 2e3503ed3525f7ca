"""How well ``tqcheck batch --dask`` spreads a batch over workers: parallel efficiency on one machine.

Builds DOCS documents of SIZE consecutive pairs, laid out as ``benchmarks.batch_eval`` lays them out
but cut from both halves of both shared corpora without overlapping (there is no tuning here to
keep the report half clean for), and checks them, each run in a fresh process with empty caches:

- **single process**: ``run_batch`` in-process, one embedding thread and single-threaded BLAS (one
  core, and the numeric set-up Dask gives its workers: its nannies start them with
  ``OMP_NUM_THREADS=1`` and friends, and tqcheck's scores move in the 4th decimal with BLAS's
  thread count);
- **Dask, W workers** (``local:W``): a local cluster of W single-threaded worker processes, one
  embedding thread each, for W = 1 and 2.

Efficiency is (single-process time) / (W × cluster time): 1.0 means W workers finish W times
sooner than one core does alone. It is given end to end (cluster start, model loading and all, what
a user waits for) and from the moment every worker has its models (the steady state, which is what
a long batch converges to). Each run's per-document JSON reports are compared with the
single-process run's. Figures go to ``docs/benchmarks.md`` with ``--write-docs``.

    python -m benchmarks.dask_eval [--docs 40 --size 40 --workers 1 2] [--write-docs]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.common.corpus import CORPORA, load_pairs
from benchmarks.common.docs import DOCS_FILE, command_line, replace_section
from benchmarks.common.runner import child_env, write_article_pair

SECTION_HEADING = "## Dask (dask_eval.py)"
#: What Dask's nannies set in every worker (``distributed.nanny.pre-spawn-environ``).
SINGLE_THREADED_BLAS = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# One run, in a fresh process: the batch through run_batch (in-process, a local process pool with
# "jobs:W", or a Dask cluster), timed from the call to the last outcome, and from on_start.
_RUN = """
import json, sys, time
from pathlib import Path
from tqcheck.gate.batch import BatchOptions, run_batch
from tqcheck.io.discover import discover
from tqcheck.pipeline import CheckOptions

folder, out, cache, mode = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
jobs = int(mode.removeprefix("jobs:")) if mode.startswith("jobs:") else 1
dask = mode if mode and not mode.startswith("jobs:") else None
items = sorted(discover([folder]).items, key=lambda item: item.id)
options = BatchOptions(check=CheckOptions(cache_dir=cache), output_dir=out, reports=("json",), threads=1)
marks = {}
started = time.perf_counter()
outcomes = list(run_batch(items, options, jobs,
                          on_start=lambda: marks.setdefault("ready", time.perf_counter()), dask=dask))
ended = time.perf_counter()
errors = [f"{outcome.item.id}: {outcome.error}" for outcome in outcomes if outcome.error]
print(json.dumps({"total": ended - started, "steady": ended - marks.get("ready", started),
                  "documents": len(outcomes), "errors": errors}))
"""


def build_documents(folder: Path, docs: int, size: int) -> list[str]:
    """Write ``docs`` documents of ``size`` pairs that share no window, so workers never embed the
    same sentences at once: overlapping documents (``batch_eval``'s windows) would charge a parallel
    run for embedding twice what one process embeds once and then finds in its cache."""
    pairs = [pair for corpus in CORPORA for pair in load_pairs(corpus, "all") if pair.en and pair.ko]
    if docs * size > len(pairs):
        raise SystemExit(f"{docs} × {size} pairs asked for, the corpora hold {len(pairs)}")
    folder.mkdir(parents=True)
    sentences: list[str] = []
    for number in range(docs):
        window = pairs[number * size : (number + 1) * size]
        sentences.extend(write_article_pair(folder, f"doc{number:04d}", window))
    return sentences


def run_once(folder: Path, work: Path, name: str, mode: str) -> dict[str, Any]:
    """One cold run (fresh caches) in a fresh process: wall times, CPU seconds of the process and its
    worker processes, and where its reports are."""
    out, cache = work / f"out-{name}", work / f"cache-{name}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run(
        [sys.executable, "-c", _RUN, str(folder), str(out), str(cache), mode],
        capture_output=True,
        text=True,
        env=child_env(None) | SINGLE_THREADED_BLAS,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise SystemExit(f"{name} failed (exit {completed.returncode}):\n{completed.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    if figures["errors"]:
        raise SystemExit(f"{name}: documents errored: {figures['errors'][:5]}")
    figures["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures["out"] = out
    return figures


def compare_reports(reference: Path, other: Path) -> tuple[int, int, Counter[str]]:
    """How many of the reference run's JSON reports the other run wrote byte for byte, how many
    differ only in ``settings.embeddings.computed`` (how many vectors that run had to embed, which
    depends on what other documents had put in the cache first), and which fields differed."""
    identical = only_computed = 0
    fields: Counter[str] = Counter()
    for path in sorted(reference.glob("*.json")):
        theirs = other / path.name
        if not theirs.is_file():
            fields["(missing)"] += 1
            continue
        if path.read_bytes() == theirs.read_bytes():
            identical += 1
            continue
        differing = set(_differences(json.loads(path.read_bytes()), json.loads(theirs.read_bytes())))
        fields.update(differing)
        only_computed += differing == {"settings.embeddings.computed"}
    return identical, only_computed, fields


def _differences(mine: Any, theirs: Any, where: str = "") -> list[str]:
    """The paths (list indices dropped) at which two JSON values differ."""
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return [
            found
            for key in mine.keys() | theirs.keys()
            for found in _differences(mine.get(key), theirs.get(key), f"{where}.{key}".lstrip("."))
        ]
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        return [found for a, b in zip(mine, theirs, strict=True) for found in _differences(a, b, where)]
    return [] if mine == theirs else [where]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--no-control",
        action="store_true",
        help="skip the local process pool (--jobs W, W the most workers) run, the control without Dask",
    )
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    runs = [(f"Dask `local:{w}` ({w} × 1 core)", f"local:{w}", w) for w in args.workers]
    if not args.no_control:
        most = max(args.workers)
        runs.append((f"control: process pool `--jobs {most}`, no Dask", f"jobs:{most}", most))
    work = Path(tempfile.mkdtemp(prefix="tqcheck-dask-eval-"))
    try:
        folder = work / "batch"
        sentences = build_documents(folder, args.docs, args.size)
        load_before = os.getloadavg()[0]
        single = run_once(folder, work, "single", "")
        print(
            f"single process: {single['total']:.1f} s ({single['steady']:.1f} s after start, "
            f"{single['cpu']:.1f} CPU s)",
            flush=True,
        )
        rows = [
            "| run | seconds | after start | CPU seconds | efficiency | after start | CPU efficiency |"
            " reports identical |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            f"| single process, 1 core | {single['total']:.1f} | {single['steady']:.1f} | {single['cpu']:.1f}"
            " | | | | |",
        ]
        efficiencies: dict[int, float] = {}
        differing: Counter[str] = Counter()
        for label, mode, workers in runs:
            figures = run_once(folder, work, mode.replace(":", "-"), mode)
            total = single["total"] / (workers * figures["total"])
            steady = single["steady"] / (workers * figures["steady"])
            cpu = single["cpu"] / figures["cpu"]
            if mode.startswith("local:"):
                efficiencies[workers] = total
            identical, only_computed, fields = compare_reports(single["out"], figures["out"])
            differing.update(fields)
            reports = f"{identical}/{args.docs}" + (
                f" (+{only_computed} differing only in `embeddings.computed`)" if only_computed else ""
            )
            print(
                f"{mode}: {figures['total']:.1f} s ({figures['steady']:.1f} s after start, "
                f"{figures['cpu']:.1f} CPU s), efficiency {total:.2f} ({steady:.2f} after start, "
                f"CPU {cpu:.2f}), reports identical {reports}; differing fields {dict(fields)}",
                flush=True,
            )
            rows.append(
                f"| {label} | {figures['total']:.1f} | "
                f"{figures['steady']:.1f} | {figures['cpu']:.1f} | {total:.2f} | {steady:.2f} | {cpu:.2f} | "
                f"{reports} |"
            )
        load_after = os.getloadavg()[0]
        worst = min(efficiencies.values()) if efficiencies else float("nan")
        other_fields = sorted(set(differing) - {"settings.embeddings.computed"})
        section = "\n".join(
            [
                SECTION_HEADING,
                "",
                f"`{command_line('benchmarks.dask_eval', sys.argv[1:] if argv is None else argv)}`",
                "",
                f"{args.docs} documents of {args.size} consecutive pairs each ({len(sentences):,} sentences,",
                "windows over both shared corpora that do not overlap, so no two workers embed the same",
                "sentences). Each run is a fresh process with empty caches, one embedding thread and",
                "single-threaded BLAS per process (what Dask's nannies give their workers), so W workers",
                "use W cores. Efficiency = single-process time / (W × cluster time); *after start* counts",
                "from the moment every worker is set up; *CPU efficiency* = the single process's CPU seconds",
                "/ the cluster run's (all its processes), which other jobs on the machine move far less.",
                "*Reports identical*: per-document JSON reports byte for byte the single-process run's. The",
                "control runs the same workers as a local process pool (`tqcheck batch --jobs W`), without",
                "Dask: what W processes get out of this machine anyway.",
                "",
                *rows,
                "",
                f"Lowest end-to-end Dask efficiency: **{worst:.2f}** (target ≥ 0.8). Machine:"
                f" {os.cpu_count()} cores, shared with other jobs (load average {load_before:.1f} before,",
                f"{load_after:.1f} after): wall-clock figures are noisy, and with as many workers as cores",
                "any other load comes straight off them.",
                "",
                "`embeddings.computed` counts the vectors a document's run had to embed rather than find in",
                "the cache; documents sharing sentences (the corpora repeat a few) split that work by the",
                "order they run in, so it can differ from run to run with more than one worker (and between",
                "warm and cold runs). Other fields that differed: "
                f"{', '.join(f'`{field}`' for field in other_fields) or 'none'}.",
                "",
            ]
        )
        print(section)
        if args.write_docs:
            replace_section(DOCS_FILE, SECTION_HEADING, section)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
