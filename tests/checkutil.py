"""Build check inputs from plain sentences, without files, embeddings or the aligner."""

from __future__ import annotations

from tqcheck.checks.registry import CheckContext
from tqcheck.config import Config
from tqcheck.model import SEGMENT_JOINER, Alignment, Document, Flag, Segment, SegmentKind


def _document(language: str, texts: list[str], headlines: set[int]) -> Document:
    segments = [
        Segment(
            id=i,
            text=text,
            paragraph=0,
            kind=SegmentKind.HEADLINE if i in headlines else SegmentKind.SENTENCE,
        )
        for i, text in enumerate(texts)
    ]
    return Document(language=language, segments=segments)  # type: ignore[arg-type]


def make_document_pair(
    pairs: list[tuple[list[str], list[str]]],
    source_headlines: set[int] | None = None,
    target_headlines: set[int] | None = None,
    config: Config | None = None,
    glossary: tuple[tuple[str, str], ...] = (),
) -> tuple[list[Alignment], CheckContext]:
    """``pairs`` lists, per alignment, its English sentences and its Korean sentences (either may be empty).

    Headline sets hold segment ids (counted over the whole side, in order).
    """
    source_texts = [text for english, _ in pairs for text in english]
    target_texts = [text for _, korean in pairs for text in korean]
    source = _document("en", source_texts, source_headlines or set())
    target = _document("ko", target_texts, target_headlines or set())
    alignments: list[Alignment] = []
    i = j = 0
    for index, (english, korean) in enumerate(pairs):
        source_ids = tuple(range(i, i + len(english)))
        target_ids = tuple(range(j, j + len(korean)))
        alignments.append(
            Alignment(
                index=index,
                source_ids=source_ids,
                target_ids=target_ids,
                source_text=SEGMENT_JOINER.join(english),
                target_text=SEGMENT_JOINER.join(korean),
                fidelity=0.9 if english and korean else None,
            )
        )
        i, j = i + len(english), j + len(korean)
    context = CheckContext(source=source, target=target, config=config or Config(), glossary=glossary)
    return alignments, context


def make_pair(
    english: str | list[str], korean: str | list[str], **kwargs: object
) -> tuple[Alignment, CheckContext]:
    """One alignment: a convenience for alignment-level checks."""
    english_list = [english] if isinstance(english, str) else english
    korean_list = [korean] if isinstance(korean, str) else korean
    alignments, context = make_document_pair([(english_list, korean_list)], **kwargs)  # type: ignore[arg-type]
    return alignments[0], context


def codes(flags: list[Flag]) -> list[str]:
    return [flag.code for flag in flags]


def one_each(english: list[str], korean: list[str]) -> list[tuple[list[str], list[str]]]:
    """One English and one Korean sentence per alignment."""
    return [([e], [k]) for e, k in zip(english, korean, strict=True)]


def document_spans(alignments: list[Alignment], flags: list[tuple[int, Flag]]) -> list[tuple[int, str]]:
    """(alignment index, flagged text) for each document-check flag, read from the side the flag names."""
    out = []
    for index, flag in flags:
        alignment = alignments[index]
        text = alignment.source_text if flag.side == "source" else alignment.target_text
        assert flag.start is not None and flag.end is not None
        out.append((index, text[flag.start : flag.end]))
    return out
