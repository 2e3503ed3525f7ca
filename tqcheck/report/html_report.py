"""The editor's view: one self-contained HTML file to open, filter and act on.

Everything is built here as plain strings: no template engine, no fonts, no CDN, no network
fetch of any kind (a Content-Security-Policy meta forbids them). That CSP still allows the
inline script, so *escaping* is what keeps text from the inputs inert: every string that came
from a file or the run (texts, messages, codes, paths, settings) goes through :func:`_e` before
it is written, and the script reads its data from escaped ``data-`` attributes and the DOM,
never from values interpolated into JavaScript.

The table works without JavaScript (the filter bar then stays hidden); the fidelity chart is
inline SVG drawn here, its bars plain ``#fragment`` links to the rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape

from tqcheck import __version__
from tqcheck.model import Alignment, CheckResult, Flag, Severity

Marked = tuple[str, Flag]
"""A flag with its id in the page (``r3-f0``), which ties its ``<mark>``s to its entry in the list."""

_LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}
_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
DIP_FIDELITY = 0.7
"""Bars below this fidelity are marked as dips in the chart even when no flag fired."""


def _e(value: object) -> str:
    """Escape anything for HTML text *and* attribute values (quotes included)."""
    return escape(str(value), quote=True)


def _severity(flag: Flag) -> Severity:
    return Severity(flag.severity)


def _worst(flags: Sequence[Flag]) -> Severity:
    return max((_severity(flag) for flag in flags), key=lambda severity: severity.rank)


def _fmt(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _ids(ids: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in ids) or "–"


def _fidelity_band(fidelity: float | None) -> str:
    if fidelity is None:
        return "none"
    if fidelity < 0.5:
        return "low"
    if fidelity < 0.85:
        return "mid"
    return "high"


# --------------------------------------------------------------------------- highlighting


def _clamp(value: int | None, default: int, length: int) -> int:
    if value is None:
        return default
    return max(0, min(length, int(value)))


def _mark_open(marks: Sequence[Marked], caret: bool = False) -> str:
    flags = [flag for _, flag in marks]
    classes = ["hl", f"sev-{_worst(flags).value}"]
    if len(marks) > 1:
        classes.append("multi")
    if caret:
        classes.append("caret")
    title = "\n".join(f"[{flag.code}] {flag.message}" for flag in flags)
    fids = " ".join(fid for fid, _ in marks)
    return f'<mark class="{" ".join(classes)}" data-fids="{_e(fids)}" title="{_e(title)}">'


def highlight(text: str, marks: Sequence[Marked]) -> str:
    """Escape ``text`` and wrap every flagged span of it in a ``<mark>``.

    The text is cut at every span boundary and each piece is wrapped once, with the union of
    the flags covering it, so overlapping spans never produce crossed tags: the piece's class
    is its worst severity (``multi`` when several flags cover it) and its ``title`` lists every
    covering message. Offsets outside the text are clamped; a zero-width span becomes a caret.
    A flag with neither offset covers the whole side and is the caller's business.
    """
    length = len(text)
    spans: list[tuple[int, int, Marked]] = []
    carets: dict[int, list[Marked]] = {}
    for marked in marks:
        flag = marked[1]
        start = _clamp(flag.start, 0, length)
        end = _clamp(flag.end, length, length)
        if end < start:
            start, end = end, start
        if start == end:
            carets.setdefault(start, []).append(marked)
        else:
            spans.append((start, end, marked))
    cuts = sorted({0, length, *carets, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    for position, left in enumerate(cuts):
        if left in carets:
            out.append(_mark_open(carets[left], caret=True) + "</mark>")
        if position + 1 == len(cuts):
            break
        right = cuts[position + 1]
        covering = [marked for start, end, marked in spans if start <= left and right <= end]
        piece = _e(text[left:right])
        out.append(f"{_mark_open(covering)}{piece}</mark>" if covering else piece)
    return "".join(out)


# --------------------------------------------------------------------------- summary header


def _code_rows(result: CheckResult) -> list[tuple[str, Severity, int]]:
    """(code, worst severity, count) for every flag code, most severe and most frequent first."""
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
    rows = []
    for code, count in counts.items():
        severity = worst.get(code)
        if severity is None:
            try:
                severity = Severity(configured.get(code, "warning"))
            except ValueError:
                severity = Severity.WARNING
        rows.append((code, severity, count))
    return sorted(rows, key=lambda row: (-row[1].rank, -row[2], row[0]))


def _files_html(result: CheckResult) -> str:
    rows = []
    for label, document in (
        ("Source", result.source),
        ("Target", result.target),
        ("Reference", result.reference),
    ):
        if document is None:
            continue
        language = _LANGUAGE_NAMES.get(document.language, document.language)
        path = document.path or "(stdin)"
        rows.append(
            f'<span class="file-label">{label}</span><code class="file-path">{_e(path)}</code>'
            f'<span class="muted">{_e(language)} · {len(document)} segments · {_e(document.encoding)}</span>'
        )
    return f'<section class="files">{"".join(rows)}</section>'


def _metric(label: str, value: str, note: str = "", extra_class: str = "") -> str:
    note_html = f'<div class="metric-note">{note}</div>' if note else ""
    return (
        f'<div class="metric {extra_class}"><div class="metric-label">{label}</div>'
        f'<div class="metric-value">{value}</div>{note_html}</div>'
    )


def _summary_html(result: CheckResult, codes: list[tuple[str, Severity, int]]) -> str:
    summary = result.summary
    flagged = sum(1 for alignment in result.alignments if alignment.flags)
    by_severity = dict.fromkeys(_SEVERITIES, 0)
    for alignment in result.alignments:
        for flag in alignment.flags:
            by_severity[_severity(flag)] += 1
    verdict = (
        '<span class="verdict passed">Passed</span>'
        if summary.passed
        else '<span class="verdict failed">Failed</span>'
    )
    gates = len(summary.gate_reasons)
    severity_note = (
        " · ".join(
            f'<span class="sev-text-{severity.value}">{by_severity[severity]} {severity.value}</span>'
            for severity in _SEVERITIES
            if by_severity[severity]
        )
        or "none"
    )
    metrics = [
        _metric(
            "Verdict", verdict, f"{gates} gate reason{'s' * (gates != 1)}" if gates else "no gate tripped"
        ),
        _metric(
            "Segments",
            f"{summary.source_segments} → {summary.target_segments}",
            f"source → target<br>{summary.alignments} alignments",
        ),
        _metric(
            "Fidelity",
            _fmt(summary.fidelity, 3),
            "document, reference-free<br>0 (unrelated) – 1",
            "fidelity-" + _fidelity_band(summary.fidelity),
        ),
        _metric(
            "Flags",
            str(sum(by_severity.values())),
            f"{severity_note}<br>in {flagged} of {len(result.alignments)} alignments",
        ),
    ]
    signatures = []
    for label, value, signature, note in (
        ("BLEU", summary.bleu, summary.bleu_signature, "vs. reference<br>higher is better"),
        ("chrF", summary.chrf, summary.chrf_signature, "vs. reference<br>higher is better"),
        ("TER", summary.ter, summary.ter_signature, "vs. reference<br>lower is better"),
    ):
        if value is None:
            continue
        metrics.append(_metric(label, _fmt(value, 1), note))
        if signature:
            signatures.append(f"<div><b>{label}</b><code>{_e(signature)}</code></div>")
    reasons = "".join(f"<li>{_e(reason)}</li>" for reason in summary.gate_reasons)
    chips = "".join(
        f'<button type="button" class="chip sev-{severity.value}" data-code="{_e(code)}" '
        f'title="{_e(f"{severity.value}: show only alignments flagged {code}")}">'
        f'<span class="chip-code">{_e(code)}</span><span class="chip-count">{count}</span></button>'
        for code, severity, count in codes
    )
    return "".join(
        (
            '<section class="card summary" id="summary">',
            f'<div class="metrics">{"".join(metrics)}</div>',
            f'<ul class="gate-reasons">{reasons}</ul>' if reasons else "",
            '<div class="chips"><span class="chips-label">Flags by code</span>',
            chips or '<span class="muted">none raised</span>',
            "</div>",
            f'<div class="signatures">{"".join(signatures)}</div>' if signatures else "",
            "</section>",
        )
    )


# --------------------------------------------------------------------------- fidelity chart


def _low_threshold(result: CheckResult) -> float | None:
    config = result.settings.get("config")
    try:
        value = config["thresholds"]["low-fidelity"]["below"]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _hline(css: str, x1: float, x2: float, y: float) -> str:
    return f'<line class="{css}" x1="{x1:g}" x2="{x2:g}" y1="{y:.1f}" y2="{y:.1f}"/>'


def _chart_svg(result: CheckResult) -> str:
    """Bars of fidelity per alignment in document order, dips and flagged alignments marked."""
    alignments = result.alignments
    if not alignments:
        return ""
    width, height = 1200.0, 200.0
    left, right, top, bottom = 36.0, 8.0, 16.0, 40.0
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / len(alignments)
    gap = min(3.0, step * 0.2)
    bar_w = max(step - gap, 0.8)
    base = top + plot_h

    def y_of(value: float) -> float:
        return top + plot_h * (1.0 - max(0.0, min(1.0, value)))

    low = _low_threshold(result)
    parts = []
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(_hline("grid", left, width - right, y_of(tick)))
        parts.append(
            f'<text class="axis" x="{left - 6:g}" y="{y_of(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>'
        )
    label_every = max(1, round(len(alignments) / 40))
    for position, alignment in enumerate(alignments):
        x = left + position * step + gap / 2
        centre = x + bar_w / 2
        value = alignment.fidelity
        worst = alignment.worst_severity
        classes = ["bar"]
        if value is None:
            classes.append("none")
        elif low is not None and value < low:
            classes += ["dip", "low"]
        elif value < DIP_FIDELITY:
            classes.append("dip")
        codes = ", ".join(dict.fromkeys(flag.code for flag in alignment.flags)) or "no flags"
        tip = f"#{alignment.index} ({alignment.kind}) · fidelity {_fmt(value, 3)} · {codes}"
        shape = []
        if value is None:
            shape.append(
                f'<rect class="stub" x="{x:.1f}" y="{base - 2:.1f}" width="{bar_w:.1f}" height="2"/>'
            )
        else:
            bar_h = max(base - y_of(value), 2.0)
            shape.append(
                f'<rect class="fill" x="{x:.1f}" y="{base - bar_h:.1f}" width="{bar_w:.1f}" '
                f'height="{bar_h:.1f}" rx="1.5"/>'
            )
            if "dip" in classes:
                shape.append(f'<circle class="dip-dot" cx="{centre:.1f}" cy="{base - bar_h - 8:.1f}" r="4"/>')
        if worst is not None:
            shape.append(
                f'<rect class="tick sev-{worst.value}" x="{x:.1f}" y="{base + 4:.1f}" '
                f'width="{bar_w:.1f}" height="5" rx="1"/>'
            )
        if position % label_every == 0:
            shape.append(
                f'<text class="axis" x="{centre:.1f}" y="{base + 24:.1f}" '
                f'text-anchor="middle">{alignment.index}</text>'
            )
        parts.append(
            f'<a href="#a-{alignment.index}" class="{" ".join(classes)}" data-row="a-{alignment.index}">'
            f"<title>{_e(tip)}</title>{''.join(shape)}"
            f'<rect class="hit" x="{x:.1f}" y="{top:g}" width="{bar_w:.1f}" height="{plot_h + 12:.1f}"/></a>'
        )
    # reference lines go over the bars, their labels haloed so a tall bar never hides them
    if low is not None:
        parts.append(_hline("threshold", left, width - right, y_of(low)))
        parts.append(
            f'<text class="line-label threshold-label" x="{width - right - 4:g}" y="{y_of(low) - 5:.1f}" '
            f'text-anchor="end">low-fidelity flag below {low:g}</text>'
        )
    fidelity = result.summary.fidelity
    if fidelity is not None:
        parts.append(_hline("doc-line", left, width - right, y_of(fidelity)))
        parts.append(
            f'<text class="line-label doc-label" x="{left + 6:g}" y="{y_of(fidelity) + 14:.1f}">'
            f"document {fidelity:.3f}</text>"
        )
    legend = (
        '<span><i class="key key-bar"></i>fidelity per alignment</span>'
        f'<span><i class="key key-dip"></i>dip below {DIP_FIDELITY:g}</span>'
        '<span><i class="key key-doc"></i>document fidelity</span>'
        '<span><i class="key key-flag"></i>flagged (colour = worst severity)</span>'
    )
    return (
        '<section class="card chart"><div class="card-head"><h2>Fidelity along the document</h2>'
        f'<div class="legend">{legend}</div></div>'
        f'<svg id="chart" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-label="fidelity of each alignment, in document order">{"".join(parts)}</svg>'
        '<p class="hint">Hover a bar for details; click it to jump to the row.</p></section>'
    )


# --------------------------------------------------------------------------- table


def _side_cell(text: str, marks: list[Marked], language: str, empty_note: str, css: str) -> str:
    """One text cell; flags with no offsets mark the whole cell, the rest are highlighted spans."""
    whole = [(fid, flag) for fid, flag in marks if flag.start is None and flag.end is None]
    spans = [(fid, flag) for fid, flag in marks if not (flag.start is None and flag.end is None)]
    classes = ["text", css]
    attributes = f' lang="{_e(language)}"'
    if whole:
        classes += ["whole", f"sev-{_worst([flag for _, flag in whole]).value}"]
        title = "\n".join(f"[{flag.code}] {flag.message}" for _, flag in whole)
        attributes += f' title="{_e(title)}" data-fids="{_e(" ".join(fid for fid, _ in whole))}"'
    if not text:
        classes.append("is-empty")
        body = f'<span class="empty">{_e(empty_note)}</span>'
    else:
        body = highlight(text, spans)
    return f'<td class="{" ".join(classes)}"{attributes}>{body}</td>'


def _flag_item(fid: str, flag: Flag) -> str:
    severity = _severity(flag)
    where = severity.value
    if flag.side is not None:
        where += f" · {flag.side}" + ("" if flag.start is None else f" chars {flag.start}–{flag.end}")
    return (
        f'<li class="flag sev-{severity.value}" data-code="{_e(flag.code)}" data-rank="{severity.rank}" '
        f'data-fid="{_e(fid)}"><span class="badge sev-{severity.value}" title="{_e(where)}">{_e(flag.code)}'
        f'</span> <span class="message">{_e(flag.message)}</span></li>'
    )


def _row_html(result: CheckResult, position: int, alignment: Alignment, with_reference: bool) -> str:
    marks = [(f"r{position}-f{k}", flag) for k, flag in enumerate(alignment.flags)]
    worst = alignment.worst_severity
    fidelity = alignment.fidelity
    scores = [
        f"{label} {value:.{digits}f}"
        for label, value, digits in (
            ("sim", alignment.similarity, 2),
            ("chrF", alignment.chrf, 1),
            ("BLEU", alignment.bleu, 1),
        )
        if value is not None
    ]
    cells = [
        f'<td class="num"><a class="anchor" href="#a-{alignment.index}">{alignment.index}</a>'
        f'<div class="ids" title="source segment ids → target segment ids">'
        f"{_e(_ids(alignment.source_ids))}&nbsp;→ {_e(_ids(alignment.target_ids))}</div>"
        f'<div class="kind" title="alignment kind (source:target sentences)">{_e(alignment.kind)}</div></td>',
        f'<td class="fid"><span class="fid-value fidelity-{_fidelity_band(fidelity)}">'
        f"{_fmt(fidelity, 2)}</span>"
        f'<div class="scores">{"".join(f"<div>{_e(score)}</div>" for score in scores)}</div></td>',
        _side_cell(
            alignment.source_text,
            [(fid, flag) for fid, flag in marks if flag.side == "source"],
            result.source.language,
            "nothing in the source: added in translation",
            "src",
        ),
        _side_cell(
            alignment.target_text,
            [(fid, flag) for fid, flag in marks if flag.side == "target"],
            result.target.language,
            "no translation",
            "tgt",
        ),
    ]
    if with_reference:
        language = (result.reference or result.target).language
        cells.append(_side_cell(alignment.reference_text or "", [], language, "no reference", "ref"))
    items = "".join(_flag_item(fid, flag) for fid, flag in marks)
    cells.append(f'<td class="flags"><ul>{items}</ul></td>' if items else '<td class="flags"></td>')
    return (
        f'<tr id="a-{alignment.index}" class="row{"" if worst is None else f" sev-{worst.value}"}" '
        f'data-rank="{-1 if worst is None else worst.rank}" data-pos="{position}" '
        f'data-fid="{"" if fidelity is None else f"{fidelity:.4f}"}">{"".join(cells)}</tr>'
    )


def _table_html(result: CheckResult, with_reference: bool) -> str:
    source_name = _LANGUAGE_NAMES.get(result.source.language, result.source.language)
    target_name = _LANGUAGE_NAMES.get(result.target.language, result.target.language)
    heads = [
        '<th class="num">#</th>',
        '<th class="fid">Fidelity</th>',
        f"<th>Source · {_e(source_name)}</th>",
        f"<th>Target · {_e(target_name)} MT</th>",
    ]
    cols = ['<col class="c-num">', '<col class="c-fid">', '<col class="c-text">', '<col class="c-text">']
    if with_reference:
        heads.append("<th>Reference</th>")
        cols.append('<col class="c-text">')
    heads.append("<th>Flags</th>")
    cols.append('<col class="c-flags">')
    rows = "".join(
        _row_html(result, position, alignment, with_reference)
        for position, alignment in enumerate(result.alignments)
    )
    return (
        f'<table id="alignments" class="{"with-ref" if with_reference else "no-ref"}">'
        f"<colgroup>{''.join(cols)}</colgroup><thead><tr>{''.join(heads)}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _filters_html(codes: list[tuple[str, Severity, int]], total: int) -> str:
    options = "".join(f'<option value="{_e(code)}">{_e(code)} ({count})</option>' for code, _, count in codes)
    return (
        '<div class="filters" id="filters" hidden>'
        f'<label>Flag <select id="f-code"><option value="">all codes</option>{options}</select></label>'
        '<label>Severity <select id="f-sev"><option value="-1">any</option><option value="0">info +</option>'
        '<option value="1">warning +</option><option value="2">error</option></select></label>'
        '<label class="check"><input type="checkbox" id="f-flagged"> only flagged rows</label>'
        '<label>Find <input type="search" id="f-text" placeholder="text in any column" size="16"></label>'
        '<label>Order <select id="f-order"><option value="doc">document</option>'
        '<option value="worst">worst first</option><option value="fid">lowest fidelity</option>'
        "</select></label>"
        '<button type="button" id="f-reset">Reset</button>'
        f'<span class="count" id="f-count" aria-live="polite">{total} of {total} alignments shown</span>'
        "</div>"
    )


# --------------------------------------------------------------------------- page


def render_html(result: CheckResult) -> str:
    """The whole report as one self-contained HTML document."""
    with_reference = result.reference is not None or any(
        alignment.reference_text is not None for alignment in result.alignments
    )
    codes = _code_rows(result)
    settings = json.dumps(result.settings, ensure_ascii=False, indent=2, default=str)
    title = f"tqcheck · {result.target.path or 'report'}"
    return "".join(
        (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="referrer" content="no-referrer">\n',
            '<link rel="icon" href="data:,">\n',
            f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
            '<header class="top"><div class="brand">tqcheck <span>translation report</span></div>',
            f'<div class="meta">model <code>{_e(result.model)}</code> · tqcheck {_e(__version__)}</div>',
            "</header>\n<main>\n",
            _files_html(result),
            "\n",
            _summary_html(result, codes),
            "\n",
            _chart_svg(result),
            '\n<noscript><p class="hint">Filtering needs JavaScript; every alignment is listed below.</p>'
            "</noscript>\n",
            _filters_html(codes, len(result.alignments)),
            "\n",
            _table_html(result, with_reference),
            '\n<details class="settings"><summary>Run settings</summary>',
            f"<pre>{_e(settings)}</pre></details>\n</main>\n",
            f"<script>{_JS}</script>\n</body>\n</html>\n",
        )
    )


_CSS = """
:root {
  --bg: #f5f6f8; --card: #fff; --ink: #1f2328; --muted: #656d76; --line: #d8dee4; --soft: #eef1f4;
  --error: #cf222e; --error-bg: #ffebe9; --error-mark: rgba(207, 34, 46, .15);
  --warning: #9a6700; --warning-line: #d4a72c; --warning-bg: #fff8c5; --warning-mark: rgba(212, 167, 44, .3);
  --info: #0969da; --info-bg: #ddf4ff; --info-mark: rgba(9, 105, 218, .14);
  --ok: #1a7f37; --ok-bg: #dafbe1; --bar: #8c9bb0; --dip: #e16f24; --accent: #0969da;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--ink); font-size: 14px; line-height: 1.55;
  font-family: "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, "Liberation Sans",
    "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic", "Nanum Gothic", sans-serif;
}
:lang(ko) {
  font-family: "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic", "Nanum Gothic",
    "Segoe UI", Roboto, Arial, sans-serif;
  word-break: keep-all;
}
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
code { font-size: 12px; }
.top {
  display: flex; align-items: baseline; justify-content: space-between; gap: 16px; flex-wrap: wrap;
  padding: 12px 24px; background: #24292f; color: #f6f8fa;
}
.brand { font-weight: 700; font-size: 18px; }
.brand span { font-weight: 400; color: #afb8c1; margin-left: 6px; }
.top .meta { color: #afb8c1; font-size: 12px; }
.top code { color: #f6f8fa; }
main { padding: 14px 24px 40px; max-width: 1800px; margin: 0 auto; }
.files {
  display: grid; grid-template-columns: max-content minmax(0, max-content) 1fr; gap: 2px 12px;
  align-items: baseline; margin-bottom: 12px;
}
.file-label, .metric-label, .chips-label {
  color: var(--muted); font-size: 11.5px; font-weight: 600; text-transform: uppercase; letter-spacing: .4px;
}
.file-path { overflow-wrap: anywhere; }
.muted { color: var(--muted); font-size: 12px; }
.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: 14px 16px; margin-bottom: 14px;
}
.metrics { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; }
.metric { border: 1px solid var(--soft); background: #fbfcfd; border-radius: 6px; padding: 8px 12px; }
.metric-value { font-size: 24px; font-weight: 650; line-height: 1.35; font-variant-numeric: tabular-nums; }
.metric-note { color: var(--muted); font-size: 12px; line-height: 1.45; }
.metric.fidelity-low .metric-value { color: var(--error); }
.metric.fidelity-mid .metric-value { color: var(--warning); }
.metric.fidelity-high .metric-value { color: var(--ok); }
.verdict {
  display: inline-block; font-size: 16px; padding: 1px 12px; border-radius: 999px; vertical-align: 3px;
}
.verdict.passed { background: var(--ok-bg); color: var(--ok); }
.verdict.failed { background: var(--error-bg); color: var(--error); }
.sev-text-error { color: var(--error); }
.sev-text-warning { color: var(--warning); }
.sev-text-info { color: var(--info); }
.gate-reasons {
  margin: 10px 0 0; padding: 8px 12px 8px 28px; background: var(--error-bg); border-radius: 6px;
  color: #82071e; columns: 2 320px; column-gap: 32px; font-size: 13px;
}
.chips { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 12px; }
.chips-label { margin-right: 4px; }
.chip {
  font: inherit; font-size: 12.5px; display: inline-flex; gap: 6px; align-items: center; cursor: pointer;
  border: 1px solid var(--line); background: #fff; border-radius: 999px; padding: 2px 4px 2px 10px;
}
.chip:hover { border-color: var(--accent); }
.chip.active { outline: 2px solid var(--accent); outline-offset: 1px; }
.chip-count { border-radius: 999px; padding: 0 7px; font-weight: 650; font-size: 12px; }
.chip.sev-error { border-left: 3px solid var(--error); }
.chip.sev-error .chip-count { background: var(--error-bg); color: var(--error); }
.chip.sev-warning { border-left: 3px solid var(--warning-line); }
.chip.sev-warning .chip-count { background: var(--warning-bg); color: var(--warning); }
.chip.sev-info { border-left: 3px solid var(--info); }
.chip.sev-info .chip-count { background: var(--info-bg); color: var(--info); }
.signatures { margin-top: 10px; font-size: 12px; color: var(--muted); display: grid; gap: 1px; }
.signatures b { display: inline-block; width: 3.2em; color: var(--ink); font-weight: 600; font-size: 11.5px; }
.signatures code { font-size: 11.5px; overflow-wrap: anywhere; }
.card-head {
  display: flex; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap;
}
h2 { font-size: 14px; margin: 0 0 4px; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; color: var(--muted); font-size: 12px; }
.key { display: inline-block; width: 10px; height: 10px; margin-right: 5px; border-radius: 2px; }
.key-bar { background: var(--bar); }
.key-dip { background: var(--dip); border-radius: 50%; }
.key-doc { height: 0; width: 14px; border-top: 2px dashed var(--ok); vertical-align: 3px; }
.key-flag { background: var(--error); height: 5px; vertical-align: 2px; }
#chart { display: block; width: 100%; height: auto; max-height: 260px; }
#chart .grid { stroke: var(--soft); stroke-width: 1; }
#chart .axis { fill: var(--muted); font-size: 11px; }
#chart .threshold { stroke: var(--error); stroke-dasharray: 2 4; stroke-width: 1; }
#chart .doc-line { stroke: var(--ok); stroke-dasharray: 6 4; stroke-width: 1.5; }
#chart .line-label {
  font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round;
}
#chart .threshold-label { fill: var(--error); }
#chart .doc-label { fill: var(--ok); font-weight: 600; }
#chart .fill { fill: var(--bar); }
#chart .dip .fill, #chart .dip-dot { fill: var(--dip); }
#chart .low .fill, #chart .low .dip-dot { fill: var(--error); }
#chart .stub { fill: var(--muted); }
#chart .tick.sev-error { fill: var(--error); }
#chart .tick.sev-warning { fill: var(--warning-line); }
#chart .tick.sev-info { fill: var(--info); }
#chart .hit { fill: transparent; }
#chart a:hover .fill, #chart a:focus .fill { fill: var(--accent); }
#chart .filtered-out { opacity: .25; }
.hint { color: var(--muted); font-size: 12px; margin: 4px 0 0; }
.filters {
  position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center;
  background: rgba(245, 246, 248, .97); border-bottom: 1px solid var(--line);
  padding: 10px 2px; margin-bottom: 8px;
}
.filters[hidden] { display: none; }
.filters label { display: inline-flex; gap: 6px; align-items: center; color: var(--muted); font-size: 13px; }
.filters select, .filters input[type=search], .filters button {
  font: inherit; font-size: 13px; color: var(--ink); border: 1px solid var(--line); border-radius: 6px;
  padding: 3px 8px; background: #fff;
}
.filters button { cursor: pointer; }
.filters .check { color: var(--ink); }
.count { margin-left: auto; font-weight: 600; font-size: 13px; white-space: nowrap; }
table {
  width: 100%; border-collapse: separate; border-spacing: 0; table-layout: fixed; background: var(--card);
  border: 1px solid var(--line); border-radius: 8px;
}
col.c-num { width: 76px; }
col.c-fid { width: 84px; }
col.c-flags { width: 24%; }
table.with-ref col.c-flags { width: 21%; }
th {
  position: sticky; top: var(--sticky, 0px); z-index: 2; background: #f6f8fa; text-align: left;
  font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: .4px;
  padding: 8px 10px; border-bottom: 1px solid var(--line);
}
td { vertical-align: top; padding: 9px 10px; border-bottom: 1px solid var(--soft); }
tr:last-child td { border-bottom: 0; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 14.5px; }
td.ref { color: #424a53; background: rgba(140, 155, 176, .06); }
td.is-empty {
  background-image: repeating-linear-gradient(135deg, transparent 0 6px, rgba(0, 0, 0, .035) 6px 12px);
}
tr.row { scroll-margin-top: 100px; }
tr.row td:first-child { border-left: 4px solid transparent; }
tr.row.sev-error { background: #fff8f7; }
tr.row.sev-error td:first-child { border-left-color: var(--error); }
tr.row.sev-warning { background: #fffdf0; }
tr.row.sev-warning td:first-child { border-left-color: var(--warning-line); }
tr.row.sev-info { background: #f7fbff; }
tr.row.sev-info td:first-child { border-left-color: var(--info); }
tr.row:target td { box-shadow: inset 0 0 0 9999px rgba(9, 105, 218, .07); }
tr.row:target td:first-child { border-left-color: var(--accent); }
td.num { color: var(--muted); font-size: 11px; line-height: 1.45; font-variant-numeric: tabular-nums; }
td.num .anchor { color: var(--ink); font-weight: 650; text-decoration: none; font-size: 14px; }
td.fid { font-variant-numeric: tabular-nums; }
.fid-value { font-weight: 650; font-size: 14px; }
.fid-value.fidelity-low { color: var(--error); }
.fid-value.fidelity-mid { color: var(--warning); }
.fid-value.fidelity-none { color: var(--muted); }
.scores { color: var(--muted); font-size: 11px; line-height: 1.45; margin-top: 2px; }
.empty { color: var(--muted); font-style: italic; font-size: 13px; }
td.whole { cursor: help; }
td.whole.sev-error { box-shadow: inset 0 0 0 1.5px var(--error); background-color: rgba(207, 34, 46, .06); }
td.whole.sev-warning {
  box-shadow: inset 0 0 0 1.5px var(--warning-line); background-color: rgba(212, 167, 44, .1);
}
td.whole.sev-info { box-shadow: inset 0 0 0 1.5px var(--info); background-color: rgba(9, 105, 218, .05); }
mark.hl { color: inherit; border-radius: 2px; padding: 1px 0; cursor: help; }
mark.hl.sev-error { background: var(--error-mark); border-bottom: 2px solid var(--error); }
mark.hl.sev-warning { background: var(--warning-mark); border-bottom: 2px solid var(--warning-line); }
mark.hl.sev-info { background: var(--info-mark); border-bottom: 2px solid var(--info); }
mark.hl.multi { border-bottom-style: double; border-bottom-width: 4px; }
mark.hl.caret {
  display: inline-block; width: 0; height: 1.1em; padding: 0; margin: 0 1px; vertical-align: -2px;
  border: 0; border-left: 2px solid var(--error);
}
mark.hl.active, td.whole.active { outline: 2px solid var(--accent); outline-offset: 1px; }
mark.hl.dim { background: transparent; border-bottom-color: var(--line); }
td.flags ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
li.flag { font-size: 13px; line-height: 1.45; }
li.flag.dim { opacity: .4; }
.badge {
  display: inline-block; font-size: 11.5px; font-weight: 650; border-radius: 4px; padding: 0 6px;
  margin-right: 2px; white-space: nowrap; border: 1px solid transparent;
}
.badge.sev-error { background: var(--error-bg); color: var(--error); border-color: rgba(207, 34, 46, .35); }
.badge.sev-warning {
  background: var(--warning-bg); color: var(--warning); border-color: rgba(212, 167, 44, .55);
}
.badge.sev-info { background: var(--info-bg); color: var(--info); border-color: rgba(9, 105, 218, .3); }
.settings { margin-top: 16px; color: var(--muted); }
.settings pre {
  background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 10px;
  overflow: auto; font-size: 12px; color: var(--ink);
}
@media print {
  .filters, .hint, .settings { display: none !important; }
  th { position: static; }
  body, tr.row { background: #fff; }
}
"""

_JS = """
(function () {
  "use strict";
  var table = document.getElementById("alignments");
  var bar = document.getElementById("filters");
  if (!table || !bar) { return; }
  var all = function (selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); };
  var tbody = table.tBodies[0];
  var codeSel = document.getElementById("f-code");
  var sevSel = document.getElementById("f-sev");
  var flaggedBox = document.getElementById("f-flagged");
  var findBox = document.getElementById("f-text");
  var orderSel = document.getElementById("f-order");
  var counter = document.getElementById("f-count");
  var chips = all(".chip[data-code]");
  var bars = all("#chart a[data-row]");
  var marks = all("[data-fids]");
  var flagById = {};
  var items = Array.prototype.slice.call(tbody.rows).map(function (row) {
    var flags = Array.prototype.slice.call(row.querySelectorAll("li.flag")).map(function (li) {
      var flag = { li: li, code: li.getAttribute("data-code"), rank: Number(li.getAttribute("data-rank")) };
      flagById[li.getAttribute("data-fid")] = flag;
      return flag;
    });
    var fid = row.getAttribute("data-fid");
    return {
      row: row, flags: flags, pos: Number(row.getAttribute("data-pos")),
      rank: Number(row.getAttribute("data-rank")), fid: fid === "" ? 2 : Number(fid),
      text: row.textContent.toLowerCase()
    };
  });
  var markFlags = marks.map(function (mark) {
    return mark.getAttribute("data-fids").split(" ").map(function (id) { return flagById[id]; })
      .filter(Boolean);
  });

  function matches(flag, code, min) { return (code === "" || flag.code === code) && flag.rank >= min; }

  function apply() {
    var code = codeSel.value;
    var min = Number(sevSel.value);
    var needle = findBox.value.trim().toLowerCase();
    var byFlag = code !== "" || min >= 0;
    var shown = 0;
    items.forEach(function (item) {
      var ok = byFlag
        ? item.flags.some(function (flag) { return matches(flag, code, min); })
        : !flaggedBox.checked || item.flags.length > 0;
      if (ok && needle) { ok = item.text.indexOf(needle) !== -1; }
      item.row.hidden = !ok;
      item.flags.forEach(function (flag) {
        flag.li.classList.toggle("dim", byFlag && !matches(flag, code, min));
      });
      if (ok) { shown += 1; }
    });
    marks.forEach(function (mark, i) {
      var keep = !byFlag || markFlags[i].some(function (flag) { return matches(flag, code, min); });
      mark.classList.toggle("dim", !keep);
    });
    bars.forEach(function (a) {
      var row = document.getElementById(a.getAttribute("data-row"));
      a.classList.toggle("filtered-out", !!row && row.hidden);
    });
    chips.forEach(function (chip) {
      chip.classList.toggle("active", code !== "" && chip.getAttribute("data-code") === code);
    });
    counter.textContent = shown + " of " + items.length + " alignments shown";
  }

  function reorder() {
    var how = orderSel.value;
    items.slice().sort(function (a, b) {
      if (how === "worst" && a.rank !== b.rank) { return b.rank - a.rank; }
      if (how !== "doc" && a.fid !== b.fid) { return a.fid - b.fid; }
      return a.pos - b.pos;
    }).forEach(function (item) { tbody.appendChild(item.row); });
  }

  function reset() {
    codeSel.value = "";
    sevSel.value = "-1";
    flaggedBox.checked = false;
    findBox.value = "";
    apply();
  }

  function stick() { document.documentElement.style.setProperty("--sticky", bar.offsetHeight + "px"); }

  [codeSel, sevSel, flaggedBox].forEach(function (el) { el.addEventListener("change", apply); });
  findBox.addEventListener("input", apply);
  orderSel.addEventListener("change", reorder);
  document.getElementById("f-reset").addEventListener("click", function () {
    orderSel.value = "doc";
    reorder();
    reset();
  });
  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      var code = chip.getAttribute("data-code");
      codeSel.value = codeSel.value === code ? "" : code;
      apply();
      bar.scrollIntoView({ block: "start" });
    });
  });
  bars.forEach(function (a) {
    a.addEventListener("click", function () {
      var row = document.getElementById(a.getAttribute("data-row"));
      if (row && row.hidden) { reset(); }
    });
  });
  Object.keys(flagById).forEach(function (id) {
    var flag = flagById[id];
    var targets = marks.filter(function (mark, i) { return markFlags[i].indexOf(flag) !== -1; });
    var on = function () { targets.forEach(function (mark) { mark.classList.add("active"); }); };
    var off = function () { targets.forEach(function (mark) { mark.classList.remove("active"); }); };
    flag.li.addEventListener("mouseenter", on);
    flag.li.addEventListener("mouseleave", off);
  });
  bar.hidden = false;
  stick();
  window.addEventListener("resize", stick);
  apply();
})();
"""
