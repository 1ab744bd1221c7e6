"""The word-level diff: what counts as a change, and what each change is tagged with."""
from __future__ import annotations

import pytest

from checker.redline.tokens import tokenize
from checker.redline.worddiff import classify

PLACEHOLDERS = {"county": "county", "plan name": "plan"}


def _classify(template: str, submission: str):
    return classify(tokenize(template, PLACEHOLDERS), tokenize(submission, PLACEHOLDERS))


@pytest.mark.parametrize("template,submission,cosmetic", [
    ("MCP must post the summary within 30 days.", "MCP  must post the summary\nwithin 30 days.", []),
    ("MCP must post the summary.", "MCP MUST POST THE SUMMARY.", ["capitalisation"]),
    ("MCP must post the summary; then it must tell the County.", "MCP must post the summary, then it must tell "
                                                               "the County.", ["punctuation"]),
    ("Either Party may end it under Section 9.2.", "Either Party may end it under Section 10.2.",
     ["cross-reference numbers"]),
    ("The County of [County] must respond.", "The County of San Bernardino must respond.", []),
    ("[Plan Name] must respond.", "Blue Cross of California Partnership Plan, Inc. must respond.", []),
])
def test_form_only_differences_are_kept(template, submission, cosmetic):
    c = _classify(template, submission)
    assert c.status == "kept" and c.cosmetic == cosmetic


def test_shall_for_must_is_an_edit_that_keeps_the_meaning():
    c = _classify("MCP must train its staff.", "MCP shall train its staff.")
    assert (c.status, c.meaning, c.tags) == ("edited", "preserved", ["modal"])
    assert [(o.op, o.template, o.submission) for o in c.ops if o.op != "equal"] == [("swap", "must", "shall")]


@pytest.mark.parametrize("template,submission,tags", [
    ("Notify the other Party within 14 calendar days.", "Notify the other Party within 30 calendar days.",
     ["number", "timeframe"]),
    ("Notify within 10 business days.", "Notify within 10 calendar days.", ["timeframe"]),
    ("Each Party must accept referrals.", "Each Party may accept referrals.", ["modal"]),
    ("MCP must share the data.", "MCP must not share the data.", ["negation"]),
    ("The plan starts on May 1, 2025.", "The plan starts on June 1, 2025.", ["date"]),
    ("MCP must send the report to DHCS.", "The County must send the report to DHCS.", ["party"]),
    ("The Parties meet quarterly.", "The Parties meet twice a year.", ["timeframe"]),
    ("using the criteria of the medical society", "using the county's own placement criteria", ["wording"]),
])
def test_meaning_changes_are_tagged_with_what_they_touch(template, submission, tags):
    c = _classify(template, submission)
    assert c.status == "edited" and c.meaning == "changed"
    assert c.tags == tags


def test_a_fill_next_to_an_edit_is_still_a_fill():
    c = _classify("The County of [County] must respond.", "The County of Fresno may respond.")
    ops = [(o.op, o.template, o.submission) for o in c.ops if o.op != "equal"]
    assert ("fill", "[County]", "Fresno") in ops and c.tags == ["modal"]
