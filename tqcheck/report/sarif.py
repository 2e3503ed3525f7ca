"""A batch as SARIF 2.1.0: what GitHub code scanning (and VS Code's SARIF viewer, GitLab, Azure)
shows as alerts at the flagged line of the translated file.

One run. ``tool.driver.rules`` are the registered checks (code, description, default level), so a
viewer can explain a rule; a flag whose code is not registered (a plug-in that is gone) gets a rule
made from its code, since every result must point at a rule. Each flag is a result at its place in
the file (``report.locate``): path relative to the current directory (the repository root, in CI)
under ``%SRCROOT%``, line, and columns when they are exact; columns count Unicode code points, which
the run declares (``columnKind``), since SARIF's default is UTF-16 code units.

``partialFingerprints`` carries the baseline fingerprint (``gate.baseline.fingerprint``), which
survives edits elsewhere in the file, so code scanning keeps one alert per flag across runs instead
of closing and reopening it whenever a line is inserted above. Flags a baseline accepted are
reported with an external suppression (the baseline file), which viewers show as dismissed.

A document that could not be checked is a ``toolExecutionNotification`` of level error: the run
itself completed.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqcheck import __version__
from tqcheck.model import DocumentOutcome, Severity
from tqcheck.report.locate import Location, relative_path

if TYPE_CHECKING:
    from tqcheck.checks.registry import CheckSpec
    from tqcheck.gate.baseline import Baseline

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "tqcheckFlag/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_name(code: str) -> str:
    """SARIF wants a rule name readable as an identifier: ``number-mismatch`` → ``NumberMismatch``."""
    return "".join(part[:1].upper() + part[1:] for part in code.replace("_", "-").split("-") if part) or code


def _rule(code: str, severity: Severity, description: str) -> dict[str, Any]:
    return {
        "id": code,
        "name": _rule_name(code),
        "shortDescription": {"text": description},
        "defaultConfiguration": {"level": LEVELS[severity]},
    }


def artifact_location(path: str) -> dict[str, str]:
    """A path as SARIF wants it: relative (percent-encoded, forward slashes) under ``%SRCROOT%`` when
    it lies in the current directory, else an absolute ``file:`` URI."""
    shown = relative_path(path)
    if Path(shown).is_absolute() or shown.startswith("/"):
        return {"uri": Path(shown).as_uri()}
    return {"uri": urllib.parse.quote(shown, safe="/"), "uriBaseId": SRCROOT}


def _region(location: Location) -> dict[str, int] | None:
    if location.line < 1:
        return None
    region = {"startLine": location.line}
    if location.column is not None:
        region["startColumn"] = location.column
    if location.end_line is not None and location.end_line != location.line:
        region["endLine"] = location.end_line
    if location.column is not None and location.end_column is not None:
        region["endColumn"] = location.end_column
    return region


def _physical(location: Location, fallback: str | None) -> dict[str, Any] | None:
    path = location.path or fallback
    if path is None:
        return None
    physical: dict[str, Any] = {"artifactLocation": artifact_location(path)}
    region = _region(location)
    if region is not None:
        physical["region"] = region
    return physical


def _results(
    outcome: DocumentOutcome, rule_index: dict[str, int], baseline: Baseline | None
) -> list[dict[str, Any]]:
    from tqcheck.gate.baseline import fingerprint
    from tqcheck.report.locate import located_flags, snippet

    result = outcome.result
    assert result is not None
    accepted = baseline.accepted(outcome.item.id, result) if baseline is not None else frozenset()
    fallback = outcome.item.segment_file or outcome.item.target_path
    results = []
    for located in located_flags(result):
        flag = located.flag
        entry: dict[str, Any] = {
            "ruleId": flag.code,
            "ruleIndex": rule_index[flag.code],
            "level": LEVELS[located.severity],
            "message": {"text": f"{flag.message} «{snippet(located.alignment, flag)}»"},
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(located.alignment, flag)},
            "properties": {
                "document": outcome.item.id,
                "alignment": located.alignment.index,
                "side": flag.side or "target",
            },
        }
        physical = _physical(located.location, fallback)
        if physical is not None:
            entry["locations"] = [{"physicalLocation": physical}]
        if located.key in accepted:
            entry["suppressions"] = [
                {"kind": "external", "justification": "accepted in the tqcheck baseline"}
            ]
        results.append(entry)
    return results


def _notification(outcome: DocumentOutcome) -> dict[str, Any]:
    notification: dict[str, Any] = {
        "level": "error",
        "message": {"text": f"{outcome.item.id}: {outcome.error}"},
    }
    path = next(iter(outcome.item.paths), None)
    if path is not None:
        notification["locations"] = [{"physicalLocation": {"artifactLocation": artifact_location(path)}}]
    return notification


def sarif_log(
    outcomes: Sequence[DocumentOutcome],
    specs: Sequence[CheckSpec] | None = None,
    baseline: Baseline | None = None,
) -> dict[str, Any]:
    """The SARIF log as a dict (``render_sarif`` serialises it); ``specs`` default to the registry."""
    if specs is None:
        from tqcheck.checks.registry import check_specs

        specs = check_specs()
    rules = [_rule(spec.code, spec.severity, spec.description) for spec in specs]
    rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
    for outcome in outcomes:
        for alignment in outcome.result.alignments if outcome.result is not None else ():
            for flag in alignment.flags:
                if flag.code not in rule_index:
                    rule_index[flag.code] = len(rules)
                    rules.append(
                        _rule(flag.code, Severity(flag.severity), f"{flag.code} (not a registered check)")
                    )
    results = [
        entry
        for outcome in outcomes
        if outcome.result is not None
        for entry in _results(outcome, rule_index, baseline)
    ]
    notifications = [_notification(outcome) for outcome in outcomes if outcome.error is not None]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "tqcheck", "version": __version__, "rules": rules}},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(
    outcomes: Sequence[DocumentOutcome],
    specs: Sequence[CheckSpec] | None = None,
    baseline: Baseline | None = None,
) -> str:
    """The batch as a SARIF 2.1.0 JSON document (UTF-8 text, Hangul unescaped)."""
    return json.dumps(sarif_log(outcomes, specs, baseline), ensure_ascii=False, indent=2) + "\n"
