"""Turn a RunResult into a report and an exit code: suppress, compare, gate, render, write.

Order matters and is fixed: suppressions are applied first (so a suppressed gap is
neither counted nor gated), then the baseline comparison, then the exit code on the
*whole* run, then `--top` cuts what is shown (never what is gated), then rendering.
Rendering happens completely in memory before anything is written, so a failing
formatter never leaves a partial report.
"""
from __future__ import annotations

import sys
from typing import Callable, TextIO

import click

from checker.gate import GateConfigError
from checker.gate.baseline import compare_with_baseline, load_baseline
from checker.gate.policy import EXIT_USAGE, exit_code
from checker.gate.suppress import apply_suppressions, load_suppressions
from checker.report.formats import FORMATS as REGISTRY
from checker.report.options import OutputOptions
from checker.report.view import ReportContext, top_run
from checker.report.write import write_atomic
from checker.results import RunResult

Renderer = Callable[[RunResult, OutputOptions, ReportContext], str]


def renderer(fmt: str) -> Renderer:
    """The `render` function of the format's leaf module."""
    if fmt not in REGISTRY:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(REGISTRY)}")
    return REGISTRY[fmt].render


def prepare(run: RunResult, opts: OutputOptions) -> tuple[RunResult, ReportContext]:
    """Apply suppressions and baseline, compute the exit code; returns (run to show, context).

    Raises GateConfigError for an unusable baseline or suppression file.
    """
    suppressions = load_suppressions(opts.suppressions) if opts.suppressions else []
    baseline = load_baseline(opts.baseline) if opts.baseline else None
    run = run.model_copy(deep=True)
    unused = apply_suppressions(run, suppressions)  # also recounts
    diff = compare_with_baseline(run, baseline) if baseline is not None else None
    code = exit_code(run, opts.fail_on, diff)
    shown = top_run(run, opts.top)
    ctx = ReportContext(
        diff=diff,
        total_documents=len(run.documents) if shown is not run else None,
        exit_code=code,
        unused_suppressions=[f"{s.where}: {s.rule_id or s.fingerprint}" for s in unused] or None,
    )
    return shown, ctx


def _save_copy(text: str, opts: OutputOptions, err: TextIO) -> None:
    """Keep the report in --report-dir too, so a run always leaves a file behind."""
    if not opts.report_dir:
        return
    target = f"{opts.report_dir.rstrip('/')}/compliance-report.{REGISTRY[opts.format].EXTENSION}"
    try:
        write_atomic(target, text)
    except OSError as exc:
        click.echo(f"warning: could not save a copy of the report to {target} ({exc.strerror or exc})", file=err)
        return
    if not opts.quiet:
        click.echo(f"saved a copy of the report to {target}", file=err)


def emit(run: RunResult, opts: OutputOptions, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Write the report (stdout, or --output atomically) and return the exit code (see policy)."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        shown, ctx = prepare(run, opts)
    except GateConfigError as exc:
        click.echo(f"error: {exc}", file=err)
        return EXIT_USAGE
    text = renderer(opts.format)(shown, opts, ctx)
    if opts.output:
        try:
            write_atomic(opts.output, text)
        except OSError as exc:
            click.echo(f"error: {opts.output}: cannot write the report ({exc.strerror or exc}).", file=err)
            return EXIT_USAGE
        if not opts.quiet:
            click.echo(f"wrote {opts.format} report to {opts.output}", file=err)
    else:
        out.write(text)
        out.flush()
        _save_copy(text, opts, err)
    if not opts.quiet and ctx.unused_suppressions:
        for s in ctx.unused_suppressions:
            click.echo(f"note: suppression matched nothing: {s}", file=err)
    assert ctx.exit_code is not None
    return ctx.exit_code
