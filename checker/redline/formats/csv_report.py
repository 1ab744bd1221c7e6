"""CSV: one row per template provision and per added provision (spreadsheet triage)."""
from __future__ import annotations

import csv
import io

from checker.redline.formats._common import changes
from checker.redline.model import DiffBatch

NAME = "csv"
EXTENSION = "csv"
ORDER = 2
COLUMNS = ["path", "decision", "template_id", "section", "heading", "mandatory", "status", "meaning", "tags",
           "moved", "redline_required", "submission_section", "submission_pages", "similarity", "change", "citation"]


def render(batch: DiffBatch) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in batch.results:
        if r.status == "error":
            w.writerow([r.path, "error", "", "", "", "", "", "", "", "", "", "", "", "", r.error, ""])
            continue
        for p in r.provisions:
            w.writerow([r.path, r.decision, p.template_id, p.section or "", p.heading or "", p.mandatory, p.status,
                        p.meaning or "", " ".join(p.tags), p.moved, p.needs_redline, p.submission_section or "",
                        " ".join(map(str, p.submission_pages)), p.similarity, changes(p), p.citation or ""])
        for a in r.added:
            w.writerow([r.path, r.decision, "", "", "", "", "added", "", "", "", False, a.submission_section or "",
                        " ".join(map(str, a.submission_pages)), "", "; ".join(a.conflicts) or a.text, ""])
    return buf.getvalue()
