"""The terminal view: a summary line and a table of alignments, flagged ones first."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tqcheck.model import Alignment, CheckResult, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _ids(ids: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in ids) or "-"


def _sort_key(alignment: Alignment) -> tuple[int, float, int]:
    worst = alignment.worst_severity
    return (
        -(worst.rank + 1) if worst else 0,
        alignment.fidelity if alignment.fidelity is not None else 1.0,
        alignment.index,
    )


def render_table(result: CheckResult, show: str = "all", width: int | None = None) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 140, force_terminal=False, soft_wrap=False)
    summary = result.summary
    verdict = Text("PASSED", style="bold green") if summary.passed else Text("FAILED", style="bold red")
    fidelity = "n/a" if summary.fidelity is None else f"{summary.fidelity:.3f}"
    console.print(
        Text.assemble(
            verdict,
            f"  {summary.source_segments} source / {summary.target_segments} target segments, "
            f"{summary.alignments} alignments, fidelity {fidelity}, model {result.model}",
        )
    )
    if summary.flag_counts:
        console.print("flags: " + ", ".join(f"{code} {count}" for code, count in summary.flag_counts.items()))
    for reason in summary.gate_reasons:
        console.print(f"gate: {reason}", style="red")
    rows = sorted(result.alignments, key=_sort_key)
    if show == "flagged":
        rows = [alignment for alignment in rows if alignment.flags]
    table = Table(show_lines=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("src", no_wrap=True)
    table.add_column("tgt", no_wrap=True)
    table.add_column("fid", justify="right", no_wrap=True)
    table.add_column("English", ratio=3, overflow="ellipsis", no_wrap=True)
    table.add_column("Korean", ratio=3, overflow="ellipsis", no_wrap=True)
    table.add_column("flags", ratio=2, overflow="fold")
    for alignment in rows:
        flags = Text()
        for number, flag in enumerate(alignment.flags):
            if number:
                flags.append(", ")
            flags.append(flag.code, style=_STYLE[flag.severity])
        table.add_row(
            str(alignment.index),
            _ids(alignment.source_ids),
            _ids(alignment.target_ids),
            "" if alignment.fidelity is None else f"{alignment.fidelity:.2f}",
            alignment.source_text,
            alignment.target_text,
            flags,
        )
    console.print(table)
    return buffer.getvalue()
