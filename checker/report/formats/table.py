"""Terminal report: triage ranking, element matrix, per-document gaps, summary (fits 100 columns)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import textwrap

from tabulate import tabulate

from checker.report import view as v
from checker.results import SEVERITIES, RunResult

if TYPE_CHECKING:
    from checker.report.options import OutputOptions

NAME = "table"  # --format table
EXTENSION = "txt"  # the saved copy's suffix
ORDER = 0  # position in --format's choices

WIDTH = 100
MATRIX_COLS = 18  # document columns per matrix block, so a block stays within WIDTH


def _h(title: str) -> str:
    return f"{title}\n{'=' * len(title)}"


def _wrap(text: str, width: int = WIDTH, indent: str = "") -> str:
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent + "  ")


def render(run: RunResult, opts: OutputOptions, ctx: v.ReportContext | None = None) -> str:
    ctx = ctx or v.ReportContext()
    ranked = v.rank_documents(run.documents)
    number = {id(d): i for i, d in enumerate(ranked, start=1)}
    out: list[str] = []
    c = v.counts(run)

    head = f"compliance-check {run.tool.version} · as of {run.as_of} · {run.rules.count} rules"
    shown = f"{c['documents']} documents"
    if ctx.total_documents is not None:
        shown = f"top {c['documents']} of {ctx.total_documents} documents (--top)"
    out.append(head + " · " + shown)
    out.append("")

    out.append(_h("Triage (worst first; score = 10×high + 3×medium + 1×low gaps)"))
    rows = []
    for d in ranked:
        g = v.gap_counts(d)
        status = "UNREADABLE" if d.status == "error" else str(v.score(d))
        rows.append([number[id(d)], d.path, v.doc_type(d), status, g["high"], g["medium"], g["low"],
                     g["advisory"], sum(1 for f in d.findings if f.status == "undetermined")])
    out.append(tabulate(rows, headers=["#", "document", "type", "score", "high", "med", "low", "adv", "undet"],
                        tablefmt="simple", maxcolwidths=[None, 40, 14, None, None, None, None, None, None]))
    out.append("")

    els = v.elements(run)
    if els and ranked:
        out.append(_h("Element matrix (columns are the triage numbers)"))
        out.extend(v.LEGEND_LINES)
        for start in range(0, len(ranked), MATRIX_COLS):
            block = ranked[start:start + MATRIX_COLS]
            mrows = [[e] + [v.mark(d, e) for d in block] for e in els]
            out.append(tabulate(mrows, headers=["element"] + [str(number[id(d)]) for d in block],
                                tablefmt="simple", colalign=("left",) + ("center",) * len(block)))
        out.append("")

    for d in ranked:
        if d.status == "error":
            continue
        gaps = [f for f in d.findings if f.status in ("gap", "undetermined")]
        title = f"#{number[id(d)]} {d.path} ({v.doc_type(d)})"
        out.append(_h(title))
        if d.mou_type_reason:
            out.append(_wrap(f"type decided by: {d.mou_type_reason}"))
        for note in d.notes:
            out.append(_wrap(f"note: {note}"))
        if not gaps:
            out.append("No gaps or undetermined findings.")
            out.append("")
            continue
        rows = []
        for f in gaps:
            state = f.status if f.status != "gap" else f.severity
            if f.suppressed:
                state += " (suppressed)"
            if ctx.diff is not None and f.status == "gap":
                state += f" [{ctx.diff.state(d, f)}]"
            msg = f.message + (f" — suppressed: {f.suppressed}" if f.suppressed else "")
            rows.append([v.rule_label(f), f.element, state, v.location(f), msg, f.citation])
        out.append(tabulate(rows, headers=["rule", "element", "severity", "where", "message", "citation"],
                            tablefmt="simple", maxcolwidths=[18, 13, 12, 9, 24, 14]))
        if opts.explain:
            out.append("")
            for f in gaps:
                if f.status == "gap":
                    out.extend(_explain(f))
        out.append("")

    out.append(_h("Summary"))
    sev = [[s, run.summary.gaps.get(s, 0)] for s in SEVERITIES]
    sev.append(["total", sum(run.summary.gaps.values())])
    out.append(tabulate(sev, headers=["gaps by severity", "count"], tablefmt="simple"))
    out.append("")
    out.append(
        f"documents {c['documents']} · unreadable {c['errors']} · met {c['met']} · gaps {c['gap'] - c['suppressed']}"
        f" · suppressed {c['suppressed']} · undetermined {c['undetermined']} · not applicable {c['not-applicable']}"
    )
    by_el = v.gaps_by_element(run)
    if by_el:
        out.append("")
        out.append(tabulate([[e] + [n[s] for s in SEVERITIES] + [sum(n.values())] for e, n in by_el],
                            headers=["gaps by element", *SEVERITIES, "total"], tablefmt="simple"))
    suppressed = [(d, f) for d in ranked for f in d.findings if f.status == "gap" and f.suppressed]
    if suppressed:
        out.append("")
        out.append("Suppressed gaps (shown, not counted):")
        for d, f in suppressed:
            out.append(_wrap(f"{v.rule_label(f)} in {d.path}: {f.suppressed}", indent="  "))
    if ctx.diff is not None:
        b = ctx.diff
        out.append("")
        out.append(f"Baseline {b.source}: {len(b.new)} new · {len(b.open)} still open · {len(b.resolved)} resolved")
        for g in b.resolved:
            out.append(_wrap(f"resolved: {g.rule_id}{' [' + g.subject + ']' if g.subject else ''} in {g.path}", indent="  "))
    params = v.unconfirmed_usage(run)
    if params:
        out.append("")
        out.append("Verdicts resting on unconfirmed parameters (correct them in the rule files):")
        out.append(tabulate([[p, n, g] for p, n, g in params], headers=["parameter", "verdicts", "gaps"],
                            tablefmt="simple"))
    errors = [d for d in run.documents if d.status == "error"]
    if errors:
        out.append("")
        out.append("Unreadable documents:")
        for d in errors:
            out.append(_wrap(f"{d.path}: {d.error or 'could not be read.'}", indent="  "))
    if run.skipped:
        out.append("")
        out.append(f"Skipped files (seen, not checked): {len(run.skipped)}")
        for s in run.skipped:
            out.append(_wrap(f"{s.path}: {s.reason}", indent="  "))
    if ctx.unused_suppressions:
        out.append("")
        out.append("Suppressions that matched nothing:")
        out.extend(_wrap(s, indent="  ") for s in ctx.unused_suppressions)
    if ctx.exit_code is not None:
        from checker.gate.policy import verdict

        out.append("")
        out.append(f"Result: {verdict(ctx.exit_code, not run.documents)} (exit {ctx.exit_code}, --fail-on {opts.fail_on})")
    return "\n".join(out).rstrip() + "\n"


def _explain(f) -> list[str]:
    lines = [f"  {v.rule_label(f)} — {f.title or f.element}"]
    if f.description:
        lines.append(_wrap(f"must say: {f.description}", indent="    "))
    if f.searched:
        lines.append(_wrap(f"looked in: {f.searched}", indent="    "))
    if f.nearest is not None:
        lines.append(_wrap(f"nearest: {v.where(f.nearest)} \"{f.nearest.quote}\"", indent="    "))
    if f.nearest_reason:
        lines.append(_wrap(f"fell short: {f.nearest_reason}", indent="    "))
    lines.append(_wrap(f"cite: {f.citation}", indent="    "))
    if f.depends_on_unconfirmed:
        lines.append(_wrap(f"rests on unconfirmed: {', '.join(f.depends_on_unconfirmed)}", indent="    "))
    return lines
