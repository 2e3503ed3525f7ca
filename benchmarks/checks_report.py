"""The markdown report of ``checks_eval`` (not a script): what a run found, the hand verdicts on
the flagged untouched pairs, and how both are laid out in ``docs/benchmarks.md``.

The verdicts and the notes on misses are hand-written data in ``benchmarks/data/``
(``checks_eval_verdicts.json``, ``checks_eval_miss_notes.json``); the list of check codes is the
registry's (:func:`benchmarks.common.inject.check_codes`).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.common.corpus import CORPORA, SHORT, FilterReport
from benchmarks.common.data import load_json
from benchmarks.common.docs import command_line
from benchmarks.common.inject import BaseDoc, check_codes
from benchmarks.common.variants import MIN_GAP, Placed, Variant

SECTION_HEADING = "## Checks (checks_eval.py)"
#: Every registered check code, in report order (those with an injector first, in injection order).
CODES = check_codes()
RECALL_TARGET = 0.9
#: Issue 10's target for the raw false alarms (any flag but those counted ``APART``) on untouched pairs.
FALSE_ALARM_TARGET = 0.03
#: Counted apart in the raw false-alarm row: jhe documents are assembled from unrelated sentences, some
#: of them polite dialogue among 한다체 narration, so a register-mix there is right for the document.
APART = ("register-mix",)


def _load_verdicts() -> dict[tuple[str, str], tuple[str, str]]:
    data = load_json("checks_eval_verdicts.json")
    verdicts: dict[tuple[str, str], tuple[str, str]] = {}
    for entry in data["verdicts"]:
        if entry["verdict"] not in data["labels"]:
            raise ValueError(f"checks_eval_verdicts.json: unknown verdict {entry['verdict']!r}")
        for key in entry["pairs"]:
            if (entry["corpus"], key) in verdicts:
                raise ValueError(f"checks_eval_verdicts.json: {entry['corpus']} {key} is judged twice")
            verdicts[entry["corpus"], key] = (entry["verdict"], entry["reason"])
    return verdicts


#: Human verdicts on untouched pairs the checks flag, keyed by (short corpus name, corpus line(s)
#: joined with "+"): "bad" (the pair is defective in the corpus, the flag is right), "doc" (right for
#: the assembled document) or "ok" (a false alarm); see ``benchmarks/data/checks_eval_verdicts.json``.
VERDICTS = _load_verdicts()
VERDICT_LABEL: dict[str, str] = load_json("checks_eval_verdicts.json")["labels"]
#: Pairs judged defective are no place to inject a defect (the gold would be wrong twice over)
#: and no source of inserted lines.
BAD_LINES = frozenset(
    (corpus, int(line))
    for (corpus, key), (kind, _) in VERDICTS.items()
    if kind == "bad"
    for line in key.split("+")
)
_NOTES = load_json("checks_eval_miss_notes.json")
#: Why the misses happen, read off the misses of the default run at ``NOTES_COMMIT``.
NOTES_COMMIT: str = _NOTES["commit"]
MISS_NOTES: dict[str, str] = _NOTES["notes"]


@dataclass
class Outcome:
    placed: Placed
    caught: bool
    others: list[str]
    alignment: dict[str, Any] | None

    @property
    def flagged(self) -> bool:
        """Some flag, of any code, where the injection went."""
        return self.caught or bool(self.others)


@dataclass
class Alarm:
    """A flagged untouched alignment: its pairs' corpus lines, texts and flags."""

    corpus: str
    variant: str
    lines: tuple[int, ...]
    en: str
    ko: str
    codes: tuple[str, ...]
    messages: tuple[str, ...]


@dataclass
class FalseAlarms:
    untouched: int = 0
    flagged: int = 0
    per_code: Counter[str] = field(default_factory=Counter)
    alarms: list[Alarm] = field(default_factory=list)

    def flagged_apart_from(self, codes: Sequence[str]) -> int:
        """Untouched alignments flagged with some code not in ``codes`` (one count per alignment)."""
        return sum(1 for alarm in self.alarms if set(alarm.codes) - set(codes))


def flag_codes(alignment: dict[str, Any]) -> list[str]:
    """Every code reported on the alignment, those folded into another flag's ``related`` included:
    the tool reported them, under the flag that explains them."""
    flags = alignment.get("flags", [])
    return sorted(
        {flag["code"] for flag in flags} | {r["code"] for flag in flags for r in flag.get("related", [])}
    )


@dataclass
class SeedRow:
    code: str
    where: str
    text: str
    caught: bool
    codes: list[str]


def shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(text: str, limit: int = 70) -> str:
    return shorten(text, limit).replace("|", "\\|")


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "–"


def render_report(
    args: argparse.Namespace,
    argv: Sequence[str],
    stats: list[tuple[str, FilterReport]],
    docs: list[BaseDoc],
    variants: list[Variant],
    outcomes: list[Outcome],
    alarms: dict[str, FalseAlarms],
    pristine: dict[str, FalseAlarms],
    seed: dict[str, tuple[list[SeedRow], list[str]]],
    info: dict[str, Any],
    with_text: bool = True,
) -> str:
    """The markdown report. ``with_text=False`` (for docs/benchmarks.md, which is in the
    repository) names corpus pairs by line number only: no corpus text is copied."""
    from tools.fit_fidelity import FIT_SHARE  # the fitter's import graph only when a report is made

    out: list[str] = [SECTION_HEADING, ""]
    command = command_line("benchmarks.checks_eval", argv)
    low, high = stats[0][1].low, stats[0][1].high
    out += [
        "Command (from the repository root, with the project's interpreter):",
        "",
        "```",
        command,
        "```",
        "",
        f"Documents: {args.docs} per corpus × {args.size} consecutive kept pairs of `koen-jhe-dev` (jhe: "
        "clean, unrelated sentences) and `koen-news-dev` (news: articles, some noisy pairs), one sentence "
        f"per line (`--split lines`), seed {args.seed}. The windows are spread over each corpus; within "
        "each stratum the window (of 12 random ones) where most kinds of defect can be injected is taken. "
        "A pair is kept when both sides are non-empty, the Korean has Hangul and is "
        f"{low}–{high}× the English in characters: "
        + "; ".join(_describe_filter(corpus, report) for corpus, report in stats)
        + f". Each code is injected {args.per_doc}× per document where the document allows it (a "
        "register-mix needs a 한다체 document, a term-inconsistency a name written twice, a "
        "number-mismatch a number on both sides), at most "
        f"{args.per_variant} defects per variant, {MIN_GAP - 1}+ clean pairs apart, each defect on its "
        f"own line. {len(variants)} variants plus the {len(docs)} untouched (pristine) documents were "
        f"checked: {info['lines']} distinct lines, {info['seconds']:.0f} s wall with {args.jobs} CLI "
        f"runs in parallel sharing one embedding cache (tqcheck at commit {info.get('commit', '?')}"
        f"{', with uncommitted changes' if info.get('dirty') else ''}).",
        "",
        "**Recall.** A defect is *caught* when the alignment holding the injected Korean line (for an "
        "omission: the English line) carries a flag with the injected code. *Flagged* counts defects "
        "with any flag there or on the alignments of the injection's English lines; *also fired* lists "
        "those other codes (not errors: a truncated line may also be unterminated).",
        "",
        "| code | jhe | news | recall | ≥ 0.9 | flagged | also fired (count) |",
        "| --- | ---: | ---: | ---: | :---: | ---: | --- |",
    ]
    by_code: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_code[outcome.placed.spec.code].append(outcome)
    for code in CODES:
        results = by_code.get(code, [])
        if not results:
            out.append(f"| {code} | – | – | – | no injection | | |")
            continue
        cells = []
        for corpus in CORPORA:
            mine = [o for o in results if o.placed.corpus == corpus]
            cells.append(f"{sum(o.caught for o in mine)}/{len(mine)}" if mine else "–")
        recall = sum(o.caught for o in results) / len(results)
        flagged = sum(o.flagged for o in results)
        others = Counter(c for o in results for c in o.others)
        also = ", ".join(f"{c} {n}" for c, n in others.most_common())
        ok = "yes" if recall >= RECALL_TARGET else "**no**"
        out.append(
            f"| {code} | {cells[0]} | {cells[1]} | {recall:.2f} | {ok} | {flagged}/{len(results)} | {also} |"
        )
    cells = []
    for corpus in CORPORA:
        mine = [o for o in outcomes if o.placed.corpus == corpus]
        cells.append(f"{sum(o.caught for o in mine)}/{len(mine)}")
    out.append(
        f"| **all** | {cells[0]} | {cells[1]} | {_rate(sum(o.caught for o in outcomes), len(outcomes))} | | "
        f"{sum(o.flagged for o in outcomes)}/{len(outcomes)} | |"
    )

    parts = []
    for held_out, label in ((False, f"first {FIT_SHARE:.0%}"), (True, f"last {1 - FIT_SHARE:.0%}")):
        mine = [o for o in outcomes if _doc_of(docs, o.placed.doc).held_out == held_out]
        low = [o for o in mine if o.placed.spec.code == "low-fidelity"]
        parts.append(
            f"{label} of their corpus: {sum(o.caught for o in mine)}/{len(mine)} "
            f"(low-fidelity {sum(o.caught for o in low)}/{len(low)})"
        )
    out += [
        "",
        "The fidelity score behind `low-fidelity` is fitted on synthetic pairs from the first "
        f"{FIT_SHARE:.0%} of both corpora, so documents there are not held out. Recall for documents in the "
        + "; in the ".join(parts)
        + ".",
    ]

    kinds = sorted(
        {(o.placed.spec.code, o.placed.spec.kind) for o in outcomes}, key=lambda k: (CODES.index(k[0]), k[1])
    )
    out += [
        "",
        "By kind of injection:",
        "",
        "| code | kind | caught | flagged |",
        "| --- | --- | ---: | ---: |",
    ]
    for code, kind in kinds:
        mine = [o for o in outcomes if o.placed.spec.code == code and o.placed.spec.kind == kind]
        out.append(
            f"| {code} | {kind} | {sum(o.caught for o in mine)}/{len(mine)} | "
            f"{sum(o.flagged for o in mine)}/{len(mine)} |"
        )

    misses = [o for o in outcomes if not o.caught]
    out += ["", f"**Misses** ({len(misses)}; up to {args.examples} per code; `line` is the corpus line):", ""]
    if not misses:
        out.append("none")
    for code in CODES:
        mine = [o for o in misses if o.placed.spec.code == code]
        for outcome in mine[: args.examples]:
            placed = outcome.placed
            alignment = outcome.alignment
            shape = (
                f"aligned src {alignment['source_ids']} / tgt {alignment['target_ids']}, flags there: "
                f"{', '.join(flag_codes(alignment)) or 'none'}"
                if alignment
                else "not aligned"
            )
            if outcome.others:
                shape += f"; around it: {', '.join(outcome.others)}"
            line = _doc_of(docs, placed.doc).pairs[placed.spec.start].line
            where = f"`{code}` ({placed.spec.kind}, {placed.variant}, {SHORT[placed.corpus]} line {line})"
            if with_text:
                shown = variant_line(variants, placed)
                what = "English dropped" if placed.target is None else "Korean"
                out.append(f"- {where}: {what} `{_cell(shown, 100)}` — {shape}")
            else:
                out.append(f"- {where} — {shape}")
        if len(mine) > args.examples:
            out.append(f"- `{code}`: … {len(mine) - args.examples} more")
    noted = [code for code in CODES if code in MISS_NOTES and any(o.placed.spec.code == code for o in misses)]
    if noted:
        out += [
            "",
            f"Why (read off the misses at commit {NOTES_COMMIT}; recheck if the commit above differs):",
            "",
        ]
        out += [f"- `{code}`: {MISS_NOTES[code]}." for code in noted]

    out += [
        "",
        "**False alarms.** Untouched alignments (no injected line in them or next to them) that get any "
        "flag, pooled over all variants (a pair counts once per variant it is untouched in); the "
        "pristine columns check each base document once, with no injection at all. The last row "
        "leaves out the flags judged right by hand (`benchmarks/data/checks_eval_verdicts.json`: the "
        "pair itself is defective, or the flag is right for the assembled document).",
        "",
        "| code | jhe variants | news variants | jhe pristine | news pristine |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    groups = [alarms[c] for c in CORPORA] + [pristine[c] for c in CORPORA]
    for code in CODES:
        if not any(g.per_code[code] for g in groups):
            continue
        cells = [f"{g.per_code[code]} ({_rate(g.per_code[code], g.untouched)})" for g in groups]
        out.append(f"| {code} | " + " | ".join(cells) + " |")
    cells = [f"**{g.flagged}/{g.untouched} ({_rate(g.flagged, g.untouched)})**" for g in groups]
    out.append("| any flag | " + " | ".join(cells) + " |")
    cells = [
        f"{g.flagged_apart_from(APART)}/{g.untouched} ({_rate(g.flagged_apart_from(APART), g.untouched)})"
        for g in groups
    ]
    out.append(f"| any flag but {', '.join(APART)} (raw) | " + " | ".join(cells) + " |")
    verdict = [
        "yes" if g.untouched and g.flagged_apart_from(APART) / g.untouched <= FALSE_ALARM_TARGET else "**no**"
        for g in groups
    ]
    out.append(f"| raw ≤ {FALSE_ALARM_TARGET:.0%} (the target is for jhe) | " + " | ".join(verdict) + " |")
    cells = []
    for g in groups:
        left = sum(1 for a in g.alarms if _verdict(a) is None or _verdict(a)[0] == "ok")
        cells.append(f"{left}/{g.untouched} ({_rate(left, g.untouched)})")
    out.append("| any flag, less those judged right | " + " | ".join(cells) + " |")

    for corpus in CORPORA:
        unique = _unique_alarms(pristine[corpus].alarms + alarms[corpus].alarms)
        label = SHORT[corpus]
        pairs = {alarm.lines: alarm for alarm, _ in unique.values()}  # one pair may recur with other codes
        judged = Counter(v[0] for a in pairs.values() if (v := _verdict(a)))
        out += [
            "",
            f"Flagged untouched {label} pairs: {len(pairs)} distinct. Judged by hand: defective in the "
            f"corpus itself (flag right) {judged['bad']}, a fine pair but the flag is right for the "
            f"assembled document {judged['doc']}, false alarm {judged['ok']}, "
            f"not judged {len(pairs) - sum(judged.values())}.",
            "",
        ]
        per_code: dict[str, Counter[str]] = defaultdict(Counter)
        for alarm, _ in unique.values():
            found = _verdict(alarm)
            for code in alarm.codes:
                per_code[code][found[0] if found else "unjudged"] += 1
        out += [
            "| code | pairs | defective pair | right for the document | false alarm | not judged |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for code in CODES:
            if code in per_code:
                c = per_code[code]
                out.append(
                    f"| {code} | {sum(c.values())} | {c['bad']} | {c['doc']} | {c['ok']} | {c['unjudged']} |"
                )
        out.append("")
        if with_text:
            for alarm, seen in list(unique.values())[: args.show_alarms]:
                found = _verdict(alarm)
                verdict_text = f" — **{VERDICT_LABEL[found[0]]}**: {found[1]}" if found else " — not judged"
                out.append(
                    f"- {label} {'+'.join(map(str, alarm.lines))} `{', '.join(alarm.codes)}` ({seen}×): "
                    f"EN `{_cell(alarm.en, 80)}` KO `{_cell(alarm.ko, 60)}` — "
                    f"{_cell(alarm.messages[0], 90)}{verdict_text}"
                )
            if len(unique) > args.show_alarms:
                out.append(f"- … {len(unique) - args.show_alarms} more")
        else:
            # By verdict, so one reason shared by many pairs is written once.
            grouped: dict[tuple[str, str] | None, list[str]] = defaultdict(list)
            for alarm, seen in unique.values():
                grouped[_verdict(alarm)].append(
                    f"{'+'.join(map(str, alarm.lines))} ({', '.join(alarm.codes)}; {seen}×)"
                )
            order = {"ok": 0, "bad": 1, "doc": 2}
            for found in sorted(grouped, key=lambda v: (order[v[0]], v[1]) if v else (3, "")):
                what = f"**{VERDICT_LABEL[found[0]]}**: {found[1]}" if found else "**not judged**"
                out.append(f"- {label} {'; '.join(grouped[found])} — {what}")

    for name, (rows, extras) in seed.items():
        out += [
            "",
            f"**Seed sample `corpora/{name}`** (`--split auto`): planted defects from `gold.json`.",
            "",
        ]
        if rows:
            out += [
                "| defect | expected code | where | caught | codes on that alignment |",
                "| --- | --- | --- | :---: | --- |",
            ]
            for row in rows:
                out.append(
                    f"| `{_cell(row.text, 40)}` | {row.code} | {row.where} | "
                    f"{'yes' if row.caught else '**no**'} | {', '.join(row.codes) or '–'} |"
                )
            out.append("")
        out.append(f"Flags not in the gold: {len(extras)}" + (":" if extras else "."))
        out += [f"- {extra}" for extra in extras]
    return "\n".join(out) + "\n"


def _doc_of(docs: list[BaseDoc], name: str) -> BaseDoc:
    return next(doc for doc in docs if doc.name == name)


def variant_line(variants: list[Variant], placed: Placed) -> str:
    variant = next(v for v in variants if v.name == placed.variant)
    return variant.ko[placed.target] if placed.target is not None else variant.en[placed.source or 0]


def _verdict(alarm: Alarm) -> tuple[str, str] | None:
    return VERDICTS.get((SHORT[alarm.corpus], "+".join(map(str, alarm.lines))))


def _unique_alarms(alarms: list[Alarm]) -> dict[tuple[Any, ...], tuple[Alarm, int]]:
    unique: dict[tuple[Any, ...], tuple[Alarm, int]] = {}
    for alarm in alarms:
        key = (alarm.lines, alarm.codes)
        seen = unique.get(key)
        unique[key] = (seen[0] if seen else alarm, (seen[1] if seen else 0) + 1)
    return dict(sorted(unique.items(), key=lambda item: item[0]))


def _describe_filter(corpus: str, report: FilterReport) -> str:
    reasons = report.reasons
    return (
        f"{SHORT[corpus]}: {report.kept} of {report.total} pairs kept ({report.dropped} dropped: "
        f"{reasons['empty']} empty, {reasons['no Hangul']} without Hangul, {reasons['length ratio']} "
        "outside the ratio band)"
    )
