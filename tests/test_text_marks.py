"""Marks: apostrophes, quotations, unpaired marks, brackets, sentence ends and message snippets."""

from __future__ import annotations

import pytest

from tqcheck.model import Segment, SegmentKind
from tqcheck.text.marks import (
    SENTENCE_END,
    bracket_mask,
    inside_double_quotes,
    is_apostrophe,
    quotation_masks,
    quote_snippet,
    quoted_mask,
    unmatched_marks,
)


def _shown(text: str, mask: list[bool]) -> str:
    """The masked characters, for readable assertions."""
    return "".join(ch for ch, masked in zip(text, mask, strict=True) if masked)


# --- apostrophes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index"),
    [("McDonald's", 8), ("Macy’s", 4), ("Ch'unch'on", 2), ("don't", 3), ("3'4", 1)],
)
def test_an_apostrophe_between_latin_letters_or_digits(text: str, index: int) -> None:
    assert is_apostrophe(text, index)
    assert is_apostrophe(text, index, inner_only=True)


@pytest.mark.parametrize(("text", "index"), [("Texas' islands", 5), ("in the '90s", 7)])
def test_possessive_and_decade_apostrophes_count_unless_inner_only(text: str, index: int) -> None:
    assert is_apostrophe(text, index)
    assert not is_apostrophe(text, index, inner_only=True)


@pytest.mark.parametrize(
    ("text", "index"), [("‘상위’그룹", 3), ("'hello'", 0), ("'hello' he", 6), ("s' 가", 1)]
)
def test_quotation_marks_are_not_apostrophes(text: str, index: int) -> None:
    assert not is_apostrophe(text, index)


# --- quotations -----------------------------------------------------------------------------


def test_quoted_mask_covers_each_kind_of_quotation() -> None:
    for text, quoted in [
        ("그는 “좋다”고 했다", "“좋다”"),
        ("그는 '좋다'고 했다", "'좋다'"),
        ("영화 「기생충」을 봤다", "「기생충」"),
        ("McDonald's 매장", ""),
        ("따옴표가 없다", ""),
    ]:
        assert _shown(text, quoted_mask(text)) == quoted, text


def test_a_closer_without_opener_quotes_what_came_before_unless_only_whole_quotations_count() -> None:
    text = '결과는 곧 나온다"라고 말했다'
    assert _shown(text, quoted_mask(text)) == '결과는 곧 나온다"'
    assert _shown(text, quoted_mask(text, partial=False)) == ""


def test_an_unclosed_quotation_runs_on_and_is_carried() -> None:
    text = '그는 "우리는 최선을'
    still_open: list[str] = []
    assert _shown(text, quoted_mask(text, still_open)) == '"우리는 최선을'
    assert still_open == ['"']
    assert _shown(text, quoted_mask(text, partial=False)) == ""


def test_only_mixed_pairs_let_a_straight_mark_close_a_curly_one() -> None:
    text = '그는 말했다, “좋다, 정말"고 했다'
    assert _shown(text, quoted_mask(text, partial=False, mixed_pairs=True)) == '“좋다, 정말"'
    # Read as a document is read, the straight mark closes a quotation opened before the text.
    assert _shown(text, quoted_mask(text)) == '그는 말했다, “좋다, 정말"'


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ('그는 "좋다, 정말"고 했다', True),
        ('그는 “좋다, 정말"고 했다', True),
        ("그는 “좋다, 정말”고 했다", True),
        ('그는 말했다, "좋다"고', False),
        ('그는 "좋다, 정말', False),  # never closed in this text
        ("그는 ‘좋다, 정말’고 했다", False),  # single quotes do not count
    ],
)
def test_inside_double_quotes(text: str, inside: bool) -> None:
    assert inside_double_quotes(text, text.index(",")) is inside


def _segments(*texts: str, headline: int | None = None) -> list[Segment]:
    return [
        Segment(
            id=i,
            text=text,
            paragraph=0,
            kind=SegmentKind.HEADLINE if i == headline else SegmentKind.SENTENCE,
        )
        for i, text in enumerate(texts)
    ]


def test_quotation_masks_carry_a_quotation_over_segments() -> None:
    segments = _segments(
        '그는 "우리는 최선을 다했습니다.', '결과는 곧 나옵니다"라고 말했다.', "다음 문장이다."
    )
    masks = quotation_masks(segments)
    assert all(masks[0][3:]) and not any(masks[0][:3])
    assert _shown(segments[1].text, masks[1]) == '결과는 곧 나옵니다"'
    assert not any(masks[2])


def test_quotation_masks_do_not_carry_a_quotation_that_never_closes() -> None:
    segments = _segments("“일본의 야망은 우려할 수준", "정부는 세금을 올렸다.", "야당은 반대했다.")
    masks = quotation_masks(segments)
    assert not any(masks[1]) and not any(masks[2])


# --- unpaired marks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unmatched"),
    [
        ('그는 "좋다고 말했다.', {"double": 3}),
        ("그는 ‘좋다고 말했다.", {"single": 3}),
        ("회의는 월요일(현지시간 열렸다.", {"(": 7}),
        ("회의는 월요일（현지시간 열렸다.", {"(": 7}),
        ("그는 「좋다」고 했다 」", {"「": 12}),
        ("the ``quoted'' word", {}),
        ("“mis-facing marks“ are a typo", {}),
        ("McDonald's and Texas' islands in the '90s", {}),
        ("모두 (괄호가) “닫혀” 있다", {}),
    ],
)
def test_unmatched_marks(text: str, unmatched: dict[str, int]) -> None:
    assert unmatched_marks(text) == unmatched


def test_lookalike_quote_marks_count_for_balance_but_delimit_no_quotation() -> None:
    text = "˝한국과 유럽 연합이 회담을 시작한다."
    assert unmatched_marks(text) == {"double": 0}
    assert not any(quoted_mask(text))


# --- brackets -------------------------------------------------------------------------------


def test_bracket_mask() -> None:
    text = "사진(연합뉴스) 【서울】 본문"
    assert _shown(text, bracket_mask(text)) == "(연합뉴스)【서울】"
    assert _shown("코덱스(Codex", bracket_mask("코덱스(Codex")) == ""
    assert _shown("코덱스(Codex", bracket_mask("코덱스(Codex", unclosed_hides_rest=True)) == "(Codex"
    assert not any(bracket_mask("괄호 없는 문장"))


# --- sentence ends and snippets -------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["He left.", '그는 "좋다."', "그는 떠났다?” ", "끝났다…", "(끝났다.)", "좋다！"]
)
def test_sentence_end(text: str) -> None:
    assert SENTENCE_END.search(text)


@pytest.mark.parametrize("text", ["Breaking news", "그는 말했다,", "그는 떠났다", "U.S. 정부"])
def test_no_sentence_end(text: str) -> None:
    assert not SENTENCE_END.search(text)


def test_quote_snippet_puts_text_on_one_line_and_shortens_it() -> None:
    assert quote_snippet("짧은\n  문장") == "짧은 문장"
    long = "가나다라 " * 20
    shortened = quote_snippet(long, 20)
    assert len(shortened) <= 20 and shortened.endswith(" …")
    assert quote_snippet("x" * 60) == "x" * 60
