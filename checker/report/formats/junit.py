"""JUnit XML for CI test tabs: one testsuite per document, one testcase per document × rule.

A testcase fails when the rule has a gap the gate counts (unsuppressed, at or above
--fail-on, and new when a --baseline is given); it is skipped when every finding of
the rule is not-applicable, undetermined or suppressed (the message says which); an
unreadable document is a testsuite with one errored testcase. Gaps below the
threshold pass with a note in system-out.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import xml.etree.ElementTree as ET

from checker.gate.policy import meets_threshold
from checker.report import view as v
from checker.results import DocumentResult, Finding, RunResult

if TYPE_CHECKING:
    from checker.report.options import OutputOptions

NAME = "junit"  # --format junit
EXTENSION = "xml"  # the saved copy's suffix
ORDER = 6  # position in --format's choices


def _counts_as_failure(doc: DocumentResult, f: Finding, opts: OutputOptions, ctx: v.ReportContext) -> bool:
    if f.status != "gap" or f.suppressed or not meets_threshold(f.severity, opts.fail_on):
        return False
    return ctx.diff is None or ctx.diff.is_new(doc, f)


def _line(f: Finding) -> str:
    who = f"[{f.subject}] " if f.subject else ""
    where = v.location(f)
    return f"{who}{f.status} ({f.severity}){' at ' + where if where else ''}: {f.message} — {f.citation}"


def _suite(doc: DocumentResult, opts: OutputOptions, ctx: v.ReportContext) -> ET.Element:
    suite = ET.Element("testsuite", name=doc.path)
    n_fail = n_err = n_skip = n_tests = 0
    if doc.status == "error":
        case = ET.SubElement(suite, "testcase", classname=doc.path, name="read document")
        ET.SubElement(case, "error", message=doc.error or "The document could not be read.", type="unreadable")
        n_tests, n_err = 1, 1
    by_rule: dict[str, list[Finding]] = {}
    for f in doc.findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    for rule_id, fs in by_rule.items():
        n_tests += 1
        case = ET.SubElement(suite, "testcase", classname=doc.path, name=rule_id)
        failing = [f for f in fs if _counts_as_failure(doc, f, opts, ctx)]
        if failing:
            n_fail += 1
            el = ET.SubElement(case, "failure", message=failing[0].message, type=failing[0].severity)
            el.text = "\n".join(_line(f) for f in failing)
            continue
        if any(f.status == "met" for f in fs) or any(f.status == "gap" and not f.suppressed for f in fs):
            notes = [_line(f) for f in fs if f.status != "met" or f.needs_review]  # OCR-only met: look
            if notes:
                ET.SubElement(case, "system-out").text = "\n".join(notes)
            continue
        n_skip += 1
        reasons = []
        for f in fs:
            if f.status == "gap":
                reasons.append(f"suppressed: {f.suppressed}")
            elif f.status == "undetermined":
                reasons.append(f"undetermined: {f.message}")
            else:
                reasons.append(f"not applicable: {f.message}")
        ET.SubElement(case, "skipped", message="; ".join(dict.fromkeys(reasons)))
    suite.set("tests", str(n_tests))
    suite.set("failures", str(n_fail))
    suite.set("errors", str(n_err))
    suite.set("skipped", str(n_skip))
    return suite


def render(run: RunResult, opts: OutputOptions, ctx: v.ReportContext | None = None) -> str:
    ctx = ctx or v.ReportContext()
    root = ET.Element("testsuites", name="compliance-check")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for doc in run.documents:
        suite = _suite(doc, opts, ctx)
        root.append(suite)
        for k in totals:
            totals[k] += int(suite.get(k, "0"))
    if run.skipped:  # seen, not checked: one skipped testcase each
        suite = ET.SubElement(root, "testsuite", name="skipped files", tests=str(len(run.skipped)), failures="0",
                              errors="0", skipped=str(len(run.skipped)))
        for s in run.skipped:
            case = ET.SubElement(suite, "testcase", classname="skipped files", name=s.path)
            ET.SubElement(case, "skipped", message=s.reason)
        totals["tests"] += len(run.skipped)
        totals["skipped"] += len(run.skipped)
    for k, n in totals.items():
        root.set(k, str(n))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
