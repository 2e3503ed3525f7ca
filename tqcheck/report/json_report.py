"""The machine-readable result: the stable contract CI gates and other tools parse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tqcheck import __version__
from tqcheck.model import Alignment, CheckResult, Document


def _document_info(document: Document) -> dict[str, Any]:
    return {"path": document.path, "encoding": document.encoding, "segments": len(document)}


def alignment_record(alignment: Alignment) -> dict[str, Any]:
    """One alignment as the JSON contract spells it (the pandas frame is cut from the same record)."""
    return {
        "index": alignment.index,
        "source_ids": list(alignment.source_ids),
        "target_ids": list(alignment.target_ids),
        "kind": alignment.kind,
        "source": alignment.source_text,
        "target": alignment.target_text,
        "similarity": alignment.similarity,
        "margin": alignment.margin,
        "neighbour_margin": alignment.neighbour_margin,
        "coverage": alignment.coverage,
        "length_ratio": alignment.length_ratio,
        "fidelity": alignment.fidelity,
        "review_priority": alignment.review_priority,
        "fidelity_parts": dict(alignment.fidelity_parts),
        "bleu": alignment.bleu,
        "chrf": alignment.chrf,
        "ter": alignment.ter,
        "reference_ids": list(alignment.reference_ids) if alignment.reference_text is not None else None,
        "reference": alignment.reference_text,
        "ignored": alignment.ignored,
        "flags": [flag.to_dict() for flag in alignment.flags],
    }


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    return {**_header(result), "alignments": [alignment_record(alignment) for alignment in result.alignments]}


def _header(result: CheckResult) -> dict[str, Any]:
    """Everything of the report but the alignments (which come last)."""
    summary = result.summary
    return {
        "tool": {"name": "tqcheck", "version": __version__},
        "model": result.model,
        "inputs": {
            "source": _document_info(result.source),
            "target": _document_info(result.target),
            "reference": _document_info(result.reference) if result.reference else None,
        },
        "summary": {
            "source_segments": summary.source_segments,
            "target_segments": summary.target_segments,
            "alignments": summary.alignments,
            "fidelity": summary.fidelity,
            "bleu": summary.bleu,
            "chrf": summary.chrf,
            "ter": summary.ter,
            "bleu_signature": summary.bleu_signature,
            "chrf_signature": summary.chrf_signature,
            "ter_signature": summary.ter_signature,
            "flag_counts": summary.flag_counts,
            "passed": summary.passed,
            "gate_reasons": summary.gate_reasons,
            "accepted": summary.accepted,
        },
        "settings": result.settings,
    }


def render_json(result: CheckResult) -> str:
    return "".join(iter_json(result))


_RECORD_INDENT = " " * 4  # an alignment record's lines inside "alignments": [ … ]


def iter_json(result: CheckResult) -> Iterator[str]:
    """The report as :func:`json.dumps` with ``indent=2`` writes it, byte for byte, one alignment at a
    time: a 100,000-sentence document never holds its whole report as one string (or as dicts)."""
    if not result.alignments:
        yield json.dumps({**_header(result), "alignments": []}, ensure_ascii=False, indent=2) + "\n"
        return
    header = json.dumps(_header(result), ensure_ascii=False, indent=2)
    yield header[: -len("\n}")] + ',\n  "alignments": [\n'
    for number, alignment in enumerate(result.alignments):
        record = json.dumps(alignment_record(alignment), ensure_ascii=False, indent=2)
        separator = ",\n" if number else ""
        yield separator + "\n".join(_RECORD_INDENT + line for line in record.split("\n"))
    yield "\n  ]\n}\n"
