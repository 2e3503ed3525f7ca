"""Tests for tqcheck.io: decoding whatever users hand us, and writing outputs safely."""

from __future__ import annotations

import codecs
import os
import random
import stat
import unicodedata
from pathlib import Path

import pytest

from tqcheck.errors import InputError
from tqcheck.io import DecodedText, check_language, hangul_share, read_text, write_atomic
from tqcheck.io.glossary import load_glossary

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"

KOREAN = (
    "서울시는 내년부터 모든 시내버스에 무료 와이파이를 설치하기로 했다.\n"
    "시 관계자는 이번 사업에 약 50억 원의 예산이 들 것이라고 밝혔다.\n"
    "시민들은 대체로 환영하는 분위기지만, 보안 문제를 걱정하는 목소리도 나온다.\n"
)
ENGLISH = (
    "Seoul will install free Wi-Fi on every city bus starting next year.\n"
    "A city official said the project would cost about 5 billion won.\n"
    "Citizens mostly welcome the plan, but some worry about security.\n"
)

SHORT_KOREAN = [
    "안녕하세요.",
    "오늘 날씨가 좋습니다.",
    "한국어 문장 하나.",
    "값은 100원입니다.",
    "그는 “내 가족, 사적인 일”이라고 말했다.",
    "ASCI White로 알려진 이 컴퓨터는 놀랄 만큼 빠르다.",
    "CNN이 지난 주말 실시한 조사 결과다.",
    "하드웨어를 구입하는 비용은 크지 않다.",
    "영화 ‘다크 나이트’의 속편이 나온다.",
]


def write_bytes(tmp_path: Path, data: bytes, name: str = "input.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def decoded(text: str, path: str = "x.txt") -> DecodedText:
    return DecodedText(text=text, encoding="utf-8", path=path)


# --- decoding -----------------------------------------------------------------------------


def test_utf8_without_bom(tmp_path: Path) -> None:
    result = read_text(write_bytes(tmp_path, KOREAN.encode("utf-8")))
    assert result == DecodedText(text=KOREAN, encoding="utf-8", path=str(tmp_path / "input.txt"))


def test_accepts_str_path(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, ENGLISH.encode("ascii"))
    result = read_text(str(path))
    assert result.text == ENGLISH
    assert result.path == str(path)


def test_utf8_with_bom_is_stripped_and_reported(tmp_path: Path) -> None:
    result = read_text(write_bytes(tmp_path, KOREAN.encode("utf-8-sig")))
    assert result.encoding == "utf-8-sig"
    assert result.text == KOREAN
    assert not result.text.startswith("\ufeff")


def test_every_leading_bom_is_stripped(tmp_path: Path) -> None:
    """Found by the fuzz session: a file saved by one tool after another carried three BOMs."""
    result = read_text(write_bytes(tmp_path, codecs.BOM_UTF8 * 3 + KOREAN.encode("utf-8")))
    assert result.text == KOREAN


@pytest.mark.parametrize(
    ("codec", "expected"),
    [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("utf-16", "utf-16-le")],
)
def test_utf16_with_bom(tmp_path: Path, codec: str, expected: str) -> None:
    data = KOREAN.encode(codec)
    if codec != "utf-16":
        bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
        data = bom + data
    result = read_text(write_bytes(tmp_path, data))
    assert result.encoding == expected
    assert result.text == KOREAN


def test_utf32_with_bom_is_not_mistaken_for_utf16(tmp_path: Path) -> None:
    result = read_text(write_bytes(tmp_path, ("\ufeff" + KOREAN).encode("utf-32-le")))
    assert result.encoding == "utf-32-le"
    assert result.text == KOREAN


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [KOREAN, ENGLISH, "UN\n", "국가", "세계 에서 가장 강력한", KOREAN + ENGLISH])
def test_utf16_without_bom(tmp_path: Path, codec: str, text: str) -> None:
    result = read_text(write_bytes(tmp_path, text.encode(codec)))
    assert result.encoding == codec
    assert result.text == text


@pytest.mark.parametrize("sentence", SHORT_KOREAN)
def test_short_cp949_is_read_as_cp949(tmp_path: Path, sentence: str) -> None:
    # charset-normalizer alone reads several of these as UTF-16, Big5, Shift-JIS or nothing.
    result = read_text(write_bytes(tmp_path, sentence.encode("cp949")))
    assert result.encoding == "cp949"
    assert result.text == sentence


def test_long_cp949(tmp_path: Path) -> None:
    text = (KOREAN + "똠방각하와 쀍 같은 확장 글자도 들어 있다.\n") * 40
    result = read_text(write_bytes(tmp_path, text.encode("cp949")))
    assert result.encoding == "cp949"
    assert result.text == text


def test_cp949_mixed_with_english(tmp_path: Path) -> None:
    text = KOREAN + ENGLISH
    result = read_text(write_bytes(tmp_path, text.encode("cp949")))
    assert (result.encoding, result.text) == ("cp949", text)


@pytest.mark.parametrize("text", [KOREAN, SHORT_KOREAN[1]])
def test_euc_kr(tmp_path: Path, text: str) -> None:
    result = read_text(write_bytes(tmp_path, text.encode("euc_kr")))
    # CP949 is a superset of EUC-KR, so the bytes decode the same either way.
    assert result.encoding == "cp949"
    assert result.text == text


def test_euc_kr_eight_byte_syllable(tmp_path: Path) -> None:
    # EUC-KR spells syllables outside KS X 1001 (here 떄) as filler + jamo, eight bytes long.
    text = "돌아왔을 떄 그들은 알았다.\n"
    result = read_text(write_bytes(tmp_path, text.encode("euc_kr")))
    assert result.text == text


def test_cp1252_english_is_not_taken_for_korean(tmp_path: Path) -> None:
    # 0x92 followed by a letter is a valid (rare) CP949 syllable: "don’t" must not become Hangul.
    text = "He said “don’t worry” — it’s fine… Tea at the café?\n" * 3
    result = read_text(write_bytes(tmp_path, text.encode("cp1252")))
    assert result.encoding == "cp1252"
    assert result.text == text


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_newlines_are_normalised(tmp_path: Path, newline: str) -> None:
    data = KOREAN.replace("\n", newline).encode("utf-8")
    assert read_text(write_bytes(tmp_path, data)).text == KOREAN


def test_crlf_in_utf16_and_cp949(tmp_path: Path) -> None:
    crlf = KOREAN.replace("\n", "\r\n")
    assert read_text(write_bytes(tmp_path, crlf.encode("utf-16"), "a.txt")).text == KOREAN
    assert read_text(write_bytes(tmp_path, crlf.encode("cp949"), "b.txt")).text == KOREAN


def test_nfd_hangul_becomes_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", KOREAN)
    assert nfd != KOREAN
    result = read_text(write_bytes(tmp_path, nfd.encode("utf-8")))
    assert result.text == KOREAN
    assert unicodedata.is_normalized("NFC", result.text)


def test_dos_eof_marker_is_tolerated(tmp_path: Path) -> None:
    assert read_text(write_bytes(tmp_path, ENGLISH.encode() + b"\x1a")).text == ENGLISH


def test_round_trip_with_write_atomic(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    write_atomic(path, KOREAN)
    assert read_text(path).text == KOREAN


# --- refusing bad input -------------------------------------------------------------------


def assert_input_error(path: Path, *fragments: str) -> str:
    with pytest.raises(InputError) as info:
        read_text(path)
    message = str(info.value)
    assert "\n" not in message
    assert path.name in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert_input_error(tmp_path / "nope.txt", "does not exist", "check the path")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    assert_input_error(folder, "is a directory")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, where chmod 000 does not stop reading; simulate the OS refusing.
    path = write_bytes(tmp_path, ENGLISH.encode())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert_input_error(path, "permission denied", "check its permissions")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and non-root")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, ENGLISH.encode())
    path.chmod(0)
    try:
        assert_input_error(path, "permission denied")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_empty_file(tmp_path: Path) -> None:
    assert_input_error(write_bytes(tmp_path, b""), "is empty")


@pytest.mark.parametrize(
    "data",
    [b"   \n\t\r\n  ", "\ufeff\n".encode(), "\u3000\u200b\n \n".encode(), b"\xef\xbb\xbf", b"\xff\xfe"],
)
def test_whitespace_only(tmp_path: Path, data: bytes) -> None:
    assert_input_error(write_bytes(tmp_path, data), "only whitespace")


def test_png(tmp_path: Path) -> None:
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    assert_input_error(write_bytes(tmp_path, header, "figure.png"), "PNG image", "not plain text")


@pytest.mark.parametrize(
    ("magic", "what"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x7fELF\x02\x01", "ELF"),
    ],
)
def test_known_binary_formats(tmp_path: Path, magic: bytes, what: str) -> None:
    assert_input_error(write_bytes(tmp_path, magic + bytes(range(256))), what)


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes(tmp_path: Path, seed: int) -> None:
    data = random.Random(seed).randbytes(4096)
    assert_input_error(write_bytes(tmp_path, data), "binary")


def test_random_bytes_without_nul_are_still_binary(tmp_path: Path) -> None:
    data = bytes(b or 1 for b in random.Random(7).randbytes(4096))
    assert_input_error(write_bytes(tmp_path, data))


def test_stray_nul_bytes_in_text(tmp_path: Path) -> None:
    data = (ENGLISH * 20).encode() + b"\x00"
    assert_input_error(write_bytes(tmp_path, data), "NUL", "remove them")


def test_control_characters(tmp_path: Path) -> None:
    data = b"\x1b[31mred\x1b[0m\x07\x08 and more" * 5
    assert_input_error(write_bytes(tmp_path, data), "control characters")


def test_truncated_utf8(tmp_path: Path) -> None:
    data = (KOREAN * 3).encode("utf-8")
    # Cut inside the first syllable of line 2, then keep going: one damaged character.
    cut = len(KOREAN.splitlines(keepends=True)[0].encode("utf-8")) + 1
    damaged = data[:cut] + data[cut + 2 :]
    assert_input_error(write_bytes(tmp_path, damaged), "UTF-8", "line 2")


def test_bad_bytes_after_bom(tmp_path: Path) -> None:
    assert_input_error(write_bytes(tmp_path, b"\xef\xbb\xbfabc\xff\xfe"), "byte-order mark")


# --- language -----------------------------------------------------------------------------


def test_english_file_as_korean_target_is_refused() -> None:
    with pytest.raises(InputError) as info:
        check_language(decoded(ENGLISH * 3, "/tmp/mt.ko.txt"), "ko", "target")
    message = str(info.value)
    assert "target file mt.ko.txt looks English, not Korean" in message
    assert "pass the English source first and the Korean translation second" in message


def test_korean_file_as_english_source_is_refused() -> None:
    with pytest.raises(InputError) as info:
        check_language(decoded(KOREAN * 3, "src.txt"), "en", "source")
    message = str(info.value)
    assert "source file src.txt looks Korean, not English" in message
    assert "pass the English source first" in message


def test_reference_role_gets_its_own_hint() -> None:
    with pytest.raises(InputError, match=r"reference file ref\.txt .* must be in Korean"):
        check_language(decoded(ENGLISH * 3, "ref.txt"), "ko", "reference")


def test_matching_languages_pass() -> None:
    check_language(decoded(KOREAN), "ko", "target")
    check_language(decoded(ENGLISH), "en", "source")


def test_korean_mt_with_untranslated_sentences_passes() -> None:
    korean = KOREAN.splitlines()
    english = ENGLISH.splitlines()
    # Untranslated sentences are for the checks (not the reader) to flag.
    one_in_three = "\n".join([korean[0], english[1], korean[2]] * 5)
    check_language(decoded(one_in_three), "ko", "target")
    one_in_two = "\n".join([korean[0], english[1]] * 5)
    assert hangul_share(one_in_two) < 0.5
    check_language(decoded(one_in_two), "ko", "target")


def test_english_source_with_a_few_korean_names_passes() -> None:
    text = ENGLISH + "The new line is called 한빛 (Hanbit) by the city.\n"
    check_language(decoded(text), "en", "source")


def test_short_texts_are_judged_leniently() -> None:
    check_language(decoded("Samsung Galaxy S24 출시"), "ko", "target")
    check_language(decoded("Seoul (서울)"), "en", "source")
    with pytest.raises(InputError):
        check_language(decoded("Hello world"), "ko", "target")
    with pytest.raises(InputError):
        check_language(decoded("안녕하세요"), "en", "source")


def test_text_without_letters_is_not_judged() -> None:
    check_language(decoded("1. 2. 3.\n42\n"), "ko", "target")
    check_language(decoded("1. 2. 3.\n42\n"), "en", "source")


def test_other_scripts_are_refused() -> None:
    japanese = "東京は日本の首都です。今日はとてもいい天気ですね。明日も晴れるでしょう。" * 2
    with pytest.raises(InputError, match="does not look Korean"):
        check_language(decoded(japanese), "ko", "target")
    with pytest.raises(InputError, match="does not look English"):
        check_language(decoded(japanese), "en", "source")


def test_hangul_share() -> None:
    assert hangul_share("") == 0.0
    assert hangul_share("가나 ab") == 0.5
    assert hangul_share("123 ...") == 0.0


# --- real corpora (optional) --------------------------------------------------------------


def corpus_file(name: str) -> Path:
    path = CORPORA / "koen-news-dev" / name
    if not path.is_file():
        pytest.skip(f"optional corpus {path} is absent (../shared/corpora beside the project)")
    return path


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "language"), [("dev.ko", "ko"), ("dev.en", "en")])
def test_corpus_passes_whole_and_in_chunks(name: str, language: str) -> None:
    result = read_text(corpus_file(name))
    assert result.encoding == "utf-8"
    check_language(result, language, "target" if language == "ko" else "source")  # type: ignore[arg-type]
    lines = result.text.splitlines()
    for start in range(0, len(lines), 20):
        chunk = decoded("\n".join(lines[start : start + 20]), name)
        check_language(chunk, language, "target" if language == "ko" else "source")  # type: ignore[arg-type]


@pytest.mark.corpus
def test_corpus_swapped_is_refused() -> None:
    korean = read_text(corpus_file("dev.ko"))
    english = read_text(corpus_file("dev.en"))
    with pytest.raises(InputError):
        check_language(korean, "en", "source")
    with pytest.raises(InputError):
        check_language(english, "ko", "target")


@pytest.mark.corpus
def test_corpus_in_legacy_encodings(tmp_path: Path) -> None:
    text = read_text(corpus_file("dev.ko")).text
    lines = [line for line in text.splitlines() if hangul_share(line) and _encodable(line, "cp949")][:200]
    for index, line in enumerate(lines):
        result = read_text(write_bytes(tmp_path, line.encode("cp949"), f"{index}.txt"))
        assert (result.encoding, result.text) == ("cp949", line)
    for codec in ("utf-16-le", "utf-16-be"):
        result = read_text(write_bytes(tmp_path, text.encode(codec), f"whole.{codec}"))
        assert (result.encoding, result.text) == (codec, text)


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# --- writing ------------------------------------------------------------------------------


def leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def test_write_str_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    write_atomic(path, KOREAN)
    assert path.read_bytes() == KOREAN.encode("utf-8")
    write_atomic(str(path), b"\x00\x01raw")
    assert path.read_bytes() == b"\x00\x01raw"
    assert leftovers(tmp_path, "report.txt") == []


def test_write_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    write_atomic(path, KOREAN, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_write_unencodable_text(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be encoded as ascii"):
        write_atomic(tmp_path / "out.txt", KOREAN, encoding="ascii")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_write_keeps_permissions_of_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_file_is_not_private(tmp_path: Path) -> None:
    # mkstemp creates 0600 files; the output must get the usual umask-based mode instead.
    path = tmp_path / "report.txt"
    write_atomic(path, "new")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_failed_replace_keeps_old_content_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.json"
    path.write_text('{"old": true}')

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(InputError, match="No space left on device"):
        write_atomic(path, '{"new": true}')
    assert path.read_text() == '{"old": true}'
    assert leftovers(tmp_path, "report.json") == []


def test_interrupted_write_cleans_up_and_propagates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.json"
    path.write_text("old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert leftovers(tmp_path, "report.json") == []


def test_write_missing_parent(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "out.txt"
    with pytest.raises(InputError, match="does not exist; create it first"):
        write_atomic(target, "x")
    assert not (tmp_path / "no").exists()


def test_write_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is not a directory"):
        write_atomic(tmp_path / "file" / "out.txt", "x")


def test_write_onto_directory(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        write_atomic(tmp_path / "out", "x")


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_write_through_symlink_updates_target(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


# --- glossary -----------------------------------------------------------------------------


def test_load_glossary_reads_utf8_bom_cp949_comments_and_extra_columns(tmp_path: Path) -> None:
    text = "source,target,note\n# company names\n\nMeta,메타,brand\n  OpenAI , 오픈AI ,\n"
    plain = tmp_path / "plain.csv"
    plain.write_text(text, encoding="utf-8")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(text.replace("OpenAI", "Samsung").replace("오픈AI", "삼성전자").encode("cp949"))
    expected = (("Meta", "메타"), ("OpenAI", "오픈AI"))
    assert load_glossary(plain) == expected
    assert load_glossary(bom) == expected
    assert load_glossary(legacy) == (("Meta", "메타"), ("Samsung", "삼성전자"))
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('target,source\n"메타, 플랫폼스","Meta Platforms"\n', encoding="utf-8")
    assert load_glossary(quoted) == (("Meta Platforms", "메타, 플랫폼스"),)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Meta,메타\nOpenAI,오픈AI\n", "the first line must be the header 'source,target'"),
        ("source,korean\nMeta,메타\n", "the first line must be the header 'source,target'"),
        ("source,target\nMeta\n", "line 2: expected two columns"),
        ("source,target\nMeta,\n", "line 2: the target term is empty"),
        ("source,target\n,메타\n", "line 2: the source term is empty"),
        ("source,target\n# nothing yet\n", "has a header but no terms"),
        ("source,target\nMeta,메타\nmeta,매타\n", "line 3: 'meta' is already translated as '메타'"),
    ],
)
def test_load_glossary_refuses_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        load_glossary(path)
    assert "\n" not in str(error.value)
    assert str(path) in str(error.value)


def test_load_glossary_refuses_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(InputError, match="does not exist") as error:
        load_glossary(missing)
    assert str(error.value).startswith("glossary: ")
    assert str(missing) in str(error.value)


def test_write_text_in_chunks(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_atomic(target, (chunk for chunk in ["{", '"한국어": 1', "}\n"]))
    assert target.read_text(encoding="utf-8") == '{"한국어": 1}\n'


def test_a_chunked_write_that_fails_midway_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report\n", encoding="utf-8")

    def chunks():
        yield "new "
        raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError):
        write_atomic(target, chunks())
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind
