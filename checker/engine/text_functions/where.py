"""Where a text condition must hold: some sentence, some clause, none, at least K, one section."""
from __future__ import annotations

from checker.dsl import ast
from checker.engine import quantifiers as Q
from checker.engine.text_functions.registry import text_function
from checker.dsl.codes import code


def _scoped(scope: str, negated: bool):
    def build(c, e):
        pred = c.scope_pred(e, e.args[0])
        found = Q.AnyUnit(scope, pred, fn=f"any_{scope}", guard=None if negated else c.guard(pred))
        return "doc", (Q.DocNot(found) if negated else found)
    return build


text_function("any_sentence", 1, 1, "some sentence satisfies the condition (the usual unit for an obligation)",
              "doc")(_scoped("sentence", False))
text_function("any_clause", 1, 1, "some clause satisfies the condition", "doc")(_scoped("clause", False))
text_function("no_sentence", 1, 1, "no sentence satisfies the condition (no duty check)", "doc")(_scoped("sentence", True))
text_function("no_clause", 1, 1, "no clause satisfies the condition (no duty check)", "doc")(_scoped("clause", True))


@text_function("at_least", 2, 2, "at_least(K, condition): at least K clauses satisfy the condition", "doc")
def at_least(c, e):
    count, cond = e.args
    if not (isinstance(count, ast.Num) and count.quantity.unit is None and count.quantity.value >= 1):
        raise c.error(count, code("bad-argument"), "at_least needs a whole number of clauses first, e.g. at_least(2, ...)")
    pred = c.scope_pred(e, cond)
    return "doc", Q.AnyUnit("clause", pred, int(count.quantity.value), "at_least", c.guard(pred))


@text_function("same_section", 2, 8, "same_section(a, b, ...): one top-level section has clauses satisfying each",
               "doc")
def same_section(c, e):
    return "doc", Q.SameSection("clause", [c.scope_pred(e, a) for a in e.args])
