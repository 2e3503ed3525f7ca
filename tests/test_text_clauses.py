"""Clauses and sentence endings: English clause splitting, Korean clause boundaries and endings."""

from __future__ import annotations

from tqcheck.text.clauses import (
    ends_in_final_ending,
    english_clauses,
    korean_clause_ends,
    korean_stops_unfinished,
)


def test_english_clauses_follow_punctuation_and_conjunctions() -> None:
    text = "In the Middle Ages, cities were not very clean, and the streets were filled with garbage."
    clauses = [text[a:b].strip() for a, b in english_clauses(text)]
    assert clauses == [
        "In the Middle Ages,",
        "cities were not very clean,",
        "and the streets were filled with garbage.",
    ]
    assert english_clauses("Poland and Italy differ.") == [(0, len("Poland and Italy differ."))]


def test_korean_clause_boundaries_skip_auxiliaries() -> None:
    text = "중세에 도시들은 그리 깨끗하지 않았고 거리는 오물로 가득 차 있었다."
    assert [text[:end] for end in korean_clause_ends(text)] == ["중세에 도시들은 그리 깨끗하지 않았고"]


def test_final_endings_need_a_predicate() -> None:
    assert ends_in_final_ending("그는 떠났다")
    assert ends_in_final_ending("정부는 세금을 인상합니다")
    assert not ends_in_final_ending("사임")  # a noun kiwi may read as 사+이+ᆷ
    assert not ends_in_final_ending("노조, 파업 경고")
    assert not ends_in_final_ending("도시들은 깨끗하지 않았고")


def test_korean_stops_unfinished_on_a_comma_or_connective() -> None:
    assert korean_stops_unfinished("도시들은 깨끗하지 않았고")
    assert korean_stops_unfinished("도시들은 깨끗하지 않았다,")
    assert not korean_stops_unfinished("도시들은 깨끗하지 않았다.")
    assert not korean_stops_unfinished("도시들은 깨끗하지 않았어")  # casual, but finished
    assert not korean_stops_unfinished('그는 "좋다."')
