"""The engine: (RuleSet, Document | plan-report facts, as_of) -> [Finding].

Decision order for one rule, each step a status with a reason:
  wrong kind / other MOU type / as_of outside the window / `when` false -> not-applicable
  requirement holds                                                       -> met (evidence)
  requirement fails, and unreadable pages could hold the text             -> undetermined
  requirement fails                                                       -> gap (searched + nearest)
Verdicts that differ between the sourced values of a parameter are undetermined.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any

from checker.dsl import ast, fmt
from checker.engine.compile import CompiledRule
from checker.dsl.fmt import expr as expr_text
from checker.engine.ruleset import RuleSet
from checker.engine.facts_eval import FactContext, evaluate
from checker.engine.predicates import Pred
from checker.engine.quantifiers import Outcome, candidate_units
from checker.engine.units import DocumentView, Unit
from checker.results import Evidence, Finding, fingerprint

QUOTE_CHARS = 300
MAX_FOR_EACH_ITEMS = 10_000


@dataclass
class Subject:
    """What one evaluation looks at: a document's clauses, or a plan report's facts."""

    kind: str  # mou | plan-report
    key: str  # stable identity for fingerprints (the path as given)
    view: DocumentView | None = None
    facts: dict[str, Any] | None = None
    meta: dict[str, Any] | None = None  # mou_type, executed, county, ... for `when`
    mou_type: str | None = None
    mou_types: tuple[str, ...] = ()  # every type a combined MOU covers (primary first)


def _param_sets(ruleset: RuleSet, names: list[str]) -> list[dict[str, float]]:
    """One parameter assignment per combination of conflicting sourced values."""
    choices = [[(n, v) for v in dict.fromkeys(ruleset.param_choices(n))] for n in names if n in ruleset.params]
    return [dict(combo) for combo in itertools.product(*choices)] or [{}]


_PARAM_NAME = re.compile(r"\b[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b")


def with_param_values(text: str | None, ruleset: RuleSet) -> str | None:
    """A rule's description with each parameter named by its value too: "at least
    mou.meetings_per_year times" reads "at least 4 per year (mou.meetings_per_year) times"."""
    if not text:
        return text

    def value(m: re.Match[str]) -> str:
        param = ruleset.params.get(m.group(0))
        if param is None:
            return m.group(0)
        shown = " or ".join(dict.fromkeys(_plain(fmt.quantity(v.quantity)) for v in param.values))
        flag = "" if param.confirmed else ", unconfirmed"
        return f"{shown} ({m.group(0)}{flag})"

    return _PARAM_NAME.sub(value, text)


def _plain(quantity: str) -> str:
    """'4 per_year' -> '4' (the sentence says how often); '5 business_days' -> '5 business days'."""
    return quantity.removesuffix(" per_year").replace("_", " ")


def _base(rule: ast.Rule, ruleset: RuleSet, compiled: CompiledRule, target: Subject, **kw: Any) -> Finding:
    unconfirmed = [n for n in compiled.params if n in ruleset.params and not ruleset.params[n].confirmed]
    if kw.get("status") == "not-applicable":
        unconfirmed = []  # the rule was not evaluated, so no verdict rests on its parameters
    return Finding(
        rule_id=rule.id,
        element=rule.element or "",
        severity=rule.severity or "medium",
        citation="; ".join(rule.citations),
        title=rule.title,
        description=with_param_values(rule.description, ruleset),
        depends_on_unconfirmed=unconfirmed,
        fingerprint=fingerprint(rule.id, target.key, kw.get("subject")),
        **kw,
    )


def applicability(rule: ast.Rule, subject: Subject, as_of: dt.date) -> str | None:
    """Why the rule does not apply, or None when it does."""
    if rule.applies and rule.applies != subject.kind:
        return f"applies to {rule.applies} documents"
    if rule.effective_from and as_of < rule.effective_from:
        return f"in effect from {rule.effective_from.isoformat()}; checked as of {as_of.isoformat()}"
    if rule.effective_until and as_of > rule.effective_until:
        return f"in effect until {rule.effective_until.isoformat()}; checked as of {as_of.isoformat()}"
    if rule.types and subject.kind == "mou":
        if subject.mou_type is None:
            return f"applies to MOU types {', '.join(rule.types)}; this document's type was not recognised"
        covered = subject.mou_types or (subject.mou_type,)
        if not set(covered) & set(rule.types):
            return f"applies to MOU types {', '.join(rule.types)}, not {', '.join(covered)}"
    return None


def evaluate_rule(compiled: CompiledRule, ruleset: RuleSet, subject: Subject, as_of: dt.date,
                  *, ignore_when: bool = False) -> list[Finding]:
    rule = compiled.rule
    reason = applicability(rule, subject, as_of)
    if reason:
        return [_base(rule, ruleset, compiled, subject, status="not-applicable", message=f"Not applicable: {reason}.")]
    if rule.when is not None and not ignore_when:
        verdict = _when(rule, ruleset, compiled, subject, as_of)
        if verdict is not None:
            return [verdict]
    if subject.kind == "mou":
        return [_evaluate_text(compiled, ruleset, subject, as_of)]
    return _evaluate_facts(compiled, ruleset, subject, as_of)


def _when(rule: ast.Rule, ruleset: RuleSet, compiled: CompiledRule, subject: Subject, as_of: dt.date) -> Finding | None:
    values = set()
    missing: list[str] = []
    for params in _param_sets(ruleset, compiled.params):
        ctx = FactContext(subject.meta or subject.facts or {}, params, as_of, builtins=_builtins(ruleset))
        values.add(evaluate(rule.when, ctx))  # type: ignore[arg-type]
        missing.extend(ctx.missing)
    if values == {True}:
        return None
    condition = expr_text(rule.when)  # type: ignore[arg-type]
    if None in values:
        what = ", ".join(dict.fromkeys(missing)) or "a value"
        return _base(rule, ruleset, compiled, subject, status="undetermined",
                     message=f"Could not tell whether the rule applies ({condition}): {what} not found.")
    return _base(rule, ruleset, compiled, subject, status="not-applicable",
                 message=f"Not applicable: condition '{condition}' is false for this document.")


def _builtins(ruleset: RuleSet) -> dict[str, Any]:
    return {"mou_types": [{"id": k, **v} for k, v in ruleset.mou_types.items()]}


# ---- text rules ---------------------------------------------------------------
def _quote(unit: Unit, spans: list[tuple[int, int]]) -> str:
    text = unit.text.strip()
    if len(text) <= QUOTE_CHARS:
        return " ".join(text.split())
    start = min((s for s, _ in spans), default=0)
    lo = max(0, start - QUOTE_CHARS // 3)
    snippet = unit.text[lo:lo + QUOTE_CHARS]
    return ("…" if lo else "") + " ".join(snippet.split()) + "…"


def _evidence(unit: Unit, spans: list[tuple[int, int]]) -> Evidence:
    return Evidence(page=unit.clause.first_page, section=unit.clause.section or unit.clause.heading,
                    quote=_quote(unit, spans))


def _evaluate_text(compiled: CompiledRule, ruleset: RuleSet, subject: Subject, as_of: dt.date) -> Finding:
    rule, view = compiled.rule, subject.view
    assert view is not None and compiled.doc_pred is not None
    outcomes = [(params, compiled.doc_pred.eval(view, params)) for params in _param_sets(ruleset, compiled.params)]
    oks = {o.ok for _, o in outcomes}
    if len(oks) > 1:
        detail = "; ".join(
            f"{'met' if o.ok else 'gap'} with " + ", ".join(f"{k} = {v:g}" for k, v in p.items()) for p, o in outcomes)
        return _base(rule, ruleset, compiled, subject, status="undetermined",
                     message=f"The verdict depends on which sourced parameter value applies: {detail}.")
    params, outcome = outcomes[0]
    if outcome.ok:
        evidence = [_evidence(u, s) for u, s in outcome.evidence]
        where = ", ".join(sorted({f"p.{e.page}" + (f" §{e.section}" if e.section else "") for e in evidence}))
        message = f"Found: {rule.title}" + (f" ({where})." if where else " (no contrary text found).")
        return _base(rule, ruleset, compiled, subject, status="met", message=message, evidence=evidence)
    return _gap_or_undetermined(compiled, ruleset, subject, params, outcome)


def _searched(view: DocumentView, rule: ast.Rule) -> str:
    doc = view.document
    pages = view.pages_searched()
    page_text = f"pages {pages[0]}–{pages[-1]}" if len(pages) > 1 else (f"page {pages[0]}" if pages else "no pages")
    sections = [c.section for c in doc.clauses if c.section]
    section_text = f", sections {sections[0]}–{sections[-1]}" if len(sections) > 1 else ""
    duty = " (a match counts only where its clause states a present duty)" if rule.applies == "mou" else ""
    return (f"searched {len(doc.clauses)} clauses ({page_text}{section_text}) "
            f"for: {expr_text(rule.require)}{duty}")  # type: ignore[arg-type]


def _holding_any(view: DocumentView, scope: str, preds: list[Pred]) -> list[Unit]:
    """The units, in order, where at least one of the predicates can hold (by their trigger words)."""
    if any(p.trigger() is None for p in preds):
        return view.units(scope)
    wanted = {id(u) for p in preds for u in candidate_units(view, scope, p)}
    return [u for u in view.units(scope) if id(u) in wanted]


def _nearest(compiled: CompiledRule, view: DocumentView, params: dict[str, float]) -> tuple[Unit, str] | None:
    """The unit with the largest share of the rule's positive leaves, and what it lacked."""
    best: tuple[float, int, Unit, list[str], list[str], list[str]] | None = None
    assert compiled.doc_pred is not None
    for scope, pred in compiled.doc_pred.unit_preds():
        leaves = pred.leaves()
        positive = [p for p, neg in leaves if not neg]
        negative = [p for p, neg in leaves if neg]
        if not positive:
            continue
        for unit in _holding_any(view, scope, positive):
            hit = [p.label for p in positive if p.spans(unit, params) is not None]
            if not hit:
                continue
            lacked = [p.label for p in positive if p.label not in hit]
            blocked = [p.label for p in negative if p.spans(unit, params) is not None]
            score = len(hit) / len(positive)
            key = (score, -len(blocked))
            if best is None or key > (best[0], best[1]):
                best = (score, -len(blocked), unit, hit, lacked, blocked)
    if best is None:
        return None
    _, _, unit, hit, lacked, blocked = best
    parts = [f"mentions {', '.join(dict.fromkeys(hit))}"]
    if lacked:
        parts.append(f"but lacks {', '.join(dict.fromkeys(lacked))}")
    if blocked:
        parts.append(f"{'and' if lacked else 'but'} is excluded by {', '.join(dict.fromkeys(blocked))}")
    return unit, " ".join(parts)


def _gap_or_undetermined(compiled: CompiledRule, ruleset: RuleSet, subject: Subject, params: dict[str, float],
                         outcome: Outcome) -> Finding:
    rule, view = compiled.rule, subject.view
    assert view is not None
    searched = _searched(view, rule)
    if outcome.offending:
        unit, label = outcome.offending[0]
        return _base(rule, ruleset, compiled, subject, status="gap",
                     message=f"Gap: {rule.title}: the document contains text it must not ({label}).",
                     searched=searched, nearest=_evidence(unit, []), nearest_reason=f"matches {label}")
    unreadable = view.document.unreadable_pages
    if unreadable:
        pages = ", ".join(str(p) for p in unreadable)
        return _base(rule, ruleset, compiled, subject, status="undetermined",
                     message=f"Not found in the readable text, but pages {pages} have no text layer "
                             f"(scanned?); run OCR and check again.", searched=searched)
    if outcome.rejected:  # the words are there, but not as a duty: say which modality decided
        unit, why = outcome.rejected[0]
        return _base(rule, ruleset, compiled, subject, status="gap",
                     message=f"Missing: {rule.title}: the matching text is not a present duty ({why}).",
                     searched=searched, nearest=_evidence(unit, []), nearest_reason=f"matches, but {why}")
    near = _nearest(compiled, view, params)
    nearest = _evidence(near[0], []) if near else None
    return _base(rule, ruleset, compiled, subject, status="gap",
                 message=f"Missing: {rule.title}.", searched=searched, nearest=nearest,
                 nearest_reason=near[1] if near else "no clause mentions any of the terms")


# ---- plan-report rules ----------------------------------------------------------
def _bindings(rule: ast.Rule, ruleset: RuleSet, facts: dict[str, Any], as_of: dt.date,
              params: dict[str, float]) -> list[tuple[dict[str, Any], str | None]] | None:
    """Every (variables, subject label) a for_each produces; [({}, None)] without one."""
    fe = rule.for_each
    if fe is None:
        return [({}, None)]
    pools = []
    for b in fe.bindings:
        ctx = FactContext(facts, params, as_of, builtins=_builtins(ruleset))
        values = evaluate(b.collection, ctx)
        if values is None:
            return None
        pools.append([(b.var, v) for v in (values if isinstance(values, list) else [values])])
    out = []
    for combo in itertools.islice(itertools.product(*pools), MAX_FOR_EACH_ITEMS):
        env = dict(combo)
        ctx = FactContext(facts, params, as_of, builtins=_builtins(ruleset), bindings=env)
        if fe.where is not None and evaluate(fe.where, ctx) is not True:
            continue
        out.append((env, _label(fe, env, ctx)))
    return out


def _label(fe: ast.ForEach, env: dict[str, Any], ctx: FactContext) -> str:
    if fe.labels:
        parts = [evaluate(l, ctx) for l in fe.labels]
    else:
        parts = [_default_label(v) for v in env.values()]
    return " / ".join(str(p) for p in parts if p is not None)


def _default_label(value: Any) -> Any:
    if isinstance(value, dict):
        for key in ("id", "name", "duty", "county", "measure"):
            if value.get(key) is not None:
                return value[key]
    return value


def _evaluate_facts(compiled: CompiledRule, ruleset: RuleSet, subject: Subject, as_of: dt.date) -> list[Finding]:
    rule = compiled.rule
    facts = subject.facts or {}
    param_sets = _param_sets(ruleset, compiled.params)
    per_param = [(_bindings(rule, ruleset, facts, as_of, p), p) for p in param_sets]
    bindings, _ = per_param[0]
    if bindings is None:
        coll = ", ".join(expr_text(b.collection) for b in rule.for_each.bindings)  # type: ignore[union-attr]
        return [_base(rule, ruleset, compiled, subject, status="undetermined",
                      message=f"Could not evaluate: the report has no {coll}.")]
    findings = []
    for env, label in bindings:
        results = []
        for params in param_sets:
            ctx = FactContext(facts, params, as_of, builtins=_builtins(ruleset), bindings=env)
            results.append((evaluate(rule.require, ctx), ctx, params))  # type: ignore[arg-type]
        findings.append(_fact_finding(compiled, ruleset, subject, label, results))
    return findings


def _fact_finding(compiled: CompiledRule, ruleset: RuleSet, subject: Subject, label: str | None,
                  results: list[tuple[Any, FactContext, dict[str, float]]]) -> Finding:
    rule = compiled.rule
    statuses = {r for r, _, _ in results}
    value, ctx, _ = results[0]
    trace = "; ".join(ctx.trace)
    where = f" for {label}" if label else ""
    evidence = [Evidence(page=None, section=label, quote=trace)] if trace else []
    shown = f" ({trace})" if trace else ""  # comparisons inside `where` leave no trace
    if len(statuses) > 1:
        detail = "; ".join(
            f"{'met' if r else 'gap' if r is False else 'unknown'} with " + ", ".join(f"{k} = {v:g}" for k, v in p.items())
            for r, _, p in results)
        return _base(rule, ruleset, compiled, subject, subject=label, status="undetermined", evidence=evidence,
                     message=f"{rule.title}{where}: the sourced parameter values disagree ({detail}).")
    if value is True:
        return _base(rule, ruleset, compiled, subject, subject=label, status="met", evidence=evidence,
                     message=f"{rule.title}{where}: met{shown}.")
    if value is None:
        missing = ", ".join(dict.fromkeys(ctx.missing)) or "a value"
        return _base(rule, ruleset, compiled, subject, subject=label, status="undetermined", evidence=evidence,
                     message=f"{rule.title}{where}: could not be decided; missing {missing}.",
                     searched=f"evaluated: {expr_text(rule.require)}")  # type: ignore[arg-type]
    return _base(rule, ruleset, compiled, subject, subject=label, status="gap", evidence=evidence,
                 message=f"{rule.title}{where}: not met{shown}.",
                 searched=f"evaluated: {expr_text(rule.require)}")  # type: ignore[arg-type]


def evaluate_all(ruleset: RuleSet, subject: Subject, as_of: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    for compiled in ruleset.rules:
        findings.extend(evaluate_rule(compiled, ruleset, subject, as_of))
    return findings
