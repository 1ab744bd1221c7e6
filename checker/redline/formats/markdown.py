"""Markdown for a review ticket: decision, reasons, a table of changes with the word diff."""
from __future__ import annotations

from checker.redline.formats._common import DECISION_TEXT, status_text, where
from checker.redline.model import DiffBatch, ProvisionResult

NAME = "markdown"
EXTENSION = "md"
ORDER = 1


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def inline_diff(p: ProvisionResult) -> str:
    parts = []
    for o in p.diff:
        if o.op == "equal":
            parts.append(_cell(o.submission))
        elif o.op == "fill":
            parts.append(f"_{_cell(o.submission)}_")
        else:
            if o.template:
                parts.append(f"~~{_cell(o.template)}~~")
            if o.submission:
                parts.append(f"**{_cell(o.submission)}**")
    return " ".join(parts)


def render(batch: DiffBatch) -> str:
    out = ["# Template deviation report", ""]
    for r in batch.results:
        out.append(f"## {r.path}")
        out.append("")
        if r.status == "error":
            out += [f"**Error:** {r.error}", ""]
            continue
        out.append(f"- Templates: " + ", ".join(f"`{t['id']}`" for t in r.templates))
        out.append(f"- **Decision: {r.decision}** — {DECISION_TEXT[r.decision or 'file-and-use']}")
        out.append("- " + ", ".join(f"{n} {s}" for s, n in r.counts().items()))
        for reason in r.reasons:
            out.append(f"  - {_cell(reason)}")
        for note in r.notes:
            out.append(f"- Note: {_cell(note)}")
        out += ["", "| template provision | mandatory | status | submission | diff |", "|---|---|---|---|---|"]
        for p in r.provisions:
            if p.status == "kept":
                continue
            diff = inline_diff(p) if p.status == "edited" else ("" if p.status != "removed" else f"~~{_cell(p.template_text)}~~")
            flag = " **(redline)**" if p.needs_redline else ""
            out.append(f"| {p.template_id} {_cell(p.heading or '')} | {'yes' if p.mandatory else 'no'} | "
                       f"{status_text(p)}{flag} | {where(p)} | {diff} |")
        for a in r.added:
            loc = f"§{a.submission_section}" if a.submission_section else f"p.{a.submission_pages[0]}"
            review = " **(review: " + _cell("; ".join(a.conflicts)) + ")**" if a.conflicts else ""
            out.append(f"| (not in template) | | added{review} | {loc} | {_cell(a.text)} |")
        out.append("")
    for s in batch.skipped:
        out.append(f"- Skipped `{s['path']}`: {s['reason']}")
    out.append("")
    out.append("Summary: " + ", ".join(f"{v} {k}" for k, v in batch.summary().items()))
    return "\n".join(out) + "\n"
