"""GitHub Actions output: annotations at the flagged lines, and a table for the job summary.

Annotations are workflow commands printed to stdout (``::error file=…,line=…::message``); GitHub
attaches them to the file and line in the run and in a pull request's diff. GitHub shows only a few
per step, so the most severe come first, each level is capped, and one final notice says how many
were left out and where to find them all (the step summary, the SARIF or JUnit report).

Escaping follows the runner's rules (``@actions/core``): in a message ``%``, CR and LF are
percent-encoded; in a property value also ``:`` and ``,``, which would otherwise end the value.
GitHub's ``endColumn`` is inclusive (it defaults to ``col`` for a one-character annotation), unlike
the exclusive ``Location.end_column``; columns are sent only when the span is on one line, as the
runner requires.
"""

from __future__ import annotations

import html
import os
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.model import DocumentOutcome, Severity
from tqcheck.report.locate import Location, located_flags, relative_path, snippet

if TYPE_CHECKING:
    from tqcheck.gate.baseline import Baseline

ANNOTATIONS_PER_LEVEL = 10
"""GitHub shows at most 10 error, 10 warning and 10 notice annotations from one step; more are dropped
without a word, so we choose which 10 (the summary notice counts as one of the notices)."""
ANNOTATIONS_PER_JOB = 50
"""And at most 50 annotations in all from one job."""
MAX_SUMMARY_ROWS = 300
"""Rows of the step-summary table (GitHub caps a step's summary at 1 MiB); the worst come first."""
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, properties: Mapping[str, str | int | None]) -> str:
    """``::command key=value,…::message`` with every part escaped; ``None`` properties left out."""
    given = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None
    )
    return f"::{command}{' ' + given if given else ''}::{escape_data(message)}"


def _position(location: Location) -> dict[str, int | None]:
    if location.line < 1:
        return {}
    position: dict[str, int | None] = {"line": location.line}
    if location.end_line is not None and location.end_line != location.line:
        position["endLine"] = location.end_line
    elif location.column is not None:
        position["col"] = location.column
        if location.end_column is not None:
            position["endColumn"] = max(location.column, location.end_column - 1)
    return position


@dataclass(frozen=True)
class _Annotation:
    severity: Severity
    order: tuple[str, int, int]
    line: str


def _annotations(outcomes: Sequence[DocumentOutcome], baseline: Baseline | None) -> list[_Annotation]:
    """Every annotation of the batch, most severe first, then by document and place."""
    found: list[_Annotation] = []
    for outcome in outcomes:
        item = outcome.item
        if outcome.error is not None:
            path = next(iter(item.paths), None)
            properties = {"file": relative_path(path) if path else None, "title": "tqcheck: not checked"}
            line = workflow_command("error", f"{item.id}: {outcome.error}", properties)
            found.append(_Annotation(Severity.ERROR, (item.id, -1, 0), line))
            continue
        if outcome.result is None:
            continue
        accepted = baseline.accepted(item.id, outcome.result) if baseline is not None else frozenset()
        for located in located_flags(outcome.result):
            if located.key in accepted:
                continue
            location, flag = located.location, located.flag
            path = location.path or item.segment_file or item.target_path
            properties = {
                "file": relative_path(path) if path else None,
                **_position(location),
                "title": f"tqcheck {flag.code}",
            }
            message = f"{flag.message} «{snippet(located.alignment, flag)}»"
            line = workflow_command(COMMANDS[located.severity], message, properties)
            found.append(_Annotation(located.severity, (item.id, location.line, location.column or 0), line))
    found.sort(key=lambda annotation: (-annotation.severity.rank, annotation.order))
    return found


def github_annotations(
    outcomes: Sequence[DocumentOutcome],
    limit_per_level: int = ANNOTATIONS_PER_LEVEL,
    limit_total: int = ANNOTATIONS_PER_JOB,
    baseline: Baseline | None = None,
) -> tuple[list[str], str | None]:
    """The annotation lines GitHub will show (most severe first) and, when some had to be left out,
    one ``::notice::`` saying how many (print it last). Flags ``baseline`` accepts are not annotated."""
    chosen: list[_Annotation] = []
    left_out: list[_Annotation] = []
    per_level: Counter[Severity] = Counter()
    for annotation in _annotations(outcomes, baseline):
        if per_level[annotation.severity] < limit_per_level and len(chosen) < limit_total:
            chosen.append(annotation)
            per_level[annotation.severity] += 1
        else:
            left_out.append(annotation)
    if not left_out:
        return [annotation.line for annotation in chosen], None
    # The summary is itself a notice: make room for it under both caps. The chosen are sorted most
    # severe first, so the last one is a notice whenever the notices are at their cap.
    while chosen and (per_level[Severity.INFO] >= limit_per_level or len(chosen) >= limit_total):
        dropped = chosen.pop()
        per_level[dropped.severity] -= 1
        left_out.append(dropped)
    counts = Counter(annotation.severity for annotation in left_out)
    by_level = ", ".join(f"{counts[severity]} {severity.value}" for severity in COMMANDS if counts[severity])
    notice = workflow_command(
        "notice",
        f"{len(left_out)} more tqcheck annotation(s) not shown ({by_level}): GitHub shows "
        f"{limit_per_level} per level per step; every flag is in the job summary and the SARIF/JUnit reports",
        {"title": "tqcheck: more flags"},
    )
    return [annotation.line for annotation in chosen], notice


# --- job summary ----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: no line break, no column break, no HTML."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def _verdict(outcome: DocumentOutcome) -> tuple[int, str]:
    if outcome.error is not None:
        return 0, "⚠️ not checked"
    if outcome.result is None:
        return 3, "skipped"
    if outcome.passed:
        verdict = "✅ passed"
        order = 2
    else:
        verdict, order = "❌ failed", 1
    accepted = outcome.result.summary.accepted
    return order, verdict + (f" ({accepted} accepted)" if accepted else "")


def _row(outcome: DocumentOutcome) -> str:
    verdict = _verdict(outcome)[1]
    if outcome.result is None:
        return f"| {_cell(outcome.item.id)} | {verdict} | – | – | – | – | {_cell(outcome.error or '')} |"
    severities: Counter[Severity] = Counter()
    codes: Counter[str] = Counter()
    for alignment in outcome.result.alignments:
        for flag in alignment.flags:
            severities[Severity(flag.severity)] += 1
            codes[flag.code] += 1
    fidelity = outcome.result.summary.fidelity
    top = ", ".join(f"{code} ×{count}" if count > 1 else code for code, count in codes.most_common(3))
    counts = " | ".join(str(severities[severity]) for severity in COMMANDS)
    shown = "–" if fidelity is None else f"{fidelity:.3f}"
    return f"| {_cell(outcome.item.id)} | {verdict} | {counts} | {shown} | {_cell(top) or '–'} |"


def step_summary_markdown(outcomes: Sequence[DocumentOutcome]) -> str:
    """The batch as a Markdown table for ``$GITHUB_STEP_SUMMARY``: documents that need attention
    first (not checked, then failed), each with its flags per severity, fidelity and top codes."""
    verdicts = Counter(
        "errored" if outcome.error is not None else "passed" if outcome.passed else "failed"
        for outcome in outcomes
    )
    heading = (
        f"### tqcheck: {len(outcomes)} document(s): {verdicts['passed']} passed, {verdicts['failed']} failed"
    )
    if verdicts["errored"]:
        heading += f", {verdicts['errored']} not checked"
    ordered = sorted(outcomes, key=lambda outcome: (_verdict(outcome)[0], outcome.item.id))
    lines = [
        heading,
        "",
        "| Document | Verdict | Errors | Warnings | Info | Fidelity | Top codes |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
        *(_row(outcome) for outcome in ordered[:MAX_SUMMARY_ROWS]),
    ]
    if len(ordered) > MAX_SUMMARY_ROWS:
        lines += ["", f"… and {len(ordered) - MAX_SUMMARY_ROWS} more document(s) not listed."]
    return "\n".join(lines) + "\n"


def write_step_summary(outcomes: Sequence[DocumentOutcome], env: Mapping[str, str] = os.environ) -> bool:
    """Append the summary table to the file ``$GITHUB_STEP_SUMMARY`` names, when it is set (inside
    a GitHub Actions step). Returns whether it wrote; a file it cannot write is a note on stderr, not
    a failed gate."""
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    try:
        with Path(path).open("a", encoding="utf-8") as summary:
            summary.write(step_summary_markdown(outcomes))
    except OSError as error:
        print(f"tqcheck: note: could not write the step summary to {path}: {error.strerror}", file=sys.stderr)
        return False
    return True
