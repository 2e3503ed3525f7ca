"""Strict glossary decoding (issue 13): a glossary is decoded cleanly or refused at its first bad byte.

A guessed codepage turned one damaged glossary into mojibake terms and seven false ``glossary`` errors;
these tests pin the contract that replaced the guess, and a property test feeds ``load_glossary``
arbitrary bytes to show it only ever returns entries or raises a one-line ``InputError``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tqcheck.errors import InputError
from tqcheck.io.glossary import decode_glossary, load_glossary

HEADER = "source,target\n"


def _write(tmp_path: Path, data: bytes, name: str = "glossary.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_and_without_bom_and_cp949_decode(tmp_path: Path) -> None:
    text = HEADER + "Samsung,삼성전자\nMeta,메타\n"
    expected = (("Samsung", "삼성전자"), ("Meta", "메타"))
    assert load_glossary(_write(tmp_path, text.encode("utf-8"))) == expected
    assert load_glossary(_write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))) == expected
    assert load_glossary(_write(tmp_path, text.encode("cp949"))) == expected


def test_a_damaged_utf8_glossary_is_refused_at_its_first_bad_byte(tmp_path: Path) -> None:
    good = (HEADER + "Meta,메타\n").encode("utf-8")
    # a truncated copy: the last syllable loses its final byte, then more lines follow
    damaged = good[:-2] + b"\n" + "OpenAI,오픈AI\nApple,애플\n".encode()
    path = _write(tmp_path, damaged)
    with pytest.raises(InputError) as error:
        load_glossary(path)
    message = str(error.value)
    offset = len(good) - 4  # where the cut syllable 타 (3 bytes, then "\n") starts
    assert f"byte offset {offset}" in message and "line 2" in message
    assert str(path) in message and "\n" not in message


@pytest.mark.parametrize(
    ("data", "offset"),
    [
        (b"source,target\nCaf\xe9,\xec\xb9\xb4\xed\x8e\x98\n", 17),  # cp1252 é beside UTF-8 Korean
        (b"\xff\xfes\x00o\x00", 0),  # UTF-16 with a BOM: not one of the accepted encodings
        (b"\xef\xbb\xbfsource,target\nA,\xb0\xa1\n", 19),  # a UTF-8 BOM, then CP949 bytes
        (b"source,target\nA,\xc3(\n", 16),  # an invalid UTF-8 pair that is no Korean either
    ],
)
def test_undecodable_bytes_name_the_offset(tmp_path: Path, data: bytes, offset: int) -> None:
    with pytest.raises(InputError, match=f"byte offset {offset}") as error:
        load_glossary(_write(tmp_path, data))
    assert "\n" not in str(error.value)


def test_a_nul_byte_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="NUL byte at byte offset 15"):
        load_glossary(_write(tmp_path, b"source,target\nA\x00,B\n"))


def test_cp949_that_does_not_read_as_korean_is_not_taken(tmp_path: Path) -> None:
    # cp1252 text ("Café Über") whose bytes happen to pair into valid CP949: decoding "cleanly" into
    # rare syllables is exactly the garbage strict decoding refuses
    data = "source,target\nCafé Über,카페\n".encode("cp1252", errors="replace")
    with pytest.raises(InputError, match="neither UTF-8 nor CP949"):
        decode_glossary(data + "한국어".encode(), "g.csv")


GLOSSARY_BYTES = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=80).map(lambda text: (HEADER + text).encode("utf-8")),
    st.text(alphabet="가나다삼성전자메타,\"'#\n\r AaBb", max_size=60).map(
        lambda text: (HEADER + text).encode("cp949", errors="ignore")
    ),
    st.tuples(st.text(max_size=40), st.binary(max_size=6), st.text(max_size=40)).map(
        lambda parts: (HEADER + parts[0]).encode() + parts[1] + parts[2].encode()
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=GLOSSARY_BYTES)
@example(data=b'source,target\n"unterminated,quote\n')
@example(data=b"source,target\na,b\xe2\x80\xa8c,d\n")
def test_any_bytes_give_entries_or_one_line_input_error(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, data)
    try:
        entries = load_glossary(path)
    except InputError as error:
        assert "\n" not in str(error) and str(error)
        return
    assert entries and all(source and target for source, target in entries)
