"""Garble checks: run-on-headline, unterminated (fused-token has tests/test_check_fused_token.py).

Each code has true positives (with the exact span an editor would see) and at least as many
true negatives: Korean that is fine and must stay unflagged.
"""

from __future__ import annotations

import json

import pytest

from tqcheck.checks.garble import fused_token, run_on_headline, unterminated
from tqcheck.checks.registry import CheckContext
from tqcheck.config import Config
from tqcheck.model import SEGMENT_JOINER, Alignment, Document, Flag, Segment, SegmentKind
from tqcheck.segment.document import is_headline_line

from checkutil import codes, make_document_pair, make_pair
from conftest import CORPORA


def spans(alignment: Alignment, flags: list[Flag]) -> list[str]:
    return [alignment.target_text[flag.start : flag.end] for flag in flags if flag.start is not None]


# ---------------------------------------------------------------------------------------------
# run-on-headline
# ---------------------------------------------------------------------------------------------

HEADING = "Union Warns of Walkout"
SENTENCE = "The Haulwise Drivers Union said more than 2,000 of its members had voted to authorize a strike."
KOREAN_SENTENCE = "하울와이즈 운전기사 노조는 조합원 2,000명 이상이 파업 찬성에 표를 던졌다고 밝혔다."


def run_on(pairs: list[tuple[list[str], list[str]]], **kwargs: object) -> list[tuple[int, str, str]]:
    alignments, context = make_document_pair(pairs, **kwargs)  # type: ignore[arg-type]
    return [
        (index, flag.code, alignments[index].target_text[flag.start : flag.end])
        for index, flag in run_on_headline(alignments, context)
    ]


def test_run_on_headline_flags_a_heading_run_into_the_next_sentence() -> None:
    alignments, context = make_document_pair(
        [([HEADING, SENTENCE], ["노조, 파업 경고 " + KOREAN_SENTENCE])], source_headlines={0}
    )
    flags = run_on_headline(alignments, context)
    assert [(index, flag.code) for index, flag in flags] == [(0, "run-on-headline")]
    flag = flags[0][1]
    assert alignments[0].target_text[flag.start : flag.end] == "노조, 파업 경고"
    assert '"Union Warns of Walkout"' in flag.message
    assert "run into the sentence that follows it" in flag.message


def test_run_on_headline_flags_a_heading_run_onto_the_end_of_a_sentence() -> None:
    result = run_on(
        [
            (
                ["The company declined to comment.", "Regulators Take a Closer Look"],
                ["회사는 논평을 거부했다. 규제 당국도 주시"],
            )
        ],
        source_headlines={1},
    )
    assert result == [(0, "run-on-headline", "규제 당국도 주시")]


def test_run_on_headline_flags_a_korean_heading_that_swallowed_the_sentence() -> None:
    result = run_on(
        [([HEADING, SENTENCE], ["노조, 파업 경고 운전기사 노조 파업 찬성"])],
        source_headlines={0},
        target_headlines={0},
    )
    assert result == [(0, "run-on-headline", "노조, 파업 경고 운전기사 노조 파업 찬성")]


def test_run_on_headline_flags_an_english_sentence_set_as_a_korean_heading() -> None:
    english = (
        "The Colorado labor department said on Tuesday that it had opened an inquiry into the company's pay."
    )
    result = run_on([([english], ["콜로라도주 노동부, 회사 임금 관행 조사 착수"])], target_headlines={0})
    assert result == [(0, "run-on-headline", "콜로라도주 노동부, 회사 임금 관행 조사 착수")]


def test_run_on_headline_flags_the_next_sentence_when_the_aligner_dropped_the_heading() -> None:
    result = run_on(
        [([HEADING], []), ([SENTENCE], ["노조, 파업 경고 " + KOREAN_SENTENCE])], source_headlines={0}
    )
    assert result == [(1, "run-on-headline", "노조, 파업 경고")]


@pytest.mark.parametrize(
    ("pairs", "source_headlines", "target_headlines"),
    [
        # a heading aligned 1-1 with a heading
        ([([HEADING], ["노조, 파업 경고"])], {0}, {0}),
        # heading for heading and sentence for sentence, grouped 2-2
        ([([HEADING, SENTENCE], ["노조, 파업 경고", KOREAN_SENTENCE])], {0}, {0}),
        # an ordinary 2-1 merge of two sentences
        (
            [
                (
                    ["Haulwise disputes the union's figures.", SENTENCE],
                    ["하울와이즈는 이의를 제기했다. " + KOREAN_SENTENCE],
                )
            ],
            set(),
            set(),
        ),
        # a heading rendered as a full sentence
        ([([HEADING], ["노조가 파업을 경고했다."])], {0}, set()),
        # an English heading written with a full stop (title case) against a Korean heading
        (
            [(["Four Killed as SUV Collides with Car in Tennessee."], ["SUV와 승용차 충돌로 4명 사망"])],
            set(),
            {0},
        ),
        # a numbered list item is not a heading
        (
            [
                (
                    ["5. the way in which the form of a word changes, showing its relation to others."],
                    ["5. 단어 형태의 변화"],
                )
            ],
            set(),
            {0},
        ),
        # a Korean "heading" that ends like a sentence: unterminated reports it, not this check
        (
            [
                (
                    ["Delgado said the drivers were ready to walk off the job next week."],
                    ["델가도는 준비가 돼 있다고 말했다"],
                )
            ],
            set(),
            {0},
        ),
        # the aligner dropped a heading and the next Korean sentence is fine
        ([([HEADING], []), ([SENTENCE], [KOREAN_SENTENCE])], {0}, set()),
    ],
)
def test_run_on_headline_leaves_ordinary_alignments_alone(
    pairs: list[tuple[list[str], list[str]]], source_headlines: set[int], target_headlines: set[int]
) -> None:
    assert run_on(pairs, source_headlines=source_headlines, target_headlines=target_headlines) == []


# ---------------------------------------------------------------------------------------------
# unterminated
# ---------------------------------------------------------------------------------------------

SPOKESMAN = "A company spokesman, Daniel Reyes, said the average driver worked 46 hours a week in March."
QUOTE = '"The system gives drivers more choice, not less," he said.'
COMMA_RUN_ON = (
    "회사 대변인 대니얼 레예스는 3월 운전기사의 평균 근무 시간이 주 46시간이었다고 말했다, "
    '"이 시스템은 운전기사에게서 선택권을 빼앗는 것이 아니라 더 많은 선택권을 준다"고 그는 말했다.'
)


def test_unterminated_flags_a_sentence_ending_in_a_comma_that_runs_into_the_next() -> None:
    alignment, context = make_pair([SPOKESMAN, QUOTE], COMMA_RUN_ON)
    flags = unterminated(alignment, context)
    assert codes(flags) == ["unterminated"]
    assert spans(alignment, flags) == ["말했다,"]
    assert "the English has 2 sentences here" in flags[0].message


@pytest.mark.parametrize(
    ("english", "korean", "target_headlines", "span", "how"),
    [
        (
            "Delgado said the drivers were ready.",
            "델가도는 운전기사들이 준비가 돼 있다고 말했다",
            set(),
            "말했다",
            "without a full stop",
        ),
        # short enough to be taken for a heading by the segmenter, but it ends like a sentence
        (
            "Delgado said the drivers were ready.",
            "델가도는 준비가 됐다고 말했다",
            {0},
            "말했다",
            "without a full stop",
        ),
    ],
)
def test_unterminated_flags_a_sentence_without_its_full_stop(
    english: str, korean: str, target_headlines: set[int], span: str, how: str
) -> None:
    alignment, context = make_pair(english, korean, target_headlines=target_headlines)
    flags = unterminated(alignment, context)
    assert codes(flags) == ["unterminated"]
    assert spans(alignment, flags) == [span]
    assert f'"{span}" ends the sentence {how}, where the English sentence ends with "."' == flags[0].message


@pytest.mark.parametrize(
    ("english", "korean", "target_headlines", "span", "suggestion"),
    [
        # an English colon before a quotation, rendered as a comma; the quotation is on the next line
        (
            ["He said the ministry would isolate anyone infected, adding:", '"We will not wait."'],
            ["그는 보건부가 감염자를 격리할 것이라고 경고했습니다,", '"우리는 기다리지 않을 것입니다."'],
            set(),
            "경고했습니다,",
            "경고했습니다:",
        ),
        (
            ["Listen to what the experts say:", "“Wash your hands.”"],
            ["전문가들의 말을 들어보세요,", "“손을 씻으세요.”"],
            {0},  # short and not ending in a full stop: the segmenter takes it for a heading
            "들어보세요,",
            "들어보세요:",
        ),
        # no quotation after it: a full stop
        (
            "Berlusconi launched a clean-up operation.",
            "베를루스코니 총리는 대청소 작전에 착수했다,",
            set(),
            "착수했다,",
            "착수했다.",
        ),
        ("The union warned of a strike", "노조는 파업을 경고했다,", set(), "경고했다,", "경고했다."),
    ],
)
def test_unterminated_flags_a_finished_sentence_ending_in_a_comma_whatever_the_english_ends_with(
    english: str | list[str], korean: str | list[str], target_headlines: set[int], span: str, suggestion: str
) -> None:
    english_lines = [english] if isinstance(english, str) else english
    korean_lines = [korean] if isinstance(korean, str) else korean
    # one alignment per line: the quotation on the next line is the next alignment
    alignments, context = make_document_pair(
        [([e], [k]) for e, k in zip(english_lines, korean_lines, strict=True)],
        target_headlines=target_headlines,
    )
    flags = unterminated(alignments[0], context)
    assert codes(flags) == ["unterminated"]
    assert spans(alignments[0], flags) == [span]
    assert flags[0].suggestion == suggestion
    assert flags[0].message == (
        f'"{span}" ends a finished sentence with a comma: end it with a full stop, '
        "or with a colon if a quotation follows"
    )
    assert flags[0].to_dict()["suggestion"] == suggestion


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        # a connective ending and a comma: the sentence goes on (the English does not end here either)
        ("The union warned of a strike, and", "노조는 파업을 경고했고,"),
        ("The company responded by", "회사는 대응하며,"),
        ("He came home, but", "그가 왔는데,"),
        # an exclamation, a noun, a comma inside a quotation
        ("Well,", "그래요,"),
        ("His resignation,", "그의 사임,"),
        ('He said, "We are ready,', '그는 "우리는 준비됐다,'),
        # a comma after a closing quotation mark
        ('"We are ready," he said', '"우리는 준비됐다",'),
    ],
)
def test_unterminated_leaves_connective_and_other_commas_at_a_line_end_alone(
    english: str, korean: str
) -> None:
    alignment, context = make_pair(english, korean)
    assert unterminated(alignment, context) == []


def test_unterminated_flags_a_korean_piece_cut_off_mid_alignment() -> None:
    alignment, context = make_pair(
        "He said he was ready, and the company declined to comment.",
        ["그는 준비가 됐다고 말했다", "회사는 논평을 거부했다."],
    )
    flags = unterminated(alignment, context)
    assert spans(alignment, flags) == ["말했다"]


@pytest.mark.parametrize(
    ("english", "korean", "source_headlines", "target_headlines"),
    [
        # punctuation and then a closing quote
        ('"We have waited long enough," she said.', '그녀는 "우리는 충분히 오래 기다렸다."', set(), set()),
        # connective commas in an ordinary 2-1 merge
        (
            ["The union warned of a strike.", "The company said it would respond."],
            "노조는 파업을 경고했고, 회사는 대응하겠다고 밝히며, 협상을 제안했다.",
            set(),
            set(),
        ),
        # a final ending and a comma where the English has one sentence
        ('The boss retorted, "Really?"', '사장은 대꾸했다, "정말로요?"', set(), set()),
        # a verb of saying introducing a quotation that ends the sentence
        (["Then he asked.", '"Is it full?"'], '그리고 나서 그는 물었다, "가득 찼습니까?"', set(), set()),
        # a comma inside a quotation
        (
            ["He said it.", "Nobody listened."],
            '그는 "나는 간다, 너는 남아라"라고 말했다. 아무도 듣지 않았다.',
            set(),
            set(),
        ),
        # a short exclamation before the comma
        (["Yes.", "I see."], "그래요, 알겠어요.", set(), set()),
        # headings
        ("Union Warns of Walkout", "노조, 파업 경고", {0}, {0}),
        # a list item
        ("- Improve the dispatch system.", "- 배차 시스템 개선", set(), set()),
        # the English does not end a sentence either
        ("Drivers at Haulwise, a delivery startup", "하울와이즈의 운전기사들은", set(), set()),
        # a question mark and an ellipsis are full stops too
        (
            "Why, then, do so many drivers report longer shifts?",
            "그렇다면 왜 근무 시간이 늘었다고 말하는 것일까?",
            set(),
            set(),
        ),
        ("It ended.", "그것은 끝났다…", set(), set()),
        # English left untranslated: the untranslated check's business
        (
            "Labor researchers say the answer may lie in speed.",
            "Labor researchers say the answer may lie in speed",
            set(),
            set(),
        ),
    ],
)
def test_unterminated_leaves_finished_sentences_headings_and_connectives_alone(
    english: str | list[str], korean: str, source_headlines: set[int], target_headlines: set[int]
) -> None:
    alignment, context = make_pair(
        english, korean, source_headlines=source_headlines, target_headlines=target_headlines
    )
    assert unterminated(alignment, context) == []


# ---------------------------------------------------------------------------------------------
# The sample article: every planted garble found, nothing in the clean texts
# ---------------------------------------------------------------------------------------------

GARBLE_CODES = ("fused-token", "run-on-headline", "unterminated")


def _document(language: str, texts: list[str]) -> Document:
    segments = [
        Segment(
            id=i,
            text=text,
            paragraph=0,
            kind=SegmentKind.HEADLINE if is_headline_line(text, language) else SegmentKind.SENTENCE,  # type: ignore[arg-type]
        )
        for i, text in enumerate(texts)
    ]
    return Document(language=language, segments=segments)  # type: ignore[arg-type]


def _garble_flags(
    source_texts: list[str], target_texts: list[str], groups: list[tuple[list[int], list[int]]]
) -> tuple[list[Alignment], list[tuple[int, Flag]]]:
    source, target = _document("en", source_texts), _document("ko", target_texts)
    alignments = [
        Alignment(
            index=index,
            source_ids=tuple(source_ids),
            target_ids=tuple(target_ids),
            source_text=SEGMENT_JOINER.join(source_texts[i] for i in source_ids),
            target_text=SEGMENT_JOINER.join(target_texts[i] for i in target_ids),
        )
        for index, (source_ids, target_ids) in enumerate(groups)
    ]
    context = CheckContext(source=source, target=target, config=Config())
    flags = [(a.index, f) for a in alignments for f in fused_token(a, context) + unterminated(a, context)]
    flags += run_on_headline(alignments, context)
    return alignments, flags


def test_every_planted_garble_in_news_1_is_found_and_nothing_else() -> None:
    gold = json.loads((CORPORA / "news-1" / "gold.json").read_text(encoding="utf-8"))
    groups = [(a["source"], a["target"]) for a in gold["alignments"]]
    alignments, flags = _garble_flags(gold["source_segments"], gold["target_segments"], groups)
    found = {
        (flag.code, alignments[index].target_text[flag.start : flag.end])
        for index, flag in flags
        if flag.start is not None
    }
    planted = [d for d in gold["defects"] if d["code"] in GARBLE_CODES]
    assert len(planted) == len(found) == 4
    for defect in planted:
        assert any(
            code == defect["code"] and (span in defect["text"] or defect["text"] in span)
            for code, span in found
        ), defect


def test_news_1_reference_translation_has_no_garble() -> None:
    reference = [
        line.strip()
        for line in (CORPORA / "news-1" / "reference.ko.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    # The reference keeps the source's paragraph layout: pair it line by line with the source.
    source_lines = [
        line.strip()
        for line in (CORPORA / "news-1" / "source.en.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(reference) == len(source_lines)
    _, flags = _garble_flags(source_lines, reference, [([i], [i]) for i in range(len(reference))])
    assert [flag.message for _, flag in flags] == []
