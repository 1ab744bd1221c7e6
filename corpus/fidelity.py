"""Structure-fidelity set: PDFs drawn from outlines we wrote, where every sentence's section is known.

Why: the corpus MOUs share one renderer, so they cannot show whether segmentation holds on
layouts we did not make. This script draws a fixed set of MOU-shaped documents with fpdf2 in
several fonts, sizes and numbering schemes (lettered, Roman, decimal, Article/Section, Part),
with bold-caps titles that wrap onto a second line, run-in titles, two columns, ruled tables,
exhibits, attachments, schedules and signature pages. Because the outline is ours, the
expected section path and heading of every sentence is known, so the clause tree can be scored.

    python corpus/fidelity.py [--out DIR]     # build the set and print the benchmark

The benchmark prints, per document and in total: the share of sentences whose clause has the
right section path and heading, the headings recovered (number and title), and, beside them,
the headings that bare pdfplumber `extract_text()` shows on the same files. The test
tests/test_structure_fidelity.py asserts the tree on the same set.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from fpdf import FPDF

FIXED_DATE = datetime(2025, 1, 1, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- outline model


@dataclass
class Node:
    """One section of an outline: how its number is printed, what the tree should call it."""

    printed: str  # "H.", "(a)", "ARTICLE V -", "Section 4.01", "" for an unnumbered heading
    section: str | None  # expected Clause.section ("H", "(a)", "Article V", "4.01"); None: unnumbered
    title: str | None = None  # heading text; None for a clause without a title
    sentences: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    runin: bool = False  # "1.1 Liaisons. Each Party ..." rather than a title line of its own
    table: list[list[str]] | None = None  # first row = header cells
    repeat_header: bool = True  # a table running over a page break repeats its header row there
    signature: list[list[str]] | None = None  # signature blocks: lines of each party's block
    new_page: bool = False
    top: bool = False  # an unnumbered heading that starts a fresh outline (RECITALS, AGREEMENT)
    split: bool = False  # the number on a line of its own, the title on the next ("ARTICLE I" / "DEFINITIONS")


@dataclass
class Layout:
    font: str = "Helvetica"
    size: float = 10
    heading_size: float | None = None  # None: same size as the body, bold
    heading_caps_bold: bool = True  # titles in capitals (else as written, Title Case)
    heading_bold: bool = True  # False: headings differ from the body by size only
    heading_width: float = 0.55  # share of the column a heading title may take before it wraps
    hanging: bool = True  # wrapped title lines align with the title, not the number
    columns: int = 1
    header: str | None = None
    page_numbers: bool = False
    leading: float = 1.25
    para_gap: float = 0.6  # blank space between paragraphs, in lines


@dataclass
class Expected:
    sentences: list[tuple[str, list[str], str | None, str | None]]  # text, path, heading, clause kind
    headings: list[tuple[str | None, str]]  # (section, title) of every titled node
    heading_lines: list[str]  # each heading as printed (number and title), for bare pdfplumber
    table_headers: dict[str, str] = field(default_factory=dict)  # row -> its table's header row


# --------------------------------------------------------------------------- sentence source

_ACTORS = ["The County", "The Plan", "Each Party", "The Parties", "The County liaison", "The Plan liaison",
           "The care coordinator", "The privacy officer", "The quality lead", "The contract manager"]
_ACTS = ["shall share", "shall review", "shall maintain", "will provide", "shall document", "agrees to track",
         "shall update", "will exchange", "shall report", "shall confirm"]
_OBJECTS = ["the referral log", "member contact records", "the escalation list", "quarterly outcome data",
            "the training calendar", "discharge summaries", "the screening protocol", "the dispute record",
            "the provider directory", "the meeting minutes", "the consent forms", "the annual work plan"]
_WHEN = ["within ten business days", "at each quarterly meeting", "before the end of each month",
         "no later than the annual review", "whenever a member moves between systems",
         "after every joint case conference", "on the schedule the liaisons agree",
         "within five days of a written request", "as part of the yearly audit", "during onboarding"]
_TAILS = ["so that neither system repeats the same assessment", "and keeps a copy for the other Party",
          "using the secure channel named in this section", "in a form both Parties can read",
          "without delaying care for any member", "and notes any change since the prior period",
          "with the reasons for any delay", "under the privacy terms of this agreement"]


class Sentences:
    """Unique prose sentences, reproducible from a seed; no digits, so no line looks numbered."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seen: set[str] = set()

    def one(self) -> str:
        while True:
            s = (f"{self.rng.choice(_ACTORS)} {self.rng.choice(_ACTS)} {self.rng.choice(_OBJECTS)} "
                 f"{self.rng.choice(_WHEN)} {self.rng.choice(_TAILS)}.")
            if s not in self.seen:
                self.seen.add(s)
                return s

    def some(self, n: int) -> list[str]:
        return [self.one() for _ in range(n)]


# --------------------------------------------------------------------------- the documents


def _sig_blocks(a: str, b: str) -> list[list[str]]:
    return [[a, "By: ______________________", "Name: Dana Example", "Title: Director", "Date: March 4, 2025"],
            [b, "By: ______________________", "Name: Lee Sample", "Title: Chief Executive Officer",
             "Date: March 6, 2025"]]


def doc_lettered(s: Sentences) -> list[Node]:
    """Lettered sections with long bold-caps titles that wrap; (1) items; exhibit with a table."""
    return [
        Node("", None, "MEMORANDUM OF UNDERSTANDING BETWEEN ALDER COUNTY BEHAVIORAL HEALTH AND "
             "NORTHWIND HEALTH PLAN", s.some(2), top=True),
        Node("A.", "A", "PURPOSE AND SCOPE OF THIS MEMORANDUM", s.some(3)),
        Node("B.", "B", "DEFINITIONS USED THROUGHOUT THIS MEMORANDUM OF UNDERSTANDING", s.some(2), [
            Node("(1)", "(1)", None, s.some(2)),
            Node("(2)", "(2)", None, s.some(2)),
        ]),
        Node("C.", "C", "CARE COORDINATION FOR MEMBERS WITH SERIOUS MENTAL ILLNESS", s.some(3)),
        Node("D.", "D", "LIAISONS", s.some(2)),
        Node("E.", "E", "CONFIDENTIALITY OF SUBSTANCE USE DISORDER RECORDS AND OTHER PROTECTED "
             "HEALTH INFORMATION", s.some(3)),
        Node("F.", "F", "DISPUTE RESOLUTION BETWEEN THE PARTIES", s.some(2), [
            Node("(1)", "(1)", None, s.some(1)),
            Node("(2)", "(2)", None, s.some(2)),
        ]),
        Node("G.", "G", "SIGNATURES", ["IN WITNESS WHEREOF, the Parties execute this memorandum by their "
                                        "authorized representatives."],
             signature=_sig_blocks("ALDER COUNTY BEHAVIORAL HEALTH", "NORTHWIND HEALTH PLAN")),
        Node("EXHIBIT A", "Exhibit A", "LIAISON CONTACTS", s.some(1), new_page=True,
             table=[["Role", "Organization", "Email"], ["Primary liaison", "Alder County", "liaison@alder.example"],
                    ["Backup liaison", "Northwind Health", "backup@northwind.example"],
                    ["Privacy officer", "Northwind Health", "privacy@northwind.example"]]),
    ]


def doc_articles(s: Sentences) -> list[Node]:
    """ARTICLE I - TITLE (wrapping) with Section 1.01 run-in titles; attachment and schedule."""
    return [
        Node("", None, "MEMORANDUM OF UNDERSTANDING", s.some(2), top=True),
        Node("ARTICLE I -", "Article I", "PURPOSE", [], [
            Node("Section 1.01", "1.01", "Background", s.some(2), runin=True),
            Node("Section 1.02", "1.02", "Scope", s.some(2), runin=True),
        ]),
        Node("ARTICLE II -", "Article II", "COORDINATION OF CARE FOR MEMBERS RECEIVING TREATMENT FOR "
             "ADDICTION", [], [
            Node("Section 2.01", "2.01", "Referrals", s.some(3), runin=True),
            Node("Section 2.02", "2.02", "Transitions of Care", s.some(2), runin=True),
        ]),
        Node("ARTICLE III -", "Article III", "INFORMATION SHARING", [], [
            Node("Section 3.01", "3.01", "Data Exchange", s.some(2), runin=True),
            Node("Section 3.02", "3.02", "Privacy", s.some(2), runin=True),
        ]),
        Node("ARTICLE IV -", "Article IV", "SIGNATURES", ["The Parties sign this memorandum on the dates "
                                                          "shown below."],
             signature=_sig_blocks("COUNTY OF BIRCH", "LAKESIDE CARE PLAN"), new_page=True),
        Node("ATTACHMENT 1", "Attachment 1", "ESCALATION PATH", s.some(2), new_page=True),
        Node("SCHEDULE A", "Schedule A", "MEETING CALENDAR", s.some(1),
             table=[["Meeting", "Frequency", "Lead"], ["Operations review", "Quarterly", "County"],
                    ["Joint audit", "Annually", "Plan"]]),
    ]


def doc_decimal(s: Sentences) -> list[Node]:
    """1. / 1.1 / 1.1.1 with run-in titles, Title Case headings, a numbered signature section."""
    return [
        Node("", None, "Memorandum of Understanding", s.some(1), top=True),
        Node("", None, "RECITALS", [], [
            Node("A.", "A", None, s.some(1)),
            Node("B.", "B", None, s.some(1)),
        ], top=True),
        Node("", None, "AGREEMENT", s.some(1), top=True),
        Node("1.", "1", "Definitions", s.some(1), [
            Node("1.1", "1.1", "Member", s.some(1), runin=True),
            Node("1.2", "1.2", "Liaison", s.some(2), runin=True),
        ]),
        Node("2.", "2", "Responsibilities of the Parties Regarding Screening and Referral", s.some(1), [
            Node("2.1", "2.1", "Screening", s.some(2), runin=True, children=[
                Node("2.1.1", "2.1.1", None, s.some(1)),
                Node("2.1.2", "2.1.2", None, s.some(2)),
            ]),
            Node("2.2", "2.2", "Referral", s.some(2), runin=True),
        ]),
        Node("3.", "3", "Quality Improvement", s.some(2)),
        Node("4.", "4", "Signatures", ["IN WITNESS WHEREOF, the Parties have signed below."],
             signature=_sig_blocks("CEDAR COUNTY", "PINECREST HEALTH")),
        Node("EXHIBIT B", "Exhibit B", "REPORTING TEMPLATE", s.some(2), new_page=True),
    ]


def doc_roman(s: Sentences) -> list[Node]:
    """I. / II. Roman sections in a larger bold Title Case font, (a) and (i) below them."""
    return [
        Node("", None, "MEMORANDUM OF UNDERSTANDING", s.some(1), top=True),
        Node("I.", "I", "Purpose", s.some(2)),
        Node("II.", "II", "Shared Responsibilities for Members Transitioning From Inpatient Care", s.some(1), [
            Node("(a)", "(a)", None, s.some(2), [
                Node("(i)", "(i)", None, s.some(1)),
                Node("(ii)", "(ii)", None, s.some(1)),
            ]),
            Node("(b)", "(b)", None, s.some(2)),
        ]),
        Node("III.", "III", "Training", s.some(2)),
        Node("IV.", "IV", "Term and Termination", s.some(2)),
        Node("V.", "V", "Signatures", [], signature=_sig_blocks("COUNTY OF DOGWOOD", "RIVERBEND HEALTH PLAN"),
             new_page=True),
    ]


def doc_parts(s: Sentences) -> list[Node]:
    """Part One / Part Two with 1. clauses, two columns, an appendix and a signature section."""
    return [
        Node("", None, "MEMORANDUM OF UNDERSTANDING", s.some(2), top=True),
        Node("PART ONE", "Part One", "GENERAL PROVISIONS", [], [
            Node("1.", "1", "Term", s.some(2), runin=True),
            Node("2.", "2", "Notices", s.some(3), runin=True),
        ]),
        Node("PART TWO", "Part Two", "OPERATIONAL PROVISIONS FOR JOINT CASE MANAGEMENT", [], [
            Node("3.", "3", "Case Conferences", s.some(3), runin=True),
            Node("4.", "4", "Escalation", s.some(2), runin=True),
            Node("5.", "5", "Oversight", s.some(2), runin=True),
        ]),
        Node("PART THREE", "Part Three", "SIGNATURES", ["Each signatory confirms the authority to bind "
                                                          "the Party named above the signature."],
             signature=_sig_blocks("ELM COUNTY", "HARBOR HEALTH")),
        Node("APPENDIX A", "Appendix A", "DATA ELEMENTS", s.some(2), new_page=True,
             table=[["Element", "Source", "Frequency"], ["Admissions", "Plan", "Daily"],
                    ["Discharges", "County", "Weekly"]]),
    ]


def doc_split_numbers(s: Sentences) -> list[Node]:
    """ARTICLE I / title on the next line, Section 1.01 / title, i. ii. items, a table that runs
    over a page break with its header repeated, EXHIBIT C / title, an unnumbered signature page."""
    contacts = [["Role", "Party", "Phone", "Email"]] + [
        [f"{role} {kind}", party, f"555-01{i:02d}", f"{role[:3].lower()}{i}@fir.example"]
        for i, (role, kind, party) in enumerate(
            (r, k, p) for r in ("Primary", "Backup", "Clinical", "Data", "Privacy", "Billing", "Quality",
                                "Housing", "Transport", "Pharmacy", "Crisis", "Training", "Audit")
            for k, p in (("Liaison", "County"), ("Contact", "Plan"), ("Deputy", "Both")))
    ]
    return [
        Node("", None, "MEMORANDUM OF UNDERSTANDING", s.some(1), top=True),
        Node("ARTICLE I", "Article I", "DEFINITIONS AND INTERPRETATION", [], [
            Node("Section 1.01", "1.01", "Defined Terms", s.some(2), split=True),
            Node("Section 1.02", "1.02", "Interpretation", s.some(1), split=True, children=[
                Node("i.", "i", None, s.some(1)),
                Node("ii.", "ii", None, s.some(1)),
                Node("iii.", "iii", None, s.some(1)),
            ]),
        ], split=True),
        Node("ARTICLE II", "Article II", "CONTACTS AND ESCALATION BETWEEN THE PARTIES", s.some(8), [
            Node("Section 2.01", "2.01", "Contact List", s.some(1), split=True, table=contacts),
            Node("Section 2.02", "2.02", "Escalation", s.some(2), split=True),
        ], split=True),
        Node("", None, "SIGNATURE PAGE", ["IN WITNESS WHEREOF, the Parties have executed this memorandum."],
             signature=_sig_blocks("COUNTY OF FIR", "MEADOW HEALTH PLAN"), new_page=True, top=True),
        Node("EXHIBIT C", "Exhibit C", "SCOPE OF SERVICES", s.some(3), split=True, new_page=True),
    ]


def doc_plain_size_titles(s: Sentences) -> list[Node]:
    """Headings set apart by size only (no bold), Title Case wrapped titles, hanging (a) items,
    run-in numbered clauses, a Schedule with a table and an unnumbered Title Case heading."""
    return [
        Node("", None, "Memorandum of Understanding Between Oak County and Summit Health", s.some(1), top=True),
        Node("", None, "Recitals", s.some(2), top=True),
        Node("1.", "1", "Scope of Coordination Between the County Mental Health Plan and the Managed "
             "Care Plan", s.some(2), [
            Node("(a)", "(a)", None, s.some(2)),
            Node("(b)", "(b)", None, s.some(2)),
        ]),
        Node("2.", "2", "Information Exchange", s.some(1), [
            Node("2.1", "2.1", "Timeliness", s.some(2), runin=True),
            Node("2.2", "2.2", "Format", s.some(1), runin=True),
        ]),
        Node("3.", "3", "Oversight and Quality Improvement Activities Conducted Jointly", s.some(3)),
        Node("4.", "4", "Execution", ["Each Party signs below by its authorized representative."],
             signature=_sig_blocks("OAK COUNTY", "SUMMIT HEALTH")),
        Node("SCHEDULE 1", "Schedule 1", "Reporting Calendar", s.some(1), new_page=True, repeat_header=False,
             table=[["Report", "Due", "Owner"]] + [
                 [f"{topic} {kind}", due, owner]
                 for topic in ("Referral", "Grievance", "Screening", "Transition", "Outreach", "Crisis",
                               "Pharmacy", "Housing", "Audit", "Training")
                 for kind, due, owner in (("summary", "Monthly", "Plan"), ("log", "Quarterly", "County"),
                                          ("review", "Yearly", "Both"), ("tally", "Weekly", "Plan"))]),
    ]


DOCUMENTS: dict[str, tuple] = {
    # name: (outline, layout, seed)
    "lettered-helvetica": (doc_lettered, Layout(font="Helvetica", size=10, header="Alder / Northwind MOU",
                                                  page_numbers=True), 1),
    "articles-times": (doc_articles, Layout(font="Times", size=11, heading_size=12, hanging=False), 2),
    "decimal-courier": (doc_decimal, Layout(font="Courier", size=9, heading_caps_bold=False,
                                            heading_size=11, heading_width=0.5), 3),
    "roman-large-titles": (doc_roman, Layout(font="Helvetica", size=10, heading_caps_bold=False,
                                             heading_size=13, heading_width=0.6, page_numbers=True), 4),
    "parts-two-columns": (doc_parts, Layout(font="Times", size=10, columns=2, heading_width=0.8,
                                            header="Elm County and Harbor Health"), 5),
    "split-numbers-table": (doc_split_numbers, Layout(font="Times", size=11, heading_size=11, page_numbers=True,
                                                      header="MOU - County of Fir"), 6),
    "plain-size-titles": (doc_plain_size_titles, Layout(font="Helvetica", size=9.5, heading_caps_bold=False,
                                                        heading_bold=False, heading_size=12.5,
                                                        heading_width=0.62), 7),
}


# --------------------------------------------------------------------------- expectations


def _walk(nodes: list[Node], path: list[str], heading: str | None) -> Iterator[tuple[Node, list[str], str | None]]:
    for n in nodes:
        p = (path + [n.section]) if n.section else ([] if n.top else list(path))
        h = n.title or heading
        yield n, p, h
        yield from _walk(n.children, p, h)


def expected_of(nodes: list[Node]) -> Expected:
    """What a faithful clause tree holds: each sentence's section path and heading."""
    sentences: list[tuple[str, list[str], str | None, str | None]] = []
    headings: list[tuple[str | None, str]] = []
    lines: list[str] = []
    headers: dict[str, str] = {}
    for n, path, heading in _walk(nodes, [], None):
        if n.title:
            headings.append((n.section, n.title))
            lines.append(f"{n.printed} {n.title}".strip())
        sentences += [(t, path, heading, None) for t in n.sentences]
        for row in n.table or []:  # the header row included: a table keeps its header cells
            sentences.append((" | ".join(row), path, heading, "table"))
            headers[" | ".join(row)] = " | ".join(n.table[0])
        for block in n.signature or []:
            sentences.append((block[0], path, heading, "signature"))  # the party's name heads its block
    return Expected(sentences, headings, lines, headers)


# --------------------------------------------------------------------------- drawing


class _Pdf(FPDF):
    def __init__(self, layout: Layout) -> None:
        super().__init__(format="Letter", unit="pt")
        self.layout = layout
        self.set_creation_date(FIXED_DATE)
        self.set_producer("compliance-check fidelity set")
        self.set_auto_page_break(False)
        self.set_margins(72, 72, 72)

    def header(self) -> None:
        if self.layout.header:
            self.set_font(self.layout.font, "", 8)
            self.text(72, 40, self.layout.header)

    def footer(self) -> None:
        if self.layout.page_numbers:
            self.set_font(self.layout.font, "", 8)
            self.text(self.w / 2 - 12, self.h - 36, f"Page {self.page_no()}")


class _Writer:
    """Places lines in one or two columns and starts new columns and pages as they fill."""

    def __init__(self, layout: Layout) -> None:
        self.lay = layout
        self.pdf = _Pdf(layout)
        self.top, self.bottom = 72.0, self.pdf.h - 72
        width = self.pdf.w - 144
        self.gutter = 24.0
        self.col_w = width if layout.columns == 1 else (width - self.gutter) / 2
        self.col = 0
        self.y = self.top
        self.pdf.add_page()

    @property
    def x(self) -> float:
        return 72 + self.col * (self.col_w + self.gutter)

    def new_page(self) -> None:
        self.pdf.add_page()
        self.col, self.y = 0, self.top

    def _room(self, height: float) -> None:
        if self.y + height > self.bottom:
            if self.col + 1 < self.lay.columns:
                self.col, self.y = self.col + 1, self.top
            else:
                self.new_page()

    def font(self, style: str = "", size: float | None = None) -> float:
        size = size or self.lay.size
        self.pdf.set_font(self.lay.font, style, size)
        return size

    def wrap(self, text: str, width: float) -> list[str]:
        lines: list[str] = []
        cur = ""
        for word in text.split():
            trial = f"{cur} {word}".strip()
            if cur and self.pdf.get_string_width(trial) > width:
                lines.append(cur)
                cur = word
            else:
                cur = trial
        return lines + [cur] if cur else lines

    def gap(self, lines: float) -> None:
        self.y += lines * self.lay.size * self.lay.leading

    def put(self, text: str, dx: float = 0, style: str = "", size: float | None = None) -> None:
        size = self.font(style, size)
        step = size * self.lay.leading
        self._room(step)
        self.pdf.text(self.x + dx, self.y + size, text)
        self.y += step

    def keep(self, lines: int, size: float | None = None) -> None:
        """Start a new column when fewer than `lines` lines fit (a heading never ends a column)."""
        self._room(lines * (size or self.lay.size) * self.lay.leading)

    def paragraph(self, lead: str, text: str, indent: float = 0, lead_style: str = "") -> None:
        """'lead' (a number, maybe a run-in title) starts the first line; the rest wraps under it."""
        self.font(lead_style)
        lead_w = self.pdf.get_string_width(lead + " ") if lead else 0
        self.font()
        first_w = self.col_w - indent - lead_w
        words = text.split()
        first = ""
        while words and self.pdf.get_string_width(f"{first} {words[0]}".strip()) <= first_w:
            first = f"{first} {words.pop(0)}".strip()
        self.keep(2)
        if lead:
            self.font(lead_style)
            size = self.lay.size
            self._room(size * self.lay.leading)
            self.pdf.text(self.x + indent, self.y + size, lead)
            self.font()
            self.pdf.text(self.x + indent + lead_w, self.y + size, first)
            self.y += size * self.lay.leading
        elif first:
            self.put(first, indent)
        for ln in self.wrap(" ".join(words), self.col_w - indent):
            self.put(ln, indent)
        self.gap(self.lay.para_gap)

    def heading(self, printed: str, title: str, split: bool = False) -> None:
        lay = self.lay
        size = lay.heading_size or lay.size
        style = "B" if lay.heading_bold else ""
        text = title.upper() if lay.heading_caps_bold else title
        self.font(style, size)
        num_w = self.pdf.get_string_width(printed + " ") if printed and not split else 0
        parts = self.wrap(text, self.col_w * lay.heading_width - num_w)
        self.keep(len(parts) + 3, size)
        self.gap(0.4)
        if split:
            self.put(printed, 0, style, size)
        for i, part in enumerate(parts):
            if i == 0 and not split:
                self.put(f"{printed} {part}".strip(), 0, style, size)
            else:
                self.put(part, num_w if lay.hanging else 0, style, size)
        self.gap(0.3)

    def table(self, rows: list[list[str]], repeat_header: bool = True) -> None:
        """A ruled table; one that does not fit goes on over the next page (header row again
        when `repeat_header`)."""
        row_h = self.lay.size + 4 + 2
        body = rows[1:]
        head: list[list[str]] = [rows[0]]
        while body:
            room = int((self.bottom - self.y) // row_h) - len(head)
            if room < 2:
                self.new_page()
                continue
            part, body = body[:room], body[room:]
            self.font("", self.lay.size - 1)
            self.pdf.set_xy(self.x, self.y)
            with self.pdf.table(width=self.col_w, line_height=self.lay.size + 4,
                                first_row_as_headings=bool(head), align="LEFT") as t:
                for r in head + part:
                    row = t.row()
                    for cell in r:
                        row.cell(cell)
            self.y = self.pdf.get_y() + self.lay.size
            self.font()
            if body:
                self.new_page()
                head = [rows[0]] if repeat_header else []

    def signature(self, blocks: list[list[str]]) -> None:
        for block in blocks:
            self.keep(len(block) + 1)
            self.put(block[0], 0, "B")
            for ln in block[1:]:
                self.put(ln)
            self.gap(1)


def _draw(w: _Writer, nodes: list[Node], depth: int) -> None:
    for n in nodes:
        if n.new_page:
            w.new_page()
        indent = 0.0 if w.lay.columns == 2 else min(depth, 3) * 18.0
        body = list(n.sentences)
        if n.title and n.runin:
            w.paragraph(f"{n.printed} {n.title}.", " ".join(body), indent, lead_style="B")
            body = []
        elif n.title:
            w.heading(n.printed, n.title, n.split)
        elif n.printed and body:
            w.paragraph(n.printed, body.pop(0), indent)
        for sentence in body:
            w.paragraph("", sentence, indent)
        if n.table:
            w.table(n.table, n.repeat_header)
        if n.signature:
            w.signature(n.signature)
        _draw(w, n.children, depth + 1)


def render(name: str) -> tuple[bytes, Expected]:
    """The PDF bytes of one document of the set and what its clause tree should hold."""
    outline, layout, seed = DOCUMENTS[name]
    nodes = outline(Sentences(seed))
    w = _Writer(layout)
    _draw(w, nodes, 0)
    return bytes(w.pdf.output()), expected_of(nodes)


def build(out_dir: Path) -> dict[str, tuple[Path, Expected]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    built = {}
    for name in DOCUMENTS:
        data, exp = render(name)
        path = out_dir / f"{name}.pdf"
        path.write_bytes(data)
        built[name] = (path, exp)
    return built


# --------------------------------------------------------------------------- scoring


def norm(text: str | None) -> str:
    t = (text or "").replace("\u2013", "-").replace("\u2014", "-").lower()
    return " ".join(re.sub(r"[^a-z0-9@|.]+", " ", t).split()).strip(" .")


@dataclass
class Score:
    sentences: int
    right: int
    headings: int
    found: int
    misses: list[str]

    @property
    def share(self) -> float:
        return self.right / self.sentences if self.sentences else 1.0


def score(doc, exp: Expected) -> Score:
    """Sentences whose clause has the expected path and heading; headings found as (section, title)."""
    clauses = [(norm(c.text), c) for c in doc.clauses]
    right, misses = 0, []
    for text, path, heading, kind in exp.sentences:
        key = norm(text)
        hit = next((c for t, c in clauses if key in t and (kind is None or c.kind == kind)), None)
        header = exp.table_headers.get(text) if kind == "table" else None
        if header is not None and hit is not None and not norm(hit.text).startswith(norm(header)):
            misses.append(f"{text[:50]!r}: its table clause does not start with the header {header!r}")
        elif hit is not None and list(hit.path) == path and norm(hit.heading) == norm(heading):
            right += 1
        else:
            got = (hit.path, hit.heading) if hit is not None else "not found"
            misses.append(f"{text[:50]!r}: want {path} {heading!r}, got {got}")
    have = {(c.section, norm(c.heading)) for c in doc.clauses}
    found = 0
    for section, title in exp.headings:
        if (section, norm(title)) in have:
            found += 1
        else:
            misses.append(f"heading {section} {title!r} not recovered")
    return Score(len(exp.sentences), right, len(exp.headings), found, misses)


def pdfplumber_headings(path: Path, exp: Expected) -> int:
    """Headings that bare `extract_text()` shows, number and title, wrapped lines allowed."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        text = norm(" ".join(p.extract_text() or "" for p in pdf.pages))
    return sum(1 for h in exp.heading_lines if norm(h) in text)


def corpus_headings(src: Path) -> list[str]:
    """Heading lines of a corpus source, by build_corpus.py's rule: a one-line block of at
    most 90 characters that does not end in . , ; : (signature lines excepted)."""
    from checker.extract.segment import _SIGNATURE_RE

    out = []
    for raw in re.split(r"\n\s*\n", src.read_text(encoding="utf-8").strip()):
        lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
        if len(lines) == 1 and len(lines[0]) <= 90 and not lines[0].endswith((".", ",", ";", ":")) \
                and not lines[0].startswith("|") and not _SIGNATURE_RE.match(lines[0]):
            out.append(lines[0])
    return out


def heading_recovered(doc, heading: str) -> bool:
    """A numbered heading: a clause with that number and title; else a clause headed by it
    (or, for a party's name above its signature lines, the signature block it opens)."""
    from checker.extract.segment import parse_number

    num = parse_number(heading)
    if num is not None:
        title = norm(num.rest.rstrip(".:"))
        return any(c.section == num.section and (not title or norm(c.heading) == title) for c in doc.clauses)
    want = norm(heading)  # a party's name heads its signature block
    return any(want and (want in norm(c.heading) or (c.kind == "signature" and norm(c.text).startswith(want)))
               for c in doc.clauses)


def corpus_report(corpus_dir: Path, verbose: bool) -> tuple[int, int, int]:
    """(recovered, total, shown by bare pdfplumber) over the bundled corpus PDFs."""
    import pdfplumber

    from checker.extract import load_document

    found = total = bare = 0
    for pdf_path in sorted(corpus_dir.glob("*.pdf")):
        src = corpus_dir / "src" / f"{pdf_path.stem}.txt"
        if not src.exists():
            continue
        heads = corpus_headings(src)
        doc = load_document(pdf_path)
        with pdfplumber.open(pdf_path) as pdf:
            text = norm(" ".join(p.extract_text() or "" for p in pdf.pages))
        for h in heads:
            total += 1
            bare += norm(h) in text
            if heading_recovered(doc, h):
                found += 1
            elif verbose:
                print(f"    {pdf_path.name}: heading {h!r} not recovered")
    return found, total, bare


def scanned(pdf_bytes: bytes, dpi: int = 200) -> bytes:
    """The same document as a scan: every page rendered to a greyscale image, text layer gone."""
    import io

    import pypdfium2 as pdfium

    out = FPDF(format="Letter", unit="pt")
    out.set_creation_date(FIXED_DATE)
    for page in pdfium.PdfDocument(pdf_bytes):
        buf = io.BytesIO()
        page.render(scale=dpi / 72).to_pil().convert("L").save(buf, format="PNG")
        out.add_page()
        out.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=out.w, h=out.h)
    return bytes(out.output())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="folder for the PDFs (default: a temporary folder)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ap.add_argument("--scanned", action="store_true",
                    help="also score scanned copies read by Tesseract OCR (slow: seconds a page)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from checker.extract import load_document

    out = args.out or Path(tempfile.mkdtemp(prefix="fidelity-"))
    tot = Score(0, 0, 0, 0, [])
    bare_total = 0
    print(f"{'document':24} {'sentences right':>16} {'headings':>10} {'pdfplumber headings':>20}")
    for name, (path, exp) in build(out).items():
        sc = score(load_document(path), exp)
        bare = pdfplumber_headings(path, exp)
        bare_total += bare
        print(f"{name:24} {sc.right:>7}/{sc.sentences:<4} {sc.share:5.1%} {sc.found:>4}/{sc.headings:<5}"
              f" {bare:>12}/{len(exp.heading_lines)}")
        if args.verbose:
            for m in sc.misses:
                print("    " + m)
        tot = Score(tot.sentences + sc.sentences, tot.right + sc.right, tot.headings + sc.headings,
                    tot.found + sc.found, [])
    print(f"{'total':24} {tot.right:>7}/{tot.sentences:<4} {tot.share:5.1%} {tot.found:>4}/{tot.headings:<5}"
          f" {bare_total:>12}/{tot.headings}")
    if args.scanned:
        print("scanned copies, read by OCR (ruled tables on a scan come out as text lines, not table rows):")
        for name in DOCUMENTS:
            data, exp = render(name)
            path = out / f"{name}-scanned.pdf"
            path.write_bytes(scanned(data))
            doc = load_document(path)
            sc = score(doc, exp)
            prose = score(doc, Expected([e for e in exp.sentences if e[3] != "table"], [], []))
            print(f"{name + ' (OCR)':24} {sc.right:>7}/{sc.sentences:<4} {sc.share:5.1%} {sc.found:>4}/{sc.headings:<5}"
                  f"   outside tables {prose.right}/{prose.sentences}")
            if args.verbose:
                for m in sc.misses:
                    print("    " + m)
    found, total, bare = corpus_report(Path(__file__).resolve().parent / "mou", args.verbose)
    print(f"{'bundled corpus':24} {'':16} {found:>4}/{total:<5} {bare:>12}/{total}")
    print(f"PDFs in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
