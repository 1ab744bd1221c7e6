"""PDF MOUs through pdfplumber: pages -> layout-repaired lines -> the shared segmenter.

Layout repair happens here so the segmenter sees reading-order prose: running
headers, footers and page numbers are dropped, two-column pages are read column by
column, tables become "Cell | Cell" rows, and font size / bold mark headings.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from checker.document import Document, ExtractionError, PageInfo
from checker.extract import ocr as ocr_mod
from checker.extract.segment import Line, guess_title, segment
from checker.extract.util import sha256_file

NO_TEXT_NOTE = "no text layer (scanned image?)"
_PAGE_NO_RE = re.compile(
    r"^(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?|[-–—]?\s*\d{1,4}\s*[-–—]?|\d{1,4}\s*(?:of|/)\s*\d{1,4}|[ivxlc]{1,6})$",
    re.I,
)
_MARGIN = 0.10  # top and bottom tenth of the page hold running headers and footers


@dataclass
class _PLine:
    """A line on a page with the geometry needed for header and paragraph decisions."""

    text: str
    top: float
    bottom: float
    size: float
    bold: bool
    x0: float = 0.0
    kind: str | None = None
    block: int | None = None
    rows: list[str] = field(default_factory=list)
    ocr: bool = False  # read by OCR: its size says nothing about headings


@dataclass
class _PPage:
    number: int
    height: float
    lines: list[_PLine]
    has_text: bool
    note: str | None
    ocr_confidence: float | None = None  # set when the page was read by OCR


# --------------------------------------------------------------------------- opening


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ExtractionError(str(path), f"cannot be read ({exc.strerror or exc})", "unreadable") from exc
    if size == 0:
        raise ExtractionError(str(path), "is empty (0 bytes); ask the submitter to send the file again", "empty")
    if b"%PDF-" not in head:
        raise ExtractionError(
            str(path),
            "is not a PDF (it does not start with %PDF-) although its name ends in .pdf; "
            "check the file type or rename it",
            "not-pdf",
        )


def _open_error(path: Path, exc: Exception) -> ExtractionError:
    inner = getattr(exc, "args", [None])[0] if exc.args else None
    names = {type(exc).__name__, type(inner).__name__ if inner is not None else ""}
    text = f"{exc} {inner!r}".lower()
    if any("password" in n.lower() or "encrypt" in n.lower() for n in names) or "password" in text:
        return ExtractionError(
            str(path),
            "is password-protected (encrypted); remove the password or ask the submitter for an unprotected copy",
            "encrypted",
        )
    return ExtractionError(
        str(path),
        f"is damaged or truncated and cannot be parsed ({type(inner or exc).__name__}); "
        "ask the submitter for a fresh copy or re-save it as PDF",
        "corrupt",
    )


def _page_count(pdf) -> int:
    try:
        from pdfminer.pdftypes import resolve1

        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        if isinstance(count, int) and count >= 0:
            return count
    except Exception:
        pass
    return len(pdf.pages)


# --------------------------------------------------------------------------- one page


def _is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|,b\b", fontname or "", re.I))


def _group_lines(words: list[dict]) -> list[list[dict]]:
    """Words to lines: same baseline within a tolerance, then left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines:
            last = lines[-1]
            ref = last[0]
            tol = max(2.0, 0.5 * min(ref.get("size", 10), w.get("size", 10)))
            if abs(w["top"] - ref["top"]) <= tol:
                last.append(w)
                continue
        lines.append([w])
    for ln in lines:
        ln.sort(key=lambda w: w["x0"])
    return lines


def _make_line(words: list[dict]) -> _PLine:
    parts = [words[0]["text"]]
    for prev, w in zip(words, words[1:]):
        gap = w["x0"] - prev["x1"]
        parts.append(("   " if gap > 3 * max(prev.get("size", 10) * 0.25, 1) else " ") + w["text"])
    sizes = [w.get("size", 10) for w in words]
    return _PLine(
        text="".join(parts),
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        size=max(sizes),
        bold=all(_is_bold(w.get("fontname", "")) for w in words),
        x0=words[0]["x0"],
    )


def find_gutter(words: list[dict], width: float) -> float | None:
    """x of an empty vertical strip near the middle that splits the page into two columns."""
    if len(words) < 20:
        return None
    step = 2.0
    nbins = int(width / step) + 1
    delta = [0] * (nbins + 1)  # words covering each bin, by a difference array (one step per word)
    odd: list[int] = []  # bins of words starting left of the page (negative indexes wrap, as ever)
    for w in words:
        first, last = int(w["x0"] / step), min(nbins, int(w["x1"] / step) + 1)
        if first < 0:
            odd.extend(range(first, last))
        elif first < last:
            delta[first] += 1
            delta[last] -= 1
    cover = list(accumulate(delta[:nbins]))
    for b in odd:
        cover[b] += 1
    lo, hi = int(width * 0.3 / step), int(width * 0.7 / step)
    best: tuple[int, int] | None = None  # (length, start) of the longest run of low coverage
    run_start = None
    limit = max(1, len(words) // 40)  # full-width headings may cross the gutter
    for b in range(lo, hi + 1):
        if cover[b] <= limit:
            run_start = b if run_start is None else run_start
            length = b - run_start + 1
            if best is None or length > best[0]:
                best = (length, run_start)
        else:
            run_start = None
    if best is None or best[0] * step < 8:
        return None
    gx = (best[1] + best[0] / 2) * step
    left = sum(1 for w in words if w["x1"] <= gx)
    right = sum(1 for w in words if w["x0"] >= gx)
    if left < 0.1 * len(words) or right < 0.1 * len(words):  # a short last column counts
        return None
    # Both sides need several distinct lines: a label/value form is not two columns.
    left_rows = {round(w["top"]) for w in words if w["x1"] <= gx}
    right_rows = {round(w["top"]) for w in words if w["x0"] >= gx}
    if len(left_rows) < 5 or len(right_rows) < 5:
        return None
    return gx


def _reading_order(words: list[dict], width: float) -> list[_PLine]:
    """Lines in reading order; on a two-column page, left column then right column per band.

    Lines that cross the gutter (full-width headings) cut the page into bands; inside a
    band, left-side lines above or below the right column's extent are full-width prose.
    """
    gutter = find_gutter(words, width)
    if gutter is None:
        return [_make_line(ln) for ln in _group_lines(words)]
    rows = _group_lines(words)
    out: list[_PLine] = []
    band: list[list[dict]] = []

    def flush() -> None:
        if not band:
            return
        left = [[w for w in r if w["x1"] <= gutter] for r in band]
        right = [[w for w in r if w["x1"] > gutter] for r in band]
        right_tops = [r[0]["top"] for r in right if r]
        if not right_tops:
            out.extend(_make_line(r) for r in band)
            return
        lo = min(right_tops)
        # the right column ends at the bottom of its last line: a left line level with it (a
        # larger heading there starts higher) is still the left column, read before the right
        hi = max(max(w["bottom"] for w in r) for r in right if r)
        above = [r for r in left if r and r[0]["top"] < lo - 1]
        inside = [r for r in left if r and lo - 1 <= r[0]["top"] <= hi]
        below = [r for r in left if r and r[0]["top"] > hi]
        if len(below) >= 3:  # a left column longer than a short right one: read it whole first
            inside, below = inside + below, []
        for group in (above, inside, [r for r in right if r], below):
            out.extend(_make_line(r) for r in group)

    for r in rows:
        if any(w["x0"] < gutter < w["x1"] for w in r):
            flush()
            band = []
            out.append(_make_line(r))
        else:
            band.append(r)
    flush()
    return out


def _reclaim_column_lines(margin: list[dict], body: list[dict], width: float) -> tuple[list[dict], list[dict]]:
    """On a two-column page, a column's first or last lines may reach into the header or
    footer zone; they belong to their column (else they would be read out of order).

    Rows are taken nearest-to-the-body first, so a column reaching two lines into the
    zone comes back whole; a row that crosses the gutter or stands apart stays a margin line.
    """
    gutter = find_gutter(body, width) if margin else None
    if gutter is None:
        return margin, body
    body = list(body)
    rows = _group_lines(margin)
    middle = (min(w["top"] for w in body) + max(w["bottom"] for w in body)) / 2 if body else 0
    rows.sort(key=lambda r: abs(r[0]["top"] - middle))
    kept: list[dict] = []
    for row in rows:
        if any(w["x0"] < gutter < w["x1"] for w in row):
            kept.extend(row)
            continue
        left_side = row[0]["x1"] <= gutter
        column = [w for w in body if (w["x1"] <= gutter) == left_side]
        size = max(w.get("size", 10) for w in row)
        row_top, row_bottom = min(w["top"] for w in row), max(w["bottom"] for w in row)
        gaps = [row_top - w["bottom"] for w in column if w["bottom"] <= row_top]
        gaps += [w["top"] - row_bottom for w in column if w["top"] >= row_bottom]
        if gaps and min(gaps) <= size:
            body.extend(row)
        else:
            kept.extend(row)
    return kept, body


def _split_at_gaps(words: list[dict], gap: float = 20.0) -> list[list[dict]]:
    """A header or footer row is often two items ("Draft v3" ... "Page 2 of 9"): split them."""
    parts: list[list[dict]] = [[words[0]]]
    for prev, w in zip(words, words[1:]):
        if w["x0"] - prev["x1"] > gap:
            parts.append([w])
        else:
            parts[-1].append(w)
    return parts


def _inside(w: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


_STAMP_WORDS = 12  # at most this many words over a full-page image: a stamp on a scan


def _no_text_note(ocr: str, stamp_words: int = 0) -> str:
    """Why a page without a text layer stays unread, and the step that reads it."""
    what = NO_TEXT_NOTE if not stamp_words else \
        f"{NO_TEXT_NOTE}: only {stamp_words} word{'s' if stamp_words != 1 else ''} over a full-page image"
    if ocr == "never":
        return f"{what}; {ocr_mod.OCR_OFF}"
    if ocr_mod.tesseract_version() is None:
        return f"{what}; {ocr_mod.NO_TESSERACT}"
    return f"{what}; OCR found no text on it"


def _looks_scanned(page, words: list[dict]) -> bool:
    """No text layer over an image, or only a stamp ("Page 3", a file number) over an image
    that covers most of the page: the page's content is the picture."""
    if not page.images:
        return False
    if not words:
        return True
    if len(words) > _STAMP_WORDS:
        return False
    area = float(page.width) * float(page.height) or 1.0
    covered = max(abs((im["x1"] - im["x0"]) * (im["bottom"] - im["top"])) for im in page.images)
    return covered >= 0.5 * area


def _read_page(page, number: int, table_ids: list[int], ocr: str = "auto") -> _PPage:
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    ocr_conf: float | None = None
    scanned = _looks_scanned(page, words)
    stamp_words = len(words) if scanned else 0
    wants_ocr = ocr == "always" or (ocr == "auto" and scanned)
    if wants_ocr and ocr_mod.tesseract_version() is not None:
        read = ocr_mod.read_page(page)
        if read.words or not words:
            words, ocr_conf = read.words, read.confidence
    tables = []
    try:
        tables = [] if ocr_conf is not None else page.find_tables()
    except Exception:  # a malformed table graphic must not lose the page's text
        tables = []
    table_lines: list[_PLine] = []
    for t in tables:
        rows = []
        for row in t.extract() or []:
            cells = [" ".join((c or "").split()) for c in row]
            if any(cells):
                rows.append(" | ".join(cells))
        if len(rows) < 1:
            continue
        table_ids[0] += 1
        top, bottom = t.bbox[1], t.bbox[3]
        table_lines.append(_PLine(text=rows[0], top=top, bottom=bottom, size=0, bold=False,
                                  kind="table", block=table_ids[0], rows=rows))
        words = [w for w in words if not _inside(w, t.bbox)]
    height = float(page.height)
    margin = [w for w in words if w["bottom"] <= height * _MARGIN or w["top"] >= height * (1 - _MARGIN)]
    body = [w for w in words if not (w["bottom"] <= height * _MARGIN or w["top"] >= height * (1 - _MARGIN))]
    margin, body = _reclaim_column_lines(margin, body, float(page.width))
    lines = _reading_order(body, float(page.width))
    for row in _group_lines(margin):
        for part in _split_at_gaps(row):
            ln = _make_line(part)
            idx = next((i for i, x in enumerate(lines) if x.top > ln.top), len(lines))
            lines.insert(idx, ln)
    # Tables go where they stand on the page: before the first line below their top.
    for tl in table_lines:
        idx = next((i for i, ln in enumerate(lines) if ln.top > tl.top), len(lines))
        lines.insert(idx, tl)
    has_text = bool(words) or bool(table_lines)
    note = None
    if not has_text:
        note = _no_text_note(ocr) if page.images else "blank page"
    elif stamp_words and ocr_conf is None:  # a stamp on an unread scan: the page is not read
        has_text, note = False, _no_text_note(ocr, stamp_words)
    if ocr_conf is not None:
        for ln in lines:
            ln.ocr = True
        note = f"read by OCR (mean word confidence {ocr_conf:g}%)"
    return _PPage(number, float(page.height), lines, has_text or not page.images, note, ocr_conf)


# --------------------------------------------------------------------------- whole document


def _norm(text: str) -> str:
    """Comparable form of a margin line; page counters ("Page 3") are masked, other digits kept."""
    t = " ".join(text.lower().split())
    return re.sub(r"\bpage\s*\d+(\s*(of|/)\s*\d+)?", "page #", t)


def strip_running_lines(pages: list[_PPage]) -> None:
    """Drop running headers/footers (repeated at the same place) and page numbers."""
    counts: Counter[tuple[str, str]] = Counter()
    for p in pages:
        seen = set()
        for ln in p.lines:
            if ln.kind:
                continue
            zone = _zone(ln, p.height)
            if zone:
                key = (zone, _norm(ln.text))
                if key not in seen:
                    seen.add(key)
                    counts[key] += 1
    text_pages = sum(1 for p in pages if p.lines)
    needed = max(2, int(text_pages * 0.5 + 0.5)) if text_pages >= 3 else 2
    for p in pages:
        keep = []
        for ln in p.lines:
            zone = None if ln.kind else _zone(ln, p.height)
            if zone:
                if _PAGE_NO_RE.match(ln.text.strip()):
                    continue
                if text_pages >= 2 and counts[(zone, _norm(ln.text))] >= needed:
                    continue
            keep.append(ln)
        p.lines = keep


def _zone(ln: _PLine, height: float) -> str | None:
    if ln.bottom <= height * _MARGIN:
        return "top"
    if ln.top >= height * (1 - _MARGIN):
        return "bottom"
    return None


def _body_size(pages: list[_PPage]) -> float:
    sizes: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            if not ln.kind and not ln.ocr:
                sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _continues_table(before: _PLine, table: _PLine) -> bool:
    """A table that opens a page continues the one that closed the previous page when both
    have the same number of columns: its rows join that table, under that header row."""
    if not before.rows or not table.rows:
        return False
    return before.rows[0].count(" | ") == table.rows[0].count(" | ")


def to_lines(pages: list[_PPage]) -> list[Line]:
    """Segmenter lines: headings from font size/bold, blank lines at paragraph gaps."""
    body = _body_size(pages)
    gaps = [b.top - a.bottom for p in pages for a, b in zip(p.lines, p.lines[1:])
            if not a.kind and not b.kind and b.top > a.bottom]
    # The usual gap between lines of a paragraph: a low quantile, capped by the font size
    # so a short document with one big gap does not take that gap as normal.
    usual = min(sorted(gaps)[len(gaps) // 4], body) if gaps else body * 0.3
    out: list[Line] = []
    carried: _PLine | None = None  # a table that ended its page: the next page may continue it
    for p in pages:
        prev: _PLine | None = None
        for i, ln in enumerate(p.lines):
            if ln.kind == "table":
                rows = ln.rows
                if i == 0 and carried is not None and _continues_table(carried, ln):
                    header = carried.rows[0]
                    ln.block = carried.block
                    rows = rows[1:] if rows[0] == header else rows  # drop a repeated header row
                    ln.rows = [header] + rows  # so a third page compares with the same header
                elif out and out[-1].text:
                    out.append(Line("", p.number))
                out.extend(Line(r, p.number, kind="table", block=ln.block) for r in rows)
                carried = ln if i == len(p.lines) - 1 else None
                prev = None
                continue
            carried = None
            if prev is not None and ln.top - prev.bottom > max(usual * 1.8, usual + body * 0.5):
                out.append(Line("", p.number))
            if prev is not None and ln.top < prev.top - body:  # next column: treat as a new paragraph
                out.append(Line("", p.number))
            if ln.ocr:  # OCR knows no fonts: numbering and capitals decide headings
                out.append(Line(ln.text, p.number))
                prev = ln
                continue
            heading = ln.size >= body * 1.15 or (ln.bold and len(ln.text) <= 90)
            out.append(Line(ln.text, p.number, heading=heading, size=round(ln.size, 1), bold=ln.bold))
            prev = ln
    return out


def read_error(p: Path, exc: Exception, pages_read: int, n: int) -> ExtractionError:
    """Why a PDF could not be read: damaged after some good pages, or not openable at all."""
    if pages_read:
        return ExtractionError(str(p), f"is damaged from page {pages_read + 1} of {n} on ({type(exc).__name__}); "
                                       "ask the submitter for a fresh copy", "corrupt")
    return _open_error(p, exc)


def check_page_count(p: Path, n: int, max_pages: int) -> None:
    """A PDF with no pages, or more than the limit, is refused with a sentence (both engines)."""
    if n > max_pages:
        raise ExtractionError(
            str(p),
            f"has {n} pages, more than the limit of {max_pages}; raise the limit with --max-pages "
            "if this document really is that long",
            "too-large",
        )
    if n == 0:
        raise ExtractionError(str(p), "has no pages; ask the submitter for a complete copy", "corrupt")


def load_pdf(path: str | Path, *, max_pages: int = 500, timeout_s: float = 120, ocr: str = "auto") -> Document:
    """Read a PDF MOU into the clause tree; every failure is an ExtractionError with a kind.

    `ocr`: "auto" reads pages without a text layer with Tesseract when it is installed,
    "always" reads every page that way, "never" leaves such pages unread.
    """
    import pdfplumber

    ocr_mod.check_mode(ocr)
    p = Path(path)
    _check_file(p)
    deadline = time.monotonic() + timeout_s
    try:
        pdf = pdfplumber.open(p)
    except Exception as exc:
        raise _open_error(p, exc) from exc
    pages: list[_PPage] = []
    try:
        try:
            n = _page_count(pdf)
        except Exception as exc:
            raise _open_error(p, exc) from exc
        check_page_count(p, n, max_pages)
        table_ids = [0]
        try:
            for i, page in enumerate(pdf.pages, start=1):
                if time.monotonic() > deadline:
                    raise ExtractionError(
                        str(p),
                        f"took longer than {timeout_s:g} s to read (stopped at page {i} of {n}); "
                        + ("OCR of scanned pages takes seconds a page: raise --timeout"
                           if any(pg.ocr_confidence is not None for pg in pages) else
                           "the file may be malformed or very complex; try re-saving it as PDF"),
                        "timeout",
                    )
                try:
                    pages.append(_read_page(page, i, table_ids, ocr))
                finally:
                    page.close()  # drop the page's parsed objects: memory stays bounded
        except ExtractionError:
            raise
        except Exception as exc:
            raise read_error(p, exc, len(pages), n) from exc
    finally:
        pdf.close()
    if not any(pg.lines for pg in pages):
        if ocr == "never":
            step = "check again with --ocr auto, or run OCR such as ocrmypdf first"
        elif ocr_mod.tesseract_version() is None:
            step = f"install Tesseract OCR ({ocr_mod.INSTALL_STEP}) and check again with --ocr auto"
        else:
            step = "OCR found no text either; ask the submitter for a clearer scan or a text PDF"
    else:
        step = ""
    return document_from_pages(p, pages, step, shown=str(path))


def document_from_pages(p: Path, pages: list[_PPage], no_text_step: str, shown: str | None = None) -> Document:
    """The page model -> the clause tree, the one ending of both PDF engines.

    `no_text_step` says what to do when no page has a text layer (then the file is an error);
    `shown` is the path as the caller gave it."""
    if not any(pg.lines for pg in pages):
        raise ExtractionError(
            str(p),
            f"has no text layer on any of its {len(pages)} page{'s' if len(pages) != 1 else ''}: "
            f"scanned PDF; {no_text_step}",
            "no-text",
        )
    strip_running_lines(pages)
    clauses = segment(to_lines(pages))
    infos = [PageInfo(number=pg.number, has_text=pg.has_text, note=pg.note,
                      ocr=pg.ocr_confidence is not None, ocr_confidence=pg.ocr_confidence) for pg in pages]
    warnings = [f"page {pg.number}: {pg.note}" for pg in pages if not pg.has_text or pg.ocr_confidence is not None]
    return Document(
        path=shown if shown is not None else str(p),
        sha256=sha256_file(p),
        title=guess_title(clauses),
        clauses=clauses,
        pages=infos,
        warnings=warnings,
        extractor="pdf",
    )
