"""Canonical text of rule-language ASTs: `rules fmt`, explanations and traces.

`parse(format(ast)) == ast` for every AST the parser can produce.
"""
from __future__ import annotations

import json
from decimal import Decimal

from checker.dsl import ast

_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "compare": 4, "arith": 5, "product": 6, "atom": 7}


def quote(text: str) -> str:
    """Multi-line text in triple quotes where that is safe, else an escaped one-line string."""
    if "\n" in text and '"""' not in text and not text.startswith('"') and not text.endswith('"'):
        return '"""' + text + '"""'
    return json.dumps(text, ensure_ascii=False)


def number(value: float) -> str:
    """Plain decimal notation: the grammar has no exponent form (repr(0.00001) is '1e-05')."""
    if value == int(value):
        return str(int(value))
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text or "E" in text else text


def quantity(q: ast.Quantity) -> str:
    return number(q.value) + (f" {q.unit}" if q.unit else "")


def _level(e: ast.Expr) -> int:
    if isinstance(e, ast.BoolOp):
        return _PRECEDENCE[e.op]
    if isinstance(e, ast.Not):
        return _PRECEDENCE["not"]
    if isinstance(e, ast.Compare):
        return _PRECEDENCE["compare"]
    if isinstance(e, ast.Arith):
        return _PRECEDENCE["product" if e.op in "*/" else "arith"]
    return _PRECEDENCE["atom"]


def _wrap(e: ast.Expr, min_level: int) -> str:
    text = expr(e)
    return f"({text})" if _level(e) < min_level else text


def expr(e: ast.Expr) -> str:
    """One-line canonical text of an expression."""
    if isinstance(e, ast.Name):
        return e.ident
    if isinstance(e, ast.Text):
        return quote(e.value)
    if isinstance(e, ast.Num):
        return quantity(e.quantity)
    if isinstance(e, ast.DateLit):
        return e.value.isoformat()
    if isinstance(e, ast.Bool):
        return "true" if e.value else "false"
    if isinstance(e, ast.ParamRef):
        return f"param {e.name}"
    if isinstance(e, ast.Call):
        return f"{e.fn}(" + ", ".join(expr(a) for a in e.args) + ")"
    if isinstance(e, ast.Filtered):
        return f"{_wrap(e.collection, 1)} where {_wrap(e.condition, 1)}"
    if isinstance(e, ast.Not):
        return "not " + _wrap(e.operand, _PRECEDENCE["not"])
    if isinstance(e, ast.BoolOp):
        level = _PRECEDENCE[e.op]
        return f" {e.op} ".join(_wrap(o, level + 1) for o in e.operands)
    if isinstance(e, ast.Compare):
        return f"{_wrap(e.left, 5)} {e.op} {_wrap(e.right, 5)}"  # comparisons do not chain
    if isinstance(e, ast.Arith):
        level = _level(e)  # left-associative: a right operand at the same level needs brackets
        return f"{_wrap(e.left, level)} {e.op} {_wrap(e.right, level + 1)}"
    if isinstance(e, ast.Index):
        return f"{_wrap(e.base, _PRECEDENCE['atom'])}[{expr(e.key)}]"
    raise TypeError(f"not an expression: {e!r}")


def term_set(t: ast.TermSet) -> str:
    return f"terms {t.name} = " + ", ".join(quote(s) for s in t.terms)


def param(p: ast.Param) -> str:
    lines = [f"param {p.name}"]
    if len(p.values) == 1:
        lines[0] += f" = {quantity(p.values[0].quantity)}"
        if p.values[0].source is not None:
            lines.append(f"  source {quote(p.values[0].source)}")
    else:
        lines.extend(
            f"  value {quantity(v.quantity)} source {quote(v.source or '')}" for v in p.values
        )
    if p.status:
        lines.append(f"  status {p.status}")
    if p.description is not None:
        lines.append(f"  describe {quote(p.description)}")
    return "\n".join(lines)


def rule(r: ast.Rule) -> str:
    lines = [f"rule {r.id} {quote(r.title)}"]
    add = lines.append
    for alias in r.aliases:
        add(f"  alias {alias}")
    if r.element is not None:
        add(f"  element {r.element}")
    if r.applies is not None:
        add(f"  applies {r.applies}")
    if r.types:
        add("  types " + ", ".join(r.types))
    if r.severity is not None:
        add(f"  severity {r.severity}")
    if r.effective_from is not None:
        until = f" until {r.effective_until.isoformat()}" if r.effective_until else ""
        add(f"  effective {r.effective_from.isoformat()}{until}")
    for cite in r.citations:
        add(f"  cite {quote(cite)}")
    if r.description is not None:
        add(f"  describe {quote(r.description)}")
    if r.when is not None:
        add(f"  when {expr(r.when)}")
    if r.for_each is not None:
        fe = r.for_each
        text = "  for_each " + ", ".join(f"{b.var} in {expr(b.collection)}" for b in fe.bindings)
        if fe.where is not None:
            text += f" where {expr(fe.where)}"
        if fe.labels:
            text += " label " + ", ".join(expr(l) for l in fe.labels)
        add(text)
    if r.require is not None:
        add(f"  require {expr(r.require)}")
    for ex in r.examples:
        if ex.facts is not None:
            add(f"  example {ex.verdict} facts {quote(ex.facts)}")
        else:
            add(f"  example {ex.verdict} {quote(ex.text or '')}")
    return "\n".join(lines)


def item(i: ast.Item) -> str:
    if isinstance(i, ast.TermSet):
        return term_set(i)
    if isinstance(i, ast.Param):
        return param(i)
    return rule(i)


def file(items: tuple[ast.Item, ...]) -> str:
    """A whole file in canonical layout; idempotent."""
    return "\n\n".join(item(i) for i in items) + ("\n" if items else "")
