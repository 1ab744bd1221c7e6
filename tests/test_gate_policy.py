"""Exit codes: 0 pass, 1 gaps at/above --fail-on (new only with --baseline), 2 usage, 3 unreadable."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checker.gate.baseline import compare_with_baseline, load_baseline
from checker.gate.policy import EXIT_GAPS, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, exit_code, meets_threshold
from checker.report.emit import emit
from checker.report.options import OutputOptions
from checker.results import DocumentResult, Finding, RunResult, fingerprint


def gap(sev: str, rule: str = "MOU.X", path: str = "a.pdf", status: str = "gap", **kw) -> Finding:
    return Finding(rule_id=rule, element="liaison", status=status, severity=sev, citation="c", message="m",
                   fingerprint=fingerprint(rule, path), **kw)


def run_of(*findings: Finding, error: bool = False) -> RunResult:
    docs = [DocumentResult(path="a.pdf", findings=list(findings))]
    if error:
        docs.append(DocumentResult(path="b.pdf", status="error", error="Encrypted PDF; remove the password."))
    return RunResult(as_of="2025-01-01", documents=docs).recount()


@pytest.mark.parametrize(
    "sev,fail_on,expected",
    [("high", "high", 1), ("medium", "high", 0), ("medium", "medium", 1), ("low", "medium", 0),
     ("low", "low", 1), ("advisory", "low", 0), ("high", "never", 0)],
)
def test_threshold(sev: str, fail_on: str, expected: int) -> None:
    assert exit_code(run_of(gap(sev)), fail_on) == expected
    assert meets_threshold(sev, fail_on) is bool(expected)


def test_clean_run_passes() -> None:
    assert exit_code(run_of(gap("high", status="met"), gap("high", status="undetermined"))) == EXIT_OK


def test_unreadable_document_wins_over_gaps_and_never_passes() -> None:
    assert exit_code(run_of(gap("high"), error=True)) == EXIT_UNREADABLE
    assert exit_code(run_of(error=True), "never") == EXIT_UNREADABLE


def test_suppressed_gap_does_not_fail() -> None:
    assert exit_code(run_of(gap("high", suppressed="accepted by counsel"))) == EXIT_OK


def test_baseline_gates_new_gaps_only(tmp_path: Path) -> None:
    old = run_of(gap("high", "MOU.OLD"))
    (tmp_path / "b.json").write_text(json.dumps(old.model_dump(mode="json")))
    base = load_baseline(tmp_path / "b.json")
    assert exit_code(run_of(gap("high", "MOU.OLD")), "high", compare_with_baseline(run_of(gap("high", "MOU.OLD")), base)) == 0
    now = run_of(gap("high", "MOU.OLD"), gap("high", "MOU.NEW"))
    assert exit_code(now, "high", compare_with_baseline(now, base)) == EXIT_GAPS


def test_unknown_fail_on_is_rejected() -> None:
    with pytest.raises(ValueError, match="--fail-on"):
        exit_code(run_of(), "severe")


def _emit(run: RunResult, **kw) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = emit(run, OutputOptions(**kw), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_emit_usage_error_for_bad_config_wins_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "s.yaml"
    bad.write_text("- rule_id: MOU.X\n")
    target = tmp_path / "r.json"
    code, out, err = _emit(run_of(gap("high"), error=True), format="json", suppressions=str(bad), output=str(target))
    assert code == EXIT_USAGE and out == "" and not target.exists()
    assert f"{bad}:entry 1" in err and "reason" in err


def test_emit_exit_codes_end_to_end() -> None:
    assert _emit(run_of(gap("high")))[0] == EXIT_GAPS
    assert _emit(run_of(gap("medium")))[0] == EXIT_OK
    assert _emit(run_of(gap("medium")), fail_on="medium")[0] == EXIT_GAPS
    assert _emit(run_of(gap("high"), error=True), format="json")[0] == EXIT_UNREADABLE


def test_emit_does_not_mutate_the_callers_run(tmp_path: Path) -> None:
    s = tmp_path / "s.yaml"
    s.write_text("- rule_id: MOU.X\n  reason: ok\n")
    run = run_of(gap("high"))
    assert _emit(run, suppressions=str(s))[0] == EXIT_OK
    assert run.documents[0].findings[0].suppressed is None
