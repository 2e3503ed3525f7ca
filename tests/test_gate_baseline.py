"""Baselines: fingerprints that survive unrelated edits, multiplicity, stale entries, the file format."""

from __future__ import annotations

import copy
import dataclasses
import json
import unicodedata
from pathlib import Path

import pytest

from tqcheck.errors import UsageError
from tqcheck.gate.baseline import (
    Baseline,
    BaselineEntry,
    apply_baseline,
    build_baseline,
    fingerprint,
    normalise,
    stale_entries,
)
from tqcheck.model import Alignment, BatchItem, DocumentOutcome, Flag, Severity
from tqcheck.pipeline import check_files
from tqcheck.report.locate import located_flags

from batchutil import NEWS, Samples, sample_embedder, samples

INSERTED = ("The weather in Denver was mild on Monday.", "월요일 덴버의 날씨는 온화했다.")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    return samples(tmp_path_factory)


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> DocumentOutcome:
    """The news sample with an unrelated paragraph inserted after its headline, checked again."""
    folder = tmp_path_factory.mktemp("edited")
    for name, added in (("source.en.txt", INSERTED[0]), ("target.ko.txt", INSERTED[1])):
        lines = (NEWS / name).read_text(encoding="utf-8").split("\n")
        (folder / name).write_text("\n".join([lines[0], "", added, *lines[1:]]), encoding="utf-8")
    result = check_files(
        folder / "source.en.txt", folder / "target.ko.txt", embedder=sample_embedder(tmp_path_factory)
    )
    return DocumentOutcome(item=BatchItem(id="news-1", input="corpora"), result=result)


def _fingerprints(outcome: DocumentOutcome) -> list[str]:
    assert outcome.result is not None
    return [
        fingerprint(alignment, flag) for alignment in outcome.result.alignments for flag in alignment.flags
    ]


def _flag_count(outcome: DocumentOutcome) -> int:
    assert outcome.result is not None
    return sum(len(alignment.flags) for alignment in outcome.result.alignments)


# --------------------------------------------------------------------------- fingerprints


def test_an_unrelated_sentence_inserted_above_changes_no_fingerprint(
    batch: Samples, edited: DocumentOutcome
) -> None:
    before, after = located_flags(batch.news.result), located_flags(edited.result)  # type: ignore[arg-type]
    assert [item.location.line + 2 for item in before] == [item.location.line for item in after], (
        "lines moved"
    )
    assert _fingerprints(edited) == _fingerprints(batch.news)
    report = apply_baseline([edited], build_baseline([batch.news]))
    assert report.suppressed == _flag_count(batch.news) and report.new == 0 and report.stale == ()


def test_reordered_alignments_keep_their_fingerprints(batch: Samples) -> None:
    shuffled = copy.deepcopy(batch.news)
    assert shuffled.result is not None
    alignments = shuffled.result.alignments[::-1]
    shuffled.result.alignments = [dataclasses.replace(a, index=i) for i, a in enumerate(alignments)]
    assert sorted(_fingerprints(shuffled)) == sorted(_fingerprints(batch.news))
    report = apply_baseline([shuffled], build_baseline([batch.news]))
    assert report.suppressed == _flag_count(batch.news) and report.new == 0


def test_editing_the_flagged_sentence_makes_its_flag_new(batch: Samples) -> None:
    changed = copy.deepcopy(batch.news)
    assert changed.result is not None
    alignment = next(
        a for a in changed.result.alignments if any(f.code == "number-mismatch" for f in a.flags)
    )
    alignment.target_text = alignment.target_text.replace("덧붙였다", "말했다")
    report = apply_baseline([changed], build_baseline([batch.news]))
    assert report.new == len(alignment.flags) == 1, "the edited sentence's flag (its low fidelity is related)"
    assert [related.code for related in alignment.flags[0].related] == ["low-fidelity"]
    assert report.suppressed == _flag_count(batch.news) - 1
    assert [entry.code for entry in report.stale] == ["number-mismatch"]
    assert not report.is_accepted("news-1", alignment.index, 0)


def test_what_the_fingerprint_normalises_and_what_it_tells_apart() -> None:
    alignment = Alignment(0, (0,), (0,), "Prices  fell\n3%.", "물가가 3% 하락했다 하락했다.")
    same = Alignment(7, (3,), (5,), " Prices fell 3%. ", "물가가 3%  하락했다 하락했다.")
    first = Flag("repeat", Severity.WARNING, "one", "target", 7, 11)
    second = Flag("repeat", Severity.WARNING, "two", "target", 12, 16)
    moved = Flag("repeat", Severity.ERROR, "other message", "target", 8, 12)
    assert fingerprint(alignment, first) == fingerprint(same, moved), "whitespace, NFC, index, message"
    assert fingerprint(alignment, first) == fingerprint(alignment, second), "the same word twice"
    other_word = Flag("repeat", Severity.WARNING, "one", "target", 0, 3)
    assert fingerprint(alignment, other_word) != fingerprint(alignment, first)
    whole = Flag("repeat", Severity.WARNING, "one", "target")
    assert fingerprint(alignment, whole) != fingerprint(alignment, first)
    decomposed = dataclasses.replace(
        alignment, target_text=unicodedata.normalize("NFD", alignment.target_text)
    )
    assert decomposed.target_text != alignment.target_text
    assert fingerprint(decomposed, whole) == fingerprint(alignment, whole), "NFC"
    assert fingerprint(alignment, Flag("other", Severity.WARNING, "one", "target", 7, 11)) != fingerprint(
        alignment, first
    )
    assert normalise("  a\u3000b\n") == "a b"


# --------------------------------------------------------------------------- matching


def test_multiplicity_one_entry_accepts_one_flag(batch: Samples) -> None:
    doubled = copy.deepcopy(batch.news)
    assert doubled.result is not None
    alignment = next(a for a in doubled.result.alignments if a.flags)
    alignment.flags.append(alignment.flags[0])
    report = apply_baseline([doubled], build_baseline([batch.news]))
    assert report.new == 1 and report.suppressed == _flag_count(batch.news)
    assert report.is_accepted("news-1", alignment.index, 0)
    assert not report.is_accepted("news-1", alignment.index, len(alignment.flags) - 1)
    both = build_baseline([doubled])
    assert len(both) == _flag_count(doubled)
    assert apply_baseline([doubled], both).new == 0


def test_stale_entries_only_for_documents_that_ran(batch: Samples) -> None:
    baseline = build_baseline([batch.news, batch.units])
    fixed = copy.deepcopy(batch.news)
    assert fixed.result is not None
    dropped = next(a for a in fixed.result.alignments if any(f.code == "omission" for f in a.flags))
    dropped.flags = [flag for flag in dropped.flags if flag.code != "omission"]
    unreadable = DocumentOutcome(item=batch.units.item, error="cannot read")
    report = apply_baseline([fixed, unreadable], baseline)
    assert [(entry.code, entry.document) for entry in report.stale] == [("omission", "news-1")]
    assert stale_entries(baseline, [fixed, unreadable]) == [report.stale[0].to_dict()]
    assert report.accepted.keys() == {"news-1"}


def test_accepted_keys_match_the_verdict(batch: Samples) -> None:
    baseline = build_baseline([batch.news])
    accepted = baseline.accepted("news-1", batch.news.result)  # type: ignore[arg-type]
    assert len(accepted) == _flag_count(batch.news)
    assert all(isinstance(index, int) and isinstance(position, int) for index, position in accepted)
    assert baseline.accepted("another-document", batch.news.result) == frozenset()  # type: ignore[arg-type]


def test_a_baseline_from_a_documents_own_report_names_it_by_its_target_path(batch: Samples) -> None:
    path = batch.news.result.target.path  # type: ignore[union-attr]
    entries = [dataclasses.replace(entry, document=path) for entry in build_baseline([batch.news]).entries]
    report = apply_baseline([batch.news], Baseline(tuple(entries)))
    assert report.suppressed == _flag_count(batch.news) and report.stale == ()


# --------------------------------------------------------------------------- the file


def test_save_and_load_round_trip_sorted_and_stable(batch: Samples, tmp_path: Path) -> None:
    baseline = build_baseline([batch.units, batch.news])
    path = tmp_path / "baseline.json"
    baseline.save(path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["tool"] == "tqcheck" and data["version"] == 1
    assert list(data["entries"][0]) == ["fingerprint", "code", "document", "source", "target", "message"]
    keys = [(e["document"], e["code"], e["fingerprint"]) for e in data["entries"]]
    assert keys == sorted(keys)
    assert "30명" in text, "Hangul written as it is"
    loaded = Baseline.load(path)
    assert loaded == baseline and loaded.to_json() == text
    assert build_baseline([batch.news, batch.units]).to_json() == text, (
        "the order of documents does not matter"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("{not json", "is not valid JSON (line 1)"),
        ("[]", "is not a tqcheck baseline"),
        ('{"tool": "tqcheck", "version": 2, "entries": []}', "has baseline version 2"),
        ('{"tool": "tqcheck", "version": 1}', 'has no "entries" list'),
        ('{"tool": "tqcheck", "version": 1, "entries": [{"code": "x"}]}', "entry 1 has no fingerprint"),
        (
            '{"tool": "tqcheck", "version": 1, "entries": [{"fingerprint": "f", "code": "x", "source": 3}]}',
            "source",
        ),
        (b"\xff\xfe\x00", "is not UTF-8 text"),
    ],
)
def test_load_errors_are_one_line_usage_errors(
    tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "baseline.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        Baseline.load(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_minimal_entry_loads() -> None:
    baseline = Baseline.from_json(
        '{"tool": "tqcheck", "version": 1, "entries": [{"fingerprint": "f", "code": "x"}]}'
    )
    assert baseline.entries == (BaselineEntry("f", "x", "", "", "", ""),)
