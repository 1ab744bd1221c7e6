"""The `extract` command: clause tree as text or JSON, exit 2 on unreadable files."""
from __future__ import annotations

import json

from click.testing import CliRunner

from checker.document import Document
from checker.commands.extract import extract_command

MOU = "SAMPLE MOU\n\n1. Liaisons. Each party names a liaison.\n1.1 Changes. Tell the other party.\n"


def test_text_output_is_indented_tree(tmp_path):
    f = tmp_path / "mou.txt"
    f.write_text(MOU)
    res = CliRunner().invoke(extract_command, [str(f)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert "title: SAMPLE MOU" in lines
    assert "§1 Liaisons  [clause, p.1]" in lines
    assert "  §1.1 Changes  [clause, p.1]" in lines
    assert "      Changes. Tell the other party." in lines


def test_json_output_is_the_document(tmp_path):
    f = tmp_path / "mou.md"
    f.write_text(MOU)
    res = CliRunner().invoke(extract_command, [str(f), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = Document.model_validate(json.loads(res.output))
    assert [c.section for c in doc.clauses] == [None, "1", "1.1"]
    assert doc.path == str(f) and len(doc.sha256) == 64


def test_unreadable_file_exits_2_with_one_line(tmp_path):
    f = tmp_path / "fake.pdf"
    f.write_text("not a pdf")
    res = CliRunner().invoke(extract_command, [str(f)])
    assert res.exit_code == 2
    out = res.stderr if hasattr(res, "stderr") else res.output
    assert out.strip().count("\n") == 0
    assert out.startswith(f"error: {f}: is not a PDF") and out.strip().endswith("[not-pdf]")


def test_max_pages_option(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from pdf_factory import many_pages_pdf

    f = many_pages_pdf(tmp_path / "long.pdf", pages=3)
    res = CliRunner().invoke(extract_command, [str(f), "--max-pages", "2"])
    assert res.exit_code == 2 and "[too-large]" in res.output + getattr(res, "stderr", "")
    assert CliRunner().invoke(extract_command, [str(f), "--max-pages", "3"]).exit_code == 0


def test_pdf_engine_option(tmp_path):
    from pdf_factory import simple_pdf

    pdf = simple_pdf(tmp_path / "mou.pdf", MOU.replace("\n\n", "\n"))
    outs = {}
    for engine in ("pdfium", "pdfplumber"):
        res = CliRunner().invoke(extract_command, [str(pdf), "--pdf-engine", engine])
        assert res.exit_code == 0, res.output
        outs[engine] = res.output
    assert outs["pdfium"] == outs["pdfplumber"] and "§1.1 Changes" in outs["pdfium"]
    bad = CliRunner().invoke(extract_command, [str(pdf), "--pdf-engine", "other"])
    assert bad.exit_code == 2 and "pdfium" in bad.output
