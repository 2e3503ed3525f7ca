"""Real batch outcomes for the batch-output tests (JUnit, SARIF, GitHub, locate, baseline).

Each sample is checked once per test session (embedding takes seconds), with the embedding cache in the
session's temporary directory, never the user's. Results are shared between modules, so tests must
not mutate them: copy first (``copy.deepcopy``) to change one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

from tqcheck.embed import Embedder
from tqcheck.model import BatchItem, CheckResult, DocumentOutcome, SegmentRecord
from tqcheck.pipeline import CheckOptions, check_files, check_segments, make_embedder

from conftest import CORPORA, REPO

NEWS = CORPORA / "news-1"
CLEAN = CORPORA / "clean-1"
SEGMENT_FILE = "corpora/units.xlf"
UNITS = [
    SegmentRecord(
        "The council approved the budget on Monday.",
        "시의회는 월요일에 예산안을 승인했다.",
        unit_id="u1",
        line=4,
    ),
    SegmentRecord(
        "It will hire 300 new teachers.", "시는 교사 30명을 새로 채용할 예정이다.", unit_id="u2", line=8
    ),
    SegmentRecord("The plan takes effect in March.", "", unit_id="u3", line=12),
    SegmentRecord("Parents welcomed the decision.", "학부모들은 이 결정을 환영했다.", unit_id="u4", line=16),
]


@dataclass(frozen=True)
class Samples:
    news: DocumentOutcome  # planted defects: fails the gate
    clean: DocumentOutcome  # passes
    units: DocumentOutcome  # a segment file: a number mismatch and an empty target
    broken: DocumentOutcome  # could not be read

    @property
    def all(self) -> list[DocumentOutcome]:
        return [self.news, self.clean, self.units, self.broken]


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@functools.cache
def _embedder(cache_dir: Path) -> Embedder:
    return make_embedder(CheckOptions(cache_dir=cache_dir))


@functools.cache
def _samples(cache_dir: Path) -> Samples:
    embedder = _embedder(cache_dir)

    def pair(folder: Path, id: str) -> DocumentOutcome:
        source, target = relative(folder / "source.en.txt"), relative(folder / "target.ko.txt")
        item = BatchItem(id=id, input="corpora", source_path=source, target_path=target)
        return DocumentOutcome(item=item, result=check_files(REPO / source, REPO / target, embedder=embedder))

    def rebase(result: CheckResult) -> CheckResult:
        """check_files was given absolute paths (tests run from anywhere); reports show them relative."""
        result.source.path = relative(Path(result.source.path or ""))
        result.target.path = relative(Path(result.target.path or ""))
        return result

    news, clean = pair(NEWS, "news-1"), pair(CLEAN, "clean-1")
    rebase(news.result)  # type: ignore[arg-type]
    rebase(clean.result)  # type: ignore[arg-type]
    units = DocumentOutcome(
        item=BatchItem(id="units", input="segments", segment_file=SEGMENT_FILE),
        result=check_segments(UNITS, path=SEGMENT_FILE, embedder=embedder),
    )
    broken = DocumentOutcome(
        item=BatchItem(id="broken", input="broken", target_path="broken/target.ko.txt"),
        error="broken/target.ko.txt is not text (binary data): pass the MT's text file",
    )
    return Samples(news=news, clean=clean, units=units, broken=broken)


def samples(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    """The samples of this session (checked on first use)."""
    return _samples(_cache_dir(tmp_path_factory))


def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "batch-embedding-cache"


def sample_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The samples' embedder (and cache), for a test that checks a variant of a sample."""
    return _embedder(_cache_dir(tmp_path_factory))
