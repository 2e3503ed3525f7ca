"""The spreadsheet reports: CSV and XLSX carry the same cells, open cleanly and never run a formula."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock

from tqcheck.model import Alignment, CheckResult, Document, Flag, Segment, Severity, Summary
from tqcheck.report.csv_report import COLUMNS, neutralise_formula, render_csv
from tqcheck.report.json_report import render_json
from tqcheck.report.xlsx_report import (
    FLAGGED_SPAN_COLOR,
    SEVERITY_FILLS,
    display_width,
    flagged_spans,
    render_xlsx,
)

from conftest import CORPORA, REPO

BOM = b"\xef\xbb\xbf"
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

HYPERLINK = '=HYPERLINK("http://x")'
DECREASE = "-3.5% 감소"
TAB_LED = "\t탭으로 시작하는 셀"
QUOTED_SOURCE = 'He said "hi, there"\nand left.'
QUOTED_TARGET = '그는 "안녕, 거기"라고 말했다.\n그리고 떠났다.'
PLAIN_KOREAN = "운전기사들은 다음 주 파업을 예고했다."
OVERLAP_TARGET = "회사는 매출이 38% 늘었다고 밝혔다."

# (source sentences, target sentences, reference, flags) per alignment
ROWS: list[tuple[list[str], list[str], str | None, list[Flag]]] = [
    (
        [HYPERLINK],
        ["+1"],
        "+1 증가",
        [
            Flag("number-mismatch", ERROR, "source has no 1", "target", 0, 2),
            Flag("unterminated", ERROR, "no final punctuation", "target"),
        ],
    ),
    (
        ["Sales fell 3.5%, analysts said."],
        [DECREASE],
        None,
        [Flag("length-ratio", WARNING, "target is short", "target")],
    ),
    (
        ["@SUM(A1)"],
        [TAB_LED],
        None,
        [Flag("register-mix", INFO, "mixed register", "target", 1, 4)],
    ),
    ([QUOTED_SOURCE], [QUOTED_TARGET], '참조, "따옴표"', []),
    (["Drivers announced a strike."], [PLAIN_KOREAN], PLAIN_KOREAN, []),
    (
        ["Revenue rose 38 percent, the company said."],
        [OVERLAP_TARGET],
        None,
        [
            Flag("term-inconsistency", WARNING, "매출 vs 수익", "target", 4, 10),
            Flag("number-mismatch", ERROR, "38 vs 83", "target", 7, 13),
            Flag("register-mix", WARNING, "whole side", "target"),
            Flag("untranslated", ERROR, "English left", "source", 0, 7),
        ],
    ),
    (
        ["This sentence was dropped."],
        [],
        None,
        [
            Flag("omission", ERROR, "no translation", "source"),
            Flag("register-mix", INFO, "late info", "source"),
        ],
    ),
]


def _document(language: str, texts: list[str], path: str) -> Document:
    segments = [Segment(id=i, text=text, paragraph=0) for i, text in enumerate(texts)]
    return Document(language=language, segments=segments, path=path, encoding="utf-8")  # type: ignore[arg-type]


def make_result(rows: list[tuple[list[str], list[str], str | None, list[Flag]]] = ROWS) -> CheckResult:
    source_texts = [text for english, _, _, _ in rows for text in english]
    target_texts = [text for _, korean, _, _ in rows for text in korean]
    alignments = []
    i = j = 0
    for index, (english, korean, reference, flags) in enumerate(rows):
        alignments.append(
            Alignment(
                index=index,
                source_ids=tuple(range(i, i + len(english))),
                target_ids=tuple(range(j, j + len(korean))),
                source_text=" ".join(english),
                target_text=" ".join(korean),
                similarity=0.8 + index / 100 if korean else None,
                fidelity=0.9 - index / 100 if korean else None,
                bleu=50.0 + index if reference else None,
                chrf=60.0 + index if reference else None,
                reference_text=reference,
                reference_ids=(index,) if reference else (),
                flags=list(flags),
            )
        )
        i, j = i + len(english), j + len(korean)
    counts: dict[str, int] = {}
    for alignment in alignments:
        for flag in alignment.flags:
            counts[flag.code] = counts.get(flag.code, 0) + 1
    summary = Summary(
        source_segments=len(source_texts),
        target_segments=len(target_texts),
        alignments=len(alignments),
        fidelity=0.8765,
        flag_counts=dict(sorted(counts.items())),
        passed=False,
        bleu=55.5,
        chrf=66.25,
        ter=40.0,
        bleu_signature="nrefs:1|tok:ko-mecab",
        chrf_signature="nrefs:1|nc:6|nw:2",
        ter_signature="nrefs:1|tok:tercom",
        gate_reasons=["2 number-mismatch flag(s) at or above error", "1 omission flag(s) at or above error"],
    )
    return CheckResult(
        source=_document("en", source_texts, "in/source.en.txt"),
        target=_document("ko", target_texts, "in/target.ko.txt"),
        reference=_document("ko", ["참조"], "in/reference.ko.txt"),
        alignments=alignments,
        model="multilingual-e5-small",
        summary=summary,
    )


@pytest.fixture(scope="module")
def result() -> CheckResult:
    return make_result()


@pytest.fixture(scope="module")
def csv_bytes(result: CheckResult) -> bytes:
    return render_csv(result)


@pytest.fixture(scope="module")
def xlsx_bytes(result: CheckResult) -> bytes:
    return render_xlsx(result)


@pytest.fixture(scope="module")
def workbook(xlsx_bytes: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes), rich_text=True)


# --- formula neutralisation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+1", "'+1"),
        (DECREASE, "'" + DECREASE),
        ("@SUM(A1)", "'@SUM(A1)"),
        (TAB_LED, "'" + TAB_LED),
        ("\r=1+1", "'\r=1+1"),
        (PLAIN_KOREAN, PLAIN_KOREAN),
        ("a=b", "a=b"),
        ("3.5% 감소", "3.5% 감소"),
        ("'already quoted", "'already quoted"),
        ("", ""),
        (-3.5, -3.5),
        (None, None),
    ],
)
def test_neutralise_formula(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


# --- CSV ------------------------------------------------------------------------------------


def test_csv_starts_with_one_bom_and_ends_rows_with_crlf(csv_bytes: bytes) -> None:
    assert csv_bytes.startswith(BOM)
    assert not csv_bytes[3:].startswith(BOM)
    assert csv_bytes.endswith(b"\r\n")
    header = csv_bytes[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert header == ",".join(COLUMNS)


def test_csv_round_trips_through_pandas(csv_bytes: bytes, result: CheckResult) -> None:
    frame = pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == COLUMNS
    assert len(frame) == len(result.alignments)
    assert frame["index"].tolist() == [str(a.index) for a in result.alignments]
    assert frame["source"].tolist() == [
        "'" + HYPERLINK,
        "Sales fell 3.5%, analysts said.",
        "'@SUM(A1)",
        QUOTED_SOURCE,
        "Drivers announced a strike.",
        "Revenue rose 38 percent, the company said.",
        "This sentence was dropped.",
    ]
    assert frame["target"].tolist() == [
        "'+1", "'" + DECREASE, "'" + TAB_LED, QUOTED_TARGET, PLAIN_KOREAN, OVERLAP_TARGET, "",
    ]  # fmt: skip
    assert frame["reference"].tolist()[:5] == ["'+1 증가", "", "", '참조, "따옴표"', PLAIN_KOREAN]
    assert frame.loc[0, "flags"] == "number-mismatch; unterminated"
    assert frame.loc[0, "severity"] == "error"
    assert frame.loc[0, "messages"] == "number-mismatch: source has no 1; unterminated: no final punctuation"
    assert frame["severity"].tolist() == ["error", "warning", "info", "", "", "error", "error"]
    assert frame["source_ids"].tolist()[:2] == ["0", "1"]
    assert frame.loc[6, "target_ids"] == ""
    numbers = pd.read_csv(io.BytesIO(csv_bytes), encoding="utf-8-sig")
    assert numbers["fidelity"].tolist()[:6] == pytest.approx([0.9 - i / 100 for i in range(6)])
    assert pd.isna(numbers.loc[6, "fidelity"])
    assert numbers.loc[0, "bleu"] == pytest.approx(50.0)


def test_csv_round_trips_through_csv_module(csv_bytes: bytes, result: CheckResult) -> None:
    text = csv_bytes.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == COLUMNS
    body = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    assert len(body) == len(result.alignments)
    assert body[0]["source"] == "'" + HYPERLINK
    assert body[0]["target"] == "'+1"
    assert body[0]["flags"] == "number-mismatch; unterminated"
    assert body[1]["target"] == "'" + DECREASE
    assert body[2]["source"] == "'@SUM(A1)"
    assert body[2]["target"] == "'" + TAB_LED
    assert body[3]["source"] == QUOTED_SOURCE  # quotes, comma and newline survive inside one cell
    assert body[3]["target"] == QUOTED_TARGET
    assert body[4]["target"] == PLAIN_KOREAN
    assert body[4]["reference"] == PLAIN_KOREAN
    assert body[5]["flags"] == "term-inconsistency; number-mismatch; register-mix; untranslated"


def test_no_csv_text_cell_starts_with_a_formula_trigger(csv_bytes: bytes) -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline="")))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            # a leading minus is only allowed on a real number (a score), never on text
            if cell.startswith("-"):
                float(cell)


def test_json_stays_raw(result: CheckResult) -> None:
    alignments = json.loads(render_json(result))["alignments"]
    assert alignments[0]["source"] == HYPERLINK
    assert alignments[0]["target"] == "+1"
    assert alignments[1]["target"] == DECREASE
    assert alignments[2]["target"] == TAB_LED


def test_empty_result_has_a_header_only(result: CheckResult) -> None:
    empty = make_result([])
    rows = list(csv.reader(io.StringIO(render_csv(empty).decode("utf-8-sig"), newline="")))
    assert rows == [COLUMNS]
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(empty)))["Alignments"]
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert sheet.auto_filter.ref == "A1:M1"


# --- XLSX: table ----------------------------------------------------------------------------


def test_xlsx_table_layout(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ["Alignments", "Summary"]
    sheet = workbook["Alignments"]
    assert [cell.value for cell in sheet[1]] == COLUMNS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:M{len(ROWS) + 1}"
    assert sheet.max_row == len(ROWS) + 1
    widths = {name: sheet.column_dimensions[chr(ord("A") + i)].width for i, name in enumerate(COLUMNS)}
    assert all(6 <= width <= 60 for width in widths.values())
    assert widths["source"] >= len("Revenue rose 38 percent, the company said.")
    assert widths["target"] >= display_width(OVERLAP_TARGET) > len(OVERLAP_TARGET)
    assert widths["index"] < widths["source"]
    for row in sheet.iter_rows(min_row=2):
        by_name = dict(zip(COLUMNS, row, strict=True))
        assert by_name["source"].alignment.wrap_text and by_name["source"].alignment.vertical == "top"
        assert by_name["messages"].alignment.wrap_text
        for name in ("fidelity", "similarity", "bleu", "chrf"):
            assert by_name[name].number_format == "0.00"


def test_display_width_counts_hangul_double() -> None:
    assert display_width("abc") == 3
    assert display_width("감소") == 4
    assert display_width("ab\n가나다") == 6


def test_long_cells_are_capped_at_sixty_columns() -> None:
    sheet = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(make_result([(["word " * 80], ["단어 " * 80], None, [])])))
    )
    assert sheet["Alignments"].column_dimensions["D"].width == 60
    assert sheet["Alignments"].column_dimensions["E"].width == 60


def _plain(value: object) -> object:
    return str(value) if isinstance(value, CellRichText) else value


def test_xlsx_text_cells_match_the_csv(workbook: openpyxl.Workbook, csv_bytes: bytes) -> None:
    csv_rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline="")))[1:]
    sheet = workbook["Alignments"]
    for csv_row, sheet_row in zip(csv_rows, sheet.iter_rows(min_row=2), strict=True):
        for name, csv_cell, cell in zip(COLUMNS, csv_row, sheet_row, strict=True):
            value = _plain(cell.value)
            if name in ("index", "fidelity", "similarity", "bleu", "chrf"):
                assert (value is None and csv_cell == "") or float(csv_cell) == pytest.approx(value)
            else:
                assert (value or "") == csv_cell, name


def test_xlsx_has_no_formulas(xlsx_bytes: bytes) -> None:
    plain = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    for sheet in plain.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_xlsx_rows_are_filled_by_worst_severity(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Alignments"]
    expected = [ERROR, WARNING, INFO, None, None, ERROR, ERROR]
    for row, severity in zip(sheet.iter_rows(min_row=2), expected, strict=True):
        for cell in row:
            if severity is None:
                assert cell.fill.fill_type is None, cell.coordinate
            else:
                assert cell.fill.fill_type == "solid", cell.coordinate
                assert cell.fill.fgColor.rgb == SEVERITY_FILLS[severity], cell.coordinate
    assert len(set(SEVERITY_FILLS.values())) == 3


def _runs(value: object) -> list[tuple[str, bool]]:
    """(text, flagged) per run of a rich-text cell; a plain string is one unflagged run."""
    if not isinstance(value, CellRichText):
        return [(value, False)]
    runs = []
    for run in value:
        if isinstance(run, TextBlock):
            flagged = (
                bool(run.font.b) and run.font.color is not None and run.font.color.rgb == FLAGGED_SPAN_COLOR
            )
            runs.append((run.text, flagged))
        else:
            runs.append((run, False))
    return runs


def test_xlsx_marks_flagged_spans_bold_red(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["Alignments"]
    source, target = COLUMNS.index("source") + 1, COLUMNS.index("target") + 1

    def runs(row: int, column: int) -> list[tuple[str, bool]]:
        return _runs(sheet.cell(row=row, column=column).value)

    # the apostrophe stays plain and outside the flagged span
    assert runs(2, target) == [("'", False), ("+1", True)]
    assert runs(2, source) == [("'" + HYPERLINK, False)]
    # a whole-side flag colours the row but marks no span
    assert runs(3, target) == [("'" + DECREASE, False)]
    assert runs(4, target) == [("'" + TAB_LED[:1], False), (TAB_LED[1:4], True), (TAB_LED[4:], False)]
    assert runs(5, source) == [(QUOTED_SOURCE, False)]
    # overlapping spans 4-10 and 7-13 mark 4-13 once, split at the outer boundaries
    assert runs(7, target) == [
        (OVERLAP_TARGET[:4], False), (OVERLAP_TARGET[4:13], True), (OVERLAP_TARGET[13:], False),
    ]  # fmt: skip
    assert runs(7, source) == [("Revenue", True), (" rose 38 percent, the company said.", False)]
    assert sheet.cell(row=6, column=target).value == PLAIN_KOREAN


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(4, 10), (7, 13)], [(4, 13)]),
        ([(0, 3), (3, 5)], [(0, 5)]),
        ([(8, 9), (0, 2)], [(0, 2), (8, 9)]),
        ([(5, 50)], [(5, 20)]),
        ([(3, 3), (-2, 1)], [(0, 1)]),
        ([(2, 6), (3, 4)], [(2, 6)]),
    ],
)
def test_flagged_spans_merge_and_clip(spans: list[tuple[int, int]], expected: list[tuple[int, int]]) -> None:
    flags = [Flag("x", ERROR, "m", "target", start, end) for start, end in spans]
    flags += [Flag("x", ERROR, "m", "source", 0, 20), Flag("x", ERROR, "m", "target")]
    assert flagged_spans(flags, "target", 20) == expected


def test_control_characters_do_not_break_the_workbook() -> None:
    result = make_result([(["bell\x07 here"], ["수직\x0b탭"], None, [Flag("x", ERROR, "m", "target", 2, 4)])])
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(result)), rich_text=True)["Alignments"]
    assert sheet["D2"].value == "bell\ufffd here"
    assert _runs(sheet["E2"].value) == [("수직", False), ("\ufffd탭", True)]


# --- XLSX: summary --------------------------------------------------------------------------


def _summary_rows(workbook: openpyxl.Workbook) -> list[tuple[object, ...]]:
    return [tuple(_plain(v) for v in row) for row in workbook["Summary"].iter_rows(values_only=True)]


def test_xlsx_summary_sheet(workbook: openpyxl.Workbook) -> None:
    rows = _summary_rows(workbook)
    labelled = {row[0]: row[1:] for row in rows if row[0] is not None}
    assert labelled["verdict"][0] == "FAILED"
    assert labelled["gate reasons"][0] == "2 number-mismatch flag(s) at or above error"
    assert (None, "1 omission flag(s) at or above error", None, None) in rows
    assert labelled["model"][0] == "multilingual-e5-small"
    assert labelled["source"][:3] == ("in/source.en.txt", "utf-8", 7)
    assert labelled["target"][:3] == ("in/target.ko.txt", "utf-8", 6)
    assert labelled["reference"][:3] == ("in/reference.ko.txt", "utf-8", 1)
    assert labelled["source segments"][0] == 7
    assert labelled["target segments"][0] == 6
    assert labelled["alignments"][0] == 7
    assert labelled["flagged alignments"][0] == 5
    assert labelled["fidelity"][0] == pytest.approx(0.8765)
    assert labelled["BLEU"][:2] == (pytest.approx(55.5), "nrefs:1|tok:ko-mecab")
    assert labelled["chrF++"][:2] == (pytest.approx(66.25), "nrefs:1|nc:6|nw:2")
    assert labelled["TER"][:2] == (pytest.approx(40.0), "nrefs:1|tok:tercom")


def test_xlsx_summary_flag_counts(workbook: openpyxl.Workbook, result: CheckResult) -> None:
    rows = _summary_rows(workbook)
    header = rows.index(("flag", "severity", "count", None))
    table = []
    for row in rows[header + 1 :]:
        if row[0] == "total":
            total = row[2]
            break
        table.append(row[:3])
    assert table == [
        ("number-mismatch", "error", 2),
        ("omission", "error", 1),
        ("unterminated", "error", 1),
        ("untranslated", "error", 1),
        ("register-mix", "warning", 3),  # the worst of its info, warning, info flags
        ("length-ratio", "warning", 1),
        ("term-inconsistency", "warning", 1),
    ]
    assert total == sum(result.summary.flag_counts.values()) == 10
    sheet = workbook["Summary"]
    first = sheet.cell(row=header + 2, column=2)
    assert first.fill.fgColor.rgb == SEVERITY_FILLS[ERROR]


def test_xlsx_summary_without_reference_scores() -> None:
    result = make_result(ROWS[3:5])
    result.reference = None
    result.summary.bleu = result.summary.chrf = result.summary.ter = None
    result.summary.fidelity = None
    result.summary.passed, result.summary.gate_reasons = True, []
    rows = _summary_rows(openpyxl.load_workbook(io.BytesIO(render_xlsx(result))))
    labelled = {row[0]: row[1:] for row in rows if row[0] is not None}
    assert labelled["verdict"][0] == "PASSED"
    assert labelled["gate reasons"][0] == "none"
    assert labelled["fidelity"][0] == "n/a"
    assert not {"BLEU", "chrF++", "TER", "reference"} & set(labelled)
    assert labelled["total"][1] == 0


# --- end to end -----------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_writes_csv_xlsx_and_json_in_one_run(tmp_path: Path) -> None:
    clean = CORPORA / "clean-1"
    outputs = [tmp_path / "report.csv", tmp_path / "report.xlsx", tmp_path / "report.json"]
    command = [sys.executable, "-m", "tqcheck", "check", clean / "source.en.txt", clean / "target.ko.txt"]
    for path in outputs:
        command += ["--output", path]
    completed = subprocess.run(
        [str(part) for part in command], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode in (0, 1), completed.stderr
    csv_path, xlsx_path, json_path = outputs
    report = json.loads(json_path.read_text(encoding="utf-8"))
    count = len(report["alignments"])
    assert count > 0

    raw = csv_path.read_bytes()
    assert raw.startswith(BOM)
    frame = pd.read_csv(csv_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == COLUMNS and len(frame) == count
    assert frame["target"].tolist() == [
        str(neutralise_formula(alignment["target"])) for alignment in report["alignments"]
    ]

    workbook = openpyxl.load_workbook(xlsx_path, rich_text=True)
    assert workbook.sheetnames == ["Alignments", "Summary"]
    sheet = workbook["Alignments"]
    assert sheet.max_row == count + 1
    assert [_plain(cell.value) or "" for cell in sheet["E"][1:]] == frame["target"].tolist()
    verdict = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}["verdict"]
    assert verdict == ("PASSED" if report["summary"]["passed"] else "FAILED")
    assert (completed.returncode == 0) == report["summary"]["passed"]
