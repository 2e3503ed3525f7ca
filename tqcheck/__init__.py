"""tqcheck: a Korean-English machine-translation quality checker.

The API a notebook or a script needs, importable from the package itself::

    import tqcheck
    result = tqcheck.check_pair("Prices fell 3%.", "물가가 3% 하락했다.")
    result.to_frame()        # one row per alignment
    result.flags_frame()     # one row per flag

The names are loaded on first use, so ``import tqcheck`` (and the CLI's start) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("tqcheck")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"

if TYPE_CHECKING:
    from tqcheck.align.dp import AlignParams
    from tqcheck.checks.registry import CheckSpec, check_specs
    from tqcheck.config import Config, load_config
    from tqcheck.embed import Embedder, load_embedder
    from tqcheck.model import Alignment, CheckResult, Flag, Severity
    from tqcheck.pipeline import CheckOptions, check_files, check_pair

_EXPORTS = {
    "AlignParams": "tqcheck.align.dp",
    "Alignment": "tqcheck.model",
    "CheckOptions": "tqcheck.pipeline",
    "CheckResult": "tqcheck.model",
    "CheckSpec": "tqcheck.checks.registry",
    "Config": "tqcheck.config",
    "Embedder": "tqcheck.embed",
    "Flag": "tqcheck.model",
    "Severity": "tqcheck.model",
    "check_files": "tqcheck.pipeline",
    "check_pair": "tqcheck.pipeline",
    "check_specs": "tqcheck.checks.registry",
    "load_config": "tqcheck.config",
    "load_embedder": "tqcheck.embed",
}

__all__ = [
    "AlignParams",
    "Alignment",
    "CheckOptions",
    "CheckResult",
    "CheckSpec",
    "Config",
    "Embedder",
    "Flag",
    "Severity",
    "__version__",
    "check_files",
    "check_pair",
    "check_specs",
    "load_config",
    "load_embedder",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tqcheck' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
