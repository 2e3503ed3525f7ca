"""Severities and thresholds in one place, overridable per project.

Lookup order: built-in defaults, then ``[tool.tqcheck]`` in ``pyproject.toml`` or a
``tqcheck.toml`` in the working directory (the first found), then ``--config FILE``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tqcheck.errors import UsageError
from tqcheck.model import Severity

DEFAULT_SEVERITIES: dict[str, Severity] = {
    "omission": Severity.ERROR,
    "addition": Severity.WARNING,
    "low-fidelity": Severity.WARNING,
}


@dataclass(frozen=True)
class Config:
    """Everything a run's verdict depends on; echoed into the JSON so a result is reproducible."""

    severities: dict[str, Severity] = field(default_factory=lambda: dict(DEFAULT_SEVERITIES))
    fail_on: Severity = Severity.ERROR
    min_fidelity: float = 0.0
    low_fidelity: float = 0.35
    source: str = "defaults"

    def severity(self, code: str) -> Severity:
        return self.severities.get(code, Severity.WARNING)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "fail_on": self.fail_on.value,
            "min_fidelity": self.min_fidelity,
            "low_fidelity": self.low_fidelity,
            "severities": {code: severity.value for code, severity in sorted(self.severities.items())},
        }


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


def apply_settings(config: Config, settings: dict[str, Any], where: str) -> Config:
    known = {"severity", "fail_on", "min_fidelity", "low_fidelity"}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise UsageError(f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})")
    severities = dict(config.severities)
    for code, value in dict(settings.get("severity", {})).items():
        severities[code] = _severity(value, f"{where} severity.{code}")
    return replace(
        config,
        severities=severities,
        fail_on=_severity(settings["fail_on"], f"{where} fail_on")
        if "fail_on" in settings
        else config.fail_on,
        min_fidelity=_number(
            settings.get("min_fidelity", config.min_fidelity), f"{where} min_fidelity", 0, 1
        ),
        low_fidelity=_number(
            settings.get("low_fidelity", config.low_fidelity), f"{where} low_fidelity", 0, 1
        ),
        source=where,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise UsageError(f"cannot read config {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"config {path} is not valid TOML: {error}") from None


def load_config(explicit: Path | None = None, directory: Path | None = None) -> Config:
    config = Config()
    if explicit is not None:
        data = _read_toml(explicit)
        settings = data.get("tool", {}).get("tqcheck", data) if explicit.name == "pyproject.toml" else data
        return apply_settings(config, settings, str(explicit))
    directory = directory or Path.cwd()
    local = directory / "tqcheck.toml"
    if local.is_file():
        return apply_settings(config, _read_toml(local), str(local))
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        settings = _read_toml(pyproject).get("tool", {}).get("tqcheck")
        if settings:
            return apply_settings(config, settings, f"{pyproject} [tool.tqcheck]")
    return config
