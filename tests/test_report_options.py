"""The click options the `check` command gets, and the progress indicator."""
from __future__ import annotations

import io
import json
import sys

import click
from click.testing import CliRunner

from checker.report.emit import emit
from checker.report.options import OutputOptions, output_options
from checker.report.progress import Progress, progress_enabled
from checker.results import DocumentResult, Finding, RunResult


def sample() -> RunResult:
    f = Finding(rule_id="MOU.X", element="liaison", status="gap", severity="medium", citation="c", message="m",
                fingerprint="abc")
    return RunResult(as_of="2025-01-01", documents=[DocumentResult(path="a.pdf", findings=[f])]).recount()


@click.command()
@output_options
def fake_check(**kw) -> None:  # the shape the lead's `check` command uses
    sys.exit(emit(sample(), OutputOptions(**kw)))


def test_defaults_and_exit_codes() -> None:
    r = CliRunner().invoke(fake_check, [])
    assert r.exit_code == 0 and "Triage" in r.output
    assert CliRunner().invoke(fake_check, ["--fail-on", "medium"]).exit_code == 1
    r = CliRunner().invoke(fake_check, ["--format", "json", "--fail-on", "low"])
    assert r.exit_code == 1 and json.loads(r.stdout)["summary"]["gaps"]["medium"] == 1


def test_bad_option_values_are_usage_errors() -> None:
    assert CliRunner().invoke(fake_check, ["--fail-on", "severe"]).exit_code == 2
    assert CliRunner().invoke(fake_check, ["--format", "pdf"]).exit_code == 2
    assert CliRunner().invoke(fake_check, ["--top", "0"]).exit_code == 2


def test_help_documents_exit_codes() -> None:
    text = " ".join(CliRunner().invoke(fake_check, ["--help"]).output.split())
    for needle in ("0 pass", "1 gaps at or above --fail-on", "2 usage", "3 a document could not be read"):
        assert needle in text


def test_options_validate_when_built_directly() -> None:
    import pytest

    with pytest.raises(ValueError, match="format"):
        OutputOptions(format="pdf")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_not_quiet() -> None:
    assert progress_enabled(OutputOptions(), Tty()) is True
    assert progress_enabled(OutputOptions(quiet=True), Tty()) is False
    assert progress_enabled(OutputOptions(), io.StringIO()) is False


def test_progress_writes_and_clears() -> None:
    s = Tty()
    with Progress(2, True, stream=s) as p:
        p.advance("a.pdf")
        p.advance("x" * 300)
    text = s.getvalue()
    assert "[1/2] a.pdf" in text and "[2/2] …" in text
    assert all(len(chunk) <= 100 for chunk in text.split("\r"))
    silent = io.StringIO()
    q = Progress(1, False, stream=silent)
    q.advance("a")
    q.close()
    assert silent.getvalue() == "" and q.done == 1
