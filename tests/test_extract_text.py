"""Segmentation of plain-text and markdown MOUs into the clause tree."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from checker.document import ExtractionError
from checker.extract import load_document
from checker.extract.segment import Line, join_lines, parse_number, segment
from checker.extract.text import parse_text

SAMPLE = """\
MEMORANDUM OF UNDERSTANDING
BETWEEN SUNNY HEALTH PLAN AND ALPINE COUNTY BEHAVIORAL HEALTH

This agreement is made by the parties named below, who want to set
out how they will work together for members.

RECITALS

A. The plan serves Medi-Cal members in the county.
B. The county runs the mental health plan.

AGREEMENT

1. Definitions.
1.1 "Member" means a person enrolled in the plan.
1.2 "Liaison" means the person each party names under Section 4.02.

2. Term. This MOU starts on January 1, 2024 and continues for three
years unless ended earlier.

Article IV
RESPONSIBILITIES

Section 4.01 General. Each party keeps its own duties.
Section 4.02 Liaisons. Each party shall designate a liaison and tell the
other party of any change within 14 days. The liaisons pass refer-
rals between the parties.
(a) The plan liaison handles plan matters.
(b) The county liaison handles county matters.
(i) including crisis matters;
(ii) and routine matters.
(c) Each liaison keeps notes.

Dispute Resolution

The parties first try to resolve disputes informally.
a. Informal talks come first.
b. Then a written request to DHCS.

Exhibit A - Services Table
| Service | Plan | County |
|---|---|---|
| Screening | Yes | No |

IN WITNESS WHEREOF, the parties sign below.

SUNNY HEALTH PLAN
By: ______________________
Name: Jane Doe
Title: Chief Executive
Date: ____________
"""


def _tree(doc):
    return [(c.kind, c.section, c.path, c.heading) for c in doc.clauses]


@pytest.fixture()
def doc():
    return parse_text(SAMPLE, "sample.md", markdown=True)


def test_title_is_the_leading_heading(doc):
    assert doc.title == "MEMORANDUM OF UNDERSTANDING BETWEEN SUNNY HEALTH PLAN AND ALPINE COUNTY BEHAVIORAL HEALTH"
    assert doc.clauses[0].kind == "heading"


def test_recitals_are_kept_as_lettered_clauses(doc):
    by = {(tuple(c.path)): c for c in doc.clauses}
    assert by[("A",)].heading == "RECITALS"
    assert by[("A",)].text == "The plan serves Medi-Cal members in the county."
    assert by[("B",)].section == "B"


def test_decimal_sections_nest_and_take_short_titles(doc):
    tree = _tree(doc)
    assert ("heading", "1", ["1"], "Definitions") in tree
    assert ("clause", "1.1", ["1", "1.1"], "Definitions") in tree
    assert ("clause", "2", ["2"], "Term") in tree


def test_article_and_section_numbers(doc):
    tree = _tree(doc)
    assert ("heading", "Article IV", ["Article IV"], "RESPONSIBILITIES") in tree
    assert ("clause", "4.01", ["Article IV", "4.01"], "General") in tree
    assert ("clause", "4.02", ["Article IV", "4.02"], "Liaisons") in tree


def test_paren_letters_and_romans_nest_under_their_parent(doc):
    tree = _tree(doc)
    assert ("clause", "(a)", ["Article IV", "4.02", "(a)"], "Liaisons") in tree
    assert ("clause", "(i)", ["Article IV", "4.02", "(b)", "(i)"], "Liaisons") in tree
    assert ("clause", "(ii)", ["Article IV", "4.02", "(b)", "(ii)"], "Liaisons") in tree
    assert ("clause", "(c)", ["Article IV", "4.02", "(c)"], "Liaisons") in tree


def test_clause_text_is_one_paragraph_with_hyphenation_rejoined(doc):
    c = next(c for c in doc.clauses if c.section == "4.02")
    assert c.text == (
        "Liaisons. Each party shall designate a liaison and tell the other party of any change "
        "within 14 days. The liaisons pass referrals between the parties."
    )


def test_unnumbered_heading_starts_a_new_outline(doc):
    tree = _tree(doc)
    assert ("heading", None, [], "Dispute Resolution") in tree
    assert ("clause", None, [], "Dispute Resolution") in tree
    assert ("clause", "a", ["a"], "Dispute Resolution") in tree


def test_exhibit_and_markdown_table(doc):
    ex = [c for c in doc.clauses if c.section == "Exhibit A"]
    assert ex[0].kind == "heading" and ex[0].heading == "Services Table"
    table = next(c for c in doc.clauses if c.kind == "table")
    assert table.path == ["Exhibit A"]
    assert table.text == "Service | Plan | County\nScreening | Yes | No"


def test_signature_block_takes_the_party_name(doc):
    sig = doc.clauses[-1]
    assert sig.kind == "signature"
    assert sig.text.startswith("SUNNY HEALTH PLAN By:")
    assert "Name: Jane Doe" in sig.text and "Title: Chief Executive" in sig.text


def test_no_text_is_lost(doc):
    words = set(SAMPLE.replace("refer-\nrals", "referrals").split()) - {"|", "|---|---|---|"}
    got = set(" ".join(c.text for c in doc.clauses).split())
    numbers = {"A.", "B.", "1.", "1.1", "1.2", "2.", "Article", "IV", "Section", "4.01", "4.02",
               "(a)", "(b)", "(i)", "(ii)", "(c)", "a.", "b.", "Exhibit", "A", "-", "|"}
    missing = {w for w in words - got if w not in numbers}
    assert not missing


@pytest.mark.parametrize(
    "line, style, section",
    [
        ("1. Purpose", "decimal-1", "1"),
        ("1) Purpose", "decimal-1", "1"),
        ("4.2 Liaisons", "decimal-2", "4.2"),
        ("4.2.1 The plan shall", "decimal-3", "4.2.1"),
        ("A. Purpose", "dot-upper", "A"),
        ("a. the plan", "dot-lower", "a"),
        ("a) the plan", "rparen-lower", "a)"),
        ("(a) the plan", "paren-lower", "(a)"),
        ("(A) The plan", "paren-upper", "(A)"),
        ("(1) The plan", "paren-num", "(1)"),
        ("(iv) the plan", "paren-lower-roman", "(iv)"),
        ("(i) the plan", "paren-lower-roman", "(i)"),
        ("iii. the plan", "dot-lower-roman", "iii"),
        ("IV. RESPONSIBILITIES", "dot-upper-roman", "IV"),
        ("Article IV", "article", "Article IV"),
        ("ARTICLE 3. TERM", "article", "Article 3"),
        ("Section 4.02 Liaisons.", "decimal-2", "4.02"),
        ("Exhibit A", "exhibit", "Exhibit A"),
        ("EXHIBIT B: Services", "exhibit", "Exhibit B"),
        ("Attachment 1", "exhibit", "Attachment 1"),
        ("SCHEDULE A - MEETING CALENDAR", "exhibit", "Schedule A"),
        ("PART ONE GENERAL PROVISIONS", "part", "Part One"),
        ("Part II - Operations", "part", "Part II"),
        ("(1)The Plan shall", "paren-num", "(1)"),
        ("i.The County shall", "dot-lower-roman", "i"),
        ("Clause 19 - Signatures", "decimal-1", "19"),
        ("XVIII. SIGNATURES", "dot-upper-roman", "XVIII"),
    ],
)
def test_numbering_schemes(line, style, section):
    num = parse_number(line)
    assert num is not None, line
    assert (num.style, num.section) == (style, section)


@pytest.mark.parametrize(
    "line",
    [
        "30 days of receipt of the request.",
        "2024. The parties agree",
        "2.5 percent of net income",
        "Exhibit A to this MOU lists the services.",
        "Section 4.02 of the contract requires a liaison.",
        "U.S. Department of Health",
        "The plan shall meet quarterly.",
        "Part of the cost is shared.",
        "(s)he shall",
    ],
)
def test_wrapped_prose_is_not_a_number(line):
    assert parse_number(line) is None


def test_alpha_i_after_h_is_a_letter_not_a_roman():
    text = "1. List.\n(g) seven\n(h) eight\n(i) nine\n(j) ten\n"
    doc = parse_text(text)
    paths = [c.path for c in doc.clauses]
    assert ["1", "(i)"] in paths and ["1", "(j)"] in paths


def test_decimal_returns_to_parent_after_letters():
    text = "4. Duties\n4.1 First.\na. one\n(i) deep\n4.2 Second.\n5. Next\n"
    doc = parse_text(text)
    assert [c.path for c in doc.clauses] == [
        ["4"], ["4", "4.1"], ["4", "4.1", "a"], ["4", "4.1", "a", "(i)"], ["4", "4.2"], ["5"]
    ]


def test_heading_inherited_from_nearest_ancestor():
    doc = parse_text("3. Data Sharing\n3.1 The parties share data.\n(a) monthly files.\n")
    assert [c.heading for c in doc.clauses] == ["Data Sharing"] * 3
    assert doc.clauses[0].kind == "heading"


def test_markdown_headings_and_emphasis():
    md = "# Sample MOU\n\n## 4. Liaisons\n\nEach party names a **liaison**.\n\n### 4.1 Changes\n\nNotice of change.\n"
    doc = parse_text(md, markdown=True)
    assert doc.title == "Sample MOU"
    assert [(c.section, c.heading, c.text) for c in doc.clauses] == [
        (None, "Sample MOU", "Sample MOU"),
        ("4", "Liaisons", "Liaisons Each party names a **liaison**."),
        ("4.1", "Changes", "Changes Notice of change."),
    ]


def test_form_feed_splits_pages_and_clause_spans_pages():
    doc = parse_text("1. Term. The MOU starts\n\fon January 1, 2024.\n2. End.\n")
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.clauses[0].pages == [1, 2]
    assert doc.clauses[0].text == "Term. The MOU starts on January 1, 2024."
    assert doc.clauses[1].pages == [2]


def test_title_case_line_inside_a_sentence_is_not_a_heading():
    doc = parse_text("1. Notices. Send notices to the\nCounty Department of Health\nat its main office.\n")
    assert len(doc.clauses) == 1


def test_join_lines_keeps_real_compound_hyphens():
    assert join_lines(["a non-", "specialty service"]) == "a non-specialty service"
    assert join_lines(["coordi-", "nation  of   care"]) == "coordination of care"
    assert join_lines(["ends with dash -", "Next"]) == "ends with dash - Next"


def test_segment_accepts_layout_hints():
    lines = [Line("Care Coordination", heading=True), Line("The parties coordinate care.")]
    clauses = segment(lines)
    assert [(c.kind, c.heading) for c in clauses] == [("heading", "Care Coordination"), ("clause", "Care Coordination")]


def test_load_document_txt_sets_path_and_sha(tmp_path: Path):
    f = tmp_path / "mou.txt"
    f.write_text(SAMPLE, encoding="utf-8")
    doc = load_document(f)
    assert doc.path == str(f)
    assert doc.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    assert doc.extractor == "text"
    assert any(c.section == "4.02" for c in doc.clauses)


def test_load_document_cp1252_text(tmp_path: Path):
    f = tmp_path / "mou.txt"
    f.write_bytes("1. Term. The plan\u2019s duties start.\n".encode("cp1252"))
    assert "plan\u2019s" in load_document(f).clauses[0].text


@pytest.mark.parametrize("content, kind", [(b"", "empty"), (b"  \n\n ", "empty"), (b"\x00\x01\x02bin", "corrupt")])
def test_unreadable_text_files(tmp_path: Path, content, kind):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(ExtractionError) as err:
        load_document(f)
    assert err.value.kind == kind
    assert str(f) in str(err.value)


# --------------------------------------------------------------------------- property: no text lost

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from(["the", "Plan", "County", "shall", "liaison", "4.2", "(a)", "A.", "By:", "Name:",
                          "Article", "IV", "Exhibit", "B", "data", "share-", "ing", "RECITALS", "1.", "(i)"])
_LINES = st.lists(st.one_of(st.just(""), st.lists(_WORDS, min_size=1, max_size=8).map(" ".join)), max_size=25)


@settings(max_examples=150, deadline=None)
@given(_LINES)
def test_segmentation_never_drops_words(lines):
    from collections import Counter

    doc = parse_text("\n".join(lines))
    got = Counter(" ".join(c.text for c in doc.clauses).split())
    want: Counter[str] = Counter()
    for line in lines:
        # the first two tokens may be a clause number ("Article IV"); a line-end hyphen may be rejoined
        want.update(tok for tok in line.split()[2:] if not tok.endswith("-"))
    assert not want - got, (want - got, lines)


def test_unnumbered_paragraph_with_run_in_title_gets_it_as_heading():
    from checker.extract.text import parse_text

    doc = parse_text("AGREEMENT\n\nLiaisons. Each party designates a liaison.\n\n"
                     "the parties agree to cooperate in good faith.\n", "t")
    liaison, plain = [c for c in doc.clauses if c.kind == "clause"]
    assert liaison.heading == "Liaisons" and liaison.text.startswith("Liaisons. Each party")
    assert plain.heading == "AGREEMENT"


def test_a_form_feed_after_a_line_end_does_not_end_the_paragraph():
    from checker.extract.text import parse_text

    doc = parse_text("1. Notify the party within ten\n\f(10) business days.\n\n\f2. Next clause.\n", "t")
    first, second = [c for c in doc.clauses if c.section]
    assert (first.section, first.pages, first.text) == ("1", [1, 2], "Notify the party within ten (10) business days.")
    assert (second.section, second.pages) == ("2", [3])


def test_line_end_hyphen_after_a_prefix_is_kept_only_before_a_word():
    from checker.extract.segment import join_lines

    assert join_lines(["both part-", "ies continue"]) == "both parties continue"
    assert join_lines(["a part-", "time job"]) == "a part-time job"
    assert join_lines(["a follow-", "up visit"]) == "a follow-up visit"


def test_number_after_a_line_cut_mid_phrase_continues_unless_it_is_next_in_the_outline():
    from checker.extract.text import parse_text

    cut = parse_text("1. The county office known as First Five and the\n5. Plans work together on referrals.\n", "t")
    assert [c.section for c in cut.clauses if c.kind == "clause"] == ["1"]
    outline = parse_text("1. The parties agree that the plan will report and the\n2. Next numbered clause.\n", "t")
    assert [c.section for c in outline.clauses] == ["1", "2"]


def test_wrapped_caps_title_joins_its_number_and_later_sections_keep_their_own():
    text = ("H. CONFIDENTIALITY OF SUBSTANCE USE\nDISORDER RECORDS\nThe parties protect records.\n\n"
            "I. LIAISONS\nEach party names a liaison.\n(1) The County liaison answers calls.\n")
    doc = parse_text(text)
    got = [(c.section, c.path, c.heading) for c in doc.clauses]
    assert got == [
        ("H", ["H"], "CONFIDENTIALITY OF SUBSTANCE USE DISORDER RECORDS"),
        ("I", ["I"], "LIAISONS"),
        ("(1)", ["I", "(1)"], "LIAISONS"),
    ]


def test_a_short_title_is_not_wrapped_into_the_next_caps_line():
    doc = parse_text("D. LIAISONS\nCOUNTY LIAISON\nThe County names one.\n")
    assert doc.clauses[0].heading == "LIAISONS"


def test_signature_section_is_its_own_section_with_one_block_per_party():
    text = ("15. NOTICES\nNotices go by email.\n\n16. SIGNATURES\n\nCOUNTY OF ALDER\n\n"
            "By: /s/ Dana Roe\nDate: May 1, 2024\n\nNORTHWIND PLAN\nBy: /s/ Lee Poe\nDate: May 2, 2024\n")
    doc = parse_text(text)
    sig = next(c for c in doc.clauses if c.section == "16")
    assert (sig.heading, sig.path) == ("SIGNATURES", ["16"])
    blocks = [c for c in doc.clauses if c.kind == "signature"]
    assert [(b.path, b.heading, b.text.split(" By")[0]) for b in blocks] == [
        (["16"], "SIGNATURES", "COUNTY OF ALDER"), (["16"], "SIGNATURES", "NORTHWIND PLAN")]
    assert next(c for c in doc.clauses if c.section == "15").text == "NOTICES Notices go by email."


def test_unnumbered_signatures_heading_heads_the_blocks():
    doc = parse_text("1. Term\nOne year.\n\nSIGNATURES\n\nCOUNTY OF ALDER\nBy: /s/ Dana Roe\n")
    block = next(c for c in doc.clauses if c.kind == "signature")
    assert block.heading == "SIGNATURES" and block.text.startswith("COUNTY OF ALDER")


def test_fill_in_blank_naming_a_party_is_not_a_signature_line():
    doc = parse_text("MEMORANDUM OF UNDERSTANDING\nThe County and\n______________ (the \"Plan\")\n\nIntroduction\n")
    assert not any(c.kind == "signature" for c in doc.clauses)
    assert any(c.kind == "heading" and c.text == "Introduction" for c in doc.clauses)


@pytest.mark.parametrize("number, title", [("(r)", "SIGNATURES"), ("Q.", "Signatures"), ("16.", "SIGNATURES"),
                                           ("ARTICLE XII -", "EXECUTION")])
def test_signature_heading_in_any_numbering_heads_its_blocks(number, title):
    text = f"{number} {title}\n\nCOUNTY OF ALDER\n\nBy: /s/ Dana Roe\nDate: May 1, 2024\n"
    doc = parse_text(text)
    head = doc.clauses[0]
    assert head.heading == title and head.path == [head.section]
    block = doc.clauses[1]
    assert (block.kind, block.path, block.heading) == ("signature", head.path, title)
    assert block.text.startswith("COUNTY OF ALDER By: /s/ Dana Roe")


def test_party_name_ending_in_inc_heads_its_block():
    text = "20. SIGNATURES\n\nHEALTH NET COMMUNITY SOLUTIONS, INC.\nBy: /s/ Lee Poe\nDate: May 2, 2024\n"
    block = next(c for c in parse_text(text).clauses if c.kind == "signature")
    assert block.text.startswith("HEALTH NET COMMUNITY SOLUTIONS, INC. By: /s/ Lee Poe")
    assert (block.path, block.heading) == (["20"], "SIGNATURES")


def test_bold_line_under_a_short_bold_title_is_not_a_wrap():
    lines = [Line("1. Definitions", heading=True, size=11, bold=True),
             Line("Member", heading=True, size=11, bold=True),
             Line("means a person enrolled with the Plan.", size=11, bold=False)]
    first = segment(lines)[0]
    assert first.heading == "Definitions"


def test_bold_wrapped_title_joins_when_fonts_agree_and_not_when_they_differ():
    title = [Line("3. COORDINATION OF CARE FOR MEMBERS", heading=True, size=12, bold=True)]
    same = segment(title + [Line("IN TREATMENT", heading=True, size=12, bold=True),
                            Line("The parties coordinate care.", size=10, bold=False)])
    assert same[0].heading == "COORDINATION OF CARE FOR MEMBERS IN TREATMENT"
    other = segment(title + [Line("IN TREATMENT", heading=True, size=10, bold=True),
                             Line("The parties coordinate care.", size=10, bold=False)])
    assert other[0].heading == "COORDINATION OF CARE FOR MEMBERS"
