"""Exit code policy: what a CI job sees, independent of the report format.

Precedence (highest wins): 2 usage/configuration error > 3 unreadable document >
1 gaps at or above the threshold > 0 pass. An unreadable document outranks gaps
because a run that could not read its input has not checked it: a CI user must fix
the input first, and such a run must never look like a pass.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from checker.results import DocumentResult, Finding, RunResult

if TYPE_CHECKING:
    from checker.gate.baseline import BaselineDiff

EXIT_OK = 0
EXIT_GAPS = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3

FAIL_ON_CHOICES: tuple[str, ...] = ("high", "medium", "low", "never")
# Rank of each severity; advisory never reaches any threshold.
_RANK = {"high": 3, "medium": 2, "low": 1, "advisory": 0}
_THRESHOLD = {"high": 3, "medium": 2, "low": 1}


def meets_threshold(severity: str, fail_on: str) -> bool:
    """True when a gap of this severity fails the gate at `fail_on`."""
    if fail_on == "never" or severity == "advisory":
        return False
    return _RANK[severity] >= _THRESHOLD[fail_on]


def failing_findings(
    run: RunResult, fail_on: str, diff: "BaselineDiff | None" = None
) -> Iterator[tuple[DocumentResult, Finding]]:
    """Gaps that fail the gate: unsuppressed, at/above threshold, and new when a baseline is given."""
    for doc in run.documents:
        for f in doc.findings:
            if f.status != "gap" or f.suppressed or not meets_threshold(f.severity, fail_on):
                continue
            if diff is not None and not diff.is_new(doc, f):
                continue
            yield doc, f


def exit_code(run: RunResult, fail_on: str = "high", diff: "BaselineDiff | None" = None) -> int:
    """0 pass, 1 failing gaps, 3 unreadable documents (3 wins over 1), 2 when no document was found."""
    if fail_on not in FAIL_ON_CHOICES:
        raise ValueError(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}, not {fail_on!r}")
    if not run.documents:
        return EXIT_USAGE  # nothing was checked: never a pass
    if any(d.status == "error" for d in run.documents):
        return EXIT_UNREADABLE
    if any(True for _ in failing_findings(run, fail_on, diff)):
        return EXIT_GAPS
    return EXIT_OK


NOTHING_CHECKED = ("NOTHING CHECKED: no MOU or plan report was found under the given paths, so nothing "
                   "passed (any skipped files are listed with their reasons)")


def verdict(code: int, nothing_checked: bool = False) -> str:
    """One line for the report footer."""
    if code == EXIT_USAGE and nothing_checked:
        return NOTHING_CHECKED
    return {
        EXIT_OK: "PASS",
        EXIT_GAPS: "FAIL: gaps at or above the --fail-on threshold",
        EXIT_USAGE: "USAGE ERROR",
        EXIT_UNREADABLE: "FAIL: one or more documents could not be read",
    }[code]
