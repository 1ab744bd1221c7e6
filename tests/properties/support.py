"""Small helpers the property tests share: cached rule sets and one-call evaluation."""
from __future__ import annotations

import copy
import datetime as dt
import functools
from pathlib import Path

from checker.document import Document
from checker.dsl import ast
from checker.engine.ruleset import RuleSet, load_ruleset
from checker.engine.evaluate import Subject, evaluate_all
from checker.engine.units import DocumentView
from checker.extract.text import parse_text
from checker.run import RunOptions, check_mou

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
RULES_SMALL = HERE.parent / "fixtures" / "rules_small"
AS_OF = dt.date(2026, 11, 24)


@functools.lru_cache(maxsize=None)
def rules(path: str) -> RuleSet:
    """A rule set loaded once per test session (loading parses and compiles every file)."""
    return load_ruleset(Path(path))


def small_rules() -> RuleSet:
    return rules(str(RULES_SMALL))


def with_param(rs: RuleSet, name: str, amount: float, unit: str | None) -> RuleSet:
    """A shallow copy of `rs` whose parameter `name` has one confirmed value."""
    out = copy.copy(rs)
    out.params = {**rs.params, name: ast.Param(name, (ast.ParamValue(ast.Quantity(amount, unit), "test"),),
                                               "confirmed")}
    return out


def doc(text: str, path: str = "prop.txt") -> Document:
    return parse_text(text, path)


def verdicts(rs: RuleSet, document: Document, as_of: dt.date = AS_OF, mou_type: str | None = None) -> dict[str, str]:
    """rule id -> status for one document, through the same path as `check` (type detection included)."""
    result = check_mou(document, rs, RunOptions(as_of=as_of, mou_type=mou_type), document.path)
    return {f.rule_id + (f"[{f.subject}]" if f.subject else ""): f.status for f in result.findings}


def text_verdicts(rs: RuleSet, document: Document, as_of: dt.date = AS_OF, mou_type: str | None = None) -> dict[str, str]:
    """Like `verdicts` but with a fixed MOU type, skipping detection (engine only)."""
    subject = Subject("mou", document.path, view=DocumentView(document), meta={"mou_type": mou_type},
                      mou_type=mou_type)
    return {f.rule_id: f.status for f in evaluate_all(rs, subject, as_of)}
