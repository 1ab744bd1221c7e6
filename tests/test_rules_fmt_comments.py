"""`rules fmt` keeps every comment, formats what it can, and never changes what a file means."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.dsl.layout import format_file
from checker.dsl.parser import parse_file, parse_rules_text
from checker.engine.ruleset import DEFAULT_RULES_DIR, rule_files

SOURCE = '''# Header: why this pack exists.
#
# Second paragraph of the header.


terms liaison   =  "liaison",    "point of contact"   # trailing comment keeps the item as written
terms designate = "designate",
   "appoint"

# Comment before a rule, with a # inside a "string" below.
rule X.ONE "Title with # hash"
  element liaison
  applies mou
  severity   high
  cite "Source #1"
  require any_sentence(all_of(liaison,    designate))
  example met """Line one
# not a comment: inside a triple-quoted string
Line three"""
  example gap "Nothing here."

rule X.TWO "Second"
  element liaison
  applies mou
  # a comment between attributes
  severity low
  require any_sentence(liaison)
  example met "The liaison."
  example gap "Nothing."



# Trailing comment at the end of the file.
'''


def _format(text: str) -> str:
    items, problems = parse_rules_text(text, "x.rules")
    assert not problems
    return format_file(items, text)


def _comments(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip().startswith("#") and "not a comment" not in ln]


def test_every_comment_is_kept_and_the_rest_is_canonical() -> None:
    out = _format(SOURCE)
    assert _comments(out) == _comments(SOURCE)
    assert 'terms liaison   =  "liaison",    "point of contact"   # trailing comment' in out  # kept as written
    assert 'terms designate = "designate", "appoint"\n' in out  # canonical
    assert "  severity high\n" in out and "all_of(liaison, designate)" in out  # X.ONE canonical
    assert "# not a comment: inside a triple-quoted string" in out
    assert "  # a comment between attributes\n  severity low" in out  # X.TWO kept as written
    assert "\n\n\n" not in out and out.endswith("# Trailing comment at the end of the file.\n")


def test_formatting_is_idempotent_and_keeps_meaning() -> None:
    out = _format(SOURCE)
    assert _format(out) == out
    assert parse_rules_text(out, "x.rules")[0] == parse_rules_text(SOURCE, "x.rules")[0]


@pytest.mark.parametrize("path", rule_files(DEFAULT_RULES_DIR), ids=lambda p: p.name)
def test_shipped_rule_files_keep_comments_and_meaning(path: Path) -> None:
    parsed, problems, text = parse_file(path)
    assert not problems
    out = format_file(parsed.items, text)
    assert parse_rules_text(out, str(path))[0] == parsed.items
    assert _comments(out) == _comments(text)
    assert format_file(parse_rules_text(out, str(path))[0], out) == out


def test_fmt_command_rewrites_a_commented_file_and_then_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "x.rules"
    target.write_text(SOURCE)
    runner = CliRunner()
    assert runner.invoke(main, ["rules", "fmt", "--check", str(target)]).exit_code == 1
    result = runner.invoke(main, ["rules", "fmt", str(target)])
    assert result.exit_code == 0 and "reformatted" in result.output
    assert _comments(target.read_text()) == _comments(SOURCE)
    assert runner.invoke(main, ["rules", "fmt", "--check", str(target)]).exit_code == 0
    shutil.copy(target, tmp_path / "y.rules")
    assert runner.invoke(main, ["rules", "lint", str(tmp_path)]).exit_code in (0, 1)  # still parses
