"""Turn parsed rule files into a RuleSet: resolve names, type-check, compile predicates.

Text rules (applies mou) compile to document predicates over clauses and sentences;
plan-report rules stay expressions for the fact interpreter. Every problem becomes a
Diagnostic with the position of the offending name.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from checker.dsl import ast
from checker.dsl.errors import Diagnostic, did_you_mean
from checker.engine import predicates as P
from checker.engine import quantifiers as Q
from checker.engine.modality import CUE_SETS, OBLIGATION_SET, Modality
from checker.engine.text_functions import REGISTRY as TEXT_FUNCTIONS
from checker.engine.facts_eval import FUNCTIONS as FACT_FUNCTIONS
from checker.engine.facts_eval import quantity_value
from checker.text.timeframes import UNIT_DAYS
from checker.text.words import Term
from checker.dsl.codes import code

TEXT_VALUES = {"timeframe": "a duration stated in the text (compare with days or a parameter)",
               "frequency": "a frequency stated in the text (times per year)"}
DURATION_UNITS = set(UNIT_DAYS)
_MODALITY_CACHE: dict[int, tuple[dict, "Modality | None"]] = {}


def modality_for(terms: dict[str, ast.TermSet]) -> Modality | None:
    """The duty check built from the rule set's cue term sets (one per rule set)."""
    cached = _MODALITY_CACHE.get(id(terms))
    if cached is not None and cached[0] is terms:
        return cached[1]
    names = [*CUE_SETS.values(), OBLIGATION_SET]
    sets = {n: [Term.parse(t) for t in terms[n].terms] for n in names if n in terms}
    guard = Modality.from_term_sets(sets)
    _MODALITY_CACHE.clear()
    _MODALITY_CACHE[id(terms)] = (terms, guard)
    return guard


class CompileError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class CompiledRule:
    rule: ast.Rule
    doc_pred: Q.DocPred | None = None  # for text rules
    params: list[str] = field(default_factory=list)  # every parameter the rule reads

    @property
    def id(self) -> str:
        return self.rule.id


def params_used(node: object) -> list[str]:
    """Parameter names referenced anywhere in an expression tree."""
    found: list[str] = []

    def walk(n: object) -> None:
        if isinstance(n, ast.ParamRef):
            if n.name not in found:
                found.append(n.name)
            return
        if isinstance(n, tuple):
            for x in n:
                walk(x)
            return
        for attr in ("args", "operands", "operand", "left", "right", "collection", "condition", "base", "key"):
            if hasattr(n, attr):
                walk(getattr(n, attr))

    walk(node)
    return found


class TextCompiler:
    """Compiles the `require` expression of a text rule."""

    def __init__(self, rule: ast.Rule, terms: dict[str, ast.TermSet], params: dict[str, ast.Param]):
        self.rule = rule
        self.terms = terms
        self.params = params
        self._term_cache: dict[str, list[Term]] = {}

    def error(self, node: object, code: str, message: str, hint: str | None = None, width: int = 1) -> CompileError:
        line = getattr(node, "line", 0) or self.rule.attr_line("require")
        col = getattr(node, "col", 0) or 1
        return CompileError(Diagnostic(self.rule.file, line, col, code, message, hint, width))

    # -- entry
    def document(self, e: ast.Expr) -> Q.DocPred:
        kind, compiled = self.compile(e)
        if kind == "unit":
            raise self.error(e, code("unscoped-condition"), "a text condition must say where it must hold",
                             "wrap it in any_sentence(...), any_clause(...), at_least(K, ...) or same_section(...)")
        return compiled

    def compile(self, e: ast.Expr) -> tuple[str, object]:
        if isinstance(e, ast.Name):
            return "unit", self.term(e)
        if isinstance(e, ast.Text):
            return "unit", P.TermPred(f'"{e.value}"', [Term.parse(e.value)])
        if isinstance(e, ast.Not):
            kind, inner = self.compile(e.operand)
            return (kind, Q.DocNot(inner)) if kind == "doc" else (kind, P.NotPred(inner))
        if isinstance(e, ast.BoolOp):
            return self.combine(e, "all_of" if e.op == "and" else "any_of", list(e.operands))
        if isinstance(e, ast.Compare):
            return "unit", self.comparison(e)
        if isinstance(e, ast.Call):
            return self.call(e)
        raise self.error(e, code("not-a-text-condition"), f"'{_describe(e)}' cannot be used in a text rule",
                         "text rules use term sets, quoted phrases, all_of/any_of/not, near, heading, "
                         "timeframe and frequency comparisons inside any_sentence/any_clause")

    def term(self, e: ast.Name) -> P.TermPred:
        if e.ident in TEXT_VALUES:
            raise self.error(e, code("uncompared-value"), f"'{e.ident}' must be compared, e.g. {e.ident} <= param ...")
        if e.ident not in self.terms:
            hint = did_you_mean(e.ident, list(self.terms) + list(TEXT_FUNCTIONS))
            raise self.error(e, code("unknown-term-set"), f"unknown term set '{e.ident}'",
                             hint or "define it with: terms NAME = \"phrase\", ...", len(e.ident))
        if e.ident not in self._term_cache:
            self._term_cache[e.ident] = [Term.parse(t) for t in self.terms[e.ident].terms]
        return P.TermPred(e.ident, self._term_cache[e.ident])

    def combine(self, node: ast.Expr, fn: str, args: list[ast.Expr]) -> tuple[str, object]:
        compiled = [self.compile(a) for a in args]
        kinds = {k for k, _ in compiled}
        if len(kinds) > 1:
            raise self.error(node, code("mixed-conditions"), f"{fn} mixes text conditions with where-conditions",
                             "put the text conditions inside any_sentence(...) first")
        parts = [c for _, c in compiled]
        if kinds == {"doc"}:
            return "doc", (Q.DocAll(parts) if fn == "all_of" else Q.DocAny(parts))
        return "unit", (P.AllOf(parts) if fn == "all_of" else P.AnyOf(parts))

    def comparison(self, e: ast.Compare) -> P.Pred:
        if not (isinstance(e.left, ast.Name) and e.left.ident in TEXT_VALUES):
            raise self.error(e, code("bad-comparison"), "a comparison in a text rule must start with timeframe or frequency")
        which = e.left.ident
        bound, param = self.bound(e.right, which)
        label = f"{which} {e.op} {_describe(e.right)}"
        if which == "timeframe":
            return P.TimeframePred(e.op, bound, param, label)
        return P.FrequencyPred(e.op, bound, param, label)

    def bound(self, e: ast.Expr, which: str) -> tuple[float | None, str | None]:
        if isinstance(e, ast.Num):
            self.check_unit(e, e.quantity.unit, which)
            return quantity_value(e.quantity), None
        if isinstance(e, ast.ParamRef):
            if e.name not in self.params:
                raise self.error(e, code("unknown-parameter"), f"unknown parameter '{e.name}'", did_you_mean(e.name, self.params),
                                 len(e.name))
            self.check_unit(e, self.params[e.name].values[0].quantity.unit, which)
            return None, e.name
        raise self.error(e, code("bad-comparison"), f"{which} can only be compared with a number or a parameter")

    def check_unit(self, node: object, unit: str | None, which: str) -> None:
        if which == "timeframe" and unit not in DURATION_UNITS:
            raise self.error(node, code("wrong-unit"), f"timeframe needs a duration, not '{unit or 'a plain number'}'",
                             "use days, business_days, calendar_days, hours, weeks, months or years")
        if which == "frequency" and unit not in (None, "per_year"):
            raise self.error(node, code("wrong-unit"), f"frequency needs times per year, not '{unit}'", "use per_year")

    def scope_pred(self, e: ast.Call, arg: ast.Expr) -> P.Pred:
        kind, compiled = self.compile(arg)
        if kind != "unit":
            raise self.error(arg, code("nested-scope"), f"{e.fn}(...) takes a text condition, not another {e.fn}-style test")
        return compiled  # type: ignore[return-value]

    def call(self, e: ast.Call) -> tuple[str, object]:
        function = TEXT_FUNCTIONS.get(e.fn)
        if function is None:
            if e.fn in FACT_FUNCTIONS:
                raise self.error(e, code("fact-function-in-text-rule"), f"{e.fn}(...) reads plan-report facts; it cannot be used in a text rule")
            raise self.error(e, code("unknown-function"), f"unknown function '{e.fn}'", did_you_mean(e.fn, TEXT_FUNCTIONS), len(e.fn))
        self.arity(e, function.min_args, function.max_args)
        return function.build(self, e)

    def guard(self, pred: object) -> Modality | None:
        """MOU text rules check by default that the matching clause states a duty; as_written(...)
        drops that check but keeps the one that a heading alone never meets a rule."""
        if self.rule.applies != "mou":
            return None
        guard = modality_for(self.terms)
        if guard is not None and isinstance(pred, P.AsWritten):
            return guard.words_only
        return guard

    def term_like(self, e: ast.Expr) -> P.TermPred:
        kind, compiled = self.compile(e)
        if not isinstance(compiled, P.TermPred):
            raise self.error(e, code("terms-expected"), "near, heading, about and acts_on take term sets or quoted phrases")
        return compiled

    def arity(self, e: ast.Call, lo: int, hi: int) -> None:
        n = len(e.args)
        if not lo <= n <= hi:
            want = str(lo) if lo == hi else f"{lo} to {hi}"
            raise self.error(e, code("wrong-arity"), f"{e.fn} takes {want} argument(s), got {n}")


def check_fact_expr(e: object, rule: ast.Rule, params: dict[str, ast.Param]) -> list[Diagnostic]:
    """Static checks on a plan-report expression: known functions, arity, parameters."""
    out: list[Diagnostic] = []

    def diag(node: object, code: str, message: str, hint: str | None = None, width: int = 1) -> None:
        out.append(Diagnostic(rule.file, getattr(node, "line", 0) or rule.line, getattr(node, "col", 0) or 1,
                              code, message, hint, width))

    def walk(n: object) -> None:
        if isinstance(n, tuple):
            for x in n:
                walk(x)
            return
        if isinstance(n, ast.Call):
            if n.fn not in FACT_FUNCTIONS:
                if n.fn in TEXT_FUNCTIONS:
                    diag(n, code("text-function-in-fact-rule"), f"{n.fn}(...) reads MOU text; it cannot be used in a plan-report rule",
                         width=len(n.fn))
                else:
                    diag(n, code("unknown-function"), f"unknown function '{n.fn}'", did_you_mean(n.fn, FACT_FUNCTIONS), len(n.fn))
            else:
                _, lo, hi, _ = FACT_FUNCTIONS[n.fn]
                if not lo <= len(n.args) <= hi:
                    diag(n, code("wrong-arity"), f"{n.fn} takes {lo if lo == hi else f'{lo} to {hi}'} argument(s), got {len(n.args)}")
                if n.fn == "share" and not (n.args and isinstance(n.args[0], ast.Filtered)):
                    diag(n, code("wrong-arity"), "share(...) needs a where-condition, e.g. share(cac.members where role == \"medi-cal-member\")")
        if isinstance(n, ast.ParamRef) and n.name not in params:
            diag(n, code("unknown-parameter"), f"unknown parameter '{n.name}'", did_you_mean(n.name, params), len(n.name))
        for attr in ("args", "operands", "operand", "left", "right", "collection", "condition", "base", "key"):
            if hasattr(n, attr):
                walk(getattr(n, attr))

    walk(e)
    return out


def _describe(e: object) -> str:
    from checker.dsl.fmt import expr

    try:
        return expr(e)  # type: ignore[arg-type]
    except TypeError:
        return type(e).__name__
