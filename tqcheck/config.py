"""The settings a run's verdict depends on, overridable per project.

The defaults (each code's severity and thresholds) come from the checks' own declarations
(``tqcheck.checks.registry``); this module only merges overrides onto them.

Lookup order: built-in defaults, then the first ``tqcheck.toml`` or ``pyproject.toml`` with a
``[tool.tqcheck]`` table from the working directory upward, or ``--config FILE`` instead; command-line
flags override both.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from tqcheck.errors import UsageError
from tqcheck.model import Severity


def _default_severities() -> dict[str, Severity]:
    from tqcheck.checks.registry import default_severities

    return default_severities()


def _default_thresholds() -> dict[str, dict[str, float]]:
    from tqcheck.checks.registry import default_thresholds

    return default_thresholds()


@dataclass(frozen=True)
class Config:
    """Everything a run's verdict depends on; echoed into the JSON so a result is reproducible.

    The gate fails on any flag at or above ``fail_on``, and on any limit below that is set: document
    fidelity under ``min_fidelity``, an aligned pair under ``min_segment_fidelity``, corpus BLEU or
    chrF under ``min_bleu``/``min_chrf`` (only when a reference is given), or more than
    ``max_flags_per_100_segments`` flags per 100 alignments. ``ignore`` holds regular expressions:
    a pair whose English or Korean side matches one (a byline, a URL, code) is not checked.
    """

    severities: dict[str, Severity] = field(default_factory=_default_severities)
    fail_on: Severity = Severity.ERROR
    min_fidelity: float = 0.0
    min_segment_fidelity: float = 0.0
    min_bleu: float | None = None
    min_chrf: float | None = None
    max_flags_per_100_segments: float | None = None
    ignore: tuple[str, ...] = ()
    thresholds: dict[str, dict[str, float]] = field(default_factory=_default_thresholds)
    disabled: frozenset[str] = frozenset()
    glossary: Path | None = None
    source: str = "defaults"

    def enabled(self, code: str) -> bool:
        return code not in self.disabled

    def severity(self, code: str) -> Severity:
        return self.severities.get(code, Severity.WARNING)

    def threshold(self, code: str, name: str) -> float:
        """A check's tunable number; a KeyError here is a programming error (missing default)."""
        return self.thresholds[code][name]

    def ignored(self, text: str) -> bool:
        return any(pattern.search(text) for pattern in _compiled(self.ignore))

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "fail_on": self.fail_on.value,
            "min_fidelity": self.min_fidelity,
            "min_segment_fidelity": self.min_segment_fidelity,
            "min_bleu": self.min_bleu,
            "min_chrf": self.min_chrf,
            "max_flags_per_100_segments": self.max_flags_per_100_segments,
            "ignore": list(self.ignore),
            "severities": {code: severity.value for code, severity in sorted(self.severities.items())},
            "thresholds": {code: dict(values) for code, values in sorted(self.thresholds.items())},
            "disabled": sorted(self.disabled),
            "glossary": str(self.glossary) if self.glossary else None,
        }


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def _severity(value: object, where: str) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        choices = ", ".join(severity.value for severity in Severity)
        raise UsageError(f"{where}: severity {value!r} is not one of {choices}") from None


def _number(value: object, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise UsageError(f"{where}: expected a number from {low} to {high}, got {value!r}")
    return float(value)


def _thresholds(config: Config, table: object, where: str) -> dict[str, dict[str, float]]:
    merged = {code: dict(values) for code, values in config.thresholds.items()}
    if not isinstance(table, dict):
        raise UsageError(f"{where}: [thresholds] must be a table of tables")
    for code, values in table.items():
        if code not in merged or not isinstance(values, dict):
            raise UsageError(
                f"{where}: no check {code!r} has thresholds (known: {', '.join(sorted(merged))})"
            )
        for name, value in values.items():
            if name not in merged[code]:
                known = ", ".join(sorted(merged[code]))
                raise UsageError(f"{where}: thresholds.{code} has no {name!r} (known: {known})")
            merged[code][name] = _number(value, f"{where} thresholds.{code}.{name}", 0, 1e6)
    return merged


_LIMITS = {  # setting -> (low, high, may be unset)
    "min_fidelity": (0.0, 1.0, False),
    "min_segment_fidelity": (0.0, 1.0, False),
    "min_bleu": (0.0, 100.0, True),
    "min_chrf": (0.0, 100.0, True),
    "max_flags_per_100_segments": (0.0, 1e6, True),
}
KNOWN_SETTINGS = frozenset({"severity", "fail_on", "thresholds", "glossary", "disable", "ignore", *_LIMITS})


def _codes(value: object, where: str, known: dict[str, Severity]) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise UsageError(f"{where}: expected a list of check codes")
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise UsageError(f"{where}: no such check code {unknown[0]!r} (see `tqcheck checks`)")
    return frozenset(value)


def _patterns(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(pattern, str) for pattern in value):
        raise UsageError(f"{where}: expected a list of regular expressions")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as error:
            raise UsageError(f"{where}: {pattern!r} is not a regular expression ({error})") from None
    return tuple(value)


def apply_settings(config: Config, settings: dict[str, Any], where: str) -> Config:
    """Merge one settings table (a ``tqcheck.toml``, ``[tool.tqcheck]`` or the CLI's) onto ``config``."""
    unknown = sorted(set(settings) - KNOWN_SETTINGS)
    if unknown:
        known = ", ".join(sorted(KNOWN_SETTINGS))
        raise UsageError(f"{where}: unknown setting {unknown[0]!r} (known: {known})")
    severities = dict(config.severities)
    table = settings.get("severity", {})
    if not isinstance(table, dict):
        raise UsageError(f"{where}: [severity] must be a table of code = severity")
    for code, value in table.items():
        if code not in config.severities:
            raise UsageError(f"{where}: severity.{code!r}: no such check code (see `tqcheck checks`)")
        severities[code] = _severity(value, f"{where} severity.{code}")
    changes: dict[str, Any] = {"severities": severities, "source": where}
    if "disable" in settings:
        changes["disabled"] = config.disabled | _codes(settings["disable"], f"{where} disable", severities)
    if "ignore" in settings:
        changes["ignore"] = config.ignore + _patterns(settings["ignore"], f"{where} ignore")
    if "fail_on" in settings:
        changes["fail_on"] = _severity(settings["fail_on"], f"{where} fail_on")
    for name, (low, high, may_be_unset) in _LIMITS.items():
        if name in settings:
            value = settings[name]
            unset = may_be_unset and (value is None or value == "none")
            changes[name] = None if unset else _number(value, f"{where} {name}", low, high)
    if "glossary" in settings:
        glossary = Path(str(settings["glossary"]))
        if not glossary.is_absolute() and where != "defaults":
            glossary = Path(where.split(" [")[0]).parent / glossary
        changes["glossary"] = glossary
    changes["thresholds"] = _thresholds(config, settings.get("thresholds", {}), where)
    return replace(config, **changes)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise UsageError(f"cannot read config {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"config {path} is not valid TOML: {error}") from None


def find_config(directory: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The project's settings: from ``directory`` (the working directory) upward, the first
    ``tqcheck.toml``, or ``pyproject.toml`` with a ``[tool.tqcheck]`` table, as ruff and mypy look.

    A ``pyproject.toml`` without that table belongs to some other project and is passed over, even
    when it is not valid TOML (with one warning): it must not stop a run that never used it."""
    start = (directory or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        local = folder / "tqcheck.toml"
        if local.is_file():
            return local, _read_toml(local)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = _read_toml(pyproject)
            except UsageError as error:
                if b"[tool.tqcheck]" in _read_bytes(pyproject):
                    raise
                _warn(f"ignoring {pyproject}: {error}")
                continue
            settings = data.get("tool", {}).get("tqcheck")
            if settings is not None:
                return pyproject, settings
    return None


def load_config(explicit: Path | None = None, directory: Path | None = None) -> Config:
    """Built-in defaults, then the project's settings (``find_config``), or ``--config FILE`` instead."""
    config = Config()
    if explicit is not None:
        data = _read_toml(explicit)
        settings = data.get("tool", {}).get("tqcheck", data) if explicit.name == "pyproject.toml" else data
        return apply_settings(config, settings, str(explicit))
    found = find_config(directory)
    if found is None:
        return config
    path, settings = found
    where = f"{path} [tool.tqcheck]" if path.name == "pyproject.toml" else str(path)
    return apply_settings(config, settings, where)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


_WARNED: set[str] = set()


def _warn(message: str) -> None:
    if message not in _WARNED:
        _WARNED.add(message)
        print(f"tqcheck: warning: {message}", file=sys.stderr)
