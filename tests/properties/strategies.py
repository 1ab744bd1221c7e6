"""Hypothesis strategies shared by the property tests.

Rule-language ASTs are generated in the exact shape the parser produces (flattened
and/or chains, canonical units, `where` only inside call arguments), so that
parse(format(ast)) == ast is a fair demand on the formatter and the parser.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from checker.dsl import ast
from checker.dsl.parser import KEYWORDS
from checker.results import (
    SEVERITIES, STATUSES, DocumentResult, Evidence, Finding, RulesInfo, RunResult, ToolInfo, fingerprint,
)

# Words the lexer reads as keywords or fixed names, never as an IDENT.
RESERVED = set(KEYWORDS) | {
    "met", "gap", "confirmed", "unconfirmed", "mou", "plan", "high", "medium", "low", "advisory",
    "business_days", "calendar_days", "working_days", "days", "hours", "weeks", "months", "years",
    "percent", "per_year", "day", "hour", "week", "month", "year",
}
CANONICAL_UNITS = (None, "business_days", "calendar_days", "days", "hours", "weeks", "months", "years",
                   "percent", "per_year")

# ---- names ---------------------------------------------------------------------------
_component = st.from_regex(r"[a-z_][a-z0-9_]{0,7}", fullmatch=True).filter(lambda w: w not in RESERVED)
idents = st.lists(_component, min_size=1, max_size=3).map(".".join)
simple_idents = _component
rule_ids = st.builds(
    lambda fam, parts: fam + "".join("." + p for p in parts),
    st.from_regex(r"[A-Z][A-Z0-9-]{0,5}", fullmatch=True),
    st.lists(st.from_regex(r"[A-Z0-9][A-Z0-9_-]{0,8}", fullmatch=True), min_size=1, max_size=2),
)

# Text with the characters that stress quoting: quotes, backslashes, line breaks,
# Unicode line separators, '#', brackets and keywords.
_tricky = st.sampled_from(['"', "\\", "\n", "\r", "\t", "#", "(", ")", "[", "]", "'", "\u2028", "\x85",
                           "\u00e9", " rule ", " terms ", '"""', "\f"])
texts = st.lists(st.one_of(st.text(max_size=6), _tricky), max_size=6).map("".join)
plain_texts = st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), max_size=30)


# ---- quantities ----------------------------------------------------------------------
def _decimal(n: int, places: int) -> float:
    return n / (10 ** places)


amounts = st.builds(_decimal, st.integers(0, 10**7), st.integers(0, 6))
quantities = st.builds(ast.Quantity, amounts, st.sampled_from(CANONICAL_UNITS))
dates = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))

# ---- expressions -----------------------------------------------------------------------
atoms = st.one_of(
    st.builds(ast.Name, idents),
    st.builds(ast.Text, texts),
    st.builds(ast.Num, quantities),
    st.builds(ast.DateLit, dates),
    st.builds(ast.Bool, st.booleans()),
    st.builds(ast.ParamRef, idents),
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    def boolop(op: str) -> st.SearchStrategy:
        # the parser flattens `a and b and c`; a nested same-op chain only survives in brackets,
        # which the formatter writes, so any operands are fine
        return st.builds(ast.BoolOp, st.just(op), st.lists(children, min_size=2, max_size=3).map(tuple))

    argument = st.one_of(children, st.builds(ast.Filtered, children, children))
    return st.one_of(
        st.builds(ast.Not, children),
        boolop("and"),
        boolop("or"),
        st.builds(ast.Compare, st.sampled_from(["<", "<=", "==", "!=", ">=", ">"]), children, children),
        st.builds(ast.Arith, st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.builds(ast.Index, children, children),
        st.builds(ast.Call, idents, st.lists(argument, max_size=3).map(tuple)),
    )


exprs = st.recursive(atoms, _extend, max_leaves=12)

# ---- items -----------------------------------------------------------------------------
term_sets = st.builds(ast.TermSet, idents, st.lists(texts, min_size=1, max_size=4).map(tuple))


@st.composite
def params(draw: st.DrawFn) -> ast.Param:
    n = draw(st.integers(1, 3))
    if n == 1:
        values = (ast.ParamValue(draw(quantities), draw(st.none() | texts)),)
    else:
        values = tuple(ast.ParamValue(draw(quantities), draw(texts)) for _ in range(n))
    return ast.Param(draw(idents), values, draw(st.sampled_from([None, "confirmed", "unconfirmed"])),
                     draw(st.none() | texts))


examples = st.one_of(
    st.builds(ast.Example, st.sampled_from(["met", "gap"]), text=texts),
    st.builds(ast.Example, st.sampled_from(["met", "gap"]), facts=texts),
)


@st.composite
def for_eaches(draw: st.DrawFn) -> ast.ForEach:
    bindings = tuple(ast.Binding(draw(simple_idents), draw(exprs)) for _ in range(draw(st.integers(1, 2))))
    where = draw(st.none() | exprs)
    labels = tuple(draw(st.lists(exprs, max_size=2)))
    return ast.ForEach(bindings, where, labels)


@st.composite
def rules(draw: st.DrawFn) -> ast.Rule:
    start = draw(st.none() | dates)
    until = draw(st.none() | dates) if start is not None else None
    return ast.Rule(
        id=draw(rule_ids),
        title=draw(texts),
        element=draw(st.none() | idents),
        applies=draw(st.sampled_from([None, "mou", "plan-report"])),
        types=tuple(draw(st.lists(idents, max_size=3))),
        severity=draw(st.sampled_from([None, *SEVERITIES])),
        effective_from=start,
        effective_until=until,
        citations=tuple(draw(st.lists(texts, max_size=2))),
        description=draw(st.none() | texts),
        aliases=tuple(draw(st.lists(rule_ids, max_size=2))),
        when=draw(st.none() | exprs),
        for_each=draw(st.none() | for_eaches()),
        require=draw(st.none() | exprs),
        examples=tuple(draw(st.lists(examples, max_size=3))),
    )


items = st.one_of(term_sets, params(), rules())
files = st.lists(items, max_size=4).map(tuple)

# ---- run results ------------------------------------------------------------------------
_words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)
evidence = st.builds(Evidence, page=st.none() | st.integers(1, 40), section=st.none() | _words, quote=_words)


@st.composite
def findings(draw: st.DrawFn, path: str) -> Finding:
    rule_id = draw(rule_ids)
    subject = draw(st.none() | _words)
    status = draw(st.sampled_from(STATUSES))
    return Finding(
        rule_id=rule_id,
        element=draw(st.sampled_from(["liaison", "meetings", "filing", "cac-composition", "x-custom"])),
        status=status,
        severity=draw(st.sampled_from(SEVERITIES)),
        citation=draw(_words),
        message=draw(_words),
        evidence=draw(st.lists(evidence, max_size=2)),
        depends_on_unconfirmed=draw(st.lists(st.sampled_from(["clr.closure_notice_days", "cac.tolerance"]),
                                             max_size=2, unique=True)),
        fingerprint=fingerprint(rule_id, path, subject),
        title=draw(_words),
        subject=subject,
        suppressed=draw(st.none() | _words.filter(bool)) if status == "gap" else None,
    )


@st.composite
def document_results(draw: st.DrawFn, index: int) -> DocumentResult:
    path = f"docs/{index}-{draw(st.from_regex(r'[a-z]{1,8}', fullmatch=True))}.pdf"
    if draw(st.integers(0, 5)) == 0:
        return DocumentResult(path=path, status="error", error=draw(_words) or "unreadable")
    kind = draw(st.sampled_from(["mou", "plan-report"]))
    return DocumentResult(
        path=path, kind=kind, mou_type=draw(st.sampled_from([None, "mhp", "wic"])) if kind == "mou" else None,
        findings=draw(st.lists(findings(path), max_size=6)),
    )


@st.composite
def run_results(draw: st.DrawFn) -> RunResult:
    n = draw(st.integers(0, 4))
    docs = [draw(document_results(i)) for i in range(n)]
    run = RunResult(tool=ToolInfo(version="0.test"), as_of=draw(dates).isoformat(),
                    rules=RulesInfo(count=draw(st.integers(0, 50))), documents=docs)
    return run.recount()


# Operators only, over short names: where the formatter's bracket rules live.
operator_exprs = st.recursive(
    st.builds(ast.Name, st.sampled_from(["a", "b", "c", "d"])),
    lambda children: st.one_of(
        st.builds(ast.Arith, st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.builds(ast.Compare, st.sampled_from(["<", "==", ">="]), children, children),
        st.builds(ast.BoolOp, st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=3).map(tuple)),
        st.builds(ast.Not, children),
    ),
    max_leaves=8,
)
