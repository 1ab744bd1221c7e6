"""Document extraction: text, markdown, PDF and Word files into the clause tree.

`load_document` is the one entry point the engine and the CLI use; it picks the
extractor from the file extension and turns every failure into an `ExtractionError`
whose message a user can act on.
"""
from __future__ import annotations

from pathlib import Path

from checker.document import Document, ExtractionError
from checker.extract.limits import DEFAULT_MAX_TEXT_KB

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx")


def load_document(path: str | Path, *, max_pages: int = 500, timeout_s: float = 120,
                  max_text_kb: int = DEFAULT_MAX_TEXT_KB, ocr: str = "auto") -> Document:
    """Extract `path` into a Document; raise ExtractionError(path, sentence, kind) if unreadable.

    `ocr` ("auto" | "always" | "never") decides whether PDF pages are read by Tesseract.
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
    if suffix in (".txt", ".md", ".markdown"):
        from checker.extract.text import load_text

        return load_text(p, max_text_kb)
    if suffix == ".pdf":
        from checker.extract.pdf import load_pdf

        return load_pdf(p, max_pages=max_pages, timeout_s=timeout_s, ocr=ocr)
    if suffix == ".docx":
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


__all__ = ["load_document", "Document", "ExtractionError", "SUPPORTED_SUFFIXES"]
