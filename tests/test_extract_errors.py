"""Every kind of unreadable input ends in an ExtractionError with a distinct, exact kind."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pdf_factory import PdfBuilder, image_only_pdf, many_pages_pdf, simple_pdf  # noqa: E402

from checker.document import ExtractionError  # noqa: E402
from checker.extract import load_document  # noqa: E402

GOOD = "1. Term. The MOU starts in 2024.\n2. End. It ends when the parties agree."


def _raises(path: Path, kind: str, **kw) -> ExtractionError:
    with pytest.raises(ExtractionError) as err:
        load_document(path, **kw)
    assert err.value.kind == kind
    assert err.value.path == str(path)
    assert str(path) in str(err.value)
    return err.value


def test_good_pdf_reads(tmp_path):
    doc = load_document(simple_pdf(tmp_path / "good.pdf", GOOD))
    assert [c.section for c in doc.clauses] == ["1", "2"]


def test_encrypted(tmp_path):
    path = PdfBuilder().lines(GOOD).encrypt().save(tmp_path / "locked.pdf")
    err = _raises(path, "encrypted")
    assert "password-protected" in err.message and "unprotected copy" in err.message


def test_truncated(tmp_path):
    data = simple_pdf(tmp_path / "good.pdf", GOOD).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    _raises(path, "corrupt")


def test_garbage_after_magic(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00not really a pdf " * 50)
    assert "damaged" in _raises(path, "corrupt").message


def test_not_a_pdf(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_text("Dear plan, this is a plain letter.", encoding="utf-8")
    assert "%PDF-" in _raises(path, "not-pdf").message


def test_empty(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    _raises(path, "empty")


def test_scanned_document_has_no_text(tmp_path):
    err = _raises(image_only_pdf(tmp_path / "scan.pdf", pages=3), "no-text", ocr="never")
    assert "any of its 3 pages" in err.message and "ocrmypdf" in err.message and "--ocr auto" in err.message


def test_scan_where_ocr_reads_nothing_is_still_no_text(tmp_path):
    from checker.extract import ocr

    if ocr.tesseract_version() is None:
        if os.environ.get("CI"):
            pytest.fail("Tesseract is not installed; .ci/run must `apt-get install -y tesseract-ocr`.")
        pytest.skip("needs Tesseract (apt-get install tesseract-ocr); required in CI")
    err = _raises(image_only_pdf(tmp_path / "scan.pdf", pages=2), "no-text")  # blank grey images
    assert "OCR found no text either" in err.message


def test_too_many_pages(tmp_path):
    path = many_pages_pdf(tmp_path / "long.pdf", pages=6)
    err = _raises(path, "too-large", max_pages=5)
    assert "limit of 5" in err.message and "--max-pages" in err.message
    assert len(load_document(path, max_pages=6).clauses) == 6


def test_timeout(tmp_path):
    path = many_pages_pdf(tmp_path / "slow.pdf", pages=3)
    err = _raises(path, "timeout", timeout_s=0)
    assert "longer than 0 s" in err.message


def test_missing_file(tmp_path):
    _raises(tmp_path / "nowhere.pdf", "unreadable")


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "mou.odt"
    path.write_text("x")
    assert ".pdf" in _raises(path, "unsupported").message


def test_corrupt_docx(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(b"PK\x03\x04 this zip is broken")
    _raises(path, "corrupt")


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_text("plain text with a .docx name")
    _raises(path, "not-docx")


