"""``tqcheck batch --dask``: a real two-worker Dask cluster (processes) checks a small batch.

What must hold past one machine: the reports are the bytes a local run writes; a worker that dies
mid-document costs a retry, not the document; a document that keeps killing its workers ends as an
errored outcome after three tries while the rest of the batch goes on. Workers are separate
processes, so failures are real process deaths (``os._exit``), planted by a worker plugin.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from tqcheck.errors import UsageError  # noqa: E402
from tqcheck.gate import dask_run  # noqa: E402
from tqcheck.gate.batch import BatchOptions, run_batch  # noqa: E402
from tqcheck.io.discover import discover  # noqa: E402
from tqcheck.model import BatchItem, DocumentOutcome  # noqa: E402
from tqcheck.pipeline import CheckOptions  # noqa: E402

from conftest import CORPORA, REPO  # noqa: E402

pytestmark = pytest.mark.slow

Plant = Callable[[str, bool], Path]

# Five short documents cut from the sample corpora, sharing no sentence, so each document embeds the
# same sentences whichever worker checks it first (the JSON counts what was embedded, not cached).
# name: (corpus, source lines, target lines), 1-based and inclusive.
DOCUMENTS = {
    "clean-a": ("clean-1", (1, 3), (1, 3)),
    "clean-b": ("clean-1", (5, 7), (5, 7)),
    "news-a": ("news-1", (1, 5), (1, 5)),
    "news-b": ("news-1", (7, 11), (7, 9)),
    "news-c": ("news-1", (13, 17), (11, 15)),
}


def _cut(path: Path, lines: tuple[int, int]) -> str:
    return "\n".join(path.read_text(encoding="utf-8").splitlines()[lines[0] - 1 : lines[1]]) + "\n"


@pytest.fixture(scope="module")
def items(tmp_path_factory: pytest.TempPathFactory) -> list[BatchItem]:
    folder = tmp_path_factory.mktemp("dask-batch")
    for name, (corpus, source_lines, target_lines) in DOCUMENTS.items():
        (folder / f"{name}.en.txt").write_text(_cut(CORPORA / corpus / "source.en.txt", source_lines))
        (folder / f"{name}.ko.txt").write_text(_cut(CORPORA / corpus / "target.ko.txt", target_lines))
    found = discover([folder]).items
    assert sorted(item.id for item in found) == sorted(DOCUMENTS)
    return found


def _options(where: Path) -> BatchOptions:
    """A fresh embedding and result cache per run: a run must compute, not read another run's work."""
    return BatchOptions(
        check=CheckOptions(cache_dir=where / "cache"), output_dir=where / "out", reports=("json",)
    )


def _reports(options: BatchOptions) -> dict[str, bytes]:
    assert options.output_dir is not None
    return {path.stem: path.read_bytes() for path in sorted(options.output_dir.glob("*.json"))}


@pytest.fixture(scope="module")
def local_reports(items: list[BatchItem], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The reports of a local run with single-threaded BLAS, as Dask's nannies start their workers
    (``OMP_NUM_THREADS=1``...): tqcheck's scores move in the 4th decimal with BLAS's thread count,
    on any machine, Dask or not, so only the same numeric set-up can promise the same bytes."""
    from threadpoolctl import threadpool_limits

    options = _options(tmp_path_factory.mktemp("local-run"))
    with threadpool_limits(1, user_api="blas"):
        outcomes = list(run_batch(items, options, jobs=1))
    assert [outcome.error for outcome in outcomes] == [None] * len(items)
    return _reports(options)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[distributed.LocalCluster]:
    """Two single-threaded worker processes whose nannies restart a worker that dies."""
    env = {"TQCHECK_CACHE_DIR": str(tmp_path_factory.mktemp("worker-default-cache"))}
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
        env=env,
    ) as made:
        yield made


class Saboteur(distributed.WorkerPlugin):
    """Kills the worker process as it starts checking ``target``: the first time only, or every time.

    Each kill leaves a file in ``marks`` first, so the test can count the tries."""

    def __init__(self, target: str, marks: Path, always: bool) -> None:
        self.target, self.marks, self.always = target, marks, always

    def setup(self, worker: object) -> None:
        from tqcheck.gate import batch

        self.original = original = batch.Worker.run
        target, marks, always = self.target, self.marks, self.always

        def run(checker: batch.Worker, item: BatchItem) -> DocumentOutcome:
            if item.id == target:
                kills = len(list(marks.iterdir()))
                if always or kills == 0:
                    (marks / f"kill-{kills}-{os.getpid()}").touch()
                    os._exit(1)
            return original(checker, item)

        batch.Worker.run = run  # type: ignore[method-assign]

    def teardown(self, worker: object) -> None:
        from tqcheck.gate import batch

        batch.Worker.run = self.original  # type: ignore[method-assign]


@pytest.fixture
def sabotage(cluster: distributed.LocalCluster, tmp_path: Path) -> Iterator[Plant]:
    """``sabotage(target, always)`` plants a Saboteur on the cluster; returns its marks folder."""
    client = distributed.Client(cluster)
    names: list[str] = []

    def plant(target: str, always: bool) -> Path:
        marks = tmp_path / f"marks-{target}"
        marks.mkdir()
        name = f"saboteur-{target}"
        client.register_plugin(Saboteur(target, marks, always), name=name)
        names.append(name)
        return marks

    yield plant
    for name in names:
        client.unregister_worker_plugin(name)
    client.close()


def test_a_local_cluster_writes_the_reports_a_local_run_writes(
    items: list[BatchItem], local_reports: dict[str, bytes], tmp_path: Path
) -> None:
    options = _options(tmp_path)
    started: list[bool] = []
    outcomes = list(run_batch(items, options, dask="local:2", on_start=lambda: started.append(True)))
    assert started == [True]
    assert sorted(outcome.item.id for outcome in outcomes) == sorted(DOCUMENTS)
    assert all(outcome.error is None and outcome.result is not None for outcome in outcomes)
    assert {outcome.item.id: outcome.reports["json"] for outcome in outcomes} == {
        name: str(tmp_path / "out" / f"{name}.json") for name in DOCUMENTS
    }
    assert _reports(options) == local_reports


def test_a_worker_killed_mid_document_loses_nothing(
    items: list[BatchItem],
    local_reports: dict[str, bytes],
    cluster: distributed.LocalCluster,
    sabotage: Plant,
    tmp_path: Path,
) -> None:
    marks = sabotage("news-a", always=False)
    options = _options(tmp_path)
    outcomes = list(dask_run.run_on_dask(items, options, cluster.scheduler_address))
    seen = {outcome.item.id: outcome.error for outcome in outcomes}
    assert len(list(marks.iterdir())) == 1, seen  # the worker did die once under news-a
    assert sorted(outcome.item.id for outcome in outcomes) == sorted(DOCUMENTS)
    assert list(seen.values()) == [None] * len(DOCUMENTS), seen
    assert _reports(options) == local_reports


def test_a_document_that_keeps_killing_its_worker_errs_after_three_tries(
    items: list[BatchItem],
    local_reports: dict[str, bytes],
    cluster: distributed.LocalCluster,
    sabotage: Plant,
    tmp_path: Path,
) -> None:
    marks = sabotage("news-c", always=True)
    options = _options(tmp_path)
    outcomes = {
        outcome.item.id: outcome
        for outcome in dask_run.run_on_dask(items, options, cluster.scheduler_address)
    }
    seen = {name: outcome.error for name, outcome in outcomes.items()}
    assert sorted(outcomes) == sorted(DOCUMENTS)
    assert len(list(marks.iterdir())) == dask_run.MAX_TRIES == 3, (sorted(marks.iterdir()), seen)
    error = outcomes["news-c"].error
    assert error == "its Dask worker died 3 times while checking it (gave up)", seen
    assert all(error is None for name, error in seen.items() if name != "news-c"), seen
    assert _reports(options) == {name: data for name, data in local_reports.items() if name != "news-c"}


def test_an_unreachable_scheduler_is_a_one_line_usage_error(
    items: list[BatchItem], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_run, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(UsageError, match=r"^cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9: "):
        list(run_batch(items, _options(tmp_path), dask="tcp://127.0.0.1:9"))
    with pytest.raises(UsageError, match="local:N needs a number of workers"):
        list(run_batch(items, _options(tmp_path), dask="local:many"))


def test_dask_is_imported_only_for_a_dask_batch() -> None:
    code = (
        "import sys, tqcheck.cli, tqcheck.gate.run, tqcheck.gate.batch; "
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('dask', 'distributed')))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert completed.stdout.strip() == "[]"
