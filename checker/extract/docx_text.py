"""Text of Word paragraphs read from the XML, so a redline reads as it would once accepted.

Why not python-docx's `Paragraph.text`: it reads only the runs directly under a paragraph,
so text a reviewer inserted with Track Changes on (inside `w:ins`) vanished, and text boxes
were never seen. Here inserted and moved-to text is kept, deleted and moved-from text is
left out (and both are counted, so the report can say the draft holds tracked changes),
text boxes are handed back as paragraphs of their own, and the fallback copy Word writes
for old readers (`mc:Fallback`) is skipped so nothing is read twice.
"""
from __future__ import annotations

from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_SKIP = {W + "pPr", W + "rPr", W + "instrText", W + "delText", W + "delInstrText", MC + "Fallback"}
_DELETED = {W + "del", W + "moveFrom"}
_INSERTED = {W + "ins", W + "moveTo"}


@dataclass
class TrackedChanges:
    """How many insertions and deletions a document holds (accepted when read)."""

    insertions: int = 0
    deletions: int = 0

    def __bool__(self) -> bool:
        return bool(self.insertions or self.deletions)

    def note(self) -> str:
        return (f"the draft holds tracked changes ({self.insertions} insertion"
                f"{'s' if self.insertions != 1 else ''}, {self.deletions} deletion"
                f"{'s' if self.deletions != 1 else ''}); it was checked as it reads with every change accepted")


def paragraph_text(p_el, changes: TrackedChanges, boxes: list | None = None) -> str:
    """The paragraph's text with insertions kept and deletions dropped; text boxes found inside
    it are appended to `boxes` (their `w:txbxContent` elements) instead of being read inline."""
    out: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag in _DELETED:
                changes.deletions += 1
                continue
            if tag in _INSERTED:
                changes.insertions += 1
                walk(child)
            elif tag == W + "t":
                out.append(child.text or "")
            elif tag == W + "tab":
                out.append(" ")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "txbxContent":
                if boxes is not None:
                    boxes.append(child)
            else:
                walk(child)

    walk(p_el)
    return "".join(out)


def box_paragraphs(box_el) -> list:
    """The paragraphs of a text box, in order (tables inside a box are read row by row)."""
    return [el for el in box_el.iter(W + "p")]

