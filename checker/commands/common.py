"""Options and helpers shared by the commands."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from checker.dsl.errors import RuleSetError
from checker.engine.ruleset import DEFAULT_RULES_DIR, RuleSet, load_ruleset
from checker.extract import DEFAULT_PDF_ENGINE, PDF_ENGINES

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3

rules_option = click.option(
    "--rules", "rules_dir", type=click.Path(path_type=Path), default=None,
    help=f"Folder (or single .rules file) of rule files. Default: the shipped rules ({DEFAULT_RULES_DIR}).",
)


pdf_engine_option = click.option(
    "--pdf-engine", "pdf_engine", type=click.Choice(PDF_ENGINES), default=DEFAULT_PDF_ENGINE, show_default=True,
    help="How PDF text is read: pdfium (fast) or pdfplumber (the reference reader; pages with ruled tables "
         "are always read by pdfplumber). Both give the same clause tree on the corpus; the engine is part "
         "of the cache key and recorded in the JSON report (tool.pdf_engine).",
)


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-07-01") from None


def load_rules_or_exit(rules_dir: Path | None) -> RuleSet:
    """Load the rule set; print every error and exit 2 if it has any."""
    try:
        return load_ruleset(rules_dir)
    except RuleSetError as err:
        click.echo(err.render(), err=True)
        click.echo(f"error: the rule set has {len(err.diagnostics)} error(s); "
                   f"run 'compliance-check rules lint' for details", err=True)
        raise SystemExit(EXIT_USAGE) from None


ocr_option = click.option(
    "--ocr", "ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
    help="Read PDF pages without a text layer with Tesseract OCR: auto = such pages only, when Tesseract "
         "is installed (apt-get install tesseract-ocr); always = every page; never = leave them unread "
         "(rules they could decide stay undetermined).",
)
