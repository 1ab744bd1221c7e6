"""Document extraction: text, markdown, PDF and Word files into the clause tree.

`load_document` is the one entry point the engine and the CLI use; it picks the
extractor from the file extension and turns every failure into an `ExtractionError`
whose message a user can act on.
"""
from __future__ import annotations

from pathlib import Path

from checker.document import Document, ExtractionError
from checker.extract.limits import DEFAULT_MAX_TEXT_KB

#: The one suffix -> reader map: discovery, extraction, the worker pool and the accuracy
#: scorer all read it, so a new document kind is one reader module plus an entry here.
READERS: dict[str, str] = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "text", ".markdown": "text"}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(READERS)
#: Readers slow enough (layout analysis, XML) that worker processes pay for themselves.
SLOW_SUFFIXES = frozenset(s for s, reader in READERS.items() if reader in ("pdf", "docx"))
# How PDF text is read: pdfium (fast, run-level calls) or pdfplumber (the reference; always
# used for pages that may hold a table). Both give the same clause tree on the corpus
# (tests/test_pdf_engines.py).
PDF_ENGINES = ("pdfium", "pdfplumber")
DEFAULT_PDF_ENGINE = "pdfium"
#: pdfium errors the pdfplumber path may still get past: scans (it runs OCR) and files pdfium
#: alone cannot parse (the reference reader decides, with its own message)
PDFPLUMBER_RETRIES = frozenset({"no-text", "corrupt"})


def load_document(path: str | Path, *, max_pages: int = 500, timeout_s: float = 120,
                  max_text_kb: int = DEFAULT_MAX_TEXT_KB, ocr: str = "auto",
                  pdf_engine: str = DEFAULT_PDF_ENGINE) -> Document:
    """Extract `path` into a Document; raise ExtractionError(path, sentence, kind) if unreadable.

    `ocr` ("auto" | "always" | "never") decides whether PDF pages are read by Tesseract; OCR runs
    on the pdfplumber path, so a pdfium read that finds pages without a text layer (or
    `ocr="always"`) hands the file to it.
    """
    p = Path(path)
    if not p.exists():
        raise ExtractionError(str(path), "does not exist; check the path", "unreadable")
    if p.is_dir():
        raise ExtractionError(str(path), "is a folder, not a document", "unreadable")
    if not p.is_file():  # a pipe or device: reading it could block forever
        raise ExtractionError(str(path), "is not a regular file (a pipe, socket or device); nothing was read from it",
                              "unreadable")
    suffix = p.suffix.lower()
    reader = READERS.get(suffix)
    if reader == "text":
        from checker.extract.text import load_text

        return load_text(p, max_text_kb)
    if reader == "pdf":
        if pdf_engine not in PDF_ENGINES:
            raise ValueError(f"unknown PDF engine {pdf_engine!r}; choose one of {', '.join(PDF_ENGINES)}")
        from checker.extract.pdf import load_pdf as load_pdf_plumber

        if pdf_engine == "pdfium" and ocr != "always":
            from checker.extract.pdfium import load_pdf as load_pdf_pdfium

            try:
                doc = load_pdf_pdfium(p, max_pages=max_pages, timeout_s=timeout_s)
            except ExtractionError as exc:
                if exc.kind not in PDFPLUMBER_RETRIES:
                    raise
            else:
                if ocr == "never" or not doc.unreadable_pages:
                    return doc
        return load_pdf_plumber(p, max_pages=max_pages, timeout_s=timeout_s, ocr=ocr)
    if reader == "docx":
        from checker.extract.docx import load_docx

        return load_docx(p, max_text_kb)
    if suffix == ".doc":
        raise ExtractionError(str(path), "is an old Word .doc file; save it as .docx or PDF and check again",
                              "unsupported")
    raise ExtractionError(
        str(path),
        f"has an unsupported file type '{suffix or '(none)'}'; supported: {', '.join(SUPPORTED_SUFFIXES)}",
        "unsupported",
    )


__all__ = ["load_document", "Document", "ExtractionError", "READERS", "SUPPORTED_SUFFIXES", "SLOW_SUFFIXES", "PDF_ENGINES",
           "DEFAULT_PDF_ENGINE"]
