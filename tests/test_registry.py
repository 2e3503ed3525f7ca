"""The check registry: one declaration per check, and everything derived from it."""

from __future__ import annotations

import re
import sys
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from tqcheck.checks import registry
from tqcheck.checks.registry import (
    attach_related,
    check_specs,
    default_severities,
    default_thresholds,
    markdown_table,
)
from tqcheck.config import Config, apply_settings
from tqcheck.errors import UsageError
from tqcheck.model import Flag, Severity

from checkutil import make_document_pair
from conftest import REPO

FAMILIES = {
    "garble": {"fused-token", "run-on-headline", "unterminated"},
    "language": {"register-mix", "punctuation-mismatch", "repetition"},
    "untranslated": {"untranslated"},
    "numbers": {"number-mismatch"},
    "alignment": {"omission", "addition", "length-ratio"},
    "consistency": {"term-inconsistency", "glossary"},
    "fidelity": {"low-fidelity"},
    "negation": {"negation-lost"},
    "placeholders": {"placeholder-mismatch"},
}


def test_every_check_declares_code_severity_and_a_one_line_description() -> None:
    specs = check_specs()
    assert {spec.code for spec in specs} == set().union(*FAMILIES.values())
    for spec in specs:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", spec.code)
        assert spec.description and "\n" not in spec.description
        family = spec.function.__module__.rsplit(".", 1)[-1]
        assert spec.code in FAMILIES[family], f"{spec.code} lives in checks/{family}.py"


def test_config_defaults_are_the_declarations() -> None:
    config = Config()
    assert config.severities == default_severities()
    assert config.thresholds == default_thresholds()
    assert config.thresholds["low-fidelity"] == {"below": 0.15, "short_below": 0.01, "short_words": 5}


def test_readme_flag_table_is_the_registry() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- checks:start[^\n]*-->\n(.*?)<!-- checks:end -->", readme, re.S)
    assert found, "README lost its checks table markers"
    assert found.group(1) == markdown_table(), "README table is stale: paste `tqcheck checks --markdown`"


def test_checks_that_need_the_score_run_after_the_scorer() -> None:
    alignments, context = make_document_pair(
        [(["The minister resigned on Friday."], ["장관이 금요일에 사임했다."])]
    )
    seen: list[list[str]] = []

    def scorer(scored: list) -> None:
        seen.append([flag.code for flag in scored[0].flags])
        scored[0].fidelity = 0.001

    registry.run_checks(alignments, context, scorer=scorer)
    assert seen == [[]]  # the text checks ran before it and found nothing
    assert [flag.code for flag in alignments[0].flags] == ["low-fidelity"]


def test_disabled_codes_do_not_run() -> None:
    config = apply_settings(Config(), {"disable": ["omission"]}, "tqcheck.toml")
    alignments, context = make_document_pair([(["Dropped sentence here."], [])], config=config)
    registry.run_checks(alignments, context)
    assert alignments[0].flags == []
    assert config.to_dict()["disabled"] == ["omission"]
    with pytest.raises(UsageError, match="no such check code 'omision'"):
        apply_settings(Config(), {"disable": ["omision"]}, "tqcheck.toml")


def test_a_plugin_check_registers_through_the_entry_point_group_and_is_configurable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "tq_plugin_shouting.py"
    module.write_text(
        textwrap.dedent(
            """
            from tqcheck.checks.registry import check

            @check("shouting", severity="info", description="Korean in capital letters",
                   thresholds={"min_letters": 3})
            def shouting(alignment, context):
                letters = [ch for ch in alignment.target_text if ch.isascii() and ch.isalpha()]
                if len(letters) >= context.config.threshold("shouting", "min_letters") and all(
                    ch.isupper() for ch in letters
                ):
                    return [context.flag("shouting", "capital letters", "target")]
                return []
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    entry = EntryPoint(name="shouting", value="tq_plugin_shouting", group=registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(registry, "_plugin_entry_points", lambda: [entry])
    monkeypatch.setattr(registry, "_LOADED", [])
    monkeypatch.setattr(registry, "_SPECS", dict(registry._SPECS))
    try:
        specs = {spec.code: spec for spec in check_specs()}
        assert specs["shouting"].origin == "tq_plugin_shouting"
        assert "`shouting`" in markdown_table()
        config = apply_settings(
            Config(), {"severity": {"shouting": "error"}, "thresholds": {"shouting": {"min_letters": 2}}}, "x"
        )
        alignments, context = make_document_pair([(["He said OK."], ["그는 OK라고 말했다."])], config=config)
        registry.run_checks(alignments, context)
        flags = [flag for flag in alignments[0].flags if flag.code == "shouting"]
        assert [(flag.code, flag.severity.value) for flag in flags] == [("shouting", "error")]
    finally:
        sys.modules.pop("tq_plugin_shouting", None)


def test_a_broken_plugin_is_one_clear_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = EntryPoint(name="broken", value="tq_no_such_module_anywhere", group=registry.ENTRY_POINT_GROUP)
    monkeypatch.setattr(registry, "_plugin_entry_points", lambda: [entry])
    monkeypatch.setattr(registry, "_LOADED", [])
    with pytest.raises(UsageError, match="check plug-in 'broken'"):
        check_specs()


# --------------------------------------------------------------------------- one problem, one flag


def _flag(code: str, severity: str = "warning") -> Flag:
    return Flag(code, Severity(severity), f"{code} message", "target")


SECONDARY = {"low-fidelity": ("fused-token", "length-ratio"), "run-on-headline": ("length-ratio",)}


def test_a_secondary_flag_folds_into_its_primary_which_keeps_the_higher_severity() -> None:
    flags = [_flag("fused-token", "warning"), _flag("low-fidelity", "error")]
    folded = attach_related(flags, SECONDARY)
    assert [f.code for f in folded] == ["fused-token"]
    assert [r.code for r in folded[0].related] == ["low-fidelity"]
    assert folded[0].severity is Severity.ERROR  # folding never lets a problem pass a gate


def test_a_secondary_flag_alone_stays_a_flag_of_its_own() -> None:
    flags = [_flag("low-fidelity"), _flag("register-mix")]
    assert attach_related(flags, SECONDARY) == flags


def test_a_host_that_is_itself_secondary_is_skipped_for_the_next_code() -> None:
    flags = [_flag("run-on-headline", "error"), _flag("length-ratio"), _flag("low-fidelity")]
    folded = attach_related(flags, {**SECONDARY, "low-fidelity": ("run-on-headline", "length-ratio")})
    assert [f.code for f in folded] == ["length-ratio"]
    assert [r.code for r in folded[0].related] == ["run-on-headline", "low-fidelity"]
    assert folded[0].severity is Severity.ERROR


def test_declarations_name_registered_codes_and_run_checks_folds() -> None:
    specs = {spec.code: spec for spec in check_specs()}
    for spec in specs.values():
        assert set(spec.secondary_to) <= set(specs), spec.code
        assert spec.code not in spec.secondary_to
    assert "fused-token" in specs["low-fidelity"].secondary_to
    assert "(reported under `length-ratio`" in markdown_table()


def test_related_flags_are_in_the_json_contract() -> None:
    flag = attach_related([_flag("fused-token"), _flag("low-fidelity")], SECONDARY)[0]
    record = flag.to_dict()
    assert [r["code"] for r in record["related"]] == ["low-fidelity"]
    assert record["related"][0]["related"] == []
