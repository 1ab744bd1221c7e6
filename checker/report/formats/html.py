"""One self-contained HTML file: no network, fonts or external scripts; all document text escaped.

Filters (`<select>` ids filter-severity, filter-type, filter-element) hide triage rows,
finding rows and document sections with inline JavaScript. They can be preset with
query parameters, e.g. `report.html?severity=high&type=mhp&element=liaison`.
Unreadable documents stay visible under severity/element filters: they were not checked.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from html import escape

from checker.report import view as v
from checker.results import SEVERITIES, DocumentResult, Finding, RunResult

if TYPE_CHECKING:
    from checker.report.options import OutputOptions

NAME = "html"  # --format html
EXTENSION = "html"  # the saved copy's suffix
ORDER = 4  # position in --format's choices

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5rem;color:#1b1b1b;max-width:75rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#eee}.sev-high{color:#a00;font-weight:bold}
.sev-medium{color:#b35c00}.sev-low{color:#555}.sev-advisory{color:#2a5d8f}.suppressed{opacity:.6}
.error{background:#fde8e8}blockquote{margin:.25rem 0;padding:.25rem .5rem;border-left:3px solid #999;
background:#f6f6f6}.filters label{margin-right:1rem}.matrix td{text-align:center}.cite{font-size:.9em;color:#444}
.verdict{font-weight:bold}.pass{color:#075}.fail{color:#a00}
"""

JS = """
(function(){
  var ids={severity:'filter-severity',type:'filter-type',element:'filter-element'};
  function val(k){return document.getElementById(ids[k]).value;}
  function has(list,x){return (' '+(list||'')+' ').indexOf(' '+x+' ')>=0;}
  function apply(){
    var s=val('severity'),t=val('type'),e=val('element');
    document.querySelectorAll('#triage tbody tr').forEach(function(r){
      var ok=(!t||r.dataset.type===t)&&(r.dataset.error==='1'||((!s||has(r.dataset.severities,s))&&(!e||has(r.dataset.elements,e))));
      r.hidden=!ok;
    });
    document.querySelectorAll('section.doc').forEach(function(sec){
      var any=false;
      sec.querySelectorAll('tr.finding').forEach(function(r){
        var ok=(!s||r.dataset.severity===s)&&(!e||r.dataset.element===e);
        r.hidden=!ok; if(ok){any=true;}
      });
      var okType=!t||sec.dataset.type===t;
      sec.hidden=!okType||(!any&&(s||e)&&sec.dataset.error!=='1');
    });
  }
  var q=new URLSearchParams(window.location.search);
  Object.keys(ids).forEach(function(k){
    var el=document.getElementById(ids[k]);
    if(q.has(k)){el.value=q.get(k);}
    el.addEventListener('change',apply);
  });
  apply();
})();
"""


def _e(text: object) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def _options(select_id: str, label: str, values: list[str]) -> str:
    opts = "".join(f'<option value="{_e(x)}">{_e(x)}</option>' for x in values)
    return f'<label>{_e(label)} <select id="{select_id}"><option value="">all</option>{opts}</select></label>'


def _finding_row(doc: DocumentResult, f: Finding, opts: OutputOptions, ctx: v.ReportContext) -> str:
    state = f.severity if f.status == "gap" else f.status
    extra = ""
    if f.suppressed:
        extra += f"<br><em>suppressed: {_e(f.suppressed)}</em>"
    if ctx.diff is not None and f.status == "gap":
        extra += f"<br><em>baseline: {_e(ctx.diff.state(doc, f))}</em>"
    quotes = "".join(
        f"<blockquote>{_e(v.where(ev))} “{_e(ev.quote)}”</blockquote>" for ev in f.evidence if ev.quote
    )
    explain = ""
    if opts.explain and f.status == "gap":
        parts = [("must say", f.description), ("looked in", f.searched),
                 ("nearest", f"{v.where(f.nearest)} “{f.nearest.quote}”" if f.nearest else None),
                 ("fell short", f.nearest_reason),
                 ("rests on unconfirmed", ", ".join(f.depends_on_unconfirmed) or None)]
        explain = "".join(f"<div><strong>{_e(k)}:</strong> {_e(x)}</div>" for k, x in parts if x)
    cls = "finding" + (" suppressed" if f.suppressed else "")
    return (
        f'<tr class="{cls}" data-severity="{_e(f.severity)}" data-element="{_e(f.element)}" '
        f'data-status="{_e(f.status)}">'
        f"<td>{_e(v.rule_label(f))}<br><small>{_e(f.title)}</small></td><td>{_e(f.element)}</td>"
        f'<td class="sev-{_e(f.severity)}">{_e(state)}{extra}</td><td>{_e(v.location(f))}</td>'
        f"<td>{_e(f.message)}{quotes}{explain}</td><td class=\"cite\">{_e(f.citation)}</td></tr>"
    )


def render(run: RunResult, opts: OutputOptions, ctx: v.ReportContext | None = None) -> str:
    ctx = ctx or v.ReportContext()
    ranked = v.rank_documents(run.documents)
    number = {id(d): i for i, d in enumerate(ranked, start=1)}
    c = v.counts(run)
    types = sorted({v.doc_type(d) for d in run.documents})
    els = v.elements(run)
    h: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Compliance gap report · {_e(run.as_of)}</title><style>{CSS}</style></head><body>",
        "<h1>Compliance gap report</h1>",
    ]
    shown = f"{c['documents']} documents"
    if ctx.total_documents is not None:
        shown = f"top {c['documents']} of {ctx.total_documents} documents (--top)"
    h.append(f"<p>compliance-check {_e(run.tool.version)} · as of {_e(run.as_of)} · {run.rules.count} rules · {_e(shown)}</p>")
    if ctx.exit_code is not None:
        from checker.gate.policy import verdict

        cls = "pass" if ctx.exit_code == 0 else "fail"
        h.append(f'<p class="verdict {cls}">Result: {_e(verdict(ctx.exit_code, not run.documents))} (exit {ctx.exit_code}, '
                 f"--fail-on {_e(opts.fail_on)})</p>")

    h.append('<h2>Summary</h2><table id="summary"><tr><th>gaps by severity</th><th>count</th></tr>')
    h += [f'<tr><td class="sev-{s}">{s}</td><td>{run.summary.gaps.get(s, 0)}</td></tr>' for s in SEVERITIES]
    h.append(f"<tr><td>total</td><td>{sum(run.summary.gaps.values())}</td></tr></table>")
    h.append(f"<p>documents {c['documents']} · unreadable {c['errors']} · met {c['met']} · gaps "
             f"{c['gap'] - c['suppressed']} · suppressed {c['suppressed']} · undetermined {c['undetermined']}"
             f" · not applicable {c['not-applicable']}</p>")

    h.append('<div class="filters">' + _options("filter-severity", "Severity", list(SEVERITIES))
             + _options("filter-type", "MOU type", types) + _options("filter-element", "Element", els) + "</div>")

    h.append("<h2>Triage</h2><p>Worst first; score = 10×high + 3×medium + 1×low gaps.</p>")
    h.append('<table id="triage"><thead><tr><th>#</th><th>document</th><th>type</th><th>score</th>'
             "<th>high</th><th>medium</th><th>low</th><th>advisory</th><th>undetermined</th></tr></thead><tbody>")
    for d in ranked:
        g = v.gap_counts(d)
        open_gaps = [f for f in d.findings if v.is_open_gap(f)]
        sevs = " ".join(sorted({f.severity for f in open_gaps}))
        dels = " ".join(sorted({f.element for f in open_gaps}))
        err = d.status == "error"
        err_cls = ' class="error"' if err else ""
        h.append(
            f'<tr data-type="{_e(v.doc_type(d))}" data-severities="{_e(sevs)}" data-elements="{_e(dels)}" '
            f'data-error="{1 if err else 0}"{err_cls}>'
            f'<td>{number[id(d)]}</td><td><a href="#doc-{number[id(d)]}">{_e(d.path)}</a></td>'
            f"<td>{_e(v.doc_type(d))}</td><td>{'UNREADABLE' if err else v.score(d)}</td>"
            + "".join(f"<td>{g[s]}</td>" for s in SEVERITIES)
            + f"<td>{sum(1 for f in d.findings if f.status == 'undetermined')}</td></tr>"
        )
    h.append("</tbody></table>")

    if els and ranked:
        h.append(f"<h2>Element matrix</h2><p>{_e(v.LEGEND)}</p><table class=\"matrix\" id=\"matrix\"><thead><tr>"
                 "<th>element</th>" + "".join(f"<th title=\"{_e(d.path)}\">{number[id(d)]}</th>" for d in ranked)
                 + "</tr></thead><tbody>")
        for e in els:
            h.append(f"<tr><th>{_e(e)}</th>" + "".join(f"<td>{_e(v.mark(d, e))}</td>" for d in ranked) + "</tr>")
        h.append("</tbody></table>")

    h.append("<h2>Documents</h2>")
    for d in ranked:
        n = number[id(d)]
        err = d.status == "error"
        h.append(f'<section class="doc" id="doc-{n}" data-type="{_e(v.doc_type(d))}" data-error="{1 if err else 0}">'
                 f"<h3>{n}. {_e(d.path)} <small>({_e(v.doc_type(d))})</small></h3>")
        if d.mou_type_reason:
            h.append(f"<p><small>type decided by: {_e(d.mou_type_reason)}</small></p>")
        h.extend(f'<p class="note"><strong>Note:</strong> {_e(note)}</p>' for note in d.notes)
        if err:
            h.append(f'<p class="error"><strong>Unreadable:</strong> {_e(d.error or "could not be read.")}</p></section>')
            continue
        shown_f = [f for f in d.findings if f.status in ("gap", "undetermined")]
        if not shown_f:
            h.append("<p>No gaps or undetermined findings.</p></section>")
            continue
        h.append("<table><thead><tr><th>rule</th><th>element</th><th>severity</th><th>where</th><th>message and "
                 "evidence</th><th>citation</th></tr></thead><tbody>")
        h += [_finding_row(d, f, opts, ctx) for f in shown_f]
        h.append("</tbody></table>")
        met = [f for f in d.findings if f.status == "met"]
        if met:
            h.append("<details><summary>Met requirements</summary><ul>")
            for f in met:
                quote = f" — “{_e(f.evidence[0].quote)}” ({_e(v.where(f.evidence[0]))})" if f.evidence else ""
                h.append(f"<li>{_e(v.rule_label(f))}: {_e(f.message)}{quote} <span class=\"cite\">"
                         f"[{_e(f.citation)}]</span></li>")
            h.append("</ul></details>")
        h.append("</section>")

    if ctx.diff is not None:
        b = ctx.diff
        h.append(f"<h2>Baseline</h2><p>{_e(b.source)}: {len(b.new)} new · {len(b.open)} still open · "
                 f"{len(b.resolved)} resolved</p><ul>")
        h += [f"<li>resolved: {_e(g.rule_id)}{_e(' [' + g.subject + ']') if g.subject else ''} in {_e(g.path)}</li>"
              for g in b.resolved]
        h.append("</ul>")
    params = v.unconfirmed_usage(run)
    if params:
        h.append('<h2>Unconfirmed parameters</h2><table id="unconfirmed"><tr><th>parameter</th><th>verdicts</th>'
                 "<th>gaps</th></tr>")
        h += [f"<tr><td>{_e(p)}</td><td>{n}</td><td>{g}</td></tr>" for p, n, g in params]
        h.append("</table>")
    errors = [d for d in run.documents if d.status == "error"]
    if errors:
        h.append("<h2>Unreadable documents</h2><ul>")
        h += [f"<li>{_e(d.path)}: {_e(d.error or 'could not be read.')}</li>" for d in errors]
        h.append("</ul>")
    if run.skipped:
        h.append(f'<h2>Skipped files (seen, not checked): {len(run.skipped)}</h2><ul id="skipped">')
        h += [f"<li>{_e(s.path)}: {_e(s.reason)}</li>" for s in run.skipped]
        h.append("</ul>")
    h.append(f"<script>{JS}</script></body></html>")
    return "\n".join(h) + "\n"
