"""The reviewer's HTML report in headless Chromium: filters drive every count, snippets show the
quoted region, review marks export as a suppressions file the CLI reads, keys move through
findings, and the page still reads with scripts off.

Two reports: the hand-built fixture run (tests/golden/report/fixture_run.json; its PDFs do
not exist, so its snippets say "unavailable") and a real check of a corpus PDF copied into
a temporary folder (real snippets, real fingerprints, the real CLI).
"""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from chromium import PRELUDE, dump_dom, read_out

from checker.report.emit import emit
from checker.report.options import OutputOptions
from checker.report.snippets import HIGHLIGHT
from checker.report.view import WEIGHTS
from checker.results import SEVERITIES, RunResult

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "report"
PDF = REPO / "corpus" / "mou" / "lhd-kern-anthem.pdf"


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COMPLIANCE_CHECK_CACHE_DIR": str(cwd / "cache")}
    return subprocess.run([sys.executable, "-m", "checker", "check", "--as-of", "2026-11-24", "--report-dir", "",
                           "-q", *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def fixture_run() -> RunResult:
    return RunResult.model_validate(json.loads((GOLDEN / "fixture_run.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory: pytest.TempPathFactory, fixture_run: RunResult) -> Path:
    path = tmp_path_factory.mktemp("fixture") / "report.html"
    emit(fixture_run, OutputOptions(format="html", output=str(path), quiet=True, explain=True),
         stdout=io.StringIO(), stderr=io.StringIO())
    return path


@pytest.fixture(scope="module")
def kern(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding mous/kern.pdf (a corpus MOU with gaps) and its HTML and JSON reports."""
    root = tmp_path_factory.mktemp("kern")
    (root / "mous").mkdir()
    shutil.copy(PDF, root / "mous" / "kern.pdf")
    for fmt in ("html", "json"):
        proc = cli(root, "mous", "--format", fmt, "--output", f"report.{fmt}", "--fail-on", "never")
        assert proc.returncode == 0, proc.stderr
    return root


# ------------------------------------------------------------------ filters drive the counts

def expected_counts(run: RunResult, keep) -> dict[str, int]:
    """Open gaps by severity over findings `keep` accepts, in documents that were checked."""
    c = Counter(f.severity for d in run.documents for f in d.findings
                if f.status == "gap" and not f.suppressed and keep(d, f))
    return {s: c.get(s, 0) for s in SEVERITIES}


SUMMARY = """
later(function(){
  var out={url:location.hash,note:document.getElementById('filter-note').textContent,tri:{},docs:[]};
  ['high','medium','low','advisory','total'].forEach(function(s){out[s]=+document.getElementById('sum-'+s).textContent;});
  ['docs','met','gap','undetermined','na'].forEach(function(k){out['n_'+k]=+document.getElementById('n-'+k).textContent;});
  document.querySelectorAll('#triage tbody tr').forEach(function(r){
    out.tri[r.querySelector('a').textContent]={hidden:r.hidden,score:r.querySelector('.c-score').textContent,
      high:+r.querySelector('.c-high').textContent,medium:+r.querySelector('.c-medium').textContent};});
  out.matrix_cols=Array.prototype.filter.call(document.querySelectorAll('#matrix thead th[data-doc]'),
    function(th){return !th.hidden;}).map(function(th){return th.title;});
  out.matrix_rows=Array.prototype.filter.call(document.querySelectorAll('#matrix tbody tr'),
    function(r){return !r.hidden;}).map(function(r){return r.getAttribute('data-element');});
  document.querySelectorAll('section.doc').forEach(function(s){if(!s.hidden){out.docs.push(s.querySelector('h3').textContent);}});
  report(out);
});
"""


def summary(report: Path, query: str) -> dict:
    return read_out(dump_dom(report, query, script=PRELUDE + SUMMARY))


def test_unfiltered_counts_are_the_whole_run(fixture_report: Path, fixture_run: RunResult) -> None:
    got = summary(fixture_report, "")
    want = expected_counts(fixture_run, lambda d, f: True)
    assert {s: got[s] for s in SEVERITIES} == want and got["total"] == sum(want.values())
    assert got["n_docs"] == len(fixture_run.documents) and got["note"] == ""


def test_type_filter_drives_summary_triage_and_matrix(fixture_report: Path, fixture_run: RunResult) -> None:
    got = summary(fixture_report, "?type=mhp")
    mhp = [d for d in fixture_run.documents if d.mou_type == "mhp"]
    want = expected_counts(fixture_run, lambda d, f: d.mou_type == "mhp")
    assert {s: got[s] for s in SEVERITIES} == want
    assert got["n_docs"] == len(mhp) == 1
    assert got["n_met"] == sum(f.status == "met" for f in mhp[0].findings)
    assert [p for p, r in got["tri"].items() if not r["hidden"]] == [mhp[0].path]
    assert got["matrix_cols"] == [mhp[0].path]
    # a matrix row whose only shown cell says "no rule" is dropped under a filter
    assert "mat" not in got["matrix_rows"] and "liaison" in got["matrix_rows"]
    assert "type=mhp" in got["url"] and got["note"] == "(filtered: type = mhp)"


def test_element_filter_recounts_triage_rows(fixture_report: Path, fixture_run: RunResult) -> None:
    got = summary(fixture_report, "?element=records")
    want = expected_counts(fixture_run, lambda d, f: f.element == "records")
    assert {s: got[s] for s in SEVERITIES} == want and got["total"] == 2
    for d in fixture_run.documents:
        if d.status == "error":
            continue
        row = got["tri"][d.path]
        gaps = expected_counts(fixture_run, lambda dd, f, d=d: dd is d and f.element == "records")
        assert row["high"] == gaps["high"] and row["medium"] == gaps["medium"]
        assert row["score"] == str(sum(WEIGHTS[s] * n for s, n in gaps.items()))
        assert row["hidden"] == (sum(gaps.values()) == 0 and not any(
            f.element == "records" and f.status == "undetermined" for f in d.findings))
    assert got["matrix_rows"] == ["records"]


def test_a_link_reproduces_the_view(fixture_report: Path) -> None:
    """The hash a filtered page writes, opened fresh, gives the same view."""
    first = summary(fixture_report, "?severity=medium&status=all")
    assert first["url"].startswith("#v=1") and "severity=medium" in first["url"] and "status=all" in first["url"]
    again = summary(fixture_report, first["url"])
    assert again == first
    assert again["medium"] > 0 and again["high"] == 0


# ------------------------------------------------------------------ snippets

def test_snippet_is_decoded_on_demand_and_highlights_the_quote(kern: Path) -> None:
    script = PRELUDE + """
    var det=document.querySelector('details.met');det.open=true;
    var snip=det.querySelector('details.snip');
    var before=document.querySelectorAll('.snip-body img').length;
    snip.open=true;
    later(function(){
      var img=snip.querySelector('img'), row=snip.closest('tr');
      report({before:before,after:document.querySelectorAll('.snip-body img').length,
              src:img&&img.getAttribute('src'),loaded:img&&img.complete&&img.naturalWidth>0,
              rule:row.getAttribute('data-rule'),status:row.getAttribute('data-status'),
              where:row.children[3].textContent});
    },300);
    """
    got = read_out(dump_dom(kern / "report.html", script=script))
    assert got["before"] == 0 and got["after"] == 1 and got["loaded"]  # nothing decoded until opened
    assert got["status"] == "met" and got["where"].startswith("found p.")
    from PIL import Image

    png = Image.open(io.BytesIO(base64.b64decode(got["src"].split(",", 1)[1]))).convert("RGB")
    raw = png.tobytes()
    pixels = [raw[i:i + 3] for i in range(0, len(raw), 3)]
    tinted = [px for px in pixels if abs(px[0] - HIGHLIGHT[0]) < 30 and abs(px[1] - HIGHLIGHT[1]) < 30 and px[2] < 160]
    assert len(tinted) > png.width * 5  # a highlighted band, not a stray pixel

    # the highlighted region is the quote: its box on the page holds the quote's words
    run = RunResult.model_validate(json.loads((kern / "report.json").read_text(encoding="utf-8")))
    finding = next(f for f in run.documents[0].findings if f.rule_id == got["rule"])
    import pypdfium2 as pdfium

    from checker.report.locate import locate, read_page_text, tokens

    ev = finding.evidence[0]
    pdf = pdfium.PdfDocument(str(kern / "mous" / "kern.pdf"))
    try:
        page = read_page_text(pdf, ev.page)
    finally:
        pdf.close()
    found = locate(page, ev.quote)
    assert found is not None and found.coverage > 0.9
    x0, top, x1, bottom = found.bbox
    inside = [w["text"] for w in page.words if w["x0"] >= x0 - 1 and w["x1"] <= x1 + 1
              and w["top"] >= top - 1 and w["bottom"] <= bottom + 1]
    assert set(tokens(ev.quote)) <= set(tokens(" ".join(inside)))


def test_every_met_and_nearest_candidate_of_the_report_has_a_snippet(kern: Path) -> None:
    page = (kern / "report.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="snippet-data">(.*?)</script>', page, re.S)
                      .group(1))
    run = RunResult.model_validate(json.loads((kern / "report.json").read_text(encoding="utf-8")))
    wanted = sum(1 for f in run.documents[0].findings
                 if (f.status == "met" and f.evidence) or (f.status == "gap" and f.nearest))
    assert wanted > 10
    assert page.count('<details class="snip"') == wanted and 'class="snip-na"' not in page
    assert set(re.findall(r'data-snip="(s[0-9a-f]+)"', page)) == set(data["k"])
    assert sorted({at[0] for at in data["k"].values()}) == list(range(len(data["i"])))  # each image stored once


# ------------------------------------------------------------------ review marks -> --suppressions

# Headless Chromium may stall on a real download; the test catches the link the page clicks
# and reads the file it would save from the blob.
EXPORT = """
function exportMarks(done){
  var dl=null;HTMLAnchorElement.prototype.click=function(){dl={name:this.download,href:this.href};};
  document.getElementById('export-marks').click();
  fetch(dl.href).then(function(r){return r.text();}).then(function(t){dl.text=t;done(dl);})
    .catch(function(e){report({error:String(e)});});
}
"""

MARK = PRELUDE + EXPORT + """
var gaps=document.querySelectorAll('tr.finding[data-status="gap"]');
var met=document.querySelector('tr.finding[data-status="met"]');
function act(row,which,note){
  row.querySelector('button[data-mark="'+which+'"]').click();
  var inp=row.querySelector('input.note');inp.value=note;inp.dispatchEvent(new Event('change'));
}
act(gaps[0],'disputed','Clause 7 covers it: "meets" is quarterly there');
act(gaps[1],'confirmed','agreed');
act(met,'disputed','quote is about another party');
exportMarks(function(dl){report({yaml:dl.text,name:dl.name,shown:document.getElementById('export-text').value,
  disputed:gaps[0].getAttribute('data-fp'),confirmed:gaps[1].getAttribute('data-fp'),
  counts:[document.getElementById('marks-confirmed').textContent,document.getElementById('marks-disputed').textContent]});});
"""


def test_exported_marks_round_trip_through_suppressions(kern: Path) -> None:
    got = read_out(dump_dom(kern / "report.html", script=MARK))
    assert got["counts"] == ["1", "2"]
    assert got["name"] == "review-suppressions.yaml" and got["yaml"] == got["shown"]
    (kern / "review.yaml").write_text(got["yaml"], encoding="utf-8")
    proc = cli(kern, "mous", "--format", "json", "--suppressions", "review.yaml", "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    assert "matched nothing" not in proc.stderr
    findings = {f["fingerprint"]: f for f in json.loads(proc.stdout)["documents"][0]["findings"]}
    assert findings[got["disputed"]]["suppressed"] == 'Disputed in review: Clause 7 covers it: "meets" is quarterly there'
    assert findings[got["confirmed"]]["suppressed"] is None  # confirmed gaps stay open
    assert sum(1 for f in findings.values() if f["suppressed"]) == 1
    assert "# confirmed gap:" in got["yaml"] and "# disputed met:" in got["yaml"]


def test_marks_stay_in_the_browser_between_visits(kern: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    first = read_out(dump_dom(kern / "report.html", script=MARK, profile=profile))
    again = read_out(dump_dom(kern / "report.html", profile=profile, script=PRELUDE + """
      later(function(){var r=document.querySelector('tr.finding.mark-disputed');
        report({fp:r&&r.getAttribute('data-fp'),note:r&&r.querySelector('input.note').value});});"""))
    assert again["fp"] == first["disputed"]
    assert again["note"] == 'Clause 7 covers it: "meets" is quarterly there'


def test_an_empty_export_is_a_valid_empty_suppressions_file(kern: Path) -> None:
    got = read_out(dump_dom(kern / "report.html", script=PRELUDE + EXPORT + """
      exportMarks(function(dl){report({yaml:dl.text});});"""))
    (kern / "empty.yaml").write_text(got["yaml"], encoding="utf-8")
    assert "suppressions: []" in got["yaml"]
    assert cli(kern, "mous", "--format", "json", "--suppressions", "empty.yaml", "--fail-on", "never").returncode == 0


# ------------------------------------------------------------------ keyboard, no scripts, golden DOM

def test_keys_move_through_findings_and_documents(fixture_report: Path) -> None:
    script = PRELUDE + """
    function cur(){var r=document.querySelector('tr.finding.current');
      return r?r.closest('section').id+' '+r.getAttribute('data-rule'):null;}
    var seen=[];key('j');seen.push(cur());key('j');seen.push(cur());key('k');seen.push(cur());
    key('n');seen.push(cur());key('p');seen.push(cur());key('c');
    report({seen:seen,marked:document.querySelectorAll('tr.mark-confirmed').length});
    """
    got = read_out(dump_dom(fixture_report, script=script))
    # doc-1 is unreadable (no findings); doc-2 is alpine with its gaps first
    assert got["seen"] == ["doc-2 MOU.LIAISON", "doc-2 MOU.MEETINGS", "doc-2 MOU.LIAISON",
                           "doc-3 PORTFOLIO.COVERAGE", "doc-2 MOU.LIAISON"]
    assert got["marked"] == 1
    assert "<kbd>j / k</kbd>" in fixture_report.read_text(encoding="utf-8")


def test_without_scripts_the_static_tables_show(fixture_report: Path, fixture_run: RunResult) -> None:
    dom = dump_dom(fixture_report, "?severity=high", scripts=False)
    rows = re.findall(r'<tr class="finding[^"]*"[^>]*>', dom)
    assert len(rows) == sum(len([f for f in d.findings if f.status in ("gap", "undetermined", "met")])
                            for d in fixture_run.documents)
    assert not any(" hidden" in r for r in rows)  # the filter in the URL needs scripts: nothing hidden
    assert re.search(r'<div id="review-tools" hidden', dom)  # dead buttons stay out of sight
    assert 'class="review"></td>' in dom and "Met requirements (2)" in dom
    assert "<h2>Triage</h2>" in dom and 'id="matrix"' in dom


def normalised_dom(dom: str) -> str:
    """The body's markup without scripts and style: what a reviewer sees, one tag per line."""
    body = dom[dom.index("<body"):]
    body = re.sub(r"<script\b.*?</script>", "", body, flags=re.S)
    return re.sub(r">\s*<", ">\n<", body).strip() + "\n"


def test_filtered_view_matches_the_golden_dom(fixture_report: Path) -> None:
    dom = normalised_dom(dump_dom(fixture_report, "#v=1&severity=medium&status=all"))
    path = GOLDEN / "fixture_filtered.dom.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(dom, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with UPDATE_GOLDEN=1 to create it"
    assert dom == path.read_text(encoding="utf-8"), "the filtered view differs from the golden DOM"
