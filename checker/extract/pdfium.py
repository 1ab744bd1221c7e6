"""PDF MOUs through pdfium (pypdfium2): the fast engine, same page model as pdfplumber's.

Why this shape: the layout repair in `checker.extract.pdf` (running headers, two columns,
tables, headings from font size and bold) works on pdfplumber-style word dicts. This
module only swaps where the words come from (`pdfium_words`, run-level pdfium calls) and
hands each page to the very same `_read_page` through a small page view, so both engines
go through one layout code path and produce the same clause tree.

pdfplumber stays the reference and the table reader: a page whose drawing could form a
table (a rectangle, or both horizontal and vertical rules) is read by pdfplumber, from the
same file, page by page. Pages of plain text never touch pdfminer.
"""
from __future__ import annotations

import time
from ctypes import byref, c_float
from pathlib import Path
from typing import Any

from checker.document import Document, ExtractionError
from checker.extract import pdf as plumber
from checker.extract.pdfium_words import PageWords, handle, page_text

ENGINE = "pdfium"
_RULE = 2.0  # a path thinner than this (pt) is a rule line, not a box


class _PageView:
    """What `checker.extract.pdf._read_page` asks of a page, answered from pdfium."""

    def __init__(self, words: list[dict], width: float, height: float, images: int):
        self._words = words
        self.width = width
        self.height = height
        self.images = [None] * images  # only its truth value is read (a scan has images)

    def extract_words(self, **_kw: Any) -> list[dict]:
        return self._words

    def find_tables(self) -> list:
        return []  # only asked of pages without table graphics: see _drawing


def _drawing(page_raw) -> tuple[bool, int]:
    """(may hold a ruled table, number of images) from the page's objects, forms included."""
    import pypdfium2.raw as c

    horizontal = vertical = box = False
    images = 0
    left, bottom, right, top = c_float(), c_float(), c_float(), c_float()
    stack = [(c.FPDFPage_CountObjects(page_raw), lambda i: c.FPDFPage_GetObject(page_raw, i))]
    while stack:
        count, get = stack.pop()
        for i in range(count):
            obj = get(i)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_PATH:
                if not c.FPDFPageObj_GetBounds(obj, byref(left), byref(bottom), byref(right), byref(top)):
                    continue
                w, h = right.value - left.value, top.value - bottom.value
                if w > _RULE and h > _RULE:
                    box = True
                elif w > _RULE:
                    horizontal = True
                elif h > _RULE:
                    vertical = True
            elif kind == c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind == c.FPDF_PAGEOBJ_FORM:
                stack.append((c.FPDFFormObj_CountObjects(obj), lambda j, o=obj: c.FPDFFormObj_GetObject(o, j)))
    return box or (horizontal and vertical), images


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except Exception as exc:  # PdfiumError: password, format or file error
        raise plumber._open_error(path, exc) from exc


class _Plumber:
    """pdfplumber, opened only when a page needs it (tables), closed with the document."""

    def __init__(self, path: Path):
        self.path = path
        self.pdf = None

    def page(self, index: int):
        if self.pdf is None:
            import pdfplumber

            self.pdf = pdfplumber.open(self.path)
        return self.pdf.pages[index]

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def read_page(doc, index: int, number: int, table_ids: list[int], fallback: _Plumber) -> "plumber._PPage":
    """One page into the shared page model; pdfplumber reads it when it may hold a table."""
    page = doc[index]
    try:
        tables, images = _drawing(page.raw)
        if tables:
            pp = fallback.page(index)
            try:
                return plumber._read_page(pp, number, table_ids)
            finally:
                pp.close()
        width, height, words = page_words(page)
        # no OCR here: a PDF with unread pages is handed to the pdfplumber path, which runs it
        return plumber._read_page(_PageView(words, width, height, images), number, table_ids, ocr="never")
    finally:
        page.close()


def load_pdf(path: str | Path, *, max_pages: int = 500, timeout_s: float = 120) -> Document:
    """Read a PDF MOU into the clause tree with pdfium; failures are ExtractionErrors like pdfplumber's."""
    p = Path(path)
    plumber._check_file(p)
    deadline = time.monotonic() + timeout_s
    doc = _open(p)
    fallback = _Plumber(p)
    pages: list[plumber._PPage] = []
    try:
        n = len(doc)
        plumber.check_page_count(p, n, max_pages)
        table_ids = [0]
        try:
            for i in range(n):
                if time.monotonic() > deadline:
                    raise ExtractionError(
                        str(p),
                        f"took longer than {timeout_s:g} s to read (stopped at page {i + 1} of {n}); "
                        "the file may be malformed or very complex; try re-saving it as PDF",
                        "timeout",
                    )
                pages.append(read_page(doc, i, i + 1, table_ids, fallback))
        except ExtractionError:
            raise
        except Exception as exc:
            raise plumber.read_error(p, exc, len(pages), n) from exc
    finally:
        fallback.close()
        doc.close()
    return finish(p, pages)


def finish(p: Path, pages: list["plumber._PPage"]) -> Document:
    """Page model -> Document, through the pdfplumber path's own ending."""
    return plumber.document_from_pages(p, pages, "run OCR such as ocrmypdf, then check again")


__all__ = ["ENGINE", "load_pdf", "read_page"]


def page_words(page) -> tuple[float, float, list]:
    """(width, height, words) of an open pypdfium2 page, read at run level (see PageWords)."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        tp = handle(textpage.raw)
        return width, height, PageWords(tp, height).words(page_text(tp))
    finally:
        textpage.close()
