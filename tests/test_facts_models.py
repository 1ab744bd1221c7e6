"""PlanReport models: each validation rule, and the derived facts the engine reads."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from pydantic import ValidationError

from checker.facts.derive import derive_facts
from checker.facts import data
from checker.facts.models import PlanReport

BASE = {
    "kind": "plan-report",
    "plan": {
        "name": "Molina Healthcare of California",
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
    },
    "cac": {
        "members": [
            {"county": "Riverside", "role": "medi-cal-member", "demographics": {"language": "spanish"}},
            {"county": "san diego", "role": "family-member", "demographics": {"language": "english"}},
        ],
        "enrollment_shares": {"language": {"spanish": 0.6, "english": 0.4}},
        "meetings": ["2025-02-01", "2025-09-01"],
    },
    "filings": [
        {"duty": "primary-care-spend-report", "due": "2026-06-30", "filed": "2026-07-10"},
        {"duty": "mou-annual-report", "due": "2026-03-31", "filed": None},
    ],
    "mous": [
        {"county": "Riverside", "type": "mhp", "executed": "2023-12-01",
         "filed_with_dhcs": "2023-12-21", "posted": True, "url": "https://example.org/m"},
        {"type": "cdcr", "executed": None},
    ],
    "quality": {"measures": [
        {"id": "cbp", "name": "Blood pressure", "rate": 0.5, "mpl": 0.6},
        {"id": "hba1c-poor", "name": "Poor control", "rate": 0.3, "mpl": 0.35, "lower_is_better": True},
    ]},
    "reinvestment": {"net_income": 1000.0, "amount": 80.0},
    "primary_care": {"spend_share": 0.1, "total_spend": 500.0},
}


def report(**changes) -> dict:
    """BASE with dotted-path replacements, e.g. report(**{"cac.members.0.role": "x"})."""
    doc = copy.deepcopy(BASE)
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = doc
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return doc


def errors(doc: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as info:
        PlanReport.model_validate(doc)
    return [(tuple(e["loc"]), e["type"]) for e in info.value.errors()]


def test_base_is_valid_and_canonicalises_county():
    parsed = PlanReport.model_validate(report())
    assert parsed.cac.members[1].county == "San Diego"
    assert parsed.filings[0].due == dt.date(2026, 6, 30)


def test_unknown_field_rejected():
    assert errors(report(**{"cac.memebers": []})) == [(("cac", "memebers"), "extra_forbidden")]


def test_wrong_kind_rejected():
    assert errors(report(kind="mou"))[0] == (("kind",), "literal_error")


def test_wrong_type_rejected():
    assert errors(report(**{"reinvestment.net_income": "lots"})) == [
        (("reinvestment", "net_income"), "float_type")
    ]


@pytest.mark.parametrize("value", [1.2, -0.1])
def test_share_out_of_range(value):
    locs = [loc for loc, _ in errors(report(**{"primary_care.spend_share": value}))]
    assert locs == [("primary_care", "spend_share")]


def test_enrollment_shares_must_not_exceed_one_in_total():
    doc = report(**{"cac.enrollment_shares": {"language": {"a": 0.7, "b": 0.5}}})
    assert errors(doc) == [(("cac",), "shares_sum")]


@pytest.mark.parametrize("value", ["2025-02-30", "01/02/2025", "2025-W01-1", 20250101,
                                   "2025-01-01T10:00"])
def test_bad_dates_rejected(value):
    assert errors(report(**{"filings.0.due": value})) == [(("filings", 0, "due"), "iso_date")]


def test_datetime_rejected_but_date_object_accepted():
    assert errors(report(**{"filings.0.due": dt.datetime(2026, 1, 1, 9)}))[0][1] == "iso_date"
    assert PlanReport.model_validate(report(**{"filings.0.due": dt.date(2026, 1, 1)}))


def test_period_must_be_ordered():
    doc = report(**{"plan.period": {"start": "2025-12-31", "end": "2025-01-01"}})
    assert errors(doc) == [(("plan", "period"), "period_order")]


def test_unknown_partner_type_with_suggestion():
    with pytest.raises(ValidationError) as info:
        PlanReport.model_validate(report(**{"mous.0.type": "mhpp"}))
    assert "did you mean 'mhp'" in str(info.value)
    assert info.value.errors()[0]["loc"] == ("mous", 0, "type")


def test_unknown_county_rejected():
    assert errors(report(**{"cac.members.0.county": "Atlantis"})) == [
        (("cac", "members", 0, "county"), "unknown_county")
    ]


def test_unknown_role_and_duty_rejected():
    doc = report(**{"cac.members.0.role": "member", "filings.1.duty": "mou-anual-report"})
    assert sorted(errors(doc)) == [
        (("cac", "members", 0, "role"), "literal_error"),
        (("filings", 1, "duty"), "unknown_duty"),
    ]


def test_county_required_for_county_scoped_mou():
    assert errors(report(**{"mous.1.type": "wic"})) == [(("mous", 1), "county_required")]


def test_url_requires_posted_and_filing_requires_execution():
    doc = report(**{"mous.0.posted": False, "mous.1.filed_with_dhcs": "2026-01-01"})
    assert sorted(errors(doc)) == [(("mous", 0), "posted_url"), (("mous", 1), "filed_unexecuted")]


def test_unknown_plan_without_counties_rejected():
    doc = report(**{"plan.name": "Made Up Health"})
    assert errors(doc) == [(("plan",), "unknown_plan")]
    doc["plan"]["counties"] = ["Yolo"]
    assert PlanReport.model_validate(doc).plan.counties == ["Yolo"]


def test_several_errors_reported_together():
    doc = report(**{"cac.members.0.county": "Nowhere", "primary_care.spend_share": 3.0,
                    "filings.0.due": "soon"})
    assert len(errors(doc)) == 3


def test_facts_resolve_counties_and_derive_fields():
    facts = derive_facts(PlanReport.model_validate(report()))
    assert facts["plan"]["id"] == "molina"
    assert facts["plan"]["counties"] == data.served_counties("molina")
    assert "Los Angeles" in facts["plan"]["counties"]
    assert facts["plan"]["counties_source"] == "rules/data/plan_counties.yaml"
    assert facts["plan"]["model"] == "commercial"
    assert [f["days_late"] for f in facts["filings"]] == [10, None]
    assert facts["filings"][0]["due"] == dt.date(2026, 6, 30)
    assert [m["meets_mpl"] for m in facts["quality"]["measures"]] == [False, True]
    assert facts["reinvestment"]["share"] == pytest.approx(0.08)
    assert facts["primary_care"]["primary_care_spend"] == pytest.approx(50.0)
    assert facts["mous"][0]["days_to_file"] == 20
    assert facts["mous"][0]["type_effective"] == dt.date(2024, 1, 1)
    assert facts["mous"][1]["statewide"] is True


def test_facts_cac_representation():
    cac = derive_facts(PlanReport.model_validate(report()))["cac"]
    assert cac["member_count"] == 2
    assert cac["counties"] == ["Riverside", "San Diego"]
    assert cac["demographic_shares"] == {"language": {"english": 0.5, "spanish": 0.5}}
    spanish = next(g for g in cac["representation"] if g["value"] == "spanish")
    assert spanish["difference"] == pytest.approx(-0.1)
    assert cac["longest_gap_days"] == 212


def test_reinvestment_share_none_without_profit():
    doc = report(**{"reinvestment.net_income": -5.0})
    assert derive_facts(PlanReport.model_validate(doc))["reinvestment"]["share"] is None


def test_data_files_cover_domain():
    types = data.mou_types()
    dated = [t for t, info in types.items() if info["effective"] is not None]
    assert len(dated) == 13 and types["lea"]["effective"] == dt.date(2027, 1, 1)
    assert all(info["status"] == "unconfirmed" for t, info in types.items() if t not in dated)
    assert len(data.counties()) == 58 == len(set(data.counties()))
    assert set(data.plan_counties()) == {"anthem", "blue-shield-promise", "community-health-group",
                                          "health-net", "molina"}
    for plan in data.plan_counties().values():
        assert set(plan["counties"]) <= set(data.counties())
    elements = data.elements()
    plan_elements = {e for e, info in elements.items() if info["applies"] == "plan-report"}
    assert plan_elements == {"cac-composition", "cac-meetings", "filing", "mou-coverage",
                             "quality-mpl", "reinvestment", "primary-care-spend", "public-reporting"}
    for info in elements.values():
        assert set(info.get("mou_types", [])) <= set(types)
        assert info["status"] in {"seed", "confirmed", "unconfirmed"}
    assert set(data.dmc_ods_counties()["counties"]) <= set(data.counties())


def test_data_loaders_return_copies():
    data.mou_types()["ihss"]["effective"] = None
    assert data.mou_types()["ihss"]["effective"] == dt.date(2024, 1, 1)
