"""Pair template provisions with submission provisions: text, headings and numbers together.

Text similarity (idf-weighted word overlap) carries most of the weight, so renumbering or
reordering never breaks a pair; headings and section numbers break ties between near-equal
candidates and hold a heavily reworded provision to its place. Pairs are taken best first,
one submission provision per template provision of each template (a merged MOU may serve
two templates' provisions with one of its own). Order then tells which pairs moved.
"""
from __future__ import annotations

import bisect
import difflib
import math
from collections import Counter, defaultdict

from checker.redline.provisions import Provision

TEXT_WEIGHT, HEADING_WEIGHT, NUMBER_WEIGHT = 0.75, 0.15, 0.10
MIN_TEXT = 0.30  # below this text overlap a pair needs its heading to agree as well
MIN_TEXT_WITH_HEADING = 0.18
#: Below this overlap a pair is checked word by word: most of the template's words must be
#: there in order (difflib ratio), or its run-in title / heading must agree. Without this an
#: added provision written in the template's own register takes the place of a removed one.
SURE_TEXT = 0.5
MIN_RATIO, MIN_RATIO_WITH_TITLE = 0.55, 0.3
RUN_IN_WORDS = 6
STOPWORDS = frozenset("a an the of to and or in on for by with this that any its it be is are as at from each "
                      "under such other which who within not".split())


def content_words(p: Provision) -> frozenset[str]:
    """The provision's content words (computed once per provision)."""
    if p._terms is None:
        p._terms = frozenset(w for w in p.words if w not in STOPWORDS and not w.startswith("<"))
    return p._terms


def _heading_terms(p: Provision) -> set[str]:
    words = " ".join([*(p.heading_path or []), p.heading or ""]).lower().replace(".", " ").split()
    return {w.strip(",;:()") for w in words if w not in STOPWORDS}


class Similarity:
    """Idf-weighted cosine over word sets, with an inverted index over the submission."""

    def __init__(self, templates: list[Provision], submission: list[Provision]):
        self._weights: dict[frozenset[str], float] = {}
        self.sub_terms = [content_words(p) for p in submission]
        df: Counter[str] = Counter()
        for terms in [*self.sub_terms, *(content_words(p) for p in templates)]:
            df.update(terms)
        n = len(templates) + len(submission) + 1
        self.idf = {w: math.log(n / c) + 0.1 for w, c in df.items()}
        self.sub_norm = [sum(self.idf[w] for w in t) for t in self.sub_terms]
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, terms in enumerate(self.sub_terms):
            for w in terms:
                self.index[w].append(i)

    def weight(self, terms: frozenset[str] | set[str]) -> float:
        if isinstance(terms, frozenset):
            cached = self._weights.get(terms)
            if cached is None:
                cached = self._weights[terms] = sum(self.idf.get(w, 1.0) for w in terms)
            return cached
        return sum(self.idf.get(w, 1.0) for w in terms)

    def _shared_weight(self, p: Provision) -> tuple[float, dict[int, float]]:
        """`p`'s own weight, and the weight of its words each submission provision shares."""
        terms = content_words(p)
        acc: dict[int, float] = defaultdict(float)
        for w in terms:
            weight = self.idf.get(w, 1.0)
            for i in self.index.get(w, ()):
                acc[i] += weight
        return self.weight(terms), acc

    def against_submission(self, p: Provision) -> dict[int, float]:
        """Cosine of `p` with every submission provision sharing a word with it."""
        norm, acc = self._shared_weight(p)
        return {i: v / math.sqrt(norm * self.sub_norm[i]) for i, v in acc.items() if norm and self.sub_norm[i]}

    def contained(self, p: Provision) -> dict[int, float]:
        """Share of `p`'s weighted words found in each submission provision (p inside a longer one)."""
        norm, acc = self._shared_weight(p)
        return {i: v / norm for i, v in acc.items()} if norm else {}

    def between(self, a: set[str], b: set[str]) -> float:
        na, nb = self.weight(a), self.weight(b)
        return self.weight(a & b) / math.sqrt(na * nb) if na and nb else 0.0


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def align(template: list[Provision], submission: list[Provision],
          sim: Similarity | None = None) -> dict[int, tuple[int, float]]:
    """{template index -> (submission index, text similarity)} for every provision that has a partner."""
    sim = sim or Similarity(template, submission)
    sub_headings = [_heading_terms(p) for p in submission]
    candidates: list[tuple[float, int, int, float]] = []
    for ti, tp in enumerate(template):
        t_heading = _heading_terms(tp)
        for si, text in sim.against_submission(tp).items():
            if text < MIN_TEXT_WITH_HEADING:
                continue
            heading = _jaccard(t_heading, sub_headings[si])
            if text < MIN_TEXT and heading < 0.5:
                continue
            number = 1.0 if tp.section and tp.section == submission[si].section else 0.0
            score = TEXT_WEIGHT * text + HEADING_WEIGHT * heading + NUMBER_WEIGHT * number
            candidates.append((score, ti, si, text))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    pairs: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for score, ti, si, text in candidates:
        if ti in pairs or si in used:
            continue
        if text < SURE_TEXT and not _confirmed(template[ti], submission[si]):
            continue
        pairs[ti] = (si, text)
        used.add(si)
    return pairs


def _title(p: Provision) -> tuple[str, ...]:
    """The run-in title ("Shared care.") as keys, or () when the provision has none."""
    out: list[str] = []
    for t in p.tokens[:RUN_IN_WORDS + 1]:
        out.append(t.key)
        if t.shown.endswith("."):
            return tuple(out)
    return ()


def _own_heading(p: Provision) -> set[str]:
    """The provision's own heading words; a heading it only inherits from its article says
    nothing about which provision of the article it is."""
    if not p.heading or p.heading in p.heading_path:
        return set()
    return {w.strip(",;:()") for w in p.heading.lower().split() if w not in STOPWORDS}


def _confirmed(tp: Provision, sp: Provision) -> bool:
    """A weak pair holds when the words agree in order, or its own title or heading agrees too."""
    ratio = difflib.SequenceMatcher(None, tp.words, sp.words, autojunk=False).ratio()
    if ratio >= MIN_RATIO:
        return True
    title = _title(tp)
    return ratio >= MIN_RATIO_WITH_TITLE and ((bool(title) and title == _title(sp))
                                              or _jaccard(_own_heading(tp), _own_heading(sp)) >= 0.5)


def moved(pairs: dict[int, tuple[int, int]]) -> set[int]:
    """Template indices whose partners break the reading order: the pairs outside one longest
    run kept in order (so one provision moved counts once, not every provision it jumped over).
    `pairs` maps a template index to its place in the submission: (provision index, word offset)."""
    order = sorted(pairs)
    seq = [pairs[t] for t in order]
    tails: list[tuple[int, int]] = []  # smallest tail value of an increasing run of each length
    tail_at: list[int] = []  # position in seq of that tail
    parent = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k] = v
            tail_at[k] = i
        parent[i] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(order[i])
        i = parent[i]
    return set(order) - keep
