"""The ``tqcheck`` command line. Exit codes: 0 passed, 1 failed the gate, 2 usage or input error."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ClassVar

import typer
from typer.core import TyperCommand

from tqcheck import __version__
from tqcheck.errors import EXIT_GATE_FAILED, EXIT_INPUT_ERROR, EXIT_PASSED, TqcheckError, UsageError
from tqcheck.pipeline import CheckOptions

EPILOG = """Exit codes: 0 passed, 1 failed the gate, 2 usage or input error (one line on stderr),
3 internal error (a bug: please report it), 130 interrupted, 143 terminated.

Environment: TQCHECK_CACHE_DIR (embedding and result cache; default ~/.cache/tqcheck),
CI (plain progress lines instead of a progress bar), GITHUB_STEP_SUMMARY (batch --format github).

Example: tqcheck check article.en.txt article.ko.txt -o report.html -o report.json"""


class PlainCommand(TyperCommand):
    """typer's help, minus its type leaks: value placeholders in plain words (PATH, TEXT, NUMBER)
    instead of Python types (``<list[Path]>``), and arguments as ``SOURCE`` rather than ``{source}``."""

    _PLACEHOLDERS: ClassVar[dict[str, str]] = {
        "path": "PATH",
        "str": "TEXT",
        "float": "NUMBER",
        "int": "N",
        "int range": "N",
    }

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.params:
            if param.param_type_name == "argument":
                param.display_type_rich = lambda ctx: None  # its name (SOURCE) says it all
            elif getattr(param, "metavar", None) is None and not getattr(param, "is_flag", False):
                shown = (param.display_type_rich(ctx) or "").strip("<>")
                element = shown[5:-1].lower() if shown.startswith("list[") else shown
                if element in self._PLACEHOLDERS:
                    param.metavar = self._PLACEHOLDERS[element]
        super().format_help(ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [piece.replace("{", "").replace("}", "") for piece in super().collect_usage_pieces(ctx)]


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Check a Korean machine translation against its English source.",
    epilog=EPILOG,
)


class SplitChoice(StrEnum):
    auto = "auto"
    lines = "lines"


class AlignChoice(StrEnum):
    dp = "dp"
    none = "none"


class FormatChoice(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class ShowChoice(StrEnum):
    all = "all"
    flagged = "flagged"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tqcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Check a Korean machine translation against its English source."""


@app.command(cls=PlainCommand, epilog=EPILOG)
def check(
    source: Annotated[
        Path, typer.Argument(help="English source file.", show_default=False, metavar="SOURCE")
    ],
    target: Annotated[
        Path,
        typer.Argument(help="Korean machine translation of SOURCE.", show_default=False, metavar="TARGET"),
    ],
    reference: Annotated[
        Path | None,
        typer.Option(
            "--reference",
            "-r",
            metavar="REF",
            help="Human Korean reference: adds BLEU (ko-mecab), chrF++ and TER.",
        ),
    ] = None,
    split: Annotated[
        SplitChoice, typer.Option(help="auto: paragraphs, headlines, sentences; lines: one segment per line.")
    ] = SplitChoice.auto,
    align: Annotated[
        AlignChoice, typer.Option(help="dp: sentence alignment; none: line i pairs with line i.")
    ] = AlignChoice.dp,
    model: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="sentence-transformers model name or local path (default: bundled multilingual-e5-small).",
        ),
    ] = None,
    output_format: Annotated[
        FormatChoice | None,
        typer.Option(
            "--format",
            help="table (default), json, csv, xlsx or html; with --output, inferred from the file's suffix.",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the report here instead of stdout; repeat for several formats at once.",
        ),
    ] = None,
    show: Annotated[ShowChoice, typer.Option(help="table format: all alignments or only flagged ones.")] = (
        ShowChoice.all
    ),
    config_file: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="TOML file with severities and thresholds."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")
    ] = False,
    glossary: Annotated[
        Path | None,
        typer.Option(
            metavar="CSV", help="CSV with a header 'source,target': terms that must be translated so."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace read-only output files.")] = False,
) -> None:
    """Segment, align and check SOURCE (English) against TARGET (Korean MT)."""
    try:
        options = CheckOptions(split=split.value, align=align.value, model=model, use_cache=not no_cache)
        code = _run_check(
            source, target, reference, options, output_format, output, show, config_file, glossary, force
        )
    except TqcheckError as error:
        typer.echo(f"tqcheck: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    raise typer.Exit(code)


@app.command("checks", cls=PlainCommand)
def list_checks(
    as_json: Annotated[bool, typer.Option("--json", help="Print the registry as JSON.")] = False,
    as_markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the registry as the README's Markdown table.")
    ] = False,
) -> None:
    """List every check: code, default severity, thresholds and what it catches."""
    from tqcheck.checks.registry import check_specs, markdown_table

    specs = check_specs()
    if as_markdown:
        typer.echo(markdown_table(specs), nl=False)
        return
    if as_json:
        import json

        typer.echo(json.dumps([spec.to_dict() for spec in specs], ensure_ascii=False, indent=2))
        return
    for spec in specs:
        thresholds = ", ".join(f"{name}={value:g}" for name, value in spec.thresholds.items())
        origin = "" if spec.origin == "tqcheck" else f" [{spec.origin}]"
        typer.echo(f"{spec.code:<22} {spec.severity.value:<8} {spec.description}{origin}")
        if thresholds:
            typer.echo(f"{'':<31} thresholds: {thresholds}")


def _output_plan(output_format: FormatChoice | None, outputs: list[Path]) -> list[tuple[str, Path]]:
    """Which format goes to which file: a file's suffix names its format; ``--format`` decides for a
    single file, and for any file whose suffix names none."""
    from tqcheck.report.render import SUFFIX_FORMATS, format_for_path

    if output_format is not None and len(outputs) == 1:
        return [(output_format.value, outputs[0])]
    plan = []
    for path in outputs:
        known = SUFFIX_FORMATS.get(path.suffix.lower())
        if known is None and output_format is not None and not path.is_dir():
            known = output_format.value
        plan.append((known or format_for_path(path), path))
    return plan


def _run_check(
    source: Path,
    target: Path,
    reference: Path | None,
    options: CheckOptions,
    output_format: FormatChoice | None,
    outputs: list[Path] | None,
    show: ShowChoice,
    config_file: Path | None,
    glossary: Path | None,
    force: bool = False,
) -> int:
    from dataclasses import replace

    from tqcheck.config import load_config
    from tqcheck.io.write import check_writable, write_all_atomic
    from tqcheck.pipeline import check_files, make_embedder
    from tqcheck.report.render import render

    # Everything that can be refused is refused before the inputs are read or a model is loaded.
    plan = _output_plan(output_format, outputs or [])
    for _, path in plan:
        check_writable(path, force=force)
    config = load_config(config_file)
    if glossary is not None:
        config = replace(config, glossary=glossary)
    embedder = make_embedder(options)
    result = check_files(
        source, target, reference=reference, config=config, options=options, embedder=embedder
    )
    if not plan:
        rendered = render(result, (output_format or FormatChoice.table).value, show.value, _terminal_width())
        _write_stdout(rendered)
    write_all_atomic([(path, render(result, chosen, show.value)) for chosen, path in plan], force=force)
    return EXIT_PASSED if result.summary.passed else EXIT_GATE_FAILED


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
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")] = 0,
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
    model: Annotated[str | None, typer.Option(help="sentence-transformers model name or local path.")] = None,
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
    model: Annotated[str | None, typer.Option(help="sentence-transformers model name or local path.")] = None,
    split: Annotated[SplitChoice, typer.Option(help="How text files are segmented.")] = SplitChoice.auto,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")] = 0,
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


def _terminal_width() -> int:
    """The width the terminal view wraps to: ``COLUMNS`` when set (POSIX: it overrides the terminal's
    own size, as in shutil and rich), else the terminal's when stdout is one, else 100.

    Piped or redirected output never takes a terminal's width: whoever reads a pipe, a log or a file
    has no terminal, and a fixed 140 made lines wrap in every viewer narrower than that.
    """
    import os

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if sys.stdout.isatty():
            size = os.get_terminal_size(sys.stdout.fileno()).columns
            if size > 0:
                return size
    except (AttributeError, OSError, ValueError):  # no fileno (a test's stand-in), a closed stream
        pass
    return 100


def _write_stdout(rendered: str | bytes) -> None:
    if isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
    else:
        sys.stdout.write(rendered)
    sys.stdout.flush()


def _usage_line(error: Exception) -> str:
    """One line for any of typer's usage errors, without its internals ("Value error, …")."""
    message = getattr(error, "message", None) or str(error)
    message = message.replace("Value error, ", "").strip().rstrip(".")
    param = getattr(error, "param", None)
    names = getattr(param, "opts", None) or []
    option = next((name for name in names if name.startswith("--")), None)
    if option and option not in message:
        message = f"{option}: {message}"
    command = getattr(getattr(error, "ctx", None), "command_path", "tqcheck")
    return f"tqcheck: error: {message} (see '{command} --help')"


class _Terminated(Exception):
    pass


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def main() -> None:
    """Entry point: every way out is one line on stderr and a distinct exit code, never a traceback."""
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = _main()
    except KeyboardInterrupt:  # arrived outside the command (while starting or finishing)
        typer.echo("tqcheck: interrupted", err=True)
        code = 130
    sys.exit(code)


def _main() -> int:
    try:
        # Without standalone mode typer returns a command's exit code (typer.Exit) instead of exiting,
        # and turns Ctrl-C inside a command into 130.
        code = app(standalone_mode=False)
        if code == 130:
            typer.echo("tqcheck: interrupted", err=True)
    except typer.Exit as exit_:
        code = exit_.exit_code
    except typer.TyperException as error:  # typer's usage errors (missing or bad argument, bad option)
        if type(error).__name__ == "NoArgsIsHelpError":
            typer.echo(getattr(error, "message", ""), err=True)  # the help itself
        else:
            typer.echo(_usage_line(error), err=True)
        code = EXIT_INPUT_ERROR
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("tqcheck: interrupted", err=True)
        code = 130
    except _Terminated:
        typer.echo("tqcheck: terminated", err=True)
        code = 143
    except Exception as error:  # a bug: still one line, never a traceback, and a distinct code
        typer.echo(f"tqcheck: internal error: {type(error).__name__}: {error} (please report it)", err=True)
        code = EXIT_INPUT_ERROR + 1
    return code if isinstance(code, int) else EXIT_PASSED
