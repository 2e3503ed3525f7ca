"""The check registry: every check declares itself once, and everything else is derived.

A check is a small pure function registered with its declaration (Weblate/pofilter style):

- ``@check(code, severity=…, description=…, thresholds={…})``: ``(alignment, context) -> list[Flag]``,
  for what one aligned pair shows;
- ``@document_check(code, …)``: ``(alignments, context) -> list[tuple[int, Flag]]`` (alignment
  index, flag), for what only the whole document shows (register mix, term consistency).

``needs="score"`` marks a check that reads the scores (fidelity), so it runs after the scorer.
The default severities and thresholds in ``Config``, the README's flag table, ``tqcheck checks``
and the benchmarks' list of codes all read these declarations; nothing restates them.

Third-party checks register the same way from a module named in the entry-point group
``tqcheck.checks``; importing the module registers its checks, which are then configurable like
the built-in ones.

Flag offsets are into ``alignment.source_text`` / ``alignment.target_text``; use
``CheckContext.segments`` to get each segment with its offset in that joined text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from tqcheck.errors import UsageError
from tqcheck.model import Alignment, Document, Flag, Segment, Severity, Side, placed_segments

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from tqcheck.config import Config

CheckFunction = Callable[[Alignment, "CheckContext"], list[Flag]]
DocumentCheckFunction = Callable[[list[Alignment], "CheckContext"], list[tuple[int, Flag]]]
Scope = Literal["alignment", "document"]
Needs = Literal["text", "score"]
ENTRY_POINT_GROUP = "tqcheck.checks"


@dataclass(frozen=True)
class CheckSpec:
    """One check's declaration: the single source of its code, defaults and description."""

    code: str
    severity: Severity
    description: str
    thresholds: Mapping[str, float]
    scope: Scope
    needs: Needs
    function: Callable[..., list]
    origin: str = "tqcheck"
    secondary_to: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "description": self.description,
            "thresholds": dict(self.thresholds),
            "scope": self.scope,
            "needs": self.needs,
            "origin": self.origin,
            "secondary_to": list(self.secondary_to),
        }


_SPECS: dict[str, CheckSpec] = {}


def _register(
    code: str,
    scope: Scope,
    severity: str,
    description: str,
    thresholds: Mapping[str, float] | None,
    needs: Needs,
    secondary_to: tuple[str, ...] = (),
) -> Callable[[Callable[..., list]], Callable[..., list]]:
    if code in _SPECS:
        raise ValueError(f"check code {code!r} registered twice")
    if not description or "\n" in description:
        raise ValueError(f"check {code!r} needs a one-line description")

    def register(function: Callable[..., list]) -> Callable[..., list]:
        module = getattr(function, "__module__", "") or ""
        _SPECS[code] = CheckSpec(
            code=code,
            severity=Severity(severity),
            description=description,
            thresholds=MappingProxyType(dict(thresholds or {})),
            scope=scope,
            needs=needs,
            function=function,
            origin="tqcheck" if module.startswith("tqcheck.") else module.split(".")[0],
            secondary_to=tuple(secondary_to),
        )
        return function

    return register


def check(
    code: str,
    *,
    severity: str,
    description: str,
    thresholds: Mapping[str, float] | None = None,
    needs: Needs = "text",
    secondary_to: tuple[str, ...] = (),
) -> Callable[[CheckFunction], CheckFunction]:
    """Declare and register a check of one aligned pair.

    ``secondary_to``: codes whose flag on the same pair reports the same problem; this check's
    flag then becomes a ``related`` entry of that flag instead of a flag of its own."""
    return _register(code, "alignment", severity, description, thresholds, needs, secondary_to)


def document_check(
    code: str,
    *,
    severity: str,
    description: str,
    thresholds: Mapping[str, float] | None = None,
    needs: Needs = "text",
    secondary_to: tuple[str, ...] = (),
) -> Callable[[DocumentCheckFunction], DocumentCheckFunction]:
    """Declare and register a check that needs the whole document (``secondary_to`` as for ``check``)."""
    return _register(code, "document", severity, description, thresholds, needs, secondary_to)


def check_specs() -> list[CheckSpec]:
    """Every registered check (built-in and plug-in), in code order."""
    _load_checks()
    return [_SPECS[code] for code in sorted(_SPECS)]


def markdown_table(specs: list[CheckSpec] | None = None) -> str:
    """The README's flag table, made from the declarations (a test keeps the README in step)."""
    lines = [
        "| code | default severity | thresholds | what it catches |",
        "| --- | --- | --- | --- |",
    ]
    for spec in specs if specs is not None else check_specs():
        thresholds = ", ".join(f"`{name}` {value:g}" for name, value in spec.thresholds.items()) or "–"
        description = spec.description
        if spec.secondary_to:
            under = ", ".join(f"`{code}`" for code in spec.secondary_to)
            description += f" (reported under {under} when one fires on the same pair)"
        lines.append(f"| `{spec.code}` | {spec.severity.value} | {thresholds} | {description} |")
    return "\n".join(lines) + "\n"


def registered_codes() -> list[str]:
    return [spec.code for spec in check_specs()]


def default_severities() -> dict[str, Severity]:
    return {spec.code: spec.severity for spec in check_specs()}


def default_thresholds() -> dict[str, dict[str, float]]:
    return {spec.code: dict(spec.thresholds) for spec in check_specs() if spec.thresholds}


@dataclass(frozen=True)
class CheckContext:
    """What a check may look at besides its alignment: both documents, the config, the glossary, and
    the run's encoder as a function (``cosines(english, koreans)``: the cosine of the English with each
    Korean text), None where checks run without one."""

    source: Document
    target: Document
    config: Config
    glossary: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    cosines: Callable[[str, Sequence[str]], list[float]] | None = None

    def flag(
        self,
        code: str,
        message: str,
        side: Side | None = None,
        start: int | None = None,
        end: int | None = None,
        suggestion: str | None = None,
        at_most: Severity | None = None,
    ) -> Flag:
        """A flag at the configured severity, lowered to ``at_most`` for a check's minor sub-case (never
        raised: a user who set the code lower keeps that); ``suggestion`` is the span's replacement."""
        severity = self.config.severity(code)
        if at_most is not None and severity.rank > at_most.rank:
            severity = at_most
        return Flag(code, severity, message, side, start, end, suggestion)

    def segments(self, alignment: Alignment, side: Side) -> list[tuple[Segment, int]]:
        """Each segment of one side of the alignment with its offset in the joined side text."""
        if side == "source":
            return placed_segments(self.source, alignment.source_ids)
        return placed_segments(self.target, alignment.target_ids)


def _run(spec: CheckSpec, alignments: list[Alignment], context: CheckContext) -> None:
    if spec.scope == "alignment":
        for alignment in alignments:
            alignment.flags.extend(spec.function(alignment, context))
    else:
        for index, flag in spec.function(alignments, context):
            alignments[index].flags.append(flag)


def run_checks(
    alignments: list[Alignment],
    context: CheckContext,
    scorer: Callable[[list[Alignment]], None] | None = None,
) -> None:
    """Run the enabled checks and attach their flags: first those that read only the text, then
    ``scorer`` (which may read their flags), then those declared ``needs="score"``.

    Within a phase, pair checks run before document checks, each in code order, so the flag order
    of a result is stable."""
    specs = [spec for spec in check_specs() if context.config.enabled(spec.code)]
    for phase in ("text", "score"):
        if phase == "score" and scorer is not None:
            scorer(alignments)
        for scope in ("alignment", "document"):
            for spec in specs:
                if spec.needs == phase and spec.scope == scope:
                    _run(spec, alignments, context)
    secondary = {spec.code: spec.secondary_to for spec in specs if spec.secondary_to}
    if secondary:
        for alignment in alignments:
            alignment.flags = attach_related(alignment.flags, secondary)


def attach_related(flags: list[Flag], secondary: Mapping[str, tuple[str, ...]]) -> list[Flag]:
    """Fold each flag declared secondary to another code present on the pair into that flag's
    ``related``: the first flag of the first such code (in declared order) that is not itself
    secondary there. The primary takes the higher severity of the two, so folding never lets a
    problem pass a gate it failed before."""
    first: dict[str, int] = {}
    for position, flag in enumerate(flags):
        first.setdefault(flag.code, position)
    hosts = {code: at for code, at in first.items() if not set(secondary.get(code, ())) & first.keys()}
    folded: dict[int, list[Flag]] = {}
    kept: list[int] = []
    for position, flag in enumerate(flags):
        host = next((hosts[code] for code in secondary.get(flag.code, ()) if code in hosts), None)
        if host is None:
            kept.append(position)
        else:
            folded.setdefault(host, []).append(flag)
    result = []
    for position in kept:
        flag = flags[position]
        related = folded.get(position)
        if related:
            severity = max((flag.severity, *(r.severity for r in related)), key=lambda s: s.rank)
            flag = replace(flag, severity=severity, related=(*flag.related, *related))
        result.append(flag)
    return result


_LOADED: list[bool] = []


def _load_checks() -> None:
    """Importing the check modules registers them: the built-in families, then every module named
    in the ``tqcheck.checks`` entry-point group."""
    if _LOADED:
        return
    _LOADED.append(True)
    from tqcheck.checks import (  # noqa: F401
        alignment,
        consistency,
        fidelity,
        garble,
        language,
        negation,
        numbers,
        placeholders,
        untranslated,
    )

    for entry_point in _plugin_entry_points():
        try:
            entry_point.load()
        except Exception as error:  # a third party's bug must not read as ours
            _LOADED.clear()
            raise UsageError(
                f"check plug-in {entry_point.name!r} ({entry_point.value}) failed to load: "
                f"{type(error).__name__}: {error}"
            ) from None


def _plugin_entry_points() -> list[EntryPoint]:
    from importlib.metadata import entry_points

    return list(entry_points(group=ENTRY_POINT_GROUP))
