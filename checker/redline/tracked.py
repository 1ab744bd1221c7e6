"""A Word redline's tracked changes (w:ins / w:del), read as changes rather than accepted.

The clause tree reads a .docx as it would look with every change accepted (checker/extract/
docx_text.py); a reviewer comparing with the template also wants to know which edits the
submitter marked. Read with the standard library only, within size bounds: the document part
must be small enough and not compressed suspiciously well (a zip bomb), and XML that declares
a DTD or entities is refused before it is parsed (entity expansion).
"""
from __future__ import annotations

import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from checker.document import ExtractionError
from checker.extract.limits import DEFAULT_MAX_TEXT_KB, DOCX_XML_FACTOR

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_RATIO = 100  # uncompressed / compressed size of the document part; Word XML is about 5-15
_DELETED = {W + "del", W + "moveFrom"}
_INSERTED = {W + "ins", W + "moveTo"}


@dataclass(frozen=True)
class TrackedEdit:
    kind: str  # insert | delete
    text: str
    author: str
    paragraph: str  # the paragraph's text with every change accepted, to place the edit

    def describe(self) -> str:
        verb = "inserted" if self.kind == "insert" else "deleted"
        return f"{verb} '{self.text.strip()}'" + (f" ({self.author})" if self.author else "")


def read_document_xml(path: Path, max_text_kb: int = DEFAULT_MAX_TEXT_KB) -> bytes:
    """word/document.xml's bytes, refusing a part that is too large or a likely zip bomb."""
    limit = max_text_kb * 1000 * DOCX_XML_FACTOR
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > limit:
                raise ExtractionError(str(path), f"has a Word document part of {info.file_size / 1e6:.1f} MB, more "
                                                 f"than the limit of {limit / 1e6:.0f} MB (--max-text-kb)", "too-large")
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise ExtractionError(str(path), "has a Word document part compressed more than "
                                                 f"{MAX_RATIO}:1, as a zip bomb is; it was not opened", "corrupt")
            with zf.open(info) as fh:
                data = fh.read(limit + 1)
    except KeyError:
        raise ExtractionError(str(path), "has no word/document.xml; it is not a Word document", "not-docx") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractionError(str(path), f"cannot be opened as a Word file ({exc})", "corrupt") from exc
    if len(data) > limit:  # the size in the zip directory lied
        raise ExtractionError(str(path), "has a Word document part larger than its zip entry says", "corrupt")
    return data


def tracked_edits(path: Path, max_text_kb: int = DEFAULT_MAX_TEXT_KB) -> list[TrackedEdit]:
    """Every insertion and deletion in the body, in order, with the paragraph it sits in."""
    data = read_document_xml(path, max_text_kb)
    head = data[:8192].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise ExtractionError(str(path), "declares a DTD or XML entities, which Word never writes; refused", "corrupt")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ExtractionError(str(path), f"has damaged XML in word/document.xml ({exc})", "corrupt") from exc
    edits: list[TrackedEdit] = []
    for p in root.iter(W + "p"):
        accepted: list[str] = []
        found: list[tuple[str, str, str]] = []
        _walk(p, accepted, found, None)
        paragraph = "".join(accepted)
        edits.extend(TrackedEdit(kind, text, author, paragraph) for kind, text, author in found if text.strip())
    return edits


def _walk(el: ET.Element, accepted: list[str], found: list[tuple[str, str, str]], mark: list[str] | None) -> None:
    for child in el:
        tag = child.tag
        if tag == W + "p":
            continue  # nested paragraphs (text boxes) are visited on their own
        if tag in _DELETED or tag in _INSERTED:
            kind = "delete" if tag in _DELETED else "insert"
            parts: list[str] = []
            _walk(child, accepted if kind == "insert" else [], found, parts)
            found.append((kind, "".join(parts), child.get(W + "author", "")))
            continue
        if tag in (W + "t", W + "delText"):
            if tag == W + "t":
                accepted.append(child.text or "")
            if mark is not None:
                mark.append(child.text or "")
        elif tag == W + "tab":
            accepted.append(" ")
        else:
            _walk(child, accepted, found, mark)
