"""placeholder-mismatch: format placeholders and tags of software strings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.checks.placeholders import CODE, placeholder_mismatch
from tqcheck.text.placeholders import placeholders

from checkutil import make_pair


def flagged(english: str, korean: str) -> list[tuple[str, str, str | None]]:
    """(side, flagged text, suggestion) of each flag."""
    alignment, context = make_pair(english, korean)
    out = []
    for flag in placeholder_mismatch(alignment, context):
        text = alignment.source_text if flag.side == "source" else alignment.target_text
        out.append((flag.side, text[flag.start : flag.end], flag.suggestion))
    return out


@pytest.mark.parametrize(
    ("english", "korean", "expected"),
    [
        ("Delete %d files?", "파일을 삭제하시겠습니까?", [("source", "%d", None)]),
        ("Welcome back, {name}!", "{네임}님, 다시 오신 것을 환영합니다!", [("target", "{네임}", "{name}")]),
        ("Saved to %(path)s.", "%(경로)s에 저장했습니다.", [("target", "%(경로)s", "%(path)s")]),
        ("Click <b>Save</b> to continue.", "계속하려면 <b>저장</b을 클릭하세요.", [("source", "</b>", None)]),
        ("{0} of {1} items", "{0}/{1}/{1}개 항목", [("target", "{1}", None)]),
        ("Hello ${user}", "안녕하세요 $user님", [("source", "${user}", None)]),
        # Markdown: a bold marker lost, an inline code span translated
        ("Tap **Settings** > **Security**.", "**설정 > **보안**을 탭하세요.", [("source", "**", None)]),
        (
            "Run `tqcheck fix` first.",
            "먼저 `tqcheck 수정`을 실행하세요.",
            [("target", "`tqcheck 수정`", "`tqcheck fix`")],
        ),
    ],
)
def test_flags_a_placeholder_lost_changed_or_added(
    english: str, korean: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert flagged(english, korean) == expected


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("Delete %d files?", "%d개의 파일을 삭제하시겠습니까?"),
        ("%1$s invited %2$s.", "%2$s님을 %1$s님이 초대했습니다."),
        ("{count} new messages from {sender}", "{sender}님이 보낸 새 메시지 {count}개"),
        ("Press <kbd>Ctrl</kbd>+<kbd>S</kbd>.", "<kbd>Ctrl</kbd>+<kbd>S</kbd>를 누르세요."),
        ("Hi {{ user.name }},", "{{ user.name }}님, 안녕하세요."),
        # prose: percentages, comparisons, a heart, braces in running text are not placeholders
        ("Prices rose 50% on Monday and 3% of sales fell.", "월요일 가격은 50% 올랐고 매출의 3%가 줄었다."),
        ("Turnout was <50 percent, and x > y.", "투표율은 50% 미만이었다."),
        ("I <3 Seoul.", "나는 서울이 좋아."),
        ("Use 100 % of it.", "그것을 100% 사용하세요."),
        ("Tap **Settings** > **Security**.", "**설정** > **보안**을 탭하세요."),
        ("Run `tqcheck fix` first.", "먼저 `tqcheck fix`를 실행하세요."),
        # TeX-style quotes of news copy are no code span
        ("``We agree,'' he said. ``Now.''", "``우리는 동의한다''고 그는 말했다. ``지금.''"),
    ],
)
def test_leaves_kept_placeholders_and_prose_alone(english: str, korean: str) -> None:
    assert flagged(english, korean) == []


def test_the_pattern_reads_the_common_formats() -> None:
    found = [p.text for p in placeholders("%s %05.2f %(n)d {0:N2} {name} ${x} {{ y }} <br/> <a href='u'>")]
    assert found == ["%s", "%05.2f", "%(n)d", "{0:N2}", "{name}", "${x}", "{{ y }}", "<br/>", "<a href='u'>"]


def test_inline_codes_of_a_segment_file_are_compared_without_a_span(tmp_path: Path) -> None:
    from tqcheck.io.segments import read_segments
    from tqcheck.pipeline import check_segments

    xliff = tmp_path / "ui.xlf"
    xliff.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="ui" source-language="en" target-language="ko" datatype="plaintext"><body>
    <trans-unit id="a"><source>Save <ph id="1">{file}</ph> now?</source>
      <target>지금 저장할까요?</target></trans-unit>
    <trans-unit id="b"><source>Press <g id="k">Enter</g>.</source>
      <target><g id="k">Enter</g> 키를 누르세요.</target></trans-unit>
  </body></file>
</xliff>""",
        encoding="utf-8",
    )
    result = check_segments(read_segments(xliff), path=str(xliff))
    flags = [(a.source_ids, f.message, f.start) for a in result.alignments for f in a.flags if f.code == CODE]
    assert flags == [((0,), 'inline code <ph id="1"> of the English is missing from the Korean', None)]


def test_a_dropped_url_or_email_is_a_warning_on_the_english() -> None:
    from tqcheck.model import Severity

    english = "Visit the Help Center at https://help.example.com or email support@example.com."
    alignment, context = make_pair(english, "고객센터를 방문하거나 이메일을 보내세요.")
    flags = placeholder_mismatch(alignment, context)
    assert [english[flag.start : flag.end] for flag in flags] == [
        "https://help.example.com",
        "support@example.com",
    ]
    assert {flag.severity for flag in flags} == {Severity.WARNING}
    assert {flag.side for flag in flags} == {"source"}


@pytest.mark.parametrize(
    "korean",
    [
        # kept, with the particle written solid after it
        "https://help.example.com에서 고객센터를 방문하거나 support@example.com으로 이메일을 보내세요.",
        # a localised path on the same host
        "https://help.example.com/ko/에서 고객센터를 방문하거나 support@example.com으로 이메일을 보내세요.",
    ],
)
def test_a_kept_or_localised_address_is_fine(korean: str) -> None:
    english = "Visit the Help Center at https://help.example.com/en/ or email support@example.com."
    alignment, context = make_pair(english, korean)
    assert placeholder_mismatch(alignment, context) == []
