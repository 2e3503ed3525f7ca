"""The check pipeline: io -> segment -> embed -> align -> checks -> score -> summary.

Each stage hands the next the shared data model; this module only wires them together
and owns the decisions that span stages (what "same language on both sides" means, what
the gate says).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from tqcheck import __version__
from tqcheck.align.dp import AlignmentPairs, AlignParams, BandedAligner, SideFeatures, align_sentences
from tqcheck.align.refine import JoinGain, RefineParams, refine
from tqcheck.config import Config
from tqcheck.embed import CachedEmbedder, Embedder, default_cache_dir, load_embedder
from tqcheck.embed.base import cosines
from tqcheck.embed.profiles import apply_thresholds, profile_for, resolve_align, resolve_refine
from tqcheck.errors import InputError, ModelError, UsageError
from tqcheck.gate.progress import Progress
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
from tqcheck.segment.document import SplitMode, is_headline_line, segment_text, sentence_shares
from tqcheck.text import morphemes
from tqcheck.text.endings import goes_on

if TYPE_CHECKING:
    from tqcheck.score.reference import DocumentScores

# What only runs after the embeddings is imported where it runs (the checks, the fidelity scorer,
# sacrebleu only with a reference): time to the first embedding is start-up plus reading, nothing more.

AlignMode = Literal["dp", "none"]

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """Inputs refused before any embedding: past these, a run is almost always a mistake (the wrong
    file, a whole corpus instead of a document) that would otherwise cost minutes or gigabytes before
    anything is said. Each message names the flag that raises the limit, for the rare real case.

    ``max_length_ratio`` is the larger side's character count over the smaller's; English runs about
    2-3 times the characters of its Korean translation, so 8 only refuses sides that are not
    translations of each other. It is not applied below ``ratio_min_chars`` on the larger side, where
    a short MT of a paragraph is an omission for the checks to flag, not the wrong file.
    """

    max_bytes: int = 50 * MB
    max_segments: int = 200_000
    max_length_ratio: float = 8.0
    ratio_min_chars: int = 2_000

    def check_file(self, path: Path, role: str) -> None:
        """Refuse a file over ``max_bytes`` from its size alone, before a byte of it is read."""
        try:
            size = path.stat().st_size
        except OSError:
            return  # missing or unreadable: read_text says so in its own words
        if size > self.max_bytes:
            raise InputError(
                f"{role} file {path} is {_size(size)}, over the --max-bytes limit of {_size(self.max_bytes)} "
                "per input file: pass the right file, or raise the limit with --max-bytes"
            )

    def check_documents(
        self, source: Document, target: Document, reference: Document | None, pre_aligned: bool
    ) -> None:
        """Refuse too many segments on a side, or two sides too different in length to be translations.

        A segment file's units are paired by the file itself, so the ratio (a wrong-file test) does
        not apply to them: many empty targets there are omissions, not a wrong file.
        """
        sides = [("source", source), ("target", target)]
        if reference is not None:
            sides.append(("reference", reference))
        for role, document in sides:
            if len(document) > self.max_segments:
                raise InputError(
                    f"the {role} has {len(document):,} segments, over the --max-segments limit of "
                    f"{self.max_segments:,} per side: split the document, "
                    "or raise the limit with --max-segments"
                )
        if pre_aligned:
            return
        source_chars, target_chars = _characters(source), _characters(target)
        larger, smaller = max(source_chars, target_chars), min(source_chars, target_chars)
        if larger >= self.ratio_min_chars and larger > self.max_length_ratio * max(smaller, 1):
            ratio = larger / max(smaller, 1)
            raise InputError(
                f"the source has {source_chars:,} characters and the target {target_chars:,} ({ratio:.1f}x), "
                f"over the --max-length-ratio limit of {self.max_length_ratio:g}: these look like the wrong "
                "files; check them, or raise the limit with --max-length-ratio"
            )


def _characters(document: Document) -> int:
    return sum(len(segment.text) for segment in document.segments)


def _size(count: int) -> str:
    return f"{count / MB:.1f} MB" if count >= MB else f"{count:,} bytes"


@dataclass(frozen=True)
class CheckOptions:
    """How to run a check (as opposed to ``Config``, which decides what the gate says).

    ``progress`` shows each slow stage on stderr (``tqcheck check`` without ``--quiet``); it is off
    for the API and inside a batch, whose own progress counts documents.
    """

    split: SplitMode = "auto"
    align: AlignMode = "dp"
    model: str | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    align_params: AlignParams = field(default_factory=AlignParams)
    refine: RefineParams = field(default_factory=RefineParams)
    limits: Limits = field(default_factory=Limits)
    progress: bool = False


@contextmanager
def _stage(options: CheckOptions, label: str, total: int | None, unit: str) -> Iterator[Progress]:
    """One stage's progress (a bar on a terminal, a line every few seconds otherwise), always closed."""
    progress = Progress(label, total, unit=unit, quiet=not options.progress)
    try:
        yield progress
    finally:
        progress.close()


def _embed(embedder: Embedder, texts: list[str], options: CheckOptions, role: str) -> np.ndarray:
    """Embed one side, counting distinct sentences as they are done (cache hits first, then each chunk)."""
    from tqcheck.embed.matrix import embed_matrix  # a huge side streams to a memmap (issue 12)

    if not isinstance(embedder, CachedEmbedder):
        return embed_matrix(embedder, texts)
    with _stage(options, f"embedding {role}", len(set(texts)), "sentences") as progress:
        return embed_matrix(embedder, texts, progress=progress.advance)


def _use_analysis_cache(options: CheckOptions) -> None:
    """Keep kiwi's analyses beside the embeddings, or nowhere with ``--no-cache``, before any is made
    (the segmenter asks kiwi about Korean sentence ends)."""
    directory = (options.cache_dir or default_cache_dir()) if options.use_cache else None
    morphemes.use_analysis_cache(directory)


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
    _refuse_missing_model_folder(options.model)
    inner: Embedder = load_embedder(options.model)
    cache_dir = (options.cache_dir or default_cache_dir()) if options.use_cache else None
    return CachedEmbedder(inner, cache_dir)


def _refuse_missing_model_folder(model: str | None) -> None:
    """A ``--model`` written as a path (``/…``, ``./…``, ``../…``, ``~…``) that does not exist fails now:
    loading sentence-transformers just to find that out takes tens of seconds of importing torch."""
    if model is None or not model.startswith(("/", "./", "../", "~", ".\\", "..\\")):
        return
    if not Path(model).expanduser().exists():
        raise ModelError(
            f"cannot load model {model!r}: it is not on this disk (no such folder); "
            "give a local model folder or a name already in the Hugging Face cache, "
            "or leave --model out to use the bundled multilingual-e5-small"
        )


def _features(document: Document, vectors: np.ndarray) -> SideFeatures:
    lengths = np.array([len(segment.text) for segment in document.segments], dtype=np.float64)
    headlines = np.array([segment.kind is SegmentKind.HEADLINE for segment in document.segments], dtype=bool)
    continues = np.array(
        [goes_on(segment.text, document.language) for segment in document.segments], dtype=bool
    )
    shares = [sentence_shares(segment.text, document.language) for segment in document.segments]
    return SideFeatures(
        vectors=vectors, lengths=lengths, headlines=headlines, goes_on=continues, sentence_shares=shares
    )


def _join_gain(embedder: Embedder, source: Document, target: Document) -> JoinGain:
    """The refinement's question to the encoder: is this English closer to its Korean with one more
    Korean segment read in (:func:`tqcheck.align.refine.refine`)?"""

    def gain(source_ids: tuple[int, ...], target_ids: tuple[int, ...], joined_ids: tuple[int, ...]) -> float:
        english = join_segments(source, source_ids)
        alone, joined = cosines(
            embedder, english, [join_segments(target, ids) for ids in (target_ids, joined_ids)]
        )
        return joined - alone

    return gain


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
    options.limits.check_documents(source, target, reference, pre_aligned=pairs is not None)
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
    _use_analysis_cache(options)
    try:
        return _check_documents(
            source, target, embedder, options, config, reference, line_pairs, reference_line_pairs, glossary
        )
    finally:
        morphemes.flush_analysis_cache()


def _check_documents(
    source: Document,
    target: Document,
    embedder: Embedder,
    options: CheckOptions,
    config: Config,
    reference: Document | None,
    line_pairs: AlignmentPairs | None,
    reference_line_pairs: AlignmentPairs | None,
    glossary: tuple[tuple[str, str], ...],
) -> CheckResult:
    """:func:`check_documents` once its inputs are known to be good: embed, align, check, score."""
    from tqcheck.checks import CheckContext, run_checks
    from tqcheck.score.fidelity import score_alignments

    computed_before = _embedded_count(embedder)
    source_features = _features(source, _embed(embedder, source.texts(), options, "source"))
    target_features = _features(target, _embed(embedder, target.texts(), options, "target"))
    embedding_stats = {
        "model_id": embedder.model_id,
        "segments": len(source) + len(target),
        "computed": _embedded_count(embedder) - computed_before,
    }
    # The aligner's constants were fitted per encoder (tqcheck/embed/profiles.py): unless the caller
    # set their own, the embedder's profile supplies them.
    profile = profile_for(embedder)
    config = apply_thresholds(config, profile)
    params = resolve_align(options.align_params, profile)
    refine_params = resolve_refine(options.refine, profile)
    with _stage(options, "aligning", 1, "documents") as progress:
        if line_pairs is None:
            pairs, aligner = align_sentences(source_features, target_features, params)
            pairs = refine(pairs, aligner, refine_params, join_gain=_join_gain(embedder, source, target))
        else:
            pairs, aligner = line_pairs, BandedAligner(source_features, target_features, params)
        progress.advance()
    alignments = _build_alignments(pairs, source, target)
    document_scores = None
    if reference is not None:
        document_scores = _score_against_reference(
            alignments, source_features, reference, reference_line_pairs, embedder, options, params
        )
    checking = Progress("checking", len(alignments), unit="alignments", quiet=not options.progress)
    # The scorer reads the text checks' flags; the checks declared needs="score" run after it.
    context = CheckContext(
        source=source, target=target, config=config, glossary=glossary, cosines=partial(cosines, embedder)
    )
    # The embedder lets a short document's margin use the bundled background.
    run_checks(
        alignments, context, scorer=lambda scored: score_alignments(scored, aligner, embedder=embedder)
    )
    _skip_ignored(alignments, config)
    checking.advance(len(alignments))
    checking.close()
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
            "align": "none" if line_pairs is not None else options.align,
            "align_params": params.to_dict(),
            "align_refine": dataclasses.asdict(refine_params),
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
    options: CheckOptions,
    params: AlignParams,
) -> DocumentScores | None:
    """Align the reference to the source with the same aligner (its segmentation may differ from
    the MT's) unless it is paired line by line, then score each MT alignment against the reference
    sentences of its source sentences. sacrebleu is imported here, so only a run with a reference pays
    for it."""
    from tqcheck.score.reference import ReferenceScorer, attach_references

    if reference_pairs is None:
        reference_features = _features(reference, _embed(embedder, reference.texts(), options, "reference"))
        with _stage(options, "aligning reference", 1, "documents") as progress:
            reference_pairs, _ = align_sentences(source_features, reference_features, params)
            progress.advance()
    attach_references(alignments, reference, reference_pairs)
    return ReferenceScorer().score(alignments)


def summarise(
    source: Document,
    target: Document,
    alignments: list[Alignment],
    config: Config,
    document_scores: DocumentScores | None = None,
) -> Summary:
    from tqcheck.gate.verdict import gate_reasons
    from tqcheck.score.fidelity import document_fidelity

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
    for role, path in (("source", source), ("target", target), ("reference", reference)):
        if path is not None:
            options.limits.check_file(Path(path), role)
    _use_analysis_cache(options)
    with _stage(options, "reading and segmenting", 3 if reference is not None else 2, "files") as progress:
        source_document = load_document(Path(source), "en", "source", options.split)
        progress.advance()
        target_document = load_document(Path(target), "ko", "target", options.split)
        progress.advance()
        reference_document = None
        if reference is not None:
            reference_document = load_document(Path(reference), "ko", "reference", options.split)
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
    _use_analysis_cache(options)
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
        source_segments.append(_unit_segment(source_id, record.source, "en", record, record.source_codes))
        target_ids: tuple[int, ...] = ()
        if normalise_text(record.target).strip():
            target_ids = (len(target_segments),)
            target_segment = _unit_segment(
                len(target_segments), record.target, "ko", record, record.target_codes
            )
            target_segments.append(target_segment)
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


def _unit_segment(
    segment_id: int, text: str, language: Language, record: SegmentRecord, codes: tuple[str, ...] = ()
) -> Segment:
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
        codes=codes,
    )
