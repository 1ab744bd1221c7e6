"""`compliance-check check` end to end on plain-text MOUs (CliRunner and a real process)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

RULES = Path(__file__).parent / "fixtures" / "rules_small"
MOU = """MEMORANDUM OF UNDERSTANDING
between Molina Healthcare of California and the County of Riverside
for Specialty Mental Health Services

1. Liaisons
1.1 Each Party shall designate a liaison responsible for this MOU.

2. Meetings
2.1 The Parties may meet as needed.
"""
TOP_KEYS = {"tool", "as_of", "rules", "documents", "summary"}
DOC_KEYS = {"path", "sha256", "kind", "mou_type", "status", "error", "findings"}
FINDING_KEYS = {"rule_id", "element", "status", "severity", "citation", "message", "evidence",
                "depends_on_unconfirmed", "fingerprint"}


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "mou.txt").write_text(MOU, encoding="utf-8")
    return tmp_path


def invoke(*args: str):
    return CliRunner().invoke(main, ["check", "--rules", str(RULES), "--as-of", "2026-01-01", *args])


def test_table_output_on_txt_mou(folder: Path) -> None:
    result = invoke(str(folder / "mou.txt"))
    assert result.exit_code == 0, result.output  # the only gap is medium; default --fail-on high
    assert "MOU.MEETINGS" in result.output and "mhp" in result.output
    assert "Triage" in result.output


def test_json_keys_match_the_contract(folder: Path) -> None:
    result = invoke(str(folder), "--format", "json")
    data = json.loads(result.stdout)
    assert TOP_KEYS <= set(data)
    assert data["tool"]["name"] == "compliance-check"
    assert data["as_of"] == "2026-01-01"
    assert data["rules"]["count"] == 4
    assert data["rules"]["unconfirmed_params"] == ["clr.closure_notice_days", "reinvestment.min_share"]
    [doc] = data["documents"]
    assert DOC_KEYS <= set(doc)
    assert (doc["kind"], doc["mou_type"], doc["status"], doc["error"]) == ("mou", "mhp", "checked", None)
    by_rule = {f["rule_id"]: f for f in doc["findings"]}
    for f in by_rule.values():
        assert FINDING_KEYS <= set(f)
    assert by_rule["MOU.LIAISON"]["status"] == "met"
    assert by_rule["MOU.LIAISON"]["evidence"][0] == {
        "page": 1, "section": "1.1", "quote": "Each Party shall designate a liaison responsible for this MOU."}
    assert by_rule["MOU.MEETINGS"]["status"] == "gap"
    assert by_rule["CLR.CLOSURE_NOTICE"]["depends_on_unconfirmed"] == ["clr.closure_notice_days"]
    assert data["summary"] == {"documents": 1, "errors": 0, "gaps": {"high": 0, "medium": 1, "low": 0, "advisory": 1}}


def test_pdf_engine_option_is_recorded_in_the_json_report(folder: Path, tmp_path: Path) -> None:
    from pdf_factory import simple_pdf

    pdf = simple_pdf(tmp_path / "mou.pdf", "1. Liaisons\nEach Party shall designate a liaison for this MOU.")
    reports = {}
    for engine in ("pdfium", "pdfplumber"):
        data = json.loads(invoke(str(pdf), "--format", "json", "--pdf-engine", engine, "--no-cache").stdout)
        assert data["tool"]["pdf_engine"] == engine
        reports[engine] = data["documents"]
    assert reports["pdfium"] == reports["pdfplumber"]
    assert json.loads(invoke(str(pdf), "--format", "json", "--no-cache").stdout)["tool"]["pdf_engine"] == "pdfium"
    bad = CliRunner().invoke(main, ["check", str(pdf), "--pdf-engine", "pymupdf"])
    assert bad.exit_code == 2 and "pymupdf" in bad.output


def test_fail_on_medium_exits_1(folder: Path) -> None:
    assert invoke(str(folder), "--fail-on", "medium").exit_code == 1


def test_unreadable_file_does_not_stop_the_batch(folder: Path) -> None:
    (folder / "broken.pdf").write_bytes(b"this is not a pdf")
    result = invoke(str(folder), "--format", "json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    status = {Path(d["path"]).name: (d["status"], d["error"]) for d in data["documents"]}
    assert status["mou.txt"] == ("checked", None)
    assert status["broken.pdf"][0] == "error" and "PDF" in status["broken.pdf"][1]
    assert data["summary"]["errors"] == 1


def test_bad_date_is_a_usage_error(folder: Path) -> None:
    result = invoke(str(folder), "--as-of", "01/07/2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_malformed_rules_exit_2_and_show_positions(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.rules").write_text('rule A.B "t"\n  severity hgh\n')
    result = CliRunner().invoke(main, ["check", "--rules", str(bad), str(folder / "mou.txt")])
    assert result.exit_code == 2
    assert "x.rules:2:12" in result.output


def test_mou_type_override_and_unknown_type(folder: Path) -> None:
    data = json.loads(invoke(str(folder), "--format", "json", "--mou-type", "wic").stdout)
    assert data["documents"][0]["mou_type"] == "wic"
    result = invoke(str(folder), "--mou-type", "mph")
    assert result.exit_code == 2 and "did you mean 'mhp'" in result.output


def test_rules_commands(folder: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["rules", "list", str(RULES)])
    assert listed.exit_code == 0 and "MOU.LIAISON" in listed.output and "REINVESTMENT.SHARE" in listed.output
    explained = runner.invoke(main, ["rules", "explain", "CLR.CLOSURE_NOTICE", "--rules", str(RULES)])
    assert explained.exit_code == 0 and "UNCONFIRMED" in explained.output and "10 business_days" in explained.output
    missing = runner.invoke(main, ["rules", "explain", "MOU.LIASON", "--rules", str(RULES)])
    assert missing.exit_code == 2 and "MOU.LIAISON" in missing.output
    tested = runner.invoke(main, ["rules", "test", str(RULES)])
    assert tested.exit_code == 0 and "8 passed, 0 failed" in tested.output


def test_rules_test_shows_missed_and_extra(tmp_path: Path) -> None:
    (tmp_path / "r.rules").write_text('''rule MOU.X "x"
  element liaison
  applies mou
  severity high
  cite "c"
  require any_sentence("liaison")
  example met "A point of contact is named."
  example gap "The liaison is named."
''')
    result = CliRunner().invoke(main, ["rules", "test", str(tmp_path)])
    assert result.exit_code == 1
    assert "FAIL MOU.X" in result.output
    assert "missed: expected met, got gap" in result.output
    assert "extra: expected gap, got met" in result.output
    assert "0 passed, 2 failed" in result.output


def test_real_process_exit_code_and_json(folder: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--rules", str(RULES), "--as-of", "2026-01-01",
                           "--format", "json", "--fail-on", "medium", str(folder)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["gaps"]["medium"] == 1


def test_rules_fmt_keeps_comments_unless_asked(tmp_path: Path) -> None:
    messy = 'terms a   =   "x",    "y"\n'
    commented = '# why these words\nterms b = "z",   "w"\n'
    (tmp_path / "a.rules").write_text(messy)
    (tmp_path / "b.rules").write_text(commented)
    runner = CliRunner()
    check = runner.invoke(main, ["rules", "fmt", "--check", str(tmp_path)])
    assert check.exit_code == 1 and "a.rules: would reformat" in check.output and "b.rules: would reformat" in check.output
    runner.invoke(main, ["rules", "fmt", str(tmp_path)])
    assert (tmp_path / "a.rules").read_text() == 'terms a = "x", "y"\n'
    assert (tmp_path / "b.rules").read_text() == '# why these words\nterms b = "z", "w"\n'
    assert runner.invoke(main, ["rules", "fmt", "--check", str(tmp_path)]).exit_code == 0
    runner.invoke(main, ["rules", "fmt", "--drop-comments", str(tmp_path)])
    assert (tmp_path / "b.rules").read_text() == 'terms b = "z", "w"\n'
