"""`compliance-check check PATH...`: evaluate MOUs and plan reports, write the gap report."""
from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from checker.commands.common import (EXIT_USAGE, load_rules_or_exit, ocr_option, parse_date, pdf_engine_option,
                                     rules_option)
from checker.report.emit import emit
from checker.report.options import OutputOptions, output_options
from checker.report.progress import Progress, progress_enabled
from checker.run import RunOptions, run_check


EXIT_INTERRUPTED = 130


@contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C or SIGTERM: stop the workers, write no report, exit 130/143 (never 1, "gaps found")."""
    def _terminated(signum, frame):  # noqa: ANN001 - signal handler signature
        raise SystemExit(128 + signum)

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if main else None
    try:
        yield
    except KeyboardInterrupt:
        click.echo("interrupted: the run was stopped and no report was written (exit 130)", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit as exc:
        if exc.code == 128 + signal.SIGTERM:
            click.echo("terminated: the run was stopped and no report was written (exit 143)", err=True)
        raise
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@rules_option
@click.option("--as-of", "as_of", callback=parse_date, default=None, metavar="DATE",
              help="Check as of this date (YYYY-MM-DD): decides which rules and MOU types are in force. "
                   "Default: today.")
@click.option("--mou-type", "mou_type", default=None, metavar="TYPE[,TYPE...]",
              help="Treat every MOU as this type (e.g. mhp) instead of detecting it; a combined MOU takes "
                   "several, comma-separated, primary first (e.g. mhp,dmc-ods).")
@click.option("--max-pages", type=click.IntRange(min=1), default=500, show_default=True,
              help="Refuse PDFs longer than this many pages.")
@click.option("--max-text-kb", "max_text_kb", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Refuse text, markdown and Word documents with more than this many KB of text "
                   "(about 2 KB a page).")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=1), default=120.0, show_default=True,
              help="Give up on one document after this many seconds of reading and checking it "
                   "(enforced in worker processes too); the rest of the run goes on.")
@click.option("--jobs", "-j", "jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Check MOUs in N worker processes (1 = in this process). Default: the number of cores, "
                   "used when at least 4 PDF/Word files need extracting (fewer are faster in one process). "
                   "No workers start when every document is already in the cache.")
@click.option("--no-cache", "no_cache", is_flag=True, default=False,
              help="Extract every document afresh; do not read or write the extraction cache.")
@click.option("--cache-dir", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="DIR", help="Extraction cache folder. Default: $COMPLIANCE_CHECK_CACHE_DIR, else "
                                  "$XDG_CACHE_HOME/compliance-check, else ~/.cache/compliance-check.")
@click.option("--template", "templates", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Instead of the gap check, diff every MOU under PATHS against this template "
                                   "(repeatable for merged templates) and exit 1 when any needs a redline or "
                                   "a review (--fail-on never: 0); see 'compliance-check diff --help'.")
@click.option("--map", "maps", multiple=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="With --template: the mandatory map of each template, in order (default: the shipped map).")
@ocr_option
@pdf_engine_option
@output_options
def check_command(paths: tuple[str, ...], rules_dir: Path | None, as_of, mou_type: str | None,
                  max_pages: int, max_text_kb: int, timeout_s: float, jobs: int | None, no_cache: bool,
                  cache_dir: Path | None, ocr: str, pdf_engine: str, templates: tuple[Path, ...] = (),
                  maps: tuple[Path, ...] = (), **output_kwargs) -> None:
    """Check MOUs (.pdf .docx .txt .md) and plan reports (.yaml .yml .json) under PATHS.

    Folders are searched recursively (a linked folder or file is read once); a .checkignore
    file in a folder lists glob patterns to leave out. Every other file is checked, reported
    as an error (the rest of the run goes on), or listed as skipped with its reason. A run
    that finds no document to check exits 2, never 0. Extracted text is cached by file content,
    so a re-check after a rule edit skips the slow PDF reading. Scanned PDF pages (no text layer)
    are read by Tesseract OCR when it is installed (--ocr auto); evidence from OCR text is marked "(OCR)".
    """
    try:
        opts = OutputOptions(**output_kwargs)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if any(not p.strip() for p in paths):
        raise click.UsageError("an empty PATH was given (e.g. an unset shell variable); name the files or "
                               "folders to check, or '.' for the current folder")
    paths = tuple(Path(p) for p in paths)  # type: ignore[assignment]
    if templates:
        from checker.commands.diff import check_against_templates, read_options

        read = read_options(max_pages, timeout_s, max_text_kb, ocr, pdf_engine, no_cache, cache_dir)
        sys.exit(check_against_templates(list(paths), list(templates), list(maps), read, opts.format, opts.output,
                                         opts.fail_on, opts.quiet))  # type: ignore[arg-type]
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    for p in missing:
        click.echo(f"warning: {p} does not exist; it is reported as an error", err=True)
    ruleset = load_rules_or_exit(rules_dir)
    for one in (t.strip() for t in (mou_type or "").split(",") if t.strip()):
        if one not in ruleset.mou_types:
            from checker.dsl.errors import did_you_mean

            hint = did_you_mean(one, ruleset.mou_types) or "known: " + ", ".join(ruleset.mou_types)
            click.echo(f"error: unknown --mou-type '{one}'; {hint}", err=True)
            sys.exit(EXIT_USAGE)
    if no_cache and cache_dir is not None:
        raise click.UsageError("--no-cache and --cache-dir contradict each other; give one of them")
    from checker.cache import default_cache_dir
    from checker.discover import discover
    from checker.parallel import default_jobs

    run_opts = RunOptions(as_of, mou_type, max_pages, timeout_s, jobs=jobs or default_jobs(), auto_jobs=jobs is None,
                          cache_dir=None if no_cache else (cache_dir or default_cache_dir()), max_text_kb=max_text_kb,
                          ocr=ocr, pdf_engine=pdf_engine)

    with _interruptible():
        found, skipped = discover(list(paths))  # type: ignore[arg-type]
        with Progress(len(found), progress_enabled(opts)) as progress:
            run = run_check(found, ruleset, run_opts, advance=progress.advance, skipped=skipped)
    if not found:
        click.echo(f"error: no document was checked: found no MOU (.pdf .docx .txt .md) or plan report "
                   f"(.yaml .yml .json with kind: plan-report) under {', '.join(map(str, paths))}"
                   f"{f'; {len(skipped)} file(s) skipped, each listed with its reason in the report' if skipped else ''}"
                   " (exit 2)", err=True)
    elif skipped and not opts.quiet:
        click.echo(f"note: skipped {len(skipped)} file(s) that are not MOUs or plan reports; each is listed "
                   f"with its reason in the report (e.g. {skipped[0].path}: {skipped[0].reason})", err=True)
    sys.exit(emit(run, opts))
