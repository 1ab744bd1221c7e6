"""Property 5: a rule applies exactly when as_of lies in its effective window."""
from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from checker.engine.evaluate import Subject, evaluate_rule
from checker.engine.units import DocumentView

from . import support

dates = st.dates(dt.date(2023, 1, 1), dt.date(2028, 12, 31))
RULE_IDS = ("MOU.LIAISON", "MOU.MEETINGS", "CLR.CLOSURE_NOTICE", "REINVESTMENT.SHARE")
DOC = support.doc("1. Liaisons. Each Party shall designate a liaison.\n\n2. The Parties shall meet quarterly.\n")


@st.composite
def windows(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    start = draw(st.none() | dates)
    until = draw(st.none() | dates) if start is not None else None
    if start and until and until < start:
        start, until = until, start
    return start, until


def _in_window(as_of: dt.date, start: dt.date | None, until: dt.date | None) -> bool:
    return (start is None or start <= as_of) and (until is None or as_of <= until)


def _findings(rule_id: str, start, until, as_of):
    rs = support.small_rules()
    compiled = rs.find(rule_id)
    assert compiled is not None
    moved = dataclasses.replace(compiled, rule=dataclasses.replace(
        compiled.rule, effective_from=start, effective_until=until))
    if moved.rule.applies == "plan-report":
        subject = Subject("plan-report", "r.yaml", facts={"reinvestment": {"amount": 10, "net_income": 100}})
    else:
        subject = Subject("mou", DOC.path, view=DocumentView(DOC), meta={"mou_type": "mhp"}, mou_type="mhp")
    return evaluate_rule(moved, rs, subject, as_of)


@given(st.sampled_from(RULE_IDS), windows(), dates)
def test_not_applicable_exactly_outside_the_window(rule_id: str, window, as_of: dt.date) -> None:
    start, until = window
    statuses = {f.status for f in _findings(rule_id, start, until, as_of)}
    if _in_window(as_of, start, until):
        assert "not-applicable" not in statuses, (rule_id, window, as_of, statuses)
    else:
        assert statuses == {"not-applicable"}, (rule_id, window, as_of, statuses)


@given(windows())
def test_window_bounds_are_inclusive_days(window) -> None:
    """The first and last day of a window are inside it; the day before and after are not."""
    start, until = window
    if start is None:
        return
    edge = until or start
    for day, inside in ((start, True), (edge, True), (start - dt.timedelta(days=1), False)):
        statuses = {f.status for f in _findings("MOU.LIAISON", start, until, day)}
        assert ("not-applicable" not in statuses) == inside, (window, day, statuses)
    if until is not None:
        statuses = {f.status for f in _findings("MOU.LIAISON", start, until, until + dt.timedelta(days=1))}
        assert statuses == {"not-applicable"}, (window, statuses)
