"""The ``tqcheck`` command line. Exit codes: 0 passed, 1 failed the gate, 2 usage or input error."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tqcheck import __version__
from tqcheck.errors import EXIT_GATE_FAILED, EXIT_INPUT_ERROR, EXIT_PASSED, TqcheckError, UsageError
from tqcheck.pipeline import CheckOptions

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Check a Korean machine translation against its English source.",
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


@app.command()
def check(
    source: Annotated[Path, typer.Argument(help="English source file.", show_default=False)],
    target: Annotated[Path, typer.Argument(help="Korean machine translation of SOURCE.", show_default=False)],
    reference: Annotated[
        Path | None,
        typer.Option(
            "--reference", "-r", help="Human Korean reference: adds BLEU (ko-mecab), chrF++ and TER."
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
            help="sentence-transformers model name or local path (default: bundled multilingual-e5-small)."
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
            help="Write the report here instead of stdout; repeat for several formats at once.",
        ),
    ] = None,
    show: Annotated[ShowChoice, typer.Option(help="table format: all alignments or only flagged ones.")] = (
        ShowChoice.all
    ),
    config_file: Annotated[
        Path | None, typer.Option("--config", help="TOML file with severities and thresholds.")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")
    ] = False,
    glossary: Annotated[
        Path | None, typer.Option(help="CSV with a header 'source,target': terms that must be translated so.")
    ] = None,
) -> None:
    """Segment, align and check SOURCE (English) against TARGET (Korean MT)."""
    try:
        options = CheckOptions(split=split.value, align=align.value, model=model, use_cache=not no_cache)
        code = _run_check(
            source, target, reference, options, output_format, output, show, config_file, glossary
        )
    except TqcheckError as error:
        typer.echo(f"tqcheck: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    raise typer.Exit(code)


@app.command("checks")
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
) -> int:
    from dataclasses import replace

    from tqcheck.config import load_config
    from tqcheck.io import write_atomic
    from tqcheck.pipeline import check_files
    from tqcheck.report.render import format_for_path, render

    outputs = outputs or []
    if output_format is not None and len(outputs) > 1:
        raise UsageError("--format goes with one --output; with several, each file's suffix picks its format")
    if output_format is not None and outputs:
        plan = [(output_format.value, outputs[0])]
    else:
        plan = [(format_for_path(path), path) for path in outputs]
    config = load_config(config_file)
    if glossary is not None:
        config = replace(config, glossary=glossary)
    result = check_files(source, target, reference=reference, config=config, options=options)
    if not plan:
        rendered = render(result, (output_format or FormatChoice.table).value, show.value, _terminal_width())
        _write_stdout(rendered)
    rendered_files = [(path, render(result, chosen, show.value)) for chosen, path in plan]
    for path, content in rendered_files:
        write_atomic(path, content)
    return EXIT_PASSED if result.summary.passed else EXIT_GATE_FAILED


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((140, 24)).columns


def _write_stdout(rendered: str | bytes) -> None:
    if isinstance(rendered, bytes):
        sys.stdout.buffer.write(rendered)
    else:
        sys.stdout.write(rendered)
    sys.stdout.flush()


def main() -> None:
    """Entry point: typer's own usage errors already exit 2; anything unexpected gets one line too."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("tqcheck: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug: still one line, never a traceback, and a distinct code
        typer.echo(f"tqcheck: internal error: {type(error).__name__}: {error} (please report it)", err=True)
        sys.exit(EXIT_INPUT_ERROR + 1)
