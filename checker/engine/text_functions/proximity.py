"""Words close together: near(a, b, N)."""
from __future__ import annotations

from checker.dsl import ast
from checker.engine import predicates as P
from checker.engine.text_functions.registry import text_function
from checker.dsl.codes import code


@text_function("near", 3, 3, "near(a, b, N): term sets a and b within N words of each other")
def near(c, e):
    a, b, n = e.args
    if not (isinstance(n, ast.Num) and n.quantity.unit is None):
        raise c.error(n, code("bad-argument"), "near needs a number of words last, e.g. near(notify, closure, 10)")
    return "unit", P.NearPred(c.term_like(a), c.term_like(b), int(n.quantity.value))
