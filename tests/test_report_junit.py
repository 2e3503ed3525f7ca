"""JUnit XML for a batch: parses back, counts right, Hangul and hostile text intact."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import pytest

from tqcheck.gate.baseline import build_baseline
from tqcheck.model import BatchItem, DocumentOutcome, Flag, Severity
from tqcheck.report.junit import render_junit, xml_safe

from batchutil import Samples, samples


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    return samples(tmp_path_factory)


@pytest.fixture(scope="module")
def parsed(batch: Samples) -> ET.Element:
    return ET.fromstring(render_junit(batch.all).encode("utf-8"))


def _counts(element: ET.Element) -> tuple[int, int, int, int]:
    return tuple(int(element.get(name, "-1")) for name in ("tests", "failures", "errors", "skipped"))  # type: ignore[return-value]


def test_suites_per_input_and_counts(parsed: ET.Element) -> None:
    assert parsed.tag == "testsuites"
    assert _counts(parsed) == (4, 2, 1, 0)
    suites = {suite.get("name"): suite for suite in parsed.findall("testsuite")}
    assert list(suites) == ["corpora", "segments", "broken"]
    assert _counts(suites["corpora"]) == (2, 1, 0, 0)
    assert _counts(suites["segments"]) == (1, 1, 0, 0)
    assert _counts(suites["broken"]) == (1, 0, 1, 0)
    for suite in suites.values():
        assert float(suite.get("time", "x")) >= 0
        for case in suite.findall("testcase"):
            assert case.get("classname") == suite.get("name")
    names = [case.get("name") for case in parsed.iter("testcase")]
    assert names == ["news-1", "clean-1", "units", "broken"]


def test_a_failed_gate_lists_reasons_and_flags_with_lines_and_hangul(
    batch: Samples, parsed: ET.Element
) -> None:
    case = parsed.find(".//testcase[@name='news-1']")
    assert case is not None and case.get("file") == "corpora/news-1/target.ko.txt"
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "tqcheck.gate"
    assert batch.news.result is not None
    reasons = batch.news.result.summary.gate_reasons
    assert failure.get("message") == "; ".join(reasons)
    text = failure.text or ""
    for reason in reasons:
        assert f"- {reason}" in text
    assert "number-mismatch at corpora/news-1/target.ko.txt:9:162" in text
    assert "«30명»" in text and "«직면메타의»" in text, "the flagged Korean, intact"
    assert "omission at corpora/news-1/source.en.txt:15:" in text
    errors_first = [line.split()[0] for line in text.split("Flags:\n")[1].splitlines()]
    assert errors_first == sorted(errors_first, key=lambda s: {"error": 0, "warning": 1, "info": 2}[s])


def test_segment_file_flags_give_the_unit_line(parsed: ET.Element) -> None:
    failure = parsed.find(".//testcase[@name='units']/failure")
    assert failure is not None
    assert "number-mismatch at corpora/units.xlf:8:" in (failure.text or "")
    assert "omission at corpora/units.xlf:12:" in (failure.text or "")


def test_passed_and_errored_documents(parsed: ET.Element) -> None:
    clean = parsed.find(".//testcase[@name='clean-1']")
    assert clean is not None and clean.find("failure") is None and clean.find("error") is None
    broken = parsed.find(".//testcase[@name='broken']")
    assert broken is not None
    error = broken.find("error")
    assert error is not None and "not text" in (error.get("message") or "")


def test_hostile_text_and_forbidden_characters_survive(batch: Samples) -> None:
    news = copy.deepcopy(batch.news)
    assert news.result is not None
    hostile = 'a <b>&"quoted"</b> \x00\x07\x1b message ]]> 한국어'
    alignment = news.result.alignments[0]
    alignment.flags.append(Flag('odd<&">', Severity.ERROR, hostile, "target", 0, 2))
    item = BatchItem(id='id <&"> 문서', input='in<&">put')
    broken = DocumentOutcome(item=item, error='bad \x0c byte <&">')
    xml = render_junit([news, broken])
    root = ET.fromstring(xml.encode("utf-8"))
    text = root.find(".//testcase[@name='news-1']/failure").text  # type: ignore[union-attr]
    assert 'a <b>&"quoted"</b> \ufffd\ufffd\ufffd message ]]> 한국어' in (text or "")
    assert 'odd<&">' in (text or "")
    case = root.find(".//testsuite[@name='in<&\">put']/testcase")
    assert case is not None and case.get("name") == 'id <&"> 문서'
    assert case.find("error").get("message") == 'bad \ufffd byte <&">'  # type: ignore[union-attr]
    assert xml_safe("tab\tnew\nline\r") == "tab\tnew\nline\r", "the allowed controls stay"
    assert xml_safe("\ud800x\uffff") == "\ufffdx\ufffd"


def test_baselined_flags_are_not_listed(batch: Samples) -> None:
    baseline = build_baseline([batch.news])
    root = ET.fromstring(render_junit([batch.news], baseline=baseline).encode("utf-8"))
    text = root.find(".//failure").text or ""  # type: ignore[union-attr]
    assert "Flags:" not in text and "flag(s) accepted by the baseline are not listed" in text


def test_an_empty_batch() -> None:
    root = ET.fromstring(render_junit([]).encode("utf-8"))
    assert _counts(root) == (0, 0, 0, 0) and root.findall("testsuite") == []
