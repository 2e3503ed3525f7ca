"""Checking a batch on a Dask cluster, so a delivery too big for one machine is spread over many.

The local batch (``gate.batch``) already has the right shape: a ``Worker`` per process that loads the
models once, checks any document and writes that document's reports itself. Dask only replaces the
process pool:

- a ``WorkerPlugin`` builds one ``Worker`` per Dask worker process when it joins (and again when a
  dead worker is replaced), so models are loaded once per process, never per document;
- each document is one task; outcomes stream back in completion order, at most
  ``WINDOW_PER_WORKER`` per worker in flight, so a batch of thousands never floods the scheduler;
- the caller writes the batch's own outputs (summary, JUnit, SARIF), exactly as for a local run.

A document gets ``MAX_TRIES`` tries, whether its task raises or its worker dies under it. Dask's own
bookkeeping cannot say that alone: ``retries`` covers raising tasks only, and the scheduler's
``allowed-failures`` counts every task *queued* on a worker that died, so a document that merely
waited behind a worker-killing one would be given up with it. Each try therefore records its start
in the scheduler's metadata before it runs; the count decides, and a document that used up its
tries becomes an errored outcome (one line), never an exception, and the batch goes on.

All tqcheck work in a worker process runs on one thread of its own, one document at a time: SQLite
connections (the embedding and result caches) may only be used by the thread that opened them, and
the embedder already uses the cores it is given (``BatchOptions.threads``, default: the worker's
Dask threads). Dask is imported only when a batch is sent to it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from tqcheck import __version__
from tqcheck.errors import TqcheckError, UsageError
from tqcheck.gate.batch import BatchOptions, Worker, default_jobs
from tqcheck.model import BatchItem, DocumentOutcome

try:
    import dask.config
    import distributed
    from distributed import WorkerPlugin
except ImportError as error:  # the dask extra is not installed: run_on_dask says so
    _MISSING: ImportError | None = error
    WorkerPlugin = object  # type: ignore[misc,assignment]
else:
    _MISSING = None

if TYPE_CHECKING:
    from distributed import Client, Future

MAX_TRIES = 3
"""Tries per document: a task that raises, or a worker that dies while checking it, uses one."""
WINDOW_PER_WORKER = 4
"""Documents in flight per worker: enough to keep every worker busy, few enough to stream."""
RESIZE_S = 10.0
"""How often the window is fitted to the cluster's current number of workers."""
CONNECT_TIMEOUT_S = 15
WORKER_WAIT_S = 60
"""How long to wait for a scheduler with no workers yet (workers of an HPC job may still be queued)."""
WORKER_ATTRIBUTE = "_tqcheck"
"""Where a Dask worker keeps its checkers: ``{run id: _Checker}``, so concurrent batches never mix."""
_METADATA_ROOT = "tqcheck"
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,  # the dashboard's sampling profiler (no dashboard here)
    "distributed.admin.tick.interval": "1s",  # the event-loop watchdog, every 20 ms by default
}
"""For ``local:N``: Dask's housekeeping otherwise costs about a tenth of a core per process, which
on a machine with as many workers as cores comes straight off the checking."""

_PROCESS_LOCK = threading.Lock()
"""One document at a time per process, across every batch using it (they share the working folder)."""


def run_on_dask(
    items: Sequence[BatchItem],
    options: BatchOptions,
    address: str,
    on_start: Callable[[], None] | None = None,
) -> Iterator[DocumentOutcome]:
    """Check ``items`` on the Dask cluster at ``address`` and yield each outcome as it finishes.

    ``address`` is a scheduler address (``tcp://host:8786``) or ``local:N`` for a local cluster of N
    single-threaded worker processes, started here and closed at the end. Workers read the
    documents' files and write their reports themselves, so paths must mean the same on every worker
    (a shared file system; relative paths are taken from the folder this process runs in).
    ``on_start`` is called once every worker has its checker. Raises ``UsageError`` when the cluster
    cannot be reached or started, or its workers cannot load tqcheck."""
    if not items:
        return
    local = _local_workers(address)
    if local is not None and options.threads is None:
        options = replace(options, threads=max(1, default_jobs() // local))
    with _connect(address, local) as client:
        run = uuid.uuid4().hex[:12]
        name = f"tqcheck-{run}"
        plugin = TqcheckPlugin(run, options, os.getcwd(), __version__)
        try:
            _register(client, plugin, name, address)
            if on_start:
                on_start()
            yield from _stream(client, items, run)
        finally:
            with suppress(Exception):
                client.unregister_worker_plugin(name)
            with suppress(Exception):
                client.set_metadata([_METADATA_ROOT, run], None)


# --- on the workers ----------------------------------------------------------------------------------


class _Checker:
    """One batch's ``Worker`` in one Dask worker process, on a thread of its own."""

    def __init__(self, options: BatchOptions, cwd: str) -> None:
        self.cwd = cwd
        self._options = options
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="tqcheck")
        self._worker: Worker | None = None
        self.ready = self._thread.submit(self._build)

    def _build(self) -> None:
        with _PROCESS_LOCK:
            self._enter_cwd()
            self._worker = Worker(self._options)

    def run(self, item: BatchItem) -> DocumentOutcome:
        return self._thread.submit(self._run, item).result()

    def _run(self, item: BatchItem) -> DocumentOutcome:
        assert self._worker is not None, "the checker failed to start"
        with _PROCESS_LOCK:
            self._enter_cwd()
            return self._worker.run(item)

    def _enter_cwd(self) -> None:
        """Relative paths (documents, --output-dir) mean what they meant where ``tqcheck batch`` ran,
        when that folder exists here too (a shared file system)."""
        if os.path.isdir(self.cwd) and os.getcwd() != self.cwd:
            os.chdir(self.cwd)

    def close(self) -> None:
        """Close the caches on the thread that opened them, then let the thread go."""

        def close_caches() -> None:
            worker = self._worker
            if worker is None:
                return
            cache = getattr(worker.embedder, "cache", None)
            for store in (cache, worker.results):
                if store is not None:
                    with suppress(Exception):
                        store.close()

        with suppress(Exception):
            self._thread.submit(close_caches).result(timeout=30)
        self._thread.shutdown(wait=False)


class TqcheckPlugin(WorkerPlugin):
    """Builds this batch's checker on every Dask worker, present and future (a worker that replaces
    a dead one gets it too), and drops it when the batch ends."""

    def __init__(self, run: str, options: BatchOptions, cwd: str, version: str) -> None:
        self.run = run
        self.options = options
        self.cwd = cwd
        self.version = version

    async def setup(self, worker: Any) -> None:
        if self.version != __version__:
            raise UsageError(
                f"the Dask worker {worker.address} has tqcheck {__version__}, this machine {self.version}:"
                " install the same version everywhere"
            )
        options = self.options
        if options.threads is None:
            options = replace(options, threads=max(1, worker.state.nthreads))
        checker = _Checker(options, self.cwd)
        checkers = worker.__dict__.setdefault(WORKER_ATTRIBUTE, {})
        checkers[self.run] = checker
        try:
            await asyncio.wrap_future(checker.ready)
        except BaseException:
            checkers.pop(self.run, None)
            checker.close()
            raise

    def teardown(self, worker: Any) -> None:
        checker = worker.__dict__.get(WORKER_ATTRIBUTE, {}).pop(self.run, None)
        if checker is not None:
            checker.close()


def check_document(run: str, token: str, item: BatchItem) -> DocumentOutcome:
    """The task: check one document with this worker's checker, counting the try first so a worker
    that dies mid-document still uses it up."""
    worker = distributed.get_worker()
    checker = worker.__dict__.get(WORKER_ATTRIBUTE, {}).get(run)
    if checker is None:
        raise RuntimeError(f"tqcheck is not set up on the Dask worker {worker.address}: see its log")
    tries = _Tries(run, token)
    started = tries.start()
    if started > MAX_TRIES:
        return DocumentOutcome(item=item, error=tries.gave_up())
    try:
        return checker.run(item)
    except Exception as error:
        message = _one_line(error)
        if started >= MAX_TRIES:
            return DocumentOutcome(
                item=item, error=f"checking failed {MAX_TRIES} times on the Dask cluster: {message}"
            )
        tries.failed(message)
        raise


@dataclass
class _Tries:
    """A document's tries, kept by the scheduler (which outlives any worker): ``{"starts", "error"}``.

    Tries of one document run one after another, so a read-then-write needs no lock."""

    run: str
    token: str
    client: Client | None = None

    @property
    def path(self) -> list[str]:
        return [_METADATA_ROOT, self.run, self.token]

    def _client(self) -> Client:
        if self.client is None:
            self.client = distributed.get_client()
        return self.client

    def record(self) -> dict[str, Any]:
        return self._client().get_metadata(self.path, default=None) or {"starts": 0, "error": None}

    def start(self) -> int:
        record = self.record()
        record["starts"] += 1
        self._client().set_metadata(self.path, record)
        return int(record["starts"])

    def failed(self, message: str) -> None:
        record = self.record()
        record["error"] = message
        self._client().set_metadata(self.path, record)

    def gave_up(self, record: dict[str, Any] | None = None) -> str:
        record = record or self.record()
        tries = min(MAX_TRIES, int(record["starts"]))
        if record.get("error"):
            return f"gave up after {tries} tries on the Dask cluster (last error: {record['error']})"
        return f"its Dask worker died {tries} times while checking it (gave up)"


# --- on the client -----------------------------------------------------------------------------------


@dataclass
class _Task:
    index: int
    item: BatchItem
    submissions: int = 1

    @property
    def token(self) -> str:
        return str(self.index)


def _stream(client: Client, items: Sequence[BatchItem], run: str) -> Iterator[DocumentOutcome]:
    """Keep ``WINDOW_PER_WORKER`` documents per worker in flight; yield outcomes as they come.

    The window follows the cluster's size (looked up every ``RESIZE_S``), so workers that join an
    adaptive cluster get work and a shrinking one is not flooded."""
    tasks: dict[Future, _Task] = {}
    completed = distributed.as_completed()
    queue = iter(enumerate(items))
    window, sized = 0, -RESIZE_S

    def submit(task: _Task) -> None:
        key = f"tqcheck-{run}{task.index:06d}{task.submissions}-{task.item.id}"
        future = client.submit(
            check_document, run, task.token, task.item, key=key, retries=MAX_TRIES - 1, pure=False
        )
        tasks[future] = task
        completed.add(future)

    def refill() -> None:
        nonlocal window, sized
        if time.monotonic() - sized >= RESIZE_S:
            window, sized = WINDOW_PER_WORKER * max(1, len(client.nthreads())), time.monotonic()
        while len(tasks) < window:
            following = next(queue, None)
            if following is None:
                return
            submit(_Task(*following))

    try:
        refill()
        for future in completed:
            task = tasks.pop(future)
            outcome = _outcome(client, run, future, task)
            future.release()
            if outcome is None:
                task.submissions += 1
                submit(task)
                continue
            yield outcome
            refill()
    finally:
        if tasks:
            with suppress(Exception):
                client.cancel(list(tasks))


def _outcome(client: Client, run: str, future: Future, task: _Task) -> DocumentOutcome | None:
    """The document's outcome, or None to submit it again (the scheduler gave it up with workers that
    died while it was only waiting on them).

    ``result()`` rather than the status: a finished document whose result lived on a worker that
    died since is recomputed by the scheduler, and ``result()`` waits for that."""
    item = task.item
    try:
        return future.result()
    except distributed.KilledWorker:
        tries = _Tries(run, task.token, client)
        record = tries.record()
        if record["starts"] < MAX_TRIES and task.submissions < MAX_TRIES:
            return None
        return DocumentOutcome(item=item, error=tries.gave_up(record))
    except CancelledError:
        return DocumentOutcome(item=item, error="cancelled on the Dask cluster (was it restarted?)")
    except Exception as error:  # a task that raised past its retries, or a worker with another build
        return DocumentOutcome(item=item, error=f"checking failed on the Dask cluster: {_one_line(error)}")


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


# --- connecting --------------------------------------------------------------------------------------


def _local_workers(address: str) -> int | None:
    """N for ``local:N``; None for a scheduler address."""
    if not address.startswith("local:"):
        return None
    count = address.removeprefix("local:")
    if not count.isdigit() or int(count) < 1:
        raise UsageError(f"--dask {address}: local:N needs a number of workers, e.g. local:2")
    return int(count)


@contextmanager
def _connect(address: str, local: int | None) -> Iterator[Client]:
    """A client of the scheduler at ``address`` (or of a local cluster started for this batch), with
    at least one worker; closed (and the local cluster stopped) on the way out."""
    if _MISSING is not None:
        raise UsageError(f"--dask needs dask.distributed ({_MISSING}): pip install 'tqcheck[dask]'")
    cluster = None
    try:
        if local is not None:
            with dask.config.set(LOCAL_CLUSTER_CONFIG):  # the nannies pass it on to the workers
                cluster = distributed.LocalCluster(
                    n_workers=local,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                client = distributed.Client(cluster)
        else:
            client = distributed.Client(address, timeout=CONNECT_TIMEOUT_S)
    except Exception as error:
        if cluster is not None:
            with suppress(Exception):
                cluster.close()
        if local is not None:
            raise UsageError(f"cannot start a local Dask cluster ({address}): {_one_line(error)}") from None
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {_one_line(error)}") from None
    try:
        try:
            client.wait_for_workers(local or 1, timeout=WORKER_WAIT_S)
        except (TimeoutError, OSError) as error:
            raise UsageError(
                f"the Dask scheduler at {address} has no workers ({_one_line(error)}): "
                f"start some with `dask worker {address}`"
            ) from None
        yield client
    finally:
        with suppress(Exception):
            client.close()
        if cluster is not None:
            with suppress(Exception):
                cluster.close()


def _register(client: Client, plugin: TqcheckPlugin, name: str, address: str) -> None:
    """Load the models on every worker (the call returns once all have them); a worker that cannot
    is a usage problem to report in one line, not a traceback."""
    try:
        client.register_plugin(plugin, name=name)
    except TqcheckError:
        raise
    except ImportError as error:
        raise UsageError(
            f"the Dask workers of {address} cannot import tqcheck ({_one_line(error)}): install it on each"
        ) from None
    except Exception as error:
        raise UsageError(f"the Dask workers of {address} cannot load tqcheck: {_one_line(error)}") from None
