"""The check registry.

A check is a pure function ``(alignment, context) -> list[Flag]`` registered under its
stable code. It reads the shared data model and never mutates it; ``run_checks`` attaches
what the checks return. Importing the check modules here is what registers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tqcheck.config import Config
from tqcheck.model import Alignment, Document, Flag, Side

CheckFunction = Callable[[Alignment, "CheckContext"], list[Flag]]

_REGISTRY: dict[str, CheckFunction] = {}


def check(code: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        if code in _REGISTRY:
            raise ValueError(f"check code {code!r} registered twice")
        _REGISTRY[code] = function
        return function

    return register


def registered_codes() -> list[str]:
    _load_builtin_checks()
    return sorted(_REGISTRY)


@dataclass(frozen=True)
class CheckContext:
    """What a check may look at besides its alignment: both documents and the config."""

    source: Document
    target: Document
    config: Config

    def flag(
        self,
        code: str,
        message: str,
        side: Side | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Flag:
        return Flag(code, self.config.severity(code), message, side, start, end)


def run_checks(alignments: list[Alignment], context: CheckContext) -> None:
    _load_builtin_checks()
    for alignment in alignments:
        for code in sorted(_REGISTRY):
            alignment.flags.extend(_REGISTRY[code](alignment, context))


def _load_builtin_checks() -> None:
    from tqcheck.checks import alignment_checks  # noqa: F401  (registers on import)
