"""``fused-token`` on hundreds of injections a half, where ``checks_eval`` has 48 a code.

``checks_eval`` injects every code into whole documents and runs the CLI on them: the honest end-to-end
figure, but 48 injections a code leave a recall of 0.85 and one of 0.92 within each other's noise.
This benchmark injects one fused token (the same injector, :func:`benchmarks.common.inject.inject_fused`)
into each of up to ``--per-corpus`` pairs of one half of each corpus, checks them as one pre-aligned
segment list through the public API (``check_segments``: the real pipeline with every check, only the
aligner skipped, since every unit is one pair), and checks every untouched pair of the half the same
way to count false alarms. A defect is caught when its unit carries a ``fused-token`` flag.

    python -m benchmarks.fused_eval [--half report] [--per-corpus 300] [--model M] [--write-docs]
    python -m benchmarks.fused_eval --fit-gain [--model M]

``--fit-gain`` chooses the encoder's ``unsupported_gain`` (the check splits a token kiwi nearly splits
when the sentence without its leading noun is closer to the English by more than this) on the TUNE
half: the 95th percentile, in steps of 0.0005, of that gain over the best split of every clause start
of every untouched line, compounds and all. So a real compound whose first noun kiwi finds nearly
independent is split 5% of the time; the margin keeps such compounds rare (few untouched lines have one).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import Counter

from benchmarks.checks_eval import load_corpus
from benchmarks.common.corpus import CORPORA, DEFAULT_CORPORA, SHORT
from benchmarks.common.docs import DOCS_FILE, command_line, replace_section
from benchmarks.common.inject import BaseDoc, inject_fused
from benchmarks.review_eval import default_embedder
from tqcheck.config import Config
from tqcheck.embed.profiles import apply_thresholds, profile_for
from tqcheck.model import SegmentRecord

SECTION_HEADING = "## Fused tokens at scale (fused_eval.py)"
CODE = "fused-token"


GAIN_STEP = 0.0005
GAIN_PERCENTILE = 95


def _flagged(records: list[SegmentRecord], model: str | None) -> list[bool]:
    """Whether each record's unit carries a fused-token flag, checked as one segment list."""
    from tqcheck.pipeline import check_segments

    result = check_segments(records, path="fused_eval", embedder=default_embedder(model))
    flagged = [False] * len(records)
    for alignment in result.alignments:
        if any(flag.code == CODE for flag in alignment.flags) and alignment.source_ids:
            flagged[alignment.source_ids[0]] = True
    return flagged


def _interval(hits: int, total: int) -> str:
    """Wilson 95% interval of a proportion."""
    if not total:
        return "–"
    z, p = 1.96, hits / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    spread = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return f"[{centre - spread:.3f}, {centre + spread:.3f}]"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=("tune", "report"), default="report")
    parser.add_argument("--per-corpus", type=int, default=300, help="injections per corpus (at most)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--model", default=None, help="encoder, as check --model (default: bundled e5)")
    parser.add_argument("--fit-gain", action="store_true", help="choose unsupported_gain on the tune half")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    if args.fit_gain:
        fit_gain(args.model)
        return
    started = time.perf_counter()
    caught: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    alarms: Counter[str] = Counter()
    clean: Counter[str] = Counter()
    examples: list[str] = []
    for corpus in CORPORA:
        pairs, _ = load_corpus(DEFAULT_CORPORA, corpus, args.half)
        document = BaseDoc("fused", corpus, pairs, [])
        rng = random.Random(args.seed)
        order = list(range(len(pairs)))
        rng.shuffle(order)
        injected: list[tuple[str, SegmentRecord]] = []
        for index in order:
            if len(injected) >= args.per_corpus:
                break
            spec = inject_fused(document, index, rng, len(injected))
            if spec is not None:
                record = SegmentRecord(source=pairs[index].en, target=spec.ko[0], line=pairs[index].line)
                injected.append((spec.kind, record))
        for (kind, record), hit in zip(
            injected, _flagged([record for _, record in injected], args.model), strict=True
        ):
            key = (SHORT[corpus], kind)
            total[key] += 1
            caught[key] += hit
            if not hit and len(examples) < 12:
                examples.append(f"- {SHORT[corpus]} line {record.line} ({kind}): `{record.target[:40]}…`")
        untouched = [SegmentRecord(source=pair.en, target=pair.ko, line=pair.line) for pair in pairs]
        clean[SHORT[corpus]] += len(untouched)
        alarms[SHORT[corpus]] += sum(_flagged(untouched, args.model))
    hits, count = sum(caught.values()), sum(total.values())
    config = apply_thresholds(Config(), profile_for(args.model))
    heading = SECTION_HEADING if args.model is None else f"{SECTION_HEADING[:-1]}, {args.model})"
    rows = [
        "| corpus | kind | caught | recall |",
        "| --- | --- | ---: | ---: |",
        *(
            f"| {corpus} | {kind} | {caught[corpus, kind]}/{total[corpus, kind]} | "
            f"{caught[corpus, kind] / total[corpus, kind]:.3f} |"
            for corpus, kind in sorted(total)
        ),
        f"| **all** | | **{hits}/{count}** | **{hits / count:.3f}** {_interval(hits, count)} |",
    ]
    alarm_line = ", ".join(f"{corpus} {alarms[corpus]}/{clean[corpus]}" for corpus in sorted(clean))
    section = "\n".join(
        [
            heading,
            "",
            f"`{command_line('benchmarks.fused_eval', sys.argv[1:] if argv is None else argv)}`",
            "",
            f"One fused token injected into each of up to {args.per_corpus} random pairs of the {args.half} "
            "half of each corpus (checks_eval's injector and filter, seed "
            f"{args.seed}), checked through `check_segments` (every check; no aligner: one unit a pair). "
            "Recall with a Wilson 95% interval:",
            "",
            *rows,
            "",
            f"Untouched pairs of the half with a `{CODE}` flag: {alarm_line}. "
            f"{time.perf_counter() - started:.0f} s.",
            "",
            _gain_line(config, args.model),
            "",
            "Misses (first few):",
            "",
            *examples,
            "",
        ]
    )
    print(section)
    if args.write_docs:
        replace_section(DOCS_FILE, heading, section)


def _gain_line(config: Config, model: str | None) -> str:
    """How the near-split rule's two thresholds were set, for the docs section."""
    near, gain = (config.threshold(CODE, name) for name in ("near_independence", "unsupported_gain"))
    refit = "python -m benchmarks.fused_eval --fit-gain" + (f" --model {model}" if model else "")
    return (
        f"Encoder {model or 'e5 (bundled default)'}: a split kiwi's margins turn down but whose "
        f"independence is above `near_independence` {near:g} stands when the sentence without the leading "
        f"noun is closer to the English by more than `unsupported_gain` {gain:g}, chosen for this encoder "
        f"by `{refit}` on the tune half ({GAIN_PERCENTILE}th percentile of that gain over every split of an "
        "untouched line)."
    )


def fit_gain(model: str | None) -> float:
    """``unsupported_gain`` for an encoder: see the module docstring."""
    from tqcheck.checks.fusion import clause_starts, clause_window, english_names, fused_split
    from tqcheck.embed.base import cosines

    embedder = default_embedder(model)
    gains: list[float] = []
    lines = 0
    for corpus in CORPORA:
        pairs, _ = load_corpus(DEFAULT_CORPORA, corpus, "tune")
        lines += len(pairs)
        for pair in pairs:
            names = english_names(pair.en)
            for start in clause_starts(pair.ko):
                found = fused_split(clause_window(pair.ko, start), -math.inf, names)
                if found is not None:
                    without = pair.ko[:start] + pair.ko[start + found[0] :]
                    kept, dropped = cosines(embedder, pair.en, [pair.ko, without])
                    gains.append(dropped - kept)
    gains.sort()
    percentile = gains[min(len(gains) - 1, math.ceil(len(gains) * GAIN_PERCENTILE / 100) - 1)]
    chosen = round(percentile / GAIN_STEP) * GAIN_STEP
    print(
        f"{model or 'e5'}: {len(gains)} splits in {lines} untouched tune lines; "
        f"{GAIN_PERCENTILE}th percentile of the gain {percentile:.4f} -> unsupported_gain {chosen:.4f}"
    )
    return chosen


if __name__ == "__main__":
    main()
