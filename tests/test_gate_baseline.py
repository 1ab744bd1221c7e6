"""Baselines: new / open / resolved by fingerprint, and clear errors for files that are not reports."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checker.gate import GateConfigError
from checker.gate.baseline import compare_with_baseline, load_baseline
from checker.report.emit import emit
from checker.report.options import OutputOptions
from checker.results import DocumentResult, Finding, RunResult, fingerprint


def f(rule: str, status: str = "gap", path: str = "a.pdf", subject: str | None = None) -> Finding:
    return Finding(rule_id=rule, element="liaison", status=status, severity="high", citation="c", message="m",
                   subject=subject, fingerprint=fingerprint(rule, path, subject))


def run(docs: dict[str, list[Finding]]) -> RunResult:
    return RunResult(as_of="2025-01-01", documents=[DocumentResult(path=p, findings=fs) for p, fs in docs.items()]).recount()


def save(tmp_path: Path, r: RunResult) -> Path:
    p = tmp_path / "baseline.json"
    out = io.StringIO()
    emit(r, OutputOptions(format="json"), stdout=out, stderr=io.StringIO())  # a real previous report
    p.write_text(out.getvalue())
    return p


def test_new_open_resolved(tmp_path: Path) -> None:
    before = run({"a.pdf": [f("R.OPEN"), f("R.FIXED"), f("R.MET", "met")],
                  "p.yaml": [f("P.COV", path="p.yaml", subject="Kern"), f("P.COV", path="p.yaml", subject="Mono")],
                  "gone.pdf": [f("R.OPEN", path="gone.pdf")]})
    after = run({"a.pdf": [f("R.OPEN"), f("R.FIXED", "met"), f("R.MET")],
                 "p.yaml": [f("P.COV", path="p.yaml", subject="Kern"), f("P.COV", "met", "p.yaml", "Mono"),
                            f("P.COV", path="p.yaml", subject="Alpine")]})
    diff = compare_with_baseline(after, load_baseline(save(tmp_path, before)))
    by_fp = {x.fingerprint: x for d in after.documents for x in d.findings}
    assert {by_fp[k].rule_id + (by_fp[k].subject or "") for k in diff.new} == {"R.MET", "P.COVAlpine"}
    assert {by_fp[k].rule_id + (by_fp[k].subject or "") for k in diff.open} == {"R.OPEN", "P.COVKern"}
    # gone.pdf was not checked this run: its gap is not claimed resolved
    assert sorted((g.rule_id, g.subject) for g in diff.resolved) == [("P.COV", "Mono"), ("R.FIXED", None)]


def test_json_report_marks_baseline_state(tmp_path: Path) -> None:
    base = save(tmp_path, run({"a.pdf": [f("R.OPEN")]}))
    out = io.StringIO()
    code = emit(run({"a.pdf": [f("R.OPEN"), f("R.NEW")]}), OutputOptions(format="json", baseline=str(base)),
                stdout=out, stderr=io.StringIO())
    data = json.loads(out.getvalue())
    states = {x["rule_id"]: x.get("baseline") for x in data["documents"][0]["findings"]}
    assert states == {"R.OPEN": "open", "R.NEW": "new"}
    assert data["baseline"]["new"] == 1 and data["baseline"]["open"] == 1 and code == 1


@pytest.mark.parametrize(
    "content,needle",
    [("not json {", "not JSON"), ('{"tool": {"name": "eslint"}, "documents": []}', "not a compliance-check JSON report"),
     ("[1, 2]", "not a compliance-check JSON report"),
     ('{"tool": {"name": "compliance-check"}, "as_of": "x", "documents": [{"findings": 3}]}', "malformed")],
)
def test_bad_baseline_names_the_file(tmp_path: Path, content: str, needle: str) -> None:
    p = tmp_path / "old-report.json"
    p.write_text(content)
    with pytest.raises(GateConfigError) as exc:
        load_baseline(p)
    assert str(p) in str(exc.value) and needle in str(exc.value)


def test_missing_baseline_is_a_usage_error(tmp_path: Path) -> None:
    err = io.StringIO()
    code = emit(run({"a.pdf": []}), OutputOptions(baseline=str(tmp_path / "nope.json")), stdout=io.StringIO(), stderr=err)
    assert code == 2 and "nope.json" in err.getvalue()
