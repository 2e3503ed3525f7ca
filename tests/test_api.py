"""The Python API: ``tqcheck.check_pair`` / ``tqcheck.check_files`` and the result's frames."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import tqcheck
from tqcheck.errors import InputError
from tqcheck.report.json_report import result_to_dict

from conftest import CORPORA

CLEAN = CORPORA / "clean-1"
NEWS = CORPORA / "news-1"


def _checked(result: tqcheck.CheckResult) -> dict:
    """What a check found, without where the text came from."""
    data = result_to_dict(result)
    return {"summary": data["summary"], "alignments": data["alignments"]}


@pytest.fixture(scope="module")
def embedder() -> tqcheck.Embedder:
    from tqcheck.pipeline import CheckOptions, make_embedder

    return make_embedder(CheckOptions())


def test_the_package_exports_the_api() -> None:
    for name in ("check_pair", "check_files", "CheckResult", "Config", "CheckOptions", "Embedder"):
        assert name in dir(tqcheck) and getattr(tqcheck, name) is not None
    with pytest.raises(AttributeError):
        tqcheck.no_such_name  # noqa: B018


def test_string_file_and_nfd_text_give_the_same_result(tmp_path: Path, embedder: tqcheck.Embedder) -> None:
    source = (CLEAN / "source.en.txt").read_text(encoding="utf-8")
    target = (CLEAN / "target.ko.txt").read_text(encoding="utf-8")
    from_files = tqcheck.check_files(CLEAN / "source.en.txt", CLEAN / "target.ko.txt", embedder=embedder)
    from_strings = tqcheck.check_pair(source, target, embedder=embedder)
    decomposed = unicodedata.normalize("NFD", target).replace("\n", "\r\n")
    assert decomposed != target
    from_nfd = tqcheck.check_pair("\ufeff" + source, decomposed, embedder=embedder)
    nfd_file = tmp_path / "nfd.ko.txt"
    nfd_file.write_bytes(decomposed.encode("utf-16"))
    from_nfd_file = tqcheck.check_files(CLEAN / "source.en.txt", nfd_file, embedder=embedder)
    assert _checked(from_strings) == _checked(from_files) == _checked(from_nfd) == _checked(from_nfd_file)
    assert from_strings.target.encoding == "str" and from_strings.target.path is None


def test_to_frame_has_one_row_per_alignment(embedder: tqcheck.Embedder) -> None:
    result = tqcheck.check_files(
        NEWS / "source.en.txt",
        NEWS / "target.ko.txt",
        reference=NEWS / "reference.ko.txt",
        embedder=embedder,
    )
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(result.alignments)
    for column in (
        "source_ids",
        "kind",
        "similarity",
        "fidelity",
        "coverage",
        "bleu",
        "chrf",
        "ter",
        "flags",
    ):
        assert column in frame.columns
    first = frame.iloc[0]
    assert isinstance(first["source_ids"], list) and isinstance(first["flags"], list)
    assert frame["bleu"].notna().any() and frame["ter"].notna().any()
    flagged = frame[frame["flags"].map(len) > 0]
    flags = result.flags_frame()
    assert len(flags) == sum(len(alignment.flags) for alignment in result.alignments) > 0
    assert set(flags["alignment"]) == set(flagged["index"])
    spanned = flags.dropna(subset=["start"])
    for row in spanned.itertuples():
        alignment = result.alignments[row.alignment]
        text = alignment.source_text if row.side == "source" else alignment.target_text
        assert text[row.start : row.end] == row.span


def test_one_sentence_pair_runs_from_strings(embedder: tqcheck.Embedder) -> None:
    result = tqcheck.check_pair("Prices fell 3%.", "물가가 3% 하락했다.", embedder=embedder)
    assert [alignment.kind for alignment in result.alignments] == ["1-1"]
    assert "number-mismatch" not in result.to_frame()["flags"][0]


def test_bad_strings_are_input_errors(embedder: tqcheck.Embedder) -> None:
    with pytest.raises(InputError, match="the target text is empty"):
        tqcheck.check_pair("Prices fell.", "  \n", embedder=embedder)
    with pytest.raises(InputError, match="the source text"):
        tqcheck.check_pair("물가가 하락했다. 물가가 하락했다.", "물가가 하락했다.", embedder=embedder)


def test_aligner_parameters_can_be_passed(embedder: tqcheck.Embedder) -> None:
    from dataclasses import replace

    options = tqcheck.CheckOptions(align_params=replace(tqcheck.AlignParams(), band_min=7))
    result = tqcheck.check_files(
        CLEAN / "source.en.txt", CLEAN / "target.ko.txt", embedder=embedder, options=options
    )
    assert result.settings["align_params"]["band_min"] == 7


def test_all_lists_exactly_the_lazy_exports() -> None:
    assert set(tqcheck.__all__) == {*tqcheck._EXPORTS, "__version__"}


def test_the_json_report_in_chunks_is_json_dumps_byte_for_byte(embedder: tqcheck.Embedder) -> None:
    import json

    from tqcheck.report.json_report import iter_json

    result = tqcheck.check_files(CLEAN / "source.en.txt", CLEAN / "target.ko.txt", embedder=embedder)
    expected = json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n"
    assert "".join(iter_json(result)) == expected
    assert len(list(iter_json(result))) == len(result.alignments) + 2
    result.alignments = []
    empty = json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n"
    assert "".join(iter_json(result)) == empty
