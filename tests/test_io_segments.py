"""Segment-file readers: texts, unit ids and lines per format, hostile XML, and round-trip properties."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tqcheck.errors import InputError
from tqcheck.io.read import normalise_text
from tqcheck.io.segments import SEGMENT_SUFFIXES, read_segments
from tqcheck.model import SegmentRecord


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def texts(records: list[SegmentRecord]) -> list[tuple[str, str, str | None]]:
    return [(record.source, record.target, record.reference) for record in records]


# --- TSV / CSV ---------------------------------------------------------------------------------


def test_tsv_columns_ids_and_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "batch.tsv",
        "ID\tNote\tSource\tTarget\tReference\n"
        'u1\tx\t"Yes," she said.\t"네," 그녀가 말했다.\t\n'
        "\n"
        "u2\t\tThe price rose 5%.\t가격이 5% 올랐다.\t가격이 5퍼센트 올랐다.\n",
    )
    records = read_segments(path)
    assert texts(records) == [
        ('"Yes," she said.', '"네," 그녀가 말했다.', None),  # plain TSV: quotes are text
        ("The price rose 5%.", "가격이 5% 올랐다.", "가격이 5퍼센트 올랐다."),
    ]
    assert [(record.unit_id, record.line) for record in records] == [("u1", 2), ("u2", 4)]


def test_tsv_written_by_a_spreadsheet_uses_its_quoting(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerows(
        [["source", "target"], ["Tab\there", "탭\t여기"], ['Say "hi"\nnow', '"안녕"\n지금'], ["End", "끝"]]
    )
    records = read_segments(write(tmp_path / "excel.tsv", buffer.getvalue()))
    assert texts(records) == [
        ("Tab\there", "탭\t여기", None),
        ('Say "hi"\nnow', '"안녕"\n지금', None),
        ("End", "끝", None),
    ]
    assert [record.line for record in records] == [2, 3, 6]  # row 2 spans lines 3-5
    assert [record.unit_id for record in records] == ["1", "2", "3"]  # no id column: the row number


def test_csv_quoted_multiline_cell_keeps_the_starting_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "batch.csv",
        'source,target,reference\n"First line,\nsecond line","첫 줄,\n둘째 줄",\nHello,안녕하세요,안녕\n',
        encoding="utf-8-sig",
    )
    records = read_segments(path)
    assert texts(records) == [
        ("First line,\nsecond line", "첫 줄,\n둘째 줄", None),
        ("Hello", "안녕하세요", "안녕"),
    ]
    assert [(record.unit_id, record.line) for record in records] == [("1", 2), ("2", 5)]


def test_csv_in_cp949_and_semicolons(tmp_path: Path) -> None:
    path = write(tmp_path / "legacy.csv", "source;target\nGood morning;좋은 아침입니다\n", encoding="cp949")
    assert texts(read_segments(path)) == [("Good morning", "좋은 아침입니다", None)]


def test_csv_untranslated_row_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "gap.csv", "source,target\nTranslated,번역됨\nMissing,\n")
    assert [record.target for record in read_segments(path)] == ["번역됨", ""]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("en,ko\nHello,안녕\n", ["line 1", "'en', 'ko'", "'source' and 'target'"]),
        ("source,target\nHello, world,안녕\n", ["line 2", "3 cells but the header has 2", "quote"]),
        ('source,target\n"Hello" world,안녕\n', ["line 2", "not valid CSV"]),
        ("source,target,source\nA,B,C\n", ["two 'source' columns"]),
        ("source,target\nonly one cell\n", ["line 2", "1 cell(s)"]),
    ],
)
def test_csv_errors_name_the_problem(tmp_path: Path, content: str, expected: list[str]) -> None:
    with pytest.raises(InputError) as error:
        read_segments(write(tmp_path / "bad.csv", content))
    message = str(error.value)
    assert "\n" not in message and "bad.csv" in message
    for part in expected:
        assert part in message


# --- JSONL -------------------------------------------------------------------------------------


def test_jsonl_both_field_conventions(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"src": "Seoul is big.", "mt": "서울은 크다.", "ref": "서울은 큰 도시다."}, ensure_ascii=False
        ),
        "",
        json.dumps({"id": 7, "source": "Busan", "hypothesis": "부산", "reference": None}, ensure_ascii=False),
        json.dumps({"source": "Untranslated", "target": None}),
    ]
    records = read_segments(write(tmp_path / "comet.jsonl", "\n".join(lines) + "\n"))
    assert texts(records) == [
        ("Seoul is big.", "서울은 크다.", "서울은 큰 도시다."),
        ("Busan", "부산", None),
        ("Untranslated", "", None),
    ]
    assert [(record.unit_id, record.line) for record in records] == [("1", 1), ("7", 3), ("3", 4)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"src": "A", "mt": ', "line 2: not valid JSON"),
        ('["A", "에이"]', "line 2: expected a JSON object"),
        ('{"text": "A"}', "found keys 'text'"),
        ('{"src": "A", "mt": 5}', "'mt' must be a string"),
        ('{"src": "\\ud800", "mt": "x"}', "unpaired surrogate"),
    ],
)
def test_jsonl_errors_name_the_line(tmp_path: Path, line: str, expected: str) -> None:
    path = write(tmp_path / "bad.jsonl", '{"src": "ok", "mt": "좋아"}\n' + line + "\n")
    with pytest.raises(InputError, match=r"bad\.jsonl") as error:
        read_segments(path)
    assert expected in str(error.value)


# --- XLIFF -------------------------------------------------------------------------------------

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="news.txt" source-language="en" target-language="ko" datatype="plaintext">
    <body>
      <trans-unit id="t1">
        <source>Click <g id="1">Save</g> now<x id="2"/>.</source>
        <target>지금 <g id="1">저장</g>을 누르세요<x id="2"/>.</target>
      </trans-unit>
      <trans-unit id="t2">
        <source>Pay <bpt id="3">&lt;b&gt;</bpt>5<ept id="3">&lt;/b&gt;</ept> &amp;<ph id="4">{0}</ph></source>
        <target state="needs-translation"/>
      </trans-unit>
      <trans-unit id="t3" translate="no"><source>Samsung</source></trans-unit>
      <group id="g1">
        <trans-unit id="t4"><source>In a group</source><target>그룹 안</target></trans-unit>
      </group>
    </body>
  </file>
</xliff>
"""


def test_xliff_12_inline_markup_untranslated_and_lines(tmp_path: Path) -> None:
    records = read_segments(write(tmp_path / "news.xlf", XLIFF_12))
    assert texts(records) == [
        ("Click Save now.", "지금 저장을 누르세요.", None),
        ("Pay 5 &", "", None),  # native codes dropped, untranslated kept
        ("In a group", "그룹 안", None),  # translate="no" unit skipped
    ]
    assert [(record.unit_id, record.line) for record in records] == [("t1", 5), ("t2", 9), ("t4", 15)]
    # the codes the text leaves out are kept, for placeholder-mismatch to compare
    assert records[0].source_codes == records[0].target_codes == ('<g id="1">', '<x id="2">')
    assert records[1].source_codes == ('<bpt id="3">', '<ept id="3">', '<ph id="4">')
    assert records[1].target_codes == ()


XLIFF_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="ko">
  <file id="f1">
    <unit id="u1">
      <segment state="translated">
        <source>Open <pc id="1">Settings</pc><ph id="2"/>.</source>
        <target>  <pc id="1">설정</pc>을 여세요<ph id="2"/>.</target>
      </segment>
    </unit>
    <unit id="u2">
      <segment id="s1"><source>One.</source><target>하나.</target></segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2"><source>Two<cp hex="2122"/>.</source></segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff_20_segments_ids_and_lines(tmp_path: Path) -> None:
    records = read_segments(write(tmp_path / "ui.xliff", XLIFF_20))
    assert texts(records) == [
        ("Open Settings.", "  설정을 여세요.", None),
        ("One.", "하나.", None),
        ("Two™.", "", None),
    ]
    assert [(record.unit_id, record.line) for record in records] == [
        ("u1", 4),
        ("u2::s1", 11),
        ("u2::s2", 13),
    ]


def test_xliff_with_wrong_root_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="root element is <tmx>"):
        read_segments(write(tmp_path / "wrong.xlf", "<tmx version='1.4'><body/></tmx>"))


# --- TMX ---------------------------------------------------------------------------------------

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en"
          srclang="en-US" datatype="plaintext"/>
  <body>
    <tu tuid="greet">
      <tuv xml:lang="fr-FR"><seg>Bonjour</seg></tuv>
      <tuv xml:lang="ko-KR"><seg>안녕 <bpt i="1">&lt;b&gt;</bpt>세상<ept i="1">&lt;/b&gt;</ept></seg></tuv>
      <tuv xml:lang="en-US"><seg>Hello <hi>world</hi></seg></tuv>
    </tu>
    <tu>
      <tuv lang="EN"><seg>Old style</seg></tuv>
      <tuv lang="KO"><seg>옛 방식</seg></tuv>
    </tu>
    <tu tuid="fr-only"><tuv xml:lang="fr"><seg>Seulement</seg></tuv></tu>
    <tu tuid="gap"><tuv xml:lang="en"><seg>Not yet</seg></tuv></tu>
  </body>
</tmx>
"""


def test_tmx_picks_english_and_korean_tuvs(tmp_path: Path) -> None:
    records = read_segments(write(tmp_path / "memory.tmx", TMX))
    assert texts(records) == [
        ("Hello world", "안녕 세상", None),
        ("Old style", "옛 방식", None),
        ("Not yet", "", None),
    ]
    assert [(record.unit_id, record.line) for record in records] == [("greet", 7), (None, 12), ("gap", 17)]
    assert records[0].source_codes == () and records[0].target_codes == ('<bpt i="1">', '<ept i="1">')


def test_tmx_without_korean_is_refused(tmp_path: Path) -> None:
    content = (
        '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>A</seg></tuv>'
        '<tuv xml:lang="ja"><seg>エー</seg></tuv></tu></body></tmx>'
    )
    with pytest.raises(InputError, match=r"no Korean \(ko\*\) tuv; languages found: en, ja"):
        read_segments(write(tmp_path / "enja.tmx", content))


# --- PO ----------------------------------------------------------------------------------------

PO = """# Korean translation.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ko\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#: src/app.c:10
msgid "Hello"
msgstr "안녕하세요"

#, fuzzy
msgctxt "menu"
msgid "File"
msgstr "파일"

msgid "Untranslated"
msgstr ""

msgid "One file"
msgid_plural "%d files"
msgstr[0] "파일 %d개"

msgid "Two\\nlines \\"quoted\\""
msgstr "두\\n줄 \\"인용\\""

#~ msgid "Obsolete"
#~ msgstr "폐기됨"
"""


def test_po_skips_header_and_obsolete_and_keeps_fuzzy_and_untranslated(tmp_path: Path) -> None:
    records = read_segments(write(tmp_path / "app.po", PO))
    assert texts(records) == [
        ("Hello", "안녕하세요", None),
        ("File", "파일", None),
        ("Untranslated", "", None),
        ("One file", "파일 %d개", None),
        ('Two\nlines "quoted"', '두\n줄 "인용"', None),
    ]
    assert [record.unit_id for record in records] == [
        "Hello",
        "menu::File",
        "Untranslated",
        "One file",
        'Two\nlines "quoted"',
    ]
    assert [record.line for record in records] == [8, 12, 17, 20, 24]
    assert all(type(record.source) is str and type(record.target) is str for record in records)


def test_po_in_cp949_follows_its_header(tmp_path: Path) -> None:
    content = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=CP949\\n"\n\nmsgid "Hi"\nmsgstr "안녕"\n'
    records = read_segments(write(tmp_path / "legacy.po", content, encoding="cp949"))
    assert texts(records) == [("Hi", "안녕", None)]


def test_broken_po_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"broken\.po could not be read as a PO file"):
        read_segments(write(tmp_path / "broken.po", 'msgid "A"\nmsgstr "B\n'))


# --- any format --------------------------------------------------------------------------------


def test_unknown_suffix_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"use one of \.tsv"):
        read_segments(write(tmp_path / "doc.docx", "x"))
    for suffix in SEGMENT_SUFFIXES:
        with pytest.raises(InputError, match="empty"):
            read_segments(write(tmp_path / f"empty{suffix}", ""))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("header-only.csv", "source,target\n"),
        ("blank.jsonl", "\n\n"),
        (
            "no-units.xlf",
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body/></file></xliff>',
        ),
        ("no-units.tmx", '<tmx version="1.4"><header/><body/></tmx>'),
        ("header-only.po", 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'),
    ],
)
def test_files_without_units_are_refused(tmp_path: Path, name: str, content: str) -> None:
    with pytest.raises(InputError, match=rf"{name}.*(no translation units|empty)"):
        read_segments(write(tmp_path / name, content))


# --- hostile XML -------------------------------------------------------------------------------


def _xliff_with(prolog: str, body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
        f'source-language="en" target-language="ko"><body><trans-unit id="1"><source>{body}</source>'
        "<target>대상</target></trans-unit></body></file></xliff>\n"
    )


BILLION_LAUGHS = '<!DOCTYPE xliff [\n<!ENTITY lol "lol">\n' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
)


@pytest.mark.parametrize(
    ("prolog", "body"),
    [
        ('<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
        ('<!DOCTYPE xliff [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>', "text"),
        (BILLION_LAUGHS + "]>", "&lol9;"),
        ("<!DOCTYPE xliff []>", "empty subset"),
    ],
    ids=["xxe", "parameter-entity", "billion-laughs", "empty-subset"],
)
@pytest.mark.parametrize("suffix", [".xlf", ".tmx"])
def test_entity_declarations_are_refused_before_translate_toolkit_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prolog: str, body: str, suffix: str
) -> None:
    from translate.storage import lisa

    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("translate-toolkit parsed a hostile file")

    monkeypatch.setattr(lisa.LISAfile, "parse", must_not_run)
    content = _xliff_with(prolog, body)
    if suffix == ".tmx":
        content = content.replace("DOCTYPE xliff", "DOCTYPE tmx")
    started = time.perf_counter()
    with pytest.raises(InputError) as error:
        read_segments(write(tmp_path / f"hostile{suffix}", content))
    assert time.perf_counter() - started < 1
    message = str(error.value)
    assert "declares XML entities; tqcheck refuses them" in message and "\n" not in message
    assert "root:" not in message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_entity_declarations_are_found_in_any_xml_encoding(tmp_path: Path, encoding: str) -> None:
    content = _xliff_with('<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;")
    content = content.replace('encoding="UTF-8"', f'encoding="{encoding.upper().removesuffix("-SIG")}"')
    with pytest.raises(InputError, match="declares XML entities"):
        read_segments(write(tmp_path / "hostile.xlf", content, encoding=encoding))


def test_entity_from_an_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "TOP-SECRET-VALUE")
    write(tmp_path / "evil.dtd", f'<!ENTITY leak SYSTEM "{secret.as_uri()}">')
    content = _xliff_with(
        f'<!DOCTYPE xliff SYSTEM "{(tmp_path / "evil.dtd").as_uri()}">', "before &leak; after"
    )
    with pytest.raises(InputError, match=r"line \d+: references the entity &leak;") as error:
        read_segments(write(tmp_path / "external.xlf", content))
    assert "TOP-SECRET" not in str(error.value)


def test_external_dtd_reference_alone_is_accepted_and_not_read(tmp_path: Path) -> None:
    content = _xliff_with('<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/xliff.dtd">', "Plain text")
    assert texts(read_segments(write(tmp_path / "dtd.xlf", content))) == [("Plain text", "대상", None)]


def test_translate_toolkit_alone_does_not_resolve_entities_either() -> None:
    """Defence in depth: even without our pre-scan, translate-toolkit's own parser keeps entities
    unresolved, so an XXE reaching it leaks nothing."""
    from translate.storage import tmx

    passwd = Path("/etc/passwd")
    hostile = (
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>A &xxe; B</seg></tuv>'
        '<tuv xml:lang="ko"><seg>가</seg></tuv></tu></body></tmx>'
    )
    store = tmx.tmxfile.parsestring(hostile.encode())
    leaked = "".join(str(unit.source) + str(unit.target) for unit in store.units)
    if passwd.is_file():
        assert "root:" not in leaked and passwd.read_text(errors="replace")[:20] not in leaked


def test_passwd_content_never_appears(tmp_path: Path) -> None:
    content = _xliff_with('<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;")
    with pytest.raises(InputError) as error:
        read_segments(write(tmp_path / "xxe.xlf", content))
    assert "root:" not in str(error.value)


@pytest.mark.parametrize("suffix", [".xlf", ".xliff", ".tmx"])
def test_malformed_xml_names_file_and_line(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"broken{suffix}", '<?xml version="1.0"?>\n<xliff>\n  <file>\n</xliff>\n')
    with pytest.raises(InputError) as error:
        read_segments(path)
    message = str(error.value)
    assert f"broken{suffix} is not well-formed XML (line 4:" in message and "\n" not in message


# --- properties: every reader round-trips or fails with InputError only -------------------------

TEXT = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(list("가나다라한국어번역 \t\n\r\"',;<>&#\\")),
    ),
    max_size=24,
)
RECORDS = st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=5)
PROPERTY = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _delimited(records: list[tuple[str, str, str]], delimiter: str) -> str:
    buffer = io.StringIO()
    # "\r\n" as Excel writes it: with "\n" the csv module would leave a lone "\r" unquoted
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["id", "source", "target", "reference"])
    writer.writerows([f"u{i}", *record] for i, record in enumerate(records))
    return buffer.getvalue()


def _jsonl(records: list[tuple[str, str, str]]) -> str:
    return "".join(
        json.dumps({"id": f"u{i}", "src": s, "mt": t, "ref": r}, ensure_ascii=False) + "\n"
        for i, (s, t, r) in enumerate(records)
    )


def _xliff12(records: list[tuple[str, str, str]]) -> str:
    units = "".join(
        f'<trans-unit id="u{i}" xml:space="preserve"><source>{escape(s)}</source><target>{escape(t)}</target>'
        "</trans-unit>\n"
        for i, (s, t, _) in enumerate(records)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="f" source-language="en" target-language="ko" datatype="plaintext"><body>\n{units}'
        "</body></file></xliff>\n"
    )


def _xliff20(records: list[tuple[str, str, str]]) -> str:
    units = "".join(
        f'<unit id="u{i}"><segment><source xml:space="preserve">{escape(s)}</source>'
        f'<target xml:space="preserve">{escape(t)}</target></segment></unit>\n'
        for i, (s, t, _) in enumerate(records)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        f'srcLang="en" trgLang="ko"><file id="f1">\n{units}</file></xliff>\n'
    )


def _tmx(records: list[tuple[str, str, str]]) -> str:
    units = "".join(
        f'<tu tuid="u{i}"><tuv xml:lang="ko"><seg>{escape(t)}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{escape(s)}</seg></tuv>'
        f'<tuv xml:lang="ja"><seg>{escape(r)}</seg></tuv></tu>\n'
        for i, (s, t, r) in enumerate(records)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header/><body>\n{units}</body></tmx>\n'
    )


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + escaped.replace("\r", "\\r") + '"'


def _po(records: list[tuple[str, str, str]]) -> str:
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return header + "".join(
        f"msgctxt {_po_string(f'u{i}')}\nmsgid {_po_string(s)}\nmsgstr {_po_string(t)}\n\n"
        for i, (s, t, _) in enumerate(records)
    )


def _check_round_trip(
    path: Path,
    content: str,
    records: list[tuple[str, str, str]],
    *,
    with_reference: bool,
    ids: Callable[[int], str] = lambda i: f"u{i}",
) -> None:
    path.write_bytes(content.encode("utf-8"))
    try:
        read = read_segments(path)
    except InputError as error:
        assert "\n" not in str(error)
        return
    expected = [
        (
            normalise_text(s),
            normalise_text(t),
            (normalise_text(r) or None) if with_reference else None,
        )
        for s, t, r in records
    ]
    assert texts(read) == expected
    assert [record.unit_id for record in read] == [ids(i) for i in range(len(records))]


@PROPERTY
@given(records=RECORDS, suffix=st.sampled_from([".tsv", ".csv"]))
def test_delimited_round_trip(tmp_path: Path, records: list[tuple[str, str, str]], suffix: str) -> None:
    content = _delimited(records, "\t" if suffix == ".tsv" else ",")
    _check_round_trip(tmp_path / f"prop{suffix}", content, records, with_reference=True)


@PROPERTY
@given(records=RECORDS)
def test_jsonl_round_trip(tmp_path: Path, records: list[tuple[str, str, str]]) -> None:
    _check_round_trip(tmp_path / "prop.jsonl", _jsonl(records), records, with_reference=True)


@PROPERTY
@given(records=RECORDS)
def test_xliff12_round_trip(tmp_path: Path, records: list[tuple[str, str, str]]) -> None:
    _check_round_trip(tmp_path / "prop.xlf", _xliff12(records), records, with_reference=False)


@PROPERTY
@given(records=RECORDS)
def test_xliff20_round_trip(tmp_path: Path, records: list[tuple[str, str, str]]) -> None:
    _check_round_trip(tmp_path / "prop.xliff", _xliff20(records), records, with_reference=False)


@PROPERTY
@given(records=RECORDS)
def test_tmx_round_trip(tmp_path: Path, records: list[tuple[str, str, str]]) -> None:
    _check_round_trip(tmp_path / "prop.tmx", _tmx(records), records, with_reference=False)


@PROPERTY
@given(records=st.lists(st.tuples(TEXT.filter(bool), TEXT, TEXT), min_size=1, max_size=5))
def test_po_round_trip(tmp_path: Path, records: list[tuple[str, str, str]]) -> None:
    _check_round_trip(
        tmp_path / "prop.po",
        _po(records),
        records,
        with_reference=False,
        ids=lambda i: f"u{i}::{records[i][0]}",
    )


@PROPERTY
@given(data=st.binary(max_size=200), suffix=st.sampled_from(SEGMENT_SUFFIXES))
def test_arbitrary_bytes_fail_only_with_input_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(data)
    try:
        read_segments(path)
    except InputError as error:
        assert "\n" not in str(error)


# --- end to end --------------------------------------------------------------------------------


def test_segment_file_records_run_through_the_pipeline(tmp_path: Path) -> None:
    from tqcheck.pipeline import check_segments

    path = write(tmp_path / "units.xlf", XLIFF_12)
    result = check_segments(read_segments(path), path=str(path))
    assert [segment.unit_id for segment in result.source.segments] == ["t1", "t2", "t4"]
    assert [segment.line for segment in result.target.segments] == [5, 15]
    assert any(not alignment.target_ids for alignment in result.alignments)  # t2 untranslated: an omission
