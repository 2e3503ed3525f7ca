"""How long ``tqcheck batch`` takes on a realistic delivery, against the time to embed its sentences.

Builds DOCS documents of SIZE consecutive pairs from the shared corpora (``--half``, default report), as
``X.en.txt``/``X.ko.txt`` pairs in one folder, then times, each in a fresh process as CI would run it:

- the **embed-once floor**: the bundled model embedding every distinct sentence of the batch once,
  in one process (the least any checker built on this model must spend);
- a **cold** batch (empty caches) with ``--jobs 1`` and ``--jobs 2``;
- a **warm** batch (nothing changed: every document comes from the result cache);
- **one changed** document (one target file edited; the rest from the cache);
- peak memory (max RSS of the batch process and its workers).

Documents are windows over the corpora, so with more documents than the corpora hold a sentence
appears in several documents; the floor counts each distinct sentence once, so the repetition
helps the floor, not the batch. ``--distinct`` takes windows that do not overlap instead (as many
documents as the half holds), the way a delivery of unrelated articles shares no sentence. Figures go
to ``docs/benchmarks.md`` with ``--write-docs`` (which replaces the whole section).

    python -m benchmarks.batch_eval [--docs 200 --size 40] [--half report] [--distinct] [--write-docs]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common.corpus import CORPORA, SPLITS, load_pairs
from benchmarks.common.docs import DOCS_FILE, command_line, replace_section
from benchmarks.common.runner import child_env, write_article_pair

SECTION_HEADING = "## Batch gate (batch_eval.py)"


def build_batch(
    folder: Path, docs: int, size: int, half: str = "report", distinct: bool = False
) -> list[str]:
    """Write ``docs`` documents of ``size`` pairs; return every sentence they hold. ``distinct``: windows
    that do not overlap (as many documents as the half holds, at most ``docs``), the way a delivery of
    unrelated articles shares no sentence."""
    pairs = [pair for corpus in CORPORA for pair in load_pairs(corpus, half)]
    pairs = [pair for pair in pairs if pair.en and pair.ko]
    if distinct:
        docs = min(docs, len(pairs) // size)
        stride = size
    else:
        stride = max(1, (len(pairs) - size) // max(1, docs - 1))
    sentences: list[str] = []
    folder.mkdir(parents=True)
    for number in range(docs):
        start = (number * stride) % max(1, len(pairs) - size)
        window = pairs[start : start + size]
        sentences.extend(write_article_pair(folder, f"doc{number:04d}", window))
    return sentences


_FLOOR = """
import json, sys, time
from tqcheck.embed import load_embedder
sentences = json.load(open(sys.argv[1], encoding="utf-8"))
embedder = load_embedder(None)
started = time.perf_counter()
for offset in range(0, len(sentences), 256):
    embedder.embed(sentences[offset:offset + 256])
print(time.perf_counter() - started)
"""


def embed_floor(sentences: list[str], work: Path) -> float:
    distinct = list(dict.fromkeys(sentences))
    listing = work / "sentences.json"
    listing.write_text(json.dumps(distinct, ensure_ascii=False), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-c", _FLOOR, str(listing)],
        capture_output=True,
        text=True,
        env=child_env(None),
        check=True,
    )
    return float(completed.stdout.strip().splitlines()[-1])


def run_batch(folder: Path, out: Path, cache: Path, jobs: int) -> tuple[float, int, float]:
    """Wall time, exit code and the children's peak RSS (MiB) of one ``tqcheck batch`` process."""
    command = [
        sys.executable, "-m", "tqcheck", "batch", str(folder), "--output-dir", str(out),
        "--report", "json,html", "--jobs", str(jobs), "--quiet",
    ]  # fmt: skip
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURED, *command], capture_output=True, text=True, env=child_env(cache)
    )
    elapsed = time.perf_counter() - started
    code, peak_kib = (int(value) for value in completed.stdout.strip().splitlines()[-1].split())
    if code not in (0, 1):
        raise SystemExit(f"tqcheck batch exited {code}:\n{completed.stderr[-3000:]}")
    return elapsed, code, peak_kib / 1024


# A fresh wrapper per run, so RUSAGE_CHILDREN holds this run's largest process (the batch or a worker)
# and not an earlier run's.
_MEASURED = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--half", choices=SPLITS, default="report")
    parser.add_argument(
        "--distinct", action="store_true", help="documents share no sentence (non-overlapping windows)"
    )
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="tqcheck-batch-eval-"))
    try:
        folder = work / "batch"
        sentences = build_batch(folder, args.docs, args.size, args.half, args.distinct)
        args.docs = len(list(folder.glob("*.en.txt")))
        distinct = len(set(sentences))
        floor = embed_floor(sentences, work)
        print(f"floor: {distinct} distinct sentences embedded once in {floor:.1f} s", flush=True)
        timings: dict[str, float] = {}
        peaks: dict[str, float] = {}
        for jobs in (1, 2):
            cache = work / f"cache-{jobs}"
            elapsed, code, peak = run_batch(folder, work / f"out-{jobs}", cache, jobs)
            timings[f"cold, --jobs {jobs}"], peaks[f"cold, --jobs {jobs}"] = elapsed, peak
            print(f"cold --jobs {jobs}: {elapsed:.1f} s (exit {code}, peak {peak:.0f} MiB)", flush=True)
        cache = work / "cache-2"
        elapsed, _, _ = run_batch(folder, work / "out-2", cache, 2)
        timings["warm (nothing changed)"] = elapsed
        target = folder / f"doc{args.docs // 2:04d}.ko.txt"
        target.write_text(target.read_text(encoding="utf-8").replace(".", "。", 1), encoding="utf-8")
        elapsed, _, _ = run_batch(folder, work / "out-2", cache, 2)
        timings["one document changed"] = elapsed
        cold = timings["cold, --jobs 2"]
        rows = [
            "| run | seconds | × embed-once floor | target |",
            "| --- | ---: | ---: | --- |",
            f"| embed-once floor ({distinct:,} distinct sentences) | {floor:.1f} | 1.00 | |",
            f"| cold, --jobs 1 | {timings['cold, --jobs 1']:.1f} | "
            f"{timings['cold, --jobs 1'] / floor:.2f} | |",
            f"| cold, --jobs 2 | {cold:.1f} | {cold / floor:.2f} | ≤ 1.3 |",
            f"| warm (nothing changed) | {timings['warm (nothing changed)']:.1f} | "
            f"{timings['warm (nothing changed)'] / floor:.3f} | ≤ 0.05 |",
            f"| one document changed | {timings['one document changed']:.1f} | "
            f"{timings['one document changed'] / floor:.3f} | ≤ 3% of cold "
            f"({timings['one document changed'] / cold:.1%}) |",
        ]
        speedup = timings["cold, --jobs 1"] / cold
        windows = "windows that do not overlap" if args.distinct else "overlapping windows"
        section = "\n".join(
            [
                SECTION_HEADING,
                "",
                f"`{command_line('benchmarks.batch_eval', sys.argv[1:] if argv is None else argv)}`",
                "",
                f"{args.docs} documents of {args.size} consecutive pairs each from the {args.half} half",
                f"of both shared corpora ({len(sentences):,} sentences, {distinct:,} distinct; {windows}),",
                "checked as one",
                "folder with per-document JSON and HTML reports, each run a fresh `tqcheck batch` process",
                "as CI runs it.",
                "",
                *rows,
                "",
                f"`--jobs 2` against `--jobs 1`: **{speedup:.2f}×** (target ≥ 1.6). "
                f"Peak memory (max RSS of one process): {peaks['cold, --jobs 1']:.0f} MiB with `--jobs 1`, "
                f"{peaks['cold, --jobs 2']:.0f} MiB with `--jobs 2`.",
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
