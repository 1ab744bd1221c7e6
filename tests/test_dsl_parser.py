"""Every construct of the rule language parses to the AST it means."""
from __future__ import annotations

import datetime as dt

import pytest

from checker.dsl import ast, fmt
from checker.dsl.parser import parse_rules_text


def one(text: str):
    items, diags = parse_rules_text(text, "t.rules")
    assert diags == [], [d.render(text) for d in diags]
    assert len(items) == 1
    return items[0]


def require_of(expr_text: str) -> ast.Expr:
    rule = one(f'rule A.B "t"\n  require {expr_text}\n')
    return rule.require


def test_term_set_with_prefix_and_escapes() -> None:
    t = one('terms liaison = "liaison", "point of contact", "coordinat*", "say \\"hi\\""')
    assert t == ast.TermSet("liaison", ("liaison", "point of contact", "coordinat*", 'say "hi"'))


def test_param_single_value() -> None:
    p = one('param clr.closure_notice_days = 10 business_days\n  status unconfirmed\n  source "g"\n  describe "d"')
    assert p == ast.Param("clr.closure_notice_days", (ast.ParamValue(ast.Quantity(10, "business_days"), "g"),),
                          "unconfirmed", "d")
    assert not p.confirmed


def test_param_several_sourced_values() -> None:
    p = one('param r.min_share\n  value 5 percent source "a"\n  value 7.5 percent source "b"\n  status confirmed')
    assert [v.quantity for v in p.values] == [ast.Quantity(5, "percent"), ast.Quantity(7.5, "percent")]
    assert [v.source for v in p.values] == ["a", "b"]


@pytest.mark.parametrize("unit,canonical", [("day", "days"), ("working_days", "business_days"),
                                            ("per_year", "per_year"), ("hours", "hours")])
def test_unit_aliases(unit: str, canonical: str) -> None:
    p = one(f'param a.b = 2 {unit} status confirmed source "s"')
    assert p.values[0].quantity.unit == canonical


def test_rule_metadata() -> None:
    r = one('''rule MOU.LIAISON "Each party names a liaison"
  alias MOU.OLD
  element liaison
  applies mou
  types mhp, dmc-ods
  severity high
  effective 2024-01-01 until 2026-12-31
  cite "first"
  cite "second"
  describe "what it must say"
  when executed >= 2025-07-01
  require any_sentence("liaison")
  example met "A liaison."
  example gap """two
lines"""
''')
    assert (r.id, r.title, r.element, r.applies, r.types, r.severity) == (
        "MOU.LIAISON", "Each party names a liaison", "liaison", "mou", ("mhp", "dmc-ods"), "high")
    assert (r.effective_from, r.effective_until) == (dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    assert r.citations == ("first", "second") and r.aliases == ("MOU.OLD",)
    assert r.description == "what it must say"
    assert r.when == ast.Compare(">=", ast.Name("executed"), ast.DateLit(dt.date(2025, 7, 1)))
    assert [(e.verdict, e.text) for e in r.examples] == [("met", "A liaison."), ("gap", "two\nlines")]
    assert r.attr_line("cite") == 8 and r.line == 1


def test_plan_report_rule_with_for_each_and_facts_example() -> None:
    r = one('''rule CAC.COUNTY "x"
  applies plan-report
  for_each c in plan.counties, t in mou_types where t.effective <= as_of label c, t.id
  require count(cac.members where county == c) >= 1
  example met facts "{}"
''')
    fe = r.for_each
    assert [b.var for b in fe.bindings] == ["c", "t"]
    assert fe.bindings[0].collection == ast.Name("plan.counties")
    assert fe.where == ast.Compare("<=", ast.Name("t.effective"), ast.Name("as_of"))
    assert fe.labels == (ast.Name("c"), ast.Name("t.id"))
    assert r.require == ast.Compare(">=", ast.Call("count", (ast.Filtered(
        ast.Name("cac.members"), ast.Compare("==", ast.Name("county"), ast.Name("c"))),)),
        ast.Num(ast.Quantity(1)))
    assert r.examples[0].facts == "{}"


def test_boolean_precedence() -> None:
    e = require_of("a or b and not c")
    assert e == ast.BoolOp("or", (ast.Name("a"), ast.BoolOp("and", (ast.Name("b"), ast.Not(ast.Name("c"))))))


def test_arithmetic_precedence_and_left_associativity() -> None:
    e = require_of("a - b - c * d >= 0")
    left = ast.Arith("-", ast.Arith("-", ast.Name("a"), ast.Name("b")),
                     ast.Arith("*", ast.Name("c"), ast.Name("d")))
    assert e == ast.Compare(">=", left, ast.Num(ast.Quantity(0)))


@pytest.mark.parametrize("text,node", [
    ('"phrase"', ast.Text("phrase")),
    ("10 business_days", ast.Num(ast.Quantity(10, "business_days"))),
    ("2025-07-01", ast.DateLit(dt.date(2025, 7, 1))),
    ("true", ast.Bool(True)),
    ("false", ast.Bool(False)),
    ("param clr.x", ast.ParamRef("clr.x")),
    ("m[g.attribute]", ast.Index(ast.Name("m"), ast.Name("g.attribute"))),
    ("near(a, b, 10)", ast.Call("near", (ast.Name("a"), ast.Name("b"), ast.Num(ast.Quantity(10))))),
    ("heading(a)", ast.Call("heading", (ast.Name("a"),))),
    ("timeframe <= param p", ast.Compare("<=", ast.Name("timeframe"), ast.ParamRef("p"))),
    ("frequency >= 4 per_year", ast.Compare(">=", ast.Name("frequency"), ast.Num(ast.Quantity(4, "per_year")))),
    ("f()", ast.Call("f", ())),
    ("(a)", ast.Name("a")),
])
def test_atoms(text: str, node: ast.Expr) -> None:
    assert require_of(text) == node


def test_keywords_do_not_swallow_names() -> None:
    # 'notify' starts with the keyword 'not'; 'status' is a field name in expressions
    assert require_of("notify") == ast.Name("notify")
    assert require_of("count(x where status == 1)") == ast.Call(
        "count", (ast.Filtered(ast.Name("x"), ast.Compare("==", ast.Name("status"), ast.Num(ast.Quantity(1)))),))


def test_comments_and_several_items() -> None:
    items, diags = parse_rules_text('# c\nterms a = "x"  # trailing\n\nterms b = "y"\n', "t")
    assert not diags and [i.name for i in items] == ["a", "b"]


def test_every_broken_item_is_reported_and_others_survive() -> None:
    text = 'terms a = "x"\nrule A.B "t"\n  severity hgh\nterms b = "y"\nrule C.D "t"\n  require (a\n'
    items, diags = parse_rules_text(text, "t")
    assert [i.name for i in items if isinstance(i, ast.TermSet)] == ["a", "b"]
    assert [(d.line, d.col) for d in diags] == [(3, 12), (6, 12)]
    assert "high, medium, low or advisory" in (diags[0].hint or "")
    assert "')'" in (diags[1].hint or "")


def test_nesting_is_bounded() -> None:
    text = 'rule A.B "t"\n  require ' + "(" * 60 + "a" + ")" * 60 + "\n"
    items, diags = parse_rules_text(text, "t")
    assert items == () and [d.code for d in diags] == ["E103"]


def test_file_size_is_bounded() -> None:
    items, diags = parse_rules_text("#" * 1_000_001, "t")
    assert [d.code for d in diags] == ["E102"]


def test_strings_cannot_execute_code() -> None:
    # a string is unquoted as a literal; nothing in it is evaluated
    t = one('terms a = "__import__(\'os\').system(\'echo hi\')"')
    assert t.terms == ("__import__('os').system('echo hi')",)


def test_format_is_canonical_and_round_trips() -> None:
    text = 'rule A.B "t" element liaison applies mou severity high cite "c" require any_sentence(all_of(a, not b)) example met "x" example gap "y"'
    rule = one(text)
    formatted = fmt.item(rule)
    assert formatted.splitlines()[0] == 'rule A.B "t"'
    assert one(formatted) == rule
    assert fmt.item(one(formatted)) == formatted


def test_several_errors_in_one_item_are_all_reported() -> None:
    text = ('rule MOU.X "y"\n  elment liaison\n  applies mou\n  severity hgh\n'
            '  require any_sentence(all_of(a, b)\n  example met "x"\n')
    _, diags = parse_rules_text(text, "t")
    assert [(d.line, d.col) for d in diags] == [(2, 3), (4, 12), (6, 3)]
    assert "not closed" in (diags[2].hint or "")


def test_impossible_date_is_a_positioned_error_not_a_crash() -> None:
    _, diags = parse_rules_text('rule A.B "t"\n  effective 2024-02-30\n', "t")
    assert [(d.code, d.line, d.col) for d in diags] == [("E105", 2, 13)]
    assert "not a real date" in diags[0].message


def test_strings_with_control_characters_never_crash() -> None:
    items, diags = parse_rules_text('terms a = "x\x00y", "\\x41"', "t")
    assert not diags and items[0].terms == ("x\x00y", "A")
