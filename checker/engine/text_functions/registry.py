"""The table of text functions a rule's `require` may call: name, arity, help and builder.

Why: the compiler, `rules explain`, `rules functions` and the docs all read this one table, so
a new text predicate is one module in this package (plus its tests), the way pylint and
flake8 register checkers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

#: (compiler, call) -> ("unit" | "doc", compiled predicate); the compiler is passed in, not
#: imported, so the registry sits below the compiler in the layers.
Builder = Callable[[Any, Any], tuple[str, object]]


@dataclass(frozen=True)
class TextFunction:
    name: str
    min_args: int
    max_args: int
    help: str
    level: str  # "doc": says where a condition must hold; "unit": a condition on one sentence or clause
    build: Builder


REGISTRY: dict[str, TextFunction] = {}


def text_function(name: str, min_args: int, max_args: int, help: str, level: str = "unit") -> Callable[[Builder], Builder]:
    """Register a builder under `name`; a second registration of one name is a programming error."""

    def register(build: Builder) -> Builder:
        if name in REGISTRY:
            raise ValueError(f"text function '{name}' registered twice")
        REGISTRY[name] = TextFunction(name, min_args, max_args, help, level, build)
        return build

    return register


def unit_condition(c: Any, e: Any, name: str) -> object:
    """The compiled text condition a wrapper function takes (as_written, one_clause), or a
    precise error when it was given a where-clause (any_sentence ...) instead."""
    kind, inner = c.compile(e.args[0])
    if kind != "unit":
        from checker.dsl.codes import code  # the diagnostic catalogue, read only on error

        raise c.error(e, code("bad-argument"), f"{name}(...) takes a text condition")
    return inner
