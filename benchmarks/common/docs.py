"""``docs/benchmarks.md``: each benchmark owns one ``## `` section and rewrites only that."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common.corpus import REPO_ROOT

DOCS_FILE = REPO_ROOT / "docs" / "benchmarks.md"
#: Options that only say where output goes: left out of the command a report quotes.
OUTPUT_OPTIONS = ("--workdir", "--json-out")


def replace_section(path: Path, heading: str, section: str) -> None:
    """Replace the section that starts with ``heading`` (up to the next ``## ``), or append it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == heading), None)
    if start is None:
        body = text.rstrip("\n") + "\n\n" + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        tail = "".join(lines[end:])
        body = "".join(lines[:start]) + section + ("\n" + tail if tail else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")


def command_line(module: str, argv: Sequence[str]) -> str:
    """How to rerun a benchmark from the project root (``module`` is its ``__name__``), without the
    options that only say where output goes."""
    shown: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in OUTPUT_OPTIONS:
            skip = True
        elif not arg.startswith(tuple(f"{option}=" for option in OUTPUT_OPTIONS)):
            shown.append(arg)
    return shlex.join(["python", "-m", module, *shown])


def share(hits: int, total: int, digits: int = 3) -> str:
    """``hits/total (fraction)`` as the reports print a count out of a total; ``–`` for none."""
    return f"{hits}/{total} ({hits / total:.{digits}f})" if total else "–"
