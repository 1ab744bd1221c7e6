"""Checking one document: read it (through the cache), classify it, evaluate every rule.

Why a module of its own: the batch runner (`checker.run`) and the worker pool
(`checker.parallel`) both call these functions, and neither may import the other.
"""
from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from checker.deadline import DocumentTimeout, deadline
from checker.document import Document, ExtractionError
from checker.engine.classify import classify
from checker.engine.aliases import pronoun_aliases
from checker.engine.evaluate import Subject, evaluate_all, evaluate_rule
from checker.engine.ruleset import RuleSet
from checker.engine.units import DocumentView
from checker.extract import DEFAULT_PDF_ENGINE
from checker.extract.limits import DEFAULT_MAX_TEXT_KB
from checker.ocr_marks import mark_findings
from checker.results import DocumentResult

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


@dataclass(frozen=True)
class MouSummary:
    """What a checked MOU tells the plan-report portfolio rules of the same run (`run.mous`).

    The keys are the plan report's own inventory keys (`type`, `county`, `executed`), so a rule
    reads one name for the MOU type in both."""

    path: str
    type: str | None  # the primary type
    types: tuple[str, ...]  # every type a combined MOU covers
    county: str | None
    executed: dt.date | None
    plans: tuple[str, ...]

    def facts(self) -> dict[str, Any]:
        return {"path": self.path, "type": self.type, "types": list(self.types), "county": self.county,
                "executed": self.executed, "plans": list(self.plans)}


MouOutcome = tuple[DocumentResult, "MouSummary | None"]  # result + portfolio summary when checked


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
    view = DocumentView(document, pronoun_aliases(document, ruleset.terms))
    subject = Subject("mou", key, view=view, meta=cls.meta(), mou_type=cls.mou_type,
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
                      run_mous: "list[MouSummary]") -> DocumentResult:
    from checker.facts.derive import derive_facts
    from checker.facts.load import load_plan_report_hashed

    report, sha256 = load_plan_report_hashed(path)  # one read: parsed and hashed from the same bytes
    facts = derive_facts(report)
    facts["run"] = {"mous": [m.facts() for m in run_mous]}
    subject = Subject("plan-report", key, facts=facts)
    findings = evaluate_all(ruleset, subject, opts.as_of)
    return DocumentResult(path=key, sha256=sha256, kind="plan-report", findings=findings)


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
    return result, MouSummary(result.path, result.mou_type, tuple(result.mou_types or
                                                                 ([result.mou_type] if result.mou_type else [])),
                              meta.get("county"), meta.get("executed"), tuple(meta.get("plans") or ()))


def _internal(exc: Exception) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    loc = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return (f"internal error while checking this file ({type(exc).__name__}: {exc}{loc}); "
            "the rest of the run went on; please report this file to the maintainers")
