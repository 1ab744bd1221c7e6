"""Plan-report rule packs (cac, reporting, portfolio, quality, reinvestment) on real reports.

Corpus comparison (see corpus/plan-reports/README.md): findings are grouped by (element,
subject); a group is `gap` if any finding in it is a gap, else `undetermined` if any is, else
`met`. `not-applicable` findings are dropped (MOU rules, CAC.REGIONAL_SIZE for commercial
plans). Listed subjects must appear with their verdict; every other subject must have the
element's `"*"` verdict; an element without `"*"` must produce exactly its listed subjects.
Findings without a subject (whole-committee rules) count as "other subjects".
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from checker.engine.ruleset import RuleSet, load_ruleset
from checker.results import DocumentResult, Finding
from checker.run import RunOptions, check_paths

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "corpus" / "plan-reports"
PLAN_ELEMENTS = {"cac-composition", "cac-meetings", "filing", "mou-coverage", "quality-mpl",
                 "reinvestment", "primary-care-spend", "public-reporting"}
SEVERITY_OF = {"gap": 2, "undetermined": 1, "met": 0}


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_ruleset(ROOT / "rules")


def check(path: Path, ruleset: RuleSet, as_of: dt.date) -> DocumentResult:
    result = check_paths([path], ruleset, RunOptions(as_of=as_of))
    (doc,) = result.documents
    assert doc.status == "checked", doc.error
    return doc


def verdicts(findings: list[Finding]) -> dict[str, dict[str | None, str]]:
    """element -> subject -> worst status, ignoring not-applicable findings."""
    out: dict[str, dict[str | None, str]] = defaultdict(dict)
    for f in findings:
        if f.status == "not-applicable":
            continue
        current = out[f.element].get(f.subject)
        if current is None or SEVERITY_OF[f.status] > SEVERITY_OF[current]:
            out[f.element][f.subject] = f.status
    return out


def by_rule(findings: list[Finding], rule_id: str) -> dict[str | None, Finding]:
    return {f.subject: f for f in findings if f.rule_id == rule_id}


# ---- corpus: exact match with <name>.expected.yaml ------------------------------------------
EXPECTED = sorted(REPORTS.glob("*.expected.yaml"))


@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.name.split(".")[0] for p in EXPECTED])
def test_corpus_report_matches_expected_findings(expected_path: Path, ruleset: RuleSet) -> None:
    spec = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    doc = check(REPORTS / spec["report"], ruleset, spec["as_of"])
    got = verdicts(doc.findings)
    problems = []
    assert set(spec["expected"]) == PLAN_ELEMENTS
    assert {e for e in got if e in PLAN_ELEMENTS} == PLAN_ELEMENTS, "every plan-report element is checked"
    assert set(got) <= PLAN_ELEMENTS, f"unexpected applicable elements {set(got) - PLAN_ELEMENTS}"
    for element, subjects in spec["expected"].items():
        listed = {str(k): v for k, v in subjects.items() if k != "*"}
        default = subjects.get("*")
        for subject, want in listed.items():
            have = got[element].get(subject)
            if have != want:
                problems.append(f"{element} {subject!r}: expected {want}, got {have or 'no finding'}")
        for subject, have in got[element].items():
            if subject in listed:
                continue
            if default is None:
                problems.append(f"{element} {subject!r}: unexpected finding ({have})")
            elif have != default:
                problems.append(f"{element} {subject!r}: expected {default} ('*'), got {have}")
    assert not problems, "\n".join(problems)


def test_corpus_deliberate_problems_are_found_by_the_intended_rules(ruleset: RuleSet) -> None:
    as_of = dt.date(2026, 11, 24)
    anthem = check(REPORTS / "anthem.yaml", ruleset, as_of).findings
    assert by_rule(anthem, "CAC.COUNTY_MEMBER")["Alpine"].status == "gap"
    coverage = by_rule(anthem, "PORTFOLIO.COUNTY_COVERAGE")["Mono / wic"]
    assert coverage.status == "gap" and "Mono / wic" in coverage.message
    assert by_rule(anthem, "PORTFOLIO.STATEWIDE_COVERAGE")["cdcr"].status == "met"
    assert "Mono / lea" not in by_rule(anthem, "PORTFOLIO.COUNTY_COVERAGE")  # lea not in force until 2027
    # dmc-ods where the county runs DMC-ODS, dmc elsewhere
    assert "Fresno / dmc-ods" in by_rule(anthem, "PORTFOLIO.COUNTY_COVERAGE")
    assert "Fresno / dmc" not in by_rule(anthem, "PORTFOLIO.COUNTY_COVERAGE")
    assert "Alpine / dmc" in by_rule(anthem, "PORTFOLIO.COUNTY_COVERAGE")
    assert "Alpine / dmc-ods" not in by_rule(anthem, "PORTFOLIO.COUNTY_COVERAGE")

    health_net = check(REPORTS / "health-net.yaml", ruleset, as_of).findings
    spanish = by_rule(health_net, "CAC.GROUP_SHARE")["language / spanish"]
    assert spanish.status == "gap" and "cac.share_tolerance" in spanish.depends_on_unconfirmed
    assert by_rule(health_net, "REPORTING.MOU_POSTED")["Tulare / mhp"].status == "gap"
    assert by_rule(health_net, "CAC.REGIONAL_SIZE")[None].status == "not-applicable"  # commercial plan

    molina = check(REPORTS / "molina.yaml", ruleset, as_of).findings
    assert by_rule(molina, "QUALITY.MPL_LOWER_IS_BETTER")["hba1c-poor"].status == "gap"
    assert "hba1c-poor" not in by_rule(molina, "QUALITY.MPL")
    assert by_rule(molina, "REINVESTMENT.SHARE")["2024"].status == "met"  # 8%: met under both seeds


# ---- targeted: small reports written for one behaviour ---------------------------------------
def write_report(tmp_path: Path, name: str = "report.yaml", **sections: object) -> Path:
    """A valid plan report for Blue Shield Promise (San Diego) with the given sections."""
    body: dict[str, object] = {
        "kind": "plan-report",
        "plan": {"name": "Blue Shield of California Promise Health Plan", "id": "blue-shield-promise",
                 "period": {"start": "2025-01-01", "end": "2025-12-31"}},
    }
    body.update(sections)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    return path


def filing(duty: str, due: str, filed: str | None) -> dict[str, object]:
    return {"duty": duty, "period": {"start": "2025-01-01", "end": "2025-12-31"}, "due": due, "filed": filed}


def test_late_and_missing_filings_are_different_findings(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write_report(tmp_path, filings=[
        filing("primary-care-spend-report", "2026-06-30", "2026-07-21"),  # late
        filing("mou-annual-report", "2026-03-31", None),  # missing
        filing("transparency-report", "2026-09-30", "2026-09-18"),  # on time
        filing("cac-demographic-report", "2027-01-31", None),  # not yet due
    ])
    findings = check(path, ruleset, dt.date(2026, 11, 24)).findings
    filed, on_time = by_rule(findings, "REPORTING.FILED"), by_rule(findings, "REPORTING.ON_TIME")

    assert filed["mou-annual-report / 2025"].status == "gap"
    assert "mou-annual-report / 2025" not in on_time  # a missing filing is not also "late"
    assert filed["primary-care-spend-report / 2025"].status == "met"
    late = on_time["primary-care-spend-report / 2025"]
    assert late.status == "gap" and "2026-07-21" in late.message and "2026-06-30" in late.message
    assert filed["transparency-report / 2025"].status == "met"
    assert on_time["transparency-report / 2025"].status == "met"
    assert "cac-demographic-report / 2025" not in filed  # due after as_of: not yet required
    assert "cac-demographic-report / 2025" not in on_time
    assert late.fingerprint != filed["primary-care-spend-report / 2025"].fingerprint


def test_filing_made_after_as_of_counts_as_missing_at_that_date(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write_report(tmp_path, filings=[filing("mou-annual-report", "2026-03-31", "2026-03-27")])
    assert by_rule(check(path, ruleset, dt.date(2026, 4, 15)).findings, "REPORTING.FILED")[
        "mou-annual-report / 2025"].status == "met"
    early = write_report(tmp_path, "early.yaml", filings=[filing("mou-annual-report", "2026-03-31", "2026-05-01")])
    findings = check(early, ruleset, dt.date(2026, 4, 15)).findings
    assert by_rule(findings, "REPORTING.FILED")["mou-annual-report / 2025"].status == "gap"
    assert "mou-annual-report / 2025" not in by_rule(findings, "REPORTING.ON_TIME")


def coverage_subjects(findings: list[Finding]) -> dict[str | None, str]:
    return {f.subject: f.status for f in findings if f.element == "mou-coverage" and f.status != "not-applicable"}


def test_portfolio_never_requires_a_type_before_its_mou_date(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write_report(tmp_path, plan={"name": "Test plan", "counties": ["Inyo", "Fresno"],
                                        "period": {"start": "2024-01-01", "end": "2024-12-31"}})
    early = coverage_subjects(check(path, ruleset, dt.date(2024, 6, 1)).findings)
    types = {s.split(" / ")[-1] for s in early if s}
    assert types == {"ihss", "mhp", "regional-center", "lhd", "social-services", "wic", "dmc-ods"}
    assert "Fresno / dmc-ods" in early and "Inyo / dmc-ods" not in early  # Inyo is not a DMC-ODS county
    assert set(early.values()) == {"gap"}  # nothing in the inventory

    later = coverage_subjects(check(path, ruleset, dt.date(2024, 7, 1)).findings)
    assert {"Inyo / tcm", "Inyo / dmc", "Fresno / tcm"} <= set(later)
    assert "Fresno / dmc" not in later
    assert not any(s and s.endswith(("/ first5", "/ jails")) for s in later) and "cdcr" not in later

    latest = coverage_subjects(check(path, ruleset, dt.date(2026, 11, 24)).findings)
    assert {"Inyo / first5", "Inyo / jails", "cdcr"} <= set(latest)
    assert not any(s and s.endswith("/ lea") for s in latest)  # lea only from 2027
    assert not any(s and "continuum-of-care" in s for s in latest)  # undated types are not in force


def test_portfolio_counts_only_mous_executed_by_as_of(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write_report(tmp_path, plan={"name": "Test plan", "counties": ["Inyo"],
                                        "period": {"start": "2024-01-01", "end": "2024-12-31"}},
                        mous=[{"county": "Inyo", "type": "mhp", "executed": "2024-03-01"}])
    assert coverage_subjects(check(path, ruleset, dt.date(2024, 2, 1)).findings)["Inyo / mhp"] == "gap"
    assert coverage_subjects(check(path, ruleset, dt.date(2024, 3, 1)).findings)["Inyo / mhp"] == "met"


def reinvestment_finding(tmp_path: Path, ruleset: RuleSet, amount: float) -> Finding:
    path = write_report(tmp_path, reinvestment={"year": 2024, "net_income": 100_000_000.0, "amount": amount,
                                                "plan_filed": "2026-07-09"})
    return by_rule(check(path, ruleset, dt.date(2026, 11, 24)).findings, "REINVESTMENT.SHARE")["2024"]


def test_reinvestment_between_the_two_seed_shares_is_undetermined(tmp_path: Path, ruleset: RuleSet) -> None:
    between = reinvestment_finding(tmp_path, ruleset, 6_000_000.0)  # 6%: met at 5%, gap at 7.5%
    assert between.status == "undetermined"
    assert "0.05" in between.message and "0.075" in between.message
    assert "reinvestment.min_share" in between.depends_on_unconfirmed
    assert reinvestment_finding(tmp_path, ruleset, 4_000_000.0).status == "gap"
    assert reinvestment_finding(tmp_path, ruleset, 8_000_000.0).status == "met"


def test_reinvestment_not_owed_without_positive_net_income(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write_report(tmp_path, reinvestment={"year": 2024, "net_income": -5_000_000.0, "amount": 0.0})
    findings = check(path, ruleset, dt.date(2026, 11, 24)).findings
    assert by_rule(findings, "REINVESTMENT.SHARE")["2024"].status == "met"
    assert "2024" not in by_rule(findings, "REINVESTMENT.PLAN_FILED")  # nothing to plan
    assert "2024" not in by_rule(findings, "REINVESTMENT.REPORT_FILED")


def test_reinvestment_plan_required_only_from_q3_2026(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write_report(tmp_path, reinvestment={"year": 2024, "net_income": 1_000_000.0, "amount": 90_000.0})
    assert by_rule(check(path, ruleset, dt.date(2026, 11, 24)).findings,
                   "REINVESTMENT.PLAN_FILED")["2024"].status == "gap"
    assert by_rule(check(path, ruleset, dt.date(2026, 3, 1)).findings,
                   "REINVESTMENT.PLAN_FILED")[None].status == "not-applicable"


def members(n: int, role: str = "medi-cal-member", county: str = "San Diego") -> list[dict[str, object]]:
    return [{"county": county, "role": role} for _ in range(n)]


def test_regional_cac_size_applies_to_local_initiative_plans_only(tmp_path: Path, ruleset: RuleSet) -> None:
    local = {"name": "Test local plan", "counties": ["San Diego"], "model": "local-initiative",
             "period": {"start": "2025-01-01", "end": "2025-12-31"}}
    big = write_report(tmp_path, plan=local, cac={"members": members(36)})
    assert by_rule(check(big, ruleset, dt.date(2026, 1, 1)).findings, "CAC.REGIONAL_SIZE")[None].status == "gap"
    ok = write_report(tmp_path, "ok.yaml", plan=local, cac={"members": members(35)})
    assert by_rule(check(ok, ruleset, dt.date(2026, 1, 1)).findings, "CAC.REGIONAL_SIZE")[None].status == "met"
    commercial = write_report(tmp_path, "commercial.yaml", cac={"members": members(36)})
    assert by_rule(check(commercial, ruleset, dt.date(2026, 1, 1)).findings,
                   "CAC.REGIONAL_SIZE")[None].status == "not-applicable"


def test_consumer_majority_uses_the_member_share_parameter(tmp_path: Path, ruleset: RuleSet) -> None:
    half = write_report(tmp_path, cac={"members": members(5) + members(5, "community-organization")})
    finding = by_rule(check(half, ruleset, dt.date(2026, 1, 1)).findings, "CAC.CONSUMER_MAJORITY")[None]
    assert finding.status == "gap" and "cac.min_member_share" in finding.depends_on_unconfirmed
    most = write_report(tmp_path, "most.yaml", cac={"members": members(3, "family-member") + members(2, "other")})
    assert by_rule(check(most, ruleset, dt.date(2026, 1, 1)).findings,
                   "CAC.CONSUMER_MAJORITY")[None].status == "met"


@pytest.mark.parametrize(("meetings", "status"), [
    (["2025-03-01", "2025-06-01", "2025-09-01", "2025-12-01"], "met"),
    (["2025-03-01", "2025-06-01", "2025-09-01", "2026-01-15"], "gap"),  # the 4th is outside the period
])
def test_cac_meetings_are_counted_inside_the_report_period(tmp_path: Path, ruleset: RuleSet,
                                                           meetings: list[str], status: str) -> None:
    path = write_report(tmp_path, cac={"members": members(2), "meetings": meetings})
    assert by_rule(check(path, ruleset, dt.date(2026, 11, 24)).findings, "CAC.MEETINGS")["2025"].status == status


def test_mou_duties_wait_for_their_windows(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write_report(tmp_path, mous=[{"county": "San Diego", "type": "mhp", "executed": "2026-11-10"}])
    fresh = check(path, ruleset, dt.date(2026, 11, 24)).findings  # 14 days after signing
    for rule_id in ("REPORTING.MOU_FILED", "REPORTING.MOU_POSTED", "REPORTING.MOU_ANNUAL_REPORT"):
        assert "San Diego / mhp" not in by_rule(fresh, rule_id), rule_id
    old = check(path, ruleset, dt.date(2028, 3, 1)).findings
    for rule_id in ("REPORTING.MOU_FILED", "REPORTING.MOU_POSTED", "REPORTING.MOU_ANNUAL_REPORT"):
        assert by_rule(old, rule_id)["San Diego / mhp"].status == "gap", rule_id


def test_missing_primary_care_share_is_a_gap(tmp_path: Path, ruleset: RuleSet) -> None:
    path = write_report(tmp_path)
    finding = by_rule(check(path, ruleset, dt.date(2026, 11, 24)).findings, "REPORTING.PRIMARY_CARE_SPEND")["2025"]
    assert finding.status == "gap"


def test_every_plan_report_rule_has_passing_examples(ruleset: RuleSet) -> None:
    from checker.engine.examples import run_examples

    ids = [c.id for c in ruleset.rules if c.rule.applies == "plan-report"]
    families = {i.split(".")[0] for i in ids}
    assert {"CAC", "REPORTING", "PORTFOLIO", "QUALITY", "REINVESTMENT", "TRANSPARENCY"} <= families
    failed = [(r.rule.id, r.expected, r.got, r.problem) for r in run_examples(ruleset, ids) if not r.ok]
    assert not failed


def test_reinvestment_report_is_due_when_the_filings_log_says_so(tmp_path: Path, ruleset: RuleSet) -> None:
    owed = {"year": 2024, "net_income": 1_000_000.0, "amount": 90_000.0, "plan_filed": "2026-07-01"}
    log = [{"duty": "community-reinvestment-report", "period": {"start": "2024-01-01", "end": "2024-12-31"},
            "due": "2026-09-30", "filed": None}]
    path = write_report(tmp_path, reinvestment=owed, filings=log)
    findings = check(path, ruleset, dt.date(2026, 11, 24)).findings
    assert by_rule(findings, "REINVESTMENT.REPORT_FILED")["2024"].status == "gap"
    assert by_rule(check(path, ruleset, dt.date(2026, 9, 1)).findings,
                   "REINVESTMENT.REPORT_FILED")["2024"].status == "met"  # not yet due
    filed = write_report(tmp_path, "filed.yaml", reinvestment={**owed, "report_filed": "2026-09-20"}, filings=log)
    assert by_rule(check(filed, ruleset, dt.date(2026, 11, 24)).findings,
                   "REINVESTMENT.REPORT_FILED")["2024"].status == "met"


def test_filed_public_report_without_link_is_a_public_reporting_gap(tmp_path: Path, ruleset: RuleSet) -> None:
    unlinked = filing("transparency-report", "2026-09-30", "2026-09-18")
    internal = filing("primary-care-spend-report", "2026-06-30", "2026-06-24")  # not a public report
    findings = check(write_report(tmp_path, filings=[unlinked, internal]), ruleset, dt.date(2026, 11, 24)).findings
    links = by_rule(findings, "TRANSPARENCY.PUBLIC_LINK")
    assert links["transparency-report / 2025"].status == "gap"
    assert links["transparency-report / 2025"].element == "public-reporting"
    assert "primary-care-spend-report / 2025" not in links
