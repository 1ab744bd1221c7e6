"""PDF extraction: layout repair and the recovered clause tree, on PDFs drawn by fpdf2."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pdf_factory import PdfBuilder, simple_pdf  # noqa: E402

from checker.extract import load_document  # noqa: E402
from checker.extract.pdf import NO_TEXT_NOTE  # noqa: E402

FILLER = "The parties keep working together on shared goals for members."


def _build_sample(path: Path) -> Path:
    b = PdfBuilder(header="Sunny Health Plan and Alpine County MOU", footer="Draft for review", page_numbers=True)
    b.page()
    b.line("MEMORANDUM OF UNDERSTANDING", size=16, bold=True)
    b.line("This memorandum is made between Sunny Health Plan and the county.", gap=4)
    b.line("RECITALS", bold=True, gap=4)
    b.line("A. The plan serves members in the county.")
    b.line("B. The county runs the mental health plan.")
    b.line("Care Coordination", size=14, bold=True, gap=4)
    b.line("1. Purpose. The parties coordinate care for shared members and share")
    b.line("informa-")
    b.line("tion about referrals in both directions.")
    b.line("1.1 Scope. This section covers all members.")
    b.line("(a) adults;")
    b.line("(b) children.")
    b.line("1.2 Goals.")
    while b.y < 255:
        b.line(FILLER)
    b.line("2. Liaisons. Each party shall designate a liaison and notify the other")
    b.page()
    b.line("party in writing of any change within ten days.")
    b.line("2.1 Records. Each party keeps records.")
    b.line("a. paper records;")
    b.line("(i) kept on site;")
    b.line("(ii) kept for ten years.")
    b.line("b. electronic records.")
    b.line("Article III", gap=4)
    b.line("Section 3.01 Meetings. The parties meet each quarter.")
    b.line("Exhibit A", bold=True, gap=4)
    b.table([["Service", "Plan", "County"], ["Screening", "Yes", "No"], ["Transport", "Yes", "Yes"]])
    b.line("IN WITNESS WHEREOF, the parties sign below.")
    b.line("SUNNY HEALTH PLAN", gap=4)
    b.line("By: ____________________")
    b.line("Name: Jane Doe")
    b.line("Title: Chief Executive")
    b.line("Date: ______________")
    b.page()
    b.line("Exhibit B", bold=True)
    b.two_columns(
        ["B.1 Data. The plan sends monthly", "files of shared members to the", "county by secure transfer.",
         "B.2 Privacy. Both parties protect", "member records under HIPAA", "and 42 CFR Part 2."],
        ["B.3 Review. The parties review", "this exhibit every year and", "update it in writing.",
         "B.4 Notices. Notices go by", "email and by letter to the", "addresses on file."],
    )
    b.line("Text below the columns closes the exhibit.")
    b.image_page()
    return b.save(path)


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    return load_document(_build_sample(tmp_path_factory.mktemp("pdf") / "sample.pdf"))


def _by_section(doc, section):
    return next(c for c in doc.clauses if c.section == section)


def test_structure_is_recovered(doc):
    got = [(c.kind, c.section, c.path, c.heading, c.pages) for c in doc.clauses if c.section]
    assert got == [
        ("clause", "A", ["A"], "RECITALS", [1]),
        ("clause", "B", ["B"], "RECITALS", [1]),
        ("clause", "1", ["1"], "Purpose", [1]),
        ("clause", "1.1", ["1", "1.1"], "Scope", [1]),
        ("clause", "(a)", ["1", "1.1", "(a)"], "Scope", [1]),
        ("clause", "(b)", ["1", "1.1", "(b)"], "Scope", [1]),
        ("clause", "1.2", ["1", "1.2"], "Goals", [1]),
        ("clause", "2", ["2"], "Liaisons", [1, 2]),
        ("clause", "2.1", ["2", "2.1"], "Records", [2]),
        ("clause", "a", ["2", "2.1", "a"], "Records", [2]),
        ("clause", "(i)", ["2", "2.1", "a", "(i)"], "Records", [2]),
        ("clause", "(ii)", ["2", "2.1", "a", "(ii)"], "Records", [2]),
        ("clause", "b", ["2", "2.1", "b"], "Records", [2]),
        ("heading", "Article III", ["Article III"], None, [2]),
        ("clause", "3.01", ["Article III", "3.01"], "Meetings", [2]),
        ("heading", "Exhibit A", ["Exhibit A"], None, [2]),
        ("table", "Exhibit A", ["Exhibit A"], None, [2]),
        ("heading", "Exhibit B", ["Exhibit B"], None, [3]),
        ("clause", "B.1", ["Exhibit B", "B.1"], "Data", [3]),
        ("clause", "B.2", ["Exhibit B", "B.2"], "Privacy", [3]),
        ("clause", "B.3", ["Exhibit B", "B.3"], "Review", [3]),
        ("clause", "B.4", ["Exhibit B", "B.4"], "Notices", [3]),
    ]


def test_title_and_unnumbered_headings_from_font(doc):
    assert doc.title == "MEMORANDUM OF UNDERSTANDING"
    headings = [c.text for c in doc.clauses if c.kind == "heading" and c.section is None]
    assert headings == ["MEMORANDUM OF UNDERSTANDING", "RECITALS", "Care Coordination"]
    assert _by_section(doc, "1").path == ["1"]  # the heading started a fresh outline


def test_running_headers_footers_and_page_numbers_removed(doc):
    text = doc.full_text
    for noise in ("Sunny Health Plan and Alpine County MOU", "Draft for review", "Page 1 of", "Page 2 of"):
        assert noise not in text


def test_hyphenated_word_rejoined(doc):
    assert _by_section(doc, "1").text == (
        "Purpose. The parties coordinate care for shared members and share "
        "information about referrals in both directions."
    )


def test_clause_continues_across_page_break(doc):
    c = _by_section(doc, "2")
    assert c.pages == [1, 2]
    assert c.text == ("Liaisons. Each party shall designate a liaison and notify the other party "
                      "in writing of any change within ten days.")


def test_filler_stays_with_its_clause(doc):
    assert _by_section(doc, "1.2").text.startswith("Goals. " + FILLER)


def test_table_rows(doc):
    table = next(c for c in doc.clauses if c.kind == "table")
    assert table.text.split("\n") == ["Service | Plan | County", "Screening | Yes | No", "Transport | Yes | Yes"]
    assert "Screening" not in " ".join(c.text for c in doc.clauses if c.kind != "table")


def test_signature_block(doc):
    sig = next(c for c in doc.clauses if c.kind == "signature")
    assert sig.pages == [2]
    assert sig.text.startswith("SUNNY HEALTH PLAN By:")
    assert "Name: Jane Doe" in sig.text and "Title: Chief Executive" in sig.text and "Date:" in sig.text


def test_two_columns_read_column_by_column(doc):
    assert _by_section(doc, "B.1").text == "Data. The plan sends monthly files of shared members to the county by secure transfer."
    assert _by_section(doc, "B.2").text == "Privacy. Both parties protect member records under HIPAA and 42 CFR Part 2."
    assert _by_section(doc, "B.3").text == "Review. The parties review this exhibit every year and update it in writing."
    assert doc.full_text.index("42 CFR Part 2") < doc.full_text.index("B.3") if "B.3" in doc.full_text else True
    texts = [c.text for c in doc.clauses]
    assert texts.index(_by_section(doc, "B.2").text) < texts.index(_by_section(doc, "B.3").text)
    assert _by_section(doc, "B.4").text.endswith("addresses on file. Text below the columns closes the exhibit.")


def test_image_only_page_is_flagged(doc):
    assert [p.number for p in doc.pages] == [1, 2, 3, 4]
    assert doc.unreadable_pages == [4]
    assert doc.pages[3].note.startswith(NO_TEXT_NOTE)
    assert any("page 4" in w for w in doc.warnings)
    assert doc.extractor == "pdf" and len(doc.sha256) == 64


def test_all_numbering_schemes_in_pdf(tmp_path):
    text = """\
ARTICLE I
GENERAL TERMS
Section 1.01 Scope. This MOU covers shared members.
1.1.1 The plan shall act.
A. Letters upper.
a) letters with a bracket.
(A) Paren upper.
(1) Paren number.
(iv) Paren roman.
I. Roman upper.
i. roman lower.
Attachment 1
1. First attachment item.
"""
    doc = load_document(simple_pdf(tmp_path / "schemes.pdf", text))
    got = [(c.section, c.path) for c in doc.clauses]
    assert got == [
        ("Article I", ["Article I"]),
        ("1.01", ["Article I", "1.01"]),
        ("1.1.1", ["Article I", "1.01", "1.1.1"]),
        ("A", ["Article I", "1.01", "1.1.1", "A"]),
        ("a)", ["Article I", "1.01", "1.1.1", "A", "a)"]),
        ("(A)", ["Article I", "1.01", "1.1.1", "A", "a)", "(A)"]),
        ("(1)", ["Article I", "1.01", "1.1.1", "A", "a)", "(A)", "(1)"]),
        ("(iv)", ["Article I", "1.01", "1.1.1", "A", "a)", "(A)", "(1)", "(iv)"]),
        ("I", ["Article I", "1.01", "1.1.1", "A", "a)", "(A)", "(1)", "(iv)", "I"]),
        ("i", ["Article I", "1.01", "1.1.1", "A", "a)", "(A)", "(1)", "(iv)", "I", "i"]),
        ("Attachment 1", ["Attachment 1"]),
        ("1", ["Attachment 1", "1"]),
    ]
    assert doc.clauses[0].heading == "GENERAL TERMS"


def test_paragraph_gap_splits_unnumbered_text(tmp_path):
    text = "First paragraph of the preamble runs here.\n\nSecond paragraph of the preamble.\n"
    doc = load_document(simple_pdf(tmp_path / "paras.pdf", text))
    assert [c.text for c in doc.clauses] == ["First paragraph of the preamble runs here.",
                                             "Second paragraph of the preamble."]
