"""Word (.docx) drafts through python-docx, into the same clause tree.

Word keeps automatic numbers out of the text, so they are rebuilt here from the
numbering definitions (or heading-level counters) and written in front of the
paragraph text; the shared segmenter then reads "4.2 Liaisons" like any other file.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from checker.document import Document, ExtractionError, PageInfo
from checker.extract.limits import DEFAULT_MAX_TEXT_KB, DOCX_XML_FACTOR, check_text_size
from checker.extract.docx_text import TrackedChanges, box_paragraphs, paragraph_text
from checker.extract.segment import Line, guess_title, segment
from checker.extract.util import sha256_file

PAGES_UNKNOWN = "page numbers are unknown in .docx files; every clause is reported on page 1"
HEADERS_HEADING = "Page headers and footers"
_PAGE_FIELD = re.compile(r"^(page\s*)?\d*(\s*(of|/)\s*\d*)?$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(fmt: str, n: int) -> str:
    """One level's counter in Word's number format (decimal, lowerLetter, upperRoman, ...)."""
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Counters for Word list numbering, resolved through numbering.xml."""

    def __init__(self, doc) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = doc.part.numbering_part.element
        except Exception:  # no numbering part: only heading counters apply
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            a = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if a is None:
                continue
            for lvl in a.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                self.levels[(num.get(f"{_W}numId"), ilvl)] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else f"%{ilvl + 1}.",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The next number for a list paragraph, e.g. '4.2' or '(a)'; None for bullets."""
        fmt, text, start = self.levels.get((num_id, ilvl), ("decimal", "%1." if ilvl == 0 else f"%{ilvl + 1})", 1))
        if fmt in ("bullet", "none"):
            return None
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            counters.append(0)
        counters[ilvl] += 1
        del counters[ilvl + 1:]
        out = text
        for lv in range(ilvl + 1):
            lv_fmt, _, lv_start = self.levels.get((num_id, lv), ("decimal", "", 1))
            n = counters[lv] + lv_start - 1 if lv < len(counters) else lv_start
            out = out.replace(f"%{lv + 1}", format_number(lv_fmt, max(n, 1)))
        return out.strip() or None


def _num_pr(paragraph) -> tuple[str, int] | None:
    """(numId, level) from the paragraph, or inherited from its style chain."""
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        if ppr is None or ppr.numPr is None:
            continue
        num_id = ppr.numPr.numId
        if num_id is None or num_id.val == 0:
            return None
        ilvl = ppr.numPr.ilvl
        return str(num_id.val), int(ilvl.val) if ilvl is not None else 0
    return None


def _heading_level(paragraph) -> int | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name == "Title":
        return 1
    if name.lower().startswith("heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    return None


def _table_rows(table, changes: TrackedChanges) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(" ".join(paragraph_text(p._p, changes) for p in cell.paragraphs).split())
            if cells and cell._tc is getattr(row.cells[len(cells) - 1], "_tc", None):
                continue  # a merged cell repeats itself in python-docx
            cells.append(text)
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _header_footer_lines(doc, changes: TrackedChanges) -> list[Line]:
    """Distinct header and footer paragraphs of every section (page-number fields left out),
    under a heading of their own at the end, so rules can reach them without them being
    taken for the title or breaking the outline."""
    seen: list[str] = []
    for section in doc.sections:
        for part in (section.first_page_header, section.header, section.even_page_header,
                     section.first_page_footer, section.footer, section.even_page_footer):
            try:
                if part.is_linked_to_previous:
                    continue
                paragraphs = list(part.paragraphs) + [p for t in part.tables for row in t.rows
                                                      for cell in row.cells for p in cell.paragraphs]
            except Exception:  # a damaged header part must not lose the body
                continue
            for p in paragraphs:
                boxes: list = []
                texts = [paragraph_text(p._p, changes, boxes)]
                texts += [paragraph_text(bp, changes) for box in boxes for bp in box_paragraphs(box)]
                for text in texts:
                    text = " ".join(text.split())
                    if text and not _PAGE_FIELD.match(text) and text not in seen:
                        seen.append(text)
    if not seen:
        return []
    lines = [Line(""), Line(HEADERS_HEADING, heading=True, level=1), Line("")]
    for text in seen:
        lines += [Line(text, kind="plain"), Line("")]
    return lines


def docx_lines(doc, changes: TrackedChanges | None = None) -> list[Line]:
    """Lines in body order: numbered paragraphs carry their rebuilt numbers; text boxes follow
    the paragraph that anchors them; headers and footers come last."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    changes = changes if changes is not None else TrackedChanges()
    numbering = _Numbering(doc)
    heading_counters: list[int] = []
    lines: list[Line] = []
    table_no = 0
    for item in doc.iter_inner_content():
        if isinstance(item, Table):
            table_no += 1
            lines.append(Line(""))
            lines.extend(Line(r, kind="table", block=table_no) for r in _table_rows(item, changes))
            continue
        if not isinstance(item, Paragraph):
            continue
        boxes: list = []
        text = paragraph_text(item._p, changes, boxes).replace("\t", " ").strip()
        level = _heading_level(item)
        numbered = _num_pr(item)
        label = None
        if numbered and text:
            if level is not None and (numbered[0], numbered[1]) not in numbering.levels:
                while len(heading_counters) < level:
                    heading_counters.append(0)
                heading_counters[level - 1] += 1
                del heading_counters[level:]
                label = ".".join(str(max(n, 1)) for n in heading_counters)
                label += "." if "." not in label else ""  # "1." reads as a number, "1" might not
            else:
                label = numbering.label(*numbered)
        if label:
            text = f"{label} {text}"
        for part in text.split("\n"):
            lines.append(Line(part, heading=level is not None, level=level))
        lines.append(Line(""))
        for box in boxes:  # a text box reads as paragraphs of its own after its anchor
            for bp in box_paragraphs(box):
                for part in paragraph_text(bp, changes).replace("\t", " ").strip().split("\n"):
                    lines.append(Line(part))
                lines.append(Line(""))
    return lines + _header_footer_lines(doc, changes)


def _check_xml_size(p: Path, max_text_kb: int) -> None:
    """Refuse a document part too large to parse (a huge draft or a zip bomb) before python-docx reads it."""
    try:
        with zipfile.ZipFile(p) as zf:
            size = sum(i.file_size for i in zf.infolist() if i.filename.startswith("word/") and i.filename.endswith(".xml"))
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # python-docx reports a damaged file in its own words below
    check_text_size(str(p), size, max_text_kb * DOCX_XML_FACTOR, "of Word XML")


def load_docx(path: str | Path, max_text_kb: int = DEFAULT_MAX_TEXT_KB) -> Document:
    """Read a Word draft into the clause tree (pages unknown: all page 1, with a warning)."""
    import docx

    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ExtractionError(str(p), f"cannot be read ({exc.strerror or exc})", "unreadable") from exc
    if not head:
        raise ExtractionError(str(p), "is empty (0 bytes); ask the submitter to send the file again", "empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExtractionError(
            str(p),
            "is password-protected (encrypted) or an old-format Word file; remove the password "
            "or save it as an unprotected .docx or PDF",
            "encrypted",
        )
    if not head.startswith(b"PK"):
        raise ExtractionError(str(p), "is not a Word .docx file although its name ends in .docx; "
                                      "check the file type or rename it", "not-docx")
    _check_xml_size(p, max_text_kb)
    try:
        d = docx.Document(str(p))
        changes = TrackedChanges()
        lines = docx_lines(d, changes)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(str(p), f"is damaged and cannot be opened as a Word document ({type(exc).__name__}); "
                                      "ask the submitter for a fresh copy", "corrupt") from exc
    except Exception as exc:
        raise ExtractionError(str(p), f"cannot be read as a Word document ({type(exc).__name__}: {exc}); "
                                      "save it again as .docx or PDF", "corrupt") from exc
    check_text_size(str(p), sum(len(ln.text) + 1 for ln in lines), max_text_kb)
    clauses = segment(lines)
    if not clauses:
        raise ExtractionError(str(p), "contains no text; nothing to check", "no-text")
    title = guess_title(clauses)
    core_title = (d.core_properties.title or "").strip()
    return Document(
        path=str(path),
        sha256=sha256_file(p),
        title=title or core_title or None,
        clauses=clauses,
        pages=[PageInfo(number=1)],
        warnings=[PAGES_UNKNOWN] + ([changes.note()] if changes else []),
        notes=[changes.note()] if changes else [],
        extractor="docx",
    )
