"""`compliance-check diff TEMPLATE SUBMISSION`: what a plan changed from the template, and
whether the MOU may be filed as it is, needs a DHCS-approved redline, or needs a reviewer.

Also serves `check --template T PATH...` (every MOU under PATH diffed against T).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.commands.common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, EXIT_USAGE, ocr_option, pdf_engine_option
from checker.document import ExtractionError
from checker.redline.compare import MapMismatch
from checker.redline.formats import FORMATS
from checker.redline.model import DiffBatch
from checker.redline.policy import MapError
from checker.redline.run import ReadOptions, diff_batch, load_templates
from checker.report.write import write_atomic

FAIL_ON = ("review", "redline-required", "never")


def exit_code(batch: DiffBatch, fail_on: str) -> int:
    """3 if a submission could not be read, else 1 if a decision at or above --fail-on, else 0."""
    if any(r.status == "error" for r in batch.results):
        return EXIT_UNREADABLE
    if fail_on == "never":
        return EXIT_OK
    bad = {"review": ("review", "redline-required"), "redline-required": ("redline-required",)}[fail_on]
    return EXIT_PROBLEMS if any(r.decision in bad for r in batch.results) else EXIT_OK


def run_and_report(templates: list[Path], maps: list[Path], submissions: list[Path], opts: ReadOptions, fmt: str,
                   output: str | None, fail_on: str, quiet: bool, skipped: list[dict[str, str]] | None = None) -> int:
    """Load templates, diff every submission, write the report atomically; the exit code."""
    try:
        loaded = load_templates(templates, maps, opts)
    except MapError as exc:
        for d in exc.diagnostics:
            click.echo(d.render(), err=True)
        click.echo("error: the mandatory map has errors; run 'compliance-check rules lint'", err=True)
        return EXIT_USAGE
    except (MapMismatch, ExtractionError) as exc:
        click.echo(f"error: template: {exc}", err=True)
        return EXIT_USAGE
    batch = diff_batch(loaded, submissions, opts, skipped)
    text = FORMATS[fmt].render(batch)
    if output:
        try:
            write_atomic(output, text)
        except OSError as exc:
            click.echo(f"error: {output}: cannot write the report ({exc.strerror or exc}).", err=True)
            return EXIT_USAGE
        if not quiet:
            click.echo(f"wrote {fmt} diff report to {output}", err=True)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return exit_code(batch, fail_on)


def read_options(max_pages: int, timeout_s: float, max_text_kb: int, ocr: str, pdf_engine: str, no_cache: bool,
                 cache_dir: Path | None) -> ReadOptions:
    from checker.cache import default_cache_dir

    if no_cache and cache_dir is not None:
        raise click.UsageError("--no-cache and --cache-dir contradict each other; give one of them")
    return ReadOptions(max_pages, timeout_s, max_text_kb, ocr, pdf_engine,
                       None if no_cache else (cache_dir or default_cache_dir()))


@click.command("diff")
@click.argument("template", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("submission", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--template", "extra_templates", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="A further template the submission merges (e.g. the DMC-ODS template for a "
                                   "combined MHP + DMC-ODS MOU). Repeatable.")
@click.option("--map", "maps", multiple=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Mandatory map (YAML) of each template, in the order given. Default: the shipped map under "
                   "rules/templates/ that fits the template.")
@click.option("--format", "fmt", type=click.Choice(tuple(FORMATS)), default="table", show_default=True,
              help="Report format (html: the side-by-side redline).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to FILE (atomically). Default: standard output.")
@click.option("--fail-on", "fail_on", type=click.Choice(FAIL_ON), default="review", show_default=True,
              help="Exit 1 when a submission's decision is this or worse (review < redline-required).")
@click.option("--max-pages", type=click.IntRange(min=1), default=500, show_default=True)
@click.option("--max-text-kb", "max_text_kb", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=1), default=120.0, show_default=True)
@click.option("--no-cache", "no_cache", is_flag=True, default=False, help="Do not read or write the extraction cache.")
@click.option("--cache-dir", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="DIR", help="Extraction cache folder (shared with check).")
@click.option("--quiet", "-q", "quiet", is_flag=True, default=False)
@ocr_option
@pdf_engine_option
def diff_command(template: Path, submission: Path, extra_templates: tuple[Path, ...], maps: tuple[Path, ...],
                 fmt: str, output: str | None, fail_on: str, max_pages: int, max_text_kb: int, timeout_s: float,
                 no_cache: bool, cache_dir: Path | None, quiet: bool, ocr: str, pdf_engine: str) -> None:
    """Compare SUBMISSION with TEMPLATE provision by provision (.pdf, .docx, .txt, .md).

    Each template provision is kept, edited (word diff; numbers, dates, timeframes and modal
    verbs marked), moved or removed; each submission provision not in the template is added.
    The decision: file-and-use, redline-required (a mandatory provision edited or removed) or
    review (an addition may conflict with a mandatory provision).

    \b
    Exit codes: 0 file-and-use (or below --fail-on); 1 a decision at or above --fail-on;
    2 usage, template or map error; 3 the submission could not be read.
    """
    opts = read_options(max_pages, timeout_s, max_text_kb, ocr, pdf_engine, no_cache, cache_dir)
    sys.exit(run_and_report([template, *extra_templates], list(maps), [submission], opts, fmt, output, fail_on, quiet))


def check_against_templates(paths: list[Path], templates: list[Path], maps: list[Path], opts: ReadOptions,
                            fmt: str, output: str | None, fail_on: str, quiet: bool) -> int:
    """`check --template T PATH...`: every MOU found under PATH diffed against T (plan reports
    and the templates themselves are listed as skipped, each with its reason)."""
    from checker.discover import discover

    found, skipped = discover(paths)
    resolved = {t.resolve() for t in templates}
    submissions: list[Path] = []
    skips = [{"path": str(s.path), "reason": s.reason} for s in skipped]
    for f in found:
        if f.kind != "mou":
            skips.append({"path": str(f.path), "reason": "a plan report, not an MOU: it has no template to diff against"})
        elif f.path.resolve() in resolved:
            skips.append({"path": str(f.path), "reason": "it is the template itself"})
        else:
            submissions.append(f.path)
    if not submissions:
        click.echo(f"error: no MOU to diff under {', '.join(map(str, paths))} (exit 2)", err=True)
        return EXIT_USAGE
    gate = "never" if fail_on == "never" else "review"
    return run_and_report(templates, maps, submissions, opts, fmt, output, gate, quiet, skips)
