"""BLEU, chrF++ and TER against a human reference, per alignment and per document, with sacrebleu.

One metric object of each kind per scorer: sacrebleu's ko-mecab tokenizer loads MeCab per
object, and creating one per sentence crashes MeCab after about 16k objects. Document
scores are sacrebleu's own corpus scores over the alignments' (hypothesis, reference)
pairs, so they match ``sacrebleu.corpus_bleu`` on the same segments exactly.

sacrebleu (and MeCab behind it) is imported when a scorer is made, not with this module: only a run
with a reference needs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tqcheck.model import Alignment, Document, join_segments


@dataclass(frozen=True)
class DocumentScores:
    bleu: float
    chrf: float
    ter: float
    bleu_signature: str
    chrf_signature: str
    ter_signature: str


class ReferenceScorer:
    """sacrebleu metrics configured for Korean: BLEU on ko-mecab tokens, chrF++ (word order 2), TER."""

    def __init__(self) -> None:
        from sacrebleu.metrics import BLEU, CHRF, TER

        self.corpus_bleu = BLEU(tokenize="ko-mecab")
        self.sentence_bleu = BLEU(tokenize="ko-mecab", effective_order=True)
        self.chrf = CHRF(word_order=2)
        self.ter = TER()

    def score(self, alignments: list[Alignment]) -> DocumentScores | None:
        """Fill each alignment's bleu/chrf/ter; return the document scores (None if nothing to score)."""
        scored = [a for a in alignments if a.reference_text is not None]
        for alignment in scored:
            hypothesis, reference = alignment.target_text, [alignment.reference_text or ""]
            alignment.bleu = round(self.sentence_bleu.sentence_score(hypothesis, reference).score, 2)
            alignment.chrf = round(self.chrf.sentence_score(hypothesis, reference).score, 2)
            alignment.ter = round(self.ter.sentence_score(hypothesis, reference).score, 2)
        if not scored:
            return None
        hypotheses = [a.target_text for a in scored]
        references = [[a.reference_text or "" for a in scored]]
        return DocumentScores(
            bleu=self.corpus_bleu.corpus_score(hypotheses, references).score,
            chrf=self.chrf.corpus_score(hypotheses, references).score,
            ter=self.ter.corpus_score(hypotheses, references).score,
            bleu_signature=str(self.corpus_bleu.get_signature()),
            chrf_signature=str(self.chrf.get_signature()),
            ter_signature=str(self.ter.get_signature()),
        )


def attach_references(
    alignments: list[Alignment],
    reference: Document,
    reference_pairs: list[tuple[tuple[int, ...], tuple[int, ...]]],
) -> None:
    """Give each MT alignment the reference sentences aligned to the same source sentences.

    ``reference_pairs`` aligns source ids to reference ids. An MT addition (no source) has
    no reference and is left unscored; an omission is scored as an empty hypothesis, so a
    dropped sentence lowers BLEU as it should.
    """
    reference_for_source: dict[int, tuple[int, ...]] = {}
    for source_ids, reference_ids in reference_pairs:
        for source_id in source_ids:
            reference_for_source[source_id] = reference_ids
    for alignment in alignments:
        if not alignment.source_ids:
            continue
        ids: list[int] = []
        for source_id in alignment.source_ids:
            for reference_id in reference_for_source.get(source_id, ()):
                if reference_id not in ids:
                    ids.append(reference_id)
        alignment.reference_ids = tuple(sorted(ids))
        alignment.reference_text = join_segments(reference, alignment.reference_ids)
