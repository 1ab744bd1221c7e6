"""Document extraction: text, markdown, PDF and Word files into the clause tree.

`load_document` is the one entry point the engine and the CLI use; it picks the
extractor from the file extension and turns every failure into an `ExtractionError`
whose message a user can act on.
"""
from __future__ import annotations

from pathlib import Path

from checker.document import Document, ExtractionError

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx")
# How PDF text is read: pdfium (fast, run-level calls) or pdfplumber (the reference; always
# used for pages that may hold a table). Both give the same clause tree on the corpus
# (tests/test_pdf_engines.py).
PDF_ENGINES = ("pdfium", "pdfplumber")
DEFAULT_PDF_ENGINE = "pdfium"


def load_document(path: str | Path, *, max_pages: int = 500, timeout_s: float = 120,
                  pdf_engine: str = DEFAULT_PDF_ENGINE) -> Document:
    """Extract `path` into a Document; raise ExtractionError(path, sentence, kind) if unreadable."""
    p = Path(path)
    if not p.exists():
        raise ExtractionError(str(path), "does not exist; check the path", "unreadable")
    if p.is_dir():
        raise ExtractionError(str(path), "is a folder, not a document", "unreadable")
    suffix = p.suffix.lower()
    if suffix in (".txt", ".md", ".markdown"):
        from checker.extract.text import load_text

        return load_text(p)
    if suffix == ".pdf":
        if pdf_engine == "pdfium":
            from checker.extract.pdfium import load_pdf
        elif pdf_engine == "pdfplumber":
            from checker.extract.pdf import load_pdf
        else:
            raise ValueError(f"unknown PDF engine {pdf_engine!r}; choose one of {', '.join(PDF_ENGINES)}")
        return load_pdf(p, max_pages=max_pages, timeout_s=timeout_s)
    if suffix == ".docx":
        from checker.extract.docx import load_docx

        return load_docx(p)
    if suffix == ".doc":
        raise ExtractionError(str(path), "is an old Word .doc file; save it as .docx or PDF and check again",
                              "unsupported")
    raise ExtractionError(
        str(path),
        f"has an unsupported file type '{suffix or '(none)'}'; supported: {', '.join(SUPPORTED_SUFFIXES)}",
        "unsupported",
    )


__all__ = ["load_document", "Document", "ExtractionError", "SUPPORTED_SUFFIXES", "PDF_ENGINES",
           "DEFAULT_PDF_ENGINE"]
