"""Plain-text and markdown MOUs: split pages on form feeds, then segment."""
from __future__ import annotations

from pathlib import Path

from checker.document import Document, ExtractionError, PageInfo
from checker.extract.limits import DEFAULT_MAX_TEXT_KB, check_text_size
from checker.extract.segment import Line, guess_title, segment
from checker.extract.util import sha256_bytes


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to cp1252 for files saved by old editors."""
    if b"\x00" in data[:4096]:
        raise ExtractionError(str(path), "is a binary file, not text; save the MOU as .txt, .md, .pdf or .docx",
                              "corrupt")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def text_to_lines(text: str) -> list[Line]:
    """Lines with page numbers: a form feed starts a new page."""
    lines: list[Line] = []
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    for page_no, page in enumerate(pages, start=1):
        raws = page.split("\n")
        if page_no < len(pages) and raws and raws[-1] == "":
            raws.pop()  # the newline just before a form feed ends the line, not the paragraph
        for raw in raws:
            lines.append(Line(raw.replace("\t", " "), page_no))
    # A page break is not a paragraph break: a sentence may run on over it.
    lines.append(Line("", len(pages)))
    return lines


def parse_text(text: str, path: str = "<text>", *, markdown: bool = False) -> Document:
    """A Document from text already in memory (used by tests and by `load_text`)."""
    lines = text_to_lines(text)
    n_pages = max((ln.page for ln in lines), default=1)
    clauses = segment(lines, markdown=markdown)
    return Document(
        path=path,
        title=guess_title(clauses),
        clauses=clauses,
        pages=[PageInfo(number=i) for i in range(1, n_pages + 1)],
        extractor="markdown" if markdown else "text",
    )


def load_text(path: str | Path, max_text_kb: int = DEFAULT_MAX_TEXT_KB) -> Document:
    """Read a .txt or .md MOU into the clause tree (refused above `max_text_kb` KB)."""
    p = Path(path)
    try:
        check_text_size(str(path), p.stat().st_size, max_text_kb)
        with p.open("rb") as fh:  # read at most one byte past the limit, even if the file grows
            data = fh.read(max_text_kb * 1000 + 1)
        check_text_size(str(path), len(data), max_text_kb)
    except OSError as exc:
        raise ExtractionError(str(path), f"cannot be read ({exc.strerror or exc})", "unreadable") from exc
    if not data.strip():
        raise ExtractionError(str(path), "is empty; nothing to check", "empty")
    doc = parse_text(decode(p, data), str(path), markdown=p.suffix.lower() in (".md", ".markdown"))
    doc.sha256 = sha256_bytes(data)
    if not doc.clauses:
        raise ExtractionError(str(path), "contains no text; nothing to check", "empty")
    return doc
