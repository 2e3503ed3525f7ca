"""SARIF 2.1.0 for a batch, validated against the official schema (vendored: see tests/data/README.md)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tqcheck.checks.registry import check_specs
from tqcheck.gate.baseline import build_baseline, fingerprint
from tqcheck.model import Flag, Severity
from tqcheck.report.sarif import FINGERPRINT_KEY, SARIF_SCHEMA, render_sarif, sarif_log

from batchutil import Samples, samples
from conftest import REPO

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    return samples(tmp_path_factory)


@pytest.fixture(scope="module")
def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def in_repo() -> Iterator[None]:
    """Paths are written relative to the current directory: run from the repository root, as CI does."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        yield


@pytest.fixture(scope="module")
def log(batch: Samples, in_repo: None) -> dict[str, Any]:
    return json.loads(render_sarif(batch.all))


def _errors(validator: Any, document: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_batch_log_is_valid_sarif(validator: Any, log: dict[str, Any]) -> None:
    assert _errors(validator, log) == []
    assert log["$schema"] == SARIF_SCHEMA and log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_the_validator_catches_what_it_should(validator: Any, log: dict[str, Any]) -> None:
    """A guard on the guard: the vendored schema really constrains results."""
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    del broken["runs"][0]["tool"]["driver"]["name"]
    assert len(_errors(validator, broken)) == 2


def test_rules_come_from_the_registry(log: dict[str, Any]) -> None:
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "tqcheck" and driver["version"]
    specs = check_specs()
    assert [rule["id"] for rule in driver["rules"]] == [spec.code for spec in specs]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule, spec in zip(driver["rules"], specs, strict=True):
        assert rule["shortDescription"]["text"] == spec.description
        assert rule["defaultConfiguration"]["level"] == levels[spec.severity.value]
        assert rule["name"][0].isupper() and "-" not in rule["name"]


def test_one_result_per_flag_located_and_fingerprinted(batch: Samples, log: dict[str, Any]) -> None:
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    flagged = [o for o in (batch.news, batch.clean, batch.units) if o.result is not None]
    expected = [
        fingerprint(alignment, flag)
        for outcome in flagged
        for alignment in outcome.result.alignments  # type: ignore[union-attr]
        for flag in alignment.flags
    ]
    assert [result["partialFingerprints"][FINGERPRINT_KEY] for result in results] == expected
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
    (number,) = [
        r for r in results if r["ruleId"] == "number-mismatch" and r["properties"]["document"] == "news-1"
    ]
    physical = number["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "corpora/news-1/target.ko.txt", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 9, "startColumn": 162, "endColumn": 165}
    assert "30명" in number["message"]["text"], "Hangul stays readable"
    (omission,) = [
        r for r in results if r["ruleId"] == "omission" and r["properties"]["document"] == "news-1"
    ]
    assert (
        omission["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "corpora/news-1/source.en.txt"
    )
    unit = next(
        r for r in results if r["properties"]["document"] == "units" and r["ruleId"] == "number-mismatch"
    )
    assert unit["locations"][0]["physicalLocation"]["region"] == {"startLine": 8}
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")


def test_an_unreadable_document_is_a_tool_notification(log: dict[str, Any]) -> None:
    invocation = log["runs"][0]["invocations"][0]
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and notification["message"]["text"].startswith("broken: ")
    uri = notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "broken/target.ko.txt"


def test_baselined_flags_are_suppressed_and_odd_codes_get_a_rule(
    batch: Samples, validator: Any, in_repo: None
) -> None:
    news = copy.deepcopy(batch.news)
    assert news.result is not None
    baseline = build_baseline([news])
    news.result.alignments[0].flags.append(
        Flag("plug-in-gone", Severity.INFO, "from a plug-in", "target", 0, 1)
    )
    log = sarif_log([news], baseline=baseline)
    assert _errors(validator, log) == []
    results = log["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(suppressed) == len(results) - 1 == len(baseline)
    assert suppressed[0]["suppressions"][0]["kind"] == "external"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    odd = next(r for r in results if r["ruleId"] == "plug-in-gone")
    assert rules[odd["ruleIndex"]]["id"] == "plug-in-gone" and odd["level"] == "note"


def test_paths_outside_the_current_directory_are_file_uris(
    batch: Samples, validator: Any, tmp_path: Path
) -> None:
    units = copy.deepcopy(batch.units)
    assert units.result is not None
    units.result.source.path = units.result.target.path = str(REPO / "corpora" / "units 단위.xlf")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        log = sarif_log([units])
    assert _errors(validator, log) == []
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == (REPO / "corpora" / "units 단위.xlf").as_uri() and "uriBaseId" not in location
    assert "%20" in location["uri"], "a URI, percent-encoded"


def test_an_empty_batch_is_valid(validator: Any) -> None:
    log = sarif_log([], specs=[])
    assert _errors(validator, log) == [] and log["runs"][0]["results"] == []
