"""Property 4: stated timeframes mean the same whatever their spelling, and compare monotonically.

The expected lengths below are written out independently of `checker.text.timeframes`
(the rules README: a business day counts 7/5 calendar days; a month 30 days; a year 365).
"""
from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from checker.dsl import ast
from checker.engine.facts_eval import quantity_value
from checker.text.timeframes import find_durations

from . import support

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45,
         "sixty": 60, "ninety": 90}
# text unit -> (calendar days per unit, rule-language unit)
UNITS = {
    "hours": (1 / 24, "hours"), "days": (1.0, "days"), "calendar days": (1.0, "calendar_days"),
    "business days": (7 / 5, "business_days"), "working days": (7 / 5, "business_days"),
    "weeks": (7.0, "weeks"), "months": (30.0, "months"), "years": (365.0, "years"),
}
RULE_UNITS = sorted({u for _, u in UNITS.values()})
TRUE_DAYS = {u: d for d, u in UNITS.values()}

words = st.sampled_from(sorted(WORDS))
units = st.sampled_from(sorted(UNITS))
statements = st.tuples(st.integers(1, 400), units)


def _days(n: float, unit: str) -> float:
    return n * UNITS[unit][0]


def _stated(phrase: str) -> float:
    found = find_durations(f"The plan shall notify the other party within {phrase} of the request.")
    assert len(found) == 1, (phrase, found)
    return found[0].days


@given(words, units, st.sampled_from([str.lower, str.upper, str.title]))
def test_number_words_and_digits_agree(word: str, unit: str, case) -> None:
    n = WORDS[word]
    forms = [f"{word} ({n}) {unit}", f"{n} {unit}", f"{word} {unit}", f"{n} ({n}) {unit}"]
    got = [_stated(case(f)) for f in forms]
    assert all(abs(g - _days(n, unit)) < 1e-9 for g in got), dict(zip(forms, got))


@given(st.integers(1, 500), units)
def test_text_and_parameter_units_convert_alike(n: int, unit: str) -> None:
    per_day, rule_unit = UNITS[unit]
    assert abs(_stated(f"{n} {unit}") - n * per_day) < 1e-9
    assert abs(quantity_value(ast.Quantity(n, rule_unit)) - n * per_day) < 1e-9


def _verdict(rule_id: str, n: int, unit: str, bound: tuple[int, str]) -> str:
    rs = support.with_param(support.rules(str(support.FIXTURES / "timeframe")), "t.bound", bound[0], bound[1])
    document = support.doc(f"1. Notices. The plan shall notify the other party within {n} {unit}.\n")
    return support.text_verdicts(rs, document)[rule_id]


bounds = st.tuples(st.integers(1, 120), st.sampled_from(RULE_UNITS))


@given(statements, statements, bounds)
def test_comparison_is_monotone_in_the_stated_duration(a, b, bound) -> None:
    (n1, u1), (n2, u2) = sorted([a, b], key=lambda s: _days(*s))  # s1 is no longer than s2
    at_most = [_verdict("T.AT_MOST", n, u, bound) for n, u in ((n1, u1), (n2, u2))]
    at_least = [_verdict("T.AT_LEAST", n, u, bound) for n, u in ((n1, u1), (n2, u2))]
    # a longer period never passes "at most" where a shorter fails, and conversely for "at least"
    assert not (at_most[1] == "met" and at_most[0] == "gap"), (a, b, bound, at_most)
    assert not (at_least[0] == "met" and at_least[1] == "gap"), (a, b, bound, at_least)


@given(statements, bounds)
def test_comparison_agrees_with_calendar_day_lengths(stmt, bound) -> None:
    limit = bound[0] * TRUE_DAYS[bound[1]]
    stated = _days(*stmt)
    assume(abs(stated - limit) > 1e-6)
    expected = "met" if stated < limit else "gap"
    assert _verdict("T.AT_MOST", *stmt, bound) == expected, (stmt, bound, stated, limit)


@given(st.integers(1, 200), st.integers(1, 300), bounds)
def test_business_days_never_beat_a_shorter_calendar_period(n: int, m: int, bound) -> None:
    """N business days is longer than N calendar days; it may not pass where a shorter period fails."""
    business = _verdict("T.AT_MOST", n, "business days", bound)
    assume(m < n * 7 / 5)
    calendar = _verdict("T.AT_MOST", m, "calendar days", bound)
    assert not (business == "met" and calendar == "gap"), (n, m, bound)
