"""The shipped MOU packs: they lint clean, their examples pass, and they cover DOMAIN.md."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main
from checker.engine.ruleset import load_ruleset
from checker.engine.evaluate import Subject, evaluate_rule
from checker.engine.units import DocumentView
from checker.extract.text import parse_text

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
BASE_ELEMENTS = ["parties", "term", "definitions", "services", "liaison", "oversight", "training", "referrals",
                 "closed-loop-referral", "care-coordination", "quality-improvement", "data-sharing",
                 "confidentiality", "dispute-resolution", "nondiscrimination", "meetings", "annual-review",
                 "posting", "records", "notices", "amendment", "termination", "signatures"]
TYPES = ["ihss", "mhp", "dmc-ods", "regional-center", "lhd", "social-services", "wic", "tcm", "dmc", "first5",
         "jails", "cdcr", "lea"]
PROGRAMME = {"mhp": ["mh-screening-transition", "concurrent-care"], "dmc-ods": ["sud-referral", "mat"],
             "dmc": ["sud-referral", "mat"], "lhd": ["public-health-programs"], "ihss": ["ihss-coordination"],
             "social-services": ["child-welfare-coordination"], "jails": ["reentry"], "cdcr": ["reentry"]}


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def test_lint_has_no_errors():
    result = CliRunner().invoke(main, ["rules", "lint"])
    assert " 0 error(s)" in result.output, result.output


def test_rule_examples_pass():
    result = CliRunner().invoke(main, ["rules", "test"])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output


def test_every_base_element_has_a_rule(ruleset):
    covered = {c.rule.element for c in ruleset.rules if not c.rule.types}
    assert not [e for e in BASE_ELEMENTS if e not in covered]
    base_file = {c.rule.element for c in ruleset.rules if Path(c.rule.file).name == "base.rules"}
    assert set(BASE_ELEMENTS) - base_file == {"closed-loop-referral"}  # lives in clr.rules


def test_closed_loop_rule_keeps_the_mou_alias(ruleset):
    clr = next(c.rule for c in ruleset.rules if c.id == "CLR.PROCESS")
    assert "MOU.CLOSED_LOOP_REFERRAL" in clr.aliases
    assert clr.severity == "high"


def test_base_rules_metadata(ruleset):
    elements = yaml.safe_load((RULES / "data" / "elements.yaml").read_text())["elements"]
    for c in ruleset.rules:
        r = c.rule
        if Path(r.file).parent.name != "mou" and Path(r.file).name != "clr.rules":
            continue
        assert r.citations, r.id
        assert r.description, r.id
        assert r.effective_from is not None, r.id
        if elements[r.element]["status"] == "unconfirmed" and not r.types:
            assert r.severity in ("low", "advisory"), f"{r.id}: unconfirmed element must be low"
            assert "confirmed" in r.description, f"{r.id}: describe should say it is unconfirmed"


@pytest.mark.parametrize("mou_type", TYPES)
def test_every_type_has_a_pack_with_its_date(mou_type, ruleset):
    pack = RULES / "mou" / f"{mou_type}.rules"
    assert pack.exists()
    due = dt.date.fromisoformat(str(ruleset.mou_types[mou_type]["effective"]))
    rules = [c.rule for c in ruleset.rules if Path(c.rule.file).name == pack.name]
    assert rules
    for r in rules:
        assert tuple(r.types) == (mou_type,), r.id
        assert r.effective_from == due, r.id
    for element in PROGRAMME.get(mou_type, []):
        assert element in {r.element for r in rules}, f"{mou_type} pack lacks {element}"


def test_type_rules_not_applicable_before_the_type_date(ruleset):
    compiled = next(c for c in ruleset.rules if c.id == "JAILS.REENTRY_PRE_RELEASE")
    doc = parse_text("In the 90 days before release the Plan's care manager arranges pre-release services.")
    subject = Subject("mou", "t", view=DocumentView(doc), meta={"mou_type": "jails"}, mou_type="jails")
    assert evaluate_rule(compiled, ruleset, subject, dt.date(2025, 12, 31))[0].status == "not-applicable"
    assert evaluate_rule(compiled, ruleset, subject, dt.date(2026, 1, 2))[0].status == "met"


def _verdict(ruleset, rule_id: str, text: str, meta: dict | None = None) -> str:
    compiled = next(c for c in ruleset.rules if c.id == rule_id)
    subject = Subject("mou", "t", view=DocumentView(parse_text(text)), meta=meta or {}, mou_type=None)
    return evaluate_rule(compiled, ruleset, subject, dt.date(2026, 11, 24))[0].status


@pytest.mark.parametrize("rule_id, text, expected", [
    # synonyms the packs must accept (not taken from the corpus)
    ("MOU.LIAISON", "Each organisation names a designated contact who answers questions about this MOU.", "met"),
    ("MOU.LIAISON", "The point of contact for each party is to be determined.", "gap"),
    ("MOU.MEETINGS", "Staff of both parties confer every three months on how the MOU is working.", "met"),
    ("MOU.MEETINGS", "The parties meet twice a year.", "gap"),
    ("MOU.MEETINGS", "The parties meet four times per calendar year.", "met"),
    ("MOU.DISPUTE_RESOLUTION", "Any disagreement under this MOU is escalated to the directors within 15 days.", "met"),
    ("MOU.DISPUTE_RESOLUTION", "This memorandum does not establish any process for resolving disputes.", "gap"),
    ("MOU.TRAINING", "The Plan educates its network providers on the referral protocols in this MOU.", "met"),
    ("MOU.TRAINING", "The parties might consider training staff on these processes in the future.", "gap"),
    ("MOU.RECORDS", "Each party retains documentation of its compliance for seven years.", "met"),
    ("MOU.RECORDS", "Each party retains documentation of its compliance under its own schedule.", "gap"),
    ("MOU.RECORDS_PERIOD", "Each party retains documentation of its compliance for seven years.", "gap"),
    ("MOU.RECORDS_PERIOD", "Each party retains documentation of its compliance for twelve years.", "met"),
    ("MOU.POSTING", "The Plan publishes the signed MOU on its website.", "met"),
    ("MOU.POSTING", "Copies of this MOU are available on request.", "gap"),
    ("CLR.NOTIFY_TIMEFRAME", "The Plan notifies the County of the closure of each referral within 20 business days.", "gap"),
    ("CLR.NO_PAPER_NOTICE", "The Plan tells the County the authorization status of each referral by facsimile.", "gap"),
    ("CLR.NO_PAPER_NOTICE", "Referral status is sent through the portal; paper and fax are not used.", "met"),
])
def test_wording_variants(ruleset, rule_id, text, expected):
    meta = {"executed": dt.date(2025, 9, 1)}
    assert _verdict(ruleset, rule_id, text, meta) == expected


def test_clr_update_only_for_mous_executed_from_july_2025(ruleset):
    text = "The Plan keeps a list of referrals."
    assert _verdict(ruleset, "CLR.NOTIFY_CONTENT", text, {"executed": dt.date(2025, 6, 30)}) == "not-applicable"
    assert _verdict(ruleset, "CLR.NOTIFY_CONTENT", text, {"executed": dt.date(2025, 7, 1)}) == "gap"
    assert _verdict(ruleset, "CLR.NOTIFY_CONTENT", text, {}) == "undetermined"
