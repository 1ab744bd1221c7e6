"""Property 6: plan-report facts: shares, deadlines and portfolio coverage behave as their words say."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.dsl.parser import parse_rules_text
from checker.engine.evaluate import Subject, evaluate_rule
from checker.engine.facts_eval import FactContext, evaluate

from . import support

AS_OF = dt.date(2026, 11, 24)
ROLES = ["medi-cal-member", "advocate", "provider", "staff"]
COUNTIES = ["Inyo", "Mono", "Kern", "Fresno", "Alpine"]


def _expr(text: str):
    (rule,), diags = parse_rules_text(f'rule P.X "t"\n  require {text}\n')
    assert not diags
    return rule.require


SHARE = _expr('share(cac.members where role == "medi-cal-member")')
members = st.lists(st.fixed_dictionaries({"role": st.sampled_from(ROLES), "county": st.sampled_from(COUNTIES)}),
                   max_size=12)


def _share(ms: list[dict]) -> float | None:
    return evaluate(SHARE, FactContext({"cac": {"members": ms}}, {}, AS_OF))


@given(members)
def test_share_stays_between_zero_and_one(ms: list[dict]) -> None:
    value = _share(ms)
    if not ms:
        assert value is None  # no members: unknown, not a number
    else:
        assert 0.0 <= value <= 1.0
        assert value == pytest.approx(sum(m["role"] == "medi-cal-member" for m in ms) / len(ms))


@given(members, st.sampled_from(COUNTIES), st.integers(0, 12))
def test_adding_a_member_who_meets_the_criterion_never_lowers_the_share(ms, county, where) -> None:
    before = _share(ms)
    grown = ms[:where] + [{"role": "medi-cal-member", "county": county}] + ms[where:]
    after = _share(grown)
    assert after is not None and (before is None or after >= before), (before, after)


# ---- deadlines ---------------------------------------------------------------------------------
def _shipped():
    return support.rules(str(support.HERE.parents[1] / "rules"))


def _plan_findings(rule_id: str, facts: dict, as_of: dt.date = AS_OF):
    rs = _shipped()
    compiled = rs.find(rule_id)
    if compiled is None:
        pytest.fail(f"{rule_id} is not in the shipped rules: the property has nothing to check")
    facts.setdefault("run", {"mous": []})
    return evaluate_rule(compiled, rs, Subject("plan-report", "plan.yaml", facts=facts), as_of)


def _filing(filed: dt.date, due: dt.date) -> dict:
    return {"filings": [{"duty": "mou-annual-report", "county": "Inyo", "mou_type": "mhp",
                         "period": {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)},
                         "due": due, "filed": filed}]}


filing_dates = st.dates(dt.date(2025, 1, 1), AS_OF)


@given(filing_dates, filing_dates, filing_dates)
def test_deadline_verdict_is_monotone_in_the_filing_date(a: dt.date, b: dt.date, due: dt.date) -> None:
    early, late = sorted([a, b])
    [f_early] = _plan_findings("REPORTING.ON_TIME", _filing(early, due))
    [f_late] = _plan_findings("REPORTING.ON_TIME", _filing(late, due))
    assert not (f_late.status == "met" and f_early.status != "met"), (early, late, due)
    assert f_early.status == ("met" if early <= due else "gap"), (early, due, f_early.message)


# ---- portfolio coverage --------------------------------------------------------------------------
TYPES = ["ihss", "mhp", "dmc-ods", "dmc", "wic", "lhd", "tcm", "first5", "jails", "cdcr", "lea"]
mous = st.lists(st.fixed_dictionaries({
    "county": st.sampled_from(COUNTIES), "type": st.sampled_from(TYPES),
    "executed": st.dates(dt.date(2023, 6, 1), dt.date(2028, 6, 1))}), max_size=6)


@given(st.lists(st.sampled_from(COUNTIES), min_size=1, max_size=3, unique=True), mous,
       st.dates(dt.date(2023, 1, 1), dt.date(2028, 12, 31)))
def test_portfolio_never_requires_a_type_before_its_mou_date(counties, ms, as_of: dt.date) -> None:
    rs = _shipped()
    effective = {t: info.get("effective") for t, info in rs.mou_types.items()}
    facts = {"plan": {"counties": counties, "dmc_ods_counties": counties[:1]}, "mous": ms}
    reported = []
    for rule_id in ("PORTFOLIO.COUNTY_COVERAGE", "PORTFOLIO.STATEWIDE_COVERAGE"):
        for f in _plan_findings(rule_id, dict(facts), as_of):
            if f.status == "not-applicable" or f.subject is None:
                continue
            type_id = f.subject.split(" / ")[-1]
            reported.append(type_id)
            start = effective.get(type_id)
            assert start is not None and start <= as_of, (rule_id, f.subject, start, as_of)
    due = {t for t, d in effective.items() if d is not None and d <= as_of}
    assert set(reported) <= due
