"""Mandatory maps (rules/templates/*.yaml) are linted by `rules lint`: each problem names the
file, the entry and what is wrong, with a stable code."""
from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.redline.policy import lint_maps, load_map

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_maps_are_clean_and_cite_every_entry():
    n, diags = lint_maps(ROOT / "rules")
    assert n == 2 and diags == []
    for path in sorted((ROOT / "rules" / "templates").glob("*.yaml")):
        m = load_map(path)
        assert m.entries and all(e.cite for e in m.entries.values())
        assert any(e.mandatory for e in m.entries.values()) and any(not e.mandatory for e in m.entries.values())
        assert {"plan", "county"} <= set(m.placeholders)


def test_rules_lint_reports_each_map_problem_precisely(tmp_path):
    shutil.copytree(ROOT / "rules" / "data", tmp_path / "data")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bad.yaml").write_text(
        "template:\n  id: bad\n  mou_type: mhpp\n"
        "placeholders:\n  county: [County]\n"
        "provisions:\n"
        "  - section: '1.1'\n    mandatory: true\n    cite: a\n"
        "  - section: '1.1'\n    mandatory: true\n    cite: b\n"
        "  - section: '2.1'\n    mandatory: maybe\n    cite: c\n"
        "  - section: '2.2'\n    mandatory: true\n    element: liason\n    cite: d\n"
        "  - section: '3.1'\n    mandatory: false\n"
        "  - section: '3.2'\n    mandatory: false\n    cite: e\n    mandatroy: true\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["rules", "lint", str(tmp_path)])
    assert r.exit_code == 1
    f = tmp_path / "templates" / "bad.yaml"
    for line in (
        f"{f}:1:1: error[E205]: template.mou_type 'mhpp' is not an MOU type id",
        f"{f}:4:1: error[E504]: placeholder 'county': 'County' is not a bracketed fill-in",
        f"{f}:10:1: error[E503]: provisions entry 2 (section 1.1) is listed twice",
        f"{f}:13:1: error[E501]: provisions entry 3 (section 2.1): 'mandatory:' must be true or false, not 'maybe'",
        f"{f}:16:1: error[E201]: provisions entry 4 (section 2.2): element 'liason' is not an element id",
        f"{f}:20:1: error[E502]: provisions entry 5 (section 3.1) has no citation",
        f"{f}:22:1: error[E501]: provisions entry 6 (section 3.2): unknown key 'mandatroy'",
    ):
        assert line in r.output, r.output
    assert "did you mean 'liaison'?" in r.output and "did you mean 'mandatory'?" in r.output
    assert "1 template map(s): 7 error(s)" in r.output


def test_invalid_yaml_points_at_the_line(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.yaml").write_text("template: {id: x\nprovisions: [\n", encoding="utf-8")
    n, diags = lint_maps(tmp_path)
    assert n == 1 and len(diags) == 1 and diags[0].code == "E501" and "not valid YAML" in diags[0].message
