"""Accuracy of the MOU rule packs on the labelled corpus (corpus/mou/*.pdf).

Each document's findings are folded into one verdict per element and compared with the
ground truth in <name>.expected.yaml. Gap detection is the positive class: a missed gap
(false negative) hides a problem from DHCS, a false gap costs a reviewer time.

Folding: an element is `gap` if any applicable non-advisory rule of it is gap, `met` if all
applicable rules are met; `undetermined` counts as not found (it is reported separately).
Advisory rules are not scored, except the closed loop referral notification rules (CLR.*
other than CLR.PROCESS), which the expected files record under the key `clr-notification`.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import yaml
from tabulate import tabulate

from checker.dsl.ruleset import load_ruleset
from checker.results import DocumentResult, Finding
from checker.run import RunOptions, check_paths

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "mou"
AS_OF = dt.date(2026, 11, 24)
CLR_NOTIFICATION = "clr-notification"


def element_key(finding: Finding) -> str | None:
    """The expected-file key a finding is scored under, or None when it is not scored."""
    if finding.rule_id.startswith("CLR.") and finding.rule_id != "CLR.PROCESS":
        return CLR_NOTIFICATION
    if finding.severity == "advisory":
        return None
    return finding.element or None


def fold(result: DocumentResult) -> dict[str, str]:
    """One verdict per element: gap > undetermined > met; elements with only N/A rules are left out."""
    statuses: dict[str, list[str]] = {}
    for f in result.findings:
        key = element_key(f)
        if key and f.status != "not-applicable":
            statuses.setdefault(key, []).append(f.status)
    verdicts = {}
    for key, st in statuses.items():
        verdicts[key] = "gap" if "gap" in st else "undetermined" if "undetermined" in st else "met"
    return verdicts


@pytest.fixture(scope="module")
def scored() -> list[tuple[str, dict, dict[str, str], DocumentResult]]:
    pdfs = sorted(CORPUS.glob("*.pdf"))
    assert len(pdfs) >= 13, "corpus/mou should hold at least one PDF per MOU type"
    run = check_paths(pdfs, load_ruleset(), RunOptions(as_of=AS_OF))
    out = []
    for doc in run.documents:
        name = Path(doc.path).stem
        expected = yaml.safe_load((CORPUS / f"{name}.expected.yaml").read_text())
        out.append((name, expected, fold(doc), doc))
    return out


def confusion(scored) -> tuple[dict[str, Counter], list[str]]:
    table: dict[str, Counter] = {}
    problems: list[str] = []
    for name, expected, got, _ in scored:
        for element, want in expected["elements"].items():
            verdict = got.get(element, "not checked")
            c = table.setdefault(element, Counter())
            predicted_gap = verdict == "gap"
            if want == "gap":
                c["TP" if predicted_gap else "FN"] += 1
            else:
                c["FP" if predicted_gap else "TN"] += 1
            if verdict in ("undetermined", "not checked"):
                c["undetermined" if verdict == "undetermined" else "not checked"] += 1
            if predicted_gap != (want == "gap"):
                problems.append(f"{'FP' if predicted_gap else 'FN'} {name} {element}: expected {want}, got {verdict}")
    return table, problems


def render(table: dict[str, Counter]) -> str:
    rows = []
    total = Counter()
    for element in sorted(table):
        c = table[element]
        total.update(c)
        rows.append([element, c["TP"], c["FP"], c["FN"], c["TN"], c["undetermined"] + c["not checked"]])
    rows.append(["TOTAL", total["TP"], total["FP"], total["FN"], total["TN"], total["undetermined"] + total["not checked"]])
    return tabulate(rows, headers=["element", "TP", "FP", "FN", "TN", "undet."], tablefmt="github")


def test_every_document_is_checked(scored):
    for name, _, _, doc in scored:
        assert doc.status == "checked", f"{name}: {doc.error}"


def test_every_expected_element_gets_a_verdict(scored):
    missing = [f"{name} {el}" for name, exp, got, _ in scored for el in exp["elements"] if el not in got]
    assert not missing, "elements with no applicable rule: " + ", ".join(missing)


def test_gap_detection_recall_and_precision(scored, capsys):
    table, problems = confusion(scored)
    tp = sum(c["TP"] for c in table.values())
    fp = sum(c["FP"] for c in table.values())
    fn = sum(c["FN"] for c in table.values())
    recall = tp / (tp + fn) if tp + fn else 1.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    with capsys.disabled():
        print("\n" + render(table))
        print(f"recall {recall:.3f}  precision {precision:.3f}  (TP {tp}, FP {fp}, FN {fn})")
        for p in problems:
            print("  " + p)
    assert tp > 0
    assert recall == 1.0, "missed gaps:\n" + "\n".join(p for p in problems if p.startswith("FN"))
    assert precision >= 0.95, "false gaps:\n" + "\n".join(p for p in problems if p.startswith("FP"))


def test_fold_rules():
    def f(rule_id, element, status, severity="high"):
        return Finding(rule_id=rule_id, element=element, status=status, severity=severity, citation="c",
                       message="m", fingerprint="x")
    doc = DocumentResult(path="x", findings=[
        f("MOU.MEETINGS", "meetings", "met"), f("MOU.MEETINGS_PUBLISHED", "meetings", "gap", "medium"),
        f("MOU.LIAISON", "liaison", "met"), f("MOU.LIAISON_CHANGE_NOTICE", "liaison", "gap", "advisory"),
        f("CLR.PROCESS", "closed-loop-referral", "met"),
        f("CLR.NOTIFY_CONTENT", "closed-loop-referral", "gap", "advisory"),
        f("MHP.CONCURRENT_CARE", "concurrent-care", "not-applicable"),
        f("MOU.RECORDS", "records", "undetermined", "low"),
    ])
    assert fold(doc) == {"meetings": "gap", "liaison": "met", "closed-loop-referral": "met",
                         CLR_NOTIFICATION: "gap", "records": "undetermined"}


def test_pdf_types_are_detected(scored):
    wrong = [f"{name}: {doc.mou_type} ({doc.mou_type_reason})" for name, exp, _, doc in scored
             if doc.mou_type != exp["mou_type"]]
    assert not wrong, "MOU type misdetected: " + "; ".join(wrong)
