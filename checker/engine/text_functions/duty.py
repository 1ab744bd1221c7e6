"""Opting out of the default duty check: as_written(condition)."""
from __future__ import annotations

from checker.engine.predicates import AsWritten
from checker.engine.text_functions.registry import text_function, unit_condition


@text_function("as_written", 1, 1, "as_written(condition): match the words whatever the clause's modality "
                                   "(opts out of the default check that the matching clause states a duty; a heading "
                                   "alone still never counts)")
def as_written(c, e):
    return "unit", AsWritten(unit_condition(c, e, "as_written"))
