"""SARIF 2.1.0 for code-scanning dashboards.

SARIF has no notion of a page: a finding's page is written as `region.startLine`
(so viewers can jump near it) and page and section are repeated in the result's
`properties`. Gaps are results of kind "fail" (level: high=error, medium=warning,
low/advisory=note); undetermined findings are results of kind "review" with level
"none". Unreadable documents are `toolExecutionNotifications` of level "error" and
make `executionSuccessful` false. Suppressed gaps carry a `suppressions` entry;
with --baseline each gap has `baselineState` "new" or "unchanged".
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import json as _json
from pathlib import PurePath

from checker.report import view as v
from checker.results import DocumentResult, Finding, RunResult

if TYPE_CHECKING:
    from checker.report.options import OutputOptions

NAME = "sarif"  # --format sarif
EXTENSION = "sarif"  # the saved copy's suffix
ORDER = 5  # position in --format's choices

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"high": "error", "medium": "warning", "low": "note", "advisory": "note"}
INFO_URI = "https://github.com/compliance-check/compliance-check"


def _uri(path: str) -> str:
    return PurePath(path).as_posix()


def _rule(f: Finding) -> dict:
    help_text = (f.description or f.title or f.message) + f" (see {f.citation})"
    rule = {
        "id": f.rule_id,
        "name": f.rule_id,
        "shortDescription": {"text": f.title or f.rule_id},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVELS[f.severity]},
        "properties": {"element": f.element, "severity": f.severity, "citation": f.citation},
    }
    if f.description:
        rule["fullDescription"] = {"text": f.description}
    return rule


def _result(doc: DocumentResult, f: Finding, rule_index: int, ctx: v.ReportContext) -> dict:
    ev = f.evidence[0] if f.evidence else f.nearest
    phys: dict = {"artifactLocation": {"uri": _uri(doc.path)}}
    if ev is not None and ev.page is not None and ev.page >= 1:
        phys["region"] = {"startLine": ev.page}
        if ev.quote:
            phys["region"]["snippet"] = {"text": ev.quote}
    props: dict = {"element": f.element, "severity": f.severity, "status": f.status, "citation": f.citation}
    if ev is not None:
        props["page"] = ev.page
        props["section"] = ev.section
        if ev.ocr:
            props["ocr"] = True
            props["ocr_confidence"] = ev.ocr_confidence
    if f.needs_review:
        props["needs_review"] = True
    if f.subject:
        props["subject"] = f.subject
    if f.depends_on_unconfirmed:
        props["depends_on_unconfirmed"] = list(f.depends_on_unconfirmed)
    if doc.mou_type:
        props["mou_type"] = doc.mou_type
    text = f.message if not f.subject else f"{f.subject}: {f.message}"
    res: dict = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "kind": "fail" if f.status == "gap" else "review",
        "level": LEVELS[f.severity] if f.status == "gap" else "none",
        "message": {"text": text},
        "locations": [{"physicalLocation": phys}],
        "properties": props,
    }
    if f.fingerprint:
        res["partialFingerprints"] = {"complianceCheck/v1": f.fingerprint}
    if f.suppressed:
        res["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f.suppressed}]
    if ctx.diff is not None and f.status == "gap":
        res["baselineState"] = "new" if ctx.diff.state(doc, f) == "new" else "unchanged"
    return res


def to_dict(run: RunResult, ctx: v.ReportContext | None = None) -> dict:
    ctx = ctx or v.ReportContext()
    rules: list[dict] = []
    index: dict[str, int] = {}
    results: list[dict] = []
    for doc in run.documents:
        for f in doc.findings:
            if f.status not in ("gap", "undetermined") and not f.needs_review:
                continue  # a met read only by OCR is listed for review (kind "review", level "none")
            if f.rule_id not in index:
                index[f.rule_id] = len(rules)
                rules.append(_rule(f))
            results.append(_result(doc, f, index[f.rule_id], ctx))
    errors = [d for d in run.documents if d.status == "error"]
    invocation: dict = {"executionSuccessful": not errors and bool(run.documents)}
    notes = [
        {
            "level": "error",
            "message": {"text": d.error or "The document could not be read."},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}}}],
        }
        for d in errors
    ] + [
        {
            "level": "note",
            "message": {"text": f"Skipped (not checked): {s.reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(s.path)}}}],
        }
        for s in run.skipped
    ]
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": run.tool.name,
                        "version": run.tool.version or "0",
                        "informationUri": INFO_URI,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "results": results,
                "properties": {"as_of": run.as_of, "unconfirmed_params": list(run.rules.unconfirmed_params)},
            }
        ],
    }


def render(run: RunResult, opts: OutputOptions, ctx: v.ReportContext | None = None) -> str:
    return _json.dumps(to_dict(run, ctx), indent=2, ensure_ascii=False) + "\n"
