"""How the aligner's time and memory grow with document length (synthetic vectors, no model).

The DP keeps one band-wide row per source sentence, so time and memory should grow
linearly with the number of sentences; a quadratic matrix would show up as a 100x jump
between 2,000 and 20,000 sentences. Vectors are random "meanings" with noise, and the
target side carries a few merges, splits, drops and insertions, so the band has to move.

    python -m benchmarks.align_scale --sizes 1000 5000 20000 [--write-docs]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from benchmarks.common.docs import DOCS_FILE, command_line, replace_section
from tqcheck.align.dp import AlignParams, SideFeatures, align_sentences

DIM = 384
SECTION_HEADING = "## Alignment scaling (align_scale.py)"


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


def measure(size: int, seed: int) -> dict[str, float]:
    source, target, events = synthetic_pair(size, seed)
    inputs_bytes = source.vectors.nbytes + target.vectors.nbytes
    started = time.perf_counter()
    pairs, _ = align_sentences(source, target, AlignParams())
    seconds = time.perf_counter() - started
    # A second run under tracemalloc, which slows numpy-heavy code several times over.
    tracemalloc.start()
    align_sentences(source, target, AlignParams())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "source": len(source),
        "target": len(target),
        "events": events,
        "alignments": len(pairs),
        "seconds": seconds,
        "peak_mib": peak / 2**20,
        "inputs_mib": inputs_bytes / 2**20,
        "quadratic_mib": len(source) * len(target) * 8 / 2**20,
    }


def table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| source sentences | target sentences | seconds | µs per sentence | peak memory (MiB) "
        "| vectors in (MiB) | a full n×m float64 matrix would be (MiB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['source']:,} | {row['target']:,} | {row['seconds']:.2f} | "
            f"{1e6 * row['seconds'] / row['source']:.0f} | {row['peak_mib']:.1f} | {row['inputs_mib']:.1f} | "
            f"{row['quadratic_mib']:,.0f} |"
        )
    return "\n".join(lines)


def write_docs(text: str) -> None:
    replace_section(DOCS_FILE, SECTION_HEADING, text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    rows = [measure(size, args.seed) for size in args.sizes]
    result = table(rows)
    print(result)
    if args.write_docs:
        command = command_line(__spec__.name, ["--sizes", *map(str, args.sizes), "--write-docs"])
        write_docs(
            f"{SECTION_HEADING}\n\n"
            "The DP alone (no embedding) on synthetic 384-d vectors with ~2% each of merges, drops and "
            "insertions; seconds are wall time of one run, peak memory what "
            "`tracemalloc` saw during a second run (numpy arrays included).\n\n"
            f"Command: `{command}`\n\n{result}\n"
        )


if __name__ == "__main__":
    main()
