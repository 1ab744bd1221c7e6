"""Document-level predicates: where in the document a text predicate must hold."""
from __future__ import annotations

from dataclasses import dataclass, field

from checker.engine.predicates import Pred, Span
from checker.engine.view import DocumentView, Unit

MAX_EVIDENCE = 3


@dataclass
class Outcome:
    ok: bool
    evidence: list[tuple[Unit, list[Span]]] = field(default_factory=list)  # what satisfied it
    offending: list[tuple[Unit, str]] = field(default_factory=list)  # text that made a `not` fail


class DocPred:
    label = ""

    def eval(self, view: DocumentView, params: dict[str, float]) -> Outcome:
        raise NotImplementedError

    def unit_preds(self) -> list[tuple[str, Pred]]:
        """(scope, text predicate) pairs, for nearest-candidate search."""
        return []


class AnyUnit(DocPred):
    def __init__(self, scope: str, pred: Pred, minimum: int = 1, fn: str = "any"):
        self.scope, self.pred, self.minimum = scope, pred, minimum
        self.label = f"{fn}({pred.label})" if minimum == 1 else f"{fn}({minimum}, {pred.label})"

    def eval(self, view, params):
        hits: list[tuple[Unit, list[Span]]] = []
        for unit in view.units(self.scope):
            spans = self.pred.spans(unit, params)
            if spans is not None:
                hits.append((unit, spans))
        return Outcome(len(hits) >= self.minimum, hits[: max(MAX_EVIDENCE, self.minimum)])

    def unit_preds(self):
        return [(self.scope, self.pred)]


class SameSection(DocPred):
    """Every part holds in some unit of one and the same top-level section."""

    def __init__(self, scope: str, parts: list[Pred]):
        self.scope, self.parts = scope, parts
        self.label = "same_section(" + ", ".join(p.label for p in parts) + ")"

    def eval(self, view, params):
        by_section: dict[str, list[Unit]] = {}
        for unit in view.units(self.scope):
            by_section.setdefault(unit.section_key, []).append(unit)
        for units in by_section.values():
            evidence = []
            for part in self.parts:
                hit = next(((u, s) for u in units if (s := part.spans(u, params)) is not None), None)
                if hit is None:
                    break
                evidence.append(hit)
            else:
                return Outcome(True, evidence)
        return Outcome(False)

    def unit_preds(self):
        return [(self.scope, p) for p in self.parts]


class DocNot(DocPred):
    def __init__(self, inner: DocPred):
        self.inner = inner
        self.label = f"not {inner.label}"

    def eval(self, view, params):
        inner = self.inner.eval(view, params)
        if inner.ok:
            return Outcome(False, offending=[(u, self.inner.label) for u, _ in inner.evidence])
        return Outcome(True)

    def unit_preds(self):
        return []  # text that must be absent is never a 'candidate'


class DocAll(DocPred):
    def __init__(self, parts: list[DocPred]):
        self.parts = parts
        self.label = " and ".join(p.label for p in parts)

    def eval(self, view, params):
        outcomes = [p.eval(view, params) for p in self.parts]
        return Outcome(
            all(o.ok for o in outcomes),
            [e for o in outcomes if o.ok for e in o.evidence],
            [x for o in outcomes if not o.ok for x in o.offending],
        )

    def unit_preds(self):
        return [up for p in self.parts for up in p.unit_preds()]


class DocAny(DocPred):
    def __init__(self, parts: list[DocPred]):
        self.parts = parts
        self.label = " or ".join(p.label for p in parts)

    def eval(self, view, params):
        outcomes = [p.eval(view, params) for p in self.parts]
        for o in outcomes:
            if o.ok:
                return Outcome(True, o.evidence)
        return Outcome(False, offending=[x for o in outcomes for x in o.offending])

    def unit_preds(self):
        return [up for p in self.parts for up in p.unit_preds()]
