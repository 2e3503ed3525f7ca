"""Scripts: which characters are Hangul, Latin or CJK, how a syllable is built, how Korean a text is.

Two Hangul classes exist on purpose and must not be confused:

- :data:`HANGUL_SYLLABLE` is the 11,172 precomposed syllables (가-힣), what Korean prose is
  written in after NFC normalisation; the checks and the segmenter look for these;
- :data:`HANGUL_LETTER_CLASS` adds every jamo block (conjoining, compatibility ``ㅋㅋ``,
  extended), so counting Hangul in a file whose decoding or normalisation is still in doubt
  misses nothing.

Latin classes are ASCII only, except :func:`letter_counts`, which must count ``é`` as Latin to
tell a French-accented English file from a Korean one.
"""

from __future__ import annotations

import re

from tqcheck.text.placeholders import placeholders

# --- Hangul ---------------------------------------------------------------------------------

HANGUL_SYLLABLE = re.compile(r"[가-힣]")
HANGUL_SYLLABLES = re.compile(r"[가-힣]+")

# (first, last) code points of each Hangul block: syllables, conjoining jamo (NFD), compatibility
# jamo (ㅋㅋ), jamo extended-A and -B.
_HANGUL_BLOCKS = ((0xAC00, 0xD7A3), (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xD7B0, 0xD7FF))
HANGUL_LETTER_CLASS = "".join(f"{chr(first)}-{chr(last)}" for first, last in _HANGUL_BLOCKS)
# Kana and the CJK unified ideographs (hanja): East Asian script that is not Hangul.
_KANA_AND_HANZI_CLASS = "\u3040-\u30ff\u4e00-\u9fff"
EAST_ASIAN_LETTER = re.compile(f"[{HANGUL_LETTER_CLASS}{_KANA_AND_HANZI_CLASS}]")

_SYLLABLE_BASE = 0xAC00
_SYLLABLE_COUNT = 11172
_MEDIALS_TIMES_FINALS = 588  # 21 vowels x 28 finals: one initial consonant's block
_FINALS = 28


def has_hangul(text: str) -> bool:
    """Whether ``text`` has a precomposed Hangul syllable."""
    return HANGUL_SYLLABLE.search(text) is not None


def is_hangul_letter(ch: str) -> bool:
    """Whether one character is Hangul in any form (syllable or jamo); see :data:`HANGUL_LETTER_CLASS`."""
    code = ord(ch)
    return any(first <= code <= last for first, last in _HANGUL_BLOCKS)


def syllable_parts(ch: str) -> tuple[int, int, int] | None:
    """(initial, vowel, final) indexes of a precomposed syllable (final 0: none), or None.

    The indexes are Unicode's: initial 0-18 (ㄱ ㄲ ㄴ …), vowel 0-20, final 0-27 (none, ㄱ ㄲ ㄳ …).
    """
    code = ord(ch) - _SYLLABLE_BASE if len(ch) == 1 else -1
    if not 0 <= code < _SYLLABLE_COUNT:
        return None
    return code // _MEDIALS_TIMES_FINALS, code % _MEDIALS_TIMES_FINALS // _FINALS, code % _FINALS


def has_final_consonant(ch: str) -> bool:
    """A syllable with a final consonant (batchim): 각, 반짝; not 가, 이제, nor a non-syllable."""
    parts = syllable_parts(ch)
    return parts is not None and parts[2] != 0


# --- Latin ----------------------------------------------------------------------------------

LATIN_LETTER = re.compile(r"[A-Za-z]")
LATIN_ALNUM = re.compile(r"[A-Za-z0-9]")
# An English word as a word list sees it: letters, with inner apostrophes and hyphens (don't, e-mail).
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# Whitespace tokens kept in Latin script in Korean text that are not words of any language: they never
# count as English left untranslated.
CODE_LIKE = re.compile(
    r"""(?xi)
    ^(?:https?://|ftp://|www\.)\S*     # URL
    | ^\S+@\S+\.\w+$                   # e-mail address
    | ^[#@]\w                          # hashtag or handle
    | ^`.*`$                           # inline code
    | [_=<>{}\\|/]                     # identifiers, markup, paths, key=value
    | \w\(\)                           # call()
    | ^\S+\.(?:com|org|net|io|kr|py|js|html?)$  # domain or file name
    """
)


def is_code(token: str) -> bool:
    """Whether a whitespace token is a URL, address, handle, code, file name or format placeholder
    (``%(name)s``), whatever sentence punctuation follows it (``help@example.org.``)."""
    return CODE_LIKE.search(token.rstrip(".,;:!?)]}\"'”’")) is not None or bool(placeholders(token))


def without_code(text: str) -> str:
    """The text with its URLs, e-mail addresses, handles, code and file names blanked out."""
    return " ".join(token for token in text.split() if not is_code(token))


def whole_latin_word(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` (a regex) matched only where no Latin letter or digit touches it: ``Meta`` but
    not inside ``Metadata``; Hangul may follow (``Meta는``)."""
    return re.compile(rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])", flags)


# --- mixed ----------------------------------------------------------------------------------

# A word-like run of Hangul syllables, Latin letters and digits (발표13살, 오픈AI): punctuation ends it.
HANGUL_LATIN_RUN = re.compile(r"[가-힣A-Za-z0-9]+")
# The same text cut where the script changes (오픈 | AI): Hangul runs and Latin-or-digit runs.
SCRIPT_RUN = re.compile(r"[가-힣]+|[A-Za-z0-9]+")

# --- how Korean a text is -------------------------------------------------------------------

_NON_HANGUL = re.compile(f"[^{HANGUL_LETTER_CLASS}]+")
_NON_LETTERS = re.compile(r"[\W\d_]+")
# ASCII letters plus the Latin letters of Latin-1 and Latin Extended (not × and ÷).
_NON_LATIN = re.compile("[^A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+")


def hangul_letter_count(text: str) -> int:
    """How many characters of ``text`` are Hangul in any form (syllables and jamo)."""
    return len(_NON_HANGUL.sub("", text))


def letter_counts(text: str) -> tuple[int, int, int]:
    """Return (letters, Hangul letters, Latin letters).

    Regex deletions instead of a per-character loop: this runs on whole books.
    ``[^\\W\\d_]`` is what ``str.isalpha`` accepts, give or take rare numerals such as ①.
    """
    letters = len(_NON_LETTERS.sub("", text))
    latin = len(_NON_LATIN.sub("", text))
    return letters, hangul_letter_count(text), latin


def hangul_share(text: str) -> float:
    """Share of letters that are Hangul; 0.0 for text without letters.

    Measured on letters, not characters, so digits, punctuation and spacing (which differ
    a lot between the two languages) do not move it. One Hangul syllable is one letter
    while an English word is about five, so the share understates how much of a mixed
    text is Korean.
    """
    letters, hangul, _ = letter_counts(text)
    return hangul / letters if letters else 0.0
