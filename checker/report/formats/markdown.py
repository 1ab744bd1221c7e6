"""Markdown report (for pull requests and wikis): same sections and numbers as the table."""
from __future__ import annotations

from typing import TYPE_CHECKING

from tabulate import tabulate

from checker.report import view as v
from checker.results import SEVERITIES, RunResult

if TYPE_CHECKING:
    from checker.report.options import OutputOptions

NAME = "markdown"  # --format markdown
EXTENSION = "md"  # the saved copy's suffix
ORDER = 1  # position in --format's choices


def _cell(text: object) -> str:
    """Keep document text from breaking the table: escape pipes, flatten newlines."""
    return str(text if text is not None else "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(rows: list[list[object]], headers: list[str]) -> str:
    return tabulate([[_cell(c) for c in r] for r in rows], headers=headers, tablefmt="github")


def render(run: RunResult, opts: OutputOptions, ctx: v.ReportContext | None = None) -> str:
    ctx = ctx or v.ReportContext()
    ranked = v.rank_documents(run.documents)
    number = {id(d): i for i, d in enumerate(ranked, start=1)}
    c = v.counts(run)
    out = ["# Compliance gap report", ""]
    shown = f"{c['documents']} documents"
    if ctx.total_documents is not None:
        shown = f"top {c['documents']} of {ctx.total_documents} documents (`--top`)"
    out.append(f"compliance-check {run.tool.version} · as of {run.as_of} · {run.rules.count} rules · {shown}")
    out.append("")
    if ctx.exit_code is not None:
        from checker.gate.policy import verdict

        out += [f"**Result: {verdict(ctx.exit_code, not run.documents)}** (exit {ctx.exit_code}, `--fail-on {opts.fail_on}`)", ""]

    out += ["## Triage", "", "Worst first; score = 10×high + 3×medium + 1×low gaps.", ""]
    rows = []
    for d in ranked:
        g = v.gap_counts(d)
        rows.append([number[id(d)], d.path, v.doc_type(d), "UNREADABLE" if d.status == "error" else v.score(d),
                     g["high"], g["medium"], g["low"], g["advisory"],
                     sum(1 for f in d.findings if f.status == "undetermined")])
    out += [_table(rows, ["#", "document", "type", "score", "high", "medium", "low", "advisory", "undetermined"]), ""]

    els = v.elements(run)
    if els and ranked:
        out += ["## Element matrix", "", "Columns are the triage numbers. " + v.LEGEND + ".", ""]
        out += [_table([[e] + [v.mark(d, e) for d in ranked] for e in els],
                       ["element"] + [str(number[id(d)]) for d in ranked]), ""]

    out += ["## Documents", ""]
    for d in ranked:
        out += [f"### {number[id(d)]}. `{d.path}` ({v.doc_type(d)})", ""]
        out += [f"**Note:** {note}" for note in d.notes] + ([""] if d.notes else [])
        if d.status == "error":
            out += [f"**Unreadable:** {d.error or 'could not be read.'}", ""]
            continue
        gaps = [f for f in d.findings if f.status in ("gap", "undetermined")]
        if not gaps:
            out += ["No gaps or undetermined findings.", ""]
            continue
        rows = []
        for f in gaps:
            state = f.severity if f.status == "gap" else "undetermined"
            if f.suppressed:
                state += f" (suppressed: {f.suppressed})"
            if ctx.diff is not None and f.status == "gap":
                state += f" [{ctx.diff.state(d, f)}]"
            rows.append([v.rule_label(f), f.element, state, v.location(f), f.message, f.citation])
        out += [_table(rows, ["rule", "element", "severity", "where", "message", "citation"]), ""]
        if opts.explain:
            for f in gaps:
                if f.status != "gap":
                    continue
                out.append(f"- **{_cell(v.rule_label(f))}** — {_cell(f.title or f.element)}")
                for label, value in (("must say", f.description), ("looked in", f.searched),
                                     ("nearest", f"{v.where(f.nearest)} “{f.nearest.quote}”" if f.nearest else None),
                                     ("fell short", f.nearest_reason), ("cite", f.citation),
                                     ("rests on unconfirmed", ", ".join(f.depends_on_unconfirmed) or None)):
                    if value:
                        out.append(f"  - {label}: {_cell(value)}")
            out.append("")

    out += ["## Summary", ""]
    out += [_table([[s, run.summary.gaps.get(s, 0)] for s in SEVERITIES]
                   + [["total", sum(run.summary.gaps.values())]], ["gaps by severity", "count"]), ""]
    out += [f"documents {c['documents']} · unreadable {c['errors']} · met {c['met']} · gaps {c['gap'] - c['suppressed']}"
            f" · suppressed {c['suppressed']} · undetermined {c['undetermined']} · not applicable {c['not-applicable']}", ""]
    by_el = v.gaps_by_element(run)
    if by_el:
        out += [_table([[e] + [n[s] for s in SEVERITIES] + [sum(n.values())] for e, n in by_el],
                       ["gaps by element", *SEVERITIES, "total"]), ""]
    suppressed = [(d, f) for d in ranked for f in d.findings if f.status == "gap" and f.suppressed]
    if suppressed:
        out += ["### Suppressed gaps", "", "Shown, not counted toward the totals or the gate:", ""]
        out += [f"- {_cell(v.rule_label(f))} in `{d.path}`: {_cell(f.suppressed)}" for d, f in suppressed]
        out.append("")
    if ctx.diff is not None:
        b = ctx.diff
        out += [f"**Baseline** `{b.source}`: {len(b.new)} new · {len(b.open)} still open · {len(b.resolved)} resolved", ""]
        out += [f"- resolved: {g.rule_id}{' [' + g.subject + ']' if g.subject else ''} in `{g.path}`" for g in b.resolved]
        if b.resolved:
            out.append("")
    params = v.unconfirmed_usage(run)
    if params:
        out += ["### Unconfirmed parameters", "", "Verdicts resting on values no public text confirms:", ""]
        out += [_table([[p, n, g] for p, n, g in params], ["parameter", "verdicts", "gaps"]), ""]
    errors = [d for d in run.documents if d.status == "error"]
    if errors:
        out += ["### Unreadable documents", ""]
        out += [f"- `{d.path}`: {_cell(d.error or 'could not be read.')}" for d in errors]
        out.append("")
    if run.skipped:
        out += [f"### Skipped files (seen, not checked): {len(run.skipped)}", ""]
        out += [f"- `{s.path}`: {_cell(s.reason)}" for s in run.skipped]
        out.append("")
    if ctx.unused_suppressions:
        out += ["### Suppressions that matched nothing", ""] + [f"- {s}" for s in ctx.unused_suppressions] + [""]
    return "\n".join(out).rstrip() + "\n"
