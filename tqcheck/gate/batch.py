"""Checking a batch: many documents, models loaded once per process, documents in parallel.

A worker process loads the embedding model (and, on first use, kiwi) once and then checks document
after document, so the 4–5 s a fresh ``tqcheck check`` pays before its first sentence is paid once per
process, not once per document. Each worker writes its document's reports itself (atomically) and
sends back a slim outcome: the summary and the flagged alignments, which is all the batch's own
outputs (summary, JUnit, SARIF, baseline) need, so the parent's memory stays flat over a long batch.

Finished results are kept by content (``gate.results``): re-running a batch after one file changed
re-checks one document.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tqcheck.config import Config
from tqcheck.embed.base import is_bundled
from tqcheck.errors import TqcheckError
from tqcheck.gate.report_stamps import ReportStamps, render_key, stamp
from tqcheck.gate.results import ResultCache, result_key
from tqcheck.gate.verdict import rejudge
from tqcheck.model import BatchItem, CheckResult, DocumentOutcome
from tqcheck.pipeline import CheckOptions

if TYPE_CHECKING:
    from tqcheck.gate.baseline import Baseline

REPORT_SUFFIXES = {"json": ".json", "html": ".html", "csv": ".csv", "xlsx": ".xlsx", "table": ".txt"}


@dataclass(frozen=True)
class BatchOptions:
    """Everything a worker needs to check any document of the batch the same way."""

    check: CheckOptions = field(default_factory=CheckOptions)
    config: Config = field(default_factory=Config)
    output_dir: Path | None = None
    reports: tuple[str, ...] = ()
    use_result_cache: bool = True
    threads: int | None = None  # embedding threads per worker (default: cores / jobs)
    baseline: Baseline | None = None  # flags an editor accepted: they do not fail the gate


class Worker:
    """One process's checker: the models are loaded once, then any number of documents run."""

    def __init__(self, options: BatchOptions) -> None:
        from tqcheck.embed import CachedEmbedder, default_cache_dir, load_embedder

        self.options = options
        check = options.check
        cache_dir = (check.cache_dir or default_cache_dir()) if check.use_cache else None
        self.embedder = CachedEmbedder(load_embedder(check.model, threads=options.threads), cache_dir)
        self.results = ResultCache(cache_dir) if cache_dir and options.use_result_cache else None
        self.stamps = None
        if options.output_dir is not None and options.reports:
            from tqcheck.io.discover import OUTPUT_MARKER

            self.stamps = ReportStamps.load(options.output_dir / OUTPUT_MARKER)
        self._settings = {
            "check": {
                "split": check.split,
                "align": check.align,
                "align_params": check.align_params.to_dict(),
                "align_refine": dataclasses.asdict(check.refine),
            },
            "config": options.config.to_dict(),
        }

    def run(self, item: BatchItem) -> DocumentOutcome:
        """Check one document; an input a user can fix is an errored outcome, never an exception."""
        started = time.perf_counter()
        outcome = self._run(item)
        outcome.seconds = time.perf_counter() - started
        return outcome

    def finished(self, item: BatchItem) -> DocumentOutcome | None:
        """The outcome of a document with nothing left to do (its result cached, its reports as this
        run would write them), found without loading a model; None when there is work, or an error
        that ``run`` reports in its own words."""
        started = time.perf_counter()
        try:
            key = self._key(item)
            result = self.results.get(key) if key is not None and self.results is not None else None
            if key is None or result is None:
                return None
            result = _placed(result, item)
            plan = self._report_plan(item, key, self._judge(item, result))
            if not all(fresh for _, _, _, fresh in plan):
                return None
        except (TqcheckError, OSError):
            return None
        reports = {chosen: str(path) for chosen, path, _, _ in plan}
        outcome = DocumentOutcome(item=item, result=slim(result), cached=True, reports=reports)
        outcome.seconds = time.perf_counter() - started
        return outcome

    def _run(self, item: BatchItem) -> DocumentOutcome:
        try:
            key = self._key(item)
            result, cached = self._result(item, key)
            accepted = self._judge(item, result)
            reports, stamps = self._write_reports(item, result, key, accepted)
        except TqcheckError as error:
            return DocumentOutcome(item=item, error=str(error))
        except OSError as error:
            return DocumentOutcome(item=item, error=f"{error.filename or item.id}: {error.strerror}")
        return DocumentOutcome(
            item=item, result=slim(result), cached=cached, reports=reports, report_stamps=stamps
        )

    def _key(self, item: BatchItem) -> str | None:
        """The document's result key, or None without a result cache or when a file is missing (the
        check then says so in its own words)."""
        if self.results is None:
            return None
        glossary = self.options.config.glossary
        paths = item.paths + ((str(glossary),) if glossary else ())
        try:
            return result_key(paths, self._settings, self.embedder.model_id)
        except OSError:
            return None

    def _result(self, item: BatchItem, key: str | None) -> tuple[CheckResult, bool]:
        if key is not None and self.results is not None:
            cached = self.results.get(key)
            if cached is not None:
                return _placed(cached, item), True
        result = self._check(item)
        if key is not None and self.results is not None:
            self.results.put(key, result)
        return result, False

    def _judge(self, item: BatchItem, result: CheckResult) -> frozenset[object]:
        """Judge again with the baseline's accepted flags (which it returns); without one, as checked."""
        if self.options.baseline is None:
            return frozenset()
        accepted = self.options.baseline.accepted(item.id, result)
        rejudge(result, self.options.config, accepted)
        return frozenset(accepted)

    def _check(self, item: BatchItem) -> CheckResult:
        from tqcheck.pipeline import check_files, check_segments

        options, config = self.options.check, self.options.config
        if item.segment_file is not None:
            from tqcheck.io.segments import read_segments

            records = read_segments(Path(item.segment_file))
            return check_segments(
                records, path=item.segment_file, config=config, embedder=self.embedder, options=options
            )
        assert item.source_path is not None and item.target_path is not None
        return check_files(
            item.source_path,
            item.target_path,
            reference=item.reference_path,
            config=config,
            embedder=self.embedder,
            options=options,
        )

    def _report_plan(
        self, item: BatchItem, key: str | None, accepted: frozenset[object]
    ) -> list[tuple[str, Path, str | None, bool]]:
        """(format, path, render key, already on disk as this run would write it) of each report the
        batch asks for; without a result key nothing is known to be on disk."""
        output_dir = self.options.output_dir
        if output_dir is None:
            return []
        plan = []
        for chosen in self.options.reports:
            path = report_path(output_dir, item.id, chosen)
            rendering = render_key(key, item.paths, accepted, chosen) if key is not None else None
            fresh = rendering is not None and self.stamps is not None and self.stamps.fresh(path, rendering)
            plan.append((chosen, path, rendering, fresh))
        return plan

    def _write_reports(
        self, item: BatchItem, result: CheckResult, key: str | None, accepted: frozenset[object]
    ) -> tuple[dict[str, str], dict[str, dict[str, object]]]:
        """Write the document's reports, except those already on disk as this run would write them
        (``gate.report_stamps``); return them by format, and the stamps of those written."""
        plan = self._report_plan(item, key, accepted)
        if not plan:
            return {}, {}
        from tqcheck.io import write_atomic
        from tqcheck.report.render import render_file

        stamps: dict[str, dict[str, object]] = {}
        for chosen, path, rendering, fresh in plan:
            if fresh:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, render_file(result, chosen, "all"))
            if rendering is not None:
                stamps[str(path)] = stamp(path, rendering)
        return {chosen: str(path) for chosen, path, _, _ in plan}, stamps


def _placed(result: CheckResult, item: BatchItem) -> CheckResult:
    """A cached result for this item's files: the cache is keyed by content, so the same text may
    have been checked under other paths; reports must point at the files of this batch."""
    result.source.path = item.segment_file or item.source_path
    result.target.path = item.segment_file or item.target_path
    if result.reference is not None:
        result.reference.path = item.segment_file or item.reference_path
    return result


def report_path(output_dir: Path, item_id: str, chosen: str) -> Path:
    """Where a document's report goes: its id as a relative path, made safe (no ``..``, no absolute
    paths, no characters file systems refuse), with the format's suffix."""
    parts = [re.sub(r'[<>:"\\|?*\x00-\x1f]', "_", part) for part in item_id.replace("\\", "/").split("/")]
    parts = [part for part in parts if part not in ("", ".", "..")] or ["document"]
    return output_dir.joinpath(*parts[:-1], parts[-1] + REPORT_SUFFIXES[chosen])


def slim(result: CheckResult) -> CheckResult:
    """The result without its unflagged alignments: what the batch outputs need, at a fraction of the
    memory (the summary keeps the full counts)."""
    return replace(result, alignments=[alignment for alignment in result.alignments if alignment.flags])


# --- running ----------------------------------------------------------------------------------------

_WORKER: list[Worker] = []


def _start_worker(options: BatchOptions) -> None:
    _WORKER.append(Worker(options))


def _run_in_worker(item: BatchItem) -> DocumentOutcome:
    return _WORKER[0].run(item)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run_batch(
    items: Sequence[BatchItem],
    options: BatchOptions,
    jobs: int = 1,
    on_start: Callable[[], None] | None = None,
    dask: str | None = None,
) -> Iterator[DocumentOutcome]:
    """Check ``items`` and yield each outcome as it finishes (completion order).

    ``jobs`` is the number of cores the batch may use: that many worker processes (spawned, so no model
    state is shared by fork) with one encoder thread each, or fewer workers with more threads when there
    are fewer documents; ``options.threads`` overrides the threads. So ``--jobs 1`` leaves the other
    cores of a shared CI runner alone, as ``make -j1`` does.
    One document per worker is in flight (see ``_Streams`` for which), so a batch of thousands is
    streamed, not queued whole. ``on_start`` is called once the models are loaded. ``dask`` (a
    scheduler address, or ``local:N``) sends the documents to a Dask cluster instead, and ``jobs`` is
    ignored; Dask is imported only then."""
    if dask is not None:
        from tqcheck.gate.dask_run import run_on_dask

        yield from run_on_dask(items, options, dask, on_start=on_start)
        return
    cores = max(1, jobs)
    jobs = max(1, min(jobs, len(items) or 1))
    if jobs > 1 and is_bundled(options.check.model):
        # Documents with nothing to do are answered here, before any worker starts, and a batch with
        # one document left to check (one file changed) runs it here too, on every core it may use.
        front = Worker(replace(options, threads=options.threads or cores))
        remaining = []
        for item in items:
            outcome = front.finished(item)
            if outcome is None:
                remaining.append(item)
            else:
                yield outcome
        items, jobs = remaining, max(1, min(jobs, len(remaining)))
        if jobs == 1:
            if on_start:
                on_start()
            for item in items:
                yield front.run(item)
            return
    if options.threads is None:
        options = replace(options, threads=max(1, cores // jobs))
    if jobs == 1:
        worker = Worker(options)
        if on_start:
            on_start()
        for item in items:
            yield worker.run(item)
        return
    context = multiprocessing.get_context("spawn")
    streams = _Streams(items, jobs)
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(options,)
    ) as pool:
        if on_start:
            on_start()
        pending: dict[Future[DocumentOutcome], int] = {}
        try:
            for stream in range(jobs):
                first = streams.next(stream)
                if first is not None:
                    pending[pool.submit(_run_in_worker, first)] = stream
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    stream = pending.pop(future)
                    following = streams.next(stream)
                    if following is not None:  # before yielding: the worker is not kept waiting
                        pending[pool.submit(_run_in_worker, following)] = stream
                    yield future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


class _Streams:
    """The batch dealt out as ``count`` runs of neighbouring documents, one run per worker.

    Documents next to each other in a batch (one vendor delivery, one folder, chapters of one manual)
    share sentences: boilerplate, bylines, repeated headings, or whole paragraphs in revisions. Two
    workers that check neighbours at the same time both find those sentences missing from the shared
    embedding cache and both embed them, so handing documents out in order made ``--jobs 2`` embed
    most of a repetitive batch twice (slower than ``--jobs 1`` on 60 overlapping documents). Here
    each worker walks its own contiguous run, so its neighbours' sentences are already cached when it
    meets them; a worker whose run is done takes the back half of the longest run left (the part
    furthest from where that run's worker is), so no worker idles while documents remain.
    """

    def __init__(self, items: Sequence[BatchItem], count: int) -> None:
        size = max(1, -(-len(items) // count))
        self._runs = [deque(items[start : start + size]) for start in range(0, count * size, size)]

    def next(self, stream: int) -> BatchItem | None:
        run = self._runs[stream]
        if not run:
            longest = max(self._runs, key=len)
            taken = [longest.pop() for _ in range((len(longest) + 1) // 2)]
            run.extend(reversed(taken))
        return run.popleft() if run else None
