"""Property 1: rule files round-trip through the canonical formatter, and the parser never raises.

A policy author runs `rules fmt` on every edit; if formatting changed what a file
means, every verdict after it would be suspect.
"""
from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from checker.dsl import fmt
from checker.dsl.errors import Diagnostic
from checker.dsl.parser import KEYWORDS, _parser, parse_rules_text

from . import strategies as S


def _parse_ok(text: str) -> tuple:
    items, diagnostics = parse_rules_text(text, "<generated>")
    assert not diagnostics, "\n".join(d.render(text) for d in diagnostics) + "\n--- text ---\n" + text
    return items


@given(S.files)
def test_parse_of_format_is_identity(items: tuple) -> None:
    text = fmt.file(items)
    assert _parse_ok(text) == items


@given(S.exprs)
def test_expression_round_trips_inside_a_rule(e) -> None:
    """Expressions alone, many more of them: the bracket rules of fmt.expr are the risky part."""
    text = f'rule A.B "t"\n  require {fmt.expr(e)}\n'
    (rule,) = _parse_ok(text)
    assert rule.require == e


@given(S.operator_exprs)
def test_operator_precedence_round_trips(e) -> None:
    """Dense operator trees: a dropped or extra bracket in fmt.expr changes the parse."""
    (rule,) = _parse_ok(f'rule A.B "t"\n  require {fmt.expr(e)}\n')
    assert rule.require == e


@given(S.files)
def test_format_is_idempotent(items: tuple) -> None:
    once = fmt.file(items)
    twice = fmt.file(_parse_ok(once))
    assert twice == once


# ---- grammar-generated text: parses or fails with a positioned diagnostic ---------------------
def _keyword(word: str) -> st.SearchStrategy[str]:
    return st.just(word)


_EXPLICIT = {name.upper(): _keyword(name) for name in KEYWORDS}
_EXPLICIT.update({
    "VERDICT": st.sampled_from(["met", "gap"]),
    "PARAM_STATUS": st.sampled_from(["confirmed", "unconfirmed"]),
    "KIND_NAME": st.sampled_from(["mou", "plan-report"]),
    "SEVERITY_NAME": st.sampled_from(["high", "medium", "low", "advisory"]),
    "UNIT": st.sampled_from(["days", "business_days", "working_days", "hours", "percent", "per_year", "week"]),
    "IDENT": S.idents,
    "RULE_ID": S.rule_ids,
    "DATE": S.dates.map(lambda d: d.isoformat()),
    "NUMBER": st.from_regex(r"\d{1,4}(\.\d{1,2})?", fullmatch=True),
    "STRING": st.text(st.characters(codec="ascii", exclude_characters='"\\\n'), max_size=12).map(
        lambda s: f'"{s}"'),
    "LONG_STRING": st.text(st.characters(codec="ascii", exclude_characters='"'), max_size=12).map(
        lambda s: f'"""{s}"""'),
    "COMMENT": st.text(st.characters(codec="ascii", exclude_characters="\n"), max_size=10).map(lambda s: "#" + s),
    "WS": st.sampled_from([" ", "\n", "  ", "\n  "]),
})
# the grammar's keyword terminals carry their names in upper case
_EXPLICIT = {k: v for k, v in _EXPLICIT.items() if k in {t.name for t in _parser().terminals}}
grammar_texts = from_lark(_parser(), explicit=_EXPLICIT)


def _check_diagnostics(text: str) -> None:
    items, diagnostics = parse_rules_text(text, "<generated>")
    lines = text.splitlines() or [""]
    for d in diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.code.startswith("E1"), d
        assert 1 <= d.line <= max(len(lines), 1) + 1, (d, text)
        assert d.col >= 1, d
        assert d.message
        d.render(text)  # rendering with the caret never fails either
    assert isinstance(items, tuple)


@settings(max_examples=max(settings().max_examples // 2, 10))
@given(grammar_texts)
def test_grammar_text_parses_or_fails_with_a_position(text: str) -> None:
    _check_diagnostics(text)


@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from(
    ["rule ", "terms ", "param ", "require ", "(", ")", '"', '"""', "\n", "MOU.X ", "x = ", "example met ",
     "where ", "#", "\u2028", "1.5 days"])), max_size=12).map("".join))
def test_junk_never_raises(text: str) -> None:
    _check_diagnostics(text)


@given(st.text(alphabet=string.printable, max_size=200))
def test_printable_junk_never_raises(text: str) -> None:
    _check_diagnostics(text)
