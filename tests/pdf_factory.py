"""Build test PDFs with fpdf2 from text we wrote, line by line, so the layout is known.

Every line is placed explicitly (no automatic wrapping), which lets a test put a
hyphen at a line end, split a clause over a page break or lay out two columns and
then compare what the extractor recovers with what was drawn.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

TOP = 25.0  # mm: first body line, below the running header
BOTTOM = 270.0  # mm: last body line, above the running footer
LEADING = 6.0  # mm between body lines


def _png(width: int = 60, height: int = 40) -> bytes:
    """A small grey image, standing in for a scanned page."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (width, height), 200).save(buf, format="PNG")
    return buf.getvalue()


@dataclass
class PdfBuilder:
    """Draws pages of explicit lines; optional running header, footer and page numbers."""

    header: str | None = None
    footer: str | None = None
    page_numbers: bool = False  # "Page N of M" in the footer
    font_size: float = 11
    pdf: FPDF = field(init=False)
    y: float = field(init=False, default=TOP)
    _decorated: list[int] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_font("Helvetica", "", self.font_size)

    def _running_lines(self) -> None:
        """Headers, footers and "Page N of M" on every decorated page, drawn at save time."""
        pdf = self.pdf
        total = pdf.page
        for n in self._decorated:
            pdf.page = n
            pdf.set_font("Helvetica", "", 8)
            if self.header:
                pdf.text(20, 12, self.header)
            if self.footer:
                pdf.text(20, 287, self.footer)
            if self.page_numbers:
                pdf.text(170, 287, f"Page {n} of {total}")
        pdf.page = total

    def page(self, *, decorate: bool = True) -> "PdfBuilder":
        self.pdf.add_page()
        if decorate:
            self._decorated.append(self.pdf.page)
        self.y = TOP
        return self

    def line(self, text: str, *, size: float | None = None, bold: bool = False, x: float = 20,
             gap: float = 0) -> "PdfBuilder":
        """One line of text; a new page starts automatically when the page is full."""
        if self.pdf.page == 0 or self.y + gap > BOTTOM:
            self.page()
        self.y += gap
        self.pdf.set_font("Helvetica", "B" if bold else "", size or self.font_size)
        self.pdf.text(x, self.y, text)
        self.pdf.set_font("Helvetica", "", self.font_size)
        self.y += LEADING * (size or self.font_size) / self.font_size
        return self

    def lines(self, text: str, **kw) -> "PdfBuilder":
        for ln in text.strip("\n").split("\n"):
            if ln.strip():
                self.line(ln, **kw)
            else:
                self.y += LEADING
        return self

    def two_columns(self, left: list[str], right: list[str]) -> "PdfBuilder":
        """Two columns of lines side by side, starting at the current position."""
        y0 = self.y
        self.pdf.set_font("Helvetica", "", 9)
        for i, t in enumerate(left):
            self.pdf.text(20, y0 + i * 5, t)
        for i, t in enumerate(right):
            self.pdf.text(110, y0 + i * 5, t)
        self.pdf.set_font("Helvetica", "", self.font_size)
        self.y = y0 + max(len(left), len(right)) * 5 + 2
        return self

    def table(self, rows: list[list[str]]) -> "PdfBuilder":
        """A ruled table (so pdfplumber's find_tables sees its grid)."""
        self.pdf.set_xy(20, self.y)
        self.pdf.set_font("Helvetica", "", 9)
        with self.pdf.table(width=170, line_height=6, first_row_as_headings=False) as t:
            for r in rows:
                row = t.row()
                for cell in r:
                    row.cell(cell)
        self.pdf.set_font("Helvetica", "", self.font_size)
        self.y = self.pdf.get_y() + LEADING + 2
        return self

    def image_page(self) -> "PdfBuilder":
        """A page holding only an image: what a scanned page looks like."""
        self.pdf.add_page()
        self.pdf.image(io.BytesIO(_png()), x=20, y=20, w=170)
        self.y = BOTTOM + 1
        return self

    def encrypt(self, user_password: str = "secret") -> "PdfBuilder":
        self.pdf.set_encryption(owner_password="owner-" + user_password, user_password=user_password)
        return self

    def save(self, path: Path) -> Path:
        self._running_lines()
        self.pdf.output(str(path))
        return path


def simple_pdf(path: Path, text: str, **kw) -> Path:
    """A PDF whose lines are exactly `text`'s lines (blank line = paragraph gap)."""
    return PdfBuilder(**kw).lines(text).save(path)


def image_only_pdf(path: Path, pages: int = 2) -> Path:
    b = PdfBuilder()
    for _ in range(pages):
        b.image_page()
    return b.save(path)


def many_pages_pdf(path: Path, pages: int) -> Path:
    b = PdfBuilder()
    for i in range(pages):
        b.page().line(f"{i + 1}. Clause on page {i + 1}.")
    return b.save(path)



def scanned_pdf(path: Path, pages: list[str], text_pages: frozenset[int] = frozenset(), dpi: int = 200,
                stamp: str | None = None) -> Path:
    """A PDF whose pages are pictures of text, as a scanner makes them: each page's text is
    drawn with fpdf2, rendered to an image with pypdfium2, and only the image is kept.
    Pages numbered in `text_pages` (1-based) keep a text layer instead, for mixed documents;
    `stamp` is real text drawn over every scanned page ("{n}" becomes the page number), as a
    Bates or page stamp is."""
    import pypdfium2 as pdfium

    out = FPDF(format="A4", unit="mm")
    out.set_auto_page_break(False)
    out.set_font("Helvetica", "", 11)
    for number, text in enumerate(pages, start=1):
        out.add_page()
        if number in text_pages:
            y = TOP
            for ln in text.strip("\n").split("\n"):
                if ln.strip():
                    out.text(20, y, ln)
                y += LEADING
            continue
        src = PdfBuilder()
        src.lines(text)
        page = pdfium.PdfDocument(bytes(src.pdf.output()))[0]
        buf = io.BytesIO()
        page.render(scale=dpi / 72).to_pil().convert("L").save(buf, format="PNG")
        out.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=210, h=297)
        if stamp:
            out.text(150, 290, stamp.replace("{n}", str(number)))
    out.output(str(path))
    return path
