"""Evidence snippets: a small image of the PDF region around a quote, the quote highlighted.

Why here and at report time: a warm run reads clause trees and verdicts from the cache and
never opens the PDF, yet its report must show the same snippets; so the report opens each
PDF once (pypdfium2), checks it is still the file that was checked (sha256), finds each
quote's lines (`checker.report.locate`) and renders only the crop around them. A missing
or changed file, a page without a text layer or a quote not found on its page gives a
plain "snippet unavailable" sentence, never an error.

Size: crops of at most MAX_WIDTH x MAX_HEIGHT pixels, reduced to a few grey levels plus
their highlighted twins and stored as 4-bit PNG (text compresses far better that way than
as JPEG; about 5 KB a crop); identical (file, page, quote) evidence is rendered once.
"""
from __future__ import annotations

import base64
import hashlib
import io
import time
from dataclasses import dataclass
from pathlib import Path

from checker.report.locate import Box, Located, PageText, locate, locate_across, read_page_text
from checker.results import DocumentResult, Evidence, Finding, RunResult

MAX_WIDTH = 560  # px
MAX_HEIGHT = 260  # px
MAX_SCALE = 1.25  # px per PDF point (90 dpi): enough to read body text
CONTEXT_PT = 14.0  # points of page shown above and below the quote
HIGHLIGHT = (255, 222, 80)
OCR_NOTE = "scanned page (the text was read by OCR)"
DOCUMENT_BUDGET_S = 20.0  # a PDF whose pages are slow to draw must not hold up the report


@dataclass
class Snippet:
    """One rendered crop (data is PNG base64) or the reason there is none."""

    key: str
    data: str | None = None
    width: int = 0
    height: int = 0
    unavailable: str | None = None
    ocr: bool = False  # the page is a scan read by OCR: the image shows the scan itself
    located: bool = True  # False when the crop shows the page top because the quote was not found
    bbox: list[float] | None = None  # the quote's box on its page, when found
    page: int | None = None  # the page shown (where the quote was found)

    @property
    def note(self) -> str:
        parts = [OCR_NOTE] if self.ocr else []
        if self.data and not self.located:
            parts.append("the quote's position was not found on the page; its top is shown")
        return "; ".join(parts)


def snippet_key(doc: DocumentResult, ev: Evidence) -> str:
    raw = "\x1f".join([doc.sha256 or doc.path, str(ev.page), ev.quote])
    return "s" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def wanted(f: Finding) -> Evidence | None:
    """The evidence a finding's snippet shows: a met's first quote, a gap's nearest candidate."""
    if f.status == "met" and f.evidence:
        ev = f.evidence[0]
    elif f.status == "gap" and f.nearest is not None:
        ev = f.nearest
    else:
        return None
    return ev if ev.page is not None and ev.quote else None


def collect(run: RunResult) -> dict[str, Snippet]:
    """Every snippet the run's report shows, by key; fills `Evidence.bbox` where a quote is found."""
    out: dict[str, Snippet] = {}
    for doc in run.documents:
        if doc.status != "checked" or not doc.path.lower().endswith(".pdf"):
            continue
        wants = [(ev, snippet_key(doc, ev)) for f in doc.findings if (ev := wanted(f)) is not None]
        if wants:
            _document(doc, wants, out)
    return out


def _document(doc: DocumentResult, wants: list[tuple[Evidence, str]], out: dict[str, Snippet]) -> None:
    import pypdfium2 as pdfium

    from checker.extract.util import sha256_file

    path = Path(doc.path)
    problem = None
    try:
        if doc.sha256 and sha256_file(path) != doc.sha256:
            problem = f"snippet unavailable: {doc.path} changed since it was checked"
    except OSError:
        problem = f"snippet unavailable: {doc.path} is no longer there"
    pdf = None
    if problem is None:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except Exception:  # PdfiumError and friends: the file is no longer a readable PDF
            problem = f"snippet unavailable: {doc.path} cannot be opened"
    try:
        pages: dict[int, PageText | None] = {}
        deadline = time.monotonic() + DOCUMENT_BUDGET_S
        for ev, key in wants:
            if key in out:
                if out[key].page == ev.page:
                    ev.bbox = out[key].bbox or ev.bbox
                continue
            if problem is None and time.monotonic() > deadline:
                problem = (f"snippet unavailable: drawing the snippets of {doc.path} took over "
                           f"{DOCUMENT_BUDGET_S:g} s; the rest were left out")
            if pdf is None or problem:
                out[key] = Snippet(key, unavailable=problem)
                continue
            out[key] = _snippet(pdf, pages, ev, key)
    finally:
        if pdf is not None:
            pdf.close()


def _snippet(pdf, pages: dict[int, "PageText | None"], ev: Evidence, key: str) -> Snippet:
    number = ev.page or 0
    if not 1 <= number <= len(pdf):
        return Snippet(key, unavailable=f"snippet unavailable: the file has no page {number}")
    if number not in pages:
        try:
            pages[number] = read_page_text(pdf, number)
        except Exception:  # a page pdfium cannot read: say so, keep the report going
            pages[number] = None
    page = pages[number]
    if page is None:
        return Snippet(key, unavailable=f"snippet unavailable: page {number} cannot be read")
    found: Located | None = None if ev.ocr else locate(page, ev.quote)
    if found is None and not ev.ocr and number + 1 <= len(pdf):
        # a clause that starts at the foot of a page: the quote may run onto the next one
        if number + 1 not in pages:
            pages[number + 1] = _safe_read(pdf, number + 1)
        nxt = pages[number + 1]
        # (a heading at the foot of a page makes the clause start there while its words are over the page)
        found = locate_across(page, nxt, ev.quote) or (locate(nxt, ev.quote) if nxt is not None else None)
        if found is not None and found.page != number:
            page = pages[number + 1] or page
    if found is None and not ev.ocr:
        found = _elsewhere(pdf, pages, number, ev.quote)
        if found is None:
            return Snippet(key, unavailable=f"snippet unavailable: the quote was not found on page {number}")
        page = pages[found.page] or page
    try:
        data, w, h = _render(pdf, page, found)
    except Exception:
        return Snippet(key, unavailable=f"snippet unavailable: page {page.number} could not be drawn")
    crop = Snippet(key, data=data, width=w, height=h, ocr=ev.ocr, located=found is not None, page=page.number)
    if found is not None:
        crop.bbox = [round(x, 1) for x in found.bbox]
        if found.page == ev.page:  # a box means something only with its page
            ev.bbox = crop.bbox
    return crop


def _elsewhere(pdf, pages: dict[int, "PageText | None"], number: int, quote: str) -> Located | None:
    """The quote on another page, nearest first: a clause's recorded first page can be off
    (a table whose heading row sits pages before its body); the snippet shows where it really is."""
    others = sorted((n for n in range(1, len(pdf) + 1) if n not in (number, number + 1)),
                    key=lambda n: (abs(n - number), n))
    for n in others:
        if n not in pages:
            pages[n] = _safe_read(pdf, n)
        pt = pages[n]
        found = locate(pt, quote) if pt is not None else None
        if found is not None:
            return found
    return None


def _safe_read(pdf, number: int) -> PageText | None:
    try:
        return read_page_text(pdf, number)
    except Exception:
        return None


def _region(page: PageText, found: Located | None) -> tuple[Box, float]:
    """The crop box (points) and scale: the quote's lines plus context, as wide as its text column."""
    if found is None:  # OCR page: the quote cannot be placed; show the top of the text area
        box = (0.0, 0.0, page.width, min(page.height, MAX_HEIGHT / MAX_SCALE * 1.6))
    else:
        x0, top, x1, bottom = found.bbox
        # one whole line of context above and below (a cut line reads as noise)
        above = [w["top"] for w in page.words if top - CONTEXT_PT < w["bottom"] <= top + 1]
        below = [w["bottom"] for w in page.words if bottom - 1 <= w["top"] < bottom + CONTEXT_PT]
        top, bottom = min(above, default=top) - 3, max(below, default=bottom) + 3
        near = [w for w in page.words if w["bottom"] > top and w["top"] < bottom]
        x0 = min([x0] + [w["x0"] for w in near if w["x1"] > x0 - 40 and w["x0"] < x1 + 40])
        x1 = max([x1] + [w["x1"] for w in near if w["x1"] > x0 - 40 and w["x0"] < x1 + 40])
        box = (max(0.0, x0 - 8), max(0.0, top), min(page.width, x1 + 8), min(page.height, bottom))
    width = box[2] - box[0]
    scale = min(MAX_SCALE, MAX_WIDTH / max(width, 1.0))
    if (box[3] - box[1]) * scale > MAX_HEIGHT:  # a long quote: keep its start
        box = (box[0], box[1], box[2], box[1] + MAX_HEIGHT / scale)
    return box, scale


def _render(pdf, page: PageText, found: Located | None) -> tuple[str, int, int]:
    """PNG base64 of the crop, the quote's lines tinted; (data, width, height).

    The crop is drawn in grey, cut to LEVELS grey levels, and the quote's lines take the same
    levels tinted with HIGHLIGHT: a fixed 2 x LEVELS colour palette, so no colour quantising
    (the slow part of a PNG of text) and 4-bit pixels.
    """
    from PIL import Image, ImageChops, ImageDraw

    box, scale = _region(page, found)
    x0, top, x1, bottom = box
    pg = pdf[page.number - 1]
    try:
        bitmap = pg.render(scale=scale, crop=(x0, page.height - bottom, page.width - x1, top), grayscale=True)
        grey = bitmap.to_pil().convert("L")
    finally:
        pg.close()
    index = grey.point(_LEVEL_OF)
    if found is not None:
        mask = Image.new("L", grey.size, 0)
        draw = ImageDraw.Draw(mask)
        for lx0, ltop, lx1, lbottom in found.lines:
            draw.rectangle([(lx0 - x0 - 1) * scale, (ltop - top - 1) * scale,
                            (lx1 - x0 + 1) * scale, (lbottom - top + 1) * scale], fill=LEVELS)
        index = ImageChops.add(index, mask)
    img = Image.frombytes("P", index.size, index.tobytes())
    img.putpalette(_PALETTE)
    buf = io.BytesIO()
    img.save(buf, format="PNG", bits=4)
    return base64.b64encode(buf.getvalue()).decode("ascii"), img.width, img.height


LEVELS = 5  # grey levels kept: enough for anti-aliased body text to read cleanly
_STEP = 255 / (LEVELS - 1)
_LEVEL_OF = [int(round(v / _STEP)) for v in range(256)]
_GREYS = [int(i * _STEP) for i in range(LEVELS)]
_PALETTE = [c for g in _GREYS for c in (g, g, g)] + [
    c for g in _GREYS for c in (g * HIGHLIGHT[0] // 255, g * HIGHLIGHT[1] // 255, g * HIGHLIGHT[2] // 255)]
