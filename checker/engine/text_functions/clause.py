"""Within one clause of a sentence: one_clause(condition)."""
from __future__ import annotations

from checker.engine.predicates import Pred, Span
from checker.engine.text_functions.registry import text_function, unit_condition


class OneClausePred(Pred):
    """The condition holds inside one clause of the unit (see checker.text.segments), so a
    frequency or a timeframe is read with the act it is written next to: in "must meet as
    needed, and must report quarterly" the meetings are not quarterly."""

    def __init__(self, inner: Pred):
        self.inner = inner
        self.label = f"one_clause({inner.label})"

    def trigger(self):
        return self.inner.trigger()

    def leaves(self, negated=False):
        return self.inner.leaves(negated)

    def spans(self, unit, params) -> list[Span] | None:
        if self.inner.spans(unit, params) is None:
            return None  # cheap test on the whole unit first: most units fail here
        for start, part in unit.parts():
            got = self.inner.spans(part, params)
            if got is not None:
                return [(a + start, b + start) for a, b in got]
        return None


@text_function("one_clause", 1, 1, "one_clause(condition): the condition holds inside one clause of the sentence "
                                   "(a frequency or time read with the act it is written next to)")
def one_clause(c, e):
    return "unit", OneClausePred(unit_condition(c, e, "one_clause"))
