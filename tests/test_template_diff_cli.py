"""`compliance-check diff` and `check --template`: exit codes, every report format, atomic
output, map errors, unreadable and hostile inputs."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.redline.formats import FORMATS
from checker.report.formats import FORMATS as GAP_FORMATS

ROOT = Path(__file__).resolve().parents[1]
TPL = ROOT / "corpus" / "templates"
MHP = str(TPL / "mhp" / "template.pdf")
SUB = TPL / "submissions"


def _diff(*args: str, cache: Path | None = None):
    extra = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    return CliRunner().invoke(main, ["diff", *args, *extra])


def test_every_gap_report_format_has_a_diff_renderer():
    assert tuple(FORMATS) == tuple(GAP_FORMATS)


@pytest.mark.parametrize("name,code", [("mhp-fresno-kept.pdf", 0), ("mhp-sandiego-review.pdf", 1),
                                       ("mhp-kern-reworded.pdf", 1)])
def test_exit_code_follows_the_decision(name, code):
    assert _diff(MHP, str(SUB / name)).exit_code == code


def test_fail_on_redline_lets_review_pass_and_never_passes_all():
    assert _diff(MHP, str(SUB / "mhp-sandiego-review.pdf"), "--fail-on", "redline-required").exit_code == 0
    assert _diff(MHP, str(SUB / "mhp-kern-reworded.pdf"), "--fail-on", "never").exit_code == 0


def test_json_gives_the_alignment():
    r = _diff(MHP, str(SUB / "mhp-kern-reworded.pdf"), "--format", "json")
    data = json.loads(r.output)
    sub = data["submissions"][0]
    assert data["kind"] == "template-diff" and sub["decision"] == "redline-required"
    p = next(p for p in sub["provisions"] if p["template_id"] == "mhp-model:2.2")
    assert p["status"] == "edited" and p["redline_required"] and p["submission_section"] == "2.2"
    assert p["submission_pages"] == [1] and p["citation"]
    assert [(o["template"], o["submission"]) for o in p["diff"] if o["op"] == "replace"] == [("14", "30")]
    assert sub["counts"] == {"kept": 20, "edited": 2, "moved": 0, "removed": 1, "added": 1}


def test_html_is_a_side_by_side_redline_with_escaped_text():
    r = _diff(MHP, str(SUB / "mhp-kern-reworded.pdf"), "--format", "html")
    html = r.output
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert '<del class="del strong" title="number, timeframe">14</del>' in html
    assert '<ins class="ins strong" title="number, timeframe">30</ins>' in html
    assert "redline-required" in html and "&quot;MCP&quot;" in html and '("MCP")' not in html


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_renders_every_outcome(fmt, tmp_path):
    out = tmp_path / f"r.{FORMATS[fmt].EXTENSION}"
    r = CliRunner().invoke(main, ["check", "--template", MHP, str(SUB), "--format", fmt, "--output", str(out),
                                  "--no-cache", "--quiet"])
    assert r.exit_code == 1, r.output
    text = out.read_text(encoding="utf-8")
    assert "mhp-kern-reworded" in text and "mhp-sandiego-review" in text
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["status"] for r in rows} >= {"kept", "edited", "moved", "removed", "added"}
    if fmt in ("json", "sarif"):
        json.loads(text)
    if fmt == "sarif":
        import jsonschema

        schema = json.loads((ROOT / "tests" / "golden" / "report" / "sarif-schema-2.1.0.json").read_text())
        jsonschema.Draft4Validator(schema).validate(json.loads(text))
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        root = ET.fromstring(text)
        assert int(root.get("failures")) >= 1


def test_check_template_lists_what_it_did_not_diff(tmp_path):
    r = CliRunner().invoke(main, ["check", "--template", str(TPL / "mhp" / "template.txt"), str(TPL / "mhp"),
                                  str(ROOT / "corpus" / "plan-reports"), "--format", "json", "--no-cache"])
    data = json.loads(r.output)
    reasons = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
    assert reasons["template.txt"] == "it is the template itself"
    assert any("plan report" in v for v in reasons.values())
    assert [Path(s["path"]).name for s in data["submissions"]] == ["template.pdf"]
    assert data["submissions"][0]["decision"] == "file-and-use"


def test_the_cache_is_reused(tmp_path):
    first = _diff(MHP, str(SUB / "mhp-fresno-kept.pdf"), cache=tmp_path)
    entries = list((tmp_path / "extract").rglob("*.json"))
    second = _diff(MHP, str(SUB / "mhp-fresno-kept.pdf"), cache=tmp_path)
    assert len(entries) == 2 and first.output == second.output
    assert list((tmp_path / "extract").rglob("*.json")) == entries


def test_an_unreadable_submission_is_an_error_not_a_crash(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    r = _diff(MHP, str(bad), "--format", "json")
    assert r.exit_code == 3
    sub = json.loads(r.output)["submissions"][0]
    assert sub["status"] == "error" and sub["error"].endswith("[corrupt]") and not sub["provisions"]


def test_a_bad_map_is_reported_with_file_entry_and_code(tmp_path):
    m = tmp_path / "m.yaml"
    m.write_text("template: {id: x}\nprovisions:\n  - section: '2.2'\n    mandatory: true\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["diff", MHP, str(SUB / "mhp-fresno-kept.pdf"), "--map", str(m), "--no-cache"])
    assert r.exit_code == 2
    assert f"{m}:3:1: error[E502]: provisions entry 1 (section 2.2) has no citation" in r.output


def test_a_map_for_another_template_is_refused(tmp_path):
    r = CliRunner().invoke(main, ["diff", MHP, str(SUB / "mhp-fresno-kept.pdf"), "--map",
                                  str(ROOT / "rules" / "templates" / "dmc-ods-model.yaml"), "--no-cache"])
    assert r.exit_code == 2 and "dmc-ods-model.yaml" in r.output and "entry section 3.2 says 'Level of care'" in r.output


def test_output_is_written_atomically_and_a_failed_write_keeps_the_old_report(tmp_path, monkeypatch):
    out = tmp_path / "r.json"
    out.write_text("old", encoding="utf-8")
    import checker.redline.formats.json_report as jr

    def boom(batch):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(jr, "render", boom)
    r = _diff(MHP, str(SUB / "mhp-fresno-kept.pdf"), "--format", "json", "--output", str(out))
    assert r.exit_code != 0 and out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def _docx(path: Path, document: bytes, compress: int = zipfile.ZIP_DEFLATED) -> Path:
    src = SUB / "mhp-kings-redline.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", compress) as zout:
        for info in zin.infolist():
            data = document if info.filename == "word/document.xml" else zin.read(info)
            zout.writestr(info.filename, data, compress_type=compress)
    return path


def test_a_docx_declaring_entities_is_refused(tmp_path):
    from checker.redline.tracked import tracked_edits
    from checker.document import ExtractionError

    doc = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaa">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           b'<w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(ExtractionError, match="DTD or XML entities"):
        tracked_edits(_docx(tmp_path / "dtd.docx", doc))


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    from checker.redline.tracked import tracked_edits
    from checker.document import ExtractionError

    doc = b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>' + b" " * 5_000_000 + b"</w:body></w:document>"
    with pytest.raises(ExtractionError, match="zip bomb"):
        tracked_edits(_docx(tmp_path / "bomb.docx", doc))
    with pytest.raises(ExtractionError, match="limit"):
        tracked_edits(_docx(tmp_path / "big.docx", doc, zipfile.ZIP_STORED), max_text_kb=1)


def test_tracked_changes_are_read_as_changes():
    from checker.redline.tracked import tracked_edits

    edits = tracked_edits(SUB / "mhp-kings-redline.docx")
    assert [(e.kind, e.text.strip()) for e in edits] == [
        ("delete", "30"), ("insert", "45"), ("delete", "and once a year after that"),
        ("insert", "9.4 Counterparts. This MOU may be signed in counterparts, and each signed copy counts as an original.")]
    assert all(e.author == "Plan counsel" for e in edits)
