"""MOU type detection from title, recitals and party names (rules/data/mou_types.yaml `detect:`)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main
from checker.engine.ruleset import load_ruleset
from checker.engine.classify import classify
from checker.extract.text import parse_text
from checker.run import RunOptions, check_mou

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "mou"
SOURCES = sorted((CORPUS / "src").glob("*.txt"))
AS_OF = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def test_corpus_covers_every_dated_type(ruleset):
    dated = {t for t, info in ruleset.mou_types.items() if info.get("effective")}
    labelled = {yaml.safe_load((CORPUS / f"{p.stem}.expected.yaml").read_text())["mou_type"] for p in SOURCES}
    assert dated <= labelled


@pytest.mark.parametrize("source", SOURCES, ids=[p.stem for p in SOURCES])
def test_corpus_document_type_is_detected(source, ruleset):
    expected = yaml.safe_load((CORPUS / f"{source.stem}.expected.yaml").read_text())["mou_type"]
    document = parse_text(source.read_text(), str(source))
    cls = classify(document, ruleset.mou_types, [])
    assert cls.mou_type == expected, f"{source.name}: {cls.reason} scores={cls.scores}"
    assert "'" in cls.reason  # names the phrase that decided


@pytest.mark.parametrize("title, expected", [
    ("Memorandum of Understanding between Sample Health Plan and the County Behavioral Health Department "
     "for Drug Medi-Cal Organized Delivery System Services", "dmc-ods"),
    ("MOU for Specialty Mental Health Services between the County Mental Health Plan and Sample Health Plan", "mhp"),
    ("Agreement between Sample Health Plan and the Regional Center of the Sierra", "regional-center"),
    ("Memorandum between Sample Health Plan and the Oak Valley Unified School District", "lea"),
    ("MOU between Sample Health Plan and the County Sheriff's Office (jail health services)", "jails"),
])
def test_new_wording_is_detected(title, expected, ruleset):
    document = parse_text(f"{title}\n\nThis memorandum sets out how the parties work together.\n")
    assert classify(document, ruleset.mou_types, []).mou_type == expected


UNKNOWN = """MEMORANDUM OF UNDERSTANDING

Sample Health Plan and the Valley Library Board

1. Parties. This MOU is between Sample Health Plan (the Plan) and the Valley Library Board.

2. Liaison. Each party designates a liaison for this MOU.
"""


def test_unrecognised_type_falls_back_to_base_pack(ruleset):
    document = parse_text(UNKNOWN, "unknown.txt")
    result = check_mou(document, ruleset, RunOptions(as_of=AS_OF), "unknown.txt")
    assert result.mou_type is None
    assert "base rules" in (result.mou_type_reason or "")
    by_id = {f.rule_id: f for f in result.findings}
    assert by_id["MOU.LIAISON"].status == "met"
    assert by_id["MHP.CONCURRENT_CARE"].status == "not-applicable"
    assert "not recognised" in by_id["MHP.CONCURRENT_CARE"].message


def test_mou_type_option_overrides_detection(tmp_path):
    src = CORPUS / "src" / "wic-tulare-healthnet.txt"
    doc = tmp_path / "mou.txt"
    doc.write_text(src.read_text())
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["check", str(doc), "--as-of", "2026-11-24", "--mou-type", "lhd",
                                       "--format", "json", "--output", str(out)])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(out.read_text())
    d = report["documents"][0]
    assert d["mou_type"] == "lhd"
    rules = {f["rule_id"]: f["status"] for f in d["findings"]}
    assert rules["LHD.PUBLIC_HEALTH_PROGRAMS"] != "not-applicable"
    assert rules["WIC.PROGRAM_COVERED"] == "not-applicable"
