"""One `check` run: discover files, read each, evaluate the rule set, build the RunResult.

MOUs are checked first so that plan-report portfolio rules can count the MOUs of the
same run. A file that cannot be read becomes an `error` document; the batch goes on.
With `RunOptions.jobs > 1` the MOUs are extracted and evaluated in worker processes
(`checker.parallel`); with `RunOptions.cache_dir` extraction goes through the
content-addressed cache and unchanged rules re-use their stored verdicts
(`checker.cache`). The result is the same either way.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from checker import __version__
from checker.discover import Found, Skipped, discover
from checker.document_check import (  # noqa: F401 - re-exported: the library entry points
    Loader, MouOutcome, MouSummary, RunOptions, _error, _internal, cache_variant, check_mou, check_mou_file,
    check_plan_report, extract_mou, load_mou)
from checker.engine.ruleset import RuleSet
from checker.results import DocumentResult, RulesInfo, RunResult, SkippedFile, ToolInfo

if TYPE_CHECKING:
    from checker.cache import ExtractionCache, VerdictCache


def check_paths(paths: list[Path], ruleset: RuleSet, opts: RunOptions) -> RunResult:
    """Discover and check everything under `paths` (library entry point)."""
    found, skipped = discover(paths)
    return run_check(found, ruleset, opts, skipped=skipped)


def run_check(found: list[Found], ruleset: RuleSet, opts: RunOptions,
              advance: Callable[[str], None] | None = None, skipped: list[Skipped] | None = None) -> RunResult:
    """Check the discovered files: MOUs first, then plan reports; `skipped` is listed in the result.

    Everything reads the rule set's reference data (`--rules DIR`'s data/, or the shipped one).
    """
    from checker.facts import data

    with data.using(ruleset.data_dir):
        return _run_check(found, ruleset, opts, advance, skipped)


def _run_check(found: list[Found], ruleset: RuleSet, opts: RunOptions, advance: Callable[[str], None] | None,
               skipped: list[Skipped] | None) -> RunResult:
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
                         mou_summaries: "list[MouSummary]") -> DocumentResult:
    from checker.facts.load import PlanReportError

    key = str(item.path)
    try:
        return check_plan_report(item.path, ruleset, opts, key, mou_summaries)
    except PlanReportError as exc:
        return _error(key, item.path, "plan-report", str(exc))
    except Exception as exc:  # noqa: BLE001
        return _error(key, item.path, "plan-report", _internal(exc))
