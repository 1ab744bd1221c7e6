"""The one result model every formatter reads (the JSON contract of DESIGN.md)."""
from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, Field, model_serializer

Status = Literal["met", "gap", "not-applicable", "undetermined"]
Severity = Literal["high", "medium", "low", "advisory"]
SEVERITIES: tuple[str, ...] = ("high", "medium", "low", "advisory")
STATUSES: tuple[str, ...] = ("met", "gap", "not-applicable", "undetermined")


class Evidence(BaseModel):
    page: int | None = None
    section: str | None = None
    quote: str = ""
    ocr: bool = False  # the quote was read by OCR from a page without a text layer
    ocr_confidence: float | None = None  # the page's mean OCR word confidence, 0-100
    # Added key: the quote's box on its page in PDF points from the top-left (x0, top, x1,
    # bottom), when it was located (the HTML report locates quotes to draw their snippets).
    bbox: list[float] | None = None

    @model_serializer(mode="wrap")
    def _omit_ocr_unless_read_by_ocr(self, handler):
        """`ocr` and `ocr_confidence` appear only on evidence OCR read (DESIGN's JSON contract);
        `bbox` only where a quote was located, so older readers and goldens see no change."""
        data = handler(self)
        if not self.ocr:
            data.pop("ocr", None)
            data.pop("ocr_confidence", None)
        if self.bbox is None:
            data.pop("bbox", None)
        return data


class Finding(BaseModel):
    rule_id: str
    element: str
    status: Status
    severity: Severity
    citation: str
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    depends_on_unconfirmed: list[str] = Field(default_factory=list)
    fingerprint: str = ""
    # Additions beyond the locked keys; formatters may ignore them.
    title: str = ""
    subject: str | None = None  # the item of a for-each rule (a county, a filing, ...)
    searched: str | None = None  # what a gap looked for and where
    nearest: Evidence | None = None  # closest candidate clause for a gap
    nearest_reason: str | None = None  # why the nearest candidate fell short
    description: str | None = None  # what compliant text must say
    suppressed: str | None = None  # suppression reason, when suppressed
    needs_review: bool = False  # a `met` that rests only on OCR text: a person should look

    @model_serializer(mode="wrap")
    def _omit_needs_review_unless_set(self, handler):
        data = handler(self)
        if not self.needs_review:
            data.pop("needs_review", None)
        return data


class DocumentResult(BaseModel):
    path: str
    sha256: str = ""
    kind: Literal["mou", "plan-report"] = "mou"
    mou_type: str | None = None  # the primary type
    mou_types: list[str] = Field(default_factory=list)  # every type a combined MOU covers, primary first
    status: Literal["checked", "error"] = "checked"
    error: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    mou_type_reason: str | None = None  # the text that decided the type
    notes: list[str] = Field(default_factory=list)  # facts about the file (e.g. tracked changes)

    @model_serializer(mode="wrap")
    def _omit_empty_notes(self, handler):
        data = handler(self)
        if not self.notes:
            data.pop("notes", None)
        return data


class SkippedFile(BaseModel):
    """A file the run saw but did not check, and why (every format lists these)."""

    path: str
    reason: str


class ToolInfo(BaseModel):
    name: str = "compliance-check"
    version: str = ""
    pdf_engine: str | None = None  # added key: the engine PDFs were read with (pdfium | pdfplumber)


class RulesInfo(BaseModel):
    count: int = 0
    unconfirmed_params: list[str] = Field(default_factory=list)


class Summary(BaseModel):
    documents: int = 0
    errors: int = 0
    gaps: dict[str, int] = Field(default_factory=lambda: {s: 0 for s in SEVERITIES})


class RunResult(BaseModel):
    tool: ToolInfo = Field(default_factory=ToolInfo)
    as_of: str
    rules: RulesInfo = Field(default_factory=RulesInfo)
    documents: list[DocumentResult] = Field(default_factory=list)
    skipped: list[SkippedFile] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)

    def recount(self) -> "RunResult":
        """Derive the summary from the findings, so the two can never disagree."""
        gaps = {s: 0 for s in SEVERITIES}
        for doc in self.documents:
            for f in doc.findings:
                if f.status == "gap" and not f.suppressed:
                    gaps[f.severity] += 1
        self.summary = Summary(
            documents=len(self.documents),
            errors=sum(1 for d in self.documents if d.status == "error"),
            gaps=gaps,
        )
        return self


def fingerprint(rule_id: str, document_key: str, subject: str | None = None) -> str:
    """Stable across runs and edits to wording: rule id + document identity + item."""
    raw = "\x1f".join([rule_id, document_key, subject or ""])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
