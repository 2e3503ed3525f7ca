"""The annotated MT-error set (corpora/mt-errors): well-formed, spans exact, split fixed, big enough."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import CORPORA

FOLDER = CORPORA / "mt-errors"
CATEGORIES = {
    "accuracy/mistranslation", "accuracy/role-reversal", "accuracy/omission", "accuracy/addition",
    "accuracy/untranslated", "accuracy/number", "accuracy/negation", "style/literal", "style/register",
    "fluency/grammar", "fluency/awkward", "fluency/punctuation", "fluency/spelling",
    "terminology/inconsistent",
}  # fmt: skip
SEVERITIES = {"minor", "major", "critical"}


def _records() -> list[dict]:
    records = []
    for path in sorted(FOLDER.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            records.append(json.loads(line))
    return records


RECORDS = _records()


def test_the_set_is_large_enough_and_covers_three_domains() -> None:
    assert len(RECORDS) >= 300
    domains = Counter(record["domain"] for record in RECORDS)
    assert set(domains) == {"news", "business", "dialogue"} and min(domains.values()) >= 100
    variants = [variant for record in RECORDS for variant in record["variants"]]
    clean = sum(not variant["errors"] for variant in variants)
    assert 0.2 <= clean / len(variants) <= 0.35


def test_ids_and_the_fixed_split() -> None:
    ids = [record["id"] for record in RECORDS]
    assert len(ids) == len(set(ids))
    for record in RECORDS:
        domain, number = record["id"].rsplit("-", 1)
        assert domain == record["domain"]
        assert record["split"] == ("test" if int(number) % 2 == 0 else "dev")
        assert 1 <= len(record["variants"]) <= 3
        for letter, variant in zip("abc", record["variants"], strict=False):
            assert variant["id"] == f"{record['id']}-{letter}"


@pytest.mark.parametrize("record", RECORDS, ids=[record["id"] for record in RECORDS])
def test_every_error_span_is_exact(record: dict) -> None:
    for variant in record["variants"]:
        assert variant["target"] != record["reference"]
        for error in variant["errors"]:
            assert error["category"] in CATEGORIES and error["severity"] in SEVERITIES
            assert (error["side"] == "source") == (error["category"] == "accuracy/omission")
            text = record["source"] if error["side"] == "source" else variant["target"]
            start, end = error["span"]
            assert 0 <= start < end <= len(text) and text[start:end] == error["text"]


def test_every_category_is_represented_in_both_splits() -> None:
    for split in ("dev", "test"):
        seen = Counter(
            error["category"]
            for record in RECORDS
            if record["split"] == split
            for variant in record["variants"]
            for error in variant["errors"]
        )
        assert set(seen) == CATEGORIES, sorted(CATEGORIES - set(seen))


def test_no_file_beyond_the_documented_ones() -> None:
    assert sorted(path.name for path in FOLDER.iterdir()) == [
        "business.jsonl",
        "dialogue.jsonl",
        "news.jsonl",
    ]
    assert Path(FOLDER / "news.jsonl").read_bytes().count(b"\r") == 0
