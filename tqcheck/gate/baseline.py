"""Baselines: the flags an editor looked at and accepted, so the gate fails only on new ones.

As with a linter's baseline, a batch that starts with hundreds of known, accepted flags can still gate
every change: the baseline file lists the accepted flags, and only flags it does not list count.

Each accepted flag is recorded by a **fingerprint** that has to survive edits elsewhere in the
document: a sentence inserted above it, paragraphs reordered, the file renamed in a later batch.
So it hashes what the flag is *about*, never where it is: the flag's code, the alignment's source
and target text (normalised: NFC, whitespace collapsed, stripped), and, for a flag on a span, the
side and the span's text (two ``fused-token`` flags in one sentence are two different flags). Line
numbers, segment ids and alignment indexes are left out on purpose. The message is left out too: it
may carry a score (``fidelity 0.25``) that moves with the model. Editing the flagged sentence
changes its fingerprint, so the flag is new again and has to be looked at again.

Multiplicity is kept: a baseline entry accepts one occurrence. If the baseline has one entry for a
fingerprint and the document now has two identical flags, the first (in document order) is
accepted and the second is new.

Entries are matched per document: an entry names its document by the batch's document id
(``BatchItem.id``) or, for a baseline downloaded from a single document's HTML report, which knows
no batch, by ``document_name(result)`` (the target file's path as given). Both are tried, the id
first. An entry of a document that was checked and no longer matches any flag is *stale*: the flag
was fixed (or its sentence edited), and the entry can go.

Flags are frozen and results may be cached, so nothing is marked on them: which flags are accepted
is returned as a mapping from document id to a set of ``(alignment.index, position in
alignment.flags)`` keys, the same ``FlagKey`` the verdict (``gate.verdict.gate_reasons``) takes.
Alignment *indexes* rather than list positions, so the keys stay valid for a slimmed result that
kept only its flagged alignments.
"""

from __future__ import annotations

import functools
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqcheck.errors import UsageError
from tqcheck.gate.verdict import FlagKey
from tqcheck.model import Alignment, CheckResult, DocumentOutcome, Flag
from tqcheck.report.locate import span_text

BASELINE_TOOL = "tqcheck"
BASELINE_VERSION = 1
ENTRY_FIELDS = ("fingerprint", "code", "document", "source", "target", "message")
_SCHEME = "tqcheck-fingerprint/1"  # part of the hashed text: a new scheme never matches an old one


def normalise(text: str) -> str:
    """NFC, whitespace runs collapsed to one space, stripped: what a re-flowed or re-saved file keeps."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fingerprint(alignment: Alignment, flag: Flag) -> str:
    """The flag's identity across runs (hex sha256); see the module doc for what goes in and why."""
    span = span_text(alignment, flag)
    payload = [
        _SCHEME,
        flag.code,
        normalise(alignment.source_text),
        normalise(alignment.target_text),
        None if span is None else flag.side or "target",
        None if span is None else normalise(span),
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def document_name(result: CheckResult) -> str:
    """How a baseline made from one document's own report names it: its target file's path as given
    (the segment file, for one), with forward slashes; empty for text checked from strings."""
    return (result.target.path or "").replace("\\", "/")


@dataclass(frozen=True)
class BaselineEntry:
    """One accepted flag. ``source``, ``target`` and ``message`` are for the person reading the file
    (and for reviewing a baseline change); only ``fingerprint`` and ``document`` are matched."""

    fingerprint: str
    code: str
    document: str
    source: str
    target: str
    message: str

    @classmethod
    def of(cls, document: str, alignment: Alignment, flag: Flag) -> BaselineEntry:
        return cls(
            fingerprint=fingerprint(alignment, flag),
            code=flag.code,
            document=document,
            source=alignment.source_text,
            target=alignment.target_text,
            message=flag.message,
        )

    def to_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ENTRY_FIELDS}

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        """The file's order: by document, then code, then fingerprint (the message breaks the tie of
        two identical flags), so a baseline's diff in review is small and stable."""
        return (self.document, self.code, self.fingerprint, self.message)


@dataclass(frozen=True)
class Baseline:
    """The accepted flags of a batch, kept sorted (the order ``save`` writes)."""

    entries: tuple[BaselineEntry, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(sorted(self.entries, key=lambda entry: entry.sort_key)))

    def __len__(self) -> int:
        return len(self.entries)

    # --- file ----------------------------------------------------------------------------------

    def to_json(self) -> str:
        """The file's text: UTF-8 JSON with the texts readable (not ``\\u`` escaped), two-space
        indent, a final newline; the HTML report's download writes byte-for-byte the same."""
        data = {
            "tool": BASELINE_TOOL,
            "version": BASELINE_VERSION,
            "entries": [entry.to_dict() for entry in self.entries],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def save(self, path: str | Path) -> None:
        """Write the baseline atomically (an interrupted run never leaves half a baseline)."""
        from tqcheck.io import write_atomic

        write_atomic(Path(path), self.to_json())

    @classmethod
    def from_json(cls, text: str, where: str = "the baseline") -> Baseline:
        """Parse a baseline file's text; anything malformed is a one-line ``UsageError``."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise UsageError(f"{where} is not valid JSON (line {error.lineno}): {error.msg}") from None
        if not isinstance(data, dict) or data.get("tool") != BASELINE_TOOL:
            raise UsageError(f'{where} is not a tqcheck baseline (no "tool": "{BASELINE_TOOL}")')
        if data.get("version") != BASELINE_VERSION:
            raise UsageError(
                f"{where} has baseline version {data.get('version')!r}; this tqcheck reads version "
                f"{BASELINE_VERSION}: re-create it with `tqcheck baseline`"
            )
        entries = data.get("entries")
        if not isinstance(entries, list):
            raise UsageError(f'{where} has no "entries" list')
        return cls(tuple(_entry(raw, number, where) for number, raw in enumerate(entries, start=1)))

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        """Read a baseline file; a missing, unreadable or malformed file is a one-line ``UsageError``."""
        shown = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"baseline {shown} does not exist: create it with `tqcheck baseline`") from None
        except UnicodeDecodeError:
            raise UsageError(f"baseline {shown} is not UTF-8 text") from None
        except OSError as error:
            raise UsageError(f"cannot read baseline {shown}: {error.strerror or error}") from None
        return cls.from_json(text, where=f"baseline {shown}")

    # --- matching ------------------------------------------------------------------------------

    @functools.cached_property
    def _by_document(self) -> dict[str, list[BaselineEntry]]:
        grouped: dict[str, list[BaselineEntry]] = {}
        for entry in self.entries:
            grouped.setdefault(entry.document, []).append(entry)
        return grouped

    def for_document(self, document: str, result: CheckResult | None = None) -> list[BaselineEntry]:
        """The entries that may accept flags of ``document``: those naming its id, then (given its
        result) those naming it as its own report does."""
        names = [document]
        if result is not None and document_name(result) not in names:
            names.append(document_name(result))
        return [entry for name in names for entry in self._by_document.get(name, [])]

    def match(self, document: str, result: CheckResult) -> tuple[frozenset[FlagKey], list[BaselineEntry]]:
        """The accepted flags of one document's result and the entries of it left unmatched (stale)."""
        return _match(self.for_document(document, result), result)

    def accepted(self, document: str, result: CheckResult) -> frozenset[FlagKey]:
        """The flags of ``result`` this baseline accepts, as ``(alignment.index, position)`` keys."""
        return self.match(document, result)[0]


def _entry(raw: Any, number: int, where: str) -> BaselineEntry:
    if not isinstance(raw, dict):
        raise UsageError(f"{where}: entry {number} is not an object")
    missing = [
        name for name in ("fingerprint", "code") if not isinstance(raw.get(name), str) or not raw[name]
    ]
    if missing:
        raise UsageError(f"{where}: entry {number} has no {' or '.join(missing)}")
    values = {name: raw.get(name) for name in ENTRY_FIELDS}
    wrong = [name for name, value in values.items() if value is not None and not isinstance(value, str)]
    if wrong:
        raise UsageError(f"{where}: entry {number} has a {wrong[0]} that is not a string")
    return BaselineEntry(**{name: value or "" for name, value in values.items()})


def _match(
    entries: Iterable[BaselineEntry], result: CheckResult
) -> tuple[frozenset[FlagKey], list[BaselineEntry]]:
    """Each entry accepts at most one flag with its fingerprint, flags taken in document order."""
    waiting: dict[str, list[BaselineEntry]] = {}
    for entry in entries:
        waiting.setdefault(entry.fingerprint, []).append(entry)
    accepted: set[FlagKey] = set()
    for alignment in result.alignments:
        for position, flag in enumerate(alignment.flags):
            candidates = waiting.get(fingerprint(alignment, flag))
            if candidates:
                candidates.pop(0)
                accepted.add((alignment.index, position))
    return frozenset(accepted), [entry for left in waiting.values() for entry in left]


# --- a batch -------------------------------------------------------------------------------------


def build_baseline(outcomes: Sequence[DocumentOutcome]) -> Baseline:
    """A baseline accepting every flag the checked documents have now (``tqcheck baseline``)."""
    return Baseline(
        tuple(
            BaselineEntry.of(outcome.item.id, alignment, flag)
            for outcome in outcomes
            if outcome.result is not None
            for alignment in outcome.result.alignments
            for flag in alignment.flags
        )
    )


@dataclass(frozen=True)
class BaselineReport:
    """What a baseline did to a batch: the accepted flags per document id, the flags still counting,
    and the stale entries (of documents that were checked; a document that could not be read says
    nothing about its entries)."""

    accepted: Mapping[str, frozenset[FlagKey]] = field(default_factory=dict)
    new: int = 0
    stale: tuple[BaselineEntry, ...] = ()

    @property
    def suppressed(self) -> int:
        return sum(len(keys) for keys in self.accepted.values())

    def is_accepted(self, document: str, alignment_index: int, position: int) -> bool:
        return (alignment_index, position) in self.accepted.get(document, frozenset())


def apply_baseline(outcomes: Sequence[DocumentOutcome], baseline: Baseline) -> BaselineReport:
    """Match ``baseline`` against every checked document of a batch (nothing is mutated)."""
    accepted: dict[str, frozenset[FlagKey]] = {}
    unmatched: dict[BaselineEntry, int] = {}
    checked: set[str] = set()
    new = 0
    for outcome in outcomes:
        result = outcome.result
        if result is None:
            continue
        document = outcome.item.id
        entries = baseline.for_document(document, result)
        checked.update({document, document_name(result)})
        keys, left = _match(entries, result)
        accepted[document] = keys
        new += sum(len(alignment.flags) for alignment in result.alignments) - len(keys)
        for entry in entries:
            unmatched.setdefault(entry, 0)
        for entry in left:
            unmatched[entry] += 1
    # An entry counts as stale once per copy left over; entries of documents that did not run are not.
    stale = [entry for entry in baseline.entries if entry.document in checked and _take(unmatched, entry)]
    return BaselineReport(accepted=accepted, new=new, stale=tuple(stale))


def _take(unmatched: dict[BaselineEntry, int], entry: BaselineEntry) -> bool:
    if unmatched.get(entry, 0) > 0:
        unmatched[entry] -= 1
        return True
    return False


def stale_entries(baseline: Baseline, outcomes: Sequence[DocumentOutcome]) -> list[dict[str, str]]:
    """The stale entries of a batch as plain dicts, for the batch summary and the run's notes."""
    return [entry.to_dict() for entry in apply_baseline(outcomes, baseline).stale]
