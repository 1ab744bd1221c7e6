"""OCR of pages without a text layer (--ocr auto|always|never), through Tesseract.

The scanned pages are made here: text drawn with fpdf2, rendered to an image, and only the
image kept. CI installs Tesseract (.ci/run); locally a missing Tesseract skips the tests
that need it, and the tests of the no-Tesseract path fake its absence.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pdf_factory import scanned_pdf  # noqa: E402

from checker.cache import ExtractionCache  # noqa: E402
from checker.document import ExtractionError  # noqa: E402
from checker.extract import load_document  # noqa: E402
from checker.extract import ocr  # noqa: E402

PAGE1 = """MEMORANDUM OF UNDERSTANDING

1. PURPOSE
This memorandum sets out how the County and the Plan coordinate care.
"""
PAGE2 = """2. LIAISONS
Each Party shall designate a liaison for this MOU.

3. MEETINGS
The Parties shall meet at least quarterly to review referrals.
"""


def need_tesseract() -> None:
    if ocr.tesseract_version() is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("Tesseract is not installed; .ci/run must `apt-get install -y tesseract-ocr`.")
    pytest.skip("Tesseract not installed (apt-get install tesseract-ocr); required in CI.")


@pytest.fixture()
def no_tesseract(monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_version", lambda: None)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Page 1 has a text layer; page 2 is a scan."""
    return scanned_pdf(tmp_path_factory.mktemp("ocr") / "mixed.pdf", [PAGE1, PAGE2], text_pages=frozenset({1}))


def test_scanned_page_is_read_by_ocr_into_the_clause_tree(mixed):
    need_tesseract()
    doc = load_document(mixed)
    assert [(p.number, p.ocr) for p in doc.pages] == [(1, False), (2, True)]
    assert doc.pages[1].has_text and 50 < doc.pages[1].ocr_confidence <= 100
    liaison = next(c for c in doc.clauses if c.section == "2")
    assert (liaison.heading, liaison.pages) == ("LIAISONS", [2])
    assert "designate a liaison" in liaison.text
    assert next(c for c in doc.clauses if c.section == "3").heading == "MEETINGS"
    assert any("read by OCR" in w for w in doc.warnings)


def test_never_leaves_the_scanned_page_unread_and_says_how_to_read_it(mixed):
    doc = load_document(mixed, ocr="never")
    assert doc.unreadable_pages == [2]
    assert "--ocr auto" in doc.pages[1].note
    assert not any(c.section == "2" for c in doc.clauses)


def test_always_reads_text_pages_by_ocr_too(mixed):
    need_tesseract()
    doc = load_document(mixed, ocr="always")
    assert all(p.ocr for p in doc.pages)
    assert next(c for c in doc.clauses if c.section == "1").heading == "PURPOSE"


def test_without_tesseract_auto_keeps_the_page_unread_and_names_the_install_step(mixed, no_tesseract):
    doc = load_document(mixed)
    assert doc.unreadable_pages == [2]
    assert ocr.INSTALL_STEP in doc.pages[1].note


def test_all_scanned_without_tesseract_is_an_error_naming_the_install_step(tmp_path, no_tesseract):
    pdf = scanned_pdf(tmp_path / "scan.pdf", [PAGE2])
    with pytest.raises(ExtractionError) as err:
        load_document(pdf)
    assert err.value.kind == "no-text" and "apt-get install tesseract-ocr" in err.value.message


def test_bad_mode_is_refused(mixed):
    with pytest.raises(ValueError, match="--ocr must be one of"):
        load_document(mixed, ocr="sometimes")


def _check(paths, fmt: str, *extra: str) -> str:
    from click.testing import CliRunner

    from checker.cli import main

    res = CliRunner().invoke(main, ["check", *map(str, paths), "--as-of", "2026-01-01", "--no-cache",
                                    "--format", fmt, *extra])
    assert res.exit_code in (0, 1), res.output
    return res.stdout


def test_evidence_from_ocr_is_marked_in_every_format(mixed):
    need_tesseract()
    data = json.loads(_check([mixed], "json"))
    findings = {f["rule_id"]: f for f in data["documents"][0]["findings"]}
    liaison = findings["MOU.LIAISON"]
    assert liaison["status"] == "met"
    ev = liaison["evidence"][0]
    assert (ev["page"], ev["section"], ev["ocr"]) == (2, "2", True)
    assert 50 < ev["ocr_confidence"] <= 100
    assert liaison["needs_review"] is True and "Read by OCR only" in liaison["message"]
    # evidence from the text-layer page carries no OCR keys
    plain = [e for f in findings.values() for e in f["evidence"] + [f.get("nearest") or {}] if e.get("page") == 1]
    assert plain and all("ocr" not in e for e in plain)
    for fmt in ("table", "markdown", "html"):
        assert "p.2 (OCR)" in _check([mixed], fmt), fmt
    for fmt in ("csv", "junit"):
        assert "Read by OCR only (p.2, confidence" in _check([mixed], fmt), fmt
    gaps = [f for f in findings.values() if f["status"] == "gap" and (f.get("nearest") or {}).get("ocr")]
    assert gaps and all("The nearest text was read by OCR (p.2, confidence" in f["message"] for f in gaps)
    sarif = json.loads(_check([mixed], "sarif"))
    props = [r["properties"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "MOU.LIAISON"][0]
    assert props["ocr"] is True and props["needs_review"] is True


def test_undetermined_message_names_the_install_step_without_tesseract(mixed, no_tesseract):
    data = json.loads(_check([mixed], "json"))
    undetermined = [f for f in data["documents"][0]["findings"] if f["status"] == "undetermined"]
    assert undetermined
    assert all("apt-get install tesseract-ocr" in f["message"] for f in undetermined)


def test_ocr_output_is_cached_like_extraction(mixed, tmp_path):
    need_tesseract()
    from checker.run import RunOptions, cache_variant, extract_mou

    cache = ExtractionCache(tmp_path / "cache")
    opts = RunOptions(as_of=dt.date(2026, 1, 1))
    calls = []

    def extract():
        calls.append(1)
        return extract_mou(mixed, opts)

    first = cache.load(mixed, 500, extract, variant=cache_variant(opts))
    again = cache.load(mixed, 500, extract, variant=cache_variant(opts))
    assert len(calls) == 1 and cache.hits == 1
    assert again.pages[1].ocr and again.pages[1].ocr_confidence == first.pages[1].ocr_confidence
    never = RunOptions(as_of=opts.as_of, ocr="never")
    cache.load(mixed, 500, lambda: extract_mou(mixed, never), variant=cache_variant(never))
    assert cache.misses == 2  # another OCR setting never reuses the OCR'd tree


def test_extract_command_marks_ocr_pages(mixed):
    need_tesseract()
    from click.testing import CliRunner

    from checker.cli import main

    res = CliRunner().invoke(main, ["extract", str(mixed)])
    assert res.exit_code == 0, res.output
    assert "§2 LIAISONS  [clause, p.2 (OCR)]" in res.output
    assert "page 2: read by OCR (mean word confidence" in res.output


@pytest.fixture(scope="module")
def stamped(tmp_path_factory) -> Path:
    """A scan with a real-text stamp on each page: the text layer holds only the stamp."""
    return scanned_pdf(tmp_path_factory.mktemp("stamp") / "stamped.pdf", [PAGE1, PAGE2],
                       stamp="MOU-0042 page {n}")


def test_a_stamp_over_a_scan_does_not_pass_for_a_text_layer(stamped):
    need_tesseract()
    doc = load_document(stamped)
    assert all(p.ocr for p in doc.pages)
    assert next(c for c in doc.clauses if c.section == "2").heading == "LIAISONS"


def test_unread_stamped_scan_is_unreadable_not_a_gap(stamped, no_tesseract):
    doc = load_document(stamped)
    assert doc.unreadable_pages == [1, 2]
    assert "only 3 words over a full-page image" in doc.pages[0].note
    assert ocr.INSTALL_STEP in doc.pages[0].note


@pytest.mark.parametrize("word, fixed", [("ll.", "II."), ("lll.", "III."), ("Il.", "II."), ("lV.", "IV."),
                                         ("Xl)", "XI)"), ("1.", "1."), ("l.", "l."), ("all.", "all."),
                                         ("ill.", "ill.")])
def test_roman_numbers_misread_at_a_line_start_are_put_right(word, fixed):
    assert ocr.fix_line_start(word) == fixed
