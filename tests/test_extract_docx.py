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


# --------------------------------------------------------------------------- redlines, boxes, headers

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:v="urn:schemas-microsoft-com:vml" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')


def _xml(fragment: str):
    """An element from a WordprocessingML fragment (namespaces declared on its root)."""
    from docx.oxml import parse_xml

    return parse_xml(fragment.replace(">", f" {_NS}>", 1))


def _ins(text: str) -> str:
    return (f'<w:ins w:id="9" w:author="Reviewer" w:date="2024-05-01T00:00:00Z"><w:r>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r></w:ins>')


def _del(text: str) -> str:
    return (f'<w:del w:id="8" w:author="Reviewer" w:date="2024-05-01T00:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def _box(text: str) -> str:
    """A text box as Word writes it: a drawing (Choice) plus a VML copy for old readers (Fallback)."""
    body = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{body}</wps:txbx>'
            f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{body}</v:textbox></v:shape>'
            f'</w:pict></mc:Fallback></mc:AlternateContent></w:r>')


@pytest.fixture()
def redline(tmp_path):
    d = docx.Document()
    d.add_paragraph("Memorandum of Understanding", style="Title")
    d.add_heading("Meetings", level=1)
    p = d.add_paragraph("The parties shall meet ")
    for frag in (_del("twice a year"), _ins("at least quarterly"), "<w:r><w:t>.</w:t></w:r>"):
        p._p.append(_xml(frag))
    p = d.add_paragraph("See the contact box. ")
    p._p.append(_xml(_box("County liaison: Dana Roe, 555-0100")))
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Report", "Due"
    t.cell(1, 0).text = "Referral log"
    t.cell(1, 1).paragraphs[0]._p.append(_xml(_ins("Monthly")))
    section = d.sections[0]
    section.header.paragraphs[0].text = "County of Alder and Northwind Health Plan MOU"
    section.footer.paragraphs[0].text = "Page 3"
    section.footer.add_paragraph("Confidential draft for negotiation")
    path = tmp_path / "redline.docx"
    d.save(str(path))
    return load_document(path)


def test_tracked_changes_read_as_accepted_and_noted(redline):
    meeting = next(c for c in redline.clauses if "parties shall meet" in c.text)
    assert meeting.text == "The parties shall meet at least quarterly."
    assert "twice a year" not in redline.full_text
    assert redline.notes == ["the draft holds tracked changes (2 insertions, 1 deletion); "
                             "it was checked as it reads with every change accepted"]


def test_text_box_is_read_once_after_its_anchor(redline):
    texts = [c.text for c in redline.clauses]
    assert texts.count("County liaison: Dana Roe, 555-0100") == 1
    assert texts.index("County liaison: Dana Roe, 555-0100") == texts.index("See the contact box.") + 1


def test_table_cells_keep_inserted_text(redline):
    table = next(c for c in redline.clauses if c.kind == "table")
    assert table.text == "Report | Due\nReferral log | Monthly"


def test_headers_and_footers_reach_the_tree_without_page_numbers(redline):
    i = next(i for i, c in enumerate(redline.clauses) if c.text == "Page headers and footers")
    rest = [c.text for c in redline.clauses[i + 1:]]
    assert rest == ["County of Alder and Northwind Health Plan MOU", "Confidential draft for negotiation"]
    assert all(c.heading == "Page headers and footers" for c in redline.clauses[i + 1:])
    assert redline.title == "Memorandum of Understanding"


def test_report_says_the_draft_holds_tracked_changes(redline, tmp_path):
    import json

    from click.testing import CliRunner

    from checker.cli import main

    path = redline.path
    for fmt, needle in (("table", "note: the draft holds tracked changes"),
                        ("markdown", "**Note:** the draft holds tracked changes"),
                        ("html", "<strong>Note:</strong> the draft holds tracked changes")):
        res = CliRunner().invoke(main, ["check", path, "--as-of", "2026-01-01", "--no-cache", "--format", fmt])
        assert needle in res.stdout, fmt
    res = CliRunner().invoke(main, ["check", path, "--as-of", "2026-01-01", "--no-cache", "--format", "json"])
    assert json.loads(res.stdout)["documents"][0]["notes"][0].startswith("the draft holds tracked changes")
