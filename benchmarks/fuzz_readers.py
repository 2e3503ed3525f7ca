"""Fuzz every reader a user's input reaches (issue 13): arbitrary input must give a result or a
one-line error a user can act on, never a traceback.

The strategies and invariants live here so the suite (``tests/test_fuzz_readers.py``, few examples) and
the long session (this script, many) test the same properties. Run::

    python -m benchmarks.fuzz_readers --seconds 180

which spends about that long on each reader, with a fresh random seed per batch, and prints the number
of inputs tried per reader; the numbers in docs/benchmarks.md (## Fuzzing) come from here.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tqcheck.align.dp import SideFeatures, align_sentences
from tqcheck.config import KNOWN_SETTINGS, Config, apply_settings
from tqcheck.errors import InputError, UsageError
from tqcheck.io.glossary import load_glossary
from tqcheck.io.read import DecodedText, read_text
from tqcheck.segment.document import segment_text

# --- strategies -------------------------------------------------------------------------------------

_TEXTY = "가나다라마바사한국어번역했다습니다。.!?…\"'“”‘’()[]-—,;: \t\n\r\u200b\ufeffABCabc0123456789"
TEXT_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", errors="surrogatepass")),
    st.text(alphabet=_TEXTY, max_size=200).flatmap(
        lambda text: st.sampled_from(
            [
                text.encode("utf-8"),
                b"\xef\xbb\xbf" + text.encode("utf-8"),
                text.encode("utf-16"),
                text.encode("utf-16-le"),
                text.encode("cp949", errors="ignore"),
            ]
        )
    ),
    st.tuples(st.text(alphabet=_TEXTY, max_size=80), st.binary(max_size=8), st.text(max_size=80)).map(
        lambda parts: parts[0].encode() + parts[1] + parts[2].encode("utf-8", errors="surrogatepass")
    ),
)

GLOSSARY_BYTES = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=120).map(
        lambda text: ("source,target\n" + text).encode("utf-8", errors="surrogatepass")
    ),
    st.text(alphabet='가나다삼성전자메타,"#\n\r AaBb\t', max_size=80).flatmap(
        lambda text: st.sampled_from(
            [("source,target\n" + text).encode(), ("source,target\n" + text).encode("cp949", errors="ignore")]
        )
    ),
    st.tuples(st.text(max_size=40), st.binary(max_size=6), st.text(max_size=40)).map(
        lambda parts: (
            ("source,target\n" + parts[0]).encode("utf-8", errors="surrogatepass")
            + parts[1]
            + parts[2].encode("utf-8", errors="surrogatepass")
        )
    ),
)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["error", "warning", "info", "none", "garble", "omission", "glossary", "(", "[a-", ".*"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
_KEYS = st.one_of(st.sampled_from(sorted(KNOWN_SETTINGS)), st.text(max_size=10))
SETTINGS = st.dictionaries(_KEYS, _VALUES, max_size=6)

_LINE_TEXT = (
    "The U.S. said 3.5% rose. Dr. Kim left! 한국은행은 금리를 올렸다. 그는 떠났다? 네… “Yes.” (Ok.) a b"
)
SEGMENT_TEXT = st.text(alphabet=_LINE_TEXT + "\n\t \u3000\u00a0", max_size=300)

ALIGN_SIZES = st.tuples(st.integers(0, 14), st.integers(0, 14), st.integers(0, 2**32 - 1))

# --- invariants: each takes one generated input and raises AssertionError on a violation -------------


def _one_line(error: Exception) -> None:
    assert str(error) and "\n" not in str(error), repr(str(error))


def check_read_text(data: bytes, folder: Path) -> None:
    path = folder / "input.txt"
    path.write_bytes(data)
    try:
        decoded = read_text(path)
    except InputError as error:
        _one_line(error)
        return
    assert isinstance(decoded, DecodedText) and decoded.text.strip()
    assert "\r" not in decoded.text and not decoded.text.startswith("\ufeff")


def check_glossary(data: bytes, folder: Path) -> None:
    path = folder / "glossary.csv"
    path.write_bytes(data)
    try:
        entries = load_glossary(path)
    except InputError as error:
        _one_line(error)
        return
    assert entries and all(source and target for source, target in entries)


def check_settings(settings_table: dict[str, Any], folder: Path) -> None:
    try:
        config = apply_settings(Config(), settings_table, str(folder / "tqcheck.toml"))
    except UsageError as error:
        # not _one_line: a TOML key may itself hold a newline ("\n" quoted), which the message quotes
        assert str(error)
        return
    assert isinstance(config, Config)
    config.to_dict()  # whatever was accepted can be echoed into the JSON


def check_segments(text: str, language: str) -> None:
    document = segment_text(text, language)  # type: ignore[arg-type]
    owner: dict[int, int] = {}
    for segment in document.segments:
        assert 0 <= segment.start <= segment.end <= len(text), (segment.start, segment.end)
        assert text[segment.start : segment.end] == segment.text and segment.text.strip()
        for offset in range(segment.start, segment.end):
            assert offset not in owner, f"character {offset} is in segments {owner[offset]} and {segment.id}"
            owner[offset] = segment.id
    starts = [segment.start for segment in document.segments]
    assert starts == sorted(starts)
    for offset, character in enumerate(text):
        if not character.isspace():
            assert offset in owner, f"character {offset} ({character!r}) is in no segment"


def _side(size: int, rng: np.random.Generator) -> SideFeatures:
    vectors = rng.standard_normal((size, 8)).astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
    return SideFeatures(
        vectors=vectors,
        lengths=rng.integers(1, 200, size).astype(np.float64),
        headlines=rng.random(size) < 0.2,
    )


def check_alignment(n: int, m: int, rng_seed: int) -> None:
    rng = np.random.default_rng(rng_seed)
    source, target = _side(n, rng), _side(m, rng)
    pairs, _ = align_sentences(source, target)
    again, _ = align_sentences(source, target)
    assert pairs == again, "the same input aligned differently"
    source_ids = [i for block, _ in pairs for i in block]
    target_ids = [j for _, block in pairs for j in block]
    assert source_ids == list(range(n)), source_ids  # each once, in order: monotonic
    assert target_ids == list(range(m)), target_ids
    assert all(block_s or block_t for block_s, block_t in pairs)


# --- the long session ---------------------------------------------------------------------------------


@dataclass
class Reader:
    name: str
    strategy: Any
    run: Callable[..., None]


def readers(folder: Path) -> list[Reader]:
    return [
        Reader("read_text", TEXT_BYTES, lambda data: check_read_text(data, folder)),
        Reader("load_glossary", GLOSSARY_BYTES, lambda data: check_glossary(data, folder)),
        Reader("apply_settings", SETTINGS, lambda table: check_settings(table, folder)),
        Reader(
            "segment_text",
            st.tuples(SEGMENT_TEXT, st.sampled_from(["en", "ko"])),
            lambda pair: check_segments(*pair),
        ),
        Reader("align_sentences", ALIGN_SIZES, lambda sizes: check_alignment(*sizes)),
    ]


def fuzz(reader: Reader, seconds: float, batch: int = 500) -> int:
    """Batches of ``batch`` examples, each with a new seed, until ``seconds`` have passed; a failure
    propagates (hypothesis shrinks it first) so a crash cannot be counted as an input tried."""
    tried = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:

        @seed(random.getrandbits(64))
        @settings(
            max_examples=batch,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(value=reader.strategy)
        def one_batch(value: Any) -> None:
            nonlocal tried
            tried += 1
            reader.run(value)

        one_batch()
    return tried


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="time per reader (default 600)")
    parser.add_argument("--only", action="append", help="fuzz only this reader (repeatable)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tqcheck-fuzz-") as folder:
        for reader in readers(Path(folder)):
            if arguments.only and reader.name not in arguments.only:
                continue
            started = time.monotonic()
            tried = fuzz(reader, arguments.seconds)
            elapsed = time.monotonic() - started
            print(f"{reader.name}: {tried} inputs in {elapsed:.0f} s, no crash", flush=True)


if __name__ == "__main__":
    main()
