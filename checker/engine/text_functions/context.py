"""Reading a unit with what surrounds it: heading(...) and about(...)."""
from __future__ import annotations

from checker.engine import predicates as P
from checker.engine.text_functions.registry import text_function


@text_function("heading", 1, 1, "heading(terms): the clause's heading mentions the terms (never evidence on its own)")
def heading(c, e):
    return "unit", P.HeadingPred(c.term_like(e.args[0]))


@text_function("about", 1, 1, "about(terms): the terms occur in the sentence or its context: its heading path, "
                              "its table header row, a list lead-in, the sentence it refers back to ('it', "
                              "'such', 'then'), its paragraph's run-in title")
def about(c, e):
    return "unit", P.AboutPred(c.term_like(e.args[0]))
