"""The editor's view: one self-contained HTML file to open, filter and act on.

This module only decides *what* the page shows: it turns a ``CheckResult`` into plain view-model
dataclasses (rows, highlight pieces, chart geometry, summary numbers), with the pure helpers in
``html_highlight`` (span pieces) and ``html_parts`` (the words: alignment notation, the fidelity
breakdown, which flag is primary, and the rule that a score takes an alarm colour only from a flag
of its row). *How* it looks lives in
``templates/``: Jinja2 templates for the markup and ``report.css`` / ``report.js``, which are
inlined so the page stays one file that fetches nothing (a Content-Security-Policy meta forbids
any fetch; it still allows the inline script and style).

Escaping is what keeps text from the inputs inert, so it is not left to care: the environment
autoescapes *everything* a template prints, and the only strings marked safe are our own CSS and
JS files (:func:`_asset`) and markup the templates themselves rendered. ``StrictUndefined`` turns
a misspelt field in a template into an error instead of a silently blank cell. The script reads
its data from escaped ``data-`` attributes and the DOM, never from values put into JavaScript.

Each flag carries its baseline entry (``gate.baseline``: fingerprint, code, document, texts,
message) in the ``data-`` attributes of an "accept" checkbox; the page's "Download baseline" button
writes the accepted ones as a baseline file, byte for byte what ``Baseline.save`` writes, built in
the page (a Blob and an ``<a download>``), so an editor can accept flags without leaving the report.

Jinja2 is imported only when a page is rendered (inside :func:`_environment`, and ``report.render``
imports this module on demand), so the other formats never pay for it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from tqcheck import __version__
from tqcheck.gate.baseline import BaselineEntry, document_name
from tqcheck.model import Alignment, CheckResult, Document, Flag, Severity
from tqcheck.report.html_highlight import Marked, MarkInfo, Piece, highlight_pieces, mark_info
from tqcheck.report.html_parts import (
    NEUTRAL,
    Breakdown,
    alignment_words,
    breakdown,
    config_number,
    fidelity_note,
    flag_tree,
    kind_words,
    secondary_message,
    spread,
    tone,
)

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

_LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}
_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_PACKAGE = "tqcheck.report"
_TEMPLATES = "templates"


def _severity(flag: Flag) -> Severity:
    return Severity(flag.severity)


def _language_name(document: Document) -> str:
    return _LANGUAGE_NAMES.get(document.language, document.language)


# --------------------------------------------------------------------------- view model


@dataclass(frozen=True)
class FileView:
    label: str
    path: str
    language: str
    segments: int
    encoding: str


@dataclass(frozen=True)
class CodeCount:
    code: str
    severity: str
    count: int


@dataclass(frozen=True)
class ScoreMetric:
    """A corpus score against the reference; ``better`` is ``higher`` or ``lower``."""

    label: str
    value: float
    signature: str | None
    better: str


@dataclass(frozen=True)
class SummaryView:
    passed: bool
    gate_reasons: list[str]
    source_segments: int
    target_segments: int
    alignments: int
    fidelity: float | None
    fidelity_tone: str
    """``error`` only when the document fidelity is what fails the gate (below ``min_fidelity``)."""
    fidelity_note: str
    by_severity: list[tuple[str, int]]
    """Non-zero flag counts per severity, worst first."""
    flag_total: int
    flagged_alignments: int
    scores: list[ScoreMetric]


@dataclass(frozen=True)
class ChartLine:
    """A horizontal line of the chart: the value it stands for and where it is drawn."""

    value: float
    y: float


@dataclass(frozen=True)
class ChartBar:
    index: int
    number: int
    words: str
    fidelity: float | None
    codes: list[str]
    tone: str
    """The bar's colour: its worst flag's severity, or ``none`` (neutral) when no flag says why."""
    x: float
    width: float
    centre: float
    fill_y: float | None
    fill_height: float | None
    labelled: bool


@dataclass(frozen=True)
class ChartLabel:
    """A reference line's label, in the margin right of the plot (never over the bars)."""

    css: str
    text: str
    y: float


@dataclass(frozen=True)
class ChartView:
    width: float
    height: float
    left: float
    right: float
    top: float
    base: float
    plot_height: float
    ticks: list[ChartLine]
    bars: list[ChartBar]
    low: ChartLine | None
    document: ChartLine | None
    labels: list[ChartLabel]


@dataclass(frozen=True)
class Score:
    label: str
    value: float
    digits: int


@dataclass(frozen=True)
class CellView:
    """One text cell; ``whole`` is set when flags without offsets cover the entire side."""

    css: str
    language: str
    empty: bool
    empty_note: str
    pieces: list[Piece]
    whole: MarkInfo | None


@dataclass(frozen=True)
class ListedFlag:
    """A flag in its row's list, with its page id and its severity parsed (it may come as a string).

    ``message`` is what the list shows (a secondary low-fidelity flag names its cause instead);
    ``children`` are the flags shown under this one (``html_parts.flag_tree``)."""

    fid: str
    flag: Flag
    severity: Severity
    entry: BaselineEntry
    """What accepting the flag writes into a baseline (the checkbox's ``data-`` attributes)."""
    message: str
    children: list[ListedFlag] = field(default_factory=list)
    acceptable: bool = True
    """False for a related flag folded into its primary: the gate counts the primary, so a baseline
    accepts that one (an entry for the related flag would never match)."""


@dataclass(frozen=True)
class RowView:
    index: int
    number: int
    """1-based, as the gate's reasons and the terminal count alignments."""
    position: int
    worst: str | None
    rank: int
    fidelity: float | None
    tone: str
    """How the fidelity is coloured: the worst flag's severity, ``none`` without a flag."""
    fidelity_note: str
    source_words: str
    target_words: str
    kind_words: str
    breakdown: Breakdown | None
    scores: list[Score]
    cells: list[CellView]
    flags: list[ListedFlag]


@dataclass(frozen=True)
class TableView:
    with_reference: bool
    source_language: str
    target_language: str
    rows: list[RowView]


@dataclass(frozen=True)
class PageView:
    title: str
    model: str
    version: str
    files: list[FileView]
    summary: SummaryView
    codes: list[CodeCount]
    chart: ChartView | None
    table: TableView
    settings: str


# --------------------------------------------------------------------------- highlighting


def highlight(text: str, marks: Sequence[Marked]) -> str:
    """``text`` escaped, every flagged span of it in a ``<mark>``: the markup the page's cells hold.

    Rendered by the same template macro as the page, so the two cannot drift apart.
    """
    macros = _environment().get_template("macros.html.j2").module
    return str(macros.highlighted(highlight_pieces(text, marks)))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- summary header


def _code_counts(result: CheckResult) -> list[CodeCount]:
    """Every flag code with its worst severity and count, most severe and most frequent first.

    Codes only the summary counts (say, flags of rows a run did not keep) take the severity the
    config gives them, so a chip never goes without a colour.
    """
    worst: dict[str, Severity] = {}
    counted: dict[str, int] = {}
    for alignment in result.alignments:
        for flag in alignment.flags:
            severity = _severity(flag)
            counted[flag.code] = counted.get(flag.code, 0) + 1
            if flag.code not in worst or severity.rank > worst[flag.code].rank:
                worst[flag.code] = severity
    counts = {**counted, **result.summary.flag_counts}
    config = result.settings.get("config")
    configured = config.get("severities", {}) if isinstance(config, dict) else {}
    rows: list[tuple[str, Severity, int]] = []
    for code, count in counts.items():
        severity = worst.get(code)
        if severity is None:
            try:
                severity = Severity(configured.get(code, "warning"))
            except ValueError:
                severity = Severity.WARNING
        rows.append((code, severity, count))
    rows.sort(key=lambda row: (-row[1].rank, -row[2], row[0]))
    return [CodeCount(code, severity.value, count) for code, severity, count in rows]


def _files(result: CheckResult) -> list[FileView]:
    sides = (("Source", result.source), ("Target", result.target), ("Reference", result.reference))
    return [
        FileView(label, doc.path or "(stdin)", _language_name(doc), len(doc), doc.encoding)
        for label, doc in sides
        if doc is not None
    ]


def _summary(result: CheckResult) -> SummaryView:
    summary = result.summary
    by_severity = dict.fromkeys(_SEVERITIES, 0)
    for alignment in result.alignments:
        for flag in alignment.flags:
            by_severity[_severity(flag)] += 1
    scores = [
        ScoreMetric(label, value, signature, better)
        for label, value, signature, better in (
            ("BLEU", summary.bleu, summary.bleu_signature, "higher"),
            ("chrF", summary.chrf, summary.chrf_signature, "higher"),
            ("TER", summary.ter, summary.ter_signature, "lower"),
        )
        if value is not None
    ]
    minimum = config_number(result, "min_fidelity")
    failing = summary.fidelity is not None and minimum is not None and summary.fidelity < minimum
    return SummaryView(
        passed=summary.passed,
        gate_reasons=list(summary.gate_reasons),
        source_segments=summary.source_segments,
        target_segments=summary.target_segments,
        alignments=summary.alignments,
        fidelity=summary.fidelity,
        fidelity_tone=Severity.ERROR.value if failing else NEUTRAL,
        fidelity_note=f"below the gate's minimum {minimum:g}" if failing else "document, reference-free",
        by_severity=[(severity.value, count) for severity, count in by_severity.items() if count],
        flag_total=sum(by_severity.values()),
        flagged_alignments=sum(1 for alignment in result.alignments if alignment.flags),
        scores=scores,
    )


# --------------------------------------------------------------------------- fidelity chart


def _chart(result: CheckResult) -> ChartView | None:
    """Bars of fidelity per alignment in document order, in a fixed 1200×200 viewBox that scales.

    A bar takes its worst flag's colour and stays neutral without one (a low bar no flag explains is
    not an alarm); the reference lines' labels sit in the right margin, off the bars."""
    alignments = result.alignments
    if not alignments:
        return None
    width, height = 1200.0, 200.0
    left, right, top, bottom = 36.0, 150.0, 16.0, 40.0
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / len(alignments)
    gap = min(3.0, step * 0.2)
    bar_w = max(step - gap, 0.8)
    base = top + plot_h

    def y_of(value: float) -> float:
        return top + plot_h * (1.0 - max(0.0, min(1.0, value)))

    source, target = _language_name(result.source), _language_name(result.target)
    label_every = max(1, round(len(alignments) / 40))  # about 40 index labels, however long the text
    bars = []
    for position, alignment in enumerate(alignments):
        x = left + position * step + gap / 2
        value = alignment.fidelity
        fill_y = fill_h = None
        if value is not None:
            fill_h = max(base - y_of(value), 2.0)  # a zero still shows as a sliver to hover
            fill_y = base - fill_h
        bars.append(
            ChartBar(
                index=alignment.index,
                number=alignment.index + 1,
                words=" → ".join(alignment_words(source, target, alignment)),
                fidelity=value,
                codes=list(dict.fromkeys(flag.code for flag in alignment.flags)),
                tone=tone(alignment.flags),
                x=x,
                width=bar_w,
                centre=x + bar_w / 2,
                fill_y=fill_y,
                fill_height=fill_h,
                labelled=position % label_every == 0,
            )
        )
    below, fidelity = config_number(result, "thresholds", "low-fidelity", "below"), result.summary.fidelity
    low = None if below is None else ChartLine(below, y_of(below))
    document = None if fidelity is None else ChartLine(fidelity, y_of(fidelity))
    lines = [
        (css, text, line)
        for css, text, line in (
            ("doc-label", f"document {fidelity or 0:.3f}", document),
            ("threshold-label", f"low-fidelity flag < {below or 0:g}", low),
        )
        if line is not None
    ]
    ys = spread([line.y + 4 for _, _, line in lines], 13.0, top + 4, base + 4)
    return ChartView(
        width=width,
        height=height,
        left=left,
        right=width - right,
        top=top,
        base=base,
        plot_height=plot_h,
        ticks=[ChartLine(tick, y_of(tick)) for tick in (0.0, 0.25, 0.5, 0.75, 1.0)],
        bars=bars,
        low=low,
        document=document,
        labels=[ChartLabel(css, text, y) for (css, text, _), y in zip(lines, ys, strict=True)],
    )


# --------------------------------------------------------------------------- table


def _cell(text: str, marks: list[Marked], language: str, empty_note: str, css: str) -> CellView:
    """One text cell; flags with no offsets mark the whole cell, the rest are highlighted spans."""
    whole = [(fid, flag) for fid, flag in marks if flag.start is None and flag.end is None]
    spans = [(fid, flag) for fid, flag in marks if not (flag.start is None and flag.end is None)]
    return CellView(
        css=css,
        language=language,
        empty=not text,
        empty_note=empty_note,
        pieces=highlight_pieces(text, spans) if text else [],
        whole=mark_info(whole) if whole else None,
    )


def _listed_flags(alignment: Alignment, marks: list[Marked], document: str) -> list[ListedFlag]:
    """The row's flag list: primary flags, each with the flags shown under it (``flag_tree``)."""

    def listed(fid: str, flag: Flag, message: str, acceptable: bool = True) -> ListedFlag:
        entry = BaselineEntry.of(document, alignment, flag)
        return ListedFlag(fid, flag, _severity(flag), entry, message, acceptable=acceptable)

    items = []
    for position, nested in flag_tree(alignment.flags):
        fid, primary = marks[position]
        item = listed(fid, primary, primary.message)
        for k, child in enumerate(nested):
            own = isinstance(child, int)  # a flag the row lists, or one folded into the primary
            child_fid, flag = marks[child] if isinstance(child, int) else (f"{fid}-r{k}", child)
            message = secondary_message(flag, primary, alignment.fidelity)
            item.children.append(listed(child_fid, flag, message, acceptable=own))
        items.append(item)
    return items


def _row(
    result: CheckResult, position: int, alignment: Alignment, with_reference: bool, document: str
) -> RowView:
    marks = [(f"r{position}-f{k}", flag) for k, flag in enumerate(alignment.flags)]
    worst = alignment.worst_severity
    scores = [
        Score(label, value, digits)
        for label, value, digits in (("chrF", alignment.chrf, 1), ("BLEU", alignment.bleu, 1))
        if value is not None
    ]
    sides = (
        (
            "src",
            "source",
            alignment.source_text,
            result.source,
            "nothing in the source: added in translation",
        ),
        ("tgt", "target", alignment.target_text, result.target, "no translation"),
    )
    cells = [
        _cell(text, [marked for marked in marks if marked[1].side == side], document.language, note, css)
        for css, side, text, document, note in sides
    ]
    if with_reference:
        language = (result.reference or result.target).language
        cells.append(_cell(alignment.reference_text or "", [], language, "no reference", "ref"))
    source, target = _language_name(result.source), _language_name(result.target)
    source_words, target_words = alignment_words(source, target, alignment)
    # copied English is most similar to itself: beside an untranslated flag the similarity misleads
    untranslated = any(flag.code == "untranslated" for flag in alignment.flags)
    return RowView(
        index=alignment.index,
        number=alignment.index + 1,
        position=position,
        worst=None if worst is None else worst.value,
        rank=-1 if worst is None else worst.rank,
        fidelity=alignment.fidelity,
        tone=tone(alignment.flags),
        fidelity_note=fidelity_note(alignment),
        source_words=source_words,
        target_words=target_words,
        kind_words=kind_words(source, target, alignment),
        breakdown=breakdown(alignment, with_similarity=not untranslated),
        scores=scores,
        cells=cells,
        flags=_listed_flags(alignment, marks, document),
    )


def _table(result: CheckResult, document: str) -> TableView:
    with_reference = result.reference is not None or any(
        alignment.reference_text is not None for alignment in result.alignments
    )
    return TableView(
        with_reference=with_reference,
        source_language=_language_name(result.source),
        target_language=_language_name(result.target),
        rows=[
            _row(result, position, alignment, with_reference, document)
            for position, alignment in enumerate(result.alignments)
        ],
    )


def page_view(result: CheckResult, document: str | None = None) -> PageView:
    """Everything the page shows, as plain data: what the template renders and a test can inspect.
    ``document`` names the document in the baseline entries (a batch's document id); by default
    ``gate.baseline.document_name``, which a batch's baseline also matches."""
    return PageView(
        title=f"tqcheck · {result.target.path or 'report'}",
        model=result.model,
        version=__version__,
        files=_files(result),
        summary=_summary(result),
        codes=_code_counts(result),
        chart=_chart(result),
        table=_table(result, document_name(result) if document is None else document),
        settings=json.dumps(result.settings, ensure_ascii=False, indent=2, default=str),
    )


# --------------------------------------------------------------------------- rendering


def _fixed(value: float | None, digits: int, missing: str = "n/a") -> str:
    """The ``fixed`` template filter: ``digits`` decimals, or ``missing`` for a score not computed."""
    return missing if value is None else f"{value:.{digits}f}"


def _number(value: float) -> str:
    """The ``num`` template filter: shortest form (``%g``), for round chart constants and thresholds."""
    return f"{value:g}"


@functools.cache
def _asset(name: str) -> Markup:
    """Our own CSS or JS file from the package, marked safe to inline into ``<style>``/``<script>``.

    This is the one deliberate bypass of autoescaping (escaping would break CSS and JS); the
    files ship with the package, never come from inputs, and must not close their element early.
    """
    from markupsafe import Markup

    text = resources.files(_PACKAGE).joinpath(_TEMPLATES, name).read_text(encoding="utf-8")
    if "</style" in text.lower() or "</script" in text.lower():
        raise ValueError(f"{name} would close its inline element early")
    return Markup(text)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The one Jinja environment: autoescaped everywhere, strict about undefined names, cached.

    ``autoescape=True`` rather than by file extension, so no template can ever be rendered
    unescaped by its name; ``trim_blocks``/``lstrip_blocks`` let block tags sit on lines of
    their own without leaking whitespace into the page (the text cells are ``pre-wrap``).
    """
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader(_PACKAGE, _TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    environment.filters["fixed"] = _fixed
    environment.filters["num"] = _number
    return environment


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's per-user cache of compiled templates (checked against the template source, so never
    stale): compiling the report templates is a tenth of a re-run with one document changed. None
    where no private temporary folder can be made; the templates are then compiled each run."""
    import jinja2

    try:
        return jinja2.FileSystemBytecodeCache()
    except (RuntimeError, OSError):
        return None


def render_html(result: CheckResult, document: str | None = None) -> str:
    """The whole report as one self-contained HTML document (``document``: see ``page_view``)."""
    template = _environment().get_template("report.html.j2")
    return template.render(page=page_view(result, document), css=_asset("report.css"), js=_asset("report.js"))
