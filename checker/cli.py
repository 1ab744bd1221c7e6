"""Command-line entry point: `compliance-check check|rules|extract|diff`.

Each command lives in the module that owns its job; this file only wires them up.
"""
from __future__ import annotations

import click

from checker import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="compliance-check")
def main() -> None:
    """Check Medi-Cal managed care MOUs and plan reports against the rule set.

    \b
    Exit codes:
      0  no problems (or none at or above --fail-on)
      1  problems found (gaps at or above --fail-on; lint or rule-test failures)
      2  usage or configuration error (bad option, empty PATH, malformed rule file);
         for check also: no document found to check
      3  one or more documents could not be read (check only)
      130/143  interrupted (Ctrl-C) / terminated (SIGTERM); no report written
    """


def _register() -> None:
    from checker.commands.check import check_command
    from checker.commands.rules import rules_group
    from checker.commands.extract import extract_command
    from checker.commands.diff import diff_command

    main.add_command(check_command)
    main.add_command(rules_group)
    main.add_command(extract_command)
    main.add_command(diff_command)


_register()
