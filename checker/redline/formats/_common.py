"""Wording shared by the diff renderers, so every format says the same thing."""
from __future__ import annotations

from checker.redline.model import DiffResult, ProvisionResult
from checker.redline.worddiff import describe

DECISION_TEXT = {
    "file-and-use": "file and use (no mandatory provision edited or removed)",
    "redline-required": "redline required (a mandatory provision was edited or removed)",
    "review": "review (an addition may conflict with a mandatory provision)",
}


def where(p: ProvisionResult) -> str:
    if p.status == "removed":
        return "-"
    page = f"p.{p.submission_pages[0]}" if p.submission_pages else ""
    return " ".join(x for x in (f"§{p.submission_section}" if p.submission_section else "", page) if x)


def changes(p: ProvisionResult, limit: int = 6) -> str:
    """'14' -> '30'; deleted 'x'; inserted 'y' — the edit in one line."""
    return describe(p.diff, limit)


def status_text(p: ProvisionResult) -> str:
    if p.status == "edited":
        extra = "meaning preserved" if p.meaning == "preserved" else ", ".join(p.tags)
        return f"edited ({extra})" + (", moved" if p.moved else "")
    return p.status


def title(r: DiffResult) -> str:
    return ", ".join(t["id"] for t in r.templates) or "template"
