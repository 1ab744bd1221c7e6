"""Suppressions: accepted gaps, each with a mandatory reason.

File format (YAML): a list, or a mapping with a `suppressions:` list, of entries

    - fingerprint: 3f2a9c0d1e2b4a5f     # one finding, or
      reason: "Liaison named in side letter, see ticket 42"
    - rule_id: MOU.LIAISON              # every finding of a rule ...
      path: "corpus/mou/alpine-*.pdf"   # ... optionally only in matching documents (glob)
      reason: "County template predates the liaison clause"

A suppressed gap stays in every report, marked with its reason; it does not count
toward the gap totals or the gate. An entry without a reason is a configuration error.
"""
from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import yaml

from checker.facts.load import safe_yaml

from checker.gate import GateConfigError
from checker.gate.baseline import finding_key
from checker.results import DocumentResult, Finding, RunResult

_KEYS = {"fingerprint", "rule_id", "path", "reason"}


@dataclass
class Suppression:
    reason: str
    fingerprint: str | None = None
    rule_id: str | None = None
    path: str | None = None
    where: str = ""  # "file:entry N", for messages

    def matches(self, doc: DocumentResult, f: Finding) -> bool:
        if self.fingerprint and self.fingerprint != finding_key(doc, f):
            return False
        if self.rule_id and self.rule_id != f.rule_id:
            return False
        if self.path and not _path_matches(self.path, doc.path):
            return False
        return True


def _path_matches(pattern: str, path: str) -> bool:
    posix = path.replace("\\", "/")
    return fnmatchcase(posix, pattern) or fnmatchcase(posix, "*/" + pattern.lstrip("/"))


def load_suppressions(path: str | Path) -> list[Suppression]:
    """Parse and validate a suppression file; every problem names file:entry."""
    p = Path(path)
    try:
        data = safe_yaml(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GateConfigError(f"{p}: cannot read the suppression file ({exc.strerror or exc}).") from exc
    except yaml.YAMLError as exc:
        raise GateConfigError(f"{p}: not valid YAML: {exc}") from exc
    if data is None:
        return []
    if isinstance(data, dict) and "suppressions" in data:
        data = data["suppressions"] or []
    if not isinstance(data, list):
        raise GateConfigError(f"{p}: expected a list of suppression entries (or 'suppressions:' with a list).")
    out: list[Suppression] = []
    for i, entry in enumerate(data, start=1):
        where = f"{p}:entry {i}"
        if not isinstance(entry, dict):
            raise GateConfigError(f"{where}: expected a mapping with 'reason' and 'fingerprint' or 'rule_id'.")
        unknown = sorted(set(map(str, entry)) - _KEYS)
        if unknown:
            raise GateConfigError(
                f"{where}: unknown key(s) {', '.join(unknown)}; allowed: fingerprint, rule_id, path, reason."
            )
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise GateConfigError(f"{where}: missing 'reason'; every suppression must say why the gap is accepted.")
        fp, rule, glob = entry.get("fingerprint"), entry.get("rule_id"), entry.get("path")
        if not fp and not rule:
            raise GateConfigError(f"{where}: needs 'fingerprint' or 'rule_id' to say which findings it suppresses.")
        out.append(
            Suppression(
                reason=reason.strip(),
                fingerprint=str(fp) if fp else None,
                rule_id=str(rule) if rule else None,
                path=str(glob) if glob else None,
                where=where,
            )
        )
    return out


def apply_suppressions(run: RunResult, suppressions: list[Suppression]) -> list[Suppression]:
    """Mark matching gaps as suppressed (in place) and return the entries that matched nothing."""
    used: set[int] = set()
    for doc in run.documents:
        for f in doc.findings:
            if f.status != "gap":
                continue
            for idx, s in enumerate(suppressions):
                if s.matches(doc, f):
                    f.suppressed = s.reason
                    used.add(idx)
                    break
    run.recount()
    return [s for i, s in enumerate(suppressions) if i not in used]
