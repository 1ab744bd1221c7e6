"""Obligation-aware matching: modality of the duty clause, object binding, context, combined types."""
from __future__ import annotations

import datetime as dt

import pytest

from checker.engine.compile import modality_for
from checker.engine.ruleset import load_ruleset
from checker.engine.classify import classify
from checker.engine.modality import segments
from checker.engine.units import DocumentView
from checker.extract.text import parse_text
from checker.run import RunOptions, check_mou

AS_OF = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def verdict(ruleset, rule_id: str, text: str, mou_type: str = "mhp"):
    doc = parse_text("MEMORANDUM OF UNDERSTANDING\n\n" + text + "\n", "t.txt")
    result = check_mou(doc, ruleset, RunOptions(as_of=AS_OF, mou_type=mou_type), "t.txt")
    return next(f for f in result.findings if f.rule_id == rule_id)


@pytest.mark.parametrize("text, kind", [
    ("The Parties must work collaboratively to develop policies and procedures for referrals.", "obligation"),
    ("By January 1, 2025, the Parties must develop a process to track referrals.", "obligation"),
    ("Referral procedures are to be developed at a later date.", "postponement"),
    ("The Parties will set up a referral process once DHCS issues guidance.", "postponement"),
    ("This MOU does not establish a referral process.", "negation"),
    ("The Parties may consider a referral process.", "hedge"),
    ("The Plan refers Members to the County.", "statement"),
])
def test_modality_of_the_duty_clause(ruleset, text, kind):
    assert modality_for(ruleset.terms).judge(text, [(4, 10)]).kind == kind


def test_a_hedge_spoils_only_the_clause_it_governs(ruleset):
    text = "MCP must refer Members to the County, while the County is encouraged to help with forms."
    guard = modality_for(ruleset.terms)
    assert len(segments(text)) == 2
    assert guard.judge(text, [(0, 20)]).binding  # the duty clause
    assert not guard.judge(text, [(text.index("encouraged"), len(text))]).binding  # the hedged clause


def test_postponed_duty_is_a_gap_and_the_message_names_the_modality(ruleset):
    f = verdict(ruleset, "MOU.LIAISON", "1. Liaisons\n\nEach party will name its liaison at a later date.")
    assert f.status == "gap"
    assert "postpones the duty" in f.nearest_reason and "later" in f.nearest_reason


def test_heading_alone_never_meets(ruleset):
    f = verdict(ruleset, "MOU.DISPUTE_RESOLUTION",
                "12. DISPUTE RESOLUTION\n\nA process for this will be developed at a later date.")
    assert f.status == "gap"


@pytest.mark.parametrize("text, status", [
    ("MCP will place a copy of this MOU on its website.", "met"),
    ("This MOU will be posted on the MCP's public website.", "met"),
    ("MCP will post the annual report on this MOU on its website.", "gap"),
    ("MCP will post meeting summaries about this MOU on its website.", "gap"),
])
def test_posting_binds_the_act_to_this_mou(ruleset, text, status):
    assert verdict(ruleset, "MOU.POSTING", text).status == status


@pytest.mark.parametrize("text, status", [
    ("Either Party may terminate this MOU on ninety days' written notice.", "met"),
    ("Either of us may bring this MOU to an end by giving sixty days' written notice.", "met"),
    ("Each Party keeps records for ten years from the end of the MOU term, if asked.", "gap"),
    ("A Member's services end when the Member moves out of the county.", "gap"),
])
def test_termination_binds_the_act_to_this_mou(ruleset, text, status):
    assert verdict(ruleset, "MOU.TERMINATION", text).status == status


def test_a_sentence_is_read_with_the_one_it_refers_back_to(ruleset):
    text = ("10. Escalation\n\nIf the disagreement is not settled in thirty days, it goes to the directors. "
            "If they cannot settle it, either Party may then ask DHCS in writing to decide.")
    assert verdict(ruleset, "MOU.DISPUTE_DHCS", text).status == "met"
    alone = "10. Escalation\n\nEither Party may ask DHCS in writing about payments."
    assert verdict(ruleset, "MOU.DISPUTE_DHCS", alone).status == "gap"


def test_table_rows_carry_their_header_as_context():
    text = ("MOU\n\n| Responsibility | MCP | County |\n| --- | --- | --- |\n"
            "| Training | Trains network providers | Trains staff |\n")
    doc = parse_text(text, "t.md", markdown=True)
    rows = [u for u in DocumentView(doc).units("sentence") if u.clause.kind == "table"]
    assert rows, "the markdown table should become table rows"
    training = next(u for u in rows if "Training" in u.text)
    assert "Responsibility" in training.context_text and "County" in training.context_text


def test_combined_mou_covers_both_types_and_both_packs_apply(ruleset):
    text = ("MEMORANDUM OF UNDERSTANDING FOR SPECIALTY MENTAL HEALTH SERVICES AND THE DRUG MEDI-CAL "
            "ORGANIZED DELIVERY SYSTEM\n\nThis MOU is between the County Mental Health Plan and the "
            "Drug Medi-Cal Organized Delivery System of Fresno County and the Plan.\n")
    doc = parse_text(text, "t.txt")
    cls = classify(doc, ruleset.mou_types, [])
    assert set(cls.mou_types) == {"mhp", "dmc-ods"} and cls.mou_types[0] == cls.mou_type
    result = check_mou(doc, ruleset, RunOptions(as_of=AS_OF), "t.txt")
    applied = {f.rule_id.split(".")[0] for f in result.findings if f.status != "not-applicable"}
    assert {"MHP", "DMC-ODS"} <= applied
    assert result.mou_types == cls.mou_types


def test_mou_type_option_takes_several_types(ruleset):
    doc = parse_text("MOU\n\nThis MOU is between the Plan and the County.\n", "t.txt")
    result = check_mou(doc, ruleset, RunOptions(as_of=AS_OF, mou_type="mhp,dmc-ods"), "t.txt")
    assert result.mou_type == "mhp" and result.mou_types == ["mhp", "dmc-ods"]
    assert any(f.rule_id.startswith("DMC-ODS.") and f.status != "not-applicable" for f in result.findings)


def test_a_duty_inside_one_clause_stands_beside_a_postponed_one(ruleset):
    text = ("MCP must post the date and a summary of each meeting on its website within thirty days, and the "
            "Parties will decide later whether this MOU is posted as well. The Parties meet every quarter.")
    assert verdict(ruleset, "MOU.MEETINGS_PUBLISHED", text).status == "met"


def test_a_clause_that_leans_on_a_postponed_one_is_postponed_too(ruleset):
    text = ("The Parties will discuss how referrals are tracked in a future amendment once DHCS issues guidance, "
            "and the closed loop referral procedures in Article XIV will then apply.")
    assert verdict(ruleset, "CLR.PROCESS", text).status == "gap"


@pytest.mark.parametrize("text", [
    "If DHCS requires it, MCP will publish on its website an annual report on the yearly review.",
    "Should DHCS require an annual report, MCP will post it on its website.",
])
def test_a_duty_conditional_on_dhcs_is_not_a_present_duty(ruleset, text):
    assert verdict(ruleset, "MOU.ANNUAL_REPORT", text).status == "gap"


def test_by_refuses_an_act_done_by_another_agent(ruleset):
    met = "The Plan oversees its subcontractors' compliance with this MOU through annual audits."
    gap = "DHCS monitors the Plan's compliance with this MOU, and the Inspector General audits subcontractors."
    assert verdict(ruleset, "MOU.OVERSIGHT", met).status == "met"
    assert verdict(ruleset, "MOU.OVERSIGHT", gap).status == "gap"


def test_every_party_needs_a_signature_block(ruleset):
    both = ("IN WITNESS WHEREOF the parties sign below.\n\nCOUNTY OF INYO\nBy: Jane Roe (signed)\nTitle: Director\n"
            "Date: April 2, 2024\n\nSUNRISE HEALTH PLAN\nBy: Ann Poe (signed)\nTitle: Chief Executive\nDate: April 3, 2024")
    one = both.split("\n\nSUNRISE")[0]
    assert verdict(ruleset, "MOU.SIGNATURES", both).status == "met"
    assert verdict(ruleset, "MOU.SIGNATURES", one).status == "gap"


@pytest.mark.parametrize("text, kind", [
    ("A change to a mandatory provision will not take effect until DHCS approves it.", "obligation"),
    ("By January 1, 2025, or a later date DHCS sets, the Parties shall develop a process.", "obligation"),
    ("The Parties will develop the process at a later date.", "postponement"),
    ("This MOU will not create a referral process.", "negation"),
])
def test_conditions_and_alternative_deadlines_are_not_denials_or_postponements(ruleset, text, kind):
    assert modality_for(ruleset.terms).judge(text, [(0, len(text))]).kind == kind


def test_a_capitalised_title_with_a_number_is_not_evidence(ruleset):
    f = verdict(ruleset, "MOU.NONDISCRIMINATION", "13. NONDISCRIMINATION Section 13.01.\n\nTo be added later.")
    assert f.status == "gap"


def test_descriptions_show_parameter_values_not_only_names(ruleset):
    f = verdict(ruleset, "MOU.LIAISON_CHANGE_NOTICE", "Each party names a liaison.")
    assert "5 business days (mou.liaison_change_notice_days, unconfirmed)" in f.description
    meetings = verdict(ruleset, "MOU.MEETINGS", "The parties meet twice a year.")
    assert "at least 4 (mou.meetings_per_year) times a year" in meetings.description


def test_a_plain_language_run_in_title_is_not_the_duty(ruleset):
    deferred = ("Teaching staff about this MOU. Both of us value staff education. We will discuss a joint training "
                "program for staff on the processes in this MOU in a future amendment.")
    assert verdict(ruleset, "MOU.TRAINING", deferred).status == "gap"
    real = "Teaching staff about this MOU. We will train our staff and network providers on the referral process."
    assert verdict(ruleset, "MOU.TRAINING", real).status == "met"
