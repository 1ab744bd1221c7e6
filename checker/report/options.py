"""Output options shared by every command that writes a gap report."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

import click

from checker.gate.policy import FAIL_ON_CHOICES

from checker.report.formats import FORMATS as _REGISTRY

FORMATS: tuple[str, ...] = tuple(_REGISTRY)  # every registered format, table first

F = TypeVar("F", bound=Callable)


@dataclass
class OutputOptions:
    """What to write and how to gate; field names match the click parameters."""

    format: str = "table"
    output: str | None = None
    fail_on: str = "high"
    baseline: str | None = None
    suppressions: str | None = None
    top: int | None = None
    explain: bool = False
    quiet: bool = False
    report_dir: str | None = None  # also keep a copy here (None or "": don't; the default)

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}; choose one of {', '.join(FORMATS)}")
        if self.fail_on not in FAIL_ON_CHOICES:
            raise ValueError(f"unknown --fail-on {self.fail_on!r}; choose one of {', '.join(FAIL_ON_CHOICES)}")
        if self.top is not None and self.top < 1:
            raise ValueError("--top must be 1 or more")


EXIT_HELP = (
    "Exit codes: 0 pass; 1 gaps at or above --fail-on (only new ones with --baseline); "
    "2 usage or configuration error (bad option, baseline or suppression file) or no document found; "
    "3 a document could not be read. 2 wins over 3, 3 over 1."
)


def output_options(func: F) -> F:
    """Click decorator adding the report and gate options (see OutputOptions)."""
    opts = [
        click.option("--format", "format", type=click.Choice(FORMATS), default="table", show_default=True,
                     help="Report format."),
        click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
                     help="Write the report to FILE (atomically, parent folders created). "
                          "Default: standard output, for every format."),
        click.option("--fail-on", "fail_on", type=click.Choice(FAIL_ON_CHOICES), default="high",
                     show_default=True,
                     help="Lowest gap severity that fails the run (exit 1). Advisory findings never fail. "
                          + EXIT_HELP),
        click.option("--baseline", "baseline", type=click.Path(dir_okay=False), default=None,
                     help="A previous --format json report: report new, open and resolved gaps by "
                          "fingerprint, and fail only on new ones."),
        click.option("--suppressions", "suppressions", type=click.Path(dir_okay=False), default=None,
                     help="YAML list of accepted gaps (fingerprint, or rule_id with optional path glob) "
                          "each with a mandatory reason. Suppressed gaps stay in the report, marked."),
        click.option("--top", "top", type=click.IntRange(min=1), default=None,
                     help="Triage: show only the N worst documents (the exit code still covers all)."),
        click.option("--explain", "explain", is_flag=True, default=False,
                     help="For each gap: what compliant text must say, where the checker looked, "
                          "the nearest clause and why it fell short."),
        click.option("--quiet", "-q", "quiet", is_flag=True, default=False,
                     help="No progress bar or notes on standard error."),
        click.option("--report-dir", "report_dir", type=click.Path(file_okay=False), default=None,
                     envvar="COMPLIANCE_CHECK_REPORT_DIR",
                     help="When the report goes to standard output, also save a copy in DIR as "
                          "compliance-report.<ext> (atomically). Default: no copy; the environment "
                          "variable COMPLIANCE_CHECK_REPORT_DIR sets a standing DIR."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func
