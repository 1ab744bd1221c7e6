"""The clause tree of PDFs we drew from known outlines (corpus/fidelity.py) is the outline.

Wrapped bold-caps titles, Article/Section, Part, lettered and Roman numbering, two columns,
tables, exhibits and signature sections: every sentence must land under its section path
and heading, and every heading must be recovered with its number.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from checker.extract import load_document

ROOT = Path(__file__).resolve().parents[1]


def _fidelity():
    spec = importlib.util.spec_from_file_location("fidelity", ROOT / "corpus" / "fidelity.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fidelity"] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


fid = _fidelity()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return fid.build(tmp_path_factory.mktemp("fidelity"))


@pytest.mark.parametrize("name", sorted(fid.DOCUMENTS))
def test_every_sentence_has_its_section_path_and_every_heading_is_found(built, name):
    path, exp = built[name]
    sc = fid.score(load_document(path), exp)
    assert sc.misses == []
    assert sc.right == sc.sentences and sc.found == sc.headings


def test_the_set_covers_what_it_claims(built):
    """A fidelity set that lost its hard cases would pass for the wrong reason."""
    lines = [h for _, exp in built.values() for h in exp.heading_lines]
    sections = {s for _, exp in built.values() for _, path, *_ in exp.sentences for s in path}
    assert {"Article II", "2.01", "Part Two", "Exhibit A", "Attachment 1", "Schedule A",
            "Appendix A", "E", "II", "(i)", "2.1.1", "1.01", "Schedule 1", "iii", "(a)"} <= sections
    assert any(len(h) > 70 for h in lines)  # titles long enough to wrap
    kinds = {k for _, exp in built.values() for *_, k in exp.sentences}
    assert {"table", "signature", None} <= kinds
    assert any(layout.columns == 2 for _, layout, _ in fid.DOCUMENTS.values())


def test_wrapped_title_is_one_heading_and_later_sections_keep_theirs(built):
    path, _ = built["articles-times"]
    doc = load_document(path)
    art2 = next(c for c in doc.clauses if c.section == "Article II")
    assert art2.heading == "COORDINATION OF CARE FOR MEMBERS RECEIVING TREATMENT FOR ADDICTION"
    assert not any(c.kind == "heading" and c.section is None and "ADDICTION" in c.text for c in doc.clauses)
    s201 = next(c for c in doc.clauses if c.section == "2.01")
    assert (s201.path, s201.heading) == (["Article II", "2.01"], "Referrals")


def test_signature_section_keeps_its_heading_and_blocks(built):
    path, _ = built["lettered-helvetica"]
    doc = load_document(path)
    g = next(c for c in doc.clauses if c.section == "G")
    assert g.heading == "SIGNATURES" and "IN WITNESS WHEREOF" in g.text
    blocks = [c for c in doc.clauses if c.kind == "signature"]
    assert len(blocks) == 2
    assert all(b.path == ["G"] and b.heading == "SIGNATURES" for b in blocks)
    assert blocks[0].text.startswith("ALDER COUNTY BEHAVIORAL HEALTH By:")
    exhibit = next(c for c in doc.clauses if c.section == "Exhibit A")
    assert exhibit.path == ["Exhibit A"]  # a top-level section after the signatures


def test_bare_pdfplumber_is_measured_on_the_same_files(built):
    path, exp = built["lettered-helvetica"]
    assert fid.pdfplumber_headings(path, exp) == len(exp.heading_lines)


def test_every_heading_of_the_bundled_corpus_is_recovered():
    corpus = ROOT / "corpus" / "mou"
    for pdf in sorted(corpus.glob("*.pdf")):
        doc = load_document(pdf)
        missing = [h for h in fid.corpus_headings(corpus / "src" / f"{pdf.stem}.txt")
                   if not fid.heading_recovered(doc, h)]
        assert missing == [], pdf.name


@pytest.mark.parametrize("name, header", [("split-numbers-table", "Role | Party | Phone | Email"),
                                          ("plain-size-titles", "Report | Due | Owner")])
def test_a_table_over_a_page_break_is_one_table_under_one_header_row(built, name, header):
    """Repeated on the new page (split-numbers-table) or not (plain-size-titles)."""
    path, exp = built[name]
    tables = [c for c in load_document(path).clauses if c.kind == "table"]
    assert len(tables) == 1
    rows = tables[0].text.split("\n")
    assert len(tables[0].pages) == 2 and rows[0] == header and rows.count(header) == 1
    assert len(rows) == sum(1 for *_, k in exp.sentences if k == "table")
