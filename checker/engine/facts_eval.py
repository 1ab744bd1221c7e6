"""Interpreter for fact expressions over plan-report data (plain dicts and lists).

Three-valued: a missing field is `None` ("unknown"), which propagates, so a rule
whose data is absent ends `undetermined` and names what was missing instead of
guessing. Nothing here can run code: only the functions in FUNCTIONS exist.
"""
from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from typing import Any, Callable

from checker.dsl import ast
from checker.dsl.fmt import expr as expr_text
from checker.text.timeframes import UNIT_DAYS

COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
    ">=": operator.ge, ">": operator.gt,
}
MAX_TRACE = 6


def quantity_value(q: ast.Quantity) -> float:
    """Literals in canonical units: percent as a fraction, durations in calendar days."""
    if q.unit == "percent":
        return q.value / 100
    if q.unit in UNIT_DAYS:
        return q.value * UNIT_DAYS[q.unit]
    return q.value


@dataclass
class FactContext:
    root: dict[str, Any]
    params: dict[str, float]
    as_of: dt.date
    builtins: dict[str, Any] = field(default_factory=dict)
    bindings: dict[str, Any] = field(default_factory=dict)
    items: list[Any] = field(default_factory=list)  # stack of `where` items
    missing: list[str] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)

    def child(self, **bindings: Any) -> "FactContext":
        return FactContext(self.root, self.params, self.as_of, self.builtins,
                           {**self.bindings, **bindings}, list(self.items), self.missing, self.trace)


def _walk(value: Any, parts: list[str]) -> Any:
    for i, part in enumerate(parts):
        if value is None:
            return None
        if isinstance(value, list):
            out = []
            for item in value:
                got = _walk(item, parts[i:])
                if isinstance(got, list):
                    out.extend(got)
                elif got is not None:
                    out.append(got)
            return out
        if isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def resolve(name: str, ctx: FactContext) -> Any:
    head, *rest = name.split(".")
    if head == "it" and ctx.items:
        return _walk(ctx.items[-1], rest)
    if ctx.items and isinstance(ctx.items[-1], dict) and head in ctx.items[-1]:
        return _walk(ctx.items[-1], [head, *rest])
    if head in ctx.bindings:
        return _walk(ctx.bindings[head], rest)
    if head == "as_of":
        return ctx.as_of
    if head in ctx.root:
        value = _walk(ctx.root, [head, *rest])
    elif head in ctx.builtins:
        value = _walk(ctx.builtins[head], rest)
    else:
        value = None
    if value is None and name not in ctx.missing:
        ctx.missing.append(name)
    return value


def _norm(v: Any) -> Any:
    return v.casefold() if isinstance(v, str) else v


def _compare(op: str, left: Any, right: Any) -> bool | None:
    if left is None or right is None:
        return None
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return COMPARATORS[op](round(float(left), 9), round(float(right), 9))
    try:
        return COMPARATORS[op](_norm(left), _norm(right))
    except TypeError:
        return None


def _arith(op: str, left: Any, right: Any) -> Any:
    if left is None or right is None:
        return None
    if isinstance(left, dt.date) and isinstance(right, dt.date):
        days = (left - right).days
        return float(days) if op == "-" else None
    if isinstance(left, dt.date) and isinstance(right, (int, float)):
        delta = dt.timedelta(days=float(right))
        return left + delta if op == "+" else left - delta
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        if op == "/":
            return None if right == 0 else left / right
        return {"+": operator.add, "-": operator.sub, "*": operator.mul}[op](left, right)
    return None


def _fmt_value(v: Any) -> str:
    if isinstance(v, float):
        return str(int(v)) if v == int(v) else f"{v:.4g}"
    if isinstance(v, dt.date):
        return v.isoformat()
    if v is None:
        return "unknown"
    if isinstance(v, list):
        return "[" + ", ".join(_fmt_value(x) for x in v[:5]) + (", ..." if len(v) > 5 else "") + "]"
    return str(v)


#: Comparison operators as a reader says them in a finding's message.
_OP_WORDS = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than", "==": "exactly",
             "!=": "anything but"}


def evaluate(e: ast.Expr, ctx: FactContext) -> Any:
    if isinstance(e, ast.Name):
        return resolve(e.ident, ctx)
    if isinstance(e, ast.Text):
        return e.value
    if isinstance(e, ast.Num):
        return quantity_value(e.quantity)
    if isinstance(e, ast.DateLit):
        return e.value
    if isinstance(e, ast.Bool):
        return e.value
    if isinstance(e, ast.ParamRef):
        return ctx.params.get(e.name)
    if isinstance(e, ast.Not):
        v = evaluate(e.operand, ctx)
        return None if v is None else not v
    if isinstance(e, ast.BoolOp):
        values = [evaluate(o, ctx) for o in e.operands]
        if e.op == "and":
            if any(v is False for v in values):
                return False
            return None if any(v is None for v in values) else True
        if any(v is True for v in values):
            return True
        return None if any(v is None for v in values) else False
    if isinstance(e, ast.Compare):
        left, right = evaluate(e.left, ctx), evaluate(e.right, ctx)
        result = _compare(e.op, left, right)
        if len(ctx.trace) < MAX_TRACE and not ctx.items:
            ctx.trace.append(f"found {_fmt_value(left)}, needs {_OP_WORDS.get(e.op, e.op)} {_fmt_value(right)} "
                             f"(computed as {expr_text(e.left)})")
        return result
    if isinstance(e, ast.Arith):
        return _arith(e.op, evaluate(e.left, ctx), evaluate(e.right, ctx))
    if isinstance(e, ast.Index):
        base, key = evaluate(e.base, ctx), evaluate(e.key, ctx)
        return base.get(key) if isinstance(base, dict) and key is not None else None
    if isinstance(e, ast.Call):
        return call(e, ctx)
    if isinstance(e, ast.Filtered):
        return _filter(e, ctx)
    raise TypeError(f"cannot evaluate {e!r}")


def _filter(e: ast.Filtered, ctx: FactContext) -> list[Any] | None:
    collection = evaluate(e.collection, ctx)
    if collection is None:
        return None
    if not isinstance(collection, list):
        collection = [collection]
    kept = []
    for item in collection:
        inner = ctx.child()
        inner.items.append(item)
        if evaluate(e.condition, inner) is True:
            kept.append(item)
    return kept


def _as_list(v: Any) -> list[Any] | None:
    if v is None:
        return None
    return v if isinstance(v, list) else [v]


def _count(ctx: FactContext, args: tuple) -> Any:
    items = _as_list(evaluate(args[0], ctx))
    return None if items is None else float(len(items))


def _part_and_whole(ctx: FactContext, arg: ast.Expr) -> tuple[list[Any], list[Any]] | None:
    """The items meeting a `where` condition and all the items; None when unknown."""
    if not isinstance(arg, ast.Filtered):
        return None
    whole = _as_list(evaluate(arg.collection, ctx))
    part = _as_list(evaluate(arg, ctx))
    return None if whole is None or part is None else (part, whole)


def _share(ctx: FactContext, args: tuple) -> Any:
    got = _part_and_whole(ctx, args[0])
    return None if not got or not got[1] else len(got[0]) / len(got[1])


def _numbers(ctx: FactContext, args: tuple) -> list[Any] | None:
    values = _as_list(evaluate(args[0], ctx))
    return None if values is None else [v for v in values if v is not None]


def _aggregate(fn: Callable[[list[Any]], Any]) -> Callable[[FactContext, tuple], Any]:
    def run(ctx: FactContext, args: tuple) -> Any:
        values = _numbers(ctx, args)
        return fn(values) if values else None
    return run


def _exists(ctx: FactContext, args: tuple) -> Any:
    v = evaluate(args[0], ctx)
    if ctx.missing and isinstance(args[0], ast.Name) and args[0].ident in ctx.missing:
        ctx.missing.remove(args[0].ident)  # asking whether it exists is not a missing-data problem
    return v is not None and v != [] and v != ""


def _any(ctx: FactContext, args: tuple) -> Any:
    items = _as_list(evaluate(args[0], ctx))
    return None if items is None else bool(items)


def _all(ctx: FactContext, args: tuple) -> Any:
    got = _part_and_whole(ctx, args[0])
    return None if got is None else len(got[0]) == len(got[1])


def _abs(ctx: FactContext, args: tuple) -> Any:
    v = evaluate(args[0], ctx)
    return abs(v) if isinstance(v, (int, float)) else None


def _get(ctx: FactContext, args: tuple) -> Any:
    base, key = evaluate(args[0], ctx), evaluate(args[1], ctx)
    if isinstance(base, dict) and key is not None:
        for k, v in base.items():
            if _norm(k) == _norm(key):
                return v
    return None


def _days_between(ctx: FactContext, args: tuple) -> Any:
    a, b = evaluate(args[0], ctx), evaluate(args[1], ctx)
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return float((b - a).days)
    return None


def _distinct(ctx: FactContext, args: tuple) -> Any:
    values = _as_list(evaluate(args[0], ctx))
    if values is None:
        return None
    seen: dict[Any, Any] = {}
    for v in values:
        seen.setdefault(_norm(v) if not isinstance(v, dict) else id(v), v)
    return list(seen.values())


def _contains(ctx: FactContext, args: tuple) -> Any:
    values = _as_list(evaluate(args[0], ctx))
    needle = evaluate(args[1], ctx)
    if values is None or needle is None:
        return None
    return any(_norm(v) == _norm(needle) for v in values)


def _year(ctx: FactContext, args: tuple) -> Any:
    """The calendar year of a date (subjects such as `filing / 2025` need it)."""
    v = evaluate(args[0], ctx)
    return v.year if isinstance(v, dt.date) else None


# name -> (implementation, min args, max args, what it does)
FUNCTIONS: dict[str, tuple[Callable[[FactContext, tuple], Any], int, int, str]] = {
    "count": (_count, 1, 1, "number of items (optionally `where` a condition)"),
    "share": (_share, 1, 1, "fraction of items meeting the `where` condition, 0 to 1"),
    "sum": (_aggregate(sum), 1, 1, "sum of numbers"),
    "min": (_aggregate(min), 1, 1, "smallest value"),
    "max": (_aggregate(max), 1, 1, "largest value"),
    "exists": (_exists, 1, 1, "the value is present and not empty"),
    "any": (_any, 1, 1, "at least one item (optionally `where` a condition)"),
    "all": (_all, 1, 1, "every item meets the `where` condition"),
    "abs": (_abs, 1, 1, "absolute value"),
    "get": (_get, 2, 2, "value of a key in a mapping, e.g. get(demographics, g.attribute)"),
    "days_between": (_days_between, 2, 2, "days from the first date to the second"),
    "distinct": (_distinct, 1, 1, "the values without repeats"),
    "contains": (_contains, 2, 2, "the collection holds the value"),
    "year": (_year, 1, 1, "the calendar year of a date, e.g. year(period.start)"),
}


def call(e: ast.Call, ctx: FactContext) -> Any:
    impl = FUNCTIONS[e.fn][0]
    return impl(ctx, e.args)
