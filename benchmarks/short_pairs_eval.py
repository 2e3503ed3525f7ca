"""``low-fidelity`` on short pairs: courtesies, idioms, UI labels, signs, headlines.

A pair of a few words gives the encoder too little text: a faithful ``You're welcome.`` = ``천만에요.``
can score as low as a swapped sentence. The check therefore reads pairs whose English has at most
``short_words`` words against a wider margin (``short_below``). This benchmark is where that margin is
chosen (on the tune half) and measured (on the report half).

- Faithful pairs: ``corpora/short-pairs/pairs.tsv`` (written for the project: idiomatic renderings,
  not word for word) and the shared corpora's pairs of at most ``short_words`` English words.
- Wrong pairs: each of those English lines with the Korean of another short pair of the same half
  (a fixed offset through the list, so every Korean is used once; a Korean identical to the pair's
  own is skipped).

Every pair is one unit of ``check_segments`` (no neighbours to lean on, as in a PO or XLIFF file of UI
strings), so the fidelity here is the lowest a short pair gets; in a document the neighbour margin helps.
The halves are ``benchmarks.common.corpus.split_of`` of each pair's text.

    python -m benchmarks.short_pairs_eval [--model use-multilingual] [--write-docs]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common.corpus import CORPORA, REPO_ROOT, SHORT, load_pairs, split_of
from benchmarks.common.docs import DOCS_FILE, command_line, replace_section, share
from benchmarks.review_eval import default_embedder
from tools.fit_review import MAX_FALSE_ALARMS, highest_threshold
from tqcheck.checks.registry import default_thresholds
from tqcheck.config import Config
from tqcheck.embed.profiles import apply_thresholds, profile_for
from tqcheck.model import SegmentRecord
from tqcheck.text.scripts import LATIN_WORD

SECTION_HEADING = "## Short pairs (short_pairs_eval.py)"
SHORT_PAIRS = REPO_ROOT / "corpora" / "short-pairs" / "pairs.tsv"
CODE = "low-fidelity"
#: The rule that chose ``short_below`` is the one that chose ``below`` (tools/fit_review.py): the
#: highest threshold that flags at most MAX_FALSE_ALARMS of the faithful pairs of the tune half, here
#: in finer steps (up to TOP) because short pairs score lower.
STEP = 0.005
TOP = 0.3
#: What the figures mean, read off the first run (e5 and USE, commit after f8a1b29).
NOTES = """
What the wider margin costs: with one threshold for all, a third of the project's faithful short pairs
(idioms, UI labels) are flagged and nearly every swap is caught; with the short margin about 2% of the
faithful ones are flagged and about two thirds of the swaps (e5) are still caught. On so few words the
encoder cannot tell an idiomatic rendering from a wrong one (the ranking is still good: most swaps score
below most faithful pairs, but the two overlap exactly where idioms sit). A swapped short line in a
document is usually caught by the aligner too (it is left 1-0 and 0-1: omission and addition). USE keeps
short pairs apart better than e5 (its rule chooses 0.02 on its own scale).
"""
#: The offset that pairs an English line with another pair's Korean (any offset far from 0 will do).
SWAP_OFFSET = 37


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    origin: str  # "short-pairs:<kind>" or a corpus's short name
    half: str
    faithful: bool


def english_words(text: str) -> int:
    return len(LATIN_WORD.findall(text))


def read_short_pairs(path: Path = SHORT_PAIRS) -> list[tuple[str, str, str]]:
    """(English, Korean, kind) rows of the project's short-pair file; ``#`` lines are comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, korean, kind = line.split("\t")
            rows.append((english.strip(), korean.strip(), kind.strip()))
    return rows


def faithful_pairs(short_words: int) -> list[Pair]:
    pairs = [
        Pair(en, ko, f"short-pairs:{kind}", split_of(en, ko), True)
        for en, ko, kind in read_short_pairs()
        if english_words(en) <= short_words
    ]
    for corpus in CORPORA:
        pairs += [
            Pair(pair.en, pair.ko, SHORT[corpus], split_of(pair.en, pair.ko), True)
            for pair in load_pairs(corpus)
            if pair.en and pair.ko and 0 < english_words(pair.en) <= short_words
        ]
    return pairs


def swapped(pairs: list[Pair]) -> list[Pair]:
    """Each English with another pair's Korean from the same half."""
    wrong = []
    for half in ("tune", "report"):
        chosen = [pair for pair in pairs if pair.half == half]
        for index, pair in enumerate(chosen):
            other = chosen[(index + SWAP_OFFSET) % len(chosen)]
            if other.target != pair.target:
                wrong.append(Pair(pair.source, other.target, pair.origin, half, False))
    return wrong


def scored(pairs: list[Pair], model: str | None) -> tuple[list[float], list[bool]]:
    """Each pair's fidelity and whether the real check flags it (as a flag or a related entry)."""
    from tqcheck.pipeline import check_segments

    records = [SegmentRecord(source=pair.source, target=pair.target) for pair in pairs]
    result = check_segments(records, path="short_pairs_eval", embedder=default_embedder(model))
    fidelity = [1.0] * len(pairs)
    marks = [False] * len(pairs)
    for alignment in result.alignments:
        if not alignment.source_ids or not alignment.target_ids:
            continue
        index = alignment.source_ids[0]
        fidelity[index] = alignment.fidelity if alignment.fidelity is not None else 1.0
        marks[index] = CODE in alignment.codes
    return fidelity, marks


def choose_short_below(clean: list[float]) -> float:
    """``short_below`` by the low-fidelity threshold rule, in ``STEP`` steps."""
    return highest_threshold(clean, STEP, TOP)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default=None, help="encoder, as check --model (default: bundled e5)")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    config = apply_thresholds(Config(), profile_for(args.model))
    declared = default_thresholds()[CODE]
    short_words = int(config.threshold(CODE, "short_words"))
    shipped = {name: config.threshold(CODE, name) for name in ("below", "short_below")}

    faithful = faithful_pairs(short_words)
    pairs = faithful + swapped(faithful)
    fidelity, marks = scored(pairs, args.model)
    tune_clean = [f for f, p in zip(fidelity, pairs, strict=True) if p.half == "tune" and p.faithful]
    chosen = choose_short_below(tune_clean)

    rows = []
    for half in ("tune", "report"):
        for origin in ("short-pairs", *SHORT.values(), "all"):
            for faithful_side in (True, False):
                chosen_rows = [
                    (f, mark)
                    for f, mark, p in zip(fidelity, marks, pairs, strict=True)
                    if p.half == half
                    and p.faithful == faithful_side
                    and (origin == "all" or p.origin.split(":")[0] == origin)
                ]
                if not chosen_rows:
                    continue
                total = len(chosen_rows)
                rows.append(
                    f"| {half} | {origin} | {'faithful' if faithful_side else 'swapped'} | {total} "
                    f"| {share(sum(f < shipped['below'] for f, _ in chosen_rows), total, 2)} "
                    f"| {share(sum(f < chosen for f, _ in chosen_rows), total, 2)} "
                    f"| {share(sum(mark for _, mark in chosen_rows), total, 2)} |"
                )
    by_kind = []
    for kind in sorted({p.origin for p in pairs if p.origin.startswith("short-pairs:")}):
        clean = [m for m, p in zip(marks, pairs, strict=True) if p.origin == kind and p.faithful]
        wrong = [m for m, p in zip(marks, pairs, strict=True) if p.origin == kind and not p.faithful]
        shares = f"{share(sum(clean), len(clean), 2)} | {share(sum(wrong), len(wrong), 2)}"
        by_kind.append(f"| {kind.split(':')[1]} | {shares} |")

    model_name = args.model or "multilingual-e5-small (bundled default)"
    section = "\n".join(
        [
            SECTION_HEADING,
            "",
            f"`{command_line('benchmarks.short_pairs_eval', sys.argv[1:] if argv is None else argv)}`",
            "",
            f"Encoder: {model_name}. Pairs whose English has at most {short_words} words, each checked as",
            "one unit through `check_segments`. Faithful: `corpora/short-pairs/pairs.tsv` (idioms, UI",
            "strings, signs, headlines, written for the project) and the shared corpora's short pairs;",
            "swapped: each English with another short pair's Korean of the same half.",
            "",
            f"Shipped thresholds: `below` {shipped['below']:g} for longer pairs, `short_below` "
            f"{shipped['short_below']:g} for short ones (declared {declared['short_below']:g}). The rule "
            f"(highest threshold in {STEP:g} steps flagging at most {MAX_FALSE_ALARMS:.0%} of the tune "
            f"half's faithful pairs) chooses **{chosen:g}** on this run's tune half.",
            "",
            f"| half | from | pairs | n | fidelity < {shipped['below']:g} (one threshold for all) "
            f"| fidelity < {chosen:g} (chosen on tune) | flagged `{CODE}` (shipped) |",
            "| --- | --- | --- | ---: | ---: | ---: | ---: |",
            *rows,
            "",
            "Flagged by the shipped check, by kind of the project's pairs (both halves):",
            "",
            "| kind | faithful flagged | swapped flagged |",
            "| --- | ---: | ---: |",
            *by_kind,
            "",
            f"{time.perf_counter() - started:.0f} s.",
            NOTES,
        ]
    )
    print(section)
    if args.write_docs:
        heading = SECTION_HEADING if args.model is None else f"{SECTION_HEADING[:-1]}, {args.model})"
        replace_section(DOCS_FILE, heading, section.replace(SECTION_HEADING, heading, 1))


if __name__ == "__main__":
    main()
