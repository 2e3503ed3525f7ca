"""How time and memory grow with document length: the DP alone, and one huge document end to end.

Two measurements, each size in a fresh subprocess so its peak RSS (``ru_maxrss``) is its own:

- ``--sizes``: the aligner alone on synthetic vectors. The DP keeps one band-wide row per source
  sentence, so time and memory should grow linearly with the number of sentences; a quadratic matrix
  would show up as a 100x jump between 2,000 and 20,000 sentences. Vectors are random "meanings" with
  noise, and the target side carries a few merges, splits, drops and insertions, so the band moves.
- ``--pipeline-sizes``: one document pair of N lines a side through the real pipeline
  (``tqcheck.pipeline.check_files``: read, segment, embed, align, checks, score) plus the JSON report,
  with the fast bundled encoder. The documents are built from the shared dev corpora
  (``../shared/corpora``, koen-news-dev and koen-jhe-dev): runs of 10 consecutive pairs, shuffled,
  repeated until N lines, five lines to a paragraph. They are written to a temporary directory outside
  the project and deleted afterwards. Every stage is timed apart, and the peak RSS after each stage
  says which one sets it.

    python -m benchmarks.align_scale --sizes 1000 5000 20000 100000 \\
        --pipeline-sizes 10000 30000 100000 [--write-docs]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common.corpus import CORPORA, DEFAULT_CORPORA, load_pairs
from benchmarks.common.docs import DOCS_FILE, command_line, replace_section
from tqcheck.align.dp import AlignParams, SideFeatures, align_sentences

DIM = 384
SECTION_HEADING = "## Alignment scaling (align_scale.py)"
RUN_LINES = 10
PARAGRAPH_LINES = 5
MODEL = "use-multilingual"


# --------------------------------------------------------------------------- the DP alone


def synthetic_pair(size: int, seed: int) -> tuple[SideFeatures, SideFeatures, int]:
    """A source of ``size`` sentences and a target with ~2% each of merges, drops and insertions."""
    rng = np.random.default_rng(seed)
    meanings = rng.normal(size=(size, DIM)).astype(np.float32)
    source_lengths = rng.integers(40, 200, size=size).astype(np.float64)
    target_vectors: list[np.ndarray] = []
    target_lengths: list[float] = []
    gold_events = 0
    i = 0
    while i < size:
        roll = rng.random()
        if roll < 0.02 and i + 1 < size:  # merge two source sentences into one target sentence
            target_vectors.append(meanings[i] + meanings[i + 1])
            target_lengths.append(0.52 * (source_lengths[i] + source_lengths[i + 1]))
            i += 2
            gold_events += 1
            continue
        if roll < 0.04:  # drop
            i += 1
            gold_events += 1
            continue
        if roll < 0.06:  # insertion of unrelated text
            target_vectors.append(rng.normal(size=DIM).astype(np.float32))
            target_lengths.append(float(rng.integers(20, 100)))
            gold_events += 1
        target_vectors.append(meanings[i])
        target_lengths.append(0.52 * source_lengths[i])
        i += 1
    source = _unit(meanings + 0.4 * rng.normal(size=meanings.shape).astype(np.float32))
    target = np.array(target_vectors)
    target = _unit(target + 0.4 * rng.normal(size=target.shape).astype(np.float32))
    return SideFeatures(source, source_lengths), SideFeatures(target, np.array(target_lengths)), gold_events


def _unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _peak_rss_mib() -> float:
    """This process's peak resident set (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_dp(size: int, seed: int) -> dict[str, float]:
    """Run in the child: one alignment of a synthetic pair."""
    source, target, events = synthetic_pair(size, seed)
    inputs_bytes = source.vectors.nbytes + target.vectors.nbytes
    before = _peak_rss_mib()
    started = time.perf_counter()
    pairs, _ = align_sentences(source, target, AlignParams())
    seconds = time.perf_counter() - started
    return {
        "source": len(source),
        "target": len(target),
        "events": events,
        "alignments": len(pairs),
        "seconds": seconds,
        "peak_mib": _peak_rss_mib(),
        "before_mib": before,
        "inputs_mib": inputs_bytes / 2**20,
        "quadratic_mib": len(source) * len(target) * 8 / 2**20,
    }


def dp_table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| source sentences | target sentences | seconds | µs per sentence | peak RSS (MiB) "
        "| RSS before aligning (MiB) | vectors in (MiB) | a full n×m float64 matrix would be (MiB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['source']:,} | {row['target']:,} | {row['seconds']:.2f} | "
            f"{1e6 * row['seconds'] / row['source']:.0f} | {row['peak_mib']:,.0f} | "
            f"{row['before_mib']:,.0f} | {row['inputs_mib']:.1f} | {row['quadratic_mib']:,.0f} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- the real pipeline


def build_documents(lines: int, seed: int, corpora_dir: Path = DEFAULT_CORPORA) -> tuple[str, str]:
    """An English source and its Korean translation of ``lines`` lines each, from the dev corpora."""
    pairs = [
        (p.en, p.ko)
        for corpus in CORPORA
        for p in load_pairs(corpus, corpora_dir=corpora_dir)
        if p.en and p.ko
    ]
    runs = [pairs[i : i + RUN_LINES] for i in range(0, len(pairs), RUN_LINES)]
    rng = random.Random(seed)
    chosen: list[tuple[str, str]] = []
    while len(chosen) < lines:
        order = runs[:]
        rng.shuffle(order)
        for run in order:
            chosen.extend(run)
    english: list[str] = []
    korean: list[str] = []
    for index, (en, ko) in enumerate(chosen[:lines]):
        if index and index % PARAGRAPH_LINES == 0:
            english.append("")
            korean.append("")
        english.append(en)
        korean.append(ko)
    return "\n".join(english) + "\n", "\n".join(korean) + "\n"


class _StageClock:
    """Wraps pipeline functions by name to add up the seconds spent in each stage, and notes the
    peak RSS when each stage ends (which stage sets the peak)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peak_after: dict[str, float] = {}

    def wrap(self, module: Any, name: str, stage: str) -> None:
        original: Callable[..., Any] | None = getattr(module, name, None)
        if original is None:  # renamed since: that stage is just not timed apart
            return

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
                self.peak_after[stage] = _peak_rss_mib()

        setattr(module, name, timed)


def measure_pipeline_child(source: Path, target: Path, model: str, cache_dir: Path) -> dict[str, Any]:
    """Run in the child: ``check_files`` on the pair plus the JSON report, stage by stage."""
    started = time.perf_counter()
    import tqcheck.checks
    import tqcheck.score.fidelity
    from tqcheck import pipeline
    from tqcheck.io.write import write_atomic
    from tqcheck.report.render import render_file

    clock = _StageClock()
    # The pipeline imports the checks and the scorer where it runs them, so they are wrapped where
    # they are defined as well as under the pipeline's names.
    for module, name, stage in (
        (pipeline, "load_document", "read + segment"),
        (pipeline, "_embed", "embed"),
        (pipeline, "align_sentences", "align"),
        (pipeline, "score_alignments", "score"),
        (tqcheck.score.fidelity, "score_alignments", "score"),
        (pipeline, "run_checks", "checks + score"),
        (tqcheck.checks, "run_checks", "checks + score"),
    ):
        clock.wrap(module, name, stage)
    options = pipeline.CheckOptions(model=model, cache_dir=cache_dir)
    embedder = pipeline.make_embedder(options)
    load_seconds = time.perf_counter() - started
    result = pipeline.check_files(source, target, options=options, embedder=embedder)
    report_started = time.perf_counter()
    report = cache_dir.parent / "report.json"
    write_atomic(report, render_file(result, "json"))  # as `tqcheck check --output report.json` writes it
    size = report.stat().st_size
    clock.seconds["report json"] = time.perf_counter() - report_started
    clock.peak_after["report json"] = _peak_rss_mib()
    wall = time.perf_counter() - started
    stages = dict(clock.seconds)
    peak_after = dict(clock.peak_after)
    if "checks + score" in stages and "score" in stages:
        stages["checks"] = stages.pop("checks + score") - stages["score"]
        peak_after["checks"] = peak_after.pop("checks + score")
    stages["start-up"] = load_seconds
    return {
        "source_segments": len(result.source),
        "target_segments": len(result.target),
        "alignments": len(result.alignments),
        "distinct_embedded": result.settings.get("embeddings", {}).get("computed"),
        "seconds": wall,
        "stages": stages,
        "peak_after": peak_after,
        "peak_mib": _peak_rss_mib(),
        "json_mib": size / 2**20,
    }


def measure_pipeline(lines: int, seed: int, model: str) -> dict[str, Any]:
    """Build the documents in a temporary directory (never in the project) and check them in a
    fresh interpreter with a fresh (cold) embedding cache."""
    english, korean = build_documents(lines, seed)
    with tempfile.TemporaryDirectory(prefix="tqcheck-scale-") as scratch:
        source, target = Path(scratch, "source.en.txt"), Path(scratch, "target.ko.txt")
        source.write_text(english, encoding="utf-8")
        target.write_text(korean, encoding="utf-8")
        argv = ["--child-pipeline", str(source), str(target), "--model", model, "--cache", f"{scratch}/cache"]
        # Every cache cold: the embeddings' (--cache) and kiwi's analyses, wherever they are kept.
        row = _child(argv, {"TQCHECK_CACHE_DIR": f"{scratch}/cache"})
    row["lines"] = lines
    return row


def _child(argv: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter, so its peak RSS is its own."""
    load_before = os.getloadavg()[0]
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.align_scale", *argv],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, **(env or {})},
    )
    row: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    row["load"] = (load_before, os.getloadavg()[0])
    return row


STAGES = ("start-up", "read + segment", "embed", "align", "checks", "score", "report json")


def pipeline_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| lines a side | source sentences | target sentences | wall seconds | s per 1k sentences "
        "| peak RSS (MiB) | JSON report (MiB) | load average (start → end) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        per_k = 1000 * row["seconds"] / row["source_segments"]
        lines.append(
            f"| {row['lines']:,} | {row['source_segments']:,} | {row['target_segments']:,} | "
            f"{row['seconds']:,.0f} | {per_k:.1f} | {row['peak_mib']:,.0f} | {row['json_mib']:,.0f} | "
            f"{row['load'][0]:.1f} → {row['load'][1]:.1f} |"
        )
    lines += [
        "",
        "Seconds per stage, with the process's peak RSS in MiB when the stage ended (start-up is the "
        "imports and the embedder object; USE reads its weights on its first batch, inside embed; "
        "checks exclude the scorer, which runs between the text checks and the score checks):",
        "",
    ]
    lines.append("| lines a side | " + " | ".join(STAGES) + " |")
    lines.append("| ---: | " + " | ".join("---:" for _ in STAGES) + " |")
    for row in rows:
        cells = []
        for stage in STAGES:
            seconds = row["stages"].get(stage)
            peak = row["peak_after"].get(stage)
            cell = "–" if seconds is None else f"{seconds:,.1f}"
            cells.append(cell if peak is None else f"{cell} ({peak:,.0f})")
        lines.append(f"| {row['lines']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    replace_section(DOCS_FILE, SECTION_HEADING, text)


def _section(command: str, dp_rows: list[dict[str, float]], pipeline_rows: list[dict[str, Any]]) -> str:
    parts = [
        SECTION_HEADING,
        "",
        f"Command: `{command}`",
        "",
        "Nothing in a check is n×m: the DP keeps one band-wide row of choices per sentence (the band "
        "widens only where the path presses on it, and never past `MAX_BAND_CELLS`), the margin's "
        "baseline is a 64-sentence sample of the other side, the neighbour margin a window of 32, a side "
        "of 8,192 segments or more is embedded in batches straight into a memory-mapped array, a side "
        "of more than 16,384 makes its block vectors a chunk at a time instead of holding them, and the "
        "document checks (term-inconsistency, register-mix) read inverted indexes instead of the whole "
        "document once per name or per sentence. Machine: 2 cores shared with other sessions (the load "
        "average is given per run); figures are single runs.",
        "",
    ]
    if dp_rows:
        parts += [
            "**The DP alone** on synthetic 384-d vectors with ~2% each of merges, drops and insertions "
            "(so the band has to move, and widens where it must); each size in a fresh process, "
            "seconds are the wall time of the alignment, peak RSS the process's.",
            "",
            dp_table(dp_rows),
            "",
            "The time per sentence grows with the size because the band widens where the path presses "
            "on it: the synthetic drops and insertions make a random walk away from the diagonal, its "
            "widest excursion grows like √n, and each widening reruns the DP at twice the width "
            "(20 → 40 → 80 …). Memory stays linear: one byte per band cell for the path, one band row "
            "of totals per move.",
            "",
        ]
    if pipeline_rows:
        largest = max(pipeline_rows, key=lambda row: row["source_segments"])
        distinct = int(largest.get("distinct_embedded") or 0)
        rate = distinct / max(largest["stages"].get("embed", 0.0), 1e-9)
        parts += [
            f"**One document through the real pipeline** (`check_files` with `--model {MODEL}`, then the "
            "JSON report): runs of 10 consecutive pairs of koen-news-dev and koen-jhe-dev, shuffled and "
            "repeated to N lines a side (a line of the corpus is sometimes two sentences), five lines to a "
            "paragraph; each size in a fresh process with every cache cold, the 100k size run last and "
            f"once. The corpora hold 1,720 pairs, so these documents have only {distinct:,} distinct "
            "sentences (both sides together), and the embed stage is mostly the cost of the rows, the "
            "cache and the memmap: the encoder embedded those "
            f"{distinct:,} in under {largest['stages'].get('embed', 0.0):.0f} s (model load included, "
            f"≥ {rate:,.0f} sentences/s). A document of 100,000 distinct sentences a side would add "
            f"about {200_000 / rate / 60:,.0f} minutes of USE at that rate; with the default "
            "multilingual-e5-small, 6-11x slower per sentence on this machine (issue 12), it would take "
            f"{6 * 200_000 / rate / 3600:.0f}-{11 * 200_000 / rate / 3600:.0f} hours on these 2 cores, "
            "which is why this benchmark uses USE.",
            "",
            pipeline_table(pipeline_rows),
            "",
            _reading(pipeline_rows),
            "",
        ]
    return "\n".join(parts)


def _reading(rows: list[dict[str, Any]]) -> str:
    """What the pipeline figures say, computed from them: time per 1k sentences, and how much of the
    peak is the check itself and how much the JSON report."""
    largest = max(rows, key=lambda row: row["source_segments"])
    check_peak = max(
        (peak for stage, peak in largest["peak_after"].items() if stage != "report json"), default=0.0
    )
    per_k = ", ".join(f"{1000 * row['seconds'] / row['source_segments']:.1f}" for row in rows)
    extra_kb = (largest["peak_mib"] - check_peak) * 1024 / largest["source_segments"]
    return (
        f"Seconds per 1,000 sentences: {per_k} (smallest to largest): no stage grows faster than the "
        f"document (align varies with how many times the band had to widen). At "
        f"{largest['source_segments']:,} sentences a side the check itself (read to score) peaked at "
        f"{check_peak:,.0f} MiB; writing the JSON report as `tqcheck check --output report.json` does "
        f"(one alignment record at a time, streamed to the temporary file) took the process to "
        f"{largest['peak_mib']:,.0f} MiB"
        + (f" ({extra_kb:.1f} KB per sentence over the check's peak)." if extra_kb >= 0.05 else ": no more.")
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[], help="DP alone: sentences a side")
    parser.add_argument(
        "--pipeline-sizes", type=int, nargs="*", default=[], help="real pipeline: lines a side"
    )
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--json-out", type=Path, help="also save the measured rows here")
    parser.add_argument(
        "--from-json", type=Path, help="render (and with --write-docs write) saved rows; measure nothing"
    )
    parser.add_argument("--child-dp", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-pipeline", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_dp is not None:
        print(json.dumps(measure_dp(args.child_dp, args.seed)))
        return
    if args.child_pipeline is not None:
        print(json.dumps(measure_pipeline_child(*args.child_pipeline, args.model, args.cache)))
        return
    if args.from_json is not None:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        command, dp_rows, pipeline_rows = saved["command"], saved["dp"], saved["pipeline"]
    else:
        if not args.sizes and not args.pipeline_sizes:
            args.sizes = [1000, 5000, 20000]
        dp_rows = []
        for size in args.sizes:
            dp_rows.append(_child(["--child-dp", str(size), "--seed", str(args.seed)]))
            print(dp_table(dp_rows[-1:]), flush=True)
        pipeline_rows = []
        for lines in sorted(args.pipeline_sizes):  # the largest last
            pipeline_rows.append(measure_pipeline(lines, args.seed, args.model))
            print(pipeline_table(pipeline_rows[-1:]), flush=True)
        command = command_line(__spec__.name, sys.argv[1:]).replace(" --write-docs", "")
        if args.json_out is not None:
            saved = {"command": command, "dp": dp_rows, "pipeline": pipeline_rows}
            args.json_out.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    section = _section(command, dp_rows, pipeline_rows)
    print(section)
    if args.write_docs:
        write_docs(section)


if __name__ == "__main__":
    main()
