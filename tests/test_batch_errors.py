"""One bad file never stops a batch: each gets one clear error, the others are checked."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from pdf_factory import PdfBuilder, image_only_pdf, many_pages_pdf, simple_pdf  # noqa: E402

from checker.cli import main  # noqa: E402

RULES = Path(__file__).parent / "fixtures" / "rules_small"
REPO = Path(__file__).resolve().parents[1]
GOOD = "1. Liaisons. Each Party shall designate a liaison.\n2. Meetings. The Parties shall meet quarterly."


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    simple_pdf(tmp_path / "a-good.pdf", GOOD)
    (tmp_path / "b-good.txt").write_text(GOOD, encoding="utf-8")
    PdfBuilder().lines(GOOD).encrypt().save(tmp_path / "locked.pdf")
    data = (tmp_path / "a-good.pdf").read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (tmp_path / "not-a-pdf.pdf").write_text("Dear reviewer, please find attached ...")
    (tmp_path / "empty.pdf").write_bytes(b"")
    image_only_pdf(tmp_path / "scanned.pdf", pages=2)
    many_pages_pdf(tmp_path / "long.pdf", pages=6)
    (tmp_path / "report.yaml").write_text("kind: plan-report\nplan: {name: 42, colour: red}\n")
    return tmp_path


def test_each_bad_input_gets_one_clear_error(batch: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--rules", str(RULES), "--as-of", "2026-01-01", "--format", "json",
                                       "--max-pages", "5", "--report-dir", "", str(batch)])
    assert result.exit_code == 3, result.output
    docs = {Path(d["path"]).name: d for d in json.loads(result.stdout)["documents"]}
    assert docs["a-good.pdf"]["status"] == "checked" and docs["b-good.txt"]["status"] == "checked"
    assert {f["status"] for f in docs["a-good.pdf"]["findings"] if f["rule_id"] == "MOU.LIAISON"} == {"met"}
    expected = {
        "locked.pdf": "password-protected",
        "truncated.pdf": "damaged",
        "not-a-pdf.pdf": "not a PDF",
        "empty.pdf": "empty",
        "scanned.pdf": "OCR",
        "long.pdf": "--max-pages",
        "report.yaml": "plan.name",
    }
    for name, phrase in expected.items():
        doc = docs[name]
        assert doc["status"] == "error", name
        assert phrase in doc["error"], (name, doc["error"])
        assert doc["findings"] == []
    assert json.loads(result.stdout)["summary"]["errors"] == len(expected)


@pytest.mark.parametrize("pdf", sorted((REPO / "corpus" / "mou").glob("*.pdf")), ids=lambda p: p.name)
def test_extract_works_on_every_corpus_document(pdf: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(pdf), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["clauses"] and all(c["pages"] for c in doc["clauses"])
    assert len(doc["clauses"]) >= 5  # some corpus MOUs are deliberately unnumbered
    source = REPO / "corpus" / "mou" / "src" / (pdf.stem + ".txt")
    words = set(re.findall(r"[a-z]{3,}", source.read_text(encoding="utf-8").lower()))
    # a clause number ("XVIII.") is recovered into the clause's section, not its text
    seen = set(re.findall(r"[a-z]{3,}", " ".join(f'{c["section"] or ""} {c["text"]}' for c in doc["clauses"]).lower()))
    assert len(words & seen) / len(words) > 0.97  # nearly every word of the source was recovered
