"""JSON: the whole alignment, one record per template provision and per added provision.

Keys: tool, kind ("template-diff"), submissions[] (path, sha256, templates, status, error,
decision, reasons, counts, provisions[] with template_id, section, mandatory, citation,
status, meaning, tags, submission_section, submission_pages, diff[], redline_required;
added[]), skipped[], summary. Added keys are fine; these never change meaning.
"""
from __future__ import annotations

import json as _json

from checker import __version__
from checker.redline.model import DiffBatch

NAME = "json"
EXTENSION = "json"
ORDER = 3


def to_dict(batch: DiffBatch) -> dict:
    return {
        "tool": {"name": "compliance-check", "version": __version__},
        "kind": "template-diff",
        "submissions": [r.to_dict() for r in batch.results],
        "skipped": batch.skipped,
        "summary": batch.summary(),
    }


def render(batch: DiffBatch) -> str:
    return _json.dumps(to_dict(batch), indent=2, ensure_ascii=False) + "\n"
