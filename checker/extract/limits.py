"""Size bounds for documents read as text (plain text, markdown, Word).

PDFs are bounded by pages (--max-pages); text-like files by bytes of text, so a huge or
hostile file becomes one clear error instead of minutes of work and gigabytes of memory.
About 2 KB of text make a page, so the default of 1,000 KB is roughly 500 pages, the same
order as the PDF default.
"""
from __future__ import annotations

from checker.document import ExtractionError

DEFAULT_MAX_TEXT_KB = 1000
# Word's XML is far larger than its text; beyond this many times the text limit, the
# document part is refused before it is parsed.
DOCX_XML_FACTOR = 40


def too_large(path: str, size: int, max_text_kb: int, what: str = "of text") -> ExtractionError:
    return ExtractionError(
        path,
        f"has {size / 1000:,.0f} KB {what}, more than the limit of {max_text_kb:,} KB (about "
        f"{max_text_kb // 2:,} pages); raise the limit with --max-text-kb or split the document",
        "too-large",
    )


def check_text_size(path: str, size: int, max_text_kb: int, what: str = "of text") -> None:
    """Raise a too-large ExtractionError when `size` bytes exceed the limit."""
    if size > max_text_kb * 1000:
        raise too_large(path, size, max_text_kb, what)
