"""The settings a run's verdict depends on, overridable per project.

The defaults (each code's severity and thresholds) come from the checks' own declarations
(``tqcheck.checks.registry``); this module only merges overrides onto them.

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


def _default_severities() -> dict[str, Severity]:
    from tqcheck.checks.registry import default_severities

    return default_severities()


def _default_thresholds() -> dict[str, dict[str, float]]:
    from tqcheck.checks.registry import default_thresholds

    return default_thresholds()


@dataclass(frozen=True)
class Config:
    """Everything a run's verdict depends on; echoed into the JSON so a result is reproducible."""

    severities: dict[str, Severity] = field(default_factory=_default_severities)
    fail_on: Severity = Severity.ERROR
    min_fidelity: float = 0.0
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "fail_on": self.fail_on.value,
            "min_fidelity": self.min_fidelity,
            "severities": {code: severity.value for code, severity in sorted(self.severities.items())},
            "thresholds": {code: dict(values) for code, values in sorted(self.thresholds.items())},
            "disabled": sorted(self.disabled),
            "glossary": str(self.glossary) if self.glossary else None,
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


def apply_settings(config: Config, settings: dict[str, Any], where: str) -> Config:
    known = {"severity", "fail_on", "min_fidelity", "thresholds", "glossary", "disable"}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise UsageError(f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})")
    severities = dict(config.severities)
    for code, value in dict(settings.get("severity", {})).items():
        if code not in config.severities:
            raise UsageError(f"{where}: severity.{code}: no such check code (see `tqcheck checks`)")
        severities[code] = _severity(value, f"{where} severity.{code}")
    disabled = config.disabled
    if "disable" in settings:
        codes = settings["disable"]
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise UsageError(f"{where}: disable must be a list of check codes")
        unknown_codes = sorted(set(codes) - set(config.severities))
        if unknown_codes:
            raise UsageError(
                f"{where}: disable: no such check code {unknown_codes[0]!r} (see `tqcheck checks`)"
            )
        disabled = disabled | frozenset(codes)
    glossary = config.glossary
    if "glossary" in settings:
        glossary = Path(str(settings["glossary"]))
        if not glossary.is_absolute() and where != "defaults":
            glossary = Path(where.split(" [")[0]).parent / glossary
    return replace(
        config,
        severities=severities,
        fail_on=_severity(settings["fail_on"], f"{where} fail_on")
        if "fail_on" in settings
        else config.fail_on,
        min_fidelity=_number(
            settings.get("min_fidelity", config.min_fidelity), f"{where} min_fidelity", 0, 1
        ),
        thresholds=_thresholds(config, settings.get("thresholds", {}), where),
        disabled=disabled,
        glossary=glossary,
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
