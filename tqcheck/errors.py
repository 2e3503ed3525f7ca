"""Errors a user can act on, each with its exit code.

The CLI turns these into one line on stderr; anything else escaping is a bug.
"""

from __future__ import annotations

EXIT_PASSED = 0
EXIT_GATE_FAILED = 1
EXIT_INPUT_ERROR = 2


class TqcheckError(Exception):
    """Base class: the message is shown to the user as it is, so it must say what to do."""

    exit_code = EXIT_INPUT_ERROR


class InputError(TqcheckError):
    """A file is missing, empty, binary, undecodable, or in the wrong language."""


class UsageError(TqcheckError):
    """Options that contradict each other or the inputs."""


class ModelError(TqcheckError):
    """An embedding model that cannot be loaded here (not local, broken, wrong kind)."""
