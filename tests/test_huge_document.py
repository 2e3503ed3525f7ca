"""One huge document (issue 12 part 3): nothing n×m, and the big-document paths change no result.

None of these time anything. Linearity is asserted by counting work (how many alignments a document
check reads, how many rows the margin code touches) and by bounding tracemalloc's peak far below
what one n×m array would take; the memmap and chunked paths are forced on small inputs by lowering
their thresholds and compared with the ordinary in-memory path.
"""

from __future__ import annotations

import itertools
import re
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pytest

from tqcheck.align import dp
from tqcheck.align.dp import AlignParams, BandedAligner, SideFeatures, align_sentences
from tqcheck.checks import consistency, language
from tqcheck.checks.term_index import TermIndex
from tqcheck.embed import matrix
from tqcheck.embed.matrix import embed_matrix, is_scratch
from tqcheck.model import Document, Segment
from tqcheck.score import background
from tqcheck.score.fidelity import embedding_evidence
from tqcheck.text.scripts import whole_latin_word

from checkutil import make_document_pair

SIZE = 3000
DIM = 32


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _synthetic_sides(size: int, seed: int = 0) -> tuple[SideFeatures, SideFeatures]:
    """A source and a noisy one-to-one translation of it."""
    rng = np.random.default_rng(seed)
    meanings = rng.normal(size=(size, DIM))
    lengths = rng.integers(40, 200, size=size).astype(np.float64)
    source = SideFeatures(_unit(meanings + 0.3 * rng.normal(size=meanings.shape)), lengths)
    target = SideFeatures(_unit(meanings + 0.3 * rng.normal(size=meanings.shape)), 0.52 * lengths)
    return source, target


# --- the margin code: aligner, neighbour margin, background ------------------------------------


@pytest.mark.parametrize("chunked", [False, True], ids=["whole", "chunked"])
def test_the_margin_code_on_3000_sentences_never_holds_an_n_by_m_array(
    monkeypatch: pytest.MonkeyPatch, chunked: bool
) -> None:
    """The aligner's blocks and baselines (a fixed-size sample of the other side) and the scorer's
    neighbour margin (a window) under tracemalloc, with the side kept whole and made in chunks; then
    the DP untraced (tracemalloc slows its per-row numpy calls tenfold), with its stored table
    counted instead: one byte per band cell."""
    if chunked:
        monkeypatch.setattr(dp, "WHOLE_ROWS", 0)
        monkeypatch.setattr(dp, "CHUNK_ROWS", 256)
    source, target = _synthetic_sides(SIZE)
    tracemalloc.start()
    try:
        aligner = BandedAligner(source, target, AlignParams())
        for i in range(0, SIZE, 10):
            embedding_evidence(aligner, (i,), (i,))
            embedding_evidence(aligner, (i, i + 1) if i + 1 < SIZE else (i,), (i,))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    one_n_by_m = SIZE * SIZE * 4  # float32: 36 MB
    assert peak < one_n_by_m / 6, f"peak {peak / 2**20:.1f} MiB"
    if chunked:
        return

    cells: list[int] = []
    backtrack = BandedAligner._backtrack

    def spy(self: BandedAligner, choices: list[np.ndarray], low: np.ndarray, high: np.ndarray) -> object:
        cells.append(sum(row.size for row in choices))
        return backtrack(self, choices, low, high)

    monkeypatch.setattr(BandedAligner, "_backtrack", spy)
    pairs, _ = align_sentences(source, target, AlignParams())
    assert pairs == [((i,), (i,)) for i in range(SIZE)]
    assert max(cells) <= (SIZE + 1) * (2 * AlignParams().band_min + 3)


def test_the_band_stops_widening_on_unrelated_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two unrelated documents push the path against the band's edge on every pass; the widening
    stops at MAX_BAND_CELLS instead of growing to a full n×m table."""
    rng = np.random.default_rng(1)
    size = 600
    source = SideFeatures(_unit(rng.normal(size=(size, DIM))), rng.integers(40, 200, size).astype(float))
    target = SideFeatures(_unit(rng.normal(size=(size, DIM))), rng.integers(10, 300, size).astype(float))
    monkeypatch.setattr(dp, "MAX_BAND_CELLS", (size + 1) * 2 * 80)
    widths: list[int] = []
    solve = BandedAligner._solve

    def spy(self: BandedAligner, width: int) -> object:
        widths.append(width)
        return solve(self, width)

    monkeypatch.setattr(BandedAligner, "_solve", spy)
    pairs, _ = align_sentences(source, target, AlignParams())
    assert max(widths) <= 80
    assert sorted({i for s, _ in pairs for i in s}) == list(range(size))


def test_the_background_margin_reads_a_window_of_the_other_side() -> None:
    rng = np.random.default_rng(2)
    own = _unit(rng.normal(size=(50, DIM)))
    others = _unit(rng.normal(size=(SIZE, DIM)))
    query = others[1500]
    scores = background._competitors(own, others, (1500,), query)
    assert scores.shape[0] == own.shape[0] + 2 * background.WINDOW
    # A short document (the only kind that uses the background) still sees all of its sentences.
    short = others[:40]
    assert background._competitors(own, short, (3,), query).shape[0] == own.shape[0] + 39


# --- the document checks ----------------------------------------------------------------------


def _names(count: int) -> list[str]:
    syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vo", "ne", "di", "bar"]
    found = ("".join(parts).capitalize() for parts in itertools.product(syllables, repeat=3))
    return list(itertools.islice(found, count))


def _news(size: int) -> list[tuple[list[str], list[str]]]:
    """``size`` one-to-one pairs naming ``size / 10`` different people, each in ten sentences (the
    same sentence each time, so kiwi analyses each Korean sentence once)."""
    names = _names(size // 10)
    return [
        (
            [f"The minister said {names[index % len(names)]} would visit the port."],
            [f"장관은 {names[index % len(names)]}가 항구를 방문할 것이라고 말했다."],
        )
        for index in range(size)
    ]


def test_term_inconsistency_reads_each_alignment_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """300 recurring names in 3,000 sentences: the old check ran the Latin search once per (name,
    alignment), 900,000 times; now each name reads only the alignments that hold it."""
    alignments, context = make_document_pair(_news(SIZE))
    calls = {"latin": 0, "known": 0}
    latin, known = consistency._latin_rendering, consistency._known_form

    def count_latin(target: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
        calls["latin"] += 1
        return latin(target, pattern)

    def count_known(target: str, forms: list[str]) -> consistency.Rendering | None:
        calls["known"] += 1
        return known(target, forms)

    monkeypatch.setattr(consistency, "_latin_rendering", count_latin)
    monkeypatch.setattr(consistency, "_known_form", count_known)
    consistency.term_inconsistency(alignments, context)
    assert 0 < calls["latin"] <= 3 * SIZE
    assert calls["known"] <= 3 * SIZE


def test_register_mix_reads_each_segments_line_not_the_whole_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pairs = [(["The plan was approved."], ["계획이 승인됐습니다."]) for _ in range(SIZE)]
    pairs[5] = (["The plan was approved."], ["계획이 승인됐다."])  # the one 한다체 sentence
    alignments, context = make_document_pair(pairs)

    def one_per_line(document: Document) -> Document:  # as in a file: line numbers known
        lines = [replace(segment, line=segment.id + 1) for segment in document.segments]
        return Document(document.language, lines)

    context = replace(context, source=one_per_line(context.source), target=one_per_line(context.target))
    read: list[int] = []
    reads_as_heading = language.reads_as_heading

    def spy(segment: Segment, sources: list[Segment], document: list[Segment], alone: bool) -> bool:
        read.append(len(document))
        return reads_as_heading(segment, sources, document, alone)

    monkeypatch.setattr(language, "reads_as_heading", spy)
    flags = language.register_mix(alignments, context)
    assert [index for index, _ in flags] == [5]
    assert len(read) == SIZE and max(read) <= 2


class _ReadEverything(TermIndex):
    """The check as it was: every alignment is a candidate for every term."""

    def naming(self, term: str) -> list[int]:
        pattern = whole_latin_word(re.escape(term))
        return [
            position
            for position, alignment in enumerate(self.alignments)
            if alignment.target_text and pattern.search(alignment.source_text)
        ]

    def others(self, term: str, forms: list[str], named: object) -> list[int]:
        excluded = set(self.naming(term))
        return [
            position
            for position, alignment in enumerate(self.alignments)
            if alignment.target_text and position not in excluded
        ]

    def containing(self, text: str) -> list[int]:
        return [
            position for position, alignment in enumerate(self.alignments) if text in alignment.target_text
        ]


def _mixed_renderings() -> Iterator[tuple[list[str], list[str]]]:
    english = [
        "OpenAI released a new model on Monday.",
        "The company said the model is faster.",
        "Critics say OpenAI moves too fast.",
        "Mark Chen, the company's chief executive, resigned on Monday.",
        "Mark Chen had led the company since 2019.",
        "Meta said on Tuesday that it would cut jobs.",
        "Shares of Meta rose after the news.",
        "The board thanked Mark Chen for his service.",
        "Investors still back OpenAI strongly.",
        "Analysts expect Meta to hire again next year.",
    ]
    korean = [
        "OpenAI는 월요일 새 모델을 공개했다.",
        "오픈AI는 이 모델이 더 빠르다고 밝혔다.",
        "비평가들은 오픈AI가 너무 빨리 움직인다고 말한다.",
        "Mark Chen 최고경영자가 월요일 사임했다.",
        "마크 첸은 2019년부터 회사를 이끌어 왔다.",
        "메타는 화요일 감원 계획을 밝혔다.",
        "매타 주가는 이 소식에 올랐다.",
        "이사회는 마크 첸에게 감사를 표했다.",
        "투자자들은 여전히 OpenAI를 강하게 지지한다.",
        "분석가들은 Meta가 내년에 다시 채용할 것으로 본다.",
    ]
    for round_ in range(30):
        for index, (en, ko) in enumerate(zip(english, korean, strict=True)):
            if (round_ + index) % 7 == 0:
                yield [en], [ko.replace("OpenAI", "오픈AI")]
            else:
                yield [en], [ko]


def test_term_index_gives_the_flags_of_reading_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    alignments, context = make_document_pair(list(_mixed_renderings()))
    indexed = consistency.term_inconsistency(alignments, context)
    monkeypatch.setattr(consistency, "TermIndex", _ReadEverything)
    everything = consistency.term_inconsistency(alignments, context)
    assert indexed == everything
    assert {flag.code for _, flag in indexed} == {"term-inconsistency"}


# --- the memmap and chunked paths give the in-memory results ------------------------------------


class _WordEmbedder:
    """Deterministic vectors: the sum of a fixed random vector per number and per word, so a
    sentence and its translation (which share their numbers) come out close."""

    name = "words"
    model_id = "test-words"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        rows = []
        for text in texts:
            vector = np.zeros(DIM)
            for token in re.findall(r"\d+|\w+", text):
                seed = int.from_bytes(token.encode("utf-8")[:8].ljust(8, b"\0"), "little") % 2**32
                weight = 3.0 if token.isdigit() else 0.3
                vector += weight * np.random.default_rng(seed).normal(size=DIM)
            rows.append(vector)
        return _unit(np.array(rows).reshape(len(texts), DIM))


def test_embed_matrix_streams_a_large_side_to_a_memmap(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"sentence {i % 45}" for i in range(100)]  # duplicates are embedded once
    plain = _WordEmbedder().embed(texts)
    monkeypatch.setattr(matrix, "LARGE_ROWS", 10)
    monkeypatch.setattr(matrix, "BATCH_ROWS", 8)
    embedder = _WordEmbedder()
    streamed = embed_matrix(embedder, texts)
    assert is_scratch(streamed)
    assert sum(embedder.calls) == 45 and max(embedder.calls) == 8
    assert np.array_equal(np.asarray(streamed), plain)


def test_chunked_blocks_align_as_the_whole_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = _synthetic_sides(300, seed=3)
    whole_pairs, whole = align_sentences(source, target, AlignParams())
    monkeypatch.setattr(dp, "WHOLE_ROWS", 0)
    monkeypatch.setattr(dp, "CHUNK_ROWS", 16)
    chunked_pairs, chunked = align_sentences(source, target, AlignParams())
    assert chunked_pairs == whole_pairs
    rows = chunked.sentence_vectors("target")
    assert isinstance(rows, dp.SentenceRows)  # made on demand, never held whole
    assert np.array_equal(np.asarray(rows), whole.sentence_vectors("target"))
    assert np.array_equal(rows[[3, 40, 41]], whole.sentence_vectors("target")[[3, 40, 41]])
    assert np.array_equal(rows[-1], whole.sentence_vectors("target")[-1])
    for source_ids, target_ids in [((0,), (0,)), ((5, 6), (5,)), ((17,), (15, 16, 17)), ((298, 299), (299,))]:
        assert np.array_equal(
            chunked.block_vector("source", source_ids), whole.block_vector("source", source_ids)
        )
        assert np.array_equal(
            chunked.block_vector("target", target_ids), whole.block_vector("target", target_ids)
        )
        assert chunked.similarity_and_margin(source_ids, target_ids) == pytest.approx(
            whole.similarity_and_margin(source_ids, target_ids), abs=1e-6
        )


def _document_text(size: int) -> tuple[str, str]:
    english, korean = [], []
    for i in range(size):
        english.append(f"The council approved budget item {100 + i} after a long debate on {i % 7} issues.")
        korean.append(f"의회는 {i % 7}개 쟁점에 대한 긴 논쟁 끝에 예산 항목 {100 + i}을 승인했다.")
        if i % 5 == 4:
            english.append("")
            korean.append("")
    return "\n".join(english), "\n".join(korean)


def test_a_small_document_forced_through_the_memmap_path_gives_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tqcheck
    from tqcheck import pipeline

    english, korean = _document_text(40)
    options = tqcheck.CheckOptions(use_cache=False)
    plain = tqcheck.check_pair(english, korean, embedder=_WordEmbedder(), options=options)
    monkeypatch.setattr(matrix, "LARGE_ROWS", 1)
    monkeypatch.setattr(matrix, "BATCH_ROWS", 7)
    monkeypatch.setattr(dp, "WHOLE_ROWS", 0)
    monkeypatch.setattr(dp, "CHUNK_ROWS", 8)
    seen: list[bool] = []
    align = pipeline.align_sentences

    def spy(source: SideFeatures, target: SideFeatures, params: AlignParams) -> object:
        seen.append(is_scratch(source.vectors) and is_scratch(target.vectors))
        return align(source, target, params)

    monkeypatch.setattr(pipeline, "align_sentences", spy)
    forced = tqcheck.check_pair(english, korean, embedder=_WordEmbedder(), options=options)
    assert seen == [True]
    assert [(a.source_ids, a.target_ids) for a in forced.alignments] == [
        (a.source_ids, a.target_ids) for a in plain.alignments
    ]
    assert [[f.code for f in a.flags] for a in forced.alignments] == [
        [f.code for f in a.flags] for a in plain.alignments
    ]
    for mine, theirs in zip(forced.alignments, plain.alignments, strict=True):
        assert mine.similarity == pytest.approx(theirs.similarity, abs=2e-4)
        assert mine.fidelity == pytest.approx(theirs.fidelity, abs=2e-4)


def test_documents_of_one_segment_still_work_through_the_chunked_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dp, "WHOLE_ROWS", 0)
    monkeypatch.setattr(dp, "CHUNK_ROWS", 4)
    source, target = _synthetic_sides(1)
    pairs, aligner = align_sentences(source, target, AlignParams())
    assert pairs == [((0,), (0,))]
    assert aligner.sentence_vectors("source").shape == (1, DIM)
