"""Loading plan report files: located errors, safe parsing, sniffing, and the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from checker.facts.derive import derive_facts
from checker.facts import PlanReportError, is_plan_report, load_plan_report
from checker.facts import load as load_module

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "plan-reports"

GOOD = """\
kind: plan-report
plan:
  name: Community Health Group Partnership Plan
  period: {start: 2025-01-01, end: 2025-12-31}
cac:
  members:
    - county: San Diego
      role: medi-cal-member
  meetings: [2025-03-01]
"""


def write(tmp_path: Path, text: str, name: str = "r.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(PlanReportError) as info:
        load_plan_report(path)
    assert info.value.path == path
    return str(info.value).splitlines()[1:]


def test_good_yaml_loads(tmp_path):
    report = load_plan_report(write(tmp_path, GOOD))
    assert report.plan.name == "Community Health Group Partnership Plan"
    assert derive_facts(report)["plan"]["counties"] == ["San Diego"]


def test_unknown_field_with_line_and_suggestion(tmp_path):
    path = write(tmp_path, GOOD.replace("  meetings:", "  meetngs:"))
    assert problems(path) == [
        f"{path}:9: cac.meetngs: unknown field 'meetngs'; did you mean 'meetings'?"
    ]


def test_wrong_type_share_and_date_lines(tmp_path):
    text = GOOD + "primary_care: {spend_share: 1.5}\nreinvestment:\n  net_income: lots\n  amount: 1.0\n"
    text = text.replace("[2025-03-01]", "[2025-13-01]")
    lines = problems(write(tmp_path, text))
    assert len(lines) == 3
    assert lines[0].endswith(":9: cac.meetings[0]: expected a date YYYY-MM-DD, got '2025-13-01'")
    assert lines[1].endswith(":10: primary_care.spend_share: expected a number no greater than 1.0, got 1.5")
    assert lines[2].endswith(":12: reinvestment.net_income: expected a number, got str 'lots'")


def test_unknown_partner_type_and_county_with_lines(tmp_path):
    text = GOOD.replace("San Diego", "San Dieggo") + "mous:\n  - {county: San Diego, type: wick}\n"
    lines = problems(write(tmp_path, text))
    assert ":7: cac.members[0].county: 'San Dieggo' is not a California county" in lines[0]
    assert "did you mean 'San Diego'?" in lines[0]
    assert ":11: mous[0].type: 'wick' is not a known MOU type id" in lines[1]


def test_missing_field_points_at_parent(tmp_path):
    path = write(tmp_path, GOOD.replace("      role: medi-cal-member\n", ""))
    assert problems(path) == [f"{path}:7: cac.members[0].role: required field is missing"]


def test_several_errors_listed_at_once_in_line_order(tmp_path):
    text = GOOD.replace("role: medi-cal-member", "role: member").replace(
        "start: 2025-01-01", "start: 2025-1-1") + "extra: 1\n"
    with pytest.raises(PlanReportError) as info:
        load_plan_report(write(tmp_path, text))
    message = str(info.value)
    assert "(3 problems)" in message.splitlines()[0]
    lines = [p.line for p in info.value.problems]
    assert lines == [4, 8, 10]


def test_malformed_yaml_reports_line_and_column(tmp_path):
    path = write(tmp_path, GOOD + "filings: [unclosed\n")
    lines = problems(path)
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:11: malformed YAML")
    assert "column" in lines[0]


def test_yaml_aliases_refused(tmp_path):
    bomb = 'kind: plan-report\na: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n'
    lines = problems(write(tmp_path, bomb))
    assert "aliases" in lines[0] and ":3:" in lines[0]


def test_yaml_python_tags_refused(tmp_path):
    lines = problems(write(tmp_path, "kind: !!python/object/apply:os.system ['true']\n"))
    assert "malformed YAML" in lines[0]


def test_top_level_must_be_mapping(tmp_path):
    assert "expected a mapping" in problems(write(tmp_path, "- 1\n- 2\n"))[0]


def test_json_report_with_line_numbers(tmp_path):
    doc = yaml.safe_load(GOOD)
    doc["plan"]["period"] = {"start": "2025-01-01", "end": "2025-12-31"}
    doc["cac"]["meetings"] = ["2025-03-01"]
    doc["cac"]["members"][0]["county"] = "Gotham"
    text = json.dumps(doc, indent=2)
    gotham_line = text.splitlines().index('        "county": "Gotham",') + 1
    path = write(tmp_path, text, "r.json")
    lines = problems(path)
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:{gotham_line}: cac.members[0].county:")


def test_malformed_json(tmp_path):
    path = write(tmp_path, '{"kind": "plan-report",\n  "plan": }\n', "r.json")
    lines = problems(path)
    assert lines[0].startswith(f"{path}:2: malformed JSON") and "column" in lines[0]


def test_too_large_file_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(load_module, "MAX_BYTES", 100)
    lines = problems(write(tmp_path, GOOD + "#" * 200 + "\n"))
    assert "limited to 100" in lines[0]


def test_real_size_limit_is_five_megabytes():
    assert load_module.MAX_BYTES == 5 * 1024 * 1024


def test_wrong_suffix_refused(tmp_path):
    assert "expected a .yaml" in problems(write(tmp_path, GOOD, "r.txt"))[0]


def test_is_plan_report(tmp_path):
    assert is_plan_report(write(tmp_path, "# c\n---\nkind: plan-report\n", "a.yaml"))
    assert is_plan_report(write(tmp_path, '{"kind": "plan-report"}', "b.json"))
    assert not is_plan_report(write(tmp_path, "kind: mou\nnote: plan-report\n", "c.yaml"))
    assert not is_plan_report(write(tmp_path, "x:\n  kind: plan-report\n", "d.yml"))
    assert not is_plan_report(write(tmp_path, "kind: plan-report\n", "e.txt"))
    assert not is_plan_report(write(tmp_path, '["plan-report"]', "f.json"))
    assert not is_plan_report(tmp_path / "missing.yaml")


CORPUS_REPORTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".json")
                        and not p.name.endswith(".expected.yaml"))


def test_corpus_has_one_report_per_plan():
    assert [p.name for p in CORPUS_REPORTS] == [
        "anthem.yaml", "blue-shield-promise.yaml", "community-health-group.json",
        "health-net.yaml", "molina.yaml",
    ]


@pytest.mark.parametrize("path", CORPUS_REPORTS, ids=lambda p: p.name)
def test_corpus_report_loads_with_expectations(path):
    assert is_plan_report(path)
    facts = derive_facts(load_plan_report(path))
    expected_path = path.with_name(path.name.rsplit(".", 1)[0] + ".expected.yaml")
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    assert expected["report"] == path.name
    assert str(expected["as_of"]) == "2026-11-24"
    assert set(expected["expected"]) == {
        "cac-composition", "cac-meetings", "filing", "mou-coverage", "quality-mpl",
        "reinvestment", "primary-care-spend", "public-reporting"}
    verdicts = [v for subjects in expected["expected"].values() for v in subjects.values()]
    assert set(verdicts) <= {"met", "gap"} and "gap" in verdicts
    assert facts["plan"]["counties"]


def test_corpus_problems_are_present_in_the_facts():
    """Spot-check that each intended problem is really in the data, not just the comment."""
    facts = {p.stem: derive_facts(load_plan_report(p)) for p in CORPUS_REPORTS}
    anthem = facts["anthem"]
    assert "Alpine" not in anthem["cac"]["counties"]
    assert not any(m["county"] == "Mono" and m["type"] == "wic" for m in anthem["mous"])
    assert [m["id"] for m in anthem["quality"]["measures"] if not m["meets_mpl"]] == ["cbp"]
    bsp = facts["blue-shield-promise"]
    assert bsp["cac"]["meeting_count"] == 2
    assert [f["days_late"] for f in bsp["filings"] if f["duty"] == "primary-care-spend-report"] == [21]
    chg = facts["community-health-group"]
    assert [f["filed"] for f in chg["filings"] if f["duty"] == "mou-annual-report"] == [None]
    assert chg["reinvestment"]["share"] == pytest.approx(0.03)
    hn = facts["health-net"]
    spanish = [g for g in hn["cac"]["representation"] if g["value"] == "spanish"][0]
    assert spanish["difference"] < -0.15
    assert [m["posted"] for m in hn["mous"] if (m["county"], m["type"]) == ("Tulare", "mhp")] == [False]
    molina = facts["molina"]
    assert "Los Angeles" in molina["plan"]["counties"]
    assert [m["id"] for m in molina["quality"]["measures"] if not m["meets_mpl"]] == ["hba1c-poor"]
