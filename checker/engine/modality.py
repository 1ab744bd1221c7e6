"""The modality of the clause that carries a duty: obligation, hedge, postponement or negation.

Why: DHCS templates impose most duties as "the Parties must work collaboratively to develop
policies that ...", and real MOUs put hedges inside real duties ("which may include ...").
A postponement, a denial or a bare permission spoils only the part of the sentence it
governs, so the judgement is made on the *segment* that holds the matched words, not on the
whole sentence. The cue words are the rule set's own term sets (`deferral`, `negation`,
`hedge`, `obligation` in rules/terms.rules), so policy authors tune them without Python.
"""
from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass

from checker.engine.predicates import TermPred
from checker.text.segments import segments
from checker.text.words import Term, TokenizedText, tokenized

Span = tuple[int, int]

#: "not ... until / unless / without": a negation that sets a condition states the duty.
_CONDITION = frozenset({"until", "unless", "without", "except", "before"})
#: "by January 1, 2025, or a later date DHCS sets": an alternative deadline, not a postponement.
_ALTERNATIVE = frozenset({"or"})

#: Term-set names the engine reads as modality cues, in the order they decide. An `effort` cue
#: ("will endeavour to", "subject to available resources") is a hedge even beside "will".
CUE_SETS = {"postponement": "deferral", "negation": "negation", "effort": "effort", "hedge": "hedge"}
OBLIGATION_SET = "obligation"
#: "The Parties' staff held an orientation session in August 2024": a past act with a date is a
#: fact about the past, not a duty (no obligation word, a past-tense verb, a year).
_PAST_VERB = re.compile(r"\b(?:held|met|was|were|did|had|completed|conducted|attended|hosted|began|convened|"
                        r"reviewed|trained|posted|exchanged|developed|adopted)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

#: Clauses judged per rule set and remembered: every rule that matches a sentence asks again.
JUDGED_CLAUSES = 16384


@dataclass(frozen=True)
class Verdict:
    """How the duty-carrying clause is phrased, and the words that decided."""

    kind: str  # obligation | statement | hedge | postponement | negation | past
    cue: str = ""

    @property
    def binding(self) -> bool:
        return self.kind in ("obligation", "statement")

    def describe(self) -> str:
        words = {"postponement": "postpones the duty", "negation": "denies the duty",
                 "hedge": "only permits it, without a duty", "past": "states a past fact, not a duty"}
        return f"{words.get(self.kind, self.kind)} ('{self.cue}')" if self.cue else self.kind


class Modality:
    """Judges the clause of a sentence that holds a match."""

    def __init__(self, cues: dict[str, list[Term]], obligation: list[Term]):
        # kind -> cue words, as indexed predicates: a clause is tested only against the cues
        # whose first word it contains, not against every cue of every set
        self.cues = {kind: TermPred(kind, terms) for kind, terms in cues.items()}
        self.obligation = TermPred(OBLIGATION_SET, obligation)
        self._judge_clause = functools.lru_cache(maxsize=JUDGED_CLAUSES)(self._judge_uncached)

    @classmethod
    def from_term_sets(cls, term_sets: dict[str, list[Term]]) -> "Modality | None":
        cues = {kind: term_sets[name] for kind, name in CUE_SETS.items() if name in term_sets}
        if not cues:
            return None
        # a rule set without an obligation set still knows the three modal verbs of duty
        return cls(cues, term_sets.get(OBLIGATION_SET) or [Term.parse(w) for w in ("shall", "must", "will")])

    @functools.cached_property
    def words_only(self) -> "Modality":
        """The guard of as_written(...): every clause counts whatever its modality, but a heading
        or context alone still never meets a rule."""
        other = copy.copy(self)
        other._judge_clause = lambda clause: Verdict("statement")
        return other

    def has_obligation(self, text: str) -> bool:
        return _first(self.obligation, tokenized(text)) is not None

    def judge(self, text: str, spans: list[Span]) -> Verdict:
        """The modality of the segments of `text` that hold the spans (all of it without spans)."""
        segs = _segments(text)
        chosen = [s for s in segs if any(a < s[1] and b > s[0] for a, b in spans)] or segs
        return self._judge_clause(text[min(s[0] for s in chosen):max(s[1] for s in chosen)])

    def _judge_uncached(self, clause: str) -> Verdict:
        tok = tokenized(clause)
        for kind, terms in self.cues.items():
            cue = _first(terms, tok, skip_after=_ALTERNATIVE if kind == "postponement" else frozenset())
            if cue is None:
                continue
            if kind == "hedge" and _first(self.obligation, tok) is not None:
                continue  # "must, as necessary, assist": the duty stands
            if kind == "negation" and not _CONDITION.isdisjoint(tok.words):
                continue  # "will not take effect until DHCS approves it": a restriction, which is the duty
            return Verdict("hedge" if kind == "effort" else kind, cue)
        cue = _first(self.obligation, tok)
        if cue:
            return Verdict("obligation", cue)
        past = _PAST_VERB.search(clause)
        if past and _YEAR.search(clause):
            return Verdict("past", past.group(0))
        return Verdict("statement")


@functools.lru_cache(maxsize=JUDGED_CLAUSES)
def _segments(text: str) -> list[Span]:
    return segments(text)


def _first(cues: TermPred, tok: TokenizedText, skip_after: frozenset[str] = frozenset()) -> str | None:
    """The earliest cue in the text; cues right after a word of `skip_after` do not count."""
    best: tuple[int, int] | None = None
    for a, b in cues.positions(tok):
        if skip_after and not skip_after.isdisjoint(tok.words[max(0, a - 2):a]):
            continue
        if best is None or a < best[0]:
            best = (a, b)
    return tok.text[tok.spans[best[0]][0]:tok.spans[best[1] - 1][1]] if best else None
