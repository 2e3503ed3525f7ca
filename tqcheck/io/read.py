"""Read user-supplied text files and turn them into clean, comparable Unicode.

Every later stage (segmenter, aligner, regex checks) assumes one normal form: LF newlines,
no BOM, NFC Hangul. Getting there from whatever a user's editor, Windows machine or Mac
produced is this module's job, and so is refusing, with a message the user can act on,
anything that is not a text file in the language we expect.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from charset_normalizer import from_bytes

from tqcheck.errors import InputError
from tqcheck.text.scripts import HANGUL_SYLLABLE, hangul_letter_count, is_hangul_letter, letter_counts

__all__ = [
    "DecodedText",
    "check_language",
    "normalise_text",
    "read_text",
]


@dataclass(frozen=True)
class DecodedText:
    """A file's text after decoding and normalisation, plus what it took to get there.

    ``encoding`` is reported to users (and in JSON reports), so it is a stable, normalised
    codec name such as ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16-le"`` or ``"cp949"``.
    """

    text: str
    encoding: str
    path: str | None = None  # None for text handed over as a string (the API)


# --- thresholds -------------------------------------------------------------------------
# BOM-less UTF-16 is recognised by decoding both byte orders and asking which one reads as
# text (ASCII, Hangul, hanja, Latin, common punctuation). The right order scores ~100 % on
# Korean and English; the wrong one turns Hangul into scattered code points, and binary
# data that happens to decode scores about 50 %.
_UTF16_MIN_PLAUSIBLE = 0.80
_PLAUSIBILITY_SAMPLE = 100_000  # characters; enough to tell the byte order apart
# NUL bytes in an otherwise valid UTF-8 file (padding, a bad export) get their own message.
_MAX_STRAY_NUL_SHARE = 0.01
# Control characters other than tab/newline/form feed: text has essentially none, binary
# data decoded as a single-byte codec has ~12 %.
_MAX_CONTROL_SHARE = 0.01
# Treat bytes as CP949 only if the decoded result reads like Korean: Hangul dominates the
# non-ASCII characters and nearly all syllables come from the 2,350 KS X 1001 ones that
# real text uses (measured: 100 % on koen-news-dev, 99.99 % on koen-jhe-dev). A cp1252
# file whose smart quotes happen to pair with letters decodes to *extended* UHC syllables
# only, so the second test rejects it.
_CP949_MIN_HANGUL_OF_NON_ASCII = 0.5
_CP949_MIN_KSX1001_SHARE = 0.5
# A file that is UTF-8 apart from a few bad bytes (truncated by `head -c`, one corrupted
# copy) should be reported as damaged UTF-8, not silently decoded as some legacy codepage.
_NEAR_UTF8_MIN_VALID = 20
_NEAR_UTF8_MAX_BAD_SHARE = 0.02
# Language check, as shares of *letters* (Unicode category L*). Measured on koen-news-dev
# and koen-jhe-dev: dev.ko is 95-97 % Hangul whole-file and >= 84 % in every 20-line chunk;
# dev.en is 0 % everywhere. Replacing a random 30 % of dev.ko lines by their English
# originals gives >= 44 % whole-file and >= 25 % in the worst 20-line chunk, 50 % gives
# 26-35 %; only past ~60 % English lines does the share drop under 20 %. So 20 % refuses
# English files (about 0 %) while passing an MT that left even a third of its sentences
# untranslated - that is for the checks to flag, not for the reader to refuse.
_KO_MIN_HANGUL = 0.20
_EN_MAX_HANGUL = 0.20
_EN_MIN_LATIN = 0.50
# Below this many letters (about one short sentence) a share says little: the Korean
# headline "Samsung Galaxy S24 출시" is 16 % Hangul. Short files are then refused only
# when they have no Hangul at all (as ko) or are mostly Hangul (as en).
_MIN_LETTERS_FOR_SHARE = 30
_SHORT_EN_MAX_HANGUL = 0.50

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Formats users actually pass by mistake, named so the message can say what to do.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .hwpx and .odt files are ZIP archives)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (.doc, .xls or .hwp)"),
    (b"\x7fELF", "an ELF executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_BAD_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_ASCII = re.compile("[\x00-\x7f]+")
_HANGUL_FILLER = "\u3164"
_LATIN_CODEPAGES = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "iso8859-1",
        "iso8859-2",
        "iso8859-9",
        "iso8859-15",
        "mac-roman",
        "mac-latin2",
        "latin-1",
    }
)


def read_text(path: str | Path) -> DecodedText:
    """Read a user's text file, whatever its encoding, into normalised Unicode.

    Raises :class:`InputError` for anything a user could have passed by mistake (missing
    path, directory, empty or binary file, undecodable bytes), because a traceback or, worse,
    a silently garbled decode would cost them far more time than a one-line explanation.
    """
    shown = str(path)
    data = _read_bytes(Path(path), shown)
    if not data:
        raise InputError(f"{shown} is empty: pass the file that contains the text to check")
    _reject_known_binary(data, shown)
    text, encoding = _decode(data, shown)
    text = normalise_text(text)
    if _is_blank(text):
        raise InputError(f"{shown} contains only whitespace: pass the file that contains the text to check")
    return DecodedText(text=text, encoding=encoding, path=shown)


def _is_blank(text: str) -> bool:
    # str.isspace() misses the invisible characters that editors and web copies leave behind.
    return all(ch.isspace() or ch in "\u200b\u200c\u200d\u2060\ufeff" for ch in text)


def _read_bytes(path: Path, shown: str) -> bytes:
    # Checked up front rather than left to open(): a FIFO or device (/dev/zero) would block
    # or never end, and the OS messages for the common cases are not actionable on their own.
    try:
        if not path.exists():
            raise InputError(f"{shown} does not exist: check the path and the current directory")
        if path.is_dir():
            raise InputError(f"{shown} is a directory: pass a text file inside it instead")
        if not path.is_file():
            raise InputError(f"{shown} is not a regular file: pass a plain text file")
        return path.read_bytes()
    except PermissionError as error:
        raise InputError(
            f"{shown} cannot be read (permission denied): check its permissions or copy it somewhere readable"
        ) from error
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(f"{shown} cannot be read ({reason}): check the file and try again") from error


def _reject_known_binary(data: bytes, shown: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(
                f"{shown} is {what}, not plain text: save or export it as a UTF-8 text file first"
            )


def _binary_error(shown: str) -> InputError:
    return InputError(f"{shown} looks like a binary file, not text: pass a plain text file (UTF-8 is best)")


def _decode(data: bytes, shown: str) -> tuple[str, str]:
    """Pick the encoding, most certain evidence first: BOM, NUL pattern, UTF-8, Korean, guess."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{shown} starts with a {name} byte-order mark but is not valid {codec} "
                    f"(bad bytes at offset {error.start + len(bom)}): re-save it as UTF-8"
                ) from error
            return _checked_controls(text, shown), name

    if b"\x00" in data:
        # Real text in a byte-oriented encoding never contains NUL; either this is UTF-16
        # without a BOM, or it is binary.
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            text, codec = utf16
            return _checked_controls(text, shown), codec
        _reject_stray_nuls(data, shown)
        raise _binary_error(shown)

    try:
        return _checked_controls(data.decode("utf-8"), shown), "utf-8"
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start

    korean = _as_korean_cp949(data)
    if korean is not None:
        if _HANGUL_FILLER in korean:
            # EUC-KR spells syllables outside KS X 1001 as eight bytes starting with the
            # Hangul filler; CP949 has no such rule and leaves the pieces uncomposed.
            try:
                return _checked_controls(data.decode("euc_kr"), shown), "euc-kr"
            except UnicodeDecodeError:
                pass
        return _checked_controls(korean, shown), "cp949"

    if _is_damaged_utf8(data):
        line = data[:first_bad].count(b"\n") + 1
        raise InputError(
            f"{shown} is UTF-8 but has invalid bytes (first at byte {first_bad}, line {line}): "
            "the file is probably truncated or corrupted; repair it or re-save it as UTF-8"
        )

    guessed = _guess(data)
    if guessed is None:
        raise InputError(
            f"{shown} is in an encoding that could not be recognised: re-save it as UTF-8 and try again"
        )
    text, encoding = guessed
    return _checked_controls(text, shown), encoding


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 in whichever byte order reads as text; ``None`` if neither does.

    Counting NULs per byte position is not enough on its own: Korean has many syllables
    U+xx00 (가 is U+AC00) that put NULs on the "wrong" side, and short lines have few spaces.
    """
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _text_plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is None or best[0] < _UTF16_MIN_PLAUSIBLE:
        return None
    return best[1], best[2]


def _text_plausibility(text: str) -> float:
    """Weighted share of characters a Korean or English text is made of.

    ASCII and Hangul weigh more than the other plausible characters so that two-letter
    files still get the right byte order: "UN" in UTF-16-BE read as LE is two hanja.
    """
    sample = text[:_PLAUSIBILITY_SAMPLE]
    if not sample:
        return 0.0
    return sum(_plain_text_weight(ch) for ch in sample) / len(sample)


def _plain_text_weight(ch: str) -> float:
    code = ord(ch)
    if code < 0x80:
        return 1.0 if code >= 0x20 or ch in _ALLOWED_CONTROLS else 0.0
    if is_hangul_letter(ch):
        return 1.0
    if (
        0xA0 <= code <= 0x2FF  # Latin-1 supplement, Latin extended A/B, modifier letters
        or 0x2010 <= code <= 0x205E  # dashes, quotes, ellipsis, ※ (not the U+2000 spaces)
        or 0x2100 <= code <= 0x27BF  # letterlike, arrows, maths, shapes (○ ● ■ ★)
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0x4E00 <= code <= 0x9FFF  # hanja
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
    ):
        return 0.9
    return 0.0


def _reject_stray_nuls(data: bytes, shown: str) -> None:
    nuls = data.count(0)
    if nuls > _MAX_STRAY_NUL_SHARE * len(data):
        return
    try:
        data.replace(b"\x00", b"").decode("utf-8")
    except UnicodeDecodeError:
        return
    first = data.index(0)
    line = data[:first].count(b"\n") + 1
    raise InputError(
        f"{shown} is text but contains {nuls} NUL byte(s) (first at byte {first}, line {line}): "
        "remove them (e.g. tr -d '\\000') and try again"
    )


def _checked_controls(text: str, shown: str) -> str:
    # A DOS end-of-file marker is the one control character real text files still carry.
    if text.endswith("\x1a"):
        text = text[:-1]
    first = _BAD_CONTROL.search(text)
    if first is None:
        return text
    bad = len(_BAD_CONTROL.findall(text))
    if bad <= _MAX_CONTROL_SHARE * len(text):
        return text
    line = text.count("\n", 0, first.start()) + 1
    raise InputError(
        f"{shown} looks like a binary file, not text ({bad} of {len(text)} characters are "
        f"control characters, the first U+{ord(first.group()):04X} on line {line}): "
        "pass a plain text file (UTF-8 is best)"
    )


@functools.cache
def _in_ksx1001(syllable: str) -> bool:
    # EUC-KR (KS X 1001) holds the 2,350 syllables of everyday text; CP949 adds the other
    # 8,822 in a byte range that arbitrary non-Korean bytes fall into much more easily.
    try:
        return len(syllable.encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


def _as_korean_cp949(data: bytes) -> str | None:
    """Decode as CP949 when that yields plausible Korean, else ``None``.

    Why not trust charset-normalizer here: on short Korean text it guesses UTF-16, Big5,
    Shift-JIS or cp874 about one time in eight, and on some full sentences starting with
    Latin letters ("ASCI White로 ...") it finds nothing at all.
    """
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    syllables = Counter(HANGUL_SYLLABLE.findall(text))
    total = sum(syllables.values())
    if not total:
        return None
    non_ascii = len(_ASCII.sub("", text))
    hangul = hangul_letter_count(text)
    if hangul < _CP949_MIN_HANGUL_OF_NON_ASCII * non_ascii:
        return None
    common = sum(count for syllable, count in syllables.items() if _in_ksx1001(syllable))
    if common < _CP949_MIN_KSX1001_SHARE * total:
        return None
    return text


def _is_damaged_utf8(data: bytes) -> bool:
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    valid = len(_ASCII.sub("", decoded)) - bad
    return valid >= _NEAR_UTF8_MIN_VALID and bad <= _NEAR_UTF8_MAX_BAD_SHARE * (valid + bad)


def _guess(data: bytes) -> tuple[str, str] | None:
    # The data has no NUL bytes, so any UTF-16/32 guess is a misreading (charset-normalizer
    # makes it for short CJK text); take the best remaining candidate instead.
    for match in from_bytes(data):
        name = _normalised_codec_name(match.encoding)
        if name.startswith(("utf-16", "utf-32")):
            continue
        if name in _LATIN_CODEPAGES:
            # Between look-alike Latin codepages the guess is close to a coin toss (French
            # "à" comes out as cp1250 "ŕ"); the only Latin-script language here is English,
            # whose Windows default is cp1252.
            try:
                return data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                pass
        return str(match), name
    return None


def _normalised_codec_name(codec: str) -> str:
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        name = codec
    return name.lower().replace("_", "-")


def normalise_text(text: str) -> str:
    """Bring text to the one form every later stage assumes: no BOM, LF, NFC.

    Every leading BOM goes: a file saved by one tool after another can carry several."""
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # macOS file names and some Mac apps hand over Korean as decomposed jamo (NFD); regexes
    # written for syllables would silently match nothing.
    return unicodedata.normalize("NFC", text)


# --- language -----------------------------------------------------------------------------


_LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}


def check_language(decoded: DecodedText, expected: Literal["en", "ko"], role: str) -> None:
    """Refuse a file that is clearly not in the expected language.

    This catches swapped arguments and wrong files before minutes of embedding work; it is
    deliberately lenient, since a Korean MT that left a few sentences in English is exactly
    what the tool exists to flag, not a reason to refuse the file.
    """
    letters, hangul, latin = letter_counts(decoded.text)
    if letters == 0:
        return
    share = hangul / letters
    what = f"{role} file {Path(decoded.path).name or decoded.path}" if decoded.path else f"the {role} text"
    fix = _fix_hint(role, expected)
    short = letters < _MIN_LETTERS_FOR_SHARE
    if expected == "ko":
        if hangul > 0 if short else share >= _KO_MIN_HANGUL:
            return
        percent = f"only {share:.0%} of its letters are Hangul"
        if latin >= _EN_MIN_LATIN * letters:
            raise InputError(f"{what} looks English, not Korean ({percent}): {fix}")
        raise InputError(f"{what} does not look Korean ({percent}): {fix}")
    if expected == "en":
        if share > (_SHORT_EN_MAX_HANGUL if short else _EN_MAX_HANGUL):
            percent = f"{share:.0%} of its letters are Hangul"
            raise InputError(f"{what} looks Korean, not English ({percent}): {fix}")
        if not short and latin < _EN_MIN_LATIN * letters:
            raise InputError(
                f"{what} does not look English (only {latin / letters:.0%} of its letters are Latin): {fix}"
            )
        return
    raise ValueError(f"unsupported language {expected!r}")


def _fix_hint(role: str, expected: str) -> str:
    if role in ("source", "target"):
        return "pass the English source first and the Korean translation second"
    language = _LANGUAGE_NAMES.get(expected, expected)
    return f"the {role} file must be in {language}; check that you passed the right file"
