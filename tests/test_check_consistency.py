"""Document-level consistency checks: register-mix, term-inconsistency, glossary, load_glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.checks.consistency import (
    SpeechLevel,
    glossary,
    load_glossary,
    register_mix,
    speech_level,
    term_inconsistency,
)
from tqcheck.checks.registry import registered_codes
from tqcheck.errors import InputError
from tqcheck.model import Alignment, Flag

from checkutil import make_document_pair


def _one_each(english: list[str], korean: list[str]) -> list[tuple[list[str], list[str]]]:
    return [([e], [k]) for e, k in zip(english, korean, strict=True)]


def _spans(alignments: list[Alignment], flags: list[tuple[int, Flag]]) -> list[tuple[int, str]]:
    """(alignment index, flagged text) for each flag, read from the side the flag names."""
    out = []
    for index, flag in flags:
        alignment = alignments[index]
        text = alignment.source_text if flag.side == "source" else alignment.target_text
        assert flag.start is not None and flag.end is not None
        out.append((index, text[flag.start : flag.end]))
    return out


def test_codes_are_registered() -> None:
    assert {"register-mix", "term-inconsistency", "glossary"} <= set(registered_codes())


# --- register-mix ---------------------------------------------------------------------------

ENGLISH = [f"Sentence {i}." for i in range(8)]
PLAIN = [
    "정부는 월요일 세금을 인상하겠다고 밝혔다.",
    "비평가들은 이 계획이 불공정하다고 말했다.",
    "투표는 다음 주에 실시된다.",
    "야당은 법안에 반대하고 있다.",
    "시장은 이 소식에 크게 반응했다.",
]


@pytest.mark.parametrize(
    ("odd", "word", "level"),
    [
        ("노조는 재검토를 요구하고 있습니다.", "있습니다", "합니다체"),
        ("노조는 재검토를 요구했어요.", "요구했어요", "해요체"),
        ("노조가 재검토를 요구했습니까?", "요구했습니까", "합니다체"),
    ],
)
def test_register_mix_flags_the_odd_sentence_in_a_plain_document(odd: str, word: str, level: str) -> None:
    korean = [*PLAIN[:2], odd, *PLAIN[2:]]
    alignments, context = make_document_pair(_one_each(ENGLISH[: len(korean)], korean))
    flags = register_mix(alignments, context)
    assert [flag.code for _, flag in flags] == ["register-mix"]
    assert _spans(alignments, flags) == [(2, word)]
    assert flags[0][1].side == "target"
    assert flags[0][1].message == (
        f'"{word}": this sentence is in {level} while the rest of the document uses 한다체 (plain style)'
    )


def test_register_mix_flags_plain_sentence_in_a_formal_document() -> None:
    korean = [
        "정부는 세금을 인상하겠다고 밝혔습니다.",
        "비평가들은 이 계획이 불공정하다고 말했습니다.",
        "투표는 다음 주에 실시된다.",
        "야당은 법안에 반대하고 있습니다.",
    ]
    alignments, context = make_document_pair(_one_each(ENGLISH[:4], korean))
    flags = register_mix(alignments, context)
    assert _spans(alignments, flags) == [(2, "실시된다")]
    assert "uses 합니다체 (formal polite style)" in flags[0][1].message


def test_register_mix_span_is_offset_into_a_multi_sentence_alignment() -> None:
    pairs = [
        (["A.", "B."], ["정부는 세금을 인상하겠다고 밝혔다.", "노조는 재검토를 요구하고 있습니다."]),
        (["C."], ["투표는 다음 주에 실시된다."]),
        (["D."], ["야당은 법안에 반대하고 있다."]),
    ]
    alignments, context = make_document_pair(pairs)
    flags = register_mix(alignments, context)
    assert _spans(alignments, flags) == [(0, "있습니다")]


def test_register_mix_accepts_a_document_entirely_in_one_level() -> None:
    korean = [
        "정부는 세금을 인상하겠다고 밝혔습니다.",
        "비평가들은 이 계획이 불공정하다고 말했습니다.",
        "투표는 다음 주에 실시됩니다.",
        "야당은 법안에 반대하고 있습니까?",
        "내일 다시 논의합시다.",
    ]
    alignments, context = make_document_pair(_one_each(ENGLISH[:5], korean))
    assert register_mix(alignments, context) == []
    alignments, context = make_document_pair(_one_each(ENGLISH[:5], PLAIN))
    assert register_mix(alignments, context) == []


@pytest.mark.parametrize(
    "quoted",
    [
        '"정말 좋았어요"라고 그녀는 말했다.',
        "“정말 좋았어요”라고 그녀는 말했다.",
        "그녀는 ‘이제 집에 가요’라고 생각했다.",
        "그는 “감사합니다. 최선을 다하겠습니다”라며 웃었다.",
        '그는 기자들에게 이렇게 말했다. "우리는 최선을 다했습니다."',
        "“우리는 최선을 다했습니다.”",
    ],
)
def test_register_mix_ignores_quoted_speech_in_another_register(quoted: str) -> None:
    korean = [*PLAIN[:2], quoted, *PLAIN[2:]]
    alignments, context = make_document_pair(_one_each(ENGLISH[: len(korean)], korean))
    assert register_mix(alignments, context) == []


def test_register_mix_follows_a_quotation_split_over_two_segments() -> None:
    korean = [
        PLAIN[0],
        '그는 "우리는 최선을 다했습니다.',
        '결과는 곧 나올 겁니다."라고 말했다.',
        *PLAIN[1:],
    ]
    alignments, context = make_document_pair(_one_each(ENGLISH[: len(korean)], korean))
    assert register_mix(alignments, context) == []


def test_register_mix_ignores_a_stray_opening_quote() -> None:
    """An opening mark never closed must not hide the rest of the paragraph."""
    korean = ["“일본 군사적 야망은 우려할만한 수준", *PLAIN[:3], "노조는 재검토를 요구하고 있습니다."]
    alignments, context = make_document_pair(_one_each(ENGLISH[:5], korean))
    assert _spans(alignments, register_mix(alignments, context)) == [(4, "있습니다")]


def test_register_mix_skips_headlines_and_headline_style_lines() -> None:
    korean = ["정부, 세금 인상 계획 발표합니다", *PLAIN[:3], "대학생 25% 이상 성경험 있어"]
    alignments, context = make_document_pair(_one_each(ENGLISH[:5], korean), target_headlines={0})
    assert register_mix(alignments, context) == []


def test_register_mix_needs_three_sentences_and_a_clear_majority() -> None:
    short = [PLAIN[0], "노조는 재검토를 요구하고 있습니다."]
    alignments, context = make_document_pair(_one_each(ENGLISH[:2], short))
    assert register_mix(alignments, context) == []
    even = [PLAIN[0], PLAIN[1], "노조는 재검토를 요구합니다.", "투표는 다음 주에 실시됩니다."]
    alignments, context = make_document_pair(_one_each(ENGLISH[:4], even))
    assert register_mix(alignments, context) == []


def test_register_mix_ignores_endings_with_no_clear_level() -> None:
    korean = [*PLAIN[:3], "과연 이 계획은 성공할까?", "정부의 새로운 세금 정책 발표"]
    alignments, context = make_document_pair(_one_each(ENGLISH[:5], korean))
    assert register_mix(alignments, context) == []


@pytest.mark.parametrize(
    ("ending", "level"),
    [
        ("습니다", SpeechLevel.FORMAL),
        ("ᆸ니다", SpeechLevel.FORMAL),
        ("ᆸ니까", SpeechLevel.FORMAL),
        ("랍니다", SpeechLevel.FORMAL),
        ("ᆸ시다", SpeechLevel.FORMAL),
        ("어요", SpeechLevel.POLITE),
        ("죠", SpeechLevel.POLITE),
        ("다", SpeechLevel.PLAIN),
        ("ᆫ다", SpeechLevel.PLAIN),
        ("냐", SpeechLevel.PLAIN),
        ("자", SpeechLevel.PLAIN),
        ("어", SpeechLevel.CASUAL),
        ("야", SpeechLevel.CASUAL),
        ("니까", None),
        ("ᆯ까", None),
    ],
)
def test_speech_level_of_endings(ending: str, level: SpeechLevel | None) -> None:
    assert speech_level(ending) is level


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
    alignments, context = make_document_pair(_one_each(OPENAI_EN, korean))
    flags = term_inconsistency(alignments, context)
    assert [flag.code for _, flag in flags] == ["term-inconsistency"]
    assert _spans(alignments, flags) == [(2, "오픈AI")]
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
    alignments, context = make_document_pair(_one_each(english, korean))
    flags = term_inconsistency(alignments, context)
    assert _spans(alignments, flags) == [(1, "오픈AI")]


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
    alignments, context = make_document_pair(_one_each(META_EN, korean))
    flags = term_inconsistency(alignments, context)
    assert _spans(alignments, flags) == [(1, "Meta")]
    assert flags[0][1].message == '"Meta" — elsewhere this document writes "메타" for Meta'


def test_term_inconsistency_breaks_a_latin_hangul_tie_by_korean_convention() -> None:
    english = META_EN[:2]
    korean = ["Meta는 화요일 감원 계획을 밝혔다.", "이 소식 이후 메타 주가가 올랐다."]
    alignments, context = make_document_pair(_one_each(english, korean))
    assert _spans(alignments, term_inconsistency(alignments, context)) == [(0, "Meta")]
    # an acronym stays Latin: the transliteration is the odd one out
    english = ["NASA launched a probe.", "NASA said the probe is healthy."]
    korean = ["NASA는 탐사선을 발사했다.", "나사는 탐사선이 정상이라고 밝혔다."]
    alignments, context = make_document_pair(_one_each(english, korean))
    assert _spans(alignments, term_inconsistency(alignments, context)) == [(1, "나사")]


def test_term_inconsistency_flags_a_minority_transliteration() -> None:
    korean = [
        "메타는 화요일 감원 계획을 밝혔다.",
        "이 소식 이후 매타 주가가 올랐다.",
        "분석가들은 메타가 내년에 다시 채용할 것으로 본다.",
    ]
    alignments, context = make_document_pair(_one_each(META_EN, korean))
    flags = term_inconsistency(alignments, context)
    assert _spans(alignments, flags) == [(1, "매타")]
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
    alignments, context = make_document_pair(_one_each(META_EN, korean))
    assert term_inconsistency(alignments, context) == []


def test_term_inconsistency_is_conservative() -> None:
    # a tie between two transliterations has no majority to point to
    korean = ["메타는 화요일 감원 계획을 밝혔다.", "이 소식 이후 매타 주가가 올랐다."]
    alignments, context = make_document_pair(_one_each(META_EN[:2], korean))
    assert term_inconsistency(alignments, context) == []
    # names translated rather than transliterated, and capitalised sentence starts
    english = ["The US raised tariffs.", "The US said talks will continue.", "The talks end Friday."]
    korean = ["미국은 관세를 인상했다.", "미국은 협상이 계속될 것이라고 밝혔다.", "협상은 금요일에 끝난다."]
    alignments, context = make_document_pair(_one_each(english, korean))
    assert term_inconsistency(alignments, context) == []
    # the original in parentheses after the transliteration, and spacing variants
    english = ["The Codex Sinaiticus is old.", "The Codex is online.", "Scholars read the Codex."]
    korean = [
        "코덱스 시나이티쿠스(Codex Sinaiticus)는 오래되었다.",
        "코덱스는 온라인에 있다.",
        "학자들은 코덱스를 읽는다.",
    ]
    alignments, context = make_document_pair(_one_each(english, korean))
    assert term_inconsistency(alignments, context) == []
    korean = [
        "오픈AI는 월요일 새 모델을 공개했다.",
        "회사는 이 모델이 더 빠르다고 밝혔다.",
        "비평가들은 오픈 AI가 너무 빨리 움직인다고 말한다.",
        "투자자들은 여전히 오픈AI를 강하게 지지한다.",
    ]
    alignments, context = make_document_pair(_one_each(OPENAI_EN, korean))
    assert term_inconsistency(alignments, context) == []


def test_term_inconsistency_does_not_take_a_common_word_for_a_short_name() -> None:
    """모두 has Meta's consonants (m-t) but is an ordinary word, not a rendering."""
    korean = [
        "메타는 화요일 감원 계획을 밝혔다.",
        "이 소식 이후 모두의 주가가 올랐다.",
        "분석가들은 메타가 내년에 다시 채용할 것으로 본다.",
    ]
    alignments, context = make_document_pair(_one_each(META_EN, korean))
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
    assert _spans(alignments, flags) == [(0, "Meta"), (1, "META")]
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


def test_load_glossary_reads_utf8_bom_cp949_comments_and_extra_columns(tmp_path: Path) -> None:
    text = "source,target,note\n# company names\n\nMeta,메타,brand\n  OpenAI , 오픈AI ,\n"
    plain = tmp_path / "plain.csv"
    plain.write_text(text, encoding="utf-8")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(text.replace("OpenAI", "Samsung").replace("오픈AI", "삼성전자").encode("cp949"))
    expected = (("Meta", "메타"), ("OpenAI", "오픈AI"))
    assert load_glossary(plain) == expected
    assert load_glossary(bom) == expected
    assert load_glossary(legacy) == (("Meta", "메타"), ("Samsung", "삼성전자"))
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('target,source\n"메타, 플랫폼스","Meta Platforms"\n', encoding="utf-8")
    assert load_glossary(quoted) == (("Meta Platforms", "메타, 플랫폼스"),)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Meta,메타\nOpenAI,오픈AI\n", "the first line must be the header 'source,target'"),
        ("source,korean\nMeta,메타\n", "the first line must be the header 'source,target'"),
        ("source,target\nMeta\n", "line 2: expected two columns"),
        ("source,target\nMeta,\n", "line 2: the target term is empty"),
        ("source,target\n,메타\n", "line 2: the source term is empty"),
        ("source,target\n# nothing yet\n", "has a header but no terms"),
        ("source,target\nMeta,메타\nmeta,매타\n", "line 3: 'meta' is already translated as '메타'"),
    ],
)
def test_load_glossary_refuses_bad_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        load_glossary(path)
    assert "\n" not in str(error.value)
    assert str(path) in str(error.value)


def test_load_glossary_refuses_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(InputError, match="does not exist") as error:
        load_glossary(missing)
    assert str(error.value).startswith("glossary: ")
    assert str(missing) in str(error.value)
