"""Derived views every formatter shares (ranking, matrix marks, counts), so formats agree."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.results import SEVERITIES, DocumentResult, Evidence, Finding, RunResult

if TYPE_CHECKING:
    from checker.gate.baseline import BaselineDiff

# Triage weights: a high gap outweighs three medium ones; advisory never ranks.
WEIGHTS = {"high": 10, "medium": 3, "low": 1, "advisory": 0}

MARKS = {"met": "✓", "gap": "✗", "undetermined": "?", "not-applicable": "–"}
MARK_SUPPRESSED = "s"
MARK_ADVISORY = "a"  # only advisory gaps: worth reading, never a failure
MARK_ERROR = "!"
MARK_NONE = "·"
LEGEND_LINES = (
    "✓ met   ✗ gap   ? undetermined   – not applicable",
    "a advisory gap only   s suppressed gap   ! unreadable document   · no rule for this element",
)
LEGEND = "   ".join(LEGEND_LINES)



@dataclass
class ReportContext:
    """Run-level facts a formatter may show beyond the RunResult itself."""

    diff: "BaselineDiff | None" = None
    total_documents: int | None = None  # before --top; None when nothing was cut
    exit_code: int | None = None
    unused_suppressions: list[str] | None = None


def is_open_gap(f: Finding) -> bool:
    """A gap that counts: not suppressed."""
    return f.status == "gap" and not f.suppressed


def score(doc: DocumentResult) -> int:
    return sum(WEIGHTS[f.severity] for f in doc.findings if is_open_gap(f))


def gap_counts(doc: DocumentResult) -> dict[str, int]:
    c = Counter(f.severity for f in doc.findings if is_open_gap(f))
    return {s: c.get(s, 0) for s in SEVERITIES}


def rank_documents(docs: list[DocumentResult]) -> list[DocumentResult]:
    """Worst first: unreadable documents lead (nothing about them is known), then by score."""
    return sorted(
        docs,
        key=lambda d: (
            d.status != "error",
            -score(d),
            -sum(gap_counts(d).values()),
            -sum(1 for f in d.findings if f.status == "undetermined"),
            d.path,
        ),
    )


def top_run(run: RunResult, n: int | None) -> RunResult:
    """The run restricted to the n worst documents (in their original order), recounted."""
    if n is None or n >= len(run.documents):
        return run
    keep = {id(d) for d in rank_documents(run.documents)[:n]}
    cut = run.model_copy(update={"documents": [d for d in run.documents if id(d) in keep]})
    return cut.recount()


def elements(run: RunResult) -> list[str]:
    """The run's elements in the order of rules/data/elements.yaml (DOMAIN.md's), others after."""
    from checker.facts import data

    seen = {f.element for d in run.documents for f in d.findings}
    known = [e for e in data.elements() if e in seen]
    return known + sorted(seen - set(known))


def mark(doc: DocumentResult, element: str) -> str:
    """One matrix cell: the worst state of the element's findings in this document."""
    if doc.status == "error":
        return MARK_ERROR
    fs = [f for f in doc.findings if f.element == element]
    if not fs:
        return MARK_NONE
    open_gaps = [f for f in fs if f.status == "gap" and not f.suppressed]
    if any(f.severity != "advisory" for f in open_gaps):
        return MARKS["gap"]
    statuses = {f.status for f in fs if f.status != "gap"}
    if "undetermined" in statuses:
        return MARKS["undetermined"]
    if open_gaps:
        return MARK_ADVISORY
    if any(f.status == "gap" for f in fs):
        return MARK_SUPPRESSED
    if "met" in statuses:
        return MARKS["met"]
    return MARKS["not-applicable"]


def where(ev: Evidence | None) -> str:
    """'p.3 §4.2', 'p.3', '§4.2', 'p.6 (OCR) §2' or ''."""
    if ev is None:
        return ""
    parts = []
    if ev.page is not None:
        parts.append(f"p.{ev.page} (OCR)" if ev.ocr else f"p.{ev.page}")
    if ev.section:
        parts.append(f"§{ev.section}")
    return " ".join(parts)


def location(f: Finding) -> str:
    """Where the finding points: its first evidence, else its nearest candidate."""
    return where(f.evidence[0] if f.evidence else f.nearest)


def rule_label(f: Finding) -> str:
    return f"{f.rule_id} [{f.subject}]" if f.subject else f.rule_id


def doc_type(doc: DocumentResult) -> str:
    return doc.mou_type or doc.kind


def gaps_by_element(run: RunResult) -> list[tuple[str, dict[str, int]]]:
    rows: dict[str, dict[str, int]] = {}
    for d in run.documents:
        for f in d.findings:
            if is_open_gap(f):
                rows.setdefault(f.element, {s: 0 for s in SEVERITIES})[f.severity] += 1
    order = {e: i for i, e in enumerate(elements(run))}
    return sorted(rows.items(), key=lambda kv: order.get(kv[0], 1 << 30))


def unconfirmed_usage(run: RunResult) -> list[tuple[str, int, int]]:
    """(param, verdicts resting on it, of which gaps) for every unconfirmed parameter."""
    params = list(run.rules.unconfirmed_params)
    for d in run.documents:
        for f in d.findings:
            for p in f.depends_on_unconfirmed:
                if p not in params:
                    params.append(p)
    out = []
    for p in params:
        fs = [f for d in run.documents for f in d.findings if p in f.depends_on_unconfirmed]
        out.append((p, len(fs), sum(1 for f in fs if f.status == "gap")))
    return out


def counts(run: RunResult) -> dict[str, int]:
    """Every headline number, computed once so each format prints the same ones."""
    c = Counter()
    for d in run.documents:
        for f in d.findings:
            c[f.status] += 1
            if f.status == "gap" and f.suppressed:
                c["suppressed"] += 1
    return {
        "documents": len(run.documents),
        "errors": sum(1 for d in run.documents if d.status == "error"),
        **{s: c.get(s, 0) for s in ("met", "gap", "undetermined", "not-applicable", "suppressed")},
        **{f"gaps_{s}": run.summary.gaps.get(s, 0) for s in SEVERITIES},
    }
