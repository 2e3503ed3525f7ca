"""Self-checks for the checks benchmark's defect injectors and bookkeeping, on hand-made data.

A recall figure is only as good as its injections: a defect that is not really there, or
gold that points at the wrong line, would make every check look worse (or better) than it
is. No embeddings and no CLI are needed here, and only the test of the corpus-drawn vocabulary
reads the shared corpora.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from benchmarks.checks_eval import parse_args
from benchmarks.checks_report import BAD_LINES, CODES, VERDICTS
from benchmarks.common import inject
from benchmarks.common.corpus import Pair
from benchmarks.common.inject import (
    DOCUMENT_LEVEL,
    INJECTORS,
    BaseDoc,
    change_number,
    comma_join,
    double_word,
    drop_closer,
    fuse_dangling,
    fuse_sites,
    glossary_plan,
    inject_addition,
    inject_glossary,
    inject_omission,
    inject_term,
    inject_unterminated,
    is_nominal,
    is_plain_document,
    replace_word,
    shared_numbers,
    speech_style,
    strip_stop,
    term_plan,
    to_formal,
    truncate_third,
)
from benchmarks.common.variants import MIN_GAP, build_variant, plan_variants
from benchmarks.common.vocabulary import (
    DanglingVocabulary,
    draw_corpus_vocabulary,
    frozen_vocabulary,
    in_package,
    package_words,
)
from tqcheck.checks.registry import registered_codes


def _doc(rows: list[tuple[str, str]], far: list[tuple[str, str]] | None = None) -> BaseDoc:
    pairs = [Pair("test", i, en, ko) for i, (en, ko) in enumerate(rows)]
    far_pairs = [Pair("test", 1000 + i, en, ko) for i, (en, ko) in enumerate(far or [])]
    return BaseDoc("t0", "koen-jhe-dev", pairs, far_pairs)


def _filler(n: int) -> list[tuple[str, str]]:
    return [(f"Sentence number {i} is here.", f"문장 {i}번이 여기 있다.") for i in range(n)]


# --------------------------------------------------------------------------- text edits


def test_fuse_dangling_glues_to_the_word_at_a_clause_start() -> None:
    assert fuse_dangling("정부는 계획을 발표했다.", "성명") == "성명정부는 계획을 발표했다."
    assert fuse_dangling("IBM은 발표했다.", "성명") is None  # Latin: how Korean spells names anyway
    assert fuse_dangling("성명은 짧았다.", "성명") is None  # already starts with it
    assert fuse_dangling("그는 말했다, 300명이 왔다.", "도착", 8) == "그는 말했다, 도착300명이 왔다."
    assert fuse_dangling("그 일은 끝났다.", "도착") is None  # one syllable: a word of its own


def test_fuse_sites_by_what_starts_the_clause() -> None:
    sites = fuse_sites("정부는 발표했다, 300명이 모였고, 오바마는 웃었다.")
    assert sites["word"] == [0]
    assert sites["number"] == [10]
    assert sites["name"] == [21]


def test_inject_fused_draws_from_the_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inject, "corpus_vocabulary", lambda: DanglingVocabulary(("착수",), ("공고",)))
    doc = _doc([("The plan was announced.", "정부는 계획을 발표했다.")])
    verbal = inject.inject_fused(doc, 0, random.Random(0), 0)
    noun = inject.inject_fused(doc, 0, random.Random(0), 1)
    assert verbal.ko == ("착수정부는 계획을 발표했다.",) and verbal.kind == "verbal noun + word"
    assert noun.ko == ("공고정부는 계획을 발표했다.",) and noun.kind == "noun + word"
    kinds = {inject.inject_fused(doc, 0, random.Random(seed), 0).kind for seed in range(20)}
    assert kinds == {"verbal noun + word"}  # a name or a number wanted: no such site, so a word


def test_hand_made_lexicons_share_no_word_with_the_package() -> None:
    """Names and glossary terms the injections use are nowhere in the package's word lists."""
    listed = [term for term, hangul in inject.TERM_MAP.items() for term in (term, hangul) if in_package(term)]
    listed += [word for entry in inject.GLOSSARY_TERMS for word in entry if in_package(word)]
    assert listed == []


def test_package_words_see_lists_regexes_and_comments_but_not_english_prose() -> None:
    words = package_words()
    assert {"속보", "성명", "직면"} <= words  # a word list, a docstring example
    assert "습니다" in words  # an ending in a regular expression
    assert "translation" not in words  # English prose of messages and docstrings is no word list


def test_the_frozen_injection_vocabulary_is_never_the_packages() -> None:
    # Adding one of these words to tqcheck/ fails here: refresh the draw on purpose
    # (python -m benchmarks.common.vocabulary --refresh), and the benchmark figures move with it.
    vocabulary = frozen_vocabulary()
    words = vocabulary.verbal_nouns + vocabulary.nouns
    assert len(words) == 160 and not [word for word in words if in_package(word)]


@pytest.mark.slow
def test_injected_dangling_words_are_never_the_packages(shared_corpora: Path) -> None:
    vocabulary = draw_corpus_vocabulary(shared_corpora)
    assert len(vocabulary.verbal_nouns) >= 40 and len(vocabulary.nouns) >= 40
    words = vocabulary.verbal_nouns + vocabulary.nouns
    assert not [word for word in words if in_package(word)]
    assert "속보" not in words and "직면" not in words


def test_comma_join_and_strip_stop() -> None:
    assert comma_join("그는 말했다.", "회사는 반박했다.") == "그는 말했다, 회사는 반박했다."
    assert comma_join("그는 말했다?", "x") is None
    assert strip_stop("회사는 반박했다.") == "회사는 반박했다"
    assert strip_stop('그는 "좋다."') is None  # a quote after the stop: left alone


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("300", "x10", "30"),
        ("13", "x10", "130"),
        ("8,192", "x10", "81,920"),
        ("1890", "digit", "1990"),
        ("13", "digit", "14"),
        ("19", "digit", "10"),
        ("300", "digit", "310"),
    ],
)
def test_change_number(text: str, kind: str, expected: str) -> None:
    assert change_number(text, kind) == expected


def test_shared_numbers_only_unambiguous_ones() -> None:
    english, korean = "He hired 300 drivers in 14 cities.", "그는 14개 도시에서 운전기사 300명을 고용했다."
    found = shared_numbers(english, korean)
    assert sorted(m.group() for m in found) == ["14", "300"]
    # 13 twice in the Korean: changing one would leave the other to match the English.
    assert shared_numbers("13 people, the 13th guest", "13명 중 13번째 손님") == []
    assert shared_numbers("One of 1 man", "1명 중 1명") == []  # 0 and 1 are no numbers to check


@pytest.mark.parametrize(
    ("plain", "formal"),
    [
        ("그는 떠났다.", "그는 떠났습니다."),
        ("이것은 책이다.", "이것은 책입니다."),
        ("그는 매일 일한다.", "그는 매일 일합니다."),
        ("나는 밥을 먹는다.", "나는 밥을 먹습니다."),
        ("문제가 없다.", "문제가 없습니다."),
        ("집에 있었다.", "집에 있었습니다."),
        ("문이 열리게 된다.", "문이 열리게 됩니다."),
    ],
)
def test_to_formal(plain: str, formal: str) -> None:
    assert to_formal(plain) == formal


def test_to_formal_leaves_other_endings() -> None:
    assert to_formal("하늘이 아름답다.") is None  # no rule for it: not injected
    assert to_formal("그는 떠났습니다.") is None
    assert to_formal('그는 "떠났다."') is None


def test_speech_style_and_plain_document() -> None:
    assert speech_style("그는 떠났다.") == "plain"
    assert speech_style("그는 떠났습니다.") == "formal"
    assert speech_style("그래요?") == "polite"
    assert speech_style("노조, 파업 경고") is None
    assert is_plain_document(_doc(_filler(12)))
    mixed = _filler(8) + [(f"Line {i}.", f"문장 {i}번입니다.") for i in range(4)]
    assert not is_plain_document(_doc(mixed))


@pytest.mark.parametrize(
    ("text", "old", "new", "expected"),
    [
        ("자동차를 세워야 한다.", "자동차", "차량", "차량을 세워야 한다."),
        ("이런 음식은 좋다.", "음식", "먹거리", "이런 먹거리는 좋다."),
        ("정부가 발표했다.", "정부", "당국", "당국이 발표했다."),
        ("이것은 음식이다.", "음식", "먹거리", "이것은 먹거리이다."),  # copula, not the particle 이
        ("정부와 시민", "정부", "당국", "당국과 시민"),
        ("정부로 갔다", "정부", "당국", "당국으로 갔다"),
    ],
)
def test_replace_word_fixes_the_particle(text: str, old: str, new: str, expected: str) -> None:
    assert replace_word(text, old, new) == expected


def test_drop_closer() -> None:
    assert drop_closer('그는 "좋다"고 말했다.') == ('그는 "좋다고 말했다.', "quote")
    assert drop_closer("회의는 월요일(현지시간) 열렸다.") == ("회의는 월요일(현지시간 열렸다.", "bracket")
    assert drop_closer("“좋다”고 했다.") == ("“좋다고 했다.", "quote")
    assert drop_closer('그는 "좋다고 말했다.') is None  # already unbalanced
    assert drop_closer("괄호가 없다.") is None


def test_truncate_third() -> None:
    text = "하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열."
    cut = truncate_third(text)
    assert cut is not None and text.startswith(cut) and len(cut) <= len(text) / 2
    assert truncate_third("한단어.") is None


def test_is_nominal() -> None:
    assert is_nominal("새로운 의술에 대한 관심")
    assert is_nominal("노조, 파업 경고")
    assert not is_nominal("그는 떠났다")


def test_double_word_repeats_an_inner_noun() -> None:
    text = "정부는 새로운 국가 정책을 발표했다."
    doubled = double_word(text, random.Random(1))
    assert doubled is not None and doubled != text
    words = doubled.split()
    assert any(a == b for a, b in itertools.pairwise(words))
    assert doubled.split()[0] == "정부는" and doubled.endswith("발표했다.")


# --------------------------------------------------------------------------- document-level plans


def test_term_plan_respects_korean_convention_on_ties() -> None:
    rows = _filler(6)
    rows[1] = ("Obama spoke on Monday.", "오바마는 월요일 연설했다.")
    rows[4] = ("Critics said Obama was wrong.", "비평가들은 오바마가 틀렸다고 말했다.")
    doc = _doc(rows)
    # A name written in Hangul twice: the Latin spelling is the odd one out after the edit.
    plan = term_plan(doc, 1)
    assert plan is not None and plan[1:3] == ("오바마", "Obama") and plan[3] == frozenset({4})
    spec = inject_term(doc, 1, random.Random(0), 0)
    assert spec.ko == ("Obama는 월요일 연설했다.",) and spec.protected == frozenset({4})

    rows = _filler(6)
    rows[0] = ("Stocks of IBM rose.", "IBM 주가가 올랐다.")
    rows[3] = ("Analysts like IBM.", "분석가들은 IBM을 좋아한다.")
    plan = term_plan(_doc(rows), 3)
    assert plan is not None and plan[1:3] == ("IBM", "아이비엠")  # acronyms stay Latin by convention


def test_term_plan_skips_names_already_mixed_or_inside_words() -> None:
    rows = _filler(6)
    rows[0] = ("Obama spoke.", "Obama가 연설했다.")
    rows[2] = ("Then Obama left.", "그 후 오바마는 떠났다.")
    assert term_plan(_doc(rows), 0) is None and term_plan(_doc(rows), 2) is None
    rows = _filler(6)
    rows[0] = ("They visit Seoul Grand Park in Seoul.", "그들은 서울대공원을 방문한다.")
    rows[2] = ("Seoul is big, and Seoul is old.", "서울은 크다.")
    assert term_plan(_doc(rows), 0) is None  # 서울대공원 is not 서울 on its own
    rows = _filler(6)
    rows[0] = ("Prime Minister Nuri al-Maliki spoke.", "누리 알-말리키 총리가 연설했다.")
    rows[2] = ("Later al-Maliki left.", "그 후 알-말리키는 떠났다.")
    assert term_plan(_doc(rows), 0) is None  # part of a hyphenated name: not the name Maliki


def test_glossary_plan_needs_every_other_line_consistent() -> None:
    rows = _filler(6)
    rows[1] = ("The war ended.", "전쟁은 끝났다.")
    rows[3] = ("The war began.", "전쟁이 시작됐다.")
    plan = glossary_plan(_doc(rows), 1)
    assert plan is not None and plan[:3] == ("war", "전쟁", "전란") and plan[3] == frozenset({3})
    spec = inject_glossary(_doc(rows), 1, random.Random(0), 0)
    assert spec.ko == ("전란은 끝났다.",) and spec.glossary == ("war", "전쟁")
    rows[3] = ("The war began.", "전란이 시작됐다.")  # the document already breaks the entry
    assert glossary_plan(_doc(rows), 1) is None


# --------------------------------------------------------------------------- bookkeeping


def test_build_variant_tracks_gold_lines_and_neighbours() -> None:
    doc = _doc(_filler(12), far=[("Far away.", "아주 먼 문장이 여기에 있다.")] * 3)
    rng = random.Random(0)
    omission = inject_omission(doc, 2, rng, 0)
    join = inject_unterminated(doc, 5, rng, 0)
    addition = inject_addition(doc, 9, rng, 0)
    assert join.kind == "comma join" and (join.start, join.stop) == (5, 7)
    variant = build_variant(doc, "t0-v0", [omission, join, addition])
    assert len(variant.en) == 12 and len(variant.ko) == 11  # Korean: -1 omission, -1 join, +1 addition
    gold = {p.spec.code: (p.source, p.target) for p in variant.placed}
    assert gold["omission"] == (2, None)
    assert gold["unterminated"] == (None, 4)  # Korean line 2 is gone, so pair 5 is Korean line 4
    assert variant.ko[4] == "문장 5번이 여기 있다, 문장 6번이 여기 있다."
    assert gold["addition"] == (None, 7)
    assert variant.ko[7] == "아주 먼 문장이 여기에 있다." and variant.ko[8] == doc.pairs[9].ko
    assert {1, 2, 3} <= variant.touched_tgt and 0 not in variant.touched_tgt  # both sides of the gap
    assert variant.touched_src >= {1, 2, 3, 4, 5, 6, 7}
    assert variant.tgt_origin[0] is doc.pairs[0] and variant.tgt_origin[4] is None


def test_plan_variants_keeps_injections_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inject, "corpus_vocabulary", lambda: DanglingVocabulary(("착수",), ("공고",)))
    rows = _filler(30)
    rows[4] = ("The long war in the north killed 300 people?", "북부의 긴 전쟁으로 300명이 죽었는가?")
    far = [(f"Short far line {i}", f"먼 곳의 관심 {i}") for i in range(12)]
    far += [(f"A far sentence {i} here.", f"먼 곳에서 온 문장 {i}번이 여기 있다.") for i in range(12)]
    doc = _doc(rows, far)
    variants = plan_variants(doc, random.Random(3), list(INJECTORS), per_doc=2, per_variant=5)
    placed = [p for v in variants for p in v.placed]
    assert all(len(v.placed) <= 5 for v in variants)
    for variant in variants:
        specs = sorted((p.spec for p in variant.placed), key=lambda s: s.start)
        for a, b in itertools.pairwise(specs):
            assert b.start - a.stop >= MIN_GAP - 1
        document_level = [s.code for s in specs if s.code in DOCUMENT_LEVEL]
        assert len(document_level) == len(set(document_level))
        for p in variant.placed:  # the gold line holds the injected text
            if p.target is not None:
                assert variant.ko[p.target] == p.spec.ko[p.spec.gold_ko]
    codes = {p.spec.code for p in placed}
    assert {"omission", "addition", "untranslated", "number-mismatch", "glossary"} <= codes


def test_codes_come_from_the_registry_in_injection_order() -> None:
    assert sorted(CODES) == sorted(registered_codes())
    assert CODES[: len(INJECTORS)] == tuple(INJECTORS)


def test_unknown_codes_are_refused() -> None:
    assert parse_args(["--codes", "omission,addition"]).codes == "omission,addition"
    with pytest.raises(SystemExit):
        parse_args(["--codes", "omission,no-such-check"])


def test_verdicts_load_from_the_data_file() -> None:
    assert VERDICTS["jhe", "180"][0] == "ok"
    assert VERDICTS["news", "966+967"][0] == "bad"
    assert VERDICTS["jhe", "32"][0] == "doc"
    assert {("news", 966), ("news", 967), ("news", 148)} <= BAD_LINES
    assert ("jhe", 32) not in BAD_LINES and ("jhe", 180) not in BAD_LINES
    assert {kind for kind, _ in VERDICTS.values()} == {"bad", "doc", "ok"}
