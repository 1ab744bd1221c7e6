"""Golden tests: every format rendered from one hand-built RunResult (tests/golden/report/).

Regenerate after an intended change with `UPDATE_GOLDEN=1 python -m pytest tests/test_report_golden.py`
and review the diff.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from checker.report.emit import emit
from checker.report.options import FORMATS, OutputOptions
from checker.results import RunResult

GOLDEN = Path(__file__).parent / "golden" / "report"
EXT = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html", "sarif": "sarif",
       "junit": "xml"}


def load_run() -> RunResult:
    return RunResult.model_validate(json.loads((GOLDEN / "fixture_run.json").read_text(encoding="utf-8")))


def render(fmt: str, **kw) -> tuple[str, int]:
    out, err = io.StringIO(), io.StringIO()
    code = emit(load_run(), OutputOptions(format=fmt, **kw), stdout=out, stderr=err)
    return out.getvalue(), code


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_matches_golden(fmt: str) -> None:
    text, code = render(fmt, explain=fmt in ("table", "markdown", "html"))
    assert code == 3  # the fixture holds an unreadable document
    check_golden(f"fixture.{EXT[fmt]}", text)


def test_table_with_baseline_and_suppressions_matches_golden(tmp_path: Path) -> None:
    base = load_run()
    base.documents[1].findings[2].status = "met"  # MOU.RECORDS in kern was met before: now new
    base.documents[0].findings[2].status = "gap"  # MOU.MEETINGS already a gap (open)
    base.documents.append(base.documents[1].model_copy(update={"path": "gone.pdf"}))
    # a gap fixed since the baseline: alpine MOU.SIGNATURES was a gap then
    base.documents[0].findings[4].status = "gap"
    (tmp_path / "base.json").write_text(json.dumps(base.recount().model_dump(mode="json")), encoding="utf-8")
    (tmp_path / "s.yaml").write_text(
        "- rule_id: MOU.LIAISON\n  path: '*alpine*'\n  reason: liaison named in the side letter\n"
        "- rule_id: NO.SUCH\n  reason: stale entry\n", encoding="utf-8")
    text, code = render("table", baseline=str(tmp_path / "base.json"), suppressions=str(tmp_path / "s.yaml"))
    text = text.replace(str(tmp_path), "TMP")
    assert code == 3
    check_golden("fixture-baseline.txt", text)


def test_sarif_validates_against_the_official_schema() -> None:
    schema = json.loads((GOLDEN / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    doc = json.loads(render("sarif")[0])
    jsonschema.Draft4Validator(schema).validate(doc)
    run = doc["runs"][0]
    levels = {(r["ruleId"], r["properties"].get("subject")): r["level"] for r in run["results"]}
    assert levels[("MOU.LIAISON", None)] == "error"
    assert levels[("MOU.MEETINGS", None)] == "warning"
    assert levels[("CLR.NOTIFY", None)] == "note"
    assert levels[("MOU.SIGNATURES", None)] == "none"  # undetermined: kind review
    liaison = next(r for r in run["results"] if r["ruleId"] == "MOU.LIAISON")
    assert liaison["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert liaison["properties"]["section"] == "4.2"
    assert liaison["partialFingerprints"]["complianceCheck/v1"]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {r["ruleId"] for r in run["results"]}
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_suppression_and_baseline_state_validate(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("- rule_id: MOU.RECORDS\n  reason: accepted\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(render("json")[0], encoding="utf-8")
    text, _ = render("sarif", suppressions=str(tmp_path / "s.yaml"), baseline=str(tmp_path / "b.json"))
    doc = json.loads(text)
    jsonschema.Draft4Validator(json.loads((GOLDEN / "sarif-schema-2.1.0.json").read_text())).validate(doc)
    results = doc["runs"][0]["results"]
    recs = [r for r in results if r["ruleId"] == "MOU.RECORDS"]
    assert len(recs) == 2 and all(r["suppressions"][0]["justification"] == "accepted" for r in recs)
    assert {r.get("baselineState") for r in results if r["kind"] == "fail"} == {"unchanged"}


def test_json_keeps_the_contract_keys() -> None:
    data = json.loads(render("json")[0])
    assert {"tool", "as_of", "rules", "documents", "summary"} <= set(data)
    assert data["tool"]["name"] == "compliance-check"
    for doc in data["documents"]:
        assert {"path", "sha256", "kind", "mou_type", "status", "error", "findings"} <= set(doc)
        for f in doc["findings"]:
            assert {"rule_id", "element", "status", "severity", "citation", "message", "evidence",
                    "depends_on_unconfirmed", "fingerprint", "suppressed"} <= set(f)
    RunResult.model_validate({k: v for k, v in data.items() if k in RunResult.model_fields})


def test_json_and_table_agree_on_every_count() -> None:
    data = json.loads(render("json")[0])
    table = render("table")[0]
    summary = table[table.index("Summary\n"):]
    for sev, n in data["summary"]["gaps"].items():
        assert re.search(rf"^{sev}\s+{n}$", summary, re.M), sev
    assert re.search(rf"^total\s+{sum(data['summary']['gaps'].values())}$", summary, re.M)
    statuses = [f["status"] for d in data["documents"] for f in d["findings"]]
    line = next(l for l in summary.splitlines() if l.startswith("documents "))
    assert f"documents {data['summary']['documents']} " in line
    assert f"unreadable {data['summary']['errors']} " in line
    assert f"met {statuses.count('met')} " in line
    assert f"undetermined {statuses.count('undetermined')} " in line
    assert f"gaps {sum(data['summary']['gaps'].values())} " in line
    # triage rows agree per document
    for d in data["documents"]:
        if d["status"] == "error":
            assert re.search(rf"{re.escape(d['path'])}\s+\S+\s+UNREADABLE", table)
            continue
        high = sum(1 for f in d["findings"] if f["status"] == "gap" and f["severity"] == "high")
        med = sum(1 for f in d["findings"] if f["status"] == "gap" and f["severity"] == "medium")
        row = next(l for l in table.splitlines() if d["path"] in l and re.match(r"\s*\d+\s", l))
        assert row.split()[4:6] == [str(high), str(med)], row


def test_csv_has_one_row_per_finding_and_one_per_error_document() -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv")[0])))
    run = load_run()
    assert len(rows) == sum(len(d.findings) for d in run.documents) + 1
    err = [r for r in rows if r["document_status"] == "error"]
    assert len(err) == 1 and "OCR" in err[0]["error"] and err[0]["rule_id"] == ""
    kern = [r for r in rows if r["rule_id"] == "PORTFOLIO.COVERAGE" and r["subject"] == "Kern"]
    assert kern[0]["status"] == "gap"


def test_junit_counts_and_cases() -> None:
    root = ET.fromstring(render("junit")[0])
    assert root.get("failures") == "2" and root.get("errors") == "1"
    suites = {s.get("name"): s for s in root}
    alpine = suites["corpus/mou/alpine-mhp-2024.pdf"]
    cases = {c.get("name"): c for c in alpine}
    assert cases["MOU.LIAISON"].find("failure") is not None
    assert cases["CLR.NOTIFY"].find("skipped") is not None  # not applicable
    assert cases["MOU.MEETINGS"].find("failure") is None  # medium, below --fail-on high
    assert suites["corpus/mou/scanned-wic.pdf"].find("testcase/error") is not None
    root_med = ET.fromstring(render("junit", fail_on="medium")[0])
    assert root_med.get("failures") == "5"  # + MEETINGS, MAT, CAC.COMPOSITION


def test_html_is_self_contained_and_escaped() -> None:
    html = render("html", explain=True)[0]
    assert 'id="triage"' in html
    for sel in ("filter-severity", "filter-type", "filter-element"):
        assert f'<select id="{sel}">' in html
    assert "&lt;issues&gt; &amp; concerns" in html and "<issues>" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@import" not in html and "<link" not in html


def test_html_escapes_hostile_document_text() -> None:
    run = load_run()
    run.documents[0].path = 'x"><script>alert(1)</script>.pdf'
    run.documents[0].findings[1].message = "<img src=x onerror=alert(1)>"
    out = io.StringIO()
    emit(run, OutputOptions(format="html"), stdout=out, stderr=io.StringIO())
    html = out.getvalue()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_markdown_escapes_pipes() -> None:
    run = load_run()
    run.documents[0].findings[1].message = "a | b"
    out = io.StringIO()
    emit(run, OutputOptions(format="markdown"), stdout=out, stderr=io.StringIO())
    assert "a \\| b" in out.getvalue()


def test_table_fits_100_columns() -> None:
    text = render("table", explain=True)[0]
    assert max(len(line) for line in text.splitlines()) <= 100


def test_top_limits_documents_but_not_the_gate() -> None:
    data = json.loads(render("json", top=1)[0])
    assert [d["status"] for d in data["documents"]] == ["error"]  # unreadable ranks first
    assert data["shown"] == {"top": 1, "of": 4}
    assert data["summary"]["documents"] == 1
    text, code = render("table", top=2)
    assert "top 2 of 4 documents" in text and code == 3
    assert "kern-dmc-ods" not in text
