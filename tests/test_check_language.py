"""The language checks: untranslated, repetition, punctuation-mismatch, register-mix."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tqcheck.checks.language import punctuation_mismatch, register_mix, repetition
from tqcheck.checks.registry import CheckFunction, registered_codes
from tqcheck.checks.untranslated import untranslated
from tqcheck.config import Config, apply_settings
from tqcheck.model import Flag

from checkutil import codes, document_spans, make_document_pair, make_pair, one_each


def run(check: CheckFunction, english: str | list[str], korean: str | list[str]) -> tuple[list[Flag], str]:
    alignment, context = make_pair(english, korean)
    return check(alignment, context), alignment.target_text


def spans(flags: list[Flag], target: str) -> list[str]:
    return [target[flag.start : flag.end] for flag in flags if flag.start is not None]


# --- untranslated ------------------------------------------------------------------------------

SPEED = "Labor researchers say the answer may lie in how the software rewards speed."


@pytest.mark.parametrize(
    ("english", "korean", "span"),
    [
        # the whole sentence passed through
        (SPEED, SPEED, "Labor researchers say the answer may lie in how the software rewards speed"),
        # an English sentence inside Korean text
        (
            f"Warehouse injuries are rising. {SPEED}",
            f"창고 부상이 늘고 있다. {SPEED}",
            "Labor researchers say the answer may lie in how the software rewards speed",
        ),
        # a trailing clause
        (
            "The union said the quotas were unsafe, but the company denied it.",
            "노조는 할당량이 안전하지 않다고 밝혔다, but the company denied it.",
            "but the company denied it",
        ),
        # a Title-Case headline passed through whole is untranslated too
        (
            "Amazon Workers Walk Out Over Heat",
            "Amazon Workers Walk Out Over Heat",
            "Amazon Workers Walk Out Over Heat",
        ),
        # numbers belong to the clause; "in" is a word here, not a unit
        (
            "Deep Blue defeated chess grand master Garry Kasparov in 1997.",
            "Deep Blue는 체스의 대가를 물리쳤다, grand master Garry Kasparov in 1997.",
            "grand master Garry Kasparov in 1997",
        ),
        # a quotation closed onto its particle: the span runs to the last English word
        (
            '"The worst may already be priced in," said analyst Minjun Park.',
            '박민준 애널리스트는 "The worst may already be priced in"이라고 말했다.',
            "The worst may already be priced in",
        ),
        # a run of four lowercase words without a function word
        (
            "He carries a dictionary and learns new words every day.",
            "그는 사전을 가지고 다니며 배운다, new words every day.",
            "new words every day",
        ),
    ],
)
def test_untranslated_flags_english_left_in_the_korean(english: str, korean: str, span: str) -> None:
    flags, target = run(untranslated, english, korean)
    assert codes(flags) == ["untranslated"]
    assert spans(flags, target) == [span]
    assert flags[0].side == "target"
    assert flags[0].message.startswith('English left untranslated: "')


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        # names, brands, acronyms
        (
            "OpenAI and Meta unveiled new models for the iPhone and Samsung Galaxy S24.",
            "OpenAI와 Meta가 iPhone과 Samsung Galaxy S24용 새 모델을 공개했다.",
        ),
        ("The AI CEO met NATO and U.S. officials.", "AI 기업 CEO가 NATO 및 U.S. 관리들과 만났다."),
        # a Title-Case name with lowercase function words, inside Korean text
        (
            "It met the Association of Teachers of English in Korea.",
            "국제교육진흥원은 Association of Teachers of English in Korea 측과 만났다.",
        ),
        # a title of a work kept in Latin, in quotes, as in the source
        ("She starred in 'Gone with the Wind' in 1939.", "그녀는 1939년 'Gone with the Wind'에 출연했다."),
        # URL, e-mail, handle, hashtag, code, units
        (
            "Visit https://example.com/docs/api or write to press@example.com.",
            "https://example.com/docs/api 를 방문하거나 press@example.com 으로 문의하라.",
        ),
        (
            "Follow @openai and #AI for news on the model.",
            "@openai 와 #AI 를 팔로우하면 소식을 받을 수 있다.",
        ),
        (
            "Call get_user_by_id() with user_id = 42 in the code.",
            "코드에서 get_user_by_id() 를 user_id = 42 로 호출한다.",
        ),
        ("It runs 5 km on 2 GB and 3 mm of wire.", "5 km 를 2 GB 와 3 mm 전선으로 달린다."),
        # the English original given in brackets after its Korean rendering
        (
            "Names included twins named Benson and Hedges.",
            "이름 중에는 ‘트윈스 네임드 벤슨 앤 헤지스 (twins named Benson and Hedges, 쌍둥이)’가 있다.",
        ),
        # English in the Korean that is not from the source: not an untranslated segment
        ("The market rose on Monday.", "시장은 월요일에 올랐다. see the notes at the end of it"),
        # a short Latin run below the threshold
        ("He said it was fine.", "그는 it was fine 이라고 말했다."),
        # a product named in bold, or a label the English does not have in bold
        ("Open **Google Drive** and tap **Share**.", "**Google Drive**를 열고 **공유**를 탭하세요."),
        ("Tap Turn on.", "**Turn on**을 탭하세요."),
    ],
)
def test_untranslated_leaves_latin_that_korean_keeps(english: str, korean: str) -> None:
    flags, _ = run(untranslated, english, korean)
    assert flags == []


def test_untranslated_flags_a_bold_button_label_copied_from_the_english() -> None:
    flags, target = run(
        untranslated, "Tap **Turn on**, then **Done**.", "**Turn on**을 탭한 다음 **완료**를 탭하세요."
    )
    assert [(target[f.start : f.end], f.severity.value) for f in flags] == [("Turn on", "warning")]


def test_untranslated_threshold_is_configurable() -> None:
    config = apply_settings(Config(), {"thresholds": {"untranslated": {"min_latin_words": 3}}}, "test")
    alignment, context = make_pair("He said it was fine.", "그는 it was fine 이라고 말했다.", config=config)
    flags = untranslated(alignment, context)
    assert [alignment.target_text[f.start : f.end] for f in flags] == ["it was fine"]


def test_untranslated_span_is_offset_into_the_joined_target() -> None:
    alignment, context = make_pair(
        ["The plan failed.", "Officials blamed the weather for the delay."],
        ["계획은 실패했다.", "Officials blamed the weather for the delay."],
    )
    flags = untranslated(alignment, context)
    assert [alignment.target_text[f.start : f.end] for f in flags] == [
        "Officials blamed the weather for the delay"
    ]


# --- repetition ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "korean", "span"),
    [
        ("The national economy grew.", "국가 국가 경제가 성장했다.", "국가"),
        ("Three men were sitting on a bench.", "세 명의 세 명의 남자가 벤치에 앉아 있었다.", "세 명의"),
        ("Now an acrobat is walking on a rope.", "이제 이제 곡예사가 밧줄을 타고 있다.", "이제"),
        ("The talks ended on Friday.", "회담은 금요일에 금요일에, 끝났다.", "금요일에"),
        (
            "Competition is intensifying as demand surges, and prices rose.",
            "경쟁이 치열해지고 있는 가운데, 수요가 급증하는 가운데 가격이 올랐다.",
            "가운데",
        ),
        ("Meanwhile, he left early.", "한편, 그는 한편 일찍 떠났다.", "한편"),
        (
            "The government said the new rules will take effect next year.",
            "정부는 새 규정을 내년부터 시행한다고 밝히며 새 규정을 내년부터 시행한다고 강조했다.",
            "새 규정을 내년부터 시행한다고",
        ),
    ],
)
def test_repetition_flags_mt_stutter(english: str, korean: str, span: str) -> None:
    flags, target = run(repetition, english, korean)
    assert codes(flags) == ["repetition"]
    assert spans(flags, target) == [span]


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        # reduplication written as one word, and spaced mimetic/emphatic reduplication
        ("He checked them one by one, little by little.", "그는 하나하나 점점 꼼꼼히 확인했다."),
        ("Trash was scattered here and there.", "쓰레기가 여기저기 흩어져 있었다."),
        ("The stars twinkled.", "별들이 반짝반짝 빛났다."),
        ("The stars twinkled.", "별들이 반짝 반짝 빛났다."),
        ("Sometimes it rains.", "때때로 비가 온다."),
        ("It is a very important building.", "그것은 아주 아주 중요한 건물이다."),
        ("They came in one at a time.", "그들은 한 명 한 명 들어왔다."),
        ("Day after day she waited.", "하루 하루 그녀는 기다렸다."),
        # common words repeated in one sentence
        (
            "It is possible that we can see what they can do.",
            "우리가 그들이 할 수 있는 것을 볼 수 있는 것은 가능한 것이다.",
        ),
        # repetition that mirrors the source
        ("It is very, very cold.", "정말, 정말 춥다."),
        (
            "Children have more information than before, but is more information good for them?",
            "어린이들은 전보다 더 많은 정보가 있지만, 더 많은 정보가 과연 그들에게 좋은가?",
        ),
        # a number twice is the number checks' business
        ("Scores were 10 and 10.", "점수는 10 10 이었다."),
        # the connective once
        ("Prices rose as demand surged.", "수요가 급증하는 가운데 가격이 올랐다."),
    ],
)
def test_repetition_leaves_normal_korean(english: str, korean: str) -> None:
    flags, _ = run(repetition, english, korean)
    assert flags == []


def test_repetition_checks_each_segment_and_offsets_into_the_joined_text() -> None:
    alignment, context = make_pair(
        ["It rained.", "The national team lost."], ["비가 왔다.", "국가 국가 대표팀이 졌다."]
    )
    flags = repetition(alignment, context)
    assert [alignment.target_text[f.start : f.end] for f in flags] == ["국가"]
    assert flags[0].start == len("비가 왔다. 국가 ")


# --- punctuation-mismatch ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "korean", "span"),
    [
        ('He said, "We will win."', '그는 "우리가 이길 것이다.라고 말했다.', '"'),
        ("He called it “historic”.", "그는 이를 “역사적이라고 불렀다.", "“"),
        ("The group (founded in 1990) disbanded.", "그 단체(1990년 설립는 해체됐다.", "("),
        ("The group [founded in 1990] disbanded.", "그 단체는 1990년 설립] 해체됐다.", "]"),
        ("The film 'Rehab' was a hit.", "영화 ‘리햅이 인기를 끌었다.", "‘"),
        ("He wrote “The Sun”.", "그는 「태양을 썼다.", "「"),
    ],
)
def test_punctuation_flags_unbalanced_marks(english: str, korean: str, span: str) -> None:
    flags, target = run(punctuation_mismatch, english, korean)
    assert codes(flags) == ["punctuation-mismatch"]
    assert spans(flags, target) == [span]
    assert "unmatched" in flags[0].message


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("Why did the company wait?", "회사는 왜 기다렸는가."),
        ('"Do you have the time?"', "그 남자는 시간이 있느냐고 말했다."),
        (["It failed.", "Who is to blame?"], ["실패했다.", "누구의 책임인가."]),
        # a question word alone does not make a rhetorical question: the conjecture 겠 is missing
        ("Who will win?", "누가 이길 것이다."),
    ],
)
def test_punctuation_flags_a_lost_question(english: str | list[str], korean: str | list[str]) -> None:
    flags, target = run(punctuation_mismatch, english, korean)
    assert codes(flags) == ["punctuation-mismatch"]
    last_eojeol = target.split()[-1]
    assert spans(flags, target) == [last_eojeol]
    assert "question" in flags[0].message


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        # balanced, with Korean's own choice of marks
        ('He said, "We will win."', "그는 ‘우리가 이길 것’이라고 말했다."),
        ('He said, "We will win."', '그는 “우리가 이길 것이다"라고 말했다.'),
        ("The storm hit Taiwan.", "태풍 ‘풍웡’이 28일(현지시간) 대만을 강타했다."),
        # apostrophes are not quotation marks
        ("They don't visit Ch'unch'on.", "그들은 Ch'unch'on 에 가지 않는다 (don't)."),
        ("The students' union met in the '90s.", "students' union 은 '90s 에 모였다."),
        # the source quotation is itself open: it continues in the next sentence
        ("\"I wouldn't worry about it.", "“나라면 걱정하지 않겠소."),
        (
            "He would say, 'You're better at law than me,\" said Jack.",
            "그는 ‘당신이 더 잘 알잖아.’라고 말했다.",
        ),
        # questions kept as questions
        ("Do you know what the cow answered?", "소가 뭐라고 대답했는지 압니까?"),
        ('He asked, "Where are you going?"', '그는 "어디 가니?"라고 물었다.'),
        # a question followed by a statement, merged by the Korean: only the last sentence counts
        (["And an inquiry about love life?", "Forget it."], ["연애에 대한 질문도 역시 안 된다."]),
        # a rhetorical question, written as Korean writes one: a question word and a conjecture
        ("Who knows?", "누가 알겠어."),
        ("Who cares what they think?", "그들이 뭐라고 생각하든 누가 신경 쓰겠나."),
    ],
)
def test_punctuation_leaves_matching_korean(english: str | list[str], korean: str) -> None:
    flags, _ = run(punctuation_mismatch, english, korean)
    assert flags == []


def test_punctuation_excuses_a_quotation_that_spans_two_korean_sentences() -> None:
    pairs = [
        (['"The plan is sound,'], ["“계획은 건전하다."]),  # source open too: skipped
        (
            ["He is at a fantastic club and need not think otherwise."],
            ["다른 생각을 할 필요가 없다”고 말했다."],
        ),
    ]
    alignments, context = make_document_pair(pairs)
    assert punctuation_mismatch(alignments[1], context) == []
    alone, alone_context = make_pair(pairs[1][0], pairs[1][1])
    assert codes(punctuation_mismatch(alone, alone_context)) == ["punctuation-mismatch"]


# --- register-mix ----------------------------------------------------------------------------

ENGLISH = [f"Sentence {i}." for i in range(8)]


def test_register_mix_is_registered() -> None:
    assert "register-mix" in registered_codes()


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
    alignments, context = make_document_pair(one_each(ENGLISH[: len(korean)], korean))
    flags = register_mix(alignments, context)
    assert [flag.code for _, flag in flags] == ["register-mix"]
    assert document_spans(alignments, flags) == [(2, word)]
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
    alignments, context = make_document_pair(one_each(ENGLISH[:4], korean))
    flags = register_mix(alignments, context)
    assert document_spans(alignments, flags) == [(2, "실시된다")]
    assert "uses 합니다체 (formal polite style)" in flags[0][1].message


INTERVIEW = [
    "요리는 어떻게 시작하게 되셨어요?",
    "열 살 때 할머니가 가르쳐 주셨어요.",
    "겨울마다 만두를 빚었어요.",
    "지금도 할머니 레시피를 써요.",
    "시간 내 주셔서 감사합니다.",
    "작은 식당을 여는 것이 꿈입니다.",
]


def test_register_mix_accepts_formal_sentences_in_a_polite_interview() -> None:
    """Speech in 해요체 moves to 합니다체 for set phrases and weight: not a slip."""
    alignments, context = make_document_pair(one_each(ENGLISH[: len(INTERVIEW)], INTERVIEW))
    assert register_mix(alignments, context) == []


def test_register_mix_flags_a_polite_sentence_in_a_formal_document_and_plain_in_a_polite_one() -> None:
    formal = [
        "정부는 세금을 인상하겠다고 밝혔습니다.",
        "비평가들은 불공정하다고 말했습니다.",
        "투표는 다음 주에 실시돼요.",
        "야당은 반대하고 있습니다.",
    ]
    alignments, context = make_document_pair(one_each(ENGLISH[:4], formal))
    assert document_spans(alignments, register_mix(alignments, context)) == [(2, "실시돼요")]
    polite = [*INTERVIEW[:3], "지금도 할머니 레시피를 쓴다.", *INTERVIEW[4:]]
    alignments, context = make_document_pair(one_each(ENGLISH[: len(polite)], polite))
    assert document_spans(alignments, register_mix(alignments, context)) == [(3, "쓴다")]


HELP_PAGE = [
    "비밀번호를 잊어버린 경우 로그인 페이지에서 재설정할 수 있습니다.",
    "계정에 연결된 이메일 주소를 입력하고 보내기를 선택하세요.",
    "30분 후에 만료되는 링크를 이메일로 보내 드립니다.",
    "10분 이내에 이메일을 받지 못한 경우 스팸 폴더를 확인하세요.",
    "최근 5개의 비밀번호는 다시 사용할 수 없습니다.",
    "지원팀에 문의하세요.",
]


def test_register_mix_accepts_polite_requests_among_formal_statements() -> None:
    """Help pages state in 합니다체 and instruct with -(으)세요 by convention: one register."""
    alignments, context = make_document_pair(one_each(ENGLISH[: len(HELP_PAGE)], HELP_PAGE))
    assert register_mix(alignments, context) == []


def test_register_mix_accepts_honorific_questions_to_the_reader_among_formal_statements() -> None:
    korean = [*HELP_PAGE[:3], "비밀번호를 잊으셨나요?", *HELP_PAGE[3:], "도움이 더 필요하신가요?"]
    alignments, context = make_document_pair(one_each(ENGLISH[: len(korean)], korean))
    assert register_mix(alignments, context) == []


def test_register_mix_flags_an_honorific_question_in_a_plain_article() -> None:
    korean = [*PLAIN[:2], "비밀번호를 잊으셨나요?", *PLAIN[2:]]
    alignments, context = make_document_pair(one_each(ENGLISH[: len(korean)], korean))
    assert document_spans(alignments, register_mix(alignments, context)) == [(2, "잊으셨나요")]


def test_register_mix_still_flags_plain_style_among_statements_and_requests() -> None:
    korean = [*HELP_PAGE, "링크를 열고 새 비밀번호를 선택한다."]
    alignments, context = make_document_pair(one_each(ENGLISH[: len(korean)], korean))
    flags = register_mix(alignments, context)
    assert document_spans(alignments, flags) == [(6, "선택한다")]
    assert "uses 합니다체" in flags[0][1].message


def test_register_mix_flags_a_polite_request_in_a_plain_article() -> None:
    korean = [*PLAIN[:2], "자세한 내용은 홈페이지를 확인하세요.", *PLAIN[2:]]
    alignments, context = make_document_pair(one_each(ENGLISH[: len(korean)], korean))
    flags = register_mix(alignments, context)
    assert document_spans(alignments, flags) == [(2, "확인하세요")]


def test_register_mix_span_is_offset_into_a_multi_sentence_alignment() -> None:
    pairs = [
        (["A.", "B."], ["정부는 세금을 인상하겠다고 밝혔다.", "노조는 재검토를 요구하고 있습니다."]),
        (["C."], ["투표는 다음 주에 실시된다."]),
        (["D."], ["야당은 법안에 반대하고 있다."]),
    ]
    alignments, context = make_document_pair(pairs)
    flags = register_mix(alignments, context)
    assert document_spans(alignments, flags) == [(0, "있습니다")]


def test_register_mix_accepts_a_document_entirely_in_one_level() -> None:
    korean = [
        "정부는 세금을 인상하겠다고 밝혔습니다.",
        "비평가들은 이 계획이 불공정하다고 말했습니다.",
        "투표는 다음 주에 실시됩니다.",
        "야당은 법안에 반대하고 있습니까?",
        "내일 다시 논의합시다.",
    ]
    alignments, context = make_document_pair(one_each(ENGLISH[:5], korean))
    assert register_mix(alignments, context) == []
    alignments, context = make_document_pair(one_each(ENGLISH[:5], PLAIN))
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
    alignments, context = make_document_pair(one_each(ENGLISH[: len(korean)], korean))
    assert register_mix(alignments, context) == []


def test_register_mix_follows_a_quotation_split_over_two_segments() -> None:
    korean = [
        PLAIN[0],
        '그는 "우리는 최선을 다했습니다.',
        '결과는 곧 나올 겁니다."라고 말했다.',
        *PLAIN[1:],
    ]
    alignments, context = make_document_pair(one_each(ENGLISH[: len(korean)], korean))
    assert register_mix(alignments, context) == []


def test_register_mix_ignores_a_stray_opening_quote() -> None:
    """An opening mark never closed must not hide the rest of the paragraph."""
    korean = ["“일본 군사적 야망은 우려할만한 수준", *PLAIN[:3], "노조는 재검토를 요구하고 있습니다."]
    alignments, context = make_document_pair(one_each(ENGLISH[:5], korean))
    assert document_spans(alignments, register_mix(alignments, context)) == [(4, "있습니다")]


def test_register_mix_skips_headlines_and_headline_style_lines() -> None:
    korean = ["정부, 세금 인상 계획 발표합니다", *PLAIN[:3], "대학생 25% 이상 성경험 있어"]
    alignments, context = make_document_pair(one_each(ENGLISH[:5], korean), target_headlines={0})
    assert register_mix(alignments, context) == []


def test_register_mix_needs_three_sentences_and_a_clear_majority() -> None:
    short = [PLAIN[0], "노조는 재검토를 요구하고 있습니다."]
    alignments, context = make_document_pair(one_each(ENGLISH[:2], short))
    assert register_mix(alignments, context) == []
    even = [PLAIN[0], PLAIN[1], "노조는 재검토를 요구합니다.", "투표는 다음 주에 실시됩니다."]
    alignments, context = make_document_pair(one_each(ENGLISH[:4], even))
    assert register_mix(alignments, context) == []


def test_register_mix_ignores_endings_with_no_clear_level() -> None:
    korean = [*PLAIN[:3], "과연 이 계획은 성공할까?", "정부의 새로운 세금 정책 발표"]
    alignments, context = make_document_pair(one_each(ENGLISH[:5], korean))
    assert register_mix(alignments, context) == []


# --- repetition suggestions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "korean", "fixed"),
    [
        ("The national economy grew.", "국가 국가 경제가 성장했다.", "국가 경제가 성장했다."),
        (
            "Three men were sitting on a bench.",
            "세 명의 세 명의 남자가 벤치에 앉아 있었다.",
            "세 명의 남자가 벤치에 앉아 있었다.",
        ),
        ("The talks ended on Friday.", "회담은 금요일에 금요일에, 끝났다.", "회담은 금요일에, 끝났다."),
    ],
)
def test_repetition_suggests_deleting_the_second_copy(english: str, korean: str, fixed: str) -> None:
    from tqcheck.report.fix import apply_flag

    (flag,) = run(repetition, english, korean)[0]
    assert flag.suggestion == ""
    assert flag.start is not None and flag.end is not None
    assert apply_flag(korean, flag.start, flag.end, flag.suggestion) == fixed


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        # a stacked connective or a phrase said twice needs the sentence rewritten
        ("Meanwhile, he left early.", "한편, 그는 한편 일찍 떠났다."),
        (
            "The government said the new rules will take effect next year.",
            "정부는 새 규정을 내년부터 시행한다고 밝히며 새 규정을 내년부터 시행한다고 강조했다.",
        ),
        # punctuation between the copies: deleting one would leave it dangling
        ("The national economy grew.", "국가, 국가, 경제가 성장했다."),
    ],
)
def test_repetition_gives_no_suggestion_where_the_repair_is_unknown(english: str, korean: str) -> None:
    flags, _ = run(repetition, english, korean)
    assert codes(flags) == ["repetition"]
    assert flags[0].suggestion is None


FORMAL = [
    "정부는 세금을 인상하겠다고 밝혔습니다.",
    "비평가들은 이 계획이 불공정하다고 말했습니다.",
    "투표는 다음 주에 실시됩니다.",
    "야당은 법안에 반대하고 있습니다.",
]


@pytest.mark.parametrize(
    ("english_heading", "korean_heading", "source_headlines"),
    [
        # a title-case English headline that asks, rendered as a question
        (
            "Can Artificial Intelligence Stop the Next Pandemic?",
            "인공지능이 다음 팬데믹을 막을 수 있을까요?",
            set(),
        ),
        # the same headline with a full stop, as news feeds write them
        ("Artificial Intelligence Could Stop Pandemics.", "인공지능이 팬데믹을 막을 수 있어요.", set()),
        # an English headline the segmenter recognised, rendered with a question mark
        ("AI and the next pandemic", "인공지능이 팬데믹을 막을 수 있을까요?", {0}),
        # sentence case, but the title line of the document
        ("Can AI stop the next pandemic?", "인공지능이 다음 팬데믹을 막을 수 있을까요?", set()),
    ],
)
def test_register_mix_exempts_a_headline_whatever_it_ends_with(
    english_heading: str, korean_heading: str, source_headlines: set[int]
) -> None:
    alignments, context = make_document_pair(
        one_each([english_heading, *ENGLISH[:4]], [korean_heading, *FORMAL]),
        source_headlines=source_headlines,
    )
    assert register_mix(alignments, context) == []


def test_register_mix_still_flags_a_question_in_the_body() -> None:
    # a sentence-case question inside the article is a sentence: its register counts
    korean = [*FORMAL[:2], "인공지능이 다음 팬데믹을 막을 수 있을까요?", *FORMAL[2:]]
    english = [*ENGLISH[:2], "Can artificial intelligence stop the next pandemic?", *ENGLISH[2:4]]
    alignments, context = make_document_pair(one_each(english, korean))
    assert document_spans(alignments, register_mix(alignments, context)) == [(2, "있을까요")]


def test_register_mix_flags_a_title_case_sentence_that_shares_its_line() -> None:
    # the English is in title case, but the Korean sentence shares a line with another: no heading
    english = [
        "Sentence 0.",
        "Sentence 1.",
        "The Union Demands a Review of the Plan.",
        "Sentence 3.",
        "Sentence 4.",
    ]
    korean = [FORMAL[0], FORMAL[1], "노조는 계획의 재검토를 요구했어요.", FORMAL[2], FORMAL[3]]
    alignments, context = make_document_pair([([e], [k]) for e, k in zip(english, korean, strict=True)])
    lines = [1, 2, 3, 3, 4]  # the odd sentence and the next one on line 3
    segments = [
        replace(segment, line=line) for segment, line in zip(context.target.segments, lines, strict=True)
    ]
    context = replace(context, target=replace(context.target, segments=segments))
    assert document_spans(alignments, register_mix(alignments, context)) == [(2, "요구했어요")]


@pytest.mark.parametrize(
    ("english", "korean", "term"),
    [
        (
            "Its chips are built for data centers.",
            "이 회사의 칩은 data center용으로 만들어졌다.",
            "data center",
        ),
        ("The blockchain platform launched today.", "그 blockchain 플랫폼이 오늘 출시됐다.", "blockchain"),
        ("Open settings", "open settings", "open settings"),
    ],
)
def test_a_lowercase_english_term_in_korean_prose_is_a_warning(english: str, korean: str, term: str) -> None:
    flags, target = run(untranslated, english, korean)
    assert [(flag.code, flag.severity.value) for flag in flags] == [("untranslated", "warning")]
    assert spans(flags, target) == [term]


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        (
            "Its chips are built for data centers.",
            "이 회사의 칩은 데이터 센터(data center)용으로 만들어졌다.",
        ),
        ("The phone is 5 mm thinner.", "이 휴대폰은 5 mm 더 얇다."),
        ("See https://example.org/docs for more.", "자세한 내용은 https://example.org/docs 를 보라."),
        ("Install it with `pip install tqcheck`.", "`pip install tqcheck` 명령으로 설치하라."),
        ("The iPhone and eBay grew.", "iPhone과 eBay가 성장했다."),
        ("The word is not in the English.", "그는 cafe에 갔다."),
        # a name the English capitalises, lowercased in the Korean: a misspelt name, not a term
        ("One day Peter and Bill came back.", "어느 날 peter와 Bill이 돌아왔다."),
    ],
)
def test_glosses_units_urls_code_names_and_unrelated_words_are_not_terms(english: str, korean: str) -> None:
    assert run(untranslated, english, korean)[0] == []
