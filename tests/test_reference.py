"""Scores against a human reference: sacrebleu's own numbers, whatever the reference's segmentation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sacrebleu

from tqcheck.model import Alignment, Document, Segment
from tqcheck.score.reference import ReferenceScorer, attach_references

from conftest import CORPORA, REPO

NEWS = CORPORA / "news-1"


def _check(*args: str | Path) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "tqcheck", "check", *map(str, args), "--format", "json"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout)


def _pairs(result: dict) -> tuple[list[str], list[str]]:
    scored = [a for a in result["alignments"] if a["reference"] is not None]
    return [a["target"] for a in scored], [a["reference"] for a in scored]


@pytest.mark.slow
def test_document_scores_equal_sacrebleu_corpus_scores() -> None:
    result = _check(NEWS / "source.en.txt", NEWS / "target.ko.txt", "--reference", NEWS / "reference.ko.txt")
    hypotheses, references = _pairs(result)
    summary = result["summary"]
    assert summary["bleu"] == round(
        sacrebleu.corpus_bleu(hypotheses, [references], tokenize="ko-mecab").score, 2
    )
    assert summary["chrf"] == round(sacrebleu.corpus_chrf(hypotheses, [references], word_order=2).score, 2)
    assert summary["ter"] == round(sacrebleu.corpus_ter(hypotheses, [references]).score, 2)
    assert "tok:ko-mecab" in summary["bleu_signature"] and "nw:2" in summary["chrf_signature"]
    assert 20 < summary["bleu"] < 95
    omission = next(a for a in result["alignments"] if not a["target_ids"])
    assert omission["reference"] and omission["bleu"] == 0.0


@pytest.mark.slow
def test_reference_with_other_segmentation(tmp_path: Path) -> None:
    """The reference fuses two sentences into one: both MT sentences are scored against that segment."""
    lines = (NEWS / "reference.ko.txt").read_text(encoding="utf-8").split("\n")
    body = next(i for i, line in enumerate(lines) if line.count("다. ") >= 2)
    first, rest = lines[body].split("다. ", 1)
    second = rest.split("다. ", 1)[0] + "다."
    lines[body] = f"{first}다, {rest}"
    reference = tmp_path / "reference.ko.txt"
    reference.write_text("\n".join(lines), encoding="utf-8")
    result = _check(NEWS / "source.en.txt", NEWS / "target.ko.txt", "--reference", reference)
    fused = f"{first}다, {second}"
    sharing = [a for a in result["alignments"] if a["reference"] and a["reference"].startswith(fused)]
    assert len(sharing) == 2
    assert sharing[0]["reference_ids"] == sharing[1]["reference_ids"]
    hypotheses, references = _pairs(result)
    assert result["summary"]["bleu"] == round(
        sacrebleu.corpus_bleu(hypotheses, [references], tokenize="ko-mecab").score, 2
    )


@pytest.mark.slow
def test_align_none_scores_line_by_line(tmp_path: Path) -> None:
    source = tmp_path / "s.txt"
    target = tmp_path / "t.txt"
    reference = tmp_path / "r.txt"
    source.write_text("The council approved the budget.\nIt takes effect in March.\n", encoding="utf-8")
    target.write_text("시의회는 예산을 승인했다.\n그것은 3월에 효과를 가진다.\n", encoding="utf-8")
    reference.write_text("시의회가 예산안을 승인했다.\n예산안은 3월부터 시행된다.\n", encoding="utf-8")
    result = _check(source, target, "--reference", reference, "--split", "lines", "--align", "none")
    assert [a["reference"] for a in result["alignments"]] == [
        "시의회가 예산안을 승인했다.",
        "예산안은 3월부터 시행된다.",
    ]
    assert result["alignments"][0]["bleu"] > result["alignments"][1]["bleu"]


def test_scorer_reuses_one_metric_object_per_kind() -> None:
    """Hundreds of sentence scores through one scorer: no per-sentence MeCab objects."""
    scorer = ReferenceScorer()
    bleu_object = scorer.sentence_bleu
    segments = [Segment(id=i, text=f"문장 {i}번은 참조 번역이다.", paragraph=0) for i in range(300)]
    reference = Document(language="ko", segments=segments)
    alignments = [
        Alignment(
            index=i,
            source_ids=(i,),
            target_ids=(i,),
            source_text="x",
            target_text=f"문장 {i}번은 기계 번역이다.",
        )
        for i in range(300)
    ]
    attach_references(alignments, reference, [((i,), (i,)) for i in range(300)])
    scores = scorer.score(alignments)
    assert scores is not None and scorer.sentence_bleu is bleu_object
    assert all(a.bleu is not None and 0 < a.bleu < 100 for a in alignments)
