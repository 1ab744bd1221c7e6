"""Every engine status on small documents: met, gap, not-applicable, undetermined."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.document import Clause, Document, PageInfo
from checker.engine.ruleset import load_ruleset
from checker.engine.evaluate import Subject, evaluate_rule
from checker.engine.units import DocumentView
from checker.extract.text import parse_text

RULES = Path(__file__).parent / "fixtures" / "rules_small"
AS_OF = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULES)


def mou(text: str, mou_type: str | None = "mhp", pages: list[PageInfo] | None = None) -> Subject:
    doc = parse_text(text, "doc.txt")
    if pages is not None:
        doc = doc.model_copy(update={"pages": pages})
    return Subject("mou", "doc.txt", view=DocumentView(doc), meta={"mou_type": mou_type}, mou_type=mou_type)


def run(ruleset, rule_id: str, subject: Subject, as_of: dt.date = AS_OF):
    [finding] = evaluate_rule(ruleset.find(rule_id), ruleset, subject, as_of)
    return finding


def test_met_has_page_section_and_quote(ruleset) -> None:
    f = run(ruleset, "MOU.LIAISON", mou("4. Liaisons\n4.1 Each Party shall designate a liaison for this MOU.\n"))
    assert f.status == "met"
    [ev] = f.evidence
    assert (ev.page, ev.section) == (1, "4.1")
    assert ev.quote == "Each Party shall designate a liaison for this MOU."
    assert f.citation == "MCP Contract Exh. A Att. III 5.6"
    assert f.fingerprint and f.depends_on_unconfirmed == []


def test_gap_says_what_was_searched_and_nearest_candidate(ruleset) -> None:
    text = "1. General\n1.1 The liaison role will be discussed at a later date.\n2. Other\n2.1 The parties cooperate.\n"
    f = run(ruleset, "MOU.LIAISON", mou(text))
    assert f.status == "gap"
    assert "searched 4 clauses" in (f.searched or "") and "all_of(designate, liaison, not deferral)" in f.searched
    assert f.nearest is not None and f.nearest.section == "1.1"
    assert "liaison" in (f.nearest_reason or "") and "deferral" in f.nearest_reason


def test_decoy_alone_is_not_compliance(ruleset) -> None:
    f = run(ruleset, "MOU.LIAISON", mou("1. The parties may consider naming a liaison at a later date.\n"))
    assert f.status == "gap"


def test_not_applicable_for_other_mou_type(ruleset) -> None:
    text = "1. The MCP shall notify the referring party of closure within 5 business days.\n"
    assert run(ruleset, "CLR.CLOSURE_NOTICE", mou(text, "mhp")).status == "met"
    f = run(ruleset, "CLR.CLOSURE_NOTICE", mou(text, "wic"))
    assert f.status == "not-applicable" and "wic" in f.message
    f = run(ruleset, "CLR.CLOSURE_NOTICE", mou(text, None))
    assert f.status == "not-applicable" and "not recognised" in f.message


def test_not_applicable_outside_effective_window(ruleset) -> None:
    text = "1. The MCP shall notify the referring party of closure within 5 business days.\n"
    f = run(ruleset, "CLR.CLOSURE_NOTICE", mou(text), as_of=dt.date(2025, 6, 30))
    assert f.status == "not-applicable" and "2025-07-01" in f.message
    assert run(ruleset, "CLR.CLOSURE_NOTICE", mou(text), as_of=dt.date(2025, 7, 1)).status == "met"


def test_timeframe_compared_with_unconfirmed_parameter(ruleset) -> None:
    long = "1. The MCP shall notify the referring party of closure within thirty (30) business days.\n"
    f = run(ruleset, "CLR.CLOSURE_NOTICE", mou(long))
    assert f.status == "gap"
    assert f.depends_on_unconfirmed == ["clr.closure_notice_days"]


def test_undetermined_when_pages_have_no_text_layer(ruleset) -> None:
    pages = [PageInfo(number=1), PageInfo(number=2, has_text=False, note="no text layer")]
    f = run(ruleset, "MOU.LIAISON", mou("1. The parties cooperate.\n", pages=pages))
    assert f.status == "undetermined" and "pages 2" in f.message and "OCR" in f.message


def test_met_even_with_unreadable_pages_when_text_is_found(ruleset) -> None:
    pages = [PageInfo(number=1), PageInfo(number=2, has_text=False)]
    f = run(ruleset, "MOU.LIAISON", mou("1. Each party shall appoint a point of contact.\n", pages=pages))
    assert f.status == "met"


def test_frequency_rule(ruleset) -> None:
    assert run(ruleset, "MOU.MEETINGS", mou("1. The Parties shall meet four times per year.\n")).status == "met"
    assert run(ruleset, "MOU.MEETINGS", mou("1. The Parties shall meet twice a year.\n")).status == "gap"


def test_clause_with_two_pages_cites_first_page(ruleset) -> None:
    doc = Document(path="d", clauses=[Clause(section="7", text="Each party shall designate a liaison.", pages=[3, 4])],
                   pages=[PageInfo(number=n) for n in range(1, 5)])
    subject = Subject("mou", "d", view=DocumentView(doc), meta={}, mou_type="mhp")
    f = run(ruleset, "MOU.LIAISON", subject)
    assert f.status == "met" and f.evidence[0].page == 3


# ---- plan-report facts -------------------------------------------------------------
def report(facts: dict) -> Subject:
    return Subject("plan-report", "r.yaml", facts=facts)


def test_fact_rule_met_and_gap_under_both_sourced_values(ruleset) -> None:
    f = run(ruleset, "REINVESTMENT.SHARE", report({"reinvestment": {"amount": 10, "net_income": 100}}))
    assert f.status == "met" and f.depends_on_unconfirmed == ["reinvestment.min_share"]
    f = run(ruleset, "REINVESTMENT.SHARE", report({"reinvestment": {"amount": 1, "net_income": 100}}))
    assert f.status == "gap" and "needs at least" in f.message and "computed as" in f.message


def test_fact_rule_undetermined_between_conflicting_sources(ruleset) -> None:
    f = run(ruleset, "REINVESTMENT.SHARE", report({"reinvestment": {"amount": 6, "net_income": 100}}))
    assert f.status == "undetermined"
    assert "0.05" in f.message and "0.075" in f.message


def test_fact_rule_undetermined_when_data_missing(ruleset) -> None:
    f = run(ruleset, "REINVESTMENT.SHARE", report({"plan": {}}))
    assert f.status == "undetermined" and "reinvestment.amount" in f.message


def test_mou_rule_not_applicable_to_plan_report(ruleset) -> None:
    f = run(ruleset, "MOU.LIAISON", report({}))
    assert f.status == "not-applicable"


def test_for_each_gives_one_finding_per_item(tmp_path: Path) -> None:
    (tmp_path / "r.rules").write_text('''rule CAC.COUNTY "Every county has a member"
  element cac-composition
  applies plan-report
  severity high
  cite "c"
  for_each c in plan.counties label c
  require count(cac.members where county == c) >= 1
  example met facts "{plan: {counties: [A]}, cac: {members: [{county: A}]}}"
  example gap facts "{plan: {counties: [A, B]}, cac: {members: [{county: A}]}}"
''')
    rs = load_ruleset(tmp_path)
    facts = {"plan": {"counties": ["Inyo", "Mono"]}, "cac": {"members": [{"county": "inyo"}]}}
    findings = evaluate_rule(rs.find("CAC.COUNTY"), rs, report(facts), AS_OF)
    assert [(f.subject, f.status) for f in findings] == [("Inyo", "met"), ("Mono", "gap")]
    assert len({f.fingerprint for f in findings}) == 2


def test_when_condition_on_document_facts(tmp_path: Path) -> None:
    (tmp_path / "r.rules").write_text('''rule CLR.NEW "x"
  element closed-loop-referral
  applies mou
  severity advisory
  cite "c"
  when executed >= 2025-07-01
  require any_sentence("electronic")
  example met "Notices are electronic."
  example gap "Notices are on paper."
''')
    rs = load_ruleset(tmp_path)
    doc = parse_text("1. Notices are on paper.\n", "d")

    def subject(executed):
        return Subject("mou", "d", view=DocumentView(doc), meta={"executed": executed}, mou_type=None)

    rule = rs.find("CLR.NEW")
    assert evaluate_rule(rule, rs, subject(dt.date(2025, 8, 1)), AS_OF)[0].status == "gap"
    assert evaluate_rule(rule, rs, subject(dt.date(2024, 8, 1)), AS_OF)[0].status == "not-applicable"
    unknown = evaluate_rule(rule, rs, subject(None), AS_OF)[0]
    assert unknown.status == "undetermined" and "executed" in unknown.message


def test_not_applicable_verdicts_rest_on_no_parameter(ruleset) -> None:
    text = "1. The MCP shall notify the referring party of closure within 5 business days.\n"
    f = run(ruleset, "CLR.CLOSURE_NOTICE", mou(text, "wic"))
    assert f.status == "not-applicable" and f.depends_on_unconfirmed == []
