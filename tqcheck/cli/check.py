"""`tqcheck check`, `tqcheck fix` and `tqcheck checks`: one document pair, and the registry."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tqcheck.cli import EPILOG, AlignChoice, FormatChoice, PlainCommand, ShowChoice, SplitChoice, app
from tqcheck.errors import EXIT_GATE_FAILED, EXIT_PASSED, TqcheckError, UsageError

if TYPE_CHECKING:
    from tqcheck.pipeline import CheckOptions

# The pipeline (numpy, the embedders, the readers) is imported by the commands that run it, so
# ``tqcheck --help`` and ``tqcheck checks`` do not pay for it.


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
            help=(
                "Embedding model: use-multilingual (bundled USE), or a sentence-transformers name or "
                "local path (default: bundled multilingual-e5-small)."
            ),
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
        bool, typer.Option("--no-cache", help="Do not read or write the cache (embeddings, kiwi's analyses).")
    ] = False,
    glossary: Annotated[
        Path | None,
        typer.Option(
            metavar="CSV", help="CSV with a header 'source,target': terms that must be translated so."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace read-only output files.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output on stderr.")] = False,
    max_bytes: Annotated[
        str,
        typer.Option(
            metavar="SIZE", help="Refuse an input file larger than this (bytes, or with K, M or G: 50M)."
        ),
    ] = "50M",
    max_segments: Annotated[
        int, typer.Option(min=1, metavar="N", help="Refuse a side with more segments than this.")
    ] = 200_000,
    max_length_ratio: Annotated[
        float,
        typer.Option(
            min=1.0,
            metavar="X",
            help="Refuse sides whose character counts differ more than X times (the wrong files).",
        ),
    ] = 8.0,
) -> None:
    """Segment, align and check SOURCE (English) against TARGET (Korean MT)."""
    from tqcheck.pipeline import CheckOptions, Limits

    try:
        limits = Limits(
            max_bytes=_byte_size(max_bytes, "--max-bytes"),
            max_segments=max_segments,
            max_length_ratio=max_length_ratio,
        )
        options = CheckOptions(
            split=split.value,
            align=align.value,
            model=model,
            use_cache=not no_cache,
            limits=limits,
            progress=not quiet,
        )
        code = _run_check(
            source, target, reference, options, output_format, output, show, config_file, glossary, force
        )
    except TqcheckError as error:
        typer.echo(f"tqcheck: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    raise typer.Exit(code)


@app.command("fix", cls=PlainCommand, epilog=EPILOG)
def fix(
    source: Annotated[
        Path, typer.Argument(help="English source file.", show_default=False, metavar="SOURCE")
    ],
    target: Annotated[
        Path,
        typer.Argument(help="Korean machine translation of SOURCE.", show_default=False, metavar="TARGET"),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write the fixed TARGET here (never TARGET itself)."
        ),
    ],
    diff: Annotated[
        str | None,
        typer.Option(metavar="PATH", help="Write a unified diff of the fixes here ('-': stdout)."),
    ] = None,
    split: Annotated[
        SplitChoice, typer.Option(help="auto: paragraphs, headlines, sentences; lines: one segment per line.")
    ] = SplitChoice.auto,
    model: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", help="Embedding model: use-multilingual, or a sentence-transformers name or path."
        ),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="TOML file with severities and thresholds."),
    ] = None,
    glossary: Annotated[
        Path | None,
        typer.Option(
            metavar="CSV", help="CSV with a header 'source,target': terms that must be translated so."
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not read or write the cache (embeddings, kiwi's analyses).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace read-only output files.")] = False,
) -> None:
    """Check SOURCE against TARGET and write TARGET with the checks' unambiguous suggested repairs
    applied (a fused token spaced, a doubled word dropped, a name spelled as elsewhere) to --output,
    with a diff to review. Exit 0 when the file was written."""
    from tqcheck.pipeline import CheckOptions

    try:
        options = CheckOptions(split=split.value, model=model, use_cache=not no_cache)
        _run_fix(source, target, output, diff, options, config_file, glossary, force)
    except TqcheckError as error:
        typer.echo(f"tqcheck: error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
    raise typer.Exit(EXIT_PASSED)


def _run_fix(
    source: Path,
    target: Path,
    output: Path,
    diff: str | None,
    options: CheckOptions,
    config_file: Path | None,
    glossary: Path | None,
    force: bool,
) -> None:
    """``tqcheck fix`` after its options: :func:`tqcheck.report.fix.fix_files` does the work; this says
    what was done and what was left alone."""
    from dataclasses import replace

    from tqcheck.config import load_config
    from tqcheck.report.fix import OVERLAP, fix_files

    config = load_config(config_file)
    if glossary is not None:
        config = replace(config, glossary=glossary)
    fixed, patch = fix_files(source, target, output, diff, options, config, force=force)
    if diff == "-":
        _write_stdout(patch)
    overlapping = sum(1 for skipped in fixed.skipped if skipped.reason == OVERLAP)
    typer.echo(
        f"tqcheck: {len(fixed.applied)} suggestion(s) applied, {len(fixed.skipped)} skipped "
        f"({overlapping} overlapping); wrote {output}",
        err=True,
    )
    for skipped in fixed.skipped:
        typer.echo(f"  skipped {skipped.code} on line {skipped.line}: {skipped.reason}", err=True)


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
    from tqcheck.io.glossary import load_glossary
    from tqcheck.io.write import check_writable, write_all_atomic
    from tqcheck.pipeline import check_files, make_embedder
    from tqcheck.report.render import render, render_file

    # Everything that can be refused is refused before the inputs are read: output paths, the config,
    # the glossary (a bad byte in it must not wait for minutes of embedding), then the model, whose
    # loading is the slowest thing that can fail.
    plan = _output_plan(output_format, outputs or [])
    for _, path in plan:
        check_writable(path, force=force)
    config = load_config(config_file)
    if glossary is not None:
        config = replace(config, glossary=glossary)
    if config.glossary is not None:
        load_glossary(config.glossary)
    for role, path in (("source", source), ("target", target), ("reference", reference)):
        if path is not None:
            options.limits.check_file(path, role)
    embedder = make_embedder(options)
    result = check_files(
        source, target, reference=reference, config=config, options=options, embedder=embedder
    )
    if not plan:
        rendered = render(result, (output_format or FormatChoice.table).value, show.value, _terminal_width())
        _write_stdout(rendered)
    write_all_atomic([(path, render_file(result, chosen, show.value)) for chosen, path in plan], force=force)
    return EXIT_PASSED if result.summary.passed else EXIT_GATE_FAILED


_SIZE_UNITS = {"": 1, "B": 1, "K": 1_000, "KB": 1_000, "M": 1_000_000, "MB": 1_000_000,
               "G": 1_000_000_000, "GB": 1_000_000_000}  # fmt: skip


def _byte_size(value: str, option: str) -> int:
    """``50M``, ``50MB``, ``2G`` or plain bytes, so a limit reads the way people think of file sizes."""
    text = value.strip().upper().replace(" ", "")
    number = text.rstrip("KMGB")
    unit = text[len(number) :]
    try:
        size = float(number) * _SIZE_UNITS[unit]
    except (KeyError, ValueError):
        raise UsageError(f"{option} {value!r} is not a size: give bytes or a number with K, M or G") from None
    if not size >= 1:
        raise UsageError(f"{option} must be at least 1 byte, not {value!r}")
    return int(size)


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
