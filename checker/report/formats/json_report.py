"""JSON: the locked contract of DESIGN.md, plus extra keys that never change the locked ones.

Extra keys: per finding `baseline` ("new" | "open", only with --baseline, only on gaps);
top level `baseline` (counts and resolved gaps), `shown` (with --top) and `exit_code`.
`suppressed` is part of every finding (null or the reason).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import json as _json

from checker.report import view as v
from checker.results import RunResult

if TYPE_CHECKING:
    from checker.report.options import OutputOptions

NAME = "json"  # --format json
EXTENSION = "json"  # the saved copy's suffix
ORDER = 3  # position in --format's choices


def to_dict(run: RunResult, ctx: v.ReportContext | None = None) -> dict:
    ctx = ctx or v.ReportContext()
    data = run.model_dump(mode="json")
    if ctx.diff is not None:
        for doc, ddata in zip(run.documents, data["documents"]):
            for f, fdata in zip(doc.findings, ddata["findings"]):
                state = ctx.diff.state(doc, f)
                if state:
                    fdata["baseline"] = state
        data["baseline"] = ctx.diff.summary()
    if ctx.total_documents is not None:
        data["shown"] = {"top": len(run.documents), "of": ctx.total_documents}
    if ctx.exit_code is not None:
        data["exit_code"] = ctx.exit_code
    return data


def render(run: RunResult, opts: OutputOptions, ctx: v.ReportContext | None = None) -> str:
    return _json.dumps(to_dict(run, ctx), indent=2, ensure_ascii=False) + "\n"
