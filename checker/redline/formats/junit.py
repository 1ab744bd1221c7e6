"""JUnit XML for CI: a suite per submission, a test case per template provision (and per added
provision that may conflict); a mandatory provision edited or removed fails, an addition sent
to review fails with type "review"."""
from __future__ import annotations

from xml.sax.saxutils import quoteattr, escape

from checker.redline.formats._common import changes, status_text
from checker.redline.model import DiffBatch

NAME = "junit"
EXTENSION = "xml"
ORDER = 6


def render(batch: DiffBatch) -> str:
    suites = []
    total = failures = errors = 0
    for r in batch.results:
        cases = []
        fails = 0
        if r.status == "error":
            errors += 1
            cases.append(f'    <testcase name="read" classname={quoteattr(r.path)}>'
                         f'<error message={quoteattr(r.error or "")}/></testcase>')
        for p in r.provisions:
            body = ""
            if p.needs_redline:
                fails += 1
                msg = f"mandatory provision {status_text(p)}: {changes(p) or p.template_text[:200]}"
                body = f"<failure type=\"redline-required\" message={quoteattr(msg)}>{escape(p.citation or '')}</failure>"
            cases.append(f"    <testcase name={quoteattr(p.template_id + ' ' + (p.heading or ''))} "
                         f"classname={quoteattr(r.path)}>{body}</testcase>")
        for a in r.added:
            if not a.conflicts:
                continue
            fails += 1
            msg = "; ".join(a.conflicts)
            cases.append(f"    <testcase name={quoteattr('added §' + (a.submission_section or '?'))} "
                         f"classname={quoteattr(r.path)}><failure type=\"review\" message={quoteattr(msg)}/></testcase>")
        total += len(cases)
        failures += fails
        suites.append(f"  <testsuite name={quoteattr(r.path)} tests=\"{len(cases)}\" failures=\"{fails}\" "
                      f"errors=\"{1 if r.status == 'error' else 0}\">\n" + "\n".join(cases) + "\n  </testsuite>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="compliance-check diff" tests="{total}" failures="{failures}" errors="{errors}">\n'
            + "\n".join(suites) + "\n</testsuites>\n")
