"""Defect-injection benchmark for the checks of ``tqcheck check``.

Documents of consecutive line pairs are cut from the two development corpora in
``../shared/corpora`` (``koen-jhe-dev``: clean, careful translations of unrelated
sentences; ``koen-news-dev``: news, neighbouring lines from the same article, about 7% of
pairs noisy). Into each document a few Korean lines get exactly one known defect each
(a dangling word glued on, a heading run into a sentence, a dropped full stop, English left
in, a wrong number, a dropped or an extra line, a doubled word, a 합니다체 sentence in a
한다체 text, a name spelled two ways, a glossary term rendered with a synonym, a lost quote,
a truncated line, a wrong sentence; see :mod:`benchmarks.common.inject`). The real CLI
checks every variant with ``--split lines`` as a user would, and the benchmark reports

- recall per code: the share of injected defects whose alignment (the one holding the
  injected Korean line; for an omission, the one holding the English line) carries a flag
  with that code, plus which other codes fired there;
- false alarms: the share of untouched alignments (no line injected, none next to an
  injection, since an injection can shift the alignment around it) that get any flag, per
  code, separately for the clean and the noisy corpus, with the flagged noisy pairs listed
  for a human to judge (``benchmarks/data/checks_eval_verdicts.json`` holds the verdicts
  given so far);
- the planted defects of the hand-written sample ``corpora/news-1`` (``--split auto``):
  caught or not, and what else was flagged.

Every base document is also checked untouched (the "pristine" run). All variants of a
document share its lines, so one embedding cache (``--cache-dir``, reused across runs)
embeds each line once. The report itself is laid out by :mod:`benchmarks.checks_report`.

Run from the repository root with the project's interpreter, e.g.::

    python -m benchmarks.checks_eval --write-docs                # the figures docs/benchmarks.md quotes
    python -m benchmarks.checks_eval --half tune --codes fused-token   # where constants are chosen
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.checks_report import (
    BAD_LINES,
    CODES,
    SECTION_HEADING,
    Alarm,
    FalseAlarms,
    Outcome,
    SeedRow,
    flag_codes,
    render_report,
    shorten,
    variant_line,
)
from benchmarks.common.corpus import (
    CORPORA,
    REPO_ROOT,
    SHORT,
    FilterReport,
    Pair,
    Split,
    filter_pairs,
    load_pairs,
)
from benchmarks.common.docs import DOCS_FILE, replace_section
from benchmarks.common.inject import INJECTORS, BaseDoc
from benchmarks.common.runner import add_run_arguments, run_check, scratch_dir, write_lines
from benchmarks.common.sampling import derived_rng
from benchmarks.common.variants import Variant, build_variant, choose_documents, eligibility, plan_variants

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "tqcheck-checks-eval-cache"
SAMPLE_DIR = REPO_ROOT / "corpora"

#: A pair is kept when its Korean/English character-length ratio lies in this band: outside
#: it the "translation" is a fragment, a glossary entry or a shifted line, not a sentence pair.
RATIO_BAND = (0.2, 1.5)


def load_corpus(corpora_dir: Path, corpus: str, half: Split = "report") -> tuple[list[Pair], FilterReport]:
    """One half of a corpus (whitespace collapsed) less the obviously broken pairs (see ``RATIO_BAND``)."""
    pairs = load_pairs(corpus, half, corpora_dir=corpora_dir, whitespace="collapse")
    return filter_pairs(pairs, bounds=RATIO_BAND, shape=False)


# --------------------------------------------------------------------------- running


def run_cli(
    source: Path,
    target: Path,
    split: str,
    cache_dir: Path,
    extra: Sequence[str],
    glossary: Path | None = None,
    lines: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Run ``tqcheck check`` as a user would (from a scratch directory, so no project config
    is picked up) and return its JSON."""
    options = [
        "--split",
        split,
        "--format",
        "json",
        *(["--glossary", str(glossary)] if glossary else []),
        *extra,
    ]
    payload, _ = run_check(source, target, options, cache_dir=cache_dir, cwd=source.parent, lines=lines)
    return payload


def run_variant(variant: Variant, workdir: Path, cache_dir: Path, extra: Sequence[str]) -> dict[str, Any]:
    folder = workdir / variant.name
    folder.mkdir(parents=True, exist_ok=True)
    source = write_lines(folder / "source.en.txt", variant.en)
    target = write_lines(folder / "target.ko.txt", variant.ko)
    glossary = None
    if variant.glossary:
        glossary = folder / "glossary.csv"
        with glossary.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source", "target"])
            writer.writerows(variant.glossary)
    gold = [
        {"code": p.spec.code, "kind": p.spec.kind, "target": p.target, "source": p.source}
        for p in variant.placed
    ]
    (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    payload = run_cli(source, target, "lines", cache_dir, extra, glossary, (len(variant.en), len(variant.ko)))
    (folder / "result.json").write_text(json.dumps(payload, ensure_ascii=False) + "\n", encoding="utf-8")
    return payload


# --------------------------------------------------------------------------- scoring


def score_variant(
    variant: Variant, payload: dict[str, Any], outcomes: list[Outcome], alarms: FalseAlarms
) -> None:
    alignments = payload["alignments"]
    by_target = {t: a for a in alignments for t in a["target_ids"]}
    by_source = {s: a for a in alignments for s in a["source_ids"]}
    for placed in variant.placed:
        alignment = (
            by_target.get(placed.target) if placed.target is not None else by_source.get(placed.source)
        )
        codes = flag_codes(alignment) if alignment else []
        code = placed.spec.code
        # Other codes: on the scored alignment and wherever the injection's English went.
        around = [alignment] + [by_source.get(s) for s in placed.sources]
        others = sorted({c for a in around if a for c in flag_codes(a)} - {code})
        outcomes.append(Outcome(placed, code in codes, others, alignment))
    for alignment in alignments:
        sids, tids = alignment["source_ids"], alignment["target_ids"]
        if any(s in variant.touched_src for s in sids) or any(t in variant.touched_tgt for t in tids):
            continue
        alarms.untouched += 1
        codes = flag_codes(alignment)
        if not codes:
            continue
        alarms.flagged += 1
        alarms.per_code.update(codes)
        origins = [variant.src_origin[s] for s in sids] + [variant.tgt_origin[t] for t in tids]
        lines = tuple(sorted({p.line for p in origins if p is not None}))
        alarms.alarms.append(
            Alarm(
                variant.doc.corpus,
                variant.name,
                lines,
                alignment.get("source", ""),
                alignment.get("target", ""),
                tuple(codes),
                tuple(flag["message"] for flag in alignment["flags"]),
            )
        )


# --------------------------------------------------------------------------- seed sample


def _find_alignment(
    alignments: list[dict[str, Any]], side: str, texts: Sequence[str], index: int
) -> dict[str, Any] | None:
    """The alignment holding a gold segment, found by its text (the tool's segmentation may
    number segments differently from the gold): the whole segment first, then the defect's
    own text, then the gold index."""
    key = "target" if side == "target" else "source"
    for text in texts:
        found = [a for a in alignments if text and text in a.get(key, "")]
        if len(found) == 1:
            return found[0]
    ids = "target_ids" if side == "target" else "source_ids"
    return next((a for a in alignments if index in a[ids]), None)


def seed_eval(
    sample: Path, cache_dir: Path, extra: Sequence[str]
) -> tuple[list[SeedRow], list[str], dict[str, Any]]:
    gold = json.loads((sample / "gold.json").read_text(encoding="utf-8"))
    payload = run_cli(sample / "source.en.txt", sample / "target.ko.txt", "auto", cache_dir, extra)
    alignments = payload["alignments"]
    rows: list[SeedRow] = []
    explained: set[tuple[int, str]] = set()
    defective: dict[int, list[str]] = {}
    for defect in gold.get("defects", []):
        code = defect["code"]
        target = defect.get("target")
        targets = target if isinstance(target, list) else [] if target is None else [target]
        if targets:
            index = targets[0]
            texts = [gold["target_segments"][index], defect.get("text", "")]
            alignment = _find_alignment(alignments, "target", texts, index)
            where = f"tgt {', '.join(map(str, targets))}"
        else:
            index = defect["source"][0]
            alignment = _find_alignment(alignments, "source", [gold["source_segments"][index]], index)
            where = f"src {', '.join(map(str, defect['source']))}"
        codes = flag_codes(alignment) if alignment else []
        if alignment is not None:
            explained.add((alignment["index"], code))
            defective.setdefault(alignment["index"], []).append(code)
        shown = defect.get("text") or gold["source_segments"][defect["source"][0]]
        rows.append(SeedRow(code, where, shown, code in codes, codes))
    extras = []
    for alignment in alignments:
        for flag in alignment["flags"]:
            if (alignment["index"], flag["code"]) not in explained:
                planted = defective.get(alignment["index"])
                where = f"a pair with a planted {', '.join(planted)}" if planted else "a clean pair"
                extras.append(
                    f"`{flag['code']}` on src {alignment['source_ids']} / tgt {alignment['target_ids']} "
                    f"({where}): {shorten(flag['message'], 110)}"
                )
    return rows, extras, payload


def _git_state() -> dict[str, Any]:
    """The last commit that changed the checked code (``tqcheck/``), and whether the work tree
    has changes to it on top."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=REPO_ROOT, check=True
        ).stdout

    try:
        commit = git("log", "-1", "--format=%h", "--", "tqcheck").strip()
        dirty = git("status", "--porcelain", "--untracked-files=no", "--", "tqcheck").strip()
    except (OSError, subprocess.CalledProcessError):
        return {}
    return {"commit": commit, "dirty": bool(dirty)}


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # 12 × 28: 48 injections of each code (24 a corpus), and 12 windows of 28 fit either half of jhe.
    add_run_arguments(parser, docs=12, size=28, docs_help="documents per corpus")
    parser.add_argument("--per-doc", type=int, default=2, help="injections of each code per document")
    parser.add_argument("--per-variant", type=int, default=5, help="at most this many defects per variant")
    parser.add_argument("--codes", default=",".join(INJECTORS), help="comma-separated codes to inject")
    parser.add_argument("--jobs", type=int, default=2, help="CLI runs in parallel")
    parser.add_argument(
        "--cache-dir", type=Path, default=DEFAULT_CACHE, help="TQCHECK_CACHE_DIR for every run"
    )
    parser.add_argument("--examples", type=int, default=3, help="misses shown per code")
    parser.add_argument(
        "--show-alarms", type=int, default=40, help="flagged untouched pairs listed per corpus"
    )
    parser.add_argument("--no-seed", action="store_true", help="skip the corpora/ seed samples")
    parser.add_argument(
        "--dry-run", action="store_true", help="only build the variants and show the injections"
    )
    args = parser.parse_args(argv)
    unknown = set(args.codes.split(",")) - set(INJECTORS)
    if unknown:
        missing = sorted(unknown & set(CODES))
        parser.error(
            f"unknown codes: {', '.join(sorted(unknown))}"
            + (f" ({', '.join(missing)} registered, but no injector)" if missing else "")
        )
    return args


def _show_plan(docs: list[BaseDoc], variants: list[Variant], codes: Sequence[str], distinct: int) -> None:
    """``--dry-run``: where each document comes from and what was injected where."""
    planned = Counter((p.corpus, p.spec.code) for v in variants for p in v.placed)
    for doc in docs:
        print(f"{doc.name}: corpus lines {doc.lines[0]}-{doc.lines[1]}, eligible {eligibility(doc)}")
    print(f"{len(variants)} variants, {distinct} distinct lines")
    for code in codes:
        print(f"{code}: jhe {planned[(CORPORA[0], code)]}, news {planned[(CORPORA[1], code)]}")
    for v in variants:
        for p in v.placed:
            after = v.ko[p.target] if p.target is not None else "(dropped)"
            print(
                f"  {p.variant} {p.spec.code} [{p.spec.kind}] "
                f"{shorten(p.spec.before, 60)!r} -> {shorten(after, 80)!r}"
            )


def _json_dump(
    outcomes: list[Outcome],
    variants: list[Variant],
    alarms: dict[str, FalseAlarms],
    pristine: dict[str, FalseAlarms],
    seed_payloads: dict[str, Any],
) -> dict[str, Any]:
    return {
        "outcomes": [
            {
                "code": o.placed.spec.code,
                "kind": o.placed.spec.kind,
                "variant": o.placed.variant,
                "corpus": o.placed.corpus,
                "caught": o.caught,
                "others": o.others,
                "before": o.placed.spec.before,
                "injected": variant_line(variants, o.placed),
                "alignment": o.alignment,
            }
            for o in outcomes
        ],
        "alarms": {
            f"{SHORT[c]}-{label}": [vars(a) for a in group[c].alarms]
            for label, group in (("variants", alarms), ("pristine", pristine))
            for c in CORPORA
        },
        "seed": seed_payloads,
    }


def main(argv: Sequence[str] | None = None) -> int:
    from tools.fit_fidelity import FIT_SHARE  # the fitter's import graph only when the benchmark runs

    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    extra = shlex.split(args.extra_args)
    codes = [code for code in INJECTORS if code in args.codes.split(",")]
    rng = random.Random(args.seed)

    stats: list[tuple[str, FilterReport]] = []
    docs: list[BaseDoc] = []
    for corpus in CORPORA:
        pairs, filtering = load_corpus(args.corpora, corpus, args.half)
        stats.append((corpus, filtering))
        held_out_from = FIT_SHARE * filtering.total  # the fidelity model is fitted on the lines before
        docs += choose_documents(rng, pairs, corpus, args.docs, args.size, held_out_from, BAD_LINES)
    variants: list[Variant] = []
    for number, doc in enumerate(docs):
        doc_rng = derived_rng(args.seed, number)
        variants += plan_variants(doc, doc_rng, codes, args.per_doc, args.per_variant, BAD_LINES)
    pristine_variants = [build_variant(doc, f"{doc.name}-pristine", []) for doc in docs]
    distinct = {line for v in variants + pristine_variants for line in v.en + v.ko}
    if args.dry_run:
        _show_plan(docs, variants, codes, len(distinct))
        return 0

    args.cache_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    seed: dict[str, tuple[list[SeedRow], list[str]]] = {}
    seed_payloads: dict[str, Any] = {}
    with scratch_dir(args.workdir, "checks_eval_") as workdir:
        # Pristine documents first: they fill the cache with every base line, once.
        runs = pristine_variants + variants
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [pool.submit(run_variant, v, workdir, args.cache_dir, extra) for v in runs]
            payloads = []
            for variant, future in zip(runs, futures, strict=True):
                payloads.append(future.result())
                print(f"{variant.name}: {len(variant.placed)} defects checked", file=sys.stderr)
        if not args.no_seed:
            for name in ("news-1", "clean-1"):
                if (SAMPLE_DIR / name / "gold.json").exists():
                    rows, extras, payload = seed_eval(SAMPLE_DIR / name, args.cache_dir, extra)
                    seed[name] = (rows, extras)
                    seed_payloads[name] = payload
    seconds = time.perf_counter() - started

    outcomes: list[Outcome] = []
    alarms = {corpus: FalseAlarms() for corpus in CORPORA}
    pristine = {corpus: FalseAlarms() for corpus in CORPORA}
    for variant, payload in zip(runs, payloads, strict=True):
        bucket = pristine if variant in pristine_variants else alarms
        score_variant(variant, payload, outcomes, bucket[variant.doc.corpus])

    info = {"lines": len(distinct), "seconds": seconds, **_git_state()}
    found = (args, argv, stats, docs, variants, outcomes, alarms, pristine, seed, info)
    print(render_report(*found))
    if args.json_out:
        dump = _json_dump(outcomes, variants, alarms, pristine, seed_payloads)
        args.json_out.write_text(json.dumps(dump, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.write_docs:
        replace_section(DOCS_FILE, SECTION_HEADING, render_report(*found, with_text=False))
        print(f"updated {DOCS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
