"""--pdf-engine pdfium and pdfplumber give the same clause tree on every corpus PDF and layout.

The pdfium engine is the default only because this holds. A document may differ only when
tests/golden/pdf_engines.yaml lists it with the reason and the first difference.
"""
from __future__ import annotations

import os

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from pdf_factory import PdfBuilder  # noqa: E402
from test_extract_pdf import _build_sample  # noqa: E402

from checker.document import Document  # noqa: E402
from checker.extract import load_document  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CORPUS = sorted((REPO / "corpus" / "mou").glob("*.pdf"))
GOLDEN = Path(__file__).parent / "golden" / "pdf_engines.yaml"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _known() -> dict[str, dict]:
    data = yaml.safe_load(GOLDEN.read_text(encoding="utf-8")) or {}
    entries = data.get("differences") or []
    for e in entries:
        assert e.get("reason"), f"{GOLDEN.name}: entry {e.get('file')} needs a reason"
    return {e["file"]: e for e in entries}


def tree(doc: Document) -> list[tuple]:
    """What the rules read of a clause: where it sits and what it says (whitespace normalised)."""
    return [(tuple(c.path), c.section, c.heading, c.kind, tuple(c.pages), " ".join(c.text.split()))
            for c in doc.clauses]


def first_difference(a: Document, b: Document) -> str | None:
    ta, tb = tree(a), tree(b)
    for i, (x, y) in enumerate(zip(ta, tb)):
        if x != y:
            return f"clause {i}: pdfplumber {x!r} vs pdfium {y!r}"
    if len(ta) != len(tb):
        return f"clause count: pdfplumber {len(ta)} vs pdfium {len(tb)}"
    pa = [(p.number, p.has_text, p.note) for p in a.pages]
    pb = [(p.number, p.has_text, p.note) for p in b.pages]
    if pa != pb or a.title != b.title or a.warnings != b.warnings:
        return f"pages/title/warnings: pdfplumber {(pa, a.title, a.warnings)!r} vs pdfium {(pb, b.title, b.warnings)!r}"
    return None


def _compare(name: str, path: Path) -> None:
    plumber = load_document(path, pdf_engine="pdfplumber")
    pdfium = load_document(path, pdf_engine="pdfium")
    assert pdfium.sha256 == plumber.sha256 and pdfium.extractor == plumber.extractor == "pdf"
    diff = first_difference(plumber, pdfium)
    known = _known().get(name)
    if known is None:
        assert diff is None, f"{name}: the engines disagree; fix pdfium or list it in {GOLDEN.name}: {diff}"
    else:
        assert diff == known.get("first_difference"), (
            f"{name}: listed in {GOLDEN.name} but the difference is now {diff!r}")


def test_corpus_is_present() -> None:
    assert len(CORPUS) >= 24


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_same_clause_tree_on_corpus_pdf(path: Path) -> None:
    _compare(str(path.relative_to(REPO)), path)


def _ttf_layout(path: Path) -> Path:
    """An embedded TrueType font (not a standard 14 font): pdfium's own font metrics are used."""
    b = PdfBuilder()
    b.pdf.add_font("DejaVu", "", str(DEJAVU / "DejaVuSans.ttf"))
    b.pdf.add_font("DejaVu", "B", str(DEJAVU / "DejaVuSans-Bold.ttf"))
    b.page()
    pdf = b.pdf
    y = 25.0
    for i in range(1, 26):
        heading = i % 6 == 1
        pdf.set_font("DejaVu", "B" if heading else "", 13 if heading else 10.5)
        text = (f"{i // 6 + 1}. Section Über {i}" if heading else
                f"The party’s liaison — named in Exhibit {i} — tells the other party of a change within {i} days.")
        pdf.text(20, y, text)
        y += 9 if heading else 6
    pdf.output(str(path))
    return path


def _columns_and_running_lines(path: Path) -> Path:
    b = PdfBuilder(header="County and Plan MOU (draft)", footer="Confidential", page_numbers=True)
    for page in range(3):
        b.page()
        b.line(f"{page + 1}. Coordination on page {page + 1}", bold=True)
        b.two_columns([f"{page + 1}.{i} Left column clause {i} says the plan" for i in range(1, 9)],
                      [f"{page + 1}.{i + 8} Right column clause {i} says the county" for i in range(1, 9)])
        b.line("A full-width line closes the page after both columns.")
    return b.save(path)


def _raw_pdf(content: bytes) -> bytes:
    """A one-page PDF around a hand-written content stream (Helvetica and Helvetica-Bold)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


def _kerned_layout(path: Path) -> Path:
    """Words placed by TJ kerning without space characters (as TeX does), several strings per line."""
    ops, y = [], 740
    for i in range(1, 13):
        ops.append(b"BT /F2 12 Tf 72 %d Td (%d. Liaisons) Tj ET" % (y, i))
        y -= 18
        ops.append(b"BT /F1 11 Tf 72 %d Td [(Each)-400(party)-400(shall)-400(name)-400(a)-400(liaison)-400(and)"
                   b"-400(tell)-400(the)-400(other)-400(party.)] TJ ET" % y)
        y -= 14
        ops.append(b"BT /F1 11 Tf 72 %d Td 11 TL (Meetings happen) Tj ( every quarter) Tj T* "
                   b"(and minutes are kept.) Tj ET" % y)
        y -= 30
    path.write_bytes(_raw_pdf(b"\n".join(ops)))
    return path


LAYOUTS = {
    "sample": _build_sample,  # headings by size and bold, hyphenation, table, two columns, scanned page
    "columns": _columns_and_running_lines,
    "ttf": _ttf_layout,
    "kerned": _kerned_layout,
}


def _no_dejavu() -> None:
    """Fail in CI (where .ci/run installs the font), skip with the install step elsewhere."""
    if os.environ.get("CI"):
        pytest.fail("fonts-dejavu-core is missing in CI: .ci/run should have installed it")
    pytest.skip("fonts-dejavu-core is not installed (apt-get install fonts-dejavu-core; .ci/run installs it in CI)")


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_same_clause_tree_on_generated_layout(name: str, tmp_path: Path) -> None:
    if name == "ttf" and not (DEJAVU / "DejaVuSans.ttf").exists():
        _no_dejavu()
    _compare(f"layout:{name}", LAYOUTS[name](tmp_path / f"{name}.pdf"))


def test_synthetic_benchmark_mou(tmp_path: Path) -> None:
    """The benchmark's long MOUs (appendix padding, every corpus layout) read the same."""
    from benchmarks.bench import generate

    for path in generate(tmp_path, docs=2, pages=6):
        _compare(f"layout:{path.name}", path)


@pytest.mark.parametrize("source", ["corpus", "kerned", "ttf"])
def test_words_match_pdfplumber(source: str, tmp_path: Path) -> None:
    """The word source itself: same words, same font, positions within 0.01 pt."""
    import pdfplumber
    import pypdfium2 as pdfium

    from checker.extract.pdfium_words import PageWords, handle, page_text

    if source == "corpus":
        path = REPO / "corpus" / "mou" / "social-services-santaclara-anthem.pdf"  # has line-end hyphens
    elif source == "ttf" and not (DEJAVU / "DejaVuSans.ttf").exists():
        _no_dejavu()
    else:
        path = LAYOUTS[source](tmp_path / f"{source}.pdf")
    key = lambda w: (round(w["top"]), w["x0"])  # noqa: E731
    with pdfplumber.open(path) as pl:
        doc = pdfium.PdfDocument(str(path))
        try:
            for i, ppage in enumerate(pl.pages):
                want = sorted(ppage.extract_words(extra_attrs=["fontname", "size"]), key=key)
                page = doc[i]
                tp = page.get_textpage()
                got = sorted(PageWords(handle(tp.raw), page.get_height()).words(page_text(handle(tp.raw))), key=key)
                tp.close()
                page.close()
                assert [w["text"] for w in got] == [w["text"] for w in want]
                assert any(w["text"].endswith("-") for w in got) or i > 0 or source != "corpus"
                for g, w in zip(got, want):
                    assert g["fontname"] == w["fontname"] and g["size"] == pytest.approx(w["size"])
                    for k in ("x0", "x1", "top", "bottom"):
                        assert g[k] == pytest.approx(w[k], abs=0.01), (k, g, w)
        finally:
            doc.close()


def test_pdfium_reads_plain_pages_without_pdfplumber_and_tables_with_it(tmp_path: Path, monkeypatch) -> None:
    """pdfplumber is opened only for a page whose drawing could hold a ruled table."""
    import pdfplumber

    opened: list[str] = []
    real = pdfplumber.open
    monkeypatch.setattr(pdfplumber, "open", lambda p, *a, **kw: opened.append(Path(p).name) or real(p, *a, **kw))
    plain = PdfBuilder().lines("1. Term. The MOU starts in 2024.\n2. Liaisons. Each party names one.").save(
        tmp_path / "plain.pdf")
    ruled = PdfBuilder().lines("1. Services.").table([["Service", "Plan"], ["Screening", "Yes"]]).save(
        tmp_path / "ruled.pdf")
    doc = load_document(plain, pdf_engine="pdfium")
    assert [c.section for c in doc.clauses] == ["1", "2"] and opened == []
    doc = load_document(ruled, pdf_engine="pdfium")
    assert opened == ["ruled.pdf"]
    assert any(c.kind == "table" and "Screening | Yes" in c.text for c in doc.clauses)
