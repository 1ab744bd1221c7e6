"""`compliance-check check PATH...`: evaluate MOUs and plan reports, write the gap report."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.commands.common import EXIT_USAGE, load_rules_or_exit, parse_date, pdf_engine_option, rules_option
from checker.report.emit import emit
from checker.report.options import OutputOptions, output_options
from checker.report.progress import Progress, progress_enabled
from checker.run import RunOptions, run_check


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@rules_option
@click.option("--as-of", "as_of", callback=parse_date, default=None, metavar="DATE",
              help="Check as of this date (YYYY-MM-DD): decides which rules and MOU types are in force. "
                   "Default: today.")
@click.option("--mou-type", "mou_type", default=None, metavar="TYPE",
              help="Treat every MOU as this type (e.g. mhp) instead of detecting it.")
@click.option("--max-pages", type=click.IntRange(min=1), default=500, show_default=True,
              help="Refuse PDFs longer than this many pages.")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=1), default=120.0, show_default=True,
              help="Give up on one document after this many seconds of extraction.")
@click.option("--jobs", "-j", "jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Check MOUs in N worker processes (1 = in this process). Default: the number of cores, "
                   "used when at least 4 PDF/Word files need extracting (fewer are faster in one process). "
                   "No workers start when every document is already in the cache.")
@click.option("--no-cache", "no_cache", is_flag=True, default=False,
              help="Extract every document afresh; do not read or write the extraction cache.")
@click.option("--cache-dir", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="DIR", help="Extraction cache folder. Default: $COMPLIANCE_CHECK_CACHE_DIR, else "
                                  "$XDG_CACHE_HOME/compliance-check, else ~/.cache/compliance-check.")
@pdf_engine_option
@output_options
def check_command(paths: tuple[Path, ...], rules_dir: Path | None, as_of, mou_type: str | None,
                  max_pages: int, timeout_s: float, jobs: int | None, no_cache: bool, cache_dir: Path | None,
                  pdf_engine: str, **output_kwargs) -> None:
    """Check MOUs (.pdf .docx .txt .md) and plan reports (.yaml .yml .json) under PATHS.

    Folders are searched recursively; a .checkignore file in a folder lists glob patterns
    to leave out. A file that cannot be read is reported as an error and the rest of the
    run goes on. Extracted text is cached by file content, so a re-check after a rule edit
    skips the slow PDF reading.
    """
    try:
        opts = OutputOptions(**output_kwargs)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        click.echo(f"warning: {p} does not exist; it is reported as an error", err=True)
    ruleset = load_rules_or_exit(rules_dir)
    if mou_type and mou_type not in ruleset.mou_types:
        from checker.dsl.errors import did_you_mean

        hint = did_you_mean(mou_type, ruleset.mou_types) or "known: " + ", ".join(ruleset.mou_types)
        click.echo(f"error: unknown --mou-type '{mou_type}'; {hint}", err=True)
        sys.exit(EXIT_USAGE)
    if no_cache and cache_dir is not None:
        raise click.UsageError("--no-cache and --cache-dir contradict each other; give one of them")
    from checker.cache import default_cache_dir
    from checker.discover import discover
    from checker.parallel import default_jobs

    run_opts = RunOptions(as_of, mou_type, max_pages, timeout_s, jobs=jobs or default_jobs(), auto_jobs=jobs is None,
                          cache_dir=None if no_cache else (cache_dir or default_cache_dir()), pdf_engine=pdf_engine)

    found, skipped = discover(list(paths))
    with Progress(len(found), progress_enabled(opts)) as progress:
        run = run_check(found, ruleset, run_opts, advance=progress.advance)
    if skipped and not opts.quiet:
        click.echo(f"note: passed over {len(skipped)} file(s) that are neither MOUs nor plan reports "
                   f"(e.g. {skipped[0]})", err=True)
    sys.exit(emit(run, opts))
