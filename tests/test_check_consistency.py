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
    assert document_spans(alignments, flags) == [(0, "Meta"), (1, "매타")]  # 매타: the wrong rendering
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


# --- suggestions ----------------------------------------------------------------------------


def test_term_inconsistency_suggests_the_majority_rendering() -> None:
    korean = [
        "메타는 화요일 감원 계획을 밝혔다.",
        "이 소식 이후 매타 주가가 올랐다.",
        "분석가들은 메타가 내년에 다시 채용할 것으로 본다.",
    ]
    alignments, context = make_document_pair(one_each(META_EN, korean))
    ((_, flag),) = term_inconsistency(alignments, context)
    assert flag.suggestion == "메타"


def test_term_inconsistency_suggests_the_glossary_form_over_the_majority() -> None:
    korean = [
        "OpenAI는 월요일 새 모델을 공개했다.",
        "회사는 이 모델이 더 빠르다고 밝혔다.",
        "비평가들은 오픈AI가 너무 빨리 움직인다고 말한다.",
        "투자자들은 여전히 OpenAI를 강하게 지지한다.",
    ]
    alignments, context = make_document_pair(one_each(OPENAI_EN, korean))
    ((_, flag),) = term_inconsistency(alignments, context)
    assert flag.suggestion == "OpenAI"  # the majority
    alignments, context = make_document_pair(one_each(OPENAI_EN, korean), glossary=(("openai", "오픈AI"),))
    ((_, flag),) = term_inconsistency(alignments, context)
    assert flag.suggestion is None  # the glossary's form is already what the flagged span says


def test_glossary_suggests_the_required_form_for_a_wrong_rendering_only() -> None:
    pairs = [
        (["Meta cut jobs."], ["페이스북은 감원했다."]),  # the term is absent: nothing to replace
        (["Shares of META fell."], ["매타 주가가 하락했다."]),
        (["Meta rose."], ["Meta는 올랐다."]),
    ]
    alignments, context = make_document_pair(pairs, glossary=GLOSSARY)
    flags = glossary(alignments, context)
    assert document_spans(alignments, flags) == [(0, "Meta"), (1, "매타"), (2, "Meta")]
    assert [(flag.side, flag.suggestion) for _, flag in flags] == [
        ("source", None),
        ("target", "메타"),
        ("target", "메타"),
    ]


# --- silent letters and whole names -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "english", "hangul"),
    [
        ("Baghdad", "{} was calm on Monday.", "{}는 월요일 평온했다."),
        ("Pittsburgh", "Officials in {} said little.", "{} 당국자들은 말을 아꼈다."),
    ],
)
def test_term_inconsistency_hears_a_gh(name: str, english: str, hangul: str) -> None:
    rendering = {"Baghdad": "바그다드", "Pittsburgh": "피츠버그"}[name]
    sources = [english.format(name), f"Trade in {name} resumed.", f"Schools in {name} reopened."]
    korean = [
        hangul.format(name),
        f"{rendering}의 교역이 재개됐다.",
        f"{rendering}의 학교들이 다시 문을 열었다.",
    ]
    alignments, context = make_document_pair(one_each(sources, korean))
    flags = term_inconsistency(alignments, context)
    assert document_spans(alignments, flags) == [(0, name)]
    assert flags[0][1].message == f'"{name}" — elsewhere this document writes "{rendering}" for {name}'


def test_term_inconsistency_leaves_a_consistent_gh_name_alone() -> None:
    sources = ["Baghdad was calm on Monday.", "Trade in Baghdad resumed.", "The sea near Basra was rough."]
    korean = ["바그다드는 월요일 평온했다.", "바그다드의 교역이 재개됐다.", "바스라 인근 바다는 거칠었다."]
    alignments, context = make_document_pair(one_each(sources, korean))
    assert term_inconsistency(alignments, context) == []


CHEN_EN = [
    "Mark Chen, the company's chief executive, resigned on Monday.",
    "Mark Chen had led the company since 2019.",
    "The board thanked Mark Chen for his service.",
]


def test_term_inconsistency_reports_a_full_name_once() -> None:
    korean = [
        "Mark Chen 최고경영자가 월요일 사임했다.",
        "마크 첸은 2019년부터 회사를 이끌어 왔다.",
        "이사회는 마크 첸에게 감사를 표했다.",
    ]
    alignments, context = make_document_pair(one_each(CHEN_EN, korean))
    flags = term_inconsistency(alignments, context)
    assert document_spans(alignments, flags) == [(0, "Mark Chen")]
    flag = flags[0][1]
    assert flag.message == '"Mark Chen" — elsewhere this document writes "마크 첸" for Mark Chen'
    assert flag.suggestion == "마크 첸"


def test_a_vowel_particle_is_not_part_of_the_suggested_name() -> None:
    # 에 adds no consonant, so the sound test alone would take 첸에 for Chen and suggest 마크 첸에은.
    english = [
        "The lab's chief scientist, Mark Chen, said the model was trained on public data.",
        "The model will be released next month, according to Mark Chen.",
    ]
    korean = [
        "연구소의 수석 과학자인 Mark Chen은 이 모델이 공개 데이터로 학습됐다고 말했다.",
        "마크 첸에 따르면 이 모델은 다음 달 공개될 예정이다.",
    ]
    alignments, context = make_document_pair(one_each(english, korean))
    ((_, flag),) = term_inconsistency(alignments, context)
    assert flag.suggestion == "마크 첸"


def test_term_inconsistency_keeps_two_names_side_by_side_apart() -> None:
    # Harris and Meta are two names the Korean happens to put side by side: two findings
    english = [
        "Analyst Harris said Meta would cut jobs.",
        "Harris has covered Meta for years.",
        "Harris expects Meta to recover.",
    ]
    korean = [
        "애널리스트 Harris Meta가 감원할 것이라고 말했다.",
        "해리스는 수년간 메타를 담당해 왔다.",
        "해리스는 메타가 회복할 것으로 본다.",
    ]
    alignments, context = make_document_pair(one_each(english, korean))
    flags = term_inconsistency(alignments, context)
    assert document_spans(alignments, flags) == [(0, "Harris"), (0, "Meta")]


def test_term_inconsistency_grows_a_hangul_finding_over_the_whole_name() -> None:
    korean = [
        "마크 첸 최고경영자가 월요일 사임했다.",
        "Mark Chen은 2019년부터 회사를 이끌어 왔다.",
        "이사회는 Mark Chen에게 감사를 표했다.",
    ]
    alignments, context = make_document_pair(one_each(CHEN_EN, korean))
    flags = term_inconsistency(alignments, context)
    assert document_spans(alignments, flags) == [(0, "마크 첸")]
    assert flags[0][1].message == '"마크 첸" — elsewhere this document writes "Mark Chen" for Mark Chen'
    assert flags[0][1].suggestion == "Mark Chen"


def test_a_name_that_is_also_a_common_noun_counts_where_the_document_keeps_using_it() -> None:
    """Bale / 베일 (a veil): kiwi reads 베일 as a common noun; three sentences writing it for Bale make
    it the document's rendering, so the one sentence keeping "Bale" in Latin is the odd one out."""
    alignments, context = make_document_pair(
        [
            (["The actor Bale starred in the film."], ["배우 베일은 그 영화에 출연했다."]),
            (["Police said Bale was not arrested."], ["경찰은 베일이 체포되지 않았다고 말했다."]),
            (["A spokesman for Bale declined to comment."], ["Bale의 대변인은 논평을 거부했다."]),
            (["In the film, Bale played Bruce Wayne."], ["영화에서 베일은 브루스 웨인 역을 맡았다."]),
        ]
    )
    flags = term_inconsistency(alignments, context)
    assert [(index, flag.code) for index, flag in flags] == [(2, "term-inconsistency")]


def test_a_common_noun_that_only_sounds_like_the_name_once_is_no_rendering() -> None:
    alignments, context = make_document_pair(
        [
            (["Meta said it would appeal."], ["Meta는 항소하겠다고 밝혔다."]),
            (["Meta and its rivals all cut jobs."], ["Meta와 경쟁사 모두 일자리를 줄였다."]),
            (["Meta declined to comment."], ["Meta는 논평을 거부했다."]),
        ]
    )
    assert term_inconsistency(alignments, context) == []
