"""The clause tree every extractor produces and every rule reads.

Extractors (plain text, PDF, Word) all end in a `Document`; the engine never sees
raw files, so a verdict depends only on what is recorded here.
"""
from __future__ import annotations

from pydantic import BaseModel, Field


class PageInfo(BaseModel):
    """Health of one page's text layer, so a rule can say `undetermined` instead of `gap`."""

    number: int  # 1-based
    has_text: bool = True
    note: str | None = None  # why the page is unreadable, when it is (or that OCR read it)
    ocr: bool = False  # the page's text came from OCR, not from a text layer
    ocr_confidence: float | None = None  # Tesseract's mean word confidence on the page, 0-100


class Clause(BaseModel):
    """One numbered section, heading block, paragraph, table row group or signature block."""

    section: str | None = None  # "4.2", "A", "(iii)", "Exhibit B"; None for unnumbered text
    path: list[str] = Field(default_factory=list)  # ancestors' section numbers, then this one
    heading: str | None = None  # the clause's own heading, or the nearest enclosing one
    text: str
    pages: list[int] = Field(default_factory=lambda: [1])
    kind: str = "clause"  # clause | heading | table | signature

    @property
    def first_page(self) -> int | None:
        return self.pages[0] if self.pages else None

    @property
    def label(self) -> str:
        """How a report names this clause: '§4.2 Liaisons' or 'p.3'."""
        parts = []
        if self.section:
            parts.append(f"§{self.section}")
        if self.heading:
            parts.append(self.heading)
        if not parts and self.pages:
            parts.append(f"p.{self.pages[0]}")
        return " ".join(parts)


class Document(BaseModel):
    """A submitted MOU after extraction."""

    path: str
    sha256: str = ""
    title: str | None = None
    clauses: list[Clause] = Field(default_factory=list)
    pages: list[PageInfo] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # Facts about the whole document that every report shows (e.g. a draft's tracked changes).
    notes: list[str] = Field(default_factory=list)
    extractor: str = "text"

    @property
    def unreadable_pages(self) -> list[int]:
        return [p.number for p in self.pages if not p.has_text]

    @property
    def ocr_pages(self) -> dict[int, float | None]:
        """Pages read by OCR and their mean word confidence."""
        return {p.number: p.ocr_confidence for p in self.pages if p.ocr}

    @property
    def full_text(self) -> str:
        return "\n".join(c.text for c in self.clauses)


class ExtractionError(Exception):
    """A file that cannot be read at all; the message is a sentence a user can act on."""

    def __init__(self, path: str, message: str, kind: str = "unreadable"):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.kind = kind  # encrypted | corrupt | not-pdf | not-docx | empty | no-text | too-large | timeout | unsupported | unreadable
