"""Compiled text predicates: tested on one unit (a clause or a sentence).

Every predicate can say *which* of its leaves matched, so a gap can name the
nearest candidate clause and what it lacked.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Iterable

from checker.engine.units import Unit
from checker.text.words import Term, stem

Span = tuple[int, int]  # character offsets in unit.text
COMPARATORS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne,
               ">=": operator.ge, ">": operator.gt}


@dataclass
class Leaf:
    """A named atom for explanations: 'liaison', '"point of contact"', 'timeframe <= ...'."""

    label: str
    negated: bool


class Pred:
    label = ""

    def spans(self, unit: Unit, params: dict[str, float]) -> list[Span] | None:
        """Character spans supporting a match, or None when the predicate is false."""
        raise NotImplementedError

    def leaves(self, negated: bool = False) -> list[tuple["Pred", bool]]:
        return [(self, negated)]

    def trigger(self) -> int | None:
        """A term set that must match the unit's own words for this predicate to hold (its id),
        or None when no single set is necessary: lets a rule skip every unit without it."""
        return None


#: Term sets by content -> a small number: the per-text match memo is keyed by it, so
#: rules that share a set share its matches, and a lookup hashes an int, not the phrases.
_TERM_SET_IDS: dict[tuple[str, tuple[str, ...]], int] = {}


class SharedTermIndex:
    """Every term set's trigger words (first word, run-together form, prefix) -> the sets
    they can begin a match of, for all rules at once.

    Why: a rule set tests hundreds of term sets on every sentence and most share no word with
    it; one pass over a sentence's distinct words finds the few sets worth trying, instead of
    each set testing the sentence in turn.
    """

    MEMO_KEY = "term-sets"

    def __init__(self) -> None:
        self.by_stem: dict[str, set[int]] = {}
        self.by_pair: dict[str, set[int]] = {}
        self.by_prefix: dict[str, set[int]] = {}
        self._prefix_lengths: list[int] = []
        self._word_hits: dict[str, frozenset[int]] = {}  # word -> sets it can begin (words recur)
        self.version = 0

    def add(self, set_id: int, first: Iterable[str], joined: Iterable[str], pair: Iterable[str],
            prefixes: Iterable[str]) -> None:
        for index, keys in ((self.by_stem, first), (self.by_stem, joined), (self.by_pair, pair),
                            (self.by_prefix, prefixes)):
            for k in keys:
                index.setdefault(k, set()).add(set_id)
        self._prefix_lengths = sorted({len(p) for p in self.by_prefix})
        self._word_hits.clear()
        self.version += 1

    def _hits(self, word: str) -> frozenset[int]:
        """The sets a word can begin a match of: by its stem, or by a prefix term."""
        ids = set(self.by_stem.get(stem(word), ()))
        for n in self._prefix_lengths:
            if n > len(word):
                break
            hit = self.by_prefix.get(word[:n])
            if hit:
                ids |= hit
        return frozenset(ids)

    def candidates(self, text) -> set[int]:
        """Ids of the term sets that may match somewhere in `text` (computed once per text)."""
        cached = text.memo.get(self.MEMO_KEY)
        if cached is not None and cached[0] == self.version:
            return cached[1]
        ids: set[int] = set()
        known = self._word_hits
        if len(known) > WORD_HITS_KEPT:
            known.clear()
        for w in set(text.words):
            hit = known.get(w)
            if hit is None:
                hit = known[w] = self._hits(w)
            if hit:
                ids |= hit
        for w in text.by_pair:
            hit = self.by_pair.get(w)
            if hit:
                ids |= hit
        text.memo[self.MEMO_KEY] = (self.version, ids)
        return ids


WORD_HITS_KEPT = 200_000  # distinct words remembered before the cache starts again
TERM_INDEX = SharedTermIndex()


class TermPred(Pred):
    def __init__(self, label: str, terms: list[Term]):
        self.label = label
        self.terms = terms
        content = (label, tuple(t.source for t in terms))
        known = content in _TERM_SET_IDS
        self.memo_key = _TERM_SET_IDS.setdefault(content, len(_TERM_SET_IDS))
        # What a text must contain for a term to match, as indexes from that word to the terms
        # (by position in `terms`, so matches keep the set's order): most (set, text) pairs
        # share no word at all, and the phrase match runs only where it can succeed.
        self._by_first: dict[str, list[int]] = {}   # first word's stem, looked up in the text's stems
        self._by_pair: dict[str, list[int]] = {}    # one-word term split by a line-end hyphen
        self._by_joined: dict[str, list[int]] = {}  # "e-mail" found as "email"
        self._prefixed: list[int] = []               # "subcontract*": any word with that start
        for i, t in enumerate(terms):
            if not t.stems:
                continue
            if t.prefix_last and len(t.stems) == 1:
                self._prefixed.append(i)
                continue
            self._by_first.setdefault(t.stems[0], []).append(i)
            if len(t.stems) == 1:
                self._by_pair.setdefault(t.stems[0], []).append(i)
            else:
                self._by_joined.setdefault(stem(t.joined), []).append(i)
        if not known:
            TERM_INDEX.add(self.memo_key, self._by_first, self._by_joined, self._by_pair,
                           (terms[i].stems[0] for i in self._prefixed))
        self._by_stem: dict[str, list[int]] = {}  # both stem-keyed indexes, looked up at once
        for index in (self._by_first, self._by_joined):
            for key, at in index.items():
                self._by_stem.setdefault(key, []).extend(at)

    def _candidates(self, text) -> list[Term]:
        """The terms whose first word (or run-together form) the text holds, in set order."""
        by_stem, by_pair, index = text.by_stem, text.by_pair, self._by_stem
        if len(index) <= len(by_stem):
            found = [i for k, at in index.items() if k in by_stem for i in at]
        else:
            found = [i for k in by_stem if k in index for i in index[k]]
        if by_pair:
            found.extend(i for k, at in self._by_pair.items() if k in by_pair for i in at)
        if self._prefixed:
            found.extend(i for i in self._prefixed if text.has_prefix(self.terms[i].stems[0]))
        terms = self.terms
        return [terms[i] for i in sorted(set(found))]

    def positions(self, text) -> list[tuple[int, int]]:
        key = self.memo_key
        found = text.memo.get(key)
        if found is None:
            found = ([pos for term in self._candidates(text) for pos in term.positions(text)]
                     if key in TERM_INDEX.candidates(text) else [])
            text.memo[key] = found
        return found

    def trigger(self):
        return self.memo_key

    def spans(self, unit, params):
        pos = self.positions(unit.tok)
        if not pos:
            return None
        s = unit.tok.spans
        return [(s[a][0], s[b - 1][1]) for a, b in pos]


class HeadingPred(Pred):
    """True when the clause's heading matches; quotes nothing from the body."""

    def __init__(self, inner: TermPred):
        self.inner = inner
        self.label = f"heading({inner.label})"

    def spans(self, unit, params):
        return [] if self.inner.positions(unit.heading) else None


class NearPred(Pred):
    def __init__(self, a: TermPred, b: TermPred, distance: int):
        self.a, self.b, self.distance = a, b, distance
        self.label = f"near({a.label}, {b.label}, {distance})"

    def trigger(self):
        return self.a.memo_key

    def spans(self, unit, params):
        pa, pb = self.a.positions(unit.tok), self.b.positions(unit.tok)
        s = unit.tok.spans
        for a0, a1 in pa:
            for b0, b1 in pb:
                gap = max(b0 - a1, a0 - b1, 0)
                if gap <= self.distance:
                    lo, hi = min(a0, b0), max(a1, b1)
                    return [(s[lo][0], s[hi - 1][1])]
        return None


class TimeframePred(Pred):
    """Some duration stated in the unit compares true with a bound (in calendar days)."""

    def __init__(self, op: str, bound_days: float | None, param: str | None, label: str):
        self.op, self.bound_days, self.param, self.label = op, bound_days, param, label

    def spans(self, unit, params):
        bound = params[self.param] if self.param else self.bound_days
        hits = [(d.start, d.end) for d in unit.durations if COMPARATORS[self.op](round(d.days, 6), round(bound, 6))]
        return hits or None


class FrequencyPred(Pred):
    """Some frequency stated in the unit (times per year) compares true with a bound."""

    def __init__(self, op: str, bound: float | None, param: str | None, label: str):
        self.op, self.bound, self.param, self.label = op, bound, param, label

    def spans(self, unit, params):
        bound = params[self.param] if self.param else self.bound
        hits = [(f.start, f.end) for f in unit.frequencies if COMPARATORS[self.op](f.per_year, bound)]
        return hits or None


class AllOf(Pred):
    def __init__(self, parts: list[Pred]):
        self.parts = parts
        self.label = "all_of(" + ", ".join(p.label for p in parts) + ")"

    def trigger(self):
        return next((t for t in (p.trigger() for p in self.parts) if t is not None), None)

    def spans(self, unit, params):
        out: list[Span] = []
        for part in self.parts:
            got = part.spans(unit, params)
            if got is None:
                return None
            out.extend(got)
        return out

    def leaves(self, negated=False):
        return [leaf for p in self.parts for leaf in p.leaves(negated)]


class AnyOf(Pred):
    def __init__(self, parts: list[Pred]):
        self.parts = parts
        self.label = "any_of(" + ", ".join(p.label for p in parts) + ")"

    def spans(self, unit, params):
        for part in self.parts:
            got = part.spans(unit, params)
            if got is not None:
                return got
        return None

    def leaves(self, negated=False):
        return [leaf for p in self.parts for leaf in p.leaves(negated)]


class NotPred(Pred):
    def __init__(self, inner: Pred):
        self.inner = inner
        self.label = f"not {inner.label}"

    def spans(self, unit, params):
        return [] if self.inner.spans(unit, params) is None else None

    def leaves(self, negated=False):
        return self.inner.leaves(not negated)


class AboutPred(Pred):
    """The unit is about a topic: the terms occur in it or in its context (heading path,
    table header, the sentence it refers back to). Quotes only what is in the unit itself."""

    def __init__(self, inner: TermPred):
        self.inner = inner
        self.label = f"about({inner.label})"

    def spans(self, unit, params):
        own = self.inner.spans(unit, params)
        if own is not None:
            return own
        return [] if self.inner.positions(unit.context) else None


#: Words before an act whose object is its subject: passive "this MOU will be posted", or
#: intransitive "this MOU will end".
_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "will", "shall", "may", "must", "can",
                 "also", "automatically"})
PASSIVE_SUBJECT_WINDOW = 4  # words before the object that must hold no other object noun
SUBJECT_GAP = 3  # at most "will also be" between the object and its act: "this MOU will also be posted"


class ActsOnPred(Pred):
    """An act applies to a given object: "post this MOU", "this MOU is posted", never
    "post the annual report on this MOU" or "amendments to this MOU must be signed"."""

    def __init__(self, act: TermPred, obj: TermPred, blockers: TermPred | None, window: int):
        self.act, self.obj, self.blockers, self.window = act, obj, blockers, window
        self.label = f"acts_on({act.label}, {obj.label})"

    def trigger(self):
        return self.act.memo_key

    def spans(self, unit, params):
        tok = unit.tok
        acts, objs = self.act.positions(tok), self.obj.positions(tok)
        if not acts or not objs:
            return None
        blocked = {i for a, b in (self.blockers.positions(tok) if self.blockers else []) for i in range(a, b)}
        s = tok.spans
        for a0, a1 in acts:
            for o0, o1 in objs:
                if a1 < len(tok.words) and tok.words[a1] == "of":
                    continue  # a noun, not an act: "the end of the MOU term"
                if a1 <= o0 <= a1 + self.window and not blocked.intersection(range(a1, o0)):
                    return [(s[a0][0], s[o1 - 1][1])]  # active: act, then its object
                if o1 <= a0 <= o1 + SUBJECT_GAP and self._passive(tok.words, o1, a0) and self._subject(o0, blocked, tok.words):
                    return [(s[o0][0], s[a1 - 1][1])]  # passive: the object is the subject
        return None

    @staticmethod
    def _passive(words: tuple[str, ...], obj_end: int, act_start: int) -> bool:
        """Only auxiliaries stand between the object and the act ("this MOU will be posted",
        "this MOU will also end"), so the object is what the act happens to."""
        between = words[obj_end:act_start]
        return bool(between) and all(w in _BE for w in between)

    @staticmethod
    def _subject(obj_start: int, blocked: set[int], words: tuple[str, ...]) -> bool:
        """The object heads the clause: no other object noun ("amendments", "report") in the
        few words before it."""
        head = range(max(0, obj_start - PASSIVE_SUBJECT_WINDOW), obj_start)
        return not blocked.intersection(head)


ACTOR_WINDOW = 25  # words back from the act to find who does it


class ByPred(Pred):
    """The act is done by one of the actors: the nearest party named before the act is an actor,
    not another agent ("DHCS monitors the Plan", "the Inspector General will monitor"). With no
    agent named before it (a passive or a heading-led list), the act counts."""

    def __init__(self, actors: list[TermPred], act: TermPred, others: TermPred | None):
        self.actors, self.act, self.others = actors, act, others
        self.label = f"by({', '.join(a.label for a in actors)}, {act.label})"

    def trigger(self):
        return self.act.memo_key

    def spans(self, unit, params):
        tok = unit.tok
        acts = self.act.positions(tok)
        if not acts:
            return None
        mentions = [(a, b, True) for actor in self.actors for a, b in actor.positions(tok)]
        mentions += [(a, b, False) for a, b in (self.others.positions(tok) if self.others else [])]
        s = tok.spans
        for a0, a1 in acts:
            before = [m for m in mentions if m[1] <= a0 and a0 - m[1] <= ACTOR_WINDOW]
            if not before:
                return [(s[a0][0], s[a1 - 1][1])]
            nearest = max(before, key=lambda m: (m[1], m[2]))  # an actor wins a tie ("MCP's subcontractors")
            if nearest[2]:
                return [(s[nearest[0]][0], s[a1 - 1][1])]
        return None


class AsWritten(Pred):
    """Marks a condition that is matched whatever its modality (no duty check)."""

    def __init__(self, inner: Pred):
        self.inner = inner
        self.label = f"as_written({inner.label})"

    def trigger(self):
        return self.inner.trigger()

    def spans(self, unit, params):
        return self.inner.spans(unit, params)

    def leaves(self, negated=False):
        return self.inner.leaves(negated)
