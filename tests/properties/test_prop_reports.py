"""Property 7: every report format tells the same story as the findings it was made from."""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

from hypothesis import given

from checker.report.formats import csv_report, json_report
from checker.report.formats import table as table_report
from checker.report.options import OutputOptions
from checker.results import SEVERITIES, RunResult, Summary

from . import strategies as S


def _expected_gaps(run: RunResult) -> dict[str, int]:
    gaps = Counter(f.severity for d in run.documents for f in d.findings if f.status == "gap" and not f.suppressed)
    return {s: gaps.get(s, 0) for s in SEVERITIES}


@given(S.run_results())
def test_recount_matches_the_findings(run: RunResult) -> None:
    run.summary = Summary(documents=99, errors=99, gaps={s: 7 for s in SEVERITIES})  # stale on purpose
    run.recount()
    assert run.summary.gaps == _expected_gaps(run)
    assert run.summary.documents == len(run.documents)
    assert run.summary.errors == sum(d.status == "error" for d in run.documents)


@given(S.run_results())
def test_json_summary_counts_equal_its_findings(run: RunResult) -> None:
    data = json.loads(json_report.render(run, OutputOptions(format="json")))
    counted = Counter(f["severity"] for d in data["documents"] for f in d["findings"]
                      if f["status"] == "gap" and not f.get("suppressed"))
    assert data["summary"]["gaps"] == {s: counted.get(s, 0) for s in SEVERITIES}
    assert data["summary"]["documents"] == len(data["documents"])
    assert data["summary"]["errors"] == sum(d["status"] == "error" for d in data["documents"])


def _key(path: str, rule_id: str, subject: str, status: str, severity: str, fp: str) -> tuple:
    return (path, rule_id, subject or "", status, severity, fp)


@given(S.run_results())
def test_csv_and_json_hold_the_same_findings(run: RunResult) -> None:
    data = json.loads(json_report.render(run, OutputOptions(format="json")))
    from_json = Counter(_key(d["path"], f["rule_id"], f.get("subject"), f["status"], f["severity"], f["fingerprint"])
                        for d in data["documents"] for f in d["findings"])
    rows = list(csv.DictReader(io.StringIO(csv_report.render(run, OutputOptions(format="csv")))))
    from_csv = Counter(_key(r["path"], r["rule_id"], r["subject"], r["status"], r["severity"], r["fingerprint"])
                       for r in rows if r["rule_id"])
    assert from_csv == from_json
    # documents without findings still get a row, and every document appears
    assert {r["path"] for r in rows} == {d["path"] for d in data["documents"]}
    assert {r["path"]: r["document_status"] for r in rows} == {d["path"]: d["status"] for d in data["documents"]}


_SUMMARY_LINE = re.compile(
    r"documents (\d+) · unreadable (\d+) · met (\d+) · gaps (\d+) · suppressed (\d+) · undetermined (\d+)"
    r" · not applicable (\d+)")


@given(S.run_results())
def test_table_and_json_agree(run: RunResult) -> None:
    data = json.loads(json_report.render(run, OutputOptions(format="json")))
    text = table_report.render(run, OutputOptions(format="table"))
    m = _SUMMARY_LINE.search(text)
    assert m, text
    statuses = Counter(f["status"] for d in data["documents"] for f in d["findings"])
    suppressed = sum(1 for d in data["documents"] for f in d["findings"] if f["status"] == "gap" and f["suppressed"])
    assert tuple(int(g) for g in m.groups()) == (
        len(data["documents"]), data["summary"]["errors"], statuses["met"], statuses["gap"] - suppressed, suppressed,
        statuses["undetermined"], statuses["not-applicable"])
    for severity in SEVERITIES:
        row = re.search(rf"^{severity}\s+(\d+)\s*$", text, re.M)
        assert row and int(row.group(1)) == data["summary"]["gaps"][severity], (severity, text)
    total = re.search(r"^total\s+(\d+)\s*$", text, re.M)
    assert total and int(total.group(1)) == sum(data["summary"]["gaps"].values())
