"""Word drafts: heading styles, automatic numbering and tables into the clause tree."""
from __future__ import annotations

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from checker.extract import load_document
from checker.extract.docx import PAGES_UNKNOWN, format_number


def _auto_number(paragraph, num_id: int, ilvl: int = 0) -> None:
    """Attach Word automatic numbering (numPr) to a paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    num_pr.append(lvl)
    num_pr.append(nid)
    ppr.append(num_pr)


@pytest.fixture()
def doc(tmp_path):
    d = docx.Document()
    d.add_paragraph("Memorandum of Understanding", style="Title")
    d.add_paragraph("This draft sets out how the plan and the county work together.")
    d.add_heading("Liaisons", level=1)
    d.add_paragraph("Each party shall designate a liaison.")
    d.add_paragraph("The plan liaison handles plan matters.", style="List Number")
    d.add_paragraph("The county liaison handles county matters.", style="List Number")
    d.add_heading("4.2 Data Sharing", level=2)
    d.add_paragraph("The parties share data monthly.")
    t = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Data", (0, 1): "Frequency", (1, 0): "Referrals", (1, 1): "Weekly"}.items():
        t.cell(r, c).text = text
    d.add_paragraph("SUNNY HEALTH PLAN")
    d.add_paragraph("By: ____________")
    d.add_paragraph("Name: Jane Doe")
    path = tmp_path / "draft.docx"
    d.save(str(path))
    return load_document(path)


def test_title_and_page_warning(doc):
    assert doc.title == "Memorandum of Understanding"
    assert doc.extractor == "docx"
    assert doc.warnings == [PAGES_UNKNOWN]
    assert all(c.pages == [1] for c in doc.clauses)
    assert [p.number for p in doc.pages] == [1]


def test_heading_styles_and_list_numbering(doc):
    got = [(c.kind, c.section, c.path, c.heading, c.text) for c in doc.clauses if c.kind in ("clause", "heading")]
    assert got == [
        ("heading", None, [], "Memorandum of Understanding", "Memorandum of Understanding"),
        ("clause", None, [], "Memorandum of Understanding",
         "This draft sets out how the plan and the county work together."),
        ("heading", None, [], "Liaisons", "Liaisons"),
        ("clause", None, [], "Liaisons", "Each party shall designate a liaison."),
        ("clause", "1", ["1"], "Liaisons", "The plan liaison handles plan matters."),
        ("clause", "2", ["2"], "Liaisons", "The county liaison handles county matters."),
        ("clause", "4.2", ["4.2"], "Data Sharing", "Data Sharing The parties share data monthly."),
    ]


def test_table_rows_and_signature(doc):
    table = next(c for c in doc.clauses if c.kind == "table")
    assert table.text == "Data | Frequency\nReferrals | Weekly"
    assert table.path == ["4.2"]
    sig = doc.clauses[-1]
    assert sig.kind == "signature" and sig.text == "SUNNY HEALTH PLAN By: ____________ Name: Jane Doe"


def test_auto_numbered_headings_use_level_counters(tmp_path):
    d = docx.Document()
    for level, text in [(1, "Purpose"), (2, "Scope"), (2, "Goals"), (1, "Liaisons"), (2, "Changes")]:
        _auto_number(d.add_heading(text, level=level), num_id=99, ilvl=level - 1)
        d.add_paragraph(f"Body of {text.lower()}.")
    path = tmp_path / "numbered.docx"
    d.save(str(path))
    doc = load_document(path)
    assert [(c.section, c.path, c.heading) for c in doc.clauses] == [
        ("1", ["1"], "Purpose"),
        ("1.1", ["1", "1.1"], "Scope"),
        ("1.2", ["1", "1.2"], "Goals"),
        ("2", ["2"], "Liaisons"),
        ("2.1", ["2", "2.1"], "Changes"),
    ]
    assert doc.clauses[1].text == "Scope Body of scope."


@pytest.mark.parametrize("fmt, n, out", [("decimal", 3, "3"), ("lowerLetter", 2, "b"), ("upperLetter", 27, "AA"),
                                         ("lowerRoman", 4, "iv"), ("upperRoman", 9, "IX"), ("decimalZero", 5, "05")])
def test_format_number(fmt, n, out):
    assert format_number(fmt, n) == out


def test_empty_docx_is_no_text(tmp_path):
    from checker.document import ExtractionError

    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(ExtractionError) as err:
        load_document(path)
    assert err.value.kind == "no-text"
