"""Telling a person (or a CI log) how far a long run has got.

On a terminal: a rich progress bar with ETA on stderr. Without one (CI, a pipe, ``CI`` set): one
plain line every few seconds, because a job that prints nothing for minutes looks hung and gets
killed. ``quiet`` silences both.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

PLAIN_EVERY_S = 5.0


def interactive(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")


class Progress:
    """Counts finished units of one stage (documents, sentences) and shows them."""

    def __init__(
        self,
        label: str,
        total: int | None,
        unit: str = "documents",
        quiet: bool = False,
        stream: TextIO | None = None,
    ) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.done = 0
        self.notes: dict[str, int] = {}
        self.started = time.monotonic()
        self._last_line = self.started
        self._bar = None
        self._task = None
        if not quiet and interactive(self.stream):
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[notes]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(label, total=total, notes="")

    def advance(self, count: int = 1, **notes: int) -> None:
        self.done += count
        for name, value in notes.items():
            self.notes[name] = self.notes.get(name, 0) + value
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=count, notes=self._notes_text())
            return
        now = time.monotonic()
        if now - self._last_line >= PLAIN_EVERY_S:
            self._last_line = now
            print(f"tqcheck: {self.line()}", file=self.stream, flush=True)

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        of = f"/{self.total}" if self.total is not None else ""
        text = f"{self.label}: {self.done}{of} {self.unit}"
        notes = self._notes_text()
        if notes:
            text += f" ({notes})"
        text += f", {_duration(elapsed)} elapsed"
        if self.total and self.done:
            text += f", ~{_duration(elapsed / self.done * (self.total - self.done))} left"
        return text

    def _notes_text(self) -> str:
        return ", ".join(f"{value} {name}" for name, value in self.notes.items() if value)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
