"""Pick a renderer by format name; every format is a view of one ``CheckResult``.

Renderers are imported on demand so that, say, a JSON-only CI gate never imports
openpyxl or rich.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tqcheck.errors import UsageError
from tqcheck.model import CheckResult

FORMATS = ("table", "json", "csv", "xlsx", "html")
SUFFIX_FORMATS = {
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
}
BINARY_FORMATS = {"xlsx"}


def format_for_path(path: Path) -> str:
    if path.is_dir():
        raise UsageError(f"cannot write a report to {path}: it is a directory; give a file name")
    chosen = SUFFIX_FORMATS.get(path.suffix.lower())
    if chosen is None:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise UsageError(
            f"cannot tell the report format from {path.name}: use one of {known}, or add --format"
        )
    return chosen


def render(result: CheckResult, chosen: str, show: str = "all", width: int | None = None) -> str | bytes:
    if chosen == "json":
        from tqcheck.report.json_report import render_json

        return render_json(result)
    if chosen == "csv":
        from tqcheck.report.csv_report import render_csv

        return render_csv(result)
    if chosen == "xlsx":
        from tqcheck.report.xlsx_report import render_xlsx

        return render_xlsx(result)
    if chosen == "html":
        from tqcheck.report.html_report import render_html

        return render_html(result)
    if chosen == "table":
        from tqcheck.report.table_report import render_table

        return render_table(result, show=show, width=width)
    raise UsageError(f"unknown format {chosen!r}: use one of {', '.join(FORMATS)}")


def render_file(result: CheckResult, chosen: str, show: str = "all") -> str | bytes | Iterable[str]:
    """A report as a file gets it: JSON in chunks, one alignment at a time (the report of a 100,000-
    sentence document would otherwise be built whole in memory, several times over), the rest whole."""
    if chosen == "json":
        from tqcheck.report.json_report import iter_json

        return iter_json(result)
    return render(result, chosen, show)
