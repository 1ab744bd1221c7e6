"""`--rules DIR` brings its own reference data: a new MOU type added there is detected, its
pack applies, and plan reports naming it validate (one source of reference data per run)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

NEW_TYPE = """
  caregiver-center:
    detect: ["caregiver resource center"]
    third_party: caregiver resource center
    programs: [family caregiver support]
    effective: 2025-01-01
    status: confirmed
    source: test fixture
"""

NEW_RULE = '''
rule CRC.RESPITE "The MOU says how respite referrals are made"
  element services
  applies mou
  types caregiver-center
  severity medium
  effective 2025-01-01
  cite "test fixture"
  require any_sentence(all_of("respite", "refer"))
  example met "The Plan refers caregivers of Members to respite programs."
  example gap "The parties meet every quarter."
'''

MOU = """MEMORANDUM OF UNDERSTANDING WITH THE CAREGIVER RESOURCE CENTER

This MOU is between Sunrise Health Plan and the Valley Caregiver Resource Center, executed March 3, 2025.

1. Respite. The Plan refers caregivers of Members to respite programs run by the Center.
"""

REPORT = """kind: plan-report
plan:
  name: Molina Healthcare of California
  period: {start: 2025-01-01, end: 2025-12-31}
mous:
  - {county: Riverside, type: caregiver-center, executed: 2025-03-03, filed_with_dhcs: 2025-03-20, posted: true, url: "https://example.org/crc", annual_report: true}
"""


@pytest.fixture()
def setup(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    types = rules / "data" / "mou_types.yaml"
    types.write_text(types.read_text(encoding="utf-8").rstrip() + "\n" + NEW_TYPE, encoding="utf-8")
    (rules / "mou" / "caregiver-center.rules").write_text(NEW_RULE, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "crc.txt").write_text(MOU, encoding="utf-8")
    (docs / "report.yaml").write_text(REPORT, encoding="utf-8")
    return rules, docs


def _check(docs: Path, *extra: str, codes: tuple[int, ...] = (0, 1)) -> dict:
    out = subprocess.run([sys.executable, "-m", "checker", "check", str(docs), "--format", "json", "--as-of",
                          "2026-11-24", "--fail-on", "never", "--no-cache", *extra],
                         capture_output=True, text=True, cwd=docs.parent)
    assert out.returncode in codes, out.stderr
    return {Path(d["path"]).name: d for d in json.loads(out.stdout)["documents"]}


def test_a_new_mou_type_under_rules_works_end_to_end(setup):
    rules, docs = setup
    found = _check(docs, "--rules", str(rules))
    mou, report = found["crc.txt"], found["report.yaml"]
    assert mou["mou_type"] == "caregiver-center"
    respite = next(f for f in mou["findings"] if f["rule_id"] == "CRC.RESPITE")
    assert respite["status"] == "met"
    assert report["status"] == "checked", report["error"]


def test_without_those_rules_the_type_is_unknown_to_plan_reports(setup):
    _, docs = setup
    report = _check(docs, codes=(3,))["report.yaml"]  # 3: a document could not be checked
    assert report["status"] == "error" and "caregiver-center" in report["error"]
