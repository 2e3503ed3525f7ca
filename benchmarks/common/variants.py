"""The documents ``checks_eval`` checks: windows of a corpus, and variants of each window that carry
a few injected defects (see :mod:`benchmarks.common.inject`) with the gold of where each ended up."""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from benchmarks.common.corpus import SHORT, Pair
from benchmarks.common.inject import DOCUMENT_LEVEL, INJECTORS, BaseDoc, Spec
from benchmarks.common.sampling import far_pairs, stratum_start

#: Injections in one variant are this many base pairs apart at least (two clean pairs
#: between them), so the neighbours excluded from the false-alarm count never overlap.
MIN_GAP = 3
#: Codes whose eligibility decides which window of a stratum becomes a document (the rarer ones).
RARE_CODES = ("number-mismatch", "term-inconsistency", "glossary", "punctuation-mismatch", "register-mix")
#: Bad pairs, as (short corpus name, corpus line): no place to inject and no source of inserted lines.
BadLines = Collection[tuple[str, int]]


def eligibility(doc: BaseDoc) -> dict[str, int]:
    """How many pairs each rare code could be injected at (deterministic injectors only)."""
    probe = random.Random(0)
    return {
        code: sum(1 for i in range(len(doc.pairs)) if INJECTORS[code](doc, i, probe, 1) is not None)
        for code in RARE_CODES
    }


def choose_documents(
    rng: random.Random,
    pairs: list[Pair],
    corpus: str,
    docs: int,
    size: int,
    held_out_from: int,
    bad_lines: BadLines = frozenset(),
) -> list[BaseDoc]:
    """Non-overlapping windows, one per stratum of the corpus; within a stratum the window
    (of a few random candidates) where the most codes can be injected is taken, so rarer
    defects (a recurring name, a number, a question) get documents to live in. A document is
    held out when it starts at corpus line ``held_out_from`` or later."""
    if docs * size > len(pairs):
        raise SystemExit(f"{corpus}: {docs} documents of {size} pairs need more than the {len(pairs)} kept")
    stratum = len(pairs) // docs
    chosen: list[BaseDoc] = []
    for number in range(docs):
        best: tuple[tuple[int, int], BaseDoc] | None = None
        for _ in range(12):
            start = stratum_start(rng, number, stratum, size)
            window = pairs[start : start + size]
            first, last = window[0].line, window[-1].line
            far = [p for p in far_pairs(pairs, first, last) if (SHORT[corpus], p.line) not in bad_lines]
            doc = BaseDoc(f"{SHORT[corpus]}{number}", corpus, window, far, first >= held_out_from)
            counts = eligibility(doc)
            score = (sum(1 for c in counts.values() if c), sum(min(c, 3) for c in counts.values()))
            if best is None or score > best[0]:
                best = (score, doc)
        assert best is not None
        chosen.append(best[1])
    return chosen


@dataclass
class Placed:
    """An injection as it sits in one variant: final line indexes of the scored lines."""

    spec: Spec
    doc: str
    corpus: str
    variant: str
    target: int | None
    source: int | None
    sources: tuple[int, ...] = ()  # every English line of the injection


@dataclass
class Variant:
    name: str
    doc: BaseDoc
    en: list[str]
    ko: list[str]
    placed: list[Placed]
    touched_src: set[int]
    touched_tgt: set[int]
    src_origin: list[Pair | None]
    tgt_origin: list[Pair | None]
    glossary: list[tuple[str, str]] = field(default_factory=list)


def build_variant(doc: BaseDoc, name: str, specs: Sequence[Spec]) -> Variant:
    """Lay the document out with the specs applied, recording where each scored line ends up."""
    by_start = {spec.start: spec for spec in specs}
    variant = Variant(name, doc, [], [], [], set(), set(), [], [])
    i = 0
    while i < len(doc.pairs):
        spec = by_start.get(i)
        if spec is None:
            pair = doc.pairs[i]
            variant.en.append(pair.en)
            variant.ko.append(pair.ko)
            variant.src_origin.append(pair)
            variant.tgt_origin.append(pair)
            i += 1
            continue
        en0, ko0 = len(variant.en), len(variant.ko)
        variant.en.extend(spec.en)
        variant.ko.extend(spec.ko)
        variant.src_origin.extend([None] * len(spec.en))
        variant.tgt_origin.extend([None] * len(spec.ko))
        # The injected lines and one line either side may be aligned differently: not "untouched".
        variant.touched_src.update(range(en0 - 1, len(variant.en) + 1))
        variant.touched_tgt.update(range(ko0 - 1, len(variant.ko) + 1))
        variant.placed.append(
            Placed(
                spec,
                doc.name,
                doc.corpus,
                name,
                None if spec.gold_ko is None else ko0 + spec.gold_ko,
                None if spec.gold_en is None else en0 + spec.gold_en,
                tuple(range(en0, len(variant.en))),
            )
        )
        if spec.glossary:
            variant.glossary.append(spec.glossary)
        i = spec.stop
    return variant


def plan_variants(
    doc: BaseDoc,
    rng: random.Random,
    codes: Sequence[str],
    per_doc: int,
    per_variant: int,
    bad_lines: BadLines = frozenset(),
) -> list[Variant]:
    """Inject every code ``per_doc`` times into the document, spread over as few variants as
    the spacing rules allow: injections at least ``MIN_GAP`` pairs apart, protected pairs
    untouched, and at most one injection of a document-level code per variant."""
    wanted = [code for code in codes for _ in range(per_doc)]
    rng.shuffle(wanted)
    groups: list[list[Spec]] = []
    used: set[tuple[str, int]] = set()
    count: Counter[str] = Counter()

    def fits(group: list[Spec], spec: Spec) -> bool:
        if len(group) >= per_variant:
            return False
        for other in group:
            if spec.start < other.stop + MIN_GAP - 1 and other.start < spec.stop + MIN_GAP - 1:
                return False
            if any(other.start - 1 <= k < other.stop + 1 for k in spec.protected):
                return False
            if any(spec.start - 1 <= k < spec.stop + 1 for k in other.protected):
                return False
            if spec.code in DOCUMENT_LEVEL and spec.code == other.code:
                return False
        return True

    for code in wanted:
        positions = list(range(len(doc.pairs)))
        rng.shuffle(positions)
        fallback: Spec | None = None
        chosen: tuple[Spec, list[Spec]] | None = None
        for i in positions:
            if (code, i) in used:
                continue
            if (SHORT[doc.corpus], doc.pairs[i].line) in bad_lines:
                continue
            spec = INJECTORS[code](doc, i, rng, count[code])
            if spec is None or any(
                (SHORT[doc.corpus], doc.pairs[k].line) in bad_lines for k in range(i, spec.stop)
            ):
                continue
            home = next((group for group in groups if fits(group, spec)), None)
            if home is not None:
                chosen = (spec, home)
                break
            fallback = fallback or spec
        if chosen is None and fallback is not None:
            groups.append([])
            chosen = (fallback, groups[-1])
        if chosen is None:
            print(f"{doc.name}: nowhere to inject {code}", file=sys.stderr)
            continue
        spec, home = chosen
        home.append(spec)
        used.update((code, k) for k in range(spec.start, spec.stop))
        count[code] += 1
    return [
        build_variant(doc, f"{doc.name}-v{number}", sorted(group, key=lambda s: s.start))
        for number, group in enumerate(groups)
    ]
