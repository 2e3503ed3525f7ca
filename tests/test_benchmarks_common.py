"""Self-checks for what the benchmarks share: corpus loading, the fixed tune/report split, the pair
filter, seeded sampling and the docs writer. Hand-made corpora only, except the pinned split sizes
of the shared corpora (skipped when they are absent)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from benchmarks.common.corpus import (
    CORPORA,
    Pair,
    filter_pairs,
    load_pairs,
    ratio_fences,
    read_parallel,
    split_of,
)
from benchmarks.common.docs import command_line, replace_section
from benchmarks.common.sampling import derived_rng, far_pairs, stratum_start


def _corpus(root: Path, en: list[str], ko: list[str], name: str = "toy-dev") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "dev.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    (folder / "dev.ko").write_text("\n".join(ko) + "\n", encoding="utf-8")
    return root


def _toy(root: Path, n: int = 200) -> Path:
    en = [f"Sentence number {i} is  here. " for i in range(n)]
    ko = [f" 문장 {i}번이  여기 있다." for i in range(n)]
    return _corpus(root, en, ko)


# --------------------------------------------------------------------------- loading


def test_load_pairs_keeps_line_numbers_and_normalises_whitespace(tmp_path: Path) -> None:
    root = _toy(tmp_path, 5)
    pairs = load_pairs("toy-dev", corpora_dir=root)
    assert [p.line for p in pairs] == [0, 1, 2, 3, 4]
    assert pairs[2] == Pair("toy-dev", 2, "Sentence number 2 is  here.", "문장 2번이  여기 있다.")
    collapsed = load_pairs("toy-dev", corpora_dir=root, whitespace="collapse")
    assert collapsed[2].en == "Sentence number 2 is here." and collapsed[2].ko == "문장 2번이 여기 있다."
    assert read_parallel("toy-dev", root)[2] == ("Sentence number 2 is  here. ", " 문장 2번이  여기 있다.")


def test_load_pairs_refuses_unparallel_or_missing_corpora(tmp_path: Path) -> None:
    root = _corpus(tmp_path, ["One.", "Two."], ["하나."])
    with pytest.raises(SystemExit, match=r"dev\.en has 2 lines but dev\.ko has 1"):
        load_pairs("toy-dev", corpora_dir=root)
    with pytest.raises(SystemExit, match="cannot read the corpus"):
        load_pairs("no-such-corpus", corpora_dir=root)
    with pytest.raises(ValueError, match="split must be one of"):
        load_pairs("toy-dev", "test", corpora_dir=root)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the split


def test_split_is_disjoint_and_covers_every_line(tmp_path: Path) -> None:
    root = _toy(tmp_path)
    tune = load_pairs("toy-dev", "tune", corpora_dir=root)
    report = load_pairs("toy-dev", "report", corpora_dir=root)
    every = load_pairs("toy-dev", "all", corpora_dir=root)
    tune_lines, report_lines = {p.line for p in tune}, {p.line for p in report}
    assert not tune_lines & report_lines
    assert tune_lines | report_lines == {p.line for p in every} == set(range(200))
    assert 0.35 < len(tune) / len(every) < 0.65  # a fair coin, not a lopsided rule
    assert [p.line for p in tune] == sorted(tune_lines)  # file order kept


def test_split_depends_on_the_text_alone(tmp_path: Path) -> None:
    en = [f"Sentence number {i} is here." for i in range(60)]
    ko = [f"문장 {i}번이 여기 있다." for i in range(60)]
    halves = {(e, k): split_of(e, k) for e, k in zip(en, ko, strict=True)}
    # Reordered, with lines inserted: every pair stays in its half.
    order = list(range(60))
    random.Random(5).shuffle(order)
    en2 = ["An inserted line.", *(en[i] for i in order)]
    ko2 = ["끼워 넣은 줄.", *(ko[i] for i in order)]
    root = _corpus(tmp_path, en2, ko2)
    for half in ("tune", "report"):
        for pair in load_pairs("toy-dev", half, corpora_dir=root):
            assert pair.line == 0 or halves[pair.en, pair.ko] == half
    # Whitespace does not move a pair; identical pairs share a half.
    assert split_of("  Sentence number 3   is here. ", "문장 3번이 여기  있다.") == halves[en[3], ko[3]]


def test_split_is_pinned() -> None:
    """Changing the split silently would mix tuned and reported data: these values must never change."""
    assert split_of("Hello.", "안녕하세요.") == "report"
    assert [split_of(f"Sentence {i}.", f"문장 {i}.") for i in range(8)] == [
        "report",
        "tune",
        "report",
        "report",
        "report",
        "report",
        "tune",
        "report",
    ]
    assert sum(split_of(f"Sentence {i}.", f"문장 {i}.") == "tune" for i in range(1000)) == 466


@pytest.mark.corpus
def test_split_sizes_of_the_shared_corpora(shared_corpora: Path) -> None:
    sizes = {
        corpus: tuple(
            len(load_pairs(corpus, half, corpora_dir=shared_corpora)) for half in ("tune", "report")
        )
        for corpus in CORPORA
    }
    assert sizes == {"koen-jhe-dev": (341, 379), "koen-news-dev": (511, 489)}


# --------------------------------------------------------------------------- filter


def test_filter_names_each_reason_and_keeps_the_rest() -> None:
    rows = [
        ("A normal sentence is here.", "평범한 문장이 여기 있다."),
        ("", "빈 줄."),
        ("No Hangul here at all.", "No Hangul."),
        ("A glossary line.", "booth 노점, 전화박스"),
        ("a fragment of a sentence.", "문장의 조각이다."),
        ("A very long English sentence that runs on and on.", "짧다."),
    ]
    pairs = [Pair("t", i, en, ko) for i, (en, ko) in enumerate(rows)]
    kept, report = filter_pairs(pairs, bounds=(0.3, 1.0))
    assert [p.line for p in kept] == [0]
    assert report.reasons == {"empty": 1, "no Hangul": 1, "glossary": 1, "fragment": 1, "length ratio": 1}
    assert report.total == 6 and report.kept == 1 and report.dropped == 5
    assert "5 of 6 pairs dropped" in report.describe()
    # Without the shape tests only emptiness, Hangul and the band count.
    kept, report = filter_pairs(pairs, bounds=(0.3, 1.0), shape=False)
    assert [p.line for p in kept] == [0, 3, 4]
    assert set(report.reasons) == {"empty", "no Hangul", "length ratio"}


def test_ratio_fences_come_from_the_quartiles() -> None:
    pairs = [Pair("t", i, "x" * 100, "가" * (40 + i)) for i in range(21)]  # ratios 0.40 .. 0.60
    # Quartiles 0.45 and 0.55 (linear interpolation); fences 1.5 interquartile ranges out, in logs.
    low, high = ratio_fences(pairs)
    assert low == pytest.approx(0.333, abs=0.001) and high == pytest.approx(0.743, abs=0.001)
    broken = [*pairs, Pair("t", 99, "x" * 100, "가" * 300)]  # one outlier (3.0) barely moves them
    assert ratio_fences(broken)[1] == pytest.approx(0.762, abs=0.001)


# --------------------------------------------------------------------------- sampling


def test_derived_streams_are_independent_and_reproducible() -> None:
    assert derived_rng(13, 2).random() == derived_rng(13, 2).random()
    assert derived_rng(13, 2).random() != derived_rng(13, 3).random()
    assert derived_rng(13, 1, stride=7919).random() == random.Random(13 * 7919 + 1).random()


def test_stratum_windows_do_not_overlap() -> None:
    rng = random.Random(0)
    starts = [stratum_start(rng, number, 50, 30) for number in range(6)]
    for number, start in enumerate(starts):
        assert number * 50 <= start <= number * 50 + 20


def test_far_pairs_keep_their_distance() -> None:
    pairs = [Pair("t", i, "e", "k") for i in range(300)]
    far = far_pairs(pairs, 100, 120, distance=50)
    assert {p.line for p in far} == set(range(50)) | set(range(171, 300))


# --------------------------------------------------------------------------- docs


def test_replace_section_replaces_only_its_section(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.md"
    replace_section(path, "## Mine", "## Mine\n\nfirst\n")
    assert path.read_text(encoding="utf-8").startswith("# Benchmarks\n")
    path.write_text(path.read_text(encoding="utf-8") + "\n## Other\n\nkeep\n", encoding="utf-8")
    replace_section(path, "## Mine", "## Mine\n\nsecond\n")
    text = path.read_text(encoding="utf-8")
    assert text.count("## Mine") == 1 and "second" in text and "first" not in text
    assert text.index("## Mine") < text.index("## Other") and "## Other\n\nkeep" in text
    path.write_text("# B\n\n## Mine\n\nold\n\n## Later\n\nstays\n", encoding="utf-8")
    replace_section(path, "## Mine", "## Mine\n\nnew\n")
    assert path.read_text(encoding="utf-8") == "# B\n\n## Mine\n\nnew\n\n## Later\n\nstays\n"


def test_command_line_leaves_out_where_output_goes() -> None:
    argv = ["--docs", "2", "--workdir", "/tmp/w", "--json-out=/tmp/o.json", "--write-docs"]
    assert command_line("benchmarks.x", argv) == "python -m benchmarks.x --docs 2 --write-docs"
    assert command_line("benchmarks.x", []) == "python -m benchmarks.x"


def test_the_short_pair_set_is_well_formed_and_split_both_ways() -> None:
    """corpora/short-pairs: three fields a line, short English with Hangul Korean, no pair twice, and
    both halves large enough to choose a threshold on one and report on the other."""
    from benchmarks.short_pairs_eval import english_words, read_short_pairs

    rows = read_short_pairs()
    assert len(rows) >= 100
    assert len({(english, korean) for english, korean, _ in rows}) == len(rows)
    assert {kind for _, _, kind in rows} <= {"idiom", "ui", "sign", "headline"}
    for english, korean, _ in rows:
        assert 1 <= english_words(english) <= 6, english
        assert re.search("[가-힣]", korean), korean
    halves = [split_of(english, korean) for english, korean, _ in rows]
    assert min(halves.count("tune"), halves.count("report")) >= 40
