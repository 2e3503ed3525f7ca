"""The two bundled encoders, each with its own fitted profile, compared with paired intervals.

``encoder_eval`` measures the encoders themselves (speed, retrieval). This reads what the accuracy
benchmarks left behind for each encoder, run once with the default and once with
``--extra-args "--model use-multilingual"`` (or ``--model``), and puts USE − e5 beside each figure with
a paired bootstrap 95% interval (the same resampled units for both encoders), the noise the choice of
the default is judged against:

- alignment (``align_eval --workdir``): strict and non-1:1 F1, documents resampled;
- checks (``checks_eval --json-out``, same seed so the same injections): recall per code and pooled,
  injected defects resampled; false alarms as each run counted them;
- fidelity (recomputed here through ``fidelity_eval``'s builders; the embedding cache makes it cheap):
  AUC of the shipped fidelity per negative kind, clean and negative pairs resampled;
- review (``review_eval --rows``): Spearman with MQM and AUC on the mt-errors test split, variants
  resampled;
- time (``align_eval --json-out`` of the timing document, several runs): the minimum cold and warm
  wall time of the check against the minimum e5 embed-once floor.

    python -m benchmarks.encoder_compare --align E5_DIR USE_DIR --checks E5.json USE.json \
        --review E5_ROWS USE_ROWS --timing "E5_1.json,E5_2.json" "USE_1.json,USE_2.json" [--fidelity]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from benchmarks.encoder_eval import ALIGN_KINDS, align_counts, align_delta_interval, pooled_f1

ROUNDS = 2000
SEED = 13
USE = "use-multilingual"


def _paired(
    metric: Callable[[np.ndarray], tuple[float, float]], units: int, rng: np.random.Generator
) -> tuple[float, float]:
    """95% interval of metric(USE) − metric(e5) over ``units`` resampled with replacement;
    ``metric(indices)`` returns (e5 value, USE value) on the resampled units."""
    deltas = []
    for _ in range(ROUNDS):
        e5, use = metric(rng.integers(0, units, units))
        if e5 == e5 and use == use:
            deltas.append(use - e5)
    low, high = np.percentile(deltas, [2.5, 97.5])
    return float(low), float(high)


def _cell(e5: float, use: float, interval: tuple[float, float]) -> str:
    low, high = interval
    return f"{e5:.3f} | {use:.3f} | {use - e5:+.3f} [{low:+.3f}, {high:+.3f}]"


HEADER = ["| measure | e5 | USE | Δ USE − e5 [95% paired] |", "| --- | ---: | ---: | ---: |"]


def align_rows(e5_dir: Path, use_dir: Path) -> list[str]:
    e5, use = align_counts(e5_dir), align_counts(use_dir)
    intervals = align_delta_interval(use, e5, np.random.default_rng(SEED), ROUNDS)
    f_e5, f_use = pooled_f1(e5)[:, 2], pooled_f1(use)[:, 2]
    labels = {"strict": "strict F1", "lax": "lax F1", "non11": "non-1:1 F1"}
    return [
        f"| alignment {labels[kind]} ({len(e5)} docs) | {_cell(f_e5[n], f_use[n], tuple(intervals[n]))} |"
        for n, kind in enumerate(ALIGN_KINDS)
    ]


def _outcomes(path: Path) -> dict[tuple[str, str, str], bool]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(o["variant"], o["code"], o["injected"]): bool(o["caught"]) for o in data["outcomes"]}


def checks_rows(e5_path: Path, use_path: Path) -> list[str]:
    e5, use = _outcomes(e5_path), _outcomes(use_path)
    keys = sorted(set(e5) & set(use))
    rng = np.random.default_rng(SEED)
    rows = []
    codes = sorted({key[1] for key in keys})
    for code in [*codes, None]:
        picked = [key for key in keys if code is None or key[1] == code]
        a = np.array([e5[key] for key in picked], dtype=float)
        b = np.array([use[key] for key in picked], dtype=float)
        interval = _paired(lambda idx, a=a, b=b: (a[idx].mean(), b[idx].mean()), len(picked), rng)
        label = f"recall `{code}` ({len(picked)})" if code else f"**recall, all codes** ({len(picked)})"
        rows.append(f"| {label} | {_cell(a.mean(), b.mean(), interval)} |")
    rows.extend(_alarm_rows(e5_path, use_path))
    return rows


_ANY_FLAG = re.compile(r"^\| any flag(?: but register-mix \(raw\))? \|.*$", re.MULTILINE)


def _alarm_rows(e5_path: Path, use_path: Path) -> list[str]:
    """The false-alarm rows checks_eval printed for each run (its .md beside the .json), side by side:
    untouched alignments with any flag, jhe / news variants, then jhe / news pristine documents."""
    found: dict[str, dict[str, str]] = {}
    for path, label in ((e5_path, "e5"), (use_path, "use")):
        report = path.with_suffix(".md")
        if not report.exists():
            continue
        for line in _ANY_FLAG.findall(report.read_text(encoding="utf-8")):
            cells = [cell.strip().strip("*") for cell in line.strip("|").split("|")]
            found.setdefault(cells[0], {})[label] = " · ".join(cell.split(" ")[0] for cell in cells[1:5])
    return [
        f"| false alarms: {name} (jhe · news variants, jhe · news pristine) | "
        f"{runs.get('e5', 'n/a')} | {runs.get('use', 'n/a')} | |"
        for name, runs in found.items()
    ]


def review_rows(e5_path: Path, use_path: Path) -> list[str]:
    from benchmarks.review_eval import auc, load_rows, spearman

    def test_rows(path: Path) -> dict[str, object]:
        return {row.id: row for row in load_rows(path) if row.split == "test"}

    e5, use = test_rows(e5_path), test_rows(use_path)
    ids = sorted(set(e5) & set(use))
    rng = np.random.default_rng(SEED)

    def measures(rows: Sequence[object]) -> dict[str, float]:
        priority = [row.priority for row in rows]  # type: ignore[attr-defined]
        return {
            "ρ(review_priority, MQM)": spearman(priority, [row.mqm for row in rows]),  # type: ignore[attr-defined]
            "ρ(fidelity, −accuracy MQM)": spearman(
                [row.fidelity for row in rows],  # type: ignore[attr-defined]
                [-row.accuracy_mqm for row in rows],  # type: ignore[attr-defined]
            ),
            "AUC review_priority, clean vs major/critical": auc(
                [p for p, row in zip(priority, rows, strict=True) if row.serious > 0],  # type: ignore[attr-defined]
                [p for p, row in zip(priority, rows, strict=True) if row.mqm == 0],  # type: ignore[attr-defined]
            ),
        }

    rows_e5, rows_use = [e5[i] for i in ids], [use[i] for i in ids]
    full_e5, full_use = measures(rows_e5), measures(rows_use)
    out = []
    for name in full_e5:

        def metric(idx: np.ndarray, name: str = name) -> tuple[float, float]:
            return (
                measures([rows_e5[i] for i in idx])[name],
                measures([rows_use[i] for i in idx])[name],
            )

        interval = (
            _paired(metric, len(ids), rng) if name.startswith("ρ") else _auc_interval(rows_e5, rows_use, rng)
        )
        out.append(
            f"| review {name} ({len(ids)} test variants) | {_cell(full_e5[name], full_use[name], interval)} |"
        )
    return out


def _auc_interval(
    rows_e5: Sequence[object], rows_use: Sequence[object], rng: np.random.Generator
) -> tuple[float, float]:
    from benchmarks.review_eval import auc

    def value(rows: Sequence[object], idx: np.ndarray) -> float:
        picked = [rows[i] for i in idx]
        return auc(
            [row.priority for row in picked if row.serious > 0],  # type: ignore[attr-defined]
            [row.priority for row in picked if row.mqm == 0],  # type: ignore[attr-defined]
        )

    return _paired(lambda idx: (value(rows_e5, idx), value(rows_use, idx)), len(rows_e5), rng)


def fidelity_rows(cap: int = 200) -> list[str]:
    """AUC(clean > negative) of the shipped fidelity per kind, each encoder with its own models."""
    import tools.fit_fidelity as ff
    from benchmarks.fidelity_eval import EVAL_SEED, shipped_fidelity
    from tqcheck.embed import CachedEmbedder
    from tqcheck.embed.base import load_embedder
    from tqcheck.embed.profiles import profile_for
    from tqcheck.score.fidelity import FidelityModel

    scores: dict[str, list[tuple[str, float]]] = {}
    for encoder in (None, USE):
        inner = load_embedder(encoder)
        model = FidelityModel.load(profile_for(inner).fidelity_path)
        documents = ff.split_documents(ff.DEFAULT_CORPORA_DIR, "heldout")
        examples = ff.plan_examples(documents, random.Random(EVAL_SEED), None, per_kind_cap=cap)
        ff.featurise(documents, examples, CachedEmbedder(inner, ff.DEFAULT_CACHE_DIR), model.lengths)
        shipped = shipped_fidelity(model, encoder)
        scores[encoder or "e5"] = [
            (e.kind, shipped(e) if e.features is not None else float("nan")) for e in examples
        ]
    e5, use = scores["e5"], scores[USE]
    kinds = [kind for kind in ff.ALL_NEGATIVES if any(k == kind for k, _ in e5)]
    clean = [
        i
        for i, (kind, value) in enumerate(e5)
        if kind == "clean" and value == value and use[i][1] == use[i][1]
    ]
    rng = np.random.default_rng(SEED)
    rows = []
    for kind in kinds:
        negative = [
            i for i, (k, value) in enumerate(e5) if k == kind and value == value and use[i][1] == use[i][1]
        ]

        def aucs(pos: Sequence[int], neg: Sequence[int]) -> tuple[float, float]:
            return tuple(  # type: ignore[return-value]
                ff.auc([series[i][1] for i in pos], [series[i][1] for i in neg]) for series in (e5, use)
            )

        # Clean and negative pairs are resampled separately (stratified), the same picks for both encoders.
        deltas = []
        for _ in range(ROUNDS):
            pos = [clean[i] for i in rng.integers(0, len(clean), len(clean))]
            neg = [negative[i] for i in rng.integers(0, len(negative), len(negative))]
            a, b = aucs(pos, neg)
            deltas.append(b - a)
        low, high = np.percentile(deltas, [2.5, 97.5])
        full = aucs(clean, negative)
        rows.append(
            f"| fidelity AUC clean vs {kind} ({len(clean)} / {len(negative)}) | "
            f"{_cell(*full, (float(low), float(high)))} |"
        )
    return rows


def timing_rows(e5_runs: Sequence[Path], use_runs: Sequence[Path]) -> list[str]:
    """Minimum over runs of the timing document's cold and warm wall time, against the minimum floor."""

    def docs(paths: Sequence[Path]) -> list[dict[str, float]]:
        found = []
        for path in paths:
            data = json.loads(path.read_text(encoding="utf-8"))
            found += [
                doc for key, group in data.items() if key.endswith("-pair doc") for doc in group["documents"]
            ]
        return found

    e5, use = docs(e5_runs), docs(use_runs)
    floor = min(doc["floor_seconds"] for doc in e5 + use)
    rows = [f"| e5 embed-once floor (min of {len(e5 + use)}) | {floor:.1f} s | | |"]
    for label, runs in (("e5", e5), ("USE", use)):
        cold = min(doc["cold_seconds"] for doc in runs)
        warm = min(doc["warm_seconds"] for doc in runs)
        rows.append(
            f"| {label}: cold / warm check (min of {len(runs)}) | {cold:.1f} s / {warm:.1f} s | "
            f"{cold / floor:.2f}× / {warm / floor:.3f}× | |"
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--align", nargs=2, type=Path, metavar=("E5_DIR", "USE_DIR"))
    parser.add_argument("--checks", nargs=2, type=Path, metavar=("E5_JSON", "USE_JSON"))
    parser.add_argument("--review", nargs=2, type=Path, metavar=("E5_ROWS", "USE_ROWS"))
    parser.add_argument("--timing", nargs=2, metavar=("E5_JSONS", "USE_JSONS"), help="comma-separated")
    parser.add_argument(
        "--fidelity", action="store_true", help="recompute the fidelity AUCs (cached vectors)"
    )
    args = parser.parse_args(argv)
    lines = list(HEADER)
    if args.align:
        lines += align_rows(*args.align)
    if args.checks:
        lines += checks_rows(*args.checks)
    if args.fidelity:
        lines += fidelity_rows()
    if args.review:
        lines += review_rows(*args.review)
    print("\n".join(lines))
    if args.timing:
        print("\n| time | seconds | × floor | |\n| --- | ---: | ---: | --- |")
        print("\n".join(timing_rows(*([Path(p) for p in group.split(",")] for group in args.timing))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
