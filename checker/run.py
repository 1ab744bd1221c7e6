"""One `check` run: discover files, read each, evaluate the rule set, build the RunResult.

MOUs are checked first so that plan-report portfolio rules can count the MOUs of the
same run. A file that cannot be read becomes an `error` document; the batch goes on.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from checker import __version__
from checker.discover import Found, discover
from checker.document import Document, ExtractionError
from checker.dsl.ruleset import RuleSet
from checker.engine.classify import classify
from checker.engine.evaluate import Subject, evaluate_all
from checker.engine.view import DocumentView
from checker.results import DocumentResult, RulesInfo, RunResult, ToolInfo


@dataclass
class RunOptions:
    as_of: dt.date
    mou_type: str | None = None
    max_pages: int = 500
    timeout_s: float = 120.0


def _sha256(path: Path) -> str:
    try:
        h = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return ""


def _counties() -> list[str]:
    from checker.facts.data import counties

    return counties()


def check_mou(document: Document, ruleset: RuleSet, opts: RunOptions, key: str) -> DocumentResult:
    """Evaluate one extracted MOU against every rule."""
    cls = classify(document, ruleset.mou_types, _counties(), opts.mou_type)
    subject = Subject("mou", key, view=DocumentView(document), meta=cls.meta(), mou_type=cls.mou_type)
    findings = evaluate_all(ruleset, subject, opts.as_of)
    return DocumentResult(path=key, sha256=document.sha256, kind="mou", mou_type=cls.mou_type,
                          findings=findings, mou_type_reason=cls.reason)


def _mou_summary(result: DocumentResult, document: Document | None, ruleset: RuleSet) -> dict[str, Any]:
    cls_meta: dict[str, Any] = {}
    if document is not None:
        cls_meta = classify(document, ruleset.mou_types, _counties(), result.mou_type).meta()
    return {"path": result.path, "mou_type": result.mou_type, "county": cls_meta.get("county"),
            "executed": cls_meta.get("executed")}


def check_plan_report(path: Path, ruleset: RuleSet, opts: RunOptions, key: str,
                      run_mous: list[dict[str, Any]]) -> DocumentResult:
    from checker.facts.load import load_plan_report

    report = load_plan_report(path)
    facts = report.facts()
    facts["run"] = {"mous": run_mous}
    subject = Subject("plan-report", key, facts=facts)
    findings = evaluate_all(ruleset, subject, opts.as_of)
    return DocumentResult(path=key, sha256=_sha256(path), kind="plan-report", findings=findings)


def _error(key: str, path: Path, kind: str, message: str) -> DocumentResult:
    return DocumentResult(path=key, sha256=_sha256(path), kind=kind, status="error", error=message)  # type: ignore[arg-type]


def load_mou(path: Path, opts: RunOptions) -> Document:
    from checker.extract import load_document

    return load_document(path, max_pages=opts.max_pages, timeout_s=opts.timeout_s)


def check_paths(paths: list[Path], ruleset: RuleSet, opts: RunOptions) -> RunResult:
    """Discover and check everything under `paths` (library entry point)."""
    return run_check(discover(paths)[0], ruleset, opts)


def run_check(found: list[Found], ruleset: RuleSet, opts: RunOptions,
              advance: Callable[[str], None] | None = None) -> RunResult:
    """Check the discovered files: MOUs first, then plan reports."""
    results: dict[Path, DocumentResult] = {}
    mou_summaries: list[dict[str, Any]] = []
    for item in (f for f in found if f.kind == "mou"):
        key = str(item.path)
        document = None
        try:
            document = load_mou(item.path, opts)
            result = check_mou(document, ruleset, opts, key)
        except ExtractionError as exc:
            result = _error(key, item.path, "mou", exc.message)
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
            result = _error(key, item.path, "mou", _internal(exc))
        results[item.path] = result
        if result.status == "checked":
            mou_summaries.append(_mou_summary(result, document, ruleset))
        if advance:
            advance(key)
    for item in (f for f in found if f.kind == "plan-report"):
        results[item.path] = _check_report_safely(item, ruleset, opts, mou_summaries)
        if advance:
            advance(str(item.path))
    run = RunResult(
        tool=ToolInfo(version=__version__),
        as_of=opts.as_of.isoformat(),
        rules=RulesInfo(count=len(ruleset.rules), unconfirmed_params=ruleset.unconfirmed_params()),
        documents=[results[f.path] for f in found],
    )
    return run.recount()


def _check_report_safely(item: Found, ruleset: RuleSet, opts: RunOptions,
                         mou_summaries: list[dict[str, Any]]) -> DocumentResult:
    from checker.facts.load import PlanReportError

    key = str(item.path)
    try:
        return check_plan_report(item.path, ruleset, opts, key, mou_summaries)
    except PlanReportError as exc:
        return _error(key, item.path, "plan-report", str(exc))
    except Exception as exc:  # noqa: BLE001
        return _error(key, item.path, "plan-report", _internal(exc))


def _internal(exc: Exception) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    loc = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return (f"internal error while checking this file ({type(exc).__name__}: {exc}{loc}); "
            "the rest of the run went on; please report this file to the maintainers")
