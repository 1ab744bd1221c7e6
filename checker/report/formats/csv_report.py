"""CSV: one row per finding; an unreadable or finding-less document, and each skipped file
(document_status `skipped`, the reason in `error`), still gets one row."""
from __future__ import annotations

from typing import TYPE_CHECKING

import csv as _csv
import io

from checker.report import view as v
from checker.results import RunResult

if TYPE_CHECKING:
    from checker.report.options import OutputOptions

NAME = "csv"  # --format csv
EXTENSION = "csv"  # the saved copy's suffix
ORDER = 2  # position in --format's choices

COLUMNS = [
    "path", "kind", "mou_type", "document_status", "error", "rule_id", "title", "element", "subject",
    "status", "severity", "page", "section", "quote", "message", "citation", "depends_on_unconfirmed",
    "fingerprint", "suppressed", "baseline",
]


def render(run: RunResult, opts: OutputOptions, ctx: v.ReportContext | None = None) -> str:
    ctx = ctx or v.ReportContext()
    buf = io.StringIO()
    w = _csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for d in v.rank_documents(run.documents):
        base = {"path": d.path, "kind": d.kind, "mou_type": d.mou_type or "", "document_status": d.status,
                "error": d.error or ""}
        if not d.findings:
            w.writerow(base)
            continue
        for f in d.findings:
            ev = f.evidence[0] if f.evidence else f.nearest
            w.writerow({
                **base, "rule_id": f.rule_id, "title": f.title, "element": f.element, "subject": f.subject or "",
                "status": f.status, "severity": f.severity,
                "page": "" if ev is None or ev.page is None else ev.page,
                "section": (ev.section or "") if ev else "", "quote": ev.quote if ev else "",
                "message": f.message, "citation": f.citation,
                "depends_on_unconfirmed": ";".join(f.depends_on_unconfirmed), "fingerprint": f.fingerprint,
                "suppressed": f.suppressed or "",
                "baseline": (ctx.diff.state(d, f) or "") if ctx.diff is not None else "",
            })
    for s in run.skipped:  # seen but not checked: one row each, so no input goes missing
        w.writerow({"path": s.path, "document_status": "skipped", "error": s.reason})
    return buf.getvalue()
