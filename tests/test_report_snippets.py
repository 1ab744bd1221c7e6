"""Evidence snippets without a browser: where a quote is found, what a missing, changed or
scanned file gives, that a warm (cached) run still draws them, and the additive `bbox` key."""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pdf_factory import scanned_pdf

from checker.report.emit import emit
from checker.report.options import OutputOptions
from checker.report.snippets import MAX_HEIGHT, MAX_WIDTH, OCR_NOTE, collect, snippet_key
from checker.results import DocumentResult, Evidence, Finding, RunResult

REPO = Path(__file__).resolve().parents[1]
PDF = REPO / "corpus" / "mou" / "lhd-kern-anthem.pdf"


def snippet_data(page: str) -> dict[str, str]:
    """key -> PNG base64, from the report's snippet data element."""
    m = re.search(r'<script type="application/json" id="snippet-data">(.*?)</script>', page, re.S)
    assert m
    data = json.loads(m.group(1))
    return {k: data["i"][at[0]] for k, at in data["k"].items()}


def met(page: int, quote: str, ocr: bool = False) -> Finding:
    return Finding(rule_id="MOU.X", element="liaison", status="met", severity="high", citation="c", message="m",
                   evidence=[Evidence(page=page, section="1", quote=quote, ocr=ocr)])


def html(run: RunResult) -> str:
    out = io.StringIO()
    emit(run, OutputOptions(format="html", quiet=True), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunResult]:
    """mous/kern.pdf checked by the CLI (JSON), with the run it produced."""
    root = tmp_path_factory.mktemp("snip")
    (root / "mous").mkdir()
    shutil.copy(PDF, root / "mous" / "kern.pdf")
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "mous", "--format", "json", "--as-of",
                           "2026-11-24", "--fail-on", "never", "--report-dir", "", "-q"],
                          capture_output=True, text=True, cwd=root, timeout=300,
                          env={**os.environ, "COMPLIANCE_CHECK_CACHE_DIR": str(root / "cache")})
    assert proc.returncode == 0, proc.stderr
    return root, RunResult.model_validate_json(proc.stdout)


def in_dir(root: Path, fn):
    cwd = Path.cwd()
    os.chdir(root)
    try:
        return fn()
    finally:
        os.chdir(cwd)


def test_snippets_are_small_crops_with_the_quote_boxed(checked) -> None:
    root, run = checked
    run = run.model_copy(deep=True)  # collect() fills bbox in place; the module's run stays as checked
    snips = in_dir(root, lambda: collect(run))
    assert snips and all(s.data for s in snips.values())
    from PIL import Image

    for s in snips.values():
        img = Image.open(io.BytesIO(base64.b64decode(s.data)))
        assert (img.width, img.height) == (s.width, s.height)
        assert img.width <= MAX_WIDTH and img.height <= MAX_HEIGHT
    # collect() writes each located quote's box into its evidence (page coordinates, top-left origin)
    ev = next(f.evidence[0] for f in run.documents[0].findings if f.status == "met" and f.evidence)
    assert ev.bbox is not None and 0 <= ev.bbox[0] < ev.bbox[2] <= 612 and 0 <= ev.bbox[1] < ev.bbox[3] <= 792


def test_render_leaves_the_callers_run_alone_and_json_keeps_its_keys(checked) -> None:
    root, run = checked
    fresh = run.model_copy(deep=True)
    in_dir(root, lambda: html(fresh))
    assert all(ev.bbox is None for d in fresh.documents for f in d.findings for ev in f.evidence)
    dumped = json.dumps(fresh.model_dump(mode="json"))
    assert '"bbox"' not in dumped  # absent unless located: older readers and goldens see no change
    ev = Evidence(page=1, quote="q", bbox=[1.0, 2.0, 3.0, 4.0])
    assert ev.model_dump()["bbox"] == [1.0, 2.0, 3.0, 4.0]


def test_a_warm_run_from_the_cache_still_draws_snippets(checked) -> None:
    root, _ = checked
    pages = []
    for _ in range(2):  # the second run reads clause tree and verdicts from the cache
        proc = subprocess.run([sys.executable, "-m", "checker", "check", "mous", "--format", "html", "--as-of",
                               "2026-11-24", "--fail-on", "never", "--report-dir", "", "-q"],
                              capture_output=True, text=True, cwd=root, timeout=300,
                              env={**os.environ, "COMPLIANCE_CHECK_CACHE_DIR": str(root / "cache")})
        assert proc.returncode == 0, proc.stderr
        pages.append(snippet_data(proc.stdout))
    assert any((root / "cache").rglob("*.json"))
    assert pages[0] and pages[1] == pages[0]


def test_missing_and_changed_files_say_snippet_unavailable(checked, tmp_path: Path) -> None:
    root, run = checked
    doc = run.documents[0]
    gone = run.model_copy(update={"documents": [doc.model_copy(update={"path": str(tmp_path / "gone.pdf")})]})
    page = html(gone)
    assert "snippet unavailable:" in page and "gone.pdf is no longer there" in page and snippet_data(page) == {}

    changed = tmp_path / "changed.pdf"
    shutil.copy(PDF, changed)
    with open(changed, "ab") as fh:
        fh.write(b"\n% edited after the check\n")
    page = html(run.model_copy(update={"documents": [doc.model_copy(update={"path": str(changed)})]}))
    assert "changed.pdf changed since it was checked" in page and snippet_data(page) == {}


def test_a_quote_not_on_the_page_is_unavailable_not_an_error() -> None:
    doc = DocumentResult(path=str(PDF), findings=[met(1, "Nothing like this sentence appears in the memorandum at all.")])
    snips = collect(RunResult(as_of="2026-11-24", documents=[doc]))
    (s,) = snips.values()
    assert s.data is None and s.unavailable == "snippet unavailable: the quote was not found on page 1"
    doc = DocumentResult(path=str(PDF), findings=[met(99, "Each party designates a liaison.")])
    (s,) = collect(RunResult(as_of="2026-11-24", documents=[doc])).values()
    assert s.unavailable == "snippet unavailable: the file has no page 99"


def test_a_table_row_is_found_where_it_really_is() -> None:
    """pdfium reads a table row across its cells, the extractor cell by cell; and the clause's
    recorded first page (2) is where the table's heading row started, not the row (page 4)."""
    pdf = REPO / "corpus" / "blind" / "batch-3" / "regional-center-fresno-anthem.pdf"
    doc = DocumentResult(path=str(pdf), findings=[met(2, "Privacy and security | TBD | TBD")])
    (s,) = collect(RunResult(as_of="2026-11-24", documents=[doc])).values()
    assert s.data and s.page == 4 and s.located
    assert doc.findings[0].evidence[0].bbox is None  # the box is on page 4, the evidence says page 2


def test_a_scanned_page_is_marked_and_shows_the_scan(tmp_path: Path) -> None:
    scan = scanned_pdf(tmp_path / "scan.pdf", ["1. PARTIES\nThe plan and the county agree to this memorandum."])
    doc = DocumentResult(path=str(scan), findings=[met(1, "The plan and the county agree to this memorandum.", ocr=True)])
    run = RunResult(as_of="2026-11-24", documents=[doc])
    page = html(run)
    key = snippet_key(doc, doc.findings[0].evidence[0])
    assert key in snippet_data(page)
    assert OCR_NOTE in page and "read by OCR" in page


def test_a_slow_document_stops_drawing_at_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.report import snippets

    monkeypatch.setattr(snippets, "DOCUMENT_BUDGET_S", -1.0)  # already over budget at the first snippet
    doc = DocumentResult(path=str(PDF), findings=[met(1, "Each party designates a liaison.")])
    (s,) = collect(RunResult(as_of="2026-11-24", documents=[doc])).values()
    assert s.data is None and "took over -1 s; the rest were left out" in (s.unavailable or "")


def test_every_corpus_quote_is_one_click_away() -> None:
    """The issue's bar: on every corpus MOU, each `met` quote and each gap's nearest candidate
    has its page region (none "unavailable")."""
    import datetime as dt

    from checker.engine.ruleset import load_ruleset
    from checker.run import RunOptions, check_paths

    pdfs = sorted((REPO / "corpus" / "mou").glob("*.pdf"))
    assert len(pdfs) == 24
    run = check_paths(pdfs, load_ruleset(), RunOptions(as_of=dt.date(2026, 11, 24)))
    snips = collect(run)
    missing = [s.unavailable for s in snips.values() if not s.data]
    assert len(snips) > 500 and missing == []
    located = [ev for d in run.documents for f in d.findings for ev in f.evidence[:1] if f.status == "met"]
    assert sum(ev.bbox is not None for ev in located) / len(located) > 0.95  # boxes on the quote's own page
