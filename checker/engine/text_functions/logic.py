"""Combining conditions: all_of, any_of, not."""
from __future__ import annotations

from checker.dsl import ast
from checker.engine.text_functions.registry import text_function


@text_function("all_of", 1, 32, "every part holds in the same sentence or clause")
def all_of(c, e):
    return c.combine(e, "all_of", list(e.args))


@text_function("any_of", 1, 32, "at least one part holds")
def any_of(c, e):
    return c.combine(e, "any_of", list(e.args))


@text_function("not", 1, 1, "the part does not hold in that sentence or clause")
def not_(c, e):
    return c.compile(ast.Not(e.args[0], e.line, e.col))
