"""Structural edits with known gold for ``align_eval``: sentences merged, split, dropped, added,
and headlines glued onto the first sentence, as real translations do.

A document is a run of consecutive kept corpus pairs (neighbouring news lines come from the same
article, so the wrong neighbour is often a plausible match); :func:`build_document` places the
edits (every two kept apart by a clean pair) and records the gold ``(source_ids, target_ids)`` of
every alignment.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.common.corpus import Pair
from benchmarks.common.sampling import far_pairs, stratum_start
from tqcheck.text.scripts import has_hangul

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

Alignment = tuple[tuple[int, ...], tuple[int, ...]]

_FINAL_PUNCT = " .!?…;:,"


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
    if not en or not has_hangul(ko):
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

    far = far_pairs(pairs, first_line, last_line) or [p for p in pairs if p not in window]
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
        return [stratum_start(rng, number, stratum, size) for number in range(docs)]
    print(f"warning: {docs} documents of {size} pairs do not fit without overlap", file=sys.stderr)
    return [rng.randint(0, available - size) for _ in range(docs)]
