"""The CI gate end to end: exit codes, baselines and suppressions through `check`
(click's CliRunner for detail, a real subprocess for what a CI job sees)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

RULES = Path(__file__).parent / "fixtures" / "rules_small"
GOOD = "1. Liaisons. Each Party shall designate a liaison.\n2. Meetings. The Parties shall meet quarterly.\n"
NO_LIAISON = "1. Meetings. The Parties shall meet quarterly.\n"          # a high gap (MOU.LIAISON)
NO_MEETINGS = "1. Liaisons. Each Party shall appoint a liaison.\n"       # a medium gap (MOU.MEETINGS)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "check", "--rules", str(RULES), "--as-of", "2026-01-01",
                           "--report-dir", "", "-q", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "mous"
    d.mkdir()
    (d / "good.txt").write_text(GOOD)
    (d / "medium.txt").write_text(NO_MEETINGS)
    return d


def test_exit_codes_follow_fail_on(folder: Path) -> None:
    assert cli(str(folder)).returncode == 0                       # only a medium gap; default --fail-on high
    assert cli(str(folder), "--fail-on", "medium").returncode == 1
    assert cli(str(folder), "--fail-on", "never").returncode == 0
    (folder / "high.txt").write_text(NO_LIAISON)
    assert cli(str(folder)).returncode == 1
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    assert cli(str(folder), "--fail-on", "never").returncode == 3  # unreadable never looks like a pass
    assert cli(str(folder), "--as-of", "yesterday").returncode == 2


def test_baseline_gates_on_new_gaps_only(folder: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    first = cli(str(folder), "--format", "json", "--output", str(baseline), "--fail-on", "never")
    assert first.returncode == 0 and json.loads(baseline.read_text())["summary"]["gaps"]["medium"] == 1
    same = cli(str(folder), "--baseline", str(baseline), "--fail-on", "medium", "--format", "json")
    assert same.returncode == 0  # the medium gap is still open, not new
    (folder / "high.txt").write_text(NO_LIAISON)
    new = cli(str(folder), "--baseline", str(baseline), "--format", "json")
    assert new.returncode == 1
    report = json.loads(new.stdout)
    states = {(Path(d["path"]).name, f["rule_id"]): f.get("baseline") for d in report["documents"]
              for f in d["findings"] if f["status"] == "gap"}
    assert states[("high.txt", "MOU.LIAISON")] == "new"
    assert states[("medium.txt", "MOU.MEETINGS")] == "open"
    (folder / "medium.txt").write_text(GOOD)
    (folder / "high.txt").unlink()
    fixed = cli(str(folder), "--baseline", str(baseline), "--format", "json")
    assert fixed.returncode == 0
    assert json.loads(fixed.stdout)["baseline"]["resolved"] == 1


def test_suppressions_need_a_reason_and_stay_visible(folder: Path, tmp_path: Path) -> None:
    (folder / "high.txt").write_text(NO_LIAISON)
    sup = tmp_path / "sup.yaml"
    sup.write_text("- rule_id: MOU.LIAISON\n  path: '*high.txt'\n")
    bad = CliRunner().invoke(main, ["check", "--rules", str(RULES), "--report-dir", "", "--suppressions", str(sup),
                                    str(folder)])
    assert bad.exit_code == 2 and "reason" in bad.output
    sup.write_text("- rule_id: MOU.LIAISON\n  path: '*high.txt'\n  reason: liaison named in the master agreement\n")
    ok = CliRunner().invoke(main, ["check", "--rules", str(RULES), "--as-of", "2026-01-01", "--report-dir", "",
                                   "--suppressions", str(sup), "--format", "json", str(folder)])
    assert ok.exit_code == 0
    data = json.loads(ok.stdout)
    [liaison] = [f for d in data["documents"] if d["path"].endswith("high.txt") for f in d["findings"]
                 if f["rule_id"] == "MOU.LIAISON"]
    assert liaison["status"] == "gap" and liaison["suppressed"] == "liaison named in the master agreement"
    assert data["summary"]["gaps"]["high"] == 0
