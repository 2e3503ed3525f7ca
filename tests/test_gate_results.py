"""The batch's result cache key: a cached result answers only for the same inputs and settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tqcheck.align.refine import RefineParams
from tqcheck.gate.batch import BatchOptions, Worker
from tqcheck.model import BatchItem
from tqcheck.pipeline import CheckOptions


def test_the_result_key_changes_with_the_alignment_refinement(tmp_path: Path) -> None:
    # API callers may set the refinement; a result made under another one must not answer for it.
    source, target = tmp_path / "a.en.txt", tmp_path / "a.ko.txt"
    source.write_text("One sentence.\n", encoding="utf-8")
    target.write_text("한 문장.\n", encoding="utf-8")
    item = BatchItem(id="a", input=str(tmp_path), source_path=str(source), target_path=str(target))
    plain = CheckOptions(cache_dir=tmp_path / "cache")
    refined = replace(plain, refine=RefineParams(pair_nulls=False))
    keys = [Worker(BatchOptions(check=check))._key(item) for check in (plain, plain, refined)]
    assert keys[0] is not None
    assert keys[0] == keys[1] != keys[2]
