"""``tqcheck batch`` and ``tqcheck baseline`` from end to end: find the documents, check them, judge
them (a baseline's accepted flags aside), write the batch's outputs, and say the verdict.

Every output path is validated before the first document is read, so a typo in ``--junit`` does not
cost a whole batch; every file is written atomically, so an interrupted run never leaves half a
report.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tqcheck.errors import EXIT_GATE_FAILED, EXIT_INPUT_ERROR, EXIT_PASSED, UsageError
from tqcheck.gate.batch import BatchOptions, default_jobs, run_batch
from tqcheck.gate.progress import Progress
from tqcheck.io.write import write_atomic
from tqcheck.model import BatchItem, DocumentOutcome

if TYPE_CHECKING:
    from tqcheck.gate.baseline import Baseline

EXIT_INTERRUPTED = 130
StdoutFormat = Literal["text", "github", "json"]


@dataclass(frozen=True)
class BatchRequest:
    inputs: Sequence[Path]
    options: BatchOptions = field(default_factory=BatchOptions)
    jobs: int = 0  # 0: one per core
    junit: Path | None = None
    sarif: Path | None = None
    stdout_format: StdoutFormat = "text"
    baseline: Path | None = None
    changed_since: str | None = None
    quiet: bool = False
    dask: str | None = None  # a Dask scheduler address, or local:N (see gate.dask_run)


@dataclass
class BatchRun:
    outcomes: list[DocumentOutcome]
    unmatched: list[str]
    stale: list[dict[str, object]]
    skipped_unchanged: int = 0
    baseline: Baseline | None = None

    @property
    def exit_code(self) -> int:
        if any(outcome.error is not None for outcome in self.outcomes):
            return EXIT_INPUT_ERROR
        if any(not outcome.passed for outcome in self.outcomes):
            return EXIT_GATE_FAILED
        return EXIT_PASSED


def check_output_path(path: Path, what: str) -> None:
    """Refuse, before any work, an output file that cannot be written."""
    if path.is_dir():
        raise UsageError(f"{what} {path} is a directory: name a file")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{what} {path}: the folder {parent} does not exist")


def check_output_dir(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise UsageError(f"--output-dir {path} is a file, not a folder")
    if not path.exists() and not path.parent.is_dir():
        raise UsageError(f"--output-dir {path}: its parent folder {path.parent} does not exist")


def changed_files(since: str, where: Path | None = None) -> set[Path]:
    """Files changed since git revision ``since`` (committed, staged, unstaged, or new), resolved."""
    where = where or Path.cwd()

    def git(*args: str) -> list[str]:
        try:
            completed = subprocess.run(
                ["git", "-C", str(where), *args], capture_output=True, text=True, check=False
            )
        except OSError as error:
            raise UsageError(f"--changed-since needs git: {error.strerror}") from None
        if completed.returncode != 0:
            message = (completed.stderr.strip().splitlines() or ["git failed"])[-1]
            raise UsageError(f"--changed-since {since}: {message}")
        return [line for line in completed.stdout.splitlines() if line]

    top = Path(git("rev-parse", "--show-toplevel")[0])
    names = git("diff", "--name-only", since, "--") + git("ls-files", "--others", "--exclude-standard")
    return {(top / name).resolve() for name in names}


def _only_changed(items: list[BatchItem], changed: set[Path]) -> list[BatchItem]:
    return [item for item in items if any(Path(path).resolve() in changed for path in item.paths)]


def execute(request: BatchRequest) -> BatchRun:
    """Run a batch request and write its files; the caller prints and exits."""
    from tqcheck.io.discover import OUTPUT_MARKER, discover

    options = request.options
    if options.output_dir is not None:
        check_output_dir(options.output_dir)
    for path, what in ((request.junit, "--junit"), (request.sarif, "--sarif")):
        if path is not None:
            check_output_path(path, what)
    baseline = None
    if request.baseline is not None:
        from tqcheck.gate.baseline import Baseline

        baseline = Baseline.load(request.baseline)
        options = replace(options, baseline=baseline)
    if options.output_dir is not None:
        options.output_dir.mkdir(exist_ok=True)
        (options.output_dir / OUTPUT_MARKER).touch()
    discovery = discover(list(request.inputs))
    items = discovery.items
    skipped = 0
    if request.changed_since is not None:
        kept = _only_changed(items, changed_files(request.changed_since))
        skipped = len(items) - len(kept)
        items = kept
    outcomes = [
        DocumentOutcome(item=BatchItem(id=source, input=source), error=message)
        for source, message in discovery.errors
    ]
    progress = Progress("checking", len(items), quiet=request.quiet)
    try:
        for outcome in run_batch(items, options, request.jobs or default_jobs(), dask=request.dask):
            outcomes.append(outcome)
            progress.advance(
                failed=int(outcome.error is None and not outcome.passed),
                unreadable=int(outcome.error is not None),
                cached=int(outcome.cached),
            )
    finally:
        progress.close()
    stale: list[dict[str, object]] = []
    if baseline is not None:
        from tqcheck.gate.baseline import stale_entries

        stale = list(stale_entries(baseline, outcomes))
    run = BatchRun(
        outcomes=outcomes,
        unmatched=discovery.unmatched,
        stale=stale,
        skipped_unchanged=skipped,
        baseline=baseline,
    )
    write_outputs(run, request, options)
    return run


def write_outputs(run: BatchRun, request: BatchRequest, options: BatchOptions) -> None:
    outcomes = run.outcomes
    if options.output_dir is not None:
        from tqcheck.report.batch_summary import render_index_html, render_summary_csv, render_summary_json

        directory = options.output_dir
        directory.mkdir(parents=True, exist_ok=True)
        extra = {"unmatched": run.unmatched, "stale_baseline_entries": run.stale}
        write_atomic(directory / "summary.json", render_summary_json(outcomes, extra))
        write_atomic(directory / "summary.csv", render_summary_csv(outcomes))
        write_atomic(directory / "index.html", render_index_html(outcomes, directory))
        _record_report_stamps(directory, outcomes)
    if request.junit is not None:
        from tqcheck.report.junit import render_junit

        write_atomic(request.junit, render_junit(outcomes, baseline=run.baseline))
    if request.sarif is not None:
        from tqcheck.report.sarif import render_sarif

        write_atomic(request.sarif, render_sarif(outcomes, baseline=run.baseline))


def _record_report_stamps(directory: Path, outcomes: Sequence[DocumentOutcome]) -> None:
    """Remember which reports this run wrote, so the next run need not write them again."""
    from tqcheck.gate.report_stamps import ReportStamps
    from tqcheck.io.discover import OUTPUT_MARKER

    new = {path: entry for outcome in outcomes for path, entry in outcome.report_stamps.items()}
    if new:
        stamps = ReportStamps.load(directory / OUTPUT_MARKER)
        write_atomic(stamps.marker, stamps.merged(new))


def print_verdict(run: BatchRun, request: BatchRequest) -> None:
    """What a person or a CI log reads: one line per document that needs attention, then totals."""
    out = sys.stdout
    if request.stdout_format == "json":
        from tqcheck.report.batch_summary import render_summary_json

        out.write(
            render_summary_json(
                run.outcomes, {"unmatched": run.unmatched, "stale_baseline_entries": run.stale}
            )
        )
    elif request.stdout_format == "github":
        from tqcheck.report.github import github_annotations, write_step_summary

        lines, notice = github_annotations(run.outcomes, baseline=run.baseline)
        for line in lines:
            out.write(line + "\n")
        if notice:
            out.write(notice + "\n")
        write_step_summary(run.outcomes)
    else:
        for outcome in sorted(run.outcomes, key=lambda outcome: outcome.item.id):
            if outcome.error is not None:
                out.write(f"ERROR   {outcome.item.id}: {outcome.error}\n")
            elif not outcome.passed and outcome.result is not None:
                reasons = "; ".join(outcome.result.summary.gate_reasons)
                out.write(f"FAILED  {outcome.item.id}: {reasons}\n")
    for name in run.unmatched:
        print(f"tqcheck: note: {name} has no partner file and was not checked", file=sys.stderr)
    for entry in run.stale:
        print(
            f"tqcheck: note: baseline entry no longer occurs: {entry.get('code')} in {entry.get('document')}",
            file=sys.stderr,
        )
    totals = Counter(
        "errored" if outcome.error else "passed" if outcome.passed else "failed" for outcome in run.outcomes
    )
    cached = sum(outcome.cached for outcome in run.outcomes)
    parts = [f"{len(run.outcomes)} documents", f"{totals['passed']} passed", f"{totals['failed']} failed"]
    if totals["errored"]:
        parts.append(f"{totals['errored']} could not be read")
    if cached:
        parts.append(f"{cached} unchanged (cached)")
    if run.skipped_unchanged:
        parts.append(f"{run.skipped_unchanged} skipped (not changed since {request.changed_since})")
    if not request.quiet or run.exit_code != EXIT_PASSED:
        print(f"tqcheck: {', '.join(parts)}", file=sys.stderr)
