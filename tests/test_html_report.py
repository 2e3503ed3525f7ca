"""The HTML report: escaping, span highlighting and self-containment without a browser, then the
page itself in headless Chromium (no console errors, no network, filters work, injected markup inert)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from tqcheck.checks.registry import check_specs
from tqcheck.gate.baseline import Baseline, BaselineEntry, apply_baseline, document_name, fingerprint
from tqcheck.model import (
    Alignment,
    BatchItem,
    CheckResult,
    Document,
    DocumentOutcome,
    Flag,
    Segment,
    Severity,
    Summary,
)
from tqcheck.report import html_parts, html_report
from tqcheck.report.html_report import highlight, render_html
from tqcheck.report.render import render

from conftest import CORPORA, REPO

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
WEIRD_CODE = 'odd"<code>'
INJECTED_SOURCE = f"They said {IMG} loudly."
INJECTED_TARGET = f"그들은 {SCRIPT} 라고 말했습니다."
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "(?:&quot;|&#34;|&#x22;)",
    "'": "(?:&#39;|&#x27;|&apos;)",
}


def escaped(text: str) -> str:
    """A regex for ``text`` escaped as HTML, whichever (equivalent) entity the escaper writes for a quote."""
    return "".join(_ENTITIES.get(char, re.escape(char)) for char in text)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _document(language: str, texts: list[str], path: str | None) -> Document:
    segments = [Segment(id=i, text=text, paragraph=0) for i, text in enumerate(texts)]
    return Document(language=language, segments=segments, path=path)  # type: ignore[arg-type]


def make_result(
    rows: list[tuple[str, str, list[Flag]]],
    fidelities: list[float | None] | None = None,
    references: list[str] | None = None,
    path: str = "target.ko.txt",
) -> CheckResult:
    """One alignment per row of (source, target, flags); empty text means that side has no segment."""
    source_texts = [source for source, _, _ in rows if source]
    target_texts = [target for _, target, _ in rows if target]
    alignments = []
    i = j = 0
    for index, (source, target, flags) in enumerate(rows):
        source_ids = (i,) if source else ()
        target_ids = (j,) if target else ()
        i, j = i + len(source_ids), j + len(target_ids)
        alignments.append(
            Alignment(
                index=index,
                source_ids=source_ids,
                target_ids=target_ids,
                source_text=source,
                target_text=target,
                similarity=0.9,
                fidelity=(fidelities[index] if fidelities else 0.95),
                reference_ids=(index,) if references else (),
                reference_text=references[index] if references else None,
                chrf=50.0 if references else None,
                flags=list(flags),
            )
        )
    counts = Counter(flag.code for alignment in alignments for flag in alignment.flags)
    errors = [f"{n} {code} flag(s) at or above error" for code, n in counts.items() if code != "register-mix"]
    summary = Summary(
        source_segments=len(source_texts),
        target_segments=len(target_texts),
        alignments=len(alignments),
        fidelity=0.81,
        flag_counts=dict(sorted(counts.items())),
        passed=not errors,
        bleu=42.0 if references else None,
        chrf=55.5 if references else None,
        bleu_signature="nrefs:1|case:mixed|tok:ko-mecab" if references else None,
        chrf_signature="nrefs:1|nc:6|nw:2" if references else None,
        gate_reasons=errors,
    )
    return CheckResult(
        source=_document("en", source_texts, "source.en.txt"),
        target=_document("ko", target_texts, path),
        reference=_document("ko", references, "reference.ko.txt") if references else None,
        alignments=alignments,
        model="test-model",
        summary=summary,
        settings={"config": {"thresholds": {"low-fidelity": {"below": 0.35}}}},
    )


def _flag(code: str, severity: Severity, message: str, side: str | None, start=None, end=None) -> Flag:
    return Flag(code=code, severity=severity, message=message, side=side, start=start, end=end)  # type: ignore[arg-type]


def hostile_result() -> CheckResult:
    """Five alignments: a clean one, an error, a warning on injected markup, an omission, an info flag."""
    rows = [
        ("Drivers threatened a strike.", "운전기사들이 파업을 예고했다.", []),
        (
            "He will hire 300 drivers.",
            "그는 운전기사 30명을 채용한다.",
            [
                _flag(
                    "number-mismatch",
                    Severity.ERROR,
                    '"30명" — the English has 300',
                    "target",
                    *_span("그는 운전기사 30명을 채용한다.", "30명"),
                )
            ],
        ),
        (
            INJECTED_SOURCE,
            INJECTED_TARGET,
            [
                _flag(
                    "register-mix",
                    Severity.WARNING,
                    f"polite {SCRIPT} style",
                    "target",
                    *_span(INJECTED_TARGET, "말했습니다"),
                ),
                _flag(
                    WEIRD_CODE,
                    Severity.WARNING,
                    "an odd <b>code</b> & \"quotes\" 'too'",
                    "source",
                    *_span(INJECTED_SOURCE, IMG),
                ),
            ],
        ),
        (
            "It did not say when.",
            "",
            [_flag("omission", Severity.ERROR, "this sentence has no Korean translation", "source")],
        ),
        (
            "The review is long.",
            "검토는 길다.",
            [_flag("length-ratio", Severity.INFO, "the Korean is short", "target")],
        ),
    ]
    return make_result(
        rows,
        fidelities=[0.97, 0.91, 0.6, 0.0, None],
        references=["r0", "r1", "r2", "r3", "r4"],
        path='dir/"><script>window.__pwned=3</script>.txt',
    )


class _Marks(HTMLParser):
    """Collect every ``<mark>`` (they never nest) with its attributes and text, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []
        self._open: dict[str, str | None] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag == "mark":
            self._open, self._buffer = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._open is not None:
            self.marks.append((self._open, "".join(self._buffer)))
            self._open = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._open is not None:
            self._buffer.append(data)


def parse(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    parser.close()
    return parser


# --------------------------------------------------------------------------- without a browser


def test_injected_markup_in_texts_messages_codes_and_paths_is_escaped() -> None:
    html = render_html(hostile_result())
    assert html.count("<script") == 1, "only the report's own script element"
    assert "<img" not in html and "<b>code" not in html
    assert re.search(escaped(SCRIPT), html)
    assert re.search(escaped(IMG), html)
    assert re.search(escaped(WEIRD_CODE), html)
    parsed = parse(html)
    assert parsed.tags["script"] == 1 and parsed.tags["img"] == 0
    text = "".join(parsed.text)
    assert SCRIPT in text and IMG in text and WEIRD_CODE in text, "the injected markup shows as text"


def test_a_span_is_highlighted_with_its_text_and_message() -> None:
    marks = parse(render_html(hostile_result())).marks
    by_text = {text: attrs for attrs, text in marks}
    assert "30명" in by_text
    assert by_text["30명"]["title"] == '[number-mismatch] "30명" — the English has 300'
    assert "sev-error" in (by_text["30명"]["class"] or "")
    # the injected tag itself is what the register-mix span covers, as text
    assert by_text["말했습니다"]["title"] == f"[register-mix] polite {SCRIPT} style"
    assert by_text[IMG]["title"] == f"[{WEIRD_CODE}] an odd <b>code</b> & \"quotes\" 'too'"


def test_overlapping_spans_split_into_pieces_with_the_union_of_their_flags() -> None:
    warning = _flag("a", Severity.WARNING, "first", "target", 2, 6)
    error = _flag("b", Severity.ERROR, "second", "target", 4, 8)
    html = highlight("abcdefghij", [("f0", warning), ("f1", error)])
    parsed = parse(html)
    assert "".join(parsed.text) == "abcdefghij", "no text lost or repeated"
    pieces = [(text, attrs["data-fids"], attrs["title"], attrs["class"]) for attrs, text in parsed.marks]
    assert pieces == [
        ("cd", "f0", "[a] first", "hl sev-warning"),
        ("ef", "f0 f1", "[a] first\n[b] second", "hl sev-error multi"),
        ("gh", "f1", "[b] second", "hl sev-error"),
    ]


def test_nested_spans_and_odd_offsets() -> None:
    outer = _flag("outer", Severity.INFO, "o", "target", 0, 10)
    inner = _flag("inner", Severity.ERROR, "i", "target", 3, 5)
    parsed = parse(highlight("0123456789", [("o", outer), ("i", inner)]))
    assert [(text, attrs["data-fids"]) for attrs, text in parsed.marks] == [
        ("012", "o"),
        ("34", "o i"),
        ("56789", "o"),
    ]
    reversed_span = _flag("r", Severity.WARNING, "r", "target", 6, 2)
    beyond = _flag("x", Severity.WARNING, "x", "target", 8, 99)
    caret = _flag("c", Severity.ERROR, "missing space", "target", 3, 3)
    parsed = parse(highlight("<a>&bcdefghij", [("r", reversed_span), ("x", beyond), ("c", caret)]))
    assert "".join(parsed.text) == "<a>&bcdefghij"
    found = [(text, attrs["data-fids"]) for attrs, text in parsed.marks]
    assert found == [(">", "r"), ("", "c"), ("&bc", "r"), ("fghij", "x")]
    assert "caret" in (parsed.marks[1][0]["class"] or "")
    assert highlight("a < b", []) == "a &lt; b"


def test_whole_side_flags_mark_the_cell_and_every_flag_is_listed() -> None:
    html = render_html(hostile_result())
    cell = re.search(r'<td class="([^"]*)" lang="en" title="\[omission\][^"]*"', html)
    assert cell and "whole" in cell.group(1) and "sev-error" in cell.group(1)
    assert html.count('<li class="flag') == 5
    assert re.search(f'data-code="{escaped(WEIRD_CODE)}"', html)


def test_every_flag_has_an_accept_box_carrying_its_baseline_entry() -> None:
    result = hostile_result()
    html = render_html(result)
    boxes = re.findall(r'<input type="checkbox" class="accept-box"([^>]*)>', html)
    assert len(boxes) == 5 and html.count('<label class="accept" hidden') == 5
    weird = result.alignments[2].flags[1]
    (box,) = [
        attributes
        for attributes in boxes
        if f'data-fingerprint="{fingerprint(result.alignments[2], weird)}"' in attributes
    ]
    assert re.search(f'data-code="{escaped(WEIRD_CODE)}"', box)
    assert re.search(f'data-document="{escaped(document_name(result))}"', box)
    assert re.search(f'data-source="{escaped(INJECTED_SOURCE)}"', box)
    assert re.search(f'data-message="{escaped(weird.message)}"', box)
    assert 'id="baseline-download" disabled' in html
    assert 'data-document="batch/doc-7"' in render_html(result, document="batch/doc-7")


def test_the_page_fetches_nothing() -> None:
    html = render_html(hostile_result())
    assert not re.search(r"https?://", html)
    assert not re.search(r"\burl\(|@import|@font-face", html)
    for attribute, value in re.findall(r'\b(src|href|action|srcset|poster)="([^"]*)"', html):
        assert attribute == "href" and (value.startswith("#") or value == "data:,"), (attribute, value)
    assert "default-src 'none'" in html and "img-src data:" in html


def test_summary_chart_and_reference_column() -> None:
    result = hostile_result()
    html = render_html(result)
    assert "Failed" in html and "1 number-mismatch flag(s) at or above error" in html
    assert "nrefs:1|case:mixed|tok:ko-mecab" in html and ">42.0<" in html and ">55.5<" in html
    assert "<th>Reference</th>" in html
    rows = re.findall(r'<tr id="(a-\d+)"', html)
    bars = re.findall(r'<a href="#(a-\d+)" class="bar', html)
    assert rows == bars == [f"a-{i}" for i in range(5)]
    # a bar takes its worst flag's colour; the unscored one is a stub
    assert re.search(r'class="bar tone-error"[^>]*data-row="a-3"', html), "the omission"
    assert re.search(r'class="bar tone-warning"[^>]*data-row="a-2"', html)
    assert re.search(r'class="bar tone-info none"[^>]*data-row="a-4"', html)
    assert re.search(r'class="bar tone-none"[^>]*data-row="a-0"', html)

    plain = make_result([("One.", "하나.", [])])
    html = render_html(plain)
    assert "<th>Reference</th>" not in html and "BLEU" not in html and "Passed" in html
    assert render(plain, "html") == html


def test_empty_result_renders() -> None:
    result = make_result([])
    html = render_html(result)
    assert "0 of 0 alignments shown" in html and "<tbody></tbody>" in html


def test_templates_escape_everything_and_inline_our_own_css_and_js() -> None:
    """Autoescaping and strict undefined are what the escaping tests above rely on; the style and
    script are the package's files, inlined as they are (one file, nothing fetched)."""
    import jinja2

    environment = html_report._environment()
    assert environment is html_report._environment(), "the environment is built once"
    assert environment.autoescape is True and environment.undefined is jinja2.StrictUndefined
    html = render_html(hostile_result())
    templates = resources.files("tqcheck.report") / "templates"
    for name, tag in (("report.css", "style"), ("report.js", "script")):
        content = (templates / name).read_text(encoding="utf-8")
        assert f"<{tag}>\n{content}</{tag}>" in html
        assert html.count(f"<{tag}") == 1


# --------------------------------------------------------------------------- honest numbers

FINE_PARTS = {
    "base": 2.7,
    "similarity": 0.89,
    "margin": 0.09,
    "neighbour_margin": 0.053,
    "coverage": 1.0,
    "length_short": 0.0,
    "length_long": 0.3,
    "untranslated": 0.0,
    "number_problems": 0.0,
    "number_unmatched": 0.0,
    "flags": 0.0,
    "negation": 0.0,
    "fluency_mean": -1.7,
    "fluency_min": -2.9,
    "unknown": 0.0,
    "words_missing": 0.0,
    "words_added": 0.0,
}
LOW_FIDELITY_MESSAGE = "fidelity 0.08 is below 0.15: check that the Korean renders the whole English sentence"
FUSED = "성명콜로라도주"
FUSED_TARGET = f"{FUSED} 노동부는 조사에 착수했다."
UNTRANSLATED = "Labor researchers say the answer may lie in how the software rewards speed."


def _parts(**changes: float) -> dict[str, float]:
    return {**FINE_PARTS, **changes}


def honest_result() -> CheckResult:
    """A fine unflagged headline at 0.10, a fused token that drags fidelity down (with the low-fidelity
    flag it causes), an untranslated sentence, a lone low-fidelity flag, a fine sentence, and a
    warning on a high score."""
    low = _flag("low-fidelity", Severity.WARNING, LOW_FIDELITY_MESSAGE, "target")
    rows = [
        ("Regulators Take a Closer Look", "규제 당국도 주시", []),
        (
            "In a statement, the Colorado labor department opened an inquiry.",
            FUSED_TARGET,
            [
                _flag("fused-token", Severity.ERROR, f'"{FUSED}" looks like two words', "target", 0, 7),
                low,
            ],
        ),
        (
            UNTRANSLATED,
            UNTRANSLATED,
            [_flag("untranslated", Severity.ERROR, "English left untranslated", "target"), low],
        ),
        ("He said the plan would fail.", "그는 계획이 성공할 것이라고 말했다.", [low]),
        ("Drivers say it has pushed many of them.", "운전기사들은 많은 이들이 내몰렸다고 말한다.", []),
        (
            "The union asks.",
            "노조는 요구합니다.",
            [_flag("register-mix", Severity.WARNING, "polite style", "target")],
        ),
    ]
    result = make_result(rows, fidelities=[0.10, 0.0825, 0.0, 0.08, 0.6849, 0.67])
    parts = [
        _parts(coverage=0.734, length_short=1.16, length_long=0.0, neighbour_margin=0.017, margin=0.043),
        _parts(base=-1.0986, length_short=0.69, length_long=0.0, flags=1.0, novelty=0.5),
        _parts(base=-2.197, similarity=1.0, untranslated=1.0, length_long=2.64),
        _parts(base=-1.5, negation=1.0),
        _parts(),
        _parts(),
    ]
    for alignment, alignment_parts in zip(result.alignments, parts, strict=True):
        alignment.fidelity_parts = alignment_parts
        alignment.similarity = alignment_parts["similarity"]
    return result


def row_html(html: str, index: int) -> str:
    start = html.index(f'<tr id="a-{index}"')
    return html[start : html.index("</tr>", start)]


def visible_text(markup: str) -> str:
    """The text a reader sees (attribute values such as tooltips left out), whitespace collapsed."""
    return " ".join("".join(parse(markup).text).split())


def test_a_score_takes_an_alarm_colour_only_from_a_flag_of_its_row() -> None:
    result = honest_result()
    page = html_report.page_view(result)
    assert [row.tone for row in page.table.rows] == ["none", "error", "error", "warning", "none", "warning"]
    assert [bar.tone for bar in page.chart.bars] == [row.tone for row in page.table.rows]
    html = render_html(result)
    headline = row_html(html, 0)
    assert '<span class="fid-value tone-none"' in headline and ">0.10</span>" in headline, "0.10, plainly"
    assert '<span class="fid-value tone-error"' in row_html(html, 1)
    assert '<span class="fid-value tone-none"' in row_html(html, 4)
    assert '<span class="fid-value tone-warning"' in row_html(html, 5), "a warning colours even a high score"
    assert re.search(r'class="bar tone-none"[^>]*data-row="a-0"', html)
    assert "fidelity-low" not in html and "fidelity-mid" not in html, "no colour from the number alone"
    css = (resources.files("tqcheck.report") / "templates" / "report.css").read_text(encoding="utf-8")
    assert not re.search(r"\.tone-none\b[^{}]*\{[^}]*color", css), "tone-none is plain ink"
    # the document's fidelity is red only when it is what fails the gate
    assert page.summary.fidelity_tone == "none" and 'class="metric tone-none"' in html
    result.settings["config"]["min_fidelity"] = 0.9  # type: ignore[index]
    failing = html_report.page_view(result).summary
    assert failing.fidelity_tone == "error" and failing.fidelity_note == "below the gate's minimum 0.9"


def test_alignment_notation_in_words() -> None:
    assert html_parts.id_span((15, 16)) == "16–17"
    assert html_parts.id_span((4,)) == "5"
    assert html_parts.id_span((2, 4, 5)) == "3, 5–6"
    assert html_parts.id_span((0, 1, 2)) == "1–3"
    merged = Alignment(index=13, source_ids=(15, 16), target_ids=(14,))
    assert html_parts.alignment_words("English", "Korean", merged) == ("English 16–17", "Korean 15")
    omission = Alignment(index=4, source_ids=(4,), target_ids=())
    assert html_parts.alignment_words("English", "Korean", omission) == ("English 5", "(no Korean)")
    addition = Alignment(index=7, source_ids=(), target_ids=(6,))
    assert html_parts.alignment_words("English", "Korean", addition) == ("(no English)", "Korean 7")
    assert html_parts.kind_words("English", "Korean", merged) == (
        "2 English sentences rendered as 1 Korean sentence (alignment kind 2-1)"
    )

    result = hostile_result()
    result.alignments[1].source_ids, result.alignments[1].target_ids = (15, 16), (14,)
    html = render_html(result)
    row = row_html(html, 1)
    assert "English 16–17<br>→&nbsp;Korean 15" in row and 'title="alignment 2"' in row
    assert "2 English sentences rendered as 1 Korean sentence" in row
    assert "15,16" not in html and "2-1</div>" not in html, "no cryptic notation left"
    assert "English 4<br>→&nbsp;(no Korean)" in row_html(html, 3)
    assert "English 1<br>→&nbsp;Korean 1" in row_html(html, 0), "a 1-1 pair names one sentence a side"
    assert '<a class="anchor" href="#a-0" title="alignment 1">1</a>' in html, "numbered from 1"


def test_the_fidelity_parts_behind_a_number_are_shown_in_words() -> None:
    html = render_html(honest_result())
    fused = row_html(html, 1)
    reasons = fused[fused.index('<div class="reasons">') : fused.index("<details")]
    shown = visible_text(reasons)
    assert shown.startswith("lowered by")
    for words in ("match with the English 0.25", "Korean length 0.7 SD short", "garble flags counted 1"):
        assert words in shown, words
    assert "English rendered" not in shown, "a part at its usual value is no reason"
    assert "0.08 = 0.25 match × 0.33 no accuracy error" in visible_text(fused)
    assert "novelty 0.5" in visible_text(fused), "a part the report does not know is still shown"
    assert (
        '<details class="parts"><summary>all evidence' in fused and '<details class="parts" open' not in fused
    )

    headline = visible_text(row_html(html, 0))
    for words in ("English rendered 73%", "Korean length 1.2 SD short", "lead over neighbours +0.017"):
        assert words in headline, words

    fine = row_html(html, 4)
    assert '<div class="reasons">' not in fine, "nothing lowers a fine pair"
    assert "English rendered 100%" in visible_text(fine) and "<summary>evidence</summary>" in fine
    assert "embedding similarity 0.89" in visible_text(fine)
    assert 'class="part muted" title="cosine of the two sentence vectors' in fine, "de-emphasised"

    untranslated = visible_text(row_html(html, 2))
    assert "English left untranslated 100%" in untranslated
    assert "similarity" not in untranslated, "no similarity 1.00 beside an untranslated flag"
    assert not re.search(r">sim \d", html), "raw similarity is never a quality figure"

    plain = render_html(make_result([("One.", "하나.", [])]))
    assert "<details" not in row_html(plain, 0), "no parts, no breakdown"
    assert html_parts.breakdown(Alignment(index=0, source_ids=(0,), target_ids=())) is None


def test_a_low_fidelity_flag_shows_under_the_flag_that_explains_it() -> None:
    result = honest_result()
    html = render_html(result)
    fused = row_html(html, 1)
    nested = re.search(
        r'<ul class="related"><li class="flag sev-warning secondary" data-code="low-fidelity"', fused
    )
    assert nested, "the low-fidelity flag sits inside the fused-token's entry"
    assert fused.index('data-code="fused-token"') < nested.start()
    shown = visible_text(fused)
    assert "low fidelity (0.08) follows from the fused-token above" in shown
    assert "check that the Korean renders" not in shown, "no second, contradicting piece of advice"
    assert f'title="{LOW_FIDELITY_MESSAGE}"' in fused, "its own message stays at hand"
    assert f'data-message="{LOW_FIDELITY_MESSAGE}"' in fused, "and accepting it writes its real entry"
    assert "follows from the untranslated above" in visible_text(row_html(html, 2))
    alone = row_html(html, 3)
    assert '<ul class="related">' not in alone and "check that the Korean renders" in visible_text(alone)
    assert html.count('class="accept-box"') == sum(len(a.flags) for a in result.alignments)

    flags = result.alignments[1].flags
    assert html_parts.flag_tree(flags) == [(0, [1])]
    (spec,) = [spec for spec in check_specs() if spec.code == "low-fidelity"]
    assert set(spec.secondary_to) <= html_parts.EXPLAINS_LOW_FIDELITY, "the same causes as the checks"
    assert html_parts.flag_tree(list(reversed(flags))) == [(1, [0])]
    register = _flag("register-mix", Severity.WARNING, "polite", "target")
    assert html_parts.flag_tree([register, flags[1]]) == [(0, []), (1, [])], "register-mix explains nothing"


def test_related_flags_are_listed_under_their_primary() -> None:
    """The checks fold a flag that reports the same problem into its primary's ``related``: it is shown
    under the primary, secondary, without an accept box of its own (the baseline accepts the primary)."""
    low = _flag("low-fidelity", Severity.WARNING, LOW_FIDELITY_MESSAGE, "target")
    short = _flag("length-ratio", Severity.WARNING, "the Korean is short", "target")
    primary = replace(
        _flag("run-on-headline", Severity.ERROR, "heading run on", "target", 0, 2), related=(short, low)
    )
    register = _flag("register-mix", Severity.WARNING, "polite", "target")
    assert html_parts.flag_tree([primary, register]) == [(0, [short, low]), (1, [])]
    listed_too = replace(primary, related=(register,))
    assert html_parts.flag_tree([listed_too, register]) == [(0, [1])], "a related flag the row lists: once"

    result = make_result([("A heading. A sentence.", "제목 문장.", [primary, register])])
    result.alignments[0].fidelity = 0.08
    html = render_html(result)
    related = re.findall(
        r'<li class="flag sev-\w+ secondary" data-code="([^"]+)" data-rank="\d" data-fid="([^"]+)"', html
    )
    assert related == [("length-ratio", "r0-f0-r0"), ("low-fidelity", "r0-f0-r1")]
    shown = visible_text(html)
    assert "the Korean is short" in shown, "an ordinary related flag keeps its message"
    assert "low fidelity (0.08) follows from the run-on-headline above" in shown
    assert "check that the Korean renders" not in shown
    assert html.count('class="accept-box"') == 2, "one box per flag of the row, none for folded ones"


def test_chart_labels_stay_off_the_bars() -> None:
    result = honest_result()
    result.summary.fidelity = 0.16  # the document line right beside the threshold line: labels collide
    result.settings["config"]["thresholds"]["low-fidelity"]["below"] = 0.15  # type: ignore[index]
    chart = html_report.page_view(result).chart
    assert chart is not None and [label.css for label in chart.labels] == ["doc-label", "threshold-label"]
    first, second = (label.y for label in chart.labels)
    assert abs(first - second) >= 13, "two close lines still get two readable labels"
    html = render_html(result)
    svg = html[html.index('<svg id="chart"') : html.index("</svg>")]
    bar_right = max(bar.x + bar.width for bar in chart.bars)
    for attributes, text in re.findall(r"<text ([^>]*)>([^<]*)</text>", svg):
        x = float(re.search(r'\bx="([-\d.]+)"', attributes).group(1))
        y = float(re.search(r'\by="([-\d.]+)"', attributes).group(1))
        anchor = re.search(r'text-anchor="(\w+)"', attributes)
        if anchor and anchor.group(1) == "end":
            assert x <= chart.left, text  # the y axis, left of the plot
        elif y > chart.base:
            continue  # the x axis, under the plot
        else:
            assert x > bar_right, f"{text!r} is drawn over the bars"
    assert "document 0.160" in svg and "low-fidelity flag &lt; 0.15" in svg

    assert html_parts.spread([50.0, 52.0, 120.0], 13.0, 0.0, 200.0) == [50.0, 63.0, 120.0]
    assert html_parts.spread([190.0, 195.0], 13.0, 0.0, 196.0) == [183.0, 196.0], "kept inside"
    assert html_parts.spread([30.0, 10.0], 13.0, 0.0, 100.0) == [30.0, 10.0], "order kept"


def test_the_html_helpers_do_not_import_jinja2() -> None:
    code = (
        "import sys, tqcheck.report.html_report, tqcheck.report.html_parts, tqcheck.report.html_highlight; "
        "assert 'jinja2' not in sys.modules, 'jinja2 imported before a page is rendered'"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    lines = (REPO / "tqcheck" / "report" / "html_report.py").read_text(encoding="utf-8").count("\n")
    assert lines < 600, f"html_report.py has {lines} lines: move pure helpers to html_parts"


# --------------------------------------------------------------------------- in a real browser

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]


@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[object]:
    missing = None
    if importlib.util.find_spec("playwright") is None:
        missing = "the playwright Python package is not installed (pip install playwright)"
    elif not CHROMIUM.exists():
        missing = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if missing:
        # CI sets TQCHECK_REQUIRE_BROWSER=1 so that a missing browser fails instead of skipping
        if os.environ.get("TQCHECK_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests required but {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def launch(playwright: object, profile: Path, **options: object) -> object:
    """Headless Debian Chromium with a fresh user data dir and no background networking."""
    return playwright.chromium.launch_persistent_context(  # type: ignore[attr-defined]
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=BROWSER_ARGS,
        viewport={"width": 1280, "height": 900},
        **options,
    )


@pytest.fixture(scope="module")
def browser_context(playwright_driver: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    context = launch(playwright_driver, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield context
    finally:
        context.close()  # type: ignore[attr-defined]


class Loaded:
    def __init__(self, context: object, path: Path) -> None:
        self.page = context.new_page()  # type: ignore[attr-defined]
        self.url = path.as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def visible_rows(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#alignments tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.id)"
        )


@pytest.fixture
def loaded(browser_context: object, tmp_path: Path) -> Iterator[Loaded]:
    path = tmp_path / "report.html"
    path.write_text(render_html(hostile_result()), encoding="utf-8")
    page = Loaded(browser_context, path)
    yield page
    page.page.close()


@pytest.mark.slow
def test_browser_page_loads_clean_offline_and_injection_is_inert(loaded: Loaded) -> None:
    page = loaded.page
    assert loaded.errors == []
    assert loaded.requests == [loaded.url], "the report fetched something besides itself"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1
    assert page.locator("#alignments img").count() == 0
    target = page.locator("#a-2 td.tgt")
    assert SCRIPT in target.inner_text()
    assert IMG in page.locator("#a-2 td.src").inner_text()
    assert page.locator("#filters").is_visible()
    assert page.locator("#f-count").inner_text() == "5 of 5 alignments shown"
    assert page.title().startswith('tqcheck · dir/"><script>')
    mark = page.locator("#a-1 mark.hl")
    assert mark.inner_text() == "30명" and "English has 300" in (mark.get_attribute("title") or "")


@pytest.mark.slow
def test_browser_filters_by_code_and_severity(loaded: Loaded) -> None:
    page = loaded.page
    assert loaded.visible_rows() == ["a-0", "a-1", "a-2", "a-3", "a-4"]
    page.select_option("#f-code", "number-mismatch")
    assert loaded.visible_rows() == ["a-1"]
    assert page.locator("#a-0").is_hidden() and page.locator("#a-1").is_visible()
    assert page.locator("#f-count").inner_text() == "1 of 5 alignments shown"
    page.select_option("#f-code", WEIRD_CODE)
    assert loaded.visible_rows() == ["a-2"]
    page.select_option("#f-code", "")

    page.select_option("#f-sev", "2")
    assert loaded.visible_rows() == ["a-1", "a-3"]
    page.select_option("#f-sev", "1")
    assert loaded.visible_rows() == ["a-1", "a-2", "a-3"]
    page.select_option("#f-code", "omission")
    assert loaded.visible_rows() == ["a-3"]
    page.select_option("#f-code", "length-ratio")
    assert loaded.visible_rows() == [], "info flag is below the warning threshold"
    page.select_option("#f-sev", "0")
    assert loaded.visible_rows() == ["a-4"]

    page.click("#f-reset")
    assert len(loaded.visible_rows()) == 5
    page.check("#f-flagged")
    assert loaded.visible_rows() == ["a-1", "a-2", "a-3", "a-4"]
    page.click("#f-reset")
    page.fill("#f-text", "300 drivers")
    assert loaded.visible_rows() == ["a-1"]
    page.click("#f-reset")

    page.click('.chip[data-code="register-mix"]')
    assert loaded.visible_rows() == ["a-2"]
    assert page.locator("#f-code").input_value() == "register-mix"
    assert loaded.errors == []


@pytest.mark.slow
def test_browser_chart_bar_jumps_to_its_row(loaded: Loaded) -> None:
    page = loaded.page
    page.select_option("#f-code", "number-mismatch")
    page.click('#chart a[data-row="a-3"] .hit')
    assert page.evaluate("location.hash") == "#a-3"
    assert page.locator("#a-3").is_visible(), "jumping to a filtered-out row clears the filter"
    box = page.locator("#a-3").bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the row is scrolled into view"


@pytest.mark.slow
def test_browser_accepting_two_flags_downloads_a_baseline_that_suppresses_them(
    loaded: Loaded, tmp_path: Path
) -> None:
    page = loaded.page
    button = page.locator("#baseline-download")
    assert button.is_disabled() and button.inner_text() == "Download baseline (0 accepted)"
    assert page.locator("input.accept-box").count() == 5 and page.locator("label.accept").first.is_visible()
    weird = page.locator("#a-2 input.accept-box").nth(1)
    assert weird.get_attribute("data-code") == WEIRD_CODE
    page.check("#a-1 input.accept-box")
    weird.check()
    page.check("#a-4 input.accept-box")
    page.uncheck("#a-4 input.accept-box")
    assert button.is_enabled() and button.inner_text() == "Download baseline (2 accepted)"
    assert page.locator("li.flag.accepted").count() == 2
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "tqcheck-baseline.json"
    saved = tmp_path / "baseline.json"
    download.save_as(saved)

    result = hostile_result()
    baseline = Baseline.load(saved)
    outcome = DocumentOutcome(item=BatchItem(id="hostile", input="reports"), result=result)
    report = apply_baseline([outcome], baseline)
    assert report.accepted == {"hostile": frozenset({(1, 0), (2, 1)})}, "exactly the two ticked flags"
    assert report.suppressed == 2 and report.new == 3 and report.stale == ()
    expected = Baseline(
        tuple(
            BaselineEntry.of(document_name(result), result.alignments[i], result.alignments[i].flags[k])
            for i, k in ((1, 0), (2, 1))
        )
    )
    assert saved.read_text(encoding="utf-8") == expected.to_json(), "what Baseline.save writes, byte for byte"
    assert loaded.errors == []
    assert not [url for url in loaded.requests if not url.startswith(("file:", "blob:"))], "no network"
    assert page.evaluate("typeof window.__pwned") == "undefined"


@pytest.mark.slow
def test_browser_without_javascript_shows_every_row(playwright_driver: object, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(render_html(hostile_result()), encoding="utf-8")
    context = launch(playwright_driver, tmp_path / "profile", java_script_enabled=False)
    try:
        page = context.new_page()  # type: ignore[attr-defined]
        page.goto(path.as_uri())
        assert page.locator("#filters").is_hidden(), "the filter bar needs the script"
        assert page.locator("#alignments tbody tr:visible").count() == 5
        assert SCRIPT in page.locator("#a-2 td.tgt").inner_text()
        assert page.locator("#a-1 mark.hl").inner_text() == "30명"
        assert page.locator("label.accept").first.is_hidden(), "accepting needs the script"
    finally:
        context.close()  # type: ignore[attr-defined]


_OVERLAPS = """(selectors) => {
  const boxes = (selector) =>
    Array.from(document.querySelectorAll(selector)).map((e) => e.getBoundingClientRect());
  const labels = boxes(selectors[0]);
  const bars = boxes(selectors[1]);
  return labels.length ? labels.filter((l) => bars.some((b) =>
    l.left < b.right && b.left < l.right && l.top < b.bottom && b.top < l.bottom)).length : -1;
}"""


@pytest.mark.slow
def test_browser_scores_are_plain_without_a_flag_and_explained_with_one(
    browser_context: object, tmp_path: Path
) -> None:
    path = tmp_path / "honest.html"
    path.write_text(render_html(honest_result()), encoding="utf-8")
    loaded = Loaded(browser_context, path)
    page = loaded.page
    try:
        assert loaded.errors == []

        def colour(selector: str) -> str:
            return page.eval_on_selector(selector, "e => getComputedStyle(e).color")

        ink = colour("#a-0 td.src")
        assert colour("#a-0 .fid-value") == ink, "an unflagged 0.10 is plain ink"
        assert colour("#a-4 .fid-value") == ink
        assert colour("#a-1 .fid-value") == "rgb(207, 34, 46)", (
            "the fused-token row is red: its flag says why"
        )
        # the reasons are on the page, not in a tooltip; the full list waits behind a click
        reasons = page.locator("#a-1 .reasons")
        assert reasons.is_visible() and "garble flags counted" in reasons.inner_text()
        assert page.locator("#a-1 details.parts .formula").is_hidden()
        page.click("#a-1 details.parts summary")
        assert page.locator("#a-1 details.parts .formula").is_visible()
        # the low-fidelity flag is under its cause, and filtering on it does not grey it out
        nested = page.locator('#a-1 ul.related li.flag[data-code="low-fidelity"]')
        assert nested.is_visible()
        page.select_option("#f-code", "low-fidelity")
        assert loaded.visible_rows() == ["a-1", "a-2", "a-3"]
        assert nested.locator(".message").evaluate("e => getComputedStyle(e).opacity") == "1"
        badge = page.locator('#a-1 li.flag[data-code="fused-token"] > .badge')
        assert badge.evaluate("e => getComputedStyle(e).opacity") == "0.4", "the other flag is dimmed"
        # "Find" searches texts and flags, not the "English 1 → Korean 1" of every row
        page.click("#f-reset")
        page.fill("#f-text", "english")
        assert loaded.visible_rows() == ["a-2", "a-3"], "the flag messages that say English"
        # no chart label overlaps a bar (the reference lines themselves may cross them)
        assert page.evaluate(_OVERLAPS, ["#chart .line-label", "#chart .fill"]) == 0
        assert page.evaluate(_OVERLAPS, ["#chart text.axis", "#chart .fill"]) == 0
        assert loaded.errors == []
    finally:
        page.close()


@pytest.mark.slow
def test_browser_real_run_on_the_sample(browser_context: object, tmp_path: Path) -> None:
    """The CLI's own HTML for the news sample (planted defects, with a reference) loads cleanly."""
    news = CORPORA / "news-1"
    out = tmp_path / "news.html"
    command = [sys.executable, "-m", "tqcheck", "check", news / "source.en.txt", news / "target.ko.txt"]
    command += ["-r", news / "reference.ko.txt", "--output", out]
    completed = subprocess.run(list(map(str, command)), cwd=REPO, capture_output=True, text=True, timeout=900)
    assert completed.returncode in (0, 1), completed.stderr
    loaded = Loaded(browser_context, out)
    try:
        assert loaded.errors == [] and loaded.requests == [loaded.url]
        rows = loaded.visible_rows()
        assert len(rows) == loaded.page.locator("#chart a.bar").count() > 0
        assert loaded.page.locator("mark.hl").count() > 0
        loaded.page.select_option("#f-sev", "2")
        flagged = loaded.visible_rows()
        assert 0 < len(flagged) < len(rows)
        for row in flagged:
            assert loaded.page.locator(f"#{row} li.flag.sev-error").count() > 0
        # no score in an alarm colour without a flag of its row; no raw similarity as a score
        unexplained = loaded.page.eval_on_selector_all(
            "#alignments tbody tr",
            "rows => rows.filter(r => !r.querySelector('li.flag'))"
            ".filter(r => !r.querySelector('.fid-value.tone-none')).map(r => r.id)",
        )
        assert unexplained == []
        assert "sim " not in loaded.page.locator("#alignments").inner_text()
        assert loaded.page.evaluate(_OVERLAPS, ["#chart .line-label", "#chart .fill"]) == 0
    finally:
        loaded.page.close()
