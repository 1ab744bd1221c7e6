"""Document-level predicates: where in the document a text predicate must hold."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.engine.modality import Modality
from checker.engine.predicates import TERM_INDEX, Pred, Span
from checker.engine.references import postponed_reference
from checker.engine.units import BACK_REFERENCES, RUN_IN_TITLE_WORDS, DocumentView, Unit

MAX_EVIDENCE = 3
TITLE_WORDS = 4  # "Concurrent Care.", "Equal Access." — a title, not a duty
QUESTION_TITLE_WORDS = 14  # a short question is a plain-language heading, never a duty


@dataclass
class Outcome:
    ok: bool
    evidence: list[tuple[Unit, list[Span]]] = field(default_factory=list)  # what satisfied it
    offending: list[tuple[Unit, str]] = field(default_factory=list)  # text that made a `not` fail
    rejected: list[tuple[Unit, str]] = field(default_factory=list)  # matched, but not as a duty (why)


class DocPred:
    label = ""

    def eval(self, view: DocumentView, params: dict[str, float]) -> Outcome:
        raise NotImplementedError

    def unit_preds(self) -> list[tuple[str, Pred]]:
        """(scope, text predicate) pairs, for nearest-candidate search."""
        return []


class AnyUnit(DocPred):
    """Some unit (or at least `minimum`) satisfies the predicate.

    With a `guard`, a match counts only where the clause carrying it states a duty (not a
    postponement, denial or bare permission), and only with words of the unit itself: a
    heading or context alone never meets a rule.
    """

    def __init__(self, scope: str, pred: Pred, minimum: int = 1, fn: str = "any", guard: Modality | None = None):
        self.scope, self.pred, self.minimum, self.guard = scope, pred, minimum, guard
        self.label = f"{fn}({pred.label})" if minimum == 1 else f"{fn}({minimum}, {pred.label})"

    def eval(self, view, params):
        hits: list[tuple[Unit, list[Span]]] = []
        rejected: list[tuple[Unit, str]] = []
        for unit in candidate_units(view, self.scope, self.pred):
            spans = self.pred.spans(unit, params)
            if spans is None:
                continue
            if self.guard is not None:
                if not spans or _is_heading(unit, self.guard):
                    rejected.append((unit, "only its heading or context matches; the text itself states no duty"))
                    continue
                verdict = self.guard.judge(unit.text, spans)
                if not verdict.binding:
                    spans = self._within_one_clause(unit, params)
                    if spans is None:
                        rejected.append((unit, f"the clause that carries it {verdict.describe()}"))
                        continue
                postponed = postponed_reference(unit, view, self.guard)
                if postponed:
                    rejected.append((unit, postponed))
                    continue
            hits.append((unit, spans))
        ok = len(hits) >= self.minimum
        return Outcome(ok, hits[: max(MAX_EVIDENCE, self.minimum)], rejected=[] if ok else rejected[:MAX_EVIDENCE])

    def _within_one_clause(self, unit: Unit, params) -> list[Span] | None:
        """Spans of a match made inside one binding clause of the unit, when the whole-unit match
        also reached into a postponed or hedged clause ("MCP must post each meeting summary on its
        website, and the Parties will decide later whether to post the MOU")."""
        assert self.guard is not None
        for start, part in unit.parts():
            if not BACK_REFERENCES.isdisjoint(part.tok.words):
                continue  # "..., and the procedures will then apply": it leans on the postponed clause
            spans = self.pred.spans(part, params)
            if spans and self.guard.judge(part.text, spans).binding:
                return [(a + start, b + start) for a, b in spans]
        return None

    def unit_preds(self):
        return [(self.scope, self.pred)]


def candidate_units(view: DocumentView, scope: str, pred: Pred) -> list[Unit]:
    """The units of `scope` that can satisfy `pred`, in document order: those holding a word of
    its trigger term set (see Pred.trigger), or all units when it has none.

    Why: a rule's required words occur in a handful of a document's sentences; testing only
    those makes evaluation scale with the matches, not with rules x sentences.
    """
    trigger = pred.trigger()
    if trigger is None:
        return view.units(scope)
    key = ("units-by-term-set", scope, TERM_INDEX.version)
    index = view.memo.get(key)
    if index is None:
        index = {}
        for unit in view.units(scope):
            for set_id in TERM_INDEX.candidates(unit.tok):
                index.setdefault(set_id, []).append(unit)
        view.memo[key] = index
    return index.get(trigger, [])


#: Numbering words in a title line: "Section", "13.01", "(a)", "iv.", "B."
_NUMBERING = re.compile(r"^(?:section|article|part|clause|\d+(?:\.\d+)*|[a-z]|[ivxl]{1,5})[.)]?$", re.IGNORECASE)


def _is_heading(unit: Unit, guard: Modality) -> bool:
    """A heading line, a sentence that is only the clause's run-in title ("Quality Improvement."),
    or a few capitalised words with a section number ("NONDISCRIMINATION Section 13.01.")."""
    if unit.clause.kind == "heading" and not unit.text.rstrip().endswith((".", ";")):
        return True  # a title line; an all-capitals sentence that ends in a full stop still counts
    if unit.text.rstrip().endswith("?") and len(unit.text.split()) <= QUESTION_TITLE_WORDS:
        return True  # a question heading: "What do the special terms in this MOU mean?"
    words_all = unit.text.split()
    if (words_all and len(words_all) <= RUN_IN_TITLE_WORDS and words_all[0][:1].isupper()
            and words_all[0].lower().endswith("ing") and unit.clause.text.lstrip().startswith(unit.text.strip())
            and len(unit.clause.text.strip()) > len(unit.text.strip()) and not guard.has_obligation(unit.text)):
        return True  # a plain-language run-in title: "Teaching staff about this MOU." then the paragraph
    words = [w for w in unit.text.replace("(", " ").split() if not _NUMBERING.match(w.strip(".:;,"))]
    if unit.clause.kind != "signature" and 0 < len(words) <= TITLE_WORDS and all(w[0].isupper() for w in words if w[0].isalpha()) \
            and not guard.has_obligation(unit.text):
        return True
    title = (unit.clause.heading or "").strip(" .:").lower()
    own = unit.text.strip(" .:").lower()
    # a run-in title is followed by the clause's body; a one-sentence clause is its own text
    rest = unit.clause.text.strip(" .:")
    # A clause written all in capitals gives no sign of where a title ends, so its first
    # sentence ("THE PARTIES MEET AT LEAST QUARTERLY.") is read as a sentence, as in mixed case.
    return (bool(title) and own == title and len(rest) > len(own) and rest != rest.upper()
            and len(own.split()) <= RUN_IN_TITLE_WORDS and not guard.has_obligation(unit.text))


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
            [x for o in outcomes if not o.ok for x in o.rejected],
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
        return Outcome(False, offending=[x for o in outcomes for x in o.offending],
                       rejected=[x for o in outcomes for x in o.rejected])

    def unit_preds(self):
        return [up for p in self.parts for up in p.unit_preds()]
