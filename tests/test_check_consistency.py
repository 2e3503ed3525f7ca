"""Document-level consistency checks: term-inconsistency and glossary."""

from __future__ import annotations

import pytest

from tqcheck.checks.consistency import glossary, term_inconsistency
from tqcheck.checks.registry import registered_codes

from checkutil import document_spans, make_document_pair, one_each


def test_codes_are_registered() -> None:
    assert {"term-inconsistency", "glossary"} <= set(registered_codes())


# --- term-inconsistency ---------------------------------------------------------------------

OPENAI_EN = [
    "OpenAI released a new model on Monday.",
    "The company said the model is faster.",
    "Critics say OpenAI moves too fast.",
    "Investors still back OpenAI strongly.",
]


def test_term_inconsistency_flags_a_mixed_hangul_latin_rendering() -> None:
    korean = [
        "OpenAI는 월요일 새 모델을 공개했다.",
        "회사는 이 모델이 더 빠르다고 밝혔다.",
        "비평가들은 오픈AI가 너무 빨리 움직인다고 말한다.",
        "투자자들은 여전히 OpenAI를 강하게 지지한다.",
    ]
    alignments, context = make_document_pair(one_each(OPENAI_EN, korean))
    flags = term_inconsistency(alignments, context)
    assert [flag.code for _, flag in flags] == ["term-inconsistency"]
    assert document_spans(alignments, flags) == [(2, "오픈AI")]
    assert flags[0][1].message == '"오픈AI" — elsewhere this document writes "OpenAI" for OpenAI'


def test_term_inconsistency_counts_the_name_where_the_source_says_the_company() -> None:
    """One source mention each way is a tie, but the MT also wrote OpenAI for "The company"."""
    english = [
        "The system is built on models licensed from OpenAI.",
        "OpenAI declined to comment.",
        "The company has said customers are responsible.",
    ]
    korean = [
        "이 시스템은 OpenAI로부터 라이선스를 받은 모델을 기반으로 한다.",
        "오픈AI는 언급을 거부했다.",
        "OpenAI는 고객에게 책임이 있다고 밝힌 바 있다.",
    ]
    alignments, context = make_document_pair(one_each(english, korean))
    flags = term_inconsistency(alignments, context)
    assert document_spans(alignments, flags) == [(1, "오픈AI")]


META_EN = [
    "Meta said on Tuesday that it would cut jobs.",
    "Shares of Meta rose after the news.",
    "Analysts expect Meta to hire again next year.",
]


def test_term_inconsistency_flags_latin_among_transliterations() -> None:
    korean = [
        "메타는 화요일 감원 계획을 밝혔다.",
        "이 소식 이후 Meta 주가가 올랐다.",
        "분석가들은 메타가 내년에 다시 채용할 것으로 본다.",
    ]
    alignments, context = make_document_pair(one_each(META_EN, korean))
    flags = term_inconsistency(alignments, context)
    assert document_spans(alignments, flags) == [(1, "Meta")]
    assert flags[0][1].message == '"Meta" — elsewhere this document writes "메타" for Meta'


def test_term_inconsistency_breaks_a_latin_hangul_tie_by_korean_convention() -> None:
    english = META_EN[:2]
    korean = ["Meta는 화요일 감원 계획을 밝혔다.", "이 소식 이후 메타 주가가 올랐다."]
    alignments, context = make_document_pair(one_each(english, korean))
    assert document_spans(alignments, term_inconsistency(alignments, context)) == [(0, "Meta")]
    # an acronym stays Latin: the transliteration is the odd one out
    english = ["NASA launched a probe.", "NASA said the probe is healthy."]
    korean = ["NASA는 탐사선을 발사했다.", "나사는 탐사선이 정상이라고 밝혔다."]
    alignments, context = make_document_pair(one_each(english, korean))
    assert document_spans(alignments, term_inconsistency(alignments, context)) == [(1, "나사")]


def test_term_inconsistency_flags_a_minority_transliteration() -> None:
    korean = [
        "메타는 화요일 감원 계획을 밝혔다.",
        "이 소식 이후 매타 주가가 올랐다.",
        "분석가들은 메타가 내년에 다시 채용할 것으로 본다.",
    ]
    alignments, context = make_document_pair(one_each(META_EN, korean))
    flags = term_inconsistency(alignments, context)
    assert document_spans(alignments, flags) == [(1, "매타")]
    assert flags[0][1].message == '"매타" — elsewhere this document writes "메타" for Meta'


@pytest.mark.parametrize(
    "korean",
    [
        # one rendering throughout, particles attached
        [
            "메타는 화요일 감원 계획을 밝혔다.",
            "이 소식 이후 메타의 주가가 올랐다.",
            "분석가들은 메타가 내년에 다시 채용할 것으로 본다.",
        ],
        # the original glossed at first mention
        [
            "메타(Meta)는 화요일 감원 계획을 밝혔다.",
            "이 소식 이후 메타의 주가가 올랐다.",
            "분석가들은 메타가 내년에 다시 채용할 것으로 본다.",
        ],
        # the name translated away or dropped in some sentences
        [
            "메타는 화요일 감원 계획을 밝혔다.",
            "이 소식 이후 이 회사 주가가 올랐다.",
            "분석가들은 메타가 내년에 다시 채용할 것으로 본다.",
        ],
        # Latin throughout
        [
            "Meta는 화요일 감원 계획을 밝혔다.",
            "이 소식 이후 Meta 주가가 올랐다.",
            "분석가들은 Meta가 내년에 다시 채용할 것으로 본다.",
        ],
    ],
)
def test_term_inconsistency_accepts_consistent_renderings(korean: list[str]) -> None:
    alignments, context = make_document_pair(one_each(META_EN, korean))
    assert term_inconsistency(alignments, context) == []


def test_term_inconsistency_is_conservative() -> None:
    # a tie between two transliterations has no majority to point to
    korean = ["메타는 화요일 감원 계획을 밝혔다.", "이 소식 이후 매타 주가가 올랐다."]
    alignments, context = make_document_pair(one_each(META_EN[:2], korean))
    assert term_inconsistency(alignments, context) == []
    # names translated rather than transliterated, and capitalised sentence starts
    english = ["The US raised tariffs.", "The US said talks will continue.", "The talks end Friday."]
    korean = ["미국은 관세를 인상했다.", "미국은 협상이 계속될 것이라고 밝혔다.", "협상은 금요일에 끝난다."]
    alignments, context = make_document_pair(one_each(english, korean))
    assert term_inconsistency(alignments, context) == []
    # the original in parentheses after the transliteration, and spacing variants
    english = ["The Codex Sinaiticus is old.", "The Codex is online.", "Scholars read the Codex."]
    korean = [
        "코덱스 시나이티쿠스(Codex Sinaiticus)는 오래되었다.",
        "코덱스는 온라인에 있다.",
        "학자들은 코덱스를 읽는다.",
    ]
    alignments, context = make_document_pair(one_each(english, korean))
    assert term_inconsistency(alignments, context) == []
    korean = [
        "오픈AI는 월요일 새 모델을 공개했다.",
        "회사는 이 모델이 더 빠르다고 밝혔다.",
        "비평가들은 오픈 AI가 너무 빨리 움직인다고 말한다.",
        "투자자들은 여전히 오픈AI를 강하게 지지한다.",
    ]
    alignments, context = make_document_pair(one_each(OPENAI_EN, korean))
    assert term_inconsistency(alignments, context) == []


def test_term_inconsistency_does_not_take_a_common_word_for_a_short_name() -> None:
    """모두 has Meta's consonants (m-t) but is an ordinary word, not a rendering."""
    korean = [
        "메타는 화요일 감원 계획을 밝혔다.",
        "이 소식 이후 모두의 주가가 올랐다.",
        "분석가들은 메타가 내년에 다시 채용할 것으로 본다.",
    ]
    alignments, context = make_document_pair(one_each(META_EN, korean))
    assert term_inconsistency(alignments, context) == []


# --- glossary -------------------------------------------------------------------------------

GLOSSARY = (("Meta", "메타"), ("OpenAI", "오픈AI"))


def test_glossary_flags_a_missing_required_form() -> None:
    pairs = [
        (["Meta cut jobs."], ["페이스북은 감원했다."]),
        (["Shares of META fell."], ["매타 주가가 하락했다."]),
    ]
    alignments, context = make_document_pair(pairs, glossary=GLOSSARY)
    flags = glossary(alignments, context)
    assert [flag.code for _, flag in flags] == ["glossary", "glossary"]
    assert document_spans(alignments, flags) == [(0, "Meta"), (1, "META")]
    assert flags[0][1].side == "source"
    assert flags[0][1].message == 'glossary: "Meta" must be translated as "메타"'


def test_glossary_accepts_the_required_form_with_particles_and_spacing() -> None:
    pairs = [
        (["Meta cut jobs."], ["메타는 감원했다."]),
        (["Meta's shares fell."], ["메타의 주가가 하락했다."]),
        (["OpenAI and Meta compete."], ["오픈 AI와 메타가 경쟁한다."]),
        (["Metadata matters."], ["메타데이터는 중요하다."]),  # not the word Meta
        (["Metamorphosis is a novel."], ["변신은 소설이다."]),
        (["Meta is not translated here."], []),  # an omission: the omission check's job
    ]
    alignments, context = make_document_pair(pairs, glossary=GLOSSARY)
    assert glossary(alignments, context) == []
    alignments, context = make_document_pair([(["Meta cut jobs."], ["페이스북은 감원했다."])])
    assert glossary(alignments, context) == []
