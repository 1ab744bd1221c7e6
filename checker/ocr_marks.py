"""Mark findings whose evidence OCR read, after the engine has judged them.

Why after the engine: verdicts depend only on text; whether that text came from a text
layer or from Tesseract changes how far a reviewer may trust it, not the verdict. So every
evidence on an OCR page says so (page shown as 'p.6 (OCR)', JSON `ocr` and
`ocr_confidence`), a `met` that rests only on OCR text is flagged `needs_review`, and an
`undetermined` caused by unread scanned pages names the step that would read them.
"""
from __future__ import annotations

from checker.document import Document
from checker.results import Evidence, Finding


def _mark(ev: Evidence | None, ocr_pages: dict[int, float | None]) -> Evidence | None:
    if ev is None or ev.page not in ocr_pages:
        return ev
    return ev.model_copy(update={"ocr": True, "ocr_confidence": ocr_pages[ev.page]})


def _pages(evs: list[Evidence]) -> str:
    seen: list[str] = []
    for ev in evs:
        label = f"p.{ev.page}" + (f", confidence {ev.ocr_confidence:g}%" if ev.ocr_confidence is not None else "")
        if label not in seen:
            seen.append(label)
    return "; ".join(seen)


def _unread_hint(document: Document) -> str | None:
    """The step that reads the scanned pages, from their notes ('... Tesseract ... apt-get ...')."""
    for page in document.pages:
        if not page.has_text and page.note and ";" in page.note:
            hint = page.note.split(";", 1)[1].strip()
            return hint[:1].upper() + hint[1:] + "."
    return None


def mark_findings(findings: list[Finding], document: Document) -> list[Finding]:
    """The same findings, OCR-read evidence marked; findings untouched when no page was OCR'd
    and none is unread."""
    ocr_pages = document.ocr_pages
    hint = _unread_hint(document)
    if not ocr_pages and hint is None:
        return findings
    out = []
    for f in findings:
        update: dict = {}
        evidence = [_mark(ev, ocr_pages) for ev in f.evidence]
        nearest = _mark(f.nearest, ocr_pages)
        read = [ev for ev in evidence if ev is not None and ev.ocr]
        if read:
            update["evidence"] = evidence
            if f.status == "met" and len(read) == len(evidence):
                update["needs_review"] = True
                update["message"] = f"{f.message} Read by OCR only ({_pages(read)}): confirm it on the page."
            else:
                update["message"] = f"{f.message} Evidence read by OCR ({_pages(read)})."
        if nearest is not f.nearest:
            update["nearest"] = nearest
            if not read and nearest is not None:
                update["message"] = f"{f.message} The nearest text was read by OCR ({_pages([nearest])})."
        if f.status == "undetermined" and hint and hint not in f.message:
            update["message"] = f"{f.message} {hint}"
        out.append(f.model_copy(update=update) if update else f)
    return out
