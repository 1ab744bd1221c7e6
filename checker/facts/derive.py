"""Turn a validated PlanReport into the plain nested facts the rule engine reads.

Rules are easier to write (and to read) when common arithmetic is done once here: counties
resolved from the plan table, days late per filing, CAC shares per demographic group, the
reinvestment share of net income. Nothing here decides met/gap: that is the rules' job.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from checker.facts import data

if TYPE_CHECKING:
    from checker.facts.models import PlanReport


def derive_facts(report: PlanReport) -> dict[str, Any]:
    """`report.model_dump(mode="python")` plus derived fields (dates stay datetime.date)."""
    facts = report.model_dump(mode="python")
    _plan(report, facts["plan"])
    if facts["cac"] is not None:
        _cac(facts["cac"])
    for filing in facts["filings"]:
        filed, due = filing["filed"], filing["due"]
        filing["days_late"] = (filed - due).days if filed is not None else None
    types = data.mou_types()
    for mou in facts["mous"]:
        mou["type_effective"] = types[mou["type"]]["effective"]
        mou["statewide"] = types[mou["type"]].get("scope") == "statewide"
        executed, filed = mou["executed"], mou["filed_with_dhcs"]
        mou["days_to_file"] = (filed - executed).days if executed and filed else None
    if facts["quality"] is not None:
        for measure in facts["quality"]["measures"]:
            below = measure["rate"] > measure["mpl"] if measure["lower_is_better"] else (
                measure["rate"] < measure["mpl"]
            )
            measure["meets_mpl"] = not below
    if facts["reinvestment"] is not None:
        r = facts["reinvestment"]
        r["share"] = r["amount"] / r["net_income"] if r["net_income"] > 0 else None
    if facts["primary_care"] is not None:
        pc = facts["primary_care"]
        total = pc["total_spend"]
        pc["primary_care_spend"] = pc["spend_share"] * total if total is not None else None
    facts["mou_types"] = [
        {
            "id": type_id,
            "effective": info["effective"],
            "status": info["status"],
            "scope": info.get("scope", "county"),
        }
        for type_id, info in types.items()
    ]
    return facts


def _plan(report: PlanReport, plan: dict[str, Any]) -> None:
    plan_id = report.plan.plan_id()
    table = data.plan_counties().get(plan_id) if plan_id else None
    plan["id"] = plan_id
    if plan["counties"] is None:
        plan["counties"] = data.served_counties(plan_id) if plan_id else []
        plan["counties_source"] = "rules/data/plan_counties.yaml"
    else:
        plan["counties_source"] = "report"
    if plan["model"] is None and table is not None:
        plan["model"] = table.get("model")
    plan["subcontracts"] = (table or {}).get("subcontracts") or []
    ods = set(data.dmc_ods_counties()["counties"])
    plan["dmc_ods_counties"] = [c for c in plan["counties"] if c in ods]


def _cac(cac: dict[str, Any]) -> None:
    members = cac["members"]
    total = len(members)
    cac["member_count"] = total
    cac["counties"] = sorted({m["county"] for m in members})
    shares: dict[str, dict[str, float]] = {}
    attributes = set(cac["enrollment_shares"]) | {a for m in members for a in m["demographics"]}
    for attribute in sorted(attributes):
        counts = Counter(m["demographics"].get(attribute) for m in members)
        counts.pop(None, None)
        shares[attribute] = {v: n / total for v, n in sorted(counts.items())} if total else {}
    cac["demographic_shares"] = shares
    cac["representation"] = [
        {
            "attribute": attribute,
            "value": value,
            "enrollment_share": share,
            "cac_share": shares.get(attribute, {}).get(value, 0.0),
            "difference": shares.get(attribute, {}).get(value, 0.0) - share,
        }
        for attribute, groups in cac["enrollment_shares"].items()
        for value, share in groups.items()
    ]
    meetings = sorted(cac["meetings"])
    cac["meeting_count"] = len(meetings)
    gaps = [(b - a).days for a, b in zip(meetings, meetings[1:])]
    cac["longest_gap_days"] = max(gaps) if gaps else None
