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
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

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
from tqcheck.report import html_report
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
    assert re.search(r'class="bar dip low"[^>]*data-row="a-3"', html), "the omission is a low point"
    assert re.search(r'class="bar dip"[^>]*data-row="a-2"', html)
    assert re.search(r'class="bar none"[^>]*data-row="a-4"', html)

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
    finally:
        loaded.page.close()
