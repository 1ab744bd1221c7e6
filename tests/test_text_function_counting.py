"""at_least_terms(K, terms): a duty recognised by the list it names."""
from __future__ import annotations

import datetime as dt

import pytest

from checker.engine.ruleset import load_ruleset
from checker.engine.text_functions import REGISTRY
from checker.extract.text import parse_text
from checker.run import RunOptions, check_mou


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def _verdict(ruleset, text: str) -> str:
    doc = parse_text("MOU\n\n" + text + "\n", "t.txt")
    result = check_mou(doc, ruleset, RunOptions(as_of=dt.date(2026, 11, 24), mou_type="mhp"), "t.txt")
    return next(f.status for f in result.findings if f.rule_id == "MOU.NONDISCRIMINATION")


def test_three_protected_traits_make_a_nondiscrimination_clause(ruleset):
    assert "at_least_terms" in REGISTRY
    assert _verdict(ruleset, "No Member may be turned away because of religion, ancestry or age.") == "met"


def test_two_traits_or_the_same_trait_twice_do_not(ruleset):
    assert _verdict(ruleset, "Services are planned by age and language.") == "gap"
    assert _verdict(ruleset, "Age groups and age bands are reported by age.") == "gap"


def test_a_postponed_list_is_still_postponed(ruleset):
    assert _verdict(ruleset, "Rules on race, religion and age will be added at a later date.") == "gap"
