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

from pathlib import Path

import pytest

from checker.accuracy import CLR_NOTIFICATION, DEFAULT_AS_OF, confusion, fold, render, score_folder
from checker.results import DocumentResult, Finding

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "mou"


@pytest.fixture(scope="module")
def scored():
    docs = score_folder(CORPUS, as_of=DEFAULT_AS_OF)
    assert len(docs) >= 13, "corpus/mou should hold at least one PDF per MOU type"
    return [(d.name, d.expected, d.verdicts, d.result) for d in docs]


def test_every_document_is_checked(scored):
    for name, _, _, doc in scored:
        assert doc.status == "checked", f"{name}: {doc.error}"


def test_every_expected_element_gets_a_verdict(scored):
    missing = [f"{name} {el}" for name, exp, got, _ in scored for el in exp["elements"] if el not in got]
    assert not missing, "elements with no applicable rule: " + ", ".join(missing)


def test_gap_detection_recall_and_precision(scored, capsys):
    from checker.accuracy import Scored

    score = confusion([Scored(*row) for row in scored])
    problems = score.problems
    tp, fp, fn = score.total("TP"), score.total("FP"), score.total("FN")
    recall, precision = score.recall, score.precision
    with capsys.disabled():
        print("\n" + render(score))
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
