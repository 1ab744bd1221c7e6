"""Plain-text table for a terminal: the decision first, then every provision that changed."""
from __future__ import annotations

from tabulate import tabulate

from checker.redline.formats._common import DECISION_TEXT, changes, status_text, where
from checker.redline.model import DiffBatch

NAME = "table"
EXTENSION = "txt"
ORDER = 0


CHANGE_WIDTH = 64


def _cut(text: str) -> str:
    return text if len(text) <= CHANGE_WIDTH else text[:CHANGE_WIDTH - 3] + "..."


def render(batch: DiffBatch, all_rows: bool = False) -> str:
    out: list[str] = []
    for r in batch.results:
        out.append(f"{r.path}")
        if r.status == "error":
            out += [f"  error: {r.error}", ""]
            continue
        out.append(f"  templates: " + ", ".join(f"{t['id']} ({t['path']})" for t in r.templates))
        out.append(f"  decision: {r.decision}: {DECISION_TEXT[r.decision or 'file-and-use'].split('(', 1)[1][:-1]}")
        c = r.counts()
        out.append("  " + ", ".join(f"{n} {s}" for s, n in c.items()))
        rows = []
        for p in r.provisions:
            if p.status == "kept" and not all_rows:
                continue
            change = changes(p, 3) + (" [tracked in the Word redline]" if p.tracked else "")
            rows.append([p.template_id, "yes" if p.mandatory else "no", status_text(p), where(p),
                         "REDLINE" if p.needs_redline else "", _cut(change)])
        for a in r.added:
            loc = f"§{a.submission_section}" if a.submission_section else f"p.{a.submission_pages[0]}"
            rows.append(["(not in template)", "", "added", loc, "REVIEW" if a.conflicts else "",
                         _cut("; ".join(a.conflicts) or a.text)])
        if rows:
            out.append(tabulate(rows, headers=["template provision", "mandatory", "status", "submission", "", "change"]))
        for reason in r.reasons:
            out.append(f"  - {reason}")
        for note in r.notes:
            out.append(f"  note: {note}")
        out.append("")
    for s in batch.skipped:
        out.append(f"skipped {s['path']}: {s['reason']}")
    summary = batch.summary()
    out.append(", ".join(f"{v} {k}" for k, v in summary.items()))
    return "\n".join(out) + "\n"
