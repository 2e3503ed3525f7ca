"""goes_on: a line whose sentence continues in the next line, which the aligner keeps in one pair."""

from __future__ import annotations

import pytest

from tqcheck.text.endings import goes_on


@pytest.mark.parametrize(
    "line",
    ["독일의 한 주간지는 알-말리키 총리의 말을 인용,", "그는 회의에 참석했고,", "정부는 규정을 발표하며，"],
)
def test_a_korean_line_ending_in_a_connective_and_a_comma_goes_on(line: str) -> None:
    assert goes_on(line)


@pytest.mark.parametrize(
    "line",
    [
        "그는 회사가 노조원들을 격리할 것이라고 경고했습니다,",  # a finished sentence with the wrong mark
        "그는 회의에 참석했다.",
        "속보",
    ],
)
def test_a_finished_korean_line_does_not_go_on(line: str) -> None:
    assert not goes_on(line)


def test_an_english_line_goes_on_when_it_ends_in_a_comma() -> None:
    assert goes_on("A German magazine on Saturday quoted al-Maliki as saying,", "en")
    assert not goes_on("He said so.", "en")
