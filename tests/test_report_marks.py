"""Matrix marks: an advisory-only gap is visible but never looks like a failure."""
from __future__ import annotations

from checker.report.view import MARK_ADVISORY, MARKS, mark
from checker.results import DocumentResult, Finding


def finding(status: str, severity: str) -> Finding:
    return Finding(rule_id="CLR.X", element="closed-loop-referral", status=status, severity=severity,
                   citation="c", message="m")


def doc(*findings: Finding) -> DocumentResult:
    return DocumentResult(path="d.pdf", findings=list(findings))


def test_advisory_gap_only_gets_its_own_mark() -> None:
    assert mark(doc(finding("met", "high"), finding("gap", "advisory")), "closed-loop-referral") == MARK_ADVISORY


def test_a_real_gap_wins_over_advisory() -> None:
    assert mark(doc(finding("gap", "advisory"), finding("gap", "low")), "closed-loop-referral") == MARKS["gap"]


def test_undetermined_wins_over_advisory_gap() -> None:
    assert mark(doc(finding("gap", "advisory"), finding("undetermined", "high")),
                "closed-loop-referral") == MARKS["undetermined"]
