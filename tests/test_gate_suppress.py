"""Suppressions: mandatory reasons, matching by fingerprint or rule id + path glob, never silent."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checker.gate import GateConfigError
from checker.gate.suppress import apply_suppressions, load_suppressions
from checker.report.emit import emit
from checker.report.options import FORMATS, OutputOptions
from checker.results import DocumentResult, Finding, RunResult, fingerprint


def f(rule: str, path: str, status: str = "gap") -> Finding:
    return Finding(rule_id=rule, element="liaison", status=status, severity="high", citation="c", message="m",
                   fingerprint=fingerprint(rule, path))


def make_run() -> RunResult:
    return RunResult(as_of="2025-01-01", documents=[
        DocumentResult(path="corpus/mou/alpine-mhp.pdf", findings=[f("MOU.LIAISON", "alpine"), f("MOU.TERM", "alpine")]),
        DocumentResult(path="corpus/mou/kern-mhp.pdf", findings=[f("MOU.LIAISON", "kern"), f("MOU.TERM", "kern", "met")]),
    ]).recount()


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "suppressions.yaml"
    p.write_text(text)
    return p


def test_entry_without_reason_names_file_and_entry(tmp_path: Path) -> None:
    p = write(tmp_path, "- rule_id: MOU.TERM\n  reason: fine\n- rule_id: MOU.LIAISON\n  reason: '  '\n")
    with pytest.raises(GateConfigError) as exc:
        load_suppressions(p)
    assert f"{p}:entry 2" in str(exc.value) and "reason" in str(exc.value)


@pytest.mark.parametrize("text,needle", [
    ("- reason: why\n", "needs 'fingerprint' or 'rule_id'"),
    ("- rule_id: X\n  reason: r\n  reasn: typo\n", "unknown key(s) reasn"),
    ("rule_id: X\n", "expected a list"),
    ("- [1]\n", "expected a mapping"),
    ("- rule_id: [unclosed\n", "not valid YAML"),
])
def test_malformed_files_are_rejected(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(GateConfigError, match=None) as exc:
        load_suppressions(write(tmp_path, text))
    assert needle in str(exc.value)


def test_rule_and_path_glob(tmp_path: Path) -> None:
    run = make_run()
    sup = load_suppressions(write(tmp_path, "suppressions:\n  - rule_id: MOU.LIAISON\n    path: '*alpine*'\n    reason: side letter\n"))
    assert apply_suppressions(run, sup) == []
    alpine, kern = run.documents
    assert alpine.findings[0].suppressed == "side letter" and kern.findings[0].suppressed is None
    assert alpine.findings[1].suppressed is None
    assert run.summary.gaps["high"] == 2


def test_fingerprint_and_unused_entries(tmp_path: Path) -> None:
    run = make_run()
    fp = run.documents[1].findings[0].fingerprint
    sup = load_suppressions(write(tmp_path, f"- fingerprint: '{fp}'\n  reason: r1\n- rule_id: MOU.GONE\n  reason: r2\n"))
    unused = apply_suppressions(run, sup)
    assert [u.rule_id for u in unused] == ["MOU.GONE"]
    assert run.documents[1].findings[0].suppressed == "r1"
    assert run.documents[1].findings[1].suppressed is None  # met findings are never marked


def test_empty_file_suppresses_nothing(tmp_path: Path) -> None:
    assert load_suppressions(write(tmp_path, "")) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_suppressed_findings_stay_visible_in_every_format(tmp_path: Path, fmt: str) -> None:
    p = write(tmp_path, "- rule_id: MOU.LIAISON\n  reason: UNIQUE-REASON-42\n")
    out, err = io.StringIO(), io.StringIO()
    code = emit(make_run(), OutputOptions(format=fmt, suppressions=str(p), explain=True), stdout=out, stderr=err)
    assert "UNIQUE-REASON-42" in out.getvalue()
    assert code == 1  # the MOU.TERM gap in alpine still fails
    if fmt == "json":
        assert json.loads(out.getvalue())["summary"]["gaps"]["high"] == 1
