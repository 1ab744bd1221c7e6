"""Golden tests on the corpus: every format of a real run (a plan report and two MOU PDFs).

These pin what users see from the shipped rules on our own documents. After an intended
change to rules, engine or formats, regenerate with
`UPDATE_GOLDEN=1 python -m pytest tests/test_report_corpus_golden.py` and review the diff.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pytest

from checker.engine.ruleset import load_ruleset
from checker.report.emit import emit
from checker.report.options import FORMATS, OutputOptions
from checker.results import RunResult
from checker.run import RunOptions, check_paths

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "corpus"
EXT = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html", "sarif": "sarif",
       "junit": "xml"}
INPUTS = ["corpus/plan-reports/blue-shield-promise.yaml", "corpus/mou/lhd-kern-anthem.pdf", "corpus/mou/jails-sacramento-molina.pdf"]


@pytest.fixture(scope="module")
def run() -> RunResult:
    cwd = Path.cwd()
    os.chdir(REPO)  # paths in the report are as given: relative to the repository
    try:
        return check_paths([Path(p) for p in INPUTS], load_ruleset(), RunOptions(as_of=dt.date(2026, 11, 24)))
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("fmt", FORMATS)
def test_corpus_report_matches_golden(run: RunResult, fmt: str) -> None:
    out = io.StringIO()
    code = emit(run, OutputOptions(format=fmt, explain=fmt in ("table", "markdown", "html"), report_dir=""),
                stdout=out, stderr=io.StringIO())
    assert code == 1  # the corpus holds deliberate high-severity gaps
    text = without_snippet_pixels(out.getvalue()) if fmt == "html" else out.getvalue()
    path = GOLDEN / f"report.{EXT[fmt]}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs from the golden file"


def without_snippet_pixels(page: str) -> str:
    """The HTML with each snippet's PNG replaced by its key: pixels follow the pdfium and
    Pillow versions; which snippets exist is what the golden file pins."""
    m = re.search(r'(<script type="application/json" id="snippet-data">)(.*?)(</script>)', page, re.S)
    assert m, "the HTML report has no snippet data element"
    keys = sorted(json.loads(m.group(2))["k"])
    return page[:m.start(2)] + json.dumps(keys) + page[m.end(2):]


def test_corpus_json_counts_agree_with_findings(run: RunResult) -> None:
    data = json.loads((GOLDEN / "report.json").read_text(encoding="utf-8"))
    gaps = {s: 0 for s in ("high", "medium", "low", "advisory")}
    for doc in data["documents"]:
        for f in doc["findings"]:
            if f["status"] == "gap":
                gaps[f["severity"]] += 1
    assert data["summary"]["gaps"] == gaps
    assert data["summary"]["documents"] == len(data["documents"]) == 3


def test_corpus_sarif_is_valid_sarif_2_1_0() -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parent / "golden" / "report" / "sarif-schema-2.1.0.json").read_text())
    sarif = json.loads((GOLDEN / "report.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
