"""Who does what to which object: acts_on(act, object) and by(actor, ..., act)."""
from __future__ import annotations

from checker.dsl import ast
from checker.engine import predicates as P
from checker.engine.text_functions.registry import text_function

ACTS_ON_WINDOW = 8  # words from the act to its object
OTHER_OBJECTS = "other_objects"  # term set: nouns that take an act away from the intended object
OTHER_AGENTS = "other_agents"  # term set: who else may do an act (DHCS, subcontractors, ...)


def _optional_set(c, name: str, e: ast.Call):
    return c.term(ast.Name(name, e.line, e.col)) if name in c.terms else None


@text_function("acts_on", 2, 2, "acts_on(act, object): the act applies to that object ('post this MOU', 'this MOU "
                                "is posted'), not to another thing named in between (the term set other_objects)")
def acts_on(c, e):
    act, obj = e.args
    return "unit", P.ActsOnPred(c.term_like(act), c.term_like(obj), _optional_set(c, OTHER_OBJECTS, e), ACTS_ON_WINDOW)


@text_function("by", 2, 8, "by(actor, ..., act): the act is done by one of the actors: the nearest party named "
                           "before it is an actor, not another agent (the term set other_agents)")
def by(c, e):
    *actors, act = e.args
    return "unit", P.ByPred([c.term_like(a) for a in actors], c.term_like(act), _optional_set(c, OTHER_AGENTS, e))
