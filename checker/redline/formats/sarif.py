"""SARIF 2.1.0: a result per provision that changed. A mandatory provision edited or removed is
an error (rule TEMPLATE.REDLINE), an addition that may conflict a warning (TEMPLATE.REVIEW), any
other change a note (TEMPLATE.CHANGE). Like the gap report, the page goes in region.startLine."""
from __future__ import annotations

import json as _json
from pathlib import PurePath

from checker import __version__
from checker.redline.formats._common import changes, status_text
from checker.redline.model import DiffBatch

NAME = "sarif"
EXTENSION = "sarif"
ORDER = 5
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
RULES = [
    {"id": "TEMPLATE.REDLINE", "shortDescription": {"text": "A mandatory template provision was edited or removed"},
     "defaultConfiguration": {"level": "error"}},
    {"id": "TEMPLATE.REVIEW", "shortDescription": {"text": "An added provision may conflict with a mandatory one"},
     "defaultConfiguration": {"level": "warning"}},
    {"id": "TEMPLATE.CHANGE", "shortDescription": {"text": "A template provision changed (no redline needed)"},
     "defaultConfiguration": {"level": "note"}},
]
_INDEX = {r["id"]: i for i, r in enumerate(RULES)}


def _result(rule: str, path: str, page: int | None, text: str, props: dict) -> dict:
    phys: dict = {"artifactLocation": {"uri": PurePath(path).as_posix()}}
    if page:
        phys["region"] = {"startLine": page}
    return {"ruleId": rule, "ruleIndex": _INDEX[rule], "level": RULES[_INDEX[rule]]["defaultConfiguration"]["level"],
            "message": {"text": text}, "locations": [{"physicalLocation": phys}], "properties": props}


def to_dict(batch: DiffBatch) -> dict:
    results = []
    notes = []
    for r in batch.results:
        if r.status == "error":
            notes.append({"level": "error", "message": {"text": r.error or "unreadable"},
                          "locations": [{"physicalLocation": {"artifactLocation": {"uri": PurePath(r.path).as_posix()}}}]})
            continue
        for p in r.provisions:
            if p.status == "kept":
                continue
            rule = "TEMPLATE.REDLINE" if p.needs_redline else "TEMPLATE.CHANGE"
            text = f"{p.template_id} {p.heading or ''}: {status_text(p)}" + (f": {changes(p)}" if p.diff else "")
            results.append(_result(rule, r.path, p.submission_pages[0] if p.submission_pages else None, text,
                                   {"template_id": p.template_id, "status": p.status, "mandatory": p.mandatory,
                                    "section": p.submission_section, "citation": p.citation, "decision": r.decision}))
        for a in r.added:
            rule = "TEMPLATE.REVIEW" if a.conflicts else "TEMPLATE.CHANGE"
            text = f"added §{a.submission_section or '?'}: " + ("; ".join(a.conflicts) or a.text[:200])
            results.append(_result(rule, r.path, a.submission_pages[0] if a.submission_pages else None, text,
                                   {"status": "added", "section": a.submission_section, "decision": r.decision}))
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "compliance-check", "version": __version__, "rules": RULES}},
        "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
        "results": results}]}


def render(batch: DiffBatch) -> str:
    return _json.dumps(to_dict(batch), indent=2, ensure_ascii=False) + "\n"
