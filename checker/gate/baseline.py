"""Baselines: compare this run's gaps with a previous JSON report, by fingerprint.

A gap is *new* when its fingerprint is not a gap in the baseline, *open* when it is,
and a baseline gap is *resolved* when its document was checked in this run and the
fingerprint is no longer a gap. Baseline gaps of documents not checked in this run
are neither: nothing is claimed about a document that was not looked at.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from checker.gate import GateConfigError
from checker.results import DocumentResult, Finding, RunResult, fingerprint


def finding_key(doc: DocumentResult, f: Finding) -> str:
    """The fingerprint, or a fallback from rule id, path and subject when the engine left it empty."""
    return f.fingerprint or fingerprint(f.rule_id, doc.path, f.subject)


@dataclass
class BaselineGap:
    """A gap recorded in the baseline report."""

    fingerprint: str
    path: str
    rule_id: str
    element: str
    severity: str
    subject: str | None = None


@dataclass
class Baseline:
    source: str
    gaps: dict[str, BaselineGap] = field(default_factory=dict)


@dataclass
class BaselineDiff:
    source: str
    new: set[str] = field(default_factory=set)
    open: set[str] = field(default_factory=set)
    resolved: list[BaselineGap] = field(default_factory=list)

    def is_new(self, doc: DocumentResult, f: Finding) -> bool:
        return finding_key(doc, f) not in self.open

    def state(self, doc: DocumentResult, f: Finding) -> str | None:
        """'new' or 'open' for a gap, None for any other finding."""
        if f.status != "gap":
            return None
        return "open" if finding_key(doc, f) in self.open else "new"

    def summary(self) -> dict:
        return {
            "file": self.source,
            "new": len(self.new),
            "open": len(self.open),
            "resolved": len(self.resolved),
            "resolved_gaps": [
                {
                    "fingerprint": g.fingerprint,
                    "path": g.path,
                    "rule_id": g.rule_id,
                    "element": g.element,
                    "severity": g.severity,
                    "subject": g.subject,
                }
                for g in self.resolved
            ],
        }


def load_baseline(path: str | Path) -> Baseline:
    """Read a previous `--format json` report; anything else is a clear error naming the file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise GateConfigError(f"{p}: cannot read the baseline file ({exc.strerror or exc}).") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GateConfigError(
            f"{p}: the baseline is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "pass a report written with --format json."
        ) from exc
    except RecursionError:
        raise GateConfigError(f"{p}: the baseline is nested too deeply to be a compliance-check report; "
                              "pass a report written with --format json.") from None
    tool = data.get("tool") if isinstance(data, dict) else None
    if not isinstance(tool, dict) or tool.get("name") != "compliance-check" or not isinstance(
        data.get("documents"), list
    ):
        raise GateConfigError(
            f"{p}: not a compliance-check JSON report (expected keys 'tool.name' = "
            "'compliance-check' and 'documents'); pass a report written with --format json."
        )
    try:
        run = RunResult.model_validate(
            {k: v for k, v in data.items() if k in RunResult.model_fields}
        )
    except ValueError as exc:
        first = str(exc).splitlines()[0:3]
        raise GateConfigError(f"{p}: the baseline report is malformed: {' '.join(first)}") from exc
    base = Baseline(source=str(p))
    for doc in run.documents:
        for f in doc.findings:
            if f.status == "gap":
                key = finding_key(doc, f)
                base.gaps[key] = BaselineGap(key, doc.path, f.rule_id, f.element, f.severity, f.subject)
    return base


def compare_with_baseline(run: RunResult, baseline: Baseline) -> BaselineDiff:
    """Split the run's gaps into new and open, and list the baseline gaps resolved since."""
    diff = BaselineDiff(source=baseline.source)
    current: set[str] = set()
    checked_paths = {d.path for d in run.documents if d.status == "checked"}
    for doc in run.documents:
        for f in doc.findings:
            if f.status != "gap":
                continue
            key = finding_key(doc, f)
            current.add(key)
            (diff.open if key in baseline.gaps else diff.new).add(key)
    diff.resolved = [
        g for k, g in sorted(baseline.gaps.items(), key=lambda kv: (kv[1].path, kv[1].rule_id, kv[0]))
        if k not in current and g.path in checked_paths
    ]
    return diff
