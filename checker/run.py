"""One `check` run: discover files, read each, evaluate the rule set, build the RunResult.

MOUs are checked first so that plan-report portfolio rules can count the MOUs of the
same run. A file that cannot be read becomes an `error` document; the batch goes on.
With `RunOptions.jobs > 1` the MOUs are extracted and evaluated in worker processes
(`checker.parallel`); with `RunOptions.cache_dir` extraction goes through the
content-addressed cache and unchanged rules re-use their stored verdicts
(`checker.cache`). The result is the same either way.
"""
from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from checker import __version__
from checker.deadline import DocumentTimeout, deadline
from checker.discover import Found, Skipped, discover
from checker.document import Document, ExtractionError
from checker.engine.ruleset import RuleSet
from checker.engine.classify import classify
from checker.engine.evaluate import Subject, evaluate_all, evaluate_rule
from checker.engine.view import DocumentView
from checker.extract import DEFAULT_PDF_ENGINE
from checker.extract.limits import DEFAULT_MAX_TEXT_KB
from checker.ocr_marks import mark_findings
from checker.results import DocumentResult, RulesInfo, RunResult, SkippedFile, ToolInfo

if TYPE_CHECKING:
    from checker.cache import ExtractionCache, VerdictCache


@dataclass
class RunOptions:
    as_of: dt.date
    mou_type: str | None = None
    max_pages: int = 500
    timeout_s: float = 120.0
    jobs: int = 1  # worker processes for MOUs; 1 = in this process
    cache_dir: str | Path | None = None  # extraction + verdict cache folder; None = no cache
    # jobs was not asked for: start workers only when enough uncached extraction pays for them
    auto_jobs: bool = False
    max_text_kb: int = DEFAULT_MAX_TEXT_KB  # text, markdown and Word documents above this are refused
    ocr: str = "auto"  # auto | always | never: read pages without a text layer with Tesseract
    pdf_engine: str = DEFAULT_PDF_ENGINE  # "pdfium" (fast) or "pdfplumber" (the reference)

    def cache_limits(self) -> int | str:
        """The size limits an extraction cache entry depends on (its key part)."""
        if self.max_text_kb == DEFAULT_MAX_TEXT_KB:
            return self.max_pages  # the same keys as before the text limit existed
        return f"{self.max_pages};max_text_kb={self.max_text_kb}"


# (path, options) -> Document; the raw extractor, under the cache. Module-level so workers can pickle it.
Loader = Callable[[Path, "RunOptions"], Document]
MouOutcome = tuple[DocumentResult, "dict[str, Any] | None"]  # result + portfolio summary when checked


def _sha256(path: Path) -> str:
    from checker.extract.util import sha256_file

    if not path.is_file():  # a folder, a broken link, or a pipe (opening it would block)
        return ""
    try:
        return sha256_file(path)
    except OSError:
        return ""


def _counties() -> list[str]:
    from checker.facts.data import counties

    return counties()


def _plans() -> dict[str, dict[str, Any]]:
    from checker.facts.data import plan_counties

    return plan_counties()


def check_mou(document: Document, ruleset: RuleSet, opts: RunOptions, key: str,
              verdicts: "VerdictCache | None" = None) -> DocumentResult:
    """Evaluate one extracted MOU against every rule (re-using stored verdicts of unchanged rules)."""
    return _check_classified(document, ruleset, opts, key, verdicts)[0]


def _check_classified(document: Document, ruleset: RuleSet, opts: RunOptions, key: str,
                      verdicts: "VerdictCache | None") -> tuple[DocumentResult, dict[str, Any]]:
    """The result and the classification's meta (county, executed date) used by portfolio rules."""
    cls = classify(document, ruleset.mou_types, _counties(), opts.mou_type, _plans())
    subject = Subject("mou", key, view=DocumentView(document), meta=cls.meta(), mou_type=cls.mou_type,
                      mou_types=tuple(cls.mou_types))
    if verdicts is None:
        findings = evaluate_all(ruleset, subject, opts.as_of)
    else:
        vkey = verdicts.key(document, key, opts.as_of.isoformat(), opts.mou_type)
        findings = verdicts.evaluate(ruleset, vkey, lambda c: evaluate_rule(c, ruleset, subject, opts.as_of))
    findings = mark_findings(findings, document)
    return DocumentResult(path=key, sha256=document.sha256, kind="mou", mou_type=cls.mou_type,
                          mou_types=cls.mou_types, findings=findings, mou_type_reason=cls.reason,
                          notes=list(document.notes)), cls.meta()


def check_plan_report(path: Path, ruleset: RuleSet, opts: RunOptions, key: str,
                      run_mous: list[dict[str, Any]]) -> DocumentResult:
    from checker.facts.derive import derive_facts
    from checker.facts.load import load_plan_report

    report = load_plan_report(path)
    facts = derive_facts(report)
    facts["run"] = {"mous": run_mous}
    subject = Subject("plan-report", key, facts=facts)
    findings = evaluate_all(ruleset, subject, opts.as_of)
    return DocumentResult(path=key, sha256=_sha256(path), kind="plan-report", findings=findings)


def _error(key: str, path: Path, kind: str, message: str) -> DocumentResult:
    return DocumentResult(path=key, sha256=_sha256(path), kind=kind, status="error", error=message)  # type: ignore[arg-type]


def extract_mou(path: Path, opts: RunOptions) -> Document:
    """Extract without the cache."""
    from checker.extract import load_document

    return load_document(path, max_pages=opts.max_pages, timeout_s=opts.timeout_s, max_text_kb=opts.max_text_kb,
                         ocr=opts.ocr, pdf_engine=opts.pdf_engine)


def cache_variant(opts: RunOptions) -> str:
    """The part of the extraction cache key that the run's options add (OCR mode and engine)."""
    from checker.extract.ocr import cache_variant as ocr_variant

    return ocr_variant(opts.ocr)


def load_mou(path: Path, opts: RunOptions, cache: "ExtractionCache | None" = None,
             loader: Loader | None = None) -> Document:
    """Extract `path`, through `cache` when one is given."""
    extract = loader or extract_mou
    if cache is None:
        return extract(path, opts)
    return cache.load(path, opts.cache_limits(), lambda: extract(path, opts), variant=cache_variant(opts),
                      pdf_engine=opts.pdf_engine)


def check_mou_file(path: Path, ruleset: RuleSet, opts: RunOptions, cache: "ExtractionCache | None" = None,
                   loader: Loader | None = None, verdicts: "VerdictCache | None" = None) -> MouOutcome:
    """Extract and evaluate one MOU file; every failure becomes that document's error."""
    key = str(path)
    try:
        with deadline(opts.timeout_s):
            document = load_mou(path, opts, cache, loader)
            result, meta = _check_classified(document, ruleset, opts, key, verdicts)
    except DocumentTimeout:
        return _error(key, path, "mou", f"took longer than {opts.timeout_s:g} s to read and check (--timeout); "
                                        "the rest of the run went on; raise --timeout or split the document"), None
    except ExtractionError as exc:
        return _error(key, path, "mou", exc.message), None
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
        return _error(key, path, "mou", _internal(exc)), None
    summary = {"path": result.path, "mou_type": result.mou_type, "county": meta.get("county"),
               "executed": meta.get("executed"), "plans": meta.get("plans") or []}
    return result, summary


def check_paths(paths: list[Path], ruleset: RuleSet, opts: RunOptions) -> RunResult:
    """Discover and check everything under `paths` (library entry point)."""
    found, skipped = discover(paths)
    return run_check(found, ruleset, opts, skipped=skipped)


def run_check(found: list[Found], ruleset: RuleSet, opts: RunOptions,
              advance: Callable[[str], None] | None = None, skipped: list[Skipped] | None = None) -> RunResult:
    """Check the discovered files: MOUs first, then plan reports; `skipped` is listed in the result."""
    results: dict[Path, DocumentResult] = {}
    for f in found:
        if f.error is not None:  # known unreadable without opening it (unreadable folder, broken link)
            results[f.path] = _error(str(f.path), f.path, f.kind, f.error)
            if advance:
                advance(str(f.path))
    mous = [f.path for f in found if f.kind == "mou" and f.error is None]
    outcomes = check_mou_files(mous, ruleset, opts, advance)
    for path, (result, _summary) in zip(mous, outcomes):
        results[path] = result
    # Portfolio rules see the MOUs in discovery order, whatever order the workers finished in.
    mou_summaries = [summary for _result, summary in outcomes if summary is not None]
    for item in (f for f in found if f.kind == "plan-report" and f.error is None):
        results[item.path] = _check_report_safely(item, ruleset, opts, mou_summaries)
        if advance:
            advance(str(item.path))
    run = RunResult(
        tool=ToolInfo(version=__version__, pdf_engine=opts.pdf_engine),
        as_of=opts.as_of.isoformat(),
        rules=RulesInfo(count=len(ruleset.rules), unconfirmed_params=ruleset.unconfirmed_params()),
        documents=[results[f.path] for f in found],
        skipped=[SkippedFile(path=str(s.path), reason=s.reason) for s in skipped or []],
    )
    return run.recount()


def check_mou_files(paths: list[Path], ruleset: RuleSet, opts: RunOptions,
                    advance: Callable[[str], None] | None = None) -> list[MouOutcome]:
    """Outcomes for `paths`, in their order: in worker processes when opts.jobs > 1."""
    from checker.cache import open_cache, open_verdicts

    cache = open_cache(opts.cache_dir)
    if opts.jobs > 1 and len(paths) > 1:
        from checker.parallel import all_cached, check_mous, worth_workers

        if opts.auto_jobs:
            pool = worth_workers(paths, cache, opts.cache_limits(), cache_variant(opts), opts.pdf_engine)
        else:  # --jobs N was asked for, but a fully cached batch is faster here (no spawn, no re-import)
            pool = not all_cached(paths, cache, opts.cache_limits(), cache_variant(opts), opts.pdf_engine)
        if pool:
            return check_mous(paths, ruleset, opts, advance)
    verdicts = open_verdicts(opts.cache_dir, ruleset)
    outcomes: list[MouOutcome] = []
    for path in paths:
        outcomes.append(check_mou_file(path, ruleset, opts, cache, verdicts=verdicts))
        if advance:
            advance(str(path))
    return outcomes


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
