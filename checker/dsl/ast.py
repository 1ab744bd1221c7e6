"""Rule-language syntax tree: plain frozen data, so files round-trip and compare.

Positions (`line`, `col`) never take part in equality: two files that say the same
thing are the same AST wherever their text sits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def _pos() -> int:
    return field(default=0, compare=False, repr=False)  # type: ignore[return-value]


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None = None


# ---- expressions -------------------------------------------------------------
@dataclass(frozen=True)
class Name:
    ident: str
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class Text:
    value: str
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class Num:
    quantity: Quantity
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class DateLit:
    value: dt.date
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class Bool:
    value: bool
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class ParamRef:
    name: str
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class Call:
    fn: str
    args: tuple["Expr", ...]
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class Filtered:
    """`collection where condition`, only inside a call's arguments."""

    collection: "Expr"
    condition: "Expr"
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class Not:
    operand: "Expr"
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple["Expr", ...]
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class Compare:
    op: str
    left: "Expr"
    right: "Expr"
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class Arith:
    op: str  # "+" | "-"
    left: "Expr"
    right: "Expr"
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class Index:
    base: "Expr"
    key: "Expr"
    line: int = _pos()
    col: int = _pos()


Expr = Name | Text | Num | DateLit | Bool | ParamRef | Call | Filtered | Not | BoolOp | Compare | Arith | Index


# ---- top-level items ---------------------------------------------------------
@dataclass(frozen=True)
class TermSet:
    name: str
    terms: tuple[str, ...]
    file: str = field(default="", compare=False, repr=False)
    line: int = _pos()
    col: int = _pos()


@dataclass(frozen=True)
class ParamValue:
    quantity: Quantity
    source: str | None = None


@dataclass(frozen=True)
class Param:
    name: str
    values: tuple[ParamValue, ...]
    status: str | None = None  # confirmed | unconfirmed
    description: str | None = None
    file: str = field(default="", compare=False, repr=False)
    line: int = _pos()
    col: int = _pos()

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"


@dataclass(frozen=True)
class Example:
    verdict: str  # met | gap
    text: str | None = None
    facts: str | None = None  # YAML/JSON text of a partial plan report
    line: int = _pos()


@dataclass(frozen=True)
class Binding:
    var: str
    collection: Expr


@dataclass(frozen=True)
class ForEach:
    bindings: tuple[Binding, ...]
    where: Expr | None = None
    labels: tuple[Expr, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    element: str | None = None
    applies: str | None = None  # mou | plan-report
    types: tuple[str, ...] = ()
    severity: str | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    citations: tuple[str, ...] = ()
    description: str | None = None
    aliases: tuple[str, ...] = ()
    when: Expr | None = None
    for_each: ForEach | None = None
    require: Expr | None = None
    examples: tuple[Example, ...] = ()
    file: str = field(default="", compare=False, repr=False)
    line: int = _pos()
    col: int = _pos()
    # line of each attribute keyword, for diagnostics that point at one attribute
    attr_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def attr_line(self, name: str) -> int:
        for attr, line in self.attr_lines:
            if attr == name:
                return line
        return self.line


Item = TermSet | Param | Rule


@dataclass(frozen=True)
class RuleFile:
    path: str
    items: tuple[Item, ...]
