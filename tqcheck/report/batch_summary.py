"""A batch's own outputs: ``summary.csv``/``summary.json`` (one row per document) and ``index.html``
(every document's verdict, worst first, linking to its report).

Rows are built from the slim outcomes the batch keeps (summary and flagged alignments), so these
files cost no second pass over the documents.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqcheck import __version__
from tqcheck.model import DocumentOutcome, Severity

SUMMARY_COLUMNS = [
    "id", "input", "source", "target", "reference", "segment_file", "alignments", "errors", "warnings",
    "info", "accepted", "flags", "fidelity", "bleu", "chrf", "passed", "cached", "error",
]  # fmt: skip


def severity_counts(outcome: DocumentOutcome) -> Counter[str]:
    counts: Counter[str] = Counter()
    if outcome.result is not None:
        for alignment in outcome.result.alignments:
            counts.update(flag.severity.value for flag in alignment.flags)
    return counts


def verdict(outcome: DocumentOutcome) -> str:
    if outcome.error is not None:
        return "error"
    return "passed" if outcome.passed else "failed"


def summary_row(outcome: DocumentOutcome) -> dict[str, Any]:
    item, result = outcome.item, outcome.result
    counts = severity_counts(outcome)
    summary = result.summary if result is not None else None
    return {
        "id": item.id,
        "input": item.input,
        "source": item.source_path,
        "target": item.target_path,
        "reference": item.reference_path,
        "segment_file": item.segment_file,
        "alignments": summary.alignments if summary else None,
        "errors": counts[Severity.ERROR.value],
        "warnings": counts[Severity.WARNING.value],
        "info": counts[Severity.INFO.value],
        "accepted": summary.accepted if summary else 0,
        "flags": dict(summary.flag_counts) if summary else {},
        "fidelity": summary.fidelity if summary else None,
        "bleu": summary.bleu if summary else None,
        "chrf": summary.chrf if summary else None,
        "passed": outcome.passed,
        "cached": outcome.cached,
        "error": outcome.error,
    }


def worst_first(outcomes: Sequence[DocumentOutcome]) -> list[DocumentOutcome]:
    """Errored documents, then failed ones by error flags and fidelity, then passed ones; ties by id."""
    rank = {"error": 0, "failed": 1, "passed": 2}

    def key(outcome: DocumentOutcome) -> tuple:
        counts = severity_counts(outcome)
        fidelity = outcome.result.summary.fidelity if outcome.result else None
        return (
            rank[verdict(outcome)],
            -counts[Severity.ERROR.value],
            -counts[Severity.WARNING.value],
            fidelity if fidelity is not None else 2.0,
            outcome.item.id,
        )

    return sorted(outcomes, key=key)


def render_summary_json(outcomes: Sequence[DocumentOutcome], extra: dict[str, Any]) -> str:
    rows = [summary_row(outcome) for outcome in sorted(outcomes, key=lambda outcome: outcome.item.id)]
    totals = Counter(verdict(outcome) for outcome in outcomes)
    document = {
        "tool": {"name": "tqcheck", "version": __version__},
        "documents": len(rows),
        "passed": totals["passed"],
        "failed": totals["failed"],
        "errored": totals["error"],
        **extra,
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_summary_csv(outcomes: Sequence[DocumentOutcome]) -> bytes:
    """Excel-friendly like the per-document CSV: BOM, CRLF, formula-like cells neutralised. Written
    with the ``csv`` module, not pandas: importing pandas is a tenth of a re-run with one document
    changed, and a row of scalars needs nothing of it."""
    import csv
    import io

    from tqcheck.report.csv_report import neutralise_formula

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    for outcome in sorted(outcomes, key=lambda outcome: outcome.item.id):
        row = summary_row(outcome)
        row["flags"] = "; ".join(f"{code} {count}" for code, count in row["flags"].items())
        writer.writerow(
            "" if row[column] is None else neutralise_formula(row[column]) for column in SUMMARY_COLUMNS
        )
    return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class IndexRow:
    id: str
    verdict: str
    link: str | None
    errors: int
    warnings: int
    info: int
    accepted: int
    top_codes: str
    fidelity: str
    bleu: str
    message: str


def _index_row(outcome: DocumentOutcome, output_dir: Path) -> IndexRow:
    row = summary_row(outcome)
    html = outcome.reports.get("html")
    link = Path(os.path.relpath(html, output_dir)).as_posix() if html else None
    codes = sorted(row["flags"].items(), key=lambda pair: (-pair[1], pair[0]))[:3]
    result = outcome.result
    message = outcome.error or (
        "; ".join(result.summary.gate_reasons) if result is not None and result.summary.gate_reasons else ""
    )
    return IndexRow(
        id=outcome.item.id,
        verdict=verdict(outcome),
        link=link,
        errors=row["errors"],
        warnings=row["warnings"],
        info=row["info"],
        accepted=row["accepted"],
        top_codes=", ".join(f"{code} ×{count}" for code, count in codes),
        fidelity="" if row["fidelity"] is None else f"{row['fidelity']:.2f}",
        bleu="" if row["bleu"] is None else f"{row['bleu']:.1f}",
        message=message,
    )


def render_index_html(outcomes: Sequence[DocumentOutcome], output_dir: Path) -> str:
    from tqcheck.report.html_report import _environment

    rows = [_index_row(outcome, output_dir) for outcome in worst_first(outcomes)]
    totals = Counter(row.verdict for row in rows)
    return (
        _environment()
        .get_template("index.html.j2")
        .render(rows=rows, totals=totals, documents=len(rows), version=__version__)
    )
