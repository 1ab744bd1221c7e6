"""The text-function registry: one table read by the compiler, `rules functions`, `rules explain`
and the rule guide, so a new predicate is one module plus its tests."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.engine.ruleset import RuleSetError, load_ruleset
from checker.engine.text_functions import REGISTRY, text_function

ROOT = Path(__file__).resolve().parents[1]


def test_every_registered_function_is_in_the_rule_guide():
    guide = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    missing = [name for name in REGISTRY if f"`{name}(" not in guide]
    assert not missing, f"rules/README.md does not document: {missing}"


def _lint_errors(tmp_path, condition: str) -> str:
    """The rendered errors of a one-rule file whose require is `any_sentence(condition)`."""
    (tmp_path / "r.rules").write_text(
        'terms a = "alpha"\n'
        'rule T.ONE "one"\n  element parties\n  applies mou\n  severity low\n  cite "c"\n'
        f'  require any_sentence({condition})\n  example met "alpha"\n  example gap "beta"\n')
    with pytest.raises(RuleSetError) as err:
        load_ruleset(tmp_path)
    return err.value.render()


def test_the_compiler_reads_arity_from_the_registry(tmp_path):
    assert "about takes 1 argument(s), got 2" in _lint_errors(tmp_path, "about(a, a)")


def test_unknown_function_suggests_a_registered_one(tmp_path):
    errors = _lint_errors(tmp_path, "abuot(a)")
    assert "unknown function 'abuot'" in errors and "did you mean 'about'" in errors


def test_a_registered_name_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        text_function("about", 1, 1, "again")(lambda c, e: ("unit", None))


def test_rules_functions_lists_the_registry():
    out = subprocess.run([sys.executable, "-m", "checker", "rules", "functions"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    for name in REGISTRY:
        assert name in out
