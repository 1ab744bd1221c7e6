"""HTML: the side-by-side redline a reviewer would otherwise make by hand.

One row per template provision in template order, the template's words on the left (deleted
words struck through) and the submission's on the right (inserted words underlined); changed
numbers, dates, timeframes, modal verbs and negations are marked in colour; placeholders
filled in are shown in italics; added provisions follow. Self-contained: no script, no
external files, every text escaped.
"""
from __future__ import annotations

from html import escape

from checker.redline.formats._common import DECISION_TEXT, status_text, where
from checker.redline.model import DiffBatch, DiffResult, ProvisionResult

NAME = "html"
EXTENSION = "html"
ORDER = 4
STRONG_TAGS = ("modal", "negation", "number", "date", "timeframe")

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
.decision{display:inline-block;padding:.2em .6em;border-radius:4px;font-weight:600}
.file-and-use{background:#e3f4e3}.review{background:#fff3cd}.redline-required{background:#f8d7da}
table{border-collapse:collapse;width:100%;margin:.8em 0}td,th{border:1px solid #ddd;padding:.35em .5em;vertical-align:top}
th{background:#f4f4f4;text-align:left}td.side{width:40%}
del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:underline}
del.strong,ins.strong{outline:2px solid #c60;font-weight:600}
.fill{font-style:italic;color:#335}.swap{background:#eef}
.status{white-space:nowrap;font-size:.9em}.kept{color:#666}.mandatory{font-weight:600}
tr.redline td{background:#fff5f5}tr.added td{background:#f5fff5}tr.conflict td{background:#fffbe6}
.legend span{margin-right:1em}
"""


def _side(p: ProvisionResult, side: str) -> str:
    out = []
    for o in p.diff:
        text = o.template if side == "template" else o.submission
        if o.op == "equal":
            out.append(escape(text))
        elif o.op == "fill":
            out.append(f'<span class="fill" title="placeholder">{escape(text)}</span>')
        elif o.op == "swap":
            out.append(f'<span class="swap" title="same meaning">{escape(text)}</span>')
        elif text:
            strong = " strong" if any(t in STRONG_TAGS for t in o.tags) else ""
            tag = "del" if side == "template" else "ins"
            out.append(f'<{tag} class="{tag}{strong}" title="{escape(", ".join(o.tags))}">{escape(text)}</{tag}>')
    return " ".join(out)


def _row(p: ProvisionResult) -> str:
    cls = "redline" if p.needs_redline else p.status
    left = escape(p.template_text) if p.status in ("removed", "kept", "moved") else _side(p, "template")
    if p.status == "removed":
        left = f'<del class="del strong">{left}</del>'
        right = "<em>(not in the submission)</em>"
    elif p.status in ("kept", "moved"):
        right = _side(p, "submission") if p.diff else escape(p.submission_text)
    else:
        right = _side(p, "submission")
    mand = '<span class="mandatory">mandatory</span>' if p.mandatory else "optional"
    cite = f'<br><small>{escape(p.citation)}</small>' if p.citation else ""
    tracked = ("<br><small>tracked: " + escape("; ".join(p.tracked)) + "</small>") if p.tracked else ""
    return (f'<tr class="{cls}"><td>{escape(p.template_id)}<br>{escape(p.heading or "")}<br>{mand}{cite}</td>'
            f'<td class="side">{left}</td><td class="side">{right}{tracked}</td>'
            f'<td class="status {p.status}">{escape(status_text(p))}<br>{escape(where(p))}'
            f'{"<br><b>redline</b>" if p.needs_redline else ""}</td></tr>')


def _submission(r: DiffResult) -> str:
    parts = [f"<h2>{escape(r.path)}</h2>"]
    if r.status == "error":
        return parts[0] + f"<p><b>Error:</b> {escape(r.error or '')}</p>"
    d = r.decision or "file-and-use"
    parts.append(f'<p><span class="decision {d}">{escape(d)}</span> {escape(DECISION_TEXT[d])}</p>')
    parts.append("<p>Templates: " + ", ".join(escape(f"{t['id']} ({t['path']})") for t in r.templates) + "<br>"
                 + escape(", ".join(f"{n} {s}" for s, n in r.counts().items())) + "</p>")
    if r.reasons:
        parts.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in r.reasons) + "</ul>")
    if r.notes:
        parts.append("<ul>" + "".join(f"<li><i>note:</i> {escape(x)}</li>" for x in r.notes) + "</ul>")
    rows = [_row(p) for p in r.provisions]
    for a in r.added:
        loc = f"§{a.submission_section}" if a.submission_section else f"p.{a.submission_pages[0]}"
        conflict = ("<br><b>review:</b> " + escape("; ".join(a.conflicts))) if a.conflicts else ""
        rows.append(f'<tr class="{"conflict" if a.conflicts else "added"}"><td>(not in the template)</td>'
                    f'<td class="side"></td><td class="side"><ins class="ins">{escape(a.text)}</ins></td>'
                    f'<td class="status">added<br>{escape(loc)}{conflict}</td></tr>')
    parts.append('<table><tr><th>template provision</th><th>template</th><th>submission</th><th>status</th></tr>'
                 + "".join(rows) + "</table>")
    return "\n".join(parts)


def render(batch: DiffBatch) -> str:
    body = "\n".join(_submission(r) for r in batch.results)
    skipped = "".join(f"<li>{escape(s['path'])}: {escape(s['reason'])}</li>" for s in batch.skipped)
    summary = escape(", ".join(f"{v} {k}" for k, v in batch.summary().items()))
    legend = ('<p class="legend"><span><del class="del">deleted</del></span><span><ins class="ins">inserted'
              '</ins></span><span><ins class="ins strong">number, date, timeframe, modal or negation</ins></span>'
              '<span class="fill">placeholder filled</span> <span class="swap">same-meaning swap</span></p>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Template deviation report</title>"
            f"<style>{CSS}</style></head><body><h1>Template deviation report</h1>{legend}<p>{summary}</p>\n{body}\n"
            + (f"<h2>Skipped</h2><ul>{skipped}</ul>" if skipped else "") + "</body></html>\n")
