"""How many different terms of a set a unit names: at_least_terms(K, terms).

Why: some duties are recognised by a list rather than a phrase: a nondiscrimination clause
names several protected characteristics ("race, color, national origin, religion ..."),
however the sentence around them is worded.
"""
from __future__ import annotations

from checker.dsl import ast
from checker.dsl.codes import code
from checker.engine.predicates import Pred, TermPred
from checker.engine.text_functions.registry import text_function


class DistinctTermsPred(Pred):
    """At least `minimum` different terms of the set occur in the unit."""

    def __init__(self, minimum: int, terms: TermPred):
        self.minimum, self.terms = minimum, terms
        self.label = f"at_least_terms({minimum}, {terms.label})"

    def spans(self, unit, params):
        tok = unit.tok
        found: dict[str, tuple[int, int]] = {}
        for term in self.terms.terms:
            hits = term.positions(tok)
            if hits and term.source not in found:
                found[term.source] = hits[0]
        if len(found) < self.minimum:
            return None
        s = tok.spans
        return [(s[a][0], s[b - 1][1]) for a, b in found.values()]


@text_function("at_least_terms", 2, 2, "at_least_terms(K, terms): the unit names at least K different terms of the "
                                       "set (e.g. three protected characteristics)")
def at_least_terms(c, e):
    count, terms = e.args
    if not (isinstance(count, ast.Num) and count.quantity.unit is None and count.quantity.value >= 1):
        raise c.error(count, code("bad-argument"), "at_least_terms needs a whole number first, e.g. at_least_terms(3, traits)")
    return "unit", DistinctTermsPred(int(count.quantity.value), c.term_like(terms))
