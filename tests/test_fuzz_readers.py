"""Property tests for every reader not covered elsewhere (issue 13): text files, glossaries, settings
tables, segmentation and alignment. The strategies and invariants are shared with the long fuzz session
(``python -m benchmarks.fuzz_readers``); here each runs a modest number of examples.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_readers import (
    ALIGN_SIZES,
    GLOSSARY_BYTES,
    SEGMENT_TEXT,
    SETTINGS,
    TEXT_BYTES,
    check_alignment,
    check_glossary,
    check_read_text,
    check_segments,
    check_settings,
)
from tqcheck.config import Config, apply_settings
from tqcheck.errors import UsageError

PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(data=TEXT_BYTES)
@example(data=b"\xef\xbb\xbf")
@example(data=b"\xff\xfe\x00")
@example(data=b"\x1a")
def test_read_text_gives_text_or_one_line_input_error(tmp_path: Path, data: bytes) -> None:
    check_read_text(data, tmp_path)


@PROPERTY
@given(data=GLOSSARY_BYTES)
def test_load_glossary_gives_entries_or_one_line_input_error(tmp_path: Path, data: bytes) -> None:
    check_glossary(data, tmp_path)


@PROPERTY
@given(table=SETTINGS)
@example(table={"thresholds": {"garble": 1}})
@example(table={"ignore": ["(unclosed"]})
@example(table={"min_fidelity": float("nan")})
@example(table={"glossary": 3})
def test_apply_settings_gives_a_config_or_usage_error(tmp_path: Path, table: dict[str, Any]) -> None:
    check_settings(table, tmp_path)


@pytest.mark.parametrize("value", ["error", None, 3])
def test_a_severity_that_is_not_a_table_is_a_usage_error(value: object) -> None:
    with pytest.raises(UsageError, match="severity"):
        apply_settings(Config(), {"severity": value}, "tqcheck.toml")


@settings(max_examples=40, deadline=None)
@given(text=SEGMENT_TEXT, language=st.sampled_from(["en", "ko"]))
@example(text="Hello.  World!\n\n  한국은행은 금리를 올렸다. 그는 떠났다.\t", language="ko")
def test_every_visible_character_is_in_exactly_one_segment(text: str, language: str) -> None:
    check_segments(text, language)


@settings(max_examples=40, deadline=None)
@given(sizes=ALIGN_SIZES)
@example(sizes=(0, 0, 0))
@example(sizes=(0, 5, 1))
@example(sizes=(14, 1, 2))
def test_alignment_covers_every_segment_once_in_order_and_repeats(sizes: tuple[int, int, int]) -> None:
    check_alignment(*sizes)
