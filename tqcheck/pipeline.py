"""The check pipeline: io -> segment -> embed -> align -> checks -> score -> summary.

Each stage hands the next the shared data model; this module only wires them together
and owns the decisions that span stages (what "same language on both sides" means, what
the gate says).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from tqcheck import __version__
from tqcheck.align.dp import AlignmentPairs, AlignParams, BandedAligner, SideFeatures, align_sentences
from tqcheck.checks import CheckContext, run_checks
from tqcheck.config import Config
from tqcheck.embed import CachedEmbedder, Embedder, default_cache_dir, load_embedder
from tqcheck.errors import InputError, UsageError
from tqcheck.gate.verdict import gate_reasons
from tqcheck.io import DecodedText, check_language, hangul_share, normalise_text, read_text
from tqcheck.io.glossary import load_glossary
from tqcheck.model import (
    Alignment,
    CheckResult,
    Document,
    Language,
    Segment,
    SegmentKind,
    SegmentRecord,
    Summary,
    join_segments,
)
from tqcheck.score.fidelity import document_fidelity, score_alignments
from tqcheck.score.reference import DocumentScores, ReferenceScorer, attach_references
from tqcheck.segment.document import SplitMode, is_headline_line, segment_text

AlignMode = Literal["dp", "none"]


@dataclass(frozen=True)
class CheckOptions:
    """How to run a check (as opposed to ``Config``, which decides what the gate says)."""

    split: SplitMode = "auto"
    align: AlignMode = "dp"
    model: str | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    align_params: AlignParams = field(default_factory=AlignParams)


def _document(decoded: DecodedText, language: Language, role: str, split: SplitMode) -> Document:
    check_language(decoded, language, role)
    document = segment_text(decoded.text, language, split, path=decoded.path, encoding=decoded.encoding)
    if not document.segments:
        where = f"{role} file {Path(decoded.path).name}" if decoded.path else f"the {role} text"
        raise InputError(f"{where} has no text to check")
    return document


def load_document(path: Path, language: Language, role: str, split: SplitMode) -> Document:
    return _document(read_text(path), language, role, split)


def text_document(text: str, language: Language, role: str, split: SplitMode) -> Document:
    """A document from a string, normalised exactly as a file's text is (NFC, LF, no BOM)."""
    if not isinstance(text, str):
        raise UsageError(f"the {role} must be a str, not {type(text).__name__}")
    normalised = normalise_text(text)
    if not normalised.strip():
        raise InputError(f"the {role} text is empty")
    return _document(DecodedText(text=normalised, encoding="str", path=None), language, role, split)


def _refuse_same_language(source: Document, target: Document) -> None:
    """Both sides Korean (or both English) passes each side's lenient language test only when
    the files are mixed; comparing them catches a copy of the source passed as the MT."""
    source_text = " ".join(source.texts())
    target_text = " ".join(target.texts())
    if source_text.strip() == target_text.strip():
        raise InputError("source and target files hold the same text: pass the Korean translation as TARGET")
    if hangul_share(target_text) <= hangul_share(source_text):
        raise InputError(
            "the target is no more Korean than the source: "
            "pass the English source first and the Korean MT second"
        )


def make_embedder(options: CheckOptions) -> Embedder:
    inner: Embedder = load_embedder(options.model)
    cache_dir = (options.cache_dir or default_cache_dir()) if options.use_cache else None
    return CachedEmbedder(inner, cache_dir)


def _features(document: Document, vectors: np.ndarray) -> SideFeatures:
    lengths = np.array([len(segment.text) for segment in document.segments], dtype=np.float64)
    headlines = np.array([segment.kind is SegmentKind.HEADLINE for segment in document.segments], dtype=bool)
    return SideFeatures(vectors=vectors, lengths=lengths, headlines=headlines)


def _pairs_line_by_line(source: Document, other: Document, role: str) -> AlignmentPairs:
    if len(source) != len(other):
        raise InputError(
            f"--align none pairs line i with line i, but the source has {len(source)} segments "
            f"and the {role} {len(other)}: fix the files or use --align dp"
        )
    return [((i,), (i,)) for i in range(len(source))]


def _build_alignments(pairs: AlignmentPairs, source: Document, target: Document) -> list[Alignment]:
    return [
        Alignment(
            index=index,
            source_ids=source_ids,
            target_ids=target_ids,
            source_text=join_segments(source, source_ids),
            target_text=join_segments(target, target_ids),
        )
        for index, (source_ids, target_ids) in enumerate(pairs)
    ]


def check_documents(
    source: Document,
    target: Document,
    embedder: Embedder,
    options: CheckOptions,
    config: Config,
    reference: Document | None = None,
    *,
    pairs: AlignmentPairs | None = None,
    reference_pairs: AlignmentPairs | None = None,
) -> CheckResult:
    """Check two segmented documents. ``pairs`` (and ``reference_pairs``) give a known alignment, as
    a segment file's units do; otherwise ``options.align`` decides."""
    _refuse_same_language(source, target)
    if options.align not in ("dp", "none"):
        raise UsageError(f"--align must be dp or none, not {options.align!r}")
    # Input errors first: unequal line counts or a bad glossary must not cost minutes of embedding
    # before they are reported.
    line_pairs, reference_line_pairs = pairs, reference_pairs
    if options.align == "none" and line_pairs is None:
        line_pairs = _pairs_line_by_line(source, target, "target")
        if reference is not None:
            reference_line_pairs = _pairs_line_by_line(source, reference, "reference")
    glossary = load_glossary(config.glossary) if config.glossary else ()
    computed_before = _embedded_count(embedder)
    source_features = _features(source, embedder.embed(source.texts()))
    target_features = _features(target, embedder.embed(target.texts()))
    embedding_stats = {
        "model_id": embedder.model_id,
        "segments": len(source) + len(target),
        "computed": _embedded_count(embedder) - computed_before,
    }
    params = options.align_params
    if line_pairs is None:
        pairs, aligner = align_sentences(source_features, target_features, params)
    else:
        pairs, aligner = line_pairs, BandedAligner(source_features, target_features, params)
    alignments = _build_alignments(pairs, source, target)
    document_scores = None
    if reference is not None:
        document_scores = _score_against_reference(
            alignments, source_features, reference, reference_line_pairs, embedder, params
        )
    # The scorer reads the text checks' flags; the checks declared needs="score" run after it.
    context = CheckContext(source=source, target=target, config=config, glossary=glossary)
    run_checks(alignments, context, scorer=lambda scored: score_alignments(scored, aligner))
    _skip_ignored(alignments, config)
    summary = summarise(source, target, alignments, config, document_scores)
    return CheckResult(
        source=source,
        target=target,
        reference=reference,
        alignments=alignments,
        model=embedder.name,
        summary=summary,
        settings={
            "split": options.split,
            "align": "none" if pairs is not None else options.align,
            "align_params": params.to_dict(),
            "config": config.to_dict(),
            "embeddings": embedding_stats,
            "version": __version__,
        },
    )


def _score_against_reference(
    alignments: list[Alignment],
    source_features: SideFeatures,
    reference: Document,
    reference_pairs: AlignmentPairs | None,
    embedder: Embedder,
    params: AlignParams,
) -> DocumentScores | None:
    """Align the reference to the source with the same aligner (its segmentation may differ from
    the MT's) unless it is paired line by line, then score each MT alignment against the reference
    sentences of its source sentences."""
    if reference_pairs is None:
        reference_features = _features(reference, embedder.embed(reference.texts()))
        reference_pairs, _ = align_sentences(source_features, reference_features, params)
    attach_references(alignments, reference, reference_pairs)
    return ReferenceScorer().score(alignments)


def summarise(
    source: Document,
    target: Document,
    alignments: list[Alignment],
    config: Config,
    document_scores: DocumentScores | None = None,
) -> Summary:
    counts: dict[str, int] = {}
    for alignment in alignments:
        for flag in alignment.flags:
            counts[flag.code] = counts.get(flag.code, 0) + 1
    summary = Summary(
        source_segments=len(source),
        target_segments=len(target),
        alignments=len(alignments),
        fidelity=document_fidelity(alignments),
        flag_counts=dict(sorted(counts.items())),
        passed=True,
    )
    if document_scores is not None:
        summary.bleu = round(document_scores.bleu, 2)
        summary.chrf = round(document_scores.chrf, 2)
        summary.ter = round(document_scores.ter, 2)
        summary.bleu_signature = document_scores.bleu_signature
        summary.chrf_signature = document_scores.chrf_signature
        summary.ter_signature = document_scores.ter_signature
    summary.gate_reasons = gate_reasons(alignments, config, summary.fidelity, summary.bleu, summary.chrf)
    summary.passed = not summary.gate_reasons
    return summary


def _skip_ignored(alignments: list[Alignment], config: Config) -> None:
    """A pair whose English or Korean matches an ``ignore`` pattern (a byline, a URL, code) keeps its
    place in the report but carries no flags."""
    if not config.ignore:
        return
    for alignment in alignments:
        if config.ignored(alignment.source_text) or config.ignored(alignment.target_text):
            alignment.ignored = True
            alignment.flags.clear()


def _embedded_count(embedder: Embedder) -> int:
    """Sentences the model really embedded so far (a cache hit costs nothing); an embedder
    without a cache counts as embedding everything."""
    return int(getattr(embedder, "embedded_count", 0))


def check_files(
    source: str | Path,
    target: str | Path,
    *,
    reference: str | Path | None = None,
    config: Config | None = None,
    embedder: Embedder | None = None,
    options: CheckOptions | None = None,
) -> CheckResult:
    """Check an English source file against its Korean MT (and a human reference, if given): everything
    ``tqcheck check`` does short of rendering. Files in any supported encoding are decoded and
    normalised exactly as ``check_pair`` normalises strings."""
    options = options or CheckOptions()
    source_document = load_document(Path(source), "en", "source", options.split)
    target_document = load_document(Path(target), "ko", "target", options.split)
    reference_document = (
        load_document(Path(reference), "ko", "reference", options.split) if reference is not None else None
    )
    return check_documents(
        source_document,
        target_document,
        embedder or make_embedder(options),
        options,
        config or Config(),
        reference_document,
    )


def check_pair(
    source: str,
    target: str,
    *,
    reference: str | None = None,
    config: Config | None = None,
    embedder: Embedder | None = None,
    options: CheckOptions | None = None,
) -> CheckResult:
    """Check English ``source`` text against its Korean MT ``target`` (and a human ``reference``):
    the notebook entry point. A string, a file and an NFD variant of the same text give the same
    result, because all three are normalised in one place (``tqcheck.io.normalise_text``)."""
    options = options or CheckOptions()
    source_document = text_document(source, "en", "source", options.split)
    target_document = text_document(target, "ko", "target", options.split)
    reference_document = (
        text_document(reference, "ko", "reference", options.split) if reference is not None else None
    )
    return check_documents(
        source_document,
        target_document,
        embedder or make_embedder(options),
        options,
        config or Config(),
        reference_document,
    )


def check_segments(
    records: Sequence[SegmentRecord],
    *,
    path: str | None = None,
    config: Config | None = None,
    embedder: Embedder | None = None,
    options: CheckOptions | None = None,
) -> CheckResult:
    """Check the pre-aligned units of a segment file (TSV/CSV, JSONL, XLIFF, TMX, PO): unit i's
    target renders unit i's source, so nothing is aligned, and each segment keeps its unit id and
    line so reports point back into ``path``. A unit with an empty target is an omission."""
    options = options or CheckOptions()
    kept = [record for record in records if normalise_text(record.source).strip()]
    if not kept:
        raise InputError(f"{path or 'the segment file'} has no unit with source text to check")
    source_segments: list[Segment] = []
    target_segments: list[Segment] = []
    reference_segments: list[Segment] = []
    pairs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    reference_pairs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for record in kept:
        source_id = len(source_segments)
        source_segments.append(_unit_segment(source_id, record.source, "en", record))
        target_ids: tuple[int, ...] = ()
        if normalise_text(record.target).strip():
            target_ids = (len(target_segments),)
            target_segments.append(_unit_segment(len(target_segments), record.target, "ko", record))
        pairs.append(((source_id,), target_ids))
        if record.reference is not None and normalise_text(record.reference).strip():
            reference_pairs.append(((source_id,), (len(reference_segments),)))
            reference_segments.append(_unit_segment(len(reference_segments), record.reference, "ko", record))
    if not target_segments:
        raise InputError(f"{path or 'the segment file'} has no translated unit to check")
    source = Document("en", source_segments, path=path, encoding="segments")
    target = Document("ko", target_segments, path=path, encoding="segments")
    reference = (
        Document("ko", reference_segments, path=path, encoding="segments") if reference_segments else None
    )
    return check_documents(
        source,
        target,
        embedder or make_embedder(options),
        options,
        config or Config(),
        reference,
        pairs=pairs,
        reference_pairs=reference_pairs if reference is not None else None,
    )


def _unit_segment(segment_id: int, text: str, language: Language, record: SegmentRecord) -> Segment:
    """One unit as one segment: line breaks inside a unit become spaces (a unit is one segment
    whatever its layout), and a short unterminated unit counts as a headline, as a line would."""
    flat = " ".join(normalise_text(text).split())
    return Segment(
        id=segment_id,
        text=flat,
        paragraph=segment_id,
        kind=SegmentKind.HEADLINE if is_headline_line(flat, language) else SegmentKind.SENTENCE,
        line=record.line,
        unit_id=record.unit_id,
    )
