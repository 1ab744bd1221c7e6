"""A run over MOUs and plan reports together gives one report, and portfolio coverage counts
the MOU documents of the same run (`run.mous`) beside the plan's own inventory."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.engine.ruleset import RuleSet, load_ruleset
from checker.results import RunResult
from checker.run import RunOptions, check_paths

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 24)

WIC_MOU = """MEMORANDUM OF UNDERSTANDING
Women, Infants, and Children (WIC) Program

Between the County of San Diego WIC Program and a Medi-Cal managed care plan

Executed on March 3, 2024

1. Parties

This memorandum is between the County of San Diego WIC Program and the plan named above.

2. Liaison

Each party shall designate a liaison for this memorandum and shall tell the other party in writing
within five business days when the liaison changes.
"""

IHSS_MOU = """MEMORANDUM OF UNDERSTANDING
In-Home Supportive Services

Between the County of San Diego In-Home Supportive Services Public Authority and a Medi-Cal
managed care plan

Signed on April 8, 2024

1. Parties

This memorandum is between San Diego County, for its In-Home Supportive Services programme, and
the plan named above.
"""

DROPPED = ("type: wic", "type: ihss", "type: first5")


def make_folder(tmp_path: Path, with_mous: bool = True) -> Path:
    """Two small text MOUs for San Diego and the Blue Shield Promise report without its San Diego
    wic, ihss and first5 MOUs in the inventory."""
    folder = tmp_path / "batch"
    folder.mkdir()
    if with_mous:
        (folder / "wic-san-diego.txt").write_text(WIC_MOU, encoding="utf-8")
        (folder / "ihss-san-diego.txt").write_text(IHSS_MOU, encoding="utf-8")
    source = (ROOT / "corpus" / "plan-reports" / "blue-shield-promise.yaml").read_text(encoding="utf-8")
    kept = [line for line in source.splitlines() if not any(d in line for d in DROPPED)]
    assert len(kept) == len(source.splitlines()) - 3, "the corpus report changed shape"
    (folder / "blue-shield-promise.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_ruleset(ROOT / "rules")


def coverage(run: RunResult) -> dict[str | None, tuple[str, str]]:
    (report,) = [d for d in run.documents if d.kind == "plan-report"]
    return {f.subject: (f.status, f.message) for f in report.findings if f.element == "mou-coverage"}


def test_folder_run_mixes_mous_and_plan_reports_in_one_result(tmp_path: Path, ruleset: RuleSet) -> None:
    run = check_paths([make_folder(tmp_path)], ruleset, RunOptions(as_of=AS_OF))
    kinds = sorted((Path(d.path).name, d.kind, d.mou_type) for d in run.documents)
    assert kinds == [("blue-shield-promise.yaml", "plan-report", None),
                     ("ihss-san-diego.txt", "mou", "ihss"),
                     ("wic-san-diego.txt", "mou", "wic")]
    assert all(d.status == "checked" for d in run.documents)
    assert run.summary.documents == 3
    mou_rules = {f.rule_id.split(".")[0] for d in run.documents if d.kind == "mou" for f in d.findings
                 if f.status != "not-applicable"}
    plan_rules = {f.rule_id.split(".")[0] for d in run.documents if d.kind == "plan-report" for f in d.findings
                  if f.status != "not-applicable"}
    assert {"PORTFOLIO", "CAC", "REPORTING"} <= plan_rules
    assert not plan_rules & mou_rules  # each document gets its own kind of rules


def test_portfolio_counts_mous_checked_in_the_same_run(tmp_path: Path, ruleset: RuleSet) -> None:
    found = coverage(check_paths([make_folder(tmp_path)], ruleset, RunOptions(as_of=AS_OF)))
    assert found["San Diego / wic"][0] == "met"  # only in the run, not in the inventory
    assert found["San Diego / ihss"][0] == "met"
    status, message = found["San Diego / first5"]  # in neither
    assert status == "gap"
    assert "San Diego" in message and "first5" in message
    assert found["San Diego / mhp"][0] == "met"  # from the inventory


def test_without_the_mou_files_the_same_report_has_coverage_gaps(tmp_path: Path, ruleset: RuleSet) -> None:
    found = coverage(check_paths([make_folder(tmp_path, with_mous=False)], ruleset, RunOptions(as_of=AS_OF)))
    gaps = sorted(s for s, (status, _) in found.items() if status == "gap")
    assert gaps == ["San Diego / first5", "San Diego / ihss", "San Diego / wic"]


def test_run_mou_executed_after_as_of_does_not_cover(tmp_path: Path, ruleset: RuleSet) -> None:
    folder = make_folder(tmp_path)
    found = coverage(check_paths([folder], ruleset, RunOptions(as_of=dt.date(2024, 3, 15))))
    assert found["San Diego / wic"][0] == "met"  # executed 2024-03-03
    assert found["San Diego / ihss"][0] == "gap"  # signed 2024-04-08, after the check date
    assert "San Diego / first5" not in found  # first5 MOUs are due from 2025-01-01


def run_cli(*args: str) -> dict:
    result = CliRunner().invoke(main, ["check", *args, "--format", "json", "--no-cache", "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    start = result.stdout.index("{")
    return json.loads(result.stdout[start:])


def test_cli_json_shows_plan_report_findings_beside_mou_findings(tmp_path: Path) -> None:
    report = run_cli(str(make_folder(tmp_path)), "--as-of", "2026-11-24")
    by_kind = {d["kind"]: d for d in report["documents"]}
    assert set(by_kind) == {"mou", "plan-report"} and len(report["documents"]) == 3
    plan = by_kind["plan-report"]
    first5 = [f for f in plan["findings"] if f["rule_id"] == "PORTFOLIO.COUNTY_COVERAGE"
              and f["status"] == "gap"]
    assert len(first5) == 1 and re.search(r"San Diego / first5", first5[0]["message"])
    assert first5[0]["element"] == "mou-coverage" and first5[0]["severity"] == "high"
    assert "reinvestment.min_share" in report["rules"]["unconfirmed_params"]
    assert report["summary"]["gaps"]["high"] >= 1


def test_cli_corpus_plan_reports_beside_corpus_pdfs(tmp_path: Path) -> None:
    mou_dir = ROOT / "corpus" / "mou"
    pdfs = [mou_dir / "wic-tulare-healthnet.pdf", mou_dir / "ihss-fresno-anthem.pdf"]
    report = run_cli(str(ROOT / "corpus" / "plan-reports"), *map(str, pdfs), "--as-of", "2026-11-24")
    kinds = [d["kind"] for d in report["documents"]]
    assert kinds.count("plan-report") == 5 and kinds.count("mou") == 2
    assert all(d["status"] == "checked" for d in report["documents"])
    mou_findings = [f for d in report["documents"] if d["kind"] == "mou" for f in d["findings"]
                    if f["status"] in ("met", "gap")]
    assert mou_findings, "MOU rules ran on the PDFs"
    anthem = next(d for d in report["documents"] if d["path"].endswith("anthem.yaml"))
    gaps = {(f["element"], f["subject"]) for f in anthem["findings"] if f["status"] == "gap"}
    assert ("mou-coverage", "Mono / wic") in gaps and ("cac-composition", "Alpine") in gaps


def test_run_mou_of_another_plan_does_not_cover(tmp_path: Path, ruleset: RuleSet) -> None:
    folder = make_folder(tmp_path)
    other = WIC_MOU.replace("a Medi-Cal managed care plan", "Molina Healthcare of California")
    (folder / "wic-san-diego.txt").write_text(other, encoding="utf-8")
    found = coverage(check_paths([folder], ruleset, RunOptions(as_of=AS_OF)))
    assert found["San Diego / wic"][0] == "gap"  # Molina's MOU does not cover Blue Shield Promise
    named = WIC_MOU.replace("a Medi-Cal managed care plan", "Blue Shield of California Promise Health Plan")
    (folder / "wic-san-diego.txt").write_text(named, encoding="utf-8")
    found = coverage(check_paths([folder], ruleset, RunOptions(as_of=AS_OF)))
    assert found["San Diego / wic"][0] == "met"
