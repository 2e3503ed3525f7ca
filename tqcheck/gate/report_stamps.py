"""Which reports in a batch's output folder are already what this run would write.

A warm batch (every document in the result cache) spent nearly all its time rendering reports it had
written the run before: rendering a document's HTML and JSON costs more than finding its result. A
report is skipped when the folder's marker file (``.tqcheck-output``, the file that already keeps a
batch's output out of its inputs) records it as made from the same render key, and the file still
has the size and modification time recorded then, so a report that was deleted, edited or replaced
is written again.

The render key covers everything a report shows: the document's result key (its files' contents,
the settings, the model, the tqcheck version), where its files are, the baseline's verdict on its
flags and the format.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

Stamp = dict[str, object]


def render_key(result_key: str, paths: Iterable[str | None], accepted: Iterable[object], chosen: str) -> str:
    parts = [result_key, [str(path) for path in paths], sorted(map(repr, accepted)), chosen]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def stamp(path: Path, key: str) -> Stamp:
    """What to remember of a report just written: its key, and how to tell it was not touched since."""
    status = path.stat()
    return {"key": key, "size": status.st_size, "mtime_ns": status.st_mtime_ns}


class ReportStamps:
    """The stamps recorded in an output folder's marker file (read once, when a worker starts)."""

    def __init__(self, marker: Path, stamps: Mapping[str, Stamp]) -> None:
        self.marker = marker
        self.stamps = dict(stamps)

    @classmethod
    def load(cls, marker: Path) -> ReportStamps:
        """An unreadable, empty or foreign marker is no record: every report is written."""
        try:
            stamps = json.loads(marker.read_text(encoding="utf-8")).get("reports", {})
        except (OSError, ValueError, AttributeError):
            stamps = {}
        return cls(marker, stamps if isinstance(stamps, dict) else {})

    def _name(self, path: str | Path) -> str:
        """A report's name in the record: its path inside the output folder, so the record holds
        however the folder was named on the command line."""
        return os.path.relpath(path, self.marker.parent)

    def fresh(self, path: Path, key: str) -> bool:
        recorded = self.stamps.get(self._name(path))
        if not isinstance(recorded, dict) or recorded.get("key") != key:
            return False
        try:
            status = path.stat()
        except OSError:
            return False
        return recorded.get("size") == status.st_size and recorded.get("mtime_ns") == status.st_mtime_ns

    def merged(self, new: Mapping[str, Stamp]) -> str:
        """The marker's new text: earlier stamps (documents this run did not reach keep theirs) with
        this run's on top."""
        written = {self._name(path): entry for path, entry in new.items()}
        return json.dumps({"reports": {**self.stamps, **written}}, sort_keys=True) + "\n"
