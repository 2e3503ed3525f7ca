"""A batch as JUnit XML: the one test-report format every CI (Jenkins, GitLab, GitHub's test
reporters, Azure) already shows, so a failed translation gate reads like a failed test.

Mapping: each distinct ``BatchItem.input`` (the INPUT argument a document was found under) is a
``<testsuite>``, each document a ``<testcase classname=input name=document-id>``. A document that
failed the gate has a ``<failure type="tqcheck.gate">`` whose message is the gate's reasons and whose
text lists them and every flag (severity, code, file:line:column, message, the flagged text); one
that could not be read has an ``<error type="tqcheck.input">``; one that passed with flags lists
them in ``<system-out>``, where reporters show them without failing anything.

The XML is built with ElementTree, which escapes ``<&>"`` in text and attributes; characters XML
1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are replaced by U+FFFD
first, because no escaping can carry them and one such character makes a reporter reject the file.

``DocumentOutcome`` does not record how long a document took, so ``time`` is 0.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tqcheck.model import DocumentOutcome
from tqcheck.report.locate import LocatedFlag, located_flags, relative_path, snippet

if TYPE_CHECKING:
    from tqcheck.gate.baseline import Baseline

MAX_LISTED_FLAGS = 200
"""Flags listed per document: a failure text reporters still render; the rest are counted."""

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot represent replaced by U+FFFD."""
    return _XML_FORBIDDEN.sub("\ufffd", text)


def _where(located: LocatedFlag) -> str:
    location = located.location
    where = relative_path(location.path) if location.path else "(text)"
    if location.line:
        where += f":{location.line}"
        if location.column is not None:
            where += f":{location.column}"
    return where


def flag_line(located: LocatedFlag) -> str:
    """One flag as one line of a CI log: severity, code, place, message and the flagged text."""
    flag = located.flag
    text = snippet(located.alignment, flag)
    return f"{located.severity.value:<7} {flag.code} at {_where(located)}: {flag.message} «{text}»"


def _flag_lines(outcome: DocumentOutcome, baseline: Baseline | None) -> tuple[list[str], int]:
    """The listed flags, most severe first (document order within a severity), and how many of the
    document's flags the baseline accepted (they are not listed: they no longer count)."""
    assert outcome.result is not None
    located = located_flags(outcome.result)
    accepted = baseline.accepted(outcome.item.id, outcome.result) if baseline is not None else frozenset()
    shown = [item for item in located if item.key not in accepted]
    shown.sort(key=lambda item: -item.severity.rank)
    lines = [flag_line(item) for item in shown[:MAX_LISTED_FLAGS]]
    if len(shown) > MAX_LISTED_FLAGS:
        lines.append(f"… and {len(shown) - MAX_LISTED_FLAGS} more flag(s)")
    return lines, len(located) - len(shown)


def _document_path(outcome: DocumentOutcome) -> str | None:
    item = outcome.item
    path = item.segment_file or item.target_path
    return relative_path(path) if path else None


def _testcase(suite: ET.Element, outcome: DocumentOutcome, baseline: Baseline | None) -> str:
    """Add one document's ``<testcase>``; returns its verdict (passed, failed, errored, skipped)."""
    item = outcome.item
    case = ET.SubElement(
        suite,
        "testcase",
        classname=xml_safe(item.input),
        name=xml_safe(item.id),
        time=f"{outcome.seconds:.3f}",
    )
    path = _document_path(outcome)
    if path:
        case.set("file", xml_safe(path))
    if outcome.error is not None:
        error = ET.SubElement(case, "error", message=xml_safe(outcome.error), type="tqcheck.input")
        error.text = xml_safe(outcome.error)
        return "errored"
    if outcome.result is None:
        ET.SubElement(case, "skipped", message="not checked")
        return "skipped"
    summary = outcome.result.summary
    lines, accepted = _flag_lines(outcome, baseline)
    note = [f"{accepted} flag(s) accepted by the baseline are not listed"] if accepted else []
    if outcome.passed:
        if lines or note:
            ET.SubElement(case, "system-out").text = xml_safe("\n".join(["Flags:", *lines, *note]) + "\n")
        return "passed"
    reasons = summary.gate_reasons or ["failed the gate"]
    failure = ET.SubElement(case, "failure", message=xml_safe("; ".join(reasons)), type="tqcheck.gate")
    text = ["Gate:", *(f"- {reason}" for reason in reasons)]
    if lines:
        text += ["", "Flags:", *lines]
    failure.text = xml_safe("\n".join(text + note) + "\n")
    return "failed"


def _set_counts(element: ET.Element, verdicts: list[str], seconds: float) -> None:
    element.set("tests", str(len(verdicts)))
    element.set("failures", str(verdicts.count("failed")))
    element.set("errors", str(verdicts.count("errored")))
    element.set("skipped", str(verdicts.count("skipped")))
    element.set("time", f"{seconds:.3f}")


def render_junit(outcomes: Sequence[DocumentOutcome], baseline: Baseline | None = None) -> str:
    """The batch as a JUnit XML document (UTF-8, with its declaration). With ``baseline``, the flags
    it accepts are left out of the lists (the verdicts are the outcomes' own)."""
    root = ET.Element("testsuites", name="tqcheck")
    suites: dict[str, tuple[ET.Element, list[str], list[float]]] = {}
    for outcome in outcomes:
        name = outcome.item.input
        if name not in suites:
            suites[name] = (ET.SubElement(root, "testsuite", name=xml_safe(name)), [], [])
        suite, verdicts, seconds = suites[name]
        verdicts.append(_testcase(suite, outcome, baseline))
        seconds.append(outcome.seconds)
    for suite, verdicts, seconds in suites.values():
        _set_counts(suite, verdicts, sum(seconds))
    _set_counts(
        root,
        [verdict for _, verdicts, _ in suites.values() for verdict in verdicts],
        sum(outcome.seconds for outcome in outcomes),
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
