"""Measure sentence splitters on pseudo-paragraphs built from the shared one-sentence-per-line corpora.

Why pseudo-paragraphs: the corpora have no paragraph annotation, but each line is (mostly) one sentence, so
joining runs of consecutive lines with a space gives text whose true boundaries are known. Lines that
really hold two sentences make every splitter that finds them look worse, so precision has a ceiling below
1.0; it is the same ceiling for every candidate, which is what matters for choosing one.

Usage (from the repository root)::

    python -m benchmarks.split_eval                       # ../shared/corpora beside the repo
    python -m benchmarks.split_eval --corpora DIR --big 20000 --errors /tmp/split-errors.txt

Optional candidates (pysbd, syntok) are measured only when installed; they are not project dependencies.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common.corpus import CORPORA, DEFAULT_CORPORA, read_lines
from tqcheck.segment.english import split_english
from tqcheck.segment.korean import _split as korean_split
from tqcheck.segment.korean import split_korean
from tqcheck.text.morphemes import get_kiwi

Splitter = Callable[[str], list[tuple[int, int]]]


@dataclass
class Paragraph:
    text: str
    gold: set[int]  # offsets where a sentence other than the first starts
    n_sents: int


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    paragraphs: int = 0
    sentences: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def spans_from_strings(text: str, sentences: Iterable[str]) -> list[tuple[int, int]]:
    """Locate string output in the text, because libraries' own offsets are not always trustworthy."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sent in sentences:
        body = sent.strip()
        if not body:
            continue
        at = text.find(body, pos)
        if at < 0:  # the library altered the text; fall back to its first character
            at = text.find(body[:1], pos)
            if at < 0:
                continue
        spans.append((at, at + len(body)))
        pos = at + 1
    return spans


def naive_regex(text: str) -> list[tuple[int, int]]:
    """Baseline: split after every . ? ! (plus closing quotes) that is followed by whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"[.?!…]+[\"'”’)]*\s+", text):
        end = m.end()
        seg = text[start:end]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            spans.append((start + lead, start + len(seg.rstrip())))
        start = end
    seg = text[start:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        spans.append((start + lead, start + len(seg.rstrip())))
    return spans


def optional_english() -> dict[str, Splitter]:
    found: dict[str, Splitter] = {}
    try:
        import pysbd
    except ImportError:
        pass
    else:
        seg = pysbd.Segmenter(language="en", clean=False)
        found["pysbd"] = lambda t: spans_from_strings(t, seg.segment(t))
    try:
        from syntok import segmenter
    except ImportError:
        pass
    else:

        def run_syntok(text: str) -> list[tuple[int, int]]:
            spans = []
            for para in segmenter.analyze(text):
                for sent in para:
                    if sent:
                        last = sent[-1]
                        spans.append((sent[0].offset, last.offset + len(last.value)))
            return spans

        found["syntok"] = run_syntok
    return found


def kiwi_raw(text: str) -> list[tuple[int, int]]:
    """Kiwi as it comes, for comparison with the post-processed splitter."""
    return [(s.start, s.end) for s in get_kiwi().split_into_sents(text, return_tokens=False)]


def candidates(lang: str) -> dict[str, Splitter]:
    if lang == "en":
        return {"tqcheck rules": split_english, **optional_english(), "naive regex": naive_regex}
    get_kiwi().split_into_sents("모델을 미리 불러 둔다.")  # loading is a one-off cost, not throughput
    return {
        "tqcheck (rules + kiwi)": split_korean,
        "rules + kiwi on every segment": lambda t: korean_split(t, always_kiwi=True),
        "kiwi raw": kiwi_raw,
        "naive regex": naive_regex,
    }


def paragraphs(lines: list[str], seed: int, max_group: int) -> list[Paragraph]:
    rng = random.Random(seed)
    out: list[Paragraph] = []
    i = 0
    while i < len(lines):
        group = lines[i : i + rng.randint(1, max_group)]
        i += len(group)
        gold: set[int] = set()
        pos = 0
        for k, line in enumerate(group):
            if k:
                gold.add(pos)
            pos += len(line) + 1
        out.append(Paragraph(" ".join(group), gold, len(group)))
    return out


def evaluate(split: Splitter, paras: list[Paragraph], keep_errors: bool) -> Score:
    score = Score()
    split(paras[0].text)  # warm-up: lazy model loads are not part of throughput
    for para in paras:
        t0 = time.perf_counter()
        spans = split(para.text)
        score.seconds += time.perf_counter() - t0
        pred = {s for s, _ in spans[1:]}
        score.tp += len(pred & para.gold)
        score.fp += len(pred - para.gold)
        score.fn += len(para.gold - pred)
        score.exact += pred == para.gold
        score.paragraphs += 1
        score.sentences += para.n_sents
        if keep_errors and pred != para.gold:
            score.errors.append(render_error(para, pred))
    return score


def render_error(para: Paragraph, pred: set[int]) -> str:
    """Show the paragraph with | at boundaries: +| missed gold, -| spurious, || correct."""
    out, last = [], 0
    for pos in sorted(pred | para.gold):
        out.append(para.text[last:pos])
        out.append("||" if pos in pred and pos in para.gold else ("-|" if pos in pred else "+|"))
        last = pos
    out.append(para.text[last:])
    return "".join(out)


def big_document(lines: list[str], n: int, seed: int, max_group: int) -> str:
    """A long document of ``n`` sentences: pseudo-paragraphs, one per line, cycling through the corpus."""
    pool = []
    while sum(p.n_sents for p in pool) < n:
        pool.extend(paragraphs(lines, seed + len(pool), max_group))
    return "\n".join(p.text for p in pool)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--max-group", type=int, default=6, help="paragraphs join 1..N consecutive lines")
    ap.add_argument("--big", type=int, default=0, help="also time one document of this many sentences")
    ap.add_argument("--errors", type=Path, help="write every wrongly split paragraph here")
    args = ap.parse_args(argv)

    rows = []
    error_log: list[str] = []
    corpus_lines: dict[str, list[str]] = {}
    for corpus in reversed(CORPORA):  # news first, the order of the published table
        for lang in ("en", "ko"):
            lines = read_lines(args.corpora / corpus / f"dev.{lang}")
            corpus_lines.setdefault(lang, []).extend(lines)
            paras = paragraphs(lines, args.seed, args.max_group)
            for name, split in candidates(lang).items():
                sc = evaluate(split, paras, keep_errors=args.errors is not None)
                rows.append((lang, corpus, name, sc))
                error_log.extend(f"[{lang} {corpus} {name}] {e}" for e in sc.errors)

    print("| lang | corpus | splitter | paragraphs | boundaries | P | R | F1 | exact | sent/s |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for lang, corpus, name, sc in rows:
        rate = sc.sentences / sc.seconds if sc.seconds else float("inf")
        print(
            f"| {lang} | {corpus} | {name} | {sc.paragraphs} | {sc.tp + sc.fn} | {sc.precision:.3f} | "
            f"{sc.recall:.3f} | {sc.f1:.3f} | {sc.exact / sc.paragraphs:.3f} | {rate:,.0f} |"
        )

    if args.big:
        print(f"\nOne document of {args.big:,} sentences (pseudo-paragraphs, one per line):\n")
        print("| lang | splitter | chars | seconds | sentences found |")
        print("|---|---|---:|---:|---:|")
        for lang, lines in corpus_lines.items():
            doc = big_document(lines, args.big, args.seed, args.max_group)
            for name, split in candidates(lang).items():
                split("워밍업. Warm-up.")
                t0 = time.perf_counter()
                found = len(split(doc))
                print(f"| {lang} | {name} | {len(doc):,} | {time.perf_counter() - t0:.2f} | {found:,} |")

    if args.errors:
        args.errors.write_text("\n".join(error_log) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
