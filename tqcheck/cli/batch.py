"""`tqcheck batch` and `tqcheck baseline`: many documents as a CI gate."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tqcheck.cli import EPILOG, PlainCommand, SplitChoice, app
from tqcheck.errors import EXIT_INPUT_ERROR, EXIT_PASSED, TqcheckError, UsageError

JOBS_HELP = "Cores to use: a worker process with one encoder thread per core (0: every core)."


class StdoutChoice(StrEnum):
    text = "text"
    github = "github"
    json = "json"


class FailOnChoice(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


_REPORT_FORMATS = ("json", "html", "csv", "xlsx", "table")


def _report_formats(value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [part for part in chosen if part not in _REPORT_FORMATS]
    if unknown:
        raise UsageError(f"--report {unknown[0]!r} is not one of {', '.join(_REPORT_FORMATS)}")
    return chosen


def _gate_settings(
    fail_on: FailOnChoice | None,
    min_fidelity: float | None,
    min_segment_fidelity: float | None,
    min_bleu: float | None,
    min_chrf: float | None,
    max_flags_per_100: float | None,
    disable: list[str] | None,
    ignore: list[str] | None,
    glossary: Path | None,
) -> dict[str, object]:
    """The gate options given on the command line, as a settings table that overrides the config's."""
    settings: dict[str, object] = {}
    for name, value in (
        ("fail_on", fail_on.value if fail_on else None),
        ("min_fidelity", min_fidelity),
        ("min_segment_fidelity", min_segment_fidelity),
        ("min_bleu", min_bleu),
        ("min_chrf", min_chrf),
        ("max_flags_per_100_segments", max_flags_per_100),
        ("disable", disable or None),
        ("ignore", ignore or None),
        ("glossary", str(glossary.resolve()) if glossary else None),
    ):
        if value is not None:
            settings[name] = value
    return settings


_INPUTS_HELP = (
    "Folders (X.en.txt + X.ko.txt [+ X.ref.ko.txt] pairs, or en/ ko/ [ref/] parallel folders), "
    "manifests (CSV/TSV of source,target[,reference][,id] paths) or segment files "
    "(TSV/CSV, JSONL, XLIFF 1.2/2.0, TMX, PO)."
)


@app.command(cls=PlainCommand, epilog=EPILOG)
def batch(
    inputs: Annotated[list[Path], typer.Argument(help=_INPUTS_HELP, show_default=False, metavar="INPUT")],
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir", "-d", help="Write each document's reports, summary.csv/json and index.html here."
        ),
    ] = None,
    report: Annotated[
        str, typer.Option(help="Per-document report formats, comma-separated: json, html, csv, xlsx, table.")
    ] = "json,html",
    junit: Annotated[
        Path | None, typer.Option(help="Write JUnit XML here (one testcase per document).")
    ] = None,
    sarif: Annotated[Path | None, typer.Option(help="Write SARIF 2.1.0 here (one result per flag).")] = None,
    stdout_format: Annotated[
        StdoutChoice,
        typer.Option(
            "--format", help="stdout: text (failing documents), github (workflow annotations) or json."
        ),
    ] = StdoutChoice.text,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help=JOBS_HELP)] = 0,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Send documents to a dask.distributed scheduler (tcp://host:8786), "
            "or start a local cluster with local:N.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(help="Flags accepted earlier (tqcheck baseline): they do not fail the gate."),
    ] = None,
    changed_since: Annotated[
        str | None, typer.Option(help="Only documents with a file changed since this git revision.")
    ] = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="TOML settings file.")] = None,
    glossary: Annotated[Path | None, typer.Option(help="CSV 'source,target' of required renderings.")] = None,
    model: Annotated[
        str | None,
        typer.Option(help="Embedding model: use-multilingual, or a sentence-transformers name or path."),
    ] = None,
    split: Annotated[SplitChoice, typer.Option(help="How text files are segmented.")] = SplitChoice.auto,
    fail_on: Annotated[
        FailOnChoice | None, typer.Option(help="Fail on flags at or above this severity.")
    ] = None,
    min_fidelity: Annotated[float | None, typer.Option(help="Fail a document below this fidelity.")] = None,
    min_segment_fidelity: Annotated[
        float | None, typer.Option(help="Fail a document with a segment below this fidelity.")
    ] = None,
    min_bleu: Annotated[float | None, typer.Option(help="Fail below this BLEU (with references).")] = None,
    min_chrf: Annotated[float | None, typer.Option(help="Fail below this chrF (with references).")] = None,
    max_flags_per_100: Annotated[
        float | None, typer.Option("--max-flags-per-100", help="Fail above this many flags per 100 segments.")
    ] = None,
    disable: Annotated[list[str] | None, typer.Option(help="Switch a check off (repeatable).")] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip segments matching this regular expression (repeatable).")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write any cache.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Check a batch of documents as a CI gate: exit 0 all passed, 1 some failed, 2 some unreadable."""
    try:
        code = _run_batch(
            inputs, output_dir, _report_formats(report), junit, sarif, stdout_format, jobs, baseline,
            changed_since, config_file, model, split, no_cache, quiet,
            _gate_settings(fail_on, min_fidelity, min_segment_fidelity, min_bleu, min_chrf, max_flags_per_100,
                           disable, ignore, glossary),
            dask=dask,
        )  # fmt: skip
    except TqcheckError as error:
        typer.echo(f"tqcheck: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    raise typer.Exit(code)


def _batch_options(
    config_file: Path | None,
    settings: dict[str, object],
    model: str | None,
    split: SplitChoice,
    no_cache: bool,
) -> tuple[object, object]:
    from tqcheck.config import apply_settings, load_config
    from tqcheck.pipeline import CheckOptions

    config = load_config(config_file)
    if settings:
        config = apply_settings(config, settings, "command line")
    return config, CheckOptions(split=split.value, model=model, use_cache=not no_cache)


def _run_batch(
    inputs: list[Path],
    output_dir: Path | None,
    reports: tuple[str, ...],
    junit: Path | None,
    sarif: Path | None,
    stdout_format: StdoutChoice,
    jobs: int,
    baseline: Path | None,
    changed_since: str | None,
    config_file: Path | None,
    model: str | None,
    split: SplitChoice,
    no_cache: bool,
    quiet: bool,
    settings: dict[str, object],
    dask: str | None = None,
) -> int:
    from tqcheck.gate.batch import BatchOptions
    from tqcheck.gate.run import BatchRequest, execute, print_verdict

    config, options = _batch_options(config_file, settings, model, split, no_cache)
    request = BatchRequest(
        inputs=inputs,
        options=BatchOptions(
            check=options,  # type: ignore[arg-type]
            config=config,  # type: ignore[arg-type]
            output_dir=output_dir,
            reports=reports if output_dir is not None else (),
            use_result_cache=not no_cache,
        ),
        jobs=jobs,
        junit=junit,
        sarif=sarif,
        stdout_format=stdout_format.value,  # type: ignore[arg-type]
        baseline=baseline,
        changed_since=changed_since,
        quiet=quiet,
        dask=dask,
    )
    run = execute(request)
    print_verdict(run, request)
    return run.exit_code


@app.command("baseline", cls=PlainCommand)
def make_baseline(
    inputs: Annotated[list[Path], typer.Argument(help=_INPUTS_HELP, show_default=False, metavar="INPUT")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to write.")] = Path(
        "tqcheck-baseline.json"
    ),
    config_file: Annotated[Path | None, typer.Option("--config", help="TOML settings file.")] = None,
    model: Annotated[
        str | None,
        typer.Option(help="Embedding model: use-multilingual, or a sentence-transformers name or path."),
    ] = None,
    split: Annotated[SplitChoice, typer.Option(help="How text files are segmented.")] = SplitChoice.auto,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help=JOBS_HELP)] = 0,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write any cache.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Record every current flag as accepted, so `batch --baseline` fails only on new ones."""
    try:
        from tqcheck.gate.baseline import build_baseline
        from tqcheck.gate.batch import BatchOptions
        from tqcheck.gate.run import BatchRequest, check_output_path, execute

        check_output_path(output, "--output")
        config, options = _batch_options(config_file, {}, model, split, no_cache)
        request = BatchRequest(
            inputs=inputs,
            options=BatchOptions(check=options, config=config, use_result_cache=not no_cache),  # type: ignore[arg-type]
            jobs=jobs,
            quiet=quiet,
        )
        run = execute(request)
        built = build_baseline(run.outcomes)
        built.save(output)
        unreadable = [outcome for outcome in run.outcomes if outcome.error is not None]
        for outcome in unreadable:
            typer.echo(f"tqcheck: error: {outcome.item.id}: {outcome.error}", err=True)
        typer.echo(f"tqcheck: wrote {output} with {len(built.entries)} accepted flag(s)", err=True)
    except TqcheckError as error:
        typer.echo(f"tqcheck: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    raise typer.Exit(EXIT_INPUT_ERROR if unreadable else EXIT_PASSED)
