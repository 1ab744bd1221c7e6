"""One self-contained HTML file: no network, fonts or external scripts; all document text escaped.

Without scripts the page is complete static tables. With them (`html_assets.JS`), filters
(`<select>` ids filter-severity, filter-type, filter-element, filter-status, filter-review)
drive the summary counts, triage, element matrix and document sections; the view lives in
the URL hash (`#v=1&severity=high&type=mhp`; a query string such as `?severity=high`
presets it too). Unreadable documents stay visible under severity/element filters: they
were not checked.

Every `met` (its first quote) and every gap's nearest candidate gets an evidence snippet
(`checker.report.snippets`): the PNG data sit in one JSON script element, decoded only
when the reviewer opens the snippet. Review marks (confirm / dispute + note) live in
localStorage and export as a `--suppressions` file (`checker.gate.suppress`'s format).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from html import escape

import hashlib
import json

from checker.gate.baseline import finding_key
from checker.report import view as v
from checker.report.html_assets import CSS, JS
from checker.report.snippets import Snippet, collect, snippet_key, wanted
from checker.results import SEVERITIES, DocumentResult, Evidence, Finding, RunResult

STATUS_OPTIONS = (("", "gaps and undetermined"), ("gap", "gap"), ("undetermined", "undetermined"),
                  ("met", "met"), ("all", "all"))
REVIEW_OPTIONS = (("", "all"), ("unmarked", "unmarked"), ("confirmed", "confirmed"), ("disputed", "disputed"))
KEYS = (("j / k", "next / previous finding"), ("n / p", "next / previous document"),
        ("o", "open or close the current finding's snippet"), ("c / d", "confirm / dispute the current finding"))

if TYPE_CHECKING:
    from checker.report.options import OutputOptions

NAME = "html"  # --format html
EXTENSION = "html"  # the saved copy's suffix
ORDER = 4  # position in --format's choices


def _e(text: object) -> str:
    return escape(str(text if text is not None else ""), quote=True)


def _options(select_id: str, label: str, values: list[str] | tuple[tuple[str, str], ...]) -> str:
    pairs = [(x, x) for x in values] if values and isinstance(values[0], str) else list(values)
    if pairs and pairs[0][0] != "":
        pairs.insert(0, ("", "all"))
    if not pairs:
        pairs = [("", "all")]
    opts = "".join(f'<option value="{_e(val)}">{_e(text)}</option>' for val, text in pairs)
    return f'<label>{_e(label)} <select id="{select_id}">{opts}</select></label>'


def _snippet_html(doc: DocumentResult, f: Finding, snippets: dict[str, Snippet]) -> str:
    """The on-demand page region of a finding's quote, or why there is none (PDFs only)."""
    ev = wanted(f)
    if ev is None:
        return ""
    snip = snippets.get(snippet_key(doc, ev))
    if snip is None:
        return ""
    if not snip.data:
        return f'<p class="snip-na">{_e(snip.unavailable or "snippet unavailable")}</p>'
    note = f' <span class="ocr">({_e(snip.note)})</span>' if snip.note else ""
    return (f'<details class="snip" data-snip="{_e(snip.key)}"><summary>page region, p.{_e(snip.page)}{note}</summary>'
            f'<div class="snip-body"><noscript>Snippets need scripts.</noscript></div></details>')


def _quote(label: str, ev: Evidence) -> str:
    """One quote with what it is ('found', 'nearest candidate') and where; OCR text says so."""
    ocr = ' <span class="ocr">(read by OCR)</span>' if ev.ocr else ""
    return f'<blockquote><span class="label">{_e(label)}</span> {_e(v.where(ev))}{ocr} “{_e(ev.quote)}”</blockquote>'


def _where(f: Finding) -> str:
    """The where column: 'found p.2 §3' for a met, 'nearest candidate p.2 §2' for a gap."""
    if f.status == "met" and f.evidence:
        return f'<span class="met">found</span> {_e(v.where(f.evidence[0]))}'
    if f.status == "gap" and f.nearest is not None:
        return f"nearest candidate {_e(v.where(f.nearest))}"
    if f.status == "gap":
        return "not found"
    return _e(v.location(f))


def _finding_row(doc: DocumentResult, f: Finding, opts: OutputOptions, ctx: v.ReportContext,
                 snippets: dict[str, Snippet]) -> str:
    state = f.severity if f.status == "gap" else f.status
    extra = ""
    if f.suppressed:
        extra += f"<br><em>suppressed: {_e(f.suppressed)}</em>"
    if ctx.diff is not None and f.status == "gap":
        extra += f"<br><em>baseline: {_e(ctx.diff.state(doc, f))}</em>"
    if f.status == "met":
        quotes = "".join(_quote("found", ev) for ev in f.evidence if ev.quote)
    else:
        quotes = "".join(_quote("quote", ev) for ev in f.evidence if ev.quote)
    nearest = ""
    if f.status == "gap" and f.nearest is not None:
        lacked = f'<div><span class="label">lacked:</span> {_e(f.nearest_reason)}</div>' if f.nearest_reason else ""
        nearest = f'<div class="nearest">{_quote("nearest candidate", f.nearest)}{lacked}</div>'
    explain = ""
    if opts.explain and f.status == "gap":
        parts = [("must say", f.description), ("looked in", f.searched),
                 ("rests on unconfirmed", ", ".join(f.depends_on_unconfirmed) or None)]
        explain = "".join(f"<div><strong>{_e(k)}:</strong> {_e(x)}</div>" for k, x in parts if x)
    cls = "finding" + (" suppressed" if f.suppressed else "")
    return (
        f'<tr class="{cls}" data-severity="{_e(f.severity)}" data-element="{_e(f.element)}" '
        f'data-status="{_e(f.status)}" data-fp="{_e(finding_key(doc, f))}" data-rule="{_e(f.rule_id)}" '
        f'data-path="{_e(doc.path)}"' + (' data-suppressed="1"' if f.suppressed else "") + ">"
        f"<td>{_e(v.rule_label(f))}<br><small>{_e(f.title)}</small></td><td>{_e(f.element)}</td>"
        f'<td class="sev-{_e(f.severity)}">{_e(state)}{extra}</td><td>{_where(f)}</td>'
        f'<td class="msg">{_e(f.message)}{quotes}{nearest}{_snippet_html(doc, f, snippets)}{explain}</td>'
        f'<td class="cite">{_e(f.citation)}</td><td class="review"></td></tr>'
    )


_HEAD = ("<table><thead><tr><th>rule</th><th>element</th><th>status</th><th>where</th><th>message and "
         "evidence</th><th>citation</th><th>review</th></tr></thead><tbody>")


def _report_id(run: RunResult) -> str:
    """Names this report's marks in localStorage: the same run's report finds its marks again."""
    h = hashlib.sha256(run.as_of.encode())
    for d in run.documents:
        h.update(f"\x1e{d.path}\x1f{d.sha256}".encode())
    return h.hexdigest()[:16]


def _snippet_data(snippets: dict[str, Snippet]) -> str:
    """{"i": [png base64, ...], "k": {key: [image index, width, height]}}: JSON in a script
    element, parsed only when a snippet is first opened. Identical crops (the same template
    clause laid out the same way in several MOUs) are stored once."""
    images: dict[str, int] = {}
    keys = {}
    for k, s in sorted(snippets.items()):
        if s.data:
            keys[k] = [images.setdefault(s.data, len(images)), s.width, s.height]
    data = {"i": list(images), "k": keys}
    return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")


def render(run: RunResult, opts: OutputOptions, ctx: v.ReportContext | None = None) -> str:
    ctx = ctx or v.ReportContext()
    run = run.model_copy(deep=True)  # snippets fill Evidence.bbox; the caller's run stays as it was
    snippets = collect(run)
    ranked = v.rank_documents(run.documents)
    number = {id(d): i for i, d in enumerate(ranked, start=1)}
    c = v.counts(run)
    types = sorted({v.doc_type(d) for d in run.documents})
    els = v.elements(run)
    h: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Compliance gap report · {_e(run.as_of)}</title><style>{CSS}</style></head>"
        f'<body data-report="{_report_id(run)}" data-as-of="{_e(run.as_of)}">',
        "<h1>Compliance gap report</h1>",
        "<noscript><p><strong>Scripts are off:</strong> the tables below are complete; filters, evidence "
        "snippets, review marks and keys need scripts.</p></noscript>",
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

    h.append('<div class="filters">' + _options("filter-severity", "Severity", list(SEVERITIES))
             + _options("filter-type", "MOU type", types) + _options("filter-element", "Element", els)
             + _options("filter-status", "Status", STATUS_OPTIONS)
             + _options("filter-review", "Review", REVIEW_OPTIONS) + "</div>")
    h.append('<p class="keys">Keys: ' + " · ".join(f"<kbd>{_e(k)}</kbd> {_e(t)}" for k, t in KEYS)
             + ". The view (filters) is kept in the address: copy the link to share it.</p>")

    h.append('<h2>Summary <small id="filter-note"></small></h2><table id="summary"><tr><th>gaps by severity</th>'
             "<th>count</th></tr>")
    h += [f'<tr><td class="sev-{s}">{s}</td><td id="sum-{s}">{run.summary.gaps.get(s, 0)}</td></tr>' for s in SEVERITIES]
    h.append(f'<tr><td>total</td><td id="sum-total">{sum(run.summary.gaps.values())}</td></tr></table>')
    h.append(f'<p id="counts">documents <span id="n-docs">{c["documents"]}</span> · unreadable '
             f'<span id="n-errors">{c["errors"]}</span> · met <span id="n-met">{c["met"]}</span> · gaps '
             f'<span id="n-gap">{c["gap"] - c["suppressed"]}</span> · suppressed <span id="n-suppressed">'
             f'{c["suppressed"]}</span> · undetermined <span id="n-undetermined">{c["undetermined"]}</span>'
             f' · not applicable <span id="n-na">{c["not-applicable"]}</span></p>')

    h.append("<h2>Triage</h2><p>Worst first; score = 10×high + 3×medium + 1×low gaps.</p>")
    h.append('<table id="triage"><thead><tr><th>#</th><th>document</th><th>type</th><th>score</th>'
             "<th>high</th><th>medium</th><th>low</th><th>advisory</th><th>undetermined</th></tr></thead><tbody>")
    for d in ranked:
        n = number[id(d)]
        g = v.gap_counts(d)
        open_gaps = [f for f in d.findings if v.is_open_gap(f)]
        sevs = " ".join(sorted({f.severity for f in open_gaps}))
        dels = " ".join(sorted({f.element for f in open_gaps}))
        err = d.status == "error"
        err_cls = ' class="error"' if err else ""
        h.append(
            f'<tr id="tri-{n}" data-doc="{n}" data-type="{_e(v.doc_type(d))}" data-severities="{_e(sevs)}" '
            f'data-elements="{_e(dels)}" data-error="{1 if err else 0}"{err_cls}>'
            f'<td>{n}</td><td><a href="#doc-{n}">{_e(d.path)}</a></td>'
            f"<td>{_e(v.doc_type(d))}</td><td class=\"c-score\">{'UNREADABLE' if err else v.score(d)}</td>"
            + "".join(f'<td class="c-{s}">{g[s]}</td>' for s in SEVERITIES)
            + f"<td class=\"c-und\">{sum(1 for f in d.findings if f.status == 'undetermined')}</td></tr>"
        )
    h.append("</tbody></table>")

    if els and ranked:
        h.append(f"<h2>Element matrix</h2><p>{_e(v.LEGEND)}</p><table class=\"matrix\" id=\"matrix\"><thead><tr>"
                 "<th>element</th>" + "".join(f'<th data-doc="{number[id(d)]}" title="{_e(d.path)}">'
                                              f'<a href="#doc-{number[id(d)]}">{number[id(d)]}</a></th>' for d in ranked)
                 + "</tr></thead><tbody>")
        for e in els:
            h.append(f'<tr data-element="{_e(e)}"><th>{_e(e)}</th>'
                     + "".join(f'<td data-doc="{number[id(d)]}">{_e(v.mark(d, e))}</td>' for d in ranked) + "</tr>")
        h.append("</tbody></table>")

    h.append("<h2>Documents</h2>")
    for d in ranked:
        n = number[id(d)]
        err = d.status == "error"
        na = " ".join(f"{f.severity}/{f.element}" for f in d.findings if f.status == "not-applicable")
        h.append(f'<section class="doc" id="doc-{n}" data-doc="{n}" data-type="{_e(v.doc_type(d))}" '
                 f'data-error="{1 if err else 0}" data-na="{_e(na)}">'
                 f"<h3>{n}. {_e(d.path)} <small>({_e(v.doc_type(d))})</small></h3>")
        if d.mou_type_reason:
            h.append(f"<p><small>type decided by: {_e(d.mou_type_reason)}</small></p>")
        h.extend(f'<p class="note"><strong>Note:</strong> {_e(note)}</p>' for note in d.notes)
        if err:
            h.append(f'<p class="error"><strong>Unreadable:</strong> {_e(d.error or "could not be read.")}</p></section>')
            continue
        shown_f = [f for f in d.findings if f.status in ("gap", "undetermined")]
        if shown_f:
            h.append(_HEAD)
            h += [_finding_row(d, f, opts, ctx, snippets) for f in shown_f]
            h.append("</tbody></table>")
        else:
            h.append("<p>No gaps or undetermined findings.</p>")
        met = [f for f in d.findings if f.status == "met"]
        if met:
            h.append(f'<details class="met"><summary>Met requirements ({len(met)})</summary>{_HEAD}')
            h += [_finding_row(d, f, opts, ctx, snippets) for f in met]
            h.append("</tbody></table></details>")
        h.append("</section>")

    h.append('<div id="review-tools" hidden><h2>Review marks</h2><p>confirmed <span id="marks-confirmed">0</span> · '
             'disputed <span id="marks-disputed">0</span>. Marks stay in this browser. The export is a suppressions '
             "file: each disputed gap becomes an entry whose reason is your note "
             "(<code>compliance-check check PATH --suppressions review-suppressions.yaml</code>); confirmed "
             'findings are listed in it as comments.</p><p><button type="button" id="export-marks">Export marks '
             '(review-suppressions.yaml)</button> <button type="button" id="clear-marks">Clear marks</button></p>'
             '<textarea id="export-text" readonly hidden aria-label="exported suppressions"></textarea></div>')

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
    h.append(f'<script type="application/json" id="snippet-data">{_snippet_data(snippets)}</script>')
    h.append(f"<script>{JS}</script></body></html>")
    return "\n".join(h) + "\n"
