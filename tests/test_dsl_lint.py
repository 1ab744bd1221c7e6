"""`rules lint`: every error of a file in one run, positioned, in plain words (golden test)."""
from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main
from checker.engine.ruleset import load_ruleset

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "lint" / "three_mistakes.rules"
GOLDEN = HERE / "golden" / "lint_three_mistakes.txt"


def _lint(target: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["rules", "lint", str(target)])
    return result.exit_code, result.output


def test_three_mistakes_golden(monkeypatch) -> None:
    monkeypatch.chdir(HERE.parent)  # paths in the output are as given: relative to the repo
    code, out = _lint(FIXTURE.relative_to(HERE.parent))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert code == 1
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_three_mistakes_positions_and_hints() -> None:
    rs = load_ruleset(FIXTURE, strict=False)
    found = [(d.line, d.col, d.code) for d in rs.errors]
    assert found == [(6, 3, "E101"), (19, 31, "E202"), (24, 11, "E201")]
    hints = [d.hint or "" for d in rs.errors]
    assert "did you mean 'element'?" in hints[0]
    assert "did you mean 'liaison'?" in hints[1]
    assert "did you mean 'term'?" in hints[2]
    assert all("__ANON" not in (d.hint or "") + d.message for d in rs.errors)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "r.rules"
    path.write_text(text, encoding="utf-8")
    return path


RULE = '''rule MOU.X "x"
  element liaison
  applies mou
  severity high
  cite "c"
  require any_sentence("liaison")
  example met "The liaison."
  example gap "Nothing."
'''


def codes(tmp_path: Path, text: str) -> list[str]:
    return [d.code for d in load_ruleset(_write(tmp_path, text), strict=False).diagnostics]


def test_clean_rule_has_no_diagnostics(tmp_path: Path) -> None:
    assert codes(tmp_path, RULE) == []


def test_duplicate_ids(tmp_path: Path) -> None:
    assert codes(tmp_path, RULE + "\n" + RULE) == ["E300"]


def test_missing_citation_and_examples(tmp_path: Path) -> None:
    text = RULE.replace('  cite "c"\n', "").replace('  example gap "Nothing."\n', "")
    assert sorted(codes(tmp_path, text)) == ["E302", "E303"]


def test_unknown_parameter_with_suggestion(tmp_path: Path) -> None:
    text = ('param clr.closure_notice_days = 10 business_days status unconfirmed source "s"\n'
            + RULE.replace('any_sentence("liaison")',
                           'any_sentence(all_of("notify", timeframe <= param clr.closure_notice_dys))'))
    rs = load_ruleset(_write(tmp_path, text), strict=False)
    [d] = rs.errors
    assert d.code == "E203" and "did you mean 'clr.closure_notice_days'?" in (d.hint or "")


def test_window_that_ends_before_it_starts(tmp_path: Path) -> None:
    text = RULE.replace('  cite "c"\n', '  cite "c"\n  effective 2025-01-01 until 2024-01-01\n')
    assert codes(tmp_path, text) == ["E304"]


def test_conflicting_parameter_values_are_a_warning(tmp_path: Path) -> None:
    text = 'param r.share\n  value 5 percent source "a"\n  value 7.5 percent source "b"\n  status unconfirmed\n'
    rs = load_ruleset(_write(tmp_path, text), strict=False)
    assert [d.code for d in rs.warnings] == ["W401"] and not rs.errors
    assert "5 percent (a)" in rs.warnings[0].message and "7.5 percent (b)" in rs.warnings[0].message


def test_parameter_needs_status_and_source(tmp_path: Path) -> None:
    assert sorted(codes(tmp_path, "param a.b = 3 days\n")) == ["E310", "E311"]


def test_unknown_mou_type_and_function(tmp_path: Path) -> None:
    text = RULE.replace("  applies mou\n", "  applies mou\n  types mph\n").replace("any_sentence(", "any_sentense(")
    rs = load_ruleset(_write(tmp_path, text), strict=False)
    by_code = {d.code: d for d in rs.errors}
    assert "did you mean 'mhp'?" in (by_code["E205"].hint or "")
    assert "did you mean 'any_sentence'?" in (by_code["E204"].hint or "")


def test_text_condition_must_say_where(tmp_path: Path) -> None:
    text = RULE.replace('any_sentence("liaison")', '"liaison"')
    rs = load_ruleset(_write(tmp_path, text), strict=False)
    assert [d.code for d in rs.errors] == ["E320"] and "any_sentence" in (rs.errors[0].hint or "")


def test_fact_function_in_text_rule_and_text_function_in_fact_rule(tmp_path: Path) -> None:
    text = RULE.replace('any_sentence("liaison")', "count(x) >= 1")
    assert "E315" in codes(tmp_path, text)  # a comparison in a text rule must be timeframe/frequency
    text = RULE.replace('any_sentence("liaison")', 'any_sentence(count(x))')
    assert "E317" in codes(tmp_path, text)  # count(...) reads plan-report facts
    fact_rule = (RULE.replace("applies mou", "applies plan-report")
                 .replace('example met "The liaison."', 'example met facts "{}"')
                 .replace('example gap "Nothing."', 'example gap facts "{}"'))
    assert codes(tmp_path, fact_rule) == ["E319"]  # any_sentence(...) reads MOU text


def test_lint_exit_codes(tmp_path: Path) -> None:
    assert _lint(_write(tmp_path, RULE))[0] == 0
    assert _lint(tmp_path / "missing")[0] == 2
    warn = tmp_path / "w"
    warn.mkdir()
    (warn / "p.rules").write_text('param r.s\n value 1 percent source "a"\n value 2 percent source "b"\n status confirmed\n')
    assert _lint(warn)[0] == 0
    result = CliRunner().invoke(main, ["rules", "lint", "--warnings-as-errors", str(warn)])
    assert result.exit_code == 1


def test_unreadable_rule_file_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "bad.rules"
    path.write_bytes(b"\xff\xfe\x00rule")
    rs = load_ruleset(path, strict=False)
    assert [d.code for d in rs.errors] == ["E100"]


def test_duplicate_term_set_and_parameter(tmp_path: Path) -> None:
    text = ('terms a = "x"\nterms a = "y"\n'
            'param p.q = 1 days status confirmed source "s"\nparam p.q = 2 days status confirmed source "s"\n')
    rs = load_ruleset(_write(tmp_path, text), strict=False)
    assert [(d.code, d.line) for d in rs.errors] == [("E206", 2), ("E206", 4)]
    assert "first defined at" in (rs.errors[0].hint or "")
